// TourPlayer: step index, clamped navigation and the auto-advance clock.
#include "app/state/tour.h"

#include <algorithm>
#include <cassert>

namespace galaxy::app {

void TourPlayer::load(Tour tour) {
  tour_ = std::move(tour);
  index_ = 0;
  elapsed_ = 0.0f;
  playing_ = false;
}

const Bookmark& TourPlayer::current() const {
  assert(!empty() && "TourPlayer::current() on an empty tour: check empty() first");
  return tour_.steps[index_];
}

bool TourPlayer::go_to(std::size_t index) {
  elapsed_ = 0.0f;
  if (empty()) return false;
  index = std::min(index, size() - 1);
  const bool changed = index != index_;
  index_ = index;
  return changed;
}

bool TourPlayer::next() {
  return go_to(index_ + 1);
}

bool TourPlayer::previous() {
  return index_ > 0 ? go_to(index_ - 1) : go_to(0);
}

// Parsed tours have positive durations; a tour built in code might not, and a zero would stall the
// advance loop.
float TourPlayer::duration(std::size_t index) const {
  return std::max(tour_.steps[index].duration_seconds, 1e-3f);
}

bool TourPlayer::update(float dt) {
  if (!playing_ || empty() || !(dt > 0.0f)) return false;
  elapsed_ += dt;
  bool changed = false;
  while (elapsed_ >= duration(index_) && index_ + 1 < size()) {
    elapsed_ -= duration(index_);
    ++index_;
    changed = true;
  }
  elapsed_ = std::min(elapsed_, duration(index_));
  return changed;
}

float TourPlayer::step_progress() const {
  if (empty()) return 0.0f;
  return std::clamp(elapsed_ / duration(index_), 0.0f, 1.0f);
}

bool TourPlayer::finished() const {
  return !empty() && index_ + 1 == size() && elapsed_ >= duration(index_);
}

}  // namespace galaxy::app
