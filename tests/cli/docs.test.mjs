// The docs page (site/docs.html, served next to the playground) lists every rule the CLI knows, each
// with an anchor the playground and people can link to, and says what the CLI says about it.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { kRepo, SdlabBin } from './lib.mjs';
import { readRules, renderRuleCatalogue, spliceCatalogue } from '../../scripts/rule-docs.mjs';

const kPage = readFileSync(path.join(kRepo, 'site', 'docs.html'), 'utf8');
const kRules = readRules(SdlabBin());

test('the docs page carries the catalogue the CLI renders (else run node scripts/rule-docs.mjs)', () => {
  assert.ok(kRules.length >= 80, `only ${kRules.length} rules listed`);
  assert.equal(kPage, spliceCatalogue(kPage, renderRuleCatalogue(kRules)));
});

test('every rule has its own anchor and row, with its title, why and fix', () => {
  assert.match(kPage, /<h2 id="rules">Rule catalogue<\/h2>/);
  for (const r of kRules) {
    const row = kPage.match(new RegExp(`<tr id="${r.id}">([\\s\\S]*?)</tr>`));
    assert.ok(row, `no row with id="${r.id}"`);
    assert.ok(row[1].includes(`href="#${r.id}"`), `${r.id}: no link to its own anchor`);
    const text = row[1].replace(/<[^>]+>/g, '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&');
    for (const field of ['title', 'why', 'fix']) assert.ok(text.includes(r[field]), `${r.id}: the ${field} is missing`);
  }
  const ids = [...kPage.matchAll(/<tr id="([A-Z]+[0-9]+)">/g)].map((m) => m[1]);
  assert.equal(new Set(ids).size, ids.length, 'a rule is listed twice');
  assert.deepEqual(ids.sort(), kRules.map((r) => r.id).sort());
});

test('the rendering escapes markup in rule texts', () => {
  const html = renderRuleCatalogue([{ id: 'X001', name: 'a<b', severity: 'info', title: 'T & <i>', why: '"w"', fix: 'f>' }]);
  assert.ok(html.includes('T &amp; &lt;i&gt;') && html.includes('&quot;w&quot;') && html.includes('f&gt;'));
  assert.ok(!html.includes('<i>'));
  assert.throws(() => spliceCatalogue('<html></html>', html), /markers/);
});
