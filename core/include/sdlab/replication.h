// sdlab/replication.h — copies of data: how stale a read can be, what a failover loses and costs.
//
// What it models
//   Leaderless quorums (Dynamo style, N replicas, reads wait for R, writes for W):
//     strict quorum R + W > N (every read quorum meets every write quorum); write quorums overlap
//     when 2W > N; read/write availability = P(at least R / W of N nodes up) with independent node
//     availability p (binomial); a sloppy quorum (hinted handoff) keeps writes available but gives up
//     the overlap guarantee until hints are delivered.
//   Probabilistically Bounded Staleness (Bailis, Venkataraman, Franklin, Hellerstein, Stoica,
//   "Probabilistically Bounded Staleness for Practical Partial Quorums", VLDB 2012):
//     k-staleness, closed form: P(a read returns one of the last k versions) = 1 − p_s^k,
//       p_s = C(N−W, R)/C(N, R) (the read quorum misses the write quorum; no anti-entropy assumed);
//     t-visibility, Monte Carlo of the WARS model: a write reaches replica i after W_i, its ack
//       returns after A_i, the write commits at the W-th fastest W_i + A_i; a read issued t ms after
//       commit reaches replica i after R_i and answers after S_i; the coordinator takes the R
//       fastest R_i + S_i answers; the read is consistent if one of them had the write
//       (W_i ≤ commit + t + R_i). The paper's fitted latency profiles (milliseconds):
//         lnkd-ssd   W = A = R = S: 91.22% Pareto(xm 0.235, α 10), 8.78% Exp(λ 1.66)
//         lnkd-disk  W: 38% Pareto(xm 1.05, α 1.51), 62% Exp(λ 0.183); A = R = S as lnkd-ssd
//         ymmr       W: 93.9% Pareto(xm 3, α 3.35), 6.1% Exp(λ 0.0028);
//                    A = R = S: 98.2% Pareto(xm 1.5, α 3.8), 1.8% Exp(λ 0.0217)
//       and custom profiles "exponential:W_MEAN_MS[:ARS_MEAN_MS]", "pareto:XM:ALPHA[:XM:ALPHA]".
//   Leader-follower: sync (every follower acks), semi-sync (one follower acks), async with an
//     exponential lag of the given mean; read replicas; failover RTO = detection (missed heartbeats)
//     + election + catch-up (replaying the backlog, lag / apply speed-up) + client redirect; RPO =
//     writes not yet replicated (0 for sync/semi-sync; the p99 lag for async); read-your-writes and
//     monotonic-read risks when reads go to replicas (closed forms below, iid exponential lags).
//   Multi-leader: write conflicts when two leaders write the same key within the replication lag;
//     last-writer-wins silently drops one write per conflict.
//   CAP/PACELC classification of the configured choice, with the reason in words.
//
// Units: times in seconds except the PBS latencies (milliseconds, as in the paper: keys end in _ms);
// availabilities and probabilities are fractions 0..1; rates per second.
// Determinism: Monte Carlo draws come from sdlab::Rng(seed); log/exp through DetLog/DetExp.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"
#include "sdlab/random.h"

namespace sdlab::replication {

/// Why a model cannot run with the given inputs.
struct InputError {
  std::string field;
  std::string message;
  std::string Message() const;
};

/// One figure's formula with the numbers filled in.
struct Formula {
  std::string key;
  std::string text;
};

/// Where the configured choice sits in CAP and PACELC, and why.
struct Classification {
  std::string cap;     ///< "CP" or "AP": what a network partition costs
  std::string pacelc;  ///< "PC/EC", "PC/EL", "PA/EL"
  std::string reason;
};

// [SECTION] Leaderless quorums ---------------------------------------------------------------------

struct QuorumDef {
  int n = 3;                       ///< replicas of each key (1..1000)
  int r = 2;                       ///< replies a read waits for (1..n)
  int w = 2;                       ///< acks a write waits for (1..n)
  double node_availability = 0.99; ///< each replica up independently with this probability
  bool sloppy = false;             ///< sloppy quorum with hinted handoff
};

struct QuorumResult {
  bool strict_quorum = false;       ///< R + W > N
  bool overlap_guaranteed = false;  ///< strict and not sloppy
  bool writes_overlap = false;      ///< 2W > N: two concurrent writes meet on a replica
  double read_availability = 0;     ///< P(≥ R of N up)
  double write_availability = 0;    ///< P(≥ W of N up)
  int read_fault_tolerance = 0;     ///< replicas that may be down with reads still served: N − R
  int write_fault_tolerance = 0;    ///< N − W
  double p_stale_read = 0;          ///< C(N−W, R)/C(N, R): a read quorum misses the latest write quorum
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
};

Expected<QuorumResult, InputError> AnalyzeQuorum(const QuorumDef& def);

/// PBS k-staleness: P(a read returns one of the last k written versions) = 1 − (C(N−W,R)/C(N,R))^k.
/// REQUIRES: 1 ≤ r, w ≤ n, k ≥ 1.
double KStaleness(int n, int r, int w, int k);

// [SECTION] PBS t-visibility (WARS) -----------------------------------------------------------------

/// A one-way message delay: with probability pareto_weight a Pareto(xm, α) draw, otherwise an
/// exponential draw of the given rate (0 rate: 0), plus a constant offset. Milliseconds.
struct LatencyDistribution {
  double pareto_weight = 0;
  double pareto_xm_ms = 0;
  double pareto_alpha = 0;
  double exponential_rate_per_ms = 0;
  double offset_ms = 0;
  double Sample(Rng& rng) const;
};

/// Delays of the four WARS legs.
struct WarsProfile {
  std::string name;
  LatencyDistribution w;  ///< write request, coordinator → replica
  LatencyDistribution a;  ///< write ack, replica → coordinator
  LatencyDistribution r;  ///< read request
  LatencyDistribution s;  ///< read response
};

/// "lnkd-ssd", "lnkd-disk", "ymmr" (the paper's fits), "exponential:W_MEAN_MS[:ARS_MEAN_MS]",
/// "pareto:XM:ALPHA[:XM:ALPHA]" (write leg, then the other three legs; defaults to the write leg's).
Expected<WarsProfile, InputError> ParseWarsProfile(std::string_view text);
/// The names accepted by ParseWarsProfile for the built-in profiles.
std::vector<std::string> WarsProfileNames();

struct PbsDef {
  int n = 3;
  int r = 1;
  int w = 1;
  WarsProfile profile;
  int trials = 100000;  ///< Monte Carlo writes (1000 .. 10^7)
  std::uint64_t seed = 1;
};

/// Monte Carlo outcome: for every trial, the least time after commit at which its read is consistent.
struct PbsResult {
  std::vector<double> t_needed_ms;  ///< ascending; 0 when the read is consistent at once
  double write_latency_p50_ms = 0, write_latency_p99_ms = 0;
  double read_latency_p50_ms = 0, read_latency_p99_ms = 0;
  /// P(consistent read t ms after the write committed).
  double ProbabilityConsistent(double t_ms) const;
  /// Least t (ms) with P(consistent) ≥ p.
  double TVisibility(double p) const;
};

Expected<PbsResult, InputError> SimulatePbs(const PbsDef& def);

struct PbsPoint {
  double t_ms = 0;
  double p_consistent = 0;
};
/// P(consistent) at `points` + 1 even steps from 0 to max_t_ms (the lab's staleness-vs-time curve).
std::vector<PbsPoint> PbsCurve(const PbsResult& result, double max_t_ms, int points = 50);

/// What the calculator reports for a PBS run.
struct PbsSummary {
  std::string profile;
  int n = 0, r = 0, w = 0;
  int trials = 0;
  std::uint64_t seed = 0;
  double t_ms = 0;                   ///< the read delay asked about
  double p_consistent = 0;           ///< P(consistent) at t_ms
  double t_visibility_ms = 0;        ///< for 99.9% consistent reads
  double t_visibility_99_ms = 0;     ///< for 99%
  std::optional<int> k;
  std::optional<double> k_staleness; ///< P(one of the last k versions), when k is given
  double write_latency_p50_ms = 0, write_latency_p99_ms = 0;
  double read_latency_p50_ms = 0, read_latency_p99_ms = 0;
  std::vector<PbsPoint> curve;       ///< empty unless asked for
};
/// curve_points = 0: no curve. curve_max_ms ≤ 0: up to the 99.9% t-visibility (at least 1 ms).
PbsSummary SummarizePbs(const PbsDef& def, const PbsResult& result, double t_ms, std::optional<int> k,
                        int curve_points = 0, double curve_max_ms = 0);
nlohmann::json ToJson(const PbsSummary& s);

/// The visibility keys every replication mode reports, at a read delay t (ms).
struct VisibilityFigures {
  double t_ms = 0;
  double p_consistent = 1;       ///< P(a read t ms after the write returns it)
  double t_visibility_ms = 0;    ///< least t for 99.9%
};
nlohmann::json ToJson(const VisibilityFigures& v);

// [SECTION] Leader-follower -------------------------------------------------------------------------

struct LeaderFollowerDef {
  int followers = 2;
  ReplicationSync sync = ReplicationSync::Async;
  double mean_lag_s = 0.1;          ///< async followers: mean replication lag (exponential)
  double write_rate_per_s = 100;
  double replica_rtt_s = 0.001;     ///< leader ↔ follower round trip: added to sync/semi-sync writes
  double node_availability = 0.999;
  bool read_from_replicas = false;  ///< reads spread uniformly over the leader and the followers
  double read_after_write_s = 1.0;  ///< a client's read follows its own write by this much
  double read_gap_s = 1.0;          ///< a client's two successive reads are this far apart
  double heartbeat_interval_s = 1.0;
  int missed_heartbeats = 3;        ///< detection = interval × missed heartbeats
  double election_s = 2.0;
  double apply_speedup = 4.0;       ///< a promoted follower replays its backlog this many × faster
  double redirect_s = 1.0;          ///< clients reach the new leader (DNS/proxy/driver update)
  std::optional<double> failover_s; ///< if set: detection + election together (overrides the two)
};

struct FailoverStep {
  double at_s = 0;
  std::string event;
};

struct LeaderFollowerResult {
  double lag_mean_s = 0, lag_p50_s = 0, lag_p99_s = 0;  ///< async followers (0 for sync)
  double rpo_s = 0;                 ///< window of acknowledged writes a leader crash can lose
  double expected_lost_writes = 0;  ///< write rate × mean lag (async)
  double lost_writes_p99 = 0;       ///< write rate × p99 lag
  double detection_s = 0, election_s = 0, catch_up_s = 0, redirect_s = 0;
  double rto_s = 0;                 ///< sum of the four
  std::vector<FailoverStep> timeline;
  double write_latency_added_s = 0; ///< waiting for follower acks
  double write_availability = 0;    ///< nodes a write needs are up (no failover in progress)
  double read_availability = 0;
  double read_nodes = 1;            ///< nodes serving reads (read capacity factor)
  double read_your_writes_risk = 0; ///< P(a read right after one's own write misses it)
  double monotonic_read_risk = 0;   ///< P(a read sees older data than the read before it)
  double p_consistent_immediately = 0;  ///< P(a replica read returns the latest write)
  Classification classification;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
  /// P(a read t seconds after a write returns it), with this configuration.
  double ProbabilityConsistent(double t_s) const;
  /// Least t (s) with P(consistent) ≥ p.
  double TVisibility(double p) const;
  // Internal for the two functions above: share of reads on async followers and their mean lag.
  double async_read_share = 0;
};

Expected<LeaderFollowerResult, InputError> AnalyzeLeaderFollower(const LeaderFollowerDef& def);

// [SECTION] Multi-leader ----------------------------------------------------------------------------

struct MultiLeaderDef {
  int leaders = 2;
  double write_rate_per_s = 100;  ///< total, spread evenly over leaders
  double keys = 1e6;              ///< distinct keys written, uniformly
  double mean_lag_s = 0.2;        ///< replication lag between leaders
  double node_availability = 0.999;
};

struct MultiLeaderResult {
  double conflict_probability = 0;  ///< P(a write races another leader's write of its key)
  double conflicts_per_s = 0;       ///< conflicting pairs
  double lww_lost_writes_per_s = 0; ///< last-writer-wins drops one write per conflicting pair
  double lww_lost_writes_per_day = 0;
  double rpo_s = 0;                 ///< a leader lost before replicating: p99 lag = mean lag × ln 100
  double write_availability = 0;    ///< any leader up (clients fail over between leaders): 1 − (1−p)^L
  double read_availability = 0;
  double mean_lag_s = 0;
  double remote_share = 0;          ///< (L−1)/L: reads that see another leader's write only after the lag
  Classification classification;
  std::vector<Formula> formulas;
  std::vector<std::string> notes;
  /// P(a read at one leader, t seconds after a write at a random leader, returns it).
  double ProbabilityConsistent(double t_s) const;
  /// Least t (s) with P(consistent) ≥ p.
  double TVisibility(double p) const;
};

Expected<MultiLeaderResult, InputError> AnalyzeMultiLeader(const MultiLeaderDef& def);

// [SECTION] Classification and blueprint -------------------------------------------------------------

/// CAP/PACELC of a replication choice. n/r/w are used for leaderless mode only.
Classification Classify(ReplicationMode mode, ReplicationSync sync, bool read_from_replicas, int n = 0, int r = 0,
                        int w = 0, bool sloppy = false);

/// A database (or any store) judged on its ReplicationSpec against the SLO's RPO/RTO.
/// Defaults when the blueprint is silent: node availability 0.999, async lag 0.1 s, failover
/// (detection + election) 30 s, redirect 1 s, write rate from the requirements or 100/s.
struct ReplicationAssessment {
  std::string component;
  std::string mode;                 ///< "none", "leader_follower", "multi_leader", "leaderless"
  std::string sync;                 ///< "sync", "semi_sync", "async" (leader-follower)
  std::optional<double> rpo_s;      ///< empty with no replication (only backups can bound it)
  std::optional<double> rto_s;      ///< empty with no replication (restore from backup)
  bool strict_quorum = false;       ///< reads always see the latest acknowledged write
  double read_your_writes_risk = 0;
  double monotonic_read_risk = 0;
  std::optional<double> read_availability;
  std::optional<double> write_availability;
  std::optional<bool> meets_rpo;    ///< against requirements.slo.rpo_s, when both are known
  std::optional<bool> meets_rto;
  Classification classification;
  std::vector<std::string> findings;
};

ReplicationAssessment AssessReplication(const Component& component, const Requirements& requirements);

nlohmann::json ToJson(const QuorumResult& r);
nlohmann::json ToJson(const LeaderFollowerResult& r);
nlohmann::json ToJson(const MultiLeaderResult& r);
nlohmann::json ToJson(const Classification& c);
nlohmann::json ToJson(const ReplicationAssessment& a);

std::optional<ReplicationMode> ParseReplicationMode(std::string_view s);  ///< "leader-follower", ...
std::optional<ReplicationSync> ParseReplicationSync(std::string_view s);  ///< "sync", "semi-sync", "async"
std::string_view ReplicationModeKey(ReplicationMode m);  ///< "none", "leader_follower", ...
std::string_view ReplicationSyncKey(ReplicationSync s);  ///< "sync", "semi_sync", "async"

}  // namespace sdlab::replication
