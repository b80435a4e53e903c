// Private to render/: the glad GL 3.3 core loader (generated at build time) and small GL helpers.
// Not installed for app/ (its include directory is PRIVATE to galaxy_render).
#pragma once

#include <glad/gl.h>

#include <string>

namespace galaxy::render::detail {

// Name of a glGetError code ("GL_INVALID_OPERATION").
const char* gl_error_name(GLenum error);
// Throws RenderError "<where>: GL error GL_..." if glGetError reports one (drains the queue).
void check_gl(const char* where);

}  // namespace galaxy::render::detail
