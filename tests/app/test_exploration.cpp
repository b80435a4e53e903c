// Exploration specs for AppState: projections that animate, isolating a constellation, colouring by
// clusters, comparing two words, bookmarks that capture and restore a view, and what the camera
// should frame. Also the GL-free helpers they use (layout animator, screen box, captions, axis
// guides).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "app/state/app_state.h"
#include "app/state/layout_animator.h"
#include "app/state/picking.h"
#include "app/state/scene_builder.h"
#include "seeded_galaxy.h"
#include "support/temp_dir.h"

namespace galaxy::app {
namespace {

class ExplorationTest : public ::testing::Test {
 protected:
  void SetUp() override { state.set_dataset(make_dataset(testing::seeded_galaxy())); }
  std::uint32_t row(const char* word) const { return *state.dataset()->embedding.find(word); }

  static ProjectionSpec axes(const char* x, const char* y, const char* z) {
    ProjectionSpec spec;
    spec.kind = ProjectionKind::Axes;
    spec.axes = {x, y, z};
    return spec;
  }

  AppState state;
};

// [SECTION] Projection

TEST_F(ExplorationTest, StartsOnTheGalaxysOwnPcaLayout) {
  EXPECT_EQ(state.sky().projection().spec.kind, ProjectionKind::Pca);
  EXPECT_EQ(state.sky().positions(), state.dataset()->positions);
  EXPECT_FALSE(state.sky().animating());
}

TEST_F(ExplorationTest, SwitchingProjectionEasesEveryStarToTheNewLayout) {
  const ProjectionSpec spec = axes("woman - man", "king - man", "girl - woman");
  ASSERT_TRUE(state.sky().set_projection(spec, 1.0f)) << state.sky().projection().error;
  const Layout expected = compute_layout(*state.dataset(), spec);
  EXPECT_TRUE(state.sky().animating());
  EXPECT_EQ(state.sky().target_positions(), expected.positions);
  // Halfway (ease-in-out: exactly the midpoint at t = 0.5) every star is between old and new.
  const std::vector<glm::vec3> before = state.dataset()->positions;
  state.update(0.5f);
  for (std::size_t r = 0; r < before.size(); ++r) {
    const glm::vec3 mid = 0.5f * (before[r] + expected.positions[r]);
    EXPECT_NEAR(glm::distance(state.sky().positions()[r], mid), 0.0f, 1e-4f) << r;
  }
  state.update(0.6f);
  EXPECT_FALSE(state.sky().animating());
  EXPECT_EQ(state.sky().positions(), expected.positions);
  EXPECT_EQ(state.sky().projection().axis_labels, expected.axis_labels);
}

TEST_F(ExplorationTest, AnUnknownAxisWordIsReportedAndTheProjectionStays) {
  const std::uint64_t version = state.stars_version();
  EXPECT_FALSE(state.sky().set_projection(axes("woman - man", "kingg - man", "boy - girl")));
  EXPECT_NE(state.sky().projection().error.find("kingg"), std::string::npos)
      << state.sky().projection().error;
  EXPECT_EQ(state.sky().projection().spec.kind, ProjectionKind::Pca);
  EXPECT_EQ(state.sky().positions(), state.dataset()->positions);
  EXPECT_EQ(state.stars_version(), version);
}

TEST_F(ExplorationTest, AWordKeepsItsColourInEveryProjection) {
  const auto pca_stars = state.build_star_buffer();
  ASSERT_TRUE(state.sky().set_projection(axes("woman - man", "king - man", "girl - woman"), 0.0f));
  const auto axes_stars = state.build_star_buffer();
  ASSERT_EQ(pca_stars.size(), axes_stars.size());
  for (std::size_t r = 0; r < pca_stars.size(); ++r) {
    EXPECT_EQ(pca_stars[r].color, axes_stars[r].color) << r;
    EXPECT_EQ(axes_stars[r].position, state.sky().positions()[r]) << r;
  }
}

TEST_F(ExplorationTest, SemanticAxesAreDrawnAndNamedByTheirTerms) {
  ASSERT_TRUE(state.sky().set_projection(axes("woman - man", "king - man", "girl - woman"), 0.0f));
  const OverlayInput input = state.overlay_input();
  ASSERT_EQ(input.axis_guides.size(), 3u);
  EXPECT_EQ(input.axis_guides[0].positive, "X+ woman");
  EXPECT_EQ(input.axis_guides[0].negative, "X- man");
  EXPECT_EQ(input.axis_guides[1].positive, "Y+ king");
  EXPECT_EQ(input.axis_guides[2].negative, "Z- woman");
  EXPECT_GT(input.axis_length, 0.0f);
  OrbitCamera camera;
  state.sky().frame_overview(camera, 1280.0f / 720.0f);  // face-on, axis ends in view
  EXPECT_NEAR(camera.yaw, kAxesYaw, 1e-6f);
  const render::Overlay overlay =
      build_overlay(*state.dataset(), input, camera, glm::ivec2(1280, 720),
                    [](const std::string& text, float scale) {
                      return glm::vec2(7.0f * text.size(), 14.0f) * scale;
                    });
  std::set<std::string> texts;
  for (const render::Label& label : overlay.labels) texts.insert(label.text);
  EXPECT_TRUE(texts.count("X+ woman") && texts.count("X- man") && texts.count("Y+ king"));
  // Two lines per axis: the axis itself and its arrow head.
  EXPECT_GE(overlay.lines.size(), 6u);
}

// [SECTION] Isolate

TEST_F(ExplorationTest, IsolatingASelectionRunsPcaOnJustThoseWordsAndFadesTheRest) {
  state.analysis().set_neighbour_count(4);
  state.analysis().select(static_cast<std::int32_t>(row("king")));
  ASSERT_TRUE(state.isolate_selection(0.0f)) << state.sky().isolation().error;
  ASSERT_EQ(state.sky().isolation().rows.size(), 5u);
  EXPECT_EQ(state.sky().isolation().word, "king");
  const std::vector<glm::vec3> local =
      compute_local_layout(*state.dataset(), state.sky().isolation().rows);
  std::set<std::uint32_t> members(state.sky().isolation().rows.begin(),
                                  state.sky().isolation().rows.end());
  const auto stars = state.build_star_buffer();
  for (std::size_t i = 0; i < state.sky().isolation().rows.size(); ++i)
    EXPECT_EQ(state.sky().positions()[state.sky().isolation().rows[i]], local[i]);
  for (std::uint32_t r = 0; r < state.dataset()->rows(); ++r) {
    if (members.count(r)) continue;
    // The rest steps back three times as far and is dimmed.
    EXPECT_EQ(state.sky().positions()[r], 3.0f * state.dataset()->positions[r]);
    EXPECT_LT(stars[r].brightness, 0.2f);
  }
  // Only the constellation gets ambient labels.
  const OverlayInput input = state.overlay_input();
  ASSERT_NE(input.ambient_eligible, nullptr);
  for (std::uint32_t r = 0; r < state.dataset()->rows(); ++r)
    EXPECT_EQ((*input.ambient_eligible)[r] != 0, members.count(r) == 1);
  // The focus is the isolated group; clearing returns to the whole galaxy.
  EXPECT_EQ(state.focus().rows, state.sky().isolation().rows);
  state.sky().clear_isolation(0.0f);
  EXPECT_FALSE(state.sky().isolated());
  EXPECT_EQ(state.sky().positions(), state.dataset()->positions);
}

TEST_F(ExplorationTest, IsolatingFewerThanThreeWordsIsRefusedWithAReason) {
  EXPECT_FALSE(state.sky().isolate({row("king"), row("king")}, "two"));
  EXPECT_NE(state.sky().isolation().error.find("at least 3"), std::string::npos);
  EXPECT_FALSE(state.sky().isolated());
  EXPECT_FALSE(state.isolate_selection());
  EXPECT_NE(state.sky().isolation().error.find("select a word"), std::string::npos);
}

TEST(ScreenBox, FindsExactlyTheStarsProjectedInsideTheBox) {
  std::vector<glm::vec3> positions;
  for (int x = -5; x <= 5; ++x)
    for (int y = -5; y <= 5; ++y) positions.emplace_back(float(x), float(y), 0.0f);
  OrbitCamera camera;
  camera.yaw = 0.0f;
  camera.pitch = 0.0f;
  camera.distance = 30.0f;
  const glm::ivec2 viewport(800, 600);
  const glm::mat4 vp = camera.view_projection(viewport);
  const glm::vec2 a(300.0f, 200.0f), b(520.0f, 380.0f);
  const auto rows = rows_in_screen_box(positions, vp, viewport, b, a);  // corners in any order
  std::vector<std::uint32_t> expected;
  for (std::uint32_t r = 0; r < positions.size(); ++r) {
    glm::vec2 px;
    if (project_to_screen(positions[r], vp, viewport, px) && px.x >= a.x && px.x <= b.x &&
        px.y >= a.y && px.y <= b.y)
      expected.push_back(r);
  }
  EXPECT_FALSE(expected.empty());
  EXPECT_EQ(rows, expected);
  EXPECT_EQ(rows_in_screen_box(positions, vp, viewport, a, b, 3).size(), 3u);
}

// [SECTION] Clusters

TEST_F(ExplorationTest, ColouringByClustersRunsKMeansInTheBackgroundAndShowsALegend) {
  state.coloring().set_cluster_count(4);
  state.coloring().set_color_by(ColorBy::Clusters);
  state.settle();  // waits for the worker
  ASSERT_TRUE(state.coloring().clusters().result) << state.coloring().clusters().error;
  EXPECT_EQ(state.coloring().clusters().result->k, 4);
  const Categories& legend = state.coloring().state().categories;
  ASSERT_EQ(legend.category.size(), state.dataset()->rows());
  EXPECT_FALSE(legend.names.empty());
  const auto stars = state.build_star_buffer();
  for (std::size_t r = 0; r < stars.size(); ++r) {
    const int c = legend.category[r];
    if (std::size_t(state.analysis().selected()) == r) continue;
    EXPECT_EQ(stars[r].color, category_color(c)) << r;
  }
  // Back to the scheme: colours from the PCA layout again.
  state.coloring().set_color_by(ColorBy::Scheme);
  EXPECT_TRUE(state.coloring().state().categories.names.empty());
}

TEST_F(ExplorationTest, MetadataColouringWithoutMetadataSaysWhy) {
  state.coloring().set_color_by(ColorBy::Metadata, "pos");
  EXPECT_NE(state.coloring().state().error.find("no metadata"), std::string::npos)
      << state.coloring().state().error;
}

// [SECTION] Compare

TEST_F(ExplorationTest, ComparingTwoWordsGivesCosineAngleAndTheFocus) {
  CompareQuery compare_query;
  compare_query.a = "king";
  compare_query.b = "queen";
  ASSERT_TRUE(state.analysis().compare_words(compare_query)) << state.analysis().compare().error;
  const WordComparison& r = *state.analysis().compare().result;
  EXPECT_NEAR(std::cos(r.angle_degrees * 3.14159265358979 / 180.0), r.cosine, 1e-6);
  EXPECT_EQ(state.focus().rows, (std::vector<std::uint32_t>{row("king"), row("queen")}));
  EXPECT_EQ(state.overlay_input().compare_a, std::int32_t(row("king")));
  compare_query.b = "qeen";
  EXPECT_FALSE(state.analysis().compare_words(compare_query));
  EXPECT_NE(state.analysis().compare().error.find("qeen"), std::string::npos);
}

// [SECTION] Bookmarks

TEST_F(ExplorationTest, ABookmarkRestoresProjectionSelectionAnalogyAndPanels) {
  AnalogyQuery analogy_query;
  ASSERT_TRUE(state.sky().set_projection(axes("woman - man", "king - man", "girl - woman"), 0.0f));
  state.analysis().set_neighbour_count(7);
  state.analysis().select(static_cast<std::int32_t>(row("prince")));
  analogy_query.a = "man";
  analogy_query.b = "king";
  analogy_query.c = "woman";
  ASSERT_TRUE(state.analysis().solve_analogy(analogy_query));
  state.set_panel(&PanelVisibility::compare, true);
  state.set_panel(&PanelVisibility::search, false);
  CameraPose pose;
  pose.target = glm::vec3(1, 2, 3);
  pose.distance = 12.0f;
  const Bookmark bookmark = state.capture_bookmark(pose);
  EXPECT_EQ(bookmark.projection, "axes");
  EXPECT_EQ(bookmark.selected_word, "prince");
  EXPECT_EQ(bookmark.analogy.b, "king");
  ASSERT_TRUE(bookmark.camera);
  EXPECT_EQ(bookmark.camera->target, pose.target);

  AppState other;
  other.set_dataset(state.dataset_ptr());
  EXPECT_TRUE(other.apply_bookmark(bookmark, 0.0f).empty());
  EXPECT_EQ(other.sky().projection().spec, state.sky().projection().spec);
  EXPECT_EQ(other.sky().positions(), state.sky().positions());
  EXPECT_EQ(other.analysis().selected(), state.analysis().selected());
  EXPECT_EQ(other.analysis().neighbour_count(), 7);
  ASSERT_TRUE(other.analysis().analogy().solved());
  EXPECT_EQ(other.analysis().analogy().results.front().row,
            state.analysis().analogy().results.front().row);
  EXPECT_TRUE(other.panels().compare);
  EXPECT_FALSE(other.panels().search);
}

TEST_F(ExplorationTest, EveryPanelABookmarkRecordsSurvivesTheFile) {
  state.set_panel(&PanelVisibility::projection, false);
  state.set_panel(&PanelVisibility::compare, true);
  const Bookmark saved = state.capture_bookmark(CameraPose{});
  ASSERT_EQ(saved.panels.size(), kBookmarkPanels.size());
  // Written and read back as a tour file, as the Bookmarks panel does.
  Tour tour;
  tour.steps.push_back(saved);
  const Tour read = parse_tour(tour_to_json(tour), "bookmarks.tour.json");
  ASSERT_EQ(read.steps.size(), 1u);
  EXPECT_EQ(read.steps[0].panels, saved.panels);
  AppState other;
  other.set_dataset(state.dataset_ptr());
  other.apply_bookmark(read.steps[0], 0.0f);
  EXPECT_FALSE(other.panels().projection);
  EXPECT_TRUE(other.panels().compare);
}

TEST_F(ExplorationTest, ABookmarkWithUnknownWordsReportsEachAndAppliesTheRest) {
  Bookmark bookmark;
  bookmark.name = "typos";
  bookmark.selected_word = "kingg";
  bookmark.analogy.a = "man";
  bookmark.analogy.b = "king";
  bookmark.analogy.c = "womann";
  bookmark.compare_a = "boy";
  bookmark.compare_b = "girl";
  const auto problems = state.apply_bookmark(bookmark, 0.0f);
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_NE(problems[0].find("kingg"), std::string::npos) << problems[0];
  EXPECT_NE(problems[1].find("womann"), std::string::npos) << problems[1];
  EXPECT_TRUE(state.analysis().compare().result);  // the good part still applies
}

TEST_F(ExplorationTest, TheFocusFollowsWhatTheViewShows) {
  AnalogyQuery analogy_query;
  EXPECT_TRUE(state.focus().rows.empty());  // nothing: the whole galaxy
  state.analysis().select(static_cast<std::int32_t>(row("king")));
  EXPECT_EQ(state.focus().centre, std::int32_t(row("king")));
  EXPECT_EQ(state.focus().rows.size(), 1u + state.analysis().neighbours().size());
  analogy_query.a = "man";
  analogy_query.b = "king";
  analogy_query.c = "woman";
  ASSERT_TRUE(state.analysis().solve_analogy(analogy_query));
  const Focus focus = state.focus();  // the analogy wins over the selection
  EXPECT_EQ(focus.rows.size(), 4u);
  EXPECT_EQ(focus.centre, -1);
}

// [SECTION] Presentation and metadata

TEST_F(ExplorationTest, PresentationHidesPanelsOnABlackSkyAndRestoresTheView) {
  {
    ViewSettings view = state.view();
    view.background = glm::vec3(0.1f, 0.2f, 0.3f);
    state.set_view(view);
  }
  {
    ViewSettings view = state.view();
    view.label_count = 80;
    state.set_view(view);
  }
  state.set_presentation(true);
  EXPECT_TRUE(state.view().presentation);
  EXPECT_TRUE(state.panels().hide_all);
  EXPECT_EQ(state.view().background, glm::vec3(0.0f));
  EXPECT_FALSE(state.view().draw_sky);
  EXPECT_LE(state.view().label_count, 16);
  state.set_view_flag(&ViewSettings::auto_rotate, true);  // the presenter turns rotation on
  state.set_presentation(false);
  EXPECT_FALSE(state.panels().hide_all);
  EXPECT_EQ(state.view().background, glm::vec3(0.1f, 0.2f, 0.3f));
  EXPECT_EQ(state.view().label_count, 80);
  EXPECT_TRUE(state.view().auto_rotate);
}

TEST(MetadataColouring, AProjectorTsvsMetadataColumnColoursTheStarsWithALegend) {
  galaxy::testing::TempDir dir;
  std::string vectors, metadata = "word\tpos\n";
  const char* pos[] = {"noun", "verb", "noun", "adj", "noun", "verb"};
  for (int i = 0; i < 6; ++i) {
    vectors += std::to_string(i % 3) + "\t" + std::to_string(1 + i) + "\t0.5\n";
    metadata += "w" + std::to_string(i) + "\t" + pos[i] + "\n";
  }
  const std::string path = dir.write("vectors.tsv", vectors);
  dir.write("metadata.tsv", metadata);
  AppState state;
  state.set_dataset(load_dataset(path));
  ASSERT_EQ(state.dataset()->metadata_columns, (std::vector<std::string>{"word", "pos"}));
  state.coloring().set_color_by(ColorBy::Metadata, "pos");
  EXPECT_TRUE(state.coloring().state().error.empty()) << state.coloring().state().error;
  const Categories& legend = state.coloring().state().categories;
  ASSERT_GE(legend.names.size(), 3u);
  EXPECT_EQ(legend.names[0], "noun");  // most frequent first
  EXPECT_EQ(legend.counts[0], 3u);
  const auto stars = state.build_star_buffer();
  EXPECT_EQ(stars[0].color, stars[2].color);  // both nouns
  EXPECT_NE(stars[0].color, stars[1].color);  // noun and verb
  EXPECT_EQ(stars[0].color, category_color(0));
  state.coloring().set_color_by(ColorBy::Metadata, "tense");
  EXPECT_NE(state.coloring().state().error.find("no metadata column 'tense'"), std::string::npos);
}

// [SECTION] Helpers

TEST(LayoutAnimatorTest, EndsExactlyOnTheTargetWhateverTheFrameSplit) {
  LayoutAnimator a, b;
  const std::vector<glm::vec3> from{{0, 0, 0}, {1, 1, 1}}, to{{2, 0, 0}, {-1, 3, 0.5f}};
  a.reset(from);
  b.reset(from);
  a.animate_to(to, 1.0f);
  b.animate_to(to, 1.0f);
  for (int i = 0; i < 7; ++i) a.update(0.1f);
  b.update(0.7f);
  for (std::size_t i = 0; i < from.size(); ++i)
    EXPECT_NEAR(glm::distance(a.positions()[i], b.positions()[i]), 0.0f, 1e-5f);
  a.update(1.0f);
  EXPECT_FALSE(a.animating());
  EXPECT_EQ(a.positions(), to);
  // A target of another size jumps.
  a.animate_to({{5, 5, 5}}, 1.0f);
  EXPECT_FALSE(a.animating());
  EXPECT_EQ(a.positions().size(), 1u);
}

TEST(LayoutAnimatorTest, ASecondSwitchMidFlightStartsFromWhereTheStarsAre) {
  LayoutAnimator animator;
  animator.reset({{0, 0, 0}});
  animator.animate_to({{10, 0, 0}}, 1.0f);
  animator.update(0.5f);
  const glm::vec3 middle = animator.positions()[0];
  animator.animate_to({{0, 10, 0}}, 1.0f);
  EXPECT_EQ(animator.positions()[0], middle);  // no jump
  animator.update(0.01f);
  EXPECT_LT(glm::distance(animator.positions()[0], middle), 0.1f);
}

TEST(CaptionLabels, WrapInsideTheWidthCentredAtTheBottom) {
  const MeasureText measure = [](const std::string& text, float scale) {
    return glm::vec2(10.0f * float(text.size()), 20.0f) * scale;
  };
  const glm::ivec2 viewport(400, 300);
  const std::string caption = "king minus man plus woman lands next to queen in the galaxy";
  const auto labels = caption_labels(caption, viewport, measure, 1.0f, 0.8f, 30.0f);
  ASSERT_GT(labels.size(), 1u);
  std::string joined;
  for (const render::Label& label : labels) {
    const glm::vec2 size = measure(label.text, 1.0f);
    EXPECT_LE(size.x, 0.8f * 400.0f);
    EXPECT_NEAR(label.anchor_px.x + size.x * 0.5f, 200.0f, 0.5f);  // centred
    joined += (joined.empty() ? "" : " ") + label.text;
  }
  EXPECT_EQ(joined, caption);
  EXPECT_LE(labels.back().anchor_px.y + 20.0f, 300.0f - 30.0f + 5.0f);  // above the margin
  EXPECT_GT(labels.front().anchor_px.y, 150.0f);                        // in the bottom half
  EXPECT_TRUE(caption_labels("", viewport, measure, 1.0f).empty());
}

TEST(CategoryColors, TheFirstTwelveAreDistinctAndNoneIsTheOtherGrey) {
  for (int i = 0; i < 12; ++i) {
    EXPECT_NE(category_color(i), kOtherCategoryColor);
    for (int j = 0; j < i; ++j)
      EXPECT_GT(glm::distance(category_color(i), category_color(j)), 0.05f) << i << " " << j;
  }
  EXPECT_EQ(category_color(-1), kOtherCategoryColor);
}

}  // namespace
}  // namespace galaxy::app
