// web/lab_dbopt.cpp — the database-optimisation lab: every dbopt calculator on shared inputs, the
// chosen one's figures with formulas, and OFFSET vs keyset pagination time by page number. See
// labs.h. Figures come from sdlab/dbopt.h.
#include <algorithm>
#include <cmath>
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

constexpr std::string_view kModes[] = {"index", "normalize", "pool", "nplus1", "matview", "batch", "paginate"};
constexpr std::string_view kModeLabels[] = {"index", "normalise", "pool", "N+1", "mat. view", "batch", "paginate"};
constexpr int kModeCount = 7;

double Finite(double v) { return std::isfinite(v) ? v : 0.0; }

std::string Value(const dbopt::Figure& f) {
  if (f.unit == "s") return units::FormatDuration(f.value, 4);
  if (f.unit == "bytes") return units::FormatBytes(f.value);
  if (f.unit == "/s") return units::FormatRate(f.value, 4);
  if (f.unit == "fraction") return units::FormatPercent(f.value, 4);
  return units::FormatNumber(f.value, 5) + (f.unit.empty() ? "" : " " + f.unit);
}

}  // namespace

void ComputeDbOptLab(DbOptLab& lab) {
  lab::Stopwatch sw;
  lab.rows = std::clamp(lab.rows, 1e3, 1e10);
  lab.rps = std::clamp(lab.rps, 1.0, 1e6);
  lab.query_ms = std::clamp(lab.query_ms, 0.01, 10000.0);
  lab.page = std::clamp(lab.page, 1.0, 1e6);
  lab.error.clear();
  lab.results.clear();
  auto take = [&](auto r) {
    if (r) lab.results.push_back(std::move(*r));
    else lab.error = r.error().Message();
  };
  dbopt::IndexDef idx;
  idx.rows = lab.rows;
  take(dbopt::AnalyzeIndex(idx));
  dbopt::NormalizeDef norm;
  norm.reads_per_s = lab.rps;
  take(dbopt::AnalyzeNormalization(norm));
  dbopt::PoolDef pool;
  pool.rps = lab.rps;
  pool.query_time_s = lab.query_ms / 1000;
  pool.pool_size = lab.pool_size;
  pool.instances = lab.instances;
  pool.max_connections = lab.max_connections;
  take(dbopt::AnalyzePool(pool));
  dbopt::NPlusOneDef n1;
  n1.items = lab.items;
  n1.query_time_s = lab.query_ms / 1000;
  n1.rps = lab.rps;
  take(dbopt::AnalyzeNPlusOne(n1));
  dbopt::MatViewDef mv;
  mv.reads_per_s = lab.rps;
  take(dbopt::AnalyzeMatView(mv));
  dbopt::BatchDef b;
  b.writes_per_s = lab.rps;
  b.batch_size = lab.batch_size;
  take(dbopt::AnalyzeBatching(b));
  dbopt::PaginateDef pg;
  pg.rows = lab.rows;
  pg.page = lab.page;
  take(dbopt::AnalyzePagination(pg));
  lab.offset_ms.clear();
  lab.keyset_ms.clear();
  const double last = std::max(2.0, std::min(std::ceil(lab.rows / pg.page_size), std::max(lab.page * 2, 100.0)));
  for (int i = 0; i <= 40; ++i) {
    pg.page = 1 + (last - 1) * i / 40.0;
    auto r = dbopt::AnalyzePagination(pg);
    if (!r) continue;
    lab.offset_ms.push_back({pg.page, r->Value("offset_time") * 1000});
    lab.keyset_ms.push_back({pg.page, r->Value("keyset_time") * 1000});
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
}

void DrawDbOptLab(PlaygroundState& s) {
  DbOptLab& lab = s.labs.dbopt;
  if (lab.dirty) {
    ComputeDbOptLab(lab);
    lab.dirty = false;
  }
  bool changed = false;
  changed |= lab::ChoiceRow(s, "Technique", "dbopt_mode", &lab.mode, kModes, kModeLabels, kModeCount,
                            "Which calculator to show in detail (all are computed on the same inputs).");
  if (lab::BeginInputs("##dbopt_inputs", 3)) {
    changed |= lab::SliderDouble(s, "Rows", "dbopt_rows", &lab.rows, 1e3, 1e10, "%.3g",
                                 "Rows in the table (index, pagination).", true);
    changed |= lab::SliderDouble(s, "RPS", "dbopt_rps", &lab.rps, 1.0, 1e6, "%.0f",
                                 "Requests (queries, reads or writes) per second.", true);
    changed |= lab::SliderDouble(s, "Query ms", "dbopt_query", &lab.query_ms, 0.01, 10000.0, "%.2f",
                                 "One query's time: a connection is held this long (pool), one round trip (N+1).", true);
    changed |= lab::SliderInt(s, "Pool", "dbopt_pool", &lab.pool_size, 1, 1000, "Connections per instance.", true);
    changed |= lab::SliderInt(s, "Instances", "dbopt_instances", &lab.instances, 1, 1000, "Service instances, each with a pool.", true);
    changed |= lab::SliderInt(s, "max_conn", "dbopt_max_connections", &lab.max_connections, 1, 10000,
                              "The database's connection limit.", true);
    changed |= lab::SliderInt(s, "N items", "dbopt_items", &lab.items, 0, 1000, "N+1: items in the list.", true);
    changed |= lab::SliderInt(s, "Batch", "dbopt_batch", &lab.batch_size, 1, 10000, "Writes per batch.", true);
    changed |= lab::SliderDouble(s, "Page k", "dbopt_page", &lab.page, 1.0, 1e6, "%.0f", "Pagination: page number.", true);
    lab::EndInputs();
  }
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());
  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float half = (avail_w - ImGui::GetStyle().ItemSpacing.x) / 2;
  ImGui::BeginChild("##dbopt_figures", ImVec2(half, 0));
  for (const auto& r : lab.results) {
    if (r.mode != lab.mode) continue;
    ImGui::TextColored(lab::kColorAccent, "%s", r.verdict.c_str());
    if (ImGui::BeginTable("##dbopt_table", 2, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingStretchProp)) {
      for (const auto& f : r.figures) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(f.key.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(Value(f).c_str());
        lab::Teach(f.formula.c_str());
      }
      ImGui::EndTable();
    }
    for (const auto& n : r.notes) ImGui::TextWrapped("• %s", n.c_str());
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginGroup();
  plot::Series off, key;
  off.label = "OFFSET";
  off.color = plot::SeriesColor(3);
  off.thickness = 2.0f;
  key.label = "keyset";
  key.color = plot::SeriesColor(0);
  key.thickness = 2.0f;
  double y_max = 0.001, x_max = 2;
  for (const auto& [x, y] : lab.offset_ms) {
    off.x.push_back(x);
    off.y.push_back(y);
    y_max = std::max(y_max, y);
    x_max = std::max(x_max, x);
  }
  for (const auto& [x, y] : lab.keyset_ms) {
    key.x.push_back(x);
    key.y.push_back(y);
  }
  plot::Axes ax;
  ax.x_min = 1;
  ax.x_max = x_max;
  ax.y_min = 0;
  ax.y_max = y_max * 1.1;
  ax.x_label = "page k";
  ax.y_label = "time per page (ms)";
  ax.x_format = "%.3g";
  ax.y_format = "%.3g";
  ax.x_line = lab.page;
  ax.x_line_label = "k";
  const plot::Series both[] = {off, key};
  const float h = std::max(ImGui::GetContentRegionAvail().y - ImGui::GetTextLineHeightWithSpacing() * 3, 160.0f);
  plot::LineChart("##dbopt_pages", ImVec2(half, h), ax, both);
  RecordItem(s, "dbopt_pages_chart");
  plot::Legend(both);
  ImGui::EndGroup();
}

nlohmann::json DbOptLabJson(const DbOptLab& lab) {
  nlohmann::json results = nlohmann::json::object();
  for (const auto& r : lab.results) {
    nlohmann::json f = nlohmann::json::object();
    for (const auto& x : r.figures) f[x.key] = Finite(x.value);
    results[r.mode] = f;
  }
  return {{"inputs",
           {{"mode", lab.mode},
            {"rows", lab.rows},
            {"rps", lab.rps},
            {"query_ms", lab.query_ms},
            {"pool_size", lab.pool_size},
            {"instances", lab.instances},
            {"max_connections", lab.max_connections},
            {"items", lab.items},
            {"batch_size", lab.batch_size},
            {"page", lab.page}}},
          {"results", results},
          {"updates", lab.updates},
          {"compute_ms", Finite(lab.compute_ms)},
          {"error", lab.error}};
}

}  // namespace sdlab::web
