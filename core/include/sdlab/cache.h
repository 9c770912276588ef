// sdlab/cache.h — caching: eviction policies simulated on workloads and traces, analytic hit-ratio
// models, write strategies, and the assessment of a blueprint's cache component.
//
// What is modelled
//   - One cache of a given capacity serving a request stream. A request for a cached object is a
//     hit; otherwise it is a miss and the object is inserted (evicting others as the policy says).
//     An object larger than the whole capacity is never admitted (a miss, nothing evicted).
//   - Eviction policies as one family (EvictionPolicy, one name→factory table, Policies()):
//     lru, fifo, lfu, random, clock, sieve, arc, s3fifo and belady (offline optimum, a bound);
//     TTL expiry can be combined with any of them (PolicyDef::ttl).
//   - Models of real servers in the same family, which need a clock (PolicyInfo::needs_clock):
//     redis-lru / redis-lfu (Redis allkeys-lru / allkeys-lfu: sampled eviction with a 16-entry
//     pool, a 1 s LRU clock, a logarithmic 8-bit LFU counter), redis-volatile-lru /
//     redis-volatile-lfu (only keys with an expire are evicted), and memcached (its segmented
//     HOT/WARM/COLD LRU). See [SECTION] Models of real servers.
//   - Workloads: the independent reference model (IRM: every request draws an object independently)
//     with Zipf(α) popularity over N objects, uniform popularity (α = 0), optional sequential scans
//     of never-seen objects mixed in; or a replayed trace (libCacheSim oracleGeneral binary, or a
//     CSV/plain list of keys).
//   - Analytic models under IRM: Che's approximation for LRU, the FIFO/RANDOM approximation, and
//     the optimal static (top-C) hit ratio; LRU hit-ratio curves for every size in one pass (stack
//     distances, Mattson et al. 1970).
//   - Write strategies (cache-aside, read-through, write-through, write-back, write-around): backend
//     load, latency, staleness window and the data at risk when a cache node dies.
//
// Units and conventions
//   - Capacity is in "size units": objects when every object has size 1 (unit sizes, or sizes
//     ignored), bytes otherwise. Results say which (capacity_unit).
//   - Time for TTL is in ticks: the request index for synthetic workloads, the trace's own timestamps
//     (seconds in oracleGeneral) for replayed traces.
//   - The clock of the server models is in seconds: a workload with a request rate R (requests/s)
//     puts request i at i / R s; a trace's timestamps are read as seconds.
//   - The characteristic time T of Che's approximation is in requests.
//   - Rates are per second, latencies in seconds, sizes in bytes.
//
// Determinism: all randomness comes from sdlab::Rng built from a seed; the same inputs give the same
// results (and the same JSON bytes) natively and in WebAssembly.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"
#include "sdlab/random.h"

namespace sdlab::cache {

/// Why a cache model could not run (bad parameter, unreadable trace, unknown policy name).
struct CacheError {
  std::string message;
};

// [SECTION] Requests and traces ------------------------------------------------------------------

/// "Never requested again" as a next-access index.
inline constexpr std::uint32_t kNeverAgain = 0xFFFFFFFFu;

/// One request as a policy sees it.
struct Request {
  std::uint32_t id = 0;    ///< dense object id
  std::uint32_t size = 1;  ///< in size units (1 for unit sizes)
  std::uint32_t time = 0;  ///< ticks (for TTL)
  std::uint32_t next = kNeverAgain;  ///< index of the next request for this object (Belady only)
};

/// A request stream with dense object ids 0..object_count-1 (traces are remapped on load).
struct Trace {
  std::vector<std::uint32_t> ids;    ///< object id of each request
  std::vector<std::uint32_t> sizes;  ///< size of each request in bytes; empty = unit sizes
  std::vector<std::uint32_t> times;  ///< timestamp of each request; empty = the request index
  std::uint32_t object_count = 0;    ///< number of distinct objects
  /// Requests per second when `times` is empty: the clock of the server models puts request i at
  /// i / rate seconds. 0 = no rate (with `times` present, they are the clock, in seconds).
  double rate = 0;

  std::size_t size() const { return ids.size(); }
  bool HasSizes() const { return !sizes.empty(); }
};

/// For each request, the index of the next request for the same object (kNeverAgain if none).
std::vector<std::uint32_t> NextAccessIndex(const Trace& trace);
/// The trace's clock as ticks of Request::time per second: 1 with timestamps (seconds), else its
/// rate (ticks are request indexes), else 0 (no clock).
double TraceTicksPerSecond(const Trace& trace);

enum class PopularityKind { Zipf, Uniform };

/// A synthetic IRM workload. Defaults: DefaultWorkloadDef().
struct WorkloadDef {
  PopularityKind popularity = PopularityKind::Zipf;
  std::uint32_t objects = 10000;     ///< N, objects with popularity (ranks 1..N = ids 0..N-1)
  double alpha = 0.9;                ///< Zipf exponent: P(rank i) ∝ i^-α (ignored for Uniform)
  std::uint64_t requests = 100000;   ///< requests to generate
  std::uint64_t seed = 1;
  double scan_fraction = 0;          ///< share of requests that belong to scans, in [0, 1)
  std::uint32_t scan_length = 1000;  ///< requests per scan burst; each reads a never-seen object
  double object_size = 1;            ///< mean object size in bytes; 1 with size_cv 0 = unit sizes
  double size_cv = 0;                ///< coefficient of variation of sizes (lognormal); 0 = fixed
  double rate = 0;                   ///< requests/s offered: the clock of the server models; 0 = none
};
WorkloadDef DefaultWorkloadDef();

/// Largest N and request count GenerateTrace accepts (memory bound: 12 bytes per object for the
/// alias table, 4-8 bytes per request).
inline constexpr std::uint32_t kMaxObjects = 50'000'000;
inline constexpr std::uint64_t kMaxRequests = 400'000'000;

/// Zipf(α) over N ranks sampled in O(1) with Walker/Vose's alias table (built in O(N)).
class ZipfSampler {
 public:
  /// N ≥ 1, α ≥ 0 (α = 0 is uniform).
  ZipfSampler(std::uint32_t n, double alpha);
  /// A rank in [0, N): 0 is the most popular.
  std::uint32_t Sample(Rng& rng) const;
  /// Probability of rank i (0-based).
  double Probability(std::uint32_t i) const { return probability_[i]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(probability_.size()); }

 private:
  std::vector<double> probability_;
  std::vector<double> accept_;
  std::vector<std::uint32_t> alias_;
};

/// Generates the request stream of a workload (deterministic for the seed).
Expected<Trace, CacheError> GenerateTrace(const WorkloadDef& def);

enum class TraceFormat { OracleGeneral, Csv };
/// "oracle-general" | "csv".
std::string_view TraceFormatName(TraceFormat f);
Expected<TraceFormat, CacheError> ParseTraceFormat(std::string_view name);

struct TraceReadOptions {
  TraceFormat format = TraceFormat::OracleGeneral;
  bool ignore_size = false;                  ///< treat every object as size 1
  std::uint64_t max_requests = 50'000'000;   ///< refuse longer traces (limit, not truncation)
};

/// Reads a trace and remaps its object ids to dense ids in order of first appearance.
///   oracleGeneral: little-endian packed records of 24 bytes: uint32 timestamp, uint64 object id,
///     uint32 size, int64 next access (ignored: recomputed). A size of 0 is read as 1.
///   csv: one request per line; blank lines and lines starting with '#' are skipped. Either a
///     header naming columns (key|id|obj_id|object_id, size|obj_size|bytes, time|timestamp|
///     clock_time) or no header with lines "key" or "key,size". Keys are any text.
Expected<Trace, CacheError> ReadTrace(std::istream& in, const TraceReadOptions& options);

// [SECTION] Eviction policies --------------------------------------------------------------------

/// Redis's eviction settings (redis.conf and the server's compiled-in constants; Redis 7.0).
/// Defaults: DefaultRedisDef(), which are Redis's own defaults.
struct RedisDef {
  /// maxmemory-samples: keys sampled per eviction (redis.conf: "5 produces good enough results.
  /// 10 approximates very closely true LRU but costs more CPU. 3 is faster but not very accurate").
  std::uint32_t samples = 5;
  /// Resolution of the LRU clock, seconds. LRU_CLOCK_RESOLUTION is 1000 ms, a compile-time
  /// constant; the clock is refreshed by the server's cron (hz 10), so idle times are whole
  /// seconds. Smaller values model a finer clock than Redis has (for comparison only).
  double lru_clock_resolution_s = 1;
  /// lfu-log-factor (default 10): a hit increments the counter c with probability
  /// 1 / ((c − 5) × factor + 1) (c below 5 counts as 5); the counter saturates at 255.
  std::uint32_t lfu_log_factor = 10;
  /// lfu-decay-time, minutes (default 1): the counter loses one per elapsed period since the key
  /// was last accessed (Redis 7.0's code subtracts the number of periods; 0 = no decay).
  std::uint32_t lfu_decay_time_min = 1;
  /// volatile-* only: share of keys that carry an expire (chosen per key by a hash of its id, so
  /// the same keys every run). Keys without one are never evicted; when no key with an expire is
  /// cached and memory is full, the write is refused (Redis answers OOM) and the key not stored.
  double volatile_fraction = 1;
};
RedisDef DefaultRedisDef();

/// memcached's segmented LRU settings (`-o hot_lru_pct=..,warm_lru_pct=..,hot_max_factor=..,
/// warm_max_factor=..`, memcached 1.6 defaults). Defaults: DefaultMemcachedDef().
struct MemcachedDef {
  std::uint32_t hot_lru_pct = 20;   ///< % of the slab class's memory HOT may hold, in [1, 80)
  std::uint32_t warm_lru_pct = 40;  ///< % WARM may hold, in [1, 80); hot + warm ≤ 80
  double hot_max_factor = 0.2;      ///< items idle longer than COLD's tail age × this leave HOT (> 0)
  double warm_max_factor = 2.0;     ///< items idle longer than COLD's tail age × this leave WARM (> 0)
};
MemcachedDef DefaultMemcachedDef();

/// How one policy instance is built. Defaults are the usual ones in the literature.
struct PolicyDef {
  std::string name = "lru";         ///< a name from Policies()
  std::uint64_t capacity = 1000;    ///< size units (objects, or bytes when sizes are honoured)
  std::uint64_t seed = 1;           ///< for "random" and the server models' sampling
  std::uint32_t ttl = 0;            ///< expire an object this many ticks after insertion; 0 = never
  double s3fifo_small_fraction = 0.1;  ///< S3-FIFO: share of the capacity for the small queue
  std::uint32_t s3fifo_move_threshold = 1;  ///< S3-FIFO: hits in S needed to move to M at eviction
  std::uint64_t reserve_objects = 0;  ///< memory reserved up front for this many objects; 0 = grow
  /// The clock of the server models (needs_clock): ticks of Request::time per second. 0 = no
  /// clock, and those policies refuse to be built. Simulate() fills it from the trace (its rate,
  /// or 1 when the trace has timestamps in seconds) when it is 0.
  double ticks_per_second = 0;
  RedisDef redis{};        ///< redis-lru, redis-lfu, redis-volatile-lru, redis-volatile-lfu
  MemcachedDef memcached{};  ///< memcached
};

/// Counters a policy keeps while it serves requests.
struct PolicyCounters {
  std::uint64_t evictions = 0;    ///< objects evicted to make room
  std::uint64_t expirations = 0;  ///< objects found expired (TTL) on access
};

/// One eviction policy serving requests against a capacity. Not copyable; single-threaded.
class EvictionPolicy {
 public:
  virtual ~EvictionPolicy() = default;
  EvictionPolicy() = default;
  EvictionPolicy(const EvictionPolicy&) = delete;
  EvictionPolicy& operator=(const EvictionPolicy&) = delete;

  virtual std::string_view Name() const = 0;
  /// Serves one request: true on a hit. On a miss the object is admitted unless it is larger than
  /// the capacity.
  virtual bool Access(const Request& r) = 0;
  /// Drops an object if cached (TTL expiry, write invalidation). Ghost entries are not affected.
  virtual void Erase(std::uint32_t id) = 0;
  virtual bool Contains(std::uint32_t id) const = 0;
  virtual std::uint64_t Capacity() const = 0;
  /// Size units held by cached objects (ghost entries excluded).
  virtual std::uint64_t Used() const = 0;
  virtual std::uint64_t ObjectCount() const = 0;
  /// Heap bytes of the policy's metadata (index, lists, ghosts): the figure behind "bytes per
  /// cached object".
  virtual std::size_t MemoryBytes() const = 0;
  virtual PolicyCounters Counters() const = 0;

  /// Hits, and hit size units, over trace requests [begin, end). `next` is NextAccessIndex(trace)
  /// when the policy needs the future (Belady), else may be empty. Policies override this with a
  /// loop that calls their own Access directly (no virtual call per request).
  struct ReplayCounts {
    std::uint64_t requests = 0;
    std::uint64_t hits = 0;
    std::uint64_t bytes = 0;
    std::uint64_t hit_bytes = 0;
  };
  virtual ReplayCounts Replay(const Trace& trace, std::span<const std::uint32_t> next, std::size_t begin,
                              std::size_t end);
};

/// One row of the policy table.
struct PolicyInfo {
  std::string_view name;         ///< "lru"
  std::string_view title;        ///< "LRU"
  std::string_view description;  ///< what it evicts, tie-breaks included
  bool needs_future = false;     ///< offline (Belady): needs the next-access index
  std::unique_ptr<EvictionPolicy> (*make)(const PolicyDef& def) = nullptr;
  bool needs_clock = false;      ///< models a real server whose eviction depends on time (a rate)
};

/// The name→factory table shared by the CLI, the playground and the tests.
std::span<const PolicyInfo> Policies();
/// The table row for a name, or nullptr. Aliases: "s3-fifo" = s3fifo, "opt"/"min" = belady,
/// "second-chance" = clock; Redis's own names "allkeys-lru", "allkeys-lfu", "volatile-lru",
/// "volatile-lfu" = the redis-* rows, "allkeys-random" = random (what Redis does: uniform).
const PolicyInfo* FindPolicy(std::string_view name);
/// Builds a policy (wrapped with TTL expiry when def.ttl > 0). Errors: unknown name, capacity 0,
/// a server model without a clock (ticks_per_second 0), server settings out of range.
Expected<std::unique_ptr<EvictionPolicy>, CacheError> MakePolicy(const PolicyDef& def);

// [SECTION] Simulation ---------------------------------------------------------------------------

/// The outcome of replaying a trace through one policy.
struct SimulationResult {
  std::string policy;
  std::uint64_t capacity = 0;
  bool capacity_in_bytes = false;
  std::uint64_t warmup = 0;       ///< requests replayed first and not counted
  std::uint64_t requests = 0;     ///< counted requests
  std::uint64_t hits = 0;
  std::uint64_t misses = 0;
  double hit_ratio = 0;           ///< hits / requests (0 when no request is counted)
  double miss_ratio = 0;
  double byte_hit_ratio = 0;      ///< hit bytes / requested bytes (equals hit_ratio for unit sizes)
  std::uint64_t evictions = 0;
  std::uint64_t expirations = 0;
  std::uint64_t objects_cached = 0;  ///< at the end
  std::size_t memory_bytes = 0;      ///< policy metadata at the end
};

/// Replays trace[warmup..] through the policy after replaying trace[0..warmup) uncounted.
/// warmup larger than the trace is an error.
Expected<SimulationResult, CacheError> Simulate(const Trace& trace, const PolicyDef& def, std::uint64_t warmup = 0);

/// One point of a hit-ratio curve.
struct CurvePoint {
  std::uint64_t size = 0;  ///< capacity in size units
  double hit_ratio = 0;
};

/// A curve and how it was obtained.
struct HitRatioCurve {
  std::string name;     ///< policy name, or "che_lru", "fifo_approx", "top_c"
  std::string method;   ///< "stack_distance" | "simulation" | "analytic"
  std::vector<CurvePoint> points;
};

/// LRU's hit ratio at every given size from one pass (Mattson's stack distances, O(R log R)).
/// Unit sizes only (sizes in the trace are ignored); exact — equals simulating LRU at each size.
std::vector<CurvePoint> LruStackCurve(const Trace& trace, std::span<const std::uint64_t> sizes, std::uint64_t warmup = 0);

/// What HitRatioCurves computes.
struct CurveDef {
  std::vector<std::string> policies;  ///< empty = every policy in Policies() (server models only when the trace has a clock)
  std::vector<std::uint64_t> sizes;   ///< capacities in size units
  std::uint64_t warmup = 0;
  std::uint64_t seed = 1;             ///< for "random"
  std::uint32_t ttl = 0;
};

/// Curves for several policies on one trace: LRU by stack distances when sizes are unit, every
/// other policy (and sized LRU) by one simulation per size.
Expected<std::vector<HitRatioCurve>, CacheError> HitRatioCurves(const Trace& trace, const CurveDef& def);

/// The cache lab's one call: generates the workload, then curves for the policies in `def` (all
/// when empty) and, with `analytic`, the che_lru / fifo_approx / top_c curves of its popularity
/// (empirical when the workload has scans or sizes).
Expected<std::vector<HitRatioCurve>, CacheError> WorkloadHitRatioCurves(const WorkloadDef& workload, const CurveDef& def,
                                                                        bool analytic);

// [SECTION] Analytic models (IRM) ----------------------------------------------------------------

/// Objects grouped by popularity: `count` objects each requested with probability `p` per request
/// and of size `size`. Zipf popularity over a large N is stored in narrow geometric rank buckets.
struct PopularityGroup {
  double count = 1;
  double p = 0;
  double size = 1;
};
struct Popularity {
  std::vector<PopularityGroup> groups;  ///< in order of decreasing p/size
  double objects = 0;                   ///< Σ count
  double total_size = 0;                ///< Σ count × size
};

/// Zipf(α) over N objects of one size: p_i = i^-α / H(N, α). Ranks up to 65 536 are exact; beyond,
/// ranks are grouped in buckets of ratio 1.001 whose mass uses the midpoint integral (relative error
/// below 1e-9 per bucket). Works for N up to 1e15.
Popularity ZipfPopularity(double objects, double alpha, double object_size = 1);
/// The empirical popularity of a trace: each object's share of requests (its last size).
Popularity EmpiricalPopularity(const Trace& trace);

/// A model's hit ratio at one capacity with the numbers behind it.
struct AnalyticPoint {
  double capacity = 0;
  double characteristic_time = 0;  ///< T in requests (0 for top-C, and when everything fits)
  bool holds_all = false;          ///< capacity ≥ the whole catalogue: hit ratio 1, T unbounded
  double hit_ratio = 0;            ///< request (object) hit ratio
  double byte_hit_ratio = 0;
  int iterations = 0;              ///< of the root finder
  std::string formula;             ///< with the numbers filled in
};

/// Che's approximation for LRU: T solves Σ_i s_i (1 − e^{−p_i T}) = C; h = Σ_i p_i (1 − e^{−p_i T}).
AnalyticPoint CheLru(const Popularity& pop, double capacity);
/// FIFO and RANDOM (Gelenbe; Martina et al. 2014): T solves Σ_i s_i p_i T/(1 + p_i T) = C;
/// h = Σ_i p_i · p_i T/(1 + p_i T).
AnalyticPoint FifoRandomApprox(const Popularity& pop, double capacity);
/// The optimal static allocation: the most popular objects that fit (by p/size, fractional at
/// the boundary for sized objects — an upper bound): h = Σ_{top C} p_i. No dynamic policy under
/// IRM beats it in the long run (LFU with perfect counts converges to it).
AnalyticPoint TopCStatic(const Popularity& pop, double capacity);

/// che_lru, fifo_approx and top_c curves over the given sizes.
std::vector<HitRatioCurve> AnalyticCurves(const Popularity& pop, std::span<const std::uint64_t> sizes);

// [SECTION] Write strategies ---------------------------------------------------------------------

enum class WriteStrategy { CacheAside, ReadThrough, WriteThrough, WriteBack, WriteAround };
/// "cache-aside", "read-through", "write-through", "write-back", "write-around".
std::string_view WriteStrategyName(WriteStrategy s);
/// Accepts the names above, with '_' for '-', and "write-behind" for write-back.
Expected<WriteStrategy, CacheError> ParseWriteStrategy(std::string_view name);

/// The traffic and timings a strategy is evaluated on. Defaults: DefaultStrategyDef().
struct StrategyDef {
  WriteStrategy strategy = WriteStrategy::CacheAside;
  double read_rps = 1000;               ///< reads/s offered to the cache tier
  double write_rps = 100;               ///< writes/s
  double hit_ratio = 0.8;               ///< read hit ratio from eviction alone (no invalidation)
  double cache_latency_s = 0.0005;      ///< one cache round trip
  double backend_read_latency_s = 0.005;
  double backend_write_latency_s = 0.01;
  double ttl_s = 0;                     ///< 0 = entries never expire
  double flush_interval_s = 1;          ///< write-back: dirty entries are flushed this often
  double value_bytes = 1000;            ///< size of one value
  double cache_nodes = 1;               ///< nodes the cache is spread over (a dead node loses 1/n)
  /// Write popularity for write-back coalescing and invalidation: Zipf(write_alpha) over
  /// write_objects; write_objects 0 = no repeated keys within a flush interval.
  double write_objects = 0;
  double write_alpha = 0.9;
};
StrategyDef DefaultStrategyDef();

/// One figure with its formula.
struct Formula {
  std::string key;   ///< the JSON key of the figure
  std::string text;  ///< "backend reads = reads × (1 − h) = 1000/s × 0.2 = 200/s"
};

/// The effect of a write strategy on the backend and on clients.
struct StrategyEffect {
  WriteStrategy strategy = WriteStrategy::CacheAside;
  double effective_hit_ratio = 0;       ///< after misses caused by write invalidation
  double backend_read_rps = 0;
  double backend_write_rps = 0;
  double backend_read_rps_cache_down = 0;  ///< every read reaches the backend (cold cache/outage)
  double backend_read_rps_node_down = 0;   ///< one of cache_nodes lost: its share of hits misses
  double read_latency_s = 0;            ///< mean over hits and misses
  double write_latency_s = 0;           ///< as the writer sees it
  double staleness_window_s = 0;        ///< how long a reader may see a value older than an acked write
  bool staleness_unbounded = false;     ///< stale until evicted (no TTL): staleness_window_s is 0 then
  double backend_lag_s = 0;             ///< write-back: how far the backend trails the cache
  double data_at_risk_bytes = 0;        ///< acked writes lost if one cache node dies
  std::vector<Formula> formulas;
  std::vector<std::string> notes;       ///< assumptions
};

Expected<StrategyEffect, CacheError> EvaluateStrategy(const StrategyDef& def);

// [SECTION] The `sdlab model cache` calculator ---------------------------------------------------

/// Everything `sdlab model cache` (and the playground's cache lab) asks for.
struct CacheModelDef {
  PolicyDef policy;                   ///< policy.capacity is the size being modelled
  WorkloadDef workload;               ///< used when no trace is given
  std::uint64_t warmup = 0;
  std::vector<std::uint64_t> sizes;   ///< non-empty: also a hit-ratio curve for policy.name
  bool analytic = false;              ///< also Che / FIFO approximation / top-C
  std::optional<StrategyDef> strategy;  ///< also a write-strategy evaluation (its hit_ratio is replaced by the simulated one)
};

/// Where the requests came from.
struct WorkloadSummary {
  std::string source;              ///< "zipf", "uniform" or "trace"
  std::uint64_t requests = 0;      ///< in the stream (warmup included)
  std::uint32_t objects = 0;       ///< distinct objects in the stream
  double alpha = 0;                ///< for zipf
  bool sizes = false;              ///< object sizes honoured (capacity in bytes)
  double scan_fraction = 0;
  double rate = 0;                 ///< requests/s (the clock), 0 if none
};

/// What a server model's run adds: its settings and the regime its clock puts it in.
struct ServerRegime {
  std::string engine;              ///< "redis" | "memcached"
  std::string settings;            ///< the server's own setting names and values
  double rate = 0;                 ///< requests/s over the counted requests
  double turnover_s = 0;           ///< cached objects ÷ misses per second: an unrequested object's life
  double clock_resolution_s = 0;   ///< the clock that orders evictions (Redis LRU: 1 s; memcached: 1 s)
  std::string formula;             ///< turnover with the numbers filled in
  std::string regime;              ///< what the turnover means for this server, in words
};

struct CacheModelReport {
  SimulationResult result;
  WorkloadSummary workload;
  std::optional<AnalyticPoint> che;          ///< with analytic
  std::optional<AnalyticPoint> fifo_approx;  ///< with analytic
  std::optional<AnalyticPoint> top_c;        ///< with analytic
  std::string curve_method;                  ///< with sizes
  std::vector<CurvePoint> curve;             ///< with sizes
  std::vector<HitRatioCurve> analytic_curves;  ///< with sizes and analytic
  std::optional<StrategyEffect> strategy;
  std::optional<ServerRegime> server;         ///< with a server model (redis-*, memcached)
  std::vector<std::string> notes;
};

/// Runs the model on `trace` if given, else on a trace generated from def.workload. Analytic
/// figures use the workload's Zipf popularity, or a trace's empirical popularity.
Expected<CacheModelReport, CacheError> RunCacheModel(const CacheModelDef& def, const Trace* trace = nullptr);

/// The report as JSON (snake_case keys; no NaN or infinity; deterministic). Keys: policy,
/// capacity, capacity_unit, requests, warmup, hits, misses, hit_ratio, miss_ratio, byte_hit_ratio,
/// evictions, expirations, workload {...}; with analytic: che_t, che_hit_ratio,
/// fifo_approx_t, fifo_approx_hit_ratio, top_c_hit_ratio, holds_all, formulas {...}; with sizes:
/// curve [{size, hit_ratio[, che_hit_ratio, fifo_approx_hit_ratio, top_c_hit_ratio]}], curve_method;
/// with a strategy: strategy {...}; with a server model: server {engine, settings, rate,
/// turnover_s, clock_resolution_s, formula, regime}.
nlohmann::json CacheModelToJson(const CacheModelReport& report);
nlohmann::json StrategyEffectToJson(const StrategyEffect& effect);
nlohmann::json CurvesToJson(const std::vector<HitRatioCurve>& curves);

// [SECTION] Models of real servers ---------------------------------------------------------------
//
// Redis (7.0, maxmemory-policy allkeys-lru / allkeys-lfu / volatile-*), as its evict.c and
// redis.conf describe it:
//   - Memory is full when the keys' size units exceed the capacity; a new key is stored first and
//     evictions follow (Redis evicts before the next command, so the newest key is a candidate).
//   - Each eviction samples maxmemory-samples keys uniformly (Redis's dictGetSomeKeys walks hash
//     buckets from a random start: close to uniform for a well-spread table) into a pool of 16
//     candidates kept sorted by score; a sample enters if the pool has room or it beats the worst
//     entry (ties go to the left of equal entries, so among equals the earliest sampled goes
//     first). The best entry is evicted; entries are not refreshed when their key is touched
//     again, and entries whose key is gone are skipped ("ghosts").
//   - allkeys-lru: score = idle time = (LRU clock now − the key's clock at its last access) ×
//     resolution; the clock ticks once a second, so when the cache turns over in well under a
//     second most sampled keys look equally idle and eviction is close to RANDOM; with a
//     multi-second turnover it is close to exact LRU.
//   - allkeys-lfu: an 8-bit logarithmic counter starting at LFU_INIT_VAL = 5, incremented with
//     probability 1/((c − 5)·lfu-log-factor + 1), minus one per lfu-decay-time minutes since the last
//     access; score = 255 − counter.
//   - volatile-*: only keys with an expire are sampled (RedisDef::volatile_fraction).
// memcached (1.6, segmented LRU, the default since 1.5): new items enter HOT; an item fetched twice
// is active; HOT and WARM are capped at hot_lru_pct / warm_lru_pct of the memory and at an age of
// hot_max_factor / warm_max_factor × COLD's tail age (seconds); inactive items leaving HOT or WARM
// go to COLD, active ones to WARM; an active item in COLD moves to WARM at once; evictions take
// COLD's tail. The LRU maintainer thread is assumed to keep up (limits enforced after every
// admission); one slab class (object sizes do not pick a class).

/// A server model's hit ratio for a Zipf(α) catalogue too large to simulate (a blueprint's cache).
struct ServerEstimate {
  std::string policy;              ///< the server model used ("redis-lru", ...)
  double hit_ratio = 0;            ///< the estimate
  double low_hit_ratio = 0;        ///< full-scale FIFO/RANDOM approximation
  double high_hit_ratio = 0;       ///< full-scale Che LRU (top-C for LFU policies)
  double weight = 0;               ///< where the scaled simulation sits between its own low and high
  double turnover_s = 0;           ///< Che's T in requests ÷ rate: how long the cache takes to turn over
  std::uint32_t scaled_objects = 0;
  std::uint64_t scaled_capacity = 0;
  double scaled_rate = 0;          ///< requests/s of the scaled copy (same turnover in seconds)
  double scaled_hit_ratio = 0;     ///< the server model simulated on the scaled copy
  std::string formula;
};

/// Estimates a server model's hit ratio on Zipf(α) over `objects` unit-size objects with
/// policy.capacity cached objects at `rate` requests/s. Method: the full-scale analytic bounds
/// low = FIFO/RANDOM approximation and high = Che's LRU (top-C for LFU) are exact enough at any N;
/// the server's position between them, w = (h' − low') / (high' − low'), is measured by
/// simulating policy.name on a scaled copy (N' ≤ 200 000 objects, C' = C·N'/N, warmed up) run at
/// the rate that gives the same turnover time in seconds; h = low + w·(high − low), within [0, 1].
/// Everything fits (C ≥ N): h = 1. Errors: not a server model, bad numbers.
Expected<ServerEstimate, CacheError> EstimateServerHitRatio(const PolicyDef& policy, double objects, double alpha,
                                                            double rate);

/// One rate of the cache lab's textbook-vs-server comparison.
struct RateComparison {
  double rate = 0;                 ///< requests/s
  double textbook_hit_ratio = 0;   ///< exact LRU (does not depend on the rate)
  double server_hit_ratio = 0;     ///< server.name simulated at this rate
  double turnover_s = 0;           ///< cached objects ÷ misses per second, for the server
};

/// Textbook LRU next to a server model on one synthetic workload (workload.rate is ignored), at
/// each rate in requests/s. server.capacity is the cache size; warmup requests are not counted.
Expected<std::vector<RateComparison>, CacheError> CompareServerAtRates(const WorkloadDef& workload,
                                                                       const PolicyDef& server,
                                                                       std::span<const double> rates,
                                                                       std::uint64_t warmup);

// [SECTION] Blueprint integration ----------------------------------------------------------------

/// A blueprint cache component, assessed for scoring.
struct CacheAssessment {
  std::string component;          ///< component id
  std::string engine;             ///< as declared ("redis", ...), "" if none
  std::string policy;             ///< eviction policy used (declared, default "lru"; a server model's name with an engine)
  std::string model;              ///< how the hit ratio was obtained, in words ("declared", "Che's LRU approximation", ...)
  double turnover_s = 0;          ///< server models: how long the cache takes to turn over at the read rate
  std::string strategy;           ///< write strategy name
  double hit_ratio = 0;
  bool hit_ratio_declared = false;  ///< true: taken from the component; false: modelled
  double cached_objects = 0;      ///< capacity in objects (modelled case)
  double catalogue_objects = 0;   ///< objects the requirements imply (modelled case)
  double zipf_alpha = 0;          ///< popularity assumed (modelled case)
  double read_rps = 0;            ///< average reads/s from the requirements
  double write_rps = 0;
  double backend_read_rps = 0;
  double backend_write_rps = 0;
  double peak_backend_read_rps = 0;  ///< × peak factor
  double backend_read_rps_cache_down = 0;
  double staleness_window_s = 0;
  bool staleness_unbounded = false;
  double data_at_risk_bytes = 0;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;  ///< assumptions and findings inputs
};

/// Default Zipf exponent assumed for a cache whose hit ratio is not declared.
inline constexpr double kDefaultZipfAlpha = 0.9;

/// Assesses a component of kind Cache against the requirements:
///   hit ratio   declared (component.hit_ratio) or modelled with Zipf(0.9) popularity over the
///               objects written in the retention period (writes/s × retention, default 5 years),
///               the cache holding memory_bytes × replicas / read size objects (replicas are treated
///               as shards): the FIFO/RANDOM approximation for fifo and random, top-C for lfu (its
///               IRM limit), Che's LRU approximation for lru and the rest (conservative for them).
///               A cache whose engine is redis (or valkey) uses the Redis model by default
///               (EstimateServerHitRatio at the average read rate): lru → redis-lru (allkeys-lru),
///               lfu → redis-lfu, volatile-lru/-lfu as named, random → random (what allkeys-random
///               does); engine memcached uses the memcached model. The model is named in `model`
///               and in a note.
///   traffic     average reads/s and writes/s: totals, or per-user rates × DAU, completed by the
///               read:write ratio.
///   strategy    EvaluateStrategy with the component's ttl and strategy; write-back flushes every
///               second.
/// A component of another kind yields an assessment with a note and zero figures.
CacheAssessment AssessCache(const Component& component, const Requirements& requirements);
nlohmann::json CacheAssessmentToJson(const CacheAssessment& a);

}  // namespace sdlab::cache
