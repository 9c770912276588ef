// web/lab_cost.cpp — the cost lab: the loaded design's monthly bill per component (cost::CostBlueprint on
// its estimate), one bar per component with its lines' formulas on hover, and sliders for the main
// prices (applied on a copy as the blueprint's `prices` would be). See labs.h.
#include <algorithm>
#include <cmath>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/cost.h"
#include "sdlab/estimate.h"

namespace sdlab::web {

void ComputeCostLab(CostLab& lab, const std::optional<Blueprint>& design, int generation) {
  lab::Stopwatch sw;
  lab.error.clear();
  lab.result.reset();
  if (!design) {
    lab.error = "Load a design (a scenario or the editor's text) to cost it.";
  } else {
    Blueprint bp = *design;
    if (generation != lab.source_generation) {
      // A new design: start the sliders from its prices (or the defaults).
      const cost::PriceTable p = cost::PricesFor(bp.prices);
      lab.vcpu_hour = p.vcpu_hour;
      lab.memory_gb_hour = p.memory_gb_hour;
      lab.block_gb_month = p.block_gb_month;
      lab.egress_gb = p.egress_gb;
      lab.source_generation = generation;
      lab.design_name = bp.name;
    }
    bp.prices.vcpu_hour = lab.vcpu_hour;
    bp.prices.memory_gb_hour = lab.memory_gb_hour;
    bp.prices.block_gb_month = lab.block_gb_month;
    bp.prices.egress_gb = lab.egress_gb;
    auto est = EstimateBlueprint(bp);
    if (!est) lab.error = est.error().message;
    else lab.result = cost::CostBlueprint(bp, *est);
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawCostLab(PlaygroundState& s) {
  CostLab& lab = s.labs.cost;
  if (lab.dirty || lab.source_generation != s.blueprint_generation) ComputeCostLab(lab, s.last_valid, s.blueprint_generation);
  bool changed = false;
  if (lab::BeginInputs("##cost_inputs", 2)) {
    changed |= lab::SliderDouble(s, "$/vCPU-hour", "cost:vcpu_hour", &lab.vcpu_hour, 0.0, 0.2, "%.4f",
                                 "Price of one vCPU for one hour (default $0.04, on-demand list-price-like).");
    changed |= lab::SliderDouble(s, "$/GB-hour", "cost:memory_gb_hour", &lab.memory_gb_hour, 0.0, 0.05, "%.4f",
                                 "Price of one GB of memory for one hour (default $0.005).");
    changed |= lab::SliderDouble(s, "$/GB-month block", "cost:block_gb_month", &lab.block_gb_month, 0.0, 0.5, "%.3f",
                                 "SSD block storage of databases, search and DFS nodes (default $0.10).");
    changed |= lab::SliderDouble(s, "$/GB egress", "cost:egress_gb", &lab.egress_gb, 0.0, 0.2, "%.3f",
                                 "Bytes sent to the internet (default $0.09); a CDN's share is billed at its own price.");
    lab::EndInputs();
  }
  if (changed) ComputeCostLab(lab, s.last_valid, s.blueprint_generation);
  ImGui::Separator();
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  if (!lab.result) return;
  const cost::CostResult& r = *lab.result;
  ImGui::Text("%s: %s/month", lab.design_name.empty() ? "design" : lab.design_name.c_str(),
              cost::FormatDollars(r.total_monthly).c_str());
  RecordItem(s, "cost:total");
  if (ImGui::IsItemHovered()) {
    std::string tip;
    for (const auto& f : r.formulas) tip += f.text + "\n";
    lab::Tooltip(tip.c_str());
  }
  if (r.cost_per_million_requests) {
    ImGui::SameLine();
    ImGui::TextColored(lab::kColorDim, "  %s per million requests", cost::FormatDollars(*r.cost_per_million_requests).c_str());
  }
  if (r.budget_monthly)
    ImGui::TextColored(r.over_budget ? lab::kColorError : lab::kColorOk, "budget %s/month: %s",
                       cost::FormatDollars(*r.budget_monthly).c_str(), r.over_budget ? "over budget" : "within budget");
  std::vector<plot::Bar> bars;
  int i = 0;
  for (const auto& c : r.components) {
    std::string tip;
    for (const auto& l : c.lines) tip += l.formula + "\n";
    bars.push_back({c.component, c.total, plot::SeriesColor(i++), cost::FormatDollars(c.total), tip});
  }
  for (const auto& l : r.design_lines)
    bars.push_back({"internet " + l.item, l.monthly, IM_COL32(230, 120, 90, 255), cost::FormatDollars(l.monthly), l.formula});
  ImGui::TextUnformatted("Monthly cost per component (hover a bar for its formulas)");
  plot::BarChart("##cost_bars", -1.0f, bars);
  RecordItem(s, "cost:bars");
  ImGui::PushStyleColor(ImGuiCol_Text, lab::kColorDim);
  for (const auto& n : r.notes) ImGui::TextWrapped("- %s", n.c_str());
  ImGui::PopStyleColor();
}

nlohmann::json CostLabJson(const CostLab& lab) {
  nlohmann::json j = {{"inputs",
                       {{"vcpu_hour", lab.vcpu_hour}, {"memory_gb_hour", lab.memory_gb_hour},
                        {"block_gb_month", lab.block_gb_month}, {"egress_gb", lab.egress_gb}}},
                      {"design_name", lab.design_name},
                      {"error", lab.error},
                      {"updates", lab.updates},
                      {"compute_ms", std::round(lab.compute_ms * 1000.0) / 1000.0}};
  j["cost"] = lab.result ? cost::ToJson(*lab.result) : nlohmann::json(nullptr);
  return j;
}

}  // namespace sdlab::web
