#include "blueprint/json_source.h"

#include <algorithm>
#include <cmath>
#include <iterator>

namespace sdlab::detail {

std::string EscapePointerToken(std::string_view token) {
  std::string out;
  out.reserve(token.size());
  for (char c : token) {
    if (c == '~') out += "~0";
    else if (c == '/') out += "~1";
    else out += c;
  }
  return out;
}

PositionIndex::PositionIndex(std::string_view text) : text_(text) {
  // A UTF-8 byte order mark is not a column: line 1 starts after it.
  const bool bom = text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
                   static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF;
  line_starts_.push_back(bom ? 3 : 0);
  for (std::size_t i = 0; i < text.size(); ++i)
    if (text[i] == '\n') line_starts_.push_back(i + 1);
}

SourceLocation PositionIndex::At(std::size_t offset) const {
  if (offset > text_.size()) offset = text_.size();
  // Binary search for the line.
  std::size_t lo = 0, hi = line_starts_.size();
  while (hi - lo > 1) {
    const std::size_t mid = (lo + hi) / 2;
    if (line_starts_[mid] <= offset) lo = mid; else hi = mid;
  }
  // The parser asks for offsets in increasing order, so counting resumes from the last answer on
  // the same line: linear in the text even when it is one long line (minified JSON).
  std::size_t from = line_starts_[lo];
  int col = 1;
  auto starts_code_point = [&](std::size_t i) { return (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80; };
  if (cursor_line_ == lo && cursor_offset_ > offset && cursor_offset_ - offset < offset - from) {
    // A little behind the last answer (a key read before its value): count back from there.
    col = cursor_column_;
    for (std::size_t i = offset; i < cursor_offset_; ++i)
      if (starts_code_point(i)) --col;
    from = offset;
  } else if (cursor_line_ == lo && cursor_offset_ >= from && cursor_offset_ <= offset) {
    from = cursor_offset_;
    col = cursor_column_;
  }
  for (std::size_t i = from; i < offset; ++i)
    if (starts_code_point(i)) ++col;
  cursor_line_ = lo;
  cursor_offset_ = offset;
  cursor_column_ = col;
  return SourceLocation{static_cast<int>(lo) + 1, col};
}

SourceLocation PositionIndex::Value(const std::string& pointer) const {
  auto it = value_at.find(pointer);
  return it == value_at.end() ? SourceLocation{} : it->second;
}

SourceLocation PositionIndex::Key(const std::string& pointer) const {
  auto it = key_at.find(pointer);
  return it == key_at.end() ? Value(pointer) : it->second;
}

namespace {

// An input iterator over the text that records how many bytes the lexer has taken.
struct CountingIterator {
  using iterator_category = std::input_iterator_tag;
  using value_type = char;
  using difference_type = std::ptrdiff_t;
  using pointer = const char*;
  using reference = const char&;

  const char* p = nullptr;
  const char* base = nullptr;
  std::size_t* consumed = nullptr;

  reference operator*() const { return *p; }
  CountingIterator& operator++() {
    ++p;
    *consumed = static_cast<std::size_t>(p - base);
    return *this;
  }
  CountingIterator operator++(int) {
    CountingIterator old = *this;
    ++*this;
    return old;
  }
  bool operator==(const CountingIterator& o) const { return p == o.p; }
  bool operator!=(const CountingIterator& o) const { return p != o.p; }
};

bool IsScalarChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '.' || c == '+' ||
         c == '-';
}

using json = nlohmann::json;

class PositionedSax {
 public:
  PositionedSax(std::string_view text, std::size_t skip, const JsonSourceLimits& limits, std::size_t* consumed,
                ParsedJson& out)
      : text_(text), skip_(skip), limits_(limits), consumed_(consumed), out_(out) {}

  bool null() { return Scalar(json(nullptr), ScalarStart()); }
  bool boolean(bool v) { return Scalar(json(v), ScalarStart()); }
  bool number_integer(json::number_integer_t v) { return Scalar(json(v), ScalarStart()); }
  bool number_unsigned(json::number_unsigned_t v) { return Scalar(json(v), ScalarStart()); }
  bool number_float(json::number_float_t v, const std::string& /*text*/) {
    const std::size_t start = ScalarStart();
    if (!std::isfinite(v)) {
      Fail(start, "range", "number out of range (not a finite double)");
      return false;
    }
    return Scalar(json(v), start);
  }
  bool string(std::string& v) {
    const std::size_t start = StringStart();
    if (v.size() > limits_.max_string_length) {
      Fail(start, "limit",
           "string of " + std::to_string(v.size()) + " bytes exceeds the limit of " +
               std::to_string(limits_.max_string_length),
           PendingPointer());
      return false;
    }
    return Scalar(json(std::move(v)), start);
  }
  bool binary(json::binary_t& /*v*/) { return false; }

  bool start_object(std::size_t /*n*/) { return Open(json::object(), *consumed_ - 1); }
  bool end_object() { return Close(); }
  bool start_array(std::size_t /*n*/) { return Open(json::array(), *consumed_ - 1); }
  bool end_array() { return Close(); }

  bool key(std::string& k) {
    const std::size_t start = StringStart();
    Frame& f = stack_.back();
    const std::string member_pointer = f.pointer + "/" + EscapePointerToken(k);
    if (k.size() > limits_.max_string_length) {
      Fail(start, "limit", "key exceeds the string length limit", member_pointer);
      return false;
    }
    if (f.value->contains(k)) {
      out_.problems.push_back(Diagnostic{member_pointer, out_.positions.At(start), "duplicate_id",
                                         "duplicate key '" + k + "' in this object (the first one is used)"});
      f.skip_next = true;
    } else {
      f.skip_next = false;
      out_.positions.key_at.emplace(member_pointer, out_.positions.At(start));
    }
    f.pending_key = k;
    return true;
  }

  // `position` is nlohmann's count of characters read from the start of the input (after a BOM): it
  // includes a final read of the end of input, and excludes a lookahead character that was put back.
  bool parse_error(std::size_t position, const std::string& /*last_token*/, const nlohmann::detail::exception& ex) {
    const std::size_t read_end = skip_ + position;
    const std::size_t token_end = std::min(read_end, text_.size());
    if (ex.id == 406) {  // out_of_range.406: "number overflow parsing '1e400'"
      const std::size_t start = TokenStart(token_end);
      Fail(start, "range",
           "number out of range (not a finite double): " + std::string(text_.substr(start, token_end - start)),
           PendingPointer());
      return false;
    }
    std::string msg = ex.what();
    const bool lexer_error = msg.find("; last read: ") != std::string::npos;
    const bool at_end = msg.find("unexpected end of input") != std::string::npos;
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error while ..." → the tail.
    const auto col = msg.find("column ");
    if (col != std::string::npos) {
      const auto colon = msg.find(": ", col);
      if (colon != std::string::npos) msg = msg.substr(colon + 2);
    } else if (const auto bracket = msg.find("] "); bracket != std::string::npos) {
      msg = msg.substr(bracket + 2);
    }
    // A token the lexer could not read: the character that broke it (the end, if the input ran out).
    // A token the parser did not expect: where that token starts.
    std::size_t at = text_.size();
    if (lexer_error) at = std::min(read_end > 0 ? read_end - 1 : 0, text_.size());
    else if (!at_end) at = TokenStart(token_end);
    Fail(at, "syntax", msg);
    return false;
  }

  bool failed() const { return failed_; }

 private:
  struct Frame {
    json* value;
    std::string pointer;
    std::string pending_key;
    bool skip_next = false;
    std::size_t index = 0;
  };

  std::size_t StringStart() const { return StringStartBefore(*consumed_); }

  // Start of the complete token that ends just before `end`: a string, a number or literal, or one
  // structural character.
  std::size_t TokenStart(std::size_t end) const {
    if (end == 0) return 0;
    std::size_t i = end - 1;
    if (text_[i] == '"') return StringStartBefore(end);
    if (!IsScalarChar(text_[i])) return i;
    while (i > 0 && IsScalarChar(text_[i - 1])) --i;
    return i;
  }

  // The pointer the next value in the current container gets (without consuming an array index).
  std::string PendingPointer() const {
    if (stack_.empty()) return "";
    const Frame& f = stack_.back();
    if (f.value->is_array()) return f.pointer + "/" + std::to_string(f.index);
    return f.pointer + "/" + EscapePointerToken(f.pending_key);
  }

  std::size_t StringStartBefore(std::size_t end) const {
    // `end` is just after the closing quote. Walk back to the opening quote: the first quote
    // preceded by an even number of backslashes (an unescaped quote cannot occur inside).
    if (end == 0) return 0;
    std::size_t i = end - 1;  // the closing quote
    while (i > 0) {
      --i;
      if (text_[i] == '"') {
        std::size_t bs = 0;
        std::size_t j = i;
        while (j > 0 && text_[j - 1] == '\\') { ++bs; --j; }
        if (bs % 2 == 0) return i;
      }
    }
    return 0;
  }

  std::size_t ScalarStart() const {
    // Numbers are read with one character of lookahead; literals are not. Skip back over any
    // non-token character, then over the token.
    std::size_t i = *consumed_;
    while (i > 0 && !IsScalarChar(text_[i - 1])) --i;
    while (i > 0 && IsScalarChar(text_[i - 1])) --i;
    return i;
  }

  std::string ChildPointer(Frame& f) {
    if (f.value->is_array()) return f.pointer + "/" + std::to_string(f.index++);
    return f.pointer + "/" + EscapePointerToken(f.pending_key);
  }

  // Places v in the current container (or as the root). Returns a pointer to it, or nullptr when
  // it is a duplicate key's value that is dropped.
  json* Place(json v, const std::string& pointer) {
    if (stack_.empty()) {
      out_.value = std::move(v);
      return &out_.value;
    }
    Frame& f = stack_.back();
    if (f.value->is_array()) {
      f.value->push_back(std::move(v));
      return &f.value->back();
    }
    if (f.skip_next) {
      f.skip_next = false;
      dropped_ = std::move(v);
      return &dropped_;
    }
    (void)pointer;
    return &((*f.value)[f.pending_key] = std::move(v));
  }

  bool Count() {
    if (++elements_ > limits_.max_elements) {
      Fail(*consumed_ > 0 ? *consumed_ - 1 : 0, "limit",
           "more than " + std::to_string(limits_.max_elements) + " JSON values in the document");
      return false;
    }
    return true;
  }

  bool Scalar(json v, std::size_t start) {
    if (!Count()) return false;
    std::string pointer = stack_.empty() ? "" : ChildPointer(stack_.back());
    const bool dropped = !stack_.empty() && stack_.back().value->is_object() && stack_.back().skip_next;
    Place(std::move(v), pointer);
    if (!dropped) out_.positions.value_at.emplace(pointer, out_.positions.At(start));
    return true;
  }

  bool Open(json container, std::size_t start) {
    if (!Count()) return false;
    if (static_cast<int>(stack_.size()) >= limits_.max_depth) {
      Fail(start, "limit", "nesting deeper than " + std::to_string(limits_.max_depth) + " levels", PendingPointer());
      return false;
    }
    std::string pointer = stack_.empty() ? "" : ChildPointer(stack_.back());
    const bool dropped = !stack_.empty() && stack_.back().value->is_object() && stack_.back().skip_next;
    json* placed = Place(std::move(container), pointer);
    if (dropped) {
      // Parse the dropped duplicate's value into a scratch container that is thrown away.
      scratch_.push_back(std::make_unique<json>(std::move(*placed)));
      placed = scratch_.back().get();
    } else {
      out_.positions.value_at.emplace(pointer, out_.positions.At(start));
    }
    stack_.push_back(Frame{placed, pointer, {}, false, 0});
    return true;
  }

  bool Close() {
    stack_.pop_back();
    return true;
  }

  // A problem that stops the parse. The pointer defaults to the innermost open container.
  void Fail(std::size_t offset, const char* code, std::string message) {
    Fail(offset, code, std::move(message), stack_.empty() ? "" : stack_.back().pointer);
  }
  void Fail(std::size_t offset, const char* code, std::string message, std::string pointer) {
    failed_ = true;
    out_.problems.push_back(Diagnostic{std::move(pointer), out_.positions.At(offset), code, std::move(message)});
  }

  std::string_view text_;
  std::size_t skip_;  ///< bytes of a BOM before the JSON
  JsonSourceLimits limits_;
  std::size_t* consumed_;
  ParsedJson& out_;
  std::vector<Frame> stack_;
  std::vector<std::unique_ptr<json>> scratch_;
  json dropped_;
  std::size_t elements_ = 0;
  bool failed_ = false;
};

/// "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE" when the text starts with that byte order mark or,
/// without one, with the zero bytes those encodings give an ASCII first character (RFC 4627 §3);
/// "" otherwise.
std::string_view Utf16Or32Encoding(std::string_view text) {
  auto at = [&](std::size_t i) { return i < text.size() ? static_cast<unsigned char>(text[i]) : 0x100u; };
  if (at(0) == 0xFF && at(1) == 0xFE) return at(2) == 0 && at(3) == 0 ? "UTF-32LE" : "UTF-16LE";
  if (at(0) == 0xFE && at(1) == 0xFF) return "UTF-16BE";
  if (at(0) == 0 && at(1) == 0 && at(2) == 0xFE && at(3) == 0xFF) return "UTF-32BE";
  if (text.size() >= 4) {
    if (at(0) == 0 && at(1) == 0 && at(2) == 0 && at(3) != 0) return "UTF-32BE";
    if (at(0) != 0 && at(1) == 0 && at(2) == 0 && at(3) == 0) return "UTF-32LE";
    if (at(0) == 0 && at(1) != 0 && at(2) == 0 && at(3) != 0) return "UTF-16BE";
    if (at(0) != 0 && at(1) == 0 && at(2) != 0 && at(3) == 0) return "UTF-16LE";
  }
  return "";
}

}  // namespace

ParsedJson ParseJsonWithPositions(std::string_view text, const JsonSourceLimits& limits) {
  ParsedJson out{json(), PositionIndex(text), {}, false};
  // A UTF-8 byte order mark is tolerated (editors on some systems write one).
  std::size_t skip = 0;
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF &&
      static_cast<unsigned char>(text[1]) == 0xBB && static_cast<unsigned char>(text[2]) == 0xBF)
    skip = 3;
  if (const std::string_view encoding = Utf16Or32Encoding(text); !encoding.empty()) {
    out.problems.push_back(Diagnostic{"", SourceLocation{1, 1}, "syntax",
                                      "the file is " + std::string(encoding) +
                                          " encoded; blueprints are UTF-8 JSON (save the file as UTF-8)"});
    return out;
  }
  std::size_t consumed = skip;
  PositionedSax sax(text, skip, limits, &consumed, out);
  CountingIterator first{text.data() + skip, text.data(), &consumed};
  CountingIterator last{text.data() + text.size(), text.data(), &consumed};
  bool ok = false;
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS)
  try {
    ok = json::sax_parse(first, last, &sax, json::input_format_t::json, true, /*ignore_comments=*/true);
  } catch (const std::exception& e) {
    out.problems.push_back(Diagnostic{"", out.positions.At(consumed), "syntax", e.what()});
    ok = false;
  }
#else
  ok = json::sax_parse(first, last, &sax, json::input_format_t::json, true, true);
#endif
  out.ok = ok && !sax.failed();
  if (!out.ok) out.value = json();
  return out;
}

}  // namespace sdlab::detail
