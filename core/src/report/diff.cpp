// The diff of two scored versions of a blueprint, as a PR comment (Markdown) or JSON.
#include <algorithm>
#include <cmath>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sdlab/report.h"
#include "sdlab/units.h"

namespace sdlab::report {

namespace {

using score::DesignFigures;
using score::ScoreReport;

void AddFigure(std::vector<FigureChange>& out, std::string key, std::string label, std::string unit,
               std::optional<double> base, std::optional<double> head, Better better) {
  if (!base && !head) return;
  FigureChange c;
  c.key = std::move(key);
  c.label = std::move(label);
  c.unit = std::move(unit);
  if (base && std::isfinite(*base)) c.base = base;
  if (head && std::isfinite(*head)) c.head = head;
  if (c.base && c.head && better != Better::Neither) {
    const double d = *c.head - *c.base;
    const double tol = 1e-9 * std::max(1.0, std::fabs(*c.base));
    if (std::fabs(d) > tol) c.verdict = ((d > 0) == (better == Better::Higher)) ? 1 : -1;
  }
  c.better = better;
  out.push_back(std::move(c));
}

const score::FlowLatency* FindFlow(const DesignFigures& d, const std::string& id) {
  for (const auto& f : d.flows)
    if (f.flow == id) return &f;
  return nullptr;
}

std::optional<double> FlowAvail(const DesignFigures& d, const std::string& id) {
  for (const auto& [flow, a] : d.flow_availability)
    if (flow == id) return a;
  return std::nullopt;
}

std::string FormatValue(const std::string& unit, double v) {
  if (unit == "s") return units::FormatDuration(v);
  if (unit == "rps") return units::FormatRate(v);
  if (unit == "bytes") return units::FormatBytes(v);
  if (unit == "bytes_per_s") return units::FormatBytes(v) + "/s";
  if (unit == "fraction") return units::FormatPercent(v);
  if (unit == "percent") return units::FormatPercent(v, 3);
  return units::FormatNumber(v, 6);
}

std::string Signed(const std::string& unit, double d) {
  const std::string sign = d > 0 ? "+" : (d < 0 ? "−" : "");
  const double a = std::fabs(d);
  if (unit == "fraction") return sign + units::FormatNumber(a * 100, 3) + " pp";
  if (unit == "percent") return sign + units::FormatNumber(a * 100, 3) + " pp";
  return sign + FormatValue(unit, a);
}

std::string KeyOf(const score::Finding& f) { return f.rule + "|" + f.focus; }

FindingChange ChangeOf(const score::Finding& f) {
  return FindingChange{f.rule, std::string(score::SeverityName(f.severity)), f.focus, f.message};
}

std::string MdCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

std::string Display(const FigureChange& c, const std::optional<double>& v) {
  if (!v) return c.unit == "s" ? "unbounded" : "—";
  return FormatValue(c.unit, *v);
}

}  // namespace

std::string DeltaText(const FigureChange& c) {
  if (!c.base && c.head) return "new";
  if (c.base && !c.head) return c.unit == "s" ? "▲ unbounded" : "gone";
  if (!c.base || !c.head) return "";
  const double d = *c.head - *c.base;
  const double tol = 1e-9 * std::max(1.0, std::fabs(*c.base));
  if (std::fabs(d) <= tol) return "● 0";
  std::string s = (d > 0 ? "▲ " : "▼ ") + Signed(c.unit, d);
  if ((c.unit == "s" || c.unit == "rps" || c.unit == "bytes" || c.unit == "bytes_per_s") && *c.base != 0) {
    const double pct = d / std::fabs(*c.base);
    s += " (" + std::string(pct > 0 ? "+" : "−") + units::FormatNumber(std::fabs(pct) * 100, 3) + "%)";
  }
  return s;
}

BlueprintDiff DiffReports(const ScoredFile& base, const ScoredFile& head, const RenderOptions& options) {
  BlueprintDiff d;
  d.base_path = base.path;
  d.head_path = head.path;
  d.base_name = base.report.name;
  d.head_name = head.report.name;
  d.base_score = base.report.overall;
  d.head_score = head.report.overall;
  d.base_grade = base.report.grade;
  d.head_grade = head.report.grade;
  d.head_link = DeepLink(head, "", options);
  auto& out = d.figures;
  const ScoreReport& a = base.report;
  const ScoreReport& b = head.report;
  AddFigure(out, "overall_score", "score", "count", a.overall, b.overall, Better::Higher);
  for (std::size_t i = 0; i < a.areas.size() && i < b.areas.size(); ++i)
    AddFigure(out, "score." + std::string(score::AreaName(a.areas[i].area)),
              "score: " + std::string(score::AreaName(a.areas[i].area)), "count", a.areas[i].score, b.areas[i].score,
              Better::Higher);
  AddFigure(out, "errors", "errors", "count", a.Count(score::Severity::Error), b.Count(score::Severity::Error),
            Better::Lower);
  AddFigure(out, "warnings", "warnings", "count", a.Count(score::Severity::Warning), b.Count(score::Severity::Warning),
            Better::Lower);
  const DesignFigures& fa = a.figures;
  const DesignFigures& fb = b.figures;
  AddFigure(out, "peak_read_rps", "peak reads", "rps", fa.peak_read_rps, fb.peak_read_rps, Better::Neither);
  AddFigure(out, "peak_write_rps", "peak writes", "rps", fa.peak_write_rps, fb.peak_write_rps, Better::Neither);
  AddFigure(out, "storage_total_bytes", "storage (replicated, retention)", "bytes", fa.storage_total_bytes,
            fb.storage_total_bytes, Better::Neither);
  AddFigure(out, "cache_memory_bytes", "hot-set cache", "bytes", fa.cache_memory_bytes, fb.cache_memory_bytes,
            Better::Neither);
  AddFigure(out, "peak_egress_bytes_per_s", "peak egress", "bytes_per_s", fa.egress_bytes_per_s, fb.egress_bytes_per_s,
            Better::Neither);
  AddFigure(out, "servers", "servers (tiers with a capacity)", "count", fa.servers, fb.servers, Better::Neither);
  AddFigure(out, "max_utilization", "busiest tier utilisation", "percent", fa.max_utilization, fb.max_utilization,
            Better::Lower);
  AddFigure(out, "headroom", "headroom before saturation", "percent", fa.headroom, fb.headroom, Better::Higher);
  AddFigure(out, "throughput_ceiling_rps", "throughput ceiling", "rps", fa.throughput_ceiling_rps,
            fb.throughput_ceiling_rps, Better::Higher);
  AddFigure(out, "availability", "availability (worst flow)", "fraction", fa.availability, fb.availability,
            Better::Higher);
  // Flows of either version, BASE order first.
  std::vector<std::string> flows;
  for (const auto& f : fa.flows) flows.push_back(f.flow);
  for (const auto& f : fb.flows)
    if (std::find(flows.begin(), flows.end(), f.flow) == flows.end()) flows.push_back(f.flow);
  for (const auto& id : flows) {
    const score::FlowLatency* x = FindFlow(fa, id);
    const score::FlowLatency* y = FindFlow(fb, id);
    const std::string src = y ? y->source : (x ? x->source : "estimate");
    AddFigure(out, "p99_s." + id, "p99 " + id + (src == "simulation" ? " (sim)" : ""), "s",
              x ? x->p99_s : std::nullopt, y ? y->p99_s : std::nullopt, Better::Lower);
    AddFigure(out, "availability." + id, "availability " + id, "fraction", FlowAvail(fa, id), FlowAvail(fb, id),
              Better::Higher);
  }
  // Findings as multisets keyed by rule + focus (unsuppressed only).
  std::map<std::string, std::vector<const score::Finding*>> in_base, in_head;
  for (const auto& f : a.findings)
    if (!f.suppressed) in_base[KeyOf(f)].push_back(&f);
  for (const auto& f : b.findings)
    if (!f.suppressed) in_head[KeyOf(f)].push_back(&f);
  for (const auto& f : b.findings) {
    if (f.suppressed) continue;
    auto& pool = in_base[KeyOf(f)];
    if (!pool.empty()) {
      pool.pop_back();
      ++d.unchanged_findings;
    } else {
      d.added.push_back(ChangeOf(f));
    }
  }
  for (const auto& f : a.findings) {
    if (f.suppressed) continue;
    auto& pool = in_head[KeyOf(f)];
    if (!pool.empty()) pool.pop_back();
    else d.removed.push_back(ChangeOf(f));
  }
  return d;
}

std::string RenderDiffMarkdown(const BlueprintDiff& d) {
  std::ostringstream out;
  out << "## sdlab diff: `" << MdCell(d.base_path) << "` → `" << MdCell(d.head_path) << "`\n\n";
  const int delta = d.head_score - d.base_score;
  const std::string arrow = delta > 0 ? "▲ +" : (delta < 0 ? "▼ −" : "● ");
  out << "**Score " << d.base_score << " → " << d.head_score << " (" << arrow << std::abs(delta) << ", grade "
      << d.base_grade << " → " << d.head_grade << ")**" << (delta > 0 ? " ✅" : (delta < 0 ? " ❌" : "")) << "\n\n";
  out << "| figure | base | head | change |\n|---|---:|---:|---|\n";
  for (const auto& c : d.figures) {
    std::string verdict = c.verdict > 0 ? " ✅" : (c.verdict < 0 ? " ❌" : "");
    if (c.unit == "s" && c.base && !c.head) verdict = " ❌";
    out << "| " << MdCell(c.label) << " | " << Display(c, c.base) << " | " << Display(c, c.head) << " | "
        << DeltaText(c) << verdict << " |\n";
  }
  auto table = [&](const char* title, const std::vector<FindingChange>& v) {
    out << "\n### " << title << " (" << v.size() << ")\n\n";
    if (v.empty()) {
      out << "None.\n";
      return;
    }
    out << "| severity | rule | where | finding |\n|---|---|---|---|\n";
    for (const auto& f : v) {
      const score::Rule* r = score::FindRule(f.rule);
      out << "| " << f.severity << " | `" << f.rule << "` " << (r ? std::string(r->name) : std::string()) << " | "
          << (f.focus.empty() ? std::string("design") : "`" + MdCell(f.focus) + "`") << " | " << MdCell(f.message)
          << " |\n";
    }
  };
  table("Findings added", d.added);
  table("Findings resolved", d.removed);
  out << "\n" << d.unchanged_findings << " finding(s) unchanged.";
  if (!d.head_link.empty()) out << " [Open HEAD in the playground](" << d.head_link << ")";
  out << "\n";
  return out.str();
}

nlohmann::json DiffToJson(const BlueprintDiff& d) {
  auto num = [](const std::optional<double>& v) -> nlohmann::json {
    if (!v || !std::isfinite(*v)) return nullptr;
    return *v;
  };
  nlohmann::json figs = nlohmann::json::array();
  for (const auto& c : d.figures)
    figs.push_back({{"key", c.key},
                    {"label", c.label},
                    {"unit", c.unit},
                    {"base", num(c.base)},
                    {"head", num(c.head)},
                    {"delta", c.base && c.head ? num(*c.head - *c.base) : nlohmann::json(nullptr)},
                    {"better", c.better == Better::Higher ? "higher" : (c.better == Better::Lower ? "lower" : "neither")},
                    {"verdict", c.verdict > 0 ? "better" : (c.verdict < 0 ? "worse" : "same")},
                    {"change", DeltaText(c)}});
  auto changes = [](const std::vector<FindingChange>& v) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& f : v)
      a.push_back({{"rule", f.rule}, {"severity", f.severity}, {"focus", f.focus}, {"message", f.message}});
    return a;
  };
  return nlohmann::json{{"base", {{"path", d.base_path}, {"name", d.base_name}, {"score", d.base_score}, {"grade", d.base_grade}}},
                        {"head", {{"path", d.head_path}, {"name", d.head_name}, {"score", d.head_score}, {"grade", d.head_grade}}},
                        {"score_delta", d.head_score - d.base_score},
                        {"figures", figs},
                        {"findings_added", changes(d.added)},
                        {"findings_removed", changes(d.removed)},
                        {"findings_unchanged", d.unchanged_findings},
                        {"head_link", d.head_link}};
}

}  // namespace sdlab::report
