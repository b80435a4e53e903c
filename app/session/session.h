// The GL-free session: what one viewer of a galaxy has, whether the window shows it or
// `galaxy render` draws it. It owns the app state, the camera, the bookmark list, the tour player
// and the status note, and does the jobs both need the same way (flying to what the state shows,
// bookmarks and tours, exports). The window adds input, ImGui and GL around it; render adds an
// offscreen target.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "app/session/panel_drafts.h"
#include "app/state/app_state.h"
#include "app/state/bookmark.h"
#include "app/state/camera.h"
#include "app/state/tour.h"

namespace galaxy::session {

enum class ExportKind { Neighbours, Analogy, Expression, Projection };

// The bookmark list the Bookmarks panel shows; saved as a tour file (app/state/bookmark.h).
struct Bookmarks {
  app::Tour tour;
  std::string path = "bookmarks.tour.json";  // where Save writes
  bool overwrite = false;                    // Save may replace an existing file
  std::string tour_path;                     // text of the "open tour" field
  std::size_t current = 0;                   // the step a playing tour shows
  bool playing = false;                      // a tour is playing (captions, next/previous keys)
  bool auto_advance = false;                 // steps advance after their duration
};

// A short-lived note in the bottom-left corner (screenshot saved, export written, tour problems).
struct StatusNote {
  std::string text;
  bool error = false;
  double shown_until = 0.0;  // Session::clock() seconds
};

class Session {
 public:
  app::AppState& state() { return state_; }
  const app::AppState& state() const { return state_; }
  app::OrbitCamera& camera() { return camera_; }
  const app::OrbitCamera& camera() const { return camera_; }
  Bookmarks& bookmarks() { return bookmarks_; }
  const Bookmarks& bookmarks() const { return bookmarks_; }
  // The panels' text fields (drafts of the state's queries; see panel_drafts.h).
  PanelDrafts& drafts() { return drafts_; }
  const app::TourPlayer& tour_player() const { return tour_player_; }
  const StatusNote& status() const { return note_; }
  double clock() const { return clock_; }

  // The picture's width / height, for framing (the window sets it every frame).
  void set_aspect(float aspect) { aspect_ = aspect > 0.0f ? aspect : aspect_; }
  float aspect() const { return aspect_; }

  // A note for the status corner (and stderr, unless echo is off): 6 s, errors 10 s.
  void note(std::string text, bool error = false);
  void set_echo_notes(bool echo) { echo_notes_ = echo; }
  // Whether a playing tour's caption is drawn (render --no-captions: not), so framing leaves it
  // room.
  void set_captions_shown(bool shown) { captions_shown_ = shown; }

  // [Camera] Flights to what the state shows; during a tour the picture leaves room for the
  // caption. Both use app/state/framing.h, as galaxy render does.
  void go_to_word(std::uint32_t row);  // selects it and flies to it and its neighbours
  void fly_to_rows(const std::vector<std::uint32_t>& rows, std::int32_t centre_row);
  void frame_analogy();
  void frame_expression();
  void frame_focus();
  void reset_view();  // the whole galaxy (Home)

  // [Bookmarks and tours]
  void add_bookmark();
  // Shows bookmark `index` (while a tour plays: jumps the tour there) and flies to it. Returns what
  // of it could not be shown (unknown words...), which is also the note.
  std::vector<std::string> restore_bookmark(std::size_t index);
  void remove_bookmark(std::size_t index);
  void save_bookmarks();
  void open_tour(const std::string& path);
  void start_tour(app::Tour tour);
  void stop_tour();
  bool next_step();      // a playing tour's next step; false at the end
  bool previous_step();  // a playing tour's previous step; false at the start
  // Shows bookmark `step` (0-based) of `file` as it will look once arrived (no flight): scripted
  // screenshots. Returns "" or why it cannot.
  std::string show_bookmark_now(const std::string& file, std::size_t step);
  std::vector<std::string> show_tour_step_now(std::size_t step);

  // [Exports] Writes the TSV of `kind` into `folder` under a new name; the note says where.
  void export_tsv(ExportKind kind, const std::string& folder);

  // Camera flight, auto-rotation, layout animation, tour auto-advance and the note's clock.
  void update(float dt);
  // Ends every animation now (scripted views want the end of the flight, not the middle).
  void arrive();

 private:
  std::vector<std::string> show_tour_step();

  app::AppState state_;
  PanelDrafts drafts_;
  app::OrbitCamera camera_;
  Bookmarks bookmarks_;
  app::TourPlayer tour_player_;
  StatusNote note_;
  double clock_ = 0.0;
  float aspect_ = 16.0f / 9.0f;
  bool echo_notes_ = true;
  bool captions_shown_ = true;
};

}  // namespace galaxy::session
