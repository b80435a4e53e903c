// The monkey test's driver: seeded random input for the real window, then a check that it answers
// (see monkey.h).
#include "app/monkey.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/state/app_state.h"

namespace galaxy {

void add_state_probes(MonkeyHost& host, app::AppState& state) {
  host.show_all_panels = [&state](bool open) {
    app::PanelVisibility panels = state.panels();
    panels.search = panels.neighbours = panels.analogy = panels.view = panels.dataset =
        panels.projection = panels.compare = panels.bookmarks = open;
    panels.help = false;
    panels.hide_all = false;
    state.set_panels(panels);
  };
  host.search_query = [&state] { return state.analysis().search().query; };
  host.selected_word = [&state] {
    const app::Dataset* dataset = state.dataset();
    const std::int32_t row = state.analysis().selected();
    return dataset && row >= 0 ? dataset->word(std::uint32_t(row)) : std::string();
  };
  host.probe_word = [&state] {
    const app::Dataset* dataset = state.dataset();
    return dataset && dataset->rows() > 0 ? dataset->word(0) : std::string();
  };
}

namespace {

using render::InputEvent;

std::u32string to_u32(const std::string& ascii) {
  return std::u32string(ascii.begin(), ascii.end());
}

// The GLFW key a character is typed with (US layout), and whether it needs Shift; 0 when no key
// types it (accents, CJK, emoji arrive as text alone, as from an input method).
int key_for(char32_t c, bool* shift) {
  *shift = false;
  if (c >= 'a' && c <= 'z') return GLFW_KEY_A + int(c - 'a');
  if (c >= 'A' && c <= 'Z') {
    *shift = true;
    return GLFW_KEY_A + int(c - 'A');
  }
  if (c >= '0' && c <= '9') return GLFW_KEY_0 + int(c - '0');
  if (c == ' ') return GLFW_KEY_SPACE;
  if (c == '-') return GLFW_KEY_MINUS;
  if (c == '+') {
    *shift = true;
    return GLFW_KEY_EQUAL;
  }
  if (c == '*') {
    *shift = true;
    return GLFW_KEY_8;
  }
  if (c == '.') return GLFW_KEY_PERIOD;
  return 0;
}

constexpr int kEditingKeys[] = {
    GLFW_KEY_TAB,      GLFW_KEY_ENTER,   GLFW_KEY_ESCAPE,    GLFW_KEY_BACKSPACE,   GLFW_KEY_DELETE,
    GLFW_KEY_LEFT,     GLFW_KEY_RIGHT,   GLFW_KEY_UP,        GLFW_KEY_DOWN,        GLFW_KEY_HOME,
    GLFW_KEY_END,      GLFW_KEY_PAGE_UP, GLFW_KEY_PAGE_DOWN, GLFW_KEY_SPACE,       GLFW_KEY_INSERT,
    GLFW_KEY_KP_ENTER, GLFW_KEY_F1,      GLFW_KEY_F5,        GLFW_KEY_F2,          GLFW_KEY_F3,
    GLFW_KEY_F4,       GLFW_KEY_F6,      GLFW_KEY_F7,        GLFW_KEY_F8,          GLFW_KEY_F9,
    GLFW_KEY_F10,      GLFW_KEY_F11,     GLFW_KEY_MENU,      GLFW_KEY_PRINT_SCREEN};
// The window's own single-letter keys (auto-rotate, labels, colours, isolate, bookmark, tour...).
constexpr int kAppKeys[] = {GLFW_KEY_R, GLFW_KEY_L, GLFW_KEY_C, GLFW_KEY_I, GLFW_KEY_U,
                            GLFW_KEY_B, GLFW_KEY_N, GLFW_KEY_P, GLFW_KEY_W, GLFW_KEY_A,
                            GLFW_KEY_S, GLFW_KEY_D, GLFW_KEY_Q, GLFW_KEY_E, GLFW_KEY_H};
constexpr int kComboKeys[] = {GLFW_KEY_A,     GLFW_KEY_C,         GLFW_KEY_V,      GLFW_KEY_X,
                              GLFW_KEY_Z,     GLFW_KEY_Y,         GLFW_KEY_F,      GLFW_KEY_W,
                              GLFW_KEY_LEFT,  GLFW_KEY_RIGHT,     GLFW_KEY_HOME,   GLFW_KEY_END,
                              GLFW_KEY_UP,    GLFW_KEY_BACKSPACE, GLFW_KEY_DELETE, GLFW_KEY_TAB,
                              GLFW_KEY_ENTER, GLFW_KEY_S,         GLFW_KEY_O,      GLFW_KEY_K};
constexpr int kHeldKeys[] = {
    GLFW_KEY_W,        GLFW_KEY_A,          GLFW_KEY_S,  GLFW_KEY_D,          GLFW_KEY_Q,
    GLFW_KEY_E,        GLFW_KEY_LEFT,       GLFW_KEY_UP, GLFW_KEY_LEFT_SHIFT, GLFW_KEY_LEFT_CONTROL,
    GLFW_KEY_LEFT_ALT, GLFW_KEY_RIGHT_SHIFT};
// Text beyond ASCII: accents, CJK, emoji (outside ImGui 1.86's 16-bit range), a combining mark.
constexpr char32_t kOtherText[] = {U'é', U'ü', U'ß', U'東', U'京', U'😀', U'\u0301', U'—', U'€'};

template <typename T, std::size_t N>
T pick(std::mt19937& rng, const T (&items)[N]) {
  return items[std::uniform_int_distribution<std::size_t>(0, N - 1)(rng)];
}

}  // namespace

Monkey::Monkey(const MonkeyOptions& options, MonkeyHost host)
    : options_(options), host_(std::move(host)), rng_(options.seed) {
  std::string pattern = (std::filesystem::temp_directory_path() / "galaxy-monkey-XXXXXX").string();
  if (!mkdtemp(pattern.data()))
    throw std::runtime_error("--monkey: cannot make a temporary folder");
  folder_ = pattern;
  host_.set_output_folder(folder_);
  write_fixtures();
  std::fprintf(stderr, "monkey: seed %u, %zu events, files in %s\n", options_.seed, options_.events,
               folder_.c_str());
}

Monkey::~Monkey() = default;

// Files to drop on the window: a small good galaxy and the usual ways a file is bad.
void Monkey::write_fixtures() {
  namespace fs = std::filesystem;
  const fs::path dir(folder_);
  {
    std::ofstream good(dir / "small-good.txt");
    std::uniform_real_distribution<float> value(-1.0f, 1.0f);
    std::uniform_int_distribution<int> letter('a', 'z'), length(2, 9);
    for (int row = 0; row < 400; ++row) {
      std::string word;
      for (int i = length(rng_); i > 0; --i) word.push_back(char(letter(rng_)));
      good << word << row;
      for (int d = 0; d < 12; ++d) good << ' ' << value(rng_);
      good << '\n';
    }
  }
  {
    // Words no panel expects: very long, printf directives, ImGui's "##" id marker, invalid UTF-8.
    std::ofstream odd(dir / "odd-words.txt");
    const std::string words[] = {
        std::string(400, 'w'),      "%s%n%d%%", "###", "c##", "a##b", "\xff\xfe\xc3",
        "\xe6\x9d\xb1\xe4\xba\xac", "x"};
    int row = 0;
    for (const std::string& word : words) {
      odd << word;
      for (int d = 0; d < 4; ++d) odd << ' ' << ((row * 7 + d * 3) % 11) * 0.1 - 0.5;
      odd << '\n';
      ++row;
    }
  }
  std::ofstream(dir / "one-word.txt") << "alone 0.1 0.2 0.3\n";
  std::ofstream(dir / "two-words.txt") << "left 1 0 0\nright -1 0.1 0\n";
  std::ofstream(dir / "one-dimension.txt") << "up 1\ndown -1\nflat 0.5\nmore 0.2\n";
  std::ofstream(dir / "empty.txt");
  {
    std::ofstream garbage(dir / "garbage.bin", std::ios::binary);
    for (int i = 0; i < 4096; ++i) garbage.put(char(rng_() & 0xFF));
  }
  std::ofstream(dir / "ragged.txt") << "cat 1 2 3\ndog 4 5\nbird x y z\n";
  std::ofstream(dir / "header-lies.txt") << "1000 50\nthe 0.1 0.2\n";
  std::ofstream(dir / "nan.txt") << "cat nan 1 2\ndog 1 2 3\n";
  std::ofstream(dir / "vectors.gz") << "not gzip at all";
  drop_candidates_ = {(dir / "small-good.txt").string(),
                      (dir / "odd-words.txt").string(),
                      (dir / "one-word.txt").string(),
                      (dir / "two-words.txt").string(),
                      (dir / "one-dimension.txt").string(),
                      (dir / "empty.txt").string(),
                      (dir / "garbage.bin").string(),
                      (dir / "ragged.txt").string(),
                      (dir / "header-lies.txt").string(),
                      (dir / "nan.txt").string(),
                      (dir / "vectors.gz").string(),
                      (dir / "missing.txt").string(),
                      dir.string(),
                      "/dev/null"};
}

void Monkey::send(const InputEvent& event) {
  host_.inject(event);
  ++sent_;
}

void Monkey::tap(int key, bool ctrl, bool shift, bool alt) {
  if (ctrl) send(InputEvent::key(GLFW_KEY_LEFT_CONTROL, true));
  if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, true));
  if (alt) send(InputEvent::key(GLFW_KEY_LEFT_ALT, true));
  send(InputEvent::key(key, true));
  send(InputEvent::key(key, false));
  if (alt) send(InputEvent::key(GLFW_KEY_LEFT_ALT, false));
  if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, false));
  if (ctrl) send(InputEvent::key(GLFW_KEY_LEFT_CONTROL, false));
}

// As X reports typing: Shift down around a capital, the key, its character, the key up.
void Monkey::type_text(const std::u32string& text) {
  for (char32_t c : text) {
    bool shift = false;
    const int key = key_for(c, &shift);
    if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, true));
    if (key) send(InputEvent::key(key, true));
    send(InputEvent::text(unsigned(c)));
    if (key) send(InputEvent::key(key, false));
    if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, false));
  }
}

// Half the clicks land where the panels usually are (left and right columns), half anywhere.
glm::vec2 Monkey::random_point() {
  const glm::ivec2 size = glm::max(host_.window_size(), glm::ivec2(1));
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  const float u = unit(rng_), v = unit(rng_);
  // Where the default layout has text fields (Search, the Dataset path, the analogy's A, B, C and
  // the expression; x from the right edge for the right-hand panels): typing needs a field.
  struct Field {
    float x, y;
    bool from_right;
  };
  static constexpr Field kTextFields[] = {{160, 49, false}, {455, 110, false}, {310, 68, true},
                                          {190, 68, true},  {75, 68, true},    {225, 310, true}};
  if (unit(rng_) < 0.25f) {
    const Field& f = kTextFields[rng_() % std::size(kTextFields)];
    return {f.from_right ? float(size.x) - f.x : f.x, f.y};
  }
  switch (rng_() % 4) {
    case 0:
      return {u * std::min(320.0f, float(size.x)), v * float(size.y)};
    case 1:
      return {float(size.x) - u * std::min(340.0f, float(size.x)), v * float(size.y)};
    default:
      // A little outside the window too: GLFW reports such positions during drags.
      return {(u * 1.04f - 0.02f) * float(size.x), (v * 1.04f - 0.02f) * float(size.y)};
  }
}

void Monkey::random_burst() {
  std::uniform_int_distribution<int> percent(0, 99);
  if (percent(rng_) < 25) return;  // a quiet frame
  // Release held keys now and then, so W or Shift is down across several frames but not forever.
  if (!held_keys_.empty() && percent(rng_) < 30) {
    send(InputEvent::key(held_keys_.back(), false));
    held_keys_.pop_back();
  }
  const int actions = 1 + int(rng_() % 3);
  for (int a = 0; a < actions; ++a) {
    const int roll = percent(rng_);
    if (roll < 18) {
      std::u32string text;
      const int length = percent(rng_) < 3 ? 300 : 1 + int(rng_() % 12);
      for (int i = 0; i < length; ++i) {
        const int kind = percent(rng_);
        if (kind < 60)
          text.push_back(char32_t('a' + rng_() % 26));
        else if (kind < 80)
          text.push_back(char32_t('A' + rng_() % 26));
        else if (kind < 87)
          text.push_back(char32_t('0' + rng_() % 10));
        else if (kind < 93)
          text.push_back(pick(rng_, U" -+*."));
        else
          text.push_back(pick(rng_, kOtherText));
      }
      // The words of the issue's report, now and then: Paris, LONDON.
      if (percent(rng_) < 10) text = percent(rng_) < 50 ? U"Paris" : U"LONDON";
      type_text(text);
    } else if (roll < 32) {
      const int mode = percent(rng_);
      const int key = pick(rng_, kComboKeys);
      if (mode < 50)
        tap(key, /*ctrl=*/true);
      else if (mode < 75)
        tap(pick(rng_, kEditingKeys), false, /*shift=*/true);
      else if (mode < 88)
        tap(key, true, true);
      else
        tap(key, false, false, /*alt=*/true);
    } else if (roll < 43) {
      const int key = pick(rng_, kEditingKeys);
      if (key == GLFW_KEY_F5 && percent(rng_) < 50) continue;  // presentation: not too often
      tap(key);
    } else if (roll < 45) {
      if (percent(rng_) < 15) tap(GLFW_KEY_F12);  // a screenshot, into the monkey's folder
    } else if (roll < 51) {
      const int key = pick(rng_, kAppKeys);
      send(InputEvent::key(key, true));
      send(InputEvent::text(unsigned('a' + (key - GLFW_KEY_A))));
      send(InputEvent::key(key, false));
    } else if (roll < 53) {
      const int key = pick(rng_, kHeldKeys);
      if (std::find(held_keys_.begin(), held_keys_.end(), key) == held_keys_.end()) {
        send(InputEvent::key(key, true));
        held_keys_.push_back(key);
      }
    } else if (roll < 62) {
      for (int i = 1 + int(rng_() % 6); i > 0; --i) {
        mouse_ = random_point();
        send(InputEvent::mouse_pos(mouse_.x, mouse_.y));
      }
    } else if (roll < 74) {
      mouse_ = random_point();
      send(InputEvent::mouse_pos(mouse_.x, mouse_.y));
      const int button = percent(rng_) < 75 ? 0 : 1 + int(rng_() % 2);
      const bool ctrl_click = button == 0 && percent(rng_) < 10;  // turns a slider into a field
      if (ctrl_click) send(InputEvent::key(GLFW_KEY_LEFT_CONTROL, true));
      send(InputEvent::mouse_button(button, true));
      send(InputEvent::mouse_button(button, false));
      if (ctrl_click) send(InputEvent::key(GLFW_KEY_LEFT_CONTROL, false));
      if (percent(rng_) < 20) {  // a double click
        send(InputEvent::mouse_button(button, true));
        send(InputEvent::mouse_button(button, false));
      }
    } else if (roll < 80) {
      // A drag: press, moves (some outside the window), release; sometimes Shift (box select).
      const bool shift = percent(rng_) < 30;
      const int button = percent(rng_) < 70 ? 0 : 1 + int(rng_() % 2);
      mouse_ = random_point();
      send(InputEvent::mouse_pos(mouse_.x, mouse_.y));
      if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, true));
      send(InputEvent::mouse_button(button, true));
      for (int i = 3 + int(rng_() % 8); i > 0; --i) {
        mouse_ += glm::vec2(float(int(rng_() % 120) - 60), float(int(rng_() % 120) - 60));
        send(InputEvent::mouse_pos(mouse_.x, mouse_.y));
      }
      send(InputEvent::mouse_button(button, false));
      if (shift) send(InputEvent::key(GLFW_KEY_LEFT_SHIFT, false));
    } else if (roll < 86) {
      for (int i = 1 + int(rng_() % 5); i > 0; --i)
        send(
            InputEvent::wheel(percent(rng_) < 10 ? 1.0f : 0.0f, percent(rng_) < 50 ? 1.0f : -1.0f));
    } else if (roll < 88) {
      const glm::ivec2 sizes[] = {{1, 1},      {60, 40},     {320, 200},   {800, 600},
                                  {1600, 900}, {1920, 1080}, {2400, 1300}, {200, 1000}};
      host_.resize(sizes[rng_() % std::size(sizes)]);
      ++resizes_;
    } else if (roll < 89) {
      is_minimised_ = !is_minimised_;
      host_.minimise(is_minimised_);
      ++minimised_;
    } else if (roll < 91) {
      send(InputEvent::focus(false));
      send(InputEvent::mouse_leave());
      send(InputEvent::focus(true));
      ++focus_losses_;
    } else if (roll < 93) {
      host_.drop_file(drop_candidates_[rng_() % drop_candidates_.size()]);
      ++drops_;
    } else if (roll < 95) {
      host_.show_all_panels(percent(rng_) < 70);
    } else if (roll < 97) {
      // A deliberately slow frame: a press and its release, Shift and its letter, all land in it.
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng_() % 250));
      ++slow_frames_;
    } else {
      send(InputEvent::mouse_leave());
    }
  }
}

void Monkey::before_frame() {
  ++frames_;
  ++phase_frames_;
  auto next = [this](Phase phase) {
    phase_ = phase;
    phase_frames_ = 0;
  };
  switch (phase_) {
    case Phase::Events:
      random_burst();
      if (sent_ >= options_.events) {
        for (int key : held_keys_) send(InputEvent::key(key, false));
        held_keys_.clear();
        for (int button = 0; button < 3; ++button) send(InputEvent::mouse_button(button, false));
        if (is_minimised_) host_.minimise(false);
        host_.resize({1600, 900});
        next(Phase::Settle);
      }
      break;
    case Phase::Settle:
      // Let loads finish and the queue drain before the check. A load cancelled from the Dataset
      // panel (or only bad files dropped) leaves no galaxy: open the small good one to search in.
      if (phase_frames_ % 60 == 1 && host_.probe_word().empty())
        host_.drop_file(drop_candidates_[0]);
      if (host_.pending_input() == 0 && phase_frames_ > 30 && !host_.probe_word().empty())
        next(Phase::Probe);
      if (phase_frames_ > 3000) {
        failure_ = "no galaxy could be opened after the events (" + drop_candidates_[0] + ")";
        host_.screenshot(folder_ + "/failed.png");
        next(Phase::Failed);
      }
      break;
    case Phase::Probe: {
      // Panels that appear take the focus: open them first, type a few frames later.
      if (phase_frames_ == 1) host_.show_all_panels(true);
      if (phase_frames_ < 5) break;
      probe_ = host_.probe_word();
      send(InputEvent::focus(true));
      send(InputEvent::mouse_pos(800.0f, 450.0f));
      tap(GLFW_KEY_F, /*ctrl=*/true);
      tap(GLFW_KEY_A, /*ctrl=*/true);
      type_text(to_u32(probe_));
      tap(GLFW_KEY_ENTER);
      next(Phase::Check);
      break;
    }
    case Phase::Check:
      if (host_.pending_input() == 0 && phase_frames_ > 20) {
        const std::string query = host_.search_query(), selected = host_.selected_word();
        if (query != probe_ || selected != probe_) {
          failure_ = "typed '" + probe_ +
                     "' into Search (Ctrl+F, Ctrl+A, Enter) but Search shows '" + query +
                     "' and the selection is '" + selected + "'; the window is in " + folder_ +
                     "/failed.png";
          host_.screenshot(folder_ + "/failed.png");
          next(Phase::Failed);
        } else {
          next(Phase::Done);
        }
      }
      break;
    case Phase::Failed:  // one more frame, for the screenshot
      next(Phase::Done);
      break;
    case Phase::Done:
      break;
  }
}

int Monkey::finish() {
  std::fprintf(stderr,
               "monkey: seed %u: %zu events in %zu frames (%zu slow, %zu resizes, %zu minimise/"
               "restore, %zu focus losses, %zu file drops)\n",
               options_.seed, sent_, frames_, slow_frames_, resizes_, minimised_, focus_losses_,
               drops_);
  if (!failure_.empty() || phase_ != Phase::Done) {
    if (failure_.empty()) failure_ = "the window closed before the final check";
    std::fprintf(stderr, "monkey: FAILED: %s\nmonkey: its files are kept in %s\n", failure_.c_str(),
                 folder_.c_str());
    return 1;
  }
  std::error_code error;
  std::filesystem::remove_all(folder_, error);
  std::fprintf(stderr, "monkey: alive and answering (searched and selected '%s')\n",
               probe_.c_str());
  return 0;
}

}  // namespace galaxy
