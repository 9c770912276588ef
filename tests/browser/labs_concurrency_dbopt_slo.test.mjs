// The concurrency, database-optimisation and SLO labs in a real browser: each opens through the Labs
// menu with the mouse, one input is changed the way a person does (Ctrl+click on a slider, type a
// value), and a figure read back through the page's sdlab_labs_json() moves as the model says.
//
//   SDLAB_SITE_DIR=build/wasm/site node --test tests/browser/labs_concurrency_dbopt_slo.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClose, clickWidget, openLab, typeIntoSlider, waitFrames, waitLabs, withPlayground } from './lib.mjs';

test('concurrency, dbopt and slo labs open and answer an input', async (t) => {
  await withPlayground(async ({ page, consoleProblems }) => {
    await t.test('concurrency: a larger β moves the USL peak N* = √((1 − α) ÷ β) down', async () => {
      const before = await openLab(page, 'concurrency');
      assert.equal(before.concurrency.error, '');
      assert.ok(before.concurrency.fit.peak_concurrency > 0);
      // The thread pool at the defaults: 20 threads ÷ 50 ms = 400/s.
      assertClose(before.concurrency.models[1].max_throughput, 400, 'pool cap');
      await typeIntoSlider(page, 'concurrency_beta', 0.002);
      const after = await waitLabs(page, (l) => Math.abs(l.concurrency.inputs.usl_beta - 0.002) < 1e-9, 'β = 0.002');
      assert.ok(after.concurrency.fit.peak_concurrency < before.concurrency.fit.peak_concurrency,
        `${after.concurrency.fit.peak_concurrency} < ${before.concurrency.fit.peak_concurrency}`);
      // N* of the fit is near the truth √(0.95 ÷ 0.002) = 21.8 (2% noise).
      assertClose(after.concurrency.fit.peak_concurrency, Math.sqrt(0.95 / 0.002), 'N*', 0.15);
    });
    await t.test('dbopt: 200 RPS × 50 ms = 10 connections; a slower query needs more', async () => {
      const before = await openLab(page, 'dbopt');
      assertClose(before.dbopt.results.pool.connections_needed, 10, 'Little');
      await typeIntoSlider(page, 'dbopt_query', 100);
      const after = await waitLabs(page, (l) => Math.abs(l.dbopt.inputs.query_ms - 100) < 1e-9, 'query 100 ms');
      assertClose(after.dbopt.results.pool.connections_needed, 20, 'Little at 100 ms');
    });
    await t.test('slo: 99.9% over 30 d allows 43.2 min; a longer incident exhausts the budget', async () => {
      const before = await openLab(page, 'slo');
      assertClose(before.slo.allowed_bad_minutes, 43.2, 'budget minutes');
      assert.equal(before.slo.exhausted_at_s, null);
      await typeIntoSlider(page, 'slo_incident_hours', 48);
      const after = await waitLabs(page, (l) => Math.abs(l.slo.inputs.incident_hours - 48) < 1e-9, '48 h incident');
      // 5% errors burn 2592 bad-seconds in 14.4 h, after 10 d of 0.02% background (172.8 s).
      assert.ok(after.slo.exhausted_at_s !== null);
      assertClose(after.slo.exhausted_at_s, 10 * 86400 + (2592 - 0.0002 * 864000) / 0.05, 'exhaustion', 1e-6);
      assert.ok(after.slo.budget_left_end < before.slo.budget_left_end);
    });
    assert.deepEqual(consoleProblems, []);
  });
});
