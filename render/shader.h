// GLSL programs built from the shaders/*.glsl files embedded into the binary at build time.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

#include "render/gl_object.h"

namespace galaxy::render {

// Compile or link failure; what() names the shader file and carries the GL info log, e.g.
// "shader stars.vert.glsl failed to compile:\n0:12(3): error: ...".
class ShaderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Source of an embedded shader by file name ("stars.vert.glsl"); throws ShaderError if unknown.
std::string_view embedded_shader(std::string_view file_name);

// Compiles and links a program from vertex + fragment source. The names are used in error messages.
GlProgram build_program(std::string_view vertex_name, std::string_view vertex_source,
                        std::string_view fragment_name, std::string_view fragment_source);
// Same, from two embedded shader files.
GlProgram build_embedded_program(std::string_view vertex_file, std::string_view fragment_file);

}  // namespace galaxy::render
