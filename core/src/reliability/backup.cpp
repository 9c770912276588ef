// Backup schedules, the 3-2-1 rule, DR tiers and geo-redundancy. See sdlab/reliability.h.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/reliability.h"

namespace sdlab::reliability {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {
Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}
bool Positive(double v) { return std::isfinite(v) && v > 0; }
bool NonNegative(double v) { return std::isfinite(v) && v >= 0; }
nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }
}  // namespace

Expected<BackupScheduleResult, InputError> AnalyzeBackupSchedule(const BackupScheduleDef& d) {
  if (d.type == BackupType::None) return Fail("type", "no backup type: nothing to restore from");
  if (!Positive(d.dataset_bytes) || d.dataset_bytes > 1e21) return Fail("dataset_bytes", "must be > 0");
  if (!NonNegative(d.change_fraction_per_day) || d.change_fraction_per_day > 1)
    return Fail("change_fraction_per_day", "must be a fraction in [0, 1]");
  if (!Positive(d.backup_interval_s) || !Positive(d.full_interval_s) || !Positive(d.retention_s))
    return Fail("interval", "intervals and retention must be > 0");
  if (!Positive(d.restore_bytes_per_s)) return Fail("restore_bytes_per_s", "must be > 0");
  if (!NonNegative(d.per_backup_overhead_s)) return Fail("per_backup_overhead_s", "must be ≥ 0");
  if (d.retention_s / d.backup_interval_s > 1e6) return Fail("retention_s", "more than 10^6 backups retained");

  BackupScheduleResult r;
  const double dsz = d.dataset_bytes;
  const double thr = d.restore_bytes_per_s;
  const double delta = std::min(dsz, dsz * d.change_fraction_per_day * d.backup_interval_s / 86400.0);
  const double full_restore = dsz / thr + d.per_backup_overhead_s;
  r.rpo_worst_s = d.backup_interval_s;
  r.rpo_mean_s = d.backup_interval_s / 2;
  r.restore_best_s = full_restore;
  if (d.type == BackupType::Full) {
    const double kept = std::ceil(d.retention_s / d.backup_interval_s);
    r.chain_length_worst = 1;
    r.restore_worst_s = full_restore;
    r.backup_bytes_per_cycle = dsz;
    r.storage_bytes = kept * dsz;
    r.formulas.push_back({"restore_worst_s", "full: size/rate + overhead = " + Fmt(dsz) + "/" + Fmt(thr) + " + " +
                                                 Fmt(d.per_backup_overhead_s) + " = " + Fmt(r.restore_worst_s) + " s"});
    r.formulas.push_back({"storage_bytes", "full copies kept × size = " + Fmt(kept) + " × " + Fmt(dsz) + " = " +
                                               Fmt(r.storage_bytes) + " B"});
  } else {
    const int n = std::max(1, static_cast<int>(std::floor(d.full_interval_s / d.backup_interval_s)));
    const double cycles = std::ceil(d.retention_s / d.full_interval_s);
    if (d.type == BackupType::Incremental) {
      r.chain_length_worst = n;
      r.restore_worst_s = (dsz + (n - 1) * delta) / thr + n * d.per_backup_overhead_s;
      r.backup_bytes_per_cycle = dsz + (n - 1) * delta;
      r.formulas.push_back({"restore_worst_s", "incremental: full + " + std::to_string(n - 1) + " increments = (" +
                                                   Fmt(dsz) + " + " + std::to_string(n - 1) + " × " + Fmt(delta) + ")/" +
                                                   Fmt(thr) + " + " + std::to_string(n) + " × " +
                                                   Fmt(d.per_backup_overhead_s) + " = " + Fmt(r.restore_worst_s) + " s"});
    } else {
      r.chain_length_worst = n > 1 ? 2 : 1;
      const double last = std::min(dsz, (n - 1) * delta);
      r.restore_worst_s = (dsz + last) / thr + r.chain_length_worst * d.per_backup_overhead_s;
      double per_cycle = dsz;
      for (int k = 1; k < n; ++k) per_cycle += std::min(dsz, k * delta);
      r.backup_bytes_per_cycle = per_cycle;
      r.formulas.push_back({"restore_worst_s", "differential: full + the last differential = (" + Fmt(dsz) + " + " +
                                                   Fmt(last) + ")/" + Fmt(thr) + " + " +
                                                   std::to_string(r.chain_length_worst) + " × " +
                                                   Fmt(d.per_backup_overhead_s) + " = " + Fmt(r.restore_worst_s) + " s"});
    }
    r.storage_bytes = cycles * r.backup_bytes_per_cycle;
    r.formulas.push_back({"storage_bytes", "cycles kept × bytes per cycle = " + Fmt(cycles) + " × " +
                                               Fmt(r.backup_bytes_per_cycle) + " = " + Fmt(r.storage_bytes) + " B"});
    r.notes.push_back("changed data per backup = change/day × interval × size, capped at the size (overlaps ignored)");
  }
  r.formulas.push_back({"rpo_worst_s", "worst-case data loss = backup interval = " + Fmt(r.rpo_worst_s) + " s"});
  return r;
}

Rule321 Check321(const BackupPolicy& p) {
  Rule321 r;
  r.copies_ok = p.copies >= 3;
  r.media_ok = p.media >= 2;
  r.offsite_ok = p.offsite;
  r.pass = r.copies_ok && r.media_ok && r.offsite_ok;
  if (!r.copies_ok) r.missing.push_back("3 copies (have " + std::to_string(p.copies) + ")");
  if (!r.media_ok) r.missing.push_back("2 different media (have " + std::to_string(p.media) + ")");
  if (!r.offsite_ok) r.missing.push_back("1 copy offsite");
  return r;
}

DrTierProfile DrTierDefaults(DrTier tier, std::optional<double> backup_interval_s) {
  DrTierProfile p;
  p.tier = tier;
  switch (tier) {
    case DrTier::None:
      p.name = "none";
      p.relative_cost = 1.0;
      p.rpo_s = backup_interval_s;
      p.description = "no standby site: rebuild from backups in a new region";
      break;
    case DrTier::Cold:
      p.name = "cold";
      p.rto_s = 24 * 3600.0;
      p.rpo_s = backup_interval_s.value_or(24 * 3600.0);
      p.relative_cost = 1.1;
      p.description = "backups shipped to a second region; servers provisioned only after the disaster";
      break;
    case DrTier::Warm:
      p.name = "warm";
      p.rto_s = 3600.0;
      p.rpo_s = 900.0;
      p.relative_cost = 1.5;
      p.description = "a scaled-down copy runs in a second region with async replication; scale up on failover";
      break;
    case DrTier::Hot:
      p.name = "hot";
      p.rto_s = 60.0;
      p.rpo_s = 5.0;
      p.relative_cost = 2.0;
      p.description = "a full-size second region serves or stands ready; failover by DNS/traffic shift";
      break;
  }
  return p;
}

BackupAssessment AssessBackup(const BackupPolicy& policy, const Requirements& req) {
  BackupAssessment a;
  a.rule_321 = Check321(policy);
  std::optional<double> interval;
  if (policy.type != BackupType::None) interval = policy.interval_s;
  a.dr = DrTierDefaults(policy.dr_tier, interval);
  a.rpo_s = a.dr.rpo_s;
  if (interval && a.rpo_s) a.rpo_s = std::min(*a.rpo_s, *interval);
  a.rto_s = a.dr.rto_s;
  if (policy.type == BackupType::None) a.findings.push_back("no backups: corruption or deletion cannot be undone");
  else if (!policy.interval_s) a.findings.push_back("backup interval not given: RPO unknown");
  if (!a.rule_321.pass && policy.type != BackupType::None) {
    std::string missing;
    for (const std::string& m : a.rule_321.missing) missing += (missing.empty() ? "" : ", ") + m;
    a.findings.push_back("3-2-1 rule not met: missing " + missing);
  }
  if (policy.type != BackupType::None && !policy.encrypted) a.findings.push_back("backups are not encrypted");
  if (policy.dr_tier == DrTier::None) a.findings.push_back("no DR tier: a region loss means rebuilding from scratch");
  if (req.slo.rpo_s && a.rpo_s) {
    a.meets_rpo = *a.rpo_s <= *req.slo.rpo_s;
    if (!*a.meets_rpo)
      a.findings.push_back("RPO " + Fmt(*a.rpo_s) + " s (" + a.dr.name + " DR / backup interval) exceeds the SLO's " +
                           Fmt(*req.slo.rpo_s) + " s");
  }
  if (req.slo.rto_s && a.rto_s) {
    a.meets_rto = *a.rto_s <= *req.slo.rto_s;
    if (!*a.meets_rto)
      a.findings.push_back("RTO " + Fmt(*a.rto_s) + " s (" + a.dr.name + " DR) exceeds the SLO's " +
                           Fmt(*req.slo.rto_s) + " s");
  }
  return a;
}

Expected<GeoRedundancyResult, InputError> AnalyzeGeoRedundancy(int regions, int quorum, double a) {
  if (regions < 1 || regions > 100) return Fail("regions", "must be between 1 and 100");
  if (quorum < 1 || quorum > regions) return Fail("quorum", "must be between 1 and the number of regions");
  if (!std::isfinite(a) || a < 0 || a > 1) return Fail("region_availability", "must be a fraction in [0, 1]");
  GeoRedundancyResult r;
  r.availability = KOfN(quorum, regions, a);
  r.region_losses_tolerated = regions - quorum;
  r.majority_quorum = 2 * quorum > regions;
  r.formula = "P(≥ " + std::to_string(quorum) + " of " + std::to_string(regions) + " regions up), a = " + Fmt(a, 6) +
              " → " + Fmt(r.availability, 10);
  if (regions == 2 && r.majority_quorum)
    r.notes.push_back("two regions with a majority quorum cannot survive losing either one: add a third region "
                      "(or a witness) as tie-breaker");
  if (!r.majority_quorum && regions > 1)
    r.notes.push_back("the quorum is not a majority: after a partition both sides may accept writes (split brain)");
  return r;
}

nlohmann::json ToJson(const BackupScheduleResult& r) {
  nlohmann::json j;
  j["chain_length_worst"] = r.chain_length_worst;
  j["restore_worst_s"] = JsonNumber(r.restore_worst_s);
  j["restore_best_s"] = JsonNumber(r.restore_best_s);
  j["storage_bytes"] = JsonNumber(r.storage_bytes);
  j["backup_bytes_per_cycle"] = JsonNumber(r.backup_bytes_per_cycle);
  j["rpo_worst_s"] = JsonNumber(r.rpo_worst_s);
  j["rpo_mean_s"] = JsonNumber(r.rpo_mean_s);
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : r.formulas) f[x.key] = x.text;
  j["formulas"] = f;
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const BackupAssessment& a) {
  nlohmann::json j;
  j["rule_321"] = {{"copies_ok", a.rule_321.copies_ok},
                   {"media_ok", a.rule_321.media_ok},
                   {"offsite_ok", a.rule_321.offsite_ok},
                   {"pass", a.rule_321.pass},
                   {"missing", a.rule_321.missing}};
  j["dr"] = {{"tier", a.dr.name},
             {"rto_s", Opt(a.dr.rto_s)},
             {"rpo_s", Opt(a.dr.rpo_s)},
             {"relative_cost", JsonNumber(a.dr.relative_cost)},
             {"description", a.dr.description}};
  j["rpo_s"] = Opt(a.rpo_s);
  j["rto_s"] = Opt(a.rto_s);
  j["meets_rpo"] = a.meets_rpo ? nlohmann::json(*a.meets_rpo) : nlohmann::json(nullptr);
  j["meets_rto"] = a.meets_rto ? nlohmann::json(*a.meets_rto) : nlohmann::json(nullptr);
  j["findings"] = a.findings;
  return j;
}

nlohmann::json ToJson(const GeoRedundancyResult& r) {
  return nlohmann::json{{"availability", JsonNumber(r.availability)},
                        {"region_losses_tolerated", r.region_losses_tolerated},
                        {"majority_quorum", r.majority_quorum},
                        {"formula", r.formula},
                        {"notes", r.notes}};
}

}  // namespace sdlab::reliability
