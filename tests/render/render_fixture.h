// Shared GL context for the render tests: one hidden window + renderer for the whole test binary,
// or a clear GTEST_SKIP when there is no display (CI runs these under xvfb-run).
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include <glm/glm.hpp>
#include <glm/gtc/matrix_transform.hpp>

#include "render/galaxy_renderer.h"
#include "render/image.h"
#include "render/offscreen_target.h"
#include "render/window.h"

namespace galaxy::render::testing {

struct GlContext {
  std::unique_ptr<Window> window;
  std::unique_ptr<GalaxyRenderer> renderer;
  std::string skip_reason;

  static GlContext& get() {
    static GlContext context = [] {
      GlContext c;
      try {
        WindowOptions options;
        options.visible = false;
        options.vsync = false;
        options.size = {64, 64};
        c.window = std::make_unique<Window>(options);
        c.renderer = std::make_unique<GalaxyRenderer>();
      } catch (const RenderError& error) {
        c.skip_reason =
            std::string(error.what()) +
            " -- render tests need a display: xvfb-run -a -s \"-screen 0 1920x1080x24\"";
      }
      return c;
    }();
    return context;
  }
};

#define GALAXY_REQUIRE_GL()                                                    \
  auto& gl_context = ::galaxy::render::testing::GlContext::get();              \
  if (!gl_context.skip_reason.empty()) GTEST_SKIP() << gl_context.skip_reason; \
  auto& renderer = *gl_context.renderer;                                       \
  (void)renderer

// Camera at (0, 0, 5) looking at the origin, 45 degree vertical field of view, no sky (flat
// background).
inline FrameParams test_frame(glm::ivec2 size) {
  FrameParams frame;
  frame.view = glm::lookAt(glm::vec3(0, 0, 5), glm::vec3(0), glm::vec3(0, 1, 0));
  frame.projection = glm::perspective(
      glm::radians(45.0f), static_cast<float>(size.x) / static_cast<float>(size.y), 0.1f, 100.0f);
  frame.viewport_px = size;
  frame.draw_sky = false;
  frame.depth_cueing = 0.0f;
  frame.background = {0.0f, 0.0f, 0.1f, 1.0f};
  return frame;
}

inline Image render_offscreen(GalaxyRenderer& renderer, const FrameParams& frame,
                              const Overlay& overlay, bool transparent = false) {
  OffscreenTarget target(frame.viewport_px);
  target.bind();
  renderer.draw(frame, overlay);
  Image image = target.read_pixels(transparent);
  OffscreenTarget::unbind();
  return image;
}

inline int brightness(const Image& image, int x, int y) {
  const auto* p = image.pixel(x, y);
  return std::max({static_cast<int>(p[0]), static_cast<int>(p[1]), static_cast<int>(p[2])});
}

// Largest brightness in a (2r+1)^2 window around (x, y), clipped to the image.
inline int max_brightness_near(const Image& image, int x, int y, int r) {
  int best = 0;
  for (int dy = -r; dy <= r; ++dy) {
    for (int dx = -r; dx <= r; ++dx) {
      const int px = x + dx, py = y + dy;
      if (px < 0 || py < 0 || px >= image.width || py >= image.height) continue;
      best = std::max(best, brightness(image, px, py));
    }
  }
  return best;
}

}  // namespace galaxy::render::testing
