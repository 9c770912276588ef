// Object storage tiers and lifecycle rules: monthly cost as data ages. See sdlab/storage.h.
#include <algorithm>
#include <cmath>

#include "sdlab/storage.h"
#include "sdlab/units.h"

namespace sdlab::storage {

namespace {

constexpr double kGB = 1e9;
std::string D(double v) { return cost::FormatDollars(v); }
std::string N(double v) { return units::FormatNumber(v, 4); }
std::size_t Ix(cost::Tier t) { return static_cast<std::size_t>(t); }

cost::Tier TierAt(const ObjectLifecycleDef& d, double age_s) {
  cost::Tier t = d.first_tier;
  for (const auto& [after, tier] : d.rules)
    if (age_s >= after) t = tier;
  return t;
}

}  // namespace

Expected<ObjectLifecycleResult, InputError> CostObjectLifecycle(const ObjectLifecycleDef& d) {
  auto fail = [](std::string f, std::string m) { return Unexpected<InputError>{InputError{std::move(f), std::move(m)}}; };
  auto finite = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
  if (!finite(d.ingest_bytes_per_month, 0, 1e18) || d.ingest_bytes_per_month <= 0)
    return fail("ingest", "must be > 0 and ≤ 1 EB per month");
  if (!finite(d.object_size_bytes, 1, 1e13)) return fail("object-size", "must be 1 B … 10 TB");
  if (!finite(d.reads_per_month, 0, 1e16)) return fail("reads", "must be 0 … 1e16 per month");
  if (!finite(d.read_size_bytes, 0, 1e13)) return fail("read-size", "must be 0 … 10 TB");
  if (!finite(d.egress_bytes_per_month, 0, 1e18)) return fail("egress", "must be 0 … 1 EB per month");
  if (d.months < 1 || d.months > 600) return fail("months", "must be 1 … 600");
  if (d.retention_s && !finite(*d.retention_s, 86400, 1000 * 365 * 86400.0)) return fail("retention", "must be 1 day … 1000 years");
  if (!finite(d.first_tier_read_share, 0, 1)) return fail("first-tier-read-share", "must be a fraction");
  if (!(d.month_s > 0)) return fail("month", "must be > 0");
  double last_after = 0;
  int last_rank = static_cast<int>(d.first_tier);
  for (const auto& [after, tier] : d.rules) {
    if (!finite(after, 86400, 1000 * 365 * 86400.0) || after <= last_after)
      return fail("lifecycle", "rule ages must be at least 1 day and increasing");
    if (static_cast<int>(tier) <= last_rank) return fail("lifecycle", "each rule must move data to a colder tier");
    last_after = after;
    last_rank = static_cast<int>(tier);
  }
  const cost::PriceTable& p = d.prices;
  const double read_size = d.read_size_bytes > 0 ? d.read_size_bytes : d.object_size_bytes;
  const double objects_per_cohort = d.ingest_bytes_per_month / d.object_size_bytes;
  const double month_days = d.month_s / 86400.0;
  ObjectLifecycleResult r;

  // Per cohort: the tier it is in and the age at which it entered it.
  struct Cohort {
    cost::Tier tier;
    double entered_age_s = 0;
    bool deleted = false;
  };
  std::vector<Cohort> cohorts;
  for (int t = 1; t <= d.months; ++t) {
    ObjectMonth m;
    m.month = t;
    cohorts.push_back(Cohort{d.first_tier, 0, false});
    double first_only_bytes = 0, first_only_early = 0;
    for (int k = 1; k <= t; ++k) {
      Cohort& c = cohorts[static_cast<std::size_t>(k - 1)];
      if (c.deleted) continue;
      const double age = (t - k) * d.month_s;
      auto early = [&](cost::Tier from, double spent_s) {
        const double min_s = p.min_storage_days[Ix(from)] * 86400.0;
        if (spent_s >= min_s) return 0.0;
        return d.ingest_bytes_per_month / kGB * p.tier_gb_month[Ix(from)] * (min_s - spent_s) / d.month_s;
      };
      if (d.retention_s && age >= *d.retention_s) {
        m.early_deletion_cost += early(c.tier, age - c.entered_age_s);
        first_only_early += early(d.first_tier, age);
        c.deleted = true;
        continue;
      }
      first_only_bytes += d.ingest_bytes_per_month;
      const cost::Tier now = TierAt(d, age);
      if (now != c.tier) {
        m.early_deletion_cost += early(c.tier, age - c.entered_age_s);
        m.transition_cost += objects_per_cohort / 1e6 * p.transition_per_million[Ix(now)];
        c.tier = now;
        c.entered_age_s = age;
      }
      m.bytes[Ix(c.tier)] += d.ingest_bytes_per_month;
    }
    double stored = 0;
    for (int i = 0; i < cost::kTierCount; ++i) {
      m.storage_cost[i] = m.bytes[i] / kGB * p.tier_gb_month[i];
      stored += m.bytes[i];
    }
    m.put_cost = objects_per_cohort / 1e6 * p.put_per_million[Ix(d.first_tier)];
    // Reads: first_tier_read_share to the first tier, the rest by bytes over the other tiers.
    std::array<double, cost::kTierCount> share{0, 0, 0};
    const double first_bytes = m.bytes[Ix(d.first_tier)];
    const double rest = stored - first_bytes;
    if (rest <= 0) {
      share[Ix(d.first_tier)] = 1;
    } else {
      share[Ix(d.first_tier)] = d.first_tier_read_share;
      for (int i = 0; i < cost::kTierCount; ++i)
        if (i != static_cast<int>(Ix(d.first_tier))) share[i] = (1 - d.first_tier_read_share) * m.bytes[i] / rest;
    }
    for (int i = 0; i < cost::kTierCount; ++i) {
      const double gets = d.reads_per_month * share[i];
      m.get_cost += gets / 1e6 * p.get_per_million[i];
      m.retrieval_cost += gets * read_size / kGB * p.retrieval_gb[i];
    }
    m.egress_cost = d.egress_bytes_per_month / kGB * p.egress_gb;
    m.total = m.storage_cost[0] + m.storage_cost[1] + m.storage_cost[2] + m.put_cost + m.get_cost + m.transition_cost +
              m.retrieval_cost + m.early_deletion_cost + m.egress_cost;
    // The same month with no lifecycle: every byte in the first tier.
    const std::size_t f = Ix(d.first_tier);
    const double first_only = first_only_bytes / kGB * p.tier_gb_month[f] + m.put_cost +
                        d.reads_per_month / 1e6 * p.get_per_million[f] +
                        d.reads_per_month * read_size / kGB * p.retrieval_gb[f] + m.egress_cost + first_only_early;
    m.first_tier_only_total = first_only;
    r.total += m.total;
    r.first_tier_only_total += first_only;
    r.months.push_back(m);
  }
  r.saving = r.first_tier_only_total - r.total;
  const ObjectMonth& last = r.months.back();
  const char* names[] = {"standard", "infrequent", "archive"};
  for (int i = 0; i < cost::kTierCount; ++i)
    if (last.bytes[i] > 0)
      r.formulas.push_back({std::string("storage_") + names[i],
                            std::string("month ") + std::to_string(last.month) + " " + names[i] +
                                " = GB × $/GB-month = " + N(last.bytes[i] / kGB) + " × " + D(p.tier_gb_month[i]) + " = " +
                                D(last.storage_cost[i])});
  r.formulas.push_back({"put", "PUTs = objects per month ÷ 10^6 × $/million = " + N(objects_per_cohort / 1e6) + " × " +
                                   D(p.put_per_million[Ix(d.first_tier)]) + " = " + D(last.put_cost)});
  r.formulas.push_back({"get", "GETs (month " + std::to_string(last.month) + ") = Σ reads × tier share ÷ 10^6 × $/million = " +
                                   D(last.get_cost) + " (" + units::FormatPercent(d.first_tier_read_share, 3) +
                                   " of reads to the first tier while older tiers hold data, the rest by bytes)"});
  r.formulas.push_back({"retrieval", "retrieval (month " + std::to_string(last.month) +
                                         ") = GB read from infrequent/archive × $/GB = " + D(last.retrieval_cost)});
  r.formulas.push_back({"egress", "egress = GB per month × $/GB = " + N(d.egress_bytes_per_month / kGB) + " × " +
                                      D(p.egress_gb) + " = " + D(last.egress_cost)});
  r.formulas.push_back({"total", "total over " + std::to_string(d.months) + " months = Σ monthly totals = " + D(r.total)});
  r.formulas.push_back({"saving", "saving = first tier only − with lifecycle = " + D(r.first_tier_only_total) + " − " +
                                      D(r.total) + " = " + D(r.saving)});
  r.notes.push_back("cohorts: each month's writes age together; a rule applies from the first month start at which "
                    "the cohort's age has reached it (ages step by whole months of " + N(month_days) + " days)");
  r.notes.push_back("minimum storage duration: data leaving a tier earlier is charged for the remaining days");
  if (d.rules.empty()) r.notes.push_back("no lifecycle rules: every byte stays in the first tier");
  return r;
}

}  // namespace sdlab::storage
