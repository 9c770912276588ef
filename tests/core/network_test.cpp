// Network models against hand-worked numbers (each derivation in the comment above its check).
#include <catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/network.h"

using namespace sdlab;
using namespace sdlab::network;

namespace {
bool Near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(1e-12, std::fabs(b)); }
}  // namespace

TEST_CASE("TLS: 1.2 costs 3 RTTs before the request, 1.3 costs 2", "[network]") {
  // New TCP connection: 1 RTT (SYN, SYN-ACK). TLS 1.2 full handshake: 2 RTT; 1.3: 1 RTT; 1.3 0-RTT: 0.
  // RTT 100 ms: setup 1.2 = 3 × 100 = 300 ms, TTFB = 4 RTT = 400 ms; 1.3 setup 200 ms, TTFB 300 ms.
  auto r = CompareTls(0.1);
  REQUIRE(r);
  REQUIRE(r->rows.size() == 5);
  CHECK(r->rows[1].version == TlsVersion::Tls12);
  CHECK(r->rows[1].setup_rtts == 3);
  CHECK(Near(r->rows[1].ttfb_s, 0.4));
  CHECK(r->rows[2].setup_rtts == 2);  // 1.2 resumed
  CHECK(r->rows[3].setup_rtts == 2);  // 1.3
  CHECK(Near(r->rows[3].ttfb_s, 0.3));
  CHECK(r->rows[4].setup_rtts == 1);  // 1.3 0-RTT: only TCP
  CHECK(SetupRtts(HttpVersion::Http3, TlsVersion::Tls13) == 1);
  CHECK(SetupRtts(HttpVersion::Http3, TlsVersion::Tls13ZeroRtt) == 0);
  CHECK_FALSE(CompareTls(-1));
}

TEST_CASE("Path: TTFB = DNS + TCP + TLS + hops + request + server", "[network]") {
  // RTT 50 ms, TLS 1.2, new connection, server 20 ms, 10 KB response (ceil(10000/1460) = 7 segments ≤ IW 10:
  // one round, no extra transfer time): TTFB = 50 (TCP) + 100 (TLS) + 50 (request) + 20 = 220 ms.
  PathDef d;
  d.rtt_s = 0.05;
  d.tls = TlsVersion::Tls12;
  d.http = HttpVersion::Http11;
  d.server_s = 0.02;
  d.response_bytes = 10000;
  auto r = Path(d);
  REQUIRE(r);
  CHECK(r->setup_rtts == 3);
  CHECK(Near(r->ttfb_s, 0.22));
  CHECK(Near(r->total_s, 0.22));
  // TLS 1.3: one RTT less → 170 ms.
  d.tls = TlsVersion::Tls13;
  CHECK(Near(Path(d)->ttfb_s, 0.17));
  // HTTP/3: QUIC folds TCP and TLS into one RTT → 50 + 50 + 20 = 120 ms.
  d.http = HttpVersion::Http3;
  CHECK(Near(Path(d)->ttfb_s, 0.12));
  // Reused connection: request + server = 70 ms.
  d.new_connection = false;
  CHECK(Near(Path(d)->ttfb_s, 0.07));
  // HTTP/3 with TLS 1.2 is not a thing.
  d.tls = TlsVersion::Tls12;
  CHECK_FALSE(Path(d));
}

TEST_CASE("Path: slow start and hops add their share", "[network]") {
  // 100 KB = ceil(100000/1460) = 69 segments; IW 10: 10, 30, 70 cumulative → 3 rounds → 2 extra RTTs after
  // the first byte = 100 ms. An API gateway adds 2 ms + 0.5 ms in-DC RTT. TLS 1.3, HTTP/2, RTT 50 ms,
  // server 20 ms: TTFB = 50 + 50 + 2.5 + 50 + 20 = 172.5 ms; total = 272.5 ms.
  PathDef d;
  d.rtt_s = 0.05;
  d.response_bytes = 100000;
  d.hops.push_back({"api_gateway", *DefaultHopProcessing("api_gateway")});
  auto r = Path(d);
  REQUIRE(r);
  CHECK(r->slow_start_rounds == 3);
  CHECK(Near(r->ttfb_s, 0.1725));
  CHECK(Near(r->total_s, 0.2725));
  // 10 MB/s bottleneck adds 100000 / 1e7 = 10 ms.
  d.bandwidth_bytes_per_s = 1e7;
  CHECK(Near(Path(d)->total_s, 0.2825));
  const nlohmann::json j = ToJson(*r);
  CHECK(j["parts"].size() == r->parts.size());
  CHECK(j["formulas"].contains("ttfb_s"));
}

TEST_CASE("Slow start rounds", "[network]") {
  // IW 10: after k rounds 10·(2^k − 1) segments: 10, 30, 70, 150.
  CHECK(SlowStartRounds(0, 10) == 0);
  CHECK(SlowStartRounds(10, 10) == 1);
  CHECK(SlowStartRounds(11, 10) == 2);
  CHECK(SlowStartRounds(70, 10) == 3);
  CHECK(SlowStartRounds(71, 10) == 4);
  CHECK(SlowStartRounds(150, 10) == 4);
}

TEST_CASE("TCP: handshake, transfer and reuse", "[network]") {
  // RTT 50 ms, 100 KB (69 segments, 3 rounds), TLS 1.3 (1 RTT): setup = 2 × 50 = 100 ms, transfer = 150 ms,
  // cold request 250 ms. Reusing for 10 requests saves 9 × 100 = 900 ms of 10 × 250 = 2.5 s → 36%.
  TcpDef d;
  d.rtt_s = 0.05;
  d.tls_rtts = 1;
  d.requests_per_connection = 10;
  auto r = AnalyzeTcp(d);
  REQUIRE(r);
  CHECK(r->segments == 69);
  CHECK(r->slow_start_rounds == 3);
  CHECK(Near(r->handshake_s, 0.1));
  CHECK(Near(r->cold_request_s, 0.25));
  CHECK(Near(r->reuse_saving_s, 0.9));
  CHECK(Near(r->reuse_saving_share, 0.36));
  d.mss_bytes = 10;
  CHECK_FALSE(AnalyzeTcp(d));
}

TEST_CASE("UDP vs TCP at 1% loss", "[network]") {
  // 14 600 B = 10 packets, p = 1%, RTT 100 ms. UDP: 0.1 lost, whole message 0.99^10 = 0.904382075,
  // one way 50 ms. TCP: 10/0.99 = 10.1010101 sent, 0.1010101 retransmissions × 1 RTT (≥ 4 packets:
  // fast retransmit) → 50 + 10.101 = 60.101 ms. Mathis: 1460/0.1 × 1.22/√0.01 = 178 120 B/s.
  LossDef d;
  d.rtt_s = 0.1;
  d.loss = 0.01;
  d.message_bytes = 14600;
  auto r = AnalyzeLoss(d);
  REQUIRE(r);
  CHECK(r->packets == 10);
  CHECK(Near(r->udp_packets_lost, 0.1));
  CHECK(Near(r->udp_message_intact, std::pow(0.99, 10), 1e-12));
  CHECK(Near(r->tcp_transmissions, 10 / 0.99));
  CHECK(Near(r->tcp_delivery_s, 0.05 + 0.1 * (10 / 0.99 - 10)));
  REQUIRE(r->tcp_mathis_bytes_per_s);
  CHECK(Near(*r->tcp_mathis_bytes_per_s, 178120));
  // 2 packets: a loss waits for the RTO (200 ms).
  d.message_bytes = 2000;
  CHECK(Near(AnalyzeLoss(d)->tcp_recovery_each_s, 0.2));
  d.loss = 0.9;
  CHECK_FALSE(AnalyzeLoss(d));
}

TEST_CASE("HTTP/1.1 vs 2 vs 3: waves, multiplexing, head-of-line blocking", "[network]") {
  // 30 requests of 2000 B (2 packets each), RTT 100 ms, TLS 1.3, no loss.
  // 1.1: 6 connections → 5 waves; each connection 10 packets ≤ IW → rounds = max(5, 1) = 5; setup 2 →
  //      page = 7 × 100 = 700 ms.
  // 2:   one connection, 60 packets → 3 slow-start rounds; setup 2 → 500 ms.
  // 3:   QUIC setup 1 + 3 rounds → 400 ms.
  HttpDef d;
  d.rtt_s = 0.1;
  d.requests = 30;
  d.response_bytes = 2000;
  auto r = CompareHttp(d);
  REQUIRE(r);
  CHECK(r->rows[0].request_waves == 5);
  CHECK(Near(r->rows[0].page_s, 0.7));
  CHECK(Near(r->rows[1].page_s, 0.5));
  CHECK(Near(r->rows[2].page_s, 0.4));
  // 1% loss: 60 packets → 0.6 expected losses. HTTP/2 stalls everything per loss: 0.6 × 100 = 60 ms;
  // 1.1 and 3: P(any loss) × RTT = (1 − 0.99^60) × 100 ms = 45.28 ms.
  d.loss = 0.01;
  r = CompareHttp(d);
  REQUIRE(r);
  CHECK(Near(r->rows[1].loss_stall_s, 0.06));
  CHECK(Near(r->rows[2].loss_stall_s, (1 - std::pow(0.99, 60)) * 0.1, 1e-12));
  CHECK(r->rows[1].streams_stalled_per_loss == 30);
  CHECK(r->rows[2].streams_stalled_per_loss == 1);
}

TEST_CASE("DNS: resolver caching and TTL", "[network]") {
  // N = 100 resolvers, λ = 1000/s, TTL 300 s: authoritative = 100 / (300 + 100/1000) = 0.333222259/s;
  // hit ratio = 1 − 0.333222259/1000. Lookup = 10 ms + miss × 50 ms.
  DnsDef d;
  auto r = AnalyzeDns(d);
  REQUIRE(r);
  CHECK(Near(r->authoritative_qps, 100 / 300.1));
  CHECK(Near(r->hit_ratio, 1 - 100 / 300.1 / 1000));
  CHECK(Near(r->mean_lookup_s, 0.01 + (100 / 300.1 / 1000) * 0.05));
  CHECK(Near(r->propagation_worst_s, 300));
  // TTL 0: every query goes to the authoritative servers.
  d.ttl_s = 0;
  CHECK(Near(AnalyzeDns(d)->authoritative_qps, 1000));
  d.resolvers = 0;
  CHECK_FALSE(AnalyzeDns(d));
}

TEST_CASE("Geo: speed of light in fibre and named regions", "[network]") {
  // 5000 km × 1.3 = 6500 km / 200 000 km/s = 32.5 ms one way, RTT 65 ms.
  GeoDef g;
  g.distance_km = 5000;
  auto r = AnalyzeGeo(g);
  REQUIRE(r);
  CHECK(Near(r->one_way_s, 0.0325));
  CHECK(Near(r->rtt_s, 0.065));
  // London (eu-west-2) to N. Virginia (us-east-1): about 5 900 km on the great circle.
  auto d = RegionDistanceKm("eu-west-2", "us-east-1");
  REQUIRE(d);
  CHECK(*d > 5800);
  CHECK(*d < 6000);
  CHECK(*RegionDistanceKm("eu-west-1", "eu-west-1") == 0);
  CHECK(*RegionDistanceKm("us-east-1", "eu-west-2") == *d);
  CHECK_FALSE(RegionDistanceKm("mars-1", "us-east-1"));
  g.distance_km = 1e9;
  CHECK_FALSE(AnalyzeGeo(g));
}

TEST_CASE("CDN: offload, latency and egress", "[network]") {
  // h = 90%, 1000/s, 100 KB, edge 10 ms, origin 80 ms: origin 100/s; latency 10 + 0.1 × 80 = 18 ms;
  // egress saved 0.9 × 1000 × 1e5 = 9e7 B/s, × 2 592 000 s = 2.3328e14 B per month; at 0.05/GB: 11 664.
  CdnDef d;
  d.egress_price_per_gb = 0.05;
  auto r = AnalyzeCdn(d);
  REQUIRE(r);
  CHECK(Near(r->origin_rps, 100));
  CHECK(Near(r->mean_latency_s, 0.018));
  CHECK(Near(r->egress_saved_bytes_per_s, 9e7));
  CHECK(Near(r->egress_saved_bytes_per_month, 2.3328e14));
  CHECK(Near(*r->egress_saved_per_month, 11664));
  d.hit_ratio = 1.5;
  CHECK_FALSE(AnalyzeCdn(d));
}
