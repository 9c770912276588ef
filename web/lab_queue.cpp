// web/lab_queue.cpp — the queue lab: M/M/c waiting by Erlang C (the curve of mean wait against
// utilisation, with the current point), and a bursty producer through a RabbitMQ-like broker with
// the chosen delivery guarantee: backlog over time and what was delivered, duplicated or lost.
// See labs.h. Figures come from queue::AnalyzeQueue, queue::ErlangCCurve and queue::SimulateBroker.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

constexpr int kCurvePoints = 60;
constexpr std::uint64_t kMaxMessages = 100000;  ///< keeps one update well under a frame or two

std::string Ms(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g ms", s * 1000.0);
  return buf;
}

const std::string* FormulaFor(const queue::QueueMetrics& m, std::string_view key) {
  for (const queue::Formula& f : m.formulas) {
    if (f.key == key) return &f.text;
  }
  return nullptr;
}

/// One "name value" row of the figures table, its formula on hover.
void FigureRow(const queue::QueueMetrics& m, const char* label, std::string_view key, const std::string& value) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(label);
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(value.c_str());
  const std::string* f = FormulaFor(m, key);
  if (f != nullptr) {
    ImGui::TableNextColumn();
    ImGui::TextColored(lab::kColorDim, "%s", f->c_str());
    lab::Teach(f->c_str());
  }
}

}  // namespace

void ComputeQueueLab(QueueLab& lab) {
  lab::Stopwatch sw;
  lab.arrival_rate = std::clamp(lab.arrival_rate, 1.0, 5000.0);
  lab.service_rate = std::clamp(lab.service_rate, 1.0, 1000.0);
  lab.servers = std::clamp(lab.servers, 1, 64);
  lab.error.clear();
  lab.metrics.reset();
  lab.broker.reset();

  queue::QueueDef q;
  q.arrival_rate = lab.arrival_rate;
  q.service_rate = lab.service_rate;
  q.servers = lab.servers;
  auto m = queue::AnalyzeQueue(q);
  if (m) {
    lab.metrics = std::move(*m);
  } else {
    lab.error = m.error().Message();
  }
  lab.curve = queue::ErlangCCurve(lab.servers, lab.service_rate, kCurvePoints, 0.99);

  queue::BrokerDef d;
  d.mode = queue::BrokerMode::Queue;
  d.producers = {queue::ProducerDef{}};
  d.producers[0].pattern = queue::ArrivalPattern::Bursty;
  d.producers[0].rate_per_s = lab.burst_multiplier * lab.arrival_rate;
  d.producers[0].on_s = lab.on_s;
  d.producers[0].off_s = lab.off_s;
  d.workers_per_group = lab.servers;
  d.service_time_s = 1.0 / lab.service_rate;
  d.delivery = queue::ParseDelivery(lab.delivery).value_or(Delivery::AtLeastOnce);
  d.failure_probability = lab.failure_probability;
  d.crash_rate_per_s = lab.crash_rate_per_s;
  d.duration_s = lab.duration_s;
  d.max_messages = kMaxMessages;
  d.drain_limit_s = 120;
  d.sample_interval_s = std::max(lab.duration_s / 150.0, 0.1);
  d.seed = static_cast<std::uint64_t>(lab.seed);
  auto b = queue::SimulateBroker(d);
  if (b) {
    lab.broker = std::move(*b);
  } else {
    lab.error = b.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
}

void DrawQueueLab(PlaygroundState& s) {
  QueueLab& lab = s.labs.queue;
  if (lab.dirty) {
    ComputeQueueLab(lab);
    lab.dirty = false;
  }

  bool changed = false;
  if (lab::BeginInputs("##queue_inputs", 3)) {
    changed |= lab::SliderDouble(s, "λ /s", "queue_arrival_rate", &lab.arrival_rate, 1.0, 5000.0, "%.0f",
                                 "Arrivals per second (Poisson). Utilisation ρ = λ/(cμ); at ρ ≥ 1 the queue grows "
                                 "without bound.",
                                 true);
    changed |= lab::SliderDouble(s, "μ /s", "queue_service_rate", &lab.service_rate, 1.0, 1000.0, "%.0f",
                                 "Completions per second of one server (exponential service time, mean 1/μ).", true);
    changed |= lab::SliderInt(s, "Servers c", "queue_servers", &lab.servers, 1, 64,
                              "Servers (workers, consumers). Pooling: c servers of rate μ wait far less than c "
                              "separate queues at the same utilisation.");
    changed |= lab::SliderDouble(s, "Burst ×λ", "queue_burst", &lab.burst_multiplier, 1.0, 5.0, "%.1f",
                                 "During a burst the producer sends at this multiple of λ; between bursts it sends "
                                 "nothing. A burst above cμ builds a backlog that drains in the gap.");
    changed |= lab::SliderDouble(s, "Burst s", "queue_on", &lab.on_s, 1.0, 30.0, "%.0f", "Length of a burst (s).");
    changed |= lab::SliderDouble(s, "Gap s", "queue_off", &lab.off_s, 0.0, 60.0, "%.0f", "Silence between bursts (s).");
    changed |= lab::SliderDouble(s, "Fail p", "queue_failure", &lab.failure_probability, 0.0, 0.3, "%.3f",
                                 "Probability that one processing attempt fails (retried with backoff unless "
                                 "at-most-once; 4 attempts, then the dead-letter queue).");
    changed |= lab::SliderDouble(s, "Crash /s", "queue_crash", &lab.crash_rate_per_s, 0.0, 0.2, "%.3f",
                                 "Each consumer crashes at this rate; its unacknowledged message comes back after "
                                 "the visibility timeout (30 s) and may be applied twice.");
    changed |= lab::SliderDouble(s, "Send s", "queue_duration", &lab.duration_s, 10.0, 120.0, "%.0f",
                                 "The producer sends for this long; then the backlog drains.");
    lab::EndInputs();
  }
  static constexpr std::string_view kDelivery[] = {"at_most_once", "at_least_once", "exactly_once"};
  static constexpr std::string_view kDeliveryLabels[] = {"at-most-once", "at-least-once", "exactly-once"};
  changed |= lab::ChoiceRow(s, "Delivery", "queue_delivery", &lab.delivery, kDelivery, kDeliveryLabels, 3,
                            "at-most-once: ack before processing, nothing is retried, failures are lost. "
                            "at-least-once: ack after processing, retries and redeliveries can apply a message "
                            "twice. exactly-once: at-least-once plus an idempotent consumer that drops duplicates.");
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());

  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float chart_w = (avail_w - ImGui::GetStyle().ItemSpacing.x) / 2;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float chart_h = std::max(ImGui::GetContentRegionAvail().y - line * 9.5f, 170.0f);

  // Erlang C curve with the current point.
  {
    plot::Series wait;
    wait.label = "mean wait W_q (c = " + std::to_string(lab.servers) + ")";
    wait.color = plot::SeriesColor(0);
    wait.thickness = 2.0f;
    double y_max = 0;
    for (const queue::ErlangCPoint& p : lab.curve) {
      wait.x.push_back(p.utilization);
      wait.y.push_back(p.mean_wait_s * 1000.0);
      if (p.utilization <= 0.95) y_max = std::max(y_max, p.mean_wait_s * 1000.0);
    }
    std::vector<plot::Marker> markers;
    if (lab.metrics) {
      const queue::QueueMetrics& m = *lab.metrics;
      if (m.stable && m.mean_wait_s) {
        const double w = *m.mean_wait_s * 1000.0;
        y_max = std::max(y_max, w * 1.15);
        char label[96];
        std::snprintf(label, sizeof label, "ρ %.2f: W_q %.3g ms", m.utilization, w);
        markers.push_back({m.utilization, w, IM_COL32(255, 255, 255, 255), label});
      } else {
        markers.push_back({1.0, y_max, IM_COL32(255, 110, 100, 255), "unstable: ρ ≥ 1"});
      }
    }
    plot::Axes ax;
    ax.x_min = 0;
    ax.x_max = 1;
    ax.y_min = 0;
    ax.y_max = y_max > 0 ? y_max : 1;
    ax.x_label = "utilisation ρ = λ/(cμ)";
    ax.y_label = "mean wait (ms)";
    ax.x_format = "%.1f";
    ax.y_format = "%.3g";
    ImGui::BeginGroup();
    plot::LineChart("##queue_erlang", ImVec2(chart_w, chart_h), ax, std::span<const plot::Series>(&wait, 1), markers);
    RecordItem(s, "queue_erlang_chart");
    plot::Legend(std::span<const plot::Series>(&wait, 1));
    ImGui::EndGroup();
  }
  ImGui::SameLine();
  // Backlog over time of the burst simulation.
  {
    plot::Series backlog, in_flight;
    backlog.label = "backlog";
    backlog.color = plot::SeriesColor(1);
    backlog.thickness = 2.0f;
    in_flight.label = "in service";
    in_flight.color = plot::SeriesColor(2);
    double y_max = 1, t_max = lab.duration_s;
    if (lab.broker) {
      for (const queue::BacklogSample& b : lab.broker->backlog) {
        backlog.x.push_back(b.t_s);
        backlog.y.push_back(static_cast<double>(b.backlog));
        in_flight.x.push_back(b.t_s);
        in_flight.y.push_back(static_cast<double>(b.in_flight));
        y_max = std::max(y_max, static_cast<double>(b.backlog));
        t_max = std::max(t_max, b.t_s);
      }
    }
    const plot::Series both[] = {backlog, in_flight};
    plot::Axes ax;
    ax.x_min = 0;
    ax.x_max = t_max;
    ax.y_min = 0;
    ax.y_max = y_max * 1.1;
    ax.x_label = "time (s)";
    ax.y_label = "messages waiting";
    ax.x_format = "%.0f";
    ax.y_format = "%.0f";
    ax.x_line = lab.duration_s;
    ax.x_line_label = "producer stops";
    ImGui::BeginGroup();
    plot::LineChart("##queue_backlog", ImVec2(chart_w, chart_h), ax, both);
    RecordItem(s, "queue_backlog_chart");
    plot::Legend(both);
    ImGui::EndGroup();
  }

  // Figures (left) and delivery outcomes (right).
  ImGui::BeginGroup();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
  if (lab.metrics && ImGui::BeginTable("##queue_figures", 3, kFlags, ImVec2(chart_w, 0))) {
    const queue::QueueMetrics& m = *lab.metrics;
    ImGui::TableSetupColumn("M/M/c", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("formula (hover)", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", m.utilization);
    FigureRow(m, "utilisation ρ", "utilization", buf);
    std::snprintf(buf, sizeof buf, "%.4f", m.p_wait);
    FigureRow(m, "P(wait)", "p_wait", buf);
    FigureRow(m, "mean wait", "mean_wait", m.mean_wait_s ? Ms(*m.mean_wait_s) : "unbounded");
    FigureRow(m, "mean response", "mean_response", m.mean_response_s ? Ms(*m.mean_response_s) : "unbounded");
    FigureRow(m, "wait p99", "wait_p99", m.wait_p99_s ? Ms(*m.wait_p99_s) : "unbounded");
    std::snprintf(buf, sizeof buf, "%.3g", m.mean_queue_length.value_or(0));
    FigureRow(m, "queue length L_q", "mean_queue_length", m.mean_queue_length ? buf : "unbounded");
    ImGui::EndTable();
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  if (lab.broker) {
    const queue::BrokerResult& b = *lab.broker;
    ImGui::Text("Burst run: %llu messages, p99 latency %s", static_cast<unsigned long long>(b.produced),
                units::FormatDuration(b.latency_p99_s).c_str());
    lab::Teach("End-to-end latency: produce → first successful processing, over delivered messages.");
    const double total = static_cast<double>(std::max<std::uint64_t>(b.expected, 1));
    auto bar = [&](const char* label, std::uint64_t v, ImU32 col, const char* why) {
      plot::Bar r;
      r.label = label;
      r.value = static_cast<double>(v);
      r.color = col;
      char text[64];
      std::snprintf(text, sizeof text, "%llu (%.2f%%)", static_cast<unsigned long long>(v), 100.0 * static_cast<double>(v) / total);
      r.text = text;
      r.tooltip = why;
      return r;
    };
    const plot::Bar bars[] = {
        bar("delivered", b.delivered, IM_COL32(0, 158, 115, 255), "Messages whose effect was applied (at least once)."),
        bar("duplicated", b.duplicated, IM_COL32(230, 159, 0, 255),
            "Extra applications of an already-applied message: retries after a crash or a lost ack."),
        bar("lost", b.lost, IM_COL32(240, 100, 90, 255), "Never applied and gone: at-most-once failures, or retries exhausted with no DLQ."),
        bar("dead-lettered", b.dead_lettered, IM_COL32(170, 170, 170, 255), "Parked in the dead-letter queue after 4 failed attempts."),
        bar("suppressed", b.duplicates_suppressed, IM_COL32(86, 180, 233, 255),
            "Duplicates the idempotent consumer recognised and dropped (exactly-once)."),
    };
    plot::BarChart("##queue_outcomes", ImGui::GetContentRegionAvail().x, bars, total);
    RecordItem(s, "queue_outcomes");
  }
  ImGui::EndGroup();
}

}  // namespace sdlab::web
