// Internal helpers shared by the loaders and their tests: line parsing of vector text, UTF-8
// repair.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace galaxy::detail {

// Length of the valid UTF-8 sequence starting at `p` (1..4), or 0 if the bytes there are invalid.
std::size_t utf8_sequence_length(const unsigned char* p, std::size_t available);
bool is_valid_utf8(std::string_view text);
// Copy of `text` with every invalid byte replaced by U+FFFD.
std::string repair_utf8(std::string_view text);

// The fields of a line separated by spaces, tabs (and a CR before the newline).
std::vector<std::string_view> split_fields(std::string_view line);
// Digits only; a number beyond 64 bits saturates to UINT64_MAX (so an absurd header claim can be
// reported as such). False for anything but digits.
bool parse_unsigned(std::string_view text, std::uint64_t& value);

// Rows parsed by one worker from a run of whole lines.
struct ChunkResult {
  std::vector<std::string> words;  // empty when the format has no words (projector TSV)
  std::vector<float> values;       // rows * dims
  std::size_t rows = 0;
  std::size_t lines = 0;  // lines consumed (all of them, unless failed)
  std::size_t invalid_utf8_words = 0;
  std::size_t first_invalid_utf8_row = 0;  // row index within the chunk
  bool failed = false;
  std::size_t error_line = 0;  // 0-based line index within the chunk
  std::string error;           // the problem, without file and line
};

// Parses the lines in [begin, end) (which ends at a line boundary or the end of the data). Each
// non-blank line is `word v1 ... vD` (has_words) or `v1 ... vD`; blank lines are skipped. Stops
// after `max_rows` rows (0 = no limit) or at the first bad line, which it describes in `error`.
void parse_vector_lines(const char* begin, const char* end, int dims, bool has_words,
                        std::size_t max_rows, ChunkResult& out);

}  // namespace galaxy::detail
