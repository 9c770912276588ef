// Tests of the shard area: hashes against published vectors, each scheme on hand-checked cases, and
// the models against theory (ring imbalance, keys moved on resize).
#include <catch.hpp>

#include <cmath>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sdlab/random.h"
#include "sdlab/shard.h"
#include "shard/schemes.h"

using namespace sdlab;
using namespace sdlab::shard;

namespace {

PartitionerDef Def(const std::string& scheme, std::uint32_t nodes, std::uint32_t vnodes = 100) {
  PartitionerDef d;
  d.scheme = scheme;
  d.nodes = nodes;
  d.vnodes = vnodes;
  return d;
}

KeySet UniformKeys(std::uint64_t count, std::uint64_t seed) {
  KeySetDef k;
  k.count = count;
  k.seed = seed;
  auto ks = GenerateKeys(k);
  REQUIRE(ks);
  return *ks;
}

// Share of keys whose node changes from n to n + 1 nodes; checks every move goes to the new node.
double MovedOnAdd(const std::string& scheme, std::uint32_t n, const KeySet& keys, bool only_to_new) {
  auto a = MakePartitioner(Def(scheme, n), keys);
  auto b = MakePartitioner(Def(scheme, n + 1), keys);
  REQUIRE((a && b));
  std::uint64_t moved = 0;
  for (std::uint64_t k : keys.keys) {
    const std::uint32_t x = (*a)->Locate(k), y = (*b)->Locate(k);
    if (x != y) {
      ++moved;
      if (only_to_new) REQUIRE(y == n);
    }
  }
  return static_cast<double>(moved) / static_cast<double>(keys.keys.size());
}

}  // namespace

// [SECTION] Hashes ------------------------------------------------------------------------------------

TEST_CASE("jump consistent hash reproduces published test vectors", "[shard]") {
  // Guava's golden values (HashingTest.testConsistentHash_linearCongruentialGeneratorCompatibility),
  // also used by dgryski/go-jump: keys 0..19 with 100 buckets, and six (key, buckets) pairs.
  const int golden100[] = {0, 55, 62, 8, 45, 59, 86, 97, 82, 59, 73, 37, 17, 56, 86, 21, 90, 37, 38, 83};
  for (int i = 0; i < 20; ++i) CHECK(JumpConsistentHash(static_cast<std::uint64_t>(i), 100) == golden100[i]);
  CHECK(JumpConsistentHash(10863919174838991ull, 11) == 6);
  CHECK(JumpConsistentHash(2016238256797177309ull, 11) == 3);
  CHECK(JumpConsistentHash(1673758223894951030ull, 11) == 5);
  CHECK(JumpConsistentHash(2, 100001) == 80343);
  CHECK(JumpConsistentHash(2201, 100001) == 22152);
  CHECK(JumpConsistentHash(2202, 100001) == 15018);
  // go-jump's table generated from the paper's C++ code: buckets 1..19 for four keys.
  const std::vector<std::pair<std::uint64_t, std::vector<int>>> table = {
      {1, {0, 0, 0, 0, 0, 0, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 17, 17}},
      {0xdeadbeef, {0, 1, 2, 3, 3, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 16, 16, 16}},
      {0x0ddc0ffeebadf00d, {0, 1, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 15, 15, 15, 15}},
  };
  for (const auto& [key, expect] : table) {
    for (std::size_t b = 0; b < expect.size(); ++b) {
      INFO("key " << key << " buckets " << b + 1);
      CHECK(JumpConsistentHash(key, static_cast<std::int32_t>(b + 1)) == expect[b]);
    }
  }
}

TEST_CASE("FNV-1a, SplitMix64 finaliser and text keys", "[shard]") {
  // FNV-1a 64 test vectors (Fowler/Noll/Vo test suite).
  CHECK(Fnv1a64("") == 0xcbf29ce484222325ull);
  CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cull);
  CHECK(Fnv1a64("foobar") == 0x85944171f73967e8ull);
  // SplitMix64 seeded with 0 first returns 0xe220a8397b1dcdaf; Mix64 is its finaliser.
  CHECK(Mix64(0x9E3779B97F4A7C15ull) == 0xe220a8397b1dcdafull);
  std::uint64_t state = 12345;
  const std::uint64_t expect = Mix64(12345 + 0x9E3779B97F4A7C15ull);
  CHECK(SplitMix64(state) == expect);
  bool integer = false;
  CHECK(KeyFromText("123", &integer) == 123);
  CHECK(integer);
  CHECK(KeyFromText("user42", &integer) == Fnv1a64("user42"));
  CHECK_FALSE(integer);
  CHECK(KeyFromText("18446744073709551616") == Fnv1a64("18446744073709551616"));  // 2^64: not a uint64
}

// [SECTION] Schemes on hand-checked cases -----------------------------------------------------------------

TEST_CASE("Maglev populates the paper's example table", "[shard]") {
  // Eisenbud et al. (2016), Table 1: M = 7; B0 offset 3 skip 4, B1 offset 0 skip 2, B2 offset 3 skip 1.
  const std::vector<std::uint32_t> table = detail::MaglevPopulate({3, 0, 3}, {4, 2, 1}, 7);
  CHECK(table == std::vector<std::uint32_t>{1, 0, 1, 0, 2, 2, 0});
}

TEST_CASE("Maglev balances table entries and keys", "[shard]") {
  const KeySet keys = UniformKeys(200000, 3);
  ShardModelDef d;
  d.partitioner = Def("maglev", 7);
  d.keys.count = 200000;
  d.keys.seed = 3;
  d.add = 1;
  auto a = AnalyzeSharding(d);
  REQUIRE(a);
  CHECK(a->before.max_over_avg < 1.02);
  // More than the ideal 1/8, but far less than modulo's 7/8.
  CHECK(a->moved_fraction > 0.125 - 0.005);
  CHECK(a->moved_fraction < 0.25);
  PartitionerDef bad = Def("maglev", 7);
  bad.maglev_table = 65536;
  CHECK_FALSE(MakePartitioner(bad).has_value());
}

TEST_CASE("modulo places by Mix64(key) mod n and moves n/(n+1) of keys", "[shard]") {
  const KeySet keys = UniformKeys(100000, 1);
  auto p = MakePartitioner(Def("modulo", 10));
  REQUIRE(p);
  CHECK((*p)->Locate(77) == Mix64(77) % 10);
  // A key stays only if h mod 10 = h mod 11, i.e. h mod 110 < 10: 1/11 of keys.
  CHECK(MovedOnAdd("modulo", 10, keys, false) == Approx(10.0 / 11.0).margin(0.005));
}

TEST_CASE("range: explicit splits, quantile splits, monotonic inserts", "[shard]") {
  PartitionerDef d = Def("range", 3);
  d.splits = {100, 200};
  auto p = MakePartitioner(d);
  REQUIRE(p);
  CHECK((*p)->Locate(0) == 0);
  CHECK((*p)->Locate(99) == 0);
  CHECK((*p)->Locate(100) == 1);
  CHECK((*p)->Locate(199) == 1);
  CHECK((*p)->Locate(250) == 2);
  d.splits = {200, 100};
  CHECK_FALSE(MakePartitioner(d).has_value());
  d.splits = {5};
  CHECK_FALSE(MakePartitioner(d).has_value());

  ShardModelDef m;
  m.partitioner = Def("range", 8);
  m.keys.distribution = KeyDistribution::Sequential;
  m.keys.count = 80000;
  m.add = 1;
  auto a = AnalyzeSharding(m);
  REQUIRE(a);
  CHECK(a->before.max_over_avg == Approx(1.0));           // pre-split on the data: even
  CHECK(a->before.insert_max_over_avg == Approx(8.0));    // every new id lands in the last range
  CHECK(a->before.hot_shard);
  CHECK(a->before.hot_nodes == std::vector<std::uint32_t>{7});
  // Adding a node splits one range in half: 1/16 of the keys move (ideal 1/9).
  CHECK(a->moved_fraction == Approx(1.0 / 16.0).margin(1e-4));
  CHECK(a->ideal_moved_fraction == Approx(1.0 / 9.0));
  m.add = 0;
  m.remove = 1;
  auto r = AnalyzeSharding(m);
  REQUIRE(r);
  CHECK(r->moved_fraction == Approx(1.0 / 8.0).margin(1e-4));  // the last range merges into its neighbour

  m.remove = 0;
  m.keys.distribution = KeyDistribution::Uniform;
  auto u = AnalyzeSharding(m);
  REQUIRE(u);
  CHECK_FALSE(u->before.hot_shard);
  CHECK(u->before.insert_max_over_avg < 1.1);
}

TEST_CASE("rendezvous, ring and jump move only keys to the new node, about 1/(n+1)", "[shard]") {
  const KeySet keys = UniformKeys(100000, 2);
  // Jump and rendezvous: every key moves to the new node with probability exactly 1/(n+1).
  CHECK(MovedOnAdd("jump", 10, keys, true) == Approx(1.0 / 11.0).margin(0.005));
  CHECK(MovedOnAdd("rendezvous", 10, keys, true) == Approx(1.0 / 11.0).margin(0.005));
  // Ring: the new node's share is Beta(V, nV) with mean 1/(n+1); average over rings.
  double sum = 0;
  const int rings = 10;
  for (int s = 0; s < rings; ++s) {
    PartitionerDef a = Def("ring", 10), b = Def("ring", 11);
    a.seed = b.seed = static_cast<std::uint64_t>(s + 1);
    auto pa = MakePartitioner(a), pb = MakePartitioner(b);
    REQUIRE((pa && pb));
    std::uint64_t moved = 0;
    for (std::size_t i = 0; i < 20000; ++i) {
      const std::uint32_t x = (*pa)->Locate(keys.keys[i]), y = (*pb)->Locate(keys.keys[i]);
      if (x != y) {
        ++moved;
        REQUIRE(y == 10);
      }
    }
    sum += static_cast<double>(moved) / 20000.0;
  }
  CHECK(sum / rings == Approx(1.0 / 11.0).margin(0.01));
}

TEST_CASE("removing a node moves only its keys, about 1/n", "[shard]") {
  for (const char* scheme : {"ring", "jump", "rendezvous"}) {
    ShardModelDef m;
    m.partitioner = Def(scheme, 10);
    m.keys.count = 50000;
    m.remove = 1;
    auto r = AnalyzeSharding(m);
    REQUIRE(r);
    INFO(scheme);
    CHECK(r->ideal_moved_fraction == Approx(0.1));
    CHECK(r->moved_fraction == Approx(r->before.per_node[9].share).margin(1e-12));  // exactly node 9's keys
    CHECK(r->moved_fraction == Approx(0.1).margin(scheme == std::string("ring") ? 0.04 : 0.01));
    CHECK(r->nodes_after == 9);
  }
}

TEST_CASE("ring imbalance matches sqrt((n-1)/(nV+1))", "[shard]") {
  CHECK(RingImbalanceTheory(10, 100) == Approx(std::sqrt(9.0 / 1001.0)));
  for (const auto& [n, v] : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{10, 1}, {10, 20}, {5, 100}}) {
    // The shares sum to 1, so the mean of the per-ring population variance estimates Var(share).
    double var_sum = 0;
    const int rings = 400;
    for (int s = 0; s < rings; ++s) {
      const std::vector<double> share = RingArcShares(n, v, static_cast<std::uint64_t>(1000 + s));
      double total = 0, var = 0;
      for (double x : share) total += x;
      REQUIRE(total == Approx(1.0).epsilon(1e-12));
      for (double x : share) var += (x - 1.0 / n) * (x - 1.0 / n);
      var_sum += var / n;
    }
    const double measured = std::sqrt(var_sum / rings) * n;
    INFO("n " << n << " V " << v << ": measured " << measured << " theory " << RingImbalanceTheory(n, v));
    CHECK(measured == Approx(RingImbalanceTheory(n, v)).epsilon(0.06));
  }
}

TEST_CASE("ring points are sorted, complete and reproducible", "[shard]") {
  const auto pts = RingPoints(3, 4, 9);
  REQUIRE(pts.size() == 12);
  for (std::size_t i = 1; i < pts.size(); ++i) CHECK(pts[i - 1].position < pts[i].position);
  const auto again = RingPoints(3, 4, 9);
  CHECK(again[7].position == pts[7].position);
  // A key goes to the first point at or after Mix64(key).
  auto ring = MakePartitioner([] {
    PartitionerDef d = Def("ring", 3, 4);
    d.seed = 9;
    return d;
  }());
  REQUIRE(ring);
  for (std::uint64_t key = 0; key < 200; ++key) {
    const std::uint64_t pos = Mix64(key);
    std::size_t i = 0;
    while (i < pts.size() && pts[i].position < pos) ++i;
    const std::uint32_t expect = i == pts.size() ? pts[0].node : pts[i].node;
    CHECK((*ring)->Locate(key) == expect);
  }
}

TEST_CASE("bounded loads cap every node at ceil(c * m / n)", "[shard]") {
  // 10 nodes with 2 points each: a plain ring is badly unbalanced; c = 1.1 caps the busiest node.
  ShardModelDef m;
  m.partitioner = Def("ring", 10, 2);
  m.keys.count = 10000;
  auto plain = AnalyzeSharding(m);
  REQUIRE(plain);
  CHECK(plain->before.max_over_avg > 1.5);
  m.partitioner.scheme = "bounded";
  m.partitioner.load_factor = 1.1;
  auto bounded = AnalyzeSharding(m);
  REQUIRE(bounded);
  std::uint64_t max_keys = 0;
  for (const auto& nl : bounded->before.per_node) max_keys = std::max(max_keys, nl.keys);
  CHECK(max_keys <= 1100);
  CHECK(bounded->before.max_over_avg <= 1.1 + 1e-12);
  m.partitioner.load_factor = 1.0;
  CHECK_FALSE(AnalyzeSharding(m).has_value());
}

TEST_CASE("geo keeps keys in their region and grows the busiest region", "[shard]") {
  ShardModelDef m;
  m.partitioner.scheme = "geo";
  m.partitioner.regions = {{"eu", 1, 0.8}, {"us", 3, 0.2}};
  m.keys.count = 40000;
  m.add = 1;
  auto a = AnalyzeSharding(m);
  REQUIRE(a);
  REQUIRE(a->nodes == 4);
  CHECK(a->before.per_node[0].label == "eu-0");
  CHECK(a->before.per_node[0].share == Approx(0.8).margin(0.01));
  CHECK(a->before.hot_shard);
  CHECK(a->before.hot_nodes == std::vector<std::uint32_t>{0});
  // The new node joins eu (0.8 per node vs 0.067): half of eu's keys move, 0.4 of all.
  CHECK(a->after.per_node[1].label == "eu-1");
  CHECK(a->moved_fraction == Approx(0.4).margin(0.01));
  PartitionerDef d;
  d.scheme = "geo";
  d.regions = {{"eu", 2, 0.5}, {"us", 2, 0.5}};
  for (int i = 0; i < 20; ++i) {
    auto node = LookupKey(d, "eu:user" + std::to_string(i));
    REQUIRE(node);
    CHECK(*node < 2);
    auto us = LookupKey(d, "us:user" + std::to_string(i));
    REQUIRE(us);
    CHECK(*us >= 2);
  }
  CHECK_FALSE(LookupKey(d, "mars:1").has_value());
  d.regions.clear();
  CHECK_FALSE(MakePartitioner(d).has_value());
}

TEST_CASE("Zipf keys make the node holding the top key hot", "[shard]") {
  ShardModelDef m;
  m.partitioner = Def("modulo", 10);
  m.keys.distribution = KeyDistribution::Zipf;
  m.keys.alpha = 1.2;
  m.keys.count = 1000;
  auto a = AnalyzeSharding(m);
  REQUIRE(a);
  // The top key alone has 1/H(1000, 1.2) ≈ 26% of the load: ≥ 2.6× a node's fair share.
  double h = 0;
  for (int i = 1; i <= 1000; ++i) h += std::pow(i, -1.2);
  CHECK(a->before.max_over_avg >= 10.0 / h);
  CHECK(a->before.hot_shard);
  auto parsed = ParseKeyDistribution("zipf:1.2");
  REQUIRE(parsed);
  CHECK(parsed->alpha == Approx(1.2));
  CHECK_FALSE(ParseKeyDistribution("zipf:-1").has_value());
  CHECK_FALSE(ParseKeyDistribution("gaussian").has_value());
}

// [SECTION] Lookups, JSON, errors ---------------------------------------------------------------------------

TEST_CASE("lookups use the raw key for jump and Mix64 for hash schemes", "[shard]") {
  PartitionerDef d = Def("jump", 11);
  CHECK(LookupKey(d, "2016238256797177309").value() == 3);
  CHECK(LookupKey(d, "user:1").value() == static_cast<std::uint32_t>(JumpConsistentHash(Fnv1a64("user:1"), 11)));
  d.scheme = "modulo";
  CHECK(LookupKey(d, "user:1").value() == Mix64(Fnv1a64("user:1")) % 11);
  d.scheme = "nope";
  CHECK_FALSE(LookupKey(d, "1").has_value());
}

TEST_CASE("shard analysis JSON is complete and deterministic", "[shard]") {
  ShardModelDef m;
  m.partitioner = Def("ring", 8, 50);
  m.keys.count = 20000;
  m.add = 2;
  m.data_bytes = 1e12;
  auto a = AnalyzeSharding(m);
  REQUIRE(a);
  const nlohmann::json j = ShardAnalysisToJson(*a);
  for (const char* key : {"max_over_avg", "stddev_over_avg", "moved_fraction", "per_node", "theory_stddev_over_avg",
                          "ideal_moved_fraction", "rebalance_bytes", "lookup"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["per_node"].size() == 8);
  CHECK(j["after"]["per_node"].size() == 10);
  CHECK(j["ideal_moved_fraction"].get<double>() == Approx(0.2));
  CHECK(j["rebalance_bytes"].get<double>() == Approx(1e12 * a->moved_fraction));
  auto b = AnalyzeSharding(m);
  REQUIRE(b);
  CHECK(ShardAnalysisToJson(*b).dump() == j.dump());

  m.remove = 1;
  CHECK_FALSE(AnalyzeSharding(m).has_value());  // add and remove together
  m.add = 0;
  m.remove = 8;
  CHECK_FALSE(AnalyzeSharding(m).has_value());
  CHECK_FALSE(MakePartitioner(Def("ring", 0)).has_value());
  CHECK_FALSE(MakePartitioner(Def("warp", 3)).has_value());
  CHECK(FindScheme("hrw")->name == "rendezvous");
  CHECK(Schemes().size() == 8);
}

// [SECTION] Blueprint ------------------------------------------------------------------------------------------

TEST_CASE("AssessSharding: monotonic range keys, hash moves, vertical", "[shard]") {
  Requirements q;
  q.writes_per_s = 100;
  q.object_size_bytes = 1000;
  Component c;
  c.id = "db";
  c.kind = ComponentKind::Database;
  c.sharding.scheme = ShardScheme::Range;
  c.sharding.shards = 8;
  c.sharding.key = "created_at";
  c.sharding.key_monotonic = true;
  const ShardAssessment range = AssessSharding(c, q);
  CHECK(range.sharded);
  CHECK(range.hot_shard);
  CHECK(range.hot_reason.find("created_at") != std::string::npos);
  CHECK(range.data_bytes == Approx(100.0 * 5 * 365 * 86400 * 1000));

  c.sharding.scheme = ShardScheme::Hash;
  const ShardAssessment hash = AssessSharding(c, q);
  CHECK_FALSE(hash.hot_shard);
  CHECK(hash.moved_fraction_on_add == Approx(8.0 / 9.0).margin(0.02));
  CHECK(hash.ideal_moved_fraction == Approx(1.0 / 9.0));
  CHECK(hash.rebalance_bytes_on_add == Approx(hash.moved_fraction_on_add * hash.data_bytes));

  c.sharding.scheme = ShardScheme::ConsistentHash;
  c.sharding.vnodes = 200;
  const ShardAssessment ring = AssessSharding(c, q);
  CHECK(ring.moved_fraction_on_add < 0.2);
  CHECK(ring.max_over_avg < 1.5);

  c.sharding.vertical = true;
  const ShardAssessment vertical = AssessSharding(c, q);
  CHECK(vertical.vertical);
  CHECK(vertical.scheme == "vertical");
  CHECK_FALSE(vertical.notes.empty());

  c.sharding = ShardingSpec{};
  const ShardAssessment none = AssessSharding(c, q);
  CHECK_FALSE(none.sharded);
  CHECK(ShardAssessmentToJson(none)["sharded"] == false);
}

TEST_CASE("RingLab returns points and shares before and after a resize", "[shard]") {
  ShardModelDef m;
  m.partitioner = Def("ring", 5, 8);
  m.keys.count = 5000;
  m.add = 1;
  auto s = RingLab(m);
  REQUIRE(s);
  CHECK(s->points.size() == 40);
  CHECK(s->points_after.size() == 48);
  double before = 0, after = 0;
  for (double x : s->arc_shares) before += x;
  for (double x : s->arc_shares_after) after += x;
  CHECK(before == Approx(1.0));
  CHECK(after == Approx(1.0));
  // Old points keep their positions; the new node's 8 points are the only additions.
  std::size_t new_points = 0;
  for (const RingPoint& p : s->points_after) new_points += p.node == 5 ? 1u : 0u;
  CHECK(new_points == 8);
  // Keys on the ring follow the arcs: node 0's key share tracks its arc share.
  CHECK(s->analysis.before.per_node[0].share == Approx(s->arc_shares[0]).margin(0.03));
  m.partitioner.scheme = "jump";
  CHECK_FALSE(RingLab(m).has_value());
}
