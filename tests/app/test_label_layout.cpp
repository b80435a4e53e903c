// Label layout specs: no overlaps, priority respected, stars behind the camera unlabelled, distance
// fade.
#include <gtest/gtest.h>

#include <random>

#include "app/state/camera.h"
#include "app/state/label_layout.h"

namespace galaxy::app {
namespace {

constexpr glm::ivec2 kViewport{800, 600};

// 8 px per character, 14 px high, scaled: a stand-in for the font.
glm::vec2 fixed_width(const std::string& text, float scale) {
  return glm::vec2(8.0f * float(text.size()), 14.0f) * scale;
}

OrbitCamera front_camera() {
  OrbitCamera camera;
  camera.yaw = 0.0f;
  camera.pitch = 0.0f;
  camera.distance = 10.0f;
  return camera;
}

std::vector<render::Label> layout(const std::vector<LabelRequest>& requests,
                                  const OrbitCamera& camera, LabelLayoutOptions options = {}) {
  return layout_labels(requests, camera.view(), camera.projection(800.0f / 600.0f), kViewport,
                       fixed_width, options);
}

bool overlap(const render::Label& a, const render::Label& b) {
  const glm::vec2 sa = fixed_width(a.text, a.font_scale), sb = fixed_width(b.text, b.font_scale);
  return a.anchor_px.x < b.anchor_px.x + sb.x && b.anchor_px.x < a.anchor_px.x + sa.x &&
         a.anchor_px.y < b.anchor_px.y + sb.y && b.anchor_px.y < a.anchor_px.y + sa.y;
}

const render::Label* find(const std::vector<render::Label>& labels, const std::string& text) {
  for (const auto& label : labels)
    if (label.text == text) return &label;
  return nullptr;
}

TEST(LabelLayout, PlacedLabelsNeverOverlapAndStayOnScreen) {
  std::mt19937_64 rng(7);
  std::normal_distribution<float> normal(0.0f, 2.0f);
  std::vector<LabelRequest> requests;
  for (int i = 0; i < 400; ++i)
    requests.push_back({"word" + std::to_string(i),
                        {normal(rng), normal(rng), normal(rng)},
                        LabelPriority(i % 5),
                        glm::vec4(1.0f),
                        1.0f,
                        float(i)});
  const auto labels = layout(requests, front_camera());
  ASSERT_GT(labels.size(), 10u);
  EXPECT_LT(labels.size(), 400u);  // a dense cloud cannot fit them all
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const glm::vec2 size = fixed_width(labels[i].text, labels[i].font_scale);
    EXPECT_GE(labels[i].anchor_px.x, 0.0f);
    EXPECT_GE(labels[i].anchor_px.y, 0.0f);
    EXPECT_LE(labels[i].anchor_px.x + size.x, 800.0f);
    EXPECT_LE(labels[i].anchor_px.y + size.y, 600.0f);
    for (std::size_t j = i + 1; j < labels.size(); ++j)
      EXPECT_FALSE(overlap(labels[i], labels[j])) << labels[i].text << " / " << labels[j].text;
  }
}

TEST(LabelLayout, HigherPriorityWinsTheSpotRegardlessOfRequestOrder) {
  // Two stars at the same place: only one label fits each side; the selection must come first.
  const std::vector<LabelRequest> requests = {
      {"ambient", {0, 0, 0}, LabelPriority::Ambient, glm::vec4(1.0f), 1.0f, 0.0f},
      {"neighbour", {0, 0, 0}, LabelPriority::Neighbour, glm::vec4(1.0f), 1.0f, 0.0f},
      {"selected", {0, 0, 0}, LabelPriority::Selection, glm::vec4(1.0f), 1.0f, 0.0f},
      {"analogy", {0, 0, 0}, LabelPriority::Analogy, glm::vec4(1.0f), 1.0f, 0.0f},
  };
  const auto labels = layout(requests, front_camera());
  ASSERT_GE(labels.size(), 2u);
  EXPECT_EQ(labels[0].text, "selected");
  EXPECT_EQ(labels[1].text, "analogy");
  // The selection takes the preferred spot: right of the star, vertically centred.
  EXPECT_NEAR(labels[0].anchor_px.x, 400.0f + 6.0f, 0.5f);
}

TEST(LabelLayout, ALowPriorityLabelGivesWayWhenCrowded) {
  std::vector<LabelRequest> requests = {
      {"selection", {0, 0, 0}, LabelPriority::Selection, glm::vec4(1.0f), 1.0f, 0.0f}};
  // Ring the selection with ambient stars so close that all their spots collide.
  for (int i = 0; i < 8; ++i)
    requests.push_back({"a" + std::to_string(i),
                        {0.001f * float(i), 0.0f, 0.0f},
                        LabelPriority::Ambient,
                        glm::vec4(1.0f),
                        1.0f,
                        float(i)});
  const auto labels = layout(requests, front_camera());
  ASSERT_NE(find(labels, "selection"), nullptr);
  EXPECT_LE(labels.size(), 4u);  // right, left, above, below of the same point
}

TEST(LabelLayout, StarsBehindTheCameraGetNoLabel) {
  const OrbitCamera camera = front_camera();
  const glm::vec3 behind = camera.eye() + glm::vec3(0.0f, 0.0f, 3.0f);  // camera looks down -Z
  const auto labels =
      layout({{"behind", behind, LabelPriority::Selection, glm::vec4(1.0f), 1.0f, 0},
              {"front", {0, 0, 0}, LabelPriority::Ambient, glm::vec4(1.0f), 1.0f, 0}},
             camera);
  EXPECT_EQ(find(labels, "behind"), nullptr);
  EXPECT_NE(find(labels, "front"), nullptr);
}

TEST(LabelLayout, AmbientLabelsFadeWithDistanceAndVanishFarAway) {
  OrbitCamera camera = front_camera();  // eye at z = 10
  LabelLayoutOptions options;
  options.fade_near = 8.0f;
  options.fade_far = 30.0f;
  const auto labels =
      layout({{"near", {-3, 0, 3}, LabelPriority::Ambient, glm::vec4(1.0f), 1.0f, 0},
              {"mid", {3, 0, -8}, LabelPriority::Ambient, glm::vec4(1.0f), 1.0f, 1},
              {"far", {0, 2, -40}, LabelPriority::Ambient, glm::vec4(1.0f), 1.0f, 2}},
             camera, options);
  const render::Label* near_label = find(labels, "near");
  const render::Label* mid_label = find(labels, "mid");
  ASSERT_NE(near_label, nullptr);
  ASSERT_NE(mid_label, nullptr);
  EXPECT_FLOAT_EQ(near_label->color.a, 1.0f);  // depth 7 < fade_near
  EXPECT_LT(mid_label->color.a, near_label->color.a);
  EXPECT_GT(mid_label->color.a, 0.0f);
  EXPECT_EQ(find(labels, "far"), nullptr);  // depth 50 > fade_far
}

TEST(LabelLayout, SelectionLabelsStayReadableFarAway) {
  LabelLayoutOptions options;
  options.fade_near = 1.0f;
  options.fade_far = 2.0f;
  const auto labels =
      layout({{"sel", {0, 0, -30}, LabelPriority::Selection, glm::vec4(1.0f), 1.0f, 0}},
             front_camera(), options);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_GE(labels[0].color.a, 0.85f);
}

TEST(LabelLayout, AmbientLabelCountIsCapped) {
  std::vector<LabelRequest> requests;
  for (int i = 0; i < 20; ++i)
    requests.push_back({"w" + std::to_string(i),
                        {-4.0f + 0.4f * float(i), 0.3f * float(i % 5), 0},
                        LabelPriority::Ambient,
                        glm::vec4(1.0f),
                        1.0f,
                        float(i)});
  LabelLayoutOptions options;
  options.max_ambient = 3;
  EXPECT_EQ(layout(requests, front_camera(), options).size(), 3u);
}

TEST(LabelLayout, FadeIsOneNearZeroFarAndMonotoneBetween) {
  LabelLayoutOptions options;
  options.fade_near = 10.0f;
  options.fade_far = 20.0f;
  EXPECT_FLOAT_EQ(label_fade(5.0f, options), 1.0f);
  EXPECT_FLOAT_EQ(label_fade(25.0f, options), 0.0f);
  float previous = 1.0f;
  for (float d = 10.0f; d <= 20.0f; d += 0.5f) {
    EXPECT_LE(label_fade(d, options), previous);
    previous = label_fade(d, options);
  }
}

}  // namespace
}  // namespace galaxy::app

namespace galaxy::app {
namespace {

TEST(LabelLayout, LabelsKeepClearOfBlockedAreas) {
  // A panel covering the right half of the screen: the label moves to the star's left.
  LabelLayoutOptions options;
  options.blocked = {glm::vec4(400.0f, 0.0f, 800.0f, 600.0f)};
  const auto labels =
      layout({{"centre", {0, 0, 0}, LabelPriority::Selection, glm::vec4(1.0f), 1.0f, 0}},
             front_camera(), options);
  ASSERT_EQ(labels.size(), 1u);
  EXPECT_LE(labels[0].anchor_px.x + fixed_width("centre", 1.0f).x, 400.0f);
}

}  // namespace
}  // namespace galaxy::app
