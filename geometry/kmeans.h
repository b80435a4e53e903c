// Spherical k-means (cosine) over the full-dimensional unit vectors: clusters for colouring the
// galaxy and naming its regions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "geometry/cancelled.h"
#include "geometry/cosine_index.h"

namespace galaxy {

struct SphericalKMeansOptions {
  int k = 12;
  int max_iterations = 40;  // Lloyd iterations (assign + update); 0 = the k-means++ seeds as is
  std::uint64_t seed = 42;  // k-means++ seeding; the same seed gives the same clustering
  // 0 = cluster all rows; otherwise cluster only the first N (most frequent) rows and assign every
  // other row to its nearest centroid afterwards (rare words are noisy and slow to cluster).
  std::size_t rows = 0;
  // Called on the calling thread with fractions rising to 1; returning false cancels:
  // spherical_kmeans then throws Cancelled (geometry/cancelled.h) and returns nothing.
  std::function<bool(double fraction)> progress;
  unsigned threads = 0;  // 0 = hardware concurrency; the result is identical for every value
};

struct Clustering {
  int k = 0;
  std::vector<std::int32_t> assignment;       // per row (all rows): nearest centroid, 0..k-1
  std::vector<std::vector<float>> centroids;  // k unit vectors (dims floats each)
  std::vector<std::size_t> sizes;             // rows per cluster (all rows)
  // Per cluster, up to 5 member rows with the highest cosine to the centroid, best first, ties by
  // lower row (= more frequent word).
  std::vector<std::vector<std::uint32_t>> central_rows;
  int iterations = 0;        // Lloyd iterations run (fewer than max_iterations when converged)
  double mean_cosine = 0.0;  // mean cosine of every row with its centroid (zero rows count as 0)
};

// Spherical k-means: rows are the index's unit vectors, similarity is the dot product, a centroid
// is the normalised sum of its members. k-means++ seeding (D^2 = 2 - 2 cos) from `seed`, then Lloyd
// iterations until no assignment changes or max_iterations. A cluster left empty (or whose members
// sum to zero) is reseeded with the clustered row farthest from its own centroid. The final
// assignment of every row is to its nearest final centroid (ties to the lower cluster).
// Deterministic for a given seed whatever the thread count: work is split into fixed blocks whose
// partial sums are added in block order. Cost per iteration: one float product rows x dims x k.
// DataError when k <= 0 or k exceeds the rows clustered. Throws Cancelled (see options.progress).
Clustering spherical_kmeans(const CosineIndex& index, const SphericalKMeansOptions& options);

// Legend name from the cluster's central words, e.g. "dog, cat, puppy" (up to `words` of them).
// std::out_of_range when `cluster` is not in [0, c.k).
std::string cluster_name(const Embedding& e, const Clustering& c, int cluster, int words = 3);

}  // namespace galaxy
