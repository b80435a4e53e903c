// The scriptable galaxy subcommands. Output formats are a contract (see README): one result per
// line, tab-separated, scores with 6 decimals; diagnostics and progress go to stderr.
#include "app/cli/commands.h"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "app/cli/arguments.h"
#include "app/cli/bundled.h"
#include "app/state/exports.h"
#include "geometry/analogy.h"
#include "geometry/atomic_file.h"
#include "geometry/binary_format.h"
#include "geometry/cosine_index.h"
#include "geometry/evaluate.h"
#include "geometry/expression.h"
#include "geometry/kmeans.h"
#include "geometry/knn_graph.h"
#include "geometry/loaders.h"
#include "geometry/neighbour_layout.h"
#include "geometry/pca.h"
#include "geometry/semantic_axes.h"

namespace galaxy::cli {

namespace {

const char* kDataOptionsHelp =
    "  --data FILE       vectors file (GloVe/word2vec/fastText text, word2vec binary, TSV, "
    ".galaxy,\n"
    "                    any of them .gz); default: the bundled GloVe galaxy\n"
    "  --format NAME     force the format: glove, word2vec, fasttext, word2vec-binary, tsv, "
    "galaxy\n"
    "  --limit N         keep only the first N rows (the most frequent words)\n";

// Shows "label  42%" on stderr, only when stderr is a terminal (scripts get clean stderr).
class TerminalProgress {
 public:
  explicit TerminalProgress(std::string label)
      : label_(std::move(label)), enabled_(isatty(2) != 0) {}
  ~TerminalProgress() { finish(); }
  std::function<void(double)> callback() {
    if (!enabled_) return {};
    return [this](double fraction) {
      int percent = static_cast<int>(fraction * 100.0 + 0.5);
      if (percent == last_percent_) return;
      last_percent_ = percent;
      std::fprintf(stderr, "\r%s %3d%%", label_.c_str(), percent);
      std::fflush(stderr);
      shown_ = true;
    };
  }
  void finish() {
    if (shown_) std::fprintf(stderr, "\r%*s\r", static_cast<int>(label_.size()) + 6, "");
    shown_ = false;
  }

 private:
  std::string label_;
  bool enabled_;
  bool shown_ = false;
  int last_percent_ = -1;
};

// To --out FILE (atomically; --force replaces it) or to stdout.
void write_output(const Arguments& args, std::size_t rows,
                  const std::function<void(std::FILE*)>& write_rows) {
  if (auto out = args.value("--out")) {
    write_file_atomically(*out, write_rows, args.has("--force"));
    std::fprintf(stderr, "wrote %zu rows to %s\n", rows, out->c_str());
  } else {
    write_rows(stdout);
  }
}

bool wants_help(const Arguments& args) {
  return args.has("--help") || args.has("-h");
}

struct LoadedData {
  std::string path;
  LoadResult result;
  double seconds = 0;
};

// Loads `path` with the --format / --limit options, progress on a terminal and warnings on stderr.
LoadedData load_file(const Arguments& args, const std::string& path, bool check_values = true) {
  LoadedData data;
  data.path = path;
  LoadOptions options;
  options.check_values = check_values;
  const app::DataOptions chosen = data_options(args);
  options.format = chosen.format;
  options.limit = chosen.limit;
  TerminalProgress progress("loading " + data.path);
  options.progress = progress.callback();
  auto start = std::chrono::steady_clock::now();
  data.result = load_embedding(data.path, options);
  data.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  progress.finish();
  for (const auto& warning : data.result.warnings)
    std::fprintf(stderr, "warning: %s\n", warning.c_str());
  if (data.result.embedding.empty()) throw DataError(data.path + ": no vectors in the file");
  return data;
}

// The --data file, or the bundled galaxy.
LoadedData load_data(const Arguments& args, bool check_values = true) {
  return load_file(args, data_path(args), check_values);
}

void print_neighbors(const Embedding& embedding, const std::vector<Neighbor>& results) {
  for (const auto& n : results) {
    std::printf("%s\t%.6f\n", app::tsv_escape(embedding.word(n.row)).c_str(),
                static_cast<double>(n.score));
  }
}

AnalogyMethod parse_method(const std::string& text) {
  if (const auto method = parse_analogy_method(text)) return *method;
  throw UsageError{"--method must be add or mul, got '" + text + "'"};
}

// Runs a subcommand body, turning errors into messages and exit codes.
int guarded(const char* usage, const std::function<int()>& body) {
  try {
    return body();
  } catch (const UsageError& error) {
    std::fprintf(stderr, "galaxy: %s\n\n%s", error.message.c_str(), usage);
    return 2;
  } catch (const DataError& error) {
    std::fprintf(stderr, "galaxy: %s\n", error.what());
    return 1;
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "galaxy: out of memory (try --limit N to load fewer words)\n");
    return 1;
  }
}

}  // namespace

const char* main_usage() {
  return "Embedding Galaxy: word embeddings as a 3D galaxy you can fly through.\n\n"
         "usage:\n"
         "  galaxy [FILE] [--tour TOUR.json] [--present] [--format NAME] [--limit N]\n"
         "                                             open the window (bundled galaxy when FILE "
         "is omitted);\n"
         "                                             --tour plays a tour in presentation mode\n"
         "  galaxy [FILE] [--bookmark FILE [--step N]] --screenshot OUT.png [--screenshot-size "
         "WxH]\n"
         "                                             the window showing a bookmark (or --tour "
         "step),\n"
         "                                             saved as a PNG once it rests, then closed\n"
         "  galaxy [FILE] --monkey SEED [--monkey-events N] [--frame-delay-ms MS]\n"
         "                                             developers: seeded random input, then a "
         "check\n"
         "                                             that the window still answers (exit 0)\n"
         "  galaxy info [--data FILE]                  format, words, dimensions, load time\n"
         "  galaxy neighbors WORD [-k N] [--data FILE] nearest words by cosine similarity\n"
         "  galaxy analogy A B C [-k N] [--method add|mul] [--include-inputs] [--data FILE]\n"
         "                                             A is to B as C is to ?\n"
         "  galaxy expr \"king - man + woman\" [-k N] [--data FILE]\n"
         "  galaxy project [--data FILE] [--out FILE]  word<TAB>x<TAB>y<TAB>z (PCA to 3D)\n"
         "  galaxy project --method umap|tsne [--dims 2|3] [--quality]\n"
         "                                             UMAP / t-SNE layouts; recall@10 on stderr\n"
         "  galaxy project --axes \"woman - man\" ...    semantic axes (also --unit: PCA of unit "
         "vectors)\n"
         "  galaxy clusters [-k N] [--seed S]          word<TAB>cluster (spherical k-means)\n"
         "  galaxy eval analogies FILE [--restrict N] [--method add|mul] [--data FILE]\n"
         "  galaxy eval similarity FILE [--data FILE]\n"
         "  galaxy convert IN OUT [--float16] [--force]  write the fast binary .galaxy format\n"
         "  galaxy render --out FILE.png [...]         render an image headlessly (see galaxy "
         "render --help)\n\n"
         "Every subcommand has --help. Exit codes: 0 ok, 1 bad data or unknown word, 2 bad command "
         "line.\n";
}

int run_info(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy info [--data FILE] [--format NAME] [--limit N]\n"
          "Prints key<TAB>value lines: file, format, words, dimensions, "
          "load_seconds.\n\noptions:\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args).parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (!args.positionals().empty())
      throw UsageError{"unexpected argument '" + args.positionals()[0] + "'"};
    // info reads no vector values: a .galaxy file opens without touching them.
    auto data = load_data(args, /*check_values=*/false);
    const auto& e = data.result.embedding;
    std::printf("file\t%s\n", data.path.c_str());
    std::printf("format\t%s%s\n", format_name(data.result.format),
                data.result.gzip ? " (gzip)" : "");
    std::printf("words\t%zu\n", e.rows());
    std::printf("dimensions\t%d\n", e.dims());
    std::printf("duplicates\t%zu\n", e.duplicate_count());
    std::printf("load_seconds\t%.3f\n", data.seconds);
    return 0;
  });
}

int run_neighbors(int argc, char** argv) {
  static const std::string usage = std::string(
                                       "usage: galaxy neighbors WORD [-k N] [--data FILE]\n"
                                       "Prints the k words with the highest cosine similarity to "
                                       "WORD (itself excluded), best first,\n"
                                       "as word<TAB>score, computed over the full vocabulary in "
                                       "the original dimensions.\n\noptions:\n"
                                       "  -k N              number of neighbours (default 10)\n") +
                                   kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args).value_option("-k", "--k").parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (args.positionals().size() != 1) throw UsageError{"expected exactly one WORD"};
    const std::size_t k = args.count_or("-k", 10);
    auto data = load_data(args);
    const auto& embedding = data.result.embedding;
    const auto row = embedding.require(args.positionals()[0]);
    CosineIndex index(embedding);
    print_neighbors(embedding, index.nearest_to_word(row, k));
    return 0;
  });
}

int run_analogy(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy analogy A B C [-k N] [--method add|mul] [--include-inputs] [--data FILE]\n"
          "A is to B as C is to ?  e.g. galaxy analogy man king woman  ->  queen\n"
          "  add: 3CosAdd, gensim most_similar(positive=[B, C], negative=[A])\n"
          "  mul: 3CosMul, gensim most_similar_cosmul(positive=[B, C], negative=[A])\n"
          "A, B and C are excluded from the answers unless --include-inputs is given.\n\noptions:\n"
          "  -k N              number of answers (default 10)\n"
          "  --method add|mul  default add\n"
          "  --include-inputs  let A, B, C appear among the answers\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args)
        .value_option("-k", "--k")
        .value_option("--method")
        .flag("--include-inputs");
    args.parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (args.positionals().size() != 3) throw UsageError{"expected three words A B C"};
    AnalogyOptions options;
    options.k = args.count_or("-k", 10);
    options.method = parse_method(args.value_or("--method", "add"));
    options.include_inputs = args.has("--include-inputs");
    auto data = load_data(args);
    const auto& embedding = data.result.embedding;
    const auto& words = args.positionals();
    const auto a = embedding.require(words[0]);
    const auto b = embedding.require(words[1]);
    const auto c = embedding.require(words[2]);
    CosineIndex index(embedding);
    print_neighbors(embedding, solve_analogy(index, a, b, c, options));
    return 0;
  });
}

int run_expr(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy expr \"king - man + woman\" [-k N] [--include-inputs] [--data FILE]\n"
          "Word arithmetic on unit vectors, with optional weights: \"0.5*paris + berlin - "
          "germany\".\n"
          "Prints the nearest words to the result (gensim most_similar semantics), input words "
          "excluded.\n\n"
          "options:\n"
          "  -k N              number of answers (default 10)\n"
          "  --include-inputs  let the input words appear among the answers\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args).value_option("-k", "--k").flag("--include-inputs").parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (args.positionals().empty()) throw UsageError{"expected an expression"};
    std::string text;
    for (const auto& part : args.positionals()) text += (text.empty() ? "" : " ") + part;
    const auto terms = parse_expression(text);
    auto data = load_data(args);
    CosineIndex index(data.result.embedding);
    print_neighbors(
        data.result.embedding,
        evaluate_expression(index, terms, args.count_or("-k", 10), args.has("--include-inputs")));
    return 0;
  });
}

int run_project(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy project [--method pca|pca-unit|axes|umap|tsne] [--dims 2|3] [--seed S]\n"
          "                      [--neighbors N] [--min-dist D] [--perplexity P] [--epochs E]\n"
          "                      [--axes X Y Z] [--quality] [--data FILE] [--out FILE] [--force]\n"
          "Places every word in 3D (or 2D) and prints word<TAB>x<TAB>y<TAB>z (word<TAB>x<TAB>y)\n"
          "in file order.\n"
          "  pca (default): exact PCA (mean-centred) of the vectors; explained variance on stderr\n"
          "  pca-unit: exact PCA of the unit-normalised vectors (the layout cosine similarity "
          "sees)\n"
          "  axes: semantic axes; each coordinate is the cosine of the word's unit vector with "
          "the\n"
          "        normalised sum of the axis expression's unit vectors, e.g.\n"
          "        galaxy project --axes \"woman - man\" \"rich - poor\" \"big - small\"\n"
          "  umap: UMAP of the cosine kNN graph (McInnes et al. 2018): neighbours stay together\n"
          "  tsne: Barnes-Hut t-SNE of the cosine kNN graph (van der Maaten 2014)\n\n"
          "options:\n"
          "  --method NAME     the layout (default pca; --unit is pca-unit, --axes alone is axes)\n"
          "  --dims 2|3        output dimensions (default 3)\n"
          "  --seed S          umap/tsne seed (default 42): same seed and threads, same layout\n"
          "  --neighbors N     umap: n_neighbors (default 15)\n"
          "  --min-dist D      umap: min_dist (default 0.1)\n"
          "  --epochs E        umap: epochs (default 500 below 10,000 words, else 200);\n"
          "                    tsne: iterations (default 750)\n"
          "  --perplexity P    tsne: perplexity (default 30)\n"
          "  --axes X Y Z      three expressions (quote each one)\n"
          "  --quality         print recall@10<TAB>VALUE on stderr: the share of each word's 10\n"
          "                    true cosine neighbours that are among its 10 nearest points\n"
          "                    (every word up to 60,000 words, else a seeded sample of 10,000)\n"
          "  --out FILE        write to FILE (atomically) instead of stdout\n"
          "  --force           replace FILE if it exists\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args)
        .value_option("--out", "-o")
        .value_option("--method")
        .value_option("--dims")
        .value_option("--seed")
        .value_option("--neighbors")
        .value_option("--min-dist")
        .value_option("--perplexity")
        .value_option("--epochs")
        .flag("--force")
        .flag("--unit")
        .flag("--quality")
        .multi_option("--axes", 3)
        .parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (!args.positionals().empty())
      throw UsageError{"unexpected argument '" + args.positionals()[0] + "'"};
    if (args.has("--unit") && args.has("--axes"))
      throw UsageError{"--unit and --axes are different projections: give one of them"};
    std::string method = args.value_or("--method", args.has("--axes")   ? "axes"
                                                   : args.has("--unit") ? "pca-unit"
                                                                        : "pca");
    static const std::vector<std::string> methods = {"pca", "pca-unit", "axes", "umap", "tsne"};
    if (std::find(methods.begin(), methods.end(), method) == methods.end())
      throw UsageError{"--method: unknown method '" + method +
                       "' (pca, pca-unit, axes, umap or tsne)"};
    if (args.has("--unit") && method != "pca-unit")
      throw UsageError{"--unit is --method pca-unit, not " + method};
    if (args.has("--axes") != (method == "axes"))
      throw UsageError{"--method axes goes with --axes X Y Z (and --axes with --method axes)"};
    const std::size_t dims = args.count_or("--dims", 3);
    if (dims != 2 && dims != 3) throw UsageError{"--dims is 2 or 3, not " + std::to_string(dims)};
    const bool neighbour_method = method == "umap" || method == "tsne";
    // Each layout option names the methods it belongs to.
    static const std::pair<const char*, const char*> owners[] = {{"--seed", "umap or tsne"},
                                                                 {"--epochs", "umap or tsne"},
                                                                 {"--neighbors", "umap"},
                                                                 {"--min-dist", "umap"},
                                                                 {"--perplexity", "tsne"}};
    for (const auto& [option, owner] : owners)
      if (args.has(option) && std::string(owner).find(method) == std::string::npos)
        throw UsageError{std::string(option) + " is an option of --method " + owner};

    auto data = load_data(args);
    const auto& embedding = data.result.embedding;
    std::optional<CosineIndex> index;
    if (method != "pca" || args.has("--quality")) index.emplace(embedding);
    // coordinates: rows x 3 (or the neighbour layout's dims), row-major.
    std::vector<float> coordinates;
    std::optional<NeighbourTrust> trust;
    if (method == "axes") {
      const std::vector<std::string> expressions = args.values("--axes");
      const std::vector<SemanticAxis> axes = make_semantic_axes(*index, expressions);
      std::fprintf(stderr, "axes\tX %s\tY %s\tZ %s\n", expressions[0].c_str(),
                   expressions[1].c_str(), expressions[2].c_str());
      coordinates = semantic_axis_coordinates(*index, axes);
    } else if (method == "pca" || method == "pca-unit") {
      const PcaResult pca = method == "pca-unit" ? pca3_unit(*index) : pca3(embedding);
      std::fprintf(stderr, "explained variance ratio\tPC1 %.6f\tPC2 %.6f\tPC3 %.6f\n",
                   pca.explained_variance_ratio[0], pca.explained_variance_ratio[1],
                   pca.explained_variance_ratio[2]);
      coordinates = pca.positions;
    } else {
      NeighbourLayoutOptions options;
      options.method = parse_neighbour_method(method);
      options.dims = static_cast<int>(dims);
      options.seed = args.count_or("--seed", 42);
      options.umap.n_neighbors = args.count_or("--neighbors", options.umap.n_neighbors);
      options.umap.min_dist =
          static_cast<float>(args.number_or("--min-dist", options.umap.min_dist));
      options.umap.epochs = static_cast<int>(args.count_or("--epochs", 0));
      options.tsne.perplexity =
          static_cast<float>(args.number_or("--perplexity", options.tsne.perplexity));
      if (args.has("--epochs"))
        options.tsne.iterations = static_cast<int>(args.count_or("--epochs", 750));
      options.measure_trust = args.has("--quality");
      const NeighbourLayout layout = compute_neighbour_layout(*index, options);
      std::fprintf(stderr, "%s\t%zuD\tknn graph %.2f s (%s, k=%zu)\tlayout %.2f s\n",
                   method.c_str(), dims, layout.graph_seconds,
                   layout.graph.exact ? "exact" : "hnsw", layout.graph.k, layout.layout_seconds);
      coordinates = layout.coordinates;
      trust = layout.trust;
    }
    // PCA and axes have three coordinates: a 2D picture keeps the first two.
    if (!neighbour_method && dims == 2) {
      std::vector<float> plane;
      plane.reserve(embedding.rows() * 2);
      for (std::size_t r = 0; r < embedding.rows(); ++r) {
        plane.push_back(coordinates[r * 3]);
        plane.push_back(coordinates[r * 3 + 1]);
      }
      coordinates = std::move(plane);
    }
    if (args.has("--quality") && !trust) trust = neighbour_trust(*index, coordinates, int(dims));
    if (trust)
      std::fprintf(stderr, "recall@10\t%.6f\t(%s %zu words)\n", trust->mean,
                   trust->sampled ? "a seeded sample of" : "all", trust->rows.size());
    auto write_rows = [&](std::FILE* out) {
      app::write_position_rows(out, embedding, coordinates.data(), int(dims));
    };
    write_output(args, embedding.rows(), write_rows);
    return 0;
  });
}

int run_clusters(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy clusters [-k N] [--seed S] [--rows N] [--iterations N] [--out FILE] "
          "[--force]\n"
          "                       [--data FILE] [--format NAME] [--limit N]\n"
          "Groups the words by meaning with spherical k-means (cosine similarity in the full\n"
          "dimensions, k-means++ seeding). Prints word<TAB>cluster in file order; the legend\n"
          "cluster<TAB>size<TAB>name (the most central words) goes to stderr.\n\noptions:\n"
          "  -k N              number of clusters (default 12)\n"
          "  --seed S          seed of the k-means++ seeding (default 42); same seed, same "
          "clusters\n"
          "  --rows N          cluster only the N most frequent words, then assign the rest to "
          "the\n"
          "                    nearest cluster (default 50000, as the window; 0: every word)\n"
          "  --iterations N    at most N Lloyd iterations (default 40)\n"
          "  --out FILE        write to FILE (atomically) instead of stdout\n"
          "  --force           replace FILE if it exists\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args)
        .value_option("-k", "--k")
        .value_option("--seed")
        .value_option("--rows")
        .value_option("--iterations")
        .value_option("--out", "-o")
        .flag("--force")
        .parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (!args.positionals().empty())
      throw UsageError{"unexpected argument '" + args.positionals()[0] + "'"};
    SphericalKMeansOptions options;
    options.k = static_cast<int>(std::min<std::size_t>(args.count_or("-k", 12), 1u << 30));
    options.seed = args.count_or("--seed", 42);
    options.rows = args.count_or("--rows", 50000);  // as the window: see coloring.cpp
    options.max_iterations =
        static_cast<int>(std::min<std::size_t>(args.count_or("--iterations", 40), 1u << 30));

    auto data = load_data(args);
    const Embedding& embedding = data.result.embedding;
    const CosineIndex index(embedding);
    TerminalProgress progress("clustering");
    if (auto shown = progress.callback()) {
      options.progress = [shown](double fraction) {
        shown(fraction);
        return true;
      };
    }
    const auto start = std::chrono::steady_clock::now();
    const Clustering result = spherical_kmeans(index, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    progress.finish();

    write_output(args, embedding.rows(), [&](std::FILE* out) {
      for (std::size_t r = 0; r < embedding.rows(); ++r)
        std::fprintf(out, "%s\t%d\n", app::tsv_escape(embedding.word(r)).c_str(),
                     result.assignment[r]);
    });
    std::fprintf(stderr, "k %d\titerations %d\tmean_cosine %.6f\tseconds %.3f\n", result.k,
                 result.iterations, result.mean_cosine, seconds);
    for (int c = 0; c < result.k; ++c) {
      std::fprintf(stderr, "%d\t%zu\t%s\n", c, result.sizes[static_cast<std::size_t>(c)],
                   cluster_name(embedding, result, c).c_str());
    }
    return 0;
  });
}

int run_eval(int argc, char** argv) {
  static const std::string usage =
      std::string(
          "usage: galaxy eval analogies FILE [--restrict N] [--method add|mul] [--data FILE]\n"
          "       galaxy eval similarity FILE [--data FILE]\n"
          "analogies: questions in the Google format (': section' lines, then 'a b c d'), scored "
          "with gensim's\n"
          "  evaluate_word_analogies rules (case-insensitive; only the N most frequent words, "
          "default 300000;\n"
          "  questions with unknown words skipped and counted). Prints "
          "section<TAB>correct<TAB>answered<TAB>accuracy\n"
          "  per section, then 'total<TAB>correct<TAB>answered<TAB>accuracy<TAB>skipped_oov'.\n"
          "similarity: word pairs with a human score ('#' comments; tab- or space-separated), "
          "scored with\n"
          "  gensim's evaluate_word_pairs rules. Prints "
          "spearman<TAB>rho<TAB>pairs_used<TAB>pairs_oov.\n\noptions:\n"
          "  --restrict N      analogies: search only the N most frequent words (default 300000)\n"
          "  --method add|mul  analogies: 3CosAdd (default) or 3CosMul\n") +
      kDataOptionsHelp;
  return guarded(usage.c_str(), [&] {
    Arguments args;
    with_data_options(args)
        .value_option("--restrict")
        .value_option("--method")
        .parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    const auto& positionals = args.positionals();
    if (positionals.size() != 2 ||
        (positionals[0] != "analogies" && positionals[0] != "similarity")) {
      throw UsageError{"expected 'analogies FILE' or 'similarity FILE'"};
    }
    auto data = load_data(args);
    CosineIndex index(data.result.embedding);
    if (positionals[0] == "analogies") {
      TerminalProgress progress("evaluating " + positionals[1]);
      const auto result =
          evaluate_analogies(index, positionals[1], args.count_or("--restrict", 300000),
                             parse_method(args.value_or("--method", "add")), progress.callback());
      progress.finish();
      for (const auto& section : result.sections) {
        std::printf("%s\t%zu\t%zu\t%.6f\n", section.name.c_str(), section.correct, section.answered,
                    section.accuracy());
      }
      std::printf("total\t%zu\t%zu\t%.6f\t%zu\n", result.total.correct, result.total.answered,
                  result.total.accuracy(), result.skipped_oov);
      if (result.invalid_lines)
        std::fprintf(stderr, "skipped %zu invalid lines\n", result.invalid_lines);
    } else {
      const auto result = evaluate_similarity(index, positionals[1]);
      std::printf("spearman\t%.6f\t%zu\t%zu\n", result.spearman, result.pairs_used,
                  result.pairs_oov);
      if (result.invalid_lines)
        std::fprintf(stderr, "skipped %zu invalid lines\n", result.invalid_lines);
    }
    return 0;
  });
}

int run_convert(int argc, char** argv) {
  static const std::string usage = std::string(
      "usage: galaxy convert IN OUT [--float16] [--force] [--format NAME] [--limit N]\n"
      "Converts any supported vectors file to the .galaxy binary format, which opens instantly\n"
      "(memory-mapped, no parsing). OUT is never overwritten unless --force is given.\n\noptions:\n"
      "  --float16         store half-precision values (half the size; cosines within ~1e-3)\n"
      "  --force           replace OUT if it exists\n"
      "  --format NAME     force the input format\n"
      "  --limit N         keep only the first N rows\n");
  return guarded(usage.c_str(), [&] {
    Arguments args;
    args.value_option("--format")
        .value_option("--limit")
        .flag("--float16")
        .flag("--force")
        .flag("--help")
        .flag("-h");
    args.parse(argc, argv, 2);
    if (wants_help(args)) return std::printf("%s", usage.c_str()), 0;
    if (args.positionals().size() != 2) throw UsageError{"expected IN and OUT"};
    LoadOptions options;
    if (auto format = args.value("--format")) options.format = parse_format_name(*format);
    options.limit = args.count_or("--limit", 0);
    const auto& in = args.positionals()[0];
    const auto& out = args.positionals()[1];
    TerminalProgress progress("loading " + in);
    options.progress = progress.callback();
    auto result = load_embedding(in, options);
    progress.finish();
    for (const auto& warning : result.warnings)
      std::fprintf(stderr, "warning: %s\n", warning.c_str());
    write_galaxy_file(out, result.embedding,
                      args.has("--float16") ? StorageType::Float16 : StorageType::Float32,
                      args.has("--force"));
    std::fprintf(stderr, "wrote %zu words x %d dimensions to %s\n", result.embedding.rows(),
                 result.embedding.dims(), out.c_str());
    return 0;
  });
}

}  // namespace galaxy::cli
