// The one name→factory table of eviction policies, used by the CLI, the playground and the tests.
#include <array>
#include <optional>
#include <string>

#include "cache/policy_base.h"

namespace sdlab::cache {

namespace {

using namespace detail;

constexpr std::array<PolicyInfo, 14> kPolicies{{
    {"lru", "LRU", "evicts the least recently used object", false, &MakeLru},
    {"fifo", "FIFO", "evicts the object admitted longest ago; hits change nothing", false, &MakeFifo},
    {"lfu", "LFU",
     "evicts the object with the fewest hits since admission (in-cache counts); ties: least recently used",
     false, &MakeLfu},
    {"random", "RANDOM", "evicts a uniformly random cached object (seeded)", false, &MakeRandom},
    {"clock", "CLOCK", "FIFO with a reference bit: referenced objects get a second chance at the front", false,
     &MakeClock},
    {"sieve", "SIEVE", "FIFO with a visited bit and a persistent hand; survivors stay in place", false, &MakeSieve},
    {"arc", "ARC", "adaptive replacement: recency (T1) and frequency (T2) lists tuned by ghost hits", false,
     &MakeArc},
    {"s3fifo", "S3-FIFO", "small FIFO filters one-hit wonders, main FIFO with reinsertion, ghost FIFO", false,
     &MakeS3Fifo},
    {"belady", "Belady (OPT)", "offline optimum: evicts the object requested farthest in the future", true,
     &MakeBelady},
    // Models of real servers: their eviction depends on time, so they need a request rate.
    {"redis-lru", "Redis allkeys-lru",
     "Redis's approximated LRU: samples maxmemory-samples keys into a 16-entry pool and evicts the most idle; "
     "idle times come from a 1 s clock",
     false, &MakeRedisLru, true},
    {"redis-lfu", "Redis allkeys-lfu",
     "Redis's approximated LFU: the same sampling, evicting the lowest 8-bit logarithmic counter (starts at 5, "
     "lfu-log-factor 10, decays by one per lfu-decay-time minute)",
     false, &MakeRedisLfu, true},
    {"redis-volatile-lru", "Redis volatile-lru", "redis-lru over the keys that carry an expire only", false,
     &MakeRedisVolatileLru, true},
    {"redis-volatile-lfu", "Redis volatile-lfu", "redis-lfu over the keys that carry an expire only", false,
     &MakeRedisVolatileLfu, true},
    {"memcached", "memcached segmented LRU",
     "memcached's HOT/WARM/COLD LRU: new items in HOT (20%), items read twice kept in WARM (40%), evictions from "
     "COLD; age limits in whole seconds",
     false, &MakeMemcached, true},
}};

struct Alias {
  std::string_view alias;
  std::string_view name;
};
constexpr std::array<Alias, 11> kAliases{{
    {"s3-fifo", "s3fifo"}, {"opt", "belady"}, {"min", "belady"}, {"second-chance", "clock"}, {"rand", "random"},
    // Redis's maxmemory-policy names.
    {"allkeys-lru", "redis-lru"}, {"allkeys-lfu", "redis-lfu"}, {"volatile-lru", "redis-volatile-lru"},
    {"volatile-lfu", "redis-volatile-lfu"}, {"allkeys-random", "random"},
    {"memcached-slru", "memcached"},
}};

// Settings of the server models, in the ranges the servers accept.
std::optional<std::string> CheckServerSettings(const PolicyInfo& info, const PolicyDef& def) {
  if (!(def.ticks_per_second > 0 && def.ticks_per_second <= 1e9)) {
    return "policy '" + std::string(info.name) +
           "' models a real server whose eviction depends on time: give the workload a request rate "
           "(requests/s) or a trace with timestamps";
  }
  const RedisDef& r = def.redis;
  if (r.samples < 1 || r.samples > 1000000) return std::string("maxmemory-samples must be in [1, 1000000]");
  if (!(r.lru_clock_resolution_s >= 1e-9 && r.lru_clock_resolution_s <= 3600)) {
    return std::string("the LRU clock resolution must be in [1 ns, 1 h]");
  }
  if (r.lfu_log_factor > 1000000) return std::string("lfu-log-factor must be at most 1000000");
  if (r.lfu_decay_time_min > 65535) return std::string("lfu-decay-time must be at most 65535 minutes");
  if (!(r.volatile_fraction >= 0 && r.volatile_fraction <= 1)) {
    return std::string("the share of keys with an expire must be in [0, 1]");
  }
  const MemcachedDef& m = def.memcached;
  if (m.hot_lru_pct < 1 || m.hot_lru_pct >= 80 || m.warm_lru_pct < 1 || m.warm_lru_pct >= 80) {
    return std::string("hot_lru_pct and warm_lru_pct must be in [1, 80)");
  }
  if (m.hot_lru_pct + m.warm_lru_pct > 80) return std::string("hot_lru_pct + warm_lru_pct cannot be more than 80");
  if (!(m.hot_max_factor > 0 && m.hot_max_factor <= 1e6 && m.warm_max_factor > 0 && m.warm_max_factor <= 1e6)) {
    return std::string("hot_max_factor and warm_max_factor must be in (0, 1e6]");
  }
  return std::nullopt;
}

}  // namespace

RedisDef DefaultRedisDef() { return RedisDef{}; }
MemcachedDef DefaultMemcachedDef() { return MemcachedDef{}; }

std::span<const PolicyInfo> Policies() { return kPolicies; }

const PolicyInfo* FindPolicy(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.alias == name) name = a.name;
  }
  for (const PolicyInfo& p : kPolicies) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

Expected<std::unique_ptr<EvictionPolicy>, CacheError> MakePolicy(const PolicyDef& def) {
  const PolicyInfo* info = FindPolicy(def.name);
  if (info == nullptr) {
    std::string known;
    for (const PolicyInfo& p : kPolicies) known += (known.empty() ? "" : ", ") + std::string(p.name);
    return Unexpected(CacheError{"unknown policy '" + def.name + "' (known: " + known + ")"});
  }
  if (def.capacity == 0) return Unexpected(CacheError{"cache capacity must be at least 1"});
  if (def.capacity > 0xFFFFFFFFull * 0xFFFFull) return Unexpected(CacheError{"cache capacity is too large"});
  if (!(def.s3fifo_small_fraction > 0 && def.s3fifo_small_fraction < 1)) {
    return Unexpected(CacheError{"S3-FIFO small-queue fraction must be in (0, 1)"});
  }
  if (info->needs_clock) {
    if (auto problem = CheckServerSettings(*info, def)) return Unexpected(CacheError{*problem});
  }
  std::unique_ptr<EvictionPolicy> p = info->make(def);
  if (def.ttl > 0) p = MakeTtl(std::move(p), def.ttl);
  return p;
}

EvictionPolicy::ReplayCounts EvictionPolicy::Replay(const Trace& trace, std::span<const std::uint32_t> next,
                                                    std::size_t begin, std::size_t end) {
  ReplayCounts c;
  const bool sized = trace.HasSizes();
  const bool timed = !trace.times.empty();
  const bool future = !next.empty();
  for (std::size_t i = begin; i < end; ++i) {
    Request r;
    r.id = trace.ids[i];
    r.size = sized ? trace.sizes[i] : 1u;
    r.time = timed ? trace.times[i] : static_cast<std::uint32_t>(i);
    r.next = future ? next[i] : kNeverAgain;
    const bool hit = Access(r);
    c.hits += hit ? 1u : 0u;
    c.bytes += r.size;
    c.hit_bytes += hit ? r.size : 0u;
  }
  c.requests = end - begin;
  return c;
}

}  // namespace sdlab::cache
