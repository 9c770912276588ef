// Writes tests/data/rules/<RULE>/{trigger,pass}.json: for every rule of the catalogue, one small
// blueprint that makes it fire and one, as close as possible, that does not. Both start from the
// clean base below (which fires no rule at all) and change only what the case says.
//   node tests/data/rules/generate.mjs          (rewrites the files; commit the result)
// The Catch2 test ("[score]", tests/core/score_test.cpp) reads the files and checks both halves;
// tests/data/rules/base.json is checked to fire nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

/** A small three-tier design with a cache, a replicated database and a queue: fires no rule. */
function base() {
  return {
    name: 'rule-base',
    requirements: {
      reads: '100/s', writes: '10/s', object_size: '1KB', retention: '1y', peak_factor: 2, replication_factor: 3,
      slo: { availability: '99.9%', latency_p50: '50ms', latency_p99: '200ms', rpo: '1h', rto: '4h' },
    },
    zones: [
      { id: 'edge', kind: 'dmz', region: 'r1' },
      { id: 'app', kind: 'private', region: 'r1' },
      { id: 'data', kind: 'data', region: 'r1' },
    ],
    components: [
      { id: 'users', kind: 'client' },
      { id: 'lb', kind: 'load_balancer', zone: 'edge', replicas: 2, capacity: '10K/s', health_checks: true },
      { id: 'api', kind: 'service', zone: 'app', replicas: 3, capacity: '200/s', latency: '10ms', health_checks: true,
        connection_pooling: true },
      { id: 'cache', kind: 'cache', zone: 'data', engine: 'redis', replicas: 2, capacity: '50K/s', memory: '8GB',
        strategy: 'cache_aside', ttl: '1h', hit_ratio: '90%' },
      { id: 'db', kind: 'database', zone: 'data', model: 'relational', engine: 'postgres', replicas: 3,
        capacity: '2K/s', latency: '5ms', storage: '1TB', encryption_at_rest: true, indexes: ['id'],
        connection_pooling: true,
        replication: { mode: 'leader_follower', sync: 'semi_sync', followers: 2, failover: '30s' } },
      { id: 'queue', kind: 'queue', zone: 'app', engine: 'rabbitmq', replicas: 3, delivery: 'at_least_once',
        idempotent_consumer: true, dead_letter_queue: true, encryption_at_rest: true },
      { id: 'worker', kind: 'service', zone: 'app', replicas: 2, capacity: '100/s', latency: '20ms', health_checks: true },
    ],
    links: [
      { from: 'users', to: 'lb', protocol: 'https', tls: 'tls1.3' },
      { from: 'lb', to: 'api', protocol: 'http', tls: 'tls1.2', auth: 'oidc' },
      { from: 'api', to: 'cache', protocol: 'tcp', tls: 'tls1.2' },
      { from: 'cache', to: 'db', protocol: 'sql', tls: 'tls1.2' },
      { from: 'api', to: 'db', protocol: 'sql', tls: 'tls1.2' },
      { from: 'api', to: 'queue', protocol: 'amqp', tls: 'tls1.2' },
      { from: 'queue', to: 'worker', protocol: 'amqp', tls: 'tls1.2' },
    ],
    flows: [
      { id: 'read', kind: 'read', share: '100%', path: ['users', 'lb', 'api', 'cache', 'db'] },
      { id: 'write', kind: 'write', share: '100%', path: ['users', 'lb', 'api', 'db'] },
      { id: 'process', kind: 'write', share: '100%', async: true, path: ['queue', 'worker'] },
    ],
    policies: {
      security: { authz: 'rbac', rate_limit: '10/s', waf: true, zero_trust: true, secrets: 'vault',
                  password_hashing: 'argon2id', cors: 'allowlist', token_expiry: '1h', cert_rotation: '30d',
                  monitoring: true },
      backup: { type: 'incremental', interval: '1h', copies: 3, media: 2, offsite: true, encrypted: true,
                dr_tier: 'warm' },
    },
  };
}

// Helpers that edit a blueprint in place.
const comp = (bp, id) => bp.components.find((c) => c.id === id);
const link = (bp, from, to) => bp.links.find((l) => l.from === from && l.to === to);
const flow = (bp, id) => bp.flows.find((f) => f.id === id);
const sec = (bp) => bp.policies.security;
const bak = (bp) => bp.policies.backup;
const slo = (bp) => bp.requirements.slo;
const addService = (bp, id, zone, extra = {}) =>
  bp.components.push({ id, kind: 'service', zone, replicas: 2, capacity: '1K/s', latency: '5ms', health_checks: true,
                       ...extra });

// Each case: [rule, what the trigger changes, trigger edit, what the pass changes, pass edit].
const cases = [
  ['CAP001', 'api capacity 100/s: 220/s at peak on 3 × 100/s = 73% > 70% target',
    (b) => { comp(b, 'api').capacity = '100/s'; },
    'api capacity 110/s: 220/s on 3 × 110/s = 67%',
    (b) => { comp(b, 'api').capacity = '110/s'; }],
  ['CAP002', 'api capacity 60/s: 220/s on 3 × 60/s = 122%',
    (b) => { comp(b, 'api').capacity = '60/s'; },
    'api capacity 60/s with 5 replicas: 220/s on 300/s = 73% (over target, not saturated)',
    (b) => { comp(b, 'api').capacity = '60/s'; comp(b, 'api').replicas = 5; }],
  ['CAP003', 'one cache node of 1 GB for a 1.73 GB hot set (20% × 8.64 M reads/day × 1 KB)',
    (b) => { Object.assign(comp(b, 'cache'), { memory: '1GB', replicas: 1 }); },
    'one cache node of 2 GB',
    (b) => { Object.assign(comp(b, 'cache'), { memory: '2GB', replicas: 1 }); }],
  ['CAP004', 'db range-sharded on a monotonic id',
    (b) => { comp(b, 'db').sharding = { scheme: 'range', shards: 4, key: 'id', key_monotonic: true }; },
    'db range-sharded on user_id (not monotonic)',
    (b) => { comp(b, 'db').sharding = { scheme: 'range', shards: 4, key: 'user_id' }; }],
  ['CAP005', 'db 300 GB × 3 = 900 GB for 946 GB (10/s × 1 KB × 1 y × 3)',
    (b) => { comp(b, 'db').storage = '300GB'; },
    'db 400 GB × 3 = 1.2 TB',
    (b) => { comp(b, 'db').storage = '400GB'; }],
  ['CAP006', '10% growth a month, api at 49%: saturated in 7.5 months',
    (b) => { b.requirements.growth_per_month = '10%'; comp(b, 'api').capacity = '150/s'; },
    '2% growth a month: saturated in 36 months',
    (b) => { b.requirements.growth_per_month = '2%'; comp(b, 'api').capacity = '150/s'; }],
  ['CAP007', 'api autoscales to at most 3 × 100/s: 73% at peak',
    (b) => { Object.assign(comp(b, 'api'), { capacity: '100/s', autoscale: { min: 3, max: 3 } }); },
    'api autoscales to 6',
    (b) => { Object.assign(comp(b, 'api'), { capacity: '100/s', autoscale: { min: 3, max: 6 } }); }],
  ['CAP008', 'a Kafka queue with 1 partition for 2 worker replicas',
    (b) => { Object.assign(comp(b, 'queue'), { engine: 'kafka', partitions: 1 }); },
    '4 partitions',
    (b) => { Object.assign(comp(b, 'queue'), { engine: 'kafka', partitions: 4 }); }],
  ['CAP009', 'db on a consistent-hash ring with 8 vnodes per shard',
    (b) => { comp(b, 'db').sharding = { scheme: 'consistent_hash', shards: 4, key: 'id', vnodes: 8 }; },
    '128 vnodes per shard',
    (b) => { comp(b, 'db').sharding = { scheme: 'consistent_hash', shards: 4, key: 'id', vnodes: 128 }; }],
  ['LAT001', 'p99 SLO 20 ms; the read flow estimates ~50 ms',
    (b) => { slo(b).latency_p99 = '20ms'; },
    'p99 SLO 200 ms',
    (b) => { slo(b).latency_p99 = '200ms'; }],
  ['LAT002', 'p50 SLO 5 ms',
    (b) => { slo(b).latency_p50 = '5ms'; },
    'p50 SLO 50 ms',
    (b) => { slo(b).latency_p50 = '50ms'; }],
  ['LAT003', 'db in a data zone of another region, called synchronously',
    (b) => { b.zones.push({ id: 'far', kind: 'data', region: 'r2' }); comp(b, 'db').zone = 'far'; },
    'the same zone in the same region',
    (b) => { b.zones.push({ id: 'far', kind: 'data', region: 'r1' }); comp(b, 'db').zone = 'far'; }],
  ['LAT004', 'reads (10 per write) go to the database without the cache',
    (b) => { flow(b, 'read').path = ['users', 'lb', 'api', 'db']; },
    'reads go through the cache',
    () => {}],
  ['LAT005', 'a synchronous chain api → a1 → a2 → a3 → a4 (5 services)',
    (b) => {
      for (const id of ['a1', 'a2', 'a3', 'a4']) addService(b, id, 'app');
      const hops = ['api', 'a1', 'a2', 'a3', 'a4'];
      for (let i = 1; i < hops.length; ++i) b.links.push({ from: hops[i - 1], to: hops[i], protocol: 'grpc', tls: 'mtls' });
      b.flows.push({ id: 'chain', kind: 'write', share: '10%', path: hops });
    },
    'a chain of 4 services',
    (b) => {
      for (const id of ['a1', 'a2', 'a3']) addService(b, id, 'app');
      const hops = ['api', 'a1', 'a2', 'a3'];
      for (let i = 1; i < hops.length; ++i) b.links.push({ from: hops[i - 1], to: hops[i], protocol: 'grpc', tls: 'mtls' });
      b.flows.push({ id: 'chain', kind: 'write', share: '10%', path: hops });
    }],
  ['LAT006', 'api → db times out after 10 ms; db p99 ≈ 23 ms',
    (b) => { link(b, 'api', 'db').timeout = '10ms'; },
    'timeout 100 ms',
    (b) => { link(b, 'api', 'db').timeout = '100ms'; }],
  ['AVL001', 'one api replica on both request paths',
    (b) => { Object.assign(comp(b, 'api'), { replicas: 1, capacity: '300/s' }); },
    'two api replicas',
    (b) => { Object.assign(comp(b, 'api'), { replicas: 2, capacity: '300/s' }); }],
  ['AVL002', 'availability SLO 99.9999999% (9 nines; the flows give ~99.999999%)',
    (b) => { slo(b).availability = '99.9999999%'; },
    'availability SLO 99.9%',
    () => {}],
  ['AVL003', '2 api replicas at 150/s: one down leaves 220/s on 150/s',
    (b) => { Object.assign(comp(b, 'api'), { replicas: 2, capacity: '150/s' }); },
    '3 api replicas at 150/s: one down leaves 220/s on 300/s',
    (b) => { Object.assign(comp(b, 'api'), { replicas: 3, capacity: '150/s' }); }],
  ['AVL004', 'SLO 99.99% in one region with a warm standby',
    (b) => { slo(b).availability = '99.99%'; },
    'SLO 99.99% with a hot standby region',
    (b) => { slo(b).availability = '99.99%'; bak(b).dr_tier = 'hot'; }],
  ['AVL005', 'db failover takes 5 h; RTO 4 h',
    (b) => { comp(b, 'db').replication.failover = '5h'; },
    'db failover 30 s',
    () => {}],
  ['AVL006', 'users also call the 3 api replicas directly',
    (b) => { b.links.push({ from: 'users', to: 'api', protocol: 'https', tls: 'tls1.3', auth: 'oidc' }); },
    'users reach api through the load balancer only',
    () => {}],
  ['AVL007', 'leaderless db with W = N = 3',
    (b) => { comp(b, 'db').replication = { mode: 'leaderless', n: 3, r: 2, w: 3 }; },
    'R = W = 2 of 3',
    (b) => { comp(b, 'db').replication = { mode: 'leaderless', n: 3, r: 2, w: 2 }; }],
  ['DUR001', 'no backups',
    (b) => { b.policies.backup = { type: 'none' }; },
    'incremental backups, 3-2-1',
    () => {}],
  ['DUR002', 'two backup copies',
    (b) => { bak(b).copies = 2; },
    'three copies',
    (b) => { bak(b).copies = 3; }],
  ['DUR003', 'RPO 0 with async replication',
    (b) => { slo(b).rpo = '0s'; comp(b, 'db').replication.sync = 'async'; },
    'RPO 0 with semi-sync replication',
    (b) => { slo(b).rpo = '0s'; }],
  ['DUR004', 'RPO 5 min; warm DR loses up to 15 min',
    (b) => { slo(b).rpo = '5m'; },
    'RPO 1 h',
    () => {}],
  ['DUR005', 'RTO 30 min; warm DR recovers in 1 h',
    (b) => { slo(b).rto = '30m'; },
    'RTO 4 h',
    () => {}],
  ['DUR006', 'write-back cache',
    (b) => { comp(b, 'cache').strategy = 'write_back'; },
    'write-through cache',
    (b) => { comp(b, 'cache').strategy = 'write_through'; }],
  ['DUR007', 'db without replication',
    (b) => { delete comp(b, 'db').replication; },
    'leader-follower replication',
    () => {}],
  ['DUR008', 'the queue on the write path delivers at most once',
    (b) => { comp(b, 'queue').delivery = 'at_most_once'; },
    'at least once',
    () => {}],
  ['CON001', 'leaderless db with R + W = 3 = N',
    (b) => { comp(b, 'db').replication = { mode: 'leaderless', n: 3, r: 1, w: 2 }; },
    'R + W = 4 > N',
    (b) => { comp(b, 'db').replication = { mode: 'leaderless', n: 3, r: 2, w: 2 }; }],
  ['CON002', 'reads from async followers (1 s lag)',
    (b) => { comp(b, 'db').replication = { mode: 'leader_follower', sync: 'async', followers: 2, lag: '1s',
                                           read_from_replicas: true, failover: '30s' }; },
    'async followers, reads from the leader',
    (b) => { comp(b, 'db').replication = { mode: 'leader_follower', sync: 'async', followers: 2, lag: '1s',
                                           failover: '30s' }; }],
  ['CON003', 'multi-leader db',
    (b) => { comp(b, 'db').replication = { mode: 'multi_leader', lag: '200ms' }; },
    'single leader',
    () => {}],
  ['CON004', 'at-least-once queue, consumer not idempotent',
    (b) => { comp(b, 'queue').idempotent_consumer = false; },
    'idempotent consumer',
    () => {}],
  ['CON005', 'a write-around cache with no TTL',
    (b) => { comp(b, 'cache').strategy = 'write_around'; delete comp(b, 'cache').ttl; },
    'write-around with a TTL of 1 h',
    (b) => { comp(b, 'cache').strategy = 'write_around'; }],
  ['SEC001', 'plain HTTP from the internet',
    (b) => { Object.assign(link(b, 'users', 'lb'), { protocol: 'http' }); delete link(b, 'users', 'lb').tls; },
    'HTTPS with TLS 1.3',
    () => {}],
  ['SEC002', 'api → db (app → data) in plaintext',
    (b) => { delete link(b, 'api', 'db').tls; },
    'TLS 1.2',
    () => {}],
  ['SEC003', 'db in the DMZ',
    (b) => { comp(b, 'db').zone = 'edge'; },
    'db in the data zone',
    () => {}],
  ['SEC004', 'no rate limit',
    (b) => { delete sec(b).rate_limit; },
    'rate limit 10/s',
    () => {}],
  ['SEC005', 'no authorisation model',
    (b) => { delete sec(b).authz; },
    'rbac',
    () => {}],
  ['SEC006', 'no authentication on the write path',
    (b) => { delete link(b, 'lb', 'api').auth; },
    'oidc on lb → api',
    () => {}],
  ['SEC007', 'basic auth on lb → api',
    (b) => { link(b, 'lb', 'api').auth = 'basic'; },
    'oidc',
    () => {}],
  ['SEC008', 'session auth to 3 accounts replicas with no session store and round-robin',
    (b) => {
      addService(b, 'accounts', 'app', { replicas: 3, capacity: '100/s', connection_pooling: true });
      b.links.push({ from: 'lb', to: 'accounts', protocol: 'https', tls: 'tls1.2', auth: 'session' });
      b.links.push({ from: 'accounts', to: 'db', protocol: 'sql', tls: 'tls1.2' });
    },
    'the same, with sessions kept in the cache',
    (b) => {
      addService(b, 'accounts', 'app', { replicas: 3, capacity: '100/s', connection_pooling: true });
      b.links.push({ from: 'lb', to: 'accounts', protocol: 'https', tls: 'tls1.2', auth: 'session' });
      b.links.push({ from: 'accounts', to: 'db', protocol: 'sql', tls: 'tls1.2' });
      b.links.push({ from: 'accounts', to: 'cache', protocol: 'tcp', tls: 'tls1.2' });
    }],
  ['SEC009', 'OIDC tokens valid 7 days',
    (b) => { sec(b).token_expiry = '7d'; },
    'valid 1 hour',
    () => {}],
  ['SEC010', 'no WAF',
    (b) => { sec(b).waf = false; },
    'WAF',
    () => {}],
  ['SEC011', 'no zero trust; api calls worker with no auth',
    (b) => { sec(b).zero_trust = false; b.links.push({ from: 'api', to: 'worker', protocol: 'grpc', tls: 'tls1.2' }); },
    'no zero trust; api calls worker with a JWT',
    (b) => {
      sec(b).zero_trust = false;
      b.links.push({ from: 'api', to: 'worker', protocol: 'grpc', tls: 'tls1.2', auth: 'jwt' });
    }],
  ['SEC012', 'zero trust declared; api calls worker with no auth',
    (b) => { b.links.push({ from: 'api', to: 'worker', protocol: 'grpc', tls: 'tls1.2' }); },
    'zero trust; api calls worker over mTLS',
    (b) => { b.links.push({ from: 'api', to: 'worker', protocol: 'grpc', tls: 'mtls' }); }],
  ['SEC013', 'secrets in plaintext',
    (b) => { sec(b).secrets = 'plaintext'; },
    'secrets in a vault',
    () => {}],
  ['SEC014', 'secrets in environment variables',
    (b) => { sec(b).secrets = 'env'; },
    'secrets in a KMS',
    (b) => { sec(b).secrets = 'kms'; }],
  ['SEC015', 'passwords hashed with SHA-256',
    (b) => { sec(b).password_hashing = 'sha256'; },
    'argon2id',
    () => {}],
  ['SEC016', 'CORS *',
    (b) => { sec(b).cors = '*'; },
    'CORS allow-list',
    () => {}],
  ['SEC017', 'certificates rotated yearly',
    (b) => { sec(b).cert_rotation = '1y'; },
    'every 30 days',
    () => {}],
  ['SEC018', 'db not encrypted at rest',
    (b) => { comp(b, 'db').encryption_at_rest = false; },
    'encrypted',
    () => {}],
  ['SEC019', 'backups not encrypted',
    (b) => { bak(b).encrypted = false; },
    'encrypted backups',
    () => {}],
  ['SEC020', 'no zones at all',
    (b) => { delete b.zones; for (const c of b.components) delete c.zone; },
    'DMZ, application and data zones',
    () => {}],
  ['SEC021', 'a service in the DMZ talks to the database',
    (b) => {
      addService(b, 'bff', 'edge', { connection_pooling: true });
      b.links.push({ from: 'lb', to: 'bff', protocol: 'http', tls: 'tls1.2', auth: 'oidc' });
      b.links.push({ from: 'bff', to: 'db', protocol: 'sql', tls: 'tls1.2' });
    },
    'the same service in the application zone',
    (b) => {
      addService(b, 'bff', 'app', { connection_pooling: true });
      b.links.push({ from: 'lb', to: 'bff', protocol: 'http', tls: 'tls1.2', auth: 'oidc' });
      b.links.push({ from: 'bff', to: 'db', protocol: 'sql', tls: 'tls1.2' });
    }],
  ['SEC022', 'session logins, no password hashing declared',
    (b) => { link(b, 'lb', 'api').auth = 'session'; delete sec(b).password_hashing; },
    'session logins, argon2id',
    (b) => { link(b, 'lb', 'api').auth = 'session'; }],
  ['CST001', '8 api replicas at 14% at peak',
    (b) => { comp(b, 'api').replicas = 8; },
    '3 api replicas at 37%',
    () => {}],
  ['CST002', 'cache hit ratio 30%',
    (b) => { comp(b, 'cache').hit_ratio = '30%'; },
    'hit ratio 90%',
    () => {}],
  ['CST003', 'hot DR for an RTO of 4 h and an RPO of 1 h',
    (b) => { bak(b).dr_tier = 'hot'; },
    'warm DR',
    () => {}],
  ['CST004', 'peak 5× the average; 4 fixed api replicas',
    (b) => { b.requirements.peak_factor = 5; comp(b, 'api').replicas = 4; },
    'the same, autoscaling 2..6',
    (b) => { b.requirements.peak_factor = 5; Object.assign(comp(b, 'api'), { replicas: 4, autoscale: { min: 2, max: 6 } }); }],
  ['OPS001', 'no monitoring',
    (b) => { sec(b).monitoring = false; },
    'monitoring',
    () => {}],
  ['OPS002', 'api behind the load balancer without health checks',
    (b) => { comp(b, 'api').health_checks = false; },
    'health checks',
    () => {}],
  ['OPS003', 'queue without a dead-letter queue',
    (b) => { comp(b, 'queue').dead_letter_queue = false; },
    'with a dead-letter queue',
    () => {}],
  ['OPS004', 'api → relational db with no pool on either side',
    (b) => { comp(b, 'api').connection_pooling = false; comp(b, 'db').connection_pooling = false; },
    'a pool in the database tier (pgbouncer)',
    (b) => { comp(b, 'api').connection_pooling = false; }],
  ['OPS005', 'api declares an N+1 query pattern',
    (b) => { comp(b, 'api').query_patterns = ['n_plus_one']; },
    'api batches its queries',
    (b) => { comp(b, 'api').query_patterns = ['batched']; }],
  ['OPS006', 'read-heavy relational db with no index',
    (b) => { comp(b, 'db').indexes = []; },
    'an index on id',
    () => {}],
  ['OPS007', 'db sharded hash mod 4',
    (b) => { comp(b, 'db').sharding = { scheme: 'hash', shards: 4, key: 'id' }; },
    'consistent hashing with 128 vnodes',
    (b) => { comp(b, 'db').sharding = { scheme: 'consistent_hash', shards: 4, key: 'id', vnodes: 128 }; }],
  ['OPS008', 'api declares an unbounded scan',
    (b) => { comp(b, 'api').query_patterns = ['unbounded_scan']; },
    'api paginates',
    (b) => { comp(b, 'api').query_patterns = ['paginated']; }],
  ['OPS009', 'lb retries api once; api at 73% → 147% when every call is retried',
    (b) => { comp(b, 'api').capacity = '100/s'; link(b, 'lb', 'api').retries = 1; },
    'api at 49%: 98% with one retry',
    (b) => { comp(b, 'api').capacity = '150/s'; link(b, 'lb', 'api').retries = 1; }],
  // Storage and cost (sdlab/storage.h, sdlab/cost.h). The base costs about $1.78K/month: compute $1.45K
  // (lb 2 × 2 vCPU/4 GB, api 3 × 2/4, cache 2 × 2/8, db 3 × 4/16, queue 3 × 2/8, worker 2 × 2/4 at
  // $0.04/vCPU-h + $0.005/GB-h × 720 h), db storage 3 TB × $0.10 = $300, egress 259 GB × $0.09 = $23.
  ['CAP010', 'a DFS with 4 MiB blocks: 10 TB × 3 nodes ÷ 3 copies = 10 TB of data in 2.4M blocks',
    (b) => { b.components.push({ id: 'hdfs', kind: 'dfs', zone: 'data', replicas: 3, replication_factor: 3,
                                 block_size: '4MiB', storage: '10TB', encryption_at_rest: true }); },
    'the same DFS with 128 MiB blocks',
    (b) => { b.components.push({ id: 'hdfs', kind: 'dfs', zone: 'data', replicas: 3, replication_factor: 3,
                                 block_size: '128MiB', storage: '10TB', encryption_at_rest: true }); }],
  ['DUR009', 'a DFS with replication factor 1',
    (b) => { b.components.push({ id: 'hdfs', kind: 'dfs', zone: 'data', replicas: 3, replication_factor: 1,
                                 storage: '10TB', encryption_at_rest: true }); },
    'replication factor 3',
    (b) => { b.components.push({ id: 'hdfs', kind: 'dfs', zone: 'data', replicas: 3, replication_factor: 3,
                                 storage: '10TB', encryption_at_rest: true }); }],
  ['CST005', 'object storage in the archive tier with access: hot',
    (b) => { b.components.push({ id: 'files', kind: 'object_storage', zone: 'data', tier: 'archive', access: 'hot',
                                 storage: '1TB', encryption_at_rest: true }); },
    'the same with access: cold',
    (b) => { b.components.push({ id: 'files', kind: 'object_storage', zone: 'data', tier: 'archive', access: 'cold',
                                 storage: '1TB', encryption_at_rest: true }); }],
  ['CST006', '50 TB of standard object storage, no lifecycle: $1.15K/month; tiered over 1 y ≈ $273',
    (b) => { b.components.push({ id: 'files', kind: 'object_storage', zone: 'data', tier: 'standard',
                                 storage: '50TB', encryption_at_rest: true }); },
    'the same with infrequent after 30 d and archive after 90 d',
    (b) => { b.components.push({ id: 'files', kind: 'object_storage', zone: 'data', tier: 'standard',
                                 storage: '50TB', encryption_at_rest: true,
                                 lifecycle: [{ after: '30d', tier: 'infrequent' }, { after: '90d', tier: 'archive' }] }); }],
  ['CST007', 'reads of 1 MB with no CDN: 100/s × 1 MB × 30 d = 259 TB of egress, $23.3K/month',
    (b) => { b.requirements.read_size = '1MB'; },
    'the same behind a CDN hitting 90%',
    (b) => {
      b.requirements.read_size = '1MB';
      b.components.push({ id: 'cdn', kind: 'cdn', zone: 'edge', hit_ratio: '90%', ttl: '1h' });
      b.links.push({ from: 'users', to: 'cdn', protocol: 'https', tls: 'tls1.3' });
      b.links.push({ from: 'cdn', to: 'lb', protocol: 'https', tls: 'tls1.2' });
      flow(b, 'read').path = ['users', 'cdn', 'lb', 'api', 'cache', 'db'];
    }],
  ['CST008', 'a budget of $1K/month for a design costing about $1.78K',
    (b) => { b.requirements.budget = '$1K/month'; },
    'a budget of $2.5K/month',
    (b) => { b.requirements.budget = '$2.5K/month'; }],
  ['NET001', 'api polls: 100K subscribers every 5 s = 20K requests/s and 14 MB/s of headers for 1.67K updates/s',
    (b) => { comp(b, 'api').realtime = { transport: 'polling', subscribers: '100K', updates_per_s: '1/min',
                                          poll_interval: '5s' }; },
    'the same subscribers over WebSocket',
    (b) => { comp(b, 'api').realtime = { transport: 'websocket', subscribers: '100K', updates_per_s: '1/min' }; }],
  ['NET002', 'data in us-east-1, api in eu-west-1: 1 TCP + 2 TLS 1.2 RTTs of ~71 ms = 212 ms per call, over half the 200 ms p99 SLO',
    (b) => { b.zones[0].region = 'eu-west-1'; b.zones[1].region = 'eu-west-1'; b.zones[2].region = 'us-east-1'; },
    'the same regions with pooled connections (connection_reuse: true)',
    (b) => {
      b.zones[0].region = 'eu-west-1'; b.zones[1].region = 'eu-west-1'; b.zones[2].region = 'us-east-1';
      link(b, 'api', 'cache').connection_reuse = true;
      link(b, 'api', 'db').connection_reuse = true;
    }],
  ['NET003', 'api → cache carries 200 reads/s × 100 KB = 20 MB/s of JSON',
    (b) => { b.requirements.read_size = '100KB'; link(b, 'api', 'cache').serialization = 'json'; },
    'the same traffic in Protocol Buffers',
    (b) => { b.requirements.read_size = '100KB'; link(b, 'api', 'cache').serialization = 'protobuf'; }],
  ['NET004', 'api → svc over HTTP/1.1: 200/s × 200 ms = 40 calls in flight, 13 per api replica',
    (b) => {
      addService(b, 'svc', 'app', { latency: '200ms' });
      b.links.push({ from: 'api', to: 'svc', protocol: 'http', tls: 'tls1.2', http_version: '1.1' });
      flow(b, 'read').path = ['users', 'lb', 'api', 'svc'];
    },
    'the same calls over HTTP/2',
    (b) => {
      addService(b, 'svc', 'app', { latency: '200ms' });
      b.links.push({ from: 'api', to: 'svc', protocol: 'http', tls: 'tls1.2', http_version: '2' });
      flow(b, 'read').path = ['users', 'lb', 'api', 'svc'];
    }],
  ['CCY001', 'api: thread pool of 4, 10 ms + 100 ms blocking: 220/s ÷ 3 × 0.11 s = 8.1 requests in flight per replica',
    (b) => { Object.assign(comp(b, 'api'), { concurrency_model: 'thread_pool', threads: 4, blocking_time: '100ms' }); },
    'a pool of 16 threads',
    (b) => { Object.assign(comp(b, 'api'), { concurrency_model: 'thread_pool', threads: 16, blocking_time: '100ms' }); }],
  ['CCY002', 'api: thread per request, 2 s blocking: 147 threads × 1 MiB > 64 MB',
    (b) => { Object.assign(comp(b, 'api'), { concurrency_model: 'thread_per_request', blocking_time: '2s', memory: '64MB' }); },
    'the same with 1 GB of memory',
    (b) => { Object.assign(comp(b, 'api'), { concurrency_model: 'thread_per_request', blocking_time: '2s', memory: '1GB' }); }],
  ['DBO001', 'api 3 replicas × db_pool_size 10 = 30 connections > db max_connections 20',
    (b) => { comp(b, 'api').db_pool_size = 10; comp(b, 'db').max_connections = 20; },
    'max_connections 100',
    (b) => { comp(b, 'api').db_pool_size = 10; comp(b, 'db').max_connections = 100; }],
  ['DBO002', 'db queries take 50 ms: 220/s ÷ 3 × 0.05 s = 3.7 connections per replica > pool of 2',
    (b) => { comp(b, 'db').latency = '50ms'; comp(b, 'api').db_pool_size = 2; },
    'a pool of 8',
    (b) => { comp(b, 'db').latency = '50ms'; comp(b, 'api').db_pool_size = 8; }],
  ['DBO003', 'api N+1 against db (5 ms): 19 × 5 ms = 95 ms added at 220/s, above 10% of the 200 ms p99',
    (b) => { comp(b, 'api').query_patterns = ['n_plus_one']; },
    'db answers in 0.5 ms: 9.5 ms added, under 20 ms',
    (b) => { comp(b, 'api').query_patterns = ['n_plus_one']; comp(b, 'db').latency = '0.5ms'; }],
  ['DBO004', 'db queried by email without an index on it',
    (b) => { comp(b, 'db').access_patterns = ['id', 'email']; },
    'queried by id only (indexed)',
    (b) => { comp(b, 'db').access_patterns = ['id']; }],
  ['SLO001', 'p99 SLO 60 ms; read flow fans out to db 1000×: db at 0.99^(1/1000) ≈ 58 ms + the path ≈ 10 ms',
    (b) => { slo(b).latency_p99 = '60ms'; flow(b, 'read').fan_out = 1000; },
    'a fan-out of 2: db at 0.995 ≈ 27 ms + 10 ms',
    (b) => { slo(b).latency_p99 = '60ms'; flow(b, 'read').fan_out = 2; }],
];

function write(path, header, bp) {
  mkdirSync(dirname(path), { recursive: true });
  const lines = header.map((h) => `// ${h}`).join('\n');
  writeFileSync(path, `${lines}\n${JSON.stringify(bp, null, 2)}\n`);
}

write(join(here, 'base.json'), ['The clean base of the per-rule cases: fires no rule. Generated by generate.mjs.'], base());
for (const [rule, triggerText, trigger, passText, pass] of cases) {
  const t = base();
  t.name = `${rule.toLowerCase()}-trigger`;
  trigger(t);
  write(join(here, rule, 'trigger.json'), [`${rule} fires: ${triggerText}.`, 'Generated by tests/data/rules/generate.mjs.'], t);
  const p = base();
  p.name = `${rule.toLowerCase()}-pass`;
  pass(p);
  write(join(here, rule, 'pass.json'), [`${rule} does not fire: ${passText}.`, 'Generated by tests/data/rules/generate.mjs.'], p);
}
console.log(`wrote ${cases.length} rule cases`);
