#!/usr/bin/env bash
# Builds the Release tree with the micro-benchmarks and runs the side-by-side peer comparison,
# which writes BENCHMARKS.md (peers, scaling up to a generated 1,000,000 x 300 file, frame time under
# xvfb-run) and then the layout section (scripts/bench_layouts.py: UMAP and t-SNE against umap-learn
# and scikit-learn). Arguments go to scripts/bench_peers.py, e.g.
#   scripts/bench.sh --questions /path/to/questions-words.txt [--quick] [--micro] [--rounds 3]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${GALAXY_BENCH_BUILD:-$root/build-bench}"
"$root/scripts/install-deps.sh" --bench
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DGALAXY_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j"${JOBS:-2}" --target galaxy galaxy_benchmarks
# The frame-time section needs the renderer benchmark; without it that section says "not built".
cmake --build "$build" -j"${JOBS:-2}" --target galaxy_frame_bench ||
  echo "bench.sh: galaxy_frame_bench did not build; BENCHMARKS.md will say so" >&2
# Debian's python3 (python3-gensim, python3-faiss, python3-sklearn, umap-learn), not a pyenv shim.
/usr/bin/python3 "$root/scripts/bench_peers.py" --build "$build" "$@"
# UMAP and t-SNE against umap-learn and scikit-learn: their own section of BENCHMARKS.md.
exec /usr/bin/python3 "$root/scripts/bench_layouts.py" --build "$build"
