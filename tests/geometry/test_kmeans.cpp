// Spec for spherical k-means: planted clusters recovered exactly, one Lloyd step against a
// double-precision brute force, determinism across runs and thread counts, edge cases.
#include "geometry/kmeans.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>

#include "support/seeded_embedding.h"

namespace galaxy {
namespace {

using ::testing::HasSubstr;

// `clusters` orthogonal directions in `dims` (>= clusters) dimensions; each row is one of them
// (chosen at random) plus noise of about `noise` in length, scaled by a random length.
// truth[row] = its direction.
struct Planted {
  Embedding embedding;
  std::vector<int> truth;
};

Planted planted_clusters(int clusters, std::size_t rows, int dims, double noise,
                         std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, 1.0);
  std::uniform_real_distribution<double> length(0.5, 3.0);
  // Orthonormal directions (Gram-Schmidt on Gaussian vectors): well separated by construction.
  std::vector<std::vector<double>> centres;
  for (int c = 0; c < clusters; ++c) {
    std::vector<double> v(static_cast<std::size_t>(dims));
    for (double& x : v) x = normal(rng);
    for (const auto& previous : centres) {
      double along = 0.0;
      for (int j = 0; j < dims; ++j) along += v[j] * previous[j];
      for (int j = 0; j < dims; ++j) v[j] -= along * previous[j];
    }
    double norm = 0.0;
    for (double x : v) norm += x * x;
    for (double& x : v) x /= std::sqrt(norm);
    centres.push_back(v);
  }
  Planted p;
  std::vector<std::string> words;
  std::vector<float> values;
  for (std::size_t r = 0; r < rows; ++r) {
    const int c = static_cast<int>(rng() % static_cast<std::uint64_t>(clusters));
    p.truth.push_back(c);
    words.push_back("w" + std::to_string(r));
    const double scale = length(rng);
    for (int j = 0; j < dims; ++j)
      values.push_back(
          static_cast<float>(scale * (centres[c][j] + noise / std::sqrt(dims) * normal(rng))));
  }
  p.embedding = Embedding(std::move(words), std::move(values), dims);
  return p;
}

std::vector<double> unit_double(const float* v, int d) {
  double norm = 0.0;
  for (int j = 0; j < d; ++j) norm += double(v[j]) * v[j];
  std::vector<double> u(static_cast<std::size_t>(d), 0.0);
  if (norm > 0)
    for (int j = 0; j < d; ++j) u[j] = v[j] / std::sqrt(norm);
  return u;
}

double dot(const std::vector<double>& a, const std::vector<float>& b) {
  double s = 0.0;
  for (std::size_t j = 0; j < a.size(); ++j) s += a[j] * b[j];
  return s;
}

// True when the two labelings are the same partition (a bijection between labels).
bool same_partition(const std::vector<std::int32_t>& found, const std::vector<int>& truth) {
  std::map<int, int> forward, backward;
  for (std::size_t r = 0; r < truth.size(); ++r) {
    auto [f, fnew] = forward.emplace(found[r], truth[r]);
    auto [b, bnew] = backward.emplace(truth[r], found[r]);
    if (f->second != truth[r] || b->second != found[r]) return false;
  }
  return true;
}

class PlantedClusters : public ::testing::TestWithParam<std::tuple<int, std::size_t, int>> {};

TEST_P(PlantedClusters, AreRecoveredExactly) {
  const auto [k, rows, dims] = GetParam();
  const Planted p = planted_clusters(k, rows, dims, 0.3, 1000 + k);
  const CosineIndex index(p.embedding);
  SphericalKMeansOptions options;
  options.k = k;
  const Clustering c = spherical_kmeans(index, options);
  EXPECT_EQ(c.k, k);
  ASSERT_EQ(c.assignment.size(), rows);
  EXPECT_TRUE(same_partition(c.assignment, p.truth));
  EXPECT_LT(c.iterations, options.max_iterations);  // converged
  std::size_t total = 0;
  for (int j = 0; j < k; ++j) {
    total += c.sizes[j];
    EXPECT_EQ(c.sizes[j],
              static_cast<std::size_t>(std::count(c.assignment.begin(), c.assignment.end(), j)));
    double norm = 0.0;
    for (float v : c.centroids[j]) norm += double(v) * v;
    EXPECT_NEAR(norm, 1.0, 1e-5);
  }
  EXPECT_EQ(total, rows);
  EXPECT_GT(c.mean_cosine, 0.9);
}

INSTANTIATE_TEST_SUITE_P(Sizes, PlantedClusters,
                         ::testing::Values(std::make_tuple(2, std::size_t{200}, 8),
                                           std::make_tuple(6, std::size_t{900}, 32),
                                           std::make_tuple(12, std::size_t{20000}, 50)));

TEST(SphericalKMeans, SameSeedSameResultWhateverTheThreads) {
  const Embedding e = testing::random_embedding(12000, 20, 77);  // several blocks and chunks
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 9;
  options.max_iterations = 15;
  options.threads = 1;
  const Clustering one = spherical_kmeans(index, options);
  options.threads = 2;
  const Clustering two = spherical_kmeans(index, options);
  options.threads = 5;
  const Clustering five = spherical_kmeans(index, options);
  for (const Clustering* other : {&two, &five}) {
    EXPECT_EQ(one.assignment, other->assignment);
    EXPECT_EQ(one.centroids, other->centroids);  // bitwise
    EXPECT_EQ(one.central_rows, other->central_rows);
    EXPECT_EQ(one.iterations, other->iterations);
    EXPECT_EQ(one.mean_cosine, other->mean_cosine);
  }
  // The seeding is what the seed changes: k-means++ seeds are rows of the data.
  options.max_iterations = 0;
  const Clustering seeds_a = spherical_kmeans(index, options);
  const Clustering seeds_b = spherical_kmeans(index, options);
  EXPECT_EQ(seeds_a.centroids, seeds_b.centroids);
  options.seed = 43;
  const Clustering seeds_c = spherical_kmeans(index, options);
  EXPECT_NE(seeds_a.centroids, seeds_c.centroids);
}

TEST(SphericalKMeans, OneLloydIterationMatchesBruteForce) {
  const std::size_t rows = 3000;
  const int d = 16, k = 10;
  const Embedding e = testing::random_embedding(rows, d, 5);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = k;
  options.max_iterations = 0;
  const Clustering seeded = spherical_kmeans(index, options);
  EXPECT_EQ(seeded.iterations, 0);
  // k-means++ seeds are unit rows of the data, all different.
  std::set<std::size_t> seed_rows;
  for (const auto& centroid : seeded.centroids) {
    for (std::size_t r = 0; r < rows; ++r) {
      if (std::equal(centroid.begin(), centroid.end(), index.unit_row(r))) {
        seed_rows.insert(r);
        break;
      }
    }
  }
  EXPECT_EQ(seed_rows.size(), static_cast<std::size_t>(k));

  // Reference: assign every row to its nearest seed in double, then average and normalise.
  std::vector<int> assigned(rows);
  std::vector<std::vector<double>> sums(k, std::vector<double>(d, 0.0));
  for (std::size_t r = 0; r < rows; ++r) {
    const auto u = unit_double(e.row(r), d);
    int best = 0;
    for (int j = 1; j < k; ++j)
      if (dot(u, seeded.centroids[j]) > dot(u, seeded.centroids[best])) best = j;
    assigned[r] = best;
    // Near-ties may go either way in float; none are expected in this seeded data.
    EXPECT_EQ(seeded.assignment[r], best) << "row " << r;
    for (int i = 0; i < d; ++i) sums[best][i] += u[i];
  }
  options.max_iterations = 1;
  const Clustering stepped = spherical_kmeans(index, options);
  EXPECT_EQ(stepped.iterations, 1);
  for (int j = 0; j < k; ++j) {
    double norm = 0.0;
    for (double v : sums[j]) norm += v * v;
    for (int i = 0; i < d; ++i)
      EXPECT_NEAR(stepped.centroids[j][i], sums[j][i] / std::sqrt(norm), 1e-5);
  }
  // ... and the final assignment is to the nearest updated centroid.
  for (std::size_t r = 0; r < rows; ++r) {
    const auto u = unit_double(e.row(r), d);
    int best = 0;
    for (int j = 1; j < k; ++j)
      if (dot(u, stepped.centroids[j]) > dot(u, stepped.centroids[best])) best = j;
    EXPECT_EQ(stepped.assignment[r], best) << "row " << r;
  }
}

TEST(SphericalKMeans, ClusteringOnlyTheFrequentRowsAssignsTheRestToTheNearestCentroid) {
  const Embedding e = testing::random_embedding(2500, 12, 8);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 7;
  options.rows = 400;
  const Clustering c = spherical_kmeans(index, options);
  ASSERT_EQ(c.assignment.size(), 2500u);
  std::size_t total = 0;
  for (std::size_t size : c.sizes) total += size;
  EXPECT_EQ(total, 2500u);
  for (std::size_t r = 0; r < 2500; ++r) {
    const auto u = unit_double(e.row(r), 12);
    int best = 0;
    for (int j = 1; j < 7; ++j)
      if (dot(u, c.centroids[j]) > dot(u, c.centroids[best])) best = j;
    EXPECT_EQ(c.assignment[r], best) << "row " << r;
  }
  // The centroids come from the first 400 rows only: changing the others changes nothing else.
  std::vector<float> values(e.data(), e.data() + 2500 * 12);
  for (std::size_t i = 400 * 12; i < values.size(); ++i) values[i] *= -1.0f;
  const Embedding flipped(e.words(), values, 12);
  const CosineIndex flipped_index(flipped);
  EXPECT_EQ(spherical_kmeans(flipped_index, options).centroids, c.centroids);
  options.k = 401;
  EXPECT_THROW(spherical_kmeans(index, options), DataError);
}

TEST(SphericalKMeans, CentralRowsAreTheMembersMostSimilarToTheCentroid) {
  const Planted p = planted_clusters(4, 600, 10, 0.3, 3);
  const CosineIndex index(p.embedding);
  SphericalKMeansOptions options;
  options.k = 4;
  const Clustering c = spherical_kmeans(index, options);
  for (int j = 0; j < 4; ++j) {
    std::vector<std::pair<double, std::uint32_t>> members;
    for (std::uint32_t r = 0; r < 600; ++r)
      if (c.assignment[r] == j)
        members.push_back({-dot(unit_double(p.embedding.row(r), 10), c.centroids[j]), r});
    std::sort(members.begin(), members.end());
    ASSERT_EQ(c.central_rows[j].size(), 5u);
    for (std::size_t i = 0; i < 5; ++i) EXPECT_EQ(c.central_rows[j][i], members[i].second);
    const std::string name = cluster_name(p.embedding, c, j);
    EXPECT_EQ(name, p.embedding.word(members[0].second) + ", " +
                        p.embedding.word(members[1].second) + ", " +
                        p.embedding.word(members[2].second));
    EXPECT_EQ(cluster_name(p.embedding, c, j, 1), p.embedding.word(members[0].second));
  }
  EXPECT_THROW(cluster_name(p.embedding, c, 4), std::out_of_range);
  EXPECT_THROW(cluster_name(p.embedding, c, -1), std::out_of_range);
}

TEST(SphericalKMeans, BadKIsADataError) {
  const Embedding e = testing::random_embedding(5, 3, 1);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  for (int k : {0, -3, 6}) {
    options.k = k;
    EXPECT_THROW(spherical_kmeans(index, options), DataError) << "k = " << k;
  }
  options.k = 6;
  try {
    spherical_kmeans(index, options);
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("only 5 rows"));
  }
  options.k = 5;  // one cluster per row
  const Clustering c = spherical_kmeans(index, options);
  EXPECT_EQ(std::set<std::int32_t>(c.assignment.begin(), c.assignment.end()).size(), 5u);
}

TEST(SphericalKMeans, DuplicateAndZeroRowsLeaveNoNaNAndEveryRowAssigned) {
  // Three distinct directions repeated, two zero rows, and more clusters than directions: k-means++
  // runs out of distinct rows, some clusters start (and stay) empty and are reseeded.
  std::vector<std::string> words;
  std::vector<float> values;
  const float directions[3][3] = {{1, 0, 0}, {0, 2, 0}, {0, 0, 3}};
  for (int r = 0; r < 60; ++r) {
    words.push_back("w" + std::to_string(r));
    if (r % 20 == 19) {
      values.insert(values.end(), {0, 0, 0});
    } else {
      values.insert(values.end(), directions[r % 3], directions[r % 3] + 3);
    }
  }
  const Embedding e(std::move(words), std::move(values), 3);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 5;
  const Clustering c = spherical_kmeans(index, options);
  std::size_t total = 0;
  for (int j = 0; j < 5; ++j) {
    total += c.sizes[j];
    for (float v : c.centroids[j]) EXPECT_TRUE(std::isfinite(v));
  }
  EXPECT_EQ(total, 60u);
  EXPECT_TRUE(std::isfinite(c.mean_cosine));
  // Equal rows always share a cluster, different directions never do.
  for (int r = 0; r < 60; ++r) {
    if (r % 20 == 19) continue;
    for (int s = 0; s < 60; ++s) {
      if (s % 20 == 19) continue;
      EXPECT_EQ(c.assignment[r] == c.assignment[s], r % 3 == s % 3) << r << " " << s;
    }
  }
}

TEST(SphericalKMeans, EmptyClusterIsReseededWithTheWorstFittingRow) {
  // Two tight groups far apart, k = 3: the third seed must land in a group; whichever cluster ends
  // up empty is reseeded, so all three end up non-empty, the odd row out taking its own cluster.
  std::vector<std::string> words;
  std::vector<float> values;
  std::mt19937_64 rng(4);
  std::normal_distribution<float> noise(0.0f, 0.01f);
  for (int r = 0; r < 200; ++r) {
    words.push_back("w" + std::to_string(r));
    const float base[4] = {r < 100 ? 1.0f : 0.0f, r < 100 ? 0.0f : 1.0f, 0.0f, 0.0f};
    for (float b : base) values.push_back(b + noise(rng));
  }
  words.push_back("outlier");
  values.insert(values.end(), {0.0f, 0.0f, 1.0f, 0.0f});
  const Embedding e(std::move(words), std::move(values), 4);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 3;
  const Clustering c = spherical_kmeans(index, options);
  for (std::size_t size : c.sizes) EXPECT_GT(size, 0u);
  const std::int32_t outlier = c.assignment[200];
  EXPECT_EQ(c.sizes[static_cast<std::size_t>(outlier)], 1u);
}

TEST(SphericalKMeans, ProgressRisesToOneAndFalseCancels) {
  const Embedding e = testing::random_embedding(3000, 8, 2);
  const CosineIndex index(e);
  SphericalKMeansOptions options;
  options.k = 4;
  std::vector<double> seen;
  options.progress = [&](double f) {
    seen.push_back(f);
    return true;
  };
  spherical_kmeans(index, options);
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
  EXPECT_EQ(seen.back(), 1.0);
  int calls = 0;
  options.progress = [&](double) { return ++calls < 3; };
  EXPECT_THROW(spherical_kmeans(index, options), Cancelled);
  EXPECT_EQ(calls, 3);
}

}  // namespace
}  // namespace galaxy
