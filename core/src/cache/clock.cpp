// CLOCK (second chance): a FIFO queue with one reference bit per object. A hit sets the bit; at
// eviction the hand looks at the oldest object: if its bit is set the bit is cleared and the object
// goes back to the front (a second chance), else it is evicted. New objects start with the bit
// clear. This is the queue form of the classic circular CLOCK, and handles variable sizes.
#include <vector>

#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Clock final : public PolicyBase<Clock> {
 public:
  explicit Clock(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    pool_.Reserve(ReserveHint(def));
    referenced_.reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "clock"; }

  bool Serve(const Request& r) {
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      referenced_[slot] = 1;
      return true;
    }
    if (r.size > capacity_) return false;
    while (queue_.bytes + r.size > capacity_) Evict();
    const std::uint32_t s = pool_.Alloc(r.id, r.size);
    if (s >= referenced_.size()) referenced_.resize(s + 1);
    referenced_[s] = 0;
    queue_.PushFront(pool_, s);
    index_.Insert(r.id, s);
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot) return;
    queue_.Remove(pool_, slot);
    index_.Erase(id);
    pool_.Free(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return queue_.bytes; }
  std::uint64_t ObjectCount() const override { return queue_.count; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + pool_.MemoryBytes() + referenced_.capacity();
  }

 private:
  void Evict() {
    for (;;) {
      const std::uint32_t hand = queue_.back;
      if (referenced_[hand]) {
        referenced_[hand] = 0;
        queue_.MoveToFront(pool_, hand);
        continue;
      }
      queue_.Remove(pool_, hand);
      index_.Erase(pool_[hand].id);
      pool_.Free(hand);
      ++counters_.evictions;
      return;
    }
  }

  std::uint64_t capacity_;
  ObjectTable index_;
  NodePool pool_;
  NodeList queue_;
  std::vector<std::uint8_t> referenced_;  // by slot
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeClock(const PolicyDef& def) { return std::make_unique<Clock>(def); }

}  // namespace sdlab::cache::detail
