// units/format.cpp — printing quantities with a fixed number of significant digits.
//
// The digits come from snprintf("%.*e"), which rounds the exact binary value correctly (ties to
// even) in glibc and in Emscripten's musl alike; the layout (point, zeros, suffix) is done here, so
// every platform prints the same bytes. Decimal units (K, M, GB, ms, %) only move the decimal
// point of those digits, so no extra rounding happens when scaling by powers of ten.
#include <array>
#include <cmath>

#include "sdlab/units.h"
#include "units/decimal.h"

namespace sdlab::units {

using detail::RoundedDecimal;
using detail::RoundSignificant;
using detail::ToDouble;

namespace {

int ClampSignificant(int significant) {
  if (significant < 1) return 1;
  if (significant > 17) return 17;
  return significant;
}

/// "nan", "inf", "-inf": printed so, never passed to snprintf (whose spelling varies).
std::string NonFinite(double v) {
  if (std::isnan(v)) return "nan";
  return v < 0 ? "-inf" : "inf";
}

/// The rounded value × 10^shift, plainly for magnitudes in [1e-4, 1e15), else as "1.23e15";
/// no trailing zeros after the point.
std::string Layout(const RoundedDecimal& r, int shift) {
  std::string digits = r.digits;
  const std::size_t last = digits.find_last_not_of('0');
  if (last == std::string::npos) return "0";
  digits.erase(last + 1);
  const int e = r.exp10 + shift;
  std::string out = r.negative ? "-" : "";
  if (e >= -4 && e < 15) {
    if (e >= 0) {
      const auto int_len = static_cast<std::size_t>(e) + 1;
      if (digits.size() <= int_len) {
        out += digits;
        out.append(int_len - digits.size(), '0');
      } else {
        out += digits.substr(0, int_len);
        out += '.';
        out += digits.substr(int_len);
      }
    } else {
      out += "0.";
      out.append(static_cast<std::size_t>(-e - 1), '0');
      out += digits;
    }
  } else {
    out += digits[0];
    if (digits.size() > 1) {
      out += '.';
      out += digits.substr(1);
    }
    out += 'e';
    out += std::to_string(e);
  }
  return out;
}

/// Scaled by 1000 per step: the step is read from the rounded exponent, so 999.6 prints as "1K".
struct DecimalTiers {
  std::string text;
  int tier = 0;
};

DecimalTiers FormatThousands(double v, int significant, int max_tier) {
  const RoundedDecimal r = RoundSignificant(v, ClampSignificant(significant));
  int tier = 0;
  if (r.digits.find_first_not_of('0') != std::string::npos && r.exp10 >= 3) {
    tier = r.exp10 / 3;
    if (tier > max_tier) tier = max_tier;
  }
  return {Layout(r, -3 * tier), tier};
}

}  // namespace

std::string FormatNumber(double v, int significant) {
  if (!std::isfinite(v)) return NonFinite(v);
  return Layout(RoundSignificant(v, ClampSignificant(significant)), 0);
}

std::string FormatCount(double v, int significant) {
  if (!std::isfinite(v)) return NonFinite(v);
  static constexpr std::array<std::string_view, 5> kSuffix = {"", "K", "M", "B", "T"};
  const DecimalTiers t = FormatThousands(v, significant, 4);
  return t.text + std::string(kSuffix[static_cast<std::size_t>(t.tier)]);
}

std::string FormatBytes(double bytes, bool binary, int significant) {
  if (!std::isfinite(bytes)) return NonFinite(bytes) + " B";
  if (!binary) {
    static constexpr std::array<std::string_view, 7> kDecimal = {"B",  "KB", "MB", "GB",
                                                                 "TB", "PB", "EB"};
    const DecimalTiers t = FormatThousands(bytes, significant, 6);
    return t.text + " " + std::string(kDecimal[static_cast<std::size_t>(t.tier)]);
  }
  static constexpr std::array<std::string_view, 7> kBinary = {"B",   "KiB", "MiB", "GiB",
                                                              "TiB", "PiB", "EiB"};
  constexpr int kMaxTier = 6;
  const int sig = ClampSignificant(significant);
  const double a = std::fabs(bytes);
  int tier = 0;
  while (tier < kMaxTier && a >= std::ldexp(1.0, 10 * (tier + 1))) ++tier;
  RoundedDecimal r = RoundSignificant(std::ldexp(bytes, -10 * tier), sig);  // exact scaling
  if (tier < kMaxTier && std::fabs(ToDouble(r)) >= 1024.0) {  // 1023.99 KiB -> 1 MiB
    // Moved up only if the value still reads >= 1 there (4 digits: 1023.9 KiB, not 0.9999 MiB).
    const RoundedDecimal up = RoundSignificant(std::ldexp(bytes, -10 * (tier + 1)), sig);
    if (std::fabs(ToDouble(up)) >= 1.0) {
      ++tier;
      r = up;
    }
  }
  return Layout(r, 0) + " " + std::string(kBinary[static_cast<std::size_t>(tier)]);
}

std::string FormatDuration(double seconds, int significant) {
  if (!std::isfinite(seconds)) return NonFinite(seconds) + " s";
  if (seconds == 0.0) return "0 s";
  struct Step {
    std::string_view name;
    double size;  ///< seconds
    int shift;    ///< decimal units print seconds × 10^shift; 0: they print seconds / size
    double next;  ///< how many of this unit make the next one
  };
  static constexpr std::array<Step, 8> kSteps = {{{"ns", 1e-9, 9, 1000.0},
                                                  {"us", 1e-6, 6, 1000.0},
                                                  {"ms", 1e-3, 3, 1000.0},
                                                  {"s", 1.0, 0, 60.0},
                                                  {"min", 60.0, 0, 60.0},
                                                  {"h", 3600.0, 0, 24.0},
                                                  {"d", 86400.0, 0, 365.0},
                                                  {"y", 365.0 * 86400.0, 0, 0.0}}};
  const int sig = ClampSignificant(significant);
  const double a = std::fabs(seconds);
  std::size_t i = 0;
  while (i + 1 < kSteps.size() && a >= kSteps[i + 1].size) ++i;
  auto rounded = [&](std::size_t k) {
    return kSteps[k].shift != 0 ? RoundSignificant(seconds, sig)
                                : RoundSignificant(seconds / kSteps[k].size, sig);
  };
  RoundedDecimal r = rounded(i);
  if (i + 1 < kSteps.size() && std::fabs(ToDouble(r, kSteps[i].shift)) >= kSteps[i].next) {
    // 59.99 s rounds to 60 s: print "1 min", if the value still reads >= 1 in the larger unit.
    const RoundedDecimal up = rounded(i + 1);
    if (std::fabs(ToDouble(up, kSteps[i + 1].shift)) >= 1.0) {
      ++i;
      r = up;
    }
  }
  return Layout(r, kSteps[i].shift) + " " + std::string(kSteps[i].name);
}

std::string FormatRate(double per_second, int significant) {
  return FormatCount(per_second, significant) + "/s";
}

std::string FormatPercent(double fraction, int significant) {
  if (!std::isfinite(fraction)) return NonFinite(fraction) + "%";
  int sig = ClampSignificant(significant);
  RoundedDecimal r = RoundSignificant(fraction, sig);
  // A fraction below 1 never prints as 100%: 0.99999 at 4 digits gives "99.999%".
  while (fraction < 1.0 && ToDouble(r) >= 1.0 && sig < 17) r = RoundSignificant(fraction, ++sig);
  return Layout(r, 2) + "%";
}

}  // namespace sdlab::units
