// Tests for sdlab/units.h: reading and printing counts, bytes, durations, rates and fractions.
// Expected values are the definitions in units.h worked by hand (e.g. 10M/month under the primer's
// 2.5e6 s month is 4/s); printed strings are fixed bytes that native and WebAssembly must both
// give.
#include <catch.hpp>

#include <cmath>
#include <string>

#include "sdlab/units.h"
#include "units/decimal.h"

using namespace sdlab::units;

namespace {

/// The error message, or "ok <value>" so that a wrong success shows up in the failure output.
std::string MessageOf(const sdlab::Expected<double, UnitError>& r) {
  return r ? "ok " + std::to_string(*r) : r.error().Message();
}

double Value(const sdlab::Expected<double, UnitError>& r) {
  REQUIRE(r.has_value());
  return *r;
}

const Calendar kPrimer = CalendarFor(MonthConvention::Primer);
const Calendar kGregorian = CalendarFor(MonthConvention::Gregorian);
const Calendar kDays365 = CalendarFor(MonthConvention::Days365);

}  // namespace

// [SECTION] Reading

TEST_CASE("counts: suffixes and words", "[units]") {
  CHECK(Value(ParseCount("12")) == 12.0);
  CHECK(Value(ParseCount("10K")) == 1e4);
  CHECK(Value(ParseCount("10k")) == 1e4);
  CHECK(Value(ParseCount("2.5M")) == 2.5e6);
  CHECK(Value(ParseCount("2.5m")) == 2.5e6);
  CHECK(Value(ParseCount("3B")) == 3e9);
  CHECK(Value(ParseCount("3G")) == 3e9);
  CHECK(Value(ParseCount("1.5T")) == 1.5e12);
  CHECK(Value(ParseCount("10 million")) == 1e7);
  CHECK(Value(ParseCount("4 thousand")) == 4e3);
  CHECK(Value(ParseCount("2 Billion")) == 2e9);
  CHECK(Value(ParseCount("7 TRILLION")) == 7e12);
  CHECK(Value(ParseCount("1e9")) == 1e9);
  CHECK(Value(ParseCount("  450 K \t")) == 450e3);
  CHECK(Value(ParseCount("+3")) == 3.0);
  CHECK(Value(ParseCount("-0")) == 0.0);
  CHECK_FALSE(std::signbit(Value(ParseCount("-0"))));
  CHECK(Value(ParseCount("1e30")) == 1e30);  // the limit itself is allowed
}

TEST_CASE("numbers are read exactly", "[units]") {
  // The unit's power of ten joins the decimal exponent, so each result is the nearest double.
  CHECK(Value(ParseCount("0.1")) == 0.1);
  CHECK(Value(ParseCount(".5")) == 0.5);
  CHECK(Value(ParseCount("5.")) == 5.0);
  CHECK(Value(ParseCount("1E3")) == 1000.0);
  CHECK(Value(ParseCount("1e+3")) == 1000.0);
  CHECK(Value(ParseCount("2500e-3")) == 2.5);
  CHECK(Value(ParseCount("1.1K")) == 1100.0);
  CHECK(Value(ParseCount("0.1000000000000000055511151231257827")) == 0.1);
  CHECK(Value(ParseCount("123456789012345678901234567890")) == 123456789012345678901234567890.0);
  CHECK(Value(ParseCount("0.3M")) == 300000.0);
  CHECK(Value(ParseDuration("300ms")) == 0.3);
  CHECK(Value(ParseDuration("0.1 s")) == 0.1);
  // An 'e' without exponent digits belongs to the unit: "1EB" is one exabyte, not 1e(B).
  CHECK(Value(ParseBytes("1EB")) == 1e18);
  CHECK(Value(ParseBytes("1e3KB")) == 1e6);
}

TEST_CASE("bytes: decimal and binary prefixes", "[units]") {
  SECTION("decimal (SI)") {
    CHECK(Value(ParseBytes("512")) == 512.0);
    CHECK(Value(ParseBytes("512 B")) == 512.0);
    CHECK(Value(ParseBytes("512b")) == 512.0);
    CHECK(Value(ParseBytes("3 bytes")) == 3.0);
    CHECK(Value(ParseBytes("1 byte")) == 1.0);
    CHECK(Value(ParseBytes("2KB")) == 2000.0);
    CHECK(Value(ParseBytes("2kb")) == 2000.0);
    CHECK(Value(ParseBytes("2 kB")) == 2000.0);
    CHECK(Value(ParseBytes("1.27 KB")) == 1270.0);
    CHECK(Value(ParseBytes("5MB")) == 5e6);
    CHECK(Value(ParseBytes("1 GB")) == 1e9);
    CHECK(Value(ParseBytes("2 gigabytes")) == 2e9);
    CHECK(Value(ParseBytes("1 TB")) == 1e12);
    CHECK(Value(ParseBytes("3 PB")) == 3e15);
    CHECK(Value(ParseBytes("2 exabytes")) == 2e18);
    CHECK(Value(ParseBytes("1 kilobyte")) == 1e3);
    CHECK(Value(ParseBytes("4 megabytes")) == 4e6);
    CHECK(Value(ParseBytes("1 terabyte")) == 1e12);
    CHECK(Value(ParseBytes("1 petabytes")) == 1e15);
  }
  SECTION("binary (IEC)") {
    CHECK(Value(ParseBytes("1 KiB")) == 1024.0);
    CHECK(Value(ParseBytes("1kib")) == 1024.0);
    CHECK(Value(ParseBytes("1.5 KiB")) == 1536.0);
    CHECK(Value(ParseBytes("1 MiB")) == 1048576.0);
    CHECK(Value(ParseBytes("1 GiB")) == 1073741824.0);
    CHECK(Value(ParseBytes("1 TiB")) == 1099511627776.0);
    CHECK(Value(ParseBytes("3 PiB")) == 3.0 * 1125899906842624.0);
    CHECK(Value(ParseBytes("1 EiB")) == 1152921504606846976.0);
    CHECK(Value(ParseBytes("2 gibibytes")) == 2.0 * 1073741824.0);
    CHECK(Value(ParseBytes("1 kibibyte")) == 1024.0);
    CHECK(Value(ParseBytes("1 mebibyte")) == 1048576.0);
  }
  SECTION("a bare prefix is not a byte unit") {
    CHECK(MessageOf(ParseBytes("1 G")) == "\"1 G\": unknown unit 'G'");
  }
}

TEST_CASE("durations: every unit, in seconds", "[units]") {
  CHECK(Value(ParseDuration("100ns")) == Approx(1e-7).epsilon(1e-15));
  CHECK(Value(ParseDuration("100ns")) == 100e-9);
  CHECK(Value(ParseDuration("3 nanoseconds")) == 3e-9);
  CHECK(Value(ParseDuration("10us")) == 10e-6);
  CHECK(Value(ParseDuration("10 \xC2\xB5s")) == 10e-6);  // micro sign
  CHECK(Value(ParseDuration("10\xCE\xBCs")) == 10e-6);   // Greek mu
  CHECK(Value(ParseDuration("2 microseconds")) == 2e-6);
  CHECK(Value(ParseDuration("300ms")) == 0.3);
  CHECK(Value(ParseDuration("300 MS")) == 0.3);
  CHECK(Value(ParseDuration("1 millisecond")) == 1e-3);
  CHECK(Value(ParseDuration("2.5 milliseconds")) == 2.5e-3);
  CHECK(Value(ParseDuration("1.5 s")) == 1.5);
  CHECK(Value(ParseDuration("4 sec")) == 4.0);
  CHECK(Value(ParseDuration("1 second")) == 1.0);
  CHECK(Value(ParseDuration("30 seconds")) == 30.0);
  CHECK(Value(ParseDuration("2m")) == 120.0);  // m = minutes for durations
  CHECK(Value(ParseDuration("2 min")) == 120.0);
  CHECK(Value(ParseDuration("5 minutes")) == 300.0);
  CHECK(Value(ParseDuration("1h")) == 3600.0);
  CHECK(Value(ParseDuration("2 hr")) == 7200.0);
  CHECK(Value(ParseDuration("3 hours")) == 10800.0);
  CHECK(Value(ParseDuration("1d")) == 86400.0);
  CHECK(Value(ParseDuration("2 days")) == 172800.0);
  CHECK(Value(ParseDuration("1w")) == 604800.0);
  CHECK(Value(ParseDuration("2 weeks")) == 1209600.0);
  CHECK(Value(ParseDuration("1mo")) == 2592000.0);  // default calendar: 30-day month
  CHECK(Value(ParseDuration("1 month")) == 2592000.0);
  CHECK(Value(ParseDuration("2 months")) == 5184000.0);
  CHECK(Value(ParseDuration("1y")) == 31536000.0);
  CHECK(Value(ParseDuration("5y")) == 5.0 * 31536000.0);
  CHECK(Value(ParseDuration("1 year")) == 31536000.0);
  CHECK(Value(ParseDuration("10 years")) == 315360000.0);
  CHECK(Value(ParseDuration("0s")) == 0.0);
}

TEST_CASE("month conventions", "[units]") {
  SECTION("the default calendar is the 30-day month") {
    const Calendar def;
    CHECK(def.convention == MonthConvention::Days30);
    CHECK(def.month_s == 2592000.0);
    CHECK(def.year_s == 31536000.0);
  }
  SECTION("lengths") {
    const Calendar d30 = CalendarFor(MonthConvention::Days30);
    CHECK(d30.convention == MonthConvention::Days30);
    CHECK(d30.month_s == 30.0 * 86400.0);
    CHECK(d30.year_s == 365.0 * 86400.0);
    CHECK(kPrimer.convention == MonthConvention::Primer);
    CHECK(kPrimer.month_s == 2.5e6);
    CHECK(kPrimer.year_s == 3.0e7);
    CHECK(kGregorian.convention == MonthConvention::Gregorian);
    CHECK(kGregorian.month_s == 2629746.0);  // 365.2425 × 86400 / 12, exact
    CHECK(kGregorian.year_s == 31556952.0);
    CHECK(kDays365.convention == MonthConvention::Days365);
    CHECK(kDays365.month_s == 2628000.0);
    CHECK(kDays365.year_s == 31536000.0);
  }
  SECTION("months and years follow the calendar") {
    CHECK(Value(ParseDuration("1mo", kPrimer)) == 2.5e6);
    CHECK(Value(ParseDuration("5y", kPrimer)) == 1.5e8);
    CHECK(Value(ParseDuration("1 month", kGregorian)) == 2629746.0);
    CHECK(Value(ParseDuration("2y", kGregorian)) == 63113904.0);
    CHECK(Value(ParseDuration("12 months", kDays365)) == 31536000.0);
    CHECK(Value(ParseDuration("1 year", kDays365)) == 31536000.0);
    CHECK(Value(ParseDuration("1d", kPrimer)) == 86400.0);  // days do not depend on it
  }
  SECTION("names") {
    CHECK(MonthConventionName(MonthConvention::Days30) == "30d");
    CHECK(MonthConventionName(MonthConvention::Primer) == "primer");
    CHECK(MonthConventionName(MonthConvention::Gregorian) == "gregorian");
    CHECK(MonthConventionName(MonthConvention::Days365) == "365d");
    for (auto c : {MonthConvention::Days30, MonthConvention::Primer, MonthConvention::Gregorian,
                   MonthConvention::Days365}) {
      const auto parsed = ParseMonthConvention(MonthConventionName(c));
      REQUIRE(parsed.has_value());
      CHECK(*parsed == c);
    }
    CHECK(*ParseMonthConvention("days30") == MonthConvention::Days30);
    CHECK(*ParseMonthConvention("30") == MonthConvention::Days30);
    CHECK(*ParseMonthConvention(" Primer ") == MonthConvention::Primer);
    CHECK(*ParseMonthConvention("GREGORIAN") == MonthConvention::Gregorian);
    CHECK(*ParseMonthConvention("days365") == MonthConvention::Days365);
    CHECK(*ParseMonthConvention("365") == MonthConvention::Days365);
    const auto bad = ParseMonthConvention("lunar");
    REQUIRE_FALSE(bad.has_value());
    CHECK(bad.error().Message() ==
          "\"lunar\": unknown month convention 'lunar' (use 30d, primer, gregorian or 365d)");
    const auto empty = ParseMonthConvention("  ");
    REQUIRE_FALSE(empty.has_value());
    CHECK(empty.error().reason == "empty");
  }
}

TEST_CASE("rates: count per period, in events per second", "[units]") {
  SECTION("the primer's round month makes round rates") {
    CHECK(Value(ParseRate("10M/month", kPrimer)) == 4.0);
    CHECK(Value(ParseRate("100M/month", kPrimer)) == 40.0);
    CHECK(Value(ParseRate("1B/year", kPrimer)) == Approx(1e9 / 3e7));
  }
  SECTION("other calendars") {
    CHECK(Value(ParseRate("10M/month")) == 1e7 / 2592000.0);  // 3.858...
    CHECK(Value(ParseRate("10M/month")) == Approx(3.858024691358));
    CHECK(Value(ParseRate("1B/month", kGregorian)) == Approx(380.2648));
    CHECK(Value(ParseRate("2628K/month", kDays365)) == 1.0);
  }
  SECTION("fixed periods") {
    CHECK(Value(ParseRate("100/s")) == 100.0);
    CHECK(Value(ParseRate("1B/day")) == Approx(11574.07407));
    CHECK(Value(ParseRate("1B/day")) == 1e9 / 86400.0);
    CHECK(Value(ParseRate("10M/day")) == Approx(115.7407407));
    CHECK(Value(ParseRate("5/min")) == 5.0 / 60.0);
    CHECK(Value(ParseRate("5/m")) == 5.0 / 60.0);
    CHECK(Value(ParseRate("3/h")) == 3.0 / 3600.0);
    CHECK(Value(ParseRate("2/week")) == 2.0 / 604800.0);
    CHECK(Value(ParseRate("1/year")) == 1.0 / 31536000.0);
    CHECK(Value(ParseRate("500/ms")) == 500e3);
    CHECK(Value(ParseRate("1/1ns")) == Approx(1e9));
  }
  SECTION("a number in the period") {
    CHECK(Value(ParseRate("5/10min")) == 5.0 / 600.0);
    CHECK(Value(ParseRate("30 / 2 h")) == 30.0 / 7200.0);
  }
  SECTION("per-second words and nouns") {
    CHECK(Value(ParseRate("100 rps")) == 100.0);
    CHECK(Value(ParseRate("100 QPS")) == 100.0);
    CHECK(Value(ParseRate("10K qps")) == 1e4);
    CHECK(Value(ParseRate("2.5Krps")) == 2500.0);
    CHECK(Value(ParseRate("40 tps")) == 40.0);
    CHECK(Value(ParseRate("100 req/s")) == 100.0);
    CHECK(Value(ParseRate("5 M req / min")) == 5e6 / 60.0);
    CHECK(Value(ParseRate("600 events/min")) == 10.0);
    CHECK(Value(ParseRate("86.4K messages/day")) == 1.0);
    CHECK(Value(ParseRate("10M per day")) == 1e7 / 86400.0);
  }
  SECTION("errors") {
    CHECK(MessageOf(ParseRate("100")) == "\"100\": missing unit");
    CHECK(MessageOf(ParseRate("10M")) == "\"10M\": missing unit");
    CHECK(MessageOf(ParseRate("10M/")) == "\"10M/\": missing unit");
    CHECK(MessageOf(ParseRate("5/10")) == "\"5/10\": missing unit");
    CHECK(MessageOf(ParseRate("/s")) == "\"/s\": not a number");
    CHECK(MessageOf(ParseRate("5/0s")) == "\"5/0s\": zero period");
    CHECK(MessageOf(ParseRate("5/-1s")) == "\"5/-1s\": negative value");
    CHECK(MessageOf(ParseRate("-5/s")) == "\"-5/s\": negative value");
    CHECK(MessageOf(ParseRate("10 bananas/s")) == "\"10 bananas/s\": unknown unit 'bananas'");
    CHECK(MessageOf(ParseRate("10/parsec")) == "\"10/parsec\": unknown unit 'parsec'");
    CHECK(MessageOf(ParseRate("10/M")) == "\"10/M\": ambiguous unit 'M' (use 'min' or 'mo')");
    CHECK(MessageOf(ParseRate("100 s")) == "\"100 s\": unknown unit 's'");
    CHECK(MessageOf(ParseRate("1e30/1ns")) == "\"1e30/1ns\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseRate("")) == "\"\": empty");
  }
}

TEST_CASE("fractions: percentages, nines, plain", "[units]") {
  CHECK(Value(ParseFraction("99.95%")) == 0.9995);
  CHECK(Value(ParseFraction("99.95 %")) == 0.9995);
  CHECK(Value(ParseFraction("50 percent")) == 0.5);
  CHECK(Value(ParseFraction("12.5 pct")) == 0.125);
  CHECK(Value(ParseFraction("100%")) == 1.0);
  CHECK(Value(ParseFraction("0%")) == 0.0);
  CHECK(Value(ParseFraction("0.9995")) == 0.9995);
  CHECK(Value(ParseFraction("1")) == 1.0);
  CHECK(Value(ParseFraction("0")) == 0.0);
  CHECK(Value(ParseFraction("1 nine")) == 0.9);
  CHECK(Value(ParseFraction("3 nines")) == 0.999);
  CHECK(Value(ParseFraction("3 NINES")) == 0.999);
  CHECK(Value(ParseFraction("4nines")) == 0.9999);
  CHECK(Value(ParseFraction("5 nines")) == 0.99999);
  CHECK(Value(ParseFraction("9 nines")) == 0.999999999);
  CHECK(Value(ParseFraction("0 nines")) == 0.0);
  // 1 - 10^-3.5 = 1 - 1/(1000 √10) = 0.99968377223398316...
  const double three_and_half = 1.0 - 1.0 / (1000.0 * std::sqrt(10.0));
  CHECK(Value(ParseFraction("3.5 nines")) == Approx(three_and_half).epsilon(1e-15));
  CHECK(Value(ParseFraction("2.5 nines")) == Approx(0.9968377223398316).epsilon(1e-15));
  CHECK(Value(ParseFraction("500 nines")) == 1.0);
}

TEST_CASE("errors: every reason, exact messages", "[units]") {
  SECTION("unknown unit, the message the README shows") {
    const auto r = ParseDuration("12 parsecs");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error().text == "12 parsecs");
    CHECK(r.error().reason == "unknown unit 'parsecs'");
    CHECK(r.error().Message() == "\"12 parsecs\": unknown unit 'parsecs'");
    CHECK(MessageOf(ParseCount("12 parsecs")) == "\"12 parsecs\": unknown unit 'parsecs'");
    CHECK(MessageOf(ParseBytes("12 parsecs")) == "\"12 parsecs\": unknown unit 'parsecs'");
    CHECK(MessageOf(ParseFraction("12 parsecs")) == "\"12 parsecs\": unknown unit 'parsecs'");
    CHECK(MessageOf(ParseCount("1,000")) == "\"1,000\": unknown unit ',000'");
  }
  SECTION("the text is kept verbatim, the unit as written") {
    CHECK(MessageOf(ParseCount("  7 Parsecs ")) == "\"  7 Parsecs \": unknown unit 'Parsecs'");
  }
  SECTION("empty") {
    CHECK(MessageOf(ParseCount("")) == "\"\": empty");
    CHECK(MessageOf(ParseBytes(" \t")) == "\" \t\": empty");
    CHECK(MessageOf(ParseDuration("")) == "\"\": empty");
    CHECK(MessageOf(ParseFraction("")) == "\"\": empty");
  }
  SECTION("not a number") {
    CHECK(MessageOf(ParseCount("abc")) == "\"abc\": not a number");
    CHECK(MessageOf(ParseCount("K")) == "\"K\": not a number");
    CHECK(MessageOf(ParseCount(".")) == "\".\": not a number");
    CHECK(MessageOf(ParseCount("nan")) == "\"nan\": not a number");
    CHECK(MessageOf(ParseCount("1.5.3")) == "\"1.5.3\": not a number");
    CHECK(MessageOf(ParseCount("1 000")) == "\"1 000\": not a number");
    CHECK(MessageOf(ParseDuration("ms")) == "\"ms\": not a number");
    CHECK(MessageOf(ParseFraction("%")) == "\"%\": not a number");
  }
  SECTION("negative value") {
    CHECK(MessageOf(ParseCount("-5")) == "\"-5\": negative value");
    CHECK(MessageOf(ParseBytes("-1KB")) == "\"-1KB\": negative value");
    CHECK(MessageOf(ParseDuration("-3 ms")) == "\"-3 ms\": negative value");
    CHECK(MessageOf(ParseFraction("-1%")) == "\"-1%\": negative value");
  }
  SECTION("value too large") {
    CHECK(MessageOf(ParseCount("1e31")) == "\"1e31\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseCount("inf")) == "\"inf\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseCount("-Infinity")) == "\"-Infinity\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseCount("1e99999999999")) ==
          "\"1e99999999999\": value too large (limit 1e30)");
    // The result counts too: 1e28 T = 1e40.
    CHECK(MessageOf(ParseCount("1e28T")) == "\"1e28T\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseDuration("1e29 y")) == "\"1e29 y\": value too large (limit 1e30)");
    CHECK(MessageOf(ParseBytes("1e20 EB")) == "\"1e20 EB\": value too large (limit 1e30)");
  }
  SECTION("missing unit") {
    CHECK(MessageOf(ParseDuration("300")) == "\"300\": missing unit");
    CHECK(MessageOf(ParseRate("300")) == "\"300\": missing unit");
  }
  SECTION("ambiguous M in durations") {
    CHECK(MessageOf(ParseDuration("1M")) == "\"1M\": ambiguous unit 'M' (use 'min' or 'mo')");
  }
  SECTION("percentage above 100%, fraction above 1") {
    CHECK(MessageOf(ParseFraction("101%")) == "\"101%\": percentage above 100%");
    CHECK(MessageOf(ParseFraction("100.01 percent")) ==
          "\"100.01 percent\": percentage above 100%");
    CHECK(MessageOf(ParseFraction("1.5")) == "\"1.5\": fraction above 1");
    CHECK(MessageOf(ParseFraction("1.0001")) == "\"1.0001\": fraction above 1");
  }
}

// [SECTION] Printing

TEST_CASE("FormatNumber: 3 significant digits, no trailing zeros", "[units]") {
  CHECK(FormatNumber(40) == "40");
  CHECK(FormatNumber(3.8580) == "3.86");
  CHECK(FormatNumber(12.7) == "12.7");
  CHECK(FormatNumber(0.5) == "0.5");
  CHECK(FormatNumber(0) == "0");
  CHECK(FormatNumber(-0.0) == "0");
  CHECK(FormatNumber(1) == "1");
  CHECK(FormatNumber(100) == "100");
  CHECK(FormatNumber(1234567) == "1230000");
  CHECK(FormatNumber(-2.5) == "-2.5");
  CHECK(FormatNumber(0.00125) == "0.00125");
  CHECK(FormatNumber(2.0 / 3.0) == "0.667");
  CHECK(FormatNumber(9.996) == "10");
  CHECK(FormatNumber(1e7 / 2592000.0) == "3.86");
  SECTION("plain in [1e-4, 1e15), exponent outside") {
    CHECK(FormatNumber(0.0001) == "0.0001");
    CHECK(FormatNumber(0.00009999) == "0.0001");  // rounds into the plain range
    CHECK(FormatNumber(0.00001) == "1e-5");
    CHECK(FormatNumber(0.000012345) == "1.23e-5");
    CHECK(FormatNumber(999e12) == "999000000000000");
    CHECK(FormatNumber(1e15) == "1e15");
    CHECK(FormatNumber(999999999999999.0) == "1e15");  // rounds out of it
    CHECK(FormatNumber(-2.5e20) == "-2.5e20");
  }
  SECTION("significant digits") {
    CHECK(FormatNumber(3.14159265, 1) == "3");
    CHECK(FormatNumber(3.14159265, 5) == "3.1416");
    CHECK(FormatNumber(0.1, 17) == "0.10000000000000001");
    CHECK(FormatNumber(3.14159265, 0) == "3");    // clamped to 1
    CHECK(FormatNumber(0.1, 40) == "0.10000000000000001");  // clamped to 17
  }
  SECTION("ties go to even on the exact binary value") {
    CHECK(FormatNumber(0.125, 2) == "0.12");  // exactly representable tie
    CHECK(FormatNumber(0.375, 2) == "0.38");
    CHECK(FormatNumber(2.675, 3) == "2.67");  // 2.675 is stored as 2.67499999...
  }
  SECTION("non-finite values are named, never passed on") {
    CHECK(FormatNumber(std::nan("")) == "nan");
    CHECK(FormatNumber(HUGE_VAL) == "inf");
    CHECK(FormatNumber(-HUGE_VAL) == "-inf");
  }
}

TEST_CASE("FormatCount and FormatRate: K/M/B/T suffixes", "[units]") {
  CHECK(FormatCount(12.7e6) == "12.7M");
  CHECK(FormatCount(450e3) == "450K");
  CHECK(FormatCount(3.2e9) == "3.2B");
  CHECK(FormatCount(999) == "999");
  CHECK(FormatCount(1000) == "1K");
  CHECK(FormatCount(999.6) == "1K");       // the suffix is chosen after rounding
  CHECK(FormatCount(999.4e6) == "999M");
  CHECK(FormatCount(999.6e6) == "1B");
  CHECK(FormatCount(12) == "12");
  CHECK(FormatCount(0.5) == "0.5");
  CHECK(FormatCount(0) == "0");
  CHECK(FormatCount(2.5e12) == "2.5T");
  CHECK(FormatCount(1e15) == "1000T");
  CHECK(FormatCount(-1500) == "-1.5K");
  CHECK(FormatCount(12.65e6) == "12.6M");  // exact tie 12650000 → even
  CHECK(FormatCount(123456, 5) == "123.46K");
  CHECK(FormatRate(1e7 / 2592000.0) == "3.86/s");
  CHECK(FormatRate(1e8 / 86400.0) == "1.16K/s");
  CHECK(FormatRate(40) == "40/s");
  CHECK(FormatRate(1e9 / 86400.0) == "11.6K/s");
  CHECK(FormatRate(0.5) == "0.5/s");
}

TEST_CASE("FormatBytes: decimal and binary", "[units]") {
  CHECK(FormatBytes(12.7e9) == "12.7 GB");
  CHECK(FormatBytes(12.7e9, true) == "11.8 GiB");  // 12.7e9 / 2^30 = 11.83
  CHECK(FormatBytes(512) == "512 B");
  CHECK(FormatBytes(512, true) == "512 B");
  CHECK(FormatBytes(0) == "0 B");
  CHECK(FormatBytes(0.5) == "0.5 B");
  CHECK(FormatBytes(1024) == "1.02 KB");
  CHECK(FormatBytes(1024, true) == "1 KiB");
  CHECK(FormatBytes(1024.0 * 1024.0, true) == "1 MiB");
  CHECK(FormatBytes(1048576) == "1.05 MB");
  CHECK(FormatBytes(1.5 * 1073741824.0, true) == "1.5 GiB");
  CHECK(FormatBytes(1099511627776.0, true) == "1 TiB");
  CHECK(FormatBytes(1125899906842624.0, true) == "1 PiB");
  CHECK(FormatBytes(1152921504606846976.0, true) == "1 EiB");
  CHECK(FormatBytes(1e18, true) == "888 PiB");
  CHECK(FormatBytes(1.27e3) == "1.27 KB");
  CHECK(FormatBytes(3e15) == "3 PB");
  CHECK(FormatBytes(1e18) == "1 EB");
  CHECK(FormatBytes(1e21) == "1000 EB");
  CHECK(FormatBytes(999.7e3) == "1 MB");  // unit chosen after rounding
  SECTION("a binary value that rounds to 1024 moves up a unit if it still reads >= 1 there") {
    CHECK(FormatBytes(1023.9 * 1024.0, true, 3) == "1020 KiB");   // 1023.9 → 1.02e3 < 1024
    CHECK(FormatBytes(1023.99 * 1024.0, true, 4) == "1 MiB");     // 1024 KiB, and 0.99999 → 1.000
    CHECK(FormatBytes(1023.9 * 1024.0, true, 4) == "1024 KiB");   // 0.99990 MiB would read 0.9999
  }
}

TEST_CASE("FormatDuration: the largest unit that keeps the value >= 1", "[units]") {
  CHECK(FormatDuration(0.0025) == "2.5 ms");
  CHECK(FormatDuration(0) == "0 s");
  CHECK(FormatDuration(1e-10) == "0.1 ns");
  CHECK(FormatDuration(250e-9) == "250 ns");
  CHECK(FormatDuration(1.5e-6) == "1.5 us");
  CHECK(FormatDuration(0.3) == "300 ms");
  CHECK(FormatDuration(1.2) == "1.2 s");
  CHECK(FormatDuration(90) == "1.5 min");
  CHECK(FormatDuration(3.5 * 3600) == "3.5 h");
  CHECK(FormatDuration(4.2 * 86400) == "4.2 d");
  CHECK(FormatDuration(400 * 86400) == "1.1 y");
  CHECK(FormatDuration(5 * 31536000.0) == "5 y");
  CHECK(FormatDuration(-0.0025) == "-2.5 ms");
  SECTION("a value that rounds up to the next unit moves up") {
    CHECK(FormatDuration(59.99) == "1 min");
    CHECK(FormatDuration(0.9996) == "1 s");
    CHECK(FormatDuration(0.99949) == "999 ms");
    CHECK(FormatDuration(3599.9) == "1 h");
    CHECK(FormatDuration(86399.0) == "1 d");
  }
}

TEST_CASE("FormatPercent", "[units]") {
  CHECK(FormatPercent(0.9995) == "99.95%");
  CHECK(FormatPercent(0.5) == "50%");
  CHECK(FormatPercent(1.0) == "100%");
  CHECK(FormatPercent(0) == "0%");
  CHECK(FormatPercent(0.12345678) == "12.35%");
  CHECK(FormatPercent(0.12345678, 2) == "12%");
  // Never "100%" for a fraction below 1: digits are added until it shows.
  CHECK(FormatPercent(0.99999) == "99.999%");
  CHECK(FormatPercent(0.999999999) == "99.9999999%");
  CHECK(FormatPercent(1e-9) == "1e-7%");
}

TEST_CASE("round trips: printed quantities read back to the same 3 digits", "[units]") {
  CHECK(Value(ParseCount(FormatCount(12.7e6))) == 12.7e6);
  CHECK(Value(ParseBytes(FormatBytes(12.7e9))) == 12.7e9);
  CHECK(Value(ParseBytes(FormatBytes(1024.0 * 1024.0, true))) == 1048576.0);
  CHECK(Value(ParseDuration(FormatDuration(0.0025))) == 0.0025);
  CHECK(Value(ParseFraction(FormatPercent(0.9995))) == 0.9995);
  CHECK(Value(ParseRate(FormatRate(40))) == 40.0);
  // A geometric sweep over 24 decades: each print → read is within half a unit of the 3rd digit.
  for (double v = 1.7e-3; v < 1e21; v *= 3.7) {
    INFO("v = " << v);
    CHECK(Value(ParseCount(FormatCount(v))) == Approx(v).epsilon(5e-3));
    CHECK(Value(ParseBytes(FormatBytes(v))) == Approx(v).epsilon(5e-3));
    CHECK(Value(ParseBytes(FormatBytes(v, true))) == Approx(v).epsilon(5e-3));
    CHECK(Value(ParseRate(FormatRate(v))) == Approx(v).epsilon(5e-3));
    if (v < 1e10) {
      // Years print as 365-day years, the default calendar's year.
      CHECK(Value(ParseDuration(FormatDuration(v * 1e-6))) == Approx(v * 1e-6).epsilon(5e-3));
    }
  }
  for (double f = 1e-6; f < 1.0; f = f * 2.3 + 1e-7) {
    INFO("f = " << f);
    CHECK(Value(ParseFraction(FormatPercent(f))) == Approx(f).epsilon(5e-4));
  }
}

// [SECTION] Internals: the deterministic power of ten behind fractional nines

TEST_CASE("Pow10 is exact on integers and close elsewhere", "[units]") {
  using sdlab::units::detail::Pow10;
  double p = 1.0;
  for (int k = 0; k <= 22; ++k) {
    CHECK(Pow10(k) == p);
    CHECK(Pow10(-k) == 1.0 / p);
    p *= 10.0;
  }
  // √10 is correctly rounded by sqrt, an IEEE operation: allow 2 ulp.
  const double root10 = std::sqrt(10.0);
  CHECK(std::fabs(Pow10(0.5) - root10) <= 2.0 * (std::nextafter(root10, 4.0) - root10));
  CHECK(Pow10(-3.5) == Approx(1.0 / (1000.0 * root10)).epsilon(1e-15));
  CHECK(Pow10(0.25) == Approx(std::sqrt(root10)).epsilon(1e-15));
  CHECK(Pow10(300.5) == Approx(root10 * 1e300).epsilon(1e-14));
  CHECK(Pow10(-450.0) == 0.0);
  CHECK(std::isinf(Pow10(450.0)));
}
