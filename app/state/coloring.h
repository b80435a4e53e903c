// Coloring: what colours the stars. A colour scheme, the clusters of a spherical k-means run on a
// worker thread, or a metadata column; the legend; the plain star buffer those colours make.
// GL-free. Every change of colours bumps version() itself.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/state/background_job.h"
#include "app/state/categories.h"
#include "app/state/dataset.h"
#include "app/state/scene_builder.h"
#include "geometry/kmeans.h"

namespace galaxy::app {

enum class ColorBy { Scheme, Clusters, Metadata };

// Spherical k-means on the full vectors, run on a worker thread (seconds for 341k words).
struct ClusterState {
  int k = 12;  // the k asked for (the next run uses it)
  bool running = false;
  float progress = 0.0f;
  std::string error;
  std::optional<Clustering> result;  // for the current dataset
};

struct ColoringState {
  ColorBy by = ColorBy::Scheme;
  ColorScheme scheme = ColorScheme::Nebula;  // ColorBy::Scheme, and every star before clusters
  std::string metadata_column;               // ColorBy::Metadata
  Categories categories;                     // the legend (clusters or metadata values)
  std::string error;
};

class Coloring {
 public:
  Coloring() = default;
  ~Coloring();  // stops a running clustering
  Coloring(const Coloring&) = delete;
  Coloring& operator=(const Coloring&) = delete;

  // A new galaxy: the legend is rebuilt for it; colouring by clusters clusters it again.
  void set_dataset(std::shared_ptr<const Dataset> dataset);

  const ColoringState& state() const { return state_; }
  const ClusterState& clusters() const { return clusters_; }

  void set_scheme(ColorScheme scheme);
  void cycle_scheme();  // the C key
  // Colours by the scheme, the clusters (started on a worker thread when the clusters shown are
  // not for clusters().k) or a metadata column (an unknown column fills state().error).
  void set_color_by(ColorBy by, const std::string& metadata_column = {});
  void set_cluster_count(int k);  // clamped to [2, 200]; applied by the next run
  void start_clusters(int k);     // restarts if running
  void cancel_clusters();
  // Collects a finished clustering (wait: blocks until it is done). True if the colours changed.
  bool poll(bool wait = false);

  // One star per row with its colour, size and brightness, positions from dataset.positions and
  // no highlights; cached until the colours change (about 40 ms for 341k stars).
  const std::vector<render::Star>& plain_stars() const;

  std::uint64_t version() const { return version_; }

 private:
  void refresh_categories();

  std::shared_ptr<const Dataset> dataset_;
  ColoringState state_;
  ClusterState clusters_;
  BackgroundJob<Clustering> cluster_job_;
  std::shared_ptr<const Dataset> cluster_dataset_;  // the galaxy the running job clusters
  mutable std::vector<render::Star> plain_stars_;
  mutable std::uint64_t plain_stars_version_ = 0;
  std::uint64_t version_ = 1;
};

}  // namespace galaxy::app
