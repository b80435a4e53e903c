// OrbitCamera: the galaxy's orbit/pan/zoom camera with eased fly-to; GL-free (GLM only) and
// frame-rate independent.
#pragma once

#include <vector>

#include <glm/glm.hpp>

namespace galaxy::app {

// A sphere that should fit in view (frame_all).
struct Bounds {
  glm::vec3 center{0.0f};
  float radius = 1.0f;
};

// Where the camera looks from: enough to restore a view exactly (bookmarks, tour steps).
struct CameraPose {
  glm::vec3 target{0.0f};
  float distance = 30.0f;
  float yaw = 0.6f;
  float pitch = 0.35f;
};

// Ease-in-out cubic on [0,1]: 0 -> 0, 1 -> 1, monotone, zero slope at both ends.
float ease_in_out_cubic(float t);

// Orbits `target` at `distance`; yaw turns about world +Y, pitch tilts towards +Y. Angles in
// radians. Pixel-based inputs take framebuffer pixels (origin top-left) and the viewport size in
// the same pixels.
class OrbitCamera {
 public:
  glm::vec3 target{0.0f};
  float distance = 30.0f;
  float yaw = 0.6f;
  float pitch = 0.35f;
  float fov_y = glm::radians(50.0f);  // vertical field of view
  float min_distance = 0.05f;
  float max_distance = 500.0f;

  bool auto_rotate = false;
  float auto_rotate_speed = 0.12f;  // radians per second of yaw

  float orbit_speed = 0.005f;       // radians per pixel of drag
  float wheel_zoom_factor = 0.85f;  // distance multiplier per wheel notch (towards the cursor)

  glm::vec3 eye() const;
  glm::vec3 forward() const;  // unit, from eye towards target
  glm::vec3 right() const;    // unit, screen right
  glm::vec3 up() const;       // unit, screen up
  glm::mat4 view() const;
  // Near/far follow the distance so depth precision holds from close-ups to the whole galaxy.
  glm::mat4 projection(float aspect) const;
  glm::mat4 view_projection(glm::ivec2 viewport) const;

  // Mouse drag (pixels): yaw with x, pitch with y; pitch is clamped short of the poles.
  void orbit(glm::vec2 delta_px);
  // Moves the target so the point on the target plane under the cursor follows the drag.
  void pan(glm::vec2 delta_px, glm::ivec2 viewport);
  // Zooms by wheel_zoom_factor^wheel_steps (positive = in) towards the point of the target plane
  // under `cursor_px`, which stays under the cursor.
  void zoom_to_cursor(float wheel_steps, glm::vec2 cursor_px, glm::ivec2 viewport);
  // Keyboard flight: `axes` x = right, y = up, z = forward (each -1..1) for `dt` seconds; speed
  // scales with distance so it feels the same at every zoom.
  void move(glm::vec3 axes, float dt);

  // World-space ray through a pixel: origin at the eye, unit direction.
  void ray_through(glm::vec2 cursor_px, glm::ivec2 viewport, glm::vec3& origin,
                   glm::vec3& direction) const;

  // Eased flight to look at `new_target` from `new_distance` (yaw/pitch kept) over `seconds`.
  // Any orbit/pan/zoom/move input cancels the flight where it is.
  void fly_to(const glm::vec3& new_target, float new_distance, float seconds = 1.0f);
  // Eased flight to a whole pose: target and distance as fly_to, yaw along the shorter way round
  // (never more than half a turn), pitch clamped short of the poles. While it flies, the flight
  // owns the angles (auto-rotation resumes when it lands); input cancels it like fly_to.
  void fly_to_pose(const CameraPose& pose, float seconds = 1.5f);
  // The current pose (mid-flight: where the camera is now, not where it is going).
  CameraPose pose() const { return {target, distance, yaw, pitch}; }
  bool flying() const { return flight_.active; }
  void cancel_flight() { flight_.active = false; }

  // Advances flight and auto-rotation by `dt` seconds. The end state depends on the total time
  // only, not on how it is split into frames.
  void update(float dt);

  // Looks at `bounds` from a distance where the whole sphere fits, from the default angles.
  void frame_all(const Bounds& bounds);
  // Overview from the default angles: centres the bulk of `points` on screen and backs off until a
  // `coverage` fraction of them is in view at this aspect ratio. Robust to the long, sparse tails
  // of PCA clouds, which a bounding sphere would over-weight (the galaxy would shrink to a blob).
  void frame_points(const std::vector<glm::vec3>& points, float aspect, float coverage = 0.999f);
  // The same from the given angles (semantic axes are read best nearly face-on).
  void frame_points_from(const std::vector<glm::vec3>& points, float aspect, float from_yaw,
                         float from_pitch, float coverage = 0.999f);
  // Same distance, but eased (fly_to) and keeping the angles.
  void fly_to_bounds(const Bounds& bounds, float seconds = 1.0f);
  // Room for a caption at the bottom of the screen: backs off by a fifth and aims lower, so what
  // was centred moves into the upper part of the view (`fraction` of the half height).
  void leave_room_below(float fraction = 0.22f);
  // Distance at which a sphere of `radius` fits the vertical field of view.
  float fit_distance(float radius) const;

 private:
  struct Flight {
    bool active = false;
    glm::vec3 from_target{0.0f};
    glm::vec3 to_target{0.0f};
    float from_distance = 1.0f;
    float to_distance = 1.0f;
    bool turns = false;  // fly_to_pose: the angles ease too
    float from_yaw = 0.0f;
    float to_yaw = 0.0f;
    float yaw_change = 0.0f;  // signed, at most half a turn
    float from_pitch = 0.0f;
    float to_pitch = 0.0f;
    float duration = 1.0f;
    float elapsed = 0.0f;
  };
  Flight flight_;
};

}  // namespace galaxy::app
