// libFuzzer target: TensorFlow Projector vectors.tsv + metadata.tsv through load_embedding.
// Byte 0 is the config (bit 0: format forced to tsv or auto-detected; bit 1: metadata found beside
// the vectors or passed as LoadOptions::metadata_path). The rest is split at its first NUL byte:
// before it vectors.tsv, after it metadata.tsv; without a NUL byte there is no metadata file.
#include <cstring>

#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string vectors = fuzz::scratch_path("vectors.tsv");
  static const std::string metadata = fuzz::scratch_path("metadata.tsv");
  const char* body = reinterpret_cast<const char*>(data + 1);
  const std::size_t body_size = size - 1;
  const char* nul = static_cast<const char*>(std::memchr(body, '\0', body_size));
  const std::size_t vectors_size =
      nul != nullptr ? static_cast<std::size_t>(nul - body) : body_size;
  fuzz::write_file(vectors, body, vectors_size);
  if (nul != nullptr) {
    fuzz::write_file(metadata, nul + 1, body_size - vectors_size - 1);
  } else {
    ::unlink(metadata.c_str());
  }
  LoadOptions options =
      fuzz::options_from(config, (config & 1) != 0 ? FileFormat::Auto : FileFormat::ProjectorTsv);
  if ((config & 2) != 0 && nul != nullptr) options.metadata_path = metadata;
  try {
    const LoadResult result = load_embedding(vectors, options);
    fuzz::touch(result.embedding);
  } catch (const DataError&) {
  }
  return 0;
}
