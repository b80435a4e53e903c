// t-SNE (van der Maaten & Hinton 2008) with the Barnes-Hut approximation (van der Maaten 2014) of
// the rows of a CosineIndex into 2 or 3 dimensions, from their cosine kNN graph:
// perplexity-calibrated affinities on 3 x perplexity neighbours, early exaggeration, PCA
// initialisation scaled as Kobak & Berens (2019) recommend (PC1 standard deviation 1e-4), the
// learning rate max(N / 12, 200) (Belkina et al. 2019), momentum 0.5 then 0.8, gains as in the
// reference implementation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "geometry/cosine_index.h"
#include "geometry/knn_graph.h"

namespace galaxy {

struct TsneOptions {
  int dims = 3;  // 2 or 3
  float perplexity = 30.0f;
  int iterations = 750;               // in all, early exaggeration included
  int exaggeration_iterations = 250;  // the first ones, with P multiplied by early_exaggeration
  float early_exaggeration = 12.0f;
  float learning_rate = 0.0f;  // 0: max(N / early_exaggeration, 200)
  float theta = 0.5f;          // Barnes-Hut accuracy (0: exact, slow)
  std::uint64_t seed = 42;     // only breaks ties of the PCA initialisation's signs and jitter
  unsigned threads = 0;        // 0: all cores
  // As UmapOptions: progress (false stops: Cancelled) and the layout every snapshot_iterations.
  std::function<bool(double fraction)> progress;
  std::function<void(const std::vector<float>& layout)> snapshot;
  int snapshot_iterations = 25;
};

// rows * dims floats, row-major. `graph` must hold at least min(rows - 1, 3 * perplexity)
// neighbours per row. DataError for bad options (dims not 2 or 3, perplexity below 1 or above
// rows - 1, a graph of other rows or with too few neighbours, iterations below 1 or below the
// exaggeration iterations, negative theta / learning rate, non-positive exaggeration, snapshot
// iterations below 1 with a snapshot callback); Cancelled when progress says stop (it is asked
// after every iteration, so a stop takes effect within one gradient step).
//
// Deterministic: the same index, graph and options (seed included) give bitwise the same layout
// for any thread count, and nothing in the result depends on it. Each row's affinities, forces
// and sums are computed by one thread in a fixed order; the tree is built on the calling thread;
// Z and the layout's mean are summed in row order. The AVX2 and the portable SSE2 force kernels
// give the same bits too (set_simd_enabled). Other builds (compiler, libm's exp and log) may
// round differently. The seed only moves a jitter 1e-3 the size of the initial layout.
//
// Repulsion: Barnes-Hut on a quadtree / octree rebuilt every iteration, walked once per group of
// 32 consecutive points in tree order; a node is summarised when its largest side is under theta
// times its distance to the whole group's box, so every point gets at least the accuracy of the
// classic point-by-point criterion. theta = 0 computes every pair exactly.
std::vector<float> tsne_layout(const CosineIndex& index, const KnnGraph& graph,
                               const TsneOptions& options = {});

}  // namespace galaxy
