# shellcheck shell=bash
# Helpers shared by postcheck's shell scripts (./build.sh, extension/build.sh,
# bench/run.sh, tests/*/run.sh). Sourced, never run:
#
#   source ../../scripts/lib.sh     (after the script's `cd "$(dirname "$0")"`)
#
# Sets:
#   POSTCHECK_ROOT   the repository root, absolute
#   TARGET_DIR       cargo's target folder, absolute: $CARGO_TARGET_DIR if set
#                    (a relative one counts from the repository root, as cargo
#                    does for the workspace), else $POSTCHECK_ROOT/target
#   POSTCHECK_BIN    the release build of the `postcheck` binary
# A relative CARGO_TARGET_DIR is exported made absolute, so that cargo run from
# any folder (bench/native, fuzz, extension) builds into the same place.

POSTCHECK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

if [[ -n ${CARGO_TARGET_DIR:-} ]]; then
  [[ $CARGO_TARGET_DIR == /* ]] || CARGO_TARGET_DIR=$POSTCHECK_ROOT/$CARGO_TARGET_DIR
  export CARGO_TARGET_DIR
fi
TARGET_DIR=${CARGO_TARGET_DIR:-$POSTCHECK_ROOT/target}
# shellcheck disable=SC2034 # used by the scripts that source this file
POSTCHECK_BIN=$TARGET_DIR/release/postcheck

# A section header in bold: `say "build: x"` prints "== [mm:ss] build: x". A script sets
# SAY_PREFIX after sourcing to tag its headers (bench/run.sh: "bench: ").
# Each header shows the time since the outermost script started ([mm:ss]), so
# a CI log tells where the time went.
SAY_PREFIX=
: "${POSTCHECK_T0:=$(date +%s)}"
export POSTCHECK_T0
say() {
  local t=$(($(date +%s) - POSTCHECK_T0))
  printf '\n\033[1m== [%02d:%02d] %s%s\033[0m\n' $((t / 60)) $((t % 60)) "$SAY_PREFIX" "$*"
}

# The path of a release-built example of the workspace (cargo build --release --example NAME).
release_example() { printf '%s\n' "$TARGET_DIR/release/examples/$1"; }

# The wasm-bindgen version in Cargo.lock: the CLI must be exactly this one.
wasm_bindgen_version() {
  awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$POSTCHECK_ROOT/Cargo.lock"
}

# Installs Debian packages quietly (with sudo unless root).
apt_install() {
  local sudo=
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}
