// LayoutAnimator: the star positions the window draws, easing from one projection (PCA, semantic
// axes, an isolated constellation) to the next so the eye can follow each word as it moves.
#pragma once

#include <vector>

#include <glm/glm.hpp>

namespace galaxy::app {

class LayoutAnimator {
 public:
  // Jumps to `positions` (a new galaxy, or a headless render that wants the end state).
  void reset(std::vector<glm::vec3> positions);
  // Starts an eased move from where the stars are now (mid-flight included) to `target` over
  // `seconds`. A target of another size, or seconds <= 0, jumps.
  void animate_to(std::vector<glm::vec3> target, float seconds = 1.2f);
  // Advances by dt seconds; true if the positions changed. The end state is exactly `target`.
  bool update(float dt);
  void finish();  // jumps to the target

  bool animating() const { return animating_; }
  // 0..1 of the current transition (1 when resting).
  float progress() const;
  const std::vector<glm::vec3>& positions() const { return current_; }
  const std::vector<glm::vec3>& target() const { return target_; }

 private:
  std::vector<glm::vec3> from_;
  std::vector<glm::vec3> target_;
  std::vector<glm::vec3> current_;
  float duration_ = 1.0f;
  float elapsed_ = 0.0f;
  bool animating_ = false;
};

}  // namespace galaxy::app
