// web/lab_network.cpp — the network lab: one request's time to first byte from its parts (DNS, TCP,
// TLS or QUIC, proxies/gateways, the request, the server, the rest of the transfer) by
// network::Path, with the RTT from a distance (light in fibre, route factor 1.3) and an RTT
// breakdown bar chart. See labs.h.
#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/network.h"
#include "sdlab/units.h"

namespace sdlab::web {

void ComputeNetworkLab(NetworkLab& lab) {
  lab::Stopwatch sw;
  lab.error.clear();
  lab.path.reset();
  lab.geo.reset();
  network::GeoDef g;
  g.distance_km = std::clamp(lab.distance_km, 0.0, 20000.0);
  auto geo = network::AnalyzeGeo(g);
  network::PathDef d;
  auto tls = network::ParseTlsVersion(lab.tls);
  auto http = network::ParseHttpVersion(lab.http);
  if (!geo || !tls || !http) {
    lab.error = geo ? "unknown TLS or HTTP version" : geo.error().Message();
  } else {
    lab.geo = *geo;
    d.rtt_s = geo->rtt_s;
    d.dns_s = lab.dns_ms / 1000.0;
    d.server_s = lab.server_ms / 1000.0;
    d.response_bytes = lab.response_kb * 1000.0;
    d.new_connection = lab.new_connection;
    d.tls = *tls;
    d.http = *http;
    if (d.http == network::HttpVersion::Http3 && d.tls != network::TlsVersion::Tls13 &&
        d.tls != network::TlsVersion::Tls13ZeroRtt)
      d.tls = network::TlsVersion::Tls13;  // QUIC always runs TLS 1.3
    if (lab.gateway) d.hops.push_back({"api_gateway", *network::DefaultHopProcessing("api_gateway")});
    if (auto p = network::Path(d)) lab.path = std::move(*p);
    else lab.error = p.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawNetworkLab(PlaygroundState& s) {
  NetworkLab& lab = s.labs.network;
  if (lab.dirty) ComputeNetworkLab(lab);
  bool changed = false;
  static constexpr std::string_view kTls[] = {"none", "1.2", "1.2-resumed", "1.3", "1.3-0rtt"};
  static constexpr std::string_view kTlsLabels[] = {"none", "TLS 1.2", "1.2 resumed", "TLS 1.3", "1.3 0-RTT"};
  static constexpr std::string_view kHttp[] = {"1.1", "2", "3"};
  static constexpr std::string_view kHttpLabels[] = {"HTTP/1.1", "HTTP/2", "HTTP/3 (QUIC)"};
  changed |= lab::ChoiceRow(s, "TLS", "network:tls", &lab.tls, kTls, kTlsLabels, 5,
                            "TLS 1.2: 2 round trips after TCP's; 1.3: 1; a resumed 1.2 session: 1; 1.3 0-RTT: the "
                            "request rides in the first flight (replayable: idempotent requests only).");
  changed |= lab::ChoiceRow(s, "HTTP", "network:http", &lab.http, kHttp, kHttpLabels, 3,
                            "HTTP/3 runs over QUIC (UDP): transport and TLS 1.3 in one round trip.");
  if (lab::BeginInputs("##network_inputs", 2)) {
    changed |= lab::SliderDouble(s, "Distance", "network:distance_km", &lab.distance_km, 10.0, 20000.0, "%.0f km",
                                 "Client to server. Light in fibre covers 200 000 km/s; cables run ~1.3× the great "
                                 "circle. London–New York ≈ 5 600 km.",
                                 true);
    changed |= lab::SliderDouble(s, "Server time", "network:server_ms", &lab.server_ms, 0.0, 500.0, "%.0f ms",
                                 "Time the server spends before the first byte of the response.");
    changed |= lab::SliderDouble(s, "DNS lookup", "network:dns_ms", &lab.dns_ms, 0.0, 300.0, "%.0f ms",
                                 "0 when cached; a resolver miss adds the resolver's round trip to the authoritative "
                                 "servers (sdlab model network --mode dns).");
    changed |= lab::SliderDouble(s, "Response", "network:response_kb", &lab.response_kb, 1.0, 10000.0, "%.0f KB",
                                 "Bytes of the response. Slow start sends 10 segments (14.6 KB) in the first round trip "
                                 "and doubles every round.",
                                 true);
    ImGui::TableNextColumn();
    if (ImGui::Checkbox("new connection", &lab.new_connection)) changed = true;
    RecordItem(s, "network:new_connection");
    lab::Teach("Off: the request reuses an open connection (keep-alive, a pool): no handshakes, a warm window.");
    ImGui::TableNextColumn();
    if (ImGui::Checkbox("API gateway in the path", &lab.gateway)) changed = true;
    RecordItem(s, "network:gateway");
    lab::Teach("A gateway (auth, rate limiting, routing) adds ~2 ms plus one in-datacentre round trip (0.5 ms).");
    lab::EndInputs();
  }
  if (changed) ComputeNetworkLab(lab);
  ImGui::Separator();
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  if (!lab.path || !lab.geo) return;
  const network::PathResult& p = *lab.path;
  ImGui::Text("RTT %s (%s km of cable)   setup %.0f RTT", units::FormatDuration(p.rtt_s).c_str(),
              units::FormatNumber(lab.geo->route_km, 4).c_str(), p.setup_rtts);
  ImGui::Text("Time to first byte");
  ImGui::SameLine();
  ImGui::TextColored(lab::kColorAccent, "%s", units::FormatDuration(p.ttfb_s).c_str());
  RecordItem(s, "network:ttfb");
  ImGui::SameLine();
  ImGui::Text("  whole response %s", units::FormatDuration(p.total_s).c_str());
  std::vector<plot::Bar> bars;
  int i = 0;
  for (const network::PathPart& part : p.parts) {
    char text[64];
    std::snprintf(text, sizeof text, "%s (%.2f RTT)", units::FormatDuration(part.seconds).c_str(), part.rtts);
    bars.push_back({part.name, part.seconds * 1000.0, plot::SeriesColor(i++), text, part.formula});
  }
  ImGui::TextUnformatted("Breakdown, ms (hover a bar for its formula)");
  plot::BarChart("##network_bars", -1.0f, bars);
  RecordItem(s, "network:bars");
  for (const network::Formula& f : p.formulas) {
    if (f.key != "ttfb_s" && f.key != "total_s") continue;
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(lab::kColorDim, "%s", f.text.c_str());
    ImGui::PopTextWrapPos();
  }
  for (const std::string& n : p.notes) ImGui::TextColored(lab::kColorDim, "- %s", n.c_str());
}

nlohmann::json NetworkLabJson(const NetworkLab& lab) {
  return {{"inputs",
           {{"distance_km", lab.distance_km},
            {"tls", lab.tls},
            {"http", lab.http},
            {"new_connection", lab.new_connection},
            {"gateway", lab.gateway},
            {"dns_ms", lab.dns_ms},
            {"server_ms", lab.server_ms},
            {"response_kb", lab.response_kb}}},
          {"error", lab.error},
          {"updates", lab.updates},
          {"geo", lab.geo ? network::ToJson(*lab.geo) : nlohmann::json(nullptr)},
          {"path", lab.path ? network::ToJson(*lab.path) : nlohmann::json(nullptr)}};
}

}  // namespace sdlab::web
