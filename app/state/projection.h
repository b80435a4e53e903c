// Projection layouts: where the stars go for PCA, PCA of unit vectors, or three semantic axes, and
// the local PCA layout of an isolated group of words (GL-free).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <glm/glm.hpp>

#include "app/state/dataset.h"

namespace galaxy::app {

enum class ProjectionKind { Pca, PcaUnit, Axes };

// "pca", "pca-unit", "axes": the one table of projection names (CLI, bookmarks, exports).
const char* projection_kind_name(ProjectionKind kind);
// Inline: the bookmark reader (and its fuzz target) use it without the layout code.
inline const std::vector<std::string>& projection_kind_names() {
  static const std::vector<std::string> names = {"pca", "pca-unit", "axes"};  // enum order
  return names;
}
// The names above (any case); DataError listing the valid names otherwise.
ProjectionKind parse_projection_kind(std::string_view name);

struct ProjectionSpec {
  ProjectionKind kind = ProjectionKind::Pca;
  std::array<std::string, 3> axes;  // X, Y, Z expressions (Axes only)
  // Same layout: the axes only count for ProjectionKind::Axes.
  bool operator==(const ProjectionSpec& other) const;
  bool operator!=(const ProjectionSpec& other) const { return !(*this == other); }
};

struct Layout {
  ProjectionSpec spec;
  std::vector<glm::vec3> positions;        // world space, one per row, like Dataset::positions
  std::array<std::string, 3> axis_labels;  // "PC1 12.3%" ... or the axis expressions
  float world_per_unit = 1.0f;  // world units per projection unit (to export raw coordinates)
  glm::vec3 explained_variance_ratio{0.0f};  // PCA kinds; zero for Axes
  float radius = kGalaxyRadius;              // largest distance of a star from the origin
};

// Pca returns the dataset's own positions (no work); PcaUnit is the PCA of the unit vectors,
// centred and scaled like the dataset's; Axes places each row at its three cosines with the axes
// (geometry/semantic_axes.h), scaled by one factor on all axes so the geometry stays honest and not
// centred (cosine 0 is the origin), the 98th percentile of distances from the origin at
// kGalaxyRadius. DataError naming the axis for a bad expression, e.g. "Y axis: unknown word
// 'riche' (did you mean: rich, ...)". Raw coordinate = position / world_per_unit (Pca and
// PcaUnit: plus the PCA mean, which is subtracted).
Layout compute_layout(const Dataset& dataset, const ProjectionSpec& spec);

// Isolate: PCA of the unit vectors of just `rows` (at least 3 distinct rows, else DataError),
// centred and scaled so they fill kGalaxyRadius. Returns one position per entry of `rows`
// (a repeated row gets the same position). DataError for a row outside the dataset.
std::vector<glm::vec3> compute_local_layout(const Dataset& dataset,
                                            const std::vector<std::uint32_t>& rows);

}  // namespace galaxy::app
