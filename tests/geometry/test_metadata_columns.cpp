// Spec for the projector TSV loader's metadata columns (LoadResult::metadata_columns/values).
#include <gtest/gtest.h>

#include "geometry/loaders.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using Values = std::vector<std::vector<std::string>>;

std::string vectors_tsv(int rows) {
  std::string text;
  for (int r = 0; r < rows; ++r) text += std::to_string(r) + "\t0.5\t-1\n";
  return text;
}

TEST(MetadataColumns, EveryColumnOfAHeaderedFileIsKept) {
  testing::TempDir dir;
  const auto path = dir.write("vectors.tsv", vectors_tsv(3));
  dir.write("metadata.tsv", "word\tpos\tfreq\ncat\tNOUN\t10\nrun\tVERB\t7\nbig\tADJ\t3\n");
  const LoadResult result = load_embedding(path);
  EXPECT_EQ(result.embedding.words(), (std::vector<std::string>{"cat", "run", "big"}));
  EXPECT_EQ(result.metadata_columns, (std::vector<std::string>{"word", "pos", "freq"}));
  EXPECT_EQ(result.metadata_values,
            (Values{{"cat", "run", "big"}, {"NOUN", "VERB", "ADJ"}, {"10", "7", "3"}}));
}

TEST(MetadataColumns, MissingTrailingCellsAreEmptyAndCrLfIsStripped) {
  testing::TempDir dir;
  const auto path = dir.write("vectors.tsv", vectors_tsv(2));
  dir.write("metadata.tsv", "label\tkind\r\nalpha\tgreek\r\nbeta\r\n");
  const LoadResult result = load_embedding(path);
  EXPECT_EQ(result.metadata_columns, (std::vector<std::string>{"label", "kind"}));
  EXPECT_EQ(result.metadata_values, (Values{{"alpha", "beta"}, {"greek", ""}}));
}

TEST(MetadataColumns, LimitKeepsTheFirstRows) {
  testing::TempDir dir;
  const auto path = dir.write("vectors.tsv", vectors_tsv(3));
  dir.write("metadata.tsv", "word\tpos\ncat\tNOUN\nrun\tVERB\nbig\tADJ\n");
  LoadOptions options;
  options.limit = 2;
  const LoadResult result = load_embedding(path, options);
  EXPECT_EQ(result.metadata_values, (Values{{"cat", "run"}, {"NOUN", "VERB"}}));
}

TEST(MetadataColumns, SingleColumnFilesAndOtherFormatsHaveNone) {
  testing::TempDir dir;
  const auto path = dir.write("vectors.tsv", vectors_tsv(2));
  dir.write("metadata.tsv", "alpha\nbeta\n");
  const LoadResult tsv = load_embedding(path);
  EXPECT_EQ(tsv.embedding.words(), (std::vector<std::string>{"alpha", "beta"}));
  EXPECT_TRUE(tsv.metadata_columns.empty());
  EXPECT_TRUE(tsv.metadata_values.empty());
  const auto glove = dir.write("vectors.txt", "alpha 1 2\nbeta 3 4\n");
  EXPECT_TRUE(load_embedding(glove).metadata_columns.empty());
}

}  // namespace
}  // namespace galaxy
