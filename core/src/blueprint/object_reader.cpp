#include "blueprint/object_reader.h"

#include <algorithm>
#include <cmath>

#include "sdlab/units.h"

namespace sdlab::detail {

using json = nlohmann::json;

std::size_t EditDistance(std::string_view a, std::string_view b) {
  if (a.size() > 64 || b.size() > 64) return 99;
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t subst = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, subst});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string Closest(std::string_view word, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_d = 99;
  const std::size_t allowed = word.size() <= 3 ? 1 : std::max<std::size_t>(2, word.size() / 3);
  for (const auto& c : candidates) {
    const std::size_t d = EditDistance(word, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  // Also accept a candidate that contains the word or is contained in it ("memory_size" → "memory").
  if (best_d > allowed) {
    for (const auto& c : candidates)
      if (word.size() >= 3 && (c.find(word) != std::string::npos || word.find(c) != std::string_view::npos) && c.size() >= 3)
        return c;
    return "";
  }
  return best;
}

std::string JsonTypeName(const json& v) {
  switch (v.type()) {
    case json::value_t::null: return "null";
    case json::value_t::boolean: return "a boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    case json::value_t::number_float: return "a number";
    case json::value_t::string: return "a string";
    case json::value_t::array: return "an array";
    case json::value_t::object: return "an object";
    default: return "an unsupported value";
  }
}

void DiagnosticSink::AtValue(const std::string& pointer, const char* code, std::string message) {
  out_.push_back(Diagnostic{pointer, positions_.Value(pointer), code, std::move(message)});
}

void DiagnosticSink::AtKey(const std::string& pointer, const char* code, std::string message) {
  out_.push_back(Diagnostic{pointer, positions_.Key(pointer), code, std::move(message)});
}

ObjectReader::ObjectReader(DiagnosticSink& sink, const json& object, std::string pointer, std::string what)
    : sink_(sink), object_(object), pointer_(std::move(pointer)), what_(std::move(what)) {}

bool ObjectReader::Has(std::string_view key) {
  known_.emplace_back(key);
  return object_.is_object() && object_.contains(std::string(key));
}

void ObjectReader::Allow(std::initializer_list<const char*> keys) {
  for (const char* k : keys) known_.emplace_back(k);
}

const json* ObjectReader::Get(std::string_view key, bool required) {
  known_.emplace_back(key);
  if (!object_.is_object()) return nullptr;
  auto it = object_.find(std::string(key));
  if (it == object_.end()) {
    if (required)
      sink_.AtValue(pointer_, "missing", what_ + " needs '" + std::string(key) + "'");
    return nullptr;
  }
  return &*it;
}

void ObjectReader::TypeError(std::string_view key, const char* expected, const json& v) {
  sink_.AtValue(Child(key), "type", std::string("expected ") + expected + ", got " + JsonTypeName(v));
}

bool ObjectReader::InRange(std::string_view key, double v, double lo, double hi, const std::string& shown) {
  if (!std::isfinite(v) || v < lo || v > hi) {
    sink_.AtValue(Child(key), "range",
                  shown + " is out of range for " + std::string(key) + " (allowed " + units::FormatNumber(lo, 6) +
                      " to " + units::FormatNumber(hi, 6) + ")");
    return false;
  }
  return true;
}

std::optional<std::string> ObjectReader::String(std::string_view key, bool required) {
  const json* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    TypeError(key, "a string", *v);
    return std::nullopt;
  }
  return v->get<std::string>();
}

std::optional<bool> ObjectReader::Bool(std::string_view key) {
  const json* v = Get(key, false);
  if (!v) return std::nullopt;
  if (!v->is_boolean()) {
    TypeError(key, "true or false", *v);
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<double> ObjectReader::Number(std::string_view key, double lo, double hi, bool required) {
  const json* v = Get(key, required);
  if (!v) return std::nullopt;
  if (!v->is_number()) {
    TypeError(key, "a number", *v);
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!InRange(key, d, lo, hi, units::FormatNumber(d, 6))) return std::nullopt;
  return d;
}

std::optional<int> ObjectReader::Integer(std::string_view key, long long lo, long long hi, bool required) {
  const json* v = Get(key, required);
  if (!v) return std::nullopt;
  if (v->is_number_float()) {
    const double d = v->get<double>();
    if (std::floor(d) != d) {
      sink_.AtValue(Child(key), "type", "expected an integer, got " + units::FormatNumber(d, 6));
      return std::nullopt;
    }
  } else if (!v->is_number_integer()) {
    TypeError(key, "an integer", *v);
    return std::nullopt;
  }
  const double d = v->get<double>();
  if (!InRange(key, d, static_cast<double>(lo), static_cast<double>(hi), units::FormatNumber(d, 6))) return std::nullopt;
  return static_cast<int>(d);
}

std::optional<double> ObjectReader::Quantity(std::string_view key, double lo, double hi, const char* what,
                                             Expected<double, units::UnitError> (*parse)(std::string_view,
                                                                                        const units::Calendar&),
                                             const units::Calendar& cal, bool bare_number_ok,
                                             const std::string& unit_hint) {
  const json* v = Get(key, false);
  if (!v) return std::nullopt;
  double d = 0;
  std::string shown;
  if (v->is_number()) {
    d = v->get<double>();
    shown = units::FormatNumber(d, 6);
    if (!bare_number_ok && d != 0) {
      sink_.AtValue(Child(key), "unit",
                    std::string(what) + " needs a unit: write e.g. \"" + shown + unit_hint + "\"");
      return std::nullopt;
    }
  } else if (v->is_string()) {
    shown = "\"" + v->get<std::string>() + "\"";
    auto parsed = parse(v->get<std::string>(), cal);
    if (!parsed) {
      // A readable quantity that is impossible ("-5ms", "1e40", "130%") is a range problem, not a unit one.
      const std::string& why = parsed.error().reason;
      const bool range = why.rfind("negative value", 0) == 0 || why.rfind("value too large", 0) == 0 ||
                         why.rfind("percentage above", 0) == 0 || why.rfind("fraction above", 0) == 0;
      sink_.AtValue(Child(key), range ? "range" : "unit", parsed.error().Message());
      return std::nullopt;
    }
    d = *parsed;
  } else {
    TypeError(key, (std::string("a ") + what + " (string with a unit, or a number)").c_str(), *v);
    return std::nullopt;
  }
  if (!InRange(key, d, lo, hi, shown)) return std::nullopt;
  return d;
}

namespace {
Expected<double, units::UnitError> ParseCountCal(std::string_view t, const units::Calendar&) { return units::ParseCount(t); }
Expected<double, units::UnitError> ParseBytesCal(std::string_view t, const units::Calendar&) { return units::ParseBytes(t); }
Expected<double, units::UnitError> ParseDurationCal(std::string_view t, const units::Calendar& c) {
  return units::ParseDuration(t, c);
}
Expected<double, units::UnitError> ParseRateCal(std::string_view t, const units::Calendar& c) { return units::ParseRate(t, c); }
Expected<double, units::UnitError> ParseFractionCal(std::string_view t, const units::Calendar&) {
  return units::ParseFraction(t);
}
}  // namespace

std::optional<double> ObjectReader::Count(std::string_view key, double lo, double hi, bool required) {
  if (required && !(object_.is_object() && object_.contains(std::string(key)))) {
    sink_.AtValue(pointer_, "missing", what_ + " needs '" + std::string(key) + "'");
    known_.emplace_back(key);
    return std::nullopt;
  }
  return Quantity(key, lo, hi, "count", ParseCountCal, units::Calendar{}, true, "");
}

std::optional<double> ObjectReader::Bytes(std::string_view key, double lo, double hi) {
  return Quantity(key, lo, hi, "size", ParseBytesCal, units::Calendar{}, true, " KB");
}

std::optional<double> ObjectReader::Duration(std::string_view key, double lo_s, double hi_s, const units::Calendar& cal) {
  return Quantity(key, lo_s, hi_s, "duration", ParseDurationCal, cal, false, "ms");
}

std::optional<double> ObjectReader::Rate(std::string_view key, double lo, double hi, const units::Calendar& cal) {
  return Quantity(key, lo, hi, "rate", ParseRateCal, cal, true, "/s");
}

std::optional<double> ObjectReader::Fraction(std::string_view key) {
  return Quantity(key, 0.0, 1.0, "fraction", ParseFractionCal, units::Calendar{}, true, "");
}

const json* ObjectReader::Object(std::string_view key, bool required) {
  const json* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_object()) {
    TypeError(key, "an object", *v);
    return nullptr;
  }
  return v;
}

const json* ObjectReader::Array(std::string_view key, bool required) {
  const json* v = Get(key, required);
  if (!v) return nullptr;
  if (!v->is_array()) {
    TypeError(key, "an array", *v);
    return nullptr;
  }
  return v;
}

std::vector<std::string> ObjectReader::StringArray(std::string_view key) {
  std::vector<std::string> out;
  const json* a = Array(key);
  if (!a) return out;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const json& e = (*a)[i];
    if (!e.is_string()) {
      sink_.AtValue(Child(key) + "/" + std::to_string(i), "type", "expected a string, got " + JsonTypeName(e));
      continue;
    }
    out.push_back(e.get<std::string>());
  }
  return out;
}

void ObjectReader::Finish(const std::string& context_note) {
  if (!object_.is_object()) return;
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(known_.begin(), known_.end(), it.key()) != known_.end()) continue;
    std::string msg = "unknown field '" + it.key() + "' in " + what_ + context_note;
    const std::string best = Closest(it.key(), known_);
    if (!best.empty()) msg += "; did you mean '" + best + "'?";
    sink_.AtKey(Child(it.key()), "unknown_field", msg);
  }
}

}  // namespace sdlab::detail
