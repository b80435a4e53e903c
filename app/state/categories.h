// Categories: per-row category ids and a legend, from a metadata column or a clustering, for
// colouring the stars (GL-free).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "geometry/embedding.h"
#include "geometry/kmeans.h"

namespace galaxy::app {

struct Categories {
  std::vector<std::int32_t> category;  // per row, index into names; -1 = none
  std::vector<std::string> names;      // legend, most frequent first
  std::vector<std::size_t> counts;     // rows per category (names.size() entries)
  bool has_other = false;              // the last category is the overflow bucket kOtherCategory
  // The overflow bucket (not a value that happens to be called "other").
  bool is_other(int c) const { return has_other && c == static_cast<int>(names.size()) - 1; }
};

// Name of the last category when there are more distinct values than colours.
inline constexpr const char* kOtherCategory = "other";

// One category per distinct value, most frequent first (ties: the value seen first). With more than
// max_categories distinct values the first max_categories - 1 keep their own category and the rest
// share a final "other", so there are never more than max_categories (at least 1). Empty values get
// no category (-1) and are not counted.
Categories categorize(const std::vector<std::string>& values, int max_categories = 12);

// The clusters as categories: category = cluster, names from cluster_name ("dog, cat, puppy"),
// counts = cluster sizes.
Categories categories_from_clustering(const Embedding& embedding, const Clustering& clustering);

}  // namespace galaxy::app
