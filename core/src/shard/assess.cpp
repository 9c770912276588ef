// A blueprint database component's sharding → balance, hot shards, moves on resize, lookup cost.
#include <string>

#include "sdlab/shard.h"
#include "sdlab/units.h"

namespace sdlab::shard {

namespace {

constexpr double kDefaultRetentionS = 5.0 * 365.0 * 86400.0;
constexpr std::uint64_t kAssessKeys = 20000;

std::string_view SchemeFor(ShardScheme s) {
  switch (s) {
    case ShardScheme::Hash: return "modulo";
    case ShardScheme::Range: return "range";
    case ShardScheme::ConsistentHash: return "ring";
    case ShardScheme::Jump: return "jump";
    case ShardScheme::Rendezvous: return "rendezvous";
    case ShardScheme::Maglev: return "maglev";
    case ShardScheme::BoundedLoad: return "bounded";
    case ShardScheme::Geo: return "jump";        // within a region; regions are not in the component
    case ShardScheme::Directory: return "range";  // a lookup table: modelled as a managed range map
    case ShardScheme::None: return "";
  }
  return "";
}

}  // namespace

ShardAssessment AssessSharding(const Component& c, const Requirements& q) {
  ShardAssessment a;
  a.component = c.id;
  const ShardingSpec& s = c.sharding;
  a.vertical = s.vertical;
  a.shards = s.shards < 1 ? 1u : static_cast<std::uint32_t>(s.shards);
  std::optional<double> writes = q.writes_per_s;
  if (!writes && q.writes_per_user_per_s && q.dau) writes = *q.writes_per_user_per_s * *q.dau;
  if (!writes && q.read_write_ratio && *q.read_write_ratio > 0) {
    std::optional<double> reads = q.reads_per_s;
    if (!reads && q.reads_per_user_per_s && q.dau) reads = *q.reads_per_user_per_s * *q.dau;
    if (reads) writes = *reads / *q.read_write_ratio;
  }
  a.data_bytes = writes.value_or(0) * q.retention_s.value_or(kDefaultRetentionS) * q.object_size_bytes;

  if (s.scheme == ShardScheme::None || a.shards <= 1) {
    a.notes.push_back(a.shards <= 1 && s.scheme != ShardScheme::None ? "one shard: nothing is partitioned"
                                                                       : "not sharded: one node holds all data");
    return a;
  }
  a.sharded = true;
  if (s.vertical) {
    a.scheme = "vertical";
    a.notes.push_back("vertical sharding: shards hold different tables or features, so balance follows the busiest "
                      "table, joins and transactions across shards need application work, and growth of one table "
                      "still needs horizontal sharding");
    return a;
  }
  a.scheme = std::string(SchemeFor(s.scheme));
  if (s.scheme == ShardScheme::Geo) {
    a.notes.push_back("geo: placement within a region is modelled with jump hash; imbalance between regions depends "
                      "on their traffic shares, which the component does not state");
  }
  if (s.scheme == ShardScheme::Directory) {
    a.notes.push_back("directory: a lookup service maps keys to shards (modelled as a managed range map); it adds a "
                      "lookup hop and is itself a dependency to replicate");
  }
  ShardModelDef d;
  d.partitioner.scheme = a.scheme;
  d.partitioner.nodes = a.shards;
  d.partitioner.vnodes = s.vnodes > 0 ? static_cast<std::uint32_t>(s.vnodes) : 100u;
  d.keys.count = kAssessKeys;
  d.keys.distribution = s.key_monotonic ? KeyDistribution::Sequential : KeyDistribution::Uniform;
  d.add = 1;
  d.data_bytes = a.data_bytes;
  auto r = AnalyzeSharding(d);
  if (!r) {
    a.notes.push_back("sharding not modelled: " + r.error().message);
    return a;
  }
  a.max_over_avg = r->before.max_over_avg;
  a.stddev_over_avg = r->before.stddev_over_avg;
  a.hot_shard = r->before.hot_shard;
  if (a.hot_shard) {
    if (r->before.insert_max_over_avg >= d.hot_threshold) {
      a.hot_reason = "new inserts concentrate on one shard (" + units::FormatNumber(r->before.insert_max_over_avg) +
                     "× its fair share)" + (s.key_monotonic ? ": the shard key '" + s.key + "' grows monotonically" : "");
    } else {
      a.hot_reason = "the busiest shard carries " + units::FormatNumber(a.max_over_avg) + "× the average load";
    }
  }
  a.moved_fraction_on_add = r->moved_fraction;
  a.ideal_moved_fraction = r->ideal_moved_fraction;
  a.rebalance_bytes_on_add = r->moved_fraction * a.data_bytes;
  a.lookup = r->lookup;
  if (a.scheme == "modulo") {
    a.notes.push_back("hash mod n moves ~" + units::FormatPercent(a.moved_fraction_on_add, 3) +
                      " of the data when a shard is added (ideal " + units::FormatPercent(a.ideal_moved_fraction, 3) + ")");
  }
  if (a.scheme == "ring" && s.vnodes <= 0) a.notes.push_back("vnodes not given: 100 per shard assumed");
  return a;
}

}  // namespace sdlab::shard
