// sdlab/dbopt.h — database optimisation: what an index, a join, a pool, a batch or a page costs.
//
// What it models (one calculator per technique; every figure carries its formula):
//   index       reading `matching` rows of a table of N rows, with and without an index:
//                 full scan    ⌈N ÷ rows per page⌉ pages read sequentially;
//                 B-tree       height ⌈log_B(N)⌉ page reads (B = page ÷ (key + 8-byte pointer)) plus one
//                              random page per matching row (a secondary, non-clustered index);
//                 hash         one bucket page plus the rows (equality only, no ranges or ordering);
//                 full-text    term lookup (B-tree height) + the posting list (8 bytes per entry) + rows;
//                 bitmap       one bitmap of N bits per distinct value read sequentially + the rows
//                              (low-cardinality columns, read-mostly tables);
//               and the write amplification: every row write also writes one leaf page per index
//               (page writes per insert = 1 + indexes).
//   normalize   normalised reads join `joins` extra tables (1 + joins row lookups per read, one write per
//               update); denormalised reads touch one row but an update rewrites `fanout` copies:
//               ops/s = reads × (1 + joins) + writes vs reads + writes × (1 + fanout); break-even
//               read:write ratio = fanout ÷ joins.
//   pool        connections needed = RPS × query time (Little's law; 200/s × 50 ms = 10), against the
//               pool (instances × pool size) and the database's max_connections; the wait for a
//               connection is M/M/c with c = pool size per instance (sdlab/queue.h); without a pool every
//               request pays the connection set-up.
//   nplus1      a list of N items fetched with one query plus one per item: (N + 1) round trips vs
//               2 batched (WHERE id IN (...)) or 1 join; the latency added and the queries/s.
//   matview     an expensive query answered from a materialized view refreshed every interval:
//               database busy time per second reads × query vs reads × view read + refresh ÷ interval;
//               the staleness it buys.
//   batch       writes grouped b at a time: round trips and fsyncs per second ÷ b, per-write cost
//               (rtt + fsync + b × row) ÷ b, and the mean wait to fill a batch (b − 1) ÷ (2 × rate).
//   paginate    page k of size s: OFFSET reads and discards (k − 1) × s rows before the page (cost grows
//               with k); keyset (WHERE key > last ORDER BY key LIMIT s) descends the index once.
// Assumptions: a page read from storage costs `random_read` (SSD ≈ 100 µs) when random and
// page ÷ sequential bandwidth (500 MB/s) when sequential; nothing is cached unless stated. Defaults
// are listed with each definition.
//
// Units: times in seconds, sizes in bytes, rates per second. JSON: figures, formulas, notes; numbers
// rounded to 9 significant digits, never NaN/inf.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::dbopt {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;  ///< "rows: must be at least 1"
};

/// One computed figure with its unit and its formula (numbers filled in).
struct Figure {
  std::string key;      ///< snake_case JSON key
  double value = 0;
  std::string unit;     ///< "s", "pages", "rows", "/s", "bytes", "" ...
  std::string formula;
};

/// What a calculator returns: its figures in a fixed order, and plain-sentence notes.
struct DbResult {
  std::string mode;                 ///< "index", "normalize", ...
  std::vector<Figure> figures;
  std::vector<std::string> notes;
  std::string verdict;              ///< one line: what wins and by how much
  const Figure* Find(std::string_view key) const;
  double Value(std::string_view key) const;  ///< 0 when absent
};

enum class IndexKind { BTree, Hash, FullText, Bitmap };
std::string_view IndexKindName(IndexKind k);  ///< "btree", "hash", "fulltext", "bitmap"
std::optional<IndexKind> ParseIndexKind(std::string_view s);

struct IndexDef {
  IndexKind kind = IndexKind::BTree;
  double rows = 1e6;              ///< N rows in the table
  double row_bytes = 200;
  double page_bytes = 8192;
  double key_bytes = 16;          ///< indexed key size
  double matching_rows = 1;       ///< rows the query returns
  int indexes = 1;                ///< indexes on the table (write amplification)
  double distinct_values = 10;    ///< bitmap: distinct values of the column
  double random_read_s = 1e-4;    ///< one random page read
  double sequential_bytes_per_s = 500e6;
};
Expected<DbResult, InputError> AnalyzeIndex(const IndexDef& d);

struct NormalizeDef {
  double reads_per_s = 1000;
  double writes_per_s = 100;
  int joins = 3;                  ///< extra tables a normalised read joins
  int fanout = 10;                ///< denormalised copies an update rewrites
  double op_time_s = 0.0005;      ///< one indexed row lookup or row write
};
Expected<DbResult, InputError> AnalyzeNormalization(const NormalizeDef& d);

struct PoolDef {
  double rps = 200;               ///< queries/s from all instances
  double query_time_s = 0.05;     ///< a connection is held this long per query
  int instances = 1;              ///< service instances, each with its own pool
  int pool_size = 10;             ///< connections per instance
  int max_connections = 100;      ///< the database's limit
  double connect_time_s = 0.005;  ///< TCP + TLS + auth when opening a connection (no pool)
};
Expected<DbResult, InputError> AnalyzePool(const PoolDef& d);

struct NPlusOneDef {
  int items = 20;                 ///< N items in the list
  double query_time_s = 0.001;    ///< one round trip + execution
  std::optional<double> join_time_s;  ///< the single join query (default 2 × query time)
  double rps = 100;               ///< requests/s that load the list
};
Expected<DbResult, InputError> AnalyzeNPlusOne(const NPlusOneDef& d);

struct MatViewDef {
  double reads_per_s = 50;
  double query_time_s = 0.2;      ///< the expensive query (aggregate, joins)
  double view_read_s = 0.001;     ///< reading the precomputed answer
  double refresh_time_s = 2;      ///< recomputing the view
  double refresh_interval_s = 60;
};
Expected<DbResult, InputError> AnalyzeMatView(const MatViewDef& d);

struct BatchDef {
  double writes_per_s = 1000;
  int batch_size = 100;
  double round_trip_s = 0.001;
  double fsync_s = 0.002;         ///< one commit's durable flush
  double row_time_s = 0.00002;    ///< per-row work in the database
};
Expected<DbResult, InputError> AnalyzeBatching(const BatchDef& d);

struct PaginateDef {
  double rows = 1e6;
  int page_size = 20;
  double page = 1000;             ///< k, 1-based
  double row_time_s = 1e-6;       ///< reading one index entry/row in memory
  double random_read_s = 1e-4;    ///< one index page read (descent)
  double page_bytes = 8192;
  double key_bytes = 16;
};
Expected<DbResult, InputError> AnalyzePagination(const PaginateDef& d);

/// B-tree fan-out B = ⌊page ÷ (key + 8)⌋ and height ⌈log_B(N)⌉ (≥ 1).
int BTreeHeight(double rows, double page_bytes, double key_bytes);
/// Connections needed by Little's law: RPS × query time.
double ConnectionsNeeded(double rps, double query_time_s);

/// {mode, figures: {key: value}, units: {key: unit}, formulas: {key: text}, verdict, notes}.
nlohmann::json ToJson(const DbResult& r);

}  // namespace sdlab::dbopt
