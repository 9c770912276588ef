// Tests for sdlab/blueprint.h: LoadBlueprint reads every scenario, and reports each kind of problem
// with the right JSON pointer and line:col. Every line:col below was counted by hand in the text
// next to it (1-based; columns count code points; a UTF-8 BOM is not a column).
#include <catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sdlab/blueprint.h"

using sdlab::Blueprint;
using sdlab::Diagnostic;
using sdlab::LoadBlueprint;
using sdlab::LoadLimits;

namespace {

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(SDLAB_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string Describe(const std::vector<Diagnostic>& diags) {
  std::string s;
  for (const auto& d : diags) s += "  " + d.ToString() + "\n";
  return s;
}

/// The diagnostics for a text that must not load.
std::vector<Diagnostic> Problems(std::string_view text, const LoadLimits& limits = {}) {
  auto r = LoadBlueprint(text, limits);
  REQUIRE_FALSE(r.has_value());
  REQUIRE_FALSE(r.error().empty());
  return r.error();
}

/// The blueprint for a text that must load.
Blueprint Loaded(std::string_view text, const LoadLimits& limits = {}) {
  auto r = LoadBlueprint(text, limits);
  if (!r) FAIL("unexpected problems:\n" << Describe(r.error()));
  return *r;
}

/// The one diagnostic with this code and pointer (fails if there is none or several).
const Diagnostic& Find(const std::vector<Diagnostic>& diags, const std::string& code, const std::string& pointer) {
  INFO("looking for " << code << " at '" << pointer << "' in\n" << Describe(diags));
  const auto n = std::count_if(diags.begin(), diags.end(),
                               [&](const Diagnostic& d) { return d.code == code && d.pointer == pointer; });
  REQUIRE(n == 1);
  return *std::find_if(diags.begin(), diags.end(),
                       [&](const Diagnostic& d) { return d.code == code && d.pointer == pointer; });
}

/// Checks that the only problem is `code` at `pointer`, line:col; returns it.
const Diagnostic& Only(const std::vector<Diagnostic>& diags, const std::string& code, const std::string& pointer,
                       int line, int column) {
  INFO(Describe(diags));
  REQUIRE(diags.size() == 1);
  const Diagnostic& d = Find(diags, code, pointer);
  CHECK(d.location.line == line);
  CHECK(d.location.column == column);
  return d;
}

void CheckAt(const Diagnostic& d, int line, int column) {
  INFO(d.ToString());
  CHECK(d.location.line == line);
  CHECK(d.location.column == column);
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

constexpr const char* kMinimal = R"({"components": [{"id": "api", "kind": "service"}]})";

}  // namespace

// [SECTION] Scenarios

TEST_CASE("every scenario file loads", "[blueprint]") {
  namespace fs = std::filesystem;
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(fs::path(SDLAB_SOURCE_DIR) / "scenarios"))
    if (entry.path().extension() == ".json") names.push_back(entry.path().filename().string());
  std::sort(names.begin(), names.end());
  for (const char* required : {"pastebin.json", "twitter-timeline.json", "url-shortener.json", "e-commerce-checkout.json"})
    CHECK(std::find(names.begin(), names.end(), required) != names.end());
  for (const auto& name : names) {
    INFO(name);
    auto r = LoadBlueprint(ReadSourceFile("scenarios/" + name));
    if (!r) FAIL(name << ":\n" << Describe(r.error()));
    CHECK_FALSE(r->components.empty());
    CHECK_FALSE(r->name.empty());
  }
}

TEST_CASE("the pastebin scenario is read into typed values", "[blueprint]") {
  const Blueprint bp = Loaded(ReadSourceFile("scenarios/pastebin.json"));
  CHECK(bp.name == "pastebin");
  const auto& q = bp.requirements;
  CHECK(q.month == sdlab::units::MonthConvention::Primer);
  REQUIRE(q.writes_per_s);
  REQUIRE(q.reads_per_s);
  CHECK(*q.writes_per_s == 4.0);  // 10M / 2.5e6 s
  CHECK(*q.reads_per_s == 40.0);  // 100M / 2.5e6 s
  CHECK(q.object_size_bytes == 1270.0);
  REQUIRE(q.retention_s);
  CHECK(*q.retention_s == 9e7);  // 3 primer years of 3e7 s
  CHECK(q.peak_factor == 3.0);
  CHECK(q.replication_factor == 3);
  CHECK(q.cache_hot_fraction == 0.2);
  REQUIRE(q.slo.availability);
  CHECK(*q.slo.availability == 0.999);
  REQUIRE(q.slo.latency_p99_s);
  CHECK(*q.slo.latency_p99_s == 0.2);
  CHECK(*q.slo.rpo_s == 3600.0);
  CHECK(*q.slo.rto_s == 4 * 3600.0);

  CHECK(bp.zones.size() == 3);
  CHECK(bp.components.size() == 8);
  CHECK(bp.links.size() == 9);
  REQUIRE(bp.flows.size() == 2);
  CHECK(bp.flows[0].id == "read_paste");
  CHECK(bp.flows[0].kind == sdlab::FlowKind::Read);
  CHECK(bp.flows[0].share == 1.0);
  CHECK(bp.flows[0].path == std::vector<std::string>{"clients", "cdn", "lb", "read_api", "cache", "db"});

  const auto* lb = bp.FindComponent("lb");
  REQUIRE(lb);
  CHECK(lb->kind == sdlab::ComponentKind::LoadBalancer);
  CHECK(lb->strategy == sdlab::LbStrategy::LeastConnections);
  CHECK(lb->replicas == 2);
  CHECK(*lb->capacity_rps == 20000.0);
  CHECK(lb->pointer == "/components/2");
  CheckAt(Diagnostic{"", lb->location, "", ""}, 28, 5);

  const auto* cache = bp.FindComponent("cache");
  REQUIRE(cache);
  CHECK(*cache->hit_ratio == 0.8);
  CHECK(*cache->memory_bytes == 8e9);
  CHECK(*cache->ttl_s == 86400.0);
  CHECK(cache->cache_strategy == sdlab::CacheStrategy::CacheAside);

  const auto* db = bp.FindComponent("db");
  REQUIRE(db);
  CHECK(db->pointer == "/components/6");
  CheckAt(Diagnostic{"", db->location, "", ""}, 36, 5);
  CHECK(db->replication.mode == sdlab::ReplicationMode::LeaderFollower);
  CHECK(db->replication.sync == sdlab::ReplicationSync::Async);
  CHECK(db->replication.followers == 1);
  CHECK(db->replication.read_from_replicas);
  CHECK(*db->replication.lag_s == 0.1);
  CHECK(*db->replication.failover_s == 30.0);
  CHECK(db->indexes == std::vector<std::string>{"shortlink", "created_at"});
  CHECK(bp.FindComponent("nope") == nullptr);
  REQUIRE(bp.FindZone("data"));
  CHECK(bp.FindZone("data")->kind == sdlab::ZoneKind::Data);
}

// [SECTION] Accepted input: comments, BOM, defaults, typed values

TEST_CASE("comments are allowed, a UTF-8 BOM is tolerated", "[blueprint]") {
  const Blueprint bp = Loaded(R"(// a line comment
/* a block
   comment */ {
  "components": [ // trailing comment
    { "id": "api", /* inline */ "kind": "service" }
  ],
  "name": "has // no comment /* inside */ a string"
})");
  CHECK(bp.components.size() == 1);
  CHECK(bp.name == "has // no comment /* inside */ a string");

  const std::string bom = "\xEF\xBB\xBF";
  CHECK(Loaded(bom + kMinimal).components.size() == 1);
  // The BOM is not a column: the value 5 is at column 16 of line 1, as an editor shows it.
  //   {"components": 5}
  //   1 2           14 16
  Only(Problems(bom + R"({"components": 5})"), "type", "/components", 1, 16);
  Only(Problems(R"({"components": 5})"), "type", "/components", 1, 16);
  // A BOM alone is an empty document.
  Only(Problems(bom), "syntax", "", 1, 1);
}

TEST_CASE("defaults are applied", "[blueprint]") {
  const Blueprint bp = Loaded(kMinimal);
  const auto& q = bp.requirements;
  CHECK(q.peak_factor == 2.0);
  CHECK(q.replication_factor == 3);
  CHECK(q.month == sdlab::units::MonthConvention::Days30);
  CHECK(q.object_size_bytes == 1000.0);
  CHECK(q.cache_hot_fraction == 0.2);
  CHECK(q.target_utilization == 0.7);
  CHECK(q.growth_per_month == 0.0);
  CHECK_FALSE(q.retention_s.has_value());
  CHECK_FALSE(q.reads_per_s.has_value());
  REQUIRE(bp.components.size() == 1);
  const auto& c = bp.components[0];
  CHECK(c.replicas == 1);
  CHECK(c.name == "api");  // display name defaults to the id
  CHECK(c.pointer == "/components/0");
  CheckAt(Diagnostic{"", c.location, "", ""}, 1, 17);
  CHECK_FALSE(c.capacity_rps.has_value());
  CHECK(bp.links.empty());
  CHECK(bp.flows.empty());
}

TEST_CASE("quantities are typed: sizes in bytes, durations in seconds, rates per second, fractions", "[blueprint]") {
  const Blueprint bp = Loaded(R"({
  "requirements": {
    "month": "primer",
    "writes": "10M/month",
    "dau": "2.5M",
    "object_size": "1.27 KB",
    "read_size": "2 KiB",
    "retention": "3y",
    "growth_per_month": "5%",
    "slo": { "availability": "99.95%", "latency_p99": "300ms", "durability": "11 nines" }
  },
  "components": [
    { "id": "api", "kind": "service", "capacity": "2K/s", "latency": "15ms" },
    { "id": "c", "kind": "cache", "memory": "8GB", "ttl": "24h", "hit_ratio": 0.8 }
  ]
})");
  const auto& q = bp.requirements;
  CHECK(*q.writes_per_s == 4.0);  // 10M/month over the primer's 2.5e6 s month
  CHECK(*q.dau == 2.5e6);
  CHECK(q.object_size_bytes == 1270.0);
  CHECK(*q.read_size_bytes == 2048.0);
  CHECK(*q.retention_s == 9e7);
  CHECK(q.growth_per_month == 0.05);
  CHECK(*q.slo.availability == 0.9995);
  CHECK(*q.slo.latency_p99_s == 0.3);
  CHECK(*q.slo.durability == Approx(1 - 1e-11).epsilon(1e-15));
  CHECK(*bp.components[0].capacity_rps == 2000.0);
  CHECK(*bp.components[0].latency_s == 0.015);
  CHECK(*bp.components[1].memory_bytes == 8e9);
  CHECK(*bp.components[1].ttl_s == 86400.0);
  CHECK(*bp.components[1].hit_ratio == 0.8);

  // The month convention of the blueprint drives its rates: 10M/month under a 30-day month.
  const Blueprint d30 = Loaded(R"({"requirements": {"writes": "10M/month"}, "components": [{"id": "a", "kind": "service"}]})");
  CHECK(*d30.requirements.writes_per_s == Approx(1e7 / (30 * 86400.0)).epsilon(1e-15));
}

// [SECTION] Each kind of problem, with its pointer and line:col

TEST_CASE("syntax: line:col of the first bad character", "[blueprint]") {
  SECTION("a missing comma: where the unexpected token starts") {
    // line 3: `    { "id": "api" "kind": "service" }` — the quote of "kind" is column 19.
    const auto d = Only(Problems(R"({
  "components": [
    { "id": "api" "kind": "service" }
  ]
})"),
                        "syntax", "/components/0", 3, 19);
    CHECK(Contains(d.message, "unexpected string literal"));
  }
  SECTION("a trailing comma") {
    // `{"components": [{"id": "a", "kind": "service",}]}`: the '}' after the comma is column 47.
    Only(Problems(R"({"components": [{"id": "a", "kind": "service",}]})"), "syntax", "/components/0", 1, 47);
  }
  SECTION("a bad literal: the character that breaks it") {
    // `{"components": tru}`: 't' 'r' 'u' are columns 16-18, the '}' that breaks "true" is 19.
    Only(Problems(R"({"components": tru})"), "syntax", "", 1, 19);
  }
  SECTION("a number where a comma belongs") {
    // `[1 2]`: the 2 is column 4.
    Only(Problems("[1 2]"), "syntax", "", 1, 4);
  }
  SECTION("columns count code points, not bytes") {
    // `{"name": "éé", "components": 1 2}`: "éé" is columns 10-13 (4 code points, 6 bytes); 2 is column 32.
    Only(Problems("{\"name\": \"\xC3\xA9\xC3\xA9\", \"components\": 1 2}"), "syntax", "", 1, 32);
  }
  SECTION("the input ends early: the end of the text") {
    Only(Problems("{\n  \"components\": [\n"), "syntax", "/components", 3, 1);
    Only(Problems(""), "syntax", "", 1, 1);
    Only(Problems("   \n  "), "syntax", "", 2, 3);
    Only(Problems("/* never closed"), "syntax", "", 1, 16);
  }
  SECTION("a raw newline inside a string") {
    // `{"a": "x<LF>"}`: the LF is column 9 of line 1.
    Only(Problems("{\"a\": \"x\n\"}"), "syntax", "", 1, 9);
  }
}

TEST_CASE("type: a value of the wrong JSON type", "[blueprint]") {
  // line 3: `    { "id": "api", "kind": "service", "replicas": "three" }` — "three" starts at column 51.
  const auto d = Only(Problems(R"({
  "components": [
    { "id": "api", "kind": "service", "replicas": "three" }
  ]
})"),
                      "type", "/components/0/replicas", 3, 51);
  CHECK(d.message == "expected an integer, got a string");
  CHECK(d.ToString() == "3:51: error[type]: /components/0/replicas: expected an integer, got a string");

  // 2.5 replicas is a number but not an integer; the root must be an object.
  Only(Problems(R"({"components": [{"id": "a", "kind": "service", "replicas": 2.5}]})"), "type",
       "/components/0/replicas", 1, 60);
  const auto root = Only(Problems("\n  [1, 2]"), "type", "", 2, 3);
  CHECK(root.ToString() == "2:3: error[type]: /: a blueprint is a JSON object, got an array");
  Only(Problems(R"({"components": {}})"), "type", "/components", 1, 16);
}

TEST_CASE("unknown_field: with a did-you-mean suggestion", "[blueprint]") {
  // line 3: `    { "id": "db", "kind": "database", "replicaz": 2 }` — the key "replicaz" starts at column 39.
  const auto d = Only(Problems(R"({
  "components": [
    { "id": "db", "kind": "database", "replicaz": 2 }
  ]
})"),
                      "unknown_field", "/components/0/replicaz", 3, 39);
  CHECK(Contains(d.message, "did you mean 'replicas'?"));

  // A field that belongs to another kind of component: an eviction policy is for caches.
  const auto m = Only(Problems(R"({"components": [{"id": "a", "kind": "service", "policy": "lru"}]})"), "unknown_field",
                      "/components/0/policy", 1, 48);
  CHECK(Contains(m.message, "service"));

  // At the top level: a misspelt "components" is unknown, and "components" is then missing.
  const auto diags = Problems("{\n  \"componets\": []\n}");
  REQUIRE(diags.size() == 2);
  CheckAt(Find(diags, "missing", ""), 1, 1);
  const auto& top = Find(diags, "unknown_field", "/componets");
  CheckAt(top, 2, 3);
  CHECK(Contains(top.message, "did you mean 'components'?"));
}

TEST_CASE("missing: a required key is absent", "[blueprint]") {
  const auto root = Only(Problems("{\n  \"name\": \"x\"\n}"), "missing", "", 1, 1);
  CHECK(Contains(root.message, "'components'"));
  // line 3: `    { "id": "api" }` — the component object starts at column 5.
  const auto kind = Only(Problems(R"({
  "components": [
    { "id": "api" }
  ]
})"),
                         "missing", "/components/0", 3, 5);
  CHECK(Contains(kind.message, "'kind'"));
  const auto id = Only(Problems(R"({"components": [{"kind": "service"}]})"), "missing", "/components/0", 1, 17);
  CHECK(Contains(id.message, "'id'"));
  // Per-user traffic needs the number of users.
  const auto dau = Only(Problems(R"({"requirements": {"reads_per_user": "10/day"}, "components": [{"id": "a", "kind": "service"}]})"),
                        "missing", "/requirements", 1, 18);
  CHECK(Contains(dau.message, "'dau'"));
}

TEST_CASE("unit: a quantity that does not parse", "[blueprint]") {
  // line 2: `  "requirements": { "writes": "10/s", "object_size": "12 parsecs" },` — "12 parsecs" at column 54.
  const auto d = Only(Problems(R"({
  "requirements": { "writes": "10/s", "object_size": "12 parsecs" },
  "components": [ { "id": "api", "kind": "service" } ]
})"),
                      "unit", "/requirements/object_size", 2, 54);
  CHECK(d.message == "\"12 parsecs\": unknown unit 'parsecs'");
  // A duration needs a unit: a bare 300 is refused (it could be ms or s).
  const auto bare = Only(Problems(R"({"components": [{"id": "a", "kind": "service", "latency": 300}]})"), "unit",
                         "/components/0/latency", 1, 59);
  CHECK(Contains(bare.message, "needs a unit"));
}

TEST_CASE("enum: a value outside its set, with a suggestion", "[blueprint]") {
  // line 3: `    { "id": "db", "kind": "databse" }` — "databse" starts at column 27.
  const auto d = Only(Problems(R"({
  "components": [
    { "id": "db", "kind": "databse" }
  ]
})"),
                      "enum", "/components/0/kind", 3, 27);
  CHECK(Contains(d.message, "'databse'"));
  CHECK(Contains(d.message, "did you mean 'database'?"));
  const auto s = Only(
      Problems(R"({"components": [{"id": "lb", "kind": "load_balancer", "strategy": "round_robbin"}]})"), "enum",
      "/components/0/strategy", 1, 67);
  CHECK(Contains(s.message, "did you mean 'round_robin'?"));
  const auto m = Only(Problems(R"({"requirements": {"month": "primr"}, "components": [{"id": "a", "kind": "service"}]})"),
                      "enum", "/requirements/month", 1, 28);
  CHECK(Contains(m.message, "primr"));
}

TEST_CASE("reference: links, zones and flow steps name things that exist", "[blueprint]") {
  // Three problems in one pass, reported in text order:
  //   line 5  `    { "id": "api", "kind": "service", "zone": "privat" },`  "privat" at column 47
  //   line 10 `    { "from": "api", "to": "dbb" }`                          "dbb" at column 28
  //   line 13 `    { "id": "read", "kind": "read", "path": ["web", "api", "db"] }`  "db" at column 60
  const auto diags = Problems(R"({
  "zones": [ { "id": "private", "kind": "private" } ],
  "components": [
    { "id": "web", "kind": "client" },
    { "id": "api", "kind": "service", "zone": "privat" },
    { "id": "db", "kind": "database" }
  ],
  "links": [
    { "from": "web", "to": "api" },
    { "from": "api", "to": "dbb" }
  ],
  "flows": [
    { "id": "read", "kind": "read", "path": ["web", "api", "db"] }
  ]
})");
  INFO(Describe(diags));
  REQUIRE(diags.size() == 3);
  CHECK(diags[0].pointer == "/components/1/zone");
  CheckAt(diags[0], 5, 47);
  CHECK(diags[0].code == "reference");
  CHECK(Contains(diags[0].message, "did you mean 'private'?"));
  CHECK(diags[1].pointer == "/links/1/to");
  CheckAt(diags[1], 10, 28);
  CHECK(diags[1].code == "reference");
  CHECK(diags[1].message == "no component has id 'dbb'; did you mean 'db'?");
  CHECK(diags[2].pointer == "/flows/0/path/2");
  CheckAt(diags[2], 13, 60);
  CHECK(diags[2].code == "reference");
  CHECK(Contains(diags[2].message, "no link from 'api' to 'db'"));
  // A flow step naming no component at all.
  Only(Problems(R"({"components": [{"id": "a", "kind": "service"}], "flows": [{"id": "f", "path": ["a", "b"]}]})"),
       "reference", "/flows/0/path/1", 1, 86);
}

TEST_CASE("duplicate_id: two components with one id; duplicate keys", "[blueprint]") {
  // line 4: `    { "id": "api", "kind": "cache" }` — the second "api" is at column 13.
  const auto d = Only(Problems(R"({
  "components": [
    { "id": "api", "kind": "service" },
    { "id": "api", "kind": "cache" }
  ]
})"),
                      "duplicate_id", "/components/1/id", 4, 13);
  CHECK(Contains(d.message, "/components/0"));
  // line 3: `    { "id": "api", "kind": "service", "kind": "cache" }` — the second key "kind" is at column 39.
  const auto k = Only(Problems(R"({
  "components": [
    { "id": "api", "kind": "service", "kind": "cache" }
  ]
})"),
                      "duplicate_id", "/components/0/kind", 3, 39);
  CHECK(Contains(k.message, "duplicate key 'kind'"));
  // Zones too: `{"zones": [{"id": "z"}, {"id": "z"}], ...` — the second "z" is at column 32.
  Only(Problems(R"({"zones": [{"id": "z"}, {"id": "z"}], "components": [{"id": "a", "kind": "service"}]})"),
       "duplicate_id", "/zones/1/id", 1, 32);
}

TEST_CASE("range: impossible values", "[blueprint]") {
  SECTION("negative and zero replicas") {
    // `    { "id": "a", "kind": "service", "replicas": -1 },` — the value is at column 49 (same on line 4).
    const auto diags = Problems(R"({
  "components": [
    { "id": "a", "kind": "service", "replicas": -1 },
    { "id": "b", "kind": "service", "replicas": 0 }
  ]
})");
    REQUIRE(diags.size() == 2);
    CheckAt(Find(diags, "range", "/components/0/replicas"), 3, 49);
    CheckAt(Find(diags, "range", "/components/1/replicas"), 4, 49);
  }
  SECTION("a link from a component to itself") {
    // line 3: `  "links": [ { "from": "api", "to": "api" } ]` — the "to" value at column 37.
    const auto d = Only(Problems(R"({
  "components": [ { "id": "api", "kind": "service" } ],
  "links": [ { "from": "api", "to": "api" } ]
})"),
                        "range", "/links/0/to", 3, 37);
    CHECK(Contains(d.message, "itself"));
  }
  SECTION("1e308 users, as a number and as text; 1e400 is not even a double") {
    // line 2: `  "requirements": { "dau": 1e308 },` — the value at column 28.
    Only(Problems(R"({
  "requirements": { "dau": 1e308 },
  "components": [ { "id": "api", "kind": "service" } ]
})"),
         "range", "/requirements/dau", 2, 28);
    Only(Problems(R"({"requirements": {"dau": "1e308"}, "components": [{"id": "a", "kind": "service"}]})"), "range",
         "/requirements/dau", 1, 26);
    const auto inf = Only(Problems(R"({"requirements": {"dau": 1e400}, "components": [{"id": "a", "kind": "service"}]})"),
                          "range", "/requirements/dau", 1, 26);
    CHECK(Contains(inf.message, "1e400"));
    // Within an array the pointer names the element.
    Only(Problems(R"({"components": [{"id": "a", "kind": "service"}], "notes": [1, -1e999]})"), "range", "/notes/1",
         1, 63);
  }
  SECTION("impossible quantities: negative durations, percentages above 100%") {
    Only(Problems(R"({"components": [{"id": "a", "kind": "service", "latency": "-5ms"}]})"), "range",
         "/components/0/latency", 1, 59);
    Only(Problems(R"({"components": [{"id": "c", "kind": "cache", "hit_ratio": "120%"}]})"), "range",
         "/components/0/hit_ratio", 1, 59);
  }
  SECTION("the read flows from clients add up to more than 100%") {
    // line 7: `  "flows": [` — the array starts at column 12.
    const auto d = Only(Problems(R"({
  "components": [
    { "id": "web", "kind": "client" },
    { "id": "api", "kind": "service" }
  ],
  "links": [ { "from": "web", "to": "api" } ],
  "flows": [
    { "id": "a", "kind": "read", "share": "70%", "path": ["web", "api"] },
    { "id": "b", "kind": "read", "share": "60%", "path": ["web", "api"] },
    { "id": "w", "kind": "write", "share": "100%", "path": ["web", "api"] },
    { "id": "internal", "kind": "read", "share": "90%", "path": ["api"] }
  ]
})"),
                        "range", "/flows", 7, 12);
    CHECK(Contains(d.message, "130%"));
    CHECK(Contains(d.message, "read"));
    // 70% + 30% is exactly all of the reads: accepted.
    Loaded(R"({"components": [{"id": "web", "kind": "client"}, {"id": "api", "kind": "service"}],
  "links": [{"from": "web", "to": "api"}],
  "flows": [{"id": "a", "share": "70%", "path": ["web", "api"]}, {"id": "b", "share": "30%", "path": ["web", "api"]}]})");
  }
}

TEST_CASE("limit: depth, element counts, text size", "[blueprint]") {
  // `{"components": [{"id": "a", "kind": "service"}], "notes": ` is 58 columns; the first '[' of notes is
  // column 59. With the root object, the n-th '[' opens level n + 1.
  const std::string head = R"({"components": [{"id": "a", "kind": "service"}], "notes": )";
  auto nested = [&](int arrays) { return head + std::string(arrays, '[') + std::string(arrays, ']') + "}"; };
  SECTION("nesting depth: 64 levels load, 65 do not (default limits)") {
    Loaded(nested(63));
    std::string pointer = "/notes";
    for (int i = 0; i < 63; ++i) pointer += "/0";  // the 64th array: /notes/0/.../0
    const auto d = Only(Problems(nested(64)), "limit", pointer, 1, 59 + 63);
    CHECK(Contains(d.message, "64"));
    // Far deeper input stops at the limit too, without exhausting the stack.
    CHECK(Problems(nested(100000))[0].code == "limit");
  }
  SECTION("more components than max_components") {
    const char* three = R"({
  "components": [
    { "id": "a", "kind": "service" }, { "id": "b", "kind": "service" }, { "id": "c", "kind": "service" }
  ]
})";
    LoadLimits limits;
    limits.max_components = 2;
    // line 2: `  "components": [` — the array starts at column 17.
    const auto d = Only(Problems(three, limits), "limit", "/components", 2, 17);
    CHECK(Contains(d.message, "3 components"));
    limits.max_components = 3;
    CHECK(Loaded(three, limits).components.size() == 3);
  }
  SECTION("text larger than max_bytes") {
    LoadLimits limits;
    limits.max_bytes = std::string_view(kMinimal).size() - 1;
    const auto d = Only(Problems(kMinimal, limits), "limit", "", 1, 1);
    CHECK(Contains(d.message, std::to_string(limits.max_bytes)));
    limits.max_bytes += 1;
    Loaded(kMinimal, limits);
  }
  SECTION("a string longer than max_string_length") {
    LoadLimits limits;
    limits.max_string_length = 8;
    // `{"name": "123456789", ...`: the string starts at column 10.
    Only(Problems(R"({"name": "123456789", "components": [{"id": "a", "kind": "service"}]})", limits), "limit", "/name",
         1, 10);
  }
}

TEST_CASE("several errors are reported in one pass, sorted by position", "[blueprint]") {
  // The loader reads requirements before components and reports unknown keys when it leaves an
  // object, so the raw order differs from the text order; the result is sorted by line:col.
  //   line 3 `    { "replicaz": 2, "id": "api", "kind": "service", "replicas": "two" },`
  //          "replicaz" at column 7, "two" at column 66
  //   line 4 `    { "id": "db", "kind": "databse" }`                "databse" at column 27
  //   line 6 `  "requirements": { "object_size": "12 parsecs" }`   "12 parsecs" at column 36
  const auto diags = Problems(R"({
  "components": [
    { "replicaz": 2, "id": "api", "kind": "service", "replicas": "two" },
    { "id": "db", "kind": "databse" }
  ],
  "requirements": { "object_size": "12 parsecs" }
})");
  INFO(Describe(diags));
  REQUIRE(diags.size() == 4);
  CHECK(diags[0].code == "unknown_field");
  CheckAt(diags[0], 3, 7);
  CHECK(diags[1].code == "type");
  CheckAt(diags[1], 3, 66);
  CHECK(diags[2].code == "enum");
  CheckAt(diags[2], 4, 27);
  CHECK(diags[3].code == "unit");
  CHECK(diags[3].pointer == "/requirements/object_size");
  CheckAt(diags[3], 6, 36);
}

TEST_CASE("Diagnostic::ToString names line:col, code, pointer and message", "[blueprint]") {
  const Diagnostic d{"/components/2/replicas", {14, 19}, "type", "expected an integer, got a string"};
  CHECK(d.ToString() == "14:19: error[type]: /components/2/replicas: expected an integer, got a string");
  const Diagnostic root{"", {1, 1}, "missing", "the blueprint needs 'components'"};
  CHECK(root.ToString() == "1:1: error[missing]: /: the blueprint needs 'components'");
}

TEST_CASE("positions on one long line (minified JSON) count code points from the line start", "[blueprint]") {
  // 500 components on one line, then an unknown kind in the last one: the column is the byte offset
  // of its value + 1 minus the continuation bytes of the two-byte 'é' in every id before it.
  std::string text = R"({"name":"min","components":[)";
  for (int i = 0; i < 500; ++i) text += R"({"id":"c)" + std::to_string(i) + R"(é","kind":"service"},)";
  text += R"({"id":"last","kind":"servise"}]})";
  const auto diags = Problems(text);
  const Diagnostic& d = Find(diags, "enum", "/components/500/kind");
  const std::size_t value = text.rfind("\"servise\"");
  CHECK(d.location.line == 1);
  CHECK(d.location.column == static_cast<int>(value + 1 - 500));
  // Keys and values alternate (the key of a pair is read before its value): earlier keys keep theirs.
  const auto typed = Problems(R"({"name":"x","components":[{"id":"a","kind":"service","replicas":"two"}]})");
  const Diagnostic& missing = Find(typed, "type", "/components/0/replicas");
  CHECK(missing.location.column == 65);  // the 1-based offset of "two"
}

TEST_CASE("a component's canvas position (\"ui\") is checked and ignored by the models", "[blueprint]") {
  // The playground's canvas writes {"ui": {"x": .., "y": ..}}; the design is the same with or without it.
  const Blueprint with = Loaded(R"({"components": [{"id": "a", "kind": "service", "ui": {"x": 120, "y": -40.5}}]})");
  const Blueprint without = Loaded(R"({"components": [{"id": "a", "kind": "service"}]})");
  REQUIRE(with.components.size() == 1);
  CHECK(with.components[0].id == without.components[0].id);
  CHECK(with.components[0].replicas == without.components[0].replicas);
  // `{"components": [{"id": "a", "kind": "service", "ui": {"x": ` is 59 columns: the value starts at 60.
  Only(Problems(R"({"components": [{"id": "a", "kind": "service", "ui": {"x": 2e6}}]})"), "range",
       "/components/0/ui/x", 1, 60);
  Only(Problems(R"({"components": [{"id": "a", "kind": "service", "ui": {"x": 1, "z": 2}}]})"), "unknown_field",
       "/components/0/ui/z", 1, 63);
  Only(Problems(R"({"components": [{"id": "a", "kind": "service", "ui": [1, 2]}]})"), "type", "/components/0/ui", 1,
       54);
}
