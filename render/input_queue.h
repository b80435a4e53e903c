// Window input as an ordered queue of events, handed to Dear ImGui one frame's worth at a time.
//
// Dear ImGui 1.86 reads input as state sampled once per frame (io.KeysDown, io.KeyCtrl,
// io.MouseDown,
// ...) and requires it to stay fixed between NewFrame() and Render(): InputText() asserts that
// io.KeyMods (merged at NewFrame) still equals io.KeyCtrl/KeyShift/KeyAlt/KeySuper. The GLFW
// callbacks arrive whenever events are polled, and a fast typist or a slow frame puts a press and
// its release (or Shift down, P, Shift up) into one frame. So the callbacks only queue events here;
// before each NewFrame the window takes the next frame's worth, by the "trickling" rules Dear
// ImGui 1.87 adopted for its own input queue: a frame stops before the second change of the same
// key or button, before a key change that follows typed text (and text that follows a key change)
// while a text field is active, and before mouse moves or keys that follow a button change. Every
// event is delivered, in order, and modifiers always match the keys that are down. One refinement
// over 1.87: in a text field the keys that type (letters, digits, Shift) do not split frames, since
// the field reads them as characters; so a burst of typing fits one frame even when frames are
// slow.
//
// GL-free and GLFW-free (key codes are GLFW's, as ImGui 1.86's io.KeysDown is indexed by them), so
// it is tested without a window.
#pragma once

#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <vector>

namespace galaxy::render {

// GLFW's key codes for the modifiers (GLFW_KEY_LEFT_SHIFT ...), kept here so this header needs no
// GLFW; input_queue.cpp checks them against glfw3.h at compile time.
namespace modifier_keys {
constexpr int kLeftShift = 340, kLeftControl = 341, kLeftAlt = 342, kLeftSuper = 343;
constexpr int kRightShift = 344, kRightControl = 345, kRightAlt = 346, kRightSuper = 347;
}  // namespace modifier_keys

// One input event, as the window reported it.
struct InputEvent {
  enum class Type : std::uint8_t {
    Key,          // `code` is a GLFW key code, `down` press or release (repeats are not events)
    Text,         // `code` is a Unicode code point typed
    MouseButton,  // `code` is the button (0 left, 1 right, 2 middle, 3-4 extra), `down`
    MousePos,     // `x`, `y` in window coordinates
    MouseLeave,   // the pointer left the window (ImGui then sees no mouse)
    Wheel,        // `x` horizontal, `y` vertical scroll steps
    Focus,        // `down` = the window gained (true) or lost (false) keyboard focus
  };
  Type type = Type::Key;
  int code = 0;
  bool down = false;
  float x = 0.0f, y = 0.0f;

  static InputEvent key(int glfw_key, bool down) { return {Type::Key, glfw_key, down}; }
  static InputEvent text(unsigned codepoint) { return {Type::Text, int(codepoint), false}; }
  static InputEvent mouse_button(int button, bool down) {
    return {Type::MouseButton, button, down};
  }
  static InputEvent mouse_pos(float x, float y) { return {Type::MousePos, 0, false, x, y}; }
  static InputEvent mouse_leave() { return {Type::MouseLeave}; }
  static InputEvent wheel(float dx, float dy) { return {Type::Wheel, 0, false, dx, dy}; }
  static InputEvent focus(bool focused) { return {Type::Focus, 0, focused}; }
};

// What Dear ImGui should see for one frame: the state after this frame's events.
struct FrameInput {
  static constexpr int kKeyCount = 512;  // ImGui 1.86's io.KeysDown
  static constexpr int kButtonCount = 5;
  std::bitset<kKeyCount> keys_down;
  bool ctrl = false, shift = false, alt = false, super = false;  // always derived from keys_down
  std::array<bool, kButtonCount> mouse_down{};
  bool mouse_valid = false;  // false: pointer outside the window (or not seen yet)
  float mouse_x = 0.0f, mouse_y = 0.0f;
  float wheel_x = 0.0f, wheel_y = 0.0f;  // this frame's scrolling
  std::vector<unsigned> text;            // this frame's typed code points, in order
  bool focus_lost = false;               // every key and button was released by it
};

class InputQueue {
 public:
  void push(const InputEvent& event);
  // Applies the events that belong to the next frame and returns the resulting state. A frame with
  // nothing queued repeats the held state (keys stay down, no text, no scrolling).
  // `text_field_active`: a text field had the keyboard last frame (ImGui's io.WantTextInput); only
  // then are key changes and typed text kept in separate frames, as ImGui 1.87 does.
  FrameInput next_frame(bool text_field_active);
  std::size_t pending() const { return events_.size(); }

 private:
  void update_modifiers();

  std::deque<InputEvent> events_;
  FrameInput state_;
};

}  // namespace galaxy::render
