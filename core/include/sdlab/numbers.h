// sdlab/numbers.h — reference numbers for back-of-envelope work.
//
// Latency numbers every programmer should know: the widely circulated table (Jeff Dean's talk,
// Peter Norvig's "Teach Yourself Programming in Ten Years", as collected by the
// system-design-primer), in nanoseconds. They are orders of magnitude, not measurements of any
// particular machine. Powers of two: exact values with their usual names.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace sdlab {

struct LatencyNumber {
  std::string operation;
  double ns = 0;
  std::string note;  ///< e.g. "14x L1 cache"
};

struct PowerOfTwo {
  int power = 0;
  double exact = 0;        ///< 2^power
  std::string approx;      ///< "1 thousand", "1 million", ...
  std::string bytes_name;  ///< "1 KiB (≈ 1 KB)"
};

std::vector<LatencyNumber> LatencyNumbers();
std::vector<PowerOfTwo> PowersOfTwo();
nlohmann::json NumbersToJson();

}  // namespace sdlab
