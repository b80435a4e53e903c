// Categories: counting distinct values (hash map, then a stable frequency sort) and cluster
// legends.
#include "app/state/categories.h"

#include <algorithm>
#include <numeric>
#include <string_view>
#include <unordered_map>

namespace galaxy::app {

Categories categorize(const std::vector<std::string>& values, int max_categories) {
  // Distinct values in order of first appearance, with their counts.
  std::unordered_map<std::string_view, std::int32_t> ids;
  std::vector<std::string_view> distinct;
  std::vector<std::size_t> counts;
  std::vector<std::int32_t> first_pass(values.size(), -1);
  for (std::size_t r = 0; r < values.size(); ++r) {
    if (values[r].empty()) continue;
    auto [it, inserted] = ids.emplace(values[r], static_cast<std::int32_t>(distinct.size()));
    if (inserted) {
      distinct.push_back(values[r]);
      counts.push_back(0);
    }
    ++counts[static_cast<std::size_t>(it->second)];
    first_pass[r] = it->second;
  }
  // Most frequent first; stable, so equal counts keep first-appearance order.
  std::vector<std::int32_t> order(distinct.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
    return counts[static_cast<std::size_t>(a)] > counts[static_cast<std::size_t>(b)];
  });
  const std::size_t limit = static_cast<std::size_t>(std::max(1, max_categories));
  const bool overflow = distinct.size() > limit;
  const std::size_t kept = overflow ? limit - 1 : distinct.size();

  Categories result;
  std::vector<std::int32_t> remap(distinct.size(), static_cast<std::int32_t>(kept));
  for (std::size_t rank = 0; rank < kept; ++rank) {
    const auto id = static_cast<std::size_t>(order[rank]);
    remap[id] = static_cast<std::int32_t>(rank);
    result.names.emplace_back(distinct[id]);
    result.counts.push_back(counts[id]);
  }
  if (overflow) {
    result.names.emplace_back(kOtherCategory);
    result.has_other = true;
    std::size_t rest = 0;
    for (std::size_t rank = kept; rank < order.size(); ++rank)
      rest += counts[static_cast<std::size_t>(order[rank])];
    result.counts.push_back(rest);
  }
  result.category.resize(values.size(), -1);
  for (std::size_t r = 0; r < values.size(); ++r)
    if (first_pass[r] >= 0) result.category[r] = remap[static_cast<std::size_t>(first_pass[r])];
  return result;
}

Categories categories_from_clustering(const Embedding& embedding, const Clustering& clustering) {
  Categories result;
  result.category = clustering.assignment;
  result.counts = clustering.sizes;
  for (int c = 0; c < clustering.k; ++c)
    result.names.push_back(cluster_name(embedding, clustering, c));
  return result;
}

}  // namespace galaxy::app
