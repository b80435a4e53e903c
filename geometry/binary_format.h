// The project's own binary embedding format ("galaxy"): opens in milliseconds by mapping the file.
//
// Layout (all integers little-endian):
//   0   char[8]  magic "EGALAXY\0"
//   8   u32      version (1)
//   12  u32      storage: 0 = float32, 1 = float16 (IEEE binary16)
//   16  u64      rows
//   24  u32      dims
//   28  u32      header size in bytes (64)
//   32  u64      vectors offset (a multiple of 64, so mapped float32 rows are 64-byte aligned)
//   40  u64      words offset: rows x u32 byte lengths, then the UTF-8 bytes of every word back to
//   back 48  u64      words size in bytes (length table + bytes) 56  u64      total file size
//   (detects truncation)
//   ... zero padding, rows*dims values row-major, padding to 8 bytes, words section.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "geometry/embedding.h"

namespace galaxy {

enum class StorageType { Float32, Float16 };

inline constexpr char kGalaxyMagic[8] = {'E', 'G', 'A', 'L', 'A', 'X', 'Y', '\0'};
inline constexpr std::uint32_t kGalaxyVersion = 1;

// Writes atomically (temp file in the same folder, flush, rename). Refuses (DataError) to overwrite
// an existing file unless overwrite=true. Float16 stores values rounded to nearest-even half
// precision; a value beyond the float16 range (|x| > 65504) is a DataError naming its row and word.
void write_galaxy_file(const std::string& path, const Embedding& embedding,
                       StorageType storage = StorageType::Float32, bool overwrite = false);

// True when the file starts with the galaxy magic number (false for unreadable or missing files).
bool is_galaxy_file(const std::string& path);

// Float32: mmap, zero-copy (the Embedding borrows the mapped floats and keeps the mapping alive).
// Float16: decoded to owned float32. A truncated or inconsistent file is a DataError with the byte
// offset.
Embedding open_galaxy_file(const std::string& path);

// What the reader repaired on the way, for the loader's one summarised warning: words that were not
// valid UTF-8 get U+FFFD for each bad byte, as in the text formats.
struct GalaxyRepairs {
  std::size_t invalid_utf8_words = 0;
  std::size_t first_invalid_utf8_row = 0;  // 0-based
};

// Same as open_galaxy_file, keeping only the first `limit` rows (0 = all). `check_values` false
// skips the NaN / infinity pass over the float32 vectors: a caller that never reads the values
// (`galaxy info`) then opens a big file without touching its pages.
Embedding open_galaxy_file(const std::string& path, std::size_t limit,
                           GalaxyRepairs* repairs = nullptr, bool check_values = true);

// Parses a galaxy image already in memory (e.g. decompressed from .gz). `data` must stay valid
// while `keep_alive` lives and be 64-byte aligned for the float32 zero-copy path (otherwise it
// copies). `name` is used in error messages. A NaN or infinite value is a DataError with its byte
// offset (a linear pass over the kept rows, which the cosine index makes anyway).
Embedding parse_galaxy_image(const std::string& name, const unsigned char* data, std::size_t size,
                             std::shared_ptr<const void> keep_alive, std::size_t limit = 0,
                             GalaxyRepairs* repairs = nullptr, bool check_values = true);

// IEEE binary16 conversions (round to nearest even; exposed for tests).
std::uint16_t float_to_half(float value);
float half_to_float(std::uint16_t half);

}  // namespace galaxy
