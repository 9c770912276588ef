// web/lab_shard.cpp — the sharding lab: a placement scheme's per-node load, the consistent-hash ring
// drawn as a circle, and the keys moved when a node is added or removed against the k/(n+k) ideal.
// See labs.h. Every figure comes from shard::AnalyzeSharding / shard::RingLab.
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

constexpr float kPi = 3.14159265358979f;
constexpr int kMaxLabNodes = 32;

/// The schemes the lab offers: every row of shard::Schemes() but geo (it needs regions).
std::vector<const shard::SchemeInfo*> LabSchemes() {
  std::vector<const shard::SchemeInfo*> out;
  for (const shard::SchemeInfo& info : shard::Schemes()) {
    if (info.name != "geo") out.push_back(&info);
  }
  return out;
}

bool IsRing(std::string_view scheme) { return scheme == "ring" || scheme == "bounded"; }

std::string Pct(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f%%", v * 100.0);
  return buf;
}

float Angle(double fraction) { return -kPi / 2 + static_cast<float>(fraction) * 2 * kPi; }

/// The ring: each arc coloured by the node that owns it (the node of the point at its clockwise
/// end), each point a tick. With `new_node` ≥ 0 the other nodes are dimmed and its ticks stand out.
void DrawRing(PlaygroundState& s, const std::vector<shard::RingPoint>& points, int new_node, float size) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  ImGui::InvisibleButton("##shard_ring", ImVec2(size, size));
  RecordItem(s, "shard_ring");
  const ImVec2 c(origin.x + size / 2, origin.y + size / 2);
  const float r = size / 2 - 22.0f;
  dl->AddCircle(c, r, IM_COL32(255, 255, 255, 30), 96, 1.0f);
  if (points.empty()) return;
  for (std::size_t i = 0; i < points.size(); ++i) {
    const double from = i == 0 ? points.back().fraction - 1.0 : points[i - 1].fraction;
    const double to = points[i].fraction;
    const float a0 = Angle(from), a1 = Angle(to);
    if (a1 <= a0) continue;
    const int node = static_cast<int>(points[i].node);
    ImU32 col = plot::SeriesColor(node);
    if (new_node >= 0 && node != new_node) col = (col & 0x00FFFFFFu) | (80u << 24);
    const int segments = std::max(2, static_cast<int>((a1 - a0) / (2 * kPi) * 160.0f));
    dl->PathArcTo(c, r, a0, a1, segments);
    dl->PathStroke(col, 0, 12.0f);
  }
  for (const shard::RingPoint& p : points) {
    const float a = Angle(p.fraction);
    const bool fresh = static_cast<int>(p.node) == new_node;
    const float in = r - (fresh ? 16.0f : 8.0f), out = r + (fresh ? 16.0f : 8.0f);
    const ImU32 col = fresh ? IM_COL32(255, 255, 255, 255) : (plot::SeriesColor(static_cast<int>(p.node)) & 0x00FFFFFFu) | (200u << 24);
    dl->AddLine(ImVec2(c.x + in * std::cos(a), c.y + in * std::sin(a)), ImVec2(c.x + out * std::cos(a), c.y + out * std::sin(a)),
                col, fresh ? 2.0f : 1.0f);
  }
  dl->AddText(ImVec2(c.x - 4.0f, origin.y + 2.0f), IM_COL32(160, 164, 175, 255), "0");
  // A caption in the middle of the ring.
  std::uint32_t nodes = 0;
  for (const shard::RingPoint& p : points) nodes = std::max(nodes, p.node + 1);
  char lines[3][64];
  std::snprintf(lines[0], sizeof lines[0], "%u nodes × %zu points", nodes, points.size() / std::max<std::uint32_t>(nodes, 1));
  if (new_node >= 0) {
    std::snprintf(lines[1], sizeof lines[1], "white ticks: new node %d", new_node);
    std::snprintf(lines[2], sizeof lines[2], "bright arcs: keys it took");
  } else {
    std::snprintf(lines[1], sizeof lines[1], "arc colour = its node");
    std::snprintf(lines[2], sizeof lines[2], "key → next point clockwise");
  }
  const float font = ImGui::GetFontSize();
  for (int i = 0; i < 3; ++i) {
    const float w = ImGui::CalcTextSize(lines[i]).x;
    dl->AddText(ImVec2(c.x - w / 2, c.y + (static_cast<float>(i) - 1.5f) * (font + 2.0f)), IM_COL32(190, 194, 205, 255), lines[i]);
  }
  if (ImGui::IsItemHovered()) {
    const ImVec2 m = ImGui::GetIO().MousePos;
    double f = (std::atan2(static_cast<double>(m.y - c.y), static_cast<double>(m.x - c.x)) + kPi / 2) / (2 * kPi);
    f -= std::floor(f);
    const auto it = std::lower_bound(points.begin(), points.end(), f,
                                     [](const shard::RingPoint& p, double v) { return p.fraction < v; });
    const shard::RingPoint& owner = it == points.end() ? points.front() : *it;
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "Position %.4f of the circle: the next point clockwise is node %u's vnode %u, so keys hashed "
                  "here live on node %u.",
                  f, owner.node, owner.vnode, owner.node);
    lab::Tooltip(buf);
  }
}

}  // namespace

namespace {

shard::ShardModelDef ModelDef(const ShardLab& lab) {
  shard::ShardModelDef def;
  def.partitioner = shard::DefaultPartitionerDef();
  def.partitioner.scheme = lab.scheme;
  def.partitioner.nodes = static_cast<std::uint32_t>(lab.nodes - lab.change);
  def.partitioner.vnodes = static_cast<std::uint32_t>(lab.vnodes);
  def.keys = shard::DefaultKeySetDef();
  def.keys.distribution = shard::KeyDistribution::Uniform;
  def.keys.count = static_cast<std::uint64_t>(lab.keys);
  def.add = lab.change > 0 ? static_cast<std::uint32_t>(lab.change) : 0;
  def.remove = lab.change < 0 ? static_cast<std::uint32_t>(-lab.change) : 0;
  return def;
}

}  // namespace

void BeginShardLabUpdate(ShardLab& lab) {
  lab::Stopwatch sw;
  lab.nodes = std::clamp(lab.nodes, 1, kMaxLabNodes);
  lab.vnodes = std::clamp(lab.vnodes, 1, 200);
  lab.keys = std::clamp(lab.keys, 1000, 100000);
  if (lab.nodes - lab.change < 1 || lab.nodes - lab.change > kMaxLabNodes) lab.change = 0;
  lab.error.clear();
  lab.analysis.reset();
  lab.ring.reset();
  lab.moved_by_scheme.clear();

  const shard::ShardModelDef def = ModelDef(lab);
  if (IsRing(lab.scheme)) {
    auto ring = shard::RingLab(def);
    if (ring) {
      lab.analysis = ring->analysis;
      lab.ring = std::move(*ring);
    } else {
      lab.error = ring.error().message;
    }
  } else {
    auto a = shard::AnalyzeSharding(def);
    if (a) {
      lab.analysis = std::move(*a);
    } else {
      lab.error = a.error().message;
    }
  }
  // Jobs: with an add/remove, the same change under every scheme, one scheme per job.
  StartLabJobs(lab.progress, lab.change != 0 ? LabSchemes().size() : 0, sw.ElapsedMs());
}

bool RunShardLabJobs(ShardLab& lab, double budget_ms) {
  const std::vector<const shard::SchemeInfo*> schemes = LabSchemes();
  lab::RunLabJobs(lab.progress, budget_ms, [&](std::size_t job) {
    if (job >= schemes.size()) return;
    shard::ShardModelDef def = ModelDef(lab);
    def.partitioner.scheme = std::string(schemes[job]->name);
    if (def.partitioner.scheme == lab.scheme && lab.analysis) {
      lab.moved_by_scheme.emplace_back(def.partitioner.scheme, lab.analysis->moved_fraction);
      return;
    }
    auto a = shard::AnalyzeSharding(def);
    if (a) lab.moved_by_scheme.emplace_back(def.partitioner.scheme, a->moved_fraction);
  });
  return !lab.progress.Pending();
}

void DrawShardLab(PlaygroundState& s) {
  ShardLab& lab = s.labs.shard;
  if (lab.dirty) {
    BeginShardLabUpdate(lab);
    lab.dirty = false;
  }
  RunShardLabJobs(lab, lab::kFrameBudgetMs);

  // Scheme picker: one radio button per scheme.
  const std::vector<const shard::SchemeInfo*> schemes = LabSchemes();
  std::vector<std::string_view> names, titles;
  for (const shard::SchemeInfo* info : schemes) {
    names.push_back(info->name);
    titles.push_back(info->name);
  }
  bool changed = lab::ChoiceRow(s, "Scheme", "shard_scheme", &lab.scheme, names.data(), titles.data(),
                                static_cast<int>(names.size()),
                                "modulo: h(key) mod n · range: split points over the key order · ring: consistent "
                                "hashing with V points per node · jump: Lamping & Veach, no state · rendezvous: "
                                "highest hash(key, node) wins · maglev: a prime-sized lookup table · bounded: ring "
                                "order, no node above c × average");
  int nodes_slider = lab.nodes;
  if (lab::BeginInputs("##shard_inputs", 3)) {
    if (lab::SliderInt(s, "Nodes n", "shard_nodes", &nodes_slider, 1, kMaxLabNodes,
                       "Nodes now. Moving the slider starts over with no add/remove; the buttons below add or "
                       "remove one node and measure what moves.")) {
      lab.nodes = nodes_slider;
      lab.change = 0;
      changed = true;
    }
    ImGui::BeginDisabled(!IsRing(lab.scheme));
    changed |= lab::SliderInt(s, "vnodes V", "shard_vnodes", &lab.vnodes, 1, 200,
                              "Ring and bounded: points per node on the circle. More points, more even shares: "
                              "stddev/avg ≈ sqrt((n−1)/(nV+1)).",
                              true);
    ImGui::EndDisabled();
    changed |= lab::SliderInt(s, "Keys", "shard_keys", &lab.keys, 1000, 100000,
                              "Uniform random 64-bit keys (seed 1) placed on the nodes.", true);
    lab::EndInputs();
  }
  ImGui::BeginDisabled(lab.nodes >= kMaxLabNodes);
  if (ImGui::Button("Add a node")) {
    ++lab.nodes;
    lab.change = 1;
    changed = true;
  }
  ImGui::EndDisabled();
  RecordItem(s, "shard_add");
  lab::Teach("n → n+1: keys on a different node afterwards have to be copied. Ideal: 1/(n+1) of them.");
  ImGui::SameLine();
  ImGui::BeginDisabled(lab.nodes <= 1);
  if (ImGui::Button("Remove a node")) {
    --lab.nodes;
    lab.change = -1;
    changed = true;
  }
  ImGui::EndDisabled();
  RecordItem(s, "shard_remove");
  lab::Teach("n → n−1: the removed node's keys must move (ideal: 1/n of them); a good scheme moves no others. "
             "Jump hash can only drop the highest-numbered node.");
  ImGui::SameLine();
  if (lab.change != 0) {
    ImGui::TextColored(lab::kColorAccent, "%s: %d → %d nodes", lab.change > 0 ? "added" : "removed", lab.nodes - lab.change,
                       lab.nodes);
  } else {
    ImGui::TextColored(lab::kColorDim, "no change yet");
  }
  if (changed) lab.dirty = true;

  if (!lab.error.empty()) ImGui::TextColored(lab::kColorError, "%s", lab.error.c_str());
  if (!lab.analysis) return;
  const shard::ShardAnalysis& a = *lab.analysis;
  const shard::LoadSummary& load = a.resized ? a.after : a.before;
  const std::uint32_t n_now = a.resized ? a.nodes_after : a.nodes;

  // Left: the ring (or the scheme's description and a sample of moved keys); right: load per node.
  const float avail = ImGui::GetContentRegionAvail().x;
  const float left_w = std::min(300.0f, avail * 0.42f);
  const float line = ImGui::GetTextLineHeightWithSpacing();
  ImGui::BeginChild("##shard_left", ImVec2(left_w, left_w), false, ImGuiWindowFlags_NoScrollbar);
  if (lab.ring) {
    const int new_node = lab.change > 0 ? static_cast<int>(n_now) - 1 : -1;
    DrawRing(s, lab.ring->points_after.empty() ? lab.ring->points : lab.ring->points_after, new_node, left_w);
  } else {
    const shard::SchemeInfo* info = shard::FindScheme(lab.scheme);
    if (info != nullptr) {
      ImGui::TextUnformatted(std::string(info->title).c_str());
      lab::Explain(std::string(info->description).c_str());
    }
    ImGui::TextColored(lab::kColorDim, "lookup %s, router state %.0f bytes", a.lookup.complexity.c_str(), a.lookup.memory_bytes);
    if (!a.moved_sample.empty()) {
      ImGui::TextUnformatted("Some keys that moved:");
      for (std::size_t i = 0; i < a.moved_sample.size() && i < 8; ++i) {
        const shard::MovedKey& m = a.moved_sample[i];
        ImGui::TextColored(lab::kColorDim, "%016llx  node %u → %u", static_cast<unsigned long long>(m.key), m.from, m.to);
      }
    } else {
      ImGui::TextColored(lab::kColorDim, "Add or remove a node to see keys move.");
    }
  }
  ImGui::EndChild();
  ImGui::SameLine();
  ImGui::BeginChild("##shard_right", ImVec2(0, left_w), false);
  ImGui::Text("Load per node (%u nodes, %d keys)", n_now, lab.keys);
  lab::Teach("Each node's share of the keys. The dashed line is the even share 1/n; a node at 1.5× the average "
             "or more is hot (red).");
  std::vector<plot::Bar> bars;
  for (const shard::NodeLoad& nl : load.per_node) {
    plot::Bar b;
    b.label = "node " + nl.label;
    b.value = nl.share;
    b.color = nl.hot ? IM_COL32(240, 100, 90, 255) : plot::SeriesColor(static_cast<int>(nl.node));
    b.text = Pct(nl.share) + " (" + std::to_string(nl.keys) + ")";
    b.tooltip = "node " + nl.label + ": " + std::to_string(nl.keys) + " keys, " + Pct(nl.share) + " of the load";
    bars.push_back(std::move(b));
  }
  ImGui::BeginChild("##shard_bars", ImVec2(0, ImGui::GetContentRegionAvail().y - line * 2.2f), false);
  plot::BarChart("##shard_load", ImGui::GetContentRegionAvail().x, bars, 0, 1.0 / n_now, "1/n");
  ImGui::EndChild();
  ImGui::Text("max/avg %.3f   stddev/avg %.3f", load.max_over_avg, load.stddev_over_avg);
  if (a.theory_stddev_over_avg && !a.resized) {
    ImGui::TextColored(lab::kColorDim, "ring theory sqrt((n−1)/(nV+1)) = %.3f", *a.theory_stddev_over_avg);
  } else {
    ImGui::TextColored(lab::kColorDim, "lookup %s", a.lookup.complexity.c_str());
  }
  ImGui::EndChild();

  // Moved keys: this scheme against the ideal and every other scheme.
  if (a.resized) {
    ImGui::Text("Keys moved: %llu of %d = %s   ideal %s = %s", static_cast<unsigned long long>(a.moved_keys), lab.keys,
                Pct(a.moved_fraction).c_str(), lab.change > 0 ? "k/(n+k)" : "k/n", Pct(a.ideal_moved_fraction).c_str());
    for (const std::string& f : a.formulas) {
      if (f.rfind("moved", 0) == 0) lab::Teach(f.c_str());
    }
    std::vector<plot::Bar> moved;
    for (std::size_t i = 0; i < lab.moved_by_scheme.size(); ++i) {
      const auto& [name, fraction] = lab.moved_by_scheme[i];
      plot::Bar b;
      b.label = name;
      b.value = fraction;
      b.color = name == lab.scheme ? IM_COL32(86, 180, 233, 255) : IM_COL32(110, 120, 140, 255);
      b.text = Pct(fraction);
      b.tooltip = name + " moves " + Pct(fraction) + " of the keys for this change; the ideal is " + Pct(a.ideal_moved_fraction);
      moved.push_back(std::move(b));
    }
    plot::BarChart("##shard_moved", ImGui::GetContentRegionAvail().x, moved, 1.0, a.ideal_moved_fraction, "ideal");
    RecordItem(s, "shard_moved");
  } else {
    ImGui::TextColored(lab::kColorDim, "Press \"Add a node\" or \"Remove a node\" to see which keys move, per scheme.");
  }
  for (const std::string& note : a.notes) ImGui::TextColored(lab::kColorWarn, "%s", note.c_str());
}

}  // namespace sdlab::web
