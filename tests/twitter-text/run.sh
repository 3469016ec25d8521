#!/usr/bin/env bash
# Differential test of postcheck's X length count and link finding against the reference
# implementation, the npm package twitter-text 3.1.0 (see README.md).
#
#   tests/twitter-text/run.sh test    install the npm packages, check the generated data is
#                                     current, build the Rust side, compare
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd ../.. && pwd)
# shellcheck source=scripts/lib.sh
source ../../scripts/lib.sh

case "${1:-test}" in
  test)
    if [[ -f package-lock.json ]]; then
      npm ci --no-audit --no-fund --loglevel=error
    else
      npm install --no-audit --no-fund --loglevel=error
    fi
    node generate.js --check
    (cd "$ROOT" && cargo build --release --locked --quiet --example x_length -p postcheck-core)
    node diff.js "$(release_example x_length)"
    ;;
  build)
    ;;
  *)
    echo "usage: $0 test" >&2
    exit 2
    ;;
esac
