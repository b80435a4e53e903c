// libFuzzer target: parse_tour (bookmark and tour JSON files) on arbitrary bytes. DataError
// (syntax, unknown keys, wrong types, bad values) is the expected failure; a tour that parses must
// survive a round trip through tour_to_json unchanged.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/state/bookmark.h"
#include "geometry/embedding.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace galaxy;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    const app::Tour tour = app::parse_tour(text, "fuzz.json");
    const app::Tour again = app::parse_tour(app::tour_to_json(tour), "round-trip.json");
    if (!(again == tour)) std::abort();
  } catch (const DataError&) {
  }
  return 0;
}
