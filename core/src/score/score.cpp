// ScoreBlueprint: facts → rules → suppressions → area scores → overall score and grade.
#include "sdlab/score.h"

#include <algorithm>
#include <map>

#include "score/facts.h"

namespace sdlab::score {

namespace {

int SeverityWeight(Severity s) {
  switch (s) {
    case Severity::Error: return 30;
    case Severity::Warning: return 12;
    case Severity::Note: return 4;
  }
  return 0;
}

int SeverityRank(Severity s) { return static_cast<int>(s); }

void ApplySuppressions(const Blueprint& bp, ScoreReport& r) {
  for (const Suppression& s : bp.suppressions) {
    SuppressionUse use;
    use.component = s.component;
    use.reason = s.reason;
    use.pointer = s.pointer;
    const Rule* rule = FindRule(s.rule);
    use.known_rule = rule != nullptr;
    use.rule = rule ? std::string(rule->id) : s.rule;
    if (rule) {
      for (Finding& f : r.findings) {
        if (f.rule != rule->id) continue;
        if (!s.component.empty() && f.focus != s.component) continue;
        if (!f.suppressed) ++use.matched;
        f.suppressed = true;
        f.suppression_reason = s.reason;
      }
    }
    if (!use.known_rule) {
      std::string msg = "suppression of unknown rule '" + s.rule + "' (" + s.pointer + ")";
      const auto near = SuggestRules(s.rule);
      if (!near.empty()) msg += "; did you mean " + near.front() + "?";
      r.notes.push_back(msg);
    } else if (use.matched == 0) {
      r.notes.push_back("suppression of " + use.rule + (s.component.empty() ? "" : " on " + s.component) + " (" +
                        s.pointer + ") matches no finding");
    }
    r.suppressions.push_back(std::move(use));
  }
}

void ScoreAreas(ScoreReport& r) {
  long weighted = 0;
  int weights = 0;
  std::string overall_terms;
  for (Area a : AllAreas()) {
    AreaScore s;
    s.area = a;
    s.weight = AreaWeight(a);
    // Worst severity and count per rule, in id order.
    std::map<std::string, std::pair<Severity, int>> fired;
    for (const Finding& f : r.findings) {
      if (f.area != a) continue;
      if (f.suppressed) {
        ++s.suppressed;
        continue;
      }
      if (f.severity == Severity::Error) ++s.errors;
      if (f.severity == Severity::Warning) ++s.warnings;
      if (f.severity == Severity::Note) ++s.notes;
      auto [it, fresh] = fired.emplace(f.rule, std::make_pair(f.severity, 1));
      if (!fresh) {
        it->second.second += 1;
        if (SeverityRank(f.severity) > SeverityRank(it->second.first)) it->second.first = f.severity;
      }
    }
    int loss = 0;
    std::string terms;
    for (const auto& [rule, sev_n] : fired) {
      const int w = SeverityWeight(sev_n.first);
      const int n = sev_n.second;
      // × 1, × 1.5, × 2 for one, two, three or more findings (all weights are even: exact).
      const int l = n == 1 ? w : (n == 2 ? w * 3 / 2 : w * 2);
      loss += l;
      terms += " − " + rule + " " + std::string(SeverityName(sev_n.first)) +
               (n > 1 ? " ×" + std::string(n == 2 ? "1.5" : "2") : "") + " " + std::to_string(l);
    }
    s.score = std::max(0, 100 - loss);
    s.formula = "100" + terms + " = " + (100 - loss < 0 ? std::to_string(100 - loss) + " → 0" : std::to_string(s.score));
    weighted += static_cast<long>(s.weight) * s.score;
    weights += s.weight;
    overall_terms += (overall_terms.empty() ? "" : " + ") + std::to_string(s.weight) + "×" + std::to_string(s.score);
    r.areas.push_back(std::move(s));
  }
  // Round half up in integers.
  r.overall = weights > 0 ? static_cast<int>((weighted * 2 + weights) / (2L * weights)) : 100;
  r.grade = std::string(Grade(r.overall));
  r.formula = "overall = Σ weight × area score ÷ Σ weights = (" + overall_terms + ") ÷ " + std::to_string(weights) +
              " = " + std::to_string(r.overall);
}

void SortFindings(std::vector<Finding>& fs) {
  std::stable_sort(fs.begin(), fs.end(), [](const Finding& a, const Finding& b) {
    if (a.suppressed != b.suppressed) return !a.suppressed;
    if (a.severity != b.severity) return SeverityRank(a.severity) > SeverityRank(b.severity);
    if (a.rule != b.rule) return a.rule < b.rule;
    if (a.location.line != b.location.line) return a.location.line < b.location.line;
    if (a.location.column != b.location.column) return a.location.column < b.location.column;
    return a.focus < b.focus;
  });
}

DesignFigures Figures(const detail::Facts& f) {
  DesignFigures d;
  if (f.estimate) {
    const Estimate& e = *f.estimate;
    auto opt = [&](const char* key) -> std::optional<double> {
      if (const Figure* fig = e.Find(key)) return fig->value;
      return std::nullopt;
    };
    d.peak_read_rps = opt("peak_read_rps");
    d.peak_write_rps = opt("peak_write_rps");
    d.storage_total_bytes = opt("storage_total_replicated_bytes");
    d.cache_memory_bytes = opt("cache_memory_bytes");
    d.egress_bytes_per_s = opt("peak_egress_bytes_per_s");
  }
  double max_u = -1;
  for (const auto& t : f.tiers) {
    d.servers += t.replicas;
    if (t.utilization > max_u) {
      max_u = t.utilization;
      d.bottleneck = t.component->id;
    }
  }
  if (max_u > 0) {
    d.max_utilization = max_u;
    d.headroom = 1.0 / max_u - 1.0;
    const double total = d.peak_read_rps.value_or(0) + d.peak_write_rps.value_or(0);
    d.throughput_ceiling_rps = total / max_u;
  }
  d.flows = f.latencies;
  if (!f.availability.flows.empty()) d.availability = f.availability.worst_availability;
  for (const auto& fa : f.availability.flows) d.flow_availability.emplace_back(fa.flow, fa.availability);
  return d;
}

}  // namespace

std::string_view SeverityName(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "note";
}

std::optional<Severity> ParseSeverity(std::string_view s) {
  if (s == "note") return Severity::Note;
  if (s == "warning") return Severity::Warning;
  if (s == "error") return Severity::Error;
  return std::nullopt;
}

std::string_view AreaName(Area a) {
  switch (a) {
    case Area::Capacity: return "capacity";
    case Area::Latency: return "latency";
    case Area::Availability: return "availability";
    case Area::Durability: return "durability";
    case Area::Consistency: return "consistency";
    case Area::Security: return "security";
    case Area::Cost: return "cost";
    case Area::Operability: return "operability";
  }
  return "capacity";
}

std::vector<Area> AllAreas() {
  return {Area::Capacity, Area::Latency,  Area::Availability, Area::Durability,
          Area::Consistency, Area::Security, Area::Cost,      Area::Operability};
}

int AreaWeight(Area a) {
  switch (a) {
    case Area::Capacity: return 15;
    case Area::Latency: return 15;
    case Area::Availability: return 15;
    case Area::Durability: return 15;
    case Area::Consistency: return 10;
    case Area::Security: return 15;
    case Area::Cost: return 5;
    case Area::Operability: return 10;
  }
  return 0;
}

std::string_view Grade(int score) {
  if (score >= 90) return "A";
  if (score >= 80) return "B";
  if (score >= 70) return "C";
  if (score >= 60) return "D";
  return "F";
}

int ScoreReport::Count(Severity s) const {
  int n = 0;
  for (const auto& f : findings)
    if (!f.suppressed && f.severity == s) ++n;
  return n;
}

bool ScoreReport::Fired(std::string_view rule) const {
  for (const auto& f : findings)
    if (!f.suppressed && f.rule == rule) return true;
  return false;
}

ScoreReport ScoreBlueprint(const Blueprint& bp, const ScoreOptions& options) {
  ScoreReport r;
  r.name = bp.name;
  detail::Facts facts = detail::BuildFacts(bp, options, r.notes);
  detail::FindingList list;
  detail::CheckCapacity(facts, list);
  detail::CheckLatency(facts, list);
  detail::CheckAvailability(facts, list);
  detail::CheckDurability(facts, list);
  detail::CheckConsistency(facts, list);
  detail::CheckSecurity(facts, list);
  detail::CheckCost(facts, list);
  detail::CheckOperability(facts, list);
  detail::CheckStorageAndCost(facts, list);
  detail::CheckNetwork(facts, list);
  detail::CheckConcurrencyAndDatabase(facts, list);
  r.findings = std::move(list.findings());
  for (const Rule& rule : Catalogue())
    if (!rule.needs.empty()) r.notes.push_back(std::string(rule.id) + " not checked: needs " + std::string(rule.needs));
  ApplySuppressions(bp, r);
  SortFindings(r.findings);
  ScoreAreas(r);
  r.figures = Figures(facts);
  r.security = std::move(facts.security);
  return r;
}

}  // namespace sdlab::score
