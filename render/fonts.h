// Font lookup and glyph ranges shared by the label renderer and the ImGui panels.
#pragma once

#include <string>

struct ImFontAtlas;
struct ImFont;

namespace galaxy::render {

// `requested` if it exists, else DejaVu Sans if installed, else "" (use ImGui's default font).
std::string find_font(const std::string& requested);

// Adds the TTF at `path` (or ImGui's default font if empty/unloadable) at `size_px` with glyphs for
// Latin (incl. extended), Greek, Cyrillic and general punctuation. Never returns null.
ImFont* add_font(ImFontAtlas& atlas, const std::string& path, float size_px);

}  // namespace galaxy::render
