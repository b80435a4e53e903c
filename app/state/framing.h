// Where the camera goes to show what the state shows: one rule for the window and `galaxy render`
// (render used to frame with its own margin and minimum, although it promised the window's camera).
#pragma once

#include <cstdint>
#include <vector>

#include "app/state/app_state.h"
#include "app/state/bookmark.h"
#include "app/state/camera.h"

namespace galaxy::app {

// Frames `rows` (by where their stars are heading, should a projection still be animating) from
// `from`'s viewing angles: centred on `centre_row` when it is >= 0, else on the rows' middle; close
// enough to read the labels (their radius with a 20 % margin) but never nearer than 0.08 or farther
// than 2.5 galaxy radii; facing the semantic axes when they are shown. `leave_caption_room` lifts
// the picture so a tour caption at the bottom hides none of it.
OrbitCamera frame_rows(const AppState& state, const OrbitCamera& from,
                       const std::vector<std::uint32_t>& rows, std::int32_t centre_row,
                       bool leave_caption_room);

// Frames the state's focus (an isolated constellation, the analogy, the compared words, the
// selection and its neighbours, the expression), or the whole galaxy when there is none.
OrbitCamera frame_focus(const AppState& state, const OrbitCamera& from, float aspect,
                        bool leave_caption_room);

// The camera for a tour step once `state` shows it: the step's own camera when it recorded one,
// else its focus framed (leaving room for its caption when `caption_shown` and it has one).
OrbitCamera frame_tour_step(const AppState& state, const Bookmark& step, const OrbitCamera& from,
                            float aspect, bool caption_shown);

}  // namespace galaxy::app
