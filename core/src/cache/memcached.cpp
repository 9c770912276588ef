// memcached: memcached's segmented LRU (1.6 defaults: `-o lru_segmented`, hot_lru_pct 20,
// warm_lru_pct 40, hot_max_factor 0.2, warm_max_factor 2.0), as doc/new_lru.txt and items.c
// describe it (re-implemented, not copied):
//   - three queues: HOT (new items), WARM (items found active), COLD (the eviction end); each item
//     keeps a time (whole seconds, memcached's clock) and two flags: FETCHED (read once) and
//     ACTIVE (read again after that).
//   - a hit on an item that is not ACTIVE: the first ever read sets FETCHED; a later one sets
//     ACTIVE and the time; an ACTIVE item in COLD moves to WARM's head at once (the async bump),
//     clearing ACTIVE. Hits on an ACTIVE item change nothing.
//   - a miss stores the item at HOT's head (time now, no flags) after freeing room: evict COLD's
//     tail; with COLD empty, move HOT's tail down (to WARM if ACTIVE, else to COLD) and retry.
//   - the LRU maintainer ("juggle", assumed to keep up: run after every store) pulls HOT's tail
//     while HOT holds more than hot_lru_pct of the memory in use or the tail item is older than
//     COLD's tail age × hot_max_factor — ACTIVE items go to WARM, others to COLD — then WARM's
//     tail likewise (warm_lru_pct, warm_max_factor; ACTIVE items are re-queued at WARM's head).
// One slab class: object sizes do not choose a class. Ages are in whole seconds, so when the cache
// turns over in under a second every age limit is 0 and only items touched this second stay warm.
#include <memory>
#include <vector>

#include "cache/object_table.h"
#include "cache/policy_base.h"
#include "cache/server_clock.h"

namespace sdlab::cache::detail {
namespace {

enum Queue : std::uint8_t { kHot = 0, kWarm = 1, kCold = 2 };
constexpr std::uint8_t kFetched = 1;
constexpr std::uint8_t kActive = 2;
/// lru_maintainer_juggle's bound on moves per run.
constexpr int kJuggleMoves = 500;

class MemcachedSlru final : public PolicyBase<MemcachedSlru> {
 public:
  explicit MemcachedSlru(const PolicyDef& def)
      : capacity_(def.capacity), settings_(def.memcached), clock_(def.ticks_per_second), index_(ReserveHint(def)) {
    items_.reserve(ReserveHint(def));
  }

  std::string_view Name() const override { return "memcached"; }

  void Prefetch(std::uint32_t id) const { index_.Prefetch(id); }

  bool Serve(const Request& r) {
    const std::uint64_t now = ServerClock::Tick(clock_.Seconds(r.time), 1.0);
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      Bump(slot, now);
      return true;
    }
    if (r.size > capacity_) return false;
    while (used_ + r.size > capacity_) {
      if (tail_[kCold] != kNoSlot) {
        Evict(tail_[kCold]);
      } else if (tail_[kHot] != kNoSlot) {
        const std::uint32_t t = tail_[kHot];
        MoveTo(t, (items_[t].flags & kActive) != 0 ? kWarm : kCold);
        items_[t].flags = static_cast<std::uint8_t>(items_[t].flags & ~kActive);
      } else {
        MoveTo(tail_[kWarm], kCold);  // only WARM holds items: the maintainer would have drained it
      }
    }
    const std::uint32_t s = Alloc(r.id, r.size);
    items_[s].time = now;
    items_[s].flags = 0;
    PushHead(s, kHot);
    index_.Insert(r.id, s);
    used_ += r.size;
    Juggle(now);
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot == kNoSlot) return;
    Unlink(slot);
    index_.Erase(id);
    used_ -= items_[slot].size;
    Free(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return count_; }
  std::size_t MemoryBytes() const override { return index_.MemoryBytes() + items_.capacity() * sizeof(Item); }

 private:
  struct Item {
    std::uint64_t time;  ///< seconds: stored, or last made active
    std::uint32_t id;
    std::uint32_t size;
    std::uint32_t prev;  ///< towards the head (newer)
    std::uint32_t next;  ///< towards the tail; the free-list link while free
    std::uint8_t queue;
    std::uint8_t flags;
  };

  void Bump(std::uint32_t s, std::uint64_t now) {
    Item& it = items_[s];
    if ((it.flags & kActive) != 0) return;
    if ((it.flags & kFetched) == 0) {
      it.flags |= kFetched;
      return;
    }
    it.time = now;
    if (it.queue == kCold) {
      MoveTo(s, kWarm);  // the async bump: COLD → WARM, no longer ACTIVE
    } else {
      it.flags |= kActive;
    }
  }

  /// Seconds since the item's time (0 if a trace's clock ran backwards).
  static std::uint64_t Age(const Item& it, std::uint64_t now) { return now >= it.time ? now - it.time : 0; }

  /// One maintainer run: HOT's tail, else WARM's tail, moved while a limit says so.
  void Juggle(std::uint64_t now) {
    const std::uint64_t cold_age = tail_[kCold] != kNoSlot ? Age(items_[tail_[kCold]], now) : 0;
    const auto hot_age = static_cast<std::uint64_t>(static_cast<double>(cold_age) * settings_.hot_max_factor);
    const auto warm_age = static_cast<std::uint64_t>(static_cast<double>(cold_age) * settings_.warm_max_factor);
    const std::uint64_t total = bytes_[kHot] + bytes_[kWarm] + bytes_[kCold];
    for (int i = 0; i < kJuggleMoves; ++i) {
      if (!PullTail(kHot, total, hot_age, now) && !PullTail(kWarm, total, warm_age, now)) break;
    }
  }

  /// lru_pull_tail for HOT or WARM without eviction: true when the tail item moved.
  bool PullTail(Queue q, std::uint64_t total, std::uint64_t max_age, std::uint64_t now) {
    const std::uint32_t s = tail_[q];
    if (s == kNoSlot) return false;
    std::uint64_t limit = q == kHot ? total * settings_.hot_lru_pct / 100 : 0;
    if (limit == 0) limit = total * settings_.warm_lru_pct / 100;  // as memcached: HOT falls back to WARM's share
    Item& it = items_[s];
    if ((it.flags & kActive) != 0) {
      it.flags = static_cast<std::uint8_t>(it.flags & ~kActive);
      MoveTo(s, kWarm);  // HOT → WARM, or to WARM's head again
      return true;
    }
    if (bytes_[q] > limit || Age(it, now) > max_age) {
      MoveTo(s, kCold);
      return true;
    }
    return false;
  }

  void Evict(std::uint32_t s) {
    Unlink(s);
    index_.Erase(items_[s].id);
    used_ -= items_[s].size;
    Free(s);
    ++counters_.evictions;
  }

  std::uint32_t Alloc(std::uint32_t id, std::uint32_t size) {
    std::uint32_t s;
    if (free_ != kNoSlot) {
      s = free_;
      free_ = items_[s].next;
    } else {
      s = static_cast<std::uint32_t>(items_.size());
      items_.push_back(Item{});
    }
    items_[s].id = id;
    items_[s].size = size;
    ++count_;
    return s;
  }
  void Free(std::uint32_t s) {
    items_[s].next = free_;
    free_ = s;
    --count_;
  }
  void PushHead(std::uint32_t s, std::uint8_t q) {
    Item& it = items_[s];
    it.queue = q;
    it.prev = kNoSlot;
    it.next = head_[q];
    if (head_[q] != kNoSlot)
      items_[head_[q]].prev = s;
    else
      tail_[q] = s;
    head_[q] = s;
    bytes_[q] += it.size;
  }
  void Unlink(std::uint32_t s) {
    const Item& it = items_[s];
    const std::uint8_t q = it.queue;
    if (it.prev != kNoSlot)
      items_[it.prev].next = it.next;
    else
      head_[q] = it.next;
    if (it.next != kNoSlot)
      items_[it.next].prev = it.prev;
    else
      tail_[q] = it.prev;
    bytes_[q] -= it.size;
  }
  void MoveTo(std::uint32_t s, std::uint8_t q) {
    Unlink(s);
    PushHead(s, q);
  }

  std::uint64_t capacity_;
  MemcachedDef settings_;
  ServerClock clock_;
  ObjectTable index_;
  std::vector<Item> items_;
  std::uint32_t head_[3] = {kNoSlot, kNoSlot, kNoSlot};
  std::uint32_t tail_[3] = {kNoSlot, kNoSlot, kNoSlot};
  std::uint64_t bytes_[3] = {0, 0, 0};
  std::uint32_t free_ = kNoSlot;
  std::uint64_t used_ = 0;
  std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeMemcached(const PolicyDef& def) {
  return std::make_unique<MemcachedSlru>(def);
}

}  // namespace sdlab::cache::detail
