// The shipped demo tour (assets/tours/demo.json): it parses, every word it mentions is in the
// bundled galaxy, and the numbers its captions quote are the ones the galaxy gives.
#include <cstdio>
#include <set>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/cli/bundled.h"
#include "app/state/bookmark.h"
#include "geometry/analogy.h"
#include "geometry/binary_format.h"
#include "geometry/cosine_index.h"
#include "geometry/expression.h"

namespace galaxy::app {
namespace {

using ::testing::HasSubstr;

const std::string kDemoTour = std::string(GALAXY_SOURCE_DIR) + "/assets/tours/demo.json";

// Loaded once: the bundled galaxy takes a moment to index.
struct BundledGalaxy {
  Embedding embedding;
  CosineIndex index;
  BundledGalaxy()
      : embedding(
            open_galaxy_file(std::string(GALAXY_SOURCE_DIR) + "/assets/" + kBundledGalaxyFile)),
        index(embedding) {}
};
const BundledGalaxy& bundled() {
  static const BundledGalaxy galaxy;
  return galaxy;
}

// A score as the captions quote it: two decimals.
std::string two_decimals(float score) {
  char text[16];
  std::snprintf(text, sizeof text, "%.2f", static_cast<double>(score));
  return text;
}

// Every vocabulary word a step names: selection, analogy, expression, axes, compare, isolate.
std::set<std::string> words_of(const Bookmark& step) {
  std::set<std::string> words;
  auto add = [&](const std::string& word) {
    if (!word.empty()) words.insert(word);
  };
  auto add_expression = [&](const std::string& expression) {
    if (expression.empty()) return;
    for (const WeightedTerm& term : parse_expression(expression)) add(term.word);
  };
  add(step.selected_word);
  add(step.analogy.a);
  add(step.analogy.b);
  add(step.analogy.c);
  add_expression(step.expression);
  for (const std::string& axis : step.axes) add_expression(axis);
  add(step.compare_a);
  add(step.compare_b);
  add(step.isolate_word);
  return words;
}

TEST(DemoTour, ParsesAndHasEightToTwelveCaptionedSteps) {
  const Tour tour = read_tour(kDemoTour);
  EXPECT_FALSE(tour.title.empty());
  EXPECT_EQ(tour.galaxy, "bundled");
  EXPECT_GE(tour.steps.size(), 8u);
  EXPECT_LE(tour.steps.size(), 12u);
  for (const Bookmark& step : tour.steps) {
    EXPECT_FALSE(step.name.empty());
    EXPECT_FALSE(step.caption.empty()) << step.name;
    EXPECT_FALSE(step.camera.has_value()) << step.name << ": the app frames what the step shows";
  }
}

TEST(DemoTour, EveryWordItMentionsIsInTheBundledGalaxy) {
  const Tour tour = read_tour(kDemoTour);
  const Embedding& embedding = bundled().embedding;
  for (const Bookmark& step : tour.steps) {
    for (const std::string& word : words_of(step)) {
      EXPECT_TRUE(embedding.find(word).has_value()) << step.name << ": '" << word << "'";
    }
  }
}

TEST(DemoTour, CompareCaptionsQuoteTheRealCosine) {
  const Tour tour = read_tour(kDemoTour);
  const BundledGalaxy& galaxy = bundled();
  int compared = 0;
  for (const Bookmark& step : tour.steps) {
    if (step.compare_a.empty() || step.compare_b.empty()) continue;
    const float cosine = galaxy.index.similarity(galaxy.embedding.require(step.compare_a),
                                                 galaxy.embedding.require(step.compare_b));
    EXPECT_THAT(step.caption, HasSubstr(two_decimals(cosine))) << step.name;
    ++compared;
  }
  EXPECT_GE(compared, 2) << "cat-dog and cat-car at least";
}

TEST(DemoTour, AnalogyCaptionsQuoteTheRealAnswer) {
  // Without the inputs the answer is queen; with them it is king: the lesson of the two steps.
  const Tour tour = read_tour(kDemoTour);
  const BundledGalaxy& galaxy = bundled();
  std::set<std::string> answers;
  for (const Bookmark& step : tour.steps) {
    if (step.analogy.a.empty()) continue;
    AnalogyOptions options;
    options.include_inputs = step.analogy.include_inputs;
    options.method = step.analogy.method == "mul" ? AnalogyMethod::Mul : AnalogyMethod::Add;
    const auto results = solve_analogy(galaxy.index, galaxy.embedding.require(step.analogy.a),
                                       galaxy.embedding.require(step.analogy.b),
                                       galaxy.embedding.require(step.analogy.c), options);
    ASSERT_FALSE(results.empty());
    const std::string& answer = galaxy.embedding.word(results[0].row);
    EXPECT_THAT(step.caption, HasSubstr(answer + " "));
    EXPECT_THAT(step.caption, HasSubstr(two_decimals(results[0].score))) << step.name;
    answers.insert(answer);
  }
  EXPECT_EQ(answers, (std::set<std::string>{"queen", "king"}));
}

}  // namespace
}  // namespace galaxy::app
