#!/usr/bin/env bash
# The pack author's path, timed step by step (no assertion on the times: they
# are printed for people; `./build.sh bench` holds the speed goals).
#
#   crates/postcheck-cli/scripts/author-path.sh [POSTCHECK_BINARY]
#
# A: a new pack: pack new (flags) -> a rule added by editing the JSON ->
#    lint -> test -> audit -> keygen -> sign -> verify -> docs --format html.
# B: the example company pack (examples/packs/acme.json): lint -> test ->
#    audit -> sign -> verify -> docs --format html.
#
# Each step prints its wall-clock time, its peak memory (RSS) and its exit
# status; the audit's findings are summarised at the end. Uses the release
# binary by default (build it with `cargo build --release -p postcheck-cli`).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
BIN=${1:-$ROOT/target/release/postcheck}
[[ -x $BIN ]] || { echo "no postcheck binary at $BIN: run cargo build --release -p postcheck-cli" >&2; exit 1; }
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
export NO_COLOR=1 LANG=C

# step NAME EXPECTED_STATUS COMMAND...: runs it, output to $WORK/NAME.out/.err.
step() {
  local name=$1 want=$2
  shift 2
  local start end status
  start=$(date +%s%N)
  set +e
  /usr/bin/time -f "%M" -o "$WORK/$name.rss" "$@" >"$WORK/$name.out" 2>"$WORK/$name.err"
  status=$?
  set -e
  end=$(date +%s%N)
  printf '  %-28s %8.1f ms %8s KB  exit %s\n' "$name" "$(( (end - start) / 1000 ))e-3" \
    "$(tail -1 "$WORK/$name.rss")" "$status"
  if [[ $status != "$want" ]]; then
    echo "step $name exited with $status, expected $want:" >&2
    cat "$WORK/$name.out" "$WORK/$name.err" >&2
    exit 1
  fi
}

echo "postcheck: $BIN"
echo "A. a new pack"
step new 0 "$BIN" pack new --company "ACME Robotics" --id acme-path --languages de,en \
  --contact-name "Corporate Communications" --contact-email social@acme.example --out "$WORK/pack.json"
start=$(date +%s%N)
python3 - "$WORK/pack.json" <<'PY'
import json, sys
path = sys.argv[1]
pack = json.load(open(path, encoding="utf-8"))
pack["rules"].append({
    "id": "project-names",
    "kind": "terms",
    "category": "confidential",
    "level": "important",
    "guideline": "confidential",
    "message": {"de": "„{match}“ ist ein interner Projektname.", "en": "\"{match}\" is an internal project name."},
    "terms": ["Zyrkonia", "Gotthard"],
    "examples": {"hit": ["Zyrkonia kommt bald", "Next stop: Gotthard"], "miss": ["Ein neues Produkt kommt bald"]},
})
json.dump(pack, open(path, "w", encoding="utf-8"), ensure_ascii=False, indent=2)
PY
end=$(date +%s%N)
printf '  %-28s %8.1f ms\n' "add a rule (edit the JSON)" "$(( (end - start) / 1000 ))e-3"
step lint 0 "$BIN" pack lint "$WORK/pack.json"
step test 0 "$BIN" pack test "$WORK/pack.json"
step audit 0 "$BIN" pack audit "$WORK/pack.json" --format json
step keygen 0 "$BIN" pack keygen --out "$WORK/comms"
step sign 0 "$BIN" pack sign "$WORK/pack.json" --key "$WORK/comms.key"
step verify 0 "$BIN" pack verify "$WORK/pack.json" --key "$WORK/comms.pub"
step docs 0 "$BIN" pack docs "$WORK/pack.json" --format html --out "$WORK/pack.html"
echo "  lint says: $(tail -1 "$WORK/lint.out")"
grep -o 'warning: [^:]*: [^:]*' "$WORK/lint.out" | sed 's/^/    /' || true
AUDIT_A=$WORK/audit.out

echo "B. the example company pack (examples/packs/acme.json)"
cp "$ROOT/examples/packs/acme.json" "$WORK/acme.json"
step acme-lint 0 "$BIN" pack lint "$WORK/acme.json"
step acme-test 0 "$BIN" pack test "$WORK/acme.json"
step acme-audit 0 "$BIN" pack audit "$WORK/acme.json" --format json
step acme-sign 0 "$BIN" pack sign "$WORK/acme.json" --key "$WORK/comms.key"
step acme-verify 0 "$BIN" pack verify "$WORK/acme.json" --key "$WORK/comms.pub"
step acme-docs 0 "$BIN" pack docs "$WORK/acme.json" --format html --out "$WORK/acme.html"
echo "  lint says: $(tail -1 "$WORK/acme-lint.out")"
printf '  docs: %s bytes of HTML (new pack), %s bytes (acme)\n' "$(wc -c <"$WORK/pack.html")" "$(wc -c <"$WORK/acme.html")"

echo "What the audits found:"
python3 - "$AUDIT_A" "$WORK/acme-audit.out" <<'PY'
import json, sys, collections
for name, path in zip(["new pack", "acme"], sys.argv[1:]):
    a = json.load(open(path, encoding="utf-8"))
    own = [f for f in a["false_alarms"] if f["pack"] == a["pack"]]
    by_rule = collections.Counter(f"{f['pack']}/{f['rule']}" for f in a["false_alarms"])
    print(f"  {name} ({a['pack']}): {a['ordinary_posts']} ordinary posts, {a['problem_posts']} with problems")
    print(f"    probable false alarms: {len(a['false_alarms'])} ({len(own)} from the pack's own rules): "
          + ", ".join(f"{r} {n}" for r, n in by_rule.most_common()))
    print("    everyday terms: " + (", ".join(f"{t['rule']} {t['term'] or '(hashed)'}" for t in a["everyday_terms"]) or "none"))
    print("    rules only on their own examples: " + (", ".join(a["only_on_examples"]) or "none"))
    print("    rules without a hit example: " + (", ".join(a["without_hit_example"]) or "none"))
PY
