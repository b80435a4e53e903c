// KnnGraph: exact (the cosine index's pruned scan, one search per thread) or HNSW (hnswlib) k
// nearest neighbours of every row, and the neighbour-trust measure of a 2D/3D layout.
#include "geometry/knn_graph.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <memory>
#include <numeric>
#include <random>
#include <string>

// hnswlib 0.6.2's SSE prefetches read the entry one past each link list (searchBaseLayer:
// *(datal + j + 1)), 4 bytes beyond the allocation of an upper layer's list. Harmless (a prefetch
// hint), but AddressSanitizer rightly reports the read, so sanitizer builds use its plain loops.
#if defined(__SANITIZE_ADDRESS__) && !defined(NO_MANUAL_VECTORIZATION)
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>
#include <nanoflann.hpp>

#include "geometry/cancelled.h"
#include "geometry/embedding.h"
#include "geometry/fused_scan_internal.h"
#include "geometry/parallel_internal.h"
#include "geometry/topk_internal.h"

namespace galaxy {

namespace {

// Rows per block of the parallel searches: small enough that progress moves every few hundred ms.
constexpr std::size_t kSearchBlockRows = 512;

// Runs body(begin, end) over rows [0, rows) in blocks of block_rows on `threads` threads; progress
// (on the calling thread) goes from `from` to `to`. Throws Cancelled when progress says stop.
template <typename Body>
void for_each_search_block(std::size_t rows, unsigned threads,
                           const std::function<bool(double)>& progress, double from, double to,
                           Body&& body, std::size_t block_rows = kSearchBlockRows) {
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  const std::size_t blocks = (rows + block_rows - 1) / block_rows;
  // Every row is a search of its own, so every block is worth a thread (not one per 16k rows).
  detail::for_each_block(blocks, threads, [&](std::size_t b, bool on_calling_thread) {
    if (stop.load(std::memory_order_relaxed)) return;
    const std::size_t begin = b * block_rows;
    const std::size_t end = std::min(rows, begin + block_rows);
    body(begin, end);
    const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
    if (on_calling_thread && progress &&
        !progress(from + (to - from) * double(finished) / double(rows)))
      stop.store(true);
  });
  if (stop.load()) throw Cancelled();
}

void store_row(KnnGraph& graph, std::size_t row, std::vector<Neighbor> found) {
  std::sort(found.begin(), found.end(), detail::ranks_before);
  for (std::size_t i = 0; i < graph.k; ++i) {
    graph.neighbours[row * graph.k + i] = found[i].row;
    graph.similarities[row * graph.k + i] = found[i].score;
  }
}

// Rows per fused scan: 8 panels of 16 queries share each pass over the rows.
constexpr std::size_t kFusedQueries = 128;
// Candidates kept per row beyond k + 1 (the row itself): the fused scan's FMA scores may differ
// from the reference dot product in the last bits, so a few more are re-scored exactly.
constexpr std::size_t kRescoreMargin = 4;

KnnGraph exact_graph(const CosineIndex& index, KnnGraph graph, const KnnGraphOptions& options) {
  const int dims = index.dims();
  if (detail::fused_scan_available() && dims > 0) {
    // The rows themselves are the queries: one pass over every row per 128 of them.
    const std::size_t keep = std::min(index.rows(), graph.k + 1 + kRescoreMargin);
    for_each_search_block(
        index.rows(), options.threads, options.progress, 0.0, 1.0,
        [&](std::size_t begin, std::size_t end) {
          std::vector<detail::TopK> best(end - begin, detail::TopK(keep));
          detail::fused_scan(index, index.rows(), index.unit_row(begin), end - begin, best);
          for (std::size_t j = 0; j < end - begin; ++j) {
            const auto row = static_cast<std::uint32_t>(begin + j);
            std::vector<Neighbor> found;
            for (const Neighbor& n : best[j].take_sorted())
              if (n.row != row)
                found.push_back(
                    {n.row, detail::dot_f32(index.unit_row(row), index.unit_row(n.row), dims)});
            store_row(graph, row, std::move(found));
          }
        },
        kFusedQueries);
    return graph;
  }
  for_each_search_block(
      index.rows(), options.threads, options.progress, 0.0, 1.0,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r)
          store_row(graph, r,
                    index.nearest_to_word_on_this_thread(static_cast<std::uint32_t>(r), graph.k));
      });
  return graph;
}

KnnGraph hnsw_graph(const CosineIndex& index, KnnGraph graph, const KnnGraphOptions& options) {
  const std::size_t rows = index.rows();
  const int dims = index.dims();
  hnswlib::InnerProductSpace space(static_cast<std::size_t>(dims));
  hnswlib::HierarchicalNSW<float> hnsw(&space, rows, options.hnsw_m, options.hnsw_ef_construction,
                                       static_cast<std::size_t>(options.seed));
  // One thread: hnswlib's concurrent inserts link points in the order the threads happen to run.
  constexpr double kBuildShare = 0.7;  // of the progress bar
  for (std::size_t r = 0; r < rows; ++r) {
    hnsw.addPoint(index.unit_row(r), static_cast<hnswlib::labeltype>(r));
    if (options.progress && r % 1024 == 1023 &&
        !options.progress(kBuildShare * double(r + 1) / double(rows)))
      throw Cancelled();
  }
  hnsw.setEf(std::max(options.hnsw_ef_search, graph.k + 1));
  for_each_search_block(
      rows, options.threads, options.progress, kBuildShare, 1.0,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t r = begin; r < end; ++r) {
          auto queue = hnsw.searchKnn(index.unit_row(r), graph.k + 1);
          std::vector<Neighbor> found;
          found.reserve(queue.size());
          for (; !queue.empty(); queue.pop()) {
            const auto row = static_cast<std::uint32_t>(queue.top().second);
            if (row == r) continue;
            // The reference dot product, so exact and approximate graphs score rows alike.
            found.push_back({row, detail::dot_f32(index.unit_row(r), index.unit_row(row), dims)});
          }
          // A search that missed (tiny graphs, duplicate vectors): fill up exactly.
          if (found.size() < graph.k)
            found = index.nearest_to_word_on_this_thread(static_cast<std::uint32_t>(r), graph.k);
          store_row(graph, r, std::move(found));
        }
      });
  return graph;
}

// The layout's points as nanoflann reads them: rows x dims floats.
struct LayoutPoints {
  const float* points;
  std::size_t rows;
  int dims;
  std::size_t kdtree_get_point_count() const { return rows; }
  float kdtree_get_pt(std::size_t row, std::size_t c) const {
    return points[row * std::size_t(dims) + c];
  }
  template <typename Box>
  bool kdtree_get_bbox(Box&) const {
    return false;
  }
};

// The k nearest points to `row` in the layout (Euclidean, the row itself excluded), sorted by row.
// Ties at the k-th distance go to the lower row, as everywhere in geometry/.
template <typename Tree>
void layout_neighbours(const Tree& tree, const LayoutPoints& layout, std::uint32_t row,
                       std::size_t k, std::vector<std::uint32_t>& found,
                       std::vector<std::uint32_t>& ids, std::vector<float>& d2) {
  // A few extra so that the row itself and ties at the boundary can be settled exactly.
  const std::size_t ask = std::min(layout.rows, k + 1 + 8);
  ids.resize(ask);
  d2.resize(ask);
  const std::size_t got = tree.knnSearch(
      layout.points + std::size_t(row) * std::size_t(layout.dims), ask, ids.data(), d2.data());
  std::vector<std::pair<float, std::uint32_t>> ranked;
  for (std::size_t i = 0; i < got; ++i)
    if (ids[i] != row) ranked.push_back({d2[i], ids[i]});
  std::sort(ranked.begin(), ranked.end());
  found.clear();
  for (std::size_t i = 0; i < ranked.size() && found.size() < k; ++i)
    found.push_back(ranked[i].second);
  std::sort(found.begin(), found.end());
}

}  // namespace

KnnGraph build_knn_graph(const CosineIndex& index, const KnnGraphOptions& options) {
  const std::size_t rows = index.rows();
  if (options.k == 0) throw DataError("k nearest neighbours: k must be at least 1");
  if (rows < 2) throw DataError("k nearest neighbours: need at least 2 words");
  KnnGraph graph;
  graph.rows = rows;
  graph.k = std::min(options.k, rows - 1);
  graph.neighbours.assign(rows * graph.k, 0);
  graph.similarities.assign(rows * graph.k, 0.0f);
  const bool exact = options.method == KnnMethod::Exact ||
                     (options.method == KnnMethod::Auto && rows <= kExactKnnRows);
  graph.exact = exact;
  return exact ? exact_graph(index, std::move(graph), options)
               : hnsw_graph(index, std::move(graph), options);
}

double knn_recall(const KnnGraph& approximate, const KnnGraph& exact) {
  if (approximate.rows != exact.rows)
    throw DataError("knn_recall: the graphs have different rows (" +
                    std::to_string(approximate.rows) + " and " + std::to_string(exact.rows) + ")");
  const std::size_t k = std::min(approximate.k, exact.k);
  if (exact.rows == 0 || k == 0) return 1.0;
  std::size_t found = 0;
  for (std::size_t r = 0; r < exact.rows; ++r) {
    const std::uint32_t* a = approximate.neighbours_of(r);
    const std::uint32_t* e = exact.neighbours_of(r);
    for (std::size_t i = 0; i < k; ++i)
      found += std::find(a, a + approximate.k, e[i]) != a + approximate.k;
  }
  return double(found) / double(exact.rows * k);
}

// [SECTION] Neighbour trust

NeighbourTrust neighbour_trust(const CosineIndex& index, const std::vector<float>& layout, int dims,
                               const TrustOptions& options) {
  const std::size_t rows = index.rows();
  if (dims != 2 && dims != 3)
    throw DataError("neighbour trust: a layout has 2 or 3 dimensions, not " + std::to_string(dims));
  if (layout.size() != rows * std::size_t(dims))
    throw DataError("neighbour trust: the layout has " + std::to_string(layout.size()) +
                    " values, expected " + std::to_string(rows) + " rows x " +
                    std::to_string(dims));
  if (options.k == 0 || options.k >= rows)
    throw DataError("neighbour trust: k must be between 1 and the number of words - 1");
  const std::size_t k = options.k;
  const KnnGraph* truth = options.true_neighbours && options.true_neighbours->rows == rows &&
                                  options.true_neighbours->k >= k
                              ? options.true_neighbours
                              : nullptr;

  NeighbourTrust trust;
  trust.k = k;
  if (rows <= kExactTrustRows || options.sample_rows >= rows) {
    trust.rows.resize(rows);
    std::iota(trust.rows.begin(), trust.rows.end(), 0u);
  } else {
    // A seeded sample without repeats (partial Fisher-Yates), measured in row order.
    std::vector<std::uint32_t> all(rows);
    std::iota(all.begin(), all.end(), 0u);
    std::mt19937_64 rng(options.seed);
    for (std::size_t i = 0; i < options.sample_rows; ++i) {
      std::uniform_int_distribution<std::size_t> pick(i, rows - 1);
      std::swap(all[i], all[pick(rng)]);
    }
    all.resize(options.sample_rows);
    std::sort(all.begin(), all.end());
    trust.rows = std::move(all);
    trust.sampled = true;
  }
  trust.recall.assign(trust.rows.size(), 0.0f);

  // A k-d tree of the picture: the k nearest points of each measured row in O(log n).
  const LayoutPoints points{layout.data(), rows, dims};
  using Tree =
      nanoflann::KDTreeSingleIndexAdaptor<nanoflann::L2_Simple_Adaptor<float, LayoutPoints>,
                                          LayoutPoints, -1, std::uint32_t>;
  const Tree tree(dims, points, nanoflann::KDTreeSingleIndexAdaptorParams(16));
  for_each_search_block(trust.rows.size(), options.threads, options.progress, 0.0, 1.0,
                        [&](std::size_t begin, std::size_t end) {
                          std::vector<std::uint32_t> near, ids;
                          std::vector<float> d2;
                          for (std::size_t i = begin; i < end; ++i) {
                            const std::uint32_t row = trust.rows[i];
                            layout_neighbours(tree, points, row, k, near, ids, d2);
                            std::size_t hits = 0;
                            if (truth) {
                              const std::uint32_t* t = truth->neighbours_of(row);
                              for (std::size_t j = 0; j < k; ++j)
                                hits += std::binary_search(near.begin(), near.end(), t[j]);
                            } else {
                              for (const Neighbor& n : index.nearest_to_word_on_this_thread(row, k))
                                hits += std::binary_search(near.begin(), near.end(), n.row);
                            }
                            trust.recall[i] = float(hits) / float(k);
                          }
                        });
  double sum = 0.0;
  for (float r : trust.recall) sum += r;
  trust.mean = trust.recall.empty() ? 0.0 : sum / double(trust.recall.size());
  return trust;
}

}  // namespace galaxy
