// Minimal command-line parser for the galaxy subcommands: positionals, `--name value`, `-k N`,
// flags.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "app/state/dataset.h"

namespace galaxy::cli {

// Thrown for a malformed command line; main prints it with the subcommand's usage and exits 2.
struct UsageError {
  std::string message;
};

// Declares which options take a value and which are flags, then parses argv[first..].
class Arguments {
 public:
  Arguments& value_option(const std::string& name, const std::string& alias = "");
  Arguments& flag(const std::string& name);
  // Greedy multi-value option: `--axes a b c` takes the next `count` arguments.
  Arguments& multi_option(const std::string& name, std::size_t count);

  void parse(int argc, char** argv, int first);

  const std::vector<std::string>& positionals() const { return positionals_; }
  bool has(const std::string& name) const;
  std::optional<std::string> value(const std::string& name) const;
  std::string value_or(const std::string& name, const std::string& fallback) const;
  std::vector<std::string> values(const std::string& name) const;
  // Parses a non-negative integer option, e.g. -k 10; UsageError names the option on bad input.
  std::size_t count_or(const std::string& name, std::size_t fallback) const;
  // Parses a finite decimal number option, e.g. --min-dist 0.1; UsageError naming the option
  // otherwise (std::from_chars: a decimal point whatever the locale says).
  double number_or(const std::string& name, double fallback) const;

 private:
  std::string canonical(const std::string& name) const;

  std::map<std::string, std::string> aliases_;
  std::set<std::string> value_options_;
  std::set<std::string> flags_;
  std::map<std::string, std::size_t> multi_options_;
  std::vector<std::string> positionals_;
  std::map<std::string, std::vector<std::string>> values_;
};

// The data options every subcommand takes: --data FILE, --format NAME, --limit N (and --help).
Arguments& with_data_options(Arguments& args);
app::DataOptions data_options(const Arguments& args);
// The --data file, or the bundled galaxy.
std::string data_path(const Arguments& args);

}  // namespace galaxy::cli
