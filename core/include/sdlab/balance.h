// sdlab/balance.h — load balancing: how a strategy spreads requests and what that does to the tail.
//
// What it models
//   A load balancer in front of N backends, simulated request by request (seeded, deterministic):
//     arrivals     Poisson at λ, each from a client drawn from `clients` with Zipf(s) popularity
//                  (s = 0: uniform);
//     backends     each a FCFS queue with `workers_per_backend` servers; service time has mean
//                  1/(μ·speed) and the given cv (exponential for cv = 1, lognormal otherwise);
//                  weights steer weighted round robin only; a slow backend has speed 1/factor;
//     failures     a failed backend (from fail_at_s) answers nothing: its requests time out after
//                  timeout_s and count as errors. With health checks it leaves the rotation after
//                  interval × unhealthy_threshold; without them it stays in the rotation;
//     L7           one decision per request, plus the proxy's overhead per request;
//     L4           one decision per client connection (requests_per_connection requests in a row go
//                  to the same backend), smaller overhead; least-connections counts open requests.
//   Strategies (one decision rule each; ties broken at random):
//     round_robin, weighted_round_robin (smooth WRR), least_connections (join the shortest queue),
//     ip_hash (client hash mod healthy backends: sticky), least_response_time (EWMA of observed
//     response × (open + 1)), power_of_two_choices (two random backends, the less loaded), random.
//   Figures: per-backend requests, share, utilisation, mean/p50/p99 latency and errors; overall
//   latency percentiles (ms), error rate and imbalance max/avg. Every strategy can be run on the same
//   arrivals and service draws (common random numbers) for a fair side-by-side comparison.
//   Reference theory (homogeneous backends, random routing): each backend is M/M/1 at λ/N, so the
//   mean response is 1/(μ − λ/N) and the p99 is ln(100)/(μ − λ/N); join-shortest-queue and power of
//   two choices cut the tail well below it (Mitzenmacher 2001).
//
// Units: rates per second, times in seconds in the definitions, latencies reported in ms (_ms keys).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"

namespace sdlab::balance {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct BackendDef {
  double weight = 1;          ///< weighted round robin share (> 0)
  double speed = 1;           ///< service-rate multiplier (0.25 = four times slower)
  bool failed = false;        ///< stops answering at fail_at_s
  double fail_at_s = 0;
};

struct BalanceDef {
  LbStrategy strategy = LbStrategy::RoundRobin;
  LbLayer layer = LbLayer::L7;
  std::vector<BackendDef> backends = std::vector<BackendDef>(4);
  double arrival_rate_per_s = 320;      ///< λ over the whole pool
  double service_rate_per_s = 100;      ///< μ of one worker at speed 1
  int workers_per_backend = 1;
  double service_cv = 1.0;
  int clients = 1000;                   ///< distinct client addresses
  double client_zipf = 0.0;             ///< popularity skew of clients (0 = uniform)
  int requests_per_connection = 50;     ///< L4: requests that share one balancing decision
  double l7_overhead_s = 0.0002;
  double l4_overhead_s = 0.00005;
  bool health_checks = true;
  double health_check_interval_s = 5;
  int unhealthy_threshold = 3;
  double timeout_s = 1.0;
  double ewma_alpha = 0.1;              ///< least_response_time smoothing
  std::uint64_t requests = 200000;      ///< requests simulated (1000 .. 10^7)
  std::uint64_t seed = 1;
};

struct BackendStats {
  int index = 0;
  double weight = 1;
  double speed = 1;
  bool failed = false;
  std::uint64_t requests = 0;
  double share = 0;          ///< of all requests
  double utilization = 0;    ///< busy worker time / (workers × simulated time)
  double mean_ms = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  std::uint64_t errors = 0;
};

struct BalanceResult {
  LbStrategy strategy = LbStrategy::RoundRobin;
  LbLayer layer = LbLayer::L7;
  std::vector<BackendStats> per_backend;
  double max_over_avg = 0;              ///< max requests per backend / mean requests per backend
  double utilization_max_over_avg = 0;  ///< the same for utilisation
  double mean_ms = 0, p50_ms = 0, p95_ms = 0, p99_ms = 0, p999_ms = 0;
  double error_rate = 0;
  std::uint64_t errors = 0;
  std::uint64_t requests = 0;
  double simulated_time_s = 0;
  double offered_utilization = 0;       ///< λ / (Σ workers·μ·speed)
  double random_mm1_p99_ms = 0;         ///< theory for random routing on identical backends (0 otherwise)
  std::vector<std::string> notes;
};

Expected<BalanceResult, InputError> SimulateBalance(const BalanceDef& def);
/// The same arrivals and service draws for each strategy (def.strategy is replaced).
Expected<std::vector<BalanceResult>, InputError> CompareStrategies(const BalanceDef& def,
                                                                   const std::vector<LbStrategy>& strategies);

/// Every strategy, in the order of LbStrategy.
std::vector<LbStrategy> AllStrategies();
/// "round_robin", "weighted_round_robin", "least_connections", "ip_hash", "least_response_time",
/// "power_of_two_choices", "random".
std::string_view StrategyKey(LbStrategy s);
/// Accepts the keys, with '-' for '_', and short forms "rr", "wrr", "lc", "p2c", "lrt".
std::optional<LbStrategy> ParseStrategy(std::string_view s);

/// A blueprint's load balancer: redundancy, health checks, stickiness, and the pool behind it.
struct LoadBalancerAssessment {
  std::string component;
  std::string strategy;
  std::string layer;            ///< "l4" or "l7"
  int replicas = 1;
  bool health_checks = false;
  bool spof = false;            ///< one replica
  std::vector<std::string> backends;  ///< components it links to
  int backend_nodes = 0;        ///< replicas summed over those
  std::vector<std::string> findings;
};
LoadBalancerAssessment AssessLoadBalancer(const Blueprint& bp, const Component& lb);

nlohmann::json ToJson(const BalanceResult& r);
/// {"comparison": [{strategy, p50_ms, p95_ms, p99_ms, max_over_avg, error_rate}], "results": [...]}.
nlohmann::json ToJson(const std::vector<BalanceResult>& side_by_side);
nlohmann::json ToJson(const LoadBalancerAssessment& a);

}  // namespace sdlab::balance
