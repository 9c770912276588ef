// `sdlab model shard`: one placement scheme over a key set — per-node load, hot shards, keys moved
// when nodes are added or removed, lookup cost; or the node of one key (--lookup).
#include <iomanip>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/shard.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct ShardArgs {
  std::string format;
  std::string scheme = "ring";
  std::uint32_t nodes = 4;
  std::uint32_t vnodes = 100;
  std::uint64_t keys = 100000;
  std::string distribution = "uniform";
  std::uint32_t add = 0;
  std::uint32_t remove = 0;
  double load_factor = 1.25;
  std::string lookup;
  std::uint64_t seed = 1;
  std::uint32_t table_size = 65537;
  std::vector<std::uint64_t> splits;
  std::string regions;
  std::string data_size;
  std::string bytes_per_key = "1000";
  double hot_threshold = 1.5;
};

std::string Num(double v) { return units::FormatNumber(v, 4); }

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(24) << name << value << "\n";
}

// "eu=3:0.5,us=4:0.3,ap=2" → regions (share 1 when omitted).
bool ParseRegions(const std::string& text, std::vector<shard::Region>& out, std::string& error) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const std::size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      error = "--regions: '" + item + "' is not name=nodes[:share]";
      return false;
    }
    shard::Region r;
    r.name = item.substr(0, eq);
    const std::string rest = item.substr(eq + 1);
    const std::size_t colon = rest.find(':');
    auto nodes = units::ParseCount(rest.substr(0, colon));
    if (!nodes || *nodes < 1 || *nodes > 100000 || *nodes != static_cast<double>(static_cast<std::uint32_t>(*nodes))) {
      error = "--regions: '" + item + "': nodes must be a whole number in [1, 100000]";
      return false;
    }
    r.nodes = static_cast<std::uint32_t>(*nodes);
    if (colon != std::string::npos) {
      auto share = units::ParseCount(rest.substr(colon + 1));
      if (!share) {
        error = "--regions: '" + item + "': share must be a non-negative number";
        return false;
      }
      r.share = *share;
    }
    out.push_back(r);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return true;
}

void PrintSummary(std::ostream& out, const shard::LoadSummary& s) {
  out << "  " << std::left << std::setw(10) << "node" << std::setw(10) << "keys" << std::setw(12) << "load"
      << std::setw(10) << "share" << std::setw(10) << "inserts" << "\n";
  for (const auto& n : s.per_node) {
    out << "  " << std::left << std::setw(10) << n.label << std::setw(10) << n.keys << std::setw(12) << Num(n.load)
        << std::setw(10) << units::FormatPercent(n.share, 3) << std::setw(10) << units::FormatPercent(n.insert_share, 3)
        << (n.hot ? "HOT" : "") << "\n";
  }
  Row(out, "max/avg", Num(s.max_over_avg));
  Row(out, "stddev/avg", Num(s.stddev_over_avg));
  Row(out, "inserts max/avg", Num(s.insert_max_over_avg));
  Row(out, "hot shard", s.hot_shard ? "yes" : "no");
}

void PrintText(std::ostream& out, const shard::ShardAnalysis& a) {
  out << "shard model: " << a.scheme << ", " << a.nodes << " nodes" << (a.vnodes ? ", " + std::to_string(a.vnodes) + " vnodes" : "")
      << ", " << a.keys << " keys (" << a.key_distribution << ")\n";
  PrintSummary(out, a.before);
  if (a.theory_stddev_over_avg) Row(out, "theory stddev/avg", Num(*a.theory_stddev_over_avg));
  if (a.resized) {
    out << "\nafter resizing to " << a.nodes_after << " nodes\n";
    PrintSummary(out, a.after);
    Row(out, "moved keys", std::to_string(a.moved_keys));
    Row(out, "moved fraction", Num(a.moved_fraction) + " (ideal " + Num(a.ideal_moved_fraction) + ")");
    Row(out, "moved load fraction", Num(a.moved_load_fraction));
    Row(out, "rebalance", units::FormatBytes(a.rebalance_bytes));
  }
  out << "\nlookup: " << a.lookup.complexity << ", ~" << Num(a.lookup.operations) << " operations, "
      << units::FormatBytes(a.lookup.memory_bytes) << " of routing state\n  " << a.lookup.description << "\n";
  out << "\nformulas\n";
  for (const auto& f : a.formulas) out << "  " << f << "\n";
  if (!a.notes.empty()) {
    out << "\nnotes\n";
    for (const auto& n : a.notes) out << "  - " << n << "\n";
  }
}

}  // namespace

void AddModelShardCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<ShardArgs>();
  CLI::App* cmd = model.add_subcommand(
      "shard", "Sharding: load balance, hot shards and keys moved on resize for one placement scheme");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  std::string schemes;
  for (const auto& s : shard::Schemes()) schemes += (schemes.empty() ? "" : ", ") + std::string(s.name);
  cmd->add_option("--scheme", a->scheme, "Placement scheme: " + schemes)->default_str("ring");
  cmd->add_option("--nodes", a->nodes, "n: nodes (shards); geo takes them from --regions")->default_str("4");
  cmd->add_option("--vnodes", a->vnodes, "Virtual nodes per node (ring, bounded)")->default_str("100");
  cmd->add_option("--keys", a->keys, "K: keys to place")->default_str("100000");
  cmd->add_option("--key-distribution", a->distribution, "uniform | zipf:A (weights ∝ rank^-A) | sequential")
      ->default_str("uniform");
  auto* add = cmd->add_option("--add", a->add, "Nodes to add; reports the keys moved");
  auto* remove = cmd->add_option("--remove", a->remove, "Nodes to remove; reports the keys moved");
  add->excludes(remove);
  cmd->add_option("--load-factor", a->load_factor, "bounded: c > 1, no node above c × average")->default_str("1.25");
  cmd->add_option("--lookup", a->lookup,
                  "Print only the node of this key (a decimal integer is the 64-bit key; other text is FNV-1a hashed)");
  cmd->add_option("--seed", a->seed, "Seed of the key set and of ring points")->default_str("1");
  cmd->add_option("--table-size", a->table_size, "maglev: lookup table size M (prime)")->default_str("65537");
  cmd->add_option("--splits", a->splits, "range: n-1 ascending split points, e.g. 1000,2000,3000")->delimiter(',');
  cmd->add_option("--regions", a->regions, "geo: name=nodes[:share],..., e.g. eu=3:0.5,us=4:0.3,ap=2:0.2");
  cmd->add_option("--data-size", a->data_size, "Total data, e.g. 2TB, for rebalancing bytes (default keys × 1000 B)");
  cmd->add_option("--bytes-per-key", a->bytes_per_key, "Bytes per key when --data-size is not given")->default_str("1000");
  cmd->add_option("--hot-threshold", a->hot_threshold, "A node is hot at this multiple of the average")->default_str("1.5");

  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model shard: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    if (shard::FindScheme(a->scheme) == nullptr) {
      return fail(shard::MakePartitioner(shard::PartitionerDef{a->scheme}).error().message);
    }
    shard::ShardModelDef def;
    def.partitioner.scheme = a->scheme;
    def.partitioner.nodes = a->nodes;
    def.partitioner.vnodes = a->vnodes;
    def.partitioner.load_factor = a->load_factor;
    def.partitioner.seed = a->seed;
    def.partitioner.maglev_table = a->table_size;
    def.partitioner.splits = a->splits;
    if (!a->regions.empty()) {
      std::string error;
      if (!ParseRegions(a->regions, def.partitioner.regions, error)) return fail(error);
    }
    if (!a->lookup.empty()) {
      auto node = shard::LookupKey(def.partitioner, a->lookup);
      if (!node) return fail(node.error().message);
      if (a->format == "json") {
        PrintJson(ctx.out, nlohmann::json{{"node", *node}});
      } else {
        ctx.out << "node " << *node << "\n";
      }
      return;
    }
    auto dist = shard::ParseKeyDistribution(a->distribution);
    if (!dist) return fail("--key-distribution: " + dist.error().message);
    def.keys = *dist;
    def.keys.count = a->keys;
    def.keys.seed = a->seed;
    def.add = a->add;
    def.remove = a->remove;
    def.hot_threshold = a->hot_threshold;
    if (!a->data_size.empty()) {
      auto b = units::ParseBytes(a->data_size);
      if (!b) return fail("--data-size: " + b.error().Message());
      def.data_bytes = *b;
    }
    auto bpk = units::ParseBytes(a->bytes_per_key);
    if (!bpk) return fail("--bytes-per-key: " + bpk.error().Message());
    def.bytes_per_key = *bpk;
    auto r = shard::AnalyzeSharding(def);
    if (!r) return fail(r.error().message);
    if (a->format == "json") {
      PrintJson(ctx.out, shard::ShardAnalysisToJson(*r));
    } else {
      PrintText(ctx.out, *r);
    }
  });
}

}  // namespace sdlab::cli
