// sdlab/score.h — the rule catalogue and the score: what is wrong with a design, with numbers,
// and a 0–100 mark per area and overall.
//
// Rules. Every rule has a stable id (AREA + 3 digits: CAP001, LAT001, AVL001, DUR001, CON001,
// SEC001, CST001, OPS001), a snake_case name, an area, a default severity (error, warning, note),
// a title, why it matters, how to fix it, and the curriculum topic it teaches. A finding is one
// firing of a rule on one element (component, flow, link, or the whole design) with the evidence:
// the figures that triggered it and the formula behind each. Ids never change meaning; a retired
// rule's id is not reused.
//
// Where the figures come from (each model's own assumptions apply, see its header):
//   estimate.h     peak load per tier, utilisation, storage, the hot-set cache size
//   queue.h        M/M/c response-time percentiles per component (Erlang C)
//   cache.h        hit ratio, staleness and data at risk of each cache
//   replication.h  RPO/RTO of failover, quorum strictness, stale-read risk
//   reliability.h  flow availability, SPOFs, backups (3-2-1), DR tier RPO/RTO
//   security.h     every SEC rule, with STRIDE and OWASP tags
//   sim.h          (optional) simulated per-flow percentiles replace the estimated ones
// Latency estimate of a flow (when no simulation is given): each component on the path is an
// M/M/c station — c = replicas × ⌈capacity × latency⌉ servers, μ = capacity/⌈capacity × latency⌉
// per server (the simulator's rule), fed the tier's peak load from the estimate; a component with a
// latency but no capacity is a pure delay with exponential time. A flow's percentile q is
// Σ means + (p_q,d − mean_d), d the station with the widest tail (largest p99 − mean): the dominant
// station's percentile on top of the others' means, plus 2 × each link's one-way latency (exact
// for one station, close when one component dominates the tail; the formula is stated with the
// figure). Caches
// and CDNs stop the path for the share of reads they hit: components reached by ≤ 1% of a read
// flow's requests do not count for p99 (≤ 5% for p95, ≤ 50% for p50). An async flow stops at its
// first queue. A saturated component (utilisation ≥ 1) makes the percentile unbounded: reported
// as `saturated = true` with no value (JSON null), never infinity.
//
// Score. Each area starts at 100 and loses, per rule that fired in it (suppressed findings excluded):
//   error 30, warning 12, note 4 points, × 1 for one finding, × 1.5 for two, × 2 for three or more
// (the worst severity among the rule's findings counts). The area score is max(0, 100 − losses).
// Overall = Σ weight × area score / Σ weights, rounded half up, with weights (percent):
//   capacity 15 · latency 15 · availability 15 · durability 15 · consistency 10 · security 15 ·
//   cost 5 · operability 10.
// Grade: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
// Suppressions ("suppress": [{"rule", "reason"}], optionally "component") mark every finding of the
// rule (on that component) as suppressed;
// suppressed findings are still listed (with the reason) and are counted separately. A suppression
// naming an unknown rule, or one that matches nothing, is reported.
// Determinism: no randomness unless a simulation is handed in; JSON is byte-stable.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/security.h"

namespace sdlab::sim {
struct SimResult;
}

namespace sdlab::score {

using security::Evidence;

enum class Severity { Note, Warning, Error };
/// "note", "warning", "error".
std::string_view SeverityName(Severity s);
std::optional<Severity> ParseSeverity(std::string_view s);

enum class Area { Capacity, Latency, Availability, Durability, Consistency, Security, Cost, Operability };
/// "capacity", "latency", "availability", "durability", "consistency", "security", "cost", "operability".
std::string_view AreaName(Area a);
/// Every area, in report order.
std::vector<Area> AllAreas();
/// The area's weight in the overall score, percent (the weights add up to 100).
int AreaWeight(Area a);

/// One rule of the catalogue.
struct Rule {
  std::string_view id;        ///< "CAP001": stable
  std::string_view name;      ///< "saturated_at_peak": stable, snake_case
  Area area = Area::Capacity;
  Severity severity = Severity::Warning;  ///< default severity of its findings
  std::string_view title;     ///< one line: what the rule checks
  std::string_view why;       ///< why it matters
  std::string_view fix;       ///< how to fix it
  std::string_view topic;     ///< the curriculum topic it teaches
  std::string_view needs;     ///< a blueprint field it needs that the format lacks ("" = none)
};

/// The whole catalogue, in area order (as AllAreas()), then by id. Immutable.
const std::vector<Rule>& Catalogue();
/// A rule by id ("CAP001", any case) or name ("saturated_at_peak"); nullptr if none.
const Rule* FindRule(std::string_view id_or_name);
/// Ids of the closest rules to an unknown id or name (for "did you mean"), at most 3.
std::vector<std::string> SuggestRules(std::string_view text);

/// One firing of a rule.
struct Finding {
  std::string rule;            ///< rule id
  Severity severity = Severity::Warning;
  Area area = Area::Capacity;
  std::string message;         ///< specific: names the element and the figures
  std::string focus;           ///< component, flow or link target it is about; "" = the whole design
  std::string pointer;         ///< JSON pointer of that element ("" = the document)
  SourceLocation location;     ///< its line:col in the text (0:0 when unknown)
  std::vector<Evidence> evidence;
  bool suppressed = false;
  std::string suppression_reason;
};

/// A flow's latency percentiles (estimated or simulated). Seconds; empty when unbounded.
struct FlowLatency {
  std::string flow;
  std::string kind;                 ///< "read" or "write"
  std::optional<double> p50_s, p95_s, p99_s;
  bool saturated = false;           ///< a component on the path has utilisation ≥ 1
  std::string source;               ///< "estimate" or "simulation"
  std::string formula;              ///< how p99 was put together, with numbers
};

/// Figures of the design that the diff compares.
struct DesignFigures {
  std::optional<double> peak_read_rps, peak_write_rps;
  std::optional<double> storage_total_bytes;   ///< replicated, over the retention period
  std::optional<double> cache_memory_bytes;    ///< the estimate's hot set
  std::optional<double> egress_bytes_per_s;    ///< peak
  std::optional<double> max_utilization;       ///< the busiest tier at peak
  std::string bottleneck;                      ///< that tier's component id
  std::optional<double> headroom;              ///< peak traffic can grow by this fraction before the bottleneck saturates (negative: over)
  std::optional<double> throughput_ceiling_rps;  ///< peak requests/s the design carries before the bottleneck saturates
  std::optional<double> availability;          ///< the least available flow
  int servers = 0;                             ///< replicas across tiers with a capacity
  std::vector<FlowLatency> flows;
  std::vector<std::pair<std::string, double>> flow_availability;  ///< flow id → availability
};

struct AreaScore {
  Area area = Area::Capacity;
  int weight = 0;      ///< percent
  int score = 100;     ///< 0..100
  int errors = 0, warnings = 0, notes = 0;  ///< unsuppressed findings
  int suppressed = 0;
  std::string formula; ///< "100 − CAP002 error 30 − CAP001 warning 12 × 1.5 = 52"
};

/// A suppression of the blueprint and what it matched.
struct SuppressionUse {
  std::string rule;
  std::string component;  ///< "" = every finding of the rule
  std::string reason;
  std::string pointer;
  SourceLocation location;
  bool known_rule = false;
  int matched = 0;     ///< findings it suppressed
};

struct ScoreReport {
  std::string name;                     ///< the blueprint's name
  std::vector<Finding> findings;        ///< errors first, then warnings, notes; by rule id; by position
  std::vector<AreaScore> areas;         ///< AllAreas() order
  int overall = 100;
  std::string grade;                    ///< "A" ... "F"
  std::string formula;                  ///< the weighted mean with the numbers
  std::vector<SuppressionUse> suppressions;
  DesignFigures figures;
  security::SecurityAnalysis security;
  std::vector<std::string> notes;       ///< assumptions and skipped checks

  int Count(Severity s) const;          ///< unsuppressed findings of this severity
  bool Fired(std::string_view rule) const;  ///< an unsuppressed finding of this rule exists
};

struct ScoreOptions {
  /// Simulated per-flow percentiles (from sim.h); when given they replace the estimate's for the
  /// latency rules, flow by flow.
  std::vector<FlowLatency> simulated;
};

/// Runs every model and every rule on the blueprint.
ScoreReport ScoreBlueprint(const Blueprint& bp, const ScoreOptions& options = {});

/// Estimated percentiles of each flow (the latency model described above).
std::vector<FlowLatency> EstimateFlowLatencies(const Blueprint& bp);
/// Per-flow percentiles measured by a simulation run (sim.h), for ScoreOptions::simulated. A flow
/// with no successful request is reported saturated, with no percentiles.
std::vector<FlowLatency> FlowLatenciesFromSimulation(const sim::SimResult& result);

/// Letter for a score: A ≥ 90, B ≥ 80, C ≥ 70, D ≥ 60, else F.
std::string_view Grade(int score);

nlohmann::json ToJson(const Rule& r);
nlohmann::json ToJson(const Finding& f);
nlohmann::json ToJson(const FlowLatency& f);
nlohmann::json ToJson(const DesignFigures& f);
/// Keys: name, overall, grade, formula, areas [...], counts {error, warning, note, suppressed},
/// findings [...], suppressions [...], figures {...}, security {...}, notes [...].
nlohmann::json ToJson(const ScoreReport& r);

}  // namespace sdlab::score
