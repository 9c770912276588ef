// JSON for the storage area (deterministic; numbers rounded to 9 significant digits).
#include <nlohmann/json.hpp>

#include "queue/sample_stats.h"
#include "sdlab/storage.h"

namespace sdlab::storage {

using sample_stats::JsonNumber;

namespace {
nlohmann::json Formulas(const std::vector<Formula>& fs) {
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : fs) j[f.key] = f.text;
  return j;
}
nlohmann::json Tiers(const std::array<double, cost::kTierCount>& a) {
  return {{"standard", JsonNumber(a[0])}, {"infrequent", JsonNumber(a[1])}, {"archive", JsonNumber(a[2])}};
}
}  // namespace

nlohmann::json FamilyTableJson() {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& f : FamilyTable())
    a.push_back({{"family", std::string(FamilyName(f.family))},
                 {"examples", f.examples},
                 {"cap", f.cap},
                 {"pacelc", f.pacelc},
                 {"transactions", f.transactions},
                 {"strengths", f.strengths},
                 {"suits", f.suits},
                 {"avoid", f.avoid}});
  return a;
}

nlohmann::json ToJson(const FamilyRanking& r) {
  nlohmann::json ranked = nlohmann::json::array();
  nlohmann::json formulas = nlohmann::json::object();
  for (const auto& s : r.ranked) {
    ranked.push_back({{"family", std::string(FamilyName(s.family))}, {"score", s.score}, {"reasons", s.reasons},
                      {"formula", s.formula}});
    formulas[std::string(FamilyName(s.family))] = s.formula;
  }
  return {{"mode", "families"},
          {"recommended", r.ranked.empty() ? "" : std::string(FamilyName(r.ranked.front().family))},
          {"large_scale", r.large_scale},
          {"ranked", ranked},
          {"families", FamilyTableJson()},
          {"formulas", formulas},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const ObjectLifecycleResult& r) {
  nlohmann::json months = nlohmann::json::array();
  for (const auto& m : r.months)
    months.push_back({{"month", m.month},
                      {"bytes", Tiers(m.bytes)},
                      {"storage_cost", Tiers(m.storage_cost)},
                      {"put_cost", JsonNumber(m.put_cost)},
                      {"get_cost", JsonNumber(m.get_cost)},
                      {"transition_cost", JsonNumber(m.transition_cost)},
                      {"retrieval_cost", JsonNumber(m.retrieval_cost)},
                      {"early_deletion_cost", JsonNumber(m.early_deletion_cost)},
                      {"egress_cost", JsonNumber(m.egress_cost)},
                      {"total", JsonNumber(m.total)},
                      {"first_tier_only_total", JsonNumber(m.first_tier_only_total)}});
  const ObjectMonth& last = r.months.back();
  return {{"mode", "object"},
          {"currency", "USD"},
          {"total", JsonNumber(r.total)},
          {"first_tier_only_total", JsonNumber(r.first_tier_only_total)},
          {"saving", JsonNumber(r.saving)},
          {"last_month_total", JsonNumber(last.total)},
          {"months", months},
          {"formulas", Formulas(r.formulas)},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const std::vector<MediumRead>& reads, double size_bytes) {
  nlohmann::json media = nlohmann::json::array();
  nlohmann::json formulas = nlohmann::json::object();
  const auto& table = MediumTable();
  for (std::size_t i = 0; i < reads.size() && i < table.size(); ++i) {
    const auto& m = table[i];
    media.push_back({{"medium", m.medium},
                     {"kind", m.kind},
                     {"first_byte_s", JsonNumber(m.first_byte_s)},
                     {"throughput_bytes_per_s", JsonNumber(m.throughput_bytes_per_s)},
                     {"iops", m.iops},
                     {"access", m.access},
                     {"suits", m.suits},
                     {"read_s", JsonNumber(reads[i].read_s)}});
    formulas[m.medium] = reads[i].formula;
  }
  return {{"mode", "media"},
          {"size_bytes", JsonNumber(size_bytes)},
          {"media", media},
          {"formulas", formulas},
          {"notes", nlohmann::json::array({"typical published figures, not measurements; they vary by product and size"})}};
}

nlohmann::json ToJson(const DfsResult& r) {
  return {{"mode", "dfs"},
          {"raw_bytes", JsonNumber(r.raw_bytes)},
          {"files", JsonNumber(r.files)},
          {"blocks_per_file", JsonNumber(r.blocks_per_file)},
          {"blocks", JsonNumber(r.blocks)},
          {"block_replicas", JsonNumber(r.block_replicas)},
          {"namespace_objects", JsonNumber(r.namespace_objects)},
          {"namenode_memory_bytes", JsonNumber(r.namenode_memory_bytes)},
          {"per_node_bytes", JsonNumber(r.per_node_bytes)},
          {"node_losses_tolerated", r.node_losses_tolerated},
          {"rereplication_s", r.rereplication_s ? JsonNumber(*r.rereplication_s) : nlohmann::json(nullptr)},
          {"formulas", Formulas(r.formulas)},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const ProcessingResult& r) {
  return {{"mode", "processing"},
          {"batch",
           {{"events_per_batch", JsonNumber(r.events_per_batch)},
            {"bytes_per_batch", JsonNumber(r.bytes_per_batch)},
            {"job_s", JsonNumber(r.batch_job_s)},
            {"latency_worst_s", JsonNumber(r.batch_latency_worst_s)},
            {"latency_mean_s", JsonNumber(r.batch_latency_mean_s)},
            {"keeps_up", r.batch_keeps_up}}},
          {"stream",
           {{"utilization", JsonNumber(r.stream_utilization)},
            {"latency_worst_s", JsonNumber(r.stream_latency_worst_s)},
            {"latency_mean_s", JsonNumber(r.stream_latency_mean_s)},
            {"keeps_up", r.stream_keeps_up}}},
          {"recommendation", r.recommendation},
          {"formulas", Formulas(r.formulas)},
          {"notes", r.notes}};
}

nlohmann::json ToJson(const PolyglotPlan& p) {
  nlohmann::json stores = nlohmann::json::array();
  for (const auto& s : p.stores)
    stores.push_back({{"component", s.component},
                      {"kind", s.kind},
                      {"family", s.family},
                      {"access", s.access},
                      {"read_flows", s.read_flows},
                      {"write_flows", s.write_flows},
                      {"read_rps", JsonNumber(s.read_rps)},
                      {"write_rps", JsonNumber(s.write_rps)},
                      {"pattern", s.pattern},
                      {"suggestion", s.suggestion}});
  return {{"mode", "polyglot"}, {"stores", stores}, {"notes", p.notes}};
}

}  // namespace sdlab::storage
