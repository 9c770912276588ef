// Leader-follower and multi-leader replication, CAP/PACELC classification, the blueprint
// assessment and JSON. See sdlab/replication.h.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/random.h"
#include "sdlab/replication.h"

namespace sdlab::replication {

using sample_stats::Fmt;
using sample_stats::JsonNumber;

namespace {

Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}
bool NonNegative(double v) { return std::isfinite(v) && v >= 0; }

constexpr double kLn2 = 0.69314718055994530942;
constexpr double kLn100 = 4.60517018598809136804;

std::string Normalize(std::string_view s) {
  std::string out;
  for (char ch : s) {
    if (ch == '-' || ch == ' ') ch = '_';
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
    out.push_back(ch);
  }
  return out;
}

}  // namespace

std::optional<ReplicationMode> ParseReplicationMode(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "none") return ReplicationMode::None;
  if (n == "leader_follower" || n == "primary_replica" || n == "master_slave" || n == "single_leader")
    return ReplicationMode::LeaderFollower;
  if (n == "multi_leader" || n == "multi_master" || n == "active_active") return ReplicationMode::MultiLeader;
  if (n == "leaderless" || n == "quorum" || n == "dynamo") return ReplicationMode::Leaderless;
  return std::nullopt;
}

std::optional<ReplicationSync> ParseReplicationSync(std::string_view s) {
  const std::string n = Normalize(s);
  if (n == "sync" || n == "synchronous") return ReplicationSync::Sync;
  if (n == "semi_sync" || n == "semisync" || n == "semi_synchronous") return ReplicationSync::SemiSync;
  if (n == "async" || n == "asynchronous") return ReplicationSync::Async;
  return std::nullopt;
}

std::string_view ReplicationModeKey(ReplicationMode m) {
  switch (m) {
    case ReplicationMode::None: return "none";
    case ReplicationMode::LeaderFollower: return "leader_follower";
    case ReplicationMode::MultiLeader: return "multi_leader";
    case ReplicationMode::Leaderless: return "leaderless";
  }
  return "none";
}

std::string_view ReplicationSyncKey(ReplicationSync s) {
  switch (s) {
    case ReplicationSync::Sync: return "sync";
    case ReplicationSync::SemiSync: return "semi_sync";
    case ReplicationSync::Async: return "async";
  }
  return "async";
}

// [SECTION] Leader-follower ---------------------------------------------------------------------------

double LeaderFollowerResult::ProbabilityConsistent(double t_s) const {
  // Zero-lag nodes always answer with the write; an async follower has it once its lag ≤ t.
  if (async_read_share <= 0 || lag_mean_s <= 0) return 1;
  return 1 - async_read_share * DetExp(-t_s / lag_mean_s);
}

double LeaderFollowerResult::TVisibility(double p) const {
  // async_share · e^{−t/D} = 1 − p  →  t = D · ln(async_share/(1 − p)).
  if (async_read_share <= 0 || lag_mean_s <= 0 || async_read_share <= 1 - p) return 0;
  if (p >= 1) return lag_mean_s * 50;  // never exactly 1: report e^{-50} territory
  return lag_mean_s * DetLog(async_read_share / (1 - p));
}

Expected<LeaderFollowerResult, InputError> AnalyzeLeaderFollower(const LeaderFollowerDef& d) {
  if (d.followers < 0 || d.followers > 1000) return Fail("followers", "must be between 0 and 1000");
  if (d.sync != ReplicationSync::Async && d.followers == 0)
    return Fail("followers", "sync and semi-sync replication need at least one follower");
  for (double v : {d.mean_lag_s, d.write_rate_per_s, d.replica_rtt_s, d.read_after_write_s, d.read_gap_s,
                   d.heartbeat_interval_s, d.election_s, d.redirect_s})
    if (!NonNegative(v) || v > 1e9) return Fail("time", "times and rates must be finite and ≥ 0");
  if (!std::isfinite(d.node_availability) || d.node_availability < 0 || d.node_availability > 1)
    return Fail("node_availability", "must be a fraction in [0, 1]");
  if (d.missed_heartbeats < 1 || d.missed_heartbeats > 1000) return Fail("missed_heartbeats", "must be 1..1000");
  if (!std::isfinite(d.apply_speedup) || d.apply_speedup < 1) return Fail("apply_speedup", "must be ≥ 1");
  if (d.failover_s && (!NonNegative(*d.failover_s) || *d.failover_s > 1e9)) return Fail("failover_s", "must be ≥ 0");

  LeaderFollowerResult r;
  const double p = d.node_availability;
  const int f = d.followers;
  const double lag = d.sync == ReplicationSync::Sync ? 0.0 : d.mean_lag_s;  // async followers' lag
  // Nodes whose data is current when a write is acknowledged: the leader, plus the sync followers.
  const int zero_lag = d.sync == ReplicationSync::Sync ? f + 1 : (d.sync == ReplicationSync::SemiSync ? 2 : 1);
  const int async_nodes = f + 1 - zero_lag;

  r.lag_mean_s = d.sync == ReplicationSync::Sync ? 0 : d.mean_lag_s;
  r.lag_p50_s = r.lag_mean_s * kLn2;
  r.lag_p99_s = r.lag_mean_s * kLn100;
  if (d.sync == ReplicationSync::Async) {
    r.rpo_s = r.lag_p99_s;
    r.expected_lost_writes = d.write_rate_per_s * lag;
    r.lost_writes_p99 = d.write_rate_per_s * r.lag_p99_s;
    r.formulas.push_back({"rpo_s", "async lag ~ Exp(mean " + Fmt(lag) + " s): RPO = p99 lag = mean × ln 100 = " +
                                       Fmt(r.rpo_s) + " s"});
    r.formulas.push_back({"expected_lost_writes", "lost writes at failover = write rate × mean lag = " +
                                                      Fmt(d.write_rate_per_s) + " × " + Fmt(lag) + " = " +
                                                      Fmt(r.expected_lost_writes) + " (p99 " + Fmt(r.lost_writes_p99) + ")"});
  } else {
    r.rpo_s = 0;
    r.formulas.push_back({"rpo_s", std::string("RPO = 0: a write is acknowledged only once ") +
                                       (d.sync == ReplicationSync::Sync ? "every follower" : "one follower") +
                                       " has it"});
    if (d.sync == ReplicationSync::SemiSync)
      r.notes.push_back("semi-sync: a write is lost only if the leader and the acknowledging follower fail together; "
                        "if the follower times out, MySQL-style semi-sync falls back to async");
  }

  if (d.failover_s) {
    r.detection_s = *d.failover_s;
    r.election_s = 0;
  } else {
    r.detection_s = d.heartbeat_interval_s * d.missed_heartbeats;
    r.election_s = d.election_s;
  }
  r.catch_up_s = d.sync == ReplicationSync::Sync ? 0 : r.lag_mean_s / d.apply_speedup;
  r.redirect_s = d.redirect_s;
  r.rto_s = r.detection_s + r.election_s + r.catch_up_s + r.redirect_s;
  if (d.failover_s) {
    r.formulas.push_back({"rto_s", "RTO = failover (detection + election) + catch-up + redirect = " + Fmt(r.detection_s) +
                                       " + " + Fmt(r.catch_up_s) + " + " + Fmt(r.redirect_s) + " = " + Fmt(r.rto_s) + " s"});
  } else {
    r.formulas.push_back({"rto_s", "RTO = detection (" + std::to_string(d.missed_heartbeats) + " × " +
                                       Fmt(d.heartbeat_interval_s) + " s) + election + catch-up (lag/" +
                                       Fmt(d.apply_speedup) + ") + redirect = " + Fmt(r.detection_s) + " + " +
                                       Fmt(r.election_s) + " + " + Fmt(r.catch_up_s) + " + " + Fmt(r.redirect_s) +
                                       " = " + Fmt(r.rto_s) + " s"});
  }
  double t = 0;
  r.timeline.push_back({t, "leader fails; writes stop"});
  t += r.detection_s;
  r.timeline.push_back({t, d.failover_s ? "failure detected and a new leader chosen"
                                        : "failure detected (" + std::to_string(d.missed_heartbeats) + " missed heartbeats)"});
  if (!d.failover_s) {
    t += r.election_s;
    r.timeline.push_back({t, "new leader elected (most up-to-date follower)"});
  }
  t += r.catch_up_s;
  r.timeline.push_back({t, "new leader has applied its replication backlog"});
  t += r.redirect_s;
  r.timeline.push_back({t, "clients redirected: writes resume (RTO)"});

  r.write_latency_added_s = d.sync == ReplicationSync::Async ? 0 : d.replica_rtt_s;
  switch (d.sync) {
    case ReplicationSync::Sync:
      r.write_availability = sample_stats::AtLeastKOfN(f + 1, f + 1, p);
      r.formulas.push_back({"write_availability", "sync: leader and all " + std::to_string(f) +
                                                      " followers up = p^" + std::to_string(f + 1) + " = " +
                                                      Fmt(r.write_availability, 8)});
      r.notes.push_back("sync replication: any follower down blocks writes; most systems use semi-sync instead");
      break;
    case ReplicationSync::SemiSync:
      r.write_availability = p * sample_stats::AtLeastKOfN(1, f, p);
      r.formulas.push_back({"write_availability", "semi-sync: leader up and ≥ 1 of " + std::to_string(f) +
                                                      " followers up = p·(1 − (1−p)^f) = " + Fmt(r.write_availability, 8)});
      break;
    case ReplicationSync::Async:
      r.write_availability = p;
      r.formulas.push_back({"write_availability", "async: the leader alone = p = " + Fmt(p, 8)});
      break;
  }
  if (d.read_from_replicas) {
    r.read_nodes = f + 1;
    r.read_availability = sample_stats::AtLeastKOfN(1, f + 1, p);
    r.formulas.push_back({"read_availability", "reads from any of " + std::to_string(f + 1) +
                                                   " nodes = 1 − (1−p)^" + std::to_string(f + 1) + " = " +
                                                   Fmt(r.read_availability, 8)});
  } else {
    r.read_nodes = 1;
    r.read_availability = p;
    r.formulas.push_back({"read_availability", "reads from the leader = p = " + Fmt(p, 8)});
  }

  const double m = f + 1;
  if (d.read_from_replicas && async_nodes > 0 && lag > 0) {
    const double q = async_nodes;
    const double z = zero_lag;
    r.async_read_share = q / m;
    r.read_your_writes_risk = q / m * DetExp(-d.read_after_write_s / lag);
    r.monotonic_read_risk = (z * q / (m * m) + q * (q - 1) / (2 * m * m)) * DetExp(-d.read_gap_s / lag);
    r.formulas.push_back({"read_your_writes_risk", "P(read on an async follower) × P(lag > τ) = " + Fmt(q) + "/" +
                                                       Fmt(m) + " × e^(−" + Fmt(d.read_after_write_s) + "/" + Fmt(lag) +
                                                       ") = " + Fmt(r.read_your_writes_risk)});
    r.formulas.push_back({"monotonic_read_risk", "[z·q/m² + q(q−1)/(2m²)] · e^(−δ/D) with z = " + Fmt(z) + " current, q = " +
                                                     Fmt(q) + " async nodes, δ = " + Fmt(d.read_gap_s) + " s → " +
                                                     Fmt(r.monotonic_read_risk)});
    r.notes.push_back("replica reads: route a user's reads to the leader for a while after they write "
                      "(read-your-writes), or pin a user to one replica (monotonic reads)");
  }
  r.p_consistent_immediately = r.ProbabilityConsistent(0);
  r.classification = Classify(ReplicationMode::LeaderFollower, d.sync, d.read_from_replicas);
  if (f == 0) r.notes.push_back("no followers: a leader failure loses everything since the last backup");
  return r;
}

// [SECTION] Multi-leader ------------------------------------------------------------------------------

double MultiLeaderResult::ProbabilityConsistent(double t_s) const {
  if (remote_share <= 0 || mean_lag_s <= 0) return 1;
  return 1 - remote_share * DetExp(-t_s / mean_lag_s);
}

double MultiLeaderResult::TVisibility(double p) const {
  if (remote_share <= 0 || mean_lag_s <= 0 || remote_share <= 1 - p) return 0;
  if (p >= 1) return mean_lag_s * 50;
  return mean_lag_s * DetLog(remote_share / (1 - p));
}

Expected<MultiLeaderResult, InputError> AnalyzeMultiLeader(const MultiLeaderDef& d) {
  if (d.leaders < 2 || d.leaders > 100) return Fail("leaders", "must be between 2 and 100");
  if (!NonNegative(d.write_rate_per_s) || d.write_rate_per_s > 1e12) return Fail("write_rate", "must be ≥ 0");
  if (!std::isfinite(d.keys) || d.keys < 1 || d.keys > 1e15) return Fail("keys", "must be between 1 and 1e15");
  if (!NonNegative(d.mean_lag_s) || d.mean_lag_s > 1e6) return Fail("lag", "must be ≥ 0");
  if (!std::isfinite(d.node_availability) || d.node_availability < 0 || d.node_availability > 1)
    return Fail("node_availability", "must be a fraction in [0, 1]");
  MultiLeaderResult r;
  const double per_key = d.write_rate_per_s / d.keys;
  const double others = static_cast<double>(d.leaders - 1) / d.leaders;
  r.conflict_probability = 1 - DetExp(-2 * d.mean_lag_s * per_key * others);
  r.conflicts_per_s = d.write_rate_per_s * r.conflict_probability / 2;
  r.lww_lost_writes_per_s = r.conflicts_per_s;
  r.lww_lost_writes_per_day = r.lww_lost_writes_per_s * 86400;
  r.mean_lag_s = d.mean_lag_s;
  r.remote_share = others;
  r.rpo_s = d.mean_lag_s * kLn100;
  r.write_availability = r.read_availability = sample_stats::AtLeastKOfN(1, d.leaders, d.node_availability);
  r.formulas.push_back({"conflict_probability",
                        "P(another leader writes the key within ±lag) = 1 − e^(−2·D·(λ/K)·(L−1)/L) = 1 − e^(−2×" +
                            Fmt(d.mean_lag_s) + "×" + Fmt(per_key) + "×" + Fmt(others) + ") = " +
                            Fmt(r.conflict_probability)});
  r.formulas.push_back({"lww_lost_writes_per_s", "last-writer-wins drops one write per conflicting pair = λ·P/2 = " +
                                                     Fmt(r.lww_lost_writes_per_s) + "/s (" +
                                                     Fmt(r.lww_lost_writes_per_day) + "/day)"});
  r.notes.push_back("uniform key popularity assumed; hot keys conflict far more often");
  r.notes.push_back("alternatives to last-writer-wins: CRDTs, version vectors with application merge, or routing each "
                    "key's writes to one home leader");
  r.classification = Classify(ReplicationMode::MultiLeader, ReplicationSync::Async, true);
  return r;
}

// [SECTION] Classification ----------------------------------------------------------------------------

Classification Classify(ReplicationMode mode, ReplicationSync sync, bool read_from_replicas, int n, int r, int w,
                        bool sloppy) {
  Classification c;
  switch (mode) {
    case ReplicationMode::None:
      c = {"CP", "PC/EC", "a single copy: always consistent, unavailable whenever its node is unreachable"};
      break;
    case ReplicationMode::LeaderFollower:
      if (sync == ReplicationSync::Async && read_from_replicas) {
        c = {"AP", "PA/EL",
             "async followers serve reads during a partition and normally answer fast with stale data"};
      } else if (sync == ReplicationSync::Async) {
        c = {"CP", "PC/EL",
             "reads and writes go to the leader (unavailable if partitioned from it); async replication favours "
             "write latency over durability: a failover can lose acknowledged writes"};
      } else {
        c = {"CP", "PC/EC",
             "writes wait for follower acks: consistent and durable, slower, and blocked when the needed followers "
             "are unreachable"};
      }
      break;
    case ReplicationMode::MultiLeader:
      c = {"AP", "PA/EL", "every leader accepts writes locally during a partition; conflicts are resolved later"};
      break;
    case ReplicationMode::Leaderless:
      if (sloppy) {
        c = {"AP", "PA/EL", "sloppy quorums accept writes on any reachable nodes (hinted handoff)"};
      } else if (r + w > n && n > 0) {
        c = {"CP", "PC/EC",
             "strict quorums (R + W > N): a minority partition cannot serve; normal operation waits for R and W "
             "replies"};
      } else {
        c = {"AP", "PA/EL", "partial quorums (R + W ≤ N): fast and available, reads may be stale (see PBS)"};
      }
      break;
  }
  return c;
}

// [SECTION] Blueprint ---------------------------------------------------------------------------------

ReplicationAssessment AssessReplication(const Component& comp, const Requirements& req) {
  ReplicationAssessment a;
  const ReplicationSpec& spec = comp.replication;
  a.component = comp.id;
  a.mode = std::string(ReplicationModeKey(spec.mode));
  a.sync = std::string(ReplicationSyncKey(spec.sync));
  constexpr double kNodeAvailability = 0.999;
  constexpr double kDefaultLag = 0.1;
  constexpr double kDefaultFailover = 30;
  double write_rate = 100;
  if (req.writes_per_s) write_rate = *req.writes_per_s;
  else if (req.dau && req.writes_per_user_per_s) write_rate = *req.dau * *req.writes_per_user_per_s;

  switch (spec.mode) {
    case ReplicationMode::None:
      a.strict_quorum = true;
      a.read_availability = a.write_availability = kNodeAvailability;
      a.findings.push_back("no replication: losing the node loses every write since the last backup, and recovery "
                           "means a restore");
      break;
    case ReplicationMode::LeaderFollower: {
      LeaderFollowerDef d;
      d.followers = spec.followers > 0 ? spec.followers : std::max(0, comp.replicas - 1);
      d.sync = spec.sync;
      if (d.sync != ReplicationSync::Async && d.followers == 0) d.sync = ReplicationSync::Async;
      d.mean_lag_s = spec.lag_s.value_or(kDefaultLag);
      d.write_rate_per_s = write_rate;
      d.node_availability = kNodeAvailability;
      d.read_from_replicas = spec.read_from_replicas;
      d.failover_s = spec.failover_s.value_or(kDefaultFailover);
      auto r = AnalyzeLeaderFollower(d);
      if (!r) {
        a.findings.push_back("replication settings out of range: " + r.error().Message());
        break;
      }
      a.rpo_s = r->rpo_s;
      a.rto_s = r->rto_s;
      a.strict_quorum = r->async_read_share == 0;
      a.read_your_writes_risk = r->read_your_writes_risk;
      a.monotonic_read_risk = r->monotonic_read_risk;
      a.read_availability = r->read_availability;
      a.write_availability = r->write_availability;
      if (d.followers == 0) a.findings.push_back("leader-follower with no followers: nothing to fail over to");
      if (!spec.lag_s && d.sync == ReplicationSync::Async)
        a.findings.push_back("async lag not given: assumed " + Fmt(kDefaultLag) + " s mean");
      if (!spec.failover_s) a.findings.push_back("failover time not given: assumed " + Fmt(kDefaultFailover) + " s");
      if (r->read_your_writes_risk > 0.001)
        a.findings.push_back("reads from async replicas: " + Fmt(r->read_your_writes_risk * 100, 3) +
                             "% of reads right after a write miss it (read-your-writes)");
      break;
    }
    case ReplicationMode::MultiLeader: {
      a.rpo_s = spec.lag_s.value_or(kDefaultLag) * kLn100;
      a.rto_s = 0;  // other leaders keep taking writes
      a.strict_quorum = false;
      const double lag = spec.lag_s.value_or(kDefaultLag);
      a.read_your_writes_risk = 0;  // a client normally talks to its own leader
      a.monotonic_read_risk = 0;
      const int leaders = std::max(2, comp.replicas);
      a.read_availability = a.write_availability = sample_stats::AtLeastKOfN(1, leaders, kNodeAvailability);
      a.findings.push_back("multi-leader: concurrent writes to one key conflict; last-writer-wins silently drops one "
                           "(lag " + Fmt(lag) + " s)");
      break;
    }
    case ReplicationMode::Leaderless: {
      QuorumDef q;
      q.n = spec.n > 0 ? spec.n : std::max(1, comp.replicas);
      q.r = spec.r > 0 ? std::min(spec.r, q.n) : q.n / 2 + 1;
      q.w = spec.w > 0 ? std::min(spec.w, q.n) : q.n / 2 + 1;
      q.node_availability = kNodeAvailability;
      auto r = AnalyzeQuorum(q);
      if (!r) {
        a.findings.push_back("quorum settings out of range: " + r.error().Message());
        break;
      }
      a.rpo_s = 0;
      a.rto_s = 0;
      a.strict_quorum = r->strict_quorum;
      a.read_availability = r->read_availability;
      a.write_availability = r->write_availability;
      if (!r->strict_quorum) {
        a.read_your_writes_risk = r->p_stale_read;
        a.findings.push_back("R + W ≤ N: a read misses the latest write with probability " + Fmt(r->p_stale_read) +
                             " before anti-entropy catches up");
      }
      if (q.w == 1) a.findings.push_back("W = 1: an acknowledged write lives on one node until it propagates");
      break;
    }
  }
  a.classification = Classify(spec.mode, spec.sync, spec.read_from_replicas, spec.n, spec.r, spec.w, false);
  if (req.slo.rpo_s && a.rpo_s) {
    a.meets_rpo = *a.rpo_s <= *req.slo.rpo_s;
    if (!*a.meets_rpo)
      a.findings.push_back("RPO " + Fmt(*a.rpo_s) + " s exceeds the SLO's " + Fmt(*req.slo.rpo_s) + " s");
  }
  if (req.slo.rto_s && a.rto_s) {
    a.meets_rto = *a.rto_s <= *req.slo.rto_s;
    if (!*a.meets_rto)
      a.findings.push_back("RTO " + Fmt(*a.rto_s) + " s exceeds the SLO's " + Fmt(*req.slo.rto_s) + " s");
  }
  return a;
}

// [SECTION] JSON ----------------------------------------------------------------------------------------

namespace {
nlohmann::json FormulasJson(const std::vector<Formula>& fs) {
  nlohmann::json f = nlohmann::json::object();
  for (const Formula& x : fs) f[x.key] = x.text;
  return f;
}
nlohmann::json Opt(const std::optional<double>& v) { return v ? JsonNumber(*v) : nlohmann::json(nullptr); }
}  // namespace

nlohmann::json ToJson(const Classification& c) {
  return nlohmann::json{{"cap", c.cap}, {"pacelc", c.pacelc}, {"reason", c.reason}};
}

nlohmann::json ToJson(const VisibilityFigures& v) {
  return nlohmann::json{{"t_ms", JsonNumber(v.t_ms)},
                        {"p_consistent", JsonNumber(v.p_consistent)},
                        {"t_visibility_ms", JsonNumber(v.t_visibility_ms)}};
}

PbsSummary SummarizePbs(const PbsDef& def, const PbsResult& result, double t_ms, std::optional<int> k,
                        int curve_points, double curve_max_ms) {
  PbsSummary s;
  s.profile = def.profile.name;
  s.n = def.n;
  s.r = def.r;
  s.w = def.w;
  s.trials = def.trials;
  s.seed = def.seed;
  s.t_ms = t_ms;
  s.p_consistent = result.ProbabilityConsistent(t_ms);
  s.t_visibility_ms = result.TVisibility(0.999);
  s.t_visibility_99_ms = result.TVisibility(0.99);
  if (k) {
    s.k = k;
    s.k_staleness = KStaleness(def.n, def.r, def.w, *k);
  }
  s.write_latency_p50_ms = result.write_latency_p50_ms;
  s.write_latency_p99_ms = result.write_latency_p99_ms;
  s.read_latency_p50_ms = result.read_latency_p50_ms;
  s.read_latency_p99_ms = result.read_latency_p99_ms;
  if (curve_points > 0) {
    const double max_t = curve_max_ms > 0 ? curve_max_ms : std::max(1.0, s.t_visibility_ms);
    s.curve = PbsCurve(result, max_t, curve_points);
  }
  return s;
}

nlohmann::json ToJson(const PbsSummary& s) {
  nlohmann::json j;
  j["profile"] = s.profile;
  j["trials"] = s.trials;
  j["seed"] = s.seed;
  j["t_ms"] = JsonNumber(s.t_ms);
  j["p_consistent"] = JsonNumber(s.p_consistent);
  j["t_visibility_ms"] = JsonNumber(s.t_visibility_ms);
  j["t_visibility_99_ms"] = JsonNumber(s.t_visibility_99_ms);
  j["k"] = s.k ? nlohmann::json(*s.k) : nlohmann::json(nullptr);
  j["k_staleness"] = s.k_staleness ? JsonNumber(*s.k_staleness) : nlohmann::json(nullptr);
  j["write_latency_p50_ms"] = JsonNumber(s.write_latency_p50_ms);
  j["write_latency_p99_ms"] = JsonNumber(s.write_latency_p99_ms);
  j["read_latency_p50_ms"] = JsonNumber(s.read_latency_p50_ms);
  j["read_latency_p99_ms"] = JsonNumber(s.read_latency_p99_ms);
  j["formulas"] = {
      {"p_consistent", "P(consistent at t) = share of " + std::to_string(s.trials) +
                           " WARS trials whose read, issued t ms after commit, reaches a replica with the write"},
      {"k_staleness", s.k ? "1 − (C(N−W,R)/C(N,R))^k = 1 − (C(" + std::to_string(s.n - s.w) + "," + std::to_string(s.r) +
                                ")/C(" + std::to_string(s.n) + "," + std::to_string(s.r) + "))^" + std::to_string(*s.k) +
                                " = " + Fmt(*s.k_staleness)
                          : "give --k"}};
  if (!s.curve.empty()) {
    nlohmann::json c = nlohmann::json::array();
    for (const PbsPoint& p : s.curve) c.push_back({{"t_ms", JsonNumber(p.t_ms)}, {"p_consistent", JsonNumber(p.p_consistent)}});
    j["curve"] = c;
  }
  return j;
}

nlohmann::json ToJson(const QuorumResult& q) {
  nlohmann::json j;
  j["strict_quorum"] = q.strict_quorum;
  j["overlap_guaranteed"] = q.overlap_guaranteed;
  j["writes_overlap"] = q.writes_overlap;
  j["read_availability"] = JsonNumber(q.read_availability);
  j["write_availability"] = JsonNumber(q.write_availability);
  j["read_fault_tolerance"] = q.read_fault_tolerance;
  j["write_fault_tolerance"] = q.write_fault_tolerance;
  j["p_stale_read"] = JsonNumber(q.p_stale_read);
  j["formulas"] = FormulasJson(q.formulas);
  j["notes"] = q.notes;
  return j;
}

nlohmann::json ToJson(const LeaderFollowerResult& r) {
  nlohmann::json j;
  j["lag_mean_s"] = JsonNumber(r.lag_mean_s);
  j["lag_p50_s"] = JsonNumber(r.lag_p50_s);
  j["lag_p99_s"] = JsonNumber(r.lag_p99_s);
  j["rpo_s"] = JsonNumber(r.rpo_s);
  j["rto_s"] = JsonNumber(r.rto_s);
  j["expected_lost_writes"] = JsonNumber(r.expected_lost_writes);
  j["lost_writes_p99"] = JsonNumber(r.lost_writes_p99);
  j["detection_s"] = JsonNumber(r.detection_s);
  j["election_s"] = JsonNumber(r.election_s);
  j["catch_up_s"] = JsonNumber(r.catch_up_s);
  j["redirect_s"] = JsonNumber(r.redirect_s);
  nlohmann::json tl = nlohmann::json::array();
  for (const FailoverStep& s : r.timeline) tl.push_back({{"at_s", JsonNumber(s.at_s)}, {"event", s.event}});
  j["failover_timeline"] = tl;
  j["write_latency_added_s"] = JsonNumber(r.write_latency_added_s);
  j["write_availability"] = JsonNumber(r.write_availability);
  j["read_availability"] = JsonNumber(r.read_availability);
  j["read_nodes"] = JsonNumber(r.read_nodes);
  j["read_your_writes_risk"] = JsonNumber(r.read_your_writes_risk);
  j["monotonic_read_risk"] = JsonNumber(r.monotonic_read_risk);
  j["p_consistent_immediately"] = JsonNumber(r.p_consistent_immediately);
  j["classification"] = ToJson(r.classification);
  j["formulas"] = FormulasJson(r.formulas);
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const MultiLeaderResult& r) {
  nlohmann::json j;
  j["conflict_probability"] = JsonNumber(r.conflict_probability);
  j["conflicts_per_s"] = JsonNumber(r.conflicts_per_s);
  j["lww_lost_writes_per_s"] = JsonNumber(r.lww_lost_writes_per_s);
  j["lww_lost_writes_per_day"] = JsonNumber(r.lww_lost_writes_per_day);
  j["rpo_s"] = JsonNumber(r.rpo_s);
  j["rto_s"] = 0;
  j["write_availability"] = JsonNumber(r.write_availability);
  j["read_availability"] = JsonNumber(r.read_availability);
  j["classification"] = ToJson(r.classification);
  j["formulas"] = FormulasJson(r.formulas);
  j["notes"] = r.notes;
  return j;
}

nlohmann::json ToJson(const ReplicationAssessment& a) {
  nlohmann::json j;
  j["component"] = a.component;
  j["mode"] = a.mode;
  j["sync"] = a.sync;
  j["rpo_s"] = Opt(a.rpo_s);
  j["rto_s"] = Opt(a.rto_s);
  j["strict_quorum"] = a.strict_quorum;
  j["read_your_writes_risk"] = JsonNumber(a.read_your_writes_risk);
  j["monotonic_read_risk"] = JsonNumber(a.monotonic_read_risk);
  j["read_availability"] = Opt(a.read_availability);
  j["write_availability"] = Opt(a.write_availability);
  j["meets_rpo"] = a.meets_rpo ? nlohmann::json(*a.meets_rpo) : nlohmann::json(nullptr);
  j["meets_rto"] = a.meets_rto ? nlohmann::json(*a.meets_rto) : nlohmann::json(nullptr);
  j["classification"] = ToJson(a.classification);
  j["findings"] = a.findings;
  return j;
}

}  // namespace sdlab::replication
