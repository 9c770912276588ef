// Jump consistent hash (Lamping & Veach 2014) on the raw 64-bit key: no state, O(ln n) expected
// steps, moves the ideal 1/(n+1) of keys when a node is added — but nodes are numbered buckets, so
// only the highest-numbered ones can be removed without moving others.
#include <string>

#include "sdlab/random.h"
#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Jump final : public Partitioner {
 public:
  explicit Jump(std::uint32_t n) : n_(n) {}
  std::string_view Name() const override { return "jump"; }
  std::uint32_t NodeCount() const override { return n_; }
  std::uint32_t Locate(std::uint64_t key) const override {
    return static_cast<std::uint32_t>(JumpConsistentHash(key, static_cast<std::int32_t>(n_)));
  }
  Made Resize(std::uint32_t nodes, const KeySet& keys) const override {
    return MakeJump(PartitionerDef{"jump", nodes}, keys);
  }
  LookupCost Cost() const override {
    return {"O(ln n)", DetLog(static_cast<double>(n_)) + 1, 0,
            "a few LCG steps (expected ln n + 1); no routing state; only the last buckets can be removed"};
  }

 private:
  std::uint32_t n_;
};

}  // namespace

Made MakeJump(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxBuckets) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxBuckets) + "]"});
  return std::unique_ptr<Partitioner>(std::make_unique<Jump>(def.nodes));
}

}  // namespace sdlab::shard::detail
