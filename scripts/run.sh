#!/usr/bin/env bash
# The main job: set up what is missing, build the native CLI, then estimate and check a bundled
# scenario and print the report. Usage: bash scripts/run.sh [SCENARIO.json]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SCENARIO="${1:-scenarios/url-shortener.json}"
bash scripts/setup.sh
if [ ! -f build/native/build.ninja ]; then cmake --preset dev >/dev/null; fi
cmake --build --preset dev -j"$(nproc)" --target sdlab >/dev/null
SDLAB=build/native/bin/sdlab
echo "== sdlab validate $SCENARIO"
"$SDLAB" validate "$SCENARIO"
echo
echo "== sdlab estimate $SCENARIO"
"$SDLAB" estimate "$SCENARIO"
if "$SDLAB" score --help >/dev/null 2>&1; then
  echo
  echo "== sdlab score $SCENARIO"
  "$SDLAB" score "$SCENARIO"
fi
