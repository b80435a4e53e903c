// GalaxyRenderer: sky pass, additive star sprites, screen-space lines/arrows and ImGui-drawn
// labels.
//
// [SECTION] Label font (private ImGui context)
// [SECTION] Passes
// [SECTION] GalaxyRenderer
#include "render/galaxy_renderer.h"

#include <algorithm>
#include <cfloat>
#include <cstddef>
#include <filesystem>

#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/type_ptr.hpp>

#include "render/fonts.h"
#include "render/gl_internal.h"
#include "render/line_geometry.h"
#include "render/shader.h"
#include "render/window.h"

namespace galaxy::render {

static_assert(sizeof(Star) == 8 * sizeof(float), "Star is uploaded as-is: 8 tightly packed floats");
static_assert(sizeof(LineVertex) == 8 * sizeof(float), "LineVertex is uploaded as-is");

namespace {

//-----------------------------------------------------------------------------
// [SECTION] Label font (private ImGui context)
//-----------------------------------------------------------------------------

// Labels are drawn by Dear ImGui in a context of their own, so the renderer can draw them at any
// time (even in the middle of the app's ImGui frame) and headless renders need no UI at all.
class LabelPainter {
 public:
  static constexpr float kMaxRasterScale = 4.0f;

  LabelPainter(std::string font_path, float base_px, float scale)
      : font_path_(find_font(font_path)), base_px_(base_px) {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    context_ = ImGui::CreateContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    ImGui_ImplOpenGL3_Init("#version 330 core");
    ImGui::SetCurrentContext(previous);
    set_scale(scale);
  }

  ~LabelPainter() {
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    ImGui_ImplOpenGL3_Shutdown();
    ImGui::DestroyContext(context_);
    ImGui::SetCurrentContext(previous == context_ ? nullptr : previous);
  }

  LabelPainter(const LabelPainter&) = delete;
  LabelPainter& operator=(const LabelPainter&) = delete;

  void set_scale(float scale) {
    scale_ = scale > 0.0f ? scale : 1.0f;
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    ImGui_ImplOpenGL3_DestroyFontsTexture();
    io.Fonts->Clear();
    io.Fonts->TexDesiredWidth = 4096;
    fonts_.clear();
    // Two rasterised sizes; each label uses the nearest one at or above its size, so text is only
    // ever scaled down a little (crisp) instead of magnified (blurry). Beyond kMaxRasterScale (an
    // 8K export) glyphs are magnified instead: the atlas must stay within the GL texture limit.
    const float raster_scale = std::min(scale_, kMaxRasterScale);
    for (float factor : {1.0f, 1.4f}) {
      fonts_.push_back(add_font(*io.Fonts, font_path_, base_px_ * raster_scale * factor));
    }
    io.Fonts->Build();
    const bool uploaded = ImGui_ImplOpenGL3_CreateFontsTexture();
    ImGui::SetCurrentContext(previous);
    detail::check_gl("uploading the label font");
    if (!uploaded) throw RenderError("cannot upload the label font texture");
  }

  float scale() const { return scale_; }

  std::string font_name() const {
    return font_path_.empty() ? "ImGui default (ProggyClean)"
                              : std::filesystem::path(font_path_).filename().string();
  }

  float pixel_size(float font_scale) const {
    return base_px_ * scale_ * std::max(font_scale, 0.05f);
  }

  ImFont* font_for(float px) const {
    for (ImFont* font : fonts_) {
      if (font->FontSize >= px * 0.97f) return font;
    }
    return fonts_.back();
  }

  glm::vec2 measure(const std::string& text, float font_scale) const {
    const float px = pixel_size(font_scale);
    const ImVec2 size =
        font_for(px)->CalcTextSizeA(px, FLT_MAX, 0.0f, text.c_str(), text.c_str() + text.size());
    return {size.x, size.y};
  }

  void draw(const std::vector<Label>& labels, const std::vector<Backdrop>& backdrops,
            glm::ivec2 viewport) {
    if (labels.empty() && backdrops.empty()) return;
    ImGuiContext* previous = ImGui::GetCurrentContext();
    ImGui::SetCurrentContext(context_);
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(static_cast<float>(viewport.x), static_cast<float>(viewport.y));
    io.DisplayFramebufferScale = ImVec2(1.0f, 1.0f);
    io.DeltaTime = 1.0f / 60.0f;
    ImGui_ImplOpenGL3_NewFrame();
    ImGui::NewFrame();
    ImDrawList* list = ImGui::GetBackgroundDrawList();
    const float outline = std::max(1.0f, scale_);
    for (const Backdrop& b : backdrops) {
      list->AddRectFilled(ImVec2(b.rect_px.x, b.rect_px.y), ImVec2(b.rect_px.z, b.rect_px.w),
                          ImGui::GetColorU32(ImVec4(b.color.r, b.color.g, b.color.b, b.color.a)),
                          b.rounding_px);
    }
    for (const Label& label : labels) {
      if (label.text.empty() || label.color.a <= 0.0f) continue;
      const float px = pixel_size(label.font_scale);
      ImFont* font = font_for(px);
      const char* begin = label.text.c_str();
      const char* end = begin + label.text.size();
      const ImVec2 at(label.anchor_px.x, label.anchor_px.y);
      // Dark outline in 8 directions keeps text readable over bright star clusters.
      const ImU32 shadow = ImGui::GetColorU32(ImVec4(0.0f, 0.01f, 0.04f, 0.78f * label.color.a));
      for (int dy = -1; dy <= 1; ++dy) {
        for (int dx = -1; dx <= 1; ++dx) {
          if (dx == 0 && dy == 0) continue;
          list->AddText(font, px, ImVec2(at.x + dx * outline, at.y + dy * outline), shadow, begin,
                        end);
        }
      }
      const ImU32 color =
          ImGui::GetColorU32(ImVec4(label.color.r, label.color.g, label.color.b, label.color.a));
      list->AddText(font, px, at, color, begin, end);
    }
    ImGui::Render();
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    ImGui::SetCurrentContext(previous);
  }

 private:
  ImGuiContext* context_ = nullptr;
  std::string font_path_;
  float base_px_;
  float scale_ = 1.0f;
  std::vector<ImFont*> fonts_;
};

//-----------------------------------------------------------------------------
// [SECTION] Passes
//-----------------------------------------------------------------------------

GLint uniform(const GlProgram& program, const char* name) {
  return glGetUniformLocation(program.get(), name);
}

float reference_distance(const FrameParams& frame) {
  if (frame.reference_distance > 0.0f) return frame.reference_distance;
  const float to_origin = glm::length(glm::vec3(frame.view[3]));
  return to_origin > 1e-4f ? to_origin : 1.0f;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] GalaxyRenderer
//-----------------------------------------------------------------------------

struct GalaxyRenderer::Impl {
  GlProgram star_program = build_embedded_program("stars.vert.glsl", "stars.frag.glsl");
  GlProgram line_program = build_embedded_program("lines.vert.glsl", "lines.frag.glsl");
  GlProgram sky_program = build_embedded_program("sky.vert.glsl", "sky.frag.glsl");
  GlVertexArray star_vao = create_vertex_array();
  GlBuffer star_buffer = create_buffer();
  GlVertexArray line_vao = create_vertex_array();
  GlBuffer line_buffer = create_buffer();
  GlVertexArray empty_vao = create_vertex_array();  // the sky triangle has no attributes
  std::size_t star_count = 0;
  std::size_t line_capacity_bytes = 0;
  LabelPainter labels;

  explicit Impl(const RendererOptions& options)
      : labels(options.font_path, options.label_base_px, options.label_scale) {
    glBindVertexArray(star_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, star_buffer.get());
    const auto stride = static_cast<GLsizei>(sizeof(Star));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 3, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Star, position)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 3, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Star, color)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 1, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Star, size)));
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, stride,
                          reinterpret_cast<void*>(offsetof(Star, brightness)));

    glBindVertexArray(line_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, line_buffer.get());
    const auto line_stride = static_cast<GLsizei>(sizeof(LineVertex));
    glEnableVertexAttribArray(0);
    glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, line_stride,
                          reinterpret_cast<void*>(offsetof(LineVertex, position_px)));
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 4, GL_FLOAT, GL_FALSE, line_stride,
                          reinterpret_cast<void*>(offsetof(LineVertex, color)));
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 2, GL_FLOAT, GL_FALSE, line_stride,
                          reinterpret_cast<void*>(offsetof(LineVertex, edge)));
    glBindVertexArray(0);
    glBindBuffer(GL_ARRAY_BUFFER, 0);
    detail::check_gl("creating the galaxy renderer");
  }

  void draw_sky(const FrameParams& frame) {
    const glm::mat4 rotation_only = glm::mat4(glm::mat3(frame.view));
    const glm::mat4 inverse = glm::inverse(frame.projection * rotation_only);
    glDisable(GL_BLEND);
    glUseProgram(sky_program.get());
    glUniformMatrix4fv(uniform(sky_program, "u_inverse_view_rotation_projection"), 1, GL_FALSE,
                       glm::value_ptr(inverse));
    glUniform4fv(uniform(sky_program, "u_background"), 1, glm::value_ptr(frame.background));
    glBindVertexArray(empty_vao.get());
    glDrawArrays(GL_TRIANGLES, 0, 3);
  }

  void draw_stars(const FrameParams& frame) {
    if (star_count == 0) return;
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    // "Screen" blending, 1 - (1 - src)(1 - dst): light adds up like additive blending for faint
    // stars but saturates smoothly instead of clipping to flat white in dense clusters, and stays
    // order independent. Alpha accumulates coverage the same way, so empty sky keeps its alpha.
    glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_COLOR, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glEnable(GL_PROGRAM_POINT_SIZE);
    glUseProgram(star_program.get());
    glUniformMatrix4fv(uniform(star_program, "u_view"), 1, GL_FALSE, glm::value_ptr(frame.view));
    glUniformMatrix4fv(uniform(star_program, "u_projection"), 1, GL_FALSE,
                       glm::value_ptr(frame.projection));
    glUniform1f(uniform(star_program, "u_star_size_px"), frame.star_size_px);
    glUniform1f(uniform(star_program, "u_brightness"), frame.brightness);
    glUniform1f(uniform(star_program, "u_depth_cueing"),
                std::clamp(frame.depth_cueing, 0.0f, 1.0f));
    glUniform1f(uniform(star_program, "u_reference_distance"), reference_distance(frame));
    glUniform1i(uniform(star_program, "u_highlighted"), frame.highlighted_star);
    glBindVertexArray(star_vao.get());
    std::size_t count = star_count;
    if (frame.star_limit > 0) count = std::min<std::size_t>(count, frame.star_limit);
    glDrawArrays(GL_POINTS, 0, static_cast<GLsizei>(count));
  }

  void draw_lines(const FrameParams& frame, const std::vector<Line>& lines) {
    if (lines.empty()) return;
    const auto vertices = expand_lines(lines, frame.projection * frame.view, frame.viewport_px,
                                       /*dark_outline=*/true);
    if (vertices.empty()) return;
    glEnable(GL_BLEND);
    glBlendEquation(GL_FUNC_ADD);
    glBlendFuncSeparate(GL_ONE, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
    glUseProgram(line_program.get());
    glUniform2f(uniform(line_program, "u_viewport_px"), static_cast<float>(frame.viewport_px.x),
                static_cast<float>(frame.viewport_px.y));
    glBindVertexArray(line_vao.get());
    glBindBuffer(GL_ARRAY_BUFFER, line_buffer.get());
    const std::size_t bytes = vertices.size() * sizeof(LineVertex);
    if (bytes > line_capacity_bytes) {
      line_capacity_bytes = std::max(bytes, line_capacity_bytes * 2);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(line_capacity_bytes), nullptr,
                   GL_STREAM_DRAW);
    } else {
      // Orphan the old storage so the driver need not wait for last frame's draw.
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(line_capacity_bytes), nullptr,
                   GL_STREAM_DRAW);
    }
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(bytes), vertices.data());
    glDrawArrays(GL_TRIANGLES, 0, static_cast<GLsizei>(vertices.size()));
    glBindBuffer(GL_ARRAY_BUFFER, 0);
  }
};

GalaxyRenderer::GalaxyRenderer(const RendererOptions& options)
    : impl_(std::make_unique<Impl>(options)) {}
GalaxyRenderer::~GalaxyRenderer() = default;
GalaxyRenderer::GalaxyRenderer(GalaxyRenderer&&) noexcept = default;
GalaxyRenderer& GalaxyRenderer::operator=(GalaxyRenderer&&) noexcept = default;

void GalaxyRenderer::set_stars(const std::vector<Star>& stars) {
  glBindBuffer(GL_ARRAY_BUFFER, impl_->star_buffer.get());
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(stars.size() * sizeof(Star)),
               stars.empty() ? nullptr : stars.data(), GL_STATIC_DRAW);
  glBindBuffer(GL_ARRAY_BUFFER, 0);
  impl_->star_count = stars.size();
  detail::check_gl("uploading stars");
}

void GalaxyRenderer::finish() {
  glFinish();
}

std::size_t GalaxyRenderer::star_count() const {
  return impl_->star_count;
}

void GalaxyRenderer::set_label_scale(float scale) {
  if (scale != impl_->labels.scale()) impl_->labels.set_scale(scale);
}

float GalaxyRenderer::label_scale() const {
  return impl_->labels.scale();
}

glm::vec2 GalaxyRenderer::measure_label(const std::string& utf8, float font_scale) const {
  return impl_->labels.measure(utf8, font_scale);
}

std::string GalaxyRenderer::font_name() const {
  return impl_->labels.font_name();
}

void GalaxyRenderer::draw(const FrameParams& frame, const Overlay& overlay) {
  glViewport(0, 0, frame.viewport_px.x, frame.viewport_px.y);
  glDisable(GL_SCISSOR_TEST);
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glDepthMask(GL_TRUE);
  glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);
  const glm::vec4 background = glm::clamp(frame.background, glm::vec4(0.0f), glm::vec4(1.0f));
  // The framebuffer holds premultiplied colour throughout (stars, lines and ImGui all blend that
  // way).
  glClearColor(background.r * background.a, background.g * background.a,
               background.b * background.a, background.a);
  glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
  if (frame.draw_sky && background.a > 0.0f) {
    FrameParams sky = frame;
    sky.background = background;
    impl_->draw_sky(sky);
  }
  impl_->draw_stars(frame);
  impl_->draw_lines(frame, overlay.lines);
  glBindVertexArray(0);
  glUseProgram(0);
  impl_->labels.draw(overlay.labels, overlay.backdrops, frame.viewport_px);
  glEnable(GL_BLEND);
  glBlendFuncSeparate(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA, GL_ONE, GL_ONE_MINUS_SRC_ALPHA);
  detail::check_gl("drawing the galaxy");
}

}  // namespace galaxy::render
