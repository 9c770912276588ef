// SIEVE (Zhang et al., NSDI 2024): a FIFO queue with one "visited" bit per object and a hand that
// persists between evictions. New objects enter at the front unvisited; a hit sets the bit. To
// evict, the hand moves from where it stopped (initially the back, the oldest) towards the front:
// visited objects have their bit cleared and stay in place; the first unvisited object is evicted
// and the hand stops at its newer neighbour. Past the front the hand wraps to the back. Unlike
// CLOCK, survivors are not moved, so new objects are examined before old survivors.
#include <vector>

#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Sieve final : public PolicyBase<Sieve> {
 public:
  explicit Sieve(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    pool_.Reserve(ReserveHint(def));
    visited_.reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "sieve"; }

  bool Serve(const Request& r) {
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      visited_[slot] = 1;
      return true;
    }
    if (r.size > capacity_) return false;
    while (queue_.bytes + r.size > capacity_) Evict();
    const std::uint32_t s = pool_.Alloc(r.id, r.size);
    if (s >= visited_.size()) visited_.resize(s + 1);
    visited_[s] = 0;
    queue_.PushFront(pool_, s);
    index_.Insert(r.id, s);
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot) return;
    Unlink(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return queue_.bytes; }
  std::uint64_t ObjectCount() const override { return queue_.count; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + pool_.MemoryBytes() + visited_.capacity();
  }

 private:
  void Evict() {
    std::uint32_t h = hand_ != kNoSlot ? hand_ : queue_.back;
    while (visited_[h]) {
      visited_[h] = 0;
      h = pool_[h].prev;
      if (h == kNoSlot) h = queue_.back;
    }
    hand_ = h;
    Unlink(h);  // leaves the hand on the victim's newer neighbour
    ++counters_.evictions;
  }
  void Unlink(std::uint32_t slot) {
    if (hand_ == slot) hand_ = pool_[slot].prev;  // kNoSlot (past the front) restarts at the back
    queue_.Remove(pool_, slot);
    index_.Erase(pool_[slot].id);
    pool_.Free(slot);
  }

  std::uint64_t capacity_;
  ObjectTable index_;
  NodePool pool_;
  NodeList queue_;
  std::vector<std::uint8_t> visited_;  // by slot
  std::uint32_t hand_ = kNoSlot;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeSieve(const PolicyDef& def) { return std::make_unique<Sieve>(def); }

}  // namespace sdlab::cache::detail
