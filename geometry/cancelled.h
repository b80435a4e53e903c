// Cancelled: thrown by long computations whose progress callback asked them to stop.
#pragma once

#include <stdexcept>

namespace galaxy {

// Not a DataError: nothing is wrong with the data, the user changed their mind. Callers that offer
// a cancel button catch it and drop the partial result.
class Cancelled : public std::runtime_error {
 public:
  Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace galaxy
