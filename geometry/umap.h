// UMAP (McInnes, Healy & Melville 2018) of the rows of a CosineIndex into 2 or 3 dimensions, from
// their cosine kNN graph: smooth-kNN distances, fuzzy union, spectral or PCA initialisation, SGD
// with negative sampling, a/b fitted from min_dist and spread.
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
  int dims = 3;                  // 2 or 3
  std::size_t n_neighbors = 15;  // as umap-learn: the row itself counts as one of them
  float min_dist = 0.1f;
  float spread = 1.0f;
  int epochs = 0;  // 0: umap-learn's rule (500 below 10,000 rows, else 200)
  float learning_rate = 1.0f;
  int negative_samples = 5;
  float repulsion_strength = 1.0f;
  // Spectral: the normalised Laplacian's first non-trivial eigenvectors, as umap-learn. It falls
  // back to Pca when the graph is disconnected or the eigen-iteration does not converge.
  UmapInit init = UmapInit::Spectral;
  // If set, receives the start actually used (Pca where Spectral fell back).
  UmapInit* init_used = nullptr;
  std::uint64_t seed = 42;
  unsigned threads = 0;  // 0: all cores
  // Fractions in [0, 1] on the calling thread; false stops the run (umap_layout throws Cancelled).
  std::function<bool(double fraction)> progress;
  // Every snapshot_epochs epochs (and at the end), the layout so far (rows * dims, row-major), on
  // the calling thread: the window shows the stars moving while the optimisation runs.
  std::function<void(const std::vector<float>& layout)> snapshot;
  int snapshot_epochs = 10;  // at least 1
};

// The curve 1 / (1 + a d^(2b)) fitted to UMAP's target membership (1 up to min_dist, then
// exp(-(d - min_dist) / spread)), by least squares on [0, 3 * spread] as umap-learn does.
struct UmapCurve {
  float a = 0.0f;
  float b = 0.0f;
};
UmapCurve fit_umap_curve(float spread, float min_dist);

// rows * dims floats, row-major. `graph` must hold at least n_neighbors - 1 neighbours per row of
// `index`. DataError for bad options; Cancelled when progress says stop (checked after every epoch
// and every step of the spectral iteration, a few ms apart on the bundled 45k words).
//
// Deterministic: the same options, seed and graph give bitwise the same layout (and snapshots) for
// any thread count; nothing in the result depends on `threads`. This differs from umap-learn's
// Hogwild SGD, where threads race on shared rows: in each epoch every row, as the head of its
// edges, moves on its own, reading every other row from the layout as it was at the start of the
// epoch and writing only itself (the fuzzy graph holds both directions of every edge, so every
// row still feels every edge; the attraction is doubled to make up for umap-learn moving both
// ends). Negative samples come from a counter-based generator keyed by (seed, edge, epoch), the
// spectral start's products with the graph are computed per row and its sums in row order.
// The seed changes the spectral start's random block, the start's 1e-4 noise and the negative
// samples. Results are reproducible on one platform and compiler; std::pow/std::exp may round
// differently in another C library.
std::vector<float> umap_layout(const CosineIndex& index, const KnnGraph& graph,
                               const UmapOptions& options = {});

}  // namespace galaxy
