// Synthetic IRM workloads: Zipf or uniform popularity, optional scans, optional object sizes.
#include <cmath>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/random.h"

namespace sdlab::cache {

WorkloadDef DefaultWorkloadDef() { return WorkloadDef{}; }

ZipfSampler::ZipfSampler(std::uint32_t n, double alpha) {
  if (n == 0) n = 1;
  probability_.resize(n);
  // Weights i^-α; summed from the smallest so the total is accurate (and the same everywhere).
  for (std::uint32_t i = 0; i < n; ++i) {
    probability_[i] = alpha == 0 ? 1.0 : DetPow(static_cast<double>(i) + 1.0, -alpha);
  }
  double total = 0;
  for (std::uint32_t i = n; i-- > 0;) total += probability_[i];
  for (double& p : probability_) p /= total;

  // Vose's alias method: column i keeps itself with probability accept_[i], else gives alias_[i].
  accept_.assign(n, 1.0);
  alias_.resize(n);
  std::vector<double> scaled(n);
  std::vector<std::uint32_t> small, large;
  for (std::uint32_t i = 0; i < n; ++i) {
    alias_[i] = i;
    scaled[i] = probability_[i] * static_cast<double>(n);
    (scaled[i] < 1.0 ? small : large).push_back(i);
  }
  while (!small.empty() && !large.empty()) {
    const std::uint32_t l = small.back();
    small.pop_back();
    const std::uint32_t g = large.back();
    large.pop_back();
    accept_[l] = scaled[l];
    alias_[l] = g;
    scaled[g] = (scaled[g] + scaled[l]) - 1.0;
    (scaled[g] < 1.0 ? small : large).push_back(g);
  }
  // Leftovers are 1 up to rounding.
  for (std::uint32_t i : small) accept_[i] = 1.0;
  for (std::uint32_t i : large) accept_[i] = 1.0;
}

std::uint32_t ZipfSampler::Sample(Rng& rng) const {
  const auto column = static_cast<std::uint32_t>(rng.Below(accept_.size()));
  return rng.Uniform01() < accept_[column] ? column : alias_[column];
}

namespace {

std::uint32_t DrawSize(const WorkloadDef& def, Rng& rng) {
  double s = def.object_size;
  if (def.size_cv > 0) s = rng.LognormalMeanCv(def.object_size, def.size_cv);
  s = std::floor(s + 0.5);
  if (s < 1) s = 1;
  if (s > 4e9) s = 4e9;
  return static_cast<std::uint32_t>(s);
}

}  // namespace

Expected<Trace, CacheError> GenerateTrace(const WorkloadDef& def) {
  if (def.objects < 1 || def.objects > kMaxObjects) {
    return Unexpected(CacheError{"objects must be in [1, " + std::to_string(kMaxObjects) + "]"});
  }
  if (def.requests < 1 || def.requests > kMaxRequests) {
    return Unexpected(CacheError{"requests must be in [1, " + std::to_string(kMaxRequests) + "]"});
  }
  if (!(def.alpha >= 0 && def.alpha <= 10)) return Unexpected(CacheError{"alpha must be in [0, 10]"});
  if (!(def.scan_fraction >= 0 && def.scan_fraction < 1)) {
    return Unexpected(CacheError{"scan fraction must be in [0, 1)"});
  }
  if (def.scan_length < 1) return Unexpected(CacheError{"scan length must be at least 1"});
  if (!(def.object_size >= 1 && def.object_size <= 4e9)) {
    return Unexpected(CacheError{"object size must be in [1, 4e9] bytes"});
  }
  if (!(def.size_cv >= 0 && def.size_cv <= 10)) return Unexpected(CacheError{"size cv must be in [0, 10]"});
  if (!(def.rate >= 0 && def.rate <= 1e9)) return Unexpected(CacheError{"request rate must be in [0, 1e9] requests/s"});

  const double alpha = def.popularity == PopularityKind::Uniform ? 0.0 : def.alpha;
  const ZipfSampler zipf(def.objects, alpha);
  const Rng base(def.seed);
  Rng requests = base.Fork(1);
  Rng sizes = base.Fork(2);
  const bool sized = !(def.object_size == 1 && def.size_cv == 0);

  Trace t;
  t.ids.reserve(def.requests);
  std::vector<std::uint32_t> object_size;
  if (sized) {
    object_size.resize(def.objects);
    for (auto& s : object_size) s = DrawSize(def, sizes);
    t.sizes.reserve(def.requests);
  }
  // Scans: after every `run` IRM requests comes a burst of scan_length never-seen objects, so the
  // scan share is scan_length / (run + scan_length) ≈ scan_fraction.
  std::uint64_t run = def.requests;
  if (def.scan_fraction > 0) {
    const double r = std::floor(static_cast<double>(def.scan_length) * (1.0 - def.scan_fraction) / def.scan_fraction + 0.5);
    run = r < 1 ? 1 : static_cast<std::uint64_t>(r);
  }
  std::uint64_t next_cold = def.objects;
  std::uint64_t in_run = 0;
  while (t.ids.size() < def.requests) {
    if (in_run < run) {
      const std::uint32_t id = zipf.Sample(requests);
      t.ids.push_back(id);
      if (sized) t.sizes.push_back(object_size[id]);
      ++in_run;
      continue;
    }
    for (std::uint32_t k = 0; k < def.scan_length && t.ids.size() < def.requests; ++k) {
      if (next_cold >= 0xFFFFFFFEull) return Unexpected(CacheError{"too many scan objects"});
      t.ids.push_back(static_cast<std::uint32_t>(next_cold++));
      if (sized) t.sizes.push_back(DrawSize(def, sizes));
    }
    in_run = 0;
  }
  t.object_count = static_cast<std::uint32_t>(next_cold);
  t.rate = def.rate;
  return t;
}

std::vector<std::uint32_t> NextAccessIndex(const Trace& trace) {
  std::vector<std::uint32_t> next(trace.size(), kNeverAgain);
  std::vector<std::uint32_t> seen(trace.object_count, kNeverAgain);
  for (std::size_t i = trace.size(); i-- > 0;) {
    const std::uint32_t id = trace.ids[i];
    next[i] = seen[id];
    seen[id] = static_cast<std::uint32_t>(i);
  }
  return next;
}

}  // namespace sdlab::cache
