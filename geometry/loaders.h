// Loading word embeddings from GloVe / word2vec / fastText / TensorFlow Projector / galaxy files,
// gzipped or not.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "geometry/embedding.h"

namespace galaxy {

enum class FileFormat { Auto, GloveText, Word2VecText, Word2VecBinary, ProjectorTsv, Galaxy };

// "glove", "word2vec", "word2vec-binary", "tsv", "galaxy" (and "auto" for Auto).
const char* format_name(FileFormat format);
// Accepts the names above plus "fasttext"/"vec" (word2vec text) and "bin" (word2vec binary), any
// case. DataError on an unknown name, listing the valid ones.
FileFormat parse_format_name(std::string_view name);

struct LoadOptions {
  FileFormat format =
      FileFormat::Auto;   // Auto: detect from the content (and the extension as a hint)
  std::size_t limit = 0;  // 0 = all rows; otherwise keep the first N rows and stop reading
  std::string
      metadata_path;  // TSV only; empty = use "metadata.tsv" beside the vectors file if it exists
  std::function<void(double)>
      progress;     // fraction 0..1, called from the loading thread, at most ~100 times
  int threads = 0;  // 0 = hardware_concurrency
  std::size_t block_bytes =
      0;  // text is read and split among threads in blocks of this size; 0 = 8 MiB
  // Memory each loaded number will cost the caller, for the too-large-for-memory check: 4 for the
  // vectors alone; the app, which adds a unit-length float copy and an int8 copy for search, 9.
  unsigned bytes_per_number = 4;
  // .galaxy: check that every value is finite (one pass over the mapped vectors). Only a caller
  // that never reads the values (`galaxy info`) turns it off, so opening a big file stays instant.
  bool check_values = true;
};

struct LoadResult {
  Embedding embedding;
  FileFormat format = FileFormat::Auto;  // the detected/used format
  bool gzip = false;
  std::vector<std::string> warnings;  // one summarised line each (e.g. "3 duplicate words kept...")
  // TSV only, when metadata.tsv has a header row (more than one column): every column, label column
  // included, for colouring by category. Empty for single-column metadata and other formats.
  std::vector<std::string> metadata_columns;              // header names
  std::vector<std::vector<std::string>> metadata_values;  // [column][row]
};

// Loads the file at `path`. Throws DataError naming the file, the line (text) or byte offset
// (binary) and the problem, e.g. "vectors.txt:17: expected 100 numbers after the word, found 99".
LoadResult load_embedding(const std::string& path, const LoadOptions& options = {});

}  // namespace galaxy
