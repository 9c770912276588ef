// web/lab_storage.cpp — the storage lab: object-storage lifecycle cost month by month as stacked bars
// (storage::CostObjectLifecycle), and an HDFS-style DFS's raw storage and NameNode memory
// (storage::AnalyzeDfs). See labs.h.
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
#include "sdlab/storage.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

constexpr double kDay = 86400.0;

/// Vertical stacked bars, one per month: standard, infrequent, archive storage and the other lines.
void StackedMonths(const char* id, const storage::ObjectLifecycleResult& r) {
  const ImU32 colors[4] = {IM_COL32(90, 150, 230, 255), IM_COL32(120, 200, 140, 255), IM_COL32(200, 160, 90, 255),
                           IM_COL32(170, 120, 200, 255)};
  const float w = ImGui::GetContentRegionAvail().x;
  const float h = 180.0f;
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton(id, ImVec2(w, h));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  double top = 0;
  for (const auto& m : r.months) top = std::max({top, m.total, m.first_tier_only_total});
  if (top <= 0 || r.months.empty()) return;
  const float slot = w / static_cast<float>(r.months.size());
  const float bar_w = std::max(2.0f, slot * 0.7f);
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  for (std::size_t i = 0; i < r.months.size(); ++i) {
    const auto& m = r.months[i];
    const double parts[4] = {m.storage_cost[0], m.storage_cost[1], m.storage_cost[2],
                             m.put_cost + m.get_cost + m.transition_cost + m.retrieval_cost + m.early_deletion_cost +
                                 m.egress_cost};
    const float x = p0.x + slot * static_cast<float>(i) + (slot - bar_w) / 2;
    float y = p0.y + h;
    for (int k = 0; k < 4; ++k) {
      const float bh = static_cast<float>(parts[k] / top) * h;
      dl->AddRectFilled(ImVec2(x, y - bh), ImVec2(x + bar_w, y), colors[k]);
      y -= bh;
    }
    // The first-tier-only total as a tick.
    const float ty = p0.y + h - static_cast<float>(m.first_tier_only_total / top) * h;
    dl->AddLine(ImVec2(x - 1, ty), ImVec2(x + bar_w + 1, ty), IM_COL32(240, 240, 240, 200), 1.5f);
    if (ImGui::IsItemHovered() && mouse.x >= x && mouse.x <= x + bar_w) {
      ImGui::SetTooltip("month %d: %s total (%s in the first tier only)\nstandard %s · infrequent %s · archive %s\n"
                        "requests, transitions, retrieval, early deletion, egress: %s",
                        m.month, cost::FormatDollars(m.total).c_str(), cost::FormatDollars(m.first_tier_only_total).c_str(),
                        cost::FormatDollars(parts[0]).c_str(), cost::FormatDollars(parts[1]).c_str(),
                        cost::FormatDollars(parts[2]).c_str(), cost::FormatDollars(parts[3]).c_str());
    }
  }
  const char* names[4] = {"standard", "infrequent", "archive", "requests & other"};
  for (int k = 0; k < 4; ++k) {
    ImGui::ColorButton(names[k], ImGui::ColorConvertU32ToFloat4(colors[k]), ImGuiColorEditFlags_NoTooltip, ImVec2(10, 10));
    ImGui::SameLine();
    ImGui::TextUnformatted(names[k]);
    ImGui::SameLine();
  }
  ImGui::TextColored(lab::kColorDim, "  white tick: first tier only");
}

}  // namespace

void ComputeStorageLab(StorageLab& lab) {
  lab::Stopwatch sw;
  lab.error.clear();
  storage::ObjectLifecycleDef d;
  d.ingest_bytes_per_month = lab.ingest_tb_per_month * 1e12;
  d.object_size_bytes = lab.object_size_mb * 1e6;
  d.reads_per_month = lab.reads_millions_per_month * 1e6;
  d.months = std::clamp(lab.months, 1, 60);
  if (lab.infrequent_after_days > 0) d.rules.emplace_back(lab.infrequent_after_days * kDay, cost::Tier::Infrequent);
  if (lab.archive_after_days > 0 && lab.archive_after_days > lab.infrequent_after_days)
    d.rules.emplace_back(lab.archive_after_days * kDay, cost::Tier::Archive);
  if (auto r = storage::CostObjectLifecycle(d)) lab.object = std::move(*r);
  else {
    lab.object.reset();
    lab.error = r.error().Message();
  }
  storage::DfsDef f;
  f.data_bytes = lab.dfs_data_tb * 1e12;
  f.file_size_bytes = lab.dfs_file_size_mb * 1e6;
  f.block_size_bytes = lab.dfs_block_mib * 1024.0 * 1024.0;
  f.replication = lab.dfs_replication;
  f.nodes = std::max(lab.dfs_nodes, lab.dfs_replication);
  if (auto r = storage::AnalyzeDfs(f)) lab.dfs = std::move(*r);
  else {
    lab.dfs.reset();
    lab.error = r.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawStorageLab(PlaygroundState& s) {
  StorageLab& lab = s.labs.storage;
  if (lab.dirty) ComputeStorageLab(lab);
  bool changed = false;
  ImGui::TextUnformatted("Object storage lifecycle");
  if (lab::BeginInputs("##storage_object_inputs", 3)) {
    changed |= lab::SliderDouble(s, "New data TB/month", "storage:ingest", &lab.ingest_tb_per_month, 0.01, 1000.0, "%.2f",
                                 "Bytes written each month; every month's writes age together as one cohort.", true);
    changed |= lab::SliderInt(s, "Infrequent after (d)", "storage:infrequent_after", &lab.infrequent_after_days, 0, 365,
                              "Lifecycle rule: objects this old move to the infrequent-access tier (0 = never). "
                              "Cheaper to keep ($0.0125 vs $0.023/GB-month), dearer to read, 30-day minimum.");
    changed |= lab::SliderInt(s, "Archive after (d)", "storage:archive_after", &lab.archive_after_days, 0, 730,
                              "Objects this old move to the archive tier ($0.002/GB-month; hours to restore, retrieval "
                              "fees, 90-day minimum). 0 = never.");
    changed |= lab::SliderInt(s, "Months", "storage:months", &lab.months, 1, 60, "Months costed from the first write.");
    changed |= lab::SliderDouble(s, "Reads M/month", "storage:reads", &lab.reads_millions_per_month, 0.0, 1000.0, "%.1f",
                                 "GETs per month: 90% go to the first tier while older tiers hold data, the rest by bytes.");
    changed |= lab::SliderDouble(s, "Object size MB", "storage:object_size", &lab.object_size_mb, 0.01, 1000.0, "%.2f",
                                 "Size of one object: sets the PUT, GET and transition counts.", true);
    lab::EndInputs();
  }
  ImGui::TextUnformatted("DFS (HDFS-style)");
  if (lab::BeginInputs("##storage_dfs_inputs", 3)) {
    changed |= lab::SliderDouble(s, "Data TB", "storage:dfs_data", &lab.dfs_data_tb, 1.0, 100000.0, "%.0f",
                                 "Logical data, one copy.", true);
    changed |= lab::SliderInt(s, "Block MiB", "storage:dfs_block", &lab.dfs_block_mib, 1, 1024,
                              "Block size: the NameNode keeps ~150 B per block and per file in memory; 128 MiB is "
                              "the HDFS default.", true);
    changed |= lab::SliderInt(s, "Replication", "storage:dfs_replication", &lab.dfs_replication, 1, 5,
                              "Copies of each block: raw = data × replication; losses tolerated = replication − 1.");
    changed |= lab::SliderDouble(s, "File size MB", "storage:dfs_file_size", &lab.dfs_file_size_mb, 1.0, 100000.0, "%.0f",
                                 "Average file size: files smaller than a block still cost a block each.", true);
    changed |= lab::SliderInt(s, "Nodes", "storage:dfs_nodes", &lab.dfs_nodes, 1, 1000,
                              "Data nodes; after losing one, the survivors re-replicate its blocks at 100 MB/s each.", true);
    lab::EndInputs();
  }
  if (changed) ComputeStorageLab(lab);
  ImGui::Separator();
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
  if (lab.object) {
    const auto& r = *lab.object;
    ImGui::Text("Over %d months: %s with the lifecycle, %s in the first tier only (saving %s)", lab.months,
                cost::FormatDollars(r.total).c_str(), cost::FormatDollars(r.first_tier_only_total).c_str(),
                cost::FormatDollars(r.saving).c_str());
    RecordItem(s, "storage:object_total");
    if (ImGui::IsItemHovered()) {
      std::string tip;
      for (const auto& f : r.formulas) tip += f.text + "\n";
      lab::Tooltip(tip.c_str());
    }
    StackedMonths("##storage_months", r);
    RecordItem(s, "storage:months_plot");
  }
  if (lab.dfs) {
    const auto& d = *lab.dfs;
    ImGui::Text("DFS: raw %s, %s blocks, NameNode ≈ %s, re-replication %s", units::FormatBytes(d.raw_bytes).c_str(),
                units::FormatCount(d.blocks).c_str(), units::FormatBytes(d.namenode_memory_bytes).c_str(),
                d.rereplication_s ? units::FormatDuration(*d.rereplication_s).c_str() : "none (one copy)");
    RecordItem(s, "storage:dfs");
    if (ImGui::IsItemHovered()) {
      std::string tip;
      for (const auto& f : d.formulas) tip += f.text + "\n";
      lab::Tooltip(tip.c_str());
    }
    for (const auto& n : d.notes) ImGui::TextColored(lab::kColorDim, "- %s", n.c_str());
  }
}

nlohmann::json StorageLabJson(const StorageLab& lab) {
  nlohmann::json j = {{"inputs",
                       {{"ingest_tb_per_month", lab.ingest_tb_per_month}, {"infrequent_after_days", lab.infrequent_after_days},
                        {"archive_after_days", lab.archive_after_days}, {"months", lab.months},
                        {"reads_millions_per_month", lab.reads_millions_per_month}, {"object_size_mb", lab.object_size_mb},
                        {"dfs_data_tb", lab.dfs_data_tb}, {"dfs_block_mib", lab.dfs_block_mib},
                        {"dfs_replication", lab.dfs_replication}, {"dfs_file_size_mb", lab.dfs_file_size_mb},
                        {"dfs_nodes", lab.dfs_nodes}}},
                      {"error", lab.error},
                      {"updates", lab.updates},
                      {"compute_ms", std::round(lab.compute_ms * 1000.0) / 1000.0}};
  j["object"] = lab.object ? storage::ToJson(*lab.object) : nlohmann::json(nullptr);
  j["dfs"] = lab.dfs ? storage::ToJson(*lab.dfs) : nlohmann::json(nullptr);
  return j;
}

}  // namespace sdlab::web
