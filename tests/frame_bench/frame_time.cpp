// galaxy_frame_bench: frame time of the real renderer on a real vectors file (or on generated
// stars), with every star and with the level-of-detail budget the window uses while the camera
// moves. A benchmark, not a test: run it under xvfb-run (software GL) or on a machine with a GPU.
//   galaxy_frame_bench [FILE|--synthetic N] [--size WxH] [--frames N]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "render/galaxy_renderer.h"
#include "render/offscreen_target.h"
#include "render/window.h"

namespace {

using Clock = std::chrono::steady_clock;

// Median milliseconds per frame over `frames` frames while the camera orbits.
double median_frame_ms(galaxy::render::GalaxyRenderer& renderer, galaxy::app::OrbitCamera camera,
                       glm::ivec2 size, std::uint32_t star_limit, int frames) {
  galaxy::render::OffscreenTarget target(size);
  target.bind();
  std::vector<double> times;
  for (int i = -2; i < frames; ++i) {  // two warm-up frames (shader compilation in llvmpipe)
    camera.orbit({4.0f, 0.0f});
    galaxy::app::FrameSettings settings;
    auto frame = galaxy::app::build_frame(camera, size, settings, -1);
    frame.star_limit = star_limit;
    const auto start = Clock::now();
    renderer.draw(frame, {});
    renderer.finish();
    if (i >= 0)
      times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  galaxy::render::OffscreenTarget::unbind();
  std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
  return times[times.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  std::string file;
  std::size_t synthetic = 341479;
  glm::ivec2 size{1600, 900};
  int frames = 15;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--synthetic") && i + 1 < argc)
      synthetic = std::strtoul(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--size") && i + 1 < argc)
      std::sscanf(argv[++i], "%dx%d", &size.x, &size.y);
    else if (!std::strcmp(argv[i], "--frames") && i + 1 < argc)
      frames = std::atoi(argv[++i]);
    else
      file = argv[i];
  }
  try {
    galaxy::render::WindowOptions options;
    options.visible = false;
    options.vsync = false;
    options.size = {64, 64};
    galaxy::render::Window window(options);
    galaxy::render::GalaxyRenderer renderer;

    std::vector<glm::vec3> positions;
    std::vector<galaxy::render::Star> stars;
    if (!file.empty()) {
      auto dataset = galaxy::app::load_dataset(file);
      positions = dataset->positions;
      stars = galaxy::app::build_stars(positions, galaxy::app::ColorScheme::Nebula);
    } else {
      std::mt19937_64 rng(42);
      std::normal_distribution<float> gauss(0.0f, 8.0f);
      for (std::size_t i = 0; i < synthetic; ++i) {
        positions.push_back({gauss(rng), gauss(rng) * 0.6f, gauss(rng)});
        galaxy::render::Star star;
        star.position = positions.back();
        star.size = 0.5f + 1.5f / (1.0f + float(i) / 2000.0f);
        stars.push_back(star);
      }
    }
    renderer.set_stars(stars);
    galaxy::app::OrbitCamera camera;
    camera.frame_points(positions, float(size.x) / float(size.y));
    const double all = median_frame_ms(renderer, camera, size, 0, frames);
    const std::uint32_t budget = 20000;
    const double lod = median_frame_ms(renderer, camera, size, budget, frames);
    std::printf("renderer\t%s\n", window.gl_description().c_str());
    std::printf("stars\t%zu\nsize\t%dx%d\n", stars.size(), size.x, size.y);
    std::printf("all_stars_ms\t%.1f\n", all);
    std::printf("moving_%u_stars_ms\t%.1f\n", budget, lod);
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "galaxy_frame_bench: %s\n", error.what());
    return 1;
  }
}
