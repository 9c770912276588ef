// Error budgets, burn rates and alerts; lognormal percentiles, fan-out and serial composition;
// latency vs throughput of an M/M/c tier. See sdlab/slo.h.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/queue.h"
#include "sdlab/random.h"
#include "sdlab/slo.h"
#include "sdlab/units.h"

namespace sdlab::slo {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

bool In(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }

nlohmann::json FormulasJson(const std::vector<Formula>& fs) {
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : fs) f[x.key] = x.text;
  return f;
}

std::string T(double s) { return units::FormatDuration(s); }
std::string P(double f) { return units::FormatPercent(f, 4); }

/// 1 − e^x for small |x| accurately (x ≤ 0): −expm1(x).
double OneMinusExp(double x) {
  if (std::fabs(x) < 1e-2) return -(x + x * x / 2 + x * x * x / 6 + x * x * x * x / 24 + x * x * x * x * x / 120);
  return 1 - DetExp(x);
}

/// Φ⁻¹(1 − u) for a small upper tail u, by symmetry.
double UpperQuantile(double u) { return -NormalQuantile(u); }

}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

double NormalQuantile(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  if (!(p > 0)) return -40;
  if (!(p < 1)) return 40;
  constexpr double plow = 0.02425;
  if (p < plow) {
    const double q = std::sqrt(-2 * DetLog(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p <= 1 - plow) {
    const double q = p - 0.5, r = q * q;
    return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
           (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  return -NormalQuantile(1 - p);
}

double NormalCdf(double x) {
  const double z = std::fabs(x) / std::sqrt(2.0);
  const double t = 1 / (1 + 0.5 * z);
  const double erfc =
      t * DetExp(-z * z - 1.26551223 +
                 t * (1.00002368 +
                      t * (0.37409196 +
                           t * (0.09678418 +
                                t * (-0.18628806 +
                                     t * (0.27886807 +
                                          t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - 0.5 * erfc : 0.5 * erfc;
}

double Lognormal::Quantile(double p) const { return DetExp(mu + sigma * NormalQuantile(p)); }
double Lognormal::Cdf(double t) const { return t <= 0 ? 0 : NormalCdf((DetLog(t) - mu) / sigma); }
double Lognormal::Mean() const { return DetExp(mu + sigma * sigma / 2); }

Expected<Lognormal, InputError> LognormalFromP50P99(double p50, double p99) {
  if (!In(p50, 1e-9, 86400)) return Fail("p50", "must be above 0 and at most 1 day");
  if (!In(p99, 1e-9, 86400)) return Fail("p99", "must be above 0 and at most 1 day");
  if (!(p99 > p50)) return Fail("p99", "must be above the p50");
  Lognormal l;
  l.mu = DetLog(p50);
  l.sigma = (DetLog(p99) - l.mu) / NormalQuantile(0.99);
  return l;
}

Expected<Lognormal, InputError> LognormalFromMeanCv(double mean, double cv) {
  if (!In(mean, 1e-9, 86400)) return Fail("mean", "must be above 0 and at most 1 day");
  if (!In(cv, 1e-6, 100)) return Fail("cv", "must be above 0 and at most 100");
  Lognormal l;
  const double s2 = DetLog(1 + cv * cv);
  l.sigma = std::sqrt(s2);
  l.mu = DetLog(mean) - s2 / 2;
  return l;
}

// [SECTION] Error budgets --------------------------------------------------------------------------------

Expected<BudgetResult, InputError> AnalyzeBudget(const BudgetDef& d) {
  if (!(d.slo > 0 && d.slo < 1) || !std::isfinite(d.slo)) return Fail("slo", "must be above 0% and below 100%");
  if (!In(d.window_s, 60, 10 * 365 * 86400.0)) return Fail("window", "must be between 1 min and 10 years");
  if (d.request_rate && !In(*d.request_rate, 0, 1e12)) return Fail("rate", "must be between 0 and 1e12 per second");
  if (d.error_rate && !In(*d.error_rate, 0, 1)) return Fail("error_rate", "must be between 0 and 100%");
  if (!In(d.budget_spent, 0, 1)) return Fail("budget_spent", "must be between 0 and 100%");
  BudgetResult r;
  r.slo = d.slo;
  r.window_s = d.window_s;
  r.budget_fraction = 1 - d.slo;
  r.allowed_bad_minutes = r.budget_fraction * d.window_s / 60;
  r.formulas.push_back({"budget_fraction", "budget = 1 − SLO = 1 − " + P(d.slo) + " = " + P(r.budget_fraction)});
  r.formulas.push_back({"allowed_bad_minutes", "(1 − SLO) × window = " + Fmt(r.budget_fraction) + " × " +
                                                   Fmt(d.window_s / 60) + " min = " + Fmt(r.allowed_bad_minutes) +
                                                   " min (" + T(r.allowed_bad_minutes * 60) + ")"});
  if (d.request_rate) {
    const double total = *d.request_rate * d.window_s;
    r.allowed_bad_requests = r.budget_fraction * total;
    r.formulas.push_back({"allowed_bad_requests", "(1 − SLO) × rate × window = " + Fmt(r.budget_fraction) + " × " +
                                                      Fmt(*d.request_rate) + "/s × " + Fmt(d.window_s) + " s = " +
                                                      Fmt(*r.allowed_bad_requests)});
  }
  if (d.error_rate) {
    const double burn = *d.error_rate / r.budget_fraction;
    r.burn_rate = burn;
    r.formulas.push_back({"burn_rate", "burn = error rate ÷ (1 − SLO) = " + P(*d.error_rate) + " ÷ " +
                                           P(r.budget_fraction) + " = " + Fmt(burn)});
    const double remaining = 1 - d.budget_spent;
    if (burn > 0) {
      r.time_to_exhaustion_s = remaining * d.window_s / burn;
      r.formulas.push_back({"time_to_exhaustion", "remaining × window ÷ burn = " + P(remaining) + " × " +
                                                      T(d.window_s) + " ÷ " + Fmt(burn) + " = " +
                                                      T(*r.time_to_exhaustion_s)});
    }
    struct Spec {
      const char* name;
      double fraction, long_h, short_h;
    };
    for (const Spec& s : {Spec{"page_fast", 0.02, 1, 5.0 / 60}, Spec{"page_slow", 0.05, 6, 0.5},
                          Spec{"ticket", 0.10, 72, 6}}) {
      BurnAlert a;
      a.name = s.name;
      a.budget_fraction = s.fraction;
      a.long_window_s = s.long_h * 3600;
      a.short_window_s = s.short_h * 3600;
      a.threshold = s.fraction * d.window_s / a.long_window_s;
      a.firing = burn >= a.threshold && burn > 0;
      if (a.firing) {
        a.time_to_fire_s = a.long_window_s * a.threshold / burn;
        a.budget_spent_at_fire = burn * *a.time_to_fire_s / d.window_s;
      }
      r.formulas.push_back({std::string("alert_") + s.name,
                            std::string(s.name) + ": burn threshold = " + P(s.fraction) + " × window ÷ " +
                                T(a.long_window_s) + " = " + Fmt(a.threshold) + " (short window " +
                                T(a.short_window_s) + ")" +
                                (a.firing ? "; fires after " + T(*a.time_to_fire_s) : std::string("; does not fire"))});
      r.alerts.push_back(a);
    }
    if (burn > 1)
      r.notes.push_back("burning " + Fmt(burn, 3) + "× the sustainable rate: the budget runs out before the window ends");
  }
  return r;
}

Expected<std::vector<BurnPoint>, InputError> BurnSeries(const BurnSeriesDef& d) {
  if (!(d.slo > 0 && d.slo < 1)) return Fail("slo", "must be above 0% and below 100%");
  if (!In(d.window_s, 60, 10 * 365 * 86400.0)) return Fail("window", "must be between 1 min and 10 years");
  if (!In(d.background_error_rate, 0, 1)) return Fail("background_error_rate", "must be between 0 and 100%");
  if (!In(d.incident_error_rate, 0, 1)) return Fail("incident_error_rate", "must be between 0 and 100%");
  if (!In(d.incident_start_s, 0, d.window_s)) return Fail("incident_start", "must lie within the window");
  if (!In(d.incident_duration_s, 0, d.window_s)) return Fail("incident_duration", "must be between 0 and the window");
  if (d.points < 2 || d.points > 100000) return Fail("points", "must be between 2 and 100000");
  const double budget = (1 - d.slo) * d.window_s;  // bad-seconds allowed
  const double end = d.incident_start_s + d.incident_duration_s;
  std::vector<BurnPoint> out;
  for (int i = 0; i < d.points; ++i) {
    const double t = d.window_s * i / (d.points - 1);
    double bad = d.background_error_rate * t;
    const double inc = std::max(0.0, std::min(t, end) - d.incident_start_s);
    bad += (d.incident_error_rate - d.background_error_rate) * inc;
    out.push_back({t, 1 - bad / budget});
  }
  return out;
}

std::optional<double> BurnExhaustion(const BurnSeriesDef& d) {
  const double budget = (1 - d.slo) * d.window_s;
  const double bg = d.background_error_rate, inc = d.incident_error_rate;
  const double start = d.incident_start_s, end = std::min(d.window_s, start + d.incident_duration_s);
  auto bad = [&](double t) { return bg * t + (inc - bg) * std::max(0.0, std::min(t, end) - start); };
  if (bad(d.window_s) < budget) return std::nullopt;
  // Piecewise linear and non-decreasing: find the piece, then solve.
  if (bg > 0 && bg * start >= budget) return budget / bg;
  if (bad(end) >= budget) return inc > 0 ? start + (budget - bg * start) / inc : start;
  return bg > 0 ? end + (budget - bad(end)) / bg : std::optional<double>{};
}

// [SECTION] Latency ----------------------------------------------------------------------------------------

Expected<LatencyResult, InputError> AnalyzeLatency(const Lognormal& l, int k, std::optional<double> threshold) {
  if (!std::isfinite(l.mu) || !(l.sigma > 0) || !std::isfinite(l.sigma)) return Fail("distribution", "invalid");
  if (k < 1 || k > 1000000) return Fail("fan_out", "must be between 1 and 10^6");
  if (threshold && !In(*threshold, 0, 86400)) return Fail("threshold", "must be between 0 and 1 day");
  LatencyResult r;
  r.dist = l;
  r.fan_out = k;
  r.mean_s = l.Mean();
  r.p50_s = l.Quantile(0.5);
  r.p90_s = l.Quantile(0.9);
  r.p95_s = l.Quantile(0.95);
  r.p99_s = l.Quantile(0.99);
  r.p999_s = l.Quantile(0.999);
  const double ln99 = DetLog(0.99);
  const double upper = OneMinusExp(ln99 / k);  // 1 − 0.99^(1/k)
  r.fan_out_quantile = 1 - upper;
  r.fan_out_p99_s = DetExp(l.mu + l.sigma * UpperQuantile(upper));
  r.fan_out_p50_s = l.Quantile(DetExp(DetLog(0.5) / k));
  auto& F = r.formulas;
  F.push_back({"distribution", "lognormal: μ = " + Fmt(l.mu) + ", σ = " + Fmt(l.sigma) + " (of ln seconds)"});
  F.push_back({"p99", "p99 = e^(μ + σ·z₀.₉₉) = e^(" + Fmt(l.mu) + " + " + Fmt(l.sigma) + " × 2.326) = " + T(r.p99_s)});
  F.push_back({"mean", "mean = e^(μ + σ²/2) = " + T(r.mean_s)});
  F.push_back({"fan_out_quantile", "P(all k under t) = F(t)^k = 0.99 → F(t) = 0.99^(1/k) = 0.99^(1/" +
                                       std::to_string(k) + ") = " + Fmt(r.fan_out_quantile, 8)});
  F.push_back({"fan_out_p99", "fan-out p99 = backend quantile at " + Fmt(r.fan_out_quantile, 8) + " = " +
                                  T(r.fan_out_p99_s) + " (backend p99 " + T(r.p99_s) + ")"});
  if (threshold) {
    r.threshold_s = threshold;
    r.p_backend_under = l.Cdf(*threshold);
    r.p_request_under = DetPow(*r.p_backend_under, k);
    F.push_back({"p_request_under", "P(request ≤ " + T(*threshold) + ") = F(t)^k = " + Fmt(*r.p_backend_under, 6) +
                                        "^" + std::to_string(k) + " = " + Fmt(*r.p_request_under, 6)});
  }
  return r;
}

Expected<PathResult, InputError> ComposePath(const std::vector<double>& p99s, const std::vector<double>& p50s,
                                             std::optional<double> budget) {
  if (p99s.empty()) return Fail("path", "needs at least one tier");
  if (p99s.size() > 1000) return Fail("path", "at most 1000 tiers");
  if (!p50s.empty() && p50s.size() != p99s.size()) return Fail("path_p50", "give one p50 per tier, or none");
  if (budget && !In(*budget, 0, 86400)) return Fail("budget", "must be between 0 and 1 day");
  PathResult r;
  std::string terms;
  for (double v : p99s) {
    if (!In(v, 0, 86400)) return Fail("path", "every p99 must be between 0 and 1 day");
    r.p99_sum_s += v;
    terms += (terms.empty() ? "" : " + ") + T(v);
  }
  r.formulas.push_back({"p99_sum", "p99(path) ≲ Σ p99 = " + terms + " = " + T(r.p99_sum_s) +
                                       " (conservative: the slow cases rarely coincide)"});
  if (!p50s.empty()) {
    double s = 0;
    for (double v : p50s) {
      if (!In(v, 0, 86400)) return Fail("path_p50", "every p50 must be between 0 and 1 day");
      s += v;
    }
    r.p50_sum_s = s;
    r.formulas.push_back({"p50_sum", "Σ p50 = " + T(s) + " (a rough centre; medians do not add exactly)"});
  }
  if (budget) {
    r.budget_s = budget;
    r.within_budget = r.p99_sum_s <= *budget;
    r.formulas.push_back({"within_budget", T(r.p99_sum_s) + (*r.within_budget ? " ≤ " : " > ") + T(*budget) +
                                               " p99 budget"});
  }
  return r;
}

// [SECTION] Tier -------------------------------------------------------------------------------------------

Expected<TierResult, InputError> AnalyzeTier(double mu, int c, std::optional<double> lambda,
                                             std::optional<double> target, int points) {
  if (!In(mu, 1e-9, 1e9)) return Fail("service_rate", "must be above 0 and at most 1e9 per second");
  if (c < 1 || c > 100000) return Fail("servers", "must be between 1 and 100000");
  if (lambda && !In(*lambda, 0, 1e12)) return Fail("rate", "must be between 0 and 1e12 per second");
  if (target && !In(*target, 1e-9, 86400)) return Fail("p99_target", "must be above 0 and at most 1 day");
  points = std::clamp(points, 2, 1000);
  TierResult r;
  r.service_rate = mu;
  r.servers = c;
  const double cap = c * mu;
  for (int i = 0; i < points; ++i) {
    const double rho = 0.05 + (0.99 - 0.05) * i / (points - 1);
    const queue::QueueMetrics q = queue::AnalyzeMmc(rho * cap, mu, c);
    r.curve.push_back({rho, rho * cap, q.response_p99_s.value_or(0)});
  }
  r.formulas.push_back({"capacity", "c × μ = " + std::to_string(c) + " × " + Fmt(mu) + " = " + Fmt(cap) + "/s"});
  if (lambda) {
    r.arrival_rate = lambda;
    r.utilization_at_rate = *lambda / cap;
    const queue::QueueMetrics q = queue::AnalyzeMmc(*lambda, mu, c);
    if (q.stable && q.response_p99_s) r.p99_at_rate_s = q.response_p99_s;
    r.formulas.push_back({"p99_at_rate", "M/M/c at ρ = λ ÷ (cμ) = " + Fmt(*lambda) + " ÷ " + Fmt(cap) + " = " +
                                             Fmt(*r.utilization_at_rate) + ": p99 = " +
                                             (r.p99_at_rate_s ? T(*r.p99_at_rate_s) : std::string("unbounded"))});
  }
  if (target) {
    r.p99_target_s = target;
    auto p99 = [&](double l) { return queue::AnalyzeMmc(l, mu, c).response_p99_s.value_or(1e300); };
    if (p99(0) > *target) {
      r.max_rate_for_target = 0;
    } else {
      double lo = 0, hi = cap * (1 - 1e-12);
      for (int i = 0; i < 100; ++i) {
        const double mid = (lo + hi) / 2;
        if (p99(mid) <= *target) lo = mid;
        else hi = mid;
      }
      r.max_rate_for_target = lo;
    }
    r.formulas.push_back({"max_rate_for_target", "highest λ with p99 ≤ " + T(*target) + " (bisection) = " +
                                                     Fmt(*r.max_rate_for_target) + "/s = " +
                                                     P(*r.max_rate_for_target / cap) + " utilisation"});
  }
  return r;
}

// [SECTION] JSON -------------------------------------------------------------------------------------------

nlohmann::json ToJson(const BudgetResult& r) {
  nlohmann::json j;
  j["slo"] = JsonNumber(r.slo);
  j["window_s"] = JsonNumber(r.window_s);
  j["budget_fraction"] = JsonNumber(r.budget_fraction);
  j["allowed_bad_minutes"] = JsonNumber(r.allowed_bad_minutes);
  j["allowed_bad_requests"] = Opt(r.allowed_bad_requests);
  j["burn_rate"] = Opt(r.burn_rate);
  j["time_to_exhaustion_s"] = Opt(r.time_to_exhaustion_s);
  nlohmann::json a = nlohmann::json::array();
  for (const BurnAlert& x : r.alerts)
    a.push_back({{"name", x.name},
                 {"budget_fraction", JsonNumber(x.budget_fraction)},
                 {"long_window_s", JsonNumber(x.long_window_s)},
                 {"short_window_s", JsonNumber(x.short_window_s)},
                 {"threshold", JsonNumber(x.threshold)},
                 {"firing", x.firing},
                 {"time_to_fire_s", Opt(x.time_to_fire_s)},
                 {"budget_spent_at_fire", Opt(x.budget_spent_at_fire)}});
  j["alerts"] = a;
  j["formulas"] = FormulasJson(r.formulas);
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const std::vector<BurnPoint>& s) {
  nlohmann::json a = nlohmann::json::array();
  for (const BurnPoint& p : s) a.push_back({{"t_s", JsonNumber(p.t_s)}, {"budget_left", JsonNumber(p.budget_left)}});
  return a;
}

nlohmann::json ToJson(const LatencyResult& r) {
  return {{"mu", JsonNumber(r.dist.mu)},
          {"sigma", JsonNumber(r.dist.sigma)},
          {"mean_s", JsonNumber(r.mean_s)},
          {"p50_s", JsonNumber(r.p50_s)},
          {"p90_s", JsonNumber(r.p90_s)},
          {"p95_s", JsonNumber(r.p95_s)},
          {"p99_s", JsonNumber(r.p99_s)},
          {"p999_s", JsonNumber(r.p999_s)},
          {"fan_out", r.fan_out},
          {"fan_out_quantile", JsonNumber(r.fan_out_quantile)},
          {"fan_out_p50_s", JsonNumber(r.fan_out_p50_s)},
          {"fan_out_p99_s", JsonNumber(r.fan_out_p99_s)},
          {"threshold_s", Opt(r.threshold_s)},
          {"p_backend_under", Opt(r.p_backend_under)},
          {"p_request_under", Opt(r.p_request_under)},
          {"formulas", FormulasJson(r.formulas)}};
}

nlohmann::json ToJson(const PathResult& r) {
  return {{"p99_sum_s", JsonNumber(r.p99_sum_s)},
          {"p50_sum_s", Opt(r.p50_sum_s)},
          {"budget_s", Opt(r.budget_s)},
          {"within_budget", r.within_budget ? nlohmann::json(*r.within_budget) : nlohmann::json(nullptr)},
          {"formulas", FormulasJson(r.formulas)}};
}

nlohmann::json ToJson(const TierResult& r) {
  nlohmann::json c = nlohmann::json::array();
  for (const TierPoint& p : r.curve)
    c.push_back({{"utilization", JsonNumber(p.utilization)},
                 {"throughput", JsonNumber(p.throughput)},
                 {"p99_s", JsonNumber(p.p99_s)}});
  return {{"service_rate", JsonNumber(r.service_rate)},
          {"servers", r.servers},
          {"arrival_rate", Opt(r.arrival_rate)},
          {"utilization_at_rate", Opt(r.utilization_at_rate)},
          {"p99_at_rate_s", Opt(r.p99_at_rate_s)},
          {"p99_target_s", Opt(r.p99_target_s)},
          {"max_rate_for_target", Opt(r.max_rate_for_target)},
          {"curve", c},
          {"formulas", FormulasJson(r.formulas)}};
}

}  // namespace sdlab::slo
