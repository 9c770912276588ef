// The playground never loses the user's work: the editor text is saved to localStorage on every change
// and restored on reload — a valid design comes back as the design, invalid text comes back as typed
// (with its diagnostics), and a deep link wins over the saved draft.
//
//   node --test tests/browser/autosave.test.mjs   (SDLAB_SITE_DIR: the built page)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import {
  kRepo, kSiteDir, kChromium, kChromiumArgs, kViewport, startServer, readState, waitFrames, clickWidget,
} from './lib.mjs';

async function openPage(page, url) {
  await page.goto(url, { waitUntil: 'load' });
  // Going to the same page with only a new #fragment does not reload it; the fragment is read on load.
  if (url.includes('#')) await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => {
    try {
      return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 2;
    } catch {
      return false;
    }
  }, null, { timeout: 30000, polling: 20 });
}

const setText = (page, text) => page.evaluate((t) => Module.ccall('sdlab_set_blueprint_text', null, ['string'], [t]), text);
const draft = (page) => page.evaluate(() => window.localStorage.getItem('sdlab.blueprint'));

test('the design survives a reload; invalid text too; a deep link wins; Share makes such a link', { timeout: 180000 }, async () => {
  assert.ok(existsSync(path.join(kSiteDir, 'index.html')), `${kSiteDir}/index.html is missing: build the page first`);
  const server = await startServer(kSiteDir);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: kChromium, headless: true, args: kChromiumArgs, viewport: kViewport,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(e.message));

    await openPage(page, server.url);
    const fresh = await readState(page);
    assert.equal(fresh.blueprint_name, '', 'a first visit starts without a design');

    // A valid design, renamed so that it cannot come from anywhere but the saved draft.
    const text = readFileSync(path.join(kRepo, 'scenarios', 'pastebin.json'), 'utf8')
      .replace(/"name":\s*"[^"]*"/, '"name": "my-own-pastebin"');
    await setText(page, text);
    await waitFrames(page, 3);
    assert.equal(await draft(page), text, 'the text is saved as it changes');
    await openPage(page, server.url);
    const restored = await readState(page);
    assert.equal(restored.blueprint_name, 'my-own-pastebin', 'the design came back after a reload');
    assert.equal(restored.blueprint_valid, true);
    assert.ok(restored.estimate, 'and its estimate');

    // Half-typed, invalid text is kept as typed, with its diagnostics.
    const broken = text.slice(0, Math.floor(text.length / 2));
    await setText(page, broken);
    await waitFrames(page, 3);
    await openPage(page, server.url);
    const kept = await readState(page);
    assert.equal(await draft(page), broken, 'the invalid text is still what was typed');
    assert.ok(kept.diagnostics.length > 0, 'and it is shown with its problems');
    assert.equal(kept.blueprint_valid, false);

    // A deep link opens its own design, not the draft.
    const share = Buffer.from(text.replace('my-own-pastebin', 'linked-design')).toString('base64url');
    await openPage(page, `${server.url}#bp=${share}&seed=5`);
    const linked = await readState(page);
    assert.equal(linked.blueprint_name, 'linked-design', 'the link wins over the saved draft');

    // Share (menu bar, by mouse): the address now holds this design and seed; opening it gives it back.
    await openPage(page, server.url);
    await setText(page, text.replace('my-own-pastebin', 'shared-design'));
    await waitFrames(page, 3);
    await clickWidget(page, 'share');
    const shared = await readState(page);
    const hash = await page.evaluate(() => window.location.hash);
    assert.ok(shared.share_link.startsWith('#bp='), `share_link: ${shared.share_link}`);
    assert.equal(hash, shared.share_link, 'Share puts the link in the address bar');
    const bp = new URLSearchParams(hash.slice(1)).get('bp');
    assert.equal(Buffer.from(bp, 'base64url').toString('utf8'), text.replace('my-own-pastebin', 'shared-design'),
      'the link carries the text exactly as typed, comments included');
    await setText(page, '');  // the draft no longer holds it: only the link can bring it back
    await waitFrames(page, 3);
    await openPage(page, `${server.url}${hash}`);
    const reopened = await readState(page);
    assert.equal(reopened.blueprint_name, 'shared-design', 'the shared link opens the same design');
    assert.deepEqual(problems, []);
  } finally {
    await context?.close();
    server.child.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
