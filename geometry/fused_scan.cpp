// The fused AVX2/FMA top-k scan (see fused_scan_internal.h).
#include "geometry/fused_scan_internal.h"

#include <algorithm>
#include <limits>

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define GALAXY_X86_DISPATCH 1
#include <immintrin.h>
#endif

namespace galaxy::detail {

namespace {

// Instead of materialising the (rows x questions) product, 4 rows x 16 queries are kept in
// registers, compared with each query's current top-k threshold, and only the rare rows that
// reach it are offered to the heap.

constexpr int kPanel = 16;                   // queries per register panel
constexpr std::size_t kFusedRowChunk = 512;  // rows per L2-resident chunk

#if defined(GALAXY_X86_DISPATCH)
// The 16 thresholds of a panel (+inf for padding queries, which are never offered).
__attribute__((target("avx2,fma"))) inline void load_thresholds(TopK* const* tops, __m256& t0,
                                                                __m256& t1) {
  alignas(32) float thr[kPanel];
  for (int j = 0; j < kPanel; ++j)
    thr[j] = tops[j] ? tops[j]->threshold() : std::numeric_limits<float>::infinity();
  t0 = _mm256_load_ps(thr);
  t1 = _mm256_load_ps(thr + 8);
}

// Offers the scores of `row` (16 queries in a0, a1) that reach their query's threshold.
__attribute__((target("avx2,fma"))) inline void emit(std::size_t row, __m256 a0, __m256 a1,
                                                     TopK* const* tops, __m256& t0, __m256& t1) {
  const int mask = _mm256_movemask_ps(_mm256_cmp_ps(a0, t0, _CMP_GE_OQ)) |
                   (_mm256_movemask_ps(_mm256_cmp_ps(a1, t1, _CMP_GE_OQ)) << 8);
  if (mask == 0) return;
  alignas(32) float lanes[kPanel];
  _mm256_store_ps(lanes, a0);
  _mm256_store_ps(lanes + 8, a1);
  for (int j = 0; j < kPanel; ++j)
    if ((mask >> j) & 1) tops[j]->offer(static_cast<std::uint32_t>(row), lanes[j]);
  load_thresholds(tops, t0, t1);
}

// Offers rows [first, first + rows) (row-major, `d` floats each, starting at `units`) to the 16
// accumulators `tops` of one panel; panel holds the queries as d x 16 floats.
__attribute__((target("avx2,fma"))) void fused_add_panel(const float* units, std::size_t first,
                                                         std::size_t rows, int d,
                                                         const float* panel, TopK* const* tops) {
  __m256 t0, t1;
  load_thresholds(tops, t0, t1);
  std::size_t r = 0;
  for (; r + 4 <= rows; r += 4) {
    const float* u0 = units + r * static_cast<std::size_t>(d);
    const float* u1 = u0 + d;
    const float* u2 = u1 + d;
    const float* u3 = u2 + d;
    __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps();
    __m256 a10 = _mm256_setzero_ps(), a11 = _mm256_setzero_ps();
    __m256 a20 = _mm256_setzero_ps(), a21 = _mm256_setzero_ps();
    __m256 a30 = _mm256_setzero_ps(), a31 = _mm256_setzero_ps();
    for (int i = 0; i < d; ++i) {
      const __m256 q0 = _mm256_load_ps(panel + i * kPanel);
      const __m256 q1 = _mm256_load_ps(panel + i * kPanel + 8);
      const __m256 b0 = _mm256_broadcast_ss(u0 + i);
      const __m256 b1 = _mm256_broadcast_ss(u1 + i);
      const __m256 b2 = _mm256_broadcast_ss(u2 + i);
      const __m256 b3 = _mm256_broadcast_ss(u3 + i);
      a00 = _mm256_fmadd_ps(b0, q0, a00);
      a01 = _mm256_fmadd_ps(b0, q1, a01);
      a10 = _mm256_fmadd_ps(b1, q0, a10);
      a11 = _mm256_fmadd_ps(b1, q1, a11);
      a20 = _mm256_fmadd_ps(b2, q0, a20);
      a21 = _mm256_fmadd_ps(b2, q1, a21);
      a30 = _mm256_fmadd_ps(b3, q0, a30);
      a31 = _mm256_fmadd_ps(b3, q1, a31);
    }
    emit(first + r, a00, a01, tops, t0, t1);
    emit(first + r + 1, a10, a11, tops, t0, t1);
    emit(first + r + 2, a20, a21, tops, t0, t1);
    emit(first + r + 3, a30, a31, tops, t0, t1);
  }
  for (; r < rows; ++r) {
    const float* u0 = units + r * static_cast<std::size_t>(d);
    __m256 a00 = _mm256_setzero_ps(), a01 = _mm256_setzero_ps();
    for (int i = 0; i < d; ++i) {
      const __m256 b0 = _mm256_broadcast_ss(u0 + i);
      a00 = _mm256_fmadd_ps(b0, _mm256_load_ps(panel + i * kPanel), a00);
      a01 = _mm256_fmadd_ps(b0, _mm256_load_ps(panel + i * kPanel + 8), a01);
    }
    emit(first + r, a00, a01, tops, t0, t1);
  }
}
#endif

}  // namespace

bool fused_scan_available() {
#if defined(GALAXY_X86_DISPATCH)
  static const bool fma = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  }();
  return fma && current_simd_level() >= 1;
#else
  return false;
#endif
}

void fused_scan(const CosineIndex& index, std::size_t candidates, const float* queries,
                std::size_t count, std::vector<TopK>& best) {
#if defined(GALAXY_X86_DISPATCH)
  const int d = index.dims();
  const std::size_t panels = (count + kPanel - 1) / kPanel;
  // Panel p: d x 16 floats, query j of the panel in lane j (zero for padding).
  struct alignas(32) Lane {
    float v[8];
  };
  std::vector<Lane> storage(panels * static_cast<std::size_t>(d) * 2);
  auto* panel_data = reinterpret_cast<float*>(storage.data());
  std::fill(panel_data, panel_data + storage.size() * 8, 0.0f);
  std::vector<TopK*> tops(panels * kPanel, nullptr);
  for (std::size_t j = 0; j < count; ++j) {
    const std::size_t p = j / kPanel, lane = j % kPanel;
    tops[j] = &best[j];
    for (int i = 0; i < d; ++i)
      panel_data[(p * d + i) * kPanel + lane] = queries[j * static_cast<std::size_t>(d) + i];
  }
  for (std::size_t first = 0; first < candidates; first += kFusedRowChunk) {
    const std::size_t rows = std::min(kFusedRowChunk, candidates - first);
    for (std::size_t p = 0; p < panels; ++p)
      fused_add_panel(index.unit_row(first), first, rows, d, panel_data + p * d * kPanel,
                      tops.data() + p * kPanel);
  }
#else
  (void)index, (void)candidates, (void)queries, (void)count, (void)best;
#endif
}

}  // namespace galaxy::detail
