// TourPlayer specs: clamped navigation, timed auto-advance independent of the frame rate, progress
// and the end of a tour.
#include <gtest/gtest.h>

#include "app/state/tour.h"

namespace galaxy::app {
namespace {

// Steps "s0", "s1", ... with the given durations.
Tour tour_of(std::initializer_list<float> durations) {
  Tour tour;
  for (float seconds : durations) {
    Bookmark step;
    step.name = "s" + std::to_string(tour.steps.size());
    step.duration_seconds = seconds;
    tour.steps.push_back(step);
  }
  return tour;
}

TEST(TourPlayer, StartsAtTheFirstStepPaused) {
  TourPlayer player;
  player.load(tour_of({2.0f, 3.0f}));
  EXPECT_EQ(player.index(), 0u);
  EXPECT_EQ(player.current().name, "s0");
  EXPECT_FALSE(player.playing());
  EXPECT_FALSE(player.update(10.0f)) << "paused players do not advance";
  EXPECT_EQ(player.index(), 0u);
}

TEST(TourPlayer, NextAndPreviousAreClampedAndSayWhetherTheStepChanged) {
  TourPlayer player;
  player.load(tour_of({1.0f, 1.0f, 1.0f}));
  EXPECT_FALSE(player.previous());
  EXPECT_TRUE(player.next());
  EXPECT_TRUE(player.next());
  EXPECT_EQ(player.current().name, "s2");
  EXPECT_FALSE(player.next());
  EXPECT_EQ(player.index(), 2u);
  EXPECT_TRUE(player.previous());
  EXPECT_EQ(player.index(), 1u);
}

TEST(TourPlayer, GoToClampsToTheLastStep) {
  TourPlayer player;
  player.load(tour_of({1.0f, 1.0f, 1.0f}));
  EXPECT_TRUE(player.go_to(99));
  EXPECT_EQ(player.index(), 2u);
  EXPECT_FALSE(player.go_to(2));
  EXPECT_TRUE(player.go_to(0));
}

TEST(TourPlayer, PlayingAdvancesAfterEachStepsDuration) {
  TourPlayer player;
  player.load(tour_of({2.0f, 3.0f, 1.0f}));
  player.play();
  EXPECT_FALSE(player.update(1.5f));
  EXPECT_NEAR(player.step_progress(), 0.75f, 1e-6f);
  EXPECT_TRUE(player.update(1.0f));  // 2.5 s: into step 1 by half a second
  EXPECT_EQ(player.index(), 1u);
  EXPECT_NEAR(player.step_progress(), 0.5f / 3.0f, 1e-6f);
}

TEST(TourPlayer, ALongFrameCanSkipSeveralSteps) {
  TourPlayer player;
  player.load(tour_of({1.0f, 1.0f, 5.0f}));
  player.play();
  EXPECT_TRUE(player.update(2.5f));
  EXPECT_EQ(player.index(), 2u);
  EXPECT_NEAR(player.step_progress(), 0.1f, 1e-6f);
}

TEST(TourPlayer, WhereItIsDependsOnTheTimePlayedNotTheFrameRate) {
  auto after = [](int fps, float seconds) {
    TourPlayer player;
    player.load(tour_of({0.7f, 1.3f, 2.0f, 4.0f}));
    player.play();
    for (int frame = 0; frame < int(seconds * float(fps)); ++frame) {
      player.update(1.0f / float(fps));
    }
    return std::make_pair(player.index(), player.step_progress());
  };
  const auto slow = after(30, 3.0f), fast = after(144, 3.0f);
  EXPECT_EQ(slow.first, 2u);
  EXPECT_EQ(fast.first, 2u);
  EXPECT_NEAR(slow.second, fast.second, 1e-3f);
  EXPECT_NEAR(slow.second, 0.5f, 1e-3f);
}

TEST(TourPlayer, StopsOnTheLastStepWhenFinished) {
  TourPlayer player;
  player.load(tour_of({1.0f, 1.0f}));
  player.play();
  EXPECT_TRUE(player.update(1.5f));
  EXPECT_FALSE(player.finished());
  EXPECT_FALSE(player.update(100.0f));
  EXPECT_TRUE(player.finished());
  EXPECT_EQ(player.index(), 1u);
  EXPECT_FLOAT_EQ(player.step_progress(), 1.0f);
  EXPECT_TRUE(player.previous());
  EXPECT_FALSE(player.finished());
}

TEST(TourPlayer, ManualStepsRestartTheStepClock) {
  TourPlayer player;
  player.load(tour_of({2.0f, 2.0f, 2.0f}));
  player.play();
  player.update(1.9f);
  EXPECT_TRUE(player.next());
  EXPECT_FLOAT_EQ(player.step_progress(), 0.0f);
  EXPECT_FALSE(player.update(1.9f)) << "a full duration on the new step";
}

TEST(TourPlayer, PlayPauseToggles) {
  TourPlayer player;
  player.load(tour_of({1.0f}));
  player.toggle_play();
  EXPECT_TRUE(player.playing());
  player.toggle_play();
  EXPECT_FALSE(player.playing());
  player.play();
  player.pause();
  EXPECT_FALSE(player.playing());
}

TEST(TourPlayer, AnEmptyTourIsHarmless) {
  TourPlayer player;
  player.load(Tour{});
  player.play();
  EXPECT_TRUE(player.empty());
  EXPECT_FALSE(player.next());
  EXPECT_FALSE(player.previous());
  EXPECT_FALSE(player.go_to(3));
  EXPECT_FALSE(player.update(1.0f));
  EXPECT_FALSE(player.finished());
  EXPECT_EQ(player.step_progress(), 0.0f);
}

TEST(TourPlayer, LoadingANewTourStartsOver) {
  TourPlayer player;
  player.load(tour_of({1.0f, 1.0f}));
  player.play();
  player.next();
  player.load(tour_of({4.0f}));
  EXPECT_EQ(player.index(), 0u);
  EXPECT_FALSE(player.playing());
  EXPECT_EQ(player.current().duration_seconds, 4.0f);
}

}  // namespace
}  // namespace galaxy::app
