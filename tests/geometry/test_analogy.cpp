// Spec for solve_analogy: 3CosAdd and 3CosMul against direct double-precision formulas
// (gensim 4.2).
#include "geometry/analogy.h"
#include "tests/support/seeded_embedding.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

namespace galaxy {
namespace {

using galaxy::testing::random_embedding;

std::vector<double> unit(const Embedding& e, std::uint32_t row) {
  std::vector<double> u(e.row(row), e.row(row) + e.dims());
  double norm = 0;
  for (double x : u) norm += x * x;
  norm = std::sqrt(norm);
  for (double& x : u) x = norm > 0 ? x / norm : 0;
  return u;
}

double dot(const std::vector<double>& x, const std::vector<double>& y) {
  double s = 0;
  for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
  return s;
}

// gensim most_similar(positive=[b, c], negative=[a]) written out directly: every row scored.
std::vector<double> reference_add_scores(const Embedding& e, std::uint32_t a, std::uint32_t b,
                                         std::uint32_t c) {
  const std::vector<double> ua = unit(e, a), ub = unit(e, b), uc = unit(e, c);
  std::vector<double> mean(ua.size());
  for (std::size_t i = 0; i < mean.size(); ++i) mean[i] = (ub[i] + uc[i] - ua[i]) / 3.0;
  const double norm = std::sqrt(dot(mean, mean));
  for (double& x : mean) x /= norm;
  std::vector<double> scores;
  for (std::uint32_t r = 0; r < e.rows(); ++r) scores.push_back(dot(unit(e, r), mean));
  return scores;
}

// gensim most_similar_cosmul(positive=[b, c], negative=[a]).
std::vector<double> reference_mul_scores(const Embedding& e, std::uint32_t a, std::uint32_t b,
                                         std::uint32_t c) {
  const std::vector<double> ua = unit(e, a), ub = unit(e, b), uc = unit(e, c);
  std::vector<double> scores;
  for (std::uint32_t r = 0; r < e.rows(); ++r) {
    const std::vector<double> ur = unit(e, r);
    const double pb = (1 + dot(ur, ub)) / 2, pc = (1 + dot(ur, uc)) / 2, pa = (1 + dot(ur, ua)) / 2;
    scores.push_back(pb * pc / (pa + 0.000001));
  }
  return scores;
}

// Best-first rows of `scores` within the first `restrict` rows, inputs dropped unless included.
std::vector<std::uint32_t> reference_order(const std::vector<double>& scores,
                                           std::vector<std::uint32_t> inputs,
                                           std::size_t restrict) {
  std::vector<std::uint32_t> rows;
  const std::size_t n = restrict == 0 ? scores.size() : std::min(restrict, scores.size());
  for (std::uint32_t r = 0; r < n; ++r)
    if (std::find(inputs.begin(), inputs.end(), r) == inputs.end()) rows.push_back(r);
  std::stable_sort(rows.begin(), rows.end(),
                   [&](std::uint32_t x, std::uint32_t y) { return scores[x] > scores[y]; });
  return rows;
}

void expect_matches(const std::vector<Neighbor>& got, const std::vector<double>& scores,
                    const std::vector<std::uint32_t>& order, std::size_t k) {
  ASSERT_EQ(got.size(), std::min(k, order.size()));
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(scores[got[i].row], scores[order[i]], 1e-5) << "position " << i;
    EXPECT_NEAR(got[i].score, scores[got[i].row], 1e-5) << "position " << i;
  }
}

struct Case {
  std::size_t rows;
  int dims;
  AnalogyMethod method;
  bool include_inputs;
  std::size_t restrict;
};

class AnalogyAgainstReference : public ::testing::TestWithParam<Case> {};

TEST_P(AnalogyAgainstReference, TopKMatchesTheFormula) {
  const Case p = GetParam();
  const Embedding e = random_embedding(p.rows, p.dims, 42 + p.rows + p.dims);
  const CosineIndex index(e);
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(p.rows - 1));
  for (int trial = 0; trial < 5; ++trial) {
    const std::uint32_t a = pick(rng), b = pick(rng), c = pick(rng);
    AnalogyOptions options;
    options.method = p.method;
    options.k = 10;
    options.include_inputs = p.include_inputs;
    options.restrict = p.restrict;
    const std::vector<double> scores = p.method == AnalogyMethod::Add
                                           ? reference_add_scores(e, a, b, c)
                                           : reference_mul_scores(e, a, b, c);
    std::vector<std::uint32_t> inputs;
    if (!p.include_inputs) inputs = {a, b, c};
    const std::vector<Neighbor> got = solve_analogy(index, a, b, c, options);
    expect_matches(got, scores, reference_order(scores, inputs, p.restrict), options.k);
    for (const Neighbor& n : got) {
      if (!p.include_inputs) {
        EXPECT_TRUE(n.row != a && n.row != b && n.row != c);
      }
      if (p.restrict) {
        EXPECT_LT(n.row, p.restrict);
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Sizes, AnalogyAgainstReference,
                         ::testing::Values(Case{12, 3, AnalogyMethod::Add, false, 0},
                                           Case{12, 3, AnalogyMethod::Mul, false, 0},
                                           Case{300, 25, AnalogyMethod::Add, false, 0},
                                           Case{300, 25, AnalogyMethod::Mul, false, 0},
                                           Case{300, 25, AnalogyMethod::Add, true, 0},
                                           Case{300, 25, AnalogyMethod::Mul, true, 0},
                                           Case{2000, 50, AnalogyMethod::Add, false, 500},
                                           Case{2000, 50, AnalogyMethod::Mul, false, 500}));

// man : king :: woman : ? in 3 dims, where the best cosine to king - man + woman is king itself.
Embedding royal_embedding() {
  std::vector<std::string> words = {"man", "king", "woman", "queen", "apple"};
  std::vector<float> v = {1.0f, 0.0f, 0.0f,    // man
                          0.0f, 1.0f, 0.0f,    // king
                          0.9f, 0.1f, 0.3f,    // woman: close to man
                          0.0f, 0.5f, 0.866f,  // queen
                          0.0f, 0.0f, -1.0f};  // apple
  return Embedding(std::move(words), std::move(v), 3);
}

TEST(Analogy, IncludeInputsCanMakeTheInputTheAnswer) {
  const Embedding e = royal_embedding();
  const CosineIndex index(e);
  AnalogyOptions options;
  options.k = 1;
  for (AnalogyMethod method : {AnalogyMethod::Add, AnalogyMethod::Mul}) {
    options.method = method;
    options.include_inputs = false;
    const std::vector<Neighbor> without = solve_analogy(index, 0, 1, 2, options);
    ASSERT_EQ(without.size(), 1u);
    EXPECT_EQ(e.word(without[0].row), "queen");
    options.include_inputs = true;
    const std::vector<Neighbor> with = solve_analogy(index, 0, 1, 2, options);
    ASSERT_EQ(with.size(), 1u);
    EXPECT_EQ(e.word(with[0].row), "king");
    EXPECT_GT(with[0].score, without[0].score);
  }
}

TEST(Analogy, ScoresMatchValuesComputedByGensim) {
  // gensim 4.2, KeyedVectors holding these 5 vectors: most_similar(positive=['king', 'woman'],
  // negative=['man'], topn=2) and most_similar_cosmul(...) with the same arguments.
  const Embedding e = royal_embedding();
  const CosineIndex index(e);
  AnalogyOptions options;
  options.k = 2;
  const std::vector<Neighbor> add = solve_analogy(index, 0, 1, 2, options);
  ASSERT_EQ(add.size(), 2u);
  EXPECT_EQ(e.word(add[0].row), "queen");
  EXPECT_EQ(e.word(add[1].row), "apple");
  EXPECT_NEAR(add[0].score, 0.7171310186386108, 1e-6);
  EXPECT_NEAR(add[1].score, -0.2734403610229492, 1e-6);
  options.method = AnalogyMethod::Mul;
  const std::vector<Neighbor> mul = solve_analogy(index, 0, 1, 2, options);
  ASSERT_EQ(mul.size(), 2u);
  EXPECT_EQ(e.word(mul[0].row), "queen");
  EXPECT_EQ(e.word(mul[1].row), "apple");
  EXPECT_NEAR(mul[0].score, 0.9935795664787292, 1e-6);
  EXPECT_NEAR(mul[1].score, 0.34275659918785095, 1e-6);
}

TEST(Analogy, ZeroVectorInputGivesFiniteScores) {
  std::vector<float> v = {0, 0, 1, 0, 0, 1, 1, 1};
  const Embedding e({"zero", "x", "y", "xy"}, v, 2);
  const CosineIndex index(e);
  for (AnalogyMethod method : {AnalogyMethod::Add, AnalogyMethod::Mul}) {
    AnalogyOptions options;
    options.method = method;
    options.include_inputs = true;
    for (const Neighbor& n : solve_analogy(index, 0, 0, 0, options))
      EXPECT_TRUE(std::isfinite(n.score));
  }
}

}  // namespace
}  // namespace galaxy
