// web/labs.h — the playground's labs: one core model at a time, with sliders, plots and the formulas.
//
// A lab replaces the Estimator panel's region while it is open (Labs menu in the menu bar; "Back to
// the estimator" closes it). Each lab lives in its own file web/lab_<name>.cpp and has three parts:
//   inputs     plain fields in the units a person thinks in (documented below), changed by widgets;
//   Compute…   calls the core with those inputs and stores the results (no ImGui, no model logic of
//              its own: every figure comes from core/include/sdlab/<area>.h);
//   Draw…Lab   the panel: the inputs with teaching tooltips, plots drawn with ImDrawList
//              (web/lab_plot.h) and the figures with their formulas on hover. The two or three lines
//              that explain the model sit in the lab table of web/labs.cpp (drawn above the lab).
// Inputs are recomputed on change. Long updates (the cache lab's curves, the shard lab's comparison
// of every scheme, the balance lab's seven strategies) are cut into jobs run a few milliseconds per
// frame (LabProgress), so the page stays responsive while the figures fill in.
//
// Determinism: every simulation has a fixed seed shown in the lab; the same inputs give the same
// figures as `sdlab model <area>` with the same flags. compute_ms (wall time of the last update,
// measured in the page) is the only figure that varies between runs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/balance.h"
#include "sdlab/blueprint.h"
#include "sdlab/reliability.h"
#include "sdlab/cache.h"
#include "sdlab/concurrency.h"
#include "sdlab/dbopt.h"
#include "sdlab/queue.h"
#include "sdlab/replication.h"
#include "sdlab/shard.h"
#include "sdlab/slo.h"
#include "sdlab/cost.h"
#include "sdlab/storage.h"
#include "sdlab/network.h"
#include "sdlab/realtime.h"
#include "sdlab/serialization.h"

namespace sdlab::web {

struct PlaygroundState;

/// The lab names, in menu order: "cache", "shard", "queue", "replication", "balance", "security", "availability".
std::vector<std::string_view> LabNames();

// [SECTION] Work spread over frames ----------------------------------------------------------------

/// An update whose work is cut into jobs run over several frames, a few milliseconds per frame, so
/// the page stays responsive while a lab computes (RunLabJobs in web/lab_widgets.h drives it).
struct LabProgress {
  std::size_t next = 0;       ///< next job
  std::size_t count = 0;      ///< jobs in the current update
  double compute_ms = 0;      ///< wall time of the last completed update (all its jobs)
  double max_slice_ms = 0;    ///< its longest single-frame slice
  int updates = 0;            ///< completed updates
  double running_ms = 0;      ///< of the update in progress
  double running_max_ms = 0;
  bool Pending() const { return next < count; }
};
/// Starts an update of `count` jobs after `begin_ms` of work done at once (finished when count = 0).
void StartLabJobs(LabProgress& p, std::size_t count, double begin_ms);

// [SECTION] Cache lab ------------------------------------------------------------------------------

/// Eviction policies on one Zipf workload: hit ratio vs cache size for every policy in
/// cache::Policies(), next to Che's LRU approximation and the FIFO/RANDOM approximation.
/// Policies that cannot run on a synthetic trace without a clock (server models that need a request
/// rate) are listed in `skipped` with the core's reason.
struct CacheLab {
  // Inputs
  std::string policy = "lru";     ///< the policy described in detail (a name from cache::Policies())
  int capacity = 500;             ///< cache size in objects (unit-size objects)
  double alpha = 0.9;             ///< Zipf exponent of popularity
  int objects = 5000;             ///< N objects in the catalogue (≤ 10 000)
  int requests = 50000;           ///< requests in the trace (≤ 100 000); the first 10% warm the cache
  int seed = 1;                   ///< workload seed (and RANDOM eviction's)
  // Results
  std::vector<std::uint64_t> sizes;            ///< x of the curves: log-spaced sizes from N/200 to N
  std::vector<cache::HitRatioCurve> curves;    ///< simulated, in Policies() order, filled size by size
  std::vector<cache::HitRatioCurve> analytic;  ///< che_lru, fifo_approx, top_c over `sizes`
  std::vector<cache::SimulationResult> at_capacity;  ///< every policy at `capacity`
  std::optional<cache::AnalyticPoint> che, fifo_approx, top_c;  ///< at `capacity`
  std::vector<std::string> skipped;            ///< "name: reason" of policies the lab cannot run
  std::string error;
  // Real server view: textbook LRU next to Redis allkeys-lru (sampled, 1 s LRU clock) on the same
  // workload at request rates from 10/s to 1M/s; `rate` is the one marked and tabled.
  bool server_view = false;
  double rate = 100000;           ///< requests/s
  std::vector<cache::RateComparison> server;   ///< at kServerRates (lab_cache.cpp), for `server_key`
  std::string server_key;         ///< the inputs `server` was computed from
  std::string server_error;
  double server_ms = 0;           ///< wall time of the last comparison
  LabProgress points;             ///< the figures at `capacity`: one policy per job, then the analytic point
  LabProgress curves_progress;    ///< the curves: one (policy, size) per job, the analytic ones first
  // Bookkeeping
  bool dirty = true;
  std::optional<cache::Trace> trace;
  cache::Popularity popularity;   ///< Zipf(α) over N, for the analytic models
  std::string trace_key;          ///< the inputs `trace`, `sizes` and the curves were made from
};
/// Starts an update: a new trace and curves when N, α, requests or the seed changed; the figures
/// at `capacity` always. The jobs run in RunCacheLabJobs.
void BeginCacheLabUpdate(CacheLab& lab);
/// Runs the update's jobs for about `budget_ms` of wall time (at least one job). True when done.
bool RunCacheLabJobs(CacheLab& lab, double budget_ms);

// [SECTION] Shard lab ------------------------------------------------------------------------------

/// Placement schemes: per-node load and the keys moved when a node is added or removed.
struct ShardLab {
  // Inputs
  std::string scheme = "ring";    ///< a name from shard::Schemes()
  int nodes = 4;                  ///< nodes now (after the last add/remove)
  int vnodes = 16;                ///< ring/bounded: virtual nodes per node
  int keys = 20000;               ///< uniform random keys placed
  int change = 0;                 ///< the last button: +1 added a node, −1 removed one, 0 none yet
  // Results
  std::optional<shard::ShardAnalysis> analysis;  ///< from nodes − change with add/remove = |change|
  std::optional<shard::RingSnapshot> ring;       ///< ring/bounded only
  std::vector<std::pair<std::string, double>> moved_by_scheme;  ///< every scheme's moved fraction for the same change
  std::string error;
  LabProgress progress;           ///< the scheme's own analysis at once, then one other scheme per job
  bool dirty = true;
};
void BeginShardLabUpdate(ShardLab& lab);
bool RunShardLabJobs(ShardLab& lab, double budget_ms);

// [SECTION] Queue lab ------------------------------------------------------------------------------

/// M/M/c (Erlang C) and a burst through a broker (shard-free queue mode) with delivery outcomes.
struct QueueLab {
  // Inputs
  double arrival_rate = 300;      ///< λ, requests/s
  double service_rate = 100;      ///< μ, completions/s per server
  int servers = 4;                ///< c
  double burst_multiplier = 2;    ///< burst rate = multiplier × λ while a burst is on
  double on_s = 5;                ///< burst length, s
  double off_s = 10;              ///< gap between bursts, s
  double duration_s = 60;         ///< producers send for this long (then the backlog drains)
  std::string delivery = "at_least_once";  ///< at_most_once | at_least_once | exactly_once
  double failure_probability = 0.01;       ///< a processing attempt fails
  double crash_rate_per_s = 0.01;          ///< each consumer crashes at this rate
  int seed = 1;
  // Results
  std::optional<queue::QueueMetrics> metrics;        ///< M/M/c at λ, μ, c
  std::vector<queue::ErlangCPoint> curve;            ///< mean wait vs utilisation for c, μ
  std::optional<queue::BrokerResult> broker;         ///< the burst simulation
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeQueueLab(QueueLab& lab);

// [SECTION] Replication lab ------------------------------------------------------------------------

/// Leaderless N/R/W quorums with PBS staleness, and a leader failover with async replication.
struct ReplicationLab {
  // Inputs
  int n = 3, r = 1, w = 1;        ///< replicas, read quorum, write quorum
  std::string profile = "lnkd-ssd";  ///< PBS latency profile (replication::WarsProfileNames())
  double node_availability = 0.99;   ///< each replica up with this probability
  int trials = 20000;             ///< PBS Monte Carlo writes
  int seed = 1;
  std::string sync = "async";     ///< leader-follower: sync | semi_sync | async
  double mean_lag_s = 0.1;        ///< async follower lag (exponential mean)
  double write_rate = 100;        ///< writes/s
  int followers = 2;
  // Results
  std::optional<replication::QuorumResult> quorum;
  std::optional<replication::PbsSummary> pbs;    ///< with its P(consistent) vs t curve
  std::optional<replication::LeaderFollowerResult> failover;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeReplicationLab(ReplicationLab& lab);

// [SECTION] Load-balancing lab ---------------------------------------------------------------------

/// Every strategy on the same arrivals and service draws (common random numbers), one slow backend.
struct BalanceLab {
  // Inputs
  int backends = 4;
  double utilization = 0.8;       ///< offered λ / (backends × μ) at speed 1
  double service_rate = 100;      ///< μ per backend, requests/s
  double slow_factor = 1;         ///< backend 0 is this many times slower (1 = none)
  int requests = 10000;
  int seed = 1;
  // Results
  std::vector<balance::BalanceResult> results;   ///< in balance::AllStrategies() order, one per job
  std::string error;
  LabProgress progress;           ///< one strategy per job (the same seed: common random numbers)
  bool dirty = true;
};
void BeginBalanceLabUpdate(BalanceLab& lab);
bool RunBalanceLabJobs(BalanceLab& lab, double budget_ms);

// [SECTION] Security lab ----------------------------------------------------------------------------

/// The loaded design's security policies toggled on a copy: its security findings and security area
/// score (score::ScoreBlueprint) next to the design as loaded (web/lab_security.cpp).
struct SecurityLab {
  // Inputs: read from the design when it changes, then toggled
  std::string links = "as_designed";    ///< as_designed | tls1.3 | mtls | plaintext (every link)
  std::string at_rest = "as_designed";  ///< as_designed | encrypted | plaintext (every store)
  bool waf = false;
  bool rate_limit = false;
  double rate_limit_per_s = 20;         ///< per client at the edge
  std::string authz;                    ///< "" | rbac | abac | dac | mac
  std::string secrets;                  ///< "" | vault | kms | env | plaintext
  std::string password_hashing;         ///< "" | argon2id | bcrypt | sha256 | plaintext
  bool zero_trust = false;
  bool monitoring = false;
  // Results
  struct Scores {
    int security = 100;   ///< the security area, 0..100
    int overall = 100;
    std::string formula;  ///< the security area's "100 − ..." formula
  };
  struct Finding {
    std::string rule, severity, focus, message;
  };
  std::optional<Scores> score, baseline;  ///< with the toggles / as loaded
  std::vector<Finding> findings, baseline_findings;  ///< unsuppressed, security area only
  std::string design_name;
  std::string error;
  int source_generation = -1;  ///< PlaygroundState::blueprint_generation the toggles were read from
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
/// The design with the lab's toggles applied ("as_designed" leaves links / stores as they are).
Blueprint ApplySecurityToggles(const SecurityLab& lab, Blueprint bp);
/// Scores the toggled copy; a new `generation` first reads the toggles from the design.
void ComputeSecurityLab(SecurityLab& lab, const std::optional<Blueprint>& design, int generation);

// [SECTION] Availability lab ------------------------------------------------------------------------

/// Nines and composition: serial parts, a parallel group and a k-of-n group in series
/// (reliability::Compose), with the downtime per month and year (web/lab_availability.cpp).
struct AvailabilityLab {
  // Inputs (availabilities in nines: A = 1 − 10^(−nines))
  int serial_parts = 3;
  double serial_nines = 3;     ///< each serial part
  int parallel_nodes = 2;
  double parallel_nines = 2;   ///< each parallel node
  bool use_k_of_n = true;
  int k = 2, n = 3;
  double k_of_n_nines = 2;     ///< each node of the k-of-n group
  // Results
  std::optional<reliability::CompositionResult> result;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeAvailabilityLab(AvailabilityLab& lab);

// [SECTION] Storage lab -------------------------------------------------------------------------------

/// Object-storage lifecycle cost month by month and an HDFS-style DFS (web/lab_storage.cpp).
struct StorageLab {
  // Inputs
  double ingest_tb_per_month = 10;   ///< new data per month, TB
  int infrequent_after_days = 30;    ///< 0 = no rule
  int archive_after_days = 90;       ///< 0 = no rule
  int months = 24;
  double reads_millions_per_month = 10;
  double object_size_mb = 1;
  double dfs_data_tb = 1000;
  int dfs_block_mib = 128;
  int dfs_replication = 3;
  double dfs_file_size_mb = 1000;
  int dfs_nodes = 100;
  // Results
  std::optional<storage::ObjectLifecycleResult> object;
  std::optional<storage::DfsResult> dfs;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeStorageLab(StorageLab& lab);

// [SECTION] Cost lab -----------------------------------------------------------------------------------

/// The loaded design's monthly cost per component with price sliders (web/lab_cost.cpp).
struct CostLab {
  // Inputs: read from the design's prices when it changes, then moved
  double vcpu_hour = 0.04;
  double memory_gb_hour = 0.005;
  double block_gb_month = 0.10;
  double egress_gb = 0.09;
  // Results
  std::optional<cost::CostResult> result;
  std::string design_name;
  std::string error;
  int source_generation = -1;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeCostLab(CostLab& lab, const std::optional<Blueprint>& design, int generation);

// [SECTION] Network, real-time and serialization labs --------------------------------------------------

/// One request's time to first byte by its parts (network::Path), the RTT from a distance
/// (web/lab_network.cpp).
struct NetworkLab {
  // Inputs
  double distance_km = 5600;      ///< client to server; RTT = 2 × km × 1.3 / 200 000 km/s
  std::string tls = "1.3";        ///< none | 1.2 | 1.2-resumed | 1.3 | 1.3-0rtt
  std::string http = "2";         ///< 1.1 | 2 | 3
  bool new_connection = true;
  bool gateway = false;           ///< an API gateway in the path
  double dns_ms = 0;
  double server_ms = 20;
  double response_kb = 50;
  // Results
  std::optional<network::GeoResult> geo;
  std::optional<network::PathResult> path;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeNetworkLab(NetworkLab& lab);

/// Fan-out of updates by short polling, long polling, SSE and WebSocket (web/lab_realtime.cpp).
struct RealtimeLab {
  // Inputs
  double subscribers = 10000;
  double updates_per_min = 6;     ///< per subscriber
  double message_bytes = 200;
  double poll_interval_s = 5;
  // Results
  std::optional<realtime::FanoutResult> result;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeRealtimeLab(RealtimeLab& lab);

/// One record in JSON, Protobuf, Avro and MessagePack (web/lab_serialization.cpp).
struct SerializationLab {
  // Inputs
  int ints = 4, doubles = 2, bools = 2, strings = 4;
  int string_length = 20;
  int key_length = 10;
  int records = 1;
  double messages_per_s = 1000;
  // Results
  std::optional<serialization::SerializationResult> result;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeSerializationLab(SerializationLab& lab);

// [SECTION] Concurrency lab ------------------------------------------------------------------------

/// Thread per request vs thread pool vs event loop at one rate (Little's law, the caps), and a
/// Universal Scalability Law fit: "measured" points made from λ, α, β with seeded noise, fitted back.
struct ConcurrencyLab {
  // Inputs
  double rps = 500;              ///< offered requests/s
  double cpu_ms = 2;             ///< CPU per request
  double blocking_ms = 48;       ///< I/O wait per request
  int cores = 4;
  int threads = 20;              ///< pool size
  double usl_lambda = 1000;      ///< X(1) of the synthetic measurements, /s
  double usl_alpha = 0.05;       ///< contention
  double usl_beta = 0.0002;      ///< coherency
  double noise = 0.02;           ///< ± relative noise on each measured point (seeded)
  int seed = 1;
  // Results
  std::vector<concurrency::ServerMetrics> models;  ///< thread_per_request, thread_pool, event_loop
  std::vector<concurrency::UslPoint> measured;
  std::optional<concurrency::UslFit> fit;
  std::vector<concurrency::UslPoint> curve;        ///< the fitted curve
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeConcurrencyLab(ConcurrencyLab& lab);

// [SECTION] Database optimisation lab ----------------------------------------------------------------

/// Every dbopt calculator on shared inputs; one shown in detail; OFFSET vs keyset cost over pages.
struct DbOptLab {
  // Inputs
  std::string mode = "pool";     ///< index | normalize | pool | nplus1 | matview | batch | paginate
  double rows = 1e6;
  double rps = 200;              ///< queries (requests) per second
  double query_ms = 50;          ///< one query's time (pool, N+1)
  int pool_size = 10;
  int instances = 1;
  int max_connections = 100;
  int items = 20;                ///< N+1 list length
  int batch_size = 100;
  double page = 1000;            ///< paginate: page k
  // Results
  std::vector<dbopt::DbResult> results;   ///< one per mode, in the mode list order
  std::vector<std::pair<double, double>> offset_ms, keyset_ms;  ///< (page, ms) over pages
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeDbOptLab(DbOptLab& lab);

// [SECTION] SLO lab ----------------------------------------------------------------------------------

/// An error budget burned by a background error rate and one incident (plot), burn-rate alerts, and
/// lognormal percentiles with a fan-out of k.
struct SloLab {
  // Inputs
  double slo = 0.999;
  double window_days = 30;
  double background_rate = 0.0002;   ///< error rate outside the incident
  double incident_rate = 0.05;
  double incident_day = 10;          ///< incident start, days into the window
  double incident_hours = 6;
  double p50_ms = 20, p99_ms = 200;
  int fan_out = 10;
  // Results
  std::optional<slo::BudgetResult> budget;      ///< at the background rate
  std::optional<slo::BudgetResult> incident;    ///< at the incident rate (alerts)
  std::vector<slo::BurnPoint> series;
  std::optional<double> exhausted_at_s;
  std::optional<slo::LatencyResult> latency;
  std::string error;
  double compute_ms = 0;
  int updates = 0;
  bool dirty = true;
};
void ComputeSloLab(SloLab& lab);

// [SECTION] All labs ---------------------------------------------------------------------------------

/// Every lab's inputs and last results (PlaygroundState::labs).
struct LabsState {
  CacheLab cache;
  ShardLab shard;
  QueueLab queue;
  ReplicationLab replication;
  BalanceLab balance;
  SecurityLab security;
  AvailabilityLab availability;
  StorageLab storage;
  CostLab cost;
  NetworkLab network;
  RealtimeLab realtime;
  SerializationLab serialization;
  ConcurrencyLab concurrency;
  DbOptLab dbopt;
  SloLab slo;
};

/// The "Labs" menu of the main menu bar (between BeginMainMenuBar and EndMainMenuBar).
void DrawLabsMenu(PlaygroundState& s);
/// The open lab (s.active_lab) in the given region; nothing when no lab is open.
void DrawLabPanel(PlaygroundState& s, float x, float y, float w, float h);

void DrawCacheLab(PlaygroundState& s);
void DrawShardLab(PlaygroundState& s);
void DrawQueueLab(PlaygroundState& s);
void DrawReplicationLab(PlaygroundState& s);
void DrawBalanceLab(PlaygroundState& s);
void DrawSecurityLab(PlaygroundState& s);
void DrawAvailabilityLab(PlaygroundState& s);
void DrawStorageLab(PlaygroundState& s);
void DrawCostLab(PlaygroundState& s);
void DrawNetworkLab(PlaygroundState& s);
void DrawConcurrencyLab(PlaygroundState& s);
void DrawDbOptLab(PlaygroundState& s);
void DrawSloLab(PlaygroundState& s);
void DrawRealtimeLab(PlaygroundState& s);
void DrawSerializationLab(PlaygroundState& s);
nlohmann::json StorageLabJson(const StorageLab& lab);
nlohmann::json CostLabJson(const CostLab& lab);
nlohmann::json NetworkLabJson(const NetworkLab& lab);
nlohmann::json ConcurrencyLabJson(const ConcurrencyLab& lab);
nlohmann::json DbOptLabJson(const DbOptLab& lab);
nlohmann::json SloLabJson(const SloLab& lab);
nlohmann::json RealtimeLabJson(const RealtimeLab& lab);
nlohmann::json SerializationLabJson(const SerializationLab& lab);
/// The security and availability labs' inputs and results (in LabsToJson).
nlohmann::json SecurityLabJson(const SecurityLab& lab);
nlohmann::json AvailabilityLabJson(const AvailabilityLab& lab);

/// Every lab's inputs and key results (finite numbers only), for tests and the page's JS:
/// {active_lab, cache {...}, shard {...}, queue {...}, replication {...}, balance {...}}.
nlohmann::json LabsToJson(const PlaygroundState& s);

}  // namespace sdlab::web
