// LFU with in-cache counts: evict the cached object with the fewest hits since it was admitted;
// among equal counts, the least recently used one (smallest last-access tick). A count starts at 1
// on admission and is forgotten on eviction. O(log n) per request (indexed binary heap).
#include "cache/indexed_heap.h"
#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Lfu final : public PolicyBase<Lfu> {
 public:
  explicit Lfu(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    pool_.Reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "lfu"; }

  bool Serve(const Request& r) {
    ++tick_;
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      const HeapKey k = heap_.KeyOf(slot);
      heap_.Update(slot, HeapKey{k.major + 1, tick_});
      return true;
    }
    if (r.size > capacity_) return false;
    while (used_ + r.size > capacity_) {
      const std::uint32_t victim = heap_.Top();
      RemoveSlot(victim);
      ++counters_.evictions;
    }
    const std::uint32_t s = pool_.Alloc(r.id, r.size);
    heap_.Push(s, HeapKey{1, tick_});
    index_.Insert(r.id, s);
    used_ += r.size;
    ++count_;
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot != kNoSlot) RemoveSlot(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return count_; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + pool_.MemoryBytes() + heap_.MemoryBytes();
  }

 private:
  void RemoveSlot(std::uint32_t slot) {
    heap_.Remove(slot);
    index_.Erase(pool_[slot].id);
    used_ -= pool_[slot].size;
    --count_;
    pool_.Free(slot);
  }

  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t tick_ = 0;
  ObjectTable index_;
  NodePool pool_;  // id and size per slot; the list links are unused
  IndexedHeap heap_;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeLfu(const PolicyDef& def) { return std::make_unique<Lfu>(def); }

}  // namespace sdlab::cache::detail
