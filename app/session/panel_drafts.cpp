// PanelDrafts: the panels' text fields, following the state's queries when code changes them.
#include "app/session/panel_drafts.h"

namespace galaxy::session {

void PanelDrafts::sync(const app::AppState& state) {
  const app::Analysis& analysis = state.analysis();
  if (analysis.analogy().query != seen_analogy_) analogy = seen_analogy_ = analysis.analogy().query;
  if (analysis.expression().query != seen_expression_)
    expression = seen_expression_ = analysis.expression().query;
  if (analysis.compare().query != seen_compare_) compare = seen_compare_ = analysis.compare().query;
  const app::ProjectionSpec& spec = state.sky().projection().spec;
  // ProjectionSpec's == ignores the axes of other kinds, so compare them too.
  if (spec != seen_projection_ || spec.axes != seen_projection_.axes) {
    if (spec.kind == app::ProjectionKind::Axes) axes = spec.axes;
    seen_projection_ = spec;
  }
}

}  // namespace galaxy::session
