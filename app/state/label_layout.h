// Greedy, priority-ordered screen-space label layout without overlaps; GL-free (text measured by a
// callback).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/scene.h"

namespace galaxy::app {

// Size in pixels of `text` drawn at `font_scale` (GalaxyRenderer::measure_label in the app; a fixed
// per-character width in tests).
using MeasureText = std::function<glm::vec2(const std::string& text, float font_scale)>;

// Lower value = placed first and never displaced by a later one.
enum class LabelPriority { Selection = 0, Analogy = 1, Neighbour = 2, Search = 3, Ambient = 4 };

struct LabelRequest {
  std::string text;
  glm::vec3 world{0.0f};  // the star the label names
  LabelPriority priority = LabelPriority::Ambient;
  glm::vec4 color{1.0f};
  float font_scale = 1.0f;
  float rank = 0.0f;  // order within one priority (lower first), e.g. neighbour rank or word row
};

struct LabelLayoutOptions {
  float offset_px = 6.0f;   // gap between the star and its label
  float padding_px = 2.0f;  // minimum gap between two labels
  // View-space distance over which labels fade: alpha 1 up to fade_near, falling linearly to 0 at
  // fade_far. Selection and analogy labels never fade below 0.85.
  float fade_near = 25.0f;
  float fade_far = 80.0f;
  float min_alpha = 0.15f;   // labels that would be fainter are dropped
  float pixel_scale = 1.0f;  // multiplies offsets/padding (export screenshots at a larger size)
  std::size_t max_ambient = static_cast<std::size_t>(-1);  // cap on placed Ambient labels
  // Screen areas labels must stay clear of (panels), as (min x, min y, max x, max y) in pixels.
  std::vector<glm::vec4> blocked;
};

// Places labels in priority order (then rank). Each tries right of its star, then left, above and
// below; a label that fits nowhere (inside the viewport, clear of placed labels), whose star is
// behind the camera or off screen, or that fades below min_alpha is left out. Returns labels in the
// order placed.
std::vector<render::Label> layout_labels(std::vector<LabelRequest> requests, const glm::mat4& view,
                                         const glm::mat4& projection, glm::ivec2 viewport,
                                         const MeasureText& measure,
                                         const LabelLayoutOptions& options = {});

// Projects `world` to framebuffer pixels (origin top-left). False if it is behind the camera (or on
// the eye plane). `clip_w` gets the clip-space w, the distance along the view direction.
bool project_to_screen(const glm::vec3& world, const glm::mat4& view_projection,
                       glm::ivec2 viewport, glm::vec2& pixel, float* clip_w = nullptr);

// Alpha multiplier for a label at view-space depth `depth`: 1 up to fade_near, 0 at fade_far.
float label_fade(float depth, const LabelLayoutOptions& options);

}  // namespace galaxy::app
