// The galaxy subcommands (info, neighbors, analogy, expr, project, clusters, eval, convert) and
// their usage texts.
#pragma once

namespace galaxy::cli {

// Each returns the process exit code: 0 success, 1 bad data or unknown word, 2 bad command line.
int run_info(int argc, char** argv);
int run_neighbors(int argc, char** argv);
int run_analogy(int argc, char** argv);
int run_expr(int argc, char** argv);
int run_project(int argc, char** argv);
int run_eval(int argc, char** argv);
int run_convert(int argc, char** argv);
// `galaxy clusters`: spherical k-means, word<TAB>cluster.
int run_clusters(int argc, char** argv);

// Top-level usage (galaxy --help).
const char* main_usage();

}  // namespace galaxy::cli
