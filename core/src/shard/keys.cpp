// Key sets to place: uniform random keys, Zipf-weighted keys, or sequential (monotonic) keys.
#include <string>

#include "sdlab/random.h"
#include "sdlab/shard.h"
#include "sdlab/units.h"

namespace sdlab::shard {

KeySetDef DefaultKeySetDef() { return KeySetDef{}; }

Expected<KeySet, ShardError> GenerateKeys(const KeySetDef& def) {
  if (def.count < 1 || def.count > kMaxKeys) {
    return Unexpected(ShardError{"keys must be in [1, " + std::to_string(kMaxKeys) + "]"});
  }
  if (!(def.alpha >= 0 && def.alpha <= 10)) return Unexpected(ShardError{"zipf alpha must be in [0, 10]"});
  KeySet ks;
  ks.keys.resize(def.count);
  ks.weights.assign(def.count, 1.0);
  Rng rng = Rng(def.seed).Fork(1);
  switch (def.distribution) {
    case KeyDistribution::Sequential:
      for (std::uint64_t i = 0; i < def.count; ++i) ks.keys[i] = i;
      break;
    case KeyDistribution::Uniform:
      for (auto& k : ks.keys) k = rng.Next();
      break;
    case KeyDistribution::Zipf: {
      for (auto& k : ks.keys) k = rng.Next();
      double total = 0;
      for (std::uint64_t i = 0; i < def.count; ++i) {
        ks.weights[i] = DetPow(static_cast<double>(i) + 1.0, -def.alpha);
      }
      for (std::uint64_t i = def.count; i-- > 0;) total += ks.weights[i];
      const double scale = static_cast<double>(def.count) / total;
      for (double& w : ks.weights) w *= scale;
      break;
    }
  }
  return ks;
}

KeySet NextInserts(const KeySetDef& def, std::uint64_t count) {
  KeySet ks;
  ks.keys.resize(count);
  ks.weights.assign(count, 1.0);
  if (def.distribution == KeyDistribution::Sequential) {
    for (std::uint64_t i = 0; i < count; ++i) ks.keys[i] = def.count + i;
  } else {
    Rng rng = Rng(def.seed).Fork(2);
    for (auto& k : ks.keys) k = rng.Next();
  }
  return ks;
}

Expected<KeySetDef, ShardError> ParseKeyDistribution(std::string_view text) {
  KeySetDef d;
  if (text == "uniform" || text == "random") {
    d.distribution = KeyDistribution::Uniform;
    return d;
  }
  if (text == "sequential" || text == "monotonic") {
    d.distribution = KeyDistribution::Sequential;
    return d;
  }
  if (text == "zipf" || text.substr(0, 5) == "zipf:") {
    d.distribution = KeyDistribution::Zipf;
    d.alpha = 1.0;
    if (text.size() > 5) {
      auto a = units::ParseCount(text.substr(5));
      if (!a || *a > 10) return Unexpected(ShardError{"zipf exponent in '" + std::string(text) + "' must be a number in [0, 10]"});
      d.alpha = *a;
    }
    return d;
  }
  return Unexpected(ShardError{"unknown key distribution '" + std::string(text) + "' (uniform, zipf:A, sequential)"});
}

}  // namespace sdlab::shard
