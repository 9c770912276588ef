// SARIF 2.1.0 (OASIS Static Analysis Results Interchange Format) for code-scanning tools.
#include <nlohmann/json.hpp>

#include "sdlab/report.h"

namespace sdlab::report {

namespace {

std::string Level(score::Severity s) {
  switch (s) {
    case score::Severity::Error: return "error";
    case score::Severity::Warning: return "warning";
    case score::Severity::Note: return "note";
  }
  return "note";
}

/// GitHub code scanning ranks security results by this CVSS-like number (a string).
std::string SecuritySeverity(score::Severity s) {
  switch (s) {
    case score::Severity::Error: return "8.0";
    case score::Severity::Warning: return "5.0";
    case score::Severity::Note: return "2.0";
  }
  return "2.0";
}

nlohmann::json RuleDescriptor(const score::Rule& r) {
  nlohmann::json tags = nlohmann::json::array({std::string(score::AreaName(r.area))});
  const auto stride = security::RuleStride(r.id);
  const auto owasp = security::RuleOwasp(r.id);
  if (r.area == score::Area::Security || !stride.empty()) tags.push_back("security");
  for (auto s : stride) tags.push_back("stride:" + std::string(security::StrideName(s)));
  for (const auto& o : owasp) tags.push_back("owasp:" + o.substr(0, o.find(' ')));
  nlohmann::json props{{"area", std::string(score::AreaName(r.area))}, {"topic", std::string(r.topic)}, {"tags", tags}};
  if (r.area == score::Area::Security) props["security-severity"] = SecuritySeverity(r.severity);
  const std::string md = "**" + std::string(r.title) + "**\n\n**Why it matters.** " + std::string(r.why) +
                         "\n\n**How to fix.** " + std::string(r.fix) + "\n\n*Topic:* " + std::string(r.topic);
  return nlohmann::json{
      {"id", std::string(r.id)},
      {"name", std::string(r.name)},
      {"shortDescription", {{"text", std::string(r.title)}}},
      {"fullDescription", {{"text", std::string(r.why)}}},
      {"help", {{"text", "Why: " + std::string(r.why) + "\nFix: " + std::string(r.fix)}, {"markdown", md}}},
      {"defaultConfiguration", {{"level", Level(r.severity)}}},
      {"properties", props}};
}

}  // namespace

nlohmann::json RenderSarif(const std::vector<ScoredFile>& files, const RenderOptions& options) {
  const auto& rules = score::Catalogue();
  nlohmann::json descriptors = nlohmann::json::array();
  for (const auto& r : rules) descriptors.push_back(RuleDescriptor(r));
  nlohmann::json artifacts = nlohmann::json::array();
  nlohmann::json results = nlohmann::json::array();
  for (std::size_t fi = 0; fi < files.size(); ++fi) {
    const ScoredFile& file = files[fi];
    const std::string uri = ArtifactUri(file.path);
    artifacts.push_back({{"location", {{"uri", uri}}}, {"mimeType", "application/json"}});
    for (const auto& f : file.report.findings) {
      int rule_index = 0;
      for (std::size_t i = 0; i < rules.size(); ++i)
        if (rules[i].id == f.rule) rule_index = static_cast<int>(i);
      const int line = f.location.line > 0 ? f.location.line : 1;
      const int col = f.location.line > 0 && f.location.column > 0 ? f.location.column : 1;
      nlohmann::json location{
          {"physicalLocation",
           {{"artifactLocation", {{"uri", uri}, {"index", static_cast<int>(fi)}}},
            {"region", {{"startLine", line}, {"startColumn", col}}}}}};
      if (!f.focus.empty())
        location["logicalLocations"] = nlohmann::json::array({{{"name", f.focus}, {"kind", "element"}}});
      std::string text = f.message;
      for (const auto& e : f.evidence) text += "\n= " + e.text;
      nlohmann::json evidence = nlohmann::json::array();
      for (const auto& e : f.evidence) {
        nlohmann::json ej{{"key", e.key}, {"text", e.text}};
        if (e.value) ej["value"] = *e.value;
        evidence.push_back(ej);
      }
      nlohmann::json props{{"area", std::string(score::AreaName(f.area))},
                           {"focus", f.focus},
                           {"pointer", f.pointer},
                           {"evidence", evidence}};
      const std::string link = DeepLink(file, f.focus.empty() ? f.rule : f.focus, options);
      if (!link.empty()) props["deep_link"] = link;
      nlohmann::json result{{"ruleId", f.rule},
                            {"ruleIndex", rule_index},
                            {"level", Level(f.severity)},
                            {"message", {{"text", text}}},
                            {"locations", nlohmann::json::array({location})},
                            {"partialFingerprints", {{"sdlabFinding/v1", f.rule + ":" + (f.focus.empty() ? "design" : f.focus)}}},
                            {"properties", props}};
      if (f.suppressed)
        result["suppressions"] = nlohmann::json::array({{{"kind", "inSource"}, {"justification", f.suppression_reason}}});
      results.push_back(std::move(result));
    }
  }
  nlohmann::json driver{{"name", "sdlab"},
                        {"version", options.tool_version.empty() ? std::string("0") : options.tool_version},
                        {"rules", descriptors}};
  if (!options.tool_version.empty()) driver["semanticVersion"] = options.tool_version;
  nlohmann::json run{{"tool", {{"driver", driver}}}, {"artifacts", artifacts}, {"results", results},
                     {"columnKind", "unicodeCodePoints"}};
  return nlohmann::json{{"$schema", "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"},
                        {"version", "2.1.0"},
                        {"runs", nlohmann::json::array({run})}};
}

}  // namespace sdlab::report
