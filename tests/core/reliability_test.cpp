// Availability composition, nines and downtime, blueprint SPOFs, backups and DR against hand math.
#include <catch.hpp>

#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/reliability.h"

using namespace sdlab;
using namespace sdlab::reliability;

TEST_CASE("serial, parallel, k-of-n and N+1", "[reliability]") {
  CHECK(Serial({0.99, 0.99}) == Approx(0.9801));
  CHECK(Parallel({0.99, 0.99}) == Approx(0.9999));
  CHECK(Parallel({0.9, 0.8, 0.5}) == Approx(1 - 0.1 * 0.2 * 0.5));
  CHECK(KOfN(2, 3, 0.9) == Approx(0.972));
  CHECK(KOfN(1, 3, 0.9) == Approx(0.999));
  CHECK(KOfN(3, 3, 0.9) == Approx(0.729));
  CHECK(NPlusOne(2, 0.9) == Approx(0.972));
  CHECK(ActiveActive(2, 0.99) == Approx(0.9999));
  CHECK(FromMtbf(1000, 1) == Approx(1000.0 / 1001.0));
  const double a = 1000.0 / 1010.0;
  CHECK(ActivePassive(2, 1000, 10, 10) == Approx(1 - (1 - a) * (1 - a) - 10.0 / 1010.0));
  // Many nines keep their digits: 1 − A of a 2-of-3 at 0.99999 is 3·(1e-5)² ≈ 3e-10.
  CHECK(1 - KOfN(2, 3, 0.99999) == Approx(3e-10 - 2e-15).epsilon(1e-4));
}

TEST_CASE("nines and downtime with the stated month convention", "[reliability]") {
  CHECK(FromNines(3) == Approx(0.999).epsilon(1e-14));
  CHECK(Nines(0.9999) == Approx(4).epsilon(1e-9));
  CHECK(Nines(1.0) == 16);
  const Downtime d = DowntimeFor(0.999);
  CHECK(d.per_year_s == Approx(31536));  // 0.001 × 365 d
  CHECK(d.per_month_s == Approx(2592));  // 0.001 × 30 d
  CHECK(d.per_week_s == Approx(604.8));
  CHECK(d.per_day_s == Approx(86.4));
  CHECK(d.convention == units::MonthConvention::Days30);
  units::Calendar primer;
  primer.convention = units::MonthConvention::Primer;
  primer.month_s = 2.5e6;
  primer.year_s = 3.0e7;
  CHECK(DowntimeFor(0.999, primer).per_month_s == Approx(2500));
}

TEST_CASE("the composition calculator puts its parts in series", "[reliability]") {
  CompositionDef d;
  d.serial = {0.999, 0.999};
  d.parallel = {0.99, 0.99};
  auto r = Compose(d);
  REQUIRE(r);
  CHECK(r->availability == Approx(0.999 * 0.999 * 0.9999));
  CHECK(r->parts.size() == 3);
  CHECK(r->downtime.per_year_s == Approx((1 - 0.999 * 0.999 * 0.9999) * 365 * 86400).epsilon(1e-9));
  const nlohmann::json j = ToJson(*r);
  CHECK(j.contains("downtime_per_month_s"));
  CHECK(j["month_convention"] == "30d");

  CompositionDef k;
  k.k_of_n = CompositionDef::KOfNGroup{2, 3, 0.9};
  auto kr = Compose(k);
  REQUIRE(kr);
  CHECK(kr->availability == Approx(0.972));

  CompositionDef m;
  m.mtbf_s = 1000 * 3600.0;
  m.mttr_s = 4 * 3600.0;
  auto mr = Compose(m);
  REQUIRE(mr);
  CHECK(mr->availability == Approx(1000.0 / 1004.0));

  CompositionDef n;
  n.nines = 4;
  auto nr = Compose(n);
  REQUIRE(nr);
  CHECK(nr->availability == Approx(0.9999));
  CHECK(nr->downtime.per_year_s == Approx(3153.6).epsilon(1e-9));
  CHECK(nr->nines == Approx(4).epsilon(1e-9));

  CHECK_FALSE(Compose(CompositionDef{}));
  CompositionDef bad;
  bad.serial = {1.2};
  CHECK_FALSE(Compose(bad));
  CompositionDef half;
  half.mtbf_s = 10;
  CHECK_FALSE(Compose(half));
}

namespace {
Component Make(const std::string& id, ComponentKind kind, int replicas) {
  Component c;
  c.id = id;
  c.kind = kind;
  c.replicas = replicas;
  return c;
}
}  // namespace

TEST_CASE("blueprint flows: serial paths, SPOFs and graceful degradation", "[reliability]") {
  Blueprint bp;
  bp.components = {Make("user", ComponentKind::Client, 1), Make("lb", ComponentKind::LoadBalancer, 1),
                   Make("api", ComponentKind::Service, 3), Make("cache", ComponentKind::Cache, 1),
                   Make("db", ComponentKind::Database, 2), Make("jobs", ComponentKind::Queue, 2),
                   Make("worker", ComponentKind::Service, 1)};
  Flow read;
  read.id = "read";
  read.kind = FlowKind::Read;
  read.path = {"user", "lb", "api", "cache", "db"};
  Flow write;
  write.id = "write";
  write.kind = FlowKind::Write;
  write.async = true;
  write.path = {"user", "lb", "api", "jobs", "worker", "db"};
  bp.flows = {read, write};
  bp.requirements.slo.availability = 0.9999;
  const BlueprintAvailability r = AssessAvailability(bp);
  REQUIRE(r.flows.size() == 2);
  const FlowAvailability& fr = r.flows[0];
  // db has no replication: one node whatever its replica count.
  const double lb = 0.9999, api = 1 - std::pow(0.001, 3), db = 0.9995, cache = 0.999;
  CHECK(fr.availability == Approx(lb * api * db));
  CHECK(fr.availability_strict == Approx(lb * api * cache * db));
  CHECK(fr.spofs == std::vector<std::string>{"lb", "db"});
  CHECK(fr.soft_dependencies == std::vector<std::string>{"cache"});
  const FlowAvailability& fw = r.flows[1];
  const double jobs = 1 - 0.0005 * 0.0005;
  CHECK(fw.availability == Approx(lb * api * jobs));
  CHECK(fw.deferred == std::vector<std::string>{"worker", "db"});
  CHECK(fw.spofs == std::vector<std::string>{"lb"});
  CHECK(r.spofs == std::vector<std::string>{"lb", "db"});
  REQUIRE(r.meets_slo);
  CHECK_FALSE(*r.meets_slo);
  CHECK(ToJson(r)["flows"][0]["downtime"]["per_year_s"].get<double>() ==
        Approx((1 - fr.availability) * 365 * 86400).epsilon(1e-6));
}

TEST_CASE("backup schedules: restore time and storage", "[reliability]") {
  BackupScheduleDef d;
  d.dataset_bytes = 1e12;
  d.change_fraction_per_day = 0.05;
  d.backup_interval_s = 86400;
  d.full_interval_s = 7 * 86400;
  d.retention_s = 28 * 86400;
  d.restore_bytes_per_s = 2e8;
  d.per_backup_overhead_s = 300;
  d.type = BackupType::Full;
  auto full = AnalyzeBackupSchedule(d);
  REQUIRE(full);
  CHECK(full->restore_worst_s == Approx(5300));
  CHECK(full->storage_bytes == Approx(28e12));
  CHECK(full->rpo_worst_s == 86400);
  d.type = BackupType::Incremental;
  auto inc = AnalyzeBackupSchedule(d);
  REQUIRE(inc);
  CHECK(inc->chain_length_worst == 7);
  CHECK(inc->restore_worst_s == Approx((1e12 + 6 * 5e10) / 2e8 + 7 * 300));  // 8600 s
  CHECK(inc->storage_bytes == Approx(4 * 1.3e12));
  d.type = BackupType::Differential;
  auto diff = AnalyzeBackupSchedule(d);
  REQUIRE(diff);
  CHECK(diff->chain_length_worst == 2);
  CHECK(diff->restore_worst_s == Approx(1.3e12 / 2e8 + 600));  // 7100 s
  CHECK(diff->backup_bytes_per_cycle == Approx(1e12 + 5e10 * 21));
  CHECK(diff->restore_worst_s < inc->restore_worst_s);
  CHECK(diff->storage_bytes > inc->storage_bytes);
  d.type = BackupType::None;
  CHECK_FALSE(AnalyzeBackupSchedule(d));
}

TEST_CASE("3-2-1, DR tiers and geo quorums", "[reliability]") {
  BackupPolicy p;
  p.type = BackupType::Incremental;
  p.interval_s = 3600;
  p.copies = 2;
  p.media = 2;
  p.offsite = false;
  p.dr_tier = DrTier::Warm;
  const Rule321 rule = Check321(p);
  CHECK_FALSE(rule.pass);
  CHECK(rule.media_ok);
  CHECK(rule.missing.size() == 2);
  Requirements req;
  req.slo.rpo_s = 60;
  req.slo.rto_s = 7200;
  const BackupAssessment a = AssessBackup(p, req);
  REQUIRE(a.rpo_s);
  CHECK(*a.rpo_s == 900);  // warm standby beats the hourly backup
  REQUIRE(a.meets_rpo);
  CHECK_FALSE(*a.meets_rpo);
  CHECK(*a.meets_rto);
  CHECK(DrTierDefaults(DrTier::Hot).relative_cost > DrTierDefaults(DrTier::Warm).relative_cost);
  CHECK(*DrTierDefaults(DrTier::Cold, 43200.0).rpo_s == 43200);
  p.copies = 3;
  p.offsite = true;
  CHECK(Check321(p).pass);

  auto geo = AnalyzeGeoRedundancy(3, 2, 0.99);
  REQUIRE(geo);
  CHECK(geo->availability == Approx(3 * 0.99 * 0.99 * 0.01 + std::pow(0.99, 3)));
  CHECK(geo->region_losses_tolerated == 1);
  CHECK(geo->majority_quorum);
  auto two = AnalyzeGeoRedundancy(2, 2, 0.99);
  REQUIRE(two);
  CHECK_FALSE(two->notes.empty());
  CHECK_FALSE(AnalyzeGeoRedundancy(2, 3, 0.99));
}
