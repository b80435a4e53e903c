#!/usr/bin/env bash
# Builds everything with -fsanitize=address,undefined (GCC, -DGALAXY_SANITIZE=ON) into ./build-asan and
# runs the whole ctest suite under it, render tests included (Xvfb + Mesa). Any AddressSanitizer,
# LeakSanitizer or UndefinedBehaviorSanitizer report fails the test that produced it, so a green run means
# zero reports. Extra arguments go to ctest (e.g. -R Loader).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${GALAXY_ASAN_BUILD_DIR:-$root/build-asan}
jobs=${GALAXY_JOBS:-$(nproc)}
"$root/scripts/install-deps.sh"
# Benchmarks are not tests (ctest never runs them): not built here.
cmake -S "$root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGALAXY_SANITIZE=ON -DGALAXY_BUILD_BENCHMARKS=OFF
cmake --build "$build_dir" -j"$jobs"

# halt_on_error / abort_on_error: a report ends the process with a failure, so ctest sees it.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:halt_on_error=1:abort_on_error=1:detect_stack_use_after_return=1:check_initialization_order=1:verify_asan_link_order=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# Mesa's DRI driver (llvmpipe, in swrast_dri.so) is dlopen'ed by libGLX and dlclose'd at exit; the
# memory that only its globals still point to then looks leaked to LeakSanitizer, with a stack of
# "<unknown module>" that no suppression can name. Preloading the driver keeps it mapped, so LSan sees
# those references and reports only real leaks (no suppression list needed). verify_asan_link_order=0
# above allows a preloaded library before the ASan runtime.
mesa_driver=$(find /usr/lib/*/dri /usr/lib/dri -name swrast_dri.so 2>/dev/null | head -n 1 || true)
if [ -n "$mesa_driver" ]; then
  export LD_PRELOAD="$mesa_driver${LD_PRELOAD:+ $LD_PRELOAD}"
fi

cd "$build_dir"
if [ -z "${DISPLAY:-}" ]; then
  exec xvfb-run -a -s "-screen 0 1920x1080x24" ctest --output-on-failure -j"$jobs" "$@"
fi
exec ctest --output-on-failure -j"$jobs" "$@"
