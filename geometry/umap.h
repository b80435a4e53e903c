// UMAP (McInnes, Healy & Melville 2018) of the rows of a CosineIndex into 2 or 3 dimensions, from
// their cosine kNN graph: smooth-kNN distances, fuzzy union, spectral or PCA initialisation, SGD with
// negative sampling, a/b fitted from min_dist and spread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/knn_graph.h"

namespace galaxy {

enum class UmapInit { Spectral, Pca };

struct UmapOptions {
  int dims = 3;                 // 2 or 3
  std::size_t n_neighbors = 15;  // as umap-learn: the row itself counts as one of them
  float min_dist = 0.1f;
  float spread = 1.0f;
  int epochs = 0;  // 0: umap-learn's rule (500 below 10,000 rows, else 200)
  float learning_rate = 1.0f;
  int negative_samples = 5;
  float repulsion_strength = 1.0f;
  UmapInit init = UmapInit::Spectral;
  std::uint64_t seed = 42;
  unsigned threads = 0;  // 0: all cores
  // Fractions in [0, 1] on the calling thread; false stops the run (umap_layout throws Cancelled).
  std::function<bool(double fraction)> progress;
  // Every snapshot_epochs epochs (and at the end), the layout so far (rows * dims, row-major), on
  // the calling thread: the window shows the stars moving while the optimisation runs.
  std::function<void(const std::vector<float>& layout)> snapshot;
  int snapshot_epochs = 10;
};

// The curve 1 / (1 + a d^(2b)) fitted to UMAP's target membership (1 up to min_dist, then
// exp(-(d - min_dist) / spread)), by least squares on [0, 3 * spread] as umap-learn does.
struct UmapCurve {
  float a = 0.0f;
  float b = 0.0f;
};
UmapCurve fit_umap_curve(float spread, float min_dist);

// rows * dims floats, row-major. `graph` must hold at least n_neighbors - 1 neighbours per row of
// `index`. Deterministic: the same options, seed and graph give bitwise the same layout for any
// thread count. DataError for bad options; Cancelled when progress says stop.
std::vector<float> umap_layout(const CosineIndex& index, const KnnGraph& graph,
                               const UmapOptions& options = {});

}  // namespace galaxy
