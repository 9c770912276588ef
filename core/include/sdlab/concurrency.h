// sdlab/concurrency.h — how many requests a server can carry at once, and how throughput scales.
//
// What it models
//   Server concurrency models, each in steady state at an offered rate λ (requests/s), where one
//   request needs `cpu_time` of CPU and `blocking_time` waiting on I/O (database, another service):
//     thread_per_request  a new (or dedicated) thread per request in flight: threads = concurrency,
//                         so memory = concurrency × stack size grows with load and latency;
//     thread_pool         a fixed pool of T workers on a queue: a request holds a worker for
//                         cpu + blocking time, so the pool carries at most T ÷ (cpu + blocking)
//                         requests/s; requests beyond wait in the queue (M/M/c with c = T,
//                         μ = 1 ÷ time held, from sdlab/queue.h);
//     event_loop          one loop per core with non-blocking I/O: a request holds a core only for
//                         its CPU time; waiting costs a callback, not a thread.
//   Little's law gives the concurrency a rate needs: threads needed = λ × time held. The CPU caps
//   every model at cores ÷ CPU time per request (CPU-bound when that cap binds first, I/O-bound when
//   the thread count does). Thread models pay two context switches per blocking wait (block, wake)
//   of `context_switch` CPU each. The pool size that keeps the cores busy is
//   cores × (1 + blocking ÷ cpu) (Goetz's rule).
//   Amdahl's law: speedup(N) = 1 ÷ ((1 − p) + p ÷ N) for a parallel fraction p on N workers.
//   Universal Scalability Law (Gunther): X(N) = λN ÷ (1 + α(N − 1) + βN(N − 1)), α contention
//   (queueing on a shared resource), β coherency (crosstalk between workers). Peak at
//   N* = √((1 − α) ÷ β). FitUsl() fits λ, α, β to measured (concurrency, throughput) points by least
//   squares: the linearised form N ÷ X = (1 + α(N − 1) + βN(N − 1)) ÷ λ (exact for USL data) gives
//   the start, Levenberg–Marquardt on the throughput residuals refines it (α, β kept ≥ 0).
//
// Defaults, documented and overridable: stack 1 MiB per thread (Linux default is 8 MiB of virtual
// address space, ~1 MiB typically touched; the JVM's default -Xss is 1 MiB), a context switch 5 µs
// of CPU (direct cost 1–5 µs plus cache effects).
//
// Units: rates per second, times in seconds, sizes in bytes. Numbers: deterministic (only + − × ÷,
// sqrt and DetLog/DetExp/DetPow); JSON numbers rounded to 9 significant digits, never NaN/inf.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/expected.h"

namespace sdlab::concurrency {

/// Why a model cannot run with the given inputs ("threads": "must be at least 1").
struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;  ///< "threads: must be at least 1"
};

/// One figure's formula with the numbers filled in.
struct Formula {
  std::string key;
  std::string text;
};

// [SECTION] Server concurrency ------------------------------------------------------------------------

enum class ServerModel { ThreadPerRequest, ThreadPool, EventLoop };
std::string_view ServerModelName(ServerModel m);  ///< "thread_per_request", "thread_pool", "event_loop"
std::optional<ServerModel> ParseServerModel(std::string_view s);  ///< also "async" = event_loop, "pool"

constexpr double kDefaultStackBytes = 1024.0 * 1024.0;  ///< 1 MiB per thread
constexpr double kDefaultContextSwitchS = 5e-6;          ///< 5 µs of CPU per switch

struct ServerDef {
  ServerModel model = ServerModel::ThreadPool;
  double arrival_rate = 0;          ///< λ offered, requests/s (≥ 0)
  double cpu_time_s = 0.002;        ///< CPU per request (> 0)
  double blocking_time_s = 0.048;   ///< time waiting on I/O per request (≥ 0)
  int cores = 4;                    ///< CPU cores (1 .. 100 000)
  int threads = 50;                 ///< thread_pool: workers (1 .. 10^6); ignored otherwise
  double stack_bytes = kDefaultStackBytes;
  double context_switch_s = kDefaultContextSwitchS;
  std::optional<double> memory_bytes;  ///< node memory available to threads, if known
};

struct ServerMetrics {
  ServerModel model = ServerModel::ThreadPool;
  double time_held_s = 0;           ///< how long a request holds its thread (cpu + blocking; cpu for event_loop)
  double cpu_per_request_s = 0;     ///< cpu time + context switches
  double concurrency = 0;           ///< requests in flight at λ (Little: λ × (cpu + blocking))
  double threads_needed = 0;        ///< Little: λ × time held (event_loop: the busy cores)
  int threads = 0;                  ///< threads the model runs at λ (pool: T; per-request: ⌈concurrency⌉; loop: cores)
  double max_throughput_threads = 0;  ///< threads ÷ time held (per-request: memory ÷ stack ÷ time held, or none)
  bool threads_unbounded = false;   ///< thread_per_request without a memory limit: no thread cap
  double max_throughput_cpu = 0;    ///< cores ÷ CPU per request
  double max_throughput = 0;        ///< the smaller cap
  std::string bottleneck;           ///< "cpu", "threads" or "memory"
  bool io_bound = false;            ///< blocking time > cpu time
  bool overloaded = false;          ///< λ above the max throughput
  double cpu_utilization = 0;       ///< λ × CPU per request ÷ cores (capped at 1 when overloaded)
  double thread_utilization = 0;    ///< threads needed ÷ threads (pool only)
  double context_switches_per_s = 0;
  double switch_cpu_fraction = 0;   ///< share of the CPU spent switching
  double thread_memory_bytes = 0;   ///< threads × stack
  std::optional<bool> memory_exceeded;  ///< thread memory > node memory (when the memory is known)
  double goetz_pool_size = 0;       ///< cores × (1 + blocking ÷ cpu)
  // thread_pool with a queue: M/M/c with c = T, μ = 1 ÷ time held (when stable and CPU is not the cap)
  std::optional<double> queue_wait_mean_s;
  std::optional<double> response_p99_s;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<ServerMetrics, InputError> AnalyzeServer(const ServerDef& def);
nlohmann::json ToJson(const ServerMetrics& m);

/// Each model at the same inputs (for a side-by-side table), in enum order.
std::vector<ServerMetrics> CompareServerModels(const ServerDef& def);

// [SECTION] Amdahl ---------------------------------------------------------------------------------------

struct AmdahlResult {
  double parallel_fraction = 0;  ///< p
  int workers = 1;               ///< N
  double speedup = 1;            ///< 1 ÷ ((1 − p) + p ÷ N)
  double efficiency = 1;         ///< speedup ÷ N
  std::optional<double> max_speedup;  ///< 1 ÷ (1 − p); none when p = 1
  std::vector<Formula> formulas;
};
Expected<AmdahlResult, InputError> Amdahl(double parallel_fraction, int workers);
nlohmann::json ToJson(const AmdahlResult& a);

// [SECTION] Universal Scalability Law --------------------------------------------------------------------

struct UslParams {
  double lambda = 1;  ///< throughput of one worker (X(1)), per second
  double alpha = 0;   ///< contention, ≥ 0
  double beta = 0;    ///< coherency, ≥ 0
};

/// X(N) = λN ÷ (1 + α(N − 1) + βN(N − 1)).
double UslThroughput(const UslParams& p, double n);
/// N* = √((1 − α) ÷ β); none when β = 0 or α ≥ 1 (no interior peak).
std::optional<double> UslPeakConcurrency(const UslParams& p);

/// A measured point.
struct UslPoint {
  double concurrency = 0;
  double throughput = 0;
};

/// Reads "concurrency,throughput" points from CSV text: one point per line, separated by a comma,
/// semicolon, tab or spaces; blank lines and lines starting with '#' skipped; a first line that is
/// not numeric is a header. Errors name the line. At most 100 000 points.
Expected<std::vector<UslPoint>, InputError> ParseUslCsv(std::string_view text);

struct UslFit {
  UslParams params;
  std::size_t points = 0;
  double r_squared = 0;             ///< 1 − SS_res ÷ SS_tot on throughput
  double rmse = 0;                  ///< √(SS_res ÷ n)
  int iterations = 0;               ///< Levenberg–Marquardt steps taken
  std::optional<double> peak_concurrency;   ///< N*
  std::optional<double> peak_throughput;    ///< X(N*)
  double max_throughput_asymptote = 0;      ///< β = 0: λ ÷ α (the ceiling), else X(N*)
  std::vector<UslPoint> measured;
  std::vector<double> fitted;               ///< X at each measured N
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

/// Least-squares fit. Needs at least 3 points with at least 3 distinct concurrencies > 0 and
/// throughputs > 0.
Expected<UslFit, InputError> FitUsl(const std::vector<UslPoint>& points);

/// The USL curve at `points` concurrencies evenly from 1 to max_n (for plots).
std::vector<UslPoint> UslCurve(const UslParams& p, double max_n, int points = 100);

/// The model at given parameters (no fit): X at n, N*, X(N*).
struct UslEvaluation {
  UslParams params;
  double concurrency = 1;
  double throughput = 0;
  double speedup = 1;  ///< X(N) ÷ X(1)
  std::optional<double> peak_concurrency;
  std::optional<double> peak_throughput;
  std::vector<Formula> formulas;
};
Expected<UslEvaluation, InputError> EvaluateUsl(const UslParams& p, double concurrency);

nlohmann::json ToJson(const UslFit& f);
nlohmann::json ToJson(const UslEvaluation& e);
nlohmann::json ToJson(const std::vector<UslPoint>& curve);  ///< [{concurrency, throughput}, ...]

}  // namespace sdlab::concurrency
