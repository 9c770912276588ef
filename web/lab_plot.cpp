// web/lab_plot.cpp — line and bar charts on ImDrawList. See lab_plot.h.
#include "lab_plot.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace sdlab::web::plot {
namespace {

constexpr ImU32 kFrame = IM_COL32(255, 255, 255, 40);
constexpr ImU32 kGrid = IM_COL32(255, 255, 255, 18);
constexpr ImU32 kTickText = IM_COL32(160, 164, 175, 255);
constexpr ImU32 kGuide = IM_COL32(255, 255, 255, 110);

// Colour-blind-friendly first (Okabe–Ito), then more.
constexpr ImU32 kPalette[] = {
    IM_COL32(86, 180, 233, 255),  IM_COL32(230, 159, 0, 255),   IM_COL32(0, 158, 115, 255),
    IM_COL32(240, 228, 66, 255),  IM_COL32(204, 121, 167, 255), IM_COL32(213, 94, 0, 255),
    IM_COL32(0, 114, 178, 255),   IM_COL32(170, 170, 170, 255), IM_COL32(148, 103, 189, 255),
    IM_COL32(140, 200, 90, 255),  IM_COL32(255, 130, 130, 255), IM_COL32(120, 220, 220, 255)};

std::string Format(const char* fmt, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, fmt, v);
  return buf;
}

/// Data → screen mapping of one axis.
struct Scale {
  double lo = 0, hi = 1;
  float p0 = 0, p1 = 1;
  bool log = false;
  double T(double v) const { return log ? std::log10(std::max(v, 1e-300)) : v; }
  float operator()(double v) const {
    const double a = T(lo), b = T(hi);
    const double f = b > a ? (T(v) - a) / (b - a) : 0.5;
    return p0 + static_cast<float>(f) * (p1 - p0);
  }
  double Inverse(float p) const {
    const double a = T(lo), b = T(hi);
    const double f = p1 != p0 ? static_cast<double>((p - p0) / (p1 - p0)) : 0.0;
    const double t = a + f * (b - a);
    return log ? std::pow(10.0, t) : t;
  }
};

std::vector<double> LinearTicks(double lo, double hi, int target) {
  std::vector<double> out;
  if (!(hi > lo)) return {lo};
  const double raw = (hi - lo) / target;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * mag;
    if (step >= raw) break;
  }
  for (double v = std::ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push_back(std::abs(v) < step * 1e-9 ? 0 : v);
  return out;
}

std::vector<double> LogTicks(double lo, double hi) {
  std::vector<double> out;
  if (!(lo > 0 && hi > lo)) return {lo};
  const int d0 = static_cast<int>(std::floor(std::log10(lo)));
  const int d1 = static_cast<int>(std::ceil(std::log10(hi)));
  const bool fine = d1 - d0 <= 3;
  for (int d = d0; d <= d1; ++d) {
    for (double m : {1.0, 2.0, 5.0}) {
      if (!fine && m != 1.0) continue;
      const double v = m * std::pow(10.0, d);
      if (v >= lo * (1 - 1e-9) && v <= hi * (1 + 1e-9)) out.push_back(v);
    }
  }
  return out;
}

void DashedLine(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float thickness, float& phase) {
  constexpr float kOn = 6.0f, kOff = 4.0f;
  const float dx = b.x - a.x, dy = b.y - a.y;
  const float len = std::sqrt(dx * dx + dy * dy);
  if (len <= 0) return;
  float t = 0;
  while (t < len) {
    const float cycle = std::fmod(phase, kOn + kOff);
    const bool on = cycle < kOn;
    const float step = std::min(on ? kOn - cycle : kOn + kOff - cycle, len - t);
    if (on) {
      dl->AddLine(ImVec2(a.x + dx * t / len, a.y + dy * t / len), ImVec2(a.x + dx * (t + step) / len, a.y + dy * (t + step) / len),
                  col, thickness);
    }
    t += step;
    phase += step;
  }
}

}  // namespace

void Legend(std::span<const Series> series) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const float avail = ImGui::GetContentRegionAvail().x;
  float x = 0;
  bool first = true;
  for (const Series& s : series) {
    if (!s.in_legend) continue;
    const float w = 22.0f + ImGui::CalcTextSize(s.label.c_str()).x;
    if (!first && x + 14.0f + w <= avail) {
      ImGui::SameLine(0, 14.0f);
      x += 14.0f + w;
    } else {
      x = w;
    }
    first = false;
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::Dummy(ImVec2(18.0f, font));
    const ImVec2 a(p.x, p.y + font * 0.55f), b(p.x + 18.0f, p.y + font * 0.55f);
    if (s.dashed) {
      float phase = 0;
      DashedLine(dl, a, b, s.color, 2.0f, phase);
    } else {
      dl->AddLine(a, b, s.color, std::max(2.0f, s.thickness));
    }
    ImGui::SameLine(0, 4.0f);
    ImGui::TextUnformatted(s.label.c_str());
  }
}

ImU32 SeriesColor(int i) {
  constexpr int n = static_cast<int>(sizeof kPalette / sizeof kPalette[0]);
  return kPalette[((i % n) + n) % n];
}

ImVec4 SeriesColorVec(int i) { return ImGui::ColorConvertU32ToFloat4(SeriesColor(i)); }

void LineChart(const char* id, ImVec2 size, const Axes& ax, std::span<const Series> series, std::span<const Marker> markers) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  if (size.x <= 0) size.x = ImGui::GetContentRegionAvail().x + size.x + 1.0f;  // ImGui's "-1 = all the width"
  size.x = std::max(size.x, 120.0f);
  size.y = std::max(size.y, 80.0f);
  ImGui::InvisibleButton(id, size);
  const bool hovered = ImGui::IsItemHovered();
  const float font = ImGui::GetFontSize();

  const std::vector<double> yt = LinearTicks(ax.y_min, ax.y_max, 5);
  const std::vector<double> xt = ax.log_x ? LogTicks(ax.x_min, ax.x_max) : LinearTicks(ax.x_min, ax.x_max, 6);
  float tick_w = 0;
  for (double v : yt) tick_w = std::max(tick_w, ImGui::CalcTextSize(Format(ax.y_format, v).c_str()).x);
  const ImVec2 lo(origin.x + tick_w + 8.0f, origin.y + font + 6.0f);
  const ImVec2 hi(origin.x + size.x - 8.0f, origin.y + size.y - 2.0f * font - 8.0f);
  const Scale sx{ax.x_min, ax.x_max, lo.x, hi.x, ax.log_x};
  const Scale sy{ax.y_min, ax.y_max, hi.y, lo.y, false};

  dl->AddRectFilled(lo, hi, IM_COL32(0, 0, 0, 60));
  for (double v : yt) {
    const float y = sy(v);
    dl->AddLine(ImVec2(lo.x, y), ImVec2(hi.x, y), kGrid);
    const std::string t = Format(ax.y_format, v);
    dl->AddText(ImVec2(lo.x - 4.0f - ImGui::CalcTextSize(t.c_str()).x, y - font * 0.5f), kTickText, t.c_str());
  }
  float last_label_end = -1e9f;
  for (double v : xt) {
    const float x = sx(v);
    dl->AddLine(ImVec2(x, lo.y), ImVec2(x, hi.y), kGrid);
    const std::string t = Format(ax.x_format, v);
    const float tw = ImGui::CalcTextSize(t.c_str()).x;
    const float tx = std::clamp(x - tw * 0.5f, origin.x, origin.x + size.x - tw);
    if (tx > last_label_end + 6.0f) {
      dl->AddText(ImVec2(tx, hi.y + 3.0f), kTickText, t.c_str());
      last_label_end = tx + tw;
    }
  }
  dl->AddRect(lo, hi, kFrame);
  if (!ax.y_label.empty()) dl->AddText(ImVec2(origin.x, origin.y), kTickText, ax.y_label.c_str());
  if (!ax.x_label.empty()) {
    const float w = ImGui::CalcTextSize(ax.x_label.c_str()).x;
    dl->AddText(ImVec2((lo.x + hi.x - w) * 0.5f, hi.y + font + 5.0f), kTickText, ax.x_label.c_str());
  }

  dl->PushClipRect(lo, hi, true);
  if (ax.x_line) {
    const float x = sx(*ax.x_line);
    float phase = 0;
    DashedLine(dl, ImVec2(x, lo.y), ImVec2(x, hi.y), kGuide, 1.0f, phase);
    if (!ax.x_line_label.empty()) {
      const float w = ImGui::CalcTextSize(ax.x_line_label.c_str()).x;
      dl->AddText(ImVec2(x + 4.0f + w <= hi.x ? x + 4.0f : x - 4.0f - w, lo.y + 2.0f), kGuide, ax.x_line_label.c_str());
    }
  }
  std::vector<ImVec2> pts;
  for (const Series& s : series) {
    pts.clear();
    const std::size_t n = std::min(s.x.size(), s.y.size());
    for (std::size_t i = 0; i < n; ++i) {
      if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i]) || (ax.log_x && s.x[i] <= 0)) continue;
      pts.emplace_back(sx(s.x[i]), sy(s.y[i]));
    }
    if (s.dashed) {
      float phase = 0;
      for (std::size_t i = 1; i < pts.size(); ++i) DashedLine(dl, pts[i - 1], pts[i], s.color, s.thickness, phase);
    } else if (pts.size() > 1) {
      dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), s.color, 0, s.thickness);
    }
    if (s.markers || pts.size() == 1) {
      for (const ImVec2& p : pts) dl->AddCircleFilled(p, s.thickness + 1.5f, s.color);
    }
  }
  for (const Marker& m : markers) {
    const ImVec2 p(sx(m.x), sy(m.y));
    dl->AddCircleFilled(p, 5.0f, m.color);
    dl->AddCircle(p, 7.0f, IM_COL32(0, 0, 0, 200), 0, 1.5f);
    if (!m.label.empty()) {
      const ImVec2 ts = ImGui::CalcTextSize(m.label.c_str());
      const float tx = std::max(p.x + 10.0f + ts.x > hi.x ? p.x - 10.0f - ts.x : p.x + 10.0f, lo.x + 3.0f);
      const float ty = std::clamp(p.y - ts.y - 4.0f, lo.y + 2.0f, hi.y - ts.y - 2.0f);
      dl->AddRectFilled(ImVec2(tx - 3.0f, ty - 1.0f), ImVec2(tx + ts.x + 3.0f, ty + ts.y + 1.0f), IM_COL32(0, 0, 0, 170), 3.0f);
      dl->AddText(ImVec2(tx, ty), m.color, m.label.c_str());
    }
  }
  dl->PopClipRect();

  if (hovered) {
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    if (mouse.x >= lo.x && mouse.x <= hi.x) {
      dl->AddLine(ImVec2(mouse.x, lo.y), ImVec2(mouse.x, hi.y), kGuide);
      ImGui::BeginTooltip();
      ImGui::Text("%s %s", ax.x_label.c_str(), Format(ax.x_format, sx.Inverse(mouse.x)).c_str());
      for (const Series& s : series) {
        const std::size_t n = std::min(s.x.size(), s.y.size());
        std::size_t best = n;
        float best_d = 1e30f;
        for (std::size_t i = 0; i < n; ++i) {
          if (ax.log_x && s.x[i] <= 0) continue;
          if (!std::isfinite(s.y[i])) continue;  // a gap (no value in that interval) has nothing to show
          const float d = std::abs(sx(s.x[i]) - mouse.x);
          if (d < best_d) {
            best_d = d;
            best = i;
          }
        }
        if (best == n) continue;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(s.color), "%-14s %s at %s", s.label.c_str(),
                           Format("%.4g", s.y[best]).c_str(), Format(ax.x_format, s.x[best]).c_str());
      }
      ImGui::EndTooltip();
    }
  }
}

void BarChart(const char* id, float width, std::span<const Bar> bars, double max_value, std::optional<double> reference,
              const char* reference_label) {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (width <= 0) width = ImGui::GetContentRegionAvail().x;  // ImGui's convention: ≤ 0 fills the row
  const float font = ImGui::GetFontSize();
  const float row_h = font + 6.0f;
  float label_w = 0, text_w = 0;
  double top = max_value;
  for (const Bar& b : bars) {
    label_w = std::max(label_w, ImGui::CalcTextSize(b.label.c_str()).x);
    text_w = std::max(text_w, ImGui::CalcTextSize((b.text.empty() ? Format("%.4g", b.value) : b.text).c_str()).x);
    if (max_value <= 0) top = std::max(top, b.value);
  }
  if (reference && max_value <= 0) top = std::max(top, *reference);
  if (!(top > 0)) top = 1;
  const float top_pad = reference && reference_label ? font + 2.0f : 0.0f;
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float h = top_pad + row_h * static_cast<float>(bars.size());
  ImGui::InvisibleButton(id, ImVec2(std::max(width, 100.0f), std::max(h, 1.0f)));
  const bool hovered = ImGui::IsItemHovered();
  const float x0 = origin.x + label_w + 8.0f;
  const float x1 = std::max(origin.x + width - text_w - 8.0f, x0 + 20.0f);
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& b = bars[i];
    const float y = origin.y + top_pad + row_h * static_cast<float>(i);
    dl->AddText(ImVec2(origin.x, y + 3.0f), kTickText, b.label.c_str());
    const float frac = static_cast<float>(std::clamp(b.value / top, 0.0, 1.0));
    dl->AddRectFilled(ImVec2(x0, y + 2.0f), ImVec2(x1, y + row_h - 2.0f), IM_COL32(255, 255, 255, 12), 2.0f);
    dl->AddRectFilled(ImVec2(x0, y + 2.0f), ImVec2(x0 + (x1 - x0) * frac, y + row_h - 2.0f), b.color, 2.0f);
    const std::string t = b.text.empty() ? Format("%.4g", b.value) : b.text;
    dl->AddText(ImVec2(x1 + 6.0f, y + 3.0f), IM_COL32(225, 228, 235, 255), t.c_str());
    if (hovered && !b.tooltip.empty()) {
      const ImVec2 m = ImGui::GetIO().MousePos;
      if (m.y >= y && m.y < y + row_h) ImGui::SetTooltip("%s", b.tooltip.c_str());
    }
  }
  if (reference) {
    const float x = x0 + (x1 - x0) * static_cast<float>(std::clamp(*reference / top, 0.0, 1.0));
    float phase = 0;
    DashedLine(dl, ImVec2(x, origin.y + top_pad), ImVec2(x, origin.y + h), kGuide, 1.5f, phase);
    if (reference_label != nullptr) {
      const float w = ImGui::CalcTextSize(reference_label).x;
      dl->AddText(ImVec2(std::min(x - w * 0.5f, origin.x + width - w), origin.y), kGuide, reference_label);
    }
  }
}

}  // namespace sdlab::web::plot
