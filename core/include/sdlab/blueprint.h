// sdlab/blueprint.h — the typed design: requirements, components, links, flows, zones, policies.
//
// A blueprint is read from JSON (comments allowed: // and /* */) and validated in one step by
// LoadBlueprint(). Validation reports every problem it finds, each with the JSON pointer of the
// offending value and its line:col in the text (1-based). Kinds of problem (Diagnostic::code):
//   syntax        the text is not JSON (line:col of the first bad character)
//   type          a value of the wrong JSON type ("replicas": "three")
//   unknown_field a key the format does not have, with a "did you mean" suggestion
//   missing       a required key is absent
//   unit          a quantity that does not parse ("12 parsecs")
//   enum          a value outside its set ("kind": "databse"), with a suggestion
//   reference     a link, flow or zone naming an id that does not exist
//   duplicate_id  two components (or zones, or flows) with the same id; duplicate keys in an object
//   range         an impossible value (negative latency, 0 replicas, 1e308 users)
//   limit         the input exceeds a stated limit (file size, nesting depth, element counts)
//
// Units: durations are seconds, sizes are bytes, rates are per second, fractions are 0..1.
// The format is described for editors by schema/blueprint.schema.json (JSON Schema 2020-12).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sdlab/expected.h"
#include "sdlab/units.h"

namespace sdlab {

/// 1-based line and column of a value in the blueprint text; 0 means unknown.
struct SourceLocation {
  int line = 0;
  int column = 0;
};

struct Diagnostic {
  std::string pointer;  ///< RFC 6901 JSON pointer ("" is the document root)
  SourceLocation location;
  std::string code;     ///< one of the kinds listed at the top of this file
  std::string message;  ///< what is wrong, in words
  /// "14:19: error[type]: /components/2/replicas: expected an integer, got a string"
  std::string ToString() const;
};

// [SECTION] Requirements -------------------------------------------------------------------------

struct Slo {
  std::optional<double> availability;  ///< fraction, e.g. 0.9995
  std::optional<double> latency_p50_s;
  std::optional<double> latency_p95_s;
  std::optional<double> latency_p99_s;
  std::optional<double> rpo_s;
  std::optional<double> rto_s;
  std::optional<double> durability;  ///< fraction of objects kept per year, e.g. 0.99999999999
  std::optional<double> window_s;    ///< error-budget window of the SLO, e.g. 30 d (sdlab/slo.h)
};

/// The consistency the design promises its readers ("" in JSON = not stated).
enum class Consistency { Unstated, Eventual, ReadYourWrites, Strong };
std::string_view ConsistencyName(Consistency c);

/// What the design must carry. Traffic can be given per user (with DAU) or as totals; a read:write
/// ratio can stand in for one of reads and writes.
struct Requirements {
  std::optional<double> dau;                    ///< daily active users
  std::optional<double> mau;                    ///< monthly active users
  std::optional<double> reads_per_s;            ///< total reads (average), if given as a total
  std::optional<double> writes_per_s;           ///< total writes (average), if given as a total
  std::optional<double> reads_per_user_per_s;   ///< per DAU, if given per user
  std::optional<double> writes_per_user_per_s;  ///< per DAU, if given per user
  std::optional<double> read_write_ratio;       ///< reads per write
  double object_size_bytes = 1000;              ///< size of one written object
  std::optional<double> read_size_bytes;        ///< bytes returned per read (default: object size)
  std::optional<double> retention_s;            ///< how long data is kept (default: 5 years)
  double growth_per_month = 0;                  ///< fractional traffic growth per month (0.05 = 5%)
  double peak_factor = 2;                       ///< peak / average traffic
  int replication_factor = 3;                   ///< stored copies of every object
  double cache_hot_fraction = 0.2;              ///< share of a day's read bytes kept in cache (80/20)
  double target_utilization = 0.7;              ///< plan servers to run at most this busy at peak
  units::MonthConvention month = units::MonthConvention::Days30;
  Consistency consistency = Consistency::Unstated;  ///< "strong", "read_your_writes", "eventual"
  Slo slo;
  std::optional<double> budget_monthly;         ///< what the design may cost, US dollars per month
};

// [SECTION] Components ----------------------------------------------------------------------------

enum class ComponentKind {
  Client, Dns, Cdn, LoadBalancer, ApiGateway, Service, Cache, Database, Queue, Stream,
  ObjectStorage, Dfs, Search, BatchProcessor, StreamProcessor
};
std::string_view ComponentKindName(ComponentKind k);  ///< "load_balancer", ...

enum class LbLayer { L4, L7 };
enum class LbStrategy {
  RoundRobin, WeightedRoundRobin, LeastConnections, IpHash, LeastResponseTime, PowerOfTwoChoices, Random
};
std::string_view LbStrategyName(LbStrategy s);

enum class DataModel { Relational, Document, KeyValue, Columnar, Graph, WideColumn, TimeSeries };
std::string_view DataModelName(DataModel m);

enum class ReplicationMode { None, LeaderFollower, MultiLeader, Leaderless };
enum class ReplicationSync { Sync, SemiSync, Async };

struct ReplicationSpec {
  ReplicationMode mode = ReplicationMode::None;
  ReplicationSync sync = ReplicationSync::Async;
  int followers = 0;               ///< leader-follower: followers per leader
  bool read_from_replicas = false; ///< reads may go to followers
  std::optional<double> lag_s;     ///< typical async lag
  int n = 0, r = 0, w = 0;         ///< leaderless quorum; 0 = not set
  std::optional<double> failover_s;  ///< detection + election time
};

enum class ShardScheme { None, Hash, Range, ConsistentHash, Jump, Rendezvous, Maglev, BoundedLoad, Geo, Directory };
std::string_view ShardSchemeName(ShardScheme s);

struct ShardingSpec {
  ShardScheme scheme = ShardScheme::None;
  int shards = 1;
  std::string key;                  ///< shard key, e.g. "user_id"
  bool key_monotonic = false;       ///< the key grows with time (ids, timestamps)
  int vnodes = 0;                   ///< consistent hash: virtual nodes per shard
  bool vertical = false;            ///< split by table/feature rather than by row
};

enum class CacheStrategy { CacheAside, ReadThrough, WriteThrough, WriteBack, WriteAround };
std::string_view CacheStrategyName(CacheStrategy s);

enum class Delivery { AtMostOnce, AtLeastOnce, ExactlyOnce };
std::string_view DeliveryName(Delivery d);

/// How often a store's data is read: hot (constantly), warm (now and then), cold (rarely, e.g. audits).
enum class DataAccess { Unstated, Hot, Warm, Cold };
std::string_view DataAccessName(DataAccess a);  ///< "", "hot", "warm", "cold"

/// An object-storage lifecycle rule: objects older than `after` move to `tier`.
struct LifecycleTransition {
  double after_s = 0;        ///< age of an object, seconds (> 0)
  std::string tier;          ///< "infrequent" or "archive" (validated by the loader)
  std::string pointer;
};

/// How a service or gateway pushes updates to its clients: "realtime": {"transport": "websocket",
/// "subscribers": "100K", "updates_per_s": "1/s", "poll_interval": "5s"}. Updates are per subscriber.
struct RealtimeSpec {
  std::string transport;                  ///< "polling", "long_polling", "sse", "websocket"
  double subscribers = 0;                 ///< clients connected / following updates
  std::optional<double> updates_per_s;    ///< updates each subscriber receives per second
  std::optional<double> poll_interval_s;  ///< polling: time between polls
};

struct Component {
  std::string id;
  ComponentKind kind = ComponentKind::Service;
  std::string name;                     ///< display name (default: id)
  std::string zone;                     ///< zone id, "" if none
  std::string pointer;                  ///< JSON pointer of this component in the blueprint
  SourceLocation location;              ///< where it starts in the text
  int replicas = 1;                     ///< instances/nodes
  std::optional<double> capacity_rps;   ///< what one replica sustains, requests/s
  std::optional<double> latency_s;      ///< mean service time of one request at one replica
  std::optional<double> hit_ratio;      ///< cdn/cache: declared hit ratio (0..1)
  bool health_checks = false;
  std::optional<double> vcpus;          ///< compute size of one replica (cost); default per kind, see cost.h
  // `memory` is the compute memory of one replica for every kind (for a cache: its memory); memory_bytes.
  DataAccess access = DataAccess::Unstated;  ///< stores: how often their data is read
  bool autoscale = false;
  int min_replicas = 0, max_replicas = 0;
  // load balancer
  LbLayer layer = LbLayer::L7;
  LbStrategy strategy = LbStrategy::RoundRobin;
  // cache
  std::optional<double> memory_bytes;
  std::string policy;                   ///< eviction policy name ("lru", "lfu", ...)
  std::optional<double> ttl_s;
  CacheStrategy cache_strategy = CacheStrategy::CacheAside;
  std::string engine;                   ///< "redis", "memcached", "postgres", "kafka", ... (free text)
  // stores
  DataModel data_model = DataModel::Relational;
  std::optional<double> storage_bytes;  ///< provisioned storage per replica
  ReplicationSpec replication;
  ShardingSpec sharding;
  bool encryption_at_rest = false;
  std::vector<std::string> indexes;     ///< declared indexes (column or field names)
  bool connection_pooling = false;
  // queue / stream
  int partitions = 1;
  Delivery delivery = Delivery::AtLeastOnce;
  bool dead_letter_queue = false;
  bool idempotent_consumer = false;
  // object storage / dfs
  std::string tier;                     ///< "standard", "infrequent", "archive"
  std::vector<LifecycleTransition> lifecycle;  ///< object storage: tier moves by age, in order of age
  int dfs_replication = 3;
  std::optional<double> block_size_bytes;
  // services / processors / gateways: declared data-access patterns
  std::vector<std::string> query_patterns;  ///< "n_plus_one", "unbounded_scan", "batched", "paginated"
  // concurrency (services, gateways, processors; see sdlab/concurrency.h)
  std::string concurrency_model;        ///< "thread_per_request", "thread_pool", "event_loop"; "" = not stated
  std::optional<int> threads;           ///< worker pool size per replica
  std::optional<int> cores;             ///< CPU cores per replica
  std::optional<double> blocking_time_s;  ///< I/O wait per request on top of `latency` (thread held, CPU idle)
  std::optional<int> db_pool_size;      ///< services/processors: database connections per replica
  // databases / search (see sdlab/dbopt.h)
  std::optional<int> max_connections;   ///< the server's connection limit
  std::vector<std::string> access_patterns;  ///< fields queries filter or sort by (compared with indexes)
  // services / gateways that push updates to clients (see sdlab/realtime.h)
  std::optional<RealtimeSpec> realtime;
};

// [SECTION] Links, flows, zones, policies ----------------------------------------------------------

enum class Protocol { Tcp, Udp, Http, Https, Grpc, WebSocket, GraphQl, Amqp, Kafka, Sql };
std::string_view ProtocolName(Protocol p);
enum class TlsMode { None, Tls12, Tls13, Mtls };
std::string_view TlsModeName(TlsMode t);
enum class AuthMethod { None, Basic, ApiKey, Session, Jwt, OAuth2, Oidc, Mtls };
std::string_view AuthMethodName(AuthMethod a);

struct Link {
  std::string from, to;  ///< component ids
  Protocol protocol = Protocol::Http;
  TlsMode tls = TlsMode::None;
  AuthMethod auth = AuthMethod::None;
  std::optional<double> latency_s;  ///< one-way network latency, if known
  std::optional<double> timeout_s;  ///< the caller's timeout on this call, if set
  int retries = 0;                  ///< retries the caller makes after a failure or timeout
  std::string http_version;         ///< "1.1", "2", "3"; "" = not stated
  std::string serialization;        ///< "json", "protobuf", "avro", "msgpack"; "" = not stated
  std::optional<bool> connection_reuse;  ///< keep-alive / pooled connections; empty = not stated
  std::string pointer;
  SourceLocation location;
};

enum class FlowKind { Read, Write };

/// A named request path with its share of the traffic of its kind.
struct Flow {
  std::string id;
  FlowKind kind = FlowKind::Read;
  double share = 1.0;              ///< fraction of reads (or writes) that take this path
  std::vector<std::string> path;   ///< component ids, in order
  bool async = false;              ///< the caller does not wait past the first queue
  int fan_out = 1;                 ///< parallel calls to the last step that the step before it waits for (all k)
  std::string serialization;       ///< payload format on this path: "json", "protobuf", "avro", "msgpack"
  std::string pointer;
  SourceLocation location;
};

enum class ZoneKind { Public, Dmz, Private, Data };
std::string_view ZoneKindName(ZoneKind z);

struct Zone {
  std::string id;
  ZoneKind kind = ZoneKind::Private;
  std::string region;  ///< e.g. "eu-west-1"; zones in different regions are far apart
  std::string pointer;
  SourceLocation location;
};

struct SecurityPolicy {
  std::string authz;                 ///< "rbac", "abac", "dac", "mac", "" = none
  std::optional<double> rate_limit_per_s;  ///< per client at the edge
  bool waf = false;
  bool ip_filtering = false;
  bool zero_trust = false;           ///< service-to-service authentication inside the network
  std::string secrets;               ///< "vault", "kms", "env", "plaintext", ""
  std::string password_hashing;      ///< "argon2id", "bcrypt", "scrypt", "pbkdf2", "sha256", "plaintext", ""
  std::string cors;                  ///< "*", "allowlist", ""
  std::optional<double> token_expiry_s;
  std::optional<double> cert_rotation_s;
  bool monitoring = false;
};

enum class BackupType { None, Full, Incremental, Differential };
enum class DrTier { None, Cold, Warm, Hot };

struct BackupPolicy {
  BackupType type = BackupType::None;
  std::optional<double> interval_s;  ///< time between backups
  int copies = 0;
  int media = 0;                     ///< distinct storage media
  bool offsite = false;
  bool encrypted = false;
  DrTier dr_tier = DrTier::None;
};

/// Top-level `prices`: overrides of the cost model's price table (US dollars; see sdlab/cost.h).
struct PriceOverrides {
  std::optional<double> vcpu_hour, memory_gb_hour, block_gb_month;
  std::optional<double> standard_gb_month, infrequent_gb_month, archive_gb_month;
  std::optional<double> infrequent_retrieval_gb, archive_retrieval_gb;
  std::optional<double> egress_gb, cdn_egress_gb;
  std::optional<double> gateway_per_million, cdn_per_million, dns_per_million;
};

struct Suppression {
  std::string rule;
  std::string component;  ///< "" = every finding of the rule
  std::string reason;
  std::string pointer;
};

// [SECTION] The blueprint ---------------------------------------------------------------------------

struct Blueprint {
  std::string name;
  std::string description;
  Requirements requirements;
  std::vector<Component> components;
  std::vector<Link> links;
  std::vector<Flow> flows;
  std::vector<Zone> zones;
  SecurityPolicy security;
  BackupPolicy backup;
  PriceOverrides prices;
  std::vector<Suppression> suppressions;

  const Component* FindComponent(std::string_view id) const;
  const Zone* FindZone(std::string_view id) const;
};

/// Limits enforced by the loader; exceeding one is a `limit` diagnostic, never a crash or an OOM.
struct LoadLimits {
  std::size_t max_bytes = 4u << 20;  ///< blueprint text size
  int max_depth = 64;                ///< JSON nesting depth
  std::size_t max_components = 2000;
  std::size_t max_links = 10000;
  std::size_t max_flows = 1000;
  std::size_t max_path_length = 64;
  std::size_t max_string_length = 4096;
};

/// Parse and validate blueprint text. Returns the Blueprint, or every problem found (never empty).
Expected<Blueprint, std::vector<Diagnostic>> LoadBlueprint(std::string_view text, const LoadLimits& limits = {});

/// Every top-level and nested key the format accepts, for editors and "did you mean".
std::string_view BlueprintFormatVersion();

}  // namespace sdlab
