// WordSearch specs: exact, then prefix, then substring; frequency (row) order; ASCII
// case-insensitive.
#include <gtest/gtest.h>

#include "app/state/search.h"

namespace galaxy::app {
namespace {

// Row order = frequency order, as in every embedding file.
const std::vector<std::string> kWords = {"the",   "King", "making", "kingdom", "parking",
                                         "kings", "king", "Viking", "ink",     "queen"};

std::vector<std::string> words_of(const SearchResult& result) {
  std::vector<std::string> out;
  for (const SearchHit& hit : result.hits) out.push_back(kWords[hit.row]);
  return out;
}

TEST(WordSearch, ExactThenPrefixThenSubstringEachInFrequencyOrder) {
  WordSearch search(kWords);
  const SearchResult result = search.find("king");
  EXPECT_EQ(words_of(result), (std::vector<std::string>{"King", "king", "kingdom", "kings",
                                                        "making", "parking", "Viking"}));
  EXPECT_EQ(result.hits[0].kind, MatchKind::Exact);
  EXPECT_EQ(result.hits[2].kind, MatchKind::Prefix);
  EXPECT_EQ(result.hits[4].kind, MatchKind::Substring);
  EXPECT_EQ(result.total, 7u);
}

TEST(WordSearch, IgnoresAsciiCase) {
  WordSearch search(kWords);
  EXPECT_EQ(words_of(search.find("VIK")), (std::vector<std::string>{"Viking"}));
  EXPECT_EQ(search.find("QuEeN").total, 1u);
}

TEST(WordSearch, CapsTheHitsButCountsAllMatches) {
  WordSearch search(kWords);
  const SearchResult result = search.find("in", 3);
  EXPECT_EQ(result.hits.size(), 3u);
  EXPECT_EQ(result.total, 8u);
  EXPECT_EQ(result.summary(), "8 matches (showing 3)");
}

TEST(WordSearch, ReportsNoMatchClearly) {
  WordSearch search(kWords);
  const SearchResult result = search.find("xyzq");
  EXPECT_TRUE(result.no_match());
  EXPECT_TRUE(result.hits.empty());
  EXPECT_EQ(result.summary(), "no word contains 'xyzq'");
}

TEST(WordSearch, EmptyQueryIsNotANoMatch) {
  WordSearch search(kWords);
  const SearchResult result = search.find("");
  EXPECT_TRUE(result.empty_query());
  EXPECT_FALSE(result.no_match());
  EXPECT_EQ(result.summary(), "");
}

TEST(WordSearch, TypingAndDeletingGivesTheSameResultsAsAFreshSearch) {
  WordSearch incremental(kWords);
  for (const char* query : {"k", "ki", "kin", "king", "kings", "king", "ki", "i", "in", "ink"}) {
    WordSearch fresh(kWords);
    EXPECT_EQ(words_of(incremental.find(query)), words_of(fresh.find(query))) << query;
  }
}

TEST(WordSearch, NonAsciiBytesMatchExactly) {
  WordSearch search({"café", "CAFÉ", "cafe"});
  EXPECT_EQ(search.find("café").total, 1u);  // É and é differ: only ASCII folds
  EXPECT_EQ(search.find("caf").total, 3u);
}

}  // namespace
}  // namespace galaxy::app
