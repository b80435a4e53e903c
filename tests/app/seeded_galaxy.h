// A small seeded embedding for app-state tests: a "royal family" that solves analogies, plus filler
// words.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "geometry/embedding.h"

namespace galaxy::app::testing {

// king - man + woman = queen (and the like) hold by construction: every word is a sum of shared
// seeded directions (person, male, female, royal, young) plus a little noise. Filler words are
// random.
inline Embedding seeded_galaxy(int filler = 60, int dims = 16, unsigned seed = 1234) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  auto random_vector = [&](float scale) {
    std::vector<float> v(static_cast<std::size_t>(dims));
    for (float& x : v) x = normal(rng) * scale;
    return v;
  };
  const auto person = random_vector(1.0f), male = random_vector(1.0f), female = random_vector(1.0f),
             royal = random_vector(1.0f), young = random_vector(1.0f);
  struct Recipe {
    const char* word;
    bool is_male, is_royal, is_young;
  };
  const Recipe family[] = {{"man", true, false, false},  {"woman", false, false, false},
                           {"king", true, true, false},  {"queen", false, true, false},
                           {"boy", true, false, true},   {"girl", false, false, true},
                           {"prince", true, true, true}, {"princess", false, true, true}};
  std::vector<std::string> words;
  std::vector<float> vectors;
  for (const Recipe& r : family) {
    words.push_back(r.word);
    const auto noise = random_vector(0.05f);
    for (int d = 0; d < dims; ++d) {
      const auto i = static_cast<std::size_t>(d);
      vectors.push_back(person[i] + (r.is_male ? male[i] : female[i]) +
                        (r.is_royal ? royal[i] : 0.0f) + (r.is_young ? young[i] : 0.0f) + noise[i]);
    }
  }
  for (int i = 0; i < filler; ++i) {
    words.push_back("filler" + std::to_string(i));
    const auto v = random_vector(1.0f);
    vectors.insert(vectors.end(), v.begin(), v.end());
  }
  return Embedding(std::move(words), std::move(vectors), dims);
}

}  // namespace galaxy::app::testing
