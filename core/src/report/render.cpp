// Text, JSON, JUnit XML, GitHub annotations and Markdown renderings of scored files; gates; links.
#include <algorithm>
#include <sstream>

#include <nlohmann/json.hpp>

#include "sdlab/report.h"
#include "sdlab/share.h"
#include "sdlab/units.h"

namespace sdlab::report {

using score::Finding;
using score::Severity;

namespace {

std::string LineCol(const Finding& f) {
  if (f.location.line <= 0) return "";
  return std::to_string(f.location.line) + ":" + std::to_string(f.location.column);
}

std::string Pad(std::string s, std::size_t width) {
  // Pads by code points so that UTF-8 text lines up.
  std::size_t cps = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++cps;
  if (cps < width) s.append(width - cps, ' ');
  return s;
}

std::string PadLeft(const std::string& s, std::size_t width) {
  return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

int Suppressed(const score::ScoreReport& r) {
  int n = 0;
  for (const auto& f : r.findings)
    if (f.suppressed) ++n;
  return n;
}

std::string CountsText(const score::ScoreReport& r) {
  auto plural = [](int n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
  std::string s = plural(r.Count(Severity::Error), "error") + ", " + plural(r.Count(Severity::Warning), "warning") +
                  ", " + plural(r.Count(Severity::Note), "note");
  const int sup = Suppressed(r);
  if (sup > 0) s += ", " + std::to_string(sup) + " suppressed";
  return s;
}

std::string Focus(const Finding& f) { return f.focus.empty() ? std::string("(design)") : f.focus; }

bool Truthy(const score::ScoreReport& r, Severity at_least) {
  for (const auto& f : r.findings)
    if (!f.suppressed && static_cast<int>(f.severity) >= static_cast<int>(at_least)) return true;
  return false;
}

}  // namespace

// [SECTION] Links and paths -------------------------------------------------------------------------------

std::string DeepLink(const ScoredFile& file, std::string_view focus, const RenderOptions& options) {
  if (options.playground_url.empty()) return "";
  auto url = share::ShareUrl(options.playground_url, file.text, options.seed, focus);
  return url ? *url : std::string();
}

std::string ArtifactUri(std::string_view path) {
  std::string out;
  for (char ch : path) {
    const auto c = static_cast<unsigned char>(ch);
    if (ch == '\\') {
      out += '/';
    } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || ch == '-' || ch == '.' ||
               ch == '_' || ch == '~' || ch == '/') {
      out += ch;
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

// [SECTION] Gate -------------------------------------------------------------------------------------------

GateResult EvaluateGate(const std::vector<ScoredFile>& files, const Gate& gate) {
  GateResult g;
  for (const ScoredFile& f : files) {
    if (gate.fail_on && Truthy(f.report, *gate.fail_on)) {
      int n = 0;
      for (const auto& x : f.report.findings)
        if (!x.suppressed && static_cast<int>(x.severity) >= static_cast<int>(*gate.fail_on)) ++n;
      g.failed = true;
      g.reasons.push_back(f.path + ": " + std::to_string(n) + " finding(s) at or above " +
                          std::string(score::SeverityName(*gate.fail_on)) + " (--fail-on " +
                          std::string(score::SeverityName(*gate.fail_on)) + ")");
    }
    if (gate.min_score && f.report.overall < *gate.min_score) {
      g.failed = true;
      g.reasons.push_back(f.path + ": score " + std::to_string(f.report.overall) + " is below " +
                          std::to_string(*gate.min_score) + " (--min-score)");
    }
  }
  return g;
}

// [SECTION] Text -------------------------------------------------------------------------------------------

std::string RenderText(const std::vector<ScoredFile>& files, const RenderOptions& options) {
  (void)options;
  std::ostringstream out;
  bool first = true;
  for (const ScoredFile& file : files) {
    const auto& r = file.report;
    if (!first) out << "\n";
    first = false;
    out << "score: " << (r.name.empty() ? file.path : r.name) << " (" << file.path << ")\n";
    out << "overall " << r.overall << "/100, grade " << r.grade << " — " << CountsText(r) << "\n\n";
    out << Pad("area", 14) << PadLeft("weight", 6) << PadLeft("score", 7) << PadLeft("errors", 8)
        << PadLeft("warnings", 10) << PadLeft("notes", 7) << "  formula\n";
    for (const auto& a : r.areas)
      out << Pad(std::string(score::AreaName(a.area)), 14) << PadLeft(std::to_string(a.weight) + "%", 6)
          << PadLeft(std::to_string(a.score), 7) << PadLeft(std::to_string(a.errors), 8)
          << PadLeft(std::to_string(a.warnings), 10) << PadLeft(std::to_string(a.notes), 7) << "  " << a.formula
          << "\n";
    out << r.formula << "\n";
    if (!r.findings.empty()) {
      out << "\nfindings\n";
      std::size_t focus_w = 8;
      for (const auto& f : r.findings) focus_w = std::max(focus_w, Focus(f).size());
      focus_w = std::min<std::size_t>(focus_w, 24);
      out << Pad("severity", 9) << Pad("rule", 8) << Pad("where", 8) << Pad("focus", focus_w + 2) << "message\n";
      for (const auto& f : r.findings) {
        const std::string sev = f.suppressed ? "(suppr.)" : std::string(score::SeverityName(f.severity));
        out << Pad(sev, 9) << Pad(f.rule, 8) << Pad(LineCol(f), 8) << Pad(Focus(f), focus_w + 2) << f.message << "\n";
        const std::string indent(25, ' ');
        for (const auto& e : f.evidence) out << indent << "= " << e.text << "\n";
        if (f.suppressed) out << indent << "suppressed: " << f.suppression_reason << "\n";
        if (const score::Rule* rule = score::FindRule(f.rule)) out << indent << "fix: " << rule->fix << "\n";
      }
    }
    if (!r.figures.flows.empty()) {
      out << "\nlatency per flow (" << (r.figures.flows.front().source) << ")\n";
      out << Pad("flow", 18) << Pad("kind", 7) << PadLeft("p50", 10) << PadLeft("p95", 10) << PadLeft("p99", 10)
          << "  how p99 was put together\n";
      auto fmt = [](const std::optional<double>& v, bool sat) {
        return sat && !v ? std::string("unbounded") : (v ? units::FormatDuration(*v) : std::string("-"));
      };
      for (const auto& l : r.figures.flows)
        out << Pad(l.flow, 18) << Pad(l.kind, 7) << PadLeft(fmt(l.p50_s, l.saturated), 10)
            << PadLeft(fmt(l.p95_s, l.saturated), 10) << PadLeft(fmt(l.p99_s, l.saturated), 10) << "  " << l.formula
            << "\n";
    }
    if (!r.notes.empty()) {
      out << "\nnotes\n";
      for (const auto& n : r.notes) out << "  - " << n << "\n";
    }
  }
  return out.str();
}

// [SECTION] JSON -------------------------------------------------------------------------------------------

nlohmann::json RenderJson(const std::vector<ScoredFile>& files, const RenderOptions& options, const GateResult& gate) {
  nlohmann::json j;
  j["tool"] = "sdlab";
  j["version"] = options.tool_version;
  j["seed"] = options.seed;
  nlohmann::json arr = nlohmann::json::array();
  for (const ScoredFile& f : files) {
    nlohmann::json fj = score::ToJson(f.report);
    fj["path"] = f.path;
    fj["deep_link"] = DeepLink(f, "", options);
    for (std::size_t i = 0; i < f.report.findings.size(); ++i) {
      const auto& x = f.report.findings[i];
      fj["findings"][i]["deep_link"] = DeepLink(f, x.focus.empty() ? x.rule : x.focus, options);
    }
    arr.push_back(std::move(fj));
  }
  j["files"] = arr;
  j["gate"] = {{"failed", gate.failed}, {"reasons", gate.reasons}};
  return j;
}

// [SECTION] XML and JUnit ----------------------------------------------------------------------------------

std::string XmlEscape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += "&#10;"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += "&#9;"; break;
      default:
        if (c < 0x20) break;  // not allowed in XML 1.0
        if (c < 0x80) {
          out += static_cast<char>(c);
        } else {
          // Copy a well-formed UTF-8 sequence; replace a broken one with U+FFFD.
          const int len = c >= 0xF0 && c < 0xF5 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 && c < 0xE0 ? 2 : 0;
          bool ok = len > 0 && i + static_cast<std::size_t>(len) <= text.size() && c < 0xF5;
          for (int k = 1; ok && k < len; ++k)
            if ((static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0xC0) != 0x80) ok = false;
          if (ok) {
            out.append(text.substr(i, static_cast<std::size_t>(len)));
            i += static_cast<std::size_t>(len) - 1;
          } else {
            out += "\xEF\xBF\xBD";
          }
        }
    }
  }
  return out;
}

std::string RenderJunit(const std::vector<ScoredFile>& files, const RenderOptions& options) {
  const auto& rules = score::Catalogue();
  int total = 0, failures = 0, skipped = 0;
  std::ostringstream suites;
  for (const ScoredFile& file : files) {
    int f_fail = 0, f_skip = 0;
    std::ostringstream cases;
    for (const score::Rule& rule : rules) {
      std::vector<const Finding*> active, quiet;
      for (const auto& f : file.report.findings) {
        if (f.rule != rule.id) continue;
        (f.suppressed ? quiet : active).push_back(&f);
      }
      cases << "    <testcase classname=\"sdlab." << score::AreaName(rule.area) << "\" name=\"" << rule.id << " "
            << rule.name << "\" file=\"" << XmlEscape(file.path) << "\"";
      if (active.empty() && quiet.empty()) {
        cases << "/>\n";
        continue;
      }
      cases << ">\n";
      if (!active.empty()) {
        ++f_fail;
        Severity worst = active.front()->severity;
        for (const auto* f : active)
          if (static_cast<int>(f->severity) > static_cast<int>(worst)) worst = f->severity;
        std::string body;
        for (const auto* f : active) {
          body += (LineCol(*f).empty() ? std::string() : LineCol(*f) + " ") + f->message + "\n";
          for (const auto& e : f->evidence) body += "  = " + e.text + "\n";
          const std::string link = DeepLink(file, f->focus.empty() ? f->rule : f->focus, options);
          if (!link.empty()) body += "  playground: " + link + "\n";
        }
        body += "fix: " + std::string(rule.fix);
        cases << "      <failure type=\"" << score::SeverityName(worst) << "\" message=\""
              << XmlEscape(active.front()->message) << (active.size() > 1 ? XmlEscape(" (+" + std::to_string(active.size() - 1) + " more)") : "")
              << "\">" << XmlEscape(body) << "</failure>\n";
      } else {
        ++f_skip;
        cases << "      <skipped message=\"" << XmlEscape("suppressed: " + quiet.front()->suppression_reason) << "\"/>\n";
      }
      cases << "    </testcase>\n";
    }
    const int n = static_cast<int>(rules.size());
    total += n;
    failures += f_fail;
    skipped += f_skip;
    suites << "  <testsuite name=\"" << XmlEscape(file.path) << "\" tests=\"" << n << "\" failures=\"" << f_fail
           << "\" errors=\"0\" skipped=\"" << f_skip << "\">\n";
    suites << "    <properties>\n";
    suites << "      <property name=\"blueprint\" value=\"" << XmlEscape(file.report.name) << "\"/>\n";
    suites << "      <property name=\"score\" value=\"" << file.report.overall << "\"/>\n";
    suites << "      <property name=\"grade\" value=\"" << file.report.grade << "\"/>\n";
    suites << "    </properties>\n";
    suites << cases.str();
    suites << "  </testsuite>\n";
  }
  std::ostringstream out;
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out << "<testsuites name=\"sdlab score\" tests=\"" << total << "\" failures=\"" << failures
      << "\" errors=\"0\" skipped=\"" << skipped << "\">\n";
  out << suites.str();
  out << "</testsuites>\n";
  return out.str();
}

// [SECTION] GitHub annotations -----------------------------------------------------------------------------

std::string GithubEscape(std::string_view text, bool property) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      case ':': out += property ? "%3A" : ":"; break;
      case ',': out += property ? "%2C" : ","; break;
      default: out += c;
    }
  }
  return out;
}

std::string RenderGithub(const std::vector<ScoredFile>& files, const RenderOptions& options) {
  std::ostringstream out;
  for (const ScoredFile& file : files) {
    for (const auto& f : file.report.findings) {
      if (f.suppressed) continue;
      const char* cmd = f.severity == Severity::Error ? "error" : f.severity == Severity::Warning ? "warning" : "notice";
      const score::Rule* rule = score::FindRule(f.rule);
      const std::string title = f.rule + (rule ? " " + std::string(rule->name) : std::string());
      std::string msg = f.message;
      for (const auto& e : f.evidence) msg += "\n= " + e.text;
      if (rule) msg += "\nfix: " + std::string(rule->fix);
      const std::string link = DeepLink(file, f.focus.empty() ? f.rule : f.focus, options);
      if (!link.empty() && link.size() <= 4000) msg += "\nplayground: " + link;
      const int line = f.location.line > 0 ? f.location.line : 1;
      const int col = f.location.line > 0 ? f.location.column : 1;
      out << "::" << cmd << " file=" << GithubEscape(file.path, true) << ",line=" << line << ",col=" << col
          << ",title=" << GithubEscape(title, true) << "::" << GithubEscape(msg, false) << "\n";
    }
    out << "::notice file=" << GithubEscape(file.path, true) << ",title=" << GithubEscape("sdlab score", true)
        << "::" << GithubEscape(file.path + ": " + std::to_string(file.report.overall) + "/100 (" + file.report.grade +
                                    "), " + CountsText(file.report),
                                false)
        << "\n";
  }
  return out.str();
}

// [SECTION] Markdown ---------------------------------------------------------------------------------------

namespace {

std::string MdCell(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '\n') out += "<br>";
    else out += c;
  }
  return out;
}

const char* SeverityIcon(Severity s) {
  switch (s) {
    case Severity::Error: return "🔴 error";
    case Severity::Warning: return "🟠 warning";
    case Severity::Note: return "🔵 note";
  }
  return "";
}

}  // namespace

std::string RenderMarkdown(const std::vector<ScoredFile>& files, const RenderOptions& options) {
  std::ostringstream out;
  out << "## sdlab score\n\n";
  out << "| file | score | grade | errors | warnings | notes | suppressed |\n";
  out << "|---|---:|:-:|---:|---:|---:|---:|\n";
  for (const ScoredFile& f : files)
    out << "| `" << MdCell(f.path) << "` | " << f.report.overall << " | " << f.report.grade << " | "
        << f.report.Count(Severity::Error) << " | " << f.report.Count(Severity::Warning) << " | "
        << f.report.Count(Severity::Note) << " | " << Suppressed(f.report) << " |\n";
  for (const ScoredFile& f : files) {
    const auto& r = f.report;
    out << "\n### `" << MdCell(f.path) << "` — " << MdCell(r.name.empty() ? f.path : r.name) << ": " << r.overall
        << "/100 (" << r.grade << ")\n\n";
    const std::string link = DeepLink(f, "", options);
    if (!link.empty()) out << "[Open this design in the playground](" << link << ")\n\n";
    out << "| area | weight | score |\n|---|---:|---:|\n";
    for (const auto& a : r.areas)
      out << "| " << score::AreaName(a.area) << " | " << a.weight << "% | " << a.score << " |\n";
    if (r.findings.empty()) {
      out << "\nNo findings.\n";
      continue;
    }
    out << "\n| severity | rule | where | finding |\n|---|---|---|---|\n";
    for (const auto& x : r.findings) {
      const score::Rule* rule = score::FindRule(x.rule);
      std::string where = x.focus.empty() ? std::string("design") : "`" + x.focus + "`";
      if (x.location.line > 0) where += " (line " + std::to_string(x.location.line) + ")";
      std::string msg = MdCell(x.message);
      if (!x.evidence.empty()) msg += "<br><sub>" + MdCell(x.evidence.front().text) + "</sub>";
      if (x.suppressed) msg = "~~" + MdCell(x.message) + "~~ suppressed: " + MdCell(x.suppression_reason);
      out << "| " << (x.suppressed ? "⚪ suppressed" : SeverityIcon(x.severity)) << " | `" << x.rule << "` "
          << (rule ? std::string(rule->name) : std::string()) << " | " << where << " | " << msg << " |\n";
    }
    if (!r.notes.empty()) {
      out << "\n<details><summary>notes</summary>\n\n";
      for (const auto& n : r.notes) out << "- " << MdCell(n) << "\n";
      out << "\n</details>\n";
    }
  }
  out << "\n<sub>`sdlab explain RULE` tells why a rule matters and how to fix it.</sub>\n";
  return out.str();
}

}  // namespace sdlab::report
