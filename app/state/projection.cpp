// Projection layouts: PCA (the dataset's own), PCA of unit vectors, semantic axes, and local PCA
// for isolated words, all fitted to the galaxy's size with fit_to_galaxy.
#include "app/state/projection.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <unordered_map>

#include "geometry/pca.h"
#include "geometry/semantic_axes.h"

namespace galaxy::app {

namespace {

std::array<std::string, 3> pca_labels(const glm::vec3& ratio) {
  std::array<std::string, 3> labels;
  for (int c = 0; c < 3; ++c) {
    char text[32];
    std::snprintf(text, sizeof text, "PC%d %.1f%%", c + 1, 100.0 * static_cast<double>(ratio[c]));
    labels[static_cast<std::size_t>(c)] = text;
  }
  return labels;
}

glm::vec3 ratio_of(const PcaResult& pca) {
  return glm::vec3(float(pca.explained_variance_ratio[0]), float(pca.explained_variance_ratio[1]),
                   float(pca.explained_variance_ratio[2]));
}

std::vector<glm::vec3> to_points(const std::vector<float>& xyz) {
  std::vector<glm::vec3> points(xyz.size() / 3);
  for (std::size_t i = 0; i < points.size(); ++i)
    points[i] = glm::vec3(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2]);
  return points;
}

}  // namespace

const char* projection_kind_name(ProjectionKind kind) {
  return projection_kind_names()[static_cast<std::size_t>(kind)].c_str();
}

ProjectionKind parse_projection_kind(std::string_view name) {
  std::string key(name);
  for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  const std::vector<std::string>& names = projection_kind_names();
  for (std::size_t i = 0; i < names.size(); ++i)
    if (key == names[i]) return static_cast<ProjectionKind>(i);
  std::string valid;
  for (const std::string& n : names) valid += (valid.empty() ? "" : ", ") + n;
  throw DataError("unknown projection '" + std::string(name) + "' (valid: " + valid + ")");
}

bool ProjectionSpec::operator==(const ProjectionSpec& other) const {
  return kind == other.kind && (kind != ProjectionKind::Axes || axes == other.axes);
}

Layout compute_layout(const Dataset& dataset, const ProjectionSpec& spec) {
  Layout layout;
  layout.spec = spec;
  switch (spec.kind) {
    case ProjectionKind::Pca:
      layout.positions = dataset.positions;
      layout.world_per_unit = dataset.world_per_unit;
      layout.explained_variance_ratio = dataset.explained_variance;
      layout.axis_labels = pca_labels(dataset.explained_variance);
      layout.radius = dataset.radius;
      return layout;
    case ProjectionKind::PcaUnit: {
      const PcaResult pca = pca3_unit(*dataset.index);
      layout.positions = to_points(pca.positions);
      layout.world_per_unit = fit_to_galaxy(layout.positions, true);
      layout.explained_variance_ratio = ratio_of(pca);
      layout.axis_labels = pca_labels(layout.explained_variance_ratio);
      layout.radius = max_radius(layout.positions);
      return layout;
    }
    case ProjectionKind::Axes: {
      const std::vector<SemanticAxis> axes = make_semantic_axes(
          *dataset.index, std::vector<std::string>(spec.axes.begin(), spec.axes.end()));
      layout.axis_labels = spec.axes;
      layout.positions = to_points(semantic_axis_coordinates(*dataset.index, axes));
      layout.world_per_unit = fit_to_galaxy(layout.positions, false);
      layout.radius = max_radius(layout.positions);
      return layout;
    }
  }
  return layout;
}

std::vector<glm::vec3> compute_local_layout(const Dataset& dataset,
                                            const std::vector<std::uint32_t>& rows) {
  // Distinct rows in order of first appearance: a repeated word must not weigh twice in the PCA.
  std::unordered_map<std::uint32_t, std::size_t> slot;
  std::vector<std::uint32_t> distinct;
  for (std::uint32_t row : rows) {
    if (row >= dataset.rows())
      throw DataError("row " + std::to_string(row) + " is not in the galaxy (" +
                      std::to_string(dataset.rows()) + " rows)");
    if (slot.emplace(row, distinct.size()).second) distinct.push_back(row);
  }
  if (distinct.size() < 3) {
    throw DataError("a local layout needs at least 3 different words, got " +
                    std::to_string(distinct.size()));
  }
  const int d = dataset.index->dims();
  std::vector<float> units(distinct.size() * static_cast<std::size_t>(d));
  for (std::size_t i = 0; i < distinct.size(); ++i)
    std::copy_n(dataset.index->unit_row(distinct[i]), d, units.begin() + i * std::size_t(d));
  std::vector<glm::vec3> points = to_points(pca3(units.data(), distinct.size(), d).positions);
  fit_to_galaxy(points, true);
  std::vector<glm::vec3> positions(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) positions[i] = points[slot[rows[i]]];
  return positions;
}

}  // namespace galaxy::app
