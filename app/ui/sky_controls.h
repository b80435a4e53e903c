// SkyControls: what the mouse and the keyboard do to the sky once Dear ImGui has had its say
// (orbit, pan, zoom, pick, Shift+drag box isolation, the app's shortcuts, tour keys). It reads
// ImGui's io for this frame and changes the session; the window only asks it once per frame.
#pragma once

#include <functional>

#include <glm/glm.hpp>

#include "app/session/session.h"

namespace galaxy::ui {

// What the controls ask of the window (things only the window can do).
struct SkyControlsHost {
  std::function<void()> request_screenshot;       // F12
  std::function<void(bool on)> set_presentation;  // F5, Esc
};

// This frame's geometry: the pointer is in window pixels, the camera works in framebuffer pixels.
struct SkyFrame {
  glm::ivec2 framebuffer{0};
  glm::ivec2 window{0};
  float content_scale = 1.0f;
  // Scripted screenshots ignore the pointer, which sits wherever the X server put it.
  bool ignore_hover = false;
};

class SkyControls {
 public:
  SkyControls(session::Session& session, SkyControlsHost host)
      : session_(session), host_(std::move(host)) {}

  // Call after ImGui::NewFrame, before the panels.
  void handle_mouse(const SkyFrame& frame);
  void handle_keyboard(float dt);
  // True once after Ctrl+F: the Search panel takes the keyboard this frame.
  bool take_focus_search() { return std::exchange(focus_search_, false); }

 private:
  session::Session& session_;
  SkyControlsHost host_;
  bool box_selecting_ = false;
  glm::vec2 box_start_{0.0f};
  bool left_down_ = false;
  bool left_dragged_ = false;
  glm::vec2 left_press_{0.0f};
  bool focus_search_ = false;
};

}  // namespace galaxy::ui
