// Stars: soft round glow = gaussian core (white-hot centre) + exponential halo, premultiplied output
// for screen (saturating additive) blending; alpha carries coverage so transparent skies stay transparent elsewhere.
#version 330 core

in vec3 v_color;
in float v_intensity;
in float v_core_px;
in float v_sprite_px;

out vec4 frag_color;

void main() {
  vec2 offset = (gl_PointCoord - vec2(0.5)) * v_sprite_px;
  float r2 = dot(offset, offset);
  float outer = 0.5 * v_sprite_px;
  if (r2 >= outer * outer) discard;

  float sigma = 0.36 * v_core_px;
  float core = exp(-r2 / (2.0 * sigma * sigma));
  float r = sqrt(r2);
  float taper = 1.0 - r2 / (outer * outer);
  float halo = 0.16 * exp(-r / (0.45 * v_core_px)) * taper * taper;

  float energy = (core + halo) * v_intensity;
  // Only the very centre turns white-hot; the glow keeps the star's hue.
  vec3 color = mix(v_color, vec3(1.0), 0.45 * core * core) * energy;
  frag_color = clamp(vec4(color, energy), 0.0, 1.0);
}
