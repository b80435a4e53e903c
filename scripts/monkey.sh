#!/usr/bin/env bash
# The long monkey test for developers: many seeds of seeded random input into the real window, through
# the window's input queue (galaxy --monkey) and through X (scripts/monkey_x11.py), at several frame
# rates. Needs a build (scripts/build.sh); runs under Xvfb when there is no display.
#   scripts/monkey.sh [--seeds N] [--events N] [FILE]     FILE: vectors to open (default: bundled)
# A failing seed is printed with the folder that keeps its files; add it to tests/CMakeLists.txt.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
galaxy=${GALAXY_BINARY:-$root/build/galaxy}
seeds=20
events=5000
file=()
while [ $# -gt 0 ]; do
  case "$1" in
    --seeds) seeds=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    *) file=("$(realpath "$1")"); shift ;;
  esac
done
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24" "$0" --seeds "$seeds" --events "$events" "${file[@]}"
fi
[ -x "$galaxy" ] || { echo "monkey.sh: build first (scripts/build.sh): no $galaxy" >&2; exit 2; }
failed=0
total=0
for seed in $(seq 1 "$seeds"); do
  for delay in 0 40 250; do
    n=$events
    [ "$delay" -ge 250 ] && n=$((events / 5))
    log=$(mktemp)
    status=0
    "$galaxy" "${file[@]}" --monkey "$seed" --monkey-events "$n" --frame-delay-ms "$delay" \
      >"$log" 2>&1 || status=$?
    grep -E "^monkey: seed [0-9]+:|^monkey: (FAILED|its files)|Assertion|Sanitizer" "$log" || true
    [ "$status" -eq 0 ] || { failed=$((failed + 1)); echo "monkey.sh: seed $seed, delay $delay ms: exit $status"; }
    rm -f "$log"
    total=$((total + 1))
  done
  python3 "$root/scripts/monkey_x11.py" --galaxy "$galaxy" --seed "$seed" --events $((events / 2)) \
    "${file[@]}" || failed=$((failed + 1))
  total=$((total + 1))
done
echo "monkey.sh: $((total - failed)) of $total runs alive and answering"
[ "$failed" -eq 0 ]
