// Benchmarks of an embedding: analogy accuracy and word-pair similarity correlation, as gensim 4.2.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "geometry/analogy.h"
#include "geometry/cosine_index.h"

namespace galaxy {

struct SectionScore {
  std::string name;
  std::size_t correct = 0;
  std::size_t answered = 0;
  double accuracy() const {
    return answered == 0 ? 0.0 : static_cast<double>(correct) / static_cast<double>(answered);
  }
};

struct AnalogyEvaluation {
  std::vector<SectionScore> sections;  // file order, empty sections included (as gensim)
  SectionScore total;                  // name "total"
  std::size_t skipped_oov = 0;         // questions with a word outside the first `restrict` words
  std::size_t invalid_lines = 0;       // non-blank lines that are neither "A B C D" nor ": section"
};

// gensim evaluate_word_analogies(path, restrict_vocab=restrict, case_insensitive=True):
// ok_vocab = uppercased first `restrict` words (earliest row wins for case variants); the
// prediction is the first of the top-5 answers (rows < restrict, input rows excluded) whose
// uppercased word is not one of the question's A, B, C. Mul uses the 3CosMul objective with the
// same rule. Blank lines are ignored; a question before any ": name" header, or an unreadable file,
// throws DataError naming file:line. Questions are solved in blocks with matrix products on
// `threads` threads (0 = all cores); the result does not depend on the thread count. progress, if
// set, is called on the calling thread; an exception it throws stops the other threads and comes
// out of evaluate_analogies.
AnalogyEvaluation evaluate_analogies(const CosineIndex& index, const std::string& questions_path,
                                     std::size_t restrict = 300000,
                                     AnalogyMethod method = AnalogyMethod::Add,
                                     const std::function<void(double)>& progress = {},
                                     unsigned threads = 0);

struct SimilarityEvaluation {
  double spearman = 0;  // NaN when either ranking is constant (as scipy)
  std::size_t pairs_used = 0;
  std::size_t pairs_oov = 0;
  std::size_t invalid_lines = 0;
};

// gensim evaluate_word_pairs(path, restrict_vocab=restrict, case_insensitive=True): blank and '#'
// lines skipped; fields split on tabs if the line has one, else on whitespace (MEN uses spaces);
// exactly "word word score" or the line counts as invalid. Spearman's rho with average ranks for
// ties. DataError when the file can't be read or has no usable pair.
SimilarityEvaluation evaluate_similarity(const CosineIndex& index, const std::string& pairs_path,
                                         std::size_t restrict = 300000);

// Uppercase as Python's str.upper() for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (other
// characters and invalid UTF-8 bytes are copied unchanged).
std::string to_upper_utf8(std::string_view text);

// Spearman's rank correlation with average ranks for ties (scipy.stats.spearmanr); NaN when
// undefined.
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace galaxy
