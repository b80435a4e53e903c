// libFuzzer target: an analogy questions file (": section" headers, "A B C D" lines) through
// evaluate_analogies on a small fixed Embedding. Byte 0 is the config (bit 0: add/mul; bits 1-2:
// restrict 300000 / 1 / 5 / 0); the rest is the file.
#include "geometry/evaluate.h"
#include "tests/fuzz/fuzz_small_embedding.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  if (size == 0) return 0;
  const std::uint8_t config = data[0];
  static const std::string path = fuzz::scratch_path("questions.txt");
  fuzz::write_file(path, data + 1, size - 1);
  static const std::size_t kRestrict[4] = {300000, 1, 5, 0};
  const AnalogyMethod method = (config & 1) != 0 ? AnalogyMethod::Mul : AnalogyMethod::Add;
  try {
    const AnalogyEvaluation result =
        evaluate_analogies(fuzz::small_index(), path, kRestrict[(config >> 1) & 3], method, {}, 1);
    std::size_t correct = 0, answered = 0;
    for (const SectionScore& section : result.sections) {
      if (section.correct > section.answered) std::abort();
      correct += section.correct;
      answered += section.answered;
    }
    if (correct != result.total.correct || answered != result.total.answered) std::abort();
  } catch (const DataError&) {
  }
  return 0;
}
