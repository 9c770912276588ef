// Range sharding: n−1 ascending split points over the raw key; node owners_[i] holds keys in
// [split[i−1], split[i]). Order-preserving (range scans stay on few nodes), but a monotonically
// increasing key (ids, timestamps) sends every new insert to the last range: a hot shard.
// Default splits are the key set's quantiles (pre-split on the data in place). Adding a node splits
// the most loaded range at its weighted median (the new node takes the upper half); removing node
// n−1 merges its range into the neighbouring range below (above, for the first range).
#include <algorithm>
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Range final : public Partitioner {
 public:
  Range(std::vector<std::uint64_t> splits, std::vector<std::uint32_t> owners)
      : splits_(std::move(splits)), owners_(std::move(owners)) {}
  std::string_view Name() const override { return "range"; }
  std::uint32_t NodeCount() const override { return static_cast<std::uint32_t>(owners_.size()); }
  std::uint32_t Locate(std::uint64_t key) const override { return owners_[RangeOf(key)]; }

  Made Resize(std::uint32_t nodes, const KeySet& keys) const override {
    if (nodes < 1 || nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
    std::vector<std::uint64_t> splits = splits_;
    std::vector<std::uint32_t> owners = owners_;
    Range work(splits, owners);
    while (work.owners_.size() < nodes) work.SplitBusiest(keys);
    while (work.owners_.size() > nodes) work.MergeLast();
    return std::unique_ptr<Partitioner>(std::make_unique<Range>(std::move(work.splits_), std::move(work.owners_)));
  }
  LookupCost Cost() const override {
    const double n = static_cast<double>(owners_.size());
    return {"O(log n)", Log2(n) + 1, (n - 1) * 8 + n * 4,
            "binary search over the split points; range scans touch few nodes"};
  }
  /// The split points (for the lab and tests).
  const std::vector<std::uint64_t>& Splits() const { return splits_; }

 private:
  std::size_t RangeOf(std::uint64_t key) const {
    return static_cast<std::size_t>(std::upper_bound(splits_.begin(), splits_.end(), key) - splits_.begin());
  }
  // Splits the range with the most weight at its weighted median key.
  void SplitBusiest(const KeySet& keys) {
    std::vector<double> load(owners_.size(), 0.0);
    for (std::size_t k = 0; k < keys.keys.size(); ++k) load[RangeOf(keys.keys[k])] += keys.weights[k];
    const std::size_t r = static_cast<std::size_t>(std::max_element(load.begin(), load.end()) - load.begin());
    const std::uint64_t lo = r == 0 ? 0 : splits_[r - 1];
    const std::uint64_t hi = r == splits_.size() ? ~0ull : splits_[r];  // inclusive bound for the last range
    std::vector<std::pair<std::uint64_t, double>> in;
    for (std::size_t k = 0; k < keys.keys.size(); ++k) {
      if (RangeOf(keys.keys[k]) == r) in.emplace_back(keys.keys[k], keys.weights[k]);
    }
    std::sort(in.begin(), in.end());
    std::uint64_t split = lo + (hi - lo) / 2 + 1;  // no keys to go by: halve the key interval
    double acc = 0;
    for (const auto& [key, w] : in) {
      if (acc >= load[r] / 2 && key > lo) {
        split = key;
        break;
      }
      acc += w;
    }
    splits_.insert(splits_.begin() + static_cast<std::ptrdiff_t>(r), split);
    owners_.insert(owners_.begin() + static_cast<std::ptrdiff_t>(r) + 1, static_cast<std::uint32_t>(owners_.size()));
  }
  void MergeLast() {
    const std::uint32_t last = static_cast<std::uint32_t>(owners_.size() - 1);
    const std::size_t r = static_cast<std::size_t>(std::find(owners_.begin(), owners_.end(), last) - owners_.begin());
    if (r > 0) {
      splits_.erase(splits_.begin() + static_cast<std::ptrdiff_t>(r) - 1);  // range r−1 now extends over r
    } else {
      splits_.erase(splits_.begin());  // the next range extends down to 0
    }
    owners_.erase(owners_.begin() + static_cast<std::ptrdiff_t>(r));
  }

  std::vector<std::uint64_t> splits_;
  std::vector<std::uint32_t> owners_;
};

}  // namespace

Made MakeRange(const PartitionerDef& def, const KeySet& keys) {
  if (def.nodes < 1 || def.nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
  std::vector<std::uint64_t> splits = def.splits;
  if (!splits.empty()) {
    if (splits.size() != def.nodes - 1) {
      return Unexpected(ShardError{"range needs nodes − 1 = " + std::to_string(def.nodes - 1) + " split points, got " +
                                   std::to_string(splits.size())});
    }
    if (!std::is_sorted(splits.begin(), splits.end())) return Unexpected(ShardError{"range split points must be ascending"});
  } else if (!keys.keys.empty()) {
    std::vector<std::uint64_t> sorted = keys.keys;
    std::sort(sorted.begin(), sorted.end());
    for (std::uint32_t i = 1; i < def.nodes; ++i) {
      splits.push_back(sorted[static_cast<std::size_t>(static_cast<std::uint64_t>(i) * sorted.size() / def.nodes)]);
    }
  } else {
    const std::uint64_t step = ~0ull / def.nodes;
    for (std::uint32_t i = 1; i < def.nodes; ++i) splits.push_back(step * i);
  }
  std::vector<std::uint32_t> owners(def.nodes);
  for (std::uint32_t i = 0; i < def.nodes; ++i) owners[i] = i;
  return std::unique_ptr<Partitioner>(std::make_unique<Range>(std::move(splits), std::move(owners)));
}

}  // namespace sdlab::shard::detail
