// Expression parsing (tokeniser + one-pass grammar) and evaluation as a weighted cosine query.
#include "geometry/expression.h"

#include <charconv>
#include <cmath>

namespace galaxy {

namespace {

enum class TokenKind { Plus, Minus, Star, Word };

struct Token {
  TokenKind kind;
  std::string_view text;
  std::size_t column;  // 1-based
};

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const char ch = text[i];
    if (is_space(ch)) {
      ++i;
    } else if (ch == '+' || ch == '*' || ch == '-') {
      // '-' reaches here only at the start of a token: inside a word it is part of the word.
      const TokenKind kind =
          ch == '+' ? TokenKind::Plus : (ch == '*' ? TokenKind::Star : TokenKind::Minus);
      tokens.push_back({kind, text.substr(i, 1), i + 1});
      ++i;
    } else {
      const std::size_t start = i;
      while (i < text.size() && !is_space(text[i]) && text[i] != '+' && text[i] != '*') ++i;
      tokens.push_back({TokenKind::Word, text.substr(start, i - start), start + 1});
    }
  }
  return tokens;
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::Plus:
      return "'+'";
    case TokenKind::Minus:
      return "'-'";
    case TokenKind::Star:
      return "'*'";
    case TokenKind::Word:
      break;
  }
  return "'" + std::string(token.text) + "'";
}

[[noreturn]] void fail(const std::string& what, std::size_t column) {
  throw DataError(what + " at column " + std::to_string(column));
}

bool parse_number(std::string_view text, double& value) {
  if (text.empty()) return false;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  const auto result = std::from_chars(first, last, value);
  return result.ec == std::errc() && result.ptr == last;
}

}  // namespace

std::vector<WeightedTerm> parse_expression(std::string_view text) {
  const std::vector<Token> tokens = tokenize(text);
  if (tokens.empty()) throw DataError("empty expression: expected a word, e.g. king - man + woman");
  const std::size_t end_column = text.size() + 1;
  auto column_of = [&](std::size_t i) { return i < tokens.size() ? tokens[i].column : end_column; };

  std::vector<WeightedTerm> terms;
  std::size_t i = 0;
  while (i < tokens.size()) {
    double sign = 1.0;
    const Token* sign_token = nullptr;
    if (tokens[i].kind == TokenKind::Plus || tokens[i].kind == TokenKind::Minus) {
      sign_token = &tokens[i];
      sign = tokens[i].kind == TokenKind::Minus ? -1.0 : 1.0;
      ++i;
    } else if (!terms.empty()) {
      fail("expected '+' or '-' before " + describe(tokens[i]), tokens[i].column);
    }
    const std::string after = sign_token ? " after " + describe(*sign_token) : "";
    if (i >= tokens.size() || tokens[i].kind != TokenKind::Word) {
      if (i < tokens.size() && tokens[i].kind == TokenKind::Star)
        fail("expected a number before '*'", tokens[i].column);
      fail("expected a word" + after, column_of(i));
    }
    double weight = 1.0;
    if (i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Star) {
      if (!parse_number(tokens[i].text, weight))
        fail("expected a number before '*', found " + describe(tokens[i]), tokens[i].column);
      if (!std::isfinite(weight)) fail("weight must be a finite number", tokens[i].column);
      i += 2;
      if (i >= tokens.size() || tokens[i].kind != TokenKind::Word)
        fail("expected a word after '*'", column_of(i));
    }
    terms.push_back({std::string(tokens[i].text), sign * weight});
    ++i;
  }
  return terms;
}

std::vector<double> weighted_unit_sum(const CosineIndex& index,
                                      const std::vector<WeightedTerm>& terms,
                                      std::vector<std::uint32_t>* rows) {
  const int d = index.dims();
  std::vector<double> sum(static_cast<std::size_t>(d), 0.0);
  for (const WeightedTerm& term : terms) {
    const std::uint32_t row = index.embedding().require(term.word);
    if (rows) rows->push_back(row);
    const float* unit = index.unit_row(row);
    for (int j = 0; j < d; ++j) sum[j] += term.weight * static_cast<double>(unit[j]);
  }
  return sum;
}

std::vector<Neighbor> evaluate_expression(const CosineIndex& index,
                                          const std::vector<WeightedTerm>& terms, std::size_t k,
                                          bool include_inputs) {
  if (terms.empty()) throw DataError("empty expression: expected at least one word");
  std::vector<std::uint32_t> inputs;
  const std::vector<double> sum = weighted_unit_sum(index, terms, &inputs);
  // gensim divides by the total |weight| before normalising; the direction is the same.
  const std::vector<float> query = normalized(sum.data(), index.dims());
  if (include_inputs) inputs.clear();
  return index.nearest(query.data(), k, inputs);
}

}  // namespace galaxy
