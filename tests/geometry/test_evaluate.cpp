// Spec for the benchmarks: analogy accuracy and word-pair Spearman on small files written to a temp
// dir.
#include "geometry/evaluate.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

namespace galaxy {
namespace {

using ::testing::HasSubstr;
namespace fs = std::filesystem;

// A per-test scratch folder, removed afterwards.
class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    std::string name = std::string(info->test_suite_name()) + "_" + info->name();
    std::replace(name.begin(), name.end(), '/', '_');
    path_ = fs::temp_directory_path() / ("galaxy_eval_" + std::to_string(::getpid()) + "_" + name);
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  std::string write(const std::string& name, const std::string& text) const {
    const fs::path file = path_ / name;
    std::ofstream(file, std::ios::binary) << text;
    return file.string();
  }

 private:
  fs::path path_;
};

// Countries c0..c19 and capitals k0..k19 share a per-pair vector plus a common offset, so
// "c_i : k_i :: c_j : ?" has the answer k_j; then random distractors and case variants:
// "C0" (a later row, other vector: the earlier "c0" wins), "K1" (copy of k1: counts as k1),
// "C2" (copy of c2: an input's case variant, ignored when it ranks first).
Embedding country_embedding(double noise, std::uint64_t seed) {
  const int dims = 30;
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> capital_offset(dims);
  for (double& v : capital_offset) v = 1.5 * normal(rng);
  std::vector<std::string> words;
  std::vector<float> vectors;
  auto add = [&](const std::string& word, const std::vector<double>& v) {
    words.push_back(word);
    for (double x : v) vectors.push_back(static_cast<float>(x));
  };
  std::map<std::string, std::vector<double>> kept;
  for (int i = 0; i < 20; ++i) {
    std::vector<double> base(dims), country(dims), capital(dims);
    for (double& v : base) v = normal(rng);
    for (int j = 0; j < dims; ++j) {
      country[j] = base[j] + noise * normal(rng);
      capital[j] = base[j] + capital_offset[j] + noise * normal(rng);
    }
    add("c" + std::to_string(i), country);
    add("k" + std::to_string(i), capital);
    kept["c" + std::to_string(i)] = country;
    kept["k" + std::to_string(i)] = capital;
  }
  for (int d = 0; d < 100; ++d) {
    std::vector<double> v(dims);
    for (double& x : v) x = 1.2 * normal(rng);
    add("d" + std::to_string(d), v);
  }
  std::vector<double> other(dims);
  for (double& x : other) x = normal(rng);
  add("C0", other);
  add("K1", kept["k1"]);
  add("C2", kept["c2"]);
  return Embedding(std::move(words), std::move(vectors), dims);
}

std::string ascii_upper(std::string s) {
  for (char& ch : s) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  return s;
}

// gensim's evaluate_word_analogies written out directly in double precision.
AnalogyEvaluation reference_evaluation(const Embedding& e, const std::string& path,
                                       std::size_t restrict, AnalogyMethod method) {
  const std::size_t n = std::min(restrict, e.rows());
  std::map<std::string, std::uint32_t> ok;
  for (std::size_t r = n; r-- > 0;) ok[ascii_upper(e.word(r))] = static_cast<std::uint32_t>(r);
  auto unit = [&](std::uint32_t r) {
    std::vector<double> u(e.row(r), e.row(r) + e.dims());
    double norm = 0;
    for (double x : u) norm += x * x;
    for (double& x : u) x /= std::sqrt(norm);
    return u;
  };
  auto dot = [](const std::vector<double>& x, const std::vector<double>& y) {
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i) s += x[i] * y[i];
    return s;
  };
  AnalogyEvaluation result;
  result.total.name = "total";
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(": ", 0) == 0) {
      result.sections.push_back({line.substr(2), 0, 0});
      continue;
    }
    std::istringstream fields(line);
    std::vector<std::string> w;
    for (std::string word; fields >> word;) w.push_back(ascii_upper(word));
    if (w.empty()) continue;
    if (w.size() != 4) {
      ++result.invalid_lines;
      continue;
    }
    if (!ok.count(w[0]) || !ok.count(w[1]) || !ok.count(w[2]) || !ok.count(w[3])) {
      ++result.skipped_oov;
      continue;
    }
    const std::uint32_t a = ok[w[0]], b = ok[w[1]], c = ok[w[2]];
    const std::vector<double> ua = unit(a), ub = unit(b), uc = unit(c);
    std::vector<double> mean(ua.size());
    for (std::size_t i = 0; i < mean.size(); ++i) mean[i] = ub[i] + uc[i] - ua[i];
    std::vector<std::pair<double, std::uint32_t>> scored;
    for (std::uint32_t r = 0; r < n; ++r) {
      if (r == a || r == b || r == c) continue;
      const std::vector<double> ur = unit(r);
      const double score =
          method == AnalogyMethod::Add
              ? dot(ur, mean) / std::sqrt(dot(mean, mean))
              : (1 + dot(ur, ub)) / 2 * (1 + dot(ur, uc)) / 2 / ((1 + dot(ur, ua)) / 2 + 1e-6);
      scored.push_back({-score, r});
    }
    std::sort(scored.begin(), scored.end());
    std::string predicted;
    for (std::size_t i = 0; i < std::min<std::size_t>(5, scored.size()); ++i) {
      predicted = ascii_upper(e.word(scored[i].second));
      if (predicted != w[0] && predicted != w[1] && predicted != w[2]) break;
    }
    SectionScore& section = result.sections.back();
    ++section.answered;
    ++result.total.answered;
    if (predicted == w[3]) {
      ++section.correct;
      ++result.total.correct;
    }
  }
  return result;
}

void expect_same(const AnalogyEvaluation& got, const AnalogyEvaluation& want) {
  ASSERT_EQ(got.sections.size(), want.sections.size());
  for (std::size_t s = 0; s < want.sections.size(); ++s) {
    EXPECT_EQ(got.sections[s].name, want.sections[s].name);
    EXPECT_EQ(got.sections[s].correct, want.sections[s].correct) << want.sections[s].name;
    EXPECT_EQ(got.sections[s].answered, want.sections[s].answered) << want.sections[s].name;
  }
  EXPECT_EQ(got.total.name, "total");
  EXPECT_EQ(got.total.correct, want.total.correct);
  EXPECT_EQ(got.total.answered, want.total.answered);
  EXPECT_EQ(got.skipped_oov, want.skipped_oov);
  EXPECT_EQ(got.invalid_lines, want.invalid_lines);
}

// Every ordered pair of distinct countries as questions, mixed case, split into two sections, plus
// OOV questions, invalid lines, blank lines and an empty section.
std::string capital_questions() {
  std::string text = ": capital-common\n";
  for (int i = 0; i < 20; ++i) {
    if (i == 10) text += "\n: capital-world\n";
    for (int j = 0; j < 20; ++j) {
      if (i == j) continue;
      const std::string c_i = (j % 3 == 0 ? "C" : "c") + std::to_string(i);
      text += c_i + " k" + std::to_string(i) + " c" + std::to_string(j) + " K" + std::to_string(j) +
              (j % 5 == 0 ? "\r\n" : "\n");
    }
  }
  text += "c0 k0 zzz k1\n";       // OOV
  text += "c0 k0 c1\n";           // invalid: 3 words
  text += "c0 k0 c1 k1 extra\n";  // invalid: 5 words
  text += "c0 k0 c1 nowhere\n";   // OOV expected word
  text += ": empty section\n";
  return text;
}

struct EvalCase {
  AnalogyMethod method;
  double noise;
  std::size_t restrict;
};

class AnalogyEvaluationAgainstReference : public ::testing::TestWithParam<EvalCase> {};

TEST_P(AnalogyEvaluationAgainstReference, SectionsAndCountsMatch) {
  const EvalCase p = GetParam();
  const Embedding e = country_embedding(p.noise, 11);
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("questions.txt", capital_questions());
  const AnalogyEvaluation want = reference_evaluation(e, path, p.restrict, p.method);
  for (unsigned threads : {1u, 3u}) {
    const AnalogyEvaluation got =
        evaluate_analogies(index, path, p.restrict, p.method, {}, threads);
    expect_same(got, want);
  }
  EXPECT_EQ(want.invalid_lines, 2u);
  ASSERT_EQ(want.sections.size(), 3u);
  EXPECT_EQ(want.sections[2].name, "empty section");
  EXPECT_EQ(want.sections[2].answered, 0u);
}

INSTANTIATE_TEST_SUITE_P(Methods, AnalogyEvaluationAgainstReference,
                         ::testing::Values(EvalCase{AnalogyMethod::Add, 0.3, 300000},
                                           EvalCase{AnalogyMethod::Mul, 0.3, 300000},
                                           EvalCase{AnalogyMethod::Add, 1.0, 300000},
                                           EvalCase{AnalogyMethod::Mul, 1.0, 300000},
                                           EvalCase{AnalogyMethod::Add, 0.3, 30},
                                           EvalCase{AnalogyMethod::Mul, 0.5, 100}));

TEST(EvaluateAnalogies, CleanStructureIsSolvedCaseInsensitively) {
  const Embedding e = country_embedding(0.05, 3);
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("q.txt", capital_questions());
  const AnalogyEvaluation got = evaluate_analogies(index, path);
  EXPECT_EQ(got.total.answered, 20u * 19u);
  EXPECT_EQ(got.total.correct, got.total.answered);
  EXPECT_EQ(got.skipped_oov, 2u);
  EXPECT_EQ(got.invalid_lines, 2u);
  EXPECT_EQ(got.sections[0].name, "capital-common");
  EXPECT_EQ(got.sections[0].answered, 10u * 19u);
  EXPECT_DOUBLE_EQ(got.total.accuracy(), 1.0);
  EXPECT_DOUBLE_EQ(got.sections[2].accuracy(), 0.0);
}

TEST(EvaluateAnalogies, RestrictTurnsLaterWordsIntoOov) {
  const Embedding e = country_embedding(0.05, 3);
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("q.txt", ": s\nc0 k0 c1 k1\nc0 k0 c15 k15\n");
  const AnalogyEvaluation got = evaluate_analogies(index, path, 10);  // rows c0..k4 only
  EXPECT_EQ(got.total.answered, 1u);
  EXPECT_EQ(got.skipped_oov, 1u);
}

TEST(EvaluateAnalogies, ProgressIsReportedOnTheCallingThread) {
  const Embedding e = country_embedding(0.3, 2);
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("q.txt", capital_questions());
  std::vector<double> seen;
  evaluate_analogies(
      index, path, 300000, AnalogyMethod::Add, [&](double f) { seen.push_back(f); }, 2);
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  EXPECT_EQ(seen.back(), 1.0);
}

TEST(EvaluateAnalogies, BadFilesNameFileAndLine) {
  const Embedding e = country_embedding(0.3, 2);
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("noheader.txt", "\nc0 k0 c1 k1\n");
  try {
    evaluate_analogies(index, path);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("noheader.txt:2:"));
    EXPECT_THAT(error.what(), HasSubstr("section header"));
  }
  try {
    evaluate_analogies(index, path + ".missing");
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("noheader.txt.missing"));
  }
}

// Unit vectors at 0, 45, 90, 135 and 180 degrees: cosines are exactly +-1/sqrt(2), 0 or -1, with
// ties.
Embedding compass_embedding() {
  return Embedding({"a", "b", "c", "d", "e", "Paris", "paris"},
                   {1, 0, 1, 1, 0, 1, -1, 1, -1, 0, 1, 0, 0, 1}, 2);
}

TEST(EvaluateSimilarity, SpearmanWithTiesMatchesHandComputedValue) {
  const Embedding e = compass_embedding();
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("pairs.txt",
                                     "# word1\tword2\tscore\n"
                                     "A\tB\t9\n"      // cos  0.7071
                                     "b c 7\n"        // cos  0.7071 (MEN-style spaces)
                                     "a\tc\t5.0\r\n"  // cos  0
                                     "B   D 6\n"      // cos  0
                                     "a\te\t+0.5\n"   // cos -1
                                     "\n"
                                     "a\tzzz\t3\n"    // OOV
                                     "a b\n"          // invalid: two fields
                                     "a b x\n"        // invalid: score not a number
                                     "a\tb c\t1\n");  // tab line: 'b c' is a word -> OOV
  const SimilarityEvaluation got = evaluate_similarity(index, path);
  // Gold ranks 5 4 2 3 1; model ranks 4.5 4.5 2.5 2.5 1 -> rho = 9 / sqrt(10 * 9).
  EXPECT_NEAR(got.spearman, 9.0 / std::sqrt(90.0), 1e-12);
  EXPECT_NEAR(got.spearman, 0.9486832980505138, 1e-12);  // scipy.stats.spearmanr
  EXPECT_EQ(got.pairs_used, 5u);
  EXPECT_EQ(got.pairs_oov, 2u);
  EXPECT_EQ(got.invalid_lines, 2u);
}

TEST(EvaluateSimilarity, CaseVariantsUseTheEarliestRow) {
  const Embedding e = compass_embedding();
  const CosineIndex index(e);
  TempDir dir;
  // "PARIS" is row 5 (x axis), not row 6 (y axis): cos(PARIS, a) = 1, cos(PARIS, c) = 0.
  const std::string path = dir.write("pairs.txt", "PARIS a 10\nparis c 1\nparis d 0\n");
  const SimilarityEvaluation got = evaluate_similarity(index, path);
  EXPECT_EQ(got.pairs_used, 3u);
  EXPECT_NEAR(got.spearman, 1.0, 1e-12);
}

TEST(EvaluateSimilarity, NoUsablePairsIsADataError) {
  const Embedding e = compass_embedding();
  const CosineIndex index(e);
  TempDir dir;
  const std::string path = dir.write("pairs.txt", "# nothing\nzzz a 1\nbad line\n");
  try {
    evaluate_similarity(index, path);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("pairs.txt"));
    EXPECT_THAT(error.what(), HasSubstr("1 invalid"));
  }
  EXPECT_THROW(evaluate_similarity(index, path + ".missing"), DataError);
}

TEST(Spearman, AverageRanksForTies) {
  EXPECT_NEAR(spearman_correlation({1, 2, 2, 4}, {1, 3, 2, 4}), 0.9486832980505139, 1e-12);
  EXPECT_NEAR(spearman_correlation({1, 2, 3}, {3, 2, 1}), -1.0, 1e-12);
  EXPECT_TRUE(std::isnan(spearman_correlation({1, 1, 1}, {1, 2, 3})));
  EXPECT_TRUE(std::isnan(spearman_correlation({1}, {1})));
}

TEST(UpperCase, FollowsPythonStrUpperForCommonScripts) {
  EXPECT_EQ(to_upper_utf8("paris"), "PARIS");
  EXPECT_EQ(to_upper_utf8("café"), "CAFÉ");
  EXPECT_EQ(to_upper_utf8("straße"), "STRASSE");
  EXPECT_EQ(to_upper_utf8("ıi"), "II");
  EXPECT_EQ(to_upper_utf8("łódź"), "ŁÓDŹ");
  EXPECT_EQ(to_upper_utf8("москва"), "МОСКВА");
  EXPECT_EQ(to_upper_utf8("αθήνας"), "ΑΘΉΝΑΣ");
  EXPECT_EQ(to_upper_utf8("東京 x"), "東京 X");
  EXPECT_EQ(to_upper_utf8("\xff"
                          "a"),
            "\xff"
            "A");  // invalid UTF-8 byte copied
}

}  // namespace
}  // namespace galaxy
