#!/usr/bin/env python3
"""Writes the tiny traces the cache tests replay (run from this folder; output is committed).

  zipf1000.oracleGeneral  1000 requests, libCacheSim oracleGeneral: little-endian packed records of
                          uint32 timestamp, uint64 object id, uint32 size, int64 next access (-1 = none)
  zipf1000.csv            the same requests as CSV with a header: timestamp,obj_id,obj_size
  keys1000.txt            the same object sequence as a plain list of text keys, one per line

Requests: 100 objects with popularity ∝ 1/rank (Zipf α = 1), drawn with a 64-bit LCG (Knuth's MMIX
constants) by inverse CDF; object k has id 0x1000000000 + 7919·k and size 100 + (37·k mod 900)
bytes; ten requests per second of timestamp.
"""
import struct

N, R = 100, 1000
weights = [1.0 / (k + 1) for k in range(N)]
total = sum(weights)
cdf, acc = [], 0.0
for w in weights:
    acc += w / total
    cdf.append(acc)

state = 42
seq = []
for _ in range(R):
    state = (state * 6364136223846793005 + 1442695040888963407) % 2**64
    u = (state >> 11) / 2**53
    k = next((i for i, c in enumerate(cdf) if u < c), N - 1)
    seq.append(k)

nxt = [-1] * R
last = {}
for i in range(R - 1, -1, -1):
    nxt[i] = last.get(seq[i], -1)
    last[seq[i]] = i

oid = lambda k: 0x1000000000 + 7919 * k
size = lambda k: 100 + (37 * k) % 900

with open("zipf1000.oracleGeneral", "wb") as f:
    for i, k in enumerate(seq):
        f.write(struct.pack("<IQIq", i // 10, oid(k), size(k), nxt[i]))
with open("zipf1000.csv", "w") as f:
    f.write("timestamp,obj_id,obj_size\n")
    for i, k in enumerate(seq):
        f.write(f"{i // 10},{oid(k)},{size(k)}\n")
with open("keys1000.txt", "w") as f:
    for k in seq:
        f.write(f"user:{k}\n")
