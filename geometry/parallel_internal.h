// The one way geometry/ spreads work over threads: blocks of a row range (or any list of blocks)
// shared by a few threads, with an exception on any of them rethrown on the calling thread.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <system_error>
#include <thread>
#include <type_traits>
#include <vector>

namespace galaxy::detail {

// A loop over rows gets at most one thread per this many rows, so below 2 * kMinRowsPerThread rows
// it stays on the calling thread. Starting and joining a thread costs 15-50 us; the cheapest row
// loop here, the int8 scan of CosineIndex::nearest (~2.5 ns a row at 100 dimensions), spends about
// 40 us on 16384 rows, so from there on a thread costs even that loop no more than it saves, while
// the heavier loops (PCA, k-means, the index build: 40 ns to 2 us a row) clearly gain; k-means on
// the 50,000 rows the app clusters keeps its threads.
constexpr std::size_t kMinRowsPerThread = 16384;

// `threads`, or the hardware's concurrency for 0 (at least 1).
inline unsigned thread_count(unsigned threads) {
  return threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
}

// thread_count(threads), but never more than one per block and at least 1.
inline unsigned worker_count(unsigned threads, std::size_t blocks) {
  return static_cast<unsigned>(
      std::max<std::size_t>(1, std::min<std::size_t>(thread_count(threads), blocks)));
}

// Threads for a loop over `rows` rows: `threads` (0 = the hardware's concurrency), but no more
// than one per kMinRowsPerThread rows, and at least 1.
inline unsigned row_threads(unsigned threads, std::size_t rows) {
  return worker_count(threads, rows / kMinRowsPerThread);
}

// body(block), or body(block, on_calling_thread) for a body that reports progress: only the
// calling thread may call the caller's callbacks.
template <typename Body>
void call_block(Body& body, std::size_t block, bool on_calling_thread) {
  if constexpr (std::is_invocable_v<Body&, std::size_t, bool>)
    body(block, on_calling_thread);
  else
    body(block);
}

// Calls body once for every block in [0, blocks) on up to `threads` threads (0 = the hardware's
// concurrency), the calling thread among them; blocks go to whichever thread is free, so a result
// that each block writes to its own slot does not depend on the thread count. The first exception
// thrown by any block is rethrown here once every thread has stopped; the others start no new
// block after it (a block already running finishes). If no thread can be started the calling
// thread does the blocks itself.
template <typename Body>
void for_each_block(std::size_t blocks, unsigned threads, Body&& body) {
  const unsigned workers = worker_count(threads, blocks);
  if (workers <= 1) {
    for (std::size_t b = 0; b < blocks; ++b) call_block(body, b, true);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr first_error;  // written only by the thread that set `failed`
  auto work = [&](bool on_calling_thread) {
    try {
      while (!failed.load(std::memory_order_relaxed)) {
        const std::size_t b = next.fetch_add(1, std::memory_order_relaxed);
        if (b >= blocks) break;
        call_block(body, b, on_calling_thread);
      }
    } catch (...) {
      if (!failed.exchange(true)) first_error = std::current_exception();
    }
  };
  std::vector<std::thread> pool;
  pool.reserve(workers - 1);
  try {
    for (unsigned w = 1; w < workers; ++w) pool.emplace_back(work, false);
  } catch (const std::system_error&) {
    // Out of threads: the ones already started and this one share the blocks.
  }
  work(true);
  for (std::thread& thread : pool) thread.join();
  if (first_error) std::rethrow_exception(first_error);
}

// Rows [0, rows) in blocks of block_rows > 0 (the last one shorter): body(begin, end) once per
// block, on row_threads(threads, rows) threads, as for_each_block. Block bounds depend on `rows`
// and `block_rows` only.
template <typename Body>
void for_each_row_block(std::size_t rows, std::size_t block_rows, unsigned threads, Body&& body) {
  const std::size_t blocks = (rows + block_rows - 1) / block_rows;
  for_each_block(blocks, row_threads(threads, rows), [&](std::size_t b) {
    const std::size_t begin = b * block_rows;
    body(begin, std::min(rows, begin + block_rows));
  });
}

}  // namespace galaxy::detail
