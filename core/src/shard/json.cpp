// Shard results as JSON: snake_case keys, only finite numbers, deterministic order.
#include <cmath>
#include <string>

#include <nlohmann/json.hpp>

#include "sdlab/shard.h"

namespace sdlab::shard {

namespace {

double Finite(double v) { return std::isfinite(v) ? v : 0.0; }

nlohmann::json SummaryToJson(const LoadSummary& s) {
  nlohmann::json per = nlohmann::json::array();
  for (const NodeLoad& nl : s.per_node) {
    per.push_back({{"node", nl.node},
                   {"label", nl.label},
                   {"keys", nl.keys},
                   {"load", Finite(nl.load)},
                   {"share", Finite(nl.share)},
                   {"insert_share", Finite(nl.insert_share)},
                   {"hot", nl.hot}});
  }
  nlohmann::json j;
  j["per_node"] = per;
  j["max_over_avg"] = Finite(s.max_over_avg);
  j["stddev_over_avg"] = Finite(s.stddev_over_avg);
  j["insert_max_over_avg"] = Finite(s.insert_max_over_avg);
  j["hot_shard"] = s.hot_shard;
  j["hot_nodes"] = s.hot_nodes;
  return j;
}

nlohmann::json CostToJson(const LookupCost& c) {
  return {{"complexity", c.complexity},
          {"operations", Finite(c.operations)},
          {"memory_bytes", Finite(c.memory_bytes)},
          {"description", c.description}};
}

}  // namespace

nlohmann::json ShardAnalysisToJson(const ShardAnalysis& a) {
  nlohmann::json j = SummaryToJson(a.before);
  j["scheme"] = a.scheme;
  j["nodes"] = a.nodes;
  if (a.vnodes > 0) j["vnodes"] = a.vnodes;
  j["keys"] = a.keys;
  j["key_distribution"] = a.key_distribution;
  if (a.theory_stddev_over_avg) j["theory_stddev_over_avg"] = Finite(*a.theory_stddev_over_avg);
  if (a.resized) {
    j["nodes_after"] = a.nodes_after;
    j["moved_keys"] = a.moved_keys;
    j["moved_fraction"] = Finite(a.moved_fraction);
    j["moved_load_fraction"] = Finite(a.moved_load_fraction);
    j["ideal_moved_fraction"] = Finite(a.ideal_moved_fraction);
    j["rebalance_bytes"] = Finite(a.rebalance_bytes);
    j["after"] = SummaryToJson(a.after);
    nlohmann::json moved = nlohmann::json::array();
    for (const MovedKey& m : a.moved_sample) moved.push_back({{"key", std::to_string(m.key)}, {"from", m.from}, {"to", m.to}});  // string: exact in JavaScript
    j["moved_sample"] = moved;
  }
  j["lookup"] = CostToJson(a.lookup);
  j["formulas"] = a.formulas;
  j["notes"] = a.notes;
  return j;
}

nlohmann::json ShardAssessmentToJson(const ShardAssessment& a) {
  nlohmann::json j;
  j["component"] = a.component;
  j["scheme"] = a.scheme;
  j["sharded"] = a.sharded;
  j["vertical"] = a.vertical;
  j["shards"] = a.shards;
  j["max_over_avg"] = Finite(a.max_over_avg);
  j["stddev_over_avg"] = Finite(a.stddev_over_avg);
  j["hot_shard"] = a.hot_shard;
  j["hot_reason"] = a.hot_reason;
  j["moved_fraction_on_add"] = Finite(a.moved_fraction_on_add);
  j["ideal_moved_fraction"] = Finite(a.ideal_moved_fraction);
  j["data_bytes"] = Finite(a.data_bytes);
  j["rebalance_bytes_on_add"] = Finite(a.rebalance_bytes_on_add);
  j["lookup"] = CostToJson(a.lookup);
  j["notes"] = a.notes;
  return j;
}

}  // namespace sdlab::shard
