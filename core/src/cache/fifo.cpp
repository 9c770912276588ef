// FIFO: evict the object admitted longest ago. A hit changes nothing.
//
// Layout: a circular buffer of (id, size) in admission order and the id → position index; a hit is
// one index probe, an admission appends, an eviction pops the oldest entry. Erase (TTL, write
// invalidation) leaves a tombstone that eviction skips. Memory per cached object: 8 bytes of
// buffer plus ≈ 11.4 bytes of index.
#include <vector>

#include "cache/object_table.h"
#include "cache/policy_base.h"

namespace sdlab::cache::detail {
namespace {

class Fifo final : public PolicyBase<Fifo> {
 public:
  explicit Fifo(const PolicyDef& def) : capacity_(def.capacity), index_(ReserveHint(def)) {
    ring_.resize(ReserveHint(def) < 16 ? 16 : ReserveHint(def));
  }

  std::string_view Name() const override { return "fifo"; }

  void Prefetch(std::uint32_t id) const {
    index_.Prefetch(id);
    index_.Prefetch(ring_[tail_].id == kTombstone ? 0 : ring_[tail_].id);  // the next victim's bucket
  }

  bool Serve(const Request& r) {
    if (index_.Find(r.id) != kNoSlot) return true;
    if (r.size > capacity_) return false;
    while (used_ + r.size > capacity_) EvictOldest();
    if (entries_ == ring_.size()) Grow();
    ring_[head_] = Entry{r.id, r.size};
    index_.Insert(r.id, static_cast<std::uint32_t>(head_));
    head_ = Next(head_);
    ++entries_;
    ++live_;
    used_ += r.size;
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t pos = index_.Find(id);
    if (pos == kNoSlot) return;
    used_ -= ring_[pos].size;
    ring_[pos].id = kTombstone;
    index_.Erase(id);
    --live_;
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return live_; }
  std::size_t MemoryBytes() const override { return index_.MemoryBytes() + ring_.capacity() * sizeof(Entry); }

 private:
  static constexpr std::uint32_t kTombstone = 0xFFFFFFFFu;
  struct Entry {
    std::uint32_t id;
    std::uint32_t size;
  };

  std::size_t Next(std::size_t i) const { return i + 1 == ring_.size() ? 0 : i + 1; }

  void EvictOldest() {
    for (;;) {
      const Entry e = ring_[tail_];
      tail_ = Next(tail_);
      --entries_;
      if (e.id == kTombstone) continue;
      index_.Erase(e.id);
      used_ -= e.size;
      --live_;
      ++counters_.evictions;
      return;
    }
  }
  // Doubles the buffer, keeping the admission order, and re-points the index.
  void Grow() {
    std::vector<Entry> bigger(ring_.size() * 2);
    std::size_t j = 0;
    for (std::size_t k = 0, i = tail_; k < entries_; ++k, i = Next(i)) {
      if (ring_[i].id == kTombstone) continue;
      bigger[j] = ring_[i];
      index_.Assign(ring_[i].id, static_cast<std::uint32_t>(j));
      ++j;
    }
    ring_.swap(bigger);
    tail_ = 0;
    head_ = j;
    entries_ = j;
  }

  std::uint64_t capacity_;
  std::uint64_t used_ = 0;
  ObjectTable index_;
  std::vector<Entry> ring_;
  std::size_t head_ = 0;     // next write
  std::size_t tail_ = 0;     // oldest entry
  std::size_t entries_ = 0;  // live entries and tombstones between tail and head
  std::uint64_t live_ = 0;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeFifo(const PolicyDef& def) { return std::make_unique<Fifo>(def); }

}  // namespace sdlab::cache::detail
