// Dear ImGui for the window's panels: context + GLFW/OpenGL3 backends + DejaVu font at the content
// scale.
#pragma once

#include <string>

#include "render/input_queue.h"

struct ImGuiContext;
struct ImFont;

namespace galaxy::render {

class Window;

// One per window; it takes the window's input callback (Window::set_input_callback) for as long as
// it lives. Per frame: begin_frame(); ImGui::...; end_frame().
class ImGuiLayer {
 public:
  // `font_px` is the unscaled UI font height; it is multiplied by the window's content scale.
  explicit ImGuiLayer(Window& window, float font_px = 15.0f, const std::string& font_path = "");
  ~ImGuiLayer();
  ImGuiLayer(const ImGuiLayer&) = delete;
  ImGuiLayer& operator=(const ImGuiLayer&) = delete;
  ImGuiLayer(ImGuiLayer&&) = delete;  // the backends hold the context; keep the layer in place
  ImGuiLayer& operator=(ImGuiLayer&&) = delete;

  void begin_frame();  // makes this layer's context current, starts an ImGui frame
  void end_frame();    // ImGui::Render + draws the draw data into the current framebuffer

  // Rebuild fonts and style for a new content scale (Window::set_content_scale_callback).
  void set_scale(float scale);
  float scale() const { return scale_; }
  // White text on near-black panels (presentation mode); call between frames.
  void set_high_contrast(bool on);
  ImGuiContext* context() const { return context_; }

  // Queues an event as if the window had reported it (the monkey test's way in).
  void inject(const InputEvent& event) { input_.push(event); }
  std::size_t pending_input() const { return input_.pending(); }

 private:
  void build_fonts();
  static constexpr float kMaxAtlasFontPx = 48.0f;

  Window& window_;
  ImGuiContext* context_ = nullptr;
  InputQueue input_;  // the window's events, handed to ImGui a frame's worth at a time
  float font_px_;
  float scale_ = 1.0f;
  bool high_contrast_ = false;
  std::string font_path_;
};

}  // namespace galaxy::render
