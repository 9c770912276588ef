// The price table and the monthly bill of a design. See sdlab/cost.h for the model and its defaults.
#include "sdlab/cost.h"

#include <algorithm>
#include <cmath>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/units.h"

namespace sdlab::cost {

using sample_stats::JsonNumber;
using units::FormatBytes;
using units::FormatCount;
using units::FormatNumber;

std::string InputError::Message() const { return field + ": " + message; }

std::string_view TierName(Tier t) {
  switch (t) {
    case Tier::Standard: return "standard";
    case Tier::Infrequent: return "infrequent";
    case Tier::Archive: return "archive";
  }
  return "standard";
}

std::optional<Tier> ParseTier(std::string_view name) {
  if (name == "standard" || name == "hot") return Tier::Standard;
  if (name == "infrequent" || name == "ia" || name == "warm") return Tier::Infrequent;
  if (name == "archive" || name == "glacier" || name == "cold") return Tier::Archive;
  return std::nullopt;
}

std::string FormatDollars(double usd) {
  if (!std::isfinite(usd)) return "$?";
  if (usd < 0) return "-" + FormatDollars(-usd);
  if (usd == 0) return "$0";
  if (usd < 1000) return "$" + FormatNumber(usd, 3);
  return "$" + FormatCount(usd, 3);
}

namespace {

constexpr double kGB = 1e9;
constexpr double kDefaultCdnHit = 0.9;
constexpr double kFirstTierReadShare = 0.9;
std::string D(double v) { return FormatDollars(v); }
std::string N(double v) { return FormatNumber(v, 4); }
std::size_t Ix(Tier t) { return static_cast<std::size_t>(t); }

}  // namespace

std::array<double, kTierCount> SteadyTierShares(Tier first, const std::vector<std::pair<double, Tier>>& rules,
                                                double retention_s) {
  std::array<double, kTierCount> share{0, 0, 0};
  if (!(retention_s > 0)) {
    share[Ix(first)] = 1;
    return share;
  }
  double from = 0;
  Tier tier = first;
  for (const auto& [after, next] : rules) {
    const double until = std::min(after, retention_s);
    if (until > from) share[Ix(tier)] += (until - from) / retention_s;
    from = std::max(from, until);
    tier = next;
    if (after >= retention_s) break;
  }
  if (retention_s > from) share[Ix(tier)] += (retention_s - from) / retention_s;
  return share;
}

PriceTable PricesFor(const PriceOverrides& o) {
  PriceTable p;
  auto set = [](const std::optional<double>& v, double& out) {
    if (v) out = *v;
  };
  set(o.vcpu_hour, p.vcpu_hour);
  set(o.memory_gb_hour, p.memory_gb_hour);
  set(o.block_gb_month, p.block_gb_month);
  set(o.standard_gb_month, p.tier_gb_month[0]);
  set(o.infrequent_gb_month, p.tier_gb_month[1]);
  set(o.archive_gb_month, p.tier_gb_month[2]);
  set(o.infrequent_retrieval_gb, p.retrieval_gb[1]);
  set(o.archive_retrieval_gb, p.retrieval_gb[2]);
  set(o.egress_gb, p.egress_gb);
  set(o.cdn_egress_gb, p.cdn_egress_gb);
  set(o.gateway_per_million, p.gateway_per_million);
  set(o.cdn_per_million, p.cdn_per_million);
  set(o.dns_per_million, p.dns_per_million);
  return p;
}

nlohmann::json ToJson(const PriceTable& p) {
  auto tiers = [](const std::array<double, kTierCount>& a) {
    return nlohmann::json{{"standard", JsonNumber(a[0])}, {"infrequent", JsonNumber(a[1])}, {"archive", JsonNumber(a[2])}};
  };
  return {{"currency", "USD"},
          {"vcpu_hour", JsonNumber(p.vcpu_hour)},
          {"memory_gb_hour", JsonNumber(p.memory_gb_hour)},
          {"block_gb_month", JsonNumber(p.block_gb_month)},
          {"tier_gb_month", tiers(p.tier_gb_month)},
          {"put_per_million", tiers(p.put_per_million)},
          {"get_per_million", tiers(p.get_per_million)},
          {"retrieval_gb", tiers(p.retrieval_gb)},
          {"transition_per_million", tiers(p.transition_per_million)},
          {"min_storage_days", tiers(p.min_storage_days)},
          {"egress_gb", JsonNumber(p.egress_gb)},
          {"cdn_egress_gb", JsonNumber(p.cdn_egress_gb)},
          {"gateway_per_million", JsonNumber(p.gateway_per_million)},
          {"cdn_per_million", JsonNumber(p.cdn_per_million)},
          {"dns_per_million", JsonNumber(p.dns_per_million)},
          {"note", "illustrative list-price-like on-demand figures, USD, as of 2026; override in the blueprint's "
                   "`prices` or with flags"}};
}

ComputeSize ComputeSizeOf(const Component& c) {
  ComputeSize s;
  double vcpus = 0, mem_gb = 0;
  switch (c.kind) {
    case ComponentKind::Client:
    case ComponentKind::Dns:
    case ComponentKind::Cdn:
    case ComponentKind::ObjectStorage: s.managed = true; break;
    case ComponentKind::ApiGateway: s.managed = !c.vcpus; vcpus = 2; mem_gb = 4; break;
    case ComponentKind::LoadBalancer:
    case ComponentKind::Service: vcpus = 2; mem_gb = 4; break;
    case ComponentKind::Cache: vcpus = 2; mem_gb = 8; break;
    case ComponentKind::Queue: vcpus = 2; mem_gb = 8; break;
    case ComponentKind::Database:
    case ComponentKind::Search:
    case ComponentKind::Stream:
    case ComponentKind::Dfs:
    case ComponentKind::BatchProcessor:
    case ComponentKind::StreamProcessor: vcpus = 4; mem_gb = 16; break;
  }
  if (s.managed) return s;
  s.declared = c.vcpus.has_value() || c.memory_bytes.has_value();
  s.vcpus = c.vcpus.value_or(vcpus);
  s.memory_bytes = c.memory_bytes.value_or(mem_gb * kGB);
  return s;
}

namespace {

/// Adds a line to a component's bill and its category.
void AddLine(ComponentCost& cc, std::string item, double monthly, std::string formula) {
  if (item == "compute") cc.compute += monthly;
  else if (item == "egress") cc.egress += monthly;
  else if (item == "requests" || item == "retrieval") cc.requests += monthly;
  else cc.storage += monthly;
  cc.total += monthly;
  cc.lines.push_back(CostLine{cc.component, std::move(item), monthly, std::move(formula)});
}

void Totals(CostResult& r) {
  r.compute = r.storage = r.requests = r.egress = 0;
  for (const auto& c : r.components) {
    r.compute += c.compute;
    r.storage += c.storage;
    r.requests += c.requests;
    r.egress += c.egress;
  }
  for (const auto& l : r.design_lines) {
    if (l.item == "egress") r.egress += l.monthly;
    else r.requests += l.monthly;
  }
  r.total_monthly = r.compute + r.storage + r.requests + r.egress;
  r.formulas.push_back({"total_monthly", "total = compute + storage + requests + egress = " + D(r.compute) + " + " +
                                             D(r.storage) + " + " + D(r.requests) + " + " + D(r.egress) + " = " +
                                             D(r.total_monthly) + "/month"});
  if (r.requests_per_month > 0) {
    r.cost_per_million_requests = r.total_monthly / (r.requests_per_month / 1e6);
    r.formulas.push_back({"cost_per_million_requests",
                          "cost per million requests = total ÷ (requests per month ÷ 10^6) = " + D(r.total_monthly) +
                              " ÷ " + N(r.requests_per_month / 1e6) + " = " + D(*r.cost_per_million_requests)});
  }
  if (r.budget_monthly) {
    r.over_budget = r.total_monthly > *r.budget_monthly;
    r.formulas.push_back({"budget_monthly", "budget = " + D(*r.budget_monthly) + "/month; total " +
                                                D(r.total_monthly) + (r.over_budget ? " > " : " ≤ ") + "budget"});
  }
}

std::string ComputeFormula(int replicas, const ComputeSize& s, const PriceTable& p, double hours, double total) {
  return "compute = replicas × (vCPUs × $/vCPU-h + memory × $/GB-h) × hours = " + std::to_string(replicas) +
         " × (" + N(s.vcpus) + " × " + D(p.vcpu_hour) + " + " + N(s.memory_bytes / kGB) + " GB × " +
         D(p.memory_gb_hour) + ") × " + N(hours) + " h = " + D(total);
}

double ComputeMonthly(int replicas, const ComputeSize& s, const PriceTable& p, double hours) {
  return replicas * (s.vcpus * p.vcpu_hour + s.memory_bytes / kGB * p.memory_gb_hour) * hours;
}

}  // namespace

Expected<CostResult, InputError> CostSimple(const SimpleCostDef& d) {
  auto fail = [](std::string f, std::string m) { return Unexpected<InputError>{InputError{std::move(f), std::move(m)}}; };
  auto ok = [](double v, double hi) { return std::isfinite(v) && v >= 0 && v <= hi; };
  if (d.replicas < 1 || d.replicas > 100000) return fail("replicas", "must be 1 … 100000");
  if (!ok(d.vcpus, 4096)) return fail("vcpus", "must be 0 … 4096");
  if (!ok(d.memory_bytes, 1e14)) return fail("memory", "must be 0 … 100 TB");
  if (!ok(d.block_bytes, 1e18)) return fail("block-storage", "must be 0 … 1 EB");
  for (int t = 0; t < kTierCount; ++t)
    if (!ok(d.object_bytes[t], 1e18)) return fail(std::string(TierName(static_cast<Tier>(t))), "must be 0 … 1 EB");
  if (!ok(d.egress_bytes_per_month, 1e18)) return fail("egress", "must be 0 … 1 EB per month");
  if (!ok(d.requests_per_month, 1e16)) return fail("requests", "must be 0 … 1e16 per month");
  if (!ok(d.gateway_requests_per_month, 1e16)) return fail("gateway-requests", "must be 0 … 1e16 per month");
  if (!(d.month_s > 0)) return fail("month", "must be > 0");
  CostResult r;
  r.prices = d.prices;
  const PriceTable& p = d.prices;
  r.hours_per_month = d.month_s / 3600.0;
  const double hours = r.hours_per_month;
  ComponentCost cc;
  cc.component = "workload";
  cc.kind = "service";
  ComputeSize size;
  size.vcpus = d.vcpus;
  size.memory_bytes = d.memory_bytes;
  const double compute = ComputeMonthly(d.replicas, size, p, hours);
  AddLine(cc, "compute", compute, ComputeFormula(d.replicas, size, p, hours, compute));
  if (d.block_bytes > 0) {
    const double v = d.block_bytes / kGB * p.block_gb_month;
    AddLine(cc, "block_storage", v,
            "block storage = GB × $/GB-month = " + N(d.block_bytes / kGB) + " × " + D(p.block_gb_month) + " = " + D(v));
  }
  for (int t = 0; t < kTierCount; ++t) {
    if (d.object_bytes[t] <= 0) continue;
    const double v = d.object_bytes[t] / kGB * p.tier_gb_month[t];
    AddLine(cc, "object_storage", v,
            std::string("object storage (") + std::string(TierName(static_cast<Tier>(t))) + ") = GB × $/GB-month = " +
                N(d.object_bytes[t] / kGB) + " × " + D(p.tier_gb_month[t]) + " = " + D(v));
  }
  if (d.egress_bytes_per_month > 0) {
    const double v = d.egress_bytes_per_month / kGB * p.egress_gb;
    AddLine(cc, "egress", v, "egress = GB per month × $/GB = " + N(d.egress_bytes_per_month / kGB) + " × " +
                                 D(p.egress_gb) + " = " + D(v));
  }
  if (d.gateway_requests_per_month > 0) {
    const double v = d.gateway_requests_per_month / 1e6 * p.gateway_per_million;
    AddLine(cc, "requests", v, "gateway requests = millions per month × $/million = " +
                                   N(d.gateway_requests_per_month / 1e6) + " × " + D(p.gateway_per_million) + " = " + D(v));
  }
  r.components.push_back(std::move(cc));
  r.requests_per_month = d.requests_per_month;
  Totals(r);
  r.notes.push_back("prices are illustrative list-price-like figures (USD, 2026), not a quote; override with flags");
  return r;
}

namespace {

bool IsShortCircuit(const Component& c) { return c.kind == ComponentKind::Cache || c.kind == ComponentKind::Cdn; }

double HitOf(const Component& c) {
  return c.hit_ratio.value_or(c.kind == ComponentKind::Cdn ? kDefaultCdnHit : 0.8);
}

}  // namespace

CostResult CostBlueprint(const Blueprint& bp, const Estimate& e) {
  CostResult r;
  r.prices = PricesFor(bp.prices);
  const PriceTable& p = r.prices;
  const double month = e.calendar.month_s;
  r.hours_per_month = month / 3600.0;
  const double hours = r.hours_per_month;
  const double reads = e.Value("read_rps"), writes = e.Value("write_rps");
  r.requests_per_month = (reads + writes) * month;
  r.budget_monthly = bp.requirements.budget_monthly;
  const double read_size = bp.requirements.read_size_bytes.value_or(bp.requirements.object_size_bytes);
  const double retention_s = e.Value("retention_months") * month;

  // Average request rates reaching each component (reads and writes), along the flows; caches and
  // CDNs absorb their hits on reads. Without flows every request reaches every component.
  const std::size_t n = bp.components.size();
  std::vector<double> read_rate(n, 0.0), write_rate(n, 0.0), write_share_into(n, 0.0);
  auto index_of = [&](const std::string& id) {
    for (std::size_t i = 0; i < n; ++i)
      if (bp.components[i].id == id) return i;
    return n;
  };
  if (bp.flows.empty()) {
    std::fill(read_rate.begin(), read_rate.end(), reads);
    std::fill(write_rate.begin(), write_rate.end(), writes);
  } else {
    for (const Flow& f : bp.flows) {
      double rate = (f.kind == FlowKind::Read ? reads : writes) * f.share;
      for (const auto& step : f.path) {
        const std::size_t i = index_of(step);
        if (i == n) continue;
        (f.kind == FlowKind::Read ? read_rate : write_rate)[i] += rate;
        if (f.kind == FlowKind::Read && IsShortCircuit(bp.components[i])) rate *= 1.0 - HitOf(bp.components[i]);
      }
      if (f.kind == FlowKind::Write && !f.path.empty()) {
        const std::size_t last = index_of(f.path.back());
        if (last < n) write_share_into[last] = std::min(1.0, write_share_into[last] + f.share);
      }
    }
  }
  // Without flows the data of record goes to the first database (else object storage, else DFS).
  if (bp.flows.empty()) {
    for (ComponentKind k : {ComponentKind::Database, ComponentKind::ObjectStorage, ComponentKind::Dfs}) {
      const std::size_t i = static_cast<std::size_t>(
          std::find_if(bp.components.begin(), bp.components.end(), [&](const Component& c) { return c.kind == k; }) -
          bp.components.begin());
      if (i < n) {
        write_share_into[i] = 1.0;
        r.notes.push_back("no flows: the estimate's stored data is billed to " + bp.components[i].id);
        break;
      }
    }
  }

  bool used_default_size = false;
  for (std::size_t i = 0; i < n; ++i) {
    const Component& c = bp.components[i];
    if (c.kind == ComponentKind::Client) continue;
    ComponentCost cc;
    cc.component = c.id;
    cc.kind = std::string(ComponentKindName(c.kind));
    const ComputeSize size = ComputeSizeOf(c);
    if (!size.managed) {
      if (!size.declared) used_default_size = true;
      const double v = ComputeMonthly(c.replicas, size, p, hours);
      AddLine(cc, "compute", v, ComputeFormula(c.replicas, size, p, hours, v) + (size.declared ? "" : " (default size)"));
    }
    const double reqs_month = (read_rate[i] + write_rate[i]) * month;
    if (c.kind == ComponentKind::ApiGateway && size.managed && reqs_month > 0) {
      const double v = reqs_month / 1e6 * p.gateway_per_million;
      AddLine(cc, "requests", v, "gateway requests = millions per month × $/million = " + N(reqs_month / 1e6) + " × " +
                                     D(p.gateway_per_million) + " = " + D(v));
    }
    if (c.kind == ComponentKind::Dns && reqs_month > 0) {
      const double v = reqs_month / 1e6 * p.dns_per_million;
      AddLine(cc, "requests", v, "DNS queries = millions per month × $/million = " + N(reqs_month / 1e6) + " × " +
                                     D(p.dns_per_million) + " = " + D(v));
    }
    if (c.kind == ComponentKind::Cdn && reqs_month > 0) {
      const double v = reqs_month / 1e6 * p.cdn_per_million;
      AddLine(cc, "requests", v, "CDN requests = millions per month × $/million = " + N(reqs_month / 1e6) + " × " +
                                     D(p.cdn_per_million) + " = " + D(v));
    }
    if (c.kind == ComponentKind::Database || c.kind == ComponentKind::Search || c.kind == ComponentKind::Dfs) {
      double bytes = 0;
      std::string how;
      if (c.storage_bytes) {
        bytes = *c.storage_bytes * c.replicas;
        how = "provisioned " + FormatBytes(*c.storage_bytes) + " × " + std::to_string(c.replicas) + " replicas";
      } else if (write_share_into[i] > 0) {
        bytes = e.Value("storage_total_replicated_bytes") * write_share_into[i];
        how = "estimate's stored data " + FormatBytes(e.Value("storage_total_replicated_bytes")) + " × write share " +
              units::FormatPercent(write_share_into[i], 3);
      }
      if (bytes > 0) {
        const double v = bytes / kGB * p.block_gb_month;
        AddLine(cc, "block_storage", v, "block storage = GB × $/GB-month = " + N(bytes / kGB) + " × " +
                                            D(p.block_gb_month) + " = " + D(v) + " (" + how + ")");
      }
    }
    if (c.kind == ComponentKind::ObjectStorage) {
      double bytes = 0;
      std::string how;
      if (c.storage_bytes) {
        bytes = *c.storage_bytes;
        how = "declared storage";
      } else if (write_share_into[i] > 0) {
        bytes = e.Value("storage_total_bytes") * write_share_into[i];
        how = "estimate's data over retention " + FormatBytes(e.Value("storage_total_bytes")) + " × write share " +
              units::FormatPercent(write_share_into[i], 3);
      }
      const Tier first = ParseTier(c.tier).value_or(Tier::Standard);
      std::vector<std::pair<double, Tier>> rules;
      for (const auto& t : c.lifecycle) rules.emplace_back(t.after_s, ParseTier(t.tier).value_or(Tier::Archive));
      const auto shares = SteadyTierShares(first, rules, retention_s);
      for (int t = 0; t < kTierCount; ++t) {
        if (shares[t] <= 0 || bytes <= 0) continue;
        const double b = bytes * shares[t];
        const double v = b / kGB * p.tier_gb_month[t];
        AddLine(cc, "object_storage", v,
                std::string("object storage (") + std::string(TierName(static_cast<Tier>(t))) +
                    ") = GB × $/GB-month = " + N(b / kGB) + " × " + D(p.tier_gb_month[t]) + " = " + D(v) + " (" +
                    how + (rules.empty() ? "" : ", " + units::FormatPercent(shares[t], 3) + " of it by age") + ")");
      }
      // Requests: PUTs into the first tier; GETs by tier (90% to the first tier when data moves).
      const double puts = write_rate[i] * month;
      if (puts > 0) {
        const double v = puts / 1e6 * p.put_per_million[Ix(first)];
        AddLine(cc, "requests", v, "PUTs = millions per month × $/million = " + N(puts / 1e6) + " × " +
                                       D(p.put_per_million[Ix(first)]) + " = " + D(v));
      }
      const double gets = read_rate[i] * month;
      if (gets > 0) {
        std::array<double, kTierCount> read_share{0, 0, 0};
        if (rules.empty()) {
          read_share[Ix(first)] = 1;
        } else {
          const double rest = 1.0 - shares[Ix(first)];
          read_share[Ix(first)] = kFirstTierReadShare;
          for (int t = 0; t < kTierCount; ++t)
            if (t != static_cast<int>(Ix(first)))
              read_share[t] = rest > 0 ? (1.0 - kFirstTierReadShare) * shares[t] / rest : 0;
          if (rest <= 0) read_share[Ix(first)] = 1;
        }
        for (int t = 0; t < kTierCount; ++t) {
          if (read_share[t] <= 0) continue;
          const double g = gets * read_share[t];
          const double v = g / 1e6 * p.get_per_million[t];
          const std::string tn(TierName(static_cast<Tier>(t)));
          AddLine(cc, "requests", v, "GETs (" + tn + ") = millions per month × $/million = " + N(g / 1e6) + " × " +
                                         D(p.get_per_million[t]) + " = " + D(v));
          if (p.retrieval_gb[t] > 0) {
            const double gb = g * read_size / kGB;
            const double rv = gb * p.retrieval_gb[t];
            AddLine(cc, "retrieval", rv, "retrieval (" + tn + ") = GB read × $/GB = " + N(gb) + " × " +
                                             D(p.retrieval_gb[t]) + " = " + D(rv));
          }
        }
      }
    }
    if (cc.lines.empty()) continue;
    r.components.push_back(std::move(cc));
  }
  if (used_default_size)
    r.notes.push_back("components without vcpus/memory use the default size of their kind (see sdlab/cost.h)");

  // Egress: CDN hits at the CDN price, the rest to the internet at the egress price.
  const double egress_month = e.Value("egress_bytes_per_s") * month;
  if (egress_month > 0) {
    std::vector<double> cdn_bytes(n, 0.0);
    double internet = 0;
    const bool entry_reads = std::any_of(bp.flows.begin(), bp.flows.end(), [&](const Flow& f) {
      const Component* first = f.path.empty() ? nullptr : bp.FindComponent(f.path.front());
      return f.kind == FlowKind::Read && first && first->kind == ComponentKind::Client;
    });
    if (!entry_reads) {
      const std::size_t cdn = static_cast<std::size_t>(
          std::find_if(bp.components.begin(), bp.components.end(),
                       [](const Component& c) { return c.kind == ComponentKind::Cdn; }) -
          bp.components.begin());
      if (cdn < n) {
        const double h = HitOf(bp.components[cdn]);
        cdn_bytes[cdn] = egress_month * h;
        internet = egress_month * (1 - h);
      } else {
        internet = egress_month;
      }
    } else {
      double covered = 0;
      for (const Flow& f : bp.flows) {
        const Component* first = f.path.empty() ? nullptr : bp.FindComponent(f.path.front());
        if (f.kind != FlowKind::Read || !first || first->kind != ComponentKind::Client) continue;
        const double part = egress_month * f.share;
        covered += f.share;
        std::size_t cdn = n;
        for (const auto& step : f.path) {
          const std::size_t i = index_of(step);
          if (i < n && bp.components[i].kind == ComponentKind::Cdn) {
            cdn = i;
            break;
          }
        }
        if (cdn < n) {
          const double h = HitOf(bp.components[cdn]);
          cdn_bytes[cdn] += part * h;
          internet += part * (1 - h);
        } else {
          internet += part;
        }
      }
      if (covered < 1) internet += egress_month * (1 - covered);
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (cdn_bytes[i] <= 0) continue;
      const double v = cdn_bytes[i] / kGB * p.cdn_egress_gb;
      const std::string formula = "CDN egress = GB served from the edge × $/GB = " + N(cdn_bytes[i] / kGB) + " × " +
                                  D(p.cdn_egress_gb) + " = " + D(v) + " (hit ratio " +
                                  units::FormatPercent(HitOf(bp.components[i]), 3) + " of the reads through it)";
      auto it = std::find_if(r.components.begin(), r.components.end(),
                             [&](const ComponentCost& cc) { return cc.component == bp.components[i].id; });
      if (it == r.components.end()) {
        ComponentCost cc;
        cc.component = bp.components[i].id;
        cc.kind = "cdn";
        AddLine(cc, "egress", v, formula);
        // Keep blueprint order.
        auto pos = std::find_if(r.components.begin(), r.components.end(), [&](const ComponentCost& x) {
          return index_of(x.component) > i;
        });
        r.components.insert(pos, std::move(cc));
      } else {
        AddLine(*it, "egress", v, formula);
      }
    }
    if (internet > 0) {
      const double v = internet / kGB * p.egress_gb;
      r.design_lines.push_back(CostLine{"", "egress", v,
                                        "internet egress = GB per month × $/GB = " + N(internet / kGB) + " × " +
                                            D(p.egress_gb) + " = " + D(v) + " (reads × read size × month" +
                                            (internet < egress_month ? ", less what a CDN serves)" : ")")});
    }
  }
  r.formulas.push_back({"hours_per_month", "hours per month = month ÷ 3600 s = " + N(month) + " ÷ 3600 = " + N(hours)});
  r.formulas.push_back({"requests_per_month", "requests per month = (reads + writes) × month = (" +
                                                  units::FormatRate(reads) + " + " + units::FormatRate(writes) +
                                                  ") × " + N(month) + " s = " + FormatCount(r.requests_per_month)});
  Totals(r);
  r.notes.push_back("prices are illustrative list-price-like figures (USD, 2026), not a quote; override them in "
                    "the blueprint's `prices`");
  return r;
}

nlohmann::json ToJson(const CostResult& r) {
  nlohmann::json comps = nlohmann::json::array();
  auto lines = [](const std::vector<CostLine>& ls) {
    nlohmann::json a = nlohmann::json::array();
    for (const auto& l : ls)
      a.push_back({{"component", l.component}, {"item", l.item}, {"monthly", JsonNumber(l.monthly)}, {"formula", l.formula}});
    return a;
  };
  for (const auto& c : r.components)
    comps.push_back({{"component", c.component},
                     {"kind", c.kind},
                     {"compute", JsonNumber(c.compute)},
                     {"storage", JsonNumber(c.storage)},
                     {"requests", JsonNumber(c.requests)},
                     {"egress", JsonNumber(c.egress)},
                     {"total", JsonNumber(c.total)},
                     {"lines", lines(c.lines)}});
  nlohmann::json formulas = nlohmann::json::object();
  for (const auto& f : r.formulas) formulas[f.key] = f.text;
  return {{"currency", "USD"},
          {"total_monthly", JsonNumber(r.total_monthly)},
          {"compute", JsonNumber(r.compute)},
          {"storage", JsonNumber(r.storage)},
          {"requests", JsonNumber(r.requests)},
          {"egress", JsonNumber(r.egress)},
          {"requests_per_month", JsonNumber(r.requests_per_month)},
          {"cost_per_million_requests",
           r.cost_per_million_requests ? JsonNumber(*r.cost_per_million_requests) : nlohmann::json(nullptr)},
          {"budget_monthly", r.budget_monthly ? JsonNumber(*r.budget_monthly) : nlohmann::json(nullptr)},
          {"over_budget", r.over_budget},
          {"hours_per_month", JsonNumber(r.hours_per_month)},
          {"components", comps},
          {"design_lines", lines(r.design_lines)},
          {"formulas", formulas},
          {"prices", ToJson(r.prices)},
          {"notes", r.notes}};
}

}  // namespace sdlab::cost
