// Word comparison: two words side by side (cosine, angle, raw vectors) for the teaching panel.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy {

struct WordComparison {
  std::uint32_t row_a = 0, row_b = 0;
  double cosine = 0.0;         // in [-1, 1]; 0 when either word is a zero vector
  double angle_degrees = 0.0;  // acos(cosine) in degrees: 0 same direction, 90 unrelated
  std::vector<float> a, b;     // the raw vectors (dims floats each), as in the file
};

// Resolves both words with Embedding::require (DataError naming an unknown word with close
// spellings); the cosine is computed in double from the raw vectors.
WordComparison compare_words(const CosineIndex& index, std::string_view a, std::string_view b);

}  // namespace galaxy
