// GL deleters and constructors for the RAII handles of gl_object.h, plus GL error helpers.
#include "render/gl_object.h"

#include <atomic>
#include <string>

#include "render/gl_internal.h"
#include "render/window.h"

namespace galaxy::render {

namespace {
std::atomic<std::size_t> g_live_gl_objects{0};
}  // namespace

std::size_t live_gl_objects() {
  return g_live_gl_objects.load(std::memory_order_relaxed);
}

void detail::count_gl_object(bool created) {
  if (created) {
    g_live_gl_objects.fetch_add(1, std::memory_order_relaxed);
  } else {
    g_live_gl_objects.fetch_sub(1, std::memory_order_relaxed);
  }
}

void BufferDeleter::destroy(unsigned int name) {
  glDeleteBuffers(1, &name);
}
void VertexArrayDeleter::destroy(unsigned int name) {
  glDeleteVertexArrays(1, &name);
}
void ProgramDeleter::destroy(unsigned int name) {
  glDeleteProgram(name);
}
void ShaderDeleter::destroy(unsigned int name) {
  glDeleteShader(name);
}
void FramebufferDeleter::destroy(unsigned int name) {
  glDeleteFramebuffers(1, &name);
}
void RenderbufferDeleter::destroy(unsigned int name) {
  glDeleteRenderbuffers(1, &name);
}
void TextureDeleter::destroy(unsigned int name) {
  glDeleteTextures(1, &name);
}

GlBuffer create_buffer() {
  GLuint name = 0;
  glGenBuffers(1, &name);
  return GlBuffer(name);
}

GlVertexArray create_vertex_array() {
  GLuint name = 0;
  glGenVertexArrays(1, &name);
  return GlVertexArray(name);
}

GlFramebuffer create_framebuffer() {
  GLuint name = 0;
  glGenFramebuffers(1, &name);
  return GlFramebuffer(name);
}

GlRenderbuffer create_renderbuffer() {
  GLuint name = 0;
  glGenRenderbuffers(1, &name);
  return GlRenderbuffer(name);
}

namespace detail {

const char* gl_error_name(GLenum error) {
  switch (error) {
    case GL_INVALID_ENUM:
      return "GL_INVALID_ENUM";
    case GL_INVALID_VALUE:
      return "GL_INVALID_VALUE";
    case GL_INVALID_OPERATION:
      return "GL_INVALID_OPERATION";
    case GL_INVALID_FRAMEBUFFER_OPERATION:
      return "GL_INVALID_FRAMEBUFFER_OPERATION";
    case GL_OUT_OF_MEMORY:
      return "GL_OUT_OF_MEMORY";
    default:
      return "unknown GL error";
  }
}

void check_gl(const char* where) {
  GLenum first = glGetError();
  if (first == GL_NO_ERROR) return;
  for (int i = 0; i < 16 && glGetError() != GL_NO_ERROR; ++i) {
  }
  throw RenderError(std::string(where) + ": " + gl_error_name(first));
}

}  // namespace detail

}  // namespace galaxy::render
