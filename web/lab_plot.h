// web/lab_plot.h — the small charts of the labs, drawn with ImGui's ImDrawList (Debian packages no
// plotting library for ImGui): line charts with axes, ticks, a legend and a hover read-out, and
// horizontal bar charts with an optional reference line.
//
// Coordinates: data units on the axes (a log x axis takes positive x only); sizes in canvas pixels.
// Nothing here computes a model figure: charts draw what the labs got from the core.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include <imgui.h>

namespace sdlab::web::plot {

/// A distinct colour for series i (cycles after 12).
ImU32 SeriesColor(int i);
/// The same colour as an ImVec4 (for ImGui text).
ImVec4 SeriesColorVec(int i);

/// One line of a chart.
struct Series {
  std::string label;
  std::vector<double> x, y;   ///< same length; points outside the axes are clipped
  ImU32 color = IM_COL32(200, 200, 200, 255);
  float thickness = 1.5f;
  bool dashed = false;
  bool markers = false;       ///< a dot at every point
  bool in_legend = true;
};

/// A labelled point (the current input, a target).
struct Marker {
  double x = 0, y = 0;
  ImU32 color = IM_COL32(255, 255, 255, 255);
  std::string label;
};

struct Axes {
  double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
  bool log_x = false;
  std::string x_label, y_label;
  const char* x_format = "%.3g";   ///< tick labels
  const char* y_format = "%.2f";
  std::optional<double> x_line;    ///< a vertical guide (the current x input)
  std::string x_line_label;
};

/// A line chart of the given size at the cursor (width ≤ 0: the available width minus |width|), one
/// ImGui item: record its rect right after. Hovering shows every series' y at the nearest x. `id`
/// must be unique in the window.
void LineChart(const char* id, ImVec2 size, const Axes& axes, std::span<const Series> series,
               std::span<const Marker> markers = {});
/// The legend of a chart's series (those with in_legend), wrapped to the available width.
void Legend(std::span<const Series> series);

/// One bar of a bar chart.
struct Bar {
  std::string label;
  double value = 0;
  ImU32 color = IM_COL32(90, 150, 230, 255);
  std::string text;     ///< shown at the bar's end (defaults to the value)
  std::string tooltip;  ///< on hover, if any
};

/// Horizontal bars (one row each), `width` pixels wide (≤ 0: the rest of the row), scaled to max_value
/// (0 = the largest bar); an optional dashed
/// vertical reference (e.g. the ideal share) labelled `reference_label`.
void BarChart(const char* id, float width, std::span<const Bar> bars, double max_value = 0,
              std::optional<double> reference = std::nullopt, const char* reference_label = nullptr);

}  // namespace sdlab::web::plot
