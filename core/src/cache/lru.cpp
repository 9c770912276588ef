// LRU: evict the least recently used object. A hit moves the object to the front of the queue.
//
// Layout for speed: the recency list is a flat array of 8-byte links (prev, next) indexed by slot,
// with ids and sizes in parallel arrays touched only on admission and eviction, so a hit reads
// the index entry and a few links. Memory per cached object: 16 bytes of slot arrays plus ≈ 11.4
// bytes of index at the table's maximum load.
#include <vector>

#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Lru final : public PolicyBase<Lru> {
 public:
  explicit Lru(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    links_.reserve(ReserveHint(def));
    ids_.reserve(ReserveHint(def));
    sizes_.reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "lru"; }

  void Prefetch(std::uint32_t id) const { index_.Prefetch(id); }
  void PrefetchEntry(std::uint32_t id) const {
#if defined(__GNUC__)
    const std::uint32_t slot = index_.Find(id);
    if (slot != kNoSlot) __builtin_prefetch(&links_[slot]);
    // The next victims are known: warm the index bucket of the back entry and the entry before it.
    if (back_ != kNoSlot) {
      index_.Prefetch(ids_[back_]);
      const std::uint32_t before = links_[back_].prev;
      if (before != kNoSlot) __builtin_prefetch(&ids_[before]);
    }
#else
    (void)id;
#endif
  }

  bool Serve(const Request& r) {
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      MoveToFront(slot);
      return true;
    }
    if (r.size > capacity_) return false;
    while (used_ + r.size > capacity_) {
      const std::uint32_t victim = back_;
      Unlink(victim);
      index_.Erase(ids_[victim]);
      used_ -= sizes_[victim];
      Free(victim);
      ++counters_.evictions;
    }
    const std::uint32_t s = Alloc(r.id, r.size);
    PushFront(s);
    index_.Insert(r.id, s);
    used_ += r.size;
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot) return;
    Unlink(slot);
    index_.Erase(id);
    used_ -= sizes_[slot];
    Free(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return count_; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + links_.capacity() * sizeof(Link) + ids_.capacity() * 4 + sizes_.capacity() * 4;
  }

 private:
  struct Link {
    std::uint32_t prev;  ///< towards the front (more recent)
    std::uint32_t next;  ///< towards the back
  };

  std::uint32_t Alloc(std::uint32_t id, std::uint32_t size) {
    std::uint32_t s;
    if (free_ != kNoSlot) {
      s = free_;
      free_ = links_[s].next;
      ids_[s] = id;
      sizes_[s] = size;
    } else {
      s = static_cast<std::uint32_t>(links_.size());
      links_.push_back(Link{kNoSlot, kNoSlot});
      ids_.push_back(id);
      sizes_.push_back(size);
    }
    ++count_;
    return s;
  }
  void Free(std::uint32_t s) {
    links_[s].next = free_;
    free_ = s;
    --count_;
  }
  void PushFront(std::uint32_t s) {
    links_[s] = Link{kNoSlot, front_};
    if (front_ != kNoSlot) links_[front_].prev = s; else back_ = s;
    front_ = s;
  }
  void Unlink(std::uint32_t s) {
    const Link l = links_[s];
    if (l.prev != kNoSlot) links_[l.prev].next = l.next; else front_ = l.next;
    if (l.next != kNoSlot) links_[l.next].prev = l.prev; else back_ = l.prev;
  }
  void MoveToFront(std::uint32_t s) {
    if (s == front_) return;
    const Link l = links_[s];  // not the front: l.prev is a slot
    links_[l.prev].next = l.next;
    if (l.next != kNoSlot) links_[l.next].prev = l.prev; else back_ = l.prev;
    links_[s] = Link{kNoSlot, front_};
    links_[front_].prev = s;
    front_ = s;
  }

  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  std::uint64_t count_ = 0;
  ObjectTable index_;
  std::vector<Link> links_;
  std::vector<std::uint32_t> ids_;
  std::vector<std::uint32_t> sizes_;
  std::uint32_t front_ = kNoSlot;
  std::uint32_t back_ = kNoSlot;
  std::uint32_t free_ = kNoSlot;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeLru(const PolicyDef& def) { return std::make_unique<Lru>(def); }

}  // namespace sdlab::cache::detail
