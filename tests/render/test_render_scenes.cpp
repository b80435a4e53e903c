// Render tests with a GL context: small known scenes rendered offscreen, pixels checked with
// tolerances.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <string>

#include "render/line_geometry.h"
#include "render/shader.h"
#include "tests/render/render_fixture.h"

namespace galaxy::render {
namespace {

using testing::brightness;
using testing::max_brightness_near;
using testing::render_offscreen;
using testing::test_frame;

Star white_star(glm::vec3 position, float size = 1.0f) {
  Star star;
  star.position = position;
  star.color = {1.0f, 1.0f, 1.0f};
  star.size = size;
  star.brightness = 1.0f;
  return star;
}

TEST(RenderScenes, StarAppearsWhereProjectedAndNowhereElse) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(200, 150);
  const glm::vec3 world(1.0f, 0.5f, 0.0f);
  renderer.set_stars({white_star(world)});
  auto frame = test_frame(size);
  frame.star_size_px = 8.0f;
  const Image image = render_offscreen(renderer, frame, {});

  glm::vec2 expected;
  ASSERT_TRUE(project_to_pixels(world, frame.projection * frame.view, size, expected));
  const int sx = static_cast<int>(expected.x), sy = static_cast<int>(expected.y);
  EXPECT_GE(max_brightness_near(image, sx, sy, 1), 200) << "no star at the projected pixel";
  // Mirror position (left/bottom of centre) and a corner: plain background.
  const int mirror_x = size.x - 1 - sx, mirror_y = size.y - 1 - sy;
  EXPECT_LE(max_brightness_near(image, mirror_x, mirror_y, 6), 0.1 * 255 + 2);
  EXPECT_LE(max_brightness_near(image, 5, 5, 4), 0.1 * 255 + 2);
  // The glow is round and falls off: 12 px away it is (almost) background.
  EXPECT_LE(brightness(image, sx + 12, sy), 0.1 * 255 + 6);
}

TEST(RenderScenes, HighlightedStarIsBigger) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(120, 120);
  renderer.set_stars({white_star({0, 0, 0})});
  auto frame = test_frame(size);
  frame.star_size_px = 4.0f;
  frame.background = {0, 0, 0, 1};
  const Image plain = render_offscreen(renderer, frame, {});
  frame.highlighted_star = 0;
  const Image highlighted = render_offscreen(renderer, frame, {});
  auto lit = [](const Image& image) {
    int count = 0;
    for (int y = 0; y < image.height; ++y)
      for (int x = 0; x < image.width; ++x) count += brightness(image, x, y) > 40;
    return count;
  };
  EXPECT_GT(lit(highlighted), 2 * lit(plain));
}

class RequestedSize : public ::testing::TestWithParam<glm::ivec2> {};

TEST_P(RequestedSize, IsHonoured) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size = GetParam();
  renderer.set_stars({white_star({0, 0, 0})});
  const Image image = render_offscreen(renderer, test_frame(size), {});
  EXPECT_EQ(image.width, size.x);
  EXPECT_EQ(image.height, size.y);
  EXPECT_EQ(image.rgba.size(), static_cast<std::size_t>(size.x) * size.y * 4);
  // The star at the origin lands in the middle at every size.
  EXPECT_GE(max_brightness_near(image, size.x / 2, size.y / 2, 2), 150);
}

INSTANTIATE_TEST_SUITE_P(Sizes, RequestedSize,
                         ::testing::Values(glm::ivec2(16, 16), glm::ivec2(333, 201),
                                           glm::ivec2(640, 480), glm::ivec2(1920, 1080)));

TEST(RenderScenes, TooLargeTargetIsReportedClearly) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 limit = max_target_size();
  EXPECT_GE(limit.x, 4096);
  try {
    OffscreenTarget target({limit.x + 1, 16});
    FAIL() << "expected RenderError";
  } catch (const RenderError& error) {
    EXPECT_NE(std::string(error.what()).find("too large"), std::string::npos) << error.what();
  }
}

TEST(RenderScenes, TransparentBackgroundHasZeroAlphaAwayFromStars) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(160, 120);
  Star star = white_star({0, 0, 0});
  star.color = {1.0f, 0.5f, 0.2f};
  renderer.set_stars({star});
  auto frame = test_frame(size);
  frame.background = {0.2f, 0.3f, 0.5f, 0.0f};
  frame.draw_sky = true;  // must be skipped for a transparent background
  Overlay overlay;
  overlay.labels.push_back(Label{{5.0f, 5.0f}, "alpha", {1, 1, 1, 1}, 1.0f});
  const Image image = render_offscreen(renderer, frame, overlay, /*transparent=*/true);
  const auto* centre = image.pixel(size.x / 2, size.y / 2);
  EXPECT_GE(centre[3], 200) << "the star must be opaque";
  EXPECT_GE(centre[0], centre[2]) << "the star keeps its warm colour after un-premultiplying";
  for (glm::ivec2 p : {glm::ivec2(size.x - 3, size.y - 3), glm::ivec2(size.x - 3, 3),
                       glm::ivec2(3, size.y - 3), glm::ivec2(size.x / 2 + 30, size.y / 2)}) {
    EXPECT_EQ(image.pixel(p.x, p.y)[3], 0) << "at " << p.x << "," << p.y;
  }
  // Label text adds alpha where it draws.
  int label_alpha = 0;
  for (int y = 5; y < 20; ++y)
    for (int x = 5; x < 40; ++x) label_alpha = std::max<int>(label_alpha, image.pixel(x, y)[3]);
  EXPECT_GE(label_alpha, 200);
}

TEST(RenderScenes, LabelDrawsTextInsideItsBox) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(300, 100);
  renderer.set_stars({});
  auto frame = test_frame(size);
  frame.background = {0, 0, 0, 1};
  Overlay overlay;
  const std::string text = "Galaxy Ωμέγα Жизнь";
  const glm::vec2 anchor(40.0f, 30.0f);
  overlay.labels.push_back(Label{anchor, text, {1.0f, 0.9f, 0.6f, 1.0f}, 1.0f});
  const glm::vec2 box = renderer.measure_label(text, 1.0f);
  ASSERT_GT(box.x, 60.0f);
  ASSERT_GT(box.y, 8.0f);
  const Image image = render_offscreen(renderer, frame, overlay);

  int inside = 0, outside = 0;
  const int margin = 3;  // outline and anti-aliasing
  for (int y = 0; y < size.y; ++y) {
    for (int x = 0; x < size.x; ++x) {
      const bool in_box = x >= anchor.x - margin && x <= anchor.x + box.x + margin &&
                          y >= anchor.y - margin && y <= anchor.y + box.y + margin;
      const bool lit = brightness(image, x, y) > 128;
      (in_box ? inside : outside) += lit;
    }
  }
  EXPECT_GT(inside, 80) << "text pixels expected in the label box";
  EXPECT_EQ(outside, 0) << "no text pixels outside the label box";
  // Greek and Cyrillic glyphs are in the atlas: the right part of the box (after "Galaxy ") has
  // ink.
  int right_half = 0;
  for (int y = static_cast<int>(anchor.y); y < anchor.y + box.y; ++y)
    for (int x = static_cast<int>(anchor.x + box.x * 0.55f); x < anchor.x + box.x; ++x)
      right_half += brightness(image, x, y) > 128;
  EXPECT_GT(right_half, 30);
}

TEST(RenderScenes, MeasureLabelGrowsWithTextAndScale) {
  GALAXY_REQUIRE_GL();
  const glm::vec2 short_text = renderer.measure_label("ab", 1.0f);
  const glm::vec2 long_text = renderer.measure_label("abcdefgh", 1.0f);
  const glm::vec2 big = renderer.measure_label("ab", 2.0f);
  EXPECT_GT(long_text.x, 3.0f * short_text.x);
  EXPECT_NEAR(big.x, 2.0f * short_text.x, 0.2f * short_text.x);
  EXPECT_NEAR(big.y, 2.0f * short_text.y, 0.1f * short_text.y);
  renderer.set_label_scale(2.0f);
  EXPECT_NEAR(renderer.measure_label("ab", 1.0f).x, big.x, 0.15f * big.x);
  renderer.set_label_scale(1.0f);
  EXPECT_NEAR(renderer.measure_label("ab", 1.0f).x, short_text.x, 0.01f);
}

TEST(RenderScenes, ArrowDrawsPixelsAlongItsSegment) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(256, 192);
  renderer.set_stars({});
  auto frame = test_frame(size);
  frame.background = {0, 0, 0, 1};
  Overlay overlay;
  Line arrow;
  arrow.from = {-1.2f, -0.8f, 0.0f};
  arrow.to = {1.0f, 0.6f, 0.0f};
  arrow.color = {1.0f, 0.4f, 0.1f, 1.0f};
  arrow.width_px = 3.0f;
  arrow.arrow_head = true;
  overlay.lines.push_back(arrow);
  const Image image = render_offscreen(renderer, frame, overlay);

  glm::vec2 a, b;
  const glm::mat4 view_projection = frame.projection * frame.view;
  ASSERT_TRUE(project_to_pixels(arrow.from, view_projection, size, a));
  ASSERT_TRUE(project_to_pixels(arrow.to, view_projection, size, b));
  for (float t = 0.05f; t <= 0.95f; t += 0.05f) {
    const glm::vec2 p = glm::mix(a, b, t);
    const auto* pixel = image.pixel(static_cast<int>(p.x), static_cast<int>(p.y));
    EXPECT_GE(pixel[0], 180) << "t=" << t;
    EXPECT_LE(pixel[2], 60) << "t=" << t;
  }
  // The head is wider than the shaft: pixels beside the segment near the tip, not near the tail.
  const glm::vec2 direction = glm::normalize(b - a);
  const glm::vec2 normal(-direction.y, direction.x);
  const glm::vec2 near_tip = b - direction * 10.0f + normal * 3.5f;
  const glm::vec2 near_tail = a + direction * 20.0f + normal * 3.5f;
  EXPECT_GE(brightness(image, static_cast<int>(near_tip.x), static_cast<int>(near_tip.y)), 120);
  EXPECT_LE(brightness(image, static_cast<int>(near_tail.x), static_cast<int>(near_tail.y)), 40);
  // Far from the segment: background.
  EXPECT_EQ(max_brightness_near(image, static_cast<int>(a.x), static_cast<int>(b.y), 3), 0);
}

TEST(RenderScenes, ShaderCompileErrorNamesTheShader) {
  GALAXY_REQUIRE_GL();
  (void)renderer;
  const std::string vertex = "#version 330 core\nvoid main() { gl_Position = vec4(0.0); }\n";
  const std::string broken = "#version 330 core\nout vec4 c;\nvoid main() { c = vec4(oops); }\n";
  try {
    build_program("ok.vert.glsl", vertex, "broken.frag.glsl", broken);
    FAIL() << "expected ShaderError";
  } catch (const ShaderError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("broken.frag.glsl"), std::string::npos) << message;
    EXPECT_NE(message.find("oops"), std::string::npos)
        << "the GL info log is included: " << message;
  }
  EXPECT_THROW(embedded_shader("missing.glsl"), ShaderError);
  EXPECT_NO_THROW(embedded_shader("stars.vert.glsl"));
}

TEST(RenderScenes, SubPixelStarsFadeInsteadOfVanishingOrAliasing) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(100, 100);
  auto frame = test_frame(size);
  frame.background = {0, 0, 0, 1};
  frame.reference_distance = 5.0f;
  renderer.set_stars({white_star({0, 0, 0}, 0.05f)});  // 0.3 px at the reference distance
  const Image tiny = render_offscreen(renderer, frame, {});
  renderer.set_stars({white_star({0, 0, 0}, 1.0f)});
  const Image normal = render_offscreen(renderer, frame, {});
  const int tiny_peak = max_brightness_near(tiny, 50, 50, 2);
  EXPECT_GT(tiny_peak, 0) << "a tiny star still shows a faint glow";
  EXPECT_LT(tiny_peak, max_brightness_near(normal, 50, 50, 2) / 2);
}

TEST(RenderScenes, SkyIsDeepBlueAndDark) {
  GALAXY_REQUIRE_GL();
  const glm::ivec2 size(64, 48);
  renderer.set_stars({});
  auto frame = test_frame(size);
  frame.draw_sky = true;
  frame.background = {0.015f, 0.02f, 0.05f, 1.0f};
  const Image image = render_offscreen(renderer, frame, {});
  const auto* p = image.pixel(32, 24);
  EXPECT_GT(p[2], p[0]);
  EXPECT_LT(p[2], 40);
  EXPECT_EQ(p[3], 255);
}

TEST(RenderScenes, ScreenshotFilesAreNeverOverwritten) {
  GALAXY_REQUIRE_GL();
  renderer.set_stars({white_star({0, 0, 0})});
  const Image image = render_offscreen(renderer, test_frame({32, 24}), {});
  const auto dir =
      std::filesystem::temp_directory_path() /
      ("galaxy-render-test-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
       "-" + std::to_string(std::random_device{}()));
  std::filesystem::create_directories(dir);
  const std::string first = save_screenshot(dir.string(), image);
  const std::string second = save_screenshot(dir.string(), image);
  EXPECT_NE(first, second);
  EXPECT_NE(std::filesystem::path(first).filename().string().find("galaxy-"), std::string::npos);
  EXPECT_TRUE(std::filesystem::path(second).filename().string().find("-2.png") !=
                  std::string::npos ||
              std::filesystem::path(first).filename() != std::filesystem::path(second).filename());
  const auto size_before = std::filesystem::file_size(first);
  EXPECT_THROW(write_png(first, Image{1, 1, {0, 0, 0, 0}}), RenderError);
  EXPECT_EQ(std::filesystem::file_size(first), size_before);
  EXPECT_NO_THROW(write_png(first, Image{1, 1, {0, 0, 0, 0}}, /*overwrite=*/true));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    (void)entry;
    ++files;
  }
  EXPECT_EQ(files, 2) << "no temporary files left behind";
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace galaxy::render
