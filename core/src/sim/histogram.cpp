// Log-bucketed histogram: see histogram.h.
#include "sim/histogram.h"

#include <algorithm>
#include <cmath>

namespace sdlab::sim {

double LogHistogram::BucketMid(int index) {
  if (index <= 0) return 0.0;
  const int k = index - 1;
  const int e = kMinExponent + 1 + k / kSubBuckets;
  const int sub = k % kSubBuckets;
  const double m = 0.5 + (static_cast<double>(sub) + 0.5) / (2.0 * kSubBuckets);
  return std::ldexp(m, e);
}

void LogHistogram::Grow(int b) {
  if (counts_.empty()) {
    lo_ = b;
    counts_.assign(1, 0);
  } else if (b < lo_) {
    counts_.insert(counts_.begin(), static_cast<std::size_t>(lo_ - b), 0);
    lo_ = b;
  } else {
    counts_.resize(static_cast<std::size_t>(b - lo_ + 1), 0);
  }
  ++counts_[static_cast<std::size_t>(b - lo_)];
}

void LogHistogram::Merge(const LogHistogram& other) {
  if (other.count_ == 0) return;
  if (counts_.empty()) {
    *this = other;
    return;
  }
  const int lo = std::min(lo_, other.lo_);
  const int hi = std::max(lo_ + static_cast<int>(counts_.size()), other.lo_ + static_cast<int>(other.counts_.size()));
  std::vector<std::uint64_t> merged(static_cast<std::size_t>(hi - lo), 0);
  for (std::size_t i = 0; i < counts_.size(); ++i) merged[static_cast<std::size_t>(lo_ - lo) + i] += counts_[i];
  for (std::size_t i = 0; i < other.counts_.size(); ++i)
    merged[static_cast<std::size_t>(other.lo_ - lo) + i] += other.counts_[i];
  counts_ = std::move(merged);
  lo_ = lo;
  count_ += other.count_;
  sum_ += other.sum_;
  max_ = std::max(max_, other.max_);
}

void LogHistogram::Clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  sum_ = 0;
  max_ = 0;
}

double LogHistogram::Quantile(double q) const {
  if (count_ == 0) return 0.0;
  q = std::clamp(q, 0.0, 1.0);
  std::uint64_t rank = static_cast<std::uint64_t>(std::ceil(q * static_cast<double>(count_)));
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (std::size_t i = 0; i < counts_.size(); ++i) {
    seen += counts_[i];
    if (seen >= rank) return std::min(BucketMid(lo_ + static_cast<int>(i)), max_);
  }
  return max_;
}

}  // namespace sdlab::sim
