// `sdlab model balance`: a load-balancing strategy simulated over N backends (or every strategy side by
// side on the same arrivals with --strategy all).
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/balance.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct BalanceArgs {
  std::string format;
  std::string strategy = "round-robin";
  std::string layer = "l7";
  int backends = 4;
  std::string weights, slow_backend, fail_backend;
  std::string arrival_rate, service_rate = "100/s";
  int workers = 1;
  double service_cv = 1.0;
  int clients = 1000;
  double client_zipf = 0;
  int requests_per_connection = 50;
  bool no_health_checks = false;
  std::string health_check_interval = "5s";
  int unhealthy_threshold = 3;
  std::string timeout = "1s";
  std::uint64_t requests = 200000;
  std::uint64_t seed = 1;
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

bool ReadDouble(const std::string& text, double& out) {
  try {
    std::size_t used = 0;
    out = std::stod(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

bool ReadIndex(const std::string& text, int& out) {
  try {
    std::size_t used = 0;
    out = std::stoi(text, &used);
    return used == text.size();
  } catch (const std::exception&) {
    return false;
  }
}

void PrintResult(std::ostream& out, const balance::BalanceResult& r) {
  out << balance::StrategyKey(r.strategy) << " (" << (r.layer == LbLayer::L4 ? "L4" : "L7") << "), " << r.requests
      << " requests measured, offered utilisation " << units::FormatPercent(r.offered_utilization, 3) << "\n";
  out << "  " << std::left << std::setw(9) << "backend" << std::setw(8) << "speed" << std::setw(10) << "requests"
      << std::setw(9) << "share" << std::setw(12) << "utilisation" << std::setw(12) << "p50" << std::setw(12) << "p99"
      << "errors\n";
  for (const auto& b : r.per_backend) {
    out << "  " << std::left << std::setw(9) << (std::to_string(b.index) + (b.failed ? "!" : "")) << std::setw(8)
        << units::FormatNumber(b.speed, 3) << std::setw(10) << b.requests << std::setw(9)
        << units::FormatPercent(b.share, 3) << std::setw(12) << units::FormatPercent(b.utilization, 3) << std::setw(12)
        << (units::FormatNumber(b.p50_ms, 4) + " ms") << std::setw(12) << (units::FormatNumber(b.p99_ms, 4) + " ms")
        << b.errors << "\n";
  }
  out << "  latency p50/p95/p99/p99.9: " << units::FormatNumber(r.p50_ms, 4) << " / " << units::FormatNumber(r.p95_ms, 4)
      << " / " << units::FormatNumber(r.p99_ms, 4) << " / " << units::FormatNumber(r.p999_ms, 4) << " ms\n";
  out << "  imbalance max/avg: requests " << units::FormatNumber(r.max_over_avg, 4) << ", utilisation "
      << units::FormatNumber(r.utilization_max_over_avg, 4) << "; error rate " << units::FormatPercent(r.error_rate, 3)
      << "\n";
  for (const auto& n : r.notes) out << "  - " << n << "\n";
}

}  // namespace

void AddModelBalanceCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<BalanceArgs>();
  CLI::App* cmd = model.add_subcommand(
      "balance", "Load balancing: a strategy over N backends → per-backend load, p50/p99, imbalance (or --strategy all)");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--strategy", a->strategy,
                  "round-robin (default), weighted-round-robin, least-connections, ip-hash, least-response-time, "
                  "power-of-two-choices, random, or all");
  cmd->add_option("--layer", a->layer, "l7 (default: a decision per request) or l4 (per connection)");
  cmd->add_option("--backends", a->backends, "Backends (default 4)")->check(CLI::Range(1, 1000));
  cmd->add_option("--weights", a->weights, "Weights for weighted round robin, e.g. 3,1,1,1");
  cmd->add_option("--slow-backend", a->slow_backend, "i:factor — backend i serves factor× slower, e.g. 0:4 (list: 0:4,2:2)");
  cmd->add_option("--fail-backend", a->fail_backend, "i or i@time — backend i stops answering (at time), e.g. 2@30s");
  cmd->add_option("--arrival-rate", a->arrival_rate, "Requests over the pool, e.g. 320/s (default: 80% of capacity)");
  cmd->add_option("--service-rate", a->service_rate, "Per worker at speed 1, e.g. 100/s (default)");
  cmd->add_option("--workers", a->workers, "Workers per backend (default 1)")->check(CLI::Range(1, 10000));
  cmd->add_option("--service-cv", a->service_cv, "Service-time coefficient of variation (default 1)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--clients", a->clients, "Distinct clients (default 1000)")->check(CLI::Range(1, 10000000));
  cmd->add_option("--client-zipf", a->client_zipf, "Client popularity skew, Zipf s (default 0 = uniform)")
      ->check(CLI::Range(0.0, 5.0));
  cmd->add_option("--requests-per-connection", a->requests_per_connection, "L4: requests per connection (default 50)")
      ->check(CLI::Range(1, 100000000));
  cmd->add_flag("--no-health-checks", a->no_health_checks, "The balancer never removes a failed backend");
  cmd->add_option("--health-check-interval", a->health_check_interval, "Health-check period (default 5s)");
  cmd->add_option("--unhealthy-threshold", a->unhealthy_threshold, "Failed checks before removal (default 3)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--timeout", a->timeout, "Request timeout on a dead backend (default 1s)");
  cmd->add_option("--requests", a->requests, "Requests simulated (default 200000)")->check(CLI::Range(1000, 10000000));
  cmd->add_option("--seed", a->seed, "Random seed (default 1)");
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model balance: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    auto rate = [&](const std::string& flag, const std::string& text) -> std::optional<double> {
      auto r = units::ParseRate(text);
      if (r) return *r;
      auto c = units::ParseCount(text);
      if (c) return *c;
      fail(flag + ": " + r.error().Message());
      return std::nullopt;
    };
    auto duration = [&](const std::string& flag, const std::string& text) -> std::optional<double> {
      auto d = units::ParseDuration(text);
      if (d) return *d;
      auto c = units::ParseCount(text);
      if (c) return *c;
      fail(flag + ": " + d.error().Message());
      return std::nullopt;
    };
    balance::BalanceDef d;
    d.backends = std::vector<balance::BackendDef>(static_cast<std::size_t>(a->backends));
    std::vector<LbStrategy> strategies;
    if (a->strategy == "all") {
      strategies = balance::AllStrategies();
    } else {
      auto s = balance::ParseStrategy(a->strategy);
      if (!s) return fail("--strategy: unknown '" + a->strategy + "'");
      strategies = {*s};
    }
    if (a->layer == "l4" || a->layer == "L4") d.layer = LbLayer::L4;
    else if (a->layer == "l7" || a->layer == "L7") d.layer = LbLayer::L7;
    else return fail("--layer: expected l4 or l7");
    if (!a->weights.empty()) {
      const auto items = SplitList(a->weights);
      if (items.size() != d.backends.size()) return fail("--weights: give one weight per backend");
      for (std::size_t i = 0; i < items.size(); ++i)
        if (!ReadDouble(items[i], d.backends[i].weight) || !(d.backends[i].weight > 0))
          return fail("--weights: '" + items[i] + "' is not a positive number");
    }
    if (!a->slow_backend.empty()) {
      for (const std::string& item : SplitList(a->slow_backend)) {
        const auto colon = item.find(':');
        int idx = 0;
        double factor = 0;
        if (colon == std::string::npos || !ReadIndex(item.substr(0, colon), idx) ||
            !ReadDouble(item.substr(colon + 1), factor) || !(factor > 0))
          return fail("--slow-backend: expected i:factor with factor > 0, e.g. 0:4");
        if (idx < 0 || idx >= a->backends) return fail("--slow-backend: backend index out of range");
        d.backends[static_cast<std::size_t>(idx)].speed = 1 / factor;
      }
    }
    if (!a->fail_backend.empty()) {
      for (const std::string& item : SplitList(a->fail_backend)) {
        const auto at = item.find('@');
        int idx = 0;
        if (!ReadIndex(item.substr(0, at), idx) || idx < 0 || idx >= a->backends)
          return fail("--fail-backend: expected a backend index (0.." + std::to_string(a->backends - 1) + ")[@time]");
        auto& b = d.backends[static_cast<std::size_t>(idx)];
        b.failed = true;
        if (at != std::string::npos) {
          auto t = duration("--fail-backend", item.substr(at + 1));
          if (!t) return;
          b.fail_at_s = *t;
        }
      }
    }
    const auto mu = rate("--service-rate", a->service_rate);
    if (!mu) return;
    d.service_rate_per_s = *mu;
    d.workers_per_backend = a->workers;
    if (a->arrival_rate.empty()) {
      double capacity = 0;
      for (const auto& b : d.backends) capacity += a->workers * *mu * b.speed;
      d.arrival_rate_per_s = 0.8 * capacity;
    } else {
      const auto lambda = rate("--arrival-rate", a->arrival_rate);
      if (!lambda) return;
      d.arrival_rate_per_s = *lambda;
    }
    const auto hci = duration("--health-check-interval", a->health_check_interval);
    const auto timeout = duration("--timeout", a->timeout);
    if (!hci || !timeout) return;
    d.health_checks = !a->no_health_checks;
    d.health_check_interval_s = *hci;
    d.unhealthy_threshold = a->unhealthy_threshold;
    d.timeout_s = *timeout;
    d.service_cv = a->service_cv;
    d.clients = a->clients;
    d.client_zipf = a->client_zipf;
    d.requests_per_connection = a->requests_per_connection;
    d.requests = a->requests;
    d.seed = a->seed;
    auto results = balance::CompareStrategies(d, strategies);
    if (!results) return fail(results.error().Message());
    nlohmann::json j;
    if (results->size() == 1) {
      j = balance::ToJson(results->front());
    } else {
      j = balance::ToJson(*results);
    }
    j["inputs"] = {{"backends", a->backends},
                   {"arrival_rate", d.arrival_rate_per_s},
                   {"service_rate", d.service_rate_per_s},
                   {"workers", d.workers_per_backend},
                   {"health_checks", d.health_checks},
                   {"requests", d.requests},
                   {"seed", d.seed}};
    if (a->format == "json") return PrintJson(ctx.out, j);
    for (std::size_t i = 0; i < results->size(); ++i) {
      if (i > 0) ctx.out << "\n";
      PrintResult(ctx.out, (*results)[i]);
    }
    if (results->size() > 1) {
      ctx.out << "\nside by side (same arrivals)\n";
      ctx.out << "  " << std::left << std::setw(24) << "strategy" << std::setw(12) << "p50 ms" << std::setw(12) << "p99 ms"
              << std::setw(12) << "max/avg" << "errors\n";
      for (const auto& r : *results)
        ctx.out << "  " << std::left << std::setw(24) << balance::StrategyKey(r.strategy) << std::setw(12)
                << units::FormatNumber(r.p50_ms, 4) << std::setw(12) << units::FormatNumber(r.p99_ms, 4) << std::setw(12)
                << units::FormatNumber(r.max_over_avg, 4) << units::FormatPercent(r.error_rate, 3) << "\n";
    }
  });
}

}  // namespace sdlab::cli
