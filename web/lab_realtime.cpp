// web/lab_realtime.cpp — the real-time lab: N subscribers, u updates each, delivered by short
// polling, long polling, SSE and WebSocket side by side (realtime::CompareTransports): requests,
// connections held, memory, bandwidth and latency. See labs.h.
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/realtime.h"
#include "sdlab/units.h"

namespace sdlab::web {

void ComputeRealtimeLab(RealtimeLab& lab) {
  lab::Stopwatch sw;
  lab.error.clear();
  realtime::FanoutDef d;
  d.subscribers = lab.subscribers;
  d.updates_per_s = lab.updates_per_min / 60.0;
  d.message_bytes = lab.message_bytes;
  d.poll_interval_s = lab.poll_interval_s;
  if (auto r = realtime::CompareTransports(d)) {
    lab.result = std::move(*r);
  } else {
    lab.result.reset();
    lab.error = r.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawRealtimeLab(PlaygroundState& s) {
  RealtimeLab& lab = s.labs.realtime;
  if (lab.dirty) ComputeRealtimeLab(lab);
  bool changed = false;
  if (lab::BeginInputs("##realtime_inputs", 2)) {
    changed |= lab::SliderDouble(s, "Subscribers", "realtime:subscribers", &lab.subscribers, 100.0, 1e7, "%.0f",
                                 "Clients following the updates (each gets every update).", true);
    changed |= lab::SliderDouble(s, "Updates", "realtime:updates_per_min", &lab.updates_per_min, 0.1, 600.0,
                                 "%.1f / min", "Updates each subscriber receives per minute (Poisson).", true);
    changed |= lab::SliderDouble(s, "Message", "realtime:message_bytes", &lab.message_bytes, 10.0, 100000.0, "%.0f B",
                                 "Payload of one update. HTTP headers add ~700 B to every poll; an SSE event 8 B; a "
                                 "WebSocket frame 2–10 B.",
                                 true);
    changed |= lab::SliderDouble(s, "Poll interval", "realtime:poll_interval_s", &lab.poll_interval_s, 0.5, 300.0,
                                 "%.1f s", "Short polling: each client asks every T; updates wait T/2 on average.", true);
    lab::EndInputs();
  }
  if (changed) ComputeRealtimeLab(lab);
  ImGui::Separator();
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  if (!lab.result) return;
  const realtime::FanoutResult& r = *lab.result;
  ImGui::Text("%s deliveries/s whatever the transport; cheapest: %s", units::FormatCount(r.deliveries_per_s).c_str(),
              std::string(realtime::TransportName(r.Cheapest())).c_str());
  RecordItem(s, "realtime:summary");
  if (ImGui::BeginTable("##realtime_table", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    for (const char* h : {"transport", "requests/s", "held", "memory", "bandwidth", "latency"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const realtime::TransportRow& t : r.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(realtime::TransportName(t.transport)).c_str());
      lab::Teach(t.formula.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatRate(t.requests_per_s).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatCount(t.connections_held).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatBytes(t.memory_bytes).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted((units::FormatBytes(t.bandwidth_bytes_per_s) + "/s").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatDuration(t.mean_latency_s).c_str());
    }
    ImGui::EndTable();
  }
  std::vector<plot::Bar> bars;
  int i = 0;
  for (const realtime::TransportRow& t : r.rows)
    bars.push_back({std::string(realtime::TransportName(t.transport)), t.bandwidth_bytes_per_s / 1e6,
                    plot::SeriesColor(i++), units::FormatBytes(t.bandwidth_bytes_per_s) + "/s", t.formula});
  ImGui::TextUnformatted("Bandwidth, MB/s (hover for the formula)");
  plot::BarChart("##realtime_bars", -1.0f, bars);
  RecordItem(s, "realtime:bars");
  for (const std::string& n : r.notes) ImGui::TextColored(lab::kColorDim, "- %s", n.c_str());
}

nlohmann::json RealtimeLabJson(const RealtimeLab& lab) {
  return {{"inputs",
           {{"subscribers", lab.subscribers},
            {"updates_per_min", lab.updates_per_min},
            {"message_bytes", lab.message_bytes},
            {"poll_interval_s", lab.poll_interval_s}}},
          {"error", lab.error},
          {"updates", lab.updates},
          {"result", lab.result ? realtime::ToJson(*lab.result) : nlohmann::json(nullptr)}};
}

}  // namespace sdlab::web
