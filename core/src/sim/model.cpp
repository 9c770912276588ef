// BuildModel: blueprint + SimDef → stations, flows, hops, faults, rates and the run plan (budget).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <string>

#include "sdlab/cache.h"
#include "sdlab/estimate.h"
#include "sdlab/random.h"
#include "sdlab/units.h"
#include "sim/model.h"

namespace sdlab::sim {

namespace {

// Approximate sizes used for the memory bound (the engine's pooled records and queue slots).
constexpr double kRequestBytes = 48;
constexpr double kJobBytes = 40;
constexpr double kEventBytes = 24;
constexpr double kFifoSlotBytes = 4;
constexpr double kDeadlineEntryBytes = 16;
constexpr double kHistogramBytes = 8.0 * 1024;

constexpr double kDefaultCdnHit = 0.9;
constexpr double kDefaultDnsHit = 0.95;

std::string Num(double v) { return units::FormatNumber(v, 3); }
std::string Rate(double v) { return units::FormatRate(v, 3); }
std::string Dur(double v) { return units::FormatDuration(v, 3); }

double DefaultDelay(ComponentKind k) {
  switch (k) {
    case ComponentKind::Client: return 0;
    case ComponentKind::Dns: return 0.02;
    case ComponentKind::ObjectStorage:
    case ComponentKind::Dfs: return 0.02;
    case ComponentKind::Queue:
    case ComponentKind::Stream: return 0.002;
    default: return 0.001;
  }
}

bool IsStateful(ComponentKind k) {
  return k == ComponentKind::Database || k == ComponentKind::Cache || k == ComponentKind::Search ||
         k == ComponentKind::ObjectStorage || k == ComponentKind::Dfs;
}

const ServiceTimeDef& ServiceFor(const SimDef& def, const std::string& id) {
  for (const auto& [cid, sd] : def.service_overrides)
    if (cid == id) return sd;
  return def.service;
}

std::string ComponentList(const Blueprint& bp) {
  std::string s;
  for (std::size_t i = 0; i < bp.components.size() && i < 12; ++i) s += (i ? ", " : "") + bp.components[i].id;
  if (bp.components.size() > 12) s += ", ...";
  return s;
}

// Jobs one request of kind `k` causes at station `s` (fan-out and replication applies).
double WorkPerVisit(const StationModel& s, FlowKind k) {
  if (!s.is_db) return 1;
  switch (s.mode) {
    case ReplicationMode::LeaderFollower:
      return k == FlowKind::Write ? static_cast<double>(s.set_size) : 1.0;
    case ReplicationMode::MultiLeader:
      return k == FlowKind::Write ? static_cast<double>(s.set_size) : 1.0;
    case ReplicationMode::Leaderless:
      return k == FlowKind::Write ? static_cast<double>(s.set_size) : static_cast<double>(s.quorum_r);
    case ReplicationMode::None: return 1;
  }
  return 1;
}

}  // namespace

double RoundSig(double v, int significant) {
  if (!std::isfinite(v)) return 0.0;
  if (v == 0) return 0.0;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", significant, v);
  return std::strtod(buf, nullptr);
}

ServiceSampler ServiceSampler::Make(const ServiceTimeDef& def, double mean_s) {
  ServiceSampler s;
  s.shape = def.shape;
  s.mean = ServiceMean(def, mean_s);
  if (def.shape == ServiceShape::Lognormal) {
    const double sigma2 = DetLog(1.0 + def.cv * def.cv);
    s.ln_sigma = std::sqrt(sigma2);
    s.ln_mu = DetLog(mean_s) - sigma2 / 2.0;
  } else if (def.shape == ServiceShape::Percentiles) {
    s.q.push_back(0);
    s.x.push_back(0);
    for (const auto& [q, x] : def.percentiles) {
      s.q.push_back(q);
      s.x.push_back(x);
    }
    s.tail = PercentileTailScale(def.percentiles);
  }
  return s;
}

double ServiceSampler::DrawOther(Rng& rng) const {
  switch (shape) {
    case ServiceShape::Exponential: break;  // inline in Draw
    case ServiceShape::Constant: return mean;
    case ServiceShape::Lognormal: return DetExp(ln_mu + ln_sigma * rng.Normal());
    case ServiceShape::Percentiles: {
      const double u = rng.Uniform01();
      const std::size_t k = q.size() - 1;
      if (u >= q[k]) return x[k] + tail * -DetLog((1.0 - u) / (1.0 - q[k]));
      std::size_t i = 1;
      while (i < k && u >= q[i]) ++i;
      return x[i - 1] + (x[i] - x[i - 1]) * (u - q[i - 1]) / (q[i] - q[i - 1]);
    }
  }
  return mean;
}

Expected<FaultModel, SimError> ResolveFault(const Model& m, const FaultDef& f) {
  auto err = [&f](const std::string& why) { return Unexpected{SimError{"fail", "'" + f.text + "': " + why}}; };
  FaultModel fm;
  fm.kind = f.kind;
  fm.at_s = f.at_s;
  fm.ends = f.for_s.has_value();
  fm.end_s = f.for_s ? f.at_s + *f.for_s : std::numeric_limits<double>::max();
  fm.latency_s = f.latency_s;
  fm.slow_factor = f.slow_factor;
  fm.rate_factor = f.rate_factor;
  fm.text = f.text;
  if (f.kind == FaultKind::Spike) {
    if (!(f.rate_factor > 0)) return err("a spike's rate factor must be above 0");
    return fm;
  }
  if (f.kind == FaultKind::Partition) {
    fm.side.assign(m.zones.size(), 0);
    int a = 0, b = 0;
    for (std::size_t z = 0; z < m.zones.size(); ++z) {
      const bool in_a = m.zones[z].id == f.side_a || (!m.zones[z].region.empty() && m.zones[z].region == f.side_a);
      const bool in_b = m.zones[z].id == f.side_b || (!m.zones[z].region.empty() && m.zones[z].region == f.side_b);
      if (in_a && in_b) return err("zone '" + m.zones[z].id + "' is on both sides");
      if (in_a) {
        fm.side[z] = 1;
        ++a;
      }
      if (in_b) {
        fm.side[z] = 2;
        ++b;
      }
    }
    if (a == 0) return err("no zone or region named '" + f.side_a + "'");
    if (b == 0) return err("no zone or region named '" + f.side_b + "'");
    return fm;
  }
  int ci = -1;
  for (std::size_t i = 0; i < m.stations.size() && ci < 0; ++i)
    if (m.stations[i].id == f.component) ci = static_cast<int>(i);
  if (ci < 0) {
    std::string list;  // the first 12 components, as ComponentList names them
    for (std::size_t i = 0; i < m.stations.size() && i < 12; ++i) list += (i ? ", " : "") + m.stations[i].id;
    if (m.stations.size() > 12) list += ", ...";
    return err("unknown component '" + f.component + "' (components: " + list + ")");
  }
  const StationModel& s = m.stations[static_cast<std::size_t>(ci)];
  if (f.replica >= s.slots)
    return err("'" + s.id + "' has " + std::to_string(s.slots) + " replica(s), numbered 0.." + std::to_string(s.slots - 1));
  if (s.role == Role::Pass) return err("'" + s.id + "' is a client; clients do not fail here");
  fm.station = ci;
  fm.replica = f.replica;
  return fm;
}

Expected<Model, SimError> BuildModel(const Blueprint& bp, const SimDef& def) {
  Model m;
  m.name = bp.name;
  m.def = def;
  auto err = [](std::string field, std::string message) {
    return Unexpected{SimError{std::move(field), std::move(message)}};
  };

  // [SECTION] Inputs -------------------------------------------------------------------------------
  if (bp.flows.empty())
    return err("blueprint", "the blueprint has no flows: the simulator follows request paths (add \"flows\")");
  if (def.duration_s && !(*def.duration_s > 0 && *def.duration_s <= 1e7))
    return err("duration", "must be above 0 and at most 10^7 s");
  if (def.rate_rps && !(*def.rate_rps > 0 && *def.rate_rps <= 1e9)) return err("rate", "must be above 0 and at most 10^9/s");
  if (!(def.timeout_s > 0 && def.timeout_s <= 3600)) return err("timeout", "must be above 0 and at most 1 h");
  if (def.retry.max_retries < 0 || def.retry.max_retries > 10) return err("retries", "must be between 0 and 10");
  if (!(def.retry.backoff_base_s >= 0) || !(def.retry.backoff_multiplier >= 1) || !(def.retry.backoff_max_s >= 0))
    return err("backoff", "base and max must be ≥ 0 and the multiplier ≥ 1");
  if (def.queue_limit < 1 || def.queue_limit > 10'000'000) return err("queue_limit", "must be between 1 and 10^7");
  if (!(def.sample_interval_s >= 0.01 && def.sample_interval_s <= 3600))
    return err("sample_interval", "must be between 10 ms and 1 h");
  if (!(def.warmup_s >= 0)) return err("warmup", "must be ≥ 0");
  if (def.arrivals == ArrivalProcess::Bursty &&
      !(def.burst_factor > 1 && def.burst_fraction > 0 && def.burst_fraction * def.burst_factor < 1 &&
        def.burst_length_s > 0))
    return err("burst", "needs factor > 1, fraction > 0, factor × fraction < 1 and a length > 0");
  if (def.profile == LoadProfile::Spike && !(def.spike_multiplier > 0 && def.spike_multiplier <= 1000))
    return err("spike_multiplier", "must be above 0 and at most 1000");
  if (def.profile == LoadProfile::Stress && !(def.stress_from > 0 && def.stress_to > 0 && def.stress_to <= 100))
    return err("stress", "from and to must be above 0 (to at most 100)");
  if (def.breaker.enabled && !(def.breaker.failure_threshold > 0 && def.breaker.failure_threshold <= 1 &&
                               def.breaker.window_s > 0 && def.breaker.open_s > 0 && def.breaker.min_calls >= 1))
    return err("breaker", "threshold in (0, 1], window and open time above 0, min calls ≥ 1");
  if (!(def.autoscale.interval_s > 0 && def.autoscale.cooldown_s >= 0 && def.autoscale.provisioning_s >= 0))
    return err("autoscale", "interval above 0, cooldown and provisioning ≥ 0");
  if (!(def.health.interval_s > 0) || def.health.unhealthy_threshold < 1 || def.health.healthy_threshold < 1)
    return err("health", "interval above 0, thresholds ≥ 1");
  for (const auto& [id, sd] : def.service_overrides) {
    if (!bp.FindComponent(id)) return err("service", "unknown component '" + id + "' (components: " + ComponentList(bp) + ")");
    (void)sd;
  }
  if (def.service.shape == ServiceShape::Percentiles)
    return err("service", "measured percentiles are absolute times: give them per component (ID=p50=...,p99=...)");

  const units::Calendar cal = units::CalendarFor(bp.requirements.month);
  m.month_s = cal.month_s;
  m.growth_per_month = bp.requirements.growth_per_month;
  m.target_utilization = def.autoscale.target_utilization > 0 ? def.autoscale.target_utilization
                                                              : bp.requirements.target_utilization;
  if (!(m.target_utilization > 0 && m.target_utilization <= 1)) m.target_utilization = 0.7;

  // [SECTION] Zones and stations -----------------------------------------------------------------
  for (const auto& z : bp.zones) m.zones.push_back({z.id, z.region});
  auto zone_index = [&](const std::string& id) -> int {
    for (std::size_t i = 0; i < m.zones.size(); ++i)
      if (m.zones[i].id == id) return static_cast<int>(i);
    return -1;
  };
  std::vector<std::string> delays;
  for (const Component& c : bp.components) {
    StationModel s;
    s.id = c.id;
    s.kind = c.kind;
    s.zone = zone_index(c.zone);
    s.health_checks = c.health_checks;
    s.stateful = IsStateful(c.kind);
    s.replicas = std::max(1, c.replicas);
    const ServiceTimeDef& sd = ServiceFor(def, c.id);
    if (c.kind == ComponentKind::Client) {
      s.role = Role::Pass;
      s.mean_service_s = 0;
    } else if (c.capacity_rps && *c.capacity_rps > 0) {
      s.role = Role::Queue;
      if (c.latency_s && *c.latency_s > 0) {
        s.mean_service_s = *c.latency_s;
        s.servers = std::max(1, static_cast<int>(std::ceil(*c.capacity_rps * *c.latency_s - 1e-9)));
      } else {
        s.mean_service_s = 1.0 / *c.capacity_rps;
        s.servers = 1;
      }
      if (s.servers > 100000) return err("blueprint", "component '" + c.id + "': capacity × latency gives over 100000 servers per replica");
      m.plan.formulas.emplace_back(
          "servers." + c.id,
          c.latency_s ? "servers per replica = ⌈capacity × latency⌉ = ⌈" + Rate(*c.capacity_rps) + " × " +
                            Dur(*c.latency_s) + "⌉ = " + std::to_string(s.servers)
                      : "servers per replica = 1 (no latency given), service time = 1 ÷ capacity = 1 ÷ " +
                            Rate(*c.capacity_rps) + " = " + Dur(s.mean_service_s));
    } else {
      s.role = Role::Delay;
      s.mean_service_s = c.latency_s ? *c.latency_s : DefaultDelay(c.kind);
      delays.push_back(c.id);
    }
    s.sampler = ServiceSampler::Make(sd, s.mean_service_s);
    if (c.kind == ComponentKind::Cdn) {
      s.hit_ratio = c.hit_ratio.value_or(kDefaultCdnHit);
      s.short_circuit = true;
    } else if (c.kind == ComponentKind::Cache) {
      if (c.hit_ratio) {
        s.hit_ratio = *c.hit_ratio;
      } else {
        const cache::CacheAssessment a = cache::AssessCache(c, bp.requirements);
        s.hit_ratio = std::clamp(a.hit_ratio, 0.0, 1.0);
        m.plan.notes.push_back("cache '" + c.id + "': hit ratio " + units::FormatPercent(s.hit_ratio, 3) +
                               " from " + (a.model.empty() ? std::string("the cache model") : a.model) +
                               " (none declared)");
      }
      s.short_circuit = true;
    } else if (c.kind == ComponentKind::Dns) {
      s.hit_ratio = c.hit_ratio.value_or(kDefaultDnsHit);
      s.is_dns = true;
    }
    // Autoscaling (queueing components only).
    s.min_replicas = s.max_replicas = s.replicas;
    if (c.autoscale && s.role == Role::Queue && c.kind != ComponentKind::Database) {
      s.autoscale = true;
      s.min_replicas = std::max(1, c.min_replicas > 0 ? c.min_replicas : s.replicas);
      s.max_replicas = std::max(s.min_replicas, c.max_replicas > 0 ? c.max_replicas : s.replicas);
      s.replicas = std::clamp(s.replicas, s.min_replicas, s.max_replicas);
    } else if (c.autoscale) {
      m.plan.notes.push_back("'" + c.id + "': autoscale ignored (only components with a capacity, not databases, scale)");
    }
    if (s.max_replicas > 100000) return err("blueprint", "component '" + c.id + "': over 100000 replicas");
    s.slots = s.max_replicas;
    // Databases: shards, replica sets, quorum.
    if (c.kind == ComponentKind::Database && s.role != Role::Pass) {
      s.is_db = true;
      const ReplicationSpec& rp = c.replication;
      const int R = s.replicas;
      s.shards = c.sharding.scheme != ShardScheme::None ? std::max(1, c.sharding.shards) : 1;
      s.mode = rp.mode;
      s.sync = rp.sync;
      s.read_replicas = rp.read_from_replicas;
      s.failover_s = rp.failover_s.value_or(30.0);
      s.lag_s = rp.lag_s.value_or(0.0);
      s.member_net_s = def.network.same_zone_s;
      switch (rp.mode) {
        case ReplicationMode::LeaderFollower:
          s.set_size = std::min(R, rp.followers > 0 ? 1 + rp.followers : std::max(1, R / s.shards));
          s.stride = s.set_size;
          break;
        case ReplicationMode::Leaderless: {
          const int n = rp.n > 0 ? rp.n : std::min(3, R);
          s.set_size = std::min(n, R);
          s.stride = std::max(1, R / s.shards);
          s.quorum_n = s.set_size;
          s.quorum_w = std::clamp(rp.w > 0 ? rp.w : s.set_size / 2 + 1, 1, s.set_size);
          s.quorum_r = std::clamp(rp.r > 0 ? rp.r : s.set_size / 2 + 1, 1, s.set_size);
          if (rp.n > R) m.plan.notes.push_back("'" + c.id + "': n = " + std::to_string(rp.n) + " exceeds its " +
                                               std::to_string(R) + " replicas; n = " + std::to_string(R) + " used");
          break;
        }
        case ReplicationMode::MultiLeader:
        case ReplicationMode::None:
          s.set_size = std::max(1, R / s.shards);
          s.stride = s.set_size;
          break;
      }
      if (s.shards * s.set_size > R && s.mode != ReplicationMode::Leaderless)
        m.plan.notes.push_back("'" + c.id + "': " + std::to_string(s.shards) + " shards × " +
                               std::to_string(s.set_size) + " copies exceed its " + std::to_string(R) +
                               " replicas: nodes hold several shards");
      if (s.shards > 100000) return err("blueprint", "component '" + c.id + "': over 100000 shards");
    }
    m.stations.push_back(std::move(s));
  }
  if (!delays.empty()) {
    std::string list;
    for (std::size_t i = 0; i < delays.size(); ++i) list += (i ? ", " : "") + delays[i];
    m.plan.notes.push_back("no capacity given, modelled as pure delays (no queueing): " + list);
  }

  // [SECTION] Rates ---------------------------------------------------------------------------------
  double peak_reads = 0, peak_writes = 0;
  auto est = EstimateBlueprint(bp);
  if (est) {
    peak_reads = est->Value("peak_read_rps");
    peak_writes = est->Value("peak_write_rps");
  }
  if (!(peak_reads + peak_writes > 0)) {
    if (!def.rate_rps)
      return err("rate", "the blueprint's requirements give no traffic" +
                             (est ? std::string() : " (" + est.error().message + ")") + ": give a rate");
    bool any_read = false, any_write = false;
    for (const Flow& f : bp.flows) (f.kind == FlowKind::Read ? any_read : any_write) = true;
    peak_reads = any_read ? 1 : 0;
    peak_writes = any_write ? 1 : 0;
    m.plan.notes.push_back("no traffic in the requirements: the rate is split evenly between reads and writes");
  }
  const double natural = peak_reads + peak_writes;
  const double scale = def.rate_rps ? *def.rate_rps / natural : 1.0;
  m.plan.base_rate_rps = natural * scale;
  if (def.rate_rps)
    m.plan.formulas.emplace_back("base_rate_rps", "entry rate = " + Rate(*def.rate_rps) + " (given), split like peak reads : peak writes = " +
                                                      Rate(peak_reads) + " : " + Rate(peak_writes));
  else
    m.plan.formulas.emplace_back("base_rate_rps", "entry rate = peak reads + peak writes = " + Rate(peak_reads) + " + " +
                                                      Rate(peak_writes) + " = " + Rate(natural));

  // [SECTION] Flows and hops ------------------------------------------------------------------------
  auto comp_index = [&](const std::string& id) -> int {
    for (std::size_t i = 0; i < bp.components.size(); ++i)
      if (bp.components[i].id == id) return static_cast<int>(i);
    return -1;
  };
  auto find_link = [&](const std::string& a, const std::string& b) -> const Link* {
    for (const auto& l : bp.links)
      if ((l.from == a && l.to == b) || (l.from == b && l.to == a)) return &l;
    return nullptr;
  };
  const NetworkDef& net = def.network;
  int unlinked = 0;
  for (const Flow& f : bp.flows) {
    FlowModel fm;
    fm.id = f.id;
    fm.kind = f.kind;
    fm.async = f.async;
    fm.base_rate = (f.kind == FlowKind::Read ? peak_reads : peak_writes) * f.share * scale;
    for (std::size_t h = 0; h < f.path.size(); ++h) {
      const int ci = comp_index(f.path[h]);
      if (ci < 0) return err("blueprint", "flow '" + f.id + "' names unknown component '" + f.path[h] + "'");
      HopModel hop;
      hop.station = static_cast<std::uint32_t>(ci);
      const StationModel& station = m.stations[static_cast<std::size_t>(ci)];
      hop.zone_to = station.zone;
      hop.kind = station.role == Role::Pass ? HopKind::Pass
                 : station.is_db              ? HopKind::Db
                 : station.role == Role::Queue ? HopKind::Queue
                                               : HopKind::Delay;
      hop.arrival_event = station.role == Role::Queue || station.is_db || def.breaker.enabled;
      if (h > 0) {
        const int pi = comp_index(f.path[h - 1]);
        const Component& a = bp.components[static_cast<std::size_t>(pi)];
        const Component& b = bp.components[static_cast<std::size_t>(ci)];
        hop.zone_from = m.stations[static_cast<std::size_t>(pi)].zone;
        const Link* link = find_link(a.id, b.id);
        if (!link) ++unlinked;
        if (link && link->latency_s) {
          hop.net_s = *link->latency_s;
        } else if (a.kind == ComponentKind::Client || b.kind == ComponentKind::Client) {
          hop.net_s = net.client_s;
        } else if (hop.zone_from < 0 || hop.zone_to < 0 || hop.zone_from == hop.zone_to) {
          hop.net_s = net.same_zone_s;
        } else if (m.zones[static_cast<std::size_t>(hop.zone_from)].region ==
                   m.zones[static_cast<std::size_t>(hop.zone_to)].region) {
          hop.net_s = net.cross_zone_s;
        } else {
          hop.net_s = net.cross_region_s;
        }
        // A new connection pays its handshakes (sdlab/network.h): TLS 1.2 two round trips, TLS 1.3 one;
        // over HTTP/3 QUIC sets up transport and TLS 1.3 in one. Unless the link states connection_reuse,
        // new_connection_fraction of requests pay the TLS handshake (the TCP one is taken as pooled).
        // connection_reuse: false makes every request pay it, plus TCP's round trip (none over QUIC);
        // connection_reuse: true makes none pay.
        if (link) {
          const bool quic = link->http_version == "3";
          const bool no_reuse = link->connection_reuse.has_value() && !*link->connection_reuse;
          int rtts = 0;
          if (link->tls != TlsMode::None) {
            rtts = link->tls == TlsMode::Tls12 && !quic ? 2 : 1;
            hop.tls_crypto_s = link->tls == TlsMode::Mtls ? net.mtls_crypto_s : net.tls_crypto_s;
          }
          if (no_reuse && !quic) rtts += 1;
          hop.tls_rtts = static_cast<std::uint8_t>(rtts);
          hop.new_conn_p = link->connection_reuse.has_value() ? (no_reuse ? 1.0 : 0.0) : net.new_connection_fraction;
        }
        if (a.kind == ComponentKind::LoadBalancer) hop.strategy = a.strategy;
      }
      if (f.async && fm.async_hop < 0 &&
          (bp.components[static_cast<std::size_t>(ci)].kind == ComponentKind::Queue ||
           bp.components[static_cast<std::size_t>(ci)].kind == ComponentKind::Stream))
        fm.async_hop = static_cast<int>(h);
      fm.hops.push_back(hop);
    }
    if (fm.hops.empty()) return err("blueprint", "flow '" + f.id + "' has an empty path");
    fm.hops.back().last = true;
    if (fm.async_hop >= 0) fm.hops[static_cast<std::size_t>(fm.async_hop)].answers_client = true;
    if (f.async && fm.async_hop < 0)
      m.plan.notes.push_back("flow '" + f.id + "' is async but has no queue or stream: the client waits for the whole path");
    m.plan.formulas.emplace_back("flow." + f.id, "rate = " + units::FormatPercent(f.share, 3) + " × peak " +
                                                     (f.kind == FlowKind::Read ? "reads" : "writes") +
                                                     (scale != 1.0 ? " × " + Num(scale) : std::string()) + " = " +
                                                     Rate(fm.base_rate));
    m.flows.push_back(std::move(fm));
  }
  if (unlinked > 0)
    m.plan.notes.push_back(std::to_string(unlinked) + " hop(s) of the flows have no link: latency taken from the zones");

  // [SECTION] Analytic load, saturation, events per request ----------------------------------------
  double total_rate = 0;
  for (auto& fm : m.flows) {
    total_rate += fm.base_rate;
    double p = 1;
    double ev = 1;  // the arrival
    double prev_delay = 0;
    for (std::size_t h = 0; h < fm.hops.size(); ++h) {
      StationModel& s = m.stations[fm.hops[h].station];
      const double work = WorkPerVisit(s, fm.kind);
      if (s.role == Role::Queue) s.load_jobs += fm.base_rate * p * work;
      if (h > 0 && fm.hops[h].arrival_event && fm.hops[h].net_s + prev_delay > 0) ev += p;  // a hop arrival
      if (s.role == Role::Queue) {
        ev += p * work;  // service completions
        if (s.is_db && fm.kind == FlowKind::Write && s.mode != ReplicationMode::Leaderless)
          ev += p * (work - 1);  // replication applies also arrive by event
      }
      prev_delay = s.role == Role::Delay ? s.mean_service_s : 0;
      if (fm.kind == FlowKind::Read && s.short_circuit) p *= 1.0 - s.hit_ratio;
    }
    fm.events_per_request = ev;
  }
  double saturation = 0;
  std::string bottleneck;
  for (auto& s : m.stations) {
    if (s.role != Role::Queue) continue;
    s.capacity_jobs = static_cast<double>(s.replicas) * s.servers / std::max(1e-12, s.sampler.mean);
    if (s.load_jobs <= 0) continue;
    const double sat = s.capacity_jobs / s.load_jobs * m.plan.base_rate_rps;
    if (bottleneck.empty() || sat < saturation) {
      saturation = sat;
      bottleneck = s.id;
    }
  }
  for (const auto& s : m.stations)
    if (s.role == Role::Queue && s.load_jobs > s.capacity_jobs)
      m.plan.notes.push_back("'" + s.id + "' is over capacity at the base rate: " + Rate(s.load_jobs) + " of work for " +
                             Rate(s.capacity_jobs) + " of capacity, so its queue grows for as long as that lasts");
  m.plan.saturation_rps = saturation;
  m.plan.bottleneck = bottleneck;
  if (!bottleneck.empty()) {
    const StationModel* b = nullptr;
    for (const auto& s : m.stations)
      if (s.id == bottleneck) b = &s;
    m.plan.formulas.emplace_back(
        "saturation_rps", "saturation = entry rate × capacity ÷ load at the bottleneck (" + bottleneck + ") = " +
                              Rate(m.plan.base_rate_rps) + " × " + Rate(b->capacity_jobs) + " ÷ " +
                              Rate(b->load_jobs) + " = " + Rate(saturation));
  }

  // [SECTION] Profile and duration -------------------------------------------------------------------
  const double base = m.plan.base_rate_rps;
  if (def.profile == LoadProfile::Stress) {
    if (saturation > 0) {
      m.stress_from = def.stress_from * saturation / base;
      m.stress_to = def.stress_to * saturation / base;
    } else {
      m.stress_from = 0.5;
      m.stress_to = 3;
      m.plan.notes.push_back("stress: no component has a capacity, so the rate ramps from 0.5× to 3× the base rate");
    }
  }
  auto mean_multiplier = [&](double duration) {
    switch (def.profile) {
      case LoadProfile::Load:
      case LoadProfile::Endurance: return 1.0;
      case LoadProfile::Stress: return (m.stress_from + m.stress_to) / 2.0;
      case LoadProfile::Spike: {
        const double start = def.spike_start_s.value_or(duration / 3.0);
        const double len = std::clamp(def.spike_duration_s.value_or(duration / 6.0), 0.0, std::max(0.0, duration - start));
        return (duration - len + len * def.spike_multiplier) / duration;
      }
    }
    return 1.0;
  };
  // Declared traffic spikes (FaultKind::Spike) add (factor − 1) × their length of base-rate traffic
  // (an estimate for the budget: the profile's own multiplier is not compounded). None: unchanged.
  bool has_spikes = false;
  for (const FaultDef& f : def.faults) has_spikes = has_spikes || f.kind == FaultKind::Spike;
  auto rate_multiplier = [&](double duration) {
    if (!has_spikes) return mean_multiplier(duration);
    double extra_s = 0;
    for (const FaultDef& f : def.faults) {
      if (f.kind != FaultKind::Spike) continue;
      const double from = std::clamp(f.at_s, 0.0, duration);
      const double to = f.for_s ? std::clamp(f.at_s + *f.for_s, from, duration) : duration;
      extra_s += (f.rate_factor - 1.0) * (to - from);
    }
    return std::max(0.0, mean_multiplier(duration) + extra_s / duration);
  };
  double events_per_request = 0;
  for (const auto& fm : m.flows) events_per_request += total_rate > 0 ? fm.events_per_request * fm.base_rate / total_rate : 0;
  events_per_request *= 1.1;  // retries, timeouts, bookkeeping
  double duration = def.duration_s.value_or(def.profile == LoadProfile::Endurance ? 600.0 : 60.0);
  const double budget_requests = def.budget.max_requests;
  auto requests_for = [&](double d) { return total_rate * rate_multiplier(d) * d; };
  if (!def.duration_s) {
    double fit = duration;
    const double per_s = total_rate * rate_multiplier(duration);
    // Cut to whole tenths of a second.
    if (per_s * duration > budget_requests) fit = std::floor(budget_requests / per_s * 10.0) / 10.0;
    if (per_s * events_per_request * fit > def.budget.max_events)
      fit = std::min(fit, std::floor(def.budget.max_events / (per_s * events_per_request) * 10.0) / 10.0);
    if (fit < 0.1)
      return err("max_requests", "a tenth of a second at " + Rate(per_s) + " already exceeds the budget of " +
                                     units::FormatCount(budget_requests) + " requests / " +
                                     units::FormatCount(def.budget.max_events) + " events");
    if (fit < duration) {
      m.plan.duration_shortened = true;
      m.plan.notes.push_back("duration shortened from " + Dur(duration) + " to " + Dur(fit) + " to stay within the budget of " +
                             units::FormatCount(budget_requests) + " requests (raise the budget or give a duration)");
      duration = fit;
    }
  }
  m.duration_s = duration;
  m.plan.duration_s = duration;
  m.plan.mean_rate_rps = total_rate * rate_multiplier(duration);
  m.plan.expected_requests = requests_for(duration);
  m.plan.expected_events = m.plan.expected_requests * events_per_request;
  m.plan.formulas.emplace_back("expected_requests", "requests = mean rate × duration = " + Rate(m.plan.mean_rate_rps) +
                                                        " × " + Dur(duration) + " = " +
                                                        units::FormatCount(m.plan.expected_requests));
  if (m.plan.expected_requests > budget_requests)
    return err("max_requests", "~" + units::FormatCount(m.plan.expected_requests) + " requests (" + Dur(duration) + " at " +
                                   Rate(m.plan.mean_rate_rps) + ") exceed the request budget of " +
                                   units::FormatCount(budget_requests));
  if (m.plan.expected_events > def.budget.max_events)
    return err("max_events", "~" + units::FormatCount(m.plan.expected_events) + " events exceed the event budget of " +
                                 units::FormatCount(def.budget.max_events));
  if (def.warmup_s >= duration) return err("warmup", "must be shorter than the duration (" + Dur(duration) + ")");
  if (def.profile == LoadProfile::Spike) {
    m.spike_start_s = def.spike_start_s.value_or(duration / 3.0);
    m.spike_end_s = m.spike_start_s + def.spike_duration_s.value_or(duration / 6.0);
    if (!(m.spike_start_s >= 0) || !(m.spike_end_s > m.spike_start_s)) return err("spike", "start ≥ 0 and a length above 0");
  }

  // [SECTION] Faults --------------------------------------------------------------------------------
  for (const FaultDef& f : def.faults) {
    auto fm = ResolveFault(m, f);
    if (!fm) return Unexpected{fm.error()};
    if (f.at_s >= duration) m.plan.notes.push_back("failure '" + f.text + "' starts after the run ends");
    m.faults.push_back(std::move(*fm));
  }

  // [SECTION] Memory bound ---------------------------------------------------------------------------
  double peak = 1;
  switch (def.profile) {
    case LoadProfile::Load:
    case LoadProfile::Endurance: peak = 1; break;
    case LoadProfile::Spike: peak = std::max(1.0, def.spike_multiplier); break;
    case LoadProfile::Stress: peak = std::max(m.stress_from, m.stress_to); break;
  }
  if (def.arrivals == ArrivalProcess::Bursty) peak *= def.burst_factor;
  m.peak_multiplier = peak;
  int max_fanout = 1;
  double queue_slots = 0;
  for (const auto& s : m.stations) {
    if (s.is_db) max_fanout = std::max(max_fanout, s.set_size);
    if (s.role == Role::Queue) queue_slots += static_cast<double>(s.slots) * (def.queue_limit + s.servers);
  }
  m.max_fanout = max_fanout;
  double async_rate = 0;
  for (const auto& fm : m.flows)
    if (fm.async_hop >= 0) async_rate += fm.base_rate;
  const double retries = def.retry.max_retries;
  const double lifetime = (1 + retries) * def.timeout_s + retries * def.retry.backoff_max_s + 1.0;
  const double natural_requests = total_rate * peak * lifetime + async_rate * peak * std::min(def.background_timeout_s, duration) + 1024;
  const double per_request = kRequestBytes + 2 * kDeadlineEntryBytes + kEventBytes + max_fanout * (kJobBytes + kEventBytes);
  const double samples = std::ceil(duration / def.sample_interval_s) + 1;
  const double timeline_bytes = samples * (12 + 7.0 * static_cast<double>(m.stations.size()) + 2.0 * static_cast<double>(m.flows.size())) * 8;
  const double fixed = queue_slots * (kJobBytes + kFifoSlotBytes) + timeline_bytes +
                       (2.0 * static_cast<double>(m.stations.size()) + 3.0 * static_cast<double>(m.flows.size()) + 4) * kHistogramBytes;
  const double budget_memory = def.budget.max_memory_bytes;
  if (!(budget_memory >= 1e6 && budget_memory <= 4e9)) return err("max_memory", "must be between 1 MB and 4 GB");
  if (fixed + 1000 * per_request > budget_memory)
    return err("max_memory", "bounded queues (" + units::FormatCount(queue_slots) + " places at the queue limit of " +
                                 std::to_string(def.queue_limit) + " per replica) and the timeline need " +
                                 units::FormatBytes(fixed) + ", over the memory budget of " + units::FormatBytes(budget_memory));
  const double cap = std::min(natural_requests, (budget_memory - fixed) / per_request);
  // Request ids ride in 27 bits of an event (event_queue.h); the memory bound keeps jobs below too.
  m.request_cap = static_cast<std::uint64_t>(std::clamp(std::floor(cap), 1000.0, 67108864.0));
  m.plan.memory_bound_bytes = fixed + static_cast<double>(m.request_cap) * per_request;
  if (cap < natural_requests)
    m.plan.notes.push_back("memory guard: at most " + units::FormatCount(static_cast<double>(m.request_cap)) +
                           " requests in flight (new arrivals beyond are refused and counted)");
  return m;
}

Expected<RunPlan, SimError> PlanRun(const Blueprint& bp, const SimDef& def) {
  auto m = BuildModel(bp, def);
  if (!m) return Unexpected{m.error()};
  return m->plan;
}

}  // namespace sdlab::sim
