// libFuzzer target: word2vec binary ("N D\n" then word + D float32 per row) through load_embedding,
// format forced (config bit 0 clear) or auto-detected (set). Byte 0 is the config, the rest the
// file.
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string path = galaxy::fuzz::scratch_path("vectors.bin");
  fuzz::write_file(path, data + 1, size - 1);
  const FileFormat format = (config & 1) != 0 ? FileFormat::Auto : FileFormat::Word2VecBinary;
  try {
    const LoadResult result = load_embedding(path, fuzz::options_from(config, format));
    fuzz::touch(result.embedding);
  } catch (const DataError&) {
  }
  return 0;
}
