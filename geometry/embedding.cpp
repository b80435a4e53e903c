// Embedding: word lookup table, spelling suggestions for unknown words.
#include "geometry/embedding.h"

#include <algorithm>
#include <utility>

namespace galaxy {

Embedding::Embedding(std::vector<std::string> words, std::vector<float> vectors, int dims)
    : words_(std::move(words)), owned_(std::move(vectors)), dims_(dims) {
  if (dims_ < 0 || owned_.size() != words_.size() * static_cast<std::size_t>(dims_)) {
    throw std::invalid_argument("Embedding: vectors.size() must equal words.size() * dims");
  }
  data_ = owned_.data();
  build_index();
}

Embedding::Embedding(std::vector<std::string> words, const float* vectors, int dims,
                     std::shared_ptr<const void> keep_alive)
    : words_(std::move(words)), keep_alive_(std::move(keep_alive)), data_(vectors), dims_(dims) {
  if (dims_ < 0 || (!words_.empty() && vectors == nullptr)) {
    throw std::invalid_argument("Embedding: borrowed storage needs a vector pointer and dims >= 0");
  }
  build_index();
}

namespace {
std::uint64_t hash_word(std::string_view word) {
  // FNV-1a: short words dominate, and it needs no setup.
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : word) hash = (hash ^ c) * 1099511628211ull;
  return hash ^ (hash >> 29);
}
}  // namespace

void Embedding::build_index() {
  std::size_t capacity = 16;
  while (capacity < 2 * words_.size()) capacity *= 2;
  slots_.assign(capacity, 0);
  const std::size_t mask = capacity - 1;
  duplicates_ = 0;
  for (std::size_t row = 0; row < words_.size(); ++row) {
    std::size_t slot = hash_word(words_[row]) & mask;
    bool duplicate = false;
    while (slots_[slot] != 0) {
      if (words_[slots_[slot] - 1] == words_[row]) {
        duplicate = true;  // the first (most frequent) row keeps the name
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (duplicate) {
      ++duplicates_;
    } else {
      slots_[slot] = static_cast<std::uint32_t>(row + 1);
    }
  }
}

std::optional<std::uint32_t> Embedding::find(std::string_view word) const {
  if (slots_.empty()) return std::nullopt;
  const std::size_t mask = slots_.size() - 1;
  for (std::size_t slot = hash_word(word) & mask; slots_[slot] != 0; slot = (slot + 1) & mask) {
    const std::uint32_t row = slots_[slot] - 1;
    if (words_[row] == word) return row;
  }
  return std::nullopt;
}

std::uint32_t Embedding::require(std::string_view word) const {
  if (auto row = find(word)) return *row;
  std::string message = "unknown word '" + std::string(word) + "'";
  auto close = close_spellings(word);
  if (!close.empty()) {
    message += " (did you mean: ";
    for (std::size_t i = 0; i < close.size(); ++i) message += (i ? ", " : "") + close[i];
    message += "?)";
  }
  throw DataError(message);
}

std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size() + limit || b.size() > a.size() + limit) return limit + 1;
  std::vector<std::size_t> previous(b.size() + 1), current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitution});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return previous[b.size()];
}

namespace {

std::string lowercase_ascii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}
}  // namespace

std::vector<std::string> Embedding::close_spellings(std::string_view word,
                                                    std::size_t count) const {
  const std::string query = lowercase_ascii(word);
  const std::size_t limit = query.size() <= 4 ? 1 : 2;
  struct Candidate {
    std::size_t distance;
    std::size_t row;
  };
  std::vector<Candidate> candidates;
  for (std::size_t row = 0; row < words_.size(); ++row) {
    std::size_t distance = edit_distance(query, lowercase_ascii(words_[row]), limit);
    if (distance <= limit) candidates.push_back({distance, row});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.distance < b.distance; });
  std::vector<std::string> result;
  for (const auto& c : candidates) {
    if (result.size() == count) break;
    if (words_[c.row] != word) result.push_back(words_[c.row]);
  }
  return result;
}

}  // namespace galaxy
