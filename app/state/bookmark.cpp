// Bookmark and tour files: strict JSON reading with messages that point at the file, step and key,
// and stable, readable writing.
#include "app/state/bookmark.h"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/state/projection.h"
#include "geometry/analogy.h"
#include "geometry/atomic_file.h"
#include "geometry/embedding.h"

namespace galaxy::app {

namespace {

// Insertion-ordered, so written files list keys in the documented order rather than
// alphabetically.
using Json = nlohmann::ordered_json;

const std::vector<std::string> kPanelNames(kBookmarkPanels.begin(), kBookmarkPanels.end());

// ---- Reading ----------------------------------------------------------------------------------

std::string quoted_list(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "'" : ", '") + name + "'";
  return list;
}

// "a string", "an array", ...: for "must be X, not Y" messages.
std::string described(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "an object";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::boolean:
      return "a boolean";
    default:
      return "a number";
  }
}

// Reads the fields of one JSON object, naming the file, the step and the key in every error.
class FieldReader {
 public:
  FieldReader(const Json& object, std::string where, std::string key_prefix = {})
      : object_(object), where_(std::move(where)), prefix_(std::move(key_prefix)) {}

  [[noreturn]] void fail(const std::string& message) const {
    throw DataError(where_ + ": " + message);
  }
  std::string key_name(const std::string& key) const { return "'" + prefix_ + key + "'"; }
  [[noreturn]] void wrong_type(const std::string& key, const std::string& wanted,
                               const Json& value) const {
    fail(key_name(key) + " must be " + wanted + ", not " + described(value));
  }

  // Every key must be one of `known`; a near miss gets a suggestion.
  void check_keys(const std::vector<std::string>& known) const {
    for (const auto& item : object_.items()) {
      const std::string& key = item.key();
      if (std::find(known.begin(), known.end(), key) != known.end()) continue;
      std::string best;
      std::size_t best_distance = std::numeric_limits<std::size_t>::max();
      for (const auto& candidate : known) {
        const std::size_t distance =
            edit_distance(key, candidate, std::max(key.size(), candidate.size()));
        if (distance < best_distance) best_distance = distance, best = candidate;
      }
      const bool close = best_distance <= std::max<std::size_t>(2, key.size() / 3);
      fail("unknown key '" + prefix_ + key + "' " +
           (close ? "(did you mean '" + prefix_ + best + "'?)"
                  : "(known keys: " + quoted_list(known) + ")"));
    }
  }

  const Json* find(const std::string& key) const {
    const auto it = object_.find(key);
    return it == object_.end() ? nullptr : &*it;
  }

  void read_string(const std::string& key, std::string& out) const {
    if (const Json* value = find(key)) {
      if (!value->is_string()) wrong_type(key, "a string", *value);
      out = value->get<std::string>();
    }
  }
  void read_choice(const std::string& key, const std::vector<std::string>& choices,
                   std::string& out) const {
    std::string value = out;
    read_string(key, value);
    if (std::find(choices.begin(), choices.end(), value) == choices.end()) {
      fail(key_name(key) + " must be one of " + quoted_list(choices) + ", not '" + value + "'");
    }
    out = value;
  }
  void read_bool(const std::string& key, bool& out) const {
    if (const Json* value = find(key)) {
      if (!value->is_boolean()) wrong_type(key, "true or false", *value);
      out = value->get<bool>();
    }
  }
  // A finite number that fits a float; `positive` also rules out zero and below.
  void read_float(const std::string& key, float& out, bool positive = false) const {
    const Json* value = find(key);
    if (value == nullptr) return;
    const std::string wanted = positive ? "a positive number" : "a number";
    if (!value->is_number()) wrong_type(key, wanted, *value);
    const double number = value->get<double>();
    const float narrowed = static_cast<float>(number);
    if (!std::isfinite(narrowed) || (positive && !(narrowed > 0.0f))) {
      fail(key_name(key) + " must be " + wanted + ", not " + value->dump());
    }
    out = narrowed;
  }
  void read_count(const std::string& key, int& out) const {
    const Json* value = find(key);
    if (value == nullptr) return;
    const std::string wanted = "a whole number, 0 or more";
    if (!value->is_number()) wrong_type(key, wanted, *value);
    const bool whole = value->is_number_integer();
    const bool too_big =
        whole && value->is_number_unsigned() &&
        value->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<int>::max());
    const bool negative = whole && !value->is_number_unsigned() && value->get<std::int64_t>() < 0;
    if (!whole || too_big || negative) {
      fail(key_name(key) + " must be " + wanted + ", not " + value->dump());
    }
    out = static_cast<int>(value->get<std::int64_t>());
  }
  // A nested object, read by a FieldReader whose errors name "outer.inner" keys.
  const Json* read_object(const std::string& key) const {
    const Json* value = find(key);
    if (value != nullptr && !value->is_object()) wrong_type(key, "an object", *value);
    return value;
  }
  FieldReader nested(const std::string& key, const Json& value) const {
    return FieldReader(value, where_, prefix_ + key + ".");
  }
  // An array of exactly `count` elements.
  const Json* read_array(const std::string& key, std::size_t count, const std::string& of) const {
    const Json* value = find(key);
    if (value == nullptr) return nullptr;
    const std::string wanted = "an array of " + std::to_string(count) + " " + of;
    if (!value->is_array()) wrong_type(key, wanted, *value);
    if (value->size() != count) {
      fail(key_name(key) + " must be " + wanted + ", not " + std::to_string(value->size()));
    }
    return value;
  }
  void read_strings(const std::string& key, std::string* out, std::size_t count) const {
    const Json* value = read_array(key, count, "strings");
    if (value == nullptr) return;
    for (std::size_t i = 0; i < count; ++i) {
      if (!(*value)[i].is_string()) {
        fail(key_name(key) + " must be an array of " + std::to_string(count) + " strings, not " +
             (*value).dump());
      }
      out[i] = (*value)[i].get<std::string>();
    }
  }

 private:
  const Json& object_;
  std::string where_;
  std::string prefix_;
};

CameraPose read_camera(const FieldReader& step, const Json& value) {
  const FieldReader camera = step.nested("camera", value);
  camera.check_keys({"target", "distance", "yaw", "pitch"});
  CameraPose pose;
  if (const Json* target = camera.read_array("target", 3, "numbers")) {
    for (int axis = 0; axis < 3; ++axis) {
      const Json& number = (*target)[static_cast<std::size_t>(axis)];
      const float coordinate = number.is_number() ? static_cast<float>(number.get<double>()) : NAN;
      if (!std::isfinite(coordinate)) {
        camera.fail(camera.key_name("target") + " must be an array of 3 numbers, not " +
                    target->dump());
      }
      pose.target[axis] = coordinate;
    }
  }
  camera.read_float("distance", pose.distance, /*positive=*/true);
  camera.read_float("yaw", pose.yaw);
  camera.read_float("pitch", pose.pitch);
  return pose;
}

Bookmark read_step(const Json& value, const std::string& file, std::size_t number) {
  std::string where = file + ": step " + std::to_string(number);
  if (!value.is_object()) {
    throw DataError(where + ": must be an object, not " + described(value));
  }
  if (const auto name = value.find("name"); name != value.end() && name->is_string()) {
    where += " ('" + name->get<std::string>() + "')";
  }
  const FieldReader step(value, where);
  step.check_keys({"name", "caption", "duration", "camera", "projection", "axes", "selected_word",
                   "neighbour_count", "search", "analogy", "expression", "compare", "isolate",
                   "clusters", "color_by", "panels", "auto_rotate"});

  Bookmark bookmark;
  step.read_string("name", bookmark.name);
  step.read_string("caption", bookmark.caption);
  step.read_float("duration", bookmark.duration_seconds, /*positive=*/true);
  if (const Json* camera = step.read_object("camera")) bookmark.camera = read_camera(step, *camera);

  step.read_choice("projection", projection_kind_names(), bookmark.projection);
  step.read_strings("axes", bookmark.axes.data(), 3);
  if (bookmark.projection == "axes" &&
      std::any_of(bookmark.axes.begin(), bookmark.axes.end(),
                  [](const std::string& axis) { return axis.empty(); })) {
    step.fail("'projection' 'axes' needs three expressions in 'axes', e.g. [\"woman - man\", " +
              std::string("\"walked - walk\", \"dogs - dog\"]"));
  }

  step.read_string("selected_word", bookmark.selected_word);
  step.read_count("neighbour_count", bookmark.neighbour_count);
  step.read_string("search", bookmark.search);

  if (const Json* analogy_value = step.read_object("analogy")) {
    const FieldReader analogy = step.nested("analogy", *analogy_value);
    analogy.check_keys({"a", "b", "c", "include_inputs", "method"});
    Bookmark::Analogy& out = bookmark.analogy;
    analogy.read_string("a", out.a);
    analogy.read_string("b", out.b);
    analogy.read_string("c", out.c);
    analogy.read_bool("include_inputs", out.include_inputs);
    analogy.read_choice("method", analogy_method_names(), out.method);
    const int given = !out.a.empty() + !out.b.empty() + !out.c.empty();
    if (given != 0 && given != 3) {
      step.fail("'analogy' needs all three words 'a', 'b' and 'c' (a : b :: c : ?)");
    }
  }
  step.read_string("expression", bookmark.expression);
  std::string compare[2];
  step.read_strings("compare", compare, 2);
  bookmark.compare_a = compare[0];
  bookmark.compare_b = compare[1];

  if (const Json* isolate_value = step.read_object("isolate")) {
    const FieldReader isolate = step.nested("isolate", *isolate_value);
    isolate.check_keys({"word", "k"});
    isolate.read_string("word", bookmark.isolate_word);
    isolate.read_count("k", bookmark.isolate_k);
  }
  step.read_count("clusters", bookmark.clusters);
  step.read_string("color_by", bookmark.color_by);

  if (const Json* panels_value = step.read_object("panels")) {
    const FieldReader panels = step.nested("panels", *panels_value);
    panels.check_keys(kPanelNames);
    for (const auto& item : panels_value->items()) {
      bool shown = false;
      panels.read_bool(item.key(), shown);
      bookmark.panels[item.key()] = shown;
    }
  }
  if (step.find("auto_rotate") != nullptr) {
    bool rotate = false;
    step.read_bool("auto_rotate", rotate);
    bookmark.auto_rotate = rotate;
  }
  return bookmark;
}

// nlohmann reports the byte after which parsing failed; people want line and column.
[[noreturn]] void syntax_error(std::string_view text, const std::string& file,
                               const nlohmann::json::parse_error& error) {
  const std::size_t at = std::min<std::size_t>(error.byte > 0 ? error.byte - 1 : 0, text.size());
  const std::size_t line =
      1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + at, '\n'));
  const std::size_t newline = at == 0 ? std::string_view::npos : text.rfind('\n', at - 1);
  const std::size_t line_start = newline == std::string_view::npos ? 0 : newline + 1;
  const std::size_t column = at - line_start + 1;
  // what() is "[json.exception.parse_error.101] parse error at line 3, column 9: syntax error
  // while parsing value - ..."; keep the part after nlohmann's own position.
  std::string reason = error.what();
  if (const auto position = reason.find("column "); position != std::string::npos) {
    if (const auto colon = reason.find(": ", position); colon != std::string::npos) {
      reason = reason.substr(colon + 2);
    }
  }
  throw DataError(file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + reason);
}

// ---- Writing ----------------------------------------------------------------------------------

// The shortest decimal that reads back as the same float, so 0.35f is written as 0.35 rather than
// 0.3499999940395355 (its exact double value).
double shortest(float value) {
  char text[32];
  for (int precision = 6; precision < 9; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, static_cast<double>(value));
    if (std::strtof(text, nullptr) == value) return std::strtod(text, nullptr);
  }
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  return std::strtod(text, nullptr);
}

Json step_to_json(const Bookmark& bookmark) {
  Json step = Json::object();
  step["name"] = bookmark.name;
  step["caption"] = bookmark.caption;
  step["duration"] = shortest(bookmark.duration_seconds);
  if (bookmark.camera) {
    const CameraPose& pose = *bookmark.camera;
    Json camera = Json::object();
    camera["target"] = {shortest(pose.target.x), shortest(pose.target.y), shortest(pose.target.z)};
    camera["distance"] = shortest(pose.distance);
    camera["yaw"] = shortest(pose.yaw);
    camera["pitch"] = shortest(pose.pitch);
    step["camera"] = camera;
  }
  if (bookmark.projection != "pca") step["projection"] = bookmark.projection;
  if (std::any_of(bookmark.axes.begin(), bookmark.axes.end(),
                  [](const std::string& axis) { return !axis.empty(); })) {
    step["axes"] = bookmark.axes;
  }
  if (!bookmark.selected_word.empty()) step["selected_word"] = bookmark.selected_word;
  if (bookmark.neighbour_count != 0) step["neighbour_count"] = bookmark.neighbour_count;
  if (!bookmark.search.empty()) step["search"] = bookmark.search;
  if (!(bookmark.analogy == Bookmark::Analogy{})) {
    Json analogy = Json::object();
    analogy["a"] = bookmark.analogy.a;
    analogy["b"] = bookmark.analogy.b;
    analogy["c"] = bookmark.analogy.c;
    analogy["include_inputs"] = bookmark.analogy.include_inputs;
    analogy["method"] = bookmark.analogy.method;
    step["analogy"] = analogy;
  }
  if (!bookmark.expression.empty()) step["expression"] = bookmark.expression;
  if (!bookmark.compare_a.empty() || !bookmark.compare_b.empty()) {
    step["compare"] = {bookmark.compare_a, bookmark.compare_b};
  }
  if (!bookmark.isolate_word.empty() || bookmark.isolate_k != 0) {
    Json isolate = Json::object();
    isolate["word"] = bookmark.isolate_word;
    isolate["k"] = bookmark.isolate_k;
    step["isolate"] = isolate;
  }
  if (bookmark.clusters != 0) step["clusters"] = bookmark.clusters;
  if (!bookmark.color_by.empty()) step["color_by"] = bookmark.color_by;
  if (!bookmark.panels.empty()) {
    Json panels = Json::object();
    // The documented panel order first, then any others a caller put in (in map order).
    for (const auto& name : kPanelNames) {
      if (const auto it = bookmark.panels.find(name); it != bookmark.panels.end()) {
        panels[name] = it->second;
      }
    }
    for (const auto& [name, shown] : bookmark.panels) {
      if (!panels.contains(name)) panels[name] = shown;
    }
    step["panels"] = panels;
  }
  if (bookmark.auto_rotate) step["auto_rotate"] = *bookmark.auto_rotate;
  return step;
}

}  // namespace

bool operator==(const CameraPose& a, const CameraPose& b) {
  return a.target == b.target && a.distance == b.distance && a.yaw == b.yaw && a.pitch == b.pitch;
}

bool operator==(const Bookmark::Analogy& a, const Bookmark::Analogy& b) {
  return a.a == b.a && a.b == b.b && a.c == b.c && a.include_inputs == b.include_inputs &&
         a.method == b.method;
}

bool operator==(const Bookmark& a, const Bookmark& b) {
  return a.name == b.name && a.caption == b.caption && a.duration_seconds == b.duration_seconds &&
         a.camera == b.camera && a.projection == b.projection && a.axes == b.axes &&
         a.selected_word == b.selected_word && a.neighbour_count == b.neighbour_count &&
         a.search == b.search && a.analogy == b.analogy && a.expression == b.expression &&
         a.compare_a == b.compare_a && a.compare_b == b.compare_b &&
         a.isolate_word == b.isolate_word && a.isolate_k == b.isolate_k &&
         a.clusters == b.clusters && a.color_by == b.color_by && a.panels == b.panels &&
         a.auto_rotate == b.auto_rotate;
}

bool operator==(const Tour& a, const Tour& b) {
  return a.title == b.title && a.galaxy == b.galaxy && a.steps == b.steps;
}

Tour parse_tour(std::string_view json_text, const std::string& file_name_for_errors) {
  const std::string& file = file_name_for_errors;
  Json document;
  try {
    document = Json::parse(json_text.begin(), json_text.end());
  } catch (const nlohmann::json::parse_error& error) {
    syntax_error(json_text, file, error);
  } catch (const nlohmann::json::exception& error) {
    // Valid syntax the library cannot hold, e.g. "number overflow parsing '1e999'".
    std::string reason = error.what();
    if (const auto bracket = reason.find("] "); bracket != std::string::npos) {
      reason = reason.substr(bracket + 2);
    }
    throw DataError(file + ": " + reason);
  }
  const std::string expected_format = std::string("\"format\": \"") + kTourFormat + "\"";
  if (!document.is_object()) {
    throw DataError(file + ": expected a JSON object with " + expected_format + ", not " +
                    described(document));
  }
  const FieldReader top(document, file);
  const Json* format = top.find("format");
  if (format == nullptr) {
    top.fail("not an Embedding Galaxy tour or bookmarks file (no " + expected_format + ")");
  }
  if (!format->is_string() || format->get<std::string>() != kTourFormat) {
    top.fail("'format' must be \"" + std::string(kTourFormat) + "\", not " + format->dump());
  }
  const Json* version = top.find("version");
  if (version == nullptr) top.fail("'version' is missing (this build reads version 1)");
  if (!version->is_number_integer()) top.wrong_type("version", "a whole number", *version);
  if (version->get<std::int64_t>() != kTourVersion) {
    top.fail("version " + version->dump() + " is not supported (this build reads version " +
             std::to_string(kTourVersion) + "; a newer Embedding Galaxy may read it)");
  }
  top.check_keys({"format", "version", "title", "galaxy", "steps"});

  Tour tour;
  top.read_string("title", tour.title);
  top.read_string("galaxy", tour.galaxy);
  const Json* steps = top.find("steps");
  if (steps == nullptr) top.fail("'steps' is missing (an array of bookmarks, may be empty)");
  if (!steps->is_array()) top.wrong_type("steps", "an array of bookmarks", *steps);
  for (std::size_t i = 0; i < steps->size(); ++i) {
    tour.steps.push_back(read_step((*steps)[i], file, i + 1));
  }
  return tour;
}

Tour read_tour(const std::string& path) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (in == nullptr) throw DataError("cannot read " + path + ": " + std::strerror(errno));
  std::string text;
  char buffer[1 << 16];
  std::size_t got;
  while ((got = std::fread(buffer, 1, sizeof buffer, in)) > 0) text.append(buffer, got);
  const int error = std::ferror(in) ? (errno ? errno : EIO) : 0;
  std::fclose(in);
  if (error != 0) throw DataError("cannot read " + path + ": " + std::strerror(error));
  return parse_tour(text, path);
}

std::string tour_to_json(const Tour& tour) {
  Json document = Json::object();
  document["format"] = kTourFormat;
  document["version"] = kTourVersion;
  document["title"] = tour.title;
  document["galaxy"] = tour.galaxy;
  Json steps = Json::array();
  for (const Bookmark& bookmark : tour.steps) steps.push_back(step_to_json(bookmark));
  document["steps"] = steps;
  // Words from a vectors file need not be UTF-8; JSON must be, so such bytes become U+FFFD rather
  // than failing the whole save.
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

void write_tour(const std::string& path, const Tour& tour, bool overwrite) {
  const std::string text = tour_to_json(tour);
  write_file_atomically(
      path, [&](std::FILE* out) { std::fwrite(text.data(), 1, text.size(), out); }, overwrite);
}

}  // namespace galaxy::app
