// Scene builder and dataset specs: star sizes/colours, highlights, constellation and analogy lines,
// labels.
#include <gtest/gtest.h>

#include <algorithm>

#include "app/state/app_state.h"
#include "app/state/scene_builder.h"
#include "seeded_galaxy.h"

namespace galaxy::app {
namespace {

glm::vec2 fixed_width(const std::string& text, float scale) {
  return glm::vec2(8.0f * float(text.size()), 14.0f) * scale;
}

TEST(Dataset, PositionsAreCentredAndScaledToTheGalaxyRadius) {
  const auto dataset = make_dataset(testing::seeded_galaxy(400));
  ASSERT_EQ(dataset->positions.size(), dataset->rows());
  glm::vec3 mean(0.0f);
  std::vector<float> radii;
  for (const glm::vec3& p : dataset->positions) {
    mean += p;
    radii.push_back(glm::length(p));
  }
  mean /= float(dataset->rows());
  EXPECT_LT(glm::length(mean), 1e-3f * kGalaxyRadius);
  std::sort(radii.begin(), radii.end());
  EXPECT_NEAR(radii[static_cast<std::size_t>(double(radii.size() - 1) * 0.98)], kGalaxyRadius,
              1e-3f);
  EXPECT_FLOAT_EQ(dataset->radius, radii.back());
  const glm::vec3 ev = dataset->explained_variance;
  EXPECT_GE(ev.x, ev.y);
  EXPECT_GE(ev.y, ev.z);
  EXPECT_LE(ev.x + ev.y + ev.z, 1.0f + 1e-5f);
}

TEST(Stars, FrequentWordsAreBiggerAndBrighter) {
  EXPECT_GT(star_size_for_rank(0, 1000), star_size_for_rank(10, 1000));
  EXPECT_GT(star_size_for_rank(10, 1000), star_size_for_rank(999, 1000));
  EXPECT_GT(star_brightness_for_rank(0, 1000), star_brightness_for_rank(999, 1000));
  EXPECT_GT(star_brightness_for_rank(999, 1000), 0.0f);
}

TEST(Stars, EveryColourSchemeGivesValidColours) {
  const auto dataset = make_dataset(testing::seeded_galaxy(200));
  for (int s = 0; s < kColorSchemeCount; ++s) {
    const auto stars = build_stars(dataset->positions, static_cast<ColorScheme>(s));
    ASSERT_EQ(stars.size(), dataset->rows());
    for (const render::Star& star : stars) {
      for (int c = 0; c < 3; ++c) {
        EXPECT_GE(star.color[c], 0.0f) << color_scheme_name(static_cast<ColorScheme>(s));
        EXPECT_LE(star.color[c], 1.0f) << color_scheme_name(static_cast<ColorScheme>(s));
      }
    }
  }
}

TEST(Stars, HighlightsTintAndGrowTheirStars) {
  const auto dataset = make_dataset(testing::seeded_galaxy());
  StarHighlights highlights;
  highlights.selected = 3;
  highlights.neighbours = {5, 6};
  highlights.search_hits = {20};
  const auto plain = build_stars(dataset->positions, ColorScheme::Nebula);
  const auto lit = build_stars(dataset->positions, ColorScheme::Nebula, highlights);
  EXPECT_EQ(lit[3].color, palette::kSelection);
  EXPECT_EQ(lit[5].color, palette::kNeighbour);
  EXPECT_EQ(lit[20].color, palette::kSearch);
  EXPECT_GT(lit[3].size, plain[3].size);
  EXPECT_GT(lit[3].size, lit[5].size);  // the selection stands out most
  EXPECT_EQ(lit[40].color, plain[40].color);
}

class OverlayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    state.set_dataset(make_dataset(testing::seeded_galaxy()));
    camera.frame_all(Bounds{glm::vec3(0.0f), kGalaxyRadius});
  }
  render::Overlay overlay() const {
    return build_overlay(*state.dataset(), state.overlay_input(), camera, {1280, 720}, fixed_width);
  }
  std::uint32_t row(const char* word) const { return *state.dataset()->embedding.find(word); }
  const glm::vec3& position(const char* word) const {
    return state.dataset()->positions[row(word)];
  }

  AppState state;
  OrbitCamera camera;
};

TEST_F(OverlayTest, ConstellationLinesJoinTheSelectionToEachNeighbour) {
  state.analysis().set_neighbour_count(4);
  state.analysis().select(static_cast<std::int32_t>(row("king")));
  const render::Overlay o = overlay();
  ASSERT_EQ(o.lines.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(o.lines[i].from, position("king"));
    EXPECT_EQ(o.lines[i].to, state.dataset()->positions[state.analysis().neighbours()[i].row]);
  }
  state.set_view_flag(&ViewSettings::show_lines, false);
  EXPECT_TRUE(overlay().lines.empty());
}

TEST_F(OverlayTest, AnalogyArrowsShowTheSharedOffset) {
  state.analysis().apply_preset(analogy_presets().front());  // man:king::woman:queen
  const render::Overlay o = overlay();
  auto find_arrow = [&](const glm::vec3& from, const glm::vec3& to) {
    return std::any_of(o.lines.begin(), o.lines.end(), [&](const render::Line& l) {
      return l.arrow_head && l.from == from && glm::length(l.to - to) < 1e-4f;
    });
  };
  EXPECT_TRUE(find_arrow(position("man"), position("king")));
  EXPECT_TRUE(find_arrow(position("woman"), position("queen")));
  // The offset king - man drawn again from woman, parallel to man -> king.
  EXPECT_TRUE(
      find_arrow(position("woman"), position("woman") + position("king") - position("man")));
}

TEST_F(OverlayTest, SelectionIsLabelledFirstAndLabelsNeverOverlap) {
  state.analysis().select(static_cast<std::int32_t>(row("prince")));
  {
    ViewSettings view = state.view();
    view.label_count = 30;
    state.set_view(view);
  }
  const render::Overlay o = overlay();
  ASSERT_FALSE(o.labels.empty());
  EXPECT_EQ(o.labels.front().text, "prince");
  for (std::size_t i = 0; i < o.labels.size(); ++i)
    for (std::size_t j = i + 1; j < o.labels.size(); ++j) {
      const auto& a = o.labels[i];
      const auto& b = o.labels[j];
      const glm::vec2 sa = fixed_width(a.text, a.font_scale),
                      sb = fixed_width(b.text, b.font_scale);
      const bool overlap =
          a.anchor_px.x < b.anchor_px.x + sb.x && b.anchor_px.x < a.anchor_px.x + sa.x &&
          a.anchor_px.y < b.anchor_px.y + sb.y && b.anchor_px.y < a.anchor_px.y + sa.y;
      EXPECT_FALSE(overlap) << a.text << " / " << b.text;
    }
}

TEST_F(OverlayTest, AmbientLabelsFollowTheLabelCount) {
  {
    ViewSettings view = state.view();
    view.label_count = 0;
    state.set_view(view);
  }
  EXPECT_TRUE(overlay().labels.empty());
  {
    ViewSettings view = state.view();
    view.label_count = 5;
    state.set_view(view);
  }
  EXPECT_LE(overlay().labels.size(), 5u);
  EXPECT_GT(overlay().labels.size(), 0u);
  state.set_view_flag(&ViewSettings::show_labels, false);
  EXPECT_TRUE(overlay().labels.empty());
}

TEST(AmbientLabels, PreferFrequentStarsAndSkipOffscreenOnes) {
  std::vector<glm::vec3> positions = {{0, 0, 0}, {1, 1, 0}, {-1, 0, 0}, {500, 0, 0}};
  OrbitCamera camera;
  camera.yaw = 0.0f;
  camera.pitch = 0.0f;
  camera.distance = 10.0f;
  const auto rows = ambient_label_rows(positions, camera.view(), camera.projection(16.0f / 9.0f),
                                       {1280, 720}, 10);
  EXPECT_EQ(rows, (std::vector<std::uint32_t>{0, 1, 2}));  // row 3 is far off screen
}

TEST(Frame, CarriesCameraAndSettings) {
  OrbitCamera camera;
  FrameSettings settings;
  settings.star_size_px = 9.0f;
  settings.transparent_background = true;
  const render::FrameParams frame = build_frame(camera, {800, 600}, settings, 7);
  EXPECT_EQ(frame.view, camera.view());
  EXPECT_EQ(frame.viewport_px, glm::ivec2(800, 600));
  EXPECT_FLOAT_EQ(frame.star_size_px, 9.0f);
  EXPECT_FLOAT_EQ(frame.background.a, 0.0f);
  EXPECT_EQ(frame.highlighted_star, 7);
}

}  // namespace
}  // namespace galaxy::app

namespace galaxy::app {
namespace {

TEST_F(OverlayTest, ExpressionWordsAndTheBestAnswerAreLabelled) {
  ExpressionQuery expression_query;
  expression_query.text = "prince - boy + girl";
  ASSERT_TRUE(state.analysis().evaluate_expression(expression_query))
      << state.analysis().expression().error;
  {
    ViewSettings view = state.view();
    view.label_count = 0;
    state.set_view(view);
  }
  camera.fly_to(position("princess"), 30.0f, 0.01f);
  camera.update(1.0f);
  const render::Overlay o = overlay();
  auto labelled = [&](const std::string& word) {
    return std::any_of(o.labels.begin(), o.labels.end(),
                       [&](const render::Label& l) { return l.text == word; });
  };
  EXPECT_TRUE(labelled("prince"));
  EXPECT_TRUE(labelled("boy"));
  EXPECT_TRUE(labelled("girl"));
  EXPECT_TRUE(labelled("princess"));
}

}  // namespace
}  // namespace galaxy::app
