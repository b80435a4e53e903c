// UMAP of a CosineIndex's rows from their kNN graph, as umap-learn 0.5 computes it (smooth kNN
// distances, fuzzy union, spectral or PCA start, SGD with negative sampling), arranged so that the
// result is bitwise the same for every thread count.
//
// [SECTION] Options and the curve
// [SECTION] Fuzzy simplicial set (smooth_knn_dist, fuzzy union, pruning)
// [SECTION] Initialisation (spectral by Chebyshev-filtered subspace iteration, PCA)
// [SECTION] SGD with negative sampling
// [SECTION] umap_layout
#include "geometry/umap.h"

#include <Eigen/Core>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <string>

#include "geometry/cancelled.h"
#include "geometry/embedding.h"
#include "geometry/parallel_internal.h"
#include "geometry/pca.h"

namespace galaxy {

namespace {

// The repulsion's arithmetic also has an AVX2 version on x86-64 with GCC or Clang, picked at run
// time as the cosine index's kernels are (simd_enabled()).
#if defined(__x86_64__) && defined(__GNUC__)
#define GALAXY_UMAP_AVX2 1
#define GALAXY_UMAP_INLINE inline __attribute__((always_inline))
#else
#define GALAXY_UMAP_AVX2 0
#define GALAXY_UMAP_INLINE inline
#endif

// Counter-based random numbers: every draw is a pure function of its key, so no generator state is
// shared between threads and the draws do not depend on which thread makes them.
inline std::uint64_t splitmix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

inline std::uint64_t random_key(std::uint64_t seed, std::uint64_t stream, std::uint64_t a,
                                std::uint64_t b) {
  return splitmix64(splitmix64(splitmix64(seed ^ stream) ^ a) ^ b);
}

// In [0, 1) with 53 random bits.
inline double unit_uniform(std::uint64_t bits) {
  return double(bits >> 11) * 0x1.0p-53;
}

// Box-Muller on two keyed draws: a standard normal that is the same on every platform (unlike
// std::normal_distribution, whose algorithm is the library's choice).
inline double keyed_normal(std::uint64_t key) {
  const double u1 = 1.0 - unit_uniform(splitmix64(key));
  const double u2 = unit_uniform(splitmix64(key ^ 0xD1B54A32D192ED03ull));
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

// Random streams, so that the noise, the spectral start and the negative samples never share keys.
constexpr std::uint64_t kNoiseStream = 0x6E6F697365ull;
constexpr std::uint64_t kSpectralStream = 0x737065637472ull;
constexpr std::uint64_t kNegativeStream = 0x6E65676174ull;

// ---------------------------------------------------------------------------------------------
// [SECTION] Options and the curve
// ---------------------------------------------------------------------------------------------

void check_options(const CosineIndex& index, const KnnGraph& graph, const UmapOptions& o) {
  const auto fail = [](const std::string& what) { throw DataError("UMAP: " + what); };
  if (o.dims != 2 && o.dims != 3)
    fail("the layout has 2 or 3 dimensions, not " + std::to_string(o.dims));
  if (graph.rows != index.rows())
    fail("the neighbour graph has " + std::to_string(graph.rows) + " rows, the words " +
         std::to_string(index.rows()));
  if (graph.rows < 2) fail("at least 2 words are needed");
  if (graph.neighbours.size() != graph.rows * graph.k ||
      graph.similarities.size() != graph.rows * graph.k)
    fail("the neighbour graph's arrays do not hold rows x k entries");
  if (o.n_neighbors < 2 || o.n_neighbors > graph.k + 1)
    fail("n_neighbors must be between 2 and " + std::to_string(graph.k + 1) +
         " (the graph's neighbours plus the word itself), not " + std::to_string(o.n_neighbors));
  if (!(o.spread > 0.0f) || !std::isfinite(o.spread)) fail("spread must be a positive number");
  if (!(o.min_dist >= 0.0f) || !(o.min_dist <= o.spread))
    fail("min_dist must be between 0 and spread (" + std::to_string(o.spread) + ")");
  if (o.epochs < 0) fail("epochs must be 0 (automatic) or positive");
  if (!(o.learning_rate > 0.0f) || !std::isfinite(o.learning_rate))
    fail("the learning rate must be a positive number");
  if (o.negative_samples < 0) fail("negative_samples must not be negative");
  if (!(o.repulsion_strength >= 0.0f) || !std::isfinite(o.repulsion_strength))
    fail("the repulsion strength must not be negative");
  if (o.snapshot_epochs < 1) fail("snapshot_epochs must be at least 1");
}

}  // namespace

UmapCurve fit_umap_curve(float spread, float min_dist) {
  if (!(spread > 0.0f) || !std::isfinite(spread))
    throw DataError("UMAP: spread must be a positive number");
  if (!(min_dist >= 0.0f) || !(min_dist <= spread))
    throw DataError("UMAP: min_dist must be between 0 and spread");
  // umap-learn's find_ab_params: scipy's curve_fit (Levenberg-Marquardt from a = b = 1) on 300
  // points of [0, 3 spread].
  constexpr int kPoints = 300;
  double x[kPoints], y[kPoints];
  for (int i = 0; i < kPoints; ++i) {
    x[i] = 3.0 * spread * i / (kPoints - 1);
    y[i] = x[i] < min_dist ? 1.0 : std::exp(-(x[i] - min_dist) / spread);
  }
  const auto cost_of = [&](double a, double b) {
    double cost = 0.0;
    for (int i = 0; i < kPoints; ++i) {
      const double r = 1.0 / (1.0 + a * std::pow(x[i], 2.0 * b)) - y[i];
      cost += r * r;
    }
    return cost;
  };
  double a = 1.0, b = 1.0, lambda = 1e-3;
  double cost = cost_of(a, b);
  for (int iteration = 0; iteration < 200; ++iteration) {
    // Normal equations J^T J + lambda diag(J^T J) of the residuals f(x; a, b) - y.
    double jaa = 0.0, jab = 0.0, jbb = 0.0, ga = 0.0, gb = 0.0;
    for (int i = 0; i < kPoints; ++i) {
      if (x[i] <= 0.0) continue;  // f(0) = 1 whatever a and b: no gradient there
      const double p = std::pow(x[i], 2.0 * b);
      const double f = 1.0 / (1.0 + a * p);
      const double da = -p * f * f;
      const double db = -a * p * 2.0 * std::log(x[i]) * f * f;
      const double r = f - y[i];
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    bool improved = false;
    while (lambda < 1e12) {
      const double m_aa = jaa * (1.0 + lambda), m_bb = jbb * (1.0 + lambda);
      const double det = m_aa * m_bb - jab * jab;
      const double step_a = -(m_bb * ga - jab * gb) / det;
      const double step_b = -(m_aa * gb - jab * ga) / det;
      const double next_cost = cost_of(a + step_a, b + step_b);
      if (std::isfinite(next_cost) && next_cost < cost) {
        const double relative_change = (cost - next_cost) / std::max(cost, 1e-300);
        a += step_a;
        b += step_b;
        cost = next_cost;
        lambda = std::max(lambda * 0.1, 1e-12);
        improved = relative_change > 1e-12;
        break;
      }
      lambda *= 10.0;
    }
    if (!improved) break;
  }
  return {static_cast<float>(a), static_cast<float>(b)};
}

namespace {

// ---------------------------------------------------------------------------------------------
// [SECTION] Fuzzy simplicial set
// ---------------------------------------------------------------------------------------------

// A symmetric sparse graph, rows in CSR form, each row's columns ascending.
struct SparseGraph {
  std::vector<std::size_t> row_start;  // rows + 1
  std::vector<std::uint32_t> columns;
  std::vector<float> weights;
  std::size_t rows() const { return row_start.size() - 1; }
};

// umap-learn's constants (umap_.py).
constexpr double kSmoothKTolerance = 1e-5;
constexpr double kMinKDistScale = 1e-3;
constexpr int kSigmaSearchSteps = 64;

// smooth_knn_dist and compute_membership_strengths for one row (local_connectivity 1, bandwidth
// 1): its `m` = n_neighbors - 1 cosine distances, ascending, become memberships in (0, 1].
// umap-learn's rows include the point itself at distance 0, which only enters the mean distance.
void row_memberships(const float* similarities, std::size_t m, std::size_t n_neighbors,
                     double mean_distance_all, float* memberships) {
  double distances[256];
  std::vector<double> heap_distances;
  double* d = distances;
  if (m > 256) {
    heap_distances.resize(m);
    d = heap_distances.data();
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < m; ++j) {
    d[j] = std::max(0.0, 1.0 - double(similarities[j]));
    sum += d[j];
  }
  double rho = 0.0;  // the first non-zero distance (exact duplicates sit at 0)
  for (std::size_t j = 0; j < m; ++j)
    if (d[j] > 0.0) {
      rho = d[j];
      break;
    }
  const double target = std::log2(double(n_neighbors));
  double lo = 0.0, hi = std::numeric_limits<double>::infinity(), sigma = 1.0;
  for (int step = 0; step < kSigmaSearchSteps; ++step) {
    double psum = 0.0;
    for (std::size_t j = 0; j < m; ++j) {
      const double excess = d[j] - rho;
      psum += excess > 0.0 ? std::exp(-excess / sigma) : 1.0;
    }
    if (std::fabs(psum - target) < kSmoothKTolerance) break;
    if (psum > target) {
      hi = sigma;
      sigma = (lo + hi) / 2.0;
    } else {
      lo = sigma;
      sigma = std::isinf(hi) ? sigma * 2.0 : (lo + hi) / 2.0;
    }
  }
  // MIN_K_DIST_SCALE: a row whose neighbours are all about equally far would get a sigma near 0
  // and memberships that are all 1 or all 0; umap-learn bounds sigma by the mean distance.
  const double mean_row_distance = sum / double(m + 1);  // + the row itself at distance 0
  if (rho > 0.0)
    sigma = std::max(sigma, kMinKDistScale * mean_row_distance);
  else
    sigma = std::max(sigma, kMinKDistScale * mean_distance_all);
  for (std::size_t j = 0; j < m; ++j) {
    const double excess = d[j] - rho;
    memberships[j] = excess <= 0.0 || sigma == 0.0 ? 1.0f : float(std::exp(-excess / sigma));
  }
}

// fuzzy_simplicial_set with set_op_mix_ratio 1: the fuzzy union w = a + b - a b of the directed
// memberships and their transpose, then simplicial_set_embedding's pruning of weights below
// max / epochs (they would not be sampled once in the whole run).
SparseGraph fuzzy_union_graph(const KnnGraph& graph, std::size_t n_neighbors, int epochs,
                              unsigned threads) {
  const std::size_t rows = graph.rows;
  const std::size_t m = n_neighbors - 1;
  double total_distance = 0.0;
  for (std::size_t r = 0; r < rows; ++r) {
    const float* s = graph.similarities_of(r);
    for (std::size_t j = 0; j < m; ++j) total_distance += std::max(0.0, 1.0 - double(s[j]));
  }
  const double mean_distance_all = total_distance / double(rows * (m + 1));

  std::vector<float> directed(rows * m);
  constexpr std::size_t kBlockRows = 1024;
  const std::size_t blocks = (rows + kBlockRows - 1) / kBlockRows;
  detail::for_each_block(blocks, threads, [&](std::size_t b) {
    const std::size_t end = std::min(rows, (b + 1) * kBlockRows);
    for (std::size_t r = b * kBlockRows; r < end; ++r)
      row_memberships(graph.similarities_of(r), m, n_neighbors, mean_distance_all,
                      directed.data() + r * m);
  });

  // Out-edges of each row sorted by column; in-edges (the transpose) by a counting sort over the
  // rows in order, hence sorted by source already.
  std::vector<std::uint32_t> out_order(rows * m);
  for (std::size_t r = 0; r < rows; ++r) {
    std::uint32_t* order = out_order.data() + r * m;
    std::iota(order, order + m, 0u);
    const std::uint32_t* nb = graph.neighbours_of(r);
    std::sort(order, order + m, [&](std::uint32_t x, std::uint32_t y) { return nb[x] < nb[y]; });
  }
  std::vector<std::size_t> in_start(rows + 1, 0);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t j = 0; j < m; ++j) ++in_start[graph.neighbours_of(r)[j] + 1];
  for (std::size_t r = 0; r < rows; ++r) in_start[r + 1] += in_start[r];
  std::vector<std::uint32_t> in_source(rows * m);
  std::vector<float> in_weight(rows * m);
  {
    std::vector<std::size_t> fill(in_start.begin(), in_start.end() - 1);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t j = 0; j < m; ++j) {
        const std::size_t slot = fill[graph.neighbours_of(r)[j]]++;
        in_source[slot] = static_cast<std::uint32_t>(r);
        in_weight[slot] = directed[r * m + j];
      }
  }

  SparseGraph merged;
  merged.row_start.assign(rows + 1, 0);
  merged.columns.reserve(rows * m * 2);
  merged.weights.reserve(rows * m * 2);
  float max_weight = 0.0f;
  const auto push = [&](std::uint32_t column, float w) {
    if (w <= 0.0f) return;  // umap-learn's eliminate_zeros
    merged.columns.push_back(column);
    merged.weights.push_back(w);
    max_weight = std::max(max_weight, w);
  };
  for (std::size_t r = 0; r < rows; ++r) {
    const std::uint32_t* nb = graph.neighbours_of(r);
    const std::uint32_t* order = out_order.data() + r * m;
    std::size_t o = 0, i = in_start[r];
    const std::size_t in_end = in_start[r + 1];
    while (o < m || i < in_end) {
      const std::uint32_t out_column = o < m ? nb[order[o]] : UINT32_MAX;
      const std::uint32_t in_column = i < in_end ? in_source[i] : UINT32_MAX;
      if (out_column == r) {  // never in a KnnGraph, but a self-loop must not become an edge
        ++o;
        continue;
      }
      if (out_column < in_column) {
        push(out_column, directed[r * m + order[o]]);
        ++o;
      } else if (in_column < out_column) {
        push(in_column, in_weight[i]);
        ++i;
      } else {
        const double a = directed[r * m + order[o]], b = in_weight[i];
        push(out_column, float(a + b - a * b));
        ++o;
        ++i;
      }
    }
    merged.row_start[r + 1] = merged.columns.size();
  }

  // Pruning, in place.
  const float threshold = max_weight / float(epochs);
  std::size_t kept = 0, begin = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::size_t end = merged.row_start[r + 1];
    for (std::size_t e = begin; e < end; ++e)
      if (merged.weights[e] >= threshold) {
        merged.columns[kept] = merged.columns[e];
        merged.weights[kept] = merged.weights[e];
        ++kept;
      }
    begin = end;
    merged.row_start[r + 1] = kept;
  }
  merged.columns.resize(kept);
  merged.weights.resize(kept);
  return merged;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] Initialisation
// ---------------------------------------------------------------------------------------------

bool is_connected(const SparseGraph& g) {
  const std::size_t rows = g.rows();
  std::vector<char> seen(rows, 0);
  std::vector<std::uint32_t> stack{0};
  seen[0] = 1;
  std::size_t reached = 1;
  while (!stack.empty()) {
    const std::uint32_t r = stack.back();
    stack.pop_back();
    for (std::size_t e = g.row_start[r]; e < g.row_start[r + 1]; ++e)
      if (!seen[g.columns[e]]) {
        seen[g.columns[e]] = 1;
        ++reached;
        stack.push_back(g.columns[e]);
      }
  }
  return reached == rows;
}

// Row-major rows x p block of vectors.
using Block = std::vector<double>;

// The spectral layout: umap-learn's spectral_layout takes the eigenvectors of the normalised
// Laplacian I - D^-1/2 W D^-1/2 with the smallest non-zero eigenvalues, i.e. those of
// A = D^-1/2 W D^-1/2 with the largest eigenvalues below the trivial 1 (eigenvector D^1/2 1).
// Found here by Chebyshev-filtered subspace iteration (Zhou & Saad 2007): a polynomial in A that
// damps [-1, c] (c = the block's smallest Ritz value) and grows what lies above, then
// Rayleigh-Ritz. It converges like a Krylov method where plain power iteration would need
// thousands of steps for the small gaps of a large graph, and it is deterministic: products with A
// are per row (any thread count), the reductions are serial in row order.
class SpectralSolver {
 public:
  SpectralSolver(const SparseGraph& graph, int dims, std::uint64_t seed, unsigned threads,
                 const std::function<bool()>& keep_going)
      : graph_(graph),
        rows_(graph.rows()),
        wanted_(dims),
        p_(dims + kGuardVectors),
        seed_(seed),
        threads_(threads),
        keep_going_(keep_going) {}

  // rows x dims, or empty when the iteration did not converge.
  std::vector<double> solve() {
    std::vector<double> degree(rows_, 0.0);
    for (std::size_t r = 0; r < rows_; ++r)
      for (std::size_t e = graph_.row_start[r]; e < graph_.row_start[r + 1]; ++e)
        degree[r] += graph_.weights[e];
    std::vector<double> inv_sqrt(rows_);
    trivial_.resize(rows_);
    double trivial_norm = 0.0;
    for (std::size_t r = 0; r < rows_; ++r) {
      if (!(degree[r] > 0.0)) return {};
      inv_sqrt[r] = 1.0 / std::sqrt(degree[r]);
      trivial_[r] = std::sqrt(degree[r]);
      trivial_norm += degree[r];
    }
    for (double& t : trivial_) t /= std::sqrt(trivial_norm);
    normalised_.resize(graph_.weights.size());
    for (std::size_t r = 0; r < rows_; ++r)
      for (std::size_t e = graph_.row_start[r]; e < graph_.row_start[r + 1]; ++e)
        normalised_[e] = graph_.weights[e] * inv_sqrt[r] * inv_sqrt[graph_.columns[e]];

    Block x(rows_ * p_);
    for (std::size_t r = 0; r < rows_; ++r)
      for (std::size_t j = 0; j < p_; ++j)
        x[r * p_ + j] = 2.0 * unit_uniform(random_key(seed_, kSpectralStream, r, j)) - 1.0;
    if (!orthonormalise(x)) return {};
    Block ax(rows_ * p_), previous(rows_ * p_), next(rows_ * p_);
    Eigen::VectorXd ritz;
    int products = 0;
    while (products < kMaxProducts) {
      // Rayleigh-Ritz in span(x), then the residuals of the wanted vectors.
      multiply(x, ax);
      ++products;
      Eigen::MatrixXd h = Eigen::MatrixXd::Zero(p_, p_);
      for (std::size_t r = 0; r < rows_; ++r)
        for (std::size_t i = 0; i < p_; ++i)
          for (std::size_t j = 0; j < p_; ++j) h(i, j) += x[r * p_ + i] * ax[r * p_ + j];
      h = (0.5 * (h + h.transpose())).eval();
      Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(h);
      if (eigen.info() != Eigen::Success) return {};
      // Descending eigenvalues: Eigen's are ascending.
      Eigen::MatrixXd q = eigen.eigenvectors().rowwise().reverse();
      ritz = eigen.eigenvalues().reverse();
      rotate(x, q);
      rotate(ax, q);
      double worst = 0.0;
      for (std::size_t j = 0; j < wanted_; ++j) {
        double residual = 0.0;
        for (std::size_t r = 0; r < rows_; ++r) {
          const double d = ax[r * p_ + j] - ritz[Eigen::Index(j)] * x[r * p_ + j];
          residual += d * d;
        }
        worst = std::max(worst, std::sqrt(residual));
      }
      if (!std::isfinite(worst)) return {};
      if (worst < kTolerance) return wanted_columns(x);
      if (!keep_going_()) throw Cancelled();

      // Chebyshev filter of degree kDegree on [lower, upper] mapped to [-1, 1].
      const double upper = ritz[Eigen::Index(p_ - 1)], lower = -1.0;
      const double half_width = (upper - lower) / 2.0, centre = (upper + lower) / 2.0;
      // previous = x, x := (A x - centre x) / half_width, from the A x already computed.
      previous.swap(x);
      for (std::size_t i = 0; i < x.size(); ++i) x[i] = (ax[i] - centre * previous[i]) / half_width;
      for (int order = 2; order <= kDegree; ++order) {
        multiply(x, next);
        ++products;
        for (std::size_t i = 0; i < x.size(); ++i) {
          const double value = 2.0 * (next[i] - centre * x[i]) / half_width - previous[i];
          previous[i] = x[i];
          x[i] = value;
        }
      }
      if (!orthonormalise(x)) return {};
    }
    return {};
  }

 private:
  static constexpr std::size_t kGuardVectors = 3;  // beyond the wanted ones: faster convergence
  static constexpr int kDegree = 10;
  static constexpr int kMaxProducts = 400;
  // On ||A v - theta v|| of unit vectors. umap-learn asks eigsh for 1e-4; the start only needs the
  // large-scale shape, and the iteration reaches this in far fewer products.
  static constexpr double kTolerance = 1e-3;

  void multiply(const Block& in, Block& out) const {
    constexpr std::size_t kBlockRows = 2048;
    const std::size_t blocks = (rows_ + kBlockRows - 1) / kBlockRows;
    detail::for_each_block(blocks, threads_, [&](std::size_t b) {
      const std::size_t end = std::min(rows_, (b + 1) * kBlockRows);
      double sum[16];
      for (std::size_t r = b * kBlockRows; r < end; ++r) {
        std::fill(sum, sum + p_, 0.0);
        for (std::size_t e = graph_.row_start[r]; e < graph_.row_start[r + 1]; ++e) {
          const double w = normalised_[e];
          const double* v = in.data() + std::size_t(graph_.columns[e]) * p_;
          for (std::size_t j = 0; j < p_; ++j) sum[j] += w * v[j];
        }
        std::copy(sum, sum + p_, out.data() + r * p_);
      }
    });
  }

  void rotate(Block& block, const Eigen::MatrixXd& q) const {
    double row[16];
    for (std::size_t r = 0; r < rows_; ++r) {
      double* v = block.data() + r * p_;
      for (std::size_t j = 0; j < p_; ++j) {
        double s = 0.0;
        for (std::size_t i = 0; i < p_; ++i) s += v[i] * q(Eigen::Index(i), Eigen::Index(j));
        row[j] = s;
      }
      std::copy(row, row + p_, v);
    }
  }

  // Modified Gram-Schmidt, twice, against the trivial vector and the earlier columns. False when
  // the block has collapsed (a column vanishes), which only a degenerate graph does.
  bool orthonormalise(Block& x) const {
    for (std::size_t j = 0; j < p_; ++j) {
      for (int pass = 0; pass < 2; ++pass) {
        double t = 0.0;
        for (std::size_t r = 0; r < rows_; ++r) t += trivial_[r] * x[r * p_ + j];
        for (std::size_t r = 0; r < rows_; ++r) x[r * p_ + j] -= t * trivial_[r];
        for (std::size_t i = 0; i < j; ++i) {
          double d = 0.0;
          for (std::size_t r = 0; r < rows_; ++r) d += x[r * p_ + i] * x[r * p_ + j];
          for (std::size_t r = 0; r < rows_; ++r) x[r * p_ + j] -= d * x[r * p_ + i];
        }
      }
      double norm = 0.0;
      for (std::size_t r = 0; r < rows_; ++r) norm += x[r * p_ + j] * x[r * p_ + j];
      norm = std::sqrt(norm);
      if (!(norm > 1e-150) || !std::isfinite(norm)) return false;
      for (std::size_t r = 0; r < rows_; ++r) x[r * p_ + j] /= norm;
    }
    return true;
  }

  std::vector<double> wanted_columns(const Block& x) const {
    std::vector<double> out(rows_ * wanted_);
    for (std::size_t r = 0; r < rows_; ++r)
      for (std::size_t j = 0; j < wanted_; ++j) out[r * wanted_ + j] = x[r * p_ + j];
    return out;
  }

  const SparseGraph& graph_;
  std::size_t rows_;
  std::size_t wanted_;
  std::size_t p_;
  std::uint64_t seed_;
  unsigned threads_;
  const std::function<bool()>& keep_going_;
  std::vector<double> trivial_;    // D^1/2 1, unit length
  std::vector<float> normalised_;  // A's entries, in graph_'s layout
};

// umap-learn's noisy_scale_coords (largest |coordinate| 10, plus N(0, 1e-4) noise) followed by
// simplicial_set_embedding's scaling of every axis to [0, 10].
std::vector<float> scale_start(const std::vector<double>& coordinates, std::size_t rows, int dims,
                               std::uint64_t seed) {
  double largest = 0.0;
  for (double c : coordinates) largest = std::max(largest, std::fabs(c));
  const double expansion = largest > 0.0 ? 10.0 / largest : 1.0;
  std::vector<double> noisy(coordinates.size());
  for (std::size_t i = 0; i < coordinates.size(); ++i)
    noisy[i] = double(float(coordinates[i] * expansion)) +
               1e-4 * keyed_normal(random_key(seed, kNoiseStream, i, 0));
  std::vector<float> start(coordinates.size());
  for (int d = 0; d < dims; ++d) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (std::size_t r = 0; r < rows; ++r) {
      lo = std::min(lo, noisy[r * dims + d]);
      hi = std::max(hi, noisy[r * dims + d]);
    }
    const double scale = hi > lo ? 10.0 / (hi - lo) : 0.0;
    for (std::size_t r = 0; r < rows; ++r)
      start[r * dims + d] = float((noisy[r * dims + d] - lo) * scale);
  }
  return start;
}

std::vector<double> pca_start(const CosineIndex& index, int dims,
                              const std::function<bool()>& keep_going) {
  const PcaResult pca = pca3_unit(index, [&](double) {
    if (!keep_going()) throw Cancelled();
  });
  const std::size_t rows = index.rows();
  std::vector<double> out(rows * std::size_t(dims));
  for (std::size_t r = 0; r < rows; ++r)
    for (int d = 0; d < dims; ++d) out[r * dims + d] = pca.positions[r * 3 + d];
  return out;
}

// ---------------------------------------------------------------------------------------------
// [SECTION] SGD with negative sampling
// ---------------------------------------------------------------------------------------------

// umap-learn's clip: every gradient coordinate is limited to [-4, 4].
inline float clip(float g) {
  return std::min(4.0f, std::max(-4.0f, g));
}

inline std::uint32_t bits_of(float x) {
  std::uint32_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  return bits;
}
inline float float_of(std::uint32_t bits) {
  float x;
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

// x^p for x >= 0 as exp2(p log2 x), relative error below 1e-5 (b up to 2): std::pow is most of the
// SGD's time, and this form has no branches and no library calls, so the loops over a row's samples
// below are vectorised (SSE2 at -O3) and give bitwise the same values as their scalar remainders
// (only IEEE-exact operations). x is first clamped to [lo, hi] (bit patterns of non-negative floats
// order like the floats), chosen so that p log2 x stays within +-125.
struct FastPow {
  explicit FastPow(float power) : p(power) {
    const float range = std::min(125.0f, 120.0f / power);
    lo = bits_of(std::exp2(-range));
    hi = bits_of(std::exp2(range));
  }
  // Also returns the clamped x, a safe divisor where x is 0.
  GALAXY_UMAP_INLINE float operator()(float x, float& clamped) const {
    std::uint32_t bits = bits_of(x);
    bits = bits < lo ? lo : bits;
    bits = bits > hi ? hi : bits;
    clamped = float_of(bits);
    const std::uint32_t mantissa = bits & 0x007FFFFFu;
    const bool high = mantissa > 0x003504F3u;  // mantissa above sqrt 2: halve it into range
    const int exponent = int(bits >> 23) - 127 + (high ? 1 : 0);
    const float m = float_of(mantissa | (high ? 0x3F000000u : 0x3F800000u));  // [1/sqrt2, sqrt2)
    // Least-squares polynomials on Chebyshev nodes: log2 m on [1/sqrt2, sqrt2) to 2.5e-6, 2^f on
    // [0, 1) to 3.6e-6 relative.
    const float t = m - 1.0f;
    const float log2m =
        t *
        (1.44271579f +
         t * (-0.721122470f +
              t * (0.479323693f + t * (-0.367704884f + t * (0.322092814f + t * -0.205303656f)))));
    const float y = p * (float(exponent) + log2m);
    const int whole = int(y + 128.0f) - 128;  // floor(y) for y > -128, without a float compare
    const float f = y - float(whole);
    const float exp2f =
        1.00000359f +
        f * (0.692969621f + f * (0.241621163f + f * (0.0517178265f + f * 0.0136839965f)));
    return exp2f * float_of(std::uint32_t(whole + 127) << 23);
  }
  float p;
  std::uint32_t lo, hi;
};

// Moving only each edge's head (see umap.h), an edge i-j pulls i once as the head of (i, j), where
// umap-learn, which moves both ends, pulls it twice: once from (i, j) and once from (j, i). The
// attractive step is doubled to keep umap-learn's balance of attraction and repulsion.
constexpr float kAttractionPerEdge = 2.0f;

// A row's samples of one epoch: the rows it is pulled to and pushed from, and the repulsive steps
// (Dims arrays of `repel.size()`).
struct Samples {
  std::vector<std::uint32_t> attract, repel;
  std::vector<float> steps;
};

// clip() without a float comparison, so that the repulsion loop below is vectorised: the bit
// patterns of |g| and 4 order like the floats, and the sign is put back (a NaN becomes +-4).
inline float clip_bits(float g) {
  const std::uint32_t bits = bits_of(g);
  const std::uint32_t magnitude = bits & 0x7FFFFFFFu;
  constexpr std::uint32_t kFour = 0x40800000u;  // 4.0f
  return float_of((magnitude < kFour ? magnitude : kFour) | (bits & 0x80000000u));
}

// The repulsive steps from offsets (Dims arrays of `count`, replaced by the steps): umap-learn's
// 2 gamma b / ((0.001 + d^2)(1 + a d^2b)) times the offset, clipped, and a push by the clip limit
// on every axis from a row on the same spot.
template <int Dims>
GALAXY_UMAP_INLINE void repulsion_steps_body(float* steps, std::size_t count, float two_gamma_b,
                                             float a, const FastPow& pow) {
  for (std::size_t i = 0; i < count; ++i) {
    float dist_squared = 0.0f;
    for (int d = 0; d < Dims; ++d) dist_squared += steps[d * count + i] * steps[d * count + i];
    float unused;
    const float power = pow(dist_squared, unused);
    const float coefficient = two_gamma_b / ((0.001f + dist_squared) * (a * power + 1.0f));
    const std::uint32_t same_spot = 0u - std::uint32_t(bits_of(dist_squared) == 0);
    for (int d = 0; d < Dims; ++d) {
      const std::uint32_t step = bits_of(clip_bits(coefficient * steps[d * count + i]));
      steps[d * count + i] = float_of((same_spot & 0x40800000u) | (~same_spot & step));
    }
  }
}

#if GALAXY_UMAP_AVX2
// The same loop in 8-float vectors. No FMA (not in "avx2"), so every value is bitwise the one of
// the SSE2 and scalar code.
template <int Dims>
__attribute__((target("avx2"))) void repulsion_steps_avx2(float* steps, std::size_t count,
                                                          float two_gamma_b, float a,
                                                          const FastPow& pow) {
  repulsion_steps_body<Dims>(steps, count, two_gamma_b, a, pow);
}
#endif

template <int Dims>
void repulsion_steps(float* steps, std::size_t count, float two_gamma_b, float a,
                     const FastPow& pow) {
#if GALAXY_UMAP_AVX2
  if (simd_enabled()) return repulsion_steps_avx2<Dims>(steps, count, two_gamma_b, a, pow);
#endif
  repulsion_steps_body<Dims>(steps, count, two_gamma_b, a, pow);
}

// Rows moved together, their attraction steps side by side in vectors: each row's steps form one
// long chain of dependent arithmetic (every step starts where the last one ended, as in
// umap-learn), which alone would leave the CPU waiting on every division.
constexpr std::size_t kLanes = 8;

template <int Dims>
class Optimiser {
 public:
  Optimiser(const SparseGraph& graph, const UmapCurve& curve, const UmapOptions& options,
            int epochs)
      : graph_(graph),
        rows_(graph.rows()),
        a_(curve.a),
        b_(curve.b),
        pow_(curve.b),
        gamma_(options.repulsion_strength),
        negative_rate_(float(options.negative_samples)),
        learning_rate_(options.learning_rate),
        seed_key_(splitmix64(options.seed ^ kNegativeStream)),
        threads_(options.threads),
        epochs_(epochs) {
    // make_epochs_per_sample: an edge of weight w is sampled every max_w / w epochs.
    float max_weight = 0.0f;
    for (float w : graph.weights) max_weight = std::max(max_weight, w);
    const std::size_t edges = graph.weights.size();
    epochs_per_sample_.resize(edges);
    next_sample_.resize(edges);
    next_negative_.resize(edges);
    for (std::size_t e = 0; e < edges; ++e) {
      epochs_per_sample_[e] = max_weight / graph.weights[e];
      next_sample_[e] = epochs_per_sample_[e];
      next_negative_[e] = negative_rate_ > 0.0f ? epochs_per_sample_[e] / negative_rate_ : 0.0f;
    }
  }

  // One epoch n (umap-learn's optimize_layout_euclidean_single_epoch): every row, as the head of
  // its edges, reads the others from `before` (the layout at the start of the epoch) and writes
  // only its own row of `after`, so rows can move in any order on any thread.
  void epoch(int n, const std::vector<float>& before, std::vector<float>& after) {
    const float alpha = learning_rate_ * (1.0f - float(n) / float(epochs_));
    constexpr std::size_t kBlockRows = 256;
    const std::size_t blocks = (rows_ + kBlockRows - 1) / kBlockRows;
    detail::for_each_block(blocks, threads_, [&](std::size_t b) {
      Samples samples[kLanes];
      const std::size_t end = std::min(rows_, (b + 1) * kBlockRows);
      for (std::size_t r = b * kBlockRows; r < end; r += kLanes)
        move_rows(r, std::min(kLanes, end - r), n, alpha, before, after, samples);
    });
  }

 private:
  // The row's samples of epoch n: umap-learn's schedule of positive samples (every
  // epochs_per_sample epochs) and of negative samples (negative_samples per positive one).
  void draw_samples(std::size_t row, int n, Samples& s) {
    s.attract.clear();
    s.repel.clear();
    const float epoch = float(n);
    for (std::size_t e = graph_.row_start[row]; e < graph_.row_start[row + 1]; ++e) {
      if (next_sample_[e] > epoch) continue;
      s.attract.push_back(graph_.columns[e]);
      next_sample_[e] += epochs_per_sample_[e];
      if (negative_rate_ <= 0.0f) continue;
      const float per_negative = epochs_per_sample_[e] / negative_rate_;
      const int negatives = static_cast<int>((epoch - next_negative_[e]) / per_negative);
      if (negatives <= 0) continue;
      next_negative_[e] += float(negatives) * per_negative;
      // Keyed by (seed, edge, epoch): the same rows whichever thread draws them. 32 bits a draw.
      const std::uint64_t key = splitmix64(seed_key_ ^ ((std::uint64_t(n) << 40) | e));
      std::uint64_t bits = 0;
      for (int i = 0; i < negatives; ++i) {
        if (i % 2 == 0) bits = splitmix64(key + std::uint64_t(i));
        const std::uint64_t draw = i % 2 == 0 ? bits >> 32 : bits & 0xFFFFFFFFu;
        const std::uint32_t k = static_cast<std::uint32_t>((draw * std::uint64_t(rows_)) >> 32);
        if (k != row) s.repel.push_back(k);  // umap-learn skips a row drawn as its own negative
      }
    }
  }

  // umap-learn's attractive steps, -2ab d^2(b-1) / (1 + a d^2b) times the offset, clipped: step i
  // of every lane's row, towards `others` (a lane's own position when it has no step i, which
  // moves nothing, as rows on the same spot do not attract). Lanes side by side in vectors.
  void attract_lanes(float (&current)[Dims][kLanes], const float (&others)[Dims][kLanes],
                     float step) const {
    const float minus_two_ab = -2.0f * a_ * b_, a = a_;
    for (std::size_t l = 0; l < kLanes; ++l) {
      float offset[Dims], dist_squared = 0.0f;
      for (int d = 0; d < Dims; ++d) {
        offset[d] = current[d][l] - others[d][l];
        dist_squared += offset[d] * offset[d];
      }
      float divisor;
      const float power = pow_(dist_squared, divisor);
      const float value = minus_two_ab * power / (divisor * (a * power + 1.0f));
      // Zero where d2 is 0 (value is finite there: the divisor is clamped).
      const std::uint32_t keep = 0u - std::uint32_t(bits_of(dist_squared) != 0);
      const float coefficient = float_of(bits_of(value) & keep);
      for (int d = 0; d < Dims; ++d) current[d][l] += step * clip_bits(coefficient * offset[d]);
    }
  }

  // The repulsion from all of the row's negative samples, each computed at `current`: umap-learn's
  // 2 gamma b / ((0.001 + d^2)(1 + a d^2b)), and a push by the clip limit on every axis from a
  // row on the same spot. Summed in a fixed order, so the result is the same on every run.
  void repel(float* current, float alpha, const std::vector<float>& before, Samples& s) const {
    const std::size_t count = s.repel.size();
    s.steps.resize(count * Dims);
    float* steps = s.steps.data();
    const std::uint32_t* rows = s.repel.data();
    const float two_gamma_b = 2.0f * gamma_ * b_, a = a_;
    const float* positions = before.data();
    float here[Dims];
    for (int d = 0; d < Dims; ++d) here[d] = current[d];
    // The gather on its own (SSE2 has no gather instruction), the arithmetic vectorised.
    for (std::size_t i = 0; i < count; ++i) {
      const float* other = positions + std::size_t(rows[i]) * Dims;
      for (int d = 0; d < Dims; ++d) steps[d * count + i] = here[d] - other[d];
    }
    repulsion_steps<Dims>(steps, count, two_gamma_b, a, pow_);
    for (int d = 0; d < Dims; ++d) {
      const float* column = steps + d * count;
      float sum[4] = {0.0f, 0.0f, 0.0f, 0.0f};
      std::size_t i = 0;
      for (; i + 4 <= count; i += 4)
        for (int j = 0; j < 4; ++j) sum[j] += column[i + j];
      for (; i < count; ++i) sum[0] += column[i];
      current[d] += alpha * ((sum[0] + sum[1]) + (sum[2] + sum[3]));
    }
  }

  void move_rows(std::size_t first, std::size_t lanes, int n, float alpha,
                 const std::vector<float>& before, std::vector<float>& after, Samples* samples) {
    float current[Dims][kLanes] = {};
    std::size_t longest = 0;
    for (std::size_t l = 0; l < lanes; ++l) {
      draw_samples(first + l, n, samples[l]);
      longest = std::max(longest, samples[l].attract.size());
      for (int d = 0; d < Dims; ++d) current[d][l] = before[(first + l) * Dims + d];
    }
    const float step = kAttractionPerEdge * alpha;
    for (std::size_t i = 0; i < longest; ++i) {
      float others[Dims][kLanes];
      for (std::size_t l = 0; l < kLanes; ++l) {
        const bool moves = l < lanes && i < samples[l].attract.size();
        for (int d = 0; d < Dims; ++d)
          others[d][l] =
              moves ? before[std::size_t(samples[l].attract[i]) * Dims + d] : current[d][l];
      }
      attract_lanes(current, others, step);
    }
    for (std::size_t l = 0; l < lanes; ++l) {
      float row[Dims];
      for (int d = 0; d < Dims; ++d) row[d] = current[d][l];
      repel(row, alpha, before, samples[l]);
      for (int d = 0; d < Dims; ++d) after[(first + l) * Dims + d] = row[d];
    }
  }

  const SparseGraph& graph_;
  std::size_t rows_;
  float a_, b_;
  FastPow pow_;
  float gamma_, negative_rate_, learning_rate_;
  std::uint64_t seed_key_;
  unsigned threads_;
  int epochs_;
  // Per edge, written only by the thread that moves the edge's head row in this epoch.
  std::vector<float> epochs_per_sample_;
  std::vector<float> next_sample_;
  std::vector<float> next_negative_;
};

template <int Dims>
void optimise(std::vector<float>& layout, const SparseGraph& graph, const UmapCurve& curve,
              const UmapOptions& options, int epochs, const std::function<bool(double)>& report) {
  Optimiser<Dims> optimiser(graph, curve, options, epochs);
  std::vector<float> before(layout.size());
  for (int n = 0; n < epochs; ++n) {
    before = layout;
    optimiser.epoch(n, before, layout);
    if (!report(double(n + 1) / double(epochs))) throw Cancelled();
    if (options.snapshot && ((n + 1) % options.snapshot_epochs == 0 || n + 1 == epochs))
      options.snapshot(layout);
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// [SECTION] umap_layout
// ---------------------------------------------------------------------------------------------

std::vector<float> umap_layout(const CosineIndex& index, const KnnGraph& graph,
                               const UmapOptions& options) {
  check_options(index, graph, options);
  const std::size_t rows = graph.rows;
  const int dims = options.dims;
  const int epochs = options.epochs > 0 ? options.epochs : (rows <= 10000 ? 500 : 200);
  const UmapCurve curve = fit_umap_curve(options.spread, options.min_dist);

  // Progress: the graph and the start take the first kStartShare of the bar, the epochs the rest.
  constexpr double kStartShare = 0.1;
  double reached = 0.0;  // the spectral iteration and PCA ask again at the fraction reached
  const auto report = [&](double fraction) {
    reached = fraction;
    return !options.progress || options.progress(fraction);
  };
  const std::function<bool()> keep_going = [&] { return report(reached); };
  if (!report(0.0)) throw Cancelled();

  const SparseGraph fuzzy = fuzzy_union_graph(graph, options.n_neighbors, epochs, options.threads);
  if (!report(0.02)) throw Cancelled();

  std::vector<double> start;
  if (options.init == UmapInit::Spectral && is_connected(fuzzy)) {
    SpectralSolver solver(fuzzy, dims, options.seed, options.threads, keep_going);
    start = solver.solve();
  }
  const bool spectral = !start.empty();
  // PCA when asked for, and in place of a spectral start that is not available: a disconnected
  // graph (umap-learn lays out each component on its own; its eigenvectors here would only say
  // which component a row is in) or an iteration that did not converge (umappp falls back too).
  if (!spectral) start = pca_start(index, dims, keep_going);
  if (options.init_used) *options.init_used = spectral ? UmapInit::Spectral : UmapInit::Pca;
  std::vector<float> layout = scale_start(start, rows, dims, options.seed);
  if (!report(kStartShare)) throw Cancelled();

  const auto report_epochs = [&](double fraction) {
    return report(kStartShare + (1.0 - kStartShare) * fraction);
  };
  if (dims == 2)
    optimise<2>(layout, fuzzy, curve, options, epochs, report_epochs);
  else
    optimise<3>(layout, fuzzy, curve, options, epochs, report_epochs);
  return layout;
}

}  // namespace galaxy
