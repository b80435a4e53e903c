// Spec for categorize (metadata values -> legend) and categories_from_clustering.
#include "app/state/categories.h"

#include <gtest/gtest.h>

#include "geometry/cosine_index.h"
#include "support/seeded_embedding.h"

namespace galaxy::app {
namespace {

TEST(Categorize, MostFrequentFirstTiesByFirstAppearance) {
  const std::vector<std::string> values = {"verb", "noun", "adj", "noun", "", "adj", "noun"};
  const Categories c = categorize(values);
  EXPECT_EQ(c.names, (std::vector<std::string>{"noun", "adj", "verb"}));
  EXPECT_EQ(c.counts, (std::vector<std::size_t>{3, 2, 1}));
  EXPECT_EQ(c.category, (std::vector<std::int32_t>{2, 0, 1, 0, -1, 1, 0}));
}

TEST(Categorize, TheRareValuesShareAFinalOther) {
  std::vector<std::string> values;
  // value i appears 20 - i times: v0 most frequent.
  for (int i = 0; i < 20; ++i)
    for (int n = 0; n < 20 - i; ++n) values.push_back("v" + std::to_string(i));
  const Categories c = categorize(values, 5);
  ASSERT_EQ(c.names.size(), 5u);
  EXPECT_EQ(c.names, (std::vector<std::string>{"v0", "v1", "v2", "v3", "other"}));
  std::size_t rest = 0;
  for (int i = 4; i < 20; ++i) rest += static_cast<std::size_t>(20 - i);
  EXPECT_EQ(c.counts, (std::vector<std::size_t>{20, 19, 18, 17, rest}));
  for (std::size_t r = 0; r < values.size(); ++r) {
    const int value = std::stoi(values[r].substr(1));
    EXPECT_EQ(c.category[r], value < 4 ? value : 4);
  }
  // Exactly max_categories distinct values: no "other".
  const Categories exact = categorize({"a", "b", "c"}, 3);
  EXPECT_EQ(exact.names, (std::vector<std::string>{"a", "b", "c"}));
}

TEST(Categorize, EmptyInputsAndTinyLimits) {
  EXPECT_TRUE(categorize({}).names.empty());
  const Categories blanks = categorize({"", ""});
  EXPECT_TRUE(blanks.names.empty());
  EXPECT_EQ(blanks.category, (std::vector<std::int32_t>{-1, -1}));
  const Categories one = categorize({"a", "b", "a"}, 1);
  EXPECT_EQ(one.names, (std::vector<std::string>{"other"}));
  EXPECT_EQ(one.category, (std::vector<std::int32_t>{0, 0, 0}));
  EXPECT_EQ(categorize({"a", "b"}, 0).names.size(), 1u);
}

TEST(CategoriesFromClustering, ClustersWithTheirNames) {
  const Embedding e = galaxy::testing::random_embedding(300, 8, 4);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 4;
  const Clustering clustering = spherical_kmeans(index, options);
  const Categories c = categories_from_clustering(e, clustering);
  EXPECT_EQ(c.category, clustering.assignment);
  EXPECT_EQ(c.counts, clustering.sizes);
  ASSERT_EQ(c.names.size(), 4u);
  for (int j = 0; j < 4; ++j) EXPECT_EQ(c.names[j], cluster_name(e, clustering, j));
}

}  // namespace
}  // namespace galaxy::app
