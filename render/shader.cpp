// Shader compilation and linking with errors that name the shader file and carry the GL info log.
#include "render/shader.h"

#include <cstddef>
#include <string>

#include "render/gl_internal.h"

namespace galaxy::render {

namespace detail {
struct EmbeddedShader {
  const char* name;
  const char* source;
};
extern const EmbeddedShader kEmbeddedShaders[];
extern const std::size_t kEmbeddedShaderCount;
}  // namespace detail

namespace {

std::string shader_log(GLuint shader) {
  GLint length = 0;
  glGetShaderiv(shader, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetShaderInfoLog(shader, length, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

std::string program_log(GLuint program) {
  GLint length = 0;
  glGetProgramiv(program, GL_INFO_LOG_LENGTH, &length);
  std::string log(static_cast<std::size_t>(length > 0 ? length : 0), '\0');
  if (length > 0) glGetProgramInfoLog(program, length, nullptr, log.data());
  while (!log.empty() && (log.back() == '\0' || log.back() == '\n')) log.pop_back();
  return log;
}

GlShader compile(GLenum stage, std::string_view name, std::string_view source) {
  GlShader shader(glCreateShader(stage));
  const char* text = source.data();
  const GLint length = static_cast<GLint>(source.size());
  glShaderSource(shader.get(), 1, &text, &length);
  glCompileShader(shader.get());
  GLint ok = GL_FALSE;
  glGetShaderiv(shader.get(), GL_COMPILE_STATUS, &ok);
  if (ok != GL_TRUE) {
    throw ShaderError("shader " + std::string(name) + " failed to compile:\n" +
                      shader_log(shader.get()));
  }
  return shader;
}

}  // namespace

std::string_view embedded_shader(std::string_view file_name) {
  for (std::size_t i = 0; i < detail::kEmbeddedShaderCount; ++i) {
    if (file_name == detail::kEmbeddedShaders[i].name) return detail::kEmbeddedShaders[i].source;
  }
  throw ShaderError("shader " + std::string(file_name) +
                    " is not embedded in this binary (is it in shaders/ and was CMake re-run?)");
}

GlProgram build_program(std::string_view vertex_name, std::string_view vertex_source,
                        std::string_view fragment_name, std::string_view fragment_source) {
  GlShader vertex = compile(GL_VERTEX_SHADER, vertex_name, vertex_source);
  GlShader fragment = compile(GL_FRAGMENT_SHADER, fragment_name, fragment_source);
  GlProgram program(glCreateProgram());
  glAttachShader(program.get(), vertex.get());
  glAttachShader(program.get(), fragment.get());
  glLinkProgram(program.get());
  GLint ok = GL_FALSE;
  glGetProgramiv(program.get(), GL_LINK_STATUS, &ok);
  glDetachShader(program.get(), vertex.get());
  glDetachShader(program.get(), fragment.get());
  if (ok != GL_TRUE) {
    throw ShaderError("shaders " + std::string(vertex_name) + " + " + std::string(fragment_name) +
                      " failed to link:\n" + program_log(program.get()));
  }
  return program;
}

GlProgram build_embedded_program(std::string_view vertex_file, std::string_view fragment_file) {
  return build_program(vertex_file, embedded_shader(vertex_file), fragment_file,
                       embedded_shader(fragment_file));
}

}  // namespace galaxy::render
