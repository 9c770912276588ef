// sdlab/reliability.h — availability, failures and backups: how often a design is down, and what a
// disaster costs.
//
// What it models
//   Steady-state availability A of independent parts (failures independent, repairs independent):
//     serial        A = Π A_i (every part needed)
//     parallel      A = 1 − Π (1 − A_i) (any one part suffices)
//     k-of-n        A = Σ_{j=k}^{n} C(n,j) a^j (1−a)^{n−j} (identical parts)
//     N+1           n-of-(n+1): one spare beyond the n needed for the load
//     MTBF/MTTR     A = MTBF/(MTBF + MTTR)
//     active-active parallel of n nodes (each can carry the load)
//     active-passive parallel availability minus the failover outage: every failure of the active
//                   node (rate 1/(MTBF + MTTR)) costs `failover_s` of downtime
//     nines         A = 1 − 10^(−n); n = −log10(1 − A)
//   Downtime = (1 − A) × period. Year and month lengths follow units::Calendar (default: month =
//   30 days, year = 365 days); every result names the convention it used.
//   Blueprint paths: the availability of each flow is the serial product over its components of
//   1 − (1 − a_kind)^replicas (replicas are redundant), with these per-node defaults:
//     client 1 (outside the design) · dns 0.99999 · cdn 0.9999 · load_balancer 0.9999 ·
//     api_gateway 0.9995 · service 0.999 · cache 0.999 · database 0.9995 · queue 0.9995 ·
//     stream 0.9995 · object_storage 0.9999 · dfs 0.999 · search 0.999 · batch_processor 0.99 ·
//     stream_processor 0.999.
//   A database without replication counts as one node whatever its replica count. A cache on a
//   read flow is a soft dependency (reads fall back to the store: graceful degradation); on an async
//   flow the components after the first queue/stream are deferred (the caller does not wait for them).
//   A SPOF is a hard dependency with one replica.
//   Backups: full / incremental / differential schedules with a full backup every full_interval and
//   backups every backup_interval → worst-case restore time (chain length × sizes / restore rate +
//   per-step overhead) and storage over the retention period; RPO = backup interval (worst case).
//   3-2-1 rule: ≥ 3 copies, ≥ 2 media, ≥ 1 offsite. DR tiers (defaults, stated): cold RTO 24 h,
//   RPO = backup interval, cost ×1.1; warm RTO 1 h, RPO 15 min, cost ×1.5; hot RTO 1 min, RPO 5 s,
//   cost ×2.0. Geo-redundancy: k-of-n regions, e.g. a majority quorum across regions.
//
// Units: times in seconds, sizes in bytes, availabilities 0..1.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"
#include "sdlab/units.h"

namespace sdlab::reliability {

struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

struct Formula {
  std::string key;
  std::string text;
};

// [SECTION] Availability arithmetic --------------------------------------------------------------

/// Π A_i (1 for an empty list).
double Serial(const std::vector<double>& parts);
/// 1 − Π (1 − A_i) (0 for an empty list).
double Parallel(const std::vector<double>& parts);
/// At least k of n identical parts of availability a are up. REQUIRES 0 ≤ k, 1 ≤ n ≤ 1000.
double KOfN(int k, int n, double a);
/// n needed, n + 1 deployed.
double NPlusOne(int needed, double a);
/// MTBF/(MTBF + MTTR).
double FromMtbf(double mtbf_s, double mttr_s);
/// Parallel of n nodes of availability a, each able to carry the load.
double ActiveActive(int nodes, double a);
/// Parallel of `nodes` minus the failover outage: failover_s per failure of the active node,
/// failures every mtbf_s + mttr_s on average. Never below 0.
double ActivePassive(int nodes, double mtbf_s, double mttr_s, double failover_s);
/// −log10(1 − A); 16 for A = 1 (the double's limit).
double Nines(double availability);
/// 1 − 10^(−nines).
double FromNines(double nines);

/// Downtime for an availability, per calendar period. Seconds.
struct Downtime {
  double per_year_s = 0;
  double per_month_s = 0;
  double per_week_s = 0;
  double per_day_s = 0;
  units::MonthConvention convention = units::MonthConvention::Days30;
};
Downtime DowntimeFor(double availability, const units::Calendar& calendar = {});

// [SECTION] Composition (the calculator) ---------------------------------------------------------

/// What `sdlab model availability` composes. Every group given is one part, and the parts are in
/// series: serial items each, the parallel group, the k-of-n group, the MTBF/MTTR node, the nines.
struct CompositionDef {
  std::vector<double> serial;
  std::vector<double> parallel;
  struct KOfNGroup {
    int k = 1;
    int n = 1;
    double availability = 0;
  };
  std::optional<KOfNGroup> k_of_n;
  std::optional<double> mtbf_s;
  std::optional<double> mttr_s;
  std::optional<double> nines;
  std::optional<double> failover_s;  ///< with mtbf/mttr: two nodes active-passive instead of one
  units::Calendar calendar;
};

struct AvailabilityPart {
  std::string label;   ///< "serial[0]", "parallel", "2/3", "mtbf", "nines"
  double availability = 0;
  std::string formula;
};

struct CompositionResult {
  double availability = 0;
  double unavailability = 0;
  double nines = 0;
  Downtime downtime;
  std::vector<AvailabilityPart> parts;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<CompositionResult, InputError> Compose(const CompositionDef& def);

// [SECTION] Blueprint availability and SPOFs ------------------------------------------------------

/// The per-node availability assumed for a component kind (table in the header comment).
double DefaultNodeAvailability(ComponentKind kind);

struct FlowAvailability {
  std::string flow;
  std::string kind;                 ///< "read" or "write"
  double availability = 0;          ///< hard dependencies only (graceful degradation counted)
  double availability_strict = 0;   ///< every component on the path required
  std::vector<std::string> spofs;   ///< hard dependencies with a single replica
  std::vector<std::string> soft_dependencies;  ///< degrade gracefully when down
  std::vector<std::string> deferred;  ///< after the first queue of an async flow
  Downtime downtime;
  std::string formula;
};

struct BlueprintAvailability {
  std::vector<FlowAvailability> flows;
  std::vector<std::string> spofs;       ///< union over flows, in path order of first appearance
  double worst_availability = 1;        ///< the least available flow
  std::optional<double> slo;            ///< requirements.slo.availability
  std::optional<bool> meets_slo;
  std::vector<std::string> notes;
};

/// Availability of every flow of the blueprint (or, with no flows, one path through every
/// non-client component in declaration order).
BlueprintAvailability AssessAvailability(const Blueprint& bp);

// [SECTION] Backups and disaster recovery ----------------------------------------------------------

struct BackupScheduleDef {
  BackupType type = BackupType::Full;
  double dataset_bytes = 1e12;
  double change_fraction_per_day = 0.05;  ///< share of the data that changes per day
  double backup_interval_s = 86400;       ///< time between backups (full or not)
  double full_interval_s = 7 * 86400;     ///< incremental/differential: a full backup this often
  double retention_s = 30 * 86400;        ///< backups kept this long
  double restore_bytes_per_s = 200e6;     ///< restore throughput
  double per_backup_overhead_s = 300;     ///< fixed cost of applying one backup in a restore chain
};

struct BackupScheduleResult {
  int chain_length_worst = 1;     ///< backups applied in the worst-case restore
  double restore_worst_s = 0;     ///< just before the next full backup
  double restore_best_s = 0;      ///< right after a full backup
  double storage_bytes = 0;       ///< kept over the retention period
  double backup_bytes_per_cycle = 0;
  double rpo_worst_s = 0;         ///< the backup interval
  double rpo_mean_s = 0;          ///< half of it
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<BackupScheduleResult, InputError> AnalyzeBackupSchedule(const BackupScheduleDef& def);

/// The 3-2-1 rule on a backup policy.
struct Rule321 {
  bool copies_ok = false;   ///< ≥ 3 copies
  bool media_ok = false;    ///< ≥ 2 media
  bool offsite_ok = false;  ///< ≥ 1 copy offsite
  bool pass = false;
  std::vector<std::string> missing;
};
Rule321 Check321(const BackupPolicy& policy);

/// What a DR tier gives and costs (defaults stated in the header comment).
struct DrTierProfile {
  DrTier tier = DrTier::None;
  std::string name;             ///< "none", "cold", "warm", "hot"
  std::optional<double> rto_s;  ///< empty for none (rebuild from scratch)
  std::optional<double> rpo_s;  ///< cold: the backup interval, if known
  double relative_cost = 1.0;   ///< infrastructure cost relative to a single site
  std::string description;
};
DrTierProfile DrTierDefaults(DrTier tier, std::optional<double> backup_interval_s = std::nullopt);

struct BackupAssessment {
  Rule321 rule_321;
  DrTierProfile dr;
  std::optional<double> rpo_s;
  std::optional<double> rto_s;
  std::optional<bool> meets_rpo;
  std::optional<bool> meets_rto;
  std::vector<std::string> findings;
};
BackupAssessment AssessBackup(const BackupPolicy& policy, const Requirements& requirements);

/// Geo-redundancy: `regions` regions of availability a each, `quorum` of them needed.
struct GeoRedundancyResult {
  double availability = 0;
  int region_losses_tolerated = 0;
  bool majority_quorum = false;
  std::string formula;
  std::vector<std::string> notes;
};
Expected<GeoRedundancyResult, InputError> AnalyzeGeoRedundancy(int regions, int quorum, double region_availability);

nlohmann::json ToJson(const Downtime& d);
nlohmann::json ToJson(const CompositionResult& r);
nlohmann::json ToJson(const BlueprintAvailability& r);
nlohmann::json ToJson(const BackupScheduleResult& r);
nlohmann::json ToJson(const BackupAssessment& a);
nlohmann::json ToJson(const GeoRedundancyResult& r);

}  // namespace sdlab::reliability
