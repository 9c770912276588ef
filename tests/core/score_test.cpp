// Tests for sdlab/score.h: the catalogue, every rule against its trigger / pass blueprints
// (tests/data/rules/<ID>/), the scoring arithmetic worked by hand, suppressions, the latency model
// against M/M/1 closed forms, determinism, and every scenario against its expected band and rules
// (scenarios/expected/<name>.json).
#include <catch.hpp>

#include <cmath>
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/score.h"

using namespace sdlab;
using namespace sdlab::score;
namespace fs = std::filesystem;

namespace {

const fs::path kRoot = SDLAB_SOURCE_DIR;

std::string ReadFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Blueprint LoadText(const std::string& text) {
  auto bp = LoadBlueprint(text);
  if (!bp)
    for (const auto& d : bp.error()) UNSCOPED_INFO(d.ToString());
  REQUIRE(bp.has_value());
  return *bp;
}

Blueprint LoadPath(const fs::path& p) {
  INFO(p.string());
  return LoadText(ReadFile(p));
}

std::set<std::string> Fired(const ScoreReport& r) {
  std::set<std::string> s;
  for (const auto& f : r.findings)
    if (!f.suppressed) s.insert(f.rule);
  return s;
}

std::string Join(const std::set<std::string>& s) {
  std::string out;
  for (const auto& x : s) out += (out.empty() ? "" : " ") + x;
  return out;
}

/// The base blueprint of the rule cases with `edit` applied to its JSON (comments stripped).
std::string BaseWith(const std::function<void(nlohmann::json&)>& edit) {
  std::string text = ReadFile(kRoot / "tests/data/rules/base.json");
  text = text.substr(text.find('{'));
  nlohmann::json j = nlohmann::json::parse(text);
  edit(j);
  return j.dump();
}

/// No NaN or infinity anywhere in a JSON value.
bool AllFinite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured())
    for (const auto& x : j)
      if (!AllFinite(x)) return false;
  return true;
}

nlohmann::json& ComponentJson(nlohmann::json& bp, const std::string& id) {
  for (auto& c : bp["components"])
    if (c["id"] == id) return c;
  FAIL("no component " << id);
  return bp;
}

}  // namespace

TEST_CASE("the catalogue: at least 40 rules with stable, unique, well-formed ids", "[score]") {
  const auto& rules = Catalogue();
  CHECK(rules.size() >= 40);
  std::set<std::string> ids, names;
  const std::regex id_re("(CAP|LAT|AVL|DUR|CON|SEC|CST|OPS|NET|CCY|DBO|SLO)[0-9]{3}");
  const std::regex name_re("[a-z0-9_]+");
  std::set<Area> areas;
  for (const Rule& r : rules) {
    INFO(r.id);
    CHECK(std::regex_match(std::string(r.id), id_re));
    CHECK(std::regex_match(std::string(r.name), name_re));
    CHECK(ids.insert(std::string(r.id)).second);
    CHECK(names.insert(std::string(r.name)).second);
    CHECK_FALSE(r.title.empty());
    CHECK(r.why.size() > 40);
    CHECK(r.fix.size() > 20);
    CHECK_FALSE(r.topic.empty());
    // The id's prefix names the area.
    const std::map<std::string, Area> prefix{{"CAP", Area::Capacity},      {"LAT", Area::Latency},
                                             {"AVL", Area::Availability},  {"DUR", Area::Durability},
                                             {"CON", Area::Consistency},   {"SEC", Area::Security},
                                             {"CST", Area::Cost},          {"OPS", Area::Operability}};
    // NET (networking and protocols) rules sit in the area they affect: capacity, latency or cost.
    if (r.id.substr(0, 3) == "NET")
      CHECK((r.area == Area::Capacity || r.area == Area::Latency || r.area == Area::Cost));
    // CCY (concurrency), DBO (database optimisation) and SLO rules likewise sit in the area they affect.
    else if (r.id.substr(0, 3) == "CCY" || r.id.substr(0, 3) == "DBO" || r.id.substr(0, 3) == "SLO")
      CHECK((r.area == Area::Capacity || r.area == Area::Latency || r.area == Area::Operability));
    else
      CHECK(prefix.at(std::string(r.id.substr(0, 3))) == r.area);
    areas.insert(r.area);
  }
  CHECK(areas.size() == 8);
  // In area order, then by number.
  for (std::size_t i = 1; i < rules.size(); ++i) {
    INFO(rules[i].id);
    const auto a = static_cast<int>(rules[i - 1].area), b = static_cast<int>(rules[i].area);
    CHECK((a < b || (a == b && rules[i - 1].id < rules[i].id)));
  }
  int weights = 0;
  for (Area a : AllAreas()) weights += AreaWeight(a);
  CHECK(weights == 100);
}

TEST_CASE("rules are found by id in any case, or by name; unknown ids get suggestions", "[score]") {
  REQUIRE(FindRule("CAP002") != nullptr);
  CHECK(FindRule("cap002") == FindRule("CAP002"));
  CHECK(FindRule("saturated_at_peak") == FindRule("CAP002"));
  CHECK(FindRule("CAP999") == nullptr);
  const auto near = SuggestRules("CAP02");
  REQUIRE_FALSE(near.empty());
  CHECK(std::find(near.begin(), near.end(), "CAP002") != near.end());
  const auto by_word = SuggestRules("saturated");
  REQUIRE_FALSE(by_word.empty());
  CHECK(by_word.front() == "CAP002");
}

TEST_CASE("the clean base blueprint fires no rule and scores 100 (A)", "[score]") {
  const ScoreReport r = ScoreBlueprint(LoadPath(kRoot / "tests/data/rules/base.json"));
  INFO(Join(Fired(r)));
  CHECK(r.findings.empty());
  CHECK(r.overall == 100);
  CHECK(r.grade == "A");
  for (const auto& a : r.areas) CHECK(a.score == 100);
}

TEST_CASE("every rule fires on its trigger blueprint and not on its pass blueprint", "[score]") {
  int checked = 0;
  for (const Rule& rule : Catalogue()) {
    const fs::path dir = kRoot / "tests/data/rules" / std::string(rule.id);
    if (!rule.needs.empty()) {
      WARN(std::string(rule.id) + " is not checked: it needs " + std::string(rule.needs));
      continue;
    }
    INFO(rule.id);
    REQUIRE(fs::exists(dir / "trigger.json"));
    REQUIRE(fs::exists(dir / "pass.json"));
    const ScoreReport trigger = ScoreBlueprint(LoadPath(dir / "trigger.json"));
    const ScoreReport pass = ScoreBlueprint(LoadPath(dir / "pass.json"));
    INFO("trigger fired: " << Join(Fired(trigger)));
    INFO("pass fired: " << Join(Fired(pass)));
    CHECK(trigger.Fired(rule.id));
    CHECK_FALSE(pass.Fired(rule.id));
    // Every finding names its rule's area and carries evidence.
    for (const auto& f : trigger.findings) {
      if (f.rule != rule.id) continue;
      CHECK(f.area == rule.area);
      CHECK_FALSE(f.evidence.empty());
      CHECK_FALSE(f.message.empty());
    }
    ++checked;
  }
  CHECK(checked >= 40);
}

TEST_CASE("area and overall scores follow the documented weights", "[score]") {
  SECTION("one error in security: 100 − 30 = 70; overall (85 × 100 + 15 × 70) / 100 = 95.5 → 96") {
    const ScoreReport r = ScoreBlueprint(LoadPath(kRoot / "tests/data/rules/SEC013/trigger.json"));
    REQUIRE(Fired(r) == std::set<std::string>{"SEC013"});
    CHECK(r.areas[5].area == Area::Security);
    CHECK(r.areas[5].score == 70);
    CHECK(r.areas[5].errors == 1);
    CHECK(r.areas[5].formula == "100 − SEC013 error 30 = 70");
    CHECK(r.overall == 96);
    CHECK(r.grade == "A");
  }
  SECTION("two findings of one warning rule count 1.5 ×: 100 − 18 = 82; overall 97.3 → 97") {
    const std::string text = BaseWith([](nlohmann::json& j) {
      ComponentJson(j, "db")["encryption_at_rest"] = false;
      ComponentJson(j, "queue")["encryption_at_rest"] = false;
    });
    const ScoreReport r = ScoreBlueprint(LoadText(text));
    REQUIRE(Fired(r) == std::set<std::string>{"SEC018"});
    CHECK(r.areas[5].score == 82);
    CHECK(r.areas[5].warnings == 2);
    CHECK(r.areas[5].formula == "100 − SEC018 warning ×1.5 18 = 82");
    CHECK(r.overall == 97);
  }
  SECTION("many rules: an area never goes below 0, and grades step at 90/80/70/60") {
    const ScoreReport r = ScoreBlueprint(LoadPath(kRoot / "scenarios/payment-ledger-flawed.json"));
    for (const auto& a : r.areas) {
      CHECK(a.score >= 0);
      CHECK(a.score <= 100);
    }
    long sum = 0;
    for (const auto& a : r.areas) sum += static_cast<long>(a.weight) * a.score;
    CHECK(r.overall == static_cast<int>((sum * 2 + 100) / 200));
  }
  CHECK(Grade(90) == "A");
  CHECK(Grade(89) == "B");
  CHECK(Grade(80) == "B");
  CHECK(Grade(79) == "C");
  CHECK(Grade(60) == "D");
  CHECK(Grade(59) == "F");
}

TEST_CASE("suppressions are reported, never silent", "[score]") {
  const std::string text = BaseWith([](nlohmann::json& j) {
    j["policies"]["security"]["cors"] = "*";
    j["suppress"] = nlohmann::json::array({{{"rule", "SEC016"}, {"reason", "public read-only API"}},
                                           {{"rule", "SEC99"}, {"reason", "typo"}},
                                           {{"rule", "CAP001"}, {"reason", "nothing to suppress"}}});
  });
  const ScoreReport r = ScoreBlueprint(LoadText(text));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].rule == "SEC016");
  CHECK(r.findings[0].suppressed);
  CHECK(r.findings[0].suppression_reason == "public read-only API");
  CHECK_FALSE(r.Fired("SEC016"));
  CHECK(r.areas[5].score == 100);
  CHECK(r.areas[5].suppressed == 1);
  CHECK(r.overall == 100);
  REQUIRE(r.suppressions.size() == 3);
  CHECK(r.suppressions[0].known_rule);
  CHECK(r.suppressions[0].matched == 1);
  CHECK_FALSE(r.suppressions[1].known_rule);
  CHECK(r.suppressions[2].matched == 0);
  const std::string notes = [&] {
    std::string s;
    for (const auto& n : r.notes) s += n + "\n";
    return s;
  }();
  CHECK(notes.find("suppression of unknown rule 'SEC99' (/suppress/1)") != std::string::npos);
  CHECK(notes.find("suppression of CAP001 (/suppress/2) matches no finding") != std::string::npos);
  const nlohmann::json j = ToJson(r);
  CHECK(j["counts"]["suppressed"] == 1);
  CHECK(j["findings"][0]["suppression_reason"] == "public read-only API");
}

TEST_CASE("a suppression scoped to a component suppresses only that component's findings", "[score]") {
  const std::string text = BaseWith([](nlohmann::json& j) {
    ComponentJson(j, "db")["encryption_at_rest"] = false;
    ComponentJson(j, "queue")["encryption_at_rest"] = false;
    j["suppress"] = nlohmann::json::array(
        {{{"rule", "SEC018"}, {"component", "queue"}, {"reason", "messages live for seconds"}}});
  });
  const ScoreReport r = ScoreBlueprint(LoadText(text));
  REQUIRE(r.findings.size() == 2);
  for (const auto& f : r.findings) CHECK(f.suppressed == (f.focus == "queue"));
  CHECK(r.Fired("SEC018"));
  CHECK(r.areas[5].score == 88);  // one unsuppressed warning
  REQUIRE(r.suppressions.size() == 1);
  CHECK(r.suppressions[0].component == "queue");
  CHECK(r.suppressions[0].matched == 1);
}

TEST_CASE("the stated consistency decides whether stale reads are errors, warnings or accepted", "[score]") {
  auto with = [](const char* consistency) {
    return ScoreBlueprint(LoadText(BaseWith([&](nlohmann::json& j) {
      ComponentJson(j, "db")["replication"] = {{"mode", "leaderless"}, {"n", 3}, {"r", 1}, {"w", 2}};
      if (*consistency) j["requirements"]["consistency"] = consistency;
    })));
  };
  auto severity_of = [](const ScoreReport& r, const std::string& rule) -> std::optional<Severity> {
    for (const auto& f : r.findings)
      if (f.rule == rule) return f.severity;
    return std::nullopt;
  };
  CHECK(severity_of(with(""), "CON001") == Severity::Warning);
  CHECK(severity_of(with("strong"), "CON001") == Severity::Error);
  CHECK(severity_of(with("read_your_writes"), "CON001") == Severity::Error);
  CHECK_FALSE(severity_of(with("eventual"), "CON001").has_value());
  // P(stale) right after a write = C(N − W, R) / C(N, R) = C(1, 1) / C(3, 1) = 1/3.
  const ScoreReport r = with("");
  for (const auto& f : r.findings)
    if (f.rule == "CON001") CHECK(f.evidence[0].value.value_or(0) == Approx(1.0 / 3.0));
}

TEST_CASE("flow latency: one M/M/1 station and one pure delay, against the closed forms", "[score]") {
  // reads 50/s, peak factor 1: svc is M/M/1 with λ = 50, μ = 100 → response ~ Exp(μ − λ = 50):
  // p50 = ln 2 / 50, p99 = ln 100 / 50. delay is 20 ms exponential: p99 = 20 ms × ln 100.
  const char* text = R"({
    "requirements": { "reads": "50/s", "writes": "1/s", "peak_factor": 1 },
    "components": [
      { "id": "u", "kind": "client" },
      { "id": "svc", "kind": "service", "capacity": "100/s" },
      { "id": "delay", "kind": "service", "latency": "20ms" }
    ],
    "links": [ { "from": "u", "to": "svc" }, { "from": "svc", "to": "delay" } ],
    "flows": [ { "id": "one", "kind": "read", "path": ["u", "svc"] },
               { "id": "two", "kind": "write", "path": ["u", "svc", "delay"] } ]
  })";
  const auto lat = EstimateFlowLatencies(LoadText(text));
  REQUIRE(lat.size() == 2);
  const double ln100 = std::log(100.0);
  REQUIRE(lat[0].p99_s.has_value());
  // The write flow adds 1/s to svc: λ = 51.
  CHECK(*lat[0].p99_s == Approx(ln100 / 49).epsilon(1e-9));
  CHECK(*lat[0].p50_s == Approx(std::log(2.0) / 49).epsilon(1e-9));
  CHECK_FALSE(lat[0].saturated);
  // Flow two: means 1/49 + 0.02, plus the larger tail excess: delay's 0.02 × (ln 100 − 1) vs svc's (ln 100 − 1)/49.
  const double excess = std::max(0.02 * (ln100 - 1), (ln100 - 1) / 49);
  CHECK(*lat[1].p99_s == Approx(1.0 / 49 + 0.02 + excess).epsilon(1e-9));
  // svc: (ln 100 − 1)/49 = 73.6 ms; delay: 20 ms × (ln 100 − 1) = 72.1 ms.
  CHECK(lat[1].formula.find("tail of svc") != std::string::npos);
}

TEST_CASE("a saturated component makes the flow's percentiles unbounded, never infinite", "[score]") {
  const std::string text = BaseWith([](nlohmann::json& j) {
    ComponentJson(j, "api")["capacity"] = "50/s";
    j["requirements"]["slo"]["latency_p99"] = "100ms";
  });
  const ScoreReport r = ScoreBlueprint(LoadText(text));
  CHECK(r.Fired("CAP002"));
  CHECK(r.Fired("LAT001"));
  bool saw = false;
  for (const auto& l : r.figures.flows) {
    if (l.flow != "read") continue;
    saw = true;
    CHECK(l.saturated);
    CHECK_FALSE(l.p99_s.has_value());
    CHECK(l.formula == "p99 unbounded: api is saturated at peak (utilisation ≥ 100%)");
  }
  CHECK(saw);
  const nlohmann::json j = ToJson(r);
  CHECK(j["figures"]["flows"][0]["p99_s"].is_null());
  CHECK(AllFinite(j));
}

TEST_CASE("scores are deterministic: the same blueprint gives the same bytes", "[score]") {
  const Blueprint bp = LoadPath(kRoot / "scenarios/news-feed-flawed.json");
  const std::string a = ToJson(ScoreBlueprint(bp)).dump();
  const std::string b = ToJson(ScoreBlueprint(bp)).dump();
  CHECK(a == b);
}

TEST_CASE("every scenario scores within its expected band and fires its expected rules", "[score]") {
  const fs::path dir = kRoot / "scenarios";
  std::set<std::string> with_expectations;
  int checked = 0;
  for (const auto& entry : fs::directory_iterator(dir / "expected")) {
    if (entry.path().extension() != ".json") continue;
    const std::string name = entry.path().stem().string();
    with_expectations.insert(name);
    INFO("scenario " << name);
    const nlohmann::json expected = nlohmann::json::parse(ReadFile(entry.path()));
    const ScoreReport r = ScoreBlueprint(LoadPath(dir / (name + ".json")));
    INFO("score " << r.overall << ", fired: " << Join(Fired(r)));
    CHECK(r.overall >= expected.at("score_min").get<int>());
    CHECK(r.overall <= expected.at("score_max").get<int>());
    for (const auto& rule : expected.at("rules")) {
      INFO("expected rule " << rule.get<std::string>());
      CHECK(FindRule(rule.get<std::string>()) != nullptr);
      CHECK(r.Fired(rule.get<std::string>()));
    }
    if (expected.contains("suppressed"))
      for (const auto& rule : expected.at("suppressed")) {
        bool found = false;
        for (const auto& f : r.findings)
          if (f.rule == rule.get<std::string>() && f.suppressed) found = true;
        CHECK(found);
      }
    ++checked;
  }
  CHECK(checked >= 12);
  // Every top-level scenario has expectations.
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() != ".json") continue;
    INFO(entry.path().filename().string());
    CHECK(with_expectations.count(entry.path().stem().string()) == 1);
  }
}

TEST_CASE("flawed variants score well below their sound designs", "[score]") {
  for (const char* name : {"url-shortener", "chat-messaging", "payment-ledger", "news-feed"}) {
    INFO(name);
    const int good = ScoreBlueprint(LoadPath(kRoot / "scenarios" / (std::string(name) + ".json"))).overall;
    const int bad = ScoreBlueprint(LoadPath(kRoot / "scenarios" / (std::string(name) + "-flawed.json"))).overall;
    CHECK(good - bad >= 15);
  }
}
