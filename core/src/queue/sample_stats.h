// Internal helpers shared by the queue, replication, reliability and balance models: percentiles,
// batch-means confidence intervals, service-time sampling, and deterministic number rounding and
// formatting for formulas and JSON. Not part of the public API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/random.h"

namespace sdlab::sample_stats {

/// Nearest-rank percentile of ascending `sorted` values, p in [0, 1]. 0 for an empty sample.
double Percentile(const std::vector<double>& sorted, double p);

/// Mean and two-sided 95% confidence interval.
struct Interval {
  double mean = 0;
  double low = 0;
  double high = 0;
};

/// Batch means: `values` in time order are cut into `batches` equal consecutive batches; the
/// interval is mean ± t(0.975, batches−1) · s/√batches over the batch means. With fewer values than
/// batches the interval collapses to the mean.
Interval BatchMeans(const std::vector<double>& values, int batches = 20);

/// Student t quantile t(0.975, df) (table for df ≤ 30, 1.96 beyond).
double StudentT975(int df);

/// Draws service times with a given mean and coefficient of variation: cv = 0 deterministic,
/// cv = 1 exponential, otherwise lognormal with that mean and cv.
class ServiceSampler {
 public:
  ServiceSampler(double mean_s, double cv) : mean_s_(mean_s), cv_(cv) {}
  double Sample(Rng& rng) const;

 private:
  double mean_s_;
  double cv_;
};

/// `v` rounded to `significant` decimal digits (through "%.*g" and strtod, both correctly rounded in
/// glibc and musl, so the same on every platform).
double RoundSig(double v, int significant = 9);
/// A JSON number rounded to 9 significant digits; null for NaN or infinity (never reached on
/// purpose, but JSON must never carry them).
nlohmann::json JsonNumber(double v);
/// A JSON number or null.
nlohmann::json JsonOptional(bool present, double v);
/// "%.*g" with `significant` digits, for formula texts ("0.4092", "1.2e+04").
std::string Fmt(double v, int significant = 4);

/// C(n, k) as a double (exact up to 2^53, then correctly scaled products).
double Binomial(int n, int k);
/// P(at least k successes of n independent trials with probability p each), summed stably.
double AtLeastKOfN(int k, int n, double p);

}  // namespace sdlab::sample_stats
