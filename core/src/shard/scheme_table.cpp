// The one name→factory table of placement schemes, used by the CLI, the playground and the tests.
#include <array>
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard {

namespace {

using namespace detail;

constexpr std::array<SchemeInfo, 8> kSchemes{{
    {"modulo", "Modulo hash", "node = hash(key) mod n; resizing moves most keys", true, &MakeModulo},
    {"range", "Range", "split points over the key order; a monotonic key makes the last range hot", false, &MakeRange},
    {"ring", "Consistent-hash ring", "V virtual nodes per node on a hash circle; a key goes clockwise", true, &MakeRing},
    {"jump", "Jump consistent hash", "Lamping & Veach: no state, numbered buckets, ideal moves", false, &MakeJump},
    {"rendezvous", "Rendezvous (HRW)", "the node with the highest hash(key, node) wins; O(n) lookups", true,
     &MakeRendezvous},
    {"maglev", "Maglev", "a prime-sized lookup table filled from per-node permutations; O(1) lookups", true,
     &MakeMaglev},
    {"bounded", "Bounded-load consistent hashing", "ring order, but no node above c × average load", true,
     &MakeBounded},
    {"geo", "Geo", "keys stay in their home region; jump hash among the region's nodes", true, &MakeGeo},
}};

struct Alias {
  std::string_view alias;
  std::string_view name;
};
constexpr std::array<Alias, 8> kAliases{{
    {"mod", "modulo"}, {"hash", "modulo"}, {"consistent", "ring"}, {"consistent-hash", "ring"},
    {"hrw", "rendezvous"}, {"bounded-load", "bounded"}, {"jump-hash", "jump"}, {"region", "geo"},
}};

}  // namespace

PartitionerDef DefaultPartitionerDef() { return PartitionerDef{}; }

std::span<const SchemeInfo> Schemes() { return kSchemes; }

const SchemeInfo* FindScheme(std::string_view name) {
  for (const Alias& a : kAliases) {
    if (a.alias == name) name = a.name;
  }
  for (const SchemeInfo& s : kSchemes) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

Expected<std::unique_ptr<Partitioner>, ShardError> MakePartitioner(const PartitionerDef& def, const KeySet& keys) {
  const SchemeInfo* info = FindScheme(def.scheme);
  if (info == nullptr) {
    std::string known;
    for (const SchemeInfo& s : kSchemes) known += (known.empty() ? "" : ", ") + std::string(s.name);
    return Unexpected(ShardError{"unknown scheme '" + def.scheme + "' (known: " + known + ")"});
  }
  return info->make(def, keys);
}

std::vector<std::uint32_t> Partitioner::Assign(const KeySet& keys) const {
  std::vector<std::uint32_t> out(keys.keys.size());
  for (std::size_t i = 0; i < keys.keys.size(); ++i) out[i] = Locate(keys.keys[i]);
  return out;
}

std::string Partitioner::NodeLabel(std::uint32_t node) const { return std::to_string(node); }

}  // namespace sdlab::shard
