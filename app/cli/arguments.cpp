// Command-line parsing for the galaxy subcommands.
#include "app/cli/arguments.h"

#include <charconv>
#include <cmath>

#include "app/cli/bundled.h"
#include "geometry/loaders.h"

namespace galaxy::cli {

Arguments& Arguments::value_option(const std::string& name, const std::string& alias) {
  value_options_.insert(name);
  if (!alias.empty()) aliases_[alias] = name;
  return *this;
}

Arguments& Arguments::flag(const std::string& name) {
  flags_.insert(name);
  return *this;
}

Arguments& Arguments::multi_option(const std::string& name, std::size_t count) {
  multi_options_[name] = count;
  return *this;
}

std::string Arguments::canonical(const std::string& name) const {
  auto it = aliases_.find(name);
  return it == aliases_.end() ? name : it->second;
}

void Arguments::parse(int argc, char** argv, int first) {
  bool only_positionals = false;
  for (int i = first; i < argc; ++i) {
    std::string arg = argv[i];
    // A lone "-" and negative-looking words stay positional; words never start with "--" in
    // practice.
    const bool looks_like_option =
        !only_positionals && arg.size() > 1 && arg[0] == '-' && !(arg[1] >= '0' && arg[1] <= '9');
    if (arg == "--" && !only_positionals) {
      only_positionals = true;
      continue;
    }
    if (!looks_like_option) {
      positionals_.push_back(arg);
      continue;
    }
    std::string inline_value;
    bool has_inline_value = false;
    if (auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
      inline_value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
      has_inline_value = true;
    }
    const std::string name = canonical(arg);
    if (flags_.count(name)) {
      if (has_inline_value) throw UsageError{"option " + name + " takes no value"};
      values_[name].push_back("");
    } else if (value_options_.count(name)) {
      if (has_inline_value) {
        values_[name] = {inline_value};
      } else {
        if (i + 1 >= argc) throw UsageError{"option " + name + " needs a value"};
        values_[name] = {argv[++i]};
      }
    } else if (auto multi = multi_options_.find(name); multi != multi_options_.end()) {
      if (has_inline_value)
        throw UsageError{"option " + name + " takes " + std::to_string(multi->second) + " values"};
      std::vector<std::string> taken;
      for (std::size_t n = 0; n < multi->second; ++n) {
        if (i + 1 >= argc) {
          throw UsageError{"option " + name + " needs " + std::to_string(multi->second) +
                           " values"};
        }
        taken.push_back(argv[++i]);
      }
      values_[name] = taken;
    } else {
      throw UsageError{"unknown option '" + arg + "'"};
    }
  }
}

bool Arguments::has(const std::string& name) const {
  return values_.count(name) > 0;
}

std::optional<std::string> Arguments::value(const std::string& name) const {
  auto it = values_.find(name);
  if (it == values_.end() || it->second.empty()) return std::nullopt;
  return it->second.front();
}

std::string Arguments::value_or(const std::string& name, const std::string& fallback) const {
  return value(name).value_or(fallback);
}

std::vector<std::string> Arguments::values(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

std::size_t Arguments::count_or(const std::string& name, std::size_t fallback) const {
  auto text = value(name);
  if (!text) return fallback;
  std::size_t parsed = 0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
  if (error != std::errc() || end != text->data() + text->size()) {
    throw UsageError{"option " + name + " needs a whole number, got '" + *text + "'"};
  }
  return parsed;
}

double Arguments::number_or(const std::string& name, double fallback) const {
  auto text = value(name);
  if (!text) return fallback;
  double parsed = 0.0;
  auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), parsed);
  if (error != std::errc() || end != text->data() + text->size() || !std::isfinite(parsed)) {
    throw UsageError{"option " + name + " needs a number, got '" + *text + "'"};
  }
  return parsed;
}

Arguments& with_data_options(Arguments& args) {
  return args.value_option("--data")
      .value_option("--format")
      .value_option("--limit")
      .flag("--help")
      .flag("-h");
}

app::DataOptions data_options(const Arguments& args) {
  app::DataOptions options;
  if (auto format = args.value("--format")) options.format = parse_format_name(*format);
  options.limit = args.count_or("--limit", 0);
  return options;
}

std::string data_path(const Arguments& args) {
  const std::string path = args.value_or("--data", "");
  return path.empty() ? bundled_galaxy_path() : path;
}

}  // namespace galaxy::cli
