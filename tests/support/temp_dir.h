// TempDir: a fresh temporary folder for test fixtures, removed with everything in it when it goes
// out of scope.
#pragma once

#include <stdlib.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace galaxy::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "galaxy-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("TempDir: mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Full path of `name` inside the folder (the file need not exist).
  std::string file(std::string_view name) const { return path_ + "/" + std::string(name); }

  // Writes `contents` byte for byte to `name` (sub-folders must exist); returns the full path.
  std::string write(std::string_view name, std::string_view contents) const {
    const std::string full = file(name);
    std::FILE* out = std::fopen(full.c_str(), "wb");
    if (out == nullptr) throw std::runtime_error("TempDir: cannot create " + full);
    const bool ok = std::fwrite(contents.data(), 1, contents.size(), out) == contents.size();
    if (std::fclose(out) != 0 || !ok) throw std::runtime_error("TempDir: cannot write " + full);
    return full;
  }

  // Names of the entries in the folder, sorted (to check that no stray temp files are left).
  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : std::filesystem::directory_iterator(path_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }

 private:
  std::string path_;
};

// Reads a whole file as bytes (empty if it cannot be opened).
inline std::string read_file_bytes(const std::string& path) {
  std::string data;
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) return data;
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) data.append(buffer, got);
  std::fclose(in);
  return data;
}

}  // namespace galaxy::testing
