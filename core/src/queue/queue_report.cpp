// JSON for the queue figures, and the assessment of a blueprint's Queue/Stream component.
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/queue.h"

namespace sdlab::queue {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {
nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }
nlohmann::json Ci(const ConfidenceInterval& c) { return nlohmann::json::array({JsonNumber(c.low), JsonNumber(c.high)}); }
}  // namespace

nlohmann::json ToJson(const QueueMetrics& m) {
  nlohmann::json j;
  j["model"] = m.model;
  j["exact"] = m.exact;
  j["stable"] = m.stable;
  j["time_unit"] = "s";
  j["offered_load"] = JsonNumber(m.offered_load);
  j["utilization"] = JsonNumber(m.utilization);
  j["p_wait"] = JsonNumber(m.p_wait);
  if (m.p_block) j["p_block"] = JsonNumber(*m.p_block);
  j["throughput"] = JsonNumber(m.throughput);
  j["backlog_growth_per_s"] = JsonNumber(m.backlog_growth_per_s);
  j["mean_wait"] = Opt(m.mean_wait_s);
  j["mean_response"] = Opt(m.mean_response_s);
  j["mean_queue_length"] = Opt(m.mean_queue_length);
  j["mean_in_system"] = Opt(m.mean_in_system);
  j["wait_p50"] = Opt(m.wait_p50_s);
  j["wait_p95"] = Opt(m.wait_p95_s);
  j["wait_p99"] = Opt(m.wait_p99_s);
  j["response_p50"] = Opt(m.response_p50_s);
  j["response_p95"] = Opt(m.response_p95_s);
  j["response_p99"] = Opt(m.response_p99_s);
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : m.formulas) f[x.key] = x.text;
  j["formulas"] = f;
  j["notes"] = m.notes;
  return j;
}

nlohmann::json ToJson(const std::vector<ErlangCPoint>& curve) {
  nlohmann::json a = nlohmann::json::array();
  for (const ErlangCPoint& p : curve)
    a.push_back({{"utilization", JsonNumber(p.utilization)},
                 {"p_wait", JsonNumber(p.p_wait)},
                 {"mean_wait", JsonNumber(p.mean_wait_s)},
                 {"mean_response", JsonNumber(p.mean_response_s)}});
  return a;
}

nlohmann::json ToJson(const QueueSimResult& r) {
  nlohmann::json j;
  j["requests"] = r.requests;
  j["measured"] = r.measured;
  j["time_unit"] = "s";
  j["utilization"] = JsonNumber(r.utilization);
  j["mean_wait"] = JsonNumber(r.mean_wait_s.mean);
  j["mean_wait_ci95"] = Ci(r.mean_wait_s);
  j["mean_response"] = JsonNumber(r.mean_response_s.mean);
  j["mean_response_ci95"] = Ci(r.mean_response_s);
  j["p_wait"] = JsonNumber(r.p_wait.mean);
  j["p_wait_ci95"] = Ci(r.p_wait);
  j["p_block"] = JsonNumber(r.p_block.mean);
  j["p_block_ci95"] = Ci(r.p_block);
  j["mean_queue_length"] = JsonNumber(r.mean_queue_length.mean);
  j["mean_queue_length_ci95"] = Ci(r.mean_queue_length);
  j["mean_in_system"] = JsonNumber(r.mean_in_system.mean);
  j["mean_in_system_ci95"] = Ci(r.mean_in_system);
  j["wait_p50"] = JsonNumber(r.wait_p50_s);
  j["wait_p95"] = JsonNumber(r.wait_p95_s);
  j["wait_p99"] = JsonNumber(r.wait_p99_s);
  j["response_p50"] = JsonNumber(r.response_p50_s);
  j["response_p95"] = JsonNumber(r.response_p95_s);
  j["response_p99"] = JsonNumber(r.response_p99_s);
  j["simulated_time"] = JsonNumber(r.simulated_time_s);
  return j;
}

QueueAssessment AssessQueue(const Component& c, std::optional<double> peak_rate) {
  QueueAssessment a;
  a.component = c.id;
  a.kind = std::string(ComponentKindName(c.kind));
  a.delivery = c.delivery;
  a.dead_letter_queue = c.dead_letter_queue;
  a.idempotent_consumer = c.idempotent_consumer;
  a.partitions = c.partitions;
  a.arrival_rate = peak_rate;
  a.duplicates_possible = c.delivery == Delivery::AtLeastOnce && !c.idempotent_consumer;
  a.loss_possible = c.delivery == Delivery::AtMostOnce || !c.dead_letter_queue;
  if (c.delivery == Delivery::AtMostOnce)
    a.findings.push_back("at-most-once delivery: a consumer failure or crash loses the message");
  if (a.duplicates_possible)
    a.findings.push_back("at-least-once delivery without an idempotent consumer: retries and redeliveries apply "
                         "effects twice");
  if (c.delivery == Delivery::ExactlyOnce && !c.idempotent_consumer)
    a.findings.push_back("exactly-once needs an idempotent consumer or transactions spanning the effect and the ack; "
                         "the blueprint declares neither an idempotent consumer");
  if (!c.dead_letter_queue && c.delivery != Delivery::AtMostOnce)
    a.findings.push_back("no dead-letter queue: a poison message is retried forever or dropped");
  if (c.kind == ComponentKind::Stream && c.partitions < c.replicas)
    a.findings.push_back("fewer partitions (" + std::to_string(c.partitions) + ") than consumers (" +
                         std::to_string(c.replicas) + "): the extra consumers of a group sit idle");
  if (peak_rate && c.capacity_rps && *c.capacity_rps > 0 && c.replicas >= 1 && *peak_rate >= 0) {
    QueueMetrics m = AnalyzeMmc(*peak_rate, *c.capacity_rps, c.replicas);
    if (!m.stable) {
      a.findings.insert(a.findings.begin(), "consumers cannot keep up: " + Fmt(*peak_rate) + " msg/s arrive, " +
                                                Fmt(c.replicas * *c.capacity_rps) + " msg/s can be processed; the " +
                                                "backlog grows by " + Fmt(m.backlog_growth_per_s) + "/s");
    } else if (m.utilization > 0.8) {
      a.findings.push_back("consumers run at " + Fmt(m.utilization * 100, 3) + "% utilisation: bursts will build a " +
                           "backlog (mean wait " + Fmt(m.mean_wait_s.value_or(0)) + " s)");
    }
    a.consumers = std::move(m);
  }
  return a;
}

nlohmann::json ToJson(const QueueAssessment& a) {
  nlohmann::json j;
  j["component"] = a.component;
  j["kind"] = a.kind;
  j["delivery"] = std::string(DeliveryName(a.delivery));
  j["dead_letter_queue"] = a.dead_letter_queue;
  j["idempotent_consumer"] = a.idempotent_consumer;
  j["partitions"] = a.partitions;
  j["duplicates_possible"] = a.duplicates_possible;
  j["loss_possible"] = a.loss_possible;
  j["arrival_rate"] = Opt(a.arrival_rate);
  j["consumers"] = a.consumers ? ToJson(*a.consumers) : nlohmann::json(nullptr);
  j["findings"] = a.findings;
  return j;
}

}  // namespace sdlab::queue
