// Maglev hashing (Eisenbud et al., NSDI 2016): a lookup table of M entries (M prime). Node i has a
// preference permutation of the table, (offset_i + j·skip_i) mod M, with offset_i = Mix64(h_i ^ A)
// mod M and skip_i = Mix64(h_i ^ B) mod (M − 1) + 1, h_i = Mix64(Mix64(seed) + i). Nodes take turns
// claiming their next preferred free entry until the table is full, so each node holds ⌊M/n⌋ or
// ⌈M/n⌉ entries. A key goes to entry Mix64(key) mod M: O(1) lookups, near-perfect balance, and a
// little more than the ideal 1/(n+1) of keys moved on resize.
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

bool IsPrime(std::uint32_t m) {
  if (m < 2) return false;
  for (std::uint32_t d = 2; static_cast<std::uint64_t>(d) * d <= m; ++d) {
    if (m % d == 0) return false;
  }
  return true;
}

class Maglev final : public Partitioner {
 public:
  explicit Maglev(const PartitionerDef& def) : def_(def) {
    const std::uint64_t m = def.maglev_table;
    std::vector<std::uint64_t> offset(def.nodes), skip(def.nodes);
    for (std::uint32_t i = 0; i < def.nodes; ++i) {
      const std::uint64_t h = Mix64(Mix64(def.seed) + i);
      offset[i] = Mix64(h ^ 0xA0761D6478BD642Full) % m;
      skip[i] = Mix64(h ^ 0xE7037ED1A0B428DBull) % (m - 1) + 1;
    }
    table_ = MaglevPopulate(offset, skip, m);
  }
  std::string_view Name() const override { return "maglev"; }
  std::uint32_t NodeCount() const override { return def_.nodes; }
  std::uint32_t Locate(std::uint64_t key) const override { return table_[Mix64(key) % table_.size()]; }
  Made Resize(std::uint32_t nodes, const KeySet& keys) const override { return MakeMaglev(WithNodes(def_, nodes), keys); }
  LookupCost Cost() const override {
    const double m = static_cast<double>(table_.size());
    return {"O(1)", 2, m * 4,
            "one hash and one table read; the M-entry table is rebuilt (O(M log M)) when nodes change"};
  }

 private:
  PartitionerDef def_;
  std::vector<std::uint32_t> table_;
};

}  // namespace

std::vector<std::uint32_t> MaglevPopulate(const std::vector<std::uint64_t>& offset, const std::vector<std::uint64_t>& skip,
                                          std::uint64_t m) {
  constexpr std::uint32_t kFree = 0xFFFFFFFFu;
  std::vector<std::uint32_t> table(m, kFree);
  std::vector<std::uint64_t> next = offset;  // each node's next preferred entry
  const auto n = static_cast<std::uint32_t>(offset.size());
  std::uint64_t filled = 0;
  while (filled < m && n > 0) {
    for (std::uint32_t i = 0; i < n && filled < m; ++i) {
      std::uint64_t c = next[i];
      while (table[c] != kFree) c = (c + skip[i]) % m;
      table[c] = i;
      next[i] = (c + skip[i]) % m;
      ++filled;
    }
  }
  return table;
}

Made MakeMaglev(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
  if (def.maglev_table < 3 || def.maglev_table > 20'000'003 || !IsPrime(def.maglev_table)) {
    return Unexpected(ShardError{"maglev table size must be a prime in [3, 20000003] (e.g. 65537)"});
  }
  if (def.maglev_table <= def.nodes) return Unexpected(ShardError{"maglev table size must exceed the node count"});
  return std::unique_ptr<Partitioner>(std::make_unique<Maglev>(def));
}

}  // namespace sdlab::shard::detail
