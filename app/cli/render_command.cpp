// `galaxy render`: loads a galaxy, builds the same scene as the window (app/state scene builder)
// and renders it offscreen in a hidden OpenGL window, then writes a PNG atomically.
#include "app/cli/render_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "app/cli/arguments.h"
#include "app/cli/bundled.h"
#include "app/session/session.h"
#include "app/state/app_state.h"
#include "app/state/bookmark.h"
#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/framing.h"
#include "app/state/projection.h"
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
  std::string data;               // the file (the bundled galaxy when --data is omitted)
  app::DataOptions data_options;  // --format, --limit: as every other subcommand
  glm::ivec2 size{1920, 1080};
  std::string focus;
  std::size_t neighbours = 10;
  std::vector<std::string> analogy;
  std::vector<std::string> axes;  // three semantic axis expressions ("woman - man", ...)
  std::string projection;         // "pca" (default), "pca-unit", "axes"
  std::string tour;               // --tour FILE: `out` is a folder, one PNG per step
  bool captions = true;           // tour captions drawn at the bottom of each PNG
  int labels = 40;
  bool transparent = false;
  bool force = false;
};

// The camera the window would fly to for what `state` shows, from its default viewing angles.
app::OrbitCamera camera_for(const app::AppState& state, glm::ivec2 size) {
  return app::frame_focus(state, app::OrbitCamera(), float(size.x) / float(std::max(size.y, 1)),
                          false);
}

// One hidden GL window and renderer for all the images of a command.
class SceneRenderer {
 public:
  SceneRenderer(glm::ivec2 size, float export_scale)
      : window_(window_options()),
        target_(size),  // first: a too-large size is the likely failure
        renderer_(renderer_options(export_scale)),
        size_(size),
        export_scale_(export_scale) {}

  // Renders what `state` shows from `camera` (plus an optional caption) into `out`.
  void render(const app::AppState& state, const app::OrbitCamera& camera, int labels,
              bool transparent, const std::string& caption, const std::string& out, bool force) {
    const app::Dataset& dataset = *state.dataset();
    renderer_.set_stars(state.build_star_buffer());
    const app::MeasureText measure = [this](const std::string& text, float font_scale) {
      return renderer_.measure_label(text, font_scale);
    };
    app::OverlayInput input = state.overlay_input();
    input.hovered = -1;
    input.ambient_label_count = labels;
    input.layout.pixel_scale = export_scale_;
    const render::Overlay overlay =
        app::build_overlay_with_caption(dataset, input, camera, size_, measure, caption);
    app::FrameSettings settings;
    settings.star_size_px *= export_scale_;
    settings.transparent_background = transparent;
    const auto frame = app::build_frame(camera, size_, settings, input.highlights.selected);
    target_.bind();
    renderer_.draw(frame, overlay);
    const render::Image image = target_.read_pixels(transparent);
    render::OffscreenTarget::unbind();
    render::write_png(out, image, force);
    std::fprintf(stderr, "wrote %s (%dx%d, %zu stars, %zu labels)\n", out.c_str(), image.width,
                 image.height, dataset.rows(), overlay.labels.size());
  }

 private:
  static render::WindowOptions window_options() {
    render::WindowOptions options;
    options.title = "galaxy render";
    options.size = {64, 64};
    options.visible = false;
    options.vsync = false;
    return options;
  }
  static render::RendererOptions renderer_options(float export_scale) {
    render::RendererOptions options;
    options.label_scale = export_scale;
    return options;
  }

  render::Window window_;
  render::OffscreenTarget target_;
  render::GalaxyRenderer renderer_;
  glm::ivec2 size_;
  float export_scale_;
};

std::shared_ptr<const app::Dataset> load_for_render(const RenderRequest& request) {
  const std::string& path = request.data;
  auto dataset = app::load_dataset(path, {}, request.data_options);
  for (const auto& warning : dataset->warnings)
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  if (dataset->rows() == 0) throw DataError(path + ": no vectors in the file");
  return dataset;
}

int render_png(const RenderRequest& request) {
  app::AppState state;
  state.set_dataset(load_for_render(request));
  const app::Dataset& dataset = *state.dataset();

  if (!request.axes.empty() || !request.projection.empty()) {
    app::ProjectionSpec spec;
    spec.kind = request.projection.empty() ? app::ProjectionKind::Axes
                                           : app::parse_projection_kind(request.projection);
    if (spec.kind == app::ProjectionKind::Axes) {
      if (request.axes.size() != 3)
        throw UsageError{"--projection axes needs --axes A B C (three expressions)"};
      std::copy(request.axes.begin(), request.axes.end(), spec.axes.begin());
    }
    if (!state.sky().set_projection(spec, 0.0f)) throw DataError(state.sky().projection().error);
  }
  if (!request.focus.empty()) {
    state.analysis().set_neighbour_count(
        static_cast<int>(std::clamp<std::size_t>(request.neighbours, 1, 100)));
    state.analysis().select_word(request.focus);
  }
  if (!request.analogy.empty()) {
    app::AnalogyQuery query;
    query.a = request.analogy[0];
    query.b = request.analogy[1];
    query.c = request.analogy[2];
    query.k = 5;
    const app::AnalogyState& analogy = state.analysis().analogy();
    if (!state.analysis().solve_analogy(query)) throw DataError(analogy.error);
    std::printf("%s\n", dataset.word(analogy.results.front().row).c_str());
  }
  state.settle();

  app::OrbitCamera camera = camera_for(state, request.size);
  if (!request.focus.empty() && !request.analogy.empty()) {
    // Both: the focus word and its neighbours decide the framing, as before.
    const app::Analysis& analysis = state.analysis();
    std::vector<std::uint32_t> rows{std::uint32_t(analysis.selected())};
    for (const auto& n : analysis.neighbours()) rows.push_back(n.row);
    camera = app::frame_rows(state, camera, rows, analysis.selected(), false);
  }

  // Text, offsets and star sizes grow with the image so a 4K render looks like a big 1080p one.
  const float export_scale = std::max(1.0f, static_cast<float>(request.size.y) / 1080.0f);
  SceneRenderer renderer(request.size, export_scale);
  renderer.render(state, camera, request.labels, request.transparent, {}, request.out,
                  request.force);
  return 0;
}

// `--tour FILE --out DIR`: one PNG per step (step-01.png, ...), each the state the window shows
// for that step, with its caption.
int render_tour(const RenderRequest& request) {
  namespace fs = std::filesystem;
  const app::Tour tour = app::read_tour(request.tour);
  if (tour.steps.empty()) throw DataError(request.tour + ": the tour has no steps");
  std::error_code error;
  fs::create_directories(request.out, error);
  if (error || !fs::is_directory(request.out))
    throw DataError(request.out + ": cannot create the folder (" + error.message() + ")");
  std::vector<std::string> outputs;
  for (std::size_t i = 0; i < tour.steps.size(); ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "step-%02zu.png", i + 1);
    outputs.push_back((fs::path(request.out) / name).string());
    // Refuse before rendering anything, so a half-replaced slide deck never happens.
    if (!request.force && fs::exists(outputs.back()))
      throw DataError(outputs.back() +
                      " already exists (use --force to replace the tour's images)");
  }

  // The window's session plays the tour: each step shown as the window shows it, arrived at.
  session::Session session;
  session.set_echo_notes(false);  // problems are printed below, with the step they belong to
  session.set_captions_shown(request.captions);
  app::AppState& state = session.state();
  state.set_dataset(load_for_render(request));
  session.set_aspect(float(request.size.x) / float(std::max(request.size.y, 1)));
  state.sky().frame_overview(session.camera(), session.aspect());  // as the window opens a galaxy
  session.start_tour(tour);
  const float export_scale = std::max(1.0f, static_cast<float>(request.size.y) / 1080.0f);
  SceneRenderer renderer(request.size, export_scale);
  int problems = 0;
  for (std::size_t i = 0; i < tour.steps.size(); ++i) {
    const app::Bookmark& step = tour.steps[i];
    for (const std::string& problem : session.show_tour_step_now(i)) {
      std::fprintf(stderr, "warning: %s: step %zu: %s\n", request.tour.c_str(), i + 1,
                   problem.c_str());
      ++problems;
    }
    const bool story = !state.focus().rows.empty();
    renderer.render(state, session.camera(), story ? 8 : request.labels, request.transparent,
                    request.captions ? step.caption : std::string(), outputs[i], request.force);
  }
  std::fprintf(stderr, "rendered %zu steps of %s into %s%s\n", tour.steps.size(),
               request.tour.c_str(), request.out.c_str(),
               problems ? " (with warnings, see above)" : "");
  return 0;
}

}  // namespace

const char* render_usage() {
  return "usage: galaxy render --out FILE.png [--data FILE] [--format NAME] [--limit N] [--size "
         "WxH]\n"
         "                     [--focus WORD] [--neighbors K]\n"
         "                     [--analogy A B C] [--axes X Y Z] [--projection NAME] [--labels N]\n"
         "                     [--transparent] [--force]\n"
         "       galaxy render --tour TOUR.json --out FOLDER [--data FILE] [--size WxH] "
         "[--no-captions] [--force]\n"
         "Renders the galaxy without showing a window (the same scene the window draws) into a "
         "PNG.\n"
         "Needs an OpenGL 3.3 display; on a server run it under xvfb-run -a.\n\n"
         "options:\n"
         "  --out FILE.png    the image to write (required); an existing file is not replaced\n"
         "  --data FILE       vectors file (any format galaxy reads); default: the bundled galaxy\n"
         "  --format NAME     glove, word2vec, word2vec-binary, fasttext, tsv or galaxy: skip "
         "detection\n"
         "  --limit N         keep only the first N rows (the most frequent words)\n"
         "  --size WxH        image size in pixels (default 1920x1080, up to 7680x4320)\n"
         "  --focus WORD      centre on WORD, label it and draw lines to its nearest neighbours\n"
         "  --neighbors K     neighbours shown with --focus (default 10)\n"
         "  --analogy A B C   A is to B as C is to ?: arrows A->B and C->answer (answer on "
         "stdout)\n"
         "  --axes X Y Z      semantic axes: each an expression such as \"woman - man\"; a word's "
         "coordinate\n"
         "                    is the cosine between its unit vector and the axis direction\n"
         "  --projection NAME pca (default), pca-unit (PCA of unit vectors) or axes\n"
         "  --tour TOUR.json  render each step of a tour (bookmarks file) into FOLDER as "
         "step-01.png, ...\n"
         "  --no-captions     tours: leave the step captions out of the images\n"
         "  --labels N        label up to N bright stars in view besides the highlighted ones "
         "(default 40;\n"
         "                    8 with --focus or --analogy)\n"
         "  --transparent     transparent background (alpha 0 where there are no stars)\n"
         "  --force           replace FILE.png if it exists\n";
}

int run_render_command(int argc, char** argv) {
  try {
    Arguments args;
    with_data_options(args)
        .value_option("--out", "-o")
        .value_option("--size")
        .value_option("--focus")
        .value_option("--neighbors", "--neighbours")
        .multi_option("--analogy", 3)
        .multi_option("--axes", 3)
        .value_option("--projection")
        .value_option("--tour")
        .flag("--no-captions")
        .value_option("--labels")
        .flag("--transparent")
        .flag("--force");
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
    request.data = data_path(args);
    request.data_options = data_options(args);
    if (auto size = args.value("--size")) request.size = parse_size(*size);
    request.focus = args.value_or("--focus", "");
    request.neighbours = args.count_or("--neighbors", 10);
    if (args.has("--analogy")) request.analogy = args.values("--analogy");
    if (args.has("--axes")) request.axes = args.values("--axes");
    request.projection = args.value_or("--projection", "");
    if (!request.axes.empty() && !request.projection.empty() && request.projection != "axes")
      throw UsageError{"--axes goes with --projection axes, not " + request.projection};
    request.tour = args.value_or("--tour", "");
    request.captions = !args.has("--no-captions");
    // A focused or analogy view keeps the sky quiet around its story; a wide view names more stars.
    const bool has_story = !request.focus.empty() || !request.analogy.empty();
    request.labels = static_cast<int>(
        std::min<std::size_t>(args.count_or("--labels", has_story ? 8 : 40), 10000));
    request.transparent = args.has("--transparent");
    request.force = args.has("--force");
    if (!request.tour.empty()) {
      if (!request.focus.empty() || !request.analogy.empty() || !request.axes.empty())
        throw UsageError{"--tour sets everything per step; leave out --focus, --analogy, --axes"};
      return render_tour(request);
    }
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
