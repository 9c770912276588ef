// `sdlab estimate FILE` or `sdlab estimate --dau ... [flags]`: back-of-envelope table with formulas.
#include <algorithm>
#include <iomanip>
#include <iostream>
#include <optional>

#include "commands.h"
#include "sdlab/blueprint.h"
#include "sdlab/cost.h"
#include "sdlab/estimate.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct EstimateArgs {
  std::string file;
  std::string format;
  std::string month;
  std::string dau, mau, reads, writes, reads_per_user, writes_per_user, reads_per_month, writes_per_month;
  std::string object_size, read_size, retention, growth, cache_hot_fraction, target_utilization;
  double read_write_ratio = 0;
  double peak_factor = 0;
  int replication_factor = 0;
};

std::string FormatValue(const Figure& f) {
  switch (f.unit) {
    case FigureUnit::PerSecond: return units::FormatRate(f.value);
    case FigureUnit::Bytes: return units::FormatBytes(f.value);
    case FigureUnit::BytesPerSecond: return units::FormatBytes(f.value) + "/s";
    case FigureUnit::Seconds: return units::FormatDuration(f.value);
    case FigureUnit::Ratio: return units::FormatNumber(f.value);
    case FigureUnit::Count: return units::FormatCount(f.value);
  }
  return units::FormatNumber(f.value);
}

// Builds Requirements from flags; returns an error message or "".
std::string RequirementsFromFlags(const EstimateArgs& a, Requirements& q) {
  if (!a.month.empty()) {
    auto m = units::ParseMonthConvention(a.month);
    if (!m) return "--month: " + m.error().Message() + " (one of: 30d, primer, gregorian, 365d)";
    q.month = *m;
  }
  const units::Calendar cal = units::CalendarFor(q.month);
  auto count = [](const std::string& flag, const std::string& v, std::optional<double>& out) -> std::string {
    if (v.empty()) return "";
    auto r = units::ParseCount(v);
    if (!r) return flag + ": " + r.error().Message();
    out = *r;
    return "";
  };
  // A per-user or total rate: "10/day"; a bare number means per day for per-user flags.
  auto rate = [&](const std::string& flag, const std::string& v, bool bare_is_per_day,
                  std::optional<double>& out) -> std::string {
    if (v.empty()) return "";
    if (bare_is_per_day && v.find('/') == std::string::npos) {
      auto c = units::ParseCount(v);
      if (!c) return flag + ": " + c.error().Message();
      out = *c / 86400.0;
      return "";
    }
    auto r = units::ParseRate(v, cal);
    if (!r) return flag + ": " + r.error().Message();
    out = *r;
    return "";
  };
  auto per_month = [&](const std::string& flag, const std::string& v, std::optional<double>& out) -> std::string {
    if (v.empty()) return "";
    auto c = units::ParseCount(v);
    if (!c) return flag + ": " + c.error().Message();
    out = *c / cal.month_s;
    return "";
  };
  std::string err;
  if (!(err = count("--dau", a.dau, q.dau)).empty()) return err;
  if (!(err = count("--mau", a.mau, q.mau)).empty()) return err;
  if (!(err = rate("--reads", a.reads, false, q.reads_per_s)).empty()) return err;
  if (!(err = rate("--writes", a.writes, false, q.writes_per_s)).empty()) return err;
  if (!(err = per_month("--reads-per-month", a.reads_per_month, q.reads_per_s)).empty()) return err;
  if (!(err = per_month("--writes-per-month", a.writes_per_month, q.writes_per_s)).empty()) return err;
  if (!(err = rate("--reads-per-user", a.reads_per_user, true, q.reads_per_user_per_s)).empty()) return err;
  if (!(err = rate("--writes-per-user", a.writes_per_user, true, q.writes_per_user_per_s)).empty()) return err;
  if ((q.reads_per_user_per_s || q.writes_per_user_per_s) && !q.dau) return "--reads-per-user/--writes-per-user need --dau";
  if (a.read_write_ratio > 0) q.read_write_ratio = a.read_write_ratio;
  if (!a.object_size.empty()) {
    auto b = units::ParseBytes(a.object_size);
    if (!b) return "--object-size: " + b.error().Message();
    if (*b <= 0) return "--object-size: must be above 0";
    q.object_size_bytes = *b;
  }
  if (!a.read_size.empty()) {
    auto b = units::ParseBytes(a.read_size);
    if (!b) return "--read-size: " + b.error().Message();
    q.read_size_bytes = *b;
  }
  if (!a.retention.empty()) {
    auto d = units::ParseDuration(a.retention, cal);
    if (!d) return "--retention: " + d.error().Message();
    if (*d <= 0) return "--retention: must be above 0";
    q.retention_s = *d;
  }
  auto fraction = [](const std::string& flag, const std::string& v, double& out) -> std::string {
    if (v.empty()) return "";
    auto f = units::ParseFraction(v);
    if (!f) return flag + ": " + f.error().Message();
    out = *f;
    return "";
  };
  if (!(err = fraction("--growth", a.growth, q.growth_per_month)).empty()) return err;
  if (!(err = fraction("--cache-hot-fraction", a.cache_hot_fraction, q.cache_hot_fraction)).empty()) return err;
  if (!(err = fraction("--target-utilization", a.target_utilization, q.target_utilization)).empty()) return err;
  if (q.target_utilization <= 0) return "--target-utilization: must be above 0";
  if (a.peak_factor != 0) q.peak_factor = a.peak_factor;
  if (a.replication_factor != 0) q.replication_factor = a.replication_factor;
  return "";
}

void PrintText(std::ostream& out, const Estimate& e, const std::string& title) {
  out << title << "\n\n";
  std::size_t w = 10;
  for (const auto& f : e.figures) w = std::max(w, f.label.size());
  out << std::left << std::setw(static_cast<int>(w) + 2) << "figure" << std::setw(14) << "value"
      << "formula\n";
  for (const auto& f : e.figures)
    out << std::left << std::setw(static_cast<int>(w) + 2) << f.label << std::setw(14) << FormatValue(f) << f.formula
        << "\n";
  if (!e.tiers.empty()) {
    out << "\nservers per tier (at " << "peak load)\n";
    out << std::left << std::setw(18) << "component" << std::setw(16) << "kind" << std::setw(12) << "peak load"
        << std::setw(14) << "per replica" << std::setw(9) << "needed" << std::setw(10) << "replicas"
        << "peak utilisation\n";
    for (const auto& t : e.tiers) {
      out << std::left << std::setw(18) << t.component << std::setw(16) << t.kind << std::setw(12)
          << units::FormatRate(t.peak_rps) << std::setw(14) << units::FormatRate(t.capacity_rps) << std::setw(9)
          << t.servers_needed << std::setw(10) << t.replicas << units::FormatPercent(t.peak_utilization, 3)
          << (t.peak_utilization > 1 ? "  SATURATED" : "") << "\n";
    }
    out << "\n";
    for (const auto& t : e.tiers) out << "  " << t.component << ": " << t.formula << "\n";
  }
  if (!e.notes.empty()) {
    out << "\nassumptions\n";
    for (const auto& n : e.notes) out << "  - " << n << "\n";
  }
}

}  // namespace

void AddEstimateCommand(CLI::App& app, Context& ctx) {
  auto a = std::make_shared<EstimateArgs>();
  CLI::App* cmd = app.add_subcommand(
      "estimate", "Back-of-envelope capacity: RPS, storage, bandwidth, cache, servers — each with its formula");
  cmd->add_option("file", a->file, "A blueprint JSON file (or give the requirements as flags)");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--dau", a->dau, "Daily active users, e.g. 10M");
  cmd->add_option("--mau", a->mau, "Monthly active users");
  cmd->add_option("--reads", a->reads, "Total reads as a rate, e.g. 100M/month, 40/s");
  cmd->add_option("--writes", a->writes, "Total writes as a rate, e.g. 10M/month");
  cmd->add_option("--reads-per-month", a->reads_per_month, "Total reads per month, e.g. 100M");
  cmd->add_option("--writes-per-month", a->writes_per_month, "Total writes per month, e.g. 10M");
  cmd->add_option("--reads-per-user", a->reads_per_user, "Reads per user: a rate (10/day) or a number per day");
  cmd->add_option("--writes-per-user", a->writes_per_user, "Writes per user: a rate or a number per day");
  cmd->add_option("--read-write-ratio", a->read_write_ratio, "Reads per write (stands in for reads or writes)")
      ->check(CLI::Range(1e-6, 1e9));
  cmd->add_option("--object-size", a->object_size, "Bytes per written object, e.g. 1.27KB (default 1KB)");
  cmd->add_option("--read-size", a->read_size, "Bytes per read (default: the object size)");
  cmd->add_option("--retention", a->retention, "How long data is kept, e.g. 3y (default 5y)");
  cmd->add_option("--growth", a->growth, "Traffic growth per month, e.g. 5%");
  cmd->add_option("--peak-factor", a->peak_factor, "Peak ÷ average traffic (default 2)")->check(CLI::Range(1.0, 1000.0));
  cmd->add_option("--replication-factor", a->replication_factor, "Stored copies (default 3)")->check(CLI::Range(1, 100));
  cmd->add_option("--cache-hot-fraction", a->cache_hot_fraction, "Share of a day's reads to cache (default 20%)");
  cmd->add_option("--target-utilization", a->target_utilization, "Plan servers at this utilisation (default 70%)");
  cmd->add_option("--month", a->month, "Month convention: 30d (default), primer, gregorian, 365d");
  cmd->callback([a, &ctx] {
    Expected<Estimate, EstimateError> est = Unexpected{EstimateError{""}};
    std::string title;
    std::optional<Blueprint> blueprint;  // for the cost section
    if (!a->file.empty()) {
      std::string text, error;
      const LoadLimits limits;
      if (!ReadTextFile(a->file, limits.max_bytes, text, error)) {
        ctx.err << "sdlab estimate: " << error << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      auto bp = LoadBlueprint(text, limits);
      if (!bp) {
        for (const auto& d : bp.error()) ctx.err << a->file << ":" << d.ToString() << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      // Flags given alongside a file override its requirements.
      std::string err = RequirementsFromFlags(*a, bp->requirements);
      if (!err.empty()) {
        ctx.err << "sdlab estimate: " << err << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      est = EstimateBlueprint(*bp);
      title = "estimate: " + (bp->name.empty() ? a->file : bp->name) + " (" + a->file + ")";
      blueprint = std::move(*bp);
    } else {
      Requirements q;
      std::string err = RequirementsFromFlags(*a, q);
      if (!err.empty()) {
        ctx.err << "sdlab estimate: " << err << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      est = EstimateRequirements(q);
      title = "estimate from flags";
    }
    if (!est) {
      ctx.err << "sdlab estimate: " << est.error().message << "\n";
      ctx.exit_code = kExitInput;
      return;
    }
    // A blueprint's estimate carries its monthly cost (sdlab/cost.h).
    std::optional<cost::CostResult> bill;
    if (blueprint) bill = cost::CostBlueprint(*blueprint, *est);
    if (a->format == "json") {
      nlohmann::json j = EstimateToJson(*est);
      if (bill) j["cost"] = cost::ToJson(*bill);
      PrintJson(ctx.out, j);
    } else {
      PrintText(ctx.out, *est, title);
      if (bill) {
        ctx.out << "\n";
        PrintCostText(ctx.out, *bill);
      }
    }
    ctx.exit_code = kExitOk;
  });
}

}  // namespace sdlab::cli
