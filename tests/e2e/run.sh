#!/usr/bin/env bash
# End-to-end tests of the browser extension in Debian's Chromium (and a smoke
# test of the Firefox build in Debian's Firefox ESR), against faithful LinkedIn
# and X composer fixtures served at the real origins.
#
#   tests/e2e/run.sh test     install what is missing, build, run every spec
#   tests/e2e/run.sh build    install and build the fixtures only
#
# Needs: node/npm, Debian's chromium and firefox-esr (installed here when
# missing), and the unpacked extension in extension/dist/chromium and
# extension/dist/firefox (built here when missing).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
# shellcheck source=scripts/lib.sh
source ../../scripts/lib.sh
SAY_PREFIX="e2e: "

ensure_chromium() {
  local missing=()
  [[ -x ${CHROMIUM:-/usr/bin/chromium} ]] || missing+=(chromium)
  # Emoji font: only so that the screenshots show emoji, not boxes.
  [[ -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]] || missing+=(fonts-noto-color-emoji)
  # minisign: specs/signatures.test.mjs makes keys and signs packs with it.
  command -v minisign >/dev/null || missing+=(minisign)
  # Firefox ESR: specs/firefox.test.mjs runs the Firefox build in it (puppeteer-core, WebDriver BiDi).
  [[ -x ${FIREFOX:-/usr/bin/firefox-esr} ]] || missing+=(firefox-esr)
  if ((${#missing[@]})); then
    say "installing Debian packages: ${missing[*]}"
    apt_install "${missing[@]}"
  fi
}

ensure_node_modules() {
  # npm ci only when the lock file changed since the last install.
  local stamp=node_modules/.package-lock.json
  if [[ ! -f $stamp || package-lock.json -nt $stamp ]]; then
    say "npm ci"
    npm ci --no-audit --no-fund --loglevel=error
  fi
}

build_fixtures() {
  say "build fixtures (esbuild)"
  node fixtures/build.mjs
}

ensure_extension() {
  local ext=${POSTCHECK_EXTENSION_DIR:-$ROOT/extension/dist/chromium}
  local firefox_ext=${POSTCHECK_FIREFOX_EXTENSION_DIR:-$ROOT/extension/dist/firefox}
  if [[ ! -f $ext/manifest.json || ! -f $firefox_ext/manifest.json ]]; then
    if [[ -x $ROOT/extension/build.sh ]]; then
      say "building the extension (extension/build.sh build)"
      "$ROOT/extension/build.sh" build
    fi
  fi
  [[ -f $ext/manifest.json ]] || { echo "e2e: no built extension at $ext" >&2; exit 1; }
  [[ -f $firefox_ext/manifest.json ]] || { echo "e2e: no built Firefox extension at $firefox_ext" >&2; exit 1; }
}

# Runs one spec file, bounded: a file that runs longer than 10 minutes fails
# with its name (a stuck browser must never eat the CI run), and a file whose
# tests are done exits even if something it started keeps running.
run_spec() {
  timeout --kill-after=30s 630s \
    node --test --test-timeout=600000 --test-force-exit --test-reporter=spec "$1"
}

# Runs the spec files one at a time (each starts its own browser; the machine
# is small), then each failed file once more: a file that fails twice fails
# the run; one that passes the second time is named as flaky in the summary.
# Prints how long each file took.
run_specs() {
  local spec start failed=() flaky=() broken=() times=()
  for spec in "$@"; do
    start=$SECONDS
    run_spec "$spec" || failed+=("$spec")
    times+=("$((SECONDS - start)) s  $spec")
  done
  for spec in "${failed[@]}"; do
    say "once more: $spec"
    if run_spec "$spec"; then flaky+=("$spec"); else broken+=("$spec"); fi
  done
  say "spec files: ${#} run, ${#failed[@]} failed the first time, ${#broken[@]} failed twice"
  printf '  %s\n' "${times[@]}"
  ((${#flaky[@]} == 0)) || printf 'e2e: FLAKY (failed once, passed once): %s\n' "${flaky[@]}"
  ((${#broken[@]} == 0)) || { printf 'e2e: FAILED: %s\n' "${broken[@]}"; return 1; }
}

case "${1:-test}" in
  build)
    ensure_node_modules
    build_fixtures
    ;;
  test)
    ensure_chromium
    ensure_node_modules
    build_fixtures
    ensure_extension
    say "node --test (Chromium $("${CHROMIUM:-/usr/bin/chromium}" --version 2>/dev/null | awk '{print $2}'), Firefox $("${FIREFOX:-/usr/bin/firefox-esr}" --version 2>/dev/null | awk '{print $NF}'))"
    # The companion spec runs this build's binary (CARGO_TARGET_DIR may move it).
    export POSTCHECK_BIN
    run_specs specs/*.test.mjs
    ;;
  *)
    echo "usage: tests/e2e/run.sh [test|build]" >&2
    exit 2
    ;;
esac
