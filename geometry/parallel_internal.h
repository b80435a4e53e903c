// for_each_block: a fixed split of work into blocks shared by a few threads. Results that each
// block writes to its own slot do not depend on the thread count, which keeps k-means and the axis
// coordinates deterministic however many cores run them.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace galaxy::detail {

// threads == 0: the hardware's concurrency. Never more threads than blocks.
inline unsigned worker_count(unsigned threads, std::size_t blocks) {
  unsigned wanted = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  return static_cast<unsigned>(std::max<std::size_t>(1, std::min<std::size_t>(wanted, blocks)));
}

// Calls body(block) once for every block in [0, blocks), the calling thread included among the
// workers. An exception from any block is rethrown here after every thread has stopped.
template <typename Body>
void for_each_block(std::size_t blocks, unsigned threads, Body&& body) {
  const unsigned workers = worker_count(threads, blocks);
  if (workers <= 1) {
    for (std::size_t b = 0; b < blocks; ++b) body(b);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(workers);
  auto work = [&](unsigned worker) {
    try {
      for (std::size_t b = next++; b < blocks; b = next++) body(b);
    } catch (...) {
      errors[worker] = std::current_exception();
      next = blocks;  // the others stop at their next block
    }
  };
  std::vector<std::thread> pool;
  for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, w);
  work(0);
  for (auto& thread : pool) thread.join();
  for (auto& error : errors)
    if (error) std::rethrow_exception(error);
}

}  // namespace galaxy::detail
