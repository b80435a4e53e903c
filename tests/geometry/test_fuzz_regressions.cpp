// Regression tests for the inputs the libFuzzer targets (tests/fuzz, scripts/fuzz.sh) found. Each
// test names the target that found it; the fix is marked "Fuzzing fix" in the source.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <string>

#include "geometry/loaders.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;
using testing::TempDir;

// Peak resident memory of this process so far, in MiB.
long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// The message of the DataError that loading `path` throws ("" if it loads, fails the test).
std::string load_error(const std::string& path, FileFormat format = FileFormat::Auto) {
  LoadOptions options;
  options.format = format;
  try {
    load_embedding(path, options);
  } catch (const DataError& error) {
    return error.what();
  }
  ADD_FAILURE() << path << " loaded";
  return "";
}

// fuzz_text: a word2vec text header claiming 2e9 dimensions made the row parser allocate (and zero)
// 8 GB for the first row before finding that it has 2 numbers.
TEST(FuzzRegressions, Word2VecTextHeaderWithHugeDimsFailsWithoutAllocatingThem) {
  TempDir dir;
  const std::string path = dir.write("huge.txt", "1 2000000000\na 1 2\n");
  const long before = peak_rss_mib();
  EXPECT_THAT(load_error(path, FileFormat::Word2VecText),
              HasSubstr("huge.txt:2: expected 2000000000 numbers after the word, found 2"));
  EXPECT_THAT(load_error(path), HasSubstr("expected 2000000000 numbers after the word, found 2"));
  EXPECT_LT(peak_rss_mib() - before, 512);
}

// The bound above must not change what a short or bad line reports.
TEST(FuzzRegressions, ShortAndBadLinesKeepTheirMessages) {
  TempDir dir;
  EXPECT_THAT(load_error(dir.write("short.txt", "1 5\na 1 2\n")),
              HasSubstr("short.txt:2: expected 5 numbers after the word, found 2"));
  EXPECT_THAT(load_error(dir.write("bad.txt", "1 3\na 1 x\n")),
              HasSubstr("bad.txt:2: not a number: 'x'"));
  EXPECT_THAT(load_error(dir.write("long.txt", "1 2\na 1 2 3\n")),
              HasSubstr("long.txt:2: expected 2 numbers after the word, found 3"));
}

// fuzz_word2vec_binary: a word2vec binary header claiming 2e9 dimensions reserved and resized 8 GB
// for the first row of a 19-byte file before noticing the truncation.
TEST(FuzzRegressions, Word2VecBinaryHeaderWithHugeDimsIsTruncationNotAllocation) {
  TempDir dir;
  const std::string path = dir.write("huge.bin", "1 2000000000\na \x01\x02\x03\x04");
  const long before = peak_rss_mib();
  EXPECT_THAT(load_error(path, FileFormat::Word2VecBinary),
              HasSubstr("huge.bin: truncated at byte 19"));
  EXPECT_LT(peak_rss_mib() - before, 512);
}

// fuzz_gzip: the same header behind gzip, where the file size does not bound the reservation.
TEST(FuzzRegressions, GzippedWord2VecBinaryHeaderWithHugeDims) {
  TempDir dir;
  const std::string path = dir.file("huge.bin.gz");
  gzFile out = gzopen(path.c_str(), "wb");
  ASSERT_NE(out, nullptr);
  const std::string body = "3 100000000\na \x01\x02\x03\x04";
  ASSERT_EQ(gzwrite(out, body.data(), static_cast<unsigned>(body.size())),
            static_cast<int>(body.size()));
  ASSERT_EQ(gzclose(out), Z_OK);
  const long before = peak_rss_mib();
  EXPECT_THAT(load_error(path, FileFormat::Word2VecBinary), HasSubstr("truncated at byte 18"));
  EXPECT_LT(peak_rss_mib() - before, 512);
}

// A well-formed binary row still loads after the row is read in bounded steps.
TEST(FuzzRegressions, Word2VecBinaryRowsStillLoad) {
  TempDir dir;
  std::string body = "2 3\n";
  const float values[6] = {1, 2, 3, -4, 5.5f, 0};
  body += "king ";
  body.append(reinterpret_cast<const char*>(values), 12);
  body += "\nqueen ";
  body.append(reinterpret_cast<const char*>(values + 3), 12);
  LoadOptions options;
  options.format = FileFormat::Word2VecBinary;
  const LoadResult result = load_embedding(dir.write("ok.bin", body), options);
  ASSERT_EQ(result.embedding.rows(), 2u);
  EXPECT_EQ(result.embedding.word(1), "queen");
  EXPECT_FLOAT_EQ(result.embedding.row(1)[1], 5.5f);
}

// fuzz_galaxy (auto-detected as word2vec text): a 63-byte file whose header claims 9,999,999
// dimensions made the loader reserve room for 1024 rows of them (40 GB of address space) before
// reading a single row, which the sanitizer build refused with std::bad_alloc. The reservation is
// now capped by what the text could hold. Fuzzing fix.
TEST(FuzzRegressions, AHugeDimensionClaimInATinyFileReservesNothingBig) {
  TempDir dir;
  const std::string bytes =
      "\n\n\n000000100000000000000000100000000000000\r\r\r\r\r\r\r\r\r9999999\n\n\n\n\n\n11";
  const auto path = dir.write("claims.txt", bytes);
  // The whole process may not map more than 2 GB more than it already has while loading.
  rlimit old{};
  getrlimit(RLIMIT_AS, &old);
  std::string error;
  {
    rlimit tight = old;
    std::FILE* maps = std::fopen("/proc/self/statm", "r");
    unsigned long pages = 0;
    if (maps && std::fscanf(maps, "%lu", &pages) == 1) {
      tight.rlim_cur = pages * 4096ul + (2ul << 30);
      if (old.rlim_cur != RLIM_INFINITY) tight.rlim_cur = std::min(tight.rlim_cur, old.rlim_cur);
    }
    if (maps) std::fclose(maps);
    setrlimit(RLIMIT_AS, &tight);
    LoadOptions options;
    options.block_bytes = 16;  // blocks smaller than the file, as the fuzzer's config chose
    try {
      load_embedding(path, options);
    } catch (const DataError& e) {
      error = e.what();
    } catch (const std::bad_alloc&) {
      error = "std::bad_alloc";
    }
    setrlimit(RLIMIT_AS, &old);
  }
  EXPECT_THAT(error, HasSubstr("claims.txt:10: expected 9999999 numbers after the word, found 0"));
}

}  // namespace
}  // namespace galaxy
