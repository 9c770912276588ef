// Hostile input (tests/data/hostile/): every file gives its expected exit code and message, quickly,
// with bounded memory, no crash and no NaN/infinity. Large cases are generated here into a temp folder.
// Binary: $SDLAB_BIN (default build/native/bin/sdlab). Run: node --test tests/cli/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunSdlab, kRepo } from './lib.mjs';

const kDir = path.join(kRepo, 'tests', 'data', 'hostile');
const kExpected = JSON.parse(readFileSync(path.join(kDir, 'expected.json'), 'utf8'));

function assertSane(r, what) {
  assert.equal(r.signal, null, `${what}: killed by ${r.signal} (crash or timeout)`);
  assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${what}: exit ${r.status}\n${r.stderr}`);
  const printed = (r.stdout + r.stderr).replace(/\S*(nan|infinity)-literal\.json/g, 'FILE')
    .replace(/last read: '[^']*'/g, '');  // the file's own text, quoted back
  assert.doesNotMatch(printed, /\b(nan|inf|infinity)\b/i, `${what}: a non-finite number was printed`);
  assert.doesNotMatch(r.stderr, /terminate called|Aborted|Segmentation|AddressSanitizer|runtime error/, `${what}: ${r.stderr}`);
}

for (const [file, want] of Object.entries(kExpected.blueprints)) {
  test(`hostile blueprint ${file}: validate exits ${want.exit} saying "${want.fragment}"; score agrees`, () => {
    const rel = path.join('tests', 'data', 'hostile', file);
    const v = RunSdlab(['validate', rel], { timeout: 20000 });
    assertSane(v, `validate ${file}`);
    assert.equal(v.status, want.exit, v.stdout + v.stderr);
    assert.ok((v.stdout + v.stderr).includes(want.fragment), `missing "${want.fragment}" in:\n${v.stdout}${v.stderr}`);
    if (want.exit === 2) assert.match(v.stdout + v.stderr, /:\d+:\d+: error\[/, 'line:col of the problem');
    const s = RunSdlab(['score', rel, '--format', 'json'], { timeout: 20000 });
    assertSane(s, `score ${file}`);
    if (want.exit === 2) assert.equal(s.status, 2, s.stderr);
    else JSON.parse(s.stdout);  // a report, whatever the gate says
  });
}

for (const [file, want] of Object.entries(kExpected.traces)) {
  test(`hostile trace ${file}: exits ${want.exit} saying "${want.fragment}"`, () => {
    const rel = path.join('tests', 'data', 'hostile', file);
    const r = RunSdlab(['model', 'cache', '--policy', 'lru', '--size', '10', '--trace', rel, '--trace-format', want.format],
                       { timeout: 20000 });
    assertSane(r, file);
    assert.equal(r.status, want.exit, r.stdout + r.stderr);
    assert.ok((r.stdout + r.stderr).includes(want.fragment), `missing "${want.fragment}" in:\n${r.stdout}${r.stderr}`);
  });
}

// Generated cases: too big to keep in git, cheap to make.
const good = (over = {}) => ({
  name: 'hostile',
  requirements: { dau: '1M', reads_per_user: '10/day', writes_per_user: '1/day' },
  components: [
    { id: 'web', kind: 'service', replicas: 2, capacity: '1K/s', latency: '5ms' },
    { id: 'db', kind: 'database', replicas: 1, capacity: '2K/s', latency: '2ms' },
  ],
  links: [{ from: 'web', to: 'db' }],
  flows: [{ id: 'r', kind: 'read', share: '100%', path: ['web', 'db'] }],
  ...over,
});
const generated = [
  ['file-over-4MiB.json', () => JSON.stringify(good({ description: 'x'.repeat(100) })) + ' '.repeat(5 << 20),
    'the limit is 4194304 bytes'],
  ['huge-component-array.json', () => JSON.stringify(good({
    components: Array.from({ length: 20000 }, (_, i) => ({ id: `c${i}`, kind: 'service' })), links: [], flows: [] })),
    '20000 components exceed the limit of 2000'],
  ['huge-links-array.json', () => JSON.stringify(good({ links: Array(60000).fill({ from: 'web', to: 'db' }) })),
    '60000 links exceed the limit of 10000'],
  ['huge-flow-path.json', () => JSON.stringify(good({
    flows: [{ id: 'r', kind: 'read', share: '100%', path: Array(50000).fill(['web', 'db']).flat() }] })),
    'exceeds the limit of 64'],
  ['huge-string-value.json', () => JSON.stringify(good({ name: 'a'.repeat(3_000_000) })),
    'string of 3000000 bytes exceeds the limit of 4096'],
];

test('generated hostile blueprints: size and count limits are refused with exit 2', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-hostile-'));
  try {
    for (const [name, make, fragment] of generated) {
      const file = path.join(dir, name);
      writeFileSync(file, make());
      const r = RunSdlab(['validate', file], { timeout: 30000 });
      assertSane(r, name);
      assert.equal(r.status, 2, `${name}: ${r.stdout}${r.stderr}`);
      assert.ok((r.stdout + r.stderr).includes(fragment), `${name}: missing "${fragment}" in:\n${r.stdout}${r.stderr}`);
    }
    const longLine = path.join(dir, 'long-line.csv');
    writeFileSync(longLine, 'k'.repeat(2_000_000) + '\n');
    const t = RunSdlab(['model', 'cache', '--size', '10', '--trace', longLine, '--trace-format', 'csv']);
    assertSane(t, 'long-line.csv');
    assert.equal(t.status, 2);
    assert.match(t.stderr, /2000000 bytes long \(limit 4096\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('impossible run sizes are refused up front with a limit, never an OOM or a hang', () => {
  const kLimit = /limit|at most|budget|range|too|exceed|must be in/i;
  const cases = [
    [['simulate', 'scenarios/url-shortener.json', '--rate', '1e11', '--duration', '1h'], kLimit],
    [['simulate', 'scenarios/url-shortener.json', '--duration', '1e9s'], kLimit],
    [['model', 'cache', '--objects', '1000000000000000', '--size', '10'], kLimit],
    [['model', 'cache', '--requests', '10000000000000', '--size', '10'], kLimit],
    [['model', 'shard', '--scheme', 'ring', '--nodes', '1000000000'], kLimit],
    [['model', 'queue', '--arrival-rate', '1', '--service-rate', '1', '--servers', '1000000000000'], kLimit],
    [['estimate', '--dau', '1e300'], kLimit],
  ];
  for (const [args, re] of cases) {
    const r = RunSdlab(args, { timeout: 20000 });
    assertSane(r, args.join(' '));
    assert.equal(r.status, 2, `${args.join(' ')}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, re, `${args.join(' ')}: ${r.stderr}`);
  }
});
