// Barnes-Hut t-SNE: perplexity calibration on the kNN graph, the symmetric sparse P, a flat
// stackless quadtree / octree for the repulsive forces, and bhtsne's gradient descent with gains.
//
// [SECTION] Options
// [SECTION] Input affinities
// [SECTION] Barnes-Hut gradient
// [SECTION] Optimisation
#include "geometry/tsne.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <string>

#include "geometry/cancelled.h"
#include "geometry/cosine_index.h"
#include "geometry/embedding.h"
#include "geometry/parallel_internal.h"
#include "geometry/pca.h"
#include "geometry/tsne_internal.h"

namespace galaxy {

namespace {

// Rows per block of the parallel loops: enough blocks for any thread count to share them evenly,
// and the blocks' bounds depend on the row count only.
constexpr std::size_t kBlockRows = 128;

// The neighbours a row's affinities use: 3 x perplexity (bhtsne's K), but no more than there are
// other rows.
std::size_t affinity_neighbours(std::size_t rows, double perplexity) {
  const double wanted = std::floor(3.0 * perplexity);
  return static_cast<std::size_t>(std::min<double>(wanted, double(rows - 1)));
}

// [SECTION] Options

std::string number(double value) {
  std::string text = std::to_string(value);
  text.erase(text.find_last_not_of('0') + 1);
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

void check_options(const CosineIndex& index, const KnnGraph& graph, const TsneOptions& options) {
  const std::size_t rows = index.rows();
  if (options.dims != 2 && options.dims != 3)
    throw DataError("t-SNE: the layout has 2 or 3 dimensions, not " + std::to_string(options.dims));
  if (rows < 2) throw DataError("t-SNE: need at least 2 words");
  if (rows >= std::numeric_limits<std::uint32_t>::max())
    throw DataError("t-SNE: too many words (" + std::to_string(rows) + ")");
  if (graph.rows != rows)
    throw DataError("t-SNE: the neighbour graph has " + std::to_string(graph.rows) +
                    " rows, the index " + std::to_string(rows));
  // The entropy of a distribution is at least 0 and at most log(neighbours), so the perplexity
  // (exp(entropy)) can only be calibrated within [1, neighbours].
  const double perplexity = options.perplexity;
  if (!(perplexity >= 1.0) || !std::isfinite(perplexity))
    throw DataError(
        "t-SNE: perplexity must be at least 1 (it is an effective number of "
        "neighbours), not " +
        number(perplexity));
  if (perplexity > double(rows - 1))
    throw DataError("t-SNE: perplexity " + number(perplexity) + " is too large for " +
                    std::to_string(rows) + " words (at most " + std::to_string(rows - 1) +
                    ", the number of other words)");
  const std::size_t needed = affinity_neighbours(rows, perplexity);
  if (graph.k < needed)
    throw DataError("t-SNE: the neighbour graph has " + std::to_string(graph.k) +
                    " neighbours per word; perplexity " + number(perplexity) + " needs " +
                    std::to_string(needed) + " (3 x perplexity, at most the other words)");
  if (options.exaggeration_iterations < 0)
    throw DataError("t-SNE: exaggeration iterations must be 0 or more");
  if (options.iterations < 1 || options.iterations < options.exaggeration_iterations)
    throw DataError("t-SNE: iterations (" + std::to_string(options.iterations) +
                    ") must be at least 1 and at least the exaggeration iterations (" +
                    std::to_string(options.exaggeration_iterations) + ")");
  if (!(options.early_exaggeration > 0.0f) || !std::isfinite(options.early_exaggeration))
    throw DataError("t-SNE: early exaggeration must be a positive number");
  if (!(options.learning_rate >= 0.0f) || !std::isfinite(options.learning_rate))
    throw DataError("t-SNE: the learning rate must be 0 (automatic) or positive");
  if (!(options.theta >= 0.0f) || !std::isfinite(options.theta))
    throw DataError("t-SNE: theta must be 0 (exact) or positive");
  if (options.snapshot && options.snapshot_iterations < 1)
    throw DataError("t-SNE: snapshot iterations must be at least 1");
}

}  // namespace

namespace detail {

// [SECTION] Input affinities

namespace {

// bhtsne's bisection on the precision beta of row `distances` (k squared distances) for the
// entropy log(perplexity); writes the normalised probabilities. Distances are shifted by their
// minimum first: the normalised distribution and its entropy are the same, but exp() cannot
// underflow to an all-zero row however large beta grows.
void calibrate_row(const float* similarities, std::size_t k, double perplexity, double* distances,
                   double* probabilities) {
  double nearest = std::numeric_limits<double>::infinity();
  for (std::size_t m = 0; m < k; ++m) {
    distances[m] = std::max(0.0, 2.0 - 2.0 * double(similarities[m]));
    nearest = std::min(nearest, distances[m]);
  }
  for (std::size_t m = 0; m < k; ++m) distances[m] -= nearest;

  const double target = std::log(perplexity);
  constexpr double kTolerance = 1e-5;
  constexpr int kMaxSteps = 200;
  double beta = 1.0;
  double low = -std::numeric_limits<double>::max();
  double high = std::numeric_limits<double>::max();
  double sum = 0.0;
  for (int step = 0; step < kMaxSteps; ++step) {
    sum = 0.0;
    double weighted = 0.0;
    for (std::size_t m = 0; m < k; ++m) {
      probabilities[m] = std::exp(-beta * distances[m]);
      sum += probabilities[m];
      weighted += distances[m] * probabilities[m];
    }
    const double entropy = std::log(sum) + beta * weighted / sum;  // sum >= 1: the nearest gives 1
    const double excess = entropy - target;
    if (std::abs(excess) < kTolerance) break;
    if (excess > 0) {
      low = beta;
      beta = high == std::numeric_limits<double>::max() ? beta * 2.0 : (beta + high) / 2.0;
    } else {
      high = beta;
      beta = low == -std::numeric_limits<double>::max() ? beta / 2.0 : (beta + low) / 2.0;
    }
  }
  for (std::size_t m = 0; m < k; ++m) probabilities[m] /= sum;
}

}  // namespace

TsneConditionals tsne_conditionals(const KnnGraph& graph, std::size_t k, double perplexity,
                                   unsigned threads, const std::function<bool(double)>& progress) {
  TsneConditionals result;
  result.rows = graph.rows;
  result.k = k;
  result.neighbours.resize(graph.rows * k);
  result.probabilities.resize(graph.rows * k);
  std::atomic<std::size_t> done{0};
  std::atomic<bool> stop{false};
  const std::size_t blocks = (graph.rows + kBlockRows - 1) / kBlockRows;
  detail::for_each_block(blocks, threads, [&](std::size_t b, bool on_calling_thread) {
    if (stop.load(std::memory_order_relaxed)) return;
    const std::size_t begin = b * kBlockRows;
    const std::size_t end = std::min(graph.rows, begin + kBlockRows);
    std::vector<double> distances(k);
    for (std::size_t r = begin; r < end; ++r) {
      std::copy(graph.neighbours_of(r), graph.neighbours_of(r) + k,
                result.neighbours.begin() + std::ptrdiff_t(r * k));
      calibrate_row(graph.similarities_of(r), k, perplexity, distances.data(),
                    result.probabilities.data() + r * k);
    }
    const std::size_t finished = done.fetch_add(end - begin) + (end - begin);
    if (on_calling_thread && progress && !progress(double(finished) / double(graph.rows)))
      stop.store(true);
  });
  if (stop.load()) throw Cancelled();
  return result;
}

SparseAffinities tsne_joint_affinities(const TsneConditionals& conditionals, unsigned threads) {
  const std::size_t rows = conditionals.rows;
  const std::size_t k = conditionals.k;
  // Every p(j | i) lands in row i (column j) and in row j (column i); rows are then sorted by
  // column and their duplicates (the pairs that are neighbours both ways) added.
  std::vector<std::size_t> start(rows + 1, 0);
  for (std::size_t i = 0; i < rows; ++i) {
    start[i + 1] += k;
    for (std::size_t m = 0; m < k; ++m) start[conditionals.neighbours[i * k + m] + 1] += 1;
  }
  for (std::size_t i = 0; i < rows; ++i) start[i + 1] += start[i];
  struct Entry {
    std::uint32_t column;
    double value;
  };
  std::vector<Entry> entries(start[rows]);
  std::vector<std::size_t> fill(start.begin(), start.end() - 1);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t m = 0; m < k; ++m) {
      const std::uint32_t j = conditionals.neighbours[i * k + m];
      const double value = conditionals.probabilities[i * k + m];
      entries[fill[i]++] = {j, value};
      entries[fill[j]++] = {static_cast<std::uint32_t>(i), value};
    }

  // Merge each row in place; kept[i] is its length after merging.
  std::vector<std::size_t> kept(rows, 0);
  const double scale = 1.0 / (2.0 * double(rows));
  const std::size_t blocks = (rows + kBlockRows - 1) / kBlockRows;
  detail::for_each_block(blocks, threads, [&](std::size_t b) {
    for (std::size_t i = b * kBlockRows; i < std::min(rows, (b + 1) * kBlockRows); ++i) {
      Entry* first = entries.data() + start[i];
      Entry* last = entries.data() + start[i + 1];
      // Equal columns hold at most two values, and a + b == b + a: the order among them is moot.
      std::sort(first, last, [](const Entry& a, const Entry& c) { return a.column < c.column; });
      std::size_t out = 0;
      for (Entry* e = first; e != last; ++e) {
        if (out > 0 && first[out - 1].column == e->column)
          first[out - 1].value += e->value;
        else
          first[out++] = *e;
      }
      for (std::size_t m = 0; m < out; ++m) first[m].value *= scale;
      kept[i] = out;
    }
  });

  SparseAffinities p;
  p.rows = rows;
  p.row_start.assign(rows + 1, 0);
  for (std::size_t i = 0; i < rows; ++i) p.row_start[i + 1] = p.row_start[i] + kept[i];
  p.columns.resize(p.row_start[rows]);
  p.values.resize(p.row_start[rows]);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t m = 0; m < kept[i]; ++m) {
      p.columns[p.row_start[i] + m] = entries[start[i] + m].column;
      p.values[p.row_start[i] + m] = static_cast<float>(entries[start[i] + m].value);
    }
  return p;
}

// [SECTION] Barnes-Hut gradient

namespace {

// A node with at most this many points is a leaf, whose points are visited one by one when it is
// too close to summarise: a few exact terms cost less than more levels of nodes. 16 leaf points
// and 32 group points were the fastest of {8, 16, 32} x {16, 32} on 10,000 GloVe words in 3D.
constexpr std::uint32_t kLeafPoints = 16;
// Deeper than this, points are (nearly) equal in float: they stay together in one leaf.
constexpr int kMaxDepth = 64;

}  // namespace

BarnesHutGradient::BarnesHutGradient(std::size_t rows, int dims, double theta, unsigned threads)
    : rows_(rows),
      dims_(dims),
      theta2_(theta * theta),
      threads_(threads),
      points_(rows * std::size_t(dims)),
      tree_points_(rows * std::size_t(dims)),
      order_(rows),
      scratch_(rows),
      attraction_(rows * std::size_t(dims)),
      repulsion_(rows * std::size_t(dims)),
      row_z_(rows) {
  nodes_.reserve(2 * rows + 1);
}

template <int Dims>
std::uint32_t BarnesHutGradient::build_node(std::uint32_t begin, std::uint32_t end, int depth) {
  const auto index = static_cast<std::uint32_t>(nodes_.size());
  nodes_.emplace_back();
  double sum[Dims] = {};
  float low[Dims];
  float high[Dims];
  for (int d = 0; d < Dims; ++d) low[d] = high[d] = points_[std::size_t(order_[begin]) * Dims + d];
  for (std::uint32_t t = begin; t < end; ++t) {
    const float* point = points_.data() + std::size_t(order_[t]) * Dims;
    for (int d = 0; d < Dims; ++d) {
      sum[d] += point[d];
      low[d] = std::min(low[d], point[d]);
      high[d] = std::max(high[d], point[d]);
    }
  }
  Node node{};
  const std::uint32_t count = end - begin;
  float extent = 0.0f;
  for (int d = 0; d < Dims; ++d) {
    node.centre[d] = static_cast<float>(sum[d] / double(count));
    extent = std::max(extent, high[d] - low[d]);
  }
  node.count = static_cast<float>(count);
  node.extent2 = extent * extent;
  node.begin = begin;
  node.end = end;

  if (count > kLeafPoints && depth < kMaxDepth && extent > 0.0f) {
    // Split at the middle of the points' box (not of a fixed cell), so no level is empty. A point
    // on the middle goes to the low side, so the lowest and highest points always part.
    float middle[Dims];
    for (int d = 0; d < Dims; ++d) middle[d] = (low[d] + high[d]) * 0.5f;
    auto child_of = [&](std::uint32_t row) {
      const float* point = points_.data() + std::size_t(row) * Dims;
      unsigned child = 0;
      for (int d = 0; d < Dims; ++d) child |= unsigned(point[d] > middle[d]) << d;
      return child;
    };
    constexpr unsigned kChildren = 1u << Dims;
    std::uint32_t child_start[kChildren + 1] = {};
    for (std::uint32_t t = begin; t < end; ++t) ++child_start[child_of(order_[t]) + 1];
    bool splits = true;
    for (unsigned c = 0; c < kChildren; ++c) {
      splits = splits && child_start[c + 1] < count;
      child_start[c + 1] += child_start[c];
    }
    if (splits) {
      std::uint32_t fill[kChildren];
      for (unsigned c = 0; c < kChildren; ++c) fill[c] = begin + child_start[c];
      for (std::uint32_t t = begin; t < end; ++t) scratch_[fill[child_of(order_[t])]++] = order_[t];
      std::copy(scratch_.begin() + begin, scratch_.begin() + end, order_.begin() + begin);
      for (unsigned c = 0; c < kChildren; ++c)
        if (child_start[c + 1] > child_start[c])
          build_node<Dims>(begin + child_start[c], begin + child_start[c + 1], depth + 1);
    }
  }
  node.skip = static_cast<std::uint32_t>(nodes_.size());
  nodes_[index] = node;
  return index;
}

template <int Dims>
void BarnesHutGradient::build_tree() {
  nodes_.clear();
  for (std::uint32_t r = 0; r < rows_; ++r) order_[r] = r;
  build_node<Dims>(0, static_cast<std::uint32_t>(rows_), 0);
  for (std::uint32_t t = 0; t < rows_; ++t)
    for (int d = 0; d < Dims; ++d)
      tree_points_[std::size_t(t) * Dims + d] = points_[std::size_t(order_[t]) * Dims + d];
}

namespace {

// Points of a group: the consecutive tree positions whose repulsion one walk of the tree serves.
// The tree order keeps them close, and the kernels run over them as SIMD lanes.
constexpr std::uint32_t kGroupPoints = 32;

using Source = BarnesHutGradient::Source;

// Squared distance from `point` to the box [low, high] (0 inside).
template <int Dims>
float box_distance2(const float* point, const float* low, const float* high) {
  float d2 = 0.0f;
  for (int d = 0; d < Dims; ++d) {
    const float outside = std::max({low[d] - point[d], 0.0f, point[d] - high[d]});
    d2 += outside * outside;
  }
  return d2;
}

// The repulsion of `sources` on every lane: z += m q, force += m q^2 (lane - source), with
// q = 1 / (1 + distance^2). Each lane's sums run in the sources' order whatever the SIMD width.
// The sums live in local arrays that nothing else can alias, so they stay in registers.
template <int Dims>
__attribute__((always_inline)) inline void add_sources(const Source* sources, std::size_t count,
                                                       const float (&lanes)[Dims][kGroupPoints],
                                                       float (&z)[kGroupPoints],
                                                       float (&force)[Dims][kGroupPoints]) {
  float at[Dims][kGroupPoints];
  float sum_z[kGroupPoints];
  float sum_force[Dims][kGroupPoints];
  for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
    sum_z[g] = z[g];
    for (int d = 0; d < Dims; ++d) {
      at[d][g] = lanes[d][g];
      sum_force[d][g] = force[d][g];
    }
  }
  for (std::size_t s = 0; s < count; ++s) {
    const Source source = sources[s];
    for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
      float diff[Dims];
      for (int d = 0; d < Dims; ++d) diff[d] = at[d][g] - source.position[d];
      float d2 = diff[0] * diff[0];
      for (int d = 1; d < Dims; ++d) d2 += diff[d] * diff[d];
      const float q = 1.0f / (1.0f + d2);
      const float mass_q = source.mass * q;
      sum_z[g] += mass_q;
      const float weight = mass_q * q;
      for (int d = 0; d < Dims; ++d) sum_force[d][g] += weight * diff[d];
    }
  }
  for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
    z[g] = sum_z[g];
    for (int d = 0; d < Dims; ++d) force[d][g] = sum_force[d][g];
  }
}

// The group's own points on each other: as add_sources, each lane skipping itself.
template <int Dims>
__attribute__((always_inline)) inline void add_own_points(std::uint32_t count,
                                                          const float (&lanes)[Dims][kGroupPoints],
                                                          float (&z)[kGroupPoints],
                                                          float (&force)[Dims][kGroupPoints]) {
  float at[Dims][kGroupPoints];
  float sum_z[kGroupPoints];
  float sum_force[Dims][kGroupPoints];
  for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
    sum_z[g] = z[g];
    for (int d = 0; d < Dims; ++d) {
      at[d][g] = lanes[d][g];
      sum_force[d][g] = force[d][g];
    }
  }
  for (std::uint32_t s = 0; s < count; ++s) {
    float source[Dims];
    for (int d = 0; d < Dims; ++d) source[d] = at[d][s];
    for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
      float diff[Dims];
      for (int d = 0; d < Dims; ++d) diff[d] = at[d][g] - source[d];
      float d2 = diff[0] * diff[0];
      for (int d = 1; d < Dims; ++d) d2 += diff[d] * diff[d];
      const float q = g == s ? 0.0f : 1.0f / (1.0f + d2);
      sum_z[g] += q;
      const float weight = q * q;
      for (int d = 0; d < Dims; ++d) sum_force[d][g] += weight * diff[d];
    }
  }
  for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
    z[g] = sum_z[g];
    for (int d = 0; d < Dims; ++d) force[d][g] = sum_force[d][g];
  }
}

// All the repulsion on a group's lanes, compiled twice: AVX2 does 8 lanes per instruction, SSE2
// (any x86-64) 4. Each lane computes the same operations in the same order (no FMA, no
// reassociation), so both give bitwise the same sums.
template <int Dims>
__attribute__((always_inline)) inline void add_repulsion(const std::vector<Source>& sources,
                                                         std::uint32_t count,
                                                         const float (&lanes)[Dims][kGroupPoints],
                                                         float (&z)[kGroupPoints],
                                                         float (&force)[Dims][kGroupPoints]) {
  add_sources<Dims>(sources.data(), sources.size(), lanes, z, force);
  add_own_points<Dims>(count, lanes, z, force);
}

template <int Dims>
void add_repulsion_portable(const std::vector<Source>& sources, std::uint32_t count,
                            const float (&lanes)[Dims][kGroupPoints], float (&z)[kGroupPoints],
                            float (&force)[Dims][kGroupPoints]) {
  add_repulsion<Dims>(sources, count, lanes, z, force);
}

template <int Dims>
__attribute__((target("avx2"))) void add_repulsion_avx2(const std::vector<Source>& sources,
                                                        std::uint32_t count,
                                                        const float (&lanes)[Dims][kGroupPoints],
                                                        float (&z)[kGroupPoints],
                                                        float (&force)[Dims][kGroupPoints]) {
  add_repulsion<Dims>(sources, count, lanes, z, force);
}

}  // namespace

template <int Dims>
void BarnesHutGradient::group_forces(std::uint32_t group, const SparseAffinities& p,
                                     std::vector<Source>& sources) {
  const std::uint32_t begin = group * kGroupPoints;
  const std::uint32_t end = std::min<std::uint32_t>(begin + kGroupPoints, std::uint32_t(rows_));
  const std::uint32_t count = end - begin;
  const float* points = tree_points_.data();

  // Lanes past the group's end repeat its first point; their results are dropped.
  float lanes[Dims][kGroupPoints];
  float low[Dims];
  float high[Dims];
  for (int d = 0; d < Dims; ++d) low[d] = high[d] = points[std::size_t(begin) * Dims + d];
  for (std::uint32_t g = 0; g < kGroupPoints; ++g) {
    const std::uint32_t t = g < count ? begin + g : begin;
    for (int d = 0; d < Dims; ++d) {
      lanes[d][g] = points[std::size_t(t) * Dims + d];
      low[d] = std::min(low[d], lanes[d][g]);
      high[d] = std::max(high[d], lanes[d][g]);
    }
  }

  // One depth-first walk of the tree for the whole group. A node counts as all its points at
  // its centre of mass when its box's largest side is under theta times its distance to the
  // group's box (so under theta times its distance to every point of the group: at least as
  // accurate as Barnes-Hut point by point). Nodes that hold group points are opened, and the
  // group's own points are added apart, so no point repels itself, for any theta.
  sources.clear();
  const Node* nodes = nodes_.data();
  const auto node_count = static_cast<std::uint32_t>(nodes_.size());
  const auto theta2 = static_cast<float>(theta2_);
  auto add_points = [&](std::uint32_t from, std::uint32_t to) {
    for (std::uint32_t t = from; t < to; ++t) {
      Source source{{0.0f, 0.0f, 0.0f}, 1.0f};
      for (int d = 0; d < Dims; ++d) source.position[d] = points[std::size_t(t) * Dims + d];
      sources.push_back(source);
    }
  };
  std::uint32_t n = 0;
  while (n < node_count) {
    const Node& node = nodes[n];
    const bool leaf = node.skip == n + 1;
    if (node.end <= begin || end <= node.begin) {
      if (node.extent2 < theta2 * box_distance2<Dims>(node.centre, low, high)) {
        Source source{{0.0f, 0.0f, 0.0f}, node.count};
        for (int d = 0; d < Dims; ++d) source.position[d] = node.centre[d];
        sources.push_back(source);
        n = node.skip;
      } else if (leaf) {
        add_points(node.begin, node.end);
        n = node.skip;
      } else {
        ++n;
      }
    } else if (begin <= node.begin && node.end <= end) {
      n = node.skip;  // inside the group: its own points
    } else if (leaf) {
      add_points(node.begin, begin);
      add_points(end, node.end);
      n = node.skip;
    } else {
      ++n;
    }
  }

  float z[kGroupPoints] = {};
  float force[Dims][kGroupPoints] = {};
  if (simd_enabled())
    add_repulsion_avx2<Dims>(sources, count, lanes, z, force);
  else
    add_repulsion_portable<Dims>(sources, count, lanes, z, force);

  for (std::uint32_t g = 0; g < count; ++g) {
    const std::size_t row = order_[begin + g];
    // Attraction over the row's sparse affinities, on the float copy of the layout (half the
    // memory traffic of the doubles, whose neighbours are scattered over all rows).
    const float* own = points_.data() + row * Dims;
    float pull[Dims] = {};
    for (std::size_t e = p.row_start[row]; e < p.row_start[row + 1]; ++e) {
      const float* other = points_.data() + std::size_t(p.columns[e]) * Dims;
      float diff[Dims];
      float d2 = 0.0f;
      for (int d = 0; d < Dims; ++d) {
        diff[d] = own[d] - other[d];
        d2 += diff[d] * diff[d];
      }
      const float weight = p.values[e] / (1.0f + d2);
      for (int d = 0; d < Dims; ++d) pull[d] += weight * diff[d];
    }
    for (int d = 0; d < Dims; ++d) {
      attraction_[row * Dims + d] = pull[d];
      repulsion_[row * Dims + d] = force[d][g];
    }
    row_z_[row] = z[g];
  }
}

template <int Dims>
double BarnesHutGradient::compute_dims(const double* layout, const SparseAffinities& p,
                                       double exaggeration, double* gradient) {
  for (std::size_t i = 0; i < rows_ * Dims; ++i) points_[i] = static_cast<float>(layout[i]);
  build_tree<Dims>();
  constexpr std::size_t kBlockGroups = 8;
  const std::size_t groups = (rows_ + kGroupPoints - 1) / kGroupPoints;
  const std::size_t blocks = (groups + kBlockGroups - 1) / kBlockGroups;
  detail::for_each_block(blocks, threads_, [&](std::size_t b) {
    std::vector<Source> sources;
    sources.reserve(4096);
    for (std::size_t g = b * kBlockGroups; g < std::min(groups, (b + 1) * kBlockGroups); ++g)
      group_forces<Dims>(static_cast<std::uint32_t>(g), p, sources);
  });
  // Z in row order, in double: the same sum for any thread count.
  double z = 0.0;
  for (std::size_t r = 0; r < rows_; ++r) z += row_z_[r];
  const double inverse_z = z > 0.0 ? 1.0 / z : 0.0;
  for (std::size_t i = 0; i < rows_ * Dims; ++i)
    gradient[i] = exaggeration * attraction_[i] - repulsion_[i] * inverse_z;
  return z;
}

double BarnesHutGradient::compute(const double* layout, const SparseAffinities& p,
                                  double exaggeration, double* gradient) {
  return dims_ == 2 ? compute_dims<2>(layout, p, exaggeration, gradient)
                    : compute_dims<3>(layout, p, exaggeration, gradient);
}

}  // namespace detail

// [SECTION] Optimisation

namespace {

// Uniform in [-1, 1) from the raw 64-bit stream (splitmix64), the same on every standard library.
double jitter_unit(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return double(z >> 11) * 0x1.0p-52 - 1.0;
}

// The first `dims` principal components of the unit vectors, scaled so PC1 has standard deviation
// 1e-4 (Kobak & Berens 2019), plus a seeded jitter of 1e-3 of that: it only parts rows that PCA
// puts on the same spot (duplicates, or a flat axis when the vectors have fewer than 3 dimensions),
// whose forces would otherwise stay equal forever.
std::vector<double> pca_initialisation(const CosineIndex& index, const TsneOptions& options) {
  const std::size_t rows = index.rows();
  const int dims = options.dims;
  // pca3_unit's computation, with the caller's thread count (the result does not depend on it).
  const PcaResult pca = pca3(index.unit_data(), rows, index.dims(), {}, options.threads);
  double mean = 0.0;
  for (std::size_t r = 0; r < rows; ++r) mean += pca.positions[r * 3];
  mean /= double(rows);
  double variance = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const double centred = pca.positions[r * 3] - mean;
    variance += centred * centred;
  }
  const double deviation = std::sqrt(variance / double(rows));
  constexpr double kDeviation = 1e-4;
  const double scale = deviation > 0.0 ? kDeviation / deviation : 0.0;
  std::vector<double> layout(rows * std::size_t(dims));
  std::uint64_t state = options.seed;
  for (std::size_t r = 0; r < rows; ++r)
    for (int d = 0; d < dims; ++d)
      layout[r * dims + d] =
          double(pca.positions[r * 3 + d]) * scale + 1e-3 * kDeviation * jitter_unit(state);
  return layout;
}

std::vector<float> to_floats(const std::vector<double>& layout) {
  return std::vector<float>(layout.begin(), layout.end());
}

}  // namespace

std::vector<float> tsne_layout(const CosineIndex& index, const KnnGraph& graph,
                               const TsneOptions& options) {
  check_options(index, graph, options);
  const std::size_t rows = index.rows();
  const int dims = options.dims;
  const std::size_t values = rows * std::size_t(dims);

  // The progress bar: affinities up to kSetupShare, then one step per iteration.
  constexpr double kSetupShare = 0.05;
  auto keep_going = [&](double fraction) {
    return !options.progress || options.progress(fraction);
  };
  const double perplexity = options.perplexity;
  const detail::TsneConditionals conditionals = detail::tsne_conditionals(
      graph, affinity_neighbours(rows, perplexity), perplexity, options.threads,
      [&](double fraction) { return keep_going(kSetupShare * 0.8 * fraction); });
  const detail::SparseAffinities p = detail::tsne_joint_affinities(conditionals, options.threads);
  std::vector<double> layout = pca_initialisation(index, options);
  if (!keep_going(kSetupShare)) throw Cancelled();

  const double learning_rate =
      options.learning_rate > 0.0f
          ? double(options.learning_rate)
          : std::max(double(rows) / double(options.early_exaggeration), 200.0);
  detail::BarnesHutGradient gradient_of(rows, dims, options.theta, options.threads);
  std::vector<double> gradient(values);
  std::vector<double> update(values, 0.0);
  std::vector<double> gains(values, 1.0);
  auto sign = [](double x) { return x > 0.0 ? 1 : (x < 0.0 ? -1 : 0); };

  for (int iteration = 0; iteration < options.iterations; ++iteration) {
    const bool exaggerating = iteration < options.exaggeration_iterations;
    const double exaggeration = exaggerating ? double(options.early_exaggeration) : 1.0;
    const double momentum = exaggerating ? 0.5 : 0.8;
    gradient_of.compute(layout.data(), p, exaggeration, gradient.data());
    // bhtsne's step: a coordinate's gain grows while its gradient keeps pushing the same way
    // as its velocity (opposite signs of gradient and update) and shrinks when it turns.
    for (std::size_t i = 0; i < values; ++i) {
      gains[i] = sign(gradient[i]) != sign(update[i]) ? gains[i] + 0.2 : gains[i] * 0.8;
      gains[i] = std::max(gains[i], 0.01);
      update[i] = momentum * update[i] - learning_rate * gains[i] * gradient[i];
      layout[i] += update[i];
    }
    // Recentre: t-SNE's forces ignore translation, so the mean would otherwise drift.
    double mean[3] = {};
    for (std::size_t r = 0; r < rows; ++r)
      for (int d = 0; d < dims; ++d) mean[d] += layout[r * dims + d];
    for (int d = 0; d < dims; ++d) mean[d] /= double(rows);
    for (std::size_t r = 0; r < rows; ++r)
      for (int d = 0; d < dims; ++d) layout[r * dims + d] -= mean[d];

    const int done = iteration + 1;
    if (!keep_going(kSetupShare + (1.0 - kSetupShare) * double(done) / options.iterations))
      throw Cancelled();
    if (options.snapshot && (done % options.snapshot_iterations == 0 || done == options.iterations))
      options.snapshot(to_floats(layout));
  }
  return to_floats(layout);
}

}  // namespace galaxy
