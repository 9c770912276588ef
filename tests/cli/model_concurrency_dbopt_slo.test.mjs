// `sdlab model concurrency|usl|dbopt|slo`: JSON keys and values against hand-computed numbers, and
// exit code 2 on bad input.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/model_concurrency_dbopt_slo.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
  assert.doesNotMatch(r.stdout + r.stderr, /\bnan\b|\binf\b/i);
}

test('model concurrency: a thread pool is capped at threads ÷ time held (Little)', () => {
  // 500/s × (2 ms + 48 ms) = 25 in flight; 20 threads ÷ 50 ms = 400/s < 500/s → overloaded.
  const j = Json(['model', 'concurrency', '--rps', '500/s', '--cpu', '2ms', '--blocking', '48ms', '--cores', '4',
                  '--threads', '20', '--format', 'json']);
  Near(j.server.concurrency, 25, 1e-9, 'concurrency');
  Near(j.server.max_throughput, 400, 1e-9, 'max_throughput');
  assert.equal(j.server.bottleneck, 'threads');
  assert.equal(j.server.overloaded, true);
  Near(j.server.goetz_pool_size, 100, 1e-9, 'goetz');
  assert.equal(typeof j.server.formulas.concurrency, 'string');
  assert.deepEqual(j.comparison.map((m) => m.model), ['thread_per_request', 'thread_pool', 'event_loop']);
  // The event loop holds a core only for the CPU time: 4 ÷ 2 ms = 2000/s.
  Near(j.comparison[2].max_throughput, 2000, 1e-9, 'event loop cap');
});

test('model concurrency: thread per request against node memory; Amdahl', () => {
  const j = Json(['model', 'concurrency', '--model', 'thread_per_request', '--rps', '500', '--memory', '16MiB',
                  '--parallel-fraction', '95%', '--workers', '16', '--format', 'json']);
  assert.equal(j.server.threads, 25);
  assert.equal(j.server.memory_exceeded, true);
  Near(j.server.max_throughput, 320, 1e-9, 'memory cap 16 threads ÷ 50 ms');
  Near(j.amdahl.speedup, 1 / (0.05 + 0.95 / 16), 1e-8, 'amdahl');
  Near(j.amdahl.max_speedup, 20, 1e-9, 'amdahl max');
});

test('model concurrency: bad input exits 2 naming the flag', () => {
  BadInput(['model', 'concurrency', '--rps', 'lots'], /--rps/);
  BadInput(['model', 'concurrency', '--rps', '10/s', '--model', 'fibers'], /--model/);
  BadInput(['model', 'concurrency', '--rps', '10/s', '--cpu', '0ms'], /cpu/);
  BadInput(['model', 'concurrency', '--rps', '10/s', '--memory', '12 parsecs'], /--memory/);
  BadInput(['model', 'concurrency', '--rps', '10/s', '--cores', '0']);
});

test('model usl --fit recovers the parameters of points made by the formula', () => {
  const j = Json(['model', 'usl', '--fit', 'tests/data/usl/usl_points.csv', '--curve', '20', '--format', 'json']);
  Near(j.fit.lambda, 1000, 0.01, 'lambda');
  Near(j.fit.alpha, 0.05, 0.01, 'alpha');
  Near(j.fit.beta, 0.0002, 0.01, 'beta');
  Near(j.fit.peak_concurrency, Math.sqrt(0.95 / 0.0002), 0.01, 'N*');
  assert.ok(j.fit.r_squared > 0.9999);
  assert.equal(j.fit.measured.length, 10);
  assert.equal(j.curve.length, 20);
  assert.equal(typeof j.fit.formulas.peak_concurrency, 'string');
});

test('model usl: evaluation from parameters, and bad files', () => {
  const j = Json(['model', 'usl', '--lambda', '100/s', '--alpha', '0', '--beta', '0', '--n', '10', '--format', 'json']);
  Near(j.evaluation.throughput, 1000, 1e-9, 'linear');
  assert.equal(j.evaluation.peak_concurrency, null);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-usl-'));
  try {
    const bad = path.join(dir, 'bad.csv');
    writeFileSync(bad, '1,100\n2,lots\n');
    BadInput(['model', 'usl', '--fit', bad], /line 2/);
    const two = path.join(dir, 'two.csv');
    writeFileSync(two, '1,100\n2,190\n');
    BadInput(['model', 'usl', '--fit', two], /3 distinct/);
    BadInput(['model', 'usl', '--fit', path.join(dir, 'missing.csv')], /--fit/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  BadInput(['model', 'usl'], /--fit/);
});

test('model dbopt: every mode, worked numbers', () => {
  const pool = Json(['model', 'dbopt', '--mode', 'pool', '--rps', '200/s', '--query-time', '50ms', '--format', 'json']);
  Near(pool.figures.connections_needed, 10, 1e-9, '200 × 50 ms');
  assert.equal(pool.units.connections_needed, 'connections');
  assert.equal(typeof pool.formulas.connections_needed, 'string');
  const idx = Json(['model', 'dbopt', '--mode', 'index', '--rows', '1M', '--format', 'json']);
  assert.equal(idx.figures.height, 3);
  assert.equal(idx.figures.scan_pages, 25000);
  Near(idx.figures.speedup, 1024, 1e-9, 'speedup');
  const n1 = Json(['model', 'dbopt', '--mode', 'nplus1', '--items', '20', '--query-time', '1ms', '--format', 'json']);
  Near(n1.figures.added_latency, 0.019, 1e-9, 'N+1 added');
  const norm = Json(['model', 'dbopt', '--mode', 'normalize', '--reads', '1000/s', '--writes', '100/s', '--format', 'json']);
  assert.equal(norm.figures.normalized_ops_per_s, 4100);
  const mv = Json(['model', 'dbopt', '--mode', 'matview', '--format', 'json']);
  Near(mv.figures.busy_without, 10, 1e-9, 'matview');
  const batch = Json(['model', 'dbopt', '--mode', 'batch', '--writes', '1000/s', '--batch-size', '100', '--format', 'json']);
  Near(batch.figures.round_trips_per_s_batched, 10, 1e-9, 'batch');
  const page = Json(['model', 'dbopt', '--mode', 'paginate', '--page', '1000', '--limit', '20', '--format', 'json']);
  assert.equal(page.figures.offset_rows_read, 20000);
  assert.equal(page.figures.keyset_rows_read, 20);
});

test('model dbopt: bad input exits 2 naming the flag', () => {
  BadInput(['model', 'dbopt', '--mode', 'sharding'], /--mode/);
  BadInput(['model', 'dbopt', '--mode', 'index', '--kind', 'rtree'], /--kind/);
  BadInput(['model', 'dbopt', '--mode', 'index', '--row-size', '1MB'], /--row-size/);
  BadInput(['model', 'dbopt', '--mode', 'pool', '--query-time', 'soon'], /--query-time/);
  BadInput(['model', 'dbopt'], /mode/);
});

test('model slo: budget, burn rate and alerts', () => {
  const j = Json(['model', 'slo', '--slo', '99.9%', '--window', '30d', '--rate', '1000/s', '--error-rate', '2%',
                  '--series', '50', '--incident-rate', '5%', '--incident-duration', '1d', '--format', 'json']);
  Near(j.budget.allowed_bad_minutes, 43.2, 1e-9, 'bad minutes');
  Near(j.budget.allowed_bad_requests, 2592000, 1e-9, 'bad requests');
  Near(j.budget.burn_rate, 20, 1e-9, 'burn');
  Near(j.budget.time_to_exhaustion_s, 129600, 1e-9, 'exhaustion');
  assert.deepEqual(j.budget.alerts.map((a) => a.firing), [true, true, true]);
  assert.equal(j.burn_series.length, 50);
  assert.equal(typeof j.exhausted_at_s, 'number');
});

test('model slo: lognormal percentiles and fan-out; path; tier', () => {
  const l = Json(['model', 'slo', '--mode', 'latency', '--p50', '20ms', '--p99', '200ms', '--fan-out', '100', '--format', 'json']);
  Near(l.latency.p99_s, 0.2, 1e-6, 'p99');
  Near(l.latency.fan_out_quantile, Math.pow(0.99, 1 / 100), 1e-9, 'quantile');
  assert.ok(l.latency.fan_out_p99_s > 0.7 && l.latency.fan_out_p99_s < 0.9, `fan-out p99 ${l.latency.fan_out_p99_s}`);
  const p = Json(['model', 'slo', '--mode', 'path', '--path', '20ms,50ms,100ms', '--budget', '200ms', '--format', 'json']);
  Near(p.path.p99_sum_s, 0.17, 1e-9, 'path');
  assert.equal(p.path.within_budget, true);
  const t = Json(['model', 'slo', '--mode', 'tier', '--service-rate', '100/s', '--rate', '50/s', '--format', 'json']);
  Near(t.tier.p99_at_rate_s, Math.log(100) / 50, 1e-6, 'M/M/1 p99');
  assert.equal(t.tier.curve.length, 40);
});

test('model slo: bad input exits 2 naming the flag', () => {
  BadInput(['model', 'slo', '--slo', '100%'], /--slo/);
  BadInput(['model', 'slo'], /--slo/);
  BadInput(['model', 'slo', '--slo', '99.9%', '--window', 'forever'], /--window/);
  BadInput(['model', 'slo', '--mode', 'latency', '--p50', '200ms', '--p99', '20ms'], /--p99/);
  BadInput(['model', 'slo', '--mode', 'latency'], /--p50/);
  BadInput(['model', 'slo', '--mode', 'path', '--path', '20ms,x'], /--path/);
  BadInput(['model', 'slo', '--mode', 'tier'], /--service-rate/);
  BadInput(['model', 'slo', '--mode', 'weather'], /--mode/);
});
