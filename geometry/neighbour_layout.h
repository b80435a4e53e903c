// Neighbour layouts: UMAP or t-SNE of every row, from its kNN graph, in one call that the command
// line and the window's worker thread share (graph, layout and trust, each timed), so both give the
// same picture for the same options.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "geometry/knn_graph.h"
#include "geometry/tsne.h"
#include "geometry/umap.h"

namespace galaxy {

enum class NeighbourMethod { Umap, Tsne };

// "umap", "tsne"; DataError listing them for other names.
const char* neighbour_method_name(NeighbourMethod method);
NeighbourMethod parse_neighbour_method(const std::string& name);

struct NeighbourLayoutOptions {
  NeighbourMethod method = NeighbourMethod::Umap;
  int dims = 3;
  std::uint64_t seed = 42;
  unsigned threads = 0;
  // The method's own parameters (their dims, seed, threads, progress and snapshot are replaced by
  // the ones here).
  UmapOptions umap;
  TsneOptions tsne;
  KnnMethod knn = KnnMethod::Auto;
  bool measure_trust = false;  // also compute recall@10 of the result (exact up to 60k rows)
  std::function<bool(double fraction)> progress;
  std::function<void(const std::vector<float>& layout)> snapshot;
};

struct NeighbourLayout {
  NeighbourMethod method = NeighbourMethod::Umap;
  int dims = 3;
  std::vector<float> coordinates;  // rows * dims, row-major
  KnnGraph graph;
  double graph_seconds = 0.0;
  double layout_seconds = 0.0;
  std::optional<NeighbourTrust> trust;  // measure_trust
};

// The kNN graph (k = n_neighbors - 1 for UMAP, 3 * perplexity for t-SNE, exact up to kExactKnnRows
// rows), then the layout; progress runs 0..0.3 for the graph and 0.3..1 for the layout.
NeighbourLayout compute_neighbour_layout(const CosineIndex& index,
                                         const NeighbourLayoutOptions& options);

}  // namespace galaxy
