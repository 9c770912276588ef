// shard/schemes.h — the factories of the placement schemes and shared helpers (internal).
// Each scheme lives in its own file; scheme_table.cpp holds the one name→factory table.
#pragma once

#include <memory>

#include "sdlab/shard.h"

namespace sdlab::shard::detail {

using Made = Expected<std::unique_ptr<Partitioner>, ShardError>;

Made MakeModulo(const PartitionerDef& def, const KeySet& keys);
Made MakeRange(const PartitionerDef& def, const KeySet& keys);
Made MakeRing(const PartitionerDef& def, const KeySet& keys);
Made MakeJump(const PartitionerDef& def, const KeySet& keys);
Made MakeRendezvous(const PartitionerDef& def, const KeySet& keys);
Made MakeMaglev(const PartitionerDef& def, const KeySet& keys);
Made MakeBounded(const PartitionerDef& def, const KeySet& keys);
Made MakeGeo(const PartitionerDef& def, const KeySet& keys);

inline constexpr std::uint32_t kMaxNodes = 100000;        ///< schemes with per-node state; analyses
inline constexpr std::uint32_t kMaxBuckets = 0x7FFFFFFF;  ///< stateless jump and modulo (lookups)
inline constexpr std::uint64_t kMaxRingPoints = 10'000'000;

/// The node of `key` in the named region of a geo partitioner.
Expected<std::uint32_t, ShardError> GeoLocateIn(const Partitioner& p, std::string_view region, std::uint64_t key);

/// Maglev's table population (Eisenbud et al. 2016, Pseudocode 1): node i prefers entries
/// (offset[i] + j·skip[i]) mod m for j = 0, 1, ...; nodes take turns claiming their next free
/// preferred entry until all m are taken. Returns the node of each entry.
std::vector<std::uint32_t> MaglevPopulate(const std::vector<std::uint64_t>& offset, const std::vector<std::uint64_t>& skip,
                                          std::uint64_t m);

/// log2(x) with the deterministic logarithm.
double Log2(double x);

/// A copy of `def` with another node count.
inline PartitionerDef WithNodes(const PartitionerDef& def, std::uint32_t nodes) {
  PartitionerDef d = def;
  d.nodes = nodes;
  return d;
}

/// Sorted ring points of nodes 0..n-1 (shared by ring and bounded).
struct Ring {
  std::vector<std::uint64_t> positions;  ///< ascending
  std::vector<std::uint32_t> owners;     ///< node of each point
  /// Index of the first point clockwise from h (position ≥ h, wrapping to 0).
  std::size_t Successor(std::uint64_t h) const;
};
Ring BuildRing(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed);

}  // namespace sdlab::shard::detail
