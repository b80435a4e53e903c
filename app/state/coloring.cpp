// Coloring: colour schemes, clusters (k-means on a worker thread) and metadata colours.
#include "app/state/coloring.h"

#include <algorithm>
#include <utility>

namespace galaxy::app {

namespace {

// Words k-means runs on (the most frequent; every other word joins its nearest centroid).
constexpr std::size_t kClusterRows = 50000;

}  // namespace

Coloring::~Coloring() {
  cancel_clusters();
}

void Coloring::set_dataset(std::shared_ptr<const Dataset> dataset) {
  cancel_clusters();
  dataset_ = std::move(dataset);
  clusters_.result.reset();
  clusters_.error.clear();
  // The scheme stays; a metadata column may not exist in the new galaxy, clusters are recomputed.
  const ColorBy by = state_.by;
  const ColorScheme scheme = state_.scheme;
  state_ = ColoringState{};
  state_.scheme = scheme;
  if (by == ColorBy::Clusters && dataset_) set_color_by(ColorBy::Clusters);
  ++version_;
}

void Coloring::set_scheme(ColorScheme scheme) {
  if (scheme == state_.scheme) return;
  state_.scheme = scheme;
  ++version_;
}

void Coloring::cycle_scheme() {
  set_scheme(static_cast<ColorScheme>((static_cast<int>(state_.scheme) + 1) % kColorSchemeCount));
}

void Coloring::set_cluster_count(int k) {
  clusters_.k = std::clamp(k, 2, 200);
}

void Coloring::cancel_clusters() {
  cluster_job_.stop();
  cluster_job_.poll();  // a cancelled or failed run has nothing to keep
  cluster_dataset_.reset();
  clusters_.running = false;
}

void Coloring::start_clusters(int k) {
  cancel_clusters();
  clusters_.error.clear();
  set_cluster_count(k);
  if (!dataset_ || !dataset_->index) {
    clusters_.error = "no galaxy is open";
    return;
  }
  std::shared_ptr<const Dataset> dataset = dataset_;
  cluster_dataset_ = dataset;
  clusters_.running = true;
  clusters_.progress = 0.0f;
  cluster_job_.start([dataset, k = clusters_.k](JobControl& control) {
    SphericalKMeansOptions options;
    options.k = k;
    // Cluster the most frequent words and assign the rest to the nearest centroid: rare words
    // otherwise dominate the centroids and the legend names (and it is several times faster).
    options.rows = kClusterRows;
    options.progress = [&control](double fraction) {
      control.report(static_cast<float>(fraction));
      return !control.cancelled();
    };
    return spherical_kmeans(*dataset->index, options);
  });
}

bool Coloring::poll(bool wait) {
  if (!clusters_.running) return false;
  clusters_.progress = cluster_job_.progress();
  auto finished = wait ? cluster_job_.wait() : cluster_job_.poll();
  if (!finished) return false;
  clusters_.running = false;
  if (finished->result && cluster_dataset_ == dataset_ && !finished->result->assignment.empty()) {
    clusters_.result = std::move(*finished->result);
    if (state_.by == ColorBy::Clusters) refresh_categories();
  }
  if (!finished->result) clusters_.error = finished->error;
  cluster_dataset_.reset();
  return true;  // the legend and the progress bar change even when the colours do not
}

void Coloring::set_color_by(ColorBy by, const std::string& metadata_column) {
  state_.by = by;
  state_.metadata_column = metadata_column;
  state_.error.clear();
  if (by == ColorBy::Clusters && dataset_ &&
      (!clusters_.result || clusters_.result->k != clusters_.k) && !clusters_.running)
    start_clusters(clusters_.k);
  refresh_categories();
}

void Coloring::refresh_categories() {
  state_.categories = Categories{};
  if (dataset_) {
    if (state_.by == ColorBy::Clusters && clusters_.result) {
      state_.categories = categories_from_clustering(dataset_->embedding, *clusters_.result);
    } else if (state_.by == ColorBy::Metadata) {
      const auto& columns = dataset_->metadata_columns;
      const auto it = std::find(columns.begin(), columns.end(), state_.metadata_column);
      if (it == columns.end()) {
        state_.error = columns.empty() ? "this galaxy has no metadata columns (a projector TSV "
                                         "with a metadata.tsv beside it has)"
                                       : "no metadata column '" + state_.metadata_column + "'";
      } else {
        state_.categories =
            categorize(dataset_->metadata_values[std::size_t(it - columns.begin())]);
      }
    }
  }
  ++version_;
}

const std::vector<render::Star>& Coloring::plain_stars() const {
  static const std::vector<render::Star> none;
  if (!dataset_) return none;
  const std::size_t rows = dataset_->rows();
  if (plain_stars_.size() != rows || plain_stars_version_ != version_) {
    // Colours come from the galaxy's own PCA layout so a word keeps its colour in every projection.
    plain_stars_ = build_plain_stars(dataset_->positions, state_.scheme);
    const Categories& categories = state_.categories;
    if (state_.by != ColorBy::Scheme && categories.category.size() == rows) {
      for (std::size_t r = 0; r < rows; ++r)
        plain_stars_[r].color = legend_color(categories, categories.category[r]);
    }
    plain_stars_version_ = version_;
  }
  return plain_stars_;
}

}  // namespace galaxy::app
