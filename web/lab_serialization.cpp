// web/lab_serialization.cpp — the serialization lab: one described record in JSON, Protocol
// Buffers, Avro and MessagePack (serialization::Compare): bytes split into names/tags, values and
// structure, encode/decode time, and bandwidth and cores at a message rate. See labs.h.
#include <cstdio>
#include <string>
#include <vector>

#include <imgui.h>
#include <nlohmann/json.hpp>

#include "app.h"
#include "lab_plot.h"
#include "lab_widgets.h"
#include "labs.h"
#include "sdlab/serialization.h"
#include "sdlab/units.h"

namespace sdlab::web {

void ComputeSerializationLab(SerializationLab& lab) {
  lab::Stopwatch sw;
  lab.error.clear();
  serialization::PayloadDef d;
  d.ints = lab.ints;
  d.doubles = lab.doubles;
  d.bools = lab.bools;
  d.strings = lab.strings;
  d.string_length = lab.string_length;
  d.key_length = lab.key_length;
  d.records = lab.records;
  d.messages_per_s = lab.messages_per_s;
  if (auto r = serialization::Compare(d)) {
    lab.result = std::move(*r);
  } else {
    lab.result.reset();
    lab.error = r.error().Message();
  }
  lab.compute_ms = sw.ElapsedMs();
  ++lab.updates;
  lab.dirty = false;
}

void DrawSerializationLab(PlaygroundState& s) {
  SerializationLab& lab = s.labs.serialization;
  if (lab.dirty) ComputeSerializationLab(lab);
  bool changed = false;
  if (lab::BeginInputs("##serialization_inputs", 2)) {
    changed |= lab::SliderInt(s, "Integers", "serialization:ints", &lab.ints, 0, 50,
                              "Integer fields of value ~1000: 4 JSON digits, a 2-byte varint in Protobuf.");
    changed |= lab::SliderInt(s, "Strings", "serialization:strings", &lab.strings, 0, 50,
                              "String fields: the bytes themselves dominate in every format.");
    changed |= lab::SliderInt(s, "String length", "serialization:string_length", &lab.string_length, 0, 1000,
                              "Typical string length in bytes.");
    changed |= lab::SliderInt(s, "Doubles", "serialization:doubles", &lab.doubles, 0, 50,
                              "Floating-point fields: 8 bytes in binary formats, ~10 characters in JSON.");
    changed |= lab::SliderInt(s, "Booleans", "serialization:bools", &lab.bools, 0, 50, "true/false: 4–5 bytes in JSON, 1 in binary.");
    changed |= lab::SliderInt(s, "Name length", "serialization:key_length", &lab.key_length, 1, 40,
                              "Field-name length: JSON and MessagePack repeat every name in every record; Protobuf "
                              "sends a 1-byte tag, Avro nothing.");
    changed |= lab::SliderInt(s, "Records", "serialization:records", &lab.records, 1, 1000, "Records per message (a list).",
                              true);
    changed |= lab::SliderDouble(s, "Rate", "serialization:messages_per_s", &lab.messages_per_s, 1.0, 1e6, "%.0f msg/s",
                                 "Messages per second: bandwidth = rate × bytes; cores = rate × (encode + decode).", true);
    lab::EndInputs();
  }
  if (changed) ComputeSerializationLab(lab);
  ImGui::Separator();
  if (!lab.error.empty()) {
    ImGui::TextColored(lab::kColorWarn, "%s", lab.error.c_str());
    return;
  }
  if (!lab.result) return;
  const serialization::SerializationResult& r = *lab.result;
  if (ImGui::BeginTable("##serialization_table", 7, ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg)) {
    for (const char* h : {"format", "bytes", "vs JSON", "encode", "decode", "bandwidth", "cores"}) ImGui::TableSetupColumn(h);
    ImGui::TableHeadersRow();
    for (const serialization::FormatRow& f : r.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(std::string(serialization::FormatName(f.format)).c_str());
      lab::Teach(f.formula.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatBytes(f.bytes).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatPercent(f.share_of_json, 3).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatDuration(f.encode_ns * 1e-9).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatDuration(f.decode_ns * 1e-9).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted((units::FormatBytes(f.bandwidth_bytes_per_s) + "/s").c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(units::FormatNumber(f.cores, 3).c_str());
    }
    ImGui::EndTable();
  }
  RecordItem(s, "serialization:table");
  std::vector<plot::Bar> bars;
  int i = 0;
  for (const serialization::FormatRow& f : r.rows) {
    char text[96];
    std::snprintf(text, sizeof text, "%s (names %.0f, values %.0f, structure %.0f)", units::FormatBytes(f.bytes).c_str(),
                  f.names_bytes, f.values_bytes, f.structure_bytes);
    bars.push_back({std::string(serialization::FormatName(f.format)), f.bytes, plot::SeriesColor(i++), text, f.formula});
  }
  ImGui::TextUnformatted("Bytes per message (hover for the size rule)");
  plot::BarChart("##serialization_bars", -1.0f, bars);
  RecordItem(s, "serialization:bars");
  for (const std::string& n : r.notes) ImGui::TextColored(lab::kColorDim, "- %s", n.c_str());
}

nlohmann::json SerializationLabJson(const SerializationLab& lab) {
  return {{"inputs",
           {{"ints", lab.ints},
            {"doubles", lab.doubles},
            {"bools", lab.bools},
            {"strings", lab.strings},
            {"string_length", lab.string_length},
            {"key_length", lab.key_length},
            {"records", lab.records},
            {"messages_per_s", lab.messages_per_s}}},
          {"error", lab.error},
          {"updates", lab.updates},
          {"result", lab.result ? serialization::ToJson(*lab.result) : nlohmann::json(nullptr)}};
}

}  // namespace sdlab::web
