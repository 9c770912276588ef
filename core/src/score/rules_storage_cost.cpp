// Storage and cost rules: DFS blocks and copies (CAP010, DUR009), object tiers and lifecycle (CST005,
// CST006), egress without a CDN (CST007) and the monthly budget (CST008). Costs from sdlab/cost.h.
#include <algorithm>
#include <cmath>

#include "score/facts.h"
#include "sdlab/cost.h"
#include "sdlab/storage.h"

namespace sdlab::score::detail {

namespace {

constexpr double kSmallBlock = 32.0 * 1024 * 1024;  // below a quarter of HDFS's 128 MiB default
constexpr double kLargeObjectStore = 10e12;         // 10 TB
constexpr double kEgressFloor = 500;                // $/month of internet egress worth a CDN
constexpr double kEgressShare = 0.2;                // of the monthly total

std::string Usd(double v) { return cost::FormatDollars(v); }

double WriteShareInto(const Blueprint& bp, const std::string& id) {
  double share = 0;
  for (const Flow& f : bp.flows)
    if (f.kind == FlowKind::Write && !f.path.empty() && f.path.back() == id) share += f.share;
  return std::min(1.0, share);
}

bool ReadThrough(const Blueprint& bp, const std::string& id) {
  return std::any_of(bp.flows.begin(), bp.flows.end(), [&](const Flow& f) {
    return f.kind == FlowKind::Read && std::find(f.path.begin(), f.path.end(), id) != f.path.end();
  });
}

double LinesOf(const cost::CostResult& r, const std::string& id, const std::string& item) {
  double sum = 0;
  for (const auto& c : r.components)
    if (c.component == id)
      for (const auto& l : c.lines)
        if (l.item == item) sum += l.monthly;
  return sum;
}

}  // namespace

void CheckStorageAndCost(const Facts& f, FindingList& out) {
  const Blueprint& bp = f.bp;
  std::optional<cost::CostResult> bill;
  if (f.estimate) bill = cost::CostBlueprint(bp, *f.estimate);
  const double month = f.estimate ? f.estimate->calendar.month_s : 30 * 86400.0;
  const double retention_s = f.estimate ? f.estimate->Value("retention_months") * month : 5 * 365 * 86400.0;

  for (const Component& c : bp.components) {
    if (c.kind == ComponentKind::Dfs) {
      // CAP010: small blocks → NameNode memory.
      if (c.block_size_bytes && *c.block_size_bytes < kSmallBlock) {
        const double data = c.storage_bytes ? *c.storage_bytes * c.replicas / std::max(1, c.dfs_replication) : 1e15;
        storage::DfsDef small, normal;
        small.data_bytes = normal.data_bytes = data;
        small.block_size_bytes = small.file_size_bytes = *c.block_size_bytes;
        small.replication = normal.replication = 1;
        small.nodes = normal.nodes = 1;
        auto a = storage::AnalyzeDfs(small), b = storage::AnalyzeDfs(normal);
        if (a && b)
          out.AddOn("CAP010", c,
                    c.id + " uses " + Bytes(*c.block_size_bytes) + " blocks: " + units::FormatCount(a->blocks) +
                        " blocks and about " + Bytes(a->namenode_memory_bytes) + " of NameNode heap for " + Bytes(data) +
                        " (" + Bytes(b->namenode_memory_bytes) + " with 128 MiB blocks)",
                    {Ev("block_size_bytes", *c.block_size_bytes, "block size = " + Bytes(*c.block_size_bytes) +
                                                                     " < 32 MiB (HDFS default 128 MiB)"),
                     Ev("namenode_memory_bytes", a->namenode_memory_bytes,
                        a->formulas.size() > 3 ? a->formulas[3].text : std::string()),
                     Ev("data_bytes", data, c.storage_bytes ? "data = storage × nodes ÷ replication = " +
                                                                  Bytes(*c.storage_bytes) + " × " +
                                                                  std::to_string(c.replicas) + " ÷ " +
                                                                  std::to_string(c.dfs_replication) + " = " + Bytes(data)
                                                            : "no storage declared: 1 PB shown for scale")});
      }
      // DUR009: one copy.
      if (c.dfs_replication == 1)
        out.AddOn("DUR009", c, c.id + " keeps one copy of each block: a lost disk or node loses its data",
                  {Ev("replication_factor", 1, "replication factor = 1; node losses tolerated = 1 − 1 = 0")});
    }
    if (c.kind != ComponentKind::ObjectStorage) continue;
    const auto tier = cost::ParseTier(c.tier).value_or(cost::Tier::Standard);
    const bool to_archive = std::any_of(c.lifecycle.begin(), c.lifecycle.end(),
                                        [](const LifecycleTransition& t) { return t.tier == "archive"; });
    const bool reads = ReadThrough(bp, c.id);
    // CST005: archive tier on hot data.
    const bool hot = c.access == DataAccess::Hot || (c.access == DataAccess::Unstated && reads);
    if ((tier == cost::Tier::Archive && hot) || (to_archive && c.access == DataAccess::Hot)) {
      std::vector<Evidence> ev;
      ev.push_back(Ev("access", std::nullopt,
                      c.access == DataAccess::Hot ? "access = hot (declared)"
                                                  : "access not declared; read flows pass through " + c.id));
      ev.push_back(Ev("first_byte_s", 5 * 3600.0, "archive first byte ≈ 5 h (a restore before each read)"));
      if (bill) {
        const double retrieval = LinesOf(*bill, c.id, "retrieval") + LinesOf(*bill, c.id, "requests");
        ev.push_back(Ev("read_cost_monthly", retrieval,
                        "GET + retrieval = " + Usd(retrieval) + "/month at the archive prices"));
      }
      out.AddOn("CST005", c,
                c.id + (tier == cost::Tier::Archive ? " stores in the archive tier" : " moves data to archive") +
                    " but its data is read often: every read waits hours and pays retrieval",
                std::move(ev));
    }
    // CST006: large object storage without lifecycle rules.
    if (c.lifecycle.empty() && tier == cost::Tier::Standard && c.access != DataAccess::Hot) {
      double bytes = 0;
      std::string how;
      if (c.storage_bytes) {
        bytes = *c.storage_bytes;
        how = "declared storage = " + Bytes(bytes);
      } else if (f.estimate) {
        bytes = f.estimate->Value("storage_total_bytes") * WriteShareInto(bp, c.id);
        how = "data over retention × write share = " + Bytes(bytes);
      }
      if (bytes >= kLargeObjectStore) {
        const cost::PriceTable p = cost::PricesFor(bp.prices);
        const auto shares = cost::SteadyTierShares(
            cost::Tier::Standard, {{30 * 86400.0, cost::Tier::Infrequent}, {90 * 86400.0, cost::Tier::Archive}},
            retention_s);
        const double now = bytes / 1e9 * p.tier_gb_month[0];
        double tiered = 0;
        for (int t = 0; t < cost::kTierCount; ++t) tiered += bytes * shares[t] / 1e9 * p.tier_gb_month[t];
        if (now - tiered > 0)
          out.AddOn("CST006", c,
                    c.id + " keeps " + Bytes(bytes) + " in the standard tier with no lifecycle rule; infrequent after "
                    "30 d and archive after 90 d would cost about " + Usd(tiered) + "/month instead of " + Usd(now),
                    {Ev("stored_bytes", bytes, how + " ≥ 10 TB"),
                     Ev("storage_monthly", now, "standard = " + units::FormatNumber(bytes / 1e9, 4) + " GB × " +
                                                    Usd(p.tier_gb_month[0]) + " = " + Usd(now)),
                     Ev("tiered_monthly", tiered,
                        "tiered over a retention of " + Dur(retention_s) + " = " + Pct(shares[0]) + " standard + " +
                            Pct(shares[1]) + " infrequent + " + Pct(shares[2]) + " archive = " + Usd(tiered))});
      }
    }
  }
  if (!bill) return;
  // CST007: egress-heavy design without a CDN.
  const bool has_cdn = std::any_of(bp.components.begin(), bp.components.end(),
                                   [](const Component& c) { return c.kind == ComponentKind::Cdn; });
  double internet = 0;
  for (const auto& l : bill->design_lines)
    if (l.item == "egress") internet += l.monthly;
  if (!has_cdn && internet >= kEgressFloor && internet >= kEgressShare * bill->total_monthly) {
    const double gb = internet / bill->prices.egress_gb;
    const double saving = gb * 0.9 * (bill->prices.egress_gb - bill->prices.cdn_egress_gb);
    out.AddDesign("CST007",
                  "internet egress costs " + Usd(internet) + "/month (" + Pct(internet / bill->total_monthly) +
                      " of the bill) and no CDN serves it; a CDN hitting 90% would save about " + Usd(saving) + "/month",
                  {Ev("egress_monthly", internet, bill->design_lines.front().formula),
                   Ev("egress_share", internet / bill->total_monthly,
                      "egress ÷ total = " + Usd(internet) + " ÷ " + Usd(bill->total_monthly) + " = " +
                          Pct(internet / bill->total_monthly)),
                   Ev("cdn_saving_monthly", saving,
                      "GB × 90% × (egress − CDN egress price) = " + units::FormatNumber(gb, 4) + " × 0.9 × (" +
                          Usd(bill->prices.egress_gb) + " − " + Usd(bill->prices.cdn_egress_gb) + ") = " + Usd(saving))});
  }
  // CST008: over the monthly budget.
  if (bill->budget_monthly && bill->over_budget) {
    std::string top;
    double top_total = -1;
    for (const auto& c : bill->components)
      if (c.total > top_total) {
        top_total = c.total;
        top = c.component;
      }
    out.AddDesign("CST008",
                  "the design costs " + Usd(bill->total_monthly) + "/month, over its budget of " +
                      Usd(*bill->budget_monthly) + (top.empty() ? "" : "; the largest line is " + top + " at " + Usd(top_total)),
                  {Ev("total_monthly", bill->total_monthly, bill->formulas.empty() ? "" : [&] {
                     for (const auto& fm : bill->formulas)
                       if (fm.key == "total_monthly") return fm.text;
                     return std::string();
                   }()),
                   Ev("budget_monthly", *bill->budget_monthly, "budget = " + Usd(*bill->budget_monthly) + "/month")});
  }
}

}  // namespace sdlab::score::detail
