// End-to-end test of the playground's Simulate and Findings views in a real browser (Debian's
// Chromium, driven by playwright-core), checked against the native CLI.
//
//   SDLAB_SITE_DIR=build/wasm/site SDLAB_BIN=build/native/bin/sdlab node --test tests/browser/simulate.test.mjs
//
// (a) A scenario is simulated in the page (seed and duration typed into the panel, Run clicked) and
//     its JSON — p99 first — must equal `sdlab simulate FILE --seed S --duration D --format json`.
// (b) A run at 2× speed gets a replica killed by a mouse click on the panel's Kill button: the event
//     log shows the crash, the figures move, and `sdlab simulate ... --fail <what the page injected>`
//     prints the same JSON. Frame times while simulating are measured and printed (not asserted).
// (c) A *-flawed scenario's findings have the rule ids of `sdlab score FILE --format json`, and a
//     click on a finding focuses its component.
// (d) A finding's deep link from `sdlab score --seed 42 --format json` opens that design, seed and
//     finding in a fresh page.
// Screenshots go to build/browser-artifacts/. Environment: SDLAB_SITE_DIR (page folder), SDLAB_BIN
// (native CLI, default build/native/bin/sdlab), SDLAB_CHROMIUM (browser path).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import {
  kRepo, kArtifacts, kViewport, readState, waitFrames, pressKey, clickWidget,
  withPlayground,
} from './lib.mjs';

const kBin = path.resolve(kRepo, process.env.SDLAB_BIN ?? path.join('build', 'native', 'bin', 'sdlab'));
const kSimScenario = 'url-shortener';
const kFlawedScenario = 'url-shortener-flawed';
const kSeed = 7;
const kDuration = 20;          // (a): simulated seconds at max speed
const kFailureDuration = 30;   // (b): simulated seconds at 2× speed, long enough to click during the run

/** Runs the native CLI from the repository root and parses its JSON output (exit 1 = a gate, still JSON). */
function cliJson(args) {
  try {
    return JSON.parse(execFileSync(kBin, args, { cwd: kRepo, encoding: 'utf8', maxBuffer: 64 << 20 }));
  } catch (e) {
    if (e.status === 1 && e.stdout) return JSON.parse(e.stdout);
    throw new Error(`${kBin} ${args.join(' ')} failed: ${e.stderr ?? e.message}`);
  }
}

/** Loads a bundled scenario the way the page's JS can (the picker's own click is tested in playground.test.mjs). */
async function loadScenario(page, name) {
  assert.equal(await page.evaluate((n) => Module.ccall('sdlab_load_scenario', 'number', ['string'], [n]), name), 1,
    `no scenario ${name} in the page`);
  await waitFrames(page, 2);
}

async function simJson(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('sdlab_sim_json', 'string', [], [])));
}

async function scoreJson(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('sdlab_score_json', 'string', [], [])));
}

/** Clicks a numeric field, replaces its text and presses Enter. */
async function typeInto(page, id, text) {
  await clickWidget(page, id);
  await pressKey(page, 'End');
  await pressKey(page, 'a', 'Control');
  await page.keyboard.type(text, { delay: 15 });
  await waitFrames(page, 2);
  await pressKey(page, 'Enter');
}

async function waitForStatus(page, status, timeout = 60000) {
  await page.waitForFunction(
    (want) => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).simulate.status === want,
    status, { timeout, polling: 50 });
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
  return `mean ${mean.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms, max ${sorted.at(-1).toFixed(1)} ms over ${ms.length} frames`;
}

/** The report of `sdlab score --format json` for one file, without what only a file has (path, links). */
function withoutFileKeys(file) {
  const { path: _path, deep_link: _link, ...rest } = file;
  return { ...rest, findings: rest.findings.map(({ deep_link: _l, ...f }) => f) };
}

test('simulate and findings views in Chromium', { timeout: 300000 }, async (t) => {
  assert.ok(existsSync(kBin), `${kBin} is missing: build the native CLI or set SDLAB_BIN`);
  await withPlayground(async ({ page, server, context, consoleProblems }) => {

    let baseline;  // the page's JSON of (a)

    await t.test('(a) a run in the page equals the native CLI for the same file, seed and duration', async () => {
      await loadScenario(page, kSimScenario);
      let s = await readState(page);
      assert.equal(s.scenario, kSimScenario);
      assert.equal(s.blueprint_valid, true);
      assert.equal(s.view, 'estimator');
      await clickWidget(page, 'view:simulate');
      s = await readState(page);
      assert.equal(s.view, 'simulate', 'the Simulate tab did not open the view');
      assert.equal(s.simulate.status, 'idle');

      await typeInto(page, 'sim:seed', String(kSeed));
      await typeInto(page, 'sim:duration', String(kDuration));
      await clickWidget(page, 'sim:speed:max');
      s = await readState(page);
      assert.deepEqual(s.simulate.settings, { profile: 'load', rate_multiplier: 1, duration_s: kDuration, seed: kSeed, speed: 0 });

      const idle = await frameIntervals(page, 30);
      await clickWidget(page, 'sim:play');
      const started = Date.now();
      const during = await frameIntervals(page, 30);
      await waitForStatus(page, 'finished');
      const wallMs = Date.now() - started;
      s = await readState(page);
      const web = await simJson(page);
      const cli = cliJson(['simulate', `scenarios/${kSimScenario}.json`, '--seed', String(kSeed), '--duration', `${kDuration}s`,
        '--format', 'json']);
      console.log(`(a) ${kSimScenario}: p99 page ${web.latency_ms.p99} ms, CLI ${cli.latency_ms.p99} ms; ` +
        `${s.simulate.events_processed} events in ${wallMs} ms wall at max speed ` +
        `(slice mean ${s.simulate.frames.slice_mean_ms.toFixed(1)} ms, max ${s.simulate.frames.slice_max_ms.toFixed(1)} ms); ` +
        `frames while simulating: ${describeIntervals(during)}; idle before: ${describeIntervals(idle)}`);
      assert.ok(web.latency_ms.p99 > 0, 'p99 is 0: the run served nothing');
      assert.equal(web.latency_ms.p99, cli.latency_ms.p99, 'p99 differs from the native CLI');
      assert.deepEqual(web, cli, 'the page\'s simulation JSON differs from the native CLI\'s');
      assert.equal(s.simulate.cli, `sdlab simulate scenarios/${kSimScenario}.json --seed ${kSeed} --duration ${kDuration}s --format json`);
      assert.ok(Math.abs(s.simulate.summary.p99_ms - web.latency_ms.p99) <= 1e-5 * web.latency_ms.p99,
        `the panel's p99 ${s.simulate.summary.p99_ms} is not the JSON's ${web.latency_ms.p99}`);
      baseline = web;
    });

    await t.test('(b) a replica killed by a click shows in the run, and the CLI reproduces it with --fail', async () => {
      assert.ok(baseline, '(a) did not run');
      let s = await readState(page);
      const target = s.simulate.failures.component;
      assert.ok(target, 'no crash target chosen');
      assert.equal(s.simulate.failures.replica, 0);
      await typeInto(page, 'sim:duration', String(kFailureDuration));
      await clickWidget(page, 'sim:speed:2');
      await clickWidget(page, 'sim:play');  // finished → a new run
      s = await readState(page);
      assert.equal(s.simulate.status, 'running');
      assert.ok(s.simulate.now_s < 3, `the new run starts at ${s.simulate.now_s} s`);
      await page.waitForFunction(() => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).simulate.now_s >= 4,
        null, { timeout: 30000, polling: 50 });
      await clickWidget(page, 'sim:kill');
      s = await readState(page);
      assert.equal(s.simulate.error, '');
      assert.equal(s.simulate.injected.length, 1, `injected: ${JSON.stringify(s.simulate.injected)} (status ${s.simulate.status})`);
      const fail = s.simulate.injected[0];
      assert.match(fail, new RegExp(`^${target}/0@\\d+\\.\\d{3}s$`));
      const at = Number(fail.split('@')[1].replace('s', ''));
      assert.ok(at >= 4 && at < kFailureDuration, `injected at ${at} s`);
      const frames = await frameIntervals(page, 40);  // while the run goes on after the crash
      await page.mouse.move(kViewport.width - 4, kViewport.height - 4);
      await page.screenshot({ path: path.join(kArtifacts, 'simulate-running.png') });
      await waitForStatus(page, 'finished', 120000);
      s = await readState(page);
      console.log(`(b) frames while simulating at 2× (1280×800): ${describeIntervals(frames)}; ` +
        `panel: mean ${s.simulate.frames.mean_ms.toFixed(1)} ms, slice mean ${s.simulate.frames.slice_mean_ms.toFixed(2)} ms, ` +
        `slice max ${s.simulate.frames.slice_max_ms.toFixed(1)} ms, ${s.simulate.frames.sim_speed.toFixed(2)} sim s per wall s`);

      const web = await simJson(page);
      const args = ['simulate', `scenarios/${kSimScenario}.json`, '--seed', String(kSeed), '--duration', `${kFailureDuration}s`];
      const quiet = cliJson([...args, '--format', 'json']);
      const crash = web.events.find((e) => e.kind === 'crash');
      assert.ok(crash, `no crash event: ${JSON.stringify(web.events)}`);
      assert.equal(crash.component, target);
      assert.equal(crash.replica, 0);
      assert.ok(Math.abs(crash.t_s - at) < 1e-9, `crash at ${crash.t_s}, injected at ${at}`);
      assert.ok(web.components[target].lost > quiet.components[target].lost ||
        web.requests.failed_attempts.timeout > quiet.requests.failed_attempts.timeout,
        `the crash lost nothing: ${JSON.stringify(web.components[target])}`);
      assert.ok(web.error_rate > quiet.error_rate || web.events.length > quiet.events.length,
        `nothing moved: error rate ${quiet.error_rate} → ${web.error_rate}`);
      console.log(`(b) killed ${fail}: error rate ${quiet.error_rate} → ${web.error_rate}, timed-out attempts ` +
        `${quiet.requests.failed_attempts.timeout} → ${web.requests.failed_attempts.timeout}, ${target} lost ` +
        `${quiet.components[target].lost} → ${web.components[target].lost}, p99 ${quiet.latency_ms.p99} → ${web.latency_ms.p99} ms, ` +
        `events ${quiet.events.map((e) => e.kind).join(',') || 'none'} → ${web.events.map((e) => e.kind).join(',')}`);

      const cli = cliJson([...args, '--fail', fail, '--format', 'json']);
      assert.deepEqual(web, cli, 'the run with the clicked failure differs from the CLI with --fail');
      assert.ok(s.simulate.cli.endsWith(`--fail ${fail} --format json`), s.simulate.cli);
      await page.mouse.move(kViewport.width - 4, kViewport.height - 4);
      await waitFrames(page, 2);
      await page.screenshot({ path: path.join(kArtifacts, 'simulate.png') });
    });

    await t.test('(c) findings of a flawed scenario match `sdlab score`, and a click focuses the component', async () => {
      await clickWidget(page, 'menu:view');
      await clickWidget(page, 'menu:view:findings');
      let s = await readState(page);
      assert.equal(s.view, 'findings', 'View → Findings did not open the view');
      await loadScenario(page, kFlawedScenario);
      s = await readState(page);
      assert.equal(s.scenario, kFlawedScenario);
      assert.equal(s.findings.scored, true, 'the design was not scored');
      assert.equal(s.simulate.status, 'idle', 'a new design did not reset the simulation');

      const cli = cliJson(['score', `scenarios/${kFlawedScenario}.json`, '--format', 'json', '--fail-on', 'none']);
      const file = cli.files[0];
      assert.ok(file.findings.length > 0, 'the flawed scenario has no findings in the CLI');
      assert.deepEqual(s.findings.findings.map((f) => f.rule), file.findings.map((f) => f.rule));
      assert.equal(s.findings.overall, file.overall);
      assert.equal(s.findings.grade, file.grade);
      assert.deepEqual(await scoreJson(page), withoutFileKeys(file));
      console.log(`(c) ${kFlawedScenario}: ${file.overall} ${file.grade}, rules ${file.findings.map((f) => f.rule).join(' ')}`);

      // Components (and their kinds) as the CLI's simulator lists them.
      const kinds = cliJson(['simulate', `scenarios/${kFlawedScenario}.json`, '--duration', '1s', '--format', 'json']).components;
      const index = s.findings.findings.findIndex((f) => kinds[f.focus] && kinds[f.focus].kind !== 'client');
      assert.ok(index >= 0, 'no finding about a component');
      await clickWidget(page, `finding:${index}`);
      s = await readState(page);
      assert.equal(s.findings.selected, index);
      assert.equal(s.focus, file.findings[index].focus, 'the click did not focus the finding\'s component');
      await page.mouse.move(kViewport.width - 4, kViewport.height - 4);
      await waitFrames(page, 2);
      await page.screenshot({ path: path.join(kArtifacts, 'findings.png') });

      // The focused component becomes the Simulate view's crash target.
      await clickWidget(page, 'view:simulate');
      s = await readState(page);
      assert.equal(s.view, 'simulate');
      assert.equal(s.simulate.failures.component, s.focus);
    });

    await t.test('(d) a finding\'s deep link from the CLI opens its design, seed and finding', async () => {
      const cli = cliJson(['score', `scenarios/${kFlawedScenario}.json`, '--format', 'json', '--fail-on', 'none', '--seed', '42']);
      const file = cli.files[0];
      const index = file.findings.findIndex((f) => f.focus !== '' && f.rule.startsWith('SEC'));
      assert.ok(index >= 0, 'no SEC finding about an element');
      const finding = file.findings[index];
      const fragment = finding.deep_link.slice(finding.deep_link.indexOf('#'));
      assert.match(fragment, /^#bp=[A-Za-z0-9_-]+&seed=42&focus=/);
      const linked = await context.newPage();
      linked.on('console', (msg) => {
        if (msg.type() === 'error' || msg.type() === 'warning') consoleProblems.push(`${msg.type()}: ${msg.text()}`);
      });
      linked.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
      await linked.goto(server.url + fragment, { waitUntil: 'load' });
      await linked.waitForFunction(() => {
        try {
          return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 1;
        } catch {
          return false;
        }
      }, null, { timeout: 30000, polling: 20 });
      const s = await readState(linked);
      assert.equal(s.blueprint_name, file.name);
      assert.equal(s.view, 'findings');
      assert.equal(s.focus, finding.focus);
      assert.equal(s.simulate.settings.seed, 42);
      const first = file.findings.findIndex((f) => f.focus === finding.focus || f.rule === finding.focus);
      assert.equal(s.findings.selected, first, 'the first finding about the focus is not selected');
      await linked.close();
    });

    await t.test('(e) no console errors or warnings', () => {
      assert.deepEqual(consoleProblems, []);
    });
  });
});
