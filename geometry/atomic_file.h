// Atomic file writes: write to a temp file beside the target, flush + fsync, then rename over it.
#pragma once

#include <cstdio>
#include <functional>
#include <string>

namespace galaxy {

// Calls `writer` with a FILE* opened on `path.tmp-XXXXXX` in the same folder, then flushes, fsyncs
// and renames it to `path`, so readers see either the old file or the complete new one, never a
// partial one. Refuses (DataError "X already exists") to replace an existing file unless
// `overwrite`. On any failure (full disk, read-only folder, `writer` throwing) the temp file is
// removed; I/O failures throw DataError naming the path and the system's reason. The writer may use
// fwrite/fprintf freely: write errors are picked up from the stream's error flag afterwards.
void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& writer,
                           bool overwrite = false);

}  // namespace galaxy
