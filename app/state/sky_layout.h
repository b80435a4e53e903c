// SkyLayout: where the stars are. The projection (PCA, PCA of unit vectors, semantic axes), an
// isolated constellation (a PCA of its own, the rest stepping back), and the animation between
// layouts. GL-free. Every change of positions bumps version() itself.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/layout_animator.h"
#include "app/state/projection.h"
#include "app/state/scene_builder.h"

namespace galaxy::app {

// Camera angles for semantic axes: nearly face-on, turned a little so Z still shows.
inline constexpr float kAxesYaw = 0.35f;
inline constexpr float kAxesPitch = 0.2f;

struct ProjectionState {
  ProjectionSpec spec;                     // the projection shown (or being animated to)
  std::array<std::string, 3> axis_labels;  // of the projection shown ("PC1 12.3%", "woman - man")
  std::string error;                       // why the last set_projection failed ("" if it did not)
};

// Isolate: a constellation re-projected on its own (PCA of just those words); the rest fades.
struct IsolationState {
  std::vector<std::uint32_t> rows;  // empty: not isolated (sorted, distinct)
  std::string description;          // "dog and 12 neighbours", "search 'bank'", "box: 87 words"
  std::string word;                 // the word whose neighbours were isolated ("" for other kinds)
  int k = 0;
  std::string error;
};

class SkyLayout {
 public:
  // A new galaxy: the projection the user chose is kept when the new galaxy has its axis words,
  // else PCA (projection().error says why); isolation ends.
  void set_dataset(std::shared_ptr<const Dataset> dataset);

  const ProjectionState& projection() const { return projection_; }
  // Stars ease to the new projection over `seconds` (0 jumps); isolation ends. On error (an unknown
  // axis word) fills projection().error, keeps the current projection and returns false.
  bool set_projection(const ProjectionSpec& spec, float seconds = 1.2f);

  const IsolationState& isolation() const { return isolation_; }
  bool isolated() const { return !isolation_.rows.empty(); }
  // Isolate `rows` (PCA of just them); fewer than 3 distinct rows fill isolation().error.
  bool isolate(std::vector<std::uint32_t> rows, std::string description, float seconds = 1.2f);
  // `row` and its k nearest words (the selection's or a bookmark's constellation).
  bool isolate_neighbourhood(std::uint32_t row, int k, float seconds = 1.2f);
  // `why` fills isolation().error without isolating ("select a word first").
  void refuse_isolation(std::string why);
  void clear_isolation(float seconds = 1.2f);
  // Per row, 1 when it is in the isolated constellation; empty when not isolated.
  const std::vector<std::uint8_t>& isolated_mask() const { return isolated_mask_; }

  // Where the stars are this frame (animated) and where they are heading.
  const std::vector<glm::vec3>& positions() const;
  const std::vector<glm::vec3>& target_positions() const;
  // The projection's whole-galaxy layout (world positions, world_per_unit, axis labels).
  const Layout& layout() const { return layout_; }
  bool animating() const { return animator_.animating(); }
  bool update(float dt);  // advances the animation; true if the stars moved
  void settle();          // jumps to the end of the animation

  // The overview camera for the current projection: the whole galaxy from the default angles, or
  // nearly face-on for semantic axes so X reads left to right and Y bottom to top, axis ends
  // included; when isolated, the isolated constellation (it fills the galaxy's radius).
  void frame_overview(OrbitCamera& camera, float aspect) const;
  // Semantic axes read face-on: sets the camera's angles for them (other projections: unchanged).
  void face_projection(OrbitCamera& camera) const;
  // The semantic axes' guide lines ("X+ woman" / "X- man") and their length; none otherwise.
  std::vector<AxisGuide> axis_guides() const;
  static float axis_guide_length();

  std::uint64_t version() const { return version_; }

 private:
  void reset_isolation();
  void retarget(float seconds);

  std::shared_ptr<const Dataset> dataset_;
  ProjectionState projection_;
  IsolationState isolation_;
  Layout layout_;  // the projection's full-galaxy layout (before isolation)
  LayoutAnimator animator_;
  std::vector<std::uint8_t> isolated_mask_;    // per row, when isolated
  std::vector<glm::vec3> isolated_positions_;  // local PCA of isolation_.rows, in that order
  std::uint64_t version_ = 1;
};

}  // namespace galaxy::app
