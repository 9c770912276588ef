// Shared helpers of the browser tests: serve the built page on 127.0.0.1, drive it, read its state.
// Environment: SDLAB_SITE_DIR (page folder, default build/wasm/site), SDLAB_CHROMIUM (browser path).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const kRepo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const kSiteDir = path.resolve(process.env.SDLAB_SITE_DIR ?? path.join(kRepo, 'build', 'wasm', 'site'));
export const kArtifacts = path.join(kRepo, 'build', 'browser-artifacts');
export const kChromium = process.env.SDLAB_CHROMIUM ?? '/usr/bin/chromium';
export const kChromiumArgs = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const kViewport = { width: 1280, height: 800 };
export const kSecondsPerDay = 86400;

/** Starts `node scripts/serve.mjs <site> 0` and resolves to { child, url } once it prints its address. */
export function startServer(siteDir) {
  const child = spawn(process.execPath, [path.join(kRepo, 'scripts', 'serve.mjs'), siteDir, '0'],
    { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`serve.mjs did not start: ${out}${err}`)), 10000);
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr.on('data', (chunk) => { err += chunk; });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve.mjs exited with ${code}: ${err}`));
    });
  });
}

/** The playground's state, parsed from sdlab_state_json(). */
export async function readState(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])));
}

/** Rect {x,y,w,h} (CSS px) of a widget drawn in the last frame, or null. */
export async function widgetRect(page, id) {
  return page.evaluate((name) => JSON.parse(Module.ccall('sdlab_widget_rect', 'string', ['string'], [name])), id);
}

/** Waits until the page has rendered `frames` more frames (ImGui reads input once per frame). */
export async function waitFrames(page, frames = 3) {
  const start = (await readState(page)).frame_count;
  await page.waitForFunction(
    ([from, n]) => JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count >= from + n,
    [start, frames], { timeout: 10000 });
}

/** A key press (with an optional modifier held around it), then a few frames for ImGui to act on it. */
export async function pressKey(page, key, modifier) {
  await page.keyboard.press(modifier ? `${modifier}+${key}` : key);
  await waitFrames(page, 2);
}

export async function clickWidget(page, id) {
  const r = await widgetRect(page, id);
  assert.ok(r, `widget '${id}' was not drawn in the last frame`);
  assert.ok(r.w > 0 && r.h > 0, `widget '${id}' has an empty rect ${JSON.stringify(r)}`);
  await page.mouse.move(r.x + r.w / 2, r.y + r.h / 2);
  await waitFrames(page, 1);
  await page.mouse.click(r.x + r.w / 2, r.y + r.h / 2);
  await waitFrames(page, 2);
}

export function assertClose(actual, expected, what, rel = 1e-9) {
  assert.equal(typeof actual, 'number', `${what}: not a number (${actual})`);
  assert.ok(Math.abs(actual - expected) <= rel * Math.max(1, Math.abs(expected)),
    `${what}: expected ${expected}, got ${actual}`);
}

/**
 * Serves the built page, opens it in a fresh headless Chromium profile at kViewport, waits for the
 * first frame and runs `fn({ page, server, context, consoleProblems })`; closes everything afterwards.
 * consoleProblems collects console errors and warnings, page errors and failed requests (the GL
 * driver's ReadPixels stall, caused by the tests' own screenshots, is not the page's doing).
 * `contextOptions` are added to the browser context's (e.g. { deviceScaleFactor: 2 }).
 */
export async function withPlayground(fn, contextOptions = {}) {
  assert.ok(existsSync(path.join(kSiteDir, 'index.html')),
    `${kSiteDir}/index.html is missing: build the page first (cmake --build --preset web) or set SDLAB_SITE_DIR`);
  mkdirSync(kArtifacts, { recursive: true });
  const server = await startServer(kSiteDir);
  const userDataDir = mkdtempSync(path.join(os.tmpdir(), 'sdlab-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: kChromium, headless: true, args: kChromiumArgs, viewport: kViewport, ...contextOptions,
    });
    const page = context.pages()[0] ?? await context.newPage();
    const consoleProblems = [];
    page.on('console', (msg) => {
      if (msg.type() !== 'error' && msg.type() !== 'warning') return;
      if (/GL Driver Message \(OpenGL, Performance, .*\): GPU stall due to ReadPixels/.test(msg.text())) return;
      consoleProblems.push(`${msg.type()}: ${msg.text()}`);
    });
    page.on('pageerror', (e) => consoleProblems.push(`pageerror: ${e.message}`));
    page.on('requestfailed', (req) => consoleProblems.push(`request failed: ${req.url()}`));
    await page.goto(server.url, { waitUntil: 'load' });
    await page.waitForFunction(() => {
      try {
        return JSON.parse(Module.ccall('sdlab_state_json', 'string', [], [])).frame_count > 0;
      } catch {
        return false;
      }
    }, null, { timeout: 30000, polling: 20 });
    return await fn({ page, server, context, consoleProblems });
  } finally {
    await context?.close();
    server.child.kill();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}

// [SECTION] Labs ------------------------------------------------------------------------------------

/** Every lab's inputs and results, parsed from sdlab_labs_json(). */
export async function readLabs(page) {
  return page.evaluate(() => JSON.parse(Module.ccall('sdlab_labs_json', 'string', [], [])));
}

/** Waits until `predicate(labs)` holds (labs recompute on the frame after an input changes). */
export async function waitLabs(page, predicate, what, timeoutMs = 60000) {
  const start = Date.now();
  for (;;) {
    const labs = await readLabs(page);
    if (predicate(labs)) return labs;
    if (Date.now() - start > timeoutMs) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(labs).slice(0, 600)}`);
    await waitFrames(page, 1);
  }
}

/** Opens a lab by mouse: the Labs menu in the menu bar, then the lab's item. */
export async function openLab(page, name) {
  await clickWidget(page, 'menu:labs');
  await page.waitForFunction((id) => Module.ccall('sdlab_widget_rect', 'string', ['string'], [id]) !== 'null',
    `lab_menu:${name}`, { timeout: 10000 });
  await clickWidget(page, `lab_menu:${name}`);
  return waitLabs(page, (l) => l.active_lab === name && l[name].updates > 0, `the ${name} lab to open and compute`);
}

/** Ctrl+click on a slider turns it into a text field; select all, type the value, Enter. */
export async function typeIntoSlider(page, id, value) {
  const r = await widgetRect(page, id);
  assert.ok(r && r.w > 0, `slider '${id}' was not drawn`);
  const x = r.x + r.w / 2;
  const y = r.y + r.h / 2;
  await page.mouse.move(x, y);
  await waitFrames(page, 1);
  await page.keyboard.down('Control');
  await waitFrames(page, 1);
  await page.mouse.click(x, y);
  await waitFrames(page, 2);
  await page.keyboard.up('Control');
  await waitFrames(page, 1);
  await pressKey(page, 'a', 'Control');
  await page.keyboard.type(String(value), { delay: 20 });
  await waitFrames(page, 2);
  await pressKey(page, 'Enter');
}
