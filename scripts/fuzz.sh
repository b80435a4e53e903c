#!/usr/bin/env bash
# Builds the libFuzzer targets (clang-14, -fsanitize=fuzzer,address,undefined) into ./build-fuzz and runs
# each one for SECONDS_PER_TARGET seconds (default 10) from its seed corpus in tests/fuzz/corpus/<target>.
# Fails on the first crash, sanitizer report, leak, timeout or out-of-memory; the reproducer is left in
# build-fuzz/findings/<target>/ (re-run it with: build-fuzz/tests/fuzz/fuzz_<target> FILE).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. scripts/fuzz.sh 600 galaxy tsv
#
# New inputs the fuzzer finds go to build-fuzz/corpus/<target> (not to the committed seed corpus).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GALAXY_FUZZ_BUILD_DIR:-$root/build-fuzz}
jobs=${GALAXY_JOBS:-$(nproc)}
seconds=${1:-10}
shift || true
all_targets=(text word2vec_binary tsv galaxy gzip expression analogies pairs tour)
targets=("${@:-${all_targets[@]}}")

"$root/scripts/install-deps.sh"
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGALAXY_FUZZ=ON -DGALAXY_BUILD_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_C_COMPILER=clang-14 >/dev/null
cmake --build "$build_dir" -j"$jobs" --target galaxy_fuzzers

# Largest input per target: enough for a header plus a few rows, small enough to stay fast.
max_len() {
  case "$1" in
    expression) echo 256 ;;
    galaxy | word2vec_binary | gzip) echo 4096 ;;
    *) echo 2048 ;;
  esac
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:allocator_may_return_null=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
for target in "${targets[@]}"; do
  seeds="$root/tests/fuzz/corpus/$target"
  [ -d "$seeds" ] || { echo "fuzz.sh: unknown target '$target' (no $seeds)" >&2; exit 2; }
  work="$build_dir/corpus/$target"
  findings="$build_dir/findings/$target"
  mkdir -p "$work" "$findings"
  log="$build_dir/fuzz-$target.log"
  echo "fuzz.sh: $target for ${seconds}s (log: $log)"
  # -rss_limit_mb/-malloc_limit_mb: a loader that believes a header's size claims fails here.
  if ! "$build_dir/tests/fuzz/fuzz_$target" "$work" "$seeds" -max_total_time="$seconds" \
    -max_len="$(max_len "$target")" -timeout=10 -rss_limit_mb=2048 -malloc_limit_mb=1024 \
    -artifact_prefix="$findings/" -print_final_stats=1 >"$log" 2>&1; then
    tail -n 60 "$log" >&2
    echo "fuzz.sh: $target FAILED; reproducer in $findings/" >&2
    exit 1
  fi
  grep -E '^stat::number_of_executed_units|^stat::peak_rss_mb' "$log" | sed "s/^/  $target /"
done
echo "fuzz.sh: ${#targets[@]} targets, ${seconds}s each, no crashes"
