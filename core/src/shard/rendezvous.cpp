// Rendezvous (highest random weight) hashing, Thaler & Ravishankar (1998): every node scores the
// key, w(key, i) = Mix64(Mix64(key) ^ s_i) with s_i = Mix64(Mix64(seed) + i); the highest score
// wins (ties: the lower node). Adding a node moves exactly the keys it now wins (1/(n+1) expected);
// lookup costs n hashes.
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Rendezvous final : public Partitioner {
 public:
  Rendezvous(std::uint32_t n, std::uint64_t seed) : seed_(seed) {
    node_seed_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) node_seed_[i] = Mix64(Mix64(seed) + i);
  }
  std::string_view Name() const override { return "rendezvous"; }
  std::uint32_t NodeCount() const override { return static_cast<std::uint32_t>(node_seed_.size()); }
  std::uint32_t Locate(std::uint64_t key) const override {
    const std::uint64_t h = Mix64(key);
    std::uint32_t best = 0;
    std::uint64_t best_w = 0;
    for (std::uint32_t i = 0; i < node_seed_.size(); ++i) {
      const std::uint64_t w = Mix64(h ^ node_seed_[i]);
      if (i == 0 || w > best_w) {
        best = i;
        best_w = w;
      }
    }
    return best;
  }
  Made Resize(std::uint32_t nodes, const KeySet& keys) const override {
    PartitionerDef d{"rendezvous", nodes};
    d.seed = seed_;
    return MakeRendezvous(d, keys);
  }
  LookupCost Cost() const override {
    const double n = static_cast<double>(node_seed_.size());
    return {"O(n)", n, n * 8, "one hash per node per lookup; the router keeps the node list"};
  }

 private:
  std::uint64_t seed_;
  std::vector<std::uint64_t> node_seed_;
};

}  // namespace

Made MakeRendezvous(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
  return std::unique_ptr<Partitioner>(std::make_unique<Rendezvous>(def.nodes, def.seed));
}

}  // namespace sdlab::shard::detail
