// Seeded RNG and deterministic elementary functions. See sdlab/random.h for why.
#include "sdlab/random.h"

#include <cmath>
#include <limits>

namespace sdlab {

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

namespace {
constexpr double kLn2Hi = 6.93147180369123816490e-01;  // high bits of ln 2 (exact product with small ints)
constexpr double kLn2Lo = 1.90821492927058770002e-10;  // ln 2 − kLn2Hi
constexpr double kLn2 = 0.69314718055994530942;
constexpr double kPi = 3.14159265358979323846;
}  // namespace

Rng::Rng(std::uint64_t seed) {
  std::uint64_t sm = seed;
  for (auto& w : s_) w = SplitMix64(sm);
}

Rng Rng::Fork(std::uint64_t stream) const {
  std::uint64_t sm = s_[0] ^ (stream * 0xD1B54A32D192ED03ull) ^ Rotl(s_[3], 17);
  return Rng(SplitMix64(sm));
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Lemire's nearly divisionless method, with a 128-bit product built from 64-bit halves so it is
  // portable to targets without __int128.
  auto mul128 = [](std::uint64_t a, std::uint64_t b, std::uint64_t& lo) {
    const std::uint64_t a_lo = a & 0xFFFFFFFFull, a_hi = a >> 32;
    const std::uint64_t b_lo = b & 0xFFFFFFFFull, b_hi = b >> 32;
    const std::uint64_t p0 = a_lo * b_lo, p1 = a_lo * b_hi, p2 = a_hi * b_lo, p3 = a_hi * b_hi;
    const std::uint64_t mid = (p0 >> 32) + (p1 & 0xFFFFFFFFull) + (p2 & 0xFFFFFFFFull);
    lo = (p0 & 0xFFFFFFFFull) | (mid << 32);
    return p3 + (p1 >> 32) + (p2 >> 32) + (mid >> 32);
  };
  std::uint64_t lo = 0;
  std::uint64_t hi = mul128(Next(), n, lo);
  if (lo < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (lo < threshold) hi = mul128(Next(), n, lo);
  }
  return hi;
}

double Rng::Exponential(double rate) { return -DetLog(UniformOpen0()) / rate; }

double Rng::Normal() {
  const double u1 = UniformOpen0();
  const double u2 = Uniform01();
  double s = 0, c = 0;
  DetSinCos(2.0 * kPi * u2, s, c);
  return std::sqrt(-2.0 * DetLog(u1)) * c;
}

double Rng::LognormalMeanCv(double mean, double cv) {
  // If X = exp(mu + sigma Z): mean = exp(mu + sigma^2/2), cv^2 = exp(sigma^2) − 1.
  const double sigma2 = DetLog(1.0 + cv * cv);
  const double mu = DetLog(mean) - sigma2 / 2.0;
  return DetExp(mu + std::sqrt(sigma2) * Normal());
}

double Rng::Pareto(double xm, double alpha) { return xm / DetPow(UniformOpen0(), 1.0 / alpha); }

double DetLog(double x) {
  if (std::isnan(x) || x < 0) return std::numeric_limits<double>::quiet_NaN();
  if (x == 0) return -std::numeric_limits<double>::infinity();
  if (std::isinf(x)) return x;
  int e = 0;
  double m = std::frexp(x, &e);  // x = m · 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    e -= 1;
  }
  // log(m) = 2 atanh(s), s = (m − 1)/(m + 1), |s| < 0.1716: the odd series converges fast.
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double term = s2;
  double sum = 0;
  // Sum s^2/3 + s^4/5 + ... (Horner from the tail for accuracy): 12 terms reach < 1e-18.
  constexpr int kTerms = 12;
  double poly = 0;
  for (int k = kTerms; k >= 1; --k) poly = poly * s2 + 1.0 / (2.0 * k + 1.0);
  sum = poly * term;
  const double log_m = 2.0 * s + 2.0 * s * sum;
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (log_m + de * kLn2Lo);
}

double DetExp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return std::numeric_limits<double>::infinity();
  if (x < -745.1332191019411) return 0.0;
  // x = k ln2 + r, |r| <= ln2/2.
  const double kd = std::floor(x / kLn2 + 0.5);
  const int k = static_cast<int>(kd);
  const double r = (x - kd * kLn2Hi) - kd * kLn2Lo;
  // Taylor series of e^r to r^18/18!: |r| < 0.347 gives < 1e-18 truncation.
  double poly = 1.0;
  for (int n = 18; n >= 1; --n) poly = 1.0 + poly * r / static_cast<double>(n);
  return std::ldexp(poly, k);
}

double DetPow(double x, double y) {
  if (y == 0) return 1.0;
  if (x == 0) return y > 0 ? 0.0 : std::numeric_limits<double>::infinity();
  if (x == 1) return 1.0;
  return DetExp(y * DetLog(x));
}

void DetSinCos(double x, double& s, double& c) {
  // Reduce to [-pi/4, pi/4] by quadrant (Cody–Waite with a two-part pi/2).
  constexpr double kPiO2Hi = 1.57079632673412561417e+00;
  constexpr double kPiO2Lo = 6.07710050650619224932e-11;
  const double q = std::floor(x / (kPi / 2.0) + 0.5);
  const double r = (x - q * kPiO2Hi) - q * kPiO2Lo;
  const double r2 = r * r;
  double sp = 0, cp = 0;
  // sin r = r − r^3/3! + ...; cos r = 1 − r^2/2! + ... to degree 19/18.
  sp = 1.0;
  for (int n = 19; n >= 3; n -= 2) sp = 1.0 - sp * r2 / (static_cast<double>(n) * static_cast<double>(n - 1));
  sp *= r;
  cp = 1.0;
  for (int n = 18; n >= 2; n -= 2) cp = 1.0 - cp * r2 / (static_cast<double>(n) * static_cast<double>(n - 1));
  const long long quadrant = static_cast<long long>(q) & 3;
  switch (quadrant) {
    case 0: s = sp; c = cp; break;
    case 1: s = cp; c = -sp; break;
    case 2: s = -sp; c = -cp; break;
    default: s = -cp; c = sp; break;
  }
}

}  // namespace sdlab
