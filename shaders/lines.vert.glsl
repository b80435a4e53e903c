// Lines and arrow heads, already expanded to screen-space triangles on the CPU (pixels, top-left origin).
#version 330 core

layout(location = 0) in vec2 a_position_px;
layout(location = 1) in vec4 a_color;
layout(location = 2) in vec2 a_edge;  // x: signed distance from the centre line (px), y: half width (px)

uniform vec2 u_viewport_px;

out vec4 v_color;
out vec2 v_edge;

void main() {
  vec2 ndc = a_position_px / u_viewport_px * 2.0 - 1.0;
  gl_Position = vec4(ndc.x, -ndc.y, 0.0, 1.0);
  v_color = a_color;
  v_edge = a_edge;
}
