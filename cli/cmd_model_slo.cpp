// `sdlab model slo --mode budget|latency|path|tier`: error budgets and burn-rate alerts; lognormal
// percentiles and fan-out; a serial path's p99; latency vs throughput of an M/M/c tier.
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/slo.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct SloArgs {
  std::string format, mode = "budget";
  std::string slo, window = "30d", rate, error_rate, spent;
  std::string incident_rate, incident_start, incident_duration, background_rate;
  int series = 0;
  std::string p50, p99, mean, threshold, path, path_p50, budget, service_rate, p99_target;
  double cv = -1;
  int fan_out = 1, servers = 1, points = 40;
};

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(24) << name << value << "\n";
}

std::string OptTime(const std::optional<double>& v) { return v ? units::FormatDuration(*v) : "none"; }

void Formulas(std::ostream& out, const std::vector<slo::Formula>& fs) {
  out << "\nformulas\n";
  for (const auto& f : fs) out << "  " << f.text << "\n";
}

}  // namespace

void AddModelSloCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<SloArgs>();
  CLI::App* cmd = model.add_subcommand(
      "slo", "SLOs: --mode budget (error budget, burn rate, alerts) | latency (percentiles, fan-out) | path | tier");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "budget (default), latency, path or tier");
  cmd->add_option("--slo", a->slo, "budget: the SLO target, e.g. 99.9%");
  cmd->add_option("--window", a->window, "budget: the SLO window (default 30d)");
  cmd->add_option("--rate", a->rate, "budget: requests per second (budget in requests); tier: arrival rate");
  cmd->add_option("--error-rate", a->error_rate, "budget: observed error rate now, e.g. 0.5% (burn rate, alerts)");
  cmd->add_option("--spent", a->spent, "budget: share of the budget already used (default 0%)");
  cmd->add_option("--series", a->series, "budget: add the budget-left series with this many points")
      ->check(CLI::Range(2, 100000));
  cmd->add_option("--background-rate", a->background_rate, "budget series: error rate outside the incident (default: --error-rate or 0.02%)");
  cmd->add_option("--incident-rate", a->incident_rate, "budget series: error rate during the incident (default 5%)");
  cmd->add_option("--incident-start", a->incident_start, "budget series: when the incident starts (default 10d)");
  cmd->add_option("--incident-duration", a->incident_duration, "budget series: how long it lasts (default 1h)");
  cmd->add_option("--p50", a->p50, "latency: median, e.g. 20ms (with --p99)");
  cmd->add_option("--p99", a->p99, "latency: 99th percentile, e.g. 200ms (with --p50)");
  cmd->add_option("--mean", a->mean, "latency: mean (with --cv)");
  cmd->add_option("--cv", a->cv, "latency: coefficient of variation (with --mean)")->check(CLI::Range(0.000001, 100.0));
  cmd->add_option("--fan-out", a->fan_out, "latency: parallel backend calls a request waits for (default 1)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--threshold", a->threshold, "latency: an SLO threshold t: P(request ≤ t)");
  cmd->add_option("--path", a->path, "path: the tiers' p99s, e.g. 20ms,50ms,100ms");
  cmd->add_option("--path-p50", a->path_p50, "path: the tiers' p50s (optional, same count)");
  cmd->add_option("--budget", a->budget, "path: the p99 budget, e.g. 200ms");
  cmd->add_option("--service-rate", a->service_rate, "tier: μ per server, e.g. 100/s");
  cmd->add_option("--servers", a->servers, "tier: servers c (default 1)")->check(CLI::Range(1, 100000));
  cmd->add_option("--p99-target", a->p99_target, "tier: p99 target: the highest rate that meets it");
  cmd->add_option("--points", a->points, "tier: curve points (default 40)")->check(CLI::Range(2, 1000));
  cmd->callback([a, &ctx] {
    bool ok = true;
    auto fail = [&ctx, &ok](const std::string& msg) {
      ctx.err << "sdlab model slo: " << msg << "\n";
      ctx.exit_code = kExitInput;
      ok = false;
    };
    auto dur = [&](const char* flag, const std::string& t) -> std::optional<double> {
      if (t.empty() || !ok) return std::nullopt;
      auto v = units::ParseDuration(t);
      if (!v) {
        fail(std::string(flag) + ": " + v.error().Message());
        return std::nullopt;
      }
      return *v;
    };
    auto frac = [&](const char* flag, const std::string& t) -> std::optional<double> {
      if (t.empty() || !ok) return std::nullopt;
      auto v = units::ParseFraction(t);
      if (!v) {
        fail(std::string(flag) + ": " + v.error().Message());
        return std::nullopt;
      }
      return *v;
    };
    auto rate = [&](const char* flag, const std::string& t) -> std::optional<double> {
      if (t.empty() || !ok) return std::nullopt;
      auto r = units::ParseRate(t);
      if (r) return *r;
      auto c = units::ParseCount(t);
      if (c) return *c;
      fail(std::string(flag) + ": " + r.error().Message());
      return std::nullopt;
    };
    auto flag_of = [](std::string field) {
      for (char& c : field)
        if (c == '_') c = '-';
      return "--" + field;
    };
    nlohmann::json j;
    j["mode"] = a->mode;
    std::ostringstream text;
    if (a->mode == "budget") {
      slo::BudgetDef d;
      auto s = frac("--slo", a->slo);
      if (!ok) return;
      if (!s) return fail("--slo: required in budget mode, e.g. 99.9%");
      d.slo = *s;
      auto w = dur("--window", a->window);
      d.request_rate = rate("--rate", a->rate);
      d.error_rate = frac("--error-rate", a->error_rate);
      auto spent = frac("--spent", a->spent);
      if (!ok) return;
      if (w) d.window_s = *w;
      if (spent) d.budget_spent = *spent;
      auto r = slo::AnalyzeBudget(d);
      if (!r) return fail(flag_of(r.error().field) + ": " + r.error().message);
      j["budget"] = slo::ToJson(*r);
      text << "error budget of " << units::FormatPercent(d.slo) << " over " << units::FormatDuration(d.window_s) << "\n";
      Row(text, "allowed bad time", units::FormatDuration(r->allowed_bad_minutes * 60));
      if (r->allowed_bad_requests) Row(text, "allowed bad requests", units::FormatCount(*r->allowed_bad_requests));
      if (r->burn_rate) Row(text, "burn rate", units::FormatNumber(*r->burn_rate, 4) + "×");
      if (r->time_to_exhaustion_s) Row(text, "time to exhaustion", units::FormatDuration(*r->time_to_exhaustion_s));
      for (const auto& al : r->alerts)
        Row(text, "alert " + al.name,
            "burn ≥ " + units::FormatNumber(al.threshold, 4) + " over " + units::FormatDuration(al.long_window_s) +
                (al.firing ? ": FIRES after " + OptTime(al.time_to_fire_s) : ": quiet"));
      Formulas(text, r->formulas);
      for (const auto& n : r->notes) text << "  - " << n << "\n";
      if (a->series > 0) {
        slo::BurnSeriesDef sd;
        sd.slo = d.slo;
        sd.window_s = d.window_s;
        sd.points = a->series;
        if (auto v = frac("--background-rate", a->background_rate)) sd.background_error_rate = *v;
        else if (d.error_rate) sd.background_error_rate = *d.error_rate;
        if (auto v = frac("--incident-rate", a->incident_rate)) sd.incident_error_rate = *v;
        if (auto v = dur("--incident-start", a->incident_start)) sd.incident_start_s = *v;
        if (auto v = dur("--incident-duration", a->incident_duration)) sd.incident_duration_s = *v;
        if (!ok) return;
        sd.incident_start_s = std::min(sd.incident_start_s, sd.window_s);
        auto series = slo::BurnSeries(sd);
        if (!series) return fail(flag_of(series.error().field) + ": " + series.error().message);
        const auto ex = slo::BurnExhaustion(sd);
        j["burn_series"] = slo::ToJson(*series);
        j["exhausted_at_s"] = ex ? nlohmann::json(*ex) : nlohmann::json(nullptr);
        Row(text, "series: exhausted at", OptTime(ex));
      }
    } else if (a->mode == "latency") {
      auto p50 = dur("--p50", a->p50);
      auto p99 = dur("--p99", a->p99);
      auto mean = dur("--mean", a->mean);
      auto thr = dur("--threshold", a->threshold);
      if (!ok) return;
      Expected<slo::Lognormal, slo::InputError> dist = Unexpected(slo::InputError{"", "unset"});
      if (p50 && p99) dist = slo::LognormalFromP50P99(*p50, *p99);
      else if (mean && a->cv > 0) dist = slo::LognormalFromMeanCv(*mean, a->cv);
      else return fail("latency mode needs --p50 and --p99, or --mean and --cv");
      if (!dist) return fail(flag_of(dist.error().field) + ": " + dist.error().message);
      auto r = slo::AnalyzeLatency(*dist, a->fan_out, thr);
      if (!r) return fail(flag_of(r.error().field) + ": " + r.error().message);
      j["latency"] = slo::ToJson(*r);
      text << "lognormal latency (μ " << units::FormatNumber(r->dist.mu, 4) << ", σ "
           << units::FormatNumber(r->dist.sigma, 4) << ")\n";
      Row(text, "mean", units::FormatDuration(r->mean_s));
      Row(text, "p50/p90/p95", units::FormatDuration(r->p50_s) + " / " + units::FormatDuration(r->p90_s) + " / " +
                                   units::FormatDuration(r->p95_s));
      Row(text, "p99/p99.9", units::FormatDuration(r->p99_s) + " / " + units::FormatDuration(r->p999_s));
      Row(text, "fan-out k", std::to_string(r->fan_out));
      Row(text, "fan-out p50/p99", units::FormatDuration(r->fan_out_p50_s) + " / " + units::FormatDuration(r->fan_out_p99_s));
      if (r->p_request_under) Row(text, "P(request ≤ t)", units::FormatPercent(*r->p_request_under, 5));
      Formulas(text, r->formulas);
    } else if (a->mode == "path") {
      auto list = [&](const char* flag, const std::string& t) {
        std::vector<double> out;
        std::stringstream ss(t);
        std::string item;
        while (ok && std::getline(ss, item, ',')) {
          auto v = dur(flag, item);
          if (v) out.push_back(*v);
        }
        return out;
      };
      if (a->path.empty()) return fail("--path: required in path mode, e.g. 20ms,50ms,100ms");
      const auto p99s = list("--path", a->path);
      const auto p50s = list("--path-p50", a->path_p50);
      auto budget = dur("--budget", a->budget);
      if (!ok) return;
      auto r = slo::ComposePath(p99s, p50s, budget);
      if (!r) return fail(flag_of(r.error().field) + ": " + r.error().message);
      j["path"] = slo::ToJson(*r);
      text << "serial path of " << p99s.size() << " tiers\n";
      Row(text, "p99 (sum)", units::FormatDuration(r->p99_sum_s));
      if (r->p50_sum_s) Row(text, "p50 (sum)", units::FormatDuration(*r->p50_sum_s));
      if (r->within_budget) Row(text, "within budget", *r->within_budget ? "yes" : "NO");
      Formulas(text, r->formulas);
    } else if (a->mode == "tier") {
      auto mu = rate("--service-rate", a->service_rate);
      auto lambda = rate("--rate", a->rate);
      auto target = dur("--p99-target", a->p99_target);
      if (!ok) return;
      if (!mu) return fail("--service-rate: required in tier mode, e.g. 100/s");
      auto r = slo::AnalyzeTier(*mu, a->servers, lambda, target, a->points);
      if (!r) return fail(flag_of(r.error().field) + ": " + r.error().message);
      j["tier"] = slo::ToJson(*r);
      text << "M/M/" << r->servers << " tier, μ " << units::FormatRate(r->service_rate) << "\n";
      if (r->p99_at_rate_s) Row(text, "p99 at the rate", units::FormatDuration(*r->p99_at_rate_s));
      if (r->arrival_rate && !r->p99_at_rate_s) Row(text, "p99 at the rate", "unbounded (saturated)");
      if (r->max_rate_for_target) Row(text, "max rate for target", units::FormatRate(*r->max_rate_for_target, 4));
      text << "\n  utilisation   throughput   p99\n";
      for (std::size_t i = 0; i < r->curve.size(); i += std::max<std::size_t>(1, r->curve.size() / 10))
        text << "  " << std::left << std::setw(14) << units::FormatPercent(r->curve[i].utilization, 3) << std::setw(13)
             << units::FormatRate(r->curve[i].throughput) << units::FormatDuration(r->curve[i].p99_s) << "\n";
      Formulas(text, r->formulas);
    } else {
      return fail("--mode: expected budget, latency, path or tier");
    }
    if (a->format == "json") PrintJson(ctx.out, j);
    else ctx.out << text.str();
  });
}

}  // namespace sdlab::cli
