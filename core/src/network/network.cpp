// The network models; see sdlab/network.h for what each one assumes.
#include "sdlab/network.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/random.h"

namespace sdlab::network {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

std::string InputError::Message() const { return field + ": " + message; }

namespace {

constexpr double kMaxRttS = 100.0;
constexpr double kMaxBytes = 1e15;
constexpr double kMaxRate = 1e12;

Unexpected<InputError> Bad(std::string field, std::string message) {
  return Unexpected(InputError{std::move(field), std::move(message)});
}
bool Finite(double v) { return std::isfinite(v); }
// "" when ok, else the problem.
std::optional<InputError> CheckRange(const char* field, double v, double lo, double hi, bool lo_open = false) {
  if (!Finite(v) || v < lo || v > hi || (lo_open && v == lo)) {
    return InputError{field, std::string("must be ") + (lo_open ? "> " : "between ") + Fmt(lo) +
                                 (lo_open ? " and ≤ " : " and ") + Fmt(hi)};
  }
  return std::nullopt;
}
std::string Ms(double s) { return Fmt(s * 1000.0) + " ms"; }
nlohmann::json FormulasJson(const std::vector<Formula>& fs) {
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : fs) f[x.key] = x.text;
  return f;
}
double Segments(double bytes, double mss) { return std::ceil(bytes / mss); }

const std::vector<RegionInfo> kRegions = {
    {"af-south-1", "Cape Town", -33.92, 18.42},       {"ap-east-1", "Hong Kong", 22.32, 114.17},
    {"ap-northeast-1", "Tokyo", 35.68, 139.69},       {"ap-northeast-2", "Seoul", 37.57, 126.98},
    {"ap-south-1", "Mumbai", 19.08, 72.88},           {"ap-southeast-1", "Singapore", 1.35, 103.82},
    {"ap-southeast-2", "Sydney", -33.87, 151.21},     {"ca-central-1", "Montreal", 45.50, -73.57},
    {"eu-central-1", "Frankfurt", 50.11, 8.68},       {"eu-north-1", "Stockholm", 59.33, 18.07},
    {"eu-south-1", "Milan", 45.46, 9.19},             {"eu-west-1", "Dublin", 53.35, -6.26},
    {"eu-west-2", "London", 51.51, -0.13},            {"eu-west-3", "Paris", 48.86, 2.35},
    {"me-south-1", "Bahrain", 26.07, 50.56},          {"sa-east-1", "Sao Paulo", -23.55, -46.63},
    {"us-east-1", "N. Virginia", 38.95, -77.45},      {"us-east-2", "Ohio", 39.96, -83.00},
    {"us-west-1", "N. California", 37.35, -121.96},   {"us-west-2", "Oregon", 45.84, -119.70},
};

}  // namespace

// [SECTION] Geography ----------------------------------------------------------------------------------

const std::vector<RegionInfo>& Regions() { return kRegions; }

const RegionInfo* FindRegion(std::string_view id) {
  for (const RegionInfo& r : kRegions)
    if (r.id == id) return &r;
  return nullptr;
}

Expected<double, InputError> RegionDistanceKm(std::string_view from, std::string_view to) {
  const RegionInfo* a = FindRegion(from);
  const RegionInfo* b = FindRegion(to);
  std::string known;
  for (const RegionInfo& r : kRegions) known += (known.empty() ? "" : ", ") + std::string(r.id);
  if (!a) return Bad("from", "unknown region '" + std::string(from) + "' (known: " + known + ")");
  if (!b) return Bad("to", "unknown region '" + std::string(to) + "' (known: " + known + ")");
  constexpr double kPi = 3.14159265358979323846;
  constexpr double kRad = kPi / 180.0;
  // Unit vectors; the chord between them gives the central angle 2·asin(chord/2).
  double s1, c1, s2, c2, so1, co1, so2, co2;
  DetSinCos(a->lat * kRad, s1, c1);
  DetSinCos(b->lat * kRad, s2, c2);
  DetSinCos(a->lon * kRad, so1, co1);
  DetSinCos(b->lon * kRad, so2, co2);
  const double dx = c1 * co1 - c2 * co2, dy = c1 * so1 - c2 * so2, dz = s1 - s2;
  const double chord = std::sqrt(dx * dx + dy * dy + dz * dz);
  // Rounded to whole km: any last-bit difference of asin between C libraries vanishes.
  return std::round(2.0 * 6371.0 * std::asin(std::min(1.0, chord / 2.0)));
}

Expected<GeoResult, InputError> AnalyzeGeo(const GeoDef& def) {
  GeoResult r;
  r.from = def.from;
  r.to = def.to;
  if (auto e = CheckRange("route_factor", def.route_factor, 1.0, 5.0)) return Unexpected(*e);
  if (def.distance_km) {
    if (auto e = CheckRange("distance_km", *def.distance_km, 0.0, kMaxDistanceKm)) return Unexpected(*e);
    r.distance_km = *def.distance_km;
    r.formulas.push_back({"distance_km", "distance = " + Fmt(r.distance_km, 6) + " km (given)"});
  } else {
    if (def.from.empty() || def.to.empty()) return Bad("from", "give two regions or a distance in km");
    auto d = RegionDistanceKm(def.from, def.to);
    if (!d) return Unexpected(d.error());
    r.distance_km = *d;
    r.formulas.push_back({"distance_km", "distance = great circle " + def.from + " → " + def.to + " = " +
                                             Fmt(r.distance_km, 6) + " km"});
  }
  r.route_km = r.distance_km * def.route_factor;
  r.one_way_s = r.route_km / kFibreKmPerS;
  r.rtt_s = 2.0 * r.one_way_s;
  r.formulas.push_back({"route_km", "route = distance × route factor = " + Fmt(r.distance_km, 6) + " km × " +
                                        Fmt(def.route_factor) + " = " + Fmt(r.route_km, 6) + " km"});
  r.formulas.push_back({"one_way_s", "one way = route / 200 000 km/s = " + Fmt(r.route_km, 6) + " / 200000 = " +
                                         Ms(r.one_way_s)});
  r.formulas.push_back({"rtt_s", "RTT = 2 × one way = " + Ms(r.rtt_s)});
  return r;
}

// [SECTION] DNS ------------------------------------------------------------------------------------------

Expected<DnsResult, InputError> AnalyzeDns(const DnsDef& def) {
  if (auto e = CheckRange("ttl", def.ttl_s, 0.0, 1e8)) return Unexpected(*e);
  if (def.resolvers < 1 || def.resolvers > 100000000) return Bad("resolvers", "must be between 1 and 1e8");
  if (auto e = CheckRange("client_queries_per_s", def.client_queries_per_s, 0.0, kMaxRate, true)) return Unexpected(*e);
  if (auto e = CheckRange("resolver_rtt", def.resolver_rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("authoritative_rtt", def.authoritative_rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  DnsResult r;
  const double n = def.resolvers, lambda = def.client_queries_per_s;
  r.per_resolver_qps = lambda / n;
  const double cycle = def.ttl_s + n / lambda;
  r.authoritative_qps = n / cycle;
  r.hit_ratio = 1.0 - r.authoritative_qps / lambda;
  r.mean_lookup_s = def.resolver_rtt_s + (1.0 - r.hit_ratio) * def.authoritative_rtt_s;
  r.propagation_worst_s = def.ttl_s;
  r.propagation_mean_s = def.ttl_s / 2.0;
  r.formulas.push_back({"per_resolver_qps", "λ_r = λ / N = " + Fmt(lambda) + " / " + Fmt(n) + " = " +
                                                Fmt(r.per_resolver_qps) + "/s"});
  r.formulas.push_back({"authoritative_qps", "authoritative = N / (TTL + N/λ) = " + Fmt(n) + " / (" + Fmt(def.ttl_s) +
                                                 " s + " + Fmt(n / lambda) + " s) = " + Fmt(r.authoritative_qps) +
                                                 "/s"});
  r.formulas.push_back({"hit_ratio", "hit ratio = 1 − authoritative/λ = 1 − " + Fmt(r.authoritative_qps) + "/" +
                                         Fmt(lambda) + " = " + Fmt(r.hit_ratio)});
  r.formulas.push_back({"mean_lookup_s", "lookup = RTT_resolver + miss × RTT_authoritative = " +
                                             Ms(def.resolver_rtt_s) + " + " + Fmt(1.0 - r.hit_ratio) + " × " +
                                             Ms(def.authoritative_rtt_s) + " = " + Ms(r.mean_lookup_s)});
  r.formulas.push_back({"propagation_worst_s", "a change is seen everywhere within ≈ TTL = " + Fmt(def.ttl_s) + " s"});
  r.formulas.push_back({"propagation_mean_s", "mean staleness after a change ≈ TTL/2 = " + Fmt(r.propagation_mean_s) +
                                                  " s"});
  r.notes.push_back("Some resolvers clamp TTLs (minimum or maximum) and browsers/OSes cache too; lower the TTL a TTL "
                    "before a planned change.");
  return r;
}

// [SECTION] TCP and loss -----------------------------------------------------------------------------------

int SlowStartRounds(double segments, int initial_cwnd) {
  if (!(segments > 0) || initial_cwnd < 1) return 0;
  int k = 0;
  double sent = 0, window = initial_cwnd;
  while (sent < segments && k < 64) {
    sent += window;
    window *= 2;
    ++k;
  }
  return k;
}

Expected<TcpResult, InputError> AnalyzeTcp(const TcpDef& def) {
  if (auto e = CheckRange("rtt", def.rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("payload", def.payload_bytes, 0.0, kMaxBytes)) return Unexpected(*e);
  if (auto e = CheckRange("mss", def.mss_bytes, 100.0, 65535.0)) return Unexpected(*e);
  if (def.initial_cwnd < 1 || def.initial_cwnd > 1000) return Bad("initial_cwnd", "must be between 1 and 1000");
  if (def.requests_per_connection < 1 || def.requests_per_connection > 100000000)
    return Bad("requests_per_connection", "must be between 1 and 1e8");
  if (def.tls_rtts < 0 || def.tls_rtts > 3) return Bad("tls_rtts", "must be between 0 and 3");
  TcpResult r;
  r.segments = Segments(def.payload_bytes, def.mss_bytes);
  r.slow_start_rounds = SlowStartRounds(r.segments, def.initial_cwnd);
  const int setup = 1 + def.tls_rtts;
  r.handshake_s = setup * def.rtt_s;
  r.transfer_s = r.slow_start_rounds * def.rtt_s;
  r.cold_request_s = r.handshake_s + r.transfer_s;
  const double n = def.requests_per_connection;
  r.reuse_saving_s = (n - 1) * r.handshake_s;
  const double without = n * r.cold_request_s;
  r.reuse_saving_share = without > 0 ? r.reuse_saving_s / without : 0;
  r.formulas.push_back({"segments", "segments = ceil(payload / MSS) = ceil(" + Fmt(def.payload_bytes, 6) + " / " +
                                        Fmt(def.mss_bytes) + ") = " + Fmt(r.segments, 9)});
  r.formulas.push_back({"slow_start_rounds", "rounds = min k with IW·(2^k − 1) ≥ segments: " +
                                                 std::to_string(def.initial_cwnd) + "·(2^" +
                                                 std::to_string(r.slow_start_rounds) + " − 1) ≥ " +
                                                 Fmt(r.segments, 9) + " → " + std::to_string(r.slow_start_rounds)});
  r.formulas.push_back({"handshake_s", "setup = (1 TCP + " + std::to_string(def.tls_rtts) + " TLS) RTT = " +
                                           std::to_string(setup) + " × " + Ms(def.rtt_s) + " = " + Ms(r.handshake_s)});
  r.formulas.push_back({"transfer_s", "transfer = rounds × RTT = " + std::to_string(r.slow_start_rounds) + " × " +
                                          Ms(def.rtt_s) + " = " + Ms(r.transfer_s)});
  r.formulas.push_back({"cold_request_s", "new connection = setup + transfer = " + Ms(r.handshake_s) + " + " +
                                              Ms(r.transfer_s) + " = " + Ms(r.cold_request_s)});
  r.formulas.push_back({"reuse_saving_s", "reuse saves (R − 1) × setup = " + Fmt(n - 1, 9) + " × " +
                                              Ms(r.handshake_s) + " = " + Ms(r.reuse_saving_s) +
                                              " (plus the slow-start restart)"});
  return r;
}

Expected<LossResult, InputError> AnalyzeLoss(const LossDef& def) {
  if (auto e = CheckRange("rtt", def.rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("loss", def.loss, 0.0, 0.5)) return Unexpected(*e);
  if (auto e = CheckRange("message", def.message_bytes, 1.0, kMaxBytes)) return Unexpected(*e);
  if (auto e = CheckRange("mss", def.mss_bytes, 100.0, 65535.0)) return Unexpected(*e);
  if (auto e = CheckRange("rto", def.rto_s, 0.0, kMaxRttS)) return Unexpected(*e);
  LossResult r;
  const double p = def.loss;
  r.packets = Segments(def.message_bytes, def.mss_bytes);
  const double one_way = def.rtt_s / 2;
  r.udp_delivery_s = one_way;
  r.udp_packets_lost = r.packets * p;
  r.udp_message_intact = p == 0 ? 1.0 : DetExp(r.packets * DetLog(1.0 - p));
  r.tcp_transmissions = r.packets / (1.0 - p);
  r.tcp_retransmissions = r.tcp_transmissions - r.packets;
  const bool fast = r.packets >= 4;
  r.tcp_recovery_each_s = fast ? def.rtt_s : def.rto_s;
  r.tcp_delivery_s = one_way + r.tcp_retransmissions * r.tcp_recovery_each_s;
  if (p > 0) r.tcp_mathis_bytes_per_s = def.mss_bytes / def.rtt_s * 1.22 / std::sqrt(p);
  r.formulas.push_back({"packets", "n = ceil(" + Fmt(def.message_bytes, 6) + " / " + Fmt(def.mss_bytes) +
                                       ") = " + Fmt(r.packets, 9)});
  r.formulas.push_back({"udp_packets_lost", "UDP lost = n·p = " + Fmt(r.packets, 9) + " × " + Fmt(p) + " = " +
                                                Fmt(r.udp_packets_lost)});
  r.formulas.push_back({"udp_message_intact", "UDP whole message = (1 − p)^n = (1 − " + Fmt(p) + ")^" +
                                                  Fmt(r.packets, 9) + " = " + Fmt(r.udp_message_intact)});
  r.formulas.push_back({"tcp_transmissions", "TCP sends n/(1 − p) = " + Fmt(r.packets, 9) + "/(1 − " + Fmt(p) +
                                                 ") = " + Fmt(r.tcp_transmissions)});
  r.formulas.push_back({"tcp_delivery_s", "TCP ≈ RTT/2 + retransmissions × " + std::string(fast ? "RTT" : "RTO") +
                                              " = " + Ms(one_way) + " + " + Fmt(r.tcp_retransmissions) + " × " +
                                              Ms(r.tcp_recovery_each_s) + " = " + Ms(r.tcp_delivery_s)});
  if (r.tcp_mathis_bytes_per_s)
    r.formulas.push_back({"tcp_mathis_bytes_per_s", "Mathis: MSS/RTT × 1.22/√p = " + Fmt(def.mss_bytes) + " B / " +
                                                        Ms(def.rtt_s) + " × 1.22/√" + Fmt(p) + " = " +
                                                        Fmt(*r.tcp_mathis_bytes_per_s) + " B/s"});
  r.notes.push_back("UDP is one way and never waits, but the application must live with what is lost (voice, video, "
                    "games) or rebuild reliability itself (QUIC does, per stream).");
  if (!fast) r.notes.push_back("Fewer than 4 packets: no 3 duplicate ACKs for fast retransmit, a loss waits for the RTO.");
  return r;
}

// [SECTION] TLS and HTTP -------------------------------------------------------------------------------------

std::string_view TlsVersionName(TlsVersion v) {
  switch (v) {
    case TlsVersion::None: return "none";
    case TlsVersion::Tls12: return "1.2";
    case TlsVersion::Tls12Resumed: return "1.2-resumed";
    case TlsVersion::Tls13: return "1.3";
    case TlsVersion::Tls13ZeroRtt: return "1.3-0rtt";
  }
  return "none";
}

std::optional<TlsVersion> ParseTlsVersion(std::string_view t) {
  if (t == "none" || t == "off") return TlsVersion::None;
  if (t == "1.2" || t == "tls1.2") return TlsVersion::Tls12;
  if (t == "1.2-resumed" || t == "1.2-resume") return TlsVersion::Tls12Resumed;
  if (t == "1.3" || t == "tls1.3") return TlsVersion::Tls13;
  if (t == "1.3-0rtt" || t == "0rtt" || t == "0-rtt") return TlsVersion::Tls13ZeroRtt;
  return std::nullopt;
}

int TlsRtts(TlsVersion v) {
  switch (v) {
    case TlsVersion::None: return 0;
    case TlsVersion::Tls12: return 2;
    case TlsVersion::Tls12Resumed: return 1;
    case TlsVersion::Tls13: return 1;
    case TlsVersion::Tls13ZeroRtt: return 0;
  }
  return 0;
}

std::string_view HttpVersionName(HttpVersion v) {
  switch (v) {
    case HttpVersion::Http11: return "1.1";
    case HttpVersion::Http2: return "2";
    case HttpVersion::Http3: return "3";
  }
  return "1.1";
}

std::optional<HttpVersion> ParseHttpVersion(std::string_view t) {
  if (t == "1.1" || t == "http/1.1" || t == "h1" || t == "1") return HttpVersion::Http11;
  if (t == "2" || t == "h2" || t == "http/2" || t == "2.0") return HttpVersion::Http2;
  if (t == "3" || t == "h3" || t == "http/3" || t == "3.0") return HttpVersion::Http3;
  return std::nullopt;
}

int SetupRtts(HttpVersion http, TlsVersion tls) {
  if (http == HttpVersion::Http3) return tls == TlsVersion::Tls13ZeroRtt ? 0 : 1;
  return 1 + TlsRtts(tls);
}

Expected<TlsResult, InputError> CompareTls(double rtt_s) {
  if (auto e = CheckRange("rtt", rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  TlsResult r;
  r.rtt_s = rtt_s;
  for (TlsVersion v : {TlsVersion::None, TlsVersion::Tls12, TlsVersion::Tls12Resumed, TlsVersion::Tls13,
                       TlsVersion::Tls13ZeroRtt}) {
    TlsResult::Row row;
    row.version = v;
    row.tls_rtts = TlsRtts(v);
    row.setup_rtts = 1 + row.tls_rtts;
    row.setup_s = row.setup_rtts * rtt_s;
    row.ttfb_s = (row.setup_rtts + 1) * rtt_s;
    row.formula = "TTFB = (1 TCP + " + std::to_string(row.tls_rtts) + " TLS + 1 request) × " + Ms(rtt_s) + " = " +
                  Ms(row.ttfb_s);
    r.rows.push_back(row);
  }
  return r;
}

Expected<HttpResult, InputError> CompareHttp(const HttpDef& def) {
  if (auto e = CheckRange("rtt", def.rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("loss", def.loss, 0.0, 0.5)) return Unexpected(*e);
  if (def.requests < 1 || def.requests > 100000) return Bad("requests", "must be between 1 and 100000");
  if (auto e = CheckRange("response", def.response_bytes, 1.0, 1e12)) return Unexpected(*e);
  if (def.h1_connections < 1 || def.h1_connections > 1000) return Bad("connections", "must be between 1 and 1000");
  if (auto e = CheckRange("mss", def.mss_bytes, 100.0, 65535.0)) return Unexpected(*e);
  HttpResult r;
  const double ppr = Segments(def.response_bytes, def.mss_bytes);
  const double total_packets = ppr * def.requests;
  const double p = def.loss;
  const double any_loss = p == 0 ? 0.0 : 1.0 - DetExp(total_packets * DetLog(1.0 - p));
  for (HttpVersion v : {HttpVersion::Http11, HttpVersion::Http2, HttpVersion::Http3}) {
    HttpRow row;
    row.version = v;
    row.setup_rtts = SetupRtts(v, def.tls);
    row.packets = total_packets;
    row.expected_losses = total_packets * p;
    int rounds = 0;
    if (v == HttpVersion::Http11) {
      row.connections = std::min(def.requests, def.h1_connections);
      row.request_waves = (def.requests + row.connections - 1) / row.connections;
      rounds = std::max(row.request_waves, SlowStartRounds(row.request_waves * ppr, 10));
      row.streams_stalled_per_loss = 1;
      row.loss_stall_s = any_loss * def.rtt_s;
    } else {
      row.connections = 1;
      row.request_waves = 1;
      rounds = SlowStartRounds(total_packets, 10);
      row.streams_stalled_per_loss = v == HttpVersion::Http2 ? def.requests : 1;
      row.loss_stall_s = v == HttpVersion::Http2 ? row.expected_losses * def.rtt_s : any_loss * def.rtt_s;
    }
    row.page_s = (row.setup_rtts + rounds) * def.rtt_s + row.loss_stall_s;
    row.formula = "page = (" + std::to_string(row.setup_rtts) + " setup + " + std::to_string(rounds) +
                  " rounds) × " + Ms(def.rtt_s) + " + loss stall " + Ms(row.loss_stall_s) + " = " + Ms(row.page_s);
    r.formulas.push_back({"page_s_http_" + std::string(HttpVersionName(v)), row.formula});
    r.rows.push_back(row);
  }
  r.formulas.push_back({"packets", "packets = requests × ceil(response/MSS) = " + std::to_string(def.requests) +
                                       " × " + Fmt(ppr, 9) + " = " + Fmt(total_packets, 9)});
  r.formulas.push_back({"loss_stall", "HTTP/2: expected losses × RTT (every stream waits); HTTP/1.1 and /3: "
                                      "P(any loss) × RTT = " + Fmt(any_loss) + " × " + Ms(def.rtt_s)});
  r.formulas.push_back({"rounds", "HTTP/1.1 rounds = max(waves, slow-start rounds of one connection's share); "
                                  "HTTP/2 and /3 rounds = slow-start rounds of all packets on one connection (IW 10)"});
  r.notes.push_back("HTTP/1.1 opens several connections, each with its own initial window: for a few large responses "
                    "it can beat one HTTP/2 connection; for many small ones multiplexing wins.");
  r.notes.push_back("HTTP/3 runs over QUIC (UDP): transport + TLS 1.3 in one RTT, and loss stalls only one stream.");
  return r;
}

// [SECTION] Hops, CDN, path ------------------------------------------------------------------------------------

std::optional<double> DefaultHopProcessing(std::string_view kind) {
  if (kind == "forward_proxy" || kind == "reverse_proxy" || kind == "proxy") return 0.0005;
  if (kind == "load_balancer" || kind == "lb") return 0.0002;
  if (kind == "api_gateway" || kind == "gateway") return 0.002;
  if (kind == "sidecar" || kind == "mesh") return 0.0003;
  return std::nullopt;
}

Expected<CdnResult, InputError> AnalyzeCdn(const CdnDef& def) {
  if (auto e = CheckRange("hit_ratio", def.hit_ratio, 0.0, 1.0)) return Unexpected(*e);
  if (auto e = CheckRange("requests_per_s", def.requests_per_s, 0.0, kMaxRate)) return Unexpected(*e);
  if (auto e = CheckRange("object_size", def.object_bytes, 0.0, 1e12)) return Unexpected(*e);
  if (auto e = CheckRange("client_edge_rtt", def.client_edge_rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("edge_origin_rtt", def.edge_origin_rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (def.egress_price_per_gb)
    if (auto e = CheckRange("egress_price", *def.egress_price_per_gb, 0.0, 1e6)) return Unexpected(*e);
  CdnResult r;
  const double h = def.hit_ratio;
  r.origin_rps = (1 - h) * def.requests_per_s;
  r.offload = h;
  r.mean_latency_s = def.client_edge_rtt_s + (1 - h) * def.edge_origin_rtt_s;
  r.no_cdn_latency_s = def.client_edge_rtt_s + def.edge_origin_rtt_s;
  r.egress_saved_bytes_per_s = h * def.requests_per_s * def.object_bytes;
  r.egress_saved_bytes_per_month = r.egress_saved_bytes_per_s * 30 * 86400;
  r.formulas.push_back({"origin_rps", "origin = (1 − h) × RPS = (1 − " + Fmt(h) + ") × " + Fmt(def.requests_per_s) +
                                          " = " + Fmt(r.origin_rps) + "/s"});
  r.formulas.push_back({"mean_latency_s", "latency = RTT(client, edge) + (1 − h) × RTT(edge, origin) = " +
                                              Ms(def.client_edge_rtt_s) + " + " + Fmt(1 - h) + " × " +
                                              Ms(def.edge_origin_rtt_s) + " = " + Ms(r.mean_latency_s)});
  r.formulas.push_back({"no_cdn_latency_s", "without CDN ≈ " + Ms(def.client_edge_rtt_s) + " + " +
                                                Ms(def.edge_origin_rtt_s) + " = " + Ms(r.no_cdn_latency_s)});
  r.formulas.push_back({"egress_saved_bytes_per_s", "origin egress saved = h × RPS × size = " + Fmt(h) + " × " +
                                                        Fmt(def.requests_per_s) + " × " + Fmt(def.object_bytes) +
                                                        " B = " + Fmt(r.egress_saved_bytes_per_s) + " B/s"});
  r.formulas.push_back({"egress_saved_bytes_per_month", "per 30-day month = " + Fmt(r.egress_saved_bytes_per_s) +
                                                            " B/s × 2 592 000 s = " +
                                                            Fmt(r.egress_saved_bytes_per_month) + " B"});
  if (def.egress_price_per_gb) {
    r.egress_saved_per_month = r.egress_saved_bytes_per_month / 1e9 * *def.egress_price_per_gb;
    r.formulas.push_back({"egress_saved_per_month", "saved = " + Fmt(r.egress_saved_bytes_per_month / 1e9) +
                                                        " GB × " + Fmt(*def.egress_price_per_gb) + "/GB = " +
                                                        Fmt(*r.egress_saved_per_month)});
  }
  return r;
}

Expected<PathResult, InputError> Path(const PathDef& def) {
  if (auto e = CheckRange("rtt", def.rtt_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("dns", def.dns_s, 0.0, kMaxRttS)) return Unexpected(*e);
  if (auto e = CheckRange("server", def.server_s, 0.0, 3600.0)) return Unexpected(*e);
  if (auto e = CheckRange("response", def.response_bytes, 0.0, kMaxBytes)) return Unexpected(*e);
  if (auto e = CheckRange("mss", def.mss_bytes, 100.0, 65535.0)) return Unexpected(*e);
  if (def.initial_cwnd < 1 || def.initial_cwnd > 1000) return Bad("initial_cwnd", "must be between 1 and 1000");
  if (def.bandwidth_bytes_per_s)
    if (auto e = CheckRange("bandwidth", *def.bandwidth_bytes_per_s, 1.0, 1e13)) return Unexpected(*e);
  if (def.hops.size() > 64) return Bad("hops", "at most 64 hops");
  for (const Hop& h : def.hops)
    if (auto e = CheckRange("hops", h.processing_s, 0.0, 60.0)) return Unexpected(*e);
  if (def.http == HttpVersion::Http3 && (def.tls == TlsVersion::None || def.tls == TlsVersion::Tls12 ||
                                         def.tls == TlsVersion::Tls12Resumed))
    return Bad("tls", "HTTP/3 always runs TLS 1.3 (use 1.3 or 1.3-0rtt)");
  PathResult r;
  r.rtt_s = def.rtt_s;
  const double rtt = def.rtt_s;
  auto rtts = [&](double s) { return rtt > 0 ? s / rtt : 0.0; };
  auto add = [&](std::string name, double s, std::string formula) {
    r.parts.push_back({name, s, rtts(s), formula});
    r.formulas.push_back({name + "_s", std::move(formula)});
  };
  add("dns", def.dns_s, "DNS lookup = " + Ms(def.dns_s) + (def.dns_s == 0 ? " (cached)" : ""));
  if (def.new_connection) {
    if (def.http == HttpVersion::Http3) {
      const int q = SetupRtts(def.http, def.tls);
      r.setup_rtts = q;
      add("quic", q * rtt, "QUIC + TLS 1.3 = " + std::to_string(q) + " RTT × " + Ms(rtt) + " = " + Ms(q * rtt));
    } else {
      const int t = TlsRtts(def.tls);
      r.setup_rtts = 1 + t;
      add("tcp", rtt, "TCP handshake = 1 RTT = " + Ms(rtt));
      add("tls", t * rtt, "TLS " + std::string(TlsVersionName(def.tls)) + " = " + std::to_string(t) + " RTT × " +
                              Ms(rtt) + " = " + Ms(t * rtt));
    }
  } else {
    add("tcp", 0, "connection reused: no handshake");
  }
  double hops_s = 0;
  std::string hops_text;
  for (const Hop& h : def.hops) {
    hops_s += h.processing_s + kDatacentreRttS;
    hops_text += (hops_text.empty() ? "" : " + ") + h.kind + " (" + Ms(h.processing_s) + " + " + Ms(kDatacentreRttS) +
                 ")";
  }
  add("hops", hops_s, def.hops.empty() ? "no proxies or gateways" : "hops = " + hops_text + " = " + Ms(hops_s));
  add("request", rtt, "request out, first byte back = 1 RTT = " + Ms(rtt));
  add("server", def.server_s, "server time = " + Ms(def.server_s));
  const double segments = Segments(def.response_bytes, def.mss_bytes);
  r.slow_start_rounds = def.new_connection ? SlowStartRounds(segments, def.initial_cwnd) : (segments > 0 ? 1 : 0);
  const double extra_rounds = std::max(0, r.slow_start_rounds - 1);
  const double serialise = def.bandwidth_bytes_per_s ? def.response_bytes / *def.bandwidth_bytes_per_s : 0.0;
  const double transfer = extra_rounds * rtt + serialise;
  r.ttfb_s = 0;
  for (const PathPart& p : r.parts) r.ttfb_s += p.seconds;
  add("transfer", transfer, "rest of the response = (" + std::to_string(r.slow_start_rounds) + " slow-start rounds − 1) × " +
                                Ms(rtt) + (def.bandwidth_bytes_per_s ? " + " + Fmt(def.response_bytes, 6) + " B / " +
                                                                            Fmt(*def.bandwidth_bytes_per_s) + " B/s"
                                                                      : "") +
                                " = " + Ms(transfer));
  r.total_s = r.ttfb_s + transfer;
  r.formulas.push_back({"ttfb_s", "TTFB = DNS + setup + hops + request + server = " + Ms(r.ttfb_s) + " (" +
                                      Fmt(rtts(r.ttfb_s - def.dns_s - hops_s - def.server_s)) + " RTT on the path)"});
  r.formulas.push_back({"total_s", "total = TTFB + transfer = " + Ms(r.ttfb_s) + " + " + Ms(transfer) + " = " +
                                       Ms(r.total_s)});
  if (!def.new_connection)
    r.notes.push_back("A reused connection skips the handshakes and keeps its congestion window (assumed warm).");
  if (def.tls == TlsVersion::Tls13ZeroRtt)
    r.notes.push_back("0-RTT early data can be replayed by an attacker: send only idempotent requests in it.");
  return r;
}

// [SECTION] JSON -----------------------------------------------------------------------------------------------

nlohmann::json ToJson(const GeoResult& r) {
  return {{"from", r.from},
          {"to", r.to},
          {"distance_km", JsonNumber(r.distance_km)},
          {"route_km", JsonNumber(r.route_km)},
          {"one_way_s", JsonNumber(r.one_way_s)},
          {"rtt_s", JsonNumber(r.rtt_s)},
          {"formulas", FormulasJson(r.formulas)}};
}

nlohmann::json ToJson(const DnsResult& r) {
  return {{"per_resolver_qps", JsonNumber(r.per_resolver_qps)},
          {"authoritative_qps", JsonNumber(r.authoritative_qps)},
          {"hit_ratio", JsonNumber(r.hit_ratio)},
          {"mean_lookup_s", JsonNumber(r.mean_lookup_s)},
          {"propagation_worst_s", JsonNumber(r.propagation_worst_s)},
          {"propagation_mean_s", JsonNumber(r.propagation_mean_s)},
          {"formulas", FormulasJson(r.formulas)},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const TcpResult& r) {
  return {{"segments", JsonNumber(r.segments)},
          {"slow_start_rounds", r.slow_start_rounds},
          {"handshake_s", JsonNumber(r.handshake_s)},
          {"transfer_s", JsonNumber(r.transfer_s)},
          {"cold_request_s", JsonNumber(r.cold_request_s)},
          {"reuse_saving_s", JsonNumber(r.reuse_saving_s)},
          {"reuse_saving_share", JsonNumber(r.reuse_saving_share)},
          {"formulas", FormulasJson(r.formulas)}};
}

nlohmann::json ToJson(const LossResult& r) {
  return {{"packets", JsonNumber(r.packets)},
          {"udp",
           {{"delivery_s", JsonNumber(r.udp_delivery_s)},
            {"packets_lost", JsonNumber(r.udp_packets_lost)},
            {"message_intact", JsonNumber(r.udp_message_intact)}}},
          {"tcp",
           {{"transmissions", JsonNumber(r.tcp_transmissions)},
            {"retransmissions", JsonNumber(r.tcp_retransmissions)},
            {"recovery_each_s", JsonNumber(r.tcp_recovery_each_s)},
            {"delivery_s", JsonNumber(r.tcp_delivery_s)},
            {"mathis_bytes_per_s",
             r.tcp_mathis_bytes_per_s ? JsonNumber(*r.tcp_mathis_bytes_per_s) : nlohmann::json(nullptr)}}},
          {"formulas", FormulasJson(r.formulas)},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const TlsResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const auto& x : r.rows)
    rows.push_back({{"tls", std::string(TlsVersionName(x.version))},
                    {"tls_rtts", x.tls_rtts},
                    {"setup_rtts", x.setup_rtts},
                    {"setup_s", JsonNumber(x.setup_s)},
                    {"ttfb_s", JsonNumber(x.ttfb_s)}});
  nlohmann::json f = nlohmann::json::object();
  for (const auto& x : r.rows) f["ttfb_s_tls_" + std::string(TlsVersionName(x.version))] = x.formula;
  return {{"rtt_s", JsonNumber(r.rtt_s)}, {"versions", rows}, {"formulas", f}};
}

nlohmann::json ToJson(const HttpResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const HttpRow& x : r.rows)
    rows.push_back({{"http", std::string(HttpVersionName(x.version))},
                    {"connections", x.connections},
                    {"setup_rtts", x.setup_rtts},
                    {"request_waves", x.request_waves},
                    {"packets", JsonNumber(x.packets)},
                    {"expected_losses", JsonNumber(x.expected_losses)},
                    {"streams_stalled_per_loss", JsonNumber(x.streams_stalled_per_loss)},
                    {"loss_stall_s", JsonNumber(x.loss_stall_s)},
                    {"page_s", JsonNumber(x.page_s)}});
  return {{"versions", rows}, {"formulas", FormulasJson(r.formulas)}, {"notes", r.notes}};
}

nlohmann::json ToJson(const CdnResult& r) {
  return {{"origin_rps", JsonNumber(r.origin_rps)},
          {"offload", JsonNumber(r.offload)},
          {"mean_latency_s", JsonNumber(r.mean_latency_s)},
          {"no_cdn_latency_s", JsonNumber(r.no_cdn_latency_s)},
          {"egress_saved_bytes_per_s", JsonNumber(r.egress_saved_bytes_per_s)},
          {"egress_saved_bytes_per_month", JsonNumber(r.egress_saved_bytes_per_month)},
          {"egress_saved_per_month",
           r.egress_saved_per_month ? JsonNumber(*r.egress_saved_per_month) : nlohmann::json(nullptr)},
          {"formulas", FormulasJson(r.formulas)}};
}

nlohmann::json ToJson(const PathResult& r) {
  nlohmann::json parts = nlohmann::json::array();
  for (const PathPart& p : r.parts)
    parts.push_back({{"name", p.name}, {"seconds", JsonNumber(p.seconds)}, {"rtts", JsonNumber(p.rtts)}});
  return {{"rtt_s", JsonNumber(r.rtt_s)},
          {"setup_rtts", JsonNumber(r.setup_rtts)},
          {"parts", parts},
          {"ttfb_s", JsonNumber(r.ttfb_s)},
          {"total_s", JsonNumber(r.total_s)},
          {"slow_start_rounds", r.slow_start_rounds},
          {"formulas", FormulasJson(r.formulas)},
          {"notes", r.notes}};
}

}  // namespace sdlab::network
