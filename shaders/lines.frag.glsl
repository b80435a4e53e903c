// Lines: one-pixel anti-aliased edges from the distance to the centre line; premultiplied output.
#version 330 core

in vec4 v_color;
in vec2 v_edge;

out vec4 frag_color;

void main() {
  float coverage = clamp(v_edge.y + 0.5 - abs(v_edge.x), 0.0, 1.0);
  float alpha = v_color.a * coverage;
  if (alpha <= 0.0) discard;
  frag_color = vec4(v_color.rgb * alpha, alpha);
}
