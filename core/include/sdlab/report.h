// sdlab/report.h — the score rendered for people and for CI: text, JSON, SARIF 2.1.0, JUnit XML,
// GitHub workflow annotations, Markdown; gates (--fail-on, --min-score); the diff of two versions.
//
// Formats (all deterministic: no dates, no timings, no absolute paths — files are named by the
// path given on the command line, with '\' turned into '/'):
//   text      aligned tables: area scores, then each finding with its evidence and fix.
//   json      {"tool", "version", "files": [{"path", "deep_link", ...ScoreReport}], "gate": {...}}.
//   sarif     SARIF 2.1.0 (OASIS): one run, tool.driver.rules = the whole catalogue (id, name,
//             short/full description, help, defaultConfiguration.level, properties: area, topic,
//             tags = area + STRIDE + OWASP); a result per finding with ruleId/ruleIndex/level,
//             message, a physical location (artifact = the file, region = line:col of the
//             component/link/flow, 1:1 for findings about the whole design), a partial fingerprint
//             (stable: rule + focus), suppressions (kind "inSource", justification = reason) and
//             properties (evidence, deep link, area, focus).
//   junit     one <testsuite> per file, one <testcase> per catalogue rule: <failure> when the rule
//             fired (unsuppressed), <skipped> when every finding of it is suppressed.
//   github    workflow commands: "::error file=F,line=L,col=C,title=RULE name::message" (warning,
//             notice for note), with GitHub's escaping (%25 %0D %0A, and %3A %2C in properties).
//   markdown  a PR-comment summary: score and grade per file, area table, findings table with links.
// Gates: --fail-on SEV fails when an unsuppressed finding of that severity or worse exists;
// --min-score N fails when a file's overall score is below N. Exit codes: 0 ok, 1 gate failed,
// 2 bad input (see DESIGN.md).
// Diff: figures (estimate, estimated/simulated percentiles per flow, throughput ceiling, headroom,
// availability, score per area and overall) of BASE and HEAD with an arrow (▲ up, ▼ down, ● same),
// the delta and whether the change is better or worse; findings added and removed, matched by
// rule + focus.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/score.h"

namespace sdlab::report {

/// Default base URL of the playground for deep links: the local server of `npm run serve`
/// (scripts/serve.mjs). CI sets the published one with --playground-url or SDLAB_PLAYGROUND_URL.
inline constexpr std::string_view kDefaultPlaygroundUrl = "http://127.0.0.1:8080/";

/// One scored blueprint file.
struct ScoredFile {
  std::string path;   ///< as given on the command line
  std::string text;   ///< the blueprint text (for deep links)
  score::ScoreReport report;
};

struct RenderOptions {
  std::string playground_url = std::string(kDefaultPlaygroundUrl);
  std::uint64_t seed = 1;
  std::string tool_version;  ///< e.g. "0.1.0"
};

/// Link into the playground that opens this file's design, seed and focus ("" if the text is too
/// long for a link, or when options.playground_url is empty: no links).
std::string DeepLink(const ScoredFile& file, std::string_view focus, const RenderOptions& options);
/// The path as a SARIF/URI reference: '\' → '/', characters outside RFC 3986 percent-encoded.
std::string ArtifactUri(std::string_view path);

/// A gate over every file's findings and score.
struct Gate {
  std::optional<score::Severity> fail_on;  ///< empty: findings never fail the gate
  std::optional<int> min_score;
};
struct GateResult {
  bool failed = false;
  std::vector<std::string> reasons;  ///< "scenarios/x.json: 2 errors (--fail-on warning)"
};
GateResult EvaluateGate(const std::vector<ScoredFile>& files, const Gate& gate);

std::string RenderText(const std::vector<ScoredFile>& files, const RenderOptions& options);
nlohmann::json RenderJson(const std::vector<ScoredFile>& files, const RenderOptions& options, const GateResult& gate);
nlohmann::json RenderSarif(const std::vector<ScoredFile>& files, const RenderOptions& options);
std::string RenderJunit(const std::vector<ScoredFile>& files, const RenderOptions& options);
std::string RenderGithub(const std::vector<ScoredFile>& files, const RenderOptions& options);
std::string RenderMarkdown(const std::vector<ScoredFile>& files, const RenderOptions& options);

/// Escapes text for XML character data and attribute values (&, <, >, ", '), drops characters XML
/// 1.0 forbids, and keeps valid UTF-8.
std::string XmlEscape(std::string_view text);
/// GitHub workflow command escaping: data (% CR LF) or a property value (also ':' and ',').
std::string GithubEscape(std::string_view text, bool property);

// [SECTION] Diff ----------------------------------------------------------------------------------------

enum class Better { Higher, Lower, Neither };

/// One compared figure.
struct FigureChange {
  std::string key;        ///< "p99_s.read_paste", "overall_score"
  std::string label;      ///< "p99 read_paste"
  std::string unit;       ///< "s", "rps", "bytes", "fraction", "score", "count"
  std::optional<double> base, head;
  Better better = Better::Neither;  ///< which direction is an improvement
  /// -1 worse, 0 same or not comparable, +1 better.
  int verdict = 0;
};

struct FindingChange {
  std::string rule;
  std::string severity;
  std::string focus;
  std::string message;
};

struct BlueprintDiff {
  std::string base_path, head_path;
  std::string base_name, head_name;
  int base_score = 0, head_score = 0;
  std::string base_grade, head_grade;
  std::vector<FigureChange> figures;
  std::vector<FindingChange> added;     ///< in HEAD, not in BASE
  std::vector<FindingChange> removed;   ///< in BASE, not in HEAD
  int unchanged_findings = 0;
  std::string head_link;                ///< deep link to HEAD in the playground
};

BlueprintDiff DiffReports(const ScoredFile& base, const ScoredFile& head, const RenderOptions& options);
std::string RenderDiffMarkdown(const BlueprintDiff& diff);
nlohmann::json DiffToJson(const BlueprintDiff& diff);
/// "▲ +12 ms (+26.1%)", "▼ −3", "● 0", "new", "gone".
std::string DeltaText(const FigureChange& c);

}  // namespace sdlab::report
