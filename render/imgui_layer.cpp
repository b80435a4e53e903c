// Dear ImGui panels: context, GLFW + OpenGL3 backends, DejaVu font and a dark style matching the
// sky.
#include "render/imgui_layer.h"

#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <cfloat>

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

// Hands one frame's input to ImGui: called between the backend's NewFrame (display size, time,
// cursor shape; it also polls the mouse, which this overrides) and ImGui::NewFrame, so that every
// field ImGui merges at NewFrame (io.KeyMods among them) stays as it was set for the whole frame.
void apply_frame_input(const FrameInput& input) {
  ImGuiIO& io = ImGui::GetIO();
  for (int key = 0; key < FrameInput::kKeyCount; ++key) io.KeysDown[key] = input.keys_down[key];
  io.KeyCtrl = input.ctrl;
  io.KeyShift = input.shift;
  io.KeyAlt = input.alt;
  io.KeySuper = input.super;
  for (int button = 0; button < FrameInput::kButtonCount; ++button)
    io.MouseDown[button] = input.mouse_down[std::size_t(button)];
  io.MousePos =
      input.mouse_valid ? ImVec2(input.mouse_x, input.mouse_y) : ImVec2(-FLT_MAX, -FLT_MAX);
  io.MouseWheel = input.wheel_y;
  io.MouseWheelH = input.wheel_x;
  for (unsigned codepoint : input.text) io.AddInputCharacter(codepoint);
  if (input.focus_lost) io.AddFocusEvent(false);
}

}  // namespace

ImGuiLayer::ImGuiLayer(Window& window, float font_px, const std::string& font_path)
    : window_(window),
      font_px_(font_px),
      scale_(window.content_scale().y),
      font_path_(find_font(font_path)) {
  IMGUI_CHECKVERSION();
  ImGuiContext* previous = ImGui::GetCurrentContext();
  context_ = ImGui::CreateContext();
  ImGui::SetCurrentContext(context_);
  ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in the user's working directory
  // The backend's own callbacks would write io in the middle of a frame; the window's events go
  // through input_ instead (see input_queue.h).
  ImGui_ImplGlfw_InitForOpenGL(window.handle(), /*install_callbacks=*/false);
  window.set_input_callback([this](const InputEvent& event) { input_.push(event); });
  ImGui_ImplOpenGL3_Init("#version 330 core");
  apply_style(scale_, high_contrast_);
  build_fonts();
  if (previous) ImGui::SetCurrentContext(previous);
}

ImGuiLayer::~ImGuiLayer() {
  window_.set_input_callback(nullptr);
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
  // A 4K screen at content scale 3 in presentation mode asks for 70+ px type: rasterising every
  // glyph range that large makes an atlas of hundreds of MB, beyond some GL texture limits. Above
  // kMaxAtlasFontPx the atlas stays at that size and ImGui scales the glyphs up when drawing.
  const float wanted_px = font_px_ * scale_;
  const float atlas_px = std::min(wanted_px, kMaxAtlasFontPx);
  io.FontGlobalScale = wanted_px / atlas_px;
  add_font(*io.Fonts, font_path_, atlas_px);
  io.Fonts->Build();
}

void ImGuiLayer::begin_frame() {
  ImGui::SetCurrentContext(context_);
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  apply_frame_input(input_.next_frame(ImGui::GetIO().WantTextInput));
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
