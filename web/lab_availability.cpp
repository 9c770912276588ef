// web/lab_availability.cpp — the availability lab: nines and composition. A chain built from
// sliders — serial parts, a parallel group, a k-of-n group — composed by reliability::Compose
// (serial A = Π A_i, parallel A = 1 − Π(1 − A_i), k-of-n binomial), with the downtime per month
// and year of the result and of each part. See labs.h.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/reliability.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

std::string Percent(double a) { return units::FormatPercent(a, 6); }

std::string NinesText(double nines) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f nines", nines);
  return buf;
}

}  // namespace

void ComputeAvailabilityLab(AvailabilityLab& lab) {
  lab::Stopwatch sw;
  lab.serial_parts = std::clamp(lab.serial_parts, 0, 8);
  lab.parallel_nodes = std::clamp(lab.parallel_nodes, 0, 8);
  lab.n = std::clamp(lab.n, 1, 9);
  lab.k = std::clamp(lab.k, 1, lab.n);
  lab.error.clear();
  reliability::CompositionDef def;
  const double serial_a = reliability::FromNines(lab.serial_nines);
  for (int i = 0; i < lab.serial_parts; ++i) def.serial.push_back(serial_a);
  const double parallel_a = reliability::FromNines(lab.parallel_nines);
  for (int i = 0; i < lab.parallel_nodes; ++i) def.parallel.push_back(parallel_a);
  if (lab.use_k_of_n) def.k_of_n = reliability::CompositionDef::KOfNGroup{lab.k, lab.n, reliability::FromNines(lab.k_of_n_nines)};
  if (def.serial.empty() && def.parallel.empty() && !def.k_of_n) {
    lab.result.reset();
    lab.error = "Add at least one part: a serial part, a parallel node or the k-of-n group.";
  } else if (auto r = reliability::Compose(def)) {
    lab.result = std::move(*r);
  } else {
    lab.result.reset();
    lab.error = r.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawAvailabilityLab(PlaygroundState& s) {
  AvailabilityLab& lab = s.labs.availability;
  if (lab.dirty) ComputeAvailabilityLab(lab);
  bool changed = false;
  if (lab::BeginInputs("##availability_inputs", 2)) {
    changed |= lab::SliderInt(s, "Serial parts", "availability:serial_parts", &lab.serial_parts, 0, 8,
                              "Parts in series: every one is needed (a load balancer, a service, a database on one path). "
                              "A = Π A_i: each part adds its downtime.");
    changed |= lab::SliderDouble(s, "each", "availability:serial_nines", &lab.serial_nines, 1.0, 6.0, "%.2f nines",
                                 "Availability of each serial part in nines: 3 nines = 99.9% = 8.8 h down a year.");
    changed |= lab::SliderInt(s, "Parallel nodes", "availability:parallel_nodes", &lab.parallel_nodes, 0, 8,
                              "Redundant nodes, any one suffices (active-active replicas): A = 1 − Π(1 − A_i). "
                              "Two 99% nodes give 99.99%, if their failures are independent.");
    changed |= lab::SliderDouble(s, "each", "availability:parallel_nines", &lab.parallel_nines, 1.0, 6.0, "%.2f nines",
                                 "Availability of each parallel node in nines.");
    ImGui::TableNextColumn();
    ImGui::AlignTextToFramePadding();
    if (ImGui::Checkbox("k-of-n group", &lab.use_k_of_n)) changed = true;
    RecordItem(s, "availability:use_k_of_n");
    lab::Teach("At least k of n identical nodes must be up (a quorum: 2 of 3, 3 of 5): "
               "A = Σ_{j=k}^{n} C(n,j) a^j (1−a)^(n−j).");
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1);
    int kn[2] = {lab.k, lab.n};
    if (ImGui::SliderInt2("##k_of_n", kn, 1, 9, "%d", ImGuiSliderFlags_AlwaysClamp)) {
      lab.k = kn[0];
      lab.n = kn[1];
      changed = true;
    }
    RecordItem(s, "availability:k_of_n");
    lab::Teach("k (needed) and n (deployed)");
    changed |= lab::SliderDouble(s, "each", "availability:k_of_n_nines", &lab.k_of_n_nines, 1.0, 6.0, "%.2f nines",
                                 "Availability of each node of the k-of-n group in nines.");
    lab::EndInputs();
  }
  if (changed) ComputeAvailabilityLab(lab);
  ImGui::Separator();
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  if (!lab.result) return;
  const reliability::CompositionResult& r = *lab.result;
  const ImVec4 col = r.nines >= 4 ? lab::kColorOk : r.nines >= 3 ? lab::kColorWarn : lab::kColorError;
  ImGui::Text("Chain availability");
  ImGui::SameLine();
  ImGui::TextColored(col, "%s  (%s)", Percent(r.availability).c_str(), NinesText(r.nines).c_str());
  RecordItem(s, "availability:result");
  ImGui::Text("Downtime: %s a month (%s), %s a year", units::FormatDuration(r.downtime.per_month_s, 3).c_str(),
              std::string(units::MonthConventionName(r.downtime.convention)).c_str(),
              units::FormatDuration(r.downtime.per_year_s, 3).c_str());
  for (const reliability::Formula& f : r.formulas) {
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(lab::kColorDim, "%s: %s", f.key.c_str(), f.text.c_str());
    ImGui::PopTextWrapPos();
  }
  // One bar per part: its downtime a year (the chain's in the last bar).
  std::vector<plot::Bar> bars;
  for (std::size_t i = 0; i < r.parts.size(); ++i) {
    const reliability::AvailabilityPart& p = r.parts[i];
    const double down = reliability::DowntimeFor(p.availability).per_year_s / 3600.0;
    bars.push_back({p.label, down, plot::SeriesColor(static_cast<int>(i)),
                    Percent(p.availability) + ", " + units::FormatDuration(down * 3600.0, 3) + "/year", p.formula});
  }
  bars.push_back({"chain", r.downtime.per_year_s / 3600.0, IM_COL32(230, 120, 90, 255),
                  Percent(r.availability) + ", " + units::FormatDuration(r.downtime.per_year_s, 3) + "/year",
                  "The whole chain: every group in series"});
  ImGui::TextUnformatted("Downtime per year, hours (hover a bar for its formula)");
  plot::BarChart("##availability_bars", -1.0f, bars);
  RecordItem(s, "availability:bars");
  if (!r.notes.empty())
    for (const std::string& n : r.notes) ImGui::TextColored(lab::kColorDim, "- %s", n.c_str());
  if (s.open_url) {
    if (ImGui::SmallButton("Rule catalogue")) s.open_url("docs.html#rules");
    RecordItem(s, "availability:catalogue");
    lab::Teach("The availability rules (SPOFs, N+1, the SLO) are in the docs; `sdlab model availability` computes this "
               "chain from a terminal and `sdlab explain RULE_ID` prints a rule.");
  }
}

nlohmann::json AvailabilityLabJson(const AvailabilityLab& lab) {
  nlohmann::json result = nullptr;
  if (lab.result) {
    const reliability::CompositionResult& r = *lab.result;
    nlohmann::json parts = nlohmann::json::array();
    for (const reliability::AvailabilityPart& p : r.parts)
      parts.push_back({{"label", p.label}, {"availability", p.availability}, {"formula", p.formula}});
    result = {{"availability", r.availability},
              {"nines", r.nines},
              {"downtime_per_month_s", r.downtime.per_month_s},
              {"downtime_per_year_s", r.downtime.per_year_s},
              {"parts", std::move(parts)}};
  }
  return {{"inputs",
           {{"serial_parts", lab.serial_parts}, {"serial_nines", lab.serial_nines}, {"parallel_nodes", lab.parallel_nodes},
            {"parallel_nines", lab.parallel_nines}, {"use_k_of_n", lab.use_k_of_n}, {"k", lab.k}, {"n", lab.n},
            {"k_of_n_nines", lab.k_of_n_nines}}},
          {"error", lab.error},
          {"updates", lab.updates},
          {"result", std::move(result)}};
}

}  // namespace sdlab::web
