// Spec for CosineIndex: exact top-k against a double-precision brute force, zero vectors,
// exclusion.
#include "geometry/cosine_index.h"
#include "tests/support/seeded_embedding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <thread>
#include <tuple>

namespace galaxy {
namespace {

using galaxy::testing::random_embedding;

std::vector<float> random_query(int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> q(static_cast<std::size_t>(dims));
  for (float& v : q) v = normal(rng);
  return q;
}

double reference_cosine(const float* x, const float* y, int dims) {
  double xy = 0, xx = 0, yy = 0;
  for (int i = 0; i < dims; ++i) {
    xy += double(x[i]) * y[i];
    xx += double(x[i]) * x[i];
    yy += double(y[i]) * y[i];
  }
  return xx == 0 || yy == 0 ? 0.0 : xy / std::sqrt(xx * yy);
}

struct Scored {
  std::uint32_t row;
  double score;
};

// Every candidate row scored in double, sorted best first, ties by lower row.
std::vector<Scored> reference_ranking(const Embedding& e, const float* query,
                                      const std::vector<std::uint32_t>& exclude = {},
                                      std::size_t restrict = 0) {
  std::vector<Scored> all;
  const std::size_t n = restrict == 0 ? e.rows() : std::min(restrict, e.rows());
  for (std::uint32_t r = 0; r < n; ++r) {
    if (std::find(exclude.begin(), exclude.end(), r) != exclude.end()) continue;
    all.push_back({r, reference_cosine(e.row(r), query, e.dims())});
  }
  std::stable_sort(all.begin(), all.end(),
                   [](const Scored& a, const Scored& b) { return a.score > b.score; });
  return all;
}

// Same length as the reference's top-k; the i-th result has the i-th best reference score (so rows
// whose scores differ by float rounding only may swap), and every reported score is accurate.
void expect_matches_reference(const Embedding& e, const float* query,
                              const std::vector<Neighbor>& got, const std::vector<Scored>& ref,
                              std::size_t k) {
  ASSERT_EQ(got.size(), std::min(k, ref.size()));
  for (std::size_t i = 0; i < got.size(); ++i) {
    const double actual = reference_cosine(e.row(got[i].row), query, e.dims());
    EXPECT_NEAR(actual, ref[i].score, 1e-5) << "position " << i;
    EXPECT_NEAR(got[i].score, actual, 1e-5) << "position " << i;
    if (i > 0) {
      EXPECT_GE(got[i - 1].score, got[i].score);
    }
  }
}

class CosineIndexSizes : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(CosineIndexSizes, NearestMatchesDoublePrecisionBruteForce) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 1000 + rows * 7 + dims);
  const CosineIndex index(e);
  EXPECT_EQ(index.rows(), rows);
  EXPECT_EQ(index.dims(), dims);
  for (std::uint64_t trial = 0; trial < 5; ++trial) {
    const std::vector<float> q = random_query(dims, 77 + trial);
    for (std::size_t k : {std::size_t{1}, std::size_t{10}, rows + 5}) {
      expect_matches_reference(e, q.data(), index.nearest(q.data(), k),
                               reference_ranking(e, q.data()), k);
    }
  }
}

TEST_P(CosineIndexSizes, UnitRowsHaveUnitLengthAndSimilarityIsCosine) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 5 + rows);
  const CosineIndex index(e);
  for (std::uint32_t r = 0; r < rows; r += 1 + static_cast<std::uint32_t>(rows / 17)) {
    double norm = 0;
    for (int i = 0; i < dims; ++i) norm += double(index.unit_row(r)[i]) * index.unit_row(r)[i];
    EXPECT_NEAR(norm, 1.0, 1e-5);
    const std::uint32_t other = static_cast<std::uint32_t>((r * 31 + 3) % rows);
    EXPECT_NEAR(index.similarity(r, other), reference_cosine(e.row(r), e.row(other), dims), 1e-6);
  }
}

TEST_P(CosineIndexSizes, ExcludedRowsAreNeverReturned) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 99 + rows);
  const CosineIndex index(e);
  const std::vector<float> q = random_query(dims, 4);
  // Exclude the current best rows (and an out-of-order, duplicated list).
  const std::vector<Neighbor> unfiltered = index.nearest(q.data(), 3);
  std::vector<std::uint32_t> exclude;
  for (auto it = unfiltered.rbegin(); it != unfiltered.rend(); ++it) exclude.push_back(it->row);
  exclude.push_back(exclude.front());
  const std::size_t k = 10;
  const std::vector<Neighbor> got = index.nearest(q.data(), k, exclude);
  for (const Neighbor& n : got)
    EXPECT_EQ(std::count(exclude.begin(), exclude.end(), n.row), 0) << n.row;
  expect_matches_reference(e, q.data(), got, reference_ranking(e, q.data(), exclude), k);
}

TEST_P(CosineIndexSizes, RestrictLimitsCandidatesToTheFirstRows) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 3 + rows);
  const CosineIndex index(e);
  const std::vector<float> q = random_query(dims, 8);
  const std::size_t restrict = std::max<std::size_t>(1, rows / 3);
  const std::vector<Neighbor> got = index.nearest(q.data(), 20, {}, restrict);
  for (const Neighbor& n : got) EXPECT_LT(n.row, restrict);
  expect_matches_reference(e, q.data(), got, reference_ranking(e, q.data(), {}, restrict), 20);
  // restrict beyond the vocabulary means "everything".
  EXPECT_EQ(index.nearest(q.data(), rows, {}, rows * 2).size(), rows);
}

TEST_P(CosineIndexSizes, NearestToWordExcludesTheWordItself) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 11 + rows);
  const CosineIndex index(e);
  const auto row = static_cast<std::uint32_t>(rows / 2);
  const std::vector<Neighbor> got = index.nearest_to_word(row, 5);
  for (const Neighbor& n : got) EXPECT_NE(n.row, row);
  expect_matches_reference(e, e.row(row), got, reference_ranking(e, e.row(row), {row}), 5);
}

TEST_P(CosineIndexSizes, ConcurrentQueriesGiveTheSameAnswers) {
  const auto [rows, dims] = GetParam();
  const Embedding e = random_embedding(rows, dims, 21 + rows);
  const CosineIndex index(e);
  std::vector<std::vector<float>> queries;
  std::vector<std::vector<Neighbor>> expected;
  for (int t = 0; t < 4; ++t) {
    queries.push_back(random_query(dims, 500 + t));
    expected.push_back(index.nearest(queries.back().data(), 7));
  }
  std::vector<std::vector<Neighbor>> got(4);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int repeat = 0; repeat < 20; ++repeat) got[t] = index.nearest(queries[t].data(), 7);
    });
  for (std::thread& thread : threads) thread.join();
  for (int t = 0; t < 4; ++t) {
    ASSERT_EQ(got[t].size(), expected[t].size());
    for (std::size_t i = 0; i < got[t].size(); ++i) {
      EXPECT_EQ(got[t][i].row, expected[t][i].row);
      EXPECT_EQ(got[t][i].score, expected[t][i].score);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, CosineIndexSizes,
                         ::testing::Values(std::make_tuple(std::size_t{1}, 1),
                                           std::make_tuple(std::size_t{7}, 3),
                                           std::make_tuple(std::size_t{100}, 16),
                                           std::make_tuple(std::size_t{1000}, 50),
                                           std::make_tuple(std::size_t{5000}, 100)));

TEST(CosineIndex, ZeroVectorsScoreZeroNeverNaN) {
  std::vector<float> v = {1, 0, 0,  //
                          0, 0, 0,  // zero row
                          0, 1, 0,  //
                          0, 0, 0};
  const Embedding e({"a", "zero", "b", "zero2"}, v, 3);
  const CosineIndex index(e);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(index.unit_row(1)[i], 0.0f);
  EXPECT_EQ(index.similarity(0, 1), 0.0f);
  EXPECT_EQ(index.similarity(1, 1), 0.0f);

  const float query[3] = {1, 1, 0};
  const std::vector<Neighbor> got = index.nearest(query, 4);
  ASSERT_EQ(got.size(), 4u);
  for (const Neighbor& n : got) EXPECT_FALSE(std::isnan(n.score));
  EXPECT_EQ(got[0].row, 0u);  // a and b tie at 1/sqrt(2): lower row first
  EXPECT_EQ(got[1].row, 2u);
  EXPECT_EQ(got[2].score, 0.0f);

  // A zero query scores every row 0: the first rows win the tie.
  const float zero[3] = {0, 0, 0};
  const std::vector<Neighbor> flat = index.nearest(zero, 2);
  ASSERT_EQ(flat.size(), 2u);
  EXPECT_EQ(flat[0].row, 0u);
  EXPECT_EQ(flat[1].row, 1u);
  EXPECT_EQ(flat[0].score, 0.0f);

  const std::vector<Neighbor> of_zero = index.nearest_to_word(1, 3);
  for (const Neighbor& n : of_zero) EXPECT_EQ(n.score, 0.0f);
}

TEST(CosineIndex, EqualScoresAreOrderedByLowerRow) {
  std::vector<float> v = {0, 1,  //
                          3, 0,  // row 1
                          0, 2,  //
                          1, 0,  // row 3: same direction as row 1
                          2, 0};
  const Embedding e({"a", "b", "c", "d", "e"}, v, 2);
  const CosineIndex index(e);
  const float query[2] = {5, 0};
  const std::vector<Neighbor> got = index.nearest(query, 3);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].row, 1u);
  EXPECT_EQ(got[1].row, 3u);
  EXPECT_EQ(got[2].row, 4u);
  EXPECT_FLOAT_EQ(got[0].score, 1.0f);
}

TEST(CosineIndex, KZeroAndEmptyEmbeddingReturnNothing) {
  const Embedding e = random_embedding(10, 4, 1);
  const CosineIndex index(e);
  const std::vector<float> q = random_query(4, 2);
  EXPECT_TRUE(index.nearest(q.data(), 0).empty());
  const Embedding empty({}, std::vector<float>{}, 4);
  const CosineIndex empty_index(empty);
  EXPECT_TRUE(empty_index.nearest(q.data(), 5).empty());
}

TEST(CosineIndex, KeepsAReferenceToItsEmbedding) {
  const Embedding e = random_embedding(3, 2, 1);
  const CosineIndex index(e);
  EXPECT_EQ(&index.embedding(), &e);
}

}  // namespace
}  // namespace galaxy
