// The storage and cost labs in a real browser: each opens through the Labs menu by mouse, one input is
// changed the way a person does (Ctrl+click on a slider, type, Enter), and a figure read back through the
// page's sdlab_labs_json() moves the right way and matches the closed form computed here.
//
//   SDLAB_SITE_DIR=<site dir> node --test tests/browser/labs_storage_cost.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClose, clickWidget, openLab, typeIntoSlider, waitFrames, waitLabs, withPlayground } from './lib.mjs';

test('storage and cost labs in Chromium', { timeout: 300000 }, async (t) => {
  await withPlayground(async ({ page }) => {
    await t.test('storage: the DFS NameNode memory follows the block size', async () => {
      const before = await openLab(page, 'storage');
      assert.equal(before.storage.error, '');
      assert.ok(before.storage.object.months.length === before.storage.inputs.months);
      // 1000 TB of 1000 MB files: at 128 MiB, 10^6 files × ⌈10^9 ÷ 134217728⌉ = 8 blocks → 9 × 10^6 × 150 B.
      assertClose(before.storage.dfs.namenode_memory_bytes, 9e6 * 150, 'NameNode at 128 MiB blocks', 1e-9);
      const updates = before.storage.updates;
      await typeIntoSlider(page, 'storage:dfs_block', 16);
      const after = await waitLabs(page, (l) => l.storage.updates > updates && l.storage.inputs.dfs_block_mib === 16,
        'block size 16 MiB');
      // 16 MiB: ⌈10^9 ÷ 16777216⌉ = 60 blocks per file → (10^6 + 6 × 10^7) × 150 B.
      assertClose(after.storage.dfs.namenode_memory_bytes, 61e6 * 150, 'NameNode at 16 MiB blocks', 1e-9);
      assert.ok(after.storage.dfs.namenode_memory_bytes > before.storage.dfs.namenode_memory_bytes);
    });

    await t.test('cost: a dearer vCPU raises the compute line of the loaded design', async () => {
      const loaded = await page.evaluate(() => Module.ccall('sdlab_load_scenario', 'number', ['string'], ['pastebin']));
      assert.equal(loaded, 1, 'the pastebin scenario loads');
      await waitFrames(page, 2);
      const before = await openLab(page, 'cost');
      assert.equal(before.cost.error, '');
      assert.equal(before.cost.design_name, 'pastebin');
      const c0 = before.cost.cost;
      assert.ok(c0.total_monthly > 0);
      const updates = before.cost.updates;
      await typeIntoSlider(page, 'cost:vcpu_hour', 0.08);
      const after = await waitLabs(page, (l) => l.cost.updates > updates && Math.abs(l.cost.inputs.vcpu_hour - 0.08) < 1e-9,
        'vCPU price 0.08');
      const c1 = after.cost.cost;
      assert.ok(c1.compute > c0.compute, `compute ${c1.compute} not above ${c0.compute}`);
      // Compute is linear in the prices: the vCPU part doubles from $0.04 to $0.08.
      assert.ok(c1.total_monthly > c0.total_monthly);
      assertClose(c1.prices.vcpu_hour, 0.08, 'the price in the bill', 1e-12);
    });
  });
});
