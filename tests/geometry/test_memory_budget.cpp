// Specs for the memory budget: a file whose vectors would not fit in the free memory is refused
// before loading, with a --limit that would fit; header claims are capped by the file's size, and
// memory-mapped galaxy files are exempt. GALAXY_MEMORY_LIMIT_BYTES stands in for the free memory.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <optional>
#include <string>
#include <vector>

#include "geometry/binary_format.h"
#include "geometry/loaders.h"
#include "geometry/memory_budget.h"
#include "support/gzip_bytes.h"
#include "support/seeded_embedding.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::TempDir;

// Sets GALAXY_MEMORY_LIMIT_BYTES for one test and restores what was there.
class MemoryLimit {
 public:
  explicit MemoryLimit(std::uint64_t bytes) {
    if (const char* old = std::getenv(kName)) old_ = old;
    ::setenv(kName, std::to_string(bytes).c_str(), 1);
  }
  ~MemoryLimit() {
    if (old_) {
      ::setenv(kName, old_->c_str(), 1);
    } else {
      ::unsetenv(kName);
    }
  }
  MemoryLimit(const MemoryLimit&) = delete;
  MemoryLimit& operator=(const MemoryLimit&) = delete;

 private:
  static constexpr const char* kName = "GALAXY_MEMORY_LIMIT_BYTES";
  std::optional<std::string> old_;
};

// 2000 rows of 50 dimensions: 50 * 4 + 48 = 248 bytes a row, about 496 KB in memory.
constexpr std::size_t kRows = 2000;
constexpr int kDims = 50;

std::string glove_text() {
  std::string text;
  for (std::size_t r = 0; r < kRows; ++r) {
    text += "word" + std::to_string(r);
    for (int d = 0; d < kDims; ++d) text += " 0.123456";
    text += "\n";
  }
  return text;
}

std::string gzip(const std::string& data) {
  return testing::gzip_bytes(data);
}

std::string load_error(const std::string& path, std::size_t limit = 0) {
  LoadOptions options;
  options.limit = limit;
  try {
    load_embedding(path, options);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << path << " loaded";
  return "";
}

// 100 KB hold 403 rows of 248 bytes: the advice rounds down to 400.
const char* const kAdvice =
    " of vectors would not fit in the 100 KB of free memory; open the first rows with --limit 400";

TEST(MemoryBudget, TooLargeTextFileIsRefusedBeforeLoadingWithALimitThatFits) {
  TempDir dir;
  const auto path = dir.write("big.txt", glove_text());
  MemoryLimit limit(100000);
  EXPECT_THAT(load_error(path), AllOf(HasSubstr(path + ": about "), HasSubstr(kAdvice)));

  LoadOptions options;
  options.limit = 400;
  EXPECT_EQ(load_embedding(path, options).embedding.rows(), 400u);
}

TEST(MemoryBudget, EveryLoadedFormatIsChecked) {
  TempDir dir;
  const Embedding e = testing::random_embedding(kRows, kDims, 5);
  std::string vec = std::to_string(kRows) + " " + std::to_string(kDims) + "\n" + glove_text();
  std::string bin = std::to_string(kRows) + " " + std::to_string(kDims) + "\n";
  std::string tsv;
  for (std::size_t r = 0; r < kRows; ++r) {
    bin += e.word(r) + " ";
    bin.append(reinterpret_cast<const char*>(e.row(r)), sizeof(float) * kDims);
    for (int d = 0; d < kDims; ++d) tsv += (d ? "\t" : "") + std::string("0.25");
    tsv += "\n";
  }
  MemoryLimit limit(100000);
  for (const auto& path :
       {dir.write("big.vec", vec), dir.write("big.bin", bin), dir.write("vectors.tsv", tsv),
        dir.write("big.txt.gz", gzip(glove_text())), dir.write("big.bin.gz", gzip(bin))}) {
    SCOPED_TRACE(path);
    EXPECT_THAT(load_error(path), AllOf(HasSubstr(path + ": about "), HasSubstr(kAdvice)));
  }
}

TEST(MemoryBudget, FilesThatFitLoadAsBefore) {
  TempDir dir;
  const auto path = dir.write("small.txt", glove_text());
  MemoryLimit limit(10'000'000);
  EXPECT_EQ(load_embedding(path).embedding.rows(), kRows);
}

TEST(MemoryBudget, HeaderClaimsAreCappedByTheFileSize) {
  TempDir dir;
  // 10^12 rows claimed, 3 present: the budget sees at most what 40 bytes can hold, and the load
  // fails on the real problem (the header), not on memory.
  const auto path = dir.write("claims.vec", "1000000000000 2\na 1 2\nb 1 2\nc 1 2\n");
  MemoryLimit limit(100000);
  EXPECT_THAT(load_error(path), HasSubstr("claims.vec:1: header says 1000000000000 rows"));

  const MatrixEstimate binary =
      estimate_matrix(FileFormat::Word2VecBinary, "1000000000000 300", 1'202'000);
  EXPECT_EQ(binary.rows, 1000u);  // 1202 bytes at least per row of 300 floats
  EXPECT_EQ(binary.dims, 300u);
  const MatrixEstimate text = estimate_matrix(FileFormat::Word2VecText, "3000000 300", 6'020'000);
  EXPECT_EQ(text.rows, 10000u);  // "0 " per number at least
}

TEST(MemoryBudget, TextWithoutHeaderIsEstimatedFromTheFirstRow) {
  const MatrixEstimate glove = estimate_matrix(FileFormat::GloveText, "the 0.5 0.25 1", 15'000);
  EXPECT_EQ(glove.rows, 1000u);  // 14 bytes + newline a row
  EXPECT_EQ(glove.dims, 3u);
  const MatrixEstimate tsv = estimate_matrix(FileFormat::ProjectorTsv, "0.5\t0.25\t1", 11'000);
  EXPECT_EQ(tsv.rows, 1000u);
  EXPECT_EQ(tsv.dims, 3u);
  EXPECT_EQ(tsv.bytes(), 1000u * (3 * 4 + kWordOverheadBytes));
}

TEST(MemoryBudget, MemoryMappedGalaxyFilesAreExempt) {
  TempDir dir;
  const auto path = dir.file("big.galaxy");
  write_galaxy_file(path, testing::random_embedding(kRows, kDims, 6));
  MemoryLimit limit(100000);
  EXPECT_EQ(load_embedding(path).embedding.rows(), kRows);
  EXPECT_EQ(estimate_matrix(FileFormat::Galaxy, "", 1 << 30).bytes(), 0u);
}

TEST(MemoryBudget, FreeMemoryComesFromTheEnvironmentOrProcMeminfo) {
  {
    MemoryLimit limit(12345);
    EXPECT_EQ(available_memory_bytes(), 12345u);
  }
  if (std::getenv("GALAXY_MEMORY_LIMIT_BYTES") == nullptr) {
    EXPECT_GT(available_memory_bytes(), 0u) << "MemAvailable in /proc/meminfo";
  }
}

TEST(MemoryBudget, GigabyteMessageForRealSizes) {
  MatrixEstimate estimate;
  estimate.rows = 3'000'000;
  estimate.dims = 300;  // 1248 bytes a row: 3.7 GB
  try {
    check_memory_budget("GoogleNews.bin", estimate, 0, 2'000'000'000);
    FAIL() << "expected a DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(),
                 "GoogleNews.bin: about 3.7 GB of vectors would not fit in the 2.0 GB of free "
                 "memory; open the first rows with --limit 1600000");
  }
  EXPECT_NO_THROW(check_memory_budget("GoogleNews.bin", estimate, 1'600'000, 2'000'000'000));
  EXPECT_NO_THROW(check_memory_budget("GoogleNews.bin", estimate, 0, 0));  // unknown: no check
}

}  // namespace
}  // namespace galaxy
