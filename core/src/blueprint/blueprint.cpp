// LoadBlueprint: JSON text → validated Blueprint, or every problem found.
#include <algorithm>
#include <cmath>
#include <set>
#include <unordered_map>

#include "blueprint/json_source.h"
#include "blueprint/names.h"
#include "blueprint/object_reader.h"
#include "sdlab/blueprint.h"

namespace sdlab {

using nlohmann::json;
using detail::ObjectReader;

std::string Diagnostic::ToString() const {
  std::string s = std::to_string(location.line) + ":" + std::to_string(location.column);
  s += ": error[" + code + "]: " + (pointer.empty() ? std::string("/") : pointer) + ": " + message;
  return s;
}

const Component* Blueprint::FindComponent(std::string_view id) const {
  for (const auto& c : components)
    if (c.id == id) return &c;
  return nullptr;
}

const Zone* Blueprint::FindZone(std::string_view id) const {
  for (const auto& z : zones)
    if (z.id == id) return &z;
  return nullptr;
}

std::string_view BlueprintFormatVersion() { return "1"; }

namespace {

// Bounds that keep every later computation finite and meaningful.
constexpr double kMaxUsers = 1e11;        // > 10 × the world's population
constexpr double kMaxRate = 1e12;         // requests per second
constexpr double kMaxBytes = 1e18;        // 1 EB
constexpr double kMaxObjectBytes = 1e13;  // 10 TB per object
constexpr double kMaxDuration = 1000.0 * 365.0 * 86400.0;
constexpr long long kMaxReplicas = 100000;

bool ValidId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
  });
}

class Loader {
 public:
  Loader(const detail::PositionIndex& pos, std::vector<Diagnostic>& diags, const LoadLimits& limits)
      : sink_(pos, diags), limits_(limits) {}

  Blueprint Load(const json& root) {
    Blueprint bp;
    if (!root.is_object()) {
      sink_.AtValue("", "type", "a blueprint is a JSON object, got " + detail::JsonTypeName(root));
      return bp;
    }
    ObjectReader r(sink_, root, "", "the blueprint");
    r.Allow({"$schema", "$comment", "notes", "version"});
    bp.name = r.String("name").value_or("");
    bp.description = r.String("description").value_or("");
    if (const json* req = r.Object("requirements")) bp.requirements = ReadRequirements(*req, r.Child("requirements"));
    cal_ = units::CalendarFor(bp.requirements.month);
    if (const json* zs = r.Array("zones")) ReadZones(*zs, r.Child("zones"), bp);
    if (const json* cs = r.Array("components", true)) ReadComponents(*cs, r.Child("components"), bp);
    if (const json* ls = r.Array("links")) ReadLinks(*ls, r.Child("links"), bp);
    if (const json* fs = r.Array("flows")) ReadFlows(*fs, r.Child("flows"), bp);
    if (const json* ps = r.Object("policies")) ReadPolicies(*ps, r.Child("policies"), bp);
    if (const json* pr = r.Object("prices")) ReadPrices(*pr, r.Child("prices"), bp.prices);
    if (const json* ss = r.Array("suppress")) ReadSuppressions(*ss, r.Child("suppress"), bp);
    r.Finish();
    return bp;
  }

 private:
  Requirements ReadRequirements(const json& j, const std::string& ptr) {
    Requirements q;
    ObjectReader r(sink_, j, ptr, "requirements");
    r.Allow({"notes"});
    if (auto m = r.String("month")) {
      auto conv = units::ParseMonthConvention(*m);
      if (conv) q.month = *conv;
      else sink_.AtValue(r.Child("month"), "enum", conv.error().Message() + " (one of: 30d, primer, gregorian, 365d)");
    }
    cal_ = units::CalendarFor(q.month);
    if (auto v = r.Enum("consistency", detail::Consistencies())) q.consistency = *v;
    q.dau = r.Count("dau", 0, kMaxUsers);
    q.mau = r.Count("mau", 0, kMaxUsers);
    q.reads_per_s = r.Rate("reads", 0, kMaxRate, cal_);
    q.writes_per_s = r.Rate("writes", 0, kMaxRate, cal_);
    q.reads_per_user_per_s = r.Rate("reads_per_user", 0, 1e6, cal_);
    q.writes_per_user_per_s = r.Rate("writes_per_user", 0, 1e6, cal_);
    q.read_write_ratio = r.Number("read_write_ratio", 1e-6, 1e9);
    if (auto v = r.Bytes("object_size", 1, kMaxObjectBytes)) q.object_size_bytes = *v;
    q.read_size_bytes = r.Bytes("read_size", 0, kMaxObjectBytes);
    q.retention_s = r.Duration("retention", 86400.0, kMaxDuration, cal_);
    if (auto v = r.Fraction("growth_per_month")) q.growth_per_month = *v;
    if (auto v = r.Number("peak_factor", 1, 1000)) q.peak_factor = *v;
    if (auto v = r.Integer("replication_factor", 1, 100)) q.replication_factor = *v;
    if (auto v = r.Fraction("cache_hot_fraction")) q.cache_hot_fraction = *v;
    if (auto v = r.Fraction("target_utilization")) {
      if (*v <= 0) sink_.AtValue(r.Child("target_utilization"), "range", "target utilisation must be above 0");
      else q.target_utilization = *v;
    }
    q.budget_monthly = Dollars(r, j, "budget", true);
    if (const json* slo = r.Object("slo")) {
      ObjectReader s(sink_, *slo, r.Child("slo"), "slo");
      q.slo.availability = s.Fraction("availability");
      q.slo.latency_p50_s = s.Duration("latency_p50", 0, 3600, cal_);
      q.slo.latency_p95_s = s.Duration("latency_p95", 0, 3600, cal_);
      q.slo.latency_p99_s = s.Duration("latency_p99", 0, 3600, cal_);
      q.slo.rpo_s = s.Duration("rpo", 0, kMaxDuration, cal_);
      q.slo.rto_s = s.Duration("rto", 0, kMaxDuration, cal_);
      q.slo.durability = s.Fraction("durability");
      q.slo.window_s = s.Duration("window", 60, 10 * 366 * 86400.0, cal_);
      s.Finish();
    }
    // Consistency of the traffic description.
    const int totals = (q.reads_per_s ? 1 : 0) + (q.writes_per_s ? 1 : 0) + (q.read_write_ratio ? 1 : 0);
    if (totals == 3)
      sink_.AtValue(r.Child("read_write_ratio"), "range",
                    "give at most two of reads, writes and read_write_ratio (the third follows)");
    if ((q.reads_per_user_per_s || q.writes_per_user_per_s) && !q.dau && !j.contains("dau"))
      sink_.AtValue(ptr, "missing", "per-user traffic (reads_per_user / writes_per_user) needs 'dau'");
    if (q.reads_per_s && q.reads_per_user_per_s)
      sink_.AtValue(r.Child("reads_per_user"), "range", "give reads either as a total ('reads') or per user, not both");
    if (q.writes_per_s && q.writes_per_user_per_s)
      sink_.AtValue(r.Child("writes_per_user"), "range", "give writes either as a total ('writes') or per user, not both");
    if (q.dau && q.mau && *q.dau > *q.mau)
      sink_.AtValue(r.Child("dau"), "range", "daily active users exceed monthly active users");
    r.Finish();
    return q;
  }

  void ReadZones(const json& a, const std::string& ptr, Blueprint& bp) {
    std::set<std::string> seen;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a zone is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      ObjectReader r(sink_, a[i], p, "a zone");
      r.Allow({"notes"});
      Zone z;
      z.pointer = p;
      z.location = sink_.positions().Value(p);
      z.id = ReadId(r, "zone");
      if (auto k = r.Enum("kind", detail::ZoneKinds())) z.kind = *k;
      z.region = r.String("region").value_or("");
      r.Finish();
      if (!z.id.empty() && !seen.insert(z.id).second)
        sink_.AtValue(r.Child("id"), "duplicate_id", "zone id '" + z.id + "' is used twice");
      bp.zones.push_back(std::move(z));
    }
  }

  std::string ReadId(ObjectReader& r, const char* what) {
    auto id = r.String("id", true);
    if (!id) return "";
    if (!ValidId(*id)) {
      sink_.AtValue(r.Child("id"), "range",
                    std::string(what) + " id '" + id->substr(0, 80) +
                        "' must be 1 to 64 characters of A-Z a-z 0-9 _ - .");
      return "";
    }
    return *id;
  }

  void ReadComponents(const json& a, const std::string& ptr, Blueprint& bp) {
    if (a.size() > limits_.max_components) {
      sink_.AtValue(ptr, "limit", std::to_string(a.size()) + " components exceed the limit of " +
                                      std::to_string(limits_.max_components));
      return;
    }
    if (a.empty()) sink_.AtValue(ptr, "range", "a blueprint needs at least one component");
    std::unordered_map<std::string, std::string> seen;  // id → pointer of its first use
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a component is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      Component c = ReadComponent(a[i], p, bp);
      if (!c.id.empty()) {
        auto [it, fresh] = seen.emplace(c.id, p);
        if (!fresh)
          sink_.AtValue(p + "/id", "duplicate_id",
                        "component id '" + c.id + "' is already used at " + it->second);
      }
      bp.components.push_back(std::move(c));
    }
  }

  Component ReadComponent(const json& j, const std::string& p, const Blueprint& bp) {
    Component c;
    c.pointer = p;
    c.location = sink_.positions().Value(p);
    ObjectReader r(sink_, j, p, "a component");
    r.Allow({"notes"});
    c.id = ReadId(r, "component");
    auto kind = r.Enum("kind", detail::ComponentKinds());
    if (!kind && !j.contains("kind")) sink_.AtValue(p, "missing", "a component needs 'kind'");
    c.kind = kind.value_or(ComponentKind::Service);
    c.name = r.String("name").value_or(c.id);
    if (auto z = r.String("zone")) {
      c.zone = *z;
      if (!bp.FindZone(*z)) {
        std::vector<std::string> ids;
        for (const auto& zone : bp.zones) ids.push_back(zone.id);
        std::string msg = "zone '" + *z + "' is not defined in /zones";
        const std::string best = detail::Closest(*z, ids);
        if (!best.empty()) msg += "; did you mean '" + best + "'?";
        sink_.AtValue(r.Child("zone"), "reference", msg);
      }
    }
    if (auto v = r.Integer("replicas", 1, kMaxReplicas)) c.replicas = *v;
    c.capacity_rps = r.Rate("capacity", 1e-6, kMaxRate, cal_);
    c.latency_s = r.Duration("latency", 0, 3600, cal_);
    c.health_checks = r.Bool("health_checks").value_or(false);
    c.engine = r.String("engine").value_or("");
    // Compute size of one replica (the cost model; defaults per kind in sdlab/cost.h). A cache's
    // `memory` is read below with its other fields.
    c.vcpus = r.Number("vcpus", 0.125, 4096);
    if (c.kind != ComponentKind::Cache) c.memory_bytes = r.Bytes("memory", 1e6, 1e14);
    // "ui": {"x": .., "y": ..}: where the playground's canvas draws the component. Checked (numbers
    // within ±1e6 canvas units) but ignored by every model.
    if (const json* ui = r.Object("ui")) {
      ObjectReader u(sink_, *ui, r.Child("ui"), "ui");
      u.Number("x", -1e6, 1e6);
      u.Number("y", -1e6, 1e6);
      u.Finish();
    }
    if (const json* as = r.Object("autoscale")) {
      ObjectReader a(sink_, *as, r.Child("autoscale"), "autoscale");
      c.autoscale = true;
      c.min_replicas = a.Integer("min", 1, kMaxReplicas).value_or(c.replicas);
      c.max_replicas = a.Integer("max", 1, kMaxReplicas).value_or(c.replicas);
      if (c.max_replicas < c.min_replicas)
        sink_.AtValue(a.Child("max"), "range", "autoscale max is below min");
      a.Finish();
    }
    const std::string kind_note = " (kind " + std::string(ComponentKindName(c.kind)) + ")";
    switch (c.kind) {
      case ComponentKind::LoadBalancer:
        if (auto v = r.Enum("layer", detail::LbLayers())) c.layer = *v;
        if (auto v = r.Enum("strategy", detail::LbStrategies())) c.strategy = *v;
        break;
      case ComponentKind::Cdn:
      case ComponentKind::Dns:
        c.hit_ratio = r.Fraction("hit_ratio");
        c.ttl_s = r.Duration("ttl", 0, kMaxDuration, cal_);
        break;
      case ComponentKind::ApiGateway:
        ReadQueryPatterns(r, c);
        ReadRealtime(r, c);
        ReadConcurrency(r, c);
        break;
      case ComponentKind::Cache:
        c.memory_bytes = r.Bytes("memory", 1, kMaxBytes);
        c.policy = r.String("policy").value_or("lru");
        c.ttl_s = r.Duration("ttl", 0, kMaxDuration, cal_);
        if (auto v = r.Enum("strategy", detail::CacheStrategies())) c.cache_strategy = *v;
        c.hit_ratio = r.Fraction("hit_ratio");
        break;
      case ComponentKind::Database:
      case ComponentKind::Search:
        if (auto v = r.Enum("model", detail::DataModels())) c.data_model = *v;
        if (auto v = r.Enum("access", detail::DataAccesses())) c.access = *v;
        c.storage_bytes = r.Bytes("storage", 0, kMaxBytes);
        if (const json* rep = r.Object("replication")) c.replication = ReadReplication(*rep, r.Child("replication"), c);
        if (const json* sh = r.Object("sharding")) c.sharding = ReadSharding(*sh, r.Child("sharding"));
        c.encryption_at_rest = r.Bool("encryption_at_rest").value_or(false);
        c.indexes = r.StringArray("indexes");
        c.connection_pooling = r.Bool("connection_pooling").value_or(false);
        c.max_connections = r.Integer("max_connections", 1, 10000000);
        c.access_patterns = r.StringArray("access_patterns");
        break;
      case ComponentKind::Queue:
      case ComponentKind::Stream:
        if (auto v = r.Integer("partitions", 1, 100000)) c.partitions = *v;
        if (auto v = r.Enum("delivery", detail::Deliveries())) c.delivery = *v;
        c.dead_letter_queue = r.Bool("dead_letter_queue").value_or(false);
        c.idempotent_consumer = r.Bool("idempotent_consumer").value_or(false);
        c.encryption_at_rest = r.Bool("encryption_at_rest").value_or(false);
        break;
      case ComponentKind::ObjectStorage:
        c.tier = ReadTier(r, "tier").value_or("standard");
        c.storage_bytes = r.Bytes("storage", 0, kMaxBytes);
        c.encryption_at_rest = r.Bool("encryption_at_rest").value_or(false);
        if (auto v = r.Enum("access", detail::DataAccesses())) c.access = *v;
        if (const json* lc = r.Array("lifecycle")) c.lifecycle = ReadLifecycle(*lc, r.Child("lifecycle"), c.tier);
        break;
      case ComponentKind::Dfs:
        if (auto v = r.Integer("replication_factor", 1, 10)) c.dfs_replication = *v;
        c.block_size_bytes = r.Bytes("block_size", 1024, 1e11);
        c.storage_bytes = r.Bytes("storage", 0, kMaxBytes);
        if (auto v = r.Enum("access", detail::DataAccesses())) c.access = *v;
        c.encryption_at_rest = r.Bool("encryption_at_rest").value_or(false);
        break;
      case ComponentKind::Service:
      case ComponentKind::BatchProcessor:
      case ComponentKind::StreamProcessor:
        c.connection_pooling = r.Bool("connection_pooling").value_or(false);
        ReadQueryPatterns(r, c);
        if (c.kind == ComponentKind::Service) ReadRealtime(r, c);
        ReadConcurrency(r, c);
        c.db_pool_size = r.Integer("db_pool_size", 1, 100000);
        break;
      case ComponentKind::Client:
        break;
    }
    if (c.autoscale && (c.replicas < c.min_replicas || c.replicas > c.max_replicas))
      sink_.AtValue(r.Child("replicas"), "range", "replicas lie outside the autoscale min..max");
    r.Finish(kind_note);
    return c;
  }

  /// Object storage tier: "standard", "infrequent" or "archive".
  std::optional<std::string> ReadTier(ObjectReader& r, std::string_view key) {
    auto t = r.String(key);
    if (!t) return std::nullopt;
    static const std::vector<std::string> kTiers{"standard", "infrequent", "archive"};
    if (std::find(kTiers.begin(), kTiers.end(), *t) != kTiers.end()) return t;
    std::string msg = "'" + *t + "' is not a storage tier (one of: standard, infrequent, archive)";
    const std::string best = detail::Closest(*t, kTiers);
    if (!best.empty()) msg += "; did you mean '" + best + "'?";
    sink_.AtValue(r.Child(key), "enum", msg);
    return std::nullopt;
  }

  /// [{"after": "30d", "tier": "infrequent"}, {"after": "90d", "tier": "archive"}]: ages strictly
  /// increasing, tiers colder than the one before (standard → infrequent → archive).
  std::vector<LifecycleTransition> ReadLifecycle(const json& a, const std::string& ptr, const std::string& first_tier) {
    std::vector<LifecycleTransition> out;
    auto rank = [](const std::string& t) { return t == "archive" ? 2 : t == "infrequent" ? 1 : 0; };
    int last_rank = rank(first_tier);
    double last_after = 0;
    if (a.size() > 8) {
      sink_.AtValue(ptr, "limit", std::to_string(a.size()) + " lifecycle rules exceed the limit of 8");
      return out;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a lifecycle rule is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      ObjectReader r(sink_, a[i], p, "a lifecycle rule");
      LifecycleTransition t;
      t.pointer = p;
      auto after = r.Duration("after", 86400.0, kMaxDuration, cal_);
      if (!after && !a[i].contains("after")) sink_.AtValue(p, "missing", "a lifecycle rule needs 'after' (e.g. \"30d\")");
      auto tier = ReadTier(r, "tier");
      if (!tier && !a[i].contains("tier")) sink_.AtValue(p, "missing", "a lifecycle rule needs 'tier'");
      r.Finish();
      if (!after || !tier) continue;
      if (*after <= last_after)
        sink_.AtValue(r.Child("after"), "range", "lifecycle ages must increase: " + units::FormatDuration(*after) +
                                                     " is not after " + units::FormatDuration(last_after));
      if (rank(*tier) <= last_rank)
        sink_.AtValue(r.Child("tier"), "range", "a lifecycle rule moves data to a colder tier: '" + *tier +
                                                    "' is not colder than the tier before it");
      last_after = std::max(last_after, *after);
      last_rank = std::max(last_rank, rank(*tier));
      t.after_s = *after;
      t.tier = *tier;
      out.push_back(std::move(t));
    }
    return out;
  }

  /// US dollars: a number, or a string "$5000", "5K", "$1.2M/month" ("/month", "/mo" or " per month"
  /// only where the value is per month). Range 0 … 10^12.
  std::optional<double> Dollars(ObjectReader& r, const json& obj, const char* key, bool per_month) {
    if (!r.Has(key)) return std::nullopt;
    r.Allow({key});
    const json& v = obj.at(key);
    const std::string p = r.Child(key);
    double value = 0;
    if (v.is_number()) {
      value = v.get<double>();
    } else if (v.is_string()) {
      std::string t = v.get<std::string>();
      auto trim = [](std::string& x) {
        while (!x.empty() && x.front() == ' ') x.erase(x.begin());
        while (!x.empty() && x.back() == ' ') x.pop_back();
      };
      trim(t);
      if (!t.empty() && t.front() == '$') t.erase(t.begin());
      for (const char* suffix : {"/month", "/mo", " per month", "USD", "usd"}) {
        const std::string sfx(suffix);
        if (t.size() > sfx.size() && t.compare(t.size() - sfx.size(), sfx.size(), sfx) == 0) {
          const bool monthly = sfx[0] == '/' || sfx[0] == ' ';
          if (monthly && !per_month) {
            sink_.AtValue(p, "unit", "'" + v.get<std::string>() + "': a price here has no period (US dollars)");
            return std::nullopt;
          }
          t.resize(t.size() - sfx.size());
          trim(t);
        }
      }
      auto c = units::ParseCount(t);
      if (!c) {
        sink_.AtValue(p, "unit", "'" + v.get<std::string>() + "' is not an amount of US dollars (e.g. 5000, \"$5K\"" +
                                     std::string(per_month ? ", \"$5K/month\")" : ")"));
        return std::nullopt;
      }
      value = *c;
    } else {
      sink_.AtValue(p, "type", std::string("expected US dollars (a number or a string like \"$5K\"), got ") +
                                   detail::JsonTypeName(v));
      return std::nullopt;
    }
    if (!std::isfinite(value) || value < 0 || value > 1e12) {
      sink_.AtValue(p, "range", "an amount of US dollars must lie in 0 … 1e12");
      return std::nullopt;
    }
    return value;
  }

  void ReadPrices(const json& j, const std::string& ptr, PriceOverrides& o) {
    ObjectReader r(sink_, j, ptr, "prices");
    r.Allow({"notes"});
    o.vcpu_hour = Dollars(r, j, "vcpu_hour", false);
    o.memory_gb_hour = Dollars(r, j, "memory_gb_hour", false);
    o.block_gb_month = Dollars(r, j, "block_gb_month", false);
    o.standard_gb_month = Dollars(r, j, "standard_gb_month", false);
    o.infrequent_gb_month = Dollars(r, j, "infrequent_gb_month", false);
    o.archive_gb_month = Dollars(r, j, "archive_gb_month", false);
    o.infrequent_retrieval_gb = Dollars(r, j, "infrequent_retrieval_gb", false);
    o.archive_retrieval_gb = Dollars(r, j, "archive_retrieval_gb", false);
    o.egress_gb = Dollars(r, j, "egress_gb", false);
    o.cdn_egress_gb = Dollars(r, j, "cdn_egress_gb", false);
    o.gateway_per_million = Dollars(r, j, "gateway_per_million", false);
    o.cdn_per_million = Dollars(r, j, "cdn_per_million", false);
    o.dns_per_million = Dollars(r, j, "dns_per_million", false);
    r.Finish();
  }

  // Link/flow vocabularies of the network models (sdlab/network.h, sdlab/serialization.h).
  static const detail::NameTable<std::string>& HttpVersions() {
    static const detail::NameTable<std::string> t{{"1.1", "1.1"}, {"2", "2"}, {"3", "3"}};
    return t;
  }
  static const detail::NameTable<std::string>& SerializationFormats() {
    static const detail::NameTable<std::string> t{
        {"json", "json"}, {"protobuf", "protobuf"}, {"avro", "avro"}, {"msgpack", "msgpack"}};
    return t;
  }

  /// "realtime": {"transport": "websocket", "subscribers": "100K", "updates_per_s": "1/s",
  /// "poll_interval": "5s"} on a service or gateway (sdlab/realtime.h).
  void ReadRealtime(ObjectReader& r, Component& c) {
    const json* rt = r.Object("realtime");
    if (!rt) return;
    ObjectReader q(sink_, *rt, r.Child("realtime"), "realtime");
    static const detail::NameTable<std::string> kTransports{
        {"polling", "polling"}, {"long_polling", "long_polling"}, {"sse", "sse"}, {"websocket", "websocket"}};
    RealtimeSpec spec;
    if (auto v = q.Enum("transport", kTransports)) spec.transport = *v;
    else if (!rt->contains("transport")) sink_.AtValue(r.Child("realtime"), "missing", "realtime needs 'transport'");
    spec.subscribers = q.Count("subscribers", 0, 1e10).value_or(0);
    spec.updates_per_s = q.Rate("updates_per_s", 0, 1e6, cal_);
    spec.poll_interval_s = q.Duration("poll_interval", 0.001, 86400, cal_);
    q.Finish();
    c.realtime = spec;
  }

  /// Compute tiers: concurrency_model, threads, cores, blocking_time (sdlab/concurrency.h).
  void ReadConcurrency(ObjectReader& r, Component& c) {
    if (auto m = r.String("concurrency_model")) {
      static const std::vector<std::string> known{"thread_per_request", "thread_pool", "event_loop"};
      if (std::find(known.begin(), known.end(), *m) != known.end()) {
        c.concurrency_model = *m;
      } else {
        std::string msg = "'" + *m + "' is not a concurrency model (one of: thread_per_request, thread_pool, event_loop)";
        const std::string best = detail::Closest(*m, known);
        if (!best.empty()) msg += "; did you mean '" + best + "'?";
        sink_.AtValue(r.Child("concurrency_model"), "enum", msg);
      }
    }
    c.threads = r.Integer("threads", 1, 1000000);
    c.cores = r.Integer("cores", 1, 100000);
    c.blocking_time_s = r.Duration("blocking_time", 0, 3600, cal_);
  }

  void ReadQueryPatterns(ObjectReader& r, Component& c) {
    c.query_patterns = r.StringArray("query_patterns");
    const auto& known = detail::QueryPatterns();
    for (std::size_t i = 0; i < c.query_patterns.size(); ++i) {
      const std::string& q = c.query_patterns[i];
      if (std::find(known.begin(), known.end(), q) != known.end()) continue;
      std::string msg = "'" + q + "' is not a query pattern (one of: n_plus_one, unbounded_scan, batched, paginated)";
      const std::string best = detail::Closest(q, known);
      if (!best.empty()) msg += "; did you mean '" + best + "'?";
      sink_.AtValue(r.Child("query_patterns") + "/" + std::to_string(i), "enum", msg);
    }
  }

  ReplicationSpec ReadReplication(const json& j, const std::string& p, const Component& c) {
    ReplicationSpec s;
    ObjectReader r(sink_, j, p, "replication");
    if (auto v = r.Enum("mode", detail::ReplicationModes())) s.mode = *v;
    if (auto v = r.Enum("sync", detail::ReplicationSyncs())) s.sync = *v;
    if (auto v = r.Integer("followers", 0, 1000)) s.followers = *v;
    s.read_from_replicas = r.Bool("read_from_replicas").value_or(false);
    s.lag_s = r.Duration("lag", 0, 86400, cal_);
    s.failover_s = r.Duration("failover", 0, 86400, cal_);
    if (auto v = r.Integer("n", 1, 100)) s.n = *v;
    if (auto v = r.Integer("r", 1, 100)) s.r = *v;
    if (auto v = r.Integer("w", 1, 100)) s.w = *v;
    if (s.mode == ReplicationMode::Leaderless) {
      if (s.n == 0) sink_.AtValue(p, "missing", "leaderless replication needs 'n' (and 'r', 'w')");
      if (s.r > s.n) sink_.AtValue(r.Child("r"), "range", "r = " + std::to_string(s.r) + " exceeds n = " + std::to_string(s.n));
      if (s.w > s.n) sink_.AtValue(r.Child("w"), "range", "w = " + std::to_string(s.w) + " exceeds n = " + std::to_string(s.n));
      if (s.r == 0) s.r = s.n / 2 + 1;
      if (s.w == 0) s.w = s.n / 2 + 1;
    }
    (void)c;
    r.Finish();
    return s;
  }

  ShardingSpec ReadSharding(const json& j, const std::string& p) {
    ShardingSpec s;
    ObjectReader r(sink_, j, p, "sharding");
    if (auto v = r.Enum("scheme", detail::ShardSchemes())) s.scheme = *v;
    if (auto v = r.Integer("shards", 1, 100000)) s.shards = *v;
    s.key = r.String("key").value_or("");
    s.key_monotonic = r.Bool("key_monotonic").value_or(false);
    if (auto v = r.Integer("vnodes", 1, 10000)) s.vnodes = *v;
    s.vertical = r.Bool("vertical").value_or(false);
    r.Finish();
    return s;
  }

  void ReadLinks(const json& a, const std::string& ptr, Blueprint& bp) {
    if (a.size() > limits_.max_links) {
      sink_.AtValue(ptr, "limit",
                    std::to_string(a.size()) + " links exceed the limit of " + std::to_string(limits_.max_links));
      return;
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a link is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      ObjectReader r(sink_, a[i], p, "a link");
      r.Allow({"notes"});
      Link l;
      l.pointer = p;
      l.location = sink_.positions().Value(p);
      l.from = r.String("from", true).value_or("");
      l.to = r.String("to", true).value_or("");
      if (auto v = r.Enum("protocol", detail::Protocols())) l.protocol = *v;
      if (auto v = r.Enum("tls", detail::TlsModes())) l.tls = *v;
      if (auto v = r.Enum("auth", detail::AuthMethods())) l.auth = *v;
      l.latency_s = r.Duration("latency", 0, 60, cal_);
      l.timeout_s = r.Duration("timeout", 0, 3600, cal_);
      if (auto v = r.Integer("retries", 0, 20)) l.retries = *v;
      if (auto v = r.Enum("http_version", HttpVersions())) l.http_version = *v;
      if (auto v = r.Enum("serialization", SerializationFormats())) l.serialization = *v;
      l.connection_reuse = r.Bool("connection_reuse");
      r.Finish();
      CheckRef(bp, l.from, r.Child("from"));
      CheckRef(bp, l.to, r.Child("to"));
      if (!l.from.empty() && l.from == l.to)
        sink_.AtValue(r.Child("to"), "range", "a link from '" + l.from + "' to itself");
      if (!l.from.empty() && !l.to.empty() && !seen.emplace(l.from, l.to).second)
        sink_.AtValue(p, "duplicate_id", "a second link from '" + l.from + "' to '" + l.to + "'");
      bp.links.push_back(std::move(l));
    }
  }

  bool CheckRef(const Blueprint& bp, const std::string& id, const std::string& p) {
    if (id.empty()) return false;
    if (bp.FindComponent(id)) return true;
    std::vector<std::string> ids;
    for (const auto& c : bp.components) ids.push_back(c.id);
    std::string msg = "no component has id '" + id + "'";
    const std::string best = detail::Closest(id, ids);
    if (!best.empty()) msg += "; did you mean '" + best + "'?";
    sink_.AtValue(p, "reference", msg);
    return false;
  }

  void ReadFlows(const json& a, const std::string& ptr, Blueprint& bp) {
    if (a.size() > limits_.max_flows) {
      sink_.AtValue(ptr, "limit",
                    std::to_string(a.size()) + " flows exceed the limit of " + std::to_string(limits_.max_flows));
      return;
    }
    std::set<std::string> ids;
    double share_sum[2] = {0, 0};
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a flow is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      ObjectReader r(sink_, a[i], p, "a flow");
      r.Allow({"notes"});
      Flow f;
      f.pointer = p;
      f.location = sink_.positions().Value(p);
      f.id = ReadId(r, "flow");
      if (auto v = r.Enum("kind", detail::FlowKinds())) f.kind = *v;
      if (auto v = r.Fraction("share")) f.share = *v;
      f.async = r.Bool("async").value_or(false);
      if (auto v = r.Integer("fan_out", 1, 100000)) f.fan_out = *v;
      if (auto v = r.Enum("serialization", SerializationFormats())) f.serialization = *v;
      const json* path = r.Array("path", true);
      if (path) {
        if (path->size() > limits_.max_path_length) {
          sink_.AtValue(r.Child("path"), "limit",
                        "a path of " + std::to_string(path->size()) + " steps exceeds the limit of " +
                            std::to_string(limits_.max_path_length));
        } else {
          f.path = r.StringArray("path");
          if (f.path.empty()) sink_.AtValue(r.Child("path"), "range", "a flow path needs at least one component");
        }
      }
      r.Finish();
      if (!f.id.empty() && !ids.insert(f.id).second)
        sink_.AtValue(r.Child("id"), "duplicate_id", "flow id '" + f.id + "' is used twice");
      // Every step names a component, and consecutive steps are linked (caller → callee).
      std::set<std::string> on_path;
      for (std::size_t s = 0; s < f.path.size(); ++s) {
        const std::string sp = r.Child("path") + "/" + std::to_string(s);
        if (!CheckRef(bp, f.path[s], sp)) continue;
        if (!on_path.insert(f.path[s]).second)
          sink_.AtValue(sp, "range", "the flow visits '" + f.path[s] + "' twice (a cycle)");
        if (s > 0 && !bp.links.empty() && bp.FindComponent(f.path[s - 1])) {
          const bool linked = std::any_of(bp.links.begin(), bp.links.end(), [&](const Link& l) {
            return l.from == f.path[s - 1] && l.to == f.path[s];
          });
          if (!linked)
            sink_.AtValue(sp, "reference",
                          "no link from '" + f.path[s - 1] + "' to '" + f.path[s] + "' for this step of the flow");
        }
      }
      // Shares of entry flows (those starting at a client) split the traffic; internal flows (a
      // step triggered by another flow, e.g. an async fan-out) give the fraction that triggers them.
      const Component* first = f.path.empty() ? nullptr : bp.FindComponent(f.path.front());
      if (first && first->kind == ComponentKind::Client) share_sum[f.kind == FlowKind::Read ? 0 : 1] += f.share;
      bp.flows.push_back(std::move(f));
    }
    for (int k = 0; k < 2; ++k)
      if (share_sum[k] > 1.0 + 1e-9)
        sink_.AtValue(ptr, "range",
                      std::string("the shares of the ") + (k == 0 ? "read" : "write") + " flows from clients add up to " +
                          units::FormatPercent(share_sum[k]) + ", above 100%");
  }

  void ReadPolicies(const json& j, const std::string& ptr, Blueprint& bp) {
    ObjectReader r(sink_, j, ptr, "policies");
    if (const json* s = r.Object("security")) {
      ObjectReader q(sink_, *s, r.Child("security"), "the security policy");
      SecurityPolicy& sp = bp.security;
      if (auto v = q.String("authz")) {
        static const std::vector<std::string> kAuthz{"rbac", "abac", "dac", "mac", "none"};
        if (std::find(kAuthz.begin(), kAuthz.end(), *v) == kAuthz.end()) {
          std::string msg = "'" + *v + "' is not an authorisation model (one of: rbac, abac, dac, mac, none)";
          const std::string best = detail::Closest(*v, kAuthz);
          if (!best.empty()) msg += "; did you mean '" + best + "'?";
          sink_.AtValue(q.Child("authz"), "enum", msg);
        } else {
          sp.authz = *v == "none" ? "" : *v;
        }
      }
      sp.rate_limit_per_s = q.Rate("rate_limit", 0, kMaxRate, cal_);
      sp.waf = q.Bool("waf").value_or(false);
      sp.ip_filtering = q.Bool("ip_filtering").value_or(false);
      sp.zero_trust = q.Bool("zero_trust").value_or(false);
      sp.secrets = q.String("secrets").value_or("");
      sp.password_hashing = q.String("password_hashing").value_or("");
      sp.cors = q.String("cors").value_or("");
      sp.token_expiry_s = q.Duration("token_expiry", 0, kMaxDuration, cal_);
      sp.cert_rotation_s = q.Duration("cert_rotation", 0, kMaxDuration, cal_);
      sp.monitoring = q.Bool("monitoring").value_or(false);
      q.Finish();
    }
    if (const json* b = r.Object("backup")) {
      ObjectReader q(sink_, *b, r.Child("backup"), "the backup policy");
      BackupPolicy& bk = bp.backup;
      if (auto v = q.Enum("type", detail::BackupTypes())) bk.type = *v;
      bk.interval_s = q.Duration("interval", 60, kMaxDuration, cal_);
      if (auto v = q.Integer("copies", 0, 100)) bk.copies = *v;
      if (auto v = q.Integer("media", 0, 100)) bk.media = *v;
      bk.offsite = q.Bool("offsite").value_or(false);
      bk.encrypted = q.Bool("encrypted").value_or(false);
      if (auto v = q.Enum("dr_tier", detail::DrTiers())) bk.dr_tier = *v;
      q.Finish();
    }
    r.Finish();
  }

  void ReadSuppressions(const json& a, const std::string& ptr, Blueprint& bp) {
    for (std::size_t i = 0; i < a.size(); ++i) {
      const std::string p = ptr + "/" + std::to_string(i);
      if (!a[i].is_object()) {
        sink_.AtValue(p, "type", "a suppression is an object, got " + detail::JsonTypeName(a[i]));
        continue;
      }
      ObjectReader r(sink_, a[i], p, "a suppression");
      Suppression s;
      s.pointer = p;
      s.rule = r.String("rule", true).value_or("");
      s.component = r.String("component").value_or("");
      if (!s.component.empty()) CheckRef(bp, s.component, r.Child("component"));
      s.reason = r.String("reason", true).value_or("");
      if (s.reason.empty() && a[i].contains("reason"))
        sink_.AtValue(r.Child("reason"), "range", "a suppression needs a non-empty reason");
      r.Finish();
      bp.suppressions.push_back(std::move(s));
    }
  }

  detail::DiagnosticSink sink_;
  LoadLimits limits_;
  units::Calendar cal_;
};

}  // namespace

Expected<Blueprint, std::vector<Diagnostic>> LoadBlueprint(std::string_view text, const LoadLimits& limits) {
  std::vector<Diagnostic> diags;
  if (text.size() > limits.max_bytes) {
    diags.push_back(Diagnostic{"", SourceLocation{1, 1}, "limit",
                               "the blueprint is " + std::to_string(text.size()) + " bytes; the limit is " +
                                   std::to_string(limits.max_bytes)});
    return Unexpected{std::move(diags)};
  }
  detail::JsonSourceLimits jl;
  jl.max_depth = limits.max_depth;
  jl.max_string_length = limits.max_string_length;
  detail::ParsedJson parsed = detail::ParseJsonWithPositions(text, jl);
  diags = parsed.problems;
  if (!parsed.ok) return Unexpected{std::move(diags)};
  Loader loader(parsed.positions, diags, limits);
  Blueprint bp = loader.Load(parsed.value);
  if (!diags.empty()) {
    std::stable_sort(diags.begin(), diags.end(), [](const Diagnostic& a, const Diagnostic& b) {
      if (a.location.line != b.location.line) return a.location.line < b.location.line;
      return a.location.column < b.location.column;
    });
    return Unexpected{std::move(diags)};
  }
  return bp;
}

}  // namespace sdlab
