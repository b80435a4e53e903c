// Scripted window runs (the documented replacement of the old GALAXY_* environment hooks):
// `galaxy --bookmark FILE [--step N] --screenshot OUT.png` shows a bookmark and saves the window.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

namespace {

namespace fs = std::filesystem;

class ScriptedWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) GTEST_SKIP() << "no display: run under xvfb-run";
    dir_ =
        fs::temp_directory_path() / ("galaxy-scripted-" + std::to_string(std::random_device{}()));
    fs::create_directories(dir_);
    std::ofstream(dir_ / "views.json") << R"({"format": "embedding-galaxy-tour", "version": 1,
      "steps": [{"name": "frog", "selected_word": "frog"},
                {"name": "king", "analogy": {"a": "man", "b": "king", "c": "woman"}}]})";
  }
  void TearDown() override {
    if (!dir_.empty()) fs::remove_all(dir_);
  }
  int galaxy(const std::string& arguments) {
    const std::string command = std::string(GALAXY_BINARY) + " " + arguments + " > " +
                                (dir_ / "out.txt").string() + " 2>&1";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  std::string output() const {
    std::ifstream in(dir_ / "out.txt");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  fs::path dir_;
};

TEST_F(ScriptedWindow, ABookmarkStepIsShownAndSavedThenTheWindowCloses) {
  ASSERT_EQ(
      galaxy("--bookmark " + path("views.json") + " --step 2 --screenshot " + path("king.png")), 0)
      << output();
  EXPECT_GT(fs::file_size(path("king.png")), 10000u);
  ASSERT_EQ(galaxy("--bookmark " + path("views.json") + " --screenshot " + path("big.png") +
                   " --screenshot-size 640x360"),
            0)
      << output();
  std::ifstream png(path("big.png"), std::ios::binary);
  unsigned char header[24] = {};
  png.read(reinterpret_cast<char*>(header), sizeof header);
  EXPECT_EQ((header[16] << 24) | (header[17] << 16) | (header[18] << 8) | header[19], 640);
  EXPECT_EQ((header[20] << 24) | (header[21] << 16) | (header[22] << 8) | header[23], 360);
}

TEST_F(ScriptedWindow, AnExistingScreenshotIsKeptUnlessForced) {
  std::ofstream(path("taken.png")) << "keep me";
  EXPECT_EQ(galaxy("--bookmark " + path("views.json") + " --screenshot " + path("taken.png")), 1);
  EXPECT_NE(output().find("already exists"), std::string::npos) << output();
  EXPECT_EQ(fs::file_size(path("taken.png")), 7u);
}

TEST_F(ScriptedWindow, AMissingStepOrBookmarkFailsWithoutAScreenshot) {
  EXPECT_EQ(
      galaxy("--bookmark " + path("views.json") + " --step 3 --screenshot " + path("none.png")), 1);
  EXPECT_NE(output().find("has 2 bookmarks, not 3"), std::string::npos) << output();
  EXPECT_FALSE(fs::exists(path("none.png")));
  EXPECT_EQ(galaxy("--bookmark " + path("nope.json") + " --screenshot " + path("none.png")), 1);
  EXPECT_NE(output().find("nope.json"), std::string::npos) << output();
  EXPECT_EQ(galaxy("--step 2 --screenshot " + path("none.png")), 2);
  EXPECT_EQ(galaxy("--screenshot-size 12 --screenshot " + path("none.png")), 2);
  EXPECT_FALSE(fs::exists(path("none.png")));
}

}  // namespace
