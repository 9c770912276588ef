// sdlab/random.h — seeded randomness and deterministic math for every model and the simulator.
//
// Why this exists: results must be byte-identical for a seed on every platform (native glibc and
// WebAssembly/musl). std::random_device is not seeded; std:: distributions differ between standard
// libraries; and std::log/std::exp/std::pow may differ in the last bit between C libraries. So:
//   - Rng is xoshiro256** (Blackman & Vigna) seeded through SplitMix64; its state is a value you
//     own and hand in — no global state.
//   - Uniform01 takes the top 53 bits: a double in [0, 1) with every value exactly representable.
//   - DetLog/DetExp/DetPow use only + − × ÷, frexp/ldexp (exact) and IEEE-exact sqrt, so their
//     results are the same bits everywhere (relative error ≈ 1e-16, not always correctly rounded).
// The core is built without FMA contraction (-std=c++20 implies -ffp-contract=off on GCC; wasm has
// no FMA), which this relies on.
#pragma once

#include <cstdint>

namespace sdlab {

/// SplitMix64 step: mixes a 64-bit state; used to seed and to derive independent streams.
std::uint64_t SplitMix64(std::uint64_t& state);

/// xoshiro256**: fast, 2^256−1 period. Copyable value; same seed → same sequence everywhere.
class Rng {
 public:
  explicit Rng(std::uint64_t seed = 1);
  /// A derived generator for an independent stream (e.g. replication i of a run).
  Rng Fork(std::uint64_t stream) const;

  std::uint64_t Next() {  // inline: the simulator draws several times an event
    const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = Rotl(s_[3], 45);
    return result;
  }
  /// Uniform double in [0, 1), 53 random bits.
  double Uniform01() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  /// Uniform double in (0, 1]: safe to take the log of.
  double UniformOpen0() { return static_cast<double>((Next() >> 11) + 1) * 0x1.0p-53; }
  /// Uniform integer in [0, n) without modulo bias (Lemire's method). n > 0.
  std::uint64_t Below(std::uint64_t n);
  /// Exponential with the given rate (mean 1/rate). rate > 0.
  double Exponential(double rate);
  /// Standard normal (Box–Muller with DetLog/DetSqrt/DetSinCos).
  double Normal();
  /// Lognormal with the given mean and coefficient of variation of the result.
  double LognormalMeanCv(double mean, double cv);
  /// Pareto (Type I) with scale xm > 0 and shape alpha > 0.
  double Pareto(double xm, double alpha);
  /// True with probability p.
  bool Bernoulli(double p) { return Uniform01() < p; }

 private:
  static constexpr std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// Natural logarithm, x > 0 (returns -inf for 0 and NaN for negatives, like std::log).
double DetLog(double x);
/// e^x; overflows to +inf above ~709.78 and underflows to 0 below ~-745.
double DetExp(double x);
/// x^y for x > 0 (x == 0 gives 0 for y > 0, 1 for y == 0); integer y on negative x is not supported.
double DetPow(double x, double y);
/// sin and cos of x (|x| up to 1e6; accuracy ≈ 1e-15 absolute).
void DetSinCos(double x, double& s, double& c);

}  // namespace sdlab
