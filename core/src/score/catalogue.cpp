// The rule catalogue: stable ids, severity, area, title, why, fix and the topic each rule teaches.
// Adding a rule: append a row here (never renumber), implement it in the area's rules_*.cpp, and
// add tests/data/rules/<ID>/{trigger,pass}.json.
#include <algorithm>
#include <cctype>

#include "sdlab/score.h"

namespace sdlab::score {

namespace {

using A = Area;
using S = Severity;

std::vector<Rule> BuildCatalogue() {
  return {
      // [SECTION] Capacity --------------------------------------------------------------------------
      {"CAP001", "utilization_over_target", A::Capacity, S::Warning,
       "A tier runs above its target utilisation at peak",
       "Queueing delay grows like 1/(1 − ρ): in M/M/1 a request waits about 2× its service time at 70% "
       "utilisation and 9× at 90%. Above the target there is no room left for a spike, a slow dependency or a "
       "lost node.",
       "Add replicas (servers = ⌈peak ÷ (capacity × target)⌉), autoscale with a max sized for the peak, or cut "
       "the load reaching the tier (cache, CDN, batching).",
       "Scalability: utilisation, headroom and queueing (M/M/c)", ""},
      {"CAP002", "saturated_at_peak", A::Capacity, S::Error, "A tier receives more requests than it can serve at peak",
       "At utilisation ≥ 100% the queue grows without bound: latency climbs until requests time out, retries add "
       "load, and the tier falls over.",
       "Add replicas or capacity per replica until peak ÷ (replicas × capacity) is below the target utilisation, "
       "or take load off the tier (cache, CDN, async processing).",
       "Scalability: capacity planning and back-of-envelope estimation", ""},
      {"CAP003", "cache_too_small_for_hot_set", A::Capacity, S::Warning,
       "A cache is smaller than the hot set the estimate asks for",
       "With skewed (Zipf-like) popularity the hit ratio falls quickly once the cache holds less than the hot "
       "set (the 80/20 rule); every miss goes to the database, which then carries far more than planned.",
       "Give the cache at least the hot-set memory (cache_hot_fraction × reads per day × read size) across its "
       "nodes, add cache nodes, or lower cache_hot_fraction if measurements support it.",
       "Caching: sizing for the working set (80/20, Zipf)", ""},
      {"CAP004", "hot_shard_sequential_key", A::Capacity, S::Error, "Range sharding on a key that grows with time",
       "With range partitioning on a monotonic key (auto-increment id, timestamp) every new write falls in the "
       "last range: one shard takes all the writes while the others idle, whatever the shard count.",
       "Shard by a hash (or consistent hash) of the key, prefix the key with a hash bucket, or choose a key that "
       "does not grow with time (e.g. user id).",
       "Sharding: range vs hash partitioning and hot spots", ""},
      {"CAP005", "storage_exceeds_provisioned", A::Capacity, S::Warning,
       "Data kept over the retention period exceeds the storage provisioned",
       "The estimate's storage (writes × object size × retention × copies, with growth) is what the store of "
       "record must hold; when it exceeds what is provisioned the store fills up before the retention ends.",
       "Provision more storage per node or more shards, shorten the retention, move cold data to object storage, "
       "or compress.",
       "Back-of-envelope estimation: storage growth and retention", ""},
      {"CAP006", "growth_exhausts_headroom", A::Capacity, S::Warning,
       "Traffic growth saturates a tier within a year",
       "Growth compounds: at 5% a month traffic doubles in about 14 months. A tier sized for today's peak "
       "saturates after ln(1/ρ) ÷ ln(1 + g) months (ρ today's peak utilisation, g the monthly growth).",
       "Plan the capacity increase before that month, or autoscale with a max sized for next year's peak.",
       "Scalability: growth planning, vertical vs horizontal scaling", ""},
      {"CAP007", "autoscale_max_below_peak", A::Capacity, S::Warning,
       "Autoscaling cannot reach the peak at the target utilisation",
       "An autoscaler stops at its max: if max replicas × capacity × target is below the peak, the tier runs hot "
       "(or saturates) exactly when it matters.",
       "Raise the autoscale max to at least ⌈peak ÷ (capacity × target)⌉ (+1 for a lost node).",
       "Scalability: autoscaling policies (min, max, target utilisation)", ""},
      {"CAP008", "partitions_limit_consumers", A::Capacity, S::Warning, "A partitioned log has fewer partitions than consumers",
       "In a partitioned log (Kafka, Kinesis, Pulsar) each partition is read by one consumer of a group: consumers "
       "beyond the partition count sit idle, so the partition count caps the group's throughput.",
       "Create at least as many partitions as consumers (with room to grow), or run fewer consumers.",
       "Messaging: partitions, consumer groups and ordering", ""},
      {"CAP009", "ring_few_vnodes", A::Capacity, S::Note, "Consistent hashing with few virtual nodes",
       "With V virtual nodes per shard the share of keys a shard owns varies with a relative standard deviation "
       "of about 1/√V; with few vnodes one shard can own several times its share of keys and load.",
       "Use 100–256 virtual nodes per shard, or jump / rendezvous hashing.",
       "Sharding: consistent hashing and virtual nodes", ""},
      {"CAP010", "dfs_small_blocks", A::Capacity, S::Warning, "A distributed file system with small blocks",
       "The NameNode keeps every file and block in memory, about 150 bytes each: with 4 MiB blocks instead of "
       "128 MiB a petabyte is 2.4 × 10^8 blocks and about 36 GB of heap instead of 1.1 GB, and every block is a map "
       "task and a block report entry. Small blocks exhaust the NameNode long before the disks fill.",
       "Use 128 MiB (the HDFS default) or 256 MiB blocks, pack small files into larger ones (sequence files, "
       "archives), or keep small objects in object storage.",
       "Distributed file systems: blocks, replication and NameNode metadata", ""},
      {"CCY001", "pool_below_concurrency", A::Capacity, S::Error,
       "A tier's worker pool is smaller than the concurrency its load needs",
       "By Little's law a tier holds λ × t requests at once (λ its arrival rate, t the time each request holds a "
       "worker: CPU plus blocking I/O). A pool of fewer threads caps the tier at threads ÷ t requests/s: beyond that "
       "requests queue for a worker, latency climbs and the tier saturates long before its CPU does.",
       "Size the pool to at least ⌈peak per replica × (latency + blocking_time)⌉ (cores × (1 + blocking ÷ cpu) keeps "
       "the cores busy), add replicas, cut the blocking time, or move to an event loop with non-blocking I/O.",
       "Concurrency: thread pools, Little's law, I/O-bound vs CPU-bound work", ""},
      {"CCY002", "thread_per_request_memory", A::Capacity, S::Warning,
       "Thread-per-request needs more stack memory than the node has",
       "A thread per request in flight costs its stack (about 1 MiB each): at a concurrency of λ × t the threads "
       "alone need λ × t MiB per replica. When that exceeds the node's memory the server swaps, refuses connections or "
       "is killed, exactly at peak.",
       "Use a bounded thread pool with a queue, or an event loop (async I/O), or add replicas so each carries less "
       "concurrency; shorten blocking calls.",
       "Concurrency: thread-per-request vs thread pools vs event loops", ""},
      {"DBO001", "db_connections_over_max", A::Capacity, S::Error,
       "Connection pools can open more connections than the database allows",
       "Every replica of every client opens up to its pool size: replicas × db_pool_size summed over the callers. "
       "Above the database's max_connections, new connections are refused under load (and each connection costs the "
       "database memory and a backend process).",
       "Shrink the pools so Σ replicas × db_pool_size ≤ max_connections (leave room for admin and failover), put a "
       "pooler such as PgBouncer in front, or raise max_connections with the memory to match.",
       "Database optimisation: connection pooling and max_connections", ""},
      {"DBO002", "db_pool_below_needed", A::Capacity, S::Warning,
       "A database connection pool is smaller than the connections its load keeps busy",
       "Connections in use = queries/s × query time (Little's law: 200/s × 50 ms = 10). A smaller pool makes "
       "requests wait for a connection: the pool, not the database, becomes the bottleneck.",
       "Raise db_pool_size to at least ⌈peak per replica × query time ÷ 0.7⌉ (within max_connections), or make the "
       "queries faster.",
       "Database optimisation: connection pool sizing (Little's law)", ""},
      {"NET001", "polling_fanout", A::Capacity, S::Warning,
       "Clients poll for updates where a pushed stream would be far cheaper",
       "Short polling costs N/T requests per second whether or not anything changed (most polls come back empty), "
       "and long polling costs a request per update plus a full set of HTTP headers each time; SSE and WebSocket "
       "send only the update with a few bytes of framing over a connection held open.",
       "Push the updates over server-sent events (server → client) or WebSocket (both ways), and plan memory and "
       "file descriptors for the held connections (sdlab model realtime compares the four).",
       "Protocols: polling, long polling, SSE, WebSocket", ""},
      // [SECTION] Latency ---------------------------------------------------------------------------
      {"DBO003", "n_plus_one_hot_path", A::Latency, S::Warning, "An N+1 query pattern on a hot request path",
       "One query for a list and one per item: with 20 items and a 5 ms query that is 21 round trips (105 ms) where "
       "2 batched queries take 10 ms. On a high-traffic path the added latency eats the p99 budget and multiplies "
       "the database load by (N + 1) ÷ 2.",
       "Batch the per-item queries (WHERE id IN (...)) or join, use a data loader, and paginate the list.",
       "Database optimisation: N+1 queries and batching", ""},
      {"LAT001", "p99_over_slo", A::Latency, S::Error, "A flow's p99 latency exceeds the SLO",
       "The p99 is what one request in a hundred sees — and a page that makes a hundred calls sees it almost "
       "every time. An SLO missed at p99 is missed for the most active users.",
       "Find the component that dominates the tail (see the evidence): add replicas to cut its queueing, cache "
       "its reads, make slow steps asynchronous, or call independent services in parallel.",
       "Latency vs throughput: percentiles, SLOs and tail latency", ""},
      {"LAT002", "percentile_over_slo", A::Latency, S::Warning, "A flow's median or p95 latency exceeds the SLO",
       "When even the median or the p95 misses its objective, most users see a slow product; the tail is worse.",
       "Cut the service time of the slowest component on the path (cache, index, fewer hops) or its queueing "
       "(more replicas).",
       "Latency vs throughput: percentiles and SLOs", ""},
      {"LAT003", "cross_region_sync_call", A::Latency, S::Warning, "A synchronous request crosses regions",
       "A round trip between regions costs tens to a hundred milliseconds (light in fibre covers ~200 km per ms); "
       "on a synchronous path every request pays it, and a partition between regions breaks the request.",
       "Keep a request's synchronous path in one region: replicate the data to the caller's region, or make the "
       "cross-region step asynchronous.",
       "Networking: latency numbers, geo-distribution", ""},
      {"LAT004", "read_heavy_without_cache", A::Latency, S::Note,
       "Read-heavy traffic reaches a database with no cache or CDN in front",
       "When reads outnumber writes ten to one or more, a cache or CDN serves most reads in well under a "
       "millisecond and takes them off the database; without one every read pays the database's latency and load.",
       "Put a cache (cache-aside with a TTL) or a CDN on the read path; add read replicas for scale.",
       "Caching: where to cache (client, CDN, server, database)", ""},
      {"LAT005", "deep_sync_chain", A::Latency, S::Note, "A synchronous request crosses many application hops",
       "Every synchronous hop adds its latency to the request and multiplies its availability in: five hops at "
       "99.9% give 99.5%, and the p99s stack up.",
       "Collapse hops (aggregate behind one service or a backend-for-frontend), call independent services in "
       "parallel, or move work off the request path with a queue.",
       "Architecture: monolith vs microservices, call-chain depth", ""},
      {"LAT006", "timeout_below_p99", A::Latency, S::Warning, "A call's timeout is shorter than the callee's p99",
       "A timeout below the callee's p99 fails more than one call in a hundred by design; each failure is retried "
       "or surfaces as an error, and retries add load exactly when the callee is slow.",
       "Set the timeout above the callee's p99 (with margin, below the caller's own deadline), or make the callee "
       "faster (replicas, caching) so that its p99 fits.",
       "Reliability: timeouts, retries and tail latency", ""},
      {"NET002", "handshake_eats_latency_slo", A::Latency, S::Warning,
       "A cross-region synchronous call pays connection handshakes that eat the latency SLO",
       "A new TCP connection costs 1 round trip, TLS 1.2 two more (TLS 1.3 one); across regions a round trip is "
       "tens of milliseconds, so a call that opens a connection each time spends several of them before the "
       "request is even sent.",
       "Reuse connections (keep-alive, a connection pool: connection_reuse: true), move to TLS 1.3 (or HTTP/3, "
       "whose QUIC handshake is one round trip), or keep the synchronous path inside one region.",
       "Networking: TCP and TLS handshakes, connection reuse", ""},
      {"NET004", "http11_many_concurrent_calls", A::Latency, S::Note,
       "HTTP/1.1 between services with many calls in flight",
       "HTTP/1.1 carries one request at a time per connection: a caller with many calls in flight needs as many "
       "connections (each a handshake when the pool grows) or queues behind its pool; HTTP/2 multiplexes them as "
       "streams on one connection.",
       "Use HTTP/2 (or gRPC, which runs on it) between the services, or size the connection pool for the calls in "
       "flight (Little's law: rate × callee latency).",
       "Protocols: HTTP/1.1 vs HTTP/2 vs HTTP/3, multiplexing", ""},
      {"SLO001", "fan_out_p99_over_slo", A::Latency, S::Error, "Waiting for a fan-out of k calls breaks the p99 SLO",
       "A request that waits for k parallel calls is fast only if all k are: P(all under t) = F(t)^k, so its p99 "
       "is the backend's quantile at 0.99^(1/k) — for k = 100 the backend's p99.99. A backend whose p99 looks fine "
       "sets a far slower p99 for the fan-out.",
       "Reduce the fan-out (fewer, larger calls), cut the backend's tail (more replicas, caching), hedge or cancel "
       "slow calls, or return partial results after a deadline.",
       "Latency: percentiles, tail at scale and fan-out", ""},
      // [SECTION] Availability ----------------------------------------------------------------------
      {"AVL001", "spof_on_request_path", A::Availability, S::Error, "A single point of failure on a request path",
       "A hard dependency with one instance takes the whole flow down whenever it fails, restarts or is "
       "deployed; nothing can take over. (Managed CDN, DNS and object storage are distributed services and are "
       "not counted.)",
       "Run at least two replicas behind a load balancer (N+1), replicate the store with automatic failover, or "
       "make the dependency soft (fallback, cache, queue).",
       "Reliability: SPOFs, redundancy, active-active vs active-passive", ""},
      {"AVL002", "availability_below_slo", A::Availability, S::Error, "The design's availability is below the SLO",
       "Availability multiplies along a path: five parts at 99.9% give 99.5%, about 44 hours of downtime a year. "
       "The design has to be able to keep the SLO before any incident is counted.",
       "Add replicas to the weakest parts (parallel: 1 − (1 − a)^n), remove serial hops, or make dependencies "
       "soft so that their failure degrades instead of failing.",
       "Reliability: availability in series and parallel, nines, SLA/SLO/SLI", ""},
      {"AVL003", "no_spare_for_node_loss", A::Availability, S::Warning,
       "Losing one replica saturates the tier at peak (no N+1)",
       "Nodes fail and are deployed one at a time; if the remaining n − 1 replicas cannot carry the peak, one "
       "failure turns into an outage (and the shifted load can cascade).",
       "Provision N+1: replicas ≥ ⌈peak ÷ capacity⌉ + 1, or autoscale with a max that covers a lost node.",
       "Reliability: N+1 redundancy and capacity under failure", ""},
      {"AVL004", "single_region_high_slo", A::Availability, S::Warning,
       "An availability SLO of 99.99% or more served from one region",
       "Whole regions fail (power, network, control plane) for hours a few times a decade; one region cannot "
       "promise four nines once such an event is counted.",
       "Run active-active or a hot standby in a second region with data replicated across regions, and fail over "
       "by DNS or global traffic management (dr_tier hot).",
       "Reliability: geo-redundancy, multi-region, disaster recovery", ""},
      {"AVL005", "failover_exceeds_rto", A::Availability, S::Warning, "Failover of a store takes longer than the RTO",
       "When the leader fails, writes stop until detection, election, catch-up and client redirect are done; "
       "that sum is the RTO the design actually delivers.",
       "Shorten detection (heartbeat interval × missed beats), keep a synchronous standby ready, or agree a "
       "longer RTO with the business.",
       "Replication: failover, leader election, RPO/RTO", ""},
      {"AVL006", "replicas_without_load_balancer", A::Availability, S::Warning,
       "Clients call a replicated service directly, with no load balancer",
       "Without a load balancer or gateway, clients cannot spread requests over the replicas nor skip a failed "
       "one: the extra replicas add capacity and redundancy on paper only.",
       "Put an L4/L7 load balancer (or an API gateway) with health checks in front of the replicas.",
       "Networking: load balancers (L4/L7), health checks", ""},
      {"AVL007", "quorum_needs_all_replicas", A::Availability, S::Warning, "A quorum that needs every replica (R = N or W = N)",
       "With W = N one replica down blocks every write; with R = N every read. The quorum gives away the "
       "availability that replication was for.",
       "Use majority quorums (R = W = ⌊N/2⌋ + 1): still strict (R + W > N) and tolerant of ⌊(N − 1)/2⌋ failures.",
       "Replication: quorums (N, R, W)", ""},
      // [SECTION] Durability ------------------------------------------------------------------------
      {"DUR001", "no_backup", A::Durability, S::Error, "Stores without backups",
       "Replication copies mistakes too: a bad migration, a deleted table or ransomware reaches every replica in "
       "milliseconds. Only a backup taken before it can undo it.",
       "Take backups (full plus incremental or differential), keep them 3-2-1, encrypt them, and test a restore.",
       "Backup and DR: full, incremental and differential backups", ""},
      {"DUR002", "backup_not_3_2_1", A::Durability, S::Warning, "Backups break the 3-2-1 rule",
       "Three copies, on two kinds of media, one offsite: one fire, one bad batch of disks or one compromised "
       "account must not be able to take every copy.",
       "Keep at least 3 copies on 2 kinds of storage with 1 in another region or account (immutable storage "
       "helps against ransomware).",
       "Backup and DR: the 3-2-1 rule", ""},
      {"DUR003", "async_replication_rpo_zero", A::Durability, S::Error,
       "An RPO of zero with asynchronous (or no) replication",
       "An asynchronous leader acknowledges a write before any follower has it; when the leader dies the writes "
       "in flight (write rate × lag) are gone. An RPO of zero needs a synchronous or semi-synchronous copy.",
       "Replicate synchronously or semi-synchronously to at least one follower, or write to a quorum (W ≥ 2), "
       "accepting the added write latency.",
       "Replication: synchronous vs asynchronous, RPO", ""},
      {"DUR004", "rpo_unmet_by_dr", A::Durability, S::Warning, "Backups and the DR tier lose more data than the RPO allows",
       "After a disaster the design restores from the last backup or the standby region; whatever was written "
       "since is lost. That window is the RPO the design delivers.",
       "Back up more often (interval ≤ RPO), ship logs continuously (point-in-time recovery), or move to a "
       "warm or hot DR tier with continuous replication.",
       "Backup and DR: RPO, RTO and DR tiers (cold, warm, hot)", ""},
      {"DUR005", "rto_unmet_by_dr", A::Durability, S::Warning, "The DR tier recovers more slowly than the RTO",
       "Cold DR means provisioning and restoring after the disaster (a day); warm means scaling up a small copy "
       "(an hour); hot means shifting traffic (minutes). The tier sets the RTO the design can keep.",
       "Choose the DR tier whose recovery time fits the RTO (hot for minutes, warm for an hour), and rehearse it.",
       "Backup and DR: RTO and DR tiers", ""},
      {"DUR006", "write_back_data_at_risk", A::Durability, S::Warning, "A write-back cache holds writes not yet stored",
       "Write-back acknowledges a write once it is in cache memory; a cache node that crashes before the flush "
       "loses it. Fine for counters, not for orders.",
       "Use write-through (or cache-aside with writes going to the database) for data that must not be lost, or "
       "give the cache persistence, replication and a short flush interval.",
       "Caching: write-through, write-back, write-around", ""},
      {"DUR007", "store_without_replication", A::Durability, S::Warning, "A database keeps a single copy",
       "One disk or node failure loses every write since the last backup and stops the store until it is "
       "restored.",
       "Replicate: leader-follower with at least one follower, or a quorum store with N = 3.",
       "Replication: leader-follower, read replicas", ""},
      {"DUR008", "at_most_once_write", A::Durability, S::Warning, "At-most-once delivery on a write path",
       "At-most-once drops a message whenever a consumer fails mid-way or the broker loses it; on a write path "
       "that is silent data loss.",
       "Use at-least-once delivery with an idempotent consumer (effectively exactly-once) and a dead-letter queue.",
       "Messaging: delivery guarantees (at-most-once, at-least-once, exactly-once)", ""},
      {"DUR009", "dfs_single_copy", A::Durability, S::Error, "A distributed file system keeps one copy of each block",
       "With replication factor 1 every disk or node failure loses the blocks on it for good; with commodity "
       "disks failing a few percent a year, a cluster of hundreds of disks loses data every month. HDFS defaults "
       "to 3 copies so that two failures can be tolerated and re-replication restores the count.",
       "Set replication_factor to 3 (or use erasure coding, e.g. RS(6,3), for cold data), and spread copies over "
       "racks.",
       "Distributed file systems: replication factor and re-replication", ""},
      // [SECTION] Consistency -----------------------------------------------------------------------
      {"CON001", "quorum_not_strict", A::Consistency, S::Warning, "A leaderless quorum with R + W ≤ N",
       "When R + W ≤ N a read quorum can miss every replica that took the latest write, so reads may be stale: "
       "right after a write the chance is C(N − W, R) / C(N, R) (probabilistically bounded staleness).",
       "Choose R + W > N (e.g. N = 3, R = W = 2), or state eventual consistency where the product tolerates it "
       "(and suppress this rule with that reason).",
       "Consistency: quorums, CAP/PACELC, eventual vs strong", ""},
      {"CON002", "stale_replica_reads", A::Consistency, S::Warning,
       "Reads from asynchronous replicas can miss the user's own writes",
       "A follower applies writes after a lag: a user who writes and then reads from a follower may not see their "
       "change (read-your-writes), and two reads can go back in time (monotonic reads).",
       "Read a user's recent writes from the leader (or pin the session for the lag window), read from "
       "synchronous replicas, or carry a version per session.",
       "Replication: read replicas, replication lag, read-your-writes", ""},
      {"CON003", "multi_leader_conflicts", A::Consistency, S::Warning, "Multi-leader replication accepts conflicting writes",
       "Two leaders can accept writes to the same key within the replication lag; last-writer-wins then silently "
       "drops one of them.",
       "Send each key's writes to one leader (a home region), use CRDTs or explicit conflict resolution, or "
       "replicate from a single leader.",
       "Replication: multi-leader and conflict resolution", ""},
      {"CON004", "at_least_once_without_idempotency", A::Consistency, S::Warning,
       "At-least-once delivery without an idempotent consumer",
       "At-least-once redelivers after a timeout or a crash; a consumer that is not idempotent applies the effect "
       "twice (a double charge, a duplicate e-mail).",
       "Make the consumer idempotent (dedup by message id, upserts keyed by it) or process transactionally "
       "(effect and offset committed together).",
       "Messaging: at-least-once, idempotency, exactly-once", ""},
      {"CON005", "cache_unbounded_staleness", A::Consistency, S::Warning,
       "A cache that writes bypass, with no TTL",
       "With write-around, writes go to the database and leave the cached copy alone; without a TTL that copy is "
       "served until it happens to be evicted — stale for an unbounded time. (Cache-aside deletes on writes, but a "
       "read racing a write can re-insert the old value; a TTL bounds that too.)",
       "Set a TTL that matches the staleness the product tolerates, or update/invalidate the cache on writes "
       "(cache-aside delete, write-through).",
       "Caching: TTL, invalidation and staleness", ""},
      // [SECTION] Security --------------------------------------------------------------------------
      {"SEC001", "plaintext_from_internet", A::Security, S::Error, "Traffic from the internet without TLS",
       "Anyone on the path (Wi-Fi, ISP, transit) can read and change plaintext requests: credentials, cookies, "
       "personal data.",
       "Terminate TLS 1.2+ (prefer 1.3) at the edge, redirect HTTP to HTTPS and send HSTS.",
       "Security: encryption in transit, TLS", ""},
      {"SEC002", "plaintext_across_zones", A::Security, S::Error, "Plaintext traffic across a zone boundary",
       "A zone boundary is where an attacker who got into one zone listens for the next; plaintext there exposes "
       "data and lets requests be forged.",
       "Use TLS (or mTLS) on every link that crosses a zone — and inside zones too under zero trust.",
       "Security: TLS/mTLS and network segmentation", ""},
      {"SEC003", "public_database", A::Security, S::Error, "A database reachable from the internet",
       "Exposed databases are found by scanners within minutes and breached through weak credentials or "
       "unpatched engines; data stores belong in a private data zone behind the application.",
       "Move the store into a data zone, let only the application tier reach it (security groups, IP "
       "allow-list), and never route to it through an edge component.",
       "Security: network segmentation (DMZ, internal, data), firewalls", ""},
      {"SEC004", "no_rate_limit_at_edge", A::Security, S::Warning, "No rate limiting at the edge",
       "Without a per-client limit one client or bot can use all the capacity, brute-force logins or scrape the "
       "data; limits also bound retry storms.",
       "Set a per-client limit (token bucket) at the gateway or load balancer, well below one tier's capacity; "
       "answer 429 with Retry-After.",
       "Security: rate limiting and throttling", ""},
      {"SEC005", "no_authz_model", A::Security, S::Warning, "No authorisation model",
       "Authentication says who; authorisation says what they may do. Without a model access checks end up ad "
       "hoc — broken access control is the top OWASP risk.",
       "Choose RBAC (roles), ABAC (attributes), DAC or MAC and enforce it in one place (gateway or policy service).",
       "Security: authorisation (RBAC, ABAC, DAC, MAC)", ""},
      {"SEC006", "unauthenticated_write_path", A::Security, S::Error, "A write path with no authentication",
       "Anyone can create or change data: spam, fraud and vandalism, with no way to attribute or revoke.",
       "Authenticate writes at the edge (OIDC/OAuth2 tokens, sessions, mTLS for machines) and pass the identity "
       "downstream.",
       "Security: authentication methods", ""},
      {"SEC007", "weak_authentication", A::Security, S::Warning, "Basic auth or API keys on a way in from the internet",
       "Basic auth sends the password with every request (and invites credential stuffing); API keys are "
       "long-lived shared secrets that identify an app rather than a user and leak into logs and repositories.",
       "Use OIDC/OAuth2 with short-lived tokens for users and mTLS or signed requests for machines.",
       "Security: authentication (basic, API key, OAuth2, OIDC, mTLS)", ""},
      {"SEC008", "session_auth_without_shared_store", A::Security, S::Warning,
       "Sessions on replicated servers with no shared session store",
       "A server-side session lives in one replica's memory; with several replicas behind a load balancer the "
       "next request lands elsewhere and the user is logged out, and a restart drops every session.",
       "Keep sessions in a shared store (e.g. Redis), use sticky routing only as a stop-gap, or switch to "
       "short-lived signed tokens.",
       "Security: sessions vs tokens", ""},
      {"SEC009", "token_without_expiry", A::Security, S::Warning, "Bearer tokens without a short expiry",
       "A stolen bearer token works for as long as it is valid; tokens without expiry (or valid for days) cannot "
       "be revoked in practice.",
       "Issue access tokens valid for minutes to an hour with refresh tokens, and declare token_expiry.",
       "Security: JWT, OAuth2/OIDC tokens and expiry", ""},
      {"SEC010", "no_waf", A::Security, S::Warning, "No web application firewall on HTTP entry points",
       "A WAF filters injection, XSS and known exploit payloads and bad bots before they reach the application: "
       "a cheap outer layer.",
       "Put a WAF with managed OWASP rule sets at the CDN, load balancer or gateway.",
       "Security: firewalls, WAF, OWASP Top 10", ""},
      {"SEC011", "no_service_to_service_auth", A::Security, S::Note, "Services trust the network",
       "Inside the perimeter any compromised host can call any service; zero trust authenticates every call "
       "(mTLS with workload identities, signed tokens).",
       "Use mTLS between services (e.g. a service mesh) or propagate signed identity tokens, then declare "
       "zero_trust.",
       "Security: zero trust, service-to-service authentication", ""},
      {"SEC012", "zero_trust_gap", A::Security, S::Warning, "Zero trust declared, but some internal calls are unauthenticated",
       "A zero-trust claim with exceptions gives a false sense of safety: the unauthenticated calls are exactly "
       "where an attacker inside moves laterally.",
       "Add mTLS or an auth method to the listed links, or stop declaring zero_trust.",
       "Security: zero trust, service-to-service authentication", ""},
      {"SEC013", "secrets_in_plaintext", A::Security, S::Error, "Secrets stored in plaintext",
       "Plaintext secrets end up in repositories, images and backups; one leak hands over the keys to databases "
       "and third-party APIs.",
       "Keep secrets in a vault or KMS, inject them at runtime, rotate them, and scan repositories for leaks.",
       "Security: secrets management", ""},
      {"SEC014", "secrets_unmanaged", A::Security, S::Warning, "Secrets without a secrets manager",
       "Environment variables (or undeclared handling) leak into crash dumps, logs and child processes, and "
       "cannot be rotated or audited.",
       "Use a vault or KMS with short-lived credentials and audit logs; declare secrets: vault or kms.",
       "Security: secrets management", ""},
      {"SEC015", "weak_password_hashing", A::Security, S::Error, "Passwords hashed with a fast function, or not at all",
       "Fast hashes (MD5, SHA-1, SHA-256) can be tried billions of times per second on a GPU; without a per-user "
       "salt identical passwords share a hash and precomputed tables apply.",
       "Hash with argon2id (or scrypt, bcrypt, PBKDF2 with a high work factor) and a unique salt per password.",
       "Security: hashing, salting and slow key-derivation functions", ""},
      {"SEC016", "cors_wildcard", A::Security, S::Warning, "CORS allows any origin",
       "Access-Control-Allow-Origin: * lets any web page's scripts read the API's responses in a user's browser; "
       "combined with credentials it exposes private data.",
       "Allow-list the origins that need access; never reflect arbitrary origins with credentials.",
       "Security: CORS and the same-origin policy", ""},
      {"SEC017", "no_cert_rotation", A::Security, S::Note, "TLS certificates are not rotated regularly",
       "Long-lived certificates and keys are more likely to leak, and their expiry arrives as an outage; "
       "automated rotation every 90 days or less keeps both risks small.",
       "Automate issuance and rotation (ACME, an internal CA or a mesh) at most every 90 days; declare "
       "cert_rotation.",
       "Security: PKI, certificates and rotation", ""},
      {"SEC018", "store_unencrypted_at_rest", A::Security, S::Warning, "A store is not encrypted at rest",
       "Disks, snapshots and retired hardware leave the building; encryption at rest with keys in a KMS makes "
       "them unreadable.",
       "Enable storage encryption with KMS-managed keys, for snapshots and replicas too.",
       "Security: encryption at rest, the CIA triad", ""},
      {"SEC019", "backup_unencrypted", A::Security, S::Warning, "Backups are not encrypted",
       "Backups hold every record in one place and are copied offsite; unencrypted, each copy is a full data "
       "breach waiting to happen.",
       "Encrypt backups with keys kept apart from the data (KMS), and test restoring with them.",
       "Security: encryption at rest, backups", ""},
      {"SEC020", "no_network_segmentation", A::Security, S::Warning, "No network segmentation between entry points and data",
       "In a flat network a compromised web server reaches every database directly; zones (DMZ, application, "
       "data) with rules between them contain a breach.",
       "Put entry points in a DMZ, services in a private zone and stores in a data zone, and allow only the "
       "links the design needs.",
       "Security: network segmentation, DMZ, firewalls", ""},
      {"SEC021", "edge_reaches_data_store", A::Security, S::Warning, "An edge component talks to a store directly",
       "A load balancer or gateway in the DMZ that reaches the data zone skips the application's checks; if the "
       "edge is compromised the data is one hop away.",
       "Route through an application service in the private zone, and let the data zone accept connections "
       "only from it.",
       "Security: multi-tier architecture and segmentation", ""},
      {"SEC022", "password_hashing_unspecified", A::Security, S::Note, "Password logins with no declared hashing scheme",
       "Basic and session logins mean the design stores passwords; how they are hashed decides whether a leaked "
       "table exposes them.",
       "Declare password_hashing: argon2id (or scrypt, bcrypt, PBKDF2), or delegate logins to an identity "
       "provider (OIDC).",
       "Security: hashing, salting and slow key-derivation functions", ""},
      // [SECTION] Cost and efficiency ---------------------------------------------------------------
      {"CST001", "over_provisioned", A::Cost, S::Note, "A compute tier runs far below its target at peak",
       "Idle replicas cost as much as busy ones; beyond the N+1 spare, capacity that is not used even at peak is "
       "waste.",
       "Reduce replicas to ⌈peak ÷ (capacity × target)⌉ + 1, or autoscale with a lower minimum.",
       "Cost: right-sizing and autoscaling", ""},
      {"CST002", "cache_low_hit_ratio", A::Cost, S::Warning, "A cache that misses most reads",
       "Below about 50% hits a cache costs memory and an extra hop on every miss while the database still "
       "carries most reads.",
       "Size the cache for the hot set, choose an eviction policy that suits the workload (LFU, ARC, S3-FIFO for "
       "skewed reads), cache coarser objects, or remove the cache.",
       "Caching: hit ratio and eviction policies (LRU, LFU, FIFO, TTL)", ""},
      {"CST003", "dr_tier_exceeds_need", A::Cost, S::Note, "A hot DR tier where a warm one meets the RTO and RPO",
       "A hot standby doubles the infrastructure (cost ×2.0); a warm one (×1.5) recovers within an hour and "
       "loses at most 15 minutes.",
       "Use a warm standby when the SLO's RTO is 1 h or more and its RPO 15 min or more, or tighten the SLO if the "
       "business needs hot.",
       "Backup and DR: cost of DR tiers", ""},
      {"CST004", "peak_sized_without_autoscale", A::Cost, S::Note, "A fixed-size tier sized for a high peak",
       "With peak traffic 4× the average or more, a tier sized for the peak idles most of the day; autoscaling "
       "pays for the average plus headroom.",
       "Autoscale (min for the average plus a spare, max for the peak), or absorb spikes with a queue.",
       "Scalability: autoscaling and elasticity", ""},
      {"CST005", "archive_tier_on_hot_data", A::Cost, S::Warning, "Hot data kept in an archive tier",
       "Archive tiers are cheap to keep and expensive to read: each read pays a retrieval fee per GB and a "
       "per-request price 25× the standard one, and waits hours for a restore. Data read often costs more there "
       "than in the standard tier, and the latency breaks any request path.",
       "Keep data that is read often in the standard tier; use lifecycle rules to move it to infrequent or archive "
       "only once it has gone cold, and declare its access (hot, warm, cold).",
       "Object storage: storage tiers, retrieval cost and latency", ""},
      {"CST006", "no_lifecycle_large_object_storage", A::Cost, S::Note,
       "Large object storage without lifecycle rules",
       "Most stored objects are read rarely once they are a few weeks old, but without lifecycle rules they stay "
       "in the standard tier forever. At 0.023 vs 0.0125 (infrequent) and 0.002 $/GB-month (archive) tiering "
       "old data cuts the storage bill by half or more.",
       "Add lifecycle rules (e.g. infrequent after 30 days, archive after 90 days) for data that cools with age, "
       "or declare access: hot when old data is read as often as new.",
       "Object storage: lifecycle policies and tiering", ""},
      {"CST007", "egress_heavy_without_cdn", A::Cost, S::Warning, "Heavy internet egress without a CDN",
       "Bytes leaving the cloud are among its most expensive items (about 0.09 $/GB); a CDN serves cached "
       "responses from its edge for less and takes the load and the distance off the origin.",
       "Put a CDN in front of cacheable reads (static assets, media, public pages) and give it a TTL; compress "
       "responses and send less.",
       "Networking: CDN and the cost of egress", ""},
      {"CST008", "over_budget", A::Cost, S::Error, "The design costs more than its monthly budget",
       "The requirements state what the system may cost; a design that exceeds it will be cut later in a hurry, "
       "usually at the expense of redundancy.",
       "Read the cost section of `sdlab estimate`: right-size the largest lines (replicas, instance sizes), tier "
       "storage, cache to cut egress, or revisit the budget.",
       "Cost: estimating a design's monthly bill", ""},
      {"NET003", "json_on_heavy_internal_link", A::Cost, S::Note,
       "JSON on a high-bandwidth link between internal services",
       "JSON repeats every field name in every message and spells numbers out in text; on a busy internal link a "
       "binary format (Protocol Buffers, Avro) sends well under half the bytes and decodes several times faster.",
       "Use Protocol Buffers (gRPC) or Avro between internal services, keep JSON at the public edge; sdlab model "
       "serialization sizes your payload in each format.",
       "Protocols: serialization formats (JSON, Protobuf, Avro, MessagePack)", ""},
      // [SECTION] Operability -----------------------------------------------------------------------
      {"DBO004", "access_pattern_not_indexed", A::Operability, S::Warning,
       "A declared access pattern has no index",
       "A query that filters or sorts by a field without an index scans the table: ⌈N ÷ rows per page⌉ pages instead "
       "of ⌈log_B(N)⌉ — for a million rows about 25 000 pages instead of 3 or 4.",
       "Add an index for each field in access_patterns (a composite index for a filter + sort), or drop the pattern.",
       "Database optimisation: indexes (B-tree, hash, full-text, bitmap)", ""},
      {"OPS001", "no_monitoring", A::Operability, S::Warning, "No monitoring declared",
       "Without metrics, logs and alerts, users find the failures; the time to repair — and with it "
       "availability — depends on detecting problems fast. Audit logs are also the answer to repudiation.",
       "Collect the four golden signals (latency, traffic, errors, saturation) per component, alert on SLO burn "
       "rate, keep audit logs, and declare monitoring.",
       "Reliability: monitoring, SLIs, MTTR", ""},
      {"OPS002", "no_health_checks", A::Operability, S::Warning, "A load-balanced component without health checks",
       "A load balancer without health checks keeps sending its share of requests to a dead or hung replica: 1/n "
       "of the traffic fails until someone notices.",
       "Enable health checks (liveness and readiness) so failed replicas leave the pool within seconds.",
       "Networking: load balancer health checks and failover", ""},
      {"OPS003", "no_dead_letter_queue", A::Operability, S::Warning, "A queue without a dead-letter queue",
       "A poison message fails on every retry: without a DLQ it blocks its partition or is dropped after the last "
       "attempt, and nobody sees it.",
       "Route messages that exhaust their retries to a dead-letter queue, alert on its depth, and provide a replay.",
       "Messaging: retries, backoff, dead-letter queues", ""},
      {"OPS004", "no_connection_pooling", A::Operability, S::Warning, "A service opens database connections without a pool",
       "A TCP + TLS + authentication handshake costs milliseconds and a relational database allows a few hundred "
       "connections; one connection per request wastes latency and exhausts the server under load.",
       "Use a connection pool in the service (or a pooler such as PgBouncer) sized to the database's connection "
       "limit ÷ service replicas; declare connection_pooling.",
       "Database optimisation: connection pooling", ""},
      {"OPS005", "n_plus_one_query", A::Operability, S::Warning, "An N+1 query pattern is declared",
       "Fetching a list and then one query per item turns one page into N + 1 round trips: latency and database "
       "load grow with the list length.",
       "Batch (WHERE id IN (...)), join, or use a data loader; paginate lists.",
       "Database optimisation: N+1 queries, batching, pagination", ""},
      {"OPS006", "missing_index_read_heavy", A::Operability, S::Warning, "A read-heavy database with no declared index",
       "Without an index a lookup scans the table — O(n) instead of O(log n) — so latency and load grow with the "
       "data.",
       "Declare indexes on the fields reads filter and sort by (check the plans), and consider materialized "
       "views for heavy aggregates.",
       "Database optimisation: indexes, materialized views", ""},
      {"OPS007", "mod_n_resharding", A::Operability, S::Note, "Hash (mod N) sharding: adding a shard moves almost every key",
       "With key mod N, going from N to N + 1 shards remaps N/(N + 1) of the keys — a near-complete reshuffle "
       "under load. Consistent hashing or jump hash moves only about 1/(N + 1).",
       "Use consistent hashing with virtual nodes, jump hash, rendezvous hashing, or a directory.",
       "Sharding: consistent hashing and the cost of resharding", ""},
      {"OPS008", "unbounded_scan", A::Operability, S::Warning, "An unbounded scan is declared",
       "A query without a limit or an index-backed range reads every row: its time and the load it puts on the "
       "store grow with the data, and one such request can starve the others.",
       "Paginate (keyset pagination on an indexed column), bound the range, or precompute the answer (materialized "
       "view, counter, search index).",
       "Database optimisation: pagination, indexes, materialized views", ""},
      {"OPS009", "retry_amplification", A::Operability, S::Warning, "Retries can push a busy tier past its capacity",
       "When a callee slows down, every caller retries: r retries multiply the load up to (1 + r)×. A tier already "
       "busy at peak then saturates and the retries keep it down (a retry storm).",
       "Retry at most once with exponential backoff and jitter, use a retry budget or a circuit breaker, and keep "
       "the callee's utilisation × (1 + retries) below 100%.",
       "Reliability: retries, backoff, circuit breakers and retry storms", ""},
  };
}

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// Levenshtein distance, for "did you mean".
std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diag = up;
    }
  }
  return row[b.size()];
}

}  // namespace

const std::vector<Rule>& Catalogue() {
  static const std::vector<Rule> kCatalogue = BuildCatalogue();
  return kCatalogue;
}

const Rule* FindRule(std::string_view id_or_name) {
  const std::string key = Lower(id_or_name);
  for (const Rule& r : Catalogue())
    if (Lower(r.id) == key || r.name == key) return &r;
  return nullptr;
}

std::vector<std::string> SuggestRules(std::string_view text) {
  const std::string key = Lower(text);
  std::vector<std::pair<std::size_t, std::string>> scored;
  for (const Rule& r : Catalogue()) {
    const std::size_t d = std::min(EditDistance(key, Lower(r.id)), EditDistance(key, r.name));
    const bool contains = key.size() >= 3 && std::string(r.name).find(key) != std::string::npos;
    const std::size_t limit = std::max<std::size_t>(2, key.size() / 3);
    if (d <= limit || contains) scored.emplace_back(contains ? 0 : d, std::string(r.id));
  }
  std::stable_sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<std::string> out;
  for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
  return out;
}

}  // namespace sdlab::score
