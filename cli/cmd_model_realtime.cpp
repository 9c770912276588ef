// `sdlab model realtime`: pushing updates to N subscribers (--mode fanout: short polling, long
// polling, SSE, WebSocket side by side) or fetching one screen's data (--mode api: REST, gRPC,
// GraphQL side by side).
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "model_text.h"
#include "sdlab/realtime.h"

namespace sdlab::cli {

namespace {

struct RealtimeArgs {
  std::string format, mode = "fanout";
  std::string subscribers = "10K", update_rate = "0.1/s", message = "200B", poll_interval = "5s",
              long_poll_timeout = "30s", rtt = "50ms", header_bytes = "700B", memory_per_connection = "32KiB";
  bool sse_ids = false;
  int resources = 3, items = 20, levels = 2, fields_needed = 5, fields_available = 20, value_bytes = 12,
      key_length = 10;
  bool full_list = false;
  std::string grpc_header_bytes = "60B";
};

}  // namespace

void AddModelRealtimeCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<RealtimeArgs>();
  CLI::App* cmd = model.add_subcommand(
      "realtime", "Real-time delivery (polling, long polling, SSE, WebSocket) and API styles (REST, gRPC, GraphQL)");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "fanout (default) or api")->check(CLI::IsMember({"fanout", "api"}));
  cmd->add_option("--subscribers", a->subscribers, "fanout: clients that follow the updates (default 10K)");
  cmd->add_option("--update-rate", a->update_rate, "fanout: updates each subscriber receives, e.g. 1/min (default 0.1/s)");
  cmd->add_option("--message", a->message, "fanout: update payload (default 200B)");
  cmd->add_option("--poll-interval", a->poll_interval, "fanout: short-polling interval (default 5s)");
  cmd->add_option("--long-poll-timeout", a->long_poll_timeout, "fanout: long-poll timeout (default 30s)");
  cmd->add_option("--rtt", a->rtt, "Client ↔ server round trip (default 50ms)");
  cmd->add_option("--header-bytes", a->header_bytes, "HTTP request + response headers (default 700B)");
  cmd->add_option("--memory-per-connection", a->memory_per_connection, "fanout: server memory per open connection (default 32KiB)");
  cmd->add_flag("--sse-ids", a->sse_ids, "fanout: SSE events carry an id line for resuming");
  cmd->add_option("--resources", a->resources, "api: kinds of data the screen shows (default 3)")->check(CLI::Range(1, 1000));
  cmd->add_option("--items", a->items, "api: entities in the screen's list (default 20)")->check(CLI::Range(0, 100000));
  cmd->add_option("--levels", a->levels, "api: dependency levels between requests (default 2)")->check(CLI::Range(1, 1000));
  cmd->add_option("--fields-needed", a->fields_needed, "api: fields the screen uses per entity (default 5)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--fields-available", a->fields_available, "api: fields a full representation has (default 20)")
      ->check(CLI::Range(1, 10000));
  cmd->add_option("--value-bytes", a->value_bytes, "api: typical field value size (default 12)")->check(CLI::Range(0, 1000000));
  cmd->add_option("--key-length", a->key_length, "api: typical field name length (default 10)")->check(CLI::Range(1, 1000));
  cmd->add_flag("--full-list", a->full_list, "api: the REST list returns full items (no N+1 detail calls)");
  cmd->add_option("--grpc-header-bytes", a->grpc_header_bytes, "api: gRPC headers per call after HPACK (default 60B)");
  cmd->callback([a, &ctx] {
    const FlagReader r{ctx, "realtime"};
    auto rtt = r.Duration("--rtt", a->rtt);
    auto hdr = r.Bytes("--header-bytes", a->header_bytes);
    if (!rtt || !hdr) return;
    nlohmann::json j;
    std::string title;
    if (a->mode == "fanout") {
      realtime::FanoutDef d;
      auto n = r.Count("--subscribers", a->subscribers);
      auto u = r.Rate("--update-rate", a->update_rate);
      auto m = r.Bytes("--message", a->message);
      auto t = r.Duration("--poll-interval", a->poll_interval);
      auto tau = r.Duration("--long-poll-timeout", a->long_poll_timeout);
      auto mem = r.Bytes("--memory-per-connection", a->memory_per_connection);
      if (!n || !u || !m || !t || !tau || !mem) return;
      d.subscribers = *n;
      d.updates_per_s = *u;
      d.message_bytes = *m;
      d.poll_interval_s = *t;
      d.long_poll_timeout_s = *tau;
      d.rtt_s = *rtt;
      d.http_header_bytes = *hdr;
      d.memory_per_connection_bytes = *mem;
      d.sse_ids = a->sse_ids;
      auto res = realtime::CompareTransports(d);
      if (!res) {
        const std::string& f = res.error().field;
        const std::string flag = f == "updates_per_s" ? "--update-rate" : f == "message_bytes" ? "--message"
                               : f == "poll_interval" ? "--poll-interval" : f == "long_poll_timeout" ? "--long-poll-timeout"
                               : f == "header_bytes" ? "--header-bytes" : f == "memory_per_connection" ? "--memory-per-connection"
                               : "--" + f;
        return r.Fail(flag + ": " + res.error().message);
      }
      title = "fan-out of updates to subscribers";
      j = realtime::ToJson(*res);
    } else {
      realtime::ApiDef d;
      auto g = r.Bytes("--grpc-header-bytes", a->grpc_header_bytes);
      if (!g) return;
      d.resources = a->resources;
      d.items = a->items;
      d.levels = a->levels;
      d.fields_needed = a->fields_needed;
      d.fields_available = a->fields_available;
      d.value_bytes = a->value_bytes;
      d.key_length = a->key_length;
      d.list_returns_ids = !a->full_list;
      d.rtt_s = *rtt;
      d.http_header_bytes = *hdr;
      d.grpc_header_bytes = *g;
      auto res = realtime::CompareApis(d);
      if (!res) {
        std::string f = res.error().field;
        for (char& c : f)
          if (c == '_') c = '-';
        return r.Fail("--" + f + ": " + res.error().message);
      }
      title = "one screen's data: REST vs gRPC vs GraphQL";
      j = realtime::ToJson(*res);
    }
    j["mode"] = a->mode;
    if (a->format == "json") return PrintJson(ctx.out, j);
    PrintModelText(ctx.out, title, j);
  });
}

}  // namespace sdlab::cli
