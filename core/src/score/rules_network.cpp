// Network rules (NET): polling fan-out where push is cheaper (NET001), connection handshakes on a
// cross-region synchronous call (NET002), JSON on a busy internal link (NET003), HTTP/1.1 between
// services with many calls in flight (NET004). The figures come from sdlab/network.h,
// sdlab/realtime.h and sdlab/serialization.h.
#include <algorithm>
#include <string>

#include "score/facts.h"
#include "sdlab/network.h"
#include "sdlab/realtime.h"
#include "sdlab/serialization.h"

namespace sdlab::score::detail {

namespace {

constexpr double kAssumedCrossRegionRttS = 0.07;  // as LAT003: 35 ms one way
constexpr double kHandshakeSloShare = 0.5;        // NET002: setup ≥ half the latency SLO
constexpr double kJsonHeavyBytesPerS = 10e6;      // NET003: 10 MB/s (80 Mbit/s) of JSON
constexpr double kHttp11InFlightPerCaller = 10;   // NET004: calls in flight per caller replica
constexpr double kPollingMinRequestsPerS = 100;   // NET001: below this polling is cheap anyway
constexpr double kPushShare = 0.5;                // NET001: push needs ≤ half the bandwidth

std::string RegionOf(const Blueprint& bp, const Component& c) {
  if (c.zone.empty()) return "";
  const Zone* z = bp.FindZone(c.zone);
  return z ? z->region : "";
}

const Link* FindLink(const Blueprint& bp, const std::string& from, const std::string& to) {
  for (const Link& l : bp.links)
    if (l.from == from && l.to == to) return &l;
  return nullptr;
}

int TlsRttsOf(TlsMode t) {
  switch (t) {
    case TlsMode::None: return 0;
    case TlsMode::Tls12: return 2;
    case TlsMode::Tls13: return 1;
    case TlsMode::Mtls: return 1;  // mTLS over TLS 1.3 assumed
  }
  return 0;
}

/// Peak requests/s that take the link from → to (every flow step over it), and the bytes they carry.
struct LinkTraffic {
  double rps = 0;
  double bytes_per_s = 0;
  bool json_flow = false;  ///< a flow over the link states serialization "json"
};
LinkTraffic TrafficOn(const Facts& f, const Link& l) {
  LinkTraffic t;
  if (!f.estimate) return t;
  const double peak_reads = f.estimate->Value("peak_read_rps");
  const double peak_writes = f.estimate->Value("peak_write_rps");
  const Requirements& req = f.bp.requirements;
  const double read_size = req.read_size_bytes.value_or(req.object_size_bytes);
  for (const Flow& flow : f.bp.flows) {
    for (std::size_t i = 1; i < flow.path.size(); ++i) {
      if (flow.path[i - 1] != l.from || flow.path[i] != l.to) continue;
      const bool read = flow.kind == FlowKind::Read;
      const double rps = (read ? peak_reads : peak_writes) * flow.share;
      t.rps += rps;
      t.bytes_per_s += rps * (read ? read_size : req.object_size_bytes);
      if (flow.serialization == "json") t.json_flow = true;
    }
  }
  return t;
}

void CheckPollingFanout(const Facts& f, FindingList& out) {
  for (const Component& c : f.bp.components) {
    if (!c.realtime || c.realtime->subscribers <= 0) continue;
    const auto transport = realtime::ParseTransport(c.realtime->transport);
    if (!transport || (*transport != realtime::Transport::Polling && *transport != realtime::Transport::LongPolling))
      continue;
    realtime::FanoutDef d;
    d.subscribers = c.realtime->subscribers;
    d.updates_per_s = c.realtime->updates_per_s.value_or(1.0 / 60);
    if (c.realtime->poll_interval_s) d.poll_interval_s = *c.realtime->poll_interval_s;
    auto r = realtime::CompareTransports(d);
    if (!r) continue;
    const realtime::TransportRow& now = r->Row(*transport);
    const realtime::TransportRow& sse = r->Row(realtime::Transport::Sse);
    const realtime::TransportRow& ws = r->Row(realtime::Transport::WebSocket);
    const realtime::TransportRow& push = ws.bandwidth_bytes_per_s <= sse.bandwidth_bytes_per_s ? ws : sse;
    if (now.requests_per_s < kPollingMinRequestsPerS) continue;
    if (push.bandwidth_bytes_per_s > kPushShare * now.bandwidth_bytes_per_s) continue;
    const std::string name(realtime::TransportName(*transport));
    const std::string push_name(realtime::TransportName(push.transport));
    out.AddOn("NET001", c,
              c.id + " serves " + Num(d.subscribers) + " subscribers by " + name + ": " + Rate(now.requests_per_s) +
                  " requests and " + Bytes(now.bandwidth_bytes_per_s) + "/s, where " + push_name + " needs " +
                  Bytes(push.bandwidth_bytes_per_s) + "/s and no requests",
              {Ev("subscribers", d.subscribers,
                  "N = " + Num(d.subscribers) + " subscribers, u = " + Num(d.updates_per_s) + " updates/s each" +
                      (c.realtime->updates_per_s ? "" : " (assumed: 1 per minute)")),
               Ev("requests_per_s", now.requests_per_s, now.formula),
               Ev("bandwidth_bytes_per_s", now.bandwidth_bytes_per_s,
                  name + " bandwidth = " + Bytes(now.bandwidth_bytes_per_s) + "/s"),
               Ev("push_bandwidth_bytes_per_s", push.bandwidth_bytes_per_s,
                  push.formula + " → " + Bytes(push.bandwidth_bytes_per_s) + "/s")});
  }
}

void CheckHandshakes(const Facts& f, FindingList& out) {
  const Slo& slo = f.bp.requirements.slo;
  std::optional<double> budget = slo.latency_p99_s;
  std::string budget_name = "p99";
  if (!budget) {
    budget = slo.latency_p95_s;
    budget_name = "p95";
  }
  if (!budget) {
    budget = slo.latency_p50_s;
    budget_name = "p50";
  }
  if (!budget) return;
  std::vector<const Link*> reported;
  for (const Flow& flow : f.bp.flows) {
    const auto path = f.SyncPath(flow);
    for (std::size_t i = 1; i < path.size(); ++i) {
      const std::string ra = RegionOf(f.bp, *path[i - 1]);
      const std::string rb = RegionOf(f.bp, *path[i]);
      if (ra.empty() || rb.empty() || ra == rb) continue;
      const Link* l = FindLink(f.bp, path[i - 1]->id, path[i]->id);
      if (!l || l->connection_reuse.value_or(false)) continue;
      if (std::find(reported.begin(), reported.end(), l) != reported.end()) continue;
      double rtt = kAssumedCrossRegionRttS;
      std::string rtt_text = "assumed 70 ms between regions";
      if (l->latency_s) {
        rtt = 2 * *l->latency_s;
        rtt_text = "2 × the link's latency";
      } else if (auto km = network::RegionDistanceKm(ra, rb)) {
        network::GeoDef g;
        g.distance_km = *km;
        if (auto geo = network::AnalyzeGeo(g)) {
          rtt = geo->rtt_s;
          rtt_text = Num(*km) + " km × 1.3 route factor at 200 000 km/s, there and back";
        }
      }
      const bool quic = l->http_version == "3";
      const int tls_rtts = TlsRttsOf(l->tls);
      const int setup_rtts = quic ? 1 : 1 + tls_rtts;
      const double setup_s = setup_rtts * rtt;
      if (setup_s < kHandshakeSloShare * *budget) continue;
      reported.push_back(l);
      const std::string setup_text =
          quic ? std::string("QUIC + TLS 1.3 = 1 RTT")
               : "1 TCP + " + std::to_string(tls_rtts) + " TLS (" + std::string(TlsModeName(l->tls)) + ") = " +
                     std::to_string(setup_rtts) + " RTT";
      out.Add("NET002", l->to,
              "calls " + l->from + " (" + ra + ") → " + l->to + " (" + rb + ") open a connection each time: " +
                  setup_text + " = " + Dur(setup_s) + " before the request, against a " + budget_name + " SLO of " +
                  Dur(*budget),
              l->pointer, l->location,
              {Ev("round_trip_s", rtt, "RTT " + ra + " ↔ " + rb + " = " + Dur(rtt) + " (" + rtt_text + ")"),
               Ev("setup_rtts", setup_rtts,
                  setup_text + (l->connection_reuse ? "; connection_reuse is false"
                                                    : "; connection_reuse not stated: no reuse assumed")),
               Ev("setup_s", setup_s, "setup = " + std::to_string(setup_rtts) + " × " + Dur(rtt) + " = " + Dur(setup_s)),
               Ev("slo_" + budget_name + "_s", *budget, "SLO " + budget_name + " = " + Dur(*budget))});
    }
  }
}

void CheckJsonLinks(const Facts& f, FindingList& out) {
  serialization::PayloadDef typical;
  auto sizes = serialization::Compare(typical);
  if (!sizes) return;
  const double pb_share = sizes->Row(serialization::Format::Protobuf).share_of_json;
  for (const Link& l : f.bp.links) {
    const Component* from = f.bp.FindComponent(l.from);
    const Component* to = f.bp.FindComponent(l.to);
    if (!from || !to || from->kind == ComponentKind::Client || to->kind == ComponentKind::Client) continue;
    const LinkTraffic t = TrafficOn(f, l);
    if (l.serialization != "json" && !(l.serialization.empty() && t.json_flow)) continue;
    if (t.bytes_per_s < kJsonHeavyBytesPerS) continue;
    const double saved = t.bytes_per_s * (1 - pb_share);
    out.Add("NET003", l.to,
            "link " + l.from + " → " + l.to + " carries " + Bytes(t.bytes_per_s) + "/s of JSON at peak; Protocol "
                "Buffers would send about " + Pct(pb_share) + " of it, saving " + Bytes(saved) + "/s",
            l.pointer, l.location,
            {Ev("bytes_per_s", t.bytes_per_s,
                "peak traffic on the link = " + Rate(t.rps) + " × message size = " + Bytes(t.bytes_per_s) + "/s"),
             Ev("protobuf_share", pb_share,
                "typical record (4 ints, 2 doubles, 2 bools, 4 strings of 20 B): " +
                    sizes->Row(serialization::Format::Protobuf).formula + " vs " +
                    sizes->Row(serialization::Format::Json).formula),
             Ev("saved_bytes_per_s", saved, "saved = " + Bytes(t.bytes_per_s) + "/s × (1 − " + Pct(pb_share) + ")")});
  }
}

void CheckHttp11(const Facts& f, FindingList& out) {
  for (const Link& l : f.bp.links) {
    if (l.http_version != "1.1") continue;
    const Component* from = f.bp.FindComponent(l.from);
    const Component* to = f.bp.FindComponent(l.to);
    if (!from || !to || !IsComputeTier(from->kind) || !IsComputeTier(to->kind)) continue;
    const StationFigures* st = f.Station(l.to);
    if (!st || !st->known || st->saturated) continue;
    const LinkTraffic t = TrafficOn(f, l);
    const double in_flight = t.rps * st->mean_s;
    const double per_caller = in_flight / std::max(1, from->replicas);
    if (per_caller <= kHttp11InFlightPerCaller) continue;
    out.Add("NET004", l.to,
            "calls " + l.from + " → " + l.to + " over HTTP/1.1 have " + Num(per_caller) +
                " requests in flight per " + l.from + " replica: that many connections each (HTTP/2 would use one)",
            l.pointer, l.location,
            {Ev("peak_rps", t.rps, "peak calls on the link = " + Rate(t.rps)),
             Ev("callee_mean_s", st->mean_s, l.to + " mean response at peak = " + Dur(st->mean_s)),
             Ev("in_flight_per_caller", per_caller,
                "Little's law: " + Rate(t.rps) + " × " + Dur(st->mean_s) + " / " + std::to_string(from->replicas) +
                    " replicas = " + Num(per_caller) + " (> " + Num(kHttp11InFlightPerCaller) + ")")});
  }
}

}  // namespace

void CheckNetwork(const Facts& f, FindingList& out) {
  CheckPollingFanout(f, out);
  CheckHandshakes(f, out);
  CheckJsonLinks(f, out);
  CheckHttp11(f, out);
}

}  // namespace sdlab::score::detail
