// Tests for sdlab/report.h: SARIF structure (the schema itself is checked by tests/cli/score.test.mjs
// with ajv), JUnit XML well-formedness and counts, escaping, GitHub annotations, gates, Markdown,
// and the golden Markdown diff (tests/golden/diff.md; refresh with SDLAB_UPDATE_GOLDEN=1).
#include <catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/report.h"
#include "sdlab/share.h"

using namespace sdlab;
using namespace sdlab::report;
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

ScoredFile Scored(const std::string& rel) {
  ScoredFile f;
  f.path = rel;
  f.text = ReadFile(kRoot / rel);
  auto bp = LoadBlueprint(f.text);
  REQUIRE(bp.has_value());
  f.report = score::ScoreBlueprint(*bp);
  return f;
}

/// A small XML well-formedness check: one root, nested tags closed in order, quoted attributes,
/// known entities only. Returns "" when well-formed, else what is wrong. Collects element names.
std::string XmlProblem(const std::string& x, std::vector<std::string>* elements = nullptr) {
  std::vector<std::string> stack;
  std::size_t i = 0;
  int roots = 0;
  if (x.rfind("<?xml", 0) == 0) i = x.find("?>") + 2;
  auto entity_ok = [&](std::size_t at) {
    const std::size_t semi = x.find(';', at);
    if (semi == std::string::npos) return false;
    const std::string e = x.substr(at + 1, semi - at - 1);
    if (e == "amp" || e == "lt" || e == "gt" || e == "quot" || e == "apos") return true;
    return e.size() > 1 && e[0] == '#' && e.find_first_not_of("0123456789", 1) == std::string::npos;
  };
  while (i < x.size()) {
    if (x[i] == '<') {
      const std::size_t end = x.find('>', i);
      if (end == std::string::npos) return "unterminated tag";
      std::string tag = x.substr(i + 1, end - i - 1);
      if (!tag.empty() && tag[0] == '/') {
        const std::string name = tag.substr(1);
        if (stack.empty() || stack.back() != name) return "mismatched </" + name + ">";
        stack.pop_back();
      } else {
        const bool self = !tag.empty() && tag.back() == '/';
        if (self) tag.pop_back();
        const std::size_t sp = tag.find(' ');
        const std::string name = tag.substr(0, sp);
        if (name.empty()) return "empty tag name";
        if (elements) elements->push_back(name);
        // Attributes: name="value" pairs, values without '<' and with valid entities.
        std::size_t a = sp;
        while (a != std::string::npos && a < tag.size()) {
          while (a < tag.size() && tag[a] == ' ') ++a;
          if (a >= tag.size()) break;
          const std::size_t eq = tag.find("=\"", a);
          if (eq == std::string::npos) return "attribute without a quoted value in <" + name + ">";
          const std::size_t close = tag.find('"', eq + 2);
          if (close == std::string::npos) return "unterminated attribute in <" + name + ">";
          const std::string value = tag.substr(eq + 2, close - eq - 2);
          if (value.find('<') != std::string::npos) return "'<' in an attribute";
          a = close + 1;
        }
        if (stack.empty()) ++roots;
        if (!self) stack.push_back(name);
      }
      i = end + 1;
    } else {
      if (x[i] == '&' && !entity_ok(i)) return "bad entity at " + std::to_string(i);
      if (x[i] != '\n' && x[i] != ' ' && stack.empty()) return "text outside the root";
      ++i;
    }
  }
  if (!stack.empty()) return "unclosed <" + stack.back() + ">";
  if (roots != 1) return std::to_string(roots) + " root elements";
  return "";
}

}  // namespace

TEST_CASE("artifact URIs: forward slashes and percent-encoding", "[report]") {
  CHECK(ArtifactUri("scenarios/pastebin.json") == "scenarios/pastebin.json");
  CHECK(ArtifactUri("dir\\my design.json") == "dir/my%20design.json");
}

TEST_CASE("SARIF: 2.1.0, the whole catalogue as rules, a located result per finding", "[report]") {
  const std::vector<ScoredFile> files{Scored("scenarios/payment-ledger-flawed.json"),
                                      Scored("scenarios/payment-ledger.json")};
  RenderOptions opt;
  opt.tool_version = "0.1.0";
  const nlohmann::json s = RenderSarif(files, opt);
  CHECK(s["version"] == "2.1.0");
  REQUIRE(s["runs"].size() == 1);
  const auto& run = s["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(rules.size() == score::Catalogue().size());
  CHECK(run["tool"]["driver"]["name"] == "sdlab");
  CHECK(run["artifacts"].size() == 2);
  std::size_t expected = files[0].report.findings.size() + files[1].report.findings.size();
  REQUIRE(run["results"].size() == expected);
  int suppressed = 0;
  for (const auto& r : run["results"]) {
    const int idx = r["ruleIndex"].get<int>();
    CHECK(rules[static_cast<std::size_t>(idx)]["id"] == r["ruleId"]);
    const std::string level = r["level"];
    CHECK((level == "error" || level == "warning" || level == "note"));
    const auto& loc = r["locations"][0]["physicalLocation"];
    CHECK(loc["region"]["startLine"].get<int>() >= 1);
    CHECK(loc["region"]["startColumn"].get<int>() >= 1);
    const std::string uri = loc["artifactLocation"]["uri"];
    CHECK(uri.rfind("scenarios/payment-ledger", 0) == 0);
    CHECK(r["properties"]["deep_link"].get<std::string>().rfind(std::string(kDefaultPlaygroundUrl) + "#bp=", 0) == 0);
    if (r.contains("suppressions")) {
      ++suppressed;
      CHECK(r["suppressions"][0]["kind"] == "inSource");
      CHECK_FALSE(r["suppressions"][0]["justification"].get<std::string>().empty());
    }
  }
  CHECK(suppressed == 1);  // payment-ledger suppresses DUR004
  // A finding on a component points at that component's line.
  bool on_ledger = false;
  for (const auto& f : files[0].report.findings) {
    if (f.rule != "DUR003" || f.focus != "ledger_db") continue;
    on_ledger = true;
    CHECK(f.pointer == "/components/3");
    CHECK(f.location.line == 40);
    CHECK(f.location.line > 1);
  }
  CHECK(on_ledger);
}

TEST_CASE("JUnit: well-formed XML, one testcase per rule per file, failures for fired rules", "[report]") {
  const std::vector<ScoredFile> files{Scored("scenarios/url-shortener-flawed.json"), Scored("tests/data/rules/base.json")};
  const std::string xml = RenderJunit(files, RenderOptions{});
  std::vector<std::string> elements;
  CHECK(XmlProblem(xml, &elements) == "");
  const auto count = [&](const std::string& name) { return std::count(elements.begin(), elements.end(), name); };
  CHECK(count("testsuites") == 1);
  CHECK(count("testsuite") == 2);
  CHECK(count("testcase") == static_cast<long>(2 * score::Catalogue().size()));
  std::set<std::string> fired;
  for (const auto& f : files[0].report.findings)
    if (!f.suppressed) fired.insert(f.rule);
  CHECK(count("failure") == static_cast<long>(fired.size()));
  CHECK(xml.find("<testsuites name=\"sdlab score\" tests=\"" + std::to_string(2 * score::Catalogue().size()) +
                 "\" failures=\"" + std::to_string(fired.size()) + "\" errors=\"0\" skipped=\"0\">") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"tests/data/rules/base.json\" tests=\"" + std::to_string(score::Catalogue().size()) +
                 "\" failures=\"0\"") != std::string::npos);
}

TEST_CASE("XML escaping keeps text well-formed", "[report]") {
  CHECK(XmlEscape("<a & \"b\" 'c'>") == "&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;");
  CHECK(XmlEscape(std::string("x\x01y", 3)) == "xy");
  CHECK(XmlEscape("line\nnext") == "line&#10;next");
  CHECK(XmlEscape("→ é") == "→ é");
  CHECK(XmlEscape(std::string("bad\xC3", 4)) == "bad\xEF\xBF\xBD");
  CHECK(XmlProblem("<r a=\"" + XmlEscape("<&>\"") + "\">" + XmlEscape("x < y & z") + "</r>") == "");
}

TEST_CASE("GitHub annotations: escaping and one line per unsuppressed finding", "[report]") {
  CHECK(GithubEscape("50%\r\ndone", false) == "50%25%0D%0Adone");
  CHECK(GithubEscape("a:b,c", true) == "a%3Ab%2Cc");
  CHECK(GithubEscape("a:b,c", false) == "a:b,c");
  const std::vector<ScoredFile> files{Scored("tests/data/rules/SEC013/trigger.json")};
  RenderOptions opt;
  opt.playground_url = "";
  const std::string out = RenderGithub(files, opt);
  std::istringstream in(out);
  std::string line;
  std::vector<std::string> lines;
  while (std::getline(in, line)) lines.push_back(line);
  REQUIRE(lines.size() == 2);
  CHECK(lines[0].rfind("::error file=tests/data/rules/SEC013/trigger.json,line=1,col=1,title=SEC013 "
                       "secrets_in_plaintext::secrets are stored in plaintext%0A= policies.security.secrets = plaintext%0Afix: ",
                       0) == 0);
  CHECK(lines[1] == "::notice file=tests/data/rules/SEC013/trigger.json,title=sdlab score::"
                    "tests/data/rules/SEC013/trigger.json: 96/100 (A), 1 error, 0 warnings, 0 notes");
}

TEST_CASE("gates: --fail-on severity and --min-score", "[report]") {
  const std::vector<ScoredFile> files{Scored("tests/data/rules/SEC016/trigger.json")};  // one warning, 98
  Gate none;
  CHECK_FALSE(EvaluateGate(files, none).failed);
  Gate on_error;
  on_error.fail_on = score::Severity::Error;
  CHECK_FALSE(EvaluateGate(files, on_error).failed);
  Gate on_warning;
  on_warning.fail_on = score::Severity::Warning;
  const GateResult g = EvaluateGate(files, on_warning);
  CHECK(g.failed);
  REQUIRE(g.reasons.size() == 1);
  CHECK(g.reasons[0] == "tests/data/rules/SEC016/trigger.json: 1 finding(s) at or above warning (--fail-on warning)");
  Gate min98;
  min98.min_score = 98;
  CHECK_FALSE(EvaluateGate(files, min98).failed);
  Gate min99;
  min99.min_score = 99;
  CHECK(EvaluateGate(files, min99).reasons.at(0) == "tests/data/rules/SEC016/trigger.json: score 98 is below 99 (--min-score)");
}

TEST_CASE("Markdown summary and text report name every finding", "[report]") {
  const std::vector<ScoredFile> files{Scored("scenarios/chat-messaging-flawed.json")};
  RenderOptions opt;
  const std::string md = RenderMarkdown(files, opt);
  const std::string text = RenderText(files, opt);
  CHECK(md.rfind("## sdlab score\n", 0) == 0);
  CHECK(md.find("[Open this design in the playground](" + std::string(kDefaultPlaygroundUrl) + "#bp=") != std::string::npos);
  for (const auto& f : files[0].report.findings) {
    INFO(f.rule);
    CHECK(md.find("`" + f.rule + "`") != std::string::npos);
    CHECK(text.find(f.rule) != std::string::npos);
  }
  CHECK(text.find("overall " + std::to_string(files[0].report.overall) + "/100") != std::string::npos);
}

TEST_CASE("JSON report: every finding carries a deep link that opens the same design", "[report]") {
  const std::vector<ScoredFile> files{Scored("scenarios/news-feed-flawed.json")};
  RenderOptions opt;
  opt.playground_url = "https://example.org/sdlab/";
  opt.seed = 7;
  const nlohmann::json j = RenderJson(files, opt, GateResult{});
  const auto& fj = j["files"][0];
  CHECK(fj["path"] == "scenarios/news-feed-flawed.json");
  for (const auto& f : fj["findings"]) {
    const std::string link = f["deep_link"];
    REQUIRE(link.rfind("https://example.org/sdlab/#bp=", 0) == 0);
    CHECK(link.find("&seed=7") != std::string::npos);
    auto state = share::DecodeShareFragment(link);
    REQUIRE(state.has_value());
    CHECK(state->text == files[0].text);
    const std::string focus = f["focus"].get<std::string>().empty() ? f["rule"].get<std::string>() : f["focus"].get<std::string>();
    CHECK(state->focus == focus);
  }
}

TEST_CASE("the Markdown diff matches its golden file", "[report]") {
  const ScoredFile base = Scored("tests/golden/diff-base.json");
  const ScoredFile head = Scored("tests/golden/diff-head.json");
  RenderOptions opt;
  opt.playground_url = "";  // no links in the golden text
  const BlueprintDiff d = DiffReports(base, head, opt);
  const std::string md = RenderDiffMarkdown(d);
  const fs::path golden = kRoot / "tests/golden/diff.md";
  if (std::getenv("SDLAB_UPDATE_GOLDEN")) {
    std::ofstream(golden, std::ios::binary) << md;
    WARN("rewrote " << golden.string());
  }
  CHECK(md == ReadFile(golden));
  // The arithmetic behind the arrows.
  CHECK(d.head_score > d.base_score);
  CHECK_FALSE(d.removed.empty());
  for (const auto& c : d.figures) {
    if (c.key != "overall_score") continue;
    CHECK(c.verdict == 1);
    CHECK(DeltaText(c) == "▲ +" + std::to_string(d.head_score - d.base_score));
  }
  const nlohmann::json j = DiffToJson(d);
  CHECK(j["score_delta"] == d.head_score - d.base_score);
  CHECK(j["findings_removed"].size() == d.removed.size());
}

TEST_CASE("delta text: arrows, signs, units and percentages", "[report]") {
  FigureChange c;
  c.unit = "s";
  c.base = 0.046;
  c.head = 0.058;
  CHECK(DeltaText(c) == "▲ +12 ms (+26.1%)");
  c.head = 0.046;
  CHECK(DeltaText(c) == "● 0");
  c.unit = "fraction";
  c.base = 0.9995;
  c.head = 0.999;
  CHECK(DeltaText(c) == "▼ −0.05 pp");
  c.base.reset();
  CHECK(DeltaText(c) == "new");
}
