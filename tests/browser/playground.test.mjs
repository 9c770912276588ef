// End-to-end test of the playground in a real browser (Debian's Chromium, driven by playwright-core).
//
//   node --test tests/browser/
//
// Serves the built page (SDLAB_SITE_DIR, default build/wasm/site) with scripts/serve.mjs on a free
// 127.0.0.1 port, opens it at 1280×800, and then works it like a person: clicks the DAU input, selects
// all, types a new value, presses Enter; clicks a scenario; feeds the editor invalid JSON. Each step
// reads the state back through the page's exported sdlab_state_json() and checks it against the
// formulas. Also: no console errors or warnings, no failed requests. Screenshots go to
// build/browser-artifacts/. Environment: SDLAB_SITE_DIR (page folder), SDLAB_CHROMIUM (browser path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

import {
  kRepo, kSiteDir, kArtifacts, kChromium, kChromiumArgs, kViewport, kSecondsPerDay,
  startServer, readState, widgetRect, waitFrames, pressKey, clickWidget, assertClose,
} from './lib.mjs';

test('playground in Chromium', { timeout: 180000 }, async (t) => {
  assert.ok(existsSync(path.join(kSiteDir, 'index.html')),
    `${kSiteDir}/index.html is missing: build the page first (cmake --build build/wasm) or set SDLAB_SITE_DIR`);
  mkdirSync(kArtifacts, { recursive: true });

  const server = await startServer(kSiteDir);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: kChromium, headless: true, args: kChromiumArgs, viewport: kViewport,
    });
    const page = context.pages()[0] ?? await context.newPage();

    const consoleProblems = [];
    const failedRequests = [];
    const responses = new Map();
    page.on('console', (msg) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      // page.screenshot() reads the WebGL canvas back; the GL driver then reports a performance stall.
      // That message is the test's own doing, not the page's.
      if (/GL Driver Message \(OpenGL, Performance, .*\): GPU stall due to ReadPixels/.test(msg.text())) return;
      consoleProblems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (req) => failedRequests.push(`${req.url()}: ${req.failure()?.errorText}`));
    page.on('response', (res) => {
      responses.set(new URL(res.url()).pathname, res.headers()['content-type']);
      if (res.status() >= 400) failedRequests.push(`${res.url()}: HTTP ${res.status()}`);
    });

    let validScreenshot = false;  // playground.png shows a loaded scenario once (b) ran
    const navStart = Date.now();
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => {
      try {
        return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 0;
      } catch {
        return false;
      }
    }, null, { timeout: 30000, polling: 20 });
    const seenMs = Date.now() - navStart;
    const firstFrameMs = await page.evaluate(() => Module.ccall('sdlab_first_frame_ms', 'number', [], []));
    console.log(`first frame: ${firstFrameMs.toFixed(1)} ms after main(); seen by the test ${seenMs} ms after navigation`);
    assert.ok(firstFrameMs > 0, 'sdlab_first_frame_ms() is not set after the first frame');
    assert.equal(await page.title(), 'sdlab playground');
    assert.equal(responses.get('/index.wasm'), 'application/wasm');

    await t.test('(a) DAU typed into the estimator: reads/s follow DAU × reads per user ÷ 86400', async () => {
      const before = await readState(page);
      assert.equal(before.inputs.per_user, true);
      assert.notEqual(before.inputs.dau, 1e7, 'the test needs a starting DAU other than 10M');
      await clickWidget(page, 'dau');
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'canvas', 'a click does not focus the canvas');
      await pressKey(page, 'End');  // a click selects all; End drops that, so Ctrl+A has work to do
      await pressKey(page, 'a', 'Control');
      await page.keyboard.type('10000000', { delay: 20 });
      await waitFrames(page, 2);
      await pressKey(page, 'Enter');
      const s = await readState(page);
      assert.equal(s.inputs.dau, 1e7, `DAU input: ${JSON.stringify(s.inputs)}`);
      const reads = s.inputs.dau * s.inputs.reads_per_day / kSecondsPerDay;
      const writes = s.inputs.dau * s.inputs.writes_per_day / kSecondsPerDay;
      assert.ok(s.estimate, `no estimate: ${s.estimate_error}`);
      assertClose(s.estimate.read_rps, reads, 'read_rps');
      assertClose(s.estimate.write_rps, writes, 'write_rps');
      assertClose(s.estimate.peak_read_rps, reads * s.inputs.peak_factor, 'peak_read_rps');
      assertClose(s.estimate.peak_total_rps, (reads + writes) * s.inputs.peak_factor, 'peak_total_rps');
      if (s.inputs.reads_per_day === 10) assertClose(s.estimate.read_rps, 1157.4074074074074, 'read_rps (10M × 10/day)');
      assert.ok(s.estimate.formulas.read_rps.includes('10M'), s.estimate.formulas.read_rps);
    });

    await t.test('(b) a scenario clicked in the picker loads and changes the estimate', async (st) => {
      const bundled = existsSync(path.join(kRepo, 'scenarios'))
        ? readdirSync(path.join(kRepo, 'scenarios')).filter((f) => f.endsWith('.json')) : [];
      const before = await readState(page);
      if (bundled.length === 0 && before.scenarios.length === 0) {
        st.skip('no scenarios/*.json in the repository yet');
        return;
      }
      assert.ok(before.scenarios.length > 0, `the page bundles no scenarios but the repository has ${bundled.join(', ')}`);
      const pick = before.scenarios[0];
      await clickWidget(page, `scenario:${pick.name}`);
      const s = await readState(page);
      assert.equal(s.scenario, pick.name, 'the click did not load the scenario');
      assert.equal(s.blueprint_valid, true, `scenario ${pick.name} does not load: ${JSON.stringify(s.diagnostics)}`);
      assert.deepEqual(s.diagnostics, []);
      assert.ok(s.estimate, `no estimate for ${pick.name}: ${s.estimate_error}`);
      assert.notDeepEqual(s.estimate, before.estimate, 'the estimate did not change');
      await page.mouse.move(kViewport.width - 4, kViewport.height - 4);  // no tooltip over the shot
      await waitFrames(page, 2);
      await page.screenshot({ path: path.join(kArtifacts, 'playground.png') });
      validScreenshot = true;
    });

    if (!validScreenshot) {
      rmSync(path.join(kArtifacts, 'playground.png'), { force: true });
      await page.screenshot({ path: path.join(kArtifacts, 'playground.png') });
    }

    await t.test('(c1) text typed into the editor is validated as it is typed', async () => {
      const before = await readState(page);
      assert.ok(before.estimate, 'no estimate to keep');
      await clickWidget(page, 'blueprint_editor');
      await pressKey(page, 'End', 'Control');
      await page.keyboard.type('!', { delay: 20 });
      await waitFrames(page, 3);
      const s = await readState(page);
      assert.ok(s.diagnostics.length > 0, 'a stray "!" after the JSON gave no diagnostic');
      assert.equal(s.diagnostics[0].code, 'syntax');
      assert.ok(s.diagnostics[0].line > 0, JSON.stringify(s.diagnostics[0]));
      assert.deepEqual(s.estimate, before.estimate, 'the last valid estimate was thrown away');
      await pressKey(page, 'Backspace');
      await waitFrames(page, 2);
      const fixed = await readState(page);
      assert.deepEqual(fixed.diagnostics, [], 'removing the "!" did not make the text valid again');
      assert.equal(fixed.blueprint_valid, before.blueprint_valid);
      assert.deepEqual(fixed.estimate, before.estimate);
    });

    await t.test('(c2) invalid JSON set through sdlab_set_blueprint_text shows diagnostics with line:col and keeps the last valid estimate', async () => {
      const before = await readState(page);
      assert.ok(before.estimate, 'no estimate to keep');
      const broken = '{\n  "name": "broken",\n  "requirements": {\n    "dau": 5M\n  }\n}\n';
      await page.evaluate((text) => Module.ccall('sdlab_set_blueprint_text', null, ['string'], [text]), broken);
      await waitFrames(page, 3);
      const s = await readState(page);
      assert.ok(s.diagnostics.length > 0, 'no diagnostics for invalid JSON');
      const d = s.diagnostics[0];
      assert.equal(d.code, 'syntax');
      assert.equal(d.line, 4, `diagnostic ${JSON.stringify(d)}`);
      assert.ok(d.column > 0, `diagnostic ${JSON.stringify(d)}`);
      assert.match(d.text, /(^|\D)4:\d+/);
      assert.equal(s.blueprint_valid, false);
      assert.deepEqual(s.estimate, before.estimate, 'the last valid estimate was thrown away');
      assert.deepEqual(s.inputs, before.inputs);
      assert.equal(s.blueprint_name, before.blueprint_name);
      await page.screenshot({ path: path.join(kArtifacts, 'playground-invalid.png') });
    });

    await t.test('(d) no console errors or warnings, no failed requests', async () => {
      assert.deepEqual(consoleProblems, []);
      assert.deepEqual(failedRequests, []);
    });
  } finally {
    await context?.close();
    server.child.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
});
