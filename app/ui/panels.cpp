// Dear ImGui panels. Each panel only reads AppState, changes it through its methods, or calls an
// action.
//
// [SECTION] Helpers
// [SECTION] Search
// [SECTION] Neighbours
// [SECTION] Analogy and expression
// [SECTION] View and screenshots
// [SECTION] Dataset
// [SECTION] Overlays (help, empty sky, status, hover)
#include "app/ui/panels.h"

#include <algorithm>
#include <cstdio>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "app/ui/widgets.h"

namespace galaxy::ui {

using app::AppState;

// [SECTION] Helpers

namespace {

using namespace widgets;

// [SECTION] Search

int search_history_callback(ImGuiInputTextCallbackData* data) {
  auto* state = static_cast<AppState*>(data->UserData);
  if (data->EventFlag == ImGuiInputTextFlags_CallbackHistory) {
    if (data->EventKey == ImGuiKey_UpArrow) state->analysis().move_search_cursor(-1);
    if (data->EventKey == ImGuiKey_DownArrow) state->analysis().move_search_cursor(+1);
  }
  return 0;
}

void draw_search(PanelContext& context) {
  AppState& state = context.state;
  place_window(10, 10, 300, 300, context.ui_scale);
  if (context.focus_search) {
    // Ctrl+F brings the field forward even when the panel was collapsed or behind another.
    ImGui::SetNextWindowCollapsed(false);
    ImGui::SetNextWindowFocus();
  }
  if (!begin_panel(context, "Search", &app::PanelVisibility::search)) return ImGui::End();
  const app::Dataset* dataset = state.dataset();
  if (!dataset) {
    dim_text("No galaxy is open yet.");
    return ImGui::End();
  }
  app::Analysis& analysis = state.analysis();
  std::string query = analysis.search().query;
  ImGui::SetNextItemWidth(-1.0f);
  if (context.focus_search) ImGui::SetKeyboardFocusHere();
  const bool enter = ImGui::InputTextWithHint(
      "##query", "find a word (Enter flies there)", &query,
      ImGuiInputTextFlags_EnterReturnsTrue | ImGuiInputTextFlags_CallbackHistory,
      search_history_callback, &state);
  if (query != analysis.search().query) analysis.set_search_query(query);
  if (enter) {
    const std::int32_t row = analysis.search_cursor_row();
    if (row >= 0 && context.actions.go_to_word)
      context.actions.go_to_word(static_cast<std::uint32_t>(row));
    ImGui::SetKeyboardFocusHere(-1);  // keep typing
  }

  const app::SearchResult& result = analysis.search().result;
  if (result.empty_query()) {
    dim_text("Type to search; Up/Down choose, Enter flies to the word.");
  } else if (result.no_match()) {
    error_text(result.summary());
    const std::vector<std::string> suggestions = analysis.search().suggestions;  // clicks change it
    if (!suggestions.empty()) {
      ImGui::TextUnformatted("Did you mean:");
      bool first = true;
      for (const std::string& suggestion : suggestions) {
        if (flow_button(suggestion.c_str(), first)) {
          analysis.set_search_query(suggestion);
          if (auto row = dataset->embedding.find(suggestion); row && context.actions.go_to_word)
            context.actions.go_to_word(*row);
        }
      }
    }
  } else {
    ImGui::TextColored(kDimColor, "%s", result.summary().c_str());
  }

  if (!result.hits.empty() && ImGui::BeginChild("##hits", ImVec2(0, 0), false)) {
    for (std::size_t i = 0; i < result.hits.size(); ++i) {
      const app::SearchHit& hit = result.hits[i];
      const bool current = static_cast<int>(i) == analysis.search().cursor;
      ImGui::PushID(static_cast<int>(i));
      if (text_selectable(dataset->word(hit.row), current)) {
        analysis.set_search_cursor(static_cast<int>(i));
        if (context.actions.go_to_word) context.actions.go_to_word(hit.row);
      }
      if (current && enter) ImGui::SetScrollHereY();
      ImGui::SameLine(ImGui::GetContentRegionAvail().x * 0.7f);
      ImGui::TextColored(kDimColor, "#%u", hit.row + 1);
      ImGui::PopID();
    }
    ImGui::EndChild();
  }
  ImGui::End();
}

// [SECTION] Neighbours

void draw_neighbours(PanelContext& context) {
  AppState& state = context.state;
  place_window(10, 320, 300, 360, context.ui_scale);
  if (!begin_panel(context, "Neighbours", &app::PanelVisibility::neighbours)) return ImGui::End();
  app::Analysis& analysis = state.analysis();
  const app::Dataset* dataset = state.dataset();
  if (!dataset || analysis.selected() < 0) {
    dim_text("Click a star, or search for a word, to see its nearest neighbours.");
    return ImGui::End();
  }
  const auto selected = static_cast<std::uint32_t>(analysis.selected());
  ImGui::TextColored(to_imvec(app::palette::kSelection), "%s", dataset->word(selected).c_str());
  ImGui::SameLine();
  ImGui::TextColored(kDimColor, "#%u in frequency", selected + 1);
  int k = analysis.neighbour_count();
  ImGui::SetNextItemWidth(-60.0f * context.ui_scale);
  if (ImGui::SliderInt("k", &k, 1, 50)) analysis.set_neighbour_count(k);
  if (ImGui::Button("Fly there") && context.actions.go_to_word)
    context.actions.go_to_word(selected);
  ImGui::SameLine();
  if (ImGui::Button("Clear")) analysis.select(-1);
  ImGui::SameLine();
  if (ImGui::Button("Isolate")) {
    if (state.isolate_selection() && context.actions.frame_focus) context.actions.frame_focus();
  }
  if (ImGui::IsItemHovered())
    ImGui::SetTooltip("PCA of just these words; the rest of the galaxy fades");
  ImGui::SameLine();
  if (ImGui::Button("TSV##neighbours") && context.actions.export_tsv)
    context.actions.export_tsv(ExportKind::Neighbours);
  if (ImGui::IsItemHovered()) ImGui::SetTooltip("export the list as TSV (screenshot folder)");
  error_text(state.sky().isolation().error);
  ImGui::TextColored(kDimColor, "cosine, %d dims", dataset->embedding.dims());
  if (ImGui::BeginChild("##neighbours", ImVec2(0, 0), false)) {
    results_table("##neighbour_table", *dataset, context.actions, analysis.neighbours(),
                  app::palette::kNeighbour, app::palette::kNeighbour);
  }
  ImGui::EndChild();
  ImGui::End();
}

// [SECTION] Analogy and expression

void draw_analogy(PanelContext& context) {
  AppState& state = context.state;
  place_window(10, 10, 360, 520, context.ui_scale, /*right_aligned=*/true);
  if (!begin_panel(context, "Analogy", &app::PanelVisibility::analogy)) return ImGui::End();
  const app::Dataset* dataset = state.dataset();
  app::Analysis& analysis = state.analysis();
  const app::AnalogyState& analogy = analysis.analogy();
  app::AnalogyQuery& draft = context.drafts.analogy;

  ImGui::TextUnformatted("A is to B as C is to ?");
  const float width =
      (ImGui::GetContentRegionAvail().x - 2.0f * ImGui::GetStyle().ItemSpacing.x) / 3.0f;
  bool solve = false;
  const ImGuiInputTextFlags enter = ImGuiInputTextFlags_EnterReturnsTrue;
  ImGui::SetNextItemWidth(width);
  solve |= ImGui::InputTextWithHint("##a", "A: man", &draft.a, enter);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  solve |= ImGui::InputTextWithHint("##b", "B: king", &draft.b, enter);
  ImGui::SameLine();
  ImGui::SetNextItemWidth(width);
  solve |= ImGui::InputTextWithHint("##c", "C: woman", &draft.c, enter);

  int method = draft.method == galaxy::AnalogyMethod::Add ? 0 : 1;
  bool changed = false;
  changed |= ImGui::RadioButton("3CosAdd", &method, 0);
  ImGui::SameLine();
  changed |= ImGui::RadioButton("3CosMul", &method, 1);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("include A, B, C", &draft.include_inputs);
  draft.method = method == 0 ? galaxy::AnalogyMethod::Add : galaxy::AnalogyMethod::Mul;
  if (changed && analogy.solved()) solve = true;

  if (ImGui::Button("Solve")) solve = true;
  ImGui::SameLine();
  if (ImGui::Button("Clear##analogy")) analysis.clear_analogy();
  if (solve && dataset) {
    if (analysis.solve_analogy(draft) && context.actions.frame_analogy)
      context.actions.frame_analogy();
  }

  ImGui::TextColored(kDimColor, "Presets:");
  bool first = true;
  for (const app::AnalogyPreset& preset : app::analogy_presets()) {
    const std::string label = std::string(preset.a) + ":" + preset.b + "::" + preset.c + ":?";
    if (flow_button(label.c_str(), first) && dataset) {
      if (analysis.apply_preset(preset) && context.actions.frame_analogy)
        context.actions.frame_analogy();
    }
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", preset.note);
  }

  error_text(analogy.error);
  if (dataset && analogy.solved()) {
    ImGui::TextColored(to_imvec(app::palette::kAnalogyAnswer), "%s - %s + %s = %s",
                       analogy.query.b.c_str(), analogy.query.a.c_str(), analogy.query.c.c_str(),
                       dataset->word(analogy.results.front().row).c_str());
    results_table("##analogy_results", *dataset, context.actions, analogy.results,
                  app::palette::kAnalogyAnswer, app::palette::kAnalogyAnswer * 0.85f);
    if (ImGui::Button("Export TSV##analogy") && context.actions.export_tsv)
      context.actions.export_tsv(ExportKind::Analogy);
  }

  ImGui::Separator();
  ImGui::TextUnformatted("Expression");
  const app::ExpressionState& expression = analysis.expression();
  ImGui::SetNextItemWidth(-70.0f * context.ui_scale);
  bool evaluate = ImGui::InputTextWithHint("##expression", "king - man + woman",
                                           &context.drafts.expression.text,
                                           ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  evaluate |= ImGui::Button("Go##expression");
  if (evaluate && dataset) {
    if (analysis.evaluate_expression(context.drafts.expression) && context.actions.frame_expression)
      context.actions.frame_expression();
  }
  dim_text("Words with + and -, optional weights: 0.5*paris + tokyo");
  error_text(expression.error);
  if (dataset && !expression.results.empty()) {
    results_table("##expression_results", *dataset, context.actions, expression.results,
                  app::palette::kAnalogyAnswer, app::palette::kAnalogyAnswer * 0.85f);
    if (ImGui::Button("Clear##expression")) analysis.clear_expression();
    ImGui::SameLine();
    if (ImGui::Button("Export TSV##expression") && context.actions.export_tsv)
      context.actions.export_tsv(ExportKind::Expression);
  }
  ImGui::End();
}

// [SECTION] View and screenshots

void draw_view(PanelContext& context) {
  AppState& state = context.state;
  place_window(10, 540, 360, 420, context.ui_scale, /*right_aligned=*/true, /*collapsed=*/true);
  if (!begin_panel(context, "View", &app::PanelVisibility::view)) return ImGui::End();
  // Edited as a copy; the state takes it (and clamps it) when a control changed.
  app::ViewSettings view = state.view();
  bool changed = false;
  changed |= ImGui::SliderFloat("star size", &view.star_size_px, 1.0f, 20.0f, "%.1f px");
  changed |= ImGui::SliderFloat("brightness", &view.brightness, 0.1f, 3.0f, "%.2f");
  changed |= ImGui::SliderFloat("depth cueing", &view.depth_cueing, 0.0f, 1.0f, "%.2f");
  changed |= ImGui::SliderInt("labels", &view.label_count, 0, 200);
  const app::ColorScheme current = state.coloring().state().scheme;
  if (ImGui::BeginCombo("colours", app::color_scheme_name(current))) {
    for (int i = 0; i < app::kColorSchemeCount; ++i) {
      const auto scheme = static_cast<app::ColorScheme>(i);
      if (ImGui::Selectable(app::color_scheme_name(scheme), scheme == current))
        state.coloring().set_scheme(scheme);
    }
    ImGui::EndCombo();
  }
  changed |= ImGui::ColorEdit3("background", &view.background.x, ImGuiColorEditFlags_NoInputs);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("sky", &view.draw_sky);
  changed |= ImGui::Checkbox("auto-rotate", &view.auto_rotate);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("lines", &view.show_lines);
  ImGui::SameLine();
  changed |= ImGui::Checkbox("labels##show", &view.show_labels);
  if (changed) state.set_view(view);
  if (ImGui::Button("Reset view (Home)") && context.actions.reset_view)
    context.actions.reset_view();

  ImGui::Separator();
  ImGui::TextUnformatted("Screenshot (F12)");
  ScreenshotSettings& shot = context.screenshot;
  const auto& sizes = screenshot_sizes();
  if (ImGui::BeginCombo("size", sizes[static_cast<std::size_t>(shot.size_choice)].name)) {
    for (std::size_t i = 0; i < sizes.size(); ++i)
      if (ImGui::Selectable(sizes[i].name, static_cast<int>(i) == shot.size_choice))
        shot.size_choice = static_cast<int>(i);
    ImGui::EndCombo();
  }
  const ScreenshotSize& size = sizes[static_cast<std::size_t>(shot.size_choice)];
  if (size.width < 0) {
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputInt("width", &shot.custom_width, 0);
    ImGui::SetNextItemWidth(ImGui::GetContentRegionAvail().x * 0.5f);
    ImGui::InputInt("height", &shot.custom_height, 0);
    shot.custom_width = std::clamp(shot.custom_width, 16, 7680);
    shot.custom_height = std::clamp(shot.custom_height, 16, 4320);
  }
  if (size.width == 0) {
    ImGui::Checkbox("with panels", &shot.include_panels);
    ImGui::SameLine();
  }
  ImGui::Checkbox("transparent", &shot.transparent);
  ImGui::SetNextItemWidth(-80.0f * context.ui_scale);
  ImGui::InputText("folder", &shot.directory);
  if (ImGui::Button("Save PNG") && context.actions.save_screenshot)
    context.actions.save_screenshot();
  if (!shot.last_path.empty()) {
    ImGui::SameLine();
    ImGui::TextColored(kDimColor, "saved");
    ImGui::TextWrapped("%s", shot.last_path.c_str());
  }
  error_text(shot.last_error);
  ImGui::End();
}

// [SECTION] Dataset

void draw_dataset(PanelContext& context) {
  AppState& state = context.state;
  place_window(320, 10, 330, 210, context.ui_scale);
  if (!begin_panel(context, "Dataset", &app::PanelVisibility::dataset)) return ImGui::End();
  if (const app::Dataset* dataset = state.dataset()) {
    ImGui::TextUnformatted(dataset->file_name().c_str());
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", dataset->path.c_str());
    ImGui::TextColored(kDimColor, "%s%s, %zu words x %d dims, %.1f s", dataset->format_name.c_str(),
                       dataset->gzip ? " (gzip)" : "", dataset->rows(), dataset->embedding.dims(),
                       dataset->load_seconds);
    const glm::vec3& ev = dataset->explained_variance;
    ImGui::TextColored(kDimColor, "PCA variance: %.1f%% + %.1f%% + %.1f%% = %.1f%%", 100.0f * ev.x,
                       100.0f * ev.y, 100.0f * ev.z, 100.0f * (ev.x + ev.y + ev.z));
    if (!dataset->warnings.empty() &&
        ImGui::TreeNode("warnings", "%zu warning(s)", dataset->warnings.size())) {
      for (const std::string& warning : dataset->warnings)
        ImGui::TextWrapped("%s", warning.c_str());
      ImGui::TreePop();
    }
  } else {
    dim_text("No galaxy open.");
  }
  ImGui::Separator();
  const LoadingView& loading = context.loading;
  ImGui::SetNextItemWidth(-60.0f * context.ui_scale);
  const bool enter = ImGui::InputTextWithHint("##path", "path to a vector file", &context.open_path,
                                              ImGuiInputTextFlags_EnterReturnsTrue);
  ImGui::SameLine();
  const bool clicked = ImGui::Button("Open");
  if ((enter || clicked) && !context.open_path.empty() && context.actions.open_file)
    context.actions.open_file(context.open_path);
  if (loading.busy) {
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s %.0f%%", loading.stage.c_str(),
                  100.0f * loading.progress);
    ImGui::ProgressBar(loading.progress, ImVec2(-1.0f, 0.0f), overlay);
    ImGui::TextColored(kDimColor, "loading %s", loading.path.c_str());
  } else {
    dim_text("or drop a file on the window (.txt, .vec, .bin, .gz, .galaxy)");
  }
  error_text(loading.error);
  ImGui::End();
}

}  // namespace

const std::vector<ScreenshotSize>& screenshot_sizes() {
  static const std::vector<ScreenshotSize> sizes = {
      {"window size", 0, 0},
      {"1920 x 1080 (HD)", 1920, 1080},
      {"2560 x 1440", 2560, 1440},
      {"3840 x 2160 (4K)", 3840, 2160},
      {"7680 x 4320 (8K)", 7680, 4320},
      {"custom", -1, -1},
  };
  return sizes;
}

PanelActions session_actions(session::Session& session, const ScreenshotSettings& screenshot) {
  PanelActions actions;
  actions.go_to_word = [&session](std::uint32_t row) { session.go_to_word(row); };
  actions.frame_analogy = [&session] { session.frame_analogy(); };
  actions.frame_expression = [&session] { session.frame_expression(); };
  actions.reset_view = [&session] { session.reset_view(); };
  actions.frame_focus = [&session] { session.frame_focus(); };
  actions.export_tsv = [&session, &screenshot](ExportKind kind) {
    session.export_tsv(kind, screenshot.directory);
  };
  actions.add_bookmark = [&session] { session.add_bookmark(); };
  actions.restore_bookmark = [&session](std::size_t i) { session.restore_bookmark(i); };
  actions.remove_bookmark = [&session](std::size_t i) { session.remove_bookmark(i); };
  actions.save_bookmarks = [&session] { session.save_bookmarks(); };
  actions.play_bookmarks = [&session](bool play) {
    play ? session.start_tour(session.bookmarks().tour) : session.stop_tour();
  };
  actions.open_tour = [&session](const std::string& path) { session.open_tour(path); };
  return actions;
}

ScreenshotJob screenshot_job(const ScreenshotSettings& settings, bool tour_playing) {
  const ScreenshotSize& choice = screenshot_sizes()[static_cast<std::size_t>(settings.size_choice)];
  ScreenshotJob job;
  if (choice.width > 0) job.size = {choice.width, choice.height};
  if (choice.width < 0) job.size = {settings.custom_width, settings.custom_height};
  job.include_panels = job.size == glm::ivec2(0) && settings.include_panels;
  if (tour_playing && job.size == glm::ivec2(0)) job.include_panels = true;  // the caption
  job.transparent = settings.transparent;
  return job;
}

void draw_panels(PanelContext& context) {
  context.drafts.sync(context.state);
  const app::PanelVisibility& panels = context.state.panels();
  if (panels.hide_all) return;
  if (context.dataset_only) {
    draw_dataset(context);
    return;
  }
  if (panels.search) draw_search(context);
  if (panels.neighbours) draw_neighbours(context);
  if (panels.dataset) draw_dataset(context);
  if (panels.analogy) draw_analogy(context);
  if (panels.view) draw_view(context);
  if (panels.projection) draw_projection_panel(context);
  if (panels.compare) draw_compare_panel(context);
  if (panels.bookmarks) draw_bookmarks_panel(context);
}

// [SECTION] Overlays (help, empty sky, status, hover)

void draw_help_overlay(AppState& state, float ui_scale) {
  if (!state.panels().help) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowSize(ImVec2(460.0f * ui_scale, 0.0f));
  ImGui::SetNextWindowBgAlpha(0.94f);
  bool keep = true;
  const bool open = ImGui::Begin("Shortcuts (F1)", &keep,
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings |
                                     ImGuiWindowFlags_AlwaysAutoResize);
  if (!keep) state.set_panel(&app::PanelVisibility::help, false);
  if (!open) return ImGui::End();
  static const char* const kShortcuts[][2] = {
      {"Left drag", "orbit around the centre of view"},
      {"Right / middle drag", "pan"},
      {"Wheel", "zoom towards the cursor"},
      {"Click a star", "select it and show its neighbours"},
      {"Double-click a star", "select it and fly there"},
      {"W A S D / arrows", "fly forward, left, back, right"},
      {"Q / E", "fly down / up"},
      {"Ctrl+F", "search"},
      {"Esc", "clear the selection"},
      {"Home", "frame the whole galaxy"},
      {"R", "auto-rotate on / off"},
      {"L", "labels on / off"},
      {"C", "next colour scheme"},
      {"Tab", "hide / show the panels"},
      {"F12", "save a screenshot (PNG)"},
      {"Shift + drag", "box: isolate the stars inside"},
      {"I / U", "isolate the selection and its neighbours / show everything"},
      {"B", "bookmark this view"},
      {"F5", "presentation mode (large type, no panels)"},
      {"Space / PgDn, Backspace / PgUp", "tour: next / previous step"},
      {"F1", "this help"},
  };
  if (ImGui::BeginTable("##shortcuts", 2, ImGuiTableFlags_RowBg)) {
    for (const auto& shortcut : kShortcuts) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextColored(to_imvec(app::palette::kSelection), "%s", shortcut[0]);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(shortcut[1]);
    }
    ImGui::EndTable();
  }
  dim_text("Drop a vector file on the window to open it.");
  ImGui::End();
}

void draw_empty_sky_message(const LoadingView& loading) {
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), ImGuiCond_Always,
                          ImVec2(0.5f, 0.5f));
  ImGui::SetNextWindowBgAlpha(0.6f);
  ImGui::Begin("##empty", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav);
  if (loading.busy) {
    ImGui::Text("Loading %s", loading.path.c_str());
    char overlay[64];
    std::snprintf(overlay, sizeof overlay, "%s %.0f%%", loading.stage.c_str(),
                  100.0f * loading.progress);
    ImGui::ProgressBar(loading.progress, ImVec2(320.0f, 0.0f), overlay);
  } else if (!loading.error.empty()) {
    ImGui::TextUnformatted("No galaxy is open.");
    ImGui::PushTextWrapPos(ImGui::GetFontSize() * 30.0f);
    error_text(loading.error);
    ImGui::PopTextWrapPos();
    ImGui::TextUnformatted("Open a file in the Dataset panel or drop one on the window.");
  } else {
    ImGui::TextUnformatted("Drop a vector file on the window to open it.");
  }
  ImGui::End();
}

void draw_status_note(const StatusNote& note, double now) {
  if (note.text.empty() || now > note.shown_until) return;
  const ImVec2 display = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(10.0f, display.y - 10.0f), ImGuiCond_Always, ImVec2(0.0f, 1.0f));
  ImGui::SetNextWindowBgAlpha(0.7f);
  ImGui::Begin("##status", nullptr,
               ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoInputs);
  ImGui::PushTextWrapPos(display.x * 0.6f);
  if (note.error)
    error_text(note.text);
  else
    ImGui::TextUnformatted(note.text.c_str());
  ImGui::PopTextWrapPos();
  ImGui::End();
}

void draw_hover_tooltip(const AppState& state) {
  const app::Dataset* dataset = state.dataset();
  const app::Analysis& analysis = state.analysis();
  const std::int32_t hovered = analysis.hovered();
  if (!dataset || hovered < 0) return;
  ImGui::BeginTooltip();
  ImGui::TextUnformatted(dataset->word(static_cast<std::uint32_t>(hovered)).c_str());
  ImGui::TextColored(kDimColor, "#%d in frequency", hovered + 1);
  const std::int32_t selected = analysis.selected();
  if (selected >= 0 && selected != hovered && dataset->index) {
    const float similarity = dataset->index->similarity(static_cast<std::uint32_t>(hovered),
                                                        static_cast<std::uint32_t>(selected));
    ImGui::TextColored(kDimColor, "cosine to %s: %.3f",
                       dataset->word(static_cast<std::uint32_t>(selected)).c_str(), similarity);
  }
  ImGui::EndTooltip();
}

}  // namespace galaxy::ui
