// Sky: deep blue around the background colour, a faint band along the galaxy's plane, a soft vignette,
// and a little dither so the dark gradient does not band in 8-bit PNGs.
#version 330 core

in vec2 v_ndc;

uniform mat4 u_inverse_view_rotation_projection;
uniform vec4 u_background;

out vec4 frag_color;

float hash(vec2 p) {
  return fract(sin(dot(p, vec2(12.9898, 78.233))) * 43758.5453);
}

void main() {
  vec4 far_point = u_inverse_view_rotation_projection * vec4(v_ndc, 1.0, 1.0);
  vec3 direction = normalize(far_point.xyz / far_point.w);
  float band = exp(-pow(direction.y * 2.6, 2.0));
  float glow = pow(max(dot(direction, normalize(vec3(0.3, 0.1, -1.0))), 0.0), 6.0);
  vec3 color = u_background.rgb * (0.75 + 0.6 * band);
  color += vec3(0.008, 0.012, 0.036) * band + vec3(0.022, 0.012, 0.034) * glow;
  float vignette = 1.0 - 0.28 * dot(v_ndc, v_ndc) * 0.5;
  color *= vignette;
  color += (hash(gl_FragCoord.xy) - 0.5) / 255.0;
  frag_color = vec4(max(color, 0.0) * u_background.a, u_background.a);
}
