// Tests for sdlab/dbopt.h, against numbers worked by hand in the comments.
#include <catch.hpp>

#include <nlohmann/json.hpp>

#include "sdlab/dbopt.h"

using namespace sdlab::dbopt;

TEST_CASE("index: B-tree height and pages vs a full scan", "[dbopt]") {
  // 1M rows of 200 B in 8 KiB pages: ⌊8192 ÷ 200⌋ = 40 rows per page → 25 000 pages; a scan reads
  // 25 000 × 8192 B at 500 MB/s = 0.4096 s. B = ⌊8192 ÷ (16 + 8)⌋ = 341; 341² = 116 281 < 1M ≤ 341³
  // → height 3; one matching row: 3 + 1 = 4 random pages × 100 µs = 0.4 ms → 1024× faster.
  IndexDef d;
  auto r = AnalyzeIndex(d);
  REQUIRE(r);
  CHECK(r->Value("rows_per_page") == 40);
  CHECK(r->Value("scan_pages") == 25000);
  CHECK(r->Value("scan_time") == Approx(0.4096));
  CHECK(r->Value("fanout") == 341);
  CHECK(r->Value("height") == 3);
  CHECK(r->Value("index_pages") == 4);
  CHECK(r->Value("index_time") == Approx(0.0004));
  CHECK(r->Value("speedup") == Approx(1024));
  CHECK(r->Value("page_writes_per_insert") == 2);
  CHECK(BTreeHeight(341, 8192, 16) == 1);
  CHECK(BTreeHeight(342, 8192, 16) == 2);
  // Hash: 1 bucket page + 1 row page.
  d.kind = IndexKind::Hash;
  d.indexes = 4;
  r = AnalyzeIndex(d);
  REQUIRE(r);
  CHECK(r->Value("index_pages") == 2);
  CHECK(r->Value("page_writes_per_insert") == 5);
  // A query returning 100 000 rows: 3 + 25 000 (capped at the table) random pages = 2.5 s > scan.
  d.kind = IndexKind::BTree;
  d.matching_rows = 100000;
  r = AnalyzeIndex(d);
  REQUIRE(r);
  CHECK(r->Value("index_pages") == 25003);
  CHECK(r->Value("speedup") < 1);
  // Bitmap: 1M bits = 125 000 B = ⌈15.26⌉ = 16 sequential pages.
  d.kind = IndexKind::Bitmap;
  d.matching_rows = 1;
  r = AnalyzeIndex(d);
  REQUIRE(r);
  CHECK(r->Value("bitmap_pages") == 16);
  d.row_bytes = 1e5;
  CHECK(AnalyzeIndex(d).error().field == "row_size");
}

TEST_CASE("normalisation: joins per read against update fan-out", "[dbopt]") {
  // 1000 reads/s joining 3 tables + 100 writes: 1000 × 4 + 100 = 4100 ops/s; denormalised:
  // 1000 + 100 × 11 = 2100 ops/s; break-even reads per write = 10 ÷ 3.
  auto r = AnalyzeNormalization({});
  REQUIRE(r);
  CHECK(r->Value("normalized_ops_per_s") == 4100);
  CHECK(r->Value("denormalized_ops_per_s") == 2100);
  CHECK(r->Value("break_even_read_write_ratio") == Approx(10.0 / 3));
  CHECK(r->verdict.rfind("denormalised", 0) == 0);
}

TEST_CASE("connection pool: 200 RPS × 50 ms = 10 connections", "[dbopt]") {
  PoolDef d;  // 200/s, 50 ms, 1 instance, pool 10, max 100
  CHECK(ConnectionsNeeded(200, 0.05) == Approx(10));
  auto r = AnalyzePool(d);
  REQUIRE(r);
  CHECK(r->Value("connections_needed") == Approx(10));
  // Pool of 10 at 10 Erlangs: utilisation 100% → saturated, no wait figure.
  CHECK(r->Value("pool_utilization") == Approx(1));
  CHECK(r->Find("p_wait_for_connection") == nullptr);
  // ⌈10 ÷ 0.7⌉ = 15.
  CHECK(r->Value("recommended_pool_size") == 15);
  d.pool_size = 15;
  d.instances = 8;
  r = AnalyzePool(d);
  REQUIRE(r);
  // 8 × 15 = 120 > 100 max_connections.
  CHECK(r->Value("pool_connections") == 120);
  CHECK(r->Value("max_connections_used") == Approx(1.2));
  CHECK(r->Find("p_wait_for_connection") != nullptr);
  CHECK(r->verdict.find("max_connections") != std::string::npos);
}

TEST_CASE("N+1: (N + 1) round trips vs 2 batched", "[dbopt]") {
  // 20 items × 1 ms: 21 ms vs 2 ms; 19 ms added; at 100 req/s 2100 queries/s vs 200.
  auto r = AnalyzeNPlusOne({});
  REQUIRE(r);
  CHECK(r->Value("queries_per_request") == 21);
  CHECK(r->Value("nplus1_latency") == Approx(0.021));
  CHECK(r->Value("batched_latency") == Approx(0.002));
  CHECK(r->Value("added_latency") == Approx(0.019));
  CHECK(r->Value("nplus1_queries_per_s") == Approx(2100));
  CHECK(r->Value("join_latency") == Approx(0.002));
}

TEST_CASE("materialized view: refresh cost vs read saving", "[dbopt]") {
  // 50 reads/s × 200 ms = 10 s/s without; with: 50 × 1 ms + 2 s ÷ 60 s = 0.05 + 0.0333 = 0.0833.
  auto r = AnalyzeMatView({});
  REQUIRE(r);
  CHECK(r->Value("busy_without") == Approx(10));
  CHECK(r->Value("busy_with") == Approx(0.05 + 2.0 / 60));
  CHECK(r->Value("max_staleness") == Approx(62));
  // Break-even: (2/60) ÷ 0.199 = 0.1675 reads/s.
  CHECK(r->Value("break_even_reads_per_s") == Approx(2.0 / 60 / 0.199));
}

TEST_CASE("batching: round trips and fsyncs saved", "[dbopt]") {
  // 1000 writes/s in batches of 100: 10 round trips/s; per write (1 + 2 + 100 × 0.02) ms ÷ 100 =
  // 0.05 ms vs 3.02 ms; fill wait (100 − 1) ÷ 2000 = 49.5 ms.
  auto r = AnalyzeBatching({});
  REQUIRE(r);
  CHECK(r->Value("round_trips_per_s_batched") == Approx(10));
  CHECK(r->Value("fsyncs_saved_per_s") == Approx(990));
  CHECK(r->Value("cost_per_write_unbatched") == Approx(0.00302));
  CHECK(r->Value("cost_per_write_batched") == Approx(0.00005));
  CHECK(r->Value("mean_fill_wait") == Approx(0.0495));
}

TEST_CASE("pagination: OFFSET cost grows with the page, keyset does not", "[dbopt]") {
  // Page 1000 of 20: OFFSET reads 20 000 rows: 3 × 100 µs + 20 000 × 1 µs = 20.3 ms; keyset
  // 0.3 ms + 20 µs = 0.32 ms.
  auto r = AnalyzePagination({});
  REQUIRE(r);
  CHECK(r->Value("offset_rows_read") == 20000);
  CHECK(r->Value("keyset_rows_read") == 20);
  CHECK(r->Value("offset_time") == Approx(0.0203));
  CHECK(r->Value("keyset_time") == Approx(0.00032));
  PaginateDef d;
  d.page_size = 0;
  CHECK(AnalyzePagination(d).error().field == "limit");
  nlohmann::json j = ToJson(*r);
  CHECK(j["figures"]["offset_rows_read"] == 20000);
  CHECK(j["formulas"].contains("keyset_time"));
}
