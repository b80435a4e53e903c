// Word comparison: cosine and angle of two words, computed in double from their raw vectors.
#include "geometry/word_compare.h"

#include <algorithm>
#include <cmath>

namespace galaxy {

namespace {
constexpr double kPi = 3.14159265358979323846;
}  // namespace

WordComparison compare_words(const CosineIndex& index, std::string_view a, std::string_view b) {
  const Embedding& e = index.embedding();
  WordComparison result;
  result.row_a = e.require(a);
  result.row_b = e.require(b);
  const int d = e.dims();
  result.a.assign(e.row(result.row_a), e.row(result.row_a) + d);
  result.b.assign(e.row(result.row_b), e.row(result.row_b) + d);
  double dot = 0.0, norm_a = 0.0, norm_b = 0.0;
  for (int j = 0; j < d; ++j) {
    dot += static_cast<double>(result.a[j]) * result.b[j];
    norm_a += static_cast<double>(result.a[j]) * result.a[j];
    norm_b += static_cast<double>(result.b[j]) * result.b[j];
  }
  if (norm_a > 0.0 && norm_b > 0.0) {
    // Rounding can push |cos| of (anti)parallel vectors just past 1, where acos is NaN.
    result.cosine = std::clamp(dot / std::sqrt(norm_a * norm_b), -1.0, 1.0);
  }
  result.angle_degrees = std::acos(result.cosine) * 180.0 / kPi;
  return result;
}

}  // namespace galaxy
