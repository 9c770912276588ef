#include "sdlab/numbers.h"

#include <cmath>
#include <nlohmann/json.hpp>

namespace sdlab {

std::vector<LatencyNumber> LatencyNumbers() {
  return {
      {"L1 cache reference", 0.5, ""},
      {"Branch mispredict", 5, ""},
      {"L2 cache reference", 7, "14x L1 cache"},
      {"Mutex lock/unlock", 25, ""},
      {"Main memory reference", 100, "20x L2 cache, 200x L1 cache"},
      {"Compress 1K bytes with Zippy", 10'000, ""},
      {"Send 1 KB bytes over 1 Gbps network", 10'000, ""},
      {"Read 4 KB randomly from SSD", 150'000, "~1 GB/s SSD"},
      {"Read 1 MB sequentially from memory", 250'000, ""},
      {"Round trip within same datacenter", 500'000, ""},
      {"Read 1 MB sequentially from SSD", 1'000'000, "~1 GB/s SSD, 4x memory"},
      {"HDD seek", 10'000'000, "20x datacenter round trip"},
      {"Read 1 MB sequentially from 1 Gbps", 10'000'000, "40x memory, 10x SSD"},
      {"Read 1 MB sequentially from HDD", 30'000'000, "120x memory, 30x SSD"},
      {"Send packet CA->Netherlands->CA", 150'000'000, ""},
  };
}

std::vector<PowerOfTwo> PowersOfTwo() {
  return {
      {7, 128, "", "128 B (max value of a signed byte + 1)"},
      {8, 256, "", "256 B"},
      {10, 1024, "1 thousand", "1 KiB (≈ 1 KB)"},
      {16, 65536, "65 thousand", "64 KiB"},
      {20, 1048576, "1 million", "1 MiB (≈ 1 MB)"},
      {30, 1073741824, "1 billion", "1 GiB (≈ 1 GB)"},
      {32, 4294967296, "4 billion", "4 GiB"},
      {40, 1099511627776, "1 trillion", "1 TiB (≈ 1 TB)"},
      {50, 1125899906842624, "1 quadrillion", "1 PiB (≈ 1 PB)"},
  };
}

nlohmann::json NumbersToJson() {
  nlohmann::json lat = nlohmann::json::array();
  for (const auto& l : LatencyNumbers()) lat.push_back({{"operation", l.operation}, {"ns", l.ns}, {"note", l.note}});
  nlohmann::json pow = nlohmann::json::array();
  for (const auto& p : PowersOfTwo())
    pow.push_back({{"power", p.power}, {"exact", p.exact}, {"approx", p.approx}, {"bytes", p.bytes_name}});
  return {{"latency_ns", lat}, {"powers_of_two", pow}};
}

}  // namespace sdlab
