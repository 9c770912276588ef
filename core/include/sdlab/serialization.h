// sdlab/serialization.h — JSON vs Protocol Buffers vs Avro vs MessagePack: bytes on the wire and CPU
// for a described payload, and what they cost in bandwidth and cores at a request rate.
//
// The payload: a message of `records` records (1 = the message is one record; more = a list of
// records), each with `ints` integer fields of a typical value, `doubles` floating-point fields,
// `bools` booleans and `strings` strings of a typical length (ASCII, nothing to escape). Field names
// have a typical length (JSON and MessagePack carry them; Protobuf and Avro do not). Every field is
// set (proto3 would skip fields at their default value: zero, false, "").
//
// Size rules, per record (F fields, field numbers 1..F):
//   JSON (compact, no spaces)  {} = 2, commas F − 1, each key "name": = name + 3, values: an integer
//        as its decimal digits, a double as `double_chars` characters (default 10), true/false =
//        4.5 on average, a string = length + 2 quotes. A list: [ ] + commas between records.
//   Protocol Buffers  each field: tag varint (1 byte for field numbers 1–15, 2 for 16–2047, 3 up to
//        262 143) + value: integer varint (7 bits a byte: 1 byte < 128, 2 < 16 384, ...), double
//        8 bytes (fixed64), bool 1, string = length varint + bytes. A list: `repeated Record = 1`,
//        each record 1 tag byte + length varint + record.
//   Avro (binary; the schema is not sent)  no names, no tags: long = zig-zag varint (value × 2),
//        double 8, boolean 1, string = zig-zag length varint + bytes. A list: block count varint +
//        records + 0 end byte. Plus `avro_framing` bytes per message (default 5: schema registry
//        magic byte + 4-byte schema id).
//   MessagePack  map header 1 byte (≤ 15 keys; 3 up to 65 535), keys as strings, values: positive
//        integer 1 byte ≤ 127, 2 ≤ 255, 3 ≤ 65 535, 5 ≤ 2^32 − 1, else 9; float64 9; bool 1; string
//        header 1 byte (length ≤ 31), 2 (≤ 255), 3 (≤ 65 535), 5 + bytes. A list: array header 1
//        (≤ 15), 3 (≤ 65 535) or 5.
//
// CPU: cost = ns per field × fields + ns per byte × bytes, for encoding and for decoding, single
// core. The default costs are rough orders of magnitude for mainstream libraries on a current
// server core (text parsing is the slow part of JSON); measure your own and pass them in.
//   JSON       encode 20 ns/field + 1.0 ns/byte   decode 40 ns/field + 3.0 ns/byte
//   Protobuf   encode  8 ns/field + 0.2 ns/byte   decode 15 ns/field + 0.4 ns/byte
//   Avro       encode 10 ns/field + 0.2 ns/byte   decode 15 ns/field + 0.4 ns/byte
//   MsgPack    encode 12 ns/field + 0.4 ns/byte   decode 20 ns/field + 0.8 ns/byte
// At R messages/s: bandwidth = R × bytes; cores = R × (encode + decode) / 1e9 (one encode at the
// sender and one decode at the receiver, both counted).
//
// Units: bytes, nanoseconds (keys end in _ns), per second. Deterministic: no randomness; JSON numbers
// rounded to 9 significant digits.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::serialization {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct Formula {
  std::string key;
  std::string text;
};

enum class Format { Json, Protobuf, Avro, MessagePack };
std::string_view FormatName(Format f);  ///< "json", "protobuf", "avro", "msgpack"
std::optional<Format> ParseFormat(std::string_view text);  ///< also "proto", "pb", "messagepack"
constexpr Format kFormats[] = {Format::Json, Format::Protobuf, Format::Avro, Format::MessagePack};

struct CodecCost {
  double encode_ns_per_field = 0, encode_ns_per_byte = 0;
  double decode_ns_per_field = 0, decode_ns_per_byte = 0;
};
CodecCost DefaultCost(Format f);

struct PayloadDef {
  int ints = 4;
  double int_value = 1000;   ///< typical integer value (≥ 0)
  int doubles = 2;
  int double_chars = 10;     ///< JSON characters of a printed double
  int bools = 2;
  int strings = 4;
  int string_length = 20;    ///< typical string length, bytes
  int key_length = 10;       ///< typical field-name length, bytes
  int records = 1;           ///< records in one message
  int avro_framing = 5;      ///< bytes in front of each Avro message
  double messages_per_s = 1000;
  std::optional<CodecCost> cost[4];  ///< per format (index = Format), default DefaultCost
};

struct FormatRow {
  Format format = Format::Json;
  double names_bytes = 0;      ///< field names (JSON, MessagePack) or tags (Protobuf), per message
  double values_bytes = 0;     ///< the values themselves (with their length prefixes/quotes)
  double structure_bytes = 0;  ///< braces, commas, map/array headers, framing
  double bytes = 0;            ///< per message
  double share_of_json = 0;    ///< bytes / JSON bytes
  double encode_ns = 0;
  double decode_ns = 0;
  double bandwidth_bytes_per_s = 0;
  double cores = 0;
  std::string formula;
};

struct SerializationResult {
  int fields_per_record = 0;
  std::int64_t fields = 0;      ///< per message (records × fields per record: up to 4·10¹⁰)
  std::vector<FormatRow> rows;  ///< json, protobuf, avro, msgpack
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
  const FormatRow& Row(Format f) const { return rows[static_cast<int>(f)]; }
};

Expected<SerializationResult, InputError> Compare(const PayloadDef& def);

/// Bytes of an unsigned varint (7 bits per byte).
int VarintBytes(double v);
/// Decimal digits of a non-negative integer value.
int DecimalDigits(double v);

nlohmann::json ToJson(const SerializationResult& r);

}  // namespace sdlab::serialization
