// Spherical k-means: k-means++ seeding, then Lloyd iterations as blocked float products of the unit
// rows with the centroids; partial sums per fixed chunk keep the result independent of threads.
#include "geometry/kmeans.h"

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <random>
#include <stdexcept>

#include "geometry/parallel_internal.h"

namespace galaxy {

namespace {

// Rows per product: 4096 x dims floats of input plus 4096 x k scores stay in cache.
constexpr std::size_t kBlockRows = 4096;
// Fixed number of partial sums (one per chunk of rows): enough chunks to keep two threads busy,
// few enough that the per-chunk k x dims sums stay small for any vocabulary.
constexpr std::size_t kMaxChunks = 64;
constexpr std::size_t kCentralRows = 5;
// Central words are picked among each cluster's most frequent members only: the rows nearest a
// centroid are otherwise rare words (short, noisy vectors near the mean) that name nothing.
constexpr std::size_t kCentralCandidates = 1000;

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Uniform in [0, 1) from 53 random bits: std::uniform_real_distribution differs between standard
// libraries, and the same seed must give the same clusters everywhere.
double uniform01(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

// Rows [0, n) split into a fixed number of contiguous chunks (depends on n only).
struct Chunks {
  std::size_t n = 0;
  std::size_t count = 0;
  explicit Chunks(std::size_t rows)
      : n(rows),
        count(
            std::min(kMaxChunks, std::max<std::size_t>(1, (rows + kBlockRows - 1) / kBlockRows))) {}
  std::size_t begin(std::size_t c) const { return c * n / count; }
  std::size_t end(std::size_t c) const { return (c + 1) * n / count; }
};

class Reporter {
 public:
  explicit Reporter(const std::function<bool(double)>& progress) : progress_(progress) {}
  void operator()(double fraction) const {
    if (progress_ && !progress_(std::clamp(fraction, 0.0, 1.0))) throw Cancelled();
  }

 private:
  const std::function<bool(double)>& progress_;
};

bool is_zero_row(const CosineIndex& index, std::size_t row) {
  const float* v = index.unit_row(row);
  for (int j = 0; j < index.dims(); ++j)
    if (v[j] != 0.0f) return false;
  return true;
}

// Greedy k-means++ (Arthur & Vassilvitskii 2007; the greedy variant as in scikit-learn) on the
// first n rows: the first seed uniformly; then each step draws 2 + ln(k) candidates with
// probability proportional to D^2 = |x - c|^2 = 2 - 2 cos to the nearest seed so far and keeps the
// one that lowers the total D^2 most. Plain k-means++ too often puts two seeds in one cluster
// and none in another, a local minimum Lloyd iterations cannot leave. Zero rows are never chosen
// while another row is left (they are equally far from everything).
std::vector<std::uint32_t> seed_plus_plus(const CosineIndex& index, std::size_t n, int k,
                                          std::uint64_t seed, unsigned threads,
                                          const Reporter& report) {
  std::mt19937_64 rng(seed);
  const int d = index.dims();
  const int trials = 2 + static_cast<int>(std::log(static_cast<double>(k)));
  std::vector<char> zero(n);
  for (std::size_t r = 0; r < n; ++r) zero[r] = is_zero_row(index, r) ? 1 : 0;
  std::vector<char> chosen(n, 0);
  std::vector<float> closest(n, -1.0f);  // best cosine to any seed so far
  std::vector<std::uint32_t> seeds;

  auto first_free_from = [&](std::size_t start) -> std::size_t {
    for (int pass = 0; pass < 2; ++pass) {
      for (std::size_t i = 0; i < n; ++i) {
        const std::size_t r = (start + i) % n;
        if (!chosen[r] && (pass == 1 || !zero[r])) return r;
      }
    }
    return start;  // unreachable: k <= n
  };
  // D^2 / 2 of a row that may become a seed (0 for seeds and zero rows).
  auto weight = [&](std::size_t r, float cosine) {
    return chosen[r] || zero[r] ? 0.0 : std::max(0.0, 1.0 - static_cast<double>(cosine));
  };

  const std::size_t blocks = (n + kBlockRows - 1) / kBlockRows;
  std::vector<double> cumulative(n);
  std::vector<std::uint32_t> candidates;
  std::vector<float> candidate_cos;     // n x trials, row-major
  std::vector<double> block_potential;  // blocks x trials
  std::size_t next = first_free_from(std::min(n - 1, static_cast<std::size_t>(uniform01(rng) * n)));
  bool closest_current = false;  // closest already includes `next` (from the candidates' pass)
  for (int s = 0;; ++s) {
    seeds.push_back(static_cast<std::uint32_t>(next));
    chosen[next] = 1;
    if (s + 1 == k) break;
    // closest <- max(closest, cos with the new seed), by blocks (each row on its own: no order).
    const Eigen::Map<const Eigen::VectorXf> centre(index.unit_row(next), d);
    if (!closest_current)
      detail::for_each_row_block(n, kBlockRows, threads, [&](std::size_t begin, std::size_t end) {
        Eigen::Map<const RowMatrixF> block(index.unit_row(begin),
                                           static_cast<Eigen::Index>(end - begin), d);
        const Eigen::VectorXf cosines = block * centre;
        for (std::size_t r = begin; r < end; ++r)
          closest[r] = std::max(closest[r], cosines[static_cast<Eigen::Index>(r - begin)]);
      });
    closest_current = false;
    report(0.2 * (s + 1) / k);

    // Candidates drawn from the D^2 distribution (running sums in row order: deterministic).
    double total = 0.0;
    for (std::size_t r = 0; r < n; ++r) cumulative[r] = total += weight(r, closest[r]);
    // Every remaining row coincides with a seed: any of them will do.
    if (!(total > 0.0)) {
      next = first_free_from(0);
      continue;
    }
    candidates.clear();
    for (int t = 0; t < trials; ++t) {
      const double target = uniform01(rng) * total;
      std::size_t r = static_cast<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), target) - cumulative.begin());
      // Rounding may land past the end or on a zero-weight row: step back to a weighted one.
      r = std::min(r, n - 1);
      while (r > 0 && weight(r, closest[r]) <= 0.0) --r;
      if (weight(r, closest[r]) > 0.0) candidates.push_back(static_cast<std::uint32_t>(r));
    }
    if (candidates.empty()) {
      next = first_free_from(0);
      continue;
    }
    // Total D^2 if each candidate were added: per block, then summed in block order.
    const auto m = static_cast<Eigen::Index>(candidates.size());
    Eigen::MatrixXf centres(d, m);
    for (Eigen::Index c = 0; c < m; ++c)
      centres.col(c) = Eigen::Map<const Eigen::VectorXf>(index.unit_row(candidates[c]), d);
    block_potential.assign(blocks * candidates.size(), 0.0);
    candidate_cos.resize(n * candidates.size());
    detail::for_each_row_block(n, kBlockRows, threads, [&](std::size_t begin, std::size_t end) {
      const std::size_t b = begin / kBlockRows;
      Eigen::Map<const RowMatrixF> block(index.unit_row(begin),
                                         static_cast<Eigen::Index>(end - begin), d);
      Eigen::Map<RowMatrixF> cosines(candidate_cos.data() + begin * candidates.size(),
                                     static_cast<Eigen::Index>(end - begin), m);
      cosines.noalias() = block * centres;
      double* potential = block_potential.data() + b * candidates.size();
      for (std::size_t r = begin; r < end; ++r)
        for (Eigen::Index c = 0; c < m; ++c)
          potential[c] +=
              weight(r, std::max(closest[r], cosines(static_cast<Eigen::Index>(r - begin), c)));
    });
    std::size_t best = 0;
    double best_potential = 0.0;
    for (std::size_t c = 0; c < candidates.size(); ++c) {
      double potential = 0.0;
      for (std::size_t b = 0; b < blocks; ++b)
        potential += block_potential[b * candidates.size() + c];
      if (c == 0 || potential < best_potential) {
        best = c;
        best_potential = potential;
      }
    }
    next = candidates[best];
    // The winner's cosines are at hand: the next step need not compute them again.
    for (std::size_t r = 0; r < n; ++r)
      closest[r] = std::max(closest[r], candidate_cos[r * candidates.size() + best]);
    closest_current = true;
  }
  return seeds;
}

// One assignment pass over rows [0, n): nearest centroid (ties to the lower cluster) and its
// cosine; with sums, also each chunk's per-cluster sum of member rows (double) and counts.
struct AssignPass {
  std::size_t changed = 0;
  std::vector<double> sums;          // k x dims, added up in chunk order
  std::vector<std::size_t> members;  // k
};

AssignPass assign_rows(const CosineIndex& index, std::size_t n, const Eigen::MatrixXf& centroids,
                       unsigned threads, bool with_sums, std::vector<std::int32_t>& assignment,
                       std::vector<float>& best) {
  const int d = index.dims();
  const auto k = static_cast<int>(centroids.cols());
  const std::size_t kd = static_cast<std::size_t>(k) * static_cast<std::size_t>(d);
  const Chunks chunks(n);
  std::vector<std::size_t> changed(chunks.count, 0);
  std::vector<std::vector<double>> sums(with_sums ? chunks.count : 0);
  std::vector<std::vector<std::size_t>> members(with_sums ? chunks.count : 0);
  detail::for_each_block(chunks.count, detail::row_threads(threads, n), [&](std::size_t c) {
    if (with_sums) {
      sums[c].assign(kd, 0.0);
      members[c].assign(static_cast<std::size_t>(k), 0);
    }
    RowMatrixF scores;
    for (std::size_t begin = chunks.begin(c); begin < chunks.end(c); begin += kBlockRows) {
      const std::size_t end = std::min(chunks.end(c), begin + kBlockRows);
      Eigen::Map<const RowMatrixF> block(index.unit_row(begin),
                                         static_cast<Eigen::Index>(end - begin), d);
      scores.noalias() = block * centroids;
      for (std::size_t r = begin; r < end; ++r) {
        const float* s = scores.data() + (r - begin) * static_cast<std::size_t>(k);
        int arg = 0;
        for (int j = 1; j < k; ++j)
          if (s[j] > s[arg]) arg = j;
        if (assignment[r] != arg) ++changed[c];
        assignment[r] = arg;
        best[r] = s[arg];
        if (with_sums) {
          double* sum = sums[c].data() + static_cast<std::size_t>(arg) * d;
          const float* x = index.unit_row(r);
          for (int j = 0; j < d; ++j) sum[j] += x[j];
          ++members[c][static_cast<std::size_t>(arg)];
        }
      }
    }
  });
  AssignPass pass;
  for (std::size_t c = 0; c < chunks.count; ++c) pass.changed += changed[c];
  if (with_sums) {
    pass.sums.assign(kd, 0.0);
    pass.members.assign(static_cast<std::size_t>(k), 0);
    for (std::size_t c = 0; c < chunks.count; ++c) {
      for (std::size_t i = 0; i < kd; ++i) pass.sums[i] += sums[c][i];
      for (int j = 0; j < k; ++j) pass.members[j] += members[c][j];
    }
  }
  return pass;
}

// New centroids = normalised member sums. Clusters left without a direction take, in cluster
// order, the clustered non-zero rows least similar to their own centroid (ties: lower row).
void update_centroids(const CosineIndex& index, std::size_t n, const AssignPass& pass,
                      const std::vector<float>& best, Eigen::MatrixXf& centroids) {
  const int d = index.dims();
  const auto k = static_cast<int>(centroids.cols());
  std::vector<int> empty;
  for (int j = 0; j < k; ++j) {
    const double* sum = pass.sums.data() + static_cast<std::size_t>(j) * d;
    double norm = 0.0;
    for (int i = 0; i < d; ++i) norm += sum[i] * sum[i];
    norm = std::sqrt(norm);
    if (pass.members[j] == 0 || !(norm > 1e-12)) {
      empty.push_back(j);
      continue;
    }
    for (int i = 0; i < d; ++i) centroids(i, j) = static_cast<float>(sum[i] / norm);
  }
  if (empty.empty()) return;
  std::vector<std::uint32_t> order(n);
  for (std::size_t r = 0; r < n; ++r) order[r] = static_cast<std::uint32_t>(r);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return best[a] != best[b] ? best[a] < best[b] : a < b;
  });
  std::size_t next = 0;
  for (int j : empty) {
    while (next < n && is_zero_row(index, order[next])) ++next;
    if (next == n) break;  // only zero rows left: the cluster keeps its old centroid
    const float* x = index.unit_row(order[next++]);
    for (int i = 0; i < d; ++i) centroids(i, j) = x[i];
  }
}

}  // namespace

Clustering spherical_kmeans(const CosineIndex& index, const SphericalKMeansOptions& options) {
  const std::size_t total = index.rows();
  const std::size_t n = options.rows == 0 ? total : std::min(options.rows, total);
  if (options.k <= 0) throw DataError("k must be at least 1, got " + std::to_string(options.k));
  if (static_cast<std::size_t>(options.k) > n) {
    throw DataError("k = " + std::to_string(options.k) + " clusters, but only " +
                    std::to_string(n) + (n == 1 ? " row" : " rows") + " to cluster");
  }
  const Reporter report(options.progress);
  report(0.0);
  const int k = options.k;
  const int d = index.dims();

  Eigen::MatrixXf centroids(d, k);  // one unit column per cluster
  const auto seeds = seed_plus_plus(index, n, k, options.seed, options.threads, report);
  for (int j = 0; j < k; ++j)
    centroids.col(j) = Eigen::Map<const Eigen::VectorXf>(index.unit_row(seeds[j]), d);

  Clustering result;
  result.k = k;
  result.assignment.assign(total, -1);
  std::vector<float> best(total, 0.0f);
  const int max_iterations = std::max(0, options.max_iterations);
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    const AssignPass pass =
        assign_rows(index, n, centroids, options.threads, true, result.assignment, best);
    result.iterations = iteration + 1;
    report(0.2 + 0.75 * (iteration + 1) / max_iterations);
    // Unchanged assignment: the centroids already are the normalised sums of their members.
    if (pass.changed == 0) break;
    update_centroids(index, n, pass, best, centroids);
  }

  // Every row (the unclustered rare ones too) to its nearest final centroid.
  assign_rows(index, total, centroids, options.threads, false, result.assignment, best);

  result.centroids.assign(static_cast<std::size_t>(k), std::vector<float>(d));
  for (int j = 0; j < k; ++j)
    for (int i = 0; i < d; ++i) result.centroids[j][i] = centroids(i, j);
  result.sizes.assign(static_cast<std::size_t>(k), 0);
  result.central_rows.assign(static_cast<std::size_t>(k), {});
  double cosine_sum = 0.0;
  for (std::size_t r = 0; r < total; ++r) {
    const auto j = static_cast<std::size_t>(result.assignment[r]);
    ++result.sizes[j];
    cosine_sum += best[r];
    if (result.sizes[j] > kCentralCandidates) continue;
    // Rows arrive in increasing order, so a strictly better cosine is needed to overtake.
    auto& central = result.central_rows[j];
    if (central.size() == kCentralRows && !(best[r] > best[central.back()])) continue;
    auto at = central.end();
    while (at != central.begin() && best[r] > best[*(at - 1)]) --at;
    central.insert(at, static_cast<std::uint32_t>(r));
    if (central.size() > kCentralRows) central.pop_back();
  }
  result.mean_cosine = total ? cosine_sum / static_cast<double>(total) : 0.0;
  report(1.0);
  return result;
}

std::string cluster_name(const Embedding& e, const Clustering& c, int cluster, int words) {
  if (cluster < 0 || cluster >= c.k || static_cast<std::size_t>(cluster) >= c.central_rows.size())
    throw std::out_of_range("cluster_name: cluster " + std::to_string(cluster) + " of " +
                            std::to_string(c.k));
  std::string name;
  const auto& central = c.central_rows[static_cast<std::size_t>(cluster)];
  for (std::size_t i = 0; i < central.size() && static_cast<int>(i) < words; ++i)
    name += (i ? ", " : "") + e.word(central[i]);
  return name;
}

}  // namespace galaxy
