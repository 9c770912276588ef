// Push transports and API styles against hand-worked numbers.
#include <catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/realtime.h"

using namespace sdlab;
using namespace sdlab::realtime;

namespace {
bool Near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(1e-12, std::fabs(b)); }
}  // namespace

TEST_CASE("Realtime: fan-out to 10K subscribers at 0.1 update/s", "[realtime]") {
  // N = 10 000, u = 0.1/s, 200 B messages, T = 5 s, τ = 30 s, RTT 50 ms, 700 B headers, 32 KiB per connection.
  // deliveries 1000/s, payload 200 000 B/s.
  // polling: 2000 req/s, empty e^(−0.5) = 0.60653066, 100 in flight, 1.4 MB/s headers → 1.6 MB/s; latency 2.525 s.
  // long polling: cycle = (1 − e^(−3))/0.1 + 0.05 = 9.55212932 s → 1046.887 req/s; 10 000 held.
  // SSE: 8 B per event → 208 000 B/s. WebSocket: 200 B > 125 → 4 B header → 204 000 B/s (cheapest).
  FanoutDef d;
  auto r = CompareTransports(d);
  REQUIRE(r);
  CHECK(Near(r->deliveries_per_s, 1000));
  const auto& p = r->Row(Transport::Polling);
  CHECK(Near(p.requests_per_s, 2000));
  CHECK(Near(p.empty_responses_per_s, 2000 * std::exp(-0.5), 1e-12));
  CHECK(Near(p.connections_held, 100));
  CHECK(Near(p.bandwidth_bytes_per_s, 1.6e6));
  CHECK(Near(p.mean_latency_s, 2.525));
  const auto& lp = r->Row(Transport::LongPolling);
  const double cycle = (1 - std::exp(-3.0)) / 0.1 + 0.05;
  CHECK(Near(lp.requests_per_s, 10000 / cycle, 1e-12));
  CHECK(lp.connections_held == 10000);
  CHECK(Near(r->Row(Transport::Sse).bandwidth_bytes_per_s, 208000));
  CHECK(Near(r->Row(Transport::WebSocket).bandwidth_bytes_per_s, 204000));
  CHECK(Near(r->Row(Transport::WebSocket).memory_bytes, 10000 * 32768.0));
  CHECK(r->Cheapest() == Transport::WebSocket);
  const nlohmann::json j = ToJson(*r);
  CHECK(j["cheapest"] == "websocket");
  CHECK(j["formulas"].contains("polling"));
}

TEST_CASE("Realtime: rare updates, slow polling", "[realtime]") {
  // With u → 0, long polling times out every τ: N/(τ + RTT) requests/s, all empty.
  FanoutDef d;
  d.updates_per_s = 0;
  auto r = CompareTransports(d);
  REQUIRE(r);
  CHECK(Near(r->Row(Transport::LongPolling).requests_per_s, 10000 / 30.05));
  CHECK(Near(r->Row(Transport::LongPolling).empty_responses_per_s, 10000 / 30.05));
  CHECK(WebSocketFrameHeader(125) == 2);
  CHECK(WebSocketFrameHeader(126) == 4);
  CHECK(WebSocketFrameHeader(70000) == 10);
  d.poll_interval_s = 0;
  CHECK_FALSE(CompareTransports(d));
}

TEST_CASE("API styles: REST N+1 vs gRPC vs GraphQL for one screen", "[realtime]") {
  // 3 resources (2 single entities + a list of 20), 2 levels, 5 of 20 fields needed, 12-byte values, 10-byte names.
  // JSON entity of k string fields = 2 + 13k + 14k + (k − 1) = 1 + 28k: full 561, needed 141.
  // Protobuf entity = tags + k × (1 length + 12): fields 1–15 take a 1-byte tag, 16–20 a 2-byte one, so
  // full = 15 + 5×2 + 20 × 13 = 285, needed = 5 × 14 = 70.
  // REST: 3 + 20 detail calls = 23 requests, 3 round trips, headers 23 × 700 = 16 100;
  //       bodies 2 × 561 + id list (20 × 29 + 2 + 19 = 601) + 20 × 561 = 12 943; over-fetch 22 × 420 = 9240.
  // gRPC: 3 calls, 2 round trips, headers 180; bodies 2 × 285 + 20 × (285 + 1 + 2) = 6330;
  //       over-fetch 22 × (285 − 70) = 4730.
  // GraphQL: 1 call, 1 round trip, headers 700; query 3 × 40 + 5 × 3 × 11 = 285; bodies 285 + 2 × 141 +
  //          (20 × 141 + 21) = 3408; over-fetch 0.
  ApiDef d;
  auto r = CompareApis(d);
  REQUIRE(r);
  CHECK(r->entities == 22);
  const ApiRow& rest = r->rows[0];
  CHECK(rest.requests == 23);
  CHECK(rest.round_trips == 3);
  CHECK(Near(rest.header_bytes, 16100));
  CHECK(Near(rest.body_bytes, 12943));
  CHECK(Near(rest.over_fetch_bytes, 9240));
  CHECK(Near(rest.latency_s, 0.15));
  const ApiRow& grpc = r->rows[1];
  CHECK(grpc.round_trips == 2);
  CHECK(Near(grpc.body_bytes, 6330));
  CHECK(Near(grpc.over_fetch_bytes, 4730));
  const ApiRow& gql = r->rows[2];
  CHECK(gql.round_trips == 1);
  CHECK(Near(gql.body_bytes, 3408));
  CHECK(gql.over_fetch_bytes == 0);
  d.fields_needed = 30;
  CHECK_FALSE(CompareApis(d));
}
