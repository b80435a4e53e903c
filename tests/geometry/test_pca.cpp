// Spec for pca3: components, variances and positions against Eigen's SVD of the centred data.
#include "geometry/pca.h"

#include <gtest/gtest.h>

#include <Eigen/QR>
#include <Eigen/SVD>
#include <cmath>
#include <random>
#include <tuple>

namespace galaxy {
namespace {

// rows x dims data with clearly separated variances along a random rotation, plus an offset.
std::vector<float> anisotropic_data(std::size_t rows, int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::MatrixXd random = Eigen::MatrixXd::NullaryExpr(dims, dims, [&] { return normal(rng); });
  const Eigen::MatrixXd rotation = Eigen::HouseholderQR<Eigen::MatrixXd>(random).householderQ();
  std::vector<float> data(rows * static_cast<std::size_t>(dims));
  Eigen::VectorXd z(dims);
  for (std::size_t r = 0; r < rows; ++r) {
    for (int j = 0; j < dims; ++j) z[j] = normal(rng) * (10.0 / (1.0 + j)) + 0.5;
    const Eigen::VectorXd x = rotation * z;
    for (int j = 0; j < dims; ++j) data[r * dims + j] = static_cast<float>(x[j] + 3.0 - j * 0.1);
  }
  return data;
}

Eigen::MatrixXd centred(const std::vector<float>& data, std::size_t rows, int dims) {
  Eigen::MatrixXd x(static_cast<Eigen::Index>(rows), dims);
  for (std::size_t r = 0; r < rows; ++r)
    for (int j = 0; j < dims; ++j) x(static_cast<Eigen::Index>(r), j) = data[r * dims + j];
  x.rowwise() -= x.colwise().mean();
  return x;
}

class PcaSizes : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(PcaSizes, MatchesSvdOfCentredData) {
  const auto [rows, dims] = GetParam();
  const std::vector<float> data = anisotropic_data(rows, dims, 17 + rows + dims);
  const PcaResult pca = pca3(data.data(), rows, dims);
  const Eigen::MatrixXd x = centred(data, rows, dims);
  const Eigen::BDCSVD<Eigen::MatrixXd> svd(x, Eigen::ComputeThinU | Eigen::ComputeThinV);
  const Eigen::VectorXd variance = svd.singularValues().array().square() / double(rows - 1);

  ASSERT_EQ(pca.positions.size(), rows * 3);
  ASSERT_EQ(pca.components.rows(), dims);
  for (int j = 0; j < dims; ++j)
    EXPECT_NEAR(pca.mean[j], x.rows() ? (data[j] - x(0, j)) : 0.0, 1e-4);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(pca.explained_variance[c], variance[c], 1e-6 * variance[0]);
    EXPECT_NEAR(pca.explained_variance_ratio[c], variance[c] / variance.sum(), 1e-8);
    EXPECT_NEAR(pca.components.col(c).norm(), 1.0, 1e-9);
    // Same axis as the SVD's right singular vector, up to sign.
    const double agreement = pca.components.col(c).dot(svd.matrixV().col(c));
    EXPECT_NEAR(std::abs(agreement), 1.0, 1e-6) << "component " << c;
    const double sign = agreement < 0 ? -1.0 : 1.0;
    for (std::size_t r = 0; r < rows; r += 1 + rows / 50) {
      const double expected =
          sign * svd.matrixU()(static_cast<Eigen::Index>(r), c) * svd.singularValues()[c];
      EXPECT_NEAR(pca.positions[r * 3 + c], expected, 1e-4 * (1.0 + std::abs(expected)));
    }
  }
}

TEST_P(PcaSizes, SignConventionIsDeterministic) {
  const auto [rows, dims] = GetParam();
  std::vector<float> data = anisotropic_data(rows, dims, 5 + rows);
  const PcaResult first = pca3(data.data(), rows, dims);
  for (int c = 0; c < 3; ++c) {
    Eigen::Index largest = 0;
    first.components.col(c).cwiseAbs().maxCoeff(&largest);
    EXPECT_GT(first.components(largest, c), 0.0) << "component " << c;
  }
  // Negating the data leaves the axes (and hence the chosen signs) alone and mirrors the positions.
  for (float& v : data) v = -v;
  const PcaResult mirrored = pca3(data.data(), rows, dims);
  EXPECT_TRUE(mirrored.components.isApprox(first.components, 1e-9));
  for (std::size_t i = 0; i < first.positions.size(); ++i)
    EXPECT_NEAR(mirrored.positions[i], -first.positions[i],
                1e-4 * (1 + std::abs(first.positions[i])));
}

INSTANTIATE_TEST_SUITE_P(Sizes, PcaSizes,
                         ::testing::Values(std::make_tuple(std::size_t{10}, 3),
                                           std::make_tuple(std::size_t{200}, 8),
                                           std::make_tuple(std::size_t{5000}, 50),
                                           std::make_tuple(std::size_t{4099}, 100)));

TEST(Pca, FewRowsOrDimsArePaddedWithZeros) {
  struct Shape {
    std::size_t rows;
    int dims;
  };
  for (const Shape s :
       {Shape{0, 4}, Shape{1, 4}, Shape{2, 5}, Shape{50, 1}, Shape{50, 2}, Shape{2, 2}}) {
    const std::vector<float> data = anisotropic_data(s.rows, s.dims, 3);
    const PcaResult pca = pca3(data.data(), s.rows, s.dims);
    ASSERT_EQ(pca.positions.size(), s.rows * 3);
    ASSERT_EQ(pca.components.rows(), s.dims);
    for (float p : pca.positions) EXPECT_TRUE(std::isfinite(p));
    EXPECT_TRUE(pca.components.allFinite());
    EXPECT_TRUE(pca.explained_variance.allFinite());
    EXPECT_TRUE(pca.explained_variance_ratio.allFinite());
    for (int c = s.dims; c < 3; ++c) {
      EXPECT_EQ(pca.components.col(c).norm(), 0.0);
      EXPECT_EQ(pca.explained_variance[c], 0.0);
      for (std::size_t r = 0; r < s.rows; ++r) EXPECT_EQ(pca.positions[r * 3 + c], 0.0f);
    }
    // Centred data of n rows spans at most n - 1 directions.
    for (int c = static_cast<int>(s.rows == 0 ? 0 : s.rows - 1); c < 3; ++c)
      EXPECT_NEAR(pca.explained_variance[c], 0.0, 1e-9);
    if (s.rows >= 2) {
      EXPECT_NEAR(pca.explained_variance_ratio.sum(), 1.0, 1e-9);
    }
  }
}

TEST(Pca, TwoPointsLieOnTheFirstAxis) {
  const std::vector<float> data = {1, 2, 3, 3, 2, 1};
  const PcaResult pca = pca3(data.data(), 2, 3);
  // Difference (2, 0, -2): unit (1, 0, -1)/sqrt(2), largest |coordinate| first -> positive x.
  EXPECT_NEAR(pca.components(0, 0), 1 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(pca.components(2, 0), -1 / std::sqrt(2.0), 1e-12);
  EXPECT_NEAR(pca.positions[0], -std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(pca.positions[3], std::sqrt(2.0), 1e-6);
  EXPECT_NEAR(pca.explained_variance[0], 4.0, 1e-12);  // |d|^2 / 2 / (n - 1)
  EXPECT_NEAR(pca.explained_variance_ratio[0], 1.0, 1e-12);
}

TEST(Pca, ProgressRisesToOne) {
  const std::vector<float> data = anisotropic_data(6000, 10, 1);
  std::vector<double> seen;
  pca3(data.data(), 6000, 10, [&](double f) { seen.push_back(f); });
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  EXPECT_EQ(seen.back(), 1.0);
}

TEST(Pca, EmbeddingOverloadUsesAllRows) {
  const std::vector<float> data = anisotropic_data(30, 4, 2);
  std::vector<std::string> words;
  for (int i = 0; i < 30; ++i) words.push_back("w" + std::to_string(i));
  const Embedding e(std::move(words), data, 4);
  const PcaResult a = pca3(e);
  const PcaResult b = pca3(data.data(), 30, 4);
  EXPECT_EQ(a.positions, b.positions);
}

}  // namespace
}  // namespace galaxy
