// sim_bench: speed of the discrete-event simulator (core/include/sdlab/sim.h), single thread.
//
//   sim_bench [--requests 10000000] [--repeats 3]
//
// Figures (each the best of `repeats` runs, the least disturbed by other work on the machine):
//   heap      event-queue push+pop pairs per second with 1000 events pending (the engine's floor)
//   engine    simulator events per second on the 10-component scenario below
//   scenario  seconds to push `requests` requests through that scenario (all flows counted), one run
//   parallel  the same number of requests as independent replications, one per hardware thread, run
//             at once (what `sdlab simulate --replications R` does with --jobs); native builds only
// The same file builds with Emscripten (std::chrono harness, no Google Benchmark), so running it
// natively and under node gives the WebAssembly/native ratio on the same run. A checksum of the
// result is printed so both builds can be seen to do the same work.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "sdlab/blueprint.h"
#include "sdlab/random.h"
#include "sdlab/sim.h"
#include "sim/event_queue.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// Ten components: client, DNS, CDN, load balancer, gateway, API, cache, leader-follower database,
// queue and worker. Reads 90K/s and writes 10K/s at the entry, plus an async fan-out per write.
constexpr const char* kScenario = R"({
  "name": "bench-10",
  "requirements": { "reads": "90K/s", "writes": "10K/s", "peak_factor": 1 },
  "zones": [ { "id": "edge", "kind": "dmz", "region": "r1" }, { "id": "app", "kind": "private", "region": "r1" },
             { "id": "data", "kind": "data", "region": "r1" } ],
  "components": [
    { "id": "users", "kind": "client" },
    { "id": "dns", "kind": "dns", "hit_ratio": "99%" },
    { "id": "cdn", "kind": "cdn", "hit_ratio": "50%", "latency": "1ms" },
    { "id": "lb", "kind": "load_balancer", "zone": "edge", "strategy": "round_robin", "capacity": "1M/s" },
    { "id": "gateway", "kind": "api_gateway", "zone": "edge", "replicas": 4, "capacity": "100K/s", "latency": "1ms" },
    { "id": "api", "kind": "service", "zone": "app", "replicas": 8, "capacity": "20K/s", "latency": "5ms" },
    { "id": "cache", "kind": "cache", "zone": "data", "replicas": 4, "capacity": "200K/s", "latency": "500us",
      "hit_ratio": "80%" },
    { "id": "db", "kind": "database", "zone": "data", "replicas": 3, "capacity": "50K/s", "latency": "2ms",
      "replication": { "mode": "leader_follower", "sync": "async", "followers": 2, "read_from_replicas": true } },
    { "id": "jobs", "kind": "queue", "zone": "app" },
    { "id": "worker", "kind": "service", "zone": "app", "replicas": 4, "capacity": "10K/s", "latency": "10ms" }
  ],
  "links": [
    { "from": "users", "to": "dns", "protocol": "udp" },
    { "from": "dns", "to": "cdn", "protocol": "https", "tls": "tls1.3" },
    { "from": "users", "to": "cdn", "protocol": "https", "tls": "tls1.3" },
    { "from": "cdn", "to": "lb", "protocol": "https", "tls": "tls1.3" },
    { "from": "users", "to": "lb", "protocol": "https", "tls": "tls1.3" },
    { "from": "lb", "to": "gateway", "protocol": "http" },
    { "from": "gateway", "to": "api", "protocol": "grpc", "tls": "mtls" },
    { "from": "api", "to": "cache", "protocol": "tcp" },
    { "from": "cache", "to": "db", "protocol": "sql" },
    { "from": "api", "to": "db", "protocol": "sql" },
    { "from": "api", "to": "jobs", "protocol": "amqp" },
    { "from": "jobs", "to": "worker", "protocol": "amqp" }
  ],
  "flows": [
    { "id": "read", "kind": "read", "share": "100%",
      "path": ["users", "dns", "cdn", "lb", "gateway", "api", "cache", "db"] },
    { "id": "write", "kind": "write", "share": "100%", "path": ["users", "lb", "gateway", "api", "db"] },
    { "id": "fanout", "kind": "write", "share": "100%", "async": true, "path": ["api", "jobs", "worker"] }
  ]
})";
constexpr double kEntryRate = 110000;  // all three flows' arrivals per second

}  // namespace

int main(int argc, char** argv) {
  double requests = 1e7;
  int repeats = 3;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--requests") requests = std::max(1e4, std::stod(argv[i + 1]));
    if (flag == "--repeats") repeats = std::max(1, std::stoi(argv[i + 1]));
  }

  // Heap: 1000 events pending, each step pops the earliest and pushes one a random delay later.
  {
    constexpr int kPending = 1000;
    constexpr std::uint64_t kSteps = 20'000'000;
    double best = 1e300;
    double sink = 0;
    for (int r = 0; r < repeats; ++r) {
      sdlab::Rng rng(42);
      sdlab::sim::EventQueue q;
      for (int i = 0; i < kPending; ++i) q.Push(rng.Uniform01(), 1, static_cast<std::uint32_t>(i), 0);
      const auto t0 = Clock::now();
      for (std::uint64_t s = 0; s < kSteps; ++s) {
        const sdlab::sim::Event e = q.Pop();
        q.Push(e.t + rng.Uniform01(), 1, e.A(), 0);
      }
      best = std::min(best, Seconds(t0, Clock::now()));
      sink += q.Top().t;
    }
    std::printf("heap      %.1f M push+pop pairs/s (1000 pending)   [check %.3f]\n", kSteps / best / 1e6, sink);
  }

  auto bp = sdlab::LoadBlueprint(kScenario);
  if (!bp) {
    for (const auto& d : bp.error()) std::fprintf(stderr, "%s\n", d.ToString().c_str());
    return 2;
  }
  sdlab::sim::SimDef def;
  def.duration_s = requests / kEntryRate;
  def.budget.max_requests = requests * 2;
  def.budget.max_events = requests * 40;
  def.budget.max_memory_bytes = 2e9;
  double best = 1e300;
  std::uint64_t events = 0;
  sdlab::sim::SimResult result;
  for (int r = 0; r < repeats; ++r) {
    auto sim = sdlab::sim::Simulation::Create(*bp, def);
    if (!sim) {
      std::fprintf(stderr, "%s\n", sim.error().Message().c_str());
      return 2;
    }
    const auto t0 = Clock::now();
    sim->Advance(sim->EndTime());
    const double s = Seconds(t0, Clock::now());
    if (s < best) {
      best = s;
      events = sim->EventsProcessed();
      result = sim->Result();
    }
  }
  std::uint64_t all_requests = 0;
  for (const auto& f : result.flows) all_requests += f.arrivals;
  std::printf("engine    %.1f M events/s (%llu events)\n", static_cast<double>(events) / best / 1e6,
              static_cast<unsigned long long>(events));
  std::printf("scenario  %.2f s for %.3g requests through 10 components (%.2f M requests/s)\n", best,
              static_cast<double>(all_requests), static_cast<double>(all_requests) / best / 1e6);
  std::printf("          p50 %.3f ms  p99 %.3f ms  throughput %.0f/s  errors %.4f  [check %llu]\n",
              result.latency.p50_s * 1e3, result.latency.p99_s * 1e3, result.throughput_rps, result.error_rate,
              static_cast<unsigned long long>(result.succeeded));

#if !defined(__EMSCRIPTEN__)
  // The same requests split over one replication per hardware thread (replication i is the run with
  // seed ReplicationSeed(1, i)); each thread advances its own Simulation, created before the clock starts.
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  if (threads > 1) {
    sdlab::sim::SimDef part = def;
    part.duration_s = requests / threads / kEntryRate;
    double best_par = 1e300;
    std::uint64_t par_requests = 0;
    for (int r = 0; r < repeats; ++r) {
      std::vector<sdlab::sim::Simulation> sims;
      for (unsigned i = 0; i < threads; ++i) {
        auto sim = sdlab::sim::Simulation::Create(*bp, part, static_cast<int>(i));
        if (!sim) {
          std::fprintf(stderr, "%s\n", sim.error().Message().c_str());
          return 2;
        }
        sims.push_back(std::move(*sim));
      }
      const auto t0 = Clock::now();
      std::vector<std::thread> pool;
      for (auto& sim : sims) pool.emplace_back([&sim] { sim.Advance(sim.EndTime()); });
      for (auto& t : pool) t.join();
      best_par = std::min(best_par, Seconds(t0, Clock::now()));
      par_requests = 0;
      for (const auto& sim : sims)
        for (const auto& f : sim.Result().flows) par_requests += f.arrivals;
    }
    std::printf("parallel  %.2f s for %.3g requests as %u replications on %u threads (%.2f M requests/s)\n", best_par,
                static_cast<double>(par_requests), threads, threads, static_cast<double>(par_requests) / best_par / 1e6);
  }
#endif
  return 0;
}
