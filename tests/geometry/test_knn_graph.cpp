// KnnGraph and neighbour trust specs: the exact graph is the brute-force top k by cosine (ties by
// the lower row), HNSW finds nearly all of it and its recall is measured, results do not depend on
// the thread count, and trust is recall@k of the true neighbours among the layout's nearest points.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "geometry/cancelled.h"
#include "geometry/knn_graph.h"

namespace galaxy {
namespace {

Embedding random_embedding(std::size_t rows, int dims, unsigned seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal;
  std::vector<std::string> words;
  std::vector<float> values;
  for (std::size_t r = 0; r < rows; ++r) {
    words.push_back("w" + std::to_string(r));
    for (int d = 0; d < dims; ++d) values.push_back(normal(rng));
  }
  return Embedding(std::move(words), std::move(values), dims);
}

// Brute force in double: the k most similar other rows, ties by the lower row.
std::vector<std::uint32_t> reference_neighbours(const Embedding& e, std::uint32_t row,
                                                std::size_t k) {
  auto cosine = [&](std::uint32_t a, std::uint32_t b) {
    double dot = 0, na = 0, nb = 0;
    for (int d = 0; d < e.dims(); ++d) {
      dot += double(e.row(a)[d]) * e.row(b)[d];
      na += double(e.row(a)[d]) * e.row(a)[d];
      nb += double(e.row(b)[d]) * e.row(b)[d];
    }
    return dot / std::sqrt(na * nb);
  };
  std::vector<std::pair<double, std::uint32_t>> all;
  for (std::uint32_t r = 0; r < e.rows(); ++r)
    if (r != row) all.push_back({-cosine(row, r), r});
  std::sort(all.begin(), all.end());
  std::vector<std::uint32_t> best;
  for (std::size_t i = 0; i < k; ++i) best.push_back(all[i].second);
  return best;
}

TEST(KnnGraph, TheExactGraphIsTheBruteForceTopKByCosine) {
  const Embedding e = random_embedding(600, 12, 1);
  const CosineIndex index(e);
  KnnGraphOptions options;
  options.k = 8;
  options.method = KnnMethod::Exact;
  const KnnGraph graph = build_knn_graph(index, options);
  ASSERT_EQ(graph.rows, 600u);
  ASSERT_EQ(graph.k, 8u);
  EXPECT_TRUE(graph.exact);
  for (std::uint32_t r = 0; r < 600; r += 7) {
    const std::vector<std::uint32_t> expected = reference_neighbours(e, r, 8);
    const std::vector<std::uint32_t> got(graph.neighbours_of(r), graph.neighbours_of(r) + 8);
    EXPECT_EQ(got, expected) << "row " << r;
    for (std::size_t i = 0; i + 1 < 8; ++i)
      EXPECT_GE(graph.similarities_of(r)[i], graph.similarities_of(r)[i + 1]);
  }
}

TEST(KnnGraph, HnswFindsNearlyAllOfTheExactGraphAndSaysHowMuch) {
  const Embedding e = random_embedding(3000, 16, 2);
  const CosineIndex index(e);
  KnnGraphOptions options;
  options.k = 10;
  options.method = KnnMethod::Exact;
  const KnnGraph exact = build_knn_graph(index, options);
  options.method = KnnMethod::Hnsw;
  const KnnGraph approximate = build_knn_graph(index, options);
  EXPECT_FALSE(approximate.exact);
  EXPECT_DOUBLE_EQ(knn_recall(exact, exact), 1.0);
  const double recall = knn_recall(approximate, exact);
  EXPECT_GT(recall, 0.95);
  EXPECT_LE(recall, 1.0);
  for (std::uint32_t r = 0; r < 3000; ++r)
    for (std::size_t i = 0; i < approximate.k; ++i)
      ASSERT_NE(approximate.neighbours_of(r)[i], r) << "a row is never its own neighbour";
}

TEST(KnnGraph, TheGraphDoesNotDependOnTheThreadCount) {
  const Embedding e = random_embedding(2000, 10, 3);
  const CosineIndex index(e);
  for (KnnMethod method : {KnnMethod::Exact, KnnMethod::Hnsw}) {
    KnnGraphOptions options;
    options.method = method;
    options.threads = 1;
    const KnnGraph one = build_knn_graph(index, options);
    options.threads = 2;
    const KnnGraph two = build_knn_graph(index, options);
    EXPECT_EQ(one.neighbours, two.neighbours);
    EXPECT_EQ(one.similarities, two.similarities);
  }
}

TEST(KnnGraph, TinyInputsAndBadOptions) {
  const Embedding three = random_embedding(3, 4, 4);
  const CosineIndex index(three);
  KnnGraphOptions options;
  options.k = 15;  // more than the other rows: every other row, once
  const KnnGraph graph = build_knn_graph(index, options);
  EXPECT_EQ(graph.k, 2u);
  options.k = 0;
  EXPECT_THROW(build_knn_graph(index, options), DataError);
  const Embedding one = random_embedding(1, 4, 5);
  const CosineIndex single(one);
  EXPECT_THROW(build_knn_graph(single, {}), DataError);
}

TEST(KnnGraph, AProgressCallbackCanCancel) {
  const Embedding e = random_embedding(5000, 8, 6);
  const CosineIndex index(e);
  for (KnnMethod method : {KnnMethod::Exact, KnnMethod::Hnsw}) {
    KnnGraphOptions options;
    options.method = method;
    int calls = 0;
    options.progress = [&](double) { return ++calls < 2; };
    EXPECT_THROW(build_knn_graph(index, options), Cancelled);
  }
}

// [SECTION] Neighbour trust

TEST(NeighbourTrust, ALayoutThatIsTheDataItselfIsFullyTrusted) {
  // Three dimensions: the layout is the unit vectors, so Euclidean order is cosine order.
  const Embedding e = random_embedding(800, 3, 7);
  const CosineIndex index(e);
  const std::vector<float> layout(index.unit_data(), index.unit_data() + 800 * 3);
  const NeighbourTrust trust = neighbour_trust(index, layout, 3);
  EXPECT_FALSE(trust.sampled);
  EXPECT_EQ(trust.rows.size(), 800u);
  EXPECT_NEAR(trust.mean, 1.0, 1e-9);
}

TEST(NeighbourTrust, PerRowRecallMatchesABruteForceReference) {
  const Embedding e = random_embedding(400, 20, 8);
  const CosineIndex index(e);
  std::mt19937 rng(9);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  std::vector<float> layout(400 * 2);
  for (std::size_t r = 0; r < 400; ++r) {
    // Half the picture is honest (the first two coordinates), half is noise.
    layout[r * 2] = e.row(r)[0] + 0.5f * uniform(rng);
    layout[r * 2 + 1] = e.row(r)[1] + 0.5f * uniform(rng);
  }
  TrustOptions options;
  options.k = 10;
  const NeighbourTrust trust = neighbour_trust(index, layout, 2, options);
  double sum = 0;
  for (std::uint32_t r = 0; r < 400; ++r) {
    const std::vector<std::uint32_t> truth = reference_neighbours(e, r, 10);
    std::vector<std::pair<float, std::uint32_t>> by_distance;
    for (std::uint32_t o = 0; o < 400; ++o) {
      if (o == r) continue;
      const float dx = layout[r * 2] - layout[o * 2], dy = layout[r * 2 + 1] - layout[o * 2 + 1];
      by_distance.push_back({dx * dx + dy * dy, o});
    }
    std::sort(by_distance.begin(), by_distance.end());
    int hits = 0;
    for (int i = 0; i < 10; ++i)
      hits += std::count(truth.begin(), truth.end(), by_distance[std::size_t(i)].second);
    EXPECT_FLOAT_EQ(trust.recall[r], hits / 10.0f) << "row " << r;
    sum += hits / 10.0;
  }
  EXPECT_NEAR(trust.mean, sum / 400, 1e-6);
  EXPECT_LT(trust.mean, 0.9);  // the noise costs neighbours
  // A known graph gives the same answer as searching the index.
  KnnGraphOptions graph_options;
  graph_options.k = 12;
  const KnnGraph graph = build_knn_graph(index, graph_options);
  options.true_neighbours = &graph;
  EXPECT_EQ(neighbour_trust(index, layout, 2, options).recall, trust.recall);
}

TEST(NeighbourTrust, LargeGalaxiesAreMeasuredOnASeededSample) {
  const Embedding e = random_embedding(kExactTrustRows + 10, 3, 10);
  const CosineIndex index(e);
  const std::vector<float> layout(index.unit_data(), index.unit_data() + e.rows() * 3);
  TrustOptions options;
  options.sample_rows = 300;
  const NeighbourTrust a = neighbour_trust(index, layout, 3, options);
  const NeighbourTrust b = neighbour_trust(index, layout, 3, options);
  EXPECT_TRUE(a.sampled);
  EXPECT_EQ(a.rows.size(), 300u);
  EXPECT_EQ(a.rows, b.rows);
  EXPECT_TRUE(std::is_sorted(a.rows.begin(), a.rows.end()));
  EXPECT_NEAR(a.mean, 1.0, 1e-9);
}

TEST(NeighbourTrust, BadLayoutsAreDataErrors) {
  const Embedding e = random_embedding(50, 4, 11);
  const CosineIndex index(e);
  EXPECT_THROW(neighbour_trust(index, std::vector<float>(50 * 3), 4), DataError);
  EXPECT_THROW(neighbour_trust(index, std::vector<float>(49 * 3), 3), DataError);
  TrustOptions options;
  options.k = 50;
  EXPECT_THROW(neighbour_trust(index, std::vector<float>(50 * 3), 3, options), DataError);
}

}  // namespace
}  // namespace galaxy
