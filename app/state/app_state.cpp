// AppState: selection/neighbours, search, analogy and expression solving against the open Dataset.
#include "app/state/app_state.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <set>
#include <sstream>
#include <utility>

#include "geometry/expression.h"

namespace galaxy::app {

namespace {

// Semantic axis guides reach a little beyond the galaxy's radius so their names clear the stars.
constexpr float kAxisGuideLength = kGalaxyRadius * 1.15f;

// The PanelVisibility flag behind each of kBookmarkPanels, in the same order.
constexpr bool PanelVisibility::*kPanelFlags[] = {
    &PanelVisibility::search,  &PanelVisibility::neighbours, &PanelVisibility::analogy,
    &PanelVisibility::view,    &PanelVisibility::dataset,    &PanelVisibility::projection,
    &PanelVisibility::compare, &PanelVisibility::bookmarks};
static_assert(std::size(kPanelFlags) == kBookmarkPanels.size(), "one flag per bookmark panel");

// Words k-means runs on (the most frequent; every other word joins its nearest centroid).
constexpr std::size_t kClusterRows = 50000;

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

}  // namespace

const std::vector<AnalogyPreset>& analogy_presets() {
  static const std::vector<AnalogyPreset> presets = {
      {"man", "king", "woman", "gender"},
      {"paris", "france", "tokyo", "capital"},
      {"walking", "walked", "swimming", "past tense"},
      {"good", "better", "bad", "comparative"},
      {"france", "french", "germany", "nationality"},
      {"big", "bigger", "small", "comparative"},
      {"man", "woman", "boy", "gender"},
      {"athens", "greece", "rome", "capital"},
      {"car", "cars", "child", "plural"},
      {"slow", "slowly", "quick", "adverb"},
  };
  return presets;
}

AppState::~AppState() {
  cancel_clusters();
}

void AppState::set_dataset(std::shared_ptr<const Dataset> dataset) {
  cancel_clusters();
  dataset_ = std::move(dataset);
  reset_isolation();
  clusters.result.reset();
  clusters.error.clear();
  compare.result.reset();
  compare.error.clear();
  projection.error.clear();
  layout_ = Layout{};
  animator_.reset({});
  if (dataset_) {
    // Keep the projection the user chose if the new galaxy has its axis words; else back to PCA.
    ProjectionSpec spec = projection.spec;
    try {
      layout_ = compute_layout(*dataset_, spec);
    } catch (const std::exception& error) {
      projection.error = std::string(error.what()) + " (back to PCA)";
      spec = ProjectionSpec{};
      layout_ = compute_layout(*dataset_, spec);
    }
    projection.spec = spec;
    projection.axis_labels = layout_.axis_labels;
    animator_.reset(layout_.positions);
  }
  const ColorBy color_by = coloring.by;
  coloring = ColoringState{};
  if (color_by == ColorBy::Clusters && dataset_) set_color_by(ColorBy::Clusters);
  ++coloring_version_;
  word_search_ = dataset_ ? WordSearch(dataset_->embedding.words()) : WordSearch();
  selected_ = -1;
  hovered_ = -1;
  neighbours_.clear();
  refresh_search();
  const bool had_analogy = analogy.solved();
  analogy.results.clear();
  analogy.row_a = analogy.row_b = analogy.row_c = -1;
  analogy.error.clear();
  if (had_analogy) solve_analogy();
  const bool had_expression = !expression.results.empty();
  expression.results.clear();
  expression.input_rows.clear();
  expression.error.clear();
  if (had_expression) evaluate_expression();
  touch_stars();
}

void AppState::select(std::int32_t row) {
  if (!dataset_ || row < 0 || static_cast<std::size_t>(row) >= dataset_->rows()) row = -1;
  if (row == selected_) return;
  selected_ = row;
  refresh_neighbours();
  touch_stars();
}

void AppState::select_word(const std::string& word) {
  if (!dataset_) throw DataError("no galaxy is open");
  select(static_cast<std::int32_t>(dataset_->embedding.require(trimmed(word))));
}

void AppState::set_neighbour_count(int k) {
  k = std::clamp(k, 1, 100);
  if (k == k_) return;
  k_ = k;
  refresh_neighbours();
  touch_stars();
}

void AppState::refresh_neighbours() {
  neighbours_.clear();
  if (!dataset_ || selected_ < 0 || !dataset_->index) return;
  neighbours_ = dataset_->index->nearest_to_word(static_cast<std::uint32_t>(selected_),
                                                 static_cast<std::size_t>(k_));
}

void AppState::set_search_query(const std::string& query) {
  const std::string old_hits_key = search.query;
  search.query = query;
  refresh_search();
  if (old_hits_key != query) touch_stars();
}

void AppState::refresh_search() {
  const std::string query = trimmed(search.query);
  search.result = word_search_.find(query);
  search.cursor = 0;
  search.suggestions.clear();
  if (dataset_ && search.result.no_match())
    search.suggestions = dataset_->embedding.close_spellings(query, 5);
}

void AppState::move_search_cursor(int delta) {
  const int count = static_cast<int>(search.result.hits.size());
  if (count == 0) {
    search.cursor = 0;
    return;
  }
  search.cursor = std::clamp(search.cursor + delta, 0, count - 1);
}

std::int32_t AppState::search_cursor_row() const {
  const auto& hits = search.result.hits;
  if (search.cursor < 0 || static_cast<std::size_t>(search.cursor) >= hits.size()) return -1;
  return static_cast<std::int32_t>(hits[static_cast<std::size_t>(search.cursor)].row);
}

bool AppState::solve_analogy() {
  analogy.results.clear();
  analogy.row_a = analogy.row_b = analogy.row_c = -1;
  analogy.error.clear();
  touch_stars();
  if (!dataset_) {
    analogy.error = "no galaxy is open";
    return false;
  }
  try {
    const Embedding& embedding = dataset_->embedding;
    const std::string a = trimmed(analogy.a), b = trimmed(analogy.b), c = trimmed(analogy.c);
    if (a.empty() || b.empty() || c.empty())
      throw DataError("fill in all three words: A is to B as C is to ?");
    const std::uint32_t row_a = embedding.require(a);
    const std::uint32_t row_b = embedding.require(b);
    const std::uint32_t row_c = embedding.require(c);
    AnalogyOptions options;
    options.method = analogy.method;
    options.k = static_cast<std::size_t>(std::max(analogy.k, 1));
    options.include_inputs = analogy.include_inputs;
    analogy.results = galaxy::solve_analogy(*dataset_->index, row_a, row_b, row_c, options);
    analogy.row_a = static_cast<std::int32_t>(row_a);
    analogy.row_b = static_cast<std::int32_t>(row_b);
    analogy.row_c = static_cast<std::int32_t>(row_c);
    if (analogy.results.empty()) analogy.error = "no answer (the vocabulary is too small)";
    return !analogy.results.empty();
  } catch (const std::exception& error) {
    analogy.error = error.what();
    return false;
  }
}

void AppState::apply_preset(const AnalogyPreset& preset) {
  analogy.a = preset.a;
  analogy.b = preset.b;
  analogy.c = preset.c;
  solve_analogy();
}

void AppState::clear_analogy() {
  analogy.results.clear();
  analogy.row_a = analogy.row_b = analogy.row_c = -1;
  analogy.error.clear();
  touch_stars();
}

bool AppState::evaluate_expression() {
  expression.results.clear();
  expression.input_rows.clear();
  expression.error.clear();
  touch_stars();
  if (!dataset_) {
    expression.error = "no galaxy is open";
    return false;
  }
  try {
    const auto terms = parse_expression(expression.text);
    for (const auto& term : terms)
      if (auto row = dataset_->embedding.find(term.word)) expression.input_rows.push_back(*row);
    expression.results = galaxy::evaluate_expression(
        *dataset_->index, terms, static_cast<std::size_t>(expression.k), expression.include_inputs);
    return true;
  } catch (const std::exception& error) {
    expression.error = error.what();
    expression.input_rows.clear();
    return false;
  }
}

void AppState::clear_expression() {
  expression.results.clear();
  expression.input_rows.clear();
  expression.error.clear();
  touch_stars();
}

// [SECTION] Projection and isolation

const std::vector<glm::vec3>& AppState::positions() const {
  static const std::vector<glm::vec3> none;
  if (!dataset_) return none;
  const auto& current = animator_.positions();
  return current.size() == dataset_->rows() ? current : dataset_->positions;
}

const std::vector<glm::vec3>& AppState::target_positions() const {
  static const std::vector<glm::vec3> none;
  if (!dataset_) return none;
  const auto& target = animator_.target();
  return target.size() == dataset_->rows() ? target : dataset_->positions;
}

bool AppState::set_projection(const ProjectionSpec& spec, float seconds) {
  projection.error.clear();
  if (!dataset_) {
    projection.error = "no galaxy is open";
    return false;
  }
  // The layout of the projection already shown is kept: tour steps and bookmarks re-apply their
  // projection, and a PCA of unit vectors or three axes over 341k words is not free.
  if (spec != layout_.spec || layout_.positions.size() != dataset_->rows()) {
    try {
      layout_ = compute_layout(*dataset_, spec);
    } catch (const std::exception& error) {
      projection.error = error.what();
      return false;
    }
  }
  projection.spec = spec;
  projection.axis_labels = layout_.axis_labels;
  // A new projection shows the whole galaxy again: an isolated constellation was a PCA of its own.
  reset_isolation();
  retarget_layout(seconds);
  return true;
}

void AppState::retarget_layout(float seconds) {
  if (!dataset_) return;
  std::vector<glm::vec3> target = layout_.positions;
  if (!isolation.rows.empty()) {
    // The rest of the galaxy steps back (three times as far from the centre) and fades, so the
    // constellation has the middle of the sky to itself.
    for (glm::vec3& p : target) p *= 3.0f;
    for (std::size_t i = 0; i < isolation.rows.size(); ++i)
      target[isolation.rows[i]] = isolated_positions_[i];
  }
  animator_.animate_to(std::move(target), seconds);
  touch_stars();
}

bool AppState::isolate(std::vector<std::uint32_t> rows, std::string description, float seconds) {
  isolation.error.clear();
  if (!dataset_) {
    isolation.error = "no galaxy is open";
    return false;
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](std::uint32_t r) { return r >= dataset_->rows(); }),
             rows.end());
  if (rows.size() < 3) {
    isolation.error = "isolate needs at least 3 words (got " + std::to_string(rows.size()) + ")";
    return false;
  }
  std::vector<glm::vec3> local;
  try {
    local = compute_local_layout(*dataset_, rows);  // fails before anything changes
  } catch (const std::exception& error) {
    isolation.error = error.what();
    return false;
  }
  isolated_positions_ = std::move(local);
  isolation.rows = std::move(rows);
  isolation.description = std::move(description);
  isolation.word.clear();
  isolation.k = 0;
  isolated_mask_.assign(dataset_->rows(), 0);
  for (std::uint32_t r : isolation.rows) isolated_mask_[r] = 1;
  retarget_layout(seconds);
  return true;
}

bool AppState::isolate_selection(float seconds) {
  if (selected_ < 0) {
    isolation.error = "select a word first: its neighbours are isolated with it";
    return false;
  }
  return isolate_neighbourhood(static_cast<std::uint32_t>(selected_), k_, seconds);
}

bool AppState::isolate_neighbourhood(std::uint32_t row, int k, float seconds) {
  std::vector<std::uint32_t> rows{row};
  for (const Neighbor& n : dataset_->index->nearest_to_word(row, static_cast<std::size_t>(k)))
    rows.push_back(n.row);
  const std::string& word = dataset_->word(row);
  if (!isolate(rows, word + " and " + std::to_string(rows.size() - 1) + " neighbours", seconds))
    return false;
  isolation.word = word;
  isolation.k = k;
  return true;
}

void AppState::reset_isolation() {
  isolation = IsolationState{};
  isolated_mask_.clear();
  isolated_positions_.clear();
}

bool AppState::isolate_search(float seconds) {
  std::vector<std::uint32_t> rows;
  for (const SearchHit& hit : search.result.hits) rows.push_back(hit.row);
  return isolate(rows, "search '" + trimmed(search.query) + "'", seconds);
}

void AppState::clear_isolation(float seconds) {
  if (isolation.rows.empty()) {
    isolation.error.clear();
    return;
  }
  reset_isolation();
  retarget_layout(seconds);
}

bool AppState::update(float dt) {
  bool changed = animator_.update(dt);
  if (changed) touch_stars();
  const bool was_running = clusters.running;
  poll_clusters(false);
  if (was_running && !clusters.running) changed = true;
  return changed;
}

void AppState::settle() {
  poll_clusters(true);
  if (animator_.animating()) {
    animator_.finish();
    touch_stars();
  }
}

// [SECTION] Colours: clusters and metadata

void AppState::set_color_scheme(ColorScheme scheme) {
  if (scheme == view.color_scheme) return;
  view.color_scheme = scheme;
  touch_stars();
}

void AppState::cycle_color_scheme() {
  set_color_scheme(
      static_cast<ColorScheme>((static_cast<int>(view.color_scheme) + 1) % kColorSchemeCount));
}

void AppState::cancel_clusters() {
  cluster_job_.stop();
  cluster_job_.poll();  // a cancelled or failed run has nothing to keep
  cluster_dataset_.reset();
  clusters.running = false;
}

void AppState::start_clusters(int k) {
  cancel_clusters();
  clusters.error.clear();
  clusters.k = k;
  if (!dataset_ || !dataset_->index) {
    clusters.error = "no galaxy is open";
    return;
  }
  std::shared_ptr<const Dataset> dataset = dataset_;
  cluster_dataset_ = dataset;
  clusters.running = true;
  clusters.progress = 0.0f;
  cluster_job_.start([dataset, k](JobControl& control) {
    SphericalKMeansOptions options;
    options.k = k;
    // Cluster the most frequent words and assign the rest to the nearest centroid: rare words
    // otherwise dominate the centroids and the legend names (and it is several times faster).
    options.rows = kClusterRows;
    options.progress = [&control](double fraction) {
      control.report(static_cast<float>(fraction));
      return !control.cancelled();
    };
    return spherical_kmeans(*dataset->index, options);
  });
}

void AppState::poll_clusters(bool wait) {
  if (!clusters.running) return;
  clusters.progress = cluster_job_.progress();
  auto finished = wait ? cluster_job_.wait() : cluster_job_.poll();
  if (!finished) return;
  clusters.running = false;
  if (finished->result && cluster_dataset_ == dataset_ && !finished->result->assignment.empty()) {
    clusters.result = std::move(*finished->result);
    if (coloring.by == ColorBy::Clusters) refresh_coloring();
  }
  if (!finished->result) clusters.error = finished->error;
  cluster_dataset_.reset();
}

void AppState::set_color_by(ColorBy by, const std::string& metadata_column) {
  coloring.by = by;
  coloring.metadata_column = metadata_column;
  coloring.error.clear();
  if (by == ColorBy::Clusters && dataset_ &&
      (!clusters.result || clusters.result->k != clusters.k) && !clusters.running)
    start_clusters(clusters.k);
  refresh_coloring();
}

void AppState::refresh_coloring() {
  coloring.categories = Categories{};
  if (dataset_) {
    if (coloring.by == ColorBy::Clusters && clusters.result) {
      coloring.categories = categories_from_clustering(dataset_->embedding, *clusters.result);
    } else if (coloring.by == ColorBy::Metadata) {
      const auto& columns = dataset_->metadata_columns;
      const auto it = std::find(columns.begin(), columns.end(), coloring.metadata_column);
      if (it == columns.end()) {
        coloring.error = columns.empty() ? "this galaxy has no metadata columns (a projector TSV "
                                           "with a metadata.tsv beside it has)"
                                         : "no metadata column '" + coloring.metadata_column + "'";
      } else {
        coloring.categories =
            categorize(dataset_->metadata_values[std::size_t(it - columns.begin())]);
      }
    }
  }
  ++coloring_version_;
  touch_stars();
}

// [SECTION] Presentation

void AppState::set_presentation(bool on) {
  if (on == view.presentation) return;
  if (on) {
    view_before_presentation_ = view;
    // High contrast for projectors: a black sky without the gradient, and fewer ambient labels so
    // the words of the story stand out.
    view.background = glm::vec3(0.0f);
    view.draw_sky = false;
    view.label_count = std::min(view.label_count, 16);
  } else {
    const bool rotate = view.auto_rotate;
    view = view_before_presentation_;
    view.auto_rotate = rotate;
  }
  view.presentation = on;
  panels.hide_all = on;
}

// [SECTION] Compare two words

bool AppState::compare_words() {
  compare.result.reset();
  compare.error.clear();
  touch_stars();
  if (!dataset_ || !dataset_->index) {
    compare.error = "no galaxy is open";
    return false;
  }
  try {
    compare.result =
        galaxy::compare_words(*dataset_->index, trimmed(compare.a), trimmed(compare.b));
    return true;
  } catch (const std::exception& error) {
    compare.error = error.what();
    return false;
  }
}

void AppState::clear_compare() {
  compare.result.reset();
  compare.error.clear();
  touch_stars();
}

// [SECTION] Bookmarks

Bookmark AppState::capture_bookmark(const CameraPose& camera) const {
  Bookmark b;
  b.camera = camera;
  b.projection = projection_kind_name(projection.spec.kind);
  if (projection.spec.kind == ProjectionKind::Axes) b.axes = projection.spec.axes;
  if (dataset_ && selected_ >= 0) {
    b.selected_word = dataset_->word(static_cast<std::uint32_t>(selected_));
    b.name = b.selected_word;
  }
  b.neighbour_count = k_;
  b.search = search.query;
  if (analogy.solved()) {
    b.analogy.a = trimmed(analogy.a);
    b.analogy.b = trimmed(analogy.b);
    b.analogy.c = trimmed(analogy.c);
    b.analogy.include_inputs = analogy.include_inputs;
    b.analogy.method = analogy_method_name(analogy.method);
    b.name = b.analogy.a + " : " + b.analogy.b + " :: " + b.analogy.c + " : ?";
  }
  if (!expression.results.empty()) b.expression = expression.text;
  if (compare.result) {
    b.compare_a = trimmed(compare.a);
    b.compare_b = trimmed(compare.b);
  }
  if (!isolation.word.empty()) {
    b.isolate_word = isolation.word;
    b.isolate_k = isolation.k;
  }
  if (coloring.by == ColorBy::Clusters) {
    b.clusters = clusters.k;
    b.color_by = "clusters";
  } else if (coloring.by == ColorBy::Metadata) {
    b.color_by = coloring.metadata_column;
  }
  for (std::size_t i = 0; i < kBookmarkPanels.size(); ++i)
    b.panels[kBookmarkPanels[i]] = panels.*kPanelFlags[i];
  b.auto_rotate = view.auto_rotate;
  if (b.name.empty()) b.name = projection.spec.kind == ProjectionKind::Axes ? "axes" : "overview";
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
  if (spec.kind == ProjectionKind::Axes) projection.axes_text = spec.axes;
  if (!set_projection(spec, seconds)) problems.push_back(where + "projection: " + projection.error);

  if (b.neighbour_count > 0) set_neighbour_count(b.neighbour_count);
  if (b.selected_word.empty()) {
    select(-1);
  } else if (auto row = dataset_->embedding.find(b.selected_word)) {
    select(static_cast<std::int32_t>(*row));
  } else {
    select(-1);
    try {
      dataset_->embedding.require(b.selected_word);
    } catch (const std::exception& error) {
      problems.push_back(where + "selected word: " + error.what());
    }
  }
  set_search_query(b.search);

  if (b.analogy.a.empty()) {
    clear_analogy();
  } else {
    analogy.a = b.analogy.a;
    analogy.b = b.analogy.b;
    analogy.c = b.analogy.c;
    analogy.include_inputs = b.analogy.include_inputs;
    analogy.method = parse_analogy_method(b.analogy.method).value_or(AnalogyMethod::Add);
    if (!solve_analogy()) problems.push_back(where + "analogy: " + analogy.error);
  }
  if (b.expression.empty()) {
    clear_expression();
  } else {
    expression.text = b.expression;
    if (!evaluate_expression()) problems.push_back(where + "expression: " + expression.error);
  }
  if (b.compare_a.empty() || b.compare_b.empty()) {
    clear_compare();
  } else {
    compare.a = b.compare_a;
    compare.b = b.compare_b;
    if (!compare_words()) problems.push_back(where + "compare: " + compare.error);
  }
  if (b.isolate_word.empty()) {
    clear_isolation(seconds);
  } else if (auto row = dataset_->embedding.find(b.isolate_word)) {
    if (!isolate_neighbourhood(*row, b.isolate_k > 0 ? b.isolate_k : k_, seconds))
      problems.push_back(where + "isolate: " + isolation.error);
  } else {
    clear_isolation(seconds);
    problems.push_back(where + "isolate: unknown word '" + b.isolate_word + "'");
  }
  if (b.clusters > 0) clusters.k = b.clusters;
  if (b.color_by.empty()) {
    set_color_by(ColorBy::Scheme);
  } else if (b.color_by == "clusters") {
    set_color_by(ColorBy::Clusters);
  } else {
    set_color_by(ColorBy::Metadata, b.color_by);
    if (!coloring.error.empty()) problems.push_back(where + "color_by: " + coloring.error);
  }
  for (std::size_t i = 0; i < kBookmarkPanels.size(); ++i) {
    if (const auto it = b.panels.find(kBookmarkPanels[i]); it != b.panels.end())
      panels.*kPanelFlags[i] = it->second;
  }
  if (b.auto_rotate) view.auto_rotate = *b.auto_rotate;
  return problems;
}

Focus AppState::focus() const {
  Focus focus;
  if (!dataset_) return focus;
  if (!isolation.rows.empty()) {
    focus.rows = isolation.rows;
  } else if (analogy.row_a >= 0 && !analogy.results.empty()) {
    focus.rows = {std::uint32_t(analogy.row_a), std::uint32_t(analogy.row_b),
                  std::uint32_t(analogy.row_c), analogy.results.front().row};
  } else if (compare.result) {
    focus.rows = {compare.result->row_a, compare.result->row_b};
  } else if (selected_ >= 0) {
    focus.rows.push_back(std::uint32_t(selected_));
    for (const Neighbor& n : neighbours_) focus.rows.push_back(n.row);
    focus.centre = selected_;
  } else if (!expression.results.empty()) {
    focus.rows = expression.input_rows;
    focus.rows.push_back(expression.results.front().row);
  }
  return focus;
}

void AppState::frame_overview(OrbitCamera& camera, float aspect) const {
  const std::vector<glm::vec3>& points = target_positions();
  if (isolated()) {
    std::vector<glm::vec3> group;
    for (std::uint32_t row : isolation.rows) group.push_back(points[row]);
    camera.frame_points(group, aspect, 1.0f);
    camera.distance *= 1.1f;
    return;
  }
  if (projection.spec.kind != ProjectionKind::Axes) {
    camera.frame_points(points, aspect);
    return;
  }
  std::vector<glm::vec3> with_ends = points;
  const float end = kAxisGuideLength;
  for (int axis = 0; axis < 3; ++axis) {
    glm::vec3 tip(0.0f);
    tip[axis] = end;
    with_ends.push_back(tip);
    with_ends.push_back(-tip);
  }
  camera.frame_points_from(with_ends, aspect, kAxesYaw, kAxesPitch, 1.0f);
}

void AppState::face_projection(OrbitCamera& camera) const {
  if (projection.spec.kind != ProjectionKind::Axes) return;
  camera.yaw = kAxesYaw;
  camera.pitch = kAxesPitch;
}

// [SECTION] Star buffer

std::vector<render::Star> AppState::build_star_buffer() const {
  if (!dataset_) return {};
  const std::size_t rows = dataset_->rows();
  const std::uint64_t key = coloring_version_ * 16 + std::uint64_t(view.color_scheme);
  if (plain_stars_.size() != rows || plain_stars_key_ != key) {
    // Colours come from the galaxy's own PCA layout so a word keeps its colour in every projection.
    plain_stars_ = build_plain_stars(dataset_->positions, view.color_scheme);
    const Categories& categories = coloring.categories;
    if (coloring.by != ColorBy::Scheme && categories.category.size() == rows) {
      for (std::size_t r = 0; r < rows; ++r)
        plain_stars_[r].color = legend_color(categories, categories.category[r]);
    }
    plain_stars_key_ = key;
  }
  std::vector<render::Star> stars = plain_stars_;
  const std::vector<glm::vec3>& where = positions();
  for (std::size_t r = 0; r < rows; ++r) stars[r].position = where[r];
  if (isolated_mask_.size() == rows) {
    for (std::size_t r = 0; r < rows; ++r) {
      if (isolated_mask_[r]) continue;
      stars[r].brightness *= 0.18f;
      stars[r].size *= 0.6f;
    }
  }
  apply_highlights(stars, star_highlights());
  return stars;
}

StarHighlights AppState::star_highlights() const {
  StarHighlights highlights;
  highlights.selected = selected_;
  for (const Neighbor& n : neighbours_) highlights.neighbours.push_back(n.row);
  for (const SearchHit& hit : search.result.hits) {
    if (highlights.search_hits.size() >= 12) break;
    highlights.search_hits.push_back(hit.row);
  }
  if (analogy.row_a >= 0) {
    highlights.analogy_inputs = {static_cast<std::uint32_t>(analogy.row_a),
                                 static_cast<std::uint32_t>(analogy.row_b),
                                 static_cast<std::uint32_t>(analogy.row_c)};
    for (const Neighbor& n : analogy.results) highlights.analogy_answers.push_back(n.row);
  } else if (!expression.results.empty()) {
    highlights.analogy_inputs = expression.input_rows;
    for (const Neighbor& n : expression.results) highlights.analogy_answers.push_back(n.row);
  }
  return highlights;
}

OverlayInput AppState::overlay_input() const {
  OverlayInput input;
  input.highlights = star_highlights();
  input.hovered = hovered_;
  if (analogy.row_a >= 0) {
    input.analogy_a = analogy.row_a;
    input.analogy_b = analogy.row_b;
    input.analogy_c = analogy.row_c;
    if (!analogy.results.empty())
      input.analogy_answer = static_cast<std::int32_t>(analogy.results[0].row);
  }
  input.show_lines = view.show_lines;
  input.show_labels = view.show_labels;
  input.ambient_label_count = view.label_count;
  input.high_contrast = view.presentation;
  input.positions = &positions();
  if (isolated_mask_.size() == (dataset_ ? dataset_->rows() : 0) && !isolated_mask_.empty())
    input.ambient_eligible = &isolated_mask_;
  if (compare.result) {
    input.compare_a = static_cast<std::int32_t>(compare.result->row_a);
    input.compare_b = static_cast<std::int32_t>(compare.result->row_b);
  }
  if (projection.spec.kind == ProjectionKind::Axes && isolation.rows.empty() && dataset_) {
    // Axis guides: one line per axis through the origin, each end named by its terms ("woman" at
    // +, "man" at -). Semantic axes are not orthogonal in the embedding, but they are drawn along
    // X, Y and Z because that is where the coordinates put the words.
    static const glm::vec3 directions[3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    for (int i = 0; i < 3; ++i) {
      AxisGuide guide;
      guide.direction = directions[i];
      std::string positive, negative;
      try {
        for (const WeightedTerm& term : parse_expression(projection.spec.axes[std::size_t(i)])) {
          std::string& side = term.weight >= 0 ? positive : negative;
          side += (side.empty() ? "" : " + ") + term.word;
        }
      } catch (const std::exception&) {
        positive = projection.spec.axes[std::size_t(i)];
      }
      // "X+ woman" / "X- man": the axis letter tells axis names from the words around them.
      const std::string letter(1, "XYZ"[i]);
      guide.positive = letter + "+ " + positive;
      guide.negative = negative.empty() ? std::string() : letter + "- " + negative;
      input.axis_guides.push_back(guide);
    }
    input.axis_length = kAxisGuideLength;
  }
  return input;
}

FrameSettings AppState::frame_settings() const {
  FrameSettings settings;
  settings.star_size_px = view.star_size_px;
  settings.brightness = view.brightness;
  settings.depth_cueing = view.depth_cueing;
  settings.background = view.background;
  settings.draw_sky = view.draw_sky;
  return settings;
}

}  // namespace galaxy::app
