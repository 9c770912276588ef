// Tests for sdlab/share.h: base64url against RFC 4648's test vectors, percent-encoding, and the
// #bp=&seed=&focus= fragment (round trips, limits, malformed input).
#include <catch.hpp>

#include <string>

#include "sdlab/share.h"

using namespace sdlab::share;

TEST_CASE("base64url encodes the RFC 4648 test vectors without padding", "[share]") {
  CHECK(Base64UrlEncode("") == "");
  CHECK(Base64UrlEncode("f") == "Zg");
  CHECK(Base64UrlEncode("fo") == "Zm8");
  CHECK(Base64UrlEncode("foo") == "Zm9v");
  CHECK(Base64UrlEncode("foob") == "Zm9vYg");
  CHECK(Base64UrlEncode("fooba") == "Zm9vYmE");
  CHECK(Base64UrlEncode("foobar") == "Zm9vYmFy");
  // 0xFB 0xFF is "+/8=" in plain base64: the URL alphabet uses '-' and '_'.
  CHECK(Base64UrlEncode(std::string("\xFB\xFF", 2)) == "-_8");
}

TEST_CASE("base64url decodes what it encodes, for every byte value", "[share]") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t n = 0; n <= all.size(); n += 37) {
    const std::string part = all.substr(0, n);
    auto back = Base64UrlDecode(Base64UrlEncode(part));
    REQUIRE(back.has_value());
    CHECK(*back == part);
  }
  // Plain base64 characters and padding are accepted too.
  CHECK(Base64UrlDecode("+/8=").value_or("x") == std::string("\xFB\xFF", 2));
  CHECK(Base64UrlDecode("Zm9vYg==").value_or("x") == "foob");
}

TEST_CASE("base64url refuses malformed text", "[share]") {
  CHECK_FALSE(Base64UrlDecode("Z").has_value());      // 4n+1 characters cannot be
  CHECK_FALSE(Base64UrlDecode("Zh").has_value());     // 'h' leaves non-zero padding bits
  CHECK_FALSE(Base64UrlDecode("Zm9v!").has_value());  // not in the alphabet
  CHECK(Base64UrlDecode("Zm9v!").error().message == "character 5 is not base64url");
}

TEST_CASE("percent-encoding keeps unreserved characters only", "[share]") {
  CHECK(PercentEncode("db_1-a.b~") == "db_1-a.b~");
  CHECK(PercentEncode("a b/c&d") == "a%20b%2Fc%26d");
  CHECK(PercentEncode("é") == "%C3%A9");
  CHECK(PercentDecode("a%20b%2fc").value_or("x") == "a b/c");
  CHECK_FALSE(PercentDecode("50%").has_value());
  CHECK_FALSE(PercentDecode("%4").has_value());
  CHECK_FALSE(PercentDecode("%zz").has_value());
}

TEST_CASE("a share link carries text, seed and focus", "[share]") {
  // "{}" is 0x7B 0x7D: 011110 110111 110100 → "e30".
  auto link = EncodeShareLink("{}", 42, "db");
  REQUIRE(link.has_value());
  CHECK(*link == "#bp=e30&seed=42&focus=db");
  CHECK(EncodeShareLink("{}", 7, "").value_or("") == "#bp=e30&seed=7");
  CHECK(EncodeShareLink("{}", 1, "a b").value_or("") == "#bp=e30&seed=1&focus=a%20b");

  auto url = ShareUrl("https://example.org/sdlab/#old", "{}", 3, "CAP001");
  REQUIRE(url.has_value());
  CHECK(*url == "https://example.org/sdlab/#bp=e30&seed=3&focus=CAP001");

  const std::string text = "// comment\n{ \"name\": \"x\", \"components\": [] }\n";
  auto state = DecodeShareFragment(*EncodeShareLink(text, 18446744073709551615ull, "lb/1 x"));
  REQUIRE(state.has_value());
  CHECK(state->text == text);
  CHECK(state->seed == 18446744073709551615ull);
  CHECK(state->focus == "lb/1 x");
}

TEST_CASE("decoding a fragment: whole URLs, defaults, unknown parameters", "[share]") {
  auto s = DecodeShareFragment("https://example.org/play/?q=1#seed=9&bp=e30&future=yes");
  REQUIRE(s.has_value());
  CHECK(s->text == "{}");
  CHECK(s->seed == 9);
  CHECK(s->focus.empty());
  auto d = DecodeShareFragment("bp=e30");
  REQUIRE(d.has_value());
  CHECK(d->seed == 1);
}

TEST_CASE("decoding refuses a fragment without bp, bad seeds and bad escapes", "[share]") {
  CHECK(DecodeShareFragment("#seed=1").error().message == "the fragment has no 'bp' parameter");
  CHECK_FALSE(DecodeShareFragment("#bp=e30&seed=-1").has_value());
  CHECK_FALSE(DecodeShareFragment("#bp=e30&seed=18446744073709551616").has_value());
  CHECK_FALSE(DecodeShareFragment("#bp=e30&seed=").has_value());
  CHECK_FALSE(DecodeShareFragment("#bp=e3&seed=1").has_value());
  CHECK_FALSE(DecodeShareFragment("#bp=e30&focus=%G0").has_value());
}

TEST_CASE("share links are size-limited", "[share]") {
  const std::string at_limit(kMaxShareTextBytes, 'x');
  auto ok = EncodeShareLink(at_limit, 1, "");
  REQUIRE(ok.has_value());
  CHECK(ok->size() == 4 + (kMaxShareTextBytes * 4 + 2) / 3 + 7);
  auto back = DecodeShareFragment(*ok);
  REQUIRE(back.has_value());
  CHECK(back->text.size() == kMaxShareTextBytes);
  auto too_long = EncodeShareLink(at_limit + "x", 1, "");
  REQUIRE_FALSE(too_long.has_value());
  CHECK(too_long.error().message == "the blueprint is 65537 bytes; a link carries at most 65536");
}
