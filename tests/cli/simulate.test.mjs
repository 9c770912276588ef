// `sdlab simulate`: exit codes, JSON shape, determinism, budgets, failures, profiles.
// Binary: $SDLAB_BIN (default build/native/bin/sdlab). Run: node --test tests/cli/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RunSdlab, ScenarioFiles } from './lib.mjs';

const kLatencyKeys = ['p50', 'p95', 'p99', 'p999'];

function SimJson(args) {
  const r = RunSdlab(['simulate', ...args, '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '', 'nothing on stderr in JSON mode (no progress bar)');
  return { json: JSON.parse(r.stdout), stdout: r.stdout };
}

for (const file of ScenarioFiles()) {
  test(`simulate ${file}: the documented keys, finite numbers, same bytes twice`, () => {
    const a = SimJson([file, '--duration', '2s', '--max-requests', '2M', '--seed', '7']);
    const j = a.json;
    for (const k of kLatencyKeys) {
      assert.equal(typeof j.latency_ms[k], 'number', `latency_ms.${k}`);
      assert.ok(j.latency_ms[k] > 0, `latency_ms.${k} > 0`);
    }
    assert.ok(j.latency_ms.p50 <= j.latency_ms.p99 && j.latency_ms.p99 <= j.latency_ms.p999);
    assert.ok(j.throughput_rps > 0);
    assert.ok(j.error_rate >= 0 && j.error_rate <= 1);
    assert.ok(Object.keys(j.components).length >= 4);
    for (const [id, c] of Object.entries(j.components)) {
      assert.equal(typeof c.utilization, 'number', `${id}.utilization`);
      assert.ok(c.utilization >= 0 && c.utilization <= 1.000001, `${id}.utilization in [0, 1]`);
    }
    assert.equal(j.requests.arrivals, j.requests.succeeded + j.requests.failed + j.requests.in_flight_end);
    assert.equal(j.timeline, undefined, 'no timeline unless asked');
    assert.ok(!a.stdout.includes('null'), 'no NaN/inf turned into null');
    const b = SimJson([file, '--duration', '2s', '--max-requests', '2M', '--seed', '7']);
    assert.equal(b.stdout, a.stdout);
  });
}

test('the default run of every scenario fits the budget and stays quick', () => {
  for (const file of ScenarioFiles()) {
    const t0 = Date.now();
    const { json } = SimJson([file]);
    assert.ok(json.duration_s >= 1 && json.duration_s <= 60, `${file}: duration ${json.duration_s}`);
    assert.ok(Date.now() - t0 < 20000, `${file} took ${Date.now() - t0} ms`);
  }
});

test('--timeline gives one point per second for every series', () => {
  const { json } = SimJson([ScenarioFiles()[0], '--duration', '6s', '--timeline']);
  const t = json.timeline;
  assert.deepEqual(t.t_s, [1, 2, 3, 4, 5, 6]);
  for (const k of ['offered_rps', 'attempts_rps', 'throughput_rps', 'error_rate', 'timeout_rate', 'in_flight'])
    assert.equal(t[k].length, 6, k);
  for (const k of kLatencyKeys) assert.equal(t.latency_ms[k].length, 6);
  for (const c of Object.values(t.components)) assert.equal(c.utilization.length, 6);
});

test('a different seed gives different figures', () => {
  const f = ScenarioFiles()[0];
  const a = SimJson([f, '--duration', '3s', '--seed', '1']);
  const b = SimJson([f, '--duration', '3s', '--seed', '2']);
  assert.notEqual(a.stdout, b.stdout);
});

test('--fail crashes a component and the events say so', () => {
  const { json } = SimJson(['scenarios/url-shortener.json', '--duration', '30s', '--fail', 'redirect/0@5s:for=20s',
                            '--fail', 'partition:app,data@20s:for=2s']);
  const kinds = json.events.map((e) => `${e.kind}@${e.t_s}`);
  assert.ok(kinds.includes('crash@5'), kinds.join(' '));
  assert.ok(kinds.includes('recover@25'), kinds.join(' '));  // health checks every 5 s, 3 misses: down is seen at 20 s
  assert.ok(kinds.includes('detected_down@20'), kinds.join(' '));
  assert.ok(kinds.includes('partition_start@20'), kinds.join(' '));
  assert.ok(json.requests.failed_attempts.timeout > 0);
});

test('--fail spike:F multiplies the traffic for a while and counts in the request budget', () => {
  const base = SimJson(['scenarios/url-shortener.json', '--duration', '20s']).json;
  const { json } = SimJson(['scenarios/url-shortener.json', '--duration', '20s', '--fail', 'spike:3@10s:for=5s']);
  const kinds = json.events.map((e) => `${e.kind}@${e.t_s}`);
  assert.ok(kinds.includes('spike_start@10'), kinds.join(' '));
  assert.ok(kinds.includes('spike_end@15'), kinds.join(' '));
  // 5 s of 20 at 3× the rate: 1.5× the requests, give or take the Poisson noise.
  const ratio = json.requests.arrivals / base.requests.arrivals;
  assert.ok(ratio > 1.4 && ratio < 1.6, `arrivals ${base.requests.arrivals} → ${json.requests.arrivals}`);
  assert.match(json.formulas.expected_requests, /× 20 s/);
});

test('bad input exits 2 with a message naming the problem', () => {
  const cases = [
    [['scenarios/url-shortener.json', '--fail', 'nosuch@1s'], /unknown component 'nosuch'/],
    [['scenarios/url-shortener.json', '--fail', 'redirect'], /missing @TIME/],
    [['scenarios/url-shortener.json', '--profile', 'soakk'], /--profile/],
    [['scenarios/url-shortener.json', '--duration', 'forever'], /--duration/],
    [['scenarios/url-shortener.json', '--service', 'weibull'], /unknown distribution/],
    [['scenarios/url-shortener.json', '--duration', '1h', '--rate', '1M/s'], /--max-requests/],
    [['no/such/file.json'], /cannot open/],
  ];
  for (const [args, re] of cases) {
    const r = RunSdlab(['simulate', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, re);
    assert.equal(r.stdout, '');
  }
});

test('--replications gives 95% confidence intervals around the mean', () => {
  const { json } = SimJson(['scenarios/pastebin.json', '--duration', '10s', '--replications', '3']);
  assert.equal(json.replications.count, 3);
  assert.equal(json.replications.seeds.length, 3);
  const m = json.replications.metrics.latency_mean_ms;
  assert.ok(m.low <= m.mean && m.mean <= m.high);
  assert.ok(m.high > m.low);
});

test('--jobs runs the replications on threads: the same bytes for any number of threads', () => {
  const args = ['scenarios/url-shortener.json', '--duration', '8s', '--replications', '4', '--timeline',
    '--fail', 'redirect/0@2s:for=3s'];
  const one = SimJson([...args, '--jobs', '1']);
  assert.equal(one.json.replications.count, 4);
  assert.equal(new Set(one.json.replications.seeds).size, 4, 'four different seeds');
  assert.equal(one.json.timeline.t_s.length, 8, "replication 0's timeline is kept");
  assert.ok(one.json.events.some((e) => e.kind === 'crash'), "replication 0's events are kept");
  for (const jobs of ['2', '3', '4']) assert.equal(SimJson([...args, '--jobs', jobs]).stdout, one.stdout, `--jobs ${jobs}`);
  assert.equal(SimJson(args).stdout, one.stdout, 'the default (one per hardware thread)');
  const zero = RunSdlab(['simulate', ...args, '--jobs', '0']);
  assert.equal(zero.status, 2);
  assert.match(zero.stderr, /--jobs/);
});

test('profiles: spike logs its window, stress ramps the offered rate', () => {
  const spike = SimJson(['scenarios/pastebin.json', '--duration', '30s', '--profile', 'spike']).json;
  assert.ok(spike.events.some((e) => e.kind === 'spike_start' && e.t_s === 10));
  assert.ok(spike.events.some((e) => e.kind === 'spike_end' && e.t_s === 15));
  const stress = SimJson(['scenarios/pastebin.json', '--duration', '20s', '--profile', 'stress', '--timeline']).json;
  const o = stress.timeline.offered_rps;
  assert.ok(o[o.length - 1] > 3 * o[0], `offered ${o[0]} → ${o[o.length - 1]}`);
});

test('text output: a table with the formulas, and --help', () => {
  const r = RunSdlab(['simulate', 'scenarios/url-shortener.json', '--duration', '3s']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /latency \(ms\)\s+p50/);
  assert.match(r.stdout, /component\s+kind\s+replicas/);
  assert.match(r.stdout, /utilization\.redirect: utilization = busy server-time/);
  const h = RunSdlab(['simulate', '--help']);
  assert.equal(h.status, 0);
  for (const flag of ['--duration', '--seed', '--profile', '--rate', '--fail', '--replications', '--timeline', '--format'])
    assert.ok(h.stdout.includes(flag), flag);
});
