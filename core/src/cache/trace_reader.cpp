// Trace replay input: libCacheSim's oracleGeneral binary format and CSV / plain key lists.
#include <array>
#include <charconv>
#include <istream>
#include <string>
#include <unordered_map>

#include "sdlab/cache.h"

namespace sdlab::cache {

std::string_view TraceFormatName(TraceFormat f) {
  return f == TraceFormat::OracleGeneral ? "oracle-general" : "csv";
}

Expected<TraceFormat, CacheError> ParseTraceFormat(std::string_view name) {
  if (name == "oracle-general" || name == "oracle_general" || name == "oracleGeneral") return TraceFormat::OracleGeneral;
  if (name == "csv" || name == "txt" || name == "keys") return TraceFormat::Csv;
  return Unexpected(CacheError{"unknown trace format '" + std::string(name) + "' (oracle-general or csv)"});
}

namespace {

constexpr std::size_t kRecordBytes = 24;

std::uint64_t LoadLe(const unsigned char* p, int bytes) {
  std::uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

// Drops the size column when every request has size 1 (capacity is then in objects).
void NormaliseSizes(Trace& t) {
  for (std::uint32_t s : t.sizes) {
    if (s != 1) return;
  }
  t.sizes.clear();
}

Expected<Trace, CacheError> ReadOracleGeneral(std::istream& in, const TraceReadOptions& opt) {
  Trace t;
  std::unordered_map<std::uint64_t, std::uint32_t> dense;
  std::vector<unsigned char> buf(kRecordBytes * 8192);
  std::size_t carry = 0;
  std::uint64_t record = 0;
  for (;;) {
    in.read(reinterpret_cast<char*>(buf.data() + carry), static_cast<std::streamsize>(buf.size() - carry));
    const std::size_t got = carry + static_cast<std::size_t>(in.gcount());
    const std::size_t whole = got / kRecordBytes * kRecordBytes;
    for (std::size_t off = 0; off < whole; off += kRecordBytes, ++record) {
      if (record >= opt.max_requests) {
        return Unexpected(CacheError{"trace has more than " + std::to_string(opt.max_requests) + " requests"});
      }
      const unsigned char* p = buf.data() + off;
      const auto time = static_cast<std::uint32_t>(LoadLe(p, 4));
      const std::uint64_t obj = LoadLe(p + 4, 8);
      auto size = static_cast<std::uint32_t>(LoadLe(p + 12, 4));
      const auto [it, fresh] = dense.try_emplace(obj, static_cast<std::uint32_t>(dense.size()));
      (void)fresh;
      t.ids.push_back(it->second);
      t.times.push_back(time);
      if (!opt.ignore_size) t.sizes.push_back(size == 0 ? 1u : size);
    }
    carry = got - whole;
    for (std::size_t i = 0; i < carry; ++i) buf[i] = buf[whole + i];
    if (!in) break;
  }
  if (carry != 0) {
    return Unexpected(CacheError{"oracleGeneral trace ends inside a record (" + std::to_string(carry) +
                                 " stray bytes after " + std::to_string(record) + " records of 24 bytes)"});
  }
  if (dense.size() >= 0xFFFFFFFFull) return Unexpected(CacheError{"too many distinct objects"});
  t.object_count = static_cast<std::uint32_t>(dense.size());
  NormaliseSizes(t);
  return t;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '"')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitFields(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t comma = line.find(',', start);
    out.push_back(Trim(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start)));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// An unsigned integer; a decimal fraction is truncated ("12.5" → 12).
bool ParseUnsigned(std::string_view s, std::uint64_t& v) {
  const std::size_t dot = s.find('.');
  if (dot != std::string_view::npos) s = s.substr(0, dot);
  if (s.empty()) return false;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  return ec == std::errc() && ptr == s.data() + s.size();
}

Expected<Trace, CacheError> ReadCsv(std::istream& in, const TraceReadOptions& opt) {
  Trace t;
  std::unordered_map<std::string, std::uint32_t> dense;
  int key_col = 0, size_col = -1, time_col = -1;
  bool first = true;
  std::string line;
  std::uint64_t line_no = 0;
  constexpr std::size_t kMaxLine = 4096;  // a key, a size and a time; longer lines are not a CSV trace
  while (std::getline(in, line)) {
    ++line_no;
    if (line.size() > kMaxLine)
      return Unexpected(CacheError{"csv line " + std::to_string(line_no) + " is " + std::to_string(line.size()) +
                                   " bytes long (limit " + std::to_string(kMaxLine) + ")"});
    if (line.find('\0') != std::string::npos)
      return Unexpected(CacheError{"csv line " + std::to_string(line_no) +
                                   " holds a NUL byte: this looks like a binary trace (try --trace-format oracle-general)"});
    const std::string_view text = Trim(line);
    if (text.empty() || text.front() == '#') continue;
    const std::vector<std::string_view> f = SplitFields(text);
    if (first) {
      first = false;
      int k = -1, s = -1, tm = -1;
      for (std::size_t i = 0; i < f.size(); ++i) {
        const std::string name = Lower(f[i]);
        if (name == "key" || name == "id" || name == "obj_id" || name == "object_id" || name == "object") k = static_cast<int>(i);
        if (name == "size" || name == "obj_size" || name == "bytes") s = static_cast<int>(i);
        if (name == "time" || name == "timestamp" || name == "clock_time" || name == "ts") tm = static_cast<int>(i);
      }
      if (k >= 0 || s >= 0 || tm >= 0) {
        if (k < 0) return Unexpected(CacheError{"csv header on line " + std::to_string(line_no) + " names no key column"});
        key_col = k;
        size_col = s;
        time_col = tm;
        continue;
      }
      if (f.size() >= 2) size_col = 1;
    }
    if (t.ids.size() >= opt.max_requests) {
      return Unexpected(CacheError{"trace has more than " + std::to_string(opt.max_requests) + " requests"});
    }
    const auto need = static_cast<std::size_t>(std::max(key_col, std::max(size_col, time_col)));
    if (f.size() <= need) {
      return Unexpected(CacheError{"csv line " + std::to_string(line_no) + ": expected " + std::to_string(need + 1) +
                                   " fields, got " + std::to_string(f.size())});
    }
    const std::string_view key = f[static_cast<std::size_t>(key_col)];
    if (key.empty()) return Unexpected(CacheError{"csv line " + std::to_string(line_no) + ": empty key"});
    const auto [it, fresh] = dense.try_emplace(std::string(key), static_cast<std::uint32_t>(dense.size()));
    (void)fresh;
    t.ids.push_back(it->second);
    if (size_col >= 0 && !opt.ignore_size) {
      std::uint64_t v = 0;
      if (!ParseUnsigned(f[static_cast<std::size_t>(size_col)], v) || v > 0xFFFFFFFFull) {
        return Unexpected(CacheError{"csv line " + std::to_string(line_no) + ": size '" +
                                     std::string(f[static_cast<std::size_t>(size_col)]) + "' is not a byte count"});
      }
      t.sizes.push_back(v == 0 ? 1u : static_cast<std::uint32_t>(v));
    }
    if (time_col >= 0) {
      std::uint64_t v = 0;
      if (!ParseUnsigned(f[static_cast<std::size_t>(time_col)], v) || v > 0xFFFFFFFFull) {
        return Unexpected(CacheError{"csv line " + std::to_string(line_no) + ": time '" +
                                     std::string(f[static_cast<std::size_t>(time_col)]) + "' is not a whole number"});
      }
      t.times.push_back(static_cast<std::uint32_t>(v));
    }
  }
  if (dense.size() >= 0xFFFFFFFFull) return Unexpected(CacheError{"too many distinct objects"});
  t.object_count = static_cast<std::uint32_t>(dense.size());
  NormaliseSizes(t);
  return t;
}

}  // namespace

Expected<Trace, CacheError> ReadTrace(std::istream& in, const TraceReadOptions& options) {
  Expected<Trace, CacheError> t = options.format == TraceFormat::OracleGeneral ? ReadOracleGeneral(in, options)
                                                                               : ReadCsv(in, options);
  if (t && t->size() == 0) return Unexpected(CacheError{"trace has no requests"});
  return t;
}

}  // namespace sdlab::cache
