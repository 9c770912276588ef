// Log-bucketed streaming histogram of non-negative durations (seconds).
//
// Buckets: 64 per power of two between 2^-30 s (~1 ns) and 2^20 s (~12 days); values below go to
// an underflow bucket (reported as 0), values above to the top bucket. A value v in [2^e, 2^(e+1))
// falls in bucket floor((v / 2^e − 1) × 64), and a percentile reports its bucket's midpoint, so the
// relative error is at most 1/(2 × 64) ≈ 0.78%. Indices come from frexp (exact), so the same values
// give the same buckets on every platform. Storage grows to the range of buckets actually touched.
#pragma once

#include <cstdint>
#include <vector>

namespace sdlab::sim {

class LogHistogram {
 public:
  static constexpr int kSubBuckets = 64;
  static constexpr int kMinExponent = -30;  ///< frexp exponent of the smallest tracked value
  static constexpr int kMaxExponent = 21;
  static constexpr double kRelativeError = 1.0 / (2.0 * kSubBuckets);

  void Record(double v);
  void Merge(const LogHistogram& other);
  void Clear();

  std::uint64_t Count() const { return count_; }
  double Sum() const { return sum_; }
  double Max() const { return max_; }
  double Mean() const { return count_ ? sum_ / static_cast<double>(count_) : 0.0; }
  /// Nearest-rank percentile, q in [0, 1]: the midpoint of the bucket holding rank ⌈q·n⌉ (0 if empty).
  double Quantile(double q) const;

  static int BucketOf(double v);
  static double BucketMid(int index);

 private:
  std::vector<std::uint64_t> counts_;  // counts_[i] is bucket lo_ + i
  int lo_ = 0;
  std::uint64_t count_ = 0;
  double sum_ = 0;
  double max_ = 0;
};

}  // namespace sdlab::sim
