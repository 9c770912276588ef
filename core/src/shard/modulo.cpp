// Modulo hashing: node = Mix64(key) mod n. Even, O(1), stateless — but changing n moves a key
// unless Mix64(key) mod n and mod n' agree: about n/(n+1) of all keys when one node is added.
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Modulo final : public Partitioner {
 public:
  explicit Modulo(std::uint32_t n) : n_(n) {}
  std::string_view Name() const override { return "modulo"; }
  std::uint32_t NodeCount() const override { return n_; }
  std::uint32_t Locate(std::uint64_t key) const override { return static_cast<std::uint32_t>(Mix64(key) % n_); }
  Made Resize(std::uint32_t nodes, const KeySet& keys) const override {
    return MakeModulo(PartitionerDef{"modulo", nodes}, keys);
  }
  LookupCost Cost() const override {
    return {"O(1)", 1, 0, "one hash and one division; no routing state, but resizing remaps ~n/(n+1) of the keys"};
  }

 private:
  std::uint32_t n_;
};

}  // namespace

Made MakeModulo(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxBuckets) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxBuckets) + "]"});
  return std::unique_ptr<Partitioner>(std::make_unique<Modulo>(def.nodes));
}

}  // namespace sdlab::shard::detail
