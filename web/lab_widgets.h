// web/lab_widgets.h — widgets the lab panels share (internal to web/lab_*.cpp and web/labs.cpp):
// input rows that record their rect for tests and explain themselves on hover, a stopwatch for the
// compute time, and the labs' colours.
#pragma once

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include <imgui.h>

#include "labs.h"

namespace sdlab::web::lab {

inline const ImVec4 kColorOk{0.45f, 0.85f, 0.50f, 1.0f};
inline const ImVec4 kColorWarn{0.95f, 0.78f, 0.35f, 1.0f};
inline const ImVec4 kColorError{1.0f, 0.45f, 0.42f, 1.0f};
inline const ImVec4 kColorDim{0.62f, 0.64f, 0.70f, 1.0f};
inline const ImVec4 kColorAccent{0.55f, 0.78f, 1.0f, 1.0f};

/// Wall-clock milliseconds since construction (the page's clock; never used by the core).
class Stopwatch {
 public:
  double ElapsedMs() const {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start_).count();
  }

 private:
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

/// Runs jobs of `p` (step(job index)) until `budget_ms` of wall time is used, at least one. A step
/// may advance p.next itself to skip jobs it made unnecessary. Finishing records the update's time.
template <class Step>
void RunLabJobs(LabProgress& p, double budget_ms, Step&& step) {
  if (!p.Pending()) return;
  Stopwatch sw;
  while (p.Pending()) {
    step(p.next++);
    if (sw.ElapsedMs() >= budget_ms) break;
  }
  const double ms = sw.ElapsedMs();
  p.running_ms += ms;
  p.running_max_ms = std::max(p.running_max_ms, ms);
  if (!p.Pending()) {
    p.compute_ms = p.running_ms;
    p.max_slice_ms = p.running_max_ms;
    ++p.updates;
  }
}

/// Frame budget of a lab's jobs, milliseconds.
inline constexpr double kFrameBudgetMs = 20.0;

/// A tooltip now, wrapped at a readable width.
void Tooltip(const char* text);
/// Tooltip(text) when the last item is hovered.
void Teach(const char* text);
/// The lab's explanation: wrapped dim text (two or three lines).
void Explain(const char* text);

/// Inputs are laid out in a table of `columns` (label, widget) pairs; each row helper fills one pair.
bool BeginInputs(const char* id, int pairs);
void EndInputs();
/// A slider row; Ctrl+click types a value. Records the slider as `id`. True when the value changed.
bool SliderDouble(PlaygroundState& s, const char* label, const char* id, double* v, double lo, double hi,
                  const char* format, const char* help, bool logarithmic = false);
bool SliderInt(PlaygroundState& s, const char* label, const char* id, int* v, int lo, int hi, const char* help,
               bool logarithmic = false);
/// One radio button per option (name → label) on one line; records each as `<id>:<name>`.
bool ChoiceRow(PlaygroundState& s, const char* label, const char* id, std::string* value,
               const std::string_view* names, const std::string_view* labels, int count, const char* help);


}  // namespace sdlab::web::lab
