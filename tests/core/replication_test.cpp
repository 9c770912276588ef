// Replication models against the binomial, PBS closed forms and small Monte Carlo checks.
#include <catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/random.h"
#include "sdlab/replication.h"

using namespace sdlab;
using namespace sdlab::replication;

TEST_CASE("quorum availability is the binomial tail", "[replication]") {
  auto q = AnalyzeQuorum(QuorumDef{3, 2, 2, 0.9, false});
  REQUIRE(q);
  CHECK(q->strict_quorum);
  CHECK(q->overlap_guaranteed);
  CHECK(q->writes_overlap);
  CHECK(q->read_availability == Approx(3 * 0.81 * 0.1 + 0.729));  // P(≥ 2 of 3)
  CHECK(q->write_availability == Approx(0.972));
  CHECK(q->read_fault_tolerance == 1);
  auto one = AnalyzeQuorum(QuorumDef{5, 1, 5, 0.9, false});
  REQUIRE(one);
  CHECK(one->read_availability == Approx(1 - 1e-5).epsilon(1e-12));  // 1 − 0.1^5
  CHECK(one->write_availability == Approx(std::pow(0.9, 5)));
  auto partial = AnalyzeQuorum(QuorumDef{3, 1, 1, 0.99, false});
  REQUIRE(partial);
  CHECK_FALSE(partial->strict_quorum);
  CHECK(partial->p_stale_read == Approx(2.0 / 3.0));  // C(2,1)/C(3,1)
  auto sloppy = AnalyzeQuorum(QuorumDef{3, 2, 2, 0.99, true});
  REQUIRE(sloppy);
  CHECK(sloppy->strict_quorum);
  CHECK_FALSE(sloppy->overlap_guaranteed);
  CHECK_FALSE(sloppy->notes.empty());
  CHECK_FALSE(AnalyzeQuorum(QuorumDef{3, 4, 1, 0.9, false}));
  CHECK_FALSE(AnalyzeQuorum(QuorumDef{3, 1, 1, 1.5, false}));
}

TEST_CASE("quorum availability matches a Monte Carlo of node failures", "[replication]") {
  Rng rng(17);
  const int trials = 100000;
  int readable = 0;
  for (int t = 0; t < trials; ++t) {
    int up = 0;
    for (int i = 0; i < 5; ++i) up += rng.Bernoulli(0.8) ? 1 : 0;
    readable += up >= 3 ? 1 : 0;
  }
  auto q = AnalyzeQuorum(QuorumDef{5, 3, 3, 0.8, false});
  REQUIRE(q);
  const double p = q->read_availability;  // 0.94208
  CHECK(p == Approx(0.94208));
  const double sd = std::sqrt(p * (1 - p) / trials);
  CHECK(std::fabs(readable / static_cast<double>(trials) - p) < 5 * sd);
}

TEST_CASE("PBS k-staleness closed form", "[replication]") {
  CHECK(KStaleness(3, 1, 1, 1) == Approx(1.0 / 3.0));
  CHECK(KStaleness(3, 1, 1, 3) == Approx(1 - 8.0 / 27.0));
  CHECK(KStaleness(3, 2, 2, 1) == Approx(1.0));  // strict quorum
  CHECK(KStaleness(5, 1, 2, 2) == Approx(1 - 0.36));  // p_s = C(3,1)/C(5,1) = 0.6
  // Monte Carlo: random read quorum against k independent write quorums.
  Rng rng(3);
  const int n = 5, r = 1, w = 2, k = 2, trials = 100000;
  int stale = 0;
  for (int t = 0; t < trials; ++t) {
    bool all_missed = true;
    for (int v = 0; v < k; ++v) {
      std::vector<int> nodes = {0, 1, 2, 3, 4};
      for (int i = 0; i < w; ++i)  // partial Fisher–Yates: the first w are the write quorum
        std::swap(nodes[static_cast<std::size_t>(i)], nodes[static_cast<std::size_t>(i) + rng.Below(static_cast<std::uint64_t>(n - i))]);
      const int reader = static_cast<int>(rng.Below(static_cast<std::uint64_t>(n)));
      bool hit = false;
      for (int i = 0; i < w; ++i) hit = hit || nodes[static_cast<std::size_t>(i)] == reader;
      (void)r;
      if (hit) all_missed = false;
    }
    stale += all_missed ? 1 : 0;
  }
  CHECK(1 - stale / static_cast<double>(trials) == Approx(KStaleness(n, r, w, k)).margin(0.01));
}

TEST_CASE("PBS t-visibility against a closed form", "[replication]") {
  // N = 2, R = W = 1, W ~ Exp(1 ms), A = R = 0, S ~ Exp(1 ms). The read picks a replica at random
  // (fastest S); it is stale only if it is the slower writer and W_max − W_min > t: P = ½ e^{−t}.
  PbsDef d;
  d.n = 2;
  d.r = 1;
  d.w = 1;
  d.trials = 200000;
  d.seed = 21;
  d.profile.name = "test";
  d.profile.w.exponential_rate_per_ms = 1;
  d.profile.s.exponential_rate_per_ms = 1;
  auto r = SimulatePbs(d);
  REQUIRE(r);
  CHECK(r->ProbabilityConsistent(0) == Approx(0.5).margin(0.005));
  CHECK(r->ProbabilityConsistent(1) == Approx(1 - 0.5 * std::exp(-1.0)).margin(0.005));
  CHECK(r->TVisibility(0.999) == Approx(std::log(500.0)).margin(0.35));
  const auto curve = PbsCurve(*r, 10, 10);
  REQUIRE(curve.size() == 11);
  for (std::size_t i = 1; i < curve.size(); ++i) CHECK(curve[i].p_consistent >= curve[i - 1].p_consistent);
}

TEST_CASE("PBS: strict quorums are always consistent, published profiles order as in the paper", "[replication]") {
  auto ssd = ParseWarsProfile("lnkd-ssd");
  auto ymmr = ParseWarsProfile("ymmr");
  REQUIRE(ssd);
  REQUIRE(ymmr);
  CHECK(ssd->w.pareto_weight == Approx(0.9122));
  CHECK(ymmr->w.exponential_rate_per_ms == Approx(0.0028));
  PbsDef d;
  d.n = 3;
  d.r = 2;
  d.w = 2;
  d.trials = 20000;
  d.profile = *ssd;
  auto strict = SimulatePbs(d);
  REQUIRE(strict);
  CHECK(strict->ProbabilityConsistent(0) == 1.0);
  CHECK(strict->TVisibility(0.999) == 0.0);
  d.r = 1;
  d.w = 1;
  auto fast = SimulatePbs(d);
  d.profile = *ymmr;
  auto slow = SimulatePbs(d);
  REQUIRE(fast);
  REQUIRE(slow);
  CHECK(fast->ProbabilityConsistent(0) < 1.0);
  CHECK(fast->ProbabilityConsistent(0) > 0.5);
  CHECK(slow->TVisibility(0.999) > 10 * fast->TVisibility(0.999));
  CHECK(slow->write_latency_p99_ms > fast->write_latency_p99_ms);
  auto custom = ParseWarsProfile("exponential:2:0.5");
  REQUIRE(custom);
  CHECK(custom->w.exponential_rate_per_ms == Approx(0.5));
  CHECK(custom->s.exponential_rate_per_ms == Approx(2.0));
  CHECK(ParseWarsProfile("pareto:1:2"));
  CHECK_FALSE(ParseWarsProfile("pareto:1"));
  CHECK_FALSE(ParseWarsProfile("lnkd"));
}

TEST_CASE("PBS is deterministic for a seed", "[replication]") {
  PbsDef d;
  d.profile = *ParseWarsProfile("lnkd-disk");
  d.trials = 5000;
  auto a = SimulatePbs(d);
  auto b = SimulatePbs(d);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(a->t_needed_ms == b->t_needed_ms);
}

TEST_CASE("leader-follower async: RPO, lost writes, RTO and replica-read risks", "[replication]") {
  LeaderFollowerDef d;
  d.followers = 2;
  d.sync = ReplicationSync::Async;
  d.mean_lag_s = 0.1;
  d.write_rate_per_s = 100;
  d.read_from_replicas = true;
  d.read_after_write_s = 0.1;
  d.read_gap_s = 0.1;
  auto r = AnalyzeLeaderFollower(d);
  REQUIRE(r);
  CHECK(r->rpo_s == Approx(0.1 * std::log(100.0)));
  CHECK(r->expected_lost_writes == Approx(10));
  CHECK(r->rto_s == Approx(3 * 1.0 + 2.0 + 0.1 / 4 + 1.0));
  REQUIRE(r->timeline.size() == 5);
  CHECK(r->timeline.back().at_s == Approx(r->rto_s));
  CHECK(r->read_your_writes_risk == Approx(2.0 / 3.0 * std::exp(-1.0)));
  // z = 1 current node, q = 2 async, m = 3: (z q/m² + q(q−1)/(2m²)) e^{−δ/D}.
  CHECK(r->monotonic_read_risk == Approx((2.0 / 9 + 2.0 / 18) * std::exp(-1.0)));
  CHECK(r->classification.pacelc == "PA/EL");
  CHECK(r->ProbabilityConsistent(0) == Approx(1.0 / 3.0));
  CHECK(r->TVisibility(0.999) == Approx(0.1 * std::log(2.0 / 3.0 / 0.001)));

  // Monte Carlo of the monotonic-read risk: two reads δ apart on random nodes with iid lags.
  Rng rng(8);
  const int trials = 200000;
  int violations = 0;
  for (int t = 0; t < trials; ++t) {
    const auto n1 = rng.Below(3), n2 = rng.Below(3);
    const double l1 = n1 == 0 ? 0 : rng.Exponential(10.0);
    const double l2 = n2 == 0 ? 0 : rng.Exponential(10.0);
    if (n1 != n2 && l2 > l1 + 0.1) ++violations;
  }
  CHECK(violations / static_cast<double>(trials) == Approx(r->monotonic_read_risk).margin(0.005));
}

TEST_CASE("leader-follower sync and semi-sync", "[replication]") {
  LeaderFollowerDef d;
  d.followers = 2;
  d.sync = ReplicationSync::Sync;
  d.node_availability = 0.99;
  d.read_from_replicas = true;
  auto s = AnalyzeLeaderFollower(d);
  REQUIRE(s);
  CHECK(s->rpo_s == 0);
  CHECK(s->write_availability == Approx(std::pow(0.99, 3)));
  CHECK(s->read_availability == Approx(1 - 1e-6));
  CHECK(s->read_your_writes_risk == 0);
  CHECK(s->classification.pacelc == "PC/EC");
  d.sync = ReplicationSync::SemiSync;
  auto semi = AnalyzeLeaderFollower(d);
  REQUIRE(semi);
  CHECK(semi->rpo_s == 0);
  CHECK(semi->write_availability == Approx(0.99 * (1 - 0.0001)));
  CHECK(semi->read_your_writes_risk == Approx(1.0 / 3.0 * std::exp(-10.0)));  // one async node of three, τ/D = 10
  d.failover_s = 20;
  d.redirect_s = 0;
  auto fixed = AnalyzeLeaderFollower(d);
  REQUIRE(fixed);
  CHECK(fixed->rto_s == Approx(20 + 0.1 / 4));
  d.followers = 0;
  CHECK_FALSE(AnalyzeLeaderFollower(d));
}

TEST_CASE("multi-leader conflicts and last-writer-wins loss", "[replication]") {
  auto r = AnalyzeMultiLeader(MultiLeaderDef{2, 100, 1000, 0.5, 0.99});
  REQUIRE(r);
  CHECK(r->conflict_probability == Approx(1 - std::exp(-0.05)));  // 2·0.5·0.1·½
  CHECK(r->lww_lost_writes_per_s == Approx(100 * (1 - std::exp(-0.05)) / 2));
  CHECK(r->classification.cap == "AP");
  CHECK(r->write_availability == Approx(1 - 1e-4));
  CHECK(r->rpo_s == Approx(0.5 * std::log(100.0)));
  CHECK(r->ProbabilityConsistent(0) == Approx(0.5));
  CHECK_FALSE(AnalyzeMultiLeader(MultiLeaderDef{1, 100, 1000, 0.5, 0.99}));
}

TEST_CASE("CAP/PACELC classification", "[replication]") {
  CHECK(Classify(ReplicationMode::Leaderless, ReplicationSync::Async, false, 3, 2, 2).pacelc == "PC/EC");
  CHECK(Classify(ReplicationMode::Leaderless, ReplicationSync::Async, false, 3, 1, 1).pacelc == "PA/EL");
  CHECK(Classify(ReplicationMode::Leaderless, ReplicationSync::Async, false, 3, 2, 2, true).cap == "AP");
  CHECK(Classify(ReplicationMode::LeaderFollower, ReplicationSync::Async, false).pacelc == "PC/EL");
  CHECK(Classify(ReplicationMode::LeaderFollower, ReplicationSync::Sync, true).cap == "CP");
}

TEST_CASE("blueprint replication assessment against the SLO", "[replication]") {
  Component db;
  db.id = "orders_db";
  db.kind = ComponentKind::Database;
  db.replicas = 3;
  db.replication.mode = ReplicationMode::LeaderFollower;
  db.replication.sync = ReplicationSync::Async;
  db.replication.followers = 2;
  db.replication.lag_s = 2.0;
  db.replication.read_from_replicas = true;
  db.replication.failover_s = 30;
  Requirements req;
  req.writes_per_s = 50;
  req.slo.rpo_s = 1.0;
  req.slo.rto_s = 120;
  const ReplicationAssessment a = AssessReplication(db, req);
  REQUIRE(a.rpo_s);
  CHECK(*a.rpo_s == Approx(2.0 * std::log(100.0)));
  REQUIRE(a.meets_rpo);
  CHECK_FALSE(*a.meets_rpo);
  REQUIRE(a.meets_rto);
  CHECK(*a.meets_rto);
  CHECK(a.read_your_writes_risk == Approx(2.0 / 3.0 * std::exp(-0.5)));  // τ = 1 s default, D = 2 s
  CHECK_FALSE(a.strict_quorum);
  const nlohmann::json j = ToJson(a);
  CHECK(j["meets_rpo"] == false);
  CHECK(j["classification"]["pacelc"] == "PA/EL");

  Component kv;
  kv.id = "kv";
  kv.kind = ComponentKind::Database;
  kv.replication.mode = ReplicationMode::Leaderless;
  kv.replication.n = 3;
  kv.replication.r = 1;
  kv.replication.w = 1;
  const ReplicationAssessment q = AssessReplication(kv, Requirements{});
  CHECK_FALSE(q.strict_quorum);
  CHECK(q.read_your_writes_risk == Approx(2.0 / 3.0));
  CHECK(*q.rpo_s == 0);

  Component single;
  single.id = "single";
  single.kind = ComponentKind::Database;
  const ReplicationAssessment none = AssessReplication(single, req);
  CHECK_FALSE(none.rpo_s);
  CHECK(ToJson(none)["rpo_s"].is_null());
}
