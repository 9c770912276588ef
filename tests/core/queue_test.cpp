// Queue models against closed forms, a brute-force birth–death chain and their own simulation.
#include <catch.hpp>

#include <cmath>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/queue.h"

using namespace sdlab;
using namespace sdlab::queue;

namespace {

// Stationary distribution of the M/M/c birth–death chain, truncated far in the tail.
struct Chain {
  double p_wait = 0;
  double lq = 0;
};
Chain BruteForceMmc(double lambda, double mu, int c, int truncate) {
  std::vector<double> w(static_cast<std::size_t>(truncate) + 1);
  w[0] = 1;
  for (int n = 1; n <= truncate; ++n)
    w[static_cast<std::size_t>(n)] = w[static_cast<std::size_t>(n) - 1] * lambda / (mu * std::min(n, c));
  double total = 0;
  for (double v : w) total += v;
  Chain out;
  for (int n = c; n <= truncate; ++n) {
    out.p_wait += w[static_cast<std::size_t>(n)] / total;
    out.lq += (n - c) * w[static_cast<std::size_t>(n)] / total;
  }
  return out;
}

}  // namespace

TEST_CASE("Erlang C matches a brute-force birth–death chain", "[queue]") {
  for (int c : {1, 2, 5, 12}) {
    for (double rho : {0.3, 0.7, 0.95}) {
      const double mu = 2.0;
      const double lambda = rho * c * mu;
      const Chain chain = BruteForceMmc(lambda, mu, c, 4000);
      CHECK(ErlangC(c, lambda / mu) == Approx(chain.p_wait).epsilon(1e-9));
      const QueueMetrics m = AnalyzeMmc(lambda, mu, c);
      REQUIRE(m.mean_queue_length);
      CHECK(*m.mean_queue_length == Approx(chain.lq).epsilon(1e-8));
    }
  }
  // Hand value: c = 2, a = 1 → C = 1/3.
  CHECK(ErlangC(2, 1.0) == Approx(1.0 / 3.0).epsilon(1e-12));
  // Erlang B: c = 3, a = 2 → (8/6)/(1 + 2 + 2 + 8/6) = 4/19.
  CHECK(ErlangB(3, 2.0) == Approx(4.0 / 19.0).epsilon(1e-12));
}

TEST_CASE("M/M/1 closed forms", "[queue]") {
  auto r = AnalyzeQueue(QueueDef{8, 10, 1, std::nullopt, 1.0});
  REQUIRE(r);
  const QueueMetrics& m = *r;
  CHECK(m.model == "M/M/1");
  CHECK(m.stable);
  CHECK(m.utilization == Approx(0.8));
  CHECK(m.p_wait == Approx(0.8));
  CHECK(*m.mean_wait_s == Approx(0.4));          // ρ/(μ − λ)
  CHECK(*m.mean_response_s == Approx(0.5));      // 1/(μ − λ)
  CHECK(*m.mean_queue_length == Approx(3.2));    // ρ²/(1 − ρ)
  CHECK(*m.mean_in_system == Approx(4.0));       // ρ/(1 − ρ)
  CHECK(*m.response_p99_s == Approx(std::log(100.0) / 2).epsilon(1e-9));  // T ~ Exp(μ − λ)
  CHECK(*m.response_p50_s == Approx(std::log(2.0) / 2).epsilon(1e-9));
  CHECK(*m.wait_p99_s == Approx(std::log(80.0) / 2).epsilon(1e-9));       // 0.8 e^{−2t} = 0.01
  CHECK(*m.wait_p50_s == Approx(std::log(1.6) / 2).epsilon(1e-9));        // 0.8 e^{−2t} = 0.5
  CHECK_FALSE(m.formulas.empty());
}

TEST_CASE("M/M/c response percentiles invert the tail formula", "[queue]") {
  const QueueMetrics m = AnalyzeMmc(30, 10, 4);
  REQUIRE(m.response_p99_s);
  CHECK(MmcResponseTail(30, 10, 4, *m.response_p99_s) == Approx(0.01).epsilon(1e-6));
  CHECK(MmcResponseTail(30, 10, 4, *m.response_p50_s) == Approx(0.5).epsilon(1e-6));
  CHECK(MmcResponseTail(30, 10, 4, 0.0) == Approx(1.0));
}

TEST_CASE("Erlang C is stable for 10 000 servers near saturation", "[queue]") {
  const int c = 10000;
  double previous = 0;
  for (double rho : {0.9, 0.99, 0.999, 0.9999}) {
    const double p = ErlangC(c, rho * c);
    CHECK(std::isfinite(p));
    CHECK(p > previous);
    CHECK(p < 1);
    previous = p;
  }
  // Halfin–Whitt regime: ρ = 1 − β/√c with β = 1 tends to [1 + β Φ(β)/φ(β)]^{-1} = 1/(1 + 3.4769) = 0.2234.
  const double beta = 1.0;
  CHECK(ErlangC(c, c * (1 - beta / std::sqrt(static_cast<double>(c)))) == Approx(0.2234).margin(0.005));
  auto r = AnalyzeQueue(QueueDef{9999, 1, c, std::nullopt, 1.0});
  REQUIRE(r);
  CHECK(r->stable);
  CHECK(std::isfinite(*r->mean_wait_s));
  CHECK(*r->mean_wait_s > 0);
}

TEST_CASE("utilisation at or above 1 is unstable, never NaN", "[queue]") {
  auto r = AnalyzeQueue(QueueDef{120, 10, 10, std::nullopt, 1.0});
  REQUIRE(r);
  CHECK_FALSE(r->stable);
  CHECK(r->p_wait == 1);
  CHECK(r->backlog_growth_per_s == Approx(20));
  CHECK_FALSE(r->mean_wait_s);
  const std::string text = ToJson(*r).dump();
  CHECK(text.find("nan") == std::string::npos);
  CHECK(text.find("inf") == std::string::npos);
  CHECK(ToJson(*r)["mean_wait"].is_null());
  auto exact = AnalyzeQueue(QueueDef{100, 10, 10, std::nullopt, 1.0});
  REQUIRE(exact);
  CHECK_FALSE(exact->stable);
  CHECK(exact->backlog_growth_per_s == 0);
  auto mg = AnalyzeQueue(QueueDef{11, 10, 1, std::nullopt, 0.5});
  REQUIRE(mg);
  CHECK_FALSE(mg->stable);
}

TEST_CASE("M/M/c/K blocking against Erlang B and the M/M/1/K closed form", "[queue]") {
  auto loss = AnalyzeQueue(QueueDef{2, 1, 3, 3, 1.0});
  REQUIRE(loss);
  CHECK(*loss->p_block == Approx(ErlangB(3, 2.0)).epsilon(1e-12));
  // M/M/1/K: p_block = (1 − ρ)ρ^K/(1 − ρ^{K+1}).
  auto small = AnalyzeQueue(QueueDef{5, 10, 1, 3, 1.0});
  REQUIRE(small);
  CHECK(*small->p_block == Approx(0.5 * 0.125 / (1 - 0.0625)).epsilon(1e-12));
  auto over = AnalyzeQueue(QueueDef{20, 10, 1, 5, 1.0});  // ρ = 2: stable thanks to the buffer
  REQUIRE(over);
  CHECK(over->stable);
  CHECK(*over->p_block == Approx((1 - 2.0) * 32 / (1 - 64.0)).epsilon(1e-12));
  CHECK(over->throughput == Approx(20 * (1 - *over->p_block)));
  // Large K with large c stays finite (scaled products).
  auto big = AnalyzeQueue(QueueDef{9000, 1, 10000, 20000, 1.0});
  REQUIRE(big);
  CHECK(std::isfinite(*big->p_block));
  CHECK(*big->p_block < 1e-6);
}

TEST_CASE("M/G/1 follows Pollaczek–Khinchine", "[queue]") {
  auto md1 = AnalyzeQueue(QueueDef{8, 10, 1, std::nullopt, 0.0});
  REQUIRE(md1);
  CHECK(md1->model == "M/G/1");
  CHECK(*md1->mean_wait_s == Approx(0.2));  // half of M/M/1's 0.4
  auto heavy = AnalyzeQueue(QueueDef{8, 10, 1, std::nullopt, 2.0});
  REQUIRE(heavy);
  CHECK(*heavy->mean_wait_s == Approx(0.4 * 2.5));  // (1 + cv²)/2 = 2.5
  auto mgc = AnalyzeQueue(QueueDef{30, 10, 4, std::nullopt, 0.0});
  REQUIRE(mgc);
  CHECK_FALSE(mgc->exact);
  CHECK(*mgc->mean_wait_s == Approx(*AnalyzeMmc(30, 10, 4).mean_wait_s / 2));
}

TEST_CASE("Little's law solves for the missing figure", "[queue]") {
  auto w = SolveLittlesLaw(10.0, 5.0, std::nullopt);
  REQUIRE(w);
  CHECK(w->time_in_system_s == Approx(2.0));
  auto l = SolveLittlesLaw(std::nullopt, 4.0, 0.5);
  REQUIRE(l);
  CHECK(l->in_system == Approx(2.0));
  CHECK_FALSE(SolveLittlesLaw(1.0, 2.0, 3.0));
}

TEST_CASE("fewest servers for a target wait", "[queue]") {
  const int c = MinServersForWait(80, 10, 0.01);
  REQUIRE(c > 8);
  CHECK(*AnalyzeMmc(80, 10, c).mean_wait_s <= 0.01);
  CHECK(*AnalyzeMmc(80, 10, c - 1).mean_wait_s > 0.01);
  const auto curve = ErlangCCurve(4, 10, 10, 0.9);
  REQUIRE(curve.size() == 11);
  CHECK(curve.back().utilization == Approx(0.9));
  CHECK(curve.back().p_wait == Approx(ErlangC(4, 36.0 / 10.0)));
}

TEST_CASE("input errors are values", "[queue]") {
  CHECK_FALSE(AnalyzeQueue(QueueDef{1, 0, 1, std::nullopt, 1}));
  CHECK_FALSE(AnalyzeQueue(QueueDef{1, 1, 0, std::nullopt, 1}));
  CHECK_FALSE(AnalyzeQueue(QueueDef{-1, 1, 1, std::nullopt, 1}));
  CHECK_FALSE(AnalyzeQueue(QueueDef{1, 1, 4, 3, 1}));
  auto e = AnalyzeQueue(QueueDef{1, 1, 0, std::nullopt, 1});
  REQUIRE_FALSE(e);
  CHECK(e.error().field == "servers");
}

TEST_CASE("simulated M/M/c, M/D/1 and M/M/1/K fall within their 95% intervals of theory", "[queue]") {
  SECTION("M/M/2") {
    QueueSimDef d;
    d.queue = QueueDef{1.5, 1.0, 2, std::nullopt, 1.0};
    d.requests = 200000;
    d.seed = 7;
    auto sim = SimulateQueue(d);
    REQUIRE(sim);
    const QueueMetrics theory = AnalyzeMmc(1.5, 1.0, 2);
    CHECK(sim->mean_wait_s.low <= *theory.mean_wait_s);
    CHECK(sim->mean_wait_s.high >= *theory.mean_wait_s);
    CHECK(sim->p_wait.low <= theory.p_wait);
    CHECK(sim->p_wait.high >= theory.p_wait);
    CHECK(sim->response_p99_s == Approx(*theory.response_p99_s).epsilon(0.05));
    CHECK(sim->utilization == Approx(0.75).epsilon(0.02));
  }
  SECTION("M/D/1") {
    QueueSimDef d;
    d.queue = QueueDef{0.7, 1.0, 1, std::nullopt, 0.0};
    d.requests = 150000;
    d.seed = 3;
    auto sim = SimulateQueue(d);
    REQUIRE(sim);
    const double pk = 0.7 / (2 * 0.3);  // ρ/(2μ(1 − ρ))
    CHECK(sim->mean_wait_s.low <= pk);
    CHECK(sim->mean_wait_s.high >= pk);
  }
  SECTION("M/M/1/K") {
    QueueSimDef d;
    d.queue = QueueDef{0.9, 1.0, 1, 4, 1.0};
    d.requests = 150000;
    d.seed = 11;
    auto sim = SimulateQueue(d);
    REQUIRE(sim);
    const QueueMetrics theory = AnalyzeMmcK(0.9, 1.0, 1, 4);
    CHECK(sim->p_block.low <= *theory.p_block);
    CHECK(sim->p_block.high >= *theory.p_block);
  }
}

TEST_CASE("queue simulation is deterministic for a seed", "[queue]") {
  QueueSimDef d;
  d.queue = QueueDef{3, 1, 4, std::nullopt, 1.5};
  d.requests = 20000;
  d.seed = 42;
  auto a = SimulateQueue(d);
  auto b = SimulateQueue(d);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(ToJson(*a).dump() == ToJson(*b).dump());
  d.seed = 43;
  auto c = SimulateQueue(d);
  REQUIRE(c);
  CHECK(ToJson(*a).dump() != ToJson(*c).dump());
}

// [SECTION] Broker ----------------------------------------------------------------------------------

namespace {
BrokerDef Quiet() {
  BrokerDef d;
  d.producers[0].rate_per_s = 200;
  d.duration_s = 20;
  d.failure_probability = 0;
  d.poison_fraction = 0;
  d.send_failure_probability = 0;
  d.leader_loss_probability = 0;
  d.acks = ProducerAcks::All;
  d.seed = 5;
  return d;
}
void CheckConservation(const BrokerResult& r) {
  CHECK(r.delivered + r.dead_lettered + r.lost + r.remaining == r.expected);
}
// Binomial count within 5 standard deviations.
void CheckBinomial(std::uint64_t count, std::uint64_t n, double p) {
  const double mean = n * p;
  const double sd = std::sqrt(n * p * (1 - p));
  CHECK(static_cast<double>(count) >= mean - 5 * sd);
  CHECK(static_cast<double>(count) <= mean + 5 * sd);
}
}  // namespace

TEST_CASE("a healthy broker delivers everything exactly once", "[queue]") {
  for (BrokerMode mode : {BrokerMode::Log, BrokerMode::Queue}) {
    BrokerDef d = Quiet();
    d.mode = mode;
    d.consumer_groups = 2;
    auto r = SimulateBroker(d);
    REQUIRE(r);
    CheckConservation(*r);
    CHECK(r->expected == 2 * r->produced);
    CHECK(r->delivered == r->expected);
    CHECK(r->duplicated == 0);
    CHECK(r->lost == 0);
    CHECK(r->remaining == 0);
    CHECK(r->produced > 3500);
    CHECK(r->produced < 4500);
    CHECK(r->backlog.back().backlog == 0);
  }
}

TEST_CASE("at-most-once loses the failed attempts", "[queue]") {
  BrokerDef d = Quiet();
  d.mode = BrokerMode::Queue;
  d.delivery = Delivery::AtMostOnce;
  d.failure_probability = 0.1;
  auto r = SimulateBroker(d);
  REQUIRE(r);
  CheckConservation(*r);
  CHECK(r->duplicated == 0);
  CheckBinomial(r->lost, r->expected, 0.1);
  CHECK(r->retries == 0);
}

TEST_CASE("retries and a dead-letter queue: dead fraction is p^attempts", "[queue]") {
  BrokerDef d = Quiet();
  d.mode = BrokerMode::Queue;
  d.failure_probability = 0.3;
  d.max_attempts = 3;
  d.backoff_base_s = 0.01;
  auto r = SimulateBroker(d);
  REQUIRE(r);
  CheckConservation(*r);
  CheckBinomial(r->dead_lettered, r->expected, 0.027);
  CHECK(r->lost == 0);
  CHECK(r->duplicated == 0);
  d.dead_letter_queue = false;
  auto dropped = SimulateBroker(d);
  REQUIRE(dropped);
  CHECK(dropped->dead_lettered == 0);
  CHECK(dropped->lost == r->dead_lettered);  // same seed, same draws: the DLQ's share is now lost
}

TEST_CASE("producer acks: none loses sends, leader retries duplicate, exactly-once does not", "[queue]") {
  BrokerDef d = Quiet();
  d.acks = ProducerAcks::None;
  d.send_failure_probability = 0.05;
  auto none = SimulateBroker(d);
  REQUIRE(none);
  CheckConservation(*none);
  CheckBinomial(none->lost, none->expected, 0.05);
  d.acks = ProducerAcks::Leader;
  auto leader = SimulateBroker(d);
  REQUIRE(leader);
  CHECK(leader->lost == 0);
  CHECK(leader->appended > leader->produced);
  CheckBinomial(leader->duplicated, leader->produced, 0.05);
  d.delivery = Delivery::ExactlyOnce;
  auto eo = SimulateBroker(d);
  REQUIRE(eo);
  CHECK(eo->duplicated == 0);
  CHECK(eo->appended == eo->produced);
}

TEST_CASE("consumer crashes: replays duplicate at-least-once, exactly-once holds", "[queue]") {
  BrokerDef d = Quiet();
  d.mode = BrokerMode::Log;
  d.crash_rate_per_s = 0.05;
  d.recovery_s = 1;
  d.commit_interval_s = 1;
  d.duration_s = 30;
  auto alo = SimulateBroker(d);
  REQUIRE(alo);
  CheckConservation(*alo);
  CHECK(alo->crashes > 0);
  CHECK(alo->duplicated > 0);
  CHECK(alo->lost == 0);
  CHECK(alo->delivered == alo->expected);
  d.delivery = Delivery::ExactlyOnce;
  d.exactly_once = ExactlyOnceMethod::IdempotentConsumer;
  auto idem = SimulateBroker(d);
  REQUIRE(idem);
  CHECK(idem->duplicated == 0);
  CHECK(idem->duplicates_suppressed > 0);
  CHECK(idem->delivered == idem->expected);
  d.exactly_once = ExactlyOnceMethod::Transactional;
  auto tx = SimulateBroker(d);
  REQUIRE(tx);
  CHECK(tx->duplicated == 0);
  CHECK(tx->duplicates_suppressed == 0);
  CHECK(tx->delivered == tx->expected);
  d.delivery = Delivery::AtMostOnce;
  auto amo = SimulateBroker(d);
  REQUIRE(amo);
  CHECK(amo->duplicated == 0);
  CHECK(amo->lost > 0);
  CheckConservation(*amo);
}

TEST_CASE("queue mode: a visibility timeout shorter than processing redelivers and duplicates", "[queue]") {
  BrokerDef d = Quiet();
  d.mode = BrokerMode::Queue;
  d.producers[0].rate_per_s = 20;
  d.workers_per_group = 8;
  d.service_time_s = 0.05;
  d.service_cv = 2.0;  // long tail: some attempts outlast the timeout
  d.visibility_timeout_s = 0.15;
  d.max_attempts = 50;
  auto r = SimulateBroker(d);
  REQUIRE(r);
  CheckConservation(*r);
  CHECK(r->redeliveries > 0);
  CHECK(r->duplicated > 0);
  d.delivery = Delivery::ExactlyOnce;
  d.exactly_once = ExactlyOnceMethod::Transactional;
  auto tx = SimulateBroker(d);
  REQUIRE(tx);
  CHECK(tx->duplicated == 0);
}

TEST_CASE("queue-mode broker latency matches M/M/c", "[queue]") {
  BrokerDef d = Quiet();
  d.mode = BrokerMode::Queue;
  d.producers[0].rate_per_s = 300;
  d.workers_per_group = 4;
  d.service_time_s = 0.01;
  d.network_delay_s = 0;
  d.replication_delay_s = 0;
  d.duration_s = 300;
  auto r = SimulateBroker(d);
  REQUIRE(r);
  const QueueMetrics theory = AnalyzeMmc(300, 100, 4);
  CHECK(r->latency_mean_ci.low <= *theory.mean_response_s);
  CHECK(r->latency_mean_ci.high >= *theory.mean_response_s);
  CHECK(r->latency_p99_s == Approx(*theory.response_p99_s).epsilon(0.08));
}

TEST_CASE("log mode: consumers beyond the partition count sit idle", "[queue]") {
  BrokerDef d = Quiet();
  d.partitions = 3;
  d.workers_per_group = 5;
  auto r = SimulateBroker(d);
  REQUIRE(r);
  CHECK(r->idle_workers == 2);
  CHECK(r->delivered == r->expected);
}

TEST_CASE("a burst above capacity builds a backlog that drains", "[queue]") {
  auto series = BurstBacklogSeries(400, 5, 15, 2, 100, 40, 9);
  REQUIRE(series);
  std::uint64_t peak = 0;
  for (const BacklogSample& s : *series) peak = std::max(peak, s.backlog);
  // 5 s at 400/s against 200/s of capacity: about 1000 messages waiting at the end of the burst.
  CHECK(peak > 700);
  CHECK(peak < 1300);
  CHECK(series->back().backlog == 0);
}

TEST_CASE("broker runs are deterministic for a seed", "[queue]") {
  BrokerDef d;
  d.duration_s = 10;
  d.crash_rate_per_s = 0.1;
  d.producers.push_back(ProducerDef{ArrivalPattern::Spiky, 50, 10, 10, 4, 1, 5});
  auto a = SimulateBroker(d);
  auto b = SimulateBroker(d);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(ToJson(*a).dump() == ToJson(*b).dump());
  d.seed = 2;
  auto c = SimulateBroker(d);
  REQUIRE(c);
  CHECK(ToJson(*a).dump() != ToJson(*c).dump());
  BrokerDef none;
  none.producers.clear();
  CHECK_FALSE(SimulateBroker(none));
}

TEST_CASE("a blueprint queue is judged on delivery and headroom", "[queue]") {
  Component c;
  c.id = "jobs";
  c.kind = ComponentKind::Queue;
  c.delivery = Delivery::AtLeastOnce;
  c.replicas = 2;
  c.capacity_rps = 100;
  const QueueAssessment a = AssessQueue(c, 250.0);
  CHECK(a.duplicates_possible);
  CHECK(a.loss_possible);  // no DLQ
  REQUIRE(a.consumers);
  CHECK_FALSE(a.consumers->stable);
  REQUIRE_FALSE(a.findings.empty());
  CHECK(a.findings.front().find("cannot keep up") != std::string::npos);
  c.idempotent_consumer = true;
  c.dead_letter_queue = true;
  const QueueAssessment ok = AssessQueue(c, 100.0);
  CHECK_FALSE(ok.duplicates_possible);
  CHECK_FALSE(ok.loss_possible);
  CHECK(ToJson(ok)["consumers"]["stable"] == true);
}
