// `sdlab model dbopt --mode index|normalize|pool|nplus1|matview|batch|paginate`: what an index, a
// join, a connection pool, an N+1 query, a materialized view, a batch or a page costs. Flags that do
// not belong to the chosen mode are ignored; every mode has defaults (see sdlab/dbopt.h).
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/dbopt.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct DbArgs {
  std::string format, mode;
  // quantities as text (units)
  std::string rows, row_size, page_size, key_size, matching, kind, distinct, random_read, seq_bandwidth;
  std::string reads, writes, op_time, rps, query_time, connect_time, join_time, view_read, refresh_time,
      refresh_interval, round_trip, fsync, row_time, page;
  int indexes = -1, joins = -1, fanout = -1, instances = 0, pool_size = 0, max_connections = 0, items = -1,
      batch_size = 0, limit = 0;
};

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(30) << name << value << "\n";
}

std::string Value(const dbopt::Figure& f) {
  if (f.unit == "s") return units::FormatDuration(f.value, 4);
  if (f.unit == "bytes") return units::FormatBytes(f.value);
  if (f.unit == "/s") return units::FormatRate(f.value, 4);
  if (f.unit == "fraction") return units::FormatPercent(f.value, 4);
  return units::FormatNumber(f.value, 6) + (f.unit.empty() ? "" : " " + f.unit);
}

}  // namespace

void AddModelDbOptCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<DbArgs>();
  CLI::App* cmd = model.add_subcommand(
      "dbopt", "Database optimisation: --mode index|normalize|pool|nplus1|matview|batch|paginate");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "index, normalize, pool, nplus1, matview, batch or paginate")->required();
  cmd->add_option("--rows", a->rows, "index/paginate: rows in the table (default 1M)");
  cmd->add_option("--row-size", a->row_size, "index: bytes per row (default 200B)");
  cmd->add_option("--page-size", a->page_size, "index/paginate: storage page (default 8KiB = 8192B)");
  cmd->add_option("--key-size", a->key_size, "index/paginate: indexed key (default 16B)");
  cmd->add_option("--matching", a->matching, "index: rows the query returns (default 1)");
  cmd->add_option("--kind", a->kind, "index: btree (default), hash, fulltext, bitmap");
  cmd->add_option("--indexes", a->indexes, "index: indexes on the table (default 1)")->check(CLI::Range(0, 1000));
  cmd->add_option("--distinct", a->distinct, "index (bitmap): distinct values (default 10)");
  cmd->add_option("--random-read", a->random_read, "index/paginate: one random page read (default 100us)");
  cmd->add_option("--seq-bandwidth", a->seq_bandwidth, "index: sequential read bytes per second (default 500MB)");
  cmd->add_option("--reads", a->reads, "normalize/matview: reads, e.g. 1000/s");
  cmd->add_option("--writes", a->writes, "normalize/batch: writes, e.g. 100/s");
  cmd->add_option("--joins", a->joins, "normalize: tables a normalised read joins (default 3)")->check(CLI::Range(0, 100));
  cmd->add_option("--fanout", a->fanout, "normalize: copies a denormalised update rewrites (default 10)")
      ->check(CLI::Range(0, 1000000));
  cmd->add_option("--op-time", a->op_time, "normalize: one row lookup or write (default 0.5ms)");
  cmd->add_option("--rps", a->rps, "pool/nplus1: requests (queries) per second");
  cmd->add_option("--query-time", a->query_time, "pool/nplus1/matview: one query's time");
  cmd->add_option("--instances", a->instances, "pool: service instances, each with a pool (default 1)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--pool-size", a->pool_size, "pool: connections per instance (default 10)")->check(CLI::Range(1, 100000));
  cmd->add_option("--max-connections", a->max_connections, "pool: the database's max_connections (default 100)")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--connect-time", a->connect_time, "pool: opening a connection (default 5ms)");
  cmd->add_option("--items", a->items, "nplus1: items in the list (default 20)")->check(CLI::Range(0, 10000000));
  cmd->add_option("--join-time", a->join_time, "nplus1: the single join query (default 2 × query time)");
  cmd->add_option("--view-read", a->view_read, "matview: reading the view (default 1ms)");
  cmd->add_option("--refresh-time", a->refresh_time, "matview: one refresh (default 2s)");
  cmd->add_option("--refresh-interval", a->refresh_interval, "matview: time between refreshes (default 1min)");
  cmd->add_option("--batch-size", a->batch_size, "batch: writes per batch (default 100)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--round-trip", a->round_trip, "batch: network round trip (default 1ms)");
  cmd->add_option("--fsync", a->fsync, "batch: one commit flush (default 2ms)");
  cmd->add_option("--row-time", a->row_time, "batch/paginate: per-row work (batch 20us, paginate 1us)");
  cmd->add_option("--page", a->page, "paginate: page number k, 1-based (default 1000)");
  cmd->add_option("--limit", a->limit, "paginate: rows per page (default 20)")->check(CLI::Range(1, 1000000));
  cmd->callback([a, &ctx] {
    bool ok = true;
    auto fail = [&ctx, &ok](const std::string& msg) {
      ctx.err << "sdlab model dbopt: " << msg << "\n";
      ctx.exit_code = kExitInput;
      ok = false;
    };
    // Readers: leave `out` unchanged when the flag is absent.
    auto dur = [&](const char* flag, const std::string& t, double& out) {
      if (t.empty() || !ok) return;
      auto v = units::ParseDuration(t);
      if (!v) return fail(std::string(flag) + ": " + v.error().Message());
      out = *v;
    };
    auto bytes = [&](const char* flag, const std::string& t, double& out) {
      if (t.empty() || !ok) return;
      auto v = units::ParseBytes(t);
      if (!v) return fail(std::string(flag) + ": " + v.error().Message());
      out = *v;
    };
    auto count = [&](const char* flag, const std::string& t, double& out) {
      if (t.empty() || !ok) return;
      auto v = units::ParseCount(t);
      if (!v) return fail(std::string(flag) + ": " + v.error().Message());
      out = *v;
    };
    auto rate = [&](const char* flag, const std::string& t, double& out) {
      if (t.empty() || !ok) return;
      auto r = units::ParseRate(t);
      if (r) {
        out = *r;
        return;
      }
      auto c = units::ParseCount(t);
      if (!c) return fail(std::string(flag) + ": " + r.error().Message());
      out = *c;
    };
    Expected<dbopt::DbResult, dbopt::InputError> result = Unexpected(dbopt::InputError{"mode", "unknown"});
    const std::string& m = a->mode;
    if (m == "index") {
      dbopt::IndexDef d;
      if (!a->kind.empty()) {
        auto k = dbopt::ParseIndexKind(a->kind);
        if (!k) return fail("--kind: expected btree, hash, fulltext or bitmap");
        d.kind = *k;
      }
      count("--rows", a->rows, d.rows);
      bytes("--row-size", a->row_size, d.row_bytes);
      bytes("--page-size", a->page_size, d.page_bytes);
      bytes("--key-size", a->key_size, d.key_bytes);
      count("--matching", a->matching, d.matching_rows);
      count("--distinct", a->distinct, d.distinct_values);
      dur("--random-read", a->random_read, d.random_read_s);
      bytes("--seq-bandwidth", a->seq_bandwidth, d.sequential_bytes_per_s);
      if (a->indexes >= 0) d.indexes = a->indexes;
      if (!ok) return;
      result = dbopt::AnalyzeIndex(d);
    } else if (m == "normalize" || m == "normalise") {
      dbopt::NormalizeDef d;
      rate("--reads", a->reads, d.reads_per_s);
      rate("--writes", a->writes, d.writes_per_s);
      dur("--op-time", a->op_time, d.op_time_s);
      if (a->joins >= 0) d.joins = a->joins;
      if (a->fanout >= 0) d.fanout = a->fanout;
      if (!ok) return;
      result = dbopt::AnalyzeNormalization(d);
    } else if (m == "pool") {
      dbopt::PoolDef d;
      rate("--rps", a->rps, d.rps);
      dur("--query-time", a->query_time, d.query_time_s);
      dur("--connect-time", a->connect_time, d.connect_time_s);
      if (a->instances > 0) d.instances = a->instances;
      if (a->pool_size > 0) d.pool_size = a->pool_size;
      if (a->max_connections > 0) d.max_connections = a->max_connections;
      if (!ok) return;
      result = dbopt::AnalyzePool(d);
    } else if (m == "nplus1" || m == "n+1" || m == "n_plus_one") {
      dbopt::NPlusOneDef d;
      rate("--rps", a->rps, d.rps);
      dur("--query-time", a->query_time, d.query_time_s);
      double join = -1;
      dur("--join-time", a->join_time, join);
      if (join >= 0) d.join_time_s = join;
      if (a->items >= 0) d.items = a->items;
      if (!ok) return;
      result = dbopt::AnalyzeNPlusOne(d);
    } else if (m == "matview") {
      dbopt::MatViewDef d;
      rate("--reads", a->reads, d.reads_per_s);
      dur("--query-time", a->query_time, d.query_time_s);
      dur("--view-read", a->view_read, d.view_read_s);
      dur("--refresh-time", a->refresh_time, d.refresh_time_s);
      dur("--refresh-interval", a->refresh_interval, d.refresh_interval_s);
      if (!ok) return;
      result = dbopt::AnalyzeMatView(d);
    } else if (m == "batch") {
      dbopt::BatchDef d;
      rate("--writes", a->writes, d.writes_per_s);
      dur("--round-trip", a->round_trip, d.round_trip_s);
      dur("--fsync", a->fsync, d.fsync_s);
      dur("--row-time", a->row_time, d.row_time_s);
      if (a->batch_size > 0) d.batch_size = a->batch_size;
      if (!ok) return;
      result = dbopt::AnalyzeBatching(d);
    } else if (m == "paginate") {
      dbopt::PaginateDef d;
      count("--rows", a->rows, d.rows);
      count("--page", a->page, d.page);
      dur("--row-time", a->row_time, d.row_time_s);
      dur("--random-read", a->random_read, d.random_read_s);
      bytes("--page-size", a->page_size, d.page_bytes);
      bytes("--key-size", a->key_size, d.key_bytes);
      if (a->limit > 0) d.page_size = a->limit;
      if (!ok) return;
      result = dbopt::AnalyzePagination(d);
    } else {
      return fail("--mode: expected index, normalize, pool, nplus1, matview, batch or paginate");
    }
    if (!result) {
      std::string flag = result.error().field;
      for (char& c : flag)
        if (c == '_') c = '-';
      return fail("--" + flag + ": " + result.error().message);
    }
    if (a->format == "json") {
      PrintJson(ctx.out, dbopt::ToJson(*result));
      return;
    }
    ctx.out << "dbopt " << result->mode << ": " << result->verdict << "\n";
    for (const auto& f : result->figures) Row(ctx.out, f.key, Value(f));
    ctx.out << "\nformulas\n";
    for (const auto& f : result->figures) ctx.out << "  " << f.key << ": " << f.formula << "\n";
    if (!result->notes.empty()) {
      ctx.out << "\nnotes\n";
      for (const auto& n : result->notes) ctx.out << "  - " << n << "\n";
    }
  });
}

}  // namespace sdlab::cli
