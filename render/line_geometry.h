// GL-free expansion of world-space lines and arrows into screen-space triangles of constant pixel
// width.
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "render/scene.h"

namespace galaxy::render {

struct LineVertex {
  glm::vec2 position_px;  // top-left origin, like Label::anchor_px
  glm::vec4 color;        // straight alpha
  glm::vec2 edge;         // x: signed distance from the centre line (px), y: half width (px)
};

// Where a world point lands in pixels (top-left origin); nullopt-like: returns false if it is
// behind the camera (w <= 0).
bool project_to_pixels(const glm::vec3& world, const glm::mat4& view_projection,
                       glm::ivec2 viewport, glm::vec2& pixel);

// Triangles (3 vertices each) for every line: a quad widened by one pixel for the anti-aliased
// edge, clipped against the near plane; arrow heads as a filled triangle with anti-aliased outline.
// `dark_outline` first adds a wider, dark, half-transparent copy of every line so lines stay
// visible over bright star clusters.
std::vector<LineVertex> expand_lines(const std::vector<Line>& lines,
                                     const glm::mat4& view_projection, glm::ivec2 viewport,
                                     bool dark_outline = false);

}  // namespace galaxy::render
