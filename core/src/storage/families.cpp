// Database families, the recommender and polyglot persistence. See sdlab/storage.h.
#include <algorithm>
#include <cmath>

#include "sdlab/storage.h"
#include "sdlab/units.h"

namespace sdlab::storage {

std::string InputError::Message() const { return field + ": " + message; }

std::string_view FamilyName(Family f) {
  switch (f) {
    case Family::Relational: return "relational";
    case Family::Document: return "document";
    case Family::KeyValue: return "key_value";
    case Family::Columnar: return "columnar";
    case Family::Graph: return "graph";
  }
  return "relational";
}

Family FamilyOf(DataModel m) {
  switch (m) {
    case DataModel::Relational: return Family::Relational;
    case DataModel::Document: return Family::Document;
    case DataModel::KeyValue: return Family::KeyValue;
    case DataModel::Columnar:
    case DataModel::WideColumn:
    case DataModel::TimeSeries: return Family::Columnar;
    case DataModel::Graph: return Family::Graph;
  }
  return Family::Relational;
}

const std::vector<FamilyProfile>& FamilyTable() {
  static const std::vector<FamilyProfile> table{
      {Family::Relational, "PostgreSQL, MySQL, SQL Server", "CP", "PC/EC", "ACID",
       "joins, constraints, transactions across rows and tables, ad-hoc SQL",
       {"orders, payments, ledgers, inventory", "data with many relations and integrity rules",
        "moderate scale on one primary plus read replicas"},
       {"schema-less data that changes shape often", "write rates beyond one primary without sharding"}},
      {Family::Document, "MongoDB, Couchbase, Firestore", "CP", "PC/EC", "ACID per document (multi-document optional)",
       "nested documents read and written whole, flexible schema, secondary indexes",
       {"catalogues, user profiles, content", "aggregates read together (an order with its lines)"},
       {"many-to-many joins", "cross-document invariants"}},
      {Family::KeyValue, "Redis, DynamoDB, Riak", "AP", "PA/EL", "BASE (eventual by default; strong reads optional)",
       "O(1) get/put by key, horizontal scale, predictable latency",
       {"sessions, carts, caches, feature flags", "lookups by id at very high rates"},
       {"queries by anything but the key", "joins and ad-hoc filters"}},
      {Family::Columnar, "Cassandra, HBase, ClickHouse, BigQuery", "AP", "PA/EL", "BASE (tunable consistency)",
       "high write throughput (LSM trees), scans and aggregates over columns, time series",
       {"event logs, metrics, time series, analytics", "write-heavy data at large scale"},
       {"transactions across rows", "ad-hoc joins", "frequent updates of single fields"}},
      {Family::Graph, "Neo4j, Amazon Neptune, JanusGraph", "CP", "PC/EC", "ACID (single instance)",
       "traversals over many hops in time proportional to the neighbourhood, not the table",
       {"social graphs, recommendations, fraud rings", "network and dependency analysis"},
       {"bulk analytics over all data", "very large write rates"}},
  };
  return table;
}

Expected<FamilyRanking, InputError> RankFamilies(const Workload& w) {
  if (!std::isfinite(w.read_write_ratio) || w.read_write_ratio <= 0 || w.read_write_ratio > 1e9)
    return Unexpected<InputError>{InputError{"read-write-ratio", "must be > 0 and ≤ 1e9"}};
  if (!std::isfinite(w.data_bytes) || w.data_bytes < 0 || w.data_bytes > 1e21)
    return Unexpected<InputError>{InputError{"data", "must be 0 … 1 ZB"}};
  if (!std::isfinite(w.writes_per_s) || w.writes_per_s < 0 || w.writes_per_s > 1e12)
    return Unexpected<InputError>{InputError{"writes", "must be 0 … 1e12/s"}};
  FamilyRanking r;
  r.large_scale = w.data_bytes >= 10e12 || w.writes_per_s >= 10000;
  std::array<FamilyScore, kFamilyCount> s;
  for (int i = 0; i < kFamilyCount; ++i) s[i].family = static_cast<Family>(i);
  // Points per criterion: relational, document, key_value, columnar, graph.
  auto apply = [&](const std::array<int, kFamilyCount>& pts, const std::string& why) {
    for (int i = 0; i < kFamilyCount; ++i) {
      if (pts[i] == 0) continue;
      s[i].score += pts[i];
      s[i].reasons.push_back((pts[i] > 0 ? "+" : "") + std::to_string(pts[i]) + " " + why);
    }
  };
  if (w.joins) apply({3, -1, -2, -1, 1}, "joins / ad-hoc queries");
  if (w.relationships) apply({1, -1, -1, -1, 4}, "relationship traversal");
  if (w.analytics) apply({1, 0, -2, 4, -1}, "analytics (scans, aggregates)");
  if (w.schema == SchemaNeed::Flexible) apply({-2, 3, 2, 1, 0}, "flexible schema");
  if (w.schema == SchemaNeed::Evolving) apply({-1, 1, 0, 0, 0}, "evolving schema");
  if (r.large_scale)
    apply({-2, 1, 2, 2, -2}, "large scale (" + units::FormatBytes(w.data_bytes) + ", " + units::FormatRate(w.writes_per_s) +
                                 " writes; ≥ 10 TB or ≥ 10K/s)");
  if (w.strong_consistency) apply({3, 1, -1, -2, 1}, "strong consistency");
  if (w.read_write_ratio >= 10 && !w.joins && !w.relationships && !w.analytics)
    apply({0, 1, 2, 0, 0}, "read-heavy key lookups (" + units::FormatNumber(w.read_write_ratio) + ":1)");
  if (w.read_write_ratio < 1) apply({-1, 0, 1, 2, 0}, "write-heavy (" + units::FormatNumber(w.read_write_ratio) + ":1)");
  for (auto& f : s) {
    std::string text = std::string(FamilyName(f.family)) + " = ";
    if (f.reasons.empty()) text += "0 (no criterion applies)";
    for (std::size_t i = 0; i < f.reasons.size(); ++i) {
      const std::string& reason = f.reasons[i];
      const auto space = reason.find(' ');
      text += (i ? " " : "") + reason.substr(0, space) + " (" + reason.substr(space + 1) + ")";
    }
    if (!f.reasons.empty()) text += " = " + std::to_string(f.score);
    f.formula = text;
  }
  std::vector<FamilyScore> ranked(s.begin(), s.end());
  std::stable_sort(ranked.begin(), ranked.end(), [](const FamilyScore& a, const FamilyScore& b) { return a.score > b.score; });
  r.ranked = std::move(ranked);
  r.notes.push_back("points are stated rules of thumb (see sdlab/storage.h); ties keep the table order");
  if (r.ranked.size() >= 2 && r.ranked[0].score == r.ranked[1].score)
    r.notes.push_back("a tie: the workload does not separate " + std::string(FamilyName(r.ranked[0].family)) + " and " +
                      std::string(FamilyName(r.ranked[1].family)) + "; operational familiarity decides");
  return r;
}

PolyglotPlan PlanPolyglot(const Blueprint& bp, const Estimate* e) {
  PolyglotPlan plan;
  const double reads = e ? e->Value("read_rps") : 0, writes = e ? e->Value("write_rps") : 0;
  for (const Component& c : bp.components) {
    const ComponentKind k = c.kind;
    const bool store = k == ComponentKind::Database || k == ComponentKind::Search || k == ComponentKind::Cache ||
                       k == ComponentKind::ObjectStorage || k == ComponentKind::Dfs || k == ComponentKind::Queue ||
                       k == ComponentKind::Stream;
    if (!store) continue;
    StoreRole s;
    s.component = c.id;
    s.kind = std::string(ComponentKindName(k));
    s.access = std::string(DataAccessName(c.access));
    for (const Flow& f : bp.flows) {
      if (std::find(f.path.begin(), f.path.end(), c.id) == f.path.end()) continue;
      (f.kind == FlowKind::Read ? s.read_flows : s.write_flows).push_back(f.id);
      // The rate reaching this step: flow rate reduced by cache/CDN hits before it.
      double rate = (f.kind == FlowKind::Read ? reads : writes) * f.share;
      for (const auto& step : f.path) {
        if (step == c.id) break;
        const Component* sc = bp.FindComponent(step);
        if (f.kind == FlowKind::Read && sc && (sc->kind == ComponentKind::Cache || sc->kind == ComponentKind::Cdn))
          rate *= 1.0 - sc->hit_ratio.value_or(sc->kind == ComponentKind::Cache ? 0.8 : 0.9);
      }
      (f.kind == FlowKind::Read ? s.read_rps : s.write_rps) += rate;
    }
    const std::string rw = units::FormatRate(s.read_rps) + " reads, " + units::FormatRate(s.write_rps) + " writes";
    switch (k) {
      case ComponentKind::Database: {
        const Family fam = FamilyOf(c.data_model);
        s.family = std::string(FamilyName(fam));
        const bool write_heavy = s.write_rps > s.read_rps && s.write_rps > 0;
        s.pattern = s.family + " store of record (" + rw + ")";
        if (fam == Family::Relational && write_heavy && s.write_rps > 10000)
          s.suggestion = "write-heavy at " + units::FormatRate(s.write_rps) +
                         ": a columnar/wide-column store (LSM) or sharding takes writes a single primary cannot";
        else if (fam == Family::KeyValue && bp.requirements.consistency == Consistency::Strong)
          s.suggestion = "strong consistency stated: use strongly consistent reads or a relational store for this data";
        else
          s.suggestion = "fits: " + FamilyTable()[static_cast<std::size_t>(fam)].strengths;
        break;
      }
      case ComponentKind::Search:
        s.family = std::string(FamilyName(FamilyOf(c.data_model)));
        s.pattern = "full-text and faceted queries over a copy of the data (" + rw + ")";
        s.suggestion = "an inverted index (search engine) fed from the store of record; not the source of truth";
        break;
      case ComponentKind::Cache:
        s.pattern = "hot key lookups in memory in front of a store (" + rw + ")";
        s.suggestion = "a key-value store in memory (" + (c.engine.empty() ? std::string("redis/memcached") : c.engine) +
                       "); size it for the hot set";
        break;
      case ComponentKind::ObjectStorage:
        s.pattern = "large immutable blobs by key, tier " + c.tier + " (" + rw + ")";
        s.suggestion = c.lifecycle.empty() ? "object storage; add lifecycle rules to move ageing data to cheaper tiers"
                                           : "object storage with " + std::to_string(c.lifecycle.size()) +
                                                 " lifecycle rule(s)";
        break;
      case ComponentKind::Dfs:
        s.pattern = "large files for batch jobs, read sequentially (" + rw + ")";
        s.suggestion = "a DFS suits big sequential files; keep files ≥ the block size (NameNode memory)";
        break;
      case ComponentKind::Queue:
      case ComponentKind::Stream:
        s.pattern = "messages in flight between producers and consumers (" + rw + ")";
        s.suggestion = k == ComponentKind::Stream ? "a replayable log (partitioned) for event streams"
                                                  : "a queue for work distribution with acknowledgements";
        break;
      default: break;
    }
    plan.stores.push_back(std::move(s));
  }
  std::vector<std::string> fams;
  for (const auto& s : plan.stores)
    if (!s.family.empty() && std::find(fams.begin(), fams.end(), s.family) == fams.end()) fams.push_back(s.family);
  if (fams.size() > 1) plan.notes.push_back("polyglot: " + std::to_string(fams.size()) + " database families in use");
  if (!e) plan.notes.push_back("no estimate: request rates are 0");
  return plan;
}

}  // namespace sdlab::storage
