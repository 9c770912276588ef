// `sdlab model queue|replication|availability|balance`: JSON keys and values against hand-computed
// theory, determinism for a seed, and exit code 2 on bad input.
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

function Near(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);
}

function BadInput(args, pattern) {
  const r = RunSdlab(args);
  assert.equal(r.status, 2, `expected exit 2 for ${args.join(' ')}, got ${r.status}: ${r.stdout}`);
  if (pattern) assert.match(r.stderr, pattern);
}

test('model queue: M/M/1 closed forms', () => {
  const j = Json(['model', 'queue', '--arrival-rate', '8/s', '--service-rate', '10/s', '--format', 'json']);
  assert.equal(j.model, 'M/M/1');
  assert.equal(j.stable, true);
  Near(j.utilization, 0.8, 1e-8, 'utilization');
  Near(j.p_wait, 0.8, 1e-8, 'p_wait');
  Near(j.mean_wait, 0.4, 1e-8, 'mean_wait');
  Near(j.mean_response, 0.5, 1e-8, 'mean_response');
  Near(j.mean_queue_length, 3.2, 1e-8, 'mean_queue_length');
  Near(j.mean_in_system, 4, 1e-8, 'mean_in_system');
  Near(j.response_p99, Math.log(100) / 2, 1e-8, 'response_p99');
  assert.equal(typeof j.formulas.p_wait, 'string');
  assert.equal(j.p_block, undefined);
});

test('model queue: Erlang C and M/M/c/K blocking', () => {
  const c = Json(['model', 'queue', '--arrival-rate', '1', '--service-rate', '1', '--servers', '2', '--format', 'json']);
  Near(c.p_wait, 1 / 3, 1e-8, 'Erlang C(2, 1)');
  const k = Json(['model', 'queue', '--arrival-rate', '2', '--service-rate', '1', '--servers', '3', '--capacity', '3',
    '--format', 'json']);
  Near(k.p_block, 4 / 19, 1e-8, 'Erlang B(3, 2)');
  const big = Json(['model', 'queue', '--arrival-rate', '9990/s', '--service-rate', '1/s', '--servers', '10000',
    '--format', 'json']);
  assert.equal(big.stable, true);
  assert.ok(big.p_wait > 0 && big.p_wait < 1);
});

test('model queue: unstable is a flag and nulls, never NaN', () => {
  const r = RunSdlab(['model', 'queue', '--arrival-rate', '120/s', '--service-rate', '10/s', '--servers', '10',
    '--format', 'json']);
  assert.equal(r.status, 0);
  assert.doesNotMatch(r.stdout, /NaN|Infinity|nan|inf/);
  const j = JSON.parse(r.stdout);
  assert.equal(j.stable, false);
  assert.equal(j.mean_wait, null);
  Near(j.backlog_growth_per_s, 20, 1e-8, 'backlog growth');
});

test('model queue --simulate: theory inside the 95% interval, same bytes for a seed', () => {
  const args = ['model', 'queue', '--arrival-rate', '1.5', '--service-rate', '1', '--servers', '2', '--simulate',
    '--requests', '100000', '--seed', '7', '--format', 'json'];
  const a = RunSdlab(args);
  const b = RunSdlab(args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  const [lo, hi] = j.simulation.mean_wait_ci95;
  assert.ok(lo <= j.mean_wait && j.mean_wait <= hi, `theory ${j.mean_wait} outside [${lo}, ${hi}]`);
  const other = RunSdlab([...args.slice(0, -3), '8', '--format', 'json']);
  assert.notEqual(other.stdout, a.stdout);
});

test('model queue --delivery: a broker run with guarantees', () => {
  const j = Json(['model', 'queue', '--arrival-rate', '200/s', '--service-rate', '100/s', '--servers', '4',
    '--requests', '5000', '--delivery', 'at-most-once', '--failure-prob', '10%', '--broker', 'queue', '--format', 'json']);
  const b = j.broker;
  assert.equal(b.delivery, 'at_most_once');
  assert.equal(b.produced, 5000);
  assert.equal(b.delivered + b.lost + b.dead_lettered + b.remaining, b.expected);
  assert.equal(b.duplicated, 0);
  assert.ok(b.lost > 350 && b.lost < 700, `lost ${b.lost}`);
  assert.ok(Array.isArray(b.backlog) && b.backlog.length > 1);
  const eo = Json(['model', 'queue', '--arrival-rate', '200/s', '--service-rate', '100/s', '--servers', '4',
    '--requests', '5000', '--delivery', 'exactly-once', '--crash-rate', '1/min', '--recovery', '1s', '--format', 'json']);
  assert.equal(eo.broker.duplicated, 0);
  assert.equal(eo.broker.lost, 0);
});

test('model queue: bad input exits 2', () => {
  BadInput(['model', 'queue', '--arrival-rate', '8/s', '--service-rate', '0/s', '--format', 'json'], /service_rate/);
  BadInput(['model', 'queue', '--arrival-rate', 'fast', '--service-rate', '10/s']);
  BadInput(['model', 'queue', '--arrival-rate', '8', '--service-rate', '10', '--servers', '0']);
  BadInput(['model', 'queue', '--arrival-rate', '8', '--service-rate', '10', '--servers', '4', '--capacity', '2']);
  BadInput(['model', 'queue', '--arrival-rate', '8', '--service-rate', '10', '--delivery', 'twice']);
  BadInput(['model', 'queue', '--service-rate', '10']);
});

test('model replication: quorum availability is binomial, PBS figures present', () => {
  const j = Json(['model', 'replication', '--n', '3', '--r', '2', '--w', '2', '--node-availability', '90%',
    '--trials', '20000', '--format', 'json']);
  assert.equal(j.strict_quorum, true);
  Near(j.read_availability, 0.972, 1e-8, 'P(>=2 of 3)');
  Near(j.write_availability, 0.972, 1e-8, 'P(>=2 of 3)');
  assert.equal(j.p_consistent, 1);
  assert.equal(j.t_visibility_ms, 0);
  assert.equal(j.rpo_s, 0);
  assert.equal(j.rto_s, 0);
  assert.equal(j.classification.pacelc, 'PC/EC');
});

test('model replication: partial quorum, k-staleness closed form, deterministic PBS', () => {
  const args = ['model', 'replication', '--n', '3', '--r', '1', '--w', '1', '--k', '3', '--profile', 'lnkd-disk',
    '--t-ms', '5', '--trials', '20000', '--seed', '3', '--format', 'json'];
  const a = RunSdlab(args);
  const b = RunSdlab(args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.strict_quorum, false);
  Near(j.k_staleness, 1 - 8 / 27, 1e-8, 'k-staleness');
  assert.ok(j.p_consistent > 0.5 && j.p_consistent < 1, `p_consistent ${j.p_consistent}`);
  assert.ok(j.t_visibility_ms > 5, `t-visibility ${j.t_visibility_ms}`);
  assert.equal(j.pbs.profile, 'lnkd-disk');
});

test('model replication: leader-follower async RPO and RTO', () => {
  const j = Json(['model', 'replication', '--mode', 'leader-follower', '--followers', '2', '--sync', 'async',
    '--lag', '200ms', '--write-rate', '500/s', '--failover', '30s', '--redirect', '0s', '--format', 'json']);
  Near(j.rpo_s, 0.2 * Math.log(100), 1e-8, 'RPO = p99 lag');
  Near(j.expected_lost_writes, 100, 1e-8, 'lost writes');
  Near(j.rto_s, 30 + 0.2 / 4, 1e-8, 'RTO');
  assert.equal(j.strict_quorum, true);  // reads go to the leader
  assert.ok(Array.isArray(j.failover_timeline));
  assert.equal(j.classification.pacelc, 'PC/EL');
});

test('model replication: bad input exits 2', () => {
  BadInput(['model', 'replication', '--n', '3', '--r', '4', '--w', '1'], /r/);
  BadInput(['model', 'replication', '--profile', 'nosuch']);
  BadInput(['model', 'replication', '--node-availability', '120%']);
  BadInput(['model', 'replication', '--mode', 'leader-follower', '--lag', 'soon']);
  BadInput(['model', 'replication', '--mode', 'sideways']);
});

test('model availability: composition, nines and downtime', () => {
  const j = Json(['model', 'availability', '--serial', '99.9%,99.9%', '--parallel', '99%,99%', '--format', 'json']);
  Near(j.availability, 0.999 * 0.999 * 0.9999, 1e-8, 'availability');
  Near(j.downtime_per_year_s, (1 - 0.999 * 0.999 * 0.9999) * 365 * 86400, 1e-6, 'downtime/year');
  Near(j.downtime_per_month_s, (1 - 0.999 * 0.999 * 0.9999) * 30 * 86400, 1e-6, 'downtime/month');
  assert.equal(j.month_convention, '30d');
  const n = Json(['model', 'availability', '--nines', '3', '--format', 'json']);
  Near(n.downtime_per_year_s, 31536, 1e-8, '3 nines per year');
  const k = Json(['model', 'availability', '--k-of-n', '2/3:90%', '--format', 'json']);
  Near(k.availability, 0.972, 1e-8, '2 of 3');
  const m = Json(['model', 'availability', '--mtbf', '1000h', '--mttr', '4h', '--format', 'json']);
  Near(m.availability, 1000 / 1004, 1e-8, 'MTBF/(MTBF+MTTR)');
  const p = Json(['model', 'availability', '--nines', '3', '--month', 'primer', '--format', 'json']);
  Near(p.downtime_per_month_s, 2500, 1e-8, 'primer month');
});

test('model availability: bad input exits 2', () => {
  BadInput(['model', 'availability', '--serial', '99.9%,lots']);
  BadInput(['model', 'availability', '--k-of-n', '4/3:99%']);
  BadInput(['model', 'availability', '--mtbf', '100h']);
  BadInput(['model', 'availability', '--format', 'json']);
});

test('model balance: keys, theory for random routing, determinism', () => {
  const args = ['model', 'balance', '--strategy', 'random', '--backends', '4', '--arrival-rate', '320/s',
    '--service-rate', '100/s', '--requests', '100000', '--seed', '5', '--format', 'json'];
  const a = RunSdlab(args);
  const b = RunSdlab(args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.per_backend.length, 4);
  assert.ok(j.max_over_avg >= 1);
  Near(j.p99_ms, j.random_mm1_p99_ms, 0.15, 'random p99 vs M/M/1');
  const all = Json(['model', 'balance', '--strategy', 'all', '--backends', '8', '--arrival-rate', '720/s',
    '--requests', '50000', '--format', 'json']);
  const p99 = Object.fromEntries(all.comparison.map((r) => [r.strategy, r.p99_ms]));
  assert.ok(p99.least_connections < p99.round_robin, JSON.stringify(p99));
  assert.ok(p99.power_of_two_choices < p99.random, JSON.stringify(p99));
});

test('model balance: a failed backend without health checks', () => {
  const j = Json(['model', 'balance', '--backends', '4', '--fail-backend', '2', '--no-health-checks',
    '--arrival-rate', '200/s', '--requests', '20000', '--format', 'json']);
  Near(j.error_rate, 0.25, 0.05, 'error rate');
  assert.equal(j.per_backend[2].failed, true);
});

test('model balance: bad input exits 2', () => {
  BadInput(['model', 'balance', '--strategy', 'fastest']);
  BadInput(['model', 'balance', '--backends', '3', '--weights', '1,2']);
  BadInput(['model', 'balance', '--slow-backend', '9:2']);
  BadInput(['model', 'balance', '--arrival-rate', 'many']);
});
