// Dear ImGui for the window's panels: context + GLFW/OpenGL3 backends + DejaVu font at the content
// scale.
#pragma once

#include <string>

struct ImGuiContext;
struct ImFont;

namespace galaxy::render {

class Window;

// One per window. Install after creating the Window (it chains GLFW callbacks) and before your own
// GLFW callbacks if they should see ImGui's first. Per frame: begin_frame(); ImGui::...;
// end_frame().
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

 private:
  void build_fonts();

  ImGuiContext* context_ = nullptr;
  float font_px_;
  float scale_ = 1.0f;
  bool high_contrast_ = false;
  std::string font_path_;
};

}  // namespace galaxy::render
