// The discrete-event engine: event handlers for arrivals, hops, service, timeouts, retries,
// failures, failover, autoscaling and sampling. See sdlab/sim.h for the model it implements.
#include "sim/engine.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "sdlab/units.h"

namespace sdlab::sim {

namespace {
std::string Pct(double v) { return units::FormatPercent(v, 3); }
std::string Dur(double v) { return units::FormatDuration(v, 3); }
}  // namespace

// [SECTION] Set-up ------------------------------------------------------------------------------------

Engine::Engine(Model model, std::uint64_t seed, int replication)
    : model_(std::move(model)),
      def_(model_.def),
      seed_(seed),
      replication_(replication),
      rng_arrival_(Rng(seed).Fork(1)),
      rng_service_(Rng(seed).Fork(2)),
      rng_route_(Rng(seed).Fork(3)) {
  end_ = model_.duration_s;
  hard_cap_ = static_cast<std::uint64_t>(std::max(1e6, 2.0 * def_.budget.max_events));
  measuring_ = def_.warmup_s <= 0;
  st_.resize(model_.stations.size());
  for (std::size_t i = 0; i < st_.size(); ++i) {
    const StationModel& sm = model_.stations[i];
    Station& st = st_[i];
    st.reps.resize(static_cast<std::size_t>(sm.slots));
    for (int r = 0; r < sm.slots; ++r) {
      Replica& rep = st.reps[static_cast<std::size_t>(r)];
      rep.servers = sm.role == Role::Queue ? sm.servers : 0;
      rep.active = r < sm.replicas;
      if (rep.active) st.servers_avail += rep.servers;
    }
    st.hi = st.active = st.max_active = sm.replicas;
    st.open.assign(st.reps.size(), 0);
    st.ok.assign(st.reps.size(), 0);
    for (int r = 0; r < sm.slots; ++r) SetOk(st, r);
    if (sm.is_db) {
      st.leader.assign(static_cast<std::size_t>(sm.shards), 0);
      st.failover_pending.assign(static_cast<std::size_t>(sm.shards), 0);
    }
    if (sm.autoscale) autoscaled_.push_back(static_cast<std::uint32_t>(i));
  }
  for (const FlowModel& fm : model_.flows)
    for (const HopModel& h : fm.hops)
      if (h.strategy == LbStrategy::LeastResponseTime) st_[h.station].track_ewma = true;
  flows_.resize(model_.flows.size());
  timeline_.components.resize(st_.size());
  timeline_.flows.resize(flows_.size());
  const auto samples = static_cast<std::size_t>(std::ceil(end_ / def_.sample_interval_s)) + 1;
  timeline_.t_s.reserve(samples);

  // Rate profile.
  if (def_.profile == LoadProfile::Stress) {
    const double mid = std::min(0.5 * def_.sample_interval_s, end_);
    profile_mult_ = model_.stress_from + (model_.stress_to - model_.stress_from) * mid / end_;
  } else if (def_.profile == LoadProfile::Spike) {
    if (model_.spike_start_s < end_) events_q_.Push(model_.spike_start_s, kRateChange, 1, 0);
    if (model_.spike_end_s < end_) events_q_.Push(model_.spike_end_s, kRateChange, 2, 0);
  }
  if (def_.arrivals == ArrivalProcess::Bursty) {
    in_burst_ = rng_arrival_.Bernoulli(def_.burst_fraction);
    const double f = def_.burst_fraction, b = def_.burst_factor;
    burst_mult_ = in_burst_ ? b : (1.0 - f * b) / (1.0 - f);
    const double mean = in_burst_ ? def_.burst_length_s : def_.burst_length_s * (1.0 - f) / f;
    events_q_.Push(rng_arrival_.Exponential(1.0 / mean), kBurstToggle, 0, 0);
  }
  SetMultiplier();
  events_q_.Push(std::min(def_.sample_interval_s, end_), kSample, 0, 0);
  if (!autoscaled_.empty() && def_.autoscale.interval_s < end_) events_q_.Push(def_.autoscale.interval_s, kAutoscale, 0, 0);
  for (std::size_t i = 0; i < model_.faults.size(); ++i) {
    const FaultModel& f = model_.faults[i];
    if (f.at_s > end_) continue;
    events_q_.Push(f.at_s, kFaultStart, static_cast<std::uint32_t>(i), 0);
    if (f.ends && f.end_s <= end_) events_q_.Push(f.end_s, kFaultEnd, static_cast<std::uint32_t>(i), 0);
  }
  if (def_.warmup_s > 0) events_q_.Push(def_.warmup_s, kWarmupEnd, 0, 0);
}

// [SECTION] The loop ----------------------------------------------------------------------------------

bool Engine::Advance(double until_s, std::uint64_t max_events) {
  if (finished_) return false;
  const double until = std::min(until_s, end_);
  // One counter in the loop: n events this call, stopping at the hard cap (events_ + n = hard_cap_,
  // checked first) or at max_events; events_ is brought up to date on the way out.
  const std::uint64_t to_cap = hard_cap_ - events_;  // > 0: reaching the cap finishes the run
  const std::uint64_t limit = std::min(max_events, to_cap);
  std::uint64_t n = 0;
  Event e;
  for (;;) {
    if (n >= limit) {
      events_ += n;
      if (n == to_cap) {
        truncated_ = true;
        finished_ = true;
        return false;
      }
      if (!events_q_.Empty() && events_q_.Top().t <= until) return true;  // more to do by `until`
      break;
    }
    if (!events_q_.PopBy(until, e)) {
      events_ += n;
      break;
    }
    now_ = e.t;
    Dispatch(e);
    ++n;
  }
  if (until > now_) now_ = until;
  if (until >= end_) {
    now_ = end_;
    finished_ = true;
    return false;
  }
  return true;
}

Expected<double, SimError> Engine::Inject(const FaultDef& fault) {
  auto err = [&fault](const std::string& why) { return Unexpected{SimError{"fail", "'" + fault.text + "': " + why}}; };
  if (finished_) return err("the run has finished");
  if (!(fault.at_s >= now_)) return err("starts at " + Dur(fault.at_s) + ", before the simulation's time " + Dur(now_));
  if (!(fault.at_s < end_)) return err("starts at " + Dur(fault.at_s) + ", after the run ends (" + Dur(end_) + ")");
  auto fm = ResolveFault(model_, fault);
  if (!fm) return Unexpected{fm.error()};
  // Scheduled exactly as the constructor schedules a declared failure.
  const auto index = static_cast<std::uint32_t>(model_.faults.size());
  model_.faults.push_back(std::move(*fm));
  const FaultModel& f = model_.faults.back();
  events_q_.Push(f.at_s, kFaultStart, index, 0);
  if (f.ends && f.end_s <= end_) events_q_.Push(f.end_s, kFaultEnd, index, 0);
  return f.at_s;
}

void Engine::Dispatch(const Event& e) {
  switch (e.Type()) {  // the events of every request here, the rest out of line
    case kArrival: OnArrival(e.A(), e.B()); return;
    case kHopArrive: {
      const Request& r = reqs_[e.A()];
      if (r.gen == e.B() && (r.state == kActive || r.state == kBackground)) Enter(e.A(), now_);
      return;
    }
    case kJobDone: OnJobDone(e.A()); return;
    case kJobArrive: OnJobArrive(e.A()); return;
    default: DispatchControl(e); return;
  }
}

void Engine::DispatchControl(const Event& e) {
  switch (e.Type()) {
    case kTimeoutCheck: OnTimeoutCheck(); break;
    case kBackgroundCheck: OnBackgroundCheck(); break;
    case kRetry: {
      Request& r = reqs_[e.A()];
      if (r.gen == e.B() && r.state == kWaitRetry) StartAttempt(e.A());
      break;
    }
    case kSample: OnSample(); break;
    case kAutoscale: OnAutoscale(); break;
    case kFaultStart: OnFault(e.A(), true); break;
    case kFaultEnd: OnFault(e.A(), false); break;
    case kDetectDown: {
      Replica& rep = st_[e.A()].reps[e.B()];
      const double detect = def_.health.interval_s * def_.health.unhealthy_threshold;
      if (rep.down > 0 && rep.routable && now_ - rep.down_since >= detect - 1e-9) {
        rep.routable = false;
        SetOk(st_[e.A()], static_cast<int>(e.B()));
        Log("detected_down", static_cast<int>(e.A()), static_cast<int>(e.B()),
            "health checks failed " + std::to_string(def_.health.unhealthy_threshold) + " times: out of rotation");
      }
      break;
    }
    case kDetectUp: {
      Replica& rep = st_[e.A()].reps[e.B()];
      const double detect = def_.health.interval_s * def_.health.healthy_threshold;
      if (rep.down == 0 && !rep.routable && now_ - rep.up_since >= detect - 1e-9) {
        rep.routable = true;
        SetOk(st_[e.A()], static_cast<int>(e.B()));
        Log("detected_up", static_cast<int>(e.A()), static_cast<int>(e.B()), "health checks passed: back in rotation");
      }
      break;
    }
    case kReplicaReady: OnReplicaReady(static_cast<int>(e.A()), static_cast<int>(e.B())); break;
    case kFailover: OnFailover(static_cast<int>(e.A()), static_cast<int>(e.B())); break;
    case kRateChange:
      if (e.A() == 1) {
        profile_mult_ = def_.spike_multiplier;
        Log("spike_start", -1, -1, "rate × " + units::FormatNumber(def_.spike_multiplier));
      } else {
        profile_mult_ = 1;
        Log("spike_end", -1, -1, "rate back to × 1");
      }
      SetMultiplier();
      break;
    case kBurstToggle: {
      in_burst_ = !in_burst_;
      const double f = def_.burst_fraction, b = def_.burst_factor;
      burst_mult_ = in_burst_ ? b : (1.0 - f * b) / (1.0 - f);
      const double mean = in_burst_ ? def_.burst_length_s : def_.burst_length_s * (1.0 - f) / f;
      const double next = now_ + rng_arrival_.Exponential(1.0 / mean);
      if (next < end_) events_q_.Push(next, kBurstToggle, 0, 0);
      SetMultiplier();
      break;
    }
    case kWarmupEnd: OnWarmupEnd(); break;
    default: break;
  }
}

// [SECTION] Arrivals and attempts -------------------------------------------------------------------

void Engine::SetMultiplier() {
  const double m = profile_mult_ * burst_mult_ * spike_mult_;
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    flows_[f].rate = model_.flows[f].base_rate * m;
    ++flows_[f].arrival_gen;
    ScheduleArrival(static_cast<std::uint32_t>(f));
  }
}

void Engine::ScheduleArrival(std::uint32_t flow) {
  FlowState& fs = flows_[flow];
  if (!(fs.rate > 0)) return;
  const double t = now_ + zig_.Draw(rng_arrival_) / fs.rate;
  if (t < end_) events_q_.Push(t, kArrival, flow, fs.arrival_gen);
}

void Engine::OnArrival(std::uint32_t flow, std::uint32_t gen) {
  if (gen != flows_[flow].arrival_gen) return;
  ScheduleArrival(flow);
  if (live_requests_ >= model_.request_cap) {
    if (Measuring()) ++guard_rejected_;
    return;
  }
  const std::uint32_t id = NewRequest();
  Request& r = reqs_[id];
  r.flow = static_cast<std::uint16_t>(flow);
  r.attempt = 0;
  r.stale = 0;
  r.t_first = now_;
  r.client = static_cast<std::uint32_t>(rng_route_.Next() >> 32);
  if (Measuring()) {
    ++arrivals_;
    ++flows_[flow].arrivals;
  }
  ++s_arrivals_;
  StartAttempt(id);
}

void Engine::StartAttempt(std::uint32_t id) {
  Request& r = reqs_[id];
  r.state = kActive;
  r.hop = 0;
  r.ret_s = 0;
  r.needed = 0;
  r.deadline = now_ + def_.timeout_s;
  if (Measuring()) ++attempts_;
  ++s_attempts_;
  PushDeadline(timeouts_, timeout_pending_, kTimeoutCheck, r.deadline, id);
  Enter(id, now_);
}

void Engine::PushDeadline(Ring<Deadline>& q, bool& pending, std::uint8_t type, double t, std::uint32_t id) {
  q.Push(Deadline{t, id, reqs_[id].gen});
  if (!pending) {
    events_q_.Push(t, type, 0, 0);
    pending = true;
  }
}

// The request reaches hop r.hop at time `at`: now_ for a queueing hop; for a pass-through or pure-delay
// hop possibly later, as its outcome is decided when the request is sent to it (Forward), so a chain of
// such hops costs no events. Every hop it then goes straight on to is followed in the same loop.
void Engine::Enter(std::uint32_t id, double at) {
  // The request's slot and its flow's hops stay where they are for the whole walk (nothing on it adds
  // requests or touches the flows), so they are looked up once.
  Request& r = reqs_[id];
  const FlowModel& fm = model_.flows[r.flow];
  const HopModel* const hops = fm.hops.data();
  for (;;) {
    const HopModel& hop = hops[r.hop];
    if (hop.kind == HopKind::Pass) {
      if (Forward(id, r, hops, at, at)) continue;
      return;
    }
    const int si = static_cast<int>(hop.station);
    if (def_.breaker.enabled && !BreakerAllows(si)) {
      FailAttempt(id, Cause::CircuitOpen);
      return;
    }
    if (hop.kind == HopKind::Db) {
      DbDispatch(id);
      return;
    }
    const int ri = Pick(si, hop.strategy, r.client);
    if (ri < 0) {
      if (at > now_) {  // nobody to send it to now: find out when it gets there
        events_q_.Push(at, kHopArrive, id, r.gen);
        return;
      }
      FailAttempt(id, Cause::NoReplica);
      return;
    }
    if (hop.kind == HopKind::Queue) {
      SendJob(id, si, ri, kPrimary);
      return;
    }
    // A pure delay.
    const StationModel& sm = model_.stations[hop.station];
    Station& st = st_[hop.station];
    Replica& rep = st.reps[static_cast<std::size_t>(ri)];
    if (rep.down > 0) {  // black hole: the attempt will time out
      if (Measuring()) ++st.lost;
      return;
    }
    double d = 0;
    if (sm.is_dns)
      d = rng_route_.Bernoulli(sm.hit_ratio) ? 0.0 : sm.sampler.Draw(rng_service_, zig_);
    else
      d = sm.sampler.Draw(rng_service_, zig_);
    d = d * rep.slow * Leak(sm, at) + rep.extra_latency_s;
    r.ret_s += rep.extra_latency_s;
    if (Measuring()) {
      ++st.arrivals;
      ++st.completions;
      st.delay_sum += d;
      st.sojourn.Record(d);
    }
    ++st.c_completions;
    if (sm.short_circuit && fm.kind == FlowKind::Read) {
      if (rng_route_.Bernoulli(sm.hit_ratio)) {
        if (Measuring()) ++st.hits;
        ++st.c_hits;
        Complete(id, at + d);
        return;
      }
      if (Measuring()) ++st.misses;
      ++st.c_misses;
      if (def_.serve_stale && sm.kind == ComponentKind::Cache && NextUnavailable(r)) {
        if (Measuring()) ++st.stale;
        r.stale = 1;
        Complete(id, at + d);
        return;
      }
    }
    if (Forward(id, r, hops, at + d, at)) continue;
    return;
  }
}

// Moves the request from its hop, which it leaves at t_leave (≥ now_), on to the next one. Returns
// true when the caller should Enter that hop at `at`: it arrives now, or its arrival is no event (a
// pass-through or pure delay, whose outcome does not wait for its arrival: HopModel). Otherwise
// a hop-arrival event is scheduled, or the request finished or was lost.
bool Engine::Forward(std::uint32_t id, double t_leave, double& at) {
  Request& r = reqs_[id];
  return Forward(id, r, model_.flows[r.flow].hops.data(), t_leave, at);
}

bool Engine::Forward(std::uint32_t id, Request& r, const HopModel* const hops, double t_leave, double& at) {
  const HopModel& h = hops[r.hop];
  if (h.answers_client && r.state == kActive) ClientAnswered(id, t_leave);
  if (h.last) {
    Complete(id, t_leave);
    return false;
  }
  const HopModel& nh = hops[r.hop + 1];
  if (!partitions_.empty() && Blocked(nh)) {  // packets dropped: the attempt will time out
    if (Measuring()) ++st_[nh.station].lost;
    return false;
  }
  double t = t_leave + nh.net_s;
  if (nh.tls_rtts > 0 && rng_route_.Bernoulli(nh.new_conn_p))
    t += nh.tls_rtts * 2.0 * nh.net_s + nh.tls_crypto_s;
  r.ret_s += nh.net_s;
  ++r.hop;
  if (t <= now_ || !nh.arrival_event) {
    at = std::max(t, now_);
    return true;
  }
  events_q_.Push(t, kHopArrive, id, r.gen);
  return false;
}

void Engine::RecordSuccess(FlowState& fs, double latency) {
  if (Measuring()) {
    ++succeeded_;
    ++fs.succeeded;
    fs.latency.Record(latency);  // the run's histogram is the flows' merged (Result)
  }
  ++s_succeeded_;
  ++fs.s_succeeded;
  fs.sample.Record(latency);  // this second's histogram is the flows' merged (OnSample)
}

void Engine::ClientAnswered(std::uint32_t id, double t_done) {
  Request& r = reqs_[id];
  FlowState& fs = flows_[r.flow];
  const double t_client = t_done + r.ret_s;
  if (t_client <= r.deadline) {
    RecordSuccess(fs, t_client - r.t_first);
  } else {  // the broker took it, but too late for the client (no retry: it was accepted)
    if (Measuring()) {
      ++failed_;
      ++timeouts_final_;
      ++fs.failed;
      ++fs.timeouts;
    }
    ++s_failed_;
    ++s_timeouts_;
  }
  r.state = kBackground;
  PushDeadline(backgrounds_, background_pending_, kBackgroundCheck, now_ + def_.background_timeout_s, id);
}

void Engine::Complete(std::uint32_t id, double t_done) {
  Request& r = reqs_[id];
  FlowState& fs = flows_[r.flow];
  if (r.state == kBackground) {
    if (Measuring()) fs.background.Record(t_done - r.t_first);
    FreeRequest(id);
    return;
  }
  const double t_client = t_done + r.ret_s;
  if (t_client > r.deadline) {  // the answer arrives after the client gave up: the deadline handles it
    r.state = kLate;
    return;
  }
  RecordSuccess(fs, t_client - r.t_first);
  if (r.stale && Measuring()) ++stale_served_;
  FreeRequest(id);
}

void Engine::FailAttempt(std::uint32_t id, Cause cause) {
  Request& r = reqs_[id];
  FlowState& fs = flows_[r.flow];
  if (r.state == kBackground) {  // async work lost (no client to retry)
    if (Measuring()) ++fs.background_lost;
    FreeRequest(id);
    return;
  }
  const int si = static_cast<int>(model_.flows[r.flow].hops[r.hop].station);
  if (Measuring()) {
    switch (cause) {
      case Cause::Timeout: break;
      case Cause::Shed: ++errors_shed_; break;
      case Cause::NoReplica: ++errors_no_replica_; break;
      case Cause::CircuitOpen: ++errors_circuit_; break;
      case Cause::NoLeader: ++errors_no_leader_; break;
      case Cause::Quorum: ++errors_quorum_; break;
    }
  }
  if (def_.breaker.enabled && cause != Cause::CircuitOpen) BreakerRecord(si, false);
  ++r.gen;  // invalidates this attempt's jobs, events and deadline
  if (r.attempt < def_.retry.max_retries) {
    ++r.attempt;
    if (Measuring()) ++retries_;
    const double back = (cause == Cause::Timeout ? 0.0 : r.ret_s) + Backoff(r.attempt);
    r.state = kWaitRetry;
    events_q_.Push(now_ + back, kRetry, id, r.gen);
    return;
  }
  if (Measuring()) {
    ++failed_;
    ++fs.failed;
    if (cause == Cause::Timeout) {
      ++timeouts_final_;
      ++fs.timeouts;
    }
  }
  ++s_failed_;
  if (cause == Cause::Timeout) ++s_timeouts_;
  FreeRequest(id);
}

double Engine::Backoff(int attempt) {
  double b = def_.retry.backoff_base_s;
  for (int k = 1; k < attempt && b < def_.retry.backoff_max_s; ++k) b *= def_.retry.backoff_multiplier;
  b = std::min(b, def_.retry.backoff_max_s);
  if (def_.retry.jitter) b *= 0.5 + 0.5 * rng_route_.Uniform01();
  return b;
}

void Engine::OnTimeoutCheck() {
  timeout_pending_ = false;
  while (!timeouts_.Empty() && timeouts_.Front().t <= now_) {
    const Deadline d = timeouts_.Pop();
    const Request& r = reqs_[d.req];
    if (r.gen != d.gen || (r.state != kActive && r.state != kLate)) continue;
    if (Measuring()) ++timeouts_attempts_;
    FailAttempt(d.req, Cause::Timeout);
  }
  while (!timeouts_.Empty()) {
    const Deadline& d = timeouts_.Front();
    const Request& r = reqs_[d.req];
    if (r.gen == d.gen && (r.state == kActive || r.state == kLate)) break;
    timeouts_.Pop();
  }
  if (!timeouts_.Empty()) {
    events_q_.Push(timeouts_.Front().t, kTimeoutCheck, 0, 0);
    timeout_pending_ = true;
  }
}

void Engine::OnBackgroundCheck() {
  background_pending_ = false;
  while (!backgrounds_.Empty() && backgrounds_.Front().t <= now_) {
    const Deadline d = backgrounds_.Pop();
    const Request& r = reqs_[d.req];
    if (r.gen != d.gen || r.state != kBackground) continue;
    if (Measuring()) ++flows_[r.flow].background_lost;
    FreeRequest(d.req);
  }
  while (!backgrounds_.Empty()) {
    const Deadline& d = backgrounds_.Front();
    const Request& r = reqs_[d.req];
    if (r.gen == d.gen && r.state == kBackground) break;
    backgrounds_.Pop();
  }
  if (!backgrounds_.Empty()) {
    events_q_.Push(backgrounds_.Front().t, kBackgroundCheck, 0, 0);
    background_pending_ = true;
  }
}

// [SECTION] Stations and jobs -------------------------------------------------------------------------

void Engine::FreeRequest(std::uint32_t id) {
  Request& r = reqs_[id];
  ++r.gen;
  r.state = kFree;
  free_reqs_.push_back(id);
  --live_requests_;
}

void Engine::ReleaseJob(std::uint32_t j) {
  free_jobs_.push_back(j);
  --live_jobs_;
}

double Engine::Leak(const StationModel& sm, double t) const {
  if (def_.profile != LoadProfile::Endurance || !sm.stateful) return 1.0;
  return 1.0 + def_.endurance_slowdown_per_hour * t / 3600.0;
}

void Engine::SendJob(std::uint32_t id, int station, int replica, JobKind kind, int shard) {
  const std::uint32_t j = NewJob();
  Job& jb = jobs_[j];
  Request& r = reqs_[id];
  jb.req = id;
  jb.req_gen = r.gen;
  jb.station = static_cast<std::uint16_t>(station);
  jb.replica = static_cast<std::uint32_t>(replica);
  jb.kind = kind;
  jb.hop = r.hop;
  jb.shard = static_cast<std::uint32_t>(shard);
  jb.commit_t = 0;
  Station& st = st_[static_cast<std::size_t>(station)];
  Replica& rep = st.reps[static_cast<std::size_t>(replica)];
  if (rep.extra_latency_s > 0) {
    if (kind == kPrimary) r.ret_s += rep.extra_latency_s;
    events_q_.Push(now_ + rep.extra_latency_s, kJobArrive, j, 0);
    return;
  }
  Admit(j, jb, st, rep);
}

void Engine::OnJobArrive(std::uint32_t j) {
  Job& jb = jobs_[j];
  Station& st = st_[jb.station];
  Admit(j, jb, st, st.reps[jb.replica]);
}

void Engine::Admit(std::uint32_t j, Job& jb, Station& st, Replica& rep) {
  if (rep.down > 0 || !rep.active) {  // a dead or removed replica swallows the work
    if (Measuring()) ++st.lost;
    ReleaseJob(j);
    return;
  }
  Touch(st);
  jb.epoch = rep.epoch;
  jb.t_enter = now_;
  if (rep.busy < rep.servers) {
    if (Measuring()) ++st.arrivals;
    ++rep.busy;
    ++st.n_busy;
    ++st.n_in;
    ++st.open[jb.replica];
    StartService(j, jb.station, rep);
    return;
  }
  const int waiting = static_cast<int>(rep.fifo.Size());
  if (waiting >= def_.queue_limit ||
      (def_.shedding.enabled && waiting >= def_.shedding.max_waiting_per_server * rep.servers)) {
    if (Measuring()) ++st.rejected;
    const Job copy = jb;
    ReleaseJob(j);
    if (copy.kind == kPrimary) {
      const Request& r = reqs_[copy.req];
      if (r.gen == copy.req_gen && r.hop == copy.hop && (r.state == kActive || r.state == kBackground))
        FailAttempt(copy.req, Cause::Shed);
    }
    return;
  }
  if (Measuring()) ++st.arrivals;
  rep.fifo.Push(j);
  ++st.open[jb.replica];
  ++st.n_in;
  ++st.waiting;
  if (Measuring() && st.waiting > st.max_waiting) st.max_waiting = st.waiting;
}

void Engine::StartService(std::uint32_t j, std::size_t si, const Replica& rep) {
  const StationModel& sm = model_.stations[si];
  const double s = sm.sampler.Draw(rng_service_, zig_) * rep.slow * Leak(sm, now_);
  events_q_.Push(now_ + s, kJobDone, j, 0);
}

void Engine::OnJobDone(std::uint32_t j) {
  // The job is read in place, not copied. Its slot is released below, where it always was (the ids
  // handed out next, and so the order of equal-time events, depend on it), but it keeps its contents
  // until a NewJob reuses it, and nothing makes a job before the last read of `jb` (the request's next
  // hop, Enter, comes last; Replicate takes a copy). The station and replica, wanted at the end, are
  // held apart.
  const Job& jb = jobs_[j];
  const std::uint16_t si = jb.station;
  const std::uint32_t ri = jb.replica;
  Station& st = st_[si];
  Replica& rep = st.reps[ri];
  if (jb.epoch != rep.epoch) {  // the replica crashed while serving it
    ReleaseJob(j);
    return;
  }
  Touch(st);
  --rep.busy;
  --st.n_busy;
  --st.n_in;
  --st.open[ri];
  const double sojourn = now_ - jb.t_enter;
  if (Measuring()) {
    ++st.completions;
    st.sojourn.Record(sojourn);
  }
  ++st.c_completions;
  if (st.track_ewma) rep.ewma_s = rep.ewma_s == 0 ? sojourn : rep.ewma_s + 0.1 * (sojourn - rep.ewma_s);
  ReleaseJob(j);
  while (!rep.fifo.Empty()) {
    const std::uint32_t next = rep.fifo.Pop();
    --st.waiting;
    if (def_.shedding.enabled && def_.shedding.drop_expired) {
      const Job& q = jobs_[next];
      if (q.kind != kApply && reqs_[q.req].gen != q.req_gen) {  // its request gave up: skip it
        --st.n_in;
        --st.open[ri];
        if (Measuring()) ++st.lost;
        ReleaseJob(next);
        continue;
      }
    }
    ++rep.busy;
    ++st.n_busy;
    StartService(next, si, rep);
    break;
  }
  switch (jb.kind) {
    case kPrimary: AfterPrimary(jb); break;
    case kQuorumChild: {
      const std::uint32_t id = jb.req;
      Request& r = reqs_[id];
      if (r.gen == jb.req_gen && r.hop == jb.hop && r.needed > 0 && (r.state == kActive || r.state == kBackground)) {
        if (--r.needed == 0) {
          if (def_.breaker.enabled) BreakerRecord(si, true);
          double at = 0;
          if (Forward(id, now_, at)) Enter(id, at);
        }
      }
      break;
    }
    case kApply: {
      const double lag = now_ - jb.commit_t;
      if (Measuring()) st.lag.Record(lag);
      st.s_lag_max = std::max(st.s_lag_max, lag);
      const std::uint32_t id = jb.req;
      if (id != kNone) {
        Request& r = reqs_[id];
        if (r.gen == jb.req_gen && r.hop == jb.hop && r.needed > 0 && (r.state == kActive || r.state == kBackground)) {
          double at = 0;
          if (--r.needed == 0 && Forward(id, now_ + model_.stations[si].member_net_s, at)) Enter(id, at);
        }
      }
      break;
    }
    default: break;
  }
  if (rep.draining && rep.InSystem() == 0) Deactivate(si, static_cast<int>(ri));
}

// The job `jb` (its slot released: see OnJobDone) finished its primary work; moves its request on.
void Engine::AfterPrimary(const Job& jb) {
  const std::uint32_t id = jb.req;
  Request& r = reqs_[id];
  if (r.gen != jb.req_gen || r.hop != jb.hop || (r.state != kActive && r.state != kBackground)) return;
  const StationModel& sm = model_.stations[jb.station];
  Station& st = st_[jb.station];
  if (def_.breaker.enabled) BreakerRecord(jb.station, true);
  const FlowModel& fm = model_.flows[r.flow];
  if (sm.short_circuit && fm.kind == FlowKind::Read) {
    if (rng_route_.Bernoulli(sm.hit_ratio)) {
      if (Measuring()) ++st.hits;
      ++st.c_hits;
      Complete(id, now_);
      return;
    }
    if (Measuring()) ++st.misses;
    ++st.c_misses;
    if (def_.serve_stale && sm.kind == ComponentKind::Cache && NextUnavailable(r)) {
      if (Measuring()) ++st.stale;
      r.stale = 1;
      Complete(id, now_);
      return;
    }
  }
  if (sm.is_db && fm.kind == FlowKind::Write && sm.set_size > 1 &&
      (sm.mode == ReplicationMode::LeaderFollower || sm.mode == ReplicationMode::MultiLeader)) {
    Replicate(jb, id);
    return;
  }
  double at = 0;
  if (Forward(id, now_, at)) Enter(id, at);
}

// The write committed on `jb.replica`: ship it to the other members of its shard's replica set.
void Engine::Replicate(const Job jb, std::uint32_t id) {
  const StationModel& sm = model_.stations[jb.station];
  Station& st = st_[jb.station];
  const bool async = sm.mode == ReplicationMode::MultiLeader || sm.sync == ReplicationSync::Async;
  const double ship = sm.member_net_s + (async ? sm.lag_s : 0.0);
  const int shard = static_cast<int>(jb.shard);
  int eligible = 0;
  for (int k = 0; k < sm.set_size; ++k) {
    const int node = sm.Member(shard, k);
    if (node != static_cast<int>(jb.replica) && st.ok[static_cast<std::size_t>(node)]) ++eligible;
  }
  int needed = 0;
  if (!async) needed = sm.sync == ReplicationSync::Sync ? eligible : std::min(1, eligible);
  const std::uint32_t gen = reqs_[id].gen;
  const std::uint8_t hop = reqs_[id].hop;
  for (int k = 0; k < sm.set_size; ++k) {
    const int node = sm.Member(shard, k);
    if (node == static_cast<int>(jb.replica)) continue;
    const std::uint32_t a = NewJob();
    Job& ap = jobs_[a];
    ap.req = needed > 0 && st.ok[static_cast<std::size_t>(node)] ? id : kNone;
    ap.req_gen = gen;
    ap.station = jb.station;
    ap.replica = static_cast<std::uint32_t>(node);
    ap.kind = kApply;
    ap.hop = hop;
    ap.shard = jb.shard;
    ap.commit_t = now_;
    events_q_.Push(now_ + ship, kJobArrive, a, 0);
  }
  if (needed > 0) {
    reqs_[id].needed = static_cast<std::uint16_t>(needed);
    return;
  }
  double at = 0;
  if (Forward(id, now_, at)) Enter(id, at);
}

void Engine::DbDispatch(std::uint32_t id) {
  Request& r = reqs_[id];
  const FlowModel& fm = model_.flows[r.flow];
  const int si = static_cast<int>(fm.hops[r.hop].station);
  const StationModel& sm = model_.stations[static_cast<std::size_t>(si)];
  Station& st = st_[static_cast<std::size_t>(si)];
  const int shard = sm.shards > 1 ? static_cast<int>(rng_route_.Below(static_cast<std::uint64_t>(sm.shards))) : 0;
  const bool write = fm.kind == FlowKind::Write;
  if (sm.mode == ReplicationMode::LeaderFollower && (write || !sm.read_replicas)) {
    const int li = st.leader[static_cast<std::size_t>(shard)];
    if (li < 0) {
      FailAttempt(id, Cause::NoLeader);
      return;
    }
    const int node = sm.Member(shard, li);
    if (!st.ok[static_cast<std::size_t>(node)]) {
      FailAttempt(id, Cause::NoReplica);
      return;
    }
    SendJob(id, si, node, kPrimary, shard);
    return;
  }
  scratch_.clear();
  for (int k = 0; k < sm.set_size; ++k) {
    const int node = sm.Member(shard, k);
    if (st.ok[static_cast<std::size_t>(node)]) scratch_.push_back(node);
  }
  if (sm.mode == ReplicationMode::Leaderless) {
    const int need = write ? sm.quorum_w : sm.quorum_r;
    if (static_cast<int>(scratch_.size()) < need) {
      FailAttempt(id, Cause::Quorum);
      return;
    }
    r.needed = static_cast<std::uint16_t>(need);
    const std::size_t n = scratch_.size();
    const std::size_t send = write ? n : static_cast<std::size_t>(need);
    const std::size_t start = static_cast<std::size_t>(st.rr++ % n);
    for (std::size_t k = 0; k < send; ++k) SendJob(id, si, scratch_[(start + k) % n], kQuorumChild, shard);
    return;
  }
  if (scratch_.empty()) {
    FailAttempt(id, Cause::NoReplica);
    return;
  }
  const int node = scratch_[static_cast<std::size_t>(st.rr++ % scratch_.size())];
  SendJob(id, si, node, kPrimary, shard);
}

int Engine::Pick(int si, LbStrategy strategy, std::uint32_t client) {
  Station& st = st_[static_cast<std::size_t>(si)];
  const int hi = st.hi;
  if (hi <= 0 || st.ok_count == 0) return -1;
  if (strategy == LbStrategy::RoundRobin || strategy == LbStrategy::WeightedRoundRobin) {
    const std::uint8_t* ok = st.ok.data();
    const auto n = static_cast<std::uint64_t>(hi);
    int i = static_cast<int>(st.rr < n ? st.rr : st.rr % n);  // rr ≤ hi but after a scale-in
    for (int k = 0; k < hi; ++k, i = i + 1 == hi ? 0 : i + 1) {
      if (ok[i]) {
        st.rr = static_cast<std::uint64_t>(i) + 1;
        return i;
      }
    }
    return -1;
  }
  return PickByLoad(st, strategy, client);
}

// The strategies other than round robin (REQUIRES: hi > 0 and some replica eligible).
int Engine::PickByLoad(Station& st, LbStrategy strategy, std::uint32_t client) {
  const int hi = st.hi;
  const std::uint8_t* ok = st.ok.data();
  const std::int32_t* open = st.open.data();
  auto least = [&](bool response_time) {
    const int start = hi > 1 ? static_cast<int>(rng_route_.Below(static_cast<std::uint64_t>(hi))) : 0;
    int best = -1;
    double best_score = 0;
    for (int k = 0, i = start; k < hi; ++k, i = i + 1 == hi ? 0 : i + 1) {
      if (!ok[i]) continue;
      const double score = response_time ? st.reps[static_cast<std::size_t>(i)].ewma_s * (open[i] + 1.0) : open[i];
      if (best < 0 || score < best_score) {
        best = i;
        best_score = score;
      }
    }
    return best;
  };
  switch (strategy) {
    case LbStrategy::RoundRobin:
    case LbStrategy::WeightedRoundRobin: break;  // Pick
    case LbStrategy::LeastConnections: return least(false);
    case LbStrategy::LeastResponseTime: return least(true);
    case LbStrategy::IpHash: {
      int target = static_cast<int>(client % static_cast<std::uint32_t>(st.ok_count));
      for (int i = 0; i < hi; ++i)
        if (ok[i] && target-- == 0) return i;
      return -1;
    }
    case LbStrategy::PowerOfTwoChoices: {
      if (hi == 1) return ok[0] ? 0 : -1;
      for (int tries = 0; tries < 8; ++tries) {
        const int a = static_cast<int>(rng_route_.Below(static_cast<std::uint64_t>(hi)));
        int b = static_cast<int>(rng_route_.Below(static_cast<std::uint64_t>(hi - 1)));
        if (b >= a) ++b;
        if (ok[a] && ok[b]) return open[a] <= open[b] ? a : b;
        if (ok[a]) return a;
        if (ok[b]) return b;
      }
      return least(false);
    }
    case LbStrategy::Random:
      for (int tries = 0; tries < 8; ++tries) {
        const int i = static_cast<int>(rng_route_.Below(static_cast<std::uint64_t>(hi)));
        if (ok[i]) return i;
      }
      return least(false);
  }
  return -1;
}

void Engine::SetOk(Station& st, int ri) {
  const auto i = static_cast<std::size_t>(ri);
  const std::uint8_t now_ok = Eligible(st.reps[i]) ? 1 : 0;
  st.ok_count += static_cast<int>(now_ok) - static_cast<int>(st.ok[i]);
  st.ok[i] = now_ok;
}

bool Engine::Blocked(const HopModel& h) const {
  if (h.zone_from < 0 || h.zone_to < 0) return false;
  for (int p : partitions_) {
    const auto& side = model_.faults[static_cast<std::size_t>(p)].side;
    const std::uint8_t a = side[static_cast<std::size_t>(h.zone_from)];
    const std::uint8_t b = side[static_cast<std::size_t>(h.zone_to)];
    if (a != 0 && b != 0 && a != b) return true;
  }
  return false;
}

bool Engine::NextUnavailable(const Request& r) {
  const FlowModel& fm = model_.flows[r.flow];
  const std::size_t next = static_cast<std::size_t>(r.hop) + 1;
  if (next >= fm.hops.size()) return false;
  const HopModel& nh = fm.hops[next];
  const StationModel& sm = model_.stations[nh.station];
  const Station& st = st_[nh.station];
  if (!partitions_.empty() && Blocked(nh)) return true;
  if (def_.breaker.enabled && st.br_state == 1 && now_ < st.br_until) return true;
  if (st.ok_count == 0) return true;
  if (sm.is_db && sm.mode == ReplicationMode::LeaderFollower && !sm.read_replicas && st.leaders_missing > 0)
    return rng_route_.Bernoulli(static_cast<double>(st.leaders_missing) / sm.shards);
  return false;
}

// [SECTION] Circuit breakers -----------------------------------------------------------------------

bool Engine::BreakerAllows(int si) {
  Station& st = st_[static_cast<std::size_t>(si)];
  if (st.br_state == 0) return true;
  if (st.br_state == 1) {
    if (now_ < st.br_until) return false;
    st.br_state = 2;
    Log("circuit_half_open", si, -1, "letting " + Pct(def_.breaker.probe_fraction) + " of calls through");
  }
  return rng_route_.Bernoulli(def_.breaker.probe_fraction);
}

void Engine::BreakerRecord(int si, bool ok) {
  Station& st = st_[static_cast<std::size_t>(si)];
  const CircuitBreakerDef& b = def_.breaker;
  if (now_ >= st.br_window_start + b.window_s) {
    st.br_window_start = now_;
    st.br_calls = st.br_failures = 0;
  }
  ++st.br_calls;
  if (!ok) ++st.br_failures;
  if (st.br_state == 2) {
    if (ok) {
      st.br_state = 0;
      st.br_calls = st.br_failures = 0;
      Log("circuit_close", si, -1, "a probe succeeded");
    } else {
      st.br_state = 1;
      st.br_until = now_ + b.open_s;
      Log("circuit_open", si, -1, "a probe failed: open for " + Dur(b.open_s));
    }
    return;
  }
  if (st.br_state == 1) return;
  if (st.br_calls >= b.min_calls && st.br_failures >= b.failure_threshold * st.br_calls) {
    st.br_state = 1;
    st.br_until = now_ + b.open_s;
    ++st.br_opens;
    Log("circuit_open", si, -1,
        std::to_string(st.br_failures) + " of " + std::to_string(st.br_calls) + " calls failed: open for " + Dur(b.open_s));
    st.br_calls = st.br_failures = 0;
  }
}

// [SECTION] Failures ----------------------------------------------------------------------------------

void Engine::OnFault(std::uint32_t index, bool start) {
  const FaultModel& f = model_.faults[index];
  if (f.kind == FaultKind::Spike) {
    spike_mult_ = start ? spike_mult_ * f.rate_factor : spike_mult_ / f.rate_factor;
    Log(start ? "spike_start" : "spike_end", -1, -1, f.text);
    SetMultiplier();
    return;
  }
  if (f.kind == FaultKind::Partition) {
    if (start) {
      partitions_.push_back(static_cast<int>(index));
      Log("partition_start", -1, -1, f.text);
    } else {
      partitions_.erase(std::remove(partitions_.begin(), partitions_.end(), static_cast<int>(index)), partitions_.end());
      Log("partition_end", -1, -1, f.text);
    }
    return;
  }
  const int si = f.station;
  Station& st = st_[static_cast<std::size_t>(si)];
  const int first = f.replica < 0 ? 0 : f.replica;
  const int last = f.replica < 0 ? static_cast<int>(st.reps.size()) : f.replica + 1;
  switch (f.kind) {
    case FaultKind::Crash:
      Log(start ? "crash" : "recover", si, f.replica, f.text);
      for (int r = first; r < last; ++r) start ? CrashReplica(si, r) : RecoverReplica(si, r);
      break;
    case FaultKind::Latency:
      for (int r = first; r < last; ++r) {
        double& x = st.reps[static_cast<std::size_t>(r)].extra_latency_s;
        x = start ? x + f.latency_s : std::max(0.0, x - f.latency_s);
      }
      Log(start ? "latency_start" : "latency_end", si, f.replica, f.text);
      break;
    case FaultKind::Slow:
      for (int r = first; r < last; ++r) {
        double& s = st.reps[static_cast<std::size_t>(r)].slow;
        s = start ? s * f.slow_factor : s / f.slow_factor;
      }
      Log(start ? "slow_start" : "slow_end", si, f.replica, f.text);
      break;
    case FaultKind::Partition:
    case FaultKind::Spike: break;
  }
}

void Engine::CrashReplica(int si, int ri) {
  Station& st = st_[static_cast<std::size_t>(si)];
  const StationModel& sm = model_.stations[static_cast<std::size_t>(si)];
  Replica& rep = st.reps[static_cast<std::size_t>(ri)];
  if (++rep.down > 1) return;
  Touch(st);
  while (!rep.fifo.Empty()) {
    ReleaseJob(rep.fifo.Pop());
    --st.waiting;
    --st.n_in;
    if (Measuring()) ++st.lost;
  }
  st.n_in -= rep.busy;
  st.n_busy -= rep.busy;
  if (Measuring()) st.lost += static_cast<std::uint64_t>(rep.busy);
  rep.busy = 0;
  st.open[static_cast<std::size_t>(ri)] = 0;
  ++rep.epoch;  // in-service jobs finish into the void
  if (rep.active) st.servers_avail -= rep.servers;
  rep.down_since = now_;
  if (sm.health_checks && rep.routable)
    events_q_.Push(now_ + def_.health.interval_s * def_.health.unhealthy_threshold, kDetectDown,
                   static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(ri));
  if (sm.is_db && sm.mode == ReplicationMode::LeaderFollower) {
    for (int s = 0; s < sm.shards; ++s) {
      const auto us = static_cast<std::size_t>(s);
      if (st.leader[us] >= 0 && sm.Member(s, st.leader[us]) == ri) {
        st.leader[us] = -1;
        ++st.leaders_missing;
        if (!st.failover_pending[us]) {
          st.failover_pending[us] = 1;
          events_q_.Push(now_ + sm.failover_s, kFailover, static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(s));
        }
        Log("leader_lost", si, ri, "shard " + std::to_string(s) + ": writes fail until failover (" + Dur(sm.failover_s) + ")");
      }
    }
  }
}

void Engine::RecoverReplica(int si, int ri) {
  Station& st = st_[static_cast<std::size_t>(si)];
  const StationModel& sm = model_.stations[static_cast<std::size_t>(si)];
  Replica& rep = st.reps[static_cast<std::size_t>(ri)];
  if (rep.down == 0 || --rep.down > 0) return;
  Touch(st);
  if (rep.active) st.servers_avail += rep.servers;
  rep.up_since = now_;
  if (sm.health_checks && !rep.routable)
    events_q_.Push(now_ + def_.health.interval_s * def_.health.healthy_threshold, kDetectUp,
                   static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(ri));
  if (sm.is_db && sm.mode == ReplicationMode::LeaderFollower) {
    for (int s = 0; s < sm.shards; ++s) {
      const auto us = static_cast<std::size_t>(s);
      if (st.leader[us] >= 0 || st.failover_pending[us]) continue;
      bool member = false;
      for (int k = 0; k < sm.set_size; ++k) member = member || sm.Member(s, k) == ri;
      if (!member) continue;
      st.failover_pending[us] = 1;
      events_q_.Push(now_ + sm.failover_s, kFailover, static_cast<std::uint32_t>(si), static_cast<std::uint32_t>(s));
    }
  }
}

void Engine::OnFailover(int si, int shard) {
  Station& st = st_[static_cast<std::size_t>(si)];
  const StationModel& sm = model_.stations[static_cast<std::size_t>(si)];
  const auto us = static_cast<std::size_t>(shard);
  st.failover_pending[us] = 0;
  if (st.leader[us] >= 0) return;
  for (int k = 0; k < sm.set_size; ++k) {
    const int node = sm.Member(shard, k);
    const Replica& rep = st.reps[static_cast<std::size_t>(node)];
    if (rep.down == 0 && rep.active) {
      st.leader[us] = k;
      --st.leaders_missing;
      Log("failover", si, node, "shard " + std::to_string(shard) + ": replica " + std::to_string(node) + " leads");
      return;
    }
  }
  Log("failover_failed", si, -1, "shard " + std::to_string(shard) + ": no live member to elect");
}

// [SECTION] Autoscaling -------------------------------------------------------------------------------

void Engine::OnAutoscale() {
  const AutoscaleDef& a = def_.autoscale;
  for (std::uint32_t si : autoscaled_) {
    Station& st = st_[si];
    const StationModel& sm = model_.stations[si];
    Touch(st);
    const double busy = st.area_busy - st.as_busy, cap = st.area_cap - st.as_cap;
    st.as_busy = st.area_busy;
    st.as_cap = st.area_cap;
    const double util = cap > 0 ? busy / cap : 0.0;
    const int current = st.active;
    const int planned = current + st.pending;
    int desired = static_cast<int>(std::ceil(current * util / model_.target_utilization - 1e-9));
    desired = std::clamp(desired, sm.min_replicas, sm.max_replicas);
    if (desired > planned && now_ - st.last_scale_out >= a.cooldown_s) {
      const int add = desired - planned;
      st.pending += add;
      st.last_scale_out = now_;
      events_q_.Push(now_ + a.provisioning_s, kReplicaReady, si, static_cast<std::uint32_t>(add));
      Log("scale_out", static_cast<int>(si), -1,
          "utilisation " + Pct(util) + " above the target " + Pct(model_.target_utilization) + ": " +
              std::to_string(planned) + " → " + std::to_string(desired) + " replicas, ready in " + Dur(a.provisioning_s));
    } else if (desired < current && st.pending == 0 && now_ - st.last_scale_in >= 2 * a.cooldown_s &&
               now_ - st.last_scale_out >= a.cooldown_s) {
      int remove = current - desired;
      st.last_scale_in = now_;
      for (int i = st.hi - 1; i >= 0 && remove > 0; --i) {
        Replica& rep = st.reps[static_cast<std::size_t>(i)];
        if (!rep.active || rep.draining) continue;
        rep.draining = true;
        SetOk(st, i);
        --st.active;
        --remove;
        if (rep.InSystem() == 0) Deactivate(static_cast<int>(si), i);
      }
      Log("scale_in", static_cast<int>(si), -1,
          "utilisation " + Pct(util) + " well below the target " + Pct(model_.target_utilization) + ": " +
              std::to_string(current) + " → " + std::to_string(desired) + " replicas (draining)");
    }
  }
  const double next = now_ + a.interval_s;
  if (next < end_) events_q_.Push(next, kAutoscale, 0, 0);
}

void Engine::OnReplicaReady(int si, int count) {
  Station& st = st_[static_cast<std::size_t>(si)];
  Touch(st);
  const int before = st.active;
  int added = 0;
  for (std::size_t i = 0; i < st.reps.size() && added < count; ++i) {
    Replica& rep = st.reps[i];
    if (rep.active) continue;
    rep.active = true;
    rep.draining = false;
    rep.routable = true;
    SetOk(st, static_cast<int>(i));
    if (rep.down == 0) st.servers_avail += rep.servers;
    ++st.active;
    ++added;
    st.hi = std::max(st.hi, static_cast<int>(i) + 1);
  }
  st.pending -= count;
  st.max_active = std::max(st.max_active, st.active);
  Log("replica_ready", si, -1, std::to_string(before) + " → " + std::to_string(st.active) + " replicas serving");
}

void Engine::Deactivate(int si, int ri) {
  Station& st = st_[static_cast<std::size_t>(si)];
  Replica& rep = st.reps[static_cast<std::size_t>(ri)];
  Touch(st);
  rep.draining = false;
  rep.active = false;
  rep.routable = true;
  SetOk(st, ri);
  if (rep.down == 0) st.servers_avail -= rep.servers;
  while (st.hi > 0 && !st.reps[static_cast<std::size_t>(st.hi - 1)].active) --st.hi;
}

// [SECTION] Sampling ----------------------------------------------------------------------------------

void Engine::OnWarmupEnd() {
  measuring_ = true;
  for (Station& st : st_) {
    Touch(st);
    st.w_area_in = st.area_in;
    st.w_area_busy = st.area_busy;
    st.w_area_cap = st.area_cap;
    st.w_area_wait = st.area_wait;
    st.max_waiting = st.waiting;
  }
}

void Engine::OnSample() {
  const double t = now_;
  const double dt = t - last_sample_t_;
  if (dt <= 0) return;
  Timeline& tl = timeline_;
  tl.t_s.push_back(t);
  tl.offered_rps.push_back(static_cast<double>(s_arrivals_) / dt);
  tl.attempts_rps.push_back(static_cast<double>(s_attempts_) / dt);
  tl.throughput_rps.push_back(static_cast<double>(s_succeeded_) / dt);
  const std::uint64_t finished = s_succeeded_ + s_failed_;
  tl.error_rate.push_back(finished ? static_cast<double>(s_failed_) / static_cast<double>(finished) : 0.0);
  tl.timeout_rate.push_back(finished ? static_cast<double>(s_timeouts_) / static_cast<double>(finished) : 0.0);
  s_latency_.Clear();
  for (const FlowState& fs : flows_) s_latency_.Merge(fs.sample);
  tl.p50_s.push_back(s_latency_.Quantile(0.5));
  tl.p95_s.push_back(s_latency_.Quantile(0.95));
  tl.p99_s.push_back(s_latency_.Quantile(0.99));
  tl.p999_s.push_back(s_latency_.Quantile(0.999));
  tl.in_flight.push_back(static_cast<double>(live_requests_));
  for (std::size_t i = 0; i < st_.size(); ++i) {
    Station& st = st_[i];
    const StationModel& sm = model_.stations[i];
    ComponentSeries& cs = tl.components[i];
    Touch(st);
    const double dcap = st.area_cap - st.s_area_cap;
    cs.utilization.push_back(dcap > 0 ? (st.area_busy - st.s_area_busy) / dcap : 0.0);
    cs.queue_length.push_back((st.area_wait - st.s_area_wait) / dt);
    cs.in_system.push_back((st.area_in - st.s_area_in) / dt);
    cs.replicas.push_back(static_cast<double>(st.active));
    cs.throughput_rps.push_back(static_cast<double>(st.c_completions - st.s_completions) / dt);
    if (sm.short_circuit) {
      const std::uint64_t h = st.c_hits - st.s_hits, m = st.c_misses - st.s_misses;
      cs.hit_ratio.push_back(h + m ? static_cast<double>(h) / static_cast<double>(h + m) : 0.0);
    }
    if (sm.is_db && sm.set_size > 1 &&
        (sm.mode == ReplicationMode::LeaderFollower || sm.mode == ReplicationMode::MultiLeader))
      cs.replication_lag_s.push_back(st.s_lag_max);
    st.s_area_cap = st.area_cap;
    st.s_area_busy = st.area_busy;
    st.s_area_wait = st.area_wait;
    st.s_area_in = st.area_in;
    st.s_completions = st.c_completions;
    st.s_hits = st.c_hits;
    st.s_misses = st.c_misses;
    st.s_lag_max = 0;
  }
  for (std::size_t f = 0; f < flows_.size(); ++f) {
    FlowState& fs = flows_[f];
    tl.flows[f].throughput_rps.push_back(static_cast<double>(fs.s_succeeded) / dt);
    tl.flows[f].p99_s.push_back(fs.sample.Quantile(0.99));
    fs.sample.Clear();
    fs.s_succeeded = 0;
  }
  s_arrivals_ = s_attempts_ = s_succeeded_ = s_failed_ = s_timeouts_ = 0;
  last_sample_t_ = t;
  ++sample_index_;
  if (def_.profile == LoadProfile::Stress) {
    const double mid = std::min((static_cast<double>(sample_index_) + 0.5) * def_.sample_interval_s, end_);
    profile_mult_ = model_.stress_from + (model_.stress_to - model_.stress_from) * mid / end_;
    SetMultiplier();
  }
  double next = (static_cast<double>(sample_index_) + 1.0) * def_.sample_interval_s;
  if (next > end_) next = end_;
  if (next > t) events_q_.Push(next, kSample, 0, 0);
}

void Engine::Log(const char* kind, int si, int ri, std::string detail) {
  if (log_.size() >= def_.max_event_log) {
    ++log_dropped_;
    return;
  }
  SimEvent e;
  e.t_s = now_;
  e.kind = kind;
  if (si >= 0) e.component = model_.stations[static_cast<std::size_t>(si)].id;
  e.replica = ri;
  e.detail = std::move(detail);
  log_.push_back(std::move(e));
}

}  // namespace sdlab::sim
