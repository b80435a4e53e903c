// Seeded random embeddings for geometry specs: words "w0", "w1", ... with N(0,1) components.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "geometry/embedding.h"

namespace galaxy::testing {

inline Embedding random_embedding(std::size_t rows, int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<std::string> words;
  std::vector<float> vectors(rows * static_cast<std::size_t>(dims));
  for (std::size_t r = 0; r < rows; ++r) words.push_back("w" + std::to_string(r));
  for (float& v : vectors) v = normal(rng);
  return Embedding(std::move(words), std::move(vectors), dims);
}

}  // namespace galaxy::testing
