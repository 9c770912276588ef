// `sdlab model concurrency`: thread per request vs thread pool vs event loop at a request rate —
// threads needed (Little), throughput caps (threads, CPU, memory), context switches, thread memory;
// optionally Amdahl's law (--parallel-fraction, --workers).
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/concurrency.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct ConcurrencyArgs {
  std::string format;
  std::string model = "thread_pool";
  std::string rps, cpu = "2ms", blocking = "48ms", stack, context_switch, memory, parallel_fraction;
  int cores = 4, threads = 50, workers = 0;
};

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(24) << name << value << "\n";
}

void PrintServer(std::ostream& out, const concurrency::ServerMetrics& m) {
  out << concurrency::ServerModelName(m.model) << (m.overloaded ? " — OVERLOADED" : "") << "\n";
  Row(out, "concurrency", units::FormatNumber(m.concurrency, 4) + " requests in flight");
  Row(out, "threads needed", units::FormatNumber(m.threads_needed, 4));
  Row(out, "threads", std::to_string(m.threads));
  Row(out, "max throughput", units::FormatRate(m.max_throughput, 4) + " (" + m.bottleneck + " bound)");
  Row(out, "cpu utilisation", units::FormatPercent(m.cpu_utilization, 3));
  Row(out, "work", m.io_bound ? "I/O-bound" : "CPU-bound");
  Row(out, "context switches", units::FormatRate(m.context_switches_per_s) + " (" +
                                   units::FormatPercent(m.switch_cpu_fraction, 3) + " of CPU)");
  Row(out, "thread memory", units::FormatBytes(m.thread_memory_bytes, true));
  Row(out, "pool for busy cores", units::FormatNumber(m.goetz_pool_size, 4));
  if (m.queue_wait_mean_s) Row(out, "queue wait (mean)", units::FormatDuration(*m.queue_wait_mean_s));
  if (m.response_p99_s) Row(out, "response p99", units::FormatDuration(*m.response_p99_s));
  out << "\nformulas\n";
  for (const auto& f : m.formulas) out << "  " << f.text << "\n";
  if (!m.notes.empty()) {
    out << "\nnotes\n";
    for (const auto& n : m.notes) out << "  - " << n << "\n";
  }
}

}  // namespace

void AddModelConcurrencyCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<ConcurrencyArgs>();
  CLI::App* cmd = model.add_subcommand(
      "concurrency", "Concurrency: thread per request vs thread pool vs event loop; Little's law; Amdahl");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--model", a->model, "thread_per_request, thread_pool (default) or event_loop");
  cmd->add_option("--rps", a->rps, "Offered requests, e.g. 500/s (a bare number is per second)")->required();
  cmd->add_option("--cpu", a->cpu, "CPU time per request (default 2ms)");
  cmd->add_option("--blocking", a->blocking, "Time per request waiting on I/O (default 48ms)");
  cmd->add_option("--cores", a->cores, "CPU cores (default 4)")->check(CLI::Range(1, 100000));
  cmd->add_option("--threads", a->threads, "Thread pool size (default 50)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--stack", a->stack, "Memory per thread (default 1MiB)");
  cmd->add_option("--context-switch", a->context_switch, "CPU cost of one context switch (default 5us)");
  cmd->add_option("--memory", a->memory, "Node memory for thread stacks, e.g. 4GiB (default: not limited)");
  cmd->add_option("--parallel-fraction", a->parallel_fraction, "Amdahl: parallel share of the work, e.g. 95%");
  cmd->add_option("--workers", a->workers, "Amdahl: workers N (default: the cores)")->check(CLI::Range(1, 100000000));
  cmd->callback([a, &ctx] {
    const std::string name = "sdlab model concurrency: ";
    auto fail = [&ctx, &name](const std::string& msg) {
      ctx.err << name << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    concurrency::ServerDef d;
    auto m = concurrency::ParseServerModel(a->model);
    if (!m) return fail("--model: expected thread_per_request, thread_pool or event_loop");
    d.model = *m;
    {
      auto r = units::ParseRate(a->rps);
      auto c = units::ParseCount(a->rps);
      if (!r && !c) return fail("--rps: " + r.error().Message());
      d.arrival_rate = r ? *r : *c;
    }
    auto dur = [&](const char* flag, const std::string& text, double& out) {
      if (text.empty()) return true;
      auto v = units::ParseDuration(text);
      if (!v) {
        fail(std::string(flag) + ": " + v.error().Message());
        return false;
      }
      out = *v;
      return true;
    };
    auto bytes = [&](const char* flag, const std::string& text, double& out) {
      if (text.empty()) return true;
      auto v = units::ParseBytes(text);
      if (!v) {
        fail(std::string(flag) + ": " + v.error().Message());
        return false;
      }
      out = *v;
      return true;
    };
    double memory = 0;
    if (!dur("--cpu", a->cpu, d.cpu_time_s) || !dur("--blocking", a->blocking, d.blocking_time_s) ||
        !dur("--context-switch", a->context_switch, d.context_switch_s) || !bytes("--stack", a->stack, d.stack_bytes) ||
        !bytes("--memory", a->memory, memory))
      return;
    if (!a->memory.empty()) d.memory_bytes = memory;
    d.cores = a->cores;
    d.threads = a->threads;
    auto r = concurrency::AnalyzeServer(d);
    if (!r) return fail(r.error().Message());
    nlohmann::json j;
    j["inputs"] = {{"model", std::string(concurrency::ServerModelName(d.model))},
                   {"rps", d.arrival_rate},
                   {"cpu_s", d.cpu_time_s},
                   {"blocking_s", d.blocking_time_s},
                   {"cores", d.cores},
                   {"threads", d.threads},
                   {"stack_bytes", d.stack_bytes},
                   {"context_switch_s", d.context_switch_s},
                   {"memory_bytes", d.memory_bytes ? nlohmann::json(*d.memory_bytes) : nlohmann::json(nullptr)}};
    j["server"] = concurrency::ToJson(*r);
    nlohmann::json cmp = nlohmann::json::array();
    const auto all = concurrency::CompareServerModels(d);
    for (const auto& x : all) cmp.push_back(concurrency::ToJson(x));
    j["comparison"] = cmp;
    std::optional<concurrency::AmdahlResult> amdahl;
    if (!a->parallel_fraction.empty()) {
      auto p = units::ParseFraction(a->parallel_fraction);
      if (!p) return fail("--parallel-fraction: " + p.error().Message());
      auto am = concurrency::Amdahl(*p, a->workers > 0 ? a->workers : d.cores);
      if (!am) return fail(am.error().Message());
      amdahl = *am;
      j["amdahl"] = concurrency::ToJson(*am);
    }
    if (a->format == "json") {
      PrintJson(ctx.out, j);
      return;
    }
    PrintServer(ctx.out, *r);
    ctx.out << "\ncomparison at " << units::FormatRate(d.arrival_rate) << "\n";
    for (const auto& x : all)
      Row(ctx.out, std::string(concurrency::ServerModelName(x.model)),
          "max " + units::FormatRate(x.max_throughput, 4) + " (" + x.bottleneck + "), " + std::to_string(x.threads) +
              " threads, " + units::FormatBytes(x.thread_memory_bytes, true) + (x.overloaded ? ", OVERLOADED" : ""));
    if (amdahl) {
      ctx.out << "\nAmdahl\n";
      for (const auto& f : amdahl->formulas) ctx.out << "  " << f.text << "\n";
    }
  });
}

}  // namespace sdlab::cli
