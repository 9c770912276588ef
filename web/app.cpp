// web/app.cpp — the playground's panels and state changes. See app.h for what it shows.
#include "app.h"

#include "sdlab/share.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

namespace sdlab::web {
namespace {

constexpr double kSecondsPerDay = 86400.0;
// Figure keys of the estimate read back into the inputs (see core/src/estimate).
constexpr std::string_view kAvgReadKey = "read_rps";
constexpr std::string_view kAvgWriteKey = "write_rps";

constexpr units::MonthConvention kMonthConventions[] = {
    units::MonthConvention::Days30, units::MonthConvention::Primer, units::MonthConvention::Gregorian,
    units::MonthConvention::Days365};

const ImVec4 kColorOk{0.45f, 0.85f, 0.50f, 1.0f};
const ImVec4 kColorWarn{0.95f, 0.78f, 0.35f, 1.0f};
const ImVec4 kColorError{1.0f, 0.45f, 0.42f, 1.0f};
const ImVec4 kColorDim{0.62f, 0.64f, 0.70f, 1.0f};

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
}

/// A finite number within [lo, hi], or `fallback` when the input is not a finite number.
double Bounded(double v, double lo, double hi, double fallback) {
  if (!std::isfinite(v)) return fallback;
  return std::clamp(v, lo, hi);
}

/// The inputs with every field brought into its allowed range (no NaN, no infinity, no negatives).
EstimatorInputs Sanitized(const EstimatorInputs& next, const EstimatorInputs& prev) {
  EstimatorInputs in = next;
  in.dau = Bounded(next.dau, 0, 1e11, prev.dau);
  in.reads_per_day = Bounded(next.reads_per_day, 0, 1e15, prev.reads_per_day);
  in.writes_per_day = Bounded(next.writes_per_day, 0, 1e15, prev.writes_per_day);
  in.object_size_bytes = Bounded(next.object_size_bytes, 1, 1e13, prev.object_size_bytes);
  in.retention_years = Bounded(next.retention_years, 0, 100, prev.retention_years);
  in.peak_factor = Bounded(next.peak_factor, 1, 100, prev.peak_factor);
  in.replication_factor = std::clamp(next.replication_factor, 1, 9);
  in.cache_hot_fraction = Bounded(next.cache_hot_fraction, 0, 1, prev.cache_hot_fraction);
  return in;
}

/// A DAU typed over totals turns them into per-user rates, so no figure jumps.
void SwitchToPerUserIfDauGiven(EstimatorInputs& in) {
  if (in.per_user || in.dau <= 0) return;
  in.per_user = true;
  in.reads_per_day /= in.dau;
  in.writes_per_day /= in.dau;
}

std::string FormatFigure(const Figure& f) {
  switch (f.unit) {
    case FigureUnit::PerSecond: return units::FormatRate(f.value);
    case FigureUnit::Bytes: return units::FormatBytes(f.value);
    case FigureUnit::BytesPerSecond: return units::FormatBytes(f.value) + "/s";
    case FigureUnit::Count: return units::FormatCount(f.value);
    case FigureUnit::Seconds: return units::FormatDuration(f.value);
    case FigureUnit::Ratio:
      // The read:write ratio is "x to one"; other ratios are fractions, shown as percentages.
      return f.key == "read_write_ratio" ? units::FormatNumber(f.value) + ":1" : units::FormatPercent(f.value, 3);
  }
  return units::FormatNumber(f.value);
}

void HelpTooltip(const char* text) {
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", text);
}

// [SECTION] Layout: three fixed windows designed for 1280×800, stretched with the canvas ------------

struct PanelRect {
  ImVec2 pos, size;
};
struct Layout {
  PanelRect scenarios, blueprint, estimator;
};

/// `scenario_count` rows fit the scenario list (up to a quarter of the height; it scrolls beyond).
Layout ComputeLayout(ImVec2 display, float menu_h, std::size_t scenario_count, bool wide_right = false) {
  constexpr float kPad = 8.0f;
  const ImGuiStyle& st = ImGui::GetStyle();
  // The canvas takes more of the width: the editor keeps 320 px (it scrolls sideways).
  const float left_w = wide_right ? std::clamp(display.x * 0.25f, 300.0f, 420.0f) : std::clamp(display.x * 0.34f, 320.0f, 520.0f);
  const float body_h = std::max(display.y - menu_h - 2 * kPad, 200.0f);
  const float rows = static_cast<float>(std::max<std::size_t>(scenario_count, 2));
  const float list_h = ImGui::GetFrameHeight() + 2 * st.WindowPadding.y +
                       rows * (ImGui::GetTextLineHeight() + st.ItemSpacing.y);
  const float scenarios_h = std::clamp(list_h, 90.0f, std::max(body_h * 0.25f, 90.0f));
  Layout l;
  l.scenarios = {{kPad, menu_h + kPad}, {left_w, scenarios_h}};
  l.blueprint = {{kPad, menu_h + 2 * kPad + scenarios_h}, {left_w, body_h - scenarios_h - kPad}};
  l.estimator = {{2 * kPad + left_w, menu_h + kPad}, {std::max(display.x - 3 * kPad - left_w, 300.0f), body_h}};
  return l;
}

bool BeginPanel(const char* title, const PanelRect& r) {
  ImGui::SetNextWindowPos(r.pos, ImGuiCond_Always);
  ImGui::SetNextWindowSize(r.size, ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags =
      ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  return ImGui::Begin(title, nullptr, kFlags);
}

// [SECTION] Views: the estimator, simulate and findings share the right-hand region ---------------------

constexpr View kViews[] = {View::Estimator, View::Canvas, View::Simulate, View::Findings};

const char* ViewTitle(View v) {
  switch (v) {
    case View::Estimator: return "Estimator";
    case View::Canvas: return "Canvas";
    case View::Simulate: return "Simulate";
    case View::Findings: return "Findings";
  }
  return "";
}

/// View menu: picking a view closes an open lab; the theme toggle.
void DrawViewMenu(PlaygroundState& s) {
  const bool open = ImGui::BeginMenu("View");
  RecordItem(s, "menu:view");
  if (!open) return;
  for (View v : kViews) {
    if (ImGui::MenuItem(ViewTitle(v), nullptr, s.active_lab.empty() && s.view == v)) {
      s.view = v;
      s.active_lab.clear();
    }
    RecordItem(s, "menu:view:" + std::string(ViewName(v)));
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Light theme", nullptr, s.light_theme)) s.light_theme = !s.light_theme;
  RecordItem(s, "menu:view:light_theme");
  HelpTooltip("Dark or light colours; remembered in this browser");
  ImGui::EndMenu();
}

/// File menu: import and export the blueprint as a .json file.
void DrawFileMenu(PlaygroundState& s) {
  const bool open = ImGui::BeginMenu("File");
  RecordItem(s, "menu:file");
  if (!open) return;
  if (ImGui::MenuItem("Import JSON...", nullptr, false, static_cast<bool>(s.pick_file))) s.pick_file();
  RecordItem(s, "menu:file:import");
  HelpTooltip("Load a blueprint from a .json file (an invalid file shows its problems; the figures keep the last valid design)");
  if (ImGui::MenuItem("Export JSON", nullptr, false, static_cast<bool>(s.download))) ExportBlueprint(s);
  RecordItem(s, "menu:file:export");
  HelpTooltip("Download the editor's text as <name>.json");
  ImGui::EndMenu();
}

/// Edit menu: undo and redo over the blueprint's history (canvas edits, typing, loads).
void DrawEditMenu(PlaygroundState& s) {
  const bool open = ImGui::BeginMenu("Edit");
  RecordItem(s, "menu:edit");
  if (!open) return;
  if (ImGui::MenuItem("Undo", "Ctrl+Z", false, CanUndo(s))) Undo(s);
  RecordItem(s, "menu:edit:undo");
  if (ImGui::MenuItem("Redo", "Ctrl+Y", false, CanRedo(s))) Redo(s);
  RecordItem(s, "menu:edit:redo");
  ImGui::EndMenu();
}

/// Tabs at the top of the view's window. Each view has its own window, so the tab of that window's
/// view is always the selected one; clicking another switches the view from the next frame (a click,
/// not BeginTabItem's answer: a tab bar shows its first tab on the frame it appears).
void DrawViewTabs(PlaygroundState& s) {
  if (!ImGui::BeginTabBar("##views")) return;
  std::optional<View> next;
  for (View v : kViews) {
    if (ImGui::BeginTabItem(ViewTitle(v), nullptr, v == s.view ? ImGuiTabItemFlags_SetSelected : 0)) ImGui::EndTabItem();
    if (v != s.view && ImGui::IsItemClicked()) next = v;
    RecordItem(s, "view:" + std::string(ViewName(v)));
  }
  ImGui::EndTabBar();
  if (next) s.view = *next;
}

// [SECTION] Menu bar -------------------------------------------------------------------------------

/// Share: the editor text (as typed, comments kept), the simulation seed and the focus as a fragment.
void ShareDesign(PlaygroundState& s) {
  auto link = share::EncodeShareLink(s.blueprint_text, s.simulate.settings.seed, s.focus);
  if (!link) {
    s.share_link = "cannot share: " + link.error().message;
    return;
  }
  s.share_link = *link;
  if (s.set_fragment) s.set_fragment(*link);
}

void DrawMenuBar(PlaygroundState& s) {
  if (!ImGui::BeginMainMenuBar()) return;
  ImGui::TextUnformatted("sdlab playground");
  ImGui::TextColored(kColorDim, "v%s", SDLAB_VERSION);
  ImGui::Separator();
  DrawFileMenu(s);
  DrawEditMenu(s);
  DrawViewMenu(s);
  DrawLabsMenu(s);
  if (ImGui::MenuItem("Share")) ShareDesign(s);
  RecordItem(s, "share");
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("Put this design, the simulation seed and the focused finding in the page address\n"
                      "(#bp=<base64url>&seed=N&focus=...): copy the address to share exactly what you see.");
  if (ImGui::BeginMenu("Help")) {
    ImGui::TextUnformatted("Edit a blueprint or move the inputs: every figure is recomputed live");
    ImGui::TextUnformatted("and shows the formula it came from (hover a row).");
    ImGui::TextUnformatted("The CLI does the same from a terminal: sdlab estimate FILE.");
    ImGui::Separator();
    ImGui::TextUnformatted("Keyboard shortcuts");
    if (ImGui::BeginTable("##shortcuts", 2, ImGuiTableFlags_SizingFixedFit)) {
      for (const auto& [keys, what] : CanvasShortcuts()) {
        ImGui::TableNextColumn();
        ImGui::TextColored(kColorWarn, "%s", keys.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(what.c_str());
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    if (s.open_url) {
      if (ImGui::MenuItem("Open the docs (new tab)")) s.open_url("docs.html");
    } else {
      ImGui::TextColored(kColorDim, "Docs: docs.html next to this page.");
    }
    ImGui::EndMenu();
  }
  std::string source = s.last_valid ? "blueprint: " + (s.last_valid->name.empty() ? std::string("(unnamed)")
                                                                                  : s.last_valid->name)
                                    : std::string("no blueprint: inputs only");
  const float w = ImGui::CalcTextSize(source.c_str()).x;
  ImGui::SameLine(std::max(ImGui::GetWindowWidth() - w - 16.0f, 0.0f));
  ImGui::TextColored(kColorDim, "%s", source.c_str());
  ImGui::EndMainMenuBar();
}

// [SECTION] Scenario picker ------------------------------------------------------------------------

void DrawScenarios(PlaygroundState& s, const PanelRect& r) {
  if (BeginPanel("Scenarios", r)) {
    if (s.scenarios.empty()) {
      ImGui::TextDisabled("No scenarios are bundled in this build.");
      ImGui::TextDisabled("Paste a blueprint into the editor below.");
    }
    std::string to_load;
    for (const Scenario& sc : s.scenarios) {
      const bool selected = sc.name == s.scenario;
      if (ImGui::Selectable((sc.title + "##" + sc.name).c_str(), selected)) to_load = sc.name;
      RecordItem(s, "scenario:" + sc.name);
      if (ImGui::IsItemHovered()) {
        ImGui::BeginTooltip();
        ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
        ImGui::TextUnformatted(sc.title.c_str());
        if (!sc.description.empty()) ImGui::TextUnformatted(sc.description.c_str());
        ImGui::TextColored(kColorDim, "scenarios/%s.json", sc.name.c_str());
        ImGui::PopTextWrapPos();
        ImGui::EndTooltip();
      }
    }
    if (!to_load.empty()) LoadScenario(s, to_load);
  }
  ImGui::End();
}

// [SECTION] Blueprint editor -----------------------------------------------------------------------

void DrawBlueprintEditor(PlaygroundState& s, const PanelRect& r) {
  if (BeginPanel("Blueprint", r)) {
    if (IsBlank(s.blueprint_text)) {
      ImGui::TextDisabled("Empty: pick a scenario or paste a blueprint (JSON).");
    } else if (s.diagnostics.empty()) {
      const Blueprint& bp = *s.last_valid;
      ImGui::TextColored(kColorOk, "Valid");
      ImGui::SameLine();
      ImGui::TextUnformatted(bp.name.empty() ? "(unnamed)" : bp.name.c_str());
      ImGui::TextColored(kColorDim, "%zu components, %zu links, %zu flows, %zu zones", bp.components.size(),
                         bp.links.size(), bp.flows.size(), bp.zones.size());
    } else {
      ImGui::TextColored(kColorError, "%zu problem%s", s.diagnostics.size(), s.diagnostics.size() == 1 ? "" : "s");
      ImGui::SameLine();
      ImGui::TextColored(kColorDim, s.last_valid ? "(figures: last valid design)" : "(no valid design yet)");
    }

    float diag_h = 0.0f;
    if (!s.diagnostics.empty()) {
      // The list's height fits its wrapped text, up to 40% of the panel (it scrolls beyond).
      const float wrap_w = ImGui::GetContentRegionAvail().x - 2 * ImGui::GetStyle().WindowPadding.x -
                           ImGui::GetStyle().ScrollbarSize;
      for (const Diagnostic& d : s.diagnostics) {
        diag_h += ImGui::CalcTextSize(d.ToString().c_str(), nullptr, false, wrap_w).y + ImGui::GetStyle().ItemSpacing.y;
      }
      diag_h = std::min(diag_h + 2 * ImGui::GetStyle().WindowPadding.y + ImGui::GetStyle().ItemSpacing.y,
                        ImGui::GetContentRegionAvail().y * 0.4f);
    }
    const ImVec2 editor_size{-1.0f, std::max(ImGui::GetContentRegionAvail().y - diag_h, 60.0f)};
    // A new id per replaced text: an editor being typed in keeps its own copy of the text, which
    // would otherwise overwrite a scenario loaded meanwhile.
    ImGui::PushID(s.editor_generation);
    if (ImGui::InputTextMultiline("##blueprint", &s.blueprint_text, editor_size,
                                  ImGuiInputTextFlags_AllowTabInput)) {
      ValidateBlueprintText(s);
    }
    ImGui::PopID();
    RecordItem(s, "blueprint_editor");

    if (!s.diagnostics.empty()) {
      ImGui::BeginChild("##diagnostics", ImVec2(0, 0), true);
      ImGui::PushStyleColor(ImGuiCol_Text, kColorError);
      for (const Diagnostic& d : s.diagnostics) ImGui::TextWrapped("%s", d.ToString().c_str());
      ImGui::PopStyleColor();
      ImGui::EndChild();
    }
  }
  ImGui::End();
}

// [SECTION] Estimator -------------------------------------------------------------------------------

/// One label + input cell pair of the inputs table; returns true when the value was edited.
bool InputRow(PlaygroundState& s, const char* label, const char* id, double* v, const char* format,
              const std::string& preview, const char* help) {
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  HelpTooltip(help);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  const bool changed = ImGui::InputDouble((std::string("##") + id).c_str(), v, 0.0, 0.0, format);
  RecordItem(s, id);
  HelpTooltip(help);
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(kColorDim, "%s", preview.c_str());
  return changed;
}

void DrawInputs(PlaygroundState& s) {
  EstimatorInputs next = s.inputs;
  bool changed = false;
  const units::Calendar cal = units::CalendarFor(next.month);
  if (!ImGui::BeginTable("##inputs", 6, ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_PadOuterX)) return;
  const float label_w = std::max(ImGui::CalcTextSize("Writes / user / day").x, ImGui::CalcTextSize("Cache hot fraction").x);
  const float input_w = ImGui::CalcTextSize("0000000000000").x + 2 * ImGui::GetStyle().FramePadding.x;
  for (int half = 0; half < 2; ++half) {
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, label_w);
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed, input_w);
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch);
  }

  changed |= InputRow(s, "Daily active users", "dau", &next.dau, "%.0f",
                      next.dau > 0 ? units::FormatCount(next.dau) + " users" : std::string("not given"),
                      "DAU: distinct users per day");
  changed |= InputRow(s, "Object size", "object_size", &next.object_size_bytes, "%.0f",
                      units::FormatBytes(next.object_size_bytes), "Bytes of one written object");
  const char* rate_format = next.per_user ? "%.10g" : "%.0f";
  const char* reads_label = next.per_user ? "Reads / user / day" : "Reads / day (total)";
  const char* writes_label = next.per_user ? "Writes / user / day" : "Writes / day (total)";
  changed |= InputRow(s, reads_label, "reads_per_day", &next.reads_per_day, rate_format,
                      units::FormatRate(next.reads_per_day * (next.per_user ? next.dau : 1.0) / kSecondsPerDay),
                      "Average reads; the right column is the total in reads per second");
  changed |= InputRow(s, "Retention (years)", "retention_years", &next.retention_years, "%.4g",
                      units::FormatDuration(next.retention_years * cal.year_s), "How long data is kept");
  changed |= InputRow(s, writes_label, "writes_per_day", &next.writes_per_day, rate_format,
                      units::FormatRate(next.writes_per_day * (next.per_user ? next.dau : 1.0) / kSecondsPerDay),
                      "Average writes; the right column is the total in writes per second");
  changed |= InputRow(s, "Peak factor", "peak_factor", &next.peak_factor, "%.3g",
                      "x average", "Peak traffic / average traffic");

  // Replication factor (slider).
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Replication factor");
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  changed |= ImGui::SliderInt("##replication_factor", &next.replication_factor, 1, 9, "%d", ImGuiSliderFlags_AlwaysClamp);
  RecordItem(s, "replication_factor");
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(kColorDim, "copies");

  // Cache hot fraction (slider).
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Cache hot fraction");
  HelpTooltip("Share of a day's read bytes kept in cache (the 80/20 rule gives 0.2)");
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  float hot = static_cast<float>(next.cache_hot_fraction);
  if (ImGui::SliderFloat("##cache_hot_fraction", &hot, 0.0f, 1.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) {
    next.cache_hot_fraction = static_cast<double>(hot);
    changed = true;
  }
  RecordItem(s, "cache_hot_fraction");
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(kColorDim, "%s", units::FormatPercent(next.cache_hot_fraction, 3).c_str());

  // Month convention (combo).
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Month convention");
  HelpTooltip("30d: 30 days; primer: 2.5e6 s; gregorian: 365.2425/12 days; 365d: 365/12 days");
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  const std::string current(units::MonthConventionName(next.month));
  if (ImGui::BeginCombo("##month", current.c_str())) {
    for (units::MonthConvention m : kMonthConventions) {
      const std::string name(units::MonthConventionName(m));
      if (ImGui::Selectable(name.c_str(), m == next.month) && m != next.month) {
        next.month = m;
        changed = true;
      }
    }
    ImGui::EndCombo();
  }
  RecordItem(s, "month");
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(kColorDim, "%s", units::FormatDuration(cal.month_s).c_str());
  HelpTooltip("Length of a month in this convention");
  ImGui::EndTable();

  if (changed) {
    next = Sanitized(next, s.inputs);
    SwitchToPerUserIfDauGiven(next);
    s.inputs = Sanitized(next, s.inputs);
    Recompute(s);
  }
}

void DrawFigures(const Estimate& e, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##figures", 3, kFlags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  float label_w = ImGui::CalcTextSize("Figure").x;
  for (const Figure& f : e.figures) label_w = std::max(label_w, ImGui::CalcTextSize(f.label.c_str()).x);
  ImGui::TableSetupColumn("Figure", ImGuiTableColumnFlags_WidthFixed, label_w);
  ImGui::TableSetupColumn("Value", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("000.0 MB/s").x);
  ImGui::TableSetupColumn("Formula (hover a row for the whole text)", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  for (const Figure& f : e.figures) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    // A selectable spanning the row makes the whole row hoverable for the formula tooltip.
    ImGui::Selectable((f.label + "##" + f.key).c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
    const bool hovered = ImGui::IsItemHovered();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(FormatFigure(f).c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(kColorDim, "%s", f.formula.c_str());
    if (hovered) {
      ImGui::SetTooltip("%s (%s) = %s\n%s", f.label.c_str(), f.key.c_str(), FormatFigure(f).c_str(), f.formula.c_str());
    }
  }
  ImGui::EndTable();
}

void DrawTiers(const Estimate& e, float height) {
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingStretchProp;
  if (!ImGui::BeginTable("##tiers", 7, kFlags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn("Component", ImGuiTableColumnFlags_WidthStretch, 2.0f);
  ImGui::TableSetupColumn("Kind", ImGuiTableColumnFlags_WidthStretch, 1.6f);
  ImGui::TableSetupColumn("Peak load", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Per replica", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("Needed", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Replicas", ImGuiTableColumnFlags_WidthStretch, 0.8f);
  ImGui::TableSetupColumn("Utilisation", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableHeadersRow();
  for (const TierEstimate& t : e.tiers) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::Selectable((t.component + "##tier").c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
    const bool hovered = ImGui::IsItemHovered();
    ImGui::TableNextColumn();
    ImGui::TextColored(kColorDim, "%s", t.kind.c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(units::FormatRate(t.peak_rps).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(units::FormatRate(t.capacity_rps).c_str());
    ImGui::TableNextColumn();
    ImGui::Text("%d", t.servers_needed);
    ImGui::TableNextColumn();
    ImGui::TextColored(t.replicas < t.servers_needed ? kColorError : kColorOk, "%d", t.replicas);
    ImGui::TableNextColumn();
    const ImVec4 c = t.peak_utilization > 1.0 ? kColorError : t.peak_utilization > 0.7 ? kColorWarn : kColorOk;
    ImGui::TextColored(c, "%s", units::FormatPercent(t.peak_utilization, 3).c_str());
    if (hovered && !t.formula.empty()) {
      ImGui::SetTooltip("%s", t.formula.c_str());
    }
  }
  ImGui::EndTable();
}

void DrawEstimator(PlaygroundState& s, const PanelRect& r) {
  if (BeginPanel("Estimator", r)) {
    DrawViewTabs(s);
    if (s.last_valid) {
      ImGui::TextColored(kColorDim, "Inputs start from the requirements of \"%s\"; editing them overrides it.",
                         s.last_valid->name.empty() ? "(unnamed)" : s.last_valid->name.c_str());
    } else {
      ImGui::TextColored(kColorDim, "Requirements only: load a blueprint to size its tiers too.");
    }
    DrawInputs(s);
    ImGui::Separator();

    if (!s.estimate) {
      ImGui::TextColored(kColorError, "No estimate: %s", s.estimate_error.c_str());
    } else {
      const Estimate& e = *s.estimate;
      const float line = ImGui::GetTextLineHeightWithSpacing();
      const float notes_h = e.notes.empty() ? 0.0f : line * (static_cast<float>(std::min<std::size_t>(e.notes.size(), 3)) + 1.0f);
      const float tiers_h = e.tiers.empty() ? 0.0f
                                            : std::min(line * (static_cast<float>(e.tiers.size()) + 1.6f) + 8.0f,
                                                       ImGui::GetContentRegionAvail().y * 0.35f);
      const float figures_h = std::max(ImGui::GetContentRegionAvail().y - tiers_h - notes_h - (tiers_h > 0 ? line * 1.5f : 0.0f), 80.0f);
      DrawFigures(e, figures_h);
      if (!e.tiers.empty()) {
        ImGui::TextUnformatted("Servers per tier at the target utilisation");
        DrawTiers(e, tiers_h);
      }
      if (!e.notes.empty()) {
        ImGui::BeginChild("##notes", ImVec2(0, 0), false);
        for (const std::string& n : e.notes) ImGui::TextColored(kColorDim, "- %s", n.c_str());
        ImGui::EndChild();
      }
    }
  }
  ImGui::End();
}

}  // namespace

// [SECTION] State changes ------------------------------------------------------------------------------

std::string_view ViewName(View v) {
  switch (v) {
    case View::Estimator: return "estimator";
    case View::Canvas: return "canvas";
    case View::Simulate: return "simulate";
    case View::Findings: return "findings";
  }
  return "";
}

Requirements ApplyInputs(const Requirements& base, const EstimatorInputs& in) {
  Requirements r = base;
  r.reads_per_s.reset();
  r.writes_per_s.reset();
  r.reads_per_user_per_s.reset();
  r.writes_per_user_per_s.reset();
  r.read_write_ratio.reset();
  if (in.per_user) {
    r.dau = in.dau;
    r.reads_per_user_per_s = in.reads_per_day / kSecondsPerDay;
    r.writes_per_user_per_s = in.writes_per_day / kSecondsPerDay;
  } else {
    r.reads_per_s = in.reads_per_day / kSecondsPerDay;
    r.writes_per_s = in.writes_per_day / kSecondsPerDay;
  }
  r.object_size_bytes = in.object_size_bytes;
  r.month = in.month;
  r.retention_s = in.retention_years * units::CalendarFor(in.month).year_s;
  r.peak_factor = in.peak_factor;
  r.replication_factor = in.replication_factor;
  r.cache_hot_fraction = in.cache_hot_fraction;
  return r;
}

EstimatorInputs InputsFromRequirements(const Requirements& req) {
  EstimatorInputs in;
  in.month = req.month;
  in.object_size_bytes = req.object_size_bytes;
  in.peak_factor = req.peak_factor;
  in.replication_factor = req.replication_factor;
  in.cache_hot_fraction = req.cache_hot_fraction;
  if (req.retention_s) in.retention_years = *req.retention_s / units::CalendarFor(req.month).year_s;
  // Rates as the core computes them from whatever form the requirements use.
  double reads_per_s = 0, writes_per_s = 0;
  if (auto e = EstimateRequirements(req)) {
    reads_per_s = e->Value(kAvgReadKey);
    writes_per_s = e->Value(kAvgWriteKey);
  }
  in.per_user = req.dau.has_value() && *req.dau > 0;
  in.dau = in.per_user ? *req.dau : 0.0;
  const double users = in.per_user ? in.dau : 1.0;
  in.reads_per_day = reads_per_s * kSecondsPerDay / users;
  in.writes_per_day = writes_per_s * kSecondsPerDay / users;
  return Sanitized(in, EstimatorInputs{});
}

void Recompute(PlaygroundState& s) {
  auto result = s.last_valid ? [&] {
    Blueprint bp = *s.last_valid;
    bp.requirements = ApplyInputs(bp.requirements, s.inputs);
    return EstimateBlueprint(bp);
  }()
                             : EstimateRequirements(ApplyInputs(Requirements{}, s.inputs));
  if (result) {
    s.estimate = std::move(result.value());
    s.estimate_error.clear();
  } else {
    s.estimate.reset();
    s.estimate_error = result.error().message;
  }
}

void SetBlueprintText(PlaygroundState& s, std::string text) {
  s.blueprint_text = std::move(text);
  ++s.editor_generation;
  ValidateBlueprintText(s);
}

void ValidateBlueprintText(PlaygroundState& s) {
  if (IsBlank(s.blueprint_text)) {
    s.diagnostics.clear();
    s.last_valid.reset();
    ++s.blueprint_generation;
    s.scenario.clear();
    Recompute(s);
    return;
  }
  auto loaded = LoadBlueprint(s.blueprint_text);
  if (!loaded) {
    s.diagnostics = loaded.error();  // the last valid blueprint, inputs and estimate stay
    return;
  }
  s.diagnostics.clear();
  s.last_valid = std::move(loaded.value());
  ++s.blueprint_generation;
  s.inputs = InputsFromRequirements(s.last_valid->requirements);
  Recompute(s);
}

bool LoadScenario(PlaygroundState& s, std::string_view name) {
  const auto it = std::find_if(s.scenarios.begin(), s.scenarios.end(), [&](const Scenario& sc) { return sc.name == name; });
  if (it == s.scenarios.end()) return false;
  const std::string scenario_name = it->name;
  SetBlueprintText(s, it->text);
  s.scenario = scenario_name;
  return true;
}

nlohmann::json StateToJson(const PlaygroundState& s) {
  nlohmann::json diagnostics = nlohmann::json::array();
  for (const Diagnostic& d : s.diagnostics) {
    diagnostics.push_back({{"pointer", d.pointer},
                           {"line", d.location.line},
                           {"column", d.location.column},
                           {"code", d.code},
                           {"message", d.message},
                           {"text", d.ToString()}});
  }
  nlohmann::json scenarios = nlohmann::json::array();
  for (const Scenario& sc : s.scenarios) scenarios.push_back({{"name", sc.name}, {"title", sc.title}});
  const EstimatorInputs& in = s.inputs;
  return {
      {"frame_count", s.frame_count},
      {"scenario", s.scenario},
      {"scenarios", std::move(scenarios)},
      {"blueprint_valid", s.diagnostics.empty() && s.last_valid.has_value()},
      {"blueprint_name", s.last_valid ? s.last_valid->name : std::string()},
      {"share_link", s.share_link},
      {"diagnostics", std::move(diagnostics)},
      {"inputs",
       {{"per_user", in.per_user},
        {"dau", in.dau},
        {"reads_per_day", in.reads_per_day},
        {"writes_per_day", in.writes_per_day},
        {"object_size_bytes", in.object_size_bytes},
        {"retention_years", in.retention_years},
        {"peak_factor", in.peak_factor},
        {"replication_factor", in.replication_factor},
        {"month_convention", std::string(units::MonthConventionName(in.month))},
        {"cache_hot_fraction", in.cache_hot_fraction}}},
      {"estimate", s.estimate ? EstimateToJson(*s.estimate) : nlohmann::json(nullptr)},
      {"estimate_error", s.estimate_error},
      {"view", std::string(ViewName(s.view))},
      {"focus", s.focus},
      {"simulate", SimulationStateJson(s.simulate)},
      {"findings", FindingsStateJson(s.findings)},
      {"canvas", CanvasStateJson(s)},
      {"theme", s.light_theme ? "light" : "dark"},
      {"pixel_ratio", s.pixel_ratio},
      {"undo", {{"can_undo", CanUndo(s)}, {"can_redo", CanRedo(s)}}},
  };
}

// [SECTION] Drawing -----------------------------------------------------------------------------------

void RecordItem(PlaygroundState& s, std::string_view id) {
  const ImVec2 lo = ImGui::GetItemRectMin();
  const ImVec2 hi = ImGui::GetItemRectMax();
  s.widget_rects.insert_or_assign(std::string(id), WidgetRect{lo.x, lo.y, hi.x - lo.x, hi.y - lo.y});
}

void ApplyPlaygroundStyle(bool light) {
  ImGuiStyle& st = ImGui::GetStyle();
  st = ImGuiStyle();
  if (light) ImGui::StyleColorsLight();
  else ImGui::StyleColorsDark();
  st.WindowPadding = ImVec2(10, 10);
  st.FramePadding = ImVec2(7, 4);
  st.CellPadding = ImVec2(6, 3);
  st.ItemSpacing = ImVec2(8, 6);
  st.ItemInnerSpacing = ImVec2(6, 4);
  st.ScrollbarSize = 13;
  st.WindowRounding = 4;
  st.ChildRounding = 3;
  st.FrameRounding = 3;
  st.PopupRounding = 3;
  st.GrabRounding = 3;
  st.WindowBorderSize = 1;
  st.WindowTitleAlign = ImVec2(0.0f, 0.5f);
  ImVec4* c = st.Colors;
  if (light) {
    c[ImGuiCol_WindowBg] = ImVec4(0.96f, 0.96f, 0.97f, 1.0f);
    c[ImGuiCol_ChildBg] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    c[ImGuiCol_MenuBarBg] = ImVec4(0.90f, 0.91f, 0.93f, 1.0f);
    c[ImGuiCol_TitleBg] = ImVec4(0.86f, 0.88f, 0.92f, 1.0f);
    c[ImGuiCol_TitleBgActive] = ImVec4(0.74f, 0.82f, 0.94f, 1.0f);
    c[ImGuiCol_FrameBg] = ImVec4(0.91f, 0.92f, 0.94f, 1.0f);
    c[ImGuiCol_Border] = ImVec4(0.0f, 0.0f, 0.0f, 0.18f);
    c[ImGuiCol_TableRowBgAlt] = ImVec4(0.0f, 0.0f, 0.0f, 0.035f);
    return;
  }
  c[ImGuiCol_WindowBg] = ImVec4(0.10f, 0.11f, 0.13f, 1.0f);
  c[ImGuiCol_ChildBg] = ImVec4(0.08f, 0.09f, 0.11f, 1.0f);
  c[ImGuiCol_MenuBarBg] = ImVec4(0.13f, 0.14f, 0.17f, 1.0f);
  c[ImGuiCol_TitleBg] = ImVec4(0.13f, 0.15f, 0.19f, 1.0f);
  c[ImGuiCol_TitleBgActive] = ImVec4(0.16f, 0.22f, 0.32f, 1.0f);
  c[ImGuiCol_FrameBg] = ImVec4(0.17f, 0.19f, 0.23f, 1.0f);
  c[ImGuiCol_TableRowBgAlt] = ImVec4(1.0f, 1.0f, 1.0f, 0.035f);
}

void DrawPlayground(PlaygroundState& s) {
  s.widget_rects.clear();
  const ImGuiIO& io = ImGui::GetIO();
  TickSimulation(s, static_cast<double>(io.DeltaTime));  // a run goes on whatever view is shown
  TrackCanvasHistory(s);
  HandleGlobalShortcuts(s);
  RefreshCanvas(s);  // the state JSON's canvas follows the text whatever view is shown
  DrawMenuBar(s);
  const bool canvas = s.active_lab.empty() && s.view == View::Canvas;
  const Layout l = ComputeLayout(io.DisplaySize, ImGui::GetFrameHeight(), s.scenarios.size(), canvas);
  DrawScenarios(s, l.scenarios);
  DrawBlueprintEditor(s, l.blueprint);
  if (s.active_lab.empty() && (s.view == View::Simulate || s.view == View::Findings || s.view == View::Canvas)) {
    const View shown = s.view;  // a tab click switches from the next frame
    if (BeginPanel(ViewTitle(shown), l.estimator)) {
      DrawViewTabs(s);
      if (shown == View::Simulate) DrawSimulatePanel(s);
      else if (shown == View::Canvas) DrawCanvasPanel(s);
      else DrawFindingsPanel(s);
    }
    ImGui::End();
  } else if (s.active_lab.empty()) {
    DrawEstimator(s, l.estimator);
  } else {
    s.view = View::Estimator;  // a lab takes the estimator's place; closing it goes back there
    DrawLabPanel(s, l.estimator.pos.x, l.estimator.pos.y, l.estimator.size.x, l.estimator.size.y);
  }
}

}  // namespace sdlab::web
