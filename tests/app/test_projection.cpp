// Spec for projection layouts (PCA, PCA of unit vectors, semantic axes, local PCA) and the
// dataset's metadata columns.
#include "app/state/projection.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "app/seeded_galaxy.h"
#include "geometry/pca.h"
#include "geometry/semantic_axes.h"
#include "support/temp_dir.h"

namespace galaxy::app {
namespace {

using ::testing::HasSubstr;

float percentile98(const std::vector<glm::vec3>& points) {
  std::vector<float> radii;
  for (const auto& p : points) radii.push_back(glm::length(p));
  const std::size_t k = static_cast<std::size_t>(double(radii.size() - 1) * 0.98);
  std::nth_element(radii.begin(), radii.begin() + static_cast<std::ptrdiff_t>(k), radii.end());
  return radii[k];
}

TEST(ProjectionKind, NamesRoundTrip) {
  for (ProjectionKind kind : {ProjectionKind::Pca, ProjectionKind::PcaUnit, ProjectionKind::Axes})
    EXPECT_EQ(parse_projection_kind(projection_kind_name(kind)), kind);
  EXPECT_STREQ(projection_kind_name(ProjectionKind::PcaUnit), "pca-unit");
  EXPECT_EQ(parse_projection_kind("AXES"), ProjectionKind::Axes);
  try {
    parse_projection_kind("tsne");
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("pca, pca-unit, axes"));
  }
}

TEST(ProjectionSpec, AxesCountOnlyForTheAxesKind) {
  ProjectionSpec a, b;
  b.axes = {"x", "y", "z"};
  EXPECT_EQ(a, b);  // both PCA
  a.kind = b.kind = ProjectionKind::Axes;
  EXPECT_NE(a, b);
  a.axes = b.axes;
  EXPECT_EQ(a, b);
  b.kind = ProjectionKind::PcaUnit;
  EXPECT_NE(a, b);
}

TEST(ComputeLayout, PcaIsTheDatasetsOwnLayout) {
  const auto dataset = make_dataset(testing::seeded_galaxy());
  const Layout layout = compute_layout(*dataset, {});
  EXPECT_EQ(layout.positions, dataset->positions);
  EXPECT_EQ(layout.explained_variance_ratio, dataset->explained_variance);
  EXPECT_EQ(layout.world_per_unit, dataset->world_per_unit);
  EXPECT_THAT(layout.axis_labels[0], ::testing::StartsWith("PC1 "));
  EXPECT_THAT(layout.axis_labels[0], ::testing::EndsWith("%"));
  // world_per_unit converts back to raw PCA coordinates (up to the mean, ~0 for PCA).
  const PcaResult pca = pca3(dataset->embedding);
  for (std::size_t r = 0; r < dataset->rows(); r += 7)
    EXPECT_NEAR(layout.positions[r].x / layout.world_per_unit, pca.positions[3 * r], 1e-4);
}

TEST(ComputeLayout, PcaUnitIsTheCentredScaledPcaOfUnitVectors) {
  const auto dataset = make_dataset(testing::seeded_galaxy(200));
  ProjectionSpec spec;
  spec.kind = ProjectionKind::PcaUnit;
  const Layout layout = compute_layout(*dataset, spec);
  const PcaResult pca = pca3_unit(*dataset->index);
  ASSERT_EQ(layout.positions.size(), dataset->rows());
  EXPECT_NEAR(percentile98(layout.positions), kGalaxyRadius, 1e-3);
  for (int c = 0; c < 3; ++c)
    EXPECT_NEAR(layout.explained_variance_ratio[c], pca.explained_variance_ratio[c], 1e-6);
  for (std::size_t r = 0; r < dataset->rows(); ++r)
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(layout.positions[r][c] / layout.world_per_unit, pca.positions[3 * r + c], 1e-4);
}

TEST(ComputeLayout, AxesAreUniformlyScaledCosinesNotCentred) {
  const auto dataset = make_dataset(testing::seeded_galaxy(300));
  ProjectionSpec spec;
  spec.kind = ProjectionKind::Axes;
  spec.axes = {"woman - man", "king - man", "girl - woman"};
  const Layout layout = compute_layout(*dataset, spec);
  EXPECT_EQ(layout.axis_labels, spec.axes);
  EXPECT_EQ(layout.explained_variance_ratio, glm::vec3(0.0f));
  EXPECT_NEAR(percentile98(layout.positions), kGalaxyRadius, 1e-3);
  std::vector<SemanticAxis> axes;
  for (const auto& text : spec.axes) axes.push_back(make_semantic_axis(*dataset->index, text));
  const auto cosines = semantic_axis_coordinates(*dataset->index, axes);
  for (std::size_t r = 0; r < dataset->rows(); ++r)
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(layout.positions[r][c] / layout.world_per_unit, cosines[3 * r + c], 1e-5);
  // Same factor on every axis; woman is on the "woman" side of "woman - man".
  const auto woman = dataset->embedding.require("woman");
  const auto man = dataset->embedding.require("man");
  EXPECT_GT(layout.positions[woman].x, 0.0f);
  EXPECT_LT(layout.positions[man].x, 0.0f);
  EXPECT_GE(layout.radius, kGalaxyRadius);
}

TEST(ComputeLayout, BadAxisNamesTheAxis) {
  const auto dataset = make_dataset(testing::seeded_galaxy());
  ProjectionSpec spec;
  spec.kind = ProjectionKind::Axes;
  spec.axes = {"woman - man", "kingg - man", "boy"};
  try {
    compute_layout(*dataset, spec);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("Y axis: unknown word 'kingg' (did you mean: king"));
  }
  spec.axes = {"woman - man", "king", "boy - boy"};
  EXPECT_THROW(compute_layout(*dataset, spec), DataError);
  spec.axes = {"woman - man", "king", ""};
  try {
    compute_layout(*dataset, spec);
    FAIL();
  } catch (const DataError& error) {
    EXPECT_THAT(error.what(), HasSubstr("Z axis: "));
  }
}

TEST(ComputeLocalLayout, PcaOfTheChosenUnitVectorsFillsTheGalaxy) {
  const auto dataset = make_dataset(testing::seeded_galaxy());
  const std::vector<std::uint32_t> rows = {0, 1, 2, 3, 4, 5, 6, 7, 2};
  const auto positions = compute_local_layout(*dataset, rows);
  ASSERT_EQ(positions.size(), rows.size());
  EXPECT_EQ(positions[8], positions[2]);  // the repeated row
  // Reference: PCA of the 8 unit vectors, centred, scaled by one factor.
  const int d = dataset->embedding.dims();
  std::vector<float> units;
  for (std::uint32_t r = 0; r < 8; ++r)
    units.insert(units.end(), dataset->index->unit_row(r), dataset->index->unit_row(r) + d);
  const PcaResult pca = pca3(units.data(), 8, d);
  const float scale = glm::length(positions[0]) /
                      glm::length(glm::vec3(pca.positions[0], pca.positions[1], pca.positions[2]));
  for (std::size_t i = 0; i < 8; ++i)
    for (int c = 0; c < 3; ++c)
      EXPECT_NEAR(positions[i][c], scale * pca.positions[3 * i + c], 1e-3);
  std::vector<glm::vec3> distinct(positions.begin(), positions.begin() + 8);
  EXPECT_NEAR(percentile98(distinct), kGalaxyRadius, 1e-3);
}

TEST(ComputeLocalLayout, FewerThanThreeWordsOrBadRowsAreDataErrors) {
  const auto dataset = make_dataset(testing::seeded_galaxy());
  EXPECT_THROW(compute_local_layout(*dataset, {1, 2, 1, 2}), DataError);
  EXPECT_THROW(compute_local_layout(*dataset, {}), DataError);
  EXPECT_THROW(compute_local_layout(*dataset, {1, 2, 100000}), DataError);
  EXPECT_EQ(compute_local_layout(*dataset, {1, 2, 3}).size(), 3u);
}

TEST(DatasetMetadata, ProjectorColumnsReachTheDataset) {
  galaxy::testing::TempDir dir;
  const auto path = dir.write("vectors.tsv", "1\t0\n0\t1\n1\t1\n");
  dir.write("metadata.tsv", "word\tpos\ncat\tNOUN\nrun\tVERB\ndog\tNOUN\n");
  const auto dataset = load_dataset(path);
  EXPECT_EQ(dataset->word(0), "cat");
  EXPECT_EQ(dataset->metadata_columns, (std::vector<std::string>{"word", "pos"}));
  ASSERT_EQ(dataset->metadata_values.size(), 2u);
  EXPECT_EQ(dataset->metadata_values[1], (std::vector<std::string>{"NOUN", "VERB", "NOUN"}));
}

TEST(FitToGalaxy, CentresAndScalesThe98thPercentile) {
  std::vector<glm::vec3> points;
  for (int i = 0; i < 100; ++i) points.emplace_back(float(i) + 10.0f, 5.0f, -2.0f);
  std::vector<glm::vec3> centred = points;
  const float scale = fit_to_galaxy(centred, true);
  EXPECT_NEAR(percentile98(centred), kGalaxyRadius, 1e-3);
  EXPECT_NEAR(centred[0].x, (0.0f - 49.5f) * scale, 1e-3);
  EXPECT_NEAR(centred[0].y, 0.0f, 1e-5);
  std::vector<glm::vec3> kept = points;
  const float uncentred_scale = fit_to_galaxy(kept, false);
  EXPECT_NEAR(kept[3].y / uncentred_scale, 5.0f, 1e-4);  // not centred
  std::vector<glm::vec3> origin(4, glm::vec3(0.0f));
  EXPECT_EQ(fit_to_galaxy(origin, false), 1.0f);
  EXPECT_FLOAT_EQ(max_radius({glm::vec3(3, 4, 0), glm::vec3(1, 0, 0)}), 5.0f);
}

}  // namespace
}  // namespace galaxy::app
