#!/usr/bin/env bash
# Fuzzing the engine with cargo-fuzz (libFuzzer): pack parsing and compiling,
# drafts against fixed packs, and structured packs. See fuzz/README.md.
#
#   tests/fuzz/run.sh test          smoke run: each target for FUZZ_SECONDS (default 25) s; fails on a crash
#   tests/fuzz/run.sh long [SECS]   each target for SECS (default 600) s, keeping the corpus in fuzz/corpus/
#
# cargo-fuzz passes nightly-only flags (-Zsanitizer=address); this machine has
# stable Rust only, so RUSTC_BOOTSTRAP=1 lets the stable compiler accept them.
# cargo-fuzz itself is installed with `cargo install --locked cargo-fuzz` when missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
# For CARGO_TARGET_DIR: a relative one made absolute from the repository root
# (cargo-fuzz runs cargo in fuzz/, which would otherwise read it from there).
# cargo-fuzz builds into $CARGO_TARGET_DIR when set (under its own
# <triple>/ folder, apart from the workspace's host builds), else fuzz/target;
# this script reads no build output itself.
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
export RUSTC_BOOTSTRAP=1

TARGETS=(pack_load check_draft pack_structured)
# No AddressSanitizer (the crates forbid unsafe code; without it the targets run
# about three times faster), but debug assertions and overflow checks on.
# FUZZ_SANITIZER=address brings ASan back.
FLAGS=(--sanitizer "${FUZZ_SANITIZER:-none}" --debug-assertions)

ensure_cargo_fuzz() {
  command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
}

# Seeds read (not written) by each target: the repository's packs and drafts.
seeds() {
  case $1 in
    pack_load) echo "$ROOT/packs $ROOT/examples/packs $ROOT/tests/bad-packs" ;;
    check_draft) echo "$ROOT/fuzz/seeds/check_draft $ROOT/examples/drafts $ROOT/crates/postcheck-cli/tests/drafts" ;;
    *) echo "" ;;
  esac
}

run() {
  local target=$1 seconds=$2 corpus=$3
  mkdir -p "$corpus"
  local dict=()
  [[ $target == pack_load ]] && dict=(-dict="$ROOT/fuzz/dicts/pack.dict")
  local log
  log=$(mktemp)
  # shellcheck disable=SC2046
  if ! (cd fuzz && cargo fuzz run "${FLAGS[@]}" "$target" "$corpus" $(seeds "$target") -- \
        -max_total_time="$seconds" -timeout=20 -rss_limit_mb=4096 -max_len=65536 \
        -print_final_stats=1 "${dict[@]}" >"$log" 2>&1); then
    tail -n 60 "$log"
    echo "fuzz: $target crashed; the input is in fuzz/artifacts/$target/" >&2
    rm -f "$log"
    return 1
  fi
  local runs
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "fuzz: $target: ${runs:-?} executions in ${seconds} s, no crash"
  rm -f "$log"
}

case "${1:-test}" in
  test)
    ensure_cargo_fuzz
    (cd fuzz && cargo fuzz build "${FLAGS[@]}")
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    for t in "${TARGETS[@]}"; do
      run "$t" "${FUZZ_SECONDS:-25}" "$tmp/$t"
    done
    ;;
  long)
    ensure_cargo_fuzz
    (cd fuzz && cargo fuzz build "${FLAGS[@]}")
    for t in "${TARGETS[@]}"; do
      run "$t" "${2:-600}" "$ROOT/fuzz/corpus/$t"
    done
    ;;
  build)
    ;;
  *)
    echo "usage: tests/fuzz/run.sh [test|long [SECONDS]]" >&2
    exit 2
    ;;
esac
