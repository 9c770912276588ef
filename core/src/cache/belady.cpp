// Belady's MIN (offline optimum, Belady 1966): evict the cached object whose next request is
// farthest in the future (never-again first; ties by smaller object id). The requested object
// itself may be the one evicted right away (a bypass). Needs the future: each Request carries the
// index of the next request for its object (NextAccessIndex). Optimal for unit sizes; with variable
// sizes the farthest-next-use rule is a heuristic upper reference, not the optimum (that problem
// is NP-hard).
#include "cache/indexed_heap.h"
#include "cache/node_list.h"
#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Belady final : public PolicyBase<Belady> {
 public:
  explicit Belady(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    pool_.Reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "belady"; }

  bool Serve(const Request& r) {
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      heap_.Update(slot, KeyFor(r));
      return true;
    }
    if (r.size > capacity_) return false;
    const std::uint32_t s = pool_.Alloc(r.id, r.size);
    heap_.Push(s, KeyFor(r));
    index_.Insert(r.id, s);
    used_ += r.size;
    ++count_;
    while (used_ > capacity_) {
      const std::uint32_t victim = heap_.Top();
      if (victim != s) ++counters_.evictions;
      RemoveSlot(victim);
    }
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
  // Min-heap key: the farthest next use is the smallest inverted index.
  static HeapKey KeyFor(const Request& r) { return HeapKey{~static_cast<std::uint64_t>(r.next), r.id}; }

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
  ObjectTable index_;
  NodePool pool_;
  IndexedHeap heap_;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeBelady(const PolicyDef& def) { return std::make_unique<Belady>(def); }

}  // namespace sdlab::cache::detail
