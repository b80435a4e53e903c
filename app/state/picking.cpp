// Picking: a single projected pass over the stars, keeping the best candidate under the cursor.
#include "app/state/picking.h"

#include <cmath>
#include <limits>

namespace galaxy::app {

PickResult pick_star(const std::vector<glm::vec3>& positions, const glm::mat4& view_projection,
                     glm::ivec2 viewport, glm::vec2 cursor_px, const PickOptions& options) {
  // Work in NDC-scaled pixels: x_px = (ndc.x * 0.5 + 0.5) * width, so compare with scaled radii.
  const float half_w = 0.5f * float(viewport.x);
  const float half_h = 0.5f * float(viewport.y);
  const float radius2 = options.radius_px * options.radius_px;
  const float overlap2 = options.overlap_px * options.overlap_px;

  PickResult nearest;  // nearest within radius
  float nearest_d2 = std::numeric_limits<float>::max();
  PickResult front;  // front-most within overlap
  float front_w = std::numeric_limits<float>::max();

  const glm::vec4 row0 = glm::vec4(view_projection[0][0], view_projection[1][0],
                                   view_projection[2][0], view_projection[3][0]);
  const glm::vec4 row1 = glm::vec4(view_projection[0][1], view_projection[1][1],
                                   view_projection[2][1], view_projection[3][1]);
  const glm::vec4 row3 = glm::vec4(view_projection[0][3], view_projection[1][3],
                                   view_projection[2][3], view_projection[3][3]);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const glm::vec4 p(positions[i], 1.0f);
    const float w = glm::dot(row3, p);
    if (w <= 1e-6f) continue;
    const float inv_w = 1.0f / w;
    const float px = (glm::dot(row0, p) * inv_w + 1.0f) * half_w;
    const float py = (1.0f - glm::dot(row1, p) * inv_w) * half_h;
    const float dx = px - cursor_px.x;
    const float dy = py - cursor_px.y;
    const float d2 = dx * dx + dy * dy;
    if (d2 > radius2) continue;
    if (d2 < nearest_d2 || (d2 == nearest_d2 && w < nearest.depth)) {
      nearest_d2 = d2;
      nearest = PickResult{static_cast<std::int32_t>(i), std::sqrt(d2), w};
    }
    if (d2 <= overlap2 && w < front_w) {
      front_w = w;
      front = PickResult{static_cast<std::int32_t>(i), std::sqrt(d2), w};
    }
  }
  return front.hit() ? front : nearest;
}

std::vector<std::uint32_t> rows_in_screen_box(const std::vector<glm::vec3>& positions,
                                              const glm::mat4& view_projection, glm::ivec2 viewport,
                                              glm::vec2 corner_a, glm::vec2 corner_b,
                                              std::size_t max_rows) {
  const glm::vec2 low = glm::min(corner_a, corner_b);
  const glm::vec2 high = glm::max(corner_a, corner_b);
  std::vector<std::uint32_t> rows;
  for (std::size_t row = 0; row < positions.size() && rows.size() < max_rows; ++row) {
    const glm::vec4 clip = view_projection * glm::vec4(positions[row], 1.0f);
    if (clip.w <= 1e-4f) continue;
    const glm::vec2 ndc(clip.x / clip.w, clip.y / clip.w);
    // Pixels: origin top-left, y down.
    const glm::vec2 px((ndc.x * 0.5f + 0.5f) * float(viewport.x),
                       (0.5f - ndc.y * 0.5f) * float(viewport.y));
    if (px.x >= low.x && px.x <= high.x && px.y >= low.y && px.y <= high.y)
      rows.push_back(static_cast<std::uint32_t>(row));
  }
  return rows;
}

}  // namespace galaxy::app
