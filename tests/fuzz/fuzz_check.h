// tests/fuzz/fuzz_check.h — what every fuzz target asserts besides "no crash, no sanitizer report":
// numbers that reach a report are finite (no NaN or infinity ever printed).
#pragma once

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace sdlab::fuzz {

/// Aborts (a finding for libFuzzer) when `j` holds a non-finite number anywhere.
inline void RequireFinite(const nlohmann::json& j, const char* what) {
  if (j.is_number_float()) {
    if (!std::isfinite(j.get<double>())) {
      std::fprintf(stderr, "non-finite number in %s\n", what);
      std::abort();
    }
    return;
  }
  if (j.is_structured())
    for (const auto& v : j) RequireFinite(v, what);
}

inline void Require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

}  // namespace sdlab::fuzz
