// The interactive galaxy window: GLFW + Dear ImGui panels around the shared scene builder and
// renderer.
#pragma once

#include <optional>
#include <string>

#include "app/monkey.h"
#include "app/state/dataset.h"

namespace galaxy {

// Opens `data_path` (empty: the bundled galaxy) in a window and runs until it is closed. Returns
// the process exit code (0, or 1 if no window could be created). A file that fails to load shows
// its error in the window instead of exiting.
//
// Developer options via environment (for screenshots in CI):
//   GALAXY_SCREENSHOT_AFTER_FRAMES=N GALAXY_SCREENSHOT_PATH=out.png  saves frame N and exits.
//   GALAXY_SCREENSHOT_SIZE=WxH  renders that size offscreen instead (no panels).
//   GALAXY_SELECT=word, GALAXY_SEARCH=text, GALAXY_ANALOGY="a b c", GALAXY_EXPRESSION=text: state
//   to set once the galaxy is loaded; GALAXY_SHOW_HELP=1 opens the F1 help, GALAXY_HIDE_PANELS=1
//   hides panels.
//   GALAXY_PRESENTATION=1, GALAXY_AXES="woman - man|rich - poor|big - small",
//   GALAXY_ISOLATE=word, GALAXY_COMPARE="cat dog", GALAXY_CLUSTERS=k, GALAXY_PANELS=compare,...,
//   GALAXY_TOUR_STEP=n (with --tour): the same, for the newer features.
struct WindowOptions {
  std::string tour_path;  // --tour FILE: play it (in presentation mode) once the galaxy is loaded
  bool presentation = false;  // --present
  app::DataOptions data;      // --format NAME, --limit N: for every file the window opens
  // --monkey SEED [--monkey-events N]: seeded random input, then a check that the window still
  // answers; the exit code says whether it did (see monkey.h).
  std::optional<MonkeyOptions> monkey;
  // --frame-delay-ms MS: every frame this much slower, as on a slow renderer (for input tests).
  int frame_delay_ms = 0;
};
int run_window(const std::string& data_path, const WindowOptions& options = {});

}  // namespace galaxy
