// Incremental word search: exact, then prefix, then substring matches, each in frequency (row)
// order.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace galaxy::app {

enum class MatchKind { Exact, Prefix, Substring };

struct SearchHit {
  std::uint32_t row = 0;
  MatchKind kind = MatchKind::Substring;
};

struct SearchResult {
  std::string query;
  std::vector<SearchHit> hits;  // capped at the limit
  std::size_t total = 0;        // all matches, before the cap
  bool empty_query() const { return query.empty(); }
  bool no_match() const { return !query.empty() && total == 0; }
  // "no word contains 'xyzq'", "3 matches", "1204 matches (showing 50)", or "" for an empty query.
  std::string summary() const;
};

// Case-insensitive for ASCII letters (other bytes compare exactly). Incremental: a query that
// extends the previous one only rescans the previous matches, so typing stays fast on 341k words.
class WordSearch {
 public:
  WordSearch() = default;
  explicit WordSearch(const std::vector<std::string>& words);

  SearchResult find(std::string_view query, std::size_t limit = 50);
  std::size_t size() const { return lowered_.size(); }

 private:
  std::vector<std::string> lowered_;
  std::string last_query_;
  std::vector<std::uint32_t> last_matches_;  // every row containing last_query_, in row order
};

// ASCII lower-casing used by the search.
std::string ascii_lower(std::string_view text);

}  // namespace galaxy::app
