// The interactive galaxy window: GLFW + Dear ImGui panels around the shared scene builder and
// renderer.
#pragma once

#include <optional>
#include <string>

#include <glm/glm.hpp>

#include "app/monkey.h"
#include "app/state/dataset.h"

namespace galaxy {

struct WindowOptions {
  std::string tour_path;  // --tour FILE: play it (in presentation mode) once the galaxy is loaded
  bool presentation = false;  // --present
  app::DataOptions data;      // --format NAME, --limit N: for every file the window opens
  // --monkey SEED [--monkey-events N]: seeded random input, then a check that the window still
  // answers; the exit code says whether it did (see monkey.h).
  std::optional<MonkeyOptions> monkey;
  // --frame-delay-ms MS: every frame this much slower, as on a slow renderer (for input tests).
  int frame_delay_ms = 0;
  // Scripted views (screenshots for the README, checks): --bookmark FILE shows bookmark --step N
  // (1-based; default 1) of a bookmarks/tour file once the galaxy is loaded, --step N alone picks
  // the step of --tour; --screenshot OUT.png saves the window (panels included) once the camera
  // rests and closes it, --screenshot-size WxH renders that size offscreen instead (no panels);
  // --force lets it replace OUT.png.
  std::string bookmark_path;
  std::size_t step = 0;
  std::string screenshot_path;
  glm::ivec2 screenshot_size{0};
  bool force = false;
};
// Opens `data_path` (empty: the bundled galaxy) in a window and runs until it is closed. Returns
// the process exit code (0, or 1 if no window could be created or --screenshot failed). A file that
// fails to load shows its error in the window instead of exiting.
int run_window(const std::string& data_path, const WindowOptions& options = {});

}  // namespace galaxy
