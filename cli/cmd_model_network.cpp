// `sdlab model network --mode geo|dns|tcp|loss|tls|http|cdn|path`: one subcommand with a mode per
// concept (they share the round-trip time and its source: --rtt, or --from/--to regions, or
// --distance km), so a path and its parts are read with the same flags.
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>

#include "commands.h"
#include "model_text.h"
#include "sdlab/network.h"

namespace sdlab::cli {

namespace {

struct NetworkArgs {
  std::string format, mode = "path";
  std::string rtt, from, to, distance, route_factor = "1.3";
  // dns
  std::string ttl = "300s", resolvers = "100", query_rate = "1000/s", resolver_rtt = "10ms", authoritative_rtt = "50ms";
  // tcp / loss / http / path
  std::string payload = "100KB", mss = "1460", initial_cwnd = "10", requests_per_connection = "1";
  std::string loss = "0", message = "10KB", rto = "200ms";
  std::string tls = "1.3", http = "2", requests = "30", response = "20KB", connections = "6";
  std::string dns = "0ms", hops, server = "20ms", bandwidth;
  bool reuse = false;
  // cdn
  std::string hit_ratio = "90%", rps = "1000/s", object_size = "100KB", edge_rtt = "10ms", origin_rtt, egress_price;
};

std::optional<int> WholeNumber(const FlagReader& r, const std::string& flag, const std::string& text, double lo,
                               double hi) {
  auto c = r.Count(flag, text);
  if (!c) return std::nullopt;
  if (*c < lo || *c > hi || static_cast<double>(static_cast<long long>(*c)) != *c) {
    std::ostringstream m;
    m << flag << ": must be a whole number between " << lo << " and " << hi;
    r.Fail(m.str());
    return std::nullopt;
  }
  return static_cast<int>(*c);
}

}  // namespace

void AddModelNetworkCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<NetworkArgs>();
  CLI::App* cmd = model.add_subcommand(
      "network", "Network: geo RTT, DNS caching, TCP slow start, UDP vs TCP loss, TLS, HTTP/1.1/2/3, CDN, a request path");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "geo, dns, tcp, loss, tls, http, cdn or path (default path)")
      ->check(CLI::IsMember({"geo", "dns", "tcp", "loss", "tls", "http", "cdn", "path"}));
  cmd->add_option("--rtt", a->rtt, "Round-trip time, e.g. 80ms (default: from --from/--to or --distance, else 50ms)");
  cmd->add_option("--from", a->from, "Region the client is in, e.g. eu-west-1");
  cmd->add_option("--to", a->to, "Region the server is in, e.g. us-east-1");
  cmd->add_option("--distance", a->distance, "Distance in km instead of regions, e.g. 5500");
  cmd->add_option("--route-factor", a->route_factor, "Cable length / great-circle distance (default 1.3)");
  cmd->add_option("--ttl", a->ttl, "dns: record TTL (default 300s)");
  cmd->add_option("--resolvers", a->resolvers, "dns: recursive resolvers the clients use (default 100)");
  cmd->add_option("--query-rate", a->query_rate, "dns: client queries, all clients (default 1000/s)");
  cmd->add_option("--resolver-rtt", a->resolver_rtt, "dns: client ↔ resolver RTT (default 10ms)");
  cmd->add_option("--authoritative-rtt", a->authoritative_rtt, "dns: resolver ↔ authoritative RTT (default 50ms)");
  cmd->add_option("--payload", a->payload, "tcp: bytes to send (default 100KB)");
  cmd->add_option("--mss", a->mss, "Maximum segment size in bytes (default 1460)");
  cmd->add_option("--initial-cwnd", a->initial_cwnd, "Initial congestion window in segments (default 10)");
  cmd->add_option("--requests-per-connection", a->requests_per_connection,
                  "tcp: requests sent over one connection (reuse; default 1)");
  cmd->add_option("--loss", a->loss, "loss/http: packet loss, e.g. 1% (default 0)");
  cmd->add_option("--message", a->message, "loss: message size (default 10KB)");
  cmd->add_option("--rto", a->rto, "loss: retransmission timeout (default 200ms)");
  cmd->add_option("--tls", a->tls, "TLS: none, 1.2, 1.2-resumed, 1.3, 1.3-0rtt (default 1.3)");
  cmd->add_option("--http", a->http, "path: HTTP version 1.1, 2 or 3 (default 2)");
  cmd->add_option("--requests", a->requests, "http: requests a page needs (default 30)");
  cmd->add_option("--response", a->response, "http/path: response size (default 20KB)");
  cmd->add_option("--connections", a->connections, "http: HTTP/1.1 connections per origin (default 6)");
  cmd->add_option("--dns", a->dns, "path: DNS lookup time (default 0ms = cached)");
  cmd->add_flag("--reuse", a->reuse, "path: the connection is already open (no handshakes)");
  cmd->add_option("--hops", a->hops,
                  "path: proxies/gateways in the way, e.g. api_gateway,reverse_proxy:1ms (kind[:processing])");
  cmd->add_option("--server", a->server, "path: server time (default 20ms)");
  cmd->add_option("--bandwidth", a->bandwidth, "path: bottleneck bandwidth, e.g. 10MB/s (default: not limiting)");
  cmd->add_option("--hit-ratio", a->hit_ratio, "cdn: hit ratio (default 90%)");
  cmd->add_option("--rps", a->rps, "cdn: requests per second (default 1000/s)");
  cmd->add_option("--object-size", a->object_size, "cdn: object size (default 100KB)");
  cmd->add_option("--edge-rtt", a->edge_rtt, "cdn: client ↔ edge RTT (default 10ms)");
  cmd->add_option("--origin-rtt", a->origin_rtt, "cdn: edge ↔ origin RTT (default: the geo RTT, else 80ms)");
  cmd->add_option("--egress-price", a->egress_price, "cdn: origin egress price per GB, e.g. 0.08");
  cmd->callback([a, &ctx] {
    const FlagReader r{ctx, "network"};
    nlohmann::json j;
    // The round trip: --rtt, or geography.
    std::optional<network::GeoResult> geo;
    if (!a->from.empty() || !a->to.empty() || !a->distance.empty() || a->mode == "geo") {
      network::GeoDef g;
      g.from = a->from;
      g.to = a->to;
      auto rf = r.Count("--route-factor", a->route_factor);
      if (!rf) return;
      g.route_factor = *rf;
      if (!a->distance.empty()) {
        auto d = r.Count("--distance", a->distance);
        if (!d) return;
        g.distance_km = *d;
      }
      auto res = network::AnalyzeGeo(g);
      if (!res) {
        const std::string& f = res.error().field;
        const std::string flag = f == "to" ? "--to" : f == "distance_km" ? "--distance"
                               : f == "route_factor" ? "--route-factor" : "--from";
        return r.Fail(flag + ": " + res.error().message);
      }
      geo = *res;
    }
    double rtt = geo ? geo->rtt_s : 0.050;
    if (!a->rtt.empty()) {
      auto v = r.Duration("--rtt", a->rtt);
      if (!v) return;
      rtt = *v;
    }
    auto fail_model = [&](const std::string& message) { r.Fail(message); };
    auto tls = network::ParseTlsVersion(a->tls);
    if (!tls) return r.Fail("--tls: expected none, 1.2, 1.2-resumed, 1.3 or 1.3-0rtt");
    std::string title;
    if (a->mode == "geo") {
      title = "geographic latency (light in fibre 200 000 km/s)";
      j = network::ToJson(*geo);
    } else if (a->mode == "dns") {
      network::DnsDef d;
      auto ttl = r.Duration("--ttl", a->ttl);
      auto n = WholeNumber(r, "--resolvers", a->resolvers, 1, 1e8);
      auto q = r.Rate("--query-rate", a->query_rate);
      auto rr = r.Duration("--resolver-rtt", a->resolver_rtt);
      auto ar = r.Duration("--authoritative-rtt", a->authoritative_rtt);
      if (!ttl || !n || !q || !rr || !ar) return;
      d.ttl_s = *ttl;
      d.resolvers = *n;
      d.client_queries_per_s = *q;
      d.resolver_rtt_s = *rr;
      d.authoritative_rtt_s = *ar;
      auto res = network::AnalyzeDns(d);
      if (!res) return fail_model(res.error().Message());
      title = "DNS resolution and caching";
      j = network::ToJson(*res);
    } else if (a->mode == "tcp") {
      network::TcpDef d;
      auto p = r.Bytes("--payload", a->payload);
      auto mss = r.Bytes("--mss", a->mss);
      auto iw = WholeNumber(r, "--initial-cwnd", a->initial_cwnd, 1, 1000);
      auto reqs = WholeNumber(r, "--requests-per-connection", a->requests_per_connection, 1, 1e8);
      if (!p || !mss || !iw || !reqs) return;
      d.rtt_s = rtt;
      d.payload_bytes = *p;
      d.mss_bytes = *mss;
      d.initial_cwnd = *iw;
      d.requests_per_connection = *reqs;
      d.tls_rtts = network::TlsRtts(*tls);
      auto res = network::AnalyzeTcp(d);
      if (!res) return fail_model(res.error().Message());
      title = "TCP handshake, slow start and connection reuse";
      j = network::ToJson(*res);
    } else if (a->mode == "loss") {
      network::LossDef d;
      auto loss = r.Fraction("--loss", a->loss);
      auto m = r.Bytes("--message", a->message);
      auto mss = r.Bytes("--mss", a->mss);
      auto rto = r.Duration("--rto", a->rto);
      if (!loss || !m || !mss || !rto) return;
      d.rtt_s = rtt;
      d.loss = *loss;
      d.message_bytes = *m;
      d.mss_bytes = *mss;
      d.rto_s = *rto;
      auto res = network::AnalyzeLoss(d);
      if (!res) return fail_model(res.error().Message());
      title = "UDP vs TCP under packet loss";
      j = network::ToJson(*res);
    } else if (a->mode == "tls") {
      auto res = network::CompareTls(rtt);
      if (!res) return fail_model(res.error().Message());
      title = "TLS handshakes on a new TCP connection";
      j = network::ToJson(*res);
    } else if (a->mode == "http") {
      network::HttpDef d;
      auto loss = r.Fraction("--loss", a->loss);
      auto reqs = WholeNumber(r, "--requests", a->requests, 1, 100000);
      auto resp = r.Bytes("--response", a->response);
      auto conns = WholeNumber(r, "--connections", a->connections, 1, 1000);
      auto mss = r.Bytes("--mss", a->mss);
      if (!loss || !reqs || !resp || !conns || !mss) return;
      if (*tls == network::TlsVersion::None) return r.Fail("--tls: the HTTP comparison needs TLS (HTTP/3 has it built in)");
      d.rtt_s = rtt;
      d.loss = *loss;
      d.requests = *reqs;
      d.response_bytes = *resp;
      d.h1_connections = *conns;
      d.mss_bytes = *mss;
      d.tls = *tls;
      auto res = network::CompareHttp(d);
      if (!res) return fail_model(res.error().Message());
      title = "HTTP/1.1 vs HTTP/2 vs HTTP/3 for one page";
      j = network::ToJson(*res);
    } else if (a->mode == "cdn") {
      network::CdnDef d;
      auto h = r.Fraction("--hit-ratio", a->hit_ratio);
      auto rps = r.Rate("--rps", a->rps);
      auto size = r.Bytes("--object-size", a->object_size);
      auto edge = r.Duration("--edge-rtt", a->edge_rtt);
      if (!h || !rps || !size || !edge) return;
      d.hit_ratio = *h;
      d.requests_per_s = *rps;
      d.object_bytes = *size;
      d.client_edge_rtt_s = *edge;
      d.edge_origin_rtt_s = geo ? geo->rtt_s : (a->rtt.empty() ? 0.080 : rtt);
      if (!a->origin_rtt.empty()) {
        auto o = r.Duration("--origin-rtt", a->origin_rtt);
        if (!o) return;
        d.edge_origin_rtt_s = *o;
      }
      if (!a->egress_price.empty()) {
        auto p = r.Count("--egress-price", a->egress_price);
        if (!p) return;
        d.egress_price_per_gb = *p;
      }
      auto res = network::AnalyzeCdn(d);
      if (!res) return fail_model(res.error().Message());
      title = "CDN: offload, latency and egress";
      j = network::ToJson(*res);
    } else {  // path
      network::PathDef d;
      auto http = network::ParseHttpVersion(a->http);
      if (!http) return r.Fail("--http: expected 1.1, 2 or 3");
      auto dns = r.Duration("--dns", a->dns);
      auto server = r.Duration("--server", a->server);
      auto resp = r.Bytes("--response", a->response);
      auto mss = r.Bytes("--mss", a->mss);
      auto iw = WholeNumber(r, "--initial-cwnd", a->initial_cwnd, 1, 1000);
      if (!dns || !server || !resp || !mss || !iw) return;
      d.rtt_s = rtt;
      d.dns_s = *dns;
      d.server_s = *server;
      d.response_bytes = *resp;
      d.mss_bytes = *mss;
      d.initial_cwnd = *iw;
      d.tls = *tls;
      d.http = *http;
      d.new_connection = !a->reuse;
      if (!a->bandwidth.empty()) {
        auto bw = r.BytesPerSecond("--bandwidth", a->bandwidth);
        if (!bw) return;
        d.bandwidth_bytes_per_s = *bw;
      }
      std::stringstream ss(a->hops);
      std::string item;
      while (std::getline(ss, item, ',')) {
        if (item.empty()) continue;
        network::Hop hop;
        const auto colon = item.find(':');
        hop.kind = item.substr(0, colon);
        if (colon != std::string::npos) {
          auto p = r.Duration("--hops", item.substr(colon + 1));
          if (!p) return;
          hop.processing_s = *p;
        } else {
          auto p = network::DefaultHopProcessing(hop.kind);
          if (!p)
            return r.Fail("--hops: unknown hop '" + hop.kind +
                          "' (forward_proxy, reverse_proxy, load_balancer, api_gateway, sidecar; or kind:time)");
          hop.processing_s = *p;
        }
        d.hops.push_back(hop);
      }
      auto res = network::Path(d);
      if (!res) return fail_model("--" + res.error().field + ": " + res.error().message);
      title = "request path: time to first byte";
      j = network::ToJson(*res);
    }
    j["mode"] = a->mode;
    if (geo && a->mode != "geo") j["geo"] = network::ToJson(*geo);
    if (a->format == "json") return PrintJson(ctx.out, j);
    PrintModelText(ctx.out, title, j);
  });
}

}  // namespace sdlab::cli
