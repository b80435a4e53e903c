// Offscreen framebuffer (RGBA8 colour + depth) for headless renders and large screenshots.
#pragma once

#include <glm/glm.hpp>

#include "render/gl_object.h"
#include "render/image.h"

namespace galaxy::render {

// Largest colour target this context supports (min of GL_MAX_RENDERBUFFER_SIZE and
// GL_MAX_VIEWPORT_DIMS). Needs a current context.
glm::ivec2 max_target_size();

class OffscreenTarget {
 public:
  // Throws RenderError, e.g. "image size 9000x9000 is too large: this OpenGL allows at most
  // 8192x8192".
  explicit OffscreenTarget(glm::ivec2 size);

  glm::ivec2 size() const { return size_; }
  // Binds the framebuffer for drawing and sets the viewport to the whole target.
  void bind() const;
  // Binds the default framebuffer (the window) again.
  static void unbind();
  // Reads the pixels back, top row first. The renderer writes premultiplied colour; with
  // `unpremultiply` (for transparent images) RGB is divided by alpha so the PNG has straight alpha.
  Image read_pixels(bool unpremultiply) const;

 private:
  glm::ivec2 size_{0};
  GlFramebuffer framebuffer_;
  GlRenderbuffer color_;
  GlRenderbuffer depth_;
};

}  // namespace galaxy::render
