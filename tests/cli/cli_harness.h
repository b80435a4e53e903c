// Shared harness for the command-line specs: a fresh temporary folder per test and a runner for the
// built `galaxy` binary that captures its exit code, stdout and stderr.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace galaxy::cli_testing {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

inline std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline std::string shell_quote(const std::string& text) {
  std::string quoted = "'";
  for (char c : text) quoted += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

// Tab-separated lines into fields.
inline std::vector<std::vector<std::string>> parse_tsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> fields;
    std::istringstream cells(line);
    std::string cell;
    while (std::getline(cells, cell, '\t')) fields.push_back(cell);
    rows.push_back(fields);
  }
  return rows;
}

// GloVe text (word, then the numbers, 9 significant digits) for seeded fixtures.
inline std::string glove_text(const std::vector<std::string>& words,
                              const std::vector<std::vector<double>>& vectors) {
  std::ostringstream out;
  out.precision(9);
  for (std::size_t i = 0; i < words.size(); ++i) {
    out << words[i];
    for (double v : vectors[i]) out << ' ' << v;
    out << '\n';
  }
  return out.str();
}

// Base fixture: dir_ is an empty folder named after the test, removed afterwards.
class CliTestBase : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("galaxy-cli-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + info->test_suite_name() + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path path(const std::string& name) const { return dir_ / name; }

  fs::path write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }

  // Runs `galaxy ARGS...` (each argument quoted for the shell), stdin from /dev/null.
  CommandResult run(const std::vector<std::string>& args) const {
    std::string command = shell_quote(GALAXY_BINARY);
    for (const auto& arg : args) command += " " + shell_quote(arg);
    command += " >" + shell_quote(path("stdout.txt").string()) + " 2>" +
               shell_quote(path("stderr.txt").string()) + " </dev/null";
    CommandResult result;
    const int status = std::system(command.c_str());
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    result.out = read_file(path("stdout.txt"));
    result.err = read_file(path("stderr.txt"));
    return result;
  }

  fs::path dir_;
};

}  // namespace galaxy::cli_testing
