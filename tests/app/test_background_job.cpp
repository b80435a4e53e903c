// The one background-job type (app/state/background_job.h) that loading and clustering share:
// the result comes back once, a throw comes back as the error, cancelling drops the outcome, and
// progress and stage are readable while the work runs.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>

#include "app/state/background_job.h"

namespace galaxy::app {
namespace {

using namespace std::chrono_literals;

TEST(BackgroundJob, TheResultComesBackOnceAndAThrowComesBackAsTheError) {
  BackgroundJob<int> job;
  ASSERT_TRUE(job.start([](JobControl&) { return 42; }));
  auto outcome = job.wait();
  ASSERT_TRUE(outcome && outcome->result);
  EXPECT_EQ(*outcome->result, 42);
  EXPECT_FALSE(job.poll().has_value()) << "delivered once";

  ASSERT_TRUE(
      job.start([](JobControl&) -> int { throw std::runtime_error("vectors.txt:3: bad"); }));
  outcome = job.wait();
  ASSERT_TRUE(outcome);
  EXPECT_FALSE(outcome->result);
  EXPECT_EQ(outcome->error, "vectors.txt:3: bad");
}

TEST(BackgroundJob, ProgressAndStageShowWhileItRunsAndASecondStartWaitsItsTurn) {
  BackgroundJob<int> job;
  std::atomic<bool> reported{false}, release{false};
  ASSERT_TRUE(job.start(
      [&](JobControl& control) {
        control.report(0.5f, "indexing");
        reported = true;
        while (!release) std::this_thread::sleep_for(1ms);
        return 1;
      },
      "reading"));
  while (!reported) std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(job.busy());
  EXPECT_EQ(job.progress(), 0.5f);
  EXPECT_EQ(job.stage(), "indexing");
  EXPECT_FALSE(job.start([](JobControl&) { return 2; })) << "one at a time";
  EXPECT_FALSE(job.poll().has_value()) << "nothing until it has finished";
  release = true;
  auto outcome = job.wait();
  ASSERT_TRUE(outcome && outcome->result);
  EXPECT_EQ(*outcome->result, 1);
}

TEST(BackgroundJob, CancellingAsksTheWorkToStopAndDropsItsOutcome) {
  BackgroundJob<int> job;
  std::atomic<int> rounds{0};
  ASSERT_TRUE(job.start([&](JobControl& control) {
    while (!control.cancelled()) {
      ++rounds;
      std::this_thread::sleep_for(1ms);
    }
    return -1;
  }));
  while (rounds == 0) std::this_thread::sleep_for(1ms);
  job.stop();
  EXPECT_FALSE(job.busy());
  EXPECT_FALSE(job.poll().has_value());
  // And it can start again.
  ASSERT_TRUE(job.start([](JobControl&) { return 7; }));
  EXPECT_EQ(*job.wait()->result, 7);
}

}  // namespace
}  // namespace galaxy::app
