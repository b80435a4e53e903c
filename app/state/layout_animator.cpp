// LayoutAnimator: eased interpolation between two star layouts.
#include "app/state/layout_animator.h"

#include <algorithm>

#include "app/state/camera.h"

namespace galaxy::app {

void LayoutAnimator::reset(std::vector<glm::vec3> positions) {
  target_ = std::move(positions);
  current_ = target_;
  from_.clear();
  animating_ = false;
  elapsed_ = duration_ = 1.0f;
}

void LayoutAnimator::animate_to(std::vector<glm::vec3> target, float seconds) {
  if (seconds <= 0.0f || target.size() != current_.size()) {
    reset(std::move(target));
    return;
  }
  from_ = current_;  // from where the stars are now, so a second switch mid-flight has no jump
  target_ = std::move(target);
  duration_ = seconds;
  elapsed_ = 0.0f;
  animating_ = true;
}

bool LayoutAnimator::update(float dt) {
  if (!animating_) return false;
  elapsed_ = std::min(duration_, elapsed_ + std::max(dt, 0.0f));
  if (elapsed_ >= duration_) {
    finish();
    return true;
  }
  const float t = ease_in_out_cubic(elapsed_ / duration_);
  for (std::size_t i = 0; i < current_.size(); ++i) current_[i] = glm::mix(from_[i], target_[i], t);
  return true;
}

void LayoutAnimator::finish() {
  if (!animating_) return;
  current_ = target_;
  from_.clear();
  from_.shrink_to_fit();
  animating_ = false;
  elapsed_ = duration_;
}

float LayoutAnimator::progress() const {
  return animating_ && duration_ > 0.0f ? elapsed_ / duration_ : 1.0f;
}

}  // namespace galaxy::app
