// The price table, the monthly bill of a sized workload and of a blueprint, tier shares, and the
// blueprint's cost fields — against numbers worked by hand in the comments.
#include <catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/cost.h"
#include "sdlab/estimate.h"

using namespace sdlab;
using namespace sdlab::cost;

namespace {

std::string ReadText(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double Line(const CostResult& r, const std::string& component, const std::string& item) {
  double sum = 0;
  for (const auto& c : r.components)
    if (c.component == component)
      for (const auto& l : c.lines)
        if (l.item == item) sum += l.monthly;
  return sum;
}

}  // namespace

TEST_CASE("a sized workload: compute, block and object storage, egress, cost per million", "[cost]") {
  // 30-day month = 720 h. Compute: 3 × (2 vCPU × $0.04 + 4 GB × $0.005) × 720 = 3 × $0.10 × 720 = $216.
  // Block 500 GB × $0.10 = $50; standard 1 TB = 1000 GB × $0.023 = $23; egress 1000 GB × $0.09 = $90.
  // Total $379; 10M requests → $379 ÷ 10 = $37.90 per million.
  SimpleCostDef d;
  d.replicas = 3;
  d.vcpus = 2;
  d.memory_bytes = 4e9;
  d.block_bytes = 500e9;
  d.object_bytes = {1e12, 0, 0};
  d.egress_bytes_per_month = 1e12;
  d.requests_per_month = 10e6;
  auto r = CostSimple(d);
  REQUIRE(r);
  CHECK(r->hours_per_month == Approx(720));
  CHECK(r->compute == Approx(216));
  CHECK(r->storage == Approx(73));
  CHECK(r->egress == Approx(90));
  CHECK(r->total_monthly == Approx(379));
  REQUIRE(r->cost_per_million_requests);
  CHECK(*r->cost_per_million_requests == Approx(37.9));
  // Overriding a price changes the line and the total: vCPU at $0.02 → compute 3 × 0.06 × 720 = $129.6.
  PriceOverrides o;
  o.vcpu_hour = 0.02;
  d.prices = PricesFor(o);
  auto cheaper = CostSimple(d);
  REQUIRE(cheaper);
  CHECK(cheaper->compute == Approx(129.6));
  // Bad input is an error value naming the field.
  d.replicas = 0;
  auto bad = CostSimple(d);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().field == "replicas");
}

TEST_CASE("steady-state tier shares of a lifecycle over the retention", "[cost]") {
  // Infrequent after 30 d, archive after 90 d, kept 365 d: 30/365 standard, 60/365 infrequent, 275/365 archive.
  const auto s = SteadyTierShares(Tier::Standard, {{30 * 86400.0, Tier::Infrequent}, {90 * 86400.0, Tier::Archive}},
                                  365 * 86400.0);
  CHECK(s[0] == Approx(30.0 / 365));
  CHECK(s[1] == Approx(60.0 / 365));
  CHECK(s[2] == Approx(275.0 / 365));
  // A rule past the retention never applies: kept 20 d → all standard.
  const auto short_kept = SteadyTierShares(Tier::Standard, {{30 * 86400.0, Tier::Infrequent}}, 20 * 86400.0);
  CHECK(short_kept[0] == Approx(1));
  CHECK(short_kept[1] == 0);
}

TEST_CASE("the rules' base blueprint costs what the hand sum says", "[cost]") {
  // Compute (default sizes, 720 h): lb 2 × (2 × 0.04 + 4 × 0.005) × 720 = $144; api 3 × 0.10 × 720 = $216;
  // cache 2 × (0.08 + 8 × 0.005) × 720 = $172.8; db 3 × (4 × 0.04 + 16 × 0.005) × 720 = $518.4;
  // queue 3 × (0.08 + 0.04) × 720 = $259.2; worker 2 × 0.10 × 720 = $144 → $1454.4.
  // Storage: db provisions 1 TB × 3 replicas = 3000 GB × $0.10 = $300.
  // Egress: 100 reads/s × 1 KB × 2.592e6 s = 259.2 GB × $0.09 = $23.328 (no CDN).
  // Total $1777.728; requests (100 + 10)/s × 2.592e6 s = 285.12M → $6.2350 per million.
  const std::string text = ReadText(std::filesystem::path(SDLAB_SOURCE_DIR) / "tests/data/rules/base.json");
  auto bp = LoadBlueprint(text);
  REQUIRE(bp);
  auto est = EstimateBlueprint(*bp);
  REQUIRE(est);
  const CostResult r = CostBlueprint(*bp, *est);
  CHECK(Line(r, "lb", "compute") == Approx(144));
  CHECK(Line(r, "db", "compute") == Approx(518.4));
  CHECK(Line(r, "cache", "compute") == Approx(172.8));
  CHECK(r.compute == Approx(1454.4));
  CHECK(r.storage == Approx(300));
  CHECK(r.egress == Approx(23.328));
  CHECK(r.total_monthly == Approx(1777.728));
  REQUIRE(r.cost_per_million_requests);
  CHECK(*r.cost_per_million_requests == Approx(1777.728 / 285.12));
  CHECK_FALSE(r.budget_monthly);
  // Every line carries its formula; the JSON has no NaN and the stable keys.
  for (const auto& c : r.components)
    for (const auto& l : c.lines) CHECK(l.formula.find(" = ") != std::string::npos);
  const nlohmann::json j = ToJson(r);
  CHECK(j.at("total_monthly").get<double>() == Approx(1777.728));
  CHECK(j.at("formulas").contains("total_monthly"));
  CHECK(j.at("prices").at("vcpu_hour").get<double>() == Approx(0.04));
}

TEST_CASE("blueprint cost fields: prices, budget, vcpus, memory, lifecycle, access", "[cost][blueprint]") {
  const std::string ok = R"({
    "requirements": {"reads": "100/s", "writes": "10/s", "budget": "$1.5K/month", "retention": "1y"},
    "prices": {"vcpu_hour": 0.05, "egress_gb": "$0.05"},
    "components": [
      {"id": "api", "kind": "service", "replicas": 2, "vcpus": 4, "memory": "8GB"},
      {"id": "files", "kind": "object_storage", "tier": "standard", "storage": "10TB", "access": "warm",
       "lifecycle": [{"after": "30d", "tier": "infrequent"}, {"after": "90d", "tier": "archive"}]}
    ]})";
  auto bp = LoadBlueprint(ok);
  REQUIRE(bp);
  CHECK(bp->requirements.budget_monthly == Approx(1500));
  CHECK(*bp->prices.vcpu_hour == Approx(0.05));
  CHECK(*bp->prices.egress_gb == Approx(0.05));
  CHECK(*bp->components[0].vcpus == 4);
  CHECK(*bp->components[0].memory_bytes == 8e9);
  REQUIRE(bp->components[1].lifecycle.size() == 2);
  CHECK(bp->components[1].lifecycle[1].tier == "archive");
  CHECK(bp->components[1].access == DataAccess::Warm);
  auto est = EstimateBlueprint(*bp);
  REQUIRE(est);
  const CostResult r = CostBlueprint(*bp, *est);
  // api: 2 × (4 × $0.05 + 8 × $0.005) × 720 = 2 × 0.24 × 720 = $345.6.
  CHECK(Line(r, "api", "compute") == Approx(345.6));
  // files: 10 TB over a 365-day retention (12.17 months of 30 d): 30/365 standard, 60/365 infrequent,
  // 275/365 archive = 10000 × (0.0822 × 0.023 + 0.1644 × 0.0125 + 0.7534 × 0.002) = $54.52.
  CHECK(Line(r, "files", "object_storage") ==
        Approx(10000 * (30.0 / 365 * 0.023 + 60.0 / 365 * 0.0125 + 275.0 / 365 * 0.002)));
  REQUIRE(r.budget_monthly);
  CHECK(r.over_budget == (r.total_monthly > 1500));

  auto errors = [](const std::string& text) {
    auto b = LoadBlueprint(text);
    REQUIRE_FALSE(b);
    std::string all;
    for (const auto& d : b.error()) all += d.ToString() + "\n";
    return all;
  };
  // Lifecycle ages must increase and move to a colder tier; tiers are checked; prices are money.
  const std::string bad_order = errors(R"({"components": [{"id": "f", "kind": "object_storage",
      "lifecycle": [{"after": "90d", "tier": "archive"}, {"after": "30d", "tier": "infrequent"}]}]})");
  CHECK(bad_order.find("/components/0/lifecycle/1/after") != std::string::npos);
  CHECK(bad_order.find("/components/0/lifecycle/1/tier") != std::string::npos);
  const std::string bad_tier = errors(R"({"components": [{"id": "f", "kind": "object_storage", "tier": "glacir"}]})");
  CHECK(bad_tier.find("error[enum]: /components/0/tier") != std::string::npos);
  const std::string bad_price = errors(R"({"prices": {"vcpu_hour": "cheap"}, "components": [{"id": "a", "kind": "service"}]})");
  CHECK(bad_price.find("1:26: error[unit]: /prices/vcpu_hour") != std::string::npos);
  const std::string bad_key = errors(R"({"prices": {"vcpu_hours": 1}, "components": [{"id": "a", "kind": "service"}]})");
  CHECK(bad_key.find("unknown_field") != std::string::npos);
  const std::string bad_budget = errors(R"({"requirements": {"budget": -5}, "components": [{"id": "a", "kind": "service"}]})");
  CHECK(bad_budget.find("error[range]: /requirements/budget") != std::string::npos);
  const std::string bad_access = errors(R"({"components": [{"id": "d", "kind": "database", "access": "tepid"}]})");
  CHECK(bad_access.find("error[enum]: /components/0/access") != std::string::npos);
}
