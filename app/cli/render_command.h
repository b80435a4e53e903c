// `galaxy render`: renders the galaxy headlessly (hidden window, offscreen target) into a PNG.
#pragma once

namespace galaxy {

// argv[1] is "render". Returns 0 on success, 1 on bad data / GL failure, 2 on a bad command line.
int run_render_command(int argc, char** argv);

// Usage text of `galaxy render --help`.
const char* render_usage();

}  // namespace galaxy
