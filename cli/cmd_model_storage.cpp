// `sdlab model storage --mode families|object|dfs|media|processing|polyglot`: database families and
// a recommender, object-storage lifecycle cost, an HDFS-style DFS, block/file/object read times,
// batch vs stream processing, and the stores of a blueprint by access pattern.
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/blueprint.h"
#include "sdlab/estimate.h"
#include "sdlab/storage.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct StorageArgs {
  std::string format;
  std::string mode = "families";
  // families
  double read_write_ratio = 10;
  bool joins = false, relationships = false, analytics = false;
  std::string schema = "fixed", data = "100GB", writes = "100/s", consistency = "eventual";
  // object
  std::string ingest = "1TB", object_size = "1MB", reads = "0", read_size, egress = "0", retention, tier = "standard",
              lifecycle, first_tier_read_share = "90%";
  int months = 12;
  // dfs
  std::string file_size = "128MB", block_size = "128MiB", bandwidth = "100MB";
  int replication = 3, nodes = 10;
  // media
  std::string size = "1MB";
  // processing
  std::string rate = "1K/s", event_size = "1KB", interval = "1h", window = "1min", worker_throughput = "10K/s",
              per_event = "5ms", startup = "1min";
  int workers = 1;
  // polyglot
  std::string blueprint;
};

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(28) << name << value << "\n";
}

void PrintFormulas(std::ostream& out, const nlohmann::json& j) {
  if (!j.contains("formulas")) return;
  out << "\nformulas\n";
  for (const auto& [k, v] : j.at("formulas").items()) out << "  " << v.get<std::string>() << "\n";
  if (j.contains("notes"))
    for (const auto& n : j.at("notes")) out << "  - " << n.get<std::string>() << "\n";
}

}  // namespace

void AddModelStorageCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<StorageArgs>();
  CLI::App* cmd = model.add_subcommand(
      "storage", "Storage: SQL/NoSQL families and a recommender, object tiers and lifecycle cost, DFS, "
                 "block/file/object, batch vs stream, polyglot persistence");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  cmd->add_option("--mode", a->mode, "families (default), object, dfs, media, processing or polyglot");
  cmd->add_option("--read-write-ratio", a->read_write_ratio, "families: reads per write (default 10)");
  cmd->add_flag("--joins", a->joins, "families: the workload joins tables / runs ad-hoc queries");
  cmd->add_flag("--relationships", a->relationships, "families: many-hop relationship traversals");
  cmd->add_flag("--analytics", a->analytics, "families: scans and aggregates over many rows");
  cmd->add_option("--schema", a->schema, "families: fixed (default), evolving or flexible");
  cmd->add_option("--data", a->data, "families/dfs: data size, e.g. 20TB (default 100GB)");
  cmd->add_option("--writes", a->writes, "families: write rate, e.g. 5K/s (default 100/s)");
  cmd->add_option("--consistency", a->consistency, "families: strong or eventual (default)");
  cmd->add_option("--ingest", a->ingest, "object: new data per month, e.g. 1TB (default)");
  cmd->add_option("--object-size", a->object_size, "object: size of one object (default 1MB)");
  cmd->add_option("--reads", a->reads, "object: GETs per month, e.g. 10M (default 0)");
  cmd->add_option("--read-size", a->read_size, "object: bytes per GET (default: the object size)");
  cmd->add_option("--egress", a->egress, "object: bytes sent to the internet per month (default 0)");
  cmd->add_option("--months", a->months, "object: months to cost (default 12)");
  cmd->add_option("--retention", a->retention, "object: delete objects at this age, e.g. 1y (default: keep)");
  cmd->add_option("--tier", a->tier, "object: first tier: standard (default), infrequent or archive");
  cmd->add_option("--lifecycle", a->lifecycle, "object: rules AGE:TIER,..., e.g. 30d:infrequent,90d:archive");
  cmd->add_option("--first-tier-read-share", a->first_tier_read_share, "object: share of reads to the first tier (90%)");
  cmd->add_option("--file-size", a->file_size, "dfs: average file size (default 128MB)");
  cmd->add_option("--block-size", a->block_size, "dfs: block size (default 128MiB)");
  cmd->add_option("--replication", a->replication, "dfs: replication factor (default 3)");
  cmd->add_option("--nodes", a->nodes, "dfs: data nodes (default 10)");
  cmd->add_option("--bandwidth", a->bandwidth, "dfs: re-replication bandwidth per node per second (default 100MB)");
  cmd->add_option("--size", a->size, "media: object size to read (default 1MB)");
  cmd->add_option("--rate", a->rate, "processing: events per second (default 1K/s)");
  cmd->add_option("--event-size", a->event_size, "processing: bytes per event (default 1KB)");
  cmd->add_option("--interval", a->interval, "processing: batch interval (default 1h)");
  cmd->add_option("--window", a->window, "processing: stream window (default 1min)");
  cmd->add_option("--worker-throughput", a->worker_throughput, "processing: events/s one worker handles (10K/s)");
  cmd->add_option("--workers", a->workers, "processing: workers (default 1)");
  cmd->add_option("--per-event", a->per_event, "processing: stream processing time per event (default 5ms)");
  cmd->add_option("--startup", a->startup, "processing: batch job start-up time (default 1min)");
  cmd->add_option("--blueprint", a->blueprint, "polyglot: a blueprint file");
  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model storage: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    auto bytes = [&](const std::string& flag, const std::string& v) -> std::optional<double> {
      auto b = units::ParseBytes(v.substr(0, v.find('/')));
      if (!b) {
        fail(flag + ": " + b.error().Message());
        return std::nullopt;
      }
      return *b;
    };
    auto duration = [&](const std::string& flag, const std::string& v) -> std::optional<double> {
      auto d = units::ParseDuration(v);
      if (!d) {
        fail(flag + ": " + d.error().Message());
        return std::nullopt;
      }
      return *d;
    };
    auto rate = [&](const std::string& flag, const std::string& v) -> std::optional<double> {
      auto r = units::ParseRate(v);
      if (!r) {
        fail(flag + ": " + r.error().Message());
        return std::nullopt;
      }
      return *r;
    };
    nlohmann::json j;
    if (a->mode == "families") {
      storage::Workload w;
      w.read_write_ratio = a->read_write_ratio;
      w.joins = a->joins;
      w.relationships = a->relationships;
      w.analytics = a->analytics;
      if (a->schema == "fixed") w.schema = storage::SchemaNeed::Fixed;
      else if (a->schema == "evolving") w.schema = storage::SchemaNeed::Evolving;
      else if (a->schema == "flexible") w.schema = storage::SchemaNeed::Flexible;
      else return fail("--schema: expected fixed, evolving or flexible");
      if (a->consistency == "strong") w.strong_consistency = true;
      else if (a->consistency != "eventual") return fail("--consistency: expected strong or eventual");
      auto d = bytes("--data", a->data);
      if (!d) return;
      auto wr = rate("--writes", a->writes);
      if (!wr) return;
      w.data_bytes = *d;
      w.writes_per_s = *wr;
      auto r = storage::RankFamilies(w);
      if (!r) return fail("--" + r.error().field + ": " + r.error().message);
      j = storage::ToJson(*r);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "database families for the workload (best first)\n";
      for (const auto& s : r->ranked)
        out << "  " << std::left << std::setw(12) << storage::FamilyName(s.family) << std::setw(5) << s.score
            << s.formula << "\n";
      out << "\nfamily      CAP  PACELC  transactions                                   examples\n";
      for (const auto& f : storage::FamilyTable())
        out << "  " << std::left << std::setw(10) << storage::FamilyName(f.family) << std::setw(5) << f.cap
            << std::setw(8) << f.pacelc << std::setw(47) << f.transactions << f.examples << "\n";
      for (const auto& n : r->notes) out << "  - " << n << "\n";
      return;
    }
    if (a->mode == "object") {
      storage::ObjectLifecycleDef d;
      auto ingest = bytes("--ingest", a->ingest);
      if (!ingest) return;
      auto os = bytes("--object-size", a->object_size);
      if (!os) return;
      auto reads = units::ParseCount(a->reads.substr(0, a->reads.find('/')));
      if (!reads) return fail("--reads: " + reads.error().Message());
      auto eg = bytes("--egress", a->egress);
      if (!eg) return;
      d.ingest_bytes_per_month = *ingest;
      d.object_size_bytes = *os;
      d.reads_per_month = *reads;
      d.egress_bytes_per_month = *eg;
      if (!a->read_size.empty()) {
        auto rs = bytes("--read-size", a->read_size);
        if (!rs) return;
        d.read_size_bytes = *rs;
      }
      d.months = a->months;
      if (!a->retention.empty()) {
        auto rt = duration("--retention", a->retention);
        if (!rt) return;
        d.retention_s = *rt;
      }
      auto tier = cost::ParseTier(a->tier);
      if (!tier) return fail("--tier: expected standard, infrequent or archive");
      d.first_tier = *tier;
      auto share = units::ParseFraction(a->first_tier_read_share);
      if (!share) return fail("--first-tier-read-share: " + share.error().Message());
      d.first_tier_read_share = *share;
      std::stringstream ss(a->lifecycle);
      std::string item;
      while (std::getline(ss, item, ',')) {
        const auto colon = item.find(':');
        if (colon == std::string::npos) return fail("--lifecycle: expected AGE:TIER, e.g. 30d:infrequent");
        auto age = duration("--lifecycle", item.substr(0, colon));
        if (!age) return;
        auto t = cost::ParseTier(item.substr(colon + 1));
        if (!t) return fail("--lifecycle: '" + item.substr(colon + 1) + "' is not a tier (standard, infrequent, archive)");
        d.rules.emplace_back(*age, *t);
      }
      auto r = storage::CostObjectLifecycle(d);
      if (!r) return fail("--" + r.error().field + ": " + r.error().message);
      j = storage::ToJson(*r);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "object storage cost by month (USD)\n  month  standard    infrequent  archive     requests+   total       "
             "first tier only\n";
      for (const auto& m : r->months)
        out << "  " << std::left << std::setw(7) << m.month << std::setw(12) << cost::FormatDollars(m.storage_cost[0])
            << std::setw(12) << cost::FormatDollars(m.storage_cost[1]) << std::setw(12)
            << cost::FormatDollars(m.storage_cost[2]) << std::setw(12)
            << cost::FormatDollars(m.put_cost + m.get_cost + m.transition_cost + m.retrieval_cost +
                                   m.early_deletion_cost + m.egress_cost)
            << std::setw(12) << cost::FormatDollars(m.total) << cost::FormatDollars(m.first_tier_only_total) << "\n";
      Row(out, "total", cost::FormatDollars(r->total));
      Row(out, "first tier only", cost::FormatDollars(r->first_tier_only_total));
      Row(out, "saving", cost::FormatDollars(r->saving));
      PrintFormulas(out, j);
      return;
    }
    if (a->mode == "dfs") {
      storage::DfsDef d;
      auto data = bytes("--data", a->data);
      auto fs = data ? bytes("--file-size", a->file_size) : std::nullopt;
      auto bs = fs ? bytes("--block-size", a->block_size) : std::nullopt;
      auto bw = bs ? bytes("--bandwidth", a->bandwidth) : std::nullopt;
      if (!bw) return;
      d.data_bytes = *data;
      d.file_size_bytes = *fs;
      d.block_size_bytes = *bs;
      d.node_bandwidth_bytes_per_s = *bw;
      d.replication = a->replication;
      d.nodes = a->nodes;
      auto r = storage::AnalyzeDfs(d);
      if (!r) return fail("--" + r.error().field + ": " + r.error().message);
      j = storage::ToJson(*r);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "distributed file system (HDFS-style)\n";
      Row(out, "raw storage", units::FormatBytes(r->raw_bytes));
      Row(out, "files / blocks", units::FormatCount(r->files) + " / " + units::FormatCount(r->blocks));
      Row(out, "NameNode memory", units::FormatBytes(r->namenode_memory_bytes));
      Row(out, "per node", units::FormatBytes(r->per_node_bytes));
      Row(out, "node losses tolerated", std::to_string(r->node_losses_tolerated));
      Row(out, "re-replication", r->rereplication_s ? units::FormatDuration(*r->rereplication_s) : "none (no copy)");
      PrintFormulas(out, j);
      return;
    }
    if (a->mode == "media") {
      auto size = bytes("--size", a->size);
      if (!size) return;
      auto r = storage::ReadTimes(*size);
      if (!r) return fail("--size: " + r.error().message);
      j = storage::ToJson(*r, *size);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "time to read " << units::FormatBytes(*size) << " (typical figures)\n";
      for (const auto& m : *r) Row(out, m.medium, units::FormatDuration(m.read_s));
      PrintFormulas(out, j);
      return;
    }
    if (a->mode == "processing") {
      storage::ProcessingDef d;
      auto rt = rate("--rate", a->rate);
      auto es = rt ? bytes("--event-size", a->event_size) : std::nullopt;
      auto iv = es ? duration("--interval", a->interval) : std::nullopt;
      auto wn = iv ? duration("--window", a->window) : std::nullopt;
      auto wt = wn ? rate("--worker-throughput", a->worker_throughput) : std::nullopt;
      auto pe = wt ? duration("--per-event", a->per_event) : std::nullopt;
      auto su = pe ? duration("--startup", a->startup) : std::nullopt;
      if (!su) return;
      d.events_per_s = *rt;
      d.event_size_bytes = *es;
      d.batch_interval_s = *iv;
      d.window_s = *wn;
      d.per_worker_events_per_s = *wt;
      d.per_event_s = *pe;
      d.batch_startup_s = *su;
      d.workers = a->workers;
      auto r = storage::CompareProcessing(d);
      if (!r) return fail("--" + r.error().field + ": " + r.error().message);
      j = storage::ToJson(*r);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "batch vs stream\n";
      Row(out, "batch job", units::FormatDuration(r->batch_job_s) + (r->batch_keeps_up ? "" : "  FALLS BEHIND"));
      Row(out, "batch latency mean/worst", units::FormatDuration(r->batch_latency_mean_s) + " / " +
                                               units::FormatDuration(r->batch_latency_worst_s));
      Row(out, "stream utilisation", units::FormatPercent(r->stream_utilization, 3) +
                                         (r->stream_keeps_up ? "" : "  FALLS BEHIND"));
      Row(out, "stream latency mean/worst", units::FormatDuration(r->stream_latency_mean_s) + " / " +
                                                units::FormatDuration(r->stream_latency_worst_s));
      Row(out, "recommendation", r->recommendation);
      PrintFormulas(out, j);
      return;
    }
    if (a->mode == "polyglot") {
      if (a->blueprint.empty()) return fail("--blueprint: polyglot needs a blueprint file");
      std::string text, error;
      const LoadLimits limits;
      if (!ReadTextFile(a->blueprint, limits.max_bytes, text, error)) return fail("--blueprint: " + error);
      auto bp = LoadBlueprint(text, limits);
      if (!bp) {
        for (const auto& d : bp.error()) ctx.err << a->blueprint << ":" << d.ToString() << "\n";
        ctx.exit_code = kExitInput;
        return;
      }
      auto est = EstimateBlueprint(*bp);
      const storage::PolyglotPlan plan = storage::PlanPolyglot(*bp, est ? &*est : nullptr);
      j = storage::ToJson(plan);
      if (a->format == "json") return PrintJson(ctx.out, j);
      auto& out = ctx.out;
      out << "stores by access pattern\n";
      for (const auto& s : plan.stores)
        out << "  " << std::left << std::setw(18) << s.component << std::setw(16) << s.kind << s.pattern << "\n"
            << "  " << std::setw(34) << "" << "→ " << s.suggestion << "\n";
      for (const auto& n : plan.notes) out << "  - " << n << "\n";
      return;
    }
    fail("--mode: expected families, object, dfs, media, processing or polyglot (got '" + a->mode + "')");
  });
}

}  // namespace sdlab::cli
