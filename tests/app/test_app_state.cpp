// AppState specs: selection and its cosine neighbours, search cursor, analogy and expression
// solving.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/state/app_state.h"
#include "seeded_galaxy.h"

namespace galaxy::app {
namespace {

class AppStateTest : public ::testing::Test {
 protected:
  void SetUp() override { state.set_dataset(make_dataset(testing::seeded_galaxy())); }
  std::uint32_t row(const char* word) const { return *state.dataset()->embedding.find(word); }
  std::string word(std::uint32_t r) const { return state.dataset()->word(r); }

  // Cosine in the full dimension, in double: the reference for neighbours.
  double cosine(std::uint32_t a, std::uint32_t b) const {
    const Embedding& e = state.dataset()->embedding;
    double dot = 0, na = 0, nb = 0;
    for (int d = 0; d < e.dims(); ++d) {
      dot += double(e.row(a)[d]) * e.row(b)[d];
      na += double(e.row(a)[d]) * e.row(a)[d];
      nb += double(e.row(b)[d]) * e.row(b)[d];
    }
    return dot / std::sqrt(na * nb);
  }

  AppState state;
};

TEST_F(AppStateTest, SelectingAWordListsItsKNearestByCosineInFullDimensions) {
  state.analysis().set_neighbour_count(5);
  state.analysis().select(static_cast<std::int32_t>(row("king")));
  ASSERT_EQ(state.analysis().neighbours().size(), 5u);
  // Reference: brute force over every other row.
  std::vector<std::pair<double, std::uint32_t>> reference;
  for (std::uint32_t r = 0; r < state.dataset()->rows(); ++r)
    if (r != row("king")) reference.push_back({cosine(row("king"), r), r});
  std::sort(reference.rbegin(), reference.rend());
  for (std::size_t i = 0; i < 5; ++i) {
    EXPECT_EQ(state.analysis().neighbours()[i].row, reference[i].second) << "rank " << i;
    EXPECT_NEAR(state.analysis().neighbours()[i].score, reference[i].first, 1e-5);
  }
}

TEST_F(AppStateTest, ChangingKRecomputesAndIsClamped) {
  state.analysis().select(static_cast<std::int32_t>(row("queen")));
  state.analysis().set_neighbour_count(3);
  EXPECT_EQ(state.analysis().neighbours().size(), 3u);
  state.analysis().set_neighbour_count(0);
  EXPECT_EQ(state.analysis().neighbour_count(), 1);
  state.analysis().set_neighbour_count(1000);
  EXPECT_EQ(state.analysis().neighbour_count(), 100);
}

TEST_F(AppStateTest, ClearingOrInvalidSelectionLeavesNoNeighbours) {
  state.analysis().select(static_cast<std::int32_t>(row("boy")));
  state.analysis().select(-1);
  EXPECT_EQ(state.analysis().selected(), -1);
  EXPECT_TRUE(state.analysis().neighbours().empty());
  state.analysis().select(100000);
  EXPECT_EQ(state.analysis().selected(), -1);
}

TEST_F(AppStateTest, SelectingAnUnknownWordNamesItAndSuggestsSpellings) {
  try {
    state.analysis().select_word("kingg");
    FAIL() << "expected DataError";
  } catch (const DataError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("kingg"), std::string::npos) << message;
    EXPECT_NE(message.find("king"), std::string::npos) << message;
  }
}

TEST_F(AppStateTest, SelectionChangesBumpTheStarsVersion) {
  const auto before = state.stars_version();
  state.analysis().select(static_cast<std::int32_t>(row("girl")));
  EXPECT_NE(state.stars_version(), before);
  const StarHighlights highlights = state.star_highlights();
  EXPECT_EQ(highlights.selected, static_cast<std::int32_t>(row("girl")));
  EXPECT_EQ(highlights.neighbours.size(), state.analysis().neighbours().size());
}

TEST_F(AppStateTest, ChangingTheColourSchemeBumpsTheStarsVersionItself) {
  const std::uint64_t before = state.stars_version();
  state.coloring().cycle_scheme();
  EXPECT_GT(state.stars_version(), before);
  const std::uint64_t after_cycle = state.stars_version();
  state.coloring().set_scheme(state.coloring().state().scheme);  // no change, no new upload
  EXPECT_EQ(state.stars_version(), after_cycle);
  for (int i = 0; i < kColorSchemeCount; ++i) state.coloring().cycle_scheme();
  EXPECT_EQ(state.stars_version(), after_cycle + std::uint64_t(kColorSchemeCount));
}

TEST_F(AppStateTest, NewDatasetClearsTheSelection) {
  state.analysis().select(static_cast<std::int32_t>(row("man")));
  state.set_dataset(make_dataset(testing::seeded_galaxy(10, 8, 99)));
  EXPECT_EQ(state.analysis().selected(), -1);
  EXPECT_TRUE(state.analysis().neighbours().empty());
}

TEST_F(AppStateTest, SearchCursorMovesWithinTheHits) {
  state.analysis().set_search_query("FILLER1");  // filler1, filler10..filler19
  ASSERT_EQ(state.analysis().search().result.total, 11u);
  EXPECT_EQ(word(static_cast<std::uint32_t>(state.analysis().search_cursor_row())), "filler1");
  state.analysis().move_search_cursor(+3);
  EXPECT_EQ(word(static_cast<std::uint32_t>(state.analysis().search_cursor_row())), "filler12");
  state.analysis().move_search_cursor(-100);
  EXPECT_EQ(state.analysis().search().cursor, 0);
  state.analysis().set_search_query("nothing-like-this");
  EXPECT_TRUE(state.analysis().search().result.no_match());
  EXPECT_EQ(state.analysis().search_cursor_row(), -1);
}

TEST_F(AppStateTest, ANoMatchSearchSuggestsCloseSpellingsOfTheOpenGalaxy) {
  state.analysis().set_search_query("queeen");
  ASSERT_TRUE(state.analysis().search().result.no_match());
  ASSERT_FALSE(state.analysis().search().suggestions.empty());
  EXPECT_EQ(state.analysis().search().suggestions.front(), "queen");
  state.analysis().set_search_query("quee");  // matches: no suggestions
  EXPECT_TRUE(state.analysis().search().suggestions.empty());
  // Kept with the galaxy, not with an address: a new galaxy recomputes them for the same text.
  state.analysis().set_search_query("queeen");
  state.set_dataset(make_dataset(testing::seeded_galaxy(10, 8, 99)));
  for (const std::string& suggestion : state.analysis().search().suggestions)
    EXPECT_TRUE(state.dataset()->embedding.find(suggestion).has_value()) << suggestion;
}

TEST_F(AppStateTest, AnalogyManKingWomanAnswersQueen) {
  AnalogyQuery analogy_query;
  analogy_query.a = "man";
  analogy_query.b = "king";
  analogy_query.c = "woman";
  ASSERT_TRUE(state.analysis().solve_analogy(analogy_query)) << state.analysis().analogy().error;
  EXPECT_EQ(word(state.analysis().analogy().results.front().row), "queen");
  EXPECT_EQ(state.analysis().analogy().row_b, static_cast<std::int32_t>(row("king")));
  for (const Neighbor& n : state.analysis().analogy().results) {  // inputs excluded by default
    EXPECT_NE(word(n.row), "man");
    EXPECT_NE(word(n.row), "king");
    EXPECT_NE(word(n.row), "woman");
  }
  const OverlayInput overlay = state.overlay_input();
  EXPECT_EQ(overlay.analogy_answer, static_cast<std::int32_t>(row("queen")));
}

TEST_F(AppStateTest, AnalogyMulAgreesOnTheClearCase) {
  AnalogyQuery analogy_query;
  analogy_query = AnalogyQuery{};
  analogy_query.a = "boy";
  analogy_query.b = "prince";
  analogy_query.c = "girl";
  analogy_query.method = AnalogyMethod::Mul;
  ASSERT_TRUE(state.analysis().solve_analogy(analogy_query)) << state.analysis().analogy().error;
  EXPECT_EQ(word(state.analysis().analogy().results.front().row), "princess");
}

TEST_F(AppStateTest, IncludeInputsLetsInputWordsAppear) {
  AnalogyQuery analogy_query;
  analogy_query.a = "man";
  analogy_query.b = "king";
  analogy_query.c = "woman";
  analogy_query.include_inputs = true;
  analogy_query.k = 60;
  ASSERT_TRUE(state.analysis().solve_analogy(analogy_query));
  const bool has_king = std::any_of(state.analysis().analogy().results.begin(),
                                    state.analysis().analogy().results.end(),
                                    [&](const Neighbor& n) { return word(n.row) == "king"; });
  EXPECT_TRUE(has_king);
}

TEST_F(AppStateTest, AnalogyWithAnUnknownWordSaysWhichOne) {
  AnalogyQuery analogy_query;
  analogy_query.a = "man";
  analogy_query.b = "kingg";
  analogy_query.c = "woman";
  EXPECT_FALSE(state.analysis().solve_analogy(analogy_query));
  EXPECT_TRUE(state.analysis().analogy().results.empty());
  EXPECT_NE(state.analysis().analogy().error.find("'kingg'"), std::string::npos)
      << state.analysis().analogy().error;
}

TEST_F(AppStateTest, AnalogyWithAnEmptyFieldAsksForAllThree) {
  AnalogyQuery analogy_query;
  analogy_query.a = "man";
  analogy_query.b = "";
  analogy_query.c = "woman";
  EXPECT_FALSE(state.analysis().solve_analogy(analogy_query));
  EXPECT_NE(state.analysis().analogy().error.find("all three"), std::string::npos);
}

TEST_F(AppStateTest, PresetFillsTheFieldsAndSolves) {
  const AnalogyPreset& preset = analogy_presets().front();  // man:king::woman:?
  state.analysis().apply_preset(preset);
  EXPECT_EQ(state.analysis().analogy().query.a, "man");
  ASSERT_TRUE(state.analysis().analogy().solved());
  EXPECT_EQ(word(state.analysis().analogy().results.front().row), "queen");
}

TEST(AnalogyPresets, IncludeTheClassicsFromTheBrief) {
  auto has = [](const char* a, const char* b, const char* c) {
    const auto& presets = analogy_presets();
    return std::any_of(presets.begin(), presets.end(), [&](const AnalogyPreset& p) {
      return std::string(p.a) == a && std::string(p.b) == b && std::string(p.c) == c;
    });
  };
  EXPECT_TRUE(has("man", "king", "woman"));
  EXPECT_TRUE(has("paris", "france", "tokyo"));
  EXPECT_TRUE(has("walking", "walked", "swimming"));
  EXPECT_TRUE(has("good", "better", "bad"));
}

TEST_F(AppStateTest, ExpressionKingMinusManPlusWomanIsQueen) {
  ExpressionQuery expression_query;
  expression_query.text = "king - man + woman";
  ASSERT_TRUE(state.analysis().evaluate_expression(expression_query))
      << state.analysis().expression().error;
  EXPECT_EQ(word(state.analysis().expression().results.front().row), "queen");
  EXPECT_EQ(state.analysis().expression().input_rows.size(), 3u);
}

TEST_F(AppStateTest, ExpressionWithAnUnknownWordNamesIt) {
  ExpressionQuery expression_query;
  expression_query.text = "king - mann + woman";
  EXPECT_FALSE(state.analysis().evaluate_expression(expression_query));
  EXPECT_NE(state.analysis().expression().error.find("mann"), std::string::npos)
      << state.analysis().expression().error;
  EXPECT_TRUE(state.analysis().expression().results.empty());
}

TEST_F(AppStateTest, NewDatasetSolvesTheAnalogyAgain) {
  state.analysis().apply_preset(analogy_presets().front());
  state.set_dataset(make_dataset(testing::seeded_galaxy(30, 16, 77)));
  ASSERT_TRUE(state.analysis().analogy().solved()) << state.analysis().analogy().error;
  EXPECT_EQ(word(state.analysis().analogy().results.front().row), "queen");
}

}  // namespace
}  // namespace galaxy::app
