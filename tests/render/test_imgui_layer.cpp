// The ImGui layer with a real context: huge type (a HiDPI screen in presentation mode) keeps its
// font atlas within bounds, and injected input reaches ImGui by frames with its invariants intact.
#include <gtest/gtest.h>

#include <imgui.h>
#include <imgui_stdlib.h>

#include <string>

#include "render/imgui_layer.h"
#include "render_fixture.h"

namespace galaxy::render {
namespace {

TEST(ImGuiLayer, HugeContentScalesKeepTheFontAtlasSmallAndScaleTheGlyphsInstead) {
  GALAXY_REQUIRE_GL();
  ImGuiLayer imgui(*gl_context.window, 15.0f);
  for (float scale : {1.0f, 2.0f, 4.5f, 9.0f}) {
    imgui.set_scale(scale);
    imgui.begin_frame();
    ImGui::Begin("Big");
    ImGui::TextUnformatted("Presentation: \xce\xb1\xce\xb2\xce\xb3 \xd0\x96 \xe2\x86\x92");
    const float line = ImGui::GetTextLineHeight();
    ImGui::End();
    imgui.end_frame();
    const ImGuiIO& io = ImGui::GetIO();
    // The type is as large as asked...
    EXPECT_NEAR(line, 15.0f * scale, 15.0f * scale * 0.25f) << "scale " << scale;
    // ...from an atlas no larger than the one for 48 px glyphs (4096 x 4096 at most).
    EXPECT_LE(io.Fonts->TexWidth, 4096) << "scale " << scale;
    EXPECT_LE(io.Fonts->TexHeight, 4096) << "scale " << scale;
  }
}

TEST(ImGuiLayer, CtrlAAndFastCapitalsInATextFieldKeepImGuisModifierInvariant) {
  // Debian's libimgui asserts io.KeyMods == the merged io.KeyCtrl/Shift/Alt/Super inside InputText;
  // before the input queue this sequence aborted the process.
  GALAXY_REQUIRE_GL();
  ImGuiLayer imgui(*gl_context.window, 15.0f);
  std::string text;
  auto frame = [&] {
    imgui.begin_frame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::Begin("Field");
    if (ImGui::GetFrameCount() < 3) ImGui::SetKeyboardFocusHere();
    ImGui::InputText("##field", &text);
    ImGui::End();
    imgui.end_frame();
  };
  for (int i = 0; i < 3; ++i) frame();
  auto tap = [&](int key, bool ctrl, bool shift, unsigned typed) {
    if (ctrl) imgui.inject(InputEvent::key(modifier_keys::kLeftControl, true));
    if (shift) imgui.inject(InputEvent::key(modifier_keys::kLeftShift, true));
    imgui.inject(InputEvent::key(key, true));
    if (typed) imgui.inject(InputEvent::text(typed));
    imgui.inject(InputEvent::key(key, false));
    if (shift) imgui.inject(InputEvent::key(modifier_keys::kLeftShift, false));
    if (ctrl) imgui.inject(InputEvent::key(modifier_keys::kLeftControl, false));
  };
  for (char c : std::string("Paris")) tap(c >= 'a' ? c - 32 : c, false, c < 'a', unsigned(c));
  tap('A', true, false, 0);                                               // Ctrl+A selects all...
  for (char c : std::string("LONDON")) tap(c, false, true, unsigned(c));  // ...typing replaces it
  for (int i = 0; i < 40 && imgui.pending_input() > 0; ++i) frame();
  frame();
  EXPECT_EQ(imgui.pending_input(), 0u);
  EXPECT_EQ(text, "LONDON");
}

}  // namespace
}  // namespace galaxy::render
