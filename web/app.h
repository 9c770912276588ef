// web/app.h — the playground's state and its Dear ImGui panels (no platform code here).
//
// What it shows: three fixed panels laid out for a 1280×800 canvas (they stretch with the canvas):
//   Scenarios   the bundled blueprints (/scenarios/*.json in the page); clicking one loads its text.
//   Blueprint   a JSON editor validated on every keystroke with LoadBlueprint(); problems are listed
//               with their JSON pointer and line:col. Invalid text never discards the last valid design.
//   Estimator   requirement inputs (DAU, reads and writes per user per day, object size, retention,
//               peak factor, replication, month convention, cache hot fraction) and the estimate
//               table with the formula behind each figure, recomputed on every change; with a valid
//               blueprint, also the per-tier servers needed.
//   Simulate    (tab or View menu, in the estimator's place) a discrete-event run of the design with
//               live charts and failure injection: web/simulate_panel.h.
//   Findings    (tab or View menu) the design's score and findings: web/findings_panel.h.
//
// How inputs and the blueprint combine: loading a valid blueprint copies its requirements into the
// inputs; the estimate is EstimateBlueprint(blueprint with its requirements replaced by the inputs),
// or EstimateRequirements(inputs) when no blueprint is loaded. So every figure on screen comes from
// the inputs shown next to it.
//
// Units: rates per second unless a field says "per day"; sizes in bytes; retention in years of the
// chosen month convention; fractions 0..1. Screen coordinates are CSS pixels of the canvas.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/units.h"
#include "canvas.h"
#include "findings_panel.h"
#include "labs.h"
#include "simulate_panel.h"

namespace sdlab::web {

/// The estimator's inputs, in the units a person thinks in.
///
/// Traffic is per user (DAU × per-user rates) unless a loaded blueprint gives it as totals without
/// a DAU: then `per_user` is false and the two traffic fields are totals per day. Typing a DAU
/// switches back to per-user rates (the totals are divided by it, so no figure jumps).
struct EstimatorInputs {
  bool per_user = true;                ///< traffic = dau × per-user rates (else totals per day)
  double dau = 1e6;                    ///< daily active users (0 = not given, when !per_user)
  double reads_per_day = 10;           ///< reads per user per day (per_user) or in total per day
  double writes_per_day = 1;           ///< writes per user per day (per_user) or in total per day
  double object_size_bytes = 1000;     ///< bytes per written object
  double retention_years = 5;          ///< years data is kept (year of the month convention)
  double peak_factor = 2;              ///< peak / average traffic
  int replication_factor = 3;          ///< stored copies
  units::MonthConvention month = units::MonthConvention::Days30;
  double cache_hot_fraction = 0.2;     ///< share of a day's read bytes kept in cache
};

/// Requirements `base` with the inputs written over the fields the estimator shows. The traffic
/// the inputs give replaces every traffic field of `base` (per-user rates, totals, read:write ratio).
Requirements ApplyInputs(const Requirements& base, const EstimatorInputs& in);

/// The inputs that reproduce `req`: rates as the estimate of `req` computes them (so a read:write
/// ratio or totals come out as per-day figures), retention in years of req's month convention.
EstimatorInputs InputsFromRequirements(const Requirements& req);

/// One bundled blueprint.
struct Scenario {
  std::string name;   ///< file stem, e.g. "url_shortener"; the id used by LoadScenario
  std::string title;  ///< the blueprint's "name", or the stem when the file does not load
  std::string description;  ///< the blueprint's "description", if any
  std::string text;   ///< the file's bytes
};

/// What the right-hand region shows when no lab is open (tabs at its top, View menu).
enum class View { Estimator, Canvas, Simulate, Findings };
/// "estimator", "canvas", "simulate", "findings".
std::string_view ViewName(View v);

/// A widget's rectangle in canvas CSS pixels, as drawn in the last frame.
struct WidgetRect {
  float x = 0, y = 0, w = 0, h = 0;
};

struct PlaygroundState {
  // Blueprint editor
  std::string blueprint_text;
  int editor_generation = 0;               ///< bumped when the text is replaced from outside the editor
  std::optional<Blueprint> last_valid;     ///< last text that loaded; kept while the text is invalid
  int blueprint_generation = 0;            ///< bumped whenever last_valid changes (views recompute on it)
  std::vector<Diagnostic> diagnostics;     ///< problems of the current text (empty when it loads)
  // Estimator
  EstimatorInputs inputs;
  std::optional<Estimate> estimate;        ///< current figures (empty when the inputs cannot be estimated)
  std::string estimate_error;              ///< why there is no estimate
  // Scenarios
  std::vector<Scenario> scenarios;
  std::string scenario;                    ///< name of the scenario last loaded, "" if none
  // Platform hooks (empty = not available)
  std::function<void(const std::string&)> open_url;  ///< open a page next to the playground ("docs.html")
  std::function<void(const std::string&)> set_fragment;  ///< put "#bp=..." in the address bar (Share)
  std::string share_link;                  ///< the last fragment Share made ("" before), or why it could not
  std::function<void(const std::string&, const std::string&)> download;  ///< save (file name, text) (Export JSON)
  std::function<void()> pick_file;         ///< open the page's file picker (Import JSON → ImportBlueprint)
  // Appearance
  bool light_theme = false;                ///< View menu; the page keeps it in localStorage
  float pixel_ratio = 1.0f;                ///< devicePixelRatio the fonts are rasterised at (page's report)
  // Canvas view (web/canvas.h): the design drawn and edited with the mouse, and the undo history
  CanvasState canvas;
  // Labs (web/labs.h): every lab's inputs and results; the open lab replaces the estimator
  LabsState labs;
  std::string active_lab;                  ///< "" = the estimator; else a name from LabNames()
  // Simulate and Findings views (web/simulate_panel.h, web/findings_panel.h)
  View view = View::Estimator;
  SimulateState simulate;
  FindingsState findings;
  std::string focus;                       ///< component, flow or rule id selected (a finding's click, a deep link)
  // Bookkeeping for tests and JS
  std::uint64_t frame_count = 0;
  std::map<std::string, WidgetRect, std::less<>> widget_rects;  ///< named widgets of the last frame
};

/// Replace the editor text (as a scenario or JS does, not by typing) and validate it. A valid, non-blank text becomes the current blueprint
/// and its requirements are copied into the inputs; blank text unloads the blueprint; invalid text
/// only sets the diagnostics. Recomputes the estimate.
void SetBlueprintText(PlaygroundState& s, std::string text);

/// Validate the editor text as it stands (after typing): see SetBlueprintText.
void ValidateBlueprintText(PlaygroundState& s);

/// Load the scenario with this name into the editor. False if there is none.
bool LoadScenario(PlaygroundState& s, std::string_view name);

/// Recompute the estimate from the inputs (and the last valid blueprint, if any).
void Recompute(PlaygroundState& s);

/// Everything a test or the page's JS needs to check the state, as JSON (finite numbers only):
/// {frame_count, scenario, scenarios, blueprint_valid, blueprint_name, diagnostics, inputs,
///  estimate (EstimateToJson or null), estimate_error, view, focus, simulate (SimulationStateJson),
///  findings (FindingsStateJson), canvas (CanvasStateJson), theme ("dark"|"light"), pixel_ratio,
///  undo {can_undo, can_redo}}.
nlohmann::json StateToJson(const PlaygroundState& s);

/// Records the rect of the last ImGui item under `id` in s.widget_rects (for tests and JS).
void RecordItem(PlaygroundState& s, std::string_view id);

/// Style and spacing of the playground, dark or light. Call after ImGui::CreateContext() and on a
/// theme change.
void ApplyPlaygroundStyle(bool light = false);

/// Draw all panels for one frame (between ImGui::NewFrame() and ImGui::Render()).
void DrawPlayground(PlaygroundState& s);

}  // namespace sdlab::web
