// Word analogies: 3CosAdd as one cosine query, 3CosMul from three cosine columns of one matrix
// product.
#include "geometry/analogy.h"

#include <Eigen/Core>
#include <cassert>

#include "geometry/topk_internal.h"

namespace galaxy {

const char* analogy_method_name(AnalogyMethod method) {
  return analogy_method_names()[static_cast<std::size_t>(method)].c_str();
}

std::optional<AnalogyMethod> parse_analogy_method(const std::string& name) {
  if (name == "3cosadd") return AnalogyMethod::Add;
  if (name == "3cosmul") return AnalogyMethod::Mul;
  const std::vector<std::string>& names = analogy_method_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (name == names[i]) return static_cast<AnalogyMethod>(i);
  return std::nullopt;
}

std::vector<float> analogy_add_query(const CosineIndex& index, std::uint32_t a, std::uint32_t b,
                                     std::uint32_t c) {
  const int d = index.dims();
  std::vector<double> sum(static_cast<std::size_t>(d));
  const float* ua = index.unit_row(a);
  const float* ub = index.unit_row(b);
  const float* uc = index.unit_row(c);
  for (int i = 0; i < d; ++i)
    sum[i] = static_cast<double>(ub[i]) + static_cast<double>(uc[i]) - static_cast<double>(ua[i]);
  return normalized(sum.data(), d);
}

std::vector<Neighbor> solve_analogy(const CosineIndex& index, std::uint32_t a, std::uint32_t b,
                                    std::uint32_t c, const AnalogyOptions& options) {
  assert(a < index.rows() && b < index.rows() && c < index.rows() &&
         "solve_analogy: row out of range");
  std::vector<std::uint32_t> exclude;
  if (!options.include_inputs) exclude = {a, b, c};

  if (options.method == AnalogyMethod::Add) {
    const std::vector<float> query = analogy_add_query(index, a, b, c);
    return index.nearest(query.data(), options.k, exclude, options.restrict);
  }

  // Mul: cosines with a, b and c for every candidate row in one (n x d) * (d x 3) product.
  const std::size_t n = index.candidate_rows(options.restrict);
  const int d = index.dims();
  using RowMatrix = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  Eigen::Map<const RowMatrix> units(index.unit_data(), static_cast<Eigen::Index>(n), d);
  Eigen::MatrixXf inputs(d, 3);
  inputs.col(0) = Eigen::Map<const Eigen::VectorXf>(index.unit_row(a), d);
  inputs.col(1) = Eigen::Map<const Eigen::VectorXf>(index.unit_row(b), d);
  inputs.col(2) = Eigen::Map<const Eigen::VectorXf>(index.unit_row(c), d);
  Eigen::MatrixXf cosines(static_cast<Eigen::Index>(n), 3);
  if (n > 0 && d > 0) {
    cosines.noalias() = units * inputs;
  } else {
    cosines.setZero();
  }
  std::vector<float> scores(n);
  for (std::size_t r = 0; r < n; ++r) {
    const auto i = static_cast<Eigen::Index>(r);
    scores[r] = cosmul_score(cosines(i, 0), cosines(i, 1), cosines(i, 2));
  }
  return top_k(scores, options.k, exclude);
}

}  // namespace galaxy
