// Cache results as JSON: snake_case keys, only finite numbers, deterministic order.
#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/cache.h"

namespace sdlab::cache {

namespace {

double Finite(double v) { return std::isfinite(v) ? v : 0.0; }

}  // namespace

nlohmann::json StrategyEffectToJson(const StrategyEffect& e) {
  nlohmann::json j;
  j["strategy"] = std::string(WriteStrategyName(e.strategy));
  j["effective_hit_ratio"] = Finite(e.effective_hit_ratio);
  j["backend_read_rps"] = Finite(e.backend_read_rps);
  j["backend_write_rps"] = Finite(e.backend_write_rps);
  j["backend_read_rps_cache_down"] = Finite(e.backend_read_rps_cache_down);
  j["backend_read_rps_node_down"] = Finite(e.backend_read_rps_node_down);
  j["read_latency_s"] = Finite(e.read_latency_s);
  j["write_latency_s"] = Finite(e.write_latency_s);
  j["staleness_window_s"] = Finite(e.staleness_window_s);
  j["staleness_unbounded"] = e.staleness_unbounded;
  j["backend_lag_s"] = Finite(e.backend_lag_s);
  j["data_at_risk_bytes"] = Finite(e.data_at_risk_bytes);
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : e.formulas) f[x.key] = x.text;
  j["formulas"] = f;
  j["notes"] = e.notes;
  return j;
}

nlohmann::json CurvesToJson(const std::vector<HitRatioCurve>& curves) {
  nlohmann::json out = nlohmann::json::array();
  for (const HitRatioCurve& c : curves) {
    nlohmann::json pts = nlohmann::json::array();
    for (const CurvePoint& p : c.points) pts.push_back({{"size", p.size}, {"hit_ratio", Finite(p.hit_ratio)}});
    out.push_back({{"name", c.name}, {"method", c.method}, {"points", pts}});
  }
  return out;
}

nlohmann::json CacheModelToJson(const CacheModelReport& rep) {
  const SimulationResult& r = rep.result;
  nlohmann::json j;
  j["policy"] = r.policy;
  j["capacity"] = r.capacity;
  j["capacity_unit"] = r.capacity_in_bytes ? "bytes" : "objects";
  nlohmann::json w;
  w["source"] = rep.workload.source;
  w["requests"] = rep.workload.requests;
  w["objects"] = rep.workload.objects;
  if (rep.workload.source != "trace") {
    w["alpha"] = Finite(rep.workload.alpha);
    w["scan_fraction"] = Finite(rep.workload.scan_fraction);
  }
  w["sizes"] = rep.workload.sizes;
  if (rep.workload.rate > 0) w["rate"] = Finite(rep.workload.rate);
  j["workload"] = w;
  j["requests"] = r.requests;
  j["warmup"] = r.warmup;
  j["hits"] = r.hits;
  j["misses"] = r.misses;
  j["hit_ratio"] = Finite(r.hit_ratio);
  j["miss_ratio"] = Finite(r.miss_ratio);
  j["byte_hit_ratio"] = Finite(r.byte_hit_ratio);
  j["evictions"] = r.evictions;
  j["expirations"] = r.expirations;
  j["objects_cached"] = r.objects_cached;
  nlohmann::json formulas = nlohmann::json::object();
  if (rep.che) {
    j["che_t"] = Finite(rep.che->characteristic_time);
    j["che_hit_ratio"] = Finite(rep.che->hit_ratio);
    j["fifo_approx_t"] = Finite(rep.fifo_approx->characteristic_time);
    j["fifo_approx_hit_ratio"] = Finite(rep.fifo_approx->hit_ratio);
    j["top_c_hit_ratio"] = Finite(rep.top_c->hit_ratio);
    j["holds_all"] = rep.che->holds_all;
    formulas["che"] = rep.che->formula;
    formulas["fifo_approx"] = rep.fifo_approx->formula;
    formulas["top_c"] = rep.top_c->formula;
  }
  formulas["hit_ratio"] = "hit ratio = hits / requests = " + std::to_string(r.hits) + " / " + std::to_string(r.requests);
  j["formulas"] = formulas;
  if (!rep.curve.empty()) {
    j["curve_method"] = rep.curve_method;
    nlohmann::json curve = nlohmann::json::array();
    for (std::size_t i = 0; i < rep.curve.size(); ++i) {
      nlohmann::json p = {{"size", rep.curve[i].size}, {"hit_ratio", Finite(rep.curve[i].hit_ratio)}};
      for (const HitRatioCurve& a : rep.analytic_curves) {
        const std::string key = a.name == "che_lru" ? "che_hit_ratio" : a.name + "_hit_ratio";
        p[key] = Finite(a.points[i].hit_ratio);
      }
      curve.push_back(p);
    }
    j["curve"] = curve;
  }
  if (rep.strategy) j["strategy"] = StrategyEffectToJson(*rep.strategy);
  if (rep.server) {
    const ServerRegime& g = *rep.server;
    j["server"] = {{"engine", g.engine},
                   {"settings", g.settings},
                   {"rate", Finite(g.rate)},
                   {"turnover_s", Finite(g.turnover_s)},
                   {"clock_resolution_s", Finite(g.clock_resolution_s)},
                   {"formula", g.formula},
                   {"regime", g.regime}};
  }
  j["notes"] = rep.notes;
  return j;
}

nlohmann::json CacheAssessmentToJson(const CacheAssessment& a) {
  nlohmann::json j;
  j["component"] = a.component;
  j["engine"] = a.engine;
  j["policy"] = a.policy;
  j["model"] = a.model;
  if (a.turnover_s > 0) j["turnover_s"] = Finite(a.turnover_s);
  j["strategy"] = a.strategy;
  j["hit_ratio"] = Finite(a.hit_ratio);
  j["hit_ratio_declared"] = a.hit_ratio_declared;
  j["cached_objects"] = Finite(a.cached_objects);
  j["catalogue_objects"] = Finite(a.catalogue_objects);
  j["zipf_alpha"] = Finite(a.zipf_alpha);
  j["read_rps"] = Finite(a.read_rps);
  j["write_rps"] = Finite(a.write_rps);
  j["backend_read_rps"] = Finite(a.backend_read_rps);
  j["backend_write_rps"] = Finite(a.backend_write_rps);
  j["peak_backend_read_rps"] = Finite(a.peak_backend_read_rps);
  j["backend_read_rps_cache_down"] = Finite(a.backend_read_rps_cache_down);
  j["staleness_window_s"] = Finite(a.staleness_window_s);
  j["staleness_unbounded"] = a.staleness_unbounded;
  j["data_at_risk_bytes"] = Finite(a.data_at_risk_bytes);
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : a.formulas) f[x.key] = x.text;
  j["formulas"] = f;
  j["notes"] = a.notes;
  return j;
}

}  // namespace sdlab::cache
