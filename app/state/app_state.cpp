// AppState: selection/neighbours, search, analogy and expression solving against the open Dataset.
#include "app/state/app_state.h"

#include <algorithm>

#include "geometry/expression.h"

namespace galaxy::app {

namespace {

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

void AppState::set_dataset(std::shared_ptr<const Dataset> dataset) {
  dataset_ = std::move(dataset);
  word_search_ = dataset_ ? WordSearch(dataset_->embedding.words()) : WordSearch();
  selected_ = -1;
  hovered_ = -1;
  neighbours_.clear();
  search.result = word_search_.find(search.query);
  search.cursor = 0;
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
  search.result = word_search_.find(trimmed(query));
  search.cursor = 0;
  if (old_hits_key != query) touch_stars();
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
