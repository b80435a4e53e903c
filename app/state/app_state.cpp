// AppState: what spans its parts (a new galaxy, presentation, bookmarks, focus, the star buffer and
// the overlay); the parts themselves live in analysis.cpp, sky_layout.cpp and coloring.cpp.
#include "app/state/app_state.h"

#include <algorithm>
#include <iterator>
#include <utility>

namespace galaxy::app {

namespace {

// The PanelVisibility flag behind each of kBookmarkPanels, in the same order.
constexpr bool PanelVisibility::*kPanelFlags[] = {
    &PanelVisibility::search,  &PanelVisibility::neighbours, &PanelVisibility::analogy,
    &PanelVisibility::view,    &PanelVisibility::dataset,    &PanelVisibility::projection,
    &PanelVisibility::compare, &PanelVisibility::bookmarks};
static_assert(std::size(kPanelFlags) == kBookmarkPanels.size(), "one flag per bookmark panel");

}  // namespace

void AppState::set_dataset(std::shared_ptr<const Dataset> dataset) {
  dataset_ = std::move(dataset);
  coloring_.set_dataset(dataset_);
  sky_.set_dataset(dataset_);
  analysis_.set_dataset(dataset_);
  ++dataset_version_;
}

// [SECTION] View settings and presentation

void AppState::set_view(const ViewSettings& view) {
  const bool presentation = view_.presentation;
  view_ = view;
  view_.presentation = presentation;
  view_.star_size_px = std::clamp(view_.star_size_px, 0.5f, 64.0f);
  view_.brightness = std::clamp(view_.brightness, 0.0f, 10.0f);
  view_.depth_cueing = std::clamp(view_.depth_cueing, 0.0f, 1.0f);
  view_.label_count = std::clamp(view_.label_count, 0, 1000);
  view_.background = glm::clamp(view_.background, glm::vec3(0.0f), glm::vec3(1.0f));
}

void AppState::set_view_flag(bool ViewSettings::*flag, bool on) {
  if (flag == &ViewSettings::presentation) return set_presentation(on);
  view_.*flag = on;
}

void AppState::set_presentation(bool on) {
  if (on == view_.presentation) return;
  if (on) {
    view_before_presentation_ = view_;
    // High contrast for projectors: a black sky without the gradient, and fewer ambient labels so
    // the words of the story stand out.
    view_.background = glm::vec3(0.0f);
    view_.draw_sky = false;
    view_.label_count = std::min(view_.label_count, 16);
  } else {
    const bool rotate = view_.auto_rotate;
    view_ = view_before_presentation_;
    view_.auto_rotate = rotate;
  }
  view_.presentation = on;
  panels_.hide_all = on;
}

// [SECTION] Isolation of what the analysis shows

bool AppState::isolate_selection(float seconds) {
  if (analysis_.selected() < 0) {
    sky_.refuse_isolation("select a word first: its neighbours are isolated with it");
    return false;
  }
  return sky_.isolate_neighbourhood(static_cast<std::uint32_t>(analysis_.selected()),
                                    analysis_.neighbour_count(), seconds);
}

bool AppState::isolate_search(float seconds) {
  std::vector<std::uint32_t> rows;
  for (const SearchHit& hit : analysis_.search().result.hits) rows.push_back(hit.row);
  return sky_.isolate(rows, "search '" + trimmed(analysis_.search().query) + "'", seconds);
}

bool AppState::update(float dt) {
  const bool moved = sky_.update(dt);
  const bool recoloured = coloring_.poll(false);
  return moved || recoloured;
}

void AppState::settle() {
  coloring_.poll(true);
  sky_.settle();
}

// [SECTION] Bookmarks

Bookmark AppState::capture_bookmark(const CameraPose& camera) const {
  Bookmark b;
  b.camera = camera;
  const ProjectionSpec& spec = sky_.projection().spec;
  b.projection = projection_kind_name(spec.kind);
  if (spec.kind == ProjectionKind::Axes) b.axes = spec.axes;
  const std::int32_t selected = analysis_.selected();
  if (dataset_ && selected >= 0) {
    b.selected_word = dataset_->word(static_cast<std::uint32_t>(selected));
    b.name = b.selected_word;
  }
  b.neighbour_count = analysis_.neighbour_count();
  b.search = analysis_.search().query;
  if (const AnalogyState& analogy = analysis_.analogy(); analogy.solved()) {
    b.analogy.a = trimmed(analogy.query.a);
    b.analogy.b = trimmed(analogy.query.b);
    b.analogy.c = trimmed(analogy.query.c);
    b.analogy.include_inputs = analogy.query.include_inputs;
    b.analogy.method = analogy_method_name(analogy.query.method);
    b.name = b.analogy.a + " : " + b.analogy.b + " :: " + b.analogy.c + " : ?";
  }
  if (analysis_.expression().evaluated()) b.expression = analysis_.expression().query.text;
  if (const CompareState& compare = analysis_.compare(); compare.result) {
    b.compare_a = trimmed(compare.query.a);
    b.compare_b = trimmed(compare.query.b);
  }
  if (const IsolationState& isolation = sky_.isolation(); !isolation.word.empty()) {
    b.isolate_word = isolation.word;
    b.isolate_k = isolation.k;
  }
  const ColoringState& coloring = coloring_.state();
  if (coloring.by == ColorBy::Clusters) {
    b.clusters = coloring_.clusters().k;
    b.color_by = "clusters";
  } else if (coloring.by == ColorBy::Metadata) {
    b.color_by = coloring.metadata_column;
  }
  for (std::size_t i = 0; i < kBookmarkPanels.size(); ++i)
    b.panels[kBookmarkPanels[i]] = panels_.*kPanelFlags[i];
  b.auto_rotate = view_.auto_rotate;
  if (b.name.empty()) b.name = spec.kind == ProjectionKind::Axes ? "axes" : "overview";
  return b;
}

std::vector<std::string> AppState::apply_bookmark(const Bookmark& b, float seconds) {
  std::vector<std::string> problems;
  if (!dataset_) return {"no galaxy is open"};
  const std::string where = b.name.empty() ? std::string() : "'" + b.name + "': ";
  // Projection first: isolation and framing depend on it.
  ProjectionSpec spec;
  try {
    spec.kind = parse_projection_kind(b.projection);
    if (spec.kind == ProjectionKind::Axes) spec.axes = b.axes;
  } catch (const std::exception& error) {
    problems.push_back(where + "projection: " + error.what());
  }
  if (!sky_.set_projection(spec, seconds))
    problems.push_back(where + "projection: " + sky_.projection().error);

  if (b.neighbour_count > 0) analysis_.set_neighbour_count(b.neighbour_count);
  if (b.selected_word.empty()) {
    analysis_.select(-1);
  } else if (auto row = dataset_->embedding.find(b.selected_word)) {
    analysis_.select(static_cast<std::int32_t>(*row));
  } else {
    analysis_.select(-1);
    try {
      dataset_->embedding.require(b.selected_word);
    } catch (const std::exception& error) {
      problems.push_back(where + "selected word: " + error.what());
    }
  }
  analysis_.set_search_query(b.search);

  if (b.analogy.a.empty()) {
    analysis_.clear_analogy();
  } else {
    AnalogyQuery query = analysis_.analogy().query;
    query.a = b.analogy.a;
    query.b = b.analogy.b;
    query.c = b.analogy.c;
    query.include_inputs = b.analogy.include_inputs;
    query.method = parse_analogy_method(b.analogy.method).value_or(AnalogyMethod::Add);
    if (!analysis_.solve_analogy(query))
      problems.push_back(where + "analogy: " + analysis_.analogy().error);
  }
  if (b.expression.empty()) {
    analysis_.clear_expression();
  } else {
    ExpressionQuery query = analysis_.expression().query;
    query.text = b.expression;
    if (!analysis_.evaluate_expression(query))
      problems.push_back(where + "expression: " + analysis_.expression().error);
  }
  if (b.compare_a.empty() || b.compare_b.empty()) {
    analysis_.clear_compare();
  } else if (!analysis_.compare_words(CompareQuery{b.compare_a, b.compare_b})) {
    problems.push_back(where + "compare: " + analysis_.compare().error);
  }
  if (b.isolate_word.empty()) {
    sky_.clear_isolation(seconds);
  } else if (auto row = dataset_->embedding.find(b.isolate_word)) {
    const int k = b.isolate_k > 0 ? b.isolate_k : analysis_.neighbour_count();
    if (!sky_.isolate_neighbourhood(*row, k, seconds))
      problems.push_back(where + "isolate: " + sky_.isolation().error);
  } else {
    sky_.clear_isolation(seconds);
    problems.push_back(where + "isolate: unknown word '" + b.isolate_word + "'");
  }
  if (b.clusters > 0) coloring_.set_cluster_count(b.clusters);
  if (b.color_by.empty()) {
    coloring_.set_color_by(ColorBy::Scheme);
  } else if (b.color_by == "clusters") {
    coloring_.set_color_by(ColorBy::Clusters);
  } else {
    coloring_.set_color_by(ColorBy::Metadata, b.color_by);
    if (!coloring_.state().error.empty())
      problems.push_back(where + "color_by: " + coloring_.state().error);
  }
  for (std::size_t i = 0; i < kBookmarkPanels.size(); ++i) {
    if (const auto it = b.panels.find(kBookmarkPanels[i]); it != b.panels.end())
      panels_.*kPanelFlags[i] = it->second;
  }
  if (b.auto_rotate) view_.auto_rotate = *b.auto_rotate;
  return problems;
}

Focus AppState::focus() const {
  Focus focus;
  if (!dataset_) return focus;
  if (sky_.isolated()) {
    focus.rows = sky_.isolation().rows;
    return focus;
  }
  focus.rows = analysis_.focus_rows(&focus.centre);
  return focus;
}

// [SECTION] Star buffer and overlay

std::vector<render::Star> AppState::build_star_buffer() const {
  if (!dataset_) return {};
  const std::size_t rows = dataset_->rows();
  std::vector<render::Star> stars = coloring_.plain_stars();
  const std::vector<glm::vec3>& where = sky_.positions();
  for (std::size_t r = 0; r < rows; ++r) stars[r].position = where[r];
  const std::vector<std::uint8_t>& isolated = sky_.isolated_mask();
  if (isolated.size() == rows) {
    for (std::size_t r = 0; r < rows; ++r) {
      if (isolated[r]) continue;
      stars[r].brightness *= 0.18f;
      stars[r].size *= 0.6f;
    }
  }
  apply_highlights(stars, star_highlights());
  return stars;
}

OverlayInput AppState::overlay_input() const {
  OverlayInput input;
  input.highlights = star_highlights();
  input.hovered = analysis_.hovered();
  if (const AnalogyState& analogy = analysis_.analogy(); analogy.row_a >= 0) {
    input.analogy_a = analogy.row_a;
    input.analogy_b = analogy.row_b;
    input.analogy_c = analogy.row_c;
    if (analogy.solved()) input.analogy_answer = static_cast<std::int32_t>(analogy.results[0].row);
  }
  input.show_lines = view_.show_lines;
  input.show_labels = view_.show_labels;
  input.ambient_label_count = view_.label_count;
  input.high_contrast = view_.presentation;
  input.positions = &sky_.positions();
  const std::vector<std::uint8_t>& isolated = sky_.isolated_mask();
  if (!isolated.empty() && isolated.size() == (dataset_ ? dataset_->rows() : 0))
    input.ambient_eligible = &isolated;
  if (const CompareState& compare = analysis_.compare(); compare.result) {
    input.compare_a = static_cast<std::int32_t>(compare.result->row_a);
    input.compare_b = static_cast<std::int32_t>(compare.result->row_b);
  }
  input.axis_guides = sky_.axis_guides();
  if (!input.axis_guides.empty()) input.axis_length = SkyLayout::axis_guide_length();
  return input;
}

FrameSettings AppState::frame_settings() const {
  FrameSettings settings;
  settings.star_size_px = view_.star_size_px;
  settings.brightness = view_.brightness;
  settings.depth_cueing = view_.depth_cueing;
  settings.background = view_.background;
  settings.draw_sky = view_.draw_sky;
  return settings;
}

}  // namespace galaxy::app
