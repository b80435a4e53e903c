// libFuzzer target: gzip-compressed files through load_embedding (format auto-detected or forced).
// Byte 0 is the config: bit 0 clear = the rest is written as-is (corrupt, truncated or hand-made
// gzip streams); bit 0 set = the harness gzips the rest first (bit 1 then cuts the compressed
// stream in half), so every text/binary parser also runs behind the gzip reader. Bits 2-6: see
// options_from, except that when bit 4 (threads) is set, bits 5-6 (limit) force the format instead:
// glove / word2vec / word2vec-binary / galaxy.
#include <zlib.h>

#include "tests/fuzz/fuzz_support.h"

namespace {

std::string gzip(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
    std::abort();
  }
  std::string out(deflateBound(&stream, static_cast<uLong>(size)) + 32, '\0');
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string path = fuzz::scratch_path("vectors.gz");
  if ((config & 1) != 0) {
    std::string compressed = gzip(data + 1, size - 1);
    if ((config & 2) != 0) compressed.resize(compressed.size() / 2);
    fuzz::write_file(path, compressed);
  } else {
    fuzz::write_file(path, data + 1, size - 1);
  }
  static const FileFormat kForced[4] = {FileFormat::GloveText, FileFormat::Word2VecText,
                                        FileFormat::Word2VecBinary, FileFormat::Galaxy};
  LoadOptions options = fuzz::options_from(config, FileFormat::Auto);
  if ((config & 0x10) != 0) {
    options.threads = 1;
    options.limit = 0;
    options.format = kForced[(config >> 5) & 3];
  }
  try {
    const LoadResult result = load_embedding(path, options);
    fuzz::touch(result.embedding);
  } catch (const DataError&) {
  }
  return 0;
}
