// sdlab/sim.h — discrete-event simulation of a whole design: requests through the component graph.
//
// What it models
//   Requests are generated per flow (Blueprint::flows) at share × the estimate's peak read or write
//   rate (or a total rate you give), and follow their path component by component:
//     client          no cost; the client's access network is not modelled (its links cost
//                     NetworkDef::client_s one way unless the link states a latency).
//     dns             a resolver-cache hit (hit_ratio, default 95%) costs nothing; a miss costs the
//                     lookup (latency, default 20 ms). The request always continues.
//     cdn, cache      a read hits with the component's hit ratio (declared, else the cache model's
//                     estimate, sdlab::cache::AssessCache; CDN default 90%) and is answered there;
//                     a miss goes on. Writes pass through. With serve_stale, a read that misses while
//                     the next component is unavailable (circuit open, no healthy replica, no leader)
//                     is answered stale from the cache (graceful degradation).
//     load balancer   picks the replica of the next component by its strategy (round robin, smooth
//                     weighted round robin with equal weights, least connections, IP hash, least
//                     response time (EWMA × (open + 1)), power of two choices, random; ties at
//                     random). Without a load balancer in front, replicas are picked round robin.
//     services        every component with a capacity is a set of replicas, each a FCFS multi-server
//                     queue: servers c = ⌈capacity_rps × latency_s⌉ (at least 1) of mean service time
//                     latency_s (1/capacity_rps when no latency is given, then c = 1). So a replica is
//                     an M/M/c-like station whose capacity c/latency_s is capacity_rps (rounded up to
//                     whole servers). Service time: exponential (default), lognormal with a cv,
//                     constant, or measured percentiles (piecewise-linear quantile function with an
//                     exponential tail fitted to the last two points). A component without a capacity
//                     is a pure delay (infinite servers) of its latency (default 1 ms; 20 ms for
//                     object storage and DFS; 2 ms for queues and streams).
//     databases       keys are spread uniformly over `shards` (1 if not sharded). Shard s is held by
//                     the replica set {(s·stride + j) mod R}: leader-follower and none use sets of
//                     1 + followers nodes (stride = set size), leaderless uses n ring successors
//                     (stride = max(1, R/shards)). Leader-follower: writes go to the shard's leader,
//                     then are applied on each follower (same service time); sync waits for every
//                     follower's ack, semi-sync for the first, async for none. Reads go to the leader,
//                     or to any member with read_from_replicas. Multi-leader: writes to any member,
//                     applied asynchronously on the others. Leaderless: writes go to all n and wait
//                     for w acks, reads to r members and wait for all r. Replication lag = time from
//                     the leader's commit to the follower's apply (+ the declared lag for async).
//     queues/streams  in an async flow the client is answered once the broker accepted the message;
//                     the rest of the path runs in the background (no client timeout) and its
//                     latency is reported separately. Consumers' waiting messages are the backlog.
//   Network: each hop costs one-way latency by link (stated latency_s), else by zones: same zone
//   0.25 ms, zones of one region (or no region) 1 ms, different regions 35 ms; components with no
//   zone are taken to be in the zone of their peer. TLS: a share of requests (new connections, 5%)
//   pays the handshake on each TLS hop: round trips (TLS 1.2: 2, TLS 1.3 and mTLS: 1) × 2 × one-way
//   + crypto time (0.5 ms; mTLS 1 ms). The response travels back over the same hops.
//   Client behaviour: every attempt has a timeout (default 2 s); failed attempts (timeout, shed,
//   no healthy replica, circuit open, no leader, quorum unavailable) are retried up to max_retries
//   times with exponential backoff and jitter; abandoned work stays queued (so retries can storm)
//   unless load shedding drops expired work. Circuit breakers (per component, caller side) open on
//   a failure share over a window, fail fast while open, and let probes through half-open.
//   Failures: replica or component crash (queued and in-service work is lost; with health checks the
//   load balancers stop routing to it after interval × unhealthy threshold, without them it stays in
//   rotation and swallows requests until they time out), leader failover after failover_s (default
//   30 s), network partition between zones or regions (hops across black-hole), latency injection,
//   slow replica (service time × factor), traffic spike (every flow's entry rate × factor, on top of
//   the profile; a declared spike counts in the request budget, not in the memory bound). Failures
//   are declared before the run (SimDef::faults) or injected while it runs (Simulation::Inject).
//   Autoscaling (components with autoscale): target tracking every interval: desired replicas =
//   ⌈active × utilisation / target⌉ within [min, max]; scale-out after a cooldown, ready after the
//   provisioning delay; scale-in drains replicas (no new work) and removes them when empty.
//   Profiles: load (steady), stress (rate ramps in 1-interval steps from 0.25× to 1.5× the design's
//   saturation rate), spike (× multiplier for a window), endurance (long run; stateful components
//   — databases, caches, search, storage — slow down linearly as their data grows, default +50%/h).
//   Arrivals: Poisson, or bursty (a two-state Markov-modulated Poisson process: bursts at
//   burst_factor × the mean rate for burst_fraction of the time, exponential sojourns).
//
// Engine: a calendar queue of events ordered by (time, key) (sim/event_queue.h); requests and jobs
// are pooled slots addressed by ids with generation counters (no pointers), so memory follows the
// requests in flight, not the run length. Only arrivals at queueing components (and databases) and
// service completions are events: a pure delay or pass-through hop (DNS, CDN, a component without a
// capacity) has no state a request waits on, so its outcome (replica, down or not, delay, hit or
// miss) is decided when the request is sent to it, and a chain of such hops costs no event. A fault
// that starts while a request is on the wire to such a hop does not affect that request (with
// circuit breakers on, every hop waits for the arrival, as breakers change state by the outcome).
// Every queue is bounded (queue_limit per replica), every request has a deadline, so in-flight work
// is bounded. Percentiles come from log-bucketed histograms with 64 buckets per power of two
// (relative error ≤ 0.78%).
//
// Limits: PlanRun estimates requests, events and memory before a run; a run over the budget
// (SimBudget) is refused (an explicit duration), or shortened (the profile's default duration).
// Determinism: all randomness from sdlab::Rng streams seeded by `seed`; log/exp via DetLog/DetExp;
// no clock, no globals. Same seed → same bytes, natively and in WebAssembly.
// Units: times in seconds (JSON: _s, or _ms where stated), rates per second, fractions 0..1.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"

namespace sdlab::sim {

/// Why a simulation cannot run ("fail": "unknown component 'dbb'").
struct SimError {
  std::string field;    ///< the input at fault: "duration", "fail", "budget", "blueprint", ...
  std::string message;
  std::string Message() const;  ///< "fail: unknown component 'dbb'"
};

// [SECTION] Definitions -------------------------------------------------------------------------------

enum class LoadProfile { Load, Stress, Spike, Endurance };
enum class ArrivalProcess { Poisson, Bursty };
enum class ServiceShape { Exponential, Lognormal, Constant, Percentiles };

std::string_view LoadProfileName(LoadProfile p);        ///< "load", "stress", "spike", "endurance"
std::optional<LoadProfile> ParseLoadProfile(std::string_view s);
std::string_view ArrivalProcessName(ArrivalProcess a);  ///< "poisson", "bursty"
std::optional<ArrivalProcess> ParseArrivalProcess(std::string_view s);

/// A service-time distribution. The mean comes from the component (latency_s or 1/capacity_rps),
/// except for Percentiles, whose points are absolute.
struct ServiceTimeDef {
  ServiceShape shape = ServiceShape::Exponential;
  double cv = 1.0;  ///< lognormal: coefficient of variation (> 0)
  /// Percentiles: (quantile in (0,1), seconds), strictly increasing in both; at least two points.
  std::vector<std::pair<double, double>> percentiles;
};
/// "exponential" | "exp" | "constant" | "lognormal[:cv=X]" | "p50=10ms,p99=80ms[,...]".
Expected<ServiceTimeDef, SimError> ParseServiceTime(std::string_view text);
/// Mean of the distribution for a component whose mean service time is `mean_s`.
double ServiceMean(const ServiceTimeDef& def, double mean_s);

enum class FaultKind { Crash, Partition, Latency, Slow, Spike };

/// One injected failure. Written (see ParseFault):
///   COMPONENT[/REPLICA]@T[:for=D]                 crash (all replicas when REPLICA is absent)
///   COMPONENT[/REPLICA]@T[:for=D]:latency=DUR     added one-way latency into it
///   COMPONENT[/REPLICA]@T[:for=D]:slow=FACTOR     service time × factor
///   partition:A,B@T[:for=D]                       zones (or regions) A and B cannot reach each other
///   spike:FACTOR@T[:for=D]                        every flow's entry rate × factor (on top of the profile)
/// Without `for` the failure lasts to the end of the run.
struct FaultDef {
  FaultKind kind = FaultKind::Crash;
  std::string component;          ///< component id (not for partitions and spikes)
  int replica = -1;               ///< replica index, -1 = every replica
  std::string side_a, side_b;     ///< partition: zone ids or region names
  double at_s = 0;
  std::optional<double> for_s;
  double latency_s = 0;           ///< Latency
  double slow_factor = 1;         ///< Slow (> 0)
  double rate_factor = 1;         ///< Spike (> 0; below 1 is a dip)
  std::string text;               ///< as written
};
Expected<FaultDef, SimError> ParseFault(std::string_view text);

struct RetryDef {
  int max_retries = 2;            ///< attempts after the first (0 = no retries)
  double backoff_base_s = 0.1;    ///< delay before retry k (k = 1, 2, ...): base × multiplier^(k−1)
  double backoff_multiplier = 2;
  double backoff_max_s = 5;
  bool jitter = true;             ///< "equal jitter": delay × U(0.5, 1)
};

struct CircuitBreakerDef {
  bool enabled = false;
  double failure_threshold = 0.5; ///< open when failures ≥ threshold × calls in a window...
  int min_calls = 20;             ///< ...of at least this many calls
  double window_s = 5;            ///< tumbling window
  double open_s = 5;              ///< stay open this long, then half-open
  double probe_fraction = 0.1;    ///< half-open: share of calls let through
};

struct LoadSheddingDef {
  bool enabled = false;
  int max_waiting_per_server = 4; ///< reject new work when waiting ≥ this × servers of the replica
  bool drop_expired = true;       ///< skip queued work whose request already gave up
};

struct AutoscaleDef {
  double target_utilization = 0;  ///< 0 = the requirements' target_utilization
  double interval_s = 5;          ///< evaluation period (utilisation averaged over it)
  double cooldown_s = 30;         ///< between scale-outs; scale-in waits 2 × cooldown
  double provisioning_s = 20;     ///< a new replica serves after this delay
};

struct HealthCheckDef {
  double interval_s = 5;
  int unhealthy_threshold = 3;    ///< failed checks before removal
  int healthy_threshold = 2;      ///< passed checks before re-admission
};

struct NetworkDef {
  double same_zone_s = 0.00025;   ///< one way
  double cross_zone_s = 0.001;
  double cross_region_s = 0.035;
  double client_s = 0;            ///< client access links without a stated latency
  double new_connection_fraction = 0.05;  ///< requests that pay a TLS handshake on each TLS hop whose link leaves connection_reuse unstated (false: all, with TCP's RTT; true: none; HTTP/3: one RTT)
  double tls_crypto_s = 0.0005;
  double mtls_crypto_s = 0.001;
};

/// Limits checked before a run (PlanRun). A run over any of them is refused, never attempted.
struct SimBudget {
  double max_requests = 1e6;          ///< requests generated over the run (expected value)
  double max_events = 4e7;            ///< events processed (estimate; also a hard stop at 2×)
  double max_memory_bytes = 256e6;    ///< upper bound of the engine's memory (pools, queues, timeline)
};

struct SimDef {
  /// Simulated time. Unset: 60 s (600 s for endurance), shortened (to whole tenths of a second) to
  /// fit the request and event budgets.
  std::optional<double> duration_s;
  double warmup_s = 0;                ///< left out of the summary figures (not the timeline)
  std::uint64_t seed = 1;
  LoadProfile profile = LoadProfile::Load;
  /// Total entry rate (all flows' first hops, reads + writes) at multiplier 1. Unset: the
  /// estimate's peak reads + peak writes.
  std::optional<double> rate_rps;
  ArrivalProcess arrivals = ArrivalProcess::Poisson;
  double burst_factor = 3;            ///< bursty: rate in a burst ÷ mean rate (burst_factor × fraction < 1)
  double burst_fraction = 0.2;        ///< bursty: share of time in bursts
  double burst_length_s = 2;          ///< bursty: mean burst length
  double spike_multiplier = 4;        ///< spike: rate × this during the spike
  std::optional<double> spike_start_s;     ///< default: duration / 3
  std::optional<double> spike_duration_s;  ///< default: duration / 6
  double stress_from = 0.25;          ///< stress: start at this × saturation rate...
  double stress_to = 1.5;             ///< ...and end at this × saturation rate
  double endurance_slowdown_per_hour = 0.5;  ///< endurance: stateful service time grows by this per hour
  double timeout_s = 2;               ///< per attempt, client side
  double background_timeout_s = 300;  ///< async work still unfinished after this is counted lost
  RetryDef retry;
  CircuitBreakerDef breaker;
  LoadSheddingDef shedding;
  bool serve_stale = true;
  AutoscaleDef autoscale;
  HealthCheckDef health;
  NetworkDef network;
  int queue_limit = 4096;             ///< most waiting jobs per replica (beyond: rejected)
  ServiceTimeDef service;             ///< for every component...
  std::vector<std::pair<std::string, ServiceTimeDef>> service_overrides;  ///< ...except these ids
  std::vector<FaultDef> faults;
  double sample_interval_s = 1;       ///< timeline resolution
  std::size_t max_event_log = 1000;   ///< events kept in the log (later ones are counted only)
  SimBudget budget;
};

/// What a run will cost, known before it starts.
struct RunPlan {
  double duration_s = 0;
  bool duration_shortened = false;    ///< the default duration was cut to fit the request budget
  double base_rate_rps = 0;           ///< entry rate at multiplier 1
  double mean_rate_rps = 0;           ///< averaged over the profile
  double saturation_rps = 0;          ///< entry rate at which the bottleneck reaches utilisation 1 (0 = none)
  std::string bottleneck;             ///< its component id
  double expected_requests = 0;
  double expected_events = 0;
  double memory_bound_bytes = 0;
  std::vector<std::pair<std::string, std::string>> formulas;  ///< (key, text with numbers)
  std::vector<std::string> notes;
};
/// Checks the definition against the blueprint and the budget. Errors name the flag to change.
Expected<RunPlan, SimError> PlanRun(const Blueprint& bp, const SimDef& def);

// [SECTION] Results -----------------------------------------------------------------------------------

struct LatencySummary {
  std::uint64_t count = 0;
  double mean_s = 0, p50_s = 0, p95_s = 0, p99_s = 0, p999_s = 0, max_s = 0;
};

struct ComponentResult {
  std::string id;
  std::string kind;
  bool queueing = false;              ///< has servers (a capacity) rather than being a pure delay
  int replicas = 0;                   ///< at the start
  int replicas_final = 0;             ///< active at the end
  int replicas_max = 0;               ///< most active at once
  int servers_per_replica = 0;        ///< 0 for pure delays
  double service_time_s = 0;          ///< mean
  double capacity_rps = 0;            ///< per replica: servers / service time (0 for pure delays)
  std::uint64_t arrivals = 0;         ///< jobs admitted (or passed, for delays)
  std::uint64_t completions = 0;
  std::uint64_t rejected = 0;         ///< turned away: queue full or shed
  std::uint64_t lost = 0;             ///< dropped by a crash, a partition or a dead replica
  double throughput_rps = 0;
  double utilization = 0;             ///< busy server time ÷ available server time
  double mean_queue_length = 0;       ///< waiting jobs, time average over all replicas
  double max_queue_length = 0;        ///< most waiting jobs at once (all replicas)
  double mean_in_system = 0;          ///< L: waiting + in service, time average
  double littles_lambda_w = 0;        ///< λ × W from completions: equals L up to edge effects
  LatencySummary response;            ///< time in the component (wait + service)
  std::optional<double> mmc_mean_response_s;  ///< Erlang C at the measured arrival rate (stable only)
  std::optional<double> hit_ratio;    ///< dns, cdn, cache: measured
  std::uint64_t stale_served = 0;
  std::optional<LatencySummary> replication_lag;
  std::optional<double> backlog;      ///< queue/stream: mean waiting at its consumers
  int circuit_opens = 0;
};

struct FlowResult {
  std::string id;
  std::string kind;                   ///< "read" or "write"
  bool async = false;
  double offered_rps = 0;             ///< at multiplier 1
  std::uint64_t arrivals = 0, succeeded = 0, failed = 0, timeouts = 0;
  double error_rate = 0;
  double throughput_rps = 0;
  LatencySummary latency;             ///< as the client sees it (first attempt → answer)
  std::optional<LatencySummary> background;  ///< async: first attempt → end of the path
  std::uint64_t background_lost = 0;
};

/// One point per sample interval; per-component series are parallel to `t_s`.
struct ComponentSeries {
  std::vector<double> utilization, queue_length, in_system, replicas, throughput_rps;
  std::vector<double> hit_ratio;            ///< dns/cdn/cache only
  std::vector<double> replication_lag_s;    ///< replicated databases only: max lag applied in the interval
};
struct FlowSeries {
  std::vector<double> throughput_rps, p99_s;
};
struct Timeline {
  std::vector<double> t_s;            ///< interval end
  std::vector<double> offered_rps, attempts_rps, throughput_rps, error_rate, timeout_rate;
  std::vector<double> p50_s, p95_s, p99_s, p999_s;
  std::vector<double> in_flight;
  std::vector<ComponentSeries> components;  ///< parallel to SimResult::components
  std::vector<FlowSeries> flows;            ///< parallel to SimResult::flows
};

/// Something that happened during the run ("failover" at 42.1 s).
struct SimEvent {
  double t_s = 0;
  std::string kind;       ///< crash, recover, detected_down, detected_up, failover, failover_failed,
                          ///< scale_out, replica_ready, scale_in, circuit_open, circuit_half_open,
                          ///< circuit_close, partition_start, partition_end, latency_start,
                          ///< latency_end, slow_start, slow_end, spike_start, spike_end
  std::string component;  ///< "" for run-wide events
  int replica = -1;
  std::string detail;
};

struct SimResult {
  std::string name;
  std::uint64_t seed = 0;
  int replication = 0;
  std::string profile, arrivals;
  double duration_s = 0, warmup_s = 0, measured_s = 0, end_s = 0;
  double base_rate_rps = 0, saturation_rps = 0;
  std::string bottleneck;
  std::uint64_t arrivals_count = 0;   ///< requests generated (after warm-up)
  std::uint64_t attempts = 0, retries = 0, succeeded = 0, failed = 0, timeouts = 0;
  std::uint64_t errors_shed = 0, errors_no_replica = 0, errors_circuit_open = 0, errors_no_leader = 0,
                errors_quorum = 0;    ///< failed attempts by cause (timeouts counted in `timeouts_attempts`)
  std::uint64_t timeouts_attempts = 0;
  std::uint64_t stale_served = 0;
  std::uint64_t in_flight_end = 0;    ///< requests unanswered when the run stopped (not in latency)
  std::uint64_t background_in_flight_end = 0;  ///< answered async requests whose background part was unfinished
  std::uint64_t memory_guard_rejected = 0;
  LatencySummary latency;             ///< every successful request, all flows
  double throughput_rps = 0;          ///< successful requests per second
  double error_rate = 0;              ///< failed ÷ finished requests (after retries)
  double timeout_rate = 0;            ///< requests whose last attempt timed out ÷ finished
  std::vector<FlowResult> flows;
  std::vector<ComponentResult> components;
  std::vector<SimEvent> events;
  std::uint64_t events_not_logged = 0;
  Timeline timeline;
  std::uint64_t events_processed = 0;
  std::uint64_t peak_requests_in_flight = 0, peak_jobs = 0;
  bool truncated = false;             ///< stopped by the hard event cap (2 × budget)
  double memory_bound_bytes = 0;
  std::vector<std::pair<std::string, std::string>> formulas;
  std::vector<std::string> notes;
};

// [SECTION] The simulation ----------------------------------------------------------------------------

class Engine;  // core/src/sim

/// A run that can be advanced in slices (for a progress bar, or one slice per frame in the web):
///   auto sim = Simulation::Create(bp, def);            // checks and plans; no events yet
///   while (!sim->Finished()) sim->Advance(sim->Now() + 1.0);
///   SimResult r = sim->Result();
class Simulation {
 public:
  /// `replication` i > 0 runs an independent seed derived from def.seed and i (0 uses def.seed).
  static Expected<Simulation, SimError> Create(const Blueprint& bp, const SimDef& def, int replication = 0);
  Simulation(Simulation&&) noexcept;
  Simulation& operator=(Simulation&&) noexcept;
  ~Simulation();

  /// Processes events up to simulated time `until_s` (clamped to the end) or `max_events` events,
  /// whichever comes first. Returns true while the run is not finished.
  bool Advance(double until_s, std::uint64_t max_events = UINT64_MAX);
  bool Finished() const;
  double Now() const;
  double EndTime() const;
  double Progress() const;            ///< Now() / EndTime(), 0..1
  const RunPlan& Plan() const;
  /// The time series so far (one point per completed sample interval).
  const Timeline& TimelineSoFar() const;
  std::uint64_t EventsProcessed() const;
  /// Figures so far (final once Finished()).
  SimResult Result() const;
  /// Adds a failure to the run while it is under way (a button in the playground), as if it had
  /// been in SimDef::faults. It must start at or after Now() and before EndTime(); it is checked like
  /// a declared one (component, replica, zones). Returns the time it starts. When it starts after
  /// Now(), the figures are those of a run with the fault declared up front (events of equal time
  /// are ordered by kind and ids, never by when they were scheduled), except that a spike is not in
  /// the run's plan (expected requests), made before it.
  Expected<double, SimError> Inject(const FaultDef& fault);

 private:
  explicit Simulation(std::unique_ptr<Engine> engine);
  std::unique_ptr<Engine> engine_;
};

/// Mean with a two-sided 95% Student-t confidence interval over independent replications.
struct Interval {
  double mean = 0, low = 0, high = 0;
};
struct ReplicationSummary {
  int count = 0;
  std::vector<std::uint64_t> seeds;
  std::vector<std::pair<std::string, Interval>> metrics;  ///< key → interval, keys as in JSON
};
/// Confidence intervals of the headline figures (latency mean/p50/p95/p99/p999 in ms, throughput,
/// error and timeout rates) and of each component's utilisation and mean response.
ReplicationSummary SummarizeReplications(const std::vector<SimResult>& runs);
/// Two-sided 95% Student-t quantile for `df` degrees of freedom (1.96 for large df).
double StudentT95(int df);

/// The seed replication i of a run uses.
std::uint64_t ReplicationSeed(std::uint64_t seed, int replication);

struct SimReport {
  SimResult result;                            ///< replication 0 (the seed as given)
  std::optional<ReplicationSummary> replications;  ///< when more than one
};
/// Runs `replications` independent replications to the end (no slicing) and summarises them.
Expected<SimReport, SimError> RunSimulation(const Blueprint& bp, const SimDef& def, int replications = 1);

/// JSON (snake_case keys, numbers rounded to 6 significant digits, never NaN/inf): latency_ms
/// {p50,p95,p99,p999,mean,max}, throughput_rps, error_rate, timeout_rate, requests {...}, flows {id:
/// {...}}, components {id: {utilization, queue_length, ...}}, events [...], replications {...},
/// engine {...}, formulas {...}, notes [...]; timeline {...} when `timeline` is true.
nlohmann::json ToJson(const SimResult& r, bool timeline, const ReplicationSummary* replications = nullptr);
nlohmann::json ToJson(const SimReport& report, bool timeline);

}  // namespace sdlab::sim
