// CLI tests of `sdlab validate`, `sdlab estimate`, `schema`, `numbers`, --help/--version and usage errors.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/
//
// The bad-blueprint corpus is tests/data/bad/*.json; tests/data/bad/expected.json gives, for each file,
// the exit code and one diagnostic (code, JSON pointer, line:col counted by hand) that must be reported.
// Expected estimate figures are the system-design-primer's Pastebin numbers worked by hand: 10 M writes
// and 100 M reads a month over the primer's 2.5e6 s month are 4 and 40 per second; 1.27 KB a paste.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { kRepo, ReadJsonc, RunSdlab, ScenarioFiles } from './lib.mjs';

const kBadDir = path.join('tests', 'data', 'bad');
const kExpected = JSON.parse(readFileSync(path.join(kRepo, kBadDir, 'expected.json'), 'utf8')).files;
const kBadFiles = readdirSync(path.join(kRepo, kBadDir))
  .filter((f) => f.endsWith('.json') && f !== 'expected.json')
  .sort();

/** Relative tolerance check, for figures that are products of decimal inputs. */
function near(actual, expected, rel = 1e-9) {
  assert.equal(typeof actual, 'number', `expected a number, got ${JSON.stringify(actual)}`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected),
    `expected ${expected}, got ${actual}`);
}

/** The text form of a diagnostic line, as Diagnostic::ToString prints it after "FILE:". */
function diagnosticPrefix(file, e) {
  return `${file}:${e.line}:${e.column}: error[${e.code}]: ${e.pointer === '' ? '/' : e.pointer}: `;
}

// [SECTION] validate

test('every scenario validates (exit 0)', () => {
  const files = ScenarioFiles();
  assert.ok(files.length >= 4, `expected the four scenarios, found ${files}`);
  for (const f of files) {
    const r = RunSdlab(['validate', f]);
    assert.equal(r.status, 0, `${f}: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`^${f.replace(/[.]/g, '\\.')}: valid \\(\\d+ components\\)`));
    assert.equal(r.stderr, '');
  }
  // Several files in one run.
  const all = RunSdlab(['validate', ...files]);
  assert.equal(all.status, 0, all.stderr);
  assert.equal(all.stdout.trim().split('\n').length, files.length);
});

test('validate --format json on the scenarios', () => {
  const files = ScenarioFiles();
  const r = RunSdlab(['validate', '--format', 'json', ...files]);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout);
  assert.equal(report.valid, true);
  assert.deepEqual(report.files.map((f) => f.file), files);
  for (const f of report.files) {
    assert.equal(f.valid, true);
    assert.deepEqual(f.errors, []);
    // The count of components agrees with the file itself.
    assert.equal(f.components, ReadJsonc(f.file).components.length, f.file);
  }
});

test('the bad corpus and expected.json list the same files, with at least 12 kinds', () => {
  assert.deepEqual(kBadFiles, Object.keys(kExpected).sort());
  const codes = new Set(Object.values(kExpected).map((e) => e.code));
  for (const code of ['syntax', 'type', 'unknown_field', 'missing', 'unit', 'enum', 'reference', 'duplicate_id',
    'range', 'limit']) {
    assert.ok(codes.has(code), `no bad file for ${code}`);
  }
  assert.ok(kBadFiles.length >= 12);
});

for (const name of kBadFiles) {
  const file = path.join(kBadDir, name);
  test(`bad blueprint ${name}: exit 2, ${kExpected[name]?.code} at ${kExpected[name]?.line}:${kExpected[name]?.column}`,
    () => {
      const e = kExpected[name];
      assert.ok(e, `${name} has no entry in expected.json`);
      // Text: the diagnostic on stderr, as FILE:LINE:COL: error[CODE]: POINTER: message.
      const r = RunSdlab(['validate', file]);
      assert.equal(r.status, e.exit, `stdout: ${r.stdout}\nstderr: ${r.stderr}`);
      assert.equal(r.stdout, '');
      const prefix = diagnosticPrefix(file, e);
      assert.ok(r.stderr.split('\n').some((line) => line.startsWith(prefix)),
        `stderr lacks a line starting with\n  ${prefix}\nstderr:\n${r.stderr}`);
      assert.match(r.stderr, new RegExp(`${name.replace(/[.]/g, '\\.')}: invalid \\(\\d+ errors?\\)\\n$`));

      // JSON: the same diagnostic.
      const j = RunSdlab(['validate', '--format', 'json', file]);
      assert.equal(j.status, e.exit, j.stderr);
      const report = JSON.parse(j.stdout);
      assert.equal(report.valid, false);
      assert.equal(report.files.length, 1);
      assert.equal(report.files[0].file, file);
      assert.equal(report.files[0].valid, false);
      const errors = report.files[0].errors;
      assert.ok(errors.length >= 1);
      const hit = errors.find((d) => d.code === e.code && d.pointer === e.pointer && d.line === e.line &&
        d.column === e.column);
      assert.ok(hit, `no ${JSON.stringify({ code: e.code, pointer: e.pointer, line: e.line, column: e.column })} ` +
        `in ${JSON.stringify(errors, null, 1)}`);
      assert.equal(typeof hit.message, 'string');
      assert.ok(hit.message.length > 0);
      // Text and JSON report the same number of problems, sorted by position.
      assert.equal(r.stderr.trim().split('\n').length, errors.length + 1);
      for (let i = 1; i < errors.length; ++i) {
        const a = errors[i - 1], b = errors[i];
        assert.ok(a.line < b.line || (a.line === b.line && a.column <= b.column), 'errors are sorted by position');
      }
    });
}

test('bad-corpus messages say what is wrong', () => {
  const msg = (name) => {
    const r = RunSdlab(['validate', '--format', 'json', path.join(kBadDir, name)]);
    return r.stdout && JSON.parse(r.stdout).files[0].errors.map((d) => d.message).join('\n');
  };
  assert.match(msg('bad-unit.json'), /"12 parsecs": unknown unit 'parsecs'/);
  assert.match(msg('unknown-field.json'), /did you mean 'replicas'\?/);
  assert.match(msg('enum-typo.json'), /did you mean 'database'\?/);
  assert.match(msg('dangling-link.json'), /no component has id 'dbb'; did you mean 'db'\?/);
  assert.match(msg('unknown-zone.json'), /did you mean 'private'\?/);
  assert.match(msg('flow-share.json'), /130%/);
});

test('validate: a scenario and a bad file together exit 2; a missing file exits 2', () => {
  const r = RunSdlab(['validate', 'scenarios/pastebin.json', path.join(kBadDir, 'wrong-type.json')]);
  assert.equal(r.status, 2);
  assert.match(r.stdout, /scenarios\/pastebin\.json: valid/);
  assert.match(r.stderr, /wrong-type\.json:4:51: error\[type\]/);
  const missing = RunSdlab(['validate', 'tests/data/bad/no-such-file.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot open/);
  const none = RunSdlab(['validate']);
  assert.equal(none.status, 2);
});

// [SECTION] estimate

test('estimate scenarios/pastebin.json --format json: the primer\'s numbers', () => {
  const r = RunSdlab(['estimate', 'scenarios/pastebin.json', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  for (const key of ['read_rps', 'write_rps', 'peak_read_rps', 'peak_write_rps', 'storage_per_month_bytes',
    'storage_total_bytes', 'ingress_bytes_per_s', 'egress_bytes_per_s', 'month_seconds', 'formulas']) {
    assert.ok(key in j, `missing key ${key}`);
  }
  assert.equal(j.month_convention, 'primer');
  assert.equal(j.month_seconds, 2.5e6);
  near(j.read_rps, 40);   // 100 M / 2.5e6 s
  near(j.write_rps, 4);   // 10 M / 2.5e6 s
  near(j.peak_read_rps, 120);  // × peak_factor 3
  near(j.peak_write_rps, 12);
  near(j.storage_per_month_bytes, 12.7e9);  // 10 M × 1.27 KB
  near(j.storage_total_bytes, 36 * 12.7e9);  // 3 years = 36 primer months = 457.2 GB
  near(j.storage_total_replicated_bytes, 3 * 36 * 12.7e9);
  near(j.ingress_bytes_per_s, 4 * 1270);
  near(j.egress_bytes_per_s, 40 * 1270);
  near(j.cache_memory_bytes, 0.2 * 40 * 86400 * 1270);
  // Every figure has a formula, and the formulas carry the numbers.
  for (const [key, v] of Object.entries(j)) {
    if (typeof v === 'number' && !['month_seconds', 'year_seconds'].includes(key)) {
      assert.equal(typeof j.formulas[key], 'string', `no formula for ${key}`);
    }
  }
  assert.match(j.formulas.peak_read_rps, /40\/s × 3 = 120\/s/);
  assert.match(j.formulas.storage_per_month_bytes, /12\.7 GB/);
  // Per tier: lb 48 reads (60% CDN hits) + 12 writes; db 20% of 48 reads + 12 writes = 21.6/s.
  const tier = (id) => j.tiers.find((t) => t.component === id);
  near(tier('lb').peak_rps, 60);
  near(tier('read_api').peak_rps, 48);
  near(tier('db').peak_rps, 21.6);
  assert.equal(tier('db').servers_needed, 1);
  assert.equal(tier('clients'), undefined);
  // Deterministic: the same bytes twice.
  assert.equal(RunSdlab(['estimate', 'scenarios/pastebin.json', '--format', 'json']).stdout, r.stdout);
});

test('estimate scenarios/twitter-timeline.json --format json: 6000 writes/s, 100000 reads/s, 150 TB/month', () => {
  const r = RunSdlab(['estimate', 'scenarios/twitter-timeline.json', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  near(j.write_rps, 6000);
  near(j.read_rps, 100000);
  near(j.storage_per_month_bytes, 150e12);
});

test('estimate in flag mode reproduces the primer\'s Pastebin', () => {
  const r = RunSdlab(['estimate', '--reads-per-month', '100M', '--writes-per-month', '10M', '--object-size', '1.27KB',
    '--month', 'primer', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  near(j.read_rps, 40);
  near(j.write_rps, 4);
  near(j.peak_read_rps, 80);  // default peak factor 2
  near(j.peak_write_rps, 8);
  near(j.storage_per_month_bytes, 12.7e9);
  near(j.storage_total_bytes, 60 * 12.7e9);  // default retention 5 years = 60 primer months
  near(j.storage_total_replicated_bytes, 3 * 60 * 12.7e9);  // default replication 3
  assert.equal(j.month_seconds, 2.5e6);
  assert.deepEqual(j.tiers, []);
});

test('estimate text output: an aligned table with the formulas', () => {
  const r = RunSdlab(['estimate', 'scenarios/pastebin.json']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^estimate: pastebin \(scenarios\/pastebin\.json\)\n/);
  const row = r.stdout.split('\n').find((l) => l.startsWith('Average reads'));
  assert.ok(row, r.stdout);
  assert.match(row, /40\/s/);
  assert.match(row, /avg reads = 100M\/month/);
  assert.match(r.stdout, /servers = ⌈/);
});

test('estimate: bad flag values and bad input exit 2 with a clear message', () => {
  const cases = [
    [['estimate', '--writes-per-month', '10M', '--object-size', '12parsecs'],
      /--object-size: "12parsecs": unknown unit 'parsecs'/],
    [['estimate', '--writes-per-month', '10M', '--month', 'primr'], /--month: .*primr/],
    [['estimate', '--writes', '10M'], /--writes: "10M": /],  // a rate needs a period
    [['estimate', '--reads-per-user', '10/day'], /need --dau/],
    [['estimate', '--writes-per-month', '10M', '--peak-factor', '0.5'], /peak-factor/],
    [['estimate', '--writes-per-month', '10M', '--format', 'xml'], /format/],
    [['estimate'], /no traffic given/],
    [['estimate', path.join(kBadDir, 'bad-unit.json')], /bad-unit\.json:3:54: error\[unit\]/],
    [['estimate', 'no-such-file.json'], /cannot open/],
  ];
  for (const [args, message] of cases) {
    const r = RunSdlab(args);
    assert.equal(r.status, 2, `${args.join(' ')}: status ${r.status}\n${r.stdout}${r.stderr}`);
    assert.match(r.stderr, message, args.join(' '));
    assert.equal(r.stdout, '', args.join(' '));
  }
});

// [SECTION] the rest of the surface

test('--help and --version exit 0; a subcommand has --help', () => {
  const help = RunSdlab(['--help']);
  assert.equal(help.status, 0);
  for (const cmd of ['validate', 'estimate', 'schema', 'numbers', 'model']) assert.match(help.stdout, new RegExp(cmd));
  const version = RunSdlab(['--version']);
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^sdlab \d+\.\d+\.\d+/);
  for (const cmd of ['validate', 'estimate', 'schema', 'numbers']) {
    const r = RunSdlab([cmd, '--help']);
    assert.equal(r.status, 0, cmd);
    assert.match(r.stdout, /--format/, cmd);
  }
});

test('usage errors exit 2: no subcommand, an unknown subcommand, an unknown flag', () => {
  for (const args of [[], ['frobnicate'], ['validate', '--frobnicate', 'scenarios/pastebin.json']]) {
    const r = RunSdlab(args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.notEqual(r.stderr, '');
  }
});

test('schema prints the blueprint JSON Schema', () => {
  const r = RunSdlab(['schema']);
  assert.equal(r.status, 0, r.stderr);
  const schema = JSON.parse(r.stdout);
  assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
  assert.deepEqual(schema, JSON.parse(readFileSync(path.join(kRepo, 'schema', 'blueprint.schema.json'), 'utf8')));
});

test('numbers --format json: latency numbers and powers of two', () => {
  const r = RunSdlab(['numbers', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  const j = JSON.parse(r.stdout);
  const l1 = j.latency_ns.find((l) => l.operation === 'L1 cache reference');
  assert.equal(l1.ns, 0.5);
  const mem = j.latency_ns.find((l) => l.operation === 'Main memory reference');
  assert.equal(mem.ns, 100);
  for (const p of j.powers_of_two) assert.equal(p.exact, 2 ** p.power, `2^${p.power}`);
  assert.ok(j.powers_of_two.some((p) => p.power === 30));
  const text = RunSdlab(['numbers']);
  assert.equal(text.status, 0);
  assert.match(text.stdout, /L1 cache reference\s+0\.5 ns/);
});
