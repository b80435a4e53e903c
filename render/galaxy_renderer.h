// GalaxyRenderer: the one entry point that draws a scene (sky, stars, lines/arrows, labels) with
// GL. The window loop and the headless `galaxy render` command both draw through it, so they match.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/scene.h"

namespace galaxy::render {

struct RendererOptions {
  // TTF used for labels; empty: DejaVu Sans from fonts-dejavu-core, else ImGui's built-in font.
  std::string font_path;
  float label_base_px = 15.0f;  // label height in pixels at font_scale 1 and label_scale 1
  float label_scale = 1.0f;     // window content scale, or the export scale for big screenshots
};

// Needs a current OpenGL 3.3 context (render::Window) for its whole life; not copyable.
class GalaxyRenderer {
 public:
  explicit GalaxyRenderer(const RendererOptions& options = {});
  ~GalaxyRenderer();
  GalaxyRenderer(const GalaxyRenderer&) = delete;
  GalaxyRenderer& operator=(const GalaxyRenderer&) = delete;
  GalaxyRenderer(GalaxyRenderer&&) noexcept;
  GalaxyRenderer& operator=(GalaxyRenderer&&) noexcept;

  // Uploads the star buffer (once per dataset / projection / colouring change, not per frame).
  void set_stars(const std::vector<Star>& stars);
  std::size_t star_count() const;

  // Rebuilds the label font so text stays crisp at `scale` (content scale or export scale).
  void set_label_scale(float scale);
  float label_scale() const;

  // Size in pixels of `utf8` drawn as a label with `font_scale` (Label::font_scale) at the current
  // label scale. GL-free callers (label layout) take it as a std::function:
  //   [&renderer](const std::string& s, float f) { return renderer.measure_label(s, f); }
  glm::vec2 measure_label(const std::string& utf8, float font_scale) const;
  // Name of the font in use ("DejaVuSans.ttf" or "ImGui default (ProggyClean)").
  std::string font_name() const;

  // Clears to frame.background and draws the scene into the currently bound framebuffer (the
  // window, or an OffscreenTarget) over the viewport (0, 0, frame.viewport_px). Leaves
  // blending/depth state as ImGui expects, so the app can draw its panels right after.
  void draw(const FrameParams& frame, const Overlay& overlay);

  // Waits until the GPU has finished all drawing (glFinish): for timing and before read-back tests.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace galaxy::render
