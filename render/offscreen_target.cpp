// Offscreen framebuffer with size checks against the driver's limits, and pixel read-back.
#include "render/offscreen_target.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>

#include "render/gl_internal.h"
#include "render/window.h"

namespace galaxy::render {

glm::ivec2 max_target_size() {
  GLint renderbuffer = 0;
  GLint viewport[2] = {0, 0};
  glGetIntegerv(GL_MAX_RENDERBUFFER_SIZE, &renderbuffer);
  glGetIntegerv(GL_MAX_VIEWPORT_DIMS, viewport);
  return {std::min(renderbuffer, viewport[0]), std::min(renderbuffer, viewport[1])};
}

OffscreenTarget::OffscreenTarget(glm::ivec2 size) : size_(size) {
  if (size.x <= 0 || size.y <= 0) {
    throw RenderError("image size " + std::to_string(size.x) + "x" + std::to_string(size.y) +
                      " is empty");
  }
  const glm::ivec2 limit = max_target_size();
  if (size.x > limit.x || size.y > limit.y) {
    throw RenderError("image size " + std::to_string(size.x) + "x" + std::to_string(size.y) +
                      " is too large: this OpenGL allows at most " + std::to_string(limit.x) + "x" +
                      std::to_string(limit.y));
  }
  while (glGetError() != GL_NO_ERROR) {
  }
  framebuffer_ = create_framebuffer();
  color_ = create_renderbuffer();
  depth_ = create_renderbuffer();
  glBindRenderbuffer(GL_RENDERBUFFER, color_.get());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_RGBA8, size.x, size.y);
  glBindRenderbuffer(GL_RENDERBUFFER, depth_.get());
  glRenderbufferStorage(GL_RENDERBUFFER, GL_DEPTH24_STENCIL8, size.x, size.y);
  glBindRenderbuffer(GL_RENDERBUFFER, 0);
  if (glGetError() == GL_OUT_OF_MEMORY) {
    throw RenderError("not enough graphics memory for a " + std::to_string(size.x) + "x" +
                      std::to_string(size.y) + " image");
  }
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.get());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_COLOR_ATTACHMENT0, GL_RENDERBUFFER, color_.get());
  glFramebufferRenderbuffer(GL_FRAMEBUFFER, GL_DEPTH_STENCIL_ATTACHMENT, GL_RENDERBUFFER,
                            depth_.get());
  const GLenum status = glCheckFramebufferStatus(GL_FRAMEBUFFER);
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
  if (status != GL_FRAMEBUFFER_COMPLETE) {
    throw RenderError("cannot create a " + std::to_string(size.x) + "x" + std::to_string(size.y) +
                      " offscreen image (framebuffer incomplete, status 0x" +
                      [&] {
                        char hex[16];
                        std::snprintf(hex, sizeof(hex), "%04X", status);
                        return std::string(hex);
                      }() +
                      ")");
  }
  detail::check_gl("OffscreenTarget");
}

void OffscreenTarget::bind() const {
  glBindFramebuffer(GL_FRAMEBUFFER, framebuffer_.get());
  glViewport(0, 0, size_.x, size_.y);
}

void OffscreenTarget::unbind() {
  glBindFramebuffer(GL_FRAMEBUFFER, 0);
}

Image OffscreenTarget::read_pixels(bool unpremultiply) const {
  Image image;
  image.width = size_.x;
  image.height = size_.y;
  image.rgba.resize(static_cast<std::size_t>(size_.x) * size_.y * 4);
  GLint previous = 0;
  glGetIntegerv(GL_READ_FRAMEBUFFER_BINDING, &previous);
  glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer_.get());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  std::vector<std::uint8_t> bottom_up(image.rgba.size());
  glReadPixels(0, 0, size_.x, size_.y, GL_RGBA, GL_UNSIGNED_BYTE, bottom_up.data());
  glBindFramebuffer(GL_READ_FRAMEBUFFER, static_cast<GLuint>(previous));
  detail::check_gl("reading back the offscreen image");
  const std::size_t row = static_cast<std::size_t>(size_.x) * 4;
  for (int y = 0; y < size_.y; ++y) {
    std::memcpy(image.rgba.data() + row * y, bottom_up.data() + row * (size_.y - 1 - y), row);
  }
  if (unpremultiply) {
    for (std::size_t i = 0; i < image.rgba.size(); i += 4) {
      const unsigned alpha = image.rgba[i + 3];
      if (alpha == 0 || alpha == 255) continue;
      for (int c = 0; c < 3; ++c) {
        image.rgba[i + c] = static_cast<std::uint8_t>(
            std::min(255u, (image.rgba[i + c] * 255u + alpha / 2) / alpha));
      }
    }
  }
  return image;
}

}  // namespace galaxy::render
