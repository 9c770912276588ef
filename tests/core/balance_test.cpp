// Load-balancing strategies against M/M/1 theory and each other on the same arrivals.
#include <catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/balance.h"

using namespace sdlab;
using namespace sdlab::balance;

TEST_CASE("random routing makes each backend M/M/1 at λ/N", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::Random;
  d.backends = std::vector<BackendDef>(4);
  d.arrival_rate_per_s = 320;  // 80/s per backend against μ = 100: ρ = 0.8
  d.service_rate_per_s = 100;
  d.requests = 200000;
  d.l7_overhead_s = 0;
  d.seed = 4;
  auto r = SimulateBalance(d);
  REQUIRE(r);
  CHECK(r->mean_ms == Approx(1000.0 / 20).epsilon(0.08));          // 1/(μ − λ/N) = 50 ms
  CHECK(r->p99_ms == Approx(1000 * std::log(100.0) / 20).epsilon(0.1));  // 230 ms
  CHECK(r->random_mm1_p99_ms == Approx(1000 * std::log(100.0) / 20));
  for (const BackendStats& b : r->per_backend) {
    CHECK(b.share == Approx(0.25).margin(0.01));
    CHECK(b.utilization == Approx(0.8).margin(0.03));
  }
  CHECK(r->offered_utilization == Approx(0.8));
}

TEST_CASE("tail latency: least connections < power of two < round robin < random", "[balance]") {
  BalanceDef d;
  d.backends = std::vector<BackendDef>(8);
  d.arrival_rate_per_s = 720;  // ρ = 0.9
  d.service_rate_per_s = 100;
  d.requests = 100000;
  d.seed = 12;
  auto all = CompareStrategies(d, {LbStrategy::LeastConnections, LbStrategy::PowerOfTwoChoices, LbStrategy::RoundRobin,
                                   LbStrategy::Random});
  REQUIRE(all);
  const auto& v = *all;
  REQUIRE(v.size() == 4);
  CHECK(v[0].p99_ms < v[1].p99_ms);
  CHECK(v[1].p99_ms < v[2].p99_ms);
  CHECK(v[2].p99_ms < v[3].p99_ms);
  CHECK(v[1].p99_ms < 0.5 * v[3].p99_ms);  // two choices: an exponential improvement in the tail
  // Same arrivals for all: the same requests were counted.
  CHECK(v[0].requests == v[3].requests);
  CHECK(v[0].simulated_time_s == v[3].simulated_time_s);
}

TEST_CASE("weighted round robin follows the weights exactly", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::WeightedRoundRobin;
  d.backends = {BackendDef{3, 3, false, 0}, BackendDef{1, 1, false, 0}};
  d.arrival_rate_per_s = 200;
  d.service_rate_per_s = 100;
  d.requests = 20000;
  auto r = SimulateBalance(d);
  REQUIRE(r);
  CHECK(r->per_backend[0].share == Approx(0.75).margin(0.001));
  CHECK(r->per_backend[1].share == Approx(0.25).margin(0.001));
  CHECK(r->max_over_avg == Approx(1.5).margin(0.01));
}

TEST_CASE("ip hash is sticky: one client lands on one backend", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::IpHash;
  d.backends = std::vector<BackendDef>(4);
  d.clients = 1;
  d.arrival_rate_per_s = 50;
  d.requests = 5000;
  auto r = SimulateBalance(d);
  REQUIRE(r);
  CHECK(r->max_over_avg == Approx(4.0));
  d.clients = 10000;
  auto many = SimulateBalance(d);
  REQUIRE(many);
  CHECK(many->max_over_avg < 1.1);
}

TEST_CASE("a failed backend: health checks bound the errors", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::RoundRobin;
  d.backends = std::vector<BackendDef>(4);
  d.backends[2].failed = true;
  d.arrival_rate_per_s = 200;
  d.service_rate_per_s = 100;
  d.requests = 40000;  // about 200 s
  d.health_checks = false;
  auto blind = SimulateBalance(d);
  REQUIRE(blind);
  CHECK(blind->error_rate == Approx(0.25).margin(0.005));
  CHECK(blind->per_backend[2].errors == blind->per_backend[2].requests);
  CHECK(blind->p99_ms >= 1000);  // the timeouts are in the tail
  d.health_checks = true;
  d.backends[2].fail_at_s = 30;  // after the 5% warm-up (about 10 s) that the statistics skip
  auto checked = SimulateBalance(d);
  REQUIRE(checked);
  // Errors only during detection: 15 s of 1/4 of 200/s ≈ 750 requests.
  CHECK(checked->errors > 500);
  CHECK(checked->errors < 1000);
  CHECK(checked->p95_ms < 200);  // about 2% errors: the timeouts sit above p98
  d.health_checks = false;
  d.backends[2].fail_at_s = 0;
  d.strategy = LbStrategy::LeastConnections;  // open timeouts make the dead backend look busy
  auto lc = SimulateBalance(d);
  REQUIRE(lc);
  CHECK(lc->error_rate < 0.05);
}

TEST_CASE("a slow backend: load-aware strategies send it less", "[balance]") {
  BalanceDef d;
  d.backends = std::vector<BackendDef>(4);
  d.backends[0].speed = 0.5;
  d.arrival_rate_per_s = 280;
  d.service_rate_per_s = 100;
  d.requests = 50000;
  auto both = CompareStrategies(d, {LbStrategy::RoundRobin, LbStrategy::LeastConnections, LbStrategy::LeastResponseTime});
  REQUIRE(both);
  const auto& v = *both;
  CHECK(v[0].per_backend[0].share == Approx(0.25).margin(0.002));
  CHECK(v[1].per_backend[0].share < 0.2);
  CHECK(v[2].per_backend[0].share < 0.2);
  CHECK(v[1].p99_ms < v[0].p99_ms);
}

TEST_CASE("L4 balances connections, not requests", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::RoundRobin;
  d.layer = LbLayer::L4;
  d.backends = std::vector<BackendDef>(4);
  d.clients = 20;
  d.requests_per_connection = 1000;
  d.arrival_rate_per_s = 200;
  d.requests = 20000;
  auto l4 = SimulateBalance(d);
  d.layer = LbLayer::L7;
  auto l7 = SimulateBalance(d);
  REQUIRE(l4);
  REQUIRE(l7);
  CHECK(l7->max_over_avg < 1.01);
  CHECK(l4->max_over_avg > l7->max_over_avg);
}

TEST_CASE("balance runs are deterministic; names parse", "[balance]") {
  BalanceDef d;
  d.strategy = LbStrategy::PowerOfTwoChoices;
  d.requests = 5000;
  d.client_zipf = 1.0;
  auto a = SimulateBalance(d);
  auto b = SimulateBalance(d);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(ToJson(*a).dump() == ToJson(*b).dump());
  d.seed = 99;
  auto c = SimulateBalance(d);
  REQUIRE(c);
  CHECK(ToJson(*a).dump() != ToJson(*c).dump());
  CHECK(ParseStrategy("p2c") == LbStrategy::PowerOfTwoChoices);
  CHECK(ParseStrategy("least-connections") == LbStrategy::LeastConnections);
  CHECK(ParseStrategy("weighted_round_robin") == LbStrategy::WeightedRoundRobin);
  CHECK_FALSE(ParseStrategy("fastest"));
  d.backends.clear();
  CHECK_FALSE(SimulateBalance(d));
}

TEST_CASE("blueprint load balancer assessment", "[balance]") {
  Blueprint bp;
  Component lb;
  lb.id = "lb";
  lb.kind = ComponentKind::LoadBalancer;
  lb.replicas = 1;
  lb.strategy = LbStrategy::IpHash;
  Component api;
  api.id = "api";
  api.kind = ComponentKind::Service;
  api.replicas = 3;
  bp.components = {lb, api};
  Link l;
  l.from = "lb";
  l.to = "api";
  bp.links = {l};
  const LoadBalancerAssessment a = AssessLoadBalancer(bp, bp.components[0]);
  CHECK(a.spof);
  CHECK(a.backend_nodes == 3);
  CHECK(a.findings.size() >= 3);  // SPOF, no health checks, sticky
  CHECK(ToJson(a)["backends"][0] == "api");
}
