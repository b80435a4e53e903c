// PanelDrafts: what the panels' text fields hold while the user types. They belong to the panels,
// not to the state: the state changes only when the user asks (Solve, Enter, Apply). A field shows
// the state's query again whenever something else changes that query (a bookmark, a preset, a tour
// step), so the panel always shows what the sky shows once it has been asked.
#pragma once

#include <array>
#include <string>

#include "app/state/app_state.h"

namespace galaxy::session {

struct PanelDrafts {
  app::AnalogyQuery analogy;
  app::ExpressionQuery expression;
  app::CompareQuery compare;
  // The semantic axes typed in the Projection panel. Defaults teach gender, wealth and size.
  std::array<std::string, 3> axes{"woman - man", "rich - poor", "big - small"};

  // Takes every query of `state` that changed since the last call (typed text of the other fields
  // is kept).
  void sync(const app::AppState& state);

 private:
  app::AnalogyQuery seen_analogy_;
  app::ExpressionQuery seen_expression_;
  app::CompareQuery seen_compare_;
  app::ProjectionSpec seen_projection_;
};

}  // namespace galaxy::session
