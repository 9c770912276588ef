// Write strategies: their effect on backend load, latency, staleness and data at risk.
//
// Model (steady state, averages):
//   invalidation   cache-aside and read-through delete the cached copy on every write; with reads
//                  and writes spread over keys alike, the next request for a written key is a read
//                  with probability R/(R+W), so the read hit ratio becomes h' = h·R/(R+W).
//                  write-through and write-back update the cached copy (h' = h); write-around does
//                  not touch the cache (h' = h, the old copy stays until TTL or eviction).
//   backend reads  R·(1 − h').
//   backend writes W, except write-back: writes to the same key within one flush interval F
//                  coalesce, so the backend sees D(W·F)/F where D(k) = Σ_i (1 − e^(−p_i·k)) is the
//                  expected number of distinct keys among k writes (Zipf write popularity).
//   read latency   hit: one cache round trip; miss: + backend read (+ one more cache round trip
//                  for cache-aside and write-around, where the application fills the cache).
//   write latency  cache-aside/read-through: backend write + cache delete; write-through: cache +
//                  backend write in series; write-back: cache write only; write-around: backend only.
//   staleness      cache-aside/read-through: until the delete lands (one cache round trip; a racing
//                  read miss can re-insert the old value, bounded by the TTL); write-through and
//                  write-back: none for readers through the cache; write-around: until TTL expiry
//                  (unbounded without a TTL).
//   at risk        write-back only: the dirty keys of one node at the end of a flush interval,
//                  D(W·F)·value_bytes / nodes (the worst case; half that on average).
#include <cmath>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab::cache {

namespace {

std::string Num(double v, int digits = 3) { return units::FormatNumber(v, digits); }
std::string Rate(double v) { return units::FormatRate(v); }
std::string Dur(double v) { return v == 0 ? std::string("0 s") : units::FormatDuration(v); }
std::string Bytes(double v) { return units::FormatBytes(v); }

bool Finite(double v) { return std::isfinite(v); }

}  // namespace

std::string_view WriteStrategyName(WriteStrategy s) {
  switch (s) {
    case WriteStrategy::CacheAside: return "cache-aside";
    case WriteStrategy::ReadThrough: return "read-through";
    case WriteStrategy::WriteThrough: return "write-through";
    case WriteStrategy::WriteBack: return "write-back";
    case WriteStrategy::WriteAround: return "write-around";
  }
  return "cache-aside";
}

Expected<WriteStrategy, CacheError> ParseWriteStrategy(std::string_view name) {
  std::string n(name);
  for (char& c : n) {
    if (c == '_') c = '-';
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  if (n == "cache-aside" || n == "lazy-loading") return WriteStrategy::CacheAside;
  if (n == "read-through") return WriteStrategy::ReadThrough;
  if (n == "write-through") return WriteStrategy::WriteThrough;
  if (n == "write-back" || n == "write-behind") return WriteStrategy::WriteBack;
  if (n == "write-around") return WriteStrategy::WriteAround;
  return Unexpected(CacheError{"unknown write strategy '" + std::string(name) +
                               "' (cache-aside, read-through, write-through, write-back, write-around)"});
}

StrategyDef DefaultStrategyDef() { return StrategyDef{}; }

Expected<StrategyEffect, CacheError> EvaluateStrategy(const StrategyDef& d) {
  auto bad = [](const std::string& m) { return Unexpected(CacheError{m}); };
  if (!(Finite(d.read_rps) && d.read_rps >= 0 && d.read_rps <= 1e12)) return bad("read rate must be in [0, 1e12]/s");
  if (!(Finite(d.write_rps) && d.write_rps >= 0 && d.write_rps <= 1e12)) return bad("write rate must be in [0, 1e12]/s");
  if (!(d.hit_ratio >= 0 && d.hit_ratio <= 1)) return bad("hit ratio must be in [0, 1]");
  for (double l : {d.cache_latency_s, d.backend_read_latency_s, d.backend_write_latency_s}) {
    if (!(Finite(l) && l >= 0 && l <= 3600)) return bad("latencies must be in [0, 3600] s");
  }
  if (!(Finite(d.ttl_s) && d.ttl_s >= 0 && d.ttl_s <= 1e10)) return bad("ttl must be in [0, 1e10] s");
  if (!(Finite(d.flush_interval_s) && d.flush_interval_s > 0 && d.flush_interval_s <= 1e7)) {
    return bad("flush interval must be in (0, 1e7] s");
  }
  if (!(Finite(d.value_bytes) && d.value_bytes >= 0 && d.value_bytes <= 1e12)) return bad("value size must be in [0, 1e12] bytes");
  if (!(Finite(d.cache_nodes) && d.cache_nodes >= 1 && d.cache_nodes <= 1e6)) return bad("cache nodes must be in [1, 1e6]");
  if (!(Finite(d.write_objects) && d.write_objects >= 0 && d.write_objects <= 1e15)) return bad("write objects must be in [0, 1e15]");
  if (!(d.write_alpha >= 0 && d.write_alpha <= 10)) return bad("write alpha must be in [0, 10]");

  StrategyEffect e;
  e.strategy = d.strategy;
  const double r = d.read_rps, w = d.write_rps, h = d.hit_ratio;
  const bool invalidates = d.strategy == WriteStrategy::CacheAside || d.strategy == WriteStrategy::ReadThrough;
  if (invalidates && r + w > 0) {
    e.effective_hit_ratio = h * r / (r + w);
    e.formulas.push_back({"effective_hit_ratio", "h' = h·R/(R+W) = " + Num(h) + " × " + Rate(r) + "/(" + Rate(r) +
                                                     " + " + Rate(w) + ") = " + Num(e.effective_hit_ratio)});
    e.notes.push_back("each write deletes the cached copy; reads and writes are assumed to spread over keys alike");
  } else {
    e.effective_hit_ratio = h;
    e.formulas.push_back({"effective_hit_ratio", "h' = h = " + Num(h) + " (writes do not invalidate)"});
  }
  const double he = e.effective_hit_ratio;
  e.backend_read_rps = r * (1.0 - he);
  e.formulas.push_back({"backend_read_rps", "backend reads = R·(1 − h') = " + Rate(r) + " × " + Num(1.0 - he) +
                                                " = " + Rate(e.backend_read_rps)});
  e.backend_read_rps_cache_down = r;
  e.formulas.push_back({"backend_read_rps_cache_down", "cache down: every read reaches the backend = " + Rate(r)});
  e.backend_read_rps_node_down = r * (1.0 - he) + r * he / d.cache_nodes;
  e.formulas.push_back({"backend_read_rps_node_down", "one of n = " + Num(d.cache_nodes) +
                                                          " cache nodes down: R·(1 − h') + R·h'/n = " +
                                                          Rate(e.backend_read_rps_node_down)});

  // Distinct keys among k writes.
  double flush_writes = w * d.flush_interval_s;
  double distinct = flush_writes;
  if (d.write_objects >= 1 && flush_writes > 0) {
    const Popularity pop = ZipfPopularity(d.write_objects, d.write_alpha);
    distinct = 0;
    for (const auto& g : pop.groups) distinct += g.count * (1.0 - DetExp(-g.p * flush_writes));
  }

  if (d.strategy == WriteStrategy::WriteBack) {
    e.backend_write_rps = distinct / d.flush_interval_s;
    if (d.write_objects >= 1) {
      e.formulas.push_back({"backend_write_rps", "backend writes = D(W·F)/F, D(k) = Σ_i (1 − e^(−p_i·k)) = D(" +
                                                     Num(flush_writes) + ") / " + Dur(d.flush_interval_s) + " = " +
                                                     Num(distinct) + " / " + Dur(d.flush_interval_s) + " = " +
                                                     Rate(e.backend_write_rps)});
      e.notes.push_back("write popularity Zipf(" + Num(d.write_alpha) + ") over " + units::FormatCount(d.write_objects) +
                        " keys: repeated writes within a flush interval coalesce");
    } else {
      e.formulas.push_back({"backend_write_rps", "backend writes = W = " + Rate(w) +
                                                     " (no write popularity given: no coalescing assumed)"});
    }
  } else {
    e.backend_write_rps = w;
    e.formulas.push_back({"backend_write_rps", "backend writes = W = " + Rate(w)});
  }

  const double lc = d.cache_latency_s, lr = d.backend_read_latency_s, lw = d.backend_write_latency_s;
  const bool app_fills = d.strategy == WriteStrategy::CacheAside || d.strategy == WriteStrategy::WriteAround;
  const double miss_latency = lc + lr + (app_fills ? lc : 0.0);
  e.read_latency_s = he * lc + (1.0 - he) * miss_latency;
  e.formulas.push_back({"read_latency_s", std::string("read latency = h'·L_cache + (1 − h')·(") +
                                              (app_fills ? "2·L_cache + L_db_read" : "L_cache + L_db_read") + ") = " +
                                              Num(he) + " × " + Dur(lc) + " + " + Num(1.0 - he) + " × " +
                                              Dur(miss_latency) + " = " + Dur(e.read_latency_s)});
  switch (d.strategy) {
    case WriteStrategy::CacheAside:
    case WriteStrategy::ReadThrough:
      e.write_latency_s = lw + lc;
      e.formulas.push_back({"write_latency_s", "write latency = L_db_write + L_cache (delete) = " + Dur(lw) + " + " +
                                                   Dur(lc) + " = " + Dur(e.write_latency_s)});
      e.staleness_window_s = lc;
      e.formulas.push_back({"staleness_window_s", "stale until the delete lands ≈ L_cache = " + Dur(lc)});
      e.notes.push_back(d.ttl_s > 0 ? "a read miss racing a write can re-insert the old value; the TTL (" +
                                          Dur(d.ttl_s) + ") bounds that"
                                    : "a read miss racing a write can re-insert the old value, and without a TTL it "
                                      "stays until evicted");
      break;
    case WriteStrategy::WriteThrough:
      e.write_latency_s = lc + lw;
      e.formulas.push_back({"write_latency_s", "write latency = L_cache + L_db_write (in series) = " + Dur(lc) +
                                                   " + " + Dur(lw) + " = " + Dur(e.write_latency_s)});
      e.staleness_window_s = 0;
      e.formulas.push_back({"staleness_window_s", "the cache is updated with the backend: no stale reads through it"});
      break;
    case WriteStrategy::WriteBack:
      e.write_latency_s = lc;
      e.formulas.push_back({"write_latency_s", "write latency = L_cache = " + Dur(lc) + " (the backend is written later)"});
      e.staleness_window_s = 0;
      e.backend_lag_s = d.flush_interval_s;
      e.formulas.push_back({"staleness_window_s", "readers through the cache see every write; the backend trails by up "
                                                  "to F = " + Dur(d.flush_interval_s)});
      e.data_at_risk_bytes = distinct * d.value_bytes / d.cache_nodes;
      e.formulas.push_back({"data_at_risk_bytes", "dirty data on one node = D(W·F)·value/n = " + Num(distinct) + " × " +
                                                      Bytes(d.value_bytes) + " / " + Num(d.cache_nodes) + " = " +
                                                      Bytes(e.data_at_risk_bytes) + " (worst case, end of a flush interval)"});
      e.notes.push_back("write-back: acknowledged writes still dirty in a cache node are lost if it dies before the flush");
      break;
    case WriteStrategy::WriteAround:
      e.write_latency_s = lw;
      e.formulas.push_back({"write_latency_s", "write latency = L_db_write = " + Dur(lw) + " (the cache is not touched)"});
      if (d.ttl_s > 0) {
        e.staleness_window_s = d.ttl_s;
        e.formulas.push_back({"staleness_window_s", "an old cached copy is served until its TTL expires: " + Dur(d.ttl_s)});
      } else {
        e.staleness_unbounded = true;
        e.formulas.push_back({"staleness_window_s", "no TTL: an old cached copy is served until it is evicted (unbounded)"});
      }
      break;
  }
  if (d.strategy != WriteStrategy::WriteBack) {
    e.formulas.push_back({"data_at_risk_bytes", "0 B: every acknowledged write is already in the backend"});
  }
  return e;
}

}  // namespace sdlab::cache
