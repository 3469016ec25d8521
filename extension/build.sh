#!/usr/bin/env bash
# Builds, lints and tests the postcheck browser extension.
#
#   ./extension/build.sh build   wasm engine, the Pack Studio (../studio/build.sh build) +
#                                dist/chromium, dist/firefox and their store zips
#   ./extension/build.sh lint    locales current, eslint, web-ext lint on dist/firefox (builds first if needed)
#   ./extension/build.sh test    unit tests of the extension's JavaScript (node --test)
#
# Installs what is missing: the wasm32 Rust target, wasm-bindgen-cli of exactly the
# version in Cargo.lock, and the npm packages (npm ci).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
WASM_TARGET=wasm32-unknown-unknown
# shellcheck source=scripts/lib.sh
source ../scripts/lib.sh

ensure_wasm_target() {
  rustup target list --installed | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
}

ensure_wasm_bindgen_cli() {
  local want have
  want=$(wasm_bindgen_version)
  [[ -n $want ]] || { echo "wasm-bindgen is not in Cargo.lock" >&2; exit 1; }
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [[ $have != "$want" ]]; then
    say "install wasm-bindgen-cli $want"
    # --locked first; if a locked dependency is not on the registry, let cargo pick compatible ones.
    cargo install --locked wasm-bindgen-cli --version "$want" \
      || cargo install wasm-bindgen-cli --version "$want"
  fi
}

ensure_npm() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "npm ci (extension)"
    npm ci --no-audit --no-fund
  fi
}

build_wasm() {
  say "build: postcheck-wasm ($WASM_TARGET, profile wasm)"
  # The `wasm` profile (Cargo.toml) and the wasm32 flags (.cargo/config.toml) say how.
  # No wasm-opt afterwards: on this output it makes the gzipped file larger, not smaller.
  (cd "$ROOT" && cargo build --profile wasm --locked --target "$WASM_TARGET" -p postcheck-wasm)
  rm -rf generated/wasm
  # --experimental-reset-state-function: the glue exports __wbg_reset_state, which
  # makes a fresh instance of the module after a trap (engine-host.js).
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --experimental-reset-state-function --out-dir generated/wasm \
    "$TARGET_DIR/$WASM_TARGET/wasm/postcheck_wasm.wasm"
}

# Deterministic zip of a folder (sorted entries, fixed timestamps), with python3's zipfile.
zip_dir() {
  local dir=$1 out=$2
  rm -f "$out"
  python3 - "$dir" "$out" <<'PY'
import os, sys, zipfile
src, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
    for base, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(base, name)
            info = zipfile.ZipInfo(os.path.relpath(path, src), date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(path, "rb") as f:
                z.writestr(info, f.read())
PY
}

# The Pack Studio's page (studio.html) is in the package. Its wasm is postcheck-wasm
# with the feature `studio`, built into the same target file as the engine: it is
# built after the engine is copied into generated/wasm, and the engine must not
# have the studio's calls (their glue exports lintPack).
build_studio() {
  "$ROOT/studio/build.sh" build
  if grep -q lintPack generated/wasm/postcheck_wasm.js; then
    echo "extension/generated/wasm has the studio's calls (lintPack): the engine must be built without the feature studio" >&2
    exit 1
  fi
}

build() {
  ensure_wasm_target
  ensure_wasm_bindgen_cli
  ensure_npm
  build_wasm
  build_studio
  say "build: extension (dist/chromium, dist/firefox)"
  node scripts/bundle.mjs
  zip_dir dist/chromium dist/postcheck-chromium.zip
  zip_dir dist/firefox dist/postcheck-firefox.zip
  local raw gz
  raw=$(stat -c %s dist/chromium/postcheck_wasm_bg.wasm)
  gz=$(gzip -9 -c dist/chromium/postcheck_wasm_bg.wasm | wc -c)
  echo "wasm: $raw bytes ($gz gzipped); studio wasm: $(stat -c %s dist/chromium/postcheck_studio_bg.wasm) bytes; zips: $(stat -c %s dist/postcheck-chromium.zip) (chromium), $(stat -c %s dist/postcheck-firefox.zip) (firefox) bytes"
}

lint() {
  ensure_npm
  [[ -f dist/firefox/manifest.json ]] || build
  say "lint: extension (locales, eslint, web-ext lint)"
  node scripts/write-locales.mjs --check
  npx --no-install eslint .
  npx --no-install web-ext lint --source-dir dist/firefox --no-input --no-config-discovery
}

unit_tests() {
  ensure_npm
  say "test: extension unit tests"
  node --test --test-timeout=300000 --test-force-exit test/*.test.mjs
}

case "${1:-build}" in
  build) build ;;
  lint) lint ;;
  test) unit_tests ;;
  *)
    echo "usage: ./extension/build.sh [build|lint|test]" >&2
    exit 2
    ;;
esac
