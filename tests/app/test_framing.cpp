// One framing rule for the window and `galaxy render` (app/state/framing.h): what it frames is in
// view, centred where it should be, and a tour step gets the same camera whichever of the two asks.
#include <gtest/gtest.h>

#include <glm/glm.hpp>

#include "app/cli/bundled.h"
#include "app/state/app_state.h"
#include "app/state/bookmark.h"
#include "app/state/dataset.h"
#include "app/state/framing.h"
#include "seeded_galaxy.h"

namespace galaxy::app {
namespace {

constexpr float kAspect = 16.0f / 9.0f;
const glm::ivec2 kViewport(1600, 900);

// Where `row`'s star lands on screen, in normalised device coordinates.
glm::vec3 on_screen(const AppState& state, const OrbitCamera& camera, std::uint32_t row) {
  const glm::vec4 clip =
      camera.view_projection(kViewport) * glm::vec4(state.sky().target_positions()[row], 1.0f);
  return glm::vec3(clip) / clip.w;
}

void expect_in_view(const AppState& state, const OrbitCamera& camera,
                    const std::vector<std::uint32_t>& rows, const std::string& what) {
  for (std::uint32_t row : rows) {
    const glm::vec3 p = on_screen(state, camera, row);
    EXPECT_LE(std::abs(p.x), 1.0f) << what << ": '" << state.dataset()->word(row) << "'";
    EXPECT_LE(std::abs(p.y), 1.0f) << what << ": '" << state.dataset()->word(row) << "'";
  }
}

TEST(Framing, TheSelectionIsCentredAndItsNeighboursAreInView) {
  AppState state;
  state.set_dataset(make_dataset(testing::seeded_galaxy()));
  state.analysis().select(state.dataset()->embedding.find("king").value());
  state.settle();
  const OrbitCamera aim = frame_focus(state, OrbitCamera(), kAspect, false);
  const glm::vec3 centre = on_screen(state, aim, std::uint32_t(state.analysis().selected()));
  EXPECT_NEAR(centre.x, 0.0f, 1e-4f);
  EXPECT_NEAR(centre.y, 0.0f, 1e-4f);
  expect_in_view(state, aim, state.focus().rows, "king and its neighbours");
}

TEST(Framing, NoFocusFramesTheOverviewAndACaptionLiftsThePicture) {
  AppState state;
  state.set_dataset(make_dataset(testing::seeded_galaxy()));
  OrbitCamera overview;
  state.sky().frame_overview(overview, kAspect);
  const OrbitCamera aim = frame_focus(state, OrbitCamera(), kAspect, false);
  EXPECT_EQ(aim.pose().target, overview.pose().target);
  EXPECT_EQ(aim.pose().distance, overview.pose().distance);

  state.analysis().select(state.dataset()->embedding.find("queen").value());
  const OrbitCamera plain = frame_focus(state, OrbitCamera(), kAspect, false);
  const OrbitCamera captioned = frame_focus(state, OrbitCamera(), kAspect, true);
  // Room below for the caption: farther away, and the selection sits above the middle.
  EXPECT_GT(captioned.distance, plain.distance);
  EXPECT_GT(on_screen(state, captioned, std::uint32_t(state.analysis().selected())).y, 0.05f);
}

TEST(Framing, ATourStepsOwnCameraWinsAndAStepWithoutCaptionLeavesNoRoom) {
  AppState state;
  state.set_dataset(make_dataset(testing::seeded_galaxy()));
  Bookmark step;
  step.selected_word = "king";
  state.apply_bookmark(step, 0.0f);
  state.settle();
  const OrbitCamera no_caption = frame_tour_step(state, step, OrbitCamera(), kAspect, true);
  const OrbitCamera plain = frame_focus(state, OrbitCamera(), kAspect, false);
  EXPECT_EQ(no_caption.distance, plain.distance);
  step.camera = CameraPose{glm::vec3(1, 2, 3), 7.0f, 0.1f, 0.2f};
  const CameraPose pose = frame_tour_step(state, step, OrbitCamera(), kAspect, true).pose();
  EXPECT_EQ(pose.target, glm::vec3(1, 2, 3));
  EXPECT_EQ(pose.distance, 7.0f);
  EXPECT_EQ(pose.yaw, 0.1f);
  EXPECT_EQ(pose.pitch, 0.2f);
}

TEST(Framing, EveryDemoTourStepGetsOneCameraWithItsWordsInView) {
  // The window plays the tour from its opening camera (the overview); galaxy render starts each
  // step from a fresh camera. Both ask frame_tour_step, and both get the same pose.
  const Tour tour = read_tour(std::string(GALAXY_SOURCE_DIR) + "/assets/tours/demo.json");
  AppState state;
  state.set_dataset(load_dataset(std::string(GALAXY_SOURCE_DIR) + "/assets/" + kBundledGalaxyFile));
  OrbitCamera window_camera;
  state.sky().frame_overview(window_camera, kAspect);
  for (const Bookmark& step : tour.steps) {
    state.apply_bookmark(step, 0.0f);
    state.settle();
    const CameraPose from_window =
        frame_tour_step(state, step, window_camera, kAspect, true).pose();
    const CameraPose from_render =
        frame_tour_step(state, step, OrbitCamera(), kAspect, true).pose();
    EXPECT_EQ(from_window.target, from_render.target) << step.name;
    EXPECT_EQ(from_window.distance, from_render.distance) << step.name;
    EXPECT_EQ(from_window.yaw, from_render.yaw) << step.name;
    EXPECT_EQ(from_window.pitch, from_render.pitch) << step.name;
    if (!state.sky().isolated())
      expect_in_view(state, frame_tour_step(state, step, OrbitCamera(), kAspect, true),
                     state.focus().rows, step.name);
  }
}

}  // namespace
}  // namespace galaxy::app
