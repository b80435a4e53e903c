// Specs for t-SNE (tsne.h, tsne_internal.h): perplexity calibration, the symmetric P, the
// Barnes-Hut gradient against an exact O(N^2) reference, layouts of seeded data with known
// structure (clusters, a curve), bitwise determinism across thread counts, options, cancellation.
#include "geometry/tsne.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "geometry/cancelled.h"
#include "geometry/embedding.h"
#include "geometry/knn_graph.h"
#include "geometry/tsne_internal.h"
#include "support/seeded_embedding.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;

Embedding embedding_of(std::vector<float> vectors, int dims) {
  std::vector<std::string> words;
  for (std::size_t r = 0; r < vectors.size() / std::size_t(dims); ++r)
    words.push_back("w" + std::to_string(r));
  return Embedding(std::move(words), std::move(vectors), dims);
}

// `clusters` clusters of `per_cluster` points on the unit sphere in `dims` dimensions: random
// centres (nearly orthogonal in 20 dimensions) plus noise well inside their spacing.
struct Clustered {
  Embedding embedding;
  std::vector<int> label;
};
Clustered clustered(int clusters, std::size_t per_cluster, int dims, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::vector<float> centres(std::size_t(clusters) * dims);
  for (float& c : centres) c = normal(rng);
  Clustered data;
  std::vector<float> vectors;
  for (std::size_t i = 0; i < per_cluster * std::size_t(clusters); ++i) {
    const int c = int(i % std::size_t(clusters));
    float norm = 0.0f;
    for (int d = 0; d < dims; ++d) norm += centres[c * dims + d] * centres[c * dims + d];
    for (int d = 0; d < dims; ++d)
      vectors.push_back(centres[c * dims + d] / std::sqrt(norm) + 0.08f * normal(rng));
    data.label.push_back(c);
  }
  data.embedding = embedding_of(std::move(vectors), dims);
  return data;
}

// Points along a smooth open curve in 20 dimensions (a sum of slow sines), in curve order.
Embedding curve(std::size_t rows) {
  constexpr int kDims = 20;
  std::vector<float> vectors;
  for (std::size_t r = 0; r < rows; ++r) {
    const double t = 3.0 * double(r) / double(rows);
    for (int d = 0; d < kDims; ++d)
      vectors.push_back(float(std::sin(t * (1.0 + 0.15 * d) + 0.7 * d) + 2.0 * (d == 0)));
  }
  return embedding_of(std::move(vectors), kDims);
}

KnnGraph graph_of(const CosineIndex& index, std::size_t k) {
  KnnGraphOptions options;
  options.k = k;
  options.method = KnnMethod::Exact;
  return build_knn_graph(index, options);
}

TsneOptions small_options(int dims) {
  TsneOptions options;
  options.dims = dims;
  options.perplexity = 20.0f;
  options.iterations = 500;
  options.exaggeration_iterations = 150;
  return options;
}

// Smallest distance between two cluster centroids over the largest RMS radius of a cluster:
// well above 1 when the clusters lie apart, near or below 1 when they overlap.
double separation(const std::vector<float>& layout, int dims, const std::vector<int>& label,
                  int clusters) {
  std::vector<double> centroid(std::size_t(clusters) * dims, 0.0);
  std::vector<double> count(std::size_t(clusters), 0.0);
  for (std::size_t r = 0; r < label.size(); ++r) {
    count[label[r]] += 1.0;
    for (int d = 0; d < dims; ++d) centroid[label[r] * dims + d] += layout[r * dims + d];
  }
  for (int c = 0; c < clusters; ++c)
    for (int d = 0; d < dims; ++d) centroid[c * dims + d] /= count[c];
  std::vector<double> spread(std::size_t(clusters), 0.0);
  for (std::size_t r = 0; r < label.size(); ++r)
    for (int d = 0; d < dims; ++d) {
      const double diff = layout[r * dims + d] - centroid[label[r] * dims + d];
      spread[label[r]] += diff * diff / count[label[r]];
    }
  double closest = INFINITY;
  for (int a = 0; a < clusters; ++a)
    for (int b = a + 1; b < clusters; ++b) {
      double d2 = 0.0;
      for (int d = 0; d < dims; ++d) {
        const double diff = centroid[a * dims + d] - centroid[b * dims + d];
        d2 += diff * diff;
      }
      closest = std::min(closest, std::sqrt(d2));
    }
  const double radius = std::sqrt(*std::max_element(spread.begin(), spread.end()));
  return closest / radius;
}

// KL(P || Q) of a layout, exactly (O(N^2)): what t-SNE minimises.
double kl_divergence(const detail::SparseAffinities& p, const std::vector<float>& layout,
                     int dims) {
  auto w = [&](std::size_t i, std::size_t j) {
    double d2 = 0.0;
    for (int d = 0; d < dims; ++d) {
      const double diff = double(layout[i * dims + d]) - layout[j * dims + d];
      d2 += diff * diff;
    }
    return 1.0 / (1.0 + d2);
  };
  double z = 0.0;
  for (std::size_t i = 0; i < p.rows; ++i)
    for (std::size_t j = 0; j < p.rows; ++j)
      if (i != j) z += w(i, j);
  double kl = 0.0;
  for (std::size_t i = 0; i < p.rows; ++i)
    for (std::size_t e = p.row_start[i]; e < p.row_start[i + 1]; ++e)
      if (p.values[e] > 0) kl += p.values[e] * std::log(p.values[e] / (w(i, p.columns[e]) / z));
  return kl;
}

double trust(const CosineIndex& index, const std::vector<float>& layout, int dims, std::size_t k) {
  TrustOptions options;
  options.k = k;
  return neighbour_trust(index, layout, dims, options).mean;
}

// [SECTION] Input affinities

TEST(TsneAffinities, EachRowHasTheAskedPerplexity) {
  const Embedding embedding = testing::random_embedding(300, 12, 5);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 90);
  for (const double perplexity : {2.0, 10.0, 30.0}) {
    const std::size_t k = std::size_t(3 * perplexity);
    const detail::TsneConditionals c = detail::tsne_conditionals(graph, k, perplexity, 2);
    ASSERT_EQ(c.k, k);
    for (std::size_t r = 0; r < c.rows; ++r) {
      double sum = 0.0;
      double entropy_bits = 0.0;
      for (std::size_t m = 0; m < k; ++m) {
        const double p = c.probabilities[r * k + m];
        EXPECT_EQ(c.neighbours[r * k + m], graph.neighbours_of(r)[m]);
        sum += p;
        if (p > 0) entropy_bits -= p * std::log2(p);
      }
      EXPECT_NEAR(sum, 1.0, 1e-9);
      EXPECT_NEAR(std::exp2(entropy_bits), perplexity, 1e-3 * perplexity) << "row " << r;
    }
  }
}

TEST(TsneAffinities, JointIsSymmetricAndSumsToOne) {
  const Embedding embedding = testing::random_embedding(200, 8, 6);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 30);
  const detail::TsneConditionals c = detail::tsne_conditionals(graph, 30, 10.0, 1);
  const detail::SparseAffinities p = detail::tsne_joint_affinities(c, 2);
  ASSERT_EQ(p.row_start.size(), 201u);
  auto value = [&](std::uint32_t i, std::uint32_t j) {
    for (std::size_t e = p.row_start[i]; e < p.row_start[i + 1]; ++e)
      if (p.columns[e] == j) return double(p.values[e]);
    return 0.0;
  };
  auto conditional = [&](std::uint32_t i, std::uint32_t j) {
    for (std::size_t m = 0; m < c.k; ++m)
      if (c.neighbours[i * c.k + m] == j) return c.probabilities[i * c.k + m];
    return 0.0;
  };
  double total = 0.0;
  for (std::uint32_t i = 0; i < 200; ++i)
    for (std::size_t e = p.row_start[i]; e < p.row_start[i + 1]; ++e) {
      const std::uint32_t j = p.columns[e];
      if (e > p.row_start[i]) {
        EXPECT_LT(p.columns[e - 1], j);  // ascending, no duplicates
      }
      EXPECT_NE(j, i);
      EXPECT_FLOAT_EQ(float(value(j, i)), p.values[e]);
      EXPECT_NEAR(p.values[e], (conditional(i, j) + conditional(j, i)) / 400.0, 1e-9);
      total += p.values[e];
    }
  EXPECT_NEAR(total, 1.0, 1e-5);
}

// [SECTION] Gradient

// The exact gradient in double, written from the formula (bhtsne's scale: no factor 4).
std::vector<double> exact_gradient(const std::vector<double>& y, int dims,
                                   const detail::SparseAffinities& p, double exaggeration) {
  const std::size_t n = p.rows;
  double z = 0.0;
  std::vector<double> repulsion(n * dims, 0.0);
  std::vector<double> gradient(n * dims, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (i == j) continue;
      double d2 = 0.0;
      for (int d = 0; d < dims; ++d)
        d2 += (y[i * dims + d] - y[j * dims + d]) * (y[i * dims + d] - y[j * dims + d]);
      const double q = 1.0 / (1.0 + d2);
      z += q;
      for (int d = 0; d < dims; ++d)
        repulsion[i * dims + d] += q * q * (y[i * dims + d] - y[j * dims + d]);
    }
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t e = p.row_start[i]; e < p.row_start[i + 1]; ++e) {
      const std::size_t j = p.columns[e];
      double d2 = 0.0;
      for (int d = 0; d < dims; ++d)
        d2 += (y[i * dims + d] - y[j * dims + d]) * (y[i * dims + d] - y[j * dims + d]);
      for (int d = 0; d < dims; ++d)
        gradient[i * dims + d] +=
            exaggeration * p.values[e] / (1.0 + d2) * (y[i * dims + d] - y[j * dims + d]);
    }
    for (int d = 0; d < dims; ++d) gradient[i * dims + d] -= repulsion[i * dims + d] / z;
  }
  return gradient;
}

// sqrt(sum (a - b)^2 / sum b^2).
double relative_error(const std::vector<double>& a, const std::vector<double>& b) {
  double num = 0.0;
  double den = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    num += (a[i] - b[i]) * (a[i] - b[i]);
    den += b[i] * b[i];
  }
  return std::sqrt(num / den);
}

class TsneGradient : public ::testing::TestWithParam<int> {};

TEST_P(TsneGradient, BarnesHutMatchesTheExactGradient) {
  const int dims = GetParam();
  const Clustered data = clustered(4, 100, 10, 11);
  const CosineIndex index(data.embedding);
  const KnnGraph graph = graph_of(index, 30);
  const detail::SparseAffinities p =
      detail::tsne_joint_affinities(detail::tsne_conditionals(graph, 30, 10.0, 1), 1);
  // A layout with structure at several scales: clumps of different sizes, some points far out.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::vector<double> y(400 * std::size_t(dims));
  for (std::size_t r = 0; r < 400; ++r)
    for (int d = 0; d < dims; ++d)
      y[r * dims + d] = 6.0 * (data.label[r] - 1.5) * (d == 0) + normal(rng) * (1.0 + r % 3);
  const std::vector<double> reference = exact_gradient(y, dims, p, 4.0);

  std::vector<double> gradient(y.size());
  detail::BarnesHutGradient exact(400, dims, 0.0, 2);
  exact.compute(y.data(), p, 4.0, gradient.data());
  EXPECT_LT(relative_error(gradient, reference), 1e-5);

  detail::BarnesHutGradient approximate(400, dims, 0.5, 2);
  approximate.compute(y.data(), p, 4.0, gradient.data());
  const double error = relative_error(gradient, reference);
  EXPECT_LT(error, 5e-3);
  EXPECT_GT(error, 0.0);  // it does approximate
  EXPECT_LE(approximate.tree_nodes(), 2u * 400u);
}

TEST_P(TsneGradient, CoincidentPointsGiveFiniteGradients) {
  const int dims = GetParam();
  const Embedding embedding = testing::random_embedding(60, 6, 8);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 15);
  const detail::SparseAffinities p =
      detail::tsne_joint_affinities(detail::tsne_conditionals(graph, 15, 5.0, 1), 1);
  std::vector<double> y(60 * std::size_t(dims), 0.25);  // every point on the same spot
  for (int d = 0; d < dims; ++d) y[d] = 1.0;
  std::vector<double> gradient(y.size());
  for (const double theta : {0.0, 0.5}) {
    detail::BarnesHutGradient bh(60, dims, theta, 1);
    bh.compute(y.data(), p, 1.0, gradient.data());
    for (double g : gradient) ASSERT_TRUE(std::isfinite(g));
    const std::vector<double> reference = exact_gradient(y, dims, p, 1.0);
    EXPECT_LT(relative_error(gradient, reference), 1e-5) << "theta " << theta;
  }
}

INSTANTIATE_TEST_SUITE_P(Dims, TsneGradient, ::testing::Values(2, 3));

// [SECTION] Layouts

class TsneLayout : public ::testing::TestWithParam<int> {};

TEST_P(TsneLayout, ClustersStayApartAndNeighboursTogether) {
  const int dims = GetParam();
  const Clustered data = clustered(5, 150, 20, 21);
  const CosineIndex index(data.embedding);
  const KnnGraph graph = graph_of(index, 60);
  const TsneOptions options = small_options(dims);
  const std::vector<float> layout = tsne_layout(index, graph, options);
  ASSERT_EQ(layout.size(), 750u * dims);
  for (float v : layout) ASSERT_TRUE(std::isfinite(v));
  const double apart = separation(layout, dims, data.label, 5);
  const double together = trust(index, layout, dims, 10);
  EXPECT_GT(apart, 4.0);
  EXPECT_GT(together, 0.33);
  const detail::SparseAffinities p =
      detail::tsne_joint_affinities(detail::tsne_conditionals(graph, 60, options.perplexity, 1), 1);
  const double kl = kl_divergence(p, layout, dims);
  EXPECT_LT(kl, dims == 2 ? 1.35 : 1.15);

  // The measures have teeth: the starting point (one step from the PCA initialisation) fails
  // them, so an optimiser that does not move the points fails too.
  TsneOptions one_step = options;
  one_step.iterations = 1;
  one_step.exaggeration_iterations = 0;
  const std::vector<float> start = tsne_layout(index, graph, one_step);
  EXPECT_LT(separation(start, dims, data.label, 5), 2.0);
  EXPECT_LT(trust(index, start, dims, 10), together - 0.1);
  EXPECT_GT(kl_divergence(p, start, dims), 2.0 * kl);
}

TEST_P(TsneLayout, ACurveKeepsItsNeighbours) {
  const int dims = GetParam();
  const Embedding embedding = curve(400);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 45);
  TsneOptions options = small_options(dims);
  options.perplexity = 15.0f;
  const std::vector<float> layout = tsne_layout(index, graph, options);
  EXPECT_GT(trust(index, layout, dims, 5), 0.7);
}

TEST_P(TsneLayout, BitwiseTheSameForAnyThreadCount) {
  const int dims = GetParam();
  const Clustered data = clustered(3, 200, 12, 31);
  const CosineIndex index(data.embedding);
  const KnnGraph graph = graph_of(index, 45);
  TsneOptions options = small_options(dims);
  options.perplexity = 15.0f;
  options.iterations = 120;
  options.exaggeration_iterations = 40;
  options.threads = 1;
  const std::vector<float> one = tsne_layout(index, graph, options);
  for (const unsigned threads : {2u, 3u, 0u}) {
    options.threads = threads;
    EXPECT_EQ(tsne_layout(index, graph, options), one) << threads << " threads";
  }
  if (simd_enabled()) {  // the portable kernels: the same bits as AVX2
    set_simd_enabled(false);
    options.threads = 2;
    const std::vector<float> portable = tsne_layout(index, graph, options);
    set_simd_enabled(true);
    EXPECT_EQ(portable, one);
  }
  options.seed = 43;  // another jitter: close, not equal
  EXPECT_NE(tsne_layout(index, graph, options), one);
}

TEST_P(TsneLayout, SnapshotsArriveEveryFewIterationsAndAtTheEnd) {
  const int dims = GetParam();
  const Embedding embedding = testing::random_embedding(120, 8, 41);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 15);
  TsneOptions options;
  options.dims = dims;
  options.perplexity = 5.0f;
  options.iterations = 110;
  options.exaggeration_iterations = 30;
  options.snapshot_iterations = 25;
  std::vector<std::vector<float>> snapshots;
  options.snapshot = [&](const std::vector<float>& layout) { snapshots.push_back(layout); };
  std::vector<double> fractions;
  options.progress = [&](double fraction) {
    fractions.push_back(fraction);
    return true;
  };
  const std::vector<float> layout = tsne_layout(index, graph, options);
  ASSERT_EQ(snapshots.size(), 5u);  // 25, 50, 75, 100, 110
  for (const auto& s : snapshots) EXPECT_EQ(s.size(), 120u * dims);
  EXPECT_NE(snapshots[0], snapshots[1]);
  EXPECT_EQ(snapshots.back(), layout);
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_DOUBLE_EQ(fractions.back(), 1.0);
}

INSTANTIATE_TEST_SUITE_P(Dims, TsneLayout, ::testing::Values(2, 3));

// [SECTION] Options and cancellation

TEST(TsneOptions, BadOptionsAreDataErrors) {
  const Embedding embedding = testing::random_embedding(40, 6, 51);
  const CosineIndex index(embedding);
  const KnnGraph graph = graph_of(index, 30);
  auto message = [&](TsneOptions options, const KnnGraph& g) -> std::string {
    try {
      tsne_layout(index, g, options);
    } catch (const DataError& e) {
      return e.what();
    }
    return "no error";
  };
  TsneOptions good;
  good.perplexity = 5.0f;
  good.iterations = 20;
  good.exaggeration_iterations = 10;
  auto with = [&](auto change) {
    TsneOptions options = good;
    change(options);
    return message(options, graph);
  };
  EXPECT_THAT(with([](TsneOptions& o) { o.dims = 4; }), HasSubstr("2 or 3 dimensions"));
  EXPECT_THAT(with([](TsneOptions& o) { o.dims = 1; }), HasSubstr("2 or 3 dimensions"));
  EXPECT_THAT(with([](TsneOptions& o) { o.perplexity = 0.0f; }), HasSubstr("perplexity"));
  EXPECT_THAT(with([](TsneOptions& o) { o.perplexity = -3.0f; }), HasSubstr("perplexity"));
  EXPECT_THAT(with([](TsneOptions& o) { o.perplexity = NAN; }), HasSubstr("perplexity"));
  EXPECT_THAT(with([](TsneOptions& o) { o.perplexity = 40.0f; }), HasSubstr("too large"));
  EXPECT_THAT(with([](TsneOptions& o) { o.perplexity = 12.0f; }), HasSubstr("needs 36"));
  EXPECT_THAT(with([](TsneOptions& o) { o.iterations = 5; }), HasSubstr("iterations"));
  EXPECT_THAT(with([](TsneOptions& o) { o.iterations = 0; }), HasSubstr("iterations"));
  EXPECT_THAT(with([](TsneOptions& o) { o.exaggeration_iterations = -1; }),
              HasSubstr("exaggeration"));
  EXPECT_THAT(with([](TsneOptions& o) { o.theta = -0.1f; }), HasSubstr("theta"));
  EXPECT_THAT(with([](TsneOptions& o) { o.learning_rate = -1.0f; }), HasSubstr("learning rate"));
  EXPECT_THAT(with([](TsneOptions& o) { o.early_exaggeration = 0.0f; }), HasSubstr("exaggeration"));
  EXPECT_THAT(with([](TsneOptions& o) {
                o.snapshot = [](const std::vector<float>&) {};
                o.snapshot_iterations = 0;
              }),
              HasSubstr("snapshot"));
  EXPECT_EQ(with([](TsneOptions&) {}), "no error");

  const Embedding other = testing::random_embedding(30, 6, 52);
  const CosineIndex other_index(other);
  EXPECT_THAT(message(good, graph_of(other_index, 20)), HasSubstr("rows"));
}

TEST(TsneOptions, ProgressSayingStopThrowsCancelledAtOnce) {
  const Clustered data = clustered(5, 150, 20, 61);
  const CosineIndex index(data.embedding);
  const KnnGraph graph = graph_of(index, 60);
  // Stop at the first call (during the affinities) and ~100 iterations in.
  for (const double stop_at : {0.0, 0.051}) {
    TsneOptions options = small_options(3);
    options.iterations = 100000;  // hours, unless cancellation works
    options.exaggeration_iterations = 250;
    int calls_after_stop = 0;
    bool stopped = false;
    options.progress = [&](double fraction) {
      if (stopped) ++calls_after_stop;
      if (fraction >= stop_at) stopped = true;
      return !stopped;
    };
    const auto start = std::chrono::steady_clock::now();
    EXPECT_THROW(tsne_layout(index, graph, options), Cancelled);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(calls_after_stop, 0);
    EXPECT_LT(seconds, 10.0);
  }
}

}  // namespace
}  // namespace galaxy
