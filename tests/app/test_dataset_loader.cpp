// DatasetLoader specs: loads on a worker thread, reports progress, hands over the dataset or the
// error.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "app/state/dataset.h"

namespace galaxy::app {
namespace {

namespace fs = std::filesystem;

// Waits (bounded) for the loader's outcome, polling like the UI thread does each frame.
std::optional<DatasetLoader::Outcome> wait_for(DatasetLoader& loader) {
  for (int i = 0; i < 2000; ++i) {
    if (auto outcome = loader.poll()) return outcome;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return std::nullopt;
}

class DatasetLoaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory =
        fs::temp_directory_path() /
        ("galaxy_app_loader_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
         "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory);
  }
  void TearDown() override { fs::remove_all(directory); }

  std::string write_glove(const std::string& name, int rows, int dims) {
    const fs::path path = directory / name;
    std::ofstream out(path);
    std::mt19937_64 rng(5);
    std::normal_distribution<float> normal;
    for (int r = 0; r < rows; ++r) {
      out << "word" << r;
      for (int d = 0; d < dims; ++d) out << ' ' << normal(rng);
      out << '\n';
    }
    return path.string();
  }

  fs::path directory;
};

TEST_F(DatasetLoaderTest, LoadsAFileOnAWorkerAndHandsOverTheDataset) {
  const std::string path = write_glove("small.txt", 300, 12);
  DatasetLoader loader;
  ASSERT_TRUE(loader.start(path));
  const auto outcome = wait_for(loader);
  ASSERT_TRUE(outcome.has_value());
  ASSERT_NE(outcome->dataset, nullptr) << outcome->error;
  EXPECT_EQ(outcome->path, path);
  EXPECT_EQ(outcome->dataset->rows(), 300u);
  EXPECT_EQ(outcome->dataset->positions.size(), 300u);
  EXPECT_NE(outcome->dataset->index, nullptr);
  EXPECT_EQ(outcome->dataset->file_name(), "small.txt");
  EXPECT_FALSE(loader.busy());
  EXPECT_FLOAT_EQ(loader.progress(), 1.0f);
  EXPECT_FALSE(loader.poll().has_value());  // handed over once
}

TEST_F(DatasetLoaderTest, ABadFileGivesItsErrorMessageAndNoDataset) {
  const fs::path path = directory / "broken.txt";
  std::ofstream(path) << "just some text here\nand more\n";
  DatasetLoader loader;
  ASSERT_TRUE(loader.start(path.string()));
  const auto outcome = wait_for(loader);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->dataset, nullptr);
  EXPECT_NE(outcome->error.find("broken.txt"), std::string::npos) << outcome->error;
}

TEST_F(DatasetLoaderTest, AMissingFileSaysSo) {
  DatasetLoader loader;
  ASSERT_TRUE(loader.start((directory / "nope.txt").string()));
  const auto outcome = wait_for(loader);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_EQ(outcome->dataset, nullptr);
  EXPECT_NE(outcome->error.find("nope.txt"), std::string::npos) << outcome->error;
}

TEST_F(DatasetLoaderTest, CanLoadAgainAfterAnOutcome) {
  DatasetLoader loader;
  ASSERT_TRUE(loader.start((directory / "missing.txt").string()));
  ASSERT_TRUE(wait_for(loader).has_value());
  ASSERT_TRUE(loader.start(write_glove("second.txt", 50, 4)));
  const auto outcome = wait_for(loader);
  ASSERT_TRUE(outcome.has_value());
  EXPECT_NE(outcome->dataset, nullptr) << outcome->error;
}

TEST_F(DatasetLoaderTest, DestroyingTheLoaderMidwayIsSafe) {
  const std::string path = write_glove("bigger.txt", 20000, 50);
  {
    DatasetLoader loader;
    ASSERT_TRUE(loader.start(path));
  }  // cancels and joins
  SUCCEED();
}

TEST(LoadDataset, ReportsMonotoneProgressEndingAtOne) {
  const fs::path path = fs::temp_directory_path() / "galaxy_app_progress_test.txt";
  {
    std::ofstream out(path);
    for (int r = 0; r < 200; ++r)
      out << "w" << r << ' ' << r % 7 << ' ' << r % 3 << ' ' << r % 5 << '\n';
  }
  std::vector<float> fractions;
  const auto dataset =
      load_dataset(path.string(), [&](float f, const char*) { fractions.push_back(f); });
  fs::remove(path);
  ASSERT_FALSE(fractions.empty());
  EXPECT_TRUE(std::is_sorted(fractions.begin(), fractions.end()));
  EXPECT_FLOAT_EQ(fractions.back(), 1.0f);
  EXPECT_EQ(dataset->rows(), 200u);
}

}  // namespace
}  // namespace galaxy::app
