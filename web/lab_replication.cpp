// web/lab_replication.cpp — the replication lab: leaderless N/R/W quorums (availability, strictness,
// PBS probability of a consistent read against time since the write) and a leader-follower failover
// timeline with the writes an async follower had not yet received. See labs.h. Figures come from
// replication::AnalyzeQuorum, SimulatePbs/SummarizePbs and AnalyzeLeaderFollower.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"

namespace sdlab::web {
namespace {

constexpr int kCurvePoints = 60;

const std::string* FormulaFor(const std::vector<replication::Formula>& formulas, std::string_view key) {
  for (const replication::Formula& f : formulas) {
    if (f.key == key) return &f.text;
  }
  return nullptr;
}

std::string Nines(double p) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6f%%", p * 100.0);
  return buf;
}

void Row(const char* label, const std::string& value, const std::string* formula, const ImVec4* color = nullptr) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextUnformatted(label);
  if (formula != nullptr) lab::Teach(formula->c_str());
  ImGui::TableNextColumn();
  if (color != nullptr) {
    ImGui::TextColored(*color, "%s", value.c_str());
  } else {
    ImGui::TextUnformatted(value.c_str());
  }
  if (formula != nullptr) lab::Teach(formula->c_str());
}

/// The failover as a time axis: lost writes before the crash (async lag), then each step to the RTO.
void DrawTimeline(PlaygroundState& s, const replication::LeaderFollowerResult& f, double write_rate, float height) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  ImGui::InvisibleButton("##replication_timeline", ImVec2(width, height));
  RecordItem(s, "replication_timeline");
  const float font = ImGui::GetFontSize();
  const double lost_window = f.lag_p99_s;  // the writes in (crash − p99 lag, crash] may be lost
  const double t_min = -std::max(lost_window, f.rto_s * 0.08);
  const double t_max = std::max(f.rto_s, 0.001) * 1.04;
  const float x0 = origin.x + 8.0f, x1 = origin.x + width - 8.0f;
  auto X = [&](double t) { return x0 + static_cast<float>((t - t_min) / (t_max - t_min)) * (x1 - x0); };
  const float axis_y = origin.y + font * 1.6f;
  dl->AddLine(ImVec2(x0, axis_y), ImVec2(x1, axis_y), IM_COL32(255, 255, 255, 90), 1.0f);
  // Lost writes: a red band before the crash.
  if (lost_window > 0) {
    dl->AddRectFilled(ImVec2(X(-lost_window), axis_y - 7.0f), ImVec2(X(0), axis_y + 7.0f), IM_COL32(240, 100, 90, 170), 2.0f);
    char buf[120];
    std::snprintf(buf, sizeof buf, "≈ %.3g writes lost (p99 %.3g)", f.expected_lost_writes, f.lost_writes_p99);
    dl->AddText(ImVec2(x0, origin.y), IM_COL32(240, 120, 110, 255), buf);
  }
  // Writes unavailable: from the crash to the RTO.
  dl->AddRectFilled(ImVec2(X(0), axis_y - 3.0f), ImVec2(X(f.rto_s), axis_y + 3.0f), IM_COL32(230, 159, 0, 150));
  float label_y = axis_y + 10.0f;
  for (std::size_t i = 0; i < f.timeline.size(); ++i) {
    const replication::FailoverStep& step = f.timeline[i];
    const float x = X(step.at_s);
    dl->AddLine(ImVec2(x, axis_y - 9.0f), ImVec2(x, axis_y + 9.0f), IM_COL32(255, 255, 255, 220), 2.0f);
    char buf[160];
    std::snprintf(buf, sizeof buf, "%.3g s  %s", step.at_s, step.event.c_str());
    const float tw = ImGui::CalcTextSize(buf).x;
    const float tx = x + tw <= x1 ? x : std::max(x - tw, x0);  // right of its tick, or ending at it
    dl->AddLine(ImVec2(x, axis_y + 9.0f), ImVec2(x, label_y + font * 0.5f), IM_COL32(255, 255, 255, 60));
    dl->AddText(ImVec2(tx, label_y), IM_COL32(220, 222, 230, 255), buf);
    label_y += font + 3.0f;
  }
  if (ImGui::IsItemHovered()) {
    char buf[400];
    std::snprintf(buf, sizeof buf,
                  "Async replication: a follower trails the leader by an exponential lag (mean %.3g s). Writes "
                  "acknowledged in the last lag before the crash exist only on the old leader: at %.4g writes/s "
                  "about %.3g are lost on average, %.3g at the p99 lag (RPO = %.3g s). Writes are unavailable "
                  "until clients reach the new leader (RTO = %.3g s).",
                  f.lag_mean_s, write_rate, f.expected_lost_writes, f.lost_writes_p99, f.rpo_s, f.rto_s);
    lab::Tooltip(buf);
  }
}

}  // namespace

void ComputeReplicationLab(ReplicationLab& lab) {
  lab::Stopwatch sw;
  lab.n = std::clamp(lab.n, 1, 9);
  lab.r = std::clamp(lab.r, 1, lab.n);
  lab.w = std::clamp(lab.w, 1, lab.n);
  lab.trials = std::clamp(lab.trials, 1000, 200000);
  lab.error.clear();
  lab.quorum.reset();
  lab.pbs.reset();
  lab.failover.reset();

  auto q = replication::AnalyzeQuorum(replication::QuorumDef{lab.n, lab.r, lab.w, lab.node_availability, false});
  if (q) {
    lab.quorum = std::move(*q);
  } else {
    lab.error = q.error().Message();
  }
  auto profile = replication::ParseWarsProfile(lab.profile);
  if (profile) {
    replication::PbsDef d;
    d.n = lab.n;
    d.r = lab.r;
    d.w = lab.w;
    d.profile = *profile;
    d.trials = lab.trials;
    d.seed = static_cast<std::uint64_t>(lab.seed);
    auto result = replication::SimulatePbs(d);
    if (result) {
      lab.pbs = replication::SummarizePbs(d, *result, 0.0, 2, kCurvePoints, 0.0);
    } else {
      lab.error = result.error().Message();
    }
  } else {
    lab.error = profile.error().Message();
  }
  replication::LeaderFollowerDef lf;
  lf.followers = lab.followers;
  lf.sync = replication::ParseReplicationSync(lab.sync).value_or(ReplicationSync::Async);
  lf.mean_lag_s = lab.mean_lag_s;
  lf.write_rate_per_s = lab.write_rate;
  lf.node_availability = lab.node_availability;
  auto f = replication::AnalyzeLeaderFollower(lf);
  if (f) {
    lab.failover = std::move(*f);
  } else {
    lab.error = f.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
}

void DrawReplicationLab(PlaygroundState& s) {
  ReplicationLab& lab = s.labs.replication;
  if (lab.dirty) {
    ComputeReplicationLab(lab);
    lab.dirty = false;
  }

  bool changed = false;
  if (lab::BeginInputs("##replication_inputs", 3)) {
    changed |= lab::SliderInt(s, "N", "replication_n", &lab.n, 1, 9, "Replicas of each key.");
    changed |= lab::SliderInt(s, "R", "replication_r", &lab.r, 1, lab.n,
                              "Replies a read waits for. Reads survive N − R replicas down.");
    changed |= lab::SliderInt(s, "W", "replication_w", &lab.w, 1, lab.n,
                              "Acks a write waits for. Writes survive N − W replicas down; 2W > N stops two "
                              "concurrent writes from both succeeding on disjoint replicas.");
    changed |= lab::SliderDouble(s, "Node up", "replication_availability", &lab.node_availability, 0.9, 0.9999, "%.4f",
                                 "Probability that one replica is up (independent failures). Quorum availability "
                                 "is the binomial tail P(at least R (or W) of N up).");
    changed |= lab::SliderDouble(s, "Lag s", "replication_lag", &lab.mean_lag_s, 0.001, 5.0, "%.3f",
                                 "Leader-follower: mean replication lag of an async follower (exponential).", true);
    changed |= lab::SliderDouble(s, "Writes /s", "replication_write_rate", &lab.write_rate, 1.0, 10000.0, "%.0f",
                                 "Leader-follower: writes per second; lost writes at failover ≈ rate × lag.", true);
    lab::EndInputs();
  }
  const std::vector<std::string> profile_names = replication::WarsProfileNames();
  std::vector<std::string_view> profiles(profile_names.begin(), profile_names.end());
  changed |= lab::ChoiceRow(s, "PBS latency profile", "replication_profile", &lab.profile, profiles.data(), profiles.data(),
                            static_cast<int>(profiles.size()),
                            "Message delays fitted by the PBS paper: LinkedIn on SSDs (lnkd-ssd) and on disks "
                            "(lnkd-disk, slow writes), Yammer (ymmr, long tails).");
  ImGui::SameLine(0, 24.0f);
  static constexpr std::string_view kSync[] = {"sync", "semi_sync", "async"};
  static constexpr std::string_view kSyncLabels[] = {"sync", "semi-sync", "async"};
  changed |= lab::ChoiceRow(s, "Failover", "replication_sync", &lab.sync, kSync, kSyncLabels, 3,
                            "sync: every follower acks each write (no loss, slower writes); semi-sync: one follower "
                            "acks; async: the leader acks alone, so a crash loses the writes still in flight.");
  if (changed) lab.dirty = true;
  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());

  const float avail_w = ImGui::GetContentRegionAvail().x;
  const float line = ImGui::GetTextLineHeightWithSpacing();
  const float chart_w = avail_w * 0.58f;
  const float top_h = std::max(ImGui::GetContentRegionAvail().y - line * 9.0f, 190.0f);

  // P(consistent) vs t.
  ImGui::BeginGroup();
  if (lab.pbs) {
    const replication::PbsSummary& p = *lab.pbs;
    plot::Series sr;
    sr.label = "P(consistent read) N=" + std::to_string(lab.n) + " R=" + std::to_string(lab.r) + " W=" + std::to_string(lab.w);
    sr.color = plot::SeriesColor(0);
    sr.thickness = 2.0f;
    double y_lo = 1.0;
    for (const replication::PbsPoint& pt : p.curve) {
      sr.x.push_back(pt.t_ms);
      sr.y.push_back(pt.p_consistent);
      y_lo = std::min(y_lo, pt.p_consistent);
    }
    plot::Axes ax;
    ax.x_min = 0;
    ax.x_max = p.curve.empty() ? 1.0 : std::max(p.curve.back().t_ms, 1e-3);
    ax.y_min = y_lo > 0.9 ? std::floor((y_lo - 0.002) * 100.0) / 100.0 : std::floor(y_lo * 10.0) / 10.0;
    ax.y_max = 1.0 + (1.0 - ax.y_min) * 0.03;  // room above 1 so a line at 1 stays visible
    ax.x_label = "time since the write committed (ms)";
    ax.y_label = "P(read returns the write)";
    ax.x_format = "%.3g";
    ax.y_format = "%.3g";
    char label[64];
    std::snprintf(label, sizeof label, "99.9%% at %.3g ms", p.t_visibility_ms);
    // On the curve: P(consistent) at the first curve point at or after the 99.9% time.
    double marker_p = 0.999;
    for (const replication::PbsPoint& pt : p.curve) {
      if (pt.t_ms >= p.t_visibility_ms) {
        marker_p = pt.p_consistent;
        break;
      }
    }
    const plot::Marker m{p.t_visibility_ms, marker_p, IM_COL32(255, 255, 255, 255), label};
    plot::LineChart("##replication_pbs", ImVec2(chart_w, top_h), ax, std::span<const plot::Series>(&sr, 1),
                    std::span<const plot::Marker>(&m, 1));
    RecordItem(s, "replication_pbs_chart");
    plot::Legend(std::span<const plot::Series>(&sr, 1));
  }
  ImGui::EndGroup();
  ImGui::SameLine();
  ImGui::BeginGroup();
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersOuter | ImGuiTableFlags_SizingFixedFit;
  if (lab.quorum && lab.pbs && ImGui::BeginTable("##replication_figures", 2, kFlags, ImVec2(ImGui::GetContentRegionAvail().x, 0))) {
    const replication::QuorumResult& q = *lab.quorum;
    const replication::PbsSummary& p = *lab.pbs;
    ImGui::TableSetupColumn("Quorum (hover: formula)", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    ImGui::TableHeadersRow();
    Row("strict (R + W > N)", q.strict_quorum ? "yes" : "no", FormulaFor(q.formulas, "strict_quorum"),
        q.strict_quorum ? &lab::kColorOk : &lab::kColorWarn);
    Row("read availability", Nines(q.read_availability), FormulaFor(q.formulas, "read_availability"));
    Row("write availability", Nines(q.write_availability), FormulaFor(q.formulas, "write_availability"));
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", q.p_stale_read);
    Row("P(read misses write)", buf, FormulaFor(q.formulas, "p_stale_read"));
    std::snprintf(buf, sizeof buf, "%.4f", p.p_consistent);
    const std::string pbs_formula = "share of " + std::to_string(p.trials) +
                                    " simulated writes (WARS model, seed " + std::to_string(p.seed) +
                                    ") whose read issued right after commit saw the write";
    Row("P(consistent) at 0 ms", buf, &pbs_formula);
    if (p.k_staleness) {
      std::snprintf(buf, sizeof buf, "%.4f", *p.k_staleness);
      const std::string k_formula = "1 − p_s^k with k = 2: the read returns one of the last two versions";
      Row("P(within 2 versions)", buf, &k_formula);
    }
    std::snprintf(buf, sizeof buf, "%.3g / %.3g ms", p.t_visibility_99_ms, p.t_visibility_ms);
    Row("t for 99% / 99.9%", buf, nullptr);
    std::snprintf(buf, sizeof buf, "%.3g / %.3g ms", p.write_latency_p99_ms, p.read_latency_p99_ms);
    Row("write / read p99", buf, nullptr);
    const replication::Classification c =
        replication::Classify(ReplicationMode::Leaderless, ReplicationSync::Async, false, lab.n, lab.r, lab.w);
    Row("CAP / PACELC", c.cap + " / " + c.pacelc, &c.reason);
    ImGui::EndTable();
  }
  ImGui::EndGroup();

  // Failover timeline.
  if (lab.failover) {
    const replication::LeaderFollowerResult& f = *lab.failover;
    ImGui::Text("Leader failover, %s, %d followers: RPO %.3g s, RTO %.3g s", lab.sync.c_str(), lab.followers, f.rpo_s, f.rto_s);
    if (const std::string* rpo = FormulaFor(f.formulas, "rpo_s")) lab::Teach(rpo->c_str());
    DrawTimeline(s, f, lab.write_rate, std::max(ImGui::GetContentRegionAvail().y, line * 6.0f));
  }
}

}  // namespace sdlab::web
