// The interactive window: GLFW input handed to Dear ImGui, the panels (app/ui/) and the sky's
// controls (app/ui/sky_controls.h), and GL drawing around the GL-free session
// (app/session/session.h); background loading, screenshots, the frame loop.
//
// [SECTION] WindowApp state
// [SECTION] Presentation
// [SECTION] Dataset loading
// [SECTION] Screenshots
// [SECTION] Frame loop
#include "app/window_app.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>

#include <GLFW/glfw3.h>
#include <imgui.h>

#include "app/cli/bundled.h"
#include "app/monkey.h"
#include "app/session/session.h"
#include "app/state/app_state.h"
#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/level_of_detail.h"
#include "app/state/scene_builder.h"
#include "app/ui/panels.h"
#include "app/ui/sky_controls.h"
#include "render/galaxy_renderer.h"
#include "render/image.h"
#include "render/imgui_layer.h"
#include "render/offscreen_target.h"
#include "render/window.h"

namespace galaxy {

namespace {

// [SECTION] WindowApp state

class WindowApp {
 public:
  WindowApp(const std::string& data_path, const WindowOptions& options);
  int run();

 private:
  glm::ivec2 framebuffer() const { return window_.framebuffer_size(); }
  float aspect() const {
    const glm::ivec2 fb = framebuffer();
    return fb.x > 0 && fb.y > 0 ? float(fb.x) / float(fb.y) : 16.0f / 9.0f;
  }
  float ui_scale() const { return imgui_.scale(); }

  void open_file(const std::string& path);
  void note(std::string text, bool error = false) { session_.note(std::move(text), error); }
  void set_presentation(bool on);
  void poll_loader();
  void apply_startup_bookmark();
  void upload_stars_if_changed();
  void start_monkey(const MonkeyOptions& options);
  app::MeasureText measure() const;
  render::Overlay overlay_for(glm::ivec2 viewport, bool avoid_panels) const;
  render::FrameParams frame_for(glm::ivec2 viewport, float export_scale, bool transparent) const;
  void request_screenshot() {
    pending_screenshot_ = ui::screenshot_job(screenshot_, bookmarks_.playing);
  }
  // Draws the scene (and panels, if asked) offscreen and writes the PNG. Returns true if ImGui's
  // draw data was consumed (the window frame is then skipped).
  bool take_screenshot(const ui::ScreenshotJob& job);

  render::Window window_;
  render::ImGuiLayer imgui_;
  render::GalaxyRenderer renderer_;
  // The GL-free part of the window (state, camera, bookmarks, tours, exports, notes); the
  // references name its parts as the input and frame code below uses them.
  session::Session session_;
  app::AppState& state_ = session_.state();
  app::OrbitCamera& camera_ = session_.camera();
  session::Bookmarks& bookmarks_ = session_.bookmarks();
  ui::SkyControls controls_{session_,
                            ui::SkyControlsHost{[this] { request_screenshot(); },
                                                [this](bool on) { set_presentation(on); }}};
  app::DatasetLoader loader_;
  ui::ScreenshotSettings screenshot_;
  std::string tour_path_;  // --tour: played once the galaxy is loaded
  float content_scale_ = 1.0f;
  std::optional<float> pending_ui_scale_;  // applied between frames
  ui::LoadingView loading_;
  ui::PanelActions actions_;
  std::string open_path_;
  int frame_delay_ms_ = 0;          // --frame-delay-ms
  WindowOptions options_;           // the command line: --bookmark, --step, --screenshot ...
  std::unique_ptr<Monkey> monkey_;  // --monkey: drives the input, then checks the window answers

  std::uint64_t uploaded_version_ = 0;
  // Held (not just compared by address) so a new dataset can never reuse the old one's address.
  std::shared_ptr<const app::Dataset> uploaded_dataset_;

  std::optional<ui::ScreenshotJob> pending_screenshot_;
  std::vector<glm::vec4> panel_rects_;  // this frame's panels, in ImGui (window) pixels
  int settled_frames_ = 0;
  bool startup_applied_ = false;
  int exit_code_ = 0;
  // --screenshot waits this many frames after the camera rests (fonts, star buffers uploaded).
  static constexpr int kScreenshotAfterFrames = 3;

  // Presentation mode multiplies the UI and label type by this.
  static constexpr float kPresentationScale = 1.5f;
  app::MovingStarBudget star_budget_;  // fewer stars while the camera moves on a slow renderer
  glm::mat4 last_view_{0.0f};
};

render::WindowOptions window_options() {
  render::WindowOptions options;
  options.title = "Embedding Galaxy";
  options.size = {1600, 900};
  return options;
}

render::RendererOptions renderer_options(const render::Window& window) {
  render::RendererOptions options;
  options.label_scale = std::max(window.content_scale().y, 0.5f);
  return options;
}

WindowApp::WindowApp(const std::string& data_path, const WindowOptions& options)
    : window_(window_options()),
      imgui_(window_, 15.0f),
      renderer_(renderer_options(window_)),
      tour_path_(options.tour_path),
      frame_delay_ms_(options.frame_delay_ms),
      options_(options) {
  content_scale_ = imgui_.scale();
  loader_.set_data_options(options.data);
  camera_.frame_all(app::Bounds{glm::vec3(0.0f), app::kGalaxyRadius});
  // The panels' actions: the session's jobs, and the window's own (files, screenshots).
  actions_ = ui::session_actions(session_, screenshot_);
  actions_.open_file = [this](const std::string& path) { open_file(path); };
  actions_.save_screenshot = [this] { request_screenshot(); };

  window_.set_drop_callback([this](const std::vector<std::string>& paths) {
    if (!paths.empty()) open_file(paths.front());
  });
  window_.set_content_scale_callback([this](glm::vec2 scale) {
    content_scale_ = scale.y;
    const float boost = state_.view().presentation ? kPresentationScale : 1.0f;
    pending_ui_scale_ = scale.y * boost;
    renderer_.set_label_scale(std::max(scale.y, 0.5f) * boost);
  });

  if (options.presentation || !tour_path_.empty()) set_presentation(true);

  std::string path = data_path;
  if (options.monkey) {
    // The monkey works in a folder of its own; the galaxy's path must not depend on the old one.
    if (!path.empty()) path = std::filesystem::absolute(path).string();
    start_monkey(*options.monkey);
  }
  if (path.empty()) {
    try {
      path = bundled_galaxy_path();
    } catch (const std::exception& error) {
      loading_.error = error.what();
    }
  }
  if (!path.empty()) open_file(path);
}

void WindowApp::start_monkey(const MonkeyOptions& options) {
  MonkeyHost host;
  host.inject = [this](const render::InputEvent& event) { imgui_.inject(event); };
  host.pending_input = [this] { return imgui_.pending_input(); };
  host.window_size = [this] { return window_.window_size(); };
  host.resize = [this](glm::ivec2 size) { window_.set_window_size(size); };
  host.minimise = [this](bool on) { on ? window_.iconify() : window_.restore(); };
  host.drop_file = [this](const std::string& path) { window_.deliver_drop({path}); };
  host.set_output_folder = [this](const std::string& folder) {
    std::filesystem::current_path(folder);  // typed relative paths land there too
    screenshot_.directory = folder;
  };
  add_state_probes(host, state_);
  host.screenshot = [this](const std::string& path) {
    ui::ScreenshotJob job;
    job.include_panels = true;
    job.exact_path = path;
    pending_screenshot_ = job;
  };
  monkey_ = std::make_unique<Monkey>(options, std::move(host));
}

// [SECTION] Presentation

void WindowApp::set_presentation(bool on) {
  if (on == state_.view().presentation) return;
  state_.set_presentation(on);
  const float boost = on ? kPresentationScale : 1.0f;
  // ImGui's font atlas cannot be rebuilt inside a frame (F5 arrives mid-frame): apply it before the
  // next one.
  pending_ui_scale_ = content_scale_ * boost;
  renderer_.set_label_scale(std::max(content_scale_, 0.5f) * boost);
}

// [SECTION] Dataset loading

void WindowApp::open_file(const std::string& path) {
  if (!loader_.start(path)) {
    loading_.error = "still loading " + loader_.loading_path() + "; try again when it has finished";
    return;
  }
  loading_.error.clear();
  open_path_ = path;
}

void WindowApp::poll_loader() {
  loading_.busy = loader_.busy();
  loading_.progress = loader_.progress();
  loading_.stage = loader_.stage();
  loading_.path = loader_.loading_path();
  std::optional<app::DatasetLoader::Outcome> outcome = loader_.poll();
  if (!outcome) return;
  loading_.busy = false;
  if (!outcome->dataset) {
    // Keep the galaxy that is open; just say why the new one did not load.
    loading_.error = outcome->error;
    return;
  }
  loading_.error.clear();
  for (const std::string& warning : outcome->dataset->warnings)
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  state_.set_dataset(outcome->dataset);
  state_.sky().frame_overview(camera_, aspect());
  if (!state_.sky().projection().error.empty()) note(state_.sky().projection().error, true);
  if (!tour_path_.empty()) {
    // --tour: played on the first galaxy that loads.
    session_.open_tour(std::exchange(tour_path_, std::string()));
  }
  std::ostringstream title;
  title << "Embedding Galaxy - " << outcome->dataset->file_name() << " ("
        << outcome->dataset->rows() << " words)";
  window_.set_title(title.str());
  settled_frames_ = 0;
}

// --bookmark FILE [--step N] and --tour FILE --step N, once the first galaxy has loaded: the view
// a bookmark (or tour step) records, arrived at (no flight), for scripted screenshots.
void WindowApp::apply_startup_bookmark() {
  if (startup_applied_ || !state_.dataset()) return;
  startup_applied_ = true;
  session_.set_aspect(aspect());
  if (!options_.bookmark_path.empty()) {
    const std::string problem = session_.show_bookmark_now(
        options_.bookmark_path, options_.step > 0 ? options_.step - 1 : 0);
    if (!problem.empty()) {
      // A scripted view that cannot be shown is a failed run, not a screenshot of something else.
      note(problem, true);
      exit_code_ = 1;
      window_.set_should_close(true);
    }
  } else if (options_.step > 0) {
    session_.show_tour_step_now(options_.step - 1);
  }
  session_.arrive();
}

// [SECTION] Screenshots

app::MeasureText WindowApp::measure() const {
  return [this](const std::string& text, float font_scale) {
    return renderer_.measure_label(text, font_scale);
  };
}

render::Overlay WindowApp::overlay_for(glm::ivec2 viewport, bool avoid_panels) const {
  if (!state_.dataset()) return {};
  app::OverlayInput input = state_.overlay_input();
  input.layout.pixel_scale = renderer_.label_scale();  // content scale x export scale
  // Keep labels clear of the panels when the panels are in the picture.
  // (panel_rects_ holds only what was drawn: with the panels hidden, just the tour's step line.)
  if (avoid_panels) {
    const glm::ivec2 win = window_.window_size();
    const glm::vec2 to_px(win.x > 0 ? float(viewport.x) / float(win.x) : 1.0f,
                          win.y > 0 ? float(viewport.y) / float(win.y) : 1.0f);
    for (const glm::vec4& r : panel_rects_)
      input.layout.blocked.push_back(
          glm::vec4(r.x * to_px.x, r.y * to_px.y, r.z * to_px.x, r.w * to_px.y));
  }
  // A playing tour's caption: the layout galaxy render --tour draws on its slides.
  std::string caption;
  if (bookmarks_.playing && bookmarks_.current < bookmarks_.tour.steps.size())
    caption = bookmarks_.tour.steps[bookmarks_.current].caption;
  return app::build_overlay_with_caption(*state_.dataset(), input, camera_, viewport, measure(),
                                         caption);
}

render::FrameParams WindowApp::frame_for(glm::ivec2 viewport, float export_scale,
                                         bool transparent) const {
  app::FrameSettings settings = state_.frame_settings();
  // The display's content scale, not the UI's (presentation mode enlarges type, not stars).
  settings.star_size_px *= export_scale * std::max(content_scale_, 0.5f);
  settings.transparent_background = transparent;
  const std::int32_t highlighted =
      state_.analysis().hovered() >= 0 ? state_.analysis().hovered() : state_.analysis().selected();
  return app::build_frame(camera_, viewport, settings, highlighted);
}

bool WindowApp::take_screenshot(const ui::ScreenshotJob& job) {
  const glm::ivec2 fb = framebuffer();
  const glm::ivec2 size = job.size == glm::ivec2(0) ? fb : job.size;
  bool consumed_imgui = false;
  screenshot_.last_error.clear();
  try {
    const glm::ivec2 limit = render::max_target_size();
    if (size.x > limit.x || size.y > limit.y) {
      screenshot_.last_error = "this OpenGL allows at most " + std::to_string(limit.x) + "x" +
                               std::to_string(limit.y) + " pixels";
      return false;
    }
    render::OffscreenTarget target(size);
    // Bigger images scale text, lines and stars so they look like the window, only sharper.
    const float export_scale =
        job.size == glm::ivec2(0) ? 1.0f : float(size.y) / float(std::max(fb.y, 1));
    const float window_label_scale = renderer_.label_scale();
    if (export_scale != 1.0f) renderer_.set_label_scale(window_label_scale * export_scale);
    const render::Overlay overlay = overlay_for(size, job.include_panels);
    const render::FrameParams frame = frame_for(size, export_scale, job.transparent);
    target.bind();
    renderer_.draw(frame, overlay);
    if (job.include_panels) {
      imgui_.end_frame();
      consumed_imgui = true;
    }
    const render::Image image = target.read_pixels(job.transparent);
    render::OffscreenTarget::unbind();
    if (export_scale != 1.0f) renderer_.set_label_scale(window_label_scale);
    if (!job.exact_path.empty()) {
      render::write_png(job.exact_path, image, options_.force);
      screenshot_.last_path = job.exact_path;
    } else {
      screenshot_.last_path = render::save_screenshot(screenshot_.directory, image);
    }
    note("screenshot saved: " + screenshot_.last_path + " (" + std::to_string(size.x) + "x" +
         std::to_string(size.y) + ")");
  } catch (const std::exception& error) {
    render::OffscreenTarget::unbind();
    screenshot_.last_error = error.what();
    note(std::string("screenshot failed: ") + error.what(), true);
    if (!job.exact_path.empty()) exit_code_ = 1;  // --screenshot: the script must know
  }
  return consumed_imgui;
}

// [SECTION] Frame loop

void WindowApp::upload_stars_if_changed() {
  const app::Dataset* dataset = state_.dataset();
  if (!dataset) return;
  if (uploaded_dataset_.get() == dataset && uploaded_version_ == state_.stars_version()) return;
  renderer_.set_stars(state_.build_star_buffer());
  uploaded_dataset_ = state_.dataset_ptr();
  uploaded_version_ = state_.stars_version();
}

int WindowApp::run() {
  double last_time = glfwGetTime();
  while (!window_.should_close()) {
    render::Window::poll_events();
    if (frame_delay_ms_ > 0)
      std::this_thread::sleep_for(std::chrono::milliseconds(frame_delay_ms_));
    if (monkey_) {
      monkey_->before_frame();
      if (monkey_->done()) break;
    }
    const double now = glfwGetTime();
    const float dt = static_cast<float>(std::clamp(now - last_time, 0.0, 0.1));
    star_budget_.frame_started(now - last_time);
    last_time = now;

    poll_loader();
    apply_startup_bookmark();

    if (pending_ui_scale_) {
      imgui_.set_high_contrast(state_.view().presentation);
      imgui_.set_scale(*std::exchange(pending_ui_scale_, std::nullopt));
    }
    session_.set_aspect(aspect());
    imgui_.begin_frame();
    ui::SkyFrame sky_frame;
    sky_frame.framebuffer = framebuffer();
    sky_frame.window = window_.window_size();
    sky_frame.content_scale = content_scale_;
    sky_frame.ignore_hover = !options_.screenshot_path.empty();
    controls_.handle_mouse(sky_frame);
    controls_.handle_keyboard(dt);
    session_.update(dt);

    ui::PanelContext context{state_,      session_.drafts(), actions_,
                             screenshot_, loading_,          open_path_,
                             bookmarks_,  ui_scale(),        controls_.take_focus_search()};
    if (state_.dataset()) {
      ui::draw_panels(context);
      ui::draw_hover_tooltip(state_);
    } else {
      ui::draw_empty_sky_message(loading_);
      context.dataset_only = true;
      ui::draw_panels(context);
    }
    ui::draw_tour_caption(bookmarks_, ui_scale(), state_.view().presentation, &context.panel_rects);
    panel_rects_ = std::move(context.panel_rects);
    ui::draw_help_overlay(state_, ui_scale());
    ui::draw_status_note(session_.status(), session_.clock());

    upload_stars_if_changed();

    // --screenshot: once the galaxy is loaded and the camera has settled, the window as it looks.
    if (!options_.screenshot_path.empty() && !loader_.busy() && startup_applied_ &&
        !camera_.flying() && ++settled_frames_ == kScreenshotAfterFrames) {
      ui::ScreenshotJob job;
      job.size = options_.screenshot_size;
      // A playing tour's caption is part of the picture, even with the panels hidden.
      job.include_panels =
          (!state_.panels().hide_all || bookmarks_.playing) && job.size == glm::ivec2(0);
      job.exact_path = options_.screenshot_path;
      pending_screenshot_ = job;
    }
    bool skip_window_frame = false;
    if (pending_screenshot_) {
      const ui::ScreenshotJob job = *pending_screenshot_;
      pending_screenshot_.reset();
      skip_window_frame = take_screenshot(job);
      if (!job.exact_path.empty()) window_.set_should_close(true);
    }
    if (skip_window_frame) continue;  // ImGui's frame went into the screenshot; the next one shows

    const glm::ivec2 fb = framebuffer();
    if (fb.x > 0 && fb.y > 0) {
      render::FrameParams frame = frame_for(fb, 1.0f, false);
      const bool moving = camera_.flying() || frame.view != last_view_;
      last_view_ = frame.view;
      frame.star_limit =
          star_budget_.star_limit(moving, state_.dataset() ? state_.dataset()->rows() : 0);
      renderer_.draw(frame, overlay_for(fb, true));
    }
    imgui_.end_frame();
    window_.swap_buffers();
  }
  return monkey_ ? monkey_->finish() : exit_code_;
}

}  // namespace

int run_window(const std::string& data_path, const WindowOptions& options) {
  try {
    WindowApp app(data_path, options);
    return app.run();
  } catch (const render::RenderError& error) {
    std::fprintf(stderr, "galaxy: %s\n", error.what());
    return 1;
  }
}

}  // namespace galaxy
