#!/usr/bin/env bash
# postcheck benchmarks: one command, one table.
#
#   bench/run.sh bench   everything below; prints the table, writes bench/results.json
#   bench/run.sh wasm    only part 2 (and part 1 first if the workload is missing); writes out/wasm.json
#   bench/run.sh test    smoke test: the native bench with a handful of iterations (nothing timed is asserted)
#
#   1. native    postcheck-core in release mode (bench/native): compile and check
#                times, scaling with the number of terms, adversarial drafts,
#                memory; it also generates the workload (bench/out/) for the rest
#   2. wasm      postcheck-wasm in Node, through its real API
#   3. js        a plain JavaScript implementation of the same pack (bench/js-baseline)
#   4. harper    harper.js linting the same drafts in Node
#   5. chromium  click to panel on the X fixture with the extension (built from this
#                source, with its zips), warm and cold
#   6. sizes     the .wasm raw and gzipped, the extension zips, and the regex
#                crate alone built the same way (bench/size-floor), with and
#                without its Unicode class tables: how much of the size is the regex crate's
#
# Installs what is missing (the wasm32 target, wasm-bindgen-cli of the version in
# Cargo.lock, npm packages, the e2e harness's packages and fixtures, the extension).
# Benchmarks, not tests: nothing here fails on a slow machine.
set -euo pipefail
cd "$(dirname "$0")"
BENCH=$PWD
ROOT=$(cd .. && pwd)
OUT=$BENCH/out
WASM_TARGET=wasm32-unknown-unknown
# shellcheck source=scripts/lib.sh
source ../scripts/lib.sh
SAY_PREFIX="bench: "
# Its own target folder unless one is given (lib.sh made a relative one absolute
# from the repository root).
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$BENCH/target}
TARGET_DIR=$CARGO_TARGET_DIR

native() {
  local profile=$1
  shift # the rest: the bench's own flags
  say "native bench ($profile)"
  (cd native && cargo build --locked --profile "$profile")
  local dir=$profile
  [[ $profile == dev ]] && dir=debug
  "$TARGET_DIR/$dir/postcheck-bench" --out "$OUT" "$@"
}

ensure_wasm_tools() {
  rustup target list --installed | grep -qx "$WASM_TARGET" || rustup target add "$WASM_TARGET"
  local want have
  want=$(wasm_bindgen_version)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [[ $have != "$want" ]]; then
    say "install wasm-bindgen-cli $want"
    cargo install --locked wasm-bindgen-cli --version "$want" || cargo install wasm-bindgen-cli --version "$want"
  fi
}

wasm() {
  ensure_wasm_tools
  say "wasm: postcheck-wasm for Node (as the extension builds it: profile wasm)"
  (cd "$ROOT" && cargo build --profile wasm --locked --target "$WASM_TARGET" -p postcheck-wasm)
  local built=$TARGET_DIR/$WASM_TARGET/wasm/postcheck_wasm.wasm
  rm -rf "$OUT/wasm-node" "$OUT/wasm-web"
  wasm-bindgen --target nodejs --out-dir "$OUT/wasm-node" "$built"
  # The memory measurement reads the module's linear memory, which the generated glue keeps private.
  echo 'exports.__memory = () => wasm.memory;' >>"$OUT/wasm-node/postcheck_wasm.js"
  # The glue is CommonJS; bench/package.json says "module".
  echo '{ "type": "commonjs" }' >"$OUT/wasm-node/package.json"
  # What extension/build.sh would ship from this source (for the size figures).
  wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section --out-dir "$OUT/wasm-web" "$built"
  local raw gz
  raw=$(stat -c %s "$OUT/wasm-web/postcheck_wasm_bg.wasm")
  gz=$(gzip -9 -c "$OUT/wasm-web/postcheck_wasm_bg.wasm" | wc -c)
  echo "wasm: $raw bytes ($gz gzipped), as extension/build.sh ships it"
  node node/wasm.mjs
}

# The regex crate alone, with the engine's features and wasm profile, with and
# without its Unicode class tables (bench/size-floor): how much of the engine's
# size is the regex crate's.
size_floor() {
  local want have
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; print; exit }' "$ROOT/Cargo.lock")
  have=$(awk '/^name = "wasm-bindgen"$/ { getline; print; exit }' "$BENCH/size-floor/Cargo.lock")
  if [[ $want != "$have" ]]; then
    echo "size floor: skipped (bench/size-floor/Cargo.lock has wasm-bindgen $have, the workspace $want)" >&2
    return
  fi
  say "sizes: the regex crate alone (bench/size-floor)"
  local variant features
  for variant in with-classes without-classes; do
    features=()
    [[ $variant == with-classes ]] && features=(--features unicode-classes)
    (cd size-floor && cargo build --locked --profile wasm --target "$WASM_TARGET" "${features[@]}")
    rm -rf "$OUT/size-floor/$variant"
    wasm-bindgen --target web --no-typescript --remove-name-section --remove-producers-section \
      --out-dir "$OUT/size-floor/$variant" "$TARGET_DIR/$WASM_TARGET/wasm/postcheck_size_floor.wasm"
    echo "regex alone, $variant: $(gzip -9 -c "$OUT/size-floor/$variant/postcheck_size_floor_bg.wasm" | wc -c) bytes gzipped"
  done
}

npm_deps() {
  if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
    say "npm ci (bench)"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

chromium() {
  local e2e=$ROOT/tests/e2e
  if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} || ! -d $e2e/node_modules || ! -f $e2e/dist/fixtures/x.html ]]; then
    say "preparing the e2e harness (tests/e2e/run.sh build)"
    if [[ ! -x ${CHROMIUM:-/usr/bin/chromium} ]]; then
      apt_install chromium
    fi
    "$e2e/run.sh" build
  fi
  # The extension and its zips built from this source, so that the figures
  # (and the zip sizes in the table) are this source's, not the last build's.
  say "building the extension (extension/build.sh build)"
  "$ROOT/extension/build.sh" build
  local ext=$OUT/extension-chromium
  rm -rf "$ext"
  cp -r "$ROOT/extension/dist/chromium" "$ext"
  say "chromium: click to panel on the X fixture"
  POSTCHECK_EXTENSION_DIR=$ext node chromium/click.mjs
}

case "${1:-bench}" in
  bench)
    mkdir -p "$OUT"
    rm -f "$OUT"/{native,wasm,js-baseline,harper,chromium}.json
    native release
    npm_deps
    wasm
    size_floor
    say "JavaScript baseline"
    node js-baseline/bench.mjs
    say "harper.js"
    node node/harper.mjs
    chromium
    say "results"
    node report.mjs
    ;;
  wasm)
    mkdir -p "$OUT"
    [[ -s $OUT/drafts.json && -s $OUT/pack-large.json ]] || native release
    wasm
    ;;
  test)
    # Own output folder: a smoke run never overwrites the last real results.
    OUT=$BENCH/out/smoke
    mkdir -p "$OUT"
    native smoke --quick
    for f in native.json drafts.json pack-large.json pack-adversarial.json; do
      [[ -s $OUT/$f ]] || { echo "bench smoke: $f was not written" >&2; exit 1; }
    done
    BENCH_OUT=$OUT node report.mjs --no-write >/dev/null
    echo "bench smoke: ok (native bench ran; nothing timed is asserted)"
    ;;
  *)
    echo "usage: bench/run.sh [bench|wasm|test]" >&2
    exit 2
    ;;
esac
