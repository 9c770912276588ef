// Discrete-event simulation of a message broker with producers, consumer groups, retries, a
// dead-letter queue, consumer crashes and the three delivery guarantees. See sdlab/queue.h.
//
// Vocabulary used below:
//   origin   a message as the producer sent it (its effect is what may be applied twice);
//   entry    a copy stored by the broker (a producer retry can store one origin twice);
//   pair     (group, origin): every consumer group must process every origin once.
// Events are ordered by (time, sequence number), so the run is the same on every platform.
#include <algorithm>
#include <cmath>
#include <deque>
#include <queue>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/queue.h"
#include "sdlab/random.h"

namespace sdlab::queue {

namespace {

using sample_stats::Fmt;

enum class EventType : std::uint8_t { Produce, Append, Complete, Expire, Requeue, Crash, Recover, Wake, Commit, Sample };

struct Event {
  double t = 0;
  std::uint64_t seq = 0;
  EventType type = EventType::Sample;
  bool flag = false;  // Complete: the attempt failed; Append: this is a producer-retry copy
  std::uint32_t g = 0, w = 0, id = 0, token = 0, epoch = 0;
};

struct Later {
  bool operator()(const Event& a, const Event& b) const { return a.t != b.t ? a.t > b.t : a.seq > b.seq; }
};

enum class Final : std::uint8_t { Pending, Applied, Dead, Lost };

struct PairState {  // per (group, origin)
  std::uint16_t applied = 0;
  Final final = Final::Pending;
};

struct EntryState {  // per (group, entry)
  std::uint32_t token = 0;
  std::uint8_t failures = 0;
  bool in_flight = false;
};

struct Entry {
  std::uint32_t origin = 0;
  std::uint32_t partition = 0;
  double append_t = 0;
};

struct Worker {
  bool busy = false;
  bool down = false;
  std::uint32_t epoch = 0;
  std::uint32_t entry = 0;     // entry being processed
  std::uint32_t partition = 0; // log mode
};

struct PartitionCursor {  // per (group, partition), log mode
  std::size_t position = 0;   // next log index to process
  std::size_t committed = 0;  // replay starts here after a crash
  double blocked_until = 0;   // retry backoff or crash recovery
};

class BrokerRun {
 public:
  explicit BrokerRun(const BrokerDef& def)
      : def_(def),
        groups_(static_cast<std::uint32_t>(def.consumer_groups)),
        workers_(static_cast<std::uint32_t>(def.workers_per_group)),
        active_workers_(def.mode == BrokerMode::Log ? std::min(workers_, static_cast<std::uint32_t>(def.partitions))
                                                    : workers_),
        sampler_(def.service_time_s, def.service_cv),
        rng_arrivals_(Rng(def.seed).Fork(1)),
        rng_routing_(Rng(def.seed).Fork(2)),
        rng_service_(Rng(def.seed).Fork(3)),
        rng_failure_(Rng(def.seed).Fork(4)),
        rng_crash_(Rng(def.seed).Fork(5)) {}

  BrokerResult Run();

 private:
  // [SECTION] plumbing
  void Push(Event e) {
    e.seq = next_seq_++;
    events_.push(e);
  }
  PairState& Pair(std::uint32_t g, std::uint32_t origin) { return pairs_[static_cast<std::size_t>(origin) * groups_ + g]; }
  EntryState& EntryOf(std::uint32_t g, std::uint32_t e) { return entry_states_[static_cast<std::size_t>(e) * groups_ + g]; }
  Worker& WorkerOf(std::uint32_t g, std::uint32_t w) { return worker_[static_cast<std::size_t>(g) * workers_ + w]; }
  PartitionCursor& Cursor(std::uint32_t g, std::uint32_t p) {
    return cursor_[static_cast<std::size_t>(g) * static_cast<std::size_t>(def_.partitions) + p];
  }
  bool Exactly() const { return def_.delivery == Delivery::ExactlyOnce; }
  bool Idempotent() const { return Exactly() && def_.exactly_once == ExactlyOnceMethod::IdempotentConsumer; }
  bool Transactional() const { return Exactly() && def_.exactly_once == ExactlyOnceMethod::Transactional; }
  bool AtMostOnce() const { return def_.delivery == Delivery::AtMostOnce; }

  double Backoff(int failures) const {
    double d = def_.backoff_base_s;
    for (int i = 1; i < failures && d < def_.backoff_max_s; ++i) d *= def_.backoff_multiplier;
    return std::min(d, def_.backoff_max_s);
  }
  double ProcessingTime() {
    double s = sampler_.Sample(rng_service_);
    if (Idempotent()) s += def_.dedup_cost_s;
    if (Transactional()) s += def_.transaction_cost_s;
    return s;
  }

  // [SECTION] producers
  double RateAt(const ProducerDef& p, double t, double& segment_end) const;
  void ScheduleNextArrival(std::uint32_t producer, double from);
  void OnProduce(const Event& e);
  void OnAppend(const Event& e);

  // [SECTION] outcomes of a pair
  void Resolve(std::uint32_t g, std::uint32_t origin, Final how);
  void Apply(std::uint32_t g, std::uint32_t origin);

  // [SECTION] log mode
  std::uint32_t Owner(std::uint32_t partition) const { return partition % active_workers_; }
  void DispatchLog(std::uint32_t g, std::uint32_t w);
  void CompleteLog(const Event& e);
  void CommitGroup(std::uint32_t g);

  // [SECTION] queue mode
  void DispatchQueue(std::uint32_t g);
  void CompleteQueue(const Event& e);
  void OnExpire(const Event& e);
  void OnRequeue(const Event& e);

  // [SECTION] crashes
  void ScheduleCrash(std::uint32_t g, std::uint32_t w);
  void OnCrash(const Event& e);
  void OnRecover(const Event& e);

  bool Drained();

  const BrokerDef& def_;
  std::uint32_t groups_;
  std::uint32_t workers_;
  std::uint32_t active_workers_;
  sample_stats::ServiceSampler sampler_;
  Rng rng_arrivals_, rng_routing_, rng_service_, rng_failure_, rng_crash_;

  std::priority_queue<Event, std::vector<Event>, Later> events_;
  std::uint64_t next_seq_ = 0;
  double now_ = 0;

  std::vector<double> produce_t_;
  std::vector<bool> poison_;
  std::vector<PairState> pairs_;
  std::vector<Entry> entries_;
  std::vector<EntryState> entry_states_;
  std::vector<Worker> worker_;
  std::vector<std::vector<std::uint32_t>> log_;  // per partition: entry ids
  std::vector<PartitionCursor> cursor_;
  std::vector<std::deque<std::uint32_t>> ready_;  // queue mode, per group
  std::vector<std::vector<std::uint32_t>> idle_;  // queue mode, per group: idle worker stack

  std::uint32_t producers_active_ = 0;
  std::uint64_t outstanding_ = 0;      // unresolved pairs
  std::uint64_t busy_workers_ = 0;
  std::uint64_t pending_transfers_ = 0;  // Append and Requeue events not yet handled
  double production_end_ = 0;

  BrokerResult r_;
  std::vector<double> latencies_;  // first applications, in completion order
};

double BrokerRun::RateAt(const ProducerDef& p, double t, double& segment_end) const {
  constexpr double kNever = 1e300;
  switch (p.pattern) {
    case ArrivalPattern::Steady:
      segment_end = kNever;
      return p.rate_per_s;
    case ArrivalPattern::Bursty: {
      const double period = p.on_s + p.off_s;
      const double phase = std::fmod(t, period);
      if (phase < p.on_s) {
        segment_end = t - phase + p.on_s;
        return p.rate_per_s;
      }
      segment_end = t - phase + period;
      return 0;
    }
    case ArrivalPattern::Spiky: {
      const double first = p.spike_every_s / 2;
      if (t < first) {
        segment_end = first;
        return p.rate_per_s;
      }
      const double phase = std::fmod(t - first, p.spike_every_s);
      if (phase < p.spike_duration_s) {
        segment_end = t - phase + p.spike_duration_s;
        return p.rate_per_s * p.spike_multiplier;
      }
      segment_end = t - phase + p.spike_every_s;
      return p.rate_per_s;
    }
  }
  segment_end = kNever;
  return p.rate_per_s;
}

void BrokerRun::ScheduleNextArrival(std::uint32_t producer, double from) {
  const ProducerDef& p = def_.producers[producer];
  double t = from;
  for (int guard = 0; guard < 10'000'000; ++guard) {
    if (t >= def_.duration_s) break;
    double end = 0;
    const double rate = RateAt(p, t, end);
    if (end <= t) end = std::nextafter(t, 1e300);  // rounding at a boundary: step past it
    if (rate <= 0) {
      t = end;
      continue;
    }
    const double next = t + rng_arrivals_.Exponential(rate);
    if (next < end) {
      if (next >= def_.duration_s) break;
      Event e;
      e.t = next;
      e.type = EventType::Produce;
      e.w = producer;
      Push(e);
      return;
    }
    t = end;  // memoryless: restart the draw at the rate change
  }
  --producers_active_;
  production_end_ = std::max(production_end_, std::min(t, def_.duration_s));
}

void BrokerRun::OnProduce(const Event& e) {
  if (def_.max_messages > 0 && r_.produced >= def_.max_messages) {
    --producers_active_;
    production_end_ = std::max(production_end_, now_);
    return;
  }
  const auto origin = static_cast<std::uint32_t>(produce_t_.size());
  produce_t_.push_back(now_);
  poison_.push_back(rng_failure_.Bernoulli(def_.poison_fraction));
  pairs_.resize(pairs_.size() + groups_);
  ++r_.produced;
  outstanding_ += groups_;
  const auto partition = static_cast<std::uint32_t>(rng_routing_.Below(static_cast<std::uint64_t>(def_.partitions)));

  bool lost = false;
  double delay = def_.network_delay_s;
  switch (def_.acks) {
    case ProducerAcks::None: lost = rng_routing_.Bernoulli(def_.send_failure_probability); break;
    case ProducerAcks::Leader: lost = rng_routing_.Bernoulli(def_.leader_loss_probability); break;
    case ProducerAcks::All: delay += def_.replication_delay_s; break;
  }
  if (lost) {
    for (std::uint32_t g = 0; g < groups_; ++g) Resolve(g, origin, Final::Lost);
  } else {
    Event a;
    a.t = now_ + delay;
    a.type = EventType::Append;
    a.id = origin;
    a.token = partition;
    Push(a);
    ++pending_transfers_;
    // The ack was lost, the producer retried: a second copy. Only at-least-once retries into
    // duplicates: at-most-once never retries, and exactly-once implies an idempotent producer (the
    // broker drops the retry by its sequence number).
    if (def_.acks != ProducerAcks::None && def_.delivery == Delivery::AtLeastOnce &&
        rng_routing_.Bernoulli(def_.send_failure_probability)) {
      Event dup = a;
      dup.t = now_ + delay + 3 * def_.network_delay_s;
      dup.flag = true;
      Push(dup);
      ++pending_transfers_;
    }
  }
  if (def_.max_messages > 0 && r_.produced >= def_.max_messages) {
    --producers_active_;
    production_end_ = std::max(production_end_, now_);
    return;
  }
  ScheduleNextArrival(e.w, now_);
}

void BrokerRun::OnAppend(const Event& e) {
  --pending_transfers_;
  const auto id = static_cast<std::uint32_t>(entries_.size());
  entries_.push_back(Entry{e.id, e.token, now_});
  entry_states_.resize(entry_states_.size() + groups_);
  ++r_.appended;
  if (def_.mode == BrokerMode::Log) {
    log_[e.token].push_back(id);
    for (std::uint32_t g = 0; g < groups_; ++g) DispatchLog(g, Owner(e.token));
  } else {
    for (std::uint32_t g = 0; g < groups_; ++g) {
      ready_[g].push_back(id);
      DispatchQueue(g);
    }
  }
}

void BrokerRun::Resolve(std::uint32_t g, std::uint32_t origin, Final how) {
  PairState& p = Pair(g, origin);
  if (p.final != Final::Pending) return;
  p.final = how;
  --outstanding_;
}

void BrokerRun::Apply(std::uint32_t g, std::uint32_t origin) {
  PairState& p = Pair(g, origin);
  if (p.applied > 0 && Idempotent()) {
    ++r_.duplicates_suppressed;
    return;
  }
  if (p.applied < 0xFFFF) ++p.applied;
  if (p.applied == 1) {
    latencies_.push_back(now_ - produce_t_[origin]);
    if (p.final == Final::Pending) --outstanding_;
    p.final = Final::Applied;
  }
}

// [SECTION] log mode --------------------------------------------------------------------------------

void BrokerRun::DispatchLog(std::uint32_t g, std::uint32_t w) {
  Worker& wk = WorkerOf(g, w);
  if (wk.busy || wk.down) return;
  // The owned partition whose next entry is oldest.
  bool found = false;
  std::uint32_t best_p = 0;
  double best_t = 0;
  for (std::uint32_t p = w; p < static_cast<std::uint32_t>(def_.partitions); p += active_workers_) {
    PartitionCursor& c = Cursor(g, p);
    if (c.blocked_until > now_ || c.position >= log_[p].size()) continue;
    const double t = entries_[log_[p][c.position]].append_t;
    if (!found || t < best_t) {
      found = true;
      best_t = t;
      best_p = p;
    }
  }
  if (!found) return;
  PartitionCursor& c = Cursor(g, best_p);
  const std::uint32_t entry = log_[best_p][c.position];
  if (AtMostOnce()) c.committed = std::max(c.committed, c.position + 1);  // commit before processing
  wk.busy = true;
  wk.entry = entry;
  wk.partition = best_p;
  ++busy_workers_;
  ++r_.attempts;
  Event done;
  done.t = now_ + def_.network_delay_s + ProcessingTime();
  done.type = EventType::Complete;
  done.g = g;
  done.w = w;
  done.id = entry;
  done.epoch = wk.epoch;
  done.flag = poison_[entries_[entry].origin] || rng_failure_.Bernoulli(def_.failure_probability);
  Push(done);
}

void BrokerRun::CompleteLog(const Event& e) {
  Worker& wk = WorkerOf(e.g, e.w);
  if (wk.epoch != e.epoch || !wk.busy) return;  // the consumer crashed meanwhile
  wk.busy = false;
  --busy_workers_;
  const std::uint32_t origin = entries_[e.id].origin;
  PartitionCursor& c = Cursor(e.g, wk.partition);
  EntryState& es = EntryOf(e.g, e.id);
  bool advance = true;
  if (!e.flag) {
    Apply(e.g, origin);
    es.failures = 0;
  } else if (AtMostOnce()) {
    Resolve(e.g, origin, Final::Lost);
  } else {
    if (es.failures < 0xFF) ++es.failures;
    if (es.failures >= def_.max_attempts) {
      Resolve(e.g, origin, def_.dead_letter_queue ? Final::Dead : Final::Lost);
      es.failures = 0;
    } else {
      ++r_.retries;
      advance = false;  // retry in place: the partition waits (head-of-line blocking)
      c.blocked_until = now_ + Backoff(es.failures);
      Event wake;
      wake.t = c.blocked_until;
      wake.type = EventType::Wake;
      wake.g = e.g;
      wake.w = e.w;
      wake.epoch = wk.epoch;
      Push(wake);
    }
  }
  if (advance) {
    c.position += 1;
    if (Transactional() || (!AtMostOnce() && def_.commit_interval_s <= 0)) c.committed = std::max(c.committed, c.position);
  }
  DispatchLog(e.g, e.w);
}

void BrokerRun::CommitGroup(std::uint32_t g) {
  for (std::uint32_t p = 0; p < static_cast<std::uint32_t>(def_.partitions); ++p) {
    if (WorkerOf(g, Owner(p)).down) continue;
    PartitionCursor& c = Cursor(g, p);
    c.committed = std::max(c.committed, c.position);
  }
}

// [SECTION] queue mode ------------------------------------------------------------------------------

void BrokerRun::DispatchQueue(std::uint32_t g) {
  auto& ready = ready_[g];
  auto& idle = idle_[g];
  while (!ready.empty() && !idle.empty()) {
    const std::uint32_t w = idle.back();
    idle.pop_back();
    Worker& wk = WorkerOf(g, w);
    if (wk.busy || wk.down) continue;  // stale stack entry
    const std::uint32_t entry = ready.front();
    ready.pop_front();
    EntryState& es = EntryOf(g, entry);
    ++es.token;
    es.in_flight = !AtMostOnce();  // at-most-once: auto-ack on delivery
    wk.busy = true;
    wk.entry = entry;
    ++busy_workers_;
    ++r_.attempts;
    Event done;
    done.t = now_ + def_.network_delay_s + ProcessingTime();
    done.type = EventType::Complete;
    done.g = g;
    done.w = w;
    done.id = entry;
    done.token = es.token;
    done.epoch = wk.epoch;
    done.flag = poison_[entries_[entry].origin] || rng_failure_.Bernoulli(def_.failure_probability);
    Push(done);
    if (es.in_flight) {
      Event expire;
      expire.t = now_ + def_.visibility_timeout_s;
      expire.type = EventType::Expire;
      expire.g = g;
      expire.id = entry;
      expire.token = es.token;
      Push(expire);
    }
  }
}

void BrokerRun::CompleteQueue(const Event& e) {
  Worker& wk = WorkerOf(e.g, e.w);
  if (wk.epoch != e.epoch || !wk.busy) return;
  wk.busy = false;
  --busy_workers_;
  idle_[e.g].push_back(e.w);
  const std::uint32_t origin = entries_[e.id].origin;
  EntryState& es = EntryOf(e.g, e.id);
  const bool current = es.in_flight && es.token == e.token;
  if (!e.flag) {
    if (AtMostOnce()) {
      Apply(e.g, origin);
    } else if (Transactional()) {
      if (current) {  // effect and ack commit together; a stale delivery's transaction aborts
        Apply(e.g, origin);
        es.in_flight = false;
      }
    } else {
      Apply(e.g, origin);  // the effect happens even if the ack is too late
      if (current) es.in_flight = false;
    }
  } else if (AtMostOnce()) {
    Resolve(e.g, origin, Final::Lost);
  } else if (current) {
    es.in_flight = false;
    ++es.token;  // the pending visibility expiry no longer applies
    if (es.failures < 0xFF) ++es.failures;
    if (es.failures >= def_.max_attempts) {
      Resolve(e.g, origin, def_.dead_letter_queue ? Final::Dead : Final::Lost);
    } else {
      ++r_.retries;
      Event rq;
      rq.t = now_ + Backoff(es.failures);
      rq.type = EventType::Requeue;
      rq.g = e.g;
      rq.id = e.id;
      Push(rq);
      ++pending_transfers_;
    }
  }
  DispatchQueue(e.g);
}

void BrokerRun::OnExpire(const Event& e) {
  EntryState& es = EntryOf(e.g, e.id);
  if (!es.in_flight || es.token != e.token) return;
  es.in_flight = false;
  ++es.token;
  ++r_.redeliveries;
  if (es.failures < 0xFF) ++es.failures;  // counts as a receive, like a max-receive-count redrive
  if (es.failures >= def_.max_attempts) {
    Resolve(e.g, entries_[e.id].origin, def_.dead_letter_queue ? Final::Dead : Final::Lost);
    return;
  }
  ready_[e.g].push_front(e.id);
  DispatchQueue(e.g);
}

void BrokerRun::OnRequeue(const Event& e) {
  --pending_transfers_;
  ready_[e.g].push_back(e.id);
  DispatchQueue(e.g);
}

// [SECTION] crashes ---------------------------------------------------------------------------------

void BrokerRun::ScheduleCrash(std::uint32_t g, std::uint32_t w) {
  if (def_.crash_rate_per_s <= 0) return;
  Event c;
  c.t = now_ + rng_crash_.Exponential(def_.crash_rate_per_s);
  c.type = EventType::Crash;
  c.g = g;
  c.w = w;
  c.epoch = WorkerOf(g, w).epoch;
  Push(c);
}

void BrokerRun::OnCrash(const Event& e) {
  Worker& wk = WorkerOf(e.g, e.w);
  if (wk.down || wk.epoch != e.epoch) return;
  ++r_.crashes;
  ++wk.epoch;
  wk.down = true;
  if (wk.busy) {
    wk.busy = false;
    --busy_workers_;
    // At-most-once acked (or committed) before processing: the in-flight message is gone.
    if (AtMostOnce()) Resolve(e.g, entries_[wk.entry].origin, Final::Lost);
    // Otherwise it was not acked: the log replays it, the queue redelivers it after the timeout.
  }
  if (def_.mode == BrokerMode::Log) {
    for (std::uint32_t p = e.w; p < static_cast<std::uint32_t>(def_.partitions); p += active_workers_) {
      PartitionCursor& c = Cursor(e.g, p);
      if (c.position > c.committed) r_.redeliveries += c.position - c.committed;
      c.position = c.committed;  // replay from the last committed offset
      c.blocked_until = now_ + def_.recovery_s;
    }
  }
  Event rec;
  rec.t = now_ + def_.recovery_s;
  rec.type = EventType::Recover;
  rec.g = e.g;
  rec.w = e.w;
  Push(rec);
}

void BrokerRun::OnRecover(const Event& e) {
  Worker& wk = WorkerOf(e.g, e.w);
  wk.down = false;
  ScheduleCrash(e.g, e.w);
  if (def_.mode == BrokerMode::Log) {
    DispatchLog(e.g, e.w);
  } else {
    idle_[e.g].push_back(e.w);
    DispatchQueue(e.g);
  }
}

bool BrokerRun::Drained() {
  if (producers_active_ > 0 || outstanding_ > 0 || busy_workers_ > 0 || pending_transfers_ > 0) return false;
  if (def_.mode == BrokerMode::Queue) {
    for (const auto& q : ready_)
      if (!q.empty()) return false;
    return true;
  }
  for (std::uint32_t g = 0; g < groups_; ++g)
    for (std::uint32_t p = 0; p < static_cast<std::uint32_t>(def_.partitions); ++p)
      if (Cursor(g, p).position < log_[p].size()) return false;
  return true;
}

BrokerResult BrokerRun::Run() {
  worker_.assign(static_cast<std::size_t>(groups_) * workers_, Worker{});
  if (def_.mode == BrokerMode::Log) {
    log_.assign(static_cast<std::size_t>(def_.partitions), {});
    cursor_.assign(static_cast<std::size_t>(groups_) * static_cast<std::size_t>(def_.partitions), PartitionCursor{});
    r_.idle_workers = static_cast<int>(workers_ - active_workers_);
  } else {
    ready_.assign(groups_, {});
    idle_.assign(groups_, {});
    for (std::uint32_t g = 0; g < groups_; ++g)
      for (std::uint32_t w = workers_; w-- > 0;) idle_[g].push_back(w);
  }
  producers_active_ = static_cast<std::uint32_t>(def_.producers.size());
  for (std::uint32_t i = 0; i < def_.producers.size(); ++i) ScheduleNextArrival(i, 0);
  for (std::uint32_t g = 0; g < groups_; ++g)
    for (std::uint32_t w = 0; w < active_workers_; ++w) ScheduleCrash(g, w);
  if (def_.mode == BrokerMode::Log && !AtMostOnce() && !Transactional() && def_.commit_interval_s > 0) {
    for (std::uint32_t g = 0; g < groups_; ++g) {
      Event c;
      c.t = def_.commit_interval_s;
      c.type = EventType::Commit;
      c.g = g;
      Push(c);
    }
  }
  Event s;
  s.t = 0;
  s.type = EventType::Sample;
  Push(s);

  while (!events_.empty()) {
    if (r_.events >= def_.max_events) {
      r_.truncated = true;
      break;
    }
    const Event e = events_.top();
    const double horizon = (producers_active_ > 0 ? def_.duration_s : production_end_) + def_.drain_limit_s;
    if (e.t > horizon) {
      now_ = horizon;
      break;
    }
    events_.pop();
    now_ = e.t;
    ++r_.events;
    switch (e.type) {
      case EventType::Produce: OnProduce(e); break;
      case EventType::Append: OnAppend(e); break;
      case EventType::Complete:
        if (def_.mode == BrokerMode::Log) CompleteLog(e);
        else CompleteQueue(e);
        break;
      case EventType::Expire: OnExpire(e); break;
      case EventType::Requeue: OnRequeue(e); break;
      case EventType::Crash: OnCrash(e); break;
      case EventType::Recover: OnRecover(e); break;
      case EventType::Wake:
        if (WorkerOf(e.g, e.w).epoch == e.epoch) DispatchLog(e.g, e.w);
        break;
      case EventType::Commit: {
        CommitGroup(e.g);
        Event c = e;
        c.t = now_ + def_.commit_interval_s;
        Push(c);
        break;
      }
      case EventType::Sample: {
        r_.backlog.push_back(BacklogSample{now_, outstanding_, busy_workers_});
        r_.max_backlog = std::max(r_.max_backlog, outstanding_);
        Event next = e;
        next.t = now_ + def_.sample_interval_s;
        Push(next);
        break;
      }
    }
    if (outstanding_ == 0 && Drained()) break;
  }
  r_.end_time_s = now_;
  if (r_.backlog.empty() || r_.backlog.back().t_s < now_) {
    r_.backlog.push_back(BacklogSample{now_, outstanding_, busy_workers_});
    r_.max_backlog = std::max(r_.max_backlog, outstanding_);
  }

  // Tally every pair once, from its final state: delivered + dead + lost + remaining = expected.
  r_.expected = r_.produced * groups_;
  for (const PairState& p : pairs_) {
    if (p.applied > 0) {
      ++r_.delivered;
      r_.duplicated += static_cast<std::uint64_t>(p.applied - 1);
    } else if (p.final == Final::Dead) {
      ++r_.dead_lettered;
    } else if (p.final == Final::Lost) {
      ++r_.lost;
    } else {
      ++r_.remaining;
    }
  }
  const sample_stats::Interval ci = sample_stats::BatchMeans(latencies_, 20);
  r_.latency_mean_s = ci.mean;
  r_.latency_mean_ci = ConfidenceInterval{ci.mean, ci.low, ci.high};
  std::sort(latencies_.begin(), latencies_.end());
  r_.latency_p50_s = sample_stats::Percentile(latencies_, 0.50);
  r_.latency_p95_s = sample_stats::Percentile(latencies_, 0.95);
  r_.latency_p99_s = sample_stats::Percentile(latencies_, 0.99);
  r_.latency_p999_s = sample_stats::Percentile(latencies_, 0.999);
  r_.latency_max_s = latencies_.empty() ? 0 : latencies_.back();
  r_.throughput_per_s = now_ > 0 ? static_cast<double>(r_.delivered) / now_ : 0;

  if (r_.idle_workers > 0)
    r_.notes.push_back("log mode: " + std::to_string(r_.idle_workers) + " of " + std::to_string(workers_) +
                       " consumers per group have no partition (a partition has one consumer per group)");
  if (def_.mode == BrokerMode::Queue && def_.partitions > 1)
    r_.notes.push_back("queue mode: partitions are ignored (competing consumers share one queue per group)");
  if (AtMostOnce()) r_.notes.push_back("at-most-once: a failed attempt or a crash mid-processing loses the message");
  if (def_.delivery == Delivery::AtLeastOnce)
    r_.notes.push_back("at-least-once: crashes, replays, producer retries and late acks re-apply effects "
                       "(make the consumer idempotent)");
  if (Idempotent()) r_.notes.push_back("exactly-once by an idempotent consumer: duplicates reach it and are dropped");
  if (Transactional()) r_.notes.push_back("exactly-once by transactions: effect and ack commit atomically");
  if (def_.acks == ProducerAcks::None && !AtMostOnce())
    r_.notes.push_back("producer acks = none: a lost send is never retried, whatever the consumer guarantees");
  if (!def_.dead_letter_queue && !AtMostOnce())
    r_.notes.push_back("no dead-letter queue: messages that exhaust their attempts are dropped");
  if (r_.remaining > 0 && !r_.truncated)
    r_.notes.push_back("the drain limit stopped the run with " + std::to_string(r_.remaining) +
                       " pairs still pending: the consumers cannot keep up");
  if (r_.truncated) r_.notes.push_back("stopped at max_events: figures cover only the simulated part");
  return r_;
}

Unexpected<InputError> Bad(std::string field, std::string message) {
  return Unexpected<InputError>{InputError{std::move(field), std::move(message)}};
}

bool Probability(double p) { return std::isfinite(p) && p >= 0 && p <= 1; }
bool NonNegative(double v) { return std::isfinite(v) && v >= 0; }
bool Positive(double v) { return std::isfinite(v) && v > 0; }

}  // namespace

Expected<BrokerResult, InputError> SimulateBroker(const BrokerDef& d) {
  if (d.producers.empty() || d.producers.size() > 100) return Bad("producers", "need 1 to 100 producers");
  double mean_rate = 0;
  for (const ProducerDef& p : d.producers) {
    if (!NonNegative(p.rate_per_s) || p.rate_per_s > 1e7) return Bad("rate_per_s", "must be between 0 and 1e7");
    if (p.pattern == ArrivalPattern::Bursty && (!Positive(p.on_s) || !NonNegative(p.off_s)))
      return Bad("on_s", "bursty producers need on_s > 0 and off_s ≥ 0");
    if (p.pattern == ArrivalPattern::Spiky &&
        (!Positive(p.spike_every_s) || !NonNegative(p.spike_duration_s) || !NonNegative(p.spike_multiplier) ||
         p.spike_multiplier > 1e4))
      return Bad("spike_every_s", "spiky producers need spike_every_s > 0, duration ≥ 0, multiplier in [0, 1e4]");
    double m = p.rate_per_s;
    if (p.pattern == ArrivalPattern::Bursty) m = p.rate_per_s * p.on_s / (p.on_s + p.off_s);
    if (p.pattern == ArrivalPattern::Spiky) m = p.rate_per_s * std::max(1.0, p.spike_multiplier);
    mean_rate += m;
  }
  if (d.partitions < 1 || d.partitions > 10000) return Bad("partitions", "must be between 1 and 10000");
  if (d.consumer_groups < 1 || d.consumer_groups > 100) return Bad("consumer_groups", "must be between 1 and 100");
  if (d.workers_per_group < 1 || d.workers_per_group > 10000)
    return Bad("workers_per_group", "must be between 1 and 10000");
  if (!Positive(d.service_time_s) || d.service_time_s > 1e5) return Bad("service_time_s", "must be > 0");
  if (!NonNegative(d.service_cv) || d.service_cv > 100) return Bad("service_cv", "must be between 0 and 100");
  for (double p : {d.send_failure_probability, d.leader_loss_probability, d.failure_probability, d.poison_fraction})
    if (!Probability(p)) return Bad("probability", "probabilities must be in [0, 1]");
  if (d.max_attempts < 1 || d.max_attempts > 100) return Bad("max_attempts", "must be between 1 and 100");
  for (double v : {d.dedup_cost_s, d.transaction_cost_s, d.network_delay_s, d.replication_delay_s, d.backoff_base_s,
                   d.backoff_max_s, d.commit_interval_s, d.crash_rate_per_s, d.recovery_s, d.drain_limit_s})
    if (!NonNegative(v) || v > 1e7) return Bad("time", "times and rates must be finite and ≥ 0");
  if (!std::isfinite(d.backoff_multiplier) || d.backoff_multiplier < 1 || d.backoff_multiplier > 100)
    return Bad("backoff_multiplier", "must be between 1 and 100");
  if (!Positive(d.visibility_timeout_s)) return Bad("visibility_timeout_s", "must be > 0");
  if (!Positive(d.duration_s) || d.duration_s > 1e7) return Bad("duration_s", "must be between 0 and 1e7");
  if (!Positive(d.sample_interval_s) || (d.duration_s + d.drain_limit_s) / d.sample_interval_s > 1e6)
    return Bad("sample_interval_s", "must be > 0 and give at most 10^6 samples");
  const double expected_messages =
      d.max_messages > 0 ? std::min(static_cast<double>(d.max_messages), mean_rate * d.duration_s) : mean_rate * d.duration_s;
  if (expected_messages * d.consumer_groups > 5e6)
    return Bad("duration_s", "too many messages × groups for one run (limit 5·10^6, about 50 bytes each): shorten "
                             "it or cap max_messages");
  BrokerRun run(d);
  return run.Run();
}

Expected<std::vector<BacklogSample>, InputError> BurstBacklogSeries(double burst_rate, double on_s, double off_s,
                                                                    int workers, double service_rate,
                                                                    double duration_s, std::uint64_t seed) {
  if (!Positive(service_rate)) return Bad("service_rate", "must be > 0");
  BrokerDef d;
  d.mode = BrokerMode::Queue;
  d.producers = {ProducerDef{}};
  d.producers[0].pattern = ArrivalPattern::Bursty;
  d.producers[0].rate_per_s = burst_rate;
  d.producers[0].on_s = on_s;
  d.producers[0].off_s = off_s;
  d.workers_per_group = workers;
  d.service_time_s = 1 / service_rate;
  d.failure_probability = 0;
  d.poison_fraction = 0;
  d.send_failure_probability = 0;
  d.leader_loss_probability = 0;
  d.duration_s = duration_s;
  d.drain_limit_s = duration_s;
  d.sample_interval_s = std::max(duration_s / 200, 1e-3);
  d.seed = seed;
  auto r = SimulateBroker(d);
  if (!r) return Unexpected<InputError>{r.error()};
  return r->backlog;
}

nlohmann::json ToJson(const BrokerResult& r) {
  using sample_stats::JsonNumber;
  nlohmann::json j;
  j["produced"] = r.produced;
  j["appended"] = r.appended;
  j["expected"] = r.expected;
  j["delivered"] = r.delivered;
  j["duplicated"] = r.duplicated;
  j["duplicates_suppressed"] = r.duplicates_suppressed;
  j["lost"] = r.lost;
  j["dead_lettered"] = r.dead_lettered;
  j["remaining"] = r.remaining;
  j["attempts"] = r.attempts;
  j["retries"] = r.retries;
  j["redeliveries"] = r.redeliveries;
  j["crashes"] = r.crashes;
  j["events"] = r.events;
  j["idle_workers"] = r.idle_workers;
  j["latency_mean_s"] = JsonNumber(r.latency_mean_s);
  j["latency_mean_ci95_s"] = {JsonNumber(r.latency_mean_ci.low), JsonNumber(r.latency_mean_ci.high)};
  j["latency_p50_s"] = JsonNumber(r.latency_p50_s);
  j["latency_p95_s"] = JsonNumber(r.latency_p95_s);
  j["latency_p99_s"] = JsonNumber(r.latency_p99_s);
  j["latency_p999_s"] = JsonNumber(r.latency_p999_s);
  j["latency_max_s"] = JsonNumber(r.latency_max_s);
  j["throughput_per_s"] = JsonNumber(r.throughput_per_s);
  j["end_time_s"] = JsonNumber(r.end_time_s);
  j["max_backlog"] = r.max_backlog;
  j["truncated"] = r.truncated;
  nlohmann::json series = nlohmann::json::array();
  for (const BacklogSample& s : r.backlog)
    series.push_back({{"t_s", JsonNumber(s.t_s)}, {"backlog", s.backlog}, {"in_flight", s.in_flight}});
  j["backlog"] = series;
  j["notes"] = r.notes;
  return j;
}

}  // namespace sdlab::queue
