// `sdlab model cache|shard`: JSON keys, figures against theory and hand-checked traces, determinism
// for a seed, published jump-hash vectors, and exit code 2 on bad flags.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunSdlab } from './lib.mjs';

function Json(args) {
  const r = RunSdlab(args);
  assert.equal(r.status, 0, `sdlab ${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

function BadInput(args, pattern) {
  const r = RunSdlab(args);
  assert.equal(r.status, 2, `expected exit 2 for ${args.join(' ')}, got ${r.status}: ${r.stdout}`);
  if (pattern) assert.match(r.stderr, pattern);
}

const kCache = ['model', 'cache', '--format', 'json'];
const kShard = ['model', 'shard', '--format', 'json'];

test('model cache: keys, counts and the Che approximation', () => {
  const j = Json([...kCache, '--policy', 'lru', '--objects', '1000', '--alpha', '0.8', '--size', '100',
    '--requests', '100000', '--warmup', '10000', '--seed', '7', '--analytic']);
  for (const key of ['policy', 'hit_ratio', 'miss_ratio', 'requests', 'hits', 'che_t', 'che_hit_ratio']) {
    assert.ok(key in j, `missing ${key}`);
  }
  assert.equal(j.policy, 'lru');
  assert.equal(j.requests, 90000);
  assert.equal(j.hits + j.misses, 90000);
  assert.ok(Math.abs(j.hit_ratio + j.miss_ratio - 1) < 1e-12);
  assert.ok(j.che_t > 100, 'T exceeds C for a skewed workload');
  assert.ok(Math.abs(j.che_hit_ratio - j.hit_ratio) < 0.01, `Che ${j.che_hit_ratio} vs simulated ${j.hit_ratio}`);
  assert.ok(j.fifo_approx_hit_ratio < j.che_hit_ratio && j.che_hit_ratio < j.top_c_hit_ratio);
});

test('model cache: deterministic for a seed, different across seeds', () => {
  const args = [...kCache, '--policy', 'random', '--objects', '2000', '--size', '200', '--requests', '50000'];
  const a = RunSdlab([...args, '--seed', '3']);
  const b = RunSdlab([...args, '--seed', '3']);
  const c = RunSdlab([...args, '--seed', '4']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  assert.notEqual(a.stdout, c.stdout);
});

test('model cache: --sizes gives a curve whose matching point equals the run', () => {
  const j = Json([...kCache, '--policy', 'lru', '--objects', '500', '--size', '50', '--sizes', '10,50,200',
    '--requests', '20000', '--analytic']);
  assert.equal(j.curve_method, 'stack_distance');
  assert.deepEqual(j.curve.map((p) => p.size), [10, 50, 200]);
  assert.equal(j.curve[1].hit_ratio, j.hit_ratio);
  assert.ok(j.curve[0].hit_ratio < j.curve[1].hit_ratio && j.curve[1].hit_ratio < j.curve[2].hit_ratio);
  for (const p of j.curve) assert.ok('che_hit_ratio' in p && 'top_c_hit_ratio' in p);
});

test('model cache: every policy runs; Belady bounds the others', () => {
  const base = [...kCache, '--objects', '1000', '--size', '50', '--requests', '20000', '--seed', '2'];
  const opt = Json([...base, '--policy', 'belady']).hits;
  for (const p of ['lru', 'fifo', 'lfu', 'random', 'clock', 'sieve', 'arc', 's3fifo']) {
    const j = Json([...base, '--policy', p]);
    assert.equal(j.policy, p);
    assert.ok(j.hits <= opt, `${p}: ${j.hits} hits beat Belady's ${opt}`);
  }
});

test('model cache: trace replay matches a reference simulation (oracleGeneral, CSV, key list)', () => {
  // Reference counts from an independent Python LRU over the same files (tests/data/traces).
  const og = Json([...kCache, '--trace', 'tests/data/traces/zipf1000.oracleGeneral', '--trace-format',
    'oracle-general', '--ignore-size', '--size', '10']);
  assert.equal(og.requests, 1000);
  assert.equal(og.hits, 400);
  assert.equal(og.workload.source, 'trace');
  assert.equal(og.capacity_unit, 'objects');
  const sized = Json([...kCache, '--trace', 'tests/data/traces/zipf1000.oracleGeneral', '--size', '5000']);
  assert.equal(sized.capacity_unit, 'bytes');
  assert.equal(sized.hits, 428);
  const csv = Json([...kCache, '--trace', 'tests/data/traces/zipf1000.csv', '--trace-format', 'csv', '--size', '5000']);
  assert.equal(csv.hits, 428);
  const keys = Json([...kCache, '--trace', 'tests/data/traces/keys1000.txt', '--policy', 'fifo', '--size', '10']);
  assert.equal(keys.hits, 355);
});

test('model cache: write strategies', () => {
  const back = Json([...kCache, '--objects', '1000', '--size', '100', '--requests', '20000', '--write-policy',
    'write-back', '--write-rps', '100', '--value-size', '1KB', '--flush-interval', '1s']);
  assert.equal(back.strategy.strategy, 'write-back');
  assert.equal(back.strategy.data_at_risk_bytes, 100000);
  assert.ok(back.strategy.write_latency_s < back.strategy.read_latency_s + 1);
  const around = Json([...kCache, '--objects', '1000', '--size', '100', '--requests', '20000', '--write-policy',
    'write-around']);
  assert.equal(around.strategy.staleness_unbounded, true);
  assert.equal(around.strategy.data_at_risk_bytes, 0);
});

test('model cache: models of real servers need a rate and report the regime it puts them in', () => {
  BadInput([...kCache, '--policy', 'redis-lru'], /--rate is required/);
  BadInput([...kCache, '--policy', 'memcached', '--trace', 'tests/data/traces/keys1000.txt'], /--rate is required/);
  BadInput([...kCache, '--policy', 'redis-lru', '--rate', '0'], /rate/);
  BadInput([...kCache, '--policy', 'redis-lru', '--rate', 'fast'], /not a rate/);
  BadInput([...kCache, '--policy', 'redis-lru', '--rate', '100', '--samples', '0'], /maxmemory-samples/);
  BadInput([...kCache, '--policy', 'memcached', '--rate', '100', '--hot-lru-pct', '90'], /80/);

  const base = [...kCache, '--objects', '20000', '--alpha', '0.8', '--size', '2000', '--requests', '300000',
    '--warmup', '100000', '--seed', '3'];
  const lru = Json([...base, '--policy', 'lru']);
  const random = Json([...base, '--policy', 'random']);
  const fast = Json([...base, '--policy', 'redis-lru', '--rate', '1M/s']);
  const slow = Json([...base, '--policy', 'allkeys-lru', '--rate', '20']);
  assert.equal(fast.policy, 'redis-lru');
  assert.equal(slow.policy, 'redis-lru');
  assert.equal(fast.workload.rate, 1e6);
  for (const key of ['engine', 'settings', 'rate', 'turnover_s', 'clock_resolution_s', 'formula', 'regime']) {
    assert.ok(key in fast.server, `missing server.${key}`);
  }
  assert.equal(fast.server.engine, 'redis');
  assert.match(fast.server.settings, /maxmemory-policy allkeys-lru, maxmemory-samples 5/);
  assert.ok(fast.server.turnover_s < 0.01 && slow.server.turnover_s > 60, `${fast.server.turnover_s} ${slow.server.turnover_s}`);
  assert.match(fast.server.regime, /RANDOM/);
  assert.match(slow.server.regime, /exact LRU/);
  // Fast: within a point of RANDOM, several below textbook LRU. Slow: within a point of LRU.
  assert.ok(Math.abs(fast.hit_ratio - random.hit_ratio) < 0.01, `fast ${fast.hit_ratio} vs random ${random.hit_ratio}`);
  assert.ok(lru.hit_ratio - fast.hit_ratio > 0.025, `fast ${fast.hit_ratio} vs lru ${lru.hit_ratio}`);
  assert.ok(Math.abs(slow.hit_ratio - lru.hit_ratio) < 0.01, `slow ${slow.hit_ratio} vs lru ${lru.hit_ratio}`);
  assert.match(Json([...base, '--policy', 'redis-lru', '--rate', '20', '--samples', '10']).server.settings,
    /maxmemory-samples 10/);

  const lfu = Json([...base, '--policy', 'allkeys-lfu', '--rate', '1000', '--lfu-log-factor', '5']);
  assert.equal(lfu.policy, 'redis-lfu');
  assert.match(lfu.server.settings, /lfu-log-factor 5, lfu-decay-time 1 min/);
  const mc = Json([...base, '--policy', 'memcached', '--rate', '1000']);
  assert.equal(mc.server.engine, 'memcached');
  assert.match(mc.server.settings, /hot_lru_pct 20, warm_lru_pct 40/);
  // A trace's timestamps (seconds) are a clock; --rate replaces them.
  const traced = Json([...kCache, '--trace', 'tests/data/traces/zipf1000.oracleGeneral', '--ignore-size', '--size', '10',
    '--policy', 'redis-lru']);
  assert.equal(traced.requests, 1000);
  assert.ok(traced.server.rate > 0);
  const keys = Json([...kCache, '--trace', 'tests/data/traces/keys1000.txt', '--policy', 'memcached', '--size', '10',
    '--rate', '50']);
  assert.equal(keys.workload.rate, 50);
  const text = RunSdlab(['model', 'cache', ...base.slice(4), '--policy', 'redis-lru', '--rate', '1M']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /server model: redis/);
  assert.match(text.stdout, /turnover = cached objects ÷ misses per second/);
});

test('model cache: bad flags exit 2', () => {
  BadInput([...kCache, '--policy', 'mru'], /unknown policy/);
  BadInput([...kCache, '--size', '0'], /capacity/);
  BadInput([...kCache, '--objects', 'many']);
  BadInput([...kCache, '--alpha', '-1'], /alpha/);
  BadInput([...kCache, '--requests', '1000', '--warmup', '2000'], /warmup/);
  BadInput([...kCache, '--trace', 'tests/data/traces/does-not-exist.oracleGeneral'], /cannot open/);
  BadInput([...kCache, '--trace', 'tests/data/traces/zipf1000.csv', '--trace-format', 'oracle-general'], /24 bytes/);
  BadInput([...kCache, '--write-policy', 'write-sideways'], /write strategy/);
  BadInput([...kCache, '--format', 'yaml']);
});

test('model shard: keys, ring theory and moved fraction', () => {
  const j = Json([...kShard, '--scheme', 'ring', '--nodes', '10', '--vnodes', '100', '--keys', '100000', '--add', '1']);
  for (const key of ['max_over_avg', 'stddev_over_avg', 'moved_fraction', 'per_node', 'theory_stddev_over_avg']) {
    assert.ok(key in j, `missing ${key}`);
  }
  assert.equal(j.per_node.length, 10);
  assert.ok(Math.abs(j.theory_stddev_over_avg - Math.sqrt(9 / 1001)) < 1e-12);
  assert.ok(j.moved_fraction > 0.05 && j.moved_fraction < 0.14, `moved ${j.moved_fraction}`);
  assert.ok(Math.abs(j.ideal_moved_fraction - 1 / 11) < 1e-12);
  const total = j.per_node.reduce((s, n) => s + n.keys, 0);
  assert.equal(total, 100000);
});

test('model shard: modulo moves most keys, jump about 1/(n+1)', () => {
  const mod = Json([...kShard, '--scheme', 'modulo', '--nodes', '10', '--keys', '50000', '--add', '1']);
  assert.ok(Math.abs(mod.moved_fraction - 10 / 11) < 0.01, `modulo moved ${mod.moved_fraction}`);
  const jump = Json([...kShard, '--scheme', 'jump', '--nodes', '10', '--keys', '50000', '--add', '1']);
  assert.ok(Math.abs(jump.moved_fraction - 1 / 11) < 0.01, `jump moved ${jump.moved_fraction}`);
});

test('model shard: range on a sequential key has a hot shard', () => {
  const j = Json([...kShard, '--scheme', 'range', '--nodes', '4', '--keys', '10000', '--key-distribution', 'sequential']);
  assert.equal(j.hot_shard, true);
  assert.equal(j.insert_max_over_avg, 4);
  assert.deepEqual(j.hot_nodes, [3]);
});

test('model shard: --lookup with published jump vectors and deterministic output', () => {
  assert.deepEqual(Json([...kShard, '--scheme', 'jump', '--nodes', '11', '--lookup', '2016238256797177309']), { node: 3 });
  assert.deepEqual(Json([...kShard, '--scheme', 'jump', '--nodes', '100001', '--lookup', '2201']), { node: 22152 });
  assert.deepEqual(Json([...kShard, '--scheme', 'jump', '--nodes', '100', '--lookup', '1']), { node: 55 });
  const a = RunSdlab([...kShard, '--scheme', 'maglev', '--nodes', '5', '--keys', '5000', '--remove', '1', '--seed', '9']);
  const b = RunSdlab([...kShard, '--scheme', 'maglev', '--nodes', '5', '--keys', '5000', '--remove', '1', '--seed', '9']);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const geo = Json([...kShard, '--scheme', 'geo', '--regions', 'eu=2:0.5,us=2:0.5', '--lookup', 'eu:user-1']);
  assert.ok(geo.node === 0 || geo.node === 1);
});

test('model shard: bad flags exit 2', () => {
  BadInput([...kShard, '--scheme', 'warp'], /unknown scheme/);
  BadInput([...kShard, '--nodes', '0'], /nodes/);
  BadInput([...kShard, '--add', '1', '--remove', '1']);
  BadInput([...kShard, '--key-distribution', 'gaussian'], /key distribution/);
  BadInput([...kShard, '--scheme', 'bounded', '--load-factor', '0.9'], /load factor/);
  BadInput([...kShard, '--scheme', 'maglev', '--table-size', '1000'], /prime/);
  BadInput([...kShard, '--scheme', 'geo'], /regions/);
  BadInput([...kShard, '--nodes', '3', '--remove', '3'], /remove/);
});
