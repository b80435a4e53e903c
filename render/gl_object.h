// Move-only RAII owner for one OpenGL object name (buffer, vertex array, program, framebuffer,
// ...). Header is GL-free (GLuint is unsigned int) so app code and "no context" tests can include
// it.
#pragma once

#include <cstddef>
#include <utility>

namespace galaxy::render {

// GL object names owned by GlObject wrappers right now, all kinds together. A long session must
// come back to the same count after every dataset switch (tests/render/test_long_session.cpp).
std::size_t live_gl_objects();

namespace detail {
void count_gl_object(bool created);  // defined in gl_object.cpp: one counter for every kind
}  // namespace detail

// `Deleter` is a stateless type with `static void destroy(unsigned int name)` (defined in
// render/*.cpp, where the GL function pointers live). Name 0 means "nothing owned".
template <typename Deleter>
class GlObject {
 public:
  GlObject() = default;
  explicit GlObject(unsigned int name) : name_(name) {
    if (name_ != 0) detail::count_gl_object(true);
  }
  ~GlObject() { reset(); }

  GlObject(const GlObject&) = delete;
  GlObject& operator=(const GlObject&) = delete;
  GlObject(GlObject&& other) noexcept : name_(std::exchange(other.name_, 0u)) {}
  GlObject& operator=(GlObject&& other) noexcept {
    if (this != &other) {
      reset();
      name_ = std::exchange(other.name_, 0u);
    }
    return *this;
  }

  unsigned int get() const { return name_; }
  explicit operator bool() const { return name_ != 0; }
  void reset() {
    if (name_ == 0) return;
    Deleter::destroy(std::exchange(name_, 0u));
    detail::count_gl_object(false);
  }

 private:
  unsigned int name_ = 0;
};

struct BufferDeleter {
  static void destroy(unsigned int name);
};
struct VertexArrayDeleter {
  static void destroy(unsigned int name);
};
struct ProgramDeleter {
  static void destroy(unsigned int name);
};
struct ShaderDeleter {
  static void destroy(unsigned int name);
};
struct FramebufferDeleter {
  static void destroy(unsigned int name);
};
struct RenderbufferDeleter {
  static void destroy(unsigned int name);
};
struct TextureDeleter {
  static void destroy(unsigned int name);
};

using GlBuffer = GlObject<BufferDeleter>;
using GlVertexArray = GlObject<VertexArrayDeleter>;
using GlProgram = GlObject<ProgramDeleter>;
using GlShader = GlObject<ShaderDeleter>;
using GlFramebuffer = GlObject<FramebufferDeleter>;
using GlRenderbuffer = GlObject<RenderbufferDeleter>;
using GlTexture = GlObject<TextureDeleter>;

// Each create_* calls glGen*/glCreate* on the current context.
GlBuffer create_buffer();
GlVertexArray create_vertex_array();
GlFramebuffer create_framebuffer();
GlRenderbuffer create_renderbuffer();

}  // namespace galaxy::render
