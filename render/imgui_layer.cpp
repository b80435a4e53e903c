// Dear ImGui panels: context, GLFW + OpenGL3 backends, DejaVu font and a dark style matching the
// sky.
#include "render/imgui_layer.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <vector>

#include "render/fonts.h"
#include "render/window.h"

namespace galaxy::render {

namespace {

void apply_style(float scale, bool high_contrast) {
  ImGuiStyle style;
  ImGui::StyleColorsDark(&style);
  style.WindowRounding = 6.0f;
  style.FrameRounding = 4.0f;
  style.GrabRounding = 4.0f;
  style.WindowBorderSize = 0.0f;
  ImVec4* colors = style.Colors;
  colors[ImGuiCol_WindowBg] = ImVec4(0.04f, 0.05f, 0.10f, 0.88f);
  colors[ImGuiCol_PopupBg] = ImVec4(0.05f, 0.06f, 0.12f, 0.95f);
  colors[ImGuiCol_TitleBgActive] = ImVec4(0.10f, 0.16f, 0.32f, 1.00f);
  colors[ImGuiCol_FrameBg] = ImVec4(0.12f, 0.16f, 0.28f, 0.70f);
  colors[ImGuiCol_Header] = ImVec4(0.20f, 0.30f, 0.55f, 0.55f);
  if (high_contrast) {
    // Projectors wash out mid-tones: pure white text on near-opaque black.
    colors[ImGuiCol_Text] = ImVec4(1.0f, 1.0f, 1.0f, 1.0f);
    colors[ImGuiCol_WindowBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.94f);
    colors[ImGuiCol_PopupBg] = ImVec4(0.0f, 0.0f, 0.0f, 0.97f);
  }
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

// Dear ImGui 1.86 samples io.KeysDown once per frame, so a key pressed and released between two
// frames is never seen: quick taps of Enter, arrows or F12 were lost, most of all when a frame is
// slow (hundreds of thousands of stars on a software renderer). A release that arrives in the same
// frame as its press is therefore held back until the next frame has started.
struct KeyTapKeeper {
  struct Release {
    GLFWwindow* window;
    int key, scancode, mods;
  };
  std::vector<int> pressed_this_frame;
  std::vector<Release> held_releases;

  static void on_key(GLFWwindow* window, int key, int scancode, int action, int mods) {
    KeyTapKeeper& keeper = instance();
    if (action == GLFW_PRESS) keeper.pressed_this_frame.push_back(key);
    if (action == GLFW_RELEASE) {
      for (int pressed : keeper.pressed_this_frame) {
        if (pressed == key) {
          keeper.held_releases.push_back({window, key, scancode, mods});
          return;
        }
      }
    }
    ImGui_ImplGlfw_KeyCallback(window, key, scancode, action, mods);
  }
  // After NewFrame: this frame saw the keys down; deliver their releases for the next one.
  void frame_started() {
    pressed_this_frame.clear();
    std::vector<Release> releases;
    releases.swap(held_releases);
    for (const Release& r : releases)
      ImGui_ImplGlfw_KeyCallback(r.window, r.key, r.scancode, GLFW_RELEASE, r.mods);
  }
  static KeyTapKeeper& instance() {
    static KeyTapKeeper keeper;
    return keeper;
  }
};

}  // namespace

ImGuiLayer::ImGuiLayer(Window& window, float font_px, const std::string& font_path)
    : font_px_(font_px), scale_(window.content_scale().y), font_path_(find_font(font_path)) {
  IMGUI_CHECKVERSION();
  ImGuiContext* previous = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the user's working directory
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), true);
  // Replaces the backend's key callback with one that forwards to it (which chains further).
  glfwSetKeyCallback(window.handle(), &KeyTapKeeper::on_key);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  apply_style(scale_, high_contrast_);
  build_fonts();
  if (previous) ImGui::SetCurrentContext(previous);
}

ImGuiLayer::~ImGuiLayer() {
  ImGuiContext* previous = ImGui::GetCurrentContext();
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext(context_);
  ImGui::SetCurrentContext(previous != context_ ? previous : nullptr);
}

void ImGuiLayer::build_fonts() {
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();
  add_font(*io.Fonts, font_path_, font_px_ * scale_);
  io.Fonts->Build();
}

void ImGuiLayer::begin_frame() {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
  KeyTapKeeper::instance().frame_started();
}

void ImGuiLayer::end_frame() {
  ImGui::SetCurrentContext(context_);
  ImGui::Render();
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void ImGuiLayer::set_scale(float scale) {
  if (!(scale > 0.0f) || scale == scale_) return;
  ImGui::SetCurrentContext(context_);
  scale_ = scale;
  apply_style(scale_, high_contrast_);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  build_fonts();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

void ImGuiLayer::set_high_contrast(bool on) {
  if (on == high_contrast_) return;
  ImGui::SetCurrentContext(context_);
  high_contrast_ = on;
  apply_style(scale_, high_contrast_);
}

}  // namespace galaxy::render
