// Analysis: what the user asks of the open galaxy (the selection and its neighbours, the hovered
// star, search, analogy, expression, compare) and the answers, solved against the Dataset's cosine
// index. GL-free. Every change goes through a method; each one that changes what the stars
// highlight bumps version() itself, so the star buffer is rebuilt exactly when it must be.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "app/state/search.h"
#include "geometry/analogy.h"
#include "geometry/cosine_index.h"
#include "geometry/word_compare.h"

namespace galaxy::app {

struct AnalogyPreset {
  const char* a;
  const char* b;
  const char* c;
  const char* note;  // "gender", "capital", ...
};
// man:king::woman:?, paris:france::tokyo:?, walking:walked::swimming:?, good:better::bad:?, ...
const std::vector<AnalogyPreset>& analogy_presets();

// What the user asks: a is to b as c is to ? (the words as typed; solving trims them).
struct AnalogyQuery {
  std::string a, b, c;
  AnalogyMethod method = AnalogyMethod::Add;
  bool include_inputs = false;
  int k = 10;
  bool operator==(const AnalogyQuery& o) const {
    return a == o.a && b == o.b && c == o.c && method == o.method &&
           include_inputs == o.include_inputs && k == o.k;
  }
  bool operator!=(const AnalogyQuery& o) const { return !(*this == o); }
};

struct AnalogyState {
  AnalogyQuery query;             // the query last solved (or tried)
  std::vector<Neighbor> results;  // best first
  std::int32_t row_a = -1, row_b = -1, row_c = -1;
  std::string error;  // "unknown word 'kingg' (did you mean: king, kings?)"
  bool solved() const { return !results.empty(); }
};

struct ExpressionQuery {
  std::string text = "king - man + woman";
  int k = 10;
  bool include_inputs = false;
  bool operator==(const ExpressionQuery& o) const {
    return text == o.text && k == o.k && include_inputs == o.include_inputs;
  }
  bool operator!=(const ExpressionQuery& o) const { return !(*this == o); }
};

struct ExpressionState {
  ExpressionQuery query;  // the expression last evaluated (or tried)
  std::vector<Neighbor> results;
  std::vector<std::uint32_t> input_rows;  // words of the expression that are in the vocabulary
  std::string error;
  bool evaluated() const { return !results.empty(); }
};

struct SearchState {
  std::string query;
  SearchResult result;
  int cursor = 0;  // highlighted hit (arrow keys)
  // Close spellings when nothing matches ("Did you mean"), found once per query and galaxy.
  std::vector<std::string> suggestions;
};

struct CompareQuery {
  std::string a = "cat";
  std::string b = "dog";
  bool operator==(const CompareQuery& o) const { return a == o.a && b == o.b; }
  bool operator!=(const CompareQuery& o) const { return !(*this == o); }
};

struct CompareState {
  CompareQuery query;  // the words last compared (or tried)
  std::optional<WordComparison> result;
  std::string error;
};

class Analysis {
 public:
  // A new galaxy: clears the selection, hover, search hits and answers; an analogy or expression
  // that was solved is solved again on the new galaxy (its words may be missing there: then its
  // error says so).
  void set_dataset(std::shared_ptr<const Dataset> dataset);

  // Selection and its k nearest neighbours (cosine in the full dimension, not 3D distance).
  void select(std::int32_t row);              // -1 (or a row out of range) clears
  void select_word(const std::string& word);  // throws DataError for unknown words
  std::int32_t selected() const { return selected_; }
  const std::vector<Neighbor>& neighbours() const { return neighbours_; }
  int neighbour_count() const { return k_; }
  void set_neighbour_count(int k);  // clamped to [1, 100]

  // The hovered star is drawn by the overlay only, so it does not bump version().
  void set_hovered(std::int32_t row) { hovered_ = row; }
  std::int32_t hovered() const { return hovered_; }

  // Search as the user types (hits, cursor back to the first hit, "Did you mean" spellings).
  const SearchState& search() const { return search_; }
  void set_search_query(const std::string& query);
  void move_search_cursor(int delta);      // clamped to the hits
  void set_search_cursor(int index);       // clamped to the hits
  std::int32_t search_cursor_row() const;  // the highlighted hit's row, or -1

  // Solves a:b::c:?; on error fills analogy().error, clears the answers and returns false.
  const AnalogyState& analogy() const { return analogy_; }
  bool solve_analogy(const AnalogyQuery& query);
  bool apply_preset(const AnalogyPreset& preset);  // the preset's words, the other options kept
  void clear_analogy();                            // the query stays (the panel shows it)

  const ExpressionState& expression() const { return expression_; }
  bool evaluate_expression(const ExpressionQuery& query);
  void clear_expression();

  // Two words: cosine, angle and both vectors.
  const CompareState& compare() const { return compare_; }
  bool compare_words(const CompareQuery& query);
  void clear_compare();

  // Bumped by every change to what the stars highlight (selection, neighbours, search hits,
  // analogy and expression answers, compared words).
  std::uint64_t version() const { return version_; }

  StarHighlights star_highlights() const;
  // Rows the camera should frame to show the answers (analogy, compare, selection, expression, in
  // that order); empty when nothing is asked. `centre`: the selection, when it is what is shown.
  std::vector<std::uint32_t> focus_rows(std::int32_t* centre) const;

 private:
  void changed() { ++version_; }
  void refresh_search();
  void refresh_neighbours();

  std::shared_ptr<const Dataset> dataset_;
  WordSearch word_search_;
  std::int32_t selected_ = -1;
  std::int32_t hovered_ = -1;
  int k_ = 12;
  std::vector<Neighbor> neighbours_;
  SearchState search_;
  AnalogyState analogy_;
  ExpressionState expression_;
  CompareState compare_;
  std::uint64_t version_ = 1;
};

// Text without leading and trailing white space (what solving uses of a typed word).
std::string trimmed(const std::string& text);

}  // namespace galaxy::app
