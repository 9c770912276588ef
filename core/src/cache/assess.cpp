// A blueprint cache component → hit ratio, backend load, staleness and data at risk.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/units.h"

namespace sdlab::cache {

namespace {

constexpr double kDefaultRetentionS = 5.0 * 365.0 * 86400.0;

std::string Num(double v, int digits = 3) { return units::FormatNumber(v, digits); }

WriteStrategy StrategyOf(CacheStrategy s) {
  switch (s) {
    case CacheStrategy::CacheAside: return WriteStrategy::CacheAside;
    case CacheStrategy::ReadThrough: return WriteStrategy::ReadThrough;
    case CacheStrategy::WriteThrough: return WriteStrategy::WriteThrough;
    case CacheStrategy::WriteBack: return WriteStrategy::WriteBack;
    case CacheStrategy::WriteAround: return WriteStrategy::WriteAround;
  }
  return WriteStrategy::CacheAside;
}

std::string Lower(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return s;
}

// The server model a cache engine implies for its declared policy ("" = the textbook policy), with
// a note when the declared policy is not one the engine has.
std::string ServerModelFor(const Component& c, std::vector<std::string>& notes) {
  const std::string engine = Lower(c.engine);
  const std::string policy = Lower(c.policy);
  const PolicyInfo* declared = FindPolicy(policy);
  if (engine.find("redis") != std::string::npos || engine.find("valkey") != std::string::npos) {
    if (policy.empty() || policy == "lru") return "redis-lru";
    if (policy == "lfu") return "redis-lfu";
    if (declared != nullptr && declared->needs_clock && declared->name != "memcached") return std::string(declared->name);
    if (declared != nullptr && declared->name == "random") return "";  // allkeys-random is uniform: RANDOM
    notes.push_back("Redis has no '" + c.policy + "' eviction policy: modelled as allkeys-lru");
    return "redis-lru";
  }
  if (engine.find("memcache") != std::string::npos) {
    if (!policy.empty() && policy != "lru" && (declared == nullptr || declared->name != "memcached")) {
      notes.push_back("memcached evicts with its segmented LRU whatever the policy says: '" + c.policy + "' ignored");
    }
    return "memcached";
  }
  if (declared != nullptr && declared->needs_clock) return std::string(declared->name);
  return "";
}

// Average reads/s and writes/s: totals, else per-user rates × DAU, completed by the ratio.
void Traffic(const Requirements& q, double& reads, double& writes, std::vector<std::string>& notes) {
  std::optional<double> r = q.reads_per_s, w = q.writes_per_s;
  if (!r && q.reads_per_user_per_s && q.dau) r = *q.reads_per_user_per_s * *q.dau;
  if (!w && q.writes_per_user_per_s && q.dau) w = *q.writes_per_user_per_s * *q.dau;
  if (q.read_write_ratio && *q.read_write_ratio > 0) {
    if (r && !w) w = *r / *q.read_write_ratio;
    if (w && !r) r = *w * *q.read_write_ratio;
  }
  if (!r) notes.push_back("no read traffic in the requirements: reads taken as 0/s");
  if (!w) notes.push_back("no write traffic in the requirements: writes taken as 0/s");
  reads = r.value_or(0);
  writes = w.value_or(0);
}

}  // namespace

CacheAssessment AssessCache(const Component& c, const Requirements& q) {
  CacheAssessment a;
  a.component = c.id;
  a.engine = c.engine;
  a.policy = c.policy.empty() ? "lru" : c.policy;
  a.strategy = std::string(WriteStrategyName(StrategyOf(c.cache_strategy)));
  if (c.kind != ComponentKind::Cache) {
    a.notes.push_back("component '" + c.id + "' is not a cache: nothing assessed");
    return a;
  }
  const std::string server = ServerModelFor(c, a.notes);
  if (server.empty() && !c.policy.empty() && FindPolicy(c.policy) == nullptr) {
    a.notes.push_back("eviction policy '" + c.policy + "' is not one sdlab models; assessed as LRU");
  }
  Traffic(q, a.read_rps, a.write_rps, a.notes);
  const double read_size = q.read_size_bytes.value_or(q.object_size_bytes);
  const double retention = q.retention_s.value_or(kDefaultRetentionS);
  const int nodes = c.replicas < 1 ? 1 : c.replicas;

  if (c.hit_ratio) {
    a.hit_ratio = *c.hit_ratio;
    a.hit_ratio_declared = true;
    a.model = "declared";
    a.formulas.push_back({"hit_ratio", "declared hit ratio = " + Num(a.hit_ratio)});
  } else if (c.memory_bytes && read_size > 0) {
    a.cached_objects = *c.memory_bytes * nodes / read_size;
    a.catalogue_objects = a.write_rps * retention;
    a.zipf_alpha = kDefaultZipfAlpha;
    a.formulas.push_back({"cached_objects", "cached objects = memory × nodes / read size = " +
                                                units::FormatBytes(*c.memory_bytes) + " × " + std::to_string(nodes) +
                                                " / " + units::FormatBytes(read_size) + " = " +
                                                units::FormatCount(a.cached_objects)});
    if (a.catalogue_objects >= 1) {
      a.formulas.push_back({"catalogue_objects", "objects = writes/s × retention = " + units::FormatRate(a.write_rps) +
                                                     " × " + units::FormatDuration(retention) + " = " +
                                                     units::FormatCount(a.catalogue_objects)});
      // The policy picks the model: FIFO/RANDOM approximation, top-C for LFU (its limit under IRM),
      // Che's LRU approximation for LRU and the LRU-like rest (conservative for ARC, SIEVE, S3-FIFO).
      const Popularity pop = ZipfPopularity(a.catalogue_objects, a.zipf_alpha);
      const PolicyInfo* chosen = FindPolicy(server.empty() ? a.policy : server);
      const std::string_view family = chosen != nullptr && !chosen->needs_clock ? chosen->name : "lru";
      AnalyticPoint model;
      std::string model_name;
      bool done = false;
      if (!server.empty()) {
        // The real server's model, at the average read rate.
        PolicyDef pd;
        pd.name = server;
        pd.capacity = static_cast<std::uint64_t>(std::min(std::floor(a.cached_objects + 0.5), 1e15));
        if (pd.capacity == 0) pd.capacity = 1;
        auto est = a.read_rps > 0 ? EstimateServerHitRatio(pd, a.catalogue_objects, a.zipf_alpha, a.read_rps)
                                  : Expected<ServerEstimate, CacheError>(Unexpected(CacheError{"no read rate"}));
        if (est) {
          a.policy = server;
          a.hit_ratio = est->hit_ratio;
          a.turnover_s = est->turnover_s;
          const PolicyInfo* si = FindPolicy(server);
          a.model = "the " + std::string(si->title) + " model for engine " + c.engine;
          a.formulas.push_back({"hit_ratio", est->formula});
          a.formulas.push_back({"turnover_s", "turnover = cached objects ÷ (reads/s × miss ratio) = " +
                                                  units::FormatCount(a.cached_objects) + " ÷ (" +
                                                  units::FormatRate(a.read_rps) + " × " + Num(1 - est->hit_ratio) +
                                                  ") = " + units::FormatDuration(est->turnover_s)});
          a.notes.push_back("hit ratio modelled: Zipf(" + Num(a.zipf_alpha) + ") popularity over the objects written "
                            "in the retention period, with " + a.model + " at " + units::FormatRate(a.read_rps) +
                            " (" + std::string(si->description) + "); declare hit_ratio to override");
          done = true;
        } else {
          a.notes.push_back("the " + server + " model needs a read rate and a workload it can scale (" +
                            est.error().message + "): Che's LRU approximation used instead");
        }
      }
      if (done) {
        // the server model set the figures
      } else if (family == "fifo" || family == "random") {
        model = FifoRandomApprox(pop, a.cached_objects);
        model_name = "the FIFO/RANDOM approximation";
      } else if (family == "lfu" || family == "belady") {
        model = TopCStatic(pop, a.cached_objects);
        model_name = "the optimal static (top-C) allocation, which LFU approaches under IRM";
      } else {
        model = CheLru(pop, a.cached_objects);
        model_name = "Che's LRU approximation";
        if (family != "lru") model_name += " (conservative: " + std::string(family) + " usually does better)";
      }
      if (!done) {
        a.hit_ratio = model.hit_ratio;
        a.model = model_name;
        a.formulas.push_back({"hit_ratio", model.formula});
        a.notes.push_back("hit ratio modelled: Zipf(" + Num(a.zipf_alpha) + ") popularity over the objects written in "
                          "the retention period, " + model_name + "; declare hit_ratio to override");
      }
      if (c.ttl_s) a.notes.push_back("the TTL's own misses (objects read less often than once per TTL) are not modelled");
    } else {
      a.notes.push_back("no writes in the requirements: the catalogue size is unknown and the hit ratio is not "
                        "modelled (taken as 0); declare hit_ratio");
    }
    if (nodes > 1) a.notes.push_back("the cache's " + std::to_string(nodes) + " replicas are treated as shards (memory adds up)");
  } else {
    a.notes.push_back("neither hit_ratio nor memory is declared: the hit ratio is taken as 0");
  }

  StrategyDef sd;
  sd.strategy = StrategyOf(c.cache_strategy);
  sd.read_rps = a.read_rps;
  sd.write_rps = a.write_rps;
  sd.hit_ratio = a.hit_ratio < 0 ? 0 : (a.hit_ratio > 1 ? 1 : a.hit_ratio);
  if (c.latency_s) sd.cache_latency_s = *c.latency_s;
  sd.ttl_s = c.ttl_s.value_or(0);
  sd.value_bytes = q.object_size_bytes;
  sd.cache_nodes = nodes;
  sd.flush_interval_s = 1;
  if (a.catalogue_objects >= 1) {
    sd.write_objects = a.catalogue_objects;
    sd.write_alpha = kDefaultZipfAlpha;
  }
  auto eff = EvaluateStrategy(sd);
  if (!eff) {
    a.notes.push_back("strategy not evaluated: " + eff.error().message);
    return a;
  }
  a.backend_read_rps = eff->backend_read_rps;
  a.backend_write_rps = eff->backend_write_rps;
  a.peak_backend_read_rps = eff->backend_read_rps * q.peak_factor;
  a.backend_read_rps_cache_down = eff->backend_read_rps_cache_down;
  a.staleness_window_s = eff->staleness_window_s;
  a.staleness_unbounded = eff->staleness_unbounded;
  a.data_at_risk_bytes = eff->data_at_risk_bytes;
  for (Formula& f : eff->formulas) a.formulas.push_back(std::move(f));
  a.formulas.push_back({"peak_backend_read_rps", "peak backend reads = backend reads × peak factor = " +
                                                     units::FormatRate(a.backend_read_rps) + " × " + Num(q.peak_factor) +
                                                     " = " + units::FormatRate(a.peak_backend_read_rps)});
  for (std::string& n : eff->notes) a.notes.push_back(std::move(n));
  return a;
}

}  // namespace sdlab::cache
