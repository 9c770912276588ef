// Availability arithmetic, the composition calculator, and blueprint paths with SPOFs.
// See sdlab/reliability.h.
#include <algorithm>
#include <cmath>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/random.h"
#include "sdlab/reliability.h"

namespace sdlab::reliability {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {
Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}
bool IsFraction(double v) { return std::isfinite(v) && v >= 0 && v <= 1; }
constexpr double kLn10 = 2.30258509299404568402;
}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

double Serial(const std::vector<double>& parts) {
  double a = 1;
  for (double p : parts) a *= p;
  return a;
}

double Parallel(const std::vector<double>& parts) {
  if (parts.empty()) return 0;
  double down = 1;
  for (double p : parts) down *= 1 - p;
  return 1 - down;
}

double KOfN(int k, int n, double a) { return sample_stats::AtLeastKOfN(k, n, a); }
double NPlusOne(int needed, double a) { return KOfN(needed, needed + 1, a); }
double FromMtbf(double mtbf_s, double mttr_s) { return mtbf_s + mttr_s > 0 ? mtbf_s / (mtbf_s + mttr_s) : 1; }
double ActiveActive(int nodes, double a) { return KOfN(1, nodes, a); }

double ActivePassive(int nodes, double mtbf_s, double mttr_s, double failover_s) {
  const double a = FromMtbf(mtbf_s, mttr_s);
  const double cycle = mtbf_s + mttr_s;
  const double outage = cycle > 0 ? failover_s / cycle : 0;
  return std::max(0.0, KOfN(1, nodes, a) - outage);
}

double Nines(double availability) {
  const double u = 1 - availability;
  if (u <= 0) return 16;
  if (u >= 1) return 0;
  return std::min(16.0, -DetLog(u) / kLn10);
}

double FromNines(double nines) { return 1 - DetExp(-nines * kLn10); }

Downtime DowntimeFor(double availability, const units::Calendar& cal) {
  const double u = std::clamp(1 - availability, 0.0, 1.0);
  Downtime d;
  d.per_year_s = u * cal.year_s;
  d.per_month_s = u * cal.month_s;
  d.per_week_s = u * 7 * 86400;
  d.per_day_s = u * 86400;
  d.convention = cal.convention;
  return d;
}

Expected<CompositionResult, InputError> Compose(const CompositionDef& def) {
  CompositionResult r;
  for (std::size_t i = 0; i < def.serial.size(); ++i) {
    if (!IsFraction(def.serial[i])) return Fail("serial", "availabilities must be fractions in [0, 1]");
    r.parts.push_back({"serial[" + std::to_string(i) + "]", def.serial[i], "given"});
  }
  if (!def.parallel.empty()) {
    std::string terms;
    for (double p : def.parallel) {
      if (!IsFraction(p)) return Fail("parallel", "availabilities must be fractions in [0, 1]");
      terms += (terms.empty() ? "" : "·") + std::string("(1 − ") + Fmt(p, 6) + ")";
    }
    const double a = Parallel(def.parallel);
    r.parts.push_back({"parallel", a, "1 − " + terms + " = " + Fmt(a, 10)});
  }
  if (def.k_of_n) {
    const auto& g = *def.k_of_n;
    if (g.n < 1 || g.n > 1000) return Fail("k_of_n", "n must be between 1 and 1000");
    if (g.k < 1 || g.k > g.n) return Fail("k_of_n", "k must be between 1 and n");
    if (!IsFraction(g.availability)) return Fail("k_of_n", "availability must be a fraction in [0, 1]");
    const double a = KOfN(g.k, g.n, g.availability);
    r.parts.push_back({std::to_string(g.k) + "/" + std::to_string(g.n), a,
                       "Σ_{j=" + std::to_string(g.k) + "}^{" + std::to_string(g.n) + "} C(" + std::to_string(g.n) +
                           ",j) a^j (1−a)^(n−j), a = " + Fmt(g.availability, 6) + " → " + Fmt(a, 10)});
  }
  if (def.mtbf_s || def.mttr_s) {
    if (!def.mtbf_s || !def.mttr_s) return Fail("mtbf", "give both --mtbf and --mttr");
    if (!std::isfinite(*def.mtbf_s) || *def.mtbf_s <= 0) return Fail("mtbf", "must be > 0");
    if (!std::isfinite(*def.mttr_s) || *def.mttr_s < 0) return Fail("mttr", "must be ≥ 0");
    const double a = FromMtbf(*def.mtbf_s, *def.mttr_s);
    if (def.failover_s) {
      if (!std::isfinite(*def.failover_s) || *def.failover_s < 0) return Fail("failover", "must be ≥ 0");
      const double ap = ActivePassive(2, *def.mtbf_s, *def.mttr_s, *def.failover_s);
      r.parts.push_back({"active_passive", ap,
                         "node a = MTBF/(MTBF + MTTR) = " + Fmt(a, 8) + "; pair = 1 − (1 − a)² − failover/(MTBF + MTTR) = " +
                             Fmt(KOfN(1, 2, a), 10) + " − " + Fmt(*def.failover_s / (*def.mtbf_s + *def.mttr_s), 4) +
                             " = " + Fmt(ap, 10)});
    } else {
      r.parts.push_back({"mtbf", a, "MTBF/(MTBF + MTTR) = " + Fmt(*def.mtbf_s) + "/(" + Fmt(*def.mtbf_s) + " + " +
                                        Fmt(*def.mttr_s) + ") = " + Fmt(a, 10)});
    }
  } else if (def.failover_s) {
    return Fail("failover", "needs --mtbf and --mttr");
  }
  if (def.nines) {
    if (!std::isfinite(*def.nines) || *def.nines < 0 || *def.nines > 15) return Fail("nines", "must be between 0 and 15");
    const double a = FromNines(*def.nines);
    r.parts.push_back({"nines", a, "1 − 10^(−" + Fmt(*def.nines) + ") = " + Fmt(a, 12)});
  }
  if (r.parts.empty()) return Fail("availability", "give at least one of --serial, --parallel, --k-of-n, --mtbf/--mttr, --nines");
  std::vector<double> values;
  std::string product;
  for (const AvailabilityPart& p : r.parts) {
    values.push_back(p.availability);
    product += (product.empty() ? "" : " × ") + Fmt(p.availability, 8);
  }
  r.availability = Serial(values);
  // 1 − A straight from the parts where it is small, so many nines keep their digits.
  double unavail = 0;
  for (double v : values) unavail = unavail + (1 - v) - unavail * (1 - v);
  r.unavailability = unavail;
  r.nines = Nines(r.availability);
  r.downtime = DowntimeFor(r.availability, def.calendar);
  r.downtime.per_year_s = unavail * def.calendar.year_s;
  r.downtime.per_month_s = unavail * def.calendar.month_s;
  r.downtime.per_week_s = unavail * 7 * 86400;
  r.downtime.per_day_s = unavail * 86400;
  r.formulas.push_back({"availability", (r.parts.size() > 1 ? "serial: " : "") + product + " = " + Fmt(r.availability, 10)});
  r.formulas.push_back({"nines", "−log10(1 − A) = −log10(" + Fmt(unavail, 4) + ") = " + Fmt(r.nines)});
  r.formulas.push_back({"downtime_per_year_s", "(1 − A) × year = " + Fmt(unavail, 4) + " × " + Fmt(def.calendar.year_s) +
                                                   " s = " + Fmt(r.downtime.per_year_s) + " s"});
  r.formulas.push_back({"downtime_per_month_s", "(1 − A) × month = " + Fmt(unavail, 4) + " × " +
                                                    Fmt(def.calendar.month_s) + " s = " + Fmt(r.downtime.per_month_s) +
                                                    " s (" + std::string(units::MonthConventionName(def.calendar.convention)) +
                                                    " month)"});
  if (r.parts.size() > 1) r.notes.push_back("parts are independent and all required (in series)");
  return r;
}

// [SECTION] Blueprint ------------------------------------------------------------------------------

double DefaultNodeAvailability(ComponentKind kind) {
  switch (kind) {
    case ComponentKind::Client: return 1.0;
    case ComponentKind::Dns: return 0.99999;
    case ComponentKind::Cdn: return 0.9999;
    case ComponentKind::LoadBalancer: return 0.9999;
    case ComponentKind::ApiGateway: return 0.9995;
    case ComponentKind::Service: return 0.999;
    case ComponentKind::Cache: return 0.999;
    case ComponentKind::Database: return 0.9995;
    case ComponentKind::Queue: return 0.9995;
    case ComponentKind::Stream: return 0.9995;
    case ComponentKind::ObjectStorage: return 0.9999;
    case ComponentKind::Dfs: return 0.999;
    case ComponentKind::Search: return 0.999;
    case ComponentKind::BatchProcessor: return 0.99;
    case ComponentKind::StreamProcessor: return 0.999;
  }
  return 0.999;
}

namespace {

// Nodes that count as redundant for a component.
int RedundantNodes(const Component& c) {
  const bool stateful = c.kind == ComponentKind::Database;
  if (stateful && c.replication.mode == ReplicationMode::None) return 1;
  return std::max(1, c.replicas);
}

double ComponentAvailability(const Component& c) {
  return KOfN(1, RedundantNodes(c), DefaultNodeAvailability(c.kind));
}

}  // namespace

BlueprintAvailability AssessAvailability(const Blueprint& bp) {
  BlueprintAvailability out;
  units::Calendar cal = units::CalendarFor(bp.requirements.month);
  std::vector<Flow> flows = bp.flows;
  if (flows.empty()) {
    Flow all;
    all.id = "all_components";
    for (const Component& c : bp.components)
      if (c.kind != ComponentKind::Client) all.path.push_back(c.id);
    flows.push_back(all);
    out.notes.push_back("no flows: one path through every component, all required");
  }
  std::set<std::string> seen_spof;
  for (const Flow& f : flows) {
    FlowAvailability fa;
    fa.flow = f.id;
    fa.kind = f.kind == FlowKind::Read ? "read" : "write";
    std::vector<double> hard, all;
    std::string product;
    bool after_queue = false;
    for (const std::string& id : f.path) {
      const Component* c = bp.FindComponent(id);
      if (!c || c->kind == ComponentKind::Client) continue;
      const double a = ComponentAvailability(*c);
      all.push_back(a);
      if (after_queue) {
        fa.deferred.push_back(id);
        continue;
      }
      const bool soft = c->kind == ComponentKind::Cache && f.kind == FlowKind::Read;
      if (soft) {
        fa.soft_dependencies.push_back(id);
      } else {
        hard.push_back(a);
        product += (product.empty() ? "" : " × ") + id + " " + Fmt(a, 8);
        if (RedundantNodes(*c) == 1) {
          fa.spofs.push_back(id);
          if (seen_spof.insert(id).second) out.spofs.push_back(id);
        }
      }
      if (f.async && (c->kind == ComponentKind::Queue || c->kind == ComponentKind::Stream)) after_queue = true;
    }
    fa.availability = Serial(hard);
    fa.availability_strict = Serial(all);
    fa.downtime = DowntimeFor(fa.availability, cal);
    fa.formula = "A = Π (1 − (1 − a_kind)^replicas) over hard dependencies = " + (product.empty() ? "1" : product) +
                 " = " + Fmt(fa.availability, 8);
    out.worst_availability = std::min(out.worst_availability, fa.availability);
    out.flows.push_back(std::move(fa));
  }
  out.slo = bp.requirements.slo.availability;
  if (out.slo) out.meets_slo = out.worst_availability >= *out.slo;
  out.notes.push_back("per-node availability defaults by component kind (see reliability.h); replicas are redundant");
  return out;
}

// [SECTION] JSON ------------------------------------------------------------------------------------

nlohmann::json ToJson(const Downtime& d) {
  return nlohmann::json{{"per_year_s", JsonNumber(d.per_year_s)},
                        {"per_month_s", JsonNumber(d.per_month_s)},
                        {"per_week_s", JsonNumber(d.per_week_s)},
                        {"per_day_s", JsonNumber(d.per_day_s)},
                        {"month_convention", std::string(units::MonthConventionName(d.convention))}};
}

nlohmann::json ToJson(const CompositionResult& r) {
  nlohmann::json j;
  j["availability"] = JsonNumber(r.availability);
  j["unavailability"] = JsonNumber(r.unavailability);
  j["nines"] = JsonNumber(r.nines);
  j["downtime_per_year_s"] = JsonNumber(r.downtime.per_year_s);
  j["downtime_per_month_s"] = JsonNumber(r.downtime.per_month_s);
  j["downtime_per_week_s"] = JsonNumber(r.downtime.per_week_s);
  j["downtime_per_day_s"] = JsonNumber(r.downtime.per_day_s);
  j["month_convention"] = std::string(units::MonthConventionName(r.downtime.convention));
  nlohmann::json parts = nlohmann::json::array();
  for (const AvailabilityPart& p : r.parts)
    parts.push_back({{"label", p.label}, {"availability", JsonNumber(p.availability)}, {"formula", p.formula}});
  j["parts"] = parts;
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : r.formulas) f[x.key] = x.text;
  j["formulas"] = f;
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const BlueprintAvailability& r) {
  nlohmann::json j;
  nlohmann::json flows = nlohmann::json::array();
  for (const FlowAvailability& f : r.flows) {
    flows.push_back({{"flow", f.flow},
                     {"kind", f.kind},
                     {"availability", JsonNumber(f.availability)},
                     {"availability_strict", JsonNumber(f.availability_strict)},
                     {"spofs", f.spofs},
                     {"soft_dependencies", f.soft_dependencies},
                     {"deferred", f.deferred},
                     {"downtime", ToJson(f.downtime)},
                     {"formula", f.formula}});
  }
  j["flows"] = flows;
  j["spofs"] = r.spofs;
  j["worst_availability"] = JsonNumber(r.worst_availability);
  j["slo"] = r.slo ? JsonNumber(*r.slo) : nlohmann::json(nullptr);
  j["meets_slo"] = r.meets_slo ? nlohmann::json(*r.meets_slo) : nlohmann::json(nullptr);
  j["notes"] = r.notes;
  return j;
}

}  // namespace sdlab::reliability
