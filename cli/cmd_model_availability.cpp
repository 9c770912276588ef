// `sdlab model availability`: serial/parallel/k-of-n/MTBF/nines composition → availability and
// downtime; optionally geo-redundancy across regions and a backup schedule's restore time.
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/reliability.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct AvailabilityArgs {
  std::string format;
  std::string serial, parallel, k_of_n, mtbf, mttr, failover, month;
  double nines = -1;
  int regions = 0, quorum = 0;
  std::string region_availability = "99.9%";
  std::string backup, dataset = "1TB", change = "5%", backup_interval = "1d", full_interval = "7d", retention = "30d",
                      restore_rate = "200MB";
};

std::vector<std::string> SplitList(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream ss(text);
  std::string item;
  while (std::getline(ss, item, ',')) out.push_back(item);
  return out;
}

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(26) << name << value << "\n";
}

}  // namespace

void AddModelAvailabilityCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<AvailabilityArgs>();
  CLI::App* cmd = model.add_subcommand(
      "availability", "Availability: serial/parallel/k-of-n/MTBF/nines → downtime; geo quorums; backup restore time");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--serial", a->serial, "Parts that are all needed, e.g. 99.9%,99.95%");
  cmd->add_option("--parallel", a->parallel, "Redundant parts, any one suffices, e.g. 99%,99%");
  cmd->add_option("--k-of-n", a->k_of_n, "K of N identical parts needed, K/N:A, e.g. 2/3:99.9%");
  cmd->add_option("--mtbf", a->mtbf, "Mean time between failures of one node, e.g. 1000h");
  cmd->add_option("--mttr", a->mttr, "Mean time to repair, e.g. 4h");
  cmd->add_option("--failover", a->failover, "With --mtbf/--mttr: an active-passive pair with this failover time");
  cmd->add_option("--nines", a->nines, "Availability as nines, e.g. 3.5")->check(CLI::Range(0.0, 15.0));
  cmd->add_option("--month", a->month, "Month convention for downtime/month: 30d (default), primer, gregorian, 365d");
  cmd->add_option("--regions", a->regions, "Geo-redundancy: regions")->check(CLI::Range(1, 100));
  cmd->add_option("--quorum", a->quorum, "Geo-redundancy: regions needed (default: a majority)")->check(CLI::Range(1, 100));
  cmd->add_option("--region-availability", a->region_availability, "Availability of one region (default 99.9%)");
  cmd->add_option("--backup", a->backup, "Backup schedule: full, incremental or differential");
  cmd->add_option("--dataset", a->dataset, "Backup: data size (default 1TB)");
  cmd->add_option("--change", a->change, "Backup: share of the data changed per day (default 5%)");
  cmd->add_option("--backup-interval", a->backup_interval, "Backup: time between backups (default 1d)");
  cmd->add_option("--full-interval", a->full_interval, "Backup: time between full backups (default 7d)");
  cmd->add_option("--retention", a->retention, "Backup: how long backups are kept (default 30d)");
  cmd->add_option("--restore-rate", a->restore_rate, "Backup: restore throughput per second (default 200MB)");
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model availability: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    reliability::CompositionDef def;
    if (!a->month.empty()) {
      auto m = units::ParseMonthConvention(a->month);
      if (!m) return fail("--month: " + m.error().Message());
      def.calendar = units::CalendarFor(*m);
    }
    auto fractions = [&](const std::string& flag, const std::string& text, std::vector<double>& out) {
      for (const std::string& item : SplitList(text)) {
        auto f = units::ParseFraction(item);
        if (!f) {
          fail(flag + ": " + f.error().Message());
          return false;
        }
        out.push_back(*f);
      }
      return true;
    };
    auto duration = [&](const std::string& flag, const std::string& text) -> std::optional<double> {
      auto d = units::ParseDuration(text, def.calendar);
      if (d) return *d;
      fail(flag + ": " + d.error().Message());
      return std::nullopt;
    };
    if (!a->serial.empty() && !fractions("--serial", a->serial, def.serial)) return;
    if (!a->parallel.empty() && !fractions("--parallel", a->parallel, def.parallel)) return;
    if (!a->k_of_n.empty()) {
      const auto slash = a->k_of_n.find('/');
      const auto colon = a->k_of_n.find(':');
      if (slash == std::string::npos || colon == std::string::npos || colon < slash)
        return fail("--k-of-n: expected K/N:A, e.g. 2/3:99.9%");
      reliability::CompositionDef::KOfNGroup g;
      try {
        std::size_t used = 0;
        const std::string ks = a->k_of_n.substr(0, slash), ns = a->k_of_n.substr(slash + 1, colon - slash - 1);
        g.k = std::stoi(ks, &used);
        if (used != ks.size()) throw std::invalid_argument("k");
        g.n = std::stoi(ns, &used);
        if (used != ns.size()) throw std::invalid_argument("n");
      } catch (const std::exception&) {
        return fail("--k-of-n: K and N must be whole numbers, e.g. 2/3:99.9%");
      }
      auto f = units::ParseFraction(a->k_of_n.substr(colon + 1));
      if (!f) return fail("--k-of-n: " + f.error().Message());
      g.availability = *f;
      def.k_of_n = g;
    }
    if (!a->mtbf.empty()) {
      auto v = duration("--mtbf", a->mtbf);
      if (!v) return;
      def.mtbf_s = *v;
    }
    if (!a->mttr.empty()) {
      auto v = duration("--mttr", a->mttr);
      if (!v) return;
      def.mttr_s = *v;
    }
    if (!a->failover.empty()) {
      auto v = duration("--failover", a->failover);
      if (!v) return;
      def.failover_s = *v;
    }
    if (a->nines >= 0) def.nines = a->nines;

    std::optional<reliability::GeoRedundancyResult> geo;
    if (a->regions > 0) {
      auto ra = units::ParseFraction(a->region_availability);
      if (!ra) return fail("--region-availability: " + ra.error().Message());
      const int quorum = a->quorum > 0 ? a->quorum : a->regions / 2 + 1;
      auto g = reliability::AnalyzeGeoRedundancy(a->regions, quorum, *ra);
      if (!g) return fail(g.error().Message());
      geo = *g;
      def.serial.push_back(g->availability);  // the region quorum is one more part in series
    } else if (a->quorum > 0) {
      return fail("--quorum needs --regions");
    }

    std::optional<reliability::BackupScheduleResult> backup;
    if (!a->backup.empty()) {
      reliability::BackupScheduleDef bd;
      if (a->backup == "full") bd.type = BackupType::Full;
      else if (a->backup == "incremental") bd.type = BackupType::Incremental;
      else if (a->backup == "differential") bd.type = BackupType::Differential;
      else return fail("--backup: expected full, incremental or differential");
      auto size = units::ParseBytes(a->dataset);
      if (!size) return fail("--dataset: " + size.error().Message());
      auto change = units::ParseFraction(a->change);
      if (!change) return fail("--change: " + change.error().Message());
      auto rate = units::ParseBytes(a->restore_rate.substr(0, a->restore_rate.find('/')));
      if (!rate) return fail("--restore-rate: " + rate.error().Message());
      const auto bi = duration("--backup-interval", a->backup_interval);
      const auto fi = duration("--full-interval", a->full_interval);
      const auto rt = duration("--retention", a->retention);
      if (!bi || !fi || !rt) return;
      bd.dataset_bytes = *size;
      bd.change_fraction_per_day = *change;
      bd.restore_bytes_per_s = *rate;
      bd.backup_interval_s = *bi;
      bd.full_interval_s = *fi;
      bd.retention_s = *rt;
      auto r = reliability::AnalyzeBackupSchedule(bd);
      if (!r) return fail(r.error().Message());
      backup = *r;
    }

    nlohmann::json j = nlohmann::json::object();
    std::optional<reliability::CompositionResult> comp;
    const bool any_part = !def.serial.empty() || !def.parallel.empty() || def.k_of_n || def.mtbf_s || def.mttr_s ||
                          def.nines;
    if (any_part || !backup) {
      auto c = reliability::Compose(def);
      if (!c) return fail(c.error().Message());
      comp = *c;
      j = reliability::ToJson(*c);
    }
    if (geo) j["geo"] = reliability::ToJson(*geo);
    if (backup) j["backup"] = reliability::ToJson(*backup);
    if (a->format == "json") return PrintJson(ctx.out, j);

    auto& out = ctx.out;
    if (comp) {
      out << "availability\n";
      Row(out, "availability", units::FormatPercent(comp->availability, 8));
      Row(out, "nines", units::FormatNumber(comp->nines, 4));
      Row(out, "downtime / year", units::FormatDuration(comp->downtime.per_year_s));
      Row(out, "downtime / month", units::FormatDuration(comp->downtime.per_month_s) + " (" +
                                       std::string(units::MonthConventionName(comp->downtime.convention)) + " month)");
      Row(out, "downtime / week", units::FormatDuration(comp->downtime.per_week_s));
      Row(out, "downtime / day", units::FormatDuration(comp->downtime.per_day_s));
      out << "\nparts\n";
      for (const auto& p : comp->parts)
        out << "  " << std::left << std::setw(16) << p.label << std::setw(14) << units::FormatPercent(p.availability, 6)
            << p.formula << "\n";
      out << "\nformulas\n";
      for (const auto& f : comp->formulas) out << "  " << f.text << "\n";
      for (const auto& n : comp->notes) out << "  - " << n << "\n";
    }
    if (geo) {
      out << "\ngeo-redundancy\n";
      Row(out, "availability", units::FormatPercent(geo->availability, 8));
      Row(out, "region losses tolerated", std::to_string(geo->region_losses_tolerated));
      out << "  " << geo->formula << "\n";
      for (const auto& n : geo->notes) out << "  - " << n << "\n";
    }
    if (backup) {
      out << "\nbackup schedule (" << a->backup << ")\n";
      Row(out, "restore (worst)", units::FormatDuration(backup->restore_worst_s) + ", " +
                                      std::to_string(backup->chain_length_worst) + " backups applied");
      Row(out, "restore (best)", units::FormatDuration(backup->restore_best_s));
      Row(out, "storage", units::FormatBytes(backup->storage_bytes));
      Row(out, "RPO (worst / mean)", units::FormatDuration(backup->rpo_worst_s) + " / " +
                                         units::FormatDuration(backup->rpo_mean_s));
      for (const auto& f : backup->formulas) out << "  " << f.text << "\n";
      for (const auto& n : backup->notes) out << "  - " << n << "\n";
    }
  });
}

}  // namespace sdlab::cli
