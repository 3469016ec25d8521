#!/usr/bin/env bash
# External oracle for the checksum detectors: python-stdnum decides which
# generated IBANs, card numbers, AHV numbers, German tax IDs, Swiss UIDs and EU
# VAT numbers are valid; our detectors must flag exactly those.
#
#   tests/stdnum/run.sh test    set up python-stdnum (pinned), build the detect example, run the oracle
#
# Needs python3 with pip (a venv under tests/stdnum/.venv, or, where the venv
# module is missing, a plain `pip install --target`), cargo, and PyPI.
set -euo pipefail
cd "$(dirname "$0")"
HERE=$PWD
ROOT=$(cd ../.. && pwd)
# shellcheck source=scripts/lib.sh
source ../../scripts/lib.sh
STDNUM_VERSION=$(sed -n 's/^python-stdnum==//p' requirements.txt)

setup_python() {
  # A venv if the machine can make one, else packages in a folder on PYTHONPATH.
  if [[ -x .venv/bin/python ]] && .venv/bin/python -c "import stdnum, sys; sys.exit(stdnum.__version__ != '$STDNUM_VERSION')" 2>/dev/null; then
    PY=.venv/bin/python
    return
  fi
  if python3 -m venv --clear .venv >/dev/null 2>&1 && [[ -x .venv/bin/pip ]]; then
    .venv/bin/pip install --quiet --disable-pip-version-check -r requirements.txt
    PY=.venv/bin/python
    return
  fi
  rm -rf .venv
  if ! PYTHONPATH=.pydeps python3 -c "import stdnum, sys; sys.exit(stdnum.__version__ != '$STDNUM_VERSION')" 2>/dev/null; then
    rm -rf .pydeps
    python3 -m pip install --quiet --disable-pip-version-check --target .pydeps -r requirements.txt
  fi
  export PYTHONPATH="$HERE/.pydeps${PYTHONPATH:+:$PYTHONPATH}"
  PY=python3
}

case "${1:-test}" in
  test)
    setup_python
    (cd "$ROOT" && cargo build --release --locked --quiet --example detect -p postcheck-core)
    "$PY" oracle.py "$(release_example detect)"
    ;;
  build)
    ;;
  *)
    echo "usage: tests/stdnum/run.sh test" >&2
    exit 2
    ;;
esac
