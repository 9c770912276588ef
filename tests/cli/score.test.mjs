// CLI tests of `sdlab score`, `sdlab diff` and `sdlab explain` (node --test tests/cli/):
// SARIF validated against the OASIS SARIF 2.1.0 schema with ajv, JUnit XML structure, GitHub
// annotations, Markdown, exit codes 0/1/2, the golden Markdown diff, and byte-identical reruns.
//   SDLAB_BIN            the binary under test (see lib.mjs)
//   SDLAB_UPDATE_GOLDEN  set to rewrite tests/golden/diff.md from the current output
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { kRepo, RunSdlab, ReadJsonc, ScenarioFiles } from './lib.mjs';

const kSarifSchema = JSON.parse(readFileSync(path.join(kRepo, 'tests/data/sarif-schema-2.1.0.json'), 'utf8'));

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(kSarifSchema);
}

/**
 * Checks that `xml` is well-formed (one root, tags closed in order, quoted attributes, known
 * entities) and returns its elements as {name, attrs, children, text} trees.
 */
function parseXml(xml) {
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  const root = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  const entity = /^&(amp|lt|gt|quot|apos|#[0-9]+|#x[0-9a-fA-F]+);/;
  while (i < xml.length) {
    if (xml[i] === '<') {
      const end = xml.indexOf('>', i);
      assert.ok(end > i, `unterminated tag at ${i}`);
      let tag = xml.slice(i + 1, end);
      if (tag.startsWith('/')) {
        const name = tag.slice(1);
        const top = stack.pop();
        assert.equal(top.name, name, `mismatched </${name}> at ${i}`);
      } else {
        const self = tag.endsWith('/');
        if (self) tag = tag.slice(0, -1);
        const m = /^([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*$/.exec(tag);
        assert.ok(m, `malformed tag <${tag.slice(0, 60)}>`);
        const attrs = {};
        for (const a of m[2].matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
          for (const amp of a[2].matchAll(/&/g)) assert.match(a[2].slice(amp.index), entity);
          attrs[a[1]] = a[2];
        }
        const el = { name: m[1], attrs, children: [], text: '' };
        stack.at(-1).children.push(el);
        if (!self) stack.push(el);
      }
      i = end + 1;
    } else {
      const next = xml.indexOf('<', i);
      const text = xml.slice(i, next < 0 ? xml.length : next);
      for (const amp of text.matchAll(/&/g)) assert.match(text.slice(amp.index), entity);
      if (stack.length === 1) assert.match(text, /^\s*$/, 'text outside the root element');
      stack.at(-1).text += text;
      i = next < 0 ? xml.length : next;
    }
  }
  assert.equal(stack.length, 1, `unclosed <${stack.at(-1).name}>`);
  assert.equal(root.children.length, 1, 'exactly one root element');
  return root.children[0];
}

test('SARIF output of every scenario validates against the SARIF 2.1.0 schema', () => {
  const files = ScenarioFiles();
  const r = RunSdlab(['score', ...files, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(r.status, 0, r.stderr);
  const sarif = JSON.parse(r.stdout);
  const validate = sarifValidator();
  const ok = validate(sarif);
  assert.ok(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.artifacts.length, files.length);
  const rules = run.tool.driver.rules;
  assert.ok(rules.length >= 40);
  for (const res of run.results) {
    assert.equal(rules[res.ruleIndex].id, res.ruleId);
    const loc = res.locations[0].physicalLocation;
    assert.ok(files.includes(loc.artifactLocation.uri), loc.artifactLocation.uri);
    assert.ok(loc.region.startLine >= 1);
    assert.match(res.properties.deep_link, /#bp=[A-Za-z0-9_-]+&seed=1(&focus=[^&]+)?$/);
  }
  // Security rules carry STRIDE/OWASP tags and a security-severity for code scanning.
  const sec001 = rules.find((x) => x.id === 'SEC001');
  assert.ok(sec001.properties.tags.includes('security'));
  assert.ok(sec001.properties.tags.includes('owasp:A02:2021'));
  assert.equal(sec001.properties['security-severity'], '8.0');
});

test('SARIF results sit on the component line: a public database is located at its component', () => {
  const file = 'scenarios/url-shortener-flawed.json';
  const r = RunSdlab(['score', file, '--format', 'sarif', '--fail-on', 'none']);
  assert.equal(r.status, 0, r.stderr);
  const res = JSON.parse(r.stdout).runs[0].results.find((x) => x.ruleId === 'SEC003');
  assert.ok(res, 'SEC003 fires on the flawed URL shortener');
  const lines = readFileSync(path.join(kRepo, file), 'utf8').split('\n');
  const line = lines[res.locations[0].physicalLocation.region.startLine - 1];
  assert.match(line, /"id": "db"/);
});

test('JUnit: testsuites > testsuite per file > testcase per rule, failures for fired rules', () => {
  const files = ['scenarios/chat-messaging-flawed.json', 'tests/data/rules/base.json'];
  const r = RunSdlab(['score', ...files, '--format', 'junit', '--fail-on', 'none']);
  assert.equal(r.status, 0, r.stderr);
  assert.ok(r.stdout.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n'));
  const root = parseXml(r.stdout);
  assert.equal(root.name, 'testsuites');
  for (const a of ['name', 'tests', 'failures', 'errors', 'skipped']) assert.ok(a in root.attrs, a);
  assert.equal(root.children.length, 2);
  let failures = 0;
  let tests = 0;
  for (const [k, suite] of root.children.entries()) {
    assert.equal(suite.name, 'testsuite');
    assert.equal(suite.attrs.name, files[k]);
    for (const a of ['name', 'tests', 'failures', 'errors', 'skipped']) assert.ok(a in suite.attrs, a);
    const cases = suite.children.filter((c) => c.name === 'testcase');
    assert.equal(cases.length, Number(suite.attrs.tests));
    assert.equal(suite.children.filter((c) => c.name === 'properties').length, 1);
    let f = 0;
    for (const c of cases) {
      assert.ok(c.attrs.name && c.attrs.classname, 'testcase needs name and classname');
      assert.match(c.attrs.classname, /^sdlab\.(capacity|latency|availability|durability|consistency|security|cost|operability)$/);
      for (const child of c.children) {
        assert.ok(['failure', 'skipped'].includes(child.name), child.name);
        if (child.name === 'failure') {
          f += 1;
          assert.ok(child.attrs.message && child.attrs.type);
          assert.match(child.attrs.type, /^(error|warning|note)$/);
        }
      }
    }
    assert.equal(f, Number(suite.attrs.failures));
    failures += f;
    tests += cases.length;
  }
  assert.equal(Number(root.attrs.failures), failures);
  assert.equal(Number(root.attrs.tests), tests);
  assert.ok(failures >= 5);
});

test('GitHub annotations: one workflow command per unsuppressed finding, plus a summary notice', () => {
  const r = RunSdlab(['score', 'scenarios/payment-ledger-flawed.json', '--format', 'github', '--fail-on', 'none']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const json = JSON.parse(RunSdlab(['score', 'scenarios/payment-ledger-flawed.json', '--format', 'json', '--fail-on', 'none']).stdout);
  const active = json.files[0].findings.filter((f) => !f.suppressed);
  assert.equal(lines.length, active.length + 1);
  for (const line of lines.slice(0, -1))
    assert.match(line, /^::(error|warning|notice) file=scenarios\/payment-ledger-flawed\.json,line=\d+,col=\d+,title=[A-Z]{3}\d{3} [a-z0-9_]+::[^\r\n]+$/);
  assert.match(lines.at(-1), /^::notice file=scenarios\/payment-ledger-flawed\.json,title=sdlab score::.*\d+\/100 \([A-F]\)/);
});

test('Markdown report is a PR comment: score table, area table, findings with rules', () => {
  const r = RunSdlab(['score', 'scenarios/news-feed-flawed.json', '--format', 'markdown', '--fail-on', 'none']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^## sdlab score\n/);
  assert.match(r.stdout, /\| `scenarios\/news-feed-flawed\.json` \| \d+ \| [A-F] \|/);
  assert.match(r.stdout, /\| `LAT001` p99_over_slo \|/);
  assert.match(r.stdout, /\[Open this design in the playground\]\(http:\/\/127\.0\.0\.1:8080\/#bp=/);
});

test('exit codes: 0 ok, 1 gate failed (--fail-on, --min-score), 2 bad input or usage', () => {
  const good = 'tests/data/rules/base.json';
  const warn = 'tests/data/rules/SEC016/trigger.json';  // one warning, score 98
  const err = 'tests/data/rules/SEC013/trigger.json';   // one error, score 96
  assert.equal(RunSdlab(['score', good]).status, 0);
  assert.equal(RunSdlab(['score', warn]).status, 0);            // default --fail-on error
  assert.equal(RunSdlab(['score', err]).status, 1);
  assert.equal(RunSdlab(['score', err, '--fail-on', 'none']).status, 0);
  assert.equal(RunSdlab(['score', warn, '--fail-on', 'warning']).status, 1);
  assert.equal(RunSdlab(['score', warn, '--fail-on', 'warning']).stderr,
    `sdlab score: gate failed: ${warn}: 1 finding(s) at or above warning (--fail-on warning)\n`);
  assert.equal(RunSdlab(['score', warn, '--min-score', '98']).status, 0);
  assert.equal(RunSdlab(['score', warn, '--min-score', '99']).status, 1);
  assert.equal(RunSdlab(['score', good, err, '--fail-on', 'none', '--min-score', '97']).status, 1);
  // Bad input and usage.
  const missing = RunSdlab(['score', 'no/such/file.json']);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /no\/such\/file\.json: cannot open the file/);
  const dir = mkdtempSync(path.join(tmpdir(), 'sdlab-score-'));
  try {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "components": [ { "id": "a", "kind": "databse" } ] }');
    const r = RunSdlab(['score', bad, '--format', 'sarif']);
    assert.equal(r.status, 2);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /1:\d+: error\[enum\]: \/components\/0\/kind/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  assert.equal(RunSdlab(['score', good, '--fail-on', 'sometimes']).status, 2);
  assert.equal(RunSdlab(['score', good, '--min-score', '101']).status, 2);
  assert.equal(RunSdlab(['score', good, '--format', 'pdf']).status, 2);
  assert.equal(RunSdlab(['score']).status, 2);
  assert.equal(RunSdlab(['score', '--help']).status, 0);
});

test('JSON output is deterministic and the playground URL comes from the flag or the environment', () => {
  const args = ['score', 'scenarios/ride-hailing.json', 'scenarios/web-crawler.json', '--format', 'json', '--fail-on', 'none'];
  const a = RunSdlab(args);
  const b = RunSdlab(args);
  assert.equal(a.status, 0, a.stderr);
  assert.equal(a.stdout, b.stdout);
  const j = JSON.parse(a.stdout);
  assert.equal(j.files.length, 2);
  assert.ok(j.files[0].deep_link.startsWith('http://127.0.0.1:8080/#bp='));
  const env = RunSdlab(args, { env: { SDLAB_PLAYGROUND_URL: 'https://example.org/play/' } });
  assert.ok(JSON.parse(env.stdout).files[0].deep_link.startsWith('https://example.org/play/#bp='));
  const flag = RunSdlab([...args, '--playground-url', 'https://flag.example/', '--seed', '9'],
    { env: { SDLAB_PLAYGROUND_URL: 'https://example.org/play/' } });
  const link = JSON.parse(flag.stdout).files[0].findings[0]?.deep_link ?? JSON.parse(flag.stdout).files[0].deep_link;
  assert.match(link, /^https:\/\/flag\.example\/#bp=.*&seed=9/);
  // The link carries the file's text byte for byte.
  const bp = new URL(j.files[0].deep_link).hash.match(/bp=([^&]+)/)[1];
  assert.equal(Buffer.from(bp, 'base64url').toString('utf8'), readFileSync(path.join(kRepo, 'scenarios/ride-hailing.json'), 'utf8'));
});

test('every scenario scores within the band of its expected file', () => {
  for (const file of ScenarioFiles()) {
    const name = path.basename(file, '.json');
    const expected = ReadJsonc(`scenarios/expected/${name}.json`);
    const r = RunSdlab(['score', file, '--format', 'json', '--fail-on', 'none']);
    assert.equal(r.status, 0, r.stderr);
    const f = JSON.parse(r.stdout).files[0];
    assert.ok(f.overall >= expected.score_min && f.overall <= expected.score_max,
      `${file}: ${f.overall} outside ${expected.score_min}..${expected.score_max}`);
    const fired = new Set(f.findings.filter((x) => !x.suppressed).map((x) => x.rule));
    for (const rule of expected.rules) assert.ok(fired.has(rule), `${file}: expected ${rule}`);
  }
});

test('diff: the golden Markdown, JSON figures, and --fail-if-score-drops', () => {
  const base = 'tests/golden/diff-base.json';
  const head = 'tests/golden/diff-head.json';
  const r = RunSdlab(['diff', base, head, '--format', 'markdown', '--playground-url', 'https://example.org/sdlab/']);
  assert.equal(r.status, 0, r.stderr);
  // The golden text has no link (it would carry the whole blueprint); check the link separately.
  const linkRe = / \[Open HEAD in the playground\]\((https:\/\/example\.org\/sdlab\/#bp=[^)]+)\)/;
  const m = r.stdout.match(linkRe);
  assert.ok(m, 'the diff links to HEAD in the playground');
  const body = r.stdout.replace(linkRe, '');
  const goldenFile = path.join(kRepo, 'tests/golden/diff.md');
  if (process.env.SDLAB_UPDATE_GOLDEN) writeFileSync(goldenFile, body);
  assert.equal(body, readFileSync(goldenFile, 'utf8'));

  const j = JSON.parse(RunSdlab(['diff', base, head, '--format', 'json']).stdout);
  assert.ok(j.score_delta > 0);
  assert.equal(j.head.score - j.base.score, j.score_delta);
  const p99 = j.figures.find((x) => x.key.startsWith('p99_s.'));
  assert.ok(p99 && 'base' in p99 && 'head' in p99 && 'change' in p99);
  assert.ok(j.findings_removed.length > 0);
  // Reversed, the score drops: the gate fails only beyond the allowed drop.
  const drop = j.score_delta;
  assert.equal(RunSdlab(['diff', head, base]).status, 0);
  assert.equal(RunSdlab(['diff', head, base, '--fail-if-score-drops', String(drop)]).status, 0);
  const failed = RunSdlab(['diff', head, base, '--fail-if-score-drops', String(drop - 1)]);
  assert.equal(failed.status, 1);
  assert.match(failed.stderr, /the score dropped by \d+ points/);
  assert.equal(RunSdlab(['diff', base]).status, 2);
  assert.equal(RunSdlab(['diff', base, 'no/such.json']).status, 2);
});

test('explain: a rule by id or name, the catalogue, suggestions for typos', () => {
  const r = RunSdlab(['explain', 'CAP002']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^CAP002 {2}saturated_at_peak\n/);
  assert.match(r.stdout, /why it matters\n/);
  assert.match(r.stdout, /how to fix\n/);
  const byName = RunSdlab(['explain', 'public_database', '--format', 'json']);
  const rule = JSON.parse(byName.stdout);
  assert.equal(rule.id, 'SEC003');
  assert.deepEqual(rule.stride, ['tampering', 'information_disclosure', 'elevation_of_privilege']);
  assert.ok(rule.owasp.length === 2);
  const all = JSON.parse(RunSdlab(['explain', '--format', 'json']).stdout);
  assert.ok(all.rules.length >= 40);
  const typo = RunSdlab(['explain', 'CAP02']);
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /no rule 'CAP02'; did you mean .*CAP002/);
});
