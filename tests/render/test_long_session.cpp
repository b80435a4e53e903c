// Long-session spec (issue 5): in one window and GL context, ten files of different formats and
// sizes are opened one after another the way the window does (DatasetLoader on a worker thread),
// each drawn with the renderer and the ImGui layer and queried thousands of times. The GL objects
// come back to the same count after every switch and the resident memory does not grow per load
// (every file is opened twice; the second round must not sit higher than the first).
// Frame times are printed, not asserted (timing is never asserted in unit tests); leaks are the
// sanitizer build's job (scripts/sanitize.sh runs this test under LeakSanitizer).
#include <gtest/gtest.h>
#include <imgui.h>
#include <malloc.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "app/state/app_state.h"
#include "app/state/camera.h"
#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "geometry/binary_format.h"
#include "render/gl_object.h"
#include "render/imgui_layer.h"
#include "support/temp_dir.h"
#include "tests/render/render_fixture.h"

namespace galaxy::render {
namespace {

using Clock = std::chrono::steady_clock;

// AddressSanitizer holds freed memory in quarantine, so resident memory says nothing about leaks
// there; LeakSanitizer checks them at exit instead.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif

// Resident set size of this process in MB, from /proc/self/statm, after handing the allocator's
// free pages back (glibc keeps freed memory of each worker thread's arena otherwise, which would
// read as growth that is no leak).
double rss_mb() {
  ::malloc_trim(0);
  std::FILE* statm = std::fopen("/proc/self/statm", "r");
  if (statm == nullptr) return 0.0;
  unsigned long pages = 0, resident = 0;
  const int got = std::fscanf(statm, "%lu %lu", &pages, &resident);
  std::fclose(statm);
  if (got != 2) return 0.0;
  return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / 1e6;
}

// A seeded vocabulary whose first words make the classic analogies and expressions solvable.
struct Vocabulary {
  std::vector<std::string> words;
  std::vector<float> values;
  int dims = 0;
};

Vocabulary vocabulary(std::size_t rows, int dims, std::uint32_t seed) {
  static const char* const kFirst[] = {"the",   "king",   "queen",  "man",     "woman",
                                       "paris", "france", "berlin", "germany", "tokyo",
                                       "japan", "good",   "better"};
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Vocabulary v;
  v.dims = dims;
  for (std::size_t r = 0; r < rows; ++r) {
    v.words.push_back(r < std::size(kFirst) ? kFirst[r] : "w" + std::to_string(r));
  }
  v.values.resize(rows * static_cast<std::size_t>(dims));
  for (float& x : v.values) x = normal(rng);
  return v;
}

std::string number(float x) {
  char text[32];
  std::snprintf(text, sizeof text, "%.5g", x);
  return text;
}

// Writes `v` as one of the loadable formats (chosen by the extension of `name`) into `dir`.
std::string write_file(const galaxy::testing::TempDir& dir, const std::string& name,
                       const Vocabulary& v) {
  const std::size_t rows = v.words.size();
  const auto d = static_cast<std::size_t>(v.dims);
  auto row_text = [&](std::size_t r, const char* separator) {
    std::string line;
    for (std::size_t i = 0; i < d; ++i) line += (i ? separator : "") + number(v.values[r * d + i]);
    return line;
  };
  const bool gz = name.size() > 3 && name.compare(name.size() - 3, 3, ".gz") == 0;
  const std::string base = gz ? name.substr(0, name.size() - 3) : name;
  std::string bytes;
  if (base.find(".galaxy") != std::string::npos) {
    const StorageType storage =
        base.find("f16") != std::string::npos ? StorageType::Float16 : StorageType::Float32;
    write_galaxy_file(dir.file(name), Embedding(v.words, v.values, v.dims), storage);
    return dir.file(name);
  }
  if (base.find(".tsv") != std::string::npos) {
    std::string metadata;
    for (std::size_t r = 0; r < rows; ++r) {
      bytes += row_text(r, "\t") + "\n";
      metadata += v.words[r] + "\n";
    }
    dir.write("metadata.tsv", metadata);
  } else if (base.find(".bin") != std::string::npos) {
    bytes = std::to_string(rows) + " " + std::to_string(d) + "\n";
    for (std::size_t r = 0; r < rows; ++r) {
      bytes += v.words[r] + " ";
      bytes.append(reinterpret_cast<const char*>(v.values.data() + r * d), d * sizeof(float));
    }
  } else {
    if (base.find(".vec") != std::string::npos) {
      bytes = std::to_string(rows) + " " + std::to_string(d) + "\n";
    }
    for (std::size_t r = 0; r < rows; ++r) bytes += v.words[r] + " " + row_text(r, " ") + "\n";
  }
  if (!gz) return dir.write(name, bytes);
  gzFile out = gzopen(dir.file(name).c_str(), "wb");
  EXPECT_NE(out, nullptr) << name;
  if (out == nullptr) return dir.file(name);
  EXPECT_EQ(gzwrite(out, bytes.data(), static_cast<unsigned>(bytes.size())),
            static_cast<int>(bytes.size()));
  gzclose(out);
  return dir.file(name);
}

struct Measurement {
  std::string file;
  std::size_t rows = 0;
  std::size_t queries = 0;
  std::size_t gl_objects = 0;
  double rss = 0.0;
  double frame_ms = 0.0;  // median of a fixed frame, all stars, no overlay
};

TEST(LongSession, TenFilesAndThousandsOfQueriesInOneWindowReleaseWhatTheyUse) {
  GALAXY_REQUIRE_GL();
  app::AnalogyQuery analogy_query;
  app::ExpressionQuery expression_query;
  galaxy::testing::TempDir dir;
  // Sizes and formats vary; the 2nd and the 10th file are the largest and the same size.
  struct File {
    std::string name;
    std::size_t rows;
    int dims;
  };
  const std::vector<File> files = {
      {"a.txt", 3000, 50},       {"b.vec", 12000, 64},   {"c.bin", 2000, 32},
      {"vectors.tsv", 5000, 50}, {"e.galaxy", 8000, 64}, {"f-f16.galaxy", 6000, 100},
      {"g.txt.gz", 4000, 50},    {"h.vec.gz", 7000, 40}, {"i.bin.gz", 9000, 64},
      {"j.txt", 12000, 64},
  };
  std::vector<std::string> paths;
  for (std::size_t i = 0; i < files.size(); ++i) {
    paths.push_back(write_file(dir, files[i].name,
                               vocabulary(files[i].rows, files[i].dims, 100 + std::uint32_t(i))));
  }
  const std::string broken = dir.write("broken.txt", "the 0.1 0.2\nking 0.3\n");

  ImGuiLayer imgui(*gl_context.window, 15.0f);
  app::AppState state;
  app::DatasetLoader loader;
  const glm::ivec2 size(320, 240);
  const std::size_t gl_before = live_gl_objects();
  std::vector<Measurement> measurements;

  // One frame as the window draws it: stars, overlay (constellation, arrows, labels), then panels.
  auto draw_frame = [&](const app::OrbitCamera& camera, bool with_panels) {
    const app::Dataset* dataset = state.dataset();
    Overlay overlay;
    if (dataset != nullptr) {
      overlay = app::build_overlay(*dataset, state.overlay_input(), camera, size,
                                   [&renderer](const std::string& text, float scale) {
                                     return renderer.measure_label(text, scale);
                                   });
    }
    const FrameParams frame =
        app::build_frame(camera, size, state.frame_settings(), state.analysis().selected());
    renderer.draw(frame, overlay);
    if (!with_panels) return;
    imgui.begin_frame();
    ImGui::Begin("Dataset");
    ImGui::Text("%s: %zu words", dataset ? dataset->file_name().c_str() : "-",
                dataset ? dataset->rows() : std::size_t{0});
    for (const auto& hit : state.analysis().neighbours()) {
      ImGui::Text("%s %.3f", dataset->word(hit.row).c_str(), hit.score);
    }
    ImGui::End();
    imgui.end_frame();
  };

  // Opens `path` like the window does: a worker loads it while frames keep being drawn.
  auto open = [&](const std::string& path, app::OrbitCamera& camera) {
    EXPECT_TRUE(loader.start(path));
    OffscreenTarget target(size);
    target.bind();
    while (loader.busy()) {
      draw_frame(camera, true);
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    OffscreenTarget::unbind();
    auto outcome = loader.poll();
    EXPECT_TRUE(outcome.has_value());
    return outcome ? std::move(*outcome) : app::DatasetLoader::Outcome{};
  };

  app::OrbitCamera camera;
  const std::size_t rounds = 2;
  for (std::size_t load = 0; load < rounds * paths.size(); ++load) {
    const std::size_t i = load % paths.size();
    SCOPED_TRACE(files[i].name);
    auto outcome = open(paths[i], camera);
    ASSERT_TRUE(outcome.dataset) << outcome.error;
    state.set_dataset(outcome.dataset);
    outcome.dataset.reset();
    const app::Dataset& dataset = *state.dataset();
    ASSERT_EQ(dataset.rows(), files[i].rows);
    camera.frame_points(dataset.positions, float(size.x) / float(size.y));

    // Halfway, a broken file: its error comes back and the open galaxy stays.
    if (load == 5) {
      auto failed = open(broken, camera);
      EXPECT_FALSE(failed.dataset);
      EXPECT_NE(failed.error.find("broken.txt:2:"), std::string::npos) << failed.error;
      EXPECT_EQ(state.dataset(), &dataset);
    }

    Measurement m;
    {
      OffscreenTarget target(size);
      target.bind();
      renderer.set_stars(app::build_stars(dataset.positions, state.coloring().state().scheme,
                                          state.star_highlights()));
      // Thousands of queries over the session: neighbours, search, analogy, expression, with a
      // frame (overlay and panels) every few of them and the stars re-uploaded on highlight
      // changes.
      std::mt19937 rng(7 + static_cast<std::uint32_t>(i));
      std::size_t queries = 0;
      for (int q = 0; q < 100; ++q) {
        const auto row = static_cast<std::int32_t>(rng() % dataset.rows());
        state.analysis().select(row);
        state.analysis().set_search_query(
            dataset.word(static_cast<std::uint32_t>(rng() % dataset.rows()))
                .substr(0, 1 + rng() % 3));
        analogy_query.a = "man";
        analogy_query.b = "king";
        analogy_query.c = q % 2 ? "woman" : dataset.word(static_cast<std::uint32_t>(row));
        state.analysis().solve_analogy(analogy_query);
        expression_query.text =
            q % 3 ? "paris - france + germany" : "0.5*" + dataset.word(row) + " + tokyo";
        state.analysis().evaluate_expression(expression_query);
        queries += 4;
        if (q % 10 == 0) {
          renderer.set_stars(app::build_stars(dataset.positions, state.coloring().state().scheme,
                                              state.star_highlights()));
          camera.orbit({3.0f, 1.0f});
          draw_frame(camera, true);
        }
      }
      EXPECT_FALSE(state.analysis().analogy().results.empty()) << state.analysis().analogy().error;
      EXPECT_FALSE(state.analysis().expression().results.empty())
          << state.analysis().expression().error;

      // A fixed frame: every star, no overlay, no panels, timed to the end of the GPU's work.
      state.analysis().select(-1);
      renderer.set_stars(app::build_stars(dataset.positions, state.coloring().state().scheme));
      std::vector<double> times;
      for (int f = -2; f < 15; ++f) {
        const auto start = Clock::now();
        renderer.draw(app::build_frame(camera, size, state.frame_settings()), {});
        renderer.finish();
        if (f >= 0)
          times.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
      }
      OffscreenTarget::unbind();
      std::nth_element(times.begin(), times.begin() + times.size() / 2, times.end());
      m.frame_ms = times[times.size() / 2];
      m.queries = queries;
    }
    // The offscreen targets are gone here: what is left are the renderer's own objects.
    m.file = files[i].name;
    m.rows = dataset.rows();
    m.gl_objects = live_gl_objects();
    m.rss = rss_mb();
    measurements.push_back(m);
  }
  state.set_dataset(nullptr);

  std::size_t total_queries = 0;
  std::printf("file\trows\tqueries\tgl_objects\trss_mb\tframe_ms\n");
  for (const Measurement& m : measurements) {
    std::printf("%s\t%zu\t%zu\t%zu\t%.1f\t%.2f\n", m.file.c_str(), m.rows, m.queries, m.gl_objects,
                m.rss, m.frame_ms);
    total_queries += m.queries;
  }
  EXPECT_GE(total_queries, 4000u);
  for (const Measurement& m : measurements) {
    EXPECT_EQ(m.gl_objects, gl_before) << m.file << ": GL objects left behind";
  }
  // Each file is opened twice: memory leaked per load would show as the second round sitting
  // higher than the first (which includes the allocator's and the GL driver's warm-up; the 2nd
  // and the 10th load, the same size, are printed for comparison).
  const std::size_t n = paths.size();
  double first_peak = 0.0, second_peak = 0.0;
  for (std::size_t k = 0; k < n; ++k) {
    first_peak = std::max(first_peak, measurements[k].rss);
    second_peak = std::max(second_peak, measurements[n + k].rss);
  }
  std::printf(
      "rss after load 2: %.1f MB, load 10: %.1f MB, load 20: %.1f MB; peak per round: "
      "%.1f MB, %.1f MB\n",
      measurements[1].rss, measurements[n - 1].rss, measurements[2 * n - 1].rss, first_peak,
      second_peak);
  if (kAddressSanitizer) return;
  EXPECT_LT(measurements[2 * n - 1].rss - measurements[n - 1].rss, 30.0);
  EXPECT_LT(second_peak - first_peak, 30.0);
}

}  // namespace
}  // namespace galaxy::render
