// Embedding: the words of a vector file in file order (= frequency rank) and their row-major
// float32 vectors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace galaxy {

// Thrown for bad user data (files, words, expressions). what() is the full message shown to the
// user, e.g. "vectors.txt:17: expected 100 numbers, found 99".
class DataError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Levenshtein distance between two byte strings, or `limit` + 1 as soon as it must exceed `limit`
// (an early exit that keeps spelling suggestions over a large vocabulary fast).
std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit);

// Immutable after construction; cheap to move. The float storage is either owned or borrowed from a
// memory mapping that the Embedding keeps alive (see binary_format.h).
class Embedding {
 public:
  Embedding() = default;
  // Owned storage. vectors.size() must equal words.size() * dims. Duplicate words keep their first
  // row in the lookup table (later duplicates stay as rows but cannot be found by name).
  Embedding(std::vector<std::string> words, std::vector<float> vectors, int dims);
  // Borrowed storage: `vectors` points at words.size() * dims floats kept alive by `keep_alive`.
  Embedding(std::vector<std::string> words, const float* vectors, int dims,
            std::shared_ptr<const void> keep_alive);

  // Move-only: an Embedding can hold gigabytes, so a copy is almost always a mistake.
  Embedding(const Embedding&) = delete;
  Embedding& operator=(const Embedding&) = delete;
  Embedding(Embedding&&) noexcept = default;
  Embedding& operator=(Embedding&&) noexcept = default;

  std::size_t rows() const { return words_.size(); }
  int dims() const { return dims_; }
  bool empty() const { return words_.empty(); }

  const std::vector<std::string>& words() const { return words_; }
  const std::string& word(std::size_t row) const { return words_[row]; }
  const float* data() const { return data_; }
  const float* row(std::size_t r) const { return data_ + r * static_cast<std::size_t>(dims_); }

  // Exact (case-sensitive) lookup; the first row with that word.
  std::optional<std::uint32_t> find(std::string_view word) const;
  // Row of `word`, or DataError "unknown word 'kingg' (did you mean: king, kings, viking?)".
  std::uint32_t require(std::string_view word) const;
  // Up to `count` vocabulary words closest in spelling to `word` (edit distance, frequent words
  // first).
  std::vector<std::string> close_spellings(std::string_view word, std::size_t count = 5) const;

  // Number of rows that were duplicates of an earlier word (kept, but not findable by name).
  std::size_t duplicate_count() const { return duplicates_; }

 private:
  void build_index();

  std::vector<std::string> words_;
  std::vector<float> owned_;
  std::shared_ptr<const void> keep_alive_;
  const float* data_ = nullptr;
  int dims_ = 0;
  // Open-addressing hash table of row + 1 (0 = empty slot), size a power of two >= 2 * rows. Flat
  // rather than std::unordered_map: one allocation instead of one per word, so a 341k-word file
  // indexes in a few milliseconds.
  std::vector<std::uint32_t> slots_;
  std::size_t duplicates_ = 0;
};

}  // namespace galaxy
