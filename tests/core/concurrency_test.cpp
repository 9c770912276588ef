// Tests for sdlab/concurrency.h: server concurrency models (Little's law, caps, memory), Amdahl's
// law and the Universal Scalability Law fit, against numbers worked by hand below.
#include <catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/concurrency.h"

using namespace sdlab::concurrency;

TEST_CASE("thread pool: Little's law, the thread cap and the CPU cap", "[concurrency]") {
  // λ = 500/s, cpu 2 ms, blocking 48 ms → time held 50 ms; concurrency = 500 × 0.05 = 25.
  // Pool of 20: X_threads = 20 ÷ 0.05 = 400/s. CPU per request = 2 ms + 2 switches × 5 µs = 2.01 ms;
  // X_cpu = 4 ÷ 0.00201 = 1990.05/s. Max = 400/s (threads) < 500 → overloaded.
  // Goetz pool = 4 × (1 + 48/2) = 100.
  ServerDef d;
  d.model = ServerModel::ThreadPool;
  d.arrival_rate = 500;
  d.cpu_time_s = 0.002;
  d.blocking_time_s = 0.048;
  d.cores = 4;
  d.threads = 20;
  auto r = AnalyzeServer(d);
  REQUIRE(r);
  CHECK(r->time_held_s == Approx(0.05));
  CHECK(r->concurrency == Approx(25));
  CHECK(r->threads_needed == Approx(25));
  CHECK(r->max_throughput_threads == Approx(400));
  CHECK(r->cpu_per_request_s == Approx(0.00201));
  CHECK(r->max_throughput_cpu == Approx(1990.0498).epsilon(1e-6));
  CHECK(r->max_throughput == Approx(400));
  CHECK(r->bottleneck == "threads");
  CHECK(r->overloaded);
  CHECK(r->io_bound);
  CHECK(r->goetz_pool_size == Approx(100));
  CHECK(r->context_switches_per_s == Approx(1000));
  CHECK(r->thread_memory_bytes == Approx(20.0 * 1024 * 1024));
  CHECK_FALSE(r->queue_wait_mean_s.has_value());  // overloaded: no steady state
  // 30 threads: 600/s cap, stable M/M/30 with a = 25 Erlangs → a finite wait.
  d.threads = 30;
  r = AnalyzeServer(d);
  REQUIRE(r);
  CHECK_FALSE(r->overloaded);
  CHECK(r->thread_utilization == Approx(25.0 / 30));
  REQUIRE(r->queue_wait_mean_s.has_value());
  CHECK(*r->queue_wait_mean_s > 0);
  CHECK(*r->queue_wait_mean_s < 0.05);
  REQUIRE(r->response_p99_s.has_value());
  CHECK(*r->response_p99_s > 0.05);
  nlohmann::json j = ToJson(*r);
  CHECK(j["formulas"].contains("concurrency"));
  CHECK(j["max_throughput"].get<double>() == Approx(600));
}

TEST_CASE("event loop: only CPU time holds a core; thread per request: memory grows with load", "[concurrency]") {
  ServerDef d;
  d.arrival_rate = 500;
  d.cpu_time_s = 0.002;
  d.blocking_time_s = 0.048;
  d.cores = 4;
  d.model = ServerModel::EventLoop;
  auto e = AnalyzeServer(d);
  REQUIRE(e);
  // No switches: X_cpu = 4 ÷ 0.002 = 2000/s; CPU utilisation 500 × 0.002 ÷ 4 = 25%.
  CHECK(e->max_throughput == Approx(2000));
  CHECK(e->bottleneck == "cpu");
  CHECK(e->threads == 4);
  CHECK(e->cpu_utilization == Approx(0.25));
  CHECK(e->context_switches_per_s == 0);
  // Thread per request with 16 MiB for stacks: ⌊16 MiB ÷ 1 MiB⌋ = 16 threads → 16 ÷ 0.05 = 320/s;
  // at 500/s it needs 25 threads = 25 MiB > 16 MiB.
  d.model = ServerModel::ThreadPerRequest;
  d.memory_bytes = 16.0 * 1024 * 1024;
  auto t = AnalyzeServer(d);
  REQUIRE(t);
  CHECK(t->threads == 25);
  CHECK(t->max_throughput == Approx(320));
  CHECK(t->bottleneck == "memory");
  REQUIRE(t->memory_exceeded.has_value());
  CHECK(*t->memory_exceeded);
  CHECK(t->overloaded);
  // Without a memory limit: unbounded threads, the CPU is the cap.
  d.memory_bytes.reset();
  t = AnalyzeServer(d);
  REQUIRE(t);
  CHECK(t->threads_unbounded);
  CHECK(t->bottleneck == "cpu");
  CHECK(ToJson(*t)["max_throughput_threads"].is_null());
  CHECK(CompareServerModels(d).size() == 3);
}

TEST_CASE("CPU-bound work: the cores cap a big pool", "[concurrency]") {
  // cpu 10 ms, no blocking: X_cpu = 2 ÷ 0.01 = 200/s; 100 threads ÷ 0.01 = 10 000/s → CPU bound.
  ServerDef d;
  d.arrival_rate = 100;
  d.cpu_time_s = 0.01;
  d.blocking_time_s = 0;
  d.cores = 2;
  d.threads = 100;
  auto r = AnalyzeServer(d);
  REQUIRE(r);
  CHECK_FALSE(r->io_bound);
  CHECK(r->max_throughput == Approx(200));
  CHECK(r->bottleneck == "cpu");
  CHECK(r->goetz_pool_size == Approx(2));
}

TEST_CASE("server inputs out of range are errors naming the field", "[concurrency]") {
  ServerDef d;
  d.cores = 0;
  auto r = AnalyzeServer(d);
  REQUIRE_FALSE(r);
  CHECK(r.error().field == "cores");
  d.cores = 1;
  d.cpu_time_s = 0;
  CHECK(AnalyzeServer(d).error().field == "cpu_time");
  d.cpu_time_s = 0.001;
  d.arrival_rate = std::nan("");
  CHECK(AnalyzeServer(d).error().field == "arrival_rate");
}

TEST_CASE("Amdahl's law", "[concurrency]") {
  // p = 95%, N = 16: S = 1 ÷ (0.05 + 0.95/16) = 1 ÷ 0.109375 = 9.142857; S(∞) = 1 ÷ 0.05 = 20.
  auto a = Amdahl(0.95, 16);
  REQUIRE(a);
  CHECK(a->speedup == Approx(9.142857).epsilon(1e-6));
  CHECK(a->efficiency == Approx(9.142857 / 16).epsilon(1e-6));
  REQUIRE(a->max_speedup);
  CHECK(*a->max_speedup == Approx(20));
  auto full = Amdahl(1.0, 8);
  REQUIRE(full);
  CHECK(full->speedup == Approx(8));
  CHECK_FALSE(full->max_speedup);
  CHECK_FALSE(Amdahl(1.5, 4));
}

namespace {
std::vector<UslPoint> UslPoints(const UslParams& p, const std::vector<double>& ns, double noise = 0) {
  std::vector<UslPoint> out;
  int i = 0;
  for (double n : ns) {
    // Deterministic ± noise alternating in sign.
    const double f = 1 + noise * ((i++ % 2 == 0) ? 1 : -1);
    out.push_back({n, UslThroughput(p, n) * f});
  }
  return out;
}
}  // namespace

TEST_CASE("USL: points made by the formula are recovered within 1%", "[concurrency]") {
  // λ = 1000/s, α = 0.05, β = 0.0002: N* = √(0.95 ÷ 0.0002) = √4750 = 68.9202;
  // X(N*) = 1000 × 68.9202 ÷ (1 + 0.05 × 67.9202 + 0.0002 × 68.9202 × 67.9202) = 68 920.2 ÷ 5.3322 = 12 925/s.
  const UslParams truth{1000, 0.05, 0.0002};
  const double nstar = std::sqrt(0.95 / 0.0002);
  const double xstar = 1000 * nstar / (1 + 0.05 * (nstar - 1) + 0.0002 * nstar * (nstar - 1));
  auto peak = UslPeakConcurrency(truth);
  REQUIRE(peak);
  CHECK(*peak == Approx(68.9202).epsilon(1e-5));
  const auto pts = UslPoints(truth, {1, 2, 4, 8, 16, 32, 64, 128});
  auto fit = FitUsl(pts);
  REQUIRE(fit);
  CHECK(fit->params.lambda == Approx(1000).epsilon(0.01));
  CHECK(fit->params.alpha == Approx(0.05).epsilon(0.01));
  CHECK(fit->params.beta == Approx(0.0002).epsilon(0.01));
  CHECK(fit->r_squared > 0.999999);
  REQUIRE(fit->peak_concurrency);
  CHECK(*fit->peak_concurrency == Approx(nstar).epsilon(0.01));
  REQUIRE(fit->peak_throughput);
  CHECK(*fit->peak_throughput == Approx(xstar).epsilon(0.01));
  CHECK(xstar == Approx(12925).epsilon(1e-3));
  nlohmann::json j = ToJson(*fit);
  CHECK(j["measured"].size() == 8);
  CHECK(j["formulas"].contains("peak_concurrency"));
}

TEST_CASE("USL: a noisy fit stays close and Levenberg–Marquardt refines the linearised start", "[concurrency]") {
  const UslParams truth{500, 0.1, 0.001};
  const auto pts = UslPoints(truth, {1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 48, 64}, 0.02);
  auto fit = FitUsl(pts);
  REQUIRE(fit);
  CHECK(fit->params.lambda == Approx(500).epsilon(0.05));
  CHECK(fit->params.alpha == Approx(0.1).epsilon(0.25));
  CHECK(fit->params.beta == Approx(0.001).epsilon(0.25));
  CHECK(fit->r_squared > 0.98);
  CHECK(fit->iterations >= 1);
  // The refined fit is at least as good as the truth on this data (least squares).
  double ss_fit = 0, ss_truth = 0;
  for (const auto& p : pts) {
    ss_fit += std::pow(p.throughput - UslThroughput(fit->params, p.concurrency), 2);
    ss_truth += std::pow(p.throughput - UslThroughput(truth, p.concurrency), 2);
  }
  CHECK(ss_fit <= ss_truth * (1 + 1e-9));
}

TEST_CASE("USL: linear scaling has no peak; β = 0 has a ceiling λ/α", "[concurrency]") {
  auto fit = FitUsl(UslPoints({100, 0.2, 0}, {1, 2, 4, 8, 16}));
  REQUIRE(fit);
  CHECK_FALSE(fit->peak_concurrency);
  CHECK(fit->params.alpha == Approx(0.2).epsilon(0.01));
  CHECK(fit->max_throughput_asymptote == Approx(500).epsilon(0.01));
  auto e = EvaluateUsl({100, 0, 0}, 10);
  REQUIRE(e);
  CHECK(e->throughput == Approx(1000));
  CHECK_FALSE(e->peak_concurrency);
}

TEST_CASE("USL: CSV points and their errors", "[concurrency]") {
  auto pts = ParseUslCsv("# measured\nconcurrency,throughput\n1,100\n2;190\n\n4\t350\r\n8 600\n");
  REQUIRE(pts);
  REQUIRE(pts->size() == 4);
  CHECK((*pts)[1].concurrency == 2);
  CHECK((*pts)[1].throughput == 190);
  CHECK((*pts)[3].throughput == 600);
  auto bad = ParseUslCsv("1,100\n2,abc\n");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field == "line 2");
  CHECK_FALSE(ParseUslCsv("1,100\n2,-3\n"));
  CHECK_FALSE(ParseUslCsv("1,2,3\n"));
  CHECK_FALSE(ParseUslCsv(""));
  // Fewer than 3 distinct concurrencies cannot fit three parameters.
  CHECK_FALSE(FitUsl({{1, 100}, {1, 101}, {2, 190}}));
}
