// `sdlab model usl`: the Universal Scalability Law. --fit FILE fits λ, α, β to measured
// "concurrency,throughput" points (CSV); or --lambda/--alpha/--beta evaluate it at --n.
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/concurrency.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct UslArgs {
  std::string format;
  std::string fit, lambda;
  double alpha = -1, beta = -1, n = 0;
  int curve = 0;
};

constexpr std::size_t kMaxCsvBytes = 8u << 20;

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(20) << name << value << "\n";
}

std::string OptNum(const std::optional<double>& v, bool rate) {
  if (!v) return "none";
  return rate ? units::FormatRate(*v, 4) : units::FormatNumber(*v, 4);
}

}  // namespace

void AddModelUslCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<UslArgs>();
  CLI::App* cmd = model.add_subcommand(
      "usl", "Universal Scalability Law: fit λ, α, β to measured (concurrency, throughput) points; peak N*");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--fit", a->fit, "CSV file of 'concurrency,throughput' lines (a header line and # comments allowed)");
  cmd->add_option("--lambda", a->lambda, "Throughput of one worker, e.g. 1000/s (without --fit)");
  cmd->add_option("--alpha", a->alpha, "Contention α ≥ 0 (without --fit)")->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--beta", a->beta, "Coherency β ≥ 0 (without --fit)")->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--n", a->n, "Concurrency to evaluate (default: N*, or 1)")->check(CLI::Range(1.0, 1e9));
  cmd->add_option("--curve", a->curve, "Add the curve with this many points")->check(CLI::Range(2, 10000));
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model usl: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    nlohmann::json j;
    if (!a->fit.empty()) {
      std::string text, error;
      if (!ReadTextFile(a->fit, kMaxCsvBytes, text, error)) return fail("--fit: " + error);
      auto pts = concurrency::ParseUslCsv(text);
      if (!pts) return fail("--fit: " + a->fit + ": " + pts.error().Message());
      auto f = concurrency::FitUsl(*pts);
      if (!f) return fail("--fit: " + f.error().Message());
      j["fit"] = concurrency::ToJson(*f);
      double max_n = 1;
      for (const auto& p : *pts) max_n = std::max(max_n, p.concurrency);
      if (f->peak_concurrency) max_n = std::max(max_n, std::min(1e9, 1.5 * *f->peak_concurrency));
      if (a->curve > 0) j["curve"] = concurrency::ToJson(concurrency::UslCurve(f->params, max_n, a->curve));
      if (a->format == "json") {
        PrintJson(ctx.out, j);
        return;
      }
      ctx.out << "USL fit of " << f->points << " points\n";
      Row(ctx.out, "λ", units::FormatRate(f->params.lambda, 6));
      Row(ctx.out, "α (contention)", units::FormatNumber(f->params.alpha, 6));
      Row(ctx.out, "β (coherency)", units::FormatNumber(f->params.beta, 6));
      Row(ctx.out, "R²", units::FormatNumber(f->r_squared, 6));
      Row(ctx.out, "peak N*", OptNum(f->peak_concurrency, false));
      Row(ctx.out, "X(N*)", OptNum(f->peak_throughput, true));
      ctx.out << "\nformulas\n";
      for (const auto& x : f->formulas) ctx.out << "  " << x.text << "\n";
      if (!f->notes.empty()) {
        ctx.out << "\nnotes\n";
        for (const auto& n : f->notes) ctx.out << "  - " << n << "\n";
      }
      return;
    }
    if (a->lambda.empty() || a->alpha < 0 || a->beta < 0)
      return fail("give --fit FILE, or --lambda, --alpha and --beta");
    concurrency::UslParams p;
    {
      auto r = units::ParseRate(a->lambda);
      auto c = units::ParseCount(a->lambda);
      if (!r && !c) return fail("--lambda: " + r.error().Message());
      p.lambda = r ? *r : *c;
    }
    p.alpha = a->alpha;
    p.beta = a->beta;
    double n = a->n;
    if (n <= 0) n = concurrency::UslPeakConcurrency(p).value_or(1);
    auto e = concurrency::EvaluateUsl(p, std::max(1.0, n));
    if (!e) return fail(e.error().Message());
    j["evaluation"] = concurrency::ToJson(*e);
    if (a->curve > 0) {
      const double max_n = std::max({2.0, n, e->peak_concurrency ? 1.5 * *e->peak_concurrency : 0.0});
      j["curve"] = concurrency::ToJson(concurrency::UslCurve(p, std::min(max_n, 1e9), a->curve));
    }
    if (a->format == "json") {
      PrintJson(ctx.out, j);
      return;
    }
    ctx.out << "USL at N = " << units::FormatNumber(e->concurrency, 4) << "\n";
    Row(ctx.out, "throughput", units::FormatRate(e->throughput, 4));
    Row(ctx.out, "speedup", units::FormatNumber(e->speedup, 4) + "×");
    Row(ctx.out, "peak N*", OptNum(e->peak_concurrency, false));
    Row(ctx.out, "X(N*)", OptNum(e->peak_throughput, true));
    ctx.out << "\nformulas\n";
    for (const auto& x : e->formulas) ctx.out << "  " << x.text << "\n";
  });
}

}  // namespace sdlab::cli
