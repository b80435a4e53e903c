// Embedding loaders: format detection, gzip, multi-threaded text parsing, word2vec binary,
// projector TSV.
//
// [SECTION] UTF-8 and line parsing (text_parsing_internal.h)
// [SECTION] InputFile: plain or gzip bytes, with peeking for detection
// [SECTION] Format detection
// [SECTION] Text formats (GloVe, word2vec text, projector TSV vectors)
// [SECTION] word2vec binary
// [SECTION] Projector metadata
// [SECTION] load_embedding
#include "geometry/loaders.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <climits>
#include <cmath>
#include <cstring>
#include <exception>
#include <memory>
#include <new>
#include <stdexcept>
#include <utility>

#include "geometry/binary_format.h"
#include "geometry/memory_budget.h"
#include "geometry/parallel_internal.h"
#include "geometry/text_parsing_internal.h"

namespace galaxy {

// ============================================================================================
// [SECTION] UTF-8 and line parsing
// ============================================================================================

namespace detail {

std::size_t utf8_sequence_length(const unsigned char* p, std::size_t available) {
  const unsigned char c = p[0];
  if (c < 0x80) return 1;
  std::size_t length;
  unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    if (c == 0xE0) low = 0xA0;   // no overlong forms
    if (c == 0xED) high = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    if (c == 0xF0) low = 0x90;
    if (c == 0xF4) high = 0x8F;  // nothing above U+10FFFF
  } else {
    return 0;
  }
  if (available < length || p[1] < low || p[1] > high) return 0;
  for (std::size_t i = 2; i < length; ++i) {
    if ((p[i] & 0xC0) != 0x80) return 0;
  }
  return length;
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    if (p[i] < 0x80) {
      ++i;
      continue;
    }
    const std::size_t length = utf8_sequence_length(p + i, text.size() - i);
    if (length == 0) return false;
    i += length;
  }
  return true;
}

std::string repair_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 8);
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t length = utf8_sequence_length(p + i, text.size() - i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.data() + i, length);
      i += length;
    }
  }
  return out;
}

namespace {

inline bool is_separator(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

// The token at `p` for an error message: at most 40 bytes, UTF-8 repaired so that a binary file
// opened by mistake does not put raw bytes into the message.
std::string token_at(const char* p, const char* line_end) {
  const char* q = p;
  while (q < line_end && !is_separator(*q)) ++q;
  std::string_view token(p, static_cast<std::size_t>(q - p));
  if (token.size() > 40) token = token.substr(0, 40);
  return repair_utf8(token);
}

// from_chars reports both overflow and underflow as result_out_of_range. A number too small for a
// float (1e-50, from text written in float64) is zero to float precision, as numpy and gensim read
// it: true (and `value` set) for those; false for numbers too large for a float.
bool float_underflow(const char* number, const char* end, float& value) {
  double wide;
  const auto [next, ec] = std::from_chars(number, end, wide);
  if (ec == std::errc()) {
    value = static_cast<float>(wide);
    return std::fabs(wide) < 1.0;
  }
  const char* exponent = std::find_if(number, next, [](char c) { return c == 'e' || c == 'E'; });
  value = 0.0f;
  return exponent + 1 < next && exponent[1] == '-';  // beyond a double: the exponent's sign
}

std::size_t count_fields(const char* p, const char* line_end) {
  std::size_t count = 0;
  while (true) {
    while (p < line_end && is_separator(*p)) ++p;
    if (p == line_end) return count;
    ++count;
    while (p < line_end && !is_separator(*p)) ++p;
  }
}

}  // namespace

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (true) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    if (i == line.size()) return fields;
    const std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t' && line[i] != '\r') ++i;
    fields.push_back(line.substr(start, i - start));
  }
}

// Digits only; a number beyond 64 bits saturates, so an absurd header claim is reported as such
// instead of making the header look like a GloVe row.
bool parse_unsigned(std::string_view text, std::uint64_t& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec == std::errc::result_out_of_range) value = UINT64_MAX;
  return ec != std::errc::invalid_argument && end == text.data() + text.size();
}

void parse_vector_lines(const char* begin, const char* end, int dims, bool has_words,
                        std::size_t max_rows, ChunkResult& out) {
  const std::size_t d = static_cast<std::size_t>(dims);
  const char* p = begin;
  auto fail = [&](std::string problem) {
    out.failed = true;
    out.error_line = out.lines;
    out.error = std::move(problem);
  };
  while (p < end) {
    const char* line_end = static_cast<const char*>(std::memchr(p, '\n', end - p));
    if (line_end == nullptr) line_end = end;
    const char* q = p;
    while (q < line_end && is_separator(*q)) ++q;
    if (q == line_end) {  // blank line
      ++out.lines;
      p = line_end + 1;
      continue;
    }
    const char* word_begin = q;
    if (has_words) {
      while (q < line_end && !is_separator(*q)) ++q;
    }
    const char* word_end = q;

    const std::size_t base = out.values.size();
    // Fuzzing fix: `d` may come from a word2vec header claiming up to INT_MAX dimensions ("1
    // 2000000000" made this allocate 8 GB). A line of L bytes holds at most (L + 1) / 2 numbers, so
    // allocate no more than that; a row that parses completely has count == d <= that bound.
    const std::size_t line_capacity = (static_cast<std::size_t>(line_end - q) + 1) / 2;
    out.values.resize(base + std::min(d, line_capacity));
    float* row = out.values.data() + base;
    std::size_t count = 0;
    while (true) {
      while (q < line_end && is_separator(*q)) ++q;
      if (q == line_end) break;
      if (count == d) {
        count += count_fields(q, line_end);
        break;
      }
      const char* number = q;
      if (*number == '+') ++number;  // from_chars rejects a leading '+'
      float value;
      auto [next, ec] = std::from_chars(number, line_end, value);
      if (ec == std::errc::invalid_argument || (next < line_end && !is_separator(*next))) {
        fail("not a number: '" + std::string(token_at(q, line_end)) + "'");
        return;
      }
      if (ec == std::errc::result_out_of_range && !float_underflow(number, next, value)) {
        fail("number out of the float range: '" + std::string(token_at(q, line_end)) + "'");
        return;
      }
      if (!std::isfinite(value)) {
        fail("NaN or infinite value: '" + std::string(token_at(q, line_end)) + "'");
        return;
      }
      row[count++] = value;
      q = next;
    }
    if (count != d) {
      fail("expected " + std::to_string(d) +
           (has_words ? " numbers after the word, found " : " tab-separated numbers, found ") +
           std::to_string(count));
      return;
    }
    if (has_words) {
      std::string_view word(word_begin, static_cast<std::size_t>(word_end - word_begin));
      if (is_valid_utf8(word)) {
        out.words.emplace_back(word);
      } else {
        if (out.invalid_utf8_words++ == 0) out.first_invalid_utf8_row = out.rows;
        out.words.push_back(repair_utf8(word));
      }
    }
    ++out.rows;
    ++out.lines;
    if (out.rows == 1) {
      // Size the chunk's arrays from its first line, so they rarely grow (and copy) again.
      const std::size_t line_bytes = static_cast<std::size_t>(line_end - p) + 1;
      std::size_t estimate = static_cast<std::size_t>(end - begin) / line_bytes * 5 / 4 + 16;
      if (max_rows != 0) estimate = std::min(estimate, max_rows);
      out.values.reserve(estimate * d);
      if (has_words) out.words.reserve(estimate);
    }
    p = line_end + 1;
    if (max_rows != 0 && out.rows == max_rows) return;
  }
}

}  // namespace detail

namespace {

using detail::ChunkResult;

std::string errno_text(int error) {
  return std::strerror(error);
}

// Calls the user's progress callback at most ~100 times, with non-decreasing fractions.
class ProgressReporter {
 public:
  explicit ProgressReporter(const std::function<void(double)>& callback) : callback_(callback) {}
  void report(double fraction) {
    if (!callback_) return;
    fraction = std::clamp(fraction, 0.0, 1.0);
    const int percent = static_cast<int>(fraction * 100.0);
    if (percent <= last_percent_) return;
    last_percent_ = percent;
    callback_(fraction);
  }

 private:
  const std::function<void(double)>& callback_;
  int last_percent_ = -1;
};

// ============================================================================================
// [SECTION] InputFile: plain or gzip bytes, with peeking for detection
// ============================================================================================

// The (decompressed) bytes of a file, read sequentially. Gzip is recognised by its magic bytes.
class InputFile {
 public:
  explicit InputFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) throw DataError("cannot open " + path + ": " + errno_text(errno));
    struct stat info {};
    if (::fstat(fd_, &info) != 0) fail_open(errno);
    if (S_ISDIR(info.st_mode)) fail_open(EISDIR);
    size_ = static_cast<std::uint64_t>(info.st_size);
    unsigned char magic[2] = {0, 0};
    if (::pread(fd_, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
      gz_ = ::gzdopen(fd_, "rb");
      if (gz_ == nullptr) fail_open(ENOMEM);
      fd_ = -1;  // owned by gz_ now
      ::gzbuffer(gz_, 1 << 20);
    }
  }
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile() {
    if (gz_ != nullptr) ::gzclose(gz_);
    if (fd_ >= 0) ::close(fd_);
  }

  const std::string& path() const { return path_; }
  bool gzip() const { return gz_ != nullptr; }
  std::uint64_t file_size() const { return size_; }

  // Fraction of the file on disk consumed so far (compressed bytes for gzip).
  double fraction_read() const {
    if (size_ == 0) return 1.0;
    const double raw =
        gz_ != nullptr ? static_cast<double>(::gzoffset(gz_)) : static_cast<double>(raw_read_);
    return raw / static_cast<double>(size_);
  }

  // Makes the first `n` bytes (or all, if there are fewer) available without consuming them.
  std::string_view peek(std::size_t n) {
    if (pending_.size() < n) {
      const std::size_t had = pending_.size();
      pending_.resize(n);
      pending_.resize(had + read_source(pending_.data() + had, n - had));
    }
    return std::string_view(pending_).substr(0, std::min(n, pending_.size()));
  }

  // Reads up to n bytes; returns fewer only at the end of the data.
  std::size_t read(char* dest, std::size_t n) {
    std::size_t done = 0;
    if (pending_pos_ < pending_.size()) {
      done = std::min(n, pending_.size() - pending_pos_);
      std::memcpy(dest, pending_.data() + pending_pos_, done);
      pending_pos_ += done;
      if (pending_pos_ == pending_.size()) {
        pending_.clear();
        pending_.shrink_to_fit();
        pending_pos_ = 0;
      }
    }
    return done + read_source(dest + done, n - done);
  }

  std::size_t pending_bytes() const { return pending_.size() - pending_pos_; }

  std::string read_all() {
    std::string data;
    std::size_t block = 1 << 20;
    while (true) {
      const std::size_t had = data.size();
      data.resize(had + block);
      const std::size_t got = read(data.data() + had, block);
      data.resize(had + got);
      if (got < block) return data;
      block = std::min<std::size_t>(block * 2, 64 << 20);
    }
  }

 private:
  [[noreturn]] void fail_open(int error) {
    throw DataError("cannot open " + path_ + ": " + errno_text(error));
  }

  std::size_t read_source(char* dest, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      if (gz_ != nullptr) {
        const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
        const int got = ::gzread(gz_, dest + done, chunk);
        if (got > 0) done += static_cast<std::size_t>(got);
        if (got < static_cast<int>(chunk)) {
          int code = Z_OK;
          const char* message = ::gzerror(gz_, &code);
          if (code != Z_OK) {
            const std::string reason = code == Z_ERRNO ? errno_text(errno) : std::string(message);
            throw DataError(path_ + ": corrupt or truncated gzip data after " +
                            std::to_string(delivered_ + done) + " decompressed bytes: " + reason);
          }
          break;
        }
      } else {
        const ssize_t got = ::read(fd_, dest + done, n - done);
        if (got < 0) {
          if (errno == EINTR) continue;
          throw DataError("cannot read " + path_ + ": " + errno_text(errno));
        }
        if (got == 0) break;
        done += static_cast<std::size_t>(got);
        raw_read_ += static_cast<std::uint64_t>(got);
      }
    }
    delivered_ += done;
    return done;
  }

  std::string path_;
  int fd_ = -1;
  gzFile gz_ = nullptr;
  std::uint64_t size_ = 0;
  std::uint64_t raw_read_ = 0;
  std::uint64_t delivered_ = 0;
  std::string pending_;
  std::size_t pending_pos_ = 0;
};

// ============================================================================================
// [SECTION] Format detection
// ============================================================================================

std::string lowercase(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The extension in lower case without ".gz", e.g. "tsv" for "vectors.tsv.gz".
std::string extension_hint(const std::string& path) {
  std::string name = lowercase(path.substr(path.find_last_of('/') + 1));
  if (name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0) name.resize(name.size() - 3);
  const std::size_t dot = name.find_last_of('.');
  return dot == std::string::npos ? std::string() : name.substr(dot + 1);
}

using detail::parse_unsigned;
using detail::split_fields;

// A number in syntax, even one out of the float range (the parser then says which).
bool is_number(std::string_view text) {
  if (!text.empty() && text[0] == '+') text.remove_prefix(1);
  float value;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec != std::errc::invalid_argument && end == text.data() + text.size();
}

// Where the data starts: the first non-blank line after an optional UTF-8 BOM.
struct FirstLine {
  std::size_t bom = 0;          // 3 if the data starts with a UTF-8 byte order mark
  std::size_t begin = 0;        // offset of the first non-blank line
  std::size_t end = 0;          // offset of its '\n' (or of the end of the data)
  std::size_t line_number = 0;  // 1-based
  bool found = false;
  std::string text;  // a copy: later peeks may move the buffer it came from
};

FirstLine find_first_line(InputFile& in) {
  FirstLine first;
  std::size_t want = 64 << 10;
  while (true) {
    const std::string_view head = in.peek(want);
    const bool complete = head.size() < want;
    first.bom = head.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
    std::size_t position = first.bom;
    first.line_number = 1;
    while (position < head.size()) {
      std::size_t newline = head.find('\n', position);
      if (newline == std::string_view::npos) {
        if (!complete) break;  // need more data to see the whole line
        newline = head.size();
      }
      const std::string_view line = head.substr(position, newline - position);
      if (!split_fields(line).empty()) {
        first.begin = position;
        first.end = newline;
        first.text = line;
        first.found = true;
        return first;
      }
      position = newline + 1;
      ++first.line_number;
    }
    if (complete) return first;  // only blank lines
    if (want >= (std::size_t{1} << 30)) {
      throw DataError(in.path() + ": the first line is longer than 1 GiB; is this a vector file?");
    }
    want *= 4;
  }
}

struct Word2VecHeader {
  std::uint64_t rows = 0;
  int dims = 0;
};

bool parse_word2vec_header(const FirstLine& first, Word2VecHeader& header) {
  const auto fields = split_fields(first.text);
  std::uint64_t rows = 0, dims = 0;
  if (fields.size() != 2 || !parse_unsigned(fields[0], rows) || !parse_unsigned(fields[1], dims)) {
    return false;
  }
  header.rows = rows;
  header.dims = dims > static_cast<std::uint64_t>(INT_MAX) ? -1 : static_cast<int>(dims);
  return true;
}

// After a word2vec header: does the first row hold raw float32 bytes rather than text numbers?
bool looks_binary_after_header(InputFile& in, const FirstLine& first, int dims) {
  const std::size_t row_bytes =
      std::min<std::size_t>(static_cast<std::size_t>(std::max(dims, 1)) * 4, 1 << 16);
  const std::string_view head = in.peek(first.end + 1 + 4096 + row_bytes);
  std::size_t i = first.end + 1;
  while (i < head.size() && std::isspace(static_cast<unsigned char>(head[i]))) ++i;
  while (i < head.size() && head[i] != ' ' && head[i] != '\t' && head[i] != '\n') ++i;  // the word
  if (i < head.size()) ++i;
  const std::size_t stop = std::min(head.size(), i + row_bytes);
  for (; i < stop; ++i) {
    const unsigned char c = static_cast<unsigned char>(head[i]);
    const bool text_like = (c >= 0x20 && c < 0x7f) || c == '\t' || c == '\n' || c == '\r';
    if (!text_like) return true;
  }
  return false;
}

FileFormat detect_format(InputFile& in, const FirstLine& first) {
  // Projector vectors are tab-separated numbers; word2vec headers ("3000000 300") use a space.
  const auto fields = split_fields(first.text);
  const bool all_numbers =
      std::all_of(fields.begin(), fields.end(), [](std::string_view f) { return is_number(f); });
  const bool tabs = first.text.find('\t') != std::string::npos;
  if (all_numbers && tabs) return FileFormat::ProjectorTsv;
  Word2VecHeader header;
  if (parse_word2vec_header(first, header)) {
    return looks_binary_after_header(in, first, header.dims) ? FileFormat::Word2VecBinary
                                                             : FileFormat::Word2VecText;
  }
  if (all_numbers && extension_hint(in.path()) == "tsv") return FileFormat::ProjectorTsv;
  return FileFormat::GloveText;
}

[[noreturn]] void line_error(const std::string& path, std::size_t line,
                             const std::string& problem) {
  throw DataError(path + ":" + std::to_string(line) + ": " + problem);
}

std::string utf8_warning(std::size_t count, std::size_t first_row) {
  return std::to_string(count) + (count == 1 ? " word had" : " words had") +
         " invalid UTF-8 bytes, replaced with U+FFFD (first: row " + std::to_string(first_row + 1) +
         ")";
}

// Row-major float32 storage that grows without copying: one anonymous mapping, enlarged in place by
// mremap (the kernel moves page tables, not floats). Parsing appends each finished block here and
// frees it, so a load peaks at one matrix plus the blocks in flight, not at per-block arrays plus
// their concatenation (twice the matrix). The mapping then becomes the Embedding's storage.
class FloatBuffer {
 public:
  FloatBuffer() = default;
  FloatBuffer(const FloatBuffer&) = delete;
  FloatBuffer& operator=(const FloatBuffer&) = delete;
  ~FloatBuffer() {
    if (data_ != nullptr) ::munmap(data_, capacity_bytes_);
  }

  std::size_t size() const { return size_; }
  float* data() { return data_; }

  // Room for at least `floats` in all. Untouched pages cost address space only, not memory.
  void reserve(std::size_t floats) {
    if (floats > SIZE_MAX / sizeof(float) - page_size()) throw std::bad_alloc();
    const std::size_t bytes = page_round(floats * sizeof(float));
    if (bytes <= capacity_bytes_) return;
    void* grown = MAP_FAILED;
    if (data_ == nullptr) {
      grown = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    } else {
#ifdef __linux__
      grown = ::mremap(data_, capacity_bytes_, bytes, MREMAP_MAYMOVE);
#else
      grown = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
      if (grown != MAP_FAILED) {
        std::memcpy(grown, data_, size_ * sizeof(float));
        ::munmap(data_, capacity_bytes_);
      }
#endif
    }
    if (grown == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<float*>(grown);
    capacity_bytes_ = bytes;
  }

  // New floats are unspecified until written. Grows by at least half, like std::vector.
  void resize(std::size_t floats) {
    if (floats > capacity_bytes_ / sizeof(float)) {
      reserve(std::max(floats, capacity_bytes_ / sizeof(float) * 3 / 2));
    }
    size_ = floats;
  }

  void append(const float* values, std::size_t count) {
    const std::size_t at = size_;
    resize(size_ + count);
    if (count != 0) std::memcpy(data_ + at, values, count * sizeof(float));
  }

  // Hands the floats over as an Embedding's keep-alive (the unused tail of the mapping released
  // first); null when empty. The buffer is empty afterwards.
  std::shared_ptr<const void> release() {
    const std::size_t bytes = page_round(size_ * sizeof(float));
    if (data_ != nullptr && bytes < capacity_bytes_) {
      ::munmap(reinterpret_cast<char*>(data_) + bytes, capacity_bytes_ - bytes);
    }
    float* data = bytes != 0 ? data_ : nullptr;
    data_ = nullptr;
    capacity_bytes_ = 0;
    size_ = 0;
    if (data == nullptr) return nullptr;
    return std::shared_ptr<const void>(
        data, [bytes](const void* p) { ::munmap(const_cast<void*>(p), bytes); });
  }

 private:
  static std::size_t page_size() {
    static const std::size_t size = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    return size;
  }
  static std::size_t page_round(std::size_t bytes) {
    return (bytes + page_size() - 1) / page_size() * page_size();
  }

  float* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t capacity_bytes_ = 0;
};

// Rows collected so far: words and the float matrix they index.
struct Collected {
  std::vector<std::string> words;
  FloatBuffer values;
  std::size_t rows = 0;
  int dims = 0;
  std::size_t invalid_utf8_words = 0;
  std::size_t first_invalid_utf8_row = 0;

  Embedding take_embedding() {
    if (values.size() != rows * static_cast<std::size_t>(dims) || words.size() != rows) {
      throw std::logic_error("loader: rows, words and values disagree");
    }
    const float* data = values.data();
    std::shared_ptr<const void> storage = values.release();
    return Embedding(std::move(words), data, dims, std::move(storage));
  }
};

// ============================================================================================
// [SECTION] Text formats (GloVe, word2vec text, projector TSV vectors)
// ============================================================================================

struct TextPlan {
  bool has_words = true;
  int dims = 0;
  std::size_t body_offset = 0;  // first byte after the BOM / header line
  std::size_t body_line = 0;    // lines before body_offset
};

// Reads the whole body in blocks; each block is cut at its last newline and split into line-aligned
// chunks parsed in parallel while the next block is read.
void parse_text_body(InputFile& in, const TextPlan& plan, const LoadOptions& options,
                     ProgressReporter& progress, Collected& out) {
  // 8 MiB: two text buffers plus one block's floats stay a small share of the matrix (the peak is
  // about 1.25x the float32 matrix for GloVe 100d), and larger blocks parse no faster.
  const std::size_t block = options.block_bytes != 0 ? options.block_bytes : (8u << 20);
  const unsigned threads =
      detail::thread_count(options.threads > 0 ? static_cast<unsigned>(options.threads) : 0);
  const std::size_t min_chunk = std::clamp<std::size_t>(block / (2 * threads), 1, 64 << 10);
  const std::size_t limit = options.limit;

  auto read_block = [&](std::string& buffer, std::size_t bytes) {
    const std::size_t had = buffer.size();
    buffer.resize(had + bytes);
    const std::size_t got = in.read(buffer.data() + had, bytes);
    buffer.resize(had + got);
    return got < bytes;  // end of data
  };

  std::string current, next;  // reused: fresh buffers per block would cost page faults
  bool eof = read_block(current, std::max(block, in.pending_bytes()));
  std::size_t start = plan.body_offset;
  std::size_t line_base = plan.body_line;
  out.dims = plan.dims;
  std::vector<ChunkResult> results;  // reused too: their arrays keep their pages between blocks
  bool sized = false;

  while (true) {
    std::size_t cut = current.size();
    if (!eof) {
      const std::size_t newline = current.find_last_of('\n');
      if (newline == std::string::npos || newline < start) {  // a line longer than the block
        eof = read_block(current, std::max(block, current.size()));
        continue;
      }
      cut = newline + 1;
    }

    // Line-aligned chunks of [start, cut).
    std::vector<std::size_t> bounds{start};
    const std::size_t bytes = cut - start;
    const std::size_t chunk_count =
        std::max<std::size_t>(1, std::min<std::size_t>(threads, bytes / min_chunk));
    for (std::size_t i = 1; i < chunk_count; ++i) {
      std::size_t at = std::max(bounds.back(), start + bytes * i / chunk_count);
      const void* newline = std::memchr(current.data() + at, '\n', cut - at);
      at = newline
               ? static_cast<std::size_t>(static_cast<const char*>(newline) - current.data()) + 1
               : cut;
      bounds.push_back(at);
    }
    bounds.push_back(cut);

    const std::size_t remaining = limit != 0 ? limit - out.rows : 0;
    results.resize(bounds.size() - 1);
    for (auto& chunk : results) {
      std::vector<float> values = std::move(chunk.values);
      std::vector<std::string> words = std::move(chunk.words);
      values.clear();
      words.clear();
      chunk = ChunkResult();
      chunk.values = std::move(values);
      chunk.words = std::move(words);
    }
    // Each chunk keeps its own exception, so that the first one in file order is reported (and a
    // read error only once the rows before it are in).
    std::vector<std::exception_ptr> failures(results.size());
    auto parse = [&](std::size_t i) {
      try {
        detail::parse_vector_lines(current.data() + bounds[i], current.data() + bounds[i + 1],
                                   plan.dims, plan.has_words, remaining, results[i]);
      } catch (...) {
        failures[i] = std::current_exception();
      }
    };

    const double fraction_read = in.fraction_read();  // the file up to the end of `current`
    next.assign(current, cut);  // the partial last line, completed by the next block
    bool next_eof = eof;
    std::exception_ptr read_failure;
    // The next block is read (task 0, taken first so it starts at once) while the chunks (tasks 1
    // on) are parsed. With one chunk and a limit nothing is read ahead: the limit may be reached in
    // this block.
    const bool read_ahead = !eof && !(results.size() == 1 && limit != 0);
    const std::size_t tasks = results.size() + (read_ahead ? 1 : 0);
    detail::for_each_block(tasks, static_cast<unsigned>(tasks), [&](std::size_t task) {
      if (!read_ahead) return parse(task);
      if (task != 0) return parse(task - 1);
      try {
        next_eof = read_block(next, block);
      } catch (...) {
        read_failure = std::current_exception();
      }
    });
    for (auto& failure : failures) {
      if (failure) std::rethrow_exception(failure);
    }

    if (!sized) {
      // Size the matrix and the word list once, from the first block's rows per byte of file, so
      // the words never move and the matrix pages are touched once; if the guess is low the matrix
      // still grows in place. Address space reserved past the real end costs no memory.
      sized = true;
      std::size_t rows = 0;
      for (const auto& chunk : results) rows += chunk.rows;
      const double share = fraction_read * static_cast<double>(cut) /
                           static_cast<double>(std::max<std::size_t>(current.size(), 1));
      double estimate = share > 0 ? static_cast<double>(rows) / std::min(share, 1.0) : 0.0;
      if (share < 1.0) estimate = estimate * 1.05 + 1024;
      if (limit != 0) estimate = std::min(estimate, static_cast<double>(limit));
      // Never more rows than the text could hold: each number takes at least two bytes ("0 ").
      const double text_bytes = share > 0 ? static_cast<double>(cut) / std::min(share, 1.0) : 0.0;
      estimate = std::min(estimate, text_bytes / (2.0 * static_cast<double>(plan.dims)) + 1.0);
      const auto expected = static_cast<std::size_t>(estimate);
      try {
        out.values.reserve(expected * static_cast<std::size_t>(plan.dims));
        if (plan.has_words) out.words.reserve(expected);
      } catch (const std::bad_alloc&) {
        // Only a hint: without it the matrix grows as rows arrive, and a file that really does not
        // fit fails there.
      }
    }

    bool reached_limit = false;
    for (auto& chunk : results) {
      const std::size_t wanted = limit != 0 ? limit - out.rows : SIZE_MAX;
      if (chunk.failed && chunk.rows < wanted) {
        line_error(in.path(), line_base + chunk.error_line + 1, chunk.error);
      }
      const std::size_t take = std::min(chunk.rows, wanted);
      if (chunk.invalid_utf8_words != 0 && chunk.first_invalid_utf8_row < take) {
        if (out.invalid_utf8_words == 0) {
          out.first_invalid_utf8_row = out.rows + chunk.first_invalid_utf8_row;
        }
        out.invalid_utf8_words += chunk.invalid_utf8_words;  // (may count a few past the limit)
      }
      if (plan.has_words) {
        for (std::size_t r = 0; r < take; ++r) out.words.push_back(std::move(chunk.words[r]));
      }
      out.values.append(chunk.values.data(), take * static_cast<std::size_t>(plan.dims));
      out.rows += take;
      line_base += chunk.lines;
      if (limit != 0 && out.rows == limit) {
        reached_limit = true;
        break;
      }
    }
    progress.report(limit != 0 ? std::max(in.fraction_read(), double(out.rows) / double(limit))
                               : in.fraction_read());
    if (reached_limit || eof) return;
    if (read_failure) std::rethrow_exception(read_failure);
    std::swap(current, next);
    eof = next_eof;
    start = 0;
  }
}

// ============================================================================================
// [SECTION] word2vec binary
// ============================================================================================

// Sequential reader over InputFile with byte offsets, for the binary format.
class ByteReader {
 public:
  explicit ByteReader(InputFile& in) : in_(in) {}
  std::uint64_t offset() const { return offset_; }
  // Next byte without consuming it, or -1 at the end.
  int peek() {
    if (position_ == buffer_.size() && !refill()) return -1;
    return static_cast<unsigned char>(buffer_[position_]);
  }
  void skip(std::size_t n) {
    position_ += n;
    offset_ += n;
  }
  // Copies up to n bytes; returns how many (fewer only at the end).
  std::size_t read(char* dest, std::size_t n) {
    std::size_t done = 0;
    while (done < n) {
      if (position_ == buffer_.size() && !refill()) break;
      const std::size_t step = std::min(n - done, buffer_.size() - position_);
      std::memcpy(dest + done, buffer_.data() + position_, step);
      done += step;
      skip(step);
    }
    return done;
  }

 private:
  bool refill() {
    buffer_.resize(4 << 20);
    buffer_.resize(in_.read(buffer_.data(), buffer_.size()));
    position_ = 0;
    return !buffer_.empty();
  }

  InputFile& in_;
  std::string buffer_;
  std::size_t position_ = 0;
  std::uint64_t offset_ = 0;
};

void parse_word2vec_binary(InputFile& in, const FirstLine& first, const Word2VecHeader& header,
                           const LoadOptions& options, ProgressReporter& progress, Collected& out) {
  const std::string& path = in.path();
  const std::size_t dims = static_cast<std::size_t>(header.dims);
  const std::size_t row_bytes = dims * sizeof(float);
  const std::uint64_t rows =
      options.limit != 0 ? std::min<std::uint64_t>(header.rows, options.limit) : header.rows;
  out.dims = header.dims;

  // Reserve only what the file can hold (a header may claim 10^12 rows).
  const std::uint64_t plausible = in.gzip() ? 1 << 16 : in.file_size() / (row_bytes + 2) + 1;
  const std::size_t reserve = static_cast<std::size_t>(std::min<std::uint64_t>(rows, plausible));
  out.words.reserve(reserve);
  FloatBuffer& values = out.values;
  // Fuzzing fix: `reserve` is at least one row, and a header claiming 2e9 dimensions reserved 8 GB;
  // never reserve more floats than the file's bytes could hold (64 MiB for gzip).
  const std::uint64_t max_floats =
      in.gzip() ? std::uint64_t{1} << 24 : in.file_size() / sizeof(float);
  values.reserve(static_cast<std::size_t>(
      std::min<std::uint64_t>(static_cast<std::uint64_t>(reserve) * dims, max_floats)));

  ByteReader reader(in);
  std::vector<char> skip_header(first.end + 1);
  reader.read(skip_header.data(), skip_header.size());

  constexpr std::size_t kMaxWordBytes = 1 << 16;
  std::string word;
  for (std::uint64_t row = 0; row < rows; ++row) {
    int c;
    while ((c = reader.peek()) == ' ' || c == '\n' || c == '\r' || c == '\t') reader.skip(1);
    const std::uint64_t word_offset = reader.offset();
    word.clear();
    while ((c = reader.peek()) != ' ' && c != -1) {
      if (word.size() == kMaxWordBytes) {
        throw DataError(path + ": byte " + std::to_string(word_offset) + ": row " +
                        std::to_string(row + 1) + " has no space after its word within " +
                        std::to_string(kMaxWordBytes) + " bytes; is this a word2vec binary file?");
      }
      word.push_back(static_cast<char>(c));
      reader.skip(1);
    }
    if (c == -1) {
      throw DataError(path + ": truncated at byte " + std::to_string(reader.offset()) + " (row " +
                      std::to_string(row + 1) + " of " + std::to_string(header.rows) +
                      " needs a word, a space and " + std::to_string(row_bytes) +
                      " bytes of vectors)");
    }
    reader.skip(1);  // the space
    const std::size_t base = values.size();
    const std::uint64_t vector_offset = reader.offset();
    // Fuzzing fix: grow the row by at most 1 MiB per read, so a truncated file whose header claims
    // 2e9 dimensions fails at its end instead of first allocating 8 GB for the row.
    std::size_t got = 0;
    while (got < row_bytes) {
      const std::size_t step = std::min<std::size_t>(row_bytes - got, std::size_t{1} << 20);
      values.resize(base + (got + step) / sizeof(float));
      const std::size_t read =
          reader.read(reinterpret_cast<char*>(values.data() + base) + got, step);
      got += read;
      if (read != step) break;
    }
    if (got != row_bytes) {
      throw DataError(path + ": truncated at byte " + std::to_string(reader.offset()) + " (row " +
                      std::to_string(row + 1) + " '" + word + "' needs " +
                      std::to_string(row_bytes) + " bytes of vectors)");
    }
    for (std::size_t i = 0; i < dims; ++i) {
      if (!std::isfinite(values.data()[base + i])) {
        throw DataError(path + ": byte " + std::to_string(vector_offset + 4 * i) + ": row " +
                        std::to_string(row + 1) + " '" + word + "': NaN or infinite value");
      }
    }
    if (detail::is_valid_utf8(word)) {
      out.words.push_back(word);
    } else {
      if (out.invalid_utf8_words++ == 0) out.first_invalid_utf8_row = row;
      out.words.push_back(detail::repair_utf8(word));
    }
    if ((row & 1023) == 0) progress.report(in.fraction_read());
  }
  out.rows = static_cast<std::size_t>(rows);
  if (options.limit == 0 || options.limit > header.rows) {
    int c;
    while ((c = reader.peek()) == ' ' || c == '\n' || c == '\r' || c == '\t') reader.skip(1);
    if (c != -1) {
      throw DataError(path + ":" + std::to_string(first.line_number) + ": header says " +
                      std::to_string(header.rows) + " rows of " + std::to_string(header.dims) +
                      " dimensions, but the file has more data after them (at byte " +
                      std::to_string(reader.offset()) + ")");
    }
  }
}

// ============================================================================================
// [SECTION] Projector metadata
// ============================================================================================

std::string metadata_path_for(const std::string& vectors_path, const LoadOptions& options) {
  if (!options.metadata_path.empty()) return options.metadata_path;
  const std::size_t slash = vectors_path.find_last_of('/');
  const std::string folder = slash == std::string::npos ? "" : vectors_path.substr(0, slash + 1);
  const std::string candidate = folder + "metadata.tsv";
  struct stat info {};
  if (::stat(candidate.c_str(), &info) == 0 && !S_ISDIR(info.st_mode)) return candidate;
  if (::stat((candidate + ".gz").c_str(), &info) == 0 && !S_ISDIR(info.st_mode)) {
    return candidate + ".gz";
  }
  return "";
}

// Every column of a metadata file with a header row, for colouring by category: names[column],
// values[column][row] (UTF-8 repaired; missing trailing cells are empty).
struct MetadataColumns {
  std::vector<std::string> names;
  std::vector<std::vector<std::string>> values;
};

// Labels from a projector metadata file: first column, or the "word"/"label" column when the file
// has several columns (and therefore a header row); then `table`, if given, gets every column.
std::vector<std::string> read_metadata(const std::string& path, std::size_t& invalid_utf8,
                                       std::size_t& first_invalid_row,
                                       MetadataColumns* table = nullptr) {
  InputFile in(path);
  std::string text = in.read_all();
  std::size_t position = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  std::vector<std::string_view> lines;
  while (position < text.size()) {
    std::size_t newline = text.find('\n', position);
    if (newline == std::string::npos) newline = text.size();
    std::string_view line(text.data() + position, newline - position);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    position = newline + 1;
  }
  std::vector<std::string> labels;
  if (lines.empty()) return labels;

  auto split_tabs = [](std::string_view line) {
    std::vector<std::string_view> columns;
    std::size_t at = 0;
    while (true) {
      const std::size_t tab = line.find('\t', at);
      columns.push_back(line.substr(at, tab == std::string_view::npos ? line.npos : tab - at));
      if (tab == std::string_view::npos) return columns;
      at = tab + 1;
    }
  };
  std::size_t column = 0;
  std::size_t first_row_line = 0;
  const auto header = split_tabs(lines[0]);
  if (header.size() > 1) {
    first_row_line = 1;
    for (std::size_t i = 0; i < header.size(); ++i) {
      const std::string name = lowercase(header[i]);
      if (name == "word" || name == "label") {
        column = i;
        break;
      }
    }
    if (table != nullptr) {
      for (std::string_view name : header) table->names.push_back(detail::repair_utf8(name));
      table->values.assign(header.size(), {});
    }
  }
  labels.reserve(lines.size() - first_row_line);
  for (std::size_t i = first_row_line; i < lines.size(); ++i) {
    std::string_view label = lines[i];
    if (header.size() > 1) {
      const auto columns = split_tabs(lines[i]);
      if (columns.size() <= column) {
        line_error(path, i + 1,
                   "expected " + std::to_string(header.size()) + " tab-separated columns, found " +
                       std::to_string(columns.size()));
      }
      label = columns[column];
      if (table != nullptr) {
        for (std::size_t c = 0; c < header.size(); ++c)
          table->values[c].push_back(c < columns.size() ? detail::repair_utf8(columns[c]) : "");
      }
    }
    if (detail::is_valid_utf8(label)) {
      labels.emplace_back(label);
    } else {
      if (invalid_utf8++ == 0) first_invalid_row = labels.size();
      labels.push_back(detail::repair_utf8(label));
    }
  }
  return labels;
}

void attach_metadata(const std::string& vectors_path, const LoadOptions& options,
                     Collected& collected, LoadResult& result) {
  std::vector<std::string>& warnings = result.warnings;
  const std::string path = metadata_path_for(vectors_path, options);
  if (path.empty()) {
    collected.words.reserve(collected.rows);
    for (std::size_t i = 0; i < collected.rows; ++i) collected.words.push_back(std::to_string(i));
    warnings.push_back("no metadata.tsv beside " + vectors_path +
                       ": the words are the row numbers 0.." +
                       std::to_string(collected.rows == 0 ? 0 : collected.rows - 1));
    return;
  }
  MetadataColumns table;
  std::vector<std::string> labels =
      read_metadata(path, collected.invalid_utf8_words, collected.first_invalid_utf8_row, &table);
  const bool limited = options.limit != 0 && collected.rows == options.limit;
  if (labels.size() < collected.rows || (!limited && labels.size() != collected.rows)) {
    throw DataError(path + ": has " + std::to_string(labels.size()) + " labels, but " +
                    vectors_path + " has " + std::to_string(collected.rows) + " rows" +
                    (limited ? " (limit)" : ""));
  }
  labels.resize(collected.rows);
  collected.words = std::move(labels);
  for (auto& values : table.values) values.resize(collected.rows);  // --limit keeps the first rows
  result.metadata_columns = std::move(table.names);
  result.metadata_values = std::move(table.values);
}

}  // namespace

// ============================================================================================
// [SECTION] load_embedding
// ============================================================================================

const char* format_name(FileFormat format) {
  switch (format) {
    case FileFormat::Auto:
      return "auto";
    case FileFormat::GloveText:
      return "glove";
    case FileFormat::Word2VecText:
      return "word2vec";
    case FileFormat::Word2VecBinary:
      return "word2vec-binary";
    case FileFormat::ProjectorTsv:
      return "tsv";
    case FileFormat::Galaxy:
      return "galaxy";
  }
  return "unknown";
}

FileFormat parse_format_name(std::string_view name) {
  const std::string key = lowercase(name);
  if (key == "auto") return FileFormat::Auto;
  if (key == "glove") return FileFormat::GloveText;
  if (key == "word2vec" || key == "fasttext" || key == "vec") return FileFormat::Word2VecText;
  if (key == "word2vec-binary" || key == "bin") return FileFormat::Word2VecBinary;
  if (key == "tsv") return FileFormat::ProjectorTsv;
  if (key == "galaxy") return FileFormat::Galaxy;
  throw DataError(
      "unknown format '" + std::string(name) +
      "' (valid: auto, glove, word2vec, fasttext, vec, word2vec-binary, bin, tsv, galaxy)");
}

namespace {

// Rows whose numbers are all zero load (an untrained or padding word is common), but they have no
// direction: their cosine with every word is 0. One summarised warning says so. The project's own
// .galaxy files are not scanned (their conversion already warned, and opening stays instant).
std::string zero_vector_warning(const Embedding& embedding) {
  const auto dims = static_cast<std::size_t>(embedding.dims());
  std::size_t zeros = 0, first = 0;
  for (std::size_t r = 0; r < embedding.rows(); ++r) {
    const float* row = embedding.row(r);
    if (std::all_of(row, row + dims, [](float v) { return v == 0.0f; })) {
      if (zeros++ == 0) first = r;
    }
  }
  if (zeros == 0) return {};
  return std::to_string(zeros) + (zeros == 1 ? " zero vector" : " zero vectors") + " (first: '" +
         embedding.word(first) + "', row " + std::to_string(first + 1) +
         "): no direction, so cosine 0 with every word";
}

}  // namespace

LoadResult load_embedding(const std::string& path, const LoadOptions& options) {
  ProgressReporter progress(options.progress);
  progress.report(0.0);
  LoadResult result;
  InputFile in(path);
  result.gzip = in.gzip();

  const std::string_view magic = in.peek(sizeof kGalaxyMagic);
  if (magic.empty()) throw DataError(path + ": the file is empty");
  const bool galaxy_magic = magic == std::string_view(kGalaxyMagic, sizeof kGalaxyMagic);
  FileFormat format = options.format;
  if (format == FileFormat::Auto && galaxy_magic) format = FileFormat::Galaxy;

  if (format == FileFormat::Galaxy) {
    GalaxyRepairs repairs;
    if (in.gzip()) {
      const std::string image = in.read_all();
      result.embedding =
          parse_galaxy_image(path, reinterpret_cast<const unsigned char*>(image.data()),
                             image.size(), nullptr, options.limit, &repairs);
    } else {
      result.embedding = open_galaxy_file(path, options.limit, &repairs, options.check_values);
    }
    if (repairs.invalid_utf8_words != 0) {
      result.warnings.push_back(
          utf8_warning(repairs.invalid_utf8_words, repairs.first_invalid_utf8_row));
    }
  } else {
    const FirstLine first = find_first_line(in);
    if (!first.found) throw DataError(path + ": the file has no vectors (only blank lines)");
    if (format == FileFormat::Auto) format = detect_format(in, first);
    const std::uint64_t data_bytes = uncompressed_bytes(path, in.file_size(), in.gzip());
    MatrixEstimate estimate = estimate_matrix(format, first.text, data_bytes);
    estimate.number_bytes = std::max(1u, options.bytes_per_number);
    check_memory_budget(path, estimate, options.limit);

    Collected collected;
    if (format == FileFormat::Word2VecText || format == FileFormat::Word2VecBinary) {
      Word2VecHeader header;
      if (!parse_word2vec_header(first, header)) {
        line_error(path, first.line_number,
                   "expected a header line with the number of rows and dimensions, found '" +
                       detail::repair_utf8(first.text.substr(0, 60)) + "'");
      }
      if (header.dims <= 0) {
        line_error(path, first.line_number,
                   "the header's number of dimensions must be between 1 and " +
                       std::to_string(INT_MAX) + ", found '" +
                       detail::repair_utf8(first.text.substr(0, 60)) + "'");
      }
      if (format == FileFormat::Word2VecBinary) {
        parse_word2vec_binary(in, first, header, options, progress, collected);
      } else {
        TextPlan plan;
        plan.dims = header.dims;
        plan.body_offset = std::min(first.end + 1, in.pending_bytes());
        plan.body_line = first.line_number;
        parse_text_body(in, plan, options, progress, collected);
        const bool limited = options.limit != 0 && collected.rows == options.limit;
        if (!limited && collected.rows != header.rows) {
          line_error(path, first.line_number,
                     "header says " + std::to_string(header.rows) + " rows of " +
                         std::to_string(header.dims) + " dimensions, but the file has " +
                         std::to_string(collected.rows) + " rows");
        }
      }
    } else {
      TextPlan plan;
      plan.has_words = format == FileFormat::GloveText;
      const std::size_t fields = split_fields(first.text).size();
      if (plan.has_words && fields < 2) {
        line_error(path, first.line_number,
                   "expected a word followed by numbers, found only '" +
                       detail::repair_utf8(first.text.substr(0, 60)) + "'");
      }
      if (fields - (plan.has_words ? 1 : 0) > static_cast<std::size_t>(INT_MAX)) {
        line_error(path, first.line_number, "too many numbers on one line");
      }
      plan.dims = static_cast<int>(fields - (plan.has_words ? 1 : 0));
      plan.body_offset = first.bom;
      plan.body_line = 0;
      parse_text_body(in, plan, options, progress, collected);
      if (format == FileFormat::ProjectorTsv) attach_metadata(path, options, collected, result);
    }

    if (collected.invalid_utf8_words != 0) {
      result.warnings.push_back(
          utf8_warning(collected.invalid_utf8_words, collected.first_invalid_utf8_row));
    }
    result.embedding = collected.take_embedding();
    if (std::string warning = zero_vector_warning(result.embedding); !warning.empty())
      result.warnings.push_back(std::move(warning));
  }

  result.format = format;
  if (const std::size_t duplicates = result.embedding.duplicate_count()) {
    result.warnings.push_back(std::to_string(duplicates) +
                              (duplicates == 1 ? " duplicate word" : " duplicate words") +
                              " kept as rows; only the first row of each word is found by name");
  }
  progress.report(1.0);
  return result;
}

}  // namespace galaxy
