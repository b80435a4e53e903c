// `galaxy clusters`: spherical k-means over the full vectors; word<TAB>cluster on stdout (or --out)
// and a legend (cluster<TAB>size<TAB>name) on stderr.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <new>
#include <string>

#include "app/cli/arguments.h"
#include "app/cli/bundled.h"
#include "app/cli/commands.h"
#include "geometry/atomic_file.h"
#include "geometry/cosine_index.h"
#include "geometry/kmeans.h"
#include "geometry/loaders.h"

namespace galaxy::cli {

namespace {

const char* kClustersUsage =
    "usage: galaxy clusters [-k N] [--seed S] [--rows N] [--iterations N] [--data FILE]\n"
    "                       [--out FILE] [--force] [--format NAME] [--limit N]\n"
    "Groups the words by meaning with spherical k-means (cosine similarity in the full\n"
    "dimensions, k-means++ seeding). Prints word<TAB>cluster in file order; the legend\n"
    "cluster<TAB>size<TAB>name (the most central words) goes to stderr.\n\noptions:\n"
    "  -k N              number of clusters (default 12)\n"
    "  --seed S          seed of the k-means++ seeding (default 42); same seed, same clusters\n"
    "  --rows N          cluster only the N most frequent words, then assign the rest to the\n"
    "                    nearest cluster (default 50000, as the window; 0: every word)\n"
    "  --iterations N    at most N Lloyd iterations (default 40)\n"
    "  --out FILE        write to FILE (atomically) instead of stdout\n"
    "  --force           replace FILE if it exists\n"
    "  --data FILE       vectors file (any supported format); default: the bundled GloVe galaxy\n"
    "  --format NAME     force the format: glove, word2vec, fasttext, word2vec-binary, tsv, "
    "galaxy\n"
    "  --limit N         keep only the first N rows (the most frequent words)\n";

// "label  42%" on stderr while it is a terminal, like the other subcommands.
std::function<void(double)> terminal_progress(const std::string& label, int& last_percent) {
  if (isatty(2) == 0) return {};
  return [label, &last_percent](double fraction) {
    const int percent = static_cast<int>(fraction * 100.0 + 0.5);
    if (percent == last_percent) return;
    last_percent = percent;
    std::fprintf(stderr, "\r%s %3d%%", label.c_str(), percent);
    std::fflush(stderr);
  };
}

void clear_progress(const std::string& label, int last_percent) {
  if (last_percent >= 0) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label.size()) + 6, "");
}

int clusters_body(int argc, char** argv) {
  Arguments args;
  args.value_option("--data")
      .value_option("--format")
      .value_option("--limit")
      .value_option("-k", "--k")
      .value_option("--seed")
      .value_option("--rows")
      .value_option("--iterations")
      .value_option("--out", "-o")
      .flag("--force")
      .flag("--help")
      .flag("-h");
  args.parse(argc, argv, 2);
  if (args.has("--help") || args.has("-h")) return std::printf("%s", kClustersUsage), 0;
  if (!args.positionals().empty())
    throw UsageError{"unexpected argument '" + args.positionals()[0] + "'"};

  SphericalKMeansOptions options;
  options.k = static_cast<int>(std::min<std::size_t>(args.count_or("-k", 12), 1u << 30));
  options.seed = args.count_or("--seed", 42);
  options.rows = args.count_or("--rows", 50000);  // as the window: see app_state.cpp
  options.max_iterations =
      static_cast<int>(std::min<std::size_t>(args.count_or("--iterations", 40), 1u << 30));

  LoadOptions load;
  if (auto format = args.value("--format")) load.format = parse_format_name(*format);
  load.limit = args.count_or("--limit", 0);
  const std::string given = args.value_or("--data", "");
  const std::string path = given.empty() ? bundled_galaxy_path() : given;
  const std::string loading = "loading " + path;
  int loading_percent = -1;
  load.progress = terminal_progress(loading, loading_percent);
  LoadResult data = load_embedding(path, load);
  clear_progress(loading, loading_percent);
  for (const auto& warning : data.warnings) std::fprintf(stderr, "warning: %s\n", warning.c_str());
  const Embedding& embedding = data.embedding;
  if (embedding.empty()) throw DataError(path + ": no vectors in the file");

  const CosineIndex index(embedding);
  const std::string clustering = "clustering";
  int clustering_percent = -1;
  if (auto shown = terminal_progress(clustering, clustering_percent)) {
    options.progress = [shown](double fraction) {
      shown(fraction);
      return true;
    };
  }
  const auto start = std::chrono::steady_clock::now();
  const Clustering result = spherical_kmeans(index, options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  clear_progress(clustering, clustering_percent);

  auto write_rows = [&](std::FILE* out) {
    for (std::size_t r = 0; r < embedding.rows(); ++r)
      std::fprintf(out, "%s\t%d\n", embedding.word(r).c_str(), result.assignment[r]);
  };
  if (auto out = args.value("--out")) {
    write_file_atomically(*out, write_rows, args.has("--force"));
    std::fprintf(stderr, "wrote %zu rows to %s\n", embedding.rows(), out->c_str());
  } else {
    write_rows(stdout);
  }
  std::fprintf(stderr, "k %d\titerations %d\tmean_cosine %.6f\tseconds %.3f\n", result.k,
               result.iterations, result.mean_cosine, seconds);
  for (int c = 0; c < result.k; ++c) {
    std::fprintf(stderr, "%d\t%zu\t%s\n", c, result.sizes[static_cast<std::size_t>(c)],
                 cluster_name(embedding, result, c).c_str());
  }
  return 0;
}

}  // namespace

int run_clusters(int argc, char** argv) {
  return guarded(kClustersUsage, [&] { return clusters_body(argc, argv); });
}

}  // namespace galaxy::cli
