// redis-lfu, redis-volatile-lfu: Redis's approximated LFU (maxmemory-policy allkeys-lfu /
// volatile-lfu), sampled eviction with the 16-entry pool (cache/redis_keyspace.h).
//
// A key keeps, in Redis's 24-bit field, a 16-bit "last decrement time" in minutes and an 8-bit
// logarithmic counter (redis.conf, evict.c):
//   - a new key starts at LFU_INIT_VAL = 5;
//   - reading it first takes the decay: the counter loses one per lfu-decay-time minutes elapsed
//     since the stored time (not below 0; lfu-decay-time 0 = no decay), then increments with
//     probability 1 / ((c − 5)·lfu-log-factor + 1) (c below 5 counts as 5; never above 255), and
//     stores the current minute;
//   - its eviction score is 255 − the decayed counter (computed when sampled, not stored).
// With lfu-log-factor 10 a key needs about 100 hits to reach 10 and about 1 000 to reach 18.
#include <memory>

#include "cache/redis_keyspace.h"

namespace sdlab::cache::detail {
namespace {

constexpr std::uint64_t kLfuMax = 255;

class LfuCounterRanking {
 public:
  explicit LfuCounterRanking(const PolicyDef& def)
      : log_factor_(def.redis.lfu_log_factor), decay_time_min_(def.redis.lfu_decay_time_min) {}

  std::uint64_t OnCreate(double now) const { return (Minutes(now) << 8) | kRedisLfuInitVal; }
  std::uint64_t OnAccess(std::uint64_t meta, double now, Rng& rng) const {
    const std::uint64_t c = RedisLfuLogIncr(Decayed(meta, now), log_factor_, rng.Uniform01());
    return (Minutes(now) << 8) | c;
  }
  std::uint64_t Score(std::uint64_t meta, double now) const { return kLfuMax - Decayed(meta, now); }

 private:
  /// The 16-bit minute clock.
  static std::uint64_t Minutes(double now) { return ServerClock::Tick(now, 60.0) & 0xFFFFu; }
  std::uint64_t Decayed(std::uint64_t meta, double now) const {
    return RedisLfuDecayed(meta & 0xFFu, meta >> 8, Minutes(now), decay_time_min_);
  }

  std::uint32_t log_factor_;
  std::uint32_t decay_time_min_;
};

}  // namespace

std::unique_ptr<EvictionPolicy> MakeRedisLfu(const PolicyDef& def) {
  return std::make_unique<RedisSampled<LfuCounterRanking>>(def, "redis-lfu", false);
}
std::unique_ptr<EvictionPolicy> MakeRedisVolatileLfu(const PolicyDef& def) {
  return std::make_unique<RedisSampled<LfuCounterRanking>>(def, "redis-volatile-lfu", true);
}

}  // namespace sdlab::cache::detail
