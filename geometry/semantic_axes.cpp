// Semantic axes: expression -> unit direction, then one blocked float product of the unit rows with
// the axis directions.
#include "geometry/semantic_axes.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>

#include "geometry/parallel_internal.h"

namespace galaxy {

namespace {

// Rows per block: 4096 x 100 floats (1.6 MB) of input stay in cache while the axes are applied.
constexpr std::size_t kBlockRows = 4096;

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

}  // namespace

SemanticAxis make_semantic_axis(const CosineIndex& index, std::string_view expression) {
  SemanticAxis axis;
  axis.expression = std::string(expression);
  axis.terms = parse_expression(expression);
  const int d = index.dims();
  const std::vector<double> sum = weighted_unit_sum(index, axis.terms);
  double total_weight = 0.0;
  for (const WeightedTerm& term : axis.terms) total_weight += std::abs(term.weight);
  double norm = 0.0;
  for (double v : sum) norm += v * v;
  norm = std::sqrt(norm);
  // Terms that cancel leave only float rounding noise: normalising that would point the axis
  // somewhere arbitrary, so it counts as no direction at all.
  if (!(norm > 1e-6 * total_weight) || !std::isfinite(norm)) {
    throw DataError("axis '" + axis.expression +
                    "' has no direction: its terms cancel out (or its words are zero vectors)");
  }
  axis.direction = normalized(sum.data(), d);
  return axis;
}

std::vector<SemanticAxis> make_semantic_axes(const CosineIndex& index,
                                             const std::vector<std::string>& expressions) {
  std::vector<SemanticAxis> axes;
  for (std::size_t a = 0; a < expressions.size(); ++a) {
    const std::string name = a < 3 ? std::string(1, "XYZ"[a]) : "axis " + std::to_string(a + 1);
    try {
      axes.push_back(make_semantic_axis(index, expressions[a]));
    } catch (const DataError& error) {
      throw DataError(name + (a < 3 ? " axis: " : ": ") + error.what());
    }
  }
  return axes;
}

std::vector<float> semantic_axis_coordinates(const CosineIndex& index,
                                             const std::vector<SemanticAxis>& axes) {
  const std::size_t rows = index.rows();
  const int d = index.dims();
  const auto n_axes = static_cast<Eigen::Index>(axes.size());
  std::vector<float> out(rows * axes.size(), 0.0f);
  if (rows == 0 || axes.empty() || d == 0) return out;

  Eigen::MatrixXf directions(d, n_axes);  // dims x axes: one unit column per axis
  for (Eigen::Index a = 0; a < n_axes; ++a) {
    const auto& direction = axes[static_cast<std::size_t>(a)].direction;
    if (direction.size() != static_cast<std::size_t>(d))
      throw DataError("axis '" + axes[static_cast<std::size_t>(a)].expression + "' has " +
                      std::to_string(direction.size()) + " dimensions, the vectors have " +
                      std::to_string(d));
    directions.col(a) = Eigen::Map<const Eigen::VectorXf>(direction.data(), d);
  }
  // Unit rows times unit directions: the cosines themselves, no per-row division needed.
  detail::for_each_row_block(rows, kBlockRows, 0, [&](std::size_t begin, std::size_t end) {
    const auto n = static_cast<Eigen::Index>(end - begin);
    Eigen::Map<const RowMatrixF> block(index.unit_row(begin), n, d);
    Eigen::Map<RowMatrixF> result(out.data() + begin * axes.size(), n, n_axes);
    result.noalias() = block * directions;
  });
  return out;
}

}  // namespace galaxy
