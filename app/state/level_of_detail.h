// MovingStarBudget: how many stars a frame draws while the camera moves. When a frame with every
// star took longer than a smooth frame (341k stars on a software renderer), moving frames draw only
// as many of the most frequent words (the first rows) as fit that time, never fewer than a floor;
// the full sky returns as soon as the camera rests. GL-free: the window feeds it frame times.
#pragma once

#include <cstddef>
#include <cstdint>

namespace galaxy::app {

class MovingStarBudget {
 public:
  static constexpr double kSmoothFrameSeconds = 1.0 / 30.0;
  static constexpr std::size_t kMinMovingStars = 20000;

  // Once per frame, before drawing: seconds since the previous frame started.
  void frame_started(double seconds_since_last_frame);
  // Stars this frame draws (0: all of them).
  std::uint32_t star_limit(bool moving, std::size_t stars);

 private:
  double full_frame_seconds_ = 0.0;  // the last frame that drew every star
  bool last_frame_full_ = true;
};

}  // namespace galaxy::app
