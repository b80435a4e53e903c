// Semantic axes: coordinates along word-expression directions ("woman - man", "rich - poor"),
// the cosine of every word with the axis, for a galaxy whose X, Y, Z mean something.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/expression.h"

namespace galaxy {

struct SemanticAxis {
  std::string expression;           // as given, e.g. "woman - man"
  std::vector<WeightedTerm> terms;  // parse_expression(expression)
  std::vector<float> direction;     // unit length, dims() floats
};

// Parses `expression` (parse_expression's grammar), resolves every word with Embedding::require
// (DataError naming the unknown word with close spellings) and sets direction to the normalised
// weighted sum of the terms' UNIT vectors (each word counts by its weight, not by its length).
// DataError when that sum has no direction, e.g. "man - man".
SemanticAxis make_semantic_axis(const CosineIndex& index, std::string_view expression);

// rows() * axes.size() floats, row-major: entry (r, a) is the cosine of row r's unit vector with
// axes[a].direction (0 for a zero row). Float32 products over blocks of rows, shared by the cores
// for large inputs (the same result for any thread count); each entry is within ~1e-6 of the
// double-precision cosine.
// Axes for X, Y, Z (and on, for more than three) from their expressions; a DataError names the
// axis: "Y axis: unknown word 'riche' (did you mean: rich, ...)".
std::vector<SemanticAxis> make_semantic_axes(const CosineIndex& index,
                                             const std::vector<std::string>& expressions);

std::vector<float> semantic_axis_coordinates(const CosineIndex& index,
                                             const std::vector<SemanticAxis>& axes);

}  // namespace galaxy
