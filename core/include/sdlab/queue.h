// sdlab/queue.h — queues and messaging: how long requests wait, and what a message broker delivers.
//
// What it models
//   Analytic queues (steady state, first-come first-served, Poisson arrivals):
//     M/M/1, M/M/c    Erlang C: probability of waiting, mean wait/response, queue length, and wait
//                     and response percentiles (exact for exponential service).
//     M/M/c/K         finite system of K places (queue + service): blocking probability (K = c is
//                     Erlang B, a pure loss system).
//     M/G/1           Pollaczek–Khinchine mean wait from the service-time coefficient of variation.
//     M/G/c           Allen–Cunneen approximation: W_q ≈ C(c, a)/(cμ − λ) · (1 + cv²)/2 (flagged as
//                     an approximation; exact for c = 1).
//     Little's law    L = λ·W: give two of the three, get the third.
//   Numerics: Erlang B by its recursion B(k) = a·B(k−1)/(k + a·B(k−1)) and C from B, stable for
//   c up to 10^6 and utilisation close to 1 (no factorials, no powers). Utilisation ≥ 1 without a
//   capacity is reported as unstable: `stable = false`, the backlog growth rate λ − cμ, and the
//   unbounded figures left empty (JSON null) — never NaN or infinity.
//   Simulation of the same queue (G/G/c FCFS, optional capacity K) with batch-means 95% confidence
//   intervals checks the formulas and covers non-exponential service (lognormal with the given cv).
//
//   Broker simulation (discrete events, seeded): producers with steady, bursty (on/off) or spiky
//   arrivals; producer acks (none / leader / all); Kafka-like log mode (partitions, one consumer per
//   partition per group, offsets committed every commit interval, replay from the committed offset
//   after a consumer crash, retries in place block the partition) or RabbitMQ-like queue mode
//   (competing consumers on one queue per consumer group, fan-out routing to every group, visibility
//   timeout redelivery, delayed retries); retries with exponential backoff, dead-letter queue,
//   consumer crashes; at-most-once, at-least-once and exactly-once (idempotent consumer with a dedup
//   store, or transactions that make the effect and the ack atomic) → delivered, duplicated, lost,
//   dead-lettered, backlog over time and end-to-end latency percentiles.
//
// Assumptions: a message's effect is applied when its processing completes successfully; a
// duplicate is any second application of the same message's effect in one consumer group. Delays in
// the broker itself are one network delay per hop (plus replication delay for acks = all).
//
// Units: rates per second, times in seconds (JSON keys end in _s unless stated), lengths in requests.
// Determinism: all randomness comes from sdlab::Rng seeded by the `seed` field; log/exp through
// DetLog/DetExp; JSON numbers rounded to 9 significant digits. Same bytes natively and in WASM.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"

namespace sdlab::queue {

/// Why a model cannot run with the given inputs ("servers": "must be at least 1").
struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;  ///< "servers: must be at least 1"
};

/// One figure's formula with the numbers filled in.
struct Formula {
  std::string key;   ///< the figure's JSON key
  std::string text;  ///< "p_wait = C(c, a) = ... = 0.4092"
};

/// Mean with a two-sided 95% confidence interval.
struct ConfidenceInterval {
  double mean = 0;
  double low = 0;
  double high = 0;
};

// [SECTION] Analytic queues ------------------------------------------------------------------------

/// A multi-server queue. Rates per second.
struct QueueDef {
  double arrival_rate = 0;        ///< λ, requests/s (≥ 0)
  double service_rate = 0;        ///< μ, completions/s of one server (> 0)
  int servers = 1;                ///< c ≥ 1
  std::optional<int> capacity;    ///< K ≥ c: most requests in the system (waiting + in service)
  double service_cv = 1.0;        ///< coefficient of variation of the service time (1 = exponential)
};

/// Steady-state figures of one queue. Times in seconds.
struct QueueMetrics {
  std::string model;             ///< "M/M/1", "M/M/c", "M/M/c/K", "M/G/1", "M/G/c"
  bool exact = true;             ///< false for the Allen–Cunneen approximation
  bool stable = true;            ///< false when utilisation ≥ 1 with no capacity
  double offered_load = 0;       ///< a = λ/μ, Erlangs
  double utilization = 0;        ///< carried load per server λ_eff/(cμ); the offered λ/(cμ) if unstable
  double p_wait = 0;             ///< probability an admitted arrival has to wait
  std::optional<double> p_block; ///< M/M/c/K: probability an arrival is turned away
  double throughput = 0;         ///< completions/s (λ_eff; cμ when unstable)
  double backlog_growth_per_s = 0;  ///< λ − cμ when unstable, else 0
  // Unbounded when unstable: then empty.
  std::optional<double> mean_wait_s;
  std::optional<double> mean_response_s;
  std::optional<double> mean_queue_length;  ///< L_q, requests waiting
  std::optional<double> mean_in_system;     ///< L, waiting + in service
  // Percentiles: M/M/1 and M/M/c only (exact distribution known).
  std::optional<double> wait_p50_s, wait_p95_s, wait_p99_s;
  std::optional<double> response_p50_s, response_p95_s, response_p99_s;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

/// Erlang B: probability that an arrival finds all c servers busy in a loss system (M/M/c/c) with
/// offered load a Erlangs. c ≥ 0, a ≥ 0.
double ErlangB(int c, double a);
/// Erlang C: probability of waiting in M/M/c with offered load a = λ/μ; 1 when a ≥ c.
double ErlangC(int c, double a);

/// Picks the model from the definition (capacity → M/M/c/K; cv ≠ 1 → M/G/1 or M/G/c; else M/M/c)
/// and computes its figures. Errors on out-of-range inputs (c > 10^6, K > 2·10^6, negative rates...).
Expected<QueueMetrics, InputError> AnalyzeQueue(const QueueDef& def);

/// M/M/c (M/M/1 for c = 1). REQUIRES: λ ≥ 0, μ > 0, c ≥ 1.
QueueMetrics AnalyzeMmc(double arrival_rate, double service_rate, int servers);
/// M/M/c/K. REQUIRES: λ ≥ 0, μ > 0, 1 ≤ c ≤ K.
QueueMetrics AnalyzeMmcK(double arrival_rate, double service_rate, int servers, int capacity);
/// M/G/c: Pollaczek–Khinchine for c = 1, Allen–Cunneen for c > 1. REQUIRES: cv ≥ 0.
QueueMetrics AnalyzeMgc(double arrival_rate, double service_rate, int servers, double service_cv);

/// P(response time > t) in M/M/c, t ≥ 0 (stable queues only).
double MmcResponseTail(double arrival_rate, double service_rate, int servers, double t_s);

/// Little's law: give exactly two of L (mean number in system), λ (throughput) and W (mean time in
/// system); the third is computed.
struct LittlesLaw {
  double in_system = 0;     ///< L
  double arrival_rate = 0;  ///< λ, per second
  double time_in_system_s = 0;  ///< W
  std::string formula;
};
Expected<LittlesLaw, InputError> SolveLittlesLaw(std::optional<double> in_system, std::optional<double> arrival_rate,
                                                 std::optional<double> time_in_system_s);

/// A point of the Erlang C curve (for the lab's plot).
struct ErlangCPoint {
  double utilization = 0;
  double p_wait = 0;
  double mean_wait_s = 0;
  double mean_response_s = 0;
};
/// Erlang C over utilisation 0 … max_utilization (< 1) in `points` even steps, c servers of rate μ.
std::vector<ErlangCPoint> ErlangCCurve(int servers, double service_rate, int points = 50,
                                       double max_utilization = 0.99);

/// [{utilization, p_wait, mean_wait, mean_response}, ...] (times in seconds).
nlohmann::json ToJson(const std::vector<ErlangCPoint>& curve);

/// Fewest servers c such that M/M/c is stable and its mean wait ≤ max_mean_wait_s. Capped at 10^6
/// (returns 0 if even that is not enough).
int MinServersForWait(double arrival_rate, double service_rate, double max_mean_wait_s);

nlohmann::json ToJson(const QueueMetrics& m);

// [SECTION] Queue simulation ------------------------------------------------------------------------

/// Simulates the queue of `queue` (FCFS, c servers, optional capacity) for `requests` arrivals.
struct QueueSimDef {
  QueueDef queue;
  std::uint64_t requests = 100000;  ///< arrivals simulated (100 .. 10^7)
  std::uint64_t seed = 1;
  double warmup_fraction = 0.1;     ///< share of the first arrivals left out of the statistics
  int batches = 20;                 ///< batch means for the confidence intervals
};

struct QueueSimResult {
  std::uint64_t requests = 0;   ///< arrivals simulated
  std::uint64_t measured = 0;   ///< arrivals after the warm-up
  ConfidenceInterval mean_wait_s;
  ConfidenceInterval mean_response_s;
  ConfidenceInterval p_wait;
  ConfidenceInterval p_block;        ///< 0 without a capacity
  ConfidenceInterval mean_queue_length;  ///< Little: λ_admitted · W_q (interval scaled likewise)
  ConfidenceInterval mean_in_system;     ///< Little: λ_admitted · W
  double utilization = 0;            ///< busy server time / (c · simulated time)
  double wait_p50_s = 0, wait_p95_s = 0, wait_p99_s = 0;
  double response_p50_s = 0, response_p95_s = 0, response_p99_s = 0;
  double simulated_time_s = 0;
};

Expected<QueueSimResult, InputError> SimulateQueue(const QueueSimDef& def);
nlohmann::json ToJson(const QueueSimResult& r);

// [SECTION] Broker simulation -----------------------------------------------------------------------

enum class ArrivalPattern { Steady, Bursty, Spiky };
enum class BrokerMode { Log, Queue };  ///< Kafka-like log with partitions; RabbitMQ-like queues
enum class ProducerAcks { None, Leader, All };
enum class ExactlyOnceMethod { IdempotentConsumer, Transactional };

/// One producer. Arrivals are Poisson with a rate that follows the pattern.
struct ProducerDef {
  ArrivalPattern pattern = ArrivalPattern::Steady;
  double rate_per_s = 100;        ///< steady: the rate; bursty: the rate while on; spiky: the base rate
  double on_s = 10;               ///< bursty: length of an on period (sends at rate_per_s)
  double off_s = 10;              ///< bursty: length of an off period (sends nothing)
  double spike_every_s = 60;      ///< spiky: a spike starts every spike_every_s (first at spike_every_s/2)
  double spike_duration_s = 5;    ///< spiky: length of a spike
  double spike_multiplier = 10;   ///< spiky: rate × multiplier during a spike
};

/// The broker, its consumers and the failure model. Defaults are a small healthy Kafka-like setup.
struct BrokerDef {
  BrokerMode mode = BrokerMode::Log;
  std::vector<ProducerDef> producers = std::vector<ProducerDef>(1);  ///< one steady producer by default
  int partitions = 4;              ///< log mode: partitions (a consumer owns whole partitions)
  int consumer_groups = 1;         ///< every group receives every message (fan-out)
  int workers_per_group = 4;       ///< consumers per group; in log mode at most `partitions` are busy
  double service_time_s = 0.005;   ///< mean processing time of one message
  double service_cv = 1.0;         ///< its coefficient of variation
  Delivery delivery = Delivery::AtLeastOnce;
  ExactlyOnceMethod exactly_once = ExactlyOnceMethod::IdempotentConsumer;
  double dedup_cost_s = 0.0002;        ///< idempotent consumer: dedup-store check per message
  double transaction_cost_s = 0.002;   ///< transactional: commit cost per message
  ProducerAcks acks = ProducerAcks::Leader;
  double send_failure_probability = 0.001;   ///< a send (or its ack) is lost: acks none → message lost;
                                             ///< acks leader/all → an at-least-once producer retries and
                                             ///< may append twice (at-most-once never retries)
  double leader_loss_probability = 0.0001;   ///< acks leader: acked but lost in a leader failover
  double network_delay_s = 0.001;            ///< producer → broker and broker → consumer, one way
  double replication_delay_s = 0.002;        ///< acks all: wait for the in-sync replicas
  double failure_probability = 0.01;   ///< a processing attempt fails (transient error)
  double poison_fraction = 0.0005;     ///< messages that fail on every attempt
  int max_attempts = 4;                ///< attempts before dead-lettering (≥ 1)
  double backoff_base_s = 0.1;         ///< delay before retry k: base · multiplier^(k−1), capped
  double backoff_multiplier = 2.0;
  double backoff_max_s = 10.0;
  bool dead_letter_queue = true;       ///< without one, exhausted messages are dropped (lost)
  double visibility_timeout_s = 30;    ///< queue mode: unacked messages reappear after this
  double commit_interval_s = 1.0;      ///< log mode at-least-once: offset commit period (0 = per message)
  double crash_rate_per_s = 0;         ///< each consumer crashes as a Poisson process with this rate
  double recovery_s = 10;              ///< a crashed consumer's work resumes after this (restart/rebalance)
  double duration_s = 60;              ///< producers send for this long...
  std::uint64_t max_messages = 0;      ///< ...or until this many messages were produced (0 = no cap);
                                       ///< expected messages × groups must stay ≤ 5·10^6 (memory)
  double drain_limit_s = 600;          ///< after production stops, run at most this long to drain
  double sample_interval_s = 1;        ///< backlog series resolution
  std::uint64_t max_events = 50'000'000;  ///< safety cap; the result says `truncated` if reached
  std::uint64_t seed = 1;
};

/// The backlog at one sample time. Backlog counts messages × groups not yet processed, dead-lettered
/// or lost; in-flight is the part currently being processed.
struct BacklogSample {
  double t_s = 0;
  std::uint64_t backlog = 0;
  std::uint64_t in_flight = 0;
};

struct BrokerResult {
  std::uint64_t produced = 0;         ///< messages the producers sent (unique)
  std::uint64_t appended = 0;         ///< entries stored by the broker (including producer-retry duplicates)
  std::uint64_t expected = 0;         ///< produced × consumer groups
  std::uint64_t delivered = 0;        ///< (message, group) pairs whose effect was applied at least once
  std::uint64_t duplicated = 0;       ///< extra applications of an already-applied effect
  std::uint64_t duplicates_suppressed = 0;  ///< extra deliveries stopped by the idempotent consumer
  std::uint64_t lost = 0;             ///< pairs never applied and gone (acks, at-most-once, no DLQ)
  std::uint64_t dead_lettered = 0;    ///< pairs parked in the dead-letter queue
  std::uint64_t remaining = 0;        ///< pairs still pending at the end (truncated or drain limit)
  std::uint64_t attempts = 0;         ///< processing attempts started
  std::uint64_t retries = 0;          ///< attempts after a failure
  std::uint64_t redeliveries = 0;     ///< visibility-timeout expiries (queue) or replayed entries (log)
  std::uint64_t crashes = 0;
  std::uint64_t events = 0;           ///< discrete events processed
  int idle_workers = 0;               ///< log mode: consumers with no partition, per group
  double latency_mean_s = 0;          ///< produce → first successful processing, end to end
  ConfidenceInterval latency_mean_ci; ///< batch means over delivered messages in completion order
  double latency_p50_s = 0, latency_p95_s = 0, latency_p99_s = 0, latency_p999_s = 0, latency_max_s = 0;
  double throughput_per_s = 0;        ///< first applications per second of simulated time
  double end_time_s = 0;              ///< simulated time when the run stopped
  std::uint64_t max_backlog = 0;
  bool truncated = false;             ///< stopped by max_events
  std::vector<BacklogSample> backlog;
  std::vector<std::string> notes;
};

Expected<BrokerResult, InputError> SimulateBroker(const BrokerDef& def);
/// Keys: produced, delivered, duplicated, lost, dead_lettered, ..., latency_p99_s, backlog [{t_s,...}].
nlohmann::json ToJson(const BrokerResult& r);

/// The lab's burst picture: one bursty producer at `burst_rate` for on_s every on_s + off_s against
/// `workers` consumers of rate μ; returns the backlog series (same as SimulateBroker's).
Expected<std::vector<BacklogSample>, InputError> BurstBacklogSeries(double burst_rate, double on_s, double off_s,
                                                                    int workers, double service_rate,
                                                                    double duration_s, std::uint64_t seed);

std::string_view ArrivalPatternName(ArrivalPattern p);  ///< "steady", "bursty", "spiky"
std::string_view BrokerModeName(BrokerMode m);          ///< "log", "queue"
std::string_view ProducerAcksName(ProducerAcks a);      ///< "none", "leader", "all"
std::string_view ExactlyOnceMethodName(ExactlyOnceMethod m);  ///< "idempotent_consumer", "transactional"
std::optional<ArrivalPattern> ParseArrivalPattern(std::string_view s);
std::optional<BrokerMode> ParseBrokerMode(std::string_view s);  ///< also "kafka", "rabbitmq"
std::optional<ProducerAcks> ParseProducerAcks(std::string_view s);  ///< also "0", "1"
std::optional<Delivery> ParseDelivery(std::string_view s);  ///< "at-most-once"/"at_most_once", ...
std::optional<ExactlyOnceMethod> ParseExactlyOnceMethod(std::string_view s);

// [SECTION] Blueprint --------------------------------------------------------------------------------

/// A Queue or Stream component judged on its delivery settings and, when the blueprint gives a
/// capacity, on its consumers' headroom (M/M/c with c = replicas, μ = capacity_rps).
struct QueueAssessment {
  std::string component;
  std::string kind;                 ///< "queue" or "stream"
  Delivery delivery = Delivery::AtLeastOnce;
  bool dead_letter_queue = false;
  bool idempotent_consumer = false;
  int partitions = 1;
  bool duplicates_possible = false; ///< at-least-once without an idempotent consumer
  bool loss_possible = false;       ///< at-most-once, or retries with no DLQ
  std::optional<double> arrival_rate;  ///< messages/s reaching it at peak, if known
  std::optional<QueueMetrics> consumers;  ///< when arrival rate and capacity are known
  std::vector<std::string> findings;   ///< plain sentences, most important first
};

/// `peak_rate` is the message rate reaching the component (e.g. from the estimate), if known.
QueueAssessment AssessQueue(const Component& component, std::optional<double> peak_rate = std::nullopt);
nlohmann::json ToJson(const QueueAssessment& a);

}  // namespace sdlab::queue
