// `sdlab model storage` (families, object, dfs, media, processing, polyglot), `sdlab model cost` and the
// `cost` section of `sdlab estimate FILE`: JSON values against hand-worked numbers, formulas present,
// and exit code 2 on bad input.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunSdlab } from './lib.mjs';

function Json(args) {
  const r = RunSdlab(args);
  assert.equal(r.status, 0, `sdlab ${args.join(' ')} failed: ${r.stderr}`);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
  return JSON.parse(r.stdout);
}

function Near(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected) + 1e-12,
    `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);
}

function BadInput(args, pattern) {
  const r = RunSdlab(args);
  assert.equal(r.status, 2, `expected exit 2 for ${args.join(' ')}, got ${r.status}: ${r.stdout}`);
  if (pattern) assert.match(r.stderr, pattern);
}

test('model storage families: joins + strong consistency rank relational first', () => {
  // relational = +3 (joins) +3 (strong) = 6; graph = +1 +1 = 2.
  const j = Json(['model', 'storage', '--mode', 'families', '--joins', '--consistency', 'strong',
    '--read-write-ratio', '5', '--format', 'json']);
  assert.equal(j.recommended, 'relational');
  assert.equal(j.ranked[0].score, 6);
  assert.equal(j.ranked[1].family, 'graph');
  assert.equal(j.families.length, 5);
  assert.match(j.formulas.relational, /= 6$/);
  // Flexible schema at 20 TB, read-heavy by key: key_value 6, document 5.
  const kv = Json(['model', 'storage', '--schema', 'flexible', '--data', '20TB', '--format', 'json']);
  assert.equal(kv.recommended, 'key_value');
  assert.equal(kv.large_scale, true);
  assert.equal(kv.ranked[1].family, 'document');
});

test('model storage object: lifecycle cost month by month', () => {
  // See tests/core/storage_test.cpp: 28, 50.5, 63, 115 → 256.5; first tier only 250.
  const j = Json(['model', 'storage', '--mode', 'object', '--ingest', '1TB', '--object-size', '1MB', '--months', '4',
    '--lifecycle', '30d:infrequent,90d:archive', '--format', 'json']);
  assert.deepEqual(j.months.map((m) => m.total), [28, 50.5, 63, 115]);
  Near(j.total, 256.5, 1e-9, 'total');
  Near(j.first_tier_only_total, 250, 1e-9, 'first tier only');
  Near(j.months[3].bytes.archive, 1e12, 1e-12, 'archive bytes in month 4');
  assert.equal(typeof j.formulas.total, 'string');
  const text = RunSdlab(['model', 'storage', '--mode', 'object', '--months', '2']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /object storage cost by month/);
});

test('model storage dfs, media and processing', () => {
  // 1 PB of 1 GB files, 128 MiB blocks, 3 copies, 100 nodes: 8M blocks, NameNode 1.35 GB, 3030 s re-replication.
  const d = Json(['model', 'storage', '--mode', 'dfs', '--data', '1PB', '--file-size', '1GB', '--nodes', '100',
    '--format', 'json']);
  Near(d.blocks, 8e6, 1e-12, 'blocks');
  Near(d.namenode_memory_bytes, 1.35e9, 1e-12, 'NameNode memory');
  Near(d.raw_bytes, 3e15, 1e-12, 'raw');
  Near(d.rereplication_s, 3e13 / 99e8, 1e-8, 're-replication');
  assert.match(d.formulas.namenode_memory_bytes, /150 B/);
  const one = Json(['model', 'storage', '--mode', 'dfs', '--data', '1TB', '--replication', '1', '--format', 'json']);
  assert.equal(one.rereplication_s, null);
  assert.equal(one.node_losses_tolerated, 0);
  // 100 MB from object storage: 50 ms + 1 s.
  const m = Json(['model', 'storage', '--mode', 'media', '--size', '100MB', '--format', 'json']);
  Near(m.media.find((x) => x.medium === 'object').read_s, 1.05, 1e-9, 'object read');
  // 1000 events/s, hourly batch: job 420 s; stream 10% busy.
  const p = Json(['model', 'storage', '--mode', 'processing', '--rate', '1000/s', '--format', 'json']);
  Near(p.batch.job_s, 420, 1e-9, 'batch job');
  Near(p.batch.latency_worst_s, 4020, 1e-9, 'batch worst');
  Near(p.stream.utilization, 0.1, 1e-9, 'stream utilisation');
});

test('model storage polyglot: the stores of a scenario', () => {
  const j = Json(['model', 'storage', '--mode', 'polyglot', '--blueprint', 'scenarios/pastebin.json', '--format', 'json']);
  assert.ok(j.stores.length >= 2);
  const objects = j.stores.find((s) => s.component === 'objects');
  assert.ok(objects, 'pastebin keeps pastes in object storage');
  assert.equal(objects.kind, 'object_storage');
});

test('model cost: a sized workload with its formulas; a price flag overrides', () => {
  // 3 × (2 × 0.04 + 4 × 0.005) × 720 = $216; 500 GB block $50; 1 TB standard $23; 1 TB egress $90 → $379.
  const j = Json(['model', 'cost', '--replicas', '3', '--block-storage', '500GB', '--standard', '1TB', '--egress', '1TB',
    '--requests', '10M', '--format', 'json']);
  Near(j.total_monthly, 379, 1e-9, 'total');
  Near(j.compute, 216, 1e-9, 'compute');
  Near(j.cost_per_million_requests, 37.9, 1e-9, 'per million');
  assert.match(j.formulas.total_monthly, /= \$379\/month/);
  assert.match(j.components[0].lines[0].formula, /3 × \(2 × \$0\.04/);
  const cheap = Json(['model', 'cost', '--replicas', '3', '--vcpu-hour', '0.02', '--format', 'json']);
  Near(cheap.compute, 129.6, 1e-9, 'compute at $0.02/vCPU-h');
  const rate = Json(['model', 'cost', '--requests', '100/s', '--format', 'json']);
  Near(rate.requests_per_month, 100 * 2592000, 1e-12, 'requests per month from a rate');
});

test('estimate FILE carries a cost section; model cost --blueprint gives the same', () => {
  const e = Json(['estimate', 'tests/data/rules/base.json', '--format', 'json']);
  // See tests/core/cost_test.cpp: $1454.4 compute + $300 storage + $23.328 egress.
  Near(e.cost.total_monthly, 1777.728, 1e-9, 'total');
  Near(e.cost.compute, 1454.4, 1e-9, 'compute');
  assert.equal(e.cost.currency, 'USD');
  assert.equal(typeof e.cost.formulas.total_monthly, 'string');
  assert.ok(e.read_rps > 0, 'the estimate keys are still there');
  const c = Json(['model', 'cost', '--blueprint', 'tests/data/rules/base.json', '--format', 'json']);
  assert.deepEqual(c, e.cost);
  const over = Json(['estimate', 'tests/data/rules/CST008/trigger.json', '--format', 'json']);
  assert.equal(over.cost.budget_monthly, 1000);
  assert.equal(over.cost.over_budget, true);
  const text = RunSdlab(['estimate', 'tests/data/rules/base.json']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /monthly cost \(USD, illustrative prices\)/);
  // Flag-mode estimates have no blueprint and no cost section.
  const flags = Json(['estimate', '--writes-per-month', '10M', '--format', 'json']);
  assert.equal(flags.cost, undefined);
});

test('storage and cost: bad input exits 2 naming the flag', () => {
  BadInput(['model', 'storage', '--mode', 'tape'], /--mode/);
  BadInput(['model', 'storage', '--schema', 'loose'], /--schema/);
  BadInput(['model', 'storage', '--data', '12 parsecs'], /--data/);
  BadInput(['model', 'storage', '--mode', 'object', '--lifecycle', '30d:glacir'], /--lifecycle/);
  BadInput(['model', 'storage', '--mode', 'object', '--lifecycle', '90d:archive,30d:infrequent'], /--lifecycle/);
  BadInput(['model', 'storage', '--mode', 'object', '--months', '100000'], /--months/);
  BadInput(['model', 'storage', '--mode', 'object', '--ingest', '1e30EB'], /--ingest/);
  BadInput(['model', 'storage', '--mode', 'dfs', '--replication', '5', '--nodes', '3'], /--replication/);
  BadInput(['model', 'storage', '--mode', 'dfs', '--block-size', '1B'], /--block_size|--block-size/);
  BadInput(['model', 'storage', '--mode', 'processing', '--rate', '0/s'], /--rate/);
  BadInput(['model', 'storage', '--mode', 'polyglot'], /--blueprint/);
  BadInput(['model', 'cost', '--memory', 'lots'], /--memory/);
  BadInput(['model', 'cost', '--requests', 'many'], /--requests/);
  BadInput(['model', 'cost', '--vcpu-hour', '-1'], /vcpu-hour/);
  BadInput(['model', 'cost', '--blueprint', 'no-such-file.json'], /--blueprint/);
  BadInput(['model', 'cost', '--standard', '2EB'], /--standard/);
});
