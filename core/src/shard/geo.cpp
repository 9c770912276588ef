// Geo sharding: regions, each with its own nodes and share of the keys (users homed there). A key's
// region follows from its hash, u = Mix64(key ^ 0x67656F) / 2^64 against the cumulative shares (or
// is given: "eu:123"), and jump hash places Mix64(key) among that region's nodes. Data stays in its
// region (latency, residency), but a region whose share outgrows its nodes runs hot. Adding nodes
// goes to the region with the most load per node; removing takes from the one with the least.
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Geo final : public Partitioner {
 public:
  explicit Geo(std::vector<Region> regions) : regions_(std::move(regions)) {
    double total = 0;
    for (const Region& r : regions_) total += r.share;
    double acc = 0;
    std::uint32_t offset = 0;
    for (const Region& r : regions_) {
      acc += r.share / total;
      cumulative_.push_back(acc);
      offset_.push_back(offset);
      offset += r.nodes;
    }
    nodes_ = offset;
  }
  std::string_view Name() const override { return "geo"; }
  std::uint32_t NodeCount() const override { return nodes_; }
  std::uint32_t Locate(std::uint64_t key) const override { return LocateIn(RegionOf(key), key); }
  std::uint32_t LocateIn(std::size_t region, std::uint64_t key) const {
    return offset_[region] + static_cast<std::uint32_t>(JumpConsistentHash(Mix64(key), static_cast<std::int32_t>(regions_[region].nodes)));
  }
  std::size_t RegionOf(std::uint64_t key) const {
    const double u = static_cast<double>(Mix64(key ^ 0x67656Full) >> 11) * 0x1.0p-53;
    for (std::size_t r = 0; r < cumulative_.size(); ++r) {
      if (u < cumulative_[r]) return r;
    }
    return cumulative_.size() - 1;
  }
  std::size_t RegionOfNode(std::uint32_t node) const {
    std::size_t r = 0;
    while (r + 1 < offset_.size() && offset_[r + 1] <= node) ++r;
    return r;
  }
  std::uint64_t NodeIdentity(std::uint32_t node) const override {
    const std::size_t r = RegionOfNode(node);
    return (static_cast<std::uint64_t>(r) << 32) | (node - offset_[r]);
  }
  std::string NodeLabel(std::uint32_t node) const override {
    const std::size_t r = RegionOfNode(node);
    return regions_[r].name + "-" + std::to_string(node - offset_[r]);
  }
  const std::vector<Region>& Regions() const { return regions_; }

  Made Resize(std::uint32_t nodes, const KeySet&) const override {
    if (nodes < regions_.size() || nodes > kMaxNodes) {
      return Unexpected(ShardError{"geo needs at least one node per region (" + std::to_string(regions_.size()) + ")"});
    }
    std::vector<Region> regions = regions_;
    std::uint32_t total = nodes_;
    auto per_node = [&](std::size_t r) { return regions[r].share / regions[r].nodes; };
    while (total < nodes) {  // grow the region with the most load per node
      std::size_t best = 0;
      for (std::size_t r = 1; r < regions.size(); ++r) {
        if (per_node(r) > per_node(best)) best = r;
      }
      ++regions[best].nodes;
      ++total;
    }
    while (total > nodes) {  // shrink the region with the least load per node that has two or more
      std::size_t best = regions.size();
      for (std::size_t r = 0; r < regions.size(); ++r) {
        if (regions[r].nodes > 1 && (best == regions.size() || per_node(r) < per_node(best))) best = r;
      }
      --regions[best].nodes;
      --total;
    }
    return std::unique_ptr<Partitioner>(std::make_unique<Geo>(std::move(regions)));
  }
  LookupCost Cost() const override {
    const double n = static_cast<double>(regions_.size());
    return {"O(regions + ln n_r)", n + Log2(static_cast<double>(nodes_)) + 1, n * 16,
            "the key's region (given, or from its hash), then jump hash among the region's nodes"};
  }

 private:
  std::vector<Region> regions_;
  std::vector<double> cumulative_;
  std::vector<std::uint32_t> offset_;
  std::uint32_t nodes_ = 0;
};

}  // namespace

Made MakeGeo(const PartitionerDef& def, const KeySet&) {
  if (def.regions.empty()) return Unexpected(ShardError{"geo needs regions, e.g. eu=3:0.5,us=4:0.3,ap=2:0.2"});
  if (def.regions.size() > 1000) return Unexpected(ShardError{"at most 1000 regions"});
  double total = 0;
  std::uint64_t nodes = 0;
  for (std::size_t i = 0; i < def.regions.size(); ++i) {
    const Region& r = def.regions[i];
    if (r.name.empty()) return Unexpected(ShardError{"a region needs a name"});
    for (std::size_t j = 0; j < i; ++j) {
      if (def.regions[j].name == r.name) return Unexpected(ShardError{"region '" + r.name + "' is listed twice"});
    }
    if (r.nodes < 1) return Unexpected(ShardError{"region '" + r.name + "' needs at least one node"});
    if (!(r.share >= 0 && r.share <= 1e12)) return Unexpected(ShardError{"region '" + r.name + "' has an invalid share"});
    total += r.share;
    nodes += r.nodes;
  }
  if (!(total > 0)) return Unexpected(ShardError{"region shares must not all be 0"});
  if (nodes > kMaxNodes) return Unexpected(ShardError{"too many nodes"});
  return std::unique_ptr<Partitioner>(std::make_unique<Geo>(def.regions));
}

/// The node of a key in a named region (for lookups of "region:key").
Expected<std::uint32_t, ShardError> GeoLocateIn(const Partitioner& p, std::string_view region, std::uint64_t key) {
  const auto* geo = dynamic_cast<const Geo*>(&p);
  if (geo == nullptr) return Unexpected(ShardError{"not a geo partitioner"});
  for (std::size_t r = 0; r < geo->Regions().size(); ++r) {
    if (geo->Regions()[r].name == region) return geo->LocateIn(r, key);
  }
  return Unexpected(ShardError{"unknown region '" + std::string(region) + "'"});
}

}  // namespace sdlab::shard::detail
