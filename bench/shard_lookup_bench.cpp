// shard_lookup_bench: nanoseconds per key lookup for every placement scheme, single-threaded.
//
//   shard_lookup_bench [--nodes 64] [--vnodes 100] [--lookups 10000000]
//
// Time is CPU time (std::clock). Keys are random 64-bit values drawn before the clock starts; bounded is timed on Locate (its
// ring successor), geo with four regions sharing the nodes.
#include <ctime>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "sdlab/random.h"
#include "sdlab/shard.h"

int main(int argc, char** argv) {
  using namespace sdlab::shard;
  std::uint32_t nodes = 64, vnodes = 100;
  std::uint64_t lookups = 10'000'000;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--nodes") nodes = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--vnodes") vnodes = static_cast<std::uint32_t>(std::stoul(argv[i + 1]));
    else if (flag == "--lookups") lookups = std::stoull(argv[i + 1]);
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  sdlab::Rng rng(1);
  std::vector<std::uint64_t> keys(1 << 20);
  for (auto& k : keys) k = rng.Next();
  std::printf("%-11s %8s %8s %12s %16s %14s\n", "scheme", "nodes", "vnodes", "ns/lookup", "complexity", "state_bytes");
  for (const SchemeInfo& s : Schemes()) {
    PartitionerDef d;
    d.scheme = std::string(s.name);
    d.nodes = nodes;
    d.vnodes = vnodes;
    if (d.scheme == "geo") {
      const std::uint32_t per = nodes / 4 > 0 ? nodes / 4 : 1;
      d.regions = {{"eu", per, 0.4}, {"us", per, 0.3}, {"ap", per, 0.2}, {"sa", per, 0.1}};
    }
    auto p = MakePartitioner(d);
    if (!p) {
      std::cerr << s.name << ": " << p.error().message << "\n";
      return 1;
    }
    std::uint64_t sink = 0;
    const std::clock_t start = std::clock();  // CPU time: robust when the machine is shared
    for (std::uint64_t i = 0; i < lookups; ++i) sink += (*p)->Locate(keys[i & (keys.size() - 1)]);
    const double ns = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC * 1e9 / static_cast<double>(lookups);
    const LookupCost c = (*p)->Cost();
    std::printf("%-11s %8u %8u %12.1f %16s %14.0f   (checksum %llu)\n", d.scheme.c_str(), (*p)->NodeCount(),
                (d.scheme == "ring" || d.scheme == "bounded") ? vnodes : 0u, ns, c.complexity.c_str(), c.memory_bytes,
                static_cast<unsigned long long>(sink % 1000));
  }
  return 0;
}
