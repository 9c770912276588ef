// Wire sizes and codec costs of JSON, Protocol Buffers, Avro and MessagePack; see sdlab/serialization.h.
#include "sdlab/serialization.h"

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"

namespace sdlab::serialization {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

std::string InputError::Message() const { return field + ": " + message; }

std::string_view FormatName(Format f) {
  switch (f) {
    case Format::Json: return "json";
    case Format::Protobuf: return "protobuf";
    case Format::Avro: return "avro";
    case Format::MessagePack: return "msgpack";
  }
  return "json";
}

std::optional<Format> ParseFormat(std::string_view t) {
  if (t == "json") return Format::Json;
  if (t == "protobuf" || t == "proto" || t == "pb" || t == "protocol_buffers") return Format::Protobuf;
  if (t == "avro") return Format::Avro;
  if (t == "msgpack" || t == "messagepack") return Format::MessagePack;
  return std::nullopt;
}

CodecCost DefaultCost(Format f) {
  switch (f) {
    case Format::Json: return {20, 1.0, 40, 3.0};
    case Format::Protobuf: return {8, 0.2, 15, 0.4};
    case Format::Avro: return {10, 0.2, 15, 0.4};
    case Format::MessagePack: return {12, 0.4, 20, 0.8};
  }
  return {};
}

int VarintBytes(double v) {
  int n = 1;
  while (v >= 128.0 && n < 10) {
    v = std::floor(v / 128.0);
    ++n;
  }
  return n;
}

int DecimalDigits(double v) {
  int n = 1;
  while (v >= 10.0 && n < 400) {
    v = std::floor(v / 10.0);
    ++n;
  }
  return n;
}

namespace {

int MsgpackUintBytes(double v) {
  if (v <= 127) return 1;
  if (v <= 255) return 2;
  if (v <= 65535) return 3;
  if (v <= 4294967295.0) return 5;
  return 9;
}
int MsgpackStrHeader(double len) {
  if (len <= 31) return 1;
  if (len <= 255) return 2;
  if (len <= 65535) return 3;
  return 5;
}
int MsgpackContainerHeader(double n) {  // map or array
  if (n <= 15) return 1;
  if (n <= 65535) return 3;
  return 5;
}

Unexpected<InputError> Bad(std::string field, std::string message) {
  return Unexpected(InputError{std::move(field), std::move(message)});
}

}  // namespace

Expected<SerializationResult, InputError> Compare(const PayloadDef& d) {
  auto count = [](int v, int hi) { return v >= 0 && v <= hi; };
  if (!count(d.ints, 10000)) return Bad("ints", "must be between 0 and 10000");
  if (!count(d.doubles, 10000)) return Bad("doubles", "must be between 0 and 10000");
  if (!count(d.bools, 10000)) return Bad("bools", "must be between 0 and 10000");
  if (!count(d.strings, 10000)) return Bad("strings", "must be between 0 and 10000");
  if (d.ints + d.doubles + d.bools + d.strings < 1) return Bad("fields", "the record needs at least one field");
  if (!(d.int_value >= 0 && d.int_value <= 1.8e19) || std::floor(d.int_value) != d.int_value)
    return Bad("int_value", "must be a whole number between 0 and 1.8e19 (unsigned 64-bit)");
  if (!count(d.double_chars, 32) || d.double_chars < 1) return Bad("double_chars", "must be between 1 and 32");
  if (!count(d.string_length, 100000000)) return Bad("string_length", "must be between 0 and 1e8");
  if (!count(d.key_length, 1000) || d.key_length < 1) return Bad("key_length", "must be between 1 and 1000");
  if (!count(d.records, 1000000) || d.records < 1) return Bad("records", "must be between 1 and 1e6");
  if (!count(d.avro_framing, 64)) return Bad("avro_framing", "must be between 0 and 64");
  if (!(d.messages_per_s >= 0 && d.messages_per_s <= 1e12)) return Bad("messages_per_s", "must be between 0 and 1e12");
  for (const auto& c : d.cost)
    if (c && !(c->encode_ns_per_field >= 0 && c->encode_ns_per_byte >= 0 && c->decode_ns_per_field >= 0 &&
               c->decode_ns_per_byte >= 0 && c->encode_ns_per_field < 1e9 && c->decode_ns_per_field < 1e9 &&
               c->encode_ns_per_byte < 1e9 && c->decode_ns_per_byte < 1e9))
      return Bad("cost", "costs must be between 0 and 1e9 ns");
  const double per_message_bytes_limit = 1e13;
  const int f = d.ints + d.doubles + d.bools + d.strings;
  const double n = d.records;
  const double len = d.string_length;
  SerializationResult r;
  r.fields_per_record = f;
  r.fields = static_cast<std::int64_t>(f) * d.records;
  if (n * (f * (len + 32.0 + d.key_length)) > per_message_bytes_limit)
    return Bad("records", "a message above 10 TB is not a payload (limit 1e13 bytes)");

  double pb_tags = 0;
  for (int k = 1; k <= f; ++k) pb_tags += VarintBytes(static_cast<double>(k) * 8.0);

  for (Format fmt : kFormats) {
    FormatRow row;
    row.format = fmt;
    double names = 0, values = 0, structure = 0;  // per record first
    switch (fmt) {
      case Format::Json:
        names = f * (d.key_length + 3.0);
        values = d.ints * DecimalDigits(d.int_value) + d.doubles * double(d.double_chars) + d.bools * 4.5 +
                 d.strings * (len + 2);
        structure = 2.0 + (f - 1);
        break;
      case Format::Protobuf:
        names = pb_tags;
        values = d.ints * VarintBytes(d.int_value) + d.doubles * 8.0 + d.bools * 1.0 +
                 d.strings * (VarintBytes(len) + len);
        break;
      case Format::Avro:
        values = d.ints * VarintBytes(d.int_value * 2) + d.doubles * 8.0 + d.bools * 1.0 +
                 d.strings * (VarintBytes(len * 2) + len);
        break;
      case Format::MessagePack:
        names = f * double(MsgpackStrHeader(d.key_length) + d.key_length);
        values = d.ints * MsgpackUintBytes(d.int_value) + d.doubles * 9.0 + d.bools * 1.0 +
                 d.strings * (MsgpackStrHeader(len) + len);
        structure = MsgpackContainerHeader(f);
        break;
    }
    const double record = names + values + structure;
    row.names_bytes = names * n;
    row.values_bytes = values * n;
    row.structure_bytes = structure * n;
    if (d.records > 1) {
      switch (fmt) {
        case Format::Json: row.structure_bytes += 2 + (n - 1); break;
        case Format::Protobuf: row.structure_bytes += n * (1 + VarintBytes(record)); break;
        case Format::Avro: row.structure_bytes += VarintBytes(n * 2) + 1; break;
        case Format::MessagePack: row.structure_bytes += MsgpackContainerHeader(n); break;
      }
    }
    if (fmt == Format::Avro) row.structure_bytes += d.avro_framing;
    row.bytes = row.names_bytes + row.values_bytes + row.structure_bytes;
    const CodecCost c = d.cost[static_cast<int>(fmt)].value_or(DefaultCost(fmt));
    const auto fields = static_cast<double>(r.fields);
    row.encode_ns = c.encode_ns_per_field * fields + c.encode_ns_per_byte * row.bytes;
    row.decode_ns = c.decode_ns_per_field * fields + c.decode_ns_per_byte * row.bytes;
    row.bandwidth_bytes_per_s = d.messages_per_s * row.bytes;
    row.cores = d.messages_per_s * (row.encode_ns + row.decode_ns) / 1e9;
    const std::string name(FormatName(fmt));
    row.formula = name + ": " + Fmt(row.names_bytes, 9) + " names/tags + " + Fmt(row.values_bytes, 9) +
                  " values + " + Fmt(row.structure_bytes, 9) + " structure = " + Fmt(row.bytes, 9) + " B";
    r.formulas.push_back({"bytes_" + name, row.formula});
    r.formulas.push_back({"encode_ns_" + name, "encode = " + Fmt(c.encode_ns_per_field) + " ns × " +
                                                   std::to_string(r.fields) + " fields + " +
                                                   Fmt(c.encode_ns_per_byte) + " ns × " + Fmt(row.bytes, 9) +
                                                   " B = " + Fmt(row.encode_ns) + " ns"});
    r.formulas.push_back({"decode_ns_" + name, "decode = " + Fmt(c.decode_ns_per_field) + " ns × " +
                                                   std::to_string(r.fields) + " fields + " +
                                                   Fmt(c.decode_ns_per_byte) + " ns × " + Fmt(row.bytes, 9) +
                                                   " B = " + Fmt(row.decode_ns) + " ns"});
    r.formulas.push_back({"cores_" + name, "cores = " + Fmt(d.messages_per_s) + "/s × (" + Fmt(row.encode_ns) +
                                               " + " + Fmt(row.decode_ns) + ") ns / 1e9 = " + Fmt(row.cores)});
    r.formulas.push_back({"bandwidth_" + name, "bandwidth = " + Fmt(d.messages_per_s) + "/s × " + Fmt(row.bytes, 9) +
                                                   " B = " + Fmt(row.bandwidth_bytes_per_s) + " B/s"});
    r.rows.push_back(row);
  }
  const double json_bytes = r.rows[0].bytes;
  for (FormatRow& row : r.rows) row.share_of_json = row.bytes / json_bytes;
  r.notes.push_back("JSON repeats every field name in every record; Protobuf replaces names with 1-byte tags; Avro "
                    "sends neither (the reader needs the writer's schema); MessagePack keeps names but binary values.");
  r.notes.push_back("Compression (gzip, zstd) narrows the gap for repetitive JSON at extra CPU cost; not modelled.");
  return r;
}

nlohmann::json ToJson(const SerializationResult& r) {
  nlohmann::json rows = nlohmann::json::array();
  for (const FormatRow& x : r.rows)
    rows.push_back({{"format", std::string(FormatName(x.format))},
                    {"bytes", JsonNumber(x.bytes)},
                    {"names_bytes", JsonNumber(x.names_bytes)},
                    {"values_bytes", JsonNumber(x.values_bytes)},
                    {"structure_bytes", JsonNumber(x.structure_bytes)},
                    {"share_of_json", JsonNumber(x.share_of_json)},
                    {"encode_ns", JsonNumber(x.encode_ns)},
                    {"decode_ns", JsonNumber(x.decode_ns)},
                    {"bandwidth_bytes_per_s", JsonNumber(x.bandwidth_bytes_per_s)},
                    {"cores", JsonNumber(x.cores)}});
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : r.formulas) f[x.key] = x.text;
  return {{"fields_per_record", r.fields_per_record}, {"fields", r.fields}, {"formats", rows}, {"formulas", f},
          {"notes", r.notes}};
}

}  // namespace sdlab::serialization
