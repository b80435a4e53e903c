// Finds the bundled galaxy so `galaxy` works from any working directory.
#include "app/cli/bundled.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <vector>

#include "geometry/embedding.h"

namespace galaxy {

namespace {
std::filesystem::path executable_dir() {
  std::error_code error;
  auto self = std::filesystem::read_symlink("/proc/self/exe", error);
  return error ? std::filesystem::path() : self.parent_path();
}
}  // namespace

std::string bundled_galaxy_path() {
  std::vector<std::filesystem::path> candidates;
  if (const char* env = std::getenv("GALAXY_ASSETS_DIR"); env && *env) candidates.emplace_back(env);
  if (auto dir = executable_dir(); !dir.empty()) {
    candidates.push_back(dir / "assets");
    candidates.push_back(dir / ".." / "share" / "embedding-galaxy");
  }
#ifdef GALAXY_INSTALL_ASSETS_DIR
  candidates.emplace_back(GALAXY_INSTALL_ASSETS_DIR);
#endif
  std::string tried;
  for (const auto& dir : candidates) {
    auto file = dir / kBundledGalaxyFile;
    std::error_code error;
    if (std::filesystem::is_regular_file(file, error)) return file.string();
    tried += "\n  " + file.string();
  }
  throw DataError(std::string("the bundled galaxy ") + kBundledGalaxyFile +
                  " was not found; looked in:" + tried +
                  "\nset GALAXY_ASSETS_DIR or pass a vectors file");
}

}  // namespace galaxy
