// OrbitCamera: orbit/pan/zoom-to-cursor maths and the eased, frame-rate independent fly-to.
#include "app/state/camera.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include <glm/gtc/constants.hpp>
#include <glm/gtc/matrix_transform.hpp>

namespace galaxy::app {

namespace {
constexpr float kMaxPitch = 1.55f;  // just short of straight up/down, where yaw degenerates
}

float ease_in_out_cubic(float t) {
  t = std::clamp(t, 0.0f, 1.0f);
  if (t < 0.5f) return 4.0f * t * t * t;
  const float u = -2.0f * t + 2.0f;
  return 1.0f - u * u * u / 2.0f;
}

glm::vec3 OrbitCamera::forward() const {
  // Eye sits at target - forward * distance; yaw 0 / pitch 0 looks along -Z.
  const float cp = std::cos(pitch);
  return glm::normalize(glm::vec3(-std::sin(yaw) * cp, -std::sin(pitch), -std::cos(yaw) * cp));
}

glm::vec3 OrbitCamera::right() const {
  return glm::normalize(glm::cross(forward(), glm::vec3(0.0f, 1.0f, 0.0f)));
}

glm::vec3 OrbitCamera::up() const {
  return glm::normalize(glm::cross(right(), forward()));
}

glm::vec3 OrbitCamera::eye() const {
  return target - forward() * distance;
}

glm::mat4 OrbitCamera::view() const {
  return glm::lookAt(eye(), target, up());
}

glm::mat4 OrbitCamera::projection(float aspect) const {
  const float near_plane = std::max(distance * 0.002f, 1e-4f);
  const float far_plane = distance + 2000.0f;
  return glm::perspective(fov_y, aspect > 0.0f ? aspect : 1.0f, near_plane, far_plane);
}

glm::mat4 OrbitCamera::view_projection(glm::ivec2 viewport) const {
  const float aspect = viewport.y > 0 ? float(viewport.x) / float(viewport.y) : 1.0f;
  return projection(aspect) * view();
}

void OrbitCamera::orbit(glm::vec2 delta_px) {
  cancel_flight();
  yaw -= delta_px.x * orbit_speed;
  pitch = std::clamp(pitch + delta_px.y * orbit_speed, -kMaxPitch, kMaxPitch);
  yaw = std::remainder(yaw, 2.0f * glm::pi<float>());
}

void OrbitCamera::pan(glm::vec2 delta_px, glm::ivec2 viewport) {
  cancel_flight();
  const float height = float(std::max(viewport.y, 1));
  const float world_per_px = 2.0f * distance * std::tan(fov_y * 0.5f) / height;
  target += (-delta_px.x * right() + delta_px.y * up()) * world_per_px;
}

void OrbitCamera::ray_through(glm::vec2 cursor_px, glm::ivec2 viewport, glm::vec3& origin,
                              glm::vec3& direction) const {
  const glm::vec2 size(std::max(viewport.x, 1), std::max(viewport.y, 1));
  const float ndc_x = 2.0f * cursor_px.x / size.x - 1.0f;
  const float ndc_y = 1.0f - 2.0f * cursor_px.y / size.y;
  const float tan_half = std::tan(fov_y * 0.5f);
  const float aspect = size.x / size.y;
  origin = eye();
  direction =
      glm::normalize(forward() + right() * (ndc_x * tan_half * aspect) + up() * (ndc_y * tan_half));
}

void OrbitCamera::zoom_to_cursor(float wheel_steps, glm::vec2 cursor_px, glm::ivec2 viewport) {
  cancel_flight();
  const float wanted = distance * std::pow(wheel_zoom_factor, wheel_steps);
  const float factor = std::clamp(wanted, min_distance, max_distance) / distance;
  // The point of the target plane under the cursor. Scaling the eye->point offsets by `factor`
  // about that point keeps its projection fixed: eye' = P + factor * (eye - P).
  glm::vec3 origin, direction;
  ray_through(cursor_px, viewport, origin, direction);
  const float along = glm::dot(direction, forward());
  const glm::vec3 point = origin + direction * (distance / std::max(along, 1e-4f));
  target = point + (target - point) * factor;
  distance *= factor;
}

void OrbitCamera::move(glm::vec3 axes, float dt) {
  if (axes == glm::vec3(0.0f)) return;
  cancel_flight();
  const float speed = 0.8f * distance;  // world units per second
  target += (right() * axes.x + up() * axes.y + forward() * axes.z) * (speed * dt);
}

void OrbitCamera::fly_to(const glm::vec3& new_target, float new_distance, float seconds) {
  flight_.active = true;
  flight_.from_target = target;
  flight_.to_target = new_target;
  flight_.from_distance = distance;
  flight_.to_distance = std::clamp(new_distance, min_distance, max_distance);
  flight_.duration = std::max(seconds, 1e-3f);
  flight_.elapsed = 0.0f;
  flight_.turns = false;
}

void OrbitCamera::fly_to_pose(const CameraPose& pose, float seconds) {
  fly_to(pose.target, pose.distance, seconds);
  const float turn = 2.0f * glm::pi<float>();
  flight_.turns = true;
  flight_.from_yaw = yaw;
  flight_.to_yaw = std::remainder(pose.yaw, turn);
  // remainder() folds the difference into [-pi, pi]: the shorter way round.
  flight_.yaw_change = std::remainder(flight_.to_yaw - yaw, turn);
  flight_.from_pitch = pitch;
  flight_.to_pitch = std::clamp(pose.pitch, -kMaxPitch, kMaxPitch);
}

void OrbitCamera::update(float dt) {
  if (dt <= 0.0f) return;
  // A pose flight owns the angles, so auto-rotation only gets the part of `dt` after it lands;
  // that keeps the end state independent of how the time is split into frames.
  float rotate_seconds = dt;
  if (flight_.active) {
    const float step = std::min(dt, flight_.duration - flight_.elapsed);
    flight_.elapsed = std::min(flight_.elapsed + step, flight_.duration);
    if (flight_.turns) rotate_seconds = dt - step;
    const float s = ease_in_out_cubic(flight_.elapsed / flight_.duration);
    target = glm::mix(flight_.from_target, flight_.to_target, s);
    // Distance eases in log space so a long zoom feels uniform.
    distance = flight_.from_distance * std::pow(flight_.to_distance / flight_.from_distance, s);
    if (flight_.turns) {
      yaw = std::remainder(flight_.from_yaw + flight_.yaw_change * s, 2.0f * glm::pi<float>());
      pitch = glm::mix(flight_.from_pitch, flight_.to_pitch, s);
    }
    if (flight_.elapsed >= flight_.duration) {
      target = flight_.to_target;
      distance = flight_.to_distance;
      if (flight_.turns) {
        yaw = flight_.to_yaw;
        pitch = flight_.to_pitch;
      }
      flight_.active = false;
    }
  }
  if (auto_rotate && rotate_seconds > 0.0f) {
    yaw = std::remainder(yaw + auto_rotate_speed * rotate_seconds, 2.0f * glm::pi<float>());
  }
}

float OrbitCamera::fit_distance(float radius) const {
  return std::max(radius, 1e-3f) / std::sin(fov_y * 0.5f) * 1.05f;
}

void OrbitCamera::frame_all(const Bounds& bounds) {
  cancel_flight();
  target = bounds.center;
  yaw = 0.6f;
  pitch = 0.35f;
  distance = std::clamp(fit_distance(bounds.radius), min_distance, max_distance);
}

void OrbitCamera::fly_to_bounds(const Bounds& bounds, float seconds) {
  fly_to(bounds.center, fit_distance(bounds.radius), seconds);
}

namespace {
// Value at fraction `q` of `values` (partially reorders them).
float quantile(std::vector<float>& values, float q) {
  const auto index = static_cast<std::size_t>(std::clamp(q, 0.0f, 1.0f) * float(values.size() - 1));
  std::nth_element(values.begin(), values.begin() + static_cast<std::ptrdiff_t>(index),
                   values.end());
  return values[index];
}
}  // namespace

void OrbitCamera::leave_room_below(float fraction) {
  distance *= 1.2f;
  target -= up() * (fraction * distance * std::tan(fov_y * 0.5f));
}

void OrbitCamera::frame_points(const std::vector<glm::vec3>& points, float aspect, float coverage) {
  frame_points_from(points, aspect, 0.6f, 0.35f, coverage);
}

void OrbitCamera::frame_points_from(const std::vector<glm::vec3>& points, float aspect,
                                    float from_yaw, float from_pitch, float coverage) {
  cancel_flight();
  yaw = from_yaw;
  pitch = from_pitch;
  if (points.empty()) {
    frame_all(Bounds{});
    return;
  }
  // A strided sample keeps this O(20k) for any vocabulary size.
  const std::size_t stride = std::max<std::size_t>(1, points.size() / 20000);
  const glm::vec3 r = right(), u = up(), f = forward();
  std::vector<float> xs, ys, zs;
  for (std::size_t i = 0; i < points.size(); i += stride) {
    xs.push_back(glm::dot(points[i], r));
    ys.push_back(glm::dot(points[i], u));
    zs.push_back(glm::dot(points[i], f));
  }
  const float tail = (1.0f - coverage) * 0.5f;
  auto middle = [&](std::vector<float>& v) {
    return 0.5f * (quantile(v, tail) + quantile(v, 1.0f - tail));
  };
  target = r * middle(xs) + u * middle(ys) + f * quantile(zs, 0.5f);

  // Distance at which each point is just inside the frustum: depth (towards the eye) plus the
  // lateral offset over the half-angle tangent; `coverage` of the points must fit.
  const float tan_y = std::tan(fov_y * 0.5f);
  const float tan_x = tan_y * (aspect > 0.0f ? aspect : 1.0f);
  std::vector<float> needed;
  needed.reserve(xs.size());
  for (std::size_t i = 0; i < points.size(); i += stride) {
    const glm::vec3 q = points[i] - target;
    const float towards_eye = -glm::dot(q, f);
    needed.push_back(towards_eye +
                     std::max(std::abs(glm::dot(q, r)) / tan_x, std::abs(glm::dot(q, u)) / tan_y));
  }
  distance = std::clamp(quantile(needed, coverage) * 1.05f, min_distance, max_distance);
}

}  // namespace galaxy::app
