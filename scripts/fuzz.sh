#!/usr/bin/env bash
# Builds the libFuzzer targets (preset asan: clang-14, ASan+UBSan) and runs each for a while.
# Usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]   (default 45 s, every target)
# Seeds: scenarios/, the bad and hostile corpora, tests/fuzz/seeds/<kind>/. The growing corpus is kept
# in tests/fuzz/corpus-work/<target>/ (ignored by git) so later runs start where earlier ones stopped.
# A crash leaves its reproducer in build/asan/fuzz/artifacts/ and fails the run. Prints one line per target:
#   fuzz <target>: <runs> runs in <s> s, corpus <n> files, <crashes> crashes
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SECS="${1:-45}"
shift || true
JOBS="$(nproc)"

cmake --preset asan >/dev/null
cmake --build --preset asan -j"$JOBS" >/dev/null

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for f in tests/fuzz/fuzz_*.cpp; do targets+=("$(basename "$f" .cpp)"); done
fi

seeds_for() {  # target → seed folders and files
  case "$1" in
    fuzz_blueprint|fuzz_score) echo scenarios tests/data/bad tests/data/hostile tests/data/rules/base.json ;;
    fuzz_units) echo tests/fuzz/seeds/units ;;
    fuzz_trace) echo tests/fuzz/seeds/trace ;;
    fuzz_share) echo tests/fuzz/seeds/share ;;
  esac
}

mkdir -p build/asan/fuzz/artifacts
status=0
for t in "${targets[@]}"; do
  work="tests/fuzz/corpus-work/$t"
  mkdir -p "$work"
  for s in $(seeds_for "$t"); do
    if [ -d "$s" ]; then find "$s" -maxdepth 2 -type f ! -name '*.md' -exec cp -n {} "$work/" \; ; else cp -n "$s" "$work/"; fi
  done
  dict=()
  case "$t" in fuzz_blueprint|fuzz_score) dict=(-dict=tests/fuzz/blueprint.dict) ;; esac
  log="build/asan/fuzz/$t.log"
  rc=0
  ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
    "build/asan/bin/$t" "$work" "${dict[@]}" -max_total_time="$SECS" -timeout=10 -rss_limit_mb=2048 \
    -max_len=65536 -print_final_stats=1 -artifact_prefix="build/asan/fuzz/artifacts/$t-" >"$log" 2>&1 || rc=$?
  runs="$(grep -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$' || echo 0)"
  crashes=0
  if [ $rc -ne 0 ]; then
    crashes=1
    status=1
    grep -E 'ERROR|SUMMARY|invariant|non-finite|Test unit written' "$log" | head -20 || tail -30 "$log"
  fi
  echo "fuzz $t: ${runs:-0} runs in $SECS s, corpus $(find "$work" -type f | wc -l) files, $crashes crashes"
done
exit $status
