// Specs for geometry's one parallel helper (parallel_internal.h) and for the code that uses it:
// every row once, exceptions from any thread back on the caller, results independent of threads.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/evaluate.h"
#include "geometry/kmeans.h"
#include "geometry/loaders.h"
#include "geometry/parallel_internal.h"
#include "geometry/pca.h"
#include "support/gzip_bytes.h"
#include "support/seeded_embedding.h"
#include "support/temp_dir.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
constexpr std::size_t kMin = detail::kMinRowsPerThread;

// Row counts around the threshold: none, one, a few, just below and at two threads' worth, more.
const std::vector<std::size_t> kRowCounts = {
    0, 1, 1000, 2 * kMin - 1, 2 * kMin, 2 * kMin + 1, 7 * kMin + 3};
const std::vector<unsigned> kThreadCounts = {0, 1, 2, 7};

// Waits (at most 10 s, so a broken helper fails instead of hanging) until flag is set.
void wait_for(const std::atomic<bool>& flag) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!flag.load() && std::chrono::steady_clock::now() < give_up) std::this_thread::yield();
}

// [SECTION] The helper
// ---------------------------------------------------------------------------

TEST(ParallelRows, EveryRowIsVisitedExactlyOnceInFixedBlocks) {
  for (std::size_t rows : kRowCounts) {
    for (unsigned threads : kThreadCounts) {
      for (std::size_t block_rows : {std::size_t{1}, std::size_t{1000}, std::size_t{4096}}) {
        SCOPED_TRACE(std::to_string(rows) + " rows, " + std::to_string(threads) + " threads, " +
                     std::to_string(block_rows) + " rows a block");
        std::vector<std::atomic<int>> visits(rows);
        std::atomic<bool> misaligned{false};
        detail::for_each_row_block(
            rows, block_rows, threads, [&](std::size_t begin, std::size_t end) {
              if (begin % block_rows != 0 || end != std::min(rows, begin + block_rows))
                misaligned = true;
              for (std::size_t r = begin; r < end; ++r) ++visits[r];
            });
        EXPECT_FALSE(misaligned);
        std::size_t wrong = 0;
        for (const auto& v : visits) wrong += v != 1;
        EXPECT_EQ(wrong, 0u);
      }
    }
  }
}

TEST(ParallelBlocks, EveryBlockIsVisitedExactlyOnce) {
  for (std::size_t blocks : {0, 1, 2, 7, 100}) {
    for (unsigned threads : kThreadCounts) {
      SCOPED_TRACE(std::to_string(blocks) + " blocks, " + std::to_string(threads) + " threads");
      std::vector<std::atomic<int>> visits(blocks);
      detail::for_each_block(blocks, threads, [&](std::size_t b) { ++visits[b]; });
      for (std::size_t b = 0; b < blocks; ++b) EXPECT_EQ(visits[b], 1) << "block " << b;
    }
  }
}

TEST(ParallelRows, FewerThanTwoThreadsWorthOfRowsStayOnTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> elsewhere{0};
  detail::for_each_row_block(2 * kMin - 1, 64, 7, [&](std::size_t, std::size_t) {
    if (std::this_thread::get_id() != caller) ++elsewhere;
  });
  EXPECT_EQ(elsewhere, 0);
}

TEST(ParallelRows, ThreadsGrowByOnePerThresholdOfRowsUpToTheCountAsked) {
  EXPECT_EQ(detail::row_threads(7, 0), 1u);
  EXPECT_EQ(detail::row_threads(7, 2 * kMin - 1), 1u);
  EXPECT_EQ(detail::row_threads(7, 2 * kMin), 2u);
  EXPECT_EQ(detail::row_threads(7, 5 * kMin + 1), 5u);
  EXPECT_EQ(detail::row_threads(7, 100 * kMin), 7u);
  EXPECT_EQ(detail::row_threads(1, 100 * kMin), 1u);
  const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  EXPECT_EQ(detail::row_threads(0, 100 * kMin), std::min(cores, 100u));  // 0 = every core
}

TEST(ParallelBlocks, ABodyThatAsksIsToldWhetherItRunsOnTheCallingThread) {
  const std::thread::id caller = std::this_thread::get_id();
  std::atomic<int> wrong{0};
  std::atomic<int> on_caller{0};
  detail::for_each_block(200, 2, [&](std::size_t, bool on_calling_thread) {
    if (on_calling_thread != (std::this_thread::get_id() == caller)) ++wrong;
    on_caller += on_calling_thread;
  });
  EXPECT_EQ(wrong, 0);
  EXPECT_GT(on_caller, 0);  // the calling thread works too
}

TEST(ParallelBlocks, AnExceptionOnAWorkerThreadIsRethrownOnTheCaller) {
  // The calling thread's blocks wait until a worker has thrown, so the throw surely happens on a
  // worker thread (before the helper carried exceptions back, this ended the process).
  std::atomic<bool> worker_threw{false};
  try {
    detail::for_each_block(64, 2, [&](std::size_t, bool on_calling_thread) {
      if (on_calling_thread) return wait_for(worker_threw);
      worker_threw = true;
      throw std::out_of_range("thrown on a worker");
    });
    FAIL() << "no exception came back";
  } catch (const std::out_of_range& error) {
    EXPECT_STREQ(error.what(), "thrown on a worker");
  }
  EXPECT_TRUE(worker_threw);
}

TEST(ParallelBlocks, AnExceptionOnTheCallingThreadWaitsForTheWorkersAndComesBack) {
  std::atomic<int> running{0};
  EXPECT_THROW(detail::for_each_block(64, 3,
                                      [&](std::size_t, bool on_calling_thread) {
                                        ++running;
                                        std::this_thread::sleep_for(std::chrono::microseconds(200));
                                        --running;
                                        if (on_calling_thread) throw std::invalid_argument("here");
                                      }),
               std::invalid_argument);
  EXPECT_EQ(running, 0);  // every worker had finished its block
}

TEST(ParallelBlocks, WhenEveryBlockThrowsExactlyOneOfTheExceptionsComesBack) {
  try {
    detail::for_each_block(
        16, 4, [&](std::size_t b) { throw std::runtime_error("block " + std::to_string(b)); });
    FAIL() << "no exception came back";
  } catch (const std::runtime_error& error) {
    EXPECT_THAT(error.what(), StartsWith("block "));
  }
}

TEST(ParallelBlocks, AfterAnExceptionNoNewBlockStarts) {
  std::atomic<int> started{0};
  auto run = [&](unsigned threads) {
    started = 0;
    detail::for_each_block(1000, threads, [&](std::size_t b) {
      ++started;
      if (b == 3) throw std::runtime_error("block 3");
      std::this_thread::sleep_for(std::chrono::microseconds(500));
    });
  };
  EXPECT_THROW(run(1), std::runtime_error);
  EXPECT_EQ(started, 4);  // blocks 0 to 3, in order
  EXPECT_THROW(run(2), std::runtime_error);
  EXPECT_LT(started, 100);  // not the 1000 of a full run: the other thread stopped early
}

// [SECTION] Callers: exceptions come back
// ---------------------------------------------------------------------------

TEST(PcaThreads, AProgressCallbackThatThrowsMidPassComesOutOfPca) {
  const Embedding e = testing::random_embedding(70000, 4, 5);  // two halves, two threads
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    auto stop_in_pass_two = [](double fraction) {
      if (fraction > 0.05 && fraction < 0.7) throw std::runtime_error("stopped by the test");
    };
    try {
      pca3(e.data(), e.rows(), e.dims(), stop_in_pass_two, threads);
      FAIL() << "no exception came back";
    } catch (const std::runtime_error& error) {
      EXPECT_STREQ(error.what(), "stopped by the test");
    }
  }
}

TEST(EvaluateThreads, AProgressCallbackThatThrowsStopsTheEvaluationAndComesBack) {
  const Embedding e = testing::random_embedding(500, 16, 21);
  const CosineIndex index(e);
  std::mt19937_64 rng(22);
  std::string questions = ": random\n";
  for (int q = 0; q < 20 * 128; ++q) {  // 20 blocks of questions
    for (int w = 0; w < 4; ++w)
      questions += "w" + std::to_string(rng() % 500) + (w < 3 ? " " : "\n");
  }
  testing::TempDir dir;
  const std::string path = dir.write("questions.txt", questions);
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    // The first call after the opening 0 comes from inside the blocks (the calling thread reports
    // after each of its blocks).
    auto stop = [](double fraction) {
      if (fraction > 0) throw std::runtime_error("evaluation stopped by the test");
    };
    try {
      evaluate_analogies(index, path, 500, AnalogyMethod::Add, stop, threads);
      FAIL() << "no exception came back";
    } catch (const std::runtime_error& error) {
      EXPECT_STREQ(error.what(), "evaluation stopped by the test");
    }
  }
}

// GloVe text of `rows` rows of 8 numbers, large enough for many 16 KiB blocks.
std::string glove_rows(std::size_t rows) {
  std::mt19937 rng(31);
  std::string text;
  for (std::size_t r = 0; r < rows; ++r) {
    text += "w" + std::to_string(r);
    for (int j = 0; j < 8; ++j) text += " " + std::to_string(static_cast<int>(rng() % 1000)) + ".5";
    text += "\n";
  }
  return text;
}

// 20,000 GloVe rows, gzip-compressed and cut at three quarters: damaged well past the first blocks.
std::string write_truncated_gzip(testing::TempDir& dir) {
  const std::string compressed = testing::gzip_bytes(glove_rows(20000));
  return dir.write("cut.txt.gz", compressed.substr(0, compressed.size() * 3 / 4));
}

TEST(LoaderThreads, AGzipErrorReadingAheadWhileChunksParseIsADataErrorNotACrash) {
  // The next block is read while the chunks of this one are parsed; a read error there used to end
  // the process.
  testing::TempDir dir;
  const std::string path = write_truncated_gzip(dir);
  for (int threads : {1, 2, 3}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    LoadOptions options;
    options.threads = threads;
    options.block_bytes = 16 << 10;
    try {
      load_embedding(path, options);
      FAIL() << "the truncated file loaded";
    } catch (const DataError& error) {
      EXPECT_THAT(error.what(), HasSubstr("cut.txt.gz: corrupt or truncated gzip data"));
    }
  }
}

TEST(LoaderThreads, ALimitReachedBeforeTheDamagedPartLoadsWithoutError) {
  testing::TempDir dir;
  const std::string path = write_truncated_gzip(dir);
  for (int threads : {1, 2, 3}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    LoadOptions options;
    options.threads = threads;
    options.block_bytes = 16 << 10;
    options.limit = 1000;  // well inside the first blocks
    const LoadResult result = load_embedding(path, options);
    EXPECT_EQ(result.embedding.rows(), 1000u);
    EXPECT_EQ(result.embedding.word(999), "w999");
  }
}

// [SECTION] Callers: results are bitwise the same for any thread count
// ---------------------------------------------------------------------------

void expect_same_pca(const PcaResult& a, const PcaResult& b) {
  EXPECT_EQ(a.positions, b.positions);  // bitwise: float ==, and no NaN here
  EXPECT_EQ(a.components, b.components);
  EXPECT_EQ(a.mean, b.mean);
  EXPECT_EQ(a.explained_variance, b.explained_variance);
  EXPECT_EQ(a.explained_variance_ratio, b.explained_variance_ratio);
}

TEST(PcaThreads, OneTwoAndSevenThreadsGiveBitwiseTheSameResult) {
  // 40000 rows: one part on two threads' worth of rows; 70001: two (odd) halves in float.
  for (std::size_t rows : {std::size_t{40000}, std::size_t{70001}}) {
    SCOPED_TRACE(std::to_string(rows) + " rows");
    const Embedding e = testing::random_embedding(rows, 12, rows);
    const PcaResult one = pca3(e.data(), rows, 12, {}, 1);
    expect_same_pca(one, pca3(e.data(), rows, 12, {}, 2));
    expect_same_pca(one, pca3(e.data(), rows, 12, {}, 7));
  }
}

TEST(PcaThreads, ProgressRisesFromZeroToOneOnTheCallingThreadWhateverTheThreads) {
  const Embedding e = testing::random_embedding(70000, 4, 6);
  const std::thread::id caller = std::this_thread::get_id();
  for (unsigned threads : {1u, 2u}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    std::vector<double> seen;
    bool elsewhere = false;
    pca3(
        e.data(), e.rows(), e.dims(),
        [&](double fraction) {
          elsewhere = elsewhere || std::this_thread::get_id() != caller;
          seen.push_back(fraction);
        },
        threads);
    EXPECT_FALSE(elsewhere);
    ASSERT_FALSE(seen.empty());
    EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
    EXPECT_EQ(seen.back(), 1.0);
  }
}

void expect_same_neighbors(const std::vector<Neighbor>& a, const std::vector<Neighbor>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].row, b[i].row);
    EXPECT_EQ(std::memcmp(&a[i].score, &b[i].score, sizeof(float)), 0);
  }
}

TEST(CosineIndexThreads, BuildAndTopKAreBitwiseTheSameForOneTwoAndSevenThreads) {
  const std::size_t rows = 50000;  // three threads' worth: the build and the int8 scan split
  const Embedding e = testing::random_embedding(rows, 24, 41);
  const CosineIndex one(e, 1);
  for (unsigned threads : {2u, 7u}) {
    SCOPED_TRACE(std::to_string(threads) + " threads");
    const CosineIndex other(e, threads);
    EXPECT_EQ(std::memcmp(one.unit_data(), other.unit_data(), rows * 24 * sizeof(float)), 0);
    for (std::uint32_t row : {0u, 17u, 4096u, 49999u}) {
      expect_same_neighbors(one.nearest_to_word(row, 10), other.nearest_to_word(row, 10));
      expect_same_neighbors(one.nearest(one.unit_row(row), 40, {1, 2, 3}, 45000),
                            other.nearest(other.unit_row(row), 40, {1, 2, 3}, 45000));
    }
  }
}

TEST(SphericalKMeansThreads, OneAndTwoThreadsGiveTheSameClustersAboveTheThreshold) {
  const Embedding e = testing::random_embedding(40000, 12, 51);  // two threads' worth of rows
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 6;
  options.max_iterations = 8;
  options.threads = 1;
  const Clustering one = spherical_kmeans(index, options);
  options.threads = 2;
  const Clustering two = spherical_kmeans(index, options);
  EXPECT_EQ(one.assignment, two.assignment);
  EXPECT_EQ(one.centroids, two.centroids);  // bitwise
  EXPECT_EQ(one.central_rows, two.central_rows);
  EXPECT_EQ(one.iterations, two.iterations);
  EXPECT_EQ(one.mean_cosine, two.mean_cosine);
}

}  // namespace
}  // namespace galaxy
