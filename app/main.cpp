// galaxy: opens the window, or runs a scriptable subcommand (see `galaxy --help`).
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/render_command.h"
#include "app/window_app.h"

int main(int argc, char** argv) {
  using namespace galaxy::cli;
  try {
    if (argc >= 2) {
      const std::string command = argv[1];
      if (command == "--help" || command == "-h" || command == "help") {
        std::printf("%s", main_usage());
        return 0;
      }
      if (command == "--version") {
        std::printf("galaxy 0.1.0\n");
        return 0;
      }
      if (command == "info") return run_info(argc, argv);
      if (command == "neighbors" || command == "neighbours") return run_neighbors(argc, argv);
      if (command == "analogy") return run_analogy(argc, argv);
      if (command == "expr") return run_expr(argc, argv);
      if (command == "project") return run_project(argc, argv);
      if (command == "eval") return run_eval(argc, argv);
      if (command == "convert") return run_convert(argc, argv);
      if (command == "render") return galaxy::run_render_command(argc, argv);
      if (command.rfind("-", 0) == 0 && command != "-") {
        std::fprintf(stderr, "galaxy: unknown option '%s'\n\n%s", command.c_str(), main_usage());
        return 2;
      }
      std::error_code error;
      if (!std::filesystem::exists(command, error)) {
        std::fprintf(stderr, "galaxy: '%s' is neither a subcommand nor an existing file\n\n%s",
                     command.c_str(), main_usage());
        return 2;
      }
    }
    // `galaxy` or `galaxy FILE`: the window.
    return galaxy::run_window(argc >= 2 ? argv[1] : std::string());
  } catch (const std::exception& error) {
    std::fprintf(stderr, "galaxy: %s\n", error.what());
    return 1;
  }
}
