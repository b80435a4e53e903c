// SkyControls: mouse and keyboard on the sky (see sky_controls.h).
#include "app/ui/sky_controls.h"

#include <string>
#include <vector>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/state/picking.h"

namespace galaxy::ui {

void SkyControls::handle_mouse(const SkyFrame& frame) {
  app::AppState& state = session_.state();
  app::OrbitCamera& camera = session_.camera();
  ImGuiIO& io = ImGui::GetIO();
  const glm::ivec2 fb = frame.framebuffer;
  const glm::ivec2 win = frame.window;
  const glm::vec2 to_fb(win.x > 0 ? float(fb.x) / float(win.x) : 1.0f,
                        win.y > 0 ? float(fb.y) / float(win.y) : 1.0f);
  const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
  const glm::vec2 mouse_fb = mouse * to_fb;
  const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
  const bool mouse_valid = ImGui::IsMousePosValid();
  const app::Dataset* dataset = state.dataset();

  auto pick = [&]() -> std::int32_t {
    if (!dataset || !mouse_valid) return -1;
    app::PickOptions options;
    options.radius_px *= frame.content_scale * to_fb.y;
    options.overlap_px *= frame.content_scale * to_fb.y;
    return app::pick_star(state.sky().positions(), camera.view_projection(fb), fb, mouse_fb,
                          options)
        .row;
  };

  // Shift + drag: a box; on release the stars inside are isolated.
  if (box_selecting_) {
    ImDrawList* list = ImGui::GetForegroundDrawList();
    const ImVec2 a(box_start_.x, box_start_.y), b(mouse.x, mouse.y);
    list->AddRectFilled(a, b, IM_COL32(255, 220, 90, 28));
    list->AddRect(a, b, IM_COL32(255, 220, 90, 200), 0.0f, 0, 1.5f);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      box_selecting_ = false;
      if (dataset && glm::length(mouse - box_start_) > 6.0f) {
        const std::vector<std::uint32_t> rows = app::rows_in_screen_box(
            state.sky().positions(), camera.view_projection(fb), fb, box_start_ * to_fb, mouse_fb);
        if (state.sky().isolate(rows, "box: " + std::to_string(rows.size()) + " words"))
          session_.frame_focus();
        else
          session_.note(state.sky().isolation().error, true);
      }
    }
    state.analysis().set_hovered(-1);
    return;
  }

  // A drag that started in the sky keeps going even over a panel.
  if (left_down_) {
    if (glm::length(mouse - left_press_) > 3.0f) left_dragged_ = true;
    if (left_dragged_ && (delta.x != 0.0f || delta.y != 0.0f)) camera.orbit(delta);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      left_down_ = false;
      if (!left_dragged_) {
        const std::int32_t row = pick();
        if (row >= 0) state.analysis().select(row);
      }
    }
  }
  if (io.WantCaptureMouse) {
    state.analysis().set_hovered(-1);
    return;
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && io.KeyShift && dataset) {
    box_selecting_ = true;
    box_start_ = mouse;
    return;
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    left_down_ = true;
    left_dragged_ = false;
    left_press_ = mouse;
  }
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    const std::int32_t row = pick();
    if (row >= 0) session_.go_to_word(static_cast<std::uint32_t>(row));
  }
  if ((ImGui::IsMouseDown(ImGuiMouseButton_Right) || ImGui::IsMouseDown(ImGuiMouseButton_Middle)) &&
      (delta.x != 0.0f || delta.y != 0.0f))
    camera.pan(delta * to_fb, fb);
  if (io.MouseWheel != 0.0f && mouse_valid) camera.zoom_to_cursor(io.MouseWheel, mouse_fb, fb);

  const bool any_button = ImGui::IsMouseDown(0) || ImGui::IsMouseDown(1) || ImGui::IsMouseDown(2);
  state.analysis().set_hovered(any_button || frame.ignore_hover ? -1 : pick());
}

void SkyControls::handle_keyboard(float dt) {
  app::AppState& state = session_.state();
  app::OrbitCamera& camera = session_.camera();
  const session::Bookmarks& bookmarks = session_.bookmarks();
  ImGuiIO& io = ImGui::GetIO();
  // Function keys never type text, so they work even while a text field has the keyboard.
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false))
    state.set_panel(&app::PanelVisibility::help, !state.panels().help);
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) host_.request_screenshot();
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) host_.set_presentation(!state.view().presentation);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
    state.set_panel(&app::PanelVisibility::hide_all, false);
    state.set_panel(&app::PanelVisibility::search, true);
    focus_search_ = true;
  }
  if (io.WantCaptureKeyboard) return;

  auto down = [&io](int key) { return io.KeysDown[key]; };
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_TAB))
    state.set_panel(&app::PanelVisibility::hide_all, !state.panels().hide_all);
  if (pressed(GLFW_KEY_ESCAPE)) {
    if (state.panels().help)
      state.set_panel(&app::PanelVisibility::help, false);
    else if (bookmarks.playing)
      session_.stop_tour();
    else if (state.view().presentation)
      host_.set_presentation(false);
    else
      state.analysis().select(-1);
  }
  // A playing tour takes the keys presentation clickers send (Page Up / Page Down) and Space.
  const bool touring = bookmarks.playing && !session_.tour_player().empty();
  if (touring) {
    if (pressed(GLFW_KEY_SPACE) || pressed(GLFW_KEY_PAGE_DOWN) || pressed(GLFW_KEY_N)) {
      session_.next_step();
    }
    if (pressed(GLFW_KEY_BACKSPACE) || pressed(GLFW_KEY_PAGE_UP) || pressed(GLFW_KEY_P)) {
      session_.previous_step();
    }
  }
  if (pressed(GLFW_KEY_HOME)) session_.reset_view();
  if (!io.KeyCtrl) {
    if (pressed(GLFW_KEY_R))
      state.set_view_flag(&app::ViewSettings::auto_rotate, !state.view().auto_rotate);
    if (pressed(GLFW_KEY_B)) session_.add_bookmark();
    if (pressed(GLFW_KEY_I)) {
      if (state.isolate_selection())
        session_.frame_focus();
      else
        session_.note(state.sky().isolation().error, true);
    }
    if (pressed(GLFW_KEY_U) && state.sky().isolated()) {
      state.sky().clear_isolation();
      session_.reset_view();
    }
    if (pressed(GLFW_KEY_L))
      state.set_view_flag(&app::ViewSettings::show_labels, !state.view().show_labels);
    if (pressed(GLFW_KEY_C)) {
      state.coloring().cycle_scheme();
    }
    glm::vec3 axes(0.0f);
    if (down(GLFW_KEY_D) || down(GLFW_KEY_RIGHT)) axes.x += 1.0f;
    if (down(GLFW_KEY_A) || down(GLFW_KEY_LEFT)) axes.x -= 1.0f;
    if (down(GLFW_KEY_E) || (!touring && down(GLFW_KEY_PAGE_UP))) axes.y += 1.0f;
    if (down(GLFW_KEY_Q) || (!touring && down(GLFW_KEY_PAGE_DOWN))) axes.y -= 1.0f;
    if (down(GLFW_KEY_W) || down(GLFW_KEY_UP)) axes.z += 1.0f;
    if (down(GLFW_KEY_S) || down(GLFW_KEY_DOWN)) axes.z -= 1.0f;
    camera.move(axes, dt);
  }
}

}  // namespace galaxy::ui
