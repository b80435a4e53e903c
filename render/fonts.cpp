// Finds the label/UI font at run time and loads it with the glyph ranges we need (Latin, Greek,
// Cyrillic).
#include "render/fonts.h"

#include <filesystem>
#include <vector>

#include <imgui.h>

namespace galaxy::render {

namespace {

const ImWchar* glyph_ranges() {
  // Static: ImGui keeps a pointer to the ranges until the atlas is built.
  static const ImWchar ranges[] = {
      0x0020, 0x00FF,  // Basic Latin + Latin-1 Supplement
      0x0100, 0x024F,  // Latin Extended-A and -B
      0x0370, 0x03FF,  // Greek and Coptic
      0x0400, 0x052F,  // Cyrillic + Supplement
      0x1E00, 0x1EFF,  // Latin Extended Additional (Vietnamese)
      0x2000, 0x206F,  // General Punctuation (dashes, quotes, ellipsis)
      0x20A0, 0x20CF,  // Currency symbols
      0x2190, 0x21FF,  // Arrows
      0,
  };
  return ranges;
}

}  // namespace

std::string find_font(const std::string& requested) {
  std::error_code error;
  if (!requested.empty() && std::filesystem::is_regular_file(requested, error)) return requested;
  for (const char* candidate :
       {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans.ttf",
        "/usr/share/fonts/dejavu/DejaVuSans.ttf"}) {
    if (std::filesystem::is_regular_file(candidate, error)) return candidate;
  }
  return {};
}

ImFont* add_font(ImFontAtlas& atlas, const std::string& path, float size_px) {
  if (!path.empty()) {
    ImFontConfig config;
    config.OversampleH = 2;
    config.OversampleV = 1;
    config.PixelSnapH = false;
    if (ImFont* font = atlas.AddFontFromFileTTF(path.c_str(), size_px, &config, glyph_ranges())) {
      return font;
    }
  }
  ImFontConfig config;
  config.SizePixels = size_px;
  return atlas.AddFontDefault(&config);
}

}  // namespace galaxy::render
