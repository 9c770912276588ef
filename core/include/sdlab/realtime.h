// sdlab/realtime.h — pushing updates to clients (short polling, long polling, server-sent events,
// WebSocket) and fetching a screen's data (REST, gRPC, GraphQL).
//
// Fan-out: N subscribers each receive every update of a topic published u times per second (Poisson),
// so N·u deliveries per second whatever the transport; what differs is the overhead around them.
//   Short polling   every client asks every T: N/T requests/s, each with H bytes of HTTP headers
//                   (request + response, default 700). A poll finds no update with probability
//                   e^(−uT) (an empty response). Update latency ≈ T/2 + RTT/2. Connections in use ≈
//                   requests/s × RTT (Little's law; idle keep-alive sockets not counted).
//   Long polling    every client keeps one request open; the server answers at the first update or
//                   after the timeout τ, and the client asks again one RTT later: cycle = E[min(X, τ)]
//                   + RTT = (1 − e^(−uτ))/u + RTT, N/cycle requests/s, N connections held. Latency ≈
//                   RTT/2 + (RTT/cycle) × RTT/2 (updates while the client is re-asking wait for it).
//   SSE             one long-lived HTTP response per client (N held); each update is an event with
//                   "data: " + "\n\n" = 8 bytes of framing (plus "id: <n>\n" if ids are sent).
//                   Latency ≈ RTT/2. Server → client only.
//   WebSocket       one upgraded TCP connection per client (N held); a server frame has a 2-byte header
//                   for payloads ≤ 125 bytes, 4 up to 65 535, 10 beyond. Latency ≈ RTT/2. Both ways.
//   Memory = connections held × memory per connection (default 32 KB: socket buffers + TLS +
//   per-connection state in the server; measure yours). Bandwidth = header bytes + N·u × (message +
//   framing).
//
// API styles, for one screen: `resources` kinds of data, one of them a list of `items` entities, the
// rest single entities; the screen needs `fields_needed` of the `fields_available` fields of each
// entity; `levels` dependency levels (a request needs the answer of the level before).
//   REST     one endpoint per resource, full representations (over-fetching: fields_available −
//            fields_needed per entity); when the list returns only ids (`list_returns_ids`), one
//            detail request per item (under-fetching, the N+1 pattern: one more round trip, items
//            more requests). Round trips = levels (+1). JSON bodies, H header bytes per request.
//   GraphQL  one POST with the query; the response has exactly the needed fields; 1 round trip
//            (resolvers still run per level on the server). JSON body, H header bytes once, plus
//            the query text (≈ needed fields × (name + 1) + 40 bytes per resource).
//   gRPC     one purpose-built RPC per resource over one HTTP/2 connection (lists return full
//            messages, no N+1), round trips = levels; Protobuf bodies with the available fields;
//            headers HPACK-compressed (default 60 bytes per call after the first).
//   Entity sizes come from sdlab/serialization.h: fields as strings of `value_bytes` bytes.
//
// Units: seconds (JSON keys end in _s), bytes, per second. Deterministic (no randomness; exp by
// DetExp); JSON numbers rounded to 9 significant digits.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::realtime {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct Formula {
  std::string key;
  std::string text;
};

enum class Transport { Polling, LongPolling, Sse, WebSocket };
std::string_view TransportName(Transport t);  ///< "polling", "long_polling", "sse", "websocket"
std::optional<Transport> ParseTransport(std::string_view text);
constexpr Transport kTransports[] = {Transport::Polling, Transport::LongPolling, Transport::Sse, Transport::WebSocket};

struct FanoutDef {
  double subscribers = 10000;
  double updates_per_s = 0.1;       ///< per subscriber (updates of the topic each one follows)
  double message_bytes = 200;
  double poll_interval_s = 5;
  double long_poll_timeout_s = 30;
  double rtt_s = 0.050;
  double http_header_bytes = 700;
  double memory_per_connection_bytes = 32 * 1024;
  bool sse_ids = false;             ///< SSE events carry an id line (for resume), ~ 12 bytes more
};

struct TransportRow {
  Transport transport = Transport::Polling;
  double connections_held = 0;
  double requests_per_s = 0;        ///< HTTP requests the server handles
  double empty_responses_per_s = 0; ///< polls that carried nothing
  double messages_per_s = 0;        ///< deliveries (N·u)
  double overhead_bytes_per_s = 0;  ///< headers and framing
  double bandwidth_bytes_per_s = 0; ///< overhead + payload
  double memory_bytes = 0;
  double mean_latency_s = 0;        ///< update → client
  std::string formula;
};

struct FanoutResult {
  double deliveries_per_s = 0;
  std::vector<TransportRow> rows;   ///< polling, long_polling, sse, websocket
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
  const TransportRow& Row(Transport t) const { return rows[static_cast<int>(t)]; }
  /// The transport with the least bandwidth (ties: the earlier in kTransports).
  Transport Cheapest() const;
};

Expected<FanoutResult, InputError> CompareTransports(const FanoutDef& def);
/// WebSocket server-frame header bytes for a payload: 2, 4 or 10.
int WebSocketFrameHeader(double payload_bytes);

enum class ApiStyle { Rest, Grpc, GraphQl };
std::string_view ApiStyleName(ApiStyle s);  ///< "rest", "grpc", "graphql"

struct ApiDef {
  int resources = 3;
  int items = 20;
  int levels = 2;
  int fields_needed = 5;
  int fields_available = 20;
  int value_bytes = 12;
  int key_length = 10;
  bool list_returns_ids = true;
  double rtt_s = 0.050;
  double http_header_bytes = 700;
  double grpc_header_bytes = 60;
};

struct ApiRow {
  ApiStyle style = ApiStyle::Rest;
  int requests = 0;
  int round_trips = 0;
  double latency_s = 0;          ///< round trips × RTT (server time not included)
  double header_bytes = 0;       ///< HTTP headers of requests and responses
  double body_bytes = 0;         ///< response bodies (+ the GraphQL query text)
  double over_fetch_bytes = 0;   ///< bytes of fields the screen does not use
  double total_bytes = 0;
  std::string formula;
};

struct ApiResult {
  int entities = 0;
  std::vector<ApiRow> rows;      ///< rest, grpc, graphql
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};
Expected<ApiResult, InputError> CompareApis(const ApiDef& def);

nlohmann::json ToJson(const FanoutResult& r);
nlohmann::json ToJson(const ApiResult& r);

}  // namespace sdlab::realtime
