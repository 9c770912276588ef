// Facts: every model run once on the blueprint; the flow latency estimate; shared formatting.
#include "score/facts.h"

#include <algorithm>
#include <cmath>

#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab::score::detail {

// [SECTION] Formatting --------------------------------------------------------------------------------

std::string Pct(double fraction) { return units::FormatPercent(fraction, 3); }
std::string Rate(double per_s) { return units::FormatRate(per_s); }
std::string Bytes(double bytes) { return units::FormatBytes(bytes); }
std::string Dur(double seconds) { return units::FormatDuration(seconds); }
std::string Num(double v) { return units::FormatNumber(v); }
Evidence Ev(std::string key, std::optional<double> value, std::string text) {
  return Evidence{std::move(key), value, std::move(text)};
}

bool IsComputeTier(ComponentKind k) {
  return k == ComponentKind::Service || k == ComponentKind::ApiGateway || k == ComponentKind::BatchProcessor ||
         k == ComponentKind::StreamProcessor;
}

// [SECTION] Finding sink --------------------------------------------------------------------------------

void FindingList::Add(std::string_view rule, std::string focus, std::string message, std::string pointer,
                      SourceLocation loc, std::vector<Evidence> evidence, std::optional<Severity> severity) {
  const Rule* r = FindRule(rule);
  Finding f;
  f.rule = std::string(rule);
  f.area = r ? r->area : Area::Operability;
  f.severity = severity.value_or(r ? r->severity : Severity::Warning);
  f.message = std::move(message);
  f.focus = std::move(focus);
  f.pointer = std::move(pointer);
  f.location = loc;
  f.evidence = std::move(evidence);
  findings_.push_back(std::move(f));
}

// [SECTION] Facts helpers -------------------------------------------------------------------------------

const TierLoad* Facts::Tier(const std::string& id) const {
  for (const auto& t : tiers)
    if (t.component && t.component->id == id) return &t;
  return nullptr;
}

const StationFigures* Facts::Station(const std::string& id) const {
  for (const auto& [cid, st] : stations)
    if (cid == id) return &st;
  return nullptr;
}

double StationFigures::Tail(double t_s) const {
  if (!known) return 0;
  if (saturated) return 1;
  if (queueing) return queue::MmcResponseTail(arrival_rps, service_rate, servers, t_s);
  return mean_s > 0 ? DetExp(-t_s / mean_s) : 0;
}

const Flow* Facts::FindFlow(const std::string& id) const {
  for (const auto& f : bp.flows)
    if (f.id == id) return &f;
  return nullptr;
}

bool Facts::IsEntryFlow(const Flow& f) const {
  if (f.path.empty()) return false;
  const Component* c = bp.FindComponent(f.path.front());
  return c && c->kind == ComponentKind::Client;
}

std::vector<const Component*> Facts::SyncPath(const Flow& f) const {
  std::vector<const Component*> out;
  for (const auto& id : f.path) {
    const Component* c = bp.FindComponent(id);
    if (!c) continue;
    out.push_back(c);
    if (f.async && (c->kind == ComponentKind::Queue || c->kind == ComponentKind::Stream)) break;
  }
  return out;
}

namespace {

std::vector<TierLoad> TierLoads(const Blueprint& bp, const Estimate& e) {
  std::vector<TierLoad> out;
  for (const TierEstimate& t : e.tiers) {
    const Component* c = bp.FindComponent(t.component);
    if (!c || t.capacity_rps <= 0) continue;
    TierLoad l;
    l.component = c;
    l.peak_rps = t.peak_rps;
    l.capacity_rps = t.capacity_rps;
    l.servers_needed = t.servers_needed;
    l.replicas = c->replicas;
    if (c->autoscale) l.replicas = std::max(c->replicas, std::min(c->max_replicas, t.servers_needed));
    l.replicas = std::max(1, l.replicas);
    l.utilization = t.peak_rps / (l.replicas * t.capacity_rps);
    l.load_formula = t.formula;
    out.push_back(std::move(l));
  }
  return out;
}

/// One component on a flow as a queueing station.
struct Station {
  const Component* component = nullptr;
  double reach = 1;       ///< share of the flow's requests that reach it
  double mean_s = 0;
  double p_s[3] = {0, 0, 0};  ///< p50, p95, p99
  bool saturated = false;
  bool known = false;     ///< has a latency or a capacity
  bool queueing = false;
  double arrival_rps = 0, service_rate = 0;
  int servers = 0;
};

constexpr double kQuantiles[3] = {0.5, 0.95, 0.99};
/// One-way latency assumed for a link between zones of different regions that declares none.
constexpr double kCrossRegionOneWayS = 0.035;

Station MakeStation(const Component& c, const TierLoad* tier) {
  Station s;
  s.component = &c;
  if (c.capacity_rps && *c.capacity_rps > 0 && tier) {
    const double cap = *c.capacity_rps;
    int k = 1;
    if (c.latency_s && *c.latency_s > 0) k = std::max(1, static_cast<int>(std::ceil(cap * *c.latency_s - 1e-9)));
    const double servers = static_cast<double>(tier->replicas) * k;
    const int c_servers = servers > 1e6 ? 1000000 : static_cast<int>(servers);
    const double mu = cap / k;
    const queue::QueueMetrics m = queue::AnalyzeMmc(tier->peak_rps, mu, c_servers);
    s.known = true;
    s.queueing = true;
    s.arrival_rps = tier->peak_rps;
    s.service_rate = mu;
    s.servers = c_servers;
    if (!m.stable || !m.mean_response_s || !m.response_p99_s) {
      s.saturated = true;
      return s;
    }
    s.mean_s = *m.mean_response_s;
    s.p_s[0] = m.response_p50_s.value_or(s.mean_s);
    s.p_s[1] = m.response_p95_s.value_or(s.mean_s);
    s.p_s[2] = *m.response_p99_s;
  } else if (c.latency_s && *c.latency_s > 0) {
    // A pure delay with exponential time: p_q = L × ln(1/(1 − q)).
    s.known = true;
    s.mean_s = *c.latency_s;
    for (int q = 0; q < 3; ++q) s.p_s[q] = *c.latency_s * DetLog(1.0 / (1.0 - kQuantiles[q]));
  }
  return s;
}

double LinkOneWay(const Blueprint& bp, const Component& a, const Component& b, bool& assumed) {
  for (const Link& l : bp.links)
    if (l.from == a.id && l.to == b.id && l.latency_s) return *l.latency_s;
  const Zone* za = a.zone.empty() ? nullptr : bp.FindZone(a.zone);
  const Zone* zb = b.zone.empty() ? nullptr : bp.FindZone(b.zone);
  if (za && zb && !za->region.empty() && !zb->region.empty() && za->region != zb->region) {
    assumed = true;
    return kCrossRegionOneWayS;
  }
  return 0;
}

FlowLatency FlowPercentiles(const Blueprint& bp, const Flow& f, const std::vector<TierLoad>& tiers) {
  FlowLatency out;
  out.flow = f.id;
  out.kind = f.kind == FlowKind::Read ? "read" : "write";
  out.source = "estimate";
  auto tier_of = [&](const std::string& id) -> const TierLoad* {
    for (const auto& t : tiers)
      if (t.component->id == id) return &t;
    return nullptr;
  };
  std::vector<Station> stations;
  std::vector<double> hop_in_s;  // 2 × one-way latency of the link into station i
  bool assumed_region = false;
  double reach = 1;
  const Component* prev = nullptr;
  for (const auto& id : f.path) {
    const Component* c = bp.FindComponent(id);
    if (!c) continue;
    if (c->kind != ComponentKind::Client) {
      Station s = MakeStation(*c, tier_of(c->id));
      s.reach = reach;
      stations.push_back(s);
      hop_in_s.push_back(prev ? 2 * LinkOneWay(bp, *prev, *c, assumed_region) : 0.0);
      if (f.kind == FlowKind::Read && (c->kind == ComponentKind::Cache || c->kind == ComponentKind::Cdn))
        reach *= 1.0 - c->hit_ratio.value_or(c->kind == ComponentKind::Cache ? 0.8 : 0.9);
    }
    prev = c;
    if (f.async && (c->kind == ComponentKind::Queue || c->kind == ComponentKind::Stream)) break;
  }
  std::optional<double>* targets[3] = {&out.p50_s, &out.p95_s, &out.p99_s};
  for (int q = 0; q < 3; ++q) {
    const double threshold = 1.0 - kQuantiles[q];
    // The dominant station is the one with the widest tail (largest p99 − mean); the flow's p_q is
    // the others' means plus the dominant's p_q (one station gives its own percentiles back).
    double means = 0, links = 0, excess = 0, widest = -1;
    std::string dominant, mean_terms, saturated_id;
    bool saturated = false;
    for (std::size_t i = 0; i < stations.size(); ++i) {
      const Station& s = stations[i];
      if (s.reach <= threshold + 1e-12) continue;
      links += hop_in_s[i];
      if (!s.known) continue;
      if (s.saturated) {
        if (!saturated) saturated_id = s.component->id;
        saturated = true;
        continue;
      }
      means += s.mean_s;
      mean_terms += (mean_terms.empty() ? "" : " + ") + s.component->id + " " + Dur(s.mean_s);
      if (s.p_s[2] - s.mean_s > widest) {
        widest = s.p_s[2] - s.mean_s;
        excess = s.p_s[q] - s.mean_s;
        dominant = s.component->id;
      }
    }
    if (saturated) {
      out.saturated = true;
      if (q == 2)
        out.formula = "p99 unbounded: " + saturated_id + " is saturated at peak (utilisation ≥ 100%)";
      continue;
    }
    const double value = means + excess + links;
    *targets[q] = value;
    if (q == 2 && dominant.empty()) {
      out.formula = "p99 ≈ links " + Dur(links) + ": no component on the path states a latency or a capacity";
    } else if (q == 2) {
      out.formula = "p99 ≈ Σ means (" + (mean_terms.empty() ? std::string("none") : mean_terms) + ") + tail of " +
                    (dominant.empty() ? std::string("none") : dominant) + " (p99 − mean = " + Dur(excess) +
                    ") + links " + Dur(links) + " = " + Dur(value);
      if (assumed_region) out.formula += "; a cross-region link without a latency is taken as 35 ms one way";
    }
  }
  return out;
}

}  // namespace

}  // namespace sdlab::score::detail

namespace sdlab::score {

std::vector<FlowLatency> EstimateFlowLatencies(const Blueprint& bp) {
  std::vector<FlowLatency> out;
  auto est = EstimateBlueprint(bp);
  if (!est) return out;
  const auto tiers = detail::TierLoads(bp, *est);
  for (const Flow& f : bp.flows) out.push_back(detail::FlowPercentiles(bp, f, tiers));
  return out;
}

}  // namespace sdlab::score

namespace sdlab::score::detail {

Facts BuildFacts(const Blueprint& bp, const ScoreOptions& options, std::vector<std::string>& notes) {
  Facts f{bp, std::nullopt, {}, {}, {}, {}, {}, {}, {}, {}, {}, Consistency::Unstated, false, 0};
  auto est = EstimateBlueprint(bp);
  if (est) {
    f.estimate = std::move(*est);
    f.tiers = TierLoads(bp, *f.estimate);
    for (const Component& c : bp.components) {
      if (c.kind == ComponentKind::Client) continue;
      const TierLoad* t = nullptr;
      for (const auto& tl : f.tiers)
        if (tl.component == &c) t = &tl;
      const Station st = MakeStation(c, t);
      if (!st.known) continue;
      StationFigures fig;
      fig.known = true;
      fig.queueing = st.queueing;
      fig.saturated = st.saturated;
      fig.arrival_rps = st.arrival_rps;
      fig.service_rate = st.service_rate;
      fig.servers = st.servers;
      fig.mean_s = st.mean_s;
      fig.p99_s = st.p_s[2];
      f.stations.emplace_back(c.id, fig);
    }
    for (const Flow& flow : bp.flows) f.latencies.push_back(FlowPercentiles(bp, flow, f.tiers));
    const double w = f.estimate->Value("write_rps");
    const double r = f.estimate->Value("read_rps");
    if (w > 0) f.read_write_ratio = r / w;
  } else {
    notes.push_back("no estimate (" + est.error().message + "): capacity, latency and sizing rules skipped");
  }
  for (const FlowLatency& sim : options.simulated) {
    bool replaced = false;
    for (auto& l : f.latencies)
      if (l.flow == sim.flow) {
        l = sim;
        replaced = true;
      }
    if (!replaced) f.latencies.push_back(sim);
  }
  if (!options.simulated.empty()) notes.push_back("latency rules use simulated percentiles where the simulation gives them");
  f.availability = reliability::AssessAvailability(bp);
  f.backup = reliability::AssessBackup(bp.backup, bp.requirements);
  for (const Component& c : bp.components) {
    if (c.kind == ComponentKind::Cache) f.caches.push_back(cache::AssessCache(c, bp.requirements));
    if (c.kind == ComponentKind::Database || c.kind == ComponentKind::Search)
      f.stores.push_back(replication::AssessReplication(c, bp.requirements));
    if (c.kind == ComponentKind::Queue || c.kind == ComponentKind::Stream) {
      std::optional<double> rate;
      if (const TierLoad* t = f.Tier(c.id)) rate = t->peak_rps;
      f.queues.push_back(queue::AssessQueue(c, rate));
    }
  }
  f.security = security::AnalyzeSecurity(bp);
  // Consistency as stated; when unstated, an RPO of zero is taken to ask for it.
  f.consistency = bp.requirements.consistency;
  f.consistency_required = f.consistency == Consistency::Strong || f.consistency == Consistency::ReadYourWrites ||
                           (f.consistency == Consistency::Unstated && bp.requirements.slo.rpo_s &&
                            *bp.requirements.slo.rpo_s == 0);
  return f;
}

}  // namespace sdlab::score::detail
