// Database optimisation calculators: indexes, normalisation, pooling, N+1, materialized views,
// batching, pagination. See sdlab/dbopt.h for the models and their assumptions.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/dbopt.h"
#include "sdlab/queue.h"
#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab::dbopt {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

bool In(double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; }

void Add(DbResult& r, std::string key, double value, std::string unit, std::string formula) {
  r.figures.push_back({std::move(key), value, std::move(unit), std::move(formula)});
}

std::string T(double s) { return units::FormatDuration(s); }
std::string I(double v) { return Fmt(v, 6); }

}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

const Figure* DbResult::Find(std::string_view key) const {
  for (const Figure& f : figures)
    if (f.key == key) return &f;
  return nullptr;
}

double DbResult::Value(std::string_view key) const {
  const Figure* f = Find(key);
  return f ? f->value : 0;
}

std::string_view IndexKindName(IndexKind k) {
  switch (k) {
    case IndexKind::BTree: return "btree";
    case IndexKind::Hash: return "hash";
    case IndexKind::FullText: return "fulltext";
    case IndexKind::Bitmap: return "bitmap";
  }
  return "btree";
}

std::optional<IndexKind> ParseIndexKind(std::string_view s) {
  if (s == "btree" || s == "b-tree" || s == "b_tree") return IndexKind::BTree;
  if (s == "hash") return IndexKind::Hash;
  if (s == "fulltext" || s == "full-text" || s == "full_text" || s == "gin" || s == "inverted") return IndexKind::FullText;
  if (s == "bitmap") return IndexKind::Bitmap;
  return std::nullopt;
}

int BTreeHeight(double rows, double page_bytes, double key_bytes) {
  const double fanout = std::max(2.0, std::floor(page_bytes / (key_bytes + 8)));
  // Smallest h with B^h ≥ N, counted by multiplication (exact, no logarithms).
  int h = 1;
  double reach = fanout;
  while (reach < rows && h < 64) {
    reach *= fanout;
    ++h;
  }
  return h;
}

double ConnectionsNeeded(double rps, double query_time_s) { return rps * query_time_s; }

Expected<DbResult, InputError> AnalyzeIndex(const IndexDef& d) {
  if (!In(d.rows, 1, 1e15)) return Fail("rows", "must be between 1 and 1e15");
  if (!In(d.row_bytes, 1, 1e9)) return Fail("row_size", "must be between 1 B and 1 GB");
  if (!In(d.page_bytes, 512, 1e9)) return Fail("page_size", "must be between 512 B and 1 GB");
  if (d.row_bytes > d.page_bytes) return Fail("row_size", "must fit in one page");
  if (!In(d.key_bytes, 1, d.page_bytes / 4)) return Fail("key_size", "must be between 1 B and a quarter page");
  if (!In(d.matching_rows, 0, d.rows)) return Fail("matching", "must be between 0 and the rows");
  if (d.indexes < 0 || d.indexes > 1000) return Fail("indexes", "must be between 0 and 1000");
  if (!In(d.distinct_values, 1, d.rows)) return Fail("distinct", "must be between 1 and the rows");
  if (!In(d.random_read_s, 0, 10)) return Fail("random_read", "must be between 0 and 10 s");
  if (!In(d.sequential_bytes_per_s, 1, 1e13)) return Fail("seq_bandwidth", "must be above 0");
  DbResult r;
  r.mode = "index";
  const double rows_per_page = std::floor(d.page_bytes / d.row_bytes);
  const double table_pages = std::ceil(d.rows / rows_per_page);
  const double scan_s = table_pages * d.page_bytes / d.sequential_bytes_per_s;
  Add(r, "rows_per_page", rows_per_page, "rows", "⌊page ÷ row⌋ = ⌊" + I(d.page_bytes) + " ÷ " + I(d.row_bytes) + "⌋ = " + I(rows_per_page));
  Add(r, "scan_pages", table_pages, "pages", "full scan = ⌈N ÷ rows per page⌉ = ⌈" + I(d.rows) + " ÷ " + I(rows_per_page) + "⌉ = " + I(table_pages));
  Add(r, "scan_time", scan_s, "s", "scan pages × page ÷ sequential bandwidth = " + I(table_pages) + " × " + I(d.page_bytes) + " ÷ " + I(d.sequential_bytes_per_s) + " = " + T(scan_s));
  const double fanout = std::max(2.0, std::floor(d.page_bytes / (d.key_bytes + 8)));
  const int height = BTreeHeight(d.rows, d.page_bytes, d.key_bytes);
  const double row_pages = std::min(d.matching_rows, table_pages);
  double index_pages = 0, seq_pages = 0;
  std::string how;
  switch (d.kind) {
    case IndexKind::BTree:
      index_pages = height + row_pages;
      Add(r, "fanout", fanout, "keys", "B = ⌊page ÷ (key + 8)⌋ = ⌊" + I(d.page_bytes) + " ÷ " + I(d.key_bytes + 8) + "⌋ = " + I(fanout));
      Add(r, "height", height, "pages", "⌈log_B(N)⌉ = ⌈log_" + I(fanout) + "(" + I(d.rows) + ")⌉ = " + std::to_string(height));
      how = "height + matching rows = " + std::to_string(height) + " + " + I(row_pages);
      break;
    case IndexKind::Hash:
      index_pages = 1 + row_pages;
      how = "1 bucket page + matching rows = 1 + " + I(row_pages);
      r.notes.push_back("a hash index answers equality only: no ranges, no ORDER BY, no prefix match");
      break;
    case IndexKind::FullText: {
      const double per_page = std::floor(d.page_bytes / 8);
      const double postings = std::ceil(std::max(1.0, d.matching_rows) / per_page);
      index_pages = height + postings + row_pages;
      Add(r, "posting_pages", postings, "pages", "⌈matching ÷ (page ÷ 8 B)⌉ = ⌈" + I(d.matching_rows) + " ÷ " + I(per_page) + "⌉ = " + I(postings));
      how = "term lookup " + std::to_string(height) + " + postings " + I(postings) + " + rows " + I(row_pages);
      r.notes.push_back("a full-text (inverted) index maps each word to the rows containing it; LIKE '%word%' cannot use a B-tree");
      break;
    }
    case IndexKind::Bitmap: {
      seq_pages = std::ceil(d.rows / 8 / d.page_bytes);
      index_pages = row_pages;
      Add(r, "bitmap_pages", seq_pages, "pages", "one bitmap of N bits = ⌈" + I(d.rows) + " ÷ 8 ÷ " + I(d.page_bytes) + "⌉ = " + I(seq_pages) + " (sequential)");
      how = "bitmap " + I(seq_pages) + " sequential + matching rows " + I(row_pages) + " random";
      if (d.distinct_values > 1000)
        r.notes.push_back("a bitmap index suits low-cardinality columns; " + I(d.distinct_values) + " distinct values make it large");
      r.notes.push_back("bitmap indexes suit read-mostly analytics: an update locks and rewrites a whole bitmap segment");
      break;
    }
  }
  const double index_s = index_pages * d.random_read_s + seq_pages * d.page_bytes / d.sequential_bytes_per_s;
  Add(r, "index_pages", index_pages + seq_pages, "pages", std::string(IndexKindName(d.kind)) + " read = " + how + " = " + I(index_pages + seq_pages));
  Add(r, "index_time", index_s, "s", "random pages × " + T(d.random_read_s) + (seq_pages > 0 ? " + bitmap pages sequential" : "") + " = " + T(index_s));
  const double speedup = index_s > 0 ? scan_s / index_s : 0;
  Add(r, "speedup", speedup, "×", "scan time ÷ index time = " + T(scan_s) + " ÷ " + T(index_s) + " = " + Fmt(speedup));
  const double writes = 1 + d.indexes;
  Add(r, "page_writes_per_insert", writes, "pages", "1 table page + 1 leaf per index = 1 + " + std::to_string(d.indexes) + " = " + I(writes));
  const double index_bytes = d.rows * (d.key_bytes + 8) / 0.7;
  Add(r, "index_bytes", index_bytes, "bytes", "N × (key + 8) ÷ 70% fill = " + I(d.rows) + " × " + I(d.key_bytes + 8) + " ÷ 0.7 = " + units::FormatBytes(index_bytes));
  if (speedup < 1)
    r.notes.push_back("the query returns so many rows that a sequential scan beats random index reads (the planner would scan)");
  r.verdict = speedup >= 1 ? "the " + std::string(IndexKindName(d.kind)) + " index is " + Fmt(speedup, 3) + "× faster than a full scan"
                           : "a full scan is " + Fmt(1 / speedup, 3) + "× faster than the index for this many rows";
  return r;
}

Expected<DbResult, InputError> AnalyzeNormalization(const NormalizeDef& d) {
  if (!In(d.reads_per_s, 0, 1e12)) return Fail("reads", "must be between 0 and 1e12 per second");
  if (!In(d.writes_per_s, 0, 1e12)) return Fail("writes", "must be between 0 and 1e12 per second");
  if (d.joins < 0 || d.joins > 100) return Fail("joins", "must be between 0 and 100");
  if (d.fanout < 0 || d.fanout > 1000000) return Fail("fanout", "must be between 0 and 10^6");
  if (!In(d.op_time_s, 0, 60)) return Fail("op_time", "must be between 0 and 60 s");
  DbResult r;
  r.mode = "normalize";
  const double rn = 1 + d.joins, wd = 1 + d.fanout;
  const double norm = d.reads_per_s * rn + d.writes_per_s;
  const double denorm = d.reads_per_s + d.writes_per_s * wd;
  Add(r, "normalized_ops_per_s", norm, "/s", "reads × (1 + joins) + writes = " + I(d.reads_per_s) + " × " + I(rn) + " + " + I(d.writes_per_s) + " = " + I(norm));
  Add(r, "denormalized_ops_per_s", denorm, "/s", "reads + writes × (1 + fanout) = " + I(d.reads_per_s) + " + " + I(d.writes_per_s) + " × " + I(wd) + " = " + I(denorm));
  Add(r, "normalized_read_time", rn * d.op_time_s, "s", "(1 + joins) × op = " + I(rn) + " × " + T(d.op_time_s) + " = " + T(rn * d.op_time_s));
  Add(r, "denormalized_read_time", d.op_time_s, "s", "1 × op = " + T(d.op_time_s));
  Add(r, "normalized_write_time", d.op_time_s, "s", "1 × op = " + T(d.op_time_s));
  Add(r, "denormalized_write_time", wd * d.op_time_s, "s", "(1 + fanout) × op = " + I(wd) + " × " + T(d.op_time_s) + " = " + T(wd * d.op_time_s));
  if (d.joins > 0) {
    const double be = static_cast<double>(d.fanout) / d.joins;
    Add(r, "break_even_read_write_ratio", be, "reads/write", "fanout ÷ joins = " + std::to_string(d.fanout) + " ÷ " + std::to_string(d.joins) + " = " + Fmt(be));
  }
  r.verdict = norm <= denorm ? "normalised: " + Fmt(denorm / std::max(norm, 1e-300), 3) + "× fewer operations than denormalised"
                             : "denormalised: " + Fmt(norm / std::max(denorm, 1e-300), 3) + "× fewer operations than normalised";
  r.notes.push_back("denormalised copies can disagree until every copy is rewritten: an update anomaly to manage");
  return r;
}

Expected<DbResult, InputError> AnalyzePool(const PoolDef& d) {
  if (!In(d.rps, 0, 1e9)) return Fail("rps", "must be between 0 and 1e9 per second");
  if (!In(d.query_time_s, 1e-9, 3600)) return Fail("query_time", "must be above 0 and at most 1 h");
  if (d.instances < 1 || d.instances > 100000) return Fail("instances", "must be between 1 and 100000");
  if (d.pool_size < 1 || d.pool_size > 100000) return Fail("pool_size", "must be between 1 and 100000");
  if (d.max_connections < 1 || d.max_connections > 10000000) return Fail("max_connections", "must be between 1 and 10^7");
  if (!In(d.connect_time_s, 0, 60)) return Fail("connect_time", "must be between 0 and 60 s");
  DbResult r;
  r.mode = "pool";
  const double needed = ConnectionsNeeded(d.rps, d.query_time_s);
  const double per = needed / d.instances;
  const double total = static_cast<double>(d.instances) * d.pool_size;
  Add(r, "connections_needed", needed, "connections", "RPS × query time = " + I(d.rps) + " × " + T(d.query_time_s) + " = " + Fmt(needed) + " (Little)");
  Add(r, "needed_per_instance", per, "connections", "needed ÷ instances = " + Fmt(needed) + " ÷ " + std::to_string(d.instances) + " = " + Fmt(per));
  Add(r, "pool_connections", total, "connections", "instances × pool size = " + std::to_string(d.instances) + " × " + std::to_string(d.pool_size) + " = " + I(total));
  Add(r, "max_connections", d.max_connections, "connections", "the database's limit = " + std::to_string(d.max_connections));
  const double use = total / d.max_connections;
  Add(r, "max_connections_used", use, "fraction", "pool connections ÷ max_connections = " + I(total) + " ÷ " + std::to_string(d.max_connections) + " = " + Fmt(use));
  const double per_rps = d.rps / d.instances;
  const double mu = 1 / d.query_time_s;
  const double util = per_rps / (d.pool_size * mu);
  Add(r, "pool_utilization", util, "fraction", "ρ = (RPS ÷ instances) × query time ÷ pool = " + Fmt(per_rps) + " × " + T(d.query_time_s) + " ÷ " + std::to_string(d.pool_size) + " = " + Fmt(util));
  if (util < 1 && per_rps > 0) {
    const queue::QueueMetrics q = queue::AnalyzeMmc(per_rps, mu, d.pool_size);
    Add(r, "p_wait_for_connection", q.p_wait, "fraction", "Erlang C(c = " + std::to_string(d.pool_size) + ", a = " + Fmt(q.offered_load) + ") = " + Fmt(q.p_wait));
    Add(r, "mean_wait_for_connection", q.mean_wait_s.value_or(0), "s", "W_q = C ÷ (cμ − λ) = " + T(q.mean_wait_s.value_or(0)));
  } else if (per_rps > 0) {
    r.notes.push_back("the pool is saturated: requests queue for a connection without bound (pool utilisation " + Fmt(util, 3) + ")");
  }
  const int recommended = static_cast<int>(std::ceil(per / 0.7 - 1e-9));
  Add(r, "recommended_pool_size", std::max(1, recommended), "connections", "⌈needed per instance ÷ 70%⌉ = ⌈" + Fmt(per) + " ÷ 0.7⌉ = " + std::to_string(std::max(1, recommended)));
  Add(r, "unpooled_added_latency", d.connect_time_s, "s", "without a pool every query first opens a connection: + " + T(d.connect_time_s));
  Add(r, "unpooled_connects_per_s", d.rps, "/s", "one connection set-up per query = " + I(d.rps) + "/s");
  if (total > d.max_connections)
    r.notes.push_back("the pools can open " + I(total) + " connections but the database allows " + std::to_string(d.max_connections) + ": put a pooler (PgBouncer) in front or shrink the pools");
  if (needed > d.max_connections)
    r.notes.push_back("the load itself needs more connections than max_connections: shorten the queries or add read replicas");
  r.verdict = util >= 1 ? "pool too small: it carries " + I(d.pool_size * mu * d.instances) + " queries/s, " + I(d.rps) + " offered"
              : total > d.max_connections ? "pools exceed the database's max_connections"
                                          : "the pool fits: " + Fmt(needed) + " connections busy on average of " + I(total);
  return r;
}

Expected<DbResult, InputError> AnalyzeNPlusOne(const NPlusOneDef& d) {
  if (d.items < 0 || d.items > 10000000) return Fail("items", "must be between 0 and 10^7");
  if (!In(d.query_time_s, 0, 60)) return Fail("query_time", "must be between 0 and 60 s");
  if (d.join_time_s && !In(*d.join_time_s, 0, 3600)) return Fail("join_time", "must be between 0 and 1 h");
  if (!In(d.rps, 0, 1e9)) return Fail("rps", "must be between 0 and 1e9 per second");
  DbResult r;
  r.mode = "nplus1";
  const double n = d.items, q = d.query_time_s;
  const double join = d.join_time_s.value_or(2 * q);
  Add(r, "queries_per_request", n + 1, "queries", "1 list query + 1 per item = 1 + " + I(n) + " = " + I(n + 1));
  Add(r, "nplus1_latency", (n + 1) * q, "s", "(N + 1) × query = " + I(n + 1) + " × " + T(q) + " = " + T((n + 1) * q));
  Add(r, "batched_latency", 2 * q, "s", "2 queries (list, then WHERE id IN (...)) = 2 × " + T(q) + " = " + T(2 * q));
  Add(r, "join_latency", join, "s", "1 join query = " + T(join) + (d.join_time_s ? "" : " (2 × query time by default)"));
  Add(r, "added_latency", (n - 1) * q, "s", "N+1 − batched = (N − 1) × query = " + I(n - 1) + " × " + T(q) + " = " + T((n - 1) * q));
  Add(r, "nplus1_queries_per_s", d.rps * (n + 1), "/s", "RPS × (N + 1) = " + I(d.rps) + " × " + I(n + 1) + " = " + I(d.rps * (n + 1)));
  Add(r, "batched_queries_per_s", d.rps * 2, "/s", "RPS × 2 = " + I(d.rps * 2));
  Add(r, "db_busy_nplus1", d.rps * (n + 1) * q, "connections", "queries/s × query time = " + I(d.rps * (n + 1)) + " × " + T(q) + " = " + Fmt(d.rps * (n + 1) * q) + " connections busy (Little)");
  r.verdict = "N+1 costs " + I(n + 1) + " round trips per request where 2 would do: +" + T((n - 1) * q) + " each";
  return r;
}

Expected<DbResult, InputError> AnalyzeMatView(const MatViewDef& d) {
  if (!In(d.reads_per_s, 0, 1e9)) return Fail("reads", "must be between 0 and 1e9 per second");
  if (!In(d.query_time_s, 0, 86400)) return Fail("query_time", "must be between 0 and 1 day");
  if (!In(d.view_read_s, 0, 3600)) return Fail("view_read", "must be between 0 and 1 h");
  if (!In(d.refresh_time_s, 0, 86400)) return Fail("refresh_time", "must be between 0 and 1 day");
  if (!In(d.refresh_interval_s, 1e-3, 1e9)) return Fail("refresh_interval", "must be above 1 ms");
  DbResult r;
  r.mode = "matview";
  const double without = d.reads_per_s * d.query_time_s;
  const double refresh = d.refresh_time_s / d.refresh_interval_s;
  const double with = d.reads_per_s * d.view_read_s + refresh;
  Add(r, "busy_without", without, "s/s", "reads × query = " + I(d.reads_per_s) + " × " + T(d.query_time_s) + " = " + Fmt(without) + " s of database time per second");
  Add(r, "refresh_cost", refresh, "s/s", "refresh ÷ interval = " + T(d.refresh_time_s) + " ÷ " + T(d.refresh_interval_s) + " = " + Fmt(refresh));
  Add(r, "busy_with", with, "s/s", "reads × view read + refresh cost = " + I(d.reads_per_s) + " × " + T(d.view_read_s) + " + " + Fmt(refresh) + " = " + Fmt(with));
  Add(r, "saving", without - with, "s/s", "without − with = " + Fmt(without) + " − " + Fmt(with) + " = " + Fmt(without - with));
  Add(r, "read_latency_saved", d.query_time_s - d.view_read_s, "s", "query − view read = " + T(d.query_time_s) + " − " + T(d.view_read_s) + " = " + T(d.query_time_s - d.view_read_s));
  Add(r, "max_staleness", d.refresh_interval_s + d.refresh_time_s, "s", "interval + refresh = " + T(d.refresh_interval_s) + " + " + T(d.refresh_time_s) + " = " + T(d.refresh_interval_s + d.refresh_time_s));
  if (d.query_time_s > d.view_read_s) {
    const double be = refresh / (d.query_time_s - d.view_read_s);
    Add(r, "break_even_reads_per_s", be, "/s", "refresh cost ÷ (query − view read) = " + Fmt(refresh) + " ÷ " + T(d.query_time_s - d.view_read_s) + " = " + Fmt(be) + "/s");
  }
  r.verdict = with < without ? "the view saves " + Fmt(100 * (without - with) / std::max(without, 1e-300), 3) + "% of the database time, at up to " + T(d.refresh_interval_s + d.refresh_time_s) + " staleness"
                             : "the refresh costs more than it saves at this read rate";
  return r;
}

Expected<DbResult, InputError> AnalyzeBatching(const BatchDef& d) {
  if (!In(d.writes_per_s, 1e-9, 1e9)) return Fail("writes", "must be above 0 and at most 1e9 per second");
  if (d.batch_size < 1 || d.batch_size > 1000000) return Fail("batch_size", "must be between 1 and 10^6");
  if (!In(d.round_trip_s, 0, 60)) return Fail("round_trip", "must be between 0 and 60 s");
  if (!In(d.fsync_s, 0, 60)) return Fail("fsync", "must be between 0 and 60 s");
  if (!In(d.row_time_s, 0, 60)) return Fail("row_time", "must be between 0 and 60 s");
  DbResult r;
  r.mode = "batch";
  const double b = d.batch_size, w = d.writes_per_s;
  const double single = d.round_trip_s + d.fsync_s + d.row_time_s;
  const double batch = d.round_trip_s + d.fsync_s + b * d.row_time_s;
  Add(r, "round_trips_per_s_unbatched", w, "/s", "one per write = " + I(w));
  Add(r, "round_trips_per_s_batched", w / b, "/s", "writes ÷ b = " + I(w) + " ÷ " + I(b) + " = " + I(w / b));
  Add(r, "fsyncs_saved_per_s", w - w / b, "/s", "writes − writes ÷ b = " + I(w) + " − " + I(w / b) + " = " + I(w - w / b));
  Add(r, "cost_per_write_unbatched", single, "s", "rtt + fsync + row = " + T(d.round_trip_s) + " + " + T(d.fsync_s) + " + " + T(d.row_time_s) + " = " + T(single));
  Add(r, "cost_per_write_batched", batch / b, "s", "(rtt + fsync + b × row) ÷ b = " + T(batch) + " ÷ " + I(b) + " = " + T(batch / b));
  Add(r, "max_writes_per_s_unbatched", single > 0 ? 1 / single : 0, "/s", "one connection: 1 ÷ " + T(single) + " = " + I(single > 0 ? 1 / single : 0));
  Add(r, "max_writes_per_s_batched", batch > 0 ? b / batch : 0, "/s", "one connection: b ÷ batch time = " + I(b) + " ÷ " + T(batch) + " = " + I(batch > 0 ? b / batch : 0));
  const double fill = (b - 1) / (2 * w);
  Add(r, "mean_fill_wait", fill, "s", "(b − 1) ÷ (2 × rate) = " + I(b - 1) + " ÷ " + I(2 * w) + " = " + T(fill) + " added latency");
  Add(r, "busy_unbatched", w * single, "connections", "writes × cost = " + I(w) + " × " + T(single) + " = " + Fmt(w * single));
  Add(r, "busy_batched", w / b * batch, "connections", "(writes ÷ b) × batch time = " + I(w / b) + " × " + T(batch) + " = " + Fmt(w / b * batch));
  r.verdict = "batching " + I(b) + " writes cuts round trips and fsyncs " + I(b) + "×, adding " + T(fill) + " of mean wait";
  if (w * single > 1) r.notes.push_back("unbatched, one connection cannot keep up: " + Fmt(w * single) + " connections must write in parallel");
  return r;
}

Expected<DbResult, InputError> AnalyzePagination(const PaginateDef& d) {
  if (!In(d.rows, 1, 1e15)) return Fail("rows", "must be between 1 and 1e15");
  if (d.page_size < 1 || d.page_size > 1000000) return Fail("limit", "must be between 1 and 10^6");
  if (!In(d.page, 1, 1e15)) return Fail("page", "must be at least 1");
  if (!In(d.row_time_s, 0, 60)) return Fail("row_time", "must be between 0 and 60 s");
  if (!In(d.random_read_s, 0, 10)) return Fail("random_read", "must be between 0 and 10 s");
  if (!In(d.page_bytes, 512, 1e9)) return Fail("page_size", "must be between 512 B and 1 GB");
  if (!In(d.key_bytes, 1, d.page_bytes / 4)) return Fail("key_size", "must be between 1 B and a quarter page");
  DbResult r;
  r.mode = "paginate";
  const double s = d.page_size;
  const double last_page = std::ceil(d.rows / s);
  const double k = std::floor(d.page);
  if (k > last_page) r.notes.push_back("page " + I(k) + " is past the last page (" + I(last_page) + "): it returns nothing but OFFSET still skips every row");
  const int h = BTreeHeight(d.rows, d.page_bytes, d.key_bytes);
  const double offset_rows = std::min(d.rows, k * s);
  const double keyset_rows = std::min(d.rows, s);
  const double offset_t = h * d.random_read_s + offset_rows * d.row_time_s;
  const double keyset_t = h * d.random_read_s + keyset_rows * d.row_time_s;
  Add(r, "offset_rows_read", offset_rows, "rows", "OFFSET (k − 1) × s + s = k × s = " + I(k) + " × " + I(s) + " = " + I(offset_rows));
  Add(r, "keyset_rows_read", keyset_rows, "rows", "WHERE key > last LIMIT s: s = " + I(keyset_rows));
  Add(r, "index_height", h, "pages", "one descent of the B-tree = ⌈log_B(N)⌉ = " + std::to_string(h));
  Add(r, "offset_time", offset_t, "s", "height × random read + rows × row time = " + std::to_string(h) + " × " + T(d.random_read_s) + " + " + I(offset_rows) + " × " + T(d.row_time_s) + " = " + T(offset_t));
  Add(r, "keyset_time", keyset_t, "s", std::to_string(h) + " × " + T(d.random_read_s) + " + " + I(keyset_rows) + " × " + T(d.row_time_s) + " = " + T(keyset_t));
  Add(r, "ratio", keyset_t > 0 ? offset_t / keyset_t : 0, "×", "offset ÷ keyset = " + T(offset_t) + " ÷ " + T(keyset_t));
  const double pages_all = std::min(last_page, 1e9);
  const double offset_all = s * pages_all * (pages_all + 1) / 2;
  Add(r, "offset_rows_all_pages", offset_all, "rows", "paging through everything with OFFSET: s × P(P + 1) ÷ 2 = " + I(s) + " × " + I(pages_all) + " × " + I(pages_all + 1) + " ÷ 2 = " + I(offset_all));
  Add(r, "keyset_rows_all_pages", d.rows, "rows", "keyset: each row once = " + I(d.rows));
  r.verdict = "page " + I(k) + ": OFFSET reads " + I(offset_rows) + " rows, keyset " + I(keyset_rows);
  r.notes.push_back("keyset pagination needs a unique, indexed sort key and cannot jump to an arbitrary page number");
  return r;
}

nlohmann::json ToJson(const DbResult& r) {
  nlohmann::json j;
  j["mode"] = r.mode;
  nlohmann::json fig = nlohmann::json::object(), un = nlohmann::json::object(), fo = nlohmann::json::object();
  for (const Figure& f : r.figures) {
    fig[f.key] = JsonNumber(f.value);
    un[f.key] = f.unit;
    fo[f.key] = f.formula;
  }
  j["figures"] = fig;
  j["units"] = un;
  j["formulas"] = fo;
  j["verdict"] = r.verdict;
  j["notes"] = r.notes;
  return j;
}

}  // namespace sdlab::dbopt
