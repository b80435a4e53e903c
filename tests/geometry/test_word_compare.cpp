// Spec for compare_words: cosine and angle against a double-precision reference, raw vectors kept.
#include "geometry/word_compare.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>

#include "support/seeded_embedding.h"

namespace galaxy {
namespace {

TEST(CompareWords, CosineAngleAndRawVectors) {
  const Embedding e = testing::random_embedding(40, 16, 9);
  const CosineIndex index(e);
  const WordComparison c = compare_words(index, "w4", "w17");
  EXPECT_EQ(c.row_a, 4u);
  EXPECT_EQ(c.row_b, 17u);
  ASSERT_EQ(c.a.size(), 16u);
  ASSERT_EQ(c.b.size(), 16u);
  double dot = 0, na = 0, nb = 0;
  for (int j = 0; j < 16; ++j) {
    EXPECT_EQ(c.a[j], e.row(4)[j]);
    EXPECT_EQ(c.b[j], e.row(17)[j]);
    dot += double(c.a[j]) * c.b[j];
    na += double(c.a[j]) * c.a[j];
    nb += double(c.b[j]) * c.b[j];
  }
  const double cosine = dot / std::sqrt(na * nb);
  EXPECT_NEAR(c.cosine, cosine, 1e-12);
  EXPECT_NEAR(c.angle_degrees, std::acos(cosine) * 180.0 / 3.14159265358979323846, 1e-9);
  EXPECT_NEAR(c.cosine, index.similarity(4, 17), 1e-6);
}

TEST(CompareWords, SameParallelAndOppositeDirections) {
  // w1 = 3 * w0, w2 = -w0: angles 0 and 180 exactly (rounding must not make acos NaN).
  const Embedding e({"w0", "w1", "w2", "zero"},
                    {0.1f, 0.7f, -0.3f, 0.3f, 2.1f, -0.9f, -0.1f, -0.7f, 0.3f, 0, 0, 0}, 3);
  const CosineIndex index(e);
  EXPECT_NEAR(compare_words(index, "w0", "w0").angle_degrees, 0.0, 1e-4);
  EXPECT_NEAR(compare_words(index, "w0", "w1").angle_degrees, 0.0, 1e-4);
  EXPECT_NEAR(compare_words(index, "w0", "w2").angle_degrees, 180.0, 1e-4);
  const WordComparison zero = compare_words(index, "w0", "zero");
  EXPECT_EQ(zero.cosine, 0.0);
  EXPECT_EQ(zero.angle_degrees, 90.0);
}

TEST(CompareWords, UnknownWordSuggestsSpellings) {
  const Embedding e = testing::random_embedding(40, 4, 9);
  const CosineIndex index(e);
  try {
    compare_words(index, "w4", "w4O");
    FAIL() << "expected a DataError";
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), ::testing::HasSubstr("unknown word 'w4O' (did you mean:"));
  }
}

}  // namespace
}  // namespace galaxy
