// The exploration panels: Projection (PCA, semantic axes, isolate, colours with a legend), Compare
// (two words as numbers and as a heat strip of their dimensions) and Bookmarks (bookmarks and
// tours), plus the tour caption.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/ui/panels.h"
#include "app/ui/widgets.h"

namespace galaxy::ui {

using namespace widgets;
using app::AppState;

// [SECTION] Projection, isolate, colours

namespace {

void draw_legend(const app::Categories& categories) {
  if (categories.names.empty()) return;
  if (!ImGui::BeginTable("##legend", 3, ImGuiTableFlags_SizingStretchProp)) return;
  ImGui::TableSetupColumn("swatch", ImGuiTableColumnFlags_WidthFixed);
  ImGui::TableSetupColumn("name", ImGuiTableColumnFlags_WidthStretch, 1.0f);
  ImGui::TableSetupColumn("count", ImGuiTableColumnFlags_WidthFixed);
  const int last = static_cast<int>(categories.names.size()) - 1;
  for (int i = 0; i <= last; ++i) {
    const glm::vec3 color = app::legend_color(categories, i);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::ColorButton("##swatch", to_imvec(color),
                       ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop,
                       ImVec2(ImGui::GetFontSize(), ImGui::GetFontSize()));
    ImGui::TableNextColumn();
    ImGui::TextWrapped("%s", categories.names[std::size_t(i)].c_str());
    ImGui::TableNextColumn();
    const std::size_t count =
        std::size_t(i) < categories.counts.size() ? categories.counts[std::size_t(i)] : 0;
    ImGui::TextColored(kDimColor, "%zu", count);
  }
  ImGui::EndTable();
}

}  // namespace

void draw_projection_panel(PanelContext& context) {
  AppState& state = context.state;
  place_window(320, 230, 330, 470, context.ui_scale, false, /*collapsed=*/true);
  if (!begin_panel(context, "Projection", &app::PanelVisibility::projection)) return ImGui::End();
  const app::Dataset* dataset = state.dataset();
  if (!dataset) {
    dim_text("No galaxy is open yet.");
    return ImGui::End();
  }
  app::SkyLayout& sky = state.sky();
  const app::ProjectionState& projection = sky.projection();
  int kind = static_cast<int>(projection.spec.kind);
  bool apply = false;
  apply |= ImGui::RadioButton("PCA", &kind, int(app::ProjectionKind::Pca));
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("PCA of the raw vectors (the galaxy's own shape)");
  ImGui::SameLine();
  apply |= ImGui::RadioButton("PCA of unit vectors", &kind, int(app::ProjectionKind::PcaUnit));
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "PCA after scaling every vector to length 1: only directions count, as in "
        "cosine similarity");
  ImGui::SameLine();
  apply |= ImGui::RadioButton("Axes", &kind, int(app::ProjectionKind::Axes));
  static const char* const kAxisNames[3] = {"X", "Y", "Z"};
  if (kind == int(app::ProjectionKind::Axes)) {
    dim_text(
        "Each axis is a direction such as woman - man; a word's coordinate is the cosine "
        "between it and that direction.");
    for (int i = 0; i < 3; ++i) {
      ImGui::SetNextItemWidth(-30.0f * context.ui_scale);
      apply |= ImGui::InputText(kAxisNames[i], &context.drafts.axes[std::size_t(i)],
                                ImGuiInputTextFlags_EnterReturnsTrue);
    }
    apply |= ImGui::Button("Apply axes");
  }
  if (apply) {
    app::ProjectionSpec spec;
    spec.kind = static_cast<app::ProjectionKind>(kind);
    if (spec.kind == app::ProjectionKind::Axes) spec.axes = context.drafts.axes;
    if (spec != projection.spec || !sky.isolated()) sky.set_projection(spec);
  }
  error_text(projection.error);
  if (projection.spec.kind != app::ProjectionKind::Axes) {
    ImGui::TextColored(kDimColor, "%s  %s  %s", projection.axis_labels[0].c_str(),
                       projection.axis_labels[1].c_str(), projection.axis_labels[2].c_str());
  }

  ImGui::Separator();
  ImGui::TextUnformatted("Isolate");
  const app::IsolationState& isolation = sky.isolation();
  if (sky.isolated()) {
    ImGui::TextColored(to_imvec(app::palette::kSelection), "%s (%zu words)",
                       isolation.description.c_str(), isolation.rows.size());
    if (ImGui::Button("Back to the whole galaxy (U)")) {
      sky.clear_isolation();
      if (context.actions.reset_view) context.actions.reset_view();
    }
  } else {
    bool first = true;
    if (flow_button("Selection + neighbours", first)) {
      if (state.isolate_selection() && context.actions.frame_focus) context.actions.frame_focus();
    }
    if (flow_button("Search hits", first)) {
      if (state.isolate_search() && context.actions.frame_focus) context.actions.frame_focus();
    }
    dim_text("or hold Shift and drag a box in the sky");
  }
  error_text(isolation.error);

  ImGui::Separator();
  ImGui::TextUnformatted("Colours");
  app::Coloring& colors = state.coloring();
  const app::ColoringState& coloring = colors.state();
  const app::ClusterState& clusters = colors.clusters();
  int by = static_cast<int>(coloring.by);
  if (ImGui::RadioButton("scheme", &by, int(app::ColorBy::Scheme)))
    colors.set_color_by(app::ColorBy::Scheme);
  ImGui::SameLine();
  if (ImGui::RadioButton("clusters", &by, int(app::ColorBy::Clusters)))
    colors.set_color_by(app::ColorBy::Clusters);
  if (!dataset->metadata_columns.empty()) {
    ImGui::SameLine();
    if (ImGui::RadioButton("metadata", &by, int(app::ColorBy::Metadata)))
      colors.set_color_by(app::ColorBy::Metadata, coloring.metadata_column.empty()
                                                      ? dataset->metadata_columns.front()
                                                      : coloring.metadata_column);
  }
  if (coloring.by == app::ColorBy::Clusters) {
    ImGui::SetNextItemWidth(-140.0f * context.ui_scale);
    int k = clusters.k;
    if (ImGui::SliderInt("k##clusters", &k, 2, 40)) colors.set_cluster_count(k);
    ImGui::SameLine();
    if (ImGui::Button("Cluster")) colors.set_color_by(app::ColorBy::Clusters);
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip(
          "spherical k-means (cosine) on the full vectors, k-means++ seeding with a "
          "fixed seed");
    if (clusters.running) {
      char overlay[48];
      std::snprintf(overlay, sizeof overlay, "k-means %.0f%%", 100.0f * clusters.progress);
      ImGui::ProgressBar(clusters.progress, ImVec2(-1.0f, 0.0f), overlay);
    } else if (clusters.result && clusters.result->k != clusters.k) {
      dim_text("press Cluster to recompute with the new k");
    }
    error_text(clusters.error);
  } else if (coloring.by == app::ColorBy::Metadata) {
    if (ImGui::BeginCombo("column", coloring.metadata_column.c_str())) {
      for (std::size_t i = 0; i < dataset->metadata_columns.size(); ++i) {
        const std::string& column = dataset->metadata_columns[i];
        ImGui::PushID(static_cast<int>(i));
        if (text_selectable(column, column == coloring.metadata_column))
          colors.set_color_by(app::ColorBy::Metadata, column);
        ImGui::PopID();
      }
      ImGui::EndCombo();
    }
  }
  error_text(coloring.error);
  if (ImGui::Button("Export positions TSV") && context.actions.export_tsv)
    context.actions.export_tsv(ExportKind::Projection);
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip(
        "every word and its three coordinates in this projection (screenshot folder)");
  if (coloring.by != app::ColorBy::Scheme && ImGui::BeginChild("##legend_scroll", ImVec2(0, 0))) {
    draw_legend(coloring.categories);
    ImGui::EndChild();
  }
  ImGui::End();
}

// [SECTION] Compare two words

namespace {

// Diverging blue - near black - orange for a value scaled to [-1, 1].
ImU32 heat_color(float t) {
  t = std::clamp(t, -1.0f, 1.0f);
  const glm::vec3 zero(0.08f, 0.09f, 0.12f);
  const glm::vec3 negative(0.3f, 0.55f, 1.0f);
  const glm::vec3 positive(1.0f, 0.62f, 0.25f);
  const glm::vec3 c = t < 0.0f ? glm::mix(zero, negative, -t) : glm::mix(zero, positive, t);
  return ImGui::GetColorU32(ImVec4(c.r, c.g, c.b, 1.0f));
}

// One row of cells, one per dimension, coloured by value / scale.
void heat_strip(const char* label, const std::vector<float>& values, float scale, float height) {
  ImGui::TextUnformatted(label);
  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float width = ImGui::GetContentRegionAvail().x;
  const float cell = values.empty() ? 0.0f : width / float(values.size());
  ImDrawList* list = ImGui::GetWindowDrawList();
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float x0 = origin.x + cell * float(i);
    list->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x0 + std::max(cell, 1.0f), origin.y + height),
                        heat_color(scale > 0.0f ? values[i] / scale : 0.0f));
  }
  ImGui::InvisibleButton(label, ImVec2(std::max(width, 1.0f), height));
  if (ImGui::IsItemHovered() && cell > 0.0f) {
    const float mouse_x = ImGui::GetIO().MousePos.x - origin.x;
    const std::size_t i = std::min(values.size() - 1, std::size_t(std::max(0.0f, mouse_x) / cell));
    ImGui::SetTooltip("dimension %zu: %.4f", i + 1, values[i]);
  }
}

}  // namespace

void draw_compare_panel(PanelContext& context) {
  AppState& state = context.state;
  place_window(660, 10, 420, 330, context.ui_scale);
  if (!begin_panel(context, "Compare", &app::PanelVisibility::compare)) return ImGui::End();
  app::Analysis& analysis = state.analysis();
  const app::CompareState& compare = analysis.compare();
  app::CompareQuery& draft = context.drafts.compare;
  const float width = (ImGui::GetContentRegionAvail().x - 80.0f * context.ui_scale) * 0.5f;
  bool go = false;
  ImGui::SetNextItemWidth(width);
  go |= ImGui::InputTextWithHint("##compare_a", "cat", &draft.a,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  go |= ImGui::InputTextWithHint("##compare_b", "dog", &draft.b,
                                 ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  go |= ImGui::Button("Compare");
  if (go && analysis.compare_words(draft) && context.actions.frame_focus)
    context.actions.frame_focus();
  error_text(compare.error);
  if (!compare.result) {
    dim_text(
        "Two words as numbers: cosine similarity, the angle between them, and their vectors "
        "side by side (each column is one dimension of meaning).");
    return ImGui::End();
  }
  const galaxy::WordComparison& r = *compare.result;
  ImGui::Text("cosine %.3f", r.cosine);
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "angle %.1f degrees", r.angle_degrees);
  ImGui::PushStyleColor(ImGuiCol_PlotHistogram, to_imvec(app::palette::kSelection, 0.6f));
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", r.cosine);
  // Bar from -1 to 1: the middle is orthogonal (unrelated) words.
  ImGui::ProgressBar(float(0.5 + 0.5 * r.cosine), ImVec2(-1.0f, 0.0f), text);
  ImGui::PopStyleColor();
  float scale = 0.0f;
  for (float v : r.a) scale = std::max(scale, std::abs(v));
  for (float v : r.b) scale = std::max(scale, std::abs(v));
  std::vector<float> product(r.a.size());
  float product_scale = 0.0f;
  for (std::size_t i = 0; i < r.a.size() && i < r.b.size(); ++i) {
    product[i] = r.a[i] * r.b[i];
    product_scale = std::max(product_scale, std::abs(product[i]));
  }
  const float strip = 22.0f * context.ui_scale;
  heat_strip(compare.query.a.c_str(), r.a, scale, strip);
  heat_strip(compare.query.b.c_str(), r.b, scale, strip);
  heat_strip("product (sums to the dot product)", product, product_scale, strip * 0.7f);
  dim_text("orange = positive, blue = negative; hover a cell for its value");
  if (ImGui::Button("Clear##compare")) analysis.clear_compare();
  ImGui::End();
}

// [SECTION] Bookmarks and tours

void draw_bookmarks_panel(PanelContext& context) {
  BookmarksView& view = context.bookmarks;
  place_window(660, 350, 360, 380, context.ui_scale);
  if (!begin_panel(context, "Bookmarks", &app::PanelVisibility::bookmarks)) return ImGui::End();
  const PanelActions& actions = context.actions;
  if (ImGui::Button("Add this view (B)") && actions.add_bookmark) actions.add_bookmark();
  ImGui::SameLine();
  bool playing = view.playing;
  if (ImGui::Checkbox("play as tour", &playing) && actions.play_bookmarks)
    actions.play_bookmarks(playing);
  if (view.playing) {
    ImGui::SameLine();
    ImGui::Checkbox("auto", &view.auto_advance);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("advance after each step's duration");
  }
  if (ImGui::BeginChild("##bookmark_list", ImVec2(0, -ImGui::GetFrameHeightWithSpacing() * 3.2f),
                        true)) {
    for (std::size_t i = 0; i < view.tour.steps.size(); ++i) {
      app::Bookmark& bookmark = view.tour.steps[i];
      ImGui::PushID(static_cast<int>(i));
      const std::string label = std::to_string(i + 1) + ". " + bookmark.name;
      if (text_selectable(label, view.playing && i == view.current,
                          ImGuiSelectableFlags_AllowItemOverlap) &&
          actions.restore_bookmark)
        actions.restore_bookmark(i);
      if (ImGui::IsItemHovered() && !bookmark.caption.empty())
        ImGui::SetTooltip("%s", bookmark.caption.c_str());
      ImGui::SameLine(ImGui::GetContentRegionAvail().x - 18.0f * context.ui_scale);
      if (ImGui::SmallButton("x") && actions.remove_bookmark) {
        actions.remove_bookmark(i);
        ImGui::PopID();
        break;
      }
      ImGui::PopID();
    }
    if (view.tour.steps.empty())
      dim_text("No bookmarks yet. Add the current view, or open a tour file.");
  }
  ImGui::EndChild();
  ImGui::SetNextItemWidth(-120.0f * context.ui_scale);
  ImGui::InputText("##save_path", &view.path);
  ImGui::SameLine();
  if (ImGui::Button("Save") && actions.save_bookmarks) actions.save_bookmarks();
  ImGui::SameLine();
  ImGui::Checkbox("replace", &view.overwrite);
  ImGui::SetNextItemWidth(-120.0f * context.ui_scale);
  const bool enter = ImGui::InputTextWithHint("##tour_path", "tour file (.json)", &view.tour_path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  if ((ImGui::Button("Open tour") || enter) && actions.open_tour && !view.tour_path.empty())
    actions.open_tour(view.tour_path);
  ImGui::End();
}

void draw_tour_caption(const BookmarksView& bookmarks, float ui_scale, bool presentation,
                       std::vector<glm::vec4>* rects) {
  if (!bookmarks.playing || bookmarks.tour.steps.empty()) return;
  // The caption itself is drawn with the stars (app::build_overlay_with_caption), as on render's
  // slides; this is the step line under it: where the tour is and which keys move it.
  const std::size_t index = std::min(bookmarks.current, bookmarks.tour.steps.size() - 1);
  const app::Bookmark& step = bookmarks.tour.steps[index];
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y - 2.0f * ui_scale), ImGuiCond_Always,
                          ImVec2(0.5f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.0f);
  ImGui::Begin("##tour_step", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
  ImGui::SetWindowFontScale(presentation ? 0.9f : 0.8f);
  ImGui::TextColored(kDimColor, "%zu / %zu  %s   Space next, Backspace back, Esc leaves the tour",
                     index + 1, bookmarks.tour.steps.size(), step.name.c_str());
  if (rects) {
    const ImVec2 pos = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    rects->push_back(glm::vec4(pos.x, pos.y, pos.x + size.x, pos.y + size.y));
  }
  ImGui::End();
}

}  // namespace galaxy::ui
