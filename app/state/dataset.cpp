// Dataset loading: file -> Embedding -> CosineIndex + PCA layout, on the caller's thread or a
// worker.
#include "app/state/dataset.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <filesystem>

#include "geometry/loaders.h"
#include "geometry/pca.h"

namespace galaxy::app {

namespace {

// Thrown from the progress callback to abandon a load; never escapes DatasetLoader.
struct LoadCancelled {};

// PCA coordinates -> world: centred and scaled like every other layout (fit_to_galaxy).
void place_stars(Dataset& dataset, const std::vector<float>& pca_positions) {
  const std::size_t rows = dataset.rows();
  dataset.positions.assign(rows, glm::vec3(0.0f));
  if (rows == 0 || pca_positions.size() < rows * 3) return;
  for (std::size_t r = 0; r < rows; ++r)
    dataset.positions[r] =
        glm::vec3(pca_positions[3 * r], pca_positions[3 * r + 1], pca_positions[3 * r + 2]);
  dataset.world_per_unit = fit_to_galaxy(dataset.positions, true);
  dataset.radius = max_radius(dataset.positions);
}

void build_derived(Dataset& dataset, const LoadProgress& progress) {
  if (progress) progress(0.75f, "indexing");
  dataset.index = std::make_unique<CosineIndex>(dataset.embedding);
  if (progress) progress(0.82f, "projecting (PCA)");
  if (dataset.rows() > 0) {
    std::function<void(double)> pca_progress;
    if (progress)
      pca_progress = [&progress](double fraction) {
        progress(0.82f + 0.18f * static_cast<float>(std::clamp(fraction, 0.0, 1.0)),
                 "projecting (PCA)");
      };
    const Embedding& e = dataset.embedding;
    const PcaResult pca = pca3(e.data(), e.rows(), e.dims(), pca_progress);
    place_stars(dataset, pca.positions);
    dataset.explained_variance =
        glm::vec3(float(pca.explained_variance_ratio[0]), float(pca.explained_variance_ratio[1]),
                  float(pca.explained_variance_ratio[2]));
  }
  if (progress) progress(1.0f, "done");
}

}  // namespace

float fit_to_galaxy(std::vector<glm::vec3>& points, bool centre) {
  const std::size_t n = points.size();
  if (n == 0) return 1.0f;
  if (centre) {
    glm::dvec3 mean(0.0);
    for (const glm::vec3& p : points) mean += glm::dvec3(p);
    mean /= double(n);
    for (glm::vec3& p : points) p -= glm::vec3(mean);
  }
  std::vector<float> radii(n);
  for (std::size_t i = 0; i < n; ++i) radii[i] = glm::length(points[i]);
  const std::size_t k = std::min(n - 1, static_cast<std::size_t>(double(n - 1) * 0.98));
  std::nth_element(radii.begin(), radii.begin() + static_cast<std::ptrdiff_t>(k), radii.end());
  const float reference = radii[k];
  const float scale =
      reference > 0.0f && std::isfinite(reference) ? kGalaxyRadius / reference : 1.0f;
  for (glm::vec3& p : points) p *= scale;
  return scale;
}

float max_radius(const std::vector<glm::vec3>& points) {
  float radius = 0.0f;
  for (const glm::vec3& p : points) radius = std::max(radius, glm::length(p));
  return radius;
}

std::string Dataset::file_name() const {
  if (path.empty()) return "in-memory";
  return std::filesystem::path(path).filename().string();
}

std::shared_ptr<const Dataset> load_dataset(const std::string& path, const LoadProgress& progress,
                                            const DataOptions& data_options) {
  const auto start = std::chrono::steady_clock::now();
  if (progress) progress(0.0f, "reading");
  LoadOptions options;
  options.limit = data_options.limit;
  options.format = data_options.format;
  // The index keeps a unit-length float copy and an int8 copy besides the vectors.
  options.bytes_per_number = 9;
  if (progress)
    options.progress = [&progress](double fraction) {
      progress(0.75f * static_cast<float>(std::clamp(fraction, 0.0, 1.0)), "reading");
    };
  LoadResult result = load_embedding(path, options);

  auto dataset = std::make_shared<Dataset>();
  dataset->path = path;
  dataset->format_name = format_name(result.format);
  dataset->gzip = result.gzip;
  dataset->embedding = std::move(result.embedding);
  dataset->warnings = std::move(result.warnings);
  dataset->metadata_columns = std::move(result.metadata_columns);
  dataset->metadata_values = std::move(result.metadata_values);
  if (dataset->embedding.empty()) throw DataError(path + ": no vectors in the file");
  build_derived(*dataset, progress);
  dataset->load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return dataset;
}

std::shared_ptr<const Dataset> make_dataset(Embedding embedding, std::string path,
                                            std::string format_name) {
  const auto start = std::chrono::steady_clock::now();
  auto dataset = std::make_shared<Dataset>();
  dataset->path = std::move(path);
  dataset->format_name = std::move(format_name);
  dataset->embedding = std::move(embedding);
  build_derived(*dataset, {});
  dataset->load_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return dataset;
}

// [SECTION] DatasetLoader

bool DatasetLoader::start(const std::string& path) {
  const DataOptions data_options = data_options_;
  const bool started = job_.start(
      [path, data_options](JobControl& control) {
        return load_dataset(
            path,
            [&control](float fraction, const char* stage) {
              if (control.cancelled()) throw LoadCancelled{};
              control.report(fraction, stage);
            },
            data_options);
      },
      "reading");
  if (started) path_ = path;
  return started;
}

void DatasetLoader::cancel() {
  job_.cancel();
}

float DatasetLoader::progress() const {
  return job_.progress();
}

std::string DatasetLoader::stage() const {
  return job_.stage();
}

std::string DatasetLoader::loading_path() const {
  return path_;
}

std::optional<DatasetLoader::Outcome> DatasetLoader::poll() {
  auto finished = job_.poll();
  if (!finished) return std::nullopt;
  Outcome outcome;
  outcome.path = path_;
  if (finished->result) outcome.dataset = std::move(*finished->result);
  outcome.error = finished->error;
  return outcome;
}

}  // namespace galaxy::app
