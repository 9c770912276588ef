// web/findings_panel.h — the playground's Findings view: the score of the loaded design
// (sdlab::score::ScoreBlueprint, core/include/sdlab/score.h) and every finding with its evidence.
//
// What it shows
//   Score       overall 0–100 and grade, with the weighted-mean formula on hover; errors, warnings,
//               notes and suppressed findings counted.
//   Areas       one bar per area (capacity, latency, availability, durability, consistency,
//               security, cost, operability) with its score; hover for "100 − RULE sev points ...".
//   Findings    severity, rule id, area, the component/flow/link it is about and the message, in the
//               report's order (errors first). Clicking a row selects it and focuses its element:
//               PlaygroundState::focus = the finding's focus, or its rule id when it is about the whole
//               design (as the CLI's deep links do). Rows about the focused element are highlighted.
//   Detail      the selected finding's rule title, message, where it is (JSON pointer, line:col),
//               evidence (each figure with the formula behind it), why it matters, how to fix it, and
//               the curriculum topic; a suppression's reason.
//   Latency     judged on the M/M/c estimate (as `sdlab score`), or, when ticked and a simulation of
//               this design has finished, on that run's per-flow percentiles (as `sdlab score
//               --simulate` does with the simulator's default settings).
//
// The report equals `sdlab score FILE --format json`'s files[0] without its path and deep links.
// Scoring runs when the view is shown and the design has changed since (not on every keystroke).
//
// Deep links: the CLI's reports link each finding to "<playground>#bp=<blueprint>&seed=N&focus=ID"
// (sdlab/share.h). OpenDeepLink loads that blueprint, sets the Simulate view's seed, focuses ID and
// opens this view with the first finding about ID selected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/score.h"

namespace sdlab::web {

struct PlaygroundState;

struct FindingsState {
  int generation = -1;                  ///< PlaygroundState::blueprint_generation scored (-1 = never)
  bool use_simulation = false;          ///< judge latency on the finished simulation run
  bool scored_with_simulation = false;  ///< the report used it
  std::optional<score::ScoreReport> report;
  int selected = -1;  ///< index into report->findings, -1 = none
  bool show_suppressed = true;
  std::string link_error;  ///< why the page's deep link could not be opened
};

/// Scores the last valid design when it (or the latency source) changed since the last scoring.
void RefreshFindings(PlaygroundState& s);

/// Selects finding `index` and focuses what it is about (see above). False if there is no such finding.
bool SelectFinding(PlaygroundState& s, int index);

/// Opens a deep link's fragment ("#bp=...&seed=N&focus=ID", with or without '#'): see above. A
/// focus naming a rule selects its first finding; one naming a component, flow or link target
/// selects the first finding about it. False, with FindingsState::link_error set and nothing else
/// changed, when the fragment or its blueprint cannot be read.
bool OpenDeepLink(PlaygroundState& s, std::string_view fragment);

/// The Findings view's contents (inside a window the caller opened). Refreshes the score first.
void DrawFindingsPanel(PlaygroundState& s);

/// {scored, overall, grade, counts {error, warning, note, suppressed}, areas {name: score},
///  findings [{rule, severity, area, focus}], selected, latency_source}.
nlohmann::json FindingsStateJson(const FindingsState& findings);

/// score::ToJson of the report (null before the first scoring).
nlohmann::json FindingsReportJson(const FindingsState& findings);

}  // namespace sdlab::web
