// Specs for the galaxy binary format (round trips, zero-copy mmap, validation) and atomic file
// writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "geometry/atomic_file.h"
#include "geometry/binary_format.h"
#include "geometry/loaders.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using testing::TempDir;

Embedding random_embedding(std::size_t rows, int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::string> words;
  for (std::size_t r = 0; r < rows; ++r) {
    // A mix of ASCII, multi-byte UTF-8 and long words.
    switch (r % 3) {
      case 0:
        words.push_back("w" + std::to_string(r));
        break;
      case 1:
        words.push_back("caf\xC3\xA9_" + std::to_string(r));
        break;
      default:
        words.push_back(std::string(20 + rng() % 20, 'x') + std::to_string(r));
        break;
    }
  }
  std::vector<float> values(rows * static_cast<std::size_t>(dims));
  for (float& v : values) v = normal(rng);
  return Embedding(std::move(words), std::move(values), dims);
}

std::string galaxy_error(const std::string& path) {
  try {
    open_galaxy_file(path);
  } catch (const DataError& e) {
    return e.what();
  }
  ADD_FAILURE() << "expected a DataError opening " << path;
  return "";
}

// ---- Value checks -------------------------------------------------------------------------

TEST(GalaxyValues, ANanIsReportedWithItsByteUnlessTheCallerReadsNoValues) {
  const Embedding original({"the", "of"}, std::vector<float>{1.0f, 2.0f, 12345.5f, 4.0f}, 2);
  TempDir dir;
  const auto path = dir.file("v.galaxy");
  write_galaxy_file(path, original);
  // Damage the third value on disk.
  std::string bytes = testing::read_file_bytes(path);
  float marker = 12345.5f;
  const auto at = bytes.find(std::string(reinterpret_cast<const char*>(&marker), sizeof marker));
  ASSERT_NE(at, std::string::npos);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  bytes.replace(at, sizeof nan, std::string(reinterpret_cast<const char*>(&nan), sizeof nan));
  dir.write("v.galaxy", bytes);

  try {
    open_galaxy_file(path);
    FAIL() << "a NaN must be reported";
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(),
                HasSubstr("byte " + std::to_string(at) + ": row 2 'of': NaN or infinite value"));
  }
  // `galaxy info` reads no values: the file opens without the pass over them.
  const Embedding unchecked = open_galaxy_file(path, 0, nullptr, /*check_values=*/false);
  EXPECT_EQ(unchecked.rows(), 2u);
  LoadOptions options;
  options.check_values = false;
  EXPECT_EQ(load_embedding(path, options).embedding.rows(), 2u);
  EXPECT_THROW(load_embedding(path), DataError);
}

// ---- Round trips --------------------------------------------------------------------------

class GalaxyRoundTrip : public ::testing::TestWithParam<std::tuple<std::size_t, int>> {};

TEST_P(GalaxyRoundTrip, Float32IsExactAndZeroCopy) {
  const auto [rows, dims] = GetParam();
  const Embedding original = random_embedding(rows, dims, rows * 31 + dims);
  TempDir dir;
  const auto path = dir.file("e.galaxy");
  write_galaxy_file(path, original);
  EXPECT_TRUE(is_galaxy_file(path));

  Embedding loaded = open_galaxy_file(path);
  ASSERT_EQ(loaded.rows(), rows);
  ASSERT_EQ(loaded.dims(), dims);
  EXPECT_EQ(loaded.words(), original.words());
  if (rows > 0) {
    EXPECT_EQ(std::memcmp(loaded.data(), original.data(), rows * dims * sizeof(float)), 0);
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(loaded.data()) % 64, 0u) << "rows must be aligned";
  }
  // The mapping lives as long as the Embedding, wherever it is moved.
  Embedding moved = std::move(loaded);
  if (rows > 0) {
    EXPECT_EQ(moved.row(rows - 1)[dims - 1], original.row(rows - 1)[dims - 1]);
    EXPECT_EQ(moved.find(original.word(rows - 1)), rows - 1);
  }
}

TEST_P(GalaxyRoundTrip, Float16IsWithinHalfPrecision) {
  const auto [rows, dims] = GetParam();
  const Embedding original = random_embedding(rows, dims, rows * 37 + dims);
  TempDir dir;
  const auto path = dir.file("e16.galaxy");
  write_galaxy_file(path, original, StorageType::Float16);
  Embedding loaded = open_galaxy_file(path);
  ASSERT_EQ(loaded.rows(), rows);
  EXPECT_EQ(loaded.words(), original.words());
  for (std::size_t i = 0; i < rows * dims; ++i) {
    const float a = original.data()[i], b = loaded.data()[i];
    // Half precision: 11 significant bits (relative error <= 2^-11), subnormals below 2^-14.
    EXPECT_LE(std::fabs(a - b), std::max(std::fabs(a) * 0x1p-11f, 0x1p-25f)) << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, GalaxyRoundTrip,
                         ::testing::Values(std::make_tuple(0, 0), std::make_tuple(1, 1),
                                           std::make_tuple(5, 3), std::make_tuple(257, 50),
                                           std::make_tuple(1000, 17)));

TEST(GalaxyFile, OpensThroughLoadEmbeddingWithLimit) {
  const Embedding original = random_embedding(50, 4, 5);
  TempDir dir;
  const auto path = dir.file("e.galaxy");
  write_galaxy_file(path, original, StorageType::Float16);
  LoadOptions options;
  options.limit = 7;
  LoadResult result = load_embedding(path, options);
  EXPECT_EQ(result.format, FileFormat::Galaxy);
  EXPECT_EQ(result.embedding.rows(), 7u);
  EXPECT_EQ(result.embedding.word(6), original.word(6));
}

TEST(GalaxyFile, RefusesToOverwriteUnlessAsked) {
  const Embedding first = random_embedding(3, 2, 1), second = random_embedding(4, 2, 2);
  TempDir dir;
  const auto path = dir.file("e.galaxy");
  write_galaxy_file(path, first);
  try {
    write_galaxy_file(path, second);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("already exists"));
  }
  EXPECT_EQ(open_galaxy_file(path).rows(), 3u);
  write_galaxy_file(path, second, StorageType::Float32, /*overwrite=*/true);
  EXPECT_EQ(open_galaxy_file(path).rows(), 4u);
  EXPECT_THAT(dir.entries(), ElementsAre("e.galaxy"));  // no temp files left behind
}

TEST(GalaxyFile, Float16RejectsValuesOutOfRange) {
  TempDir dir;
  Embedding big({"a", "huge"}, {1.0f, 2.0f, 3.0f, 70000.0f}, 2);
  try {
    write_galaxy_file(dir.file("big.galaxy"), big, StorageType::Float16);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr("row 2 'huge'"));
    EXPECT_THAT(e.what(), HasSubstr("float16"));
  }
  EXPECT_TRUE(dir.entries().empty());
}

TEST(GalaxyFile, IsGalaxyFileChecksTheMagicNumber) {
  TempDir dir;
  EXPECT_FALSE(is_galaxy_file(dir.write("text.galaxy", "the 1 2 3\n")));
  EXPECT_FALSE(is_galaxy_file(dir.write("short", "EGAL")));
  EXPECT_FALSE(is_galaxy_file(dir.file("missing")));
  write_galaxy_file(dir.file("named.txt"), random_embedding(2, 2, 3));
  EXPECT_TRUE(is_galaxy_file(dir.file("named.txt")));
}

// ---- Validation ---------------------------------------------------------------------------

TEST(GalaxyFileErrors, TruncatedFilesNameTheByteOffset) {
  TempDir dir;
  const auto path = dir.file("e.galaxy");
  write_galaxy_file(path, random_embedding(100, 10, 9));
  const std::string bytes = testing::read_file_bytes(path);
  for (std::size_t keep : {std::size_t{40}, std::size_t{64}, std::size_t{2000}, bytes.size() - 1}) {
    SCOPED_TRACE(keep);
    const auto cut = dir.write("cut.galaxy", bytes.substr(0, keep));
    EXPECT_THAT(galaxy_error(cut),
                HasSubstr("cut.galaxy: truncated at byte " + std::to_string(keep) + " ("));
  }
}

TEST(GalaxyFileErrors, CorruptHeadersAreDescribed) {
  TempDir dir;
  const auto path = dir.file("e.galaxy");
  write_galaxy_file(path, random_embedding(10, 4, 10));
  const std::string bytes = testing::read_file_bytes(path);

  std::string version = bytes;
  version[8] = 9;
  EXPECT_THAT(galaxy_error(dir.write("v.galaxy", version)),
              HasSubstr("v.galaxy: byte 8: galaxy format version 9 is not supported"));

  std::string rows = bytes;
  const std::uint64_t huge = std::uint64_t{1} << 60;
  std::memcpy(&rows[16], &huge, sizeof huge);
  EXPECT_THAT(galaxy_error(dir.write("r.galaxy", rows)), HasSubstr("r.galaxy: truncated at byte"));

  std::string word_length = bytes;
  const std::uint32_t long_word = 1000000;
  const std::uint64_t words_offset = [&] {
    std::uint64_t v;
    std::memcpy(&v, &bytes[40], sizeof v);
    return v;
  }();
  std::memcpy(&word_length[words_offset], &long_word, sizeof long_word);
  EXPECT_THAT(galaxy_error(dir.write("w.galaxy", word_length)),
              HasSubstr("w.galaxy: byte " + std::to_string(words_offset) + ": word 1 has length"));

  EXPECT_THAT(galaxy_error(dir.write("junk.galaxy", bytes + "junk")),
              HasSubstr("junk.galaxy: byte " + std::to_string(bytes.size()) + ": unexpected data"));
  EXPECT_THAT(galaxy_error(dir.write("text.galaxy", "hello 1 2\n")),
              HasSubstr("text.galaxy: not a galaxy file"));
  EXPECT_THAT(galaxy_error(dir.write("empty.galaxy", "")),
              HasSubstr("empty.galaxy: the file is empty"));
  EXPECT_THAT(
      galaxy_error(dir.file("missing.galaxy")),
      HasSubstr("cannot open " + dir.file("missing.galaxy") + ": No such file or directory"));
}

// ---- float16 conversion -------------------------------------------------------------------

TEST(BinaryHalfFloat, KnownValues) {
  EXPECT_EQ(float_to_half(0.0f), 0x0000);
  EXPECT_EQ(float_to_half(-0.0f), 0x8000);
  EXPECT_EQ(float_to_half(1.0f), 0x3c00);
  EXPECT_EQ(float_to_half(-2.0f), 0xc000);
  EXPECT_EQ(float_to_half(65504.0f), 0x7bff);
  EXPECT_EQ(float_to_half(1e6f), 0x7c00);
  EXPECT_EQ(float_to_half(0x1p-24f), 0x0001);             // smallest subnormal
  EXPECT_EQ(float_to_half(1.0f + 0x1p-11f), 0x3c00);      // tie rounds to even
  EXPECT_EQ(float_to_half(1.0f + 3 * 0x1p-11f), 0x3c02);  // tie rounds to even (up)
  EXPECT_TRUE(std::isnan(half_to_float(float_to_half(std::nanf("")))));
  EXPECT_EQ(half_to_float(0x3555), 0.333251953125f);
}

TEST(BinaryHalfFloat, EveryHalfSurvivesARoundTrip) {
  for (std::uint32_t h = 0; h < 0x10000; ++h) {
    const float f = half_to_float(static_cast<std::uint16_t>(h));
    if (std::isnan(f)) continue;
    ASSERT_EQ(float_to_half(f), h) << std::hex << h;
  }
}

// ---- Atomic writes ------------------------------------------------------------------------

TEST(AtomicFile, WritesTheWholeFileAndLeavesNoTempFiles) {
  TempDir dir;
  const auto path = dir.file("out.txt");
  write_file_atomically(path, [](std::FILE* f) { std::fputs("hello\n", f); });
  EXPECT_EQ(testing::read_file_bytes(path), "hello\n");
  EXPECT_THAT(dir.entries(), ElementsAre("out.txt"));
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_NE(info.st_mode & 0044, 0u) << "readable like a normally created file";
}

TEST(AtomicFile, RefusesToReplaceUnlessOverwrite) {
  TempDir dir;
  const auto path = dir.write("out.txt", "old");
  try {
    write_file_atomically(path, [](std::FILE* f) { std::fputs("new", f); });
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
  }
  EXPECT_EQ(testing::read_file_bytes(path), "old");
  write_file_atomically(
      path, [](std::FILE* f) { std::fputs("new", f); }, /*overwrite=*/true);
  EXPECT_EQ(testing::read_file_bytes(path), "new");
  EXPECT_THAT(dir.entries(), ElementsAre("out.txt"));
}

TEST(AtomicFile, AThrowingWriterLeavesTheOldFileAndNoTempFile) {
  TempDir dir;
  const auto path = dir.write("out.txt", "old");
  EXPECT_THROW(write_file_atomically(
                   path,
                   [](std::FILE* f) {
                     std::fputs("partial", f);
                     throw std::runtime_error("writer failed");
                   },
                   true),
               std::runtime_error);
  EXPECT_EQ(testing::read_file_bytes(path), "old");
  EXPECT_THAT(dir.entries(), ElementsAre("out.txt"));
}

TEST(AtomicFile, MissingFolderNamesThePathAndTheReason) {
  TempDir dir;
  const auto path = dir.file("no/such/folder/out.txt");
  try {
    write_file_atomically(path, [](std::FILE*) {});
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
}

TEST(AtomicFile, FullDiskIsADataError) {
  // /dev/full fails every write with ENOSPC; the writer's stream reports it at flush time.
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no /dev/full";
  TempDir dir;
  const auto path = dir.file("out.bin");
  try {
    write_file_atomically(path, [](std::FILE* f) {
      // Redirect the stream's descriptor to /dev/full to simulate a full disk.
      std::FILE* full = std::freopen("/dev/full", "wb", f);
      ASSERT_NE(full, nullptr);
      std::string block(1 << 16, 'x');
      std::fwrite(block.data(), 1, block.size(), f);
    });
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("No space left on device"));
  }
  EXPECT_TRUE(dir.entries().empty());
}

}  // namespace
}  // namespace galaxy
