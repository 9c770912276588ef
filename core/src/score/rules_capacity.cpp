// Capacity (CAP) and cost (CST) rules: utilisation against the target, saturation, growth,
// autoscaling limits, cache and storage sizing, shard hot spots, partitions; right-sizing.
#include <algorithm>
#include <cmath>

#include "score/facts.h"
#include "sdlab/random.h"
#include "sdlab/shard.h"

namespace sdlab::score::detail {

namespace {

std::string UtilFormula(const TierLoad& t) {
  return "peak utilisation = peak ÷ (replicas × capacity) = " + Rate(t.peak_rps) + " ÷ (" +
         std::to_string(t.replicas) + " × " + Rate(t.capacity_rps) + ") = " + Pct(t.utilization);
}

bool IsLogEngine(const Component& c) {
  if (c.kind == ComponentKind::Stream) return true;
  std::string e = c.engine;
  for (char& ch : e) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  for (const char* name : {"kafka", "kinesis", "pulsar", "redpanda", "event hubs", "eventhubs"})
    if (e.find(name) != std::string::npos) return true;
  return false;
}

/// Share of the read traffic whose flows pass through a component (capped at 1; 1 without flows).
double ReadShareThrough(const Blueprint& bp, const std::string& id) {
  if (bp.flows.empty()) return 1.0;
  double share = 0;
  for (const Flow& f : bp.flows) {
    if (f.kind != FlowKind::Read) continue;
    if (std::find(f.path.begin(), f.path.end(), id) != f.path.end()) share += f.share;
  }
  return std::min(1.0, share);
}

/// Share of the writes whose flows end at the component (its share of the data of record), capped
/// at 1; 0 when no write flow ends there.
double WriteShareInto(const Blueprint& bp, const std::string& id) {
  double share = 0;
  for (const Flow& f : bp.flows)
    if (f.kind == FlowKind::Write && !f.path.empty() && f.path.back() == id) share += f.share;
  return std::min(1.0, share);
}

/// "deliver 23.1K/s + ..." from the estimate's tier formula ("servers = ...; peak load = ...").
std::string PeakLoadText(const std::string& formula) {
  const std::string key = "peak load = ";
  const std::size_t at = formula.rfind(key);
  return at == std::string::npos ? formula : formula.substr(at + key.size());
}

}  // namespace

void CheckCapacity(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Requirements& q = bp.requirements;
  const double target = q.target_utilization;
  // CAP001 / CAP002 / CAP006 / CAP007: tiers.
  for (const TierLoad& t : f.tiers) {
    const Component& c = *t.component;
    if (c.kind == ComponentKind::Client) continue;
    std::vector<Evidence> ev{Ev("peak_utilization", t.utilization, UtilFormula(t)),
                             Ev("peak_rps", t.peak_rps, "peak load = " + PeakLoadText(t.load_formula))};
    if (t.utilization >= 1.0) {
      out.AddOn("CAP002", c,
                c.id + " receives " + Rate(t.peak_rps) + " at peak but " + std::to_string(t.replicas) + " × " +
                    Rate(t.capacity_rps) + " serve " + Rate(t.replicas * t.capacity_rps) + " (utilisation " +
                    Pct(t.utilization) + ")",
                ev);
    } else if (t.utilization > target + 1e-12) {
      ev.push_back(Ev("target_utilization", target, "target utilisation = " + Pct(target) + "; servers needed = " +
                                                         std::to_string(t.servers_needed)));
      out.AddOn("CAP001", c,
                c.id + " runs at " + Pct(t.utilization) + " of capacity at peak, above the " + Pct(target) + " target",
                ev);
    }
    if (c.autoscale && c.max_replicas > 0) {
      const double at_max = t.peak_rps / (c.max_replicas * t.capacity_rps);
      if (at_max > target + 1e-12)
        out.AddOn("CAP007", c,
                  c.id + " autoscales to at most " + std::to_string(c.max_replicas) + " replicas: " + Pct(at_max) +
                      " utilisation at peak, above the " + Pct(target) + " target",
                  {Ev("utilization_at_max", at_max,
                      "utilisation at max = " + Rate(t.peak_rps) + " ÷ (" + std::to_string(c.max_replicas) + " × " +
                          Rate(t.capacity_rps) + ") = " + Pct(at_max)),
                   Ev("replicas_needed", t.servers_needed,
                      "replicas needed = ⌈" + Rate(t.peak_rps) + " ÷ (" + Rate(t.capacity_rps) + " × " + Pct(target) +
                          ")⌉ = " + std::to_string(t.servers_needed))});
    }
    const double g = q.growth_per_month;
    const int fleet = c.autoscale && c.max_replicas > 0 ? c.max_replicas : t.replicas;
    const double u = t.peak_rps / (fleet * t.capacity_rps);
    if (g > 0 && u > 0 && u < 1.0 && t.utilization < 1.0) {
      const double months = DetLog(1.0 / u) / DetLog(1.0 + g);
      if (months < 12.0)
        out.AddOn("CAP006", c,
                  c.id + " saturates in " + Num(months) + " months at " + Pct(g) + " growth a month" +
                      (c.autoscale ? " even at its autoscale max" : ""),
                  {Ev("months_to_saturation", months,
                      "months = ln(1/ρ) ÷ ln(1 + g) = ln(1/" + Pct(u) + ") ÷ ln(1 + " + Pct(g) + ") = " + Num(months)),
                   Ev("utilization", u, "ρ = " + Rate(t.peak_rps) + " ÷ (" + std::to_string(fleet) + " × " +
                                            Rate(t.capacity_rps) + ") = " + Pct(u))});
    }
  }
  // CAP003: caches smaller than their share of the hot set.
  if (f.estimate) {
    const double hot = f.estimate->Value("cache_memory_bytes");
    for (const Component& c : bp.components) {
      if (c.kind != ComponentKind::Cache || !c.memory_bytes) continue;
      const double share = ReadShareThrough(bp, c.id);
      const double need = hot * share;
      const double have = *c.memory_bytes * c.replicas;
      if (need > 0 && have < need)
        out.AddOn("CAP003", c,
                  c.id + " holds " + Bytes(have) + " but the hot set of the reads it serves is " + Bytes(need),
                  {Ev("cache_bytes", have,
                      "cache = memory × nodes = " + Bytes(*c.memory_bytes) + " × " + std::to_string(c.replicas) +
                          " = " + Bytes(have)),
                   Ev("hot_set_bytes", need,
                      "hot set = " + f.estimate->Find("cache_memory_bytes")->formula + "; × read share through " +
                          c.id + " " + Pct(share) + " = " + Bytes(need))});
    }
  }
  // CAP004 / CAP009: sharding, from the shard model (20 000 keys placed on the scheme).
  for (const Component& c : bp.components) {
    const ShardingSpec& s = c.sharding;
    if (s.scheme == ShardScheme::None || s.shards < 2 || s.vertical) continue;
    const bool range_monotonic = s.scheme == ShardScheme::Range && s.key_monotonic;
    const bool few_vnodes = s.scheme == ShardScheme::ConsistentHash && s.vnodes > 0 && s.vnodes < 50;
    if (!range_monotonic && !few_vnodes) continue;
    const shard::ShardAssessment a = shard::AssessSharding(c, q);
    if (range_monotonic && a.hot_shard) {
      std::vector<Evidence> ev{Ev("hot_reason", std::nullopt, a.hot_reason + " (shard model, " + a.scheme + ")")};
      if (f.estimate) {
        const double w = f.estimate->Value("peak_write_rps");
        ev.push_back(Ev("hot_shard_write_rps", w,
                        "writes on the hot shard at peak = " + Rate(w) + " (all of them) vs an even share of " +
                            Rate(w / s.shards)));
      }
      out.AddOn("CAP004", c,
                c.id + " range-shards on '" + (s.key.empty() ? std::string("its key") : s.key) +
                    "', which grows with time: the last of " + std::to_string(s.shards) + " shards takes every new write",
                ev);
    }
    if (few_vnodes) {
      const double rel = 1.0 / std::sqrt(static_cast<double>(s.vnodes));
      out.AddOn("CAP009", c,
                c.id + " uses consistent hashing with " + std::to_string(s.vnodes) +
                    " virtual nodes per shard: the busiest shard holds " + Num(a.max_over_avg) + "× the average",
                {Ev("max_over_avg", a.max_over_avg,
                    "busiest shard ÷ average = " + Num(a.max_over_avg) + ", stddev ÷ average = " +
                        Num(a.stddev_over_avg) + " (shard model: 20 000 keys on " + std::to_string(s.shards) +
                        " shards)"),
                 Ev("relative_stddev", rel,
                    "expected stddev of a shard's share ≈ 1/√V = 1/√" + std::to_string(s.vnodes) + " = " + Pct(rel))});
    }
  }
  // CAP005: storage of the store of record.
  if (f.estimate) {
    const double total = f.estimate->Value("storage_total_replicated_bytes");
    for (const Component& c : bp.components) {
      const double share = WriteShareInto(bp, c.id);
      if (!c.storage_bytes || *c.storage_bytes <= 0 || share <= 0) continue;
      const double need = total * share;
      const double have = *c.storage_bytes * c.replicas;
      if (need > have) {
        const Figure* fig = f.estimate->Find("storage_total_replicated_bytes");
        out.AddOn("CAP005", c,
                  c.id + " provides " + Bytes(have) + " but keeps " + Bytes(need) + " over the retention period",
                  {Ev("provisioned_bytes", have,
                      "provisioned = storage × replicas = " + Bytes(*c.storage_bytes) + " × " +
                          std::to_string(c.replicas) + " = " + Bytes(have)),
                   Ev("needed_bytes", need,
                      (fig ? fig->formula : std::string("estimate")) + "; × share of writes stored in " + c.id + " " +
                          Pct(share) + " = " + Bytes(need))});
      }
    }
  }
  // CAP008: partitions vs consumers.
  for (const Component& c : bp.components) {
    if ((c.kind != ComponentKind::Queue && c.kind != ComponentKind::Stream) || !IsLogEngine(c)) continue;
    for (const Link& l : bp.links) {
      if (l.from != c.id) continue;
      const Component* consumer = bp.FindComponent(l.to);
      if (!consumer) continue;
      const int n = consumer->autoscale ? std::max(consumer->replicas, consumer->max_replicas) : consumer->replicas;
      if (n > c.partitions)
        out.AddOn("CAP008", c,
                  c.id + " has " + std::to_string(c.partitions) + " partitions for " + std::to_string(n) + " " +
                      consumer->id + " consumers: " + std::to_string(n - c.partitions) + " sit idle",
                  {Ev("partitions", c.partitions, "partitions = " + std::to_string(c.partitions)),
                   Ev("consumers", n, consumer->id + " replicas = " + std::to_string(n) +
                                          "; busy consumers = min(partitions, consumers) = " +
                                          std::to_string(c.partitions))});
    }
  }
}

void CheckCost(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Requirements& q = bp.requirements;
  for (const TierLoad& t : f.tiers) {
    const Component& c = *t.component;
    if (!IsComputeTier(c.kind) || c.autoscale) continue;
    // CST001: far below target, more than N+1.
    if (c.replicas >= 3 && t.utilization < 0.25 && c.replicas > t.servers_needed + 1)
      out.AddOn("CST001", c,
                c.id + " runs " + std::to_string(c.replicas) + " replicas at " + Pct(t.utilization) + " at peak; " +
                    std::to_string(t.servers_needed) + " + 1 would do",
                {Ev("peak_utilization", t.utilization, UtilFormula(t)),
                 Ev("replicas_needed", t.servers_needed + 1,
                    "⌈" + Rate(t.peak_rps) + " ÷ (" + Rate(t.capacity_rps) + " × " + Pct(q.target_utilization) +
                        ")⌉ + 1 = " + std::to_string(t.servers_needed + 1))});
    // CST004: sized for a high peak without autoscaling.
    if (q.peak_factor >= 4 && c.replicas >= 3) {
      const double avg = t.peak_rps / q.peak_factor;
      const int avg_needed =
          std::max(1, static_cast<int>(std::ceil(avg / (t.capacity_rps * q.target_utilization) - 1e-9)));
      if (c.replicas >= 2 * avg_needed)
        out.AddOn("CST004", c,
                  c.id + " keeps " + std::to_string(c.replicas) + " replicas all day for a peak " + Num(q.peak_factor) +
                      "× the average; the average needs " + std::to_string(avg_needed),
                  {Ev("peak_factor", q.peak_factor, "peak ÷ average = " + Num(q.peak_factor)),
                   Ev("replicas_for_average", avg_needed,
                      "⌈" + Rate(avg) + " ÷ (" + Rate(t.capacity_rps) + " × " + Pct(q.target_utilization) +
                          ")⌉ = " + std::to_string(avg_needed))});
    }
  }
  // CST002: caches that miss most reads.
  for (const auto& a : f.caches) {
    const Component* c = bp.FindComponent(a.component);
    if (!c || a.hit_ratio >= 0.5) continue;
    out.AddOn("CST002", *c,
              c->id + " hits " + Pct(a.hit_ratio) + " of reads" + (a.hit_ratio_declared ? "" : " (modelled)"),
              {Ev("hit_ratio", a.hit_ratio,
                  a.hit_ratio_declared ? "hit ratio = " + Pct(a.hit_ratio) + " (declared)"
                                       : "hit ratio = " + Pct(a.hit_ratio) + " (" +
                                             (a.model.empty() ? std::string("Che's approximation") : a.model) + ", Zipf " +
                                             Num(a.zipf_alpha) + ", " + units::FormatCount(a.cached_objects) +
                                             " of " + units::FormatCount(a.catalogue_objects) + " objects cached)")});
  }
  // CST003: hot DR where warm is enough.
  const Slo& slo = q.slo;
  if (bp.backup.dr_tier == DrTier::Hot && slo.rto_s && slo.rpo_s && *slo.rto_s >= 3600 && *slo.rpo_s >= 900)
    out.AddDesign("CST003",
                  "hot DR (cost ×2.0) for an RTO of " + Dur(*slo.rto_s) + " and an RPO of " + Dur(*slo.rpo_s) +
                      "; warm (×1.5, RTO 1 h, RPO 15 min) meets both",
                  {Ev("rto_s", *slo.rto_s, "SLO RTO = " + Dur(*slo.rto_s) + " ≥ warm RTO 1 h"),
                   Ev("rpo_s", *slo.rpo_s, "SLO RPO = " + Dur(*slo.rpo_s) + " ≥ warm RPO 15 min")});
}

}  // namespace sdlab::score::detail
