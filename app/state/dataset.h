// Dataset: one opened galaxy (embedding, cosine index, PCA layout) and a worker-thread loader for
// it.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <glm/glm.hpp>

#include "app/state/background_job.h"
#include "geometry/cosine_index.h"
#include "geometry/embedding.h"
#include "geometry/loaders.h"

namespace galaxy::app {

// World radius the galaxy is scaled to: the 98th percentile of star distances from the centre.
inline constexpr float kGalaxyRadius = 20.0f;

// Immutable once built; shared between the UI thread and (while building) one worker.
// Not movable: the CosineIndex refers to `embedding`.
struct Dataset {
  std::string path;         // as opened ("" for in-memory test data)
  std::string format_name;  // "word2vec text", "galaxy", ...
  bool gzip = false;
  Embedding embedding;
  std::unique_ptr<CosineIndex> index;
  std::vector<glm::vec3> positions;    // world space, one per row, centred, scaled to kGalaxyRadius
  glm::vec3 explained_variance{0.0f};  // PCA 1-3 explained variance ratios
  float radius = kGalaxyRadius;        // max distance of a star from the origin
  float world_per_unit = 1.0f;         // positions = (PCA coordinates - their mean) * this
  double load_seconds = 0.0;           // reading + index + PCA
  std::vector<std::string> warnings;
  // Projector TSV metadata with a header row: every column (LoadResult's), for colouring.
  std::vector<std::string> metadata_columns;              // header names
  std::vector<std::vector<std::string>> metadata_values;  // [column][row]

  Dataset() = default;
  Dataset(const Dataset&) = delete;
  Dataset& operator=(const Dataset&) = delete;

  std::size_t rows() const { return embedding.rows(); }
  const std::string& word(std::uint32_t row) const { return embedding.word(row); }
  // Display name: the file name without directories ("in-memory" without a path).
  std::string file_name() const;
};

// Fits a point cloud to the galaxy's size in place: centred on its mean when `centre`, then scaled
// by one factor on all three axes so the 98th percentile distance from the origin is kGalaxyRadius
// (a few outliers may lie beyond; they must not shrink everything else). Returns the factor (world
// units per input unit; 1 when every point is at the origin).
float fit_to_galaxy(std::vector<glm::vec3>& points, bool centre);
// Largest distance of a point from the origin (0 for none).
float max_radius(const std::vector<glm::vec3>& points);

// Progress callback: fraction in [0,1] and a short stage name ("reading", "indexing",
// "projecting").
using LoadProgress = std::function<void(float fraction, const char* stage)>;

// Loads a file (any format geometry/loaders.h reads), builds the index and the PCA layout. Throws
// DataError with the loader's message for bad files. Safe to run on a worker thread.
// The data options every command and the window take (--format, --limit): one struct, one
// command-line reader (cli::data_options), so no command can lack one.
struct DataOptions {
  FileFormat format = FileFormat::Auto;  // --format NAME: skip detection
  std::size_t limit = 0;                 // --limit N: keep only the first N rows (0 = all)
};
std::shared_ptr<const Dataset> load_dataset(const std::string& path,
                                            const LoadProgress& progress = {},
                                            const DataOptions& options = {});

// Builds a dataset around an embedding already in memory (tests, generated data).
std::shared_ptr<const Dataset> make_dataset(Embedding embedding, std::string path = {},
                                            std::string format_name = "in-memory");

// Runs load_dataset as a BackgroundJob; the UI thread polls for the outcome each frame, so the
// window keeps drawing (and the current galaxy stays open) while a big file loads.
class DatasetLoader {
 public:
  struct Outcome {
    std::string path;
    std::shared_ptr<const Dataset> dataset;  // null on failure
    std::string error;                       // the DataError (or other) message on failure
  };

  DatasetLoader() = default;  // the destructor cancels a running load and joins
  DatasetLoader(const DatasetLoader&) = delete;
  DatasetLoader& operator=(const DatasetLoader&) = delete;

  // Starts loading `path`; returns false (and does nothing) while another load is running.
  bool start(const std::string& path);
  // Applied to every file this loader opens: the window's --format / --limit.
  void set_data_options(const DataOptions& options) { data_options_ = options; }
  bool busy() const { return job_.busy(); }
  // Asks a running load to stop at its next progress report; its outcome is then dropped.
  void cancel();

  float progress() const;     // 0..1 of the running load
  std::string stage() const;  // "reading", "indexing", ...
  std::string loading_path() const;

  // The outcome of the finished load, once (UI thread, each frame).
  std::optional<Outcome> poll();

 private:
  BackgroundJob<std::shared_ptr<const Dataset>> job_;
  DataOptions data_options_;
  std::string path_;  // of the load running or last run
};

}  // namespace galaxy::app
