// libFuzzer target: parse_expression on arbitrary text, then (when it parses) evaluate_expression
// on a small fixed Embedding. DataError (bad syntax, unknown word) is the expected failure.
#include <string_view>

#include "geometry/expression.h"
#include "tests/fuzz/fuzz_small_embedding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const std::vector<WeightedTerm> terms = parse_expression(text);
    if (terms.empty()) std::abort();  // the grammar needs at least one term
    const auto neighbors = evaluate_expression(fuzz::small_index(), terms, 3, (size & 1) != 0);
    for (const Neighbor& n : neighbors) {
      if (n.row >= fuzz::small_index().rows()) std::abort();
    }
  } catch (const DataError&) {
  }
  return 0;
}
