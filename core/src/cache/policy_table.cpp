// The one name→factory table of eviction policies, used by the CLI, the playground and the tests.
#include <array>

#include "cache/policy_base.h"

namespace sdlab::cache {

namespace {

using namespace detail;

constexpr std::array<PolicyInfo, 9> kPolicies{{
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
}};

struct Alias {
  std::string_view alias;
  std::string_view name;
};
constexpr std::array<Alias, 5> kAliases{{
    {"s3-fifo", "s3fifo"}, {"opt", "belady"}, {"min", "belady"}, {"second-chance", "clock"}, {"rand", "random"},
}};

}  // namespace

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
