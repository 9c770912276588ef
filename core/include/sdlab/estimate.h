// sdlab/estimate.h — back-of-envelope capacity from requirements.
//
// Model and assumptions (every figure carries its formula with the numbers filled in):
//   average rates   reads/s, writes/s from totals, or per-user rates × DAU, or a read:write ratio.
//   peak rates      average × peak_factor (a flat multiplier; no diurnal curve).
//   storage/month   writes/s × month_s × object_size (one copy); total over the retention period
//                   × replication_factor. Growth: traffic grows by growth_per_month, compounded
//                   monthly, when growth > 0 the total is the sum over the retention months.
//   bandwidth       ingress = writes/s × object_size; egress = reads/s × read_size (average; peak ×
//                   peak_factor).
//   cache memory    cache_hot_fraction × (reads per day × read_size)  — the "80/20 rule".
//   servers         per tier: ceil(peak load on the tier / (capacity_rps × target_utilization)).
//                   Load on a tier is the share of reads and writes whose flows pass through it
//                   (every read and write when the blueprint has no flows).
//   objects         writes over the retention period.
// The month/year lengths come from the stated convention (see units.h); results name it.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"

namespace sdlab {

enum class FigureUnit { PerSecond, Bytes, BytesPerSecond, Count, Seconds, Ratio };

/// One number of the estimate, with the formula that produced it.
struct Figure {
  std::string key;      ///< snake_case, stable: "peak_read_rps"
  std::string label;    ///< "Peak reads"
  double value = 0;
  FigureUnit unit = FigureUnit::Count;
  std::string formula;  ///< "peak reads = avg reads × peak factor = 38.6/s × 3 = 116/s"
};

/// Servers needed for one component (tier) of a blueprint.
struct TierEstimate {
  std::string component;      ///< component id
  std::string kind;           ///< component kind name
  double peak_rps = 0;        ///< requests/s reaching this tier at peak
  double capacity_rps = 0;    ///< per replica
  int servers_needed = 0;     ///< at the target utilisation
  int replicas = 0;           ///< as configured
  double peak_utilization = 0;  ///< peak_rps / (replicas × capacity_rps)
  std::string formula;
};

struct Estimate {
  units::Calendar calendar;
  std::vector<Figure> figures;     ///< in display order
  std::vector<TierEstimate> tiers; ///< only components with a capacity
  std::vector<std::string> notes;  ///< assumptions used (defaults taken, conventions)

  const Figure* Find(std::string_view key) const;
  double Value(std::string_view key) const;  ///< 0 if absent
};

/// Why an estimate cannot be made (e.g. no traffic given).
struct EstimateError {
  std::string message;
};

/// Estimate from requirements alone (flag mode of the CLI).
Expected<Estimate, EstimateError> EstimateRequirements(const Requirements& req);
/// Estimate a whole blueprint: requirements plus per-tier servers from its components and flows.
Expected<Estimate, EstimateError> EstimateBlueprint(const Blueprint& bp);

/// The estimate as JSON: figure keys at top level (value as a number), plus "month_seconds",
/// "month_convention", "formulas" {key: text}, "tiers" [...], "notes" [...]. Deterministic.
nlohmann::json EstimateToJson(const Estimate& e);

}  // namespace sdlab
