// Greedy label layout: priority order, four candidate positions per label, rectangle overlap tests.
#include "app/state/label_layout.h"

#include <algorithm>
#include <array>

namespace galaxy::app {

namespace {

struct Rect {
  glm::vec2 min{0.0f};
  glm::vec2 max{0.0f};
  bool overlaps(const Rect& other, float padding) const {
    return min.x < other.max.x + padding && other.min.x < max.x + padding &&
           min.y < other.max.y + padding && other.min.y < max.y + padding;
  }
};

bool never_fades(LabelPriority priority) {
  return priority == LabelPriority::Selection || priority == LabelPriority::Analogy;
}

}  // namespace

bool project_to_screen(const glm::vec3& world, const glm::mat4& view_projection,
                       glm::ivec2 viewport, glm::vec2& pixel, float* clip_w) {
  const glm::vec4 clip = view_projection * glm::vec4(world, 1.0f);
  if (clip_w) *clip_w = clip.w;
  if (clip.w <= 1e-6f) return false;
  const glm::vec2 ndc = glm::vec2(clip) / clip.w;
  pixel = glm::vec2((ndc.x * 0.5f + 0.5f) * float(viewport.x),
                    (0.5f - ndc.y * 0.5f) * float(viewport.y));
  return true;
}

float label_fade(float depth, const LabelLayoutOptions& options) {
  if (depth <= options.fade_near) return 1.0f;
  if (depth >= options.fade_far) return 0.0f;
  return 1.0f - (depth - options.fade_near) / std::max(options.fade_far - options.fade_near, 1e-6f);
}

std::vector<render::Label> layout_labels(std::vector<LabelRequest> requests, const glm::mat4& view,
                                         const glm::mat4& projection, glm::ivec2 viewport,
                                         const MeasureText& measure,
                                         const LabelLayoutOptions& options) {
  std::stable_sort(requests.begin(), requests.end(),
                   [](const LabelRequest& a, const LabelRequest& b) {
                     if (a.priority != b.priority) return a.priority < b.priority;
                     return a.rank < b.rank;
                   });
  const glm::mat4 view_projection = projection * view;
  const Rect screen{glm::vec2(0.0f), glm::vec2(viewport)};
  const float offset = options.offset_px * options.pixel_scale;
  const float padding = options.padding_px * options.pixel_scale;

  std::size_t ambient_placed = 0;
  std::vector<Rect> placed_rects;
  std::vector<Rect> blocked;
  for (const glm::vec4& b : options.blocked)
    blocked.push_back(Rect{glm::vec2(b.x, b.y), glm::vec2(b.z, b.w)});
  std::vector<render::Label> placed;
  placed.reserve(requests.size());
  for (const LabelRequest& request : requests) {
    if (request.text.empty()) continue;
    glm::vec2 anchor;
    float depth = 0.0f;
    if (!project_to_screen(request.world, view_projection, viewport, anchor, &depth)) continue;
    if (anchor.x < 0.0f || anchor.y < 0.0f || anchor.x > screen.max.x || anchor.y > screen.max.y)
      continue;
    float alpha = label_fade(depth, options);
    if (never_fades(request.priority)) alpha = std::max(alpha, 0.85f);
    if (alpha < options.min_alpha) continue;  // too far to be worth a label
    const bool ambient = request.priority == LabelPriority::Ambient;
    if (ambient && ambient_placed >= options.max_ambient) continue;

    const glm::vec2 size = measure(request.text, request.font_scale);
    const std::array<glm::vec2, 4> candidates = {
        anchor + glm::vec2(offset, -size.y * 0.5f),            // right
        anchor + glm::vec2(-offset - size.x, -size.y * 0.5f),  // left
        anchor + glm::vec2(-size.x * 0.5f, -offset - size.y),  // above
        anchor + glm::vec2(-size.x * 0.5f, offset),            // below
    };
    for (const glm::vec2& top_left : candidates) {
      const Rect rect{top_left, top_left + size};
      if (rect.min.x < 0.0f || rect.min.y < 0.0f || rect.max.x > screen.max.x ||
          rect.max.y > screen.max.y)
        continue;
      const auto hits = [&](const Rect& other) { return rect.overlaps(other, padding); };
      const bool collides = std::any_of(placed_rects.begin(), placed_rects.end(), hits) ||
                            std::any_of(blocked.begin(), blocked.end(), hits);
      if (collides) continue;
      placed_rects.push_back(rect);
      render::Label label;
      label.anchor_px = top_left;
      label.text = request.text;
      label.color = request.color;
      label.color.a *= alpha;
      label.font_scale = request.font_scale;
      placed.push_back(std::move(label));
      if (ambient) ++ambient_placed;
      break;
    }
  }
  return placed;
}

}  // namespace galaxy::app
