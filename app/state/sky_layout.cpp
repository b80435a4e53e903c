// SkyLayout: projections, isolation and the animation between them.
#include "app/state/sky_layout.h"

#include <algorithm>
#include <utility>

#include "geometry/expression.h"

namespace galaxy::app {

namespace {

// Semantic axis guides reach a little beyond the galaxy's radius so their names clear the stars.
constexpr float kAxisGuideLength = kGalaxyRadius * 1.15f;

}  // namespace

float SkyLayout::axis_guide_length() {
  return kAxisGuideLength;
}

void SkyLayout::set_dataset(std::shared_ptr<const Dataset> dataset) {
  dataset_ = std::move(dataset);
  reset_isolation();
  projection_.error.clear();
  layout_ = Layout{};
  animator_.reset({});
  if (dataset_) {
    // Keep the projection the user chose if the new galaxy has its axis words; else back to PCA.
    ProjectionSpec spec = projection_.spec;
    try {
      layout_ = compute_layout(*dataset_, spec);
    } catch (const std::exception& error) {
      projection_.error = std::string(error.what()) + " (back to PCA)";
      spec = ProjectionSpec{};
      layout_ = compute_layout(*dataset_, spec);
    }
    projection_.spec = spec;
    projection_.axis_labels = layout_.axis_labels;
    animator_.reset(layout_.positions);
  }
  ++version_;
}

const std::vector<glm::vec3>& SkyLayout::positions() const {
  static const std::vector<glm::vec3> none;
  if (!dataset_) return none;
  const auto& current = animator_.positions();
  return current.size() == dataset_->rows() ? current : dataset_->positions;
}

const std::vector<glm::vec3>& SkyLayout::target_positions() const {
  static const std::vector<glm::vec3> none;
  if (!dataset_) return none;
  const auto& target = animator_.target();
  return target.size() == dataset_->rows() ? target : dataset_->positions;
}

bool SkyLayout::set_projection(const ProjectionSpec& spec, float seconds) {
  projection_.error.clear();
  if (!dataset_) {
    projection_.error = "no galaxy is open";
    return false;
  }
  // The layout of the projection already shown is kept: tour steps and bookmarks re-apply their
  // projection, and a PCA of unit vectors or three axes over 341k words is not free.
  if (spec != layout_.spec || layout_.positions.size() != dataset_->rows()) {
    try {
      layout_ = compute_layout(*dataset_, spec);
    } catch (const std::exception& error) {
      projection_.error = error.what();
      return false;
    }
  }
  projection_.spec = spec;
  projection_.axis_labels = layout_.axis_labels;
  // A new projection shows the whole galaxy again: an isolated constellation was a PCA of its own.
  reset_isolation();
  retarget(seconds);
  return true;
}

void SkyLayout::retarget(float seconds) {
  if (!dataset_) return;
  std::vector<glm::vec3> target = layout_.positions;
  if (!isolation_.rows.empty()) {
    // The rest of the galaxy steps back (three times as far from the centre) and fades, so the
    // constellation has the middle of the sky to itself.
    for (glm::vec3& p : target) p *= 3.0f;
    for (std::size_t i = 0; i < isolation_.rows.size(); ++i)
      target[isolation_.rows[i]] = isolated_positions_[i];
  }
  animator_.animate_to(std::move(target), seconds);
  ++version_;
}

bool SkyLayout::isolate(std::vector<std::uint32_t> rows, std::string description, float seconds) {
  isolation_.error.clear();
  if (!dataset_) {
    isolation_.error = "no galaxy is open";
    return false;
  }
  std::sort(rows.begin(), rows.end());
  rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
  rows.erase(std::remove_if(rows.begin(), rows.end(),
                            [&](std::uint32_t r) { return r >= dataset_->rows(); }),
             rows.end());
  if (rows.size() < 3) {
    isolation_.error = "isolate needs at least 3 words (got " + std::to_string(rows.size()) + ")";
    return false;
  }
  std::vector<glm::vec3> local;
  try {
    local = compute_local_layout(*dataset_, rows);  // fails before anything changes
  } catch (const std::exception& error) {
    isolation_.error = error.what();
    return false;
  }
  isolated_positions_ = std::move(local);
  isolation_.rows = std::move(rows);
  isolation_.description = std::move(description);
  isolation_.word.clear();
  isolation_.k = 0;
  isolated_mask_.assign(dataset_->rows(), 0);
  for (std::uint32_t r : isolation_.rows) isolated_mask_[r] = 1;
  retarget(seconds);
  return true;
}

bool SkyLayout::isolate_neighbourhood(std::uint32_t row, int k, float seconds) {
  if (!dataset_ || !dataset_->index || row >= dataset_->rows()) {
    isolation_.error = "no such word in this galaxy";
    return false;
  }
  std::vector<std::uint32_t> rows{row};
  for (const Neighbor& n : dataset_->index->nearest_to_word(row, static_cast<std::size_t>(k)))
    rows.push_back(n.row);
  const std::string& word = dataset_->word(row);
  if (!isolate(rows, word + " and " + std::to_string(rows.size() - 1) + " neighbours", seconds))
    return false;
  isolation_.word = word;
  isolation_.k = k;
  return true;
}

void SkyLayout::refuse_isolation(std::string why) {
  isolation_.error = std::move(why);
}

void SkyLayout::reset_isolation() {
  isolation_ = IsolationState{};
  isolated_mask_.clear();
  isolated_positions_.clear();
}

void SkyLayout::clear_isolation(float seconds) {
  if (isolation_.rows.empty()) {
    isolation_.error.clear();
    return;
  }
  reset_isolation();
  retarget(seconds);
}

bool SkyLayout::update(float dt) {
  const bool moved = animator_.update(dt);
  if (moved) ++version_;
  return moved;
}

void SkyLayout::settle() {
  if (!animator_.animating()) return;
  animator_.finish();
  ++version_;
}

void SkyLayout::frame_overview(OrbitCamera& camera, float aspect) const {
  const std::vector<glm::vec3>& points = target_positions();
  if (isolated()) {
    std::vector<glm::vec3> group;
    for (std::uint32_t row : isolation_.rows) group.push_back(points[row]);
    camera.frame_points(group, aspect, 1.0f);
    camera.distance *= 1.1f;
    return;
  }
  if (projection_.spec.kind != ProjectionKind::Axes) {
    camera.frame_points(points, aspect);
    return;
  }
  std::vector<glm::vec3> with_ends = points;
  for (int axis = 0; axis < 3; ++axis) {
    glm::vec3 tip(0.0f);
    tip[axis] = kAxisGuideLength;
    with_ends.push_back(tip);
    with_ends.push_back(-tip);
  }
  camera.frame_points_from(with_ends, aspect, kAxesYaw, kAxesPitch, 1.0f);
}

void SkyLayout::face_projection(OrbitCamera& camera) const {
  if (projection_.spec.kind != ProjectionKind::Axes) return;
  camera.yaw = kAxesYaw;
  camera.pitch = kAxesPitch;
}

std::vector<AxisGuide> SkyLayout::axis_guides() const {
  std::vector<AxisGuide> guides;
  if (projection_.spec.kind != ProjectionKind::Axes || isolated() || !dataset_) return guides;
  // One line per axis through the origin, each end named by its terms ("woman" at +, "man" at -).
  // Semantic axes are not orthogonal in the embedding, but they are drawn along X, Y and Z because
  // that is where the coordinates put the words.
  static const glm::vec3 directions[3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
  for (int i = 0; i < 3; ++i) {
    AxisGuide guide;
    guide.direction = directions[i];
    std::string positive, negative;
    try {
      for (const WeightedTerm& term : parse_expression(projection_.spec.axes[std::size_t(i)])) {
        std::string& side = term.weight >= 0 ? positive : negative;
        side += (side.empty() ? "" : " + ") + term.word;
      }
    } catch (const std::exception&) {
      positive = projection_.spec.axes[std::size_t(i)];
    }
    // "X+ woman" / "X- man": the axis letter tells axis names from the words around them.
    const std::string letter(1, "XYZ"[i]);
    guide.positive = letter + "+ " + positive;
    guide.negative = negative.empty() ? std::string() : letter + "- " + negative;
    guides.push_back(guide);
  }
  return guides;
}

}  // namespace galaxy::app
