// The GL-free session shared by the window and `galaxy render` (see session.h).
//
// [SECTION] Notes
// [SECTION] Camera
// [SECTION] Bookmarks and tours
// [SECTION] Exports
// [SECTION] Time
#include "app/session/session.h"

#include <cstdio>
#include <exception>
#include <utility>

#include "app/state/exports.h"
#include "app/state/framing.h"

namespace galaxy::session {

// [SECTION] Notes

void Session::note(std::string text, bool error) {
  if (echo_notes_) std::fprintf(stderr, "%s%s\n", error ? "error: " : "", text.c_str());
  note_.text = std::move(text);
  note_.error = error;
  note_.shown_until = clock_ + (error ? 10.0 : 6.0);
}

// [SECTION] Camera

void Session::go_to_word(std::uint32_t row) {
  const app::Dataset* dataset = state_.dataset();
  if (!dataset || row >= dataset->rows()) return;
  state_.analysis().select(static_cast<std::int32_t>(row));
  std::vector<std::uint32_t> rows{row};
  for (const Neighbor& n : state_.analysis().neighbours()) rows.push_back(n.row);
  fly_to_rows(rows, std::int32_t(row));
}

void Session::fly_to_rows(const std::vector<std::uint32_t>& rows, std::int32_t centre_row) {
  if (!state_.dataset() || rows.empty()) return;
  camera_.fly_to_pose(app::frame_rows(state_, camera_, rows, centre_row, bookmarks_.playing).pose(),
                      1.2f);
}

void Session::frame_analogy() {
  const app::AnalogyState& a = state_.analysis().analogy();
  if (a.row_a < 0 || a.results.empty()) return;
  fly_to_rows({std::uint32_t(a.row_a), std::uint32_t(a.row_b), std::uint32_t(a.row_c),
               a.results.front().row},
              -1);
}

void Session::frame_expression() {
  const app::ExpressionState& e = state_.analysis().expression();
  if (e.results.empty()) return;
  std::vector<std::uint32_t> rows = e.input_rows;
  rows.push_back(e.results.front().row);
  fly_to_rows(rows, -1);
}

void Session::frame_focus() {
  if (!state_.dataset()) return;
  camera_.fly_to_pose(app::frame_focus(state_, camera_, aspect_, bookmarks_.playing).pose(), 1.2f);
}

void Session::reset_view() {
  if (!state_.dataset()) return;
  app::OrbitCamera overview = camera_;
  state_.sky().frame_overview(overview, aspect_);
  camera_.fly_to_pose(overview.pose(), 1.2f);
}

// [SECTION] Bookmarks and tours

void Session::add_bookmark() {
  if (!state_.dataset()) return;
  app::Bookmark bookmark = state_.capture_bookmark(camera_.pose());
  bookmark.name = std::to_string(bookmarks_.tour.steps.size() + 1) + " " + bookmark.name;
  bookmarks_.tour.steps.push_back(std::move(bookmark));
  state_.set_panel(&app::PanelVisibility::bookmarks, true);
  if (bookmarks_.playing) {
    // The playing tour gets the new step too, and stays where it is.
    const std::size_t current = tour_player_.index();
    tour_player_.load(bookmarks_.tour);
    tour_player_.go_to(current);
  }
  note("bookmarked: " + bookmarks_.tour.steps.back().name);
}

std::vector<std::string> Session::restore_bookmark(std::size_t index) {
  if (bookmarks_.playing && index < tour_player_.size()) {
    tour_player_.go_to(index);  // a playing tour jumps there and goes on from it
    index = tour_player_.index();
  }
  if (index >= bookmarks_.tour.steps.size() || !state_.dataset()) return {};
  bookmarks_.current = index;
  const app::Bookmark& bookmark = bookmarks_.tour.steps[index];
  const bool bookmarks_panel_open = state_.panels().bookmarks;
  const std::vector<std::string> problems = state_.apply_bookmark(bookmark);
  // The list being clicked stays on screen, whatever panels the bookmark recorded.
  if (bookmarks_panel_open) state_.set_panel(&app::PanelVisibility::bookmarks, true);
  // In a tour each step says whether it turns: a step without auto_rotate holds still, so a
  // rotating overview does not keep spinning through the steps that follow it.
  if (bookmarks_.playing && !bookmark.auto_rotate)
    state_.set_view_flag(&app::ViewSettings::auto_rotate, false);
  if (!problems.empty()) {
    std::string text;
    for (const std::string& problem : problems) text += (text.empty() ? "" : "\n") + problem;
    note(text, true);
  }
  if (bookmarks_.playing)  // the same camera as galaxy render --tour gives this step
    camera_.fly_to_pose(
        app::frame_tour_step(state_, bookmark, camera_, aspect_, captions_shown_).pose(),
        bookmark.camera ? 1.5f : 1.2f);
  else if (bookmark.camera)
    camera_.fly_to_pose(*bookmark.camera, 1.5f);
  else
    frame_focus();
  // Presentation keeps its panels hidden whatever the bookmark says.
  if (state_.view().presentation) state_.set_panel(&app::PanelVisibility::hide_all, true);
  return problems;
}

void Session::remove_bookmark(std::size_t index) {
  auto& steps = bookmarks_.tour.steps;
  if (index < steps.size()) steps.erase(steps.begin() + std::ptrdiff_t(index));
  if (bookmarks_.playing) stop_tour();
}

void Session::save_bookmarks() {
  try {
    app::write_tour(bookmarks_.path, bookmarks_.tour, bookmarks_.overwrite);
    note("saved " + std::to_string(bookmarks_.tour.steps.size()) + " bookmarks to " +
         bookmarks_.path);
  } catch (const std::exception& error) {
    note(error.what(), true);
  }
}

void Session::open_tour(const std::string& path) {
  try {
    start_tour(app::read_tour(path));
  } catch (const std::exception& error) {
    note(error.what(), true);
  }
}

void Session::start_tour(app::Tour tour) {
  if (tour.steps.empty()) {
    bookmarks_.playing = false;
    return note("the tour has no steps", true);
  }
  bookmarks_.tour = std::move(tour);
  tour_player_.load(bookmarks_.tour);
  bookmarks_.playing = true;
  bookmarks_.current = 0;
  show_tour_step();
}

void Session::stop_tour() {
  bookmarks_.playing = false;
  tour_player_.pause();
}

std::vector<std::string> Session::show_tour_step() {
  bookmarks_.current = tour_player_.index();
  return restore_bookmark(bookmarks_.current);
}

bool Session::next_step() {
  if (!bookmarks_.playing || !tour_player_.next()) return false;
  show_tour_step();
  return true;
}

bool Session::previous_step() {
  if (!bookmarks_.playing || !tour_player_.previous()) return false;
  show_tour_step();
  return true;
}

std::string Session::show_bookmark_now(const std::string& file, std::size_t step) {
  try {
    bookmarks_.tour = app::read_tour(file);
  } catch (const std::exception& error) {
    return error.what();
  }
  if (step >= bookmarks_.tour.steps.size())
    return file + ": has " + std::to_string(bookmarks_.tour.steps.size()) + " bookmarks, not " +
           std::to_string(step + 1);
  restore_bookmark(step);
  arrive();
  return {};
}

std::vector<std::string> Session::show_tour_step_now(std::size_t step) {
  if (!bookmarks_.playing) return {};
  tour_player_.go_to(step);
  std::vector<std::string> problems = show_tour_step();
  arrive();
  return problems;
}

// [SECTION] Exports

void Session::export_tsv(ExportKind kind, const std::string& folder) {
  const app::Dataset* dataset = state_.dataset();
  if (!dataset) return;
  try {
    std::string path;
    switch (kind) {
      case ExportKind::Neighbours: {
        if (state_.analysis().selected() < 0) return note("select a word first", true);
        const std::string& word = dataset->word(std::uint32_t(state_.analysis().selected()));
        path = app::next_free_path(folder, "neighbours-" + word, ".tsv");
        app::export_neighbours_tsv(path, dataset->embedding,
                                   std::uint32_t(state_.analysis().selected()),
                                   state_.analysis().neighbours(), false);
        break;
      }
      case ExportKind::Analogy: {
        const app::AnalogyState& a = state_.analysis().analogy();
        if (!a.solved()) return note("solve an analogy first", true);
        const app::AnalogyQuery& q = a.query;
        path = app::next_free_path(folder, "analogy-" + q.a + "-" + q.b + "-" + q.c, ".tsv");
        app::export_analogy_tsv(path, dataset->embedding, q.a, q.b, q.c, a.results, false);
        break;
      }
      case ExportKind::Expression: {
        const app::ExpressionState& e = state_.analysis().expression();
        if (e.results.empty()) return note("evaluate an expression first", true);
        path = app::next_free_path(folder, "expression", ".tsv");
        app::export_expression_tsv(path, dataset->embedding, e.query.text, e.results, false);
        break;
      }
      case ExportKind::Projection: {
        path =
            app::next_free_path(folder,
                                std::string("projection-") +
                                    app::projection_kind_name(state_.sky().projection().spec.kind),
                                ".tsv");
        // Raw projection coordinates (PCA units or cosines), not the scaled world positions.
        const float per_unit = state_.sky().layout().world_per_unit;
        std::vector<glm::vec3> coordinates = state_.sky().layout().positions;
        if (per_unit > 0.0f)
          for (glm::vec3& p : coordinates) p /= per_unit;
        app::export_positions_tsv(path, dataset->embedding, coordinates,
                                  state_.sky().projection().axis_labels, false);
        break;
      }
    }
    note("exported " + path);
  } catch (const std::exception& error) {
    note(error.what(), true);
  }
}

// [SECTION] Time

void Session::update(float dt) {
  clock_ += double(dt);
  camera_.auto_rotate = state_.view().auto_rotate;
  camera_.update(dt);
  state_.update(dt);
  if (bookmarks_.playing && tour_player_.size() > 0) {
    if (bookmarks_.auto_advance != tour_player_.playing()) {
      if (bookmarks_.auto_advance)
        tour_player_.play();
      else
        tour_player_.pause();
    }
    if (tour_player_.update(dt)) show_tour_step();
  }
}

void Session::arrive() {
  state_.settle();
  while (camera_.flying()) camera_.update(0.25f);
}

}  // namespace galaxy::session
