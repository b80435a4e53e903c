// The galaxy binary format: atomic writer, mmap zero-copy reader, float16 conversion.
#include "geometry/binary_format.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstring>
#include <string_view>
#include <vector>

#include "geometry/atomic_file.h"
#include "geometry/text_parsing_internal.h"

#if !defined(__BYTE_ORDER__) || __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "binary_format.cpp reads and writes little-endian integers and floats in place"
#endif

namespace galaxy {

namespace {

constexpr std::size_t kHeaderBytes = 64;
constexpr std::size_t kVectorAlignment = 64;

struct Header {
  std::uint32_t version = 0;
  std::uint32_t storage = 0;
  std::uint64_t rows = 0;
  std::uint32_t dims = 0;
  std::uint32_t header_bytes = 0;
  std::uint64_t vectors_offset = 0;
  std::uint64_t words_offset = 0;
  std::uint64_t words_bytes = 0;
  std::uint64_t file_bytes = 0;
};

template <typename T>
T load(const unsigned char* at) {
  T value;
  std::memcpy(&value, at, sizeof value);
  return value;
}

template <typename T>
void store(unsigned char* at, T value) {
  std::memcpy(at, &value, sizeof value);
}

std::uint64_t align_up(std::uint64_t value, std::uint64_t alignment) {
  return (value + alignment - 1) / alignment * alignment;
}

std::string storage_name(std::uint32_t storage) {
  return storage == 0 ? "float32" : "float16";
}

[[noreturn]] void corrupt(const std::string& name, std::uint64_t byte, const std::string& problem) {
  throw DataError(name + ": byte " + std::to_string(byte) + ": " + problem);
}

[[noreturn]] void truncated(const std::string& name, std::uint64_t size, const std::string& why) {
  throw DataError(name + ": truncated at byte " + std::to_string(size) + " (" + why + ")");
}

// Index of the first float32 among `count` at `values` whose exponent bits are all ones (NaN or
// infinity), or `count`. Scans in blocks without an early exit inside, so the compiler vectorises
// it: the check costs about one memory pass over the vectors.
std::size_t first_non_finite_float32(const unsigned char* values, std::size_t count) {
  constexpr std::size_t kBlock = 4096;
  for (std::size_t begin = 0; begin < count; begin += kBlock) {
    const std::size_t end = std::min(count, begin + kBlock);
    bool bad = false;
    for (std::size_t i = begin; i < end; ++i) {
      bad |= (load<std::uint32_t>(values + 4 * i) & 0x7f800000u) == 0x7f800000u;
    }
    if (!bad) continue;
    for (std::size_t i = begin; i < end; ++i) {
      if ((load<std::uint32_t>(values + 4 * i) & 0x7f800000u) == 0x7f800000u) return i;
    }
  }
  return count;
}

[[noreturn]] void non_finite(const std::string& name, std::uint64_t byte, std::size_t row,
                             const std::string& word) {
  corrupt(name, byte, "row " + std::to_string(row + 1) + " '" + word + "': NaN or infinite value");
}

// Owns a read-only mapping of a whole file; the Embedding's keep_alive.
struct Mapping {
  void* address = MAP_FAILED;
  std::size_t size = 0;
  Mapping() = default;
  Mapping(const Mapping&) = delete;
  Mapping& operator=(const Mapping&) = delete;
  ~Mapping() {
    if (address != MAP_FAILED) ::munmap(address, size);
  }
};

// Closes a file descriptor on scope exit.
struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

}  // namespace

std::uint16_t float_to_half(float value) {
  // Round-to-nearest-even conversion after F. Giesen's float_to_half_fast3_rtne.
  std::uint32_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  const std::uint32_t sign = bits & 0x80000000u;
  bits ^= sign;
  std::uint16_t out;
  if (bits >= (127u + 16u) << 23) {  // overflow, infinity or NaN
    out = bits > (255u << 23) ? 0x7e00 : 0x7c00;
  } else if (bits < (113u << 23)) {  // result is subnormal or zero: let the FPU round
    const std::uint32_t magic_bits = ((127u - 15u) + (23u - 10u) + 1u) << 23;
    float magic, scaled;
    std::memcpy(&magic, &magic_bits, sizeof magic);
    std::memcpy(&scaled, &bits, sizeof scaled);
    scaled += magic;
    std::uint32_t scaled_bits;
    std::memcpy(&scaled_bits, &scaled, sizeof scaled_bits);
    out = static_cast<std::uint16_t>(scaled_bits - magic_bits);
  } else {
    const std::uint32_t mantissa_odd = (bits >> 13) & 1u;
    bits += (static_cast<std::uint32_t>(15 - 127) << 23) + 0xfffu;
    bits += mantissa_odd;
    out = static_cast<std::uint16_t>(bits >> 13);
  }
  return static_cast<std::uint16_t>(out | (sign >> 16));
}

float half_to_float(std::uint16_t half) {
  const std::uint32_t sign = static_cast<std::uint32_t>(half & 0x8000u) << 16;
  const std::uint32_t exponent = (half >> 10) & 0x1fu;
  const std::uint32_t mantissa = half & 0x3ffu;
  std::uint32_t bits;
  if (exponent == 0) {
    float magnitude = static_cast<float>(mantissa) * (1.0f / 16777216.0f);  // subnormal: m * 2^-24
    std::memcpy(&bits, &magnitude, sizeof bits);
    bits |= sign;
  } else if (exponent == 31) {
    bits = sign | 0x7f800000u | (mantissa << 13);
  } else {
    bits = sign | ((exponent + 112u) << 23) | (mantissa << 13);
  }
  float out;
  std::memcpy(&out, &bits, sizeof out);
  return out;
}

void write_galaxy_file(const std::string& path, const Embedding& embedding, StorageType storage,
                       bool overwrite) {
  const std::uint64_t rows = embedding.rows();
  const std::uint64_t dims = static_cast<std::uint64_t>(embedding.dims());
  const std::uint64_t element_bytes = storage == StorageType::Float32 ? 4 : 2;
  std::uint64_t word_bytes = 0;
  for (const auto& word : embedding.words()) {
    if (word.size() > UINT32_MAX) throw DataError("cannot write " + path + ": a word is too long");
    word_bytes += word.size();
  }
  Header h;
  h.version = kGalaxyVersion;
  h.storage = storage == StorageType::Float32 ? 0 : 1;
  h.rows = rows;
  h.dims = static_cast<std::uint32_t>(dims);
  h.header_bytes = kHeaderBytes;
  h.vectors_offset = align_up(kHeaderBytes, kVectorAlignment);
  h.words_offset = align_up(h.vectors_offset + rows * dims * element_bytes, 8);
  h.words_bytes = rows * 4 + word_bytes;
  h.file_bytes = h.words_offset + h.words_bytes;

  // Convert (and range-check) float16 data before creating any file.
  std::vector<std::uint16_t> halves;
  if (storage == StorageType::Float16) {
    halves.resize(rows * dims);
    const float* data = embedding.data();
    for (std::size_t i = 0; i < halves.size(); ++i) {
      halves[i] = float_to_half(data[i]);
      if ((halves[i] & 0x7c00u) == 0x7c00u && std::isfinite(data[i])) {
        const std::size_t row = i / dims;
        throw DataError("cannot write " + path + " as float16: row " + std::to_string(row + 1) +
                        " '" + embedding.word(row) + "' has the value " + std::to_string(data[i]) +
                        ", beyond the float16 range of +-65504 (use float32)");
      }
    }
  }

  unsigned char header[kHeaderBytes] = {};
  std::memcpy(header, kGalaxyMagic, sizeof kGalaxyMagic);
  store(header + 8, h.version);
  store(header + 12, h.storage);
  store(header + 16, h.rows);
  store(header + 24, h.dims);
  store(header + 28, h.header_bytes);
  store(header + 32, h.vectors_offset);
  store(header + 40, h.words_offset);
  store(header + 48, h.words_bytes);
  store(header + 56, h.file_bytes);

  write_file_atomically(
      path,
      [&](std::FILE* out) {
        static const char zeros[kVectorAlignment] = {};
        std::fwrite(header, 1, sizeof header, out);
        std::fwrite(zeros, 1, h.vectors_offset - kHeaderBytes, out);
        const std::size_t values = rows * dims;
        if (storage == StorageType::Float32) {
          if (values) std::fwrite(embedding.data(), sizeof(float), values, out);
        } else if (values) {
          std::fwrite(halves.data(), sizeof(std::uint16_t), values, out);
        }
        std::fwrite(zeros, 1, h.words_offset - (h.vectors_offset + values * element_bytes), out);
        std::vector<std::uint32_t> lengths;
        lengths.reserve(rows);
        for (const auto& word : embedding.words()) {
          lengths.push_back(static_cast<std::uint32_t>(word.size()));
        }
        if (!lengths.empty())
          std::fwrite(lengths.data(), sizeof(std::uint32_t), lengths.size(), out);
        for (const auto& word : embedding.words()) std::fwrite(word.data(), 1, word.size(), out);
      },
      overwrite);
}

bool is_galaxy_file(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return false;
  char magic[sizeof kGalaxyMagic];
  const bool ok = std::fread(magic, 1, sizeof magic, file) == sizeof magic &&
                  std::memcmp(magic, kGalaxyMagic, sizeof magic) == 0;
  std::fclose(file);
  return ok;
}

Embedding parse_galaxy_image(const std::string& name, const unsigned char* data, std::size_t size,
                             std::shared_ptr<const void> keep_alive, std::size_t limit,
                             GalaxyRepairs* repairs, bool check_values) {
  if (size == 0) throw DataError(name + ": the file is empty");
  if (size < sizeof kGalaxyMagic || std::memcmp(data, kGalaxyMagic, sizeof kGalaxyMagic) != 0) {
    throw DataError(name + ": not a galaxy file (its first bytes are not \"EGALAXY\")");
  }
  if (size < kHeaderBytes) {
    truncated(name, size, "the header needs " + std::to_string(kHeaderBytes) + " bytes");
  }
  Header h;
  h.version = load<std::uint32_t>(data + 8);
  h.storage = load<std::uint32_t>(data + 12);
  h.rows = load<std::uint64_t>(data + 16);
  h.dims = load<std::uint32_t>(data + 24);
  h.header_bytes = load<std::uint32_t>(data + 28);
  h.vectors_offset = load<std::uint64_t>(data + 32);
  h.words_offset = load<std::uint64_t>(data + 40);
  h.words_bytes = load<std::uint64_t>(data + 48);
  h.file_bytes = load<std::uint64_t>(data + 56);

  if (h.version != kGalaxyVersion) {
    corrupt(name, 8,
            "galaxy format version " + std::to_string(h.version) +
                " is not supported (this program reads version " + std::to_string(kGalaxyVersion) +
                ")");
  }
  if (h.storage > 1) corrupt(name, 12, "unknown storage type " + std::to_string(h.storage));
  if (h.dims > static_cast<std::uint32_t>(INT_MAX) || (h.dims == 0 && h.rows > 0)) {
    corrupt(name, 24, "invalid number of dimensions " + std::to_string(h.dims));
  }
  if (h.header_bytes != kHeaderBytes) {
    corrupt(name, 28, "unexpected header size " + std::to_string(h.header_bytes));
  }
  if (h.file_bytes > size) {
    truncated(name, size,
              "the header says the file has " + std::to_string(h.file_bytes) + " bytes");
  }
  if (h.file_bytes < size) {
    corrupt(name, h.file_bytes,
            "unexpected data after the end of the contents (the header says the file has " +
                std::to_string(h.file_bytes) + " bytes, it has " + std::to_string(size) + ")");
  }
  if (h.vectors_offset < kHeaderBytes || h.vectors_offset % kVectorAlignment != 0) {
    corrupt(name, 32, "vectors offset " + std::to_string(h.vectors_offset) + " is not valid");
  }
  const std::uint64_t element_bytes = h.storage == 0 ? 4 : 2;
  std::uint64_t vector_bytes = 0, vectors_end = 0;
  if (__builtin_mul_overflow(h.rows, static_cast<std::uint64_t>(h.dims), &vector_bytes) ||
      __builtin_mul_overflow(vector_bytes, element_bytes, &vector_bytes) ||
      __builtin_add_overflow(h.vectors_offset, vector_bytes, &vectors_end) || vectors_end > size) {
    truncated(name, size,
              "the header's " + std::to_string(h.rows) + " rows of " + std::to_string(h.dims) +
                  " " + storage_name(h.storage) + " values need the bytes from " +
                  std::to_string(h.vectors_offset) + " on");
  }
  std::uint64_t words_end = 0, length_table_bytes = 0;
  if (h.words_offset < vectors_end) {
    corrupt(name, 40,
            "the words offset " + std::to_string(h.words_offset) + " overlaps the vectors");
  }
  if (__builtin_add_overflow(h.words_offset, h.words_bytes, &words_end) || words_end > size) {
    truncated(name, size,
              "the words need the bytes from " + std::to_string(h.words_offset) + " on");
  }
  if (__builtin_mul_overflow(h.rows, std::uint64_t{4}, &length_table_bytes) ||
      length_table_bytes > h.words_bytes) {
    corrupt(name, 48, "the words section is too small for " + std::to_string(h.rows) + " words");
  }

  const std::size_t rows = static_cast<std::size_t>(h.rows);
  const std::size_t keep = limit != 0 && limit < rows ? limit : rows;
  const int dims = static_cast<int>(h.dims);
  const unsigned char* lengths = data + h.words_offset;
  const unsigned char* text = lengths + length_table_bytes;
  const std::uint64_t text_bytes = h.words_bytes - length_table_bytes;
  std::vector<std::string> words;
  words.reserve(keep);
  std::uint64_t position = 0;
  for (std::size_t i = 0; i < keep; ++i) {
    const std::uint32_t length = load<std::uint32_t>(lengths + 4 * i);
    if (length > text_bytes - position) {
      corrupt(name, h.words_offset + 4 * i,
              "word " + std::to_string(i + 1) + " has length " + std::to_string(length) +
                  ", past the end of the words section");
    }
    const std::string_view word(reinterpret_cast<const char*>(text + position), length);
    if (detail::is_valid_utf8(word)) {
      words.emplace_back(word);
    } else {
      if (repairs != nullptr && repairs->invalid_utf8_words++ == 0) {
        repairs->first_invalid_utf8_row = i;
      }
      words.push_back(detail::repair_utf8(word));
    }
    position += length;
  }

  const unsigned char* vectors = data + h.vectors_offset;
  const std::size_t values = keep * static_cast<std::size_t>(dims);
  if (h.storage == 0) {
    const std::size_t bad = check_values ? first_non_finite_float32(vectors, values) : values;
    if (bad != values) non_finite(name, h.vectors_offset + 4 * bad, bad / dims, words[bad / dims]);
    if (reinterpret_cast<std::uintptr_t>(vectors) % alignof(float) == 0 && keep_alive) {
      return Embedding(std::move(words), reinterpret_cast<const float*>(vectors), dims,
                       std::move(keep_alive));
    }
    std::vector<float> copy(values);
    if (values) std::memcpy(copy.data(), vectors, values * sizeof(float));
    return Embedding(std::move(words), std::move(copy), dims);
  }
  std::vector<float> decoded(values);
  for (std::size_t i = 0; i < values; ++i) {
    const std::uint16_t half = load<std::uint16_t>(vectors + 2 * i);
    if ((half & 0x7c00u) == 0x7c00u)
      non_finite(name, h.vectors_offset + 2 * i, i / dims, words[i / dims]);
    decoded[i] = half_to_float(half);
  }
  return Embedding(std::move(words), std::move(decoded), dims);
}

Embedding open_galaxy_file(const std::string& path) {
  return open_galaxy_file(path, 0);
}

Embedding open_galaxy_file(const std::string& path, std::size_t limit, GalaxyRepairs* repairs,
                           bool check_values) {
  FdCloser file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) throw DataError("cannot open " + path + ": " + std::strerror(errno));
  struct stat info {};
  if (::fstat(file.fd, &info) != 0) {
    throw DataError("cannot open " + path + ": " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) throw DataError("cannot open " + path + ": " + std::strerror(EISDIR));
  const std::size_t size = static_cast<std::size_t>(info.st_size);
  if (size < kHeaderBytes) {
    // Too small to map usefully; read it for the precise error message.
    unsigned char small[kHeaderBytes];
    const ssize_t got = ::read(file.fd, small, sizeof small);
    return parse_galaxy_image(path, small, got > 0 ? static_cast<std::size_t>(got) : 0, nullptr,
                              limit, repairs, check_values);
  }
  auto mapping = std::make_shared<Mapping>();
  mapping->address = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, file.fd, 0);
  if (mapping->address == MAP_FAILED) {
    throw DataError("cannot map " + path + " into memory: " + std::strerror(errno));
  }
  mapping->size = size;
  const auto* data = static_cast<const unsigned char*>(mapping->address);
  return parse_galaxy_image(path, data, size, std::move(mapping), limit, repairs, check_values);
}

}  // namespace galaxy
