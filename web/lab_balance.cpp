// web/lab_balance.cpp — the load-balancing lab: every strategy on the same arrivals and service draws
// (common random numbers), with one backend slowed down: requests per backend and the tail latency
// each strategy gives. See labs.h. Figures come from balance::CompareStrategies.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

std::string StrategyLabel(LbStrategy st) {
  std::string s(balance::StrategyKey(st));
  std::replace(s.begin(), s.end(), '_', ' ');
  return s;
}

const char* StrategyTeaching(LbStrategy st) {
  switch (st) {
    case LbStrategy::RoundRobin: return "Next backend in turn. Blind to load: a slow backend gets its full share and its queue grows.";
    case LbStrategy::WeightedRoundRobin: return "Round robin in proportion to static weights (all 1 here): still blind to a backend that slows down.";
    case LbStrategy::LeastConnections: return "The backend with the fewest open requests (join the shortest queue): a slow backend keeps more open, so it gets fewer.";
    case LbStrategy::IpHash: return "hash(client) mod backends: sticky sessions; load follows client popularity, blind to speed.";
    case LbStrategy::LeastResponseTime: return "Lowest EWMA of observed response time × (open + 1): learns that a backend is slow.";
    case LbStrategy::PowerOfTwoChoices: return "Two random backends, the less loaded wins: most of least-connections' benefit with O(1) state per decision.";
    case LbStrategy::Random: return "A uniformly random backend: each backend is M/M/1 at λ/N, p99 = ln(100)/(μ − λ/N).";
  }
  return "";
}

/// One row per backend as tiny vertical bars of its share of requests; backend 0 (the slow one) outlined.
void ShareBars(const balance::BalanceResult& r, float width, float height, bool slow) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 o = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(width, height));
  const std::size_t n = r.per_backend.size();
  if (n == 0) return;
  double top = 0;
  for (const balance::BackendStats& b : r.per_backend) top = std::max(top, b.share);
  top = std::max(top, 1.5 / static_cast<double>(n));
  const float bw = width / static_cast<float>(n);
  const float even_y = o.y + height - static_cast<float>((1.0 / static_cast<double>(n)) / top) * height;
  for (std::size_t i = 0; i < n; ++i) {
    const balance::BackendStats& b = r.per_backend[i];
    const float h = static_cast<float>(b.share / top) * height;
    const ImVec2 lo(o.x + bw * static_cast<float>(i) + 1.0f, o.y + height - h);
    const ImVec2 hi(o.x + bw * static_cast<float>(i + 1) - 2.0f, o.y + height);
    const ImU32 col = b.utilization >= 0.98 ? IM_COL32(240, 100, 90, 255) : plot::SeriesColor(static_cast<int>(i));
    dl->AddRectFilled(lo, hi, col, 1.0f);
    if (i == 0 && slow) dl->AddRect(ImVec2(lo.x - 1, o.y), ImVec2(hi.x + 1, hi.y), IM_COL32(255, 255, 255, 160));
  }
  dl->AddLine(ImVec2(o.x, even_y), ImVec2(o.x + width, even_y), IM_COL32(255, 255, 255, 90));
}

}  // namespace

namespace {

balance::BalanceDef PoolDef(const BalanceLab& lab) {
  balance::BalanceDef d;
  d.backends = std::vector<balance::BackendDef>(static_cast<std::size_t>(lab.backends));
  d.backends[0].speed = 1.0 / lab.slow_factor;
  d.service_rate_per_s = lab.service_rate;
  d.arrival_rate_per_s = lab.utilization * lab.backends * lab.service_rate;
  d.requests = static_cast<std::uint64_t>(lab.requests);
  d.seed = static_cast<std::uint64_t>(lab.seed);
  return d;
}

}  // namespace

void BeginBalanceLabUpdate(BalanceLab& lab) {
  lab.backends = std::clamp(lab.backends, 2, 10);
  lab.utilization = std::clamp(lab.utilization, 0.05, 0.98);
  lab.service_rate = std::clamp(lab.service_rate, 1.0, 10000.0);
  lab.slow_factor = std::clamp(lab.slow_factor, 1.0, 10.0);
  lab.requests = std::clamp(lab.requests, 2000, 200000);
  lab.error.clear();
  lab.results.clear();
  // Jobs: one strategy each, all on the same seed (CompareStrategies' common random numbers).
  StartLabJobs(lab.progress, balance::AllStrategies().size(), 0);
}

bool RunBalanceLabJobs(BalanceLab& lab, double budget_ms) {
  const std::vector<LbStrategy> all = balance::AllStrategies();
  lab::RunLabJobs(lab.progress, budget_ms, [&](std::size_t job) {
    if (job >= all.size()) return;
    auto r = balance::CompareStrategies(PoolDef(lab), {all[job]});
    if (r) {
      lab.results.push_back(std::move(r->front()));
    } else {
      lab.error = r.error().Message();
    }
  });
  return !lab.progress.Pending();
}

void DrawBalanceLab(PlaygroundState& s) {
  BalanceLab& lab = s.labs.balance;
  if (lab.dirty) {
    BeginBalanceLabUpdate(lab);
    lab.dirty = false;
  }
  RunBalanceLabJobs(lab, lab::kFrameBudgetMs);

  bool changed = false;
  if (lab::BeginInputs("##balance_inputs", 3)) {
    changed |= lab::SliderDouble(s, "Slow ×", "balance_slow", &lab.slow_factor, 1.0, 10.0, "%.2f",
                                 "Backend 0 serves this many times slower (1 = all equal). Its bar is outlined.");
    changed |= lab::SliderDouble(s, "Load ρ", "balance_utilization", &lab.utilization, 0.05, 0.98, "%.2f",
                                 "Offered load λ / (N·μ) with every backend at full speed.");
    changed |= lab::SliderInt(s, "Backends N", "balance_backends", &lab.backends, 2, 10, "Backends in the pool.");
    changed |= lab::SliderDouble(s, "μ /s", "balance_service_rate", &lab.service_rate, 10.0, 1000.0, "%.0f",
                                 "Requests per second one backend serves at full speed (exponential service).", true);
    changed |= lab::SliderInt(s, "Requests", "balance_requests", &lab.requests, 2000, 100000,
                              "Requests simulated per strategy (seed 1). More: steadier tails, slower update.", true);
    lab::EndInputs();
  }
  const double lambda = lab.utilization * lab.backends * lab.service_rate;
  ImGui::TextColored(lab::kColorDim, "λ = %.4g/s over %d backends of μ = %.4g/s", lambda, lab.backends, lab.service_rate);
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());
  if (lab.results.empty()) return;

  // p99 per strategy.
  ImGui::TextUnformatted("p99 latency per strategy");
  lab::Teach("The 99th percentile of response time (queueing + service + the balancer's overhead) over all requests.");
  std::vector<plot::Bar> bars;
  double top = 0;
  for (const balance::BalanceResult& r : lab.results) top = std::max(top, r.p99_ms);
  for (std::size_t i = 0; i < lab.results.size(); ++i) {
    const balance::BalanceResult& r = lab.results[i];
    plot::Bar b;
    b.label = StrategyLabel(r.strategy);
    b.value = r.p99_ms;
    b.color = r.p99_ms >= top * 0.999 && lab.results.size() > 1 ? IM_COL32(240, 100, 90, 255) : plot::SeriesColor(static_cast<int>(i));
    b.text = units::FormatDuration(r.p99_ms / 1000.0);
    b.tooltip = std::string(StrategyTeaching(r.strategy));
    bars.push_back(std::move(b));
  }
  const balance::BalanceResult& first = lab.results.front();
  std::optional<double> theory;
  if (first.random_mm1_p99_ms > 0) theory = first.random_mm1_p99_ms;
  plot::BarChart("##balance_p99", ImGui::GetContentRegionAvail().x, bars, 0, theory, theory ? "M/M/1 theory (random)" : nullptr);
  RecordItem(s, "balance_p99_chart");

  // Per-backend load per strategy.
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_BordersInnerV |
                                     ImGuiTableFlags_SizingFixedFit | ImGuiTableFlags_ScrollY;
  const float header_h = ImGui::GetFrameHeight();
  const float row_h = std::clamp((ImGui::GetContentRegionAvail().y - header_h - 8.0f) / 7.0f,
                                 ImGui::GetTextLineHeight() * 2.0f, ImGui::GetTextLineHeight() * 4.0f);
  if (ImGui::BeginTable("##balance_table", 7, kFlags, ImVec2(0, std::max(ImGui::GetContentRegionAvail().y, 100.0f)))) {
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("Strategy");
    ImGui::TableSetupColumn("Requests per backend", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableSetupColumn("slow one");
    ImGui::TableSetupColumn("p50");
    ImGui::TableSetupColumn("p99");
    ImGui::TableSetupColumn("max/avg");
    ImGui::TableSetupColumn("errors");
    ImGui::TableHeadersRow();
    for (const balance::BalanceResult& r : lab.results) {
      ImGui::TableNextRow(0, row_h);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(StrategyLabel(r.strategy).c_str());
      lab::Teach(StrategyTeaching(r.strategy));
      ImGui::TableNextColumn();
      ShareBars(r, std::max(ImGui::GetContentRegionAvail().x, 40.0f), row_h - 4.0f, lab.slow_factor > 1.0);
      if (ImGui::IsItemHovered()) {
        std::string tip = "Share of requests (the line is the even share 1/N); red = a backend at ≥ 98% utilisation\n";
        for (const balance::BackendStats& b : r.per_backend) {
          char buf[160];
          std::snprintf(buf, sizeof buf, "backend %d%s: %.1f%% of requests, utilisation %.0f%%, p99 %.4g ms\n", b.index,
                        b.speed < 1 ? " (slow)" : "", b.share * 100.0, b.utilization * 100.0, b.p99_ms);
          tip += buf;
        }
        lab::Tooltip(tip.c_str());
      }
      ImGui::TableNextColumn();
      if (!r.per_backend.empty()) {
        const balance::BackendStats& b0 = r.per_backend.front();
        ImGui::TextColored(b0.utilization >= 0.98 ? lab::kColorError : lab::kColorDim, "%.0f%% busy", b0.utilization * 100.0);
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatDuration(r.p50_ms / 1000.0).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatDuration(r.p99_ms / 1000.0).c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%.3f", r.max_over_avg);
      ImGui::TableNextColumn();
      ImGui::Text("%.2f%%", r.error_rate * 100.0);
    }
    ImGui::EndTable();
  }
}

}  // namespace sdlab::web
