// `sdlab model serialization`: wire sizes by the per-format rules, CPU and bandwidth at a rate, exit 2
// on bad input.
//
//   SDLAB_BIN=build/native/bin/sdlab node --test tests/cli/model_serialization.test.mjs
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { RunSdlab } from './lib.mjs';

function Json(args) {
  const r = RunSdlab(['model', 'serialization', ...args, '--format', 'json']);
  assert.equal(r.status, 0, `sdlab model serialization ${args.join(' ')} failed: ${r.stderr}`);
  assert.doesNotMatch(r.stdout, /NaN|Infinity/);
  return JSON.parse(r.stdout);
}

test('serialization: default record in the four formats', () => {
  // 12 fields (4 ints of 1000, 2 doubles, 2 bools, 4 strings of 20 B, 10-byte names):
  // JSON 302 B, Protobuf 122 B, Avro 110 + 5 framing = 115 B, MessagePack 249 B (derivations in
  // tests/core/serialization_test.cpp).
  const j = Json([]);
  const by = Object.fromEntries(j.formats.map((f) => [f.format, f]));
  assert.equal(by.json.bytes, 302);
  assert.equal(by.protobuf.bytes, 122);
  assert.equal(by.avro.bytes, 115);
  assert.equal(by.msgpack.bytes, 249);
  // JSON at 1000/s: 302 KB/s and 1000 × (542 + 1386) ns = 0.001928 cores.
  assert.equal(by.json.bandwidth_bytes_per_s, 302000);
  assert.ok(Math.abs(by.json.cores - 0.001928) < 1e-12);
  assert.equal(typeof j.formulas.bytes_json, 'string');
});

test('serialization: lists, rates and cost overrides', () => {
  const j = Json(['--records', '3', '--rate', '10K/s']);
  const by = Object.fromEntries(j.formats.map((f) => [f.format, f]));
  assert.equal(by.json.bytes, 910);
  assert.equal(by.protobuf.bytes, 372);
  assert.equal(by.protobuf.bandwidth_bytes_per_s, 3720000);
  // A JSON codec of 0 ns per field and 1 ns per byte each way: (302 + 302) ns per message.
  const c = Json(['--cost', 'json=0,1,0,1']);
  assert.equal(c.formats[0].encode_ns + c.formats[0].decode_ns, 604);
});

test('serialization: text output and bad input', () => {
  const r = RunSdlab(['model', 'serialization']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /protobuf/);
  for (const [args, flag] of [
    [['--ints', '0', '--doubles', '0', '--bools', '0', '--strings', '0'], /--fields/],
    [['--int-value', '1.5'], /--int-value/],
    [['--rate', 'fast'], /--rate/],
    [['--cost', 'xml=1,2,3,4'], /--cost/],
    [['--cost', 'json=1,2'], /--cost/],
    [['--records', '1000000', '--strings', '10000', '--string-length', '100000000'], /--records/],
    [['--records', '0'], null],
  ]) {
    const b = RunSdlab(['model', 'serialization', ...args]);
    assert.equal(b.status, 2, `expected exit 2 for ${args.join(' ')}: ${b.stdout}`);
    if (flag) assert.match(b.stderr, flag);
  }
});
