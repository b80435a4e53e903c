// PCA to 3D: blocked double-precision covariance (rank updates), symmetric eigensolver, projection.
#include "geometry/pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

namespace galaxy {

namespace {

constexpr std::size_t kBlockRows = 2048;

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Centred rows [begin, end) converted to double.
Eigen::MatrixXd centred_block(const float* data, std::size_t begin, std::size_t end, int dims,
                              const Eigen::VectorXd& mean) {
  Eigen::Map<const RowMatrixF> block(data + begin * static_cast<std::size_t>(dims),
                                     static_cast<Eigen::Index>(end - begin), dims);
  Eigen::MatrixXd centred = block.cast<double>();
  centred.rowwise() -= mean.transpose();
  return centred;
}

}  // namespace

PcaResult pca3(const float* data, std::size_t rows, int dims,
               const std::function<void(double)>& progress) {
  auto report = [&](double fraction) {
    if (progress) progress(fraction);
  };
  PcaResult result;
  result.positions.assign(rows * 3, 0.0f);
  result.components.setZero(dims, 3);
  result.explained_variance.setZero();
  result.explained_variance_ratio.setZero();
  result.mean.setZero(dims);
  if (dims <= 0) {
    report(1.0);
    return result;
  }

  // Pass 1: mean (double accumulation).
  for (std::size_t r = 0; r < rows; ++r) {
    const float* row = data + r * static_cast<std::size_t>(dims);
    for (int j = 0; j < dims; ++j) result.mean[j] += row[j];
  }
  if (rows > 0) result.mean /= static_cast<double>(rows);
  report(0.05);

  // Pass 2: scatter matrix X^T X of the centred rows; only the lower triangle is updated.
  Eigen::MatrixXd scatter = Eigen::MatrixXd::Zero(dims, dims);
  for (std::size_t begin = 0; begin < rows; begin += kBlockRows) {
    const std::size_t end = std::min(rows, begin + kBlockRows);
    const Eigen::MatrixXd centred = centred_block(data, begin, end, dims, result.mean);
    scatter.selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
    report(0.05 + 0.6 * static_cast<double>(end) / static_cast<double>(rows));
  }
  scatter = scatter.selfadjointView<Eigen::Lower>();

  // Eigenvalues come in increasing order: the last three columns are the top components.
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(scatter);
  const int kept = std::min(dims, 3);
  const double denominator = rows > 1 ? static_cast<double>(rows - 1) : 1.0;
  const double total = std::max(0.0, scatter.trace());
  for (int c = 0; c < kept; ++c) {
    const int source = dims - 1 - c;
    Eigen::VectorXd component = solver.eigenvectors().col(source);
    Eigen::Index largest = 0;
    component.cwiseAbs().maxCoeff(&largest);  // first index of the maximum
    if (component[largest] < 0) component = -component;
    result.components.col(c) = component;
    const double eigenvalue = std::max(0.0, solver.eigenvalues()[source]);
    result.explained_variance[c] = rows > 1 ? eigenvalue / denominator : 0.0;
    result.explained_variance_ratio[c] = total > 0 ? eigenvalue / total : 0.0;
  }
  report(0.7);

  // Pass 3: positions = centred rows * components.
  for (std::size_t begin = 0; begin < rows; begin += kBlockRows) {
    const std::size_t end = std::min(rows, begin + kBlockRows);
    const Eigen::MatrixXd projected =
        centred_block(data, begin, end, dims, result.mean) * result.components;
    for (std::size_t r = begin; r < end; ++r)
      for (int c = 0; c < 3; ++c)
        result.positions[r * 3 + c] =
            static_cast<float>(projected(static_cast<Eigen::Index>(r - begin), c));
    report(0.7 + 0.3 * static_cast<double>(end) / static_cast<double>(rows));
  }
  report(1.0);
  return result;
}

PcaResult pca3(const Embedding& embedding) {
  return pca3(embedding.data(), embedding.rows(), embedding.dims());
}

}  // namespace galaxy
