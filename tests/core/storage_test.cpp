// Database families and the recommender, object-storage lifecycle cost by month, block/file/object
// read times, an HDFS-style DFS, batch vs stream, and polyglot persistence — against hand math.
#include <catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/storage.h"

using namespace sdlab;
using namespace sdlab::storage;

TEST_CASE("the family table and the recommender's points", "[storage]") {
  REQUIRE(FamilyTable().size() == 5);
  CHECK(FamilyTable()[0].transactions == "ACID");
  CHECK(FamilyTable()[2].cap == "AP");
  // Joins + strong consistency: relational = +3 (joins) + 3 (strong) = 6; graph = +1 + 1 = 2.
  Workload oltp;
  oltp.read_write_ratio = 5;
  oltp.joins = true;
  oltp.strong_consistency = true;
  auto a = RankFamilies(oltp);
  REQUIRE(a);
  CHECK(a->ranked[0].family == Family::Relational);
  CHECK(a->ranked[0].score == 6);
  CHECK(a->ranked[1].family == Family::Graph);
  CHECK(a->ranked[1].score == 2);
  CHECK(a->ranked[0].formula == "relational = +3 (joins / ad-hoc queries) +3 (strong consistency) = 6");
  // Flexible schema, 20 TB, 10 reads per write by key: key_value = +2 (flexible) + 2 (scale) + 2 (reads) = 6,
  // document = +3 + 1 + 1 = 5, columnar = +1 + 2 = 3, relational = −2 − 2 = −4.
  Workload kv;
  kv.read_write_ratio = 10;
  kv.schema = SchemaNeed::Flexible;
  kv.data_bytes = 20e12;
  auto b = RankFamilies(kv);
  REQUIRE(b);
  CHECK(b->large_scale);
  CHECK(b->ranked[0].family == Family::KeyValue);
  CHECK(b->ranked[0].score == 6);
  CHECK(b->ranked[1].family == Family::Document);
  CHECK(b->ranked[1].score == 5);
  CHECK(b->ranked.back().family == Family::Relational);
  CHECK(b->ranked.back().score == -4);
  Workload bad;
  bad.read_write_ratio = 0;
  CHECK_FALSE(RankFamilies(bad));
}

TEST_CASE("object lifecycle: monthly cost as cohorts age", "[storage]") {
  // 1 TB (1000 GB) of 1 MB objects a month = 1M objects; infrequent after 30 d, archive after 90 d.
  // m1: 1000 GB standard $23 + PUT 1M × $5/M = $28.
  // m2: cohort 1 → infrequent ($12.5, transition 1M × $10/M = $10) + cohort 2 standard $23 + PUT $5 = $50.5.
  // m3: 2 cohorts infrequent $25 + 1 standard $23 + PUT $5 + transition $10 = $63.
  // m4: cohort 1 → archive ($2, transition 1M × $50/M = $50), 2 infrequent $25, 1 standard $23, PUT $5,
  //     transition into infrequent $10 = $115. Total 28 + 50.5 + 63 + 115 = $256.5.
  // First tier only: 28, 51, 74, 97 = $250 → the lifecycle costs $6.5 more over the first four months.
  ObjectLifecycleDef d;
  d.ingest_bytes_per_month = 1e12;
  d.object_size_bytes = 1e6;
  d.months = 4;
  d.rules = {{30 * 86400.0, cost::Tier::Infrequent}, {90 * 86400.0, cost::Tier::Archive}};
  auto r = CostObjectLifecycle(d);
  REQUIRE(r);
  REQUIRE(r->months.size() == 4);
  CHECK(r->months[0].total == Approx(28));
  CHECK(r->months[1].total == Approx(50.5));
  CHECK(r->months[2].total == Approx(63));
  CHECK(r->months[3].total == Approx(115));
  CHECK(r->months[3].bytes[2] == Approx(1e12));
  CHECK(r->months[3].transition_cost == Approx(60));
  CHECK(r->total == Approx(256.5));
  CHECK(r->first_tier_only_total == Approx(250));
  CHECK(r->saving == Approx(-6.5));
  // Over two years the lifecycle wins: the archive holds most bytes.
  d.months = 24;
  auto long_run = CostObjectLifecycle(d);
  REQUIRE(long_run);
  CHECK(long_run->saving > 0);
  // Minimum storage duration: archive after 30 d, deleted at 60 d → 30 d in archive of the 90 d minimum:
  // charged 1000 GB × $0.002 × (90 − 30)/30 months = $4 in month 3, when cohort 1 is deleted.
  ObjectLifecycleDef e;
  e.ingest_bytes_per_month = 1e12;
  e.object_size_bytes = 1e6;
  e.months = 3;
  e.retention_s = 60 * 86400.0;
  e.rules = {{30 * 86400.0, cost::Tier::Archive}};
  auto early = CostObjectLifecycle(e);
  REQUIRE(early);
  CHECK(early->months[2].early_deletion_cost == Approx(4));
  CHECK(early->months[1].early_deletion_cost == 0);
  // Rules must move to colder tiers at increasing ages.
  e.rules = {{30 * 86400.0, cost::Tier::Archive}, {60 * 86400.0, cost::Tier::Infrequent}};
  CHECK_FALSE(CostObjectLifecycle(e));
}

TEST_CASE("block, file and object read times", "[storage]") {
  // 100 MB: object = 50 ms + 100 MB ÷ 100 MB/s = 1.05 s; local NVMe = 0.1 ms + 100 MB ÷ 2 GB/s = 50.1 ms.
  auto r = ReadTimes(100e6);
  REQUIRE(r);
  REQUIRE(r->size() == MediumTable().size());
  CHECK((*r)[0].medium == "local_nvme");
  CHECK((*r)[0].read_s == Approx(0.0501));
  CHECK((*r)[3].medium == "object");
  CHECK((*r)[3].read_s == Approx(1.05));
  CHECK((*r)[4].read_s > 3600);
  CHECK_FALSE(ReadTimes(-1));
}

TEST_CASE("DFS: raw storage, blocks, NameNode memory, re-replication", "[storage]") {
  // 1 PB of 1 GB files, 128 MiB blocks, 3 copies, 100 nodes at 100 MB/s:
  // files = 10^6; blocks per file = ⌈10^9 ÷ 134217728⌉ = ⌈7.45⌉ = 8; blocks = 8 × 10^6;
  // NameNode ≈ (10^6 + 8 × 10^6) × 150 B = 1.35 GB; raw = 3 PB; per node 30 TB;
  // re-replication = 3 × 10^13 ÷ (99 × 10^8) = 3030.3 s.
  DfsDef d;
  d.data_bytes = 1e15;
  d.file_size_bytes = 1e9;
  d.replication = 3;
  d.nodes = 100;
  d.node_bandwidth_bytes_per_s = 1e8;
  auto r = AnalyzeDfs(d);
  REQUIRE(r);
  CHECK(r->files == Approx(1e6));
  CHECK(r->blocks_per_file == 8);
  CHECK(r->blocks == Approx(8e6));
  CHECK(r->namenode_memory_bytes == Approx(1.35e9));
  CHECK(r->raw_bytes == Approx(3e15));
  CHECK(r->per_node_bytes == Approx(3e13));
  CHECK(r->node_losses_tolerated == 2);
  REQUIRE(r->rereplication_s);
  CHECK(*r->rereplication_s == Approx(3e13 / 99e8));
  // Replication 1: no re-replication, no loss tolerated.
  d.replication = 1;
  auto one = AnalyzeDfs(d);
  REQUIRE(one);
  CHECK(one->node_losses_tolerated == 0);
  CHECK_FALSE(one->rereplication_s);
  d.replication = 3;
  d.nodes = 2;
  CHECK_FALSE(AnalyzeDfs(d));
}

TEST_CASE("batch vs stream: latency and keeping up", "[storage]") {
  // 1000 events/s of 1 KB, hourly batch with 60 s start-up on one worker of 10K/s:
  // events per batch 3.6M; job = 60 + 3.6M ÷ 10K = 420 s; latency worst 3600 + 420 = 4020 s, mean 2220 s.
  // Stream: utilisation 1000 ÷ 10K = 10%; 60 s window + 5 ms: worst 60.005 s, mean 30.005 s.
  ProcessingDef d;
  d.events_per_s = 1000;
  auto r = CompareProcessing(d);
  REQUIRE(r);
  CHECK(r->events_per_batch == Approx(3.6e6));
  CHECK(r->bytes_per_batch == Approx(3.6e9));
  CHECK(r->batch_job_s == Approx(420));
  CHECK(r->batch_latency_worst_s == Approx(4020));
  CHECK(r->batch_latency_mean_s == Approx(2220));
  CHECK(r->stream_utilization == Approx(0.1));
  CHECK(r->stream_latency_worst_s == Approx(60.005));
  CHECK(r->stream_latency_mean_s == Approx(30.005));
  CHECK(r->batch_keeps_up);
  CHECK(r->stream_keeps_up);
  // 20K/s on one worker: the stream falls behind (200%), and the batch job takes 60 + 72000 s > 1 h.
  d.events_per_s = 20000;
  auto over = CompareProcessing(d);
  REQUIRE(over);
  CHECK_FALSE(over->stream_keeps_up);
  CHECK_FALSE(over->batch_keeps_up);
}

TEST_CASE("polyglot: stores by access pattern along the flows", "[storage]") {
  auto bp = LoadBlueprint(R"({
    "requirements": {"reads": "1000/s", "writes": "100/s"},
    "components": [
      {"id": "users", "kind": "client"},
      {"id": "api", "kind": "service"},
      {"id": "cache", "kind": "cache", "hit_ratio": "90%"},
      {"id": "db", "kind": "database", "model": "document"},
      {"id": "blobs", "kind": "object_storage"}
    ],
    "links": [{"from": "users", "to": "api"}, {"from": "api", "to": "cache"}, {"from": "cache", "to": "db"},
              {"from": "api", "to": "blobs"}],
    "flows": [{"id": "read", "kind": "read", "path": ["users", "api", "cache", "db"]},
              {"id": "upload", "kind": "write", "path": ["users", "api", "blobs"]}]})");
  REQUIRE(bp);
  auto est = EstimateBlueprint(*bp);
  REQUIRE(est);
  const PolyglotPlan plan = PlanPolyglot(*bp, &*est);
  REQUIRE(plan.stores.size() == 3);
  CHECK(plan.stores[0].component == "cache");
  CHECK(plan.stores[0].read_rps == Approx(1000));
  // The database sees the cache's misses: 1000/s × (1 − 0.9) = 100/s.
  CHECK(plan.stores[1].component == "db");
  CHECK(plan.stores[1].family == "document");
  CHECK(plan.stores[1].read_rps == Approx(100));
  CHECK(plan.stores[2].write_rps == Approx(100));
  CHECK(plan.stores[2].write_flows == std::vector<std::string>{"upload"});
  const nlohmann::json j = ToJson(plan);
  CHECK(j.at("stores").size() == 3);
}
