// RAII GLFW window with an OpenGL 3.3 core context (visible, or hidden for headless rendering).
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/input_queue.h"

struct GLFWwindow;

namespace galaxy::render {

// Any failure to get a window/context/GL function; what() is a full sentence for the user, e.g.
// "cannot create an OpenGL 3.3 window: no display (run under xvfb-run)".
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct WindowOptions {
  std::string title = "Embedding Galaxy";
  glm::ivec2 size{1280, 720};  // screen coordinates (GLFW window size)
  bool visible = true;         // false: hidden window, for offscreen/headless rendering
  bool vsync = true;
  int msaa_samples = 0;  // default framebuffer samples (stars/lines/labels are anti-aliased anyway)
};

// Initialises GLFW on first use (reference counted), creates the window, makes its context current
// and loads GL with glad. Move-only; the GLFWwindow is destroyed with the last owner.
class Window {
 public:
  explicit Window(const WindowOptions& options = {});
  ~Window();
  Window(const Window&) = delete;
  Window& operator=(const Window&) = delete;
  Window(Window&& other) noexcept;
  Window& operator=(Window&& other) noexcept;

  GLFWwindow* handle() const { return window_; }  // for ImGui_ImplGlfw and input polling
  void make_current() const;

  bool should_close() const;
  void set_should_close(bool value);
  void swap_buffers();
  void set_vsync(bool enabled);
  void set_title(const std::string& title);

  // Framebuffer size in pixels (what FrameParams::viewport_px wants); differs from window_size()
  // on HiDPI screens.
  glm::ivec2 framebuffer_size() const;
  glm::ivec2 window_size() const;
  // GLFW content scale (1.0 on a normal screen, 2.0 on a HiDPI one): scale fonts and UI by it.
  glm::vec2 content_scale() const;

  // Called with UTF-8 paths when files are dropped on the window (from poll_events()).
  void set_drop_callback(std::function<void(const std::vector<std::string>&)> callback);
  // Called when the content scale changes (window moved to another monitor).
  void set_content_scale_callback(std::function<void(glm::vec2)> callback);
  // Called (from poll_events()) with every key, typed character, mouse button, pointer move or
  // leave, scroll and focus change, in the order they happened. The ImGui layer queues them.
  void set_input_callback(std::function<void(const InputEvent&)> callback);

  // What GLFW would report, delivered through the same callbacks: for the monkey test and
  // scripted runs, which cannot drag files onto the window from outside.
  void deliver_drop(const std::vector<std::string>& paths);
  void set_window_size(glm::ivec2 size);  // screen coordinates
  void iconify();                         // minimise (framebuffer 0x0 until restored)
  void restore();

  // "Mesa llvmpipe (LLVM 15.0.6, 256 bits) / 4.5 (Core Profile) Mesa 22.3.6"
  std::string gl_description() const;

  static void poll_events();
  static void wait_events(double timeout_seconds);

 private:
  struct Callbacks;
  void destroy();

  GLFWwindow* window_ = nullptr;
  std::unique_ptr<Callbacks> callbacks_;  // heap-held: the GLFW user pointer survives moves
};

}  // namespace galaxy::render
