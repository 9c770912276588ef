// The `sdlab model cache` calculator: simulation, optional analytic figures, curve and strategy.
#include <string>

#include "sdlab/cache.h"

namespace sdlab::cache {

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

  auto sim = Simulate(*trace, def.policy, def.warmup);
  if (!sim) return Unexpected(sim.error());
  rep.result = *sim;
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
