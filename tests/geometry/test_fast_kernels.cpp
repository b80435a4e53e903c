// The run-time dispatched search kernels: AVX2 and scalar agree bitwise, and the two-pass (int8
// bound, float32 re-rank) top-k returns exactly the float32 full scan's answer.
#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "geometry/analogy.h"
#include "geometry/cosine_index.h"
#include "geometry/evaluate.h"
#include "geometry/pca.h"
#include "geometry/topk_internal.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

// Restores the dispatch state on scope exit.
struct SimdGuard {
  int saved = detail::current_simd_level();
  ~SimdGuard() { detail::set_simd_level(saved); }
};

std::vector<float> random_floats(std::size_t count, unsigned seed, float sigma = 1.0f) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, sigma);
  std::vector<float> out(count);
  for (float& x : out) x = normal(rng);
  return out;
}

// Clustered rows (so neighbours are close and bounds are tested near ties) plus exact duplicates
// and zero rows.
Embedding clustered_embedding(std::size_t rows, int dims, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  const std::vector<float> centres = random_floats(16 * static_cast<std::size_t>(dims), seed + 1);
  std::vector<float> data(rows * static_cast<std::size_t>(dims));
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t c = r % 16;
    for (int i = 0; i < dims; ++i) data[r * dims + i] = centres[c * dims + i] + 0.3f * normal(rng);
  }
  for (std::size_t r = 100; r < rows; r += 997)  // duplicates of earlier rows: exact score ties
    std::memcpy(&data[r * dims], &data[(r - 50) * dims], sizeof(float) * dims);
  std::memset(&data[7 * dims], 0, sizeof(float) * dims);  // a zero row
  std::vector<std::string> words(rows);
  for (std::size_t r = 0; r < rows; ++r) words[r] = "w" + std::to_string(r);
  return Embedding(std::move(words), std::move(data), dims);
}

std::vector<Neighbor> reference(const CosineIndex& index, const float* query, std::size_t k,
                                const std::vector<std::uint32_t>& exclude = {},
                                std::size_t restrict = 0) {
  return top_k(index.scores(query, restrict), k, exclude);
}

void expect_same(const std::vector<Neighbor>& got, const std::vector<Neighbor>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].row, want[i].row) << "rank " << i;
    EXPECT_EQ(got[i].score, want[i].score) << "rank " << i;
  }
}

TEST(FastKernels, DotScalarAndDispatchedAgreeBitwise) {
  SimdGuard guard;
  for (int dims : {1, 3, 7, 8, 9, 16, 25, 50, 100, 300}) {
    const std::vector<float> a = random_floats(dims, 10 + dims);
    const std::vector<float> b = random_floats(dims, 20 + dims);
    const float scalar = detail::dot_f32_scalar(a.data(), b.data(), dims);
    set_simd_enabled(true);
    const float fast = detail::dot_f32(a.data(), b.data(), dims);
    set_simd_enabled(false);
    const float forced = detail::dot_f32(a.data(), b.data(), dims);
    EXPECT_EQ(std::memcmp(&scalar, &fast, sizeof(float)), 0) << dims;
    EXPECT_EQ(std::memcmp(&scalar, &forced, sizeof(float)), 0) << dims;
    double exact = 0;
    for (int i = 0; i < dims; ++i) exact += static_cast<double>(a[i]) * b[i];
    EXPECT_NEAR(scalar, exact, 1e-4 * dims);
  }
}

TEST(FastKernels, Int8BlockDotsMatchNaive) {
  SimdGuard guard;
  const int groups = 25;
  const std::size_t blocks = 5;
  std::mt19937 rng(3);
  std::uniform_int_distribution<int> code(-127, 127);
  std::vector<std::int8_t> codes(blocks * groups * 32);
  for (auto& c : codes) c = static_cast<std::int8_t>(code(rng));
  codes[0] = 127;
  codes[1] = -127;
  std::vector<std::int8_t> q(groups * 4);
  for (auto& c : q) c = static_cast<std::int8_t>(code(rng));
  q[0] = -127;
  q[1] = -127;
  std::vector<std::int32_t> qg(groups);
  std::memcpy(qg.data(), q.data(), q.size());
  std::vector<std::int32_t> naive(blocks * 8, 0);
  for (std::size_t b = 0; b < blocks; ++b)
    for (int lane = 0; lane < 8; ++lane)
      for (int g = 0; g < groups; ++g)
        for (int j = 0; j < 4; ++j)
          naive[b * 8 + lane] += codes[(b * groups + g) * 32 + lane * 4 + j] * q[g * 4 + j];
  std::vector<std::int32_t> scalar(blocks * 8), fast(blocks * 8);
  detail::int8_block_dots_scalar(codes.data(), blocks, groups, qg.data(), scalar.data());
  set_simd_enabled(true);
  detail::int8_block_dots(codes.data(), blocks, groups, qg.data(), fast.data());
  EXPECT_EQ(scalar, naive);
  EXPECT_EQ(fast, naive);
}

TEST(FastKernels, PrunedTopKEqualsFullFloatScanOnBothPaths) {
  SimdGuard guard;
  for (int dims : {5, 37, 100}) {
    const Embedding e = clustered_embedding(9000, dims, static_cast<unsigned>(dims));
    const CosineIndex index(e);
    // 2: AVX-512 VNNI scan, 1: AVX2, 0: scalar (levels the CPU lacks fall back, still exact).
    for (int simd : {2, 1, 0}) {
      detail::set_simd_level(simd);
      for (std::uint32_t row : {0u, 1u, 7u, 150u, 4321u, 8999u}) {
        const float* q = index.unit_row(row);
        SCOPED_TRACE("dims " + std::to_string(dims) + " row " + std::to_string(row) + " simd " +
                     std::to_string(simd));
        expect_same(index.nearest(q, 10), reference(index, q, 10));
        expect_same(index.nearest(q, 25, {row, 3, 4}), reference(index, q, 25, {row, 3, 4}));
        expect_same(index.nearest(q, 10, {}, 6000), reference(index, q, 10, {}, 6000));
        expect_same(index.nearest_to_word(row, 10), reference(index, q, 10, {row}));
      }
      // A query that is not a row, of arbitrary length.
      std::vector<float> q = random_floats(static_cast<std::size_t>(dims), 99);
      for (float& x : q) x *= 37.0f;
      expect_same(index.nearest(q.data(), 10), reference(index, q.data(), 10));
    }
  }
}

TEST(FastKernels, ScoresAndAnalogiesIdenticalOnBothPaths) {
  SimdGuard guard;
  const Embedding e = clustered_embedding(5000, 100, 5);
  const CosineIndex index(e);
  set_simd_enabled(true);
  const std::vector<float> fast = index.scores(index.unit_row(11));
  const std::vector<Neighbor> fast_add = solve_analogy(index, 1, 2, 3);
  set_simd_enabled(false);
  const std::vector<float> scalar = index.scores(index.unit_row(11));
  const std::vector<Neighbor> scalar_add = solve_analogy(index, 1, 2, 3);
  ASSERT_EQ(fast.size(), scalar.size());
  EXPECT_EQ(std::memcmp(fast.data(), scalar.data(), sizeof(float) * fast.size()), 0);
  expect_same(fast_add, scalar_add);
}

// The fused AVX2/FMA 3CosAdd evaluation scan and the scalar/Eigen path agree on the predictions.
TEST(FastKernels, EvaluationSameOnBothPaths) {
  SimdGuard guard;
  const Embedding e = clustered_embedding(6000, 50, 8);
  const CosineIndex index(e);
  std::string text = ": first\n";
  std::mt19937 rng(4);
  std::uniform_int_distribution<int> word(0, 5999);
  for (int i = 0; i < 300; ++i) {
    if (i == 150) text += ": second\n";
    for (int j = 0; j < 4; ++j) text += "w" + std::to_string(word(rng)) + (j < 3 ? " " : "\n");
  }
  const testing::TempDir dir;
  const std::string path = dir.write("questions.txt", text);
  set_simd_enabled(true);
  const AnalogyEvaluation fast = evaluate_analogies(index, path, 5000);
  set_simd_enabled(false);
  const AnalogyEvaluation slow = evaluate_analogies(index, path, 5000);
  ASSERT_EQ(fast.sections.size(), slow.sections.size());
  for (std::size_t i = 0; i < fast.sections.size(); ++i) {
    EXPECT_EQ(fast.sections[i].correct, slow.sections[i].correct);
    EXPECT_EQ(fast.sections[i].answered, slow.sections[i].answered);
  }
  EXPECT_EQ(fast.total.correct, slow.total.correct);
  EXPECT_GT(fast.total.answered, 0u);
}

// PCA with two threads and float blocks matches a plain double-precision covariance.
TEST(FastKernels, PcaMatchesDoubleReference) {
  const std::size_t rows = 70000;  // above the threading threshold
  const int dims = 12;
  std::vector<float> data = random_floats(rows * dims, 21);
  for (std::size_t r = 0; r < rows; ++r) {  // anisotropic, offset from the origin
    for (int i = 0; i < dims; ++i) data[r * dims + i] = data[r * dims + i] * (1.0f + i) + 3.0f;
  }
  const PcaResult got = pca3(data.data(), rows, dims);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(dims);
  for (std::size_t r = 0; r < rows; ++r)
    for (int i = 0; i < dims; ++i) mean[i] += data[r * dims + i];
  mean /= static_cast<double>(rows);
  Eigen::MatrixXd cov = Eigen::MatrixXd::Zero(dims, dims);
  for (std::size_t r = 0; r < rows; ++r) {
    Eigen::VectorXd x(dims);
    for (int i = 0; i < dims; ++i) x[i] = data[r * dims + i] - mean[i];
    cov += x * x.transpose();
  }
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(cov);
  for (int c = 0; c < 3; ++c) {
    const Eigen::VectorXd want = solver.eigenvectors().col(dims - 1 - c);
    const double diff = std::min((got.components.col(c) - want).cwiseAbs().maxCoeff(),
                                 (got.components.col(c) + want).cwiseAbs().maxCoeff());
    EXPECT_LT(diff, 1e-4) << "component " << c;
    EXPECT_NEAR(got.explained_variance[c], solver.eigenvalues()[dims - 1 - c] / (rows - 1),
                1e-4 * got.explained_variance[c]);
  }
}

}  // namespace
}  // namespace galaxy
