// TSV exports of what the window shows (neighbour lists, analogy answers, the current projection),
// written atomically and never over an existing file unless asked.
#pragma once

#include <array>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "geometry/cosine_index.h"
#include "geometry/embedding.h"

namespace galaxy::app {

// Every export goes through write_file_atomically: readers see the old file or the whole new one,
// and an existing file is replaced only when `overwrite` (otherwise DataError "cannot write PATH:
// the file already exists (choose another name or allow overwriting)"; next_free_path picks a free
// name). A full disk or read-only folder is write_file_atomically's DataError naming the path.
//
// Fields are tab-separated, one record per line, scores with 6 decimals (as the command line).
// Words may contain any byte, so fields are escaped as in the IANA "text/tab-separated-values"
// convention used by PostgreSQL COPY: backslash -> \\, tab -> \t, newline -> \n, carriage return
// -> \r; nothing else changes.

// Escapes one TSV field as described above.
std::string tsv_escape(const std::string& field);

// The one writer of projection rows, for `galaxy project` and the window's export alike:
// "word<TAB>x<TAB>y<TAB>z" per word in row order (2D layouts: "word<TAB>x<TAB>y"), words escaped,
// coordinates with 6 decimals. `coordinates` holds rows x dims floats, row-major.
void write_position_rows(std::FILE* out, const Embedding& embedding, const float* coordinates,
                         int dims = 3);

// "# nearest neighbours of WORD by cosine similarity (D dimensions)", then the header
// "rank<TAB>word<TAB>cosine" and one line per neighbour, best first, rank from 1.
void export_neighbours_tsv(const std::string& path, const Embedding& embedding,
                           std::uint32_t query_row, const std::vector<Neighbor>& neighbours,
                           bool overwrite);

// "# a : b :: c : ?", then "rank<TAB>word<TAB>cosine" and one line per answer (`results` as
// solve_analogy returns them; with 3CosMul the score column holds its objective).
void export_analogy_tsv(const std::string& path, const Embedding& embedding, const std::string& a,
                        const std::string& b, const std::string& c,
                        const std::vector<Neighbor>& results, bool overwrite);

// Expression results ("king - man + woman"): a "# nearest words to EXPRESSION" comment line, then
// rank\tword\tcosine as for neighbours.
void export_expression_tsv(const std::string& path, const Embedding& embedding,
                           const std::string& expression, const std::vector<Neighbor>& results,
                           bool overwrite);

// Header "word<TAB>axis1<TAB>axis2<TAB>axis3" (e.g. "pc1", or "woman - man" for semantic axes),
// then one line per row of `embedding` in row order: word and its x, y, z. `positions` must hold
// one point per row (std::invalid_argument otherwise).
void export_positions_tsv(const std::string& path, const Embedding& embedding,
                          const std::vector<glm::vec3>& positions,
                          const std::array<std::string, 3>& axis_names, bool overwrite);

// A path in `directory` ("" = the working folder) that names no existing file (or folder or link):
// "STEM.EXT", else "STEM-2.EXT", "STEM-3.EXT", ... `extension` may start with a dot or not.
// Characters a file name cannot hold ('/', control bytes) in `stem` become '_', so a word can be
// used directly: next_free_path(dir, "neighbours-" + word, "tsv"). DataError if none is free
// after 9999 tries.
std::string next_free_path(const std::string& directory, const std::string& stem,
                           const std::string& extension);

}  // namespace galaxy::app
