// TSV exports: escaping, the three table layouts, and free file names.
#include "app/state/exports.h"

#include <sys/stat.h>

#include <cstdio>
#include <stdexcept>

#include "geometry/atomic_file.h"

namespace galaxy::app {

namespace {

void write_line(std::FILE* out, const std::string& line) {
  std::fwrite(line.data(), 1, line.size(), out);
  std::fputc('\n', out);
}

std::string score_text(float score) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6f", static_cast<double>(score));
  return text;
}

void write_ranked(std::FILE* out, const Embedding& embedding, const std::vector<Neighbor>& ranked) {
  write_line(out, "rank\tword\tcosine");
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    write_line(out, std::to_string(i + 1) + "\t" + tsv_escape(embedding.word(ranked[i].row)) +
                        "\t" + score_text(ranked[i].score));
  }
}

bool path_taken(const std::string& path) {
  struct stat info {};
  return ::lstat(path.c_str(), &info) == 0;  // lstat: a dangling link still blocks the name
}

}  // namespace

std::string tsv_escape(const std::string& field) {
  std::string escaped;
  escaped.reserve(field.size());
  for (char c : field) {
    switch (c) {
      case '\\':
        escaped += "\\\\";
        break;
      case '\t':
        escaped += "\\t";
        break;
      case '\n':
        escaped += "\\n";
        break;
      case '\r':
        escaped += "\\r";
        break;
      default:
        escaped += c;
    }
  }
  return escaped;
}

void export_neighbours_tsv(const std::string& path, const Embedding& embedding,
                           std::uint32_t query_row, const std::vector<Neighbor>& neighbours,
                           bool overwrite) {
  write_file_atomically(
      path,
      [&](std::FILE* out) {
        write_line(out, "# nearest neighbours of " + tsv_escape(embedding.word(query_row)) +
                            " by cosine similarity (" + std::to_string(embedding.dims()) +
                            " dimensions)");
        write_ranked(out, embedding, neighbours);
      },
      overwrite);
}

void export_analogy_tsv(const std::string& path, const Embedding& embedding, const std::string& a,
                        const std::string& b, const std::string& c,
                        const std::vector<Neighbor>& results, bool overwrite) {
  write_file_atomically(
      path,
      [&](std::FILE* out) {
        write_line(out,
                   "# " + tsv_escape(a) + " : " + tsv_escape(b) + " :: " + tsv_escape(c) + " : ?");
        write_ranked(out, embedding, results);
      },
      overwrite);
}

void export_expression_tsv(const std::string& path, const Embedding& embedding,
                           const std::string& expression, const std::vector<Neighbor>& results,
                           bool overwrite) {
  write_file_atomically(
      path,
      [&](std::FILE* out) {
        write_line(out, "# nearest words to " + tsv_escape(expression));
        write_ranked(out, embedding, results);
      },
      overwrite);
}

void export_positions_tsv(const std::string& path, const Embedding& embedding,
                          const std::vector<glm::vec3>& positions,
                          const std::array<std::string, 3>& axis_names, bool overwrite) {
  if (positions.size() != embedding.rows()) {
    throw std::invalid_argument("export_positions_tsv: " + std::to_string(positions.size()) +
                                " positions for " + std::to_string(embedding.rows()) + " words");
  }
  write_file_atomically(
      path,
      [&](std::FILE* out) {
        write_line(out, "word\t" + tsv_escape(axis_names[0]) + "\t" + tsv_escape(axis_names[1]) +
                            "\t" + tsv_escape(axis_names[2]));
        static_assert(sizeof(glm::vec3) == 3 * sizeof(float), "vec3 rows are 3 packed floats");
        write_position_rows(out, embedding, positions.empty() ? nullptr : &positions[0].x);
      },
      overwrite);
}

void write_position_rows(std::FILE* out, const Embedding& embedding, const float* coordinates,
                         int dims) {
  for (std::size_t row = 0; row < embedding.rows(); ++row) {
    const float* p = coordinates + row * std::size_t(dims);
    std::fputs(tsv_escape(embedding.word(row)).c_str(), out);
    for (int c = 0; c < dims; ++c) std::fprintf(out, "\t%.6f", static_cast<double>(p[c]));
    std::fputc('\n', out);
  }
}

std::string next_free_path(const std::string& directory, const std::string& stem,
                           const std::string& extension) {
  std::string safe_stem = stem;
  for (char& c : safe_stem) {
    if (c == '/' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '_';
  }
  // "." and ".." would name folders, and an empty stem a hidden file.
  if (safe_stem.empty() || safe_stem == "." || safe_stem == "..") safe_stem = "export" + safe_stem;
  const std::string dot_extension =
      extension.empty() || extension[0] == '.' ? extension : "." + extension;
  std::string prefix = directory;
  if (!prefix.empty() && prefix.back() != '/') prefix += '/';

  for (int number = 1; number <= 9999; ++number) {
    const std::string suffix = number == 1 ? "" : "-" + std::to_string(number);
    const std::string candidate = prefix + safe_stem + suffix + dot_extension;
    if (!path_taken(candidate)) return candidate;
  }
  throw DataError("no free file name like " + prefix + safe_stem + dot_extension +
                  " (tried up to -9999); choose another folder");
}

}  // namespace galaxy::app
