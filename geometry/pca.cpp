// PCA to 3D: blocked double-precision covariance (rank updates), symmetric eigensolver, projection.
#include "geometry/pca.h"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <cmath>

#include "geometry/parallel_internal.h"

namespace galaxy {

namespace {

// Rows per block: in the float path a block's products sum at most 1024 terms per entry
// (relative error ~1e-5 at worst) before they are added into double.
constexpr std::size_t kBlockRows = 1024;
// From this many rows the sums are kept per half, [0, rows / 2) and [rows / 2, rows), so that two
// threads can fill them at once. The halves depend on `rows` alone (the result is the same for
// every thread count), and they are the halves PCA already used on two threads, so results stay
// bitwise as before.
constexpr std::size_t kMinHalvedRows = 65536;

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Runs body(part, begin, end, on_calling_thread) for the one or two parts of [0, rows) (see
// kMinHalvedRows) on up to `threads` threads.
template <typename Body>
void for_each_part(std::size_t rows, unsigned threads, Body&& body) {
  const std::size_t parts = rows >= kMinHalvedRows ? 2 : 1;
  const std::size_t bounds[3] = {0, parts == 2 ? rows / 2 : rows, rows};
  detail::for_each_block(parts, detail::row_threads(threads, rows),
                         [&](std::size_t part, bool on_calling_thread) {
                           body(part, bounds[part], bounds[part + 1], on_calling_thread);
                         });
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

// Lower triangle of the scatter matrix of rows [begin, end), blocked, accumulated into double;
// done(rows) after each block.
template <typename T, typename Done>
void add_scatter(const float* data, std::size_t begin, std::size_t end, int dims,
                 const Eigen::VectorXd& mean, Eigen::MatrixXd& scatter, Done&& done) {
  const Eigen::Matrix<T, 1, Eigen::Dynamic> mean_t = mean.transpose().cast<T>();
  RowMatrix<T> centred;
  Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic> partial(dims, dims);
  for (std::size_t b = begin; b < end; b += kBlockRows) {
    const std::size_t e = std::min(end, b + kBlockRows);
    centred_block<T>(data, b, e, dims, mean_t, centred);
    partial.setZero();
    partial.template selfadjointView<Eigen::Lower>().rankUpdate(centred.transpose());
    scatter.triangularView<Eigen::Lower>() += partial.template cast<double>();
    done(e - b);
  }
}

// positions of rows [begin, end) = centred rows * components, in T; done(rows) after each block.
template <typename T, typename Done>
void project(const float* data, std::size_t begin, std::size_t end, int dims,
             const Eigen::VectorXd& mean,
             const Eigen::Matrix<double, Eigen::Dynamic, 3>& components, float* positions,
             Done&& done) {
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
    done(e - b);
  }
}

}  // namespace

PcaResult pca3(const float* data, std::size_t rows, int dims,
               const std::function<void(double)>& progress, unsigned threads) {
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
  // Rows finished by all threads in a pass; the calling thread reports them as [from, from + span].
  std::atomic<std::size_t> finished{0};
  auto counter = [&](bool on_calling_thread, double from, double span) {
    return [&finished, &report, &progress, rows, on_calling_thread, from, span](std::size_t done) {
      const std::size_t total = finished += done;
      if (on_calling_thread && progress)
        report(from + span * static_cast<double>(total) /
                          static_cast<double>(std::max<std::size_t>(1, rows)));
    };
  };

  // Pass 1: mean (double accumulation, per part).
  {
    Eigen::VectorXd sums[2] = {Eigen::VectorXd::Zero(dims), Eigen::VectorXd::Zero(dims)};
    for_each_part(rows, threads, [&](std::size_t part, std::size_t begin, std::size_t end, bool) {
      Eigen::VectorXd& sum = sums[part];
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
  for_each_part(rows, threads,
                [&](std::size_t part, std::size_t begin, std::size_t end, bool on_calling_thread) {
                  auto done = counter(on_calling_thread, 0.05, 0.6);
                  if (use_float)
                    add_scatter<float>(data, begin, end, dims, result.mean, scatters[part], done);
                  else
                    add_scatter<double>(data, begin, end, dims, result.mean, scatters[part], done);
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

  // Pass 3: positions = centred rows * components (per part, so the blocks are those of pass 2).
  finished = 0;
  for_each_part(rows, threads,
                [&](std::size_t, std::size_t begin, std::size_t end, bool on_calling_thread) {
                  auto done = counter(on_calling_thread, 0.7, 0.3);
                  if (use_float)
                    project<float>(data, begin, end, dims, result.mean, result.components,
                                   result.positions.data(), done);
                  else
                    project<double>(data, begin, end, dims, result.mean, result.components,
                                    result.positions.data(), done);
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
