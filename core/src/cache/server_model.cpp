// Real-server models at blueprint scale (EstimateServerHitRatio) and the cache lab's textbook-vs-
// server comparison over request rates (CompareServerAtRates).
#include <algorithm>
#include <cmath>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/units.h"

namespace sdlab::cache {

namespace {

constexpr double kScaledObjects = 50000;    // N' of the scaled copy, when N is larger
constexpr double kMinScaledCapacity = 500;  // C' below this: grow N' (up to kMaxScaledObjects)
constexpr double kMaxScaledObjects = 2000000;
constexpr std::uint64_t kMeasuredRequests = 300000;

std::string Num(double v) {
  return units::FormatNumber(v, 3);
}

bool IsLfu(std::string_view name) {
  return name.find("lfu") != std::string_view::npos;
}

}  // namespace

Expected<ServerEstimate, CacheError> EstimateServerHitRatio(const PolicyDef& policy, double objects, double alpha,
                                                            double rate) {
  const PolicyInfo* info = FindPolicy(policy.name);
  if (info == nullptr || !info->needs_clock) {
    return Unexpected(CacheError{"'" + policy.name +
                                 "' is not a model of a real server (redis-lru, redis-lfu, "
                                 "redis-volatile-lru, redis-volatile-lfu, memcached)"});
  }
  if (!(objects >= 1 && objects <= 1e15)) return Unexpected(CacheError{"objects must be in [1, 1e15]"});
  if (!(alpha >= 0 && alpha <= 10)) return Unexpected(CacheError{"alpha must be in [0, 10]"});
  if (!(rate > 0 && rate <= 1e9)) return Unexpected(CacheError{"the request rate must be in (0, 1e9] requests/s"});
  if (policy.capacity == 0) return Unexpected(CacheError{"cache capacity must be at least 1"});

  ServerEstimate e;
  e.policy = std::string(info->name);
  const double c = static_cast<double>(policy.capacity);
  if (c >= objects) {
    e.hit_ratio = e.low_hit_ratio = e.high_hit_ratio = 1;
    e.weight = 1;
    e.formula = "everything fits (C = " + Num(c) + " ≥ N = " + Num(objects) + "): h = 1 after the first misses";
    return e;
  }
  const bool lfu = IsLfu(info->name);
  const Popularity pop = ZipfPopularity(objects, alpha);
  const AnalyticPoint che = CheLru(pop, c);
  e.low_hit_ratio = FifoRandomApprox(pop, c).hit_ratio;
  e.high_hit_ratio = lfu ? TopCStatic(pop, c).hit_ratio : che.hit_ratio;
  const double turnover_requests = che.characteristic_time;  // Che's T: requests an object survives unrequested
  const double t_s = turnover_requests / rate;

  // The scaled copy: same C/N, same α, the rate that gives the same T in seconds.
  double n2 = std::min(objects, kScaledObjects);
  if (c * n2 / objects < kMinScaledCapacity)
    n2 = std::min({objects, std::ceil(kMinScaledCapacity * objects / c), kMaxScaledObjects});
  const double c2 = std::max(1.0, std::floor(c * n2 / objects + 0.5));
  e.scaled_objects = static_cast<std::uint32_t>(n2);
  e.scaled_capacity = static_cast<std::uint64_t>(c2);
  const Popularity pop2 = ZipfPopularity(n2, alpha);
  const AnalyticPoint che2 = CheLru(pop2, c2);
  const double low2 = FifoRandomApprox(pop2, c2).hit_ratio;
  const double high2 = lfu ? TopCStatic(pop2, c2).hit_ratio : che2.hit_ratio;
  e.scaled_rate = che2.characteristic_time > 0 && t_s > 0 ? che2.characteristic_time / t_s : rate;
  if (!(e.scaled_rate > 0 && e.scaled_rate <= 1e9)) e.scaled_rate = rate;

  WorkloadDef w;
  w.objects = e.scaled_objects;
  w.alpha = alpha;
  w.seed = policy.seed;
  w.rate = e.scaled_rate;
  const double miss2 = std::max(1e-3, 1 - low2);
  const auto warmup = static_cast<std::uint64_t>(std::clamp(20 * c2 / miss2, 100000.0, 2000000.0));
  w.requests = warmup + kMeasuredRequests;
  auto trace = GenerateTrace(w);
  if (!trace) return Unexpected(trace.error());
  PolicyDef d = policy;
  d.capacity = e.scaled_capacity;
  d.ticks_per_second = e.scaled_rate;
  d.ttl = 0;
  d.reserve_objects = 0;
  auto sim = Simulate(*trace, d, warmup);
  if (!sim) return Unexpected(sim.error());
  e.scaled_hit_ratio = sim->hit_ratio;
  e.weight = high2 - low2 > 1e-9 ? (e.scaled_hit_ratio - low2) / (high2 - low2) : 1.0;
  e.hit_ratio = std::clamp(e.low_hit_ratio + e.weight * (e.high_hit_ratio - e.low_hit_ratio), 0.0, 1.0);
  const double miss = std::max(1e-12, 1 - e.hit_ratio);
  e.turnover_s = c / (rate * miss);
  const std::string high_name = lfu ? "top-C" : "Che LRU";
  e.formula = "h = low + w × (high − low) = " + Num(e.low_hit_ratio) + " + " + Num(e.weight) + " × (" +
              Num(e.high_hit_ratio) + " − " + Num(e.low_hit_ratio) + ") = " + Num(e.hit_ratio) +
              "; low = FIFO/RANDOM approximation, high = " + high_name + ", at N = " + Num(objects) +
              ", C = " + Num(c) + "; w = (h' − low') / (high' − low') = (" + Num(e.scaled_hit_ratio) + " − " +
              Num(low2) + ") / (" + Num(high2) + " − " + Num(low2) + ") from " + e.policy +
              " simulated on N' = " + Num(n2) + ", C' = " + Num(c2) + " at " + units::FormatRate(e.scaled_rate) +
              " (Che's T = " + units::FormatDuration(t_s) + " at both scales)";
  return e;
}

Expected<std::vector<RateComparison>, CacheError> CompareServerAtRates(const WorkloadDef& workload,
                                                                       const PolicyDef& server,
                                                                       std::span<const double> rates,
                                                                       std::uint64_t warmup) {
  const PolicyInfo* info = FindPolicy(server.name);
  if (info == nullptr || !info->needs_clock) {
    return Unexpected(CacheError{"'" + server.name + "' is not a model of a real server"});
  }
  if (rates.empty() || rates.size() > 1000) return Unexpected(CacheError{"give between 1 and 1000 rates"});
  for (double r : rates) {
    if (!(r > 0 && r <= 1e9)) return Unexpected(CacheError{"rates must be in (0, 1e9] requests/s"});
  }
  WorkloadDef w = workload;
  w.rate = 0;
  auto trace = GenerateTrace(w);
  if (!trace) return Unexpected(trace.error());
  PolicyDef lru;
  lru.name = "lru";
  lru.capacity = server.capacity;
  auto textbook = Simulate(*trace, lru, warmup);
  if (!textbook) return Unexpected(textbook.error());
  std::vector<RateComparison> out;
  out.reserve(rates.size());
  for (double r : rates) {
    trace->rate = r;
    PolicyDef d = server;
    d.ticks_per_second = r;
    auto sim = Simulate(*trace, d, warmup);
    if (!sim) return Unexpected(sim.error());
    RateComparison p;
    p.rate = r;
    p.textbook_hit_ratio = textbook->hit_ratio;
    p.server_hit_ratio = sim->hit_ratio;
    const double misses_per_s =
        sim->requests > 0 ? static_cast<double>(sim->misses) * r / static_cast<double>(sim->requests) : 0;
    p.turnover_s = misses_per_s > 0 ? static_cast<double>(sim->objects_cached) / misses_per_s : 0;
    out.push_back(p);
  }
  return out;
}

}  // namespace sdlab::cache
