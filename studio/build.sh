#!/usr/bin/env bash
# Builds, lints and tests the postcheck Pack Studio (a web page: edit, lint and
# try a rule pack offline, with the same wasm engine as the extension).
#
#   ./studio/build.sh build   the studio's wasm (postcheck-wasm with feature `studio`) + dist/
#                             and dist-extension/ (the extension's studio.html; extension/build.sh
#                             runs this step and copies it into the extension's package)
#   ./studio/build.sh lint    clippy of the studio's wasm calls, eslint on the studio's JavaScript
#   ./studio/build.sh test    the wasm calls' tests (cargo test, node --test; builds first if needed);
#                             the page itself: tests/e2e/specs/studio.test.mjs
#
# dist/ works opened from a folder (file://) and from any static host: one
# script with the wasm embedded, no request. dist-extension/ is the same page
# as an extension page: a module script and the wasm as its own file.
#
# Needs wasm-bindgen, which ./extension/build.sh installs (of Cargo.lock's version).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
WASM_TARGET=wasm32-unknown-unknown
# shellcheck source=scripts/lib.sh
source ../scripts/lib.sh

ensure_npm() {
  if [[ ! -d node_modules || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "npm ci (studio)"
    npm ci --no-audit --no-fund
  fi
}

build_wasm() {
  say "build: postcheck-wasm with the studio's calls ($WASM_TARGET, profile wasm)"
  # The extension's build installs the wasm tools and then runs this build: never the other way round.
  command -v wasm-bindgen >/dev/null || {
    echo "wasm-bindgen is missing: run ./extension/build.sh build (it installs wasm-bindgen and builds the studio too)" >&2
    exit 1
  }
  rustup target list --installed | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
  (cd "$ROOT" && cargo build --profile wasm --locked --target "$WASM_TARGET" -p postcheck-wasm --features studio)
  rm -rf generated/wasm
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
    --out-dir generated/wasm "$TARGET_DIR/$WASM_TARGET/wasm/postcheck_wasm.wasm"
  # target/ holds one postcheck_wasm.wasm, with or without these calls by the last build:
  # extension/build.sh copies its engine into extension/generated/wasm before it runs this
  # build, so the engine never has them (it checks).
}

build() {
  ensure_npm
  build_wasm
  say "build: studio (dist/)"
  node scripts/bundle.mjs
  local raw gz
  raw=$(stat -c %s generated/wasm/postcheck_wasm_bg.wasm)
  gz=$(gzip -9 -c generated/wasm/postcheck_wasm_bg.wasm | wc -c)
  echo "studio wasm: $raw bytes ($gz gzipped); dist/studio.js: $(stat -c %s dist/studio.js) bytes ($(gzip -9 -c dist/studio.js | wc -c) gzipped);" \
    "dist-extension/studio.js: $(stat -c %s dist-extension/studio.js) bytes ($(gzip -9 -c dist-extension/studio.js | wc -c) gzipped)"
}

lint() {
  ensure_npm
  # The workspace's clippy runs without the feature: the studio's calls are linted here.
  say "lint: clippy of postcheck-wasm with feature studio (native, wasm32)"
  (cd "$ROOT" && cargo clippy --locked -p postcheck-wasm --features studio --all-targets -- -D warnings \
    && cargo clippy --locked -p postcheck-wasm --features studio --target "$WASM_TARGET" -- -D warnings)
  say "lint: studio (eslint)"
  npx --no-install eslint .
}

unit_tests() {
  ensure_npm
  [[ -f generated/wasm/postcheck_wasm_bg.wasm ]] || build
  say "test: studio (the wasm calls: Rust, then in Node)"
  (cd "$ROOT" && cargo test --locked -p postcheck-wasm --features studio --lib studio)
  node --test test/
}

case "${1:-build}" in
  build) build ;;
  lint) lint ;;
  test) unit_tests ;;
  *)
    echo "usage: ./studio/build.sh [build|lint|test]" >&2
    exit 2
    ;;
esac
