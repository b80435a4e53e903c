// The fused AVX2/FMA top-k scan (run-time dispatched): many queries against all rows of a cosine
// index at once, 4 rows x 16 queries kept in registers, compared with each query's current top-k
// threshold; only the rare rows that reach it are offered to the heap. Shared by the analogy
// evaluation (3CosAdd queries) and the kNN graph (the rows themselves as queries).
#pragma once

#include <cstddef>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/topk_internal.h"

namespace galaxy::detail {

// True when the CPU (and the kernel level chosen by set_simd_enabled) has AVX2 and FMA.
bool fused_scan_available();

// All rows < candidates against `count` queries (each dims() contiguous floats, query j at
// queries + j * dims()), offered into best[0..count). Only when fused_scan_available(). Scores are
// FMA dot products: they may differ from dot_f32 in the last bits, so callers that need the
// reference scores re-score what they keep.
void fused_scan(const CosineIndex& index, std::size_t candidates, const float* queries,
                std::size_t count, std::vector<TopK>& best);

}  // namespace galaxy::detail
