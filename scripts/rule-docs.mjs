// The rule catalogue of the docs page: every rule `sdlab explain --format json` knows, one table row
// each with an anchor (docs.html#CAP002), written into site/docs.html between the markers
// <!-- rules:begin --> and <!-- rules:end -->. The playground's "Rule catalogue" buttons open
// docs.html#rules. tests/cli/docs.test.mjs fails when the committed page differs from what this renders,
// so a new or changed rule means running:
//
//   node scripts/rule-docs.mjs [SDLAB_BIN]      (default build/native/bin/sdlab)
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const kBegin = '<!-- rules:begin -->';
export const kEnd = '<!-- rules:end -->';

const escapeHtml = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
  .replace(/"/g, '&quot;');

/** The catalogue's HTML (the text between the markers) for the `rules` array of `sdlab explain --format json`. */
export function renderRuleCatalogue(rules) {
  const rows = rules.map((r) => {
    const id = escapeHtml(r.id);
    return `    <tr id="${id}"><td><a href="#${id}"><code>${id}</code></a><br><code>${escapeHtml(r.name)}</code></td>` +
      `<td>${escapeHtml(r.severity)}</td>\n      <td><strong>${escapeHtml(r.title)}</strong><br>` +
      `Why: ${escapeHtml(r.why)}<br>Fix: ${escapeHtml(r.fix)}</td></tr>`;
  });
  return [
    '',
    `  <h2 id="rules">Rule catalogue</h2>`,
    `  <p>The ${rules.length} rules behind <code>sdlab score</code> and the Findings view: what each checks, why it`,
    '    matters and how to fix it. <code>sdlab explain RULE_ID</code> prints one from a terminal; a blueprint\'s',
    '    <code>suppress</code> list silences one with a reason.</p>',
    '  <table>',
    '    <tr><th>Rule</th><th>Severity</th><th>What, why and the fix</th></tr>',
    ...rows,
    '  </table>',
    '  ',
  ].join('\n');
}

/** `html` with the text between the markers replaced by `catalogue`. Throws when a marker is missing. */
export function spliceCatalogue(html, catalogue) {
  const b = html.indexOf(kBegin);
  const e = html.indexOf(kEnd);
  if (b < 0 || e < b) throw new Error(`docs page: the markers ${kBegin} … ${kEnd} are missing`);
  return html.slice(0, b + kBegin.length) + catalogue + html.slice(e);
}

/** The rules as the binary at `bin` lists them. */
export function readRules(bin) {
  const r = spawnSync(bin, ['explain', '--format', 'json'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${bin} explain --format json: exit ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout).rules;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const bin = path.resolve(repo, process.argv[2] ?? path.join('build', 'native', 'bin', 'sdlab'));
  const page = path.join(repo, 'site', 'docs.html');
  const rules = readRules(bin);
  writeFileSync(page, spliceCatalogue(readFileSync(page, 'utf8'), renderRuleCatalogue(rules)));
  console.log(`site/docs.html: ${rules.length} rules`);
}
