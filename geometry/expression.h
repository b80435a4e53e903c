// Word-vector expressions ("king - man + woman", "0.5*paris + berlin") parsed into weighted terms.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy {

struct WeightedTerm {
  std::string word;
  double weight;
};

// Grammar: [sign] term { sign term }, term = [number '*'] word, sign = '+' | '-'.
// Words are any non-space tokens except the operators: '+' and '*' always split tokens; '-' is an
// operator only at the start of a token ("well-known" and "1e-3" stay whole). A number is a weight
// only when '*' follows it, so "1990 - 1980" subtracts two words. Bad syntax throws DataError
// naming the 1-based column, e.g. "expected a word after '-' at column 7".
std::vector<WeightedTerm> parse_expression(std::string_view text);

// The weighted sum of the terms' unit vectors, in double (not normalised). Resolves every word with
// Embedding::require (DataError naming an unknown word, with suggestions); `rows`, if given, gets
// the terms' rows in order.
std::vector<double> weighted_unit_sum(const CosineIndex& index,
                                      const std::vector<WeightedTerm>& terms,
                                      std::vector<std::uint32_t>* rows = nullptr);

// Resolves every word with Embedding::require (DataError naming the unknown word and suggestions),
// then gensim most_similar(positive=[(word, weight), ...]): cosine to the normalised weighted sum
// of unit vectors. Input rows are excluded unless include_inputs.
std::vector<Neighbor> evaluate_expression(const CosineIndex& index,
                                          const std::vector<WeightedTerm>& terms, std::size_t k,
                                          bool include_inputs = false);

}  // namespace galaxy
