// Lines to triangles: near-plane clipping in clip space, then widening in pixel space.
#include "render/line_geometry.h"

#include <algorithm>
#include <cmath>

namespace galaxy::render {

namespace {

glm::vec2 clip_to_pixels(const glm::vec4& clip, glm::ivec2 viewport) {
  const glm::vec2 ndc = glm::vec2(clip) / clip.w;
  return {(ndc.x * 0.5f + 0.5f) * static_cast<float>(viewport.x),
          (0.5f - ndc.y * 0.5f) * static_cast<float>(viewport.y)};
}

void add_segment(std::vector<LineVertex>& out, glm::vec2 a, glm::vec2 b, const glm::vec4& color,
                 float width_px) {
  const glm::vec2 along = b - a;
  const float length = glm::length(along);
  if (!(length > 1e-4f)) return;
  const glm::vec2 direction = along / length;
  const glm::vec2 normal(-direction.y, direction.x);
  const float half = std::max(width_px, 0.5f) * 0.5f;
  const float reach = half + 1.0f;  // one more pixel for the anti-aliased edge
  // Thin lines get fainter instead of thinner than a pixel.
  glm::vec4 c = color;
  if (width_px < 1.0f) c.a *= std::max(width_px, 0.0f);
  const float h = std::max(half, 0.5f);
  const LineVertex v0{a + normal * reach, c, {reach, h}};
  const LineVertex v1{a - normal * reach, c, {-reach, h}};
  const LineVertex v2{b + normal * reach, c, {reach, h}};
  const LineVertex v3{b - normal * reach, c, {-reach, h}};
  out.insert(out.end(), {v0, v1, v2, v2, v1, v3});
}

void add_arrow_head(std::vector<LineVertex>& out, glm::vec2 tip, glm::vec2 direction, float length,
                    const glm::vec4& color) {
  const glm::vec2 normal(-direction.y, direction.x);
  const glm::vec2 base = tip - direction * length;
  const glm::vec2 left = base + normal * (length * 0.45f);
  const glm::vec2 right = base - normal * (length * 0.45f);
  const glm::vec2 solid{0.0f, 1e6f};  // full coverage inside the triangle
  out.insert(out.end(), {LineVertex{tip, color, solid}, LineVertex{left, color, solid},
                         LineVertex{right, color, solid}});
  // A thin anti-aliased rim hides the staircase of the filled triangle's edges.
  add_segment(out, tip, left, color, 1.0f);
  add_segment(out, left, right, color, 1.0f);
  add_segment(out, right, tip, color, 1.0f);
}

}  // namespace

bool project_to_pixels(const glm::vec3& world, const glm::mat4& view_projection,
                       glm::ivec2 viewport, glm::vec2& pixel) {
  const glm::vec4 clip = view_projection * glm::vec4(world, 1.0f);
  if (!(clip.w > 1e-6f)) return false;
  pixel = clip_to_pixels(clip, viewport);
  return true;
}

std::vector<LineVertex> expand_lines(const std::vector<Line>& lines,
                                     const glm::mat4& view_projection, glm::ivec2 viewport,
                                     bool dark_outline) {
  std::vector<LineVertex> out;
  out.reserve(lines.size() * (dark_outline ? 12 : 6));
  if (dark_outline) {
    std::vector<Line> shadows = lines;
    for (Line& shadow : shadows) {
      shadow.color = glm::vec4(0.0f, 0.01f, 0.04f, 0.55f * shadow.color.a);
      shadow.width_px += 2.0f;
    }
    out = expand_lines(shadows, view_projection, viewport, false);
  }
  for (const Line& line : lines) {
    glm::vec4 a = view_projection * glm::vec4(line.from, 1.0f);
    glm::vec4 b = view_projection * glm::vec4(line.to, 1.0f);
    // Clip against the near plane (z >= -w) so segments that pass behind the eye stay correct.
    const float da = a.z + a.w;
    const float db = b.z + b.w;
    if (da < 0.0f && db < 0.0f) continue;
    bool head_visible = line.arrow_head;
    if (da < 0.0f) a = glm::mix(a, b, da / (da - db));
    if (db < 0.0f) {
      b = glm::mix(a, b, da / (da - db));
      head_visible = false;
    }
    if (!(a.w > 1e-6f) || !(b.w > 1e-6f)) continue;
    const glm::vec2 pa = clip_to_pixels(a, viewport);
    const glm::vec2 pb = clip_to_pixels(b, viewport);
    const float length = glm::length(pb - pa);
    if (!std::isfinite(length) || length < 1e-3f) continue;
    if (!head_visible) {
      add_segment(out, pa, pb, line.color, line.width_px);
      continue;
    }
    const glm::vec2 direction = (pb - pa) / length;
    const float head = std::min(std::max(10.0f, line.width_px * 4.5f), length);
    // The shaft stops inside the head so the (semi-transparent) colours do not double up at the
    // tip.
    add_segment(out, pa, pb - direction * (head * 0.7f), line.color, line.width_px);
    add_arrow_head(out, pb, direction, head, line.color);
  }
  return out;
}

}  // namespace galaxy::render
