// A small fixed Embedding (and its CosineIndex) for the expression, analogy and word-pair targets.
#pragma once

#include <string>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/embedding.h"

namespace galaxy::fuzz {

inline const CosineIndex& small_index() {
  static const Embedding embedding = [] {
    std::vector<std::string> words = {"the",    "king",   "queen",   "man",  "woman", "paris",
                                      "berlin", "france", "germany", "King", "zero",  "well-known",
                                      "1990",   "é",      "ÉCOLE",   "king"};
    const int dims = 4;
    std::vector<float> vectors;
    for (std::size_t row = 0; row < words.size(); ++row) {
      for (int d = 0; d < dims; ++d) {
        // "zero" is a zero vector (cosine 0 with everything, never NaN).
        vectors.push_back(words[row] == "zero" ? 0.0f
                                               : static_cast<float>((row * 7 + d * 3) % 11) - 5.0f);
      }
    }
    return Embedding(std::move(words), std::move(vectors), dims);
  }();
  static const CosineIndex index(embedding);
  return index;
}

}  // namespace galaxy::fuzz
