// units/decimal.cpp — see decimal.h.
#include "units/decimal.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

namespace sdlab::units::detail {

namespace {

// |exponent| saturates here ("1e99999999999" is inf anyway).
constexpr long kExponentCap = 100000000;

constexpr double kExactPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                  1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                  1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
constexpr int kMaxExactPow10 = 22;

constexpr double kLn10 = 2.302585092994045684017991454684364208;
// ln 2 split in two so that m × kLn2Hi is exact for small m (the fdlibm constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/// 10^n for n >= 0 (exact up to 22, then repeated products; inf past the double range).
double PowTenInt(int n) {
  if (n <= kMaxExactPow10) return kExactPow10[n];
  double r = kExactPow10[kMaxExactPow10];
  n -= kMaxExactPow10;
  while (n > kMaxExactPow10) {
    r *= kExactPow10[kMaxExactPow10];
    n -= kMaxExactPow10;
  }
  return r * kExactPow10[n];
}

/// e^y for |y| below a few units: y = m ln2 + r with |r| <= ln2 / 2, e^r by its Taylor series.
double ExpSmall(double y) {
  const double m = std::floor(y * kInvLn2 + 0.5);
  const double r = (y - m * kLn2Hi) - m * kLn2Lo;
  double sum = 1.0;
  for (int n = 20; n >= 1; --n) sum = 1.0 + sum * r / n;  // Horner: 1 + r(1 + r/2(1 + r/3(...)))
  return std::ldexp(sum, static_cast<int>(m));             // exact scaling by 2^m
}

}  // namespace

std::size_t ScanDecimal(std::string_view text, DecimalText& out) {
  DecimalText d;
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (i < n && (text[i] == '+' || text[i] == '-')) {
    d.negative = text[i] == '-';
    ++i;
  }
  bool any_digit = false;
  while (i < n && IsDigit(text[i])) {
    d.digits.push_back(text[i++]);
    any_digit = true;
  }
  if (i < n && text[i] == '.') {
    ++i;
    while (i < n && IsDigit(text[i])) {
      d.digits.push_back(text[i++]);
      --d.exp10;
      any_digit = true;
    }
  }
  if (!any_digit) return 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    std::size_t j = i + 1;
    bool exp_negative = false;
    if (j < n && (text[j] == '+' || text[j] == '-')) {
      exp_negative = text[j] == '-';
      ++j;
    }
    if (j < n && IsDigit(text[j])) {
      long e = 0;
      while (j < n && IsDigit(text[j])) {
        if (e < kExponentCap) e = e * 10 + (text[j] - '0');
        ++j;
      }
      if (e > kExponentCap) e = kExponentCap;
      d.exp10 += exp_negative ? -e : e;
      i = j;
    }
  }
  out = std::move(d);
  return i;
}

double ToDouble(const DecimalText& d, long shift) {
  const std::size_t first = d.digits.find_first_not_of('0');
  if (first == std::string::npos) return d.negative ? -0.0 : 0.0;
  std::size_t last = d.digits.find_last_not_of('0');
  std::string text = d.digits.substr(first, last - first + 1);
  const long exponent = d.exp10 + shift + static_cast<long>(d.digits.size() - 1 - last);
  const long magnitude = exponent + static_cast<long>(text.size());  // value < 10^magnitude
  const double inf = std::numeric_limits<double>::infinity();
  if (magnitude > 400) return d.negative ? -inf : inf;
  if (magnitude < -400) return d.negative ? -0.0 : 0.0;
  text += 'e';
  text += std::to_string(exponent);
  // No decimal point in `text`: strtod's result does not depend on the locale.
  const double v = std::strtod(text.c_str(), nullptr);
  return d.negative ? -v : v;
}

RoundedDecimal RoundSignificant(double v, int significant) {
  if (significant < 1) significant = 1;
  if (significant > 17) significant = 17;
  RoundedDecimal r;
  if (v == 0.0 || !std::isfinite(v)) {
    r.digits.assign(static_cast<std::size_t>(significant), '0');
    return r;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", significant - 1, v);
  const char* p = buf;
  if (*p == '-') {
    r.negative = true;
    ++p;
  }
  for (; *p != '\0' && *p != 'e' && *p != 'E'; ++p) {
    if (IsDigit(*p)) r.digits.push_back(*p);  // skips the point, whatever the locale made it
  }
  if (*p != '\0') r.exp10 = std::atoi(p + 1);
  return r;
}

double ToDouble(const RoundedDecimal& r, int shift) {
  DecimalText d;
  d.negative = r.negative;
  d.digits = r.digits;
  d.exp10 = r.exp10 - static_cast<long>(r.digits.size()) + 1;
  return ToDouble(d, shift);
}

double Pow10(double x) {
  if (std::isnan(x)) return x;
  if (x > 400.0) return std::numeric_limits<double>::infinity();
  if (x < -400.0) return 0.0;
  const double k = std::floor(x);
  const double f = x - k;  // exact, in [0, 1)
  const int ki = static_cast<int>(k);
  const double frac = f == 0.0 ? 1.0 : ExpSmall(f * kLn10);
  return ki >= 0 ? frac * PowTenInt(ki) : frac / PowTenInt(-ki);
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view TrimSpace(std::string_view text) {
  std::size_t b = 0;
  std::size_t e = text.size();
  while (b < e && IsSpace(text[b])) ++b;
  while (e > b && IsSpace(text[e - 1])) --e;
  return text.substr(b, e - b);
}

}  // namespace sdlab::units::detail
