// Tests for sdlab/security.h: transport per link, zone boundaries, entry points and the
// authentication on the way in, public stores, the STRIDE threat table, rule tags, and findings
// with their pointers and line:col. Blueprints are written inline; line numbers are counted by hand.
#include <catch.hpp>

#include <algorithm>
#include <string>

#include "sdlab/blueprint.h"
#include "sdlab/security.h"

using namespace sdlab;
using namespace sdlab::security;

namespace {

Blueprint Load(const std::string& text) {
  auto bp = LoadBlueprint(text);
  if (!bp) {
    for (const auto& d : bp.error()) UNSCOPED_INFO(d.ToString());
  }
  REQUIRE(bp.has_value());
  return *bp;
}

std::vector<std::string> Rules(const SecurityAnalysis& a) {
  std::vector<std::string> r;
  for (const auto& f : a.findings) r.push_back(f.rule);
  return r;
}

bool Has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

const SecurityFinding* Find(const SecurityAnalysis& a, const std::string& rule) {
  for (const auto& f : a.findings)
    if (f.rule == rule) return &f;
  return nullptr;
}

// Line numbers matter below: the links start on line 12.
const char* kThreeTier = R"({
  "name": "t",
  "requirements": { "reads": "10/s", "writes": "1/s" },
  "zones": [ { "id": "edge", "kind": "dmz" }, { "id": "app", "kind": "private" }, { "id": "data", "kind": "data" } ],
  "components": [
    { "id": "users", "kind": "client" },
    { "id": "lb", "kind": "load_balancer", "zone": "edge", "replicas": 2 },
    { "id": "api", "kind": "service", "zone": "app", "replicas": 2 },
    { "id": "db", "kind": "database", "zone": "data", "encryption_at_rest": true }
  ],
  "links": [
    { "from": "users", "to": "lb", "protocol": "http" },
    { "from": "lb", "to": "api", "protocol": "http", "tls": "tls1.2", "auth": "jwt" },
    { "from": "api", "to": "db", "protocol": "sql" }
  ],
  "flows": [ { "id": "w", "kind": "write", "path": ["users", "lb", "api", "db"] } ],
  "policies": { "security": { "authz": "rbac", "rate_limit": "5/s", "token_expiry": "1h", "secrets": "vault",
                              "cert_rotation": "30d", "monitoring": true } }
})";

}  // namespace

TEST_CASE("link transport: mTLS, TLS (also implied by https), plaintext", "[security]") {
  Link l;
  l.protocol = Protocol::Http;
  CHECK(LinkTransport(l) == Transport::Plaintext);
  l.protocol = Protocol::Https;
  CHECK(LinkTransport(l) == Transport::Tls);
  l.protocol = Protocol::Grpc;
  l.tls = TlsMode::Tls13;
  CHECK(LinkTransport(l) == Transport::Tls);
  l.tls = TlsMode::Mtls;
  CHECK(LinkTransport(l) == Transport::Mtls);
  CHECK(TransportName(Transport::Mtls) == "mtls");
}

TEST_CASE("links are classified by zone boundary and transport", "[security]") {
  const SecurityAnalysis a = AnalyzeSecurity(Load(kThreeTier));
  REQUIRE(a.links.size() == 3);
  CHECK(a.links[0].from_internet);
  CHECK(a.links[0].boundary == "internet → dmz:edge");
  CHECK(a.links[0].transport == Transport::Plaintext);
  CHECK(a.links[1].boundary == "dmz:edge → private:app");
  CHECK(a.links[1].transport == Transport::Tls);
  CHECK(a.links[1].auth == "jwt");
  CHECK(a.links[2].boundary == "private:app → data:data");
  CHECK(a.links[2].crosses_boundary);
}

TEST_CASE("plaintext from the internet and across zones are found with their line:col", "[security]") {
  const SecurityAnalysis a = AnalyzeSecurity(Load(kThreeTier));
  const SecurityFinding* s1 = Find(a, "SEC001");
  REQUIRE(s1 != nullptr);
  CHECK(s1->pointer == "/links/0");
  CHECK(s1->location.line == 12);
  CHECK(s1->location.column == 5);
  CHECK(s1->focus == "lb");
  const SecurityFinding* s2 = Find(a, "SEC002");
  REQUIRE(s2 != nullptr);
  CHECK(s2->pointer == "/links/2");
  CHECK(s2->location.line == 14);
  CHECK(s2->message == "link api → db crosses private:app → data:data in plaintext");
  // lb → api is TLS, users → lb is the internet case: exactly one SEC002.
  const auto rules = Rules(a);
  CHECK(std::count(rules.begin(), rules.end(), "SEC002") == 1);
}

TEST_CASE("entry points: who can reach them and how they authenticate", "[security]") {
  const SecurityAnalysis a = AnalyzeSecurity(Load(kThreeTier));
  REQUIRE(a.entry_points.size() == 1);
  const EntryPoint& e = a.entry_points[0];
  CHECK(e.component == "lb");
  CHECK(e.clients == std::vector<std::string>{"users"});
  CHECK(e.protocols == std::vector<std::string>{"http"});
  CHECK(e.transport == Transport::Plaintext);
  CHECK(e.authentication == std::vector<std::string>{"jwt (lb → api)"});
  CHECK(e.authenticated);
  // The threat table has one row per STRIDE category, in order.
  REQUIRE(e.threats.size() == 6);
  CHECK(e.threats[0].category == Stride::Spoofing);
  CHECK(e.threats[0].status == "mitigated");
  CHECK(e.threats[1].category == Stride::Tampering);
  CHECK(e.threats[1].status == "open");  // plaintext, no WAF
  CHECK(e.threats[1].gaps == std::vector<std::string>{"plaintext from clients", "no WAF"});
  CHECK(e.threats[2].category == Stride::Repudiation);
  CHECK(e.threats[2].status == "mitigated");  // monitoring
  CHECK(e.threats[4].category == Stride::DenialOfService);
  CHECK(e.threats[4].status == "mitigated");  // rate limit + 2 replicas
  CHECK(e.threats[5].category == Stride::ElevationOfPrivilege);
  CHECK(e.threats[5].status == "partial");    // rbac, but no zero trust
}

TEST_CASE("a write path with no authentication on any hop", "[security]") {
  std::string text = kThreeTier;
  text.replace(text.find(", \"auth\": \"jwt\""), 15, "");
  const SecurityAnalysis a = AnalyzeSecurity(Load(text));
  const SecurityFinding* f = Find(a, "SEC006");
  REQUIRE(f != nullptr);
  CHECK(f->focus == "w");
  CHECK(f->pointer == "/flows/0");
  REQUIRE(f->evidence.size() == 1);
  CHECK(f->evidence[0].text == "users → lb: none, lb → api: none, api → db: none");
  CHECK_FALSE(a.entry_points[0].authenticated);
}

TEST_CASE("a database reachable through pass-through components only is public", "[security]") {
  const char* text = R"({
    "requirements": { "reads": "10/s", "writes": "1/s" },
    "zones": [ { "id": "edge", "kind": "dmz" }, { "id": "data", "kind": "data" } ],
    "components": [
      { "id": "users", "kind": "client" },
      { "id": "lb", "kind": "load_balancer", "zone": "edge" },
      { "id": "db", "kind": "database", "zone": "data" },
      { "id": "cache", "kind": "cache", "zone": "edge" }
    ],
    "links": [ { "from": "users", "to": "lb", "protocol": "https" }, { "from": "lb", "to": "db", "protocol": "sql", "tls": "tls1.2" } ]
  })";
  const SecurityAnalysis a = AnalyzeSecurity(Load(text));
  CHECK(a.public_stores == std::vector<std::string>{"db", "cache"});
  auto rules = Rules(a);
  CHECK(std::count(rules.begin(), rules.end(), "SEC003") == 2);
  CHECK(Has(rules, "SEC021"));  // lb (dmz) talks to db directly
  CHECK(Has(rules, "SEC018"));  // db not encrypted at rest
  CHECK(Has(rules, "SEC004"));  // no rate limit
  CHECK(Has(rules, "SEC005"));  // no authorisation model
  CHECK(Has(rules, "SEC010"));  // https entry, no WAF
  CHECK(Has(rules, "SEC014"));  // no secrets management
}

TEST_CASE("session auth fits only with a shared store or sticky routing", "[security]") {
  auto make = [](const std::string& strategy, bool cache_link) {
    std::string t = R"({
      "requirements": { "reads": "10/s", "writes": "1/s" },
      "components": [
        { "id": "users", "kind": "client" },
        { "id": "lb", "kind": "load_balancer", "strategy": ")" + strategy + R"(" },
        { "id": "app", "kind": "service", "replicas": 4 },
        { "id": "sessions", "kind": "cache" }
      ],
      "links": [ { "from": "users", "to": "lb", "protocol": "https" },
                 { "from": "lb", "to": "app", "protocol": "http", "tls": "tls1.2", "auth": "session" })" +
                    std::string(cache_link ? R"(, { "from": "app", "to": "sessions", "protocol": "tcp", "tls": "tls1.2" })" : "") +
                    R"( ],
      "policies": { "security": { "password_hashing": "bcrypt" } }
    })";
    return AnalyzeSecurity(Load(t));
  };
  const auto loose = make("round_robin", false);
  REQUIRE(Find(loose, "SEC008") != nullptr);
  CHECK(Find(loose, "SEC008")->evidence[0].text == "replicas = 4; a request has P = 75% of reaching a replica that does not hold its session");
  CHECK(loose.entry_points[0].auth_fit.size() == 1);
  CHECK(Find(make("ip_hash", false), "SEC008") == nullptr);
  CHECK(Find(make("round_robin", true), "SEC008") == nullptr);
  CHECK(Find(loose, "SEC022") == nullptr);  // bcrypt is declared
}

TEST_CASE("bearer tokens need an expiry of at most 24 h", "[security]") {
  auto with_expiry = [](const std::string& expiry) {
    std::string t = kThreeTier;
    t.replace(t.find("\"token_expiry\": \"1h\""), 20, "\"token_expiry\": \"" + expiry + "\"");
    return AnalyzeSecurity(Load(t));
  };
  CHECK(Find(with_expiry("24h"), "SEC009") == nullptr);
  const auto a = with_expiry("25h");
  REQUIRE(Find(a, "SEC009") != nullptr);
  CHECK(Find(a, "SEC009")->evidence[0].value.value_or(0) == Approx(25 * 3600.0));
}

TEST_CASE("rule tags: STRIDE in S T R I D E order and OWASP 2021", "[security]") {
  CHECK(RuleStride("SEC001") == std::vector<Stride>{Stride::Tampering, Stride::InformationDisclosure});
  CHECK(RuleStride("SEC003") ==
        std::vector<Stride>{Stride::Tampering, Stride::InformationDisclosure, Stride::ElevationOfPrivilege});
  CHECK(RuleOwasp("SEC003") ==
        std::vector<std::string>{"A01:2021 Broken Access Control", "A05:2021 Security Misconfiguration"});
  CHECK(RuleStride("OPS001") == std::vector<Stride>{Stride::Repudiation});
  CHECK(RuleStride("CAP001").empty());
  CHECK(RuleOwasp("CAP001").empty());
  for (int i = 1; i <= 22; ++i) {
    const std::string id = (i < 10 ? "SEC00" : "SEC0") + std::to_string(i);
    INFO(id);
    CHECK_FALSE(RuleStride(id).empty());
    CHECK_FALSE(RuleOwasp(id).empty());
  }
  CHECK(StrideName(Stride::InformationDisclosure) == "information_disclosure");
  CHECK(StrideLetter(Stride::ElevationOfPrivilege) == "E");
}

TEST_CASE("zero trust: unauthenticated internal calls are a note without it, a gap with it", "[security]") {
  auto make = [](bool zero_trust) {
    std::string t = R"({
      "requirements": { "reads": "10/s", "writes": "1/s" },
      "components": [ { "id": "a", "kind": "service" }, { "id": "b", "kind": "service" }, { "id": "c", "kind": "service" } ],
      "links": [ { "from": "a", "to": "b", "protocol": "grpc", "tls": "tls1.2" },
                 { "from": "b", "to": "c", "protocol": "grpc", "tls": "mtls" } ],
      "policies": { "security": { "zero_trust": )" + std::string(zero_trust ? "true" : "false") + R"( } }
    })";
    return AnalyzeSecurity(Load(t));
  };
  const auto off = make(false);
  REQUIRE(Find(off, "SEC011") != nullptr);
  CHECK(Find(off, "SEC011")->evidence[0].text == "a → b");
  CHECK(Find(off, "SEC012") == nullptr);
  const auto on = make(true);
  CHECK(Find(on, "SEC011") == nullptr);
  REQUIRE(Find(on, "SEC012") != nullptr);
  CHECK(Find(on, "SEC012")->evidence[0].value.value_or(0) == Approx(1.0));
}
