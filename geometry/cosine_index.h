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

// Holds a float32 copy of every row scaled to unit length (zero rows stay zero, so their cosine
// with anything is 0, never NaN). All const methods are thread-safe: they only allocate local
// buffers.
class CosineIndex {
 public:
  // Keeps a reference: the Embedding must outlive the index.
  explicit CosineIndex(const Embedding& embedding);

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
  std::vector<Neighbor> nearest(const float* query, std::size_t k,
                                const std::vector<std::uint32_t>& exclude = {},
                                std::size_t restrict = 0) const;
  // The k nearest rows to `row`, the row itself excluded.
  std::vector<Neighbor> nearest_to_word(std::uint32_t row, std::size_t k) const;

  // Cosine of `query` (normalised here) with every row < candidate_rows(restrict).
  std::vector<float> scores(const float* query, std::size_t restrict = 0) const;
  // Rows searched for a given restrict value: min(restrict, rows()), or rows() when restrict is 0.
  std::size_t candidate_rows(std::size_t restrict) const {
    return restrict == 0 || restrict > rows_ ? rows_ : restrict;
  }

 private:
  const Embedding* embedding_;
  std::size_t rows_ = 0;
  int dims_ = 0;
  std::vector<float> unit_;
};

// Unit-length float copy of `v` computed in double (zero stays zero).
std::vector<float> normalized(const double* v, int dims);
std::vector<float> normalized(const float* v, int dims);

// Best `k` of `scores` (index = row) skipping `exclude`, best first, ties by lower row.
std::vector<Neighbor> top_k(const std::vector<float>& scores, std::size_t k,
                            const std::vector<std::uint32_t>& exclude = {});

}  // namespace galaxy
