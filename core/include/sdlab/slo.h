// sdlab/slo.h — SLIs, SLOs and error budgets; latency percentiles and how they compose.
//
// Words: an SLI is a measured ratio (good requests ÷ all, or good minutes ÷ all); an SLO is the
// target for it over a window (99.9% over 30 days); an SLA is a contract with a penalty, set looser
// than the SLO. The error budget is what the SLO allows to fail: (1 − SLO) × window minutes, or
// (1 − SLO) × requests in the window.
//
// What it models
//   Error budget  allowed bad minutes and bad requests over the window; the burn rate of an observed
//                 error rate = error rate ÷ (1 − SLO) (1 = exactly spends the budget by the window's end);
//                 the time to exhaustion = remaining budget × window ÷ burn rate; and the multi-window
//                 burn-rate alerts of the SRE workbook (page: 2% of the budget in 1 h → burn 14.4 for a
//                 30-day window, also checked over 5 min; page: 5% in 6 h → burn 6 (30 min short window);
//                 ticket: 10% in 3 d → burn 1 (6 h short window)), each with the time it takes to fire
//                 at the observed burn and the budget spent by then. A burn series (budget left over
//                 the window for a background error rate plus one incident) feeds the lab's plot.
//   Percentiles   a lognormal latency distribution from p50 and p99 (μ = ln p50,
//                 σ = (ln p99 − ln p50) ÷ z₀.₉₉, z₀.₉₉ = 2.3263) or from the mean and coefficient of
//                 variation (σ² = ln(1 + cv²), μ = ln mean − σ²/2): p50, p90, p95, p99, p99.9, mean.
//   Fan-out       a request that waits for k parallel backend calls is under t only if all k are:
//                 P = F(t)^k, so its p99 is the backend's quantile at 0.99^(1/k) (k = 100: the backend's
//                 p99.99). Serial composition along a path: the sum of the tiers' p99 is a conservative
//                 approximation of the path's p99 (exact only if the slow cases coincide).
//   Tier          latency vs throughput of an M/M/c tier (sdlab/queue.h): response p99 against
//                 utilisation, and the highest arrival rate that keeps the p99 under a target.
// Assumptions: independent requests and backends; lognormal latencies; a constant error rate within
// each phase of the burn series.
//
// Units: times in seconds, rates per second, fractions 0..1. Numbers are deterministic (DetLog/
// DetExp, sqrt); JSON numbers rounded to 9 significant digits, never NaN/inf.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::slo {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct Formula {
  std::string key;
  std::string text;
};

// [SECTION] Error budgets ----------------------------------------------------------------------------

struct BudgetDef {
  double slo = 0.999;                     ///< target fraction of good events (0 < slo < 1)
  double window_s = 30 * 86400.0;         ///< the SLO window
  std::optional<double> request_rate;     ///< requests/s (for a budget in requests)
  std::optional<double> error_rate;       ///< observed bad fraction now (for burn rates)
  double budget_spent = 0;                ///< fraction of the budget already used (0..1)
};

/// One multi-window alert of the SRE workbook, evaluated at the observed burn rate.
struct BurnAlert {
  std::string name;             ///< "page_fast", "page_slow", "ticket"
  double budget_fraction = 0;   ///< budget spent in the long window that triggers it
  double long_window_s = 0;
  double short_window_s = 0;
  double threshold = 0;         ///< burn rate = budget fraction × window ÷ long window
  bool firing = false;          ///< observed burn ≥ threshold
  std::optional<double> time_to_fire_s;     ///< long window × threshold ÷ burn (from a clean start)
  std::optional<double> budget_spent_at_fire;  ///< burn × time to fire ÷ window
};

struct BudgetResult {
  double slo = 0;
  double window_s = 0;
  double budget_fraction = 0;        ///< 1 − SLO
  double allowed_bad_minutes = 0;    ///< (1 − SLO) × window in minutes
  std::optional<double> allowed_bad_requests;
  std::optional<double> burn_rate;   ///< error rate ÷ (1 − SLO)
  std::optional<double> time_to_exhaustion_s;  ///< remaining × window ÷ burn; none at burn 0
  std::vector<BurnAlert> alerts;     ///< when an error rate is given
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<BudgetResult, InputError> AnalyzeBudget(const BudgetDef& d);

/// Budget left (fraction, may go below 0) over the window: errors at `background_error_rate`, and at
/// `incident_error_rate` from incident_start_s for incident_duration_s. `points` samples from 0 to the
/// window.
struct BurnPoint {
  double t_s = 0;
  double budget_left = 1;
};
struct BurnSeriesDef {
  double slo = 0.999;
  double window_s = 30 * 86400.0;
  double background_error_rate = 0.0002;
  double incident_error_rate = 0.05;
  double incident_start_s = 10 * 86400.0;
  double incident_duration_s = 3600;
  int points = 200;
};
Expected<std::vector<BurnPoint>, InputError> BurnSeries(const BurnSeriesDef& d);
/// When the budget runs out in the series' scenario; none if it lasts the window.
std::optional<double> BurnExhaustion(const BurnSeriesDef& d);

// [SECTION] Latency distributions -----------------------------------------------------------------------

/// Standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation, relative error
/// < 1.2e-9).
double NormalQuantile(double p);
/// Standard normal CDF Φ(x) (erfc by a Chebyshev fit, fractional error < 1.2e-7).
double NormalCdf(double x);

struct Lognormal {
  double mu = 0;     ///< of ln(latency in seconds)
  double sigma = 1;
  double Quantile(double p) const;  ///< seconds
  double Cdf(double t_s) const;
  double Mean() const;
};

Expected<Lognormal, InputError> LognormalFromP50P99(double p50_s, double p99_s);
Expected<Lognormal, InputError> LognormalFromMeanCv(double mean_s, double cv);

struct LatencyResult {
  Lognormal dist;
  double mean_s = 0;
  double p50_s = 0, p90_s = 0, p95_s = 0, p99_s = 0, p999_s = 0;
  int fan_out = 1;                    ///< k parallel calls the request waits for
  double fan_out_quantile = 0.99;     ///< 0.99^(1/k)
  double fan_out_p99_s = 0;           ///< backend quantile at 0.99^(1/k)
  double fan_out_p50_s = 0;           ///< backend quantile at 0.5^(1/k)
  std::optional<double> threshold_s;  ///< an SLO threshold t, if given
  std::optional<double> p_backend_under;  ///< F(t)
  std::optional<double> p_request_under;  ///< F(t)^k
  std::vector<Formula> formulas;
};
/// Percentiles of `dist` and the effect of waiting for `fan_out` (1..10^6) parallel calls.
Expected<LatencyResult, InputError> AnalyzeLatency(const Lognormal& dist, int fan_out,
                                                   std::optional<double> threshold_s = std::nullopt);

/// A serial path of tiers, each with its p99 (and optionally p50): the conservative sum.
struct PathResult {
  double p99_sum_s = 0;
  std::optional<double> p50_sum_s;
  std::optional<double> budget_s;     ///< the p99 SLO, if given
  std::optional<bool> within_budget;
  std::vector<Formula> formulas;
};
Expected<PathResult, InputError> ComposePath(const std::vector<double>& p99s_s, const std::vector<double>& p50s_s,
                                             std::optional<double> budget_s);

// [SECTION] Latency vs throughput of a tier -----------------------------------------------------------

struct TierPoint {
  double utilization = 0;
  double throughput = 0;   ///< λ, requests/s
  double p99_s = 0;        ///< M/M/c response p99
};
struct TierResult {
  double service_rate = 0;
  int servers = 1;
  std::vector<TierPoint> curve;                ///< utilisation 5% .. 99%
  std::optional<double> arrival_rate;          ///< the given λ
  std::optional<double> p99_at_rate_s;
  std::optional<double> utilization_at_rate;
  std::optional<double> p99_target_s;
  std::optional<double> max_rate_for_target;   ///< highest λ with p99 ≤ target (0 if none)
  std::vector<Formula> formulas;
};
Expected<TierResult, InputError> AnalyzeTier(double service_rate, int servers, std::optional<double> arrival_rate,
                                             std::optional<double> p99_target_s, int points = 40);

nlohmann::json ToJson(const BudgetResult& r);
nlohmann::json ToJson(const std::vector<BurnPoint>& s);
nlohmann::json ToJson(const LatencyResult& r);
nlohmann::json ToJson(const PathResult& r);
nlohmann::json ToJson(const TierResult& r);

}  // namespace sdlab::slo
