// Private to the score area: what every model says about one blueprint, computed once, and the
// sink rules add findings to. Rules live in rules_<area>.cpp; each reads Facts and adds Findings.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sdlab/blueprint.h"
#include "sdlab/cache.h"
#include "sdlab/estimate.h"
#include "sdlab/queue.h"
#include "sdlab/reliability.h"
#include "sdlab/replication.h"
#include "sdlab/score.h"
#include "sdlab/security.h"

namespace sdlab::score::detail {

/// Peak load on one tier with a capacity. Autoscaled tiers are taken at the replica count the
/// autoscaler would reach: max(replicas, min(max_replicas, servers needed at the target)).
struct TierLoad {
  const Component* component = nullptr;
  double peak_rps = 0;
  double capacity_rps = 0;         ///< per replica
  int replicas = 1;                ///< effective (see above)
  int servers_needed = 1;          ///< at the target utilisation
  double utilization = 0;          ///< peak / (replicas × capacity)
  std::string load_formula;        ///< the estimate's explanation of the peak load
};

/// One component as a queueing station at peak (the latency model of score.h).
struct StationFigures {
  bool known = false;       ///< has a latency or a capacity
  bool queueing = false;    ///< M/M/c (has a capacity); else a pure exponential delay
  bool saturated = false;
  double arrival_rps = 0;   ///< λ at peak
  double service_rate = 0;  ///< μ per server
  int servers = 0;          ///< c
  double mean_s = 0;
  double p99_s = 0;
  /// P(response time > t).
  double Tail(double t_s) const;
};

struct Facts {
  const Blueprint& bp;
  std::optional<Estimate> estimate;
  std::vector<TierLoad> tiers;
  reliability::BlueprintAvailability availability;
  reliability::BackupAssessment backup;
  std::vector<cache::CacheAssessment> caches;              ///< one per cache component
  std::vector<replication::ReplicationAssessment> stores;  ///< one per database/search component
  std::vector<queue::QueueAssessment> queues;              ///< one per queue/stream component
  std::vector<FlowLatency> latencies;                      ///< per flow (estimate, or simulation where given)
  std::vector<std::pair<std::string, StationFigures>> stations;  ///< per component id with a latency or capacity
  security::SecurityAnalysis security;
  Consistency consistency = Consistency::Unstated;  ///< as stated in the requirements
  bool consistency_required = false;  ///< strong (or read-your-writes) stated, or unstated with an RPO of 0
  double read_write_ratio = 0;        ///< reads per write from the estimate (0 when unknown)

  const TierLoad* Tier(const std::string& id) const;
  const StationFigures* Station(const std::string& id) const;
  const Flow* FindFlow(const std::string& id) const;
  /// Does a flow start at a client (an entry flow, that users wait for)?
  bool IsEntryFlow(const Flow& f) const;
  /// The part of a flow the caller waits for: the whole path, or up to the first queue of an async flow.
  std::vector<const Component*> SyncPath(const Flow& f) const;
};

/// Collects findings; fills area and default severity from the catalogue.
class FindingList {
 public:
  void Add(std::string_view rule, std::string focus, std::string message, std::string pointer, SourceLocation loc,
           std::vector<Evidence> evidence, std::optional<Severity> severity = std::nullopt);
  void AddOn(std::string_view rule, const Component& c, std::string message, std::vector<Evidence> evidence,
             std::optional<Severity> severity = std::nullopt) {
    Add(rule, c.id, std::move(message), c.pointer, c.location, std::move(evidence), severity);
  }
  void AddDesign(std::string_view rule, std::string message, std::vector<Evidence> evidence) {
    Add(rule, "", std::move(message), "", SourceLocation{}, std::move(evidence));
  }
  std::vector<Finding>& findings() { return findings_; }

 private:
  std::vector<Finding> findings_;
};

Facts BuildFacts(const Blueprint& bp, const ScoreOptions& options, std::vector<std::string>& notes);

void CheckCapacity(const Facts& f, FindingList& out);
void CheckLatency(const Facts& f, FindingList& out);
void CheckAvailability(const Facts& f, FindingList& out);
void CheckDurability(const Facts& f, FindingList& out);
void CheckConsistency(const Facts& f, FindingList& out);
void CheckSecurity(const Facts& f, FindingList& out);
void CheckCost(const Facts& f, FindingList& out);
void CheckOperability(const Facts& f, FindingList& out);
/// Storage and cost rules (CAP010, DUR009, CST005–CST008): rules_storage_cost.cpp.
void CheckStorageAndCost(const Facts& f, FindingList& out);
/// Network, real-time and serialization rules (NET001–NET004): rules_network.cpp.
void CheckNetwork(const Facts& f, FindingList& out);
/// Concurrency, database-optimisation and SLO rules (CCY001–CCY002, DBO001–DBO004, SLO001): rules_concurrency.cpp.
void CheckConcurrencyAndDatabase(const Facts& f, FindingList& out);

// [SECTION] Formatting shared by the rules ------------------------------------------------------------

std::string Pct(double fraction);        ///< "82%", "99.95%"
std::string Rate(double per_s);          ///< "410/s"
std::string Bytes(double bytes);         ///< "12.7 GB"
std::string Dur(double seconds);         ///< "46 ms"
std::string Num(double v);               ///< "3.86"
Evidence Ev(std::string key, std::optional<double> value, std::string text);

bool IsComputeTier(ComponentKind k);     ///< service, api gateway, batch/stream processor

}  // namespace sdlab::score::detail
