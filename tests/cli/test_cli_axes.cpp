// End-to-end specs for `galaxy project --axes/--unit` and `galaxy clusters`: the built binary on
// seeded fixtures, its output compared with a direct double-precision computation.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include "cli_harness.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using namespace galaxy::cli_testing;

// Words with planted structure: "woman"/"man" and "rich"/"poor" differ along seeded directions;
// "c<i>_<j>" words sit around three orthogonal cluster directions; all vectors are seeded.
struct Fixture {
  int dims = 12;
  std::vector<std::string> words;
  std::vector<std::vector<double>> vectors;
  std::vector<int> cluster;  // planted cluster of the c* words, -1 for the others

  std::string glove_text() const { return galaxy::cli_testing::glove_text(words, vectors); }
  const std::vector<double>& vector(const std::string& word) const {
    return vectors[static_cast<std::size_t>(std::find(words.begin(), words.end(), word) -
                                            words.begin())];
  }
};

Fixture make_fixture() {
  Fixture f;
  std::mt19937_64 rng(6061);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto random_vector = [&](double scale) {
    std::vector<double> v(static_cast<std::size_t>(f.dims));
    for (double& x : v) x = scale * normal(rng);
    return v;
  };
  for (const char* word : {"woman", "man", "rich", "poor", "big", "small", "king", "queen"}) {
    f.words.push_back(word);
    f.vectors.push_back(random_vector(1.0));
    f.cluster.push_back(-1);
  }
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 20; ++i) {
      f.words.push_back("c" + std::to_string(c) + "_" + std::to_string(i));
      std::vector<double> v = random_vector(0.05);
      v[static_cast<std::size_t>(c)] += 2.0 + 0.1 * i;  // orthogonal directions e0, e1, e2
      f.vectors.push_back(v);
      f.cluster.push_back(c);
    }
  }
  return f;
}

std::vector<double> unit(const std::vector<double>& v) {
  double norm = 0.0;
  for (double x : v) norm += x * x;
  std::vector<double> u = v;
  for (double& x : u) x /= std::sqrt(norm);
  return u;
}

// Axis "a - b": normalised difference of the unit vectors.
std::vector<double> axis(const Fixture& f, const std::string& a, const std::string& b) {
  const auto ua = unit(f.vector(a)), ub = unit(f.vector(b));
  std::vector<double> d(ua.size());
  for (std::size_t j = 0; j < d.size(); ++j) d[j] = ua[j] - ub[j];
  return unit(d);
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
  return s;
}

class CliAxesTest : public CliTestBase {
 protected:
  void SetUp() override {
    CliTestBase::SetUp();
    data_ = write("vectors.txt", fixture_.glove_text()).string();
  }

  Fixture fixture_ = make_fixture();
  std::string data_;
};

TEST_F(CliAxesTest, AxesPrintTheCosinesWithEachAxis) {
  const auto result =
      run({"project", "--axes", "woman - man", "rich - poor", "big - small", "--data", data_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("X woman - man"));
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), fixture_.words.size());
  const std::vector<std::vector<double>> axes = {axis(fixture_, "woman", "man"),
                                                 axis(fixture_, "rich", "poor"),
                                                 axis(fixture_, "big", "small")};
  for (std::size_t r = 0; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 4u);
    EXPECT_EQ(rows[r][0], fixture_.words[r]);
    const auto u = unit(fixture_.vectors[r]);
    for (std::size_t a = 0; a < 3; ++a)
      EXPECT_NEAR(std::stod(rows[r][a + 1]), dot(u, axes[a]), 1e-5)
          << fixture_.words[r] << " axis " << a;
  }
}

TEST_F(CliAxesTest, AxesWithAnUnknownWordNameTheAxisAndExitOne) {
  const auto result =
      run({"project", "--axes", "woman - man", "riche - poor", "big - small", "--data", data_});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("Y axis: unknown word 'riche' (did you mean: rich"));
  EXPECT_TRUE(result.out.empty());
  const auto cancelling =
      run({"project", "--axes", "man - man", "rich - poor", "big - small", "--data", data_});
  EXPECT_EQ(cancelling.exit_code, 1);
  EXPECT_THAT(cancelling.err, HasSubstr("X axis: "));
}

TEST_F(CliAxesTest, AxesNeedThreeValuesAndExcludeUnit) {
  EXPECT_EQ(run({"project", "--axes", "woman - man", "rich - poor"}).exit_code, 2);
  const auto both = run({"project", "--unit", "--axes", "a", "b", "c", "--data", data_});
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_THAT(both.err, HasSubstr("--unit"));
}

TEST_F(CliAxesTest, UnitIsPcaOfTheUnitVectors) {
  const auto result = run({"project", "--unit", "--data", data_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.err, HasSubstr("explained variance ratio"));
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), fixture_.words.size());
  // Three planted orthogonal groups of unit vectors dominate: the first two components separate
  // them, and every row's coordinates are those of a centred projection (they sum to ~0).
  double sums[3] = {0, 0, 0};
  for (const auto& row : rows)
    for (int c = 0; c < 3; ++c) sums[c] += std::stod(row[c + 1]);
  for (double s : sums) EXPECT_NEAR(s, 0.0, 1e-3);
  // Scaling a word's raw vector does not move it: write the words 10x longer, same output.
  Fixture longer = fixture_;
  for (auto& v : longer.vectors)
    for (double& x : v) x *= 10.0;
  const std::string scaled = (dir_ / "scaled.txt").string();
  std::ofstream(scaled, std::ios::binary) << longer.glove_text();
  const auto rescaled = run({"project", "--unit", "--data", scaled});
  ASSERT_EQ(rescaled.exit_code, 0) << rescaled.err;
  const auto rows2 = parse_tsv(rescaled.out);
  for (std::size_t r = 0; r < rows.size(); ++r)
    for (int c = 1; c <= 3; ++c) EXPECT_NEAR(std::stod(rows[r][c]), std::stod(rows2[r][c]), 2e-5);
}

TEST_F(CliAxesTest, ClustersRecoverPlantedGroupsAndPrintALegend) {
  const auto result = run({"clusters", "-k", "3", "--rows", "60", "--data", data_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), fixture_.words.size());
  std::map<int, std::set<std::string>> planted_to_found;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 2u);
    EXPECT_EQ(rows[r][0], fixture_.words[r]);
    if (fixture_.cluster[r] >= 0) planted_to_found[fixture_.cluster[r]].insert(rows[r][1]);
  }
  std::set<std::string> labels;
  for (const auto& [planted, found] : planted_to_found) {
    EXPECT_EQ(found.size(), 1u) << "planted group " << planted << " was split";
    labels.insert(*found.begin());
  }
  EXPECT_EQ(labels.size(), 3u);  // three different clusters
  // Legend: cluster<TAB>size<TAB>name, sizes adding up to every word.
  std::size_t total = 0;
  int legend_rows = 0;
  for (const auto& row : parse_tsv(result.err)) {
    if (row.size() != 3 || row[0].find_first_not_of("0123456789") != std::string::npos) continue;
    ++legend_rows;
    total += std::stoul(row[1]);
    EXPECT_FALSE(row[2].empty());
  }
  EXPECT_EQ(legend_rows, 3);
  EXPECT_EQ(total, fixture_.words.size());
  // The same seed gives the same clusters.
  EXPECT_EQ(run({"clusters", "-k", "3", "--rows", "60", "--data", data_}).out, result.out);
}

TEST_F(CliAxesTest, ClustersRejectBadK) {
  const auto too_many = run({"clusters", "-k", "1000", "--data", data_});
  EXPECT_EQ(too_many.exit_code, 1);
  EXPECT_THAT(too_many.err, HasSubstr("k = 1000"));
  EXPECT_EQ(run({"clusters", "-k", "0", "--data", data_}).exit_code, 1);
  EXPECT_EQ(run({"clusters", "-k", "many", "--data", data_}).exit_code, 2);
  const auto help = run({"clusters", "--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("spherical k-means"));
}

TEST_F(CliAxesTest, ClustersWriteToAFile) {
  const std::string out = (dir_ / "clusters.tsv").string();
  const auto result = run({"clusters", "-k", "2", "--out", out, "--data", data_});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(result.out.empty());
  EXPECT_EQ(parse_tsv(read_file(out)).size(), fixture_.words.size());
  EXPECT_EQ(run({"clusters", "-k", "2", "--out", out, "--data", data_}).exit_code, 1);  // exists
}

}  // namespace
