// Figures of a run (Engine::Result), the Simulation wrapper, replications with confidence
// intervals, and the JSON form of it all.
#include <algorithm>
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/queue.h"
#include "sdlab/units.h"
#include "sim/engine.h"

namespace sdlab::sim {

namespace {

std::string Num(double v) { return units::FormatNumber(v, 4); }
std::string Count(double v) { return units::FormatCount(v, 4); }
std::string Secs(double v) { return units::FormatDuration(v, 4); }

LatencySummary Summarize(const LogHistogram& h) {
  LatencySummary s;
  s.count = h.Count();
  s.mean_s = h.Mean();
  s.p50_s = h.Quantile(0.5);
  s.p95_s = h.Quantile(0.95);
  s.p99_s = h.Quantile(0.99);
  s.p999_s = h.Quantile(0.999);
  s.max_s = h.Max();
  return s;
}

double Ratio(double a, double b) { return b > 0 ? a / b : 0.0; }

}  // namespace

// [SECTION] Engine::Result -----------------------------------------------------------------------------

SimResult Engine::Result() const {
  SimResult res;
  res.name = model_.name;
  res.seed = seed_;
  res.replication = replication_;
  res.profile = std::string(LoadProfileName(def_.profile));
  res.arrivals = std::string(ArrivalProcessName(def_.arrivals));
  res.duration_s = end_;
  res.warmup_s = def_.warmup_s;
  res.end_s = now_;
  const double T = std::max(0.0, now_ - def_.warmup_s);
  res.measured_s = T;
  res.base_rate_rps = model_.plan.base_rate_rps;
  res.saturation_rps = model_.plan.saturation_rps;
  res.bottleneck = model_.plan.bottleneck;
  res.arrivals_count = arrivals_;
  res.attempts = attempts_;
  res.retries = retries_;
  res.succeeded = succeeded_;
  res.failed = failed_;
  res.timeouts = timeouts_final_;
  res.timeouts_attempts = timeouts_attempts_;
  res.errors_shed = errors_shed_;
  res.errors_no_replica = errors_no_replica_;
  res.errors_circuit_open = errors_circuit_;
  res.errors_no_leader = errors_no_leader_;
  res.errors_quorum = errors_quorum_;
  res.stale_served = stale_served_;
  std::uint64_t in_flight = 0, background = 0;
  for (const Request& q : reqs_) {
    if (q.state == kActive || q.state == kLate || q.state == kWaitRetry) ++in_flight;
    if (q.state == kBackground) ++background;
  }
  res.in_flight_end = in_flight;
  res.background_in_flight_end = background;
  res.memory_guard_rejected = guard_rejected_;
  LogHistogram latency;  // every flow's successful requests
  for (const FlowState& fs : flows_) latency.Merge(fs.latency);
  res.latency = Summarize(latency);
  res.throughput_rps = Ratio(static_cast<double>(succeeded_), T);
  const double finished = static_cast<double>(succeeded_ + failed_);
  res.error_rate = Ratio(static_cast<double>(failed_), finished);
  res.timeout_rate = Ratio(static_cast<double>(timeouts_final_), finished);
  res.formulas = model_.plan.formulas;
  res.notes = model_.plan.notes;
  res.formulas.emplace_back("throughput_rps", "throughput = successful requests ÷ measured time = " +
                                                  Count(static_cast<double>(succeeded_)) + " ÷ " + Secs(T) + " = " +
                                                  units::FormatRate(res.throughput_rps, 4));
  res.formulas.emplace_back("error_rate", "error rate = failed ÷ (succeeded + failed) = " + Count(static_cast<double>(failed_)) +
                                              " ÷ " + Count(finished) + " = " + Num(res.error_rate));
  res.formulas.emplace_back("latency_ms", "latency = answer received − first attempt sent, successful requests only (retries "
                                              "included); percentiles from a log histogram, ±0.78%");

  // Flows.
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    const FlowModel& fm = model_.flows[f];
    const FlowState& fs = flows_[f];
    FlowResult fr;
    fr.id = fm.id;
    fr.kind = fm.kind == FlowKind::Read ? "read" : "write";
    fr.async = fm.async;
    fr.offered_rps = fm.base_rate;
    fr.arrivals = fs.arrivals;
    fr.succeeded = fs.succeeded;
    fr.failed = fs.failed;
    fr.timeouts = fs.timeouts;
    fr.error_rate = Ratio(static_cast<double>(fs.failed), static_cast<double>(fs.succeeded + fs.failed));
    fr.throughput_rps = Ratio(static_cast<double>(fs.succeeded), T);
    fr.latency = Summarize(fs.latency);
    if (fm.async_hop >= 0) fr.background = Summarize(fs.background);
    fr.background_lost = fs.background_lost;
    res.flows.push_back(std::move(fr));
  }

  // Components.
  for (std::size_t i = 0; i < st_.size(); ++i) {
    const StationModel& sm = model_.stations[i];
    const Station& st = st_[i];
    const double since = now_ - st.last_t;
    const double a_in = st.area_in + st.n_in * since - st.w_area_in;
    const double a_busy = st.area_busy + st.n_busy * since - st.w_area_busy;
    const double a_cap = st.area_cap + st.servers_avail * since - st.w_area_cap;
    const double a_wait = st.area_wait + st.waiting * since - st.w_area_wait;
    ComponentResult c;
    c.id = sm.id;
    c.kind = std::string(ComponentKindName(sm.kind));
    c.queueing = sm.role == Role::Queue;
    c.replicas = sm.replicas;
    c.replicas_final = st.active;
    c.replicas_max = st.max_active;
    c.servers_per_replica = sm.servers;
    c.service_time_s = sm.sampler.mean;
    c.capacity_rps = c.queueing ? sm.servers / std::max(1e-12, sm.sampler.mean) : 0.0;
    c.arrivals = st.arrivals;
    c.completions = st.completions;
    c.rejected = st.rejected;
    c.lost = st.lost;
    c.throughput_rps = Ratio(static_cast<double>(st.completions), T);
    c.response = Summarize(st.sojourn);
    c.circuit_opens = st.br_opens;
    c.stale_served = st.stale;
    if (c.queueing) {
      c.utilization = Ratio(a_busy, a_cap);
      c.mean_queue_length = Ratio(a_wait, T);
      c.max_queue_length = st.max_waiting;
      c.mean_in_system = Ratio(a_in, T);
      res.formulas.emplace_back("utilization." + sm.id, "utilization = busy server-time ÷ available server-time = " +
                                                            Secs(a_busy) + " ÷ " + Secs(a_cap) + " = " + Num(c.utilization));
    } else {
      c.mean_in_system = Ratio(st.delay_sum, T);
    }
    c.littles_lambda_w = Ratio(st.sojourn.Sum(), T);
    if (c.queueing)
      res.formulas.emplace_back("littles_law." + sm.id,
                                "L = λ·W: time-average in system = " + Num(c.mean_in_system) + "; λ·W = " +
                                    units::FormatRate(c.throughput_rps, 4) + " × " + Secs(c.response.mean_s) + " = " +
                                    Num(c.littles_lambda_w));
    if (c.queueing && !sm.is_db && sm.sampler.shape == ServiceShape::Exponential && T > 0 && a_cap > 0) {
      const double replicas = a_cap / (T * sm.servers);  // time-average replicas serving
      const double lambda = static_cast<double>(st.arrivals) / T / std::max(1e-12, replicas);
      const double mu = 1.0 / sm.sampler.mean;
      if (lambda > 0 && lambda < sm.servers * mu) {
        const queue::QueueMetrics q = queue::AnalyzeMmc(lambda, mu, sm.servers);
        if (q.mean_response_s) {
          c.mmc_mean_response_s = *q.mean_response_s;
          res.formulas.emplace_back("mmc." + sm.id, "Erlang C per replica: λ = " + units::FormatRate(lambda, 4) + ", μ = " +
                                                        units::FormatRate(mu, 4) + ", c = " + std::to_string(sm.servers) +
                                                        " → W = " + Secs(*q.mean_response_s) +
                                                        " (random splitting assumed; measured " + Secs(c.response.mean_s) + ")");
        }
      }
    }
    if (sm.short_circuit && st.hits + st.misses > 0)
      c.hit_ratio = Ratio(static_cast<double>(st.hits), static_cast<double>(st.hits + st.misses));
    if (sm.is_db && sm.set_size > 1 &&
        (sm.mode == ReplicationMode::LeaderFollower || sm.mode == ReplicationMode::MultiLeader))
      c.replication_lag = Summarize(st.lag);
    res.components.push_back(std::move(c));
  }
  // Backlog of queues and streams: what waits at their consumers.
  for (std::size_t i = 0; i < st_.size(); ++i) {
    const StationModel& sm = model_.stations[i];
    if (sm.kind != ComponentKind::Queue && sm.kind != ComponentKind::Stream) continue;
    std::vector<std::uint32_t> consumers;
    for (const FlowModel& fm : model_.flows)
      for (std::size_t h = 0; h + 1 < fm.hops.size(); ++h)
        if (fm.hops[h].station == i) consumers.push_back(fm.hops[h + 1].station);
    std::sort(consumers.begin(), consumers.end());
    consumers.erase(std::unique(consumers.begin(), consumers.end()), consumers.end());
    double backlog = 0;
    for (std::uint32_t c : consumers) backlog += res.components[c].mean_queue_length;
    res.components[i].backlog = backlog;
  }
  res.events = log_;
  res.events_not_logged = log_dropped_;
  res.timeline = timeline_;
  res.events_processed = events_;
  res.peak_requests_in_flight = peak_requests_;
  res.peak_jobs = peak_jobs_;
  res.truncated = truncated_;
  res.memory_bound_bytes = model_.plan.memory_bound_bytes;
  if (in_flight + background > 0)
    res.notes.push_back(std::to_string(in_flight + background) +
                        " request(s) still in flight when the run stopped (not in the figures)");
  if (guard_rejected_ > 0)
    res.notes.push_back(std::to_string(guard_rejected_) + " arrival(s) refused by the memory guard (too many requests in flight)");
  if (truncated_) res.notes.push_back("stopped early: the event cap (2 × the event budget) was reached");
  if (log_dropped_ > 0) res.notes.push_back(std::to_string(log_dropped_) + " event(s) not logged (log limit)");
  return res;
}

// [SECTION] Simulation -----------------------------------------------------------------------------------

Simulation::Simulation(std::unique_ptr<Engine> engine) : engine_(std::move(engine)) {}
Simulation::Simulation(Simulation&&) noexcept = default;
Simulation& Simulation::operator=(Simulation&&) noexcept = default;
Simulation::~Simulation() = default;

Expected<Simulation, SimError> Simulation::Create(const Blueprint& bp, const SimDef& def, int replication) {
  if (replication < 0) return Unexpected{SimError{"replications", "must be ≥ 0"}};
  auto m = BuildModel(bp, def);
  if (!m) return Unexpected{m.error()};
  return Simulation(std::make_unique<Engine>(std::move(*m), ReplicationSeed(def.seed, replication), replication));
}

bool Simulation::Advance(double until_s, std::uint64_t max_events) { return engine_->Advance(until_s, max_events); }
bool Simulation::Finished() const { return engine_->Finished(); }
double Simulation::Now() const { return engine_->Now(); }
double Simulation::EndTime() const { return engine_->EndTime(); }
double Simulation::Progress() const { return engine_->EndTime() > 0 ? engine_->Now() / engine_->EndTime() : 1.0; }
const RunPlan& Simulation::Plan() const { return engine_->Plan(); }
const Timeline& Simulation::TimelineSoFar() const { return engine_->TimelineRef(); }
std::uint64_t Simulation::EventsProcessed() const { return engine_->EventsProcessed(); }
SimResult Simulation::Result() const { return engine_->Result(); }
Expected<double, SimError> Simulation::Inject(const FaultDef& fault) { return engine_->Inject(fault); }

std::uint64_t ReplicationSeed(std::uint64_t seed, int replication) {
  if (replication == 0) return seed;
  std::uint64_t s = seed ^ (0x9E3779B97F4A7C15ull * static_cast<std::uint64_t>(replication));
  return SplitMix64(s);
}

double StudentT95(int df) {
  static constexpr double kT[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                  2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                  2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
  if (df < 1) return 0;
  if (df <= 30) return kT[df - 1];
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.000;
  if (df <= 120) return 1.980;
  return 1.960;
}

ReplicationSummary SummarizeReplications(const std::vector<SimResult>& runs) {
  ReplicationSummary s;
  s.count = static_cast<int>(runs.size());
  for (const auto& r : runs) s.seeds.push_back(r.seed);
  if (runs.empty()) return s;
  auto add = [&](const std::string& key, auto get) {
    const double n = static_cast<double>(runs.size());
    double sum = 0;
    for (const auto& r : runs) sum += get(r);
    const double mean = sum / n;
    double ss = 0;
    for (const auto& r : runs) ss += (get(r) - mean) * (get(r) - mean);
    Interval iv{mean, mean, mean};
    if (runs.size() > 1) {
      const double half = StudentT95(s.count - 1) * std::sqrt(ss / (n - 1) / n);
      iv.low = mean - half;
      iv.high = mean + half;
    }
    s.metrics.emplace_back(key, iv);
  };
  add("latency_mean_ms", [](const SimResult& r) { return r.latency.mean_s * 1e3; });
  add("latency_p50_ms", [](const SimResult& r) { return r.latency.p50_s * 1e3; });
  add("latency_p95_ms", [](const SimResult& r) { return r.latency.p95_s * 1e3; });
  add("latency_p99_ms", [](const SimResult& r) { return r.latency.p99_s * 1e3; });
  add("latency_p999_ms", [](const SimResult& r) { return r.latency.p999_s * 1e3; });
  add("throughput_rps", [](const SimResult& r) { return r.throughput_rps; });
  add("error_rate", [](const SimResult& r) { return r.error_rate; });
  add("timeout_rate", [](const SimResult& r) { return r.timeout_rate; });
  for (std::size_t c = 0; c < runs[0].components.size(); ++c) {
    const std::string id = runs[0].components[c].id;
    add("components." + id + ".utilization",
        [c](const SimResult& r) { return c < r.components.size() ? r.components[c].utilization : 0.0; });
    add("components." + id + ".response_mean_ms",
        [c](const SimResult& r) { return c < r.components.size() ? r.components[c].response.mean_s * 1e3 : 0.0; });
  }
  return s;
}

Expected<SimReport, SimError> RunSimulation(const Blueprint& bp, const SimDef& def, int replications) {
  if (replications < 1 || replications > 1000) return Unexpected{SimError{"replications", "must be between 1 and 1000"}};
  auto m = BuildModel(bp, def);
  if (!m) return Unexpected{m.error()};
  std::vector<SimResult> runs;
  for (int i = 0; i < replications; ++i) {
    Engine engine(*m, ReplicationSeed(def.seed, i), i);
    engine.Advance(engine.EndTime(), UINT64_MAX);
    runs.push_back(engine.Result());
    if (i > 0) runs.back().timeline = Timeline{};
  }
  SimReport report;
  if (replications > 1) report.replications = SummarizeReplications(runs);
  report.result = std::move(runs.front());
  return report;
}

// [SECTION] JSON ---------------------------------------------------------------------------------------

namespace {

double R(double v) { return RoundSig(v, 6); }

nlohmann::json LatencyMs(const LatencySummary& s) {
  return {{"count", s.count},        {"mean", R(s.mean_s * 1e3)}, {"p50", R(s.p50_s * 1e3)},
          {"p95", R(s.p95_s * 1e3)}, {"p99", R(s.p99_s * 1e3)},   {"p999", R(s.p999_s * 1e3)},
          {"max", R(s.max_s * 1e3)}};
}

nlohmann::json Series(const std::vector<double>& v, double scale = 1.0) {
  nlohmann::json a = nlohmann::json::array();
  for (double x : v) a.push_back(R(x * scale));
  return a;
}

}  // namespace

nlohmann::json ToJson(const SimResult& r, bool timeline, const ReplicationSummary* replications) {
  nlohmann::json j;
  j["name"] = r.name;
  j["seed"] = r.seed;
  j["profile"] = r.profile;
  j["arrivals"] = r.arrivals;
  j["duration_s"] = R(r.duration_s);
  j["warmup_s"] = R(r.warmup_s);
  j["measured_s"] = R(r.measured_s);
  j["base_rate_rps"] = R(r.base_rate_rps);
  j["saturation_rps"] = R(r.saturation_rps);
  j["bottleneck"] = r.bottleneck.empty() ? nlohmann::json() : nlohmann::json(r.bottleneck);
  j["latency_ms"] = LatencyMs(r.latency);
  j["throughput_rps"] = R(r.throughput_rps);
  j["error_rate"] = R(r.error_rate);
  j["timeout_rate"] = R(r.timeout_rate);
  j["requests"] = {{"arrivals", r.arrivals_count},
                   {"attempts", r.attempts},
                   {"retries", r.retries},
                   {"succeeded", r.succeeded},
                   {"failed", r.failed},
                   {"timeouts", r.timeouts},
                   {"stale_served", r.stale_served},
                   {"in_flight_end", r.in_flight_end},
                   {"background_in_flight_end", r.background_in_flight_end},
                   {"memory_guard_rejected", r.memory_guard_rejected},
                   {"failed_attempts",
                    {{"timeout", r.timeouts_attempts},
                     {"shed", r.errors_shed},
                     {"no_replica", r.errors_no_replica},
                     {"circuit_open", r.errors_circuit_open},
                     {"no_leader", r.errors_no_leader},
                     {"quorum", r.errors_quorum}}}};
  nlohmann::json flows = nlohmann::json::object();
  for (const auto& f : r.flows) {
    nlohmann::json o = {{"kind", f.kind},
                        {"async", f.async},
                        {"offered_rps", R(f.offered_rps)},
                        {"arrivals", f.arrivals},
                        {"succeeded", f.succeeded},
                        {"failed", f.failed},
                        {"timeouts", f.timeouts},
                        {"error_rate", R(f.error_rate)},
                        {"throughput_rps", R(f.throughput_rps)},
                        {"latency_ms", LatencyMs(f.latency)}};
    if (f.background) {
      o["background_latency_ms"] = LatencyMs(*f.background);
      o["background_lost"] = f.background_lost;
    }
    flows[f.id] = std::move(o);
  }
  j["flows"] = std::move(flows);
  nlohmann::json comps = nlohmann::json::object();
  for (const auto& c : r.components) {
    nlohmann::json o = {{"kind", c.kind},
                        {"queueing", c.queueing},
                        {"replicas", c.replicas},
                        {"replicas_final", c.replicas_final},
                        {"replicas_max", c.replicas_max},
                        {"servers_per_replica", c.servers_per_replica},
                        {"service_time_ms", R(c.service_time_s * 1e3)},
                        {"capacity_rps", R(c.capacity_rps)},
                        {"arrivals", c.arrivals},
                        {"completions", c.completions},
                        {"rejected", c.rejected},
                        {"lost", c.lost},
                        {"throughput_rps", R(c.throughput_rps)},
                        {"utilization", R(c.utilization)},
                        {"queue_length", R(c.mean_queue_length)},
                        {"max_queue_length", R(c.max_queue_length)},
                        {"in_system", R(c.mean_in_system)},
                        {"littles_law", {{"l", R(c.mean_in_system)}, {"lambda_w", R(c.littles_lambda_w)}}},
                        {"response_ms", LatencyMs(c.response)},
                        {"circuit_opens", c.circuit_opens}};
    if (c.mmc_mean_response_s) o["mmc_mean_response_ms"] = R(*c.mmc_mean_response_s * 1e3);
    if (c.hit_ratio) {
      o["hit_ratio"] = R(*c.hit_ratio);
      o["stale_served"] = c.stale_served;
    }
    if (c.replication_lag) o["replication_lag_ms"] = LatencyMs(*c.replication_lag);
    if (c.backlog) o["backlog"] = R(*c.backlog);
    comps[c.id] = std::move(o);
  }
  j["components"] = std::move(comps);
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : r.events) {
    nlohmann::json o = {{"t_s", R(e.t_s)}, {"kind", e.kind}, {"detail", e.detail}};
    if (!e.component.empty()) o["component"] = e.component;
    if (e.replica >= 0) o["replica"] = e.replica;
    events.push_back(std::move(o));
  }
  j["events"] = std::move(events);
  j["events_not_logged"] = r.events_not_logged;
  j["engine"] = {{"events", r.events_processed},
                 {"peak_requests_in_flight", r.peak_requests_in_flight},
                 {"peak_jobs", r.peak_jobs},
                 {"memory_bound_bytes", R(r.memory_bound_bytes)},
                 {"truncated", r.truncated},
                 {"histogram_relative_error", R(LogHistogram::kRelativeError)}};
  nlohmann::json formulas = nlohmann::json::object();
  for (const auto& [k, v] : r.formulas) formulas[k] = v;
  j["formulas"] = std::move(formulas);
  j["notes"] = r.notes;
  if (replications) {
    nlohmann::json m = nlohmann::json::object();
    for (const auto& [k, iv] : replications->metrics) m[k] = {{"mean", R(iv.mean)}, {"low", R(iv.low)}, {"high", R(iv.high)}};
    j["replications"] = {{"count", replications->count}, {"seeds", replications->seeds}, {"confidence", 0.95}, {"metrics", m}};
  }
  if (timeline) {
    const Timeline& t = r.timeline;
    nlohmann::json tl = {{"t_s", Series(t.t_s)},
                         {"offered_rps", Series(t.offered_rps)},
                         {"attempts_rps", Series(t.attempts_rps)},
                         {"throughput_rps", Series(t.throughput_rps)},
                         {"error_rate", Series(t.error_rate)},
                         {"timeout_rate", Series(t.timeout_rate)},
                         {"in_flight", Series(t.in_flight)},
                         {"latency_ms",
                          {{"p50", Series(t.p50_s, 1e3)},
                           {"p95", Series(t.p95_s, 1e3)},
                           {"p99", Series(t.p99_s, 1e3)},
                           {"p999", Series(t.p999_s, 1e3)}}}};
    nlohmann::json tc = nlohmann::json::object();
    for (std::size_t i = 0; i < t.components.size() && i < r.components.size(); ++i) {
      const ComponentSeries& cs = t.components[i];
      nlohmann::json o = {{"utilization", Series(cs.utilization)},
                          {"queue_length", Series(cs.queue_length)},
                          {"in_system", Series(cs.in_system)},
                          {"replicas", Series(cs.replicas)},
                          {"throughput_rps", Series(cs.throughput_rps)}};
      if (!cs.hit_ratio.empty()) o["hit_ratio"] = Series(cs.hit_ratio);
      if (!cs.replication_lag_s.empty()) o["replication_lag_ms"] = Series(cs.replication_lag_s, 1e3);
      tc[r.components[i].id] = std::move(o);
    }
    tl["components"] = std::move(tc);
    nlohmann::json tf = nlohmann::json::object();
    for (std::size_t i = 0; i < t.flows.size() && i < r.flows.size(); ++i)
      tf[r.flows[i].id] = {{"throughput_rps", Series(t.flows[i].throughput_rps)}, {"p99_ms", Series(t.flows[i].p99_s, 1e3)}};
    tl["flows"] = std::move(tf);
    j["timeline"] = std::move(tl);
  }
  return j;
}

nlohmann::json ToJson(const SimReport& report, bool timeline) {
  return ToJson(report.result, timeline, report.replications ? &*report.replications : nullptr);
}

}  // namespace sdlab::sim
