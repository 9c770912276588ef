// sdlab/storage.h — where data lives: database families, object storage tiers, block/file/object
// media, a distributed file system, batch vs stream processing, and polyglot persistence.
//
// What it models
//   Families     relational, document, key-value, columnar (wide-column / column store), graph: a
//                table of their typical CAP and PACELC stance, ACID or BASE, strengths and the
//                workloads they suit (typical defaults of well-known engines; most engines can be
//                tuned away from them). The recommender scores each family for a described workload
//                with stated points, and ranks them (ties keep the table order):
//                  joins / ad-hoc queries     relational +3, graph +1, document −1, key-value −2, columnar −1
//                  relationship traversal     graph +4, relational +1, others −1
//                  analytics (scans, aggregates) columnar +4, relational +1, key-value −2, graph −1
//                  flexible schema            document +3, key-value +2, columnar +1, relational −2
//                  evolving schema            document +1, relational −1
//                  large scale (≥ 10 TB or ≥ 10K writes/s)  key-value +2, columnar +2, document +1,
//                                             relational −2, graph −2
//                  strong consistency         relational +3, graph +1, document +1, key-value −1, columnar −2
//                  read-heavy (≥ 10 reads per write), key lookups  key-value +2, document +1
//                  write-heavy (< 1 read per write)  columnar +2, key-value +1, relational −1
//   Object tiers lifecycle cost month by month: every month `ingest` new bytes are written (one
//                cohort); a cohort's age at month t (1-based) is (t − k) months for cohort k; it sits
//                in the tier of the last lifecycle rule whose age it has reached (or the first tier),
//                and is deleted at the retention. Per month: storage per tier (bytes × $/GB-month),
//                PUTs into the first tier, lifecycle transitions per object moved, GETs per tier
//                (`first_tier_read_share` of reads to the first tier, default 90%, the rest by bytes),
//                retrieval per GB read from infrequent/archive, egress per GB, and the early-deletion
//                charge when a cohort leaves a tier before its minimum storage duration (charged for
//                the remaining days). Prices from sdlab/cost.h. The same data kept in the first tier
//                is costed alongside, so the saving of the lifecycle shows.
//   Media        block vs file vs object storage: documented typical figures (first-byte latency,
//                throughput of one stream, IOPS) and the time to read one object of a given size:
//                latency + size ÷ throughput. Typical, not measured: local NVMe 0.1 ms / 2 GB/s;
//                network block volume 0.5 ms / 250 MB/s; network file system 2 ms / 100 MB/s;
//                object storage 50 ms / 100 MB/s; archive 5 h to first byte (standard restore).
//   DFS          HDFS-style: raw = data × replication factor; blocks = files × ⌈file size ÷ block
//                size⌉; NameNode heap ≈ 150 bytes per namespace object (each file and each block,
//                the HDFS rule of thumb; block replicas not counted); per-node data = raw ÷ nodes;
//                node losses survived without data loss = replication − 1; re-replication after one
//                node is lost = data on that node ÷ ((nodes − 1) × per-node bandwidth) (every survivor
//                copies in parallel).
//   Processing   batch: events per batch = rate × interval, job time = events ÷ (workers × per-worker
//                throughput), end-to-end latency worst = interval + job time, mean = interval/2 + job
//                time, keeps up when job time ≤ interval. Stream: utilisation = rate ÷ (workers ×
//                per-worker throughput), latency = window (tumbling: worst = window, mean = window/2)
//                + per-event processing time; keeps up when utilisation < 1.
//   Polyglot     for a blueprint: every store (database, search, cache, object storage, DFS, queue,
//                stream) with its data model, family, the flows that read and write it, the average
//                rates reaching it (the estimate's reads and writes along the flows) and the access
//                pattern it serves, with the family the recommender would pick for that pattern.
// Units: sizes in bytes (GB = 10^9), times in seconds, rates per second, money in US dollars.
// Determinism: pure arithmetic; JSON numbers rounded to 9 significant digits.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/cost.h"
#include "sdlab/estimate.h"
#include "sdlab/expected.h"

namespace sdlab::storage {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct Formula {
  std::string key;
  std::string text;
};

// [SECTION] Families ------------------------------------------------------------------------------

enum class Family { Relational = 0, Document, KeyValue, Columnar, Graph };
constexpr int kFamilyCount = 5;
std::string_view FamilyName(Family f);  ///< "relational", "document", "key_value", "columnar", "graph"
/// The family a blueprint data model belongs to (wide_column and time_series → columnar).
Family FamilyOf(DataModel m);

struct FamilyProfile {
  Family family = Family::Relational;
  std::string examples;      ///< "PostgreSQL, MySQL"
  std::string cap;           ///< "CP" or "AP" (typical default under a partition)
  std::string pacelc;        ///< "PC/EC", "PA/EL", ...
  std::string transactions;  ///< "ACID" or "BASE" (with a qualifier)
  std::string strengths;
  std::vector<std::string> suits;
  std::vector<std::string> avoid;
};
const std::vector<FamilyProfile>& FamilyTable();

enum class SchemaNeed { Fixed, Evolving, Flexible };

/// A workload to place. Rates per second, sizes in bytes.
struct Workload {
  double read_write_ratio = 10;  ///< reads per write (> 0)
  bool joins = false;            ///< multi-table joins, ad-hoc queries
  bool relationships = false;    ///< traversals over many hops (friends of friends)
  bool analytics = false;        ///< scans and aggregates over many rows
  SchemaNeed schema = SchemaNeed::Fixed;
  double data_bytes = 0;
  double writes_per_s = 0;
  bool strong_consistency = false;
};

struct FamilyScore {
  Family family = Family::Relational;
  int score = 0;
  std::vector<std::string> reasons;  ///< "+3 joins: ..."
  std::string formula;               ///< "relational = +3 (joins) + 3 (strong) = 6"
};

struct FamilyRanking {
  std::vector<FamilyScore> ranked;  ///< best first
  bool large_scale = false;
  std::vector<std::string> notes;
};

Expected<FamilyRanking, InputError> RankFamilies(const Workload& w);

// [SECTION] Object storage lifecycle ------------------------------------------------------------------

struct ObjectLifecycleDef {
  double ingest_bytes_per_month = 0;   ///< new data per month (> 0)
  double object_size_bytes = 1e6;     ///< for request and transition counts (> 0)
  double reads_per_month = 0;         ///< GETs per month
  double read_size_bytes = 0;         ///< bytes per GET (default: object size when 0)
  double egress_bytes_per_month = 0;
  int months = 12;                    ///< horizon, 1 … 600
  std::optional<double> retention_s;  ///< objects deleted at this age; none = kept
  cost::Tier first_tier = cost::Tier::Standard;
  std::vector<std::pair<double, cost::Tier>> rules;  ///< (age s, tier), ages increasing, tiers colder
  double first_tier_read_share = 0.9;
  double month_s = 30 * 86400.0;
  cost::PriceTable prices;
};

struct ObjectMonth {
  int month = 0;  ///< 1-based
  std::array<double, cost::kTierCount> bytes{0, 0, 0};
  std::array<double, cost::kTierCount> storage_cost{0, 0, 0};
  double put_cost = 0, get_cost = 0, transition_cost = 0, retrieval_cost = 0, early_deletion_cost = 0,
         egress_cost = 0;
  double total = 0;
  double first_tier_only_total = 0;  ///< the same month with every byte kept in the first tier
};

struct ObjectLifecycleResult {
  std::vector<ObjectMonth> months;
  double total = 0;                  ///< over the horizon
  double first_tier_only_total = 0;  ///< over the horizon, no lifecycle
  double saving = 0;                 ///< first_tier_only_total − total
  std::vector<Formula> formulas;     ///< for the last month's lines and the totals
  std::vector<std::string> notes;
};

Expected<ObjectLifecycleResult, InputError> CostObjectLifecycle(const ObjectLifecycleDef& def);

// [SECTION] Block, file, object media ------------------------------------------------------------------

struct MediumProfile {
  std::string medium;       ///< "local_nvme", "network_block", "network_file", "object", "archive"
  std::string kind;         ///< "block", "file", "object"
  double first_byte_s = 0;  ///< typical
  double throughput_bytes_per_s = 0;  ///< one stream, typical
  std::string iops;         ///< typical, in words
  std::string access;       ///< how it is addressed
  std::string suits;
};
const std::vector<MediumProfile>& MediumTable();

struct MediumRead {
  std::string medium;
  double read_s = 0;
  std::string formula;
};
/// Time to read one object of `size_bytes` from each medium. size 0 … 1 TB.
Expected<std::vector<MediumRead>, InputError> ReadTimes(double size_bytes);

// [SECTION] Distributed file system -----------------------------------------------------------------------

struct DfsDef {
  double data_bytes = 0;               ///< logical data (one copy), > 0
  double file_size_bytes = 128e6;      ///< average file size, > 0
  double block_size_bytes = 128.0 * 1024 * 1024;  ///< 128 MiB (HDFS default)
  int replication = 3;                 ///< 1 … 10
  int nodes = 10;                      ///< data nodes, 1 … 100000
  double node_bandwidth_bytes_per_s = 100e6;  ///< re-replication bandwidth per node
  double bytes_per_namespace_object = 150;
};

struct DfsResult {
  double raw_bytes = 0;
  double files = 0;
  double blocks_per_file = 0;
  double blocks = 0;
  double block_replicas = 0;
  double namespace_objects = 0;
  double namenode_memory_bytes = 0;
  double per_node_bytes = 0;
  int node_losses_tolerated = 0;
  std::optional<double> rereplication_s;  ///< empty with one node (nowhere to copy to)
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<DfsResult, InputError> AnalyzeDfs(const DfsDef& def);

// [SECTION] Batch vs stream processing ---------------------------------------------------------------------

struct ProcessingDef {
  double events_per_s = 0;            ///< > 0
  double event_size_bytes = 1000;
  double batch_interval_s = 3600;     ///< batch: time between runs
  double window_s = 60;               ///< stream: tumbling window
  double per_worker_events_per_s = 10000;  ///< throughput of one worker
  int workers = 1;
  double per_event_s = 0.005;         ///< stream: processing time of one event
  double batch_startup_s = 60;        ///< batch: job start-up (scheduling, containers)
};

struct ProcessingResult {
  double events_per_batch = 0;
  double bytes_per_batch = 0;
  double batch_job_s = 0;
  double batch_latency_worst_s = 0, batch_latency_mean_s = 0;
  bool batch_keeps_up = true;
  double stream_utilization = 0;
  double stream_latency_worst_s = 0, stream_latency_mean_s = 0;
  bool stream_keeps_up = true;
  std::string recommendation;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<ProcessingResult, InputError> CompareProcessing(const ProcessingDef& def);

// [SECTION] Polyglot persistence ------------------------------------------------------------------------

struct StoreRole {
  std::string component;
  std::string kind;
  std::string family;                  ///< for databases/search; "" otherwise
  std::vector<std::string> read_flows, write_flows;
  double read_rps = 0, write_rps = 0;  ///< average, along the flows
  std::string access;                  ///< declared access ("hot", ...) or ""
  std::string pattern;                 ///< the access pattern it serves, in words
  std::string suggestion;              ///< what the recommender would use for it, with why
};

struct PolyglotPlan {
  std::vector<StoreRole> stores;
  std::vector<std::string> notes;
};

PolyglotPlan PlanPolyglot(const Blueprint& bp, const Estimate* estimate);

// [SECTION] JSON -----------------------------------------------------------------------------------------

nlohmann::json ToJson(const FamilyRanking& r);
nlohmann::json FamilyTableJson();
nlohmann::json ToJson(const ObjectLifecycleResult& r);
nlohmann::json ToJson(const std::vector<MediumRead>& r, double size_bytes);
nlohmann::json ToJson(const DfsResult& r);
nlohmann::json ToJson(const ProcessingResult& r);
nlohmann::json ToJson(const PolyglotPlan& p);

}  // namespace sdlab::storage
