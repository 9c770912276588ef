// `sdlab model cache`: one eviction policy simulated on a Zipf/uniform workload or a replayed trace;
// optionally Che / FIFO / top-C analytic figures, a hit-ratio curve over sizes, and a write strategy.
#include <fstream>
#include <iomanip>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "commands.h"
#include "sdlab/cache.h"
#include "sdlab/units.h"

namespace sdlab::cli {

namespace {

struct CacheArgs {
  std::string format;
  std::string policy = "lru";
  std::string workload = "zipf";
  std::uint64_t objects = 10000;
  double alpha = 0.9;
  std::uint64_t size = 1000;
  std::vector<std::uint64_t> sizes;
  std::uint64_t requests = 100000;
  std::uint64_t warmup = 0;
  std::uint64_t seed = 1;
  bool analytic = false;
  std::string trace;
  std::string trace_format;
  bool ignore_size = false;
  std::uint32_t ttl = 0;
  double scan_fraction = 0;
  std::uint32_t scan_length = 1000;
  double object_size = 1;
  double size_cv = 0;
  // write strategy
  std::string write_policy;
  std::string read_rps = "1000", write_rps = "100", value_size = "1000";
  std::string cache_latency = "0.5ms", db_read_latency = "5ms", db_write_latency = "10ms";
  std::string flush_interval = "1s", ttl_seconds;
  double cache_nodes = 1;
  std::uint64_t write_objects = 0;
  double write_alpha = 0.9;
  // server models
  std::string rate;
  cache::RedisDef redis;
  cache::MemcachedDef memcached;
  std::string lru_clock = "1s";
};

std::string Num(double v) { return units::FormatNumber(v, 4); }

void Row(std::ostream& out, const std::string& name, const std::string& value) {
  out << "  " << std::left << std::setw(22) << name << value << "\n";
}

// A rate ("1000", "5K/s", "10M/day") or a duration ("5ms", "2"), a bare number being per second / seconds.
std::optional<double> ReadRate(const std::string& flag, const std::string& text, std::string& error) {
  if (auto r = units::ParseRate(text)) return *r;
  if (auto c = units::ParseCount(text)) return *c;
  error = flag + ": '" + text + "' is not a rate (e.g. 1000, 5K/s, 10M/day)";
  return std::nullopt;
}
std::optional<double> ReadDuration(const std::string& flag, const std::string& text, std::string& error) {
  if (auto d = units::ParseDuration(text)) return *d;
  if (auto c = units::ParseCount(text)) return *c;
  error = flag + ": '" + text + "' is not a duration (e.g. 5ms, 1s)";
  return std::nullopt;
}
std::optional<double> ReadBytes(const std::string& flag, const std::string& text, std::string& error) {
  if (auto b = units::ParseBytes(text)) return *b;
  error = flag + ": '" + text + "' is not a size (e.g. 1000, 2KB)";
  return std::nullopt;
}

void PrintText(std::ostream& out, const cache::CacheModelReport& rep) {
  const cache::SimulationResult& r = rep.result;
  const std::string unit = r.capacity_in_bytes ? " bytes" : " objects";
  out << "cache model: " << r.policy << ", capacity " << r.capacity << unit << "\n";
  std::string source = rep.workload.source;
  if (source != "trace") source += " α=" + Num(rep.workload.alpha);
  if (rep.workload.scan_fraction > 0) source += ", scans " + units::FormatPercent(rep.workload.scan_fraction, 3);
  Row(out, "workload", source + ", " + std::to_string(rep.workload.objects) + " objects, " +
                           std::to_string(rep.workload.requests) + " requests" + (rep.workload.sizes ? ", sized" : ""));
  Row(out, "warmup", std::to_string(r.warmup) + " requests (not counted)");
  Row(out, "requests", std::to_string(r.requests));
  Row(out, "hits", std::to_string(r.hits));
  Row(out, "misses", std::to_string(r.misses));
  Row(out, "hit ratio", Num(r.hit_ratio));
  Row(out, "miss ratio", Num(r.miss_ratio));
  if (r.capacity_in_bytes) Row(out, "byte hit ratio", Num(r.byte_hit_ratio));
  Row(out, "evictions", std::to_string(r.evictions));
  if (r.expirations > 0) Row(out, "expirations", std::to_string(r.expirations));
  if (rep.che) {
    out << "\nanalytic (IRM)\n";
    Row(out, "Che (LRU)", Num(rep.che->hit_ratio) + (rep.che->holds_all ? "  (everything fits)" : "  T = " + Num(rep.che->characteristic_time) + " requests"));
    Row(out, "FIFO/RANDOM approx", Num(rep.fifo_approx->hit_ratio) +
                                       (rep.fifo_approx->holds_all ? "" : "  T = " + Num(rep.fifo_approx->characteristic_time) + " requests"));
    Row(out, "top-C static", Num(rep.top_c->hit_ratio));
    out << "  " << rep.che->formula << "\n  " << rep.fifo_approx->formula << "\n  " << rep.top_c->formula << "\n";
  }
  if (!rep.curve.empty()) {
    out << "\nhit-ratio curve (" << rep.curve_method << ")\n";
    out << "  " << std::left << std::setw(14) << "size" << std::setw(12) << r.policy;
    for (const auto& a : rep.analytic_curves) out << std::setw(14) << a.name;
    out << "\n";
    for (std::size_t i = 0; i < rep.curve.size(); ++i) {
      out << "  " << std::left << std::setw(14) << rep.curve[i].size << std::setw(12) << Num(rep.curve[i].hit_ratio);
      for (const auto& a : rep.analytic_curves) out << std::setw(14) << Num(a.points[i].hit_ratio);
      out << "\n";
    }
  }
  if (rep.strategy) {
    const cache::StrategyEffect& e = *rep.strategy;
    out << "\nwrite strategy: " << cache::WriteStrategyName(e.strategy) << "\n";
    Row(out, "effective hit ratio", Num(e.effective_hit_ratio));
    Row(out, "backend reads", units::FormatRate(e.backend_read_rps));
    Row(out, "backend writes", units::FormatRate(e.backend_write_rps));
    Row(out, "reads, cache down", units::FormatRate(e.backend_read_rps_cache_down));
    Row(out, "read latency", units::FormatDuration(e.read_latency_s));
    Row(out, "write latency", units::FormatDuration(e.write_latency_s));
    Row(out, "staleness window", e.staleness_unbounded ? "unbounded (no TTL)" : (e.staleness_window_s == 0 ? "0 s" : units::FormatDuration(e.staleness_window_s)));
    Row(out, "data at risk", units::FormatBytes(e.data_at_risk_bytes));
    out << "  formulas\n";
    for (const auto& f : e.formulas) out << "    " << f.text << "\n";
    for (const auto& n : e.notes) out << "  - " << n << "\n";
  }
  if (rep.server) {
    const cache::ServerRegime& g = *rep.server;
    out << "\nserver model: " << g.engine << "\n";
    Row(out, "settings", g.settings);
    if (g.rate > 0) Row(out, "request rate", units::FormatRate(g.rate));
    if (g.turnover_s > 0) Row(out, "turnover", units::FormatDuration(g.turnover_s));
    out << "  " << g.formula << "\n  " << g.regime << "\n";
  }
  if (!rep.notes.empty()) {
    out << "\nnotes\n";
    for (const auto& n : rep.notes) out << "  - " << n << "\n";
  }
}

}  // namespace

void AddModelCacheCommand(CLI::App& model, Context& ctx) {
  auto a = std::make_shared<CacheArgs>();
  CLI::App* cmd = model.add_subcommand(
      "cache", "A cache: eviction policy on a Zipf workload or a trace; Che/FIFO analytics; write strategies");
  AddFormatOption(*cmd, a->format, {"text", "json"});
  std::string policies;
  for (const auto& p : cache::Policies()) policies += (policies.empty() ? "" : ", ") + std::string(p.name);
  cmd->add_option("--policy", a->policy, "Eviction policy: " + policies)->default_str("lru");
  cmd->add_option("--size", a->size, "Cache capacity: objects (bytes when object sizes are honoured)")->default_str("1000");
  cmd->add_option("--sizes", a->sizes, "Also a hit-ratio curve at these capacities, e.g. 10,100,1000")->delimiter(',');
  cmd->add_option("--workload", a->workload, "Synthetic popularity: zipf|uniform")
      ->check(CLI::IsMember({"zipf", "uniform"}))
      ->default_str("zipf");
  cmd->add_option("--objects", a->objects, "N: objects in the synthetic workload")->default_str("10000");
  cmd->add_option("--alpha", a->alpha, "Zipf exponent α (P(rank i) ∝ i^-α)")->default_str("0.9");
  cmd->add_option("--requests", a->requests, "Requests to generate")->default_str("100000");
  cmd->add_option("--warmup", a->warmup, "Requests replayed first and not counted")->default_str("0");
  cmd->add_option("--seed", a->seed, "Seed of the workload and of RANDOM eviction")->default_str("1");
  cmd->add_flag("--analytic", a->analytic, "Also Che's LRU approximation, the FIFO/RANDOM approximation and top-C");
  cmd->add_option("--scan-fraction", a->scan_fraction, "Share of requests in sequential scans of new objects")->default_str("0");
  cmd->add_option("--scan-length", a->scan_length, "Requests per scan burst")->default_str("1000");
  cmd->add_option("--object-size", a->object_size, "Mean object size in bytes (1 = unit sizes)")->default_str("1");
  cmd->add_option("--size-cv", a->size_cv, "Coefficient of variation of object sizes (lognormal)")->default_str("0");
  cmd->add_option("--ttl", a->ttl, "Expire objects this many ticks after admission (requests; trace time units)")->default_str("0");
  cmd->add_option("--trace", a->trace, "Replay a trace file instead of a synthetic workload");
  cmd->add_option("--trace-format", a->trace_format, "oracle-general|csv (default: csv for .csv/.txt, else oracle-general)")
      ->check(CLI::IsMember({"oracle-general", "csv"}));
  cmd->add_flag("--ignore-size", a->ignore_size, "Treat every traced object as size 1 (capacity in objects)");
  cmd->add_option("--write-policy", a->write_policy,
                  "Also evaluate a write strategy: cache-aside|read-through|write-through|write-back|write-around");
  cmd->add_option("--read-rps", a->read_rps, "Strategy: reads offered, e.g. 1000 or 5K/s")->default_str("1000");
  cmd->add_option("--write-rps", a->write_rps, "Strategy: writes offered")->default_str("100");
  cmd->add_option("--value-size", a->value_size, "Strategy: bytes per value, e.g. 1KB")->default_str("1000");
  cmd->add_option("--cache-latency", a->cache_latency, "Strategy: one cache round trip")->default_str("0.5ms");
  cmd->add_option("--db-read-latency", a->db_read_latency, "Strategy: one backend read")->default_str("5ms");
  cmd->add_option("--db-write-latency", a->db_write_latency, "Strategy: one backend write")->default_str("10ms");
  cmd->add_option("--flush-interval", a->flush_interval, "Strategy (write-back): flush period")->default_str("1s");
  cmd->add_option("--ttl-seconds", a->ttl_seconds, "Strategy: entry TTL in time units, e.g. 60s (default none)");
  cmd->add_option("--cache-nodes", a->cache_nodes, "Strategy: nodes the cache is spread over")->default_str("1");
  cmd->add_option("--write-objects", a->write_objects, "Strategy (write-back): keys writes spread over (0 = none repeat)")->default_str("0");
  cmd->add_option("--write-alpha", a->write_alpha, "Strategy (write-back): Zipf α of writes")->default_str("0.9");
  cmd->add_option("--rate", a->rate,
                  "Requests per second, the clock of the server models (redis-*, memcached), e.g. 100K/s; with "
                  "--trace it replaces the trace's timestamps");
  cmd->add_option("--samples", a->redis.samples, "Redis maxmemory-samples: keys sampled per eviction")->default_str("5");
  cmd->add_option("--lru-clock", a->lru_clock,
                  "Redis LRU clock resolution (1s in Redis; finer only to compare with an ideal clock)")
      ->default_str("1s");
  cmd->add_option("--lfu-log-factor", a->redis.lfu_log_factor, "Redis lfu-log-factor")->default_str("10");
  cmd->add_option("--lfu-decay-time", a->redis.lfu_decay_time_min, "Redis lfu-decay-time, minutes (0 = no decay)")
      ->default_str("1");
  cmd->add_option("--volatile-fraction", a->redis.volatile_fraction,
                  "redis-volatile-*: share of keys that carry an expire (only they are evicted)")
      ->default_str("1");
  cmd->add_option("--hot-lru-pct", a->memcached.hot_lru_pct, "memcached hot_lru_pct")->default_str("20");
  cmd->add_option("--warm-lru-pct", a->memcached.warm_lru_pct, "memcached warm_lru_pct")->default_str("40");
  cmd->add_option("--hot-max-factor", a->memcached.hot_max_factor, "memcached hot_max_factor")->default_str("0.2");
  cmd->add_option("--warm-max-factor", a->memcached.warm_max_factor, "memcached warm_max_factor")->default_str("2.0");

  cmd->callback([a, &ctx] {
    auto fail = [&ctx](const std::string& msg) {
      ctx.err << "sdlab model cache: " << msg << "\n";
      ctx.exit_code = kExitInput;
    };
    if (cache::FindPolicy(a->policy) == nullptr) return fail(cache::MakePolicy(cache::PolicyDef{a->policy, 1}).error().message);
    if (a->objects > cache::kMaxObjects) return fail("--objects must be at most " + std::to_string(cache::kMaxObjects));

    cache::CacheModelDef def;
    def.policy.name = a->policy;
    def.policy.capacity = a->size;
    def.policy.seed = a->seed;
    def.policy.ttl = a->ttl;
    def.workload.popularity = a->workload == "uniform" ? cache::PopularityKind::Uniform : cache::PopularityKind::Zipf;
    def.workload.objects = static_cast<std::uint32_t>(a->objects);
    def.workload.alpha = a->alpha;
    def.workload.requests = a->requests;
    def.workload.seed = a->seed;
    def.workload.scan_fraction = a->scan_fraction;
    def.workload.scan_length = a->scan_length;
    def.workload.object_size = a->object_size;
    def.workload.size_cv = a->size_cv;
    def.warmup = a->warmup;
    def.sizes = a->sizes;
    def.analytic = a->analytic;
    def.policy.redis = a->redis;
    def.policy.memcached = a->memcached;
    double rate = 0;
    if (!a->rate.empty()) {
      std::string error;
      const auto r = ReadRate("--rate", a->rate, error);
      if (!r) return fail(error);
      if (!(*r > 0 && *r <= 1e9)) return fail("--rate must be in (0, 1e9] requests/s");
      rate = *r;
    }
    def.workload.rate = rate;
    {
      std::string error;
      const auto res = ReadDuration("--lru-clock", a->lru_clock, error);
      if (!res) return fail(error);
      def.policy.redis.lru_clock_resolution_s = *res;
    }

    if (!a->write_policy.empty()) {
      auto s = cache::ParseWriteStrategy(a->write_policy);
      if (!s) return fail("--write-policy: " + s.error().message);
      cache::StrategyDef sd;
      sd.strategy = *s;
      std::string error;
      const auto r = ReadRate("--read-rps", a->read_rps, error);
      const auto w = ReadRate("--write-rps", a->write_rps, error);
      const auto v = ReadBytes("--value-size", a->value_size, error);
      const auto lc = ReadDuration("--cache-latency", a->cache_latency, error);
      const auto lr = ReadDuration("--db-read-latency", a->db_read_latency, error);
      const auto lw = ReadDuration("--db-write-latency", a->db_write_latency, error);
      const auto f = ReadDuration("--flush-interval", a->flush_interval, error);
      std::optional<double> ttl = 0.0;
      if (!a->ttl_seconds.empty()) ttl = ReadDuration("--ttl-seconds", a->ttl_seconds, error);
      if (!(r && w && v && lc && lr && lw && f && ttl)) return fail(error);
      sd.read_rps = *r;
      sd.write_rps = *w;
      sd.value_bytes = *v;
      sd.cache_latency_s = *lc;
      sd.backend_read_latency_s = *lr;
      sd.backend_write_latency_s = *lw;
      sd.flush_interval_s = *f;
      sd.ttl_s = *ttl;
      sd.cache_nodes = a->cache_nodes;
      sd.write_objects = static_cast<double>(a->write_objects);
      sd.write_alpha = a->write_alpha;
      def.strategy = sd;
    }

    std::optional<cache::Trace> trace;
    if (!a->trace.empty()) {
      cache::TraceReadOptions opt;
      std::string fmt = a->trace_format;
      if (fmt.empty()) {
        const auto dot = a->trace.rfind('.');
        const std::string ext = dot == std::string::npos ? "" : a->trace.substr(dot + 1);
        fmt = (ext == "csv" || ext == "txt") ? "csv" : "oracle-general";
      }
      opt.format = *cache::ParseTraceFormat(fmt);
      opt.ignore_size = a->ignore_size;
      std::ifstream in(a->trace, std::ios::binary);
      if (!in) return fail(a->trace + ": cannot open the file");
      auto t = cache::ReadTrace(in, opt);
      if (!t) return fail(a->trace + ": " + t.error().message);
      trace = std::move(*t);
      if (rate > 0) {
        trace->rate = rate;  // request i at i / rate seconds, instead of the trace's timestamps
        trace->times.clear();
      }
    }
    const cache::PolicyInfo* info = cache::FindPolicy(a->policy);
    if (info->needs_clock && (trace ? cache::TraceTicksPerSecond(*trace) : rate) <= 0) {
      return fail("--rate is required with --policy " + a->policy +
                  ": it models a real server whose eviction depends on time (requests per second)");
    }

    auto rep = cache::RunCacheModel(def, trace ? &*trace : nullptr);
    if (!rep) return fail(rep.error().message);
    if (a->format == "json") {
      PrintJson(ctx.out, cache::CacheModelToJson(*rep));
    } else {
      PrintText(ctx.out, *rep);
    }
  });
}

}  // namespace sdlab::cli
