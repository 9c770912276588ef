// End-to-end test of the playground's labs in a real browser (Debian's Chromium, driven by playwright-core).
//
//   node --test tests/browser/labs.test.mjs
//
// Opens each lab through the Labs menu with the mouse, changes an input the way a person does (clicks a
// button or radio button, or Ctrl+clicks a slider and types a value), and reads the lab back through the
// page's exported sdlab_labs_json(). Each check is twofold: the figure moved the right way, and where a
// closed form exists it equals the closed form computed here in JavaScript (Erlang C, binomial quorum
// availability, PBS's C(N−W,R)/C(N,R), k/(n+k) moved keys, Che's approximation, M/M/1 p99). One
// screenshot per lab goes to build/browser-artifacts/lab-<name>.png; no console errors are allowed.
// Where the native CLI is built, the shard and queue figures must also equal `sdlab model shard|queue`
// for the same inputs byte for byte (same core, same JSON).
// Environment: SDLAB_SITE_DIR (page folder, default build/wasm/site), SDLAB_CHROMIUM (browser path),
// SDLAB_BIN (native CLI, default build/native/bin/sdlab; its cross-checks are skipped when absent).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
  kRepo, kArtifacts, kViewport, widgetRect, waitFrames, pressKey, clickWidget, assertClose,
  openLab, readLabs, typeIntoSlider, waitLabs, withPlayground,
} from './lib.mjs';

const kCli = path.resolve(process.env.SDLAB_BIN ?? path.join(kRepo, 'build', 'native', 'bin', 'sdlab'));

/** `sdlab <args> --format json` parsed, or null when the native CLI is not built. */
function cliJson(args) {
  if (!existsSync(kCli)) return null;
  return JSON.parse(execFileSync(kCli, [...args, '--format', 'json'], { encoding: 'utf8' }));
}

async function screenshot(page, name) {
  await page.mouse.move(kViewport.width - 4, kViewport.height - 4);  // no tooltip over the shot
  await waitFrames(page, 3);
  await page.screenshot({ path: path.join(kArtifacts, `lab-${name}.png`) });
}

// [SECTION] Closed forms ------------------------------------------------------------------------------

function binomial(n, k) {
  let c = 1;
  for (let i = 1; i <= k; i += 1) c = (c * (n - k + i)) / i;
  return c;
}

/** P(at least k of n independent nodes up), each up with probability p. */
function atLeastKOfN(k, n, p) {
  let sum = 0;
  for (let i = k; i <= n; i += 1) sum += binomial(n, i) * p ** i * (1 - p) ** (n - i);
  return sum;
}

/** Erlang C by the Erlang B recursion: probability of waiting in M/M/c with a = λ/μ. */
function erlangC(c, a) {
  let b = 1;
  for (let k = 1; k <= c; k += 1) b = (a * b) / (k + a * b);
  return (c * b) / (c - a * (1 - b));
}

/** Che's approximation for LRU on Zipf(α) over n objects and a cache of C: T by bisection, then h. */
function cheLru(n, alpha, capacity) {
  const p = [];
  let h = 0;
  for (let i = 1; i <= n; i += 1) {
    p.push(i ** -alpha);
    h += i ** -alpha;
  }
  for (let i = 0; i < n; i += 1) p[i] /= h;
  const occupancy = (t) => p.reduce((s, pi) => s + (1 - Math.exp(-pi * t)), 0);
  let lo = 0;
  let hi = 1;
  while (occupancy(hi) < capacity) hi *= 2;
  for (let it = 0; it < 200; it += 1) {
    const mid = (lo + hi) / 2;
    if (occupancy(mid) < capacity) lo = mid; else hi = mid;
  }
  const t = (lo + hi) / 2;
  return { t, hitRatio: p.reduce((s, pi) => s + pi * (1 - Math.exp(-pi * t)), 0) };
}

// [SECTION] The test -------------------------------------------------------------------------------------

test('labs in Chromium', { timeout: 600000 }, async (t) => {
  await withPlayground(async ({ page, consoleProblems }) => {
    const timings = {};

    await t.test('cache: a bigger cache hits more; Che matches its closed form; curves for every policy', async () => {
      const before = await openLab(page, 'cache');
      const done = await waitLabs(page, (l) => !l.cache.pending, 'the cache curves', 120000);
      timings.cache_full_update_ms = done.cache.points_ms + done.cache.curves_ms;
      timings.cache_max_frame_slice_ms = done.cache.max_slice_ms;
      assert.deepEqual(done.cache.error, '');
      assert.equal(before.cache.inputs.capacity, 500);
      const policies = Object.keys(done.cache.hit_ratio_at_capacity);
      assert.ok(policies.includes('lru') && policies.includes('fifo') && policies.length >= 8, policies.join(','));
      assert.equal(done.cache.curves.length, policies.length, 'one simulated curve per policy');
      const lru = done.cache.curves.find((c) => c.name === 'lru');
      assert.equal(lru.method, 'stack_distance');
      for (let i = 1; i < lru.points.length; i += 1) {
        assert.ok(lru.points[i].hit_ratio >= lru.points[i - 1].hit_ratio, 'LRU (inclusion property) never loses hits as it grows');
      }

      const updates = done.cache.updates;
      await typeIntoSlider(page, 'cache_capacity', 1000);
      const after = await waitLabs(page, (l) => l.cache.updates > updates && !l.cache.pending, 'the cache lab to update');
      timings.cache_size_update_ms = after.cache.points_ms;
      const { inputs } = after.cache;
      assert.equal(inputs.capacity, 1000, 'the typed cache size');
      for (const p of policies) {
        assert.ok(after.cache.hit_ratio_at_capacity[p] > done.cache.hit_ratio_at_capacity[p],
          `${p}: hit ratio at C=1000 (${after.cache.hit_ratio_at_capacity[p]}) not above C=500 (${done.cache.hit_ratio_at_capacity[p]})`);
      }
      const che = cheLru(inputs.objects, inputs.alpha, inputs.capacity);
      assertClose(after.cache.che.hit_ratio, che.hitRatio, 'Che hit ratio', 1e-6);
      assertClose(after.cache.che.characteristic_time, che.t, 'Che characteristic time T', 1e-5);
      assert.ok(Math.abs(after.cache.hit_ratio_at_capacity.lru - che.hitRatio) < 0.02,
        `simulated LRU ${after.cache.hit_ratio_at_capacity.lru} is far from Che ${che.hitRatio}`);
      assert.deepEqual(after.cache.curves, done.cache.curves, 'a new size must not change the curves (same trace)');

      await clickWidget(page, 'cache_policy:fifo');
      const picked = await readLabs(page);
      assert.equal(picked.cache.inputs.policy, 'fifo', 'clicking a policy row selects it');
      await screenshot(page, 'cache');

      // Real server view: textbook LRU next to Redis allkeys-lru, the rate as a slider.
      await clickWidget(page, 'cache_view_server');
      const server = await waitLabs(page, (l) => l.cache.server_view && l.cache.server.length > 0, 'the Redis comparison');
      assert.equal(server.cache.server_error, '');
      const pts = server.cache.server;
      const slow = pts[0];
      const fast = pts[pts.length - 1];
      assert.ok(Math.abs(slow.server_hit_ratio - slow.textbook_hit_ratio) < 0.02,
        `at ${slow.rate}/s Redis (${slow.server_hit_ratio}) should be close to LRU (${slow.textbook_hit_ratio})`);
      assert.ok(slow.textbook_hit_ratio - fast.server_hit_ratio > 0.01,
        `at ${fast.rate}/s Redis (${fast.server_hit_ratio}) should fall below LRU (${fast.textbook_hit_ratio})`);
      assert.ok(fast.turnover_s < 1 && slow.turnover_s > 1, 'turnover: under a second when fast, seconds when slow');
      await typeIntoSlider(page, 'cache_rate', 300);
      const moved = await readLabs(page);
      assert.equal(moved.cache.rate, 300, 'the typed request rate');
      const cli = cliJson(['model', 'cache', '--policy', 'redis-lru', '--objects', String(server.cache.inputs.objects),
        '--alpha', String(server.cache.inputs.alpha), '--size', String(server.cache.inputs.capacity),
        '--requests', String(server.cache.inputs.requests), '--warmup', String(server.cache.inputs.warmup),
        '--seed', String(server.cache.inputs.seed), '--rate', String(fast.rate)]);
      if (cli) assert.equal(cli.hit_ratio, fast.server_hit_ratio, 'the page and `sdlab model cache --policy redis-lru` agree');
      await screenshot(page, 'cache-server');
      await clickWidget(page, 'cache_view_policies');
    });

    await t.test('shard: jump hash moves 1/(n+1) of the keys on add; modulo moves most', async () => {
      await openLab(page, 'shard');
      let labs = await readLabs(page);
      const n = labs.shard.inputs.nodes;
      await clickWidget(page, 'shard_scheme:jump');
      labs = await waitLabs(page, (l) => l.shard.analysis?.scheme === 'jump', 'the jump scheme');
      const updates = labs.shard.updates;
      await clickWidget(page, 'shard_add');
      labs = await waitLabs(page, (l) => l.shard.updates > updates && !l.shard.pending, 'the add');
      timings.shard_update_ms = labs.shard.compute_ms;
      const a = labs.shard.analysis;
      assert.equal(labs.shard.inputs.nodes, n + 1);
      assert.equal(a.nodes_after, n + 1);
      assertClose(a.ideal_moved_fraction, 1 / (n + 1), 'ideal k/(n+k)', 1e-9);
      assert.ok(Math.abs(a.moved_fraction - 1 / (n + 1)) < 0.015,
        `jump moved ${a.moved_fraction} of the keys, expected about 1/(n+1) = ${1 / (n + 1)}`);
      assert.equal(a.moved_keys, Math.round(a.moved_fraction * labs.shard.inputs.keys));
      const shares = a.after.per_node.map((p) => p.share);
      assertClose(shares.reduce((x, y) => x + y, 0), 1, 'node shares sum to 1', 1e-6);
      const moved = Object.fromEntries(labs.shard.moved_by_scheme);
      assert.ok(moved.modulo > 0.7, `modulo moved only ${moved.modulo} (expected about n/(n+1))`);
      assert.ok(moved.ring < 0.35 && moved.maglev < 0.35, JSON.stringify(moved));
      const cli = cliJson(['model', 'shard', '--scheme', 'jump', '--nodes', String(n), '--add', '1',
        '--keys', String(labs.shard.inputs.keys)]);
      if (cli) assert.deepEqual(a, cli, 'the lab and `sdlab model shard` disagree');
      await screenshot(page, 'shard');
      // The ring scheme draws the ring (also checked by eye in the screenshot).
      await clickWidget(page, 'shard_scheme:ring');
      await waitLabs(page, (l) => l.shard.analysis?.scheme === 'ring' && Array.isArray(l.shard.ring_arc_shares), 'the ring');
      assert.ok(await widgetRect(page, 'shard_ring'), 'the ring is drawn for the ring scheme');
      await screenshot(page, 'shard-ring');
    });

    await t.test('queue: more arrivals wait more, exactly as Erlang C says; at-most-once loses and never duplicates', async () => {
      const before = await openLab(page, 'queue');
      const updates = before.queue.updates;
      await typeIntoSlider(page, 'queue_arrival_rate', 350);
      const labs = await waitLabs(page, (l) => l.queue.updates > updates && l.queue.inputs.arrival_rate === 350, 'λ = 350');
      timings.queue_update_ms = labs.queue.compute_ms;
      const { servers: c, service_rate: mu, arrival_rate: lambda } = labs.queue.inputs;
      const m = labs.queue.metrics;
      const pWait = erlangC(c, lambda / mu);
      assertClose(m.p_wait, pWait, 'Erlang C p_wait', 1e-8);
      assertClose(m.mean_wait, pWait / (c * mu - lambda), 'W_q = C/(cμ − λ)', 1e-8);
      assertClose(m.utilization, lambda / (c * mu), 'ρ = λ/(cμ)', 1e-8);
      assert.ok(m.p_wait > before.queue.metrics.p_wait && m.mean_wait > before.queue.metrics.mean_wait,
        'more arrivals must wait more');
      const cli = cliJson(['model', 'queue', '--arrival-rate', String(lambda), '--service-rate', String(mu),
        '--servers', String(c)]);
      if (cli) {
        const { inputs: cliInputs, ...cliMetrics } = cli;  // the CLI also echoes its inputs
        assert.deepEqual({ arrival_rate: cliInputs.arrival_rate, service_rate: cliInputs.service_rate, servers: cliInputs.servers },
          { arrival_rate: lambda, service_rate: mu, servers: c });
        assert.deepEqual(m, cliMetrics, 'the lab and `sdlab model queue` disagree');
      }
      const b1 = labs.queue.broker;
      assert.equal(b1.delivered + b1.lost + b1.dead_lettered + b1.remaining, b1.expected, 'every message accounted for');
      assert.ok(b1.backlog.length > 10, 'a backlog series');
      await screenshot(page, 'queue');

      const u2 = labs.queue.updates;
      await clickWidget(page, 'queue_delivery:at_most_once');
      const amo = await waitLabs(page, (l) => l.queue.updates > u2 && l.queue.inputs.delivery === 'at_most_once', 'at-most-once');
      const b2 = amo.queue.broker;
      assert.equal(b2.duplicated, 0, 'at-most-once never applies a message twice');
      assert.ok(b2.lost > b1.lost, `at-most-once lost ${b2.lost}, at-least-once ${b1.lost}`);
      assert.ok(b1.duplicated > 0, 'at-least-once with consumer crashes duplicates some messages');
    });

    await t.test('replication: R + W > N makes reads consistent at once and costs read availability', async () => {
      const before = await openLab(page, 'replication');
      await screenshot(page, 'replication');  // R = W = 1: the staleness curve rises over time
      const q0 = before.replication.quorum;
      const { n, w, node_availability: p } = before.replication.inputs;
      assertClose(q0.p_stale_read, binomial(n - w, before.replication.inputs.r) / binomial(n, before.replication.inputs.r),
        'p_s = C(N−W,R)/C(N,R)', 1e-8);
      const updates = before.replication.updates;
      await typeIntoSlider(page, 'replication_r', 3);
      const labs = await waitLabs(page, (l) => l.replication.updates > updates && l.replication.inputs.r === 3, 'R = 3');
      timings.replication_update_ms = labs.replication.compute_ms;
      const q = labs.replication.quorum;
      assert.equal(q.strict_quorum, true, `R + W = ${3 + w} > N = ${n}`);
      assert.equal(q.p_stale_read, 0);
      assert.equal(labs.replication.pbs.p_consistent, 1, 'a strict quorum reads the write at t = 0');
      assert.ok(before.replication.pbs.p_consistent < 1, 'R = W = 1 can read stale data');
      assertClose(q.read_availability, atLeastKOfN(3, n, p), 'read availability P(≥R of N up)', 1e-8);
      assertClose(q.write_availability, atLeastKOfN(w, n, p), 'write availability P(≥W of N up)', 1e-8);
      assert.ok(q.read_availability < q0.read_availability, 'waiting for more replies makes reads less available');

      const f0 = labs.replication.failover;
      const { write_rate: rate, mean_lag_s: lag } = labs.replication.inputs;
      assertClose(f0.expected_lost_writes, rate * lag, 'async lost writes = rate × mean lag', 1e-8);
      assertClose(f0.rpo_s, lag * Math.log(100), 'async RPO = p99 lag = mean × ln 100', 1e-8);
      await screenshot(page, 'replication-strict');
      const u2 = labs.replication.updates;
      await clickWidget(page, 'replication_sync:sync');
      const sync = await waitLabs(page, (l) => l.replication.updates > u2 && l.replication.inputs.sync === 'sync', 'sync');
      assert.equal(sync.replication.failover.expected_lost_writes, 0, 'sync replication loses no acknowledged write');
      assert.equal(sync.replication.failover.rpo_s, 0);
    });

    await t.test('balance: a slow backend hurts round robin, not least connections', async () => {
      await openLab(page, 'balance');
      const before = await waitLabs(page, (l) => !l.balance.pending, 'every strategy');
      const strategies0 = before.balance.strategies;
      const { service_rate: mu, arrival_rate: lambda, backends } = before.balance.inputs;
      const rr0 = strategies0.results.find((r) => r.strategy === 'round_robin');
      // Theory for identical backends: each is M/M/1 at λ/N under random routing (+ the L7 overhead 0.2 ms).
      assertClose(rr0.random_mm1_p99_ms, 1000 * (Math.log(100) / (mu - lambda / backends) + 0.0002),
        'M/M/1 p99 = ln(100)/(μ − λ/N)', 1e-8);
      const updates = before.balance.updates;
      await typeIntoSlider(page, 'balance_slow', 4);
      const labs = await waitLabs(page, (l) => l.balance.updates > updates && !l.balance.pending
        && l.balance.inputs.slow_factor === 4, 'slow ×4');
      timings.balance_update_ms = labs.balance.compute_ms;
      const by = Object.fromEntries(labs.balance.strategies.results.map((r) => [r.strategy, r]));
      const rr = by.round_robin;
      const lc = by.least_connections;
      assert.ok(rr.p99_ms > 3 * rr0.p99_ms, `round robin p99 ${rr.p99_ms} ms vs ${rr0.p99_ms} ms with equal backends`);
      assert.ok(lc.p99_ms < rr.p99_ms / 3, `least connections p99 ${lc.p99_ms} ms vs round robin ${rr.p99_ms} ms`);
      assert.ok(lc.per_backend[0].share < 1 / backends, 'least connections sends the slow backend less');
      assertClose(rr.per_backend[0].share, 1 / backends, 'round robin gives every backend 1/N', 1e-3);
      await screenshot(page, 'balance');
    });

    await t.test('closing the lab brings the estimator back', async () => {
      await clickWidget(page, 'lab_close');
      const labs = await readLabs(page);
      assert.equal(labs.active_lab, '');
    });

    console.log(`lab compute times in the page (ms): ${JSON.stringify(timings)}`);

    await t.test('no console errors or warnings', async () => {
      assert.deepEqual(consoleProblems, []);
    });
  });
});
