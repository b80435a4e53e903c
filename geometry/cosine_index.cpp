// CosineIndex: normalisation, exact top-k search in two passes (an int8 scan that bounds every
// score, then an exact float32 re-rank of the rows whose bound can reach the top k), bounded-heap
// top-k selection. Kernels are dispatched at run time (AVX2 or portable scalar, bitwise identical).
#include "geometry/cosine_index.h"

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <queue>

#include "geometry/parallel_internal.h"
#include "geometry/topk_internal.h"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define GALAXY_X86_DISPATCH 1
#include <immintrin.h>
#endif

namespace galaxy {

namespace {

template <typename T>
void normalize_into(const T* v, int dims, float* out) {
  double sum = 0;
  for (int i = 0; i < dims; ++i) sum += static_cast<double>(v[i]) * static_cast<double>(v[i]);
  if (sum > 0 && std::isfinite(sum)) {
    const double inv = 1.0 / std::sqrt(sum);
    for (int i = 0; i < dims; ++i) out[i] = static_cast<float>(static_cast<double>(v[i]) * inv);
  } else {
    std::fill(out, out + dims, 0.0f);
  }
}

template <typename T>
std::vector<float> normalized_impl(const T* v, int dims) {
  std::vector<float> out(static_cast<std::size_t>(dims), 0.0f);
  normalize_into(v, dims, out.data());
  return out;
}

// Keeps the compiler from fusing a rounded product into a following add (an FMA would round once
// and break the bitwise agreement of the scalar and AVX2 kernels under -ffp-contract=fast).
inline float rounded_product(float a, float b) {
  float p = a * b;
#if defined(GALAXY_X86_DISPATCH)
  asm("" : "+x"(p));
#else
  volatile float barrier = p;
  p = barrier;
#endif
  return p;
}

// 0: scalar, 1: AVX2, 2: AVX2 + AVX-512 VNNI (256-bit vpdpbusd for the int8 scan).
int cpu_simd_level() {
#if defined(GALAXY_X86_DISPATCH)
  __builtin_cpu_init();
  if (!__builtin_cpu_supports("avx2")) return 0;
  if (__builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("avx512vnni")) return 2;
  return 1;
#else
  return 0;
#endif
}

bool simd_disabled_by_environment() {
  const char* value = std::getenv("GALAXY_NO_SIMD");
  return value != nullptr && *value != '\0' && std::strcmp(value, "0") != 0;
}

std::atomic<int>& simd_level() {
  static std::atomic<int> level{simd_disabled_by_environment() ? 0 : cpu_simd_level()};
  return level;
}

bool use_avx2() {
  return simd_level().load(std::memory_order_relaxed) >= 1;
}

#if defined(GALAXY_X86_DISPATCH)
__attribute__((target("avx2"))) float dot_f32_avx2(const float* a, const float* b, int dims) {
  __m256 acc = _mm256_setzero_ps();
  int i = 0;
  for (; i + 8 <= dims; i += 8)
    acc = _mm256_add_ps(acc, _mm256_mul_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i)));
  if (i < dims) {
    const int rest = dims - i;
    const __m256i lane = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i mask = _mm256_cmpgt_epi32(_mm256_set1_epi32(rest), lane);
    acc = _mm256_add_ps(
        acc, _mm256_mul_ps(_mm256_maskload_ps(a + i, mask), _mm256_maskload_ps(b + i, mask)));
  }
  const __m128 s = _mm_add_ps(_mm256_castps256_ps128(acc), _mm256_extractf128_ps(acc, 1));
  const __m128 t = _mm_add_ps(s, _mm_movehl_ps(s, s));
  const __m128 u = _mm_add_ss(t, _mm_shuffle_ps(t, t, 1));
  return _mm_cvtss_f32(u);
}

__attribute__((target("avx2"))) void int8_block_dots_avx2(const std::int8_t* codes,
                                                          std::size_t blocks, int groups,
                                                          const std::int32_t* query_groups,
                                                          std::int32_t* out) {
  const __m256i ones = _mm256_set1_epi16(1);
  const std::size_t block_bytes = static_cast<std::size_t>(groups) * 32;
  std::size_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    const std::int8_t* p0 = codes + b * block_bytes;
    const std::int8_t* p1 = p0 + block_bytes;
    __m256i acc0 = _mm256_setzero_si256();
    __m256i acc1 = _mm256_setzero_si256();
    for (int g = 0; g < groups; ++g) {
      const __m256i q = _mm256_set1_epi32(query_groups[g]);
      const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p0 + 32 * g));
      const __m256i v1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p1 + 32 * g));
      acc0 = _mm256_add_epi32(
          acc0, _mm256_madd_epi16(
                    _mm256_maddubs_epi16(_mm256_abs_epi8(v0), _mm256_sign_epi8(q, v0)), ones));
      acc1 = _mm256_add_epi32(
          acc1, _mm256_madd_epi16(
                    _mm256_maddubs_epi16(_mm256_abs_epi8(v1), _mm256_sign_epi8(q, v1)), ones));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * b), acc0);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * (b + 1)), acc1);
  }
  for (; b < blocks; ++b) {
    const std::int8_t* p0 = codes + b * block_bytes;
    __m256i acc0 = _mm256_setzero_si256();
    for (int g = 0; g < groups; ++g) {
      const __m256i q = _mm256_set1_epi32(query_groups[g]);
      const __m256i v0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p0 + 32 * g));
      acc0 = _mm256_add_epi32(
          acc0, _mm256_madd_epi16(
                    _mm256_maddubs_epi16(_mm256_abs_epi8(v0), _mm256_sign_epi8(q, v0)), ones));
    }
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + 8 * b), acc0);
  }
}
#endif

// Pass 1 of nearest(): for the rows of blocks [first_block, last_block), the int8 estimate of the
// score, the bounds [estimate - bound, estimate + bound] (upper bounds stored), and the best
// `keep` lower bounds of the rows < n.
struct ScanInput {
  const std::int8_t* codes;
  const float* scale;        // per row, padded to whole blocks
  const float* error;        // per row, padded
  const std::int32_t* sums;  // per row sum of codes, padded (VNNI path)
  int groups;
  const std::int32_t* query_groups;     // signed query codes, 4 per int32
  const std::int32_t* query_groups_u8;  // query codes + 128 (VNNI path)
  float t, base, tq;
  std::size_t n, keep;
  float* upper;  // blocks * 8
};

class LowBounds {
 public:
  explicit LowBounds(std::size_t keep) : keep_(keep) {}
  float floor() const { return floor_; }
  void offer(float low) {
    if (heap_.size() < keep_) {
      heap_.push(low);
      if (heap_.size() == keep_) floor_ = heap_.top();
    } else if (low > heap_.top()) {
      heap_.pop();
      heap_.push(low);
      floor_ = heap_.top();
    }
  }
  void drain(std::vector<float>& out) {
    while (!heap_.empty()) {
      out.push_back(heap_.top());
      heap_.pop();
    }
  }

 private:
  std::size_t keep_;
  float floor_ = -std::numeric_limits<float>::infinity();
  std::priority_queue<float, std::vector<float>, std::greater<float>> heap_;
};

void scan_scalar(const ScanInput& in, std::size_t first_block, std::size_t last_block,
                 LowBounds& lows) {
  std::int32_t dots[8];
  for (std::size_t b = first_block; b < last_block; ++b) {
    detail::int8_block_dots_scalar(in.codes + b * static_cast<std::size_t>(in.groups) * 32, 1,
                                   in.groups, in.query_groups, dots);
    for (std::size_t lane = 0; lane < 8; ++lane) {
      const std::size_t r = b * 8 + lane;
      const float approx = (in.scale[r] * in.t) * static_cast<float>(dots[lane]);
      const float bound = in.base + in.error[r] * in.tq;
      in.upper[r] = approx + bound;
      if (r < in.n) lows.offer(approx - bound);
    }
  }
}

#if defined(GALAXY_X86_DISPATCH)
// Bounds of one block from its 8 exact int32 dots; offers the lower bounds above the floor.
__attribute__((target("avx2"))) inline void finish_block(const ScanInput& in, std::size_t b,
                                                         __m256i dots, LowBounds& lows) {
  const __m256 approx =
      _mm256_mul_ps(_mm256_mul_ps(_mm256_loadu_ps(in.scale + 8 * b), _mm256_set1_ps(in.t)),
                    _mm256_cvtepi32_ps(dots));
  const __m256 bound =
      _mm256_add_ps(_mm256_set1_ps(in.base),
                    _mm256_mul_ps(_mm256_loadu_ps(in.error + 8 * b), _mm256_set1_ps(in.tq)));
  const __m256 low = _mm256_sub_ps(approx, bound);
  _mm256_storeu_ps(in.upper + 8 * b, _mm256_add_ps(approx, bound));
  int mask = _mm256_movemask_ps(_mm256_cmp_ps(low, _mm256_set1_ps(lows.floor()), _CMP_GT_OQ));
  if (mask == 0) return;
  alignas(32) float lanes[8];
  _mm256_store_ps(lanes, low);
  for (int lane = 0; lane < 8; ++lane)
    if ((mask >> lane) & 1 && b * 8 + static_cast<std::size_t>(lane) < in.n)
      lows.offer(lanes[lane]);
}

__attribute__((target("avx2"))) void scan_avx2(const ScanInput& in, std::size_t first_block,
                                               std::size_t last_block, LowBounds& lows) {
  const __m256i ones = _mm256_set1_epi16(1);
  const std::size_t block_bytes = static_cast<std::size_t>(in.groups) * 32;
  for (std::size_t b = first_block; b < last_block; ++b) {
    const std::int8_t* p = in.codes + b * block_bytes;
    __m256i acc = _mm256_setzero_si256();
    for (int g = 0; g < in.groups; ++g) {
      const __m256i q = _mm256_set1_epi32(in.query_groups[g]);
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * g));
      acc = _mm256_add_epi32(
          acc, _mm256_madd_epi16(_mm256_maddubs_epi16(_mm256_abs_epi8(v), _mm256_sign_epi8(q, v)),
                                 ones));
    }
    finish_block(in, b, acc, lows);
  }
}

__attribute__((target("avx2,avx512vl,avx512vnni"))) void scan_vnni(const ScanInput& in,
                                                                   std::size_t first_block,
                                                                   std::size_t last_block,
                                                                   LowBounds& lows) {
  const std::size_t block_bytes = static_cast<std::size_t>(in.groups) * 32;
  for (std::size_t b = first_block; b < last_block; ++b) {
    const std::int8_t* p = in.codes + b * block_bytes;
    __m256i acc0 = _mm256_setzero_si256();
    __m256i acc1 = _mm256_setzero_si256();
    int g = 0;
    for (; g + 2 <= in.groups; g += 2) {
      acc0 = _mm256_dpbusd_epi32(acc0, _mm256_set1_epi32(in.query_groups_u8[g]),
                                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * g)));
      acc1 = _mm256_dpbusd_epi32(
          acc1, _mm256_set1_epi32(in.query_groups_u8[g + 1]),
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * (g + 1))));
    }
    if (g < in.groups)
      acc0 = _mm256_dpbusd_epi32(acc0, _mm256_set1_epi32(in.query_groups_u8[g]),
                                 _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * g)));
    // sum c * (e + 128) = c.e + 128 * sum c
    const __m256i sums =
        _mm256_slli_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(in.sums + 8 * b)), 7);
    finish_block(in, b, _mm256_sub_epi32(_mm256_add_epi32(acc0, acc1), sums), lows);
  }
}
#endif

void scan(const ScanInput& in, std::size_t first_block, std::size_t last_block, LowBounds& lows) {
#if defined(GALAXY_X86_DISPATCH)
  const int level = simd_level().load(std::memory_order_relaxed);
  if (level >= 2) return scan_vnni(in, first_block, last_block, lows);
  if (level >= 1) return scan_avx2(in, first_block, last_block, lows);
#endif
  scan_scalar(in, first_block, last_block, lows);
}

// Round to nearest (ties to even) for |x| <= 2^22 without a libm call: adding 1.5 * 2^23 leaves
// no fraction bits. Any rounding would do (the error bounds use the actual codes).
inline long round_to_int(float x) {
  const float m = 12582912.0f;  // (x + m) - m is not folded without -ffast-math
  return static_cast<long>((x + m) - m);
}

// Smallest searches go straight to the float32 scan (the int8 pass would not pay off).
constexpr std::size_t kMinPrunedRows = 4096;
// Rows per block of the index build: whole 8-row code blocks, so no two threads write to one.
constexpr std::size_t kBuildBlockRows = 4096;
static_assert(kBuildBlockRows % detail::kCodeBlockRows == 0);

}  // namespace

namespace detail {

float dot_f32_scalar(const float* a, const float* b, int dims) {
  float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
  int i = 0;
  for (; i + 8 <= dims; i += 8)
    for (int j = 0; j < 8; ++j) acc[j] = acc[j] + rounded_product(a[i + j], b[i + j]);
  if (i < dims) {
    for (int j = 0; j < 8; ++j)
      acc[j] = acc[j] + (i + j < dims ? rounded_product(a[i + j], b[i + j]) : 0.0f);
  }
  float s[4];
  for (int j = 0; j < 4; ++j) s[j] = acc[j] + acc[j + 4];
  const float t0 = s[0] + s[2];
  const float t1 = s[1] + s[3];
  return t0 + t1;
}

float dot_f32(const float* a, const float* b, int dims) {
#if defined(GALAXY_X86_DISPATCH)
  if (use_avx2()) return dot_f32_avx2(a, b, dims);
#endif
  return dot_f32_scalar(a, b, dims);
}

void int8_block_dots_scalar(const std::int8_t* codes, std::size_t blocks, int groups,
                            const std::int32_t* query_groups, std::int32_t* out) {
  for (std::size_t b = 0; b < blocks; ++b) {
    std::int32_t acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    const std::int8_t* block = codes + b * static_cast<std::size_t>(groups) * 32;
    for (int g = 0; g < groups; ++g) {
      std::int8_t q[4];
      std::memcpy(q, &query_groups[g], 4);
      const std::int8_t* v = block + 32 * g;
      for (int lane = 0; lane < 8; ++lane)
        for (int j = 0; j < 4; ++j) acc[lane] += static_cast<std::int32_t>(v[lane * 4 + j]) * q[j];
    }
    std::copy(acc, acc + 8, out + 8 * b);
  }
}

void int8_block_dots(const std::int8_t* codes, std::size_t blocks, int groups,
                     const std::int32_t* query_groups, std::int32_t* out) {
#if defined(GALAXY_X86_DISPATCH)
  if (use_avx2()) {
    int8_block_dots_avx2(codes, blocks, groups, query_groups, out);
    return;
  }
#endif
  int8_block_dots_scalar(codes, blocks, groups, query_groups, out);
}

}  // namespace detail

void set_simd_enabled(bool enabled) {
  simd_level().store(enabled ? cpu_simd_level() : 0);
}

bool simd_enabled() {
  return simd_level().load() > 0;
}

namespace detail {
int set_simd_level(int level) {
  const int used = std::max(0, std::min(level, cpu_simd_level()));
  simd_level().store(used);
  return used;
}
int current_simd_level() {
  return simd_level().load();
}
}  // namespace detail

std::vector<float> normalized(const double* v, int dims) {
  return normalized_impl(v, dims);
}
std::vector<float> normalized(const float* v, int dims) {
  return normalized_impl(v, dims);
}

CosineIndex::CosineIndex(const Embedding& embedding, unsigned threads)
    : embedding_(&embedding), rows_(embedding.rows()), dims_(embedding.dims()), threads_(threads) {
  const auto d = static_cast<std::size_t>(dims_);
  unit_.resize(rows_ * d);
  if (d == 0) return;
  const int groups = (dims_ + detail::kCodeGroupDims - 1) / detail::kCodeGroupDims;
  const std::size_t blocks = (rows_ + detail::kCodeBlockRows - 1) / detail::kCodeBlockRows;
  const std::size_t block_bytes = static_cast<std::size_t>(groups) * 32;
  codes_.assign(blocks * block_bytes, 0);
  code_scale_.assign(blocks * detail::kCodeBlockRows, 0.0f);
  code_error_.assign(blocks * detail::kCodeBlockRows, 0.0f);
  code_sum_.assign(blocks * detail::kCodeBlockRows, 0);
  auto build = [&](std::size_t begin, std::size_t end) {
    for (std::size_t r = begin; r < end; ++r) {
      float* unit = unit_.data() + r * d;
      normalize_into(embedding.row(r), dims_, unit);
      float largest = 0;
      for (std::size_t i = 0; i < d; ++i) largest = std::max(largest, std::fabs(unit[i]));
      if (largest == 0) continue;
      const float scale = largest / 127.0f;
      std::int8_t* block = codes_.data() + (r / detail::kCodeBlockRows) * block_bytes +
                           (r % detail::kCodeBlockRows) * detail::kCodeGroupDims;
      double error = 0;
      std::int32_t sum = 0;
      for (std::size_t i = 0; i < d; ++i) {
        const long code = std::clamp(round_to_int(unit[i] / scale), -127L, 127L);
        block[(i / detail::kCodeGroupDims) * 32 + i % detail::kCodeGroupDims] =
            static_cast<std::int8_t>(code);
        sum += static_cast<std::int32_t>(code);
        const double diff = static_cast<double>(unit[i]) - static_cast<double>(scale) * code;
        error += diff * diff;
      }
      code_scale_[r] = scale;
      code_sum_[r] = sum;
      code_error_[r] = static_cast<float>(std::sqrt(error) * (1.0 + 1e-6)) + 1e-30f;
    }
  };
  // Rows are independent: any split gives the same bytes.
  detail::for_each_row_block(rows_, kBuildBlockRows, threads_, build);
}

float CosineIndex::similarity(std::uint32_t a, std::uint32_t b) const {
  assert(a < rows_ && b < rows_ && "similarity: row out of range");
  const float* x = unit_row(a);
  const float* y = unit_row(b);
  double dot = 0;
  for (int i = 0; i < dims_; ++i) dot += static_cast<double>(x[i]) * y[i];
  return static_cast<float>(dot);
}

std::vector<float> CosineIndex::scores(const float* query, std::size_t restrict) const {
  const std::size_t n = candidate_rows(restrict);
  std::vector<float> out(n, 0.0f);
  if (n == 0 || dims_ == 0) return out;
  const std::vector<float> q = normalized(query, dims_);
  for (std::size_t r = 0; r < n; ++r) out[r] = detail::dot_f32(unit_row(r), q.data(), dims_);
  return out;
}

std::vector<Neighbor> top_k(const std::vector<float>& scores, std::size_t k,
                            const std::vector<std::uint32_t>& exclude) {
  detail::TopK best(std::min(k, scores.size()));
  if (best.capacity() == 0) return {};
  std::vector<std::uint32_t> skip(exclude);
  std::sort(skip.begin(), skip.end());
  auto next_skip = skip.begin();
  const auto n = static_cast<std::uint32_t>(scores.size());
  for (std::uint32_t r = 0; r < n; ++r) {
    while (next_skip != skip.end() && *next_skip < r) ++next_skip;
    if (next_skip != skip.end() && *next_skip == r) continue;
    best.offer(r, scores[r]);
  }
  return best.take_sorted();
}

std::vector<Neighbor> CosineIndex::nearest_full_scan(
    const float* unit_query, std::size_t n, std::size_t k,
    const std::vector<std::uint32_t>& exclude) const {
  std::vector<float> all(n, 0.0f);
  if (dims_ > 0)
    for (std::size_t r = 0; r < n; ++r) all[r] = detail::dot_f32(unit_row(r), unit_query, dims_);
  return top_k(all, k, exclude);
}

// Exact top-k in two passes. Pass 1 scores every row with the int8 codes: for the unit row u,
// its codes s*c (||u - s*c|| <= E), the unit query q and its codes t*e (F = ||q - t*e||,
// T = ||t*e||), Cauchy-Schwarz gives |u.q - s*t*(c.e)| <= ||u||*F + E*T, and the float32
// reference dot_f32(u, q) is within gamma(dims + 8) of u.q. So every row's reference score lies in
// [lower, upper]. With L the (k + excluded)-th largest lower bound, at least k allowed rows score
// >= L, so no row with upper < L can be in the top k. Pass 2 computes the reference score of the
// remaining rows only: the result is exactly that of the full float32 scan.
std::vector<Neighbor> CosineIndex::nearest(const float* query, std::size_t k,
                                           const std::vector<std::uint32_t>& exclude,
                                           std::size_t restrict) const {
  return nearest_on(threads_, query, k, exclude, restrict);
}

std::vector<Neighbor> CosineIndex::nearest_on(unsigned threads, const float* query, std::size_t k,
                                              const std::vector<std::uint32_t>& exclude,
                                              std::size_t restrict) const {
  if (k == 0) return {};
  const std::size_t n = candidate_rows(restrict);
  if (n == 0) return {};
  const std::vector<float> q = normalized(query, dims_);
  const std::size_t keep = k + exclude.size();
  float largest = 0;
  for (float x : q) largest = std::max(largest, std::fabs(x));
  if (dims_ == 0 || largest == 0 || n < kMinPrunedRows || keep * 16 > n)
    return nearest_full_scan(q.data(), n, k, exclude);

  const int groups = (dims_ + detail::kCodeGroupDims - 1) / detail::kCodeGroupDims;
  const float t = largest / 127.0f;
  std::vector<std::int8_t> qcodes(static_cast<std::size_t>(groups) * detail::kCodeGroupDims, 0);
  double f2 = 0, t2 = 0;
  for (int i = 0; i < dims_; ++i) {
    const long code = std::clamp(round_to_int(q[i] / t), -127L, 127L);
    qcodes[i] = static_cast<std::int8_t>(code);
    const double approx = static_cast<double>(t) * code;
    f2 += (q[i] - approx) * (q[i] - approx);
    t2 += approx * approx;
  }
  std::vector<std::int32_t> query_groups(static_cast<std::size_t>(groups));
  std::memcpy(query_groups.data(), qcodes.data(), qcodes.size());
  std::vector<std::uint8_t> qcodes_u8(qcodes.size());
  for (std::size_t i = 0; i < qcodes.size(); ++i)
    qcodes_u8[i] = static_cast<std::uint8_t>(qcodes[i] + 128);
  std::vector<std::int32_t> query_groups_u8(static_cast<std::size_t>(groups));
  std::memcpy(query_groups_u8.data(), qcodes_u8.data(), qcodes_u8.size());
  constexpr double kUnit = 1.0 / 16777216.0;  // 2^-24
  // Rounding of the reference dot (gamma), of ||u|| and ||q|| (~1), and of the float arithmetic
  // of the bounds, all bounded generously.
  const double gamma = (dims_ + 8) * kUnit / (1.0 - (dims_ + 8) * kUnit) * 1.01;
  const double norm_bound = 1.0 + (dims_ + 8) * kUnit;

  const std::size_t blocks = (n + detail::kCodeBlockRows - 1) / detail::kCodeBlockRows;
  // Reused per thread: a fresh 1.3 MB buffer per query would cost page faults every time.
  thread_local std::vector<float> upper;
  if (upper.size() < blocks * detail::kCodeBlockRows) upper.resize(blocks * detail::kCodeBlockRows);
  ScanInput in{codes_.data(),
               code_scale_.data(),
               code_error_.data(),
               code_sum_.data(),
               groups,
               query_groups.data(),
               query_groups_u8.data(),
               t,
               static_cast<float>(norm_bound * std::sqrt(f2) * (1 + 1e-6) + gamma + 4e-6),
               static_cast<float>(std::sqrt(t2) * (1 + 1e-6)),
               n,
               keep,
               upper.data()};
  // One contiguous part of the blocks per thread, each with its own best `keep` lower bounds: their
  // union holds the best `keep` of all rows, so the threshold is the same however many parts.
  const unsigned parts = detail::row_threads(threads, n);
  std::vector<LowBounds> part_lows(parts, LowBounds(keep));
  detail::for_each_block(parts, parts, [&](std::size_t p) {
    scan(in, p * blocks / parts, (p + 1) * blocks / parts, part_lows[p]);
  });
  std::vector<float> lows;
  for (LowBounds& part : part_lows) part.drain(lows);
  std::sort(lows.begin(), lows.end(), std::greater<float>());
  const float threshold = lows[keep - 1];  // n > keep, so there are at least `keep` bounds

  // Pass 2: exact float32 scores of the rows whose upper bound reaches the threshold.
  std::vector<std::uint32_t> skip(exclude);
  std::sort(skip.begin(), skip.end());
  detail::TopK best(k);
  for (std::size_t r = 0; r < n; ++r) {
    if (upper[r] < threshold) continue;
    const auto row = static_cast<std::uint32_t>(r);
    if (std::binary_search(skip.begin(), skip.end(), row)) continue;
    best.offer(row, detail::dot_f32(unit_row(r), q.data(), dims_));
  }
  return best.take_sorted();
}

std::vector<Neighbor> CosineIndex::nearest_to_word(std::uint32_t row, std::size_t k) const {
  assert(row < rows_ && "nearest_to_word: row out of range");
  return nearest(unit_row(row), k, {row});
}

std::vector<Neighbor> CosineIndex::nearest_to_word_on_this_thread(std::uint32_t row,
                                                                  std::size_t k) const {
  assert(row < rows_ && "nearest_to_word_on_this_thread: row out of range");
  return nearest_on(1, unit_row(row), k, {row}, 0);
}

}  // namespace galaxy
