// The simulator's pending events: a monotone radix heap of 16-byte events ordered by (time, key).
//
// Simulated time never goes back, so the queue only has to hand out events no earlier than the last
// one popped; a radix heap (Ahuja, Mehlhorn, Orlin & Tarjan 1990) does that with sequential vector
// appends instead of a binary heap's scattered sifts. Keys are the IEEE-754 bits of the time
// (for t ≥ 0 their integer order is the numeric order): an event goes to the bucket of the highest
// bit in which its time differs from the last popped one. Events of equal time leave in key order.
// The key packs the event type (high 5 bits), a 27-bit id and a 32-bit id (never pointers), so the
// processing order — and every result — depends only on the events pushed.
#pragma once

#include <bit>
#include <cassert>
#include <cstdint>
#include <cstring>
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
  bool Empty() const { return size_ == 0; }
  std::size_t Size() const { return size_; }

  /// REQUIRES: t ≥ 0 and t ≥ the time of the last event popped; type < 32; a ≤ Event::kMaxA.
  void Push(double t, std::uint8_t type, std::uint32_t a, std::uint32_t b) {
    const Event e{t, (static_cast<std::uint64_t>(type) << 59) | (static_cast<std::uint64_t>(a) << 32) | b};
    assert(Bits(t) >= last_);
    Place(e);
    ++size_;
  }

  /// The earliest event. REQUIRES: !Empty().
  const Event& Top() {
    Settle();
    return buckets_[0].back();
  }

  Event Pop() {
    Settle();
    const Event e = buckets_[0].back();
    buckets_[0].pop_back();
    --size_;
    return e;
  }

  void Clear() {
    for (auto& b : buckets_) b.clear();
    mask_ = 0;
    size_ = 0;
    last_ = 0;
  }

 private:
  static std::uint64_t Bits(double t) {
    std::uint64_t u = 0;
    std::memcpy(&u, &t, sizeof u);
    return u;
  }
  static bool Less(const Event& x, const Event& y) { return x.t < y.t || (x.t == y.t && x.key < y.key); }

  void Place(const Event& e) {
    const std::uint64_t diff = Bits(e.t) ^ last_;
    const int b = diff == 0 ? 0 : 64 - std::countl_zero(diff);
    buckets_[b].push_back(e);
    if (b > 0) mask_ |= std::uint64_t{1} << (b - 1);
  }

  // Makes bucket 0 hold the earliest time, with the smallest key at its back.
  void Settle() {
    assert(size_ > 0);
    std::vector<Event>& zero = buckets_[0];
    if (zero.empty()) {
      const int b = std::countr_zero(mask_) + 1;
      std::vector<Event>& from = buckets_[b];
      std::size_t min = 0;
      for (std::size_t i = 1; i < from.size(); ++i)
        if (Less(from[i], from[min])) min = i;
      last_ = Bits(from[min].t);
      mask_ &= ~(std::uint64_t{1} << (b - 1));
      spill_.swap(from);
      for (const Event& e : spill_) Place(e);
      spill_.clear();
    }
    if (zero.size() > 1) {
      std::size_t min = zero.size() - 1;
      for (std::size_t i = 0; i + 1 < zero.size(); ++i)
        if (zero[i].key < zero[min].key) min = i;
      std::swap(zero[min], zero.back());
    }
  }

  std::vector<Event> buckets_[65];
  std::vector<Event> spill_;
  std::uint64_t mask_ = 0;  // bit b-1 set when bucket b (1..64) is not empty
  std::uint64_t last_ = 0;  // bits of the last settled time
  std::size_t size_ = 0;
};

}  // namespace sdlab::sim
