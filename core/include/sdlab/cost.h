// sdlab/cost.h — what a design costs per month: a documented price table and the bill of a blueprint.
//
// The price table (PriceTable's defaults) is ILLUSTRATIVE: round, list-price-like on-demand figures of
// a large public cloud as of 2026, in US dollars, with no discounts (reserved/committed use, spot,
// volume tiers, free allowances) and no taxes. They are there to compare designs and to learn which
// lines dominate, not to quote a bill. Override any of them from the blueprint's top-level `prices`
// object (e.g. "prices": {"vcpu_hour": 0.031, "egress_gb": "$0.05"}) or, in `sdlab model cost`, with
// the flag of the same name (--vcpu-hour 0.031).
//
//   compute        vcpu_hour 0.04 $/vCPU-hour · memory_gb_hour 0.005 $/GB-hour
//   block storage  block_gb_month 0.10 $/GB-month (SSD volumes of databases, search, DFS nodes)
//   object tiers   standard 0.023 · infrequent 0.0125 · archive 0.002 $/GB-month
//                  PUT per million: 5 · 10 · 30      GET per million: 0.4 · 1 · 10
//                  retrieval per GB: 0 · 0.01 · 0.03  lifecycle transition into the tier per
//                  million objects: 0 · 10 · 50       minimum storage duration: 0 · 30 · 90 days
//                  first-byte latency (documented, typical): 50 ms · 50 ms · 5 h (archive restore)
//   egress         egress_gb 0.09 $/GB to the internet · cdn_egress_gb 0.04 $/GB from a CDN edge
//   requests       gateway_per_million 1.00 (managed API gateway) · cdn_per_million 0.75 ·
//                  dns_per_million 0.40 (managed DNS queries)
//
// Monthly bill of a blueprint (CostBlueprint), every line with its formula:
//   hours per month = month ÷ 3600 s (720 h with the default 30-day month).
//   compute   replicas × (vCPUs × vcpu_hour + memory GB × memory_gb_hour) × hours. One replica's size
//             is the component's `vcpus` and `memory`, or these defaults per kind (vCPUs / memory):
//               load_balancer 2 / 4 GB · service 2 / 4 GB · cache 2 / its `memory` (8 GB if absent) ·
//               database 4 / 16 GB · search 4 / 16 GB · queue 2 / 8 GB · stream 4 / 16 GB ·
//               dfs 4 / 16 GB · batch_processor 4 / 16 GB · stream_processor 4 / 16 GB.
//             client, dns, cdn, object_storage are managed (no compute); api_gateway is managed and
//             billed per request unless it declares `vcpus` (self-hosted: compute, no request fee).
//   storage   database/search/dfs: provisioned `storage` × replicas at block_gb_month; without a
//             `storage`, the estimate's stored data (with replicas) × the share of writes that end at
//             the component. Object storage: its `storage`, or the estimate's data over the
//             retention (one copy; the provider replicates inside the price) × the share of writes
//             that end at it; split across tiers by its `tier` and `lifecycle` rules for the steady
//             state (uniform writes, so a tier holds the share of the retention its ages cover).
//   requests  object storage: PUTs = writes ending at it, GETs = reads through it, per month at its
//             tiers' prices (reads hit the first tier 90% of the time when a lifecycle moves data,
//             the rest by bytes), plus retrieval per GB read from infrequent/archive; managed
//             gateway, CDN and DNS: requests through them per month × the per-million price.
//   egress    the estimate's egress (reads × read size) per month: the part a CDN on the read path
//             serves (its hit ratio, 90% if not given) at cdn_egress_gb, billed to the CDN; the rest
//             at egress_gb as the design's "internet egress" line. Without flows a CDN serves all reads.
//   total     the sum; cost per million requests = total ÷ (requests per month ÷ 10^6), requests per
//             month = (reads + writes)/s × month.
//   budget    requirements.budget ($ per month), when given: over_budget = total > budget.
// Units: US dollars per month unless stated; sizes in bytes (GB = 10^9 B), times in seconds.
// Determinism: pure arithmetic on the inputs; JSON numbers rounded like the other areas.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/expected.h"

namespace sdlab::cost {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;  ///< "vcpus: must be > 0"
};

struct Formula {
  std::string key;
  std::string text;
};

/// Object storage tiers, cheapest to store last.
enum class Tier { Standard = 0, Infrequent = 1, Archive = 2 };
constexpr int kTierCount = 3;
std::string_view TierName(Tier t);  ///< "standard", "infrequent", "archive"
/// Accepts the names above (also "ia", "glacier", "cold" as aliases); nullopt otherwise.
std::optional<Tier> ParseTier(std::string_view name);

/// The price table (see the top of this file). Per-tier arrays are indexed by Tier.
struct PriceTable {
  double vcpu_hour = 0.04;
  double memory_gb_hour = 0.005;
  double block_gb_month = 0.10;
  std::array<double, kTierCount> tier_gb_month{0.023, 0.0125, 0.002};
  std::array<double, kTierCount> put_per_million{5.0, 10.0, 30.0};
  std::array<double, kTierCount> get_per_million{0.4, 1.0, 10.0};
  std::array<double, kTierCount> retrieval_gb{0.0, 0.01, 0.03};
  std::array<double, kTierCount> transition_per_million{0.0, 10.0, 50.0};
  std::array<double, kTierCount> min_storage_days{0.0, 30.0, 90.0};
  std::array<double, kTierCount> first_byte_s{0.05, 0.05, 5 * 3600.0};
  double egress_gb = 0.09;
  double cdn_egress_gb = 0.04;
  double gateway_per_million = 1.0;
  double cdn_per_million = 0.75;
  double dns_per_million = 0.40;
};

/// Steady-state share of stored bytes in each tier when objects are written at a steady rate and kept
/// for `retention_s`: data starts in `first` and moves at each (age, tier) rule; a tier holds the
/// share of ages [0, retention) it covers. Rules at or past the retention never apply.
std::array<double, kTierCount> SteadyTierShares(Tier first, const std::vector<std::pair<double, Tier>>& rules,
                                                double retention_s);

/// The defaults with the blueprint's `prices` overrides applied.
PriceTable PricesFor(const PriceOverrides& overrides);
/// The table as JSON (keys as in the blueprint's `prices`, per-tier values as {standard, infrequent, archive}).
nlohmann::json ToJson(const PriceTable& p);

/// The size of one replica used for compute cost: declared or the kind's default (see the top).
struct ComputeSize {
  double vcpus = 0;
  double memory_bytes = 0;
  bool declared = false;   ///< vcpus or memory given in the blueprint
  bool managed = false;    ///< billed by use, not by the hour
};
ComputeSize ComputeSizeOf(const Component& c);

// [SECTION] Flag mode (sdlab model cost) ----------------------------------------------------------------

/// A single sized workload: N replicas of a size, some storage, some egress and requests.
struct SimpleCostDef {
  int replicas = 1;
  double vcpus = 2;
  double memory_bytes = 4e9;
  double block_bytes = 0;                      ///< block storage (SSD)
  std::array<double, kTierCount> object_bytes{0, 0, 0};  ///< object storage by tier
  double egress_bytes_per_month = 0;
  double requests_per_month = 0;               ///< for cost per million requests
  double gateway_requests_per_month = 0;       ///< billed at gateway_per_million
  double month_s = 30 * 86400.0;
  PriceTable prices;
};

struct CostLine {
  std::string component;  ///< component id; "" for design-level lines (internet egress)
  std::string item;       ///< "compute", "block_storage", "object_storage", "requests", "retrieval", "egress"
  double monthly = 0;     ///< $ per month
  std::string formula;
};

struct ComponentCost {
  std::string component;
  std::string kind;
  double compute = 0, storage = 0, requests = 0, egress = 0;
  double total = 0;
  std::vector<CostLine> lines;
};

struct CostResult {
  std::vector<ComponentCost> components;  ///< in blueprint order (components that cost nothing left out)
  std::vector<CostLine> design_lines;     ///< not owned by one component (internet egress)
  double compute = 0, storage = 0, requests = 0, egress = 0;
  double total_monthly = 0;
  double requests_per_month = 0;
  std::optional<double> cost_per_million_requests;  ///< empty when there are no requests
  std::optional<double> budget_monthly;
  bool over_budget = false;
  double hours_per_month = 720;
  PriceTable prices;
  std::vector<Formula> formulas;  ///< compute_total, storage_total, ..., total_monthly, cost_per_million_requests
  std::vector<std::string> notes;
};

Expected<CostResult, InputError> CostSimple(const SimpleCostDef& def);

/// The monthly bill of a blueprint from its estimate (EstimateBlueprint). Never fails for a loaded
/// blueprint; components a rule cannot price are noted.
CostResult CostBlueprint(const Blueprint& bp, const Estimate& estimate);

/// {total_monthly, compute, storage, requests, egress, requests_per_month, cost_per_million_requests,
///  budget_monthly, over_budget, hours_per_month, components: [{component, kind, compute, ..., lines:
///  [{item, monthly, formula}]}], design_lines, formulas {key: text}, prices {...}, notes, currency}.
nlohmann::json ToJson(const CostResult& r);

/// "$1.23K", "$0.045", "$12.3M" — dollars with 3 significant digits and a count suffix.
std::string FormatDollars(double usd);

}  // namespace sdlab::cost
