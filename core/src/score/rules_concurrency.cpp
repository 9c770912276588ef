// Concurrency (CCY), database-optimisation (DBO) and fan-out SLO (SLO) rules: worker pools against
// Little's law, thread-per-request memory, database connections against max_connections, N+1 on a hot
// path, access patterns without an index, and the p99 of a fan-out.
#include <algorithm>
#include <cmath>

#include "score/facts.h"
#include "sdlab/concurrency.h"
#include "sdlab/random.h"

namespace sdlab::score::detail {

namespace {

/// Requests/s reaching a component at peak (the estimate's tier figure), if known.
std::optional<double> PeakRps(const Facts& f, const std::string& id) {
  if (const TierLoad* t = f.Tier(id)) return t->peak_rps;
  if (!f.estimate) return std::nullopt;
  for (const TierEstimate& t : f.estimate->tiers)
    if (t.component == id && t.peak_rps > 0) return t.peak_rps;
  return std::nullopt;
}

int Replicas(const Facts& f, const Component& c) {
  if (const TierLoad* t = f.Tier(c.id)) return std::max(1, t->replicas);
  return std::max(1, c.replicas);
}

/// Databases a component links to directly.
std::vector<const Component*> StoresOf(const Blueprint& bp, const Component& c) {
  std::vector<const Component*> out;
  for (const Link& l : bp.links) {
    if (l.from != c.id) continue;
    const Component* to = bp.FindComponent(l.to);
    if (to && (to->kind == ComponentKind::Database || to->kind == ComponentKind::Search) &&
        std::find(out.begin(), out.end(), to) == out.end())
      out.push_back(to);
  }
  return out;
}

/// Smallest t with tail(t) ≤ target (bisection; tail non-increasing).
template <class Tail>
double TailQuantile(Tail&& tail, double target, double scale) {
  double lo = 0, hi = std::max(scale, 1e-6);
  for (int i = 0; i < 200 && tail(hi) > target; ++i) hi *= 2;
  for (int i = 0; i < 200; ++i) {
    const double mid = (lo + hi) / 2;
    if (tail(mid) > target) lo = mid;
    else hi = mid;
  }
  return hi;
}

constexpr int kListItems = 20;          ///< N+1: items in a list, as in OPS005
constexpr double kHotPathRps = 10;      ///< N+1: a path at least this busy at peak is hot
constexpr double kNoSloBudgetS = 0.02;  ///< N+1: added latency that matters when no p99 SLO is stated

}  // namespace

void CheckConcurrencyAndDatabase(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Slo& slo = bp.requirements.slo;
  for (const Component& c : bp.components) {
    if (!IsComputeTier(c.kind)) continue;
    const auto peak = PeakRps(f, c.id);
    if (!peak) continue;
    const int replicas = Replicas(f, c);
    const double per = *peak / replicas;
    const double cpu = c.latency_s.value_or(0);
    const double block = c.blocking_time_s.value_or(0);
    const double held = cpu + block;
    const double needed = per * held;  // Little: requests in flight per replica
    const std::string little = "concurrency per replica = peak ÷ replicas × (latency + blocking_time) = " + Rate(*peak) +
                               " ÷ " + std::to_string(replicas) + " × (" + Dur(cpu) + " + " + Dur(block) + ") = " +
                               Num(needed);
    // CCY001: a pool smaller than the concurrency.
    if (c.threads && held > 0 && c.concurrency_model != "thread_per_request" && c.concurrency_model != "event_loop" &&
        *c.threads < needed) {
      out.AddOn("CCY001", c,
                c.id + " runs " + std::to_string(*c.threads) + " worker threads per replica but its peak load keeps " +
                    Num(needed) + " requests in flight: it tops out at " + Rate(*c.threads / held * replicas),
                {Ev("concurrency_needed", needed, little + " (Little)"),
                 Ev("threads", *c.threads, "max throughput = threads ÷ time held × replicas = " +
                                               std::to_string(*c.threads) + " ÷ " + Dur(held) + " × " +
                                               std::to_string(replicas) + " = " + Rate(*c.threads / held * replicas))});
    }
    // CCY002: thread per request whose stacks exceed the node's memory.
    if (c.concurrency_model == "thread_per_request" && c.memory_bytes && held > 0) {
      const double threads = std::ceil(needed - 1e-9);
      const double stack = concurrency::kDefaultStackBytes;
      if (threads * stack > *c.memory_bytes)
        out.AddOn("CCY002", c,
                  c.id + " starts a thread per request: " + Num(threads) + " threads × 1 MiB = " + Bytes(threads * stack) +
                      " of stacks per replica, more than its " + Bytes(*c.memory_bytes),
                  {Ev("thread_memory_bytes", threads * stack,
                      "threads × stack = " + Num(threads) + " × 1 MiB = " + Bytes(threads * stack) + "; " + little),
                   Ev("memory_bytes", *c.memory_bytes, c.id + ".memory = " + Bytes(*c.memory_bytes))});
    }
    const auto stores = StoresOf(bp, c);
    // DBO002: the connection pool against Little's law at the store's query time.
    if (c.db_pool_size) {
      for (const Component* s : stores) {
        if (!s->latency_s || *s->latency_s <= 0) continue;
        const double conns = per * *s->latency_s;
        if (*c.db_pool_size >= conns) continue;
        out.AddOn("DBO002", c,
                  c.id + " keeps " + Num(conns) + " connections to " + s->id + " busy per replica at peak but its pool holds " +
                      std::to_string(*c.db_pool_size),
                  {Ev("connections_needed", conns,
                      "connections per replica = peak ÷ replicas × query time = " + Rate(*peak) + " ÷ " +
                          std::to_string(replicas) + " × " + Dur(*s->latency_s) + " = " + Num(conns) +
                          " (Little; every request queries " + s->id + ")"),
                   Ev("db_pool_size", *c.db_pool_size, c.id + ".db_pool_size = " + std::to_string(*c.db_pool_size))});
      }
    }
    // DBO003: N+1 on a hot path.
    const bool n_plus_one =
        std::find(c.query_patterns.begin(), c.query_patterns.end(), "n_plus_one") != c.query_patterns.end();
    if (n_plus_one && *peak >= kHotPathRps) {
      for (const Component* s : stores) {
        if (!s->latency_s || *s->latency_s <= 0) continue;
        const double q = *s->latency_s;
        const double added = (kListItems - 1) * q;
        const double budget = slo.latency_p99_s ? 0.1 * *slo.latency_p99_s : kNoSloBudgetS;
        if (added < budget) continue;
        out.AddOn("DBO003", c,
                  c.id + " runs an N+1 query against " + s->id + " at " + Rate(*peak) + ": a list of " +
                      std::to_string(kListItems) + " adds " + Dur(added) + " per request and " +
                      Rate(*peak * (kListItems - 1)) + " of extra queries",
                  {Ev("added_latency_s", added,
                      "(N + 1 − 2) × query = (" + std::to_string(kListItems) + " + 1 − 2) × " + Dur(q) + " = " + Dur(added) +
                          " vs 2 batched queries (" + Dur(2 * q) + ")"),
                   Ev("budget_s", budget,
                      slo.latency_p99_s ? "10% of the p99 SLO " + Dur(*slo.latency_p99_s) + " = " + Dur(budget)
                                        : "no p99 SLO: " + Dur(budget) + " of added latency counts"),
                   Ev("extra_queries_per_s", *peak * (kListItems - 1),
                      "peak × (N − 1) = " + Rate(*peak) + " × " + std::to_string(kListItems - 1))});
        break;
      }
    }
  }
  // DBO001: pools against the database's max_connections.
  for (const Component& s : bp.components) {
    if (!s.max_connections) continue;
    double total = 0;
    std::string terms;
    for (const Component& c : bp.components) {
      if (!c.db_pool_size) continue;
      const auto stores = StoresOf(bp, c);
      if (std::find(stores.begin(), stores.end(), &s) == stores.end()) continue;
      const int r = c.autoscale && c.max_replicas > 0 ? c.max_replicas : c.replicas;
      total += static_cast<double>(r) * *c.db_pool_size;
      terms += (terms.empty() ? "" : " + ") + c.id + " " + std::to_string(r) + " × " + std::to_string(*c.db_pool_size);
    }
    if (total <= *s.max_connections) continue;
    out.AddOn("DBO001", s,
              "the pools of its callers can open " + Num(total) + " connections to " + s.id + ", which allows " +
                  std::to_string(*s.max_connections),
              {Ev("pool_connections", total, "Σ replicas (autoscale max) × db_pool_size = " + terms + " = " + Num(total)),
               Ev("max_connections", *s.max_connections, s.id + ".max_connections = " + std::to_string(*s.max_connections))});
  }
  // DBO004: access patterns without an index.
  for (const Component& s : bp.components) {
    for (const std::string& field : s.access_patterns) {
      if (std::find(s.indexes.begin(), s.indexes.end(), field) != s.indexes.end()) continue;
      std::string idx;
      for (const auto& i : s.indexes) idx += (idx.empty() ? "" : ", ") + i;
      out.AddOn("DBO004", s, s.id + " is queried by " + field + " but has no index on it",
                {Ev("access_pattern", std::nullopt, s.id + ".access_patterns contains " + field),
                 Ev("indexes", static_cast<double>(s.indexes.size()), s.id + ".indexes = [" + idx + "]")});
    }
  }
  // SLO001: the fan-out's p99 against the SLO.
  if (slo.latency_p99_s) {
    for (const Flow& fl : bp.flows) {
      if (fl.fan_out <= 1 || fl.path.size() < 2 || fl.async) continue;
      const std::string& backend = fl.path.back();
      const StationFigures* st = f.Station(backend);
      if (!st || !st->known) continue;
      const int k = fl.fan_out;
      const double upper = 1 - DetPow(0.99, 1.0 / k);
      double tail_p = 0;
      if (!st->saturated)
        tail_p = TailQuantile([&](double t) { return st->Tail(t); }, upper, std::max(st->mean_s, 1e-4));
      // The rest of the path: the sum of the other steps' mean times.
      double rest = 0;
      for (const Component* c : f.SyncPath(fl)) {
        if (c->id == backend) continue;
        if (const StationFigures* o = f.Station(c->id)) rest += o->mean_s;
      }
      const double total = tail_p + rest;
      if (!st->saturated && total <= *slo.latency_p99_s) continue;
      out.Add("SLO001", fl.id,
              "flow " + fl.id + " waits for " + std::to_string(k) + " parallel calls to " + backend + ": p99 ≈ " +
                  (st->saturated ? std::string("unbounded (saturated)") : Dur(total)) + " against the " +
                  Dur(*slo.latency_p99_s) + " SLO",
              fl.pointer, fl.location,
              {Ev("fan_out_quantile", 1 - upper,
                  "P(all k under t) = F(t)^k = 0.99 → F(t) = 0.99^(1/" + std::to_string(k) + ") = " +
                      Pct(1 - upper)),
               Ev("backend_tail_s", tail_p, backend + " at that quantile = " + Dur(tail_p)),
               Ev("fan_out_p99_s", total,
                  "fan-out p99 ≈ " + Dur(tail_p) + " + the rest of the path's means " + Dur(rest) + " = " + Dur(total))});
    }
  }
}

}  // namespace sdlab::score::detail
