// AppState: everything the window shows and the panels change (selection, neighbours, search,
// analogy, expression, view settings, panel visibility); plain data + logic, no GL and no ImGui.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "app/state/search.h"
#include "geometry/analogy.h"
#include "geometry/cosine_index.h"

namespace galaxy::app {

struct ViewSettings {
  float star_size_px = 5.0f;
  float brightness = 1.0f;
  float depth_cueing = 0.5f;
  int label_count = 40;  // ambient labels (brightest/closest stars in view)
  ColorScheme color_scheme = ColorScheme::Nebula;
  glm::vec3 background{0.015f, 0.02f, 0.05f};
  bool auto_rotate = false;
  bool show_lines = true;
  bool show_labels = true;
  bool draw_sky = true;
};

struct PanelVisibility {
  bool search = true;
  bool neighbours = true;
  bool analogy = true;
  bool view = true;
  bool dataset = true;
  bool help = false;      // F1
  bool hide_all = false;  // Tab
};

struct AnalogyPreset {
  const char* a;
  const char* b;
  const char* c;
  const char* note;  // "gender", "capital", ...
};
// man:king::woman:?, paris:france::tokyo:?, walking:walked::swimming:?, good:better::bad:?, ...
const std::vector<AnalogyPreset>& analogy_presets();

struct AnalogyState {
  std::string a, b, c;
  AnalogyMethod method = AnalogyMethod::Add;
  bool include_inputs = false;
  int k = 10;
  std::vector<Neighbor> results;  // best first
  std::int32_t row_a = -1, row_b = -1, row_c = -1;
  std::string error;  // "unknown word 'kingg' (did you mean: king, kings?)"
  bool solved() const { return !results.empty(); }
};

struct ExpressionState {
  std::string text = "king - man + woman";
  int k = 10;
  bool include_inputs = false;
  std::vector<Neighbor> results;
  std::vector<std::uint32_t> input_rows;  // words of the expression that are in the vocabulary
  std::string error;
};

struct SearchState {
  std::string query;
  SearchResult result;
  int cursor = 0;  // highlighted hit (arrow keys)
};

class AppState {
 public:
  ViewSettings view;
  PanelVisibility panels;
  AnalogyState analogy;
  ExpressionState expression;
  SearchState search;

  // Replaces the galaxy; clears selection, hover and results (analogy/expression texts stay and are
  // solved again if they were solved before).
  void set_dataset(std::shared_ptr<const Dataset> dataset);
  const std::shared_ptr<const Dataset>& dataset_ptr() const { return dataset_; }
  const Dataset* dataset() const { return dataset_.get(); }

  // Selection and its k nearest neighbours (cosine in the full dimension, not 3D distance).
  void select(std::int32_t row);              // -1 clears
  void select_word(const std::string& word);  // throws DataError for unknown words
  std::int32_t selected() const { return selected_; }
  const std::vector<Neighbor>& neighbours() const { return neighbours_; }
  int neighbour_count() const { return k_; }
  void set_neighbour_count(int k);  // clamped to [1, 100]

  void set_hovered(std::int32_t row) { hovered_ = row; }
  std::int32_t hovered() const { return hovered_; }

  // Search as the user types; results in search.result.
  void set_search_query(const std::string& query);
  void move_search_cursor(int delta);
  // Row of the highlighted hit, or -1.
  std::int32_t search_cursor_row() const;

  // Solves analogy a:b::c:? with the current fields; on error fills analogy.error and clears
  // results.
  bool solve_analogy();
  void apply_preset(const AnalogyPreset& preset);  // fills the fields and solves
  void clear_analogy();
  bool evaluate_expression();
  void clear_expression();

  // The star-buffer highlights; the version changes whenever they (or the colour scheme) change, so
  // the window re-uploads stars only then.
  StarHighlights star_highlights() const;
  std::uint64_t stars_version() const { return stars_version_; }
  void touch_stars() { ++stars_version_; }

  // Overlay input for the scene builder from the current state.
  OverlayInput overlay_input() const;
  FrameSettings frame_settings() const;

 private:
  void refresh_neighbours();

  std::shared_ptr<const Dataset> dataset_;
  WordSearch word_search_;
  std::int32_t selected_ = -1;
  std::int32_t hovered_ = -1;
  int k_ = 12;
  std::vector<Neighbor> neighbours_;
  std::uint64_t stars_version_ = 1;
};

}  // namespace galaxy::app
