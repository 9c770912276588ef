// Serialization sizes against the per-format byte rules worked by hand (see sdlab/serialization.h).
#include <catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/serialization.h"

using namespace sdlab;
using namespace sdlab::serialization;

namespace {
bool Near(double a, double b, double rel = 1e-9) { return std::fabs(a - b) <= rel * std::max(1e-12, std::fabs(b)); }
}  // namespace

TEST_CASE("Serialization: bytes of the default record in each format", "[serialization]") {
  // 4 ints = 1000, 2 doubles (10 JSON chars), 2 bools, 4 strings of 20 bytes, names of 10 bytes: F = 12.
  // JSON:     names 12 × (10 + 3) = 156; values 4×4 + 2×10 + 2×4.5 + 4×22 = 133; {} + 11 commas = 13 → 302.
  // Protobuf: tags 12 × 1 = 12; values 4×2 (varint 1000) + 2×8 + 2×1 + 4×(1 + 20) = 110 → 122.
  // Avro:     values 4×2 (zig-zag 2000) + 16 + 2 + 4×(1 + 20) = 110, + 5 framing → 115.
  // MsgPack:  names 12 × (1 + 10) = 132; values 4×3 (uint16) + 2×9 + 2×1 + 4×21 = 116; fixmap 1 → 249.
  PayloadDef d;
  auto r = Compare(d);
  REQUIRE(r);
  CHECK(r->fields == 12);
  CHECK(r->Row(Format::Json).bytes == 302);
  CHECK(r->Row(Format::Json).names_bytes == 156);
  CHECK(r->Row(Format::Protobuf).bytes == 122);
  CHECK(r->Row(Format::Avro).bytes == 115);
  CHECK(r->Row(Format::MessagePack).bytes == 249);
  CHECK(Near(r->Row(Format::Protobuf).share_of_json, 122.0 / 302.0));
  // JSON costs: encode 20 × 12 + 1 × 302 = 542 ns; decode 40 × 12 + 3 × 302 = 1386 ns;
  // at 1000/s: cores = 1000 × 1928 / 1e9 = 0.001928; bandwidth 302 000 B/s.
  CHECK(Near(r->Row(Format::Json).encode_ns, 542));
  CHECK(Near(r->Row(Format::Json).decode_ns, 1386));
  CHECK(Near(r->Row(Format::Json).cores, 0.001928));
  CHECK(Near(r->Row(Format::Json).bandwidth_bytes_per_s, 302000));
  const nlohmann::json j = ToJson(*r);
  CHECK(j["formats"].size() == 4);
  CHECK(j["formulas"].contains("bytes_protobuf"));
}

TEST_CASE("Serialization: lists of records", "[serialization]") {
  // 3 records. JSON: [ ] + 2 commas → 3 × 302 + 4 = 910. Protobuf: repeated message, each 1 tag + 1 length
  // byte (122 < 128) → 3 × 124 = 372. Avro: block count varint(6) = 1 + end 0 + 5 framing → 330 + 7 = 337.
  // MsgPack: fixarray 1 → 3 × 249 + 1 = 748.
  PayloadDef d;
  d.records = 3;
  auto r = Compare(d);
  REQUIRE(r);
  CHECK(r->Row(Format::Json).bytes == 910);
  CHECK(r->Row(Format::Protobuf).bytes == 372);
  CHECK(r->Row(Format::Avro).bytes == 337);
  CHECK(r->Row(Format::MessagePack).bytes == 748);
}

TEST_CASE("Serialization: varints, field numbers above 15, long strings", "[serialization]") {
  CHECK(VarintBytes(0) == 1);
  CHECK(VarintBytes(127) == 1);
  CHECK(VarintBytes(128) == 2);
  CHECK(VarintBytes(16383) == 2);
  CHECK(VarintBytes(16384) == 3);
  CHECK(DecimalDigits(0) == 1);
  CHECK(DecimalDigits(999) == 3);
  CHECK(DecimalDigits(1000) == 4);
  // 16 bools: tags 15 × 1 + 1 × 2 (field 16 → 128 needs 2 bytes) = 17, values 16 → 33 bytes of Protobuf.
  PayloadDef d;
  d.ints = d.doubles = d.strings = 0;
  d.bools = 16;
  CHECK(Compare(d)->Row(Format::Protobuf).bytes == 33);
  // One 300-byte string: Protobuf 1 + 2 (varint 300) + 300 = 303; Avro zig-zag 600 → 2 + 300 + 5 = 307;
  // MsgPack str16 header 3 → 1 (fixmap) + 11 (key) + 303 = 315; JSON 2 + 13 + 302 = 317.
  d.bools = 0;
  d.strings = 1;
  d.string_length = 300;
  auto r = Compare(d);
  REQUIRE(r);
  CHECK(r->Row(Format::Protobuf).bytes == 303);
  CHECK(r->Row(Format::Avro).bytes == 307);
  CHECK(r->Row(Format::MessagePack).bytes == 315);
  CHECK(r->Row(Format::Json).bytes == 317);
}

TEST_CASE("Serialization: bad payloads are refused", "[serialization]") {
  PayloadDef d;
  d.ints = d.doubles = d.bools = d.strings = 0;
  CHECK_FALSE(Compare(d));
  d.ints = 1;
  d.int_value = 1.5;
  CHECK_FALSE(Compare(d));
  d.int_value = 1;
  d.records = 0;
  CHECK_FALSE(Compare(d));
  d.records = 1000000;
  d.strings = 10000;
  d.string_length = 100000000;
  CHECK_FALSE(Compare(d));  // 10 TB message
}
