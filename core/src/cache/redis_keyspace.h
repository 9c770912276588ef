// cache/redis_keyspace.h — Redis's sampled eviction, shared by redis-lru and redis-lfu (internal).
//
// RedisSampled<Ranking> is one Redis keyspace under maxmemory with an LRU or LFU maxmemory-policy.
// The Ranking says what a key keeps (Redis's 24-bit `lru` field: an LRU clock, or an LFU counter
// with its last decrement time) and how good an eviction candidate it is (its "idle" score: higher
// is evicted first). Behaviour, following Redis 7.0's evict.c (re-implemented, not copied):
//   - a request for a cached key is a hit and updates the key (Ranking::OnAccess);
//   - a miss stores the key (Ranking::OnCreate), then evicts while the size units exceed the
//     capacity (Redis evicts before the next command, so the new key is a candidate too);
//   - one eviction: sample `samples` distinct candidate keys uniformly, offer each to the pool of
//     16 entries sorted by score ascending (room left, or better than the worst: inserted to the
//     left of entries with an equal score; when full the worst entry falls off the left end), then
//     take entries from the right: the first whose key is still a candidate is evicted; entries of
//     keys that are gone are dropped. Entries are not re-scored when their key is touched again.
//   - candidates are all keys (allkeys-*) or the keys with an expire (volatile-*); with none to
//     evict, the new key is not stored (Redis refuses the write with an OOM error).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>
#include <vector>

#include "cache/object_table.h"
#include "cache/policy_base.h"
#include "cache/server_clock.h"
#include "sdlab/random.h"

namespace sdlab::cache::detail {

/// EVPOOL_SIZE in evict.c.
inline constexpr std::size_t kRedisEvictionPoolSize = 16;
/// Up to this many samples per eviction, duplicates are found by a linear scan.
inline constexpr std::size_t kLinearCheck = 16;

/// Whether key `id` carries an expire when a share `fraction` of keys do (a fixed hash of the id).
inline bool RedisKeyHasExpire(std::uint32_t id, double fraction) {
  if (fraction >= 1) return true;
  if (fraction <= 0) return false;
  std::uint64_t state = 0x5EED0F0E0B1CA5ull ^ id;
  const std::uint64_t h = SplitMix64(state);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < fraction;
}

/// LFU_INIT_VAL: the counter of a new key.
inline constexpr std::uint64_t kRedisLfuInitVal = 5;

/// One logarithmic increment of an LFU counter (LFULogIncr): +1 with probability
/// 1 / ((c − 5)·factor + 1), c below 5 counting as 5; 255 stays 255. `u` is uniform in [0, 1).
inline std::uint64_t RedisLfuLogIncr(std::uint64_t c, std::uint32_t factor, double u) {
  if (c >= 255) return 255;
  const double base = c > kRedisLfuInitVal ? static_cast<double>(c - kRedisLfuInitVal) : 0.0;
  return u < 1.0 / (base * static_cast<double>(factor) + 1.0) ? c + 1 : c;
}

/// An LFU counter after the decay (LFUDecrAndReturn): minus one per `decay_min` minutes elapsed
/// since `then_min` on the 16-bit minute clock (wrapping once), not below 0; decay 0 = none.
inline std::uint64_t RedisLfuDecayed(std::uint64_t c, std::uint64_t then_min, std::uint64_t now_min,
                                     std::uint32_t decay_min) {
  if (decay_min == 0) return c;
  const std::uint64_t elapsed = now_min >= then_min ? now_min - then_min : 0xFFFFu - then_min + now_min;
  const std::uint64_t periods = elapsed / decay_min;
  return periods > c ? 0 : c - periods;
}

template <class Ranking>
class RedisSampled final : public PolicyBase<RedisSampled<Ranking>> {
 public:
  RedisSampled(const PolicyDef& def, std::string_view name, bool volatile_only)
      : name_(name),
        capacity_(def.capacity),
        samples_(def.redis.samples),
        volatile_only_(volatile_only),
        volatile_fraction_(def.redis.volatile_fraction),
        clock_(def.ticks_per_second),
        ranking_(def),
        rng_(def.seed),
        index_(ReserveHint(def)) {
    keys_.reserve(ReserveHint(def));
    candidates_.reserve(ReserveHint(def));
    picked_.reserve(std::min<std::size_t>(samples_, 1024));
  }

  std::string_view Name() const override { return name_; }

  void Prefetch(std::uint32_t id) const { index_.Prefetch(id); }

  bool Serve(const Request& r) {
    const double now = clock_.Seconds(r.time);
    const std::uint32_t slot = index_.Find(r.id);
    if (slot != kNoSlot) {
      keys_[slot].meta = ranking_.OnAccess(keys_[slot].meta, now, rng_);
      return true;
    }
    if (r.size > capacity_) return false;
    const std::uint32_t added = Store(r.id, r.size, ranking_.OnCreate(now));
    while (used_ > capacity_) {
      if (!EvictOne(now)) {
        // Nothing may be evicted (volatile-* with no key carrying an expire): Redis refuses the write.
        Remove(added);
        ++refused_;
        break;
      }
    }
    return false;
  }

  void Erase(std::uint32_t id) override {
    const std::uint32_t slot = index_.Find(id);
    if (slot != kNoSlot) Remove(slot);
  }
  bool Contains(std::uint32_t id) const override { return index_.Find(id) != kNoSlot; }
  std::uint64_t Capacity() const override { return capacity_; }
  std::uint64_t Used() const override { return used_; }
  std::uint64_t ObjectCount() const override { return count_; }
  std::size_t MemoryBytes() const override {
    return index_.MemoryBytes() + keys_.capacity() * sizeof(Key) + candidates_.capacity() * 4 + sizeof(pool_) +
           stamp_.capacity() * 4 + picked_.capacity() * 4;
  }

  /// Writes refused because no key could be evicted (volatile-*).
  std::uint64_t Refused() const { return refused_; }

 private:
  struct Key {
    std::uint64_t meta;  ///< the Ranking's state (Redis's `lru` field)
    std::uint32_t id;
    std::uint32_t size;
    std::uint32_t candidate;  ///< position in candidates_, or kNoSlot (not evictable / free slot)
    std::uint32_t next_free;  ///< free list link while the slot is free
  };
  struct PoolEntry {
    std::uint64_t score = 0;
    std::uint32_t id = 0;
    bool used = false;
  };

  std::uint32_t Store(std::uint32_t id, std::uint32_t size, std::uint64_t meta) {
    std::uint32_t s;
    if (free_ != kNoSlot) {
      s = free_;
      free_ = keys_[s].next_free;
    } else {
      s = static_cast<std::uint32_t>(keys_.size());
      keys_.push_back(Key{});
    }
    Key& k = keys_[s];
    k.meta = meta;
    k.id = id;
    k.size = size;
    k.next_free = kNoSlot;
    k.candidate = kNoSlot;
    if (!volatile_only_ || RedisKeyHasExpire(id, volatile_fraction_)) {
      k.candidate = static_cast<std::uint32_t>(candidates_.size());
      candidates_.push_back(s);
    }
    index_.Insert(id, s);
    used_ += size;
    ++count_;
    return s;
  }

  void Remove(std::uint32_t s) {
    Key& k = keys_[s];
    if (k.candidate != kNoSlot) {
      // Swap-remove keeps candidates_ dense, so sampling stays uniform.
      const std::uint32_t last = candidates_.back();
      candidates_[k.candidate] = last;
      keys_[last].candidate = k.candidate;
      candidates_.pop_back();
      k.candidate = kNoSlot;
    }
    index_.Erase(k.id);
    used_ -= k.size;
    --count_;
    k.next_free = free_;
    free_ = s;
  }

  /// Offers one sampled key to the pool (the pool's used entries are always a prefix, ascending).
  void Offer(std::uint32_t id, std::uint64_t score) {
    std::size_t k = 0;
    while (k < kRedisEvictionPoolSize && pool_[k].used && pool_[k].score < score) ++k;
    const bool full = pool_[kRedisEvictionPoolSize - 1].used;
    if (k == 0 && full) return;  // worse than every entry of a full pool
    if (k < kRedisEvictionPoolSize && !pool_[k].used) {
      // First free entry: everything on its left scores lower.
    } else if (!full) {
      // Room on the right: shift [k, end-1) one step right.
      std::move_backward(pool_.begin() + static_cast<std::ptrdiff_t>(k), pool_.end() - 1, pool_.end());
    } else {
      // Full: drop the worst (leftmost) and insert just left of the first better-or-equal entry.
      --k;
      std::move(pool_.begin() + 1, pool_.begin() + static_cast<std::ptrdiff_t>(k) + 1, pool_.begin());
    }
    pool_[k] = PoolEntry{score, id, true};
  }

  /// Samples min(samples, candidates) distinct candidates into the pool.
  void Populate(double now) {
    const std::size_t n = candidates_.size();
    if (samples_ >= n) {
      for (std::uint32_t s : candidates_) Offer(keys_[s].id, ranking_.Score(keys_[s].meta, now));
      return;
    }
    // Distinct positions by rejection: a linear check for the usual handful, epoch stamps beyond.
    const bool stamps = samples_ > kLinearCheck;
    if (stamps) {
      if (stamp_.size() < n) stamp_.resize(n, 0);
      if (++epoch_ == 0) {
        std::fill(stamp_.begin(), stamp_.end(), 0u);
        epoch_ = 1;
      }
    }
    picked_.clear();
    while (picked_.size() < samples_) {
      const auto pos = static_cast<std::uint32_t>(rng_.Below(n));
      if (stamps) {
        if (stamp_[pos] == epoch_) continue;
        stamp_[pos] = epoch_;
      } else if (std::find(picked_.begin(), picked_.end(), pos) != picked_.end()) {
        continue;
      }
      picked_.push_back(pos);
      const std::uint32_t s = candidates_[pos];
      Offer(keys_[s].id, ranking_.Score(keys_[s].meta, now));
    }
  }

  bool EvictOne(double now) {
    for (;;) {
      if (candidates_.empty()) return false;
      Populate(now);
      for (std::size_t k = kRedisEvictionPoolSize; k-- > 0;) {
        if (!pool_[k].used) continue;
        const std::uint32_t id = pool_[k].id;
        pool_[k] = PoolEntry{};
        const std::uint32_t s = index_.Find(id);
        if (s != kNoSlot && keys_[s].candidate != kNoSlot) {
          Remove(s);
          ++this->counters_.evictions;
          return true;
        }
        // A ghost: the key is gone (evicted or erased since it was sampled); try the next entry.
      }
    }
  }

  std::string_view name_;
  std::uint64_t capacity_;
  std::size_t samples_;
  bool volatile_only_;
  double volatile_fraction_;
  ServerClock clock_;
  Ranking ranking_;
  Rng rng_;
  ObjectTable index_;
  std::vector<Key> keys_;
  std::vector<std::uint32_t> candidates_;
  std::vector<std::uint32_t> picked_;
  std::vector<std::uint32_t> stamp_;  ///< per candidate position: epoch_ when picked in this round
  std::uint32_t epoch_ = 0;
  std::array<PoolEntry, kRedisEvictionPoolSize> pool_{};
  std::uint32_t free_ = kNoSlot;
  std::uint64_t used_ = 0;
  std::uint64_t count_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace sdlab::cache::detail
