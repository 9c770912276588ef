// cache_replay_bench: replays one trace through every eviction policy, single-threaded, and reports
// requests per second, metadata bytes per cached object and the miss ratio.
//
//   cache_replay_bench [--trace FILE.oracleGeneral] [--honour-size] [--sizes 10000,100000]
//                      [--policies lru,fifo,...] [--objects 1000000 --requests 20000000 --alpha 1]
//                      [--repeat 3] [--rate 100000]
//
// The models of real servers (redis-*, memcached) need a clock: a trace's timestamps, or --rate
// requests per second for a generated workload (default 100 000/s).
// Without --trace the same Zipf workload is generated in memory (the trace tool writes it to a file).
// Timing covers Replay() only: the policy is built (memory reserved for the capacity) and Belady's
// next-access index computed before the clock starts. Both CPU time (std::clock: what the replay
// costs, robust when other processes share the machine) and wall time are reported; with --repeat N
// each replay runs N times on a fresh policy and the fastest run is reported.
#include <chrono>
#include <ctime>
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "sdlab/cache.h"

namespace {

std::vector<std::string> Split(const std::string& s) {
  std::vector<std::string> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) out.push_back(item);
  }
  return out;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace sdlab::cache;
  std::string trace_path;
  bool honour_size = false;
  std::vector<std::uint64_t> sizes = {10000, 100000};
  std::vector<std::string> policies;
  int repeat = 1;
  double rate = 100000;
  WorkloadDef w;
  w.objects = 1'000'000;
  w.requests = 20'000'000;
  w.alpha = 1.0;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::cerr << flag << " needs a value\n";
        std::exit(2);
      }
      return argv[++i];
    };
    if (flag == "--trace") trace_path = value();
    else if (flag == "--honour-size") honour_size = true;
    else if (flag == "--sizes") {
      sizes.clear();
      for (const auto& s : Split(value())) sizes.push_back(std::stoull(s));
    } else if (flag == "--policies") policies = Split(value());
    else if (flag == "--objects") w.objects = static_cast<std::uint32_t>(std::stoul(value()));
    else if (flag == "--requests") w.requests = std::stoull(value());
    else if (flag == "--alpha") w.alpha = std::stod(value());
    else if (flag == "--seed") w.seed = std::stoull(value());
    else if (flag == "--repeat") repeat = std::max(1, std::stoi(value()));
    else if (flag == "--rate") rate = std::stod(value());
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  if (policies.empty()) {
    for (const auto& p : Policies()) policies.emplace_back(p.name);
  }

  auto t0 = std::chrono::steady_clock::now();
  Trace trace;
  if (!trace_path.empty()) {
    std::ifstream in(trace_path, std::ios::binary);
    if (!in) {
      std::cerr << trace_path << ": cannot open\n";
      return 1;
    }
    TraceReadOptions opt;
    opt.ignore_size = !honour_size;
    opt.max_requests = 400'000'000;
    auto t = ReadTrace(in, opt);
    if (!t) {
      std::cerr << trace_path << ": " << t.error().message << "\n";
      return 1;
    }
    trace = std::move(*t);
  } else {
    auto t = GenerateTrace(w);
    if (!t) {
      std::cerr << t.error().message << "\n";
      return 1;
    }
    trace = std::move(*t);
  }
  std::printf("trace: %zu requests, %u objects, %s (loaded in %.2f s)\n", trace.size(), trace.object_count,
              trace.HasSizes() ? "sizes honoured: capacity in bytes" : "unit sizes: capacity in objects", Seconds(t0));
  std::printf("%-8s %10s %14s %14s %10s %13s %9s\n", "policy", "capacity", "req/s (cpu)", "req/s (wall)",
              "miss_ratio", "bytes/object", "objects");
  std::vector<std::uint32_t> next;
  for (std::uint64_t size : sizes) {
    for (const std::string& name : policies) {
      const PolicyInfo* info = FindPolicy(name);
      if (info == nullptr) {
        std::cerr << "unknown policy " << name << "\n";
        return 2;
      }
      if (info->needs_future && next.empty()) next = NextAccessIndex(trace);
      PolicyDef d;
      d.name = name;
      d.capacity = size;
      d.reserve_objects = trace.HasSizes() ? 0 : std::min<std::uint64_t>(size, trace.object_count);
      d.ticks_per_second = trace.times.empty() ? rate : 1.0;
      const std::span<const std::uint32_t> future =
          info->needs_future ? std::span<const std::uint32_t>(next) : std::span<const std::uint32_t>();
      double best_cpu = 0, best_wall = 0, miss_ratio = 0, bytes_per_object = 0, objects = 0;
      for (int run = 0; run < repeat; ++run) {
        auto policy = MakePolicy(d);
        if (!policy) {
          std::cerr << policy.error().message << "\n";
          return 2;
        }
        const std::clock_t cpu_start = std::clock();
        const auto start = std::chrono::steady_clock::now();
        const auto c = (*policy)->Replay(trace, future, 0, trace.size());
        const double s = Seconds(start);
        const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
        best_cpu = std::max(best_cpu, static_cast<double>(c.requests) / cpu);
        best_wall = std::max(best_wall, static_cast<double>(c.requests) / s);
        miss_ratio = 1.0 - static_cast<double>(c.hits) / static_cast<double>(c.requests);
        objects = static_cast<double>((*policy)->ObjectCount());
        bytes_per_object = objects > 0 ? static_cast<double>((*policy)->MemoryBytes()) / objects : 0.0;
      }
      std::printf("%-8s %10llu %14.3e %14.3e %10.4f %13.1f %9.0f\n", name.c_str(), static_cast<unsigned long long>(size),
                  best_cpu, best_wall, miss_ratio, bytes_per_object, objects);
      std::fflush(stdout);
    }
  }
  return 0;
}
