// Consistency (CON), security (SEC, from security.h) and operability (OPS) rules.
#include <algorithm>

#include "score/facts.h"
#include "sdlab/shard.h"

namespace sdlab::score::detail {

namespace {

bool OnReadFlow(const Blueprint& bp, const std::string& id) {
  for (const Flow& f : bp.flows)
    if (f.kind == FlowKind::Read && std::find(f.path.begin(), f.path.end(), id) != f.path.end()) return true;
  return bp.flows.empty();
}

double WriteRate(const Facts& f) {
  if (f.estimate) return f.estimate->Value("write_rps");
  return 100;
}

}  // namespace

void CheckConsistency(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  // What the product asked for: eventual consistency accepts stale reads; strong or
  // read-your-writes makes them errors; unstated is a warning (an error with an RPO of 0).
  const bool eventual = f.consistency == Consistency::Eventual;
  const std::string stated = f.consistency == Consistency::Unstated
                                 ? std::string(f.consistency_required ? "not stated (RPO 0 taken as strong)" : "not stated")
                                 : std::string(ConsistencyName(f.consistency));
  const std::optional<Severity> escalate =
      f.consistency_required ? std::optional<Severity>(Severity::Error) : std::nullopt;
  // CON001: quorums that are not strict.
  for (const Component& c : bp.components) {
    const ReplicationSpec& r = c.replication;
    if (eventual || r.mode != ReplicationMode::Leaderless || r.n < 1) continue;
    if (r.r + r.w > r.n) continue;
    const double p_fresh = replication::KStaleness(r.n, std::min(r.r, r.n), std::min(r.w, r.n), 1);
    out.AddOn("CON001", c,
              c.id + ": R + W = " + std::to_string(r.r + r.w) + " ≤ N = " + std::to_string(r.n) +
                  ", a read can miss the latest write",
              {Ev("p_stale_read", 1.0 - p_fresh,
                  "P(stale read right after a write) = C(N − W, R) / C(N, R) = C(" + std::to_string(r.n - r.w) + ", " +
                      std::to_string(r.r) + ") / C(" + std::to_string(r.n) + ", " + std::to_string(r.r) + ") = " +
                      Pct(1.0 - p_fresh)),
               Ev("quorum", std::nullopt,
                  "N = " + std::to_string(r.n) + ", R = " + std::to_string(r.r) + ", W = " + std::to_string(r.w) +
                      "; consistency " + stated)},
              escalate);
  }
  // CON002: stale reads from replicas; CON003: multi-leader conflicts.
  for (const auto& a : f.stores) {
    const Component* c = bp.FindComponent(a.component);
    if (!c) continue;
    if (!eventual && c->replication.mode == ReplicationMode::LeaderFollower && a.read_your_writes_risk > 0)
      out.AddOn("CON002", *c,
                c->id + " serves reads from async replicas: " + Pct(a.read_your_writes_risk) +
                    " of reads right after a write miss it",
                {Ev("read_your_writes_risk", a.read_your_writes_risk,
                    "P(read after own write misses it) = " + Pct(a.read_your_writes_risk) + " (lag " +
                        Dur(c->replication.lag_s.value_or(0.1)) + " mean, read 1 s after the write; replication model)"),
                 Ev("monotonic_read_risk", a.monotonic_read_risk,
                    "P(a read goes back in time) = " + Pct(a.monotonic_read_risk) + "; consistency " + stated)},
                escalate);
    if (c->replication.mode == ReplicationMode::MultiLeader) {
      replication::MultiLeaderDef d;
      d.leaders = std::max(2, c->replicas);
      d.write_rate_per_s = std::max(1e-6, WriteRate(f));
      if (f.estimate) d.keys = std::max(1.0, f.estimate->Value("objects_total"));
      d.mean_lag_s = c->replication.lag_s.value_or(0.2);
      auto r = replication::AnalyzeMultiLeader(d);
      std::vector<Evidence> ev;
      if (r) {
        ev.push_back(Ev("lww_lost_writes_per_day", r->lww_lost_writes_per_day,
                        "last-writer-wins drops ≈ " + units::FormatCount(r->lww_lost_writes_per_day) +
                            " writes a day (" + std::to_string(d.leaders) + " leaders, " + Rate(d.write_rate_per_s) +
                            " writes, " + units::FormatCount(d.keys) + " keys, lag " + Dur(d.mean_lag_s) + ")"));
        ev.push_back(Ev("conflict_probability", r->conflict_probability,
                        "P(a write conflicts) = " + units::FormatPercent(r->conflict_probability)));
      }
      ev.push_back(Ev("consistency", std::nullopt, "consistency " + stated));
      out.AddOn("CON003", *c, c->id + " accepts writes on " + std::to_string(d.leaders) + " leaders: concurrent writes conflict",
                ev, f.consistency == Consistency::Strong ? std::optional<Severity>(Severity::Error) : std::nullopt);
    }
  }
  // CON004: at-least-once without idempotency.
  for (const auto& q : f.queues) {
    const Component* c = bp.FindComponent(q.component);
    if (!c || !q.duplicates_possible) continue;
    out.AddOn("CON004", *c, c->id + " delivers at least once and its consumer is not idempotent: effects can repeat",
              {Ev("delivery", std::nullopt,
                  c->id + ".delivery = " + std::string(DeliveryName(c->delivery)) + ", idempotent_consumer = false")});
  }
  // CON005: caches with unbounded staleness.
  for (const auto& a : f.caches) {
    const Component* c = bp.FindComponent(a.component);
    if (!c || !a.staleness_unbounded) continue;
    out.AddOn("CON005", *c,
              c->id + " (" + a.strategy + ") has no TTL: a changed entry can be served stale indefinitely",
              {Ev("ttl_s", std::nullopt, c->id + ".ttl: not set; strategy " + a.strategy)});
  }
}

void CheckSecurity(const Facts& f, FindingList& out) {
  for (const auto& s : f.security.findings)
    out.Add(s.rule, s.focus, s.message, s.pointer, s.location, s.evidence);
}

void CheckOperability(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  // OPS001: monitoring.
  if (!bp.security.monitoring)
    out.AddDesign("OPS001", "no monitoring: failures are found by users, MTTR is unbounded",
                  {Ev("monitoring", std::nullopt, "policies.security.monitoring = false")});
  // OPS002: load-balanced replicas without health checks.
  for (const Component& c : bp.components) {
    if (c.health_checks || (c.replicas < 2 && !c.autoscale) || c.kind == ComponentKind::Client) continue;
    std::string lb;
    for (const Link& l : bp.links) {
      const Component* from = bp.FindComponent(l.from);
      if (l.to == c.id && from && from->kind == ComponentKind::LoadBalancer) lb = from->id;
    }
    if (lb.empty()) continue;
    out.AddOn("OPS002", c,
              lb + " balances over " + std::to_string(c.replicas) + " " + c.id + " replicas without health checks",
              {Ev("failed_share", 1.0 / c.replicas,
                  "one dead replica gets 1/n = 1/" + std::to_string(c.replicas) + " = " + Pct(1.0 / c.replicas) +
                      " of requests until removed by hand")});
  }
  // OPS003: queues without a DLQ.
  for (const Component& c : bp.components) {
    if ((c.kind != ComponentKind::Queue && c.kind != ComponentKind::Stream) || c.dead_letter_queue) continue;
    out.AddOn("OPS003", c, c.id + " has no dead-letter queue: poison messages block or vanish",
              {Ev("dead_letter_queue", std::nullopt, c.id + ".dead_letter_queue = false")});
  }
  // OPS004: services talking to relational databases without pooling.
  for (const Link& l : bp.links) {
    const Component* a = bp.FindComponent(l.from);
    const Component* b = bp.FindComponent(l.to);
    if (!a || !b || !IsComputeTier(a->kind) || b->kind != ComponentKind::Database) continue;
    const bool relational = b->data_model == DataModel::Relational || l.protocol == Protocol::Sql;
    if (!relational || a->connection_pooling || b->connection_pooling) continue;
    out.AddOn("OPS004", *a,
              a->id + " (" + std::to_string(a->replicas) + " replicas) connects to " + b->id +
                  " with no connection pool",
              {Ev("connections", std::nullopt,
                  a->id + ".connection_pooling = false, " + b->id + ".connection_pooling = false; relational store")});
  }
  // OPS005 / OPS008: declared query patterns.
  for (const Component& c : bp.components) {
    auto has = [&](const char* p) {
      return std::find(c.query_patterns.begin(), c.query_patterns.end(), p) != c.query_patterns.end();
    };
    // The store it queries: the first database it links to, for the round-trip figures.
    const Component* store = nullptr;
    for (const Link& l : bp.links) {
      const Component* to = bp.FindComponent(l.to);
      if (l.from == c.id && to && (to->kind == ComponentKind::Database || to->kind == ComponentKind::Search)) {
        store = to;
        break;
      }
    }
    if (has("n_plus_one")) {
      std::vector<Evidence> ev{Ev("query_patterns", std::nullopt, c.id + ".query_patterns contains n_plus_one")};
      if (store && store->latency_s) {
        const double per = *store->latency_s;
        ev.push_back(Ev("page_of_20_s", 21 * per,
                        "a list of 20 items = 1 + 20 queries × " + Dur(per) + " (" + store->id + ") = " + Dur(21 * per) +
                            " vs 2 queries batched = " + Dur(2 * per)));
      }
      out.AddOn("OPS005", c,
                c.id + " declares an N+1 query pattern" + (store ? " against " + store->id : std::string()) +
                    ": one round trip per item of every list",
                ev);
    }
    if (has("unbounded_scan")) {
      std::vector<Evidence> ev{Ev("query_patterns", std::nullopt, c.id + ".query_patterns contains unbounded_scan")};
      if (f.estimate) {
        const double bytes = f.estimate->Value("storage_total_bytes");
        if (bytes > 0)
          ev.push_back(Ev("data_bytes", bytes,
                          "a full scan reads up to the data kept: " + Bytes(bytes) + " (one copy, estimate)"));
      }
      out.AddOn("OPS008", c,
                c.id + " declares an unbounded scan" + (store ? " of " + store->id : std::string()) +
                    ": its cost grows with the data, not the page",
                ev);
    }
  }
  // OPS009: retries into a tier that would saturate if every call were retried.
  for (const Link& l : bp.links) {
    if (l.retries <= 0) continue;
    const Component* to = bp.FindComponent(l.to);
    const TierLoad* t = to ? f.Tier(to->id) : nullptr;
    if (!to || !t) continue;
    const double amplified = t->utilization * (1 + l.retries);
    if (amplified < 1.0) continue;
    out.Add("OPS009", to->id,
            l.from + " retries calls to " + to->id + " " + std::to_string(l.retries) + " time(s): in an outage the load on " +
                to->id + " can reach " + Pct(amplified) + " of its capacity",
            l.pointer, l.location,
            {Ev("amplified_utilization", amplified,
                "utilisation × (1 + retries) = " + Pct(t->utilization) + " × " + std::to_string(1 + l.retries) + " = " +
                    Pct(amplified)),
             Ev("retries", l.retries, "link " + l.from + " → " + l.to + ": retries = " + std::to_string(l.retries) +
                                          (l.timeout_s ? ", timeout " + Dur(*l.timeout_s) : std::string(", no timeout")))});
  }
  // OPS006: read-heavy relational/document databases with no index.
  if (f.read_write_ratio >= 10) {
    for (const Component& c : bp.components) {
      if (c.kind != ComponentKind::Database || !c.indexes.empty()) continue;
      if (c.data_model != DataModel::Relational && c.data_model != DataModel::Document) continue;
      if (!OnReadFlow(bp, c.id)) continue;
      out.AddOn("OPS006", c,
                c.id + " serves a read-heavy load (" + Num(f.read_write_ratio) + " reads per write) with no index declared",
                {Ev("read_write_ratio", f.read_write_ratio, "reads ÷ writes = " + Num(f.read_write_ratio)),
                 Ev("indexes", 0.0, c.id + ".indexes = []")});
    }
  }
  // OPS007: mod-N hash sharding, from the shard model's resize figures.
  for (const Component& c : bp.components) {
    const ShardingSpec& s = c.sharding;
    if (s.scheme != ShardScheme::Hash || s.shards < 2 || s.vertical) continue;
    const shard::ShardAssessment a = shard::AssessSharding(c, bp.requirements);
    const double theory = static_cast<double>(s.shards) / (s.shards + 1);
    const double moved = a.moved_fraction_on_add > 0 ? a.moved_fraction_on_add : theory;
    std::vector<Evidence> ev{
        Ev("keys_moved_fraction", moved,
           "keys moved when a shard is added = " + Pct(moved) + " (shard model; theory N/(N + 1) = " +
               std::to_string(s.shards) + "/" + std::to_string(s.shards + 1) + " = " + Pct(theory) + ")"),
        Ev("ideal_moved_fraction", 1.0 / (s.shards + 1),
           "consistent hashing moves about 1/(N + 1) = " + Pct(1.0 / (s.shards + 1)))};
    if (a.rebalance_bytes_on_add > 0)
      ev.push_back(Ev("rebalance_bytes", a.rebalance_bytes_on_add,
                      "data to move on the next shard = " + Bytes(a.rebalance_bytes_on_add)));
    out.AddOn("OPS007", c,
              c.id + " shards by hash mod " + std::to_string(s.shards) + ": adding a shard moves " + Pct(moved) +
                  " of the keys",
              ev);
  }
}

}  // namespace sdlab::score::detail
