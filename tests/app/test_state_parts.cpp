// The parts of AppState keep their own rules: each change that alters the stars bumps the stars'
// version by itself (and only those), settings are clamped by their owner, and the panels' drafts
// follow the state's queries only when something other than typing changes them.
#include <gtest/gtest.h>

#include "app/session/panel_drafts.h"
#include "app/state/app_state.h"
#include "seeded_galaxy.h"

namespace galaxy::app {
namespace {

class StatePartsTest : public ::testing::Test {
 protected:
  void SetUp() override { state.set_dataset(make_dataset(testing::seeded_galaxy())); }
  std::int32_t row(const char* word) const {
    return static_cast<std::int32_t>(*state.dataset()->embedding.find(word));
  }
  AppState state;
};

// Runs `change` and says whether the stars' version moved.
template <typename Change>
bool bumps_stars(AppState& state, Change change) {
  const std::uint64_t before = state.stars_version();
  change();
  return state.stars_version() != before;
}

TEST_F(StatePartsTest, EveryPartBumpsTheStarsVersionWhenItChangesTheStars) {
  Analysis& analysis = state.analysis();
  EXPECT_TRUE(bumps_stars(state, [&] { analysis.select(row("king")); }));
  EXPECT_TRUE(bumps_stars(state, [&] { analysis.set_neighbour_count(3); }));
  EXPECT_TRUE(bumps_stars(state, [&] { analysis.set_search_query("prin"); }));
  AnalogyQuery query;
  query.a = "man";
  query.b = "king";
  query.c = "woman";
  EXPECT_TRUE(bumps_stars(state, [&] { analysis.solve_analogy(query); }));
  EXPECT_TRUE(bumps_stars(state, [&] { analysis.compare_words(CompareQuery{"boy", "girl"}); }));
  EXPECT_TRUE(bumps_stars(state, [&] { state.coloring().cycle_scheme(); }));
  ProjectionSpec unit;
  unit.kind = ProjectionKind::PcaUnit;
  EXPECT_TRUE(bumps_stars(state, [&] { state.sky().set_projection(unit, 0.0f); }));
  EXPECT_TRUE(bumps_stars(state, [&] { state.isolate_selection(0.0f); }));
  EXPECT_TRUE(bumps_stars(state, [&] { state.set_dataset(state.dataset_ptr()); }));
}

TEST_F(StatePartsTest, ChangesThatLeaveTheStarsAloneDoNotBumpTheirVersion) {
  Analysis& analysis = state.analysis();
  analysis.select(row("queen"));
  EXPECT_FALSE(bumps_stars(state, [&] { analysis.select(row("queen")); }));      // same row
  EXPECT_FALSE(bumps_stars(state, [&] { analysis.set_hovered(row("king")); }));  // overlay only
  EXPECT_FALSE(
      bumps_stars(state, [&] { analysis.set_neighbour_count(analysis.neighbour_count()); }));
  EXPECT_FALSE(
      bumps_stars(state, [&] { state.coloring().set_scheme(state.coloring().state().scheme); }));
  EXPECT_FALSE(bumps_stars(state, [&] { state.set_view_flag(&ViewSettings::show_labels, false); }));
  EXPECT_FALSE(bumps_stars(state, [&] { state.set_panel(&PanelVisibility::compare, true); }));
  // A failed projection keeps the stars where they are.
  ProjectionSpec bad;
  bad.kind = ProjectionKind::Axes;
  bad.axes = {"woman - man", "kingg", "boy - girl"};
  EXPECT_FALSE(bumps_stars(state, [&] { state.sky().set_projection(bad, 0.0f); }));
  EXPECT_FALSE(state.sky().projection().error.empty());
}

TEST_F(StatePartsTest, TheViewIsClampedByItsOwnerAndPresentationIsNotAPlainSetting) {
  ViewSettings view = state.view();
  view.star_size_px = -3.0f;
  view.label_count = 1 << 20;
  view.background = glm::vec3(2.0f, -1.0f, 0.5f);
  view.presentation = true;  // only set_presentation turns it on
  state.set_view(view);
  EXPECT_GT(state.view().star_size_px, 0.0f);
  EXPECT_LE(state.view().label_count, 1000);
  EXPECT_EQ(state.view().background, glm::vec3(1.0f, 0.0f, 0.5f));
  EXPECT_FALSE(state.view().presentation);
  EXPECT_FALSE(state.panels().hide_all);
  state.set_view_flag(&ViewSettings::presentation, true);  // goes through set_presentation
  EXPECT_TRUE(state.view().presentation);
  EXPECT_TRUE(state.panels().hide_all);
}

TEST_F(StatePartsTest, TheClusterCountIsClampedAndUsedByTheNextRun) {
  Coloring& coloring = state.coloring();
  coloring.set_cluster_count(1);
  EXPECT_EQ(coloring.clusters().k, 2);
  coloring.set_cluster_count(3);
  coloring.set_color_by(ColorBy::Clusters);
  state.settle();
  ASSERT_TRUE(coloring.clusters().result) << coloring.clusters().error;
  EXPECT_EQ(coloring.clusters().result->k, 3);
  EXPECT_EQ(coloring.state().categories.names.size(), 3u);
}

TEST_F(StatePartsTest, ClearingAnAnswerKeepsTheQueryThePanelShows) {
  Analysis& analysis = state.analysis();
  AnalogyQuery query;
  query.a = "man";
  query.b = "king";
  query.c = "woman";
  ASSERT_TRUE(analysis.solve_analogy(query));
  analysis.clear_analogy();
  EXPECT_FALSE(analysis.analogy().solved());
  EXPECT_EQ(analysis.analogy().query, query);
  EXPECT_TRUE(analysis.focus_rows(nullptr).empty());
}

TEST_F(StatePartsTest, DraftsKeepWhatIsTypedUntilSomethingElseChangesTheQuery) {
  session::PanelDrafts drafts;
  drafts.sync(state);
  drafts.analogy.a = "boy";  // typed, not solved yet
  drafts.compare.a = "prin";
  drafts.axes[1] = "rich";
  drafts.sync(state);  // nothing else changed: the typing stays
  EXPECT_EQ(drafts.analogy.a, "boy");
  EXPECT_EQ(drafts.compare.a, "prin");
  EXPECT_EQ(drafts.axes[1], "rich");

  // A bookmark (or a preset, or a tour step) sets the queries: the fields show them.
  Bookmark bookmark;
  bookmark.analogy.a = "woman";
  bookmark.analogy.b = "queen";
  bookmark.analogy.c = "man";
  bookmark.compare_a = "king";
  bookmark.compare_b = "queen";
  bookmark.projection = "axes";
  bookmark.axes = {"woman - man", "king - man", "girl - woman"};
  EXPECT_TRUE(state.apply_bookmark(bookmark, 0.0f).empty());
  drafts.sync(state);
  EXPECT_EQ(drafts.analogy.a, "woman");
  EXPECT_EQ(drafts.analogy.b, "queen");
  EXPECT_EQ(drafts.compare.a, "king");
  EXPECT_EQ(drafts.axes, bookmark.axes);

  EXPECT_TRUE(state.analysis().apply_preset(analogy_presets().front()));
  drafts.sync(state);
  EXPECT_EQ(drafts.analogy.a, analogy_presets().front().a);
}

}  // namespace
}  // namespace galaxy::app
