// Bounded best-k selection shared by the cosine searches: best first, ties broken by the lower row.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy::detail {

// True when `a` ranks before `b`: higher score, then lower row.
inline bool ranks_before(const Neighbor& a, const Neighbor& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

// Keeps the best `k` offered candidates in a heap whose top is the worst kept one, so most offers
// are rejected by one comparison. NaN scores are never kept.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(k); }

  std::size_t capacity() const { return k_; }
  std::size_t size() const { return heap_.size(); }

  void offer(std::uint32_t row, float score) {
    if (k_ == 0 || std::isnan(score)) return;
    const Neighbor candidate{row, score};
    if (heap_.size() < k_) {
      heap_.push_back(candidate);
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    } else if (ranks_before(candidate, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
      heap_.back() = candidate;
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    }
  }

  // Score a candidate must reach (>=) to possibly be kept: the worst kept score once full, -inf
  // before. Lets scans skip offer() for most rows.
  float threshold() const {
    return heap_.size() < k_ ? -std::numeric_limits<float>::infinity() : heap_.front().score;
  }

  // Best first; leaves the accumulator empty.
  std::vector<Neighbor> take_sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
    std::vector<Neighbor> out;
    out.swap(heap_);
    return out;
  }

 private:
  std::size_t k_;
  std::vector<Neighbor> heap_;  // max-heap under ranks_before: front() is the worst kept
};

// --- Search kernels (cosine_index.cpp), dispatched at run time (see set_simd_enabled)
// -------------

// The reference float32 dot product of every exact cosine search: 8 interleaved lanes (lane j sums
// the elements i = j mod 8 in order, a product rounded then added), a zero-padded last chunk, then
// lanes (j, j+4), (j, j+2), (0, 1) added. The AVX2 and scalar versions are bitwise identical.
float dot_f32(const float* a, const float* b, int dims);
float dot_f32_scalar(const float* a, const float* b, int dims);

// Kernel level used from now on: 0 scalar, 1 AVX2, 2 AVX2 + AVX-512 VNNI, capped by what the CPU
// supports; returns the level set. (set_simd_enabled(true) picks the best level.)
int set_simd_level(int level);
int current_simd_level();

// Rows per block and dimensions per group of the int8 code layout.
constexpr int kCodeBlockRows = 8;
constexpr int kCodeGroupDims = 4;
// Exact int32 dot products of `blocks` blocks of 8 rows (each `groups` x 32 bytes, codes in
// [-127, 127]) with a query whose group g is the 4 bytes of query_groups[g]: out[8 * b + lane].
void int8_block_dots(const std::int8_t* codes, std::size_t blocks, int groups,
                     const std::int32_t* query_groups, std::int32_t* out);
void int8_block_dots_scalar(const std::int8_t* codes, std::size_t blocks, int groups,
                            const std::int32_t* query_groups, std::int32_t* out);

}  // namespace galaxy::detail
