// Consistent-hash ring (Karger et al. 1997) with V virtual nodes per node. Node i owns the arcs
// that end at its points; a key goes to the first point at or after Mix64(key), wrapping around.
// With V random points per node a node's share of the circle is Beta(V, (n−1)V), so the spread of
// shares is stddev/avg = sqrt((n−1)/(nV+1)).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "shard/schemes.h"

namespace sdlab::shard {

namespace detail {

std::size_t Ring::Successor(std::uint64_t h) const {
  const auto it = std::lower_bound(positions.begin(), positions.end(), h);
  return it == positions.end() ? 0 : static_cast<std::size_t>(it - positions.begin());
}

Ring BuildRing(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed) {
  const std::vector<RingPoint> pts = RingPoints(nodes, vnodes, seed);
  Ring r;
  r.positions.reserve(pts.size());
  r.owners.reserve(pts.size());
  for (const RingPoint& p : pts) {
    r.positions.push_back(p.position);
    r.owners.push_back(p.node);
  }
  return r;
}

namespace {

class RingPartitioner final : public Partitioner {
 public:
  RingPartitioner(const PartitionerDef& def) : def_(def), ring_(BuildRing(def.nodes, def.vnodes, def.seed)) {}
  std::string_view Name() const override { return "ring"; }
  std::uint32_t NodeCount() const override { return def_.nodes; }
  std::uint32_t Locate(std::uint64_t key) const override { return ring_.owners[ring_.Successor(Mix64(key))]; }
  Made Resize(std::uint32_t nodes, const KeySet& keys) const override { return MakeRing(WithNodes(def_, nodes), keys); }
  LookupCost Cost() const override {
    const double points = static_cast<double>(ring_.positions.size());
    return {"O(log nV)", Log2(points) + 1, points * 12,
            "binary search over n·V sorted points (8-byte position + 4-byte node each)"};
  }

 private:
  PartitionerDef def_;
  Ring ring_;
};

}  // namespace

Made MakeRing(const PartitionerDef& def, const KeySet&) {
  if (def.nodes < 1 || def.nodes > kMaxNodes) return Unexpected(ShardError{"nodes must be in [1, " + std::to_string(kMaxNodes) + "]"});
  if (def.vnodes < 1) return Unexpected(ShardError{"vnodes must be at least 1"});
  if (static_cast<std::uint64_t>(def.nodes) * def.vnodes > kMaxRingPoints) {
    return Unexpected(ShardError{"nodes × vnodes must be at most " + std::to_string(kMaxRingPoints)});
  }
  return std::unique_ptr<Partitioner>(std::make_unique<RingPartitioner>(def));
}

}  // namespace detail

std::vector<RingPoint> RingPoints(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed) {
  std::vector<RingPoint> pts;
  pts.reserve(static_cast<std::size_t>(nodes) * vnodes);
  const std::uint64_t salt = Mix64(seed);
  for (std::uint32_t i = 0; i < nodes; ++i) {
    for (std::uint32_t v = 0; v < vnodes; ++v) {
      RingPoint p;
      p.node = i;
      p.vnode = v;
      p.position = Mix64(salt ^ ((static_cast<std::uint64_t>(i) << 32) | v));
      p.fraction = static_cast<double>(p.position >> 11) * 0x1.0p-53;
      pts.push_back(p);
    }
  }
  // Positions are distinct (Mix64 is a bijection), so this order is total.
  std::sort(pts.begin(), pts.end(), [](const RingPoint& a, const RingPoint& b) {
    if (a.position != b.position) return a.position < b.position;
    return a.node != b.node ? a.node < b.node : a.vnode < b.vnode;
  });
  return pts;
}

std::vector<double> RingArcShares(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed) {
  const std::vector<RingPoint> pts = RingPoints(nodes, vnodes, seed);
  std::vector<double> share(nodes, 0.0);
  if (pts.empty()) return share;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const std::uint64_t prev = pts[i == 0 ? pts.size() - 1 : i - 1].position;
    const std::uint64_t arc = pts[i].position - prev;  // wraps modulo 2^64 for the first point
    share[pts[i].node] += pts.size() == 1 ? 1.0 : static_cast<double>(arc) * 0x1.0p-64;
  }
  return share;
}

double RingImbalanceTheory(std::uint32_t nodes, std::uint32_t vnodes) {
  const double n = nodes, v = vnodes;
  return std::sqrt((n - 1.0) / (n * v + 1.0));
}

}  // namespace sdlab::shard
