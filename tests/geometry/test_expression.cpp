// Spec for word expressions: the parser's grammar and messages, and gensim-style weighted
// evaluation.
#include "geometry/expression.h"
#include "tests/support/seeded_embedding.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "geometry/analogy.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;

struct Good {
  const char* text;
  std::vector<WeightedTerm> terms;
};

class ParseGood : public ::testing::TestWithParam<Good> {};

TEST_P(ParseGood, GivesWeightedTerms) {
  const Good& p = GetParam();
  const std::vector<WeightedTerm> got = parse_expression(p.text);
  ASSERT_EQ(got.size(), p.terms.size()) << p.text;
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].word, p.terms[i].word) << p.text;
    EXPECT_DOUBLE_EQ(got[i].weight, p.terms[i].weight) << p.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Expressions, ParseGood,
    ::testing::Values(Good{"king - man + woman", {{"king", 1}, {"man", -1}, {"woman", 1}}},
                      Good{"0.5*paris + berlin", {{"paris", 0.5}, {"berlin", 1}}},
                      Good{"-1.5 * x", {{"x", -1.5}}}, Good{"  king  ", {{"king", 1}}},
                      Good{"+king -man", {{"king", 1}, {"man", -1}}},
                      Good{"king+queen", {{"king", 1}, {"queen", 1}}},
                      Good{"well-known - e-mail", {{"well-known", 1}, {"e-mail", -1}}},
                      Good{"1990 - 1980",
                           {{"1990", 1}, {"1980", -1}}},  // numbers are words unless '*' follows
                      Good{"2e-1*x - 3 * y", {{"x", 0.2}, {"y", -3}}},
                      Good{"king - king", {{"king", 1}, {"king", -1}}},
                      Good{"café\t+ naïve", {{"café", 1}, {"naïve", 1}}}));

struct Bad {
  const char* text;
  const char* message;
};

class ParseBad : public ::testing::TestWithParam<Bad> {};

TEST_P(ParseBad, ThrowsDataErrorWithColumn) {
  const Bad& p = GetParam();
  try {
    parse_expression(p.text);
    FAIL() << "no error for '" << p.text << "'";
  } catch (const DataError& error) {
    EXPECT_EQ(std::string(error.what()), p.message) << p.text;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Expressions, ParseBad,
    ::testing::Values(Bad{"king -", "expected a word after '-' at column 7"},
                      Bad{"king - ", "expected a word after '-' at column 8"},
                      Bad{"king + + queen", "expected a word after '+' at column 8"},
                      Bad{"king man", "expected '+' or '-' before 'man' at column 6"},
                      Bad{"* king", "expected a number before '*' at column 1"},
                      Bad{"king - * queen", "expected a number before '*' at column 8"},
                      Bad{"king * queen", "expected a number before '*', found 'king' at column 1"},
                      Bad{"0.5 *", "expected a word after '*' at column 6"},
                      Bad{"0.5 * * x", "expected a word after '*' at column 7"},
                      Bad{"-", "expected a word after '-' at column 2"},
                      Bad{"inf * x", "weight must be a finite number at column 1"}));

TEST(ParseExpression, EmptyInputSaysWhatIsExpected) {
  for (const char* text : {"", "   "}) {
    try {
      parse_expression(text);
      FAIL();
    } catch (const DataError& error) {
      EXPECT_THAT(error.what(), HasSubstr("empty expression"));
    }
  }
}

using galaxy::testing::random_embedding;

TEST(EvaluateExpression, WeightedMeanOfUnitVectorsMatchesTheFormula) {
  const Embedding e = random_embedding(400, 20, 3);
  const CosineIndex index(e);
  const std::vector<WeightedTerm> terms = parse_expression("0.5*w3 + w10 - 2 * w77");
  // Reference: sum of weight * unit vector in double, normalised, cosine with every other row.
  std::vector<double> mean(20, 0.0);
  for (const WeightedTerm& t : terms) {
    const float* v = e.row(*e.find(t.word));
    double norm = 0;
    for (int i = 0; i < 20; ++i) norm += double(v[i]) * v[i];
    for (int i = 0; i < 20; ++i) mean[i] += t.weight * v[i] / std::sqrt(norm);
  }
  std::vector<double> scores(e.rows());
  double mean_norm = 0;
  for (double x : mean) mean_norm += x * x;
  for (std::size_t r = 0; r < e.rows(); ++r) {
    double dot = 0, norm = 0;
    for (int i = 0; i < 20; ++i) {
      dot += mean[i] * e.row(r)[i];
      norm += double(e.row(r)[i]) * e.row(r)[i];
    }
    scores[r] = dot / std::sqrt(norm * mean_norm);
  }
  std::vector<std::uint32_t> order;
  for (std::uint32_t r = 0; r < e.rows(); ++r)
    if (r != 3 && r != 10 && r != 77) order.push_back(r);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return scores[a] > scores[b]; });
  const std::vector<Neighbor> got = evaluate_expression(index, terms, 8);
  ASSERT_EQ(got.size(), 8u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_NEAR(scores[got[i].row], scores[order[i]], 1e-5);
    EXPECT_NEAR(got[i].score, scores[got[i].row], 1e-5);
  }
}

TEST(EvaluateExpression, KingMinusManPlusWomanIsTheAddAnalogy) {
  const Embedding e = random_embedding(300, 16, 9);
  const CosineIndex index(e);
  const std::vector<Neighbor> expression =
      evaluate_expression(index, parse_expression("w5 - w1 + w9"), 10);
  const std::vector<Neighbor> analogy = solve_analogy(index, 1, 5, 9);
  ASSERT_EQ(expression.size(), analogy.size());
  for (std::size_t i = 0; i < analogy.size(); ++i) {
    EXPECT_EQ(expression[i].row, analogy[i].row);
    EXPECT_NEAR(expression[i].score, analogy[i].score, 1e-6);
  }
}

TEST(EvaluateExpression, InputsExcludedUnlessIncluded) {
  const Embedding e = random_embedding(50, 8, 4);
  const CosineIndex index(e);
  const std::vector<WeightedTerm> terms = parse_expression("w7");
  const std::vector<Neighbor> without = evaluate_expression(index, terms, 5);
  for (const Neighbor& n : without) EXPECT_NE(n.row, 7u);
  const std::vector<Neighbor> with = evaluate_expression(index, terms, 5, true);
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(with[0].row, 7u);
  EXPECT_NEAR(with[0].score, 1.0f, 1e-6);
}

TEST(EvaluateExpression, UnknownWordNamesTheWordAndSuggestions) {
  const Embedding e({"king", "queen", "man"}, std::vector<float>(6, 1.0f), 2);
  const CosineIndex index(e);
  try {
    evaluate_expression(index, parse_expression("kingg - man"), 3);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("unknown word 'kingg'"));
    EXPECT_THAT(error.what(), HasSubstr("king"));
  }
  EXPECT_THROW(evaluate_expression(index, {}, 3), DataError);
}

TEST(EvaluateExpression, CancellingTermsGiveFiniteScores) {
  const Embedding e = random_embedding(20, 4, 1);
  const CosineIndex index(e);
  for (const Neighbor& n : evaluate_expression(index, parse_expression("w1 - w1"), 5))
    EXPECT_TRUE(std::isfinite(n.score));
}

}  // namespace
}  // namespace galaxy
