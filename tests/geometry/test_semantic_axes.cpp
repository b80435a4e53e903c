// Spec for semantic axes and pca3_unit: directions and coordinates against double-precision
// brute force on seeded embeddings.
#include "geometry/semantic_axes.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "geometry/pca.h"
#include "support/seeded_embedding.h"

namespace galaxy {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

std::vector<double> unit_double(const float* v, int d) {
  double norm = 0.0;
  for (int j = 0; j < d; ++j) norm += double(v[j]) * v[j];
  norm = std::sqrt(norm);
  std::vector<double> u(static_cast<std::size_t>(d), 0.0);
  if (norm > 0)
    for (int j = 0; j < d; ++j) u[j] = v[j] / norm;
  return u;
}

// Reference direction: weighted sum of double unit vectors, normalised.
std::vector<double> reference_direction(const Embedding& e,
                                        const std::vector<std::pair<std::string, double>>& terms) {
  std::vector<double> sum(static_cast<std::size_t>(e.dims()), 0.0);
  for (const auto& [word, weight] : terms) {
    const auto u = unit_double(e.row(*e.find(word)), e.dims());
    for (int j = 0; j < e.dims(); ++j) sum[j] += weight * u[j];
  }
  double norm = 0.0;
  for (double v : sum) norm += v * v;
  for (double& v : sum) v /= std::sqrt(norm);
  return sum;
}

TEST(SemanticAxis, DirectionIsTheNormalisedSumOfUnitVectors) {
  const Embedding e = testing::random_embedding(50, 12, 7);
  const CosineIndex index(e);
  const SemanticAxis axis = make_semantic_axis(index, "w3 - w7 + 0.5*w11");
  EXPECT_EQ(axis.expression, "w3 - w7 + 0.5*w11");
  ASSERT_EQ(axis.terms.size(), 3u);
  EXPECT_EQ(axis.terms[2].word, "w11");
  EXPECT_EQ(axis.terms[2].weight, 0.5);
  const auto expected = reference_direction(e, {{"w3", 1.0}, {"w7", -1.0}, {"w11", 0.5}});
  ASSERT_EQ(axis.direction.size(), 12u);
  for (int j = 0; j < 12; ++j) EXPECT_NEAR(axis.direction[j], expected[j], 1e-6);
}

TEST(SemanticAxis, WordLengthDoesNotTiltTheAxis) {
  // Scaling one word's raw vector (a frequent word is often longer) leaves its unit vector alone.
  Embedding original = testing::random_embedding(20, 8, 3);
  std::vector<float> scaled(original.data(), original.data() + 20 * 8);
  for (int j = 0; j < 8; ++j) scaled[5 * 8 + j] *= 40.0f;
  const Embedding longer(original.words(), scaled, 8);
  const CosineIndex a(original), b(longer);
  const auto axis_a = make_semantic_axis(a, "w5 - w2");
  const auto axis_b = make_semantic_axis(b, "w5 - w2");
  for (int j = 0; j < 8; ++j) EXPECT_NEAR(axis_a.direction[j], axis_b.direction[j], 1e-6);
}

TEST(SemanticAxis, UnknownWordNamesItWithSuggestions) {
  const Embedding e = testing::random_embedding(30, 4, 1);
  const CosineIndex index(e);
  try {
    make_semantic_axis(index, "w1 - w1x");
    FAIL() << "expected a DataError";
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), AllOf(HasSubstr("unknown word 'w1x'"), HasSubstr("did you mean")));
  }
}

TEST(SemanticAxis, CancellingTermsOrBadSyntaxAreDataErrors) {
  const Embedding e = testing::random_embedding(30, 4, 1);
  const CosineIndex index(e);
  EXPECT_THROW(make_semantic_axis(index, "w4 - w4"), DataError);
  EXPECT_THROW(make_semantic_axis(index, "2*w4 - w4 - w4"), DataError);
  EXPECT_THROW(make_semantic_axis(index, ""), DataError);
  EXPECT_THROW(make_semantic_axis(index, "w1 -"), DataError);
  try {
    make_semantic_axis(index, "w4 - w4");
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("'w4 - w4'"));
  }
}

class AxisCoordinates : public ::testing::TestWithParam<std::size_t> {};

TEST_P(AxisCoordinates, AreCosinesWithTheAxisDirections) {
  const std::size_t rows = GetParam();
  const int d = 24;
  Embedding random = testing::random_embedding(rows, d, 100 + rows);
  // A zero row (some files have them) must give 0, never NaN.
  std::vector<float> values(random.data(), random.data() + rows * d);
  for (int j = 0; j < d; ++j) values.at(2 * d + j) = 0.0f;
  const Embedding e(random.words(), values, d);
  const CosineIndex index(e);
  const std::vector<SemanticAxis> axes = {make_semantic_axis(index, "w0 - w1"),
                                          make_semantic_axis(index, "w3"),
                                          make_semantic_axis(index, "w4 + w5 - 0.25*w6")};
  const auto coordinates = semantic_axis_coordinates(index, axes);
  ASSERT_EQ(coordinates.size(), rows * 3);
  const std::vector<std::vector<double>> directions = {
      reference_direction(e, {{"w0", 1}, {"w1", -1}}), reference_direction(e, {{"w3", 1}}),
      reference_direction(e, {{"w4", 1}, {"w5", 1}, {"w6", -0.25}})};
  for (std::size_t r = 0; r < rows; ++r) {
    const auto u = unit_double(e.row(r), d);
    for (std::size_t a = 0; a < 3; ++a) {
      double expected = 0.0;
      for (int j = 0; j < d; ++j) expected += u[j] * directions[a][j];
      ASSERT_NEAR(coordinates[r * 3 + a], expected, 2e-6) << "row " << r << " axis " << a;
    }
  }
  EXPECT_EQ(coordinates[2 * 3 + 0], 0.0f);
  EXPECT_NEAR(coordinates[3 * 3 + 1], 1.0, 1e-6);  // w3 lies on its own axis
}

// Below, at and well beyond one block of rows (4096), so blocks and threads are exercised.
INSTANTIATE_TEST_SUITE_P(Rows, AxisCoordinates, ::testing::Values(7, 4096, 9001));

TEST(AxisCoordinates, OneOrNoAxes) {
  const Embedding e = testing::random_embedding(10, 5, 2);
  const CosineIndex index(e);
  EXPECT_TRUE(semantic_axis_coordinates(index, {}).empty());
  const auto one = semantic_axis_coordinates(index, {make_semantic_axis(index, "w9")});
  ASSERT_EQ(one.size(), 10u);
  EXPECT_NEAR(one[9], 1.0, 1e-6);
}

TEST(PcaUnit, IsThePcaOfTheNormalisedRows) {
  const Embedding e = testing::random_embedding(600, 10, 5);
  const CosineIndex index(e);
  std::vector<float> units(600 * 10);
  for (std::size_t r = 0; r < 600; ++r) {
    const auto u = unit_double(e.row(r), 10);
    for (int j = 0; j < 10; ++j) units[r * 10 + j] = static_cast<float>(u[j]);
  }
  const PcaResult expected = pca3(units.data(), 600, 10);
  const PcaResult actual = pca3_unit(index);
  ASSERT_EQ(actual.positions.size(), expected.positions.size());
  for (std::size_t i = 0; i < expected.positions.size(); ++i)
    EXPECT_NEAR(actual.positions[i], expected.positions[i], 1e-5);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(actual.explained_variance_ratio[c], expected.explained_variance_ratio[c], 1e-6);
  // Unit rows: the total variance is at most 1 per row, whatever the raw lengths.
  EXPECT_LE(actual.explained_variance.sum(), 1.0);
}

}  // namespace
}  // namespace galaxy
