// AppState: everything the window shows and the panels change, in owned parts (analysis, sky
// layout, colouring) plus view settings and panel visibility; plain data + logic, no GL and no
// ImGui.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/state/analysis.h"
#include "app/state/bookmark.h"
#include "app/state/camera.h"
#include "app/state/coloring.h"
#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "app/state/sky_layout.h"

namespace galaxy::app {

struct ViewSettings {
  float star_size_px = 5.0f;
  float brightness = 1.0f;
  float depth_cueing = 0.5f;
  int label_count = 40;  // ambient labels (brightest/closest stars in view)
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

// Rows a camera should frame to show what the state shows (empty rows: the whole galaxy).
struct Focus {
  std::vector<std::uint32_t> rows;
  std::int32_t centre = -1;  // centre on this row (a selection) instead of the rows' middle
};

// The app state, in parts with an owner each: Analysis (what is asked and answered), SkyLayout
// (where the stars are), Coloring (what colours them), plus the view settings and panel visibility.
// The parts are changed only through their methods, which keep their own rules; AppState holds what
// spans them (a new galaxy, bookmarks, the star buffer and overlay, the camera's focus).
class AppState {
 public:
  AppState() = default;
  AppState(const AppState&) = delete;
  AppState& operator=(const AppState&) = delete;

  // Replaces the galaxy in every part: clears selection, hover and results (analogy/expression
  // queries stay and are solved again if they were solved before).
  void set_dataset(std::shared_ptr<const Dataset> dataset);
  const std::shared_ptr<const Dataset>& dataset_ptr() const { return dataset_; }
  const Dataset* dataset() const { return dataset_.get(); }

  Analysis& analysis() { return analysis_; }
  const Analysis& analysis() const { return analysis_; }
  SkyLayout& sky() { return sky_; }
  const SkyLayout& sky() const { return sky_; }
  Coloring& coloring() { return coloring_; }
  const Coloring& coloring() const { return coloring_; }

  const ViewSettings& view() const { return view_; }
  // Sliders are clamped to their ranges; `presentation` is set_presentation's.
  void set_view(const ViewSettings& view);
  // One switch of the view (auto_rotate, show_lines, show_labels, draw_sky), e.g.
  // set_view_flag(&ViewSettings::auto_rotate, true).
  void set_view_flag(bool ViewSettings::*flag, bool on);
  const PanelVisibility& panels() const { return panels_; }
  void set_panels(const PanelVisibility& panels) { panels_ = panels; }
  void set_panel(bool PanelVisibility::*panel, bool shown) { panels_.*panel = shown; }
  // Presentation mode: panels hidden, a black sky without the gradient and fewer ambient labels
  // (the window enlarges the type); off restores the view settings from before (auto-rotate
  // excepted, which the presenter may have toggled).
  void set_presentation(bool on);

  // Isolate the selected word and its neighbours, or the search hits (spans analysis and layout).
  bool isolate_selection(float seconds = 1.2f);
  bool isolate_search(float seconds = 1.2f);

  // Per frame: advances the projection animation and collects a finished clustering. True if the
  // stars or the legend changed.
  bool update(float dt);
  // Jumps to the end of any animation and waits for a running clustering (headless renders).
  void settle();

  // Bookmarks: what the view shows, and back. apply_bookmark returns the problems it met (unknown
  // words, bad axes), each naming the field; the rest of the bookmark is still applied. Camera
  // moves are the caller's: use bookmark.camera, or focus() when it has none.
  Bookmark capture_bookmark(const CameraPose& camera) const;
  std::vector<std::string> apply_bookmark(const Bookmark& bookmark, float seconds = 1.2f);
  Focus focus() const;

  // The star buffer: colours from the colouring (a word keeps its colour in every projection),
  // positions from the sky layout, isolation fading and the analysis' highlights applied.
  std::vector<render::Star> build_star_buffer() const;
  StarHighlights star_highlights() const { return analysis_.star_highlights(); }
  // Changes whenever the star buffer would: the parts bump their own versions, this adds them up
  // (each only grows, so the sum changes exactly when one of them does).
  std::uint64_t stars_version() const {
    return analysis_.version() + sky_.version() + coloring_.version() + dataset_version_;
  }

  // Overlay input for the scene builder from the current state.
  OverlayInput overlay_input() const;
  FrameSettings frame_settings() const;

 private:
  std::shared_ptr<const Dataset> dataset_;
  Analysis analysis_;
  SkyLayout sky_;
  Coloring coloring_;
  ViewSettings view_;
  PanelVisibility panels_;
  ViewSettings view_before_presentation_;
  std::uint64_t dataset_version_ = 0;
};

}  // namespace galaxy::app
