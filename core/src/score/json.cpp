// JSON for rules, findings, figures and the score report. No NaN or infinity: such values are null.
#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/score.h"

namespace sdlab::score {

namespace {

nlohmann::json Number(std::optional<double> v) {
  if (!v || !std::isfinite(*v)) return nullptr;
  return *v;
}

nlohmann::json StrideList(std::string_view rule) {
  nlohmann::json a = nlohmann::json::array();
  for (auto s : security::RuleStride(rule)) a.push_back(std::string(security::StrideName(s)));
  return a;
}

}  // namespace

nlohmann::json ToJson(const Rule& r) {
  return nlohmann::json{{"id", std::string(r.id)},
                        {"name", std::string(r.name)},
                        {"area", std::string(AreaName(r.area))},
                        {"severity", std::string(SeverityName(r.severity))},
                        {"title", std::string(r.title)},
                        {"why", std::string(r.why)},
                        {"fix", std::string(r.fix)},
                        {"topic", std::string(r.topic)},
                        {"stride", StrideList(r.id)},
                        {"owasp", security::RuleOwasp(r.id)},
                        {"needs", std::string(r.needs)}};
}

nlohmann::json ToJson(const Finding& f) {
  nlohmann::json ev = nlohmann::json::array();
  for (const auto& e : f.evidence) {
    nlohmann::json j{{"key", e.key}, {"text", e.text}};
    j["value"] = Number(e.value);
    ev.push_back(j);
  }
  nlohmann::json j{{"rule", f.rule},
                   {"severity", std::string(SeverityName(f.severity))},
                   {"area", std::string(AreaName(f.area))},
                   {"message", f.message},
                   {"focus", f.focus},
                   {"pointer", f.pointer},
                   {"line", f.location.line},
                   {"column", f.location.column},
                   {"evidence", ev},
                   {"stride", StrideList(f.rule)},
                   {"owasp", security::RuleOwasp(f.rule)},
                   {"suppressed", f.suppressed}};
  if (f.suppressed) j["suppression_reason"] = f.suppression_reason;
  return j;
}

nlohmann::json ToJson(const FlowLatency& f) {
  return nlohmann::json{{"flow", f.flow},     {"kind", f.kind},          {"p50_s", Number(f.p50_s)},
                        {"p95_s", Number(f.p95_s)}, {"p99_s", Number(f.p99_s)}, {"saturated", f.saturated},
                        {"source", f.source}, {"formula", f.formula}};
}

nlohmann::json ToJson(const DesignFigures& d) {
  nlohmann::json flows = nlohmann::json::array();
  for (const auto& f : d.flows) flows.push_back(ToJson(f));
  nlohmann::json avail = nlohmann::json::object();
  for (const auto& [flow, a] : d.flow_availability) avail[flow] = Number(a);
  return nlohmann::json{{"peak_read_rps", Number(d.peak_read_rps)},
                        {"peak_write_rps", Number(d.peak_write_rps)},
                        {"storage_total_bytes", Number(d.storage_total_bytes)},
                        {"cache_memory_bytes", Number(d.cache_memory_bytes)},
                        {"peak_egress_bytes_per_s", Number(d.egress_bytes_per_s)},
                        {"max_utilization", Number(d.max_utilization)},
                        {"bottleneck", d.bottleneck},
                        {"headroom", Number(d.headroom)},
                        {"throughput_ceiling_rps", Number(d.throughput_ceiling_rps)},
                        {"availability", Number(d.availability)},
                        {"servers", d.servers},
                        {"flows", flows},
                        {"flow_availability", avail}};
}

nlohmann::json ToJson(const ScoreReport& r) {
  nlohmann::json j;
  j["name"] = r.name;
  j["overall"] = r.overall;
  j["grade"] = r.grade;
  j["formula"] = r.formula;
  nlohmann::json areas = nlohmann::json::array();
  for (const auto& a : r.areas)
    areas.push_back({{"area", std::string(AreaName(a.area))},
                     {"weight", a.weight},
                     {"score", a.score},
                     {"errors", a.errors},
                     {"warnings", a.warnings},
                     {"notes", a.notes},
                     {"suppressed", a.suppressed},
                     {"formula", a.formula}});
  j["areas"] = areas;
  int suppressed = 0;
  for (const auto& f : r.findings)
    if (f.suppressed) ++suppressed;
  j["counts"] = {{"error", r.Count(Severity::Error)},
                 {"warning", r.Count(Severity::Warning)},
                 {"note", r.Count(Severity::Note)},
                 {"suppressed", suppressed}};
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : r.findings) findings.push_back(ToJson(f));
  j["findings"] = findings;
  nlohmann::json sup = nlohmann::json::array();
  for (const auto& s : r.suppressions)
    sup.push_back({{"rule", s.rule},
                   {"component", s.component},
                   {"reason", s.reason},
                   {"pointer", s.pointer},
                   {"known_rule", s.known_rule},
                   {"matched", s.matched}});
  j["suppressions"] = sup;
  j["figures"] = ToJson(r.figures);
  j["security"] = security::ToJson(r.security);
  j["notes"] = r.notes;
  return j;
}

}  // namespace sdlab::score
