// Micro-benchmarks of the geometry kernels on seeded random data sized like GloVe 6B 100d
// (341,479 x 100) and smaller sizes: parse (GloVe text load), normalise (CosineIndex build), exact
// top-10 search (fast and forced-scalar paths), 3CosAdd / 3CosMul analogies and PCA to 3D.
//
// GALAXY_BENCH_DATA=FILE (any supported format) adds the same benchmarks on that real file
// ("real/..." names); scripts/bench_peers.py uses them with --benchmark_format=json.
// GALAXY_BENCH_TMP=DIR is where generated text files are cached (default /tmp).
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "geometry/analogy.h"
#include "geometry/cosine_index.h"
#include "geometry/embedding.h"
#include "geometry/loaders.h"
#include "geometry/pca.h"

namespace {

using galaxy::CosineIndex;
using galaxy::Embedding;

constexpr int kDims = 100;
const std::vector<std::int64_t> kSizes = {10000, 100000, 341479};

// Seeded vectors shaped roughly like GloVe (normal, sigma 0.4) with words "w<row>".
Embedding make_embedding(std::size_t rows, int dims, unsigned seed = 42) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.4f);
  std::vector<float> data(rows * static_cast<std::size_t>(dims));
  for (float& x : data) x = normal(rng);
  std::vector<std::string> words(rows);
  for (std::size_t r = 0; r < rows; ++r) words[r] = "w" + std::to_string(r);
  return Embedding(std::move(words), std::move(data), dims);
}

// One shared embedding + index per size, built on first use.
struct Fixture {
  Embedding embedding;
  std::unique_ptr<CosineIndex> index;
};

Fixture& synthetic(std::size_t rows) {
  static std::map<std::size_t, std::unique_ptr<Fixture>> cache;
  auto& slot = cache[rows];
  if (!slot) {
    slot = std::make_unique<Fixture>();
    slot->embedding = make_embedding(rows, kDims);
    slot->index = std::make_unique<CosineIndex>(slot->embedding);
  }
  return *slot;
}

Fixture* real_fixture() {
  static std::unique_ptr<Fixture> fixture;
  static bool tried = false;
  if (!tried) {
    tried = true;
    const char* path = std::getenv("GALAXY_BENCH_DATA");
    if (path && *path) {
      fixture = std::make_unique<Fixture>();
      fixture->embedding = galaxy::load_embedding(path).embedding;
      fixture->index = std::make_unique<CosineIndex>(fixture->embedding);
    }
  }
  return fixture.get();
}

// GloVe text file with `rows` seeded rows (cached between runs).
std::string glove_text(std::size_t rows) {
  const char* dir = std::getenv("GALAXY_BENCH_TMP");
  const std::filesystem::path path = std::filesystem::path(dir && *dir ? dir : "/tmp") /
                                     ("galaxy-bench-" + std::to_string(rows) + "x100.txt");
  if (std::filesystem::exists(path)) return path.string();
  const std::string partial = path.string() + ".partial";
  std::FILE* out = std::fopen(partial.c_str(), "wb");
  if (!out) return {};
  std::mt19937 rng(7);
  std::normal_distribution<float> normal(0.0f, 0.4f);
  for (std::size_t r = 0; r < rows; ++r) {
    std::fprintf(out, "w%zu", r);
    for (int i = 0; i < kDims; ++i) std::fprintf(out, " %.5f", static_cast<double>(normal(rng)));
    std::fputc('\n', out);
  }
  std::fclose(out);
  std::filesystem::rename(partial, path);
  return path.string();
}

void set_rows(benchmark::State& state, const Embedding& e) {
  state.counters["rows"] = static_cast<double>(e.rows());
  state.counters["dims"] = e.dims();
}

// --- kernels, each on a Fixture
// --------------------------------------------------------------------

void run_normalise(benchmark::State& state, const Fixture& f) {
  for (auto _ : state) {
    CosineIndex index(f.embedding);
    benchmark::DoNotOptimize(index.unit_data());
  }
  set_rows(state, f.embedding);
}

void run_topk(benchmark::State& state, const Fixture& f, bool scalar) {
  galaxy::set_simd_enabled(!scalar);
  std::uint32_t row = 0;
  for (auto _ : state) {
    auto result = f.index->nearest_to_word(row, 10);
    benchmark::DoNotOptimize(result.data());
    row = (row + 7919) % static_cast<std::uint32_t>(std::min<std::size_t>(f.index->rows(), 50000));
  }
  galaxy::set_simd_enabled(true);
  set_rows(state, f.embedding);
}

// The float32 reference scan (all scores + bounded heap), what every exact search must reproduce.
void run_topk_full_scan(benchmark::State& state, const Fixture& f) {
  std::uint32_t row = 0;
  for (auto _ : state) {
    auto result = galaxy::top_k(f.index->scores(f.index->unit_row(row)), 10, {row});
    benchmark::DoNotOptimize(result.data());
    row = (row + 7919) % static_cast<std::uint32_t>(std::min<std::size_t>(f.index->rows(), 50000));
  }
  set_rows(state, f.embedding);
}

void run_analogy(benchmark::State& state, const Fixture& f, galaxy::AnalogyMethod method,
                 std::uint32_t a, std::uint32_t b, std::uint32_t c) {
  galaxy::AnalogyOptions options;
  options.method = method;
  for (auto _ : state) {
    auto result = galaxy::solve_analogy(*f.index, a, b, c, options);
    benchmark::DoNotOptimize(result.data());
  }
  set_rows(state, f.embedding);
}

void run_pca(benchmark::State& state, const Fixture& f) {
  for (auto _ : state) {
    galaxy::PcaResult result = galaxy::pca3(f.embedding);
    benchmark::DoNotOptimize(result.positions.data());
  }
  set_rows(state, f.embedding);
}

// --- synthetic registrations
// -----------------------------------------------------------------------

void BM_Parse(benchmark::State& state) {
  const std::string path = glove_text(static_cast<std::size_t>(state.range(0)));
  if (path.empty()) {
    state.SkipWithError("cannot write the generated text file");
    return;
  }
  galaxy::LoadOptions options;
  options.format = galaxy::FileFormat::GloveText;
  std::size_t rows = 0;
  for (auto _ : state) {
    galaxy::LoadResult loaded = galaxy::load_embedding(path, options);
    rows = loaded.embedding.rows();
    benchmark::DoNotOptimize(loaded.embedding.data());
  }
  state.counters["rows"] = static_cast<double>(rows);
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(std::filesystem::file_size(path)));
}
BENCHMARK(BM_Parse)->ArgsProduct({kSizes})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Normalise(benchmark::State& state) {
  run_normalise(state, synthetic(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_Normalise)->ArgsProduct({kSizes})->Unit(benchmark::kMillisecond);

void BM_TopK(benchmark::State& state) {
  run_topk(state, synthetic(static_cast<std::size_t>(state.range(0))), false);
}
BENCHMARK(BM_TopK)->ArgsProduct({kSizes})->Unit(benchmark::kMicrosecond);

void BM_TopKScalar(benchmark::State& state) {
  run_topk(state, synthetic(static_cast<std::size_t>(state.range(0))), true);
}
BENCHMARK(BM_TopKScalar)->ArgsProduct({kSizes})->Unit(benchmark::kMicrosecond);

void BM_TopKFullScan(benchmark::State& state) {
  run_topk_full_scan(state, synthetic(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_TopKFullScan)->ArgsProduct({kSizes})->Unit(benchmark::kMicrosecond);

void BM_AnalogyAdd(benchmark::State& state) {
  run_analogy(state, synthetic(static_cast<std::size_t>(state.range(0))),
              galaxy::AnalogyMethod::Add, 11, 22, 33);
}
BENCHMARK(BM_AnalogyAdd)->ArgsProduct({kSizes})->Unit(benchmark::kMicrosecond);

void BM_AnalogyMul(benchmark::State& state) {
  run_analogy(state, synthetic(static_cast<std::size_t>(state.range(0))),
              galaxy::AnalogyMethod::Mul, 11, 22, 33);
}
BENCHMARK(BM_AnalogyMul)->ArgsProduct({kSizes})->Unit(benchmark::kMillisecond);

void BM_Pca(benchmark::State& state) {
  run_pca(state, synthetic(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_Pca)->ArgsProduct({kSizes})->Unit(benchmark::kMillisecond);

// --- real-file registrations (GALAXY_BENCH_DATA)
// ---------------------------------------------------

std::uint32_t row_of(const Embedding& e, const char* word, std::uint32_t fallback) {
  const auto row = e.find(word);
  return row ? *row : fallback;
}

void register_real() {
  if (!std::getenv("GALAXY_BENCH_DATA")) return;
  benchmark::RegisterBenchmark("real/normalise", [](benchmark::State& s) {
    run_normalise(s, *real_fixture());
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("real/topk10", [](benchmark::State& s) {
    run_topk(s, *real_fixture(), false);
  })->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("real/topk10_scalar", [](benchmark::State& s) {
    run_topk(s, *real_fixture(), true);
  })->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("real/topk10_full_scan", [](benchmark::State& s) {
    run_topk_full_scan(s, *real_fixture());
  })->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("real/analogy_add", [](benchmark::State& s) {
    const Embedding& e = real_fixture()->embedding;
    run_analogy(s, *real_fixture(), galaxy::AnalogyMethod::Add, row_of(e, "man", 1),
                row_of(e, "king", 2), row_of(e, "woman", 3));
  })->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("real/analogy_mul", [](benchmark::State& s) {
    const Embedding& e = real_fixture()->embedding;
    run_analogy(s, *real_fixture(), galaxy::AnalogyMethod::Mul, row_of(e, "man", 1),
                row_of(e, "king", 2), row_of(e, "woman", 3));
  })->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("real/pca3", [](benchmark::State& s) {
    run_pca(s, *real_fixture());
  })->Unit(benchmark::kMillisecond);
}

}  // namespace

int main(int argc, char** argv) {
  register_real();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
