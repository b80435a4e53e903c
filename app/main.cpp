// galaxy: opens the window, or runs a scriptable subcommand (see `galaxy --help`).
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>

#include "app/cli/commands.h"
#include "app/cli/render_command.h"
#include "app/window_app.h"
#include "geometry/loaders.h"

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
      if (command == "clusters") return run_clusters(argc, argv);
      if (command == "render") return galaxy::run_render_command(argc, argv);
    }
    // `galaxy [FILE] [--tour TOUR.json] [--present]`: the window.
    std::string data_path;
    galaxy::WindowOptions options;
    for (int i = 1; i < argc; ++i) {
      const std::string arg = argv[i];
      if (arg == "--tour") {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "galaxy: --tour needs a tour file\n\n%s", main_usage());
          return 2;
        }
        options.tour_path = argv[++i];
        std::error_code error;
        if (!std::filesystem::is_regular_file(options.tour_path, error)) {
          std::fprintf(stderr, "galaxy: tour file '%s' does not exist\n",
                       options.tour_path.c_str());
          return 1;
        }
      } else if (arg == "--monkey" || arg == "--monkey-events" || arg == "--frame-delay-ms") {
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
            value.size() > 9) {
          std::fprintf(stderr, "galaxy: %s needs a number, got '%s'\n\n%s", arg.c_str(),
                       value.c_str(), main_usage());
          return 2;
        }
        const unsigned long number = std::stoul(value);
        ++i;
        if (arg == "--frame-delay-ms") {
          options.frame_delay_ms = int(number);
          continue;
        }
        if (!options.monkey) options.monkey.emplace();
        if (arg == "--monkey") options.monkey->seed = std::uint32_t(number);
        if (arg == "--monkey-events") options.monkey->events = number;
      } else if (arg == "--bookmark" || arg == "--screenshot") {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "galaxy: %s needs a file\n\n%s", arg.c_str(), main_usage());
          return 2;
        }
        const std::string file = argv[++i];
        if (arg == "--bookmark") {
          std::error_code error;
          if (!std::filesystem::is_regular_file(file, error)) {
            std::fprintf(stderr, "galaxy: bookmark file '%s' does not exist\n", file.c_str());
            return 1;
          }
          options.bookmark_path = file;
        } else {
          options.screenshot_path = file;
        }
      } else if (arg == "--step") {
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
            value.size() > 6 || std::stoul(value) == 0) {
          std::fprintf(stderr, "galaxy: --step needs a step number from 1, got '%s'\n\n%s",
                       value.c_str(), main_usage());
          return 2;
        }
        options.step = std::stoul(value);
        ++i;
      } else if (arg == "--screenshot-size") {
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        int width = 0, height = 0;
        char end = 0;
        if (std::sscanf(value.c_str(), "%dx%d%c", &width, &height, &end) != 2 || width < 1 ||
            height < 1 || width > 16384 || height > 16384) {
          std::fprintf(stderr, "galaxy: --screenshot-size needs WxH (e.g. 3840x2160), got '%s'\n",
                       value.c_str());
          return 2;
        }
        options.screenshot_size = {width, height};
        ++i;
      } else if (arg == "--force") {
        options.force = true;
      } else if (arg == "--format") {
        if (i + 1 >= argc) {
          std::fprintf(stderr, "galaxy: --format needs a format name\n\n%s", main_usage());
          return 2;
        }
        try {
          options.data.format = galaxy::parse_format_name(argv[++i]);
        } catch (const std::exception& error) {
          std::fprintf(stderr, "galaxy: %s\n\n%s", error.what(), main_usage());
          return 2;
        }
      } else if (arg == "--present") {
        options.presentation = true;
      } else if (arg == "--limit") {
        const std::string value = i + 1 < argc ? argv[i + 1] : "";
        if (value.empty() || value.find_first_not_of("0123456789") != std::string::npos ||
            value.size() > 12) {
          std::fprintf(stderr, "galaxy: --limit needs a number of rows, got '%s'\n\n%s",
                       value.c_str(), main_usage());
          return 2;
        }
        options.data.limit = std::stoull(value);
        ++i;
      } else if (arg.rfind("-", 0) == 0 && arg != "-") {
        std::fprintf(stderr, "galaxy: unknown option '%s'\n\n%s", arg.c_str(), main_usage());
        return 2;
      } else if (!data_path.empty()) {
        std::fprintf(stderr, "galaxy: one galaxy file at a time ('%s' and '%s')\n\n%s",
                     data_path.c_str(), arg.c_str(), main_usage());
        return 2;
      } else {
        std::error_code error;
        if (!std::filesystem::exists(arg, error)) {
          std::fprintf(stderr, "galaxy: '%s' is neither a subcommand nor an existing file\n\n%s",
                       arg.c_str(), main_usage());
          return 2;
        }
        data_path = arg;
      }
    }
    if (options.step > 0 && options.bookmark_path.empty() && options.tour_path.empty()) {
      std::fprintf(stderr, "galaxy: --step goes with --bookmark FILE or --tour FILE\n\n%s",
                   main_usage());
      return 2;
    }
    if (!options.screenshot_path.empty() && !options.force &&
        std::filesystem::exists(options.screenshot_path)) {
      std::fprintf(stderr, "galaxy: %s already exists (use --force to replace it)\n",
                   options.screenshot_path.c_str());
      return 1;
    }
    return galaxy::run_window(data_path, options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "galaxy: %s\n", error.what());
    return 1;
  }
}
