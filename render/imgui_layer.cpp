// Dear ImGui panels: context, GLFW + OpenGL3 backends, DejaVu font and a dark style matching the
// sky.
#include "render/imgui_layer.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "render/fonts.h"
#include "render/window.h"

namespace galaxy::render {

namespace {

void apply_style(float scale) {
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
  style.ScaleAllSizes(scale);
  ImGui::GetStyle() = style;
}

}  // namespace

ImGuiLayer::ImGuiLayer(Window& window, float font_px, const std::string& font_path)
    : font_px_(font_px), scale_(window.content_scale().y), font_path_(find_font(font_path)) {
  IMGUI_CHECKVERSION();
  ImGuiContext* previous = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the user's working directory
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  apply_style(scale_);
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
  apply_style(scale_);
  ImGui_ImplOpenGL3_DestroyFontsTexture();
  build_fonts();
  ImGui_ImplOpenGL3_CreateFontsTexture();
}

}  // namespace galaxy::render
