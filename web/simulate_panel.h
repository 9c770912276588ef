// web/simulate_panel.h — the playground's Simulate view: a discrete-event run of the loaded design
// (core/include/sdlab/sim.h), advanced one slice per frame, with live charts and failure injection.
//
// What it shows
//   Settings    load profile (load, stress, spike, endurance), rate × (a multiplier of the design's
//               entry rate, the estimate's peak reads + writes), duration (0 = the CLI's default:
//               60 s, 600 s for endurance, shortened to the request budget), seed, speed.
//   Play/pause  the run advances speed × the frame's duration of simulated time per frame, within a
//               wall-time budget per frame (kSliceBudgetMs), so the page stays responsive; "max"
//               advances as far as that budget allows. Slicing never changes the figures.
//   Failures    while a run is under way: kill a replica of a component (or all of them), partition
//               two zones, spike the traffic (every flow's rate × factor); each lasts `for` seconds
//               (0 = to the end). They go through sim::Simulation::Inject.
//   Charts      latency p50/p95/p99, offered and successful requests/s, utilisation and waiting jobs
//               per component, one point per sample interval (1 s), drawn with ImDrawList.
//   Summary     p50/p95/p99/p99.9, throughput, error and timeout rates, per-component utilisation,
//               queue, p99 and losses, and the event log (crash, detected_down, failover, ...).
//
// Reproducible as a command: a run is `sdlab simulate FILE --seed S [--duration D] [--profile P]
// [--rate R] [--fail F]...`; the panel shows that line, and SimulationResultJson() is the JSON that
// command prints with --format json. An injected failure starts at the first whole millisecond of
// simulated time after the click (written "api/0@12.346s"), so the CLI's --fail reproduces the run
// exactly (see sim::Simulation::Inject).
//
// Units: simulated seconds (s), wall milliseconds (ms, frame timing only), rates per second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/sim.h"

namespace sdlab::web {

struct PlaygroundState;

/// Inputs of the next run, in the units a person thinks in.
struct SimulateSettings {
  sim::LoadProfile profile = sim::LoadProfile::Load;
  double rate_multiplier = 1.0;  ///< × the design's entry rate (1 = the CLI's default rate)
  double duration_s = 0;         ///< simulated seconds; 0 = the CLI's default
  std::uint64_t seed = 1;
  double speed = 4;  ///< simulated seconds per wall second; 0 = as fast as the frame budget allows
};

/// The failure buttons' targets.
struct FailureControls {
  std::string component;       ///< component id to crash ("" = the first that can fail)
  int replica = 0;             ///< replica index; -1 = every replica
  std::string zone_a, zone_b;  ///< partition sides (zone ids)
  double spike_factor = 4;     ///< rate × this
  double for_s = 0;            ///< how long a failure lasts; 0 = to the end of the run
};

enum class SimStatus { Idle, Running, Paused, Finished };

struct SimulateState {
  SimulateSettings settings;
  FailureControls failures;
  // The run
  int generation = -1;  ///< PlaygroundState::blueprint_generation it belongs to
  std::optional<sim::Simulation> run;
  sim::SimDef def;                         ///< the definition it was created with
  std::string cli;                         ///< the equivalent command line
  std::vector<std::string> injected;       ///< failures injected, as written (--fail)
  std::optional<sim::SimResult> snapshot;  ///< figures so far (refreshed every few frames), final at the end
  bool playing = false;
  std::string error;          ///< why the last run or injection was refused
  std::string focus_applied;  ///< the PlaygroundState::focus last copied into `failures`
  // Frame statistics while playing (wall time)
  std::uint64_t frames = 0;                   ///< frames that advanced the run
  double frame_ms_sum = 0, frame_ms_max = 0;  ///< frame-to-frame time (ImGui's DeltaTime)
  double slice_ms_sum = 0, slice_ms_max = 0;  ///< time spent in Simulation::Advance
  double wall_s = 0;                          ///< wall time while playing
  int frames_since_snapshot = 0;

  SimStatus Status() const;
};

/// Advances a playing run by one frame's slice (`dt_s`: the frame's wall duration). Resets the run
/// when the design changed. Call once per frame, whatever view is shown.
void TickSimulation(PlaygroundState& s, double dt_s);

/// The Simulate view's contents (inside a window the caller opened).
void DrawSimulatePanel(PlaygroundState& s);

/// Starts a new run of the last valid design with the settings (stops the current one).
bool StartSimulation(PlaygroundState& s);

/// Injects a failure (written as for `sdlab simulate --fail`, without the @TIME part: "api/0",
/// "partition:a,b", "spike:4") at the next allowed instant; `for_s` > 0 limits its length. False
/// (and SimulateState::error says why) when no run is under way or the core refuses it.
bool InjectFailure(PlaygroundState& s, const std::string& target, double for_s);

/// {status, now_s, end_s, progress, settings {...}, injected [...], cli, error, summary {p50_ms,
///  p95_ms, p99_ms, p999_ms, throughput_rps, error_rate, timeout_rate, requests, events} or null,
///  frames {count, mean_ms, max_ms, slice_mean_ms, slice_max_ms, wall_s, sim_speed}}.
nlohmann::json SimulationStateJson(const SimulateState& sim);

/// sim::ToJson of the run's figures (so far, or final), as `sdlab simulate --format json` prints
/// them; null when there is no run.
nlohmann::json SimulationResultJson(const SimulateState& sim);

}  // namespace sdlab::web
