// Analogy and word-pair evaluation: file parsing, case-insensitive vocabulary, blocked batch
// solving.
#include "geometry/evaluate.h"

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <cmath>
#include <fstream>
#include <limits>
#include <numeric>
#include <unordered_map>

#include "geometry/fused_scan_internal.h"
#include "geometry/parallel_internal.h"
#include "geometry/topk_internal.h"

namespace galaxy {

// [SECTION] Case folding
// ---------------------------------------------------------------------------

namespace {

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Upper case of one code point; 0 means "two letters" handled by the caller (only U+00DF -> "SS").
char32_t upper_code_point(char32_t cp) {
  if (cp >= 'a' && cp <= 'z') return cp - 0x20;
  if (cp < 0xB5) return cp;
  if (cp == 0xB5) return 0x39C;
  if (cp == 0xDF) return 0;
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if ((cp >= 0x100 && cp <= 0x12F) || (cp >= 0x132 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177))
    return (cp & 1) ? cp - 1 : cp;
  if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) return (cp & 1) ? cp : cp - 1;
  if (cp == 0x131) return 'I';
  if (cp == 0x17F) return 'S';
  if (cp == 0x3AC) return 0x386;
  if (cp >= 0x3AD && cp <= 0x3AF) return cp - 0x25;
  if (cp == 0x3C2) return 0x3A3;
  if (cp >= 0x3B1 && cp <= 0x3CB) return cp - 0x20;
  if (cp == 0x3CC) return 0x38C;
  if (cp == 0x3CD || cp == 0x3CE) return cp - 0x3F;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  if ((cp >= 0x460 && cp <= 0x481) || (cp >= 0x48A && cp <= 0x4BF)) return (cp & 1) ? cp - 1 : cp;
  return cp;
}

}  // namespace

std::string to_upper_utf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    if (lead < 0x80) {
      out +=
          (lead >= 'a' && lead <= 'z') ? static_cast<char>(lead - 0x20) : static_cast<char>(lead);
      ++i;
      continue;
    }
    std::size_t length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0;
    bool valid = length > 0 && i + length <= text.size();
    char32_t cp = valid ? (lead & (0x7F >> length)) : 0;
    for (std::size_t j = 1; valid && j < length; ++j) {
      const auto next = static_cast<unsigned char>(text[i + j]);
      valid = (next & 0xC0) == 0x80;
      cp = (cp << 6) | (next & 0x3F);
    }
    if (!valid) {  // copy a stray byte unchanged
      out += text[i];
      ++i;
      continue;
    }
    const char32_t upper = upper_code_point(cp);
    if (upper == 0) {
      out += "SS";
    } else if (upper == cp) {
      out.append(text.substr(i, length));
    } else {
      append_utf8(out, upper);
    }
    i += length;
  }
  return out;
}

// [SECTION] Shared helpers
// ---------------------------------------------------------------------------

namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> fields;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    const std::size_t start = i;
    while (i < s.size() && !is_space(s[i])) ++i;
    if (i > start) fields.push_back(s.substr(start, i - start));
  }
  return fields;
}

// Reads every line (without its '\n'), or throws DataError.
std::vector<std::string> read_lines(const std::string& path, const char* what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw DataError("cannot open " + std::string(what) + " file '" + path + "'");
  std::vector<std::string> lines;
  std::string line;
  while (std::getline(in, line)) lines.push_back(line);
  if (in.bad())
    throw DataError("error while reading " + std::string(what) + " file '" + path + "'");
  return lines;
}

// gensim's case-insensitive ok_vocab: uppercased first `restrict` words -> earliest row; plus, for
// each candidate row, the ok_vocab row of its uppercased word (so "same uppercase word" = "same ok
// row").
struct UpperVocabulary {
  std::unordered_map<std::string, std::uint32_t> row_of;
  std::vector<std::uint32_t> ok_row;

  UpperVocabulary(const Embedding& embedding, std::size_t rows) : ok_row(rows) {
    row_of.reserve(rows);
    for (std::size_t r = 0; r < rows; ++r) {
      const auto row = static_cast<std::uint32_t>(r);
      ok_row[r] = row_of.try_emplace(to_upper_utf8(embedding.word(r)), row).first->second;
    }
  }

  // ok_vocab row of `word` (uppercased here), or -1.
  std::int64_t find(std::string_view word) const {
    const auto it = row_of.find(to_upper_utf8(word));
    return it == row_of.end() ? -1 : static_cast<std::int64_t>(it->second);
  }
};

}  // namespace

// [SECTION] Analogy evaluation
// -----------------------------------------------------------------------

namespace {

struct Question {
  std::uint32_t a, b, c, expected;  // ok_vocab rows
  std::size_t section;
};

constexpr std::size_t kAnswersConsidered = 5;  // gensim asks most_similar for topn=5
constexpr std::size_t kQuestionBlock = 128;    // questions per matrix product
constexpr std::size_t kRowChunk = 4096;        // vocabulary rows per matrix product

using RowMatrixF = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// gensim's rule on a best-first list that may still contain the input rows: drop the inputs, keep
// the top 5, predict the first whose uppercased word is not A, B or C; if none, the last one looked
// at.
std::int64_t predict(const Question& q, const std::vector<Neighbor>& ranked,
                     const std::vector<std::uint32_t>& ok_row) {
  std::int64_t predicted = -1;
  std::size_t seen = 0;
  for (const Neighbor& n : ranked) {
    if (n.row == q.a || n.row == q.b || n.row == q.c) continue;
    if (seen++ == kAnswersConsidered) break;
    const std::uint32_t word = ok_row[n.row];
    predicted = word;
    if (word != q.a && word != q.b && word != q.c) break;
  }
  return predicted;
}

// Predictions for questions [begin, end): one (chunk x d) * (d x block) product per row chunk, and
// a top-(5+3) accumulator per question, so excluding the three inputs afterwards still leaves 5
// answers.
void solve_block(const CosineIndex& index, std::size_t candidates, AnalogyMethod method,
                 const std::vector<Question>& questions, std::size_t begin, std::size_t end,
                 const std::vector<std::uint32_t>& ok_row, std::vector<std::int64_t>& predictions) {
  const int d = index.dims();
  const auto count = static_cast<Eigen::Index>(end - begin);
  const bool mul = method == AnalogyMethod::Mul;
  // Add: one query column per question. Mul: one cosine column per distinct input word of the block
  // (questions from one section share many words), and per question the columns of a, b and c.
  std::vector<std::uint32_t> column_rows;
  std::vector<std::array<Eigen::Index, 3>> columns(static_cast<std::size_t>(count));
  if (mul) {
    std::unordered_map<std::uint32_t, Eigen::Index> column_of;
    auto column = [&](std::uint32_t row) {
      const auto inserted =
          column_of.try_emplace(row, static_cast<Eigen::Index>(column_rows.size()));
      if (inserted.second) column_rows.push_back(row);
      return inserted.first->second;
    };
    for (Eigen::Index j = 0; j < count; ++j) {
      const Question& q = questions[begin + static_cast<std::size_t>(j)];
      columns[static_cast<std::size_t>(j)] = {column(q.a), column(q.b), column(q.c)};
    }
  }
  Eigen::MatrixXf queries(d, mul ? static_cast<Eigen::Index>(column_rows.size()) : count);
  if (mul) {
    for (std::size_t col = 0; col < column_rows.size(); ++col)
      queries.col(static_cast<Eigen::Index>(col)) =
          Eigen::Map<const Eigen::VectorXf>(index.unit_row(column_rows[col]), d);
  } else {
    for (Eigen::Index j = 0; j < count; ++j) {
      const Question& q = questions[begin + static_cast<std::size_t>(j)];
      const std::vector<float> query = analogy_add_query(index, q.a, q.b, q.c);
      queries.col(j) = Eigen::Map<const Eigen::VectorXf>(query.data(), d);
    }
  }
  std::vector<detail::TopK> best(static_cast<std::size_t>(count),
                                 detail::TopK(kAnswersConsidered + 3));
  const bool fused = !mul && d > 0 && detail::fused_scan_available();
  if (fused)
    detail::fused_scan(index, candidates, queries.data(), static_cast<std::size_t>(count), best);
  Eigen::MatrixXf products;
  for (std::size_t first = 0; !fused && first < candidates; first += kRowChunk) {
    const std::size_t rows = std::min(kRowChunk, candidates - first);
    Eigen::Map<const RowMatrixF> units(index.unit_row(first), static_cast<Eigen::Index>(rows), d);
    products.noalias() = units * queries;
    for (Eigen::Index j = 0; j < count; ++j) {
      detail::TopK& top = best[static_cast<std::size_t>(j)];
      if (mul) {
        const auto& [ca, cb, cc] = columns[static_cast<std::size_t>(j)];
        const float* cos_a = products.col(ca).data();
        const float* cos_b = products.col(cb).data();
        const float* cos_c = products.col(cc).data();
        for (std::size_t r = 0; r < rows; ++r)
          top.offer(static_cast<std::uint32_t>(first + r),
                    cosmul_score(cos_a[r], cos_b[r], cos_c[r]));
      } else {
        const float* scores = products.col(j).data();
        float threshold = top.threshold();
        for (std::size_t r = 0; r < rows; ++r) {
          if (!(scores[r] >= threshold)) continue;  // also skips NaN, as offer() would
          top.offer(static_cast<std::uint32_t>(first + r), scores[r]);
          threshold = top.threshold();
        }
      }
    }
  }
  for (Eigen::Index j = 0; j < count; ++j) {
    const std::size_t q = begin + static_cast<std::size_t>(j);
    predictions[q] = predict(questions[q], best[static_cast<std::size_t>(j)].take_sorted(), ok_row);
  }
}

}  // namespace

AnalogyEvaluation evaluate_analogies(const CosineIndex& index, const std::string& questions_path,
                                     std::size_t restrict, AnalogyMethod method,
                                     const std::function<void(double)>& progress,
                                     unsigned threads) {
  auto report = [&](double fraction) {
    if (progress) progress(fraction);
  };
  const std::size_t candidates = index.candidate_rows(restrict);
  const UpperVocabulary vocabulary(index.embedding(), candidates);
  const std::vector<std::string> lines = read_lines(questions_path, "analogy questions");

  AnalogyEvaluation result;
  result.total.name = "total";
  std::vector<Question> questions;
  for (std::size_t n = 0; n < lines.size(); ++n) {
    const std::string_view line = lines[n];
    if (line.size() >= 2 && line[0] == ':' && line[1] == ' ') {
      // gensim: line.lstrip(': ').strip()
      const std::size_t start = line.find_first_not_of(": ");
      const std::string_view name = start == std::string_view::npos ? "" : line.substr(start);
      result.sections.push_back({std::string(trim(name)), 0, 0});
      continue;
    }
    if (trim(line).empty()) continue;
    if (result.sections.empty())
      throw DataError(questions_path + ":" + std::to_string(n + 1) +
                      ": question before any section header (expected a line like ': capitals')");
    const std::vector<std::string_view> words = split_whitespace(line);
    if (words.size() != 4) {
      ++result.invalid_lines;
      continue;
    }
    std::int64_t rows[4];
    bool known = true;
    for (int w = 0; w < 4; ++w) {
      rows[w] = vocabulary.find(words[w]);
      known = known && rows[w] >= 0;
    }
    if (!known) {
      ++result.skipped_oov;
      continue;
    }
    questions.push_back({static_cast<std::uint32_t>(rows[0]), static_cast<std::uint32_t>(rows[1]),
                         static_cast<std::uint32_t>(rows[2]), static_cast<std::uint32_t>(rows[3]),
                         result.sections.size() - 1});
  }
  report(0.0);

  // Blocks of questions go to worker threads; the calling thread works too and reports progress.
  // No row threshold: every block scans all candidate rows, far more work than a thread costs.
  std::vector<std::int64_t> predictions(questions.size(), -1);
  const std::size_t blocks = (questions.size() + kQuestionBlock - 1) / kQuestionBlock;
  std::atomic<std::size_t> done_blocks{0};
  detail::for_each_block(blocks, threads, [&](std::size_t block, bool on_calling_thread) {
    const std::size_t begin = block * kQuestionBlock;
    const std::size_t end = std::min(questions.size(), begin + kQuestionBlock);
    solve_block(index, candidates, method, questions, begin, end, vocabulary.ok_row, predictions);
    const std::size_t finished = ++done_blocks;
    if (on_calling_thread) report(static_cast<double>(finished) / static_cast<double>(blocks));
  });

  for (std::size_t q = 0; q < questions.size(); ++q) {
    SectionScore& section = result.sections[questions[q].section];
    const bool correct = predictions[q] == static_cast<std::int64_t>(questions[q].expected);
    ++section.answered;
    ++result.total.answered;
    section.correct += correct;
    result.total.correct += correct;
  }
  report(1.0);
  return result;
}

// [SECTION] Word-pair similarity
// ---------------------------------------------------------------------

namespace {

std::vector<double> average_ranks(const std::vector<double>& values) {
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t l, std::size_t r) { return values[l] < values[r]; });
  std::vector<double> ranks(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i) + static_cast<double>(j)) / 2.0 + 1.0;
    for (std::size_t t = i; t <= j; ++t) ranks[order[t]] = rank;
    i = j + 1;
  }
  return ranks;
}

bool parse_score(std::string_view text, double& value) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() && result.ptr == text.data() + text.size();
}

}  // namespace

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = std::min(x.size(), y.size());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (n < 2) return nan;
  const std::vector<double> rx = average_ranks(x);
  const std::vector<double> ry = average_ranks(y);
  const double mean = (static_cast<double>(n) + 1.0) / 2.0;  // mean of ranks 1..n, ties included
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (sxx == 0 || syy == 0) return nan;
  return sxy / std::sqrt(sxx * syy);
}

SimilarityEvaluation evaluate_similarity(const CosineIndex& index, const std::string& pairs_path,
                                         std::size_t restrict) {
  const UpperVocabulary vocabulary(index.embedding(), index.candidate_rows(restrict));
  const std::vector<std::string> lines = read_lines(pairs_path, "word-pair similarity");
  SimilarityEvaluation result;
  std::vector<double> gold;
  std::vector<double> model;
  for (const std::string& raw : lines) {
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string_view> fields;
    if (line.find('\t') != std::string_view::npos) {
      std::size_t start = 0;
      while (true) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(
            trim(line.substr(start, tab == std::string_view::npos ? tab : tab - start)));
        if (tab == std::string_view::npos) break;
        start = tab + 1;
      }
    } else {
      fields = split_whitespace(line);
    }
    double score = 0;
    if (fields.size() != 3 || fields[0].empty() || fields[1].empty() ||
        !parse_score(fields[2], score)) {
      ++result.invalid_lines;
      continue;
    }
    const std::int64_t a = vocabulary.find(fields[0]);
    const std::int64_t b = vocabulary.find(fields[1]);
    if (a < 0 || b < 0) {
      ++result.pairs_oov;
      continue;
    }
    gold.push_back(score);
    model.push_back(index.similarity(static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b)));
  }
  if (gold.empty())
    throw DataError(pairs_path + ": no usable word pairs (" + std::to_string(result.invalid_lines) +
                    " invalid lines, " + std::to_string(result.pairs_oov) +
                    " pairs with unknown words)");
  result.pairs_used = gold.size();
  result.spearman = spearman_correlation(gold, model);
  return result;
}

}  // namespace galaxy
