// MovingStarBudget: a resting sky always has every star; a moving one on a slow renderer draws the
// most frequent stars that fit a smooth frame, never fewer than the floor, and small galaxies are
// never thinned.
#include <gtest/gtest.h>

#include "app/state/level_of_detail.h"

namespace galaxy::app {
namespace {

constexpr double kSlowFrame = 0.330;  // 341k stars on llvmpipe at 1600x900

TEST(MovingStarBudget, ARestingSkyDrawsEveryStar) {
  MovingStarBudget budget;
  budget.frame_started(kSlowFrame);
  EXPECT_EQ(budget.star_limit(false, 341479), 0u);
}

TEST(MovingStarBudget, AMovingSkyAfterASlowFullFrameDrawsWhatFitsASmoothFrame) {
  MovingStarBudget budget;
  budget.frame_started(kSlowFrame);
  const std::uint32_t limit = budget.star_limit(true, 341479);
  const double expected = 341479.0 * MovingStarBudget::kSmoothFrameSeconds / kSlowFrame;
  EXPECT_NEAR(double(limit), expected, 1.0);
  // A fast moving frame says nothing about the full sky's cost: the budget stays.
  budget.frame_started(0.01);
  EXPECT_EQ(budget.star_limit(true, 341479), limit);
}

TEST(MovingStarBudget, NeverFewerThanTheFloorAndSmallGalaxiesAreNeverThinned) {
  MovingStarBudget budget;
  budget.frame_started(10.0);  // a very slow renderer
  EXPECT_EQ(budget.star_limit(true, 341479), MovingStarBudget::kMinMovingStars);
  EXPECT_EQ(budget.star_limit(true, MovingStarBudget::kMinMovingStars), 0u);
}

TEST(MovingStarBudget, AFastRendererDrawsEveryStarWhileMoving) {
  MovingStarBudget budget;
  budget.frame_started(0.005);
  EXPECT_EQ(budget.star_limit(true, 341479), 0u);
}

TEST(MovingStarBudget, TheFullSkyReturnsAtRestAndIsTimedAgain) {
  MovingStarBudget budget;
  budget.frame_started(kSlowFrame);
  EXPECT_GT(budget.star_limit(true, 341479), 0u);
  budget.frame_started(0.02);
  EXPECT_EQ(budget.star_limit(false, 341479), 0u);  // at rest: every star
  budget.frame_started(0.02);                        // that full frame was fast after all
  EXPECT_EQ(budget.star_limit(true, 341479), 0u);
}

}  // namespace
}  // namespace galaxy::app
