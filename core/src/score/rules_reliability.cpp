// Availability (AVL) and durability (DUR) rules: SPOFs, availability against the SLO, N+1, regions,
// failover, load balancing, quorums; backups, 3-2-1, RPO/RTO, write-back, replication, delivery.
#include <algorithm>
#include <set>

#include "score/facts.h"

namespace sdlab::score::detail {

namespace {

/// Managed, internally distributed services: one declared instance is not one node.
bool IsManagedDistributed(ComponentKind k) {
  return k == ComponentKind::Cdn || k == ComponentKind::Dns || k == ComponentKind::ObjectStorage;
}

bool IsStore(ComponentKind k) {
  return k == ComponentKind::Database || k == ComponentKind::ObjectStorage || k == ComponentKind::Dfs ||
         k == ComponentKind::Search;
}

bool OnWriteFlow(const Blueprint& bp, const std::string& id) {
  for (const Flow& f : bp.flows)
    if (f.kind == FlowKind::Write && std::find(f.path.begin(), f.path.end(), id) != f.path.end()) return true;
  return false;
}

}  // namespace

void CheckAvailability(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Slo& slo = bp.requirements.slo;
  // AVL001: SPOFs on request paths.
  for (const std::string& id : f.availability.spofs) {
    const Component* c = bp.FindComponent(id);
    if (!c || IsManagedDistributed(c->kind)) continue;
    std::string flows;
    for (const auto& fa : f.availability.flows)
      if (std::find(fa.spofs.begin(), fa.spofs.end(), id) != fa.spofs.end()) flows += (flows.empty() ? "" : ", ") + fa.flow;
    const bool store_single = c->kind == ComponentKind::Database && c->replication.mode == ReplicationMode::None &&
                              c->replicas > 1;
    out.AddOn("AVL001", *c,
              std::string(ComponentKindName(c->kind)) + " " + id + " is a single point of failure on " + flows,
              {Ev("redundant_nodes", 1.0,
                  store_single ? id + ": " + std::to_string(c->replicas) +
                                     " replicas but no replication: one copy of the data, one node that matters"
                               : id + ": replicas = " + std::to_string(c->replicas)),
               Ev("node_availability", reliability::DefaultNodeAvailability(c->kind),
                  "a " + std::string(ComponentKindName(c->kind)) + " node is up " +
                      Pct(reliability::DefaultNodeAvailability(c->kind)) + " of the time (default)")});
  }
  // AVL002: flows below the availability SLO.
  if (slo.availability) {
    for (const auto& fa : f.availability.flows) {
      if (fa.availability >= *slo.availability) continue;
      const Flow* flow = f.FindFlow(fa.flow);
      out.Add("AVL002", fa.flow,
              fa.kind + " flow " + fa.flow + " is available " + units::FormatPercent(fa.availability) + ", below the SLO's " +
                  units::FormatPercent(*slo.availability),
              flow ? flow->pointer : "", flow ? flow->location : SourceLocation{},
              {Ev("availability", fa.availability, fa.formula),
               Ev("slo_availability", *slo.availability, "SLO = " + units::FormatPercent(*slo.availability)),
               Ev("downtime_per_year_s", fa.downtime.per_year_s,
                  "downtime = (1 − A) × year = " + Dur(fa.downtime.per_year_s) + " a year")});
    }
  }
  // AVL003: no spare for a lost node.
  for (const TierLoad& t : f.tiers) {
    const Component& c = *t.component;
    if (c.kind == ComponentKind::Client || IsManagedDistributed(c.kind) || t.utilization >= 1.0) continue;
    const int fleet = c.autoscale && c.max_replicas > 0 ? c.max_replicas : c.replicas;
    if (fleet < 2) continue;
    const double after = t.peak_rps / ((fleet - 1) * t.capacity_rps);
    if (after >= 1.0)
      out.AddOn("AVL003", c,
                "with one of " + std::to_string(fleet) + " " + c.id + " replicas down, the rest run at " + Pct(after) +
                    " at peak",
                {Ev("utilization_after_loss", after,
                    "ρ(n − 1) = " + Rate(t.peak_rps) + " ÷ (" + std::to_string(fleet - 1) + " × " +
                        Rate(t.capacity_rps) + ") = " + Pct(after)),
                 Ev("replicas_for_n_plus_1", static_cast<double>(t.servers_needed + 1),
                    "N+1 = ⌈peak ÷ (capacity × target)⌉ + 1 = " + std::to_string(t.servers_needed + 1))});
  }
  // AVL004: four nines or more in one region without a hot standby.
  if (slo.availability && *slo.availability >= 0.9999 - 1e-12 && bp.backup.dr_tier != DrTier::Hot) {
    std::set<std::string> regions;
    for (const Zone& z : bp.zones)
      if (!z.region.empty()) regions.insert(z.region);
    if (regions.size() <= 1)
      out.AddDesign("AVL004",
                    "an SLO of " + units::FormatPercent(*slo.availability) + " served from " +
                        (regions.empty() ? std::string("one (unnamed) region") : "one region (" + *regions.begin() + ")") +
                        " with no hot standby",
                    {Ev("regions", static_cast<double>(regions.size()),
                        "distinct regions among zones = " + std::to_string(regions.size()) + "; dr_tier = " +
                            f.backup.dr.name)});
  }
  // AVL005: failover slower than the RTO.
  for (const auto& a : f.stores) {
    const Component* c = bp.FindComponent(a.component);
    if (!c || !a.meets_rto || *a.meets_rto || !a.rto_s || !slo.rto_s) continue;
    out.AddOn("AVL005", *c,
              c->id + " fails over in " + Dur(*a.rto_s) + ", longer than the RTO of " + Dur(*slo.rto_s),
              {Ev("failover_rto_s", *a.rto_s,
                  "RTO = detection + election + catch-up + redirect = " + Dur(*a.rto_s) + " (replication model)"),
               Ev("slo_rto_s", *slo.rto_s, "SLO RTO = " + Dur(*slo.rto_s))});
  }
  // AVL006: clients straight to a replicated service.
  for (const Link& l : bp.links) {
    const Component* a = bp.FindComponent(l.from);
    const Component* b = bp.FindComponent(l.to);
    if (!a || !b || a->kind != ComponentKind::Client || b->kind != ComponentKind::Service) continue;
    if (b->replicas < 2 && !b->autoscale) continue;
    out.AddOn("AVL006", *b,
              "clients " + a->id + " call " + b->id + " (" + std::to_string(b->replicas) +
                  " replicas) directly, with no load balancer or gateway",
              {Ev("replicas", static_cast<double>(b->replicas), "link " + a->id + " → " + b->id)});
  }
  // AVL007: quorums that need every replica.
  for (const Component& c : bp.components) {
    const ReplicationSpec& r = c.replication;
    if (r.mode != ReplicationMode::Leaderless || r.n < 2) continue;
    if (r.w < r.n && r.r < r.n) continue;
    replication::QuorumDef q;
    q.n = r.n;
    q.r = std::min(r.r, r.n);
    q.w = std::min(r.w, r.n);
    auto qr = replication::AnalyzeQuorum(q);
    const std::string which = r.w >= r.n ? (r.r >= r.n ? "reads and writes" : "writes") : "reads";
    std::vector<Evidence> ev{Ev("quorum", std::nullopt,
                                "N = " + std::to_string(r.n) + ", R = " + std::to_string(r.r) + ", W = " +
                                    std::to_string(r.w))};
    if (qr) {
      ev.push_back(Ev("write_availability", qr->write_availability,
                      "P(≥ W of N up) = " + units::FormatPercent(qr->write_availability) + " (nodes 99%)"));
      ev.push_back(Ev("read_availability", qr->read_availability,
                      "P(≥ R of N up) = " + units::FormatPercent(qr->read_availability)));
    }
    out.AddOn("AVL007", c, c.id + ": " + which + " need all " + std::to_string(r.n) + " replicas; one down blocks them",
              ev);
  }
}

void CheckDurability(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Slo& slo = bp.requirements.slo;
  const BackupPolicy& b = bp.backup;
  std::vector<const Component*> stores;
  for (const Component& c : bp.components)
    if (IsStore(c.kind)) stores.push_back(&c);
  // DUR001 / DUR002: backups.
  if (!stores.empty() && b.type == BackupType::None) {
    std::string list;
    for (const auto* c : stores) list += (list.empty() ? "" : ", ") + c->id;
    out.AddDesign("DUR001", std::to_string(stores.size()) + " store(s) (" + list + ") and no backups",
                  {Ev("backup_type", std::nullopt, "policies.backup.type = none")});
  }
  if (b.type != BackupType::None && !f.backup.rule_321.pass) {
    std::string missing;
    for (const auto& m : f.backup.rule_321.missing) missing += (missing.empty() ? "" : ", ") + m;
    out.AddDesign("DUR002", "backups break 3-2-1: missing " + missing,
                  {Ev("copies", b.copies, "copies = " + std::to_string(b.copies) + " (≥ 3)"),
                   Ev("media", b.media, "media = " + std::to_string(b.media) + " (≥ 2)"),
                   Ev("offsite", b.offsite ? 1.0 : 0.0, std::string("offsite = ") + (b.offsite ? "yes" : "no") + " (≥ 1)")});
  }
  // DUR003: RPO 0 with async or no replication on a written database.
  if (slo.rpo_s && *slo.rpo_s == 0) {
    for (const auto& a : f.stores) {
      const Component* c = bp.FindComponent(a.component);
      if (!c || c->kind != ComponentKind::Database || !OnWriteFlow(bp, c->id)) continue;
      const ReplicationSpec& r = c->replication;
      const bool async = r.mode == ReplicationMode::None || r.mode == ReplicationMode::MultiLeader ||
                         (r.mode == ReplicationMode::LeaderFollower &&
                          (r.sync == ReplicationSync::Async || (r.followers == 0 && c->replicas <= 1))) ||
                         (r.mode == ReplicationMode::Leaderless && r.w < 2);
      if (!async) continue;
      std::string how = r.mode == ReplicationMode::None ? "no replication"
                        : r.mode == ReplicationMode::Leaderless ? "a write quorum of W = " + std::to_string(r.w)
                                                                 : a.mode + " " + a.sync + " replication";
      out.AddOn("DUR003", *c, c->id + " takes writes with " + how + " but the RPO is 0",
                {Ev("rpo_s", a.rpo_s,
                    a.rpo_s ? "RPO = " + Dur(*a.rpo_s) + " (writes in flight when the leader dies; replication model)"
                            : std::string("RPO = everything since the last backup")),
                 Ev("slo_rpo_s", 0.0, "SLO RPO = 0 s")});
    }
  }
  // DUR004 / DUR005: backups and DR against RPO/RTO.
  if (!stores.empty()) {
    if (f.backup.meets_rpo && !*f.backup.meets_rpo && f.backup.rpo_s && slo.rpo_s)
      out.AddDesign("DUR004",
                    "after a disaster the design loses up to " + Dur(*f.backup.rpo_s) + " of writes; the RPO is " +
                        Dur(*slo.rpo_s),
                    {Ev("dr_rpo_s", *f.backup.rpo_s,
                        "RPO = min(backup interval, " + f.backup.dr.name + " DR) = " + Dur(*f.backup.rpo_s)),
                     Ev("slo_rpo_s", *slo.rpo_s, "SLO RPO = " + Dur(*slo.rpo_s))});
    if (slo.rto_s) {
      if (f.backup.meets_rto && !*f.backup.meets_rto && f.backup.rto_s)
        out.AddDesign("DUR005",
                      f.backup.dr.name + " DR recovers in " + Dur(*f.backup.rto_s) + "; the RTO is " + Dur(*slo.rto_s),
                      {Ev("dr_rto_s", *f.backup.rto_s, f.backup.dr.name + " DR: RTO " + Dur(*f.backup.rto_s) +
                                                           " (" + f.backup.dr.description + ")"),
                       Ev("slo_rto_s", *slo.rto_s, "SLO RTO = " + Dur(*slo.rto_s))});
      else if (b.dr_tier == DrTier::None)
        out.AddDesign("DUR005", "no DR tier: a region loss means rebuilding from backups; the RTO is " + Dur(*slo.rto_s),
                      {Ev("dr_tier", std::nullopt, "policies.backup.dr_tier = none"),
                       Ev("slo_rto_s", *slo.rto_s, "SLO RTO = " + Dur(*slo.rto_s))});
    }
  }
  // DUR006: write-back caches.
  for (const auto& a : f.caches) {
    const Component* c = bp.FindComponent(a.component);
    if (!c || c->cache_strategy != CacheStrategy::WriteBack) continue;
    out.AddOn("DUR006", *c,
              c->id + " acknowledges writes before they reach the store: up to " + Bytes(a.data_at_risk_bytes) +
                  " lost if a node crashes",
              {Ev("data_at_risk_bytes", a.data_at_risk_bytes,
                  "dirty data on one node at the end of a flush interval = " + Bytes(a.data_at_risk_bytes) +
                      " (cache model, 1 s flush)")});
  }
  // DUR007: databases with a single copy.
  for (const Component& c : bp.components) {
    if (c.kind != ComponentKind::Database || c.replication.mode != ReplicationMode::None) continue;
    out.AddOn("DUR007", c, c.id + " keeps one copy of its data (no replication)",
              {Ev("replication", std::nullopt, c.id + ".replication.mode = none")});
  }
  // DUR008: at-most-once on a write flow.
  for (const Component& c : bp.components) {
    if ((c.kind != ComponentKind::Queue && c.kind != ComponentKind::Stream) || c.delivery != Delivery::AtMostOnce) continue;
    if (!OnWriteFlow(bp, c.id)) continue;
    out.AddOn("DUR008", c, c.id + " delivers at most once on a write path: failed deliveries are lost",
              {Ev("delivery", std::nullopt, c.id + ".delivery = at_most_once")});
  }
}

}  // namespace sdlab::score::detail
