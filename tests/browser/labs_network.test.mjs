// The network, real-time and serialization labs in Chromium: each opens from the Labs menu and one
// input, typed into its slider, changes a figure read back through sdlab_labs_json(), by the
// amount the model's formula says.
//
//   SDLAB_SITE_DIR=<the wasm build's site dir> node --test tests/browser/labs_network.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { assertClose, clickWidget, openLab, typeIntoSlider, waitFrames, waitLabs, withPlayground } from './lib.mjs';

test('network, real-time and serialization labs', { timeout: 300000 }, async (t) => {
  await withPlayground(async ({ page }) => {
    await t.test('network: the TTFB follows the distance; TLS 1.2 costs one RTT more than 1.3', async () => {
      const before = await openLab(page, 'network');
      const p0 = before.network.path;
      assert.equal(p0.setup_rtts, 2, 'TCP + TLS 1.3');
      await typeIntoSlider(page, 'network:distance_km', 1000);
      const after = await waitLabs(page, (l) => l.network.inputs.distance_km === 1000, 'distance 1000 km');
      // RTT = 2 × 1000 km × 1.3 / 200 000 km/s = 13 ms; TTFB = 3 RTT (TCP, TLS 1.3, request) + 20 ms server.
      assertClose(after.network.path.rtt_s, 0.013, 'rtt from the distance', 1e-9);
      assertClose(after.network.path.ttfb_s, 3 * 0.013 + 0.02, 'ttfb', 1e-9);
      await clickWidget(page, 'network:tls:1.2');
      const tls12 = await waitLabs(page, (l) => l.network.inputs.tls === '1.2', 'TLS 1.2');
      assert.equal(tls12.network.path.setup_rtts, 3);
      assertClose(tls12.network.path.ttfb_s - after.network.path.ttfb_s, 0.013, 'one more RTT', 1e-9);
    });

    await t.test('realtime: polling requests scale with 1/T', async () => {
      const before = await openLab(page, 'realtime');
      const polling0 = before.realtime.result.transports.find((x) => x.transport === 'polling');
      assertClose(polling0.requests_per_s, 10000 / 5, 'N/T', 1e-9);
      await typeIntoSlider(page, 'realtime:poll_interval_s', 10);
      const after = await waitLabs(page, (l) => l.realtime.inputs.poll_interval_s === 10, 'poll interval 10 s');
      const polling = after.realtime.result.transports.find((x) => x.transport === 'polling');
      assertClose(polling.requests_per_s, 10000 / 10, 'N/T at 10 s', 1e-9);
    });

    await t.test('serialization: longer names grow JSON, not Protobuf', async () => {
      const before = await openLab(page, 'serialization');
      const by0 = Object.fromEntries(before.serialization.result.formats.map((f) => [f.format, f]));
      assert.equal(by0.json.bytes, 302);
      assert.equal(by0.protobuf.bytes, 122);
      await typeIntoSlider(page, 'serialization:key_length', 20);
      const after = await waitLabs(page, (l) => l.serialization.inputs.key_length === 20, 'names of 20 bytes');
      const by = Object.fromEntries(after.serialization.result.formats.map((f) => [f.format, f]));
      assert.equal(by.json.bytes, 302 + 12 * 10, '12 names, 10 bytes longer each');
      assert.equal(by.protobuf.bytes, 122, 'Protobuf sends tags, not names');
    });
  });
});
