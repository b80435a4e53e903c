// `galaxy render`: loads a galaxy, builds the same scene as the window (app/state scene builder)
// and renders it offscreen in a hidden OpenGL window, then writes a PNG atomically.
#include "app/cli/render_command.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "app/cli/arguments.h"
#include "app/cli/bundled.h"
#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "geometry/analogy.h"
#include "geometry/cosine_index.h"
#include "geometry/embedding.h"
#include "render/galaxy_renderer.h"
#include "render/image.h"
#include "render/offscreen_target.h"
#include "render/shader.h"
#include "render/window.h"

namespace galaxy {

namespace {

using cli::Arguments;
using cli::UsageError;

// Up to 8K (7680x4320) in either orientation; the GPU's own limit is checked too (OffscreenTarget).
constexpr int kMaxSide = 7680;
constexpr long long kMaxPixels = 7680LL * 4320LL;

glm::ivec2 parse_size(const std::string& text) {
  const auto x = text.find_first_of("xX");
  auto number = [&](const std::string& part) {
    if (part.empty() || part.size() > 6 ||
        part.find_first_not_of("0123456789") != std::string::npos) {
      throw UsageError{"--size must look like 1920x1080, got '" + text + "'"};
    }
    return std::stoi(part);
  };
  if (x == std::string::npos)
    throw UsageError{"--size must look like 1920x1080, got '" + text + "'"};
  const glm::ivec2 size(number(text.substr(0, x)), number(text.substr(x + 1)));
  if (size.x < 1 || size.y < 1) throw UsageError{"--size " + text + " is empty"};
  if (size.x > kMaxSide || size.y > kMaxSide ||
      static_cast<long long>(size.x) * size.y > kMaxPixels) {
    throw UsageError{"--size " + text +
                     " is too large (at most 7680 pixels a side and 7680x4320 pixels in all)"};
  }
  return size;
}

// Everything the scene needs besides the dataset, decided from the command line.
struct RenderRequest {
  std::string out;
  std::string data;
  glm::ivec2 size{1920, 1080};
  std::string focus;
  std::size_t neighbours = 10;
  std::vector<std::string> analogy;
  int labels = 40;
  bool transparent = false;
  bool force = false;
};

// Looks at the bounding sphere of `rows` (with a margin), keeping the default viewing angles.
void frame_rows(app::OrbitCamera& camera, const app::Dataset& dataset,
                const std::vector<std::uint32_t>& rows) {
  glm::vec3 center(0.0f);
  for (auto row : rows) center += dataset.positions[row];
  center /= static_cast<float>(rows.size());
  float radius = 0.0f;
  for (auto row : rows) radius = std::max(radius, glm::distance(center, dataset.positions[row]));
  app::Bounds bounds{center, std::max(radius * 1.25f, app::kGalaxyRadius * 0.06f)};
  camera.frame_all(bounds);
}

int render_png(const RenderRequest& request) {
  const std::string path = request.data.empty() ? bundled_galaxy_path() : request.data;
  auto dataset = app::load_dataset(path);
  for (const auto& warning : dataset->warnings)
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  if (dataset->rows() == 0) throw DataError(path + ": no vectors in the file");

  app::OrbitCamera camera;
  camera.frame_points(dataset->positions,
                      float(request.size.x) / float(std::max(request.size.y, 1)));
  app::OverlayInput input;
  input.ambient_label_count = request.labels;

  if (!request.focus.empty()) {
    const auto row = dataset->embedding.require(request.focus);
    input.highlights.selected = static_cast<std::int32_t>(row);
    std::vector<std::uint32_t> framed{row};
    for (const auto& neighbour : dataset->index->nearest_to_word(row, request.neighbours)) {
      input.highlights.neighbours.push_back(neighbour.row);
      framed.push_back(neighbour.row);
    }
    frame_rows(camera, *dataset, framed);
  }
  if (!request.analogy.empty()) {
    const auto& e = dataset->embedding;
    const auto a = e.require(request.analogy[0]);
    const auto b = e.require(request.analogy[1]);
    const auto c = e.require(request.analogy[2]);
    AnalogyOptions options;
    options.k = 5;
    const auto answers = solve_analogy(*dataset->index, a, b, c, options);
    input.highlights.analogy_inputs = {a, b, c};
    for (const auto& answer : answers) input.highlights.analogy_answers.push_back(answer.row);
    input.analogy_a = static_cast<std::int32_t>(a);
    input.analogy_b = static_cast<std::int32_t>(b);
    input.analogy_c = static_cast<std::int32_t>(c);
    std::vector<std::uint32_t> framed{a, b, c};
    if (!answers.empty()) {
      input.analogy_answer = static_cast<std::int32_t>(answers.front().row);
      framed.push_back(answers.front().row);
      std::printf("%s\n", e.word(answers.front().row).c_str());
    }
    if (request.focus.empty()) frame_rows(camera, *dataset, framed);
  }

  // Text, offsets and star sizes grow with the image so a 4K render looks like a big 1080p one.
  const float export_scale = std::max(1.0f, static_cast<float>(request.size.y) / 1080.0f);
  input.layout.pixel_scale = export_scale;

  render::WindowOptions window_options;
  window_options.title = "galaxy render";
  window_options.size = {64, 64};
  window_options.visible = false;
  window_options.vsync = false;
  render::Window window(window_options);

  render::OffscreenTarget target(request.size);  // first: a too-large size is the likely failure
  render::RendererOptions renderer_options;
  renderer_options.label_scale = export_scale;
  render::GalaxyRenderer renderer(renderer_options);

  renderer.set_stars(
      app::build_stars(dataset->positions, app::ColorScheme::Nebula, input.highlights));
  const app::MeasureText measure = [&renderer](const std::string& text, float font_scale) {
    return renderer.measure_label(text, font_scale);
  };
  const auto overlay = app::build_overlay(*dataset, input, camera, request.size, measure);
  app::FrameSettings settings;
  settings.star_size_px *= export_scale;
  settings.transparent_background = request.transparent;
  const auto frame = app::build_frame(camera, request.size, settings, input.highlights.selected);

  target.bind();
  renderer.draw(frame, overlay);
  const render::Image image = target.read_pixels(request.transparent);
  render::OffscreenTarget::unbind();
  render::write_png(request.out, image, request.force);
  std::fprintf(stderr, "wrote %s (%dx%d, %zu stars, %zu labels)\n", request.out.c_str(),
               image.width, image.height, dataset->rows(), overlay.labels.size());
  return 0;
}

}  // namespace

const char* render_usage() {
  return "usage: galaxy render --out FILE.png [--data FILE] [--size WxH] [--focus WORD] "
         "[--neighbors K]\n"
         "                     [--analogy A B C] [--labels N] [--transparent] [--force]\n"
         "Renders the galaxy without showing a window (the same scene the window draws) into a "
         "PNG.\n"
         "Needs an OpenGL 3.3 display; on a server run it under xvfb-run -a.\n\n"
         "options:\n"
         "  --out FILE.png    the image to write (required); an existing file is not replaced\n"
         "  --data FILE       vectors file (any format galaxy reads); default: the bundled galaxy\n"
         "  --size WxH        image size in pixels (default 1920x1080, up to 7680x4320)\n"
         "  --focus WORD      centre on WORD, label it and draw lines to its nearest neighbours\n"
         "  --neighbors K     neighbours shown with --focus (default 10)\n"
         "  --analogy A B C   A is to B as C is to ?: arrows A->B and C->answer (answer on "
         "stdout)\n"
         "  --labels N        label up to N bright stars in view besides the highlighted ones "
         "(default 40;\n"
         "                    8 with --focus or --analogy)\n"
         "  --transparent     transparent background (alpha 0 where there are no stars)\n"
         "  --force           replace FILE.png if it exists\n";
}

int run_render_command(int argc, char** argv) {
  try {
    Arguments args;
    args.value_option("--out", "-o")
        .value_option("--data")
        .value_option("--size")
        .value_option("--focus")
        .value_option("--neighbors", "--neighbours")
        .multi_option("--analogy", 3)
        .value_option("--labels")
        .flag("--transparent")
        .flag("--force")
        .flag("--help")
        .flag("-h");
    args.parse(argc, argv, 2);
    if (args.has("--help") || args.has("-h")) {
      std::printf("%s", render_usage());
      return 0;
    }
    if (!args.positionals().empty()) {
      throw UsageError{"unexpected argument '" + args.positionals()[0] + "'"};
    }
    RenderRequest request;
    request.out = args.value_or("--out", "");
    if (request.out.empty()) throw UsageError{"--out FILE.png is required"};
    request.data = args.value_or("--data", "");
    if (auto size = args.value("--size")) request.size = parse_size(*size);
    request.focus = args.value_or("--focus", "");
    request.neighbours = args.count_or("--neighbors", 10);
    if (args.has("--analogy")) request.analogy = args.values("--analogy");
    // A focused or analogy view keeps the sky quiet around its story; a wide view names more stars.
    const bool has_story = !request.focus.empty() || !request.analogy.empty();
    request.labels = static_cast<int>(
        std::min<std::size_t>(args.count_or("--labels", has_story ? 8 : 40), 10000));
    request.transparent = args.has("--transparent");
    request.force = args.has("--force");
    return render_png(request);
  } catch (const UsageError& error) {
    std::fprintf(stderr, "galaxy render: %s\n\n%s", error.message.c_str(), render_usage());
    return 2;
  } catch (const DataError& error) {
    std::fprintf(stderr, "galaxy render: %s\n", error.what());
    return 1;
  } catch (const render::ShaderError& error) {
    std::fprintf(stderr, "galaxy render: %s\n", error.what());
    return 1;
  } catch (const render::RenderError& error) {
    std::fprintf(stderr, "galaxy render: %s\n", error.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "galaxy render: out of memory (try a smaller --size)\n");
    return 1;
  }
}

}  // namespace galaxy
