// PNG encoding (stb_image_write) and atomic, never-overwriting screenshot files
// (geometry/atomic_file.h).
#include "render/image.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <string>

#include <stb/stb_image_write.h>

#include "geometry/atomic_file.h"
#include "geometry/embedding.h"
#include "render/window.h"

namespace galaxy::render {

namespace {

std::vector<unsigned char> encode_png(const Image& image) {
  if (image.width <= 0 || image.height <= 0 ||
      image.rgba.size() != static_cast<std::size_t>(image.width) * image.height * 4) {
    throw RenderError(
        "cannot write PNG: the image is empty or its pixel buffer has the wrong size");
  }
  std::vector<unsigned char> png;
  auto append = [](void* context, void* data, int size) {
    auto* bytes = static_cast<unsigned char*>(data);
    static_cast<std::vector<unsigned char>*>(context)->insert(
        static_cast<std::vector<unsigned char>*>(context)->end(), bytes, bytes + size);
  };
  if (!stbi_write_png_to_func(append, &png, image.width, image.height, 4, image.rgba.data(),
                              image.width * 4)) {
    throw RenderError("cannot encode PNG (stb_image_write failed)");
  }
  return png;
}

// Atomic (temp file + fsync + rename) and, unless `overwrite`, refusing to replace an existing
// file.
void write_bytes(const std::string& path, const std::vector<unsigned char>& bytes, bool overwrite) {
  try {
    write_file_atomically(
        path, [&](std::FILE* file) { std::fwrite(bytes.data(), 1, bytes.size(), file); },
        overwrite);
  } catch (const DataError& error) {
    throw RenderError(error.what());
  }
}

}  // namespace

void write_png(const std::string& path, const Image& image, bool overwrite) {
  write_bytes(path, encode_png(image), overwrite);
}

std::string next_screenshot_path(const std::string& directory) {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  char stamp[32];
  std::strftime(stamp, sizeof(stamp), "galaxy-%Y%m%d-%H%M%S", &local);
  const std::filesystem::path dir(directory.empty() ? "." : directory);
  std::error_code error;
  for (int n = 1;; ++n) {
    const std::string name = std::string(stamp) + (n == 1 ? "" : "-" + std::to_string(n)) + ".png";
    const auto candidate = dir / name;
    if (!std::filesystem::exists(candidate, error)) return candidate.string();
  }
}

std::string save_screenshot(const std::string& directory, const Image& image) {
  const auto png = encode_png(image);
  for (int attempt = 0;; ++attempt) {
    const std::string path = next_screenshot_path(directory);
    try {
      write_bytes(path, png, false);
      return path;
    } catch (const RenderError&) {
      // Another writer took the name between the check and the link; try the next one.
      std::error_code error;
      if (attempt >= 100 || !std::filesystem::exists(path, error)) throw;
    }
  }
}

}  // namespace galaxy::render
