// sdlab's Redis model against a real redis-server.
//
// Starts redis-server on 127.0.0.1 on a free port (no persistence, maxmemory-policy allkeys-lru,
// maxmemory-samples 5), drives a seeded Zipf(0.8) workload through it with the cache-aside pattern
// (GET; on a miss, SET) at a controlled request rate, measures the hit ratio and the number of
// keys the memory limit holds (DBSIZE, sampled during the measured phase), then asks
// `sdlab model cache --policy redis-lru` for the same workload, capacity and rate. Two settings:
//   fast  100 K keys, about 10 K cached, as many requests per second as the machine gives (tens of
//         thousands): the cache turns over in well under a second, Redis's 1 s LRU clock cannot
//         tell the sampled keys apart and eviction is close to RANDOM;
//   slow  10 K keys, about 1.5 K cached, a few hundred requests per second: a turnover of several
//         seconds, where sampled LRU is close to exact LRU.
// The model must be within 1.5 points of the measured hit ratio at both. The server is killed by
// pid afterwards, whatever happens. Skipped (with a message) when redis-server is not installed.
//
// Pipelining: a batch's GETs go out together and its misses are stored (SET) ahead of the next
// batch's GETs. A key asked for twice in one batch while missing would miss twice, where a client
// storing right after each miss (what the model counts) hits the second time: such a GET is counted
// as a hit, and how many there were is reported ("hits on keys whose SET was queued", ~0.3% of
// requests at 200 per batch). The slow setting sends one request at a time.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/redis/
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';

import { RunSdlab } from '../cli/lib.mjs';
import { EncodeCommand, RespClient, RespError } from './resp.mjs';

const kRedisServer = 'redis-server';
const kAlpha = 0.8;
const kValue = Buffer.alloc(100, 'v');  // every value the same size: capacity in keys is meaningful
const kTolerance = 0.015;

// [SECTION] Workload ------------------------------------------------------------------------------

/** sfc32 seeded through splitmix32: a small, fast, seeded PRNG giving floats in [0, 1). */
function Prng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split(), b = split(), c = split(), d = split();
  return () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
}

/** Zipf(α) over n ranks: P(i) ∝ (i + 1)^-α, sampled by inverse CDF (binary search). */
function ZipfSampler(n, alpha, random) {
  const cdf = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    total += Math.pow(i + 1, -alpha);
    cdf[i] = total;
  }
  return () => {
    const u = random() * total;
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] > u) hi = mid; else lo = mid + 1;
    }
    return lo;
  };
}

// [SECTION] The server ----------------------------------------------------------------------------

function RedisInstalled() {
  const r = spawnSync(kRedisServer, ['--version'], { encoding: 'utf8' });
  return !r.error && r.status === 0;
}

function FreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Starts redis-server and connects; resolves with { proc, port, client, dir }. */
async function StartRedis() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-redis-'));
  const port = await FreePort();
  const proc = spawn(kRedisServer, [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes',
    '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no', '--logfile', '',
    '--maxmemory-policy', 'allkeys-lru', '--maxmemory-samples', '5',
  ], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  // Should this process end before StopRedis runs (a crash, a signal to the runner), take the server along.
  const killOnExit = () => {
    try {
      process.kill(proc.pid, 'SIGKILL');
    } catch { /* already gone */ }
  };
  process.once('exit', killOnExit);
  proc.once('exit', () => process.off('exit', killOnExit));
  const server = { proc, port, dir, client: null };
  for (let i = 0; i < 100; i++) {
    if (proc.exitCode !== null) throw new Error(`redis-server exited (${proc.exitCode}): ${stderr}`);
    try {
      server.client = await RespClient.connect(port);
      const [pong] = await server.client.send([['PING']]);
      if (pong === 'PONG') return server;
    } catch {
      server.client?.close();
      server.client = null;
    }
    await sleep(100);
  }
  throw new Error(`redis-server did not answer on port ${port}: ${stderr}`);
}

/** Closes the connection, kills the server by its pid and waits for it to exit. */
async function StopRedis(server) {
  server.client?.close();
  const { proc } = server;
  if (proc.exitCode === null && proc.signalCode === null) {
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    try {
      process.kill(proc.pid, 'SIGTERM');
    } catch { /* already gone */ }
    const done = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!done) {
      try {
        process.kill(proc.pid, 'SIGKILL');
      } catch { /* already gone */ }
      await exited;
    }
  }
  rmSync(server.dir, { recursive: true, force: true });
}

async function UsedMemory(client) {
  const [info] = await client.send([['INFO', 'memory']]);
  const m = /used_memory:(\d+)/.exec(info.toString('latin1'));
  assert.ok(m, 'INFO memory has used_memory');
  return Number(m[1]);
}

/**
 * Sets maxmemory so that about `keys` keys of the test's shape fit: stores keys k0..k{keys-1},
 * reads used_memory, sets that as maxmemory and empties the database again.
 */
async function LimitMemoryTo(client, keys) {
  await client.send([['CONFIG', 'SET', 'maxmemory', '0'], ['FLUSHALL', 'SYNC']]);
  for (let i = 0; i < keys; i += 1000) {
    const batch = [];
    for (let k = i; k < Math.min(keys, i + 1000); k++) batch.push(['SET', `k${k}`, kValue]);
    await client.send(batch);
  }
  const used = await UsedMemory(client);
  const replies = await client.send([['CONFIG', 'SET', 'maxmemory', String(used)], ['FLUSHALL', 'SYNC']]);
  for (const r of replies) assert.ok(!(r instanceof RespError), `redis: ${r.message}`);
  return used;
}

// [SECTION] Cache-aside at a controlled rate ------------------------------------------------------

/**
 * Drives warmup + requests cache-aside GETs (a miss is followed by a SET of the key, sent with the
 * next batch) at `rate` requests/s in batches of `batch`, and samples DBSIZE every `dbsizeEvery`
 * batches of the measured phase. Pacing: batch j starts no earlier than start + j·batch/rate; a
 * client that falls behind sends at once (the measured rate is what the model is given).
 */
async function CacheAside(client, { objects, seed, warmup, requests, rate, batch, dbsizeEvery }) {
  const next = ZipfSampler(objects, kAlpha, Prng(seed));
  const get = [];
  const set = [];
  for (let k = 0; k < objects; k++) {
    get.push(EncodeCommand(['GET', `k${k}`]));
    set.push(EncodeCommand(['SET', `k${k}`, kValue]));
  }
  const dbsizeCmd = EncodeCommand(['DBSIZE']);
  const total = warmup + requests;
  let hits = 0;
  let setErrors = 0;
  let pending = [];  // keys missed by the previous batch, stored before the next GETs
  const inFlight = new Set();
  let inFlightHits = 0;
  const dbsizes = [];
  let measuredStart = 0;
  const start = performance.now();
  let batches = 0;
  for (let i = 0; i < total; i += batch) {
    const due = start + (i / rate) * 1000;
    const now = performance.now();
    if (due > now + 0.5) await sleep(due - now);
    if (i >= warmup && measuredStart === 0) measuredStart = performance.now();
    const n = Math.min(batch, total - i);
    const ids = new Array(n);
    for (let j = 0; j < n; j++) ids[j] = next();
    const sampleDb = i >= warmup && batches % dbsizeEvery === 0;
    const parts = [];
    for (const k of pending) parts.push(set[k]);
    for (const k of ids) parts.push(get[k]);
    if (sampleDb) parts.push(dbsizeCmd);
    const count = pending.length + n + (sampleDb ? 1 : 0);
    const replies = await client.sendEncoded(Buffer.concat(parts), count);
    let r = 0;
    for (; r < pending.length; r++) if (replies[r] !== 'OK') setErrors++;
    pending = [];
    inFlight.clear();
    for (let j = 0; j < n; j++, r++) {
      const v = replies[r];
      if (v instanceof RespError) throw new Error(`GET failed: ${v.message}`);
      const counted = i + j >= warmup;
      if (v !== null) {
        if (counted) hits++;
      } else if (inFlight.has(ids[j])) {
        // Missed earlier in this batch: its SET is queued. A client that stores right after a miss
        // (cache-aside without pipelining, what the model counts) would hit here.
        if (counted) {
          hits++;
          inFlightHits++;
        }
      } else {
        inFlight.add(ids[j]);
        pending.push(ids[j]);
      }
    }
    if (sampleDb) dbsizes.push(replies[r]);
    batches++;
  }
  const seconds = (performance.now() - measuredStart) / 1000;
  const dbsize = dbsizes.reduce((s, x) => s + x, 0) / dbsizes.length;
  return {
    hits, requests, hitRatio: hits / requests, inFlightHits, seconds, rate: requests / seconds, setErrors,
    dbsize, dbsizeMin: Math.min(...dbsizes), dbsizeMax: Math.max(...dbsizes), dbsizeSamples: dbsizes.length,
  };
}

/** sdlab's prediction for the same workload at the measured capacity and rate. */
function Predict(policy, { objects, capacity, rate, seed, extra = [] }) {
  const requests = Math.max(2000000, 60 * capacity);
  const args = ['model', 'cache', '--format', 'json', '--policy', policy, '--objects', String(objects),
    '--alpha', String(kAlpha), '--size', String(capacity), '--requests', String(requests),
    '--warmup', String(Math.floor(requests / 2)), '--seed', String(seed), ...extra];
  if (policy !== 'lru') args.push('--rate', rate.toFixed(1), '--samples', '5');
  const r = RunSdlab(args, { timeout: 60000 });
  assert.equal(r.status, 0, `sdlab ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

// [SECTION] The test ------------------------------------------------------------------------------

const kSettings = [
  // fast: a turnover well under a second (as fast as the client gets; typically tens of K/s).
  { name: 'fast', objects: 100000, keys: 10000, seed: 11, warmup: 400000, requests: 800000, rate: 200000, batch: 200,
    dbsizeEvery: 50 },
  // slow: a turnover of several seconds; scaled down so that it stays short.
  { name: 'slow', objects: 10000, keys: 1500, seed: 12, warmup: 8000, requests: 40000, rate: 700, batch: 1,
    dbsizeEvery: 200 },
];

test('redis-lru predicts a real redis-server (allkeys-lru, maxmemory-samples 5) within 1.5 points', { timeout: 300000 }, async (t) => {
  if (!RedisInstalled()) {
    t.skip('redis-server is not installed (Debian package redis-server; scripts/setup.sh installs it)');
    return;
  }
  const began = performance.now();
  const server = await StartRedis();
  try {
    for (const s of kSettings) {
      await LimitMemoryTo(server.client, s.keys);
      const m = await CacheAside(server.client, s);
      const capacity = Math.round(m.dbsize);
      const redis = Predict('redis-lru', { objects: s.objects, capacity, rate: m.rate, seed: s.seed });
      const lru = Predict('lru', { objects: s.objects, capacity, rate: m.rate, seed: s.seed });
      const random = Predict('random', { objects: s.objects, capacity, rate: m.rate, seed: s.seed });
      const line = `${s.name}: measured ${m.hitRatio.toFixed(4)} at ${Math.round(m.rate)}/s over ${m.requests} ` +
        `requests (${m.seconds.toFixed(1)} s; ${m.inFlightHits} hits on keys whose SET was queued), DBSIZE ${m.dbsize.toFixed(0)} [${m.dbsizeMin}..${m.dbsizeMax}], ` +
        `redis-lru model ${redis.hit_ratio.toFixed(4)} (turnover ${redis.server.turnover_s.toFixed(2)} s), ` +
        `textbook lru ${lru.hit_ratio.toFixed(4)}, random ${random.hit_ratio.toFixed(4)}`;
      t.diagnostic(line);
      assert.equal(m.setErrors, 0, 'every SET was stored');
      assert.ok(Math.abs(m.dbsize - s.keys) < 0.25 * s.keys, `DBSIZE ${m.dbsize} near the ${s.keys} keys aimed at`);
      assert.ok(Math.abs(redis.hit_ratio - m.hitRatio) <= kTolerance,
        `${s.name}: sdlab's redis-lru ${redis.hit_ratio.toFixed(4)} vs measured ${m.hitRatio.toFixed(4)}`);
      if (s.name === 'fast') {
        assert.ok(redis.server.turnover_s < 1, `fast: turnover ${redis.server.turnover_s} s is not under a second`);
      } else {
        assert.ok(redis.server.turnover_s > 2, `slow: turnover ${redis.server.turnover_s} s is not several seconds`);
        // Close to exact LRU, clearly above RANDOM.
        assert.ok(Math.abs(lru.hit_ratio - m.hitRatio) <= kTolerance, `slow: exact LRU ${lru.hit_ratio} vs ${m.hitRatio}`);
      }
      // Where the model says the clock matters, the textbook LRU figure misses what Redis does.
      if (lru.hit_ratio - redis.hit_ratio > 0.025) {
        assert.ok(lru.hit_ratio - m.hitRatio > kTolerance,
          `${s.name}: textbook LRU ${lru.hit_ratio} should overestimate the measured ${m.hitRatio}`);
      }
    }
  } finally {
    await StopRedis(server);
  }
  const line = `redis integration test: ${((performance.now() - began) / 1000).toFixed(1)} s`;
  t.diagnostic(line);
});
