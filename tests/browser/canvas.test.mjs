// End-to-end test of the playground's design canvas in a real browser (Debian's Chromium, driven by
// playwright-core), by mouse and keyboard as a person would use it.
//
//   SDLAB_SITE_DIR=build/wasm/site node --test tests/browser/canvas.test.mjs
//
// (a) Three components dragged (or click-placed) from the palette and linked by port drag and by the
//     link tool: the blueprint becomes valid, the estimate sizes their tiers, the score finds problems,
//     and the JSON text carries them with their "ui" positions.
// (b) A drag moves a box (snapped to the grid); Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z and the toolbar buttons
//     undo and redo it; Del deletes a box with its link and Ctrl+Z brings both back; the wheel zooms
//     and a right drag pans.
// (c) The inspector refuses "fast/s" as a capacity with the units parser's message and keeps the text;
//     "5K/s" goes into the JSON and the tier's capacity becomes 5000/s. A text edit redraws the canvas.
// (d) After a reload the same design, at the same positions, is on the canvas.
// (e) Export JSON downloads the text as <name>.json; Import JSON loads a file through the page's file
//     picker, and an invalid file keeps the last valid design and shows its problems.
// (f) During a simulation, the canvas's "Partition its zone" button on a selected component makes the
//     error rate move, and the boxes' utilisation badges show the simulation's instead of the estimate's; the frame time while simulating is printed (mean, p95).
// (g) The security lab reacts to one toggle (all links plaintext: lower security score, more findings)
//     and its "Rule catalogue" opens docs.html at the rule table; the availability lab to one input (the k-of-n group off: the chain's availability changes).
// (h) The light theme toggles from the View menu and is remembered after a reload.
// (i) At devicePixelRatio 2 the canvas's backing store is twice its CSS size and the fonts are
//     rasterised at that ratio (screenshots of both ratios go to build/browser-artifacts/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
  kRepo, kArtifacts, kViewport, readState, widgetRect, waitFrames, pressKey, clickWidget, withPlayground,
} from './lib.mjs';

const centre = (r) => ({ x: r.x + r.w / 2, y: r.y + r.h / 2 });
const labs = (page) => page.evaluate(() => JSON.parse(Module.ccall('sdlab_labs_json', 'string', [], [])));
const scoreJson = (page) => page.evaluate(() => JSON.parse(Module.ccall('sdlab_score_json', 'string', [], [])));
const draft = (page) => page.evaluate(() => window.localStorage.getItem('sdlab.blueprint'));
const node = (s, id) => s.canvas.components.find((c) => c.id === id);

/** A mouse drag in small steps, a frame or two each, as a hand does (ImGui samples once per frame). */
async function drag(page, from, to, { button = 'left', modifier } = {}) {
  await page.mouse.move(from.x, from.y);
  await waitFrames(page, 1);
  if (modifier) await page.keyboard.down(modifier);
  await page.mouse.down({ button });
  await waitFrames(page, 2);
  const steps = 6;
  for (let i = 1; i <= steps; i += 1) {
    await page.mouse.move(from.x + ((to.x - from.x) * i) / steps, from.y + ((to.y - from.y) * i) / steps);
    await waitFrames(page, 1);
  }
  await page.mouse.up({ button });
  await waitFrames(page, 3);
  if (modifier) await page.keyboard.up(modifier);
}

async function clickAt(page, p) {
  await page.mouse.move(p.x, p.y);
  await waitFrames(page, 1);
  await page.mouse.click(p.x, p.y);
  await waitFrames(page, 2);
}

async function openCanvas(page) {
  await clickWidget(page, 'view:canvas');
  await waitFrames(page, 2);
  const s = await readState(page);
  assert.equal(s.view, 'canvas', 'the Canvas tab did not open the view');
  return s;
}

/** Replaces the text of an inspector field by typing, then Enter. */
async function typeField(page, id, text) {
  await clickWidget(page, id);
  await pressKey(page, 'a', 'Control');
  await page.keyboard.type(text, { delay: 10 });
  await waitFrames(page, 2);
  await pressKey(page, 'Enter');
  await waitFrames(page, 2);
}

/** Scrolls the inspector (mouse wheel over it) until the field's row is inside the window. */
async function scrollToField(page, id) {
  for (let i = 0; i < 40; ++i) {
    const r = await widgetRect(page, id);
    if (r && r.w > 0 && r.y > 60 && r.y + r.h < kViewport.height - 30) return r;
    const anchor = await widgetRect(page, 'inspector:name');
    const box = anchor ?? r;
    assert.ok(box, `the inspector field '${id}' was not drawn`);
    await page.mouse.move(box.x + box.w / 2, Math.min(Math.max(box.y, 300), kViewport.height - 100));
    await page.mouse.wheel(0, 120);
    await waitFrames(page, 2);
  }
  assert.fail(`the inspector field '${id}' never scrolled into view`);
}

/** Intervals between animation frames (ms) over `frames` frames. */
async function frameIntervals(page, frames) {
  return page.evaluate((n) => new Promise((resolve) => {
    const stamps = [];
    const step = (ts) => {
      stamps.push(ts);
      if (stamps.length > n) resolve(stamps.slice(1).map((t, i) => t - stamps[i]));
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }), frames);
}

function describeIntervals(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
  const p95 = sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))];
  return { mean, p95, text: `mean ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms over ${ms.length} frames` };
}

test('design canvas in Chromium, by mouse', { timeout: 300000 }, async (t) => {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'sdlab-canvas-'));
  try {
    await withPlayground(async ({ page, context, consoleProblems }) => {
      let area;  // the canvas rect

      await t.test('(a) three components placed from the palette and linked, by mouse', async () => {
        let s = await openCanvas(page);
        assert.equal(s.canvas.components.length, 0, 'a first visit starts with an empty canvas');
        area = await widgetRect(page, 'canvas');
        assert.ok(area && area.w > 400 && area.h > 400, `the canvas is too small at 1280×800: ${JSON.stringify(area)}`);
        const at = (dx, dy) => ({ x: area.x + dx, y: area.y + dy });

        // Drag "client" and "service" from the palette; click-arm "database" then click the canvas.
        await drag(page, centre(await widgetRect(page, 'palette:client')), at(110, 140));
        await drag(page, centre(await widgetRect(page, 'palette:service')), at(330, 140));
        await clickWidget(page, 'palette:database');
        assert.equal((await readState(page)).canvas.armed_kind, 'database');
        await clickAt(page, at(330, 330));
        s = await readState(page);
        assert.deepEqual(s.canvas.components.map((c) => [c.id, c.kind, c.placed]),
          [['client', 'client', true], ['service', 'service', true], ['database', 'database', true]]);
        for (const c of s.canvas.components) {
          assert.equal(c.x % 20, 0, `${c.id} is not on the 20-unit grid`);
          assert.equal(c.y % 20, 0, `${c.id} is not on the 20-unit grid`);
        }

        // Link client → service by dragging its right port; service → database with the link tool.
        await drag(page, centre(await widgetRect(page, 'port:client')), centre(await widgetRect(page, 'node:service')));
        await clickWidget(page, 'canvas:link_tool');
        await drag(page, centre(await widgetRect(page, 'node:service')), centre(await widgetRect(page, 'node:database')));
        await clickWidget(page, 'canvas:link_tool');
        s = await readState(page);
        assert.deepEqual(s.canvas.links.map((l) => `${l.from}>${l.to}`), ['client>service', 'service>database']);

        assert.equal(s.blueprint_valid, true, `the drawn design is not valid: ${JSON.stringify(s.diagnostics)}`);
        assert.equal(s.blueprint_name, 'my-design');
        const tiers = Object.fromEntries(s.estimate.tiers.map((tier) => [tier.component, tier]));
        assert.ok(tiers.service && tiers.database, `the estimate has no tiers for the drawn components: ${JSON.stringify(s.estimate.tiers)}`);
        const score = await scoreJson(page);
        assert.ok(score.findings.length > 0, 'the score finds nothing in a design with plaintext links and one database');
        console.log(`(a) drawn design: tiers ${s.estimate.tiers.map((tier) => `${tier.component} ${(tier.peak_utilization * 100).toFixed(0)}%`).join(', ')}; ` +
          `findings ${score.findings.map((f) => f.rule).join(' ')}`);
        const text = JSON.parse((await draft(page)).replace(/^\s*\/\/.*$/gm, ''));
        assert.deepEqual(text.components.map((c) => c.id), ['client', 'service', 'database']);
        assert.ok(text.components.every((c) => typeof c.ui?.x === 'number' && typeof c.ui?.y === 'number'), 'positions are in the JSON');
        await page.screenshot({ path: path.join(kArtifacts, 'canvas-drawn.png') });
      });

      await t.test('(b) move, undo/redo by keys and buttons, delete, zoom and pan', async () => {
        let s = await readState(page);
        const before = node(s, 'database');
        await drag(page, centre(await widgetRect(page, 'node:database')),
          { x: centre(await widgetRect(page, 'node:database')).x + 3, y: centre(await widgetRect(page, 'node:database')).y + 101 });
        s = await readState(page);
        const moved = node(s, 'database');
        assert.equal(moved.x, before.x, 'a 3-unit sideways drift snaps back to the grid');
        assert.equal(moved.y, before.y + 100, 'a 101-unit drag snaps to 100');
        assert.deepEqual(s.canvas.selection, ['database']);

        await pressKey(page, 'z', 'Control');
        await waitFrames(page, 2);
        assert.equal(node(await readState(page), 'database').y, before.y, 'Ctrl+Z did not undo the move');
        await pressKey(page, 'y', 'Control');
        await waitFrames(page, 2);
        assert.equal(node(await readState(page), 'database').y, before.y + 100, 'Ctrl+Y did not redo the move');
        await clickWidget(page, 'canvas:undo');
        assert.equal(node(await readState(page), 'database').y, before.y, 'the Undo button did not undo');
        await pressKey(page, 'z', 'Control+Shift');
        await waitFrames(page, 2);
        assert.equal(node(await readState(page), 'database').y, before.y + 100, 'Ctrl+Shift+Z did not redo');

        // Delete by key: the box and its link go; undo brings both back.
        await clickAt(page, centre(await widgetRect(page, 'node:database')));
        await pressKey(page, 'Delete');
        await waitFrames(page, 2);
        s = await readState(page);
        assert.deepEqual(s.canvas.components.map((c) => c.id), ['client', 'service'], 'Del did not delete the selection');
        assert.deepEqual(s.canvas.links.map((l) => `${l.from}>${l.to}`), ['client>service'], 'its link stays');
        await pressKey(page, 'z', 'Control');
        await waitFrames(page, 2);
        s = await readState(page);
        assert.equal(s.canvas.components.length, 3, 'undo did not bring the component back');
        assert.equal(s.canvas.links.length, 2, 'undo did not bring the link back');

        // Zoom at the mouse, pan with a right drag.
        const zoom = s.canvas.zoom;
        await page.mouse.move(area.x + area.w / 2, area.y + area.h / 2);
        await page.mouse.wheel(0, -240);
        await waitFrames(page, 3);
        s = await readState(page);
        assert.ok(s.canvas.zoom > zoom, `the wheel did not zoom in (${zoom} → ${s.canvas.zoom})`);
        const pan = s.canvas.pan;
        await drag(page, { x: area.x + area.w - 60, y: area.y + area.h - 60 }, { x: area.x + area.w - 160, y: area.y + area.h - 100 }, { button: 'right' });
        s = await readState(page);
        assert.ok(Math.abs(s.canvas.pan.x - (pan.x - 100)) < 2 && Math.abs(s.canvas.pan.y - (pan.y - 40)) < 2,
          `a right drag did not pan by (−100, −40): ${JSON.stringify(pan)} → ${JSON.stringify(s.canvas.pan)}`);
        await clickWidget(page, 'canvas:fit');
      });

      await t.test('(c) the inspector refuses a bad unit inline and writes a good one; a text edit redraws', async () => {
        await clickAt(page, centre(await widgetRect(page, 'node:service')));
        let s = await readState(page);
        assert.deepEqual(s.canvas.selection, ['service']);
        const textBefore = await draft(page);
        await typeField(page, 'inspector:capacity', 'fast/s');
        s = await readState(page);
        assert.equal(s.canvas.field_error_key, 'c:capacity');
        assert.match(s.canvas.field_error, /fast/, `the message does not name the bad value: ${s.canvas.field_error}`);
        assert.equal(await draft(page), textBefore, 'a refused value changed the text');
        await typeField(page, 'inspector:capacity', '5K/s');
        s = await readState(page);
        assert.equal(s.canvas.field_error, '', 'a good value still shows an error');
        const tier = s.estimate.tiers.find((x) => x.component === 'service');
        assert.equal(tier.capacity_rps, 5000, 'the tier did not take the new capacity');
        assert.match(await draft(page), /"capacity": "5K\/s"/, 'the typed text is not in the JSON');
        await page.screenshot({ path: path.join(kArtifacts, 'canvas-inspector.png') });

        // A text edit (as the editor does) redraws the canvas: a new component without a position.
        const doc = JSON.parse(await draft(page));
        doc.components.push({ id: 'cache', kind: 'cache' });
        await page.evaluate((text) => Module.ccall('sdlab_set_blueprint_text', null, ['string'], [text]), JSON.stringify(doc, null, 2));
        await waitFrames(page, 2);
        s = await readState(page);
        const cache = node(s, 'cache');
        assert.ok(cache && cache.placed === false, 'the component added in the text is not on the canvas');
      });

      await t.test('(c2) the inspector edits the newer fields: a number, a list, a refused value', async () => {
        await clickAt(page, centre(await widgetRect(page, 'node:service')));
        await scrollToField(page, 'inspector:threads');
        await typeField(page, 'inspector:threads', '0');  // the loader allows 1..1e6 threads
        let s = await readState(page);
        assert.equal(s.canvas.field_error_key, 'c:threads', 'threads 0 was not refused inline');
        await typeField(page, 'inspector:threads', '16');
        s = await readState(page);
        assert.equal(s.canvas.field_error, '');
        let doc = JSON.parse(await draft(page));
        assert.equal(doc.components.find((c) => c.id === 'service').threads, 16, 'threads did not reach the JSON');
        await scrollToField(page, 'inspector:query_patterns');
        await typeField(page, 'inspector:query_patterns', 'n_plus_one, paginated');
        doc = JSON.parse(await draft(page));
        assert.deepEqual(doc.components.find((c) => c.id === 'service').query_patterns, ['n_plus_one', 'paginated'],
          'a comma-separated list did not become a JSON array');
        s = await readState(page);
        assert.ok(s.blueprint_valid, 'the design stopped loading');
      });

      await t.test('(d) after a reload the same design is on the canvas at the same positions', async () => {
        const before = (await readState(page)).canvas.components.map(({ id, x, y }) => ({ id, x, y }));
        await page.reload({ waitUntil: 'load' });
        await page.waitForFunction(() => {
          try { return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 2; } catch { return false; }
        }, null, { timeout: 30000, polling: 20 });
        await openCanvas(page);
        const after = (await readState(page)).canvas.components.map(({ id, x, y }) => ({ id, x, y }));
        assert.deepEqual(after, before);
      });

      await t.test('(e) export downloads <name>.json; import loads a file; an invalid one keeps the design', async () => {
        const [download] = await Promise.all([page.waitForEvent('download'), clickWidget(page, 'canvas:export')]);
        assert.equal(download.suggestedFilename(), 'my-design.json');
        const exported = readFileSync(await download.path(), 'utf8');
        assert.equal(exported, await draft(page), 'the download is not the editor text');

        const file = path.join(tmp, 'imported.json');
        writeFileSync(file, readFileSync(path.join(kRepo, 'scenarios', 'pastebin.json'), 'utf8')
          .replace(/"name":\s*"[^"]*"/, '"name": "imported-pastebin"'));
        const [chooser] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'canvas:import')]);
        await chooser.setFiles(file);
        await page.waitForFunction(() => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).blueprint_name === 'imported-pastebin',
          null, { timeout: 10000 });
        let s = await readState(page);
        assert.equal(s.blueprint_valid, true);
        assert.ok(s.canvas.components.length > 3, 'the imported design is not on the canvas');
        assert.match(s.canvas.message, /imported imported\.json/);

        const bad = path.join(tmp, 'broken.json');
        writeFileSync(bad, '{ "name": "broken", "components": [ { "id": "x", "kind": "databse" } ] }');
        const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), clickWidget(page, 'menu:file').then(() => clickWidget(page, 'menu:file:import'))]);
        await chooser2.setFiles(bad);
        await page.waitForFunction(() => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).diagnostics.length > 0, null, { timeout: 10000 });
        s = await readState(page);
        assert.equal(s.blueprint_name, 'imported-pastebin', 'an invalid import replaced the last valid design');
        assert.equal(s.blueprint_valid, false);
        assert.ok(s.diagnostics.some((d) => d.code === 'enum'), 'the problem is listed');
        assert.match(s.canvas.message, /broken\.json: \d+ problems?/);
      });

      await t.test('(f) a failure injected from the canvas during a simulation moves the error rate', async () => {
        assert.equal(await page.evaluate(() => Module.ccall('sdlab_load_scenario', 'number', ['string'], ['url-shortener'])), 1);
        await waitFrames(page, 2);
        await clickWidget(page, 'canvas:fit');
        await clickAt(page, centre(await widgetRect(page, 'node:redirect')));
        assert.deepEqual((await readState(page)).canvas.selection, ['redirect']);
        // Before a run, redirect's box shows the estimate's utilisation at peak; during one, the simulation's.
        const utilBadge = (state) => state.canvas.components.find((c) => c.id === 'redirect').badges
          .find((b) => /%$/.test(b.text) && !b.text.startsWith('hit '));
        const estimated = utilBadge(await readState(page));
        assert.ok(estimated && !estimated.text.startsWith('sim '), `redirect's badge before the run: ${JSON.stringify(estimated)}`);
        await clickWidget(page, 'canvas:sim_run');
        await page.waitForFunction(() => {
          const s = JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).simulate;
          return s.status === 'running' && s.now_s > 3;
        }, null, { timeout: 30000, polling: 50 });
        const frames = describeIntervals(await frameIntervals(page, 60));
        // The app's own main-thread work per frame (the last 120 frames, all while simulating).
        const work = await page.evaluate(() => JSON.parse(Module.ccall('sdlab_frame_work_json', 'string', [], [])));
        assert.ok(work && work.frames > 0 && work.mean_ms > 0, `no frame work figures: ${JSON.stringify(work)}`);
        let s = await readState(page);
        const errorsBefore = s.simulate.summary.error_rate;
        await clickWidget(page, 'canvas:partition');
        s = await readState(page);
        assert.ok(s.simulate.injected.some((f) => f.startsWith('partition:app,data@')), `no partition injected: ${JSON.stringify(s.simulate.injected)} ${s.simulate.error}`);
        const injectedAt = s.simulate.now_s;
        // Calls across the partition fail when they time out: wait for the errors to show (or the run to end).
        await page.waitForFunction(([t0, e0]) => {
          const sim = JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).simulate;
          return (sim.now_s > t0 + 3 && sim.summary && sim.summary.error_rate > e0) || sim.status === 'finished';
        }, [injectedAt, errorsBefore], { timeout: 90000, polling: 100 });
        s = await readState(page);
        console.log(`(f) url-shortener on the canvas at 1280×800: error rate ${errorsBefore} before the partition, ` +
          `${s.simulate.summary.error_rate} ${(s.simulate.now_s - injectedAt).toFixed(1)} s after; frames while simulating: ${frames.text}; ` +
          `main-thread work per frame: mean ${work.mean_ms.toFixed(1)} ms, p95 ${work.p95_ms.toFixed(1)} ms, max ${work.max_ms.toFixed(1)} ms`);
        assert.ok(s.simulate.summary.error_rate > errorsBefore, 'the error rate did not move after the partition');
        const simulated = utilBadge(s);
        assert.ok(simulated && simulated.text.startsWith('sim '), `redirect's badge during the run: ${JSON.stringify(simulated)}`);
        const pct = parseFloat(simulated.text.slice(4));
        assert.ok(pct > 0 && pct <= 100, `simulated utilisation ${simulated.text}`);
        console.log(`(f) redirect's badge: ${estimated.text} (estimate) → ${simulated.text} (simulation)`);
        await page.screenshot({ path: path.join(kArtifacts, 'canvas-simulating.png') });
        await clickWidget(page, 'canvas:sim_pause');
      });

      await t.test('(g) the security and availability labs react to one input', async () => {
        await clickWidget(page, 'menu:labs');
        await clickWidget(page, 'lab_menu:security');
        await waitFrames(page, 2);
        let l = await labs(page);
        assert.equal(l.active_lab, 'security');
        assert.equal(l.security.design, 'url-shortener');
        const base = l.security.score.security;
        assert.equal(base, l.security.baseline.security, 'as designed, the copy scores as the design');
        await clickWidget(page, 'security:links:plaintext');
        l = await labs(page);
        console.log(`(g) security: ${base} as designed → ${l.security.score.security} with every link plaintext; findings ${l.security.baseline_findings.length} → ${l.security.findings.length}`);
        assert.ok(l.security.score.security < base, 'plaintext links did not lower the security score');
        assert.ok(l.security.findings.length > l.security.baseline_findings.length, 'no new security finding');
        const score = await scoreJson(page);
        assert.equal(score.areas.find((a) => a.area === 'security').score, base, 'the lab changed the loaded design');
        await page.screenshot({ path: path.join(kArtifacts, 'lab-security.png') });
        // "Rule catalogue" opens the docs page at its rule table, where every rule has an anchor.
        const [docs] = await Promise.all([context.waitForEvent('page'), clickWidget(page, 'security:catalogue')]);
        await docs.waitForLoadState('load');
        assert.match(docs.url(), /\/docs\.html#rules$/);
        const rows = await docs.evaluate(() => [...document.querySelectorAll('tr[id]')].map((r) => r.id));
        assert.ok(rows.length >= 80 && rows.includes('SEC001') && rows.includes('CAP002'), `rule rows: ${rows.length}`);
        assert.ok(await docs.evaluate(() => document.getElementById('rules').getBoundingClientRect().top < 100),
          'the page did not scroll to the catalogue');
        await docs.screenshot({ path: path.join(kArtifacts, 'docs-rules.png') });
        await docs.close();

        await clickWidget(page, 'menu:labs');
        await clickWidget(page, 'lab_menu:availability');
        await waitFrames(page, 2);
        l = await labs(page);
        const a0 = l.availability.result.availability;
        // 3 serial parts at 3 nines, 2 parallel at 2 nines, 2-of-3 at 2 nines:
        // 0.999^3 × (1 − 0.01^2) × (3 × 0.99^2 × 0.01 + 0.99^3) = 0.997003 × 0.9999 × 0.999702 = 0.996606...
        const expected = 0.999 ** 3 * (1 - 0.01 ** 2) * (3 * 0.99 ** 2 * 0.01 + 0.99 ** 3);
        assert.ok(Math.abs(a0 - expected) < 1e-12, `chain availability ${a0}, expected ${expected}`);
        await clickWidget(page, 'availability:use_k_of_n');
        l = await labs(page);
        const a1 = l.availability.result.availability;
        assert.ok(Math.abs(a1 - 0.999 ** 3 * (1 - 0.01 ** 2)) < 1e-12, `without the k-of-n group: ${a1}`);
        console.log(`(g) availability: ${a0} → ${a1} without the 2-of-3 group; downtime ${(l.availability.result.downtime_per_month_s / 60).toFixed(1)} min/month`);
        await page.screenshot({ path: path.join(kArtifacts, 'lab-availability.png') });
        await clickWidget(page, 'lab_close');
      });

      await t.test('(h) the light theme toggles from the View menu and survives a reload', async () => {
        await openCanvas(page);
        await clickWidget(page, 'menu:view');
        await clickWidget(page, 'menu:view:light_theme');
        await waitFrames(page, 2);
        let s = await readState(page);
        assert.equal(s.theme, 'light');
        assert.equal(await page.evaluate(() => window.localStorage.getItem('sdlab.theme')), 'light');
        await page.screenshot({ path: path.join(kArtifacts, 'canvas-light.png') });
        await page.reload({ waitUntil: 'load' });
        await page.waitForFunction(() => {
          try { return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 2; } catch { return false; }
        }, null, { timeout: 30000, polling: 20 });
        s = await readState(page);
        assert.equal(s.theme, 'light', 'the theme was not remembered');
        await clickWidget(page, 'menu:view');
        await clickWidget(page, 'menu:view:light_theme');
        assert.equal((await readState(page)).theme, 'dark');
      });

      assert.deepEqual(consoleProblems, [], 'the page logged problems');
    });

    await t.test('(i) at devicePixelRatio 2 the canvas is drawn at twice the pixels, legibly', async () => {
      await withPlayground(async ({ page, consoleProblems }) => {
        assert.equal(await page.evaluate(() => Module.ccall('sdlab_load_scenario', 'number', ['string'], ['url-shortener'])), 1);
        await openCanvas(page);
        await clickWidget(page, 'canvas:fit');
        await clickAt(page, centre(await widgetRect(page, 'node:kv')));
        const s = await readState(page);
        assert.equal(s.pixel_ratio, 2);
        const backing = await page.evaluate(() => {
          const c = document.getElementById('canvas');
          return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight };
        });
        assert.equal(backing.w, backing.cssW * 2, `backing store ${JSON.stringify(backing)}`);
        assert.equal(backing.h, backing.cssH * 2, `backing store ${JSON.stringify(backing)}`);
        await page.screenshot({ path: path.join(kArtifacts, 'canvas-dpr2.png') });
        assert.deepEqual(consoleProblems, []);
      }, { deviceScaleFactor: 2 });
    });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
