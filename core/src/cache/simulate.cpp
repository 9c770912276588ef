// Replaying a trace through a policy; LRU stack distances; hit-ratio curves.
#include <algorithm>
#include <string>

#include "sdlab/cache.h"

namespace sdlab::cache {

double TraceTicksPerSecond(const Trace& trace) {
  if (!trace.times.empty()) return 1.0;  // timestamps in seconds
  return trace.rate > 0 ? trace.rate : 0.0;
}

Expected<SimulationResult, CacheError> Simulate(const Trace& trace, const PolicyDef& def, std::uint64_t warmup) {
  if (warmup > trace.size()) {
    return Unexpected(CacheError{"warmup (" + std::to_string(warmup) + ") is longer than the trace (" +
                                 std::to_string(trace.size()) + " requests)"});
  }
  PolicyDef d = def;
  if (d.ticks_per_second == 0) d.ticks_per_second = TraceTicksPerSecond(trace);
  if (!trace.HasSizes() && d.reserve_objects == 0) {
    d.reserve_objects = std::min<std::uint64_t>(d.capacity, trace.object_count);
  }
  auto made = MakePolicy(d);
  if (!made) return Unexpected(made.error());
  EvictionPolicy& policy = **made;
  const PolicyInfo* info = FindPolicy(d.name);
  std::vector<std::uint32_t> next;
  if (info != nullptr && info->needs_future) next = NextAccessIndex(trace);

  policy.Replay(trace, next, 0, static_cast<std::size_t>(warmup));
  const EvictionPolicy::ReplayCounts c = policy.Replay(trace, next, static_cast<std::size_t>(warmup), trace.size());

  SimulationResult r;
  r.policy = std::string(info != nullptr ? info->name : std::string_view(d.name));
  r.capacity = d.capacity;
  r.capacity_in_bytes = trace.HasSizes();
  r.warmup = warmup;
  r.requests = c.requests;
  r.hits = c.hits;
  r.misses = c.requests - c.hits;
  r.hit_ratio = c.requests == 0 ? 0.0 : static_cast<double>(c.hits) / static_cast<double>(c.requests);
  r.miss_ratio = c.requests == 0 ? 0.0 : static_cast<double>(r.misses) / static_cast<double>(c.requests);
  r.byte_hit_ratio = c.bytes == 0 ? 0.0 : static_cast<double>(c.hit_bytes) / static_cast<double>(c.bytes);
  const PolicyCounters pc = policy.Counters();
  r.evictions = pc.evictions;
  r.expirations = pc.expirations;
  r.objects_cached = policy.ObjectCount();
  r.memory_bytes = policy.MemoryBytes();
  return r;
}

std::vector<CurvePoint> LruStackCurve(const Trace& trace, std::span<const std::uint64_t> sizes, std::uint64_t warmup) {
  // Mattson's stack distance: the number of distinct objects requested since the previous request
  // for the same object. An LRU cache of C objects hits exactly when that distance is < C.
  // Distinct objects are counted with a Fenwick tree holding a 1 at each object's latest position.
  const std::size_t n = trace.size();
  std::vector<std::uint32_t> fenwick(n + 1, 0);
  auto add = [&](std::size_t pos, int delta) {
    for (std::size_t i = pos + 1; i <= n; i += i & (~i + 1)) fenwick[i] = static_cast<std::uint32_t>(static_cast<int>(fenwick[i]) + delta);
  };
  auto prefix = [&](std::size_t count) {  // sum over positions [0, count)
    std::uint64_t s = 0;
    for (std::size_t i = count; i > 0; i -= i & (~i + 1)) s += fenwick[i];
    return s;
  };
  std::vector<std::uint32_t> last(trace.object_count, kNeverAgain);
  std::vector<std::uint64_t> histogram(static_cast<std::size_t>(trace.object_count) + 1, 0);
  std::uint64_t counted = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t id = trace.ids[i];
    const std::uint32_t p = last[id];
    if (p != kNeverAgain) {
      const std::uint64_t distance = prefix(i) - prefix(static_cast<std::size_t>(p) + 1);
      if (i >= warmup) ++histogram[distance];
      add(p, -1);
    }
    if (i >= warmup) ++counted;
    add(i, +1);
    last[id] = static_cast<std::uint32_t>(i);
  }
  // cumulative[d] = requests with distance < d.
  std::vector<std::uint64_t> cumulative(histogram.size() + 1, 0);
  for (std::size_t d = 0; d < histogram.size(); ++d) cumulative[d + 1] = cumulative[d] + histogram[d];
  std::vector<CurvePoint> out;
  out.reserve(sizes.size());
  for (std::uint64_t c : sizes) {
    const std::size_t k = static_cast<std::size_t>(std::min<std::uint64_t>(c, histogram.size()));
    out.push_back(CurvePoint{c, counted == 0 ? 0.0 : static_cast<double>(cumulative[k]) / static_cast<double>(counted)});
  }
  return out;
}

Expected<std::vector<HitRatioCurve>, CacheError> HitRatioCurves(const Trace& trace, const CurveDef& def) {
  if (def.sizes.empty()) return Unexpected(CacheError{"no cache sizes given for the curve"});
  if (def.sizes.size() > 1000) return Unexpected(CacheError{"at most 1000 cache sizes per curve"});
  for (std::uint64_t s : def.sizes) {
    if (s == 0) return Unexpected(CacheError{"cache sizes must be at least 1"});
  }
  std::vector<std::string> names = def.policies;
  if (names.empty()) {
    const bool clocked = TraceTicksPerSecond(trace) > 0;
    for (const PolicyInfo& p : Policies()) {
      if (!p.needs_clock || clocked) names.emplace_back(p.name);
    }
  }
  std::vector<HitRatioCurve> curves;
  for (const std::string& name : names) {
    const PolicyInfo* info = FindPolicy(name);
    if (info == nullptr) {
      PolicyDef probe;
      probe.name = name;
      return Unexpected(MakePolicy(probe).error());
    }
    HitRatioCurve curve;
    curve.name = std::string(info->name);
    if (info->name == "lru" && !trace.HasSizes() && def.ttl == 0) {
      curve.method = "stack_distance";
      curve.points = LruStackCurve(trace, def.sizes, def.warmup);
    } else {
      curve.method = "simulation";
      for (std::uint64_t size : def.sizes) {
        PolicyDef pd;
        pd.name = curve.name;
        pd.capacity = size;
        pd.seed = def.seed;
        pd.ttl = def.ttl;
        auto r = Simulate(trace, pd, def.warmup);
        if (!r) return Unexpected(r.error());
        curve.points.push_back(CurvePoint{size, r->hit_ratio});
      }
    }
    curves.push_back(std::move(curve));
  }
  return curves;
}

}  // namespace sdlab::cache
