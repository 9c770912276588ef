// `sdlab model cost`: the monthly cost of a sized workload from the (illustrative, overridable) price
// table, or of a blueprint (--blueprint FILE, the same section `sdlab estimate FILE` prints).
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/blueprint.h"
#include "sdlab/cost.h"
#include "sdlab/estimate.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct CostArgs {
  std::string format;
  int replicas = 1;
  double vcpus = 2;
  std::string memory = "4GB", block = "0", standard = "0", infrequent = "0", archive = "0", egress = "0",
              requests = "0", gateway_requests = "0", month;
  std::string blueprint;
  // Price overrides (negative = not given).
  double vcpu_hour = -1, memory_gb_hour = -1, block_gb_month = -1, standard_gb_month = -1, infrequent_gb_month = -1,
         archive_gb_month = -1, egress_gb = -1, gateway_per_million = -1;
};

void PrintCost(std::ostream& out, const cost::CostResult& r) {
  out << "monthly cost (USD, illustrative prices)\n";
  out << "  " << std::left << std::setw(18) << "component" << std::setw(16) << "kind" << std::setw(12) << "compute"
      << std::setw(12) << "storage" << std::setw(12) << "requests" << std::setw(12) << "egress" << "total\n";
  for (const auto& c : r.components)
    out << "  " << std::left << std::setw(18) << c.component << std::setw(16) << c.kind << std::setw(12)
        << cost::FormatDollars(c.compute) << std::setw(12) << cost::FormatDollars(c.storage) << std::setw(12)
        << cost::FormatDollars(c.requests) << std::setw(12) << cost::FormatDollars(c.egress)
        << cost::FormatDollars(c.total) << "\n";
  for (const auto& l : r.design_lines)
    out << "  " << std::left << std::setw(34) << "(internet " + l.item + ")" << std::setw(48) << ""
        << cost::FormatDollars(l.monthly) << "\n";
  out << "  " << std::left << std::setw(82) << "total" << cost::FormatDollars(r.total_monthly) << "/month";
  if (r.cost_per_million_requests) out << "  (" << cost::FormatDollars(*r.cost_per_million_requests) << " per million requests)";
  if (r.budget_monthly)
    out << "  budget " << cost::FormatDollars(*r.budget_monthly) << (r.over_budget ? "  OVER BUDGET" : "  within budget");
  out << "\n\nlines\n";
  for (const auto& c : r.components)
    for (const auto& l : c.lines) out << "  " << c.component << ": " << l.formula << "\n";
  for (const auto& l : r.design_lines) out << "  " << l.formula << "\n";
  for (const auto& f : r.formulas) out << "  " << f.text << "\n";
  for (const auto& n : r.notes) out << "  - " << n << "\n";
}

}  // namespace

void PrintCostText(std::ostream& out, const cost::CostResult& r) { PrintCost(out, r); }

void AddModelCostCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<CostArgs>();
  CLI::App* cmd = model.add_subcommand(
      "cost", "Cost: monthly bill of a sized workload or a blueprint from an illustrative, overridable price table");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--blueprint", a->blueprint, "Cost a blueprint file instead of the flags below");
  cmd->add_option("--replicas", a->replicas, "Replicas (default 1)")->check(CLI::Range(1, 100000));
  cmd->add_option("--vcpus", a->vcpus, "vCPUs per replica (default 2)")->check(CLI::Range(0.0, 4096.0));
  cmd->add_option("--memory", a->memory, "Memory per replica (default 4GB)");
  cmd->add_option("--block-storage", a->block, "Block (SSD) storage, e.g. 500GB");
  cmd->add_option("--standard", a->standard, "Object storage in the standard tier, e.g. 10TB");
  cmd->add_option("--infrequent", a->infrequent, "Object storage in the infrequent-access tier");
  cmd->add_option("--archive", a->archive, "Object storage in the archive tier");
  cmd->add_option("--egress", a->egress, "Internet egress per month, e.g. 5TB");
  cmd->add_option("--requests", a->requests, "Requests per month (10M) or a rate (100/s), for cost per million");
  cmd->add_option("--gateway-requests", a->gateway_requests, "Managed API gateway requests per month or a rate");
  cmd->add_option("--month", a->month, "Month convention: 30d (default), primer, gregorian, 365d");
  cmd->add_option("--vcpu-hour", a->vcpu_hour, "Price: $ per vCPU-hour (default 0.04)")->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--memory-gb-hour", a->memory_gb_hour, "Price: $ per GB-hour (default 0.005)")->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--block-gb-month", a->block_gb_month, "Price: $ per block GB-month (0.10)")->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--standard-gb-month", a->standard_gb_month, "Price: standard tier $/GB-month (0.023)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--infrequent-gb-month", a->infrequent_gb_month, "Price: infrequent tier $/GB-month (0.0125)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--archive-gb-month", a->archive_gb_month, "Price: archive tier $/GB-month (0.002)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--egress-gb", a->egress_gb, "Price: internet egress $/GB (0.09)")->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--gateway-per-million", a->gateway_per_million, "Price: API gateway $/million requests (1.00)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model cost: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    PriceOverrides o;
    auto set = [](double v, std::optional<double>& out) {
      if (v >= 0) out = v;
    };
    set(a->vcpu_hour, o.vcpu_hour);
    set(a->memory_gb_hour, o.memory_gb_hour);
    set(a->block_gb_month, o.block_gb_month);
    set(a->standard_gb_month, o.standard_gb_month);
    set(a->infrequent_gb_month, o.infrequent_gb_month);
    set(a->archive_gb_month, o.archive_gb_month);
    set(a->egress_gb, o.egress_gb);
    set(a->gateway_per_million, o.gateway_per_million);
    units::Calendar cal;
    if (!a->month.empty()) {
      auto m = units::ParseMonthConvention(a->month);
      if (!m) return fail("--month: " + m.error().Message());
      cal = units::CalendarFor(*m);
    }
    if (!a->blueprint.empty()) {
      std::string text, error;
      const LoadLimits limits;
      if (!ReadTextFile(a->blueprint, limits.max_bytes, text, error)) return fail("--blueprint: " + error);
      auto bp = LoadBlueprint(text, limits);
      if (!bp) {
        for (const auto& d : bp.error()) ctx.err << a->blueprint << ":" << d.ToString() << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      // Flags override the blueprint's prices.
      auto keep = [](const std::optional<double>& flag, std::optional<double>& bp_value) {
        if (flag) bp_value = flag;
      };
      keep(o.vcpu_hour, bp->prices.vcpu_hour);
      keep(o.memory_gb_hour, bp->prices.memory_gb_hour);
      keep(o.block_gb_month, bp->prices.block_gb_month);
      keep(o.standard_gb_month, bp->prices.standard_gb_month);
      keep(o.infrequent_gb_month, bp->prices.infrequent_gb_month);
      keep(o.archive_gb_month, bp->prices.archive_gb_month);
      keep(o.egress_gb, bp->prices.egress_gb);
      keep(o.gateway_per_million, bp->prices.gateway_per_million);
      auto est = EstimateBlueprint(*bp);
      if (!est) return fail(a->blueprint + ": " + est.error().message);
      const cost::CostResult r = cost::CostBlueprint(*bp, *est);
      if (a->format == "json") return PrintJson(ctx.out, cost::ToJson(r));
      return PrintCost(ctx.out, r);
    }
    cost::SimpleCostDef d;
    d.prices = cost::PricesFor(o);
    d.month_s = cal.month_s;
    d.replicas = a->replicas;
    d.vcpus = a->vcpus;
    auto bytes = [&](const std::string& flag, const std::string& v, double& out) {
      auto b = units::ParseBytes(v.substr(0, v.find('/')));
      if (!b) {
        fail(flag + ": " + b.error().Message());
        return false;
      }
      out = *b;
      return true;
    };
    // A count per month ("10M") or a rate ("100/s") converted to per month.
    auto per_month = [&](const std::string& flag, const std::string& v, double& out) {
      if (v.find('/') != std::string::npos || v.find("rps") != std::string::npos) {
        auto r = units::ParseRate(v, cal);
        if (!r) {
          fail(flag + ": " + r.error().Message());
          return false;
        }
        out = *r * cal.month_s;
        return true;
      }
      auto c = units::ParseCount(v);
      if (!c) {
        fail(flag + ": " + c.error().Message());
        return false;
      }
      out = *c;
      return true;
    };
    if (!bytes("--memory", a->memory, d.memory_bytes) || !bytes("--block-storage", a->block, d.block_bytes) ||
        !bytes("--standard", a->standard, d.object_bytes[0]) ||
        !bytes("--infrequent", a->infrequent, d.object_bytes[1]) || !bytes("--archive", a->archive, d.object_bytes[2]) ||
        !bytes("--egress", a->egress, d.egress_bytes_per_month) ||
        !per_month("--requests", a->requests, d.requests_per_month) ||
        !per_month("--gateway-requests", a->gateway_requests, d.gateway_requests_per_month))
      return;
    auto r = cost::CostSimple(d);
    if (!r) return fail("--" + r.error().field + ": " + r.error().message);
    if (a->format == "json") return PrintJson(ctx.out, cost::ToJson(*r));
    PrintCost(ctx.out, *r);
  });
}

}  // namespace sdlab::cli
