// libFuzzer target: GloVe and word2vec text through load_embedding.
// Byte 0 is the config (bits 0-1: format auto / glove / word2vec / fasttext-by-extension auto; bits
// 2-6: see options_from); the rest is the file. Any DataError is an expected outcome.
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string txt = fuzz::scratch_path("vectors.txt");
  static const std::string vec = fuzz::scratch_path("vectors.vec");
  FileFormat format = FileFormat::Auto;
  const std::string* path = &txt;
  switch (config & 3) {
    case 0:
      break;
    case 1:
      format = FileFormat::GloveText;
      break;
    case 2:
      format = FileFormat::Word2VecText;
      break;
    case 3:
      path = &vec;
      break;  // auto-detect with a different extension hint
  }
  fuzz::write_file(*path, data + 1, size - 1);
  try {
    const LoadResult result = load_embedding(*path, fuzz::options_from(config, format));
    fuzz::touch(result.embedding);
  } catch (const DataError&) {
  }
  return 0;
}
