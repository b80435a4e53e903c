// t-SNE's parts, exposed for the tests: perplexity-calibrated affinities, their symmetric sparse
// matrix, and the Barnes-Hut gradient with the space-partitioning tree it is computed on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "geometry/knn_graph.h"

namespace galaxy::detail {

// Row i's conditional distribution p(j | i) over its first `k` graph neighbours (same layout as the
// graph, rows * k), each row summing to 1, with the Gaussian precision found by bisection so that
// exp(entropy) equals the perplexity (to 1e-5 in the entropy, as bhtsne).
struct TsneConditionals {
  std::size_t rows = 0;
  std::size_t k = 0;
  std::vector<std::uint32_t> neighbours;
  std::vector<double> probabilities;
};

// Distances are the squared Euclidean distances of the unit vectors, 2 - 2 cosine. Rows are shared
// by `threads` threads, each row computed alone (the result does not depend on the thread count).
// `progress` as TsneOptions::progress (fractions of this step); false: Cancelled.
TsneConditionals tsne_conditionals(const KnnGraph& graph, std::size_t k, double perplexity,
                                   unsigned threads,
                                   const std::function<bool(double)>& progress = {});

// The joint affinities P = (C + C^T) / (2 N) as a CSR matrix: symmetric, summing to 1, columns
// ascending within each row.
struct SparseAffinities {
  std::size_t rows = 0;
  std::vector<std::size_t> row_start;  // rows + 1 offsets into columns / values
  std::vector<std::uint32_t> columns;
  std::vector<float> values;  // float: the gradient works in float (sums per row in fixed order)
};
SparseAffinities tsne_joint_affinities(const TsneConditionals& conditionals, unsigned threads);

// The gradient of KL(P || Q) for a layout, as bhtsne writes it (without the constant factor 4):
// exaggeration * sum_j p_ij q_ij Z (y_i - y_j)  -  sum_j (q_ij Z)^2 (y_i - y_j) / Z, where
// q_ij Z = 1 / (1 + |y_i - y_j|^2) and Z = sum over i != j of q_ij Z. The repulsive sum is
// approximated by Barnes-Hut on a quadtree (2D) or octree (3D) rebuilt for every call, walked
// once per group of consecutive points in tree order (see tsne_layout); theta = 0 makes it exact.
// Forces are summed in float, Z and the gradient in double. Keeps the tree and its buffers
// between calls, so one object serves a whole optimisation.
//
// Deterministic for any thread count: the tree is built on the calling thread; each row's forces
// are summed by one thread in the order of its group's interaction list, which depends on the
// tree only; Z is the sum of the rows' shares in row order.
class BarnesHutGradient {
 public:
  BarnesHutGradient(std::size_t rows, int dims, double theta, unsigned threads);

  // `layout`: rows * dims doubles, row-major; `gradient` receives as many. Returns Z.
  double compute(const double* layout, const SparseAffinities& p, double exaggeration,
                 double* gradient);

  // Nodes of the last tree built (for tests: a tree of N points has at most ~2N nodes).
  std::size_t tree_nodes() const { return nodes_.size(); }

  // One node of the tree. Nodes are stored depth first, so a node's first child follows it and
  // `skip` (the first node after its subtree) lets the traversal run without a stack; a leaf is a
  // node whose skip is its own index + 1. 32 bytes: two nodes per cache line.
  struct Node {
    float centre[3];  // centre of mass (the first dims used)
    float count;      // points below
    float extent2;    // squared largest side of the bounding box of its points
    std::uint32_t skip;
    std::uint32_t begin;  // its points, [begin, end) in tree order
    std::uint32_t end;
  };

  // A source of repulsion in a group's interaction list: a summarised node (its centre of mass
  // and point count) or a single point (mass 1).
  struct Source {
    float position[3];
    float mass;
  };

 private:
  template <int Dims>
  void build_tree();
  template <int Dims>
  std::uint32_t build_node(std::uint32_t begin, std::uint32_t end, int depth);
  template <int Dims>
  void group_forces(std::uint32_t group, const SparseAffinities& p, std::vector<Source>& sources);
  template <int Dims>
  double compute_dims(const double* layout, const SparseAffinities& p, double exaggeration,
                      double* gradient);

  std::size_t rows_;
  int dims_;
  double theta2_;
  unsigned threads_;
  std::vector<Node> nodes_;
  std::vector<float> points_;           // rows * dims, the layout in float (row order)
  std::vector<float> tree_points_;      // the same in tree order
  std::vector<std::uint32_t> order_;    // tree position -> row
  std::vector<std::uint32_t> scratch_;  // the partition's buffer
  std::vector<double> attraction_;      // rows * dims
  std::vector<double> repulsion_;       // rows * dims, unnormalised (times Z)
  std::vector<double> row_z_;           // each row's share of Z
};

}  // namespace galaxy::detail
