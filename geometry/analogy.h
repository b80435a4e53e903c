// Word analogies "a is to b as c is to ?" with gensim 4.2's 3CosAdd and 3CosMul objectives.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy {

enum class AnalogyMethod {
  Add,  // 3CosAdd: gensim most_similar(positive=[b, c], negative=[a])
  Mul,  // 3CosMul: gensim most_similar_cosmul(positive=[b, c], negative=[a])
};
// "add", "mul": the one table of method names (command line, bookmarks), in enum order.
// Inline: the bookmark reader (and its fuzz target) use it without the search code.
inline const std::vector<std::string>& analogy_method_names() {
  static const std::vector<std::string> names = {"add", "mul"};  // enum order
  return names;
}
const char* analogy_method_name(AnalogyMethod method);
// A name above, or "3cosadd" / "3cosmul"; std::nullopt for anything else.
std::optional<AnalogyMethod> parse_analogy_method(const std::string& name);

struct AnalogyOptions {
  AnalogyMethod method = AnalogyMethod::Add;
  std::size_t k = 10;
  bool include_inputs = false;  // false: rows a, b and c are never returned (as gensim)
  std::size_t restrict =
      0;  // > 0: only rows < restrict are candidates (gensim's cosmul ignores it)
};

// "a is to b as c is to ?", best first (ties by lower row).
// Add: score = cos(row, unit(u_b + u_c - u_a)).
// Mul: score = (1+cos(row,b))/2 * (1+cos(row,c))/2 / ((1+cos(row,a))/2 + 1e-6).
std::vector<Neighbor> solve_analogy(const CosineIndex& index, std::uint32_t a, std::uint32_t b,
                                    std::uint32_t c, const AnalogyOptions& options = {});

// 3CosAdd query direction: unit(u_b + u_c - u_a) in float (zero when the sum is zero).
std::vector<float> analogy_add_query(const CosineIndex& index, std::uint32_t a, std::uint32_t b,
                                     std::uint32_t c);

// The 3CosMul objective from the three cosines (shared with the batched evaluation).
inline float cosmul_score(float cos_a, float cos_b, float cos_c) {
  const double pb = (1.0 + cos_b) / 2.0;
  const double pc = (1.0 + cos_c) / 2.0;
  const double pa = (1.0 + cos_a) / 2.0;
  return static_cast<float>(pb * pc / (pa + 1e-6));
}

}  // namespace galaxy
