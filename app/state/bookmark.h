// Bookmarks and tours: a saved view of the galaxy (camera, projection, selection, analogy, panels)
// and their readable JSON file format; GL-free.
#pragma once

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/state/camera.h"

namespace galaxy::app {

// The panels a bookmark can show or hide, by their names in the file (and in Bookmark::panels).
inline constexpr std::array<const char*, 8> kBookmarkPanels = {
    "search", "neighbours", "analogy", "view", "dataset", "projection", "compare", "bookmarks"};

// One saved view, or one step of a tour. Empty / zero / absent fields mean "leave this as it is"
// (or "none"), so a tour step only says what it changes.
struct Bookmark {
  std::string name;                  // shown in the panel
  std::string caption;               // tours: text at the bottom of the screen
  float duration_seconds = 8.0f;     // tours: auto-advance after this (when auto-play is on)
  std::optional<CameraPose> camera;  // absent: the app frames what the step shows
                                     // (selection / analogy / isolate)
  std::string projection = "pca";    // "pca" | "pca-unit" | "axes"
  std::array<std::string, 3> axes;   // for "axes": three expressions, e.g. "woman - man"
  std::string selected_word;         // "" = none
  int neighbour_count = 0;           // 0 = keep
  std::string search;
  struct Analogy {
    std::string a, b, c;  // a empty = none
    bool include_inputs = false;
    std::string method = "add";  // "add" (3CosAdd) | "mul" (3CosMul)
  } analogy;
  std::string expression;
  std::string compare_a, compare_b;  // compare two words panel
  std::string isolate_word;          // isolate the word and its k neighbours ("" = none)
  int isolate_k = 0;
  int clusters = 0;      // k for colour-by-cluster, 0 = off
  std::string color_by;  // "" | "clusters" | a metadata column
  // "search", "neighbours", "analogy", "view", "dataset", "compare", "bookmarks": only the listed
  // ones change.
  std::map<std::string, bool> panels;
  std::optional<bool> auto_rotate;
};

// Field-for-field equality (the round-trip guarantee of tour_to_json / parse_tour is stated in it).
bool operator==(const CameraPose& a, const CameraPose& b);
bool operator==(const Bookmark::Analogy& a, const Bookmark::Analogy& b);
bool operator==(const Bookmark& a, const Bookmark& b);
inline bool operator!=(const Bookmark& a, const Bookmark& b) {
  return !(a == b);
}

// A file of bookmarks with captions and durations; a bookmarks file is a tour whose steps are the
// bookmarks.
struct Tour {
  std::string title;
  std::string galaxy;  // optional hint of the galaxy it was made for, e.g. "bundled"
  std::vector<Bookmark> steps;
};
bool operator==(const Tour& a, const Tour& b);

// The file format (one JSON object; only "format", "version" and "steps" are required):
//
//   {"format": "embedding-galaxy-tour", "version": 1, "title": "...", "galaxy": "bundled",
//    "steps": [{"name": "...", "caption": "...", "duration": 8,
//               "camera": {"target": [x, y, z], "distance": 30, "yaw": 0.6, "pitch": 0.35},
//               "projection": "axes", "axes": ["woman - man", "walked - walk", "big - small"],
//               "selected_word": "dog", "neighbour_count": 12, "search": "do",
//               "analogy": {"a": "man", "b": "king", "c": "woman", "include_inputs": false,
//                           "method": "add"},
//               "expression": "king - man + woman", "compare": ["cat", "dog"],
//               "isolate": {"word": "dog", "k": 12}, "clusters": 8, "color_by": "clusters",
//               "panels": {"analogy": true, "view": false}, "auto_rotate": true}]}
//
// Every step key is optional, and so are "camera"'s keys (CameraPose's defaults) and "analogy"'s
// and "isolate"'s keys other than the words. Unknown keys are errors, so a typo like "captoin"
// never silently does nothing.
inline constexpr const char* kTourFormat = "embedding-galaxy-tour";
inline constexpr int kTourVersion = 1;

// Parses a tour or bookmarks file. Throws DataError with the file name: syntax errors as
// "FILE:LINE:COLUMN: syntax error ...", field errors as
// "FILE: step 3 ('king'): 'duration' must be a positive number, not a string" (steps count from 1;
// the name appears when the step has one), unknown keys as "... unknown key 'captoin' (did you
// mean 'caption'?)".
Tour parse_tour(std::string_view json_text, const std::string& file_name_for_errors);

// Reads and parses `path`; DataError "cannot read PATH: REASON" when it cannot be read.
Tour read_tour(const std::string& path);

// Pretty JSON (two-space indent, keys in the order of the format above, fields at their
// "leave as is" defaults omitted except name, caption and duration). parse_tour(tour_to_json(t))
// equals t field for field. Bytes that are not UTF-8 are written as U+FFFD.
std::string tour_to_json(const Tour& tour);

// Writes tour_to_json(tour) with write_file_atomically: readers never see half a file, and an
// existing file is replaced only when `overwrite` (otherwise DataError naming it).
void write_tour(const std::string& path, const Tour& tour, bool overwrite);

}  // namespace galaxy::app
