#!/usr/bin/env bash
# Builds the Release tree with the micro-benchmarks and runs the side-by-side peer comparison,
# which writes BENCHMARKS.md. Arguments go to scripts/bench_peers.py, e.g.
#   scripts/bench.sh --questions /path/to/questions-words.txt [--quick] [--rounds 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${GALAXY_BENCH_BUILD:-$root/build-bench}"
"$root/scripts/install-deps.sh" --bench
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGALAXY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target galaxy galaxy_benchmarks
# Debian's python3 (python3-gensim, python3-faiss, python3-sklearn), not a pyenv shim.
exec /usr/bin/python3 "$root/scripts/bench_peers.py" --build "$build" "$@"
