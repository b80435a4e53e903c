// The interactive window: input (orbit/pan/zoom/pick/keys), Dear ImGui panels and GL drawing around
// the GL-free session (app/session/session.h), background loading, screenshots, the frame loop.
//
// [SECTION] WindowApp state
// [SECTION] Camera moves (go to word, frame analogy)
// [SECTION] Dataset loading
// [SECTION] Input
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
#include "app/state/picking.h"
#include "app/state/scene_builder.h"
#include "app/ui/panels.h"
#include "render/galaxy_renderer.h"
#include "render/image.h"
#include "render/imgui_layer.h"
#include "render/offscreen_target.h"
#include "render/window.h"

namespace galaxy {

namespace {

// [SECTION] WindowApp state

struct ScreenshotJob {
  glm::ivec2 size{0};  // 0: window framebuffer size
  bool include_panels = false;
  bool transparent = false;
  std::string exact_path;  // --screenshot: write here (never over an existing file), then close
};

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
  void handle_mouse();
  void handle_keyboard(float dt);
  void upload_stars_if_changed();
  void start_monkey(const MonkeyOptions& options);
  app::MeasureText measure() const;
  render::Overlay overlay_for(glm::ivec2 viewport, bool avoid_panels) const;
  render::FrameParams frame_for(glm::ivec2 viewport, float export_scale, bool transparent) const;
  void request_screenshot();
  // Draws the scene (and panels, if asked) offscreen and writes the PNG. Returns true if ImGui's
  // draw data was consumed (the window frame is then skipped).
  bool take_screenshot(const ScreenshotJob& job);

  render::Window window_;
  render::ImGuiLayer imgui_;
  render::GalaxyRenderer renderer_;
  // The GL-free part of the window (state, camera, bookmarks, tours, exports, notes); the
  // references name its parts as the input and frame code below uses them.
  session::Session session_;
  app::AppState& state_ = session_.state();
  app::OrbitCamera& camera_ = session_.camera();
  session::Bookmarks& bookmarks_ = session_.bookmarks();
  app::DatasetLoader loader_;
  ui::ScreenshotSettings screenshot_;
  std::string tour_path_;  // --tour: played once the galaxy is loaded
  float content_scale_ = 1.0f;
  std::optional<float> pending_ui_scale_;  // applied between frames
  bool box_selecting_ = false;
  glm::vec2 box_start_{0.0f};
  ui::LoadingView loading_;
  ui::PanelActions actions_;
  std::string open_path_;
  int frame_delay_ms_ = 0;          // --frame-delay-ms
  WindowOptions options_;           // the command line: --bookmark, --step, --screenshot ...
  std::unique_ptr<Monkey> monkey_;  // --monkey: drives the input, then checks the window answers

  std::uint64_t uploaded_version_ = 0;
  // Held (not just compared by address) so a new dataset can never reuse the old one's address.
  std::shared_ptr<const app::Dataset> uploaded_dataset_;

  bool left_down_ = false;
  bool left_dragged_ = false;
  glm::vec2 left_press_{0.0f};
  bool focus_search_ = false;
  std::optional<ScreenshotJob> pending_screenshot_;
  std::vector<glm::vec4> panel_rects_;  // this frame's panels, in ImGui (window) pixels
  int settled_frames_ = 0;
  bool startup_applied_ = false;
  int exit_code_ = 0;
  // --screenshot waits this many frames after the camera rests (fonts, star buffers uploaded).
  static constexpr int kScreenshotAfterFrames = 3;

  // Level of detail while the camera moves: when a frame with every star took longer than
  // kSmoothFrameSeconds (341k stars on a software renderer), moving frames draw only as many of the
  // most frequent words as fit that time (at least kMinMovingStars); the full sky returns as soon
  // as the camera rests.
  static constexpr double kSmoothFrameSeconds = 1.0 / 30.0;
  // Presentation mode multiplies the UI and label type by this.
  static constexpr float kPresentationScale = 1.5f;
  static constexpr std::size_t kMinMovingStars = 20000;
  double full_frame_seconds_ = 0.0;
  bool last_frame_full_ = true;
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
  actions_.go_to_word = [this](std::uint32_t row) { session_.go_to_word(row); };
  actions_.frame_analogy = [this] { session_.frame_analogy(); };
  actions_.frame_expression = [this] { session_.frame_expression(); };
  actions_.reset_view = [this] { session_.reset_view(); };
  actions_.frame_focus = [this] { session_.frame_focus(); };
  actions_.export_tsv = [this](ui::ExportKind kind) {
    session_.export_tsv(kind, screenshot_.directory);
  };
  actions_.add_bookmark = [this] { session_.add_bookmark(); };
  actions_.restore_bookmark = [this](std::size_t i) { session_.restore_bookmark(i); };
  actions_.remove_bookmark = [this](std::size_t i) { session_.remove_bookmark(i); };
  actions_.save_bookmarks = [this] { session_.save_bookmarks(); };
  actions_.play_bookmarks = [this](bool play) {
    play ? session_.start_tour(session_.bookmarks().tour) : session_.stop_tour();
  };
  actions_.open_tour = [this](const std::string& path) { session_.open_tour(path); };
  actions_.open_file = [this](const std::string& path) { open_file(path); };
  actions_.save_screenshot = [this] { request_screenshot(); };

  window_.set_drop_callback([this](const std::vector<std::string>& paths) {
    if (!paths.empty()) open_file(paths.front());
  });
  window_.set_content_scale_callback([this](glm::vec2 scale) {
    content_scale_ = scale.y;
    const float boost = state_.view.presentation ? kPresentationScale : 1.0f;
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
  host.show_all_panels = [this](bool open) {
    app::PanelVisibility& panels = state_.panels;
    panels.search = panels.neighbours = panels.analogy = panels.view = panels.dataset =
        panels.projection = panels.compare = panels.bookmarks = open;
    panels.help = false;
    panels.hide_all = false;
  };
  host.set_output_folder = [this](const std::string& folder) {
    std::filesystem::current_path(folder);  // typed relative paths land there too
    screenshot_.directory = folder;
  };
  host.search_query = [this] { return state_.search.query; };
  host.selected_word = [this] {
    const app::Dataset* dataset = state_.dataset();
    const std::int32_t row = state_.selected();
    return dataset && row >= 0 ? dataset->word(std::uint32_t(row)) : std::string();
  };
  host.probe_word = [this] {
    const app::Dataset* dataset = state_.dataset();
    return dataset && dataset->rows() > 0 ? dataset->word(0) : std::string();
  };
  host.screenshot = [this](const std::string& path) {
    ScreenshotJob job;
    job.include_panels = true;
    job.exact_path = path;
    pending_screenshot_ = job;
  };
  monkey_ = std::make_unique<Monkey>(options, std::move(host));
}

// [SECTION] Camera moves (go to word, frame analogy)

// [SECTION] Bookmarks, tours, presentation

void WindowApp::set_presentation(bool on) {
  if (on == state_.view.presentation) return;
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
  state_.frame_overview(camera_, aspect());
  if (!state_.projection.error.empty()) note(state_.projection.error, true);
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

// [SECTION] Input

void WindowApp::handle_mouse() {
  ImGuiIO& io = ImGui::GetIO();
  const glm::ivec2 fb = framebuffer();
  const glm::ivec2 win = window_.window_size();
  const glm::vec2 to_fb(win.x > 0 ? float(fb.x) / float(win.x) : 1.0f,
                        win.y > 0 ? float(fb.y) / float(win.y) : 1.0f);
  const glm::vec2 mouse(io.MousePos.x, io.MousePos.y);
  const glm::vec2 mouse_fb = mouse * to_fb;
  const glm::vec2 delta(io.MouseDelta.x, io.MouseDelta.y);
  const bool mouse_valid = ImGui::IsMousePosValid();
  const app::Dataset* dataset = state_.dataset();

  auto pick = [&]() -> std::int32_t {
    if (!dataset || !mouse_valid) return -1;
    app::PickOptions options;
    options.radius_px *= content_scale_ * to_fb.y;
    options.overlap_px *= content_scale_ * to_fb.y;
    return app::pick_star(state_.positions(), camera_.view_projection(fb), fb, mouse_fb, options)
        .row;
  };

  // Shift + drag: a box; on release the stars inside are isolated.
  if (box_selecting_) {
    ImDrawList* list = ImGui::GetForegroundDrawList();
    const ImVec2 a(box_start_.x, box_start_.y), b(mouse.x, mouse.y);
    list->AddRectFilled(a, b, IM_COL32(255, 220, 90, 28));
    list->AddRect(a, b, IM_COL32(255, 220, 90, 200), 0.0f, 0, 1.5f);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      box_selecting_ = false;
      if (dataset && glm::length(mouse - box_start_) > 6.0f) {
        const std::vector<std::uint32_t> rows = app::rows_in_screen_box(
            state_.positions(), camera_.view_projection(fb), fb, box_start_ * to_fb, mouse_fb);
        if (state_.isolate(rows, "box: " + std::to_string(rows.size()) + " words"))
          session_.frame_focus();
        else
          note(state_.isolation.error, true);
      }
    }
    state_.set_hovered(-1);
    return;
  }

  // A drag that started in the sky keeps going even over a panel.
  if (left_down_) {
    if (glm::length(mouse - left_press_) > 3.0f) left_dragged_ = true;
    if (left_dragged_ && (delta.x != 0.0f || delta.y != 0.0f)) camera_.orbit(delta);
    if (!ImGui::IsMouseDown(ImGuiMouseButton_Left)) {
      left_down_ = false;
      if (!left_dragged_) {
        const std::int32_t row = pick();
        if (row >= 0) state_.select(row);
      }
    }
  }
  if (io.WantCaptureMouse) {
    state_.set_hovered(-1);
    return;
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left) && io.KeyShift && dataset) {
    box_selecting_ = true;
    box_start_ = mouse;
    return;
  }
  if (ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    left_down_ = true;
    left_dragged_ = false;
    left_press_ = mouse;
  }
  if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left)) {
    const std::int32_t row = pick();
    if (row >= 0) session_.go_to_word(static_cast<std::uint32_t>(row));
  }
  if ((ImGui::IsMouseDown(ImGuiMouseButton_Right) || ImGui::IsMouseDown(ImGuiMouseButton_Middle)) &&
      (delta.x != 0.0f || delta.y != 0.0f))
    camera_.pan(delta * to_fb, fb);
  if (io.MouseWheel != 0.0f && mouse_valid) camera_.zoom_to_cursor(io.MouseWheel, mouse_fb, fb);

  const bool any_button = ImGui::IsMouseDown(0) || ImGui::IsMouseDown(1) || ImGui::IsMouseDown(2);
  // Scripted screenshots ignore the pointer, which sits wherever the X server put it.
  const bool scripted = !options_.screenshot_path.empty();
  state_.set_hovered(any_button || scripted ? -1 : pick());
}

void WindowApp::handle_keyboard(float dt) {
  ImGuiIO& io = ImGui::GetIO();
  // Function keys never type text, so they work even while a text field has the keyboard.
  if (ImGui::IsKeyPressed(GLFW_KEY_F1, false)) state_.panels.help = !state_.panels.help;
  if (ImGui::IsKeyPressed(GLFW_KEY_F12, false)) request_screenshot();
  if (ImGui::IsKeyPressed(GLFW_KEY_F5, false)) set_presentation(!state_.view.presentation);
  if (io.KeyCtrl && ImGui::IsKeyPressed(GLFW_KEY_F, false)) {
    state_.panels.hide_all = false;
    state_.panels.search = true;
    focus_search_ = true;
  }
  if (io.WantCaptureKeyboard) return;

  auto down = [&io](int key) { return io.KeysDown[key]; };
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_TAB)) state_.panels.hide_all = !state_.panels.hide_all;
  if (pressed(GLFW_KEY_ESCAPE)) {
    if (state_.panels.help)
      state_.panels.help = false;
    else if (bookmarks_.playing)
      session_.stop_tour();
    else if (state_.view.presentation)
      set_presentation(false);
    else
      state_.select(-1);
  }
  // A playing tour takes the keys presentation clickers send (Page Up / Page Down) and Space.
  const bool touring = bookmarks_.playing && !session_.tour_player().empty();
  if (touring) {
    if (pressed(GLFW_KEY_SPACE) || pressed(GLFW_KEY_PAGE_DOWN) || pressed(GLFW_KEY_N)) {
      session_.next_step();
    }
    if (pressed(GLFW_KEY_BACKSPACE) || pressed(GLFW_KEY_PAGE_UP) || pressed(GLFW_KEY_P)) {
      session_.previous_step();
    }
  }
  if (pressed(GLFW_KEY_HOME)) session_.reset_view();
  if (!io.KeyCtrl) {
    if (pressed(GLFW_KEY_R)) state_.view.auto_rotate = !state_.view.auto_rotate;
    if (pressed(GLFW_KEY_B)) session_.add_bookmark();
    if (pressed(GLFW_KEY_I)) {
      if (state_.isolate_selection())
        session_.frame_focus();
      else
        note(state_.isolation.error, true);
    }
    if (pressed(GLFW_KEY_U) && state_.isolated()) {
      state_.clear_isolation();
      session_.reset_view();
    }
    if (pressed(GLFW_KEY_L)) state_.view.show_labels = !state_.view.show_labels;
    if (pressed(GLFW_KEY_C)) {
      state_.cycle_color_scheme();
    }
    glm::vec3 axes(0.0f);
    if (down(GLFW_KEY_D) || down(GLFW_KEY_RIGHT)) axes.x += 1.0f;
    if (down(GLFW_KEY_A) || down(GLFW_KEY_LEFT)) axes.x -= 1.0f;
    if (down(GLFW_KEY_E) || (!touring && down(GLFW_KEY_PAGE_UP))) axes.y += 1.0f;
    if (down(GLFW_KEY_Q) || (!touring && down(GLFW_KEY_PAGE_DOWN))) axes.y -= 1.0f;
    if (down(GLFW_KEY_W) || down(GLFW_KEY_UP)) axes.z += 1.0f;
    if (down(GLFW_KEY_S) || down(GLFW_KEY_DOWN)) axes.z -= 1.0f;
    camera_.move(axes, dt);
  }
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
  const std::int32_t highlighted = state_.hovered() >= 0 ? state_.hovered() : state_.selected();
  return app::build_frame(camera_, viewport, settings, highlighted);
}

void WindowApp::request_screenshot() {
  const ui::ScreenshotSize& choice =
      ui::screenshot_sizes()[static_cast<std::size_t>(screenshot_.size_choice)];
  ScreenshotJob job;
  if (choice.width > 0) job.size = {choice.width, choice.height};
  if (choice.width < 0) job.size = {screenshot_.custom_width, screenshot_.custom_height};
  job.include_panels = job.size == glm::ivec2(0) && screenshot_.include_panels;
  if (bookmarks_.playing && job.size == glm::ivec2(0)) job.include_panels = true;  // the caption
  job.transparent = screenshot_.transparent;
  pending_screenshot_ = job;
}

bool WindowApp::take_screenshot(const ScreenshotJob& job) {
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
    if (last_frame_full_) full_frame_seconds_ = now - last_time;
    last_time = now;

    poll_loader();
    apply_startup_bookmark();

    if (pending_ui_scale_) {
      imgui_.set_high_contrast(state_.view.presentation);
      imgui_.set_scale(*std::exchange(pending_ui_scale_, std::nullopt));
    }
    session_.set_aspect(aspect());
    imgui_.begin_frame();
    handle_mouse();
    handle_keyboard(dt);
    session_.update(dt);

    ui::PanelContext context{state_,     actions_,   screenshot_, loading_,
                             open_path_, bookmarks_, ui_scale(),  focus_search_};
    focus_search_ = false;
    if (state_.dataset()) {
      ui::draw_panels(context);
      ui::draw_hover_tooltip(state_);
    } else {
      ui::draw_empty_sky_message(loading_);
      context.dataset_only = true;
      ui::draw_panels(context);
    }
    ui::draw_tour_caption(bookmarks_, ui_scale(), state_.view.presentation, &context.panel_rects);
    panel_rects_ = std::move(context.panel_rects);
    ui::draw_help_overlay(state_, ui_scale());
    ui::draw_status_note(session_.status(), session_.clock());

    upload_stars_if_changed();

    // --screenshot: once the galaxy is loaded and the camera has settled, the window as it looks.
    if (!options_.screenshot_path.empty() && !loader_.busy() && startup_applied_ &&
        !camera_.flying() && ++settled_frames_ == kScreenshotAfterFrames) {
      ScreenshotJob job;
      job.size = options_.screenshot_size;
      // A playing tour's caption is part of the picture, even with the panels hidden.
      job.include_panels =
          (!state_.panels.hide_all || bookmarks_.playing) && job.size == glm::ivec2(0);
      job.exact_path = options_.screenshot_path;
      pending_screenshot_ = job;
    }
    bool skip_window_frame = false;
    if (pending_screenshot_) {
      const ScreenshotJob job = *pending_screenshot_;
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
      const std::size_t stars = state_.dataset() ? state_.dataset()->rows() : 0;
      last_frame_full_ = true;
      if (moving && full_frame_seconds_ > kSmoothFrameSeconds && stars > kMinMovingStars) {
        const double fraction = kSmoothFrameSeconds / full_frame_seconds_;
        frame.star_limit =
            static_cast<std::uint32_t>(std::max<double>(kMinMovingStars, double(stars) * fraction));
        last_frame_full_ = false;
      }
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
