// Load-balancer simulation: one request at a time through a strategy into FCFS backends.
// See sdlab/balance.h for the model.
//
// FCFS backends need no event list: a request's completion time is known when it is assigned
// (start = max(arrival, earliest free worker)). What the strategies observe — open requests per
// backend and response times — is brought up to date at each arrival by popping every completion
// that happened before it from one min-heap, in time order.
#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/balance.h"
#include "sdlab/random.h"

namespace sdlab::balance {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

constexpr double kLn100 = 4.60517018598809136804;

struct Completion {
  double t = 0;
  std::uint64_t seq = 0;
  int backend = 0;
  double response = 0;
};
struct LaterCompletion {
  bool operator()(const Completion& a, const Completion& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
};

struct BackendState {
  std::priority_queue<double, std::vector<double>, std::greater<>> free_at;
  int open = 0;            // requests assigned and not yet answered (or timed out)
  double ewma = 0;         // smoothed response time, seconds
  bool ewma_set = false;
  double busy = 0;
  double wrr_current = 0;
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
  std::vector<double> latencies;  // measured requests, seconds
};

// Zipf(s) over n clients by inverse CDF (binary search); uniform for s = 0.
class ClientPopulation {
 public:
  ClientPopulation(int n, double s) : n_(n) {
    if (s > 0) {
      cdf_.reserve(static_cast<std::size_t>(n));
      double total = 0;
      for (int i = 1; i <= n; ++i) {
        total += 1.0 / DetPow(static_cast<double>(i), s);
        cdf_.push_back(total);
      }
      for (double& c : cdf_) c /= total;
    }
  }
  int Draw(Rng& rng) const {
    if (cdf_.empty()) return static_cast<int>(rng.Below(static_cast<std::uint64_t>(n_)));
    const double u = rng.Uniform01();
    const auto it = std::upper_bound(cdf_.begin(), cdf_.end(), u);
    return std::min(n_ - 1, static_cast<int>(it - cdf_.begin()));
  }

 private:
  int n_;
  std::vector<double> cdf_;
};

std::uint64_t HashClient(int client) {
  std::uint64_t s = static_cast<std::uint64_t>(client) ^ 0x5DEECE66Dull;
  return SplitMix64(s);
}

class Balancer {
 public:
  Balancer(const BalanceDef& def, Rng& choice) : def_(def), choice_(choice), rr_(0) {}

  int Choose(LbStrategy s, const std::vector<int>& eligible, std::vector<BackendState>& b, int client) {
    const auto n = eligible.size();
    switch (s) {
      case LbStrategy::RoundRobin: {
        // Next backend in index order that is in the rotation.
        const int total = static_cast<int>(b.size());
        for (int step = 0; step < total; ++step) {
          const int cand = (rr_ + step) % total;
          if (std::find(eligible.begin(), eligible.end(), cand) != eligible.end()) {
            rr_ = (cand + 1) % total;
            return cand;
          }
        }
        return eligible.front();
      }
      case LbStrategy::WeightedRoundRobin: {
        double total = 0;
        int best = -1;
        for (int i : eligible) {
          BackendState& st = b[static_cast<std::size_t>(i)];
          st.wrr_current += def_.backends[static_cast<std::size_t>(i)].weight;
          total += def_.backends[static_cast<std::size_t>(i)].weight;
          if (best < 0 || st.wrr_current > b[static_cast<std::size_t>(best)].wrr_current) best = i;
        }
        b[static_cast<std::size_t>(best)].wrr_current -= total;
        return best;
      }
      case LbStrategy::LeastConnections:
        return ArgMin(eligible, [&](int i) { return static_cast<double>(b[static_cast<std::size_t>(i)].open); });
      case LbStrategy::LeastResponseTime:
        return ArgMin(eligible, [&](int i) {
          const BackendState& st = b[static_cast<std::size_t>(i)];
          return (st.ewma + 1e-9) * (st.open + 1);
        });
      case LbStrategy::IpHash:
        return eligible[static_cast<std::size_t>(HashClient(client) % n)];
      case LbStrategy::PowerOfTwoChoices: {
        if (n == 1) return eligible.front();
        const auto i = static_cast<std::size_t>(choice_.Below(n));
        auto j = static_cast<std::size_t>(choice_.Below(n - 1));
        if (j >= i) ++j;
        const int a = eligible[i], c = eligible[j];
        return b[static_cast<std::size_t>(c)].open < b[static_cast<std::size_t>(a)].open ? c : a;
      }
      case LbStrategy::Random:
        return eligible[static_cast<std::size_t>(choice_.Below(n))];
    }
    return eligible.front();
  }

 private:
  template <class Score>
  int ArgMin(const std::vector<int>& eligible, Score score) {
    int best = -1;
    double best_score = 0;
    std::uint64_t ties = 0;
    for (int i : eligible) {
      const double sc = score(i);
      if (best < 0 || sc < best_score) {
        best = i;
        best_score = sc;
        ties = 1;
      } else if (sc == best_score) {
        ++ties;
        if (choice_.Below(ties) == 0) best = i;  // reservoir: uniform among the tied
      }
    }
    return best;
  }

  const BalanceDef& def_;
  Rng& choice_;
  int rr_;
};

}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

std::vector<LbStrategy> AllStrategies() {
  return {LbStrategy::RoundRobin,       LbStrategy::WeightedRoundRobin, LbStrategy::LeastConnections,
          LbStrategy::IpHash,           LbStrategy::LeastResponseTime,  LbStrategy::PowerOfTwoChoices,
          LbStrategy::Random};
}

std::string_view StrategyKey(LbStrategy s) {
  switch (s) {
    case LbStrategy::RoundRobin: return "round_robin";
    case LbStrategy::WeightedRoundRobin: return "weighted_round_robin";
    case LbStrategy::LeastConnections: return "least_connections";
    case LbStrategy::IpHash: return "ip_hash";
    case LbStrategy::LeastResponseTime: return "least_response_time";
    case LbStrategy::PowerOfTwoChoices: return "power_of_two_choices";
    case LbStrategy::Random: return "random";
  }
  return "round_robin";
}

std::optional<LbStrategy> ParseStrategy(std::string_view s) {
  std::string n;
  for (char ch : s) {
    if (ch == '-' || ch == ' ') ch = '_';
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    n.push_back(ch);
  }
  for (LbStrategy st : AllStrategies())
    if (n == StrategyKey(st)) return st;
  if (n == "rr") return LbStrategy::RoundRobin;
  if (n == "wrr" || n == "weighted") return LbStrategy::WeightedRoundRobin;
  if (n == "lc" || n == "least_conn" || n == "jsq") return LbStrategy::LeastConnections;
  if (n == "p2c" || n == "two_choices") return LbStrategy::PowerOfTwoChoices;
  if (n == "lrt" || n == "least_time") return LbStrategy::LeastResponseTime;
  if (n == "hash" || n == "sticky") return LbStrategy::IpHash;
  return std::nullopt;
}

Expected<BalanceResult, InputError> SimulateBalance(const BalanceDef& d) {
  const std::size_t nb = d.backends.size();
  if (nb < 1 || nb > 1000) return Fail("backends", "need 1 to 1000 backends");
  for (const BackendDef& b : d.backends) {
    if (!std::isfinite(b.weight) || b.weight <= 0 || b.weight > 1e6) return Fail("weights", "must be > 0");
    if (!std::isfinite(b.speed) || b.speed <= 0 || b.speed > 1e6) return Fail("speed", "must be > 0");
    if (!std::isfinite(b.fail_at_s) || b.fail_at_s < 0) return Fail("fail_at_s", "must be ≥ 0");
  }
  if (!std::isfinite(d.arrival_rate_per_s) || d.arrival_rate_per_s <= 0 || d.arrival_rate_per_s > 1e9)
    return Fail("arrival_rate", "must be > 0");
  if (!std::isfinite(d.service_rate_per_s) || d.service_rate_per_s <= 0 || d.service_rate_per_s > 1e9)
    return Fail("service_rate", "must be > 0");
  if (d.workers_per_backend < 1 || d.workers_per_backend > 10000) return Fail("workers", "must be 1..10000");
  if (!std::isfinite(d.service_cv) || d.service_cv < 0 || d.service_cv > 100) return Fail("service_cv", "must be 0..100");
  if (d.clients < 1 || d.clients > 10'000'000) return Fail("clients", "must be 1..10^7");
  if (!std::isfinite(d.client_zipf) || d.client_zipf < 0 || d.client_zipf > 5) return Fail("client_zipf", "must be 0..5");
  if (d.requests_per_connection < 1) return Fail("requests_per_connection", "must be ≥ 1");
  if (d.requests < 1000 || d.requests > 10'000'000) return Fail("requests", "must be between 1000 and 10^7");
  for (double v : {d.l7_overhead_s, d.l4_overhead_s, d.health_check_interval_s})
    if (!std::isfinite(v) || v < 0) return Fail("time", "must be ≥ 0");
  if (!std::isfinite(d.timeout_s) || d.timeout_s <= 0) return Fail("timeout_s", "must be > 0");
  if (d.unhealthy_threshold < 1) return Fail("unhealthy_threshold", "must be ≥ 1");
  if (!std::isfinite(d.ewma_alpha) || d.ewma_alpha <= 0 || d.ewma_alpha > 1) return Fail("ewma_alpha", "must be in (0, 1]");

  Rng arrivals = Rng(d.seed).Fork(1);
  Rng clients_rng = Rng(d.seed).Fork(2);
  Rng services = Rng(d.seed).Fork(3);
  Rng choice = Rng(d.seed).Fork(4);
  const ClientPopulation population(d.clients, d.client_zipf);
  const sample_stats::ServiceSampler unit(1.0, d.service_cv);
  Balancer balancer(d, choice);
  const bool l4 = d.layer == LbLayer::L4;
  const double overhead = l4 ? d.l4_overhead_s : d.l7_overhead_s;
  const double detect = d.health_check_interval_s * d.unhealthy_threshold;

  std::vector<BackendState> b(nb);
  for (BackendState& st : b)
    for (int w = 0; w < d.workers_per_backend; ++w) st.free_at.push(0.0);
  std::priority_queue<Completion, std::vector<Completion>, LaterCompletion> completions;
  std::uint64_t seq = 0;
  struct Connection {
    int backend = -1;
    int remaining = 0;
  };
  std::vector<Connection> conns(l4 ? static_cast<std::size_t>(d.clients) : 0);
  std::vector<int> eligible;
  eligible.reserve(nb);
  std::vector<double> all_latencies;
  const std::uint64_t warm = d.requests / 20;
  all_latencies.reserve(static_cast<std::size_t>(d.requests - warm));
  std::uint64_t errors = 0, no_backend = 0;
  double t = 0;
  for (std::uint64_t i = 0; i < d.requests; ++i) {
    t += arrivals.Exponential(d.arrival_rate_per_s);
    const int client = population.Draw(clients_rng);
    const double work = unit.Sample(services);
    while (!completions.empty() && completions.top().t <= t) {
      const Completion c = completions.top();
      completions.pop();
      BackendState& st = b[static_cast<std::size_t>(c.backend)];
      --st.open;
      st.ewma = st.ewma_set ? (1 - d.ewma_alpha) * st.ewma + d.ewma_alpha * c.response : c.response;
      st.ewma_set = true;
    }
    eligible.clear();
    for (std::size_t k = 0; k < nb; ++k) {
      const BackendDef& bd = d.backends[k];
      const bool removed = d.health_checks && bd.failed && t >= bd.fail_at_s + detect;
      if (!removed) eligible.push_back(static_cast<int>(k));
    }
    const bool measure = i >= warm;
    if (eligible.empty()) {
      ++no_backend;
      if (measure) {
        ++errors;
        all_latencies.push_back(overhead);
      }
      continue;
    }
    int chosen = -1;
    if (l4) {
      Connection& cn = conns[static_cast<std::size_t>(client)];
      const bool alive = cn.backend >= 0 && std::find(eligible.begin(), eligible.end(), cn.backend) != eligible.end();
      if (cn.remaining <= 0 || !alive) {
        cn.backend = balancer.Choose(d.strategy, eligible, b, client);
        cn.remaining = d.requests_per_connection;
      }
      --cn.remaining;
      chosen = cn.backend;
    } else {
      chosen = balancer.Choose(d.strategy, eligible, b, client);
    }
    BackendState& st = b[static_cast<std::size_t>(chosen)];
    const BackendDef& bd = d.backends[static_cast<std::size_t>(chosen)];
    double response = 0;
    bool error = false;
    if (bd.failed && t >= bd.fail_at_s) {
      response = d.timeout_s;
      error = true;
    } else {
      const double service = work / (d.service_rate_per_s * bd.speed);
      const double free = st.free_at.top();
      st.free_at.pop();
      const double start = std::max(t, free);
      const double finish = start + service;
      st.free_at.push(finish);
      if (measure) st.busy += service;
      response = finish - t;
    }
    ++st.open;
    completions.push(Completion{t + response, seq++, chosen, response});
    if (measure) {
      ++st.requests;
      const double latency = response + overhead;
      st.latencies.push_back(latency);
      all_latencies.push_back(latency);
      if (error) {
        ++st.errors;
        ++errors;
      }
    }
  }

  BalanceResult r;
  r.strategy = d.strategy;
  r.layer = d.layer;
  r.requests = d.requests - warm;
  r.simulated_time_s = t;
  r.errors = errors;
  r.error_rate = r.requests > 0 ? static_cast<double>(errors) / static_cast<double>(r.requests) : 0;
  // The measured window starts at the first measured arrival; approximate it by the share of time.
  const double window = t * static_cast<double>(d.requests - warm) / static_cast<double>(d.requests);
  double capacity = 0;
  double sum_req = 0, max_req = 0, sum_util = 0, max_util = 0;
  for (std::size_t k = 0; k < nb; ++k) {
    BackendState& st = b[k];
    const BackendDef& bd = d.backends[k];
    BackendStats s;
    s.index = static_cast<int>(k);
    s.weight = bd.weight;
    s.speed = bd.speed;
    s.failed = bd.failed;
    s.requests = st.requests;
    s.share = r.requests > 0 ? static_cast<double>(st.requests) / static_cast<double>(r.requests) : 0;
    s.utilization = window > 0 ? std::min(1.0, st.busy / (d.workers_per_backend * window)) : 0;
    s.errors = st.errors;
    std::sort(st.latencies.begin(), st.latencies.end());
    double sum = 0;
    for (double v : st.latencies) sum += v;
    s.mean_ms = st.latencies.empty() ? 0 : 1000 * sum / static_cast<double>(st.latencies.size());
    s.p50_ms = 1000 * sample_stats::Percentile(st.latencies, 0.5);
    s.p99_ms = 1000 * sample_stats::Percentile(st.latencies, 0.99);
    sum_req += static_cast<double>(s.requests);
    max_req = std::max(max_req, static_cast<double>(s.requests));
    sum_util += s.utilization;
    max_util = std::max(max_util, s.utilization);
    if (!bd.failed) capacity += d.workers_per_backend * d.service_rate_per_s * bd.speed;
    r.per_backend.push_back(s);
  }
  const double nbd = static_cast<double>(nb);
  r.max_over_avg = sum_req > 0 ? max_req / (sum_req / nbd) : 0;
  r.utilization_max_over_avg = sum_util > 0 ? max_util / (sum_util / nbd) : 0;
  r.offered_utilization = capacity > 0 ? d.arrival_rate_per_s / capacity : 0;
  double total = 0;
  for (double v : all_latencies) total += v;
  r.mean_ms = all_latencies.empty() ? 0 : 1000 * total / static_cast<double>(all_latencies.size());
  std::sort(all_latencies.begin(), all_latencies.end());
  r.p50_ms = 1000 * sample_stats::Percentile(all_latencies, 0.50);
  r.p95_ms = 1000 * sample_stats::Percentile(all_latencies, 0.95);
  r.p99_ms = 1000 * sample_stats::Percentile(all_latencies, 0.99);
  r.p999_ms = 1000 * sample_stats::Percentile(all_latencies, 0.999);

  bool homogeneous = d.workers_per_backend == 1 && d.service_cv == 1.0;
  for (const BackendDef& bd : d.backends) homogeneous = homogeneous && bd.speed == 1.0 && !bd.failed;
  const double per_backend = d.arrival_rate_per_s / nbd;
  if (homogeneous && per_backend < d.service_rate_per_s) {
    r.random_mm1_p99_ms = 1000 * (kLn100 / (d.service_rate_per_s - per_backend) + overhead);
    r.notes.push_back("reference: random routing makes each backend M/M/1 at λ/N → p99 = ln(100)/(μ − λ/N) = " +
                      Fmt(r.random_mm1_p99_ms) + " ms");
  }
  if (r.offered_utilization >= 1)
    r.notes.push_back("the pool is overloaded (offered utilisation " + Fmt(r.offered_utilization) +
                      "): queues grow for the whole run whatever the strategy");
  for (const BackendDef& bd : d.backends) {
    if (!bd.failed) continue;
    if (d.health_checks)
      r.notes.push_back("a failed backend leaves the rotation after " + Fmt(detect) + " s of health checks (" +
                        std::to_string(d.unhealthy_threshold) + " × " + Fmt(d.health_check_interval_s) + " s)");
    else
      r.notes.push_back("no health checks: the failed backend stays in the rotation and its requests time out");
    break;
  }
  if (no_backend > 0) r.notes.push_back(std::to_string(no_backend) + " requests found no healthy backend (503)");
  if (d.strategy == LbStrategy::IpHash)
    r.notes.push_back("ip_hash is sticky: a backend's load follows its clients; removing a backend remaps most "
                      "clients (hash mod N)");
  if (l4) r.notes.push_back("L4: one decision per connection of " + std::to_string(d.requests_per_connection) +
                            " requests; the balancer cannot see individual requests");
  return r;
}

Expected<std::vector<BalanceResult>, InputError> CompareStrategies(const BalanceDef& def,
                                                                   const std::vector<LbStrategy>& strategies) {
  std::vector<BalanceResult> out;
  for (LbStrategy s : strategies) {
    BalanceDef d = def;
    d.strategy = s;
    auto r = SimulateBalance(d);
    if (!r) return Unexpected<InputError>{r.error()};
    out.push_back(std::move(*r));
  }
  return out;
}

LoadBalancerAssessment AssessLoadBalancer(const Blueprint& bp, const Component& lb) {
  LoadBalancerAssessment a;
  a.component = lb.id;
  a.strategy = std::string(StrategyKey(lb.strategy));
  a.layer = lb.layer == LbLayer::L4 ? "l4" : "l7";
  a.replicas = lb.replicas;
  a.health_checks = lb.health_checks;
  a.spof = lb.replicas <= 1;
  for (const Link& l : bp.links) {
    if (l.from != lb.id) continue;
    a.backends.push_back(l.to);
    if (const Component* c = bp.FindComponent(l.to)) a.backend_nodes += std::max(1, c->replicas);
  }
  if (a.spof) a.findings.push_back("a single load balancer is a single point of failure: run a pair (active-passive "
                                   "with a floating IP, or DNS over several)");
  if (!lb.health_checks)
    a.findings.push_back("no health checks: a dead backend keeps receiving its share of requests, which time out");
  if (a.backend_nodes == 1) a.findings.push_back("one backend node behind the balancer: nothing to balance or fail over to");
  if (lb.strategy == LbStrategy::IpHash)
    a.findings.push_back("ip_hash is sticky: hot clients pin load to one backend and sessions break when it fails "
                         "unless session state is shared");
  if (lb.layer == LbLayer::L4 && lb.strategy == LbStrategy::LeastResponseTime)
    a.findings.push_back("least response time needs request-level visibility (L7); at L4 it sees connections only");
  if (lb.strategy == LbStrategy::RoundRobin || lb.strategy == LbStrategy::Random)
    a.findings.push_back(std::string(StrategyKey(lb.strategy)) +
                         " ignores backend load: least connections or power of two choices cut tail latency under "
                         "uneven requests");
  return a;
}

nlohmann::json ToJson(const BalanceResult& r) {
  nlohmann::json j;
  j["strategy"] = std::string(StrategyKey(r.strategy));
  j["layer"] = r.layer == LbLayer::L4 ? "l4" : "l7";
  nlohmann::json per = nlohmann::json::array();
  for (const BackendStats& s : r.per_backend) {
    per.push_back({{"index", s.index},
                   {"weight", JsonNumber(s.weight)},
                   {"speed", JsonNumber(s.speed)},
                   {"failed", s.failed},
                   {"requests", s.requests},
                   {"share", JsonNumber(s.share)},
                   {"utilization", JsonNumber(s.utilization)},
                   {"mean_ms", JsonNumber(s.mean_ms)},
                   {"p50_ms", JsonNumber(s.p50_ms)},
                   {"p99_ms", JsonNumber(s.p99_ms)},
                   {"errors", s.errors}});
  }
  j["per_backend"] = per;
  j["max_over_avg"] = JsonNumber(r.max_over_avg);
  j["utilization_max_over_avg"] = JsonNumber(r.utilization_max_over_avg);
  j["mean_ms"] = JsonNumber(r.mean_ms);
  j["p50_ms"] = JsonNumber(r.p50_ms);
  j["p95_ms"] = JsonNumber(r.p95_ms);
  j["p99_ms"] = JsonNumber(r.p99_ms);
  j["p999_ms"] = JsonNumber(r.p999_ms);
  j["error_rate"] = JsonNumber(r.error_rate);
  j["errors"] = r.errors;
  j["requests"] = r.requests;
  j["simulated_time_s"] = JsonNumber(r.simulated_time_s);
  j["offered_utilization"] = JsonNumber(r.offered_utilization);
  j["random_mm1_p99_ms"] = r.random_mm1_p99_ms > 0 ? JsonNumber(r.random_mm1_p99_ms) : nlohmann::json(nullptr);
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const std::vector<BalanceResult>& side_by_side) {
  nlohmann::json cmp = nlohmann::json::array();
  nlohmann::json all = nlohmann::json::array();
  for (const BalanceResult& r : side_by_side) {
    cmp.push_back({{"strategy", std::string(StrategyKey(r.strategy))},
                   {"p50_ms", JsonNumber(r.p50_ms)},
                   {"p95_ms", JsonNumber(r.p95_ms)},
                   {"p99_ms", JsonNumber(r.p99_ms)},
                   {"max_over_avg", JsonNumber(r.max_over_avg)},
                   {"error_rate", JsonNumber(r.error_rate)}});
    all.push_back(ToJson(r));
  }
  return nlohmann::json{{"comparison", cmp}, {"results", all}};
}

nlohmann::json ToJson(const LoadBalancerAssessment& a) {
  return nlohmann::json{{"component", a.component},     {"strategy", a.strategy},
                        {"layer", a.layer},             {"replicas", a.replicas},
                        {"health_checks", a.health_checks}, {"spof", a.spof},
                        {"backends", a.backends},       {"backend_nodes", a.backend_nodes},
                        {"findings", a.findings}};
}

}  // namespace sdlab::balance
