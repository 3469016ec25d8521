#!/usr/bin/env bash
# postcheck's one entry point.
#
#   ./build.sh          build everything and check a sample draft with the built-in pack
#   ./build.sh test     run every test (what CI runs)
#   ./build.sh bench    run the benchmarks
#   ./build.sh lint     formatting and lints only
#
# On a fresh machine it installs what it needs (Rust targets and tools, npm
# packages, Debian's Chromium for the browser tests, Debian's minisign for the
# signing tests).
set -euo pipefail
cd "$(dirname "$0")"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh

ensure_rust() {
  command -v cargo >/dev/null || { echo "cargo is missing: install Rust from rustup first" >&2; exit 1; }
  rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
}

# Debian's minisign: the CLI's signing tests check interoperability with it
# (crates/postcheck-cli/tests/signing.rs).
ensure_minisign() {
  if ! command -v minisign >/dev/null; then
    say "installing Debian packages: minisign"
    apt_install minisign
  fi
}

build_native() {
  say "build: postcheck (native, release)"
  cargo build --release --locked -p postcheck-cli
}

# Optional parts add themselves as scripts; each takes the same verbs (build, test).
run_part() {
  local script=$1 verb=$2
  if [[ -x $script ]]; then
    "$script" "$verb"
  fi
}

sample_check() {
  say "postcheck check on a sample draft (built-in starter pack)"
  "$POSTCHECK_BIN" check --platform linkedin examples/drafts/sample.txt
}

lint() {
  say "lint: cargo fmt, clippy (native)"
  cargo fmt --all -- --check
  cargo clippy --locked --workspace --all-targets -- -D warnings
  say "lint: clippy (wasm32)"
  rustup target list --installed | grep -q wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
  cargo clippy --locked -p postcheck-core -p postcheck-wasm --target wasm32-unknown-unknown -- -D warnings
  run_part ./extension/build.sh lint
  run_part ./studio/build.sh lint
}

# Precision and recall per category and language on the project's corpus of
# posts (crates/postcheck-core/tests/corpus.rs); the thresholds are asserted
# by that test in the workspace run below.
corpus_report() {
  say "test: detection on the corpus (precision and recall)"
  cargo test --locked -q -p postcheck-core --test corpus -- --nocapture \
    ordinary_posts_stay_quiet_and_problems_are_found 2>&1 |
    sed -n '/Detection on the corpus/,/^test result/p' | grep -v '^test result' || true
}

test_rust() {
  corpus_report
  say "test: Rust workspace"
  if command -v cargo-nextest >/dev/null; then
    cargo nextest run --locked --workspace --no-fail-fast
    cargo test --locked --workspace --doc
  else
    cargo test --locked --workspace
  fi
}

case "${1:-all}" in
  all)
    ensure_rust
    build_native
    # (builds the Pack Studio too: its page is in the extension's package)
    run_part ./extension/build.sh build
    sample_check
    ;;
  test)
    ensure_rust
    build_native
    # (builds the Pack Studio too: its page is in the extension's package)
    run_part ./extension/build.sh build
    lint
    ensure_minisign
    test_rust
    run_part ./extension/build.sh test
    run_part ./studio/build.sh test
    # The benchmarks stay runnable: a few iterations of the native bench,
    # nothing timed asserted (the full run is ./build.sh bench).
    say "test: bench smoke"
    run_part ./bench/run.sh test
    for part in tests/*/run.sh; do
      [[ -x $part ]] && { say "test: ${part%/run.sh}"; "$part" test; }
    done
    say "all tests passed"
    ;;
  lint)
    ensure_rust
    lint
    ;;
  bench)
    ensure_rust
    run_part ./bench/run.sh bench
    ;;
  *)
    echo "usage: ./build.sh [test|lint|bench]" >&2
    exit 2
    ;;
esac
