// Neighbour layouts: the kNN graph, then UMAP or t-SNE, then (optionally) the trust measure.
#include "geometry/neighbour_layout.h"

#include <algorithm>
#include <chrono>
#include <cmath>

namespace galaxy {

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Progress `from`..`to` of the whole run, from a part's own 0..1.
std::function<bool(double)> part_of(const std::function<bool(double)>& progress, double from,
                                    double to) {
  if (!progress) return {};
  return [progress, from, to](double f) { return progress(from + (to - from) * f); };
}

// The method's options with the common ones (dims, seed, threads, callbacks) put in.
template <typename MethodOptions>
MethodOptions with_common(MethodOptions method, const NeighbourLayoutOptions& common, double from,
                          double to) {
  method.dims = common.dims;
  method.seed = common.seed;
  method.threads = common.threads;
  method.progress = part_of(common.progress, from, to);
  method.snapshot = common.snapshot;
  return method;
}

constexpr double kGraphShare = 0.3;
constexpr double kLayoutShare = 0.95;  // the rest: trust

}  // namespace

const char* neighbour_method_name(NeighbourMethod method) {
  return method == NeighbourMethod::Umap ? "umap" : "tsne";
}

NeighbourMethod parse_neighbour_method(const std::string& name) {
  if (name == "umap") return NeighbourMethod::Umap;
  if (name == "tsne" || name == "t-sne") return NeighbourMethod::Tsne;
  throw DataError("unknown layout method '" + name + "' (umap or tsne)");
}

NeighbourLayout compute_neighbour_layout(const CosineIndex& index,
                                         const NeighbourLayoutOptions& options) {
  NeighbourLayout result;
  result.method = options.method;
  result.dims = options.dims;
  const bool umap = options.method == NeighbourMethod::Umap;
  const double layout_end = options.measure_trust ? kLayoutShare : 1.0;

  KnnGraphOptions graph_options;
  graph_options.k = umap ? std::max<std::size_t>(options.umap.n_neighbors, 2) - 1
                         : static_cast<std::size_t>(std::floor(3.0f * options.tsne.perplexity));
  // The trust meter needs 10 true neighbours: one graph serves both.
  if (options.measure_trust) graph_options.k = std::max<std::size_t>(graph_options.k, 10);
  graph_options.method = options.knn;
  graph_options.threads = options.threads;
  graph_options.seed = options.seed;
  graph_options.progress = part_of(options.progress, 0.0, kGraphShare);
  auto start = std::chrono::steady_clock::now();
  result.graph = build_knn_graph(index, graph_options);
  result.graph_seconds = seconds_since(start);

  start = std::chrono::steady_clock::now();
  if (umap) {
    result.coordinates = umap_layout(index, result.graph,
                                     with_common(options.umap, options, kGraphShare, layout_end));
  } else {
    result.coordinates = tsne_layout(index, result.graph,
                                     with_common(options.tsne, options, kGraphShare, layout_end));
  }
  result.layout_seconds = seconds_since(start);

  if (options.measure_trust) {
    TrustOptions trust;
    trust.k = 10;
    trust.threads = options.threads;
    // An approximate graph would make the measure approximate too: then the index is searched.
    trust.true_neighbours = result.graph.exact ? &result.graph : nullptr;
    trust.progress = part_of(options.progress, kLayoutShare, 1.0);
    result.trust = neighbour_trust(index, result.coordinates, options.dims, trust);
  }
  return result;
}

}  // namespace galaxy
