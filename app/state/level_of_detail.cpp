// MovingStarBudget: fewer stars while the camera moves on a slow renderer (see level_of_detail.h).
#include "app/state/level_of_detail.h"

#include <algorithm>

namespace galaxy::app {

void MovingStarBudget::frame_started(double seconds_since_last_frame) {
  // Only a frame that drew every star says what the full sky costs.
  if (last_frame_full_) full_frame_seconds_ = seconds_since_last_frame;
}

std::uint32_t MovingStarBudget::star_limit(bool moving, std::size_t stars) {
  last_frame_full_ = true;
  if (!moving || full_frame_seconds_ <= kSmoothFrameSeconds || stars <= kMinMovingStars) return 0;
  last_frame_full_ = false;
  const double fraction = kSmoothFrameSeconds / full_frame_seconds_;
  return static_cast<std::uint32_t>(std::max<double>(kMinMovingStars, double(stars) * fraction));
}

}  // namespace galaxy::app
