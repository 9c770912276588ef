// redis-lru, redis-volatile-lru: Redis's approximated LRU (maxmemory-policy allkeys-lru /
// volatile-lru), sampled eviction with the 16-entry pool (cache/redis_keyspace.h).
//
// A key keeps the LRU clock of its last access: floor(t / resolution), resolution 1 s in Redis
// (LRU_CLOCK_RESOLUTION 1000 ms; the cached clock is refreshed by the server's cron). Its score is
// its idle time in clock ticks, now − then: every key touched within the same second scores the
// same, which is why a cache that turns over in well under a second evicts almost at random.
#include <memory>

#include "cache/redis_keyspace.h"

namespace sdlab::cache::detail {
namespace {

class LruClockRanking {
 public:
  explicit LruClockRanking(const PolicyDef& def) : resolution_s_(def.redis.lru_clock_resolution_s) {}

  std::uint64_t OnCreate(double now) const { return ServerClock::Tick(now, resolution_s_); }
  std::uint64_t OnAccess(std::uint64_t, double now, Rng&) const { return ServerClock::Tick(now, resolution_s_); }
  /// Idle time in clock ticks (the clock never runs backwards here).
  std::uint64_t Score(std::uint64_t then, double now) const {
    const std::uint64_t tick = ServerClock::Tick(now, resolution_s_);
    return tick >= then ? tick - then : 0;
  }

 private:
  double resolution_s_;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeRedisLru(const PolicyDef& def) {
  return std::make_unique<RedisSampled<LruClockRanking>>(def, "redis-lru", false);
}
std::unique_ptr<EvictionPolicy> MakeRedisVolatileLru(const PolicyDef& def) {
  return std::make_unique<RedisSampled<LruClockRanking>>(def, "redis-volatile-lru", true);
}

}  // namespace sdlab::cache::detail
