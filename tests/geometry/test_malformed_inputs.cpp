// The malformed-input spec of issue 5 ("Hostile input") as one table: for every loader, each
// hostile input either fails with a DataError that names the file, the line or byte offset and the
// problem, or, where loading is sensible, loads with at most one summarised warning.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/resource.h>
#include <zlib.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "geometry/binary_format.h"
#include "geometry/loaders.h"
#include "support/gzip_bytes.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;
using testing::TempDir;

// ---- File builders ------------------------------------------------------------------------

std::string gzip(const std::string& data) {
  return testing::gzip_bytes(data);
}

std::string float_bytes(std::initializer_list<float> values) {
  std::string out;
  for (float v : values) out.append(reinterpret_cast<const char*>(&v), sizeof v);
  return out;
}

// A word2vec binary file: header line, then `word ` + raw float32 bytes + "\n" per row.
std::string w2v_binary(const std::string& header,
                       const std::vector<std::pair<std::string, std::string>>& rows) {
  std::string out = header + "\n";
  for (const auto& [word, vector] : rows) out += word + " " + vector + "\n";
  return out;
}

// `count` bytes that are no text format at all (seeded, so every run sees the same bytes), after
// a PNG signature: what a user gets when they open an image by mistake.
std::string binary_garbage(std::size_t count, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out = "\x89PNG\r\n\x1a\n";
  for (std::size_t i = 0; i < count; ++i) out += static_cast<char>(rng() & 0xff);
  return out;
}

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  out.reserve(piece.size() * times);
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// The bytes of a real .galaxy file of `words` x 2 dims written by write_galaxy_file.
std::string galaxy_bytes(const std::vector<std::string>& words, std::vector<float> values,
                         StorageType storage = StorageType::Float32) {
  TempDir dir;
  write_galaxy_file(dir.file("x.galaxy"), Embedding(words, std::move(values), 2), storage);
  return testing::read_file_bytes(dir.file("x.galaxy"));
}

const std::vector<std::string> kWords = {"the", "of", "and"};
const std::vector<float> kValues = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f};

template <typename T>
std::string with(std::string bytes, std::size_t offset, T value) {
  std::memcpy(bytes.data() + offset, &value, sizeof value);
  return bytes;
}

// Galaxy header fields (binary_format.h): rows at 16, dims at 24, words offset at 40, file size
// at 56; the float32 vectors start at byte 64.
constexpr std::size_t kRowsField = 16, kDimsField = 24, kWordsOffsetField = 40;
constexpr std::size_t kFileBytesField = 56, kVectors = 64;

// ---- The table ----------------------------------------------------------------------------

enum class Loader { GloveText, Word2VecText, Word2VecBinary, ProjectorTsv, Galaxy, GzipText };

const char* loader_name(Loader loader) {
  switch (loader) {
    case Loader::GloveText:
      return "GloveText";
    case Loader::Word2VecText:
      return "Word2VecText";
    case Loader::Word2VecBinary:
      return "Word2VecBinary";
    case Loader::ProjectorTsv:
      return "ProjectorTsv";
    case Loader::Galaxy:
      return "Galaxy";
    case Loader::GzipText:
      return "GzipText";
  }
  return "?";
}

struct Case {
  Loader loader;
  std::string name;  // the malformed input, in the issue's words
  std::string file;  // file name in a fresh folder (the name matters for detection and messages)
  std::string bytes;
  // Fails: the error must start with the file's full path and contain `error` (which starts with
  // the file name and names the line or byte). Loads: `words` are the rows' words and `warning`
  // is a substring of the one warning ("" = no warning at all).
  std::string error;
  std::vector<std::string> words;
  std::string warning;
  std::optional<std::string> metadata;  // projector TSV: metadata.tsv beside the vectors
  FileFormat format = FileFormat::Auto;
};

// gtest prints a failing row by its loader and name, not as megabytes of file bytes.
void PrintTo(const Case& c, std::ostream* out) {
  *out << loader_name(c.loader) << " " << c.name << " (" << c.file << ", " << c.bytes.size()
       << " bytes)";
}

Case fails(Loader loader, std::string name, std::string file, std::string bytes,
           std::string error) {
  Case c{loader, std::move(name), std::move(file), std::move(bytes), std::move(error)};
  return c;
}

Case loads(Loader loader, std::string name, std::string file, std::string bytes,
           std::vector<std::string> words, std::string warning = "") {
  Case c{loader, std::move(name), std::move(file), std::move(bytes)};
  c.words = std::move(words);
  c.warning = std::move(warning);
  return c;
}

Case tsv(Case c, std::string metadata) {
  c.metadata = std::move(metadata);
  return c;
}

Case forced(Case c, FileFormat format) {
  c.format = format;
  return c;
}

// Good files of three words x two dimensions that the cases below break in one place.
const std::string kGlove = "the 0.1 0.2\nof 0.3 0.4\nand 0.5 0.6\n";
const std::string kVec = "3 2\n" + kGlove;
const std::string kTsv = "0.1\t0.2\n0.3\t0.4\n0.5\t0.6\n";
const std::string kLabels = "the\nof\nand\n";

std::vector<Case> glove_cases() {
  const auto L = Loader::GloveText;
  const std::vector<std::string> ok = kWords;
  return {
      fails(L, "RaggedRowTooShort", "g.txt", "the 0.1 0.2\nof 0.3\nand 0.5 0.6\n",
            "g.txt:2: expected 2 numbers after the word, found 1"),
      fails(L, "RaggedRowTooLong", "g.txt", "the 0.1 0.2\nof 0.3 0.4 9\nand 0.5 0.6\n",
            "g.txt:2: expected 2 numbers after the word, found 3"),
      fails(L, "NonNumericField", "g.txt", "the 0.1 0.2\nof 0.3 abc\nand 0.5 0.6\n",
            "g.txt:2: not a number: 'abc'"),
      fails(L, "DecimalComma", "g.txt", "the 0.1 0.2\nof 0,3 0.4\nand 0.5 0.6\n",
            "g.txt:2: not a number: '0,3'"),
      fails(L, "NaN", "g.txt", "the 0.1 0.2\nof nan 0.4\nand 0.5 0.6\n",
            "g.txt:2: NaN or infinite value: 'nan'"),
      fails(L, "Infinity", "g.txt", "the 0.1 0.2\nof 0.3 -inf\nand 0.5 0.6\n",
            "g.txt:2: NaN or infinite value: '-inf'"),
      fails(L, "OverflowingNumber", "g.txt", "the 0.1 0.2\nof 0.3 3.5e38\nand 0.5 0.6\n",
            "g.txt:2: number out of the float range: '3.5e38'"),
      loads(L, "UnderflowingNumberIsZero", "g.txt", "the 0.1 0.2\nof 0.3 1e-50\nand 0.5 0.6\n", ok),
      fails(L, "TruncatedMidRow", "g.txt", "the 0.1 0.2\nof 0.3 0.4\nand 0.5",
            "g.txt:3: expected 2 numbers after the word, found 1"),
      fails(L, "BinaryGarbage", "g.txt", binary_garbage(4000, 1),
            "g.txt:1: expected a word followed by numbers"),
      fails(L, "EmptyFile", "g.txt", "", "g.txt: the file is empty"),
      fails(L, "OnlyBlankLines", "g.txt", "\n  \r\n\t\n", "g.txt: the file has no vectors"),
      fails(L, "SingleEnormousLineWithoutNumbers", "g.txt", std::string(3 << 20, 'x'),
            "g.txt:1: expected a word followed by numbers, found only 'xxxx"),
      fails(L, "EnormousLineInTheMiddle", "g.txt",
            "the 0.1 0.2\nof" + repeat(" 0.5", 1 << 20) + "\nand 0.5 0.6\n",
            "g.txt:2: expected 2 numbers after the word, found 1048576"),
      loads(L, "InvalidUtf8", "g.txt", "the 0.1 0.2\nc\xE9 0.3 0.4\nand\xFF 0.5 0.6\n",
            {"the", "c\xEF\xBF\xBD", "and\xEF\xBF\xBD"},
            "2 words had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
      loads(L, "DuplicateWords", "g.txt", "the 0.1 0.2\nof 0.3 0.4\nthe 0.5 0.6\n",
            {"the", "of", "the"}, "1 duplicate word kept as rows"),
      loads(L, "Crlf", "g.txt", "the 0.1 0.2\r\nof 0.3 0.4\r\nand 0.5 0.6\r\n", ok),
      loads(L, "Bom", "g.txt", "\xEF\xBB\xBF" + kGlove, ok),
      loads(L, "ZeroVectors", "g.txt", "the 0 0\nof 0.0 -0\nand 0e5 0\n", ok, "3 zero vectors"),
  };
}

std::vector<Case> word2vec_text_cases() {
  const auto L = Loader::Word2VecText;
  const std::vector<std::string> ok = kWords;
  return {
      fails(L, "RaggedRow", "w.vec", "3 2\nthe 0.1 0.2\nof 0.3\nand 0.5 0.6\n",
            "w.vec:3: expected 2 numbers after the word, found 1"),
      fails(L, "NonNumericField", "w.vec", "3 2\nthe 0.1 0.2\nof 0.3 abc\nand 0.5 0.6\n",
            "w.vec:3: not a number: 'abc'"),
      fails(L, "NaN", "w.vec", "3 2\nthe 0.1 0.2\nof NaN 0.4\nand 0.5 0.6\n",
            "w.vec:3: NaN or infinite value: 'NaN'"),
      fails(L, "Infinity", "w.vec", "3 2\nthe 0.1 0.2\nof 0.3 infinity\nand 0.5 0.6\n",
            "w.vec:3: NaN or infinite value: 'infinity'"),
      fails(L, "OverflowingNumber", "w.vec", "3 2\nthe 0.1 0.2\nof 1e999 0.4\nand 0.5 0.6\n",
            "w.vec:3: number out of the float range: '1e999'"),
      fails(L, "HeaderClaimsMoreRows", "w.vec", "5 2\n" + kGlove,
            "w.vec:1: header says 5 rows of 2 dimensions, but the file has 3 rows"),
      fails(L, "HeaderClaimsFewerRows", "w.vec", "2 2\n" + kGlove,
            "w.vec:1: header says 2 rows of 2 dimensions, but the file has 3 rows"),
      fails(L, "HeaderClaimsMoreDimensions", "w.vec", "3 3\n" + kGlove,
            "w.vec:2: expected 3 numbers after the word, found 2"),
      fails(L, "HeaderClaimsZeroDimensions", "w.vec", "3 0\n" + kGlove,
            "w.vec:1: the header's number of dimensions must be between 1 and 2147483647"),
      fails(L, "HeaderClaimsAbsurdRows", "w.vec", "1000000000000 2\n" + kGlove,
            "w.vec:1: header says 1000000000000 rows of 2 dimensions, but the file has 3 rows"),
      fails(L, "HeaderClaimsAbsurdDimensions", "w.vec", "3 2000000000\n" + kGlove,
            "w.vec:2: expected 2000000000 numbers after the word, found 2"),
      fails(L, "HeaderDimensionsBeyondInt", "w.vec", "3 99999999999\n" + kGlove,
            "w.vec:1: the header's number of dimensions must be between 1 and 2147483647"),
      fails(L, "HeaderRowsBeyond64Bits", "w.vec", "99999999999999999999999 2\n" + kGlove,
            "w.vec:1: header says 18446744073709551615 rows of 2 dimensions, but the file has 3 "
            "rows"),
      fails(L, "HeaderOnly", "w.vec", "3 2\n",
            "w.vec:1: header says 3 rows of 2 dimensions, but the file has 0 rows"),
      fails(L, "TruncatedMidRow", "w.vec", "3 2\nthe 0.1 0.2\nof 0.3 0.4\nand 0.",
            "w.vec:4: expected 2 numbers after the word, found 1"),
      fails(L, "BinaryGarbageAfterTheHeader", "w.vec", "3 2\n" + binary_garbage(4000, 2),
            "w.vec:1: header says 3 rows of 2 dimensions, but the file has more data after them "
            "(at byte "),
      fails(L, "EmptyFile", "w.vec", "", "w.vec: the file is empty"),
      fails(L, "EnormousLine", "w.vec", "1 2\nthe" + repeat(" 0.5", 1 << 20) + "\n",
            "w.vec:2: expected 2 numbers after the word, found 1048576"),
      loads(L, "InvalidUtf8", "w.vec", "3 2\nthe 0.1 0.2\n\xC3 0.3 0.4\nand 0.5 0.6\n",
            {"the", "\xEF\xBF\xBD", "and"},
            "1 word had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
      loads(L, "DuplicateWords", "w.vec", "3 2\nthe 0.1 0.2\nthe 0.3 0.4\nthe 0.5 0.6\n",
            {"the", "the", "the"}, "2 duplicate words kept as rows"),
      loads(L, "Crlf", "w.vec", "3 2\r\nthe 0.1 0.2\r\nof 0.3 0.4\r\nand 0.5 0.6\r\n", ok),
      loads(L, "Bom", "w.vec", "\xEF\xBB\xBF" + kVec, ok),
      loads(L, "ZeroVectors", "w.vec", "3 2\nthe 0 0\nof 0 0\nand 0 0\n", ok, "3 zero vectors"),
  };
}

std::vector<Case> word2vec_binary_cases() {
  const auto L = Loader::Word2VecBinary;
  const std::vector<std::string> ok = kWords;
  const std::string the = float_bytes({0.1f, 0.2f}), of = float_bytes({0.3f, 0.4f});
  const std::string and_ = float_bytes({0.5f, 0.6f});
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // "3 2\n" is 4 bytes, "the " 4 more: the first vector starts at byte 8, the second row's word
  // ("of ") at 17 and its vector at 20.
  return {
      fails(
          L, "RaggedRowMissingAValue", "w.bin",
          w2v_binary("3 2", {{"the", the}, {"of", float_bytes({0.3f})}, {"and", and_}}),
          "w.bin: truncated at byte 38 (row 3 of 3 needs a word, a space and 8 bytes of vectors)"),
      fails(L, "NaN", "w.bin", w2v_binary("3 2", {{"the", the}, {"of", float_bytes({0.3f, nan})}}),
            "w.bin: byte 24: row 2 'of': NaN or infinite value"),
      fails(L, "Infinity", "w.bin",
            w2v_binary("3 2", {{"the", float_bytes({-inf, 0.2f})}, {"of", of}, {"and", and_}}),
            "w.bin: byte 8: row 1 'the': NaN or infinite value"),
      fails(
          L, "HeaderClaimsMoreRows", "w.bin",
          w2v_binary("4 2", {{"the", the}, {"of", of}, {"and", and_}}),
          "w.bin: truncated at byte 42 (row 4 of 4 needs a word, a space and 8 bytes of vectors)"),
      fails(L, "HeaderClaimsFewerRows", "w.bin",
            w2v_binary("2 2", {{"the", the}, {"of", of}, {"and", and_}}),
            "w.bin:1: header says 2 rows of 2 dimensions, but the file has more data after them "
            "(at byte 29)"),
      fails(L, "HeaderClaimsZeroDimensions", "w.bin", w2v_binary("3 0", {{"the", ""}}),
            "w.bin:1: the header's number of dimensions must be between 1 and 2147483647"),
      fails(L, "HeaderClaimsAbsurdRows", "w.bin",
            w2v_binary("1000000000000 2", {{"the", the}, {"of", of}}),
            "w.bin: truncated at byte 41 (row 3 of 1000000000000 needs a word"),
      fails(L, "HeaderClaimsAbsurdDimensions", "w.bin", "1 2000000000\na \x01\x02\x03\x04",
            "w.bin: truncated at byte 19 (row 1 'a' needs 8000000000 bytes of vectors)"),
      fails(L, "TruncatedInAVector", "w.bin",
            w2v_binary("3 2", {{"the", the}, {"of", of}}) + "and " + and_.substr(0, 5),
            "w.bin: truncated at byte 38 (row 3 'and' needs 8 bytes of vectors)"),
      fails(L, "TruncatedInAWord", "w.bin", w2v_binary("3 2", {{"the", the}, {"of", of}}) + "an",
            "w.bin: truncated at byte 31 (row 3 of 3 needs a word"),
      fails(L, "BinaryGarbageAfterTheHeader", "w.bin", "3 2\n" + binary_garbage(4000, 3),
            "w.bin:1: header says 3 rows of 2 dimensions, but the file has more data after them "
            "(at byte "),
      forced(fails(L, "BinaryGarbageWithoutHeader", "w.bin", binary_garbage(4000, 4),
                   "w.bin:1: expected a header line with the number of rows and dimensions"),
             FileFormat::Word2VecBinary),
      fails(L, "EmptyFile", "w.bin", "", "w.bin: the file is empty"),
      // Without a byte that is not text it is detected (and reported) as word2vec text.
      fails(L, "EnormousWordWithoutSpace", "w.bin", "1 2\n" + std::string(100000, 'w'),
            "w.bin:2: expected 2 numbers after the word, found 0"),
      forced(fails(L, "EnormousWordWithoutSpaceForced", "w.bin", "1 2\n" + std::string(100000, 'w'),
                   "w.bin: byte 4: row 1 has no space after its word within 65536 bytes"),
             FileFormat::Word2VecBinary),
      loads(L, "InvalidUtf8", "w.bin",
            w2v_binary("3 2", {{"the", the}, {"\xED\xA0\x80", of}, {"and", and_}}),
            {"the", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD", "and"},
            "1 word had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
      loads(L, "DuplicateWords", "w.bin",
            w2v_binary("3 2", {{"of", the}, {"of", of}, {"and", and_}}), {"of", "of", "and"},
            "1 duplicate word kept as rows"),
      loads(L, "CrlfAfterHeaderAndRows", "w.bin",
            "3 2\r\nthe " + the + "\r\nof " + of + "\r\nand " + and_ + "\r\n", ok),
      loads(L, "Bom", "w.bin",
            "\xEF\xBB\xBF" + w2v_binary("3 2", {{"the", the}, {"of", of}, {"and", and_}}), ok),
      loads(L, "ZeroVectors", "w.bin",
            w2v_binary("3 2", {{"the", float_bytes({0, 0})},
                               {"of", float_bytes({-0.0f, 0})},
                               {"and", float_bytes({0, 0})}}),
            ok, "3 zero vectors"),
  };
}

std::vector<Case> projector_tsv_cases() {
  const auto L = Loader::ProjectorTsv;
  const std::vector<std::string> ok = kWords;
  return {
      tsv(fails(L, "RaggedRow", "vectors.tsv", "0.1\t0.2\n0.3\n0.5\t0.6\n",
                "vectors.tsv:2: expected 2 tab-separated numbers, found 1"),
          kLabels),
      tsv(fails(L, "NonNumericField", "vectors.tsv", "0.1\t0.2\n0.3\tabc\n0.5\t0.6\n",
                "vectors.tsv:2: not a number: 'abc'"),
          kLabels),
      tsv(fails(L, "NaN", "vectors.tsv", "0.1\t0.2\n0.3\tnan\n0.5\t0.6\n",
                "vectors.tsv:2: NaN or infinite value: 'nan'"),
          kLabels),
      tsv(fails(L, "Infinity", "vectors.tsv", "0.1\t0.2\n0.3\t0.4\ninf\t0.6\n",
                "vectors.tsv:3: NaN or infinite value: 'inf'"),
          kLabels),
      tsv(fails(L, "OverflowingNumber", "vectors.tsv", "0.1\t0.2\n-1e40\t0.4\n0.5\t0.6\n",
                "vectors.tsv:2: number out of the float range: '-1e40'"),
          kLabels),
      tsv(fails(L, "MetadataHasFewerLabels", "vectors.tsv", kTsv,
                "metadata.tsv: has 2 labels, but "),
          "the\nof\n"),
      tsv(fails(L, "MetadataHasMoreLabels", "vectors.tsv", kTsv,
                "metadata.tsv: has 4 labels, but "),
          kLabels + "extra\n"),
      tsv(fails(L, "MetadataRaggedColumns", "vectors.tsv", kTsv,
                "metadata.tsv:3: expected 2 tab-separated columns, found 1"),
          "count\tword\n5\tthe\nof\n3\tand\n"),
      tsv(fails(L, "TruncatedMidRow", "vectors.tsv", "0.1\t0.2\n0.3\t0.4\n0.5",
                "vectors.tsv:3: expected 2 tab-separated numbers, found 1"),
          kLabels),
      tsv(forced(fails(L, "BinaryGarbage", "vectors.tsv", binary_garbage(4000, 5),
                       "vectors.tsv:1: not a number: '\xEF\xBF\xBDPNG'"),
                 FileFormat::ProjectorTsv),
          kLabels),
      tsv(fails(L, "EmptyVectors", "vectors.tsv", "", "vectors.tsv: the file is empty"), kLabels),
      tsv(fails(L, "EmptyMetadata", "vectors.tsv", kTsv, "metadata.tsv: has 0 labels, but "), ""),
      tsv(fails(L, "EnormousLine", "vectors.tsv",
                "0.1\t0.2\n" + repeat("0.5\t", 1 << 20) + "\n0.5\t0.6\n",
                "vectors.tsv:2: expected 2 tab-separated numbers, found 1048576"),
          kLabels),
      tsv(loads(L, "InvalidUtf8Label", "vectors.tsv", kTsv, {"the", "\xEF\xBF\xBD", "and"},
                "1 word had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
          "the\n\xFE\nand\n"),
      tsv(loads(L, "DuplicateLabels", "vectors.tsv", kTsv, {"the", "of", "of"},
                "1 duplicate word kept as rows"),
          "the\nof\nof\n"),
      tsv(loads(L, "Crlf", "vectors.tsv", "0.1\t0.2\r\n0.3\t0.4\r\n0.5\t0.6\r\n", ok),
          "the\r\nof\r\nand\r\n"),
      tsv(loads(L, "Bom", "vectors.tsv", "\xEF\xBB\xBF" + kTsv, ok), "\xEF\xBB\xBF" + kLabels),
      tsv(loads(L, "ZeroVectors", "vectors.tsv", "0\t0\n0\t0\n-0\t0\n", ok, "3 zero vectors"),
          kLabels),
  };
}

std::vector<Case> galaxy_cases() {
  const auto L = Loader::Galaxy;
  const std::vector<std::string> ok = kWords;
  const std::string good = galaxy_bytes(kWords, kValues);
  const std::string half = galaxy_bytes(kWords, kValues, StorageType::Float16);
  const float nan = std::numeric_limits<float>::quiet_NaN();
  const float inf = std::numeric_limits<float>::infinity();
  // Float32 values start at byte 64 (8 bytes a row), so row 2's second value is at byte 76; the
  // words section (3 u32 lengths, then the bytes) starts at 64 + 24 = 88.
  const std::size_t words_offset = 88;
  return {
      fails(L, "NaN", "v.galaxy", with(good, kVectors + 12, nan),
            "v.galaxy: byte 76: row 2 'of': NaN or infinite value"),
      fails(L, "Infinity", "v.galaxy", with(good, kVectors, -inf),
            "v.galaxy: byte 64: row 1 'the': NaN or infinite value"),
      fails(L, "InfinityInFloat16", "v.galaxy", with(half, kVectors + 6, std::uint16_t{0x7c00}),
            "v.galaxy: byte 70: row 2 'of': NaN or infinite value"),
      fails(L, "HeaderClaimsMoreBytesThanTheFile", "v.galaxy",
            with(good, kFileBytesField, std::uint64_t{good.size() + 100}),
            "v.galaxy: truncated at byte " + std::to_string(good.size()) +
                " (the header says the file has " + std::to_string(good.size() + 100) + " bytes)"),
      fails(L, "DataAfterTheEnd", "v.galaxy", good + "extra",
            "v.galaxy: byte " + std::to_string(good.size()) + ": unexpected data after the end"),
      fails(L, "WordsOffsetOverlapsVectors", "v.galaxy",
            with(good, kWordsOffsetField, std::uint64_t{70}),
            "v.galaxy: byte 40: the words offset 70 overlaps the vectors"),
      fails(L, "WordLengthPastTheEnd", "v.galaxy",
            with(good, words_offset + 4, std::uint32_t{1000}),
            "v.galaxy: byte 92: word 2 has length 1000, past the end of the words section"),
      fails(L, "HeaderClaimsAbsurdRows", "v.galaxy", with(good, kRowsField, std::uint64_t{1} << 62),
            "v.galaxy: truncated at byte " + std::to_string(good.size()) +
                " (the header's 4611686018427387904 rows of 2 float32 values need the bytes from "
                "64 on)"),
      fails(L, "HeaderClaimsAbsurdDimensions", "v.galaxy",
            with(good, kDimsField, std::uint32_t{0x80000000u}),
            "v.galaxy: byte 24: invalid number of dimensions 2147483648"),
      fails(L, "HeaderClaimsZeroDimensions", "v.galaxy", with(good, kDimsField, std::uint32_t{0}),
            "v.galaxy: byte 24: invalid number of dimensions 0"),
      fails(L, "TruncatedInTheHeader", "v.galaxy", good.substr(0, 30),
            "v.galaxy: truncated at byte 30 (the header needs 64 bytes)"),
      fails(L, "TruncatedInTheVectors", "v.galaxy", good.substr(0, 80),
            "v.galaxy: truncated at byte 80 (the header says the file has " +
                std::to_string(good.size()) + " bytes)"),
      fails(L, "BinaryGarbageAfterTheMagic", "v.galaxy",
            std::string("EGALAXY\0", 8) + binary_garbage(4000, 6),
            "v.galaxy: byte 8: galaxy format version "),
      forced(fails(L, "BinaryGarbageWithoutMagic", "v.galaxy", binary_garbage(4000, 7),
                   "v.galaxy: not a galaxy file"),
             FileFormat::Galaxy),
      forced(fails(L, "EmptyFile", "v.galaxy", "", "v.galaxy: the file is empty"),
             FileFormat::Galaxy),
      loads(L, "InvalidUtf8", "v.galaxy", galaxy_bytes({"the", "o\xC0", "and"}, kValues),
            {"the", "o\xEF\xBF\xBD", "and"},
            "1 word had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
      loads(L, "DuplicateWords", "v.galaxy", galaxy_bytes({"and", "of", "and"}, kValues),
            {"and", "of", "and"}, "1 duplicate word kept as rows"),
      loads(L, "ZeroVectors", "v.galaxy", galaxy_bytes(kWords, std::vector<float>(6, 0.0f)), ok),
  };
}

std::vector<Case> gzip_cases() {
  const auto L = Loader::GzipText;
  const std::vector<std::string> ok = kWords;
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += "w" + std::to_string(i) + " 0.25 -0.5\n";
  const std::string compressed = gzip(long_text);
  std::string garbled = compressed;
  for (std::size_t i = 20; i < 60; ++i) garbled[i] = static_cast<char>(garbled[i] ^ 0x5a);
  return {
      fails(L, "RaggedRow", "g.txt.gz", gzip("the 0.1 0.2\nof 0.3\nand 0.5 0.6\n"),
            "g.txt.gz:2: expected 2 numbers after the word, found 1"),
      fails(L, "NonNumericField", "g.txt.gz", gzip("the 0.1 0.2\nof 0.3 0.4\nand x 0.6\n"),
            "g.txt.gz:3: not a number: 'x'"),
      fails(L, "NaN", "g.txt.gz", gzip("the 0.1 -nan\nof 0.3 0.4\n"),
            "g.txt.gz:1: NaN or infinite value: '-nan'"),
      fails(L, "OverflowingNumber", "g.txt.gz", gzip("the 0.1 0.2\nof 0.3 1e39\n"),
            "g.txt.gz:2: number out of the float range: '1e39'"),
      fails(L, "HeaderDisagreesWithBody", "g.vec.gz", gzip("4 2\n" + kGlove),
            "g.vec.gz:1: header says 4 rows of 2 dimensions, but the file has 3 rows"),
      fails(L, "BinaryHeaderClaimsAbsurdDimensions", "g.bin.gz",
            gzip("3 100000000\na \x01\x02\x03\x04"),
            "g.bin.gz: truncated at byte 18 (row 1 'a' needs 400000000 bytes of vectors)"),
      fails(L, "TruncatedGzip", "g.txt.gz", compressed.substr(0, compressed.size() / 2),
            "g.txt.gz: corrupt or truncated gzip data after "),
      fails(L, "GarbledGzip", "g.txt.gz", garbled, "g.txt.gz: corrupt or truncated gzip data"),
      fails(L, "GzipHeaderOnly", "g.txt.gz", compressed.substr(0, 10),
            "g.txt.gz: corrupt or truncated gzip data after 0 decompressed bytes"),
      fails(L, "GzippedBinaryGarbage", "g.txt.gz", gzip(binary_garbage(4000, 8)),
            "g.txt.gz:1: expected a word followed by numbers"),
      fails(L, "GzippedEmptyFile", "g.txt.gz", gzip(""), "g.txt.gz: the file is empty"),
      fails(L, "EnormousLine", "g.txt.gz", gzip("the 0.1 0.2\nof" + repeat(" 0.5", 1 << 20) + "\n"),
            "g.txt.gz:2: expected 2 numbers after the word, found 1048576"),
      loads(L, "InvalidUtf8", "g.txt.gz", gzip("the 0.1 0.2\nof\x80 0.3 0.4\nand 0.5 0.6\n"),
            {"the", "of\xEF\xBF\xBD", "and"},
            "1 word had invalid UTF-8 bytes, replaced with U+FFFD (first: row 2)"),
      loads(L, "DuplicateWords", "g.txt.gz", gzip("of 0.1 0.2\nof 0.3 0.4\nand 0.5 0.6\n"),
            {"of", "of", "and"}, "1 duplicate word kept as rows"),
      loads(L, "CrlfAndBom", "g.txt.gz",
            gzip("\xEF\xBB\xBFthe 0.1 0.2\r\nof 0.3 0.4\r\nand 0.5 0.6\r\n"), ok),
      loads(L, "ZeroVectors", "g.txt.gz", gzip("the 0 0\nof 0 0\nand 0 0\n"), ok, "3 zero vectors"),
      tsv(loads(L, "ProjectorTsvWithGzippedMetadata", "vectors.tsv.gz", gzip(kTsv), ok), kLabels),
  };
}

std::vector<Case> all_cases() {
  std::vector<Case> all;
  for (auto part : {glove_cases(), word2vec_text_cases(), word2vec_binary_cases(),
                    projector_tsv_cases(), galaxy_cases(), gzip_cases()}) {
    for (auto& c : part) all.push_back(std::move(c));
  }
  return all;
}

// Peak resident memory of this process so far, in MiB.
long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

// ---- The spec -----------------------------------------------------------------------------

class MalformedInput : public ::testing::TestWithParam<Case> {};

TEST_P(MalformedInput, FailsClearlyOrLoadsWithOneWarning) {
  const Case& c = GetParam();
  TempDir dir;
  const std::string path = dir.write(c.file, c.bytes);
  if (c.metadata) dir.write("metadata.tsv", *c.metadata);
  LoadOptions options;
  options.format = c.format;
  options.block_bytes = 64 << 10;  // several blocks for the enormous lines
  const long peak_before = peak_rss_mib();

  std::optional<LoadResult> result;
  std::string error;
  try {
    result = load_embedding(path, options);
  } catch (const DataError& e) {
    error = e.what();
  }
  // No header claim may reserve memory beyond what the file's few bytes could hold.
  EXPECT_LT(peak_rss_mib() - peak_before, 256);

  if (!c.error.empty()) {
    ASSERT_FALSE(result) << "loaded, but should fail with: " << c.error;
    EXPECT_THAT(error, StartsWith(dir.path() + "/"));
    EXPECT_THAT(error, HasSubstr(c.error));
    return;
  }
  ASSERT_TRUE(result) << "failed: " << error;
  EXPECT_EQ(result->embedding.words(), c.words);
  EXPECT_EQ(result->embedding.dims(), 2);
  if (c.warning.empty()) {
    EXPECT_THAT(result->warnings, IsEmpty());
  } else {
    ASSERT_EQ(result->warnings.size(), 1u) << "expected one summarised warning: " << c.warning;
    EXPECT_THAT(result->warnings[0], HasSubstr(c.warning));
  }
  for (std::size_t i = 0; i < result->embedding.rows() * 2; ++i) {
    EXPECT_TRUE(std::isfinite(result->embedding.data()[i])) << "value " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Issue5, MalformedInput, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& row) {
                           return std::string(loader_name(row.param.loader)) + "_" + row.param.name;
                         });

// The table covers every loader: a new loader must bring its rows.
TEST(MalformedInputTable, HasRowsForEveryLoader) {
  std::size_t counts[6] = {};
  for (const Case& c : all_cases()) ++counts[static_cast<int>(c.loader)];
  for (int i = 0; i < 6; ++i) {
    EXPECT_GE(counts[i], 15u) << loader_name(static_cast<Loader>(i));
  }
}

}  // namespace
}  // namespace galaxy
