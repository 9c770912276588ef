// Internal statistics and formatting helpers; see sample_stats.h.
#include "queue/sample_stats.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace sdlab::sample_stats {

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double n = static_cast<double>(sorted.size());
  const double rank = std::ceil(p * n);  // nearest rank, 1-based
  std::size_t idx = rank < 1 ? 0 : static_cast<std::size_t>(rank) - 1;
  if (idx >= sorted.size()) idx = sorted.size() - 1;
  return sorted[idx];
}

double StudentT975(int df) {
  static constexpr double kTable[31] = {0,      12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365,
                                        2.306,  2.262,  2.228, 2.201, 2.179, 2.160, 2.145, 2.131,
                                        2.120,  2.110,  2.101, 2.093, 2.086, 2.080, 2.074, 2.069,
                                        2.064,  2.060,  2.056, 2.052, 2.048, 2.045, 2.042};
  if (df <= 0) return 0;
  if (df <= 30) return kTable[df];
  if (df <= 60) return 2.000;
  return 1.960;
}

Interval BatchMeans(const std::vector<double>& values, int batches) {
  Interval out;
  if (values.empty()) return out;
  double total = 0;
  for (double v : values) total += v;
  out.mean = total / static_cast<double>(values.size());
  out.low = out.high = out.mean;
  if (batches < 2 || values.size() < static_cast<std::size_t>(batches)) return out;
  const std::size_t per = values.size() / static_cast<std::size_t>(batches);
  std::vector<double> means;
  means.reserve(static_cast<std::size_t>(batches));
  for (int b = 0; b < batches; ++b) {
    double s = 0;
    const std::size_t begin = static_cast<std::size_t>(b) * per;
    for (std::size_t i = begin; i < begin + per; ++i) s += values[i];
    means.push_back(s / static_cast<double>(per));
  }
  double grand = 0;
  for (double m : means) grand += m;
  grand /= static_cast<double>(batches);
  double ss = 0;
  for (double m : means) ss += (m - grand) * (m - grand);
  const double sd = std::sqrt(ss / static_cast<double>(batches - 1));
  const double half = StudentT975(batches - 1) * sd / std::sqrt(static_cast<double>(batches));
  // Centre on the mean of all values (the batch means drop at most batches−1 trailing values).
  out.low = out.mean - half;
  out.high = out.mean + half;
  return out;
}

double ServiceSampler::Sample(Rng& rng) const {
  if (cv_ <= 0) return mean_s_;
  if (cv_ == 1.0) return rng.Exponential(1.0 / mean_s_);
  return rng.LognormalMeanCv(mean_s_, cv_);
}

double RoundSig(double v, int significant) {
  if (!std::isfinite(v) || v == 0) return v;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", significant - 1, v);
  return std::strtod(buf, nullptr);
}

nlohmann::json JsonNumber(double v) {
  if (!std::isfinite(v)) return nullptr;
  const double r = RoundSig(v, 9);
  return r == 0 ? 0.0 : r;  // no "-0.0"
}

nlohmann::json JsonOptional(bool present, double v) { return present ? JsonNumber(v) : nlohmann::json(nullptr); }

std::string Fmt(double v, int significant) {
  if (std::isnan(v)) return "n/a";
  if (std::isinf(v)) return v > 0 ? "∞" : "-∞";
  if (v == 0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return buf;
}

double Binomial(int n, int k) {
  if (k < 0 || k > n) return 0;
  k = std::min(k, n - k);
  double c = 1;
  for (int i = 1; i <= k; ++i) c = c * static_cast<double>(n - k + i) / static_cast<double>(i);
  return c <= 9007199254740992.0 ? std::round(c) : c;  // exact integers up to 2^53
}

namespace {
double IntPow(double x, int n) {
  double result = 1;
  double base = x;
  while (n > 0) {
    if (n & 1) result *= base;
    base *= base;
    n >>= 1;
  }
  return result;
}
}  // namespace

double AtLeastKOfN(int k, int n, double p) {
  if (k <= 0) return 1;
  if (k > n) return 0;
  const double q = 1 - p;
  double upper = 0;  // Σ_{j ≥ k}
  double lower = 0;  // Σ_{j < k}
  for (int j = 0; j <= n; ++j) {
    const double term = Binomial(n, j) * IntPow(p, j) * IntPow(q, n - j);
    if (j >= k) upper += term;
    else lower += term;
  }
  // Take whichever side is the small one and complement it: keeps 1 − A accurate at many nines.
  if (lower < upper) return 1 - lower;
  return upper;
}

}  // namespace sdlab::sample_stats
