// Typed, diagnosing access to one JSON object of a blueprint.
//
// Each accessor marks its key as known; Finish() reports every key nobody asked for as an
// unknown_field, with a "did you mean" suggestion drawn from the known keys. Values of the wrong
// type, bad units and out-of-range numbers become diagnostics with pointer and line:col; the
// accessor then returns nothing and validation carries on, so one run reports every problem.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "blueprint/json_source.h"
#include "sdlab/blueprint.h"
#include "sdlab/units.h"

namespace sdlab::detail {

/// Levenshtein distance, capped for speed.
std::size_t EditDistance(std::string_view a, std::string_view b);
/// The closest candidate within a small edit distance, or "".
std::string Closest(std::string_view word, const std::vector<std::string>& candidates);

class DiagnosticSink {
 public:
  DiagnosticSink(const PositionIndex& positions, std::vector<Diagnostic>& out) : positions_(positions), out_(out) {}
  void AtValue(const std::string& pointer, const char* code, std::string message);
  void AtKey(const std::string& pointer, const char* code, std::string message);
  const PositionIndex& positions() const { return positions_; }
  std::size_t count() const { return out_.size(); }

 private:
  const PositionIndex& positions_;
  std::vector<Diagnostic>& out_;
};

/// A name table for an enum: {"round_robin", LbStrategy::RoundRobin}, ...
template <class E>
using NameTable = std::vector<std::pair<std::string, E>>;

class ObjectReader {
 public:
  ObjectReader(DiagnosticSink& sink, const nlohmann::json& object, std::string pointer, std::string what);

  const std::string& pointer() const { return pointer_; }
  std::string Child(std::string_view key) const { return pointer_ + "/" + EscapePointerToken(key); }
  bool Has(std::string_view key);
  /// Marks keys as allowed without reading them (e.g. "$schema", "notes").
  void Allow(std::initializer_list<const char*> keys);

  std::optional<std::string> String(std::string_view key, bool required = false);
  std::optional<bool> Bool(std::string_view key);
  std::optional<double> Number(std::string_view key, double lo, double hi, bool required = false);
  std::optional<int> Integer(std::string_view key, long long lo, long long hi, bool required = false);
  /// "10M", 1e7 → 1e7
  std::optional<double> Count(std::string_view key, double lo, double hi, bool required = false);
  /// "2KB", 2000 → 2000 bytes
  std::optional<double> Bytes(std::string_view key, double lo, double hi);
  /// "300ms" → 0.3 s; a bare number must be 0 (a unit is required otherwise)
  std::optional<double> Duration(std::string_view key, double lo_s, double hi_s, const units::Calendar& cal);
  /// "10M/day", 115.7 → per second
  std::optional<double> Rate(std::string_view key, double lo, double hi, const units::Calendar& cal);
  /// "99.9%", "3 nines", 0.999 → 0.999
  std::optional<double> Fraction(std::string_view key);
  template <class E>
  std::optional<E> Enum(std::string_view key, const NameTable<E>& table);
  /// A nested object / array, type-checked; nullptr if absent or of the wrong type.
  const nlohmann::json* Object(std::string_view key, bool required = false);
  const nlohmann::json* Array(std::string_view key, bool required = false);
  std::vector<std::string> StringArray(std::string_view key);

  /// Reports unknown keys. `note` is appended to the message (e.g. "for a load_balancer").
  void Finish(const std::string& context_note = "");

  DiagnosticSink& sink() { return sink_; }

 private:
  const nlohmann::json* Get(std::string_view key, bool required);
  void TypeError(std::string_view key, const char* expected, const nlohmann::json& v);
  std::optional<double> Quantity(std::string_view key, double lo, double hi, const char* what,
                                 Expected<double, units::UnitError> (*parse)(std::string_view, const units::Calendar&),
                                 const units::Calendar& cal, bool bare_number_ok, const std::string& unit_hint);
  bool InRange(std::string_view key, double v, double lo, double hi, const std::string& shown);

  DiagnosticSink& sink_;
  const nlohmann::json& object_;
  std::string pointer_;
  std::string what_;
  std::vector<std::string> known_;
};

std::string JsonTypeName(const nlohmann::json& v);

template <class E>
std::optional<E> ObjectReader::Enum(std::string_view key, const NameTable<E>& table) {
  auto s = String(key);
  if (!s) return std::nullopt;
  for (const auto& [name, value] : table)
    if (name == *s) return value;
  std::vector<std::string> names;
  std::string list;
  for (const auto& entry : table) {
    names.push_back(entry.first);
    list += (list.empty() ? "" : ", ") + entry.first;
  }
  std::string msg = "'" + *s + "' is not a valid " + std::string(key) + " (one of: " + list + ")";
  const std::string best = Closest(*s, names);
  if (!best.empty()) msg += "; did you mean '" + best + "'?";
  sink_.AtValue(Child(key), "enum", msg);
  return std::nullopt;
}

}  // namespace sdlab::detail
