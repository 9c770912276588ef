// web/lab_slo.cpp — the SLO lab: an error budget burned over the window by a background error rate
// and one incident (the burn plot), the burn-rate alerts the incident trips, and lognormal latency
// percentiles with a fan-out of k. See labs.h. Figures come from sdlab/slo.h.
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
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

double Finite(double v) { return std::isfinite(v) ? v : 0.0; }
nlohmann::json Opt(const std::optional<double>& v) { return v ? nlohmann::json(Finite(*v)) : nlohmann::json(nullptr); }

}  // namespace

void ComputeSloLab(SloLab& lab) {
  lab::Stopwatch sw;
  lab.slo = std::clamp(lab.slo, 0.9, 0.99999);
  lab.window_days = std::clamp(lab.window_days, 1.0, 365.0);
  lab.background_rate = std::clamp(lab.background_rate, 0.0, 0.1);
  lab.incident_rate = std::clamp(lab.incident_rate, 0.0, 1.0);
  lab.incident_day = std::clamp(lab.incident_day, 0.0, lab.window_days);
  lab.incident_hours = std::clamp(lab.incident_hours, 0.0, 72.0);
  lab.p50_ms = std::clamp(lab.p50_ms, 0.1, 10000.0);
  lab.p99_ms = std::clamp(lab.p99_ms, lab.p50_ms * 1.01, 60000.0);
  lab.fan_out = std::clamp(lab.fan_out, 1, 10000);
  lab.error.clear();
  const double window = lab.window_days * 86400;
  slo::BudgetDef b;
  b.slo = lab.slo;
  b.window_s = window;
  b.error_rate = lab.background_rate;
  auto br = slo::AnalyzeBudget(b);
  lab.budget.reset();
  if (br) lab.budget = std::move(*br);
  else lab.error = br.error().Message();
  b.error_rate = lab.incident_rate;
  auto ir = slo::AnalyzeBudget(b);
  lab.incident.reset();
  if (ir) lab.incident = std::move(*ir);
  slo::BurnSeriesDef sd;
  sd.slo = lab.slo;
  sd.window_s = window;
  sd.background_error_rate = lab.background_rate;
  sd.incident_error_rate = lab.incident_rate;
  sd.incident_start_s = lab.incident_day * 86400;
  sd.incident_duration_s = std::min(lab.incident_hours * 3600, window);
  sd.points = 240;
  auto series = slo::BurnSeries(sd);
  lab.series.clear();
  if (series) lab.series = std::move(*series);
  else lab.error = series.error().Message();
  lab.exhausted_at_s = slo::BurnExhaustion(sd);
  lab.latency.reset();
  auto dist = slo::LognormalFromP50P99(lab.p50_ms / 1000, lab.p99_ms / 1000);
  if (dist) {
    auto l = slo::AnalyzeLatency(*dist, lab.fan_out);
    if (l) lab.latency = std::move(*l);
  } else {
    lab.error = dist.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
}

void DrawSloLab(PlaygroundState& s) {
  SloLab& lab = s.labs.slo;
  if (lab.dirty) {
    ComputeSloLab(lab);
    lab.dirty = false;
  }
  bool changed = false;
  if (lab::BeginInputs("##slo_inputs", 3)) {
    changed |= lab::SliderDouble(s, "SLO", "slo_target", &lab.slo, 0.9, 0.99999, "%.5f",
                                 "Target share of good requests over the window. Budget = 1 − SLO.");
    changed |= lab::SliderDouble(s, "Window d", "slo_window", &lab.window_days, 1.0, 365.0, "%.0f",
                                 "The SLO window in days (28 or 30 are usual).");
    changed |= lab::SliderDouble(s, "Errors", "slo_background", &lab.background_rate, 0.0, 0.1, "%.5f",
                                 "Error rate outside the incident. Burn rate = errors ÷ (1 − SLO).", true);
    changed |= lab::SliderDouble(s, "Incident", "slo_incident_rate", &lab.incident_rate, 0.0, 1.0, "%.3f",
                                 "Error rate during the incident.");
    changed |= lab::SliderDouble(s, "Start day", "slo_incident_day", &lab.incident_day, 0.0, 365.0, "%.1f",
                                 "When the incident starts, days into the window.");
    changed |= lab::SliderDouble(s, "Hours", "slo_incident_hours", &lab.incident_hours, 0.0, 72.0, "%.1f",
                                 "How long the incident lasts.");
    changed |= lab::SliderDouble(s, "p50 ms", "slo_p50", &lab.p50_ms, 0.1, 10000.0, "%.1f",
                                 "Median latency of one backend (lognormal).", true);
    changed |= lab::SliderDouble(s, "p99 ms", "slo_p99", &lab.p99_ms, 0.2, 60000.0, "%.1f",
                                 "99th percentile of one backend.", true);
    changed |= lab::SliderInt(s, "Fan-out k", "slo_fan_out", &lab.fan_out, 1, 10000,
                              "Parallel backend calls a request waits for: its p99 is the backend's quantile at "
                              "0.99^(1/k).",
                              true);
    lab::EndInputs();
  }
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float half = (avail_w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginGroup();
  {
    plot::Series left;
    left.label = "budget left";
    left.color = plot::SeriesColor(0);
    left.thickness = 2.0f;
    double y_min = 0;
    for (const auto& p : lab.series) {
      left.x.push_back(p.t_s / 86400);
      left.y.push_back(p.budget_left * 100);
      y_min = std::min(y_min, p.budget_left * 100);
    }
    std::vector<plot::Marker> markers;
    if (lab.exhausted_at_s) {
      char label[64];
      std::snprintf(label, sizeof label, "exhausted day %.2f", *lab.exhausted_at_s / 86400);
      markers.push_back({*lab.exhausted_at_s / 86400, 0, IM_COL32(255, 110, 100, 255), label});
    }
    plot::Axes ax;
    ax.x_min = 0;
    ax.x_max = lab.window_days;
    ax.y_min = y_min;
    ax.y_max = 100;
    ax.x_label = "day of the window";
    ax.y_label = "error budget left (%)";
    ax.x_format = "%.0f";
    ax.y_format = "%.0f";
    ax.x_line = lab.incident_day;
    ax.x_line_label = "incident";
    const float h = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 3, 160.0f);
    plot::LineChart("##slo_burn", ImVec2(half, h), ax, std::span<const plot::Series>(&left, 1), markers);
    RecordItem(s, "slo_burn_chart");
    if (lab.budget)
      ImGui::Text("budget %s of bad time; burn %.3g× outside the incident",
                  units::FormatDuration(lab.budget->allowed_bad_minutes * 60).c_str(), lab.budget->burn_rate.value_or(0));
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginChild("##slo_figures", ImVec2(half, 0));
  if (lab.incident) {
    ImGui::TextColored(lab::kColorAccent, "Alerts at the incident's burn rate %.3g×", lab.incident->burn_rate.value_or(0));
    for (const auto& a : lab.incident->alerts) {
      ImGui::TextColored(a.firing ? lab::kColorWarn : lab::kColorDim, "%s: burn ≥ %.3g over %s → %s", a.name.c_str(),
                         a.threshold, units::FormatDuration(a.long_window_s).c_str(),
                         a.firing ? ("fires after " + units::FormatDuration(a.time_to_fire_s.value_or(0))).c_str()
                                  : "quiet");
    }
  }
  if (lab.latency) {
    const auto& l = *lab.latency;
    ImGui::Separator();
    ImGui::Text("backend mean %s, p50 %s, p99 %s, p99.9 %s", units::FormatDuration(l.mean_s).c_str(),
                units::FormatDuration(l.p50_s).c_str(), units::FormatDuration(l.p99_s).c_str(),
                units::FormatDuration(l.p999_s).c_str());
    ImGui::TextColored(lab::kColorAccent, "fan-out of %d: p50 %s, p99 %s", l.fan_out,
                       units::FormatDuration(l.fan_out_p50_s).c_str(), units::FormatDuration(l.fan_out_p99_s).c_str());
    for (const auto& f : l.formulas) ImGui::TextWrapped("%s", f.text.c_str());
  }
  ImGui::EndChild();
}

nlohmann::json SloLabJson(const SloLab& lab) {
  nlohmann::json j = {{"inputs",
                       {{"slo", lab.slo},
                        {"window_days", lab.window_days},
                        {"background_rate", lab.background_rate},
                        {"incident_rate", lab.incident_rate},
                        {"incident_day", lab.incident_day},
                        {"incident_hours", lab.incident_hours},
                        {"p50_ms", lab.p50_ms},
                        {"p99_ms", lab.p99_ms},
                        {"fan_out", lab.fan_out}}},
                      {"exhausted_at_s", Opt(lab.exhausted_at_s)},
                      {"budget_left_end", lab.series.empty() ? nlohmann::json(nullptr)
                                                             : nlohmann::json(Finite(lab.series.back().budget_left))},
                      {"updates", lab.updates},
                      {"compute_ms", Finite(lab.compute_ms)},
                      {"error", lab.error}};
  if (lab.budget) {
    j["allowed_bad_minutes"] = Finite(lab.budget->allowed_bad_minutes);
    j["burn_rate"] = Opt(lab.budget->burn_rate);
  }
  if (lab.incident) j["incident_burn_rate"] = Opt(lab.incident->burn_rate);
  if (lab.latency) {
    j["p99_s"] = Finite(lab.latency->p99_s);
    j["fan_out_p99_s"] = Finite(lab.latency->fan_out_p99_s);
  }
  return j;
}

}  // namespace sdlab::web
