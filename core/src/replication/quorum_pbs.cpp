// Leaderless quorums and Probabilistically Bounded Staleness (k-staleness closed form, t-visibility
// by Monte Carlo of the WARS model). See sdlab/replication.h.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <string>
#include <vector>

#include "queue/sample_stats.h"
#include "sdlab/random.h"
#include "sdlab/replication.h"

namespace sdlab::replication {

using sample_stats::Fmt;

namespace {
Unexpected<InputError> Fail(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}
}  // namespace

std::string InputError::Message() const { return field.empty() ? message : field + ": " + message; }

double KStaleness(int n, int r, int w, int k) {
  const double ps = sample_stats::Binomial(n - w, r) / sample_stats::Binomial(n, r);
  double pk = 1;
  for (int i = 0; i < k; ++i) pk *= ps;
  return 1 - pk;
}

Expected<QuorumResult, InputError> AnalyzeQuorum(const QuorumDef& d) {
  if (d.n < 1 || d.n > 1000) return Fail("n", "must be between 1 and 1000");
  if (d.r < 1 || d.r > d.n) return Fail("r", "must be between 1 and n");
  if (d.w < 1 || d.w > d.n) return Fail("w", "must be between 1 and n");
  if (!std::isfinite(d.node_availability) || d.node_availability < 0 || d.node_availability > 1)
    return Fail("node_availability", "must be a fraction in [0, 1]");
  QuorumResult q;
  q.strict_quorum = d.r + d.w > d.n;
  q.overlap_guaranteed = q.strict_quorum && !d.sloppy;
  q.writes_overlap = 2 * d.w > d.n;
  q.read_availability = sample_stats::AtLeastKOfN(d.r, d.n, d.node_availability);
  q.write_availability = sample_stats::AtLeastKOfN(d.w, d.n, d.node_availability);
  q.read_fault_tolerance = d.n - d.r;
  q.write_fault_tolerance = d.n - d.w;
  q.p_stale_read = sample_stats::Binomial(d.n - d.w, d.r) / sample_stats::Binomial(d.n, d.r);
  const std::string n = std::to_string(d.n), r = std::to_string(d.r), w = std::to_string(d.w);
  q.formulas.push_back({"strict_quorum", "R + W > N: " + r + " + " + w + (q.strict_quorum ? " > " : " ≤ ") + n +
                                             (q.strict_quorum ? " → every read quorum meets every write quorum"
                                                              : " → a read can miss the latest write")});
  q.formulas.push_back({"read_availability", "P(≥ R of N up) = Σ_{k=" + r + "}^{" + n + "} C(" + n + ",k) p^k (1−p)^(" +
                                                 n + "−k), p = " + Fmt(d.node_availability, 6) + " → " +
                                                 Fmt(q.read_availability, 10)});
  q.formulas.push_back({"write_availability", "P(≥ W of N up) = Σ_{k=" + w + "}^{" + n + "} C(" + n + ",k) p^k (1−p)^(" +
                                                  n + "−k) → " + Fmt(q.write_availability, 10)});
  q.formulas.push_back({"p_stale_read", "p_s = C(N−W, R)/C(N, R) = C(" + std::to_string(d.n - d.w) + ", " + r + ")/C(" +
                                            n + ", " + r + ") = " + Fmt(q.p_stale_read)});
  if (!q.writes_overlap)
    q.notes.push_back("2W ≤ N: two concurrent writes can succeed on disjoint replicas (conflicts need versioning)");
  if (d.sloppy) {
    q.notes.push_back("sloppy quorum: writes go to any W healthy nodes (hinted handoff), so writes stay available "
                      "through replica failures, but R + W > N no longer guarantees a read sees the write until the "
                      "hints are handed back");
  }
  if (d.r == d.n) q.notes.push_back("R = N: one replica down blocks every read");
  if (d.w == d.n) q.notes.push_back("W = N: one replica down blocks every write");
  return q;
}

// [SECTION] WARS latency profiles ---------------------------------------------------------------------

double LatencyDistribution::Sample(Rng& rng) const {
  const double u = rng.Uniform01();
  double v = 0;
  if (u < pareto_weight) {
    v = rng.Pareto(pareto_xm_ms, pareto_alpha);
  } else if (exponential_rate_per_ms > 0) {
    v = rng.Exponential(exponential_rate_per_ms);
  }
  return v + offset_ms;
}

namespace {

LatencyDistribution Mix(double pareto_weight, double xm, double alpha, double rate) {
  LatencyDistribution d;
  d.pareto_weight = pareto_weight;
  d.pareto_xm_ms = xm;
  d.pareto_alpha = alpha;
  d.exponential_rate_per_ms = rate;
  return d;
}

std::vector<double> SplitNumbers(std::string_view text, bool& ok) {
  std::vector<double> out;
  ok = true;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(':', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string part(text.substr(start, end - start));
    char* stop = nullptr;
    const double v = std::strtod(part.c_str(), &stop);
    if (part.empty() || stop != part.c_str() + part.size() || !std::isfinite(v) || v <= 0) ok = false;
    out.push_back(v);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<std::string> WarsProfileNames() { return {"lnkd-ssd", "lnkd-disk", "ymmr"}; }

Expected<WarsProfile, InputError> ParseWarsProfile(std::string_view text) {
  WarsProfile p;
  const LatencyDistribution lnkd = Mix(0.9122, 0.235, 10, 1.66);
  if (text == "lnkd-ssd" || text == "linkedin-ssd") {
    p.name = "lnkd-ssd";
    p.w = p.a = p.r = p.s = lnkd;
    return p;
  }
  if (text == "lnkd-disk" || text == "linkedin-disk") {
    p.name = "lnkd-disk";
    p.w = Mix(0.38, 1.05, 1.51, 0.183);
    p.a = p.r = p.s = lnkd;
    return p;
  }
  if (text == "ymmr" || text == "yammer") {
    p.name = "ymmr";
    p.w = Mix(0.939, 3, 3.35, 0.0028);
    p.a = p.r = p.s = Mix(0.982, 1.5, 3.8, 0.0217);
    return p;
  }
  const auto colon = text.find(':');
  const std::string_view kind = text.substr(0, colon);
  if (colon != std::string_view::npos && kind == "exponential") {
    bool ok = false;
    const std::vector<double> v = SplitNumbers(text.substr(colon + 1), ok);
    if (!ok || v.empty() || v.size() > 2)
      return Fail("profile", "expected exponential:W_MEAN_MS[:ARS_MEAN_MS] with positive means");
    p.name = std::string(text);
    p.w = Mix(0, 0, 0, 1 / v[0]);
    p.a = p.r = p.s = Mix(0, 0, 0, 1 / (v.size() > 1 ? v[1] : v[0]));
    return p;
  }
  if (colon != std::string_view::npos && kind == "pareto") {
    bool ok = false;
    const std::vector<double> v = SplitNumbers(text.substr(colon + 1), ok);
    if (!ok || (v.size() != 2 && v.size() != 4))
      return Fail("profile", "expected pareto:XM:ALPHA[:XM:ALPHA] with positive numbers");
    p.name = std::string(text);
    p.w = Mix(1, v[0], v[1], 0);
    p.a = p.r = p.s = v.size() == 4 ? Mix(1, v[2], v[3], 0) : p.w;
    return p;
  }
  return Fail("profile", "unknown profile '" + std::string(text) +
                             "' (lnkd-ssd, lnkd-disk, ymmr, exponential:W_MS[:ARS_MS], pareto:XM:ALPHA[:XM:ALPHA])");
}

// [SECTION] PBS Monte Carlo ----------------------------------------------------------------------------

double PbsResult::ProbabilityConsistent(double t_ms) const {
  if (t_needed_ms.empty()) return 1;
  const auto it = std::upper_bound(t_needed_ms.begin(), t_needed_ms.end(), t_ms);
  return static_cast<double>(it - t_needed_ms.begin()) / static_cast<double>(t_needed_ms.size());
}

double PbsResult::TVisibility(double p) const { return sample_stats::Percentile(t_needed_ms, p); }

Expected<PbsResult, InputError> SimulatePbs(const PbsDef& d) {
  if (d.n < 1 || d.n > 100) return Fail("n", "must be between 1 and 100 for PBS");
  if (d.r < 1 || d.r > d.n) return Fail("r", "must be between 1 and n");
  if (d.w < 1 || d.w > d.n) return Fail("w", "must be between 1 and n");
  if (d.trials < 1000 || d.trials > 10'000'000) return Fail("trials", "must be between 1000 and 10000000");
  Rng rng(d.seed);
  const auto n = static_cast<std::size_t>(d.n);
  std::vector<double> wl(n), al(n), rl(n), sl(n), write_done(n), read_done(n), sorted_writes(n);
  std::vector<std::size_t> order(n);
  PbsResult out;
  out.t_needed_ms.reserve(static_cast<std::size_t>(d.trials));
  std::vector<double> write_lat, read_lat;
  write_lat.reserve(static_cast<std::size_t>(d.trials));
  read_lat.reserve(static_cast<std::size_t>(d.trials));
  for (int trial = 0; trial < d.trials; ++trial) {
    for (std::size_t i = 0; i < n; ++i) {
      wl[i] = d.profile.w.Sample(rng);
      al[i] = d.profile.a.Sample(rng);
      rl[i] = d.profile.r.Sample(rng);
      sl[i] = d.profile.s.Sample(rng);
      write_done[i] = wl[i] + al[i];
      read_done[i] = rl[i] + sl[i];
    }
    std::copy(write_done.begin(), write_done.end(), sorted_writes.begin());
    std::nth_element(sorted_writes.begin(), sorted_writes.begin() + (d.w - 1), sorted_writes.end());
    const double commit = sorted_writes[static_cast<std::size_t>(d.w - 1)];
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return read_done[a] != read_done[b] ? read_done[a] < read_done[b] : a < b;
    });
    double need = 1e300;
    for (int k = 0; k < d.r; ++k) {
      const std::size_t i = order[static_cast<std::size_t>(k)];
      need = std::min(need, wl[i] - rl[i] - commit);
    }
    out.t_needed_ms.push_back(std::max(0.0, need));
    write_lat.push_back(commit);
    read_lat.push_back(read_done[order[static_cast<std::size_t>(d.r - 1)]]);
  }
  std::sort(out.t_needed_ms.begin(), out.t_needed_ms.end());
  std::sort(write_lat.begin(), write_lat.end());
  std::sort(read_lat.begin(), read_lat.end());
  out.write_latency_p50_ms = sample_stats::Percentile(write_lat, 0.5);
  out.write_latency_p99_ms = sample_stats::Percentile(write_lat, 0.99);
  out.read_latency_p50_ms = sample_stats::Percentile(read_lat, 0.5);
  out.read_latency_p99_ms = sample_stats::Percentile(read_lat, 0.99);
  return out;
}

std::vector<PbsPoint> PbsCurve(const PbsResult& result, double max_t_ms, int points) {
  std::vector<PbsPoint> out;
  if (points < 1 || !(max_t_ms > 0)) return out;
  for (int i = 0; i <= points; ++i) {
    const double t = max_t_ms * static_cast<double>(i) / static_cast<double>(points);
    out.push_back(PbsPoint{t, result.ProbabilityConsistent(t)});
  }
  return out;
}

}  // namespace sdlab::replication
