// RGBA8 images read back from the GPU and their PNG files (atomic, never overwriting).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace galaxy::render {

// Top row first, 4 bytes per pixel, straight (non-premultiplied) alpha.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;

  const std::uint8_t* pixel(int x, int y) const {
    return rgba.data() + (static_cast<std::size_t>(y) * width + x) * 4;
  }
};

// Encodes `image` as PNG and writes it to `path` atomically (temp file + rename). Throws
// RenderError (render/window.h) if `path` already exists (unless `overwrite`) or cannot be written.
void write_png(const std::string& path, const Image& image, bool overwrite = false);

// "DIR/galaxy-20240131-142501.png" for the local time now, or "-2", "-3"... if that is taken.
std::string next_screenshot_path(const std::string& directory);

// Picks next_screenshot_path(directory) and writes there; retries with the next name if another
// process took it in between. Returns the path written.
std::string save_screenshot(const std::string& directory, const Image& image);

}  // namespace galaxy::render
