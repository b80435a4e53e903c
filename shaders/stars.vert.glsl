// Stars: one point sprite per word. Size follows distance (clamped); sub-pixel stars keep a minimum
// sprite and fade instead (their energy is spread, not aliased); depth cueing dims far stars.
#version 330 core

layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_color;
layout(location = 2) in float a_size;
layout(location = 3) in float a_brightness;

uniform mat4 u_view;
uniform mat4 u_projection;
uniform float u_star_size_px;
uniform float u_brightness;
uniform float u_depth_cueing;
uniform float u_reference_distance;
uniform int u_highlighted;

out vec3 v_color;
out float v_intensity;
out float v_core_px;    // gaussian core diameter in pixels
out float v_sprite_px;  // point sprite diameter in pixels (core + halo)

const float kMinCorePx = 1.75;

void main() {
  vec4 view_position = u_view * vec4(a_position, 1.0);
  gl_Position = u_projection * view_position;
  float depth = max(-view_position.z, 1e-4);
  float ratio = depth / u_reference_distance;

  float core = u_star_size_px * a_size * clamp(1.0 / ratio, 0.25, 5.0);
  float intensity = u_brightness * a_brightness;
  intensity *= mix(1.0, clamp(1.6 / (0.6 + ratio), 0.08, 1.35), u_depth_cueing);

  if (gl_VertexID == u_highlighted) {
    core = max(core * 2.0, 9.0);
    intensity = max(intensity * 2.0, 1.6);
  }
  if (core < kMinCorePx) {
    intensity *= (core * core) / (kMinCorePx * kMinCorePx);
    core = kMinCorePx;
  }
  // The sprite ends where the glow has faded below 1/255; big (near, bright) stars get a wider halo.
  // Kept tight because fill rate is what software GL (llvmpipe) pays for.
  float sprite = max(core * mix(2.3, 2.9, smoothstep(4.0, 12.0, core)), core + 2.5);
  v_color = a_color;
  v_intensity = intensity;
  v_core_px = core;
  v_sprite_px = sprite;
  gl_PointSize = sprite;
  if (intensity < 0.004) gl_Position = vec4(2.0, 2.0, 2.0, 1.0);  // invisible: cull before raster
}
