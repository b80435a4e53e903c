// Shared helpers for the libFuzzer targets: one scratch file path per process (the loaders take
// paths), option decoding from a leading config byte, and a walk over a loaded Embedding so that
// ASan sees every byte the loader handed out.
#pragma once

#include <stdlib.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "geometry/embedding.h"
#include "geometry/loaders.h"

namespace galaxy::fuzz {

// A per-process scratch folder (created on first use, removed at exit). Each target reuses the same
// file names for every input, so a long run does not litter /tmp.
inline const std::string& scratch_dir() {
  static const std::string dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr && *base != '\0' ? base : "/tmp") +
                          "/galaxy-fuzz-" + std::to_string(::getpid()) + "-XXXXXX";
    if (::mkdtemp(pattern.data()) == nullptr) {
      std::perror("galaxy fuzz: mkdtemp");
      std::abort();
    }
    static std::string to_remove;
    to_remove = pattern;
    std::atexit([] {
      const std::string command = "rm -rf '" + to_remove + "'";
      if (std::system(command.c_str()) != 0) {
      }
    });
    return pattern;
  }();
  return dir;
}

inline std::string scratch_path(std::string_view name) {
  return scratch_dir() + "/" + std::string(name);
}

// Writes `bytes` to `path` (replacing it); aborts on I/O errors, which are harness bugs, not
// findings.
inline void write_file(const std::string& path, const void* bytes, std::size_t size) {
  std::FILE* out = std::fopen(path.c_str(), "wb");
  if (out == nullptr) {
    std::perror(path.c_str());
    std::abort();
  }
  if (size != 0 && std::fwrite(bytes, 1, size, out) != size) std::abort();
  if (std::fclose(out) != 0) std::abort();
}

inline void write_file(const std::string& path, std::string_view bytes) {
  write_file(path, bytes.data(), bytes.size());
}

// Load options from the config byte: small read blocks and 1-2 threads so the block/chunk splitting
// of parse_text_body is exercised on tiny inputs, and sometimes a row limit.
inline LoadOptions options_from(std::uint8_t config, FileFormat format) {
  static const std::size_t kBlocks[4] = {4096, 1, 7, 64};
  static const std::size_t kLimits[4] = {0, 1, 3, 0};
  LoadOptions options;
  options.format = format;
  options.threads = (config & 0x10) != 0 ? 2 : 1;
  options.block_bytes = kBlocks[(config >> 2) & 3];
  options.limit = kLimits[(config >> 5) & 3];
  return options;
}

// Reads every word byte and every float of `embedding` and checks the invariants callers rely on.
inline void touch(const Embedding& embedding) {
  volatile std::size_t sink = 0;
  if (embedding.dims() < 0) std::abort();
  for (std::size_t row = 0; row < embedding.rows(); ++row) {
    for (char c : embedding.word(row)) sink = sink + static_cast<unsigned char>(c);
    const float* values = embedding.row(row);
    for (int i = 0; i < embedding.dims(); ++i) sink = sink + (values[i] > 0.0f ? 1 : 0);
  }
  if (!embedding.empty()) {
    const auto found = embedding.find(embedding.word(0));
    if (!found || *found != 0) std::abort();  // the first row always keeps its name
  }
  (void)sink;
}

}  // namespace galaxy::fuzz
