// Where the bundled galaxy (assets/) is found at run time.
#pragma once

#include <string>

namespace galaxy {

// File name of the bundled galaxy inside assets/.
inline constexpr const char* kBundledGalaxyFile = "glove-6B-100d-top45k.galaxy";

// Path of the bundled galaxy: $GALAXY_ASSETS_DIR, then assets/ beside the executable, then the
// source tree's assets/ recorded at build time. Throws DataError listing the places tried if none
// has it.
std::string bundled_galaxy_path();

}  // namespace galaxy
