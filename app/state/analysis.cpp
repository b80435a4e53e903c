// Analysis: selection/neighbours, search, analogy, expression and compare against the open Dataset.
#include "app/state/analysis.h"

#include <algorithm>
#include <utility>

#include "geometry/expression.h"

namespace galaxy::app {

std::string trimmed(const std::string& text) {
  const auto begin = text.find_first_not_of(" \t\r\n");
  if (begin == std::string::npos) return {};
  const auto end = text.find_last_not_of(" \t\r\n");
  return text.substr(begin, end - begin + 1);
}

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

void Analysis::set_dataset(std::shared_ptr<const Dataset> dataset) {
  dataset_ = std::move(dataset);
  word_search_ = dataset_ ? WordSearch(dataset_->embedding.words()) : WordSearch();
  selected_ = -1;
  hovered_ = -1;
  neighbours_.clear();
  refresh_search();
  compare_.result.reset();
  compare_.error.clear();
  const bool had_analogy = analogy_.solved();
  clear_analogy();
  if (had_analogy) solve_analogy(AnalogyQuery(analogy_.query));
  const bool had_expression = expression_.evaluated();
  clear_expression();
  if (had_expression) evaluate_expression(ExpressionQuery(expression_.query));
  changed();
}

void Analysis::select(std::int32_t row) {
  if (!dataset_ || row < 0 || static_cast<std::size_t>(row) >= dataset_->rows()) row = -1;
  if (row == selected_) return;
  selected_ = row;
  refresh_neighbours();
  changed();
}

void Analysis::select_word(const std::string& word) {
  if (!dataset_) throw DataError("no galaxy is open");
  select(static_cast<std::int32_t>(dataset_->embedding.require(trimmed(word))));
}

void Analysis::set_neighbour_count(int k) {
  k = std::clamp(k, 1, 100);
  if (k == k_) return;
  k_ = k;
  refresh_neighbours();
  changed();
}

void Analysis::refresh_neighbours() {
  neighbours_.clear();
  if (!dataset_ || selected_ < 0 || !dataset_->index) return;
  neighbours_ = dataset_->index->nearest_to_word(static_cast<std::uint32_t>(selected_),
                                                 static_cast<std::size_t>(k_));
}

// [SECTION] Search

void Analysis::set_search_query(const std::string& query) {
  const bool new_hits = query != search_.query;
  search_.query = query;
  refresh_search();
  if (new_hits) changed();
}

void Analysis::refresh_search() {
  const std::string query = trimmed(search_.query);
  search_.result = word_search_.find(query);
  search_.cursor = 0;
  search_.suggestions.clear();
  if (dataset_ && search_.result.no_match())
    search_.suggestions = dataset_->embedding.close_spellings(query, 5);
}

void Analysis::move_search_cursor(int delta) {
  set_search_cursor(search_.cursor + delta);
}

void Analysis::set_search_cursor(int index) {
  const int count = static_cast<int>(search_.result.hits.size());
  search_.cursor = count == 0 ? 0 : std::clamp(index, 0, count - 1);
}

std::int32_t Analysis::search_cursor_row() const {
  const auto& hits = search_.result.hits;
  if (search_.cursor < 0 || static_cast<std::size_t>(search_.cursor) >= hits.size()) return -1;
  return static_cast<std::int32_t>(hits[static_cast<std::size_t>(search_.cursor)].row);
}

// [SECTION] Analogy and expression

bool Analysis::solve_analogy(const AnalogyQuery& query) {
  analogy_ = AnalogyState{};
  analogy_.query = query;
  changed();
  if (!dataset_) {
    analogy_.error = "no galaxy is open";
    return false;
  }
  try {
    const Embedding& embedding = dataset_->embedding;
    const std::string a = trimmed(query.a), b = trimmed(query.b), c = trimmed(query.c);
    if (a.empty() || b.empty() || c.empty())
      throw DataError("fill in all three words: A is to B as C is to ?");
    const std::uint32_t row_a = embedding.require(a);
    const std::uint32_t row_b = embedding.require(b);
    const std::uint32_t row_c = embedding.require(c);
    AnalogyOptions options;
    options.method = query.method;
    options.k = static_cast<std::size_t>(std::max(query.k, 1));
    options.include_inputs = query.include_inputs;
    analogy_.results = galaxy::solve_analogy(*dataset_->index, row_a, row_b, row_c, options);
    analogy_.row_a = static_cast<std::int32_t>(row_a);
    analogy_.row_b = static_cast<std::int32_t>(row_b);
    analogy_.row_c = static_cast<std::int32_t>(row_c);
    if (analogy_.results.empty()) analogy_.error = "no answer (the vocabulary is too small)";
    return !analogy_.results.empty();
  } catch (const std::exception& error) {
    analogy_.error = error.what();
    return false;
  }
}

bool Analysis::apply_preset(const AnalogyPreset& preset) {
  AnalogyQuery query = analogy_.query;
  query.a = preset.a;
  query.b = preset.b;
  query.c = preset.c;
  return solve_analogy(query);
}

void Analysis::clear_analogy() {
  AnalogyQuery query = std::move(analogy_.query);
  analogy_ = AnalogyState{};
  analogy_.query = std::move(query);
  changed();
}

bool Analysis::evaluate_expression(const ExpressionQuery& query) {
  expression_ = ExpressionState{};
  expression_.query = query;
  changed();
  if (!dataset_) {
    expression_.error = "no galaxy is open";
    return false;
  }
  try {
    const auto terms = parse_expression(query.text);
    for (const auto& term : terms)
      if (auto row = dataset_->embedding.find(term.word)) expression_.input_rows.push_back(*row);
    expression_.results = galaxy::evaluate_expression(
        *dataset_->index, terms, static_cast<std::size_t>(query.k), query.include_inputs);
    return true;
  } catch (const std::exception& error) {
    expression_.error = error.what();
    expression_.input_rows.clear();
    return false;
  }
}

void Analysis::clear_expression() {
  ExpressionQuery query = std::move(expression_.query);
  expression_ = ExpressionState{};
  expression_.query = std::move(query);
  changed();
}

// [SECTION] Compare two words

bool Analysis::compare_words(const CompareQuery& query) {
  compare_.query = query;
  compare_.result.reset();
  compare_.error.clear();
  changed();
  if (!dataset_ || !dataset_->index) {
    compare_.error = "no galaxy is open";
    return false;
  }
  try {
    compare_.result = galaxy::compare_words(*dataset_->index, trimmed(query.a), trimmed(query.b));
    return true;
  } catch (const std::exception& error) {
    compare_.error = error.what();
    return false;
  }
}

void Analysis::clear_compare() {
  compare_.result.reset();
  compare_.error.clear();
  changed();
}

// [SECTION] Highlights and focus

StarHighlights Analysis::star_highlights() const {
  StarHighlights highlights;
  highlights.selected = selected_;
  for (const Neighbor& n : neighbours_) highlights.neighbours.push_back(n.row);
  for (const SearchHit& hit : search_.result.hits) {
    if (highlights.search_hits.size() >= 12) break;
    highlights.search_hits.push_back(hit.row);
  }
  if (analogy_.row_a >= 0) {
    highlights.analogy_inputs = {static_cast<std::uint32_t>(analogy_.row_a),
                                 static_cast<std::uint32_t>(analogy_.row_b),
                                 static_cast<std::uint32_t>(analogy_.row_c)};
    for (const Neighbor& n : analogy_.results) highlights.analogy_answers.push_back(n.row);
  } else if (expression_.evaluated()) {
    highlights.analogy_inputs = expression_.input_rows;
    for (const Neighbor& n : expression_.results) highlights.analogy_answers.push_back(n.row);
  }
  return highlights;
}

std::vector<std::uint32_t> Analysis::focus_rows(std::int32_t* centre) const {
  if (centre) *centre = -1;
  if (!dataset_) return {};
  if (analogy_.row_a >= 0 && analogy_.solved())
    return {std::uint32_t(analogy_.row_a), std::uint32_t(analogy_.row_b),
            std::uint32_t(analogy_.row_c), analogy_.results.front().row};
  if (compare_.result) return {compare_.result->row_a, compare_.result->row_b};
  if (selected_ >= 0) {
    std::vector<std::uint32_t> rows{std::uint32_t(selected_)};
    for (const Neighbor& n : neighbours_) rows.push_back(n.row);
    if (centre) *centre = selected_;
    return rows;
  }
  if (expression_.evaluated()) {
    std::vector<std::uint32_t> rows = expression_.input_rows;
    rows.push_back(expression_.results.front().row);
    return rows;
  }
  return {};
}

}  // namespace galaxy::app
