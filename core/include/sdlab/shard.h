// sdlab/shard.h — sharding: which node holds a key, how even the load is, and what moves on resize.
//
// What is modelled
//   - Placement schemes as one family (Partitioner, one name→factory table, Schemes()):
//       modulo      node = h(key) mod n
//       range       split points over the raw key; node i holds [split[i-1], split[i]). Default
//                   splits are the key set's quantiles (pre-split on today's data). Adding a node
//                   splits the most loaded range at its median; removing one merges the last range.
//       ring        consistent hashing (Karger et al. 1997) with V virtual nodes per node: a key
//                   goes to the first point clockwise from h(key).
//       jump        jump consistent hash (Lamping & Veach 2014), on the raw 64-bit key as in the
//                   paper; buckets are numbered, so only the highest-numbered nodes can leave.
//       rendezvous  highest random weight (Thaler & Ravishankar 1998): argmax_node w(key, node).
//       maglev      Maglev hashing (Eisenbud et al. 2016): a lookup table of M (prime) entries
//                   filled from per-node permutations.
//       bounded     consistent hashing with bounded loads (Mirrokni, Thorup & Zadimoghaddam 2018):
//                   ring order, but a node takes at most ⌈c·m/n⌉ keys (weighted: c × average load);
//                   keys are placed in the order given, passing full nodes clockwise.
//       geo         regions, each with its nodes and traffic share; a key belongs to a region and
//                   is placed by jump hash among that region's nodes.
//   - Metrics over a key set (each key has a weight: its share of traffic or data): per-node load,
//     max/avg and stddev/avg (population stddev), hot shards, the share of the next inserts each
//     node takes (a monotonic key sends them all to one range), keys moved when nodes are added or
//     removed against the ideal k/(n+k) or k/n, rebalancing bytes, and lookup cost.
//
// Hashes (documented so that results can be reproduced elsewhere)
//   - Mix64: the SplitMix64 finaliser (Steele, Lea & Flood 2014):
//       z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31.
//   - A text key that is a decimal integer in [0, 2^64) is that integer; any other text is hashed
//     with 64-bit FNV-1a (offset 0xCBF29CE484222325, prime 0x100000001B3) over its bytes.
//   - modulo, ring, rendezvous, maglev and bounded place h(key) = Mix64(key); jump uses the key
//     itself (as in the paper, so its published test vectors reproduce); range uses the key itself.
//   - Ring point v of node i: Mix64(Mix64(seed) ^ (i·2^32 + v)); rendezvous weight:
//     Mix64(Mix64(key) ^ Mix64(node_seed_i)); Maglev offset/skip: Mix64 of node id with two salts.
//
// Units: loads are in the key weights' unit (keys, requests/s, bytes); bytes are bytes.
// Determinism: key sets come from sdlab::Rng seeded by KeySetDef::seed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sdlab/blueprint.h"
#include "sdlab/expected.h"

namespace sdlab::shard {

/// Why a sharding model could not run (bad parameter, unknown scheme).
struct ShardError {
  std::string message;
};

// [SECTION] Hashes ---------------------------------------------------------------------------------

/// The SplitMix64 finaliser: a bijective 64-bit mixer.
std::uint64_t Mix64(std::uint64_t z);
/// 64-bit FNV-1a of the bytes of `text`.
std::uint64_t Fnv1a64(std::string_view text);
/// A text key as a 64-bit key: a decimal integer is itself, anything else its FNV-1a hash.
std::uint64_t KeyFromText(std::string_view text, bool* is_integer = nullptr);
/// Jump consistent hash (Lamping & Veach 2014): a bucket in [0, buckets) for a 64-bit key.
/// buckets ≥ 1.
std::int32_t JumpConsistentHash(std::uint64_t key, std::int32_t buckets);

// [SECTION] Schemes --------------------------------------------------------------------------------

/// A region of the geo scheme.
struct Region {
  std::string name;     ///< "eu"
  std::uint32_t nodes = 1;
  double share = 1;     ///< share of keys (traffic) homed in this region; shares are normalised
};

/// How a partitioner is built. Defaults: DefaultPartitionerDef().
struct PartitionerDef {
  std::string scheme = "ring";        ///< a name from Schemes()
  std::uint32_t nodes = 4;            ///< n
  std::uint32_t vnodes = 100;         ///< ring, bounded: virtual nodes (points) per node
  double load_factor = 1.25;          ///< bounded: c > 1, capacity = ⌈c × average load⌉
  std::uint64_t seed = 1;             ///< ring points and rendezvous node seeds
  std::uint32_t maglev_table = 65537; ///< maglev: table size M, a prime > nodes
  std::vector<std::uint64_t> splits{};  ///< range: n−1 ascending split points; empty = key quantiles
  std::vector<Region> regions{};      ///< geo: regions (nodes is then their sum)
};
PartitionerDef DefaultPartitionerDef();

/// A key set: keys with weights, placed by a partitioner.
struct KeySet {
  std::vector<std::uint64_t> keys;
  std::vector<double> weights;  ///< same length; Σ = keys.size() for uniform weights
};

/// What a lookup costs.
struct LookupCost {
  std::string complexity;     ///< "O(log nV)"
  double operations = 0;      ///< expected hash evaluations / comparisons / probes per lookup
  double memory_bytes = 0;    ///< state a router keeps
  std::string description;
};

/// One placement scheme over nodes 0..n-1.
class Partitioner {
 public:
  virtual ~Partitioner() = default;
  Partitioner() = default;
  Partitioner(const Partitioner&) = delete;
  Partitioner& operator=(const Partitioner&) = delete;

  virtual std::string_view Name() const = 0;
  virtual std::uint32_t NodeCount() const = 0;
  /// The node of one key, ignoring load (bounded: its ring successor).
  virtual std::uint32_t Locate(std::uint64_t key) const = 0;
  /// The nodes of a whole key set in order. Default: Locate per key; bounded enforces capacities.
  virtual std::vector<std::uint32_t> Assign(const KeySet& keys) const;
  /// A stable identity of node i across resizes (geo: region and index in region; else i).
  virtual std::uint64_t NodeIdentity(std::uint32_t node) const { return node; }
  /// A label for node i ("3", "eu-1").
  virtual std::string NodeLabel(std::uint32_t node) const;
  /// The same scheme with `nodes` nodes; `keys` is the data in place (range splits on it).
  virtual Expected<std::unique_ptr<Partitioner>, ShardError> Resize(std::uint32_t nodes, const KeySet& keys) const = 0;
  virtual LookupCost Cost() const = 0;
};

/// One row of the scheme table.
struct SchemeInfo {
  std::string_view name;         ///< "ring"
  std::string_view title;        ///< "Consistent-hash ring"
  std::string_view description;
  bool hashes_key = true;        ///< false for range (order-preserving) and jump (raw key)
  Expected<std::unique_ptr<Partitioner>, ShardError> (*make)(const PartitionerDef& def, const KeySet& keys) = nullptr;
};

/// The name→factory table shared by the CLI, the playground and the tests.
std::span<const SchemeInfo> Schemes();
/// The row for a name or alias ("mod"/"hash" = modulo, "consistent"/"consistent-hash" = ring,
/// "hrw" = rendezvous, "bounded-load" = bounded), or nullptr.
const SchemeInfo* FindScheme(std::string_view name);
/// Builds a partitioner. `keys` is used by range (default splits) and may be empty otherwise.
Expected<std::unique_ptr<Partitioner>, ShardError> MakePartitioner(const PartitionerDef& def, const KeySet& keys = {});

/// A consistent-hash ring point.
struct RingPoint {
  std::uint32_t node = 0;
  std::uint32_t vnode = 0;
  std::uint64_t position = 0;  ///< on the 2^64 circle
  double fraction = 0;         ///< position / 2^64, in [0, 1)
};

/// The points of a ring with `nodes` × `vnodes` points, sorted by position (ties by node, vnode).
std::vector<RingPoint> RingPoints(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed);
/// Each node's share of the circle (the arcs ending at its points): Σ = 1.
std::vector<double> RingArcShares(std::uint32_t nodes, std::uint32_t vnodes, std::uint64_t seed);
/// Expected stddev/avg of ring shares with n nodes and V random points each: the shares are
/// Beta(V, (n−1)V) distributed, so stddev/avg = sqrt((n−1)/(nV+1)).
double RingImbalanceTheory(std::uint32_t nodes, std::uint32_t vnodes);

// [SECTION] Key sets --------------------------------------------------------------------------------

enum class KeyDistribution { Uniform, Zipf, Sequential };

/// A key set to place. Defaults: DefaultKeySetDef().
struct KeySetDef {
  KeyDistribution distribution = KeyDistribution::Uniform;
  std::uint64_t count = 100000;  ///< K keys
  double alpha = 1.0;            ///< zipf: the key of popularity rank r has weight ∝ r^-α
  std::uint64_t seed = 1;
};
KeySetDef DefaultKeySetDef();
/// Limit on K (memory: 16 bytes per key, times a few for moves).
inline constexpr std::uint64_t kMaxKeys = 10'000'000;

/// uniform: K random 64-bit keys of weight 1. zipf: K random keys, weights ∝ rank^-α normalised to
/// Σ = K (rank is unrelated to the key value). sequential: keys 0..K−1 of weight 1 (ids, timestamps).
Expected<KeySet, ShardError> GenerateKeys(const KeySetDef& def);
/// The next inserts after a key set: sequential continues at K; otherwise fresh keys of the same
/// distribution (weight 1 each).
KeySet NextInserts(const KeySetDef& def, std::uint64_t count);
/// "uniform", "zipf:1.1", "sequential".
Expected<KeySetDef, ShardError> ParseKeyDistribution(std::string_view text);

// [SECTION] Analysis ----------------------------------------------------------------------------------

/// Everything `sdlab model shard` (and the playground's shard lab) asks for.
struct ShardModelDef {
  PartitionerDef partitioner;
  KeySetDef keys;
  std::uint32_t add = 0;          ///< nodes to add (at most one of add/remove)
  std::uint32_t remove = 0;       ///< nodes to remove
  double data_bytes = 0;          ///< total data size, for rebalancing bytes (0 = K × bytes_per_key)
  double bytes_per_key = 1000;
  double hot_threshold = 1.5;     ///< a node is hot when its load ≥ threshold × average
  std::uint32_t moved_sample = 20;  ///< moved keys to list (for the lab)
};

struct NodeLoad {
  std::uint32_t node = 0;
  std::string label;
  std::uint64_t keys = 0;
  double load = 0;             ///< Σ weights
  double share = 0;            ///< load / total
  double insert_share = 0;     ///< share of the next inserts
  bool hot = false;
};

struct MovedKey {
  std::uint64_t key = 0;
  std::uint32_t from = 0;
  std::uint32_t to = 0;
};

/// Load figures of one placement.
struct LoadSummary {
  std::vector<NodeLoad> per_node;
  double max_over_avg = 0;
  double stddev_over_avg = 0;   ///< population stddev of node loads / their mean
  double insert_max_over_avg = 0;  ///< busiest node's share of the next inserts × n
  std::vector<std::uint32_t> hot_nodes;
  bool hot_shard = false;       ///< a node at or above the hot threshold, by load or by inserts
};

struct ShardAnalysis {
  std::string scheme;
  std::uint32_t nodes = 0;
  std::uint32_t vnodes = 0;     ///< ring/bounded only
  std::uint64_t keys = 0;
  std::string key_distribution;
  LoadSummary before;
  std::optional<double> theory_stddev_over_avg;  ///< ring: sqrt((n−1)/(nV+1)) (for shares of the circle)
  // After add/remove:
  bool resized = false;
  std::uint32_t nodes_after = 0;
  LoadSummary after;
  std::uint64_t moved_keys = 0;
  double moved_fraction = 0;        ///< share of keys on a different node
  double moved_load_fraction = 0;   ///< share of the weight that moved
  double ideal_moved_fraction = 0;  ///< k/(n+k) on add, k/n on remove
  double rebalance_bytes = 0;
  std::vector<MovedKey> moved_sample;
  LookupCost lookup;
  std::vector<std::string> formulas;
  std::vector<std::string> notes;
};

/// Places the key set, summarises the load, and (with add/remove) compares with the resized
/// placement.
Expected<ShardAnalysis, ShardError> AnalyzeSharding(const ShardModelDef& def);
/// The node of a text key (see the hash rules at the top). For bounded: the ring successor.
/// For geo a key "region:rest" is placed in that region; otherwise its region follows its hash.
Expected<std::uint32_t, ShardError> LookupKey(const PartitionerDef& def, std::string_view key);

/// What the shard lab draws for a ring: its points and arc shares before and after the resize, and
/// the full analysis (per-node loads, moved keys).
struct RingSnapshot {
  std::vector<RingPoint> points;
  std::vector<double> arc_shares;        ///< by node
  std::vector<RingPoint> points_after;   ///< empty without add/remove
  std::vector<double> arc_shares_after;
  ShardAnalysis analysis;
};
/// def.partitioner.scheme must be "ring" or "bounded" (both are drawn as their ring).
Expected<RingSnapshot, ShardError> RingLab(const ShardModelDef& def);

/// Keys: scheme, nodes, vnodes, keys, key_distribution, per_node [{node, label, keys, load, share,
/// insert_share, hot}], max_over_avg, stddev_over_avg, insert_max_over_avg, hot_shard, hot_nodes,
/// theory_stddev_over_avg (ring); with add/remove: nodes_after, moved_keys, moved_fraction,
/// moved_load_fraction, ideal_moved_fraction, rebalance_bytes, after {...}, moved_sample;
/// lookup {...}, formulas, notes.
nlohmann::json ShardAnalysisToJson(const ShardAnalysis& a);

// [SECTION] Blueprint integration -------------------------------------------------------------------

/// A database component's sharding, assessed for scoring.
struct ShardAssessment {
  std::string component;
  std::string scheme;             ///< the sdlab scheme used ("" when not sharded)
  bool sharded = false;
  bool vertical = false;
  std::uint32_t shards = 1;
  double max_over_avg = 1;
  double stddev_over_avg = 0;
  bool hot_shard = false;
  std::string hot_reason;         ///< why, when hot_shard
  double moved_fraction_on_add = 0;  ///< keys moved when one shard is added
  double ideal_moved_fraction = 0;   ///< 1/(n+1)
  double data_bytes = 0;             ///< stored data (one copy) implied by the requirements
  double rebalance_bytes_on_add = 0;
  LookupCost lookup;
  std::vector<std::string> notes;
};

/// Assesses component.sharding: places 20 000 keys (sequential when key_monotonic, else uniform)
/// on the scheme and adds one shard. Data = writes/s × retention × object size. Vertical sharding
/// (split by table/feature) has no key-balance figures; it is described in the notes.
ShardAssessment AssessSharding(const Component& component, const Requirements& requirements);
nlohmann::json ShardAssessmentToJson(const ShardAssessment& a);

}  // namespace sdlab::shard
