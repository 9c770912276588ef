// The security policy model: entry points, links, stores, threat tables and SEC findings.
#include "sdlab/security.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "sdlab/units.h"

namespace sdlab::security {

namespace {

// [SECTION] Rule tags ----------------------------------------------------------------------------

constexpr std::string_view kA01 = "A01:2021 Broken Access Control";
constexpr std::string_view kA02 = "A02:2021 Cryptographic Failures";
constexpr std::string_view kA03 = "A03:2021 Injection";
constexpr std::string_view kA04 = "A04:2021 Insecure Design";
constexpr std::string_view kA05 = "A05:2021 Security Misconfiguration";
constexpr std::string_view kA07 = "A07:2021 Identification and Authentication Failures";
constexpr std::string_view kA09 = "A09:2021 Security Logging and Monitoring Failures";

struct RuleTags {
  std::string_view rule;
  std::string_view stride;  // letters
  std::string_view owasp[2];
};

constexpr RuleTags kTags[] = {
    {"SEC001", "IT", {kA02, {}}},
    {"SEC002", "IT", {kA02, {}}},
    {"SEC003", "ITE", {kA01, kA05}},
    {"SEC004", "D", {kA04, {}}},
    {"SEC005", "E", {kA01, {}}},
    {"SEC006", "SE", {kA07, kA01}},
    {"SEC007", "S", {kA07, {}}},
    {"SEC008", "S", {kA07, kA04}},
    {"SEC009", "S", {kA07, {}}},
    {"SEC010", "TD", {kA03, {}}},
    {"SEC011", "SE", {kA01, kA07}},
    {"SEC012", "SE", {kA01, kA07}},
    {"SEC013", "IE", {kA02, kA05}},
    {"SEC014", "I", {kA05, {}}},
    {"SEC015", "SI", {kA02, kA07}},
    {"SEC016", "I", {kA05, kA01}},
    {"SEC017", "SI", {kA02, {}}},
    {"SEC018", "I", {kA02, {}}},
    {"SEC019", "I", {kA02, {}}},
    {"SEC020", "IE", {kA04, kA05}},
    {"SEC021", "IE", {kA04, {}}},
    {"SEC022", "I", {kA02, {}}},
    {"OPS001", "R", {kA09, {}}},
};

const RuleTags* FindTags(std::string_view rule) {
  for (const auto& t : kTags)
    if (t.rule == rule) return &t;
  return nullptr;
}

// [SECTION] Blueprint helpers -----------------------------------------------------------------------

bool IsClient(const Component* c) { return c && c->kind == ComponentKind::Client; }

/// Forwards requests without being the application: authentication may sit behind it.
bool IsPassThrough(ComponentKind k) {
  return k == ComponentKind::Cdn || k == ComponentKind::LoadBalancer || k == ComponentKind::ApiGateway ||
         k == ComponentKind::Dns;
}

/// Holds data a request can query (the "database" of "a database reachable from the internet").
bool IsQueryableStore(ComponentKind k) {
  return k == ComponentKind::Database || k == ComponentKind::Cache || k == ComponentKind::Search;
}

/// Keeps data on disk: encryption at rest applies.
bool IsPersistentStore(ComponentKind k) {
  return k == ComponentKind::Database || k == ComponentKind::Search || k == ComponentKind::ObjectStorage ||
         k == ComponentKind::Dfs || k == ComponentKind::Queue || k == ComponentKind::Stream;
}

/// Application tier: the endpoints of service-to-service calls. A load balancer only forwards the
/// client's request (the user's credentials travel with it), so it is not a caller here.
bool IsApplication(ComponentKind k) {
  return k == ComponentKind::ApiGateway || k == ComponentKind::Service || k == ComponentKind::BatchProcessor ||
         k == ComponentKind::StreamProcessor;
}
bool IsCallee(ComponentKind k) {
  return k == ComponentKind::ApiGateway || k == ComponentKind::Service || k == ComponentKind::BatchProcessor ||
         k == ComponentKind::StreamProcessor;
}

bool IsHttpFamily(Protocol p) {
  return p == Protocol::Http || p == Protocol::Https || p == Protocol::Grpc || p == Protocol::WebSocket ||
         p == Protocol::GraphQl;
}

std::optional<ZoneKind> ZoneKindOf(const Blueprint& bp, const Component& c) {
  if (c.zone.empty()) return std::nullopt;
  const Zone* z = bp.FindZone(c.zone);
  if (!z) return std::nullopt;
  return z->kind;
}

bool InEdgeZone(const Blueprint& bp, const Component& c) {
  auto k = ZoneKindOf(bp, c);
  return k && (*k == ZoneKind::Public || *k == ZoneKind::Dmz);
}

std::string ZoneLabel(const Blueprint& bp, const Component& c) {
  if (c.kind == ComponentKind::Client) return "internet";
  if (c.zone.empty()) return "unzoned";
  const Zone* z = bp.FindZone(c.zone);
  if (!z) return c.zone;
  return std::string(ZoneKindName(z->kind)) + ":" + z->id;
}

std::string Arrow(const std::string& a, const std::string& b) { return a + " → " + b; }

bool IsWeakHash(const std::string& h) {
  static constexpr std::string_view kWeak[] = {"plaintext", "none", "md5", "sha1", "sha-1", "sha256", "sha-256",
                                               "sha512", "sha-512", "crc32"};
  for (auto w : kWeak)
    if (h == w) return true;
  return false;
}

bool IsBearer(AuthMethod a) { return a == AuthMethod::Jwt || a == AuthMethod::OAuth2 || a == AuthMethod::Oidc; }

constexpr double kMaxTokenExpiryS = 24 * 3600.0;
constexpr double kMaxCertRotationS = 90 * 86400.0;

struct Analyzer {
  const Blueprint& bp;
  SecurityAnalysis out;

  const Component* Find(const std::string& id) const { return bp.FindComponent(id); }

  void Add(std::string rule, std::string focus, std::string message, std::string pointer, SourceLocation loc,
           std::vector<Evidence> evidence = {}) {
    out.findings.push_back(SecurityFinding{std::move(rule), std::move(focus), std::move(message), std::move(pointer),
                                           loc, std::move(evidence)});
  }
  void AddOn(const std::string& rule, const Component& c, std::string message, std::vector<Evidence> evidence = {}) {
    Add(rule, c.id, std::move(message), c.pointer, c.location, std::move(evidence));
  }

  // [SECTION] Links -------------------------------------------------------------------------------

  void ClassifyLinks() {
    for (const Link& l : bp.links) {
      const Component* a = Find(l.from);
      const Component* b = Find(l.to);
      if (!a || !b) continue;
      LinkExposure e;
      e.from = l.from;
      e.to = l.to;
      e.from_zone = IsClient(a) ? "internet" : a->zone;
      e.to_zone = IsClient(b) ? "internet" : b->zone;
      e.from_internet = IsClient(a) || (ZoneKindOf(bp, *a) == ZoneKind::Public);
      e.crosses_boundary = IsClient(a) || IsClient(b) ||
                           (!a->zone.empty() && !b->zone.empty() && a->zone != b->zone);
      if (e.crosses_boundary) e.boundary = Arrow(ZoneLabel(bp, *a), ZoneLabel(bp, *b));
      e.transport = LinkTransport(l);
      e.auth = std::string(AuthMethodName(l.auth));
      e.pointer = l.pointer;
      e.location = l.location;
      out.links.push_back(std::move(e));
    }
  }

  // [SECTION] Entry points and authentication -------------------------------------------------------

  /// Follows pass-through components from `id` (itself a pass-through component) to the first
  /// application component on every way; records the authentication met on each way ("none" when
  /// no hop carried any). `via` is the method met so far, `authed` whether there was one.
  void WaysIn(const std::string& id, const std::string& via, bool authed, std::set<std::string>& visited,
              std::vector<std::string>& ways, bool& all_authed, std::vector<const Link*>& first_hops) {
    const Component* c = Find(id);
    if (!c || !visited.insert(id).second) return;
    bool forwarded = false;
    for (const Link& l : bp.links) {
      if (l.from != id) continue;
      const Component* next = Find(l.to);
      if (!next || IsClient(next)) continue;
      forwarded = true;
      const bool a = authed || l.auth != AuthMethod::None;
      const std::string method = l.auth != AuthMethod::None ? std::string(AuthMethodName(l.auth)) : via;
      if (IsPassThrough(next->kind)) {
        WaysIn(l.to, method, a, visited, ways, all_authed, first_hops);
      } else {
        ways.push_back((a ? method : std::string("none")) + " (" + Arrow(l.from, l.to) + ")");
        if (!a) all_authed = false;
        first_hops.push_back(&l);
      }
    }
    if (!forwarded) {
      ways.push_back((authed ? via : std::string("none")) + " (at " + id + ")");
      if (!authed) all_authed = false;
    }
  }

  void FindEntryPoints() {
    std::vector<std::string> order;
    auto add = [&](const std::string& id) {
      if (std::find(order.begin(), order.end(), id) == order.end()) order.push_back(id);
    };
    for (const Link& l : bp.links) {
      const Component* a = Find(l.from);
      const Component* b = Find(l.to);
      if (IsClient(a) && b && !IsClient(b) && b->kind != ComponentKind::Dns) add(b->id);
    }
    if (bp.links.empty()) {
      for (const Flow& f : bp.flows)
        for (std::size_t i = 0; i + 1 < f.path.size(); ++i)
          if (IsClient(Find(f.path[i])) && Find(f.path[i + 1]) && Find(f.path[i + 1])->kind != ComponentKind::Dns)
            add(f.path[i + 1]);
    }
    for (const Component& c : bp.components)
      if (!IsClient(&c) && c.kind != ComponentKind::Dns && ZoneKindOf(bp, c) == ZoneKind::Public) add(c.id);
    // Declaration order, for stable output.
    for (const Component& c : bp.components) {
      if (std::find(order.begin(), order.end(), c.id) == order.end()) continue;
      out.entry_points.push_back(MakeEntry(c));
    }
  }

  EntryPoint MakeEntry(const Component& c) {
    EntryPoint e;
    e.component = c.id;
    e.kind = std::string(ComponentKindName(c.kind));
    e.zone = c.zone;
    e.pointer = c.pointer;
    e.location = c.location;
    bool first = true;
    bool client_authed = false;
    std::string client_method;
    for (const Link& l : bp.links) {
      if (l.to != c.id || !IsClient(Find(l.from))) continue;
      e.clients.push_back(l.from);
      const std::string proto(ProtocolName(l.protocol));
      if (std::find(e.protocols.begin(), e.protocols.end(), proto) == e.protocols.end()) e.protocols.push_back(proto);
      const Transport t = LinkTransport(l);
      if (first || static_cast<int>(t) < static_cast<int>(e.transport)) e.transport = t;
      first = false;
      if (l.auth != AuthMethod::None) {
        client_authed = true;
        client_method = std::string(AuthMethodName(l.auth));
      }
    }
    bool all_authed = true;
    std::vector<const Link*> first_hops;
    if (IsPassThrough(c.kind)) {
      std::set<std::string> visited;
      WaysIn(c.id, client_method, client_authed, visited, e.authentication, all_authed, first_hops);
    } else {
      const std::string who = e.clients.empty() ? std::string("internet") : e.clients.front();
      e.authentication.push_back((client_authed ? client_method : std::string("none")) + " (" + Arrow(who, c.id) + ")");
      all_authed = client_authed;
    }
    e.authenticated = all_authed && !e.authentication.empty();
    // Fit of the methods used on the way in.
    std::vector<const Link*> in_links = first_hops;
    for (const Link& l : bp.links)
      if (l.to == c.id && IsClient(Find(l.from))) in_links.push_back(&l);
    for (const Link* l : in_links) {
      const Component* target = Find(l->to);
      if (!target) continue;
      if (l->auth == AuthMethod::Session && !SessionsShared(*target))
        e.auth_fit.push_back("session auth to " + target->id + " across " + std::to_string(target->replicas) +
                             " replicas with no shared session store and no sticky routing");
      if (IsBearer(l->auth) && (!bp.security.token_expiry_s || *bp.security.token_expiry_s > kMaxTokenExpiryS))
        e.auth_fit.push_back(std::string(AuthMethodName(l->auth)) + " tokens " +
                             (bp.security.token_expiry_s ? "expire after " + units::FormatDuration(*bp.security.token_expiry_s)
                                                         : std::string("never expire")) +
                             " (at most 24 h)");
      if (l->auth == AuthMethod::Basic) e.auth_fit.push_back("basic auth sends the password with every request");
    }
    e.threats = ThreatTable(c, e);
    return e;
  }

  /// A session is shared when the service runs one replica, sits behind an ip_hash load balancer
  /// (sticky), or links to a cache that can hold sessions.
  bool SessionsShared(const Component& target) const {
    if (target.replicas <= 1 && !target.autoscale) return true;
    for (const Link& l : bp.links) {
      const Component* from = Find(l.from);
      const Component* to = Find(l.to);
      if (l.to == target.id && from && from->kind == ComponentKind::LoadBalancer && from->strategy == LbStrategy::IpHash)
        return true;
      if (l.from == target.id && to && to->kind == ComponentKind::Cache) return true;
    }
    return false;
  }

  std::vector<ThreatRow> ThreatTable(const Component& c, const EntryPoint& e) {
    const SecurityPolicy& p = bp.security;
    std::vector<ThreatRow> rows;
    auto row = [&](Stride s, std::string threat) -> ThreatRow& {
      rows.push_back(ThreatRow{s, std::move(threat), {}, {}, ""});
      return rows.back();
    };
    {
      ThreatRow& r = row(Stride::Spoofing, "someone poses as a user or a service when calling " + c.id);
      for (const auto& w : e.authentication)
        if (w.rfind("none", 0) == 0) r.gaps.push_back("no authentication: " + w.substr(5));
        else r.mitigations.push_back("authentication: " + w);
      if (e.transport == Transport::Mtls) r.mitigations.push_back("mTLS client certificates");
      for (const auto& f : e.auth_fit) r.gaps.push_back(f);
    }
    {
      ThreatRow& r = row(Stride::Tampering, "requests are altered in transit or carry injected payloads");
      if (e.transport != Transport::Plaintext) r.mitigations.push_back(std::string(TransportName(e.transport)) + " from clients");
      else r.gaps.push_back("plaintext from clients");
      if (p.waf) r.mitigations.push_back("WAF");
      else r.gaps.push_back("no WAF");
    }
    {
      ThreatRow& r = row(Stride::Repudiation, "a user denies an action and no record proves otherwise");
      if (p.monitoring) r.mitigations.push_back("monitoring and request logs");
      else r.gaps.push_back("no monitoring or audit logging");
    }
    {
      ThreatRow& r = row(Stride::InformationDisclosure, "data is read in transit, at rest or by the wrong user");
      if (e.transport != Transport::Plaintext) r.mitigations.push_back("encrypted transport from clients");
      int plain = 0;
      for (const auto& l : out.links)
        if (l.transport == Transport::Plaintext && l.crosses_boundary && !l.from_internet) ++plain;
      if (plain > 0) r.gaps.push_back(std::to_string(plain) + " plaintext link(s) across zone boundaries");
      int unencrypted = 0, stores = 0;
      for (const auto& s : out.stores) {
        ++stores;
        if (!s.encrypted) ++unencrypted;
      }
      if (stores > 0 && unencrypted == 0) r.mitigations.push_back("every store encrypted at rest");
      if (unencrypted > 0) r.gaps.push_back(std::to_string(unencrypted) + " store(s) not encrypted at rest");
      if (!p.authz.empty()) r.mitigations.push_back("authorisation: " + p.authz);
      else r.gaps.push_back("no authorisation model");
      if (p.cors == "*") r.gaps.push_back("CORS allows any origin");
    }
    {
      ThreatRow& r = row(Stride::DenialOfService, "floods exhaust " + c.id + " and what lies behind it");
      if (p.rate_limit_per_s) r.mitigations.push_back("rate limit " + units::FormatRate(*p.rate_limit_per_s) + " per client");
      else r.gaps.push_back("no rate limit");
      if (p.waf) r.mitigations.push_back("WAF");
      if (p.ip_filtering) r.mitigations.push_back("IP filtering");
      if (c.replicas > 1 || c.autoscale || c.kind == ComponentKind::Cdn)
        r.mitigations.push_back(c.kind == ComponentKind::Cdn ? std::string("CDN absorbs traffic")
                                                             : std::to_string(c.replicas) + " replicas" +
                                                                   (c.autoscale ? " with autoscaling" : ""));
      else r.gaps.push_back("a single replica");
    }
    {
      ThreatRow& r = row(Stride::ElevationOfPrivilege, "a user reaches data or functions beyond their role");
      if (!p.authz.empty()) r.mitigations.push_back("authorisation: " + p.authz);
      else r.gaps.push_back("no authorisation model");
      if (p.zero_trust) r.mitigations.push_back("zero trust between services");
      else r.gaps.push_back("services trust the network (no zero trust)");
    }
    for (auto& r : rows) r.status = r.gaps.empty() ? "mitigated" : (r.mitigations.empty() ? "open" : "partial");
    return rows;
  }

  // [SECTION] Stores ----------------------------------------------------------------------------------

  void ListStores() {
    for (const Component& c : bp.components)
      if (IsPersistentStore(c.kind))
        out.stores.push_back(StoreAtRest{c.id, std::string(ComponentKindName(c.kind)), c.encryption_at_rest});
  }

  /// Stores a client reaches through pass-through components only, or placed in a public/dmz zone.
  void FindPublicStores() {
    std::set<std::string> reach;
    std::vector<std::string> frontier;
    for (const Link& l : bp.links)
      if (IsClient(Find(l.from)) && Find(l.to) && reach.insert(l.to).second) frontier.push_back(l.to);
    while (!frontier.empty()) {
      const std::string id = frontier.back();
      frontier.pop_back();
      const Component* c = Find(id);
      if (!c || !IsPassThrough(c->kind)) continue;
      for (const Link& l : bp.links)
        if (l.from == id && reach.insert(l.to).second) frontier.push_back(l.to);
    }
    for (const Component& c : bp.components) {
      if (!IsQueryableStore(c.kind)) continue;
      if (reach.count(c.id) || InEdgeZone(bp, c)) out.public_stores.push_back(c.id);
    }
  }

  // [SECTION] Findings -------------------------------------------------------------------------------

  void Findings() {
    const SecurityPolicy& p = bp.security;
    // SEC001 / SEC002: plaintext links.
    for (std::size_t i = 0; i < bp.links.size() && i < out.links.size(); ++i) {
      const Link& l = bp.links[i];
      const LinkExposure& e = out.links[i];
      const Component* to = Find(l.to);
      if (e.transport != Transport::Plaintext || !to || to->kind == ComponentKind::Dns) continue;
      if (e.from_internet) {
        Add("SEC001", l.to, "link " + Arrow(l.from, l.to) + " carries " + std::string(ProtocolName(l.protocol)) +
                                " from the internet without TLS",
            l.pointer, l.location,
            {Evidence{"transport", std::nullopt, "tls = " + std::string(TlsModeName(l.tls)) + ", protocol = " +
                                                     std::string(ProtocolName(l.protocol)) + ", boundary " + e.boundary}});
      }
    }
    for (std::size_t i = 0; i < bp.links.size() && i < out.links.size(); ++i) {
      const Link& l = bp.links[i];
      const LinkExposure& e = out.links[i];
      if (e.transport != Transport::Plaintext || e.from_internet || !e.crosses_boundary) continue;
      Add("SEC002", l.to, "link " + Arrow(l.from, l.to) + " crosses " + e.boundary + " in plaintext", l.pointer,
          l.location,
          {Evidence{"boundary", std::nullopt, e.boundary + ": tls = " + std::string(TlsModeName(l.tls)) + ", protocol = " +
                                                  std::string(ProtocolName(l.protocol))}});
    }
    // SEC003: public database.
    for (const auto& id : out.public_stores) {
      const Component* c = Find(id);
      if (!c) continue;
      std::string why = InEdgeZone(bp, *c) ? "sits in the " + ZoneLabel(bp, *c) + " zone"
                                           : "is reachable from the internet through pass-through components only";
      AddOn("SEC003", *c, std::string(ComponentKindName(c->kind)) + " " + id + " " + why,
            {Evidence{"exposure", std::nullopt, id + ": zone " + ZoneLabel(bp, *c) + "; " + why}});
    }
    const bool has_entries = !out.entry_points.empty();
    // SEC004: rate limiting.
    if (has_entries && !p.rate_limit_per_s) {
      const EntryPoint& e = out.entry_points.front();
      Add("SEC004", e.component,
          "no rate limit at the edge: " + std::to_string(out.entry_points.size()) + " entry point(s) accept any request rate",
          e.pointer, e.location, {Evidence{"rate_limit_per_s", std::nullopt, "policies.security.rate_limit: not set"}});
    }
    // SEC005: authorisation model.
    if (has_entries && p.authz.empty())
      Add("SEC005", "", "no authorisation model (rbac, abac, dac or mac) is declared", "", {},
          {Evidence{"authz", std::nullopt, "policies.security.authz: not set"}});
    // SEC006: write flows from clients with no authentication on any hop.
    for (const Flow& f : bp.flows) {
      if (f.kind != FlowKind::Write || f.path.empty() || !IsClient(Find(f.path.front()))) continue;
      bool authed = false;
      std::string hops;
      for (std::size_t i = 0; i + 1 < f.path.size(); ++i) {
        for (const Link& l : bp.links)
          if (l.from == f.path[i] && l.to == f.path[i + 1]) {
            hops += (hops.empty() ? "" : ", ") + Arrow(l.from, l.to) + ": " + std::string(AuthMethodName(l.auth));
            if (l.auth != AuthMethod::None) authed = true;
          }
      }
      if (!authed)
        Add("SEC006", f.id, "write flow " + f.id + " reaches the design with no authentication on any hop", f.pointer,
            f.location, {Evidence{"auth_per_hop", std::nullopt, hops.empty() ? "no links on the path" : hops}});
    }
    // SEC007: weak authentication from the internet; SEC008 sessions; SEC009 tokens.
    std::set<std::string> weak_seen, session_seen;
    bool token_reported = false;
    for (const EntryPoint& e : out.entry_points) {
      std::set<std::string> visited;
      std::vector<const Link*> ways;
      CollectWayLinks(e.component, visited, ways);
      for (const Link& l : bp.links)
        if (l.to == e.component && IsClient(Find(l.from))) ways.push_back(&l);
      for (const Link* l : ways) {
        if ((l->auth == AuthMethod::Basic || l->auth == AuthMethod::ApiKey) && weak_seen.insert(l->pointer).second)
          Add("SEC007", l->to,
              std::string(AuthMethodName(l->auth)) + " authentication on " + Arrow(l->from, l->to) +
                  ", a way in from the internet",
              l->pointer, l->location,
              {Evidence{"auth", std::nullopt,
                        std::string(AuthMethodName(l->auth)) +
                            (l->auth == AuthMethod::Basic ? ": the password travels with every request"
                                                          : ": a long-lived shared key identifies an app, not a user")}});
        const Component* target = Find(l->to);
        if (l->auth == AuthMethod::Session && target && !SessionsShared(*target) &&
            session_seen.insert(target->id).second)
          AddOn("SEC008", *target,
                "session auth to " + target->id + " (" + std::to_string(target->replicas) +
                    " replicas) with no shared session store and no sticky routing",
                {Evidence{"replicas", static_cast<double>(target->replicas),
                          "replicas = " + std::to_string(target->replicas) +
                              "; a request has P = " + units::FormatPercent(1.0 - 1.0 / target->replicas) +
                              " of reaching a replica that does not hold its session"}});
      }
    }
    for (const Link& l : bp.links) {
      if (token_reported || !IsBearer(l.auth)) continue;
      if (p.token_expiry_s && *p.token_expiry_s <= kMaxTokenExpiryS) continue;
      token_reported = true;
      Add("SEC009", l.to,
          std::string(AuthMethodName(l.auth)) + " tokens on " + Arrow(l.from, l.to) +
              (p.token_expiry_s ? " live " + units::FormatDuration(*p.token_expiry_s) + ", above 24 h"
                                : " have no expiry"),
          l.pointer, l.location,
          {Evidence{"token_expiry_s", p.token_expiry_s,
                    "token_expiry = " + (p.token_expiry_s ? units::FormatDuration(*p.token_expiry_s) : std::string("not set")) +
                        " (limit 24 h)"}});
    }
    // SEC010: WAF.
    if (!p.waf) {
      for (const EntryPoint& e : out.entry_points) {
        bool http = false;
        for (const Link& l : bp.links)
          if (l.to == e.component && IsClient(Find(l.from)) && IsHttpFamily(l.protocol)) http = true;
        if (!http && !bp.links.empty()) continue;
        Add("SEC010", e.component, "HTTP entry point " + e.component + " has no WAF in front of it", e.pointer,
            e.location, {Evidence{"waf", std::nullopt, "policies.security.waf: false"}});
        break;
      }
    }
    // SEC011 / SEC012: service-to-service authentication.
    std::vector<const Link*> unauth;
    for (const Link& l : bp.links) {
      const Component* a = Find(l.from);
      const Component* b = Find(l.to);
      if (!a || !b || !IsApplication(a->kind) || !IsCallee(b->kind)) continue;
      if (l.auth == AuthMethod::None && l.tls != TlsMode::Mtls) unauth.push_back(&l);
    }
    if (!unauth.empty()) {
      std::string list;
      for (const Link* l : unauth) list += (list.empty() ? "" : ", ") + Arrow(l->from, l->to);
      const Link& first = *unauth.front();
      if (!p.zero_trust)
        Add("SEC011", first.to,
            std::to_string(unauth.size()) + " internal call(s) carry no authentication or mTLS: services trust the network",
            first.pointer, first.location,
            {Evidence{"unauthenticated_links", static_cast<double>(unauth.size()), list}});
      else
        Add("SEC012", first.to,
            "zero trust is declared but " + std::to_string(unauth.size()) + " internal call(s) carry no authentication or mTLS",
            first.pointer, first.location,
            {Evidence{"unauthenticated_links", static_cast<double>(unauth.size()), list}});
    }
    // SEC013 / SEC014: secrets.
    if (p.secrets == "plaintext")
      Add("SEC013", "", "secrets are stored in plaintext", "", {},
          {Evidence{"secrets", std::nullopt, "policies.security.secrets = plaintext"}});
    else if ((p.secrets.empty() || p.secrets == "env") && !bp.links.empty())
      Add("SEC014", "",
          p.secrets.empty() ? "no secrets management is declared"
                            : "secrets live in environment variables (no rotation, leak into dumps and logs)",
          "", {}, {Evidence{"secrets", std::nullopt, "policies.security.secrets = " + (p.secrets.empty() ? std::string("not set") : p.secrets)}});
    // SEC015 / SEC022: password storage.
    bool passwords = false;
    for (const Link& l : bp.links)
      if (l.auth == AuthMethod::Basic || l.auth == AuthMethod::Session) passwords = true;
    if (!p.password_hashing.empty() && IsWeakHash(p.password_hashing))
      Add("SEC015", "",
          "passwords are stored with " + p.password_hashing + ", not a salted slow key-derivation function", "", {},
          {Evidence{"password_hashing", std::nullopt,
                    "policies.security.password_hashing = " + p.password_hashing +
                        (p.password_hashing == "plaintext" ? "" : " (a GPU tries ~10^9-10^10 fast hashes per second)")}});
    else if (p.password_hashing.empty() && passwords)
      Add("SEC022", "", "password-based logins (basic or session) with no password hashing declared", "", {},
          {Evidence{"password_hashing", std::nullopt, "policies.security.password_hashing: not set"}});
    // SEC016: CORS.
    if (p.cors == "*")
      Add("SEC016", "", "CORS allows any origin (\"*\")", "", {},
          {Evidence{"cors", std::nullopt, "policies.security.cors = *"}});
    // SEC017: certificate rotation.
    int tls_links = 0, mtls_links = 0;
    for (const auto& e : out.links) {
      if (e.transport != Transport::Plaintext) ++tls_links;
      if (e.transport == Transport::Mtls) ++mtls_links;
    }
    if (tls_links > 0 && (!p.cert_rotation_s || *p.cert_rotation_s > kMaxCertRotationS))
      Add("SEC017", "",
          std::to_string(tls_links) + " TLS link(s) (" + std::to_string(mtls_links) + " mTLS) and " +
              (p.cert_rotation_s ? "certificates rotated every " + units::FormatDuration(*p.cert_rotation_s)
                                 : std::string("no certificate rotation declared")),
          "", {},
          {Evidence{"cert_rotation_s", p.cert_rotation_s,
                    "cert_rotation = " + (p.cert_rotation_s ? units::FormatDuration(*p.cert_rotation_s) : std::string("not set")) +
                        " (at most 90 d)"}});
    // SEC018: encryption at rest.
    for (const Component& c : bp.components)
      if (IsPersistentStore(c.kind) && !c.encryption_at_rest)
        AddOn("SEC018", c, std::string(ComponentKindName(c.kind)) + " " + c.id + " is not encrypted at rest",
              {Evidence{"encryption_at_rest", std::nullopt, c.id + ".encryption_at_rest = false"}});
    // SEC019: backups.
    if (bp.backup.type != BackupType::None && !bp.backup.encrypted)
      Add("SEC019", "", "backups are not encrypted", "", {},
          {Evidence{"backup_encrypted", std::nullopt, "policies.backup.encrypted = false"}});
    // SEC020: segmentation.
    Segmentation();
    // SEC021: an edge component linked straight to a store.
    for (const Link& l : bp.links) {
      const Component* a = Find(l.from);
      const Component* b = Find(l.to);
      if (!a || !b || IsClient(a) || !InEdgeZone(bp, *a) || !IsQueryableStore(b->kind)) continue;
      if (std::find(out.public_stores.begin(), out.public_stores.end(), b->id) != out.public_stores.end() &&
          InEdgeZone(bp, *b))
        continue;  // already a public store
      Add("SEC021", b->id,
          "edge component " + a->id + " (" + ZoneLabel(bp, *a) + ") talks to " + std::string(ComponentKindName(b->kind)) +
              " " + b->id + " directly, skipping the application tier",
          l.pointer, l.location, {Evidence{"link", std::nullopt, Arrow(ZoneLabel(bp, *a), ZoneLabel(bp, *b))}});
    }
    std::stable_sort(out.findings.begin(), out.findings.end(),
                     [](const SecurityFinding& x, const SecurityFinding& y) { return x.rule < y.rule; });
  }

  void CollectWayLinks(const std::string& id, std::set<std::string>& visited, std::vector<const Link*>& ways) {
    const Component* c = Find(id);
    if (!c || !IsPassThrough(c->kind) || !visited.insert(id).second) return;
    for (const Link& l : bp.links) {
      if (l.from != id) continue;
      const Component* next = Find(l.to);
      if (!next || IsClient(next)) continue;
      ways.push_back(&l);
      if (IsPassThrough(next->kind)) CollectWayLinks(l.to, visited, ways);
    }
  }

  void Segmentation() {
    std::vector<const Component*> stores;
    for (const Component& c : bp.components)
      if (IsQueryableStore(c.kind) || IsPersistentStore(c.kind)) stores.push_back(&c);
    if (stores.empty() || out.entry_points.empty()) return;
    if (bp.zones.empty()) {
      Add("SEC020", "", "no network zones: entry points and stores share one flat network", "", {},
          {Evidence{"zones", 0.0, "zones = 0; stores = " + std::to_string(stores.size()) + ", entry points = " +
                                      std::to_string(out.entry_points.size())}});
      return;
    }
    for (const Component* s : stores) {
      if (s->zone.empty()) continue;
      for (const EntryPoint& e : out.entry_points) {
        if (e.zone.empty() || e.zone != s->zone) continue;
        AddOn("SEC020", *s,
              std::string(ComponentKindName(s->kind)) + " " + s->id + " shares zone " + s->zone + " with entry point " +
                  e.component,
              {Evidence{"zone", std::nullopt, s->id + " and " + e.component + " are both in " + ZoneLabel(bp, *s)}});
        break;
      }
    }
  }
};

}  // namespace

std::string_view StrideName(Stride s) {
  switch (s) {
    case Stride::Spoofing: return "spoofing";
    case Stride::Tampering: return "tampering";
    case Stride::Repudiation: return "repudiation";
    case Stride::InformationDisclosure: return "information_disclosure";
    case Stride::DenialOfService: return "denial_of_service";
    case Stride::ElevationOfPrivilege: return "elevation_of_privilege";
  }
  return "spoofing";
}

std::string_view StrideLetter(Stride s) {
  switch (s) {
    case Stride::Spoofing: return "S";
    case Stride::Tampering: return "T";
    case Stride::Repudiation: return "R";
    case Stride::InformationDisclosure: return "I";
    case Stride::DenialOfService: return "D";
    case Stride::ElevationOfPrivilege: return "E";
  }
  return "S";
}

std::string_view TransportName(Transport t) {
  switch (t) {
    case Transport::Plaintext: return "plaintext";
    case Transport::Tls: return "tls";
    case Transport::Mtls: return "mtls";
  }
  return "plaintext";
}

Transport LinkTransport(const Link& link) {
  if (link.tls == TlsMode::Mtls) return Transport::Mtls;
  if (link.tls == TlsMode::Tls12 || link.tls == TlsMode::Tls13 || link.protocol == Protocol::Https)
    return Transport::Tls;
  return Transport::Plaintext;
}

std::vector<Stride> RuleStride(std::string_view rule) {
  std::vector<Stride> out;
  const RuleTags* t = FindTags(rule);
  if (!t) return out;
  // In S T R I D E order whatever the order of the letters in the table.
  constexpr Stride kAll[] = {Stride::Spoofing, Stride::Tampering, Stride::Repudiation, Stride::InformationDisclosure,
                             Stride::DenialOfService, Stride::ElevationOfPrivilege};
  for (Stride s : kAll)
    if (t->stride.find(StrideLetter(s)) != std::string_view::npos) out.push_back(s);
  return out;
}

std::vector<std::string> RuleOwasp(std::string_view rule) {
  std::vector<std::string> out;
  const RuleTags* t = FindTags(rule);
  if (!t) return out;
  for (auto o : t->owasp)
    if (!o.empty()) out.emplace_back(o);
  return out;
}

SecurityAnalysis AnalyzeSecurity(const Blueprint& bp) {
  Analyzer a{bp, {}};
  a.ClassifyLinks();
  a.ListStores();
  a.FindEntryPoints();
  a.FindPublicStores();
  a.Findings();
  a.out.notes.push_back("a control that the blueprint does not declare is taken as absent");
  a.out.notes.push_back("clients are on the internet; DNS over UDP is plaintext by protocol and not flagged");
  return std::move(a.out);
}

nlohmann::json ToJson(const Evidence& e) {
  nlohmann::json j{{"key", e.key}, {"text", e.text}};
  j["value"] = e.value ? nlohmann::json(*e.value) : nlohmann::json(nullptr);
  return j;
}

nlohmann::json ToJson(const SecurityAnalysis& a) {
  nlohmann::json j;
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& e : a.entry_points) {
    nlohmann::json threats = nlohmann::json::array();
    for (const auto& t : e.threats)
      threats.push_back({{"category", std::string(StrideName(t.category))},
                         {"letter", std::string(StrideLetter(t.category))},
                         {"threat", t.threat},
                         {"mitigations", t.mitigations},
                         {"gaps", t.gaps},
                         {"status", t.status}});
    entries.push_back({{"component", e.component},
                       {"kind", e.kind},
                       {"zone", e.zone},
                       {"clients", e.clients},
                       {"protocols", e.protocols},
                       {"transport", std::string(TransportName(e.transport))},
                       {"authentication", e.authentication},
                       {"authenticated", e.authenticated},
                       {"auth_fit", e.auth_fit},
                       {"threats", threats}});
  }
  j["entry_points"] = entries;
  nlohmann::json links = nlohmann::json::array();
  for (const auto& l : a.links)
    links.push_back({{"from", l.from},
                     {"to", l.to},
                     {"from_zone", l.from_zone},
                     {"to_zone", l.to_zone},
                     {"boundary", l.boundary},
                     {"crosses_boundary", l.crosses_boundary},
                     {"from_internet", l.from_internet},
                     {"transport", std::string(TransportName(l.transport))},
                     {"auth", l.auth}});
  j["links"] = links;
  nlohmann::json stores = nlohmann::json::array();
  for (const auto& s : a.stores)
    stores.push_back({{"component", s.component}, {"kind", s.kind}, {"encrypted_at_rest", s.encrypted}});
  j["stores"] = stores;
  j["public_stores"] = a.public_stores;
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : a.findings) {
    nlohmann::json ev = nlohmann::json::array();
    for (const auto& e : f.evidence) ev.push_back(ToJson(e));
    nlohmann::json stride = nlohmann::json::array();
    for (Stride s : RuleStride(f.rule)) stride.push_back(std::string(StrideName(s)));
    findings.push_back({{"rule", f.rule},
                        {"focus", f.focus},
                        {"message", f.message},
                        {"pointer", f.pointer},
                        {"line", f.location.line},
                        {"column", f.location.column},
                        {"stride", stride},
                        {"owasp", RuleOwasp(f.rule)},
                        {"evidence", ev}});
  }
  j["findings"] = findings;
  j["notes"] = a.notes;
  return j;
}

}  // namespace sdlab::security
