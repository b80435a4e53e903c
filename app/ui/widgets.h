// Small Dear ImGui building blocks shared by the panels: coloured text, result tables, window
// placement. Only for app/ui/*.cpp.
#pragma once

#include <string>
#include <vector>

#include <imgui.h>

#include "app/ui/panels.h"

namespace galaxy::ui::widgets {

inline const ImVec4 kErrorColor(1.0f, 0.45f, 0.4f, 1.0f);
inline const ImVec4 kDimColor(0.62f, 0.66f, 0.78f, 1.0f);

ImVec4 to_imvec(const glm::vec3& c, float a = 1.0f);

// First-use position and size of the next window, in unscaled pixels (x from the right edge when
// right_aligned).
void place_window(float x, float y, float w, float h, float scale, bool right_aligned = false,
                  bool collapsed = false);
// Remembers the current window's rectangle (also when collapsed: then it is the title bar).
void record_window(PanelContext& context);
// ImGui::Begin for a panel whose visibility is `shown` in the state's PanelVisibility: its close
// button hides it through the state, and its rectangle is recorded. Returns whether the panel is
// open (not collapsed); call ImGui::End() either way.
bool begin_panel(PanelContext& context, const char* name, bool app::PanelVisibility::*shown,
                 int flags = 0);

void error_text(const std::string& message);
void dim_text(const char* text);

// Rank, word (click: fly there) and a cosine bar per row.
void similarity_row(const app::Dataset& dataset, const PanelActions& actions, int rank,
                    const galaxy::Neighbor& neighbour, const glm::vec3& color);
void results_table(const char* id, const app::Dataset& dataset, const PanelActions& actions,
                   const std::vector<galaxy::Neighbor>& results, const glm::vec3& first_color,
                   const glm::vec3& color);

// Buttons that wrap to the next line when the window is too narrow.
bool flow_button(const char* label, bool& first);
// A Selectable showing `text` exactly: words and names from files may hold "##" or "###", which
// ImGui reads as the start of an id (it hides the rest: "c##" showed as "c"). Push an id first.
bool text_selectable(const std::string& text, bool selected, int flags = 0);

}  // namespace galaxy::ui::widgets
