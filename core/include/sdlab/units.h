// sdlab/units.h — the quantities of back-of-envelope work: parse and print them.
//
// Units and conventions (all stated, none hidden):
//   counts     plain numbers, 1e9, and suffixes K=1e3, M=1e6, B=G=1e9, T=1e12 (also words:
//              thousand, million, billion, trillion). "2.5M" = 2 500 000.
//   bytes      decimal (SI) KB=1e3, MB=1e6, GB=1e9, TB=1e12, PB=1e15, EB=1e18;
//              binary KiB=2^10, MiB=2^20, GiB=2^30, TiB=2^40, PiB=2^50; "B"/"bytes" or a plain number
//              are bytes. Case of the prefix letter is forgiven ("kb"), "b" alone means bytes.
//   durations  ns us(µs) ms s m(min) h d w mo y — returned in seconds. A month and a year depend on
//              the Calendar (see MonthConvention); "mo"/"month" and "y"/"year" use it.
//   rates      "<count>/<period>": "100/s", "10M/day", "1B/month", "5/min", "3/h", "2/week",
//              "1/year", also "100 rps" / "100 qps" — returned per second.
//   fractions  "99.95%", "3 nines" (= 0.999), "3.5 nines", plain "0.9995" — returned as 0..1.
//
// A month is a convention, not a hidden constant:
//   Days30    month = 30 d            year = 365 d           (the default)
//   Primer    month = 2.5e6 s         year = 3.0e7 s         (the system-design-primer's rounding)
//   Gregorian month = 365.2425 d / 12 year = 365.2425 d
//   Days365   month = 365 d / 12      year = 365 d
// Every result that used a month reports which convention it used.
//
// Reading (all readers): white space around the text and between number and unit is ignored
// ("1.27 KB"); a number is [+-]digits[.digits][e[+-]digits]; unit names are matched ignoring ASCII
// case, except that a duration unit "M" is refused as ambiguous (write "min" or "mo").
// Spellings accepted, beyond those above:
//   counts     k m b g t, thousand million billion trillion (any case)
//   bytes      b byte bytes; kb mb gb tb pb eb; kib mib gib tib pib eib; kilobyte(s) megabyte(s)
//              gigabyte(s) terabyte(s) petabyte(s) exabyte(s); kibibyte(s) mebibyte(s) gibibyte(s)
//              tebibyte(s) pebibyte(s) exbibyte(s)
//   durations  ns nsec nanosecond(s); us µs μs usec microsecond(s); ms msec millisecond(s);
//              s sec secs second(s); m min mins minute(s); h hr hrs hour(s); d day(s);
//              w wk wks week(s); mo mon month(s); y yr yrs year(s)
//   rates      <count>[ noun]/<period> or <count>[ noun] per <period>, noun one of req reqs
//              request(s) query queries op ops event(s) msg msgs message(s); <period> is a duration
//              unit with an optional number ("5/10min"); also <count> rps|qps|tps ("10K rps")
//   fractions  %, percent, pct; nine(s); or a plain number in [0, 1]
// Refused, with UnitError::reason one of: "empty", "not a number", "negative value",
// "value too large (limit 1e30)" (the number or the result above 1e30; also "inf"),
// "missing unit" (durations, rates), "unknown unit '<unit as written>'",
// "ambiguous unit 'M' (use 'min' or 'mo')", "zero period", "percentage above 100%",
// "fraction above 1", "unknown month convention '<text>' (use 30d, primer, gregorian or 365d)".
// Numbers are read exactly: a power-of-ten unit is applied to the decimal text before rounding, so
// ParseFraction("99.95%") == 0.9995 and ParseCount("2.5M") == 2.5e6 to the last bit.
//
// Printing is deterministic (same bytes on every platform): values are rounded to 3 significant
// digits unless a precision is given (ties to even on the exact binary value), trailing zeros are
// dropped, non-finite values print as "nan", "inf", "-inf". A unit or suffix is chosen after
// rounding, so 999.6 prints as "1K" and 59.99 s as "1 min".
#pragma once

#include <string>
#include <string_view>

#include "sdlab/expected.h"

namespace sdlab::units {

/// Why a quantity could not be read. Message() gives `"12 parsecs": unknown unit 'parsecs'`.
struct UnitError {
  std::string text;    ///< the offending input, verbatim
  std::string reason;  ///< why, e.g. "unknown unit 'parsecs'"
  std::string Message() const;
};

enum class MonthConvention { Days30, Primer, Gregorian, Days365 };

/// The lengths a convention gives to a month and a year.
struct Calendar {
  MonthConvention convention = MonthConvention::Days30;
  double month_s = 30.0 * 86400.0;  ///< seconds in a month
  double year_s = 365.0 * 86400.0;  ///< seconds in a year
};

Calendar CalendarFor(MonthConvention c);
/// "30d", "primer", "gregorian", "365d".
std::string_view MonthConventionName(MonthConvention c);
/// Accepts the names above (and "days30", "30", "days365", "365").
Expected<MonthConvention, UnitError> ParseMonthConvention(std::string_view text);

/// A count: "10K" -> 1e4. Rejects negatives, NaN and infinities.
Expected<double, UnitError> ParseCount(std::string_view text);
/// A size in bytes: "2KB" -> 2000, "1 KiB" -> 1024.
Expected<double, UnitError> ParseBytes(std::string_view text);
/// A duration in seconds: "300ms" -> 0.3, "5y" -> 5 × year_s.
Expected<double, UnitError> ParseDuration(std::string_view text, const Calendar& cal = {});
/// A rate in events per second: "10M/day" -> 115.74...
Expected<double, UnitError> ParseRate(std::string_view text, const Calendar& cal = {});
/// A fraction in [0,1]: "99.95%" -> 0.9995, "3 nines" -> 0.999.
Expected<double, UnitError> ParseFraction(std::string_view text);

/// "12.7M", "450K", "3.2B", "12" (3 significant digits by default).
std::string FormatCount(double v, int significant = 3);
/// Decimal: "12.7 GB"; binary (binary=true): "11.8 GiB".
std::string FormatBytes(double bytes, bool binary = false, int significant = 3);
/// "2.5 ms", "1.2 s", "3.5 h", "4.2 d" — the largest unit that keeps the value ≥ 1, among
/// ns us ms s min h d y (y = 365 d here; months are not used for printing).
std::string FormatDuration(double seconds, int significant = 3);
/// "3.86/s" (per second, with a count suffix above 1000: "1.16K/s").
std::string FormatRate(double per_second, int significant = 3);
/// "99.95%". A fraction below 1 never prints as "100%": digits are added until it does not
/// (0.99999 gives "99.999%").
std::string FormatPercent(double fraction, int significant = 4);
/// A plain number with `significant` digits, no exponent for |v| in [1e-4, 1e15): "40", "3.86", "0.00125".
std::string FormatNumber(double v, int significant = 3);

}  // namespace sdlab::units
