// Latency (LAT) rules: percentiles against the SLO, cross-region synchronous hops, read-heavy
// paths with no cache, deep synchronous call chains.
#include <algorithm>

#include "score/facts.h"

namespace sdlab::score::detail {

namespace {

bool IsApplicationHop(ComponentKind k) { return IsComputeTier(k); }

std::string RegionOf(const Blueprint& bp, const Component& c) {
  if (c.zone.empty()) return "";
  const Zone* z = bp.FindZone(c.zone);
  return z ? z->region : "";
}

}  // namespace

void CheckLatency(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  const Slo& slo = bp.requirements.slo;
  // LAT001 / LAT002: percentiles of entry flows against the SLO.
  for (const FlowLatency& l : f.latencies) {
    const Flow* flow = f.FindFlow(l.flow);
    if (!flow || !f.IsEntryFlow(*flow)) continue;
    auto check = [&](const char* rule, const char* name, const std::optional<double>& slo_s,
                     const std::optional<double>& value) {
      if (!slo_s) return;
      if (!l.saturated && value && *value <= *slo_s) return;
      std::string what = l.saturated ? std::string("unbounded (a component is saturated)") : Dur(*value);
      std::vector<Evidence> ev;
      ev.push_back(Ev(std::string(name) + "_s", l.saturated ? std::nullopt : value,
                      std::string(name) + " (" + l.source + ") = " + what));
      ev.push_back(Ev("slo_" + std::string(name) + "_s", *slo_s, "SLO " + std::string(name) + " = " + Dur(*slo_s)));
      if (std::string(name) == "p99" && !l.formula.empty()) ev.push_back(Ev("formula", std::nullopt, l.formula));
      out.Add(rule, l.flow,
              std::string(name) + " of " + l.kind + " flow " + l.flow + " is " + what + ", above the SLO's " +
                  Dur(*slo_s),
              flow->pointer, flow->location, ev);
    };
    check("LAT001", "p99", slo.latency_p99_s, l.p99_s);
    check("LAT002", "p95", slo.latency_p95_s, l.p95_s);
    check("LAT002", "p50", slo.latency_p50_s, l.p50_s);
  }
  // LAT003: synchronous hops between regions.
  for (const Flow& flow : bp.flows) {
    const auto path = f.SyncPath(flow);
    for (std::size_t i = 1; i < path.size(); ++i) {
      const std::string ra = RegionOf(bp, *path[i - 1]);
      const std::string rb = RegionOf(bp, *path[i]);
      if (ra.empty() || rb.empty() || ra == rb) continue;
      double rtt = 0.07;
      bool declared = false;
      for (const Link& l : bp.links)
        if (l.from == path[i - 1]->id && l.to == path[i]->id && l.latency_s) {
          rtt = 2 * *l.latency_s;
          declared = true;
        }
      out.Add("LAT003", flow.id,
              "flow " + flow.id + " calls " + path[i]->id + " (" + rb + ") from " + path[i - 1]->id + " (" + ra +
                  ") synchronously",
              flow.pointer, flow.location,
              {Ev("round_trip_s", rtt,
                  "round trip " + ra + " ↔ " + rb + " = " + Dur(rtt) +
                      (declared ? " (2 × the link's latency)" : " (assumed: 35 ms one way)"))});
      break;
    }
  }
  // LAT004: read-heavy flows that hit a database with no cache/CDN before it.
  if (f.read_write_ratio >= 10) {
    for (const Flow& flow : bp.flows) {
      if (flow.kind != FlowKind::Read) continue;
      bool cached = false;
      for (const Component* c : f.SyncPath(flow)) {
        if (c->kind == ComponentKind::Cache || c->kind == ComponentKind::Cdn) cached = true;
        if (c->kind == ComponentKind::Database && !cached) {
          out.Add("LAT004", flow.id,
                  "read flow " + flow.id + " reaches database " + c->id + " with no cache or CDN in front at " +
                      Num(f.read_write_ratio) + " reads per write",
                  flow.pointer, flow.location,
                  {Ev("read_write_ratio", f.read_write_ratio,
                      "reads ÷ writes = " + Num(f.read_write_ratio) + " (≥ 10: read-heavy)")});
          break;
        }
      }
    }
  }
  // LAT006: a timeout shorter than the callee's p99: that share of calls fail (and are retried).
  for (const Link& l : bp.links) {
    if (!l.timeout_s) continue;
    const StationFigures* st = f.Station(l.to);
    if (!st || !st->known) continue;
    if (!st->saturated && st->p99_s <= *l.timeout_s) continue;
    const double p_timeout = st->Tail(*l.timeout_s);
    out.Add("LAT006", l.to,
            "calls " + l.from + " → " + l.to + " time out after " + Dur(*l.timeout_s) + ", below " + l.to + "'s p99 (" +
                (st->saturated ? std::string("unbounded: saturated") : Dur(st->p99_s)) + "): " + Pct(p_timeout) +
                " of calls fail",
            l.pointer, l.location,
            {Ev("timeout_s", *l.timeout_s, "timeout = " + Dur(*l.timeout_s)),
             Ev("callee_p99_s", st->saturated ? std::nullopt : std::optional<double>(st->p99_s),
                l.to + " p99 at peak = " + (st->saturated ? std::string("unbounded") : Dur(st->p99_s)) +
                    (st->queueing ? " (M/M/" + std::to_string(st->servers) + ", λ = " + Rate(st->arrival_rps) + ")"
                                  : " (exponential delay)")),
             Ev("p_timeout", p_timeout, "P(response > timeout) = " + Pct(p_timeout))});
  }
  // LAT005: deep synchronous chains.
  for (const Flow& flow : bp.flows) {
    std::vector<std::string> hops;
    for (const Component* c : f.SyncPath(flow))
      if (IsApplicationHop(c->kind)) hops.push_back(c->id);
    if (hops.size() > 4) {
      std::string list;
      for (const auto& h : hops) list += (list.empty() ? "" : " → ") + h;
      out.Add("LAT005", flow.id,
              "flow " + flow.id + " waits on " + std::to_string(hops.size()) + " application hops in series", flow.pointer,
              flow.location,
              {Ev("hops", static_cast<double>(hops.size()), list + " (more than 4)")});
    }
  }
}

}  // namespace sdlab::score::detail
