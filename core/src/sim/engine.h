// The discrete-event engine behind sdlab::sim::Simulation. Internal: see sdlab/sim.h for the model.
//
// Ownership: the Engine owns the Model (read-only, but for the faults Inject appends), the pools of
// requests and jobs (slots addressed by 32-bit ids; a request's generation changes at the end of
// every attempt, so stale events and jobs are recognised and ignored), the per-replica FIFO queues
// (ring buffers of job ids), the event heap and the accumulators. Nothing else; no pointers cross
// the API.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sdlab/random.h"
#include "sdlab/sim.h"
#include "sim/event_queue.h"
#include "sim/exponential.h"
#include "sim/histogram.h"
#include "sim/model.h"

namespace sdlab::sim {

/// A FIFO of plain values in a growable ring buffer (capacity a power of two).
template <class T>
class Ring {
 public:
  bool Empty() const { return size_ == 0; }
  std::size_t Size() const { return size_; }
  const T& Front() const { return buf_[head_]; }
  void Push(const T& v) {
    if (size_ == buf_.size()) Grow();
    buf_[(head_ + size_) & (buf_.size() - 1)] = v;
    ++size_;
  }
  T Pop() {
    T v = buf_[head_];
    head_ = (head_ + 1) & (buf_.size() - 1);
    --size_;
    return v;
  }
  const T& At(std::size_t i) const { return buf_[(head_ + i) & (buf_.size() - 1)]; }
  void Clear() {
    head_ = 0;
    size_ = 0;
  }

 private:
  [[gnu::noinline]] void Grow() {  // rare: kept out of Push, which is inlined into the hot paths
    std::vector<T> next(buf_.empty() ? 8 : buf_.size() * 2);
    for (std::size_t i = 0; i < size_; ++i) next[i] = buf_[(head_ + i) & (buf_.size() - 1)];
    buf_ = std::move(next);
    head_ = 0;
  }
  std::vector<T> buf_;
  std::size_t head_ = 0, size_ = 0;
};

class Engine {
 public:
  Engine(Model model, std::uint64_t seed, int replication);

  bool Advance(double until_s, std::uint64_t max_events);
  bool Finished() const { return finished_; }
  double Now() const { return now_; }
  double EndTime() const { return end_; }
  const RunPlan& Plan() const { return model_.plan; }
  const Timeline& TimelineRef() const { return timeline_; }
  std::uint64_t EventsProcessed() const { return events_; }
  SimResult Result() const;
  /// See Simulation::Inject.
  Expected<double, SimError> Inject(const FaultDef& fault);

 private:
  // [SECTION] Records -----------------------------------------------------------------------------
  enum EventType : std::uint8_t {
    kArrival = 1, kHopArrive, kJobDone, kJobArrive, kTimeoutCheck, kBackgroundCheck, kRetry, kSample,
    kAutoscale, kFaultStart, kFaultEnd, kDetectDown, kDetectUp, kReplicaReady, kFailover, kRateChange,
    kBurstToggle, kWarmupEnd
  };
  enum RequestState : std::uint8_t { kFree = 0, kActive, kLate, kWaitRetry, kBackground };
  enum JobKind : std::uint8_t { kPrimary = 0, kQuorumChild, kApply };
  enum class Cause { Timeout, Shed, NoReplica, CircuitOpen, NoLeader, Quorum };
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  struct Request {
    std::uint32_t gen = 0;
    std::uint32_t client = 0;
    std::uint16_t flow = 0;
    std::uint8_t hop = 0;
    std::uint8_t attempt = 0;
    std::uint8_t state = kFree;
    std::uint8_t stale = 0;
    std::uint16_t needed = 0;
    double t_first = 0;
    double deadline = 0;
    double ret_s = 0;
  };

  struct Job {
    std::uint32_t req = kNone;
    std::uint32_t req_gen = 0;
    std::uint32_t replica = 0;
    std::uint32_t epoch = 0;
    std::uint32_t shard = 0;
    std::uint16_t station = 0;
    std::uint8_t kind = kPrimary;
    std::uint8_t hop = 0;
    double t_enter = 0;
    double commit_t = 0;
  };

  struct Replica {
    int servers = 0;
    int busy = 0;
    std::uint32_t epoch = 0;
    int down = 0;
    bool active = false, routable = true, draining = false;
    double slow = 1;
    double extra_latency_s = 0;
    double down_since = 0, up_since = 0;
    double ewma_s = 0;     // sojourn EWMA, kept only where a hop picks by least response time (track_ewma)
    Ring<std::uint32_t> fifo;
    int InSystem() const { return busy + static_cast<int>(fifo.Size()); }
  };

  struct Station {
    std::vector<Replica> reps;
    std::vector<std::int32_t> open;   // per replica: waiting + in service (compact, for picking)
    std::vector<std::uint8_t> ok;     // per replica: eligible for new work (active, not draining, routable)
    int ok_count = 0;
    int hi = 0;              // slots in use: [0, hi) hold every active or draining replica
    int active = 0;          // active, not draining
    int pending = 0;         // being provisioned
    int max_active = 0;
    std::uint64_t rr = 0;
    bool track_ewma = false;  // some hop picks this station's replica by least response time (reads ewma_s)
    // time integrals (cumulative since t = 0)
    double last_t = 0;
    int n_in = 0, n_busy = 0, waiting = 0, servers_avail = 0;
    double area_in = 0, area_busy = 0, area_cap = 0, area_wait = 0;
    // summary (after warm-up)
    std::uint64_t arrivals = 0, completions = 0, rejected = 0, lost = 0, hits = 0, misses = 0, stale = 0;
    double delay_sum = 0;
    int max_waiting = 0;
    LogHistogram sojourn, lag;
    double w_area_in = 0, w_area_busy = 0, w_area_cap = 0, w_area_wait = 0;  // at the end of warm-up
    // per sample interval
    double s_area_in = 0, s_area_busy = 0, s_area_cap = 0, s_area_wait = 0;
    std::uint64_t s_completions = 0, s_hits = 0, s_misses = 0;
    double s_lag_max = 0;
    std::uint64_t c_completions = 0, c_hits = 0, c_misses = 0;  // cumulative, for the samples
    // autoscaling
    double as_busy = 0, as_cap = 0;
    double last_scale_out = -1e300, last_scale_in = -1e300;
    // circuit breaker
    int br_state = 0;  // 0 closed, 1 open, 2 half-open
    double br_until = 0, br_window_start = 0;
    int br_calls = 0, br_failures = 0, br_opens = 0;
    // databases
    std::vector<int> leader;               // per shard: member index, -1 = none
    std::vector<std::uint8_t> failover_pending;
    int leaders_missing = 0;
  };

  struct FlowState {
    double rate = 0;
    std::uint32_t arrival_gen = 0;
    std::uint64_t arrivals = 0, succeeded = 0, failed = 0, timeouts = 0, background_lost = 0;
    LogHistogram latency, background, sample;
    std::uint64_t s_succeeded = 0;
  };

  struct Deadline {
    double t;
    std::uint32_t req;
    std::uint32_t gen;
  };

  // [SECTION] Event handlers ------------------------------------------------------------------------
  void Dispatch(const Event& e);
  void DispatchControl(const Event& e);
  void OnArrival(std::uint32_t flow, std::uint32_t gen);
  [[gnu::always_inline]] inline void ScheduleArrival(std::uint32_t flow);  // once a request: the call a third of it
  void SetMultiplier();
  [[gnu::always_inline]] inline void StartAttempt(std::uint32_t id);  // into OnArrival and the retry event
  void Enter(std::uint32_t id, double at);
  // Forced inline into its five callers (GCC kept it out of line): twice a request's hop, and most of
  // its cost was the call.
  [[gnu::always_inline]] inline bool Forward(std::uint32_t id, double t_leave, double& at);
  // The same, for a caller already holding the request (reqs_[id]) and its flow's hops (Enter's walk).
  [[gnu::always_inline]] inline bool Forward(std::uint32_t id, Request& r, const HopModel* hops, double t_leave,
                                             double& at);
  void Complete(std::uint32_t id, double t_done);
  void ClientAnswered(std::uint32_t id, double t_done);
  void FailAttempt(std::uint32_t id, Cause cause);
  [[gnu::always_inline]] inline void FreeRequest(std::uint32_t id);  // a few instructions, the call as many
  void DbDispatch(std::uint32_t id);
  [[gnu::always_inline]] inline void SendJob(std::uint32_t id, int station, int replica, JobKind kind, int shard = 0);
  // Forced inline into its two callers (Complete, ClientAnswered): once a request, the call a tenth of it.
  [[gnu::always_inline]] inline void RecordSuccess(FlowState& fs, double latency);
  void OnJobArrive(std::uint32_t j);
  void Admit(std::uint32_t j, Job& jb, Station& st, Replica& rep);  ///< job j (jb) at rep of station st
  // Forced inline (GCC left it out of line, the call costing about as much as the body); the callers
  // already hold the station and replica.
  [[gnu::always_inline]] inline void StartService(std::uint32_t j, std::size_t si, const Replica& rep);
  void OnJobDone(std::uint32_t j);
  [[gnu::always_inline]] inline void AfterPrimary(const Job& jb);  // once, in OnJobDone
  // By value: the finished job's slot is free (OnJobDone), and the apply jobs made here may reuse it.
  void Replicate(Job jb, std::uint32_t id);
  void OnTimeoutCheck();
  void OnBackgroundCheck();
  void OnSample();
  void OnAutoscale();
  void OnFault(std::uint32_t index, bool start);
  void CrashReplica(int si, int ri);
  void RecoverReplica(int si, int ri);
  void OnFailover(int si, int shard);
  void OnReplicaReady(int si, int count);
  void Deactivate(int si, int ri);
  void OnWarmupEnd();

  // [SECTION] Helpers -------------------------------------------------------------------------------
  // A slot from the free list, inline (several a request); a new one at the end of the pool out of line.
  std::uint32_t NewRequest() { return TakeSlot(reqs_, free_reqs_, live_requests_, peak_requests_); }
  std::uint32_t NewJob() { return TakeSlot(jobs_, free_jobs_, live_jobs_, peak_jobs_); }
  template <class T>
  static std::uint32_t TakeSlot(std::vector<T>& pool, std::vector<std::uint32_t>& free, std::uint64_t& live,
                                std::uint64_t& peak) {
    std::uint32_t id = 0;
    if (!free.empty()) {  // the slot released last
      id = free.back();
      free.pop_back();
    } else {
      id = AddSlot(pool);
    }
    if (++live > peak) peak = live;
    return id;
  }
  template <class T>
  [[gnu::noinline]] static std::uint32_t AddSlot(std::vector<T>& pool) {
    pool.push_back(T{});
    return static_cast<std::uint32_t>(pool.size() - 1);
  }
  void ReleaseJob(std::uint32_t j);
  void Touch(Station& st) {  // the time integrals up to now (inline: twice a job)
    const double dt = now_ - st.last_t;
    if (dt > 0) {
      st.area_in += st.n_in * dt;
      st.area_busy += st.n_busy * dt;
      st.area_cap += st.servers_avail * dt;
      st.area_wait += st.waiting * dt;
      st.last_t = now_;
    }
  }
  static bool Eligible(const Replica& r) { return r.active && !r.draining && r.routable; }
  void SetOk(Station& st, int ri);
  int Pick(int si, LbStrategy strategy, std::uint32_t client);
  int PickByLoad(Station& st, LbStrategy strategy, std::uint32_t client);
  int PickAmong(int si, const std::vector<int>& nodes);
  bool BreakerAllows(int si);
  void BreakerRecord(int si, bool ok);
  bool NextUnavailable(const Request& r);
  bool Blocked(const HopModel& h) const;
  double Leak(const StationModel& sm, double t) const;
  double Backoff(int attempt);
  void Log(const char* kind, int si, int ri, std::string detail);
  bool Measuring() const { return measuring_; }
  // Forced inline (once an attempt; the call cost a third of it).
  [[gnu::always_inline]] inline void PushDeadline(Ring<Deadline>& q, bool& pending, std::uint8_t type, double t,
                                                  std::uint32_t id);

  Model model_;
  SimDef def_;
  std::uint64_t seed_;
  int replication_;
  Rng rng_arrival_, rng_service_, rng_route_;
  ExpZiggurat zig_;
  EventQueue events_q_;
  double now_ = 0, end_ = 0;
  bool finished_ = false, truncated_ = false, measuring_ = true;
  std::uint64_t events_ = 0, hard_cap_ = 0;

  std::vector<Station> st_;
  std::vector<FlowState> flows_;
  std::vector<Request> reqs_;
  std::vector<std::uint32_t> free_reqs_;
  std::vector<Job> jobs_;
  std::vector<std::uint32_t> free_jobs_;
  std::uint64_t live_requests_ = 0, live_jobs_ = 0, peak_requests_ = 0, peak_jobs_ = 0;
  Ring<Deadline> timeouts_, backgrounds_;
  bool timeout_pending_ = false, background_pending_ = false;
  std::vector<int> partitions_;       // active partition faults
  double profile_mult_ = 1, burst_mult_ = 1, spike_mult_ = 1;
  bool in_burst_ = false;
  std::uint64_t sample_index_ = 0;
  double last_sample_t_ = 0;
  std::vector<std::uint32_t> autoscaled_;
  std::vector<int> scratch_;

  // summary counters (after warm-up)
  std::uint64_t arrivals_ = 0, attempts_ = 0, retries_ = 0, succeeded_ = 0, failed_ = 0, timeouts_final_ = 0;
  std::uint64_t timeouts_attempts_ = 0, errors_shed_ = 0, errors_no_replica_ = 0, errors_circuit_ = 0,
                errors_no_leader_ = 0, errors_quorum_ = 0, stale_served_ = 0, guard_rejected_ = 0;
  // per sample interval
  std::uint64_t s_arrivals_ = 0, s_attempts_ = 0, s_succeeded_ = 0, s_failed_ = 0, s_timeouts_ = 0;
  LogHistogram s_latency_;  ///< scratch: the flows' `sample` histograms merged at each sample

  Timeline timeline_;
  std::vector<SimEvent> log_;
  std::uint64_t log_dropped_ = 0;
};

}  // namespace sdlab::sim
