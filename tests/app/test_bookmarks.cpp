// Bookmark and tour file specs: exact round trips, messages that point at the mistake, atomic and
// non-destructive writes.
#include <sys/stat.h>
#include <unistd.h>

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "app/state/bookmark.h"
#include "geometry/embedding.h"
#include "support/temp_dir.h"

namespace galaxy::app {
namespace {

using galaxy::testing::TempDir;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

// A bookmark with every field away from its default, with awkward floats and text.
Bookmark everything_set() {
  Bookmark b;
  b.name = "king \"quoted\" and ünïcode";
  b.caption = "Line one\nline two\twith a tab";
  b.duration_seconds = 6.35f;
  b.camera = CameraPose{{1.1f, -2.25f, 1e-7f}, 17.3f, -3.1f, 0.35f};
  b.projection = "axes";
  b.axes = {"woman - man", "walked - walk", "0.5*dogs - dog"};
  b.selected_word = "king";
  b.neighbour_count = 25;
  b.search = "kin";
  b.analogy = {"man", "king", "woman", true, "mul"};
  b.expression = "king - man + woman";
  b.compare_a = "cat";
  b.compare_b = "dog";
  b.isolate_word = "dog";
  b.isolate_k = 12;
  b.clusters = 8;
  b.color_by = "clusters";
  b.panels = {{"search", false}, {"analogy", true}, {"bookmarks", true}};
  b.auto_rotate = false;
  return b;
}

// A minimal file with `step` (a JSON object's text) as its only step.
std::string tour_with_step(const std::string& step) {
  return R"({"format": "embedding-galaxy-tour", "version": 1, "steps": [)" + step + "]}";
}

// The DataError message parse_tour throws for `text` ("" if it parses).
std::string parse_error(const std::string& text) {
  try {
    parse_tour(text, "demo.json");
  } catch (const DataError& e) {
    return e.what();
  }
  return "";
}

// ---- Round trips ------------------------------------------------------------------------------

TEST(TourFile, EveryFieldSurvivesARoundTripExactly) {
  Tour tour;
  tour.title = "A tour";
  tour.galaxy = "bundled";
  tour.steps = {everything_set(), Bookmark{}};
  tour.steps[1].name = "defaults";
  const Tour back = parse_tour(tour_to_json(tour), "round-trip.json");
  ASSERT_EQ(back.steps.size(), 2u);
  EXPECT_TRUE(back.steps[0] == tour.steps[0]);
  EXPECT_TRUE(back.steps[1] == tour.steps[1]);
  EXPECT_TRUE(back == tour);
  EXPECT_EQ(tour_to_json(back), tour_to_json(tour)) << "stable output";
}

TEST(TourFile, EachFieldAloneSurvivesARoundTrip) {
  // Fields are omitted at their defaults, so each must also come back when it is the only one set.
  const Bookmark full = everything_set();
  std::vector<Bookmark> singles(12);
  singles[0].camera = full.camera;
  singles[1].projection = "pca-unit";
  singles[2].axes = full.axes;
  singles[3].selected_word = full.selected_word;
  singles[4].neighbour_count = 1;
  singles[5].analogy.method = "mul";
  singles[6].compare_b = "dog";
  singles[7].isolate_k = 5;
  singles[8].clusters = 3;
  singles[9].color_by = "frequency";
  singles[10].panels = {{"view", false}};
  singles[11].auto_rotate = true;
  for (std::size_t i = 0; i < singles.size(); ++i) {
    const Tour tour{"", "", {singles[i]}};
    EXPECT_TRUE(parse_tour(tour_to_json(tour), "single.json") == tour) << "field " << i;
  }
}

TEST(TourFile, WritesReadableJsonInTheDocumentedKeyOrder) {
  Bookmark step;
  step.name = "Constellations";
  step.caption = "dog and cat";
  step.selected_word = "dog";
  step.camera = CameraPose{{0.0f, 0.0f, 0.0f}, 30.0f, 0.6f, 0.35f};
  const std::string json = tour_to_json(Tour{"Demo", "bundled", {step}});
  EXPECT_THAT(json, StartsWith("{\n  \"format\": \"embedding-galaxy-tour\",\n  \"version\": 1,"));
  EXPECT_LT(json.find("\"name\""), json.find("\"caption\""));
  EXPECT_LT(json.find("\"caption\""), json.find("\"duration\""));
  EXPECT_LT(json.find("\"duration\""), json.find("\"camera\""));
  EXPECT_THAT(json, HasSubstr("\"pitch\": 0.35")) << "floats as people write them";
  EXPECT_THAT(json, Not(HasSubstr("0.3499999")));
  EXPECT_THAT(json, Not(HasSubstr("projection"))) << "defaults are left out";
}

TEST(TourFile, ABookmarksFileIsATourWithoutTitle) {
  const Tour tour = parse_tour(
      R"({"format": "embedding-galaxy-tour", "version": 1, "steps": [{"name": "frog"}]})",
      "bookmarks.json");
  EXPECT_EQ(tour.title, "");
  ASSERT_EQ(tour.steps.size(), 1u);
  EXPECT_EQ(tour.steps[0].name, "frog");
  EXPECT_EQ(tour.steps[0].duration_seconds, 8.0f);
  EXPECT_FALSE(tour.steps[0].camera.has_value());
  EXPECT_EQ(tour.steps[0].projection, "pca");
}

TEST(TourFile, CameraKeysDefaultToThePoseDefaults) {
  const Tour tour = parse_tour(tour_with_step(R"({"camera": {"target": [1, 2, 3]}})"), "t.json");
  ASSERT_TRUE(tour.steps[0].camera.has_value());
  EXPECT_EQ(tour.steps[0].camera->target, glm::vec3(1.0f, 2.0f, 3.0f));
  EXPECT_EQ(tour.steps[0].camera->distance, CameraPose{}.distance);
}

// ---- Errors -----------------------------------------------------------------------------------

TEST(TourFileErrors, SyntaxErrorsNameFileLineAndColumn) {
  const std::string text =
      "{\"format\": \"embedding-galaxy-tour\",\n"
      "  \"version\": 1,\n"
      "  \"steps\": [tru]}\n";
  // The bad literal "tru]" is detected at the ']' on line 3, column 16.
  EXPECT_THAT(parse_error(text), StartsWith("demo.json:3:16: syntax error"));
}

TEST(TourFileErrors, SyntaxErrorOnTheFirstLine) {
  EXPECT_THAT(parse_error("{,}"), StartsWith("demo.json:1:2: "));
  EXPECT_THAT(parse_error(""), StartsWith("demo.json:1:1: "));
}

TEST(TourFileErrors, AnUnfinishedFileReportsItsEnd) {
  EXPECT_THAT(parse_error("{\"format\": \n\"embedding"), StartsWith("demo.json:2:"));
}

TEST(TourFileErrors, UnknownKeysAreNamedWithASuggestion) {
  EXPECT_EQ(parse_error(tour_with_step(R"({"name": "king", "captoin": "hi"})")),
            "demo.json: step 1 ('king'): unknown key 'captoin' (did you mean 'caption'?)");
  EXPECT_THAT(parse_error(tour_with_step(R"({"analogy": {"a": "x", "b": "y", "c": "z", "d": 1}})")),
              HasSubstr("unknown key 'analogy.d'"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"panels": {"serch": true}})")),
              HasSubstr("unknown key 'panels.serch' (did you mean 'panels.search'?)"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"zzzzzzzzzzzz": 1})")), HasSubstr("known keys:"));
  EXPECT_THAT(parse_error(R"({"format": "embedding-galaxy-tour", "version": 1, "steps": [],
                               "titel": "x"})"),
              HasSubstr("unknown key 'titel' (did you mean 'title'?)"));
}

TEST(TourFileErrors, WrongTypesAreNamed) {
  EXPECT_EQ(parse_error(tour_with_step(R"({"name": "king", "caption": 3})")),
            "demo.json: step 1 ('king'): 'caption' must be a string, not a number");
  EXPECT_EQ(parse_error(tour_with_step(R"({"name": "king", "duration": "8"})")),
            "demo.json: step 1 ('king'): 'duration' must be a positive number, not a string");
  EXPECT_THAT(parse_error(tour_with_step(R"({"auto_rotate": "yes"})")),
              HasSubstr("'auto_rotate' must be true or false, not a string"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"neighbour_count": 2.5})")),
              HasSubstr("'neighbour_count' must be a whole number, 0 or more"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"camera": {"target": [1, 2]}})")),
              HasSubstr("'camera.target' must be an array of 3 numbers, not 2"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"compare": "cat"})")),
              HasSubstr("'compare' must be an array of 2 strings, not a string"));
  EXPECT_THAT(parse_error(tour_with_step(R"("just text")")),
              HasSubstr("step 1: must be an object, not a string"));
  EXPECT_THAT(parse_error("[]"), HasSubstr("expected a JSON object"));
}

TEST(TourFileErrors, StepsAreCountedFromOneAndNamed) {
  const std::string text = R"({"format": "embedding-galaxy-tour", "version": 1, "steps": [
      {"name": "a"}, {"name": "b"}, {"name": "king", "duration": -2}]})";
  EXPECT_EQ(parse_error(text),
            "demo.json: step 3 ('king'): 'duration' must be a positive number, not -2");
  EXPECT_EQ(parse_error(tour_with_step(R"({"duration": 0})")),
            "demo.json: step 1: 'duration' must be a positive number, not 0");
}

TEST(TourFileErrors, BadChoicesListTheValidOnes) {
  EXPECT_THAT(parse_error(tour_with_step(R"({"projection": "tsne"})")),
              HasSubstr("'projection' must be one of 'pca', 'pca-unit', 'axes', not 'tsne'"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"analogy": {"a": "x", "b": "y", "c": "z",
                                                          "method": "sub"}})")),
              HasSubstr("'analogy.method' must be one of 'add', 'mul', not 'sub'"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"projection": "axes"})")),
              HasSubstr("needs three expressions in 'axes'"));
  EXPECT_THAT(parse_error(tour_with_step(R"({"analogy": {"a": "man", "b": "king"}})")),
              HasSubstr("'analogy' needs all three words"));
}

TEST(TourFileErrors, WrongFormatOrVersionIsExplained) {
  EXPECT_THAT(parse_error(R"({"version": 1, "steps": []})"),
              HasSubstr("not an Embedding Galaxy tour or bookmarks file"));
  EXPECT_EQ(parse_error(R"({"format": "something-else", "version": 1, "steps": []})"),
            "demo.json: 'format' must be \"embedding-galaxy-tour\", not \"something-else\"");
  EXPECT_THAT(parse_error(R"({"format": "embedding-galaxy-tour", "version": 2, "steps": []})"),
              HasSubstr("version 2 is not supported (this build reads version 1"));
  EXPECT_THAT(parse_error(R"({"format": "embedding-galaxy-tour", "version": "1", "steps": []})"),
              HasSubstr("'version' must be a whole number, not a string"));
  EXPECT_THAT(parse_error(R"({"format": "embedding-galaxy-tour", "steps": []})"),
              HasSubstr("'version' is missing"));
  EXPECT_THAT(parse_error(R"({"format": "embedding-galaxy-tour", "version": 1})"),
              HasSubstr("'steps' is missing"));
}

// ---- Files ------------------------------------------------------------------------------------

TEST(TourFiles, WriteThenReadGivesTheSameTour) {
  TempDir dir;
  const Tour tour{"Saved", "", {everything_set()}};
  write_tour(dir.file("saved.json"), tour, /*overwrite=*/false);
  EXPECT_TRUE(read_tour(dir.file("saved.json")) == tour);
  EXPECT_THAT(dir.entries(), ElementsAre("saved.json"));
}

TEST(TourFiles, WriteRefusesToReplaceAFileUnlessAsked) {
  TempDir dir;
  const std::string path = dir.write("bookmarks.json", "precious");
  try {
    write_tour(path, Tour{}, /*overwrite=*/false);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
    EXPECT_THAT(e.what(), HasSubstr("already exists"));
  }
  EXPECT_EQ(galaxy::testing::read_file_bytes(path), "precious");
  write_tour(path, Tour{"new", "", {}}, /*overwrite=*/true);
  EXPECT_EQ(read_tour(path).title, "new");
  EXPECT_THAT(dir.entries(), ElementsAre("bookmarks.json"));
}

TEST(TourFiles, AFailedWriteLeavesNoTempFileAndTheOldFileIntact) {
  // A folder where the file should go: the final rename fails for root too, after the temp file
  // has been written beside it.
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.file("taken").c_str(), 0755), 0);
  EXPECT_THROW(write_tour(dir.file("taken"), Tour{}, /*overwrite=*/true), DataError);
  EXPECT_THAT(dir.entries(), ElementsAre("taken"));
}

TEST(TourFiles, AReadOnlyFolderIsADataErrorNamingThePath) {
  if (::geteuid() == 0) GTEST_SKIP() << "root may write into read-only folders";
  TempDir dir;
  ASSERT_EQ(::mkdir(dir.file("locked").c_str(), 0555), 0);
  const std::string path = dir.file("locked/tour.json");
  try {
    write_tour(path, Tour{}, /*overwrite=*/false);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr(path));
  }
  ::chmod(dir.file("locked").c_str(), 0755);
  EXPECT_EQ(::rmdir(dir.file("locked").c_str()), 0) << "no temp file left inside";
}

TEST(TourFiles, ReadingAMissingFileNamesIt) {
  TempDir dir;
  try {
    read_tour(dir.file("missing.json"));
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), HasSubstr("cannot read " + dir.file("missing.json")));
    EXPECT_THAT(e.what(), HasSubstr("No such file or directory"));
  }
}

TEST(TourFiles, ErrorsInAReadFileNameThePath) {
  TempDir dir;
  const std::string path = dir.write("typo.json", tour_with_step(R"({"captoin": "x"})"));
  try {
    read_tour(path);
    FAIL() << "expected DataError";
  } catch (const DataError& e) {
    EXPECT_THAT(e.what(), StartsWith(path + ": step 1: unknown key 'captoin'"));
  }
}

}  // namespace
}  // namespace galaxy::app
