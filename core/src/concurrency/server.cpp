// Server concurrency models (thread per request, thread pool, event loop) and Amdahl's law. See
// sdlab/concurrency.h for the model and its assumptions.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/concurrency.h"
#include "sdlab/queue.h"
#include "sdlab/units.h"

namespace sdlab::concurrency {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

bool Finite(double v) { return std::isfinite(v); }

void Add(std::vector<Formula>& f, std::string key, std::string text) { f.push_back({std::move(key), std::move(text)}); }

nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }

nlohmann::json FormulasJson(const std::vector<Formula>& fs) {
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : fs) f[x.key] = x.text;
  return f;
}

}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

std::string_view ServerModelName(ServerModel m) {
  switch (m) {
    case ServerModel::ThreadPerRequest: return "thread_per_request";
    case ServerModel::ThreadPool: return "thread_pool";
    case ServerModel::EventLoop: return "event_loop";
  }
  return "thread_pool";
}

std::optional<ServerModel> ParseServerModel(std::string_view s) {
  if (s == "thread_per_request" || s == "thread-per-request" || s == "per_request") return ServerModel::ThreadPerRequest;
  if (s == "thread_pool" || s == "thread-pool" || s == "pool") return ServerModel::ThreadPool;
  if (s == "event_loop" || s == "event-loop" || s == "async") return ServerModel::EventLoop;
  return std::nullopt;
}

Expected<ServerMetrics, InputError> AnalyzeServer(const ServerDef& d) {
  if (!Finite(d.arrival_rate) || d.arrival_rate < 0 || d.arrival_rate > 1e12)
    return Fail("arrival_rate", "must be between 0 and 1e12 per second");
  if (!Finite(d.cpu_time_s) || d.cpu_time_s <= 0 || d.cpu_time_s > 3600)
    return Fail("cpu_time", "must be above 0 and at most 1 h");
  if (!Finite(d.blocking_time_s) || d.blocking_time_s < 0 || d.blocking_time_s > 3600)
    return Fail("blocking_time", "must be between 0 and 1 h");
  if (d.cores < 1 || d.cores > 100000) return Fail("cores", "must be between 1 and 100000");
  if (d.threads < 1 || d.threads > 1000000) return Fail("threads", "must be between 1 and 1000000");
  if (!Finite(d.stack_bytes) || d.stack_bytes <= 0 || d.stack_bytes > 1e12)
    return Fail("stack", "must be above 0 and at most 1 TB");
  if (!Finite(d.context_switch_s) || d.context_switch_s < 0 || d.context_switch_s > 1)
    return Fail("context_switch", "must be between 0 and 1 s");
  if (d.memory_bytes && (!Finite(*d.memory_bytes) || *d.memory_bytes <= 0 || *d.memory_bytes > 1e18))
    return Fail("memory", "must be above 0 and at most 1 EB");

  ServerMetrics m;
  m.model = d.model;
  const double lambda = d.arrival_rate, cpu = d.cpu_time_s, block = d.blocking_time_s;
  const bool threaded = d.model != ServerModel::EventLoop;
  const double switches = threaded && block > 0 ? 2.0 : 0.0;
  m.cpu_per_request_s = cpu + switches * d.context_switch_s;
  m.time_held_s = threaded ? cpu + block : m.cpu_per_request_s;
  m.concurrency = lambda * (cpu + block);
  m.threads_needed = lambda * m.time_held_s;
  m.io_bound = block > cpu;
  m.max_throughput_cpu = d.cores / m.cpu_per_request_s;
  m.goetz_pool_size = d.cores * (1 + block / cpu);
  auto& F = m.formulas;
  Add(F, "concurrency", "L = λ × (cpu + blocking) = " + Fmt(lambda) + " × (" + Fmt(cpu) + " + " + Fmt(block) + ") = " +
                            Fmt(m.concurrency) + " requests in flight (Little)");
  Add(F, "cpu_per_request", "CPU per request = cpu + switches × cost = " + Fmt(cpu) + " + " + Fmt(switches) + " × " +
                                Fmt(d.context_switch_s) + " = " + Fmt(m.cpu_per_request_s) + " s");
  Add(F, "max_throughput_cpu", "X_cpu = cores ÷ CPU per request = " + std::to_string(d.cores) + " ÷ " +
                                   Fmt(m.cpu_per_request_s) + " = " + Fmt(m.max_throughput_cpu) + "/s");
  Add(F, "goetz_pool_size", "pool to keep the cores busy = cores × (1 + blocking ÷ cpu) = " + std::to_string(d.cores) +
                                " × (1 + " + Fmt(block) + " ÷ " + Fmt(cpu) + ") = " + Fmt(m.goetz_pool_size));

  std::optional<double> thread_cap;  // max throughput from the threads (none = unbounded)
  switch (d.model) {
    case ServerModel::ThreadPool: {
      m.threads = d.threads;
      thread_cap = d.threads / m.time_held_s;
      m.thread_utilization = m.threads_needed / d.threads;
      Add(F, "threads_needed", "threads needed = λ × time held = " + Fmt(lambda) + " × " + Fmt(m.time_held_s) + " = " +
                                   Fmt(m.threads_needed) + " (Little)");
      Add(F, "max_throughput_threads", "X_threads = T ÷ time held = " + std::to_string(d.threads) + " ÷ " +
                                           Fmt(m.time_held_s) + " = " + Fmt(*thread_cap) + "/s");
      break;
    }
    case ServerModel::ThreadPerRequest: {
      m.threads = static_cast<int>(std::min(1e9, std::ceil(m.concurrency - 1e-9)));
      Add(F, "threads_needed", "threads = concurrency = λ × time held = " + Fmt(lambda) + " × " + Fmt(m.time_held_s) +
                                   " = " + Fmt(m.threads_needed) + " (one per request in flight)");
      if (d.memory_bytes) {
        const double max_threads = std::floor(*d.memory_bytes / d.stack_bytes);
        thread_cap = max_threads / m.time_held_s;
        Add(F, "max_throughput_threads", "X_memory = ⌊memory ÷ stack⌋ ÷ time held = " + Fmt(max_threads) + " ÷ " +
                                             Fmt(m.time_held_s) + " = " + Fmt(*thread_cap) + "/s");
      }
      break;
    }
    case ServerModel::EventLoop: {
      m.threads = d.cores;
      m.threads_needed = lambda * m.cpu_per_request_s;
      Add(F, "threads_needed", "busy loops = λ × CPU per request = " + Fmt(lambda) + " × " + Fmt(m.cpu_per_request_s) +
                                   " = " + Fmt(m.threads_needed) + " of " + std::to_string(d.cores) +
                                   " (waiting holds no thread)");
      m.notes.push_back("the event loop assumes non-blocking I/O: one blocking call in a callback stalls every request "
                        "on that core");
      break;
    }
  }
  m.threads_unbounded = !thread_cap.has_value();
  m.max_throughput_threads = thread_cap.value_or(0);
  m.max_throughput = thread_cap ? std::min(*thread_cap, m.max_throughput_cpu) : m.max_throughput_cpu;
  m.bottleneck = thread_cap && *thread_cap < m.max_throughput_cpu
                     ? (d.model == ServerModel::ThreadPerRequest ? "memory" : "threads")
                     : "cpu";
  m.overloaded = lambda > m.max_throughput * (1 + 1e-12);
  Add(F, "max_throughput", "X_max = min(X_cpu" + std::string(thread_cap ? ", X_threads" : "") + ") = " +
                               Fmt(m.max_throughput) + "/s (" + m.bottleneck + " bound)");
  m.cpu_utilization = std::min(1.0, lambda * m.cpu_per_request_s / d.cores);
  Add(F, "cpu_utilization", "CPU utilisation = λ × CPU per request ÷ cores = " + Fmt(lambda) + " × " +
                                Fmt(m.cpu_per_request_s) + " ÷ " + std::to_string(d.cores) + " = " +
                                Fmt(lambda * m.cpu_per_request_s / d.cores));
  m.context_switches_per_s = lambda * switches;
  m.switch_cpu_fraction = std::min(1.0, m.context_switches_per_s * d.context_switch_s / d.cores);
  if (threaded)
    Add(F, "switch_cpu_fraction", "switching share of CPU = λ × " + Fmt(switches) + " × " + Fmt(d.context_switch_s) +
                                      " ÷ cores = " + Fmt(m.switch_cpu_fraction));
  m.thread_memory_bytes = m.threads * d.stack_bytes;
  Add(F, "thread_memory", "thread memory = threads × stack = " + std::to_string(m.threads) + " × " +
                              units::FormatBytes(d.stack_bytes, true) + " = " +
                              units::FormatBytes(m.thread_memory_bytes, true));
  if (d.memory_bytes) m.memory_exceeded = m.thread_memory_bytes > *d.memory_bytes;
  if (m.overloaded)
    m.notes.push_back("offered " + units::FormatRate(lambda) + " exceeds the " + m.bottleneck + " cap of " +
                      units::FormatRate(m.max_throughput) + ": the queue (or thread count) grows without bound");
  if (m.memory_exceeded && *m.memory_exceeded)
    m.notes.push_back("thread stacks need " + units::FormatBytes(m.thread_memory_bytes, true) + ", more than the " +
                      units::FormatBytes(*d.memory_bytes, true) + " of the node");
  if (d.model == ServerModel::ThreadPool && !m.overloaded && lambda > 0) {
    const queue::QueueMetrics q = queue::AnalyzeMmc(lambda, 1 / m.time_held_s, d.threads);
    if (q.stable) {
      m.queue_wait_mean_s = q.mean_wait_s;
      m.response_p99_s = q.response_p99_s;
      Add(F, "queue_wait", "M/M/c, c = T = " + std::to_string(d.threads) + ", μ = 1 ÷ " + Fmt(m.time_held_s) +
                               ": P(wait) = " + Fmt(q.p_wait) + ", W_q = " + Fmt(q.mean_wait_s.value_or(0)) + " s");
      if (m.cpu_utilization > 0.8)
        m.notes.push_back("the CPU is " + units::FormatPercent(m.cpu_utilization, 3) +
                          " busy: requests also queue for a core, so real waits exceed the pool-only figure");
    }
  }
  if (d.model == ServerModel::ThreadPool && d.threads < m.goetz_pool_size * 0.5 && m.io_bound)
    m.notes.push_back("I/O-bound work on a pool smaller than cores × (1 + blocking ÷ cpu): the cores idle while "
                      "every worker waits");
  return m;
}

std::vector<ServerMetrics> CompareServerModels(const ServerDef& def) {
  std::vector<ServerMetrics> out;
  for (ServerModel m : {ServerModel::ThreadPerRequest, ServerModel::ThreadPool, ServerModel::EventLoop}) {
    ServerDef d = def;
    d.model = m;
    auto r = AnalyzeServer(d);
    if (r) out.push_back(*r);
  }
  return out;
}

nlohmann::json ToJson(const ServerMetrics& m) {
  nlohmann::json j;
  j["model"] = std::string(ServerModelName(m.model));
  j["time_unit"] = "s";
  j["time_held"] = JsonNumber(m.time_held_s);
  j["cpu_per_request"] = JsonNumber(m.cpu_per_request_s);
  j["concurrency"] = JsonNumber(m.concurrency);
  j["threads_needed"] = JsonNumber(m.threads_needed);
  j["threads"] = m.threads;
  j["max_throughput_threads"] = m.threads_unbounded ? nlohmann::json(nullptr) : JsonNumber(m.max_throughput_threads);
  j["max_throughput_cpu"] = JsonNumber(m.max_throughput_cpu);
  j["max_throughput"] = JsonNumber(m.max_throughput);
  j["bottleneck"] = m.bottleneck;
  j["io_bound"] = m.io_bound;
  j["overloaded"] = m.overloaded;
  j["cpu_utilization"] = JsonNumber(m.cpu_utilization);
  j["thread_utilization"] = JsonNumber(m.thread_utilization);
  j["context_switches_per_s"] = JsonNumber(m.context_switches_per_s);
  j["switch_cpu_fraction"] = JsonNumber(m.switch_cpu_fraction);
  j["thread_memory_bytes"] = JsonNumber(m.thread_memory_bytes);
  j["memory_exceeded"] = m.memory_exceeded ? nlohmann::json(*m.memory_exceeded) : nlohmann::json(nullptr);
  j["goetz_pool_size"] = JsonNumber(m.goetz_pool_size);
  j["queue_wait_mean"] = Opt(m.queue_wait_mean_s);
  j["response_p99"] = Opt(m.response_p99_s);
  j["formulas"] = FormulasJson(m.formulas);
  j["notes"] = m.notes;
  return j;
}

Expected<AmdahlResult, InputError> Amdahl(double p, int n) {
  if (!Finite(p) || p < 0 || p > 1) return Fail("parallel_fraction", "must be between 0 and 1");
  if (n < 1 || n > 100000000) return Fail("workers", "must be between 1 and 10^8");
  AmdahlResult a;
  a.parallel_fraction = p;
  a.workers = n;
  a.speedup = 1 / ((1 - p) + p / n);
  a.efficiency = a.speedup / n;
  Add(a.formulas, "speedup", "S(N) = 1 ÷ ((1 − p) + p ÷ N) = 1 ÷ (" + Fmt(1 - p) + " + " + Fmt(p) + " ÷ " +
                                 std::to_string(n) + ") = " + Fmt(a.speedup));
  Add(a.formulas, "efficiency", "efficiency = S ÷ N = " + Fmt(a.speedup) + " ÷ " + std::to_string(n) + " = " +
                                    Fmt(a.efficiency));
  if (p < 1) {
    a.max_speedup = 1 / (1 - p);
    Add(a.formulas, "max_speedup", "S(∞) = 1 ÷ (1 − p) = 1 ÷ " + Fmt(1 - p) + " = " + Fmt(*a.max_speedup));
  }
  return a;
}

nlohmann::json ToJson(const AmdahlResult& a) {
  return {{"parallel_fraction", JsonNumber(a.parallel_fraction)},
          {"workers", a.workers},
          {"speedup", JsonNumber(a.speedup)},
          {"efficiency", JsonNumber(a.efficiency)},
          {"max_speedup", Opt(a.max_speedup)},
          {"formulas", FormulasJson(a.formulas)}};
}

}  // namespace sdlab::concurrency
