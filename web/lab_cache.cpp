// web/lab_cache.cpp — the cache lab: every eviction policy's hit-ratio curve on one Zipf workload,
// with Che's LRU approximation and the FIFO/RANDOM approximation next to them. See labs.h.
//
// Work per update (measured in the page): the trace (N ≤ 10 000 objects, ≤ 100 000 requests) at
// once; then, a few milliseconds per frame, the figures at the chosen size (one simulation per
// policy, the three analytic points), the analytic curves one size at a time and every policy's
// curve one size at a time (LRU's in one pass of stack distances). Changing only the cache size
// keeps the trace and the curves.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.h"
#include "sdlab/units.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"

namespace sdlab::web {
namespace {

constexpr int kCurvePoints = 12;

/// Log-spaced sizes from max(1, N/200) to N.
std::vector<std::uint64_t> CurveSizes(int objects) {
  const double lo = std::max(1.0, objects / 200.0);
  const double hi = objects;
  std::vector<std::uint64_t> out;
  for (int i = 0; i < kCurvePoints; ++i) {
    const double v = lo * std::pow(hi / lo, static_cast<double>(i) / (kCurvePoints - 1));
    const auto size = static_cast<std::uint64_t>(std::llround(v));
    if (out.empty() || size > out.back()) out.push_back(size);
  }
  return out;
}

std::uint64_t Warmup(const CacheLab& lab) { return static_cast<std::uint64_t>(lab.requests / 10); }

std::string TraceKey(const CacheLab& lab) {
  char buf[128];
  std::snprintf(buf, sizeof buf, "%d/%.17g/%d/%d", lab.objects, lab.alpha, lab.requests, lab.seed);
  return buf;
}

std::string PolicyTitle(std::string_view name) {
  const cache::PolicyInfo* info = cache::FindPolicy(name);
  return info != nullptr ? std::string(info->title) : std::string(name);
}

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f%%", v * 100.0);
  return buf;
}

}  // namespace

void BeginCacheLabUpdate(CacheLab& lab) {
  lab::Stopwatch sw;
  lab.objects = std::clamp(lab.objects, 100, 10000);
  lab.capacity = std::clamp(lab.capacity, 1, lab.objects);
  lab.requests = std::clamp(lab.requests, 10000, 100000);
  lab.alpha = std::clamp(lab.alpha, 0.0, 2.0);
  lab.error.clear();
  lab.at_capacity.clear();
  lab.che.reset();
  lab.fifo_approx.reset();
  lab.top_c.reset();

  const std::string key = TraceKey(lab);
  // A new trace when the workload changed, or when the last one's curves were left unfinished.
  const bool new_trace = !lab.trace || lab.trace_key != key || lab.curves_progress.Pending();
  if (new_trace) {
    cache::WorkloadDef w = cache::DefaultWorkloadDef();
    w.popularity = cache::PopularityKind::Zipf;
    w.objects = static_cast<std::uint32_t>(lab.objects);
    w.alpha = lab.alpha;
    w.requests = static_cast<std::uint64_t>(lab.requests);
    w.seed = static_cast<std::uint64_t>(lab.seed);
    lab.curves.clear();
    lab.analytic.clear();
    lab.skipped.clear();
    auto trace = cache::GenerateTrace(w);
    if (!trace) {
      lab.error = trace.error().message;
      lab.trace.reset();
      lab.trace_key.clear();
      StartLabJobs(lab.points, 0, sw.ElapsedMs());
      StartLabJobs(lab.curves_progress, 0, 0);
      return;
    }
    lab.trace = std::move(*trace);
    lab.trace_key = key;
    lab.sizes = CurveSizes(lab.objects);
    lab.popularity = cache::ZipfPopularity(lab.objects, lab.alpha);
  }
  const std::size_t policies = cache::Policies().size();
  const double begin_ms = sw.ElapsedMs();
  // Jobs: one simulation per policy at the chosen size, then the three analytic points.
  StartLabJobs(lab.points, policies + 1, new_trace ? 0 : begin_ms);
  // Jobs: the analytic curves one size at a time, then every policy one size at a time.
  if (new_trace) StartLabJobs(lab.curves_progress, lab.sizes.size() * (1 + policies), begin_ms);
}

namespace {

void RunPointJob(CacheLab& lab, std::size_t job) {
  const auto policies = cache::Policies();
  const auto capacity = static_cast<std::uint64_t>(lab.capacity);
  if (job < policies.size()) {
    cache::PolicyDef d;
    d.name = std::string(policies[job].name);
    d.capacity = capacity;
    d.seed = static_cast<std::uint64_t>(lab.seed);
    auto r = cache::Simulate(*lab.trace, d, Warmup(lab));
    if (r) {
      lab.at_capacity.push_back(std::move(*r));
    } else {
      // A policy the lab cannot run here (e.g. a server model that needs a request rate).
      const std::string entry = d.name + ": " + r.error().message;
      if (std::find(lab.skipped.begin(), lab.skipped.end(), entry) == lab.skipped.end()) lab.skipped.push_back(entry);
    }
    return;
  }
  lab.che = cache::CheLru(lab.popularity, static_cast<double>(capacity));
  lab.fifo_approx = cache::FifoRandomApprox(lab.popularity, static_cast<double>(capacity));
  lab.top_c = cache::TopCStatic(lab.popularity, static_cast<double>(capacity));
}

bool Skipped(const CacheLab& lab, std::string_view policy) {
  return std::any_of(lab.skipped.begin(), lab.skipped.end(), [&](const std::string& e) {
    return e.size() > policy.size() && e.compare(0, policy.size(), policy) == 0 && e[policy.size()] == ':';
  });
}

void RunCurveJob(CacheLab& lab, std::size_t job) {
  const std::size_t sizes = lab.sizes.size();
  const std::size_t size_index = job % sizes;
  const std::span<const std::uint64_t> one(&lab.sizes[size_index], 1);
  if (job < sizes) {  // the analytic curves at one size
    std::vector<cache::HitRatioCurve> point = cache::AnalyticCurves(lab.popularity, one);
    if (lab.analytic.empty()) {
      lab.analytic = std::move(point);
    } else {
      for (std::size_t i = 0; i < lab.analytic.size() && i < point.size(); ++i) {
        lab.analytic[i].points.push_back(point[i].points.front());
      }
    }
    return;
  }
  const cache::PolicyInfo& info = cache::Policies()[job / sizes - 1];
  if (Skipped(lab, info.name)) return;
  cache::CurveDef d;
  d.policies = {std::string(info.name)};
  d.warmup = Warmup(lab);
  d.seed = static_cast<std::uint64_t>(lab.seed);
  d.sizes.assign(one.begin(), one.end());
  auto curve = cache::HitRatioCurves(*lab.trace, d);
  if (!curve) {
    lab.error = curve.error().message;
    return;
  }
  if (size_index == 0 && curve->front().method == "stack_distance") {
    // One pass gives every size (LRU's stack distances): take them all now, skip this policy's other jobs.
    d.sizes = lab.sizes;
    curve = cache::HitRatioCurves(*lab.trace, d);
    if (!curve) {
      lab.error = curve.error().message;
      return;
    }
    lab.curves_progress.next += sizes - 1;
  }
  if (size_index == 0) {
    lab.curves.push_back(std::move(curve->front()));
  } else if (!lab.curves.empty()) {
    lab.curves.back().points.push_back(curve->front().points.front());
  }
}

}  // namespace

bool RunCacheLabJobs(CacheLab& lab, double budget_ms) {
  if (!lab.trace) return true;
  lab::Stopwatch sw;
  lab::RunLabJobs(lab.points, budget_ms, [&](std::size_t job) { RunPointJob(lab, job); });
  const double left = budget_ms - sw.ElapsedMs();
  if (!lab.points.Pending() && left > 0) {
    lab::RunLabJobs(lab.curves_progress, left, [&](std::size_t job) { RunCurveJob(lab, job); });
  }
  return !lab.points.Pending() && !lab.curves_progress.Pending();
}

namespace {

/// Rates of the real-server comparison, requests/s (log-spaced, 10/s to 1M/s).
constexpr double kServerRates[] = {10, 30, 100, 300, 1e3, 3e3, 1e4, 3e4, 1e5, 3e5, 1e6};

/// Textbook LRU and Redis allkeys-lru on the lab's workload at kServerRates (when the inputs changed).
void UpdateServerComparison(CacheLab& lab) {
  const std::string key = TraceKey(lab) + "/" + std::to_string(lab.capacity);
  if (key == lab.server_key) return;
  lab::Stopwatch sw;
  cache::WorkloadDef w = cache::DefaultWorkloadDef();
  w.popularity = cache::PopularityKind::Zipf;
  w.objects = static_cast<std::uint32_t>(lab.objects);
  w.alpha = lab.alpha;
  w.requests = static_cast<std::uint64_t>(lab.requests);
  w.seed = static_cast<std::uint64_t>(lab.seed);
  cache::PolicyDef server;
  server.name = "redis-lru";
  server.capacity = static_cast<std::uint64_t>(lab.capacity);
  auto points = cache::CompareServerAtRates(w, server, kServerRates, Warmup(lab));
  lab.server_key = key;
  lab.server.clear();
  lab.server_error.clear();
  if (points) lab.server = std::move(*points);
  else lab.server_error = points.error().message;
  lab.server_ms = sw.ElapsedMs();
}

/// The server view: hit ratio against request rate, textbook LRU flat, Redis falling towards random.
void DrawServerView(PlaygroundState& s, CacheLab& lab) {
  UpdateServerComparison(lab);
  if (lab::SliderDouble(s, "Request rate (/s)", "cache_rate", &lab.rate, 10.0, 1e6, "%.0f",
                        "Requests per second reaching the cache. Redis keeps each key's last access at one-second "
                        "resolution and evicts the oldest of a few sampled keys: when the cache turns over in well "
                        "under a second, every sampled key looks equally old and eviction is close to random.",
                        true)) {
    lab.rate = std::clamp(lab.rate, 10.0, 1e6);
  }
  if (!lab.server_error.empty()) {
    ImGui::TextColored(lab::kColorError, "%s", lab.server_error.c_str());
    return;
  }
  if (lab.server.empty()) return;
  // The marked rate: interpolate in log(rate) between the computed points.
  auto at = [&](double rate, auto field) {
    const auto& v = lab.server;
    if (rate <= v.front().rate) return field(v.front());
    for (std::size_t i = 1; i < v.size(); ++i) {
      if (rate <= v[i].rate) {
        const double f = std::log(rate / v[i - 1].rate) / std::log(v[i].rate / v[i - 1].rate);
        return field(v[i - 1]) + f * (field(v[i]) - field(v[i - 1]));
      }
    }
    return field(v.back());
  };
  const double textbook = lab.server.front().textbook_hit_ratio;
  const double redis = at(lab.rate, [](const cache::RateComparison& c) { return c.server_hit_ratio; });
  const double turnover = at(lab.rate, [](const cache::RateComparison& c) { return c.turnover_s; });
  ImGui::TextWrapped("At %.0f requests/s: textbook LRU %s, Redis allkeys-lru %s (%+.2f points); the cache turns over in %s.",
                     lab.rate, Pct(textbook).c_str(), Pct(redis).c_str(), (redis - textbook) * 100.0,
                     units::FormatDuration(turnover).c_str());
  RecordItem(s, "cache_server_summary");
  ImGui::PushStyleColor(ImGuiCol_Text, lab::kColorDim);
  ImGui::TextWrapped("redis-lru: maxmemory-samples 5, 16-entry eviction pool, 1 s LRU clock (redis.conf defaults); "
                     "computed in %.0f ms over %zu rates.", lab.server_ms, lab.server.size());
  ImGui::PopStyleColor();

  std::vector<plot::Series> series(2);
  series[0].label = "textbook LRU";
  series[0].color = plot::SeriesColor(0);
  series[0].thickness = 2.0f;
  series[1].label = "Redis allkeys-lru";
  series[1].color = IM_COL32(230, 80, 70, 255);
  series[1].thickness = 2.5f;
  series[1].markers = true;
  for (const cache::RateComparison& c : lab.server) {
    series[0].x.push_back(c.rate);
    series[0].y.push_back(c.textbook_hit_ratio);
    series[1].x.push_back(c.rate);
    series[1].y.push_back(c.server_hit_ratio);
  }
  plot::Axes ax;
  ax.log_x = true;
  ax.x_min = lab.server.front().rate;
  ax.x_max = lab.server.back().rate;
  double lo = 1, hi = 0;
  for (const auto& sr : series)
    for (double y : sr.y) lo = std::min(lo, y), hi = std::max(hi, y);
  ax.y_min = std::max(0.0, lo - 0.05);
  ax.y_max = std::min(1.0, hi + 0.05);
  ax.x_label = "request rate (requests/s, log scale)";
  ax.y_label = "hit ratio at C = " + std::to_string(lab.capacity);
  ax.x_format = "%.0f";
  ax.x_line = lab.rate;
  ax.x_line_label = "rate";
  std::vector<plot::Marker> markers = {{lab.rate, redis, IM_COL32(255, 255, 255, 255), "Redis " + Pct(redis)}};
  plot::LineChart("##cache_server_chart", ImVec2(-1, std::max(ImGui::GetContentRegionAvail().y - 60.0f, 160.0f)), ax,
                  series, markers);
  RecordItem(s, "cache_server_chart");
  plot::Legend(series);
}

}  // namespace

void DrawCacheLab(PlaygroundState& s) {
  CacheLab& lab = s.labs.cache;
  if (lab.dirty) {
    BeginCacheLabUpdate(lab);
    lab.dirty = false;
  }
  RunCacheLabJobs(lab, lab::kFrameBudgetMs);

  if (ImGui::RadioButton("Eviction policies", !lab.server_view)) lab.server_view = false;
  RecordItem(s, "cache_view_policies");
  ImGui::SameLine();
  if (ImGui::RadioButton("Real server: textbook LRU vs Redis", lab.server_view)) lab.server_view = true;
  RecordItem(s, "cache_view_server");
  lab::Teach("What Redis's allkeys-lru actually does on this workload, as the request rate grows: it samples keys "
             "and compares last-access times kept at one-second resolution (checked against a real redis-server "
             "by the project's tests).");


  bool changed = false;
  if (lab::BeginInputs("##cache_inputs", 2)) {
    changed |= lab::SliderInt(s, "Cache size C", "cache_capacity", &lab.capacity, 1, lab.objects,
                              "Objects the cache holds (every object has size 1). The dashed vertical line on the "
                              "chart; the table gives every policy's hit ratio at this size.",
                              true);
    changed |= lab::SliderDouble(s, "Zipf α", "cache_alpha", &lab.alpha, 0.0, 1.6, "%.2f",
                                 "Skew of popularity: P(rank i) ∝ i^-α. α = 0 is uniform (caching helps only in "
                                 "proportion to C/N); web and CDN traffic is usually 0.6–1.0; the higher α, the "
                                 "more a small cache catches.");
    changed |= lab::SliderInt(s, "Objects N", "cache_objects", &lab.objects, 500, 10000,
                              "Distinct objects in the catalogue. The curves run from N/200 to N objects.", true);
    changed |= lab::SliderInt(s, "Requests", "cache_requests", &lab.requests, 10000, 100000,
                              "Requests in the simulated trace (seed 1); the first 10% warm the cache and are not "
                              "counted. More requests: less noise, slower update.");
    lab::EndInputs();
  }
  if (changed) {
    lab.capacity = std::clamp(lab.capacity, 1, lab.objects);
    lab.dirty = true;
  }
  if (lab.server_view) {
    DrawServerView(s, lab);
    return;
  }

  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());
  const std::size_t total = cache::Policies().size() - std::min(lab.skipped.size(), cache::Policies().size());
  if (lab.points.Pending() || lab.curves_progress.Pending()) {
    ImGui::TextColored(lab::kColorWarn, "Simulating: %zu of %zu jobs…", lab.points.next + lab.curves_progress.next,
                       lab.points.count + lab.curves_progress.count);
  } else {
    ImGui::TextColored(lab::kColorDim, "%zu policies × %zu sizes, %d requests (warm-up %d), seed %d", total,
                       lab.sizes.size(), lab.requests, lab.requests / 10, lab.seed);
  }
  if (!lab.skipped.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(lab::kColorDim, "(%zu not shown)", lab.skipped.size());
    std::string why = "Not shown in this lab:";
    for (const std::string& e : lab.skipped) why += "\n" + e;
    lab::Teach(why.c_str());
  }

  // Chart.
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float table_h = line * static_cast<float>(total + 4) + 8.0f;
  const float legend_h = line * 2.2f;
  const float chart_h = std::max(ImGui::GetContentRegionAvail().y - table_h - legend_h, 160.0f);
  std::vector<plot::Series> series;
  for (std::size_t i = 0; i < lab.curves.size(); ++i) {
    const cache::HitRatioCurve& c = lab.curves[i];
    plot::Series sr;
    sr.label = PolicyTitle(c.name);
    sr.color = plot::SeriesColor(static_cast<int>(i));
    const bool selected = c.name == lab.policy;
    sr.thickness = selected ? 3.0f : 1.4f;
    sr.markers = selected;
    for (const cache::CurvePoint& p : c.points) {
      sr.x.push_back(static_cast<double>(p.size));
      sr.y.push_back(p.hit_ratio);
    }
    series.push_back(std::move(sr));
  }
  const char* kAnalyticLabels[] = {"Che (LRU)", "FIFO/RANDOM approx", "top-C optimum"};
  const ImU32 kAnalyticColors[] = {IM_COL32(255, 255, 255, 230), IM_COL32(230, 159, 0, 230), IM_COL32(150, 150, 150, 200)};
  for (std::size_t i = 0; i < lab.analytic.size() && i < 3; ++i) {
    plot::Series sr;
    sr.label = kAnalyticLabels[i];
    sr.color = kAnalyticColors[i];
    sr.dashed = true;
    sr.thickness = 1.6f;
    for (const cache::CurvePoint& p : lab.analytic[i].points) {
      sr.x.push_back(static_cast<double>(p.size));
      sr.y.push_back(p.hit_ratio);
    }
    series.push_back(std::move(sr));
  }
  plot::Axes ax;
  ax.log_x = true;
  ax.x_min = static_cast<double>(std::min<std::uint64_t>(lab.sizes.empty() ? 1 : lab.sizes.front(),
                                                          static_cast<std::uint64_t>(lab.capacity)));
  ax.x_max = lab.sizes.empty() ? static_cast<double>(lab.objects) : static_cast<double>(lab.sizes.back());
  ax.y_min = 0;
  ax.y_max = 1;
  ax.x_label = "cache size C (objects, log scale)";
  ax.y_label = "hit ratio";
  ax.x_format = "%.0f";
  ax.x_line = lab.capacity;
  ax.x_line_label = "C = " + std::to_string(lab.capacity);
  std::vector<plot::Marker> markers;
  for (const cache::SimulationResult& r : lab.at_capacity) {
    if (r.policy == lab.policy) {
      markers.push_back({static_cast<double>(lab.capacity), r.hit_ratio, IM_COL32(255, 255, 255, 255),
                         PolicyTitle(r.policy) + " " + Pct(r.hit_ratio)});
    }
  }
  plot::LineChart("##cache_chart", ImVec2(-1, chart_h), ax, series, markers);
  RecordItem(s, "cache_chart");
  plot::Legend(series);

  // Figures at the chosen size; clicking a policy row selects it.
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter |
                                     ImGuiTableFlags_BordersInnerV | ImGuiTableFlags_SizingFixedFit |
                                     ImGuiTableFlags_ScrollY;
  if (ImGui::BeginTable("##cache_table", 4, kFlags, ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 80.0f)))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Policy", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("FIFO/RANDOM approx").x);
    ImGui::TableSetupColumn(("Hit ratio at C = " + std::to_string(lab.capacity)).c_str(), ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("vs Che (LRU)", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("How it evicts (hover a row)", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    for (const cache::SimulationResult& r : lab.at_capacity) {
      const cache::PolicyInfo* info = cache::FindPolicy(r.policy);
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      const bool selected = r.policy == lab.policy;
      if (ImGui::Selectable((PolicyTitle(r.policy) + "##cache_row_" + r.policy).c_str(), selected,
                            ImGuiSelectableFlags_SpanAllColumns)) {
        lab.policy = r.policy;
      }
      RecordItem(s, "cache_policy:" + r.policy);
      if (ImGui::IsItemHovered() && info != nullptr) {
        ImGui::SetTooltip("%s: %s\nsimulated: %llu hits of %llu requests, %llu evictions", std::string(info->title).c_str(),
                          std::string(info->description).c_str(), static_cast<unsigned long long>(r.hits),
                          static_cast<unsigned long long>(r.requests), static_cast<unsigned long long>(r.evictions));
      }
      ImGui::TableNextColumn();
      ImGui::TextColored(selected ? lab::kColorAccent : ImGui::GetStyle().Colors[ImGuiCol_Text], "%s", Pct(r.hit_ratio).c_str());
      ImGui::TableNextColumn();
      if (lab.che) ImGui::TextColored(lab::kColorDim, "%+.2f pts", (r.hit_ratio - lab.che->hit_ratio) * 100.0);
      ImGui::TableNextColumn();
      ImGui::TextColored(lab::kColorDim, "%s", info != nullptr ? std::string(info->description).c_str() : "");
    }
    const std::optional<cache::AnalyticPoint>* points[] = {&lab.che, &lab.fifo_approx, &lab.top_c};
    const char* kWhat[] = {"an object stays for T requests after its last hit: h = Σ p_i (1 − e^(−p_i·T))",
                           "an object stays for T requests after it entered: h = Σ p_i · p_i·T/(1 + p_i·T)",
                           "the C most popular objects, fixed: the best any policy can do under IRM"};
    for (int i = 0; i < 3; ++i) {
      const auto& p = *points[i];
      if (!p) continue;
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Selectable((std::string(kAnalyticLabels[i]) + "##cache_analytic").c_str(), false, ImGuiSelectableFlags_SpanAllColumns);
      const bool hovered = ImGui::IsItemHovered();
      ImGui::TableNextColumn();
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(kAnalyticColors[i]), "%s", Pct(p->hit_ratio).c_str());
      ImGui::TableNextColumn();
      if (p->characteristic_time > 0) ImGui::TextColored(lab::kColorDim, "T = %.0f", p->characteristic_time);
      ImGui::TableNextColumn();
      ImGui::TextColored(lab::kColorDim, "%s", kWhat[i]);
      if (hovered) lab::Tooltip(p->formula.c_str());
    }
    ImGui::EndTable();
  }
}

}  // namespace sdlab::web
