// Fuzz target: the units parsers (counts, sizes, durations, rates, fractions, month conventions).
// A value is finite and non-negative or the text is refused with a message; formatting a parsed
// value never crashes.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_check.h"
#include "sdlab/units.h"

namespace {

template <typename Parsed>
void CheckValue(const Parsed& v) {
  if (v) {
    sdlab::fuzz::Require(std::isfinite(*v), "a parsed value is finite");
  } else {
    sdlab::fuzz::Require(!v.error().Message().empty(), "a refusal has a message");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sdlab::units;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto count = ParseCount(text);
  CheckValue(count);
  if (count) (void)FormatCount(*count);
  const auto bytes = ParseBytes(text);
  CheckValue(bytes);
  if (bytes) (void)FormatBytes(*bytes);
  const auto duration = ParseDuration(text);
  CheckValue(duration);
  if (duration) (void)FormatDuration(*duration);
  const auto rate = ParseRate(text);
  CheckValue(rate);
  if (rate) (void)FormatRate(*rate);
  CheckValue(ParseFraction(text));
  (void)ParseMonthConvention(text);
  return 0;
}
