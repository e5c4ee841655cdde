#!/usr/bin/env bash
# Instructions per render at N and 4N for every pathological case (valgrind callgrind), a
# measure of growth that load and caches cannot move: `scripts/instructions.sh [CASE...]`.
# One render is the count of a run with two renders minus a run with one, so start-up and
# reading the file cancel out.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind >/dev/null || { echo "valgrind is needed: apt-get install valgrind" >&2; exit 1; }
target=target/instructions
dir=$target/pathological
CARGO_TARGET_DIR=$target cargo build -q --profile bench --example loop
[ -f "$dir/MANIFEST.json" ] || python3 ../shared/corpus/pathological/gen.py "$dir" >/dev/null
count() { # file renders -> instructions
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$target/release/examples/loop" "$1" "$2" 2>&1 |
    sed -n 's/.*refs: *//p' | tr -d ,
}
per_render() { echo $(($(count "$1" 2) - $(count "$1" 1))); }
cases=("$@")
[ ${#cases[@]} -gt 0 ] || mapfile -t cases < <(python3 -c '
import json, sys
seen = []
for e in json.load(open(sys.argv[1])):
    if e["case"] not in seen: seen.append(e["case"])
print("\n".join(seen))' "$dir/MANIFEST.json")
echo "| case | bytes 4x/1x | instructions 1x | instructions 4x | ratio |"
echo "| --- | --- | --- | --- | --- |"
for c in "${cases[@]}"; do
  one=$(per_render "$dir/$c.1x.md"); four=$(per_render "$dir/$c.4x.md")
  b1=$(wc -c < "$dir/$c.1x.md"); b4=$(wc -c < "$dir/$c.4x.md")
  awk -v c="$c" -v b1="$b1" -v b4="$b4" -v i1="$one" -v i4="$four" \
    'BEGIN { printf "| %s | %.2f | %.0f | %.0f | %.2fx |\n", c, b4 / b1, i1, i4, i4 / i1 }'
done
