// Tests for sdlab/slo.h, against numbers worked by hand in the comments.
#include <catch.hpp>

#include <cmath>

#include <nlohmann/json.hpp>

#include "sdlab/slo.h"

using namespace sdlab::slo;

TEST_CASE("error budget: allowed bad minutes and requests, burn rate, exhaustion", "[slo]") {
  // 99.9% over 30 d: 0.001 × 43 200 min = 43.2 min. At 1000/s: 0.001 × 1000 × 2 592 000 = 2 592 000
  // bad requests. Error rate 2% → burn 20 → exhausted after 30 d ÷ 20 = 1.5 d = 129 600 s.
  BudgetDef d;
  d.request_rate = 1000;
  d.error_rate = 0.02;
  auto r = AnalyzeBudget(d);
  REQUIRE(r);
  CHECK(r->allowed_bad_minutes == Approx(43.2));
  REQUIRE(r->allowed_bad_requests);
  CHECK(*r->allowed_bad_requests == Approx(2592000));
  REQUIRE(r->burn_rate);
  CHECK(*r->burn_rate == Approx(20));
  REQUIRE(r->time_to_exhaustion_s);
  CHECK(*r->time_to_exhaustion_s == Approx(129600));
  // Alerts: thresholds 0.02 × 720 h ÷ 1 h = 14.4, 0.05 × 720 ÷ 6 = 6, 0.1 × 720 ÷ 72 = 1; all fire at
  // burn 20; the fast page after 1 h × 14.4 ÷ 20 = 2592 s, having spent 2% of the budget.
  REQUIRE(r->alerts.size() == 3);
  CHECK(r->alerts[0].threshold == Approx(14.4));
  CHECK(r->alerts[1].threshold == Approx(6));
  CHECK(r->alerts[2].threshold == Approx(1));
  CHECK(r->alerts[0].firing);
  CHECK(*r->alerts[0].time_to_fire_s == Approx(2592));
  CHECK(*r->alerts[0].budget_spent_at_fire == Approx(0.02));
  // Burn 5 (0.5%): only the slow page (6) stays quiet; the ticket fires.
  d.error_rate = 0.005;
  r = AnalyzeBudget(d);
  REQUIRE(r);
  CHECK_FALSE(r->alerts[0].firing);
  CHECK_FALSE(r->alerts[1].firing);
  CHECK(r->alerts[2].firing);
  d.slo = 1.0;
  CHECK(AnalyzeBudget(d).error().field == "slo");
}

TEST_CASE("burn series: budget left over the window, and when it runs out", "[slo]") {
  // 99.9% of 30 d = 2592 bad-seconds. An incident at 5% errors from day 10 burns it in
  // 2592 ÷ 0.05 = 51 840 s (14.4 h) if it lasts a day; a 1 h incident spends 180 s = 6.9%.
  BurnSeriesDef d;
  d.background_error_rate = 0;
  d.incident_duration_s = 86400;
  auto ex = BurnExhaustion(d);
  REQUIRE(ex);
  CHECK(*ex == Approx(10 * 86400.0 + 51840));
  d.incident_duration_s = 3600;
  CHECK_FALSE(BurnExhaustion(d));
  auto s = BurnSeries(d);
  REQUIRE(s);
  CHECK(s->size() == 200);
  CHECK(s->front().budget_left == 1);
  CHECK(s->back().budget_left == Approx(1 - 180.0 / 2592));
  // Background 0.2% alone exhausts 99.9% after 15 days.
  d.background_error_rate = 0.002;
  d.incident_error_rate = 0.002;
  ex = BurnExhaustion(d);
  REQUIRE(ex);
  CHECK(*ex == Approx(15 * 86400.0));
}

TEST_CASE("normal quantile and CDF", "[slo]") {
  CHECK(NormalQuantile(0.5) == Approx(0).margin(1e-12));
  CHECK(NormalQuantile(0.975) == Approx(1.959964).epsilon(1e-6));
  CHECK(NormalQuantile(0.99) == Approx(2.326348).epsilon(1e-6));
  CHECK(NormalQuantile(0.01) == Approx(-2.326348).epsilon(1e-6));
  CHECK(NormalQuantile(1e-6) == Approx(-4.753424).epsilon(1e-6));
  CHECK(NormalCdf(1.959964) == Approx(0.975).epsilon(1e-6));
  CHECK(NormalCdf(-1.959964) == Approx(0.025).epsilon(1e-5));
}

TEST_CASE("lognormal percentiles and fan-out", "[slo]") {
  // p50 20 ms, p99 200 ms: σ = ln 10 ÷ 2.326348 = 0.989786; mean = 20 ms × e^(σ²/2) = 32.6 ms.
  auto l = LognormalFromP50P99(0.02, 0.2);
  REQUIRE(l);
  CHECK(l->sigma == Approx(0.989786).epsilon(1e-5));
  auto r = AnalyzeLatency(*l, 1);
  REQUIRE(r);
  CHECK(r->p50_s == Approx(0.02).epsilon(1e-9));
  CHECK(r->p99_s == Approx(0.2).epsilon(1e-7));
  CHECK(r->mean_s == Approx(0.02 * std::exp(0.989786 * 0.989786 / 2)).epsilon(1e-5));
  CHECK(r->fan_out_p99_s == Approx(0.2).epsilon(1e-7));
  // k = 100: the backend quantile at 0.99^(1/100) = 0.99989950, z = 3.7190 → 20 ms × e^(0.989786 × 3.7190)
  // = 794 ms; and F(t)^k at that t is 0.99.
  r = AnalyzeLatency(*l, 100, 0.2);
  REQUIRE(r);
  CHECK(r->fan_out_quantile == Approx(0.9998995).epsilon(1e-7));
  CHECK(r->fan_out_p99_s == Approx(0.02 * std::exp(0.989786 * 3.7190)).epsilon(2e-3));
  CHECK(std::pow(l->Cdf(r->fan_out_p99_s), 100) == Approx(0.99).epsilon(1e-5));
  // P(request ≤ 200 ms) = 0.99^100 = 0.366.
  REQUIRE(r->p_request_under);
  CHECK(*r->p_request_under == Approx(std::pow(0.99, 100)).epsilon(1e-4));
  // Mean and cv: cv 1 → σ² = ln 2; the mean comes back.
  auto m = LognormalFromMeanCv(0.05, 1);
  REQUIRE(m);
  CHECK(m->sigma * m->sigma == Approx(std::log(2.0)));
  CHECK(m->Mean() == Approx(0.05));
  CHECK_FALSE(LognormalFromP50P99(0.2, 0.1));
  CHECK(AnalyzeLatency(*l, 0).error().field == "fan_out");
}

TEST_CASE("serial path: the p99s add up (conservatively)", "[slo]") {
  auto r = ComposePath({0.02, 0.05, 0.1}, {}, 0.2);
  REQUIRE(r);
  CHECK(r->p99_sum_s == Approx(0.17));
  REQUIRE(r->within_budget);
  CHECK(*r->within_budget);
  r = ComposePath({0.1, 0.15}, {0.01, 0.02}, 0.2);
  REQUIRE(r);
  CHECK_FALSE(*r->within_budget);
  CHECK(*r->p50_sum_s == Approx(0.03));
  CHECK_FALSE(ComposePath({}, {}, std::nullopt));
}

TEST_CASE("tier: p99 vs utilisation of M/M/c and the highest rate under a target", "[slo]") {
  // M/M/1, μ = 100/s at λ = 50/s: response ~ Exp(μ − λ): p99 = ln 100 ÷ 50 = 92.1 ms.
  const double target = std::log(100.0) / 50;
  auto r = AnalyzeTier(100, 1, 50, target);
  REQUIRE(r);
  REQUIRE(r->p99_at_rate_s);
  CHECK(*r->p99_at_rate_s == Approx(target).epsilon(1e-6));
  REQUIRE(r->max_rate_for_target);
  CHECK(*r->max_rate_for_target == Approx(50).epsilon(1e-6));
  CHECK(r->curve.size() == 40);
  for (std::size_t i = 1; i < r->curve.size(); ++i) CHECK(r->curve[i].p99_s > r->curve[i - 1].p99_s);
  // A target below the bare service p99 (46 ms) cannot be met at any rate.
  r = AnalyzeTier(100, 1, std::nullopt, 0.04);
  REQUIRE(r);
  CHECK(*r->max_rate_for_target == 0);
  nlohmann::json j = ToJson(*r);
  CHECK(j["curve"].size() == 40);
}
