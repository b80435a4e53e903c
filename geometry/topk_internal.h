// Bounded best-k selection shared by the cosine searches: best first, ties broken by the lower row.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy::detail {

// True when `a` ranks before `b`: higher score, then lower row.
inline bool ranks_before(const Neighbor& a, const Neighbor& b) {
  return a.score > b.score || (a.score == b.score && a.row < b.row);
}

// Keeps the best `k` offered candidates in a heap whose top is the worst kept one, so most offers
// are rejected by one comparison. NaN scores are never kept.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) { heap_.reserve(k); }

  std::size_t capacity() const { return k_; }
  std::size_t size() const { return heap_.size(); }

  void offer(std::uint32_t row, float score) {
    if (k_ == 0 || std::isnan(score)) return;
    const Neighbor candidate{row, score};
    if (heap_.size() < k_) {
      heap_.push_back(candidate);
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    } else if (ranks_before(candidate, heap_.front())) {
      std::pop_heap(heap_.begin(), heap_.end(), ranks_before);
      heap_.back() = candidate;
      std::push_heap(heap_.begin(), heap_.end(), ranks_before);
    }
  }

  // Best first; leaves the accumulator empty.
  std::vector<Neighbor> take_sorted() {
    std::sort_heap(heap_.begin(), heap_.end(), ranks_before);
    std::vector<Neighbor> out;
    out.swap(heap_);
    return out;
  }

 private:
  std::size_t k_;
  std::vector<Neighbor> heap_;  // max-heap under ranks_before: front() is the worst kept
};

}  // namespace galaxy::detail
