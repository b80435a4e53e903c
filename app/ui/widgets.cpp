// Small Dear ImGui building blocks shared by the panels: coloured text, result tables, window
// placement.
#include "app/ui/widgets.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>

namespace galaxy::ui::widgets {

ImVec4 to_imvec(const glm::vec3& c, float a) {
  return ImVec4(c.r, c.g, c.b, a);
}

void place_window(float x, float y, float w, float h, float scale, bool right_aligned,
                  bool collapsed) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  const float px = right_aligned ? display.x - (x + w) * scale : x * scale;
  ImGui::SetNextWindowPos(ImVec2(px, y * scale), ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize(ImVec2(w * scale, h * scale), ImGuiCond_FirstUseEver);
  if (collapsed) ImGui::SetNextWindowCollapsed(true, ImGuiCond_FirstUseEver);
}

// Remembers the current window's rectangle (also when collapsed: then it is the title bar).
void record_window(PanelContext& context) {
  const ImVec2 pos = ImGui::GetWindowPos();
  const ImVec2 size = ImGui::GetWindowSize();
  context.panel_rects.push_back(glm::vec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y));
}

bool begin_panel(PanelContext& context, const char* name, bool app::PanelVisibility::*shown,
                 int flags) {
  bool keep = context.state.panels().*shown;
  const bool open = ImGui::Begin(name, &keep, flags);
  if (!keep) context.state.set_panel(shown, false);
  record_window(context);
  return open;
}

void error_text(const std::string& message) {
  if (message.empty()) return;
  ImGui::PushStyleColor(ImGuiCol_Text, kErrorColor);
  ImGui::TextWrapped("%s", message.c_str());
  ImGui::PopStyleColor();
}

void dim_text(const char* text) {
  ImGui::PushStyleColor(ImGuiCol_Text, kDimColor);
  ImGui::TextWrapped("%s", text);
  ImGui::PopStyleColor();
}

bool text_selectable(const std::string& text, bool selected, int flags) {
  const ImVec2 pos = ImGui::GetCursorScreenPos();
  const bool clicked = ImGui::Selectable("##text", selected, flags);
  // Drawn as text, not as a label: no "##" parsing. The draw list clips it to the cell or window.
  ImGui::GetWindowDrawList()->AddText(pos, ImGui::GetColorU32(ImGuiCol_Text), text.data(),
                                      text.data() + text.size());
  return clicked;
}

// A row with the word (clickable: go there) and a similarity bar.
void similarity_row(const app::Dataset& dataset, const PanelActions& actions, int rank,
                    const galaxy::Neighbor& neighbour, const glm::vec3& color) {
  ImGui::TableNextRow();
  ImGui::TableNextColumn();
  ImGui::TextColored(kDimColor, "%d", rank);
  ImGui::TableNextColumn();
  ImGui::PushID(static_cast<int>(neighbour.row));
  ImGui::PushStyleColor(ImGuiCol_Text, to_imvec(color));
  if (text_selectable(dataset.word(neighbour.row), false, ImGuiSelectableFlags_SpanAllColumns) &&
      actions.go_to_word)
    actions.go_to_word(neighbour.row);
  ImGui::PopStyleColor();
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("#%u in frequency; click to fly there", neighbour.row + 1);
  ImGui::TableNextColumn();
  char score[32];
  std::snprintf(score, sizeof score, "%.3f", neighbour.score);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_imvec(color, 0.55f));
  ImGui::ProgressBar(std::clamp(neighbour.score, 0.0f, 1.0f), ImVec2(-1.0f, 0.0f), score);
  ImGui::PopStyleColor();
  ImGui::PopID();
}

void results_table(const char* id, const app::Dataset& dataset, const PanelActions& actions,
                   const std::vector<galaxy::Neighbor>& results, const glm::vec3& first_color,
                   const glm::vec3& color) {
  if (results.empty()) return;
  if (!ImGui::BeginTable(id, 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("#", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("word", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("cosine", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  for (std::size_t i = 0; i < results.size(); ++i)
    similarity_row(dataset, actions, static_cast<int>(i + 1), results[i],
                   i == 0 ? first_color : color);
  ImGui::EndTable();
}

// Buttons that wrap to the next line when the window is too narrow.
bool flow_button(const char* label, bool& first) {
  const ImGuiStyle& style = ImGui::GetStyle();
  const float width = ImGui::CalcTextSize(label).x + style.FramePadding.x * 2.0f;
  const float right_edge = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
  if (!first && ImGui::GetItemRectMax().x + style.ItemSpacing.x + width < right_edge)
    ImGui::SameLine();
  first = false;
  return ImGui::Button(label);
}

}  // namespace galaxy::ui::widgets
