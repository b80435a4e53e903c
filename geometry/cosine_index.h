// CosineIndex: unit-normalised copy of an Embedding's vectors with exact top-k cosine search.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "geometry/embedding.h"

namespace galaxy {

struct Neighbor {
  std::uint32_t row;
  float score;
};

// Holds a float32 copy of every row scaled to unit length (plus an int8 copy, ~1/4 of its size,
// for the first pass of nearest()) (zero rows stay zero, so their cosine
// with anything is 0, never NaN). All const methods are thread-safe: they only allocate local
// buffers.
class CosineIndex {
 public:
  // Keeps a reference: the Embedding must outlive the index. The index is built, and large
  // searches are scanned, on up to `threads` threads (0 = all cores); results are bitwise the same
  // for every thread count.
  explicit CosineIndex(const Embedding& embedding, unsigned threads = 0);

  CosineIndex(const CosineIndex&) = delete;
  CosineIndex& operator=(const CosineIndex&) = delete;
  CosineIndex(CosineIndex&&) noexcept = default;

  const Embedding& embedding() const { return *embedding_; }
  std::size_t rows() const { return rows_; }
  int dims() const { return dims_; }
  // rows() * dims() contiguous row-major floats.
  const float* unit_data() const { return unit_.data(); }
  const float* unit_row(std::size_t row) const {
    return unit_.data() + row * static_cast<std::size_t>(dims_);
  }

  // Cosine of two rows (0 when either is a zero vector).
  float similarity(std::uint32_t a, std::uint32_t b) const;

  // Exact top-k by cosine to `query` (dims() floats, any length), best first, ties by lower row.
  // Rows in `exclude` are never returned. restrict > 0: only rows < restrict are candidates.
  // A zero query scores every row 0 (the first k non-excluded rows are returned).
  // Scores are the float32 reference dot product (detail::dot_f32) of the unit row and the unit
  // query; large searches first bound every score with an int8 scan and re-rank only the rows that
  // can reach the top k, so the answer is exactly that of scanning every row in float32.
  std::vector<Neighbor> nearest(const float* query, std::size_t k,
                                const std::vector<std::uint32_t>& exclude = {},
                                std::size_t restrict = 0) const;
  // The k nearest rows to `row`, the row itself excluded.
  std::vector<Neighbor> nearest_to_word(std::uint32_t row, std::size_t k) const;
  // The same on the calling thread only: for callers that already run one search per thread (the
  // kNN graph), where a search starting threads of its own would only add their start-up cost.
  std::vector<Neighbor> nearest_to_word_on_this_thread(std::uint32_t row, std::size_t k) const;

  // Cosine of `query` (normalised here) with every row < candidate_rows(restrict).
  std::vector<float> scores(const float* query, std::size_t restrict = 0) const;
  // Rows searched for a given restrict value: min(restrict, rows()), or rows() when restrict is 0.
  std::size_t candidate_rows(std::size_t restrict) const {
    return restrict == 0 || restrict > rows_ ? rows_ : restrict;
  }

 private:
  std::vector<Neighbor> nearest_on(unsigned threads, const float* query, std::size_t k,
                                   const std::vector<std::uint32_t>& exclude,
                                   std::size_t restrict) const;
  std::vector<Neighbor> nearest_full_scan(const float* unit_query, std::size_t n, std::size_t k,
                                          const std::vector<std::uint32_t>& exclude) const;

  const Embedding* embedding_;
  std::size_t rows_ = 0;
  int dims_ = 0;
  unsigned threads_ = 0;
  std::vector<float> unit_;
  // int8 copy of unit_ for the first, pruning pass of nearest(): row r ~ code_scale_[r] * codes,
  // with ||unit row - scale * codes|| <= code_error_[r]. Blocks of 8 rows; inside a block, groups
  // of 4 dimensions, each group 8 rows x 4 bytes (see cosine_index.cpp). Per-row arrays are
  // padded with zeros to whole blocks.
  std::vector<std::int8_t> codes_;
  std::vector<float> code_scale_;
  std::vector<float> code_error_;
  std::vector<std::int32_t> code_sum_;  // sum of each row's codes (the VNNI kernel needs it)
};

// Search kernels are dispatched at run time: AVX2 when the CPU supports it, otherwise portable
// scalar code; both give bitwise identical results. set_simd_enabled(false) forces the scalar
// kernels (the tests run both); the environment variable GALAXY_NO_SIMD=1 does the same at start.
void set_simd_enabled(bool enabled);
// True when the AVX2 kernels are in use (supported by the CPU and not disabled).
bool simd_enabled();

// Unit-length float copy of `v` computed in double (zero stays zero).
std::vector<float> normalized(const double* v, int dims);
std::vector<float> normalized(const float* v, int dims);

// Best `k` of `scores` (index = row) skipping `exclude`, best first, ties by lower row.
std::vector<Neighbor> top_k(const std::vector<float>& scores, std::size_t k,
                            const std::vector<std::uint32_t>& exclude = {});

}  // namespace galaxy
