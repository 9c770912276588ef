// Back-of-envelope estimate. See sdlab/estimate.h for the model and its assumptions.
#include "sdlab/estimate.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

#include "sdlab/random.h"
#include "sdlab/units.h"

namespace sdlab {

using units::FormatBytes;
using units::FormatCount;
using units::FormatNumber;
using units::FormatRate;

const Figure* Estimate::Find(std::string_view key) const {
  for (const auto& f : figures)
    if (f.key == key) return &f;
  return nullptr;
}

double Estimate::Value(std::string_view key) const {
  const Figure* f = Find(key);
  return f ? f->value : 0.0;
}

namespace {

constexpr double kDay = 86400.0;
constexpr double kDefaultRetentionYears = 5.0;
constexpr double kDefaultCacheHitRatio = 0.8;
constexpr double kDefaultCdnHitRatio = 0.9;

std::string Bps(double v) { return FormatBytes(v) + "/s"; }

struct Traffic {
  double reads = 0, writes = 0;
  std::string reads_formula, writes_formula;
};

Expected<Traffic, EstimateError> ResolveTraffic(const Requirements& q, const units::Calendar& cal) {
  Traffic t;
  const std::string per_month = "/month (" + std::string(units::MonthConventionName(cal.convention)) + " month = " +
                                FormatNumber(cal.month_s, 4) + " s)";
  auto total = [&](double per_s, const char* what) {
    return std::string(what) + " = " + FormatCount(per_s * cal.month_s) + per_month + " = " + FormatRate(per_s);
  };
  bool have_r = false, have_w = false;
  if (q.reads_per_s) {
    t.reads = *q.reads_per_s;
    t.reads_formula = total(t.reads, "avg reads");
    have_r = true;
  } else if (q.reads_per_user_per_s && q.dau) {
    t.reads = *q.reads_per_user_per_s * *q.dau;
    t.reads_formula = "avg reads = DAU × reads per user = " + FormatCount(*q.dau) + " × " +
                      FormatNumber(*q.reads_per_user_per_s * kDay) + "/day ÷ 86400 s = " + FormatRate(t.reads);
    have_r = true;
  }
  if (q.writes_per_s) {
    t.writes = *q.writes_per_s;
    t.writes_formula = total(t.writes, "avg writes");
    have_w = true;
  } else if (q.writes_per_user_per_s && q.dau) {
    t.writes = *q.writes_per_user_per_s * *q.dau;
    t.writes_formula = "avg writes = DAU × writes per user = " + FormatCount(*q.dau) + " × " +
                       FormatNumber(*q.writes_per_user_per_s * kDay) + "/day ÷ 86400 s = " + FormatRate(t.writes);
    have_w = true;
  }
  if (q.read_write_ratio) {
    const double ratio = *q.read_write_ratio;
    if (have_w && !have_r) {
      t.reads = t.writes * ratio;
      t.reads_formula = "avg reads = avg writes × read:write ratio = " + FormatRate(t.writes) + " × " +
                        FormatNumber(ratio) + " = " + FormatRate(t.reads);
      have_r = true;
    } else if (have_r && !have_w) {
      t.writes = t.reads / ratio;
      t.writes_formula = "avg writes = avg reads ÷ read:write ratio = " + FormatRate(t.reads) + " ÷ " +
                         FormatNumber(ratio) + " = " + FormatRate(t.writes);
      have_w = true;
    }
  }
  if (!have_r && !have_w)
    return Unexpected{EstimateError{
        "no traffic given: set reads and/or writes (totals like \"100M/month\", or per user with dau)"}};
  if (!have_r) t.reads_formula = "avg reads = 0 (none given)";
  if (!have_w) t.writes_formula = "avg writes = 0 (none given)";
  return t;
}

void Add(Estimate& e, std::string key, std::string label, double value, FigureUnit unit, std::string formula) {
  e.figures.push_back(Figure{std::move(key), std::move(label), value, unit, std::move(formula)});
}

Expected<Estimate, EstimateError> EstimateCore(const Requirements& q) {
  Estimate e;
  e.calendar = units::CalendarFor(q.month);
  const units::Calendar& cal = e.calendar;
  auto traffic = ResolveTraffic(q, cal);
  if (!traffic) return Unexpected{traffic.error()};
  const Traffic& t = *traffic;
  const double pf = q.peak_factor;
  const double obj = q.object_size_bytes;
  const double read_size = q.read_size_bytes.value_or(obj);
  const double retention = q.retention_s.value_or(kDefaultRetentionYears * cal.year_s);
  const int rf = q.replication_factor;

  e.notes.push_back("month convention: " + std::string(units::MonthConventionName(cal.convention)) + " (month = " +
                    FormatNumber(cal.month_s, 6) + " s, year = " + FormatNumber(cal.year_s, 6) + " s)");
  if (!q.retention_s) e.notes.push_back("retention not given: assumed 5 years");
  if (!q.read_size_bytes) e.notes.push_back("read size not given: a read returns one object");

  Add(e, "read_rps", "Average reads", t.reads, FigureUnit::PerSecond, t.reads_formula);
  Add(e, "write_rps", "Average writes", t.writes, FigureUnit::PerSecond, t.writes_formula);
  Add(e, "total_rps", "Average requests", t.reads + t.writes, FigureUnit::PerSecond,
      "avg requests = reads + writes = " + FormatRate(t.reads) + " + " + FormatRate(t.writes) + " = " +
          FormatRate(t.reads + t.writes));
  Add(e, "peak_read_rps", "Peak reads", t.reads * pf, FigureUnit::PerSecond,
      "peak reads = avg reads × peak factor = " + FormatRate(t.reads) + " × " + FormatNumber(pf) + " = " +
          FormatRate(t.reads * pf));
  Add(e, "peak_write_rps", "Peak writes", t.writes * pf, FigureUnit::PerSecond,
      "peak writes = avg writes × peak factor = " + FormatRate(t.writes) + " × " + FormatNumber(pf) + " = " +
          FormatRate(t.writes * pf));
  Add(e, "peak_total_rps", "Peak requests", (t.reads + t.writes) * pf, FigureUnit::PerSecond,
      "peak requests = avg requests × peak factor = " + FormatRate(t.reads + t.writes) + " × " + FormatNumber(pf) +
          " = " + FormatRate((t.reads + t.writes) * pf));
  if (t.writes > 0)
    Add(e, "read_write_ratio", "Read:write ratio", t.reads / t.writes, FigureUnit::Ratio,
        "read:write = " + FormatRate(t.reads) + " ÷ " + FormatRate(t.writes) + " = " +
            FormatNumber(t.reads / t.writes) + ":1");

  const double writes_month = t.writes * cal.month_s;
  const double per_month = writes_month * obj;
  Add(e, "writes_per_month", "Writes per month", writes_month, FigureUnit::Count,
      "writes per month = avg writes × month = " + FormatRate(t.writes) + " × " + FormatNumber(cal.month_s, 4) +
          " s = " + FormatCount(writes_month));
  Add(e, "storage_per_month_bytes", "New data per month", per_month, FigureUnit::Bytes,
      "new data per month = writes per month × object size = " + FormatCount(writes_month) + " × " +
          FormatBytes(obj) + " = " + FormatBytes(per_month));
  const double months = retention / cal.month_s;
  const double g = q.growth_per_month;
  double total = per_month * months;
  std::string total_formula = "data over retention = new data per month × months = " + FormatBytes(per_month) +
                              " × " + FormatNumber(months) + " = " + FormatBytes(total);
  if (g > 0) {
    total = per_month * (DetPow(1.0 + g, months) - 1.0) / g;
    total_formula = "data over retention = monthly × ((1+g)^months − 1) ÷ g = " + FormatBytes(per_month) +
                    " × ((1+" + FormatNumber(g) + ")^" + FormatNumber(months) + " − 1) ÷ " + FormatNumber(g) +
                    " = " + FormatBytes(total);
  }
  Add(e, "retention_months", "Months kept", months, FigureUnit::Count,
      "months kept = retention ÷ month = " + FormatNumber(retention, 6) + " s ÷ " + FormatNumber(cal.month_s, 6) +
          " s = " + FormatNumber(months));
  Add(e, "storage_total_bytes", "Data over retention (one copy)", total, FigureUnit::Bytes, total_formula);
  Add(e, "storage_total_replicated_bytes", "Stored with replicas", total * rf, FigureUnit::Bytes,
      "stored = data over retention × replication factor = " + FormatBytes(total) + " × " + std::to_string(rf) +
          " = " + FormatBytes(total * rf));
  const double objects = g > 0 ? total / obj : writes_month * months;
  Add(e, "objects_total", "Objects stored", objects, FigureUnit::Count,
      "objects = writes per month × months = " + FormatCount(writes_month) + " × " + FormatNumber(months) + " = " +
          FormatCount(objects));

  Add(e, "ingress_bytes_per_s", "Ingress (average)", t.writes * obj, FigureUnit::BytesPerSecond,
      "ingress = avg writes × object size = " + FormatRate(t.writes) + " × " + FormatBytes(obj) + " = " +
          Bps(t.writes * obj));
  Add(e, "egress_bytes_per_s", "Egress (average)", t.reads * read_size, FigureUnit::BytesPerSecond,
      "egress = avg reads × read size = " + FormatRate(t.reads) + " × " + FormatBytes(read_size) + " = " +
          Bps(t.reads * read_size));
  Add(e, "peak_ingress_bytes_per_s", "Ingress (peak)", t.writes * obj * pf, FigureUnit::BytesPerSecond,
      "peak ingress = ingress × peak factor = " + Bps(t.writes * obj) + " × " + FormatNumber(pf) + " = " +
          Bps(t.writes * obj * pf));
  Add(e, "peak_egress_bytes_per_s", "Egress (peak)", t.reads * read_size * pf, FigureUnit::BytesPerSecond,
      "peak egress = egress × peak factor = " + Bps(t.reads * read_size) + " × " + FormatNumber(pf) + " = " +
          Bps(t.reads * read_size * pf));

  const double reads_day = t.reads * kDay;
  const double cache = q.cache_hot_fraction * reads_day * read_size;
  Add(e, "reads_per_day", "Reads per day", reads_day, FigureUnit::Count,
      "reads per day = avg reads × 86400 s = " + FormatRate(t.reads) + " × 86400 = " + FormatCount(reads_day));
  Add(e, "cache_memory_bytes", "Cache for the hot set", cache, FigureUnit::Bytes,
      "cache = hot fraction × reads per day × read size = " + units::FormatPercent(q.cache_hot_fraction) + " × " +
          FormatCount(reads_day) + " × " + FormatBytes(read_size) + " = " + FormatBytes(cache));
  if (q.dau) Add(e, "dau", "Daily active users", *q.dau, FigureUnit::Count, "DAU = " + FormatCount(*q.dau) + " (given)");
  return e;
}

bool IsShortCircuit(ComponentKind k) { return k == ComponentKind::Cache || k == ComponentKind::Cdn; }

}  // namespace

Expected<Estimate, EstimateError> EstimateRequirements(const Requirements& req) { return EstimateCore(req); }

Expected<Estimate, EstimateError> EstimateBlueprint(const Blueprint& bp) {
  auto est = EstimateCore(bp.requirements);
  if (!est) return est;
  Estimate& e = *est;
  const Requirements& q = bp.requirements;
  const double peak_reads = e.Value("peak_read_rps");
  const double peak_writes = e.Value("peak_write_rps");
  const double target = q.target_utilization;

  // Peak load reaching each component, following the flows (caches and CDNs absorb their hits).
  std::vector<double> load(bp.components.size(), 0.0);
  std::vector<std::string> why(bp.components.size());
  auto index_of = [&](const std::string& id) -> std::size_t {
    for (std::size_t i = 0; i < bp.components.size(); ++i)
      if (bp.components[i].id == id) return i;
    return bp.components.size();
  };
  bool used_default_hit = false;
  if (bp.flows.empty()) {
    for (std::size_t i = 0; i < bp.components.size(); ++i) {
      load[i] = peak_reads + peak_writes;
      why[i] = "all peak requests (no flows given)";
    }
  } else {
    for (const auto& f : bp.flows) {
      double rate = (f.kind == FlowKind::Read ? peak_reads : peak_writes) * f.share;
      for (const auto& step : f.path) {
        const std::size_t i = index_of(step);
        if (i == bp.components.size()) continue;
        load[i] += rate;
        if (!why[i].empty()) why[i] += " + ";
        why[i] += f.id + " " + FormatRate(rate);
        const Component& c = bp.components[i];
        if (f.kind == FlowKind::Read && IsShortCircuit(c.kind)) {
          double h = c.hit_ratio.value_or(c.kind == ComponentKind::Cache ? kDefaultCacheHitRatio : kDefaultCdnHitRatio);
          if (!c.hit_ratio) used_default_hit = true;
          rate *= (1.0 - h);
        }
        if (f.async && (c.kind == ComponentKind::Queue || c.kind == ComponentKind::Stream)) {
          // The queue decouples: consumers downstream see the average rate, not the peak.
          rate /= q.peak_factor;
        }
      }
    }
  }
  if (used_default_hit)
    e.notes.push_back("caches without a hit_ratio are assumed to hit 80% of reads, CDNs 90%");
  for (std::size_t i = 0; i < bp.components.size(); ++i) {
    const Component& c = bp.components[i];
    if (!c.capacity_rps || c.kind == ComponentKind::Client) continue;
    TierEstimate t;
    t.component = c.id;
    t.kind = std::string(ComponentKindName(c.kind));
    t.peak_rps = load[i];
    t.capacity_rps = *c.capacity_rps;
    t.replicas = c.replicas;
    t.servers_needed = std::max(1, static_cast<int>(std::ceil(load[i] / (t.capacity_rps * target) - 1e-9)));
    t.peak_utilization = load[i] / (t.capacity_rps * c.replicas);
    t.formula = "servers = ⌈peak load ÷ (capacity × target utilisation)⌉ = ⌈" + FormatRate(load[i]) + " ÷ (" +
                FormatRate(t.capacity_rps) + " × " + units::FormatPercent(target) + ")⌉ = " +
                std::to_string(t.servers_needed) + "; peak load = " + (why[i].empty() ? "0" : why[i]);
    e.tiers.push_back(std::move(t));
  }
  return est;
}

nlohmann::json EstimateToJson(const Estimate& e) {
  nlohmann::json j = nlohmann::json::object();
  nlohmann::json formulas = nlohmann::json::object();
  nlohmann::json labels = nlohmann::json::object();
  for (const auto& f : e.figures) {
    j[f.key] = f.value;
    formulas[f.key] = f.formula;
    labels[f.key] = f.label;
  }
  j["month_convention"] = std::string(units::MonthConventionName(e.calendar.convention));
  j["month_seconds"] = e.calendar.month_s;
  j["year_seconds"] = e.calendar.year_s;
  j["formulas"] = formulas;
  j["labels"] = labels;
  nlohmann::json tiers = nlohmann::json::array();
  for (const auto& t : e.tiers) {
    tiers.push_back({{"component", t.component},
                     {"kind", t.kind},
                     {"peak_rps", t.peak_rps},
                     {"capacity_rps", t.capacity_rps},
                     {"servers_needed", t.servers_needed},
                     {"replicas", t.replicas},
                     {"peak_utilization", t.peak_utilization},
                     {"formula", t.formula}});
  }
  j["tiers"] = tiers;
  j["notes"] = e.notes;
  return j;
}

}  // namespace sdlab
