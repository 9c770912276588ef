// The `sdlab model cache` calculator: simulation, optional analytic figures, curve and strategy.
#include <string>

#include "sdlab/cache.h"
#include "sdlab/units.h"

namespace sdlab::cache {

namespace {

std::string Num(double v) { return units::FormatNumber(v, 3); }

std::string Seconds(double s) { return units::FormatDuration(s); }

/// The server model's settings in the server's own words.
std::string ServerSettings(const PolicyInfo& info, const PolicyDef& def) {
  const std::string name(info.name);
  if (name == "memcached") {
    const MemcachedDef& m = def.memcached;
    return "lru_segmented, hot_lru_pct " + std::to_string(m.hot_lru_pct) + ", warm_lru_pct " +
           std::to_string(m.warm_lru_pct) + ", hot_max_factor " + Num(m.hot_max_factor) + ", warm_max_factor " +
           Num(m.warm_max_factor);
  }
  const RedisDef& r = def.redis;
  const bool lfu = name.find("lfu") != std::string::npos;
  const bool vol = name.find("volatile") != std::string::npos;
  std::string s = std::string("maxmemory-policy ") + (vol ? "volatile-" : "allkeys-") + (lfu ? "lfu" : "lru") +
                  ", maxmemory-samples " + std::to_string(r.samples) + ", eviction pool 16";
  if (lfu) {
    s += ", lfu-log-factor " + std::to_string(r.lfu_log_factor) + ", lfu-decay-time " +
         std::to_string(r.lfu_decay_time_min) + " min, LFU_INIT_VAL 5";
  } else {
    s += ", LRU clock resolution " + Seconds(r.lru_clock_resolution_s);
  }
  if (vol) s += ", keys with an expire " + units::FormatPercent(r.volatile_fraction, 3);
  return s;
}

/// Rate, turnover and what they mean for the server model that ran.
ServerRegime DescribeRegime(const PolicyInfo& info, const PolicyDef& def, const Trace& trace,
                            const SimulationResult& r) {
  ServerRegime g;
  const std::string name(info.name);
  g.engine = name == "memcached" ? "memcached" : "redis";
  g.settings = ServerSettings(info, def);
  const bool lfu = name.find("lfu") != std::string::npos;
  g.clock_resolution_s = g.engine == "memcached" ? 1.0 : (lfu ? 60.0 : def.redis.lru_clock_resolution_s);
  // Seconds spanned by the counted requests.
  double span_s = 0;
  const double tps = def.ticks_per_second > 0 ? def.ticks_per_second : TraceTicksPerSecond(trace);
  if (trace.times.empty()) {
    span_s = tps > 0 ? static_cast<double>(r.requests) / tps : 0;
  } else if (r.requests > 0) {
    const double first = trace.times[static_cast<std::size_t>(r.warmup)];
    const double last = trace.times.back();
    span_s = last > first ? (last - first) / tps : 0;
  }
  g.rate = span_s > 0 ? static_cast<double>(r.requests) / span_s : 0;
  const double misses_per_s = span_s > 0 ? static_cast<double>(r.misses) / span_s : 0;
  if (misses_per_s > 0 && r.evictions > 0) {
    g.turnover_s = static_cast<double>(r.objects_cached) / misses_per_s;
    g.formula = "turnover = cached objects ÷ misses per second = " + std::to_string(r.objects_cached) + " ÷ (" +
                std::to_string(r.misses) + " ÷ " + Seconds(span_s) + ") = " + Seconds(g.turnover_s);
  } else {
    g.formula = "turnover: nothing was evicted (the cache holds every object requested)";
  }
  const double res = g.clock_resolution_s;
  if (g.turnover_s <= 0) {
    g.regime = "no evictions: the eviction policy does not matter";
  } else if (g.engine == "memcached") {
    g.regime = g.turnover_s < 1
                   ? "the cache turns over in " + Seconds(g.turnover_s) +
                         ", under memcached's 1 s clock: COLD's age reads 0 s, so HOT and WARM keep only items "
                         "touched this second and WARM's protection of re-read items is weak"
                   : "the cache turns over in " + Seconds(g.turnover_s) +
                         ": HOT and WARM age limits (COLD's age × hot_max_factor / warm_max_factor) apply as "
                         "configured; items read twice are protected in WARM";
  } else if (lfu) {
    g.regime = "the cache turns over in " + Seconds(g.turnover_s) + "; counters decay by one per " +
               std::to_string(def.redis.lfu_decay_time_min) +
               " min without access, and a new key starts at 5, so keys read fewer times than that since "
               "admission go first";
  } else if (g.turnover_s < 0.5 * res) {
    g.regime = "the cache turns over in " + Seconds(g.turnover_s) + ", well under the LRU clock's " + Seconds(res) +
               ": most sampled keys look equally idle, so eviction is close to RANDOM";
  } else if (g.turnover_s > 5 * res) {
    g.regime = "the cache turns over in " + Seconds(g.turnover_s) + ", many ticks of the " + Seconds(res) +
               " LRU clock: sampled eviction is close to exact LRU";
  } else {
    g.regime = "the cache turns over in " + Seconds(g.turnover_s) + ", a few ticks of the " + Seconds(res) +
               " LRU clock: between RANDOM and exact LRU";
  }
  return g;
}

}  // namespace

Expected<CacheModelReport, CacheError> RunCacheModel(const CacheModelDef& def, const Trace* trace) {
  CacheModelReport rep;
  Trace generated;
  const bool synthetic = trace == nullptr;
  if (synthetic) {
    auto t = GenerateTrace(def.workload);
    if (!t) return Unexpected(t.error());
    generated = std::move(*t);
    trace = &generated;
    rep.workload.source = def.workload.popularity == PopularityKind::Uniform ? "uniform" : "zipf";
    rep.workload.alpha = def.workload.popularity == PopularityKind::Uniform ? 0.0 : def.workload.alpha;
    rep.workload.scan_fraction = def.workload.scan_fraction;
  } else {
    rep.workload.source = "trace";
  }
  rep.workload.requests = trace->size();
  rep.workload.objects = trace->object_count;
  rep.workload.sizes = trace->HasSizes();
  rep.workload.rate = trace->times.empty() ? trace->rate : 0.0;

  auto sim = Simulate(*trace, def.policy, def.warmup);
  if (!sim) return Unexpected(sim.error());
  rep.result = *sim;
  if (const PolicyInfo* info = FindPolicy(def.policy.name); info != nullptr && info->needs_clock) {
    rep.server = DescribeRegime(*info, def.policy, *trace, rep.result);
  }
  if (def.policy.ttl > 0) {
    rep.notes.push_back(synthetic ? "ttl is in requests (a synthetic workload's clock is the request index)"
                                  : "ttl is in the trace's timestamp units");
  }

  Popularity pop;
  if (def.analytic) {
    const bool exact_zipf = synthetic && !trace->HasSizes() && def.workload.scan_fraction == 0;
    if (exact_zipf) {
      pop = ZipfPopularity(def.workload.objects, rep.workload.alpha);
    } else {
      pop = EmpiricalPopularity(*trace);
      rep.notes.push_back("analytic figures use the empirical popularity of the stream (each object's share of "
                          "requests), treating it as IRM");
    }
    const double c = static_cast<double>(def.policy.capacity);
    rep.che = CheLru(pop, c);
    rep.fifo_approx = FifoRandomApprox(pop, c);
    rep.top_c = TopCStatic(pop, c);
  }
  if (!def.sizes.empty()) {
    CurveDef cd;
    cd.policies = {def.policy.name};
    cd.sizes = def.sizes;
    cd.warmup = def.warmup;
    cd.seed = def.policy.seed;
    cd.ttl = def.policy.ttl;
    auto curves = HitRatioCurves(*trace, cd);
    if (!curves) return Unexpected(curves.error());
    rep.curve_method = curves->front().method;
    rep.curve = curves->front().points;
    if (def.analytic) rep.analytic_curves = AnalyticCurves(pop, def.sizes);
  }
  if (def.strategy) {
    StrategyDef sd = *def.strategy;
    sd.hit_ratio = rep.result.hit_ratio;
    auto eff = EvaluateStrategy(sd);
    if (!eff) return Unexpected(eff.error());
    rep.strategy = std::move(*eff);
  }
  return rep;
}

Expected<std::vector<HitRatioCurve>, CacheError> WorkloadHitRatioCurves(const WorkloadDef& workload, const CurveDef& def,
                                                                        bool analytic) {
  auto trace = GenerateTrace(workload);
  if (!trace) return Unexpected(trace.error());
  auto curves = HitRatioCurves(*trace, def);
  if (!curves) return Unexpected(curves.error());
  if (analytic) {
    const bool exact_zipf = !trace->HasSizes() && workload.scan_fraction == 0;
    const double alpha = workload.popularity == PopularityKind::Uniform ? 0.0 : workload.alpha;
    const Popularity pop = exact_zipf ? ZipfPopularity(workload.objects, alpha) : EmpiricalPopularity(*trace);
    for (HitRatioCurve& c : AnalyticCurves(pop, def.sizes)) curves->push_back(std::move(c));
  }
  return curves;
}

}  // namespace sdlab::cache
