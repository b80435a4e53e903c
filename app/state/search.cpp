// WordSearch: lower-cased copy of the vocabulary, scanned (incrementally) for
// exact/prefix/substring hits.
#include "app/state/search.h"

#include <algorithm>

namespace galaxy::app {

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string SearchResult::summary() const {
  if (query.empty()) return {};
  if (total == 0) return "no word contains '" + query + "'";
  std::string text = std::to_string(total) + (total == 1 ? " match" : " matches");
  if (hits.size() < total) text += " (showing " + std::to_string(hits.size()) + ")";
  return text;
}

WordSearch::WordSearch(const std::vector<std::string>& words) {
  lowered_.reserve(words.size());
  for (const std::string& word : words) lowered_.push_back(ascii_lower(word));
}

SearchResult WordSearch::find(std::string_view query_text, std::size_t limit) {
  SearchResult result;
  result.query = std::string(query_text);
  const std::string query = ascii_lower(query_text);
  if (query.empty()) {
    last_query_.clear();
    last_matches_.clear();
    return result;
  }

  // Every row containing the query, in row order. If the query extends the previous one, its
  // matches are a subset of the previous matches.
  std::vector<std::uint32_t> matches;
  const bool incremental = !last_query_.empty() && query.size() >= last_query_.size() &&
                           query.compare(0, last_query_.size(), last_query_) == 0;
  auto consider = [&](std::uint32_t row) {
    if (lowered_[row].find(query) != std::string::npos) matches.push_back(row);
  };
  if (incremental) {
    for (std::uint32_t row : last_matches_) consider(row);
  } else {
    for (std::uint32_t row = 0; row < lowered_.size(); ++row) consider(row);
  }
  last_query_ = query;
  last_matches_ = matches;

  // Rank: exact, then prefix, then substring; rows (frequency) within each.
  std::vector<SearchHit> exact, prefix, substring;
  for (std::uint32_t row : matches) {
    const std::string& word = lowered_[row];
    if (word.size() == query.size())
      exact.push_back({row, MatchKind::Exact});
    else if (word.compare(0, query.size(), query) == 0)
      prefix.push_back({row, MatchKind::Prefix});
    else
      substring.push_back({row, MatchKind::Substring});
  }
  result.total = matches.size();
  for (const auto* group : {&exact, &prefix, &substring}) {
    for (const SearchHit& hit : *group) {
      if (result.hits.size() >= limit) break;
      result.hits.push_back(hit);
    }
  }
  return result;
}

}  // namespace galaxy::app
