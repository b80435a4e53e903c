// One framing rule for the window's camera flights and `galaxy render` (see framing.h).
#include "app/state/framing.h"

#include <algorithm>

namespace galaxy::app {

OrbitCamera frame_rows(const AppState& state, const OrbitCamera& from,
                       const std::vector<std::uint32_t>& rows, std::int32_t centre_row,
                       bool leave_caption_room) {
  OrbitCamera aim = from;
  aim.cancel_flight();
  const std::vector<glm::vec3>& positions = state.sky().target_positions();
  if (rows.empty() || positions.empty()) return aim;
  glm::vec3 centre(0.0f);
  for (std::uint32_t row : rows) centre += positions[row];
  centre /= float(rows.size());
  if (centre_row >= 0 && std::size_t(centre_row) < positions.size())
    centre = positions[std::size_t(centre_row)];
  float radius = 0.0f;
  for (std::uint32_t row : rows) radius = std::max(radius, glm::distance(centre, positions[row]));
  aim.target = centre;
  aim.distance =
      std::clamp(aim.fit_distance(radius * 1.2f), kGalaxyRadius * 0.08f, kGalaxyRadius * 2.5f);
  state.sky().face_projection(aim);
  if (leave_caption_room) aim.leave_room_below();
  return aim;
}

OrbitCamera frame_focus(const AppState& state, const OrbitCamera& from, float aspect,
                        bool leave_caption_room) {
  const Focus focus = state.focus();
  OrbitCamera aim = from;
  aim.cancel_flight();
  if (focus.rows.empty() || state.sky().isolated()) {
    state.sky().frame_overview(aim, aspect);  // an isolated constellation is its own overview
    if (state.sky().isolated() && leave_caption_room) aim.leave_room_below();
    return aim;
  }
  return frame_rows(state, from, focus.rows, focus.centre, leave_caption_room);
}

OrbitCamera frame_tour_step(const AppState& state, const Bookmark& step, const OrbitCamera& from,
                            float aspect, bool caption_shown) {
  if (step.camera) {
    OrbitCamera aim = from;
    aim.cancel_flight();
    aim.target = step.camera->target;
    aim.distance = step.camera->distance;
    aim.yaw = step.camera->yaw;
    aim.pitch = step.camera->pitch;
    return aim;
  }
  return frame_focus(state, from, aspect, caption_shown && !step.caption.empty());
}

}  // namespace galaxy::app
