// libFuzzer target: a word-pairs file ("word word score") through evaluate_similarity on a small
// fixed Embedding. Byte 0 is the config (bits 0-1: restrict 300000 / 1 / 5 / 0); the rest is the
// file.
#include "geometry/evaluate.h"
#include "tests/fuzz/fuzz_small_embedding.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string path = fuzz::scratch_path("pairs.txt");
  fuzz::write_file(path, data + 1, size - 1);
  static const std::size_t kRestrict[4] = {300000, 1, 5, 0};
  try {
    const SimilarityEvaluation result =
        evaluate_similarity(fuzz::small_index(), path, kRestrict[config & 3]);
    if (result.pairs_used == 0) std::abort();  // documented: no usable pair is a DataError
  } catch (const DataError&) {
  }
  return 0;
}
