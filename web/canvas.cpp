// web/canvas.cpp — the design canvas, its inspector and the undo history. See canvas.h.
#include "canvas.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cfloat>
#include <cstdlib>
#include <exception>
#include <functional>
#include <set>
#include <string_view>
#include <utility>

#include <imgui.h>
#include <imgui_stdlib.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "sdlab/blueprint.h"
#include "sdlab/score.h"
#include "sdlab/units.h"

namespace sdlab::web {
namespace {

using ojson = nlohmann::ordered_json;

constexpr float kBoxW = 164.0f;  // canvas units
constexpr float kBoxH = 74.0f;
constexpr float kGrid = 20.0f;
constexpr float kColumnStep = 220.0f;
constexpr float kRowStep = 110.0f;
constexpr float kZonePad = 16.0f;
constexpr float kZoneLabel = 20.0f;
constexpr float kPortRadius = 6.0f;  // screen pixels
constexpr std::size_t kHistoryLimit = 200;
constexpr double kTypingMergeS = 1.0;

// [SECTION] Colours (dark and light theme) -----------------------------------------------------------

bool Light() {
  // The light theme's window background is bright: decide from the style, so nothing else is passed around.
  const ImVec4 bg = ImGui::GetStyle().Colors[ImGuiCol_WindowBg];
  return bg.x + bg.y + bg.z > 1.5f;
}
ImU32 Col(ImVec4 dark, ImVec4 light) { return ImGui::ColorConvertFloat4ToU32(Light() ? light : dark); }
ImU32 ColBackground() { return Col({0.07f, 0.08f, 0.10f, 1}, {0.97f, 0.97f, 0.98f, 1}); }
ImU32 ColGrid() { return Col({1, 1, 1, 0.05f}, {0, 0, 0, 0.07f}); }
ImU32 ColBox() { return Col({0.15f, 0.17f, 0.21f, 1}, {1, 1, 1, 1}); }
ImU32 ColText() { return Col({0.92f, 0.93f, 0.95f, 1}, {0.10f, 0.11f, 0.13f, 1}); }
ImU32 ColDim() { return Col({0.62f, 0.64f, 0.70f, 1}, {0.38f, 0.40f, 0.45f, 1}); }
ImU32 ColSelect() { return Col({0.40f, 0.70f, 1.00f, 1}, {0.10f, 0.40f, 0.85f, 1}); }
ImU32 ColLink() { return Col({0.70f, 0.73f, 0.80f, 1}, {0.35f, 0.38f, 0.45f, 1}); }
ImVec4 HealthColor(int level) {  // 0 ok, 1 warn, 2 bad, -1 unknown
  const bool light = Light();
  switch (level) {
    case 0: return light ? ImVec4(0.10f, 0.55f, 0.20f, 1) : ImVec4(0.45f, 0.85f, 0.50f, 1);
    case 1: return light ? ImVec4(0.75f, 0.50f, 0.00f, 1) : ImVec4(0.95f, 0.78f, 0.35f, 1);
    case 2: return light ? ImVec4(0.80f, 0.15f, 0.12f, 1) : ImVec4(1.00f, 0.45f, 0.42f, 1);
    default: return light ? ImVec4(0.45f, 0.47f, 0.52f, 1) : ImVec4(0.55f, 0.57f, 0.62f, 1);
  }
}
ImU32 ZoneColor(std::string_view kind, float alpha) {
  ImVec4 c{0.5f, 0.5f, 0.6f, alpha};
  if (kind == "public") c = {0.85f, 0.45f, 0.40f, alpha};
  if (kind == "dmz") c = {0.90f, 0.70f, 0.30f, alpha};
  if (kind == "private") c = {0.35f, 0.60f, 0.95f, alpha};
  if (kind == "data") c = {0.45f, 0.80f, 0.55f, alpha};
  return ImGui::ColorConvertFloat4ToU32(c);
}

// [SECTION] Component kinds: the palette --------------------------------------------------------------

struct KindInfo {
  ComponentKind kind;
  const char* label;
  const char* teach;
  const char* defaults;  ///< JSON object of the fields a new component of this kind starts with
};

constexpr KindInfo kKinds[] = {
    {ComponentKind::Client, "client", "Users or devices sending requests: where flows start. Outside the design, never fails in the models.", R"({})"},
    {ComponentKind::Dns, "dns", "Resolves names to addresses; answers are cached for their TTL. A tiny, very available dependency (0.99999 per node).", R"({"ttl": "5m"})"},
    {ComponentKind::Cdn, "cdn", "Edge caches near users: the hit ratio of cacheable reads never reaches the origin, cutting its load and the latency.", R"({"hit_ratio": "80%", "capacity": "100K/s"})"},
    {ComponentKind::LoadBalancer, "load balancer", "Spreads requests over replicas (L4: connections, L7: requests). Health checks take dead replicas out of rotation.", R"({"replicas": 2, "capacity": "50K/s", "health_checks": true})"},
    {ComponentKind::ApiGateway, "api gateway", "One front door for the APIs: authentication, rate limiting, routing and request shaping.", R"({"replicas": 2, "capacity": "10K/s", "latency": "2ms"})"},
    {ComponentKind::Service, "service", "Stateless application servers: scale out by replicas; plan peak ÷ (capacity per replica × target utilisation) of them.", R"({"replicas": 2, "capacity": "1K/s", "latency": "10ms"})"},
    {ComponentKind::Cache, "cache", "In-memory key-value store (Redis, Memcached): the hit ratio of reads never reaches the database. Evicts by LRU, LFU, TTL...", R"({"replicas": 2, "capacity": "100K/s", "latency": "1ms", "memory": "16GB", "hit_ratio": "80%"})"},
    {ComponentKind::Database, "database", "The system of record (SQL or NoSQL). Replicate it for availability and reads, shard it for writes and size. One replica is a single point of failure.", R"({"capacity": "2K/s", "latency": "5ms"})"},
    {ComponentKind::Queue, "queue", "Decouples producers from consumers and absorbs bursts; delivery at-most, at-least or exactly once.", R"({"capacity": "20K/s"})"},
    {ComponentKind::Stream, "stream", "An append-only partitioned log (Kafka): consumers replay at their own pace; order holds per partition.", R"({"capacity": "50K/s", "partitions": 8})"},
    {ComponentKind::ObjectStorage, "object storage", "Blobs by key (S3): cheap and durable; tiers standard, infrequent, archive.", R"({"capacity": "5K/s", "latency": "20ms"})"},
    {ComponentKind::Dfs, "dfs", "A distributed file system (HDFS): big files in replicated blocks, for batch jobs.", R"({"capacity": "1K/s", "latency": "10ms"})"},
    {ComponentKind::Search, "search", "An inverted index (Elasticsearch): full-text and faceted queries, fed from the database.", R"({"capacity": "2K/s", "latency": "10ms"})"},
    {ComponentKind::BatchProcessor, "batch processor", "Periodic jobs over large data sets (MapReduce, Spark): throughput over latency.", R"({"replicas": 2, "capacity": "1K/s", "latency": "50ms"})"},
    {ComponentKind::StreamProcessor, "stream processor", "Continuous computation on events (Flink): windows and aggregates at low latency.", R"({"replicas": 2, "capacity": "1K/s", "latency": "10ms"})"},
};

const KindInfo* FindKind(std::string_view name) {
  for (const KindInfo& k : kKinds)
    if (ComponentKindName(k.kind) == name) return &k;
  return nullptr;
}

// [SECTION] The document: parse, serialise, edit ----------------------------------------------------

/// The comment lines before the document's '{' (kept across canvas edits), "" if none.
std::string LeadingComments(const std::string& text) {
  std::size_t i = 0;
  std::size_t keep = 0;
  while (i < text.size()) {
    if (text[i] == ' ' || text[i] == '\t' || text[i] == '\r' || text[i] == '\n') {
      ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      i = text.find('\n', i);
      if (i == std::string::npos) return "";
      keep = ++i;
    } else if (text.compare(i, 2, "/*") == 0) {
      i = text.find("*/", i + 2);
      if (i == std::string::npos) return "";
      i += 2;
      keep = i;
    } else {
      break;
    }
  }
  std::string out = text.substr(0, keep);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r' || out.back() == ' ')) out.pop_back();
  return out.empty() ? out : out + "\n";
}

std::optional<ojson> ParseDocument(const std::string& text, std::string* error = nullptr) {
  ojson doc = ojson::parse(text, nullptr, false, true);
  if (doc.is_discarded() || !doc.is_object()) {
    if (error) *error = "the text is not a JSON object (fix it in the editor to edit on the canvas)";
    return std::nullopt;
  }
  return doc;
}

std::string Compact(const ojson& v) {
  if (v.is_object()) {
    if (v.empty()) return "{}";
    std::string out = "{ ";
    bool first = true;
    for (auto it = v.begin(); it != v.end(); ++it) {
      if (!first) out += ", ";
      first = false;
      out += ojson(it.key()).dump() + ": " + Compact(it.value());
    }
    return out + " }";
  }
  if (v.is_array()) {
    if (v.empty()) return "[]";
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i) out += (i ? ", " : "") + Compact(v[i]);
    return out + "]";
  }
  return v.dump(-1, ' ', false, ojson::error_handler_t::replace);
}

/// The house style of the scenarios: the top level and its objects one key per line, arrays of
/// objects one element per line, everything deeper on one line.
std::string Serialize(const ojson& doc, const std::string& header) {
  std::string out = header + "{\n";
  std::size_t n = 0;
  for (auto it = doc.begin(); it != doc.end(); ++it, ++n) {
    const ojson& v = it.value();
    out += "  " + ojson(it.key()).dump() + ": ";
    if (v.is_object() && !v.empty()) {
      out += "{\n";
      std::size_t m = 0;
      for (auto jt = v.begin(); jt != v.end(); ++jt, ++m)
        out += "    " + ojson(jt.key()).dump() + ": " + Compact(jt.value()) + (m + 1 < v.size() ? ",\n" : "\n");
      out += "  }";
    } else if (v.is_array() && !v.empty() && v[0].is_object()) {
      out += "[\n";
      for (std::size_t i = 0; i < v.size(); ++i) out += "    " + Compact(v[i]) + (i + 1 < v.size() ? ",\n" : "\n");
      out += "  ]";
    } else {
      out += Compact(v);
    }
    out += n + 1 < doc.size() ? ",\n" : "\n";
  }
  return out + "}\n";
}

/// A fresh design for a canvas edit on a blank editor.
ojson NewDocument() {
  return ojson::parse(R"({"name": "my-design",
    "description": "Drawn on the playground's canvas.",
    "requirements": {"dau": "1M", "reads_per_user": "20/day", "writes_per_user": "2/day", "object_size": "1KB",
                     "peak_factor": 3},
    "components": []})");
}

/// The document without any "ui" member of its components (what the models see).
ojson WithoutLayout(ojson doc) {
  if (doc.contains("components") && doc["components"].is_array())
    for (ojson& c : doc["components"])
      if (c.is_object()) c.erase("ui");
  return doc;
}

ojson* FindComponentJson(ojson& doc, std::string_view id, std::size_t* index = nullptr) {
  if (!doc.contains("components") || !doc["components"].is_array()) return nullptr;
  ojson& a = doc["components"];
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i].is_object() && a[i].contains("id") && a[i]["id"].is_string() && a[i]["id"].get<std::string>() == id) {
      if (index) *index = i;
      return &a[i];
    }
  }
  return nullptr;
}

std::string StringOf(const ojson& o, const char* key) {
  if (!o.is_object() || !o.contains(key)) return "";
  const ojson& v = o[key];
  return v.is_string() ? v.get<std::string>() : std::string();
}

float Snap(float v, bool snap) { return snap ? std::round(v / kGrid) * kGrid : std::round(v); }

void SetPosition(ojson& comp, CanvasPoint p) {
  ojson ui = ojson::object();
  ui["x"] = static_cast<double>(p.x);
  ui["y"] = static_cast<double>(p.y);
  comp["ui"] = ui;
}

/// Applies `edit` to the current text's document (a new one when the text is blank) and writes the
/// result back. False, with CanvasState::message saying why, when the text is not a JSON object.
bool EditDocument(PlaygroundState& s, const std::function<void(ojson&)>& edit) {
  std::string error;
  std::optional<ojson> doc;
  const bool blank = std::all_of(s.blueprint_text.begin(), s.blueprint_text.end(),
                                 [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; });
  doc = blank ? std::optional<ojson>(NewDocument()) : ParseDocument(s.blueprint_text, &error);
  if (!doc) {
    s.canvas.message = error;
    return false;
  }
  // nlohmann::json reports misuse by exceptions: an edit that trips one changes nothing.
  try {
    edit(*doc);
    ApplyCanvasText(s, Serialize(*doc, LeadingComments(s.blueprint_text)));
  } catch (const std::exception& e) {
    s.canvas.message = std::string("the edit failed: ") + e.what();
    return false;
  }
  return true;
}

std::string NewComponentId(const CanvasState& c, std::string_view kind) {
  std::string base(kind);
  if (base == "load_balancer") base = "lb";
  if (base == "api_gateway") base = "gateway";
  if (base == "object_storage") base = "objects";
  auto used = [&](const std::string& id) {
    return std::any_of(c.nodes.begin(), c.nodes.end(), [&](const CanvasNode& n) { return n.id == id; });
  };
  if (!used(base)) return base;
  for (int i = 2;; ++i) {
    const std::string id = base + std::to_string(i);
    if (!used(id)) return id;
  }
}

// [SECTION] The model the canvas draws ------------------------------------------------------------------

void AutoLayout(CanvasState& c, const ojson& doc) {
  const std::size_t n = c.nodes.size();
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < n; ++i) index.emplace(c.nodes[i].id, i);
  std::vector<std::pair<std::size_t, std::size_t>> edges;
  auto edge = [&](const std::string& a, const std::string& b) {
    auto ia = index.find(a), ib = index.find(b);
    if (ia != index.end() && ib != index.end() && ia->second != ib->second) edges.emplace_back(ia->second, ib->second);
  };
  for (const CanvasLink& l : c.links) edge(l.from, l.to);
  if (doc.contains("flows") && doc["flows"].is_array())
    for (const ojson& f : doc["flows"])
      if (f.is_object() && f.contains("path") && f["path"].is_array())
        for (std::size_t i = 1; i < f["path"].size(); ++i)
          if (f["path"][i - 1].is_string() && f["path"][i].is_string())
            edge(f["path"][i - 1].get<std::string>(), f["path"][i].get<std::string>());
  // Longest path from the entry points, relaxed at most n times (a cycle stops growing there).
  std::vector<int> depth(n, 0);
  for (std::size_t round = 0; round < n; ++round) {
    bool changed = false;
    for (const auto& [a, b] : edges) {
      if (depth[b] < depth[a] + 1 && depth[a] + 1 < static_cast<int>(n)) {
        depth[b] = depth[a] + 1;
        changed = true;
      }
    }
    if (!changed) break;
  }
  std::map<int, int> rows;
  for (std::size_t i = 0; i < n; ++i) {
    const int row = rows[depth[i]]++;
    if (c.nodes[i].placed) continue;
    c.nodes[i].pos = {static_cast<float>(depth[i]) * kColumnStep, static_cast<float>(row) * kRowStep};
  }
}

void ComputeZones(CanvasState& c, const ojson& doc) {
  c.zones.clear();
  if (!doc.contains("zones") || !doc["zones"].is_array()) return;
  float bottom = 0;
  for (const CanvasNode& node : c.nodes) bottom = std::max(bottom, node.pos.y + kBoxH);
  int empty = 0;
  for (const ojson& z : doc["zones"]) {
    CanvasZone zone;
    zone.id = StringOf(z, "id");
    zone.kind = StringOf(z, "kind");
    if (zone.kind.empty()) zone.kind = "private";
    bool any = false;
    for (const CanvasNode& node : c.nodes) {
      if (node.zone != zone.id) continue;
      if (!any) {
        zone.x0 = node.pos.x, zone.y0 = node.pos.y, zone.x1 = node.pos.x + kBoxW, zone.y1 = node.pos.y + kBoxH;
      } else {
        zone.x0 = std::min(zone.x0, node.pos.x), zone.y0 = std::min(zone.y0, node.pos.y);
        zone.x1 = std::max(zone.x1, node.pos.x + kBoxW), zone.y1 = std::max(zone.y1, node.pos.y + kBoxH);
      }
      any = true;
    }
    if (any) {
      zone.x0 -= kZonePad, zone.y0 -= kZonePad + kZoneLabel, zone.x1 += kZonePad, zone.y1 += kZonePad;
    } else {  // no members yet: a drop target below the design
      zone.x0 = static_cast<float>(empty++) * (kBoxW + 3 * kZonePad);
      zone.y0 = bottom + 3 * kZonePad;
      zone.x1 = zone.x0 + kBoxW + 2 * kZonePad;
      zone.y1 = zone.y0 + kBoxH + 2 * kZonePad + kZoneLabel;
    }
    c.zones.push_back(std::move(zone));
  }
}

// [SECTION] Screen geometry ----------------------------------------------------------------------------

ImVec2 ToScreen(const CanvasState& c, CanvasPoint p) {
  return {c.origin_x + c.pan_x + p.x * c.zoom, c.origin_y + c.pan_y + p.y * c.zoom};
}
CanvasPoint ToCanvas(const CanvasState& c, ImVec2 screen) {
  return {(screen.x - c.origin_x - c.pan_x) / c.zoom, (screen.y - c.origin_y - c.pan_y) / c.zoom};
}
bool IsSelected(const CanvasState& c, const std::string& id) {
  return std::find(c.selection.begin(), c.selection.end(), id) != c.selection.end();
}
/// Where a node is drawn this frame (its position plus the drag under way).
CanvasPoint DrawnPos(const CanvasState& c, const CanvasNode& n) {
  if (c.drag == CanvasDrag::Move && IsSelected(c, n.id)) return {n.pos.x + c.drag_dx, n.pos.y + c.drag_dy};
  return n.pos;
}
ImVec2 OutPort(const CanvasState& c, const CanvasNode& n) {
  const CanvasPoint p = DrawnPos(c, n);
  return ToScreen(c, {p.x + kBoxW, p.y + kBoxH / 2});
}
/// Where the line from box `a`'s centre to box `b`'s centre leaves `a` (screen pixels).
ImVec2 BoxEdge(const CanvasState& c, const CanvasNode& a, const CanvasNode& b) {
  const CanvasPoint pa = DrawnPos(c, a), pb = DrawnPos(c, b);
  const float ax = pa.x + kBoxW / 2, ay = pa.y + kBoxH / 2;
  const float dx = pb.x + kBoxW / 2 - ax, dy = pb.y + kBoxH / 2 - ay;
  if (dx == 0 && dy == 0) return ToScreen(c, {ax, ay});
  const float tx = dx != 0 ? (kBoxW / 2) / std::fabs(dx) : 1e9f;
  const float ty = dy != 0 ? (kBoxH / 2) / std::fabs(dy) : 1e9f;
  const float t = std::min({tx, ty, 1.0f});
  return ToScreen(c, {ax + dx * t, ay + dy * t});
}

const CanvasNode* NodeAt(const CanvasState& c, ImVec2 m) {
  for (auto it = c.nodes.rbegin(); it != c.nodes.rend(); ++it) {
    const ImVec2 a = ToScreen(c, DrawnPos(c, *it));
    if (m.x >= a.x && m.y >= a.y && m.x <= a.x + kBoxW * c.zoom && m.y <= a.y + kBoxH * c.zoom) return &*it;
  }
  return nullptr;
}
const CanvasNode* PortAt(const CanvasState& c, ImVec2 m) {
  const float r = std::max(kPortRadius * 1.6f, 9.0f);
  for (const CanvasNode& n : c.nodes) {
    const ImVec2 p = OutPort(c, n);
    if ((m.x - p.x) * (m.x - p.x) + (m.y - p.y) * (m.y - p.y) <= r * r) return &n;
  }
  return nullptr;
}
const CanvasNode* FindNode(const CanvasState& c, std::string_view id) {
  for (const CanvasNode& n : c.nodes)
    if (n.id == id) return &n;
  return nullptr;
}
float SegmentDistance(ImVec2 p, ImVec2 a, ImVec2 b) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len2 = dx * dx + dy * dy;
  float t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0f;
  t = std::clamp(t, 0.0f, 1.0f);
  const float x = a.x + t * dx - p.x, y = a.y + t * dy - p.y;
  return std::sqrt(x * x + y * y);
}
int LinkAt(const CanvasState& c, ImVec2 m) {
  for (std::size_t i = 0; i < c.links.size(); ++i) {
    const CanvasNode* a = FindNode(c, c.links[i].from);
    const CanvasNode* b = FindNode(c, c.links[i].to);
    if (a && b && SegmentDistance(m, BoxEdge(c, *a, *b), BoxEdge(c, *b, *a)) < 6.0f) return static_cast<int>(i);
  }
  return -1;
}
/// The zone whose region (without the nodes being moved) holds the point, "" if none.
std::string ZoneAt(const CanvasState& c, CanvasPoint p) {
  std::string found;
  float best_area = 0;
  for (const CanvasZone& z : c.zones) {
    float x0 = z.x0, y0 = z.y0, x1 = z.x1, y1 = z.y1;
    bool any = false, others = false;
    for (const CanvasNode& n : c.nodes) {
      if (n.zone != z.id) continue;
      any = true;
      if (IsSelected(c, n.id)) continue;
      if (!others) x0 = n.pos.x, y0 = n.pos.y, x1 = n.pos.x + kBoxW, y1 = n.pos.y + kBoxH;
      x0 = std::min(x0, n.pos.x), y0 = std::min(y0, n.pos.y);
      x1 = std::max(x1, n.pos.x + kBoxW), y1 = std::max(y1, n.pos.y + kBoxH);
      others = true;
    }
    if (any && !others) continue;  // only the moving nodes were in it: no region left
    if (others) x0 -= kZonePad, y0 -= kZonePad + kZoneLabel, x1 += kZonePad, y1 += kZonePad;
    if (p.x >= x0 && p.x <= x1 && p.y >= y0 && p.y <= y1) {
      const float area = (x1 - x0) * (y1 - y0);
      if (found.empty() || area < best_area) found = z.id, best_area = area;
    }
  }
  return found;
}

// [SECTION] Edits ----------------------------------------------------------------------------------------

void PlaceComponent(PlaygroundState& s, std::string_view kind, CanvasPoint at) {
  CanvasState& c = s.canvas;
  const KindInfo* info = FindKind(kind);
  if (info == nullptr) return;
  const std::string id = NewComponentId(c, kind);
  const CanvasPoint pos{Snap(at.x - kBoxW / 2, c.snap), Snap(at.y - kBoxH / 2, c.snap)};
  c.selection = {id};
  c.selected_link = -1;
  c.selected_zone.clear();
  const std::string zone = ZoneAt(c, {pos.x + kBoxW / 2, pos.y + kBoxH / 2});
  if (EditDocument(s, [&](ojson& doc) {
        ojson comp = ojson::object();
        comp["id"] = id;
        comp["kind"] = std::string(kind);
        if (!zone.empty()) comp["zone"] = zone;
        const ojson defaults = ojson::parse(info->defaults);
        for (auto it = defaults.begin(); it != defaults.end(); ++it) comp[it.key()] = it.value();
        SetPosition(comp, pos);
        if (!doc.contains("components") || !doc["components"].is_array()) doc["components"] = ojson::array();
        doc["components"].push_back(std::move(comp));
      }))
    c.message = "placed " + id + (zone.empty() ? "" : " in zone " + zone);
}

void AddLink(PlaygroundState& s, const std::string& from, const std::string& to) {
  CanvasState& c = s.canvas;
  if (from == to) return;
  for (const CanvasLink& l : c.links) {
    if (l.from == from && l.to == to) {
      c.message = "already linked: " + from + " → " + to;
      return;
    }
  }
  if (EditDocument(s, [&](ojson& doc) {
        if (!doc.contains("links") || !doc["links"].is_array()) doc["links"] = ojson::array();
        doc["links"].push_back(ojson{{"from", from}, {"to", to}});
      })) {
    c.message = "linked " + from + " → " + to;
    c.selection.clear();
    c.selected_link = static_cast<int>(c.links.size());  // the new link is the last one
  }
}

void MoveSelection(PlaygroundState& s, float dx, float dy, const std::string& zone) {
  CanvasState& c = s.canvas;
  std::map<std::string, CanvasPoint> to;
  for (const CanvasNode& n : c.nodes)
    if (IsSelected(c, n.id)) to[n.id] = {Snap(n.pos.x + dx, c.snap), Snap(n.pos.y + dy, c.snap)};
  if (EditDocument(s, [&](ojson& doc) {
        for (const auto& [id, p] : to) {
          if (ojson* comp = FindComponentJson(doc, id)) {
            SetPosition(*comp, p);
            if (!zone.empty()) (*comp)["zone"] = zone;
          }
        }
      }))
    c.message = "moved " + std::to_string(to.size()) + (to.size() == 1 ? " component" : " components") +
                (zone.empty() ? "" : " into zone " + zone);
}

void DeleteSelection(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  if (!c.selection.empty()) {
    const std::set<std::string> gone(c.selection.begin(), c.selection.end());
    EditDocument(s, [&](ojson& doc) {
      auto drop = [&](ojson& arr, auto&& pred) {
        if (!arr.is_array()) return;
        ojson kept = ojson::array();
        for (ojson& e : arr)
          if (!pred(e)) kept.push_back(std::move(e));
        arr = std::move(kept);
      };
      if (doc.contains("components"))
        drop(doc["components"], [&](const ojson& e) { return gone.count(StringOf(e, "id")) > 0; });
      if (doc.contains("links"))
        drop(doc["links"], [&](const ojson& e) { return gone.count(StringOf(e, "from")) || gone.count(StringOf(e, "to")); });
      if (doc.contains("flows") && doc["flows"].is_array()) {
        for (ojson& f : doc["flows"]) {
          if (!f.is_object() || !f.contains("path")) continue;
          drop(f["path"], [&](const ojson& e) { return e.is_string() && gone.count(e.get<std::string>()) > 0; });
        }
        drop(doc["flows"], [](const ojson& f) { return f.is_object() && f.contains("path") && f["path"].is_array() && f["path"].size() < 2; });
      }
      if (doc.contains("suppressions"))
        drop(doc["suppressions"], [&](const ojson& e) { return gone.count(StringOf(e, "component")) > 0; });
    });
    c.message = "deleted " + std::to_string(gone.size()) + (gone.size() == 1 ? " component" : " components");
    c.selection.clear();
  } else if (c.selected_link >= 0 && c.selected_link < static_cast<int>(c.links.size())) {
    const CanvasLink l = c.links[static_cast<std::size_t>(c.selected_link)];
    EditDocument(s, [&](ojson& doc) {
      if (!doc.contains("links") || !doc["links"].is_array()) return;
      ojson& a = doc["links"];
      for (std::size_t i = 0; i < a.size(); ++i) {
        if (StringOf(a[i], "from") == l.from && StringOf(a[i], "to") == l.to) {
          a.erase(i);
          break;
        }
      }
    });
    c.message = "deleted the link " + l.from + " → " + l.to;
    c.selected_link = -1;
  } else if (!c.selected_zone.empty()) {
    const std::string z = c.selected_zone;
    EditDocument(s, [&](ojson& doc) {
      if (doc.contains("zones") && doc["zones"].is_array()) {
        ojson kept = ojson::array();
        for (ojson& e : doc["zones"])
          if (StringOf(e, "id") != z) kept.push_back(std::move(e));
        doc["zones"] = std::move(kept);
      }
      if (doc.contains("components") && doc["components"].is_array())
        for (ojson& comp : doc["components"])
          if (StringOf(comp, "zone") == z) comp.erase("zone");
    });
    c.message = "deleted zone " + z + " (its components left it)";
    c.selected_zone.clear();
  }
}

void AddZone(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  std::string id = "zone";
  for (int i = 2; std::any_of(c.zones.begin(), c.zones.end(), [&](const CanvasZone& z) { return z.id == id; }); ++i)
    id = "zone" + std::to_string(i);
  if (EditDocument(s, [&](ojson& doc) {
        if (!doc.contains("zones") || !doc["zones"].is_array()) doc["zones"] = ojson::array();
        doc["zones"].push_back(ojson{{"id", id}, {"kind", "private"}});
      })) {
    c.message = "added zone " + id + ": drop components into it";
    c.selection.clear();
    c.selected_link = -1;
    c.selected_zone = id;
  }
}

void FitView(CanvasState& c) {
  if (c.nodes.empty() || c.width <= 0) {
    c.zoom = 1, c.pan_x = 24, c.pan_y = 24;
    return;
  }
  float x0 = 1e9f, y0 = 1e9f, x1 = -1e9f, y1 = -1e9f;
  for (const CanvasNode& n : c.nodes) {
    x0 = std::min(x0, n.pos.x), y0 = std::min(y0, n.pos.y);
    x1 = std::max(x1, n.pos.x + kBoxW), y1 = std::max(y1, n.pos.y + kBoxH);
  }
  for (const CanvasZone& z : c.zones) x0 = std::min(x0, z.x0), y0 = std::min(y0, z.y0), x1 = std::max(x1, z.x1), y1 = std::max(y1, z.y1);
  const float margin = 24;
  // Not below 0.6: smaller text is not worth reading (a wider design is panned instead).
  c.zoom = std::clamp(std::min((c.width - 2 * margin) / (x1 - x0), (c.height - 2 * margin) / (y1 - y0)), 0.6f, 1.25f);
  c.pan_x = margin - x0 * c.zoom;
  c.pan_y = margin - y0 * c.zoom;
}

// [SECTION] Badges -------------------------------------------------------------------------------------------

struct Badge {
  std::string text;
  int level = -1;
  std::string tip;
};

int UtilizationLevel(double u) { return u >= 1.0 ? 2 : u > 0.7 ? 1 : 0; }

// The utilisation of a queueing component over the simulation's last second, while a run of this
// design exists (running, paused or finished); nullopt otherwise.
std::optional<std::pair<double, double>> SimulatedUtilization(const PlaygroundState& s, const std::string& id) {
  const SimulateState& sim = s.simulate;
  if (!sim.run || sim.generation != s.blueprint_generation || !sim.snapshot) return std::nullopt;
  const sim::SimResult& r = *sim.snapshot;
  for (std::size_t i = 0; i < r.components.size() && i < r.timeline.components.size(); ++i) {
    if (r.components[i].id != id || !r.components[i].queueing) continue;
    const std::vector<double>& u = r.timeline.components[i].utilization;
    if (u.empty() || r.timeline.t_s.empty()) return std::nullopt;
    return std::pair{u.back(), r.timeline.t_s.back()};
  }
  return std::nullopt;
}

std::vector<Badge> BadgesFor(const PlaygroundState& s, const CanvasNode& n, int* worst) {
  std::vector<Badge> out;
  *worst = -1;
  const auto simulated = SimulatedUtilization(s, n.id);
  if (s.estimate) {
    for (const TierEstimate& t : s.estimate->tiers) {
      if (t.component != n.id) continue;
      if (simulated) {  // while a run exists the box shows what the simulation measures
        const auto [u, at] = *simulated;
        out.push_back({"sim " + units::FormatPercent(u, 2), UtilizationLevel(u),
                       "Utilisation in the simulation's second ending at " + units::FormatDuration(at, 3) +
                           " (busy servers ÷ servers); the estimate at peak: " + units::FormatPercent(t.peak_utilization, 2)});
        continue;
      }
      out.push_back({units::FormatPercent(t.peak_utilization, 2), UtilizationLevel(t.peak_utilization),
                     "Utilisation at peak (estimate): " + t.formula});
    }
  }
  const Component* comp = s.last_valid ? s.last_valid->FindComponent(n.id) : nullptr;
  if (comp && comp->hit_ratio)
    out.push_back({"hit " + units::FormatPercent(*comp->hit_ratio, 2), *comp->hit_ratio >= 0.8 ? 0 : 1,
                   "Declared hit ratio: this share of reads is served here and never reaches what is behind"});
  if (comp && comp->replication.lag_s)
    out.push_back({"lag " + units::FormatDuration(*comp->replication.lag_s, 2), *comp->replication.lag_s > 1 ? 1 : 0,
                   "Typical replication lag: a read from a follower may be this stale"});
  if (s.findings.report) {
    int count = 0, level = 0;
    for (const score::Finding& f : s.findings.report->findings) {
      if (f.suppressed || f.focus != n.id) continue;
      ++count;
      level = std::max(level, f.severity == score::Severity::Error ? 2 : f.severity == score::Severity::Warning ? 1 : 0);
    }
    if (count > 0)
      out.push_back({std::to_string(count) + (count == 1 ? " finding" : " findings"), level,
                     "Findings of the score about this component (Findings view for the details)"});
  }
  for (const Badge& b : out) *worst = std::max(*worst, b.level);
  return out;
}

// [SECTION] Inspector ------------------------------------------------------------------------------------------

enum class FieldType { Text, Integer, Number, Rate, Duration, Bytes, Fraction, Bool, Enum, List };

struct FieldSpec {
  const char* key;    ///< path in the element's object, '/' between levels
  const char* label;
  FieldType type;
  std::vector<ComponentKind> kinds;  ///< empty = every kind
  std::vector<std::string> options;  ///< enum values
  const char* help;
};

template <class E>
std::vector<std::string> EnumNames(E last, std::string_view (*name)(E)) {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(last); ++i) out.emplace_back(name(static_cast<E>(i)));
  return out;
}

const std::vector<FieldSpec>& ComponentFields() {
  using K = ComponentKind;
  static const std::vector<FieldSpec> fields = {
      {"name", "name", FieldType::Text, {}, {}, "Display name (default: the id)"},
      {"replicas", "replicas", FieldType::Integer, {}, {}, "Instances or nodes; redundant replicas raise availability"},
      {"capacity", "capacity", FieldType::Rate, {}, {}, "Requests/s one replica sustains, e.g. 500/s, 2K/s, 10M/day"},
      {"latency", "latency", FieldType::Duration, {}, {}, "Mean service time of one request at one replica, e.g. 10ms"},
      {"health_checks", "health checks", FieldType::Bool, {}, {}, "Load balancers stop routing to a dead replica"},
      {"engine", "engine", FieldType::Text, {}, {}, "redis, postgres, kafka, ... (free text)"},
      {"autoscale/min", "autoscale min", FieldType::Integer, {}, {}, "Fewest replicas the autoscaler keeps"},
      {"autoscale/max", "autoscale max", FieldType::Integer, {}, {}, "Most replicas the autoscaler adds"},
      {"layer", "layer", FieldType::Enum, {K::LoadBalancer}, {"L4", "L7"}, "L4 balances connections, L7 requests"},
      {"strategy", "strategy", FieldType::Enum, {K::LoadBalancer}, EnumNames(LbStrategy::Random, LbStrategyName), "How a backend is picked"},
      {"hit_ratio", "hit ratio", FieldType::Fraction, {K::Cdn, K::Dns, K::Cache}, {}, "Share of reads served here, e.g. 90%"},
      {"ttl", "ttl", FieldType::Duration, {K::Cdn, K::Dns, K::Cache}, {}, "How long an entry lives, e.g. 5m"},
      {"memory", "memory", FieldType::Bytes, {}, {}, "Memory per replica, e.g. 64GB (a cache's is its cache size; else the compute size the cost model prices)"},
      {"vcpus", "vCPUs", FieldType::Number, {}, {}, "vCPUs per replica, priced by the cost model, e.g. 2 or 0.5"},
      {"policy", "eviction", FieldType::Text, {K::Cache}, {}, "lru, lfu, fifo, ttl, ..."},
      {"strategy", "strategy", FieldType::Enum, {K::Cache}, EnumNames(CacheStrategy::WriteAround, CacheStrategyName), "How writes meet the cache"},
      {"model", "data model", FieldType::Enum, {K::Database, K::Search}, EnumNames(DataModel::TimeSeries, DataModelName), "Relational, document, key-value, ..."},
      {"storage", "storage", FieldType::Bytes, {K::Database, K::Search, K::ObjectStorage, K::Dfs}, {}, "Provisioned storage per replica, e.g. 2TB"},
      {"replication/mode", "replication", FieldType::Enum, {K::Database, K::Search}, {"none", "leader_follower", "multi_leader", "leaderless"}, "How copies are kept"},
      {"replication/sync", "sync", FieldType::Enum, {K::Database, K::Search}, {"sync", "semi_sync", "async"}, "Does a write wait for followers?"},
      {"replication/followers", "followers", FieldType::Integer, {K::Database, K::Search}, {}, "Followers per leader"},
      {"replication/lag", "lag", FieldType::Duration, {K::Database, K::Search}, {}, "Typical async lag, e.g. 100ms"},
      {"replication/read_from_replicas", "read replicas", FieldType::Bool, {K::Database, K::Search}, {}, "Reads may go to followers (stale reads possible)"},
      {"sharding/scheme", "sharding", FieldType::Enum, {K::Database, K::Search}, EnumNames(ShardScheme::Directory, ShardSchemeName), "How rows are spread over shards"},
      {"sharding/shards", "shards", FieldType::Integer, {K::Database, K::Search}, {}, "Number of shards"},
      {"sharding/key", "shard key", FieldType::Text, {K::Database, K::Search}, {}, "e.g. user_id"},
      {"encryption_at_rest", "encrypted at rest", FieldType::Bool, {K::Database, K::Search, K::Queue, K::Stream, K::ObjectStorage, K::Dfs}, {}, "Data on disk is encrypted"},
      {"connection_pooling", "connection pooling", FieldType::Bool, {K::Database, K::Search, K::Service, K::BatchProcessor, K::StreamProcessor}, {}, "Connections are reused, not opened per request"},
      {"partitions", "partitions", FieldType::Integer, {K::Queue, K::Stream}, {}, "Parallel consumers; order holds per partition"},
      {"delivery", "delivery", FieldType::Enum, {K::Queue, K::Stream}, EnumNames(Delivery::ExactlyOnce, DeliveryName), "At most, at least or exactly once"},
      {"dead_letter_queue", "dead-letter queue", FieldType::Bool, {K::Queue, K::Stream}, {}, "Poison messages go aside instead of blocking"},
      {"idempotent_consumer", "idempotent consumer", FieldType::Bool, {K::Queue, K::Stream}, {}, "Redelivered messages do no harm"},
      {"tier", "tier", FieldType::Enum, {K::ObjectStorage}, {"standard", "infrequent", "archive"}, "Storage class"},
      {"replication_factor", "replication factor", FieldType::Integer, {K::Dfs}, {}, "Copies of each block"},
      {"block_size", "block size", FieldType::Bytes, {K::Dfs}, {}, "e.g. 128MB"},
      {"access", "access", FieldType::Enum, {K::Database, K::Search, K::ObjectStorage, K::Dfs}, {"hot", "warm", "cold"}, "How often the data is read: archive tiers suit cold data only"},
      {"indexes", "indexes", FieldType::List, {K::Database, K::Search}, {}, "Indexed columns or fields, comma-separated, e.g. user_id, created_at"},
      {"access_patterns", "access patterns", FieldType::List, {K::Database}, {}, "Fields queried by, comma-separated; each should have an index"},
      {"max_connections", "max connections", FieldType::Integer, {K::Database}, {}, "The database's connection limit; the services' pools must fit under it"},
      {"query_patterns", "query patterns", FieldType::List, {K::Service, K::ApiGateway, K::BatchProcessor, K::StreamProcessor}, {}, "n_plus_one, unbounded_scan, batched, paginated (comma-separated)"},
      {"concurrency_model", "concurrency", FieldType::Enum, {K::Service, K::ApiGateway, K::BatchProcessor, K::StreamProcessor}, {"thread_per_request", "thread_pool", "event_loop"}, "How the server runs requests: a thread each, a fixed pool, or an event loop"},
      {"threads", "threads", FieldType::Integer, {K::Service, K::ApiGateway, K::BatchProcessor, K::StreamProcessor}, {}, "Pool size per replica; needed = requests/s × time each holds a thread (Little's law)"},
      {"cores", "cores", FieldType::Integer, {K::Service, K::ApiGateway, K::BatchProcessor, K::StreamProcessor}, {}, "CPU cores per replica (caps CPU-bound throughput)"},
      {"blocking_time", "blocking time", FieldType::Duration, {K::Service, K::ApiGateway, K::BatchProcessor, K::StreamProcessor}, {}, "I/O wait per request on top of its latency, e.g. 40ms"},
      {"db_pool_size", "db pool size", FieldType::Integer, {K::Service, K::BatchProcessor, K::StreamProcessor}, {}, "Database connections per replica; needed = queries/s × query time"},
      {"realtime/transport", "realtime", FieldType::Enum, {K::Service, K::ApiGateway}, {"polling", "long_polling", "sse", "websocket"}, "How updates reach subscribers"},
      {"realtime/subscribers", "subscribers", FieldType::Integer, {K::Service, K::ApiGateway}, {}, "Clients listening for updates"},
      {"realtime/updates_per_s", "updates", FieldType::Rate, {K::Service, K::ApiGateway}, {}, "Updates per subscriber, e.g. 1/min"},
      {"realtime/poll_interval", "poll interval", FieldType::Duration, {K::Service, K::ApiGateway}, {}, "Polling: time between polls, e.g. 5s"},
  };
  return fields;
}

const std::vector<FieldSpec>& LinkFields() {
  static const std::vector<FieldSpec> fields = {
      {"protocol", "protocol", FieldType::Enum, {}, EnumNames(Protocol::Sql, ProtocolName), "What the link speaks"},
      {"tls", "tls", FieldType::Enum, {}, EnumNames(TlsMode::Mtls, TlsModeName), "Encryption in transit (none = plaintext)"},
      {"auth", "auth", FieldType::Enum, {}, EnumNames(AuthMethod::Mtls, AuthMethodName), "How the caller authenticates"},
      {"latency", "latency", FieldType::Duration, {}, {}, "One-way network latency, e.g. 1ms"},
      {"timeout", "timeout", FieldType::Duration, {}, {}, "The caller's timeout, e.g. 500ms"},
      {"retries", "retries", FieldType::Integer, {}, {}, "Retries after a failure or timeout"},
      {"http_version", "http version", FieldType::Enum, {}, {"1.1", "2", "3"}, "HTTP/1.1 (one request per connection at a time), 2 (multiplexed), 3 (QUIC: no TCP head-of-line blocking)"},
      {"serialization", "serialization", FieldType::Enum, {}, {"json", "protobuf", "avro", "msgpack"}, "Wire format: binary formats are smaller and cheaper to parse"},
      {"connection_reuse", "connection reuse", FieldType::Bool, {}, {}, "Keep-alive: calls skip the TCP and TLS handshakes"},
  };
  return fields;
}

const std::vector<FieldSpec>& ZoneFields() {
  static const std::vector<FieldSpec> fields = {
      {"kind", "kind", FieldType::Enum, {}, EnumNames(ZoneKind::Data, ZoneKindName), "public, dmz, private or data"},
      {"region", "region", FieldType::Text, {}, {}, "e.g. eu-west-1; zones in different regions are far apart"},
  };
  return fields;
}

std::vector<std::string> SplitKey(std::string_view key) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= key.size(); ++i) {
    if (i == key.size() || key[i] == '/') {
      parts.emplace_back(key.substr(start, i - start));
      start = i + 1;
    }
  }
  return parts;
}

const ojson* GetPath(const ojson& o, std::string_view key) {
  const ojson* cur = &o;
  for (const std::string& part : SplitKey(key)) {
    if (!cur->is_object() || !cur->contains(part)) return nullptr;
    cur = &(*cur)[part];
  }
  return cur;
}

void SetPath(ojson& o, std::string_view key, const std::optional<ojson>& value) {
  const std::vector<std::string> parts = SplitKey(key);
  ojson* cur = &o;
  for (std::size_t i = 0; i + 1 < parts.size(); ++i) {
    if (!cur->contains(parts[i]) || !(*cur)[parts[i]].is_object()) {
      if (!value) return;
      (*cur)[parts[i]] = ojson::object();
    }
    cur = &(*cur)[parts[i]];
  }
  if (value) (*cur)[parts.back()] = *value;
  else cur->erase(parts.back());
  // An emptied nested object goes too.
  if (parts.size() > 1 && cur->empty()) o.erase(parts.front());
}

std::string ShownValue(const ojson* v) {
  if (v == nullptr || v->is_null()) return "";
  if (v->is_string()) return v->get<std::string>();
  if (v->is_array() && std::all_of(v->begin(), v->end(), [](const ojson& e) { return e.is_string(); })) {
    std::string out;  // a list of names, as typed: "a, b"
    for (const ojson& e : *v) out += (out.empty() ? "" : ", ") + e.get<std::string>();
    return out;
  }
  return v->dump();
}

std::string Trim(std::string_view t) {
  std::size_t a = 0, b = t.size();
  while (a < b && std::isspace(static_cast<unsigned char>(t[a]))) ++a;
  while (b > a && std::isspace(static_cast<unsigned char>(t[b - 1]))) --b;
  return std::string(t.substr(a, b - a));
}

/// The JSON value a typed text stands for, or the units parser's message.
Expected<std::optional<ojson>, std::string> ValueFromText(const FieldSpec& f, const std::string& raw) {
  const std::string text = Trim(raw);
  if (text.empty()) return std::optional<ojson>();  // back to the default
  auto number = [&]() -> std::optional<double> {
    char* end = nullptr;
    const double v = std::strtod(text.c_str(), &end);
    if (end != text.c_str() + text.size() || !std::isfinite(v)) return std::nullopt;
    return v;
  };
  auto quantity = [&](auto parsed) -> Expected<std::optional<ojson>, std::string> {
    if (!parsed) return Unexpected(parsed.error().Message());
    if (auto v = number()) return std::optional<ojson>(ojson(*v));
    return std::optional<ojson>(ojson(text));
  };
  switch (f.type) {
    case FieldType::Integer: {
      char* end = nullptr;
      const long long v = std::strtoll(text.c_str(), &end, 10);
      if (end != text.c_str() + text.size()) return Unexpected("'" + text + "' is not a whole number");
      return std::optional<ojson>(ojson(v));
    }
    case FieldType::Number: {
      if (auto v = number()) return std::optional<ojson>(ojson(*v));
      return Unexpected("'" + text + "' is not a number");
    }
    case FieldType::List: {
      ojson list = ojson::array();
      std::size_t start = 0;
      for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ',') {
          const std::string item = Trim(std::string_view(text).substr(start, i - start));
          if (!item.empty()) list.push_back(item);
          start = i + 1;
        }
      }
      return std::optional<ojson>(std::move(list));
    }
    case FieldType::Rate: return quantity(units::ParseRate(text));
    case FieldType::Duration: return quantity(units::ParseDuration(text));
    case FieldType::Bytes: return quantity(units::ParseBytes(text));
    case FieldType::Fraction: return quantity(units::ParseFraction(text));
    case FieldType::Bool: return std::optional<ojson>(ojson(text == "true"));
    case FieldType::Text:
    case FieldType::Enum: return std::optional<ojson>(ojson(text));
  }
  return std::optional<ojson>();
}

/// The element an inspector edits: "/components/3", "/links/0", "/zones/1".
struct Target {
  std::string array;  ///< "components", "links", "zones"
  std::size_t index = 0;
};

std::optional<Target> CurrentTarget(const PlaygroundState& s, const ojson& doc) {
  const CanvasState& c = s.canvas;
  auto find = [&](const char* array, auto&& match) -> std::optional<Target> {
    if (!doc.contains(array) || !doc[array].is_array()) return std::nullopt;
    for (std::size_t i = 0; i < doc[array].size(); ++i)
      if (match(doc[array][i])) return Target{array, i};
    return std::nullopt;
  };
  if (c.selection.size() == 1)
    return find("components", [&](const ojson& e) { return StringOf(e, "id") == c.selection[0]; });
  if (c.selection.empty() && c.selected_link >= 0 && c.selected_link < static_cast<int>(c.links.size())) {
    const CanvasLink& l = c.links[static_cast<std::size_t>(c.selected_link)];
    return find("links", [&](const ojson& e) { return StringOf(e, "from") == l.from && StringOf(e, "to") == l.to; });
  }
  if (c.selection.empty() && !c.selected_zone.empty())
    return find("zones", [&](const ojson& e) { return StringOf(e, "id") == c.selected_zone; });
  return std::nullopt;
}

/// Writes one field (nullopt = remove it) if the loader accepts it there; else sets the inline error.
void CommitField(PlaygroundState& s, const Target& t, const std::string& key, const std::optional<ojson>& value,
                 const std::string& error_key) {
  CanvasState& c = s.canvas;
  auto doc = ParseDocument(s.blueprint_text);
  if (!doc) return;
  ojson& element = (*doc)[t.array][t.index];
  std::string rename_from;
  if (key == "id") rename_from = StringOf(element, "id");
  SetPath(element, key, value);
  if (!rename_from.empty() && value && value->is_string()) {  // a new id: follow it everywhere
    const std::string to = value->get<std::string>();
    if (doc->contains("links"))
      for (ojson& l : (*doc)["links"])
        for (const char* end : {"from", "to"})
          if (StringOf(l, end) == rename_from) l[end] = to;
    if (doc->contains("flows"))
      for (ojson& f : (*doc)["flows"])
        if (f.contains("path") && f["path"].is_array())
          for (ojson& step : f["path"])
            if (step.is_string() && step.get<std::string>() == rename_from) step = to;
    if (doc->contains("suppressions"))
      for (ojson& sup : (*doc)["suppressions"])
        if (StringOf(sup, "component") == rename_from) sup["component"] = to;
  }
  const std::string text = Serialize(*doc, LeadingComments(s.blueprint_text));
  // Refused when the loader names this field (or the element, for a rename) in a problem.
  std::string pointer = "/" + t.array + "/" + std::to_string(t.index) + "/" + key;
  if (auto loaded = LoadBlueprint(text); !loaded) {
    for (const Diagnostic& d : loaded.error()) {
      if (d.pointer == pointer || d.pointer.rfind(pointer + "/", 0) == 0) {
        c.field_error_key = error_key;
        c.field_error = d.message;
        return;
      }
    }
  }
  c.field_error_key.clear();
  c.field_error.clear();
  if (!rename_from.empty() && value && value->is_string())
    for (std::string& id : c.selection)
      if (id == rename_from) id = value->get<std::string>();
  ApplyCanvasText(s, text);
  c.message = "set " + key + (value ? " = " + ShownValue(&*value) : " to its default");
}

void FieldRow(PlaygroundState& s, const Target& t, const ojson& element, const FieldSpec& f, const char* prefix) {
  CanvasState& c = s.canvas;
  const std::string key = f.key;
  const std::string ekey = std::string(prefix) + key;
  const ojson* current = GetPath(element, key);
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted(f.label);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s (\"%s\")", f.help, f.key);
  ImGui::TableNextColumn();
  ImGui::SetNextItemWidth(-1);
  const std::string id = "##" + ekey;
  if (f.type == FieldType::Bool) {
    bool v = current && current->is_boolean() && current->get<bool>();
    if (ImGui::Checkbox(id.c_str(), &v)) CommitField(s, t, key, v ? std::optional<ojson>(true) : std::optional<ojson>(), ekey);
  } else if (f.type == FieldType::Enum) {
    const std::string shown = ShownValue(current);
    if (ImGui::BeginCombo(id.c_str(), shown.empty() ? "(default)" : shown.c_str())) {
      if (ImGui::Selectable("(default)", shown.empty())) CommitField(s, t, key, std::nullopt, ekey);
      for (const std::string& o : f.options)
        if (ImGui::Selectable(o.c_str(), o == shown) && o != shown) CommitField(s, t, key, ojson(o), ekey);
      ImGui::EndCombo();
    }
  } else {
    auto it = c.fields.find(ekey);
    if (it == c.fields.end()) it = c.fields.emplace(ekey, ShownValue(current)).first;
    const bool enter = ImGui::InputTextWithHint(id.c_str(), "(default)", &it->second, ImGuiInputTextFlags_EnterReturnsTrue);
    if (enter || ImGui::IsItemDeactivatedAfterEdit()) {
      auto value = ValueFromText(f, it->second);
      if (!value) {
        c.field_error_key = ekey;
        c.field_error = value.error();
      } else {
        CommitField(s, t, key, *value, ekey);
      }
    }
  }
  RecordItem(s, "inspector:" + key);
  if (ImGui::IsItemHovered() && f.type != FieldType::Bool) ImGui::SetTooltip("%s", f.help);
  if (c.field_error_key == ekey) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(HealthColor(2), "%s", c.field_error.c_str());
    ImGui::PopTextWrapPos();
    RecordItem(s, "inspector:error");
  }
}

void DrawInspector(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  auto doc = ParseDocument(s.blueprint_text);
  const std::optional<Target> t = doc ? CurrentTarget(s, *doc) : std::nullopt;
  // Field texts belong to one element: a new selection (or a text change from elsewhere) reloads them.
  const std::string owner = t ? t->array + ":" + std::to_string(t->index) + ":" + std::to_string(s.editor_generation) : "";
  if (owner != c.inspector_for) {
    c.inspector_for = owner;
    c.fields.clear();
    c.field_error.clear();
    c.field_error_key.clear();
  }
  if (!t) {
    ImGui::TextColored(HealthColor(-1), "Inspector");
    ImGui::PushTextWrapPos(0.0f);
    ImGui::TextColored(HealthColor(-1), c.selection.size() > 1 ? "%zu components selected: drag to move them, Del to delete."
                                                               : "Select a component, a link or a zone to edit its fields.",
                       c.selection.size());
    ImGui::PopTextWrapPos();
    return;
  }
  const ojson& element = (*doc)[t->array][t->index];
  if (!ImGui::BeginTable("##inspector", 2, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("field", ImGuiTableColumnFlags_WidthFixed, ImGui::CalcTextSize("connection pooling").x);
  ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
  if (t->array == "components") {
    const std::string kind = StringOf(element, "kind");
    const KindInfo* info = FindKind(kind);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(HealthColor(-1), "kind");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(kind.c_str());
    if (info && ImGui::IsItemHovered()) ImGui::SetTooltip("%s", info->teach);
    static const FieldSpec kId{"id", "id", FieldType::Text, {}, {}, "Unique id: links, flows and suppressions follow a rename"};
    FieldRow(s, *t, element, kId, "c:");
    // Zone: one of the design's zones.
    std::vector<std::string> zones;
    for (const CanvasZone& z : c.zones) zones.push_back(z.id);
    const FieldSpec zone_field{"zone", "zone", FieldType::Enum, {}, zones, "The network zone it sits in (or drop it into a zone on the canvas)"};
    FieldRow(s, *t, element, zone_field, "c:");
    for (const FieldSpec& f : ComponentFields()) {
      if (!f.kinds.empty() && (info == nullptr || std::find(f.kinds.begin(), f.kinds.end(), info->kind) == f.kinds.end())) continue;
      FieldRow(s, *t, element, f, "c:");
    }
  } else if (t->array == "links") {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(HealthColor(-1), "link");
    ImGui::TableNextColumn();
    ImGui::Text("%s → %s", StringOf(element, "from").c_str(), StringOf(element, "to").c_str());
    for (const FieldSpec& f : LinkFields()) FieldRow(s, *t, element, f, "l:");
  } else {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextColored(HealthColor(-1), "zone");
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(StringOf(element, "id").c_str());
    for (const FieldSpec& f : ZoneFields()) FieldRow(s, *t, element, f, "z:");
  }
  ImGui::EndTable();
}

// [SECTION] Failure buttons ------------------------------------------------------------------------------

void DrawSimulationStrip(PlaygroundState& s) {
  SimulateState& sim = s.simulate;
  const SimStatus status = sim.Status();
  const bool live = status == SimStatus::Running || status == SimStatus::Paused;
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Simulation");
  ImGui::SameLine();
  if (!live) {
    ImGui::BeginDisabled(!s.last_valid);
    if (ImGui::SmallButton("Run")) StartSimulation(s);
    RecordItem(s, "canvas:sim_run");
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("Start a simulation of this design with the Simulate view's settings");
  } else {
    if (ImGui::SmallButton(sim.playing ? "Pause" : "Resume")) sim.playing = !sim.playing;
    RecordItem(s, "canvas:sim_pause");
  }
  ImGui::SameLine();
  if (sim.snapshot && sim.run) {
    const double err = sim.snapshot->error_rate;
    ImGui::TextColored(HealthColor(err > 0.01 ? 2 : err > 0.001 ? 1 : 0), "t %.0f s  errors %s  p99 %s", sim.run->Now(),
                       units::FormatPercent(err, 3).c_str(), units::FormatDuration(sim.snapshot->latency.p99_s, 3).c_str());
  } else {
    ImGui::TextColored(HealthColor(-1), status == SimStatus::Idle ? "idle" : "finished");
  }
  if (!sim.error.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(HealthColor(2), "%s", sim.error.c_str());
  }
  // Failures aimed at the selection.
  const Component* target = s.last_valid && s.canvas.selection.size() == 1 ? s.last_valid->FindComponent(s.canvas.selection[0]) : nullptr;
  ImGui::BeginDisabled(!live || target == nullptr || target->kind == ComponentKind::Client);
  if (ImGui::SmallButton("Kill a replica")) {
    int killed = 0;
    for (const std::string& f : sim.injected)
      if (f.rfind(target->id + "/", 0) == 0) ++killed;
    InjectFailure(s, target->id + "/" + std::to_string(killed % std::max(target->replicas, 1)), sim.failures.for_s);
  }
  RecordItem(s, "canvas:kill");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip("Crash the next replica of the selected component (its queued work is lost)");
  ImGui::SameLine();
  std::string other;
  if (target && !target->zone.empty() && s.last_valid) {
    // The zone on the other side of a link crossing its zone: first a link of the component itself
    // (what it calls, then who calls it), then any link of its zone.
    for (int pass = 0; pass < 3 && other.empty(); ++pass) {
      for (const Link& l : s.last_valid->links) {
        const Component* a = s.last_valid->FindComponent(l.from);
        const Component* b = s.last_valid->FindComponent(l.to);
        if (!a || !b || a->zone.empty() || b->zone.empty() || a->zone == b->zone) continue;
        if ((pass == 0 && a != target) || (pass == 1 && b != target)) continue;
        if (a->zone == target->zone) other = b->zone;
        else if (b->zone == target->zone) other = a->zone;
        if (!other.empty()) break;
      }
    }
  }
  ImGui::BeginDisabled(!live || other.empty());
  if (ImGui::SmallButton("Partition its zone")) InjectFailure(s, "partition:" + target->zone + "," + other, sim.failures.for_s);
  RecordItem(s, "canvas:partition");
  ImGui::EndDisabled();
  if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
    ImGui::SetTooltip(other.empty() ? "Select a component in a zone linked to another zone"
                                    : "Cut the network between its zone and the zone it talks to: calls across time out");
  ImGui::SameLine();
  ImGui::BeginDisabled(!live);
  const std::string spike = "Spike traffic ×" + units::FormatNumber(sim.failures.spike_factor);
  if (ImGui::SmallButton(spike.c_str())) InjectFailure(s, "spike:" + units::FormatNumber(sim.failures.spike_factor, 6), sim.failures.for_s);
  RecordItem(s, "canvas:spike");
  ImGui::EndDisabled();
}

// [SECTION] The canvas ----------------------------------------------------------------------------------------

void DrawArrow(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, bool dashed) {
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len < 1) return;
  const float ux = dx / len, uy = dy / len;
  if (dashed) {
    for (float t = 0; t < len - 10; t += 10) {
      const float e = std::min(t + 6, len - 10);
      dl->AddLine({a.x + ux * t, a.y + uy * t}, {a.x + ux * e, a.y + uy * e}, col, thickness);
    }
  } else {
    dl->AddLine(a, {b.x - ux * 8, b.y - uy * 8}, col, thickness);
  }
  dl->AddTriangleFilled(b, {b.x - ux * 10 - uy * 5, b.y - uy * 10 + ux * 5}, {b.x - ux * 10 + uy * 5, b.y - uy * 10 - ux * 5}, col);
}

void DrawPalette(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  ImGui::AlignTextToFramePadding();
  ImGui::TextColored(HealthColor(-1), "Palette");
  for (const KindInfo& k : kKinds) {
    const std::string name(ComponentKindName(k.kind));
    const float w = ImGui::CalcTextSize(k.label).x + ImGui::GetStyle().FramePadding.x * 2;
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < w) ImGui::NewLine();
    const bool armed = c.armed_kind == name;
    if (armed) ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyle().Colors[ImGuiCol_ButtonActive]);
    if (ImGui::SmallButton((std::string(k.label) + "##palette").c_str()) && c.drag != CanvasDrag::Palette)
      c.armed_kind = armed ? "" : name;
    if (armed) ImGui::PopStyleColor();
    RecordItem(s, "palette:" + name);
    if (ImGui::IsItemActive() && ImGui::IsMouseDragging(ImGuiMouseButton_Left, 4.0f) && c.drag == CanvasDrag::None) {
      c.drag = CanvasDrag::Palette;
      c.palette_kind = name;
    }
    if (ImGui::IsItemHovered() && c.drag == CanvasDrag::None) {
      ImGui::BeginTooltip();
      ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
      ImGui::Text("%s (\"kind\": \"%s\")", k.label, name.c_str());
      ImGui::TextColored(HealthColor(-1), "%s", k.teach);
      ImGui::TextColored(HealthColor(-1), "Drag onto the canvas, or click here and then on the canvas.");
      ImGui::PopTextWrapPos();
      ImGui::EndTooltip();
    }
  }
}

void DrawToolbar(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  if (ImGui::SmallButton(c.link_tool ? "Link tool: on" : "Link tool")) c.link_tool = !c.link_tool;
  RecordItem(s, "canvas:link_tool");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Drag from one box to another to link them (or drag from a box's right port, or Alt+drag)");
  ImGui::SameLine();
  ImGui::Checkbox("Snap", &c.snap);
  RecordItem(s, "canvas:snap");
  ImGui::SameLine();
  if (ImGui::SmallButton("Fit")) FitView(c);
  RecordItem(s, "canvas:fit");
  ImGui::SameLine();
  ImGui::BeginDisabled(!CanUndo(s));
  if (ImGui::SmallButton("Undo")) Undo(s);
  RecordItem(s, "canvas:undo");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!CanRedo(s));
  if (ImGui::SmallButton("Redo")) Redo(s);
  RecordItem(s, "canvas:redo");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(c.selection.empty() && c.selected_link < 0 && c.selected_zone.empty());
  if (ImGui::SmallButton("Delete")) DeleteSelection(s);
  RecordItem(s, "canvas:delete");
  ImGui::EndDisabled();
  ImGui::SameLine();
  if (ImGui::SmallButton("+ Zone")) AddZone(s);
  RecordItem(s, "canvas:add_zone");
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("Add a network zone (private); drop components into it");
  ImGui::SameLine();
  ImGui::TextColored(HealthColor(-1), "|");
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.pick_file);
  if (ImGui::SmallButton("Import JSON")) s.pick_file();
  RecordItem(s, "canvas:import");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::BeginDisabled(!s.download);
  if (ImGui::SmallButton("Export JSON")) ExportBlueprint(s);
  RecordItem(s, "canvas:export");
  ImGui::EndDisabled();
  ImGui::SameLine();
  ImGui::TextColored(HealthColor(-1), "%.0f%%", static_cast<double>(c.zoom * 100.0f));
}

void DrawCanvasArea(PlaygroundState& s, ImVec2 size) {
  CanvasState& c = s.canvas;
  const ImGuiIO& io = ImGui::GetIO();
  const ImVec2 p0 = ImGui::GetCursorScreenPos();
  c.origin_x = p0.x, c.origin_y = p0.y, c.width = size.x, c.height = size.y;
  ImGui::InvisibleButton("##canvas", size,
                         ImGuiButtonFlags_MouseButtonLeft | ImGuiButtonFlags_MouseButtonRight | ImGuiButtonFlags_MouseButtonMiddle);
  RecordItem(s, "canvas");
  const bool hovered = ImGui::IsItemHovered();
  const ImVec2 p1{p0.x + size.x, p0.y + size.y};
  const ImVec2 m = io.MousePos;
  const bool inside = m.x >= p0.x && m.y >= p0.y && m.x < p1.x && m.y < p1.y;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->PushClipRect(p0, p1, true);
  dl->AddRectFilled(p0, p1, ColBackground());
  // Grid
  const float step = kGrid * c.zoom * (c.zoom < 0.6f ? 4.0f : 1.0f);
  for (float x = std::fmod(c.pan_x, step); x < size.x; x += step) dl->AddLine({p0.x + x, p0.y}, {p0.x + x, p1.y}, ColGrid());
  for (float y = std::fmod(c.pan_y, step); y < size.y; y += step) dl->AddLine({p0.x, p0.y + y}, {p1.x, p0.y + y}, ColGrid());

  // [interaction] -------------------------------------------------------------------------------------
  const bool space = ImGui::IsKeyDown(ImGui::GetKeyIndex(ImGuiKey_Space)) && !io.WantTextInput;
  if (hovered && io.MouseWheel != 0.0f) {
    const CanvasPoint at = ToCanvas(c, m);
    c.zoom = std::clamp(c.zoom * std::pow(1.15f, io.MouseWheel), 0.25f, 3.0f);
    c.pan_x = m.x - c.origin_x - at.x * c.zoom;
    c.pan_y = m.y - c.origin_y - at.y * c.zoom;
  }
  if (hovered && (ImGui::IsMouseClicked(ImGuiMouseButton_Middle) || ImGui::IsMouseClicked(ImGuiMouseButton_Right))) c.drag = CanvasDrag::Pan;
  if (hovered && ImGui::IsMouseClicked(ImGuiMouseButton_Left) && c.drag == CanvasDrag::None) {
    c.press_x = m.x, c.press_y = m.y;
    const CanvasNode* port = PortAt(c, m);
    const CanvasNode* node = NodeAt(c, m);
    if (!c.armed_kind.empty()) {
      PlaceComponent(s, c.armed_kind, ToCanvas(c, m));
      if (!io.KeyShift) c.armed_kind.clear();
    } else if (space) {
      c.drag = CanvasDrag::Pan;
    } else if (port != nullptr || (node != nullptr && (c.link_tool || io.KeyAlt))) {
      c.drag = CanvasDrag::Link;
      c.drag_node = (port ? port : node)->id;
    } else if (node != nullptr) {
      c.selected_link = -1;
      c.selected_zone.clear();
      if (io.KeyShift || io.KeyCtrl) {
        if (IsSelected(c, node->id)) c.selection.erase(std::find(c.selection.begin(), c.selection.end(), node->id));
        else c.selection.push_back(node->id);
      } else if (!IsSelected(c, node->id)) {
        c.selection = {node->id};
      }
      if (IsSelected(c, node->id)) {
        c.drag = CanvasDrag::Move;
        c.drag_node = node->id;
        c.drag_dx = c.drag_dy = 0;
      }
    } else if (const int link = LinkAt(c, m); link >= 0) {
      c.selection.clear();
      c.selected_zone.clear();
      c.selected_link = link;
    } else {
      c.selection.clear();
      c.selected_link = -1;
      c.selected_zone.clear();
      const CanvasPoint at = ToCanvas(c, m);
      for (auto it = c.zones.rbegin(); it != c.zones.rend(); ++it) {  // a zone's label bar selects it
        if (at.x >= it->x0 && at.x <= it->x1 && at.y >= it->y0 && at.y <= it->y0 + kZoneLabel + 4) {
          c.selected_zone = it->id;
          break;
        }
      }
    }
  }
  if (c.drag == CanvasDrag::Pan) {
    c.pan_x += io.MouseDelta.x;
    c.pan_y += io.MouseDelta.y;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left) && !ImGui::IsMouseDown(ImGuiMouseButton_Middle) &&
        !ImGui::IsMouseDown(ImGuiMouseButton_Right))
      c.drag = CanvasDrag::None;
  }
  if (c.drag == CanvasDrag::Move) {
    c.drag_dx += io.MouseDelta.x / c.zoom;
    c.drag_dy += io.MouseDelta.y / c.zoom;
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      c.drag = CanvasDrag::None;
      if (std::fabs(c.drag_dx) + std::fabs(c.drag_dy) >= 2.0f / c.zoom) {
        std::string zone;
        if (const CanvasNode* n = FindNode(c, c.drag_node)) {
          const CanvasPoint centre{n->pos.x + c.drag_dx + kBoxW / 2, n->pos.y + c.drag_dy + kBoxH / 2};
          zone = ZoneAt(c, centre);
          if (zone == n->zone) zone.clear();
        }
        MoveSelection(s, c.drag_dx, c.drag_dy, zone);
      }
      c.drag_dx = c.drag_dy = 0;
    }
  }
  const CanvasNode* link_from = c.drag == CanvasDrag::Link ? FindNode(c, c.drag_node) : nullptr;
  if (c.drag == CanvasDrag::Link && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    c.drag = CanvasDrag::None;
    const CanvasNode* to = NodeAt(c, m);
    if (link_from && to && to->id != link_from->id) AddLink(s, link_from->id, to->id);
    link_from = nullptr;
  }
  if (c.drag == CanvasDrag::Palette && !ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
    c.drag = CanvasDrag::None;
    if (inside) PlaceComponent(s, c.palette_kind, ToCanvas(c, m));
    c.palette_kind.clear();
  }

  // [drawing] --------------------------------------------------------------------------------------------
  RefreshCanvas(s);  // an edit made above is drawn in this frame
  if (c.drag == CanvasDrag::Link) link_from = FindNode(c, c.drag_node);
  // Text scales with the zoom (a box and its text keep their proportions), never below 8 px.
  ImFont* ui_font = ImGui::GetFont();
  const float font = std::max(ImGui::GetFontSize() * std::min(c.zoom, 1.25f), 8.0f);
  auto text_size = [&](const std::string& t) { return ui_font->CalcTextSizeA(font, FLT_MAX, 0.0f, t.c_str()); };
  for (const CanvasZone& z : c.zones) {
    const ImVec2 a = ToScreen(c, {z.x0, z.y0}), b = ToScreen(c, {z.x1, z.y1});
    const bool sel = z.id == c.selected_zone;
    dl->AddRectFilled(a, b, ZoneColor(z.kind, Light() ? 0.10f : 0.08f), 6.0f);
    dl->AddRect(a, b, sel ? ColSelect() : ZoneColor(z.kind, 0.55f), 6.0f, 0, sel ? 2.5f : 1.2f);
    const std::string label = z.id + " · " + z.kind;
    ImVec4 label_col = ImGui::ColorConvertU32ToFloat4(ZoneColor(z.kind, 1.0f));
    if (Light()) label_col = {label_col.x * 0.55f, label_col.y * 0.55f, label_col.z * 0.55f, 1.0f};  // contrast on white
    dl->AddText(ui_font, font, {a.x + 6, a.y + 3}, ImGui::ColorConvertFloat4ToU32(label_col), label.c_str());
    s.widget_rects.insert_or_assign("zone:" + z.id, WidgetRect{a.x, a.y, b.x - a.x, b.y - a.y});
  }
  for (std::size_t i = 0; i < c.links.size(); ++i) {
    const CanvasLink& l = c.links[i];
    const CanvasNode* a = FindNode(c, l.from);
    const CanvasNode* b = FindNode(c, l.to);
    if (!a || !b) continue;
    const bool sel = static_cast<int>(i) == c.selected_link;
    const bool plain = l.tls.empty() || l.tls == "none";
    const ImU32 col = sel ? ColSelect() : plain ? Col({0.85f, 0.45f, 0.42f, 0.9f}, {0.75f, 0.20f, 0.15f, 0.9f}) : ColLink();
    const ImVec2 pa = BoxEdge(c, *a, *b), pb = BoxEdge(c, *b, *a);
    DrawArrow(dl, pa, pb, col, sel ? 2.8f : 1.6f, plain);
    const std::string tag = l.protocol.empty() ? (plain ? "" : l.tls) : l.protocol + (plain ? "" : " · " + l.tls);
    if (!tag.empty() && c.zoom >= 0.6f)
      dl->AddText(ui_font, font, {(pa.x + pb.x) / 2 - text_size(tag).x / 2, (pa.y + pb.y) / 2 - font - 1}, ColDim(), tag.c_str());
    const ImVec2 mid{(pa.x + pb.x) / 2, (pa.y + pb.y) / 2};
    s.widget_rects.insert_or_assign("link:" + l.from + ">" + l.to, WidgetRect{mid.x - 3, mid.y - 3, 6, 6});
  }
  if (link_from) DrawArrow(dl, OutPort(c, *link_from), m, ColSelect(), 2.0f, false);
  const CanvasNode* hover_node = hovered ? NodeAt(c, m) : nullptr;
  std::string tooltip;
  for (const CanvasNode& n : c.nodes) {
    const ImVec2 a = ToScreen(c, DrawnPos(c, n));
    const ImVec2 b{a.x + kBoxW * c.zoom, a.y + kBoxH * c.zoom};
    int worst = -1;
    const std::vector<Badge> badges = BadgesFor(s, n, &worst);
    const bool sel = IsSelected(c, n.id);
    const ImU32 border = sel ? ColSelect() : ImGui::ColorConvertFloat4ToU32(HealthColor(worst));
    dl->AddRectFilled(a, b, ColBox(), 5.0f);
    dl->AddRectFilled(a, {a.x + 4 * c.zoom, b.y}, ImGui::ColorConvertFloat4ToU32(HealthColor(worst)), 5.0f, ImDrawFlags_RoundCornersLeft);
    dl->AddRect(a, b, border, 5.0f, 0, sel ? 2.5f : 1.3f);
    dl->PushClipRect(a, b, true);
    const float pad = 8 * c.zoom;
    {
      const std::string title = n.name.empty() || n.name == n.id ? n.id : n.id + " (" + n.name + ")";
      dl->AddText(ui_font, font, {a.x + pad, a.y + 4 * c.zoom}, ColText(), title.c_str());
      const std::string sub = n.kind + (n.replicas > 1 ? " ×" + std::to_string(n.replicas) : "");
      dl->AddText(ui_font, font, {a.x + pad, a.y + 4 * c.zoom + font + 1}, ColDim(), sub.c_str());
      float x = a.x + pad;
      const float y = a.y + 4 * c.zoom + 2 * font + 6 * c.zoom;
      for (const Badge& badge : badges) {
        const ImVec2 ts = text_size(badge.text);
        if (x + ts.x + 8 > b.x && x > a.x + pad) break;
        const ImVec4 hc = HealthColor(badge.level);
        dl->AddRectFilled({x, y}, {x + ts.x + 8, y + ts.y + 2}, ImGui::ColorConvertFloat4ToU32({hc.x, hc.y, hc.z, 0.18f}), 3.0f);
        dl->AddText(ui_font, font, {x + 4, y + 1}, ImGui::ColorConvertFloat4ToU32(hc), badge.text.c_str());
        if (hover_node == &n && m.x >= x && m.x <= x + ts.x + 8 && m.y >= y && m.y <= y + ts.y + 2) tooltip = badge.tip;
        x += ts.x + 12;
      }
    }
    dl->PopClipRect();
    const ImVec2 out = OutPort(c, n);
    dl->AddCircleFilled(out, kPortRadius, ColBox());
    dl->AddCircle(out, kPortRadius, ColSelect(), 0, 1.5f);
    s.widget_rects.insert_or_assign("node:" + n.id, WidgetRect{a.x, a.y, b.x - a.x, b.y - a.y});
    s.widget_rects.insert_or_assign("port:" + n.id, WidgetRect{out.x - kPortRadius, out.y - kPortRadius, 2 * kPortRadius, 2 * kPortRadius});
    if (hover_node == &n && tooltip.empty() && c.drag == CanvasDrag::None) {
      tooltip = n.id + " (" + n.kind + ")" + (n.zone.empty() ? "" : ", zone " + n.zone) +
                "\nDrag to move · drag the right port to link · Del deletes";
      for (const Badge& badge : badges) tooltip += "\n" + badge.text + ": " + badge.tip;
    }
  }
  // A component carried from the palette (or armed) shows where it lands.
  const std::string ghost = c.drag == CanvasDrag::Palette ? c.palette_kind : (hovered ? c.armed_kind : std::string());
  if (!ghost.empty() && inside) {
    const ImVec2 a{m.x - kBoxW * c.zoom / 2, m.y - kBoxH * c.zoom / 2};
    dl->AddRect(a, {a.x + kBoxW * c.zoom, a.y + kBoxH * c.zoom}, ColSelect(), 5.0f, 0, 1.5f);
    dl->AddText({a.x + 8, a.y + 6}, ColSelect(), ghost.c_str());
  }
  if (c.nodes.empty()) {
    const char* hint = c.parse_ok || IsBlankText(s.blueprint_text)
                           ? "Drag a component from the palette to start a design (or pick a scenario)."
                           : "The text is not a JSON object: fix it in the editor to see it here.";
    dl->AddText({p0.x + 16, p0.y + 16}, ColDim(), hint);
  }
  dl->PopClipRect();
  if (!tooltip.empty()) {
    ImGui::BeginTooltip();
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 36.0f);
    ImGui::TextUnformatted(tooltip.c_str());
    ImGui::PopTextWrapPos();
    ImGui::EndTooltip();
  }

  // Keys while the canvas is hovered (the editor keeps its own).
  if (hovered && !io.WantTextInput) {
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Delete)) || ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Backspace)))
      DeleteSelection(s);
    if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Escape))) {
      c.armed_kind.clear();
      c.link_tool = false;
      c.selection.clear();
      c.selected_link = -1;
      c.selected_zone.clear();
    }
  }
}

}  // namespace

// [SECTION] Public -------------------------------------------------------------------------------------------

bool IsBlankText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char ch) { return ch == ' ' || ch == '\n' || ch == '\r' || ch == '\t'; });
}

void TrackCanvasHistory(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  if (c.history.empty()) {
    c.history.push_back(s.blueprint_text);
    c.cursor = 0;
    c.history_editor_generation = s.editor_generation;
    return;
  }
  if (s.blueprint_text == c.history[c.cursor]) {
    c.history_editor_generation = s.editor_generation;
    return;
  }
  const double now = ImGui::GetTime();
  const bool typing = s.editor_generation == c.history_editor_generation;
  c.history.resize(c.cursor + 1);  // a new change drops what could be redone
  if (typing && now - c.last_typing_time < kTypingMergeS && c.cursor > 0 && c.last_typing_time >= 0) {
    c.history[c.cursor] = s.blueprint_text;  // the same typing burst
  } else {
    c.history.push_back(s.blueprint_text);
    ++c.cursor;
  }
  c.last_typing_time = typing ? now : -10;
  if (c.history.size() > kHistoryLimit) {
    c.history.erase(c.history.begin());
    --c.cursor;
  }
  c.history_editor_generation = s.editor_generation;
}

bool CanUndo(const PlaygroundState& s) { return s.canvas.cursor > 0 && !s.canvas.history.empty(); }
bool CanRedo(const PlaygroundState& s) { return s.canvas.cursor + 1 < s.canvas.history.size(); }

void Undo(PlaygroundState& s) {
  TrackCanvasHistory(s);  // a change made this frame is a step of its own
  if (!CanUndo(s)) return;
  CanvasState& c = s.canvas;
  --c.cursor;
  c.last_typing_time = -10;
  ApplyCanvasText(s, c.history[c.cursor]);
  c.history_editor_generation = s.editor_generation;
  c.message = "undone (" + std::to_string(c.cursor) + " more step" + (c.cursor == 1 ? "" : "s") + " back)";
}

void Redo(PlaygroundState& s) {
  if (!CanRedo(s)) return;
  CanvasState& c = s.canvas;
  ++c.cursor;
  c.last_typing_time = -10;
  ApplyCanvasText(s, c.history[c.cursor]);
  c.history_editor_generation = s.editor_generation;
  c.message = "redone";
}

void ApplyCanvasText(PlaygroundState& s, std::string text) {
  const bool was_valid = s.diagnostics.empty() && s.last_valid.has_value();
  std::optional<ojson> before = was_valid ? ParseDocument(s.blueprint_text) : std::nullopt;
  std::optional<ojson> after = before ? ParseDocument(text) : std::nullopt;
  if (before && after && WithoutLayout(*before) == WithoutLayout(*after)) {
    if (auto loaded = LoadBlueprint(text)) {
      // Only positions moved: the design the models see is the same (no re-estimate, no reset).
      s.blueprint_text = std::move(text);
      ++s.editor_generation;
      s.last_valid = std::move(loaded.value());
      return;
    }
  }
  SetBlueprintText(s, std::move(text));
}

void RefreshCanvas(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  if (c.parsed_once && c.parsed_text == s.blueprint_text) return;
  c.parsed_once = true;
  c.parsed_text = s.blueprint_text;
  std::string error;
  auto doc = IsBlankText(s.blueprint_text) ? std::optional<ojson>(ojson::object()) : ParseDocument(s.blueprint_text, &error);
  c.parse_ok = doc.has_value();
  c.parse_error = error;
  if (!doc) return;  // keep drawing the last design that parsed
  c.nodes.clear();
  c.links.clear();
  if (doc->contains("components") && (*doc)["components"].is_array()) {
    for (const ojson& e : (*doc)["components"]) {
      if (!e.is_object()) continue;
      CanvasNode n;
      n.id = StringOf(e, "id"), n.kind = StringOf(e, "kind"), n.name = StringOf(e, "name"), n.zone = StringOf(e, "zone");
      if (e.contains("replicas") && e["replicas"].is_number_integer()) n.replicas = e["replicas"].get<int>();
      if (const ojson* ui = GetPath(e, "ui"); ui && ui->is_object() && ui->contains("x") && ui->contains("y") &&
                                              (*ui)["x"].is_number() && (*ui)["y"].is_number()) {
        n.pos = {(*ui)["x"].get<float>(), (*ui)["y"].get<float>()};
        n.placed = true;
      }
      c.nodes.push_back(std::move(n));
    }
  }
  if (doc->contains("links") && (*doc)["links"].is_array())
    for (const ojson& e : (*doc)["links"])
      if (e.is_object()) c.links.push_back({StringOf(e, "from"), StringOf(e, "to"), StringOf(e, "protocol"), StringOf(e, "tls")});
  AutoLayout(c, *doc);
  ComputeZones(c, *doc);
  // Selections that no longer exist go.
  std::erase_if(c.selection, [&](const std::string& id) { return FindNode(c, id) == nullptr; });
  if (c.selected_link >= static_cast<int>(c.links.size())) c.selected_link = -1;
  if (!c.selected_zone.empty() &&
      std::none_of(c.zones.begin(), c.zones.end(), [&](const CanvasZone& z) { return z.id == c.selected_zone; }))
    c.selected_zone.clear();
}

void ExportBlueprint(PlaygroundState& s) {
  if (!s.download) return;
  std::string name = s.last_valid && !s.last_valid->name.empty() ? s.last_valid->name : std::string("blueprint");
  for (char& ch : name)
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '_' || ch == '.')) ch = '-';
  s.download(name + ".json", s.blueprint_text);
  s.canvas.message = "exported " + name + ".json";
}

void ImportBlueprint(PlaygroundState& s, const std::string& file_name, std::string text) {
  SetBlueprintText(s, std::move(text));
  if (s.diagnostics.empty()) {
    s.scenario.clear();
    s.canvas.message = "imported " + file_name;
  } else {
    s.canvas.message = "imported " + file_name + ": " + std::to_string(s.diagnostics.size()) +
                       (s.diagnostics.size() == 1 ? " problem" : " problems") +
                       (s.last_valid ? " (the figures keep the last valid design)" : "");
  }
  s.canvas.selection.clear();
  s.canvas.selected_link = -1;
  s.canvas.selected_zone.clear();
}

void HandleGlobalShortcuts(PlaygroundState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  if (io.WantTextInput || !(io.KeyCtrl || io.KeySuper)) return;
  if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Z), false)) {
    if (io.KeyShift) Redo(s);
    else Undo(s);
  } else if (ImGui::IsKeyPressed(ImGui::GetKeyIndex(ImGuiKey_Y), false)) {
    Redo(s);
  }
}

void DrawCanvasPanel(PlaygroundState& s) {
  CanvasState& c = s.canvas;
  RefreshCanvas(s);
  RefreshFindings(s);  // the findings badges (scores only when the design changed)
  DrawToolbar(s);
  DrawSimulationStrip(s);
  DrawPalette(s);
  if (!c.message.empty() || !c.parse_ok) {
    ImGui::TextColored(c.parse_ok ? HealthColor(-1) : HealthColor(2), "%s", c.parse_ok ? c.message.c_str() : c.parse_error.c_str());
  } else {
    ImGui::TextColored(HealthColor(-1), "Wheel zooms, right/middle-drag or Space+drag pans, Ctrl+Z undoes.");
  }
  RecordItem(s, "canvas:message");
  const float inspector_w = std::clamp(ImGui::GetContentRegionAvail().x * 0.3f, 230.0f, 300.0f);
  const ImVec2 avail = ImGui::GetContentRegionAvail();
  DrawCanvasArea(s, ImVec2(std::max(avail.x - inspector_w - ImGui::GetStyle().ItemSpacing.x, 120.0f), std::max(avail.y, 120.0f)));
  ImGui::SameLine();
  ImGui::BeginChild("##inspector_panel", ImVec2(0, 0), true);
  DrawInspector(s);
  ImGui::EndChild();
}

std::vector<std::pair<std::string, std::string>> CanvasShortcuts() {
  return {{"Ctrl+Z", "undo (outside the text editor)"},
          {"Ctrl+Y, Ctrl+Shift+Z", "redo"},
          {"Del, Backspace", "delete the selection (canvas)"},
          {"Shift/Ctrl+click", "add to / remove from the selection"},
          {"Alt+drag", "link two components (or drag a box's right port)"},
          {"Shift+click (armed palette)", "place several of one kind"},
          {"Wheel", "zoom at the mouse"},
          {"Right/middle drag, Space+drag", "pan"},
          {"Esc", "drop the armed kind, the link tool and the selection"}};
}

nlohmann::json CanvasStateJson(const PlaygroundState& s) {
  const CanvasState& c = s.canvas;
  nlohmann::json components = nlohmann::json::array();
  for (const CanvasNode& n : c.nodes) {
    const float sx = c.origin_x + c.pan_x + n.pos.x * c.zoom, sy = c.origin_y + c.pan_y + n.pos.y * c.zoom;
    int worst = -1;
    nlohmann::json badges = nlohmann::json::array();
    for (const Badge& b : BadgesFor(s, n, &worst)) badges.push_back({{"text", b.text}, {"level", b.level}});
    components.push_back({{"id", n.id}, {"kind", n.kind}, {"name", n.name}, {"zone", n.zone}, {"x", n.pos.x},
                          {"y", n.pos.y}, {"placed", n.placed}, {"replicas", n.replicas},
                          {"screen", {{"x", sx}, {"y", sy}, {"w", kBoxW * c.zoom}, {"h", kBoxH * c.zoom}}},
                          {"badges", std::move(badges)}});
  }
  nlohmann::json links = nlohmann::json::array();
  for (const CanvasLink& l : c.links) links.push_back({{"from", l.from}, {"to", l.to}, {"protocol", l.protocol}, {"tls", l.tls}});
  nlohmann::json zones = nlohmann::json::array();
  for (const CanvasZone& z : c.zones) zones.push_back({{"id", z.id}, {"kind", z.kind}});
  return {{"components", std::move(components)},
          {"links", std::move(links)},
          {"zones", std::move(zones)},
          {"selection", c.selection},
          {"selected_link", c.selected_link},
          {"selected_zone", c.selected_zone},
          {"zoom", c.zoom},
          {"pan", {{"x", c.pan_x}, {"y", c.pan_y}}},
          {"snap", c.snap},
          {"link_tool", c.link_tool},
          {"armed_kind", c.armed_kind},
          {"history", {{"size", c.history.size()}, {"cursor", c.cursor}}},
          {"parse_ok", c.parse_ok},
          {"parse_error", c.parse_error},
          {"message", c.message},
          {"field_error_key", c.field_error_key},
          {"field_error", c.field_error}};
}

}  // namespace sdlab::web
