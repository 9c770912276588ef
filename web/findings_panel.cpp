// web/findings_panel.cpp — the Findings view. See findings_panel.h for what it shows.
#include "findings_panel.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "sdlab/share.h"
#include "sdlab/sim.h"

namespace sdlab::web {
namespace {

const ImVec4 kColorOk{0.45f, 0.85f, 0.50f, 1.0f};
const ImVec4 kColorWarn{0.95f, 0.78f, 0.35f, 1.0f};
const ImVec4 kColorError{1.0f, 0.45f, 0.42f, 1.0f};
const ImVec4 kColorNote{0.55f, 0.78f, 1.0f, 1.0f};
const ImVec4 kColorDim{0.62f, 0.64f, 0.70f, 1.0f};

ImVec4 SeverityColor(score::Severity s) {
  switch (s) {
    case score::Severity::Error:
      return kColorError;
    case score::Severity::Warning:
      return kColorWarn;
    case score::Severity::Note:
      return kColorNote;
  }
  return kColorDim;
}

/// Green at 100, through yellow, to red at 0.
ImVec4 ScoreColor(int score) {
  if (score >= 90) return kColorOk;
  if (score >= 70) return ImVec4(0.75f, 0.85f, 0.40f, 1.0f);
  if (score >= 50) return kColorWarn;
  return kColorError;
}

/// The finished simulation of the current design, if any.
const sim::SimResult* FinishedRun(const PlaygroundState& s) {
  const SimulateState& sim = s.simulate;
  if (sim.generation != s.blueprint_generation || !sim.run || !sim.run->Finished() || !sim.snapshot) return nullptr;
  return &*sim.snapshot;
}

void WrappedLabel(const char* label, const std::string& text, ImVec4 label_color = kColorDim) {
  ImGui::TextColored(label_color, "%s", label);
  ImGui::SameLine();
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}

void DrawHeader(PlaygroundState& s, const score::ScoreReport& r) {
  // The overall score in a coloured badge.
  const std::string badge = std::to_string(r.overall) + " / 100  " + r.grade;
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const ImVec2 pad(10.0f, 5.0f);
  const ImVec2 size = ImGui::CalcTextSize(badge.c_str());
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec4 c = ScoreColor(r.overall);
  dl->AddRectFilled(pos, ImVec2(pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y),
                    ImGui::ColorConvertFloat4ToU32(ImVec4(c.x * 0.35f, c.y * 0.35f, c.z * 0.35f, 1.0f)), 4.0f);
  dl->AddRect(pos, ImVec2(pos.x + size.x + 2 * pad.x, pos.y + size.y + 2 * pad.y), ImGui::ColorConvertFloat4ToU32(c),
              4.0f);
  dl->AddText(ImVec2(pos.x + pad.x, pos.y + pad.y), ImGui::ColorConvertFloat4ToU32(c), badge.c_str());
  ImGui::Dummy(ImVec2(size.x + 2 * pad.x, size.y + 2 * pad.y));
  RecordItem(s, "findings:score");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("overall = %s", r.formula.c_str());
  ImGui::SameLine(0, 14.0f);
  ImGui::BeginGroup();
  ImGui::TextColored(kColorError, "%d error%s", r.Count(score::Severity::Error),
                     r.Count(score::Severity::Error) == 1 ? "" : "s");
  ImGui::SameLine();
  ImGui::TextColored(kColorWarn, "%d warning%s", r.Count(score::Severity::Warning),
                     r.Count(score::Severity::Warning) == 1 ? "" : "s");
  ImGui::SameLine();
  ImGui::TextColored(kColorNote, "%d note%s", r.Count(score::Severity::Note),
                     r.Count(score::Severity::Note) == 1 ? "" : "s");
  int suppressed = 0;
  for (const auto& f : r.findings) suppressed += f.suppressed ? 1 : 0;
  ImGui::SameLine();
  ImGui::TextColored(kColorDim, "%d suppressed", suppressed);
  ImGui::TextColored(kColorDim, "%s", r.name.empty() ? "(unnamed design)" : r.name.c_str());
  if (!s.focus.empty()) {
    ImGui::SameLine(0, 18.0f);
    ImGui::TextColored(kColorNote, "focus: %s", s.focus.c_str());
    ImGui::SameLine();
    if (ImGui::SmallButton("clear")) {
      s.focus.clear();
      s.findings.selected = -1;
    }
    RecordItem(s, "findings:clear_focus");
  }
  ImGui::EndGroup();
}

/// A bar filled to score/100 in the score's colour, the area's name on the left and the score on the right.
void AreaBar(const std::string& name, int score) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(ImGui::GetContentRegionAvail().x, ImGui::GetFrameHeight());
  ImGui::Dummy(size);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec4 c = ScoreColor(score);
  const float fill = size.x * static_cast<float>(std::clamp(score, 0, 100)) / 100.0f;
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32(255, 255, 255, 18), 3.0f);
  if (fill > 0)
    dl->AddRectFilled(p, ImVec2(p.x + fill, p.y + size.y), ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, 0.45f)),
                      3.0f);
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::ColorConvertFloat4ToU32(ImVec4(c.x, c.y, c.z, 0.8f)), 3.0f);
  const float ty = p.y + (size.y - ImGui::GetFontSize()) * 0.5f;
  const std::string value = std::to_string(score);
  dl->AddText(ImVec2(p.x + 6.0f, ty), IM_COL32(235, 236, 240, 255), name.c_str());
  dl->AddText(ImVec2(p.x + size.x - 6.0f - ImGui::CalcTextSize(value.c_str()).x, ty), ImGui::ColorConvertFloat4ToU32(c),
              value.c_str());
}

void DrawAreas(PlaygroundState& s, const score::ScoreReport& r) {
  if (!ImGui::BeginTable("##areas", 4, ImGuiTableFlags_SizingStretchSame)) return;
  for (const score::AreaScore& a : r.areas) {
    ImGui::TableNextColumn();
    const std::string name(score::AreaName(a.area));
    AreaBar(name, a.score);
    RecordItem(s, "findings:area:" + name);
    if (ImGui::IsItemHovered()) {
      ImGui::SetTooltip("%s (weight %d%%): %s\n%d error(s), %d warning(s), %d note(s), %d suppressed", name.c_str(),
                        a.weight, a.formula.c_str(), a.errors, a.warnings, a.notes, a.suppressed);
    }
  }
  ImGui::EndTable();
}

void DrawFindingsTable(PlaygroundState& s, const score::ScoreReport& r, float height) {
  FindingsState& fs = s.findings;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_SizingFixedFit;
  if (!ImGui::BeginTable("##findings", 5, kFlags, ImVec2(0, height))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  float focus_w = ImGui::CalcTextSize("component").x;
  for (const auto& f : r.findings) focus_w = std::max(focus_w, ImGui::CalcTextSize(f.focus.c_str()).x);
  ImGui::TableSetupColumn("severity", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("severity").x);
  ImGui::TableSetupColumn("rule", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("CAP000").x);
  ImGui::TableSetupColumn("area", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("availability").x);
  ImGui::TableSetupColumn("component", ImGuiTableColumnFlags_WidthFixed, std::min(focus_w, 170.0f));
  ImGui::TableSetupColumn("message (click: select and focus)", ImGuiTableColumnFlags_WidthStretch);
  ImGui::TableHeadersRow();
  int clicked = -1;
  for (std::size_t i = 0; i < r.findings.size(); ++i) {
    const score::Finding& f = r.findings[i];
    if (f.suppressed && !fs.show_suppressed) continue;
    const int index = static_cast<int>(i);
    ImGui::TableNextRow();
    const bool about_focus = !s.focus.empty() && (f.focus == s.focus || (f.focus.empty() && f.rule == s.focus));
    if (about_focus && index != fs.selected)
      ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, ImGui::GetColorU32(ImVec4(0.30f, 0.45f, 0.70f, 0.22f)));
    ImGui::TableNextColumn();
    ImGui::PushID(index);
    const ImVec4 sev_color = f.suppressed ? kColorDim : SeverityColor(f.severity);
    ImGui::PushStyleColor(ImGuiCol_Text, sev_color);
    if (ImGui::Selectable(std::string(score::SeverityName(f.severity)).c_str(), index == fs.selected,
                          ImGuiSelectableFlags_SpanAllColumns))
      clicked = index;
    ImGui::PopStyleColor();
    RecordItem(s, "finding:" + std::to_string(i));
    if (ImGui::IsItemHovered()) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 40.0f);
      ImGui::TextUnformatted(f.message.c_str());
      for (const auto& e : f.evidence) ImGui::TextColored(kColorDim, "%s", e.text.c_str());
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
    ImGui::PopID();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.rule.c_str());
    ImGui::TableNextColumn();
    ImGui::TextColored(kColorDim, "%s", std::string(score::AreaName(f.area)).c_str());
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(f.focus.empty() ? "(design)" : f.focus.c_str());
    ImGui::TableNextColumn();
    if (f.suppressed)
      ImGui::TextColored(kColorDim, "[suppressed] %s", f.message.c_str());
    else
      ImGui::TextUnformatted(f.message.c_str());
  }
  if (r.findings.empty()) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(kColorOk, "none");
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::TextColored(kColorDim, "No rule fired on this design.");
  }
  ImGui::EndTable();
  if (clicked >= 0) SelectFinding(s, clicked);
}

void DrawDetail(PlaygroundState& s, const score::ScoreReport& r) {
  const FindingsState& fs = s.findings;
  ImGui::BeginChild("##finding_detail", ImVec2(0, 0), true);
  if (fs.selected < 0 || fs.selected >= static_cast<int>(r.findings.size())) {
    ImGui::TextColored(kColorDim, "Click a finding to see its evidence, why it matters and how to fix it.");
    for (const std::string& n : r.notes) {
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextColored(kColorDim, "- %s", n.c_str());
      ImGui::PopTextWrapPos();
    }
    ImGui::EndChild();
    return;
  }
  const score::Finding& f = r.findings[static_cast<std::size_t>(fs.selected)];
  const score::Rule* rule = score::FindRule(f.rule);
  ImGui::TextColored(SeverityColor(f.severity), "%s %s", f.rule.c_str(),
                     std::string(score::SeverityName(f.severity)).c_str());
  ImGui::SameLine();
  if (rule != nullptr) ImGui::TextUnformatted(std::string(rule->title).c_str());
  RecordItem(s, "findings:detail");
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(f.message.c_str());
  ImGui::PopTextWrapPos();
  std::string where = f.focus.empty() ? std::string("the whole design") : f.focus;
  if (!f.pointer.empty()) where += "  " + f.pointer;
  if (f.location.line > 0)
    where += "  line " + std::to_string(f.location.line) + ":" + std::to_string(f.location.column);
  WrappedLabel("where", where);
  if (f.suppressed)
    WrappedLabel("suppressed", f.suppression_reason.empty() ? std::string("(no reason given)") : f.suppression_reason);
  if (!f.evidence.empty()) {
    ImGui::TextColored(kColorDim, "evidence");
    for (const auto& e : f.evidence) {
      ImGui::Bullet();
      ImGui::PushTextWrapPos(0.0f);
      ImGui::TextUnformatted(e.text.c_str());
      ImGui::PopTextWrapPos();
    }
  }
  if (rule != nullptr) {
    WrappedLabel("why", std::string(rule->why));
    WrappedLabel("fix", std::string(rule->fix), kColorOk);
    WrappedLabel("topic", std::string(rule->topic));
  }
  ImGui::EndChild();
}

}  // namespace

void RefreshFindings(PlaygroundState& s) {
  FindingsState& fs = s.findings;
  const sim::SimResult* run = fs.use_simulation ? FinishedRun(s) : nullptr;
  const bool with_sim = run != nullptr;
  if (fs.generation == s.blueprint_generation && fs.scored_with_simulation == with_sim) return;
  const bool same_design = fs.generation == s.blueprint_generation;
  fs.generation = s.blueprint_generation;
  fs.scored_with_simulation = with_sim;
  if (!same_design) fs.selected = -1;
  if (!s.last_valid) {
    fs.report.reset();
    return;
  }
  score::ScoreOptions options;
  if (run != nullptr) options.simulated = score::FlowLatenciesFromSimulation(*run);
  fs.report = score::ScoreBlueprint(*s.last_valid, options);
  if (fs.selected >= static_cast<int>(fs.report->findings.size())) fs.selected = -1;
}

bool SelectFinding(PlaygroundState& s, int index) {
  FindingsState& fs = s.findings;
  if (!fs.report || index < 0 || index >= static_cast<int>(fs.report->findings.size())) return false;
  fs.selected = index;
  const score::Finding& f = fs.report->findings[static_cast<std::size_t>(index)];
  s.focus = f.focus.empty() ? f.rule : f.focus;
  return true;
}

bool OpenDeepLink(PlaygroundState& s, std::string_view fragment) {
  auto link = share::DecodeShareFragment(fragment);
  if (!link) {
    s.findings.link_error = "the link cannot be read: " + link.error().message;
    return false;
  }
  auto bp = LoadBlueprint(link->text);
  if (!bp) {
    s.findings.link_error =
        "the link's blueprint does not load: " + (bp.error().empty() ? std::string() : bp.error().front().ToString());
    return false;
  }
  s.findings.link_error.clear();
  SetBlueprintText(s, std::move(link->text));
  s.simulate.settings.seed = link->seed;
  s.focus = link->focus;
  s.active_lab.clear();
  s.view = View::Findings;
  RefreshFindings(s);
  const auto& findings = s.findings.report->findings;
  for (std::size_t i = 0; i < findings.size() && !s.focus.empty(); ++i) {
    if (findings[i].focus == s.focus || findings[i].rule == s.focus) {
      s.findings.selected = static_cast<int>(i);
      break;
    }
  }
  return true;
}

void DrawFindingsPanel(PlaygroundState& s) {
  RefreshFindings(s);
  FindingsState& fs = s.findings;
  if (!fs.link_error.empty()) ImGui::TextColored(kColorError, "Deep link: %s", fs.link_error.c_str());
  if (!s.last_valid || !fs.report) {
    ImGui::TextColored(kColorDim, "No valid blueprint: pick a scenario or fix the editor's text.");
    return;
  }
  const score::ScoreReport& r = *fs.report;
  DrawHeader(s, r);
  DrawAreas(s, r);

  ImGui::Checkbox("show suppressed", &fs.show_suppressed);
  RecordItem(s, "findings:show_suppressed");
  ImGui::SameLine(0, 18.0f);
  const bool can_use_sim = FinishedRun(s) != nullptr;
  ImGui::BeginDisabled(!can_use_sim && !fs.use_simulation);
  ImGui::Checkbox("judge latency on the simulation", &fs.use_simulation);
  RecordItem(s, "findings:use_simulation");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(
        "Judge the latency rules on the finished Simulate run's per-flow percentiles instead of the "
        "M/M/c estimate (needs a finished run of this design).");
  ImGui::SameLine();
  ImGui::TextColored(kColorDim, "(now: %s)", fs.scored_with_simulation ? "the run's percentiles" : "M/M/c estimate");

  const float avail = ImGui::GetContentRegionAvail().y;
  DrawFindingsTable(s, r, std::max(avail * 0.55f, 120.0f));
  DrawDetail(s, r);
}

nlohmann::json FindingsStateJson(const FindingsState& fs) {
  if (!fs.report) return {{"scored", false}, {"selected", fs.selected}};
  const score::ScoreReport& r = *fs.report;
  nlohmann::json areas = nlohmann::json::object();
  for (const auto& a : r.areas) areas[std::string(score::AreaName(a.area))] = a.score;
  nlohmann::json findings = nlohmann::json::array();
  int suppressed = 0;
  for (const auto& f : r.findings) {
    suppressed += f.suppressed ? 1 : 0;
    findings.push_back({{"rule", f.rule},
                        {"severity", std::string(score::SeverityName(f.severity))},
                        {"area", std::string(score::AreaName(f.area))},
                        {"focus", f.focus},
                        {"suppressed", f.suppressed}});
  }
  return {{"scored", true},
          {"overall", r.overall},
          {"grade", r.grade},
          {"counts",
           {{"error", r.Count(score::Severity::Error)},
            {"warning", r.Count(score::Severity::Warning)},
            {"note", r.Count(score::Severity::Note)},
            {"suppressed", suppressed}}},
          {"areas", std::move(areas)},
          {"findings", std::move(findings)},
          {"selected", fs.selected},
          {"latency_source", fs.scored_with_simulation ? "simulation" : "estimate"}};
}

nlohmann::json FindingsReportJson(const FindingsState& fs) {
  if (!fs.report) return nullptr;
  return score::ToJson(*fs.report);
}

}  // namespace sdlab::web
