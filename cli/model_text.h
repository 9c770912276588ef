// cli/model_text.h — text rendering shared by the calculator-style models (network, realtime,
// serialization) and the flag readers they use. The JSON they print is the source; the text is the
// same figures with units: keys ending in _s are durations, keys with "bytes" sizes (per second when
// they end in _per_s), keys ending in _per_s or _qps/_rps rates, share/ratio/offload percentages.
#pragma once

#include <optional>
#include <ostream>
#include <string>

#include <nlohmann/json.hpp>

#include "commands.h"

namespace sdlab::cli {

/// Prints `j` as "title", a block of figures, a table for each array of objects, then the formulas
/// and notes (`formulas` object, `notes` array).
void PrintModelText(std::ostream& out, const std::string& title, const nlohmann::json& j);

/// Flag readers: on bad input they write "sdlab model <cmd>: --flag: why" to ctx.err, set exit code 2
/// and return nothing. A bare number is accepted as the base unit (seconds, bytes, per second).
struct FlagReader {
  Context& ctx;
  std::string command;  ///< "network"
  std::optional<double> Duration(const std::string& flag, const std::string& text) const;
  std::optional<double> Bytes(const std::string& flag, const std::string& text) const;
  /// "10MB/s" or "10MB" → bytes per second.
  std::optional<double> BytesPerSecond(const std::string& flag, const std::string& text) const;
  std::optional<double> Rate(const std::string& flag, const std::string& text) const;
  std::optional<double> Fraction(const std::string& flag, const std::string& text) const;
  std::optional<double> Count(const std::string& flag, const std::string& text) const;
  void Fail(const std::string& message) const;
};

}  // namespace sdlab::cli
