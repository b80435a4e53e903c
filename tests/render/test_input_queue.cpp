// The window's input queue, without a window: every event reaches ImGui in order, a key's press and
// release never share a frame, and the modifiers always match the keys that are down (the invariant
// whose breach aborted the app on Ctrl+A and fast capitals, issue 10).
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "render/input_queue.h"

namespace galaxy::render {
namespace {

namespace mk = modifier_keys;
constexpr int kKeyA = 65, kKeyP = 80, kBackspace = 259, kEnter = 257;

std::vector<FrameInput> drain(InputQueue& queue, bool text_field, std::size_t max_frames = 100000) {
  std::vector<FrameInput> frames;
  do {
    frames.push_back(queue.next_frame(text_field));
  } while (queue.pending() > 0 && frames.size() < max_frames);
  return frames;
}

std::u32string text_of(const std::vector<FrameInput>& frames) {
  std::u32string text;
  for (const FrameInput& f : frames)
    for (unsigned c : f.text) text.push_back(char32_t(c));
  return text;
}

void expect_modifiers_match_keys(const FrameInput& f) {
  EXPECT_EQ(f.ctrl, f.keys_down[mk::kLeftControl] || f.keys_down[mk::kRightControl]);
  EXPECT_EQ(f.shift, f.keys_down[mk::kLeftShift] || f.keys_down[mk::kRightShift]);
  EXPECT_EQ(f.alt, f.keys_down[mk::kLeftAlt] || f.keys_down[mk::kRightAlt]);
  EXPECT_EQ(f.super, f.keys_down[mk::kLeftSuper] || f.keys_down[mk::kRightSuper]);
}

// xdotool key ctrl+a: Ctrl down, A down, A up, Ctrl up, all before the next frame.
void push_ctrl_a(InputQueue& queue) {
  queue.push(InputEvent::key(mk::kLeftControl, true));
  queue.push(InputEvent::key(kKeyA, true));
  queue.push(InputEvent::key(kKeyA, false));
  queue.push(InputEvent::key(mk::kLeftControl, false));
}

TEST(InputQueue, AKeyTappedWithinOneFrameIsDownForOneFrameThenUp) {
  InputQueue queue;
  queue.push(InputEvent::key(kEnter, true));
  queue.push(InputEvent::key(kEnter, false));
  const FrameInput first = queue.next_frame(false);
  EXPECT_TRUE(first.keys_down[kEnter]);
  const FrameInput second = queue.next_frame(false);
  EXPECT_FALSE(second.keys_down[kEnter]);
  EXPECT_EQ(queue.pending(), 0u);
}

TEST(InputQueue, CtrlAPressedAndReleasedBetweenTwoFramesIsSeenAsCtrlA) {
  // xdotool key ctrl+a: all four events arrive before the next frame.
  InputQueue queue;
  push_ctrl_a(queue);
  const FrameInput first = queue.next_frame(true);
  EXPECT_TRUE(first.ctrl);
  EXPECT_TRUE(first.keys_down[kKeyA]);
  const FrameInput second = queue.next_frame(true);
  EXPECT_FALSE(second.ctrl);
  EXPECT_FALSE(second.keys_down[kKeyA]);
  expect_modifiers_match_keys(first);
  expect_modifiers_match_keys(second);
}

// Shift down, P down, 'P', P up, Shift up, 'a' down, 'a', 'a' up ...: as X reports "Paris".
void push_typing(InputQueue& queue, const std::string& text) {
  for (char c : text) {
    const bool capital = c >= 'A' && c <= 'Z';
    const int key = c == ' ' ? 32 : (capital ? c : c - 'a' + 'A');  // GLFW: ASCII capitals, space
    if (capital) queue.push(InputEvent::key(mk::kLeftShift, true));
    queue.push(InputEvent::key(key, true));
    queue.push(InputEvent::text(unsigned(c)));
    queue.push(InputEvent::key(key, false));
    if (capital) queue.push(InputEvent::key(mk::kLeftShift, false));
  }
}

TEST(InputQueue, FastTypingIntoATextFieldFitsOneFrameWithItsCapitals) {
  // On a 3-frames-a-second renderer a word arrives within one frame; it must not take one frame
  // per key.
  InputQueue queue;
  push_typing(queue, "Paris LONDON");
  const FrameInput f = queue.next_frame(/*text_field_active=*/true);
  EXPECT_EQ(std::u32string(f.text.begin(), f.text.end()), U"Paris LONDON");
  EXPECT_EQ(queue.pending(), 0u);
  expect_modifiers_match_keys(f);
  EXPECT_FALSE(f.shift);
  EXPECT_FALSE(f.keys_down[kKeyP]);
}

TEST(InputQueue, OutsideATextFieldEveryLetterTapIsSeenByTheApp) {
  // The window's own keys (R, L, C...) need each press seen for a frame.
  InputQueue queue;
  push_typing(queue, "rlr");
  const std::vector<FrameInput> frames = drain(queue, false);
  int presses_of_r = 0;
  bool was_down = false;
  for (const FrameInput& f : frames) {
    if (f.keys_down['R'] && !was_down) ++presses_of_r;
    was_down = f.keys_down['R'];
  }
  EXPECT_EQ(presses_of_r, 2);
  EXPECT_EQ(text_of(frames), U"rlr");
}

TEST(InputQueue, CtrlWithALetterInATextFieldIsAShortcutNotTyping) {
  // Ctrl+A then "x": the selection must exist (Ctrl+A seen) before "x" replaces it.
  InputQueue queue;
  push_ctrl_a(queue);
  push_typing(queue, "x");
  const std::vector<FrameInput> frames = drain(queue, true);
  ASSERT_GE(frames.size(), 2u);
  EXPECT_TRUE(frames[0].ctrl && frames[0].keys_down[kKeyA]);
  EXPECT_TRUE(frames[0].text.empty());
  std::size_t frame_of_x = 0;
  for (std::size_t i = 0; i < frames.size(); ++i)
    if (!frames[i].text.empty()) frame_of_x = i;
  EXPECT_GT(frame_of_x, 0u);
  EXPECT_FALSE(frames[frame_of_x].ctrl);
}

TEST(InputQueue, InATextFieldBackspaceBetweenLettersStaysBetweenThem) {
  // ImGui handles a frame's text before its keys: "ab", Backspace, "c" in one frame would give
  // "ab".
  InputQueue queue;
  queue.push(InputEvent::text('a'));
  queue.push(InputEvent::text('b'));
  queue.push(InputEvent::key(kBackspace, true));
  queue.push(InputEvent::key(kBackspace, false));
  queue.push(InputEvent::text('c'));
  const std::vector<FrameInput> frames = drain(queue, true);
  // Replay as InputText does (text, then keys that went down this frame) and read the result.
  std::string field;
  bool backspace_was_down = false;
  for (const FrameInput& f : frames) {
    for (unsigned c : f.text) field.push_back(char(c));
    if (f.keys_down[kBackspace] && !backspace_was_down && !field.empty()) field.pop_back();
    backspace_was_down = f.keys_down[kBackspace];
  }
  EXPECT_EQ(field, "ac");
}

TEST(InputQueue, AClickWithinOneFrameIsPressedWhereItWasMadeThenReleased) {
  InputQueue queue;
  queue.push(InputEvent::mouse_pos(10, 20));
  queue.push(InputEvent::mouse_button(0, true));
  queue.push(InputEvent::mouse_button(0, false));
  queue.push(InputEvent::mouse_pos(300, 400));
  const FrameInput first = queue.next_frame(false);
  EXPECT_TRUE(first.mouse_down[0]);
  EXPECT_TRUE(first.mouse_valid);
  EXPECT_EQ(first.mouse_x, 10.0f);
  EXPECT_EQ(first.mouse_y, 20.0f);
  const FrameInput second = queue.next_frame(false);
  EXPECT_FALSE(second.mouse_down[0]);
  const FrameInput third = queue.next_frame(false);
  EXPECT_EQ(third.mouse_x, 300.0f);
}

TEST(InputQueue, MovesWithinAFrameMergeAndWheelStepsAddUp) {
  InputQueue queue;
  for (int i = 0; i < 50; ++i) queue.push(InputEvent::mouse_pos(float(i), float(2 * i)));
  FrameInput f = queue.next_frame(false);
  EXPECT_EQ(f.mouse_x, 49.0f);
  EXPECT_EQ(queue.pending(), 0u);
  queue.push(InputEvent::wheel(0, 1));
  queue.push(InputEvent::wheel(0, 1));
  queue.push(InputEvent::wheel(0.5f, -3));
  f = queue.next_frame(false);
  EXPECT_EQ(f.wheel_y, -1.0f);
  EXPECT_EQ(f.wheel_x, 0.5f);
  // Scrolling is per frame; held state is not.
  f = queue.next_frame(false);
  EXPECT_EQ(f.wheel_y, 0.0f);
  EXPECT_EQ(f.mouse_x, 49.0f);
}

TEST(InputQueue, LeavingTheWindowHidesThePointerUntilItReturns) {
  InputQueue queue;
  queue.push(InputEvent::mouse_pos(5, 5));
  EXPECT_TRUE(queue.next_frame(false).mouse_valid);
  queue.push(InputEvent::mouse_leave());
  EXPECT_FALSE(queue.next_frame(false).mouse_valid);
  queue.push(InputEvent::mouse_pos(7, 8));
  EXPECT_TRUE(queue.next_frame(false).mouse_valid);
}

TEST(InputQueue, LosingFocusReleasesEveryKeyAndButtonSoNoModifierSticks) {
  // Alt+Tab away: the window never hears Alt's release.
  InputQueue queue;
  queue.push(InputEvent::key(mk::kLeftAlt, true));
  queue.push(InputEvent::key(mk::kRightControl, true));
  queue.push(InputEvent::mouse_button(1, true));
  FrameInput f = queue.next_frame(false);
  EXPECT_TRUE(f.alt);
  EXPECT_TRUE(f.ctrl);
  queue.push(InputEvent::focus(false));
  f = queue.next_frame(false);
  EXPECT_TRUE(f.focus_lost);
  EXPECT_FALSE(f.alt);
  EXPECT_FALSE(f.ctrl);
  EXPECT_FALSE(f.mouse_down[1]);
  EXPECT_TRUE(f.keys_down.none());
  EXPECT_FALSE(queue.next_frame(false).focus_lost);
}

TEST(InputQueue, KeysAndCharactersTheWindowCannotNameAreIgnored) {
  InputQueue queue;
  queue.push(InputEvent::key(-1, true));  // GLFW_KEY_UNKNOWN
  queue.push(InputEvent::key(FrameInput::kKeyCount, true));
  queue.push(InputEvent::mouse_button(7, true));
  queue.push(InputEvent::text(0));
  queue.push(InputEvent::text(0xD800));  // a lone surrogate half
  queue.push(InputEvent::text(0x110000));
  EXPECT_EQ(queue.pending(), 0u);
  queue.push(InputEvent::text(0x1F600));
  EXPECT_EQ(queue.next_frame(true).text, std::vector<unsigned>{0x1F600});
}

TEST(InputQueue, RepeatedPressesOfAHeldKeyChangeNothing) {
  InputQueue queue;
  queue.push(InputEvent::key(kKeyA, true));
  queue.push(InputEvent::key(kKeyA, true));
  queue.push(InputEvent::key(kKeyA, true));
  const FrameInput f = queue.next_frame(false);
  EXPECT_TRUE(f.keys_down[kKeyA]);
  EXPECT_EQ(queue.pending(), 0u);
}

// Random streams, checked against a reference that applies every event at once: nothing is lost,
// each key's and button's transitions come in their order, typed text is intact, each frame takes
// at least one event, and the modifiers match the keys on every frame.
class RandomStreams : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(RandomStreams, EveryEventArrivesInOrderAndModifiersAlwaysMatch) {
  std::mt19937 rng(GetParam());
  const int keys[] = {mk::kLeftShift,
                      mk::kLeftControl,
                      mk::kLeftAlt,
                      mk::kRightShift,
                      mk::kRightControl,
                      mk::kLeftSuper,
                      kKeyA,
                      kKeyP,
                      kBackspace,
                      kEnter};
  for (int round = 0; round < 20; ++round) {
    InputQueue queue;
    const bool text_field = round % 2 == 0;
    std::map<int, std::vector<bool>> key_transitions, button_transitions;
    std::map<int, bool> key_state, button_state;
    std::u32string typed;
    std::size_t events = 0;
    std::vector<FrameInput> frames;
    std::uniform_int_distribution<int> kind(0, 9), pick_key(0, 9), pick_button(0, 2),
        letter('a', 'z');
    for (int burst = 0; burst < 40; ++burst) {
      const int burst_size = std::uniform_int_distribution<int>(0, 30)(rng);
      for (int i = 0; i < burst_size; ++i, ++events) {
        const int k = kind(rng);
        if (k < 4) {
          const int key = keys[pick_key(rng)];
          const bool down = !key_state[key];
          queue.push(InputEvent::key(key, down));
          key_state[key] = down;
          key_transitions[key].push_back(down);
        } else if (k < 6) {
          const char32_t c = char32_t(letter(rng));
          queue.push(InputEvent::text(unsigned(c)));
          typed.push_back(c);
        } else if (k < 7) {
          const int button = pick_button(rng);
          const bool down = !button_state[button];
          queue.push(InputEvent::mouse_button(button, down));
          button_state[button] = down;
          button_transitions[button].push_back(down);
        } else if (k < 9) {
          queue.push(InputEvent::mouse_pos(float(rng() % 1600), float(rng() % 900)));
        } else {
          queue.push(InputEvent::wheel(0.0f, (rng() % 2) ? 1.0f : -1.0f));
        }
      }
      // Frames come at random times: sometimes none between bursts, sometimes several.
      const int frame_count = std::uniform_int_distribution<int>(0, 3)(rng);
      for (int f = 0; f < frame_count; ++f) {
        const std::size_t before = queue.pending();
        frames.push_back(queue.next_frame(text_field));
        if (before > 0) {
          EXPECT_LT(queue.pending(), before) << "a frame took no event";
        }
      }
    }
    const std::vector<FrameInput> rest = drain(queue, text_field);
    frames.insert(frames.end(), rest.begin(), rest.end());
    ASSERT_EQ(queue.pending(), 0u);
    EXPECT_LE(frames.size(), events + 200);

    // In a text field the typing keys (letters, Shift) may press and release within one frame:
    // their text is what counts, and that is compared below. Every other key keeps its taps.
    if (text_field)
      for (int key : {kKeyA, kKeyP, mk::kLeftShift, mk::kRightShift}) key_transitions.erase(key);
    std::map<int, std::vector<bool>> seen_keys, seen_buttons;
    FrameInput previous;
    for (const FrameInput& f : frames) {
      expect_modifiers_match_keys(f);
      for (int key : keys) {
        if (key_transitions.count(key) == 0 && text_field) continue;
        if (f.keys_down[key] != previous.keys_down[key]) seen_keys[key].push_back(f.keys_down[key]);
      }
      for (int b = 0; b < 3; ++b)
        if (f.mouse_down[b] != previous.mouse_down[b]) seen_buttons[b].push_back(f.mouse_down[b]);
      previous = f;
    }
    EXPECT_EQ(seen_keys, key_transitions) << "seed " << GetParam() << " round " << round;
    EXPECT_EQ(seen_buttons, button_transitions) << "seed " << GetParam() << " round " << round;
    EXPECT_EQ(text_of(frames), typed);
    for (int key : keys) EXPECT_EQ(previous.keys_down[key], key_state[key]) << "key " << key;
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, RandomStreams, ::testing::Values(1u, 2u, 3u, 42u, 2026u));

}  // namespace
}  // namespace galaxy::render
