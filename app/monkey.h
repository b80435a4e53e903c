// The monkey test's driver (`galaxy --monkey SEED`): thousands of seeded random events fed into the
// real window, through the same path the window's own input takes, then a check that it still
// answers.
//
// Each frame it may queue a burst of events as X and GLFW would report them: typing (capitals with
// Shift, accents, CJK, emoji, long words), Ctrl/Shift/Alt combinations (Ctrl+A/C/V/X/Z,
// Shift+arrows), editing and navigation keys, F-keys (F1, F5, F12), Tab and Esc, mouse moves,
// clicks, double-clicks, drags and Shift+drags over the panels and the sky, the wheel, focus loss;
// it also resizes the window (down to 1x1), minimises it, drops good and bad files on it, opens or
// closes every panel, and makes some frames deliberately slow. At the end it types a known word
// into Search (Ctrl+F, Ctrl+A, the word, Enter) and checks that the word is searched and selected:
// the window is alive and answers.
//
// Everything it writes (fixtures, screenshots, exports) goes into a fresh temporary folder that is
// removed when the run passes and kept (and named) when it fails.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/input_queue.h"

namespace galaxy::app {
class AppState;
}

namespace galaxy {

struct MonkeyOptions {
  std::uint32_t seed = 1;
  std::size_t events = 3000;  // input events to send before the final check
};

// What the monkey may do to the window, besides input.
struct MonkeyHost {
  std::function<void(const render::InputEvent&)> inject;
  std::function<std::size_t()> pending_input;
  std::function<glm::ivec2()> window_size;
  std::function<void(glm::ivec2)> resize;
  std::function<void(bool)> minimise;  // true: iconify, false: restore
  std::function<void(const std::string&)> drop_file;
  std::function<void(bool)> show_all_panels;  // true: open every panel; false: close them
  std::function<void(const std::string&)> set_output_folder;  // screenshots and exports go here
  // For the final check: the Search field's text and the selected word ("" if none).
  std::function<std::string()> search_query;
  std::function<std::string()> selected_word;
  // A word of the galaxy shown now, to search for at the end.
  std::function<std::string()> probe_word;
  // Saves the window (with its panels) to this PNG, for a failed run.
  std::function<void(const std::string&)> screenshot;
};

// Fills the host's state-side hooks from the window's state: show_all_panels, search_query,
// selected_word and probe_word.
void add_state_probes(MonkeyHost& host, app::AppState& state);

class Monkey {
 public:
  Monkey(const MonkeyOptions& options, MonkeyHost host);
  ~Monkey();
  Monkey(const Monkey&) = delete;
  Monkey& operator=(const Monkey&) = delete;

  // Once per frame, before the frame's input is taken: queues this frame's events.
  void before_frame();
  bool done() const { return phase_ == Phase::Done; }
  // 0 when the window answered the final check, 1 otherwise (after done()); prints a summary.
  int finish();

 private:
  enum class Phase { Events, Settle, Probe, Check, Failed, Done };
  void random_burst();
  void type_text(const std::u32string& text);
  void tap(int key, bool ctrl = false, bool shift = false, bool alt = false);
  void send(const render::InputEvent& event);
  glm::vec2 random_point();
  void write_fixtures();

  MonkeyOptions options_;
  MonkeyHost host_;
  std::mt19937 rng_;
  Phase phase_ = Phase::Events;
  std::size_t sent_ = 0;
  std::size_t frames_ = 0;
  std::size_t phase_frames_ = 0;
  std::size_t slow_frames_ = 0, resizes_ = 0, drops_ = 0, focus_losses_ = 0, minimised_ = 0;
  std::vector<int> held_keys_;  // keys pressed by one burst and released by a later one
  bool left_down_ = false;
  bool is_minimised_ = false;
  glm::vec2 mouse_{800.0f, 450.0f};
  std::string folder_;
  std::vector<std::string> drop_candidates_;
  std::string probe_;
  std::string failure_;
};

}  // namespace galaxy
