// web/labs.cpp — the lab area: the Labs menu, the panel a lab is drawn in, the labs' JSON, and the
// input widgets the labs share (web/lab_widgets.h). See labs.h.
#include "labs.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_widgets.h"

namespace sdlab::web {
namespace {

/// One row of the lab table: the menu, the panel and the JSON all read it.
struct LabInfo {
  std::string_view name;
  const char* title;
  const char* summary;      ///< the menu item's tooltip
  const char* explanation;  ///< the model in two or three lines, at the top of the panel
  void (*draw)(PlaygroundState& s);
};

constexpr LabInfo kLabs[] = {
    {"cache", "Cache", "Eviction policies on a Zipf workload: hit ratio vs size, simulated and analytic (Che, FIFO)",
     "A cache of C objects before N objects requested with Zipf popularity (P(i) ∝ i^-α, independent requests). "
     "Solid: each eviction policy simulated on one trace; dashed: Che's LRU approximation, the FIFO/RANDOM "
     "approximation and the static top-C optimum.",
     DrawCacheLab},
    {"shard", "Sharding", "Placement schemes: load per node, keys moved when a node is added or removed",
     "A scheme maps keys to n nodes. Modulo hashing remaps almost every key when n changes; consistent schemes "
     "move only the new node's share, ideally k/(n+k). Add or remove a node to compare every scheme on the same keys.",
     DrawShardLab},
    {"queue", "Queue", "M/M/c waiting (Erlang C) and a burst through a broker: backlog and delivery outcomes",
     "Poisson arrivals λ, c servers of rate μ: Erlang C gives P(wait) and the mean wait, small until ρ = λ/(cμ) "
     "nears 1, then exploding. Right: bursts at a multiple of λ through a broker whose c consumers fail and crash.",
     DrawQueueLab},
    {"replication", "Replication", "N/R/W quorums, PBS staleness over time, and what an async failover loses",
     "N replicas per key; writes wait for W acks, reads for R replies. R + W > N: every read meets the latest "
     "write. Smaller quorums are faster and more available but may be stale: PBS gives P(fresh read) t ms after "
     "a write. Below: a leader failover.",
     DrawReplicationLab},
    {"balance", "Load balancing", "Every balancing strategy on the same arrivals: per-backend load and p99",
     "Poisson arrivals spread over N single-server backends of rate μ; every strategy sees the same arrivals and "
     "service draws. Slow one backend down: load-blind strategies keep feeding it and its queue sets the p99.",
     DrawBalanceLab},
    {"security", "Security", "Toggle the design's security policies on a copy: security findings and area score",
     "The loaded design's policies (TLS on links, encryption at rest, WAF, rate limit, authorisation, secrets, "
     "password hashing, zero trust, monitoring) toggled on a copy and scored by the same rules as `sdlab score`: "
     "the security area is 100 minus points per finding by severity. Hover a finding for why and how to fix it.",
     DrawSecurityLab},
    {"availability", "Availability", "Nines and composition: serial, parallel and k-of-n chains with downtime",
     "Independent parts: in series every part is needed, A = Π A_i; in parallel any one suffices, A = 1 − Π(1 − A_i); "
     "k of n identical parts, A = Σ C(n,j) a^j (1−a)^(n−j) for j ≥ k. Downtime = (1 − A) × period; "
     "n nines = 1 − 10^(−n).",
     DrawAvailabilityLab},
    {"storage", "Storage", "Object-storage tiers and lifecycle cost by month; DFS raw storage and NameNode memory",
     "Each month's writes age together: lifecycle rules move them to cheaper tiers (standard $0.023, infrequent "
     "$0.0125, archive $0.002 per GB-month) that cost more to read and charge transitions and minimum durations. "
     "A DFS stores data × replication; its NameNode holds ~150 B per file and per block in memory.",
     DrawStorageLab},
    {"cost", "Cost", "The loaded design's monthly bill per component, with price sliders",
     "Compute = replicas × (vCPUs × $/vCPU-h + GB × $/GB-h) × hours; storage by tier; requests per million; "
     "egress per GB (a CDN's hits at its own price). Prices are illustrative list-price-like figures (2026); "
     "move them or set the blueprint's `prices`.",
     DrawCostLab},
    {"network", "Network path", "One request's time to first byte: DNS, TCP, TLS, HTTP version, gateway, server, transfer",
     "A request pays round trips before its first byte: TCP's handshake (1), TLS 1.2 (2 more) or 1.3 (1), HTTP/3's QUIC "
     "(1 for both), then 1 for the request itself; slow start adds rounds for big responses. The RTT comes from the "
     "distance: light in fibre 200 000 km/s over ~1.3× the great circle.",
     DrawNetworkLab},
    {"realtime", "Real-time fan-out", "Polling, long polling, SSE and WebSocket delivering the same updates",
     "N subscribers receive every update (N·u deliveries/s whatever the transport). Short polling pays N/T requests "
     "with full HTTP headers and T/2 of delay; long polling a request per update; SSE and WebSocket hold one "
     "connection per client and add a few bytes per message.",
     DrawRealtimeLab},
    {"serialization", "Serialization", "JSON vs Protobuf vs Avro vs MessagePack: bytes, encode/decode time, cores",
     "JSON repeats every field name and spells numbers in text; MessagePack keeps the names in binary; Protobuf "
     "replaces names with 1-byte tags and integers with varints; Avro sends no names or tags (the schema travels "
     "separately). Cost = ns per field + ns per byte.",
     DrawSerializationLab},
    {"concurrency", "Concurrency", "Thread per request vs thread pool vs event loop; the Universal Scalability Law fit",
     "A request holds a thread for CPU + blocking time, so a rate λ needs λ × t threads (Little's law); a pool of T "
     "threads carries at most T ÷ t per second, the cores at most cores ÷ CPU time. Right: X(N) = λN ÷ (1 + α(N−1) + "
     "βN(N−1)) fitted to noisy measurements; throughput peaks at N* = √((1 − α) ÷ β).",
     DrawConcurrencyLab},
    {"dbopt", "DB optimisation", "Indexes, normalisation, connection pools, N+1, materialized views, batching, pagination",
     "Each technique as a cost: pages read with and without an index (log_B N vs N ÷ rows per page), connections "
     "busy = RPS × query time (Little), N+1 round trips vs a batch, OFFSET reading k × page rows vs keyset reading "
     "one page. The chart: OFFSET vs keyset time by page number.",
     DrawDbOptLab},
    {"slo", "SLO & error budget", "Error budget burned by errors and an incident; burn-rate alerts; fan-out percentiles",
     "An SLO of 99.9% over 30 days allows 43.2 bad minutes: the error budget. Burn rate = error rate ÷ (1 − SLO); "
     "at 1 the budget lasts exactly the window. Waiting for k parallel calls makes the p99 the backend's quantile at "
     "0.99^(1/k).",
     DrawSloLab},
};

const LabInfo* FindLab(std::string_view name) {
  for (const LabInfo& l : kLabs) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

double Round(double v) { return std::isfinite(v) ? std::round(v * 1000.0) / 1000.0 : 0.0; }

std::string Ms(double ms) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f ms", ms);
  return buf;
}

/// How long the open lab's last update took in this page (wall time of the core calls; drawing
/// excluded), for the panel's title.
std::string TimingText(const PlaygroundState& s) {
  const LabsState& l = s.labs;
  auto jobs = [](const LabProgress& p) { return p.Pending() ? std::string("computing…") : "last update " + Ms(p.compute_ms); };
  if (s.active_lab == "cache") {
    if (l.cache.points.Pending() || l.cache.curves_progress.Pending()) return "computing…";
    return "figures at C " + Ms(l.cache.points.compute_ms) + ", curves " + Ms(l.cache.curves_progress.compute_ms) +
           " (longest frame " + Ms(std::max(l.cache.points.max_slice_ms, l.cache.curves_progress.max_slice_ms)) + ")";
  }
  if (s.active_lab == "shard") return jobs(l.shard.progress);
  if (s.active_lab == "queue") return "last update " + Ms(l.queue.compute_ms);
  if (s.active_lab == "replication") return "last update " + Ms(l.replication.compute_ms);
  if (s.active_lab == "balance") return jobs(l.balance.progress);
  if (s.active_lab == "security") return "last update " + Ms(l.security.compute_ms);
  if (s.active_lab == "availability") return "last update " + Ms(l.availability.compute_ms);
  return "";
}

}  // namespace

std::vector<std::string_view> LabNames() {
  std::vector<std::string_view> out;
  for (const LabInfo& l : kLabs) out.push_back(l.name);
  return out;
}

void StartLabJobs(LabProgress& p, std::size_t count, double begin_ms) {
  p.next = 0;
  p.count = count;
  p.running_ms = begin_ms;
  p.running_max_ms = begin_ms;
  if (count == 0) {
    p.compute_ms = begin_ms;
    p.max_slice_ms = begin_ms;
    ++p.updates;
  }
}

// [SECTION] Shared widgets ----------------------------------------------------------------------------

namespace lab {

void Teach(const char* text) {
  if (ImGui::IsItemHovered()) Tooltip(text);
}

void Tooltip(const char* text) {
  ImGui::BeginTooltip();
  ImGui::PushTextWrapPos(ImGui::GetFontSize() * 34.0f);
  ImGui::TextUnformatted(text);
  ImGui::PopTextWrapPos();
  ImGui::EndTooltip();
}

void Explain(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kColorDim);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

bool BeginInputs(const char* id, int pairs) {
  if (!ImGui::BeginTable(id, pairs * 2, ImGuiTableFlags_SizingStretchProp)) return false;
  for (int i = 0; i < pairs; ++i) {
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn(nullptr, ImGuiTableColumnFlags_WidthStretch, 1.0f);  // equal sliders, whatever they hold
  }
  return true;
}

void EndInputs() { ImGui::EndTable(); }

namespace {
void Label(const char* label, const char* help) {
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  Teach(help);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
}
}  // namespace

bool SliderDouble(PlaygroundState& s, const char* label, const char* id, double* v, double lo, double hi,
                  const char* format, const char* help, bool logarithmic) {
  Label(label, help);
  ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
  if (logarithmic) flags |= ImGuiSliderFlags_Logarithmic;
  const bool changed = ImGui::SliderScalar((std::string("##") + id).c_str(), ImGuiDataType_Double, v, &lo, &hi, format, flags);
  RecordItem(s, id);
  Teach(help);
  return changed;
}

bool SliderInt(PlaygroundState& s, const char* label, const char* id, int* v, int lo, int hi, const char* help,
               bool logarithmic) {
  Label(label, help);
  ImGuiSliderFlags flags = ImGuiSliderFlags_AlwaysClamp;
  if (logarithmic) flags |= ImGuiSliderFlags_Logarithmic;
  const bool changed = ImGui::SliderInt((std::string("##") + id).c_str(), v, lo, hi, "%d", flags);
  RecordItem(s, id);
  Teach(help);
  return changed;
}

bool ChoiceRow(PlaygroundState& s, const char* label, const char* id, std::string* value, const std::string_view* names,
               const std::string_view* labels, int count, const char* help) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(label);
  Teach(help);
  bool changed = false;
  for (int i = 0; i < count; ++i) {
    const std::string name(names[i]);
    const std::string text = std::string(labels[i]) + "##" + id + name;
    const float w = ImGui::CalcTextSize(std::string(labels[i]).c_str()).x + ImGui::GetFrameHeight() +
                    ImGui::GetStyle().ItemInnerSpacing.x;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    if (ImGui::RadioButton(text.c_str(), *value == name) && *value != name) {
      *value = name;
      changed = true;
    }
    RecordItem(s, std::string(id) + ":" + name);
  }
  return changed;
}

}  // namespace lab

// [SECTION] Menu and panel ------------------------------------------------------------------------------

void DrawLabsMenu(PlaygroundState& s) {
  const bool open = ImGui::BeginMenu("Labs");
  RecordItem(s, "menu:labs");
  if (!open) return;
  for (const LabInfo& l : kLabs) {
    if (ImGui::MenuItem(l.title, nullptr, s.active_lab == l.name)) s.active_lab = std::string(l.name);
    RecordItem(s, "lab_menu:" + std::string(l.name));
    lab::Teach(l.summary);
  }
  ImGui::Separator();
  if (ImGui::MenuItem("Estimator", nullptr, s.active_lab.empty())) s.active_lab.clear();
  RecordItem(s, "lab_menu:estimator");
  lab::Teach("Back to the back-of-envelope estimator");
  ImGui::EndMenu();
}

void DrawLabPanel(PlaygroundState& s, float x, float y, float w, float h) {
  const LabInfo* info = FindLab(s.active_lab);
  if (info == nullptr) {
    s.active_lab.clear();
    return;
  }
  ImGui::SetNextWindowPos(ImVec2(x, y), ImGuiCond_Always);
  ImGui::SetNextWindowSize(ImVec2(w, h), ImGuiCond_Always);
  constexpr ImGuiWindowFlags kFlags = ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse |
                                      ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBringToFrontOnFocus;
  const std::string title = std::string(info->title) + " lab  ·  " + TimingText(s) + "###lab_panel";
  if (ImGui::Begin(title.c_str(), nullptr, kFlags)) {
    // "Estimator" in the top-right corner closes the lab; the lab draws below from the same line.
    const ImVec2 start = ImGui::GetCursorPos();
    const char* kBack = "Close";
    const float bw = ImGui::CalcTextSize(kBack).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SetCursorPosX(ImGui::GetWindowContentRegionMax().x - bw);
    if (ImGui::SmallButton(kBack)) s.active_lab.clear();
    RecordItem(s, "lab_close");
    lab::Teach("Close the lab and go back to the estimator (also in the Labs menu).");
    ImGui::SetCursorPos(start);
    ImGui::PushTextWrapPos(ImGui::GetWindowContentRegionMax().x - bw - 12.0f);
    lab::Explain(info->explanation);
    ImGui::PopTextWrapPos();
    info->draw(s);
  }
  ImGui::End();
}

// [SECTION] JSON ------------------------------------------------------------------------------------------

nlohmann::json LabsToJson(const PlaygroundState& s) {
  const LabsState& l = s.labs;
  nlohmann::json j;
  j["active_lab"] = s.active_lab;

  {  // cache
    const CacheLab& c = l.cache;
    nlohmann::json at = nlohmann::json::object();
    for (const cache::SimulationResult& r : c.at_capacity) at[r.policy] = r.hit_ratio;
    auto point = [](const std::optional<cache::AnalyticPoint>& p) -> nlohmann::json {
      if (!p) return nullptr;
      return {{"hit_ratio", p->hit_ratio}, {"characteristic_time", p->characteristic_time}, {"holds_all", p->holds_all},
              {"formula", p->formula}};
    };
    j["cache"] = {{"inputs",
                   {{"policy", c.policy}, {"capacity", c.capacity}, {"alpha", c.alpha}, {"objects", c.objects},
                    {"requests", c.requests}, {"warmup", c.requests / 10}, {"seed", c.seed}}},
                  {"pending", c.points.Pending() || c.curves_progress.Pending()},
                  {"error", c.error},
                  {"skipped", c.skipped},
                  {"updates", c.points.updates},
                  {"points_ms", Round(c.points.compute_ms)},
                  {"curves_ms", Round(c.curves_progress.compute_ms)},
                  {"max_slice_ms", Round(std::max(c.points.max_slice_ms, c.curves_progress.max_slice_ms))},
                  {"sizes", c.sizes},
                  {"hit_ratio_at_capacity", std::move(at)},
                  {"che", point(c.che)},
                  {"fifo_approx", point(c.fifo_approx)},
                  {"top_c", point(c.top_c)},
                  {"curves", cache::CurvesToJson(c.curves)},
                  {"analytic_curves", cache::CurvesToJson(c.analytic)}};
    nlohmann::json server = nlohmann::json::array();
    for (const cache::RateComparison& r : c.server)
      server.push_back({{"rate", r.rate}, {"textbook_hit_ratio", r.textbook_hit_ratio},
                        {"server_hit_ratio", r.server_hit_ratio}, {"turnover_s", r.turnover_s}});
    j["cache"]["server_view"] = c.server_view;
    j["cache"]["rate"] = c.rate;
    j["cache"]["server"] = std::move(server);
    j["cache"]["server_error"] = c.server_error;
  }
  {  // shard
    const ShardLab& sh = l.shard;
    j["shard"] = {{"inputs", {{"scheme", sh.scheme}, {"nodes", sh.nodes}, {"vnodes", sh.vnodes}, {"keys", sh.keys},
                              {"change", sh.change}}},
                  {"error", sh.error},
                  {"pending", sh.progress.Pending()},
                  {"updates", sh.progress.updates},
                  {"compute_ms", Round(sh.progress.compute_ms)},
                  {"max_slice_ms", Round(sh.progress.max_slice_ms)},
                  {"analysis", sh.analysis ? shard::ShardAnalysisToJson(*sh.analysis) : nlohmann::json(nullptr)}};
    j["shard"]["moved_by_scheme"] = sh.moved_by_scheme;
    if (sh.ring) j["shard"]["ring_arc_shares"] = sh.ring->points_after.empty() ? sh.ring->arc_shares : sh.ring->arc_shares_after;
  }
  {  // queue
    const QueueLab& q = l.queue;
    j["queue"] = {{"inputs",
                   {{"arrival_rate", q.arrival_rate}, {"service_rate", q.service_rate}, {"servers", q.servers},
                    {"burst_multiplier", q.burst_multiplier}, {"on_s", q.on_s}, {"off_s", q.off_s},
                    {"duration_s", q.duration_s}, {"delivery", q.delivery}, {"failure_probability", q.failure_probability},
                    {"crash_rate_per_s", q.crash_rate_per_s}, {"seed", q.seed}}},
                  {"error", q.error},
                  {"updates", q.updates},
                  {"compute_ms", Round(q.compute_ms)},
                  {"metrics", q.metrics ? queue::ToJson(*q.metrics) : nlohmann::json(nullptr)},
                  {"curve", queue::ToJson(q.curve)},
                  {"broker", q.broker ? queue::ToJson(*q.broker) : nlohmann::json(nullptr)}};
  }
  {  // replication
    const ReplicationLab& r = l.replication;
    j["replication"] = {{"inputs",
                         {{"n", r.n}, {"r", r.r}, {"w", r.w}, {"profile", r.profile},
                          {"node_availability", r.node_availability}, {"trials", r.trials}, {"seed", r.seed},
                          {"sync", r.sync}, {"mean_lag_s", r.mean_lag_s}, {"write_rate", r.write_rate},
                          {"followers", r.followers}}},
                        {"error", r.error},
                        {"updates", r.updates},
                        {"compute_ms", Round(r.compute_ms)},
                        {"quorum", r.quorum ? replication::ToJson(*r.quorum) : nlohmann::json(nullptr)},
                        {"pbs", r.pbs ? replication::ToJson(*r.pbs) : nlohmann::json(nullptr)},
                        {"failover", r.failover ? replication::ToJson(*r.failover) : nlohmann::json(nullptr)}};
  }
  {  // balance
    const BalanceLab& b = l.balance;
    j["balance"] = {{"inputs",
                     {{"backends", b.backends}, {"utilization", b.utilization}, {"service_rate", b.service_rate},
                      {"arrival_rate", b.utilization * b.backends * b.service_rate}, {"slow_factor", b.slow_factor},
                      {"requests", b.requests}, {"seed", b.seed}}},
                    {"error", b.error},
                    {"pending", b.progress.Pending()},
                    {"updates", b.progress.updates},
                    {"compute_ms", Round(b.progress.compute_ms)},
                    {"max_slice_ms", Round(b.progress.max_slice_ms)},
                    {"strategies", b.results.empty() ? nlohmann::json(nullptr) : balance::ToJson(b.results)}};
  }
  j["security"] = SecurityLabJson(l.security);
  j["availability"] = AvailabilityLabJson(l.availability);
  j["storage"] = StorageLabJson(l.storage);
  j["cost"] = CostLabJson(l.cost);
  j["network"] = NetworkLabJson(l.network);
  j["concurrency"] = ConcurrencyLabJson(l.concurrency);
  j["dbopt"] = DbOptLabJson(l.dbopt);
  j["slo"] = SloLabJson(l.slo);
  j["realtime"] = RealtimeLabJson(l.realtime);
  j["serialization"] = SerializationLabJson(l.serialization);
  return j;
}

}  // namespace sdlab::web
