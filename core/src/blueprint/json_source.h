// JSON text → nlohmann::json plus the line:col of every value and key, for diagnostics.
//
// Built on nlohmann's SAX parser (comments allowed). Positions come from counting the bytes the
// lexer has consumed at each event and stepping back to the start of the token. Also enforced
// here: duplicate keys (kept: the first), nesting depth, string length, non-finite numbers.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/blueprint.h"

namespace sdlab::detail {

struct JsonSourceLimits {
  int max_depth = 64;
  std::size_t max_string_length = 4096;
  std::size_t max_elements = 200000;  ///< total values in the document
};

/// Where things are in the text.
class PositionIndex {
 public:
  explicit PositionIndex(std::string_view text);
  SourceLocation At(std::size_t offset) const;  ///< 1-based line, column in code points

  std::unordered_map<std::string, SourceLocation> value_at;  ///< pointer → start of its value
  std::unordered_map<std::string, SourceLocation> key_at;    ///< pointer → start of its key

  SourceLocation Value(const std::string& pointer) const;
  SourceLocation Key(const std::string& pointer) const;  ///< falls back to the value

 private:
  std::string_view text_;
  std::vector<std::size_t> line_starts_;
  // The last answer of At(): where counting can resume (a cache; never changes an answer).
  mutable std::size_t cursor_line_ = static_cast<std::size_t>(-1);
  mutable std::size_t cursor_offset_ = 0;
  mutable int cursor_column_ = 1;
};

struct ParsedJson {
  nlohmann::json value;
  PositionIndex positions;
  std::vector<Diagnostic> problems;  ///< duplicate keys, limits; fatal ones leave value discarded
  bool ok = false;                   ///< false: a syntax error or a limit stopped the parse
};

ParsedJson ParseJsonWithPositions(std::string_view text, const JsonSourceLimits& limits);

/// "a/b" → "/a~1b" style escaping of one pointer token.
std::string EscapePointerToken(std::string_view token);

}  // namespace sdlab::detail
