// Scene builder: turns a Dataset + app state into render::Star lists, overlays (lines, arrows,
// labels) and FrameParams; shared by the window and the headless `galaxy render` so both draw the
// same picture.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "app/state/camera.h"
#include "app/state/categories.h"
#include "app/state/label_layout.h"
#include "render/scene.h"

namespace galaxy::app {

struct Dataset;

enum class ColorScheme { Nebula, Frequency, Depth, Spectral, Mono };
inline constexpr int kColorSchemeCount = 5;
const char* color_scheme_name(ColorScheme scheme);  // "Nebula (PCA angle)", ...

// Words drawn specially in the star buffer (bigger and tinted). Rows out of range are ignored.
struct StarHighlights {
  std::int32_t selected = -1;
  std::vector<std::uint32_t> neighbours;
  std::vector<std::uint32_t> search_hits;
  std::vector<std::uint32_t> analogy_inputs;   // A, B, C
  std::vector<std::uint32_t> analogy_answers;  // ranked answers (first = best)
};

// Highlight colours (also used by labels and panels so they match).
namespace palette {
inline constexpr glm::vec3 kSelection{1.0f, 0.86f, 0.35f};
inline constexpr glm::vec3 kNeighbour{0.45f, 0.85f, 1.0f};
inline constexpr glm::vec3 kSearch{0.6f, 1.0f, 0.55f};
inline constexpr glm::vec3 kAnalogyInput{1.0f, 0.55f, 0.75f};
inline constexpr glm::vec3 kAnalogyAnswer{1.0f, 0.7f, 0.3f};
inline constexpr glm::vec3 kAmbientLabel{0.82f, 0.86f, 0.95f};
}  // namespace palette

// Relative size (about 0.5..2.2) and brightness (0.35..1) from the frequency rank (row 0 = most
// frequent).
float star_size_for_rank(std::size_t row, std::size_t rows);
float star_brightness_for_rank(std::size_t row, std::size_t rows);

// One star per row, coloured by `scheme`, with highlights applied.
std::vector<render::Star> build_stars(const std::vector<glm::vec3>& positions, ColorScheme scheme,
                                      const StarHighlights& highlights = {});
// The two halves of build_stars, for callers that cache the plain stars (about 40 ms for 341k
// stars) and only re-apply highlights (a copy and a few writes) when the selection changes.
std::vector<render::Star> build_plain_stars(const std::vector<glm::vec3>& positions,
                                            ColorScheme scheme);
void apply_highlights(std::vector<render::Star>& stars, const StarHighlights& highlights);

// A semantic axis drawn through the origin: a line from -length to +length along `direction`, named
// at both ends ("woman" at +, "man" at - for the axis "woman - man").
struct AxisGuide {
  glm::vec3 direction{1.0f, 0.0f, 0.0f};  // unit, world space
  std::string positive;
  std::string negative;
};

// Everything the overlay shows besides the stars.
struct OverlayInput {
  // Where the stars are (the current, possibly animated, projection); null: dataset.positions.
  const std::vector<glm::vec3>* positions = nullptr;
  // Rows that may get ambient labels (1 = eligible); null or empty: all. Isolation labels only the
  // isolated constellation, not the faded rest.
  const std::vector<std::uint8_t>* ambient_eligible = nullptr;
  StarHighlights highlights;
  // Compare two words: a line between them and both labels (rows; -1 = not shown).
  std::int32_t compare_a = -1, compare_b = -1;
  std::vector<AxisGuide> axis_guides;
  float axis_length = 0.0f;  // world units from the origin to each axis end
  std::int32_t hovered = -1;
  // Analogy arrows a->b and c->answer (rows; -1 = not shown).
  std::int32_t analogy_a = -1, analogy_b = -1, analogy_c = -1, analogy_answer = -1;
  bool show_lines = true;
  bool show_labels = true;
  int ambient_label_count = 40;  // brightest/closest stars in view that get a label
  bool high_contrast = false;    // presentation: ambient labels white and opaque
  float label_scale =
      1.0f;  // multiplies Label::font_scale (the renderer's label scale comes on top)
  // layout.pixel_scale also widens lines: set it to the export scale for big screenshots.
  LabelLayoutOptions layout;
};

// Lines (constellation from the selection to its neighbours, analogy arrows) and laid-out labels.
render::Overlay build_overlay(const Dataset& dataset, const OverlayInput& input,
                              const OrbitCamera& camera, glm::ivec2 viewport,
                              const MeasureText& measure);

// The `ambient_count` best stars to label in view: bright (frequent) and close ones first, only
// stars in front of the camera and inside the viewport, spread over a screen grid of about
// `spread_cells` cells (0: ambient_count) so they do not all crowd into the densest corner. Returns
// rows: the brightest star of each cell first (brightest cells first), then the brightest others.
std::vector<std::uint32_t> ambient_label_rows(const std::vector<glm::vec3>& positions,
                                              const glm::mat4& view, const glm::mat4& projection,
                                              glm::ivec2 viewport, std::size_t ambient_count,
                                              std::size_t spread_cells = 0,
                                              const std::vector<std::uint8_t>* eligible = nullptr);

// Distinct colours for categories (clusters, metadata values); index >= the palette size wraps.
// kOtherCategory (the "other" bucket of a legend) is a dim grey.
glm::vec3 category_color(int category);
inline constexpr glm::vec3 kOtherCategoryColor{0.42f, 0.44f, 0.5f};
// The colour of category `c` of a legend: category_color, or the grey for none (-1) and the
// overflow bucket. Stars and the legend both use it, so they always match.
glm::vec3 legend_color(const Categories& categories, int c);

// A tour caption as labels: wrapped to at most `max_width_fraction` of the viewport, centred,
// bottom lines `margin_px` above the bottom edge; `font_scale` as for labels.
std::vector<render::Label> caption_labels(const std::string& caption, glm::ivec2 viewport,
                                          const MeasureText& measure, float font_scale,
                                          float max_width_fraction = 0.8f, float margin_px = 40.0f);
// The dark, rounded box behind caption labels (padding in pixels), so the text reads over stars.
render::Backdrop caption_backdrop(const std::vector<render::Label>& caption,
                                  const MeasureText& measure, float padding_px);

// The one caption layout, for the window's tours and `galaxy render --tour` alike: build_overlay
// with `caption` (when not empty) in a backdrop at the bottom, its type `pixel_scale` times the
// 1080p size, and no star label under it.
render::Overlay build_overlay_with_caption(const Dataset& dataset, OverlayInput input,
                                           const OrbitCamera& camera, glm::ivec2 viewport,
                                           const MeasureText& measure, const std::string& caption);

struct FrameSettings {
  float star_size_px = 6.0f;
  float brightness = 1.0f;
  float depth_cueing = 0.5f;
  glm::vec3 background{0.015f, 0.02f, 0.05f};
  bool transparent_background = false;
  bool draw_sky = true;
};

render::FrameParams build_frame(const OrbitCamera& camera, glm::ivec2 viewport,
                                const FrameSettings& settings, std::int32_t highlighted_star = -1);

}  // namespace galaxy::app
