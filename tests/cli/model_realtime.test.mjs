// `sdlab model realtime --mode fanout|api`: figures against hand-worked numbers, exit 2 on bad input.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/model_realtime.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunSdlab } from './lib.mjs';

function Json(args) {
  const r = RunSdlab(['model', 'realtime', ...args, '--format', 'json']);
  assert.equal(r.status, 0, `sdlab model realtime ${args.join(' ')} failed: ${r.stderr}`);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
  return JSON.parse(r.stdout);
}

function Near(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);
}

test('realtime fanout: polling vs long polling vs SSE vs WebSocket', () => {
  // 10K subscribers, 0.1 update/s each, 200 B, poll every 5 s, 700 B headers, RTT 50 ms:
  // polling 2000 req/s → 1.4 MB/s headers + 200 KB/s payload; SSE 8 B/event; WebSocket 4 B/frame (200 > 125).
  const j = Json(['--subscribers', '10K', '--update-rate', '0.1/s', '--message', '200B', '--poll-interval', '5s']);
  const by = Object.fromEntries(j.transports.map((t) => [t.transport, t]));
  Near(j.deliveries_per_s, 1000, 1e-9, 'deliveries');
  Near(by.polling.requests_per_s, 2000, 1e-9, 'polling requests');
  Near(by.polling.bandwidth_bytes_per_s, 1.6e6, 1e-9, 'polling bandwidth');
  Near(by.polling.mean_latency_s, 2.525, 1e-9, 'polling latency');
  Near(by.long_polling.requests_per_s, 10000 / ((1 - Math.exp(-3)) / 0.1 + 0.05), 1e-8, 'long polling requests');
  assert.equal(by.websocket.connections_held, 10000);
  Near(by.sse.bandwidth_bytes_per_s, 208000, 1e-9, 'sse');
  Near(by.websocket.bandwidth_bytes_per_s, 204000, 1e-9, 'ws');
  assert.equal(j.cheapest, 'websocket');
  assert.equal(typeof j.formulas.polling, 'string');
});

test('realtime api: REST N+1 vs gRPC vs GraphQL', () => {
  // Worked in tests/core/realtime_test.cpp: REST 23 requests / 3 round trips / 12 943 B of bodies;
  // gRPC 2 round trips / 6330 B (tags of fields 16–20 take 2 bytes); GraphQL 1 round trip / 3408 B.
  const j = Json(['--mode', 'api']);
  const by = Object.fromEntries(j.styles.map((s) => [s.style, s]));
  assert.equal(by.rest.requests, 23);
  assert.equal(by.rest.round_trips, 3);
  assert.equal(by.rest.body_bytes, 12943);
  assert.equal(by.grpc.body_bytes, 6330);
  assert.equal(by.graphql.round_trips, 1);
  assert.equal(by.graphql.body_bytes, 3408);
  // Without N+1 (the list returns full items): REST needs 3 requests and 2 round trips.
  const full = Json(['--mode', 'api', '--full-list']);
  assert.equal(full.styles[0].requests, 3);
  assert.equal(full.styles[0].round_trips, 2);
});

test('realtime text output and bad input', () => {
  const r = RunSdlab(['model', 'realtime']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /formulas/);
  for (const [args, flag] of [
    [['--subscribers', 'lots'], /--subscribers/],
    [['--update-rate', 'often'], /--update-rate/],
    [['--poll-interval', '0s'], /--poll-interval/],
    [['--mode', 'api', '--fields-needed', '50'], /--fields-needed/],
    [['--mode', 'api', '--levels', '9'], /--levels/],
    [['--mode', 'smoke'], null],
  ]) {
    const b = RunSdlab(['model', 'realtime', ...args]);
    assert.equal(b.status, 2, `expected exit 2 for ${args.join(' ')}: ${b.stdout}`);
    if (flag) assert.match(b.stderr, flag);
  }
});
