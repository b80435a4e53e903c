// AppState: everything the window shows and the panels change (selection, neighbours, search,
// analogy, expression, view settings, panel visibility); plain data + logic, no GL and no ImGui.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/state/background_job.h"
#include "app/state/bookmark.h"
#include "app/state/camera.h"
#include "app/state/categories.h"
#include "app/state/dataset.h"
#include "app/state/layout_animator.h"
#include "app/state/projection.h"
#include "app/state/scene_builder.h"
#include "app/state/search.h"
#include "geometry/analogy.h"
#include "geometry/cosine_index.h"
#include "geometry/kmeans.h"
#include "geometry/word_compare.h"

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
  // Presentation mode: panels hidden, large type, the tour caption at the bottom, high contrast.
  bool presentation = false;
};

struct PanelVisibility {
  bool search = true;
  bool neighbours = true;
  bool analogy = true;
  bool view = true;
  bool dataset = true;
  bool projection = true;  // projection, isolate, colours (clusters, metadata)
  bool compare = false;
  bool bookmarks = false;
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
  // Close spellings when nothing matches ("Did you mean"), found once per query and galaxy.
  std::vector<std::string> suggestions;
};

struct ProjectionState {
  ProjectionSpec spec;  // the projection shown (or being animated to)
  // The panel's axis fields; applied with set_projection. Defaults teach gender, wealth and size.
  std::array<std::string, 3> axes_text{"woman - man", "rich - poor", "big - small"};
  std::array<std::string, 3> axis_labels;  // of the projection shown ("PC1 12.3%", "woman - man")
  std::string error;                       // why the last set_projection failed ("" if it did not)
};

// Isolate: a constellation re-projected on its own (PCA of just those words); the rest fades.
struct IsolationState {
  std::vector<std::uint32_t> rows;  // empty: not isolated
  std::string description;          // "dog and 12 neighbours", "search 'bank'", "box: 87 words"
  std::string word;                 // the word whose neighbours were isolated ("" for other kinds)
  int k = 0;
  std::string error;
};

enum class ColorBy { Scheme, Clusters, Metadata };

// Spherical k-means on the full vectors, run on a worker thread (seconds for 341k words).
struct ClusterState {
  int k = 12;
  bool running = false;
  float progress = 0.0f;
  std::string error;
  std::optional<Clustering> result;  // for the current dataset
};

struct ColoringState {
  ColorBy by = ColorBy::Scheme;
  std::string metadata_column;  // ColorBy::Metadata
  Categories categories;        // the legend (clusters or metadata values)
  std::string error;
};

struct CompareState {
  std::string a = "cat";
  std::string b = "dog";
  std::optional<WordComparison> result;
  std::string error;
};

// Camera angles for semantic axes: nearly face-on, turned a little so Z still shows.
inline constexpr float kAxesYaw = 0.35f;
inline constexpr float kAxesPitch = 0.2f;

// Rows a camera should frame to show what the state shows (empty rows: the whole galaxy).
struct Focus {
  std::vector<std::uint32_t> rows;
  std::int32_t centre = -1;  // centre on this row (a selection) instead of the rows' middle
};

class AppState {
 public:
  AppState() = default;
  ~AppState();  // stops a running clustering
  AppState(const AppState&) = delete;
  AppState& operator=(const AppState&) = delete;

  ViewSettings view;
  PanelVisibility panels;
  AnalogyState analogy;
  ExpressionState expression;
  SearchState search;
  ProjectionState projection;
  IsolationState isolation;
  ClusterState clusters;
  ColoringState coloring;
  CompareState compare;

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

  // Projection: PCA of the raw vectors (the galaxy's own layout), PCA of unit vectors, or three
  // semantic axes. Stars ease to their new places over `seconds` (0 jumps). On error (an unknown
  // axis word) fills projection.error, keeps the current projection and returns false.
  bool set_projection(const ProjectionSpec& spec, float seconds = 1.2f);
  // Isolate `rows` (PCA of just them); fewer than 3 distinct rows fill isolation.error.
  bool isolate(std::vector<std::uint32_t> rows, std::string description, float seconds = 1.2f);
  bool isolate_selection(float seconds = 1.2f);  // the selected word and its neighbours
  bool isolate_search(float seconds = 1.2f);     // the search hits
  void clear_isolation(float seconds = 1.2f);
  bool isolated() const { return !isolation.rows.empty(); }

  // Where the stars are this frame (animated) and where they are heading.
  const std::vector<glm::vec3>& positions() const;
  const std::vector<glm::vec3>& target_positions() const;
  // The projection's whole-galaxy layout (world positions, world_per_unit, axis labels).
  const Layout& layout() const { return layout_; }
  bool animating() const { return animator_.animating(); }
  // Per frame: advances the projection animation and collects a finished clustering. True if the
  // stars changed.
  bool update(float dt);
  // Jumps to the end of any animation and waits for a running clustering (headless renders).
  void settle();

  // Colours: the scheme, the clusters (started on a worker thread if needed) or a metadata column.
  void set_color_by(ColorBy by, const std::string& metadata_column = {});
  void start_clusters(int k);  // restarts if running
  void cancel_clusters();

  // Presentation mode: panels hidden, a black sky without the gradient and fewer ambient labels
  // (the window enlarges the type); off restores the view settings from before (auto-rotate
  // excepted, which the presenter may have toggled).
  void set_presentation(bool on);

  // Compare two words (compare.a, compare.b): cosine, angle and both vectors.
  bool compare_words();
  void clear_compare();

  // Bookmarks: what the view shows, and back. apply_bookmark returns the problems it met (unknown
  // words, bad axes), each naming the field; the rest of the bookmark is still applied. Camera
  // moves are the caller's: use bookmark.camera, or focus() when it has none.
  Bookmark capture_bookmark(const CameraPose& camera) const;
  std::vector<std::string> apply_bookmark(const Bookmark& bookmark, float seconds = 1.2f);
  Focus focus() const;
  // The overview camera for the current projection: the whole galaxy from the default angles, or
  // nearly face-on for semantic axes so X reads left to right and Y bottom to top, axis ends
  // included; when isolated, the isolated constellation (it fills the galaxy's radius).
  void frame_overview(OrbitCamera& camera, float aspect) const;
  // Semantic axes read face-on: sets the camera's angles for them (other projections: unchanged).
  void face_projection(OrbitCamera& camera) const;

  // The star buffer: colours (scheme, clusters or metadata) from the galaxy's own PCA layout so a
  // word keeps its colour in every projection, positions from positions(), isolation fading and
  // highlights applied.
  std::vector<render::Star> build_star_buffer() const;

  // The star-buffer highlights; the version changes whenever they (or the colour scheme) change, so
  // the window re-uploads stars only then.
  StarHighlights star_highlights() const;
  std::uint64_t stars_version() const { return stars_version_; }
  // The colour scheme changes the stars, so it bumps their version itself (callers used to have to
  // remember touch_stars()).
  void set_color_scheme(ColorScheme scheme);
  void cycle_color_scheme();  // the C key

  // Overlay input for the scene builder from the current state.
  OverlayInput overlay_input() const;
  FrameSettings frame_settings() const;

 private:
  void touch_stars() { ++stars_version_; }
  void refresh_search();  // search.result, cursor and suggestions for search.query
  void refresh_neighbours();
  void refresh_coloring();
  // Isolates `row` and its k nearest words (the selection's or a bookmark's constellation).
  bool isolate_neighbourhood(std::uint32_t row, int k, float seconds);
  void reset_isolation();
  void retarget_layout(float seconds);
  void poll_clusters(bool wait);

  std::shared_ptr<const Dataset> dataset_;
  Layout layout_;  // the projection's full-galaxy layout (before isolation)
  LayoutAnimator animator_;
  std::vector<std::uint8_t> isolated_mask_;    // per row, when isolated
  std::vector<glm::vec3> isolated_positions_;  // local PCA of isolation.rows, in that order
  BackgroundJob<Clustering> cluster_job_;
  std::shared_ptr<const Dataset> cluster_dataset_;  // the galaxy the running job clusters
  // Plain star colours/sizes (no highlights), rebuilt only when the colouring changes (~40 ms for
  // 341k stars).
  mutable std::vector<render::Star> plain_stars_;
  mutable std::uint64_t plain_stars_key_ = 0;
  std::uint64_t coloring_version_ = 1;
  ViewSettings view_before_presentation_;
  WordSearch word_search_;
  std::int32_t selected_ = -1;
  std::int32_t hovered_ = -1;
  int k_ = 12;
  std::vector<Neighbor> neighbours_;
  std::uint64_t stars_version_ = 1;
};

}  // namespace galaxy::app
