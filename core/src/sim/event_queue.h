// The simulator's pending events: a calendar queue (Brown 1988) of 16-byte events ordered by (time, key).
//
// Structure. Time is cut into "days" of width w, numbered from a base time: day(t) = ⌊(t − base) / w⌋
// (saturated, so any t ≥ 0, even a huge or infinite one, has a day). With cur the day being served:
//   front  every pending event of day ≤ cur (normally cur's handful), kept sorted, or as a binary
//          heap once it holds more than 32 (so even all-equal times cost O(log n));
//   ring   B buckets (B a power of two) for the days cur+1 … cur+B−1, bucket day mod B: unsorted
//          singly linked lists of nodes taken from one pool, with a bitmap of the non-empty buckets;
//   far    a binary min-heap of the events of day ≥ cur+B (per-second samples, timeouts, faults).
// Pop takes the front's top. When the front runs dry the bitmap gives the next non-empty day D (a
// count-trailing-zeros per 64 days), that bucket's list becomes the new front (insertion-sorted), and far
// events whose day fell below D+B move into the ring; with the ring empty the base jumps to the far
// minimum, so huge gaps cost nothing. day(t) never decreases as t grows, so everything in the front
// precedes everything in the ring, which precedes the far heap, and since the front and far are exactly
// ordered on (time, key), events leave in (time, key) order whatever w and B are: those only set speed.
//
// Adaptation. Every epoch (≥ 4096 pops) the queue compares w with the observed spacing of popped
// times (aiming at ~3 events a day) and the share of pushes that went to the far heap (a window B·w too
// short); if w is off by more than 2× or the far share is high, it rebuilds with new w and B (O(n)).
// B stays ≤ 32 × the pending count (≥ 64), so memory is O(peak pending): the node pool never exceeds
// the peak, nothing is allocated per event in steady state.
//
// Cost: O(1) amortized per event when the spacing is regular (a push is a multiply, a node and a bit;
// a pop reads the sorted front), degrading gracefully to a binary heap's O(log n) when the times are bunched
// (all equal → all in the front) or scattered (all far). It replaced a radix heap on IEEE-754 bits,
// which moved each event through several buckets: the engine's queue work fell from ~270 to ~130
// instructions an event (callgrind), and to ~120 once a refill copied a bucket straight into the front.
// The key packs the event type (high 5 bits), a 27-bit id and a 32-bit id (never pointers), and the
// adaptation only looks at event times and counts, so the processing order — and every result —
// depends only on the events pushed.
#pragma once

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace sdlab::sim {

struct Event {
  double t = 0;
  std::uint64_t key = 0;  ///< type << 59 | a << 32 | b

  static constexpr std::uint32_t kMaxA = (1u << 27) - 1;
  std::uint8_t Type() const { return static_cast<std::uint8_t>(key >> 59); }
  std::uint32_t A() const { return static_cast<std::uint32_t>((key >> 32) & kMaxA); }
  std::uint32_t B() const { return static_cast<std::uint32_t>(key); }
};

class EventQueue {
 public:
  EventQueue() { Reset(); }

  bool Empty() const { return size_ == 0; }
  std::size_t Size() const { return size_; }

  /// REQUIRES: t ≥ 0 and t ≥ the time of the last event popped; type < 32; a ≤ Event::kMaxA.
  /// Forced inline (GCC kept it out of line in the engine's handlers): the common case is a few dozen
  /// instructions, about as many as the call costs.
  [[gnu::always_inline]] void Push(double t, std::uint8_t type, std::uint32_t a, std::uint32_t b) {
    const Event e{t, (static_cast<std::uint64_t>(type) << 59) | (static_cast<std::uint64_t>(a) << 32) | b};
    assert(t >= last_t_);
    const std::uint64_t day = Day(t);
    if (day - cur_ - 1 < buckets_ - 1 && free_ != kNil) {  // the common case, inline: a ring bucket
      const std::size_t i = static_cast<std::size_t>(day) & (buckets_ - 1);
      const std::uint32_t n = free_;
      Node& node = nodes_[n];
      free_ = node.next;
      node = Node{e, heads_[i]};
      heads_[i] = n;
      bits_[i >> 6] |= std::uint64_t{1} << (i & 63);
      ++in_ring_;
    } else {
      Place(e, day);
    }
    ++size_;
  }

  /// The earliest event. REQUIRES: !Empty().
  const Event& Top() {
    if (head_ == front_end_) Refill();
    return front_[head_];
  }

  /// Pops the earliest event into `e` when its time is ≤ until (one emptiness and refill check).
  bool PopBy(double until, Event& e) {
    if (size_ == 0) return false;
    if (head_ == front_end_) Refill();
    if (!heap_) {
      if (front_[head_].t > until) return false;
      e = front_[head_++];
    } else {
      if (front_[0].t > until) return false;
      e = front_[0];
      std::pop_heap(front_.data(), front_.data() + front_end_, After);
      --front_end_;
    }
    --size_;
    last_t_ = e.t;
    ++pops_;
    return true;
  }

  /// The earliest event, removed. REQUIRES: !Empty().
  Event Pop() {
    Event e;
    PopBy(std::numeric_limits<double>::infinity(), e);  // every time is ≤ ∞ (and NaN is not > ∞)
    return e;
  }

  void Clear() {
    front_.clear();
    far_.clear();
    nodes_.clear();
    Reset();
  }

 private:
  static constexpr std::uint32_t kNil = 0xFFFFFFFFu;
  static constexpr std::uint64_t kMaxDay = std::uint64_t{1} << 62;
  static constexpr std::size_t kMinBuckets = 64;
  static constexpr std::uint64_t kEpoch = 4096;
  static constexpr std::size_t kSortedMax = 32;

  struct Node {
    Event e;
    std::uint32_t next;
  };

  // Heap order: std heaps keep the greatest on top, so "greater" is "later".
  static bool After(const Event& x, const Event& y) { return y.t < x.t || (y.t == x.t && y.key < x.key); }

  // Non-decreasing in t (a subtraction, a multiplication and a conversion are all monotone); NaN from
  // ∞ − ∞ saturates like ∞.
  std::uint64_t Day(double t) const {
    const double d = std::max((t - base_) * inv_w_, 0.0);  // NaN stays NaN
    return d < static_cast<double>(kMaxDay) ? static_cast<std::uint64_t>(static_cast<std::int64_t>(d)) : kMaxDay;
  }

  void Place(const Event& e, std::uint64_t day) {
    if (day - cur_ - 1 < buckets_ - 1) {  // cur < day < cur + B: the ring
      const std::size_t i = static_cast<std::size_t>(day) & (buckets_ - 1);
      std::uint32_t n = free_;
      if (n != kNil) {
        free_ = nodes_[n].next;
        nodes_[n] = Node{e, heads_[i]};
      } else {
        n = static_cast<std::uint32_t>(nodes_.size());
        nodes_.push_back(Node{e, heads_[i]});
      }
      heads_[i] = n;
      bits_[i >> 6] |= std::uint64_t{1} << (i & 63);
      ++in_ring_;
    } else if (day <= cur_) {
      PushFront(e);
    } else {
      PushFar(e, day);
    }
  }

  // The front is front_[head_, front_end_) sorted ascending, or (heap_) a heap over front_[0, front_end_)
  // with head_ = 0; it turns into a heap when it would grow past kSortedMax, so even all-equal times cost
  // O(log n). front_ itself is only storage (its size is the capacity, never shrinking but in Clear):
  // Refill copies a bucket in through a plain pointer, with no per-event size bookkeeping.
  void PushFront(const Event& e) {
    if (!heap_ && front_end_ - head_ < kSortedMax) {
      if (head_ >= kSortedMax) DropPopped();  // now and then: the storage stays O(pending)
      if (front_end_ == front_.size()) GrowFront();
      std::size_t j = front_end_++;
      for (; j > head_ && After(front_[j - 1], e); --j) front_[j] = front_[j - 1];
      front_[j] = e;
      return;
    }
    if (!heap_) {
      DropPopped();
      heap_ = true;  // sorted ascending is not a max-heap on After: build it
      std::make_heap(front_.data(), front_.data() + front_end_, After);
    }
    if (front_end_ == front_.size()) GrowFront();
    front_[front_end_++] = e;
    std::push_heap(front_.data(), front_.data() + front_end_, After);
  }

  // Moves the unpopped front_[head_, front_end_) down to the start.
  void DropPopped() {
    std::copy(front_.begin() + static_cast<std::ptrdiff_t>(head_), front_.begin() + static_cast<std::ptrdiff_t>(front_end_),
              front_.begin());
    front_end_ -= head_;
    head_ = 0;
  }

  void GrowFront() { front_.resize(std::max<std::size_t>(kSortedMax, 2 * front_.size())); }

  void PushFar(const Event& e, std::uint64_t day) {
    far_.push_back(e);
    std::push_heap(far_.begin(), far_.end(), After);
    if (day < far_day_) far_day_ = day;
    ++far_pushes_;
  }

  // Starts a new front (REQUIRES: the old one used up).
  void ResetFront() {
    front_end_ = 0;
    head_ = 0;
    heap_ = false;
  }

  // Makes the front non-empty. REQUIRES: size_ > 0 and front_ empty.
  void Refill() {
    assert(size_ > 0 && head_ == front_end_);
    ResetFront();
    if (pops_ - epoch_pops_ >= epoch_len_) Adapt();
    if (in_ring_ == 0) {
      // Jump: the far minimum becomes day 0 (and the front), then the window fills from the far heap.
      base_ = far_[0].t;
      cur_ = 0;
      PushFront(far_[0]);
      std::pop_heap(far_.begin(), far_.end(), After);
      far_.pop_back();
      DrainFar();
      return;
    }
    // The next non-empty bucket after cur (there is one: the ring is not empty).
    const std::size_t mask = buckets_ - 1;
    const std::size_t start = static_cast<std::size_t>(cur_ + 1) & mask;
    std::size_t w = start >> 6;
    std::uint64_t word = bits_[w] & (~std::uint64_t{0} << (start & 63));
    while (word == 0) {
      w = (w + 1) & (bits_.size() - 1);
      word = bits_[w];
    }
    const std::size_t i = (w << 6) | static_cast<std::size_t>(std::countr_zero(word));
    cur_ += 1 + ((i - start) & mask);
    bits_[w] &= ~(std::uint64_t{1} << (i & 63));
    // The bucket's list becomes the front: each event insertion-sorted into place as it is copied (a
    // big bucket's tail just appended, then heaped), and the whole list handed to the free list at once.
    const std::uint32_t first = heads_[i];
    heads_[i] = kNil;
    Node* const nodes = nodes_.data();
    Event* out = front_.data();
    std::size_t k = 0, room = front_.size();
    std::uint32_t n = first, last = first;
    do {
      if (k == room) {
        GrowFront();
        out = front_.data();
        room = front_.size();
      }
      const Event e = nodes[n].e;
      std::size_t j = k++;
      if (j < kSortedMax)
        for (; j > 0 && After(out[j - 1], e); --j) out[j] = out[j - 1];
      out[j] = e;
      last = n;
      n = nodes[n].next;
    } while (n != kNil);
    nodes[last].next = free_;
    free_ = first;
    front_end_ = k;
    in_ring_ -= k;
    if (k > kSortedMax) {
      heap_ = true;
      std::make_heap(out, out + k, After);
    }
    if (far_day_ - cur_ < buckets_ || far_day_ <= cur_) DrainFar();
  }

  // Moves far events whose day is now inside the window (day < cur + B) to the front or the ring.
  void DrainFar() {
    while (!far_.empty()) {
      const std::uint64_t day = Day(far_[0].t);
      if (day > cur_ && day - cur_ >= buckets_) {
        far_day_ = day;
        return;
      }
      const Event e = far_[0];
      std::pop_heap(far_.begin(), far_.end(), After);
      far_.pop_back();
      Place(e, day);
    }
    far_day_ = kNil64;
  }

  // Once an epoch: re-tune w and B from the observed spacing and far share; rebuild if they changed.
  void Adapt() {
    const std::uint64_t pops = pops_ - epoch_pops_;
    const double spacing = (last_t_ - epoch_t_) / static_cast<double>(pops);
    const double far_share = static_cast<double>(far_pushes_) / static_cast<double>(pops);
    double w = 1 / inv_w_;
    std::size_t buckets = buckets_;
    bool rebuild = false;
    if (spacing > 0 && spacing < 1e300) {
      const double target = spacing * kDayEvents;
      if (target > 2 * w || target < w / 2) {
        buckets = static_cast<std::size_t>(std::min(1e9, static_cast<double>(buckets) * w / target));
        w = target;
        rebuild = true;
      }
    }
    if (far_share > 1.0 / 64) {
      buckets *= 2;
      rebuild = true;
    }
    const std::size_t cap = std::bit_ceil(std::max<std::size_t>(kMinBuckets, 32 * size_));
    buckets = std::clamp(std::bit_ceil(std::max<std::size_t>(buckets, 1)), kMinBuckets, cap);
    if (buckets != buckets_) rebuild = true;
    if (rebuild && std::isfinite(1 / w)) Rebuild(w, buckets);
    epoch_pops_ = pops_;
    epoch_t_ = last_t_;
    far_pushes_ = 0;
    epoch_len_ = std::max<std::uint64_t>(kEpoch, 4 * size_);
  }

  // Re-files every ring and far event under a new width and bucket count. REQUIRES: the front empty.
  void Rebuild(double w, std::size_t buckets) {
    std::vector<Event>& all = far_;  // the ring's events join the far heap, which is then drained
    for (std::size_t i = 0; i < heads_.size(); ++i)
      for (std::uint32_t n = heads_[i]; n != kNil; n = nodes_[n].next) all.push_back(nodes_[n].e);
    std::make_heap(all.begin(), all.end(), After);
    nodes_.clear();
    free_ = kNil;
    in_ring_ = 0;
    inv_w_ = 1 / w;
    Resize(buckets);
    cur_ = 0;
    far_day_ = 0;
    base_ = all.empty() ? 0 : all[0].t;
    // Refill's jump then takes the minimum into the front and refills the window.
  }

  void Resize(std::size_t buckets) {
    buckets_ = buckets;
    heads_.assign(buckets, kNil);
    bits_.assign(buckets / 64, 0);
  }

  void Reset() {
    ResetFront();
    Resize(kMinBuckets);
    free_ = kNil;
    inv_w_ = 1e3;  // 1 ms days until the first epoch has measured the spacing
    base_ = 0;
    cur_ = 0;
    in_ring_ = 0;
    far_day_ = kNil64;
    size_ = 0;
    last_t_ = 0;
    pops_ = 0;
    epoch_pops_ = 0;
    epoch_t_ = 0;
    far_pushes_ = 0;
    epoch_len_ = kEpoch;
  }

  static constexpr std::uint64_t kNil64 = ~std::uint64_t{0};
  static constexpr double kDayEvents = 3;  // target events per day

  std::vector<Event> front_;           // storage for the events of day ≤ cur_ (see PushFront)
  std::size_t head_ = 0, front_end_ = 0;
  bool heap_ = false;
  std::vector<Event> far_;             // heap: events of day ≥ cur_ + buckets_
  std::vector<Node> nodes_;            // the ring's events; free ones chained from free_
  std::vector<std::uint32_t> heads_;   // per bucket: first node or kNil
  std::vector<std::uint64_t> bits_;    // per bucket: non-empty
  std::size_t buckets_ = 0;            // a power of two ≥ 64
  std::uint32_t free_ = kNil;
  double inv_w_ = 0;                   // 1 / day width
  double base_ = 0;                    // time of day 0's start
  std::uint64_t cur_ = 0;              // the day being served
  std::uint64_t far_day_ = kNil64;     // ≤ the day of the far heap's minimum (kNil64 when empty)
  std::size_t in_ring_ = 0;
  std::size_t size_ = 0;
  double last_t_ = 0;                  // time of the last event popped
  std::uint64_t pops_ = 0;
  std::uint64_t epoch_pops_ = 0;
  double epoch_t_ = 0;
  std::uint64_t far_pushes_ = 0;
  std::uint64_t epoch_len_ = kEpoch;
};

}  // namespace sdlab::sim
