// The window's input queue: one frame's worth of events at a time, by Dear ImGui 1.87's trickling
// rules (see input_queue.h).
#include "render/input_queue.h"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace galaxy::render {

static_assert(modifier_keys::kLeftShift == GLFW_KEY_LEFT_SHIFT &&
                  modifier_keys::kLeftControl == GLFW_KEY_LEFT_CONTROL &&
                  modifier_keys::kLeftAlt == GLFW_KEY_LEFT_ALT &&
                  modifier_keys::kLeftSuper == GLFW_KEY_LEFT_SUPER &&
                  modifier_keys::kRightShift == GLFW_KEY_RIGHT_SHIFT &&
                  modifier_keys::kRightControl == GLFW_KEY_RIGHT_CONTROL &&
                  modifier_keys::kRightAlt == GLFW_KEY_RIGHT_ALT &&
                  modifier_keys::kRightSuper == GLFW_KEY_RIGHT_SUPER,
              "modifier key codes must be GLFW's");
static_assert(GLFW_KEY_LAST < FrameInput::kKeyCount, "every GLFW key fits io.KeysDown");

namespace {
// Keys that type characters (and Shift, which only changes which): in a text field their presses
// and releases do nothing but text arrives as characters, so they need not wait for a frame of
// their own. Without this a fast typist on a 3-frames-a-second renderer would wait a frame for
// every letter.
bool is_typing_key(int key) {
  return (key >= GLFW_KEY_SPACE && key <= GLFW_KEY_WORLD_2) ||
         (key >= GLFW_KEY_KP_0 && key <= GLFW_KEY_KP_EQUAL && key != GLFW_KEY_KP_ENTER) ||
         key == modifier_keys::kLeftShift || key == modifier_keys::kRightShift;
}
}  // namespace

void InputQueue::push(const InputEvent& event) {
  switch (event.type) {
    case InputEvent::Type::Key:
      if (event.code < 0 || event.code >= FrameInput::kKeyCount) return;  // GLFW_KEY_UNKNOWN
      break;
    case InputEvent::Type::MouseButton:
      if (event.code < 0 || event.code >= FrameInput::kButtonCount) return;
      break;
    case InputEvent::Type::Text:
      // ImGui 1.86 stores UTF-16 units; NUL and surrogate halves are not characters to type.
      if (event.code <= 0 || event.code > 0x10FFFF || (event.code >= 0xD800 && event.code < 0xE000))
        return;
      break;
    default:
      break;
  }
  events_.push_back(event);
}

void InputQueue::update_modifiers() {
  using namespace modifier_keys;
  const auto& keys = state_.keys_down;
  state_.ctrl = keys[kLeftControl] || keys[kRightControl];
  state_.shift = keys[kLeftShift] || keys[kRightShift];
  state_.alt = keys[kLeftAlt] || keys[kRightAlt];
  state_.super = keys[kLeftSuper] || keys[kRightSuper];
}

FrameInput InputQueue::next_frame(bool text_field_active) {
  state_.wheel_x = state_.wheel_y = 0.0f;
  state_.text.clear();
  state_.focus_lost = false;

  std::bitset<FrameInput::kKeyCount> keys_changed;
  unsigned buttons_changed = 0;
  bool mouse_moved = false, wheeled = false, key_changed = false, typed = false;
  bool editing_key_changed = false;  // a key other than a typing key (Enter, Backspace, Ctrl...)

  while (!events_.empty()) {
    const InputEvent& e = events_.front();
    bool applies_now = true;
    switch (e.type) {
      case InputEvent::Type::MousePos:
      case InputEvent::Type::MouseLeave: {
        const bool valid = e.type == InputEvent::Type::MousePos;
        const bool moves = valid != state_.mouse_valid ||
                           (valid && (e.x != state_.mouse_x || e.y != state_.mouse_y));
        if (!moves) break;
        // A move after a click belongs to the next frame, so the click happens where it was made.
        if (buttons_changed != 0 || wheeled || key_changed || typed) {
          applies_now = false;
          break;
        }
        state_.mouse_valid = valid;
        if (valid) {
          state_.mouse_x = e.x;
          state_.mouse_y = e.y;
        }
        mouse_moved = true;
        break;
      }
      case InputEvent::Type::MouseButton: {
        const unsigned bit = 1u << unsigned(e.code);
        if (state_.mouse_down[std::size_t(e.code)] == e.down) break;
        // A press and its release in separate frames, so ImGui sees the click.
        if ((buttons_changed & bit) != 0 || wheeled) {
          applies_now = false;
          break;
        }
        state_.mouse_down[std::size_t(e.code)] = e.down;
        buttons_changed |= bit;
        break;
      }
      case InputEvent::Type::Wheel:
        if (e.x == 0.0f && e.y == 0.0f) break;
        if (mouse_moved || buttons_changed != 0) {
          applies_now = false;
          break;
        }
        state_.wheel_x += e.x;
        state_.wheel_y += e.y;
        wheeled = true;
        break;
      case InputEvent::Type::Key: {
        const std::size_t key = std::size_t(e.code);
        if (state_.keys_down[key] == e.down) break;
        // While typing into a field, letters (without Ctrl, Alt or Super) reach it as text.
        const bool typing = text_field_active && is_typing_key(e.code) && !state_.ctrl &&
                            !state_.alt && !state_.super;
        // ImGui samples keys once a frame: a key's press and its release go to separate frames
        // (else the tap is lost), and so does Ctrl released after Ctrl+A was pressed.
        if ((keys_changed[key] && !typing) || (typed && text_field_active && !typing) ||
            buttons_changed != 0) {
          applies_now = false;
          break;
        }
        state_.keys_down[key] = e.down;
        update_modifiers();
        keys_changed[key] = true;
        key_changed = true;
        if (!typing) editing_key_changed = true;
        break;
      }
      case InputEvent::Type::Text:
        // In a text field, text after a key change waits a frame: "ab", Backspace, "c" must not
        // reach InputText as "abc" then Backspace.
        if ((editing_key_changed && text_field_active) || buttons_changed != 0 || mouse_moved ||
            wheeled) {
          applies_now = false;
          break;
        }
        state_.text.push_back(unsigned(e.code));
        if (text_field_active) typed = true;
        break;
      case InputEvent::Type::Focus:
        if (!e.down) {
          // Releases that happen while another window has focus are never reported: let go of
          // everything now, as ImGui itself does on focus loss, so no modifier stays stuck.
          state_.keys_down.reset();
          update_modifiers();
          state_.mouse_down.fill(false);
          state_.focus_lost = true;
        }
        break;
    }
    if (!applies_now) break;
    events_.pop_front();
  }
  return state_;
}

}  // namespace galaxy::render
