// TourPlayer: which step of a tour is showing, next/previous, and timed auto-advance; GL-free.
#pragma once

#include <cstddef>

#include "app/state/bookmark.h"

namespace galaxy::app {

// Steps through a Tour. The window applies current() whenever a call returns true (the step
// changed); the player only keeps the index and the clock. Auto-play carries leftover time into the
// next step, so where it is depends on the total time played, not on the frame rate.
class TourPlayer {
 public:
  // Starts at step 0, paused.
  void load(Tour tour);
  const Tour& tour() const { return tour_; }
  bool empty() const { return tour_.steps.empty(); }
  std::size_t size() const { return tour_.steps.size(); }

  std::size_t index() const { return index_; }
  // The step showing. Precondition: !empty().
  const Bookmark& current() const;

  // Move one step (clamped at the ends) or to step `index` (clamped to the last); the step's clock
  // restarts. Return whether the step changed.
  bool next();
  bool previous();
  bool go_to(std::size_t index);

  // Auto-play: while playing, update() advances after each step's duration_seconds.
  void play() { playing_ = true; }
  void pause() { playing_ = false; }
  void toggle_play() { playing_ = !playing_; }
  bool playing() const { return playing_; }

  // Advances the clock by `dt` seconds when playing; true when the step changed (even by several
  // steps after a long frame).
  bool update(float dt);
  // Fraction of the current step's duration played, 0..1 (0 for an empty tour).
  float step_progress() const;
  // The last step's duration has been played out. The player stays on that step (still "playing"
  // until paused); previous() or go_to() leave this state.
  bool finished() const;

 private:
  float duration(std::size_t index) const;

  Tour tour_;
  std::size_t index_ = 0;
  float elapsed_ = 0.0f;  // seconds into the current step
  bool playing_ = false;
};

}  // namespace galaxy::app
