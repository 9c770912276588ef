// units/decimal.h — decimal text <-> double with the same bytes on every platform (internal).
//
// Reading: the number is scanned here (no locale, no std::from_chars) and handed to std::strtod as
// "<digits>e<exponent>", a form without a decimal point, so the locale's decimal separator never
// matters. glibc and musl (Emscripten) both round strtod correctly, hence agree bit for bit.
// Writing: snprintf("%.*e") is exact in both libraries too; its digits are read back here, skipping
// whatever character the locale uses as the point. The core never calls setlocale.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace sdlab::units::detail {

/// A decimal number as written: value = (negative ? -1 : 1) × digits × 10^exp10.
struct DecimalText {
  bool negative = false;
  std::string digits;  ///< ASCII digits only (no point); at least one
  long exp10 = 0;
};

/// Scans a number at the start of `text`: [+-] digits [. digits] [(e|E) [+-] digits], or
/// [+-] . digits [...]. An 'e' not followed by an exponent is left unread ("1EB" reads "1").
/// Returns the number of characters read, 0 if no number starts there.
std::size_t ScanDecimal(std::string_view text, DecimalText& out);

/// The double nearest to `d` × 10^shift (correctly rounded; ±inf above the double range, ±0
/// below it).
double ToDouble(const DecimalText& d, long shift = 0);

/// A finite double rounded to a number of significant digits: value = d1.d2d3... × 10^exp10.
struct RoundedDecimal {
  bool negative = false;
  std::string digits;  ///< exactly `significant` digits, first one non-zero unless the value is 0
  int exp10 = 0;
};

/// `v` (finite) rounded to `significant` digits (1..17), ties to even on the exact binary value.
RoundedDecimal RoundSignificant(double v, int significant);

/// The double the rounded decimal stands for, times 10^shift.
double ToDouble(const RoundedDecimal& r, int shift = 0);

/// 10^x for finite x, computed with + - * / only (no libm), so native and WebAssembly agree bit for
/// bit. Exact powers for integer x in [-22, 22]; otherwise within a few ulp.
double Pow10(double x);

/// ASCII lower case (no locale); other bytes (UTF-8 'µ') are kept.
std::string AsciiLower(std::string_view text);

/// Without leading and trailing ASCII white space.
std::string_view TrimSpace(std::string_view text);

}  // namespace sdlab::units::detail
