// Push transports and API styles; see sdlab/realtime.h for the model and its assumptions.
#include "sdlab/realtime.h"

#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/random.h"
#include "sdlab/serialization.h"

namespace sdlab::realtime {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

std::string InputError::Message() const { return field + ": " + message; }

std::string_view TransportName(Transport t) {
  switch (t) {
    case Transport::Polling: return "polling";
    case Transport::LongPolling: return "long_polling";
    case Transport::Sse: return "sse";
    case Transport::WebSocket: return "websocket";
  }
  return "polling";
}

std::optional<Transport> ParseTransport(std::string_view t) {
  if (t == "polling" || t == "short_polling" || t == "poll") return Transport::Polling;
  if (t == "long_polling" || t == "long-polling" || t == "longpoll") return Transport::LongPolling;
  if (t == "sse" || t == "server_sent_events") return Transport::Sse;
  if (t == "websocket" || t == "websockets" || t == "ws") return Transport::WebSocket;
  return std::nullopt;
}

std::string_view ApiStyleName(ApiStyle s) {
  switch (s) {
    case ApiStyle::Rest: return "rest";
    case ApiStyle::Grpc: return "grpc";
    case ApiStyle::GraphQl: return "graphql";
  }
  return "rest";
}

int WebSocketFrameHeader(double payload) {
  if (payload <= 125) return 2;
  if (payload <= 65535) return 4;
  return 10;
}

Transport FanoutResult::Cheapest() const {
  Transport best = rows.front().transport;
  double bw = rows.front().bandwidth_bytes_per_s;
  for (const TransportRow& r : rows)
    if (r.bandwidth_bytes_per_s < bw) {
      bw = r.bandwidth_bytes_per_s;
      best = r.transport;
    }
  return best;
}

namespace {

Unexpected<InputError> Bad(std::string field, std::string message) {
  return Unexpected(InputError{std::move(field), std::move(message)});
}
bool In(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }
std::string Ms(double s) { return Fmt(s * 1000.0) + " ms"; }

}  // namespace

Expected<FanoutResult, InputError> CompareTransports(const FanoutDef& d) {
  if (!In(d.subscribers, 0, 1e10)) return Bad("subscribers", "must be between 0 and 1e10");
  if (!In(d.updates_per_s, 0, 1e6)) return Bad("updates_per_s", "must be between 0 and 1e6 per subscriber");
  if (!In(d.message_bytes, 0, 1e9)) return Bad("message_bytes", "must be between 0 and 1 GB");
  if (!In(d.poll_interval_s, 1e-3, 1e6)) return Bad("poll_interval", "must be between 1 ms and 1e6 s");
  if (!In(d.long_poll_timeout_s, 1e-3, 1e6)) return Bad("long_poll_timeout", "must be between 1 ms and 1e6 s");
  if (!In(d.rtt_s, 0, 100)) return Bad("rtt", "must be between 0 and 100 s");
  if (!In(d.http_header_bytes, 0, 1e6)) return Bad("header_bytes", "must be between 0 and 1 MB");
  if (!In(d.memory_per_connection_bytes, 0, 1e9)) return Bad("memory_per_connection", "must be between 0 and 1 GB");
  FanoutResult r;
  const double n = d.subscribers, u = d.updates_per_s, m = d.message_bytes, rtt = d.rtt_s, h = d.http_header_bytes;
  r.deliveries_per_s = n * u;
  const double payload = r.deliveries_per_s * m;
  r.formulas.push_back({"deliveries_per_s", "deliveries = N × u = " + Fmt(n) + " × " + Fmt(u) + "/s = " +
                                                Fmt(r.deliveries_per_s) + "/s"});
  for (Transport t : kTransports) {
    TransportRow row;
    row.transport = t;
    row.messages_per_s = r.deliveries_per_s;
    const std::string name(TransportName(t));
    switch (t) {
      case Transport::Polling: {
        const double tt = d.poll_interval_s;
        row.requests_per_s = n / tt;
        const double p_empty = DetExp(-u * tt);
        row.empty_responses_per_s = row.requests_per_s * p_empty;
        row.connections_held = row.requests_per_s * rtt;
        row.overhead_bytes_per_s = row.requests_per_s * h;
        row.mean_latency_s = tt / 2 + rtt / 2;
        row.formula = "polling: N/T = " + Fmt(n) + "/" + Fmt(tt) + " s = " + Fmt(row.requests_per_s) +
                      " req/s × " + Fmt(h) + " B headers; empty share e^(−uT) = " + Fmt(p_empty) +
                      "; latency T/2 + RTT/2 = " + Ms(row.mean_latency_s);
        break;
      }
      case Transport::LongPolling: {
        const double tau = d.long_poll_timeout_s;
        const double wait = u > 0 ? (1 - DetExp(-u * tau)) / u : tau;
        const double cycle = wait + rtt;
        row.requests_per_s = cycle > 0 ? n / cycle : 0;
        row.empty_responses_per_s = row.requests_per_s * DetExp(-u * tau);
        row.connections_held = n;
        row.overhead_bytes_per_s = row.requests_per_s * h;
        row.mean_latency_s = rtt / 2 + (cycle > 0 ? rtt / cycle : 0) * rtt / 2;
        row.formula = "long polling: cycle = (1 − e^(−uτ))/u + RTT = " + Fmt(wait) + " + " + Fmt(rtt) + " = " +
                      Fmt(cycle) + " s; N/cycle = " + Fmt(row.requests_per_s) + " req/s; " + Fmt(n) + " held";
        break;
      }
      case Transport::Sse: {
        const double framing = 8.0 + (d.sse_ids ? 12.0 : 0.0);
        row.connections_held = n;
        row.overhead_bytes_per_s = r.deliveries_per_s * framing;
        row.mean_latency_s = rtt / 2;
        row.formula = "SSE: " + Fmt(n) + " held; " + Fmt(r.deliveries_per_s) + " events/s × " + Fmt(framing) +
                      " B framing";
        break;
      }
      case Transport::WebSocket: {
        const int frame = WebSocketFrameHeader(m);
        row.connections_held = n;
        row.overhead_bytes_per_s = r.deliveries_per_s * frame;
        row.mean_latency_s = rtt / 2;
        row.formula = "WebSocket: " + Fmt(n) + " held; " + Fmt(r.deliveries_per_s) + " frames/s × " +
                      std::to_string(frame) + " B header";
        break;
      }
    }
    row.bandwidth_bytes_per_s = row.overhead_bytes_per_s + payload;
    row.memory_bytes = row.connections_held * d.memory_per_connection_bytes;
    r.formulas.push_back({name, row.formula});
    r.formulas.push_back({"bandwidth_" + name, "bandwidth = overhead + N·u × message = " +
                                                   Fmt(row.overhead_bytes_per_s) + " + " + Fmt(payload) + " = " +
                                                   Fmt(row.bandwidth_bytes_per_s) + " B/s"});
    r.formulas.push_back({"memory_" + name, "memory = " + Fmt(row.connections_held) + " connections × " +
                                                Fmt(d.memory_per_connection_bytes) + " B = " +
                                                Fmt(row.memory_bytes) + " B"});
    r.rows.push_back(row);
  }
  r.notes.push_back("Polling trades latency (T/2) for requests: halving T doubles the requests and the header bytes.");
  r.notes.push_back("SSE and WebSocket hold a connection per client: plan memory and file descriptors, and a "
                    "reconnect storm after a deploy (N reconnects at once).");
  return r;
}

Expected<ApiResult, InputError> CompareApis(const ApiDef& d) {
  if (d.resources < 1 || d.resources > 1000) return Bad("resources", "must be between 1 and 1000");
  if (d.items < 0 || d.items > 100000) return Bad("items", "must be between 0 and 100000");
  if (d.levels < 1 || d.levels > d.resources) return Bad("levels", "must be between 1 and the number of resources");
  if (d.fields_available < 1 || d.fields_available > 10000) return Bad("fields_available", "must be between 1 and 10000");
  if (d.fields_needed < 1 || d.fields_needed > d.fields_available)
    return Bad("fields_needed", "must be between 1 and fields_available");
  if (d.value_bytes < 0 || d.value_bytes > 1000000) return Bad("value_bytes", "must be between 0 and 1e6");
  if (d.key_length < 1 || d.key_length > 1000) return Bad("key_length", "must be between 1 and 1000");
  if (!In(d.rtt_s, 0, 100)) return Bad("rtt", "must be between 0 and 100 s");
  if (!In(d.http_header_bytes, 0, 1e6)) return Bad("header_bytes", "must be between 0 and 1 MB");
  if (!In(d.grpc_header_bytes, 0, 1e6)) return Bad("grpc_header_bytes", "must be between 0 and 1 MB");
  using serialization::Format;
  auto size = [&](Format f, int records, int fields) -> double {
    if (records <= 0) return 0;
    serialization::PayloadDef p;
    p.ints = p.doubles = p.bools = 0;
    p.strings = fields;
    p.string_length = d.value_bytes;
    p.key_length = d.key_length;
    p.records = records;
    p.messages_per_s = 0;
    auto r = serialization::Compare(p);
    return r ? r->Row(f).bytes : 0;
  };
  ApiResult r;
  const int singles = d.resources - 1;
  r.entities = singles + d.items;
  const double full_json = size(Format::Json, 1, d.fields_available), need_json = size(Format::Json, 1, d.fields_needed);
  const double full_pb = size(Format::Protobuf, 1, d.fields_available), need_pb = size(Format::Protobuf, 1, d.fields_needed);
  // REST
  {
    ApiRow row;
    row.style = ApiStyle::Rest;
    row.requests = d.resources + (d.list_returns_ids ? d.items : 0);
    row.round_trips = d.levels + (d.list_returns_ids && d.items > 0 ? 1 : 0);
    row.header_bytes = row.requests * d.http_header_bytes;
    const double list = d.list_returns_ids ? size(Format::Json, d.items, 1) + d.items * full_json
                                           : size(Format::Json, d.items, d.fields_available);
    row.body_bytes = singles * full_json + list;
    row.over_fetch_bytes = r.entities * (full_json - need_json);
    row.formula = "REST: " + std::to_string(d.resources) + " endpoints" +
                  (d.list_returns_ids ? " + " + std::to_string(d.items) + " detail calls (N+1)" : "") + ", " +
                  std::to_string(row.round_trips) + " round trips; " + std::to_string(r.entities) + " entities × " +
                  Fmt(full_json) + " B JSON (all " + std::to_string(d.fields_available) + " fields)";
    r.rows.push_back(row);
  }
  // gRPC
  {
    ApiRow row;
    row.style = ApiStyle::Grpc;
    row.requests = d.resources;
    row.round_trips = d.levels;
    row.header_bytes = d.resources * d.grpc_header_bytes;
    row.body_bytes = singles * full_pb + size(Format::Protobuf, d.items, d.fields_available);
    row.over_fetch_bytes = r.entities * (full_pb - need_pb);
    row.formula = "gRPC: " + std::to_string(d.resources) + " RPCs on one HTTP/2 connection, " +
                  std::to_string(row.round_trips) + " round trips; " + std::to_string(r.entities) + " entities × " +
                  Fmt(full_pb) + " B Protobuf";
    r.rows.push_back(row);
  }
  // GraphQL
  {
    ApiRow row;
    row.style = ApiStyle::GraphQl;
    row.requests = 1;
    row.round_trips = 1;
    row.header_bytes = d.http_header_bytes;
    const double query = d.resources * 40.0 + double(d.fields_needed) * d.resources * (d.key_length + 1);
    row.body_bytes = query + singles * need_json + size(Format::Json, d.items, d.fields_needed);
    row.over_fetch_bytes = 0;
    row.formula = "GraphQL: 1 POST (query " + Fmt(query) + " B), 1 round trip; " + std::to_string(r.entities) +
                  " entities × " + Fmt(need_json) + " B JSON (only the " + std::to_string(d.fields_needed) +
                  " needed fields)";
    r.rows.push_back(row);
  }
  for (ApiRow& row : r.rows) {
    row.latency_s = row.round_trips * d.rtt_s;
    row.total_bytes = row.header_bytes + row.body_bytes;
    const std::string name(ApiStyleName(row.style));
    r.formulas.push_back({name, row.formula});
    r.formulas.push_back({"latency_" + name, "latency = " + std::to_string(row.round_trips) + " round trips × " +
                                                 Ms(d.rtt_s) + " = " + Ms(row.latency_s)});
    r.formulas.push_back({"total_bytes_" + name, "bytes = headers " + Fmt(row.header_bytes) + " + bodies " +
                                                     Fmt(row.body_bytes) + " = " + Fmt(row.total_bytes)});
  }
  r.notes.push_back("GraphQL moves the fan-out to the server: its resolvers can still do N+1 queries to the database "
                    "unless they batch (DataLoader).");
  r.notes.push_back("gRPC needs HTTP/2 end to end and a generated client: a fit between services, less so for browsers.");
  return r;
}

nlohmann::json ToJson(const FanoutResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const TransportRow& x : r.rows)
    rows.push_back({{"transport", std::string(TransportName(x.transport))},
                    {"connections_held", JsonNumber(x.connections_held)},
                    {"requests_per_s", JsonNumber(x.requests_per_s)},
                    {"empty_responses_per_s", JsonNumber(x.empty_responses_per_s)},
                    {"messages_per_s", JsonNumber(x.messages_per_s)},
                    {"overhead_bytes_per_s", JsonNumber(x.overhead_bytes_per_s)},
                    {"bandwidth_bytes_per_s", JsonNumber(x.bandwidth_bytes_per_s)},
                    {"memory_bytes", JsonNumber(x.memory_bytes)},
                    {"mean_latency_s", JsonNumber(x.mean_latency_s)}});
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : r.formulas) f[x.key] = x.text;
  return {{"deliveries_per_s", JsonNumber(r.deliveries_per_s)},
          {"cheapest", std::string(TransportName(r.Cheapest()))},
          {"transports", rows},
          {"formulas", f},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const ApiResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const ApiRow& x : r.rows)
    rows.push_back({{"style", std::string(ApiStyleName(x.style))},
                    {"requests", x.requests},
                    {"round_trips", x.round_trips},
                    {"latency_s", JsonNumber(x.latency_s)},
                    {"header_bytes", JsonNumber(x.header_bytes)},
                    {"body_bytes", JsonNumber(x.body_bytes)},
                    {"over_fetch_bytes", JsonNumber(x.over_fetch_bytes)},
                    {"total_bytes", JsonNumber(x.total_bytes)}});
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : r.formulas) f[x.key] = x.text;
  return {{"entities", r.entities}, {"styles", rows}, {"formulas", f}, {"notes", r.notes}};
}

}  // namespace sdlab::realtime
