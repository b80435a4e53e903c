// KnnGraph: every row's k nearest rows by cosine in the full dimensions, the input of UMAP and
// t-SNE and the reference of the neighbour-trust meter. Exact (the cosine index's pruned scan) up
// to kExactKnnRows rows, approximate above (HNSW from Debian's hnswlib, whose recall against exact
// is measured by knn_recall and reported by the benchmarks).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "geometry/cosine_index.h"

namespace galaxy {

enum class KnnMethod { Auto, Exact, Hnsw };

// Auto picks exact search up to this many rows (45k bundled words: about 2 s on 2 cores) and HNSW
// above (an exact graph of 341k rows would take minutes).
inline constexpr std::size_t kExactKnnRows = 120000;

struct KnnGraphOptions {
  std::size_t k = 15;
  KnnMethod method = KnnMethod::Auto;
  unsigned threads = 0;  // 0: all cores
  // HNSW: graph degree, build and search beam widths, and the seed of its level generator. The
  // graph is built on one thread (hnswlib's parallel inserts depend on timing), then searched on
  // `threads` threads, so the result depends on the seed only.
  std::size_t hnsw_m = 16;
  std::size_t hnsw_ef_construction = 120;
  std::size_t hnsw_ef_search = 80;
  std::uint64_t seed = 42;
  // Called with fractions in [0, 1] on the calling thread; returning false stops the work and
  // build_knn_graph throws Cancelled.
  std::function<bool(double fraction)> progress;
};

struct KnnGraph {
  std::size_t rows = 0;
  std::size_t k = 0;
  bool exact = true;
  // rows * k entries, row r's neighbours at [r * k, (r + 1) * k), best first, the row itself never
  // among them. Rows with fewer than k other rows (tiny inputs) repeat nothing: k is min(k,
  // rows-1).
  std::vector<std::uint32_t> neighbours;
  std::vector<float> similarities;  // cosine, same layout

  const std::uint32_t* neighbours_of(std::size_t row) const { return neighbours.data() + row * k; }
  const float* similarities_of(std::size_t row) const { return similarities.data() + row * k; }
};

// The graph of every row of `index`. DataError for k == 0 or fewer than 2 rows; Cancelled when the
// progress callback says stop.
KnnGraph build_knn_graph(const CosineIndex& index, const KnnGraphOptions& options = {});

// Fraction of `exact`'s neighbours (its first min(k) per row) found among `approximate`'s, averaged
// over rows: 1 for a perfect graph. Both graphs must have the same rows.
double knn_recall(const KnnGraph& approximate, const KnnGraph& exact);

// [Neighbour trust] How far a 2D or 3D picture can be trusted: for each row, the fraction of its k
// true cosine neighbours (full dimensions) that are among its k nearest points in the layout
// (Euclidean). 1 means the picture's neighbours are the true ones.
struct TrustOptions {
  std::size_t k = 10;
  // Rows measured: every row up to kExactTrustRows rows, else a seeded sample of sample_rows rows
  // (their layout neighbours are still searched among all rows).
  std::size_t sample_rows = 10000;
  std::uint64_t seed = 7;
  unsigned threads = 0;
  // The true neighbours, if already known (a KnnGraph with at least k neighbours; an approximate
  // graph makes the measure approximate too). Null: exact search in the index.
  const KnnGraph* true_neighbours = nullptr;
  std::function<bool(double fraction)> progress;  // as KnnGraphOptions::progress
};

inline constexpr std::size_t kExactTrustRows = 60000;

struct NeighbourTrust {
  std::size_t k = 0;
  bool sampled = false;
  std::vector<std::uint32_t> rows;  // the rows measured, ascending (all rows when not sampled)
  std::vector<float> recall;        // per measured row, in [0, 1]
  double mean = 0.0;                // mean of recall
};

// `layout` holds rows * dims floats (dims 2 or 3), row-major, for the index's rows. DataError for a
// size mismatch, dims other than 2 or 3, or k >= rows.
NeighbourTrust neighbour_trust(const CosineIndex& index, const std::vector<float>& layout, int dims,
                               const TrustOptions& options = {});

}  // namespace galaxy
