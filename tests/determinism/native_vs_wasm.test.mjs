// Determinism: the native CLI and the same CLI compiled to WebAssembly (run under node) must print
// the same bytes for every scenario and every seeded command.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const nativeBin = process.env.SDLAB_BIN ?? join(root, 'build/native/bin/sdlab');
const wasmBin = process.env.SDLAB_WASM_BIN ?? join(root, 'build/wasm/bin/sdlab.js');

function runNative(args) {
  return spawnSync(nativeBin, args, { cwd: root, encoding: 'utf8' });
}
function runWasm(args) {
  return spawnSync(process.execPath, ['--no-experimental-fetch', wasmBin, ...args], { cwd: root, encoding: 'utf8' });
}

const scenarios = readdirSync(join(root, 'scenarios')).filter((f) => f.endsWith('.json')).sort();

// Commands run on every scenario, and calculator commands with a seed.
const perScenario = [
  ['estimate', '--format', 'json'],
  ['validate', '--format', 'json'],
  ['score', '--format', 'json'],
  ['simulate', '--duration', '1s', '--max-requests', '2M', '--seed', '3', '--format', 'json'],
];
const standalone = [
  ['estimate', '--dau', '10M', '--reads-per-user', '10', '--writes-per-user', '1', '--growth', '3%', '--format', 'json'],
  ['numbers', '--format', 'json'],
  ['model', 'cache', '--policy', 'lru', '--objects', '2000', '--alpha', '0.9', '--size', '200', '--requests', '50000', '--seed', '7', '--analytic', '--format', 'json'],
  ['model', 'cache', '--policy', 'redis-lfu', '--objects', '2000', '--alpha', '0.9', '--size', '200', '--requests', '50000', '--rate', '3K', '--seed', '7', '--format', 'json'],
  ['model', 'cache', '--policy', 'memcached', '--objects', '2000', '--alpha', '0.9', '--size', '200', '--requests', '50000', '--rate', '700', '--seed', '7', '--format', 'json'],
  ['model', 'shard', '--scheme', 'ring', '--nodes', '5', '--vnodes', '50', '--keys', '20000', '--add', '1', '--format', 'json'],
  ['model', 'queue', '--arrival-rate', '90', '--service-rate', '10', '--servers', '10', '--simulate', '--requests', '20000', '--seed', '3', '--format', 'json'],
  ['model', 'balance', '--strategy', 'p2c', '--backends', '4', '--arrival-rate', '300', '--service-rate', '100', '--seed', '5', '--format', 'json'],
  ['model', 'queue', '--arrival-rate', '50', '--service-rate', '10', '--servers', '8', '--delivery', 'at-least-once', '--seed', '4', '--format', 'json'],
  ['model', 'replication', '--n', '3', '--r', '1', '--w', '1', '--profile', 'linkedin-disk', '--t-ms', '10', '--format', 'json'],
  ['model', 'availability', '--serial', '99.9%,99.95%', '--parallel', '99%,99%', '--format', 'json'],
];

test('the WebAssembly CLI exists', () => {
  assert.ok(existsSync(wasmBin), `missing ${wasmBin}: build the web preset first`);
  assert.ok(scenarios.length >= 4);
});

for (const s of scenarios) {
  for (const cmd of perScenario) {
    const args = [cmd[0], join('scenarios', s), ...cmd.slice(1)];
    test(`same bytes: sdlab ${args.join(' ')}`, () => {
      const a = runNative(args);
      const b = runWasm(args);
      // score exits 1 when its gate fails (a flawed scenario); both builds must agree on that too.
      assert.ok(a.status === 0 || (cmd[0] === 'score' && a.status === 1), a.stderr);
      assert.equal(b.status, a.status, b.stderr);
      assert.ok(a.stdout.length > 100);
      assert.equal(b.stdout, a.stdout);
    });
  }
}

for (const args of standalone) {
  test(`same bytes: sdlab ${args.join(' ')}`, () => {
    const a = runNative(args);
    const b = runWasm(args);
    assert.equal(a.status, 0, a.stderr);
    assert.equal(b.status, 0, b.stderr);
    assert.equal(b.stdout, a.stdout);
  });
}
