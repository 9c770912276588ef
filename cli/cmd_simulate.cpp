// `sdlab simulate FILE [flags]`: discrete-event run of a blueprint (see core/include/sdlab/sim.h).
// The core runs in slices so that a progress bar can be drawn on a terminal for runs longer than a
// second (text format only, stderr only, never when stderr is not a TTY). Independent replications
// run on several threads (--jobs): each is its own Simulation (the core shares no state between
// runs) and results are kept by replication index, so the output is the same bytes for any --jobs.
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <iomanip>
#include <iostream>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>
#include <vector>

#include "commands.h"
#include "sdlab/blueprint.h"
#include "sdlab/sim.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct SimulateArgs {
  std::string file;
  std::string format;
  std::string duration, rate, warmup, timeout, max_memory, max_requests, max_events;
  std::string profile = "load";
  std::string arrivals = "poisson";
  std::uint64_t seed = 1;
  int replications = 1;
  int jobs = 0;  // threads for the replications; 0 = one per hardware thread
  int retries = -1;
  int queue_limit = 0;
  double spike_multiplier = 0;
  bool timeline = false;
  bool breaker = false;
  bool shed = false;
  bool no_stale = false;
  std::vector<std::string> fails;
  std::vector<std::string> services;
};

// Which flag changes the input a core error names.
std::string FlagHint(const std::string& field) {
  if (field == "max_requests") return " (raise it with --max-requests N, or shorten --duration / lower --rate)";
  if (field == "max_events") return " (raise it with --max-events N, or shorten --duration / lower --rate)";
  if (field == "max_memory") return " (raise it with --max-memory SIZE, or lower --queue-limit)";
  return "";
}

// Builds the SimDef from flags; returns an error message or "".
std::string DefFromFlags(const SimulateArgs& a, const Blueprint& bp, sim::SimDef& def) {
  auto seconds = [](const std::string& flag, const std::string& v, double& out) -> std::string {
    if (v.empty()) return "";
    auto d = units::ParseDuration(v);
    if (!d) {
      auto c = units::ParseCount(v);  // a plain number of seconds
      if (!c || v.find_first_not_of("0123456789.eE+-") != std::string::npos) return flag + ": " + d.error().Message();
      out = *c;
      return "";
    }
    out = *d;
    return "";
  };
  auto count = [](const std::string& flag, const std::string& v, double& out) -> std::string {
    if (v.empty()) return "";
    auto c = units::ParseCount(v);
    if (!c) return flag + ": " + c.error().Message();
    if (!(*c >= 1)) return flag + ": must be at least 1";
    out = *c;
    return "";
  };
  std::string err;
  def.seed = a.seed;
  if (!a.duration.empty()) {
    double d = 0;
    if (!(err = seconds("--duration", a.duration, d)).empty()) return err;
    if (!(d > 0)) return "--duration: must be above 0";
    def.duration_s = d;
  }
  if (!(err = seconds("--warmup", a.warmup, def.warmup_s)).empty()) return err;
  if (!(err = seconds("--timeout", a.timeout, def.timeout_s)).empty()) return err;
  if (!a.rate.empty()) {
    const bool has_unit = a.rate.find_first_not_of("0123456789.eE+-kKmMbB ") != std::string::npos;
    auto r = has_unit ? units::ParseRate(a.rate) : units::ParseCount(a.rate);
    if (!r) return "--rate: " + r.error().Message();
    if (!(*r > 0)) return "--rate: must be above 0";
    def.rate_rps = *r;
  }
  auto profile = sim::ParseLoadProfile(a.profile);
  if (!profile) return "--profile: '" + a.profile + "' is not one of load, stress, spike, endurance";
  def.profile = *profile;
  auto arrivals = sim::ParseArrivalProcess(a.arrivals);
  if (!arrivals) return "--arrivals: '" + a.arrivals + "' is not one of poisson, bursty";
  def.arrivals = *arrivals;
  if (a.retries >= 0) def.retry.max_retries = a.retries;
  if (a.queue_limit > 0) def.queue_limit = a.queue_limit;
  if (a.spike_multiplier > 0) def.spike_multiplier = a.spike_multiplier;
  def.breaker.enabled = a.breaker;
  def.shedding.enabled = a.shed;
  def.serve_stale = !a.no_stale;
  if (!(err = count("--max-requests", a.max_requests, def.budget.max_requests)).empty()) return err;
  if (!(err = count("--max-events", a.max_events, def.budget.max_events)).empty()) return err;
  if (!a.max_memory.empty()) {
    auto b = units::ParseBytes(a.max_memory);
    if (!b) return "--max-memory: " + b.error().Message();
    if (!(*b >= 1e6)) return "--max-memory: must be at least 1MB";
    def.budget.max_memory_bytes = *b;
  }
  for (const auto& f : a.fails) {
    auto fault = sim::ParseFault(f);
    if (!fault) return "--fail " + fault.error().message;
    def.faults.push_back(*fault);
  }
  for (const auto& s : a.services) {
    // "[ID=]DIST": an ID prefix is recognised when it names a component.
    const std::size_t eq = s.find('=');
    std::string id, dist = s;
    if (eq != std::string::npos && bp.FindComponent(s.substr(0, eq))) {
      id = s.substr(0, eq);
      dist = s.substr(eq + 1);
    }
    auto st = sim::ParseServiceTime(dist);
    if (!st) return "--service " + st.error().message;
    if (id.empty()) def.service = *st;
    else def.service_overrides.emplace_back(id, *st);
  }
  return "";
}

std::string Ms(double s) { return units::FormatNumber(s * 1e3, 3); }
std::string Pct(double f) { return units::FormatPercent(f, 3); }

void PrintText(std::ostream& out, const sim::SimResult& r, const sim::ReplicationSummary* reps, bool timeline) {
  out << "simulate " << r.name << ": profile " << r.profile << ", " << r.arrivals << " arrivals, "
      << units::FormatDuration(r.duration_s) << " at " << units::FormatRate(r.base_rate_rps) << " (base), seed "
      << r.seed << "\n\n";
  out << std::left;
  out << "  " << std::setw(14) << "latency (ms)" << "p50 " << Ms(r.latency.p50_s) << "   p95 " << Ms(r.latency.p95_s)
      << "   p99 " << Ms(r.latency.p99_s) << "   p99.9 " << Ms(r.latency.p999_s) << "   mean " << Ms(r.latency.mean_s)
      << "   max " << Ms(r.latency.max_s) << "\n";
  out << "  " << std::setw(14) << "throughput" << units::FormatRate(r.throughput_rps) << "   error rate "
      << Pct(r.error_rate) << "   timeout rate " << Pct(r.timeout_rate) << "\n";
  out << "  " << std::setw(14) << "requests" << units::FormatCount(static_cast<double>(r.arrivals_count)) << " arrived, "
      << units::FormatCount(static_cast<double>(r.succeeded)) << " ok, "
      << units::FormatCount(static_cast<double>(r.failed)) << " failed, "
      << units::FormatCount(static_cast<double>(r.retries)) << " retries, " << r.in_flight_end
      << " in flight at the end";
  if (r.stale_served) out << ", " << r.stale_served << " served stale";
  out << "\n";
  if (!r.bottleneck.empty())
    out << "  " << std::setw(14) << "saturation" << units::FormatRate(r.saturation_rps) << " (bottleneck "
        << r.bottleneck << ")\n";
  out << "\n";

  out << "  " << std::setw(18) << "flow" << std::setw(7) << "kind" << std::setw(11) << "offered" << std::setw(11)
      << "ok/s" << std::setw(9) << "errors" << std::setw(9) << "p50 ms" << std::setw(9) << "p99 ms"
      << "p99.9 ms\n";
  for (const auto& f : r.flows) {
    out << "  " << std::setw(18) << f.id << std::setw(7) << (f.kind + (f.async ? "*" : "")) << std::setw(11)
        << units::FormatRate(f.offered_rps) << std::setw(11) << units::FormatRate(f.throughput_rps) << std::setw(9)
        << Pct(f.error_rate) << std::setw(9) << Ms(f.latency.p50_s) << std::setw(9) << Ms(f.latency.p99_s)
        << Ms(f.latency.p999_s) << "\n";
  }
  bool any_async = false;
  for (const auto& f : r.flows) any_async = any_async || f.async;
  if (any_async) out << "  (* async: answered once the broker has the message)\n";
  out << "\n";

  out << "  " << std::setw(18) << "component" << std::setw(16) << "kind" << std::setw(10) << "replicas"
      << std::setw(8) << "util" << std::setw(9) << "queue" << std::setw(9) << "L" << "λ·W      "
      << std::setw(10) << "mean ms" << std::setw(10) << "p99 ms" << "notes\n";
  for (const auto& c : r.components) {
    std::string reps_s = std::to_string(c.replicas);
    if (c.replicas_max != c.replicas || c.replicas_final != c.replicas)
      reps_s += "→" + std::to_string(c.replicas_final) + " (max " + std::to_string(c.replicas_max) + ")";
    std::string notes;
    if (c.hit_ratio) notes += "hit " + Pct(*c.hit_ratio) + " ";
    if (c.replication_lag) notes += "lag p99 " + Ms(c.replication_lag->p99_s) + " ms ";
    if (c.backlog) notes += "backlog " + units::FormatNumber(*c.backlog) + " ";
    if (c.rejected) notes += "rejected " + std::to_string(c.rejected) + " ";
    if (c.lost) notes += "lost " + std::to_string(c.lost) + " ";
    if (c.mmc_mean_response_s) notes += "Erlang C " + Ms(*c.mmc_mean_response_s) + " ms ";
    if (!c.queueing && c.kind != "client") notes += "(delay) ";
    out << "  " << std::setw(18) << c.id << std::setw(16) << c.kind << std::setw(10) << reps_s << std::setw(8)
        << (c.queueing ? Pct(c.utilization) : "-") << std::setw(9) << units::FormatNumber(c.mean_queue_length)
        << std::setw(9) << units::FormatNumber(c.mean_in_system) << std::setw(9)
        << units::FormatNumber(c.littles_lambda_w) << std::setw(10) << Ms(c.response.mean_s) << std::setw(10)
        << Ms(c.response.p99_s) << notes << "\n";
  }
  if (reps) {
    out << "\n  " << reps->count << " replications, 95% confidence intervals\n";
    for (const auto& [key, iv] : reps->metrics) {
      if (key.rfind("components.", 0) == 0) continue;
      out << "    " << std::setw(18) << key << units::FormatNumber(iv.mean, 4) << "  [" << units::FormatNumber(iv.low, 4)
          << ", " << units::FormatNumber(iv.high, 4) << "]\n";
    }
  }
  if (!r.events.empty()) {
    out << "\nevents\n";
    for (const auto& e : r.events) {
      out << "  t=" << std::setw(9) << (units::FormatNumber(e.t_s, 4) + " s") << std::setw(18) << e.kind;
      std::string who = e.component;
      if (e.replica >= 0) who += "/" + std::to_string(e.replica);
      out << std::setw(18) << who << e.detail << "\n";
    }
    if (r.events_not_logged) out << "  ... and " << r.events_not_logged << " more\n";
  }
  if (timeline && !r.timeline.t_s.empty()) {
    const sim::Timeline& t = r.timeline;
    out << "\ntimeline\n  " << std::setw(9) << "t s" << std::setw(11) << "offered" << std::setw(11) << "attempts"
        << std::setw(11) << "ok/s" << std::setw(9) << "errors" << std::setw(9) << "p50 ms" << std::setw(9) << "p99 ms"
        << "in flight\n";
    for (std::size_t i = 0; i < t.t_s.size(); ++i)
      out << "  " << std::setw(9) << units::FormatNumber(t.t_s[i], 4) << std::setw(11)
          << units::FormatRate(t.offered_rps[i]) << std::setw(11) << units::FormatRate(t.attempts_rps[i])
          << std::setw(11) << units::FormatRate(t.throughput_rps[i]) << std::setw(9) << Pct(t.error_rate[i])
          << std::setw(9) << Ms(t.p50_s[i]) << std::setw(9) << Ms(t.p99_s[i])
          << units::FormatCount(t.in_flight[i]) << "\n";
  }
  out << "\nformulas\n";
  for (const auto& [k, v] : r.formulas) out << "  " << k << ": " << v << "\n";
  if (!r.notes.empty()) {
    out << "\nassumptions and notes\n";
    for (const auto& n : r.notes) out << "  - " << n << "\n";
  }
}

/// Draws "simulating [#####     ]  50%" on stderr (a TTY), after the run has taken a second.
class ProgressBar {
 public:
  explicit ProgressBar(std::ostream& err, bool enabled)
      : err_(err), enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  /// `detail` follows the percentage ("replication 2/5").
  void Update(double fraction, const std::string& detail) {
    if (!enabled_) return;
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (wall < 1.0) return;
    const int width = 30;
    const int done = static_cast<int>(std::clamp(fraction, 0.0, 1.0) * width);
    err_ << "\rsimulating [" << std::string(static_cast<std::size_t>(done), '#')
         << std::string(static_cast<std::size_t>(width - done), ' ') << "] " << std::setw(3)
         << static_cast<int>(fraction * 100) << "%";
    if (!detail.empty()) err_ << "  " << detail;
    err_ << std::flush;
    drawn_ = true;
  }
  void Clear() {
    if (drawn_) err_ << "\r" << std::string(72, ' ') << "\r" << std::flush;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point start_;
};

/// Threads for the replications: --jobs (0 = one per hardware thread), at most one per replication
/// and no more runs at once than the memory budget holds (each may use up to the plan's bound).
int ThreadsFor(int jobs, int replications, const sim::RunPlan& plan, double max_memory_bytes) {
#if defined(__EMSCRIPTEN__)
  (void)jobs, (void)replications, (void)plan, (void)max_memory_bytes;
  return 1;  // the CLI under node (the determinism test) is built without threads
#else
  int n = jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  n = std::min(n, replications);
  if (plan.memory_bound_bytes > 0) {
    const double fit = std::floor(max_memory_bytes / plan.memory_bound_bytes);
    n = std::min(n, static_cast<int>(std::clamp(fit, 1.0, 1000.0)));
  }
  return std::max(n, 1);
#endif
}

/// Runs replications 0 … R−1 to the end on `threads` threads and returns their results in replication
/// order (replication 0 keeps its timeline), or the first error. `first` is replication 0, already
/// created. The bar is drawn from this thread.
Expected<std::vector<sim::SimResult>, std::string> RunReplications(sim::Simulation first, const Blueprint& bp,
                                                                   const sim::SimDef& def, int replications,
                                                                   int threads, ProgressBar& bar) {
  const auto count = static_cast<std::size_t>(replications);
  std::vector<sim::SimResult> runs(count);
  std::vector<std::string> errors(count);
  std::vector<std::atomic<double>> progress(count);
  auto run = [&](sim::Simulation& s, std::size_t i, const auto& tick) {
    const double slice = std::max(s.EndTime() / 200.0, 1e-3);
    while (s.Advance(s.Now() + slice, 2'000'000)) {
      progress[i].store(s.Progress(), std::memory_order_relaxed);
      tick();
    }
    runs[i] = s.Result();
    if (i > 0) runs[i].timeline = sim::Timeline{};
    progress[i].store(1.0, std::memory_order_relaxed);
  };
  auto overall = [&] {
    double sum = 0;
    for (const auto& p : progress) sum += p.load(std::memory_order_relaxed);
    return sum / static_cast<double>(count);
  };
  // Replication i: `given` when already created (replication 0), else created here. Errors are kept by
  // index, so the one reported does not depend on timing; an exception (e.g. out of memory) is
  // reported, never a crash.
  auto run_one = [&](std::size_t i, sim::Simulation* given, const auto& tick) {
    try {
      if (given != nullptr) {
        run(*given, i, tick);
        return;
      }
      auto s = sim::Simulation::Create(bp, def, static_cast<int>(i));
      if (!s) {
        errors[i] = s.error().Message() + FlagHint(s.error().field);
        return;
      }
      run(*s, i, tick);
    } catch (const std::exception& e) {
      errors[i] = std::string("replication ") + std::to_string(i + 1) + ": " + e.what();
    }
  };

  if (threads <= 1) {
    std::size_t current = 0;
    const auto tick = [&] {
      bar.Update(overall(), "replication " + std::to_string(current + 1) + "/" + std::to_string(count));
    };
    for (; current < count; ++current) run_one(current, current == 0 ? &first : nullptr, tick);
  } else {
#if !defined(__EMSCRIPTEN__)  // ThreadsFor gives 1 there
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> finished{0};
    const auto none = [] {};
    auto worker = [&] {
      for (std::size_t i = next++; i < count; i = next++) {
        run_one(i, i == 0 ? &first : nullptr, none);
        ++finished;
      }
    };
    std::vector<std::thread> pool;
    for (int k = 0; k < threads; ++k) pool.emplace_back(worker);
    while (finished.load() < count) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      bar.Update(overall(), std::to_string(finished.load()) + "/" + std::to_string(count) + " replications, " +
                                std::to_string(threads) + " threads");
    }
    for (auto& t : pool) t.join();
#endif
  }
  for (const auto& e : errors)
    if (!e.empty()) return Unexpected{e};
  return runs;
}

}  // namespace

void AddSimulateCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<SimulateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "simulate", "Discrete-event run of a design: latency percentiles, utilisation, failures, autoscaling");
  cmd->add_option("file", a->file, "A blueprint JSON file")->required();
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--duration", a->duration,
                  "Simulated time, e.g. 60s, 10min (default 60 s, 10 min for endurance, cut to the request budget)");
  cmd->add_option("--seed", a->seed, "Random seed (same seed, same bytes)")->default_str("1");
  cmd->add_option("--profile", a->profile, "load | stress | spike | endurance")->default_str("load");
  cmd->add_option("--rate", a->rate, "Total entry rate, e.g. 5000, 5K/s, 300K/min (default: the estimate's peak)");
  cmd->add_option("--arrivals", a->arrivals, "poisson | bursty")->default_str("poisson");
  cmd->add_option("--fail", a->fails,
                  "Inject a failure: COMPONENT[/REPLICA]@T[:for=D][:latency=D|:slow=F], partition:ZONE_A,ZONE_B@T[:for=D]"
                  " or spike:FACTOR@T[:for=D] (repeatable)");
  cmd->add_option("--replications", a->replications, "Independent runs for 95% confidence intervals")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--jobs", a->jobs,
                  "Threads for the replications (default: one per hardware thread; the output is the same)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--timeline", a->timeline, "Include the per-second time series");
  cmd->add_option("--timeout", a->timeout, "Client timeout per attempt (default 2s)");
  cmd->add_option("--retries", a->retries, "Retries after a failed attempt (default 2)")->check(CLI::Range(0, 10));
  cmd->add_flag("--breaker", a->breaker, "Circuit breakers in front of every component");
  cmd->add_flag("--shed", a->shed, "Load shedding: reject when the queue is long, skip work nobody waits for");
  cmd->add_flag("--no-serve-stale", a->no_stale, "Caches do not answer stale when the backend is down");
  cmd->add_option("--service", a->services,
                  "Service-time distribution [ID=]exponential|constant|lognormal:cv=X|p50=10ms,p99=80ms (repeatable)");
  cmd->add_option("--spike-multiplier", a->spike_multiplier, "Spike profile: rate × N (default 4)")
      ->check(CLI::Range(0.01, 1000.0));
  cmd->add_option("--warmup", a->warmup, "Leave the first D out of the summary figures");
  cmd->add_option("--queue-limit", a->queue_limit, "Most waiting jobs per replica (default 4096)")
      ->check(CLI::Range(1, 10000000));
  cmd->add_option("--max-requests", a->max_requests, "Request budget of a run (default 1M)");
  cmd->add_option("--max-events", a->max_events, "Event budget of a run (default 40M)");
  cmd->add_option("--max-memory", a->max_memory, "Memory budget of a run (default 256MB)");
  cmd->callback([a, &ctx] {
    std::string text, error;
    const LoadLimits limits;
    if (!ReadTextFile(a->file, limits.max_bytes, text, error)) {
      ctx.err << "sdlab simulate: " << error << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    auto bp = LoadBlueprint(text, limits);
    if (!bp) {
      for (const auto& d : bp.error()) ctx.err << a->file << ":" << d.ToString() << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    sim::SimDef def;
    const std::string err = DefFromFlags(*a, *bp, def);
    if (!err.empty()) {
      ctx.err << "sdlab simulate: " << err << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    ProgressBar bar(ctx.err, a->format == "text" && isatty(STDERR_FILENO) == 1);
    auto first = sim::Simulation::Create(*bp, def, 0);
    if (!first) {
      ctx.err << "sdlab simulate: " << first.error().Message() << FlagHint(first.error().field) << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    const int threads = ThreadsFor(a->jobs, a->replications, first->Plan(), def.budget.max_memory_bytes);
    auto done = RunReplications(std::move(*first), *bp, def, a->replications, threads, bar);
    if (!done) {
      bar.Clear();
      ctx.err << "sdlab simulate: " << done.error() << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    std::vector<sim::SimResult>& runs = *done;
    bar.Clear();
    std::optional<sim::ReplicationSummary> reps;
    if (runs.size() > 1) reps = sim::SummarizeReplications(runs);
    const sim::ReplicationSummary* rp = reps ? &*reps : nullptr;
    if (a->format == "json") PrintJson(ctx.out, sim::ToJson(runs.front(), a->timeline, rp));
    else PrintText(ctx.out, runs.front(), rp, a->timeline);
    ctx.exit_code = kExitOk;
  });
}

}  // namespace sdlab::cli
