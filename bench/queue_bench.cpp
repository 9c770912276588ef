// queue_bench: Erlang C at c = 10 000 in microseconds; broker simulation events per second; PBS
// trials and load-balancer requests per second. Single-threaded, std::chrono harness.
//
//   queue_bench [--repeats 5]
//
// Each figure is the best of `repeats` runs (the least disturbed by other work on the machine).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <string>

#include "sdlab/balance.h"
#include "sdlab/queue.h"
#include "sdlab/replication.h"

namespace {

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

template <class F>
double Best(int repeats, F&& f) {
  double best = 1e300;
  for (int i = 0; i < repeats; ++i) {
    const auto t0 = Clock::now();
    f();
    best = std::min(best, Seconds(t0, Clock::now()));
  }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  int repeats = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--repeats") repeats = std::max(1, std::stoi(argv[i + 1]));
    else {
      std::cerr << "unknown flag " << flag << "\n";
      return 2;
    }
  }
  using namespace sdlab::queue;
  volatile double sink = 0;

  // [SECTION] Erlang C
  {
    const int calls = 2000;
    const double t = Best(repeats, [&] {
      for (int i = 0; i < calls; ++i) sink = sink + ErlangC(10000, 9990.0 - (i % 7));
    });
    std::printf("erlang_c c=10000 rho=0.999        %8.2f us/call\n", 1e6 * t / calls);
    const int full = 200;
    const double t2 = Best(repeats, [&] {
      for (int i = 0; i < full; ++i) sink = sink + AnalyzeMmc(9990.0 - (i % 7), 1.0, 10000).response_p99_s.value_or(0);
    });
    std::printf("analyze_mmc c=10000 (+percentiles) %8.2f us/call\n", 1e6 * t2 / full);
    const double t3 = Best(repeats, [&] { sink = sink + AnalyzeMmcK(9990, 1, 10000, 20000).p_block.value_or(0); });
    std::printf("analyze_mmck c=10000 K=20000       %8.2f us/call\n", 1e6 * t3);
  }

  // [SECTION] Broker simulation
  for (BrokerMode mode : {BrokerMode::Log, BrokerMode::Queue}) {
    BrokerDef d;
    d.mode = mode;
    d.producers[0].rate_per_s = 2000;
    d.partitions = 8;
    d.workers_per_group = 8;
    d.consumer_groups = 2;
    d.service_time_s = 0.0035;
    d.crash_rate_per_s = 0.01;
    d.duration_s = 300;
    std::uint64_t events = 0, produced = 0;
    const double t = Best(repeats, [&] {
      auto r = SimulateBroker(d);
      events = r ? r->events : 0;
      produced = r ? r->produced : 0;
    });
    std::printf("broker %-5s %7llu msgs %9llu events  %6.2f M events/s (%.3f s)\n",
                std::string(BrokerModeName(mode)).c_str(), static_cast<unsigned long long>(produced),
                static_cast<unsigned long long>(events), events / t / 1e6, t);
  }

  // [SECTION] Queue simulation, PBS, balance
  {
    QueueSimDef d;
    d.queue = QueueDef{90, 1, 100, std::nullopt, 1.0};
    d.requests = 1'000'000;
    const double t = Best(repeats, [&] { sink = sink + SimulateQueue(d)->mean_wait_s.mean; });
    std::printf("queue sim M/M/100                  %6.2f M arrivals/s\n", d.requests / t / 1e6);
  }
  {
    sdlab::replication::PbsDef d;
    d.profile = *sdlab::replication::ParseWarsProfile("lnkd-ssd");
    d.trials = 200000;
    const double t = Best(repeats, [&] { sink = sink + sdlab::replication::SimulatePbs(d)->TVisibility(0.999); });
    std::printf("pbs N=3 R=W=1 lnkd-ssd             %6.2f M trials/s\n", d.trials / t / 1e6);
  }
  for (sdlab::LbStrategy s : {sdlab::LbStrategy::RoundRobin, sdlab::LbStrategy::LeastConnections,
                              sdlab::LbStrategy::PowerOfTwoChoices}) {
    sdlab::balance::BalanceDef d;
    d.strategy = s;
    d.backends = std::vector<sdlab::balance::BackendDef>(16);
    d.arrival_rate_per_s = 1400;
    d.requests = 500000;
    const double t = Best(repeats, [&] { sink = sink + sdlab::balance::SimulateBalance(d)->p99_ms; });
    std::printf("balance %-22s 16 backends %6.2f M requests/s\n",
                std::string(sdlab::balance::StrategyKey(s)).c_str(), d.requests / t / 1e6);
  }
  return sink < 0 ? 1 : 0;
}
