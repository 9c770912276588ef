// Text rendering and flag readers for the calculator-style models; see model_text.h.
#include "model_text.h"

#include <iomanip>
#include <string_view>
#include <vector>

#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
bool Has(std::string_view s, std::string_view part) { return s.find(part) != std::string_view::npos; }

std::string Value(const std::string& key, const nlohmann::json& v) {
  if (v.is_null()) return "—";
  if (v.is_boolean()) return v.get<bool>() ? "yes" : "no";
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_number()) return v.dump();
  const double x = v.get<double>();
  if (Has(key, "bytes")) return EndsWith(key, "_per_s") ? units::FormatBytes(x) + "/s" : units::FormatBytes(x);
  if (EndsWith(key, "_s") || key == "seconds") return units::FormatDuration(x);
  if (EndsWith(key, "_ns")) return units::FormatNumber(x, 4) + " ns";
  if (EndsWith(key, "_per_s") || EndsWith(key, "_qps") || EndsWith(key, "_rps")) return units::FormatRate(x);
  if (Has(key, "share") || Has(key, "ratio") || key == "offload" || Has(key, "intact"))
    return units::FormatPercent(x, 4);
  return units::FormatNumber(x, 4);
}

void Figures(std::ostream& out, const nlohmann::json& j, const std::string& indent) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    const std::string& k = it.key();
    if (k == "formulas" || k == "notes") continue;
    if (it->is_object()) {
      out << indent << k << "\n";
      Figures(out, *it, indent + "  ");
    } else if (it->is_array() && !it->empty() && it->front().is_object()) {
      out << indent << k << "\n";
      std::vector<std::string> cols;
      for (auto c = it->front().begin(); c != it->front().end(); ++c) cols.push_back(c.key());
      out << indent << " ";
      for (const auto& c : cols) out << " " << std::setw(14) << c.substr(0, 14);
      out << "\n";
      for (const auto& row : *it) {
        out << indent << " ";
        for (const auto& c : cols) out << " " << std::setw(14) << (row.contains(c) ? Value(c, row[c]) : "");
        out << "\n";
      }
    } else if (!it->is_array()) {
      out << indent << std::left << std::setw(30) << k << std::right << Value(k, *it) << "\n";
    }
  }
}

}  // namespace

void PrintModelText(std::ostream& out, const std::string& title, const nlohmann::json& j) {
  out << title << "\n";
  Figures(out, j, "  ");
  if (j.contains("formulas") && !j["formulas"].empty()) {
    out << "\nformulas\n";
    for (auto it = j["formulas"].begin(); it != j["formulas"].end(); ++it)
      out << "  " << it.value().get<std::string>() << "\n";
  }
  if (j.contains("notes") && !j["notes"].empty()) {
    out << "\nnotes\n";
    for (const auto& n : j["notes"]) out << "  - " << n.get<std::string>() << "\n";
  }
}

void FlagReader::Fail(const std::string& message) const {
  ctx.err << "sdlab model " << command << ": " << message << "\n";
  ctx.exit_code = kExitInput;
}

std::optional<double> FlagReader::Duration(const std::string& flag, const std::string& text) const {
  if (auto d = units::ParseDuration(text)) return *d;
  if (auto c = units::ParseCount(text)) return *c;
  Fail(flag + ": " + units::ParseDuration(text).error().Message());
  return std::nullopt;
}

std::optional<double> FlagReader::Bytes(const std::string& flag, const std::string& text) const {
  if (auto b = units::ParseBytes(text)) return *b;
  Fail(flag + ": " + units::ParseBytes(text).error().Message());
  return std::nullopt;
}

std::optional<double> FlagReader::BytesPerSecond(const std::string& flag, const std::string& text) const {
  std::string t = text;
  if (EndsWith(t, "/s")) t = t.substr(0, t.size() - 2);
  if (auto b = units::ParseBytes(t)) return *b;
  Fail(flag + ": " + units::ParseBytes(t).error().Message() + " (a size per second, e.g. 10MB/s)");
  return std::nullopt;
}

std::optional<double> FlagReader::Rate(const std::string& flag, const std::string& text) const {
  if (auto r = units::ParseRate(text)) return *r;
  if (auto c = units::ParseCount(text)) return *c;
  Fail(flag + ": " + units::ParseRate(text).error().Message());
  return std::nullopt;
}

std::optional<double> FlagReader::Fraction(const std::string& flag, const std::string& text) const {
  if (auto f = units::ParseFraction(text)) return *f;
  Fail(flag + ": " + units::ParseFraction(text).error().Message());
  return std::nullopt;
}

std::optional<double> FlagReader::Count(const std::string& flag, const std::string& text) const {
  if (auto c = units::ParseCount(text)) return *c;
  Fail(flag + ": " + units::ParseCount(text).error().Message());
  return std::nullopt;
}

}  // namespace sdlab::cli
