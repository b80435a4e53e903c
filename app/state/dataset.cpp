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

DatasetLoader::~DatasetLoader() {
  cancel();
  join();
}

void DatasetLoader::join() {
  if (worker_.joinable()) worker_.join();
}

bool DatasetLoader::start(const std::string& path) {
  if (busy_.load()) return false;
  join();  // the previous worker has finished; reap it
  busy_ = true;
  cancel_ = false;
  progress_ = 0.0f;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stage_ = "reading";
    path_ = path;
    outcome_.reset();
  }
  const DataOptions data_options = data_options_;
  worker_ = std::thread([this, path, data_options] {
    Outcome outcome;
    outcome.path = path;
    try {
      outcome.dataset = load_dataset(
          path,
          [this](float fraction, const char* stage) {
            if (cancel_.load()) throw LoadCancelled{};
            progress_ = fraction;
            std::lock_guard<std::mutex> lock(mutex_);
            stage_ = stage;
          },
          data_options);
    } catch (const LoadCancelled&) {
      outcome.error = "cancelled";
    } catch (const std::exception& error) {
      outcome.error = error.what();
    } catch (...) {
      outcome.error = path + ": unknown error while loading";
    }
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!cancel_.load()) outcome_ = std::move(outcome);
    }
    busy_ = false;
  });
  return true;
}

void DatasetLoader::cancel() {
  if (busy_.load()) cancel_ = true;
}

float DatasetLoader::progress() const {
  return progress_.load();
}

std::string DatasetLoader::stage() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return stage_;
}

std::string DatasetLoader::loading_path() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return path_;
}

std::optional<DatasetLoader::Outcome> DatasetLoader::poll() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!outcome_) return std::nullopt;
  std::optional<Outcome> outcome = std::move(outcome_);
  outcome_.reset();
  return outcome;
}

}  // namespace galaxy::app
