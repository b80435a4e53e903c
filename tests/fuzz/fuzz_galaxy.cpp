// libFuzzer target: the .galaxy binary format, through open_galaxy_file (memory-mapped) and
// parse_galaxy_image on a heap copy (zero-copy path with keep_alive, copying path without), and
// load_embedding (auto-detected by the magic number).
// Byte 0 is the config: bit 0 makes the harness write the real size into the header's file-size
// field (offset 56) so the fuzzer gets past the truncation check; bits 5-6 pick a row limit. The
// rest is the file.
#include <cstring>
#include <memory>

#include "geometry/binary_format.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string path = fuzz::scratch_path("vectors.galaxy");
  std::string image(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((config & 1) != 0 && image.size() >= 64) {
    const std::uint64_t file_bytes = image.size();
    for (int i = 0; i < 8; ++i) image[56 + i] = static_cast<char>((file_bytes >> (8 * i)) & 0xff);
  }
  fuzz::write_file(path, image);
  const LoadOptions options = fuzz::options_from(config, FileFormat::Auto);

  try {
    fuzz::touch(open_galaxy_file(path, options.limit));
  } catch (const DataError&) {
  }
  try {
    fuzz::touch(load_embedding(path, options).embedding);
  } catch (const DataError&) {
  }
  // An exactly-sized heap copy (malloc alignment is enough for the zero-copy float32 path): ASan
  // catches any read past its end, which the memory mapping above would not.
  const std::size_t bytes = image.size();
  std::shared_ptr<unsigned char[]> copy(new unsigned char[bytes]);
  if (bytes != 0) std::memcpy(copy.get(), image.data(), bytes);
  try {
    fuzz::touch(parse_galaxy_image("image", copy.get(), bytes, copy, options.limit));
  } catch (const DataError&) {
  }
  try {
    fuzz::touch(parse_galaxy_image("image", copy.get(), bytes, nullptr, options.limit));
  } catch (const DataError&) {
  }
  return 0;
}
