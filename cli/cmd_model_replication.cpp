// `sdlab model replication`: leaderless N/R/W quorums with PBS staleness (default), leader-follower
// (RPO/RTO, failover timeline, replica-read risks) or multi-leader (conflicts), with CAP/PACELC.
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "commands.h"
#include "sdlab/replication.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct ReplicationArgs {
  std::string format;
  std::string mode = "leaderless";
  int n = 3, r = 2, w = 2;
  std::string node_availability = "99.9%";
  bool sloppy = false;
  std::string profile = "lnkd-ssd";
  double t_ms = 0;
  int k = 0;
  int trials = 100000;
  std::uint64_t seed = 1;
  int curve = 0;
  int followers = 2;
  std::string sync = "async";
  std::string lag = "100ms";
  std::string write_rate = "100/s";
  bool read_from_replicas = false;
  std::string read_after_write = "1s";
  std::string failover, heartbeat = "1s", election = "2s", redirect = "1s";
  int missed_heartbeats = 3;
  int leaders = 2;
  std::string keys = "1M";
};

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(26) << name << value << "\n";
}
std::string Pct(double v) { return units::FormatPercent(v, 6); }
std::string Ms(double v) { return units::FormatNumber(v, 4) + " ms"; }

}  // namespace

void AddModelReplicationCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<ReplicationArgs>();
  CLI::App* cmd = model.add_subcommand(
      "replication", "Replication: N/R/W quorums and PBS staleness, leader-follower RPO/RTO, multi-leader conflicts");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "leaderless (default), leader-follower or multi-leader");
  cmd->add_option("--n", a->n, "Leaderless: replicas per key (default 3)")->check(CLI::Range(1, 100));
  cmd->add_option("--r", a->r, "Leaderless: read quorum (default 2)")->check(CLI::Range(1, 100));
  cmd->add_option("--w", a->w, "Leaderless: write quorum (default 2)")->check(CLI::Range(1, 100));
  cmd->add_option("--node-availability", a->node_availability, "Availability of one node, e.g. 99.9% (default)");
  cmd->add_flag("--sloppy", a->sloppy, "Leaderless: sloppy quorum with hinted handoff");
  cmd->add_option("--profile", a->profile,
                  "PBS latency profile: lnkd-ssd (default), lnkd-disk, ymmr, exponential:W_MS[:ARS_MS], "
                  "pareto:XM:ALPHA[:XM:ALPHA]");
  cmd->add_option("--t-ms", a->t_ms, "Read delay after the write, ms, for p_consistent (default 0)")
      ->check(CLI::Range(0.0, 1e9));
  cmd->add_option("--k", a->k, "k-staleness: P(one of the last k versions)")->check(CLI::Range(1, 1000000));
  cmd->add_option("--trials", a->trials, "PBS Monte Carlo trials (default 100000)")->check(CLI::Range(1000, 10000000));
  cmd->add_option("--seed", a->seed, "Random seed (default 1)");
  cmd->add_option("--curve", a->curve, "Add the staleness-vs-time curve with this many points")->check(CLI::Range(1, 1000));
  cmd->add_option("--followers", a->followers, "Leader-follower: followers (default 2)")->check(CLI::Range(0, 1000));
  cmd->add_option("--sync", a->sync, "Leader-follower: sync, semi-sync or async (default)");
  cmd->add_option("--lag", a->lag, "Mean replication lag, e.g. 200ms (default 100ms)");
  cmd->add_option("--write-rate", a->write_rate, "Writes, e.g. 500/s (default 100/s)");
  cmd->add_flag("--read-from-replicas", a->read_from_replicas, "Leader-follower: reads spread over all nodes");
  cmd->add_option("--read-after-write", a->read_after_write, "A client's read follows its write by (default 1s)");
  cmd->add_option("--failover", a->failover, "Detection + election time, e.g. 30s (default: heartbeats + election)");
  cmd->add_option("--heartbeat", a->heartbeat, "Heartbeat interval (default 1s)");
  cmd->add_option("--missed-heartbeats", a->missed_heartbeats, "Missed heartbeats before failover (default 3)")
      ->check(CLI::Range(1, 1000));
  cmd->add_option("--election", a->election, "Leader election time (default 2s)");
  cmd->add_option("--redirect", a->redirect, "Time for clients to reach the new leader (default 1s)");
  cmd->add_option("--leaders", a->leaders, "Multi-leader: leaders (default 2)")->check(CLI::Range(2, 100));
  cmd->add_option("--keys", a->keys, "Multi-leader: distinct keys written (default 1M)");
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model replication: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    auto duration = [&](const std::string& flag, const std::string& text) -> std::optional<double> {
      auto d = units::ParseDuration(text);
      if (d) return *d;
      auto c = units::ParseCount(text);
      if (c) return *c;
      fail(flag + ": " + d.error().Message());
      return std::nullopt;
    };
    auto rate = [&](const std::string& flag, const std::string& text) -> std::optional<double> {
      auto r = units::ParseRate(text);
      if (r) return *r;
      auto c = units::ParseCount(text);
      if (c) return *c;
      fail(flag + ": " + r.error().Message());
      return std::nullopt;
    };
    const auto mode = replication::ParseReplicationMode(a->mode);
    if (!mode || *mode == ReplicationMode::None)
      return fail("--mode: expected leaderless, leader-follower or multi-leader");
    const auto p = units::ParseFraction(a->node_availability);
    if (!p) return fail("--node-availability: " + p.error().Message());
    const auto lag = duration("--lag", a->lag);
    const auto writes = rate("--write-rate", a->write_rate);
    if (!lag || !writes) return;
    nlohmann::json j;
    j["mode"] = std::string(replication::ReplicationModeKey(*mode));

    if (*mode == ReplicationMode::Leaderless) {
      auto q = replication::AnalyzeQuorum(replication::QuorumDef{a->n, a->r, a->w, *p, a->sloppy});
      if (!q) return fail(q.error().Message());
      auto profile = replication::ParseWarsProfile(a->profile);
      if (!profile) return fail("--profile: " + profile.error().message);
      replication::PbsDef pd;
      pd.n = a->n;
      pd.r = a->r;
      pd.w = a->w;
      pd.profile = *profile;
      pd.trials = a->trials;
      pd.seed = a->seed;
      auto pbs = replication::SimulatePbs(pd);
      if (!pbs) return fail(pbs.error().Message());
      const auto summary = replication::SummarizePbs(pd, *pbs, a->t_ms,
                                                     a->k > 0 ? std::optional<int>(a->k) : std::nullopt, a->curve);
      const auto cls = replication::Classify(*mode, ReplicationSync::Async, false, a->n, a->r, a->w, a->sloppy);
      j.update(replication::ToJson(*q));
      j["n"] = a->n;
      j["r"] = a->r;
      j["w"] = a->w;
      j["p_consistent"] = replication::ToJson(summary)["p_consistent"];
      j["t_ms"] = replication::ToJson(summary)["t_ms"];
      j["t_visibility_ms"] = replication::ToJson(summary)["t_visibility_ms"];
      j["k_staleness"] = replication::ToJson(summary)["k_staleness"];
      j["rpo_s"] = 0;
      j["rto_s"] = 0;
      j["pbs"] = replication::ToJson(summary);
      j["classification"] = replication::ToJson(cls);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "leaderless quorum N=" << a->n << " R=" << a->r << " W=" << a->w << (a->sloppy ? " (sloppy)" : "") << "\n";
      Row(out, "strict quorum (R+W>N)", q->strict_quorum ? "yes" : "no");
      Row(out, "read availability", Pct(q->read_availability));
      Row(out, "write availability", Pct(q->write_availability));
      Row(out, "p_stale_read (no repair)", units::FormatNumber(q->p_stale_read, 4));
      Row(out, "p_consistent at " + units::FormatNumber(a->t_ms, 4) + " ms", Pct(summary.p_consistent));
      Row(out, "t-visibility 99% / 99.9%", Ms(summary.t_visibility_99_ms) + " / " + Ms(summary.t_visibility_ms));
      if (summary.k_staleness) Row(out, "k-staleness (k=" + std::to_string(a->k) + ")", Pct(*summary.k_staleness));
      Row(out, "write latency p50/p99", Ms(summary.write_latency_p50_ms) + " / " + Ms(summary.write_latency_p99_ms));
      Row(out, "read latency p50/p99", Ms(summary.read_latency_p50_ms) + " / " + Ms(summary.read_latency_p99_ms));
      Row(out, "CAP / PACELC", cls.cap + " / " + cls.pacelc);
      out << "\nformulas\n";
      for (const auto& f : q->formulas) out << "  " << f.text << "\n";
      out << "  PBS profile " << summary.profile << ", " << summary.trials << " trials, seed " << a->seed << "\n";
      for (const auto& n : q->notes) out << "  - " << n << "\n";
      out << "  - " << cls.reason << "\n";
      return;
    }

    if (*mode == ReplicationMode::LeaderFollower) {
      replication::LeaderFollowerDef d;
      d.followers = a->followers;
      const auto sync = replication::ParseReplicationSync(a->sync);
      if (!sync) return fail("--sync: expected sync, semi-sync or async");
      d.sync = *sync;
      d.mean_lag_s = *lag;
      d.write_rate_per_s = *writes;
      d.node_availability = *p;
      d.read_from_replicas = a->read_from_replicas;
      const auto raw = duration("--read-after-write", a->read_after_write);
      const auto hb = duration("--heartbeat", a->heartbeat);
      const auto el = duration("--election", a->election);
      const auto rd = duration("--redirect", a->redirect);
      if (!raw || !hb || !el || !rd) return;
      d.read_after_write_s = *raw;
      d.heartbeat_interval_s = *hb;
      d.election_s = *el;
      d.redirect_s = *rd;
      d.missed_heartbeats = a->missed_heartbeats;
      if (!a->failover.empty()) {
        const auto fo = duration("--failover", a->failover);
        if (!fo) return;
        d.failover_s = *fo;
      }
      auto r = replication::AnalyzeLeaderFollower(d);
      if (!r) return fail(r.error().Message());
      const replication::VisibilityFigures vis{a->t_ms, r->ProbabilityConsistent(a->t_ms / 1000),
                                               r->TVisibility(0.999) * 1000};
      j.update(replication::ToJson(*r));
      j.update(replication::ToJson(vis));
      j["followers"] = a->followers;
      j["sync"] = std::string(replication::ReplicationSyncKey(d.sync));
      j["strict_quorum"] = r->async_read_share == 0;
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "leader-follower, " << a->followers << " followers, " << replication::ReplicationSyncKey(d.sync)
          << (d.read_from_replicas ? ", reads from replicas" : ", reads from the leader") << "\n";
      Row(out, "RPO", units::FormatDuration(r->rpo_s));
      Row(out, "RTO", units::FormatDuration(r->rto_s));
      Row(out, "lost writes at failover", units::FormatNumber(r->expected_lost_writes, 4) + " (p99 " +
                                              units::FormatNumber(r->lost_writes_p99, 4) + ")");
      Row(out, "write availability", Pct(r->write_availability));
      Row(out, "read availability", Pct(r->read_availability));
      Row(out, "read-your-writes risk", Pct(r->read_your_writes_risk));
      Row(out, "monotonic-read risk", Pct(r->monotonic_read_risk));
      Row(out, "p_consistent at " + units::FormatNumber(a->t_ms, 4) + " ms", Pct(vis.p_consistent));
      Row(out, "CAP / PACELC", r->classification.cap + " / " + r->classification.pacelc);
      out << "\nfailover timeline\n";
      for (const auto& s : r->timeline) out << "  " << std::setw(10) << units::FormatDuration(s.at_s) << "  " << s.event << "\n";
      out << "\nformulas\n";
      for (const auto& f : r->formulas) out << "  " << f.text << "\n";
      for (const auto& n : r->notes) out << "  - " << n << "\n";
      out << "  - " << r->classification.reason << "\n";
      return;
    }

    const auto keys = units::ParseCount(a->keys);
    if (!keys) return fail("--keys: " + keys.error().Message());
    auto r = replication::AnalyzeMultiLeader(replication::MultiLeaderDef{a->leaders, *writes, *keys, *lag, *p});
    if (!r) return fail(r.error().Message());
    const replication::VisibilityFigures vis{a->t_ms, r->ProbabilityConsistent(a->t_ms / 1000),
                                             r->TVisibility(0.999) * 1000};
    j.update(replication::ToJson(*r));
    j.update(replication::ToJson(vis));
    j["leaders"] = a->leaders;
    j["strict_quorum"] = false;
    if (a->format == "json") return PrintJson(ctx.out, j);
    auto& out = ctx.out;
    out << "multi-leader, " << a->leaders << " leaders\n";
    Row(out, "RPO", units::FormatDuration(r->rpo_s));
    Row(out, "write availability", Pct(r->write_availability));
    Row(out, "conflict probability", Pct(r->conflict_probability));
    Row(out, "conflicts", units::FormatRate(r->conflicts_per_s));
    Row(out, "LWW lost writes", units::FormatRate(r->lww_lost_writes_per_s) + " (" +
                                    units::FormatNumber(r->lww_lost_writes_per_day, 4) + "/day)");
    Row(out, "p_consistent at " + units::FormatNumber(a->t_ms, 4) + " ms", Pct(vis.p_consistent));
    Row(out, "CAP / PACELC", r->classification.cap + " / " + r->classification.pacelc);
    out << "\nformulas\n";
    for (const auto& f : r->formulas) out << "  " << f.text << "\n";
    for (const auto& n : r->notes) out << "  - " << n << "\n";
  });
}

}  // namespace sdlab::cli
