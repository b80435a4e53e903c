// Memory budget for loading: estimates, before reading a file, how much memory its vectors need
// and refuses (suggesting --limit N) when that would not fit in the free memory, instead of
// swapping or being killed half way through a large file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "geometry/loaders.h"

namespace galaxy {

// Memory a row costs besides its floats: the word's std::string and its lookup-table slots.
inline constexpr std::uint64_t kWordOverheadBytes = 48;

// The matrix a file holds, as far as its first line and size tell: a header's claims capped by
// what the file's bytes could hold (a header may claim 10^12 rows), else rows from the file size
// and the first line's length.
struct MatrixEstimate {
  std::uint64_t rows = 0;
  std::uint64_t dims = 0;
  std::uint64_t number_bytes = sizeof(float);  // memory per number (LoadOptions::bytes_per_number)
  std::uint64_t bytes_per_row() const { return dims * number_bytes + kWordOverheadBytes; }
  std::uint64_t bytes() const;  // saturates instead of overflowing
};

// `first_line` is the first non-blank line (a word2vec header, or the first row), `data_bytes` the
// (uncompressed) size of the data. Galaxy files are memory-mapped, not loaded: estimate 0.
MatrixEstimate estimate_matrix(FileFormat format, std::string_view first_line,
                               std::uint64_t data_bytes);

// The uncompressed size of a file: its size, or for gzip the larger of its size and the size its
// trailer records (which is modulo 4 GiB, so this is a lower bound for huge files).
std::uint64_t uncompressed_bytes(const std::string& path, std::uint64_t file_bytes, bool gzip);

// Bytes a load may use: the environment variable GALAXY_MEMORY_LIMIT_BYTES when set (tests, or to
// cap the app), else MemAvailable from /proc/meminfo; 0 when unknown (then nothing is checked).
std::uint64_t available_memory_bytes();

// Throws DataError "FILE: about 3.6 GB of vectors would not fit in the 2.1 GB of free memory; open
// the first rows with --limit 1700000" when the first `limit` rows (0 = all) of `estimate` need
// more than `available` bytes. Does nothing when `available` is 0.
void check_memory_budget(const std::string& path, const MatrixEstimate& estimate, std::size_t limit,
                         std::uint64_t available = available_memory_bytes());

}  // namespace galaxy
