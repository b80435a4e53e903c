// Picking specs: nearest star on screen within a radius, front-most in dense spots, nothing when
// far.
#include <gtest/gtest.h>

#include <random>

#include "app/state/camera.h"
#include "app/state/label_layout.h"
#include "app/state/picking.h"

namespace galaxy::app {
namespace {

constexpr glm::ivec2 kViewport{800, 600};

OrbitCamera front_camera() {
  OrbitCamera camera;  // looking down -Z at the origin from +Z
  camera.yaw = 0.0f;
  camera.pitch = 0.0f;
  camera.distance = 10.0f;
  return camera;
}

glm::vec2 screen_of(const glm::vec3& p, const OrbitCamera& camera) {
  glm::vec2 pixel;
  project_to_screen(p, camera.view_projection(kViewport), kViewport, pixel);
  return pixel;
}

TEST(Picking, PicksTheStarNearestToTheCursorWithinTheRadius) {
  const OrbitCamera camera = front_camera();
  const std::vector<glm::vec3> stars = {
      {0.0f, 0.0f, 0.0f}, {1.0f, 0.0f, 0.0f}, {-1.0f, 1.0f, 0.0f}};
  const glm::vec2 cursor = screen_of(stars[1], camera) + glm::vec2(2.0f, 1.0f);
  const PickResult pick = pick_star(stars, camera.view_projection(kViewport), kViewport, cursor);
  ASSERT_TRUE(pick.hit());
  EXPECT_EQ(pick.row, 1);
  EXPECT_NEAR(pick.distance_px, std::sqrt(5.0f), 1e-3f);
}

TEST(Picking, PicksNothingWhenNoStarIsWithinTheRadius) {
  const OrbitCamera camera = front_camera();
  const std::vector<glm::vec3> stars = {{0.0f, 0.0f, 0.0f}};
  const glm::vec2 cursor = screen_of(stars[0], camera) + glm::vec2(30.0f, 0.0f);
  EXPECT_FALSE(pick_star(stars, camera.view_projection(kViewport), kViewport, cursor).hit());
}

TEST(Picking, PrefersTheFrontMostStarWhenSeveralAreUnderTheCursor) {
  const OrbitCamera camera = front_camera();
  // Three stars on (almost) the same line of sight; the one nearest the eye (largest z) is in
  // front.
  const std::vector<glm::vec3> stars = {
      {0.0f, 0.0f, -3.0f}, {0.001f, 0.0f, 4.0f}, {0.0f, 0.001f, 0.0f}};
  const glm::vec2 cursor = screen_of(stars[0], camera) + glm::vec2(0.2f, 0.0f);
  const PickResult pick = pick_star(stars, camera.view_projection(kViewport), kViewport, cursor);
  EXPECT_EQ(pick.row, 1);
}

TEST(Picking, IgnoresStarsBehindTheCamera) {
  const OrbitCamera camera = front_camera();
  // Mirror of a star in front, behind the eye: it would project to the same pixel.
  const glm::vec3 eye = camera.eye();
  const std::vector<glm::vec3> stars = {eye + glm::vec3(0.0f, 0.0f, 5.0f)};
  EXPECT_FALSE(
      pick_star(stars, camera.view_projection(kViewport), kViewport, {400.0f, 300.0f}).hit());
}

TEST(Picking, MatchesABruteForceReferenceInADenseRandomCloud) {
  std::mt19937_64 rng(42);
  std::normal_distribution<float> normal(0.0f, 3.0f);
  std::vector<glm::vec3> stars(20000);
  for (auto& s : stars) s = {normal(rng), normal(rng), normal(rng)};
  OrbitCamera camera = front_camera();
  camera.distance = 25.0f;
  const glm::mat4 vp = camera.view_projection(kViewport);
  const PickOptions options;
  std::uniform_real_distribution<float> px(0.0f, 800.0f), py(0.0f, 600.0f);
  for (int trial = 0; trial < 50; ++trial) {
    const glm::vec2 cursor{px(rng), py(rng)};
    const PickResult pick = pick_star(stars, vp, kViewport, cursor, options);
    // Reference: among stars within overlap_px the front-most; otherwise the nearest in radius_px.
    int front = -1, nearest = -1;
    float front_w = 1e30f, nearest_d = 1e30f;
    for (std::size_t i = 0; i < stars.size(); ++i) {
      glm::vec2 p;
      float w;
      if (!project_to_screen(stars[i], vp, kViewport, p, &w)) continue;
      const float d = glm::length(p - cursor);
      if (d <= options.overlap_px && w < front_w) front_w = w, front = int(i);
      if (d <= options.radius_px && d < nearest_d) nearest_d = d, nearest = int(i);
    }
    EXPECT_EQ(pick.row, front >= 0 ? front : nearest) << "trial " << trial;
  }
}

}  // namespace
}  // namespace galaxy::app
