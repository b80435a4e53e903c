// GLFW window + OpenGL 3.3 core context, glad loading, and the callbacks the app hooks into.
#include "render/window.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <string>
#include <utility>

#include "render/gl_internal.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace galaxy::render {

namespace {

std::mutex g_glfw_mutex;
int g_glfw_users = 0;
std::string g_last_glfw_error;

void on_glfw_error(int /*code*/, const char* description) {
  g_last_glfw_error = description ? description : "";
}

bool has_display() {
  const char* x11 = std::getenv("DISPLAY");
  const char* wayland = std::getenv("WAYLAND_DISPLAY");
  return (x11 && *x11) || (wayland && *wayland);
}

std::string with_glfw_detail(std::string message) {
  if (!g_last_glfw_error.empty()) message += " (GLFW: " + g_last_glfw_error + ")";
  return message;
}

void acquire_glfw() {
  std::lock_guard<std::mutex> lock(g_glfw_mutex);
  if (g_glfw_users == 0) {
    glfwSetErrorCallback(on_glfw_error);
    if (!has_display()) {
      throw RenderError("cannot create an OpenGL 3.3 window: no display (run under xvfb-run)");
    }
    if (!glfwInit()) {
      throw RenderError(
          with_glfw_detail("cannot create an OpenGL 3.3 window: GLFW failed to initialise (is the "
                           "display reachable? "
                           "run under xvfb-run)"));
    }
  }
  ++g_glfw_users;
}

void release_glfw() {
  std::lock_guard<std::mutex> lock(g_glfw_mutex);
  if (--g_glfw_users == 0) glfwTerminate();
}

}  // namespace

struct Window::Callbacks {
  std::function<void(const std::vector<std::string>&)> drop;
  std::function<void(glm::vec2)> content_scale;
  std::function<void(const InputEvent&)> input;

  static void send(GLFWwindow* w, const InputEvent& event) {
    auto* callbacks = static_cast<Callbacks*>(glfwGetWindowUserPointer(w));
    if (callbacks && callbacks->input) callbacks->input(event);
  }
};

Window::Window(const WindowOptions& options) : callbacks_(std::make_unique<Callbacks>()) {
  acquire_glfw();
  glfwDefaultWindowHints();
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
  glfwWindowHint(GLFW_SAMPLES, options.msaa_samples);
  glfwWindowHint(GLFW_SCALE_TO_MONITOR, GLFW_TRUE);
  glfwWindowHint(GLFW_ALPHA_BITS, 8);
  g_last_glfw_error.clear();
  window_ =
      glfwCreateWindow(options.size.x, options.size.y, options.title.c_str(), nullptr, nullptr);
  if (!window_) {
    std::string message = with_glfw_detail(
        "cannot create an OpenGL 3.3 window: the driver offers no OpenGL 3.3 core context");
    release_glfw();
    throw RenderError(message);
  }
  glfwMakeContextCurrent(window_);
  const int version = gladLoadGL(glfwGetProcAddress);
  if (version == 0 || GLAD_VERSION_MAJOR(version) < 3 ||
      (GLAD_VERSION_MAJOR(version) == 3 && GLAD_VERSION_MINOR(version) < 3)) {
    destroy();
    throw RenderError(
        "cannot load OpenGL 3.3 functions (glad failed; is the GL driver installed?)");
  }
  glfwSwapInterval(options.vsync ? 1 : 0);

  glfwSetWindowUserPointer(window_, callbacks_.get());
  glfwSetDropCallback(window_, [](GLFWwindow* w, int count, const char** paths) {
    auto* callbacks = static_cast<Callbacks*>(glfwGetWindowUserPointer(w));
    if (!callbacks || !callbacks->drop) return;
    std::vector<std::string> files(paths, paths + count);
    callbacks->drop(files);
  });
  glfwSetWindowContentScaleCallback(window_, [](GLFWwindow* w, float x, float y) {
    auto* callbacks = static_cast<Callbacks*>(glfwGetWindowUserPointer(w));
    if (callbacks && callbacks->content_scale) callbacks->content_scale(glm::vec2(x, y));
  });
  // Input: translated to InputEvents in arrival order (the ImGui layer queues them per frame).
  glfwSetKeyCallback(window_, [](GLFWwindow* w, int key, int, int action, int) {
    if (action == GLFW_REPEAT) return;  // ImGui makes its own repeats from held keys
    Callbacks::send(w, InputEvent::key(key, action == GLFW_PRESS));
  });
  glfwSetCharCallback(window_, [](GLFWwindow* w, unsigned codepoint) {
    Callbacks::send(w, InputEvent::text(codepoint));
  });
  glfwSetMouseButtonCallback(window_, [](GLFWwindow* w, int button, int action, int) {
    Callbacks::send(w, InputEvent::mouse_button(button, action == GLFW_PRESS));
  });
  glfwSetCursorPosCallback(window_, [](GLFWwindow* w, double x, double y) {
    Callbacks::send(w, InputEvent::mouse_pos(float(x), float(y)));
  });
  glfwSetCursorEnterCallback(window_, [](GLFWwindow* w, int entered) {
    if (entered) {
      double x = 0.0, y = 0.0;
      glfwGetCursorPos(w, &x, &y);
      Callbacks::send(w, InputEvent::mouse_pos(float(x), float(y)));
    } else {
      Callbacks::send(w, InputEvent::mouse_leave());
    }
  });
  glfwSetScrollCallback(window_, [](GLFWwindow* w, double dx, double dy) {
    Callbacks::send(w, InputEvent::wheel(float(dx), float(dy)));
  });
  glfwSetWindowFocusCallback(window_, [](GLFWwindow* w, int focused) {
    Callbacks::send(w, InputEvent::focus(focused != 0));
  });
}

Window::~Window() {
  destroy();
}

void Window::destroy() {
  if (!window_) return;
  glfwDestroyWindow(std::exchange(window_, nullptr));
  release_glfw();
}

Window::Window(Window&& other) noexcept
    : window_(std::exchange(other.window_, nullptr)), callbacks_(std::move(other.callbacks_)) {}

Window& Window::operator=(Window&& other) noexcept {
  if (this != &other) {
    destroy();
    window_ = std::exchange(other.window_, nullptr);
    callbacks_ = std::move(other.callbacks_);
  }
  return *this;
}

void Window::make_current() const {
  glfwMakeContextCurrent(window_);
}
bool Window::should_close() const {
  return glfwWindowShouldClose(window_) != 0;
}
void Window::set_should_close(bool value) {
  glfwSetWindowShouldClose(window_, value ? 1 : 0);
}
void Window::swap_buffers() {
  glfwSwapBuffers(window_);
}
void Window::set_vsync(bool enabled) {
  make_current();
  glfwSwapInterval(enabled ? 1 : 0);
}
void Window::set_title(const std::string& title) {
  glfwSetWindowTitle(window_, title.c_str());
}

glm::ivec2 Window::framebuffer_size() const {
  glm::ivec2 size{0};
  glfwGetFramebufferSize(window_, &size.x, &size.y);
  return size;
}

glm::ivec2 Window::window_size() const {
  glm::ivec2 size{0};
  glfwGetWindowSize(window_, &size.x, &size.y);
  return size;
}

glm::vec2 Window::content_scale() const {
  glm::vec2 scale{1.0f};
  glfwGetWindowContentScale(window_, &scale.x, &scale.y);
  if (!(scale.x > 0.0f) || !(scale.y > 0.0f)) scale = glm::vec2(1.0f);
  return scale;
}

void Window::set_drop_callback(std::function<void(const std::vector<std::string>&)> callback) {
  callbacks_->drop = std::move(callback);
}

void Window::set_content_scale_callback(std::function<void(glm::vec2)> callback) {
  callbacks_->content_scale = std::move(callback);
}

void Window::set_input_callback(std::function<void(const InputEvent&)> callback) {
  callbacks_->input = std::move(callback);
}

void Window::deliver_drop(const std::vector<std::string>& paths) {
  if (callbacks_->drop) callbacks_->drop(paths);
}

void Window::set_window_size(glm::ivec2 size) {
  glfwSetWindowSize(window_, std::max(size.x, 1), std::max(size.y, 1));
}

void Window::iconify() {
  glfwIconifyWindow(window_);
}

void Window::restore() {
  glfwRestoreWindow(window_);
}

std::string Window::gl_description() const {
  auto text = [](GLenum name) {
    const auto* value = reinterpret_cast<const char*>(glGetString(name));
    return std::string(value ? value : "?");
  };
  return text(GL_RENDERER) + " / " + text(GL_VERSION);
}

void Window::poll_events() {
  glfwPollEvents();
}
void Window::wait_events(double timeout_seconds) {
  glfwWaitEventsTimeout(timeout_seconds);
}

}  // namespace galaxy::render
