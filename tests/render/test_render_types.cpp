// Render tests without a GL context: RAII types are move-only, line expansion geometry, PNG input
// checks.
#include <gtest/gtest.h>

#include <cmath>
#include <type_traits>

#include <glm/gtc/matrix_transform.hpp>

#include "render/galaxy_renderer.h"
#include "render/gl_object.h"
#include "render/image.h"
#include "render/line_geometry.h"
#include "render/offscreen_target.h"
#include "render/window.h"

namespace galaxy::render {
namespace {

template <typename T>
constexpr bool kMoveOnly =
    !std::is_copy_constructible_v<T> && !std::is_copy_assignable_v<T> &&
    std::is_nothrow_move_constructible_v<T> && std::is_nothrow_move_assignable_v<T>;

static_assert(kMoveOnly<GlBuffer>);
static_assert(kMoveOnly<GlVertexArray>);
static_assert(kMoveOnly<GlProgram>);
static_assert(kMoveOnly<GlShader>);
static_assert(kMoveOnly<GlFramebuffer>);
static_assert(kMoveOnly<GlRenderbuffer>);
static_assert(kMoveOnly<GlTexture>);
static_assert(kMoveOnly<Window>);
static_assert(kMoveOnly<OffscreenTarget>);
static_assert(kMoveOnly<GalaxyRenderer>);

// Counts deletions instead of calling GL, to check ownership transfer without a context.
struct CountingDeleter {
  static inline int deleted = 0;
  static void destroy(unsigned int) { ++deleted; }
};

TEST(RenderTypes, GlObjectDeletesExactlyOnceAfterMoves) {
  CountingDeleter::deleted = 0;
  {
    GlObject<CountingDeleter> a(7);
    GlObject<CountingDeleter> b(std::move(a));
    EXPECT_EQ(a.get(), 0u);  // NOLINT(bugprone-use-after-move): moved-from is empty by contract
    EXPECT_EQ(b.get(), 7u);
    GlObject<CountingDeleter> c(9);
    c = std::move(b);  // 9 is deleted here
    EXPECT_EQ(CountingDeleter::deleted, 1);
    EXPECT_EQ(c.get(), 7u);
  }
  EXPECT_EQ(CountingDeleter::deleted, 2);
}

struct LineSetup {
  glm::ivec2 viewport{200, 100};
  glm::mat4 view_projection = glm::perspective(glm::radians(45.0f), 2.0f, 0.1f, 100.0f) *
                              glm::lookAt(glm::vec3(0, 0, 5), glm::vec3(0), glm::vec3(0, 1, 0));
};

TEST(RenderTypes, ProjectToPixelsHasTopLeftOrigin) {
  LineSetup s;
  glm::vec2 p;
  ASSERT_TRUE(project_to_pixels({0, 0, 0}, s.view_projection, s.viewport, p));
  EXPECT_NEAR(p.x, 100.0f, 1e-3f);
  EXPECT_NEAR(p.y, 50.0f, 1e-3f);
  ASSERT_TRUE(project_to_pixels({0, 1, 0}, s.view_projection, s.viewport, p));
  EXPECT_LT(p.y, 50.0f) << "world up is screen up";
  EXPECT_FALSE(project_to_pixels({0, 0, 10}, s.view_projection, s.viewport, p)) << "behind the eye";
}

TEST(RenderTypes, LineBecomesQuadOfRequestedWidth) {
  LineSetup s;
  Line line;
  line.from = {-1, 0, 0};
  line.to = {1, 0, 0};
  line.width_px = 4.0f;
  const auto vertices = expand_lines({line}, s.view_projection, s.viewport);
  ASSERT_EQ(vertices.size(), 6u);
  float min_y = 1e9f, max_y = -1e9f;
  for (const auto& v : vertices) {
    min_y = std::min(min_y, v.position_px.y);
    max_y = std::max(max_y, v.position_px.y);
    EXPECT_FLOAT_EQ(v.edge.y, 2.0f);
  }
  EXPECT_NEAR(max_y - min_y, 4.0f + 2.0f, 1e-3f) << "width plus one anti-aliasing pixel per side";
}

TEST(RenderTypes, ArrowAddsHeadAndLinesBehindTheEyeAreDropped) {
  LineSetup s;
  Line arrow;
  arrow.from = {-1, 0, 0};
  arrow.to = {1, 0, 0};
  arrow.arrow_head = true;
  EXPECT_EQ(expand_lines({arrow}, s.view_projection, s.viewport).size(), 6u + 3u + 3u * 6u);
  Line behind;
  behind.from = {0, 0, 8};
  behind.to = {1, 0, 9};
  EXPECT_TRUE(expand_lines({behind}, s.view_projection, s.viewport).empty());
  // Crossing the near plane: clipped, still drawn, and all vertices finite.
  Line crossing;
  crossing.from = {0, 0, 0};
  crossing.to = {0.5f, 0, 20};
  crossing.arrow_head = true;
  const auto clipped = expand_lines({crossing}, s.view_projection, s.viewport);
  EXPECT_EQ(clipped.size(), 6u) << "shaft only: its head is behind the eye";
  for (const auto& v : clipped)
    EXPECT_TRUE(std::isfinite(v.position_px.x) && std::isfinite(v.position_px.y));
}

TEST(RenderTypes, WritePngRejectsBadImages) {
  EXPECT_THROW(write_png("/tmp/never-written.png", Image{}), RenderError);
  EXPECT_THROW(write_png("/tmp/never-written.png", Image{2, 2, {0, 0, 0, 0}}), RenderError);
}

}  // namespace
}  // namespace galaxy::render
