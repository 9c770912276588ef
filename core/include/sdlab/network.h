// sdlab/network.h — the network under a request: DNS, TCP, TLS, HTTP versions, proxies, CDN and the
// speed of light between regions, composed into one request's time to first byte.
//
// What it models (each function usable alone; Path() composes them)
//   Geo        distance between two named regions (great circle from the region table below, rounded
//              to whole km) or a given distance; light in fibre ≈ 200 000 km/s (refractive index
//              ≈ 1.5); cables do not run on great circles, so a route factor (default 1.3) stretches
//              the distance: one_way = km × route_factor / 200 000 km/s, RTT = 2 × one_way.
//   DNS        N recursive resolvers share a client query rate λ (queries/s); each caches the record
//              for its TTL. A resolver refetches at the first query after its copy expires, so one
//              fetch per renewal cycle of TTL + N/λ (Poisson queries): authoritative lookups/s =
//              N / (TTL + N/λ) (→ N/TTL for busy resolvers, → λ for TTL 0). Lookup time = RTT to the
//              resolver + miss ratio × RTT resolver→authoritative. A change reaches every client
//              within ≈ TTL (worst case: a resolver that refreshed just before the change), ≈ TTL/2
//              on average over caching resolvers.
//   TCP        3-way handshake = 1 RTT before the request can go out (SYN, SYN-ACK; the ACK carries
//              the request). Slow start: initial window IW segments of MSS bytes (default 10 × 1460),
//              doubling every RTT with no loss, so after k rounds IW·(2^k − 1) segments have been sent:
//              rounds = smallest k with IW·(2^k − 1) ≥ ceil(bytes/MSS). Reusing a connection for R
//              requests saves (R − 1) × (handshake RTTs) and the slow-start restart.
//   Loss       UDP vs TCP at packet loss p for a message of n packets: UDP sends n, delivers each with
//              1 − p, the whole message with (1 − p)^n, in one way; TCP delivers all, sends n/(1 − p)
//              (expected), and each retransmission costs about one RTT (fast retransmit, n ≥ 4) or
//              one RTO (tail loss, n < 4; default RTO 200 ms); steady throughput by Mathis et al.:
//              MSS/RTT × 1.22/√p.
//   TLS        1.2 full handshake 2 RTT, 1.2 resumed (session ticket) 1 RTT, 1.3 1 RTT, 1.3 0-RTT
//              early data 0 RTT (replayable: only for idempotent requests), on top of TCP's 1 RTT.
//              QUIC (HTTP/3) folds transport and TLS 1.3 into 1 RTT (0 with 0-RTT).
//   HTTP       a page of R requests of S bytes each. HTTP/1.1: one request in flight per connection,
//              C connections per origin (default 6): ceil(R/C) request waves, C handshakes; a lost
//              packet stalls only its connection. HTTP/2: one TCP connection, all R streams
//              multiplexed in one wave; a lost packet stalls every stream on the connection (TCP
//              head-of-line blocking). HTTP/3: one QUIC connection, streams multiplexed, a lost packet
//              stalls only its own stream. Expected loss stall added to the page: HTTP/2 ≈ expected
//              losses × RTT (each loss blocks everything); HTTP/1.1 and HTTP/3 ≈ P(any loss) × RTT
//              (one stream is late, the others go on).
//   Hops       forward/reverse proxies, API gateways and load balancers each add their processing
//              time plus one in-datacentre round trip (default 0.5 ms) to every request.
//   CDN        hit ratio h: origin requests = (1 − h) × RPS (offload h); mean latency = RTT(client,
//              edge) + (1 − h) × RTT(edge, origin); origin egress saved = h × RPS × object bytes.
//   Path       a request's time to first byte = DNS + TCP + TLS + hops + 1 RTT (request and first
//              byte) + server time; total = TTFB + (slow-start rounds − 1) × RTT + bytes / bandwidth.
//
// Assumptions: no congestion beyond slow start, no queueing in the network, a request fits in one
// packet; costs are expected values. Units: seconds (JSON keys end in _s), bytes, km, per second.
// Every figure carries its formula with the numbers filled in (`formulas`). Deterministic: no
// randomness; JSON numbers rounded to 9 significant digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::network {

/// Why a model cannot run with the given inputs ("rtt": "must be positive").
struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;  ///< "rtt: must be positive"
};

/// One figure's formula with the numbers filled in.
struct Formula {
  std::string key;
  std::string text;
};

constexpr double kFibreKmPerS = 200000.0;   ///< light in glass, ≈ c / 1.5
constexpr double kDefaultRouteFactor = 1.3; ///< cable length / great-circle distance
constexpr double kMaxDistanceKm = 40075.0 / 2 * 3;  ///< refuse distances beyond 1.5 Earth circumferences

// [SECTION] Geography --------------------------------------------------------------------------------

struct RegionInfo {
  std::string_view id;    ///< "eu-west-1"
  std::string_view city;  ///< "Dublin"
  double lat = 0, lon = 0;
};
/// The named regions (cloud-style ids), sorted by id.
const std::vector<RegionInfo>& Regions();
const RegionInfo* FindRegion(std::string_view id);
/// Great-circle distance between two regions in whole km (haversine, Earth radius 6371 km).
Expected<double, InputError> RegionDistanceKm(std::string_view from, std::string_view to);

struct GeoDef {
  std::string from, to;               ///< region ids; or give distance_km
  std::optional<double> distance_km;  ///< overrides the regions
  double route_factor = kDefaultRouteFactor;
};
struct GeoResult {
  std::string from, to;
  double distance_km = 0;
  double route_km = 0;
  double one_way_s = 0;
  double rtt_s = 0;
  std::vector<Formula> formulas;
};
Expected<GeoResult, InputError> AnalyzeGeo(const GeoDef& def);

// [SECTION] DNS --------------------------------------------------------------------------------------

struct DnsDef {
  double ttl_s = 300;
  int resolvers = 100;                 ///< recursive resolvers the clients use
  double client_queries_per_s = 1000;  ///< all clients together
  double resolver_rtt_s = 0.010;       ///< client ↔ resolver
  double authoritative_rtt_s = 0.050;  ///< resolver ↔ authoritative server
};
struct DnsResult {
  double per_resolver_qps = 0;
  double authoritative_qps = 0;   ///< lookups/s reaching the authoritative servers
  double hit_ratio = 0;           ///< share of client queries answered from a resolver cache
  double mean_lookup_s = 0;
  double propagation_worst_s = 0; ///< ≈ TTL
  double propagation_mean_s = 0;  ///< ≈ TTL / 2
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};
Expected<DnsResult, InputError> AnalyzeDns(const DnsDef& def);

// [SECTION] TCP and loss -------------------------------------------------------------------------------

struct TcpDef {
  double rtt_s = 0.050;
  double payload_bytes = 100000;
  double mss_bytes = 1460;
  int initial_cwnd = 10;            ///< segments (RFC 6928)
  int requests_per_connection = 1;  ///< > 1: the connection is reused for this many requests
  int tls_rtts = 0;                 ///< TLS handshake RTTs paid with each new connection
};
struct TcpResult {
  double segments = 0;
  int slow_start_rounds = 0;   ///< RTTs to deliver the payload from a cold window
  double handshake_s = 0;      ///< TCP (+ TLS) setup per new connection
  double transfer_s = 0;       ///< rounds × RTT
  double cold_request_s = 0;   ///< handshake + transfer on a new connection
  double reuse_saving_s = 0;   ///< over requests_per_connection requests: (R − 1) × handshake
  double reuse_saving_share = 0;  ///< saving / total time without reuse
  std::vector<Formula> formulas;
};
Expected<TcpResult, InputError> AnalyzeTcp(const TcpDef& def);
/// Smallest k with iw·(2^k − 1) ≥ segments (0 for no segments). Capped at 64.
int SlowStartRounds(double segments, int initial_cwnd);

struct LossDef {
  double rtt_s = 0.050;
  double loss = 0.01;          ///< packet loss probability, 0 ≤ p < 1
  double message_bytes = 10000;
  double mss_bytes = 1460;
  double rto_s = 0.200;
};
struct LossResult {
  double packets = 0;
  // UDP
  double udp_delivery_s = 0;         ///< one way
  double udp_packets_lost = 0;       ///< expected
  double udp_message_intact = 0;     ///< (1 − p)^n
  // TCP
  double tcp_transmissions = 0;      ///< n/(1 − p)
  double tcp_retransmissions = 0;    ///< n·p/(1 − p)
  double tcp_recovery_each_s = 0;    ///< RTT (fast retransmit) or RTO
  double tcp_delivery_s = 0;         ///< one way + retransmissions × recovery
  std::optional<double> tcp_mathis_bytes_per_s;  ///< empty at p = 0 (no loss limit)
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};
Expected<LossResult, InputError> AnalyzeLoss(const LossDef& def);

// [SECTION] TLS and HTTP ------------------------------------------------------------------------------

enum class TlsVersion { None, Tls12, Tls12Resumed, Tls13, Tls13ZeroRtt };
std::string_view TlsVersionName(TlsVersion v);  ///< "none", "1.2", "1.2-resumed", "1.3", "1.3-0rtt"
std::optional<TlsVersion> ParseTlsVersion(std::string_view text);
/// Handshake RTTs of TLS on top of TCP: 0, 2, 1, 1, 0.
int TlsRtts(TlsVersion v);

enum class HttpVersion { Http11, Http2, Http3 };
std::string_view HttpVersionName(HttpVersion v);  ///< "1.1", "2", "3"
std::optional<HttpVersion> ParseHttpVersion(std::string_view text);  ///< "1.1", "2", "3", "h2", "http/2"...
/// RTTs to set up a new connection: TCP 1 + TLS for 1.1 and 2; QUIC 1 (0 with 0-RTT) for 3.
int SetupRtts(HttpVersion http, TlsVersion tls);

struct TlsResult {
  struct Row {
    TlsVersion version;
    int tls_rtts = 0;
    int setup_rtts = 0;        ///< TCP 1 + TLS
    double setup_s = 0;
    double ttfb_s = 0;         ///< setup + 1 RTT
    std::string formula;
  };
  double rtt_s = 0;
  std::vector<Row> rows;     ///< none, 1.2, 1.2-resumed, 1.3, 1.3-0rtt
};
Expected<TlsResult, InputError> CompareTls(double rtt_s);

struct HttpDef {
  double rtt_s = 0.050;
  double loss = 0;
  int requests = 30;               ///< requests a page needs, all known up front
  double response_bytes = 20000;   ///< per request
  int h1_connections = 6;          ///< browser limit per origin
  TlsVersion tls = TlsVersion::Tls13;
  double mss_bytes = 1460;
};
struct HttpRow {
  HttpVersion version;
  int connections = 0;
  int setup_rtts = 0;
  int request_waves = 0;
  double packets = 0;
  double expected_losses = 0;
  double streams_stalled_per_loss = 0;
  double loss_stall_s = 0;
  double page_s = 0;            ///< setup + waves × RTT + loss stall (bandwidth not limiting)
  std::string formula;
};
struct HttpResult {
  std::vector<HttpRow> rows;    ///< 1.1, 2, 3
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};
Expected<HttpResult, InputError> CompareHttp(const HttpDef& def);

// [SECTION] Hops, CDN, path ----------------------------------------------------------------------------

/// A proxy, gateway or load balancer in the path.
struct Hop {
  std::string kind;           ///< "forward_proxy", "reverse_proxy", "api_gateway", "load_balancer", ...
  double processing_s = 0;
};
/// Default processing of a hop kind: reverse/forward proxy 0.5 ms, load balancer 0.2 ms, API gateway
/// 2 ms (auth, rate limiting, routing), service mesh sidecar 0.3 ms; empty for unknown kinds.
std::optional<double> DefaultHopProcessing(std::string_view kind);
constexpr double kDatacentreRttS = 0.0005;

struct CdnDef {
  double hit_ratio = 0.9;
  double requests_per_s = 1000;
  double object_bytes = 100000;
  double client_edge_rtt_s = 0.010;
  double edge_origin_rtt_s = 0.080;
  std::optional<double> egress_price_per_gb;  ///< origin egress price, currency units per GB
};
struct CdnResult {
  double origin_rps = 0;
  double offload = 0;
  double mean_latency_s = 0;
  double no_cdn_latency_s = 0;   ///< client straight to the origin: client↔edge + edge↔origin RTTs
  double egress_saved_bytes_per_s = 0;
  double egress_saved_bytes_per_month = 0;  ///< 30-day month
  std::optional<double> egress_saved_per_month;  ///< price × GB
  std::vector<Formula> formulas;
};
Expected<CdnResult, InputError> AnalyzeCdn(const CdnDef& def);

struct PathDef {
  double rtt_s = 0.050;
  double dns_s = 0;                 ///< lookup time (0 when cached)
  bool new_connection = true;
  TlsVersion tls = TlsVersion::Tls13;
  HttpVersion http = HttpVersion::Http2;
  std::vector<Hop> hops;
  double server_s = 0.020;
  double response_bytes = 20000;
  double mss_bytes = 1460;
  int initial_cwnd = 10;
  std::optional<double> bandwidth_bytes_per_s;
};
struct PathPart {
  std::string name;   ///< "dns", "tcp", "tls", "quic", "hops", "request", "server", "transfer"
  double seconds = 0;
  double rtts = 0;    ///< in units of the path RTT (hops: in-datacentre RTTs not counted)
  std::string formula;
};
struct PathResult {
  double rtt_s = 0;
  std::vector<PathPart> parts;  ///< in time order; TTFB is every part but "transfer"
  double setup_rtts = 0;        ///< RTTs before the request can be sent (TCP + TLS or QUIC)
  double ttfb_s = 0;
  double total_s = 0;
  int slow_start_rounds = 0;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};
Expected<PathResult, InputError> Path(const PathDef& def);

nlohmann::json ToJson(const GeoResult& r);
nlohmann::json ToJson(const DnsResult& r);
nlohmann::json ToJson(const TcpResult& r);
nlohmann::json ToJson(const LossResult& r);
nlohmann::json ToJson(const TlsResult& r);
nlohmann::json ToJson(const HttpResult& r);
nlohmann::json ToJson(const CdnResult& r);
nlohmann::json ToJson(const PathResult& r);

}  // namespace sdlab::network
