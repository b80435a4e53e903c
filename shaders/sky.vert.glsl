// Sky: one full-screen triangle; the fragment shader turns each pixel into a view direction.
#version 330 core

out vec2 v_ndc;

void main() {
  vec2 corner = vec2(float((gl_VertexID << 1) & 2), float(gl_VertexID & 2));
  v_ndc = corner * 2.0 - 1.0;
  gl_Position = vec4(v_ndc, 0.0, 1.0);
}
