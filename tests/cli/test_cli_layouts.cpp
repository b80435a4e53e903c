// End-to-end specs for `galaxy project --method umap|tsne [--dims 2|3] [--quality]`: the built
// binary on a seeded fixture of well-separated word clusters, its rows, its trust line, its seeds
// and its refusals.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "cli_harness.h"

using ::testing::HasSubstr;

namespace {

using namespace galaxy::cli_testing;

// Four clusters of 60 words around seeded directions in 16 dimensions.
std::string clustered_glove_text() {
  std::mt19937 rng(2026);
  std::normal_distribution<double> normal;
  std::vector<std::vector<double>> centres(4, std::vector<double>(16));
  for (auto& c : centres)
    for (double& x : c) x = normal(rng);
  std::vector<std::string> words;
  std::vector<std::vector<double>> vectors;
  for (int i = 0; i < 240; ++i) {
    words.push_back("c" + std::to_string(i % 4) + "_" + std::to_string(i / 4));
    std::vector<double> v = centres[std::size_t(i % 4)];
    for (double& x : v) x += 0.25 * normal(rng);
    vectors.push_back(v);
  }
  return glove_text(words, vectors);
}

double recall_line(const std::string& err) {
  const auto at = err.find("recall@10\t");
  if (at == std::string::npos) return -1.0;
  return std::stod(err.substr(at + 10));
}

class LayoutCliTest : public CliTestBase {};

TEST_F(LayoutCliTest, UmapIn2DPrintsWordXYAndATrustLineThatSeesTheClusters) {
  const auto file = write("vectors.txt", clustered_glove_text());
  const auto result =
      run({"project", "--method", "umap", "--dims", "2", "--quality", "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), 240u);
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u) << "word<TAB>x<TAB>y";
    EXPECT_TRUE(std::isfinite(std::stod(row[1])) && std::isfinite(std::stod(row[2])));
  }
  EXPECT_EQ(rows[0][0], "c0_0");
  // The clusters stay apart: a word's 10 nearest points in the picture are of its own cluster.
  std::size_t same = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::vector<std::pair<double, std::size_t>> by_distance;
    for (std::size_t j = 0; j < rows.size(); ++j) {
      if (j == i) continue;
      const double dx = std::stod(rows[i][1]) - std::stod(rows[j][1]);
      const double dy = std::stod(rows[i][2]) - std::stod(rows[j][2]);
      by_distance.push_back({dx * dx + dy * dy, j});
    }
    std::sort(by_distance.begin(), by_distance.end());
    for (int n = 0; n < 10; ++n) same += by_distance[std::size_t(n)].second % 4 == i % 4;
  }
  EXPECT_GT(double(same) / (10.0 * rows.size()), 0.95);
  // Inside a cluster the true neighbours are noise; a working UMAP still keeps many of them (a
  // random picture of each cluster keeps about 10 / 59 = 0.17).
  EXPECT_GT(recall_line(result.err), 0.3) << result.err;
  EXPECT_THAT(result.err, HasSubstr("knn graph"));
}

TEST_F(LayoutCliTest, TsneIn3DAndTheSameSeedGivesTheSameLayout) {
  const auto file = write("vectors.txt", clustered_glove_text());
  const std::vector<std::string> args = {"project", "--method", "tsne",        "--seed",
                                         "7",       "--data",   file.string(), "--quality"};
  const auto first = run(args);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  const auto rows = parse_tsv(first.out);
  ASSERT_EQ(rows.size(), 240u);
  EXPECT_EQ(rows[0].size(), 4u) << "word<TAB>x<TAB>y<TAB>z";
  EXPECT_GT(recall_line(first.err), 0.3) << first.err;
  const auto again = run(args);
  EXPECT_EQ(again.out, first.out);
}

TEST_F(LayoutCliTest, PcaAlsoReportsItsTrustAndTwoDimensionsKeepTheFirstTwoComponents) {
  const auto file = write("vectors.txt", clustered_glove_text());
  const auto three = run({"project", "--data", file.string(), "--quality"});
  ASSERT_EQ(three.exit_code, 0) << three.err;
  const double recall = recall_line(three.err);
  EXPECT_GE(recall, 0.0);
  EXPECT_LE(recall, 1.0);
  const auto two = run({"project", "--dims", "2", "--data", file.string()});
  ASSERT_EQ(two.exit_code, 0) << two.err;
  const auto rows3 = parse_tsv(three.out), rows2 = parse_tsv(two.out);
  ASSERT_EQ(rows2.size(), rows3.size());
  EXPECT_EQ(rows2[5].size(), 3u);
  EXPECT_EQ(rows2[5][1], rows3[5][1]);
  EXPECT_EQ(rows2[5][2], rows3[5][2]);
}

TEST_F(LayoutCliTest, BadLayoutOptionsAreRefusedWithTheOptionNamed) {
  const auto file = write("vectors.txt", clustered_glove_text());
  const auto dims = run({"project", "--method", "umap", "--dims", "4", "--data", file.string()});
  EXPECT_EQ(dims.exit_code, 2);
  EXPECT_THAT(dims.err, HasSubstr("--dims"));
  const auto method = run({"project", "--method", "isomap", "--data", file.string()});
  EXPECT_EQ(method.exit_code, 2);
  EXPECT_THAT(method.err, HasSubstr("isomap"));
  const auto misplaced = run({"project", "--min-dist", "0.2", "--data", file.string()});
  EXPECT_EQ(misplaced.exit_code, 2);
  EXPECT_THAT(misplaced.err, HasSubstr("--min-dist"));
  const auto number =
      run({"project", "--method", "umap", "--min-dist", "small", "--data", file.string()});
  EXPECT_EQ(number.exit_code, 2);
  EXPECT_THAT(number.err, HasSubstr("--min-dist"));
  // Valid syntax, impossible for the data: a perplexity that needs more words than there are.
  const auto perplexity =
      run({"project", "--method", "tsne", "--perplexity", "500", "--data", file.string()});
  EXPECT_EQ(perplexity.exit_code, 1) << perplexity.err;
  EXPECT_THAT(perplexity.err, HasSubstr("perplexity"));
}

}  // namespace
