// Log-bucketed streaming histogram of non-negative durations (seconds).
//
// Buckets: 64 per power of two between 2^-30 s (~1 ns) and 2^20 s (~12 days); values below go to
// an underflow bucket (reported as 0), values above to the top bucket. A value v in [2^e, 2^(e+1))
// falls in bucket floor((v / 2^e − 1) × 64), and a percentile reports its bucket's midpoint, so the
// relative error is at most 1/(2 × 64) ≈ 0.78%. Indices come from the IEEE-754 bits (the exponent
// field and the top 6 bits of the mantissa: exact, no rounding), so the same values give the same
// buckets on every platform. Storage grows to the range of buckets actually touched. Record is forced
// inline (GCC left it out of line; inlining saves ~10 instructions a call): the simulator records
// several values per request.
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace sdlab::sim {

class LogHistogram {
 public:
  static constexpr int kSubBuckets = 64;
  static constexpr int kMinExponent = -30;  ///< frexp exponent of the smallest tracked value
  static constexpr int kMaxExponent = 21;
  static constexpr double kRelativeError = 1.0 / (2.0 * kSubBuckets);

  [[gnu::always_inline]] void Record(double v) {
    const int b = BucketOf(v);
    // One unsigned comparison for both ends: a bucket below lo_ wraps around to a huge index.
    const auto i = static_cast<std::size_t>(static_cast<std::uint32_t>(b - lo_));
    if (i < counts_.size()) {
      ++counts_[i];
    } else {
      Grow(b);
    }
    ++count_;
    sum_ += v;
    if (v > max_) max_ = v;
  }
  void Merge(const LogHistogram& other);
  void Clear();

  std::uint64_t Count() const { return count_; }
  double Sum() const { return sum_; }
  double Max() const { return max_; }
  double Mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /// Nearest-rank percentile, q in [0, 1]: the midpoint of the bucket holding rank ⌈q·n⌉ (0 if empty).
  double Quantile(double q) const;

  static int BucketOf(double v) {
    if (!(v > 0)) return 0;  // zero, negative, NaN
    std::uint64_t u = 0;
    std::memcpy(&u, &v, sizeof u);
    // v = 1.f × 2^(E−1023) = m × 2^e with m = (1.f)/2 in [0.5, 1): e = E − 1022 (frexp's exponent).
    const int e = static_cast<int>((u >> 52) & 0x7FF) - 1022;
    if (e <= kMinExponent) return 0;  // also subnormals (E = 0)
    if (e > kMaxExponent) return kBucketCount - 1;
    const int sub = static_cast<int>((u >> 46) & (kSubBuckets - 1));  // floor((m − 0.5) × 2 × 64)
    return 1 + (e - kMinExponent - 1) * kSubBuckets + sub;
  }
  static constexpr int kBucketCount = (kMaxExponent - kMinExponent) * kSubBuckets + 1;
  static double BucketMid(int index);

 private:
  void Grow(int b);  // makes room for bucket b and counts it

  std::vector<std::uint64_t> counts_;  // counts_[i] is bucket lo_ + i
  int lo_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double max_ = 0;
};

}  // namespace sdlab::sim
