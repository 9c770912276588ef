// web/lab_concurrency.cpp — the concurrency lab: the three server models side by side at one rate
// (threads needed by Little's law, throughput caps, thread memory), and a Universal Scalability Law
// fit: seeded noisy "measurements" of X(N), the fitted curve and the peak N*. See labs.h. Figures
// come from concurrency::AnalyzeServer / CompareServerModels / FitUsl.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

constexpr double kLevels[] = {1, 2, 4, 8, 12, 16, 24, 32, 48, 64, 96, 128};

double Finite(double v) { return std::isfinite(v) ? v : 0.0; }

}  // namespace

void ComputeConcurrencyLab(ConcurrencyLab& lab) {
  lab::Stopwatch sw;
  lab.rps = std::clamp(lab.rps, 1.0, 100000.0);
  lab.cpu_ms = std::clamp(lab.cpu_ms, 0.01, 1000.0);
  lab.blocking_ms = std::clamp(lab.blocking_ms, 0.0, 5000.0);
  lab.cores = std::clamp(lab.cores, 1, 256);
  lab.threads = std::clamp(lab.threads, 1, 10000);
  lab.usl_alpha = std::clamp(lab.usl_alpha, 0.0, 0.5);
  lab.usl_beta = std::clamp(lab.usl_beta, 0.0, 0.01);
  lab.noise = std::clamp(lab.noise, 0.0, 0.2);
  lab.error.clear();
  concurrency::ServerDef d;
  d.arrival_rate = lab.rps;
  d.cpu_time_s = lab.cpu_ms / 1000;
  d.blocking_time_s = lab.blocking_ms / 1000;
  d.cores = lab.cores;
  d.threads = lab.threads;
  lab.models = concurrency::CompareServerModels(d);
  // Synthetic measurements: the USL with a seeded ± noise, then fitted back.
  Rng rng(static_cast<std::uint64_t>(lab.seed));
  const concurrency::UslParams truth{lab.usl_lambda, lab.usl_alpha, lab.usl_beta};
  lab.measured.clear();
  for (double n : kLevels) {
    const double f = 1 + lab.noise * (2 * rng.Uniform01() - 1);
    lab.measured.push_back({n, concurrency::UslThroughput(truth, n) * f});
  }
  lab.fit.reset();
  lab.curve.clear();
  auto fit = concurrency::FitUsl(lab.measured);
  if (fit) {
    lab.fit = std::move(*fit);
    double max_n = 128;
    if (lab.fit->peak_concurrency) max_n = std::max(max_n, std::min(1000.0, 1.3 * *lab.fit->peak_concurrency));
    lab.curve = concurrency::UslCurve(lab.fit->params, max_n, 120);
  } else {
    lab.error = fit.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
}

void DrawConcurrencyLab(PlaygroundState& s) {
  ConcurrencyLab& lab = s.labs.concurrency;
  if (lab.dirty) {
    ComputeConcurrencyLab(lab);
    lab.dirty = false;
  }
  bool changed = false;
  if (lab::BeginInputs("##concurrency_inputs", 3)) {
    changed |= lab::SliderDouble(s, "λ /s", "concurrency_rps", &lab.rps, 1.0, 100000.0, "%.0f",
                                 "Offered requests per second.", true);
    changed |= lab::SliderDouble(s, "CPU ms", "concurrency_cpu", &lab.cpu_ms, 0.01, 1000.0, "%.2f",
                                 "CPU time per request: the cores cap throughput at cores ÷ CPU time.", true);
    changed |= lab::SliderDouble(s, "Blocking ms", "concurrency_blocking", &lab.blocking_ms, 0.0, 5000.0, "%.1f",
                                 "Time a request waits on I/O. A thread stays held while waiting; an event loop "
                                 "moves on to other requests.");
    changed |= lab::SliderInt(s, "Cores", "concurrency_cores", &lab.cores, 1, 256, "CPU cores of the node.");
    changed |= lab::SliderInt(s, "Pool T", "concurrency_threads", &lab.threads, 1, 10000,
                              "Thread pool size. Pool cap = T ÷ (CPU + blocking).", true);
    changed |= lab::SliderDouble(s, "USL α", "concurrency_alpha", &lab.usl_alpha, 0.0, 0.5, "%.3f",
                                 "Contention: the share of work serialised on a shared resource (Amdahl).");
    changed |= lab::SliderDouble(s, "USL β", "concurrency_beta", &lab.usl_beta, 0.0, 0.01, "%.5f",
                                 "Coherency: the cost of workers keeping each other in sync; makes throughput fall "
                                 "past N* = √((1 − α) ÷ β).");
    changed |= lab::SliderDouble(s, "Noise ±", "concurrency_noise", &lab.noise, 0.0, 0.2, "%.3f",
                                 "Relative noise on each synthetic measurement (seeded).");
    changed |= lab::SliderInt(s, "Seed", "concurrency_seed", &lab.seed, 1, 1000, "Seed of the measurement noise.");
    lab::EndInputs();
  }
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());

  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float half = (avail_w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginChild("##concurrency_models", ImVec2(half, 0));
  if (ImGui::BeginTable("##concurrency_table", 4, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
    ImGui::TableSetupColumn("model");
    ImGui::TableSetupColumn("max /s");
    ImGui::TableSetupColumn("threads");
    ImGui::TableSetupColumn("memory");
    ImGui::TableHeadersRow();
    for (const auto& m : lab.models) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(concurrency::ServerModelName(m.model)).c_str());
      ImGui::TableNextColumn();
      ImGui::TextColored(m.overloaded ? lab::kColorError : lab::kColorOk, "%s (%s)",
                         units::FormatRate(m.max_throughput).c_str(), m.bottleneck.c_str());
      std::string tip;
      for (const auto& f : m.formulas) tip += f.text + "\n";
      lab::Teach(tip.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%d", m.threads);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatBytes(m.thread_memory_bytes, true).c_str());
    }
    ImGui::EndTable();
  }
  if (!lab.models.empty()) {
    const auto& p = lab.models[1];
    ImGui::TextWrapped("In flight: %s requests (λ × t). Pool to keep the cores busy: %s. CPU %s busy; %s.",
                       units::FormatNumber(p.concurrency, 3).c_str(), units::FormatNumber(p.goetz_pool_size, 3).c_str(),
                       units::FormatPercent(p.cpu_utilization, 3).c_str(), p.io_bound ? "I/O-bound" : "CPU-bound");
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  {
    plot::Series pts, fitted;
    pts.label = "measured";
    pts.color = plot::SeriesColor(1);
    pts.markers = true;
    pts.thickness = 0.0f;
    fitted.label = "USL fit";
    fitted.color = plot::SeriesColor(0);
    fitted.thickness = 2.0f;
    double y_max = 1, x_max = 128;
    for (const auto& p : lab.measured) {
      pts.x.push_back(p.concurrency);
      pts.y.push_back(p.throughput);
      y_max = std::max(y_max, p.throughput);
    }
    for (const auto& p : lab.curve) {
      fitted.x.push_back(p.concurrency);
      fitted.y.push_back(p.throughput);
      y_max = std::max(y_max, p.throughput);
      x_max = std::max(x_max, p.concurrency);
    }
    std::vector<plot::Marker> markers;
    if (lab.fit && lab.fit->peak_concurrency && lab.fit->peak_throughput) {
      char label[96];
      std::snprintf(label, sizeof label, "N* %.1f: %.4g/s", *lab.fit->peak_concurrency, *lab.fit->peak_throughput);
      markers.push_back({*lab.fit->peak_concurrency, *lab.fit->peak_throughput, IM_COL32(255, 255, 255, 255), label});
    }
    plot::Axes ax;
    ax.x_min = 0;
    ax.x_max = x_max;
    ax.y_min = 0;
    ax.y_max = y_max * 1.1;
    ax.x_label = "concurrency N";
    ax.y_label = "throughput /s";
    ax.x_format = "%.0f";
    ax.y_format = "%.3g";
    const plot::Series both[] = {fitted, pts};
    const float h = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 4, 160.0f);
    plot::LineChart("##concurrency_usl", ImVec2(half, h), ax, both, markers);
    RecordItem(s, "concurrency_usl_chart");
    plot::Legend(both);
    if (lab.fit)
      ImGui::Text("fit: λ %.4g/s, α %.4f, β %.6f, R² %.5f", lab.fit->params.lambda, lab.fit->params.alpha,
                  lab.fit->params.beta, lab.fit->r_squared);
  }
  ImGui::EndGroup();
}

nlohmann::json ConcurrencyLabJson(const ConcurrencyLab& lab) {
  nlohmann::json models = nlohmann::json::array();
  for (const auto& m : lab.models)
    models.push_back({{"model", std::string(concurrency::ServerModelName(m.model))},
                      {"max_throughput", Finite(m.max_throughput)},
                      {"threads", m.threads},
                      {"concurrency", Finite(m.concurrency)},
                      {"overloaded", m.overloaded},
                      {"bottleneck", m.bottleneck}});
  nlohmann::json j = {{"inputs",
                       {{"rps", lab.rps},
                        {"cpu_ms", lab.cpu_ms},
                        {"blocking_ms", lab.blocking_ms},
                        {"cores", lab.cores},
                        {"threads", lab.threads},
                        {"usl_alpha", lab.usl_alpha},
                        {"usl_beta", lab.usl_beta},
                        {"noise", lab.noise},
                        {"seed", lab.seed}}},
                      {"models", models},
                      {"updates", lab.updates},
                      {"compute_ms", Finite(lab.compute_ms)},
                      {"error", lab.error}};
  if (lab.fit) {
    j["fit"] = {{"lambda", Finite(lab.fit->params.lambda)},
                {"alpha", Finite(lab.fit->params.alpha)},
                {"beta", Finite(lab.fit->params.beta)},
                {"r_squared", Finite(lab.fit->r_squared)},
                {"peak_concurrency", lab.fit->peak_concurrency ? nlohmann::json(Finite(*lab.fit->peak_concurrency))
                                                               : nlohmann::json(nullptr)},
                {"peak_throughput", lab.fit->peak_throughput ? nlohmann::json(Finite(*lab.fit->peak_throughput))
                                                             : nlohmann::json(nullptr)}};
  }
  return j;
}

}  // namespace sdlab::web
