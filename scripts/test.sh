#!/usr/bin/env bash
# Every test: native unit tests (Catch2 via CTest), the same plus the CLI tests and short fuzz runs
# under ASan+UBSan, the core tests
# compiled to WebAssembly and run under node, CLI tests on real blueprints, the native-vs-WASM
# determinism check, and browser tests of the playground in headless Chromium.
# Usage: bash scripts/test.sh   (CI runs exactly this; see .ci/run)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JOBS="$(nproc)"
export NODE_PATH=/usr/share/nodejs
SUMMARY="$(mktemp)"
trap 'rm -f "$SUMMARY"' EXIT
step() { printf '\n==== %s\n' "$*"; }

# Counts the results of one runner into the summary. ctest: "N% tests passed, F tests failed out of T";
# node --test: "# pass P" / "# fail F".
record_ctest() {
  local log="$1" line total failed
  line="$(grep -E 'tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -1)"
  total="$(sed -E 's/.* out of ([0-9]+).*/\1/' <<<"$line")"
  failed="$(sed -E 's/.*passed, ([0-9]+) tests? failed.*/\1/' <<<"$line")"
  echo "$((total - failed)) $failed" >>"$SUMMARY"
}
record_node() {
  local log="$1" p f
  p="$(grep -E '^# pass [0-9]+' "$log" | tail -1 | awk '{print $3}')"
  f="$(grep -E '^# fail [0-9]+' "$log" | tail -1 | awk '{print $3}')"
  echo "${p:-0} ${f:-0}" >>"$SUMMARY"
}
run_ctest() {  # preset
  local log; log="$(mktemp)"
  ctest --preset "$1" -j"$JOBS" --timeout 600 2>&1 | tee "$log" | grep -vE '^ +[0-9]+/[0-9]+ Test +#[0-9]+: .* Passed' || true
  record_ctest "$log"
  grep -qE '100% tests passed' "$log" || { rm -f "$log"; return 1; }
  rm -f "$log"
}
run_node() {  # "folder or files", env...
  local dir="$1"; shift
  local log; log="$(mktemp)"
  local rc=0
  # shellcheck disable=SC2086  # $dir may name several files
  env "$@" node --test --test-reporter=tap $dir >"$log" 2>&1 || rc=$?
  grep -E '^(not ok|# (pass|fail|tests))' "$log" || true
  if [ $rc -ne 0 ]; then cat "$log"; fi
  record_node "$log"
  rm -f "$log"
  return $rc
}

step "setup"
bash scripts/setup.sh

step "native build (preset dev) and unit tests"
cmake --preset dev >/dev/null
cmake --build --preset dev -j"$JOBS"
run_ctest dev

step "ASan+UBSan build (preset asan, clang-14): unit tests, CLI tests, short fuzz runs"
cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_ctest asan
# Every CLI test file but the long simulation runs (20-50x slower instrumented); simulate gets a short
# instrumented run of every scenario instead, with and without failures.
run_node "$(ls tests/cli/*.test.mjs | grep -v '/simulate.test.mjs$' | tr '\n' ' ')" SDLAB_BIN="$ROOT/build/asan/bin/sdlab"
sim_smoke() {
  local f rc=0
  for f in scenarios/*.json; do
    build/asan/bin/sdlab simulate "$f" --duration 0.3s --max-requests 2M --format json >/dev/null || { echo "simulate $f failed"; rc=1; }
  done
  build/asan/bin/sdlab simulate scenarios/url-shortener.json --duration 20s --profile spike \
    --fail redirect/0@5s:for=5s --fail partition:app,data@8s:for=2s --timeline --format json >/dev/null || rc=1
  if [ $rc -eq 0 ]; then echo "1 0" >>"$SUMMARY"; else echo "0 1" >>"$SUMMARY"; fi
  return $rc
}
sim_smoke
record_fuzz() {  # one "passed failed" line per target from fuzz.sh's "fuzz <t>: ... N crashes"
  local log; log="$(mktemp)"
  local rc=0
  bash scripts/fuzz.sh "${SDLAB_FUZZ_SECONDS:-30}" 2>&1 | tee "$log" || rc=$?
  grep -E '^fuzz .*: [0-9]+ runs' "$log" | sed -E 's/.* ([0-9]+) crashes$/\1/' | while read -r c; do
    if [ "$c" = 0 ]; then echo "1 0"; else echo "0 1"; fi
  done >>"$SUMMARY"
  rm -f "$log"
  return $rc
}
record_fuzz
unset ASAN_OPTIONS UBSAN_OPTIONS

step "WebAssembly build (preset web): playground, CLI under node, core tests under node"
cmake --preset web >/dev/null
cmake --build --preset web -j"$JOBS"
run_ctest web

step "CLI tests on real blueprints"
run_node tests/cli/ SDLAB_BIN="$ROOT/build/native/bin/sdlab"

step "Redis: sdlab's redis-lru model against a real redis-server on 127.0.0.1"
run_node tests/redis/ SDLAB_BIN="$ROOT/build/native/bin/sdlab"

step "determinism: native and WebAssembly print the same bytes"
run_node tests/determinism/ SDLAB_BIN="$ROOT/build/native/bin/sdlab" SDLAB_WASM_BIN="$ROOT/build/wasm/bin/sdlab.js"

step "browser tests: the playground in headless Chromium"
run_node tests/browser/ SDLAB_SITE_DIR="$ROOT/build/wasm/site" SDLAB_BIN="$ROOT/build/native/bin/sdlab"

passed=0; failed=0
while read -r p f; do passed=$((passed + p)); failed=$((failed + f)); done <"$SUMMARY"
echo
echo "sdlab: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
