// Memory budget for loading: matrix size estimates from a file's first line and size, free memory
// from /proc/meminfo (or GALAXY_MEMORY_LIMIT_BYTES), and the "--limit N" advice when it won't fit.
#include "geometry/memory_budget.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "geometry/embedding.h"
#include "geometry/text_parsing_internal.h"

namespace galaxy {

namespace {

// "3.6 GB", "512 MB", "100 KB": GB with one decimal from 1 GB on, whole MB or KB below.
std::string human_bytes(std::uint64_t bytes) {
  char text[32];
  const double value = static_cast<double>(bytes);
  if (value >= 1e9) {
    std::snprintf(text, sizeof text, "%.1f GB", value / 1e9);
  } else if (value >= 1e6) {
    std::snprintf(text, sizeof text, "%.0f MB", value / 1e6);
  } else {
    std::snprintf(text, sizeof text, "%.0f KB", std::max(1.0, value / 1e3));
  }
  return text;
}

// Rounded down to two significant digits (1234567 -> 1200000): a limit that reads like advice.
std::uint64_t round_down_two_digits(std::uint64_t n) {
  std::uint64_t scale = 1;
  while (n / scale >= 100) scale *= 10;
  return n / scale * scale;
}

}  // namespace

std::uint64_t MatrixEstimate::bytes() const {
  std::uint64_t total = 0;
  if (__builtin_mul_overflow(rows, bytes_per_row(), &total)) return UINT64_MAX;
  return total;
}

MatrixEstimate estimate_matrix(FileFormat format, std::string_view first_line,
                               std::uint64_t data_bytes) {
  MatrixEstimate estimate;
  if (format == FileFormat::Galaxy) return estimate;  // mapped: the page cache, not the heap
  const auto fields = detail::split_fields(first_line);
  std::uint64_t rows = 0, dims = 0;
  const bool header =
      (format == FileFormat::Word2VecText || format == FileFormat::Word2VecBinary) &&
      fields.size() == 2 && detail::parse_unsigned(fields[0], rows) &&
      detail::parse_unsigned(fields[1], dims) && dims > 0 && dims <= UINT32_MAX;
  if (header) {
    // A binary row holds dims floats of 4 bytes; a text row at least one digit and a separator per
    // number. Rows beyond that cannot be in the file, whatever the header says.
    const std::uint64_t min_row_bytes =
        format == FileFormat::Word2VecBinary ? dims * 4 + 2 : dims * 2 + 2;
    estimate.rows = std::min(rows, data_bytes / min_row_bytes);
    estimate.dims = dims;
    return estimate;
  }
  // No header: the first row's length stands for every row.
  const bool has_word = format != FileFormat::ProjectorTsv;
  if (fields.size() <= (has_word ? 1u : 0u)) return estimate;
  estimate.dims = fields.size() - (has_word ? 1 : 0);
  estimate.rows = data_bytes / (first_line.size() + 1);
  return estimate;
}

std::uint64_t uncompressed_bytes(const std::string& path, std::uint64_t file_bytes, bool gzip) {
  if (!gzip || file_bytes < 4) return file_bytes;
  std::uint64_t size = file_bytes;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return size;
  unsigned char trailer[4];
  if (::pread(fd, trailer, 4, static_cast<off_t>(file_bytes - 4)) == 4) {
    const std::uint64_t isize = std::uint64_t{trailer[0]} | std::uint64_t{trailer[1]} << 8 |
                                std::uint64_t{trailer[2]} << 16 | std::uint64_t{trailer[3]} << 24;
    size = std::max(size, isize);
  }
  ::close(fd);
  return size;
}

std::uint64_t available_memory_bytes() {
  if (const char* limit = std::getenv("GALAXY_MEMORY_LIMIT_BYTES"); limit != nullptr && *limit) {
    std::uint64_t bytes = 0;
    if (detail::parse_unsigned(limit, bytes)) return bytes;
  }
  std::FILE* meminfo = std::fopen("/proc/meminfo", "r");
  if (meminfo == nullptr) return 0;
  char line[256];
  std::uint64_t bytes = 0;
  while (std::fgets(line, sizeof line, meminfo) != nullptr) {
    unsigned long long kib = 0;
    if (std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
      bytes = static_cast<std::uint64_t>(kib) * 1024;
      break;
    }
  }
  std::fclose(meminfo);
  return bytes;
}

void check_memory_budget(const std::string& path, const MatrixEstimate& estimate, std::size_t limit,
                         std::uint64_t available) {
  if (available == 0 || estimate.rows == 0) return;
  MatrixEstimate wanted = estimate;
  if (limit != 0) wanted.rows = std::min<std::uint64_t>(wanted.rows, limit);
  if (wanted.bytes() <= available) return;
  const std::uint64_t fitting = std::max<std::uint64_t>(
      1, round_down_two_digits(available / std::max<std::uint64_t>(1, wanted.bytes_per_row())));
  const char* what =
      wanted.number_bytes > sizeof(float) ? " of vectors and search index" : " of vectors";
  throw DataError(path + ": about " + human_bytes(wanted.bytes()) + what +
                  " would not fit in the " + human_bytes(available) +
                  " of free memory; open the first rows with --limit " + std::to_string(fitting));
}

}  // namespace galaxy
