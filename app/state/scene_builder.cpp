// Scene builder: star colours/sizes, highlight tints, constellation and analogy lines, label
// requests.
#include "app/state/scene_builder.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_set>

#include <glm/gtc/constants.hpp>

#include "app/state/dataset.h"

namespace galaxy::app {

namespace {

glm::vec3 hsv_to_rgb(float h, float s, float v) {
  h = h - std::floor(h);
  const float k[3] = {5.0f, 3.0f, 1.0f};
  glm::vec3 rgb;
  for (int i = 0; i < 3; ++i) {
    const float x = std::fmod(k[i] + h * 6.0f, 6.0f);
    rgb[i] = v - v * s * std::max(0.0f, std::min({x, 4.0f - x, 1.0f}));
  }
  return rgb;
}

// Cyclic gradient through the "nebula" stops, t in [0,1).
glm::vec3 nebula_gradient(float t) {
  static const std::array<glm::vec3, 5> stops = {
      glm::vec3(0.42f, 0.58f, 1.00f),  // blue
      glm::vec3(0.72f, 0.52f, 1.00f),  // violet
      glm::vec3(1.00f, 0.55f, 0.78f),  // rose
      glm::vec3(1.00f, 0.80f, 0.52f),  // gold
      glm::vec3(0.48f, 0.92f, 0.88f),  // teal
  };
  t = (t - std::floor(t)) * float(stops.size());
  const std::size_t i = std::min(static_cast<std::size_t>(t), stops.size() - 1);
  const float f = t - float(i);
  const float smooth = f * f * (3.0f - 2.0f * f);
  return glm::mix(stops[i], stops[(i + 1) % stops.size()], smooth);
}

float rank_fraction(std::size_t row, std::size_t rows) {
  // log scale: the top 1% of words spans a third of the range, as word frequencies are Zipfian.
  if (rows <= 1) return 0.0f;
  return std::log1p(float(row)) / std::log1p(float(rows - 1));
}

glm::vec3 base_color(const glm::vec3& position, std::size_t row, std::size_t rows, float max_abs_z,
                     ColorScheme scheme) {
  const float angle = std::atan2(position.y, position.x) / (2.0f * glm::pi<float>()) + 0.5f;
  const float rank = rank_fraction(row, rows);
  switch (scheme) {
    case ColorScheme::Nebula: {
      // Frequent words glow whiter at the core of their hue.
      const glm::vec3 hue = nebula_gradient(angle);
      return glm::mix(hue, glm::vec3(1.0f), 0.35f * (1.0f - rank));
    }
    case ColorScheme::Frequency: {
      // Hot (white-yellow) for frequent words to cool (deep blue) for rare ones.
      const glm::vec3 hot(1.0f, 0.92f, 0.7f), mid(1.0f, 0.5f, 0.35f), cold(0.3f, 0.45f, 1.0f);
      return rank < 0.5f ? glm::mix(hot, mid, rank * 2.0f)
                         : glm::mix(mid, cold, rank * 2.0f - 1.0f);
    }
    case ColorScheme::Depth: {
      const float t = max_abs_z > 0.0f ? 0.5f + 0.5f * position.z / max_abs_z : 0.5f;
      return glm::mix(glm::vec3(0.35f, 0.6f, 1.0f), glm::vec3(1.0f, 0.65f, 0.3f),
                      std::clamp(t, 0.0f, 1.0f));
    }
    case ColorScheme::Spectral:
      return hsv_to_rgb(angle, 0.65f, 1.0f);
    case ColorScheme::Mono:
      return glm::vec3(0.85f, 0.9f, 1.0f);
  }
  return glm::vec3(1.0f);
}

glm::vec4 with_alpha(const glm::vec3& c, float a) {
  return glm::vec4(c, a);
}

}  // namespace

const char* color_scheme_name(ColorScheme scheme) {
  switch (scheme) {
    case ColorScheme::Nebula:
      return "Nebula (PCA angle)";
    case ColorScheme::Frequency:
      return "Frequency (hot = common)";
    case ColorScheme::Depth:
      return "Depth (PCA 3)";
    case ColorScheme::Spectral:
      return "Spectral (PCA angle)";
    case ColorScheme::Mono:
      return "Mono";
  }
  return "?";
}

float star_size_for_rank(std::size_t row, std::size_t rows) {
  return 2.2f - 1.7f * rank_fraction(row, rows);
}

float star_brightness_for_rank(std::size_t row, std::size_t rows) {
  return 1.0f - 0.65f * rank_fraction(row, rows);
}

std::vector<render::Star> build_stars(const std::vector<glm::vec3>& positions, ColorScheme scheme,
                                      const StarHighlights& highlights) {
  std::vector<render::Star> stars = build_plain_stars(positions, scheme);
  apply_highlights(stars, highlights);
  return stars;
}

std::vector<render::Star> build_plain_stars(const std::vector<glm::vec3>& positions,
                                            ColorScheme scheme) {
  const std::size_t rows = positions.size();
  float max_abs_z = 0.0f;
  for (const glm::vec3& p : positions) max_abs_z = std::max(max_abs_z, std::abs(p.z));

  std::vector<render::Star> stars(rows);
  for (std::size_t row = 0; row < rows; ++row) {
    render::Star& star = stars[row];
    star.position = positions[row];
    star.color = base_color(positions[row], row, rows, max_abs_z, scheme);
    star.size = star_size_for_rank(row, rows);
    star.brightness = star_brightness_for_rank(row, rows);
  }
  return stars;
}

void apply_highlights(std::vector<render::Star>& stars, const StarHighlights& highlights) {
  const std::size_t rows = stars.size();
  // Later tints win: search < neighbours < analogy < selection.
  auto tint = [&](std::uint32_t row, const glm::vec3& color, float size_scale) {
    if (row >= rows) return;
    render::Star& star = stars[row];
    star.color = color;
    star.size = std::max(star.size, 1.2f) * size_scale;
    star.brightness = 1.0f;
  };
  for (std::uint32_t row : highlights.search_hits) tint(row, palette::kSearch, 1.4f);
  for (std::uint32_t row : highlights.neighbours) tint(row, palette::kNeighbour, 1.5f);
  for (std::uint32_t row : highlights.analogy_inputs) tint(row, palette::kAnalogyInput, 1.7f);
  for (std::uint32_t row : highlights.analogy_answers) tint(row, palette::kAnalogyAnswer, 1.5f);
  if (!highlights.analogy_answers.empty())
    tint(highlights.analogy_answers.front(), palette::kAnalogyAnswer, 1.3f);
  if (highlights.selected >= 0)
    tint(static_cast<std::uint32_t>(highlights.selected), palette::kSelection, 2.0f);
}

std::vector<std::uint32_t> ambient_label_rows(const std::vector<glm::vec3>& positions,
                                              const glm::mat4& view, const glm::mat4& projection,
                                              glm::ivec2 viewport, std::size_t ambient_count,
                                              std::size_t spread_cells,
                                              const std::vector<std::uint8_t>* eligible) {
  if (ambient_count == 0 || positions.empty()) return {};
  if (eligible && eligible->size() != positions.size()) eligible = nullptr;
  const glm::mat4 view_projection = projection * view;
  struct Candidate {
    float score;
    std::uint32_t row;
    std::uint32_t cell;
  };
  // Labels are spread over a coarse screen grid (about one cell per label) so they do not all crowd
  // into the dense, frequent-word corner of the cloud: each cell first gets its brightest star,
  // then the remaining slots go to the brightest stars overall.
  const float aspect = float(std::max(viewport.x, 1)) / float(std::max(viewport.y, 1));
  const float cells = float(spread_cells > 0 ? spread_cells : ambient_count);
  const auto grid_x =
      static_cast<std::uint32_t>(std::max(1.0f, std::ceil(std::sqrt(cells * aspect))));
  const auto grid_y = static_cast<std::uint32_t>(std::max(1.0f, std::ceil(cells / float(grid_x))));
  std::vector<Candidate> candidates;
  candidates.reserve(std::min<std::size_t>(positions.size(), 1 << 16));
  constexpr float kMarginPx = 12.0f;
  const float limit_x = 1.0f - 2.0f * kMarginPx / float(std::max(viewport.x, 1));
  const float limit_y = 1.0f - 2.0f * kMarginPx / float(std::max(viewport.y, 1));
  for (std::size_t row = 0; row < positions.size(); ++row) {
    if (eligible && !(*eligible)[row]) continue;
    const glm::vec4 clip = view_projection * glm::vec4(positions[row], 1.0f);
    if (clip.w <= 1e-4f) continue;
    const float inv_w = 1.0f / clip.w;
    const float nx = clip.x * inv_w, ny = clip.y * inv_w;
    // Keep a margin so labels are not placed for stars at the very edge.
    if (std::abs(nx) > limit_x || std::abs(ny) > limit_y) continue;
    // Apparent brightness: frequent (low row) and close stars first.
    const float score = 1.0f / ((float(row) + 20.0f) * clip.w * clip.w);
    const auto cx =
        std::min(grid_x - 1, static_cast<std::uint32_t>((nx * 0.5f + 0.5f) * float(grid_x)));
    const auto cy =
        std::min(grid_y - 1, static_cast<std::uint32_t>((ny * 0.5f + 0.5f) * float(grid_y)));
    candidates.push_back({score, static_cast<std::uint32_t>(row), cy * grid_x + cx});
  }
  auto brighter = [](const Candidate& a, const Candidate& b) {
    return a.score != b.score ? a.score > b.score : a.row < b.row;
  };
  // One linear pass for the best star of each cell, a partial sort for the best overall: no full
  // sort of a 341k-star candidate list every frame.
  std::vector<std::int64_t> best_in_cell(std::size_t(grid_x) * grid_y, -1);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    std::int64_t& best = best_in_cell[candidates[i].cell];
    if (best < 0 || brighter(candidates[i], candidates[std::size_t(best)])) best = std::int64_t(i);
  }
  std::vector<Candidate> cell_winners;
  for (std::int64_t best : best_in_cell) {
    if (best >= 0) cell_winners.push_back(candidates[std::size_t(best)]);
  }
  std::sort(cell_winners.begin(), cell_winners.end(), brighter);
  const std::size_t count = std::min(ambient_count, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + std::ptrdiff_t(count),
                    candidates.end(), brighter);
  std::vector<std::uint32_t> rows;
  rows.reserve(count);
  for (const Candidate& winner : cell_winners) {
    if (rows.size() == count) break;
    rows.push_back(winner.row);
  }
  for (std::size_t i = 0; i < count && rows.size() < count; ++i) {
    if (std::find(rows.begin(), rows.end(), candidates[i].row) == rows.end())
      rows.push_back(candidates[i].row);
  }
  return rows;
}

render::Overlay build_overlay(const Dataset& dataset, const OverlayInput& input,
                              const OrbitCamera& camera, glm::ivec2 viewport,
                              const MeasureText& measure) {
  render::Overlay overlay;
  const auto& positions = input.positions && input.positions->size() == dataset.positions.size()
                              ? *input.positions
                              : dataset.positions;
  const std::size_t rows = positions.size();
  auto valid = [rows](std::int64_t row) {
    return row >= 0 && static_cast<std::size_t>(row) < rows;
  };
  const StarHighlights& hl = input.highlights;
  const float line_scale = input.layout.pixel_scale;

  if (input.axis_length > 0.0f) {
    // Axis guides are drawn even without constellation lines: they explain the projection.
    for (const AxisGuide& axis : input.axis_guides) {
      const glm::vec3 end = axis.direction * input.axis_length;
      overlay.lines.push_back(
          render::Line{-end, end, glm::vec4(0.75f, 0.8f, 0.95f, 0.35f), 1.2f * line_scale, false});
      overlay.lines.push_back(render::Line{end * 0.9f, end, glm::vec4(0.75f, 0.8f, 0.95f, 0.6f),
                                           1.5f * line_scale, true});
    }
  }
  if (input.show_lines) {
    if (valid(input.compare_a) && valid(input.compare_b)) {
      overlay.lines.push_back(render::Line{
          positions[std::size_t(input.compare_a)], positions[std::size_t(input.compare_b)],
          with_alpha(palette::kSelection, 0.8f), 2.0f * line_scale, false});
    }
    if (valid(hl.selected)) {
      const glm::vec3 from = positions[static_cast<std::size_t>(hl.selected)];
      for (std::size_t i = 0; i < hl.neighbours.size(); ++i) {
        if (!valid(hl.neighbours[i])) continue;
        const float fade =
            0.75f - 0.45f * float(i) / float(std::max<std::size_t>(hl.neighbours.size(), 1));
        overlay.lines.push_back(render::Line{from, positions[hl.neighbours[i]],
                                             with_alpha(palette::kNeighbour, fade),
                                             1.5f * line_scale, false});
      }
    }
    if (valid(input.analogy_a) && valid(input.analogy_b)) {
      const glm::vec3 a = positions[static_cast<std::size_t>(input.analogy_a)];
      const glm::vec3 b = positions[static_cast<std::size_t>(input.analogy_b)];
      overlay.lines.push_back(
          render::Line{a, b, with_alpha(palette::kAnalogyInput, 0.95f), 2.5f * line_scale, true});
      if (valid(input.analogy_c)) {
        const glm::vec3 c = positions[static_cast<std::size_t>(input.analogy_c)];
        // The same offset b - a drawn from c: where the answer "should" be in this projection.
        overlay.lines.push_back(render::Line{
            c, c + (b - a), with_alpha(palette::kAnalogyInput, 0.45f), 1.5f * line_scale, true});
        overlay.lines.push_back(
            render::Line{a, c, glm::vec4(0.8f, 0.8f, 0.9f, 0.25f), 1.0f * line_scale, false});
        if (valid(input.analogy_answer)) {
          const glm::vec3 d = positions[static_cast<std::size_t>(input.analogy_answer)];
          overlay.lines.push_back(render::Line{c, d, with_alpha(palette::kAnalogyAnswer, 0.95f),
                                               2.5f * line_scale, true});
          overlay.lines.push_back(
              render::Line{b, d, glm::vec4(0.8f, 0.8f, 0.9f, 0.25f), 1.0f * line_scale, false});
        }
      }
    }
  }

  if (!input.show_labels || !measure) return overlay;

  std::vector<LabelRequest> requests;
  std::unordered_set<std::uint32_t> labelled;
  auto request = [&](std::int64_t row, LabelPriority priority, const glm::vec3& color, float alpha,
                     float font_scale, float rank) {
    if (!valid(row)) return;
    if (!labelled.insert(static_cast<std::uint32_t>(row)).second) return;
    requests.push_back(LabelRequest{dataset.word(static_cast<std::uint32_t>(row)),
                                    positions[static_cast<std::size_t>(row)], priority,
                                    glm::vec4(color, alpha), font_scale * input.label_scale, rank});
  };
  request(hl.selected, LabelPriority::Selection, palette::kSelection, 1.0f, 1.3f, 0.0f);
  request(input.compare_a, LabelPriority::Selection, palette::kSelection, 1.0f, 1.25f, 0.5f);
  request(input.compare_b, LabelPriority::Selection, palette::kSelection, 1.0f, 1.25f, 0.6f);
  if (input.axis_length > 0.0f) {
    // Axis names sit at the axis ends (not at a star); they are never crowded out by words.
    for (std::size_t i = 0; i < input.axis_guides.size(); ++i) {
      const AxisGuide& axis = input.axis_guides[i];
      const glm::vec3 end = axis.direction * input.axis_length;
      const glm::vec4 color(0.8f, 0.85f, 1.0f, 1.0f);
      if (!axis.positive.empty())
        requests.push_back(LabelRequest{axis.positive, end, LabelPriority::Selection, color,
                                        1.2f * input.label_scale, 10.0f + float(i)});
      if (!axis.negative.empty())
        requests.push_back(LabelRequest{axis.negative, -end, LabelPriority::Selection, color,
                                        1.2f * input.label_scale, 20.0f + float(i)});
    }
  }
  request(input.hovered, LabelPriority::Selection, glm::vec3(1.0f), 1.0f, 1.15f, 1.0f);
  request(input.analogy_answer, LabelPriority::Analogy, palette::kAnalogyAnswer, 1.0f, 1.2f, 0.0f);
  request(input.analogy_a, LabelPriority::Analogy, palette::kAnalogyInput, 1.0f, 1.1f, 1.0f);
  request(input.analogy_b, LabelPriority::Analogy, palette::kAnalogyInput, 1.0f, 1.1f, 2.0f);
  request(input.analogy_c, LabelPriority::Analogy, palette::kAnalogyInput, 1.0f, 1.1f, 3.0f);
  for (std::size_t i = 0; i < hl.analogy_inputs.size(); ++i)  // expression words, or A, B, C again
    request(hl.analogy_inputs[i], LabelPriority::Analogy, palette::kAnalogyInput, 1.0f, 1.1f,
            1.0f + float(i));
  for (std::size_t i = 0; i < hl.analogy_answers.size() && i < 5; ++i)
    request(hl.analogy_answers[i], LabelPriority::Analogy, palette::kAnalogyAnswer, 0.85f, 1.0f,
            4.0f + float(i));
  for (std::size_t i = 0; i < hl.neighbours.size(); ++i)
    request(hl.neighbours[i], LabelPriority::Neighbour, palette::kNeighbour, 1.0f, 1.0f, float(i));
  for (std::size_t i = 0; i < hl.search_hits.size() && i < 12; ++i)
    request(hl.search_hits[i], LabelPriority::Search, palette::kSearch, 1.0f, 1.0f, float(i));

  const glm::mat4 view = camera.view();
  const float aspect = viewport.y > 0 ? float(viewport.x) / float(viewport.y) : 1.0f;
  const glm::mat4 projection = camera.projection(aspect);
  const std::size_t ambient = static_cast<std::size_t>(std::max(input.ambient_label_count, 0));
  if (ambient > 0) {
    // Ask for more than we want: some will not fit.
    // Keep ambient_label_rows' order (one per screen cell first), not frequency order.
    const auto ambient_rows = ambient_label_rows(positions, view, projection, viewport, ambient * 3,
                                                 ambient, input.ambient_eligible);
    for (std::size_t i = 0; i < ambient_rows.size(); ++i)
      request(ambient_rows[i], LabelPriority::Ambient,
              input.high_contrast ? glm::vec3(1.0f) : palette::kAmbientLabel,
              input.high_contrast ? 1.0f : 0.8f, 0.85f, float(i));
  }

  LabelLayoutOptions layout = input.layout;
  layout.max_ambient = ambient;
  // Fade relative to how far the camera is, so labels read the same at every zoom.
  layout.fade_near = camera.distance * 1.0f;
  layout.fade_far = camera.distance * 2.2f;
  overlay.labels = layout_labels(std::move(requests), view, projection, viewport, measure, layout);
  return overlay;
}

glm::vec3 category_color(int category) {
  // Hues spaced by the golden angle stay distinct for the first dozen categories; a second lap
  // (12+) uses a lighter, less saturated version of the same hues.
  if (category < 0) return kOtherCategoryColor;
  const float hue = std::fmod(0.58f + 0.381966f * float(category % 12), 1.0f);
  const bool second_lap = (category / 12) % 2 == 1;
  return hsv_to_rgb(hue, second_lap ? 0.4f : 0.72f, 1.0f);
}

glm::vec3 legend_color(const Categories& categories, int c) {
  return c < 0 || categories.is_other(c) ? kOtherCategoryColor : category_color(c);
}

std::vector<render::Label> caption_labels(const std::string& caption, glm::ivec2 viewport,
                                          const MeasureText& measure, float font_scale,
                                          float max_width_fraction, float margin_px) {
  std::vector<render::Label> labels;
  if (caption.empty() || !measure || viewport.x <= 0 || viewport.y <= 0) return labels;
  const float max_width = float(viewport.x) * max_width_fraction;
  // Greedy word wrap; explicit newlines start new lines.
  std::vector<std::string> lines;
  std::string line;
  std::string word;
  auto flush_word = [&] {
    if (word.empty()) return;
    const std::string candidate = line.empty() ? word : line + " " + word;
    if (!line.empty() && measure(candidate, font_scale).x > max_width) {
      lines.push_back(line);
      line = word;
    } else {
      line = candidate;
    }
    word.clear();
  };
  for (char c : caption) {
    if (c == ' ' || c == '\t') {
      flush_word();
    } else if (c == '\n') {
      flush_word();
      lines.push_back(line);
      line.clear();
    } else {
      word += c;
    }
  }
  flush_word();
  if (!line.empty()) lines.push_back(line);
  const float line_height = measure("Ag", font_scale).y * 1.25f;
  float y = float(viewport.y) - margin_px - line_height * float(lines.size());
  for (const std::string& text : lines) {
    const glm::vec2 size = measure(text, font_scale);
    labels.push_back(render::Label{glm::vec2((float(viewport.x) - size.x) * 0.5f, y), text,
                                   glm::vec4(1.0f), font_scale});
    y += line_height;
  }
  return labels;
}

render::Backdrop caption_backdrop(const std::vector<render::Label>& caption,
                                  const MeasureText& measure, float padding_px) {
  render::Backdrop backdrop;
  if (caption.empty()) return backdrop;
  glm::vec2 low(1e30f), high(-1e30f);
  for (const render::Label& label : caption) {
    const glm::vec2 size = measure(label.text, label.font_scale);
    low = glm::min(low, label.anchor_px);
    high = glm::max(high, label.anchor_px + size);
  }
  backdrop.rect_px = glm::vec4(low - glm::vec2(padding_px), high + glm::vec2(padding_px));
  backdrop.rounding_px = padding_px * 0.6f;
  return backdrop;
}

render::FrameParams build_frame(const OrbitCamera& camera, glm::ivec2 viewport,
                                const FrameSettings& settings, std::int32_t highlighted_star) {
  render::FrameParams frame;
  const float aspect = viewport.y > 0 ? float(viewport.x) / float(viewport.y) : 1.0f;
  frame.view = camera.view();
  frame.projection = camera.projection(aspect);
  frame.viewport_px = viewport;
  frame.star_size_px = settings.star_size_px;
  frame.brightness = settings.brightness;
  frame.depth_cueing = settings.depth_cueing;
  frame.background = glm::vec4(settings.background, settings.transparent_background ? 0.0f : 1.0f);
  frame.highlighted_star = highlighted_star;
  frame.reference_distance = camera.distance;
  frame.draw_sky = settings.draw_sky;
  return frame;
}

render::Overlay build_overlay_with_caption(const Dataset& dataset, OverlayInput input,
                                           const OrbitCamera& camera, glm::ivec2 viewport,
                                           const MeasureText& measure, const std::string& caption) {
  if (caption.empty()) return build_overlay(dataset, input, camera, viewport, measure);
  const float scale = input.layout.pixel_scale;
  std::vector<render::Label> lines =
      caption_labels(caption, viewport, measure, 1.9f, 0.8f, 40.0f * scale);
  const render::Backdrop backdrop = caption_backdrop(lines, measure, 14.0f * scale);
  input.layout.blocked.push_back(backdrop.rect_px);  // no star labels under the caption
  render::Overlay overlay = build_overlay(dataset, input, camera, viewport, measure);
  overlay.backdrops.push_back(backdrop);
  for (render::Label& label : lines) overlay.labels.push_back(std::move(label));
  return overlay;
}

}  // namespace galaxy::app
