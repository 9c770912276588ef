// units/units.cpp — reading quantities: counts, bytes, durations, rates, fractions; calendars.
//
// Every reader trims white space, reads a decimal number (see decimal.h) and then a unit, looked up
// case-insensitively in a table below. A unit that is a power of ten is folded into the decimal
// exponent before rounding, so "99.95%" is exactly the double nearest 0.9995 and "1.27 KB" is 1270.
#include <array>
#include <optional>
#include <span>

#include "sdlab/units.h"
#include "units/decimal.h"

namespace sdlab::units {

using detail::AsciiLower;
using detail::DecimalText;
using detail::ScanDecimal;
using detail::ToDouble;
using detail::TrimSpace;

std::string UnitError::Message() const { return "\"" + text + "\": " + reason; }

namespace {

// [SECTION] Errors and limits

constexpr double kLimit = 1e30;
constexpr std::string_view kTooLarge = "value too large (limit 1e30)";

Unexpected<UnitError> Fail(std::string_view text, std::string reason) {
  return Unexpected<UnitError>{UnitError{std::string(text), std::move(reason)}};
}

std::string UnknownUnit(std::string_view unit) {
  return "unknown unit '" + std::string(unit) + "'";
}

// [SECTION] Unit tables (names in lower case; the input is lowered before lookup)

/// value = number × 10^pow10 × factor (factor 1 keeps the result correctly rounded).
struct UnitScale {
  int pow10 = 0;
  double factor = 1.0;
};

struct UnitName {
  std::string_view name;
  UnitScale scale;
};

constexpr std::array kCountUnits = {
    UnitName{"", {0, 1.0}},         UnitName{"k", {3, 1.0}},        UnitName{"thousand", {3, 1.0}},
    UnitName{"m", {6, 1.0}},        UnitName{"million", {6, 1.0}},  UnitName{"b", {9, 1.0}},
    UnitName{"g", {9, 1.0}},        UnitName{"billion", {9, 1.0}},  UnitName{"t", {12, 1.0}},
    UnitName{"trillion", {12, 1.0}},
};

constexpr double kKi = 1024.0;
constexpr double kMi = kKi * 1024.0;
constexpr double kGi = kMi * 1024.0;
constexpr double kTi = kGi * 1024.0;
constexpr double kPi = kTi * 1024.0;
constexpr double kEi = kPi * 1024.0;

constexpr std::array kByteUnits = {
    UnitName{"", {0, 1.0}}, UnitName{"b", {0, 1.0}}, UnitName{"byte", {0, 1.0}},
    UnitName{"bytes", {0, 1.0}}, UnitName{"kb", {3, 1.0}}, UnitName{"kilobyte", {3, 1.0}},
    UnitName{"kilobytes", {3, 1.0}}, UnitName{"mb", {6, 1.0}}, UnitName{"megabyte", {6, 1.0}},
    UnitName{"megabytes", {6, 1.0}}, UnitName{"gb", {9, 1.0}}, UnitName{"gigabyte", {9, 1.0}},
    UnitName{"gigabytes", {9, 1.0}}, UnitName{"tb", {12, 1.0}}, UnitName{"terabyte", {12, 1.0}},
    UnitName{"terabytes", {12, 1.0}}, UnitName{"pb", {15, 1.0}}, UnitName{"petabyte", {15, 1.0}},
    UnitName{"petabytes", {15, 1.0}}, UnitName{"eb", {18, 1.0}}, UnitName{"exabyte", {18, 1.0}},
    UnitName{"exabytes", {18, 1.0}}, UnitName{"kib", {0, kKi}}, UnitName{"kibibyte", {0, kKi}},
    UnitName{"kibibytes", {0, kKi}}, UnitName{"mib", {0, kMi}}, UnitName{"mebibyte", {0, kMi}},
    UnitName{"mebibytes", {0, kMi}}, UnitName{"gib", {0, kGi}}, UnitName{"gibibyte", {0, kGi}},
    UnitName{"gibibytes", {0, kGi}}, UnitName{"tib", {0, kTi}}, UnitName{"tebibyte", {0, kTi}},
    UnitName{"tebibytes", {0, kTi}}, UnitName{"pib", {0, kPi}}, UnitName{"pebibyte", {0, kPi}},
    UnitName{"pebibytes", {0, kPi}}, UnitName{"eib", {0, kEi}}, UnitName{"exbibyte", {0, kEi}},
    UnitName{"exbibytes", {0, kEi}},
};

/// Durations; "mo" and "y" rows are placeholders, their length comes from the Calendar.
enum class DurationKind { Fixed, Month, Year };
struct DurationName {
  std::string_view name;
  DurationKind kind;
  UnitScale scale;
};

constexpr std::array kDurationUnits = {
    DurationName{"ns", DurationKind::Fixed, {-9, 1.0}},
    DurationName{"nsec", DurationKind::Fixed, {-9, 1.0}},
    DurationName{"nanosecond", DurationKind::Fixed, {-9, 1.0}},
    DurationName{"nanoseconds", DurationKind::Fixed, {-9, 1.0}},
    DurationName{"us", DurationKind::Fixed, {-6, 1.0}},
    DurationName{"\xC2\xB5s", DurationKind::Fixed, {-6, 1.0}},  // U+00B5 micro sign
    DurationName{"\xCE\xBCs", DurationKind::Fixed, {-6, 1.0}},  // U+03BC Greek mu
    DurationName{"usec", DurationKind::Fixed, {-6, 1.0}},
    DurationName{"microsecond", DurationKind::Fixed, {-6, 1.0}},
    DurationName{"microseconds", DurationKind::Fixed, {-6, 1.0}},
    DurationName{"ms", DurationKind::Fixed, {-3, 1.0}},
    DurationName{"msec", DurationKind::Fixed, {-3, 1.0}},
    DurationName{"millisecond", DurationKind::Fixed, {-3, 1.0}},
    DurationName{"milliseconds", DurationKind::Fixed, {-3, 1.0}},
    DurationName{"s", DurationKind::Fixed, {0, 1.0}},
    DurationName{"sec", DurationKind::Fixed, {0, 1.0}},
    DurationName{"secs", DurationKind::Fixed, {0, 1.0}},
    DurationName{"second", DurationKind::Fixed, {0, 1.0}},
    DurationName{"seconds", DurationKind::Fixed, {0, 1.0}},
    DurationName{"m", DurationKind::Fixed, {0, 60.0}},
    DurationName{"min", DurationKind::Fixed, {0, 60.0}},
    DurationName{"mins", DurationKind::Fixed, {0, 60.0}},
    DurationName{"minute", DurationKind::Fixed, {0, 60.0}},
    DurationName{"minutes", DurationKind::Fixed, {0, 60.0}},
    DurationName{"h", DurationKind::Fixed, {0, 3600.0}},
    DurationName{"hr", DurationKind::Fixed, {0, 3600.0}},
    DurationName{"hrs", DurationKind::Fixed, {0, 3600.0}},
    DurationName{"hour", DurationKind::Fixed, {0, 3600.0}},
    DurationName{"hours", DurationKind::Fixed, {0, 3600.0}},
    DurationName{"d", DurationKind::Fixed, {0, 86400.0}},
    DurationName{"day", DurationKind::Fixed, {0, 86400.0}},
    DurationName{"days", DurationKind::Fixed, {0, 86400.0}},
    DurationName{"w", DurationKind::Fixed, {0, 604800.0}},
    DurationName{"wk", DurationKind::Fixed, {0, 604800.0}},
    DurationName{"wks", DurationKind::Fixed, {0, 604800.0}},
    DurationName{"week", DurationKind::Fixed, {0, 604800.0}},
    DurationName{"weeks", DurationKind::Fixed, {0, 604800.0}},
    DurationName{"mo", DurationKind::Month, {}},
    DurationName{"mon", DurationKind::Month, {}},
    DurationName{"month", DurationKind::Month, {}},
    DurationName{"months", DurationKind::Month, {}},
    DurationName{"y", DurationKind::Year, {}},
    DurationName{"yr", DurationKind::Year, {}},
    DurationName{"yrs", DurationKind::Year, {}},
    DurationName{"year", DurationKind::Year, {}},
    DurationName{"years", DurationKind::Year, {}},
};

/// Nouns allowed after the count of a rate: "100 req/s", "5K events/min".
constexpr std::array<std::string_view, 14> kRateNouns = {
    "req",   "reqs",    "request", "requests", "query",   "queries",  "op",
    "ops",   "event",   "events",  "msg",      "msgs",    "message",  "messages"};
/// Whole per-second rate units: "100 rps".
constexpr std::array<std::string_view, 3> kPerSecondUnits = {"rps", "qps", "tps"};

template <class Table>
std::optional<UnitScale> Lookup(const Table& table, std::string_view lower) {
  for (const auto& u : table) {
    if (u.name == lower) return u.scale;
  }
  return std::nullopt;
}

bool Contains(std::span<const std::string_view> words, std::string_view w) {
  for (std::string_view x : words) {
    if (x == w) return true;
  }
  return false;
}

std::optional<UnitScale> DurationScale(std::string_view lower, const Calendar& cal) {
  for (const auto& u : kDurationUnits) {
    if (u.name != lower) continue;
    switch (u.kind) {
      case DurationKind::Fixed: return u.scale;
      case DurationKind::Month: return UnitScale{0, cal.month_s};
      case DurationKind::Year: return UnitScale{0, cal.year_s};
    }
  }
  return std::nullopt;
}

/// A count suffix optionally followed by a word from `words` ("K", "K req", "Mrps"); with
/// `word_required` the word must be there. Returns the count's power of ten.
std::optional<int> CountWithWord(std::string_view lower, std::span<const std::string_view> words,
                                 bool word_required) {
  for (const auto& u : kCountUnits) {
    if (lower.substr(0, u.name.size()) != u.name) continue;
    const std::string_view word = TrimSpace(lower.substr(u.name.size()));
    if (word.empty() ? !word_required : Contains(words, word)) return u.scale.pow10;
  }
  return std::nullopt;
}

double Apply(const DecimalText& number, UnitScale s) {
  const double v = ToDouble(number, s.pow10);
  return s.factor == 1.0 ? v : v * s.factor;
}

// [SECTION] Number + unit

/// "<number>[ ]<unit>" read from trimmed text; the number is non-negative and at most the limit.
struct Reading {
  DecimalText number;
  double value = 0.0;     ///< the number alone
  std::string_view unit;  ///< trimmed, verbatim (may be empty)
};

Expected<Reading, UnitError> ReadQuantity(std::string_view original, std::string_view t) {
  if (t.empty()) return Fail(original, "empty");
  Reading r;
  const std::size_t n = ScanDecimal(t, r.number);
  if (n == 0) {
    std::string lower = AsciiLower(t);
    if (!lower.empty() && (lower[0] == '+' || lower[0] == '-')) lower.erase(0, 1);
    if (lower.substr(0, 3) == "inf") return Fail(original, std::string(kTooLarge));
    return Fail(original, "not a number");
  }
  r.unit = TrimSpace(t.substr(n));
  if (!r.unit.empty() && ((r.unit[0] >= '0' && r.unit[0] <= '9') || r.unit[0] == '.')) {
    return Fail(original, "not a number");  // "1.5.3", "1 000"
  }
  if (r.number.negative) {
    if (r.number.digits.find_first_not_of('0') != std::string::npos) {
      return Fail(original, "negative value");
    }
    r.number.negative = false;  // "-0" is 0
  }
  r.value = ToDouble(r.number);
  if (r.value > kLimit) return Fail(original, std::string(kTooLarge));
  return r;
}

Expected<double, UnitError> Checked(std::string_view original, double v) {
  if (!(v <= kLimit)) return Fail(original, std::string(kTooLarge));
  return v;
}

/// A period: "day", "s", "10min", "10 min"; > 0 seconds.
Expected<double, UnitError> ReadPeriod(std::string_view original, std::string_view t,
                                       const Calendar& cal) {
  if (t.empty()) return Fail(original, "missing unit");
  DecimalText number;
  number.digits = "1";
  std::string_view unit = t;
  if (ScanDecimal(t, number) > 0) {
    auto r = ReadQuantity(original, t);
    if (!r) return Unexpected<UnitError>{r.error()};
    number = r->number;
    unit = r->unit;
    if (unit.empty()) return Fail(original, "missing unit");
  }
  if (unit == "M") return Fail(original, "ambiguous unit 'M' (use 'min' or 'mo')");
  const auto scale = DurationScale(AsciiLower(unit), cal);
  if (!scale) return Fail(original, UnknownUnit(unit));
  const double seconds = Apply(number, *scale);
  if (seconds == 0.0) return Fail(original, "zero period");
  return Checked(original, seconds);
}

/// Splits a rate at '/' or at the word "per"; nullopt when neither is there.
std::optional<std::pair<std::string_view, std::string_view>> SplitRate(std::string_view t) {
  if (const auto slash = t.find('/'); slash != std::string_view::npos) {
    return std::pair{TrimSpace(t.substr(0, slash)), TrimSpace(t.substr(slash + 1))};
  }
  const std::string lower = AsciiLower(t);
  if (const auto per = lower.find(" per "); per != std::string::npos) {
    return std::pair{TrimSpace(t.substr(0, per)), TrimSpace(t.substr(per + 5))};
  }
  return std::nullopt;
}

}  // namespace

// [SECTION] Calendars

Calendar CalendarFor(MonthConvention c) {
  switch (c) {
    case MonthConvention::Days30: return {c, 30.0 * 86400.0, 365.0 * 86400.0};
    case MonthConvention::Primer: return {c, 2.5e6, 3.0e7};
    case MonthConvention::Gregorian: return {c, 365.2425 * 86400.0 / 12.0, 365.2425 * 86400.0};
    case MonthConvention::Days365: return {c, 365.0 * 86400.0 / 12.0, 365.0 * 86400.0};
  }
  return {};
}

std::string_view MonthConventionName(MonthConvention c) {
  switch (c) {
    case MonthConvention::Days30: return "30d";
    case MonthConvention::Primer: return "primer";
    case MonthConvention::Gregorian: return "gregorian";
    case MonthConvention::Days365: return "365d";
  }
  return "30d";
}

Expected<MonthConvention, UnitError> ParseMonthConvention(std::string_view text) {
  const std::string_view t = TrimSpace(text);
  if (t.empty()) return Fail(text, "empty");
  const std::string lower = AsciiLower(t);
  if (lower == "30d" || lower == "days30" || lower == "30") return MonthConvention::Days30;
  if (lower == "primer") return MonthConvention::Primer;
  if (lower == "gregorian") return MonthConvention::Gregorian;
  if (lower == "365d" || lower == "days365" || lower == "365") return MonthConvention::Days365;
  return Fail(text, "unknown month convention '" + std::string(t) +
                        "' (use 30d, primer, gregorian or 365d)");
}

// [SECTION] Readers

Expected<double, UnitError> ParseCount(std::string_view text) {
  auto r = ReadQuantity(text, TrimSpace(text));
  if (!r) return Unexpected<UnitError>{r.error()};
  const auto scale = Lookup(kCountUnits, AsciiLower(r->unit));
  if (!scale) return Fail(text, UnknownUnit(r->unit));
  return Checked(text, Apply(r->number, *scale));
}

Expected<double, UnitError> ParseBytes(std::string_view text) {
  auto r = ReadQuantity(text, TrimSpace(text));
  if (!r) return Unexpected<UnitError>{r.error()};
  const auto scale = Lookup(kByteUnits, AsciiLower(r->unit));
  if (!scale) return Fail(text, UnknownUnit(r->unit));
  return Checked(text, Apply(r->number, *scale));
}

Expected<double, UnitError> ParseDuration(std::string_view text, const Calendar& cal) {
  auto r = ReadQuantity(text, TrimSpace(text));
  if (!r) return Unexpected<UnitError>{r.error()};
  if (r->unit.empty()) return Fail(text, "missing unit");
  if (r->unit == "M") return Fail(text, "ambiguous unit 'M' (use 'min' or 'mo')");
  const auto scale = DurationScale(AsciiLower(r->unit), cal);
  if (!scale) return Fail(text, UnknownUnit(r->unit));
  return Checked(text, Apply(r->number, *scale));
}

Expected<double, UnitError> ParseRate(std::string_view text, const Calendar& cal) {
  const std::string_view t = TrimSpace(text);
  if (t.empty()) return Fail(text, "empty");
  const auto parts = SplitRate(t);
  if (parts && parts->first.empty()) return Fail(text, "not a number");  // "/s"
  auto r = ReadQuantity(text, parts ? parts->first : t);
  if (!r) return Unexpected<UnitError>{r.error()};
  const std::string lower_unit = AsciiLower(r->unit);
  if (!parts) {  // "100 rps", "10K qps"
    if (CountWithWord(lower_unit, kRateNouns, false)) return Fail(text, "missing unit");  // "10M"
    const auto pow10 = CountWithWord(lower_unit, kPerSecondUnits, true);
    if (!pow10) return Fail(text, UnknownUnit(r->unit));
    return Checked(text, ToDouble(r->number, *pow10));
  }
  const auto pow10 = CountWithWord(lower_unit, kRateNouns, false);
  if (!pow10) return Fail(text, UnknownUnit(r->unit));
  const auto seconds = ReadPeriod(text, parts->second, cal);
  if (!seconds) return Unexpected<UnitError>{seconds.error()};
  return Checked(text, ToDouble(r->number, *pow10) / *seconds);
}

Expected<double, UnitError> ParseFraction(std::string_view text) {
  auto r = ReadQuantity(text, TrimSpace(text));
  if (!r) return Unexpected<UnitError>{r.error()};
  const std::string unit = AsciiLower(r->unit);
  if (unit.empty()) {
    if (r->value > 1.0) return Fail(text, "fraction above 1");
    return r->value;
  }
  if (unit == "%" || unit == "percent" || unit == "pct") {
    const double v = ToDouble(r->number, -2);
    if (v > 1.0) return Fail(text, "percentage above 100%");
    return v;
  }
  if (unit == "nines" || unit == "nine") {
    const double n = r->value;
    if (n >= 400.0) return 1.0;
    if (n == static_cast<double>(static_cast<int>(n))) {
      // n nines exactly as the decimal 0.99...9, correctly rounded: "5 nines" == 0.99999.
      DecimalText nines;
      nines.digits.assign(static_cast<std::size_t>(n), '9');
      if (nines.digits.empty()) return 0.0;
      nines.exp10 = -static_cast<long>(n);
      return ToDouble(nines);
    }
    return 1.0 - detail::Pow10(-n);
  }
  return Fail(text, UnknownUnit(r->unit));
}

}  // namespace sdlab::units
