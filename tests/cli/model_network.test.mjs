// `sdlab model network --mode geo|dns|tcp|loss|tls|http|cdn|path`: JSON figures against hand-worked
// numbers (derivations in the comments), formulas present, text output, exit 2 on bad input.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/model_network.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunSdlab } from './lib.mjs';

function Json(args) {
  const r = RunSdlab(['model', 'network', ...args, '--format', 'json']);
  assert.equal(r.status, 0, `sdlab model network ${args.join(' ')} failed: ${r.stderr}`);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
  return JSON.parse(r.stdout);
}

function Near(actual, expected, rel, what) {
  assert.ok(Math.abs(actual - expected) <= rel * Math.abs(expected), `${what}: ${actual} is not within ${rel * 100}% of ${expected}`);
}

function BadInput(args, pattern) {
  const r = RunSdlab(['model', 'network', ...args]);
  assert.equal(r.status, 2, `expected exit 2 for ${args.join(' ')}, got ${r.status}: ${r.stdout}`);
  if (pattern) assert.match(r.stderr, pattern);
}

test('network path: TLS 1.2 = 3 RTTs before the request, 1.3 = 2', () => {
  // RTT 50 ms, server 20 ms, 10 KB (7 segments, one round): TLS 1.2 TTFB = (1 + 2 + 1) × 50 + 20 = 220 ms.
  const a = Json(['--mode', 'path', '--rtt', '50ms', '--tls', '1.2', '--http', '1.1', '--response', '10KB']);
  assert.equal(a.setup_rtts, 3);
  Near(a.ttfb_s, 0.22, 1e-9, 'ttfb 1.2');
  assert.deepEqual(a.parts.map((p) => p.name), ['dns', 'tcp', 'tls', 'hops', 'request', 'server', 'transfer']);
  assert.equal(typeof a.formulas.ttfb_s, 'string');
  const b = Json(['--mode', 'path', '--rtt', '50ms', '--tls', '1.3', '--response', '10KB']);
  assert.equal(b.setup_rtts, 2);
  Near(b.ttfb_s, 0.17, 1e-9, 'ttfb 1.3');
  // HTTP/3, an API gateway (2 ms + 0.5 ms) and a 30 ms DNS lookup: 30 + 50 + 2.5 + 50 + 20 = 152.5 ms.
  const c = Json(['--mode', 'path', '--rtt', '50ms', '--http', '3', '--dns', '30ms', '--hops', 'api_gateway',
    '--response', '10KB']);
  Near(c.ttfb_s, 0.1525, 1e-9, 'ttfb h3');
  // Reused connection: 50 + 20 = 70 ms.
  Near(Json(['--mode', 'path', '--rtt', '50ms', '--reuse', '--response', '10KB']).ttfb_s, 0.07, 1e-9, 'reuse');
});

test('network geo: regions and distances', () => {
  // 5000 km × 1.3 / 200 000 km/s = 32.5 ms one way, 65 ms RTT.
  const g = Json(['--mode', 'geo', '--distance', '5000']);
  Near(g.rtt_s, 0.065, 1e-9, 'rtt');
  const r = Json(['--mode', 'geo', '--from', 'eu-west-2', '--to', 'us-east-1']);
  assert.ok(r.distance_km > 5800 && r.distance_km < 6000, `London–Virginia ${r.distance_km} km`);
  // The path takes its RTT from the regions when --rtt is absent.
  const p = Json(['--mode', 'path', '--from', 'eu-west-2', '--to', 'us-east-1', '--response', '1KB', '--server', '0ms']);
  Near(p.rtt_s, r.rtt_s, 1e-9, 'path rtt from regions');
  Near(p.ttfb_s, 3 * r.rtt_s, 1e-9, 'TLS 1.3 path = 3 RTT');
});

test('network dns, tcp, loss, tls, http, cdn', () => {
  // DNS: 100 resolvers, 1000/s, TTL 300 s → 100 / 300.1 lookups/s at the authoritative servers.
  Near(Json(['--mode', 'dns']).authoritative_qps, 100 / 300.1, 1e-8, 'dns');
  // TCP: 100 KB = 69 segments → 3 rounds; TLS 1.3: setup 2 × 50 ms; reuse over 10 requests saves 9 × 100 ms.
  const t = Json(['--mode', 'tcp', '--rtt', '50ms', '--requests-per-connection', '10']);
  assert.equal(t.slow_start_rounds, 3);
  Near(t.reuse_saving_s, 0.9, 1e-9, 'reuse saving');
  // Loss: 10 packets at 1%: UDP intact 0.99^10; TCP 10/0.99 transmissions.
  const l = Json(['--mode', 'loss', '--rtt', '100ms', '--loss', '1%', '--message', '14600B']);
  Near(l.udp.message_intact, 0.99 ** 10, 1e-8, 'udp intact');
  Near(l.tcp.transmissions, 10 / 0.99, 1e-8, 'tcp transmissions');
  // TLS table at 100 ms.
  const s = Json(['--mode', 'tls', '--rtt', '100ms']);
  assert.deepEqual(s.versions.map((v) => v.setup_rtts), [1, 3, 2, 2, 1]);
  // HTTP: 30 × 2 KB at 100 ms: 1.1 = 700 ms, 2 = 500 ms, 3 = 400 ms.
  const h = Json(['--mode', 'http', '--rtt', '100ms', '--requests', '30', '--response', '2000B']);
  assert.deepEqual(h.versions.map((v) => Math.round(v.page_s * 1000)), [700, 500, 400]);
  // CDN: 90% of 1000/s → 100/s at the origin; 10 + 0.1 × 80 = 18 ms.
  const c = Json(['--mode', 'cdn', '--egress-price', '0.05']);
  Near(c.origin_rps, 100, 1e-9, 'origin');
  Near(c.mean_latency_s, 0.018, 1e-9, 'cdn latency');
  Near(c.egress_saved_per_month, 11664, 1e-9, 'egress saved');
});

test('network text output shows figures and formulas', () => {
  const r = RunSdlab(['model', 'network', '--mode', 'path', '--rtt', '50ms', '--tls', '1.2']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /ttfb_s/);
  assert.match(r.stdout, /formulas/);
  assert.match(r.stdout, /TLS 1\.2 = 2 RTT/);
});

test('network bad input exits 2 naming the flag', () => {
  BadInput(['--mode', 'path', '--rtt', 'fast'], /--rtt/);
  BadInput(['--mode', 'path', '--tls', '1.4'], /--tls/);
  BadInput(['--mode', 'path', '--http', '4'], /--http/);
  BadInput(['--mode', 'path', '--http', '3', '--tls', '1.2'], /--tls/);
  BadInput(['--mode', 'path', '--hops', 'teleporter'], /--hops/);
  BadInput(['--mode', 'geo', '--from', 'mars-1', '--to', 'us-east-1'], /--from/);
  BadInput(['--mode', 'geo', '--distance', '1e9'], /--distance/);
  BadInput(['--mode', 'loss', '--loss', '90%'], /loss/);
  BadInput(['--mode', 'dns', '--resolvers', '0'], /--resolvers/);
  BadInput(['--mode', 'cdn', '--hit-ratio', '150%'], /--hit-ratio/);
  BadInput(['--mode', 'teleport']);
});
