// zipf_trace_tool: writes a synthetic IRM trace in libCacheSim's oracleGeneral format, for the cache
// replay benchmark (or any oracleGeneral reader).
//
//   zipf_trace_tool [--objects 1000000] [--requests 20000000] [--alpha 1.0] [--seed 1]
//                   [--rate 1000] --out bench/data/zipf1_1M_20M.oracleGeneral
//
// Records are 24 bytes, little-endian: uint32 timestamp (request index / rate), uint64 object id
// (Mix64 of the popularity rank + 1, so ids look like hashes), uint32 size (100..10 099 bytes, fixed
// per object), int64 index of the next request for the object (-1 if none).
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "sdlab/cache.h"
#include "sdlab/random.h"
#include "sdlab/shard.h"

namespace {

void Put(std::vector<char>& buf, std::uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) buf.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}

}  // namespace

int main(int argc, char** argv) {
  std::uint32_t objects = 1'000'000;
  std::uint64_t requests = 20'000'000;
  double alpha = 1.0;
  std::uint64_t seed = 1;
  double rate = 1000;
  std::string out;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--objects") objects = static_cast<std::uint32_t>(std::stoul(value));
    else if (flag == "--requests") requests = std::stoull(value);
    else if (flag == "--alpha") alpha = std::stod(value);
    else if (flag == "--seed") seed = std::stoull(value);
    else if (flag == "--rate") rate = std::stod(value);
    else if (flag == "--out") out = value;
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (out.empty() || objects == 0 || requests == 0 || requests >= 0xFFFFFFFFull) {
    std::cerr << "usage: zipf_trace_tool --out FILE [--objects N] [--requests R] [--alpha A] [--seed S] [--rate R]\n";
    return 2;
  }
  const auto t0 = std::chrono::steady_clock::now();
  const sdlab::cache::ZipfSampler zipf(objects, alpha);
  sdlab::Rng rng(seed);
  std::vector<std::uint32_t> rank(requests);
  for (auto& r : rank) r = zipf.Sample(rng);
  std::vector<std::int64_t> next(requests);
  std::vector<std::int64_t> seen(objects, -1);
  for (std::uint64_t i = requests; i-- > 0;) {
    next[i] = seen[rank[i]];
    seen[rank[i]] = static_cast<std::int64_t>(i);
  }
  std::ofstream f(out, std::ios::binary);
  if (!f) {
    std::cerr << out << ": cannot write\n";
    return 1;
  }
  std::vector<char> buf;
  buf.reserve(24 * 65536);
  for (std::uint64_t i = 0; i < requests; ++i) {
    const std::uint64_t id = sdlab::shard::Mix64(static_cast<std::uint64_t>(rank[i]) + 1);
    Put(buf, static_cast<std::uint64_t>(static_cast<double>(i) / rate), 4);
    Put(buf, id, 8);
    Put(buf, 100 + id % 10000, 4);
    Put(buf, static_cast<std::uint64_t>(next[i]), 8);
    if (buf.size() >= 24 * 65536) {
      f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
      buf.clear();
    }
  }
  f.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::cout << "wrote " << requests << " requests over " << objects << " objects (Zipf α=" << alpha << ") to " << out
            << " in " << s << " s\n";
  return f ? 0 : 1;
}
