// Load balance, hot shards, moved keys and lookups for one scheme over one key set.
#include <algorithm>
#include <cmath>
#include <string>

#include "sdlab/shard.h"
#include "sdlab/units.h"
#include "shard/schemes.h"

namespace sdlab::shard {

namespace {

std::string Num(double v, int digits = 4) { return units::FormatNumber(v, digits); }

std::string DistributionName(const KeySetDef& d) {
  switch (d.distribution) {
    case KeyDistribution::Uniform: return "uniform";
    case KeyDistribution::Sequential: return "sequential";
    case KeyDistribution::Zipf: return "zipf:" + Num(d.alpha);
  }
  return "uniform";
}

LoadSummary Summarise(const Partitioner& p, const KeySet& keys, const std::vector<std::uint32_t>& nodes,
                      const KeySet& inserts, double hot_threshold) {
  const std::uint32_t n = p.NodeCount();
  LoadSummary s;
  s.per_node.resize(n);
  double total = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    s.per_node[i].node = i;
    s.per_node[i].label = p.NodeLabel(i);
  }
  for (std::size_t k = 0; k < keys.keys.size(); ++k) {
    NodeLoad& nl = s.per_node[nodes[k]];
    ++nl.keys;
    nl.load += keys.weights[k];
    total += keys.weights[k];
  }
  std::vector<double> insert_count(n, 0.0);
  for (std::uint64_t key : inserts.keys) insert_count[p.Locate(key)] += 1;
  const double avg = total / n;
  double max = 0, var = 0, insert_max = 0;
  for (NodeLoad& nl : s.per_node) {
    nl.share = total > 0 ? nl.load / total : 0;
    nl.insert_share = inserts.keys.empty() ? 0 : insert_count[nl.node] / static_cast<double>(inserts.keys.size());
    max = std::max(max, nl.load);
    var += (nl.load - avg) * (nl.load - avg);
    insert_max = std::max(insert_max, nl.insert_share);
  }
  var /= n;
  s.max_over_avg = avg > 0 ? max / avg : 0;
  s.stddev_over_avg = avg > 0 ? std::sqrt(var) / avg : 0;
  s.insert_max_over_avg = insert_max * n;
  for (NodeLoad& nl : s.per_node) {
    nl.hot = avg > 0 && (nl.load >= hot_threshold * avg || nl.insert_share * n >= hot_threshold);
    if (nl.hot) s.hot_nodes.push_back(nl.node);
  }
  s.hot_shard = !s.hot_nodes.empty();
  return s;
}

}  // namespace

Expected<ShardAnalysis, ShardError> AnalyzeSharding(const ShardModelDef& def) {
  if (def.add > 0 && def.remove > 0) return Unexpected(ShardError{"give either add or remove, not both"});
  if (!(def.hot_threshold > 1 && def.hot_threshold <= 1e6)) return Unexpected(ShardError{"hot threshold must be above 1"});
  if (!(def.data_bytes >= 0 && def.data_bytes <= 1e21)) return Unexpected(ShardError{"data size must be in [0, 1e21] bytes"});
  if (!(def.bytes_per_key >= 0 && def.bytes_per_key <= 1e12)) return Unexpected(ShardError{"bytes per key must be in [0, 1e12]"});
  auto keys = GenerateKeys(def.keys);
  if (!keys) return Unexpected(keys.error());
  auto made = MakePartitioner(def.partitioner, *keys);
  if (!made) return Unexpected(made.error());
  const Partitioner& p = **made;
  const std::uint32_t n = p.NodeCount();
  if (n > detail::kMaxNodes) {
    return Unexpected(ShardError{"an analysis covers at most " + std::to_string(detail::kMaxNodes) + " nodes"});
  }
  const KeySet inserts = NextInserts(def.keys, std::min<std::uint64_t>(2'000'000, std::max<std::uint64_t>(10'000, 200ull * n)));

  ShardAnalysis a;
  a.scheme = std::string(p.Name());
  a.nodes = n;
  a.keys = def.keys.count;
  a.key_distribution = DistributionName(def.keys);
  if (a.scheme == "ring" || a.scheme == "bounded") a.vnodes = def.partitioner.vnodes;
  const std::vector<std::uint32_t> placed = p.Assign(*keys);
  a.before = Summarise(p, *keys, placed, inserts, def.hot_threshold);
  a.lookup = p.Cost();
  a.formulas.push_back("max/avg = busiest node's load / mean load = " + Num(a.before.max_over_avg));
  a.formulas.push_back("stddev/avg = sqrt(Σ (load_i − avg)² / n) / avg = " + Num(a.before.stddev_over_avg));
  a.formulas.push_back("inserts max/avg = busiest node's share of the next inserts × n = " + Num(a.before.insert_max_over_avg));
  if (a.scheme == "ring") {
    const double theory = RingImbalanceTheory(n, def.partitioner.vnodes);
    a.theory_stddev_over_avg = theory;
    a.formulas.push_back("ring theory: node shares ~ Beta(V, (n−1)V), stddev/avg = sqrt((n−1)/(nV+1)) = sqrt((" +
                         std::to_string(n) + " − 1)/(" + std::to_string(n) + "·" + std::to_string(def.partitioner.vnodes) +
                         " + 1)) = " + Num(theory) + " (plus sampling noise of the keys)");
  }
  if (a.before.hot_shard) {
    a.notes.push_back(std::to_string(a.before.hot_nodes.size()) + " node(s) at or above " + Num(def.hot_threshold) +
                      "× the average load or insert rate");
  }
  if (a.scheme == "range" && def.keys.distribution == KeyDistribution::Sequential) {
    a.notes.push_back("range on a monotonic key: every new insert lands in the last range");
  }
  if (a.scheme == "bounded") {
    a.notes.push_back("bounded loads: capacity ⌈c × average⌉ with c = " + Num(def.partitioner.load_factor) +
                      "; keys placed in order, full nodes passed clockwise");
  }

  if (def.add > 0 || def.remove > 0) {
    if (def.remove >= n) return Unexpected(ShardError{"cannot remove " + std::to_string(def.remove) + " of " + std::to_string(n) + " nodes"});
    const std::uint64_t target = static_cast<std::uint64_t>(n) + def.add - def.remove;
    if (target > detail::kMaxNodes) return Unexpected(ShardError{"too many nodes after adding"});
    auto resized = p.Resize(static_cast<std::uint32_t>(target), *keys);
    if (!resized) return Unexpected(resized.error());
    const Partitioner& q = **resized;
    const std::vector<std::uint32_t> after = q.Assign(*keys);
    a.resized = true;
    a.nodes_after = q.NodeCount();
    a.after = Summarise(q, *keys, after, inserts, def.hot_threshold);
    double total = 0, moved_weight = 0;
    for (std::size_t k = 0; k < keys->keys.size(); ++k) {
      total += keys->weights[k];
      if (p.NodeIdentity(placed[k]) != q.NodeIdentity(after[k])) {
        ++a.moved_keys;
        moved_weight += keys->weights[k];
        if (a.moved_sample.size() < def.moved_sample) a.moved_sample.push_back(MovedKey{keys->keys[k], placed[k], after[k]});
      }
    }
    const double kk = static_cast<double>(def.keys.count);
    a.moved_fraction = static_cast<double>(a.moved_keys) / kk;
    a.moved_load_fraction = total > 0 ? moved_weight / total : 0;
    const double changed = def.add > 0 ? def.add : def.remove;
    a.ideal_moved_fraction = def.add > 0 ? changed / (n + changed) : changed / n;
    const double data = def.data_bytes > 0 ? def.data_bytes : kk * def.bytes_per_key;
    a.rebalance_bytes = a.moved_fraction * data;
    a.formulas.push_back("moved = " + std::to_string(a.moved_keys) + " / " + std::to_string(def.keys.count) +
                         " keys = " + Num(a.moved_fraction) + "; ideal " +
                         (def.add > 0 ? "k/(n+k) = " + Num(changed) + "/" + Num(n + changed)
                                      : "k/n = " + Num(changed) + "/" + Num(n)) +
                         " = " + Num(a.ideal_moved_fraction));
    a.formulas.push_back("rebalance = moved fraction × data = " + Num(a.moved_fraction) + " × " +
                         units::FormatBytes(data) + " = " + units::FormatBytes(a.rebalance_bytes));
    if (a.scheme == "jump" && def.remove > 0) {
      a.notes.push_back("jump hash can only drop the highest-numbered nodes; removing another node moves far more keys");
    }
    if (a.scheme == "modulo") a.notes.push_back("modulo hashing remaps most keys when n changes");
  }
  return a;
}

Expected<RingSnapshot, ShardError> RingLab(const ShardModelDef& def) {
  const SchemeInfo* info = FindScheme(def.partitioner.scheme);
  if (info == nullptr || !(info->name == "ring" || info->name == "bounded")) {
    return Unexpected(ShardError{"the ring lab needs the ring or bounded scheme"});
  }
  auto analysis = AnalyzeSharding(def);
  if (!analysis) return Unexpected(analysis.error());
  RingSnapshot s;
  const PartitionerDef& p = def.partitioner;
  s.points = RingPoints(p.nodes, p.vnodes, p.seed);
  s.arc_shares = RingArcShares(p.nodes, p.vnodes, p.seed);
  if (analysis->resized) {
    s.points_after = RingPoints(analysis->nodes_after, p.vnodes, p.seed);
    s.arc_shares_after = RingArcShares(analysis->nodes_after, p.vnodes, p.seed);
  }
  s.analysis = std::move(*analysis);
  return s;
}

Expected<std::uint32_t, ShardError> LookupKey(const PartitionerDef& def, std::string_view key) {
  if (key.empty()) return Unexpected(ShardError{"empty key"});
  auto made = MakePartitioner(def);
  if (!made) return Unexpected(made.error());
  const SchemeInfo* info = FindScheme(def.scheme);
  if (info != nullptr && info->name == "geo") {
    const std::size_t colon = key.find(':');
    if (colon != std::string_view::npos) {
      return detail::GeoLocateIn(**made, key.substr(0, colon), KeyFromText(key.substr(colon + 1)));
    }
  }
  return (*made)->Locate(KeyFromText(key));
}

}  // namespace sdlab::shard
