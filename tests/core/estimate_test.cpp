// Tests for sdlab/estimate.h. Expected values are the system-design-primer's worked examples (with
// its month of 2.5e6 s and year of 3e7 s: "2.5 million seconds per month") and formulas from
// estimate.h worked by hand:
//   Pastebin  10 M writes, 100 M reads a month, 1.27 KB   → 4 writes/s, 40 reads/s, 12.7 GB/month, 457 GB in 3 y
//   Twitter   15 B writes (500 M/day), 250 B reads a month, 10 KB → 6000 writes/s, 100 000 reads/s, 150 TB/month
//   Mint      5 B transactions a month at 50 B, 500 M reads   → 2000 writes/s, 250 GB/month, 9 TB in 3 y, 200 reads/s
#include <catch.hpp>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/units.h"

using sdlab::Estimate;
using sdlab::Requirements;
using sdlab::units::MonthConvention;

namespace {

constexpr double kPrimerMonth = 2.5e6;
constexpr double kPrimerYear = 3e7;
constexpr double kDay = 86400.0;

std::string ReadSourceFile(const std::string& relative) {
  std::ifstream in(std::string(SDLAB_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

sdlab::Blueprint Load(std::string_view text) {
  auto r = sdlab::LoadBlueprint(text);
  if (!r) {
    std::string s;
    for (const auto& d : r.error()) s += d.ToString() + "\n";
    FAIL("blueprint does not load:\n" << s);
  }
  return *r;
}

Estimate Run(const Requirements& q) {
  auto e = sdlab::EstimateRequirements(q);
  if (!e) FAIL(e.error().message);
  return *e;
}

Estimate RunBlueprint(const sdlab::Blueprint& bp) {
  auto e = sdlab::EstimateBlueprint(bp);
  if (!e) FAIL(e.error().message);
  return *e;
}

const sdlab::Figure& FigureOf(const Estimate& e, std::string_view key) {
  const sdlab::Figure* f = e.Find(key);
  INFO("figure " << key);
  REQUIRE(f != nullptr);
  return *f;
}

const sdlab::TierEstimate& TierOf(const Estimate& e, const std::string& id) {
  for (const auto& t : e.tiers)
    if (t.component == id) return t;
  FAIL("no tier for " << id);
  return e.tiers.front();
}

bool HasTier(const Estimate& e, const std::string& id) {
  for (const auto& t : e.tiers)
    if (t.component == id) return true;
  return false;
}

/// The primer's requirements: totals per month, a primer month, 3 years kept.
Requirements PrimerMonthly(double writes_per_month, double reads_per_month, double object_bytes) {
  Requirements q;
  q.month = MonthConvention::Primer;
  q.writes_per_s = writes_per_month / kPrimerMonth;
  q.reads_per_s = reads_per_month / kPrimerMonth;
  q.object_size_bytes = object_bytes;
  q.retention_s = 3 * kPrimerYear;
  return q;
}

}  // namespace

// [SECTION] The primer's numbers

TEST_CASE("pastebin: the primer's figures from the scenario file", "[estimate]") {
  const Estimate e = RunBlueprint(Load(ReadSourceFile("scenarios/pastebin.json")));
  CHECK(e.calendar.convention == MonthConvention::Primer);
  CHECK(e.calendar.month_s == kPrimerMonth);
  CHECK(e.Value("write_rps") == Approx(4.0).epsilon(1e-12));
  CHECK(e.Value("read_rps") == Approx(40.0).epsilon(1e-12));
  CHECK(e.Value("read_write_ratio") == Approx(10.0).epsilon(1e-12));
  CHECK(e.Value("writes_per_month") == Approx(10e6).epsilon(1e-12));
  CHECK(e.Value("storage_per_month_bytes") == Approx(12.7e9).epsilon(1e-12));  // 10 M × 1.27 KB
  CHECK(e.Value("retention_months") == Approx(36.0).epsilon(1e-12));           // 3 y of 3e7 s ÷ 2.5e6 s
  CHECK(e.Value("storage_total_bytes") == Approx(457.2e9).epsilon(1e-12));     // the primer's "~450 GB"
  CHECK(e.Value("storage_total_replicated_bytes") == Approx(3 * 457.2e9).epsilon(1e-12));
  CHECK(e.Value("objects_total") == Approx(360e6).epsilon(1e-12));              // 360 M pastes in 3 years
  CHECK(e.Value("peak_read_rps") == Approx(120.0).epsilon(1e-12));              // peak factor 3
  CHECK(e.Value("peak_write_rps") == Approx(12.0).epsilon(1e-12));
  CHECK(e.Value("ingress_bytes_per_s") == Approx(4 * 1270.0).epsilon(1e-12));  // 5.08 KB/s
  CHECK(e.Value("egress_bytes_per_s") == Approx(40 * 1270.0).epsilon(1e-12));  // 50.8 KB/s
  // The formulas carry the numbers they were computed from.
  CHECK(FigureOf(e, "read_rps").formula == "avg reads = 100M/month (primer month = 2500000 s) = 40/s");
  CHECK(FigureOf(e, "peak_read_rps").formula == "peak reads = avg reads × peak factor = 40/s × 3 = 120/s");
  CHECK(FigureOf(e, "storage_per_month_bytes").formula ==
        "new data per month = writes per month × object size = 10M × 1.27 KB = 12.7 GB");
  CHECK(FigureOf(e, "storage_total_bytes").formula ==
        "data over retention = new data per month × months = 12.7 GB × 36 = 457 GB");
}

TEST_CASE("twitter: 6000 writes/s, 100 000 reads/s, 150 TB a month", "[estimate]") {
  // The primer: 500 M tweets a day = 15 B a month; 250 B timeline reads a month; 10 KB per tweet.
  const auto per_day = sdlab::units::ParseRate("500M/day");
  REQUIRE(per_day);
  CHECK(*per_day * 30 * kDay == Approx(15e9).epsilon(1e-12));
  const Requirements q = PrimerMonthly(15e9, 250e9, 10e3);
  const Estimate e = Run(q);
  CHECK(e.Value("write_rps") == Approx(6000.0).epsilon(1e-12));
  CHECK(e.Value("read_rps") == Approx(100000.0).epsilon(1e-12));
  CHECK(e.Value("storage_per_month_bytes") == Approx(150e12).epsilon(1e-12));
  CHECK(e.Value("storage_total_bytes") == Approx(36 * 150e12).epsilon(1e-12));  // 5.4 PB in 3 years
  // The scenario file says the same.
  const Estimate s = RunBlueprint(Load(ReadSourceFile("scenarios/twitter-timeline.json")));
  CHECK(s.Value("write_rps") == Approx(6000.0).epsilon(1e-12));
  CHECK(s.Value("read_rps") == Approx(100000.0).epsilon(1e-12));
  CHECK(s.Value("storage_per_month_bytes") == Approx(150e12).epsilon(1e-12));
  CHECK(s.Value("dau") == 100e6);
}

TEST_CASE("mint: 2000 writes/s, 250 GB a month, 9 TB in 3 years, 200 reads/s", "[estimate]") {
  const Estimate e = Run(PrimerMonthly(5e9, 500e6, 50));
  CHECK(e.Value("write_rps") == Approx(2000.0).epsilon(1e-12));
  CHECK(e.Value("read_rps") == Approx(200.0).epsilon(1e-12));
  CHECK(e.Value("storage_per_month_bytes") == Approx(250e9).epsilon(1e-12));
  CHECK(e.Value("storage_total_bytes") == Approx(9e12).epsilon(1e-12));
  CHECK(e.Value("objects_total") == Approx(180e9).epsilon(1e-12));  // 5 B × 36 months
}

// [SECTION] Traffic

TEST_CASE("per-user traffic × DAU", "[estimate]") {
  Requirements q;
  q.dau = 2e6;
  q.reads_per_user_per_s = 20 / kDay;
  q.writes_per_user_per_s = 0.3 / kDay;
  const Estimate e = Run(q);
  CHECK(e.Value("read_rps") == Approx(2e6 * 20 / kDay).epsilon(1e-12));   // 462.96/s
  CHECK(e.Value("write_rps") == Approx(2e6 * 0.3 / kDay).epsilon(1e-12)); // 6.94/s
  CHECK(e.Value("read_write_ratio") == Approx(20 / 0.3).epsilon(1e-12));
  CHECK(e.Value("total_rps") == Approx(2e6 * 20.3 / kDay).epsilon(1e-12));
  CHECK(e.Value("dau") == 2e6);
  CHECK(FigureOf(e, "read_rps").formula == "avg reads = DAU × reads per user = 2M × 20/day ÷ 86400 s = 463/s");
}

TEST_CASE("a read:write ratio stands in for reads or for writes", "[estimate]") {
  Requirements w;
  w.writes_per_s = 50;
  w.read_write_ratio = 100;
  const Estimate from_writes = Run(w);
  CHECK(from_writes.Value("read_rps") == Approx(5000.0).epsilon(1e-12));
  CHECK(from_writes.Value("read_write_ratio") == Approx(100.0).epsilon(1e-12));
  CHECK(FigureOf(from_writes, "read_rps").formula ==
        "avg reads = avg writes × read:write ratio = 50/s × 100 = 5K/s");

  Requirements r;
  r.reads_per_s = 5000;
  r.read_write_ratio = 100;
  const Estimate from_reads = Run(r);
  CHECK(from_reads.Value("write_rps") == Approx(50.0).epsilon(1e-12));
  CHECK(FigureOf(from_reads, "write_rps").formula ==
        "avg writes = avg reads ÷ read:write ratio = 5K/s ÷ 100 = 50/s");
}

TEST_CASE("peak = average × peak factor; bandwidth in and out", "[estimate]") {
  Requirements q;
  q.reads_per_s = 300;
  q.writes_per_s = 20;
  q.peak_factor = 5;
  q.object_size_bytes = 4000;
  q.read_size_bytes = 10000;
  const Estimate e = Run(q);
  CHECK(e.Value("peak_read_rps") == Approx(1500.0).epsilon(1e-12));
  CHECK(e.Value("peak_write_rps") == Approx(100.0).epsilon(1e-12));
  CHECK(e.Value("peak_total_rps") == Approx(1600.0).epsilon(1e-12));
  CHECK(e.Value("ingress_bytes_per_s") == Approx(20 * 4000.0).epsilon(1e-12));   // writes × object size
  CHECK(e.Value("egress_bytes_per_s") == Approx(300 * 10000.0).epsilon(1e-12));  // reads × read size
  CHECK(e.Value("peak_ingress_bytes_per_s") == Approx(5 * 20 * 4000.0).epsilon(1e-12));
  CHECK(e.Value("peak_egress_bytes_per_s") == Approx(5 * 300 * 10000.0).epsilon(1e-12));
  CHECK(FigureOf(e, "egress_bytes_per_s").formula == "egress = avg reads × read size = 300/s × 10 KB = 3 MB/s");
  // Storage is sized by the object written, not by what a read returns.
  CHECK(e.Value("storage_per_month_bytes") == Approx(20 * 30 * kDay * 4000).epsilon(1e-12));
}

TEST_CASE("cache memory = hot fraction × reads per day × read size", "[estimate]") {
  Requirements q;
  q.reads_per_s = 100;
  q.read_size_bytes = 2000;
  q.cache_hot_fraction = 0.2;
  const Estimate e = Run(q);
  CHECK(e.Value("reads_per_day") == Approx(8.64e6).epsilon(1e-12));
  CHECK(e.Value("cache_memory_bytes") == Approx(0.2 * 8.64e6 * 2000).epsilon(1e-12));  // 3.456 GB
  CHECK(FigureOf(e, "cache_memory_bytes").formula ==
        "cache = hot fraction × reads per day × read size = 20% × 8.64M × 2 KB = 3.46 GB");
  q.cache_hot_fraction = 0.05;
  CHECK(Run(q).Value("cache_memory_bytes") == Approx(0.05 * 8.64e6 * 2000).epsilon(1e-12));
}

// [SECTION] Storage

TEST_CASE("the replication factor multiplies the stored total", "[estimate]") {
  Requirements q = PrimerMonthly(10e6, 0, 1000);
  q.replication_factor = 5;
  const Estimate e = Run(q);
  const double total = 10e6 * 1000 * 36;
  CHECK(e.Value("storage_total_bytes") == Approx(total).epsilon(1e-12));
  CHECK(e.Value("storage_total_replicated_bytes") == Approx(5 * total).epsilon(1e-12));
  q.replication_factor = 1;
  CHECK(Run(q).Value("storage_total_replicated_bytes") == Approx(total).epsilon(1e-12));
}

TEST_CASE("growth compounds monthly: the total is a geometric sum", "[estimate]") {
  Requirements q;
  q.writes_per_s = 10;
  q.object_size_bytes = 1000;
  q.retention_s = 12 * 30 * kDay;  // 12 months of 30 days
  q.growth_per_month = 0.05;
  const Estimate e = Run(q);
  const double first = 10 * 30 * kDay * 1000;  // 25.92 GB in the first month
  double sum = 0, month = first;
  for (int i = 0; i < 12; ++i) {
    sum += month;  // month i writes first × 1.05^i
    month *= 1.05;
  }
  CHECK(e.Value("storage_per_month_bytes") == Approx(first).epsilon(1e-12));
  CHECK(e.Value("storage_total_bytes") == Approx(sum).epsilon(1e-12));  // 15.917 × first
  CHECK(e.Value("storage_total_bytes") == Approx(first * 15.917126).epsilon(1e-7));
  CHECK(e.Value("objects_total") == Approx(sum / 1000).epsilon(1e-12));
  // Doubling each month for 3 months: 1 + 2 + 4 = 7 months' worth.
  q.retention_s = 3 * 30 * kDay;
  q.growth_per_month = 1.0;
  CHECK(Run(q).Value("storage_total_bytes") == Approx(7 * first).epsilon(1e-12));
  // No growth: months × monthly.
  q.growth_per_month = 0;
  CHECK(Run(q).Value("storage_total_bytes") == Approx(3 * first).epsilon(1e-12));
}

TEST_CASE("the month convention changes monthly storage and months kept", "[estimate]") {
  Requirements q;
  q.writes_per_s = 100;
  q.object_size_bytes = 1000;
  q.retention_s = std::nullopt;  // 5 years of the convention
  q.month = MonthConvention::Days30;
  const Estimate d30 = Run(q);
  q.month = MonthConvention::Gregorian;
  const Estimate greg = Run(q);
  const double greg_month = 365.2425 * kDay / 12;  // 2 629 746 s
  CHECK(d30.calendar.month_s == 30 * kDay);
  CHECK(greg.calendar.month_s == Approx(greg_month).epsilon(1e-15));
  CHECK(d30.Value("storage_per_month_bytes") == Approx(100 * 30 * kDay * 1000).epsilon(1e-12));  // 259.2 GB
  CHECK(greg.Value("storage_per_month_bytes") == Approx(100 * greg_month * 1000).epsilon(1e-12)); // 262.97 GB
  CHECK(d30.Value("retention_months") == Approx(5 * 365 / 30.0).epsilon(1e-12));  // 60.83
  CHECK(greg.Value("retention_months") == Approx(60.0).epsilon(1e-12));
  // Either way the total is writes × size × 5 years of that calendar.
  CHECK(d30.Value("storage_total_bytes") == Approx(100 * 1000 * 5 * 365 * kDay).epsilon(1e-12));
  CHECK(greg.Value("storage_total_bytes") == Approx(100 * 1000 * 5 * 365.2425 * kDay).epsilon(1e-12));
  CHECK(d30.Value("storage_total_bytes") != Approx(greg.Value("storage_total_bytes")).epsilon(1e-6));
  CHECK(sdlab::EstimateToJson(greg)["month_convention"] == "gregorian");
}

// [SECTION] Errors and degenerate input

TEST_CASE("no traffic given is an error, not a zero estimate", "[estimate]") {
  auto e = sdlab::EstimateRequirements(Requirements{});
  REQUIRE_FALSE(e.has_value());
  CHECK(e.error().message.find("no traffic given") != std::string::npos);
  // A ratio alone is not traffic either.
  Requirements ratio_only;
  ratio_only.read_write_ratio = 10;
  CHECK_FALSE(sdlab::EstimateRequirements(ratio_only).has_value());
  // Per-user rates without DAU give no traffic.
  Requirements no_dau;
  no_dau.reads_per_user_per_s = 1;
  CHECK_FALSE(sdlab::EstimateRequirements(no_dau).has_value());
  // Nor does a blueprint without requirements.
  CHECK_FALSE(sdlab::EstimateBlueprint(Load(R"({"components": [{"id": "a", "kind": "service"}]})")).has_value());
}

TEST_CASE("reads only: no writes, no ratio, nothing stored, every number finite", "[estimate]") {
  Requirements q;
  q.reads_per_s = 10;
  const Estimate e = Run(q);
  CHECK(e.Value("write_rps") == 0.0);
  CHECK(e.Find("read_write_ratio") == nullptr);  // undefined, so absent rather than inf
  CHECK(e.Value("storage_total_bytes") == 0.0);
  CHECK(FigureOf(e, "write_rps").formula == "avg writes = 0 (none given)");
  for (const auto& f : e.figures) {
    INFO(f.key);
    CHECK(std::isfinite(f.value));
  }
  CHECK(e.Value("no_such_figure") == 0.0);
  CHECK(e.Find("no_such_figure") == nullptr);
}

// [SECTION] Servers per tier

TEST_CASE("servers per tier follow the flows; a cache passes on its misses", "[estimate]") {
  // Peak reads 2000/s, peak writes 200/s. The cache hits 80%, so 20% of reads (400/s) reach the db.
  //   api   2000 + 200 = 2200/s  ÷ (300/s × 0.7 = 210/s) = 10.48 → 11
  //   cache 2000/s             ÷ (1000/s × 0.7 = 700/s) = 2.86  → 3
  //   db    400 + 200 = 600/s  ÷ (100/s × 0.7 = 70/s)   = 8.57  → 9
  const Estimate e = RunBlueprint(Load(R"({
  "requirements": { "reads": "1000/s", "writes": "100/s", "peak_factor": 2, "target_utilization": "70%" },
  "components": [
    { "id": "users", "kind": "client", "capacity": "1/s" },
    { "id": "api", "kind": "service", "replicas": 4, "capacity": "300/s" },
    { "id": "cache", "kind": "cache", "capacity": "1000/s", "hit_ratio": "80%" },
    { "id": "db", "kind": "database", "replicas": 2, "capacity": "100/s" },
    { "id": "idle", "kind": "service" }
  ],
  "links": [
    { "from": "users", "to": "api" }, { "from": "api", "to": "cache" },
    { "from": "cache", "to": "db" }, { "from": "api", "to": "db" }
  ],
  "flows": [
    { "id": "read", "kind": "read", "path": ["users", "api", "cache", "db"] },
    { "id": "write", "kind": "write", "path": ["users", "api", "db"] }
  ]
})"));
  REQUIRE(e.tiers.size() == 3);
  CHECK_FALSE(HasTier(e, "users"));  // clients are not sized
  CHECK_FALSE(HasTier(e, "idle"));   // no capacity given
  const auto& api = TierOf(e, "api");
  CHECK(api.kind == "service");
  CHECK(api.peak_rps == Approx(2200.0).epsilon(1e-12));
  CHECK(api.capacity_rps == 300.0);
  CHECK(api.servers_needed == 11);
  CHECK(api.replicas == 4);
  CHECK(api.peak_utilization == Approx(2200.0 / 1200).epsilon(1e-12));
  const auto& cache = TierOf(e, "cache");
  CHECK(cache.peak_rps == Approx(2000.0).epsilon(1e-12));
  CHECK(cache.servers_needed == 3);
  const auto& db = TierOf(e, "db");
  CHECK(db.peak_rps == Approx(600.0).epsilon(1e-12));
  CHECK(db.servers_needed == 9);
  CHECK(db.peak_utilization == Approx(3.0).epsilon(1e-12));
  CHECK(db.formula.find("⌈600/s ÷ (100/s × 70%)⌉ = 9") != std::string::npos);
  CHECK(db.formula.find("read 400/s + write 200/s") != std::string::npos);
}

TEST_CASE("servers: without flows every tier takes all requests; exact fits do not round up", "[estimate]") {
  // Peak 2 × (50 + 50) = 200/s on each tier; 100/s × 50% = 50/s per server → exactly 4.
  const Estimate e = RunBlueprint(Load(R"({
  "requirements": { "reads": "50/s", "writes": "50/s", "target_utilization": "50%" },
  "components": [ { "id": "api", "kind": "service", "capacity": "100/s" },
                  { "id": "db", "kind": "database", "capacity": "30/s", "replicas": 8 } ]
})"));
  REQUIRE(e.tiers.size() == 2);
  CHECK(TierOf(e, "api").peak_rps == Approx(200.0).epsilon(1e-12));
  CHECK(TierOf(e, "api").servers_needed == 4);
  CHECK(TierOf(e, "db").servers_needed == 14);  // 200 ÷ 15 = 13.3 → 14
  CHECK(TierOf(e, "db").peak_utilization == Approx(200.0 / 240).epsilon(1e-12));
}

TEST_CASE("servers: a cache without a hit ratio is assumed to hit 80%; a queue smooths the peak", "[estimate]") {
  // Peak writes 2 × 100 = 200/s; the async flow's consumers behind the queue see the average, 100/s.
  const Estimate e = RunBlueprint(Load(R"({
  "requirements": { "reads": "100/s", "writes": "100/s" },
  "components": [
    { "id": "api", "kind": "service", "capacity": "1000/s" },
    { "id": "cache", "kind": "cache" },
    { "id": "db", "kind": "database", "capacity": "1000/s" },
    { "id": "q", "kind": "queue" },
    { "id": "worker", "kind": "service", "capacity": "10/s" }
  ],
  "links": [ { "from": "api", "to": "cache" }, { "from": "cache", "to": "db" },
             { "from": "api", "to": "q" }, { "from": "q", "to": "worker" } ],
  "flows": [
    { "id": "read", "kind": "read", "path": ["api", "cache", "db"] },
    { "id": "work", "kind": "write", "async": true, "path": ["api", "q", "worker"] }
  ]
})"));
  CHECK(TierOf(e, "db").peak_rps == Approx(0.2 * 200).epsilon(1e-12));
  CHECK(TierOf(e, "worker").peak_rps == Approx(100.0).epsilon(1e-12));
  CHECK(TierOf(e, "worker").servers_needed == 15);  // 100 ÷ 7 = 14.3 → 15
  CHECK(TierOf(e, "api").peak_rps == Approx(400.0).epsilon(1e-12));
  bool noted = false;
  for (const auto& n : e.notes) noted = noted || n.find("80%") != std::string::npos;
  CHECK(noted);
}

// [SECTION] JSON

TEST_CASE("EstimateToJson: stable keys, numbers and formulas", "[estimate]") {
  const Estimate e = RunBlueprint(Load(ReadSourceFile("scenarios/pastebin.json")));
  const nlohmann::json j = sdlab::EstimateToJson(e);
  for (const char* key : {"read_rps", "write_rps", "peak_read_rps", "peak_write_rps", "storage_per_month_bytes",
                          "storage_total_bytes", "ingress_bytes_per_s", "egress_bytes_per_s", "month_seconds",
                          "formulas"}) {
    INFO(key);
    CHECK(j.contains(key));
  }
  CHECK(j["read_rps"].get<double>() == Approx(40.0).epsilon(1e-12));
  CHECK(j["write_rps"].get<double>() == Approx(4.0).epsilon(1e-12));
  CHECK(j["month_seconds"].get<double>() == kPrimerMonth);
  CHECK(j["year_seconds"].get<double>() == kPrimerYear);
  CHECK(j["month_convention"] == "primer");
  REQUIRE(j["formulas"].is_object());
  for (const auto& f : e.figures) {
    INFO(f.key);
    REQUIRE(j.contains(f.key));
    CHECK(j[f.key].get<double>() == f.value);
    CHECK(j["formulas"][f.key] == f.formula);
    CHECK(j["labels"][f.key] == f.label);
  }
  REQUIRE(j["tiers"].is_array());
  CHECK(j["tiers"].size() == e.tiers.size());
  for (const auto& t : j["tiers"]) {
    for (const char* key : {"component", "kind", "peak_rps", "capacity_rps", "servers_needed", "replicas",
                            "peak_utilization", "formula"})
      CHECK(t.contains(key));
  }
  CHECK(j["notes"].is_array());
  // Every number is finite (no NaN or infinity may reach JSON), and the output is deterministic.
  for (const auto& [key, value] : j.items())
    if (value.is_number()) CHECK(std::isfinite(value.get<double>()));
  CHECK(sdlab::EstimateToJson(e).dump() == j.dump());
}
