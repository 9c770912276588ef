// cache/policy_base.h — what every eviction policy shares (internal).
//
// PolicyBase<Derived> implements EvictionPolicy::Access and Replay on top of Derived::Serve, a
// non-virtual member, so the replay loop has no virtual call per request. Each policy lives in its
// own file (lru.cpp, fifo.cpp, ...) and exposes one factory declared here; policy_table.cpp holds
// the one name→factory table.
#pragma once

#include <cstdint>
#include <memory>
#include <span>

#include "sdlab/cache.h"

namespace sdlab::cache::detail {

template <class Derived>
class PolicyBase : public EvictionPolicy {
 public:
  bool Access(const Request& r) override { return static_cast<Derived&>(*this).Serve(r); }

  ReplayCounts Replay(const Trace& trace, std::span<const std::uint32_t> next, std::size_t begin,
                      std::size_t end) override {
    auto& self = static_cast<Derived&>(*this);
    ReplayCounts c;
    const std::uint32_t* ids = trace.ids.data();
    const bool sized = trace.HasSizes();
    const bool timed = !trace.times.empty();
    const bool future = !next.empty();
    Request r;
    for (std::size_t i = begin; i < end; ++i) {
      // Policies with a Prefetch(id) hook warm the index for a request a few steps ahead; hits and
      // misses do not depend on it.
      if constexpr (requires(const Derived& d) { d.Prefetch(0u); }) {
        if (i + kPrefetchDistance < end) self.Prefetch(ids[i + kPrefetchDistance]);
      }
      if constexpr (requires(const Derived& d) { d.PrefetchEntry(0u); }) {
        if (i + kPrefetchEntryDistance < end) self.PrefetchEntry(ids[i + kPrefetchEntryDistance]);
      }
      r.id = ids[i];
      r.size = sized ? trace.sizes[i] : 1u;
      r.time = timed ? trace.times[i] : static_cast<std::uint32_t>(i);
      r.next = future ? next[i] : kNeverAgain;
      const bool hit = self.Serve(r);
      c.hits += hit ? 1u : 0u;
      c.bytes += r.size;
      c.hit_bytes += hit ? r.size : 0u;
    }
    c.requests = end - begin;
    return c;
  }

  PolicyCounters Counters() const override { return counters_; }

 protected:
  static constexpr std::size_t kPrefetchDistance = 8;       ///< index bucket, this many requests ahead
  static constexpr std::size_t kPrefetchEntryDistance = 3;  ///< the entry itself (its bucket is warm by then)
  PolicyCounters counters_;
};

std::unique_ptr<EvictionPolicy> MakeLru(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeFifo(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeLfu(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeRandom(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeClock(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeSieve(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeArc(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeS3Fifo(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeBelady(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeRedisLru(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeRedisVolatileLru(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeRedisLfu(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeRedisVolatileLfu(const PolicyDef& def);
std::unique_ptr<EvictionPolicy> MakeMemcached(const PolicyDef& def);
/// Wraps `inner` with TTL expiry (ttl ticks after insertion).
std::unique_ptr<EvictionPolicy> MakeTtl(std::unique_ptr<EvictionPolicy> inner, std::uint32_t ttl);

/// How many entries to reserve up front (PolicyDef::reserve_objects, bounded).
inline std::size_t ReserveHint(const PolicyDef& def) {
  const std::uint64_t n = def.reserve_objects < def.capacity ? def.reserve_objects : def.capacity;
  return static_cast<std::size_t>(n < (1u << 26) ? n : (1u << 26));
}

}  // namespace sdlab::cache::detail
