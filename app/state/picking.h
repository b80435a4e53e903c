// Picking: which star is under the cursor (nearest on screen within a few pixels, front-most in
// dense spots).
#pragma once

#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

namespace galaxy::app {

struct PickOptions {
  float radius_px = 8.0f;  // farthest a star may be from the cursor and still count
  // Stars at most this close to the cursor all count as "under" it; the front-most of them wins,
  // so in a dense cluster the star you see in front is picked, not one hidden behind it.
  float overlap_px = 3.0f;
};

struct PickResult {
  std::int32_t row = -1;  // -1: nothing near the cursor
  float distance_px = 0.0f;
  float depth = 0.0f;  // clip-space w (distance along the view direction)
  bool hit() const { return row >= 0; }
};

// One linear pass over `positions` (about 2 ms for 341k stars); stars behind the camera are
// skipped.
PickResult pick_star(const std::vector<glm::vec3>& positions, const glm::mat4& view_projection,
                     glm::ivec2 viewport, glm::vec2 cursor_px, const PickOptions& options = {});

// Rows whose stars are in front of the camera and inside the screen box spanned by two corners (any
// order, framebuffer pixels), in row (frequency) order, at most `max_rows` (the most frequent).
std::vector<std::uint32_t> rows_in_screen_box(const std::vector<glm::vec3>& positions,
                                              const glm::mat4& view_projection, glm::ivec2 viewport,
                                              glm::vec2 corner_a, glm::vec2 corner_b,
                                              std::size_t max_rows = 20000);

}  // namespace galaxy::app
