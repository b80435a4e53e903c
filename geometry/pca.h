// Exact PCA of all embedding rows down to 3D (the galaxy's coordinates).
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <functional>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/embedding.h"

namespace galaxy {

struct PcaResult {
  std::vector<float> positions;  // rows*3, row-major: x y z per word
  Eigen::Matrix<double, Eigen::Dynamic, 3>
      components;                            // dims x 3, unit columns (zero when dims < 3)
  Eigen::Vector3d explained_variance;        // eigenvalues / (n - 1), like sklearn
  Eigen::Vector3d explained_variance_ratio;  // of the total variance over all dims
  Eigen::VectorXd mean;                      // dims
};

// Mean-centred PCA: covariance accumulated in double over row blocks, then
// Eigen::SelfAdjointEigenSolver. Sign convention (deterministic): the largest-|value| coordinate of
// each component is positive (the first such coordinate on ties). With rows < 3 or dims < 3 the
// missing components/variances are zero. progress, if set, receives fractions in [0, 1] on the
// calling thread (an exception it throws comes out of pca3). Rows are shared by up to `threads`
// threads (0 = all cores); the result is bitwise the same for every thread count.
PcaResult pca3(const float* data, std::size_t rows, int dims,
               const std::function<void(double)>& progress = {}, unsigned threads = 0);
PcaResult pca3(const Embedding& embedding);
// PCA of the unit-normalised rows (CosineIndex::unit_data(); zero rows stay at zero): the layout
// that matches cosine similarity, where a word's length (roughly its frequency) no longer pulls it
// outwards. mean, components and positions refer to the unit vectors.
PcaResult pca3_unit(const CosineIndex& index, const std::function<void(double)>& progress = {});

}  // namespace galaxy
