// GL-free description of what the renderer draws: star instances, lines/arrows, labels and
// per-frame camera. app/ fills these; render/ turns them into GL draws. Header-only, GLM only, so
// app logic can build scenes without a GL context (and tests can inspect them).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace galaxy::render {

// One star per word. Uploaded once per dataset/projection/colouring change, not per frame.
struct Star {
  glm::vec3 position{0.0f};  // world space (PCA coordinates, scaled by the app)
  glm::vec3 color{1.0f};     // linear RGB in [0,1]
  float size = 1.0f;  // relative size (frequency rank); multiplied by FrameParams::star_size_px
  float brightness = 1.0f;  // relative brightness in [0,1]
};

// A straight segment in world space; `arrow_head` draws a head at `to`.
struct Line {
  glm::vec3 from{0.0f};
  glm::vec3 to{0.0f};
  glm::vec4 color{1.0f};
  float width_px = 2.0f;
  bool arrow_head = false;
};

// A label already placed by the app's label layout, in framebuffer pixels (the same pixels as
// FrameParams::viewport_px; origin top-left). Size it with GalaxyRenderer::measure_label.
struct Label {
  glm::vec2 anchor_px{0.0f};  // top-left of the text box
  std::string text;           // UTF-8
  glm::vec4 color{1.0f};      // alpha carries distance fading
  float font_scale = 1.0f;    // 1.0 = the base label size
};

struct FrameParams {
  glm::mat4 view{1.0f};
  glm::mat4 projection{1.0f};
  glm::ivec2 viewport_px{1280, 720};
  float star_size_px = 6.0f;  // on-screen diameter of a size-1 star at the reference distance
  float brightness = 1.0f;    // global brightness multiplier
  float depth_cueing = 0.5f;  // 0 = none, 1 = strong fading with distance
  glm::vec4 background{0.015f, 0.02f, 0.05f, 1.0f};  // alpha 0 gives a transparent PNG
  std::int32_t highlighted_star = -1;  // hovered or selected star, drawn brighter (-1: none)
  // View-space distance at which a star is drawn star_size_px * size wide; nearer stars grow,
  // farther ones shrink (clamped), and depth cueing fades stars beyond it. <= 0: the eye's distance
  // to the world origin (taken from `view`), which suits an orbit camera around the galaxy's
  // centre.
  float reference_distance = 0.0f;
  bool draw_sky = true;  // subtle view-dependent sky gradient (ignored when background.a == 0)
  // Level of detail: draw only the first `star_limit` stars (0 = all). Rows are in frequency order,
  // so this keeps the most important words; software GL (llvmpipe) costs ~0.5 us per star, so the
  // window can limit stars while the camera moves and draw all of them once it rests.
  std::uint32_t star_limit = 0;
};

// A filled, rounded rectangle behind labels (a caption's backdrop), in framebuffer pixels.
struct Backdrop {
  glm::vec4 rect_px{0.0f};  // min x, min y, max x, max y
  glm::vec4 color{0.015f, 0.02f, 0.05f, 0.9f};
  float rounding_px = 6.0f;
};

// Everything that changes per frame apart from the star buffer.
struct Overlay {
  std::vector<Line> lines;
  std::vector<Label> labels;
  std::vector<Backdrop> backdrops;  // drawn after the lines, before the labels
};

}  // namespace galaxy::render
