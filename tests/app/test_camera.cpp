// OrbitCamera specs: view matrix sanity, eased fly-to (and to a whole pose), frame-rate
// independence, zoom to cursor.
#include <cmath>

#include <gtest/gtest.h>

#include <glm/gtc/matrix_transform.hpp>

#include "app/state/camera.h"
#include "app/state/label_layout.h"

namespace galaxy::app {
namespace {

constexpr glm::ivec2 kViewport{1280, 720};

void expect_near(const glm::vec3& a, const glm::vec3& b, float tolerance) {
  EXPECT_NEAR(a.x, b.x, tolerance);
  EXPECT_NEAR(a.y, b.y, tolerance);
  EXPECT_NEAR(a.z, b.z, tolerance);
}

TEST(OrbitCamera, ViewMatrixPutsTheTargetStraightAheadAtItsDistance) {
  OrbitCamera camera;
  camera.target = {1.0f, 2.0f, 3.0f};
  camera.distance = 10.0f;
  camera.yaw = 0.3f;
  camera.pitch = -0.4f;
  const glm::vec4 target_in_view = camera.view() * glm::vec4(camera.target, 1.0f);
  // OpenGL view space looks down -Z.
  EXPECT_NEAR(target_in_view.x, 0.0f, 1e-4f);
  EXPECT_NEAR(target_in_view.y, 0.0f, 1e-4f);
  EXPECT_NEAR(target_in_view.z, -10.0f, 1e-4f);
  EXPECT_NEAR(glm::length(camera.eye() - camera.target), 10.0f, 1e-4f);
}

TEST(OrbitCamera, ScreenAxesAreOrthonormal) {
  OrbitCamera camera;
  camera.yaw = 2.0f;
  camera.pitch = 1.0f;
  EXPECT_NEAR(glm::dot(camera.right(), camera.up()), 0.0f, 1e-5f);
  EXPECT_NEAR(glm::dot(camera.right(), camera.forward()), 0.0f, 1e-5f);
  EXPECT_NEAR(glm::dot(camera.up(), camera.forward()), 0.0f, 1e-5f);
  EXPECT_GT(camera.up().y, 0.0f);  // never upside down
}

TEST(OrbitCamera, TargetProjectsToTheViewportCentre) {
  OrbitCamera camera;
  camera.target = {5.0f, -1.0f, 2.0f};
  glm::vec2 pixel;
  ASSERT_TRUE(
      project_to_screen(camera.target, camera.view_projection(kViewport), kViewport, pixel));
  EXPECT_NEAR(pixel.x, 640.0f, 1e-2f);
  EXPECT_NEAR(pixel.y, 360.0f, 1e-2f);
}

TEST(OrbitCamera, OrbitClampsPitchShortOfThePoles) {
  OrbitCamera camera;
  camera.orbit({0.0f, 100000.0f});
  EXPECT_LT(camera.pitch, glm::half_pi<float>());
  camera.orbit({0.0f, -200000.0f});
  EXPECT_GT(camera.pitch, -glm::half_pi<float>());
}

TEST(Easing, CubicEaseInOutIsMonotoneFromZeroToOne) {
  EXPECT_FLOAT_EQ(ease_in_out_cubic(0.0f), 0.0f);
  EXPECT_FLOAT_EQ(ease_in_out_cubic(0.5f), 0.5f);
  EXPECT_FLOAT_EQ(ease_in_out_cubic(1.0f), 1.0f);
  float previous = 0.0f;
  for (int i = 1; i <= 1000; ++i) {
    const float value = ease_in_out_cubic(float(i) / 1000.0f);
    EXPECT_GE(value, previous);
    previous = value;
  }
  // Slow at both ends.
  EXPECT_LT(ease_in_out_cubic(0.05f), 0.05f);
  EXPECT_GT(ease_in_out_cubic(0.95f), 0.95f);
}

TEST(OrbitCamera, FlyToReachesTheTargetAndDistanceAfterItsDuration) {
  OrbitCamera camera;
  camera.fly_to({4.0f, 5.0f, -6.0f}, 3.0f, 1.0f);
  EXPECT_TRUE(camera.flying());
  for (int frame = 0; frame < 70; ++frame) camera.update(1.0f / 60.0f);
  EXPECT_FALSE(camera.flying());
  expect_near(camera.target, {4.0f, 5.0f, -6.0f}, 1e-5f);
  EXPECT_FLOAT_EQ(camera.distance, 3.0f);
}

TEST(OrbitCamera, FlyToMovesMonotonicallyTowardsTheTarget) {
  OrbitCamera camera;
  const glm::vec3 goal{10.0f, 0.0f, 0.0f};
  camera.fly_to(goal, camera.distance, 1.0f);
  float previous = glm::length(goal - camera.target);
  while (camera.flying()) {
    camera.update(1.0f / 60.0f);
    const float remaining = glm::length(goal - camera.target);
    EXPECT_LE(remaining, previous + 1e-5f);
    previous = remaining;
  }
}

TEST(OrbitCamera, EndStateIsTheSameAt30And144FramesPerSecond) {
  auto simulate = [](int fps) {
    OrbitCamera camera;
    camera.auto_rotate = true;
    camera.fly_to({3.0f, -2.0f, 7.0f}, 12.0f, 0.8f);
    for (int frame = 0; frame < 2 * fps; ++frame) camera.update(1.0f / float(fps));
    return camera;
  };
  const OrbitCamera slow = simulate(30);
  const OrbitCamera fast = simulate(144);
  expect_near(slow.target, fast.target, 1e-4f);
  EXPECT_NEAR(slow.distance, fast.distance, 1e-4f);
  EXPECT_NEAR(slow.yaw, fast.yaw, 1e-3f);
}

TEST(OrbitCamera, HalfwayThroughAFlightIsTheSameAtAnyFrameRate) {
  auto halfway = [](int fps) {
    OrbitCamera camera;
    camera.fly_to({8.0f, 0.0f, 0.0f}, 5.0f, 1.0f);
    for (int frame = 0; frame < fps / 2; ++frame) camera.update(1.0f / float(fps));
    return camera.target;
  };
  expect_near(halfway(30), halfway(144), 0.05f);
}

TEST(OrbitCamera, ZoomToCursorKeepsThePointUnderTheCursorFixed) {
  OrbitCamera camera;
  camera.distance = 40.0f;
  const glm::vec2 cursor{1000.0f, 200.0f};
  glm::vec3 origin, direction;
  camera.ray_through(cursor, kViewport, origin, direction);
  const glm::vec3 point =
      origin + direction * (camera.distance / glm::dot(direction, camera.forward()));

  for (float steps : {1.0f, 3.0f, -2.0f}) {
    camera.zoom_to_cursor(steps, cursor, kViewport);
    glm::vec2 pixel;
    ASSERT_TRUE(project_to_screen(point, camera.view_projection(kViewport), kViewport, pixel));
    EXPECT_NEAR(pixel.x, cursor.x, 0.5f);
    EXPECT_NEAR(pixel.y, cursor.y, 0.5f);
  }
  EXPECT_LT(camera.distance, 40.0f);  // 1 + 3 - 2 notches in
}

TEST(OrbitCamera, ZoomStopsAtTheDistanceLimits) {
  OrbitCamera camera;
  camera.zoom_to_cursor(1000.0f, {640.0f, 360.0f}, kViewport);
  EXPECT_GE(camera.distance, camera.min_distance);
  camera.zoom_to_cursor(-1000.0f, {640.0f, 360.0f}, kViewport);
  EXPECT_LE(camera.distance, camera.max_distance * 1.0001f);
}

TEST(OrbitCamera, PanMovesTheWorldWithTheCursor) {
  OrbitCamera camera;
  const glm::vec3 anchor = camera.target;
  camera.pan({100.0f, 0.0f}, kViewport);
  glm::vec2 pixel;
  ASSERT_TRUE(project_to_screen(anchor, camera.view_projection(kViewport), kViewport, pixel));
  EXPECT_NEAR(pixel.x, 740.0f, 0.5f);
  EXPECT_NEAR(pixel.y, 360.0f, 0.5f);
}

TEST(OrbitCamera, UserInputCancelsAFlight) {
  OrbitCamera camera;
  camera.fly_to({10.0f, 0.0f, 0.0f}, 5.0f);
  camera.update(0.1f);
  camera.orbit({5.0f, 0.0f});
  EXPECT_FALSE(camera.flying());
}

TEST(OrbitCamera, FrameAllFitsTheBoundingSphere) {
  OrbitCamera camera;
  camera.frame_all({{1.0f, 1.0f, 1.0f}, 20.0f});
  expect_near(camera.target, {1.0f, 1.0f, 1.0f}, 1e-6f);
  // The sphere's top, seen at the distance, stays inside the vertical field of view.
  EXPECT_GE(std::asin(20.0f / camera.distance), 0.0f);
  EXPECT_LE(std::asin(20.0f / camera.distance), camera.fov_y * 0.5f);
}

TEST(OrbitCamera, KeyboardMoveIsFrameRateIndependent) {
  OrbitCamera a, b;
  for (int i = 0; i < 30; ++i) a.move({1.0f, 0.0f, 0.0f}, 1.0f / 30.0f);
  for (int i = 0; i < 144; ++i) b.move({1.0f, 0.0f, 0.0f}, 1.0f / 144.0f);
  expect_near(a.target, b.target, 1e-3f);
  EXPECT_GT(glm::length(a.target), 1.0f);
}

// ---- Poses (bookmarks) ------------------------------------------------------------------------

TEST(OrbitCamera, PoseIsWhereTheCameraIsNow) {
  OrbitCamera camera;
  camera.target = {1.0f, 2.0f, 3.0f};
  camera.distance = 7.0f;
  camera.yaw = -1.0f;
  camera.pitch = 0.2f;
  const CameraPose pose = camera.pose();
  expect_near(pose.target, {1.0f, 2.0f, 3.0f}, 0.0f);
  EXPECT_EQ(pose.distance, 7.0f);
  EXPECT_EQ(pose.yaw, -1.0f);
  EXPECT_EQ(pose.pitch, 0.2f);
}

TEST(OrbitCamera, FlyToPoseLandsExactlyOnThePose) {
  OrbitCamera camera;
  const CameraPose goal{{4.0f, -5.0f, 6.0f}, 12.0f, -2.0f, -0.7f};
  camera.fly_to_pose(goal, 1.5f);
  EXPECT_TRUE(camera.flying());
  for (int frame = 0; frame < 100; ++frame) camera.update(1.0f / 60.0f);
  EXPECT_FALSE(camera.flying());
  expect_near(camera.target, goal.target, 1e-5f);
  EXPECT_FLOAT_EQ(camera.distance, goal.distance);
  EXPECT_FLOAT_EQ(camera.yaw, goal.yaw);
  EXPECT_FLOAT_EQ(camera.pitch, goal.pitch);
}

TEST(OrbitCamera, FlyToPoseTurnsTheShortWayRound) {
  // From yaw 3.0 to -3.0 is 0.28 rad through pi, not 6 rad back through 0.
  OrbitCamera camera;
  camera.yaw = 3.0f;
  camera.fly_to_pose({camera.target, camera.distance, -3.0f, camera.pitch}, 1.0f);
  while (camera.flying()) {
    camera.update(1.0f / 60.0f);
    EXPECT_GE(std::abs(camera.yaw), 3.0f - 1e-4f) << "went the long way round";
  }
  EXPECT_FLOAT_EQ(camera.yaw, -3.0f);
}

TEST(OrbitCamera, FlyToPoseEasesTheAnglesToo) {
  OrbitCamera camera;
  camera.yaw = 0.0f;
  camera.pitch = 0.0f;
  camera.fly_to_pose({camera.target, camera.distance, 1.0f, 0.8f}, 1.0f);
  camera.update(0.05f);
  EXPECT_GT(camera.yaw, 0.0f);
  EXPECT_LT(camera.yaw, 0.05f) << "slow at the start";
  camera.update(0.45f);
  EXPECT_NEAR(camera.yaw, 0.5f, 1e-4f) << "halfway in time is halfway in angle";
  EXPECT_NEAR(camera.pitch, 0.4f, 1e-4f);
}

TEST(OrbitCamera, FlyToPoseKeepsThePitchShortOfThePoles) {
  OrbitCamera camera;
  camera.fly_to_pose({camera.target, camera.distance, 0.0f, 3.0f}, 0.5f);
  camera.update(1.0f);
  EXPECT_LT(camera.pitch, glm::half_pi<float>());
}

TEST(OrbitCamera, PoseFlightEndStateIsTheSameAt30And144FramesPerSecond) {
  // Auto-rotation waits for the landing, so it must not depend on which frame the landing falls in.
  auto simulate = [](int fps) {
    OrbitCamera camera;
    camera.auto_rotate = true;
    camera.fly_to_pose({{3.0f, -2.0f, 7.0f}, 12.0f, 2.5f, -0.3f}, 0.77f);
    for (int frame = 0; frame < 2 * fps; ++frame) camera.update(1.0f / float(fps));
    return camera;
  };
  const OrbitCamera slow = simulate(30);
  const OrbitCamera fast = simulate(144);
  expect_near(slow.target, fast.target, 1e-4f);
  EXPECT_NEAR(slow.distance, fast.distance, 1e-4f);
  EXPECT_NEAR(slow.yaw, fast.yaw, 1e-3f);
  EXPECT_NEAR(slow.pitch, fast.pitch, 1e-5f);
  EXPECT_NEAR(
      slow.yaw,
      std::remainder(2.5f + slow.auto_rotate_speed * (2.0f - 0.77f), 2.0f * glm::pi<float>()),
      1e-3f);
}

TEST(OrbitCamera, UserInputCancelsAPoseFlightWhereItIs) {
  OrbitCamera camera;
  camera.fly_to_pose({{10.0f, 0.0f, 0.0f}, 5.0f, -2.0f, 1.0f});
  camera.update(0.5f);
  const CameraPose midway = camera.pose();
  camera.pan({1.0f, 0.0f}, kViewport);
  EXPECT_FALSE(camera.flying());
  camera.update(2.0f);
  EXPECT_EQ(camera.yaw, midway.yaw);
  EXPECT_EQ(camera.pitch, midway.pitch);
  EXPECT_EQ(camera.distance, midway.distance);
}

TEST(OrbitCamera, APlainFlyToAfterAPoseFlightKeepsTheAngles) {
  OrbitCamera camera;
  camera.fly_to_pose({{0.0f, 0.0f, 0.0f}, 5.0f, -2.0f, 1.0f});
  camera.update(0.2f);
  const float yaw = camera.yaw, pitch = camera.pitch;
  camera.fly_to({1.0f, 1.0f, 1.0f}, 8.0f);
  camera.update(5.0f);
  EXPECT_EQ(camera.yaw, yaw);
  EXPECT_EQ(camera.pitch, pitch);
}

}  // namespace
}  // namespace galaxy::app
