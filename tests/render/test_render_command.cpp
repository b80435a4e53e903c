// `galaxy render` end to end: a small generated GloVe file rendered headlessly to PNGs of the asked
// size.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

namespace fs = std::filesystem;

// Width and height from a PNG's IHDR chunk (bytes 16..23, big endian).
bool png_size(const fs::path& path, int& width, int& height) {
  std::ifstream in(path, std::ios::binary);
  unsigned char header[24] = {};
  if (!in.read(reinterpret_cast<char*>(header), sizeof(header))) return false;
  if (header[1] != 'P' || header[2] != 'N' || header[3] != 'G') return false;
  auto be32 = [&](int at) {
    return (header[at] << 24) | (header[at + 1] << 16) | (header[at + 2] << 8) | header[at + 3];
  };
  width = be32(16);
  height = be32(20);
  return true;
}

class RenderCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
      GTEST_SKIP() << "no display: run under xvfb-run -a -s \"-screen 0 1920x1080x24\"";
    }
    dir_ =
        fs::temp_directory_path() / ("galaxy-render-cmd-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    // 60 words in 8 dimensions, two clusters, so neighbours and analogies have something to show.
    std::mt19937_64 rng(7);
    std::normal_distribution<float> noise(0.0f, 0.3f);
    std::ofstream out(dir_ / "tiny.txt");
    for (int i = 0; i < 60; ++i) {
      out << "word" << i;
      for (int d = 0; d < 8; ++d)
        out << ' ' << ((i % 2 == 0) == (d < 4) ? 1.0f : 0.0f) + noise(rng);
      out << '\n';
    }
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }

  int galaxy(const std::string& arguments) {
    const std::string command = std::string(GALAXY_BINARY) + " render --data " +
                                (dir_ / "tiny.txt").string() + " " + arguments + " > " +
                                (dir_ / "stdout.txt").string() + " 2> " +
                                (dir_ / "stderr.txt").string();
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

  std::string stderr_text() const {
    std::ifstream in(dir_ / "stderr.txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  fs::path dir_;
};

TEST_F(RenderCommand, WritesPngOfRequestedSize) {
  const auto out = dir_ / "galaxy.png";
  ASSERT_EQ(galaxy("--out " + out.string() + " --size 320x200 --focus word4 --neighbors 5"), 0)
      << stderr_text();
  int width = 0, height = 0;
  ASSERT_TRUE(png_size(out, width, height));
  EXPECT_EQ(width, 320);
  EXPECT_EQ(height, 200);
}

TEST_F(RenderCommand, AnalogyAndTransparentBackground) {
  const auto out = dir_ / "analogy.png";
  ASSERT_EQ(galaxy("--out " + out.string() +
                   " --size 200x100 --analogy word0 word1 word2 "
                   "--transparent --labels 5"),
            0)
      << stderr_text();
  int width = 0, height = 0;
  ASSERT_TRUE(png_size(out, width, height));
  EXPECT_EQ(width, 200);
}

TEST_F(RenderCommand, TakesTheDataOptionsEveryCommandTakes) {
  // --limit keeps the most frequent rows, --format skips detection (issue 11).
  const auto out = dir_ / "limited.png";
  ASSERT_EQ(galaxy("--out " + out.string() + " --size 64x64 --limit 25 --format glove"), 0)
      << stderr_text();
  EXPECT_NE(stderr_text().find("25 stars"), std::string::npos) << stderr_text();
  // A word past the limit is not in the galaxy.
  EXPECT_EQ(galaxy("--out " + (dir_ / "w.png").string() + " --limit 25 --focus word40"), 1);
  EXPECT_NE(stderr_text().find("word40"), std::string::npos) << stderr_text();
  // The wrong format is the loader's clear error, naming the file.
  EXPECT_EQ(galaxy("--out " + (dir_ / "b.png").string() + " --format word2vec-binary"), 1);
  EXPECT_NE(stderr_text().find("tiny.txt"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(dir_ / "b.png"));
}

TEST_F(RenderCommand, NeverOverwritesWithoutForce) {
  const auto out = dir_ / "taken.png";
  { std::ofstream(out) << "keep me"; }
  EXPECT_EQ(galaxy("--out " + out.string() + " --size 64x64"), 1);
  EXPECT_NE(stderr_text().find("already exists"), std::string::npos) << stderr_text();
  EXPECT_EQ(fs::file_size(out), 7u);
  EXPECT_EQ(galaxy("--out " + out.string() + " --size 64x64 --force"), 0) << stderr_text();
  EXPECT_GT(fs::file_size(out), 7u);
}

TEST_F(RenderCommand, BadCommandLinesExitTwoAndUnknownWordsOne) {
  const auto out = (dir_ / "x.png").string();
  EXPECT_EQ(galaxy("--size 64x64"), 2) << "--out is required";
  EXPECT_EQ(galaxy("--out " + out + " --size 64"), 2);
  EXPECT_EQ(galaxy("--out " + out + " --size 9000x9000"), 2);
  EXPECT_NE(stderr_text().find("too large"), std::string::npos);
  EXPECT_EQ(galaxy("--out " + out + " --focus nosuchword"), 1);
  EXPECT_NE(stderr_text().find("unknown word 'nosuchword'"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(out));
}

TEST_F(RenderCommand, SemanticAxesProjection) {
  const auto out = dir_ / "axes.png";
  ASSERT_EQ(galaxy("--out " + out.string() +
                   " --size 160x90 --axes \"word0 - word1\" \"word2 - word3\" \"word4\""),
            0)
      << stderr_text();
  int width = 0, height = 0;
  ASSERT_TRUE(png_size(out, width, height));
  EXPECT_EQ(width, 160);
  const auto bad = dir_ / "bad-axes.png";
  EXPECT_EQ(galaxy("--out " + bad.string() + " --size 64x64 --axes \"word0 - nosuch\" word2 word4"),
            1);
  EXPECT_NE(stderr_text().find("X axis"), std::string::npos) << stderr_text();
  EXPECT_NE(stderr_text().find("unknown word 'nosuch'"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(bad));
  EXPECT_EQ(galaxy("--out " + bad.string() + " --axes word0 word1"), 2) << "three axes";
}

TEST_F(RenderCommand, TourWritesOnePngPerStepAndNeverReplacesThem) {
  const auto tour = dir_ / "lesson.json";
  std::ofstream(tour) << R"({"format": "embedding-galaxy-tour", "version": 1, "title": "t",
    "steps": [
      {"name": "overview", "caption": "The whole galaxy"},
      {"name": "word4", "caption": "word4 and its neighbours", "selected_word": "word4"},
      {"name": "analogy", "analogy": {"a": "word0", "b": "word1", "c": "word2"}},
      {"name": "axes", "projection": "axes", "axes": ["word0 - word1", "word2", "word3"]}
    ]})";
  const auto slides = dir_ / "slides";
  ASSERT_EQ(galaxy("--tour " + tour.string() + " --out " + slides.string() + " --size 192x108"), 0)
      << stderr_text();
  for (int step = 1; step <= 4; ++step) {
    const auto png = slides / ("step-0" + std::to_string(step) + ".png");
    int width = 0, height = 0;
    ASSERT_TRUE(png_size(png, width, height)) << png;
    EXPECT_EQ(width, 192);
    EXPECT_EQ(height, 108);
  }
  EXPECT_FALSE(fs::exists(slides / "step-05.png"));
  // A second run refuses before touching anything; --force replaces.
  const auto before = fs::last_write_time(slides / "step-01.png");
  EXPECT_EQ(galaxy("--tour " + tour.string() + " --out " + slides.string() + " --size 192x108"), 1);
  EXPECT_NE(stderr_text().find("already exists"), std::string::npos) << stderr_text();
  EXPECT_EQ(fs::last_write_time(slides / "step-01.png"), before);
  EXPECT_EQ(
      galaxy("--tour " + tour.string() + " --out " + slides.string() + " --size 192x108 --force"),
      0)
      << stderr_text();
}

TEST_F(RenderCommand, ABrokenTourNamesTheFileAndLine) {
  const auto tour = dir_ / "broken.json";
  std::ofstream(tour)
      << "{\"format\": \"embedding-galaxy-tour\",\n \"version\": 1,\n \"steps\": [\n"
         "  {\"name\": \"a\",}\n]}\n";
  EXPECT_EQ(galaxy("--tour " + tour.string() + " --out " + (dir_ / "out").string()), 1);
  EXPECT_NE(stderr_text().find("broken.json:4"), std::string::npos) << stderr_text();
  EXPECT_FALSE(fs::exists(dir_ / "out" / "step-01.png"));
}

}  // namespace
