// Consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam, SODA 2018): a ring as in
// ring.cpp, but no node takes more than capacity = ⌈c × total weight / n⌉ (c > 1; ⌈c·m/n⌉ keys
// for unit weights). Keys are placed in the order given; a key whose ring successor is full walks
// clockwise to the next point whose node has room. A single key heavier than the capacity goes to
// the least loaded node. Locate (a single key) ignores loads and returns the ring successor.
#include <algorithm>
#include <cmath>
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard::detail {
namespace {

class Bounded final : public Partitioner {
 public:
  explicit Bounded(const PartitionerDef& def) : def_(def), ring_(BuildRing(def.nodes, def.vnodes, def.seed)) {}
  std::string_view Name() const override { return "bounded"; }
  std::uint32_t NodeCount() const override { return def_.nodes; }
  std::uint32_t Locate(std::uint64_t key) const override { return ring_.owners[ring_.Successor(Mix64(key))]; }

  std::vector<std::uint32_t> Assign(const KeySet& keys) const override {
    double total = 0;
    for (double w : keys.weights) total += w;
    const double capacity = std::ceil(def_.load_factor * total / def_.nodes);
    std::vector<double> load(def_.nodes, 0.0);
    std::vector<std::uint32_t> out(keys.keys.size());
    const std::size_t points = ring_.positions.size();
    for (std::size_t k = 0; k < keys.keys.size(); ++k) {
      const double w = keys.weights[k];
      std::size_t p = ring_.Successor(Mix64(keys.keys[k]));
      std::uint32_t chosen = kNone;
      for (std::size_t step = 0; step < points; ++step) {
        const std::uint32_t node = ring_.owners[p];
        if (load[node] + w <= capacity || load[node] == 0) {
          chosen = node;
          break;
        }
        p = p + 1 == points ? 0 : p + 1;
      }
      if (chosen == kNone) {
        chosen = static_cast<std::uint32_t>(std::min_element(load.begin(), load.end()) - load.begin());
      }
      load[chosen] += w;
      out[k] = chosen;
    }
    return out;
  }

  Made Resize(std::uint32_t nodes, const KeySet& keys) const override { return MakeBounded(WithNodes(def_, nodes), keys); }
  LookupCost Cost() const override {
    const double points = static_cast<double>(ring_.positions.size());
    // Expected probes past full nodes are small for c well above 1: about 1/(c−1)^2 at worst (paper).
    const double c = def_.load_factor;
    return {"O(log nV + probes)", Log2(points) + 1 + std::min(1.0 / ((c - 1) * (c - 1)), points), points * 12 + def_.nodes * 8.0,
            "ring lookup, then a clockwise walk past full nodes; the router tracks every node's load"};
  }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;
  PartitionerDef def_;
  Ring ring_;
};

}  // namespace

Made MakeBounded(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
  if (def.vnodes < 1) return Unexpected(ShardError{"vnodes must be at least 1"});
  if (static_cast<std::uint64_t>(def.nodes) * def.vnodes > kMaxRingPoints) {
    return Unexpected(ShardError{"nodes × vnodes must be at most " + std::to_string(kMaxRingPoints)});
  }
  if (!(def.load_factor > 1 && def.load_factor <= 100)) return Unexpected(ShardError{"load factor c must be in (1, 100]"});
  return std::unique_ptr<Partitioner>(std::make_unique<Bounded>(def));
}

}  // namespace sdlab::shard::detail
