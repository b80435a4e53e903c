// Frame time with a full GloVe-sized vocabulary (341,479 stars) through the real renderer;
// reported, and bounded loosely so a regression to unusable (e.g. huge sprites) fails even on
// software GL.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "tests/render/render_fixture.h"

namespace galaxy::render {
namespace {

TEST(RenderPerformance, ManyStarsStayInteractive) {
  GALAXY_REQUIRE_GL();
  constexpr std::size_t kStars = 341479;
  std::mt19937_64 rng(42);
  std::normal_distribution<float> gauss(0.0f, 6.0f);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<Star> stars(kStars);
  for (std::size_t i = 0; i < kStars; ++i) {
    stars[i].position = {gauss(rng), gauss(rng) * 0.6f, gauss(rng)};
    stars[i].color =
        glm::mix(glm::vec3(0.6f, 0.75f, 1.0f), glm::vec3(1.0f, 0.8f, 0.55f), unit(rng));
    stars[i].size = 0.5f + 1.5f * std::pow(unit(rng), 4.0f);
    stars[i].brightness = 0.35f + 0.65f * unit(rng);
  }
  renderer.set_stars(stars);
  const glm::ivec2 size(1280, 720);
  FrameParams frame = testing::test_frame(size);
  frame.view = glm::lookAt(glm::vec3(0, 8, 40), glm::vec3(0), glm::vec3(0, 1, 0));
  frame.draw_sky = true;
  frame.depth_cueing = 0.5f;
  frame.star_size_px = 3.0f;
  frame.brightness = 0.5f;
  OffscreenTarget target(size);
  target.bind();
  renderer.draw(frame, {});
  renderer.finish();  // warm-up: first-use shader compilation in llvmpipe
  constexpr int kFrames = 10;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kFrames; ++i) {
    frame.view = glm::rotate(frame.view, 0.01f, glm::vec3(0, 1, 0));
    renderer.draw(frame, {});
  }
  renderer.finish();
  const double ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count() /
      kFrames;
  OffscreenTarget::unbind();
  std::printf("[ perf ] %zu stars at %dx%d: %.1f ms per frame (%s)\n", kStars, size.x, size.y, ms,
              gl_context.window->gl_description().c_str());
  RecordProperty("frame_ms", std::to_string(ms));
  EXPECT_LT(ms, 1000.0) << "far from interactive";
  renderer.set_stars({});
}

}  // namespace
}  // namespace galaxy::render
