// End-to-end specs for the `galaxy` command line: runs the built binary on fixtures written here
// and parses its output (words, scores, columns), not just exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli_harness.h"

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using ::testing::HasSubstr;

namespace {

using namespace galaxy::cli_testing;

class CliTest : public CliTestBase {};

// A small vocabulary with a planted analogy: king = man + royal, queen = woman + royal, plus random
// words.
struct Fixture {
  std::vector<std::string> words;
  std::vector<std::vector<double>> vectors;

  std::string glove_text() const { return galaxy::cli_testing::glove_text(words, vectors); }
  std::size_t row(const std::string& word) const {
    return static_cast<std::size_t>(std::find(words.begin(), words.end(), word) - words.begin());
  }
};

Fixture make_fixture(int dims = 16, int random_words = 60) {
  std::mt19937_64 rng(20261128);
  std::normal_distribution<double> normal(0.0, 1.0);
  auto random_vector = [&] {
    std::vector<double> v(dims);
    for (auto& x : v) x = normal(rng);
    return v;
  };
  auto add = [](std::vector<double> a, const std::vector<double>& b, double scale) {
    for (std::size_t i = 0; i < a.size(); ++i) a[i] += scale * b[i];
    return a;
  };
  Fixture f;
  const auto man = random_vector(), woman = random_vector(), royal = random_vector();
  f.words = {"man", "woman", "king", "queen", "prince"};
  f.vectors = {man, woman, add(man, royal, 1.0), add(woman, royal, 1.0),
               add(add(man, royal, 1.0), random_vector(), 0.3)};
  for (int i = 0; i < random_words; ++i) {
    f.words.push_back("word" + std::to_string(i));
    f.vectors.push_back(random_vector());
  }
  return f;
}

double cosine(const std::vector<double>& a, const std::vector<double>& b) {
  double dot = 0, na = 0, nb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    dot += a[i] * b[i], na += a[i] * a[i], nb += b[i] * b[i];
  return dot / std::sqrt(na * nb);
}

}  // namespace

TEST_F(CliTest, InfoReportsFormatWordsAndDimensions) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto result = run({"info", "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::map<std::string, std::string> info;
  for (const auto& row : parse_tsv(result.out)) {
    ASSERT_EQ(row.size(), 2u);
    info[row[0]] = row[1];
  }
  EXPECT_EQ(info["format"], "glove");
  EXPECT_EQ(info["words"], std::to_string(fixture.words.size()));
  EXPECT_EQ(info["dimensions"], "16");
  EXPECT_TRUE(info.count("load_seconds"));
}

TEST_F(CliTest, NeighborsMatchBruteForceCosineInFullDimensions) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto result = run({"neighbors", "king", "-k", "7", "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), 7u);

  std::vector<std::pair<double, std::string>> expected;
  const auto& king = fixture.vectors[fixture.row("king")];
  for (std::size_t i = 0; i < fixture.words.size(); ++i) {
    if (fixture.words[i] != "king")
      expected.push_back({cosine(king, fixture.vectors[i]), fixture.words[i]});
  }
  std::sort(expected.rbegin(), expected.rend());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 2u);
    EXPECT_EQ(rows[i][0], expected[i].second) << "rank " << i;
    EXPECT_NEAR(std::stod(rows[i][1]), expected[i].first, 1e-5);
    EXPECT_GE(rows[i][1].size() - rows[i][1].find('.') - 1, 5u) << "at least 5 decimals";
  }
}

TEST_F(CliTest, AnalogyAddAndMulFindThePlantedAnswerWithGensimScores) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  auto unit = [&](const std::string& w) {
    auto v = fixture.vectors[fixture.row(w)];
    double n = 0;
    for (double x : v) n += x * x;
    for (double& x : v) x /= std::sqrt(n);
    return v;
  };
  const auto a = unit("man"), b = unit("king"), c = unit("woman");
  // 3CosAdd reference: cosine with unit(b + c - a).
  std::vector<double> target(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) target[i] = b[i] + c[i] - a[i];
  const auto add = run({"analogy", "man", "king", "woman", "-k", "3", "--data", file.string()});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  auto rows = parse_tsv(add.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "queen");
  EXPECT_NEAR(std::stod(rows[0][1]), cosine(target, fixture.vectors[fixture.row("queen")]), 1e-5);

  // 3CosMul reference: (1+cos(d,b))/2 * (1+cos(d,c))/2 / ((1+cos(d,a))/2 + 1e-6).
  const auto mul = run(
      {"analogy", "man", "king", "woman", "-k", "3", "--method", "mul", "--data", file.string()});
  ASSERT_EQ(mul.exit_code, 0) << mul.err;
  rows = parse_tsv(mul.out);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0][0], "queen");
  const auto& d = fixture.vectors[fixture.row("queen")];
  const double expected_mul =
      (1 + cosine(d, b)) / 2 * ((1 + cosine(d, c)) / 2) / ((1 + cosine(d, a)) / 2 + 1e-6);
  EXPECT_NEAR(std::stod(rows[0][1]), expected_mul, 1e-5);
}

TEST_F(CliTest, IncludeInputsLetsTheInputWordsAnswer) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto excluded =
      run({"analogy", "man", "king", "woman", "-k", "10", "--data", file.string()});
  const auto included = run(
      {"analogy", "man", "king", "woman", "-k", "10", "--include-inputs", "--data", file.string()});
  ASSERT_EQ(excluded.exit_code, 0) << excluded.err;
  ASSERT_EQ(included.exit_code, 0) << included.err;
  for (const auto& row : parse_tsv(excluded.out)) {
    EXPECT_THAT(row[0], ::testing::Not(::testing::AnyOf("man", "king", "woman")));
  }
  bool saw_input = false;
  for (const auto& row : parse_tsv(included.out))
    saw_input |= (row[0] == "king" || row[0] == "woman");
  EXPECT_TRUE(saw_input) << included.out;
}

TEST_F(CliTest, ExpressionMatchesTheAnalogy) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto expr = run({"expr", "king - man + woman", "-k", "5", "--data", file.string()});
  const auto analogy = run({"analogy", "man", "king", "woman", "-k", "5", "--data", file.string()});
  ASSERT_EQ(expr.exit_code, 0) << expr.err;
  EXPECT_EQ(expr.out, analogy.out);
  const auto bad = run({"expr", "king - - man", "--data", file.string()});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("column"));
}

TEST_F(CliTest, UnknownWordIsNamedWithCloseSpellings) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto result = run({"neighbors", "kingg", "--data", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("kingg"));
  EXPECT_THAT(result.err, HasSubstr("king"));
  EXPECT_TRUE(result.out.empty());
  const auto analogy = run({"analogy", "man", "king", "womann", "--data", file.string()});
  EXPECT_EQ(analogy.exit_code, 1);
  EXPECT_THAT(analogy.err, HasSubstr("womann"));
  EXPECT_THAT(analogy.err, HasSubstr("woman"));
}

TEST_F(CliTest, EverySubcommandHasHelp) {
  for (const char* command :
       {"info", "neighbors", "analogy", "expr", "project", "eval", "convert", "render"}) {
    const auto result = run({command, "--help"});
    EXPECT_EQ(result.exit_code, 0) << command << ": " << result.err;
    EXPECT_THAT(result.out, HasSubstr("usage")) << command;
  }
  const auto top = run({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_THAT(top.out, HasSubstr("galaxy neighbors"));
}

TEST_F(CliTest, BadCommandLinesExitWithCodeTwo) {
  EXPECT_EQ(run({"neighbors"}).exit_code, 2);
  EXPECT_EQ(run({"neighbors", "king", "--frobnicate"}).exit_code, 2);
  EXPECT_EQ(run({"neighbors", "king", "-k", "ten"}).exit_code, 2);
  EXPECT_EQ(run({"analogy", "man", "king", "woman", "--method", "div"}).exit_code, 2);
  const auto typo = run({"nieghbors", "king"});
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_THAT(typo.err, HasSubstr("nieghbors"));
}

TEST_F(CliTest, ProjectPrintsOneRowPerWordAndExplainedVariance) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto result = run({"project", "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), fixture.words.size());
  double sum_x = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    ASSERT_EQ(rows[i].size(), 4u);
    EXPECT_EQ(rows[i][0], fixture.words[i]);
    sum_x += std::stod(rows[i][1]);
  }
  EXPECT_NEAR(sum_x / rows.size(), 0.0, 1e-4) << "PCA coordinates are mean-centred";
  EXPECT_THAT(result.err, HasSubstr("explained variance"));
}

TEST_F(CliTest, WordsAreEscapedTheSameWayInEveryRowWriter) {
  // A word with a backslash: project, neighbors and clusters write it as the window's exports do
  // (backslash doubled), so a TSV reader gets the word back.
  const auto file =
      write("slash.txt", "back\\slash 1 0 0\nplain 0.9 0.1 0\nother 0 1 0\nfourth 0 0 1\n");
  const auto project = run({"project", "--data", file.string()});
  ASSERT_EQ(project.exit_code, 0) << project.err;
  EXPECT_THAT(project.out, HasSubstr("back\\\\slash\t"));
  const auto neighbours = run({"neighbors", "plain", "-k", "1", "--data", file.string()});
  ASSERT_EQ(neighbours.exit_code, 0) << neighbours.err;
  EXPECT_THAT(neighbours.out, HasSubstr("back\\\\slash\t"));
}

TEST_F(CliTest, ProjectOutNeverOverwritesWithoutForce) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto existing = write("projection.tsv", "precious user data\n");
  const auto refused = run({"project", "--data", file.string(), "--out", existing.string()});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, HasSubstr("projection.tsv"));
  EXPECT_EQ(read_file(existing), "precious user data\n");
  const auto forced =
      run({"project", "--data", file.string(), "--out", existing.string(), "--force"});
  EXPECT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(parse_tsv(read_file(existing)).size(), fixture.words.size());
}

TEST_F(CliTest, EvalAnalogiesPrintsSectionsAndTotal) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto questions =
      write("questions.txt",
            ": royalty\nman king woman queen\nMAN KING WOMAN QUEEN\nman king woman word3\n"
            ": unknown\nman king woman unicorn\n");
  const auto result = run({"eval", "analogies", questions.string(), "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0][0], "royalty");
  EXPECT_EQ(rows[0][1], "2") << "case-insensitive: both spellings correct";
  EXPECT_EQ(rows[0][2], "3");
  EXPECT_EQ(rows.back()[0], "total");
  EXPECT_EQ(rows.back()[1], "2");
  EXPECT_EQ(rows.back()[2], "3");
  EXPECT_EQ(rows.back()[4], "1") << "the question with an unknown word is skipped and counted";
}

TEST_F(CliTest, EvalSimilarityPrintsSpearman) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto pairs = write(
      "pairs.txt", "# comment\nking\tqueen\t9\nman\tword1\t1\nking prince 8\nking\tunicorn\t5\n");
  const auto result = run({"eval", "similarity", pairs.string(), "--data", file.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto rows = parse_tsv(result.out);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0].size(), 4u);
  EXPECT_EQ(rows[0][0], "spearman");
  EXPECT_EQ(rows[0][2], "3");
  EXPECT_EQ(rows[0][3], "1");
}

TEST_F(CliTest, ConvertedBinaryGivesTheSameAnswers) {
  const auto fixture = make_fixture();
  const auto text = write("vectors.txt", fixture.glove_text());
  const auto binary = path("vectors.galaxy");
  const auto convert = run({"convert", text.string(), binary.string()});
  ASSERT_EQ(convert.exit_code, 0) << convert.err;
  const auto from_text = run({"neighbors", "queen", "--data", text.string()});
  const auto from_binary = run({"neighbors", "queen", "--data", binary.string()});
  EXPECT_EQ(from_text.out, from_binary.out);
  // Recognised by its magic number whatever it is called.
  fs::copy_file(binary, path("renamed.txt"));
  EXPECT_EQ(run({"neighbors", "queen", "--data", path("renamed.txt").string()}).out, from_text.out);
  // Never overwrites unasked.
  const auto again = run({"convert", text.string(), binary.string()});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_THAT(again.err, HasSubstr("vectors.galaxy"));
}

TEST_F(CliTest, MalformedFileErrorNamesFileAndLine) {
  const auto file = write("broken.txt", "cat 1 2 3\ndog 1 2\nfish 1 2 3\n");
  const auto result = run({"info", "--data", file.string()});
  EXPECT_EQ(result.exit_code, 1);
  EXPECT_THAT(result.err, HasSubstr("broken.txt:2"));
  const auto missing = run({"info", "--data", path("nope.txt").string()});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("nope.txt"));
}

TEST_F(CliTest, LimitKeepsTheFirstRows) {
  const auto fixture = make_fixture();
  const auto file = write("vectors.txt", fixture.glove_text());
  const auto result = run({"info", "--data", file.string(), "--limit", "4"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("words\t4\n"));
}

TEST_F(CliTest, BundledGalaxyKnowsKingsNeighbours) {
  const auto result = run({"neighbors", "king", "-k", "10"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::vector<std::string> words;
  for (const auto& row : parse_tsv(result.out)) words.push_back(row[0]);
  EXPECT_THAT(words, ::testing::Contains("queen"));
  EXPECT_THAT(words, ::testing::Contains("prince"));
  const auto info = run({"info"});
  ASSERT_EQ(info.exit_code, 0) << info.err;
  EXPECT_THAT(info.out, HasSubstr("words\t45000\n"));
  EXPECT_THAT(info.out, HasSubstr("dimensions\t100\n"));
}
