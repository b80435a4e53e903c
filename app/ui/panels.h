// Dear ImGui panels (Search, Neighbours, Analogy, View, Dataset, help): they read and change
// AppState and ask the window for actions (fly to a word, open a file, save a screenshot) through
// callbacks.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/session/session.h"
#include "app/state/app_state.h"

namespace galaxy::ui {

// The session's bookmark list, note and export kinds, as the panels show them.
using ExportKind = session::ExportKind;
using BookmarksView = session::Bookmarks;
using StatusNote = session::StatusNote;

// What the panels ask the window to do.
struct PanelActions {
  std::function<void(std::uint32_t row)> go_to_word;  // select the word and fly to it
  std::function<void()> frame_analogy;                // fly so A, B, C and the answer are in view
  std::function<void()> frame_expression;
  std::function<void()> reset_view;
  std::function<void(const std::string& path)> open_file;
  std::function<void()> save_screenshot;
  std::function<void()> frame_focus;  // fly so what the state shows (isolation, compare...) fits
  std::function<void(ExportKind kind)> export_tsv;
  // Bookmarks and tours (BookmarksView): add the current view, restore one (flies there), remove,
  // save the list to a file, open a tour file.
  std::function<void()> add_bookmark;
  std::function<void(std::size_t index)> restore_bookmark;
  std::function<void(std::size_t index)> remove_bookmark;
  std::function<void()> save_bookmarks;
  std::function<void(const std::string& path)> open_tour;
  std::function<void(bool play)>
      play_bookmarks;  // play the list as a tour (captions, keys) or stop
};

struct ScreenshotSettings;
// The actions that are the session's jobs (flights, exports into the screenshot folder, bookmarks
// and tours); open_file and save_screenshot are the window's to fill in.
PanelActions session_actions(session::Session& session, const ScreenshotSettings& screenshot);

// Screenshot options (View panel) and the outcome of the last one.
struct ScreenshotSettings {
  bool include_panels = true;  // only at window size; larger images never include panels
  int size_choice = 0;         // index into screenshot_sizes()
  int custom_width = 3840;
  int custom_height = 2160;
  bool transparent = false;
  std::string directory = ".";
  std::string last_path;  // shown in the window after saving
  std::string last_error;
  double shown_until = 0.0;  // ImGui time until which the "saved" note is shown
};

struct ScreenshotSize {
  const char* name;
  int width;  // 0: window size; -1: custom
  int height;
};
const std::vector<ScreenshotSize>& screenshot_sizes();

// One screenshot to take: its size, whether the panels are in it, where it goes.
struct ScreenshotJob {
  glm::ivec2 size{0};  // 0: window framebuffer size
  bool include_panels = false;
  bool transparent = false;
  std::string exact_path;  // --screenshot: write here (never over an existing file), then close
};
// The job the View panel's settings ask for (F12, "Save PNG"); a playing tour's caption is part of
// a window-size picture.
ScreenshotJob screenshot_job(const ScreenshotSettings& settings, bool tour_playing);

// The loader's state for the Dataset panel.
struct LoadingView {
  bool busy = false;
  float progress = 0.0f;
  std::string stage;
  std::string path;
  std::string error;  // the last failed load ("" if none)
};

struct PanelContext {
  app::AppState& state;
  session::PanelDrafts& drafts;  // the text fields' contents (synced by draw_panels)
  const PanelActions& actions;
  ScreenshotSettings& screenshot;
  const LoadingView& loading;
  std::string& open_path;  // text of the Dataset panel's path field
  BookmarksView& bookmarks;
  float ui_scale = 1.0f;      // content scale: panel sizes and positions multiply by it
  bool focus_search = false;  // put the keyboard in the search field this frame (Ctrl+F)
  bool dataset_only = false;  // no galaxy yet: only the Dataset panel makes sense
  // Filled with the screen rectangles of the panels drawn (ImGui pixels: min x, min y, max x, max
  // y), so labels can keep clear of them.
  std::vector<glm::vec4> panel_rects;
};

// All visible panels (honours state.panels(), including hide_all).
void draw_panels(PanelContext& context);

// F1: centred list of shortcuts.
void draw_help_overlay(app::AppState& state, float ui_scale);

// Big centred message when there is no galaxy yet (loading or failed).
void draw_empty_sky_message(const LoadingView& loading);

// The short-lived note in the bottom-left corner, drawn even when panels are hidden.
void draw_status_note(const StatusNote& note, double now);  // now: Session::clock()

// The panels of app/ui/explore_panels.cpp (drawn by draw_panels).
void draw_projection_panel(PanelContext& context);  // projection, semantic axes, isolate, colours
void draw_compare_panel(PanelContext& context);     // two words: cosine, angle, heat strip
void draw_bookmarks_panel(PanelContext& context);   // bookmarks and tours

// A playing tour's step line (step number, name, keys) under its caption, which the renderer draws
// (app::build_overlay_with_caption, the layout of galaxy render's slides); larger in presentation
// mode. Its rectangle goes into `rects` (when given), so labels keep clear of it.
void draw_tour_caption(const BookmarksView& bookmarks, float ui_scale, bool presentation,
                       std::vector<glm::vec4>* rects = nullptr);

// Tooltip-like label near the cursor for the hovered star.
void draw_hover_tooltip(const app::AppState& state);

}  // namespace galaxy::ui
