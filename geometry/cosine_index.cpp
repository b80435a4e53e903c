// CosineIndex: normalisation, one Eigen matrix-vector product per query, bounded-heap top-k
// selection.
#include "geometry/cosine_index.h"

#include <Eigen/Core>
#include <algorithm>
#include <cassert>
#include <cmath>

#include "geometry/topk_internal.h"

namespace galaxy {

namespace {

using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

template <typename T>
std::vector<float> normalized_impl(const T* v, int dims) {
  double sum = 0;
  for (int i = 0; i < dims; ++i) sum += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  std::vector<float> out(static_cast<std::size_t>(dims), 0.0f);
  if (sum > 0 && std::isfinite(sum)) {
    const double inv = 1.0 / std::sqrt(sum);
    for (int i = 0; i < dims; ++i) out[i] = static_cast<float>(static_cast<double>(v[i]) * inv);
  }
  return out;
}

}  // namespace

std::vector<float> normalized(const double* v, int dims) {
  return normalized_impl(v, dims);
}
std::vector<float> normalized(const float* v, int dims) {
  return normalized_impl(v, dims);
}

CosineIndex::CosineIndex(const Embedding& embedding)
    : embedding_(&embedding), rows_(embedding.rows()), dims_(embedding.dims()) {
  const auto d = static_cast<std::size_t>(dims_);
  unit_.resize(rows_ * d);
  for (std::size_t r = 0; r < rows_; ++r) {
    const std::vector<float> unit = normalized(embedding.row(r), dims_);
    std::copy(unit.begin(), unit.end(), unit_.begin() + static_cast<std::ptrdiff_t>(r * d));
  }
}

float CosineIndex::similarity(std::uint32_t a, std::uint32_t b) const {
  assert(a < rows_ && b < rows_ && "similarity: row out of range");
  const float* x = unit_row(a);
  const float* y = unit_row(b);
  double dot = 0;
  for (int i = 0; i < dims_; ++i) dot += static_cast<double>(x[i]) * y[i];
  return static_cast<float>(dot);
}

std::vector<float> CosineIndex::scores(const float* query, std::size_t restrict) const {
  const std::size_t n = candidate_rows(restrict);
  std::vector<float> out(n, 0.0f);
  if (n == 0 || dims_ == 0) return out;
  const std::vector<float> q = normalized(query, dims_);
  Eigen::Map<const RowMatrix> units(unit_.data(), static_cast<Eigen::Index>(n), dims_);
  Eigen::Map<const Eigen::VectorXf> qv(q.data(), dims_);
  Eigen::Map<Eigen::VectorXf> sv(out.data(), static_cast<Eigen::Index>(n));
  sv.noalias() = units * qv;
  return out;
}

std::vector<Neighbor> top_k(const std::vector<float>& scores, std::size_t k,
                            const std::vector<std::uint32_t>& exclude) {
  detail::TopK best(std::min(k, scores.size()));
  if (best.capacity() == 0) return {};
  std::vector<std::uint32_t> skip(exclude);
  std::sort(skip.begin(), skip.end());
  auto next_skip = skip.begin();
  const auto n = static_cast<std::uint32_t>(scores.size());
  for (std::uint32_t r = 0; r < n; ++r) {
    while (next_skip != skip.end() && *next_skip < r) ++next_skip;
    if (next_skip != skip.end() && *next_skip == r) continue;
    best.offer(r, scores[r]);
  }
  return best.take_sorted();
}

std::vector<Neighbor> CosineIndex::nearest(const float* query, std::size_t k,
                                           const std::vector<std::uint32_t>& exclude,
                                           std::size_t restrict) const {
  if (k == 0) return {};
  return top_k(scores(query, restrict), k, exclude);
}

std::vector<Neighbor> CosineIndex::nearest_to_word(std::uint32_t row, std::size_t k) const {
  assert(row < rows_ && "nearest_to_word: row out of range");
  return nearest(unit_row(row), k, {row});
}

}  // namespace galaxy
