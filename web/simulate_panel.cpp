// web/simulate_panel.cpp — the Simulate view. See simulate_panel.h for what it shows.
#include "simulate_panel.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <string_view>
#include <utility>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

/// Wall time a frame may spend in Simulation::Advance (the rest is drawing).
constexpr double kSliceBudgetMs = 10.0;
/// Events per Advance call inside that budget (the clock is read between calls).
constexpr std::uint64_t kEventsPerCall = 1000;
/// A frame longer than this (a hidden tab, a debugger) advances the run as if it lasted this long.
constexpr double kMaxFrameS = 0.1;
/// Frames between two refreshes of the summary figures while playing.
constexpr int kSnapshotEveryFrames = 10;
/// Events shown in the log (the newest).
constexpr std::size_t kEventsShown = 200;

constexpr double kSpeeds[] = {1, 2, 4, 16, 64, 0};
constexpr sim::LoadProfile kProfiles[] = {sim::LoadProfile::Load, sim::LoadProfile::Stress, sim::LoadProfile::Spike,
                                          sim::LoadProfile::Endurance};

const ImVec4 kColorOk{0.45f, 0.85f, 0.50f, 1.0f};
const ImVec4 kColorWarn{0.95f, 0.78f, 0.35f, 1.0f};
const ImVec4 kColorError{1.0f, 0.45f, 0.42f, 1.0f};
const ImVec4 kColorDim{0.62f, 0.64f, 0.70f, 1.0f};
const ImVec4 kColorAccent{0.55f, 0.78f, 1.0f, 1.0f};

using Clock = std::chrono::steady_clock;

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

/// The shortest decimal text that reads back as `v` (for command lines).
std::string Shortest(double v) {
  char buf[40];
  for (int digits = 6; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

/// "12.346s" for 12346 ms.
std::string MillisecondsText(std::int64_t ms) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%lld.%03llds", static_cast<long long>(ms / 1000), static_cast<long long>(ms % 1000));
  return buf;
}

std::string SpeedLabel(double speed) {
  return speed > 0 ? Shortest(speed) + "×" : std::string("max");
}

void Tooltip(const char* text) {
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled)) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 32.0f);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }
}

/// Components a failure can hit: all but clients.
std::vector<const Component*> FailableComponents(const Blueprint& bp) {
  std::vector<const Component*> out;
  for (const Component& c : bp.components)
    if (c.kind != ComponentKind::Client) out.push_back(&c);
  return out;
}

/// Replica slots of a component over a run (autoscaling may add up to max_replicas).
int ReplicaSlots(const Component& c) {
  return std::max(1, c.autoscale ? std::max(c.replicas, c.max_replicas) : c.replicas);
}

/// The default crash target: a replicated service with a capacity, else any component with one, else the first.
std::string DefaultCrashTarget(const Blueprint& bp) {
  const auto list = FailableComponents(bp);
  for (const Component* c : list)
    if (c->kind == ComponentKind::Service && c->replicas >= 2 && c->capacity_rps) return c->id;
  for (const Component* c : list)
    if (c->replicas >= 2 && c->capacity_rps) return c->id;
  for (const Component* c : list)
    if (c->capacity_rps) return c->id;
  return list.empty() ? std::string() : list.front()->id;
}

/// Sets the failure targets that do not fit the design any more (after a new design was loaded).
void FitFailureControls(FailureControls& f, const Blueprint& bp) {
  const Component* c = bp.FindComponent(f.component);
  if (c == nullptr || c->kind == ComponentKind::Client) {
    f.component = DefaultCrashTarget(bp);
    f.replica = 0;
    c = bp.FindComponent(f.component);
  }
  if (c != nullptr && f.replica >= ReplicaSlots(*c)) f.replica = 0;
  auto has_zone = [&](const std::string& id) {
    return std::any_of(bp.zones.begin(), bp.zones.end(), [&](const Zone& z) { return z.id == id; });
  };
  if (!has_zone(f.zone_a)) f.zone_a = bp.zones.empty() ? std::string() : bp.zones.front().id;
  if (!has_zone(f.zone_b) || f.zone_b == f.zone_a) {
    f.zone_b.clear();
    for (const Zone& z : bp.zones)
      if (z.id != f.zone_a) {
        f.zone_b = z.id;
        break;
      }
  }
}

void ResetRun(SimulateState& sim) {
  sim.run.reset();
  sim.snapshot.reset();
  sim.injected.clear();
  sim.cli.clear();
  sim.playing = false;
  sim.frames = 0;
  sim.frame_ms_sum = sim.frame_ms_max = sim.slice_ms_sum = sim.slice_ms_max = sim.wall_s = 0;
  sim.frames_since_snapshot = 0;
}

std::string CommandLine(const PlaygroundState& s, const SimulateState& sim) {
  std::string file = s.scenario.empty() ? std::string("FILE") : "scenarios/" + s.scenario + ".json";
  std::string cmd = "sdlab simulate " + file + " --seed " + std::to_string(sim.def.seed);
  if (sim.def.duration_s) cmd += " --duration " + Shortest(*sim.def.duration_s) + "s";
  if (sim.def.profile != sim::LoadProfile::Load)
    cmd += " --profile " + std::string(sim::LoadProfileName(sim.def.profile));
  if (sim.def.rate_rps) cmd += " --rate " + Shortest(*sim.def.rate_rps);
  for (const std::string& f : sim.injected) cmd += " --fail " + f;
  return cmd + " --format json";
}

void RefreshSnapshot(SimulateState& sim) {
  if (!sim.run) return;
  sim.snapshot = sim.run->Result();
  sim.frames_since_snapshot = 0;
}

// [SECTION] Drawing: settings -----------------------------------------------------------------------

void DrawSettings(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  SimulateSettings& st = sim.settings;
  const float label_w = ImGui::CalcTextSize("Duration (s)").x + 4.0f;
  const float field_w = ImGui::CalcTextSize("000000000").x;

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Profile");
  ImGui::SameLine(label_w + ImGui::GetStyle().WindowPadding.x);
  static constexpr const char* kProfileHelp[] = {
      "load: steady at the entry rate",
      "stress: the rate ramps in 1 s steps from 0.25× to 1.5× the design's saturation rate",
      "spike: the rate × 4 from a third of the run for a sixth of it",
      "endurance: a long run (600 s by default); databases, caches, search and storage slow down as data grows"};
  for (std::size_t i = 0; i < std::size(kProfiles); ++i) {
    const std::string name(sim::LoadProfileName(kProfiles[i]));
    if (i > 0) ImGui::SameLine();
    if (ImGui::RadioButton(name.c_str(), st.profile == kProfiles[i])) st.profile = kProfiles[i];
    RecordItem(s, "sim:profile:" + name);
    Tooltip(kProfileHelp[i]);
  }
  ImGui::SameLine(0, 18.0f);
  ImGui::TextUnformatted("Rate ×");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_w * 1.6f);
  float mult = static_cast<float>(st.rate_multiplier);
  if (ImGui::SliderFloat("##rate", &mult, 0.1f, 10.0f, "%.2f",
                         ImGuiSliderFlags_Logarithmic | ImGuiSliderFlags_AlwaysClamp))
    st.rate_multiplier = static_cast<double>(mult);
  RecordItem(s, "sim:rate");
  Tooltip(
      "Multiplier of the design's entry rate (the estimate's peak reads + writes). 1 = the CLI's default; other "
      "values are the CLI's --rate. Ctrl+click to type.");

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Duration (s)");
  ImGui::SameLine(label_w + ImGui::GetStyle().WindowPadding.x);
  ImGui::SetNextItemWidth(field_w);
  double duration = st.duration_s;
  if (ImGui::InputDouble("##duration", &duration, 0.0, 0.0, "%.6g") && std::isfinite(duration))
    st.duration_s = std::clamp(duration, 0.0, 86400.0);
  RecordItem(s, "sim:duration");
  Tooltip(
      "Simulated seconds. 0 = the CLI's default: 60 s (600 s for endurance), shortened to fit the budget of 1M "
      "requests.");
  ImGui::SameLine(0, 18.0f);
  ImGui::TextUnformatted("Seed");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(field_w);
  ImGui::InputScalar("##seed", ImGuiDataType_U64, &st.seed);
  RecordItem(s, "sim:seed");
  Tooltip("Same design, settings, failures and seed: same figures, here and in the CLI.");
  ImGui::SameLine(0, 18.0f);
  ImGui::TextUnformatted("Speed");
  ImGui::SameLine();
  for (double v : kSpeeds) {
    const std::string label = SpeedLabel(v);
    if (ImGui::RadioButton(label.c_str(), st.speed == v)) st.speed = v;
    RecordItem(s, "sim:speed:" + (v > 0 ? Shortest(v) : std::string("max")));
    ImGui::SameLine();
  }
  ImGui::NewLine();
  Tooltip("Simulated seconds per wall second (max: as fast as the page can while staying responsive).");
}

void DrawTransport(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  const SimStatus status = sim.Status();
  const bool can_run = s.last_valid.has_value();
  ImGui::BeginDisabled(!can_run);
  const char* play_label = status == SimStatus::Running ? "Pause" : status == SimStatus::Paused ? "Resume" : "Run";
  if (ImGui::Button(play_label, ImVec2(ImGui::CalcTextSize("Resume").x + 24.0f, 0))) {
    if (status == SimStatus::Running)
      sim.playing = false;
    else if (status == SimStatus::Paused)
      sim.playing = true;
    else
      StartSimulation(s);
  }
  RecordItem(s, "sim:play");
  ImGui::SameLine();
  ImGui::BeginDisabled(status == SimStatus::Idle);
  if (ImGui::Button("Restart")) StartSimulation(s);
  RecordItem(s, "sim:restart");
  Tooltip("A new run with the settings above (injected failures are dropped).");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (sim.run) {
    const double now = sim.run->Now(), end = sim.run->EndTime();
    char overlay[96];
    std::snprintf(overlay, sizeof overlay, "t = %.1f / %.1f s", now, end);
    ImGui::ProgressBar(static_cast<float>(sim.run->Progress()),
                       ImVec2(ImGui::CalcTextSize("t = 0000.0 / 0000.0 s").x + 20.0f, 0), overlay);
    ImGui::SameLine();
    if (sim.frames > 0 && sim.wall_s > 0) {
      ImGui::TextColored(kColorDim, "%s sim s per wall s · %s events", units::FormatNumber(now / sim.wall_s, 3).c_str(),
                         units::FormatCount(static_cast<double>(sim.run->EventsProcessed())).c_str());
    }
  } else if (!can_run) {
    ImGui::TextColored(kColorDim, "Load a valid blueprint to simulate it.");
  } else {
    ImGui::TextColored(kColorDim, "Run: discrete-event simulation of \"%s\"",
                       s.last_valid->name.empty() ? "(unnamed)" : s.last_valid->name.c_str());
  }
}

void DrawFailures(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  FailureControls& f = sim.failures;
  const Blueprint& bp = *s.last_valid;
  const bool live = sim.Status() == SimStatus::Running || sim.Status() == SimStatus::Paused;
  const float combo_w = ImGui::CalcTextSize("load_balancer_xx").x;

  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Failures");
  Tooltip(
      "Injected into the run under way at the next millisecond of simulated time; the command line below "
      "reproduces them with --fail.");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(combo_w);
  if (ImGui::BeginCombo("##crash_component", f.component.c_str())) {
    for (const Component* c : FailableComponents(bp)) {
      const std::string label = c->id + "  (" + std::string(ComponentKindName(c->kind)) + ", " +
                                std::to_string(c->replicas) + (c->replicas == 1 ? " replica)" : " replicas)");
      if (ImGui::Selectable(label.c_str(), c->id == f.component)) {
        f.component = c->id;
        f.replica = std::min(f.replica, ReplicaSlots(*c) - 1);
      }
    }
    ImGui::EndCombo();
  }
  RecordItem(s, "sim:crash_component");
  ImGui::SameLine();
  const Component* target = bp.FindComponent(f.component);
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("replica 00 ").x + ImGui::GetFrameHeight());
  const std::string replica_label = f.replica < 0 ? std::string("all") : "replica " + std::to_string(f.replica);
  if (ImGui::BeginCombo("##crash_replica", replica_label.c_str())) {
    if (ImGui::Selectable("all", f.replica < 0)) f.replica = -1;
    for (int r = 0; target != nullptr && r < ReplicaSlots(*target); ++r)
      if (ImGui::Selectable(("replica " + std::to_string(r)).c_str(), f.replica == r)) f.replica = r;
    ImGui::EndCombo();
  }
  RecordItem(s, "sim:crash_replica");
  ImGui::SameLine();
  ImGui::BeginDisabled(!live || f.component.empty());
  if (ImGui::Button("Kill")) {
    const std::string who = f.replica < 0 ? f.component : f.component + "/" + std::to_string(f.replica);
    InjectFailure(s, who, f.for_s);
  }
  RecordItem(s, "sim:kill");
  Tooltip(
      "Crash the replica: its queued and in-service work is lost; with health checks the load balancer stops "
      "routing to it after interval × unhealthy threshold (15 s by default), without them it keeps swallowing "
      "requests until they time out.");
  ImGui::EndDisabled();

  ImGui::SameLine(0, 18.0f);
  ImGui::TextUnformatted("for");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("00000").x + 8.0f);
  double for_s = f.for_s;
  if (ImGui::InputDouble("##for", &for_s, 0.0, 0.0, "%.4g") && std::isfinite(for_s))
    f.for_s = std::clamp(for_s, 0.0, 86400.0);
  RecordItem(s, "sim:for");
  Tooltip("How long each injected failure lasts, simulated seconds (0 = to the end of the run).");
  ImGui::SameLine();
  ImGui::TextColored(kColorDim, "s");

  // Partition and spike on the second line, aligned under the first controls.
  const float indent = ImGui::CalcTextSize("Failures").x + ImGui::GetStyle().ItemSpacing.x;
  ImGui::Dummy(ImVec2(indent, 0));
  ImGui::SameLine();
  const float zone_w = ImGui::CalcTextSize("zone_xxxxxxxx").x;
  ImGui::BeginDisabled(bp.zones.size() < 2);
  for (int side = 0; side < 2; ++side) {
    std::string& zone = side == 0 ? f.zone_a : f.zone_b;
    ImGui::SetNextItemWidth(zone_w);
    if (ImGui::BeginCombo(side == 0 ? "##zone_a" : "##zone_b", zone.c_str())) {
      for (const Zone& z : bp.zones)
        if (ImGui::Selectable(z.id.c_str(), z.id == zone)) zone = z.id;
      ImGui::EndCombo();
    }
    RecordItem(s, side == 0 ? "sim:zone_a" : "sim:zone_b");
    ImGui::SameLine();
  }
  ImGui::BeginDisabled(!live || f.zone_a.empty() || f.zone_b.empty() || f.zone_a == f.zone_b);
  if (ImGui::Button("Partition")) InjectFailure(s, "partition:" + f.zone_a + "," + f.zone_b, f.for_s);
  RecordItem(s, "sim:partition");
  ImGui::EndDisabled();
  ImGui::EndDisabled();
  if (bp.zones.size() < 2)
    Tooltip("The design declares fewer than two zones.");
  else
    Tooltip("Hops between the two zones black-hole: requests crossing them time out.");

  ImGui::SameLine(0, 18.0f);
  ImGui::TextUnformatted("rate ×");
  ImGui::SameLine();
  ImGui::SetNextItemWidth(ImGui::CalcTextSize("00000").x + 8.0f);
  double factor = f.spike_factor;
  if (ImGui::InputDouble("##spike_factor", &factor, 0.0, 0.0, "%.3g") && std::isfinite(factor))
    f.spike_factor = std::clamp(factor, 0.01, 1000.0);
  RecordItem(s, "sim:spike_factor");
  ImGui::SameLine();
  ImGui::BeginDisabled(!live);
  if (ImGui::Button("Spike traffic")) InjectFailure(s, "spike:" + Shortest(f.spike_factor), f.for_s);
  RecordItem(s, "sim:spike");
  ImGui::EndDisabled();
  Tooltip("Every flow's entry rate × the factor (on top of the profile), for `for` seconds.");
}

// [SECTION] Drawing: charts -------------------------------------------------------------------------

/// The largest value of the series (for the y axis), at least `floor`.
double AxisTop(const std::vector<plot::Series>& series, double floor) {
  double top = floor;
  for (const auto& s : series)
    for (double v : s.y)
      if (std::isfinite(v)) top = std::max(top, v);
  return top * 1.08;
}

plot::Series Line(std::string label, const std::vector<double>& t, const std::vector<double>& y, ImU32 color,
                  double scale = 1.0) {
  plot::Series s;
  s.label = std::move(label);
  s.x = t;
  s.y.resize(std::min(t.size(), y.size()));
  for (std::size_t i = 0; i < s.y.size(); ++i) s.y[i] = y[i] * scale;
  s.color = color;
  s.thickness = 1.6f;
  return s;
}

void DrawCharts(PlaygroundState& s, float height) {
  SimulateState& sim = s.simulate;
  const sim::Timeline& tl = sim.run->TimelineSoFar();
  const double end = sim.run->EndTime();
  const std::vector<sim::ComponentResult>& comps = sim.snapshot->components;

  plot::Axes ax;
  ax.x_min = 0;
  ax.x_max = end;
  ax.x_format = "%.0f";
  ax.x_label = "simulated time (s)";
  ax.x_line = sim.run->Finished() ? std::nullopt : std::optional<double>(sim.run->Now());
  const float legend_h = ImGui::GetTextLineHeightWithSpacing();
  const float chart_h = std::max((height - 2 * legend_h) * 0.5f - ImGui::GetStyle().ItemSpacing.y * 2, 90.0f);

  if (!ImGui::BeginTable("##charts", 2, ImGuiTableFlags_SizingStretchSame)) return;
  // Latency percentiles.
  ImGui::TableNextColumn();
  {
    std::vector<plot::Series> lines;
    lines.push_back(Line("p50", tl.t_s, tl.p50_s, plot::SeriesColor(2), 1e3));
    lines.push_back(Line("p95", tl.t_s, tl.p95_s, plot::SeriesColor(1), 1e3));
    lines.push_back(Line("p99", tl.t_s, tl.p99_s, plot::SeriesColor(5), 1e3));
    // An interval with no successful request has no percentiles (the timeline says 0): leave it out.
    for (plot::Series& line : lines)
      for (std::size_t i = 0; i < line.y.size() && i < tl.throughput_rps.size(); ++i)
        if (!(tl.throughput_rps[i] > 0)) line.y[i] = std::nan("");
    plot::Axes a = ax;
    a.y_max = AxisTop(lines, 1.0);
    a.y_label = "latency (ms), per second";
    a.y_format = a.y_max >= 100 ? "%.0f" : "%.3g";
    plot::LineChart("##latency", ImVec2(ImGui::GetContentRegionAvail().x, chart_h), a, lines);
  }
  // Throughput.
  ImGui::TableNextColumn();
  {
    std::vector<plot::Series> lines;
    lines.push_back(Line("offered", tl.t_s, tl.offered_rps, plot::SeriesColor(7)));
    lines.back().dashed = true;
    lines.push_back(Line("attempts/s", tl.t_s, tl.attempts_rps, plot::SeriesColor(4)));
    lines.push_back(Line("ok/s", tl.t_s, tl.throughput_rps, plot::SeriesColor(0)));
    std::vector<double> failed(tl.t_s.size(), std::nan(""));
    for (std::size_t i = 0; i < failed.size() && i < tl.error_rate.size() && i < tl.throughput_rps.size(); ++i) {
      // error_rate = failed ÷ finished and throughput = succeeded/s, so failed/s = tp × e ÷ (1 − e)
      // (unknown when every request failed).
      const double e = tl.error_rate[i];
      if (e < 1) failed[i] = tl.throughput_rps[i] * e / (1 - e);
    }
    lines.push_back(Line("failed/s", tl.t_s, failed, plot::SeriesColor(10)));
    plot::Axes a = ax;
    a.y_max = AxisTop(lines, 1.0);
    a.y_label = "requests/s (attempts include retries)";
    a.y_format = a.y_max >= 100 ? "%.0f" : "%.3g";
    plot::LineChart("##throughput", ImVec2(ImGui::GetContentRegionAvail().x, chart_h), a, lines);
  }
  // Utilisation and queue per queueing component (the focused one drawn thicker).
  std::vector<plot::Series> util, queue;
  int k = 0;
  for (std::size_t i = 0; i < comps.size() && i < tl.components.size(); ++i) {
    if (!comps[i].queueing) continue;
    const ImU32 color = plot::SeriesColor(k++);
    util.push_back(Line(comps[i].id, tl.t_s, tl.components[i].utilization, color, 100.0));
    queue.push_back(Line(comps[i].id, tl.t_s, tl.components[i].queue_length, color));
    if (comps[i].id == s.focus) util.back().thickness = queue.back().thickness = 3.0f;
  }
  ImGui::TableNextColumn();
  {
    plot::Axes a = ax;
    a.y_max = AxisTop(util, 100.0);
    a.y_label = "utilisation (%)";
    a.y_format = "%.0f";
    plot::LineChart("##utilization", ImVec2(ImGui::GetContentRegionAvail().x, chart_h), a, util);
  }
  ImGui::TableNextColumn();
  {
    plot::Axes a = ax;
    a.y_max = AxisTop(queue, 1.0);
    a.y_label = "waiting jobs (all replicas)";
    a.y_format = a.y_max >= 100 ? "%.0f" : "%.3g";
    plot::LineChart("##queue", ImVec2(ImGui::GetContentRegionAvail().x, chart_h), a, queue);
  }
  ImGui::EndTable();
}

// [SECTION] Drawing: summary ------------------------------------------------------------------------

std::string Ms(double s) {
  return units::FormatNumber(s * 1e3, 3);
}

void DrawSummary(PlaygroundState& s) {
  const SimulateState& sim = s.simulate;
  const sim::SimResult& r = *sim.snapshot;
  const bool done = sim.run->Finished();
  ImGui::TextColored(done ? kColorOk : kColorAccent, done ? "Final" : "So far");
  ImGui::SameLine();
  ImGui::Text("p50 %s  p95 %s  p99 %s  p99.9 %s ms", Ms(r.latency.p50_s).c_str(), Ms(r.latency.p95_s).c_str(),
              Ms(r.latency.p99_s).c_str(), Ms(r.latency.p999_s).c_str());
  RecordItem(s, "sim:summary");
  ImGui::Text("throughput %s  ", units::FormatRate(r.throughput_rps).c_str());
  ImGui::SameLine(0, 0);
  ImGui::TextColored(r.error_rate > 0.01 ? kColorError
                     : r.error_rate > 0  ? kColorWarn
                                         : kColorOk,
                     "errors %s", units::FormatPercent(r.error_rate, 3).c_str());
  ImGui::SameLine();
  ImGui::TextColored(kColorDim, "timeouts %s", units::FormatPercent(r.timeout_rate, 3).c_str());
  std::string counts = units::FormatCount(static_cast<double>(r.arrivals_count)) + " requests · " +
                       units::FormatCount(static_cast<double>(r.retries)) + " retries · " +
                       units::FormatCount(static_cast<double>(r.failed)) + " failed";
  if (r.stale_served > 0) counts += " · " + units::FormatCount(static_cast<double>(r.stale_served)) + " stale";
  ImGui::TextColored(kColorDim, "%s", counts.c_str());

  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##components", 6, kFlags, ImVec2(0, ImGui::GetContentRegionAvail().y))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("component", ImGuiTableColumnFlags_WidthStretch, 1.8f);
  ImGui::TableSetupColumn("replicas", ImGuiTableColumnFlags_WidthStretch, 1.3f);
  ImGui::TableSetupColumn("util", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("queue", ImGuiTableColumnFlags_WidthStretch, 0.9f);
  ImGui::TableSetupColumn("p99 ms", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("dropped", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const sim::ComponentResult& c : r.components) {
    if (c.kind == "client") continue;
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    if (ImGui::Selectable((c.id + "##simcomp").c_str(), c.id == s.focus, ImGuiSelectableFlags_SpanAllColumns))
      s.focus = c.id;
    if (ImGui::IsItemHovered()) {
      std::string tip = c.id + " (" + c.kind + ")";
      if (c.queueing)
        tip += "\n" + std::to_string(c.servers_per_replica) + " server(s) per replica, mean service " +
               Ms(c.service_time_s) + " ms, capacity " + units::FormatRate(c.capacity_rps) + " per replica";
      else
        tip += "\npure delay of " + Ms(c.service_time_s) + " ms";
      if (c.mmc_mean_response_s)
        tip += "\nErlang C mean response at the measured rate: " + Ms(*c.mmc_mean_response_s) + " ms";
      if (c.hit_ratio) tip += "\nhit ratio " + units::FormatPercent(*c.hit_ratio, 3);
      tip += "\nLittle: L = " + units::FormatNumber(c.mean_in_system) +
             ", λ·W = " + units::FormatNumber(c.littles_lambda_w);
      ImGui::SetTooltip("%s", tip.c_str());
    }
    ImGui::TableNextColumn();
    if (c.replicas_final != c.replicas)
      ImGui::Text("%d→%d", c.replicas, c.replicas_final);
    else
      ImGui::Text("%d", c.replicas);
    ImGui::TableNextColumn();
    if (c.queueing) {
      const ImVec4 col = c.utilization > 0.9 ? kColorError : c.utilization > 0.7 ? kColorWarn : kColorOk;
      ImGui::TextColored(col, "%s", units::FormatPercent(c.utilization, 3).c_str());
    } else {
      ImGui::TextColored(kColorDim, "delay");
    }
    ImGui::TableNextColumn();
    if (c.mean_queue_length < 1000)
      ImGui::Text("%.2f", c.mean_queue_length);  // mean waiting jobs
    else
      ImGui::TextUnformatted(units::FormatCount(c.mean_queue_length).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(Ms(c.response.p99_s).c_str());
    ImGui::TableNextColumn();
    const auto dropped = static_cast<double>(c.lost + c.rejected);
    if (dropped > 0)
      ImGui::TextColored(kColorError, "%s", units::FormatCount(dropped).c_str());
    else
      ImGui::TextColored(kColorDim, "0");
    if (dropped > 0 && ImGui::IsItemHovered())
      ImGui::SetTooltip("%llu lost (crash, partition, dead replica), %llu rejected (queue full or shed)",
                        static_cast<unsigned long long>(c.lost), static_cast<unsigned long long>(c.rejected));
  }
  ImGui::EndTable();
}

void DrawEventLog(PlaygroundState& s) {
  const SimulateState& sim = s.simulate;
  const sim::SimResult& r = *sim.snapshot;
  ImGui::Text("Events (%zu)", r.events.size() + static_cast<std::size_t>(r.events_not_logged));
  RecordItem(s, "sim:events");
  ImGui::BeginChild("##eventlog", ImVec2(0, 0), true);
  if (r.events.empty()) ImGui::TextColored(kColorDim, "None yet: inject a failure, or pick the spike profile.");
  const std::size_t from = r.events.size() > kEventsShown ? r.events.size() - kEventsShown : 0;
  for (std::size_t i = from; i < r.events.size(); ++i) {
    const sim::SimEvent& e = r.events[i];
    std::string who = e.component;
    if (e.replica >= 0) who += "/" + std::to_string(e.replica);
    const bool bad = e.kind == "crash" || e.kind == "partition_start" || e.kind == "leader_lost" ||
                     e.kind == "circuit_open" || e.kind == "detected_down" || e.kind == "failover_failed";
    ImGui::TextColored(kColorDim, "%7.2f s", e.t_s);
    ImGui::SameLine();
    ImGui::TextColored(bad ? kColorError : kColorAccent, "%s", e.kind.c_str());
    ImGui::SameLine();
    ImGui::TextUnformatted(who.c_str());
    if (!e.detail.empty()) {  // on its own line, under the kind
      ImGui::Indent(ImGui::CalcTextSize("0000.00 s").x + ImGui::GetStyle().ItemSpacing.x);
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(kColorDim, "%s", e.detail.c_str());
      ImGui::PopTextWrapPos();
      ImGui::Unindent(ImGui::CalcTextSize("0000.00 s").x + ImGui::GetStyle().ItemSpacing.x);
    }
  }
  if (r.events_not_logged)
    ImGui::TextColored(kColorDim, "... and %llu more", static_cast<unsigned long long>(r.events_not_logged));
  ImGui::EndChild();
}

}  // namespace

// [SECTION] State changes ------------------------------------------------------------------------------

SimStatus SimulateState::Status() const {
  if (!run) return SimStatus::Idle;
  if (run->Finished()) return SimStatus::Finished;
  return playing ? SimStatus::Running : SimStatus::Paused;
}

bool StartSimulation(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  ResetRun(sim);
  sim.error.clear();
  sim.generation = s.blueprint_generation;
  if (!s.last_valid) {
    sim.error = "no valid blueprint";
    return false;
  }
  const SimulateSettings& st = sim.settings;
  sim::SimDef def;
  def.seed = st.seed;
  def.profile = st.profile;
  if (st.duration_s > 0) def.duration_s = st.duration_s;
  if (st.rate_multiplier != 1.0) {
    auto plan = sim::PlanRun(*s.last_valid, def);
    if (!plan) {
      sim.error = plan.error().Message();
      return false;
    }
    def.rate_rps = plan->base_rate_rps * st.rate_multiplier;
  }
  auto run = sim::Simulation::Create(*s.last_valid, def);
  if (!run) {
    sim.error = run.error().Message();
    if (run.error().field == "max_requests" || run.error().field == "max_events")
      sim.error += " (shorten the duration or lower the rate)";
    return false;
  }
  sim.def = def;
  sim.run.emplace(std::move(*run));
  sim.cli = CommandLine(s, sim);
  sim.playing = true;
  RefreshSnapshot(sim);
  return true;
}

bool InjectFailure(PlaygroundState& s, const std::string& target, double for_s) {
  SimulateState& sim = s.simulate;
  if (!sim.run || sim.run->Finished()) {
    sim.error = "no run under way: press Run first";
    return false;
  }
  const double now = sim.run->Now();
  auto ms = static_cast<std::int64_t>(std::floor(now * 1000.0)) + 1;
  for (int attempt = 0; attempt < 3; ++attempt, ++ms) {
    std::string text = target + "@" + MillisecondsText(ms);
    if (for_s > 0) text += ":for=" + Shortest(for_s) + "s";
    auto fault = sim::ParseFault(text);
    if (!fault) {
      sim.error = fault.error().Message();
      return false;
    }
    if (!(fault->at_s > now)) continue;  // decimal rounding: try the next millisecond
    auto at = sim.run->Inject(*fault);
    if (!at) {
      sim.error = at.error().Message();
      return false;
    }
    sim.error.clear();
    sim.injected.push_back(text);
    sim.cli = CommandLine(s, sim);
    return true;
  }
  sim.error = "could not place the failure after t = " + Shortest(now) + " s";
  return false;
}

void TickSimulation(PlaygroundState& s, double dt_s) {
  SimulateState& sim = s.simulate;
  if (sim.generation != s.blueprint_generation) {
    ResetRun(sim);
    sim.error.clear();
    sim.generation = s.blueprint_generation;
    if (s.last_valid) FitFailureControls(sim.failures, *s.last_valid);
  }
  // A component focused elsewhere (a finding) becomes the crash target.
  if (s.focus != sim.focus_applied) {
    sim.focus_applied = s.focus;
    if (s.last_valid) {
      const Component* c = s.last_valid->FindComponent(s.focus);
      if (c != nullptr && c->kind != ComponentKind::Client) {
        sim.failures.component = c->id;
        sim.failures.replica = std::min(sim.failures.replica, ReplicaSlots(*c) - 1);
      }
    }
  }
  if (!sim.run || !sim.playing || sim.run->Finished()) return;

  const double dt = std::clamp(std::isfinite(dt_s) ? dt_s : 0.0, 0.0, kMaxFrameS);
  const double until = sim.settings.speed > 0 ? sim.run->Now() + sim.settings.speed * dt : sim.run->EndTime();
  const Clock::time_point t0 = Clock::now();
  while (sim.run->Advance(until, kEventsPerCall) && sim.run->Now() < until && MsSince(t0) < kSliceBudgetMs) {
  }
  const double slice_ms = MsSince(t0);
  ++sim.frames;
  sim.frame_ms_sum += dt * 1e3;
  sim.frame_ms_max = std::max(sim.frame_ms_max, dt * 1e3);
  sim.slice_ms_sum += slice_ms;
  sim.slice_ms_max = std::max(sim.slice_ms_max, slice_ms);
  sim.wall_s += dt;
  if (sim.run->Finished()) {
    sim.playing = false;
    RefreshSnapshot(sim);
  } else if (++sim.frames_since_snapshot >= kSnapshotEveryFrames) {
    RefreshSnapshot(sim);
  }
}

// [SECTION] Drawing ---------------------------------------------------------------------------------------

void DrawSimulatePanel(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  if (!s.last_valid) {
    ImGui::TextColored(kColorDim, "No valid blueprint: pick a scenario or fix the editor's text.");
    return;
  }
  if (sim.failures.component.empty() && sim.failures.zone_a.empty()) FitFailureControls(sim.failures, *s.last_valid);
  DrawSettings(s);
  DrawTransport(s);
  DrawFailures(s);
  if (!sim.error.empty()) ImGui::TextColored(kColorError, "%s", sim.error.c_str());
  if (!sim.cli.empty()) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kColorDim, "%s", sim.cli.c_str());
    ImGui::PopTextWrapPos();
    RecordItem(s, "sim:cli");
    Tooltip("The same run from a terminal: same seed, same failures, same figures.");
  }
  ImGui::Separator();
  if (!sim.run || !sim.snapshot) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(kColorDim,
                       "Press Run: requests flow through the design's components; the charts fill in as "
                       "simulated time passes. Failures can be injected while it runs.");
    ImGui::PopTextWrapPos();
    return;
  }
  const float avail = ImGui::GetContentRegionAvail().y;
  DrawCharts(s, avail * 0.58f);
  if (ImGui::BeginTable("##bottom", 2, ImGuiTableFlags_SizingStretchProp,
                        ImVec2(0, ImGui::GetContentRegionAvail().y))) {
    ImGui::TableSetupColumn("summary", ImGuiTableColumnFlags_WidthStretch, 1.25f);
    ImGui::TableSetupColumn("events", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableNextColumn();
    DrawSummary(s);
    ImGui::TableNextColumn();
    DrawEventLog(s);
    ImGui::EndTable();
  }
}

// [SECTION] JSON ------------------------------------------------------------------------------------------

nlohmann::json SimulationStateJson(const SimulateState& sim) {
  const SimStatus status = sim.Status();
  const char* status_name = status == SimStatus::Idle      ? "idle"
                            : status == SimStatus::Running ? "running"
                            : status == SimStatus::Paused  ? "paused"
                                                           : "finished";
  nlohmann::json j;
  j["status"] = status_name;
  j["now_s"] = sim.run ? sim.run->Now() : 0.0;
  j["end_s"] = sim.run ? sim.run->EndTime() : 0.0;
  j["progress"] = sim.run ? sim.run->Progress() : 0.0;
  j["events_processed"] = sim.run ? sim.run->EventsProcessed() : 0;
  j["settings"] = {{"profile", std::string(sim::LoadProfileName(sim.settings.profile))},
                   {"rate_multiplier", sim.settings.rate_multiplier},
                   {"duration_s", sim.settings.duration_s},
                   {"seed", sim.settings.seed},
                   {"speed", sim.settings.speed}};
  j["failures"] = {{"component", sim.failures.component},
                   {"replica", sim.failures.replica},
                   {"zone_a", sim.failures.zone_a},
                   {"zone_b", sim.failures.zone_b},
                   {"spike_factor", sim.failures.spike_factor},
                   {"for_s", sim.failures.for_s}};
  j["injected"] = sim.injected;
  j["cli"] = sim.cli;
  j["error"] = sim.error;
  if (sim.snapshot) {
    const sim::SimResult& r = *sim.snapshot;
    j["summary"] = {
        {"p50_ms", r.latency.p50_s * 1e3},   {"p95_ms", r.latency.p95_s * 1e3},    {"p99_ms", r.latency.p99_s * 1e3},
        {"p999_ms", r.latency.p999_s * 1e3}, {"throughput_rps", r.throughput_rps}, {"error_rate", r.error_rate},
        {"timeout_rate", r.timeout_rate},    {"requests", r.arrivals_count},       {"events", r.events.size()}};
  } else {
    j["summary"] = nullptr;
  }
  const double n = static_cast<double>(std::max<std::uint64_t>(sim.frames, 1));
  j["frames"] = {{"count", sim.frames},
                 {"mean_ms", sim.frame_ms_sum / n},
                 {"max_ms", sim.frame_ms_max},
                 {"slice_mean_ms", sim.slice_ms_sum / n},
                 {"slice_max_ms", sim.slice_ms_max},
                 {"wall_s", sim.wall_s},
                 {"sim_speed", sim.run && sim.wall_s > 0 ? sim.run->Now() / sim.wall_s : 0.0}};
  return j;
}

nlohmann::json SimulationResultJson(const SimulateState& sim) {
  if (!sim.run) return nullptr;
  return sim::ToJson(sim.run->Result(), false);
}

}  // namespace sdlab::web
