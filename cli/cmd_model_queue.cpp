// `sdlab model queue`: M/M/1, M/M/c (Erlang C), M/M/c/K, M/G/1 from flags; optionally the same queue
// simulated (--simulate) and a broker run with a delivery guarantee (--delivery / --broker).
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/queue.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct QueueArgs {
  std::string format;
  std::string arrival_rate, service_rate;
  int servers = 1;
  int capacity = 0;
  double service_cv = 1.0;
  bool simulate = false;
  std::uint64_t requests = 100000;
  std::uint64_t seed = 1;
  int curve = 0;
  // broker
  std::string delivery, exactly_once, broker, pattern, acks;
  int partitions = 0, consumer_groups = 1, max_attempts = 4;
  std::string failure_prob, poison, visibility_timeout, commit_interval, crash_rate, recovery, duration;
  std::string burst_on, burst_off, spike_every, spike_duration;
  double spike_multiplier = 10;
  bool no_dlq = false;
};

// A rate: "80/s", "5K/min", "100 rps"; a bare number is per second.
std::optional<double> ReadRate(const std::string& flag, const std::string& text, Context& ctx) {
  auto r = units::ParseRate(text);
  if (r) return *r;
  auto c = units::ParseCount(text);
  if (c) return *c;
  ctx.err << "sdlab model queue: " << flag << ": " << r.error().Message() << "\n";
  return std::nullopt;
}

// A duration: "200ms", "30s", "2h"; a bare number is seconds.
std::optional<double> ReadDuration(const std::string& flag, const std::string& text, Context& ctx) {
  auto d = units::ParseDuration(text);
  if (d) return *d;
  auto c = units::ParseCount(text);
  if (c) return *c;
  ctx.err << "sdlab model queue: " << flag << ": " << d.error().Message() << "\n";
  return std::nullopt;
}

std::optional<double> ReadFraction(const std::string& flag, const std::string& text, Context& ctx) {
  auto f = units::ParseFraction(text);
  if (f) return *f;
  ctx.err << "sdlab model queue: " << flag << ": " << f.error().Message() << "\n";
  return std::nullopt;
}

std::string Time(const std::optional<double>& s) { return s ? units::FormatDuration(*s) : "unbounded"; }
std::string Num(double v) { return units::FormatNumber(v, 4); }

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(22) << name << value << "\n";
}

void PrintMetrics(std::ostream& out, const queue::QueueMetrics& m) {
  out << m.model << (m.exact ? "" : " (approximation)") << (m.stable ? "" : " — UNSTABLE") << "\n";
  Row(out, "offered load", Num(m.offered_load) + " Erlangs");
  Row(out, "utilization", units::FormatPercent(m.utilization, 4));
  Row(out, "p_wait", units::FormatPercent(m.p_wait, 4));
  if (m.p_block) Row(out, "p_block", units::FormatPercent(*m.p_block, 4));
  Row(out, "throughput", units::FormatRate(m.throughput));
  if (!m.stable) Row(out, "backlog growth", units::FormatRate(m.backlog_growth_per_s));
  Row(out, "mean wait", Time(m.mean_wait_s));
  Row(out, "mean response", Time(m.mean_response_s));
  Row(out, "mean queue length", m.mean_queue_length ? Num(*m.mean_queue_length) : "unbounded");
  Row(out, "mean in system", m.mean_in_system ? Num(*m.mean_in_system) : "unbounded");
  if (m.wait_p99_s) Row(out, "wait p50/p95/p99", Time(m.wait_p50_s) + " / " + Time(m.wait_p95_s) + " / " + Time(m.wait_p99_s));
  if (m.response_p99_s)
    Row(out, "response p50/p95/p99",
        Time(m.response_p50_s) + " / " + Time(m.response_p95_s) + " / " + Time(m.response_p99_s));
  out << "\nformulas\n";
  for (const auto& f : m.formulas) out << "  " << f.text << "\n";
  if (!m.notes.empty()) {
    out << "\nnotes\n";
    for (const auto& n : m.notes) out << "  - " << n << "\n";
  }
}

std::string Ci(const queue::ConfidenceInterval& c, bool time) {
  auto f = [&](double v) { return time ? units::FormatDuration(v) : units::FormatNumber(v, 4); };
  return f(c.mean) + "  [" + f(c.low) + ", " + f(c.high) + "]";
}

void PrintSimulation(std::ostream& out, const queue::QueueSimResult& s) {
  out << "\nsimulation (" << s.requests << " arrivals, " << s.measured << " measured; 95% intervals)\n";
  Row(out, "mean wait", Ci(s.mean_wait_s, true));
  Row(out, "mean response", Ci(s.mean_response_s, true));
  Row(out, "p_wait", Ci(s.p_wait, false));
  Row(out, "p_block", Ci(s.p_block, false));
  Row(out, "mean queue length", Ci(s.mean_queue_length, false));
  Row(out, "utilization", units::FormatPercent(s.utilization, 4));
  Row(out, "response p50/p95/p99", units::FormatDuration(s.response_p50_s) + " / " +
                                       units::FormatDuration(s.response_p95_s) + " / " +
                                       units::FormatDuration(s.response_p99_s));
}

void PrintBroker(std::ostream& out, const queue::BrokerResult& b, const queue::BrokerDef& d) {
  out << "\nbroker (" << queue::BrokerModeName(d.mode) << " mode, " << DeliveryName(d.delivery) << ")\n";
  Row(out, "produced", std::to_string(b.produced));
  Row(out, "delivered", std::to_string(b.delivered) + " of " + std::to_string(b.expected));
  Row(out, "duplicated", std::to_string(b.duplicated) +
                             (b.duplicates_suppressed ? " (" + std::to_string(b.duplicates_suppressed) + " suppressed)" : ""));
  Row(out, "lost", std::to_string(b.lost));
  Row(out, "dead-lettered", std::to_string(b.dead_lettered));
  Row(out, "retries", std::to_string(b.retries));
  Row(out, "redeliveries", std::to_string(b.redeliveries));
  Row(out, "consumer crashes", std::to_string(b.crashes));
  Row(out, "max backlog", std::to_string(b.max_backlog));
  Row(out, "latency p50/p99/p999", units::FormatDuration(b.latency_p50_s) + " / " + units::FormatDuration(b.latency_p99_s) +
                                       " / " + units::FormatDuration(b.latency_p999_s));
  for (const auto& n : b.notes) out << "  - " << n << "\n";
}

}  // namespace

void AddModelQueueCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<QueueArgs>();
  CLI::App* cmd = model.add_subcommand(
      "queue", "Queues: M/M/1, M/M/c (Erlang C), M/M/c/K, M/G/1; --simulate to check; --delivery for a broker run");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--arrival-rate", a->arrival_rate, "λ: arrivals, e.g. 80/s, 5K/min (a bare number is per second)")
      ->required();
  cmd->add_option("--service-rate", a->service_rate, "μ: completions per server, e.g. 10/s")->required();
  cmd->add_option("--servers", a->servers, "c: servers (default 1)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--capacity", a->capacity, "K: most requests in the system (M/M/c/K)")->check(CLI::Range(1, 2000000));
  cmd->add_option("--service-cv", a->service_cv, "Service-time coefficient of variation (1 = exponential)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_flag("--simulate", a->simulate, "Also simulate the queue (95% confidence intervals)");
  cmd->add_option("--requests", a->requests, "Simulated arrivals (default 100000)")->check(CLI::Range(100, 10000000));
  cmd->add_option("--seed", a->seed, "Random seed (default 1)");
  cmd->add_option("--curve", a->curve, "Add the Erlang C curve with this many points")->check(CLI::Range(1, 1000));
  cmd->add_option("--delivery", a->delivery, "Broker run: at-most-once, at-least-once or exactly-once");
  cmd->add_option("--exactly-once", a->exactly_once, "How exactly-once is reached: idempotent (default) or transactional");
  cmd->add_option("--broker", a->broker, "Broker mode: log (Kafka-like, default) or queue (RabbitMQ-like)");
  cmd->add_option("--partitions", a->partitions, "Log mode: partitions (default: the servers)")->check(CLI::Range(1, 10000));
  cmd->add_option("--consumer-groups", a->consumer_groups, "Consumer groups, each gets every message")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--pattern", a->pattern, "Arrivals: steady (default), bursty (on/off), spiky");
  cmd->add_option("--burst-on", a->burst_on, "Bursty: on period (default 10s); the arrival rate applies while on");
  cmd->add_option("--burst-off", a->burst_off, "Bursty: off period (default 10s)");
  cmd->add_option("--spike-every", a->spike_every, "Spiky: time between spikes (default 60s)");
  cmd->add_option("--spike-duration", a->spike_duration, "Spiky: spike length (default 5s)");
  cmd->add_option("--spike-multiplier", a->spike_multiplier, "Spiky: rate multiplier during a spike (default 10)")
      ->check(CLI::Range(0.0, 10000.0));
  cmd->add_option("--acks", a->acks, "Producer acks: none, leader (default), all");
  cmd->add_option("--failure-prob", a->failure_prob, "Chance a processing attempt fails, e.g. 1% (default 1%)");
  cmd->add_option("--poison", a->poison, "Share of messages that always fail (default 0.05%)");
  cmd->add_option("--max-attempts", a->max_attempts, "Attempts before dead-lettering (default 4)")->check(CLI::Range(1, 100));
  cmd->add_flag("--no-dlq", a->no_dlq, "No dead-letter queue: exhausted messages are dropped");
  cmd->add_option("--visibility-timeout", a->visibility_timeout, "Queue mode: redelivery after this (default 30s)");
  cmd->add_option("--commit-interval", a->commit_interval, "Log mode: offset commit period (default 1s; 0 = per message)");
  cmd->add_option("--crash-rate", a->crash_rate, "Crashes per consumer, e.g. 1/h (default none)");
  cmd->add_option("--recovery", a->recovery, "Time until a crashed consumer's work resumes (default 10s)");
  cmd->add_option("--duration", a->duration, "Broker run: how long producers send (default: long enough for --requests)");
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model queue: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    const auto lambda = ReadRate("--arrival-rate", a->arrival_rate, ctx);
    const auto mu = ReadRate("--service-rate", a->service_rate, ctx);
    if (!lambda || !mu) {
      ctx.exit_code = kExitInput;
      return;
    }
    queue::QueueDef def;
    def.arrival_rate = *lambda;
    def.service_rate = *mu;
    def.servers = a->servers;
    if (a->capacity > 0) def.capacity = a->capacity;
    def.service_cv = a->service_cv;
    auto metrics = queue::AnalyzeQueue(def);
    if (!metrics) return fail(metrics.error().Message());
    nlohmann::json j = queue::ToJson(*metrics);
    j["inputs"] = {{"arrival_rate", *lambda},
                   {"service_rate", *mu},
                   {"servers", a->servers},
                   {"capacity", a->capacity > 0 ? nlohmann::json(a->capacity) : nlohmann::json(nullptr)},
                   {"service_cv", a->service_cv}};
    if (a->curve > 0) {
      j["erlang_c_curve"] = queue::ToJson(queue::ErlangCCurve(a->servers, *mu, a->curve));
    }
    std::optional<queue::QueueSimResult> sim;
    if (a->simulate) {
      queue::QueueSimDef sd;
      sd.queue = def;
      sd.requests = a->requests;
      sd.seed = a->seed;
      auto s = queue::SimulateQueue(sd);
      if (!s) return fail(s.error().Message());
      sim = *s;
      j["simulation"] = queue::ToJson(*s);
      j["simulation"]["seed"] = a->seed;
    }
    const bool broker_run = !a->delivery.empty() || !a->broker.empty();
    std::optional<queue::BrokerResult> broker;
    queue::BrokerDef bd;
    if (broker_run) {
      if (!a->delivery.empty()) {
        auto d = queue::ParseDelivery(a->delivery);
        if (!d) return fail("--delivery: expected at-most-once, at-least-once or exactly-once");
        bd.delivery = *d;
      }
      if (!a->exactly_once.empty()) {
        auto m = queue::ParseExactlyOnceMethod(a->exactly_once);
        if (!m) return fail("--exactly-once: expected idempotent or transactional");
        bd.exactly_once = *m;
      }
      if (!a->broker.empty()) {
        auto m = queue::ParseBrokerMode(a->broker);
        if (!m) return fail("--broker: expected log or queue");
        bd.mode = *m;
      }
      if (!a->acks.empty()) {
        auto k = queue::ParseProducerAcks(a->acks);
        if (!k) return fail("--acks: expected none, leader or all");
        bd.acks = *k;
      }
      queue::ProducerDef p;
      p.rate_per_s = *lambda;
      if (!a->pattern.empty()) {
        auto pat = queue::ParseArrivalPattern(a->pattern);
        if (!pat) return fail("--pattern: expected steady, bursty or spiky");
        p.pattern = *pat;
      }
      auto dur = [&](const std::string& flag, const std::string& text, double& out) {
        if (text.empty()) return true;
        auto v = ReadDuration(flag, text, ctx);
        if (!v) return false;
        out = *v;
        return true;
      };
      auto frac = [&](const std::string& flag, const std::string& text, double& out) {
        if (text.empty()) return true;
        auto v = ReadFraction(flag, text, ctx);
        if (!v) return false;
        out = *v;
        return true;
      };
      double duration = 0;
      if (!dur("--burst-on", a->burst_on, p.on_s) || !dur("--burst-off", a->burst_off, p.off_s) ||
          !dur("--spike-every", a->spike_every, p.spike_every_s) ||
          !dur("--spike-duration", a->spike_duration, p.spike_duration_s) ||
          !dur("--visibility-timeout", a->visibility_timeout, bd.visibility_timeout_s) ||
          !dur("--commit-interval", a->commit_interval, bd.commit_interval_s) ||
          !dur("--recovery", a->recovery, bd.recovery_s) || !dur("--duration", a->duration, duration) ||
          !frac("--failure-prob", a->failure_prob, bd.failure_probability) ||
          !frac("--poison", a->poison, bd.poison_fraction)) {
        ctx.exit_code = kExitInput;
        return;
      }
      p.spike_multiplier = a->spike_multiplier;
      if (!a->crash_rate.empty()) {
        auto c = ReadRate("--crash-rate", a->crash_rate, ctx);
        if (!c) {
          ctx.exit_code = kExitInput;
          return;
        }
        bd.crash_rate_per_s = *c;
      }
      bd.producers = {p};
      bd.workers_per_group = a->servers;
      bd.partitions = a->partitions > 0 ? a->partitions : a->servers;
      bd.consumer_groups = a->consumer_groups;
      bd.service_time_s = 1 / *mu;
      bd.service_cv = a->service_cv;
      bd.max_attempts = a->max_attempts;
      bd.dead_letter_queue = !a->no_dlq;
      bd.seed = a->seed;
      if (duration > 0) {
        bd.duration_s = duration;
      } else {
        // Long enough to send --requests at the mean rate (with room for off periods), capped by count.
        double mean = *lambda;
        if (p.pattern == queue::ArrivalPattern::Bursty && p.on_s > 0) mean = *lambda * p.on_s / (p.on_s + p.off_s);
        if (!(mean > 0)) return fail("--arrival-rate must be above 0 for a broker run");
        bd.duration_s = 2.0 * static_cast<double>(a->requests) / mean + 1;
        bd.max_messages = a->requests;
      }
      bd.sample_interval_s = std::max(bd.duration_s / 200, 0.001);
      auto b = queue::SimulateBroker(bd);
      if (!b) return fail(b.error().Message());
      broker = *b;
      j["broker"] = queue::ToJson(*b);
      j["broker"]["mode"] = std::string(queue::BrokerModeName(bd.mode));
      j["broker"]["delivery"] = std::string(DeliveryName(bd.delivery));
      j["broker"]["seed"] = a->seed;
    }
    if (a->format == "json") {
      PrintJson(ctx.out, j);
      return;
    }
    PrintMetrics(ctx.out, *metrics);
    if (sim) PrintSimulation(ctx.out, *sim);
    if (broker) PrintBroker(ctx.out, *broker, bd);
  });
}

}  // namespace sdlab::cli
