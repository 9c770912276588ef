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
#include "sdlab/cache.h"
#include "sdlab/queue.h"
#include "sdlab/replication.h"
#include "sdlab/shard.h"

namespace sdlab::web {

struct PlaygroundState;

/// The lab names, in menu order: "cache", "shard", "queue", "replication", "balance".
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

// [SECTION] All labs ---------------------------------------------------------------------------------

/// Every lab's inputs and last results (PlaygroundState::labs).
struct LabsState {
  CacheLab cache;
  ShardLab shard;
  QueueLab queue;
  ReplicationLab replication;
  BalanceLab balance;
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

/// Every lab's inputs and key results (finite numbers only), for tests and the page's JS:
/// {active_lab, cache {...}, shard {...}, queue {...}, replication {...}, balance {...}}.
nlohmann::json LabsToJson(const PlaygroundState& s);

}  // namespace sdlab::web
