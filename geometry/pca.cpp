// PCA to 3D: blocked double-precision covariance (rank updates), symmetric eigensolver, projection.
#include "geometry/pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <thread>

namespace galaxy {

namespace {

// Rows per block: in the float path a block's products sum at most 1024 terms per entry
// (relative error ~1e-5 at worst) before they are added into double.
constexpr std::size_t kBlockRows = 1024;
// Work is split over two threads from this many rows on (rows are independent).
constexpr std::size_t kMinThreadedRows = 65536;

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Runs body(begin, end, report_progress) on [0, rows) split in two halves on two threads when
// worthwhile; only the calling thread (the first half) reports progress.
template <typename Body>
void split_rows(std::size_t rows, Body&& body) {
  if (rows >= kMinThreadedRows && std::thread::hardware_concurrency() > 1) {
    const std::size_t half = rows / 2;
    std::thread worker([&] { body(half, rows, false); });
    body(0, half, true);
    worker.join();
  } else {
    body(0, rows, true);
  }
}

// Rows from which the products run in float (per block, added into double): ~2x faster, still
// ~1e-6 relative on the covariance; smaller inputs keep the exact double path.
constexpr std::size_t kMinFloatRows = 65536;

template <typename T>
using RowMatrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Centred copy of rows [begin, end) in T.
template <typename T>
void centred_block(const float* data, std::size_t begin, std::size_t end, int dims,
                   const Eigen::Matrix<T, 1, Eigen::Dynamic>& mean, RowMatrix<T>& out) {
  Eigen::Map<const RowMatrixF> block(data + begin * static_cast<std::size_t>(dims),
                                     static_cast<Eigen::Index>(end - begin), dims);
  out = block.cast<T>().rowwise() - mean;
}

// Lower triangle of the scatter matrix of rows [begin, end), blocked, accumulated into double.
template <typename T>
void add_scatter(const float* data, std::size_t begin, std::size_t end, int dims,
                 const Eigen::VectorXd& mean, Eigen::MatrixXd& scatter,
                 const std::function<void(double)>& report) {
  const Eigen::Matrix<T, 1, Eigen::Dynamic> mean_t = mean.transpose().cast<T>();
  RowMatrix<T> centred;
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> partial(dims, dims);
  for (std::size_t b = begin; b < end; b += kBlockRows) {
    const std::size_t e = std::min(end, b + kBlockRows);
    centred_block<T>(data, b, e, dims, mean_t, centred);
    partial.setZero();
    partial.template selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
    scatter.triangularView<Eigen::Lower>() += partial.template cast<double>();
    if (report)
      report(static_cast<double>(e - begin) /
             static_cast<double>(std::max<std::size_t>(1, end - begin)));
  }
}

// positions of rows [begin, end) = centred rows * components, in T.
template <typename T>
void project(const float* data, std::size_t begin, std::size_t end, int dims,
             const Eigen::VectorXd& mean,
             const Eigen::Matrix<double, Eigen::Dynamic, 3>& components, float* positions,
             const std::function<void(double)>& report) {
  const Eigen::Matrix<T, 1, Eigen::Dynamic> mean_t = mean.transpose().cast<T>();
  const Eigen::Matrix<T, Eigen::Dynamic, 3> components_t = components.cast<T>();
  RowMatrix<T> centred;
  RowMatrix<T> projected;
  for (std::size_t b = begin; b < end; b += kBlockRows) {
    const std::size_t e = std::min(end, b + kBlockRows);
    centred_block<T>(data, b, e, dims, mean_t, centred);
    projected.noalias() = centred * components_t;
    Eigen::Map<RowMatrixF>(positions + b * 3, static_cast<Eigen::Index>(e - b), 3) =
        projected.template cast<float>();
    if (report)
      report(static_cast<double>(e - begin) /
             static_cast<double>(std::max<std::size_t>(1, end - begin)));
  }
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

  // Pass 1: mean (double accumulation, per half).
  {
    Eigen::VectorXd sums[2] = {Eigen::VectorXd::Zero(dims), Eigen::VectorXd::Zero(dims)};
    split_rows(rows, [&](std::size_t begin, std::size_t end, bool first) {
      Eigen::VectorXd& sum = sums[first ? 0 : 1];
      for (std::size_t r = begin; r < end; ++r) {
        const float* row = data + r * static_cast<std::size_t>(dims);
        for (int j = 0; j < dims; ++j) sum[j] += row[j];
      }
    });
    result.mean = sums[0] + sums[1];
    if (rows > 0) result.mean /= static_cast<double>(rows);
  }
  report(0.05);

  // Pass 2: scatter matrix X^T X of the centred rows, per block (float products from
  // kMinFloatRows rows, double below), added into double; only the lower triangle is updated.
  const bool use_float = rows >= kMinFloatRows;
  Eigen::MatrixXd scatters[2] = {Eigen::MatrixXd::Zero(dims, dims),
                                 Eigen::MatrixXd::Zero(dims, dims)};
  split_rows(rows, [&](std::size_t begin, std::size_t end, bool first) {
    std::function<void(double)> part;
    if (first && progress) part = [&](double f) { report(0.05 + 0.6 * f); };
    if (use_float)
      add_scatter<float>(data, begin, end, dims, result.mean, scatters[first ? 0 : 1], part);
    else
      add_scatter<double>(data, begin, end, dims, result.mean, scatters[first ? 0 : 1], part);
  });
  Eigen::MatrixXd scatter = scatters[0] + scatters[1];
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
  split_rows(rows, [&](std::size_t begin, std::size_t end, bool first) {
    std::function<void(double)> part;
    if (first && progress) part = [&](double f) { report(0.7 + 0.3 * f); };
    if (use_float)
      project<float>(data, begin, end, dims, result.mean, result.components,
                     result.positions.data(), part);
    else
      project<double>(data, begin, end, dims, result.mean, result.components,
                      result.positions.data(), part);
  });
  report(1.0);
  return result;
}

PcaResult pca3(const Embedding& embedding) {
  return pca3(embedding.data(), embedding.rows(), embedding.dims());
}

PcaResult pca3_unit(const CosineIndex& index, const std::function<void(double)>& progress) {
  return pca3(index.unit_data(), index.rows(), index.dims(), progress);
}

}  // namespace galaxy
