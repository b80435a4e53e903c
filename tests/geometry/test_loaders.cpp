// Specs for load_embedding: every input format (plain and gzip), detection, limits, threads,
// warnings, errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "geometry/binary_format.h"
#include "geometry/loaders.h"
#include "support/gzip_bytes.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using testing::gzip_bytes;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using testing::TempDir;

// ---- Fixture data -------------------------------------------------------------------------

struct Sample {
  std::vector<std::string> words;
  std::vector<float> values;
  int dims = 0;
  std::size_t rows() const { return words.size(); }
  const float* row(std::size_t r) const {
    return values.data() + r * static_cast<std::size_t>(dims);
  }
};

Sample random_sample(std::size_t rows, int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Sample s;
  s.dims = dims;
  for (std::size_t r = 0; r < rows; ++r)
    s.words.push_back("w" + std::to_string(r) + "_" + std::to_string(rng() % 1000));
  s.values.resize(rows * static_cast<std::size_t>(dims));
  for (float& v : s.values) v = normal(rng);
  return s;
}

std::string shortest(float value) {
  char buffer[32];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// `word v1 ... vD` lines (exact: shortest round-trip float text).
std::string text_rows(const Sample& s, const std::string& separator = " ",
                      const std::string& line_end = "\n") {
  std::string out;
  for (std::size_t r = 0; r < s.rows(); ++r) {
    out += s.words[r];
    for (int d = 0; d < s.dims; ++d) out += separator + shortest(s.row(r)[d]);
    out += line_end;
  }
  return out;
}

std::string word2vec_text(const Sample& s) {
  return std::to_string(s.rows()) + " " + std::to_string(s.dims) + "\n" + text_rows(s);
}

std::string word2vec_binary(const Sample& s, bool newline_after_vector) {
  std::string out = std::to_string(s.rows()) + " " + std::to_string(s.dims) + "\n";
  for (std::size_t r = 0; r < s.rows(); ++r) {
    out += s.words[r] + " ";
    out.append(reinterpret_cast<const char*>(s.row(r)), sizeof(float) * s.dims);
    if (newline_after_vector) out += "\n";
  }
  return out;
}

std::string projector_vectors(const Sample& s) {
  std::string out;
  for (std::size_t r = 0; r < s.rows(); ++r) {
    for (int d = 0; d < s.dims; ++d) out += (d ? "\t" : "") + shortest(s.row(r)[d]);
    out += "\n";
  }
  return out;
}

void expect_same(const Embedding& e, const Sample& s) {
  ASSERT_EQ(e.rows(), s.rows());
  ASSERT_EQ(e.dims(), s.dims);
  EXPECT_EQ(e.words(), s.words);
  for (std::size_t i = 0; i < s.values.size(); ++i) {
    ASSERT_EQ(e.data()[i], s.values[i]) << "value " << i;
  }
}

// Message of the DataError thrown by load_embedding (fails the test if none is thrown).
std::string load_error(const std::string& path, const LoadOptions& options = {}) {
  try {
    load_embedding(path, options);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError loading " << path;
  return "";
}

// ---- Format names -------------------------------------------------------------------------

TEST(LoadFormatNames, RoundTripAndAliases) {
  for (FileFormat f : {FileFormat::GloveText, FileFormat::Word2VecText, FileFormat::Word2VecBinary,
                       FileFormat::ProjectorTsv, FileFormat::Galaxy}) {
    EXPECT_EQ(parse_format_name(format_name(f)), f);
  }
  EXPECT_STREQ(format_name(FileFormat::Word2VecBinary), "word2vec-binary");
  EXPECT_EQ(parse_format_name("fasttext"), FileFormat::Word2VecText);
  EXPECT_EQ(parse_format_name("vec"), FileFormat::Word2VecText);
  EXPECT_EQ(parse_format_name("bin"), FileFormat::Word2VecBinary);
  EXPECT_EQ(parse_format_name("GloVe"), FileFormat::GloveText);
}

TEST(LoadFormatNames, UnknownNameListsTheValidOnes) {
  try {
    parse_format_name("xml");
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(),
                AllOf(HasSubstr("'xml'"), HasSubstr("glove"), HasSubstr("word2vec-binary"),
                      HasSubstr("tsv"), HasSubstr("galaxy")));
  }
}

// ---- Each format, exact values ------------------------------------------------------------

class LoadSizes : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(LoadSizes, EveryFormatPlainAndGzipGivesTheSameExactData) {
  const auto [rows, dims] = GetParam();
  const Sample s = random_sample(rows, dims, 1000 * rows + dims);
  TempDir dir;
  struct Case {
    std::string name;
    std::string bytes;
    FileFormat format;
  };
  std::vector<Case> cases = {
      {"glove.txt", text_rows(s), FileFormat::GloveText},
      {"w2v.vec", word2vec_text(s), FileFormat::Word2VecText},
      {"w2v.bin", word2vec_binary(s, true), FileFormat::Word2VecBinary},
      {"w2v-no-newlines.bin", word2vec_binary(s, false), FileFormat::Word2VecBinary},
  };
  for (const auto& c : cases) {
    for (bool gz : {false, true}) {
      SCOPED_TRACE(c.name + (gz ? ".gz" : ""));
      const std::string path =
          dir.write(c.name + (gz ? ".gz" : ""), gz ? gzip_bytes(c.bytes) : c.bytes);
      LoadResult result = load_embedding(path);
      EXPECT_EQ(result.format, c.format);
      EXPECT_EQ(result.gzip, gz);
      EXPECT_THAT(result.warnings, IsEmpty());
      expect_same(result.embedding, s);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, LoadSizes,
                         ::testing::Values(std::make_tuple(1, 1), std::make_tuple(7, 3),
                                           std::make_tuple(300, 50), std::make_tuple(2000, 8)));

TEST(LoadGlove, FindsWordsByName) {
  TempDir dir;
  const auto path = dir.write("v.txt", "king 1 2\nqueen 3 4\n");
  LoadResult result = load_embedding(path);
  EXPECT_EQ(result.embedding.find("queen"), 1u);
  EXPECT_EQ(result.embedding.row(1)[1], 4.0f);
}

TEST(LoadGlove, PunctuationAndNumericWordsAreWords) {
  TempDir dir;
  const auto path = dir.write("v.txt", ". 0.5 1\n, 1 2\n1990 3 4\n-5 5 6\n");
  LoadResult result = load_embedding(path);
  EXPECT_EQ(result.format, FileFormat::GloveText);
  EXPECT_THAT(result.embedding.words(), ElementsAre(".", ",", "1990", "-5"));
  EXPECT_EQ(result.embedding.row(3)[0], 5.0f);
}

TEST(LoadGlove, ToleratesTabsTrailingSpacesCrlfBomAndBlankLines) {
  TempDir dir;
  const auto path = dir.write("v.txt",
                              "\xEF\xBB\xBF"
                              "caf\xC3\xA9 1\t2  \r\n\r\n  dog\t3 +4e0 \r\nlast 5 6");
  LoadResult result = load_embedding(path);
  EXPECT_THAT(result.embedding.words(), ElementsAre("caf\xC3\xA9", "dog", "last"));
  EXPECT_EQ(result.embedding.dims(), 2);
  EXPECT_EQ(result.embedding.row(1)[1], 4.0f);
  EXPECT_EQ(result.embedding.row(2)[1], 6.0f);
  EXPECT_THAT(result.warnings, IsEmpty());
}

TEST(LoadGlove, ZeroVectorsLoadWithOneSummarisedWarning) {
  TempDir dir;
  const auto path = dir.write("v.txt", "a 0 0 0\nb 0.0 -0 0e5\nc 1 0 0\n");
  LoadResult result = load_embedding(path);
  EXPECT_EQ(result.embedding.rows(), 3u);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("2 zero vectors (first: 'a', row 1)"));
}

TEST(LoadWord2VecText, FastTextStyleTrailingSpaces) {
  TempDir dir;
  const auto path = dir.write("wiki.vec", "2 3\n, 0.1 0.2 0.3 \nthe -1 -2 -3 \n");
  LoadResult result = load_embedding(path);
  EXPECT_EQ(result.format, FileFormat::Word2VecText);
  EXPECT_THAT(result.embedding.words(), ElementsAre(",", "the"));
  EXPECT_EQ(result.embedding.row(1)[2], -3.0f);
}

TEST(LoadWord2VecText, HeaderWithZeroRowsGivesAnEmptyEmbedding) {
  TempDir dir;
  LoadResult result = load_embedding(dir.write("empty.vec", "0 300\n"));
  EXPECT_TRUE(result.embedding.empty());
}

TEST(LoadWord2VecBinary, SkipsWhitespaceBeforeEachWord) {
  Sample s = random_sample(3, 4, 7);
  std::string bytes = "3 4\n";
  for (std::size_t r = 0; r < 3; ++r) {
    bytes += (r == 1 ? "\n\r\n" : "") + s.words[r] + " ";
    bytes.append(reinterpret_cast<const char*>(s.row(r)), 16);
  }
  TempDir dir;
  expect_same(load_embedding(dir.write("x.bin", bytes)).embedding, s);
}

// ---- Projector TSV ------------------------------------------------------------------------

TEST(LoadProjectorTsv, SingleColumnMetadataHasNoHeader) {
  const Sample s = random_sample(5, 4, 11);
  TempDir dir;
  std::string metadata;
  for (const auto& w : s.words) metadata += w + "\n";
  dir.write("metadata.tsv", metadata);
  LoadResult result = load_embedding(dir.write("vectors.tsv", projector_vectors(s)));
  EXPECT_EQ(result.format, FileFormat::ProjectorTsv);
  EXPECT_THAT(result.warnings, IsEmpty());
  expect_same(result.embedding, s);
}

TEST(LoadProjectorTsv, MultiColumnMetadataUsesTheWordOrLabelColumn) {
  const Sample s = random_sample(3, 2, 12);
  TempDir dir;
  std::string metadata = "count\tLabel\tpos\r\n";
  for (const auto& w : s.words) metadata += "17\t" + w + "\tNOUN\r\n";
  const auto metadata_path = dir.write("labels.tsv", metadata);
  LoadOptions options;
  options.metadata_path = metadata_path;
  expect_same(load_embedding(dir.write("vectors.tsv", projector_vectors(s)), options).embedding, s);
}

TEST(LoadProjectorTsv, MultiColumnMetadataWithoutWordColumnUsesTheFirst) {
  TempDir dir;
  dir.write("metadata.tsv", "name\tfreq\nalpha\t1\nbeta\t2\n");
  LoadResult result = load_embedding(dir.write("vectors.tsv", "1\t2\n3\t4\n"));
  EXPECT_THAT(result.embedding.words(), ElementsAre("alpha", "beta"));
}

TEST(LoadProjectorTsv, WithoutMetadataWordsAreRowNumbersWithAWarning) {
  TempDir dir;
  LoadResult result = load_embedding(dir.write("vectors.tsv", "1\t2\n3\t4\n5\t6\n"));
  EXPECT_THAT(result.embedding.words(), ElementsAre("0", "1", "2"));
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("row numbers"));
}

TEST(LoadProjectorTsv, GzippedVectorsAndMetadata) {
  const Sample s = random_sample(40, 6, 13);
  TempDir dir;
  std::string metadata;
  for (const auto& w : s.words) metadata += w + "\n";
  dir.write("metadata.tsv.gz", gzip_bytes(metadata));
  LoadResult result = load_embedding(dir.write("vectors.tsv.gz", gzip_bytes(projector_vectors(s))));
  EXPECT_TRUE(result.gzip);
  expect_same(result.embedding, s);
}

TEST(LoadProjectorTsv, RowCountMismatchWithMetadataIsAnError) {
  TempDir dir;
  dir.write("metadata.tsv", "a\nb\n");
  const auto path = dir.write("vectors.tsv", "1\t2\n3\t4\n5\t6\n");
  EXPECT_THAT(load_error(path), AllOf(HasSubstr("metadata.tsv"), HasSubstr("2 labels"),
                                      HasSubstr("vectors.tsv has 3 rows")));
}

// ---- Detection ----------------------------------------------------------------------------

TEST(LoadDetection, ContentWinsOverMisleadingExtensions) {
  const Sample s = random_sample(20, 5, 21);
  TempDir dir;
  struct Case {
    std::string name;
    std::string bytes;
    FileFormat format;
    bool gzip;
  };
  const std::vector<Case> cases = {
      {"glove-named.bin", text_rows(s), FileFormat::GloveText, false},
      {"binary-named.txt", word2vec_binary(s, true), FileFormat::Word2VecBinary, false},
      {"text-with-header-named.bin", word2vec_text(s), FileFormat::Word2VecText, false},
      {"gzip-named.txt", gzip_bytes(text_rows(s)), FileFormat::GloveText, true},
      {"gzip-binary-named.vec", gzip_bytes(word2vec_binary(s, false)), FileFormat::Word2VecBinary,
       true},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    LoadResult result = load_embedding(dir.write(c.name, c.bytes));
    EXPECT_EQ(result.format, c.format);
    EXPECT_EQ(result.gzip, c.gzip);
    expect_same(result.embedding, s);
  }
}

TEST(LoadDetection, TabSeparatedNumbersAreProjectorVectorsWhateverTheName) {
  TempDir dir;
  LoadResult result = load_embedding(dir.write("numbers.txt", "1\t2\t3\n4\t5\t6\n"));
  EXPECT_EQ(result.format, FileFormat::ProjectorTsv);
  EXPECT_EQ(result.embedding.dims(), 3);
}

TEST(LoadDetection, GalaxyFileIsRecognisedByMagicWhateverTheName) {
  const Sample s = random_sample(10, 4, 22);
  TempDir dir;
  const auto path = dir.file("looks-like.vec");
  write_galaxy_file(path, Embedding(s.words, s.values, s.dims));
  LoadResult result = load_embedding(path);
  EXPECT_EQ(result.format, FileFormat::Galaxy);
  expect_same(result.embedding, s);

  const auto gz = dir.write("compressed.galaxy.gz", gzip_bytes(testing::read_file_bytes(path)));
  LoadResult unzipped = load_embedding(gz);
  EXPECT_EQ(unzipped.format, FileFormat::Galaxy);
  EXPECT_TRUE(unzipped.gzip);
  expect_same(unzipped.embedding, s);
}

TEST(LoadDetection, ExplicitFormatOverridesDetection) {
  TempDir dir;
  // "2 3" would be a word2vec header; forced GloVe reads it as the word "2" with one number.
  const auto path = dir.write("v.txt", "2 3\n4 5\n");
  LoadOptions options;
  options.format = FileFormat::GloveText;
  LoadResult result = load_embedding(path, options);
  EXPECT_EQ(result.format, FileFormat::GloveText);
  EXPECT_THAT(result.embedding.words(), ElementsAre("2", "4"));
}

// ---- Threads, blocks, limit, progress -----------------------------------------------------

TEST(LoadThreads, SameResultForEveryThreadCountAndBlockSize) {
  const Sample s = random_sample(500, 7, 31);
  TempDir dir;
  const auto glove = dir.write("v.txt", text_rows(s));
  const auto w2v = dir.write("v.vec.gz", gzip_bytes(word2vec_text(s)));
  for (int threads : {1, 2, 3, 8}) {
    for (std::size_t block :
         {std::size_t{0}, std::size_t{64}, std::size_t{1000}, std::size_t{4096}}) {
      SCOPED_TRACE("threads " + std::to_string(threads) + " block " + std::to_string(block));
      LoadOptions options;
      options.threads = threads;
      options.block_bytes = block;
      expect_same(load_embedding(glove, options).embedding, s);
      expect_same(load_embedding(w2v, options).embedding, s);
    }
  }
}

// The loader sizes the matrix from the first block's rows per byte; a file whose first rows are
// much longer than the rest beats that guess, and the matrix must grow (in place) without losing or
// reordering a value. Gzip estimates from the compressed share read, so it is covered too.
TEST(LoadThreads, MatrixGrowsPastTheFirstBlocksEstimate) {
  const Sample s = random_sample(6000, 8, 33);
  Sample head = s;
  head.words.resize(60);
  head.values.resize(60 * 8);
  Sample tail = s;
  tail.words.erase(tail.words.begin(), tail.words.begin() + 60);
  tail.values.erase(tail.values.begin(), tail.values.begin() + 60 * 8);
  const std::string padded = text_rows(head, std::string(60, ' '));
  TempDir dir;
  const auto glove = dir.write("v.txt", padded + text_rows(tail));
  const auto gz = dir.write("v.txt.gz", gzip_bytes(padded + text_rows(tail)));
  for (const auto& path : {glove, gz}) {
    for (int threads : {1, 2}) {
      SCOPED_TRACE(path + " threads " + std::to_string(threads));
      LoadOptions options;
      options.threads = threads;
      options.block_bytes = 4096;
      expect_same(load_embedding(path, options).embedding, s);
    }
  }
}

TEST(LoadLimit, KeepsTheFirstRowsOfEveryFormat) {
  const Sample s = random_sample(100, 3, 41);
  Sample first = s;
  first.words.resize(10);
  first.values.resize(10 * 3);
  TempDir dir;
  std::string metadata;
  for (const auto& w : s.words) metadata += w + "\n";
  dir.write("metadata.tsv", metadata);
  const std::vector<std::string> paths = {
      dir.write("v.txt", text_rows(s)),
      dir.write("v.vec", word2vec_text(s)),
      dir.write("v.bin.gz", gzip_bytes(word2vec_binary(s, true))),
      dir.write("vectors.tsv", projector_vectors(s)),
  };
  write_galaxy_file(dir.file("v.galaxy"), Embedding(s.words, s.values, s.dims));
  std::vector<std::string> all = paths;
  all.push_back(dir.file("v.galaxy"));
  for (const auto& path : all) {
    for (std::size_t block : {std::size_t{0}, std::size_t{100}}) {
      SCOPED_TRACE(path);
      LoadOptions options;
      options.limit = 10;
      options.block_bytes = block;
      options.threads = 2;
      expect_same(load_embedding(path, options).embedding, first);
    }
  }
}

TEST(LoadLimit, StopsBeforeProblemsLaterInTheFile) {
  const Sample s = random_sample(2000, 4, 42);
  TempDir dir;
  // A broken row far beyond the limit, and a header that disagrees with the body: neither is read.
  const auto glove = dir.write("v.txt", text_rows(s) + "broken 1 2\n");
  const auto w2v = dir.write("v.vec", "999999 4\n" + text_rows(s));
  for (const auto& path : {glove, w2v}) {
    for (std::size_t block : {std::size_t{0}, std::size_t{256}}) {
      LoadOptions options;
      options.limit = 5;
      options.block_bytes = block;
      EXPECT_EQ(load_embedding(path, options).embedding.rows(), 5u) << path;
    }
  }
}

TEST(LoadLimit, LargerThanTheFileLoadsEverything) {
  const Sample s = random_sample(12, 3, 43);
  TempDir dir;
  LoadOptions options;
  options.limit = 1000;
  expect_same(load_embedding(dir.write("v.vec", word2vec_text(s)), options).embedding, s);
}

TEST(LoadProgress, FractionsRiseToOneAndAreFew) {
  const Sample s = random_sample(3000, 10, 51);
  TempDir dir;
  for (const auto& path :
       {dir.write("v.txt", text_rows(s)), dir.write("v.bin", word2vec_binary(s, true))}) {
    std::vector<double> seen;
    LoadOptions options;
    options.block_bytes = 2000;  // many blocks
    options.progress = [&](double f) { seen.push_back(f); };
    load_embedding(path, options);
    ASSERT_FALSE(seen.empty());
    EXPECT_LE(seen.size(), 101u);
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_GE(seen.front(), 0.0);
    EXPECT_EQ(seen.back(), 1.0);
  }
}

// ---- Warnings -----------------------------------------------------------------------------

TEST(LoadWarnings, DuplicateWordsAreKeptWithOneWarning) {
  TempDir dir;
  LoadResult result = load_embedding(dir.write("v.txt", "a 1\nb 2\na 3\nb 4\na 5\n"));
  EXPECT_EQ(result.embedding.rows(), 5u);
  EXPECT_EQ(result.embedding.find("a"), 0u);
  ASSERT_EQ(result.warnings.size(), 1u);
  EXPECT_THAT(result.warnings[0], HasSubstr("3 duplicate words"));
}

TEST(LoadWarnings, InvalidUtf8IsReplacedWithOneWarning) {
  TempDir dir;
  const auto path = dir.write("v.txt", "ok 1\nbad\xFF 2\n\xC3 3\nfine\xE2\x82\xAC 4\n");
  for (int threads : {1, 2}) {
    LoadOptions options;
    options.threads = threads;
    options.block_bytes = 8;
    LoadResult result = load_embedding(path, options);
    EXPECT_THAT(result.embedding.words(),
                ElementsAre("ok", "bad\xEF\xBF\xBD", "\xEF\xBF\xBD", "fine\xE2\x82\xAC"));
    ASSERT_EQ(result.warnings.size(), 1u);
    EXPECT_THAT(result.warnings[0],
                AllOf(HasSubstr("2 words"), HasSubstr("U+FFFD"), HasSubstr("row 2")));
  }
}

// ---- Errors -------------------------------------------------------------------------------

TEST(LoadErrors, MissingFile) {
  TempDir dir;
  EXPECT_EQ(load_error(dir.file("nope.txt")),
            "cannot open " + dir.file("nope.txt") + ": No such file or directory");
}

TEST(LoadErrors, EmptyAndBlankFiles) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("empty.txt", "")), HasSubstr("empty.txt: the file is empty"));
  EXPECT_THAT(load_error(dir.write("empty.txt.gz", gzip_bytes(""))),
              HasSubstr("empty.txt.gz: the file is empty"));
  EXPECT_THAT(load_error(dir.write("blank.txt", "\n  \r\n\n")),
              HasSubstr("blank.txt: the file has no vectors"));
}

// A GloVe file of 20 rows x 100 dims where line 17 is replaced by `bad_line`.
std::string glove_with_line17(const std::string& bad_line) {
  Sample s = random_sample(20, 100, 61);
  std::string text;
  std::size_t line = 1;
  std::size_t start = 0;
  const std::string all = text_rows(s);
  while (start < all.size()) {
    const std::size_t end = all.find('\n', start);
    text += line == 17 ? bad_line : all.substr(start, end - start);
    text += "\n";
    start = end + 1;
    ++line;
  }
  return text;
}

std::string numbers(int count, const std::string& value = "0.5") {
  std::string out;
  for (int i = 0; i < count; ++i) out += " " + value;
  return out;
}

TEST(LoadErrors, WrongNumberOfValuesNamesFileLineAndCounts) {
  TempDir dir;
  const auto too_few = dir.write("vectors.txt", glove_with_line17("cat" + numbers(99)));
  const auto too_many = dir.write("more.txt", glove_with_line17("cat" + numbers(101)));
  for (std::size_t block : {std::size_t{0}, std::size_t{500}}) {
    for (int threads : {1, 3}) {
      LoadOptions options;
      options.block_bytes = block;
      options.threads = threads;
      EXPECT_THAT(load_error(too_few, options),
                  HasSubstr("vectors.txt:17: expected 100 numbers after the word, found 99"));
      EXPECT_THAT(load_error(too_many, options),
                  HasSubstr("more.txt:17: expected 100 numbers after the word, found 101"));
    }
  }
}

TEST(LoadErrors, NotANumber) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("v.txt", glove_with_line17("cat abc" + numbers(99)))),
              HasSubstr("v.txt:17: not a number: 'abc'"));
  EXPECT_THAT(load_error(dir.write("w.txt", glove_with_line17("cat 1.5x" + numbers(99)))),
              HasSubstr("w.txt:17: not a number: '1.5x'"));
}

TEST(LoadErrors, NanAndInfinity) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("v.txt", glove_with_line17("cat nan" + numbers(99)))),
              HasSubstr("v.txt:17: NaN or infinite value"));
  EXPECT_THAT(load_error(dir.write("w.txt", glove_with_line17("cat" + numbers(99) + " -inf"))),
              HasSubstr("w.txt:17: NaN or infinite value"));
  EXPECT_THAT(load_error(dir.write("x.txt", glove_with_line17("cat 1e999" + numbers(99)))),
              HasSubstr("x.txt:17: number out of the float range: '1e999'"));
}

TEST(LoadErrors, LineNumbersCountHeaderAndBlankLines) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("v.vec", "3 2\na 1 2\n\nb 1\nc 1 2\n")),
              HasSubstr("v.vec:4: expected 2 numbers after the word, found 1"));
  EXPECT_THAT(load_error(dir.write("v.txt.gz", gzip_bytes("a 1 2\nb 1 2\nc 1 x\n"))),
              HasSubstr("v.txt.gz:3: not a number: 'x'"));
}

TEST(LoadErrors, HeaderDisagreesWithBody) {
  TempDir dir;
  EXPECT_THAT(
      load_error(dir.write("vectors.txt", "5 3\na 1 2 3\nb 1 2 3\nc 1 2 3\nd 1 2 3\n")),
      HasSubstr("vectors.txt:1: header says 5 rows of 3 dimensions, but the file has 4 rows"));
  EXPECT_THAT(load_error(dir.write("more.vec", "1 3\na 1 2 3\nb 1 2 3\n")),
              HasSubstr("more.vec:1: header says 1 rows of 3 dimensions, but the file has 2 rows"));
  EXPECT_THAT(load_error(dir.write("dims.vec", "2 3\na 1 2 3 4\nb 1 2 3 4\n")),
              HasSubstr("dims.vec:2: expected 3 numbers after the word, found 4"));
}

TEST(LoadErrors, HugeHeaderClaimsDoNotAllocate) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("huge.vec", "1000000000000 3\na 1 2 3\n")),
              HasSubstr("huge.vec:1: header says 1000000000000 rows of 3 dimensions, but the file "
                        "has 1 rows"));
  EXPECT_THAT(
      load_error(dir.write("huge.bin", std::string("1000000000000 1000000\nab \x01\x02\x03", 28))),
      HasSubstr("huge.bin: truncated at byte"));
  EXPECT_THAT(load_error(dir.write("dims.vec", "2 0\na\nb\n")),
              HasSubstr("dims.vec:1: the header's number of dimensions"));
}

TEST(LoadErrors, WordWithoutNumbers) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("words.txt", "hello\nworld\n")),
              HasSubstr("words.txt:1: expected a word followed by numbers"));
}

TEST(LoadErrors, TruncatedWord2VecBinaryNamesByteRowAndWord) {
  Sample s = random_sample(20, 300, 71);
  s.words[16] = "cat";
  const std::string bytes = word2vec_binary(s, false);
  const std::size_t row17 = bytes.find("cat ");
  TempDir dir;
  const auto path = dir.write("words.bin", bytes.substr(0, row17 + 4 + 100));
  EXPECT_THAT(load_error(path),
              HasSubstr("words.bin: truncated at byte " + std::to_string(row17 + 4 + 100) +
                        " (row 17 'cat' needs 1200 bytes of vectors)"));
  EXPECT_THAT(load_error(dir.write("words.bin.gz", gzip_bytes(bytes.substr(0, row17 + 4 + 100)))),
              HasSubstr("words.bin.gz: truncated at byte"));
}

TEST(LoadErrors, Word2VecBinaryNanNamesByteAndRow) {
  Sample s = random_sample(3, 4, 72);
  s.values[1 * 4 + 2] = std::nanf("");
  TempDir dir;
  const std::string bytes = word2vec_binary(s, true);
  const std::size_t offset = bytes.find(s.words[1] + " ") + s.words[1].size() + 1 + 8;
  EXPECT_THAT(load_error(dir.write("n.bin", bytes)),
              HasSubstr("n.bin: byte " + std::to_string(offset) + ": row 2 '" + s.words[1] +
                        "': NaN or infinite value"));
}

TEST(LoadErrors, Word2VecBinaryWithMoreDataThanTheHeaderSays) {
  Sample s = random_sample(3, 4, 73);
  std::string bytes = word2vec_binary(s, true);
  bytes[0] = '2';
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("x.bin", bytes)),
              HasSubstr("x.bin:1: header says 2 rows of 4 dimensions, but the file has more data"));
}

TEST(LoadErrors, CorruptOrTruncatedGzip) {
  const std::string compressed = gzip_bytes(text_rows(random_sample(200, 10, 81)));
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("cut.txt.gz", compressed.substr(0, compressed.size() / 2))),
              AllOf(HasSubstr("cut.txt.gz"), HasSubstr("gzip")));
  std::string garbled = compressed;
  for (std::size_t i = 20; i < 60; ++i) garbled[i] = static_cast<char>(garbled[i] ^ 0x5a);
  EXPECT_THAT(load_error(dir.write("bad.txt.gz", garbled)),
              AllOf(HasSubstr("bad.txt.gz"), HasSubstr("gzip")));
}

TEST(LoadErrors, ForcedWord2VecWithoutHeader) {
  TempDir dir;
  LoadOptions options;
  options.format = FileFormat::Word2VecText;
  EXPECT_THAT(load_error(dir.write("g.txt", "a 1 2\n"), options),
              HasSubstr("g.txt:1: expected a header line"));
}

TEST(LoadErrors, ForcedGalaxyOnATextFile) {
  TempDir dir;
  LoadOptions options;
  options.format = FileFormat::Galaxy;
  EXPECT_THAT(load_error(dir.write("g.txt", "a 1 2\n"), options),
              HasSubstr("g.txt: not a galaxy file"));
}

}  // namespace
}  // namespace galaxy
