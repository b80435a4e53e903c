// TSV export specs: the three table layouts, escaping of awkward words, free file names, and
// writes that are atomic and never replace a file unasked.
#include <sys/stat.h>
#include <unistd.h>

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/state/exports.h"
#include "support/temp_dir.h"

namespace galaxy::app {
namespace {

using galaxy::testing::read_file_bytes;
using galaxy::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Four words in 2 dimensions, one of them with a tab and a newline in it.
Embedding small_embedding() {
  return Embedding({"king", "queen", "odd\tword\n", "back\\slash"},
                   {1.0f, 0.0f, 0.9f, 0.1f, 0.0f, 1.0f, 0.5f, 0.5f}, 2);
}

TEST(TsvEscape, TabsNewlinesAndBackslashesAreEscapedAndNothingElse) {
  EXPECT_EQ(tsv_escape("plain word-é"), "plain word-é");
  EXPECT_EQ(tsv_escape("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
}

TEST(ExportNeighbours, WritesACommentTheHeaderAndRankedRows) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string path = dir.file("neighbours-king.tsv");
  export_neighbours_tsv(path, words, 0, {{1, 0.993884f}, {2, 0.0f}}, /*overwrite=*/false);
  EXPECT_EQ(read_file_bytes(path),
            "# nearest neighbours of king by cosine similarity (2 dimensions)\n"
            "rank\tword\tcosine\n"
            "1\tqueen\t0.993884\n"
            "2\todd\\tword\\n\t0.000000\n");
}

TEST(ExportAnalogy, StartsWithTheQuestion) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string path = dir.file("analogy.tsv");
  export_analogy_tsv(path, words, "man", "king", "woman", {{1, 0.769864f}, {3, -0.25f}}, false);
  EXPECT_EQ(read_file_bytes(path),
            "# man : king :: woman : ?\n"
            "rank\tword\tcosine\n"
            "1\tqueen\t0.769864\n"
            "2\tback\\\\slash\t-0.250000\n");
}

TEST(ExportExpression, StartsWithTheExpression) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string path = dir.file("expression.tsv");
  export_expression_tsv(path, words, "king - man + woman", {{1, 0.769864f}}, false);
  EXPECT_EQ(read_file_bytes(path),
            "# nearest words to king - man + woman\n"
            "rank\tword\tcosine\n"
            "1\tqueen\t0.769864\n");
  EXPECT_THROW(export_expression_tsv(path, words, "x", {}, false), DataError);  // never overwrites
}

TEST(ExportPositions, OneLinePerWordUnderTheAxisNames) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string path = dir.file("projection.tsv");
  const std::vector<glm::vec3> positions = {
      {1.0f, 2.0f, 3.0f}, {-0.5f, 0.0f, 0.25f}, {0.0f, 0.0f, 0.0f}, {1e-7f, 7.0f, -8.0f}};
  export_positions_tsv(path, words, positions, {"woman - man", "walked - walk", "pc\t3"}, false);
  EXPECT_EQ(read_file_bytes(path),
            "word\twoman - man\twalked - walk\tpc\\t3\n"
            "king\t1.000000\t2.000000\t3.000000\n"
            "queen\t-0.500000\t0.000000\t0.250000\n"
            "odd\\tword\\n\t0.000000\t0.000000\t0.000000\n"
            "back\\\\slash\t0.000000\t7.000000\t-8.000000\n");
}

TEST(ExportPositions, APositionPerWordIsRequired) {
  TempDir dir;
  const Embedding words = small_embedding();
  EXPECT_THROW(
      export_positions_tsv(dir.file("p.tsv"), words, {{0.0f, 0.0f, 0.0f}}, {"x", "y", "z"}, false),
      std::invalid_argument);
  EXPECT_TRUE(dir.entries().empty());
}

TEST(ExportFiles, AnExistingFileIsNeverReplacedUnasked) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string path = dir.write("neighbours-king.tsv", "keep me");
  try {
    export_neighbours_tsv(path, words, 0, {{1, 0.5f}}, /*overwrite=*/false);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("already exists (choose another name or allow overwriting)"));
  }
  EXPECT_EQ(read_file_bytes(path), "keep me");
  export_neighbours_tsv(path, words, 0, {{1, 0.5f}}, /*overwrite=*/true);
  EXPECT_THAT(read_file_bytes(path), HasSubstr("1\tqueen\t0.500000\n"));
  EXPECT_THAT(dir.entries(), ElementsAre("neighbours-king.tsv"));
}

TEST(ExportFiles, AFailedWriteLeavesNoTempFile) {
  // The target is a folder, so the final rename fails (for root too) after the data was written.
  TempDir dir;
  const Embedding words = small_embedding();
  ASSERT_EQ(::mkdir(dir.file("taken.tsv").c_str(), 0755), 0);
  EXPECT_THROW(export_analogy_tsv(dir.file("taken.tsv"), words, "a", "b", "c", {}, true),
               DataError);
  EXPECT_THAT(dir.entries(), ElementsAre("taken.tsv"));
}

TEST(ExportFiles, AMissingFolderIsADataErrorNamingThePath) {
  TempDir dir;
  const Embedding words = small_embedding();
  const std::string missing = dir.file("no/such/folder/out.tsv");
  try {
    export_neighbours_tsv(missing, words, 0, {}, false);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(missing));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
}

TEST(ExportFiles, AReadOnlyFolderIsADataErrorNamingThePath) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only folders";
  TempDir dir;
  const Embedding words = small_embedding();
  ASSERT_EQ(::mkdir(dir.file("locked").c_str(), 0555), 0);
  const std::string locked = dir.file("locked/out.tsv");
  try {
    export_neighbours_tsv(locked, words, 0, {}, false);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(locked));
    EXPECT_THAT(e.what(), HasSubstr("Permission denied"));
  }
  ::chmod(dir.file("locked").c_str(), 0755);
  EXPECT_EQ(::rmdir(dir.file("locked").c_str()), 0) << "no temp file left inside";
}

TEST(NextFreePath, CountsUpPastExistingFiles) {
  TempDir dir;
  EXPECT_EQ(next_free_path(dir.path(), "neighbours-king", "tsv"), dir.file("neighbours-king.tsv"));
  dir.write("neighbours-king.tsv", "");
  EXPECT_EQ(next_free_path(dir.path(), "neighbours-king", ".tsv"),
            dir.file("neighbours-king-2.tsv"));
  dir.write("neighbours-king-2.tsv", "");
  ASSERT_EQ(::mkdir(dir.file("neighbours-king-3.tsv").c_str(), 0755), 0);
  EXPECT_EQ(next_free_path(dir.path() + "/", "neighbours-king", "tsv"),
            dir.file("neighbours-king-4.tsv"))
      << "folders block a name too";
}

TEST(NextFreePath, WordsThatCannotBeFileNamesAreMadeSafe) {
  TempDir dir;
  EXPECT_EQ(next_free_path(dir.path(), "neighbours-a/b\tc", "tsv"),
            dir.file("neighbours-a_b_c.tsv"));
  EXPECT_EQ(next_free_path("", "analogy", "tsv"), "analogy.tsv");
}

}  // namespace
}  // namespace galaxy::app
