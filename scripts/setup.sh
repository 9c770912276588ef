#!/usr/bin/env bash
# Installs everything sdlab needs on a Debian 12 machine, as root, idempotently.
# Fast when nothing is missing: every step checks before it acts.
#   - Debian packages (compilers, Emscripten, SDL2, Dear ImGui, nlohmann/json, Catch2, CLI11, Chromium, ...)
#   - imgui and libsdl2 source trees via `apt-get source` into .deps/src (the WASM build needs sources)
#   - SDL2 built once for Emscripten into .deps/sdl2-wasm
#   - npm packages from package-lock.json (playwright-core drives Debian's chromium; ajv checks schemas)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEPS="$ROOT/.deps"
mkdir -p "$DEPS"
log() { printf '[setup] %s\n' "$*" >&2; }

PACKAGES=(build-essential cmake ninja-build pkg-config dpkg-dev git ca-certificates
  emscripten node-acorn nlohmann-json3-dev catch2 libcli11-dev libsdl2-dev libimgui-dev
  chromium fonts-dejavu-core clang-14 libclang-rt-14-dev libbenchmark-dev redis-server gzip)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then missing+=("$p"); fi
done
if [ ${#missing[@]} -gt 0 ]; then
  log "installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# emscripten pulls in Debian's nodejs, which (unlike some other builds of node) comes without npm:
# check each tool on its own so that a present node never hides a missing npm.
command -v node >/dev/null || { log "installing nodejs"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nodejs >/dev/null; }
command -v npm >/dev/null || { log "installing npm"; DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null; }

# --- source trees for the WASM build -------------------------------------------------------------
SRC="$DEPS/src"
mkdir -p "$SRC"
have_src() { compgen -G "$SRC/$1-*/" >/dev/null; }
if ! have_src imgui || ! have_src libsdl2; then
  if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/ ; then
    log "adding a deb-src entry mirroring Debian's sources"
    if [ -f /etc/apt/sources.list.d/debian.sources ]; then
      sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
        | $SUDO tee /etc/apt/sources.list.d/sdlab-deb-src.sources >/dev/null
    else
      grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' \
        | $SUDO tee /etc/apt/sources.list.d/sdlab-deb-src.list >/dev/null
    fi
    $SUDO apt-get update -qq
  fi
  ( cd "$SRC"
    have_src imgui   || { log "apt-get source imgui";   apt-get source -qq imgui   >/dev/null 2>&1 || apt-get source imgui; }
    have_src libsdl2 || { log "apt-get source libsdl2"; apt-get source -qq libsdl2 >/dev/null 2>&1 || apt-get source libsdl2; } )
fi
IMGUI_SRC="$(ls -d "$SRC"/imgui-*/ | head -1)"; IMGUI_SRC="${IMGUI_SRC%/}"
SDL_SRC="$(ls -d "$SRC"/libsdl2-*/ | head -1)"; SDL_SRC="${SDL_SRC%/}"
ln -sfn "$IMGUI_SRC" "$DEPS/imgui"

# --- SDL2 for Emscripten (built once) ---------------------------------------------------------------
export NODE_PATH=/usr/share/nodejs
if [ ! -f "$DEPS/sdl2-wasm/lib/libSDL2.a" ]; then
  log "building SDL2 for Emscripten (about 3 minutes, once)"
  rm -rf "$DEPS/sdl2-wasm-build"
  emcmake cmake -S "$SDL_SRC" -B "$DEPS/sdl2-wasm-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DSDL_SHARED=OFF -DSDL_STATIC=ON -DSDL_TEST=OFF -DCMAKE_INSTALL_PREFIX="$DEPS/sdl2-wasm" >/dev/null
  cmake --build "$DEPS/sdl2-wasm-build" >/dev/null
  cmake --install "$DEPS/sdl2-wasm-build" >/dev/null
  rm -rf "$DEPS/sdl2-wasm-build"
fi

# --- header-only libraries for Emscripten (never /usr/include itself on its include path) -----------
INC="$DEPS/wasm-include"
mkdir -p "$INC"
ln -sfn /usr/include/nlohmann "$INC/nlohmann"
ln -sfn /usr/include/catch2 "$INC/catch2"
ln -sfn /usr/include/CLI "$INC/CLI"

# --- npm packages ----------------------------------------------------------------------------------
if [ -f "$ROOT/package-lock.json" ]; then
  stamp="$ROOT/node_modules/.sdlab-lock-stamp"
  if [ ! -f "$stamp" ] || ! cmp -s "$ROOT/package-lock.json" "$stamp"; then
    log "npm ci"
    ( cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error >/dev/null )
    cp "$ROOT/package-lock.json" "$stamp"
  fi
fi
log "ready"
