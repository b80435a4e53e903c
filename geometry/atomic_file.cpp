// Atomic file writes (see atomic_file.h): mkstemp in the target folder, fsync, link/rename into
// place.
#include "geometry/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "geometry/embedding.h"

namespace galaxy {

namespace {

std::string system_reason(int error) {
  return std::strerror(error);
}

[[noreturn]] void fail(const std::string& path, const std::string& what, int error) {
  throw DataError("cannot write " + path + ": " + what + system_reason(error));
}

// Removes the temp file unless release() was called (the rename succeeded).
class TempFileGuard {
 public:
  explicit TempFileGuard(std::string path) : path_(std::move(path)) {}
  TempFileGuard(const TempFileGuard&) = delete;
  TempFileGuard& operator=(const TempFileGuard&) = delete;
  ~TempFileGuard() {
    if (stream_) std::fclose(stream_);
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  void set_stream(std::FILE* stream) { stream_ = stream; }
  // Closes the stream; returns 0 or the errno of the failure.
  int close() {
    std::FILE* stream = stream_;
    stream_ = nullptr;
    return std::fclose(stream) == 0 ? 0 : errno;
  }
  void release() { path_.clear(); }

 private:
  std::string path_;
  std::FILE* stream_ = nullptr;
};

// Files created by mkstemp are 0600; give the result the permissions a plain fopen would have.
mode_t default_file_mode() {
  static const mode_t mode = [] {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

}  // namespace

void write_file_atomically(const std::string& path, const std::function<void(std::FILE*)>& writer,
                           bool overwrite) {
  struct stat existing {};
  if (!overwrite && ::stat(path.c_str(), &existing) == 0) {
    throw DataError("cannot write " + path + ": the file already exists (choose another name or " +
                    "allow overwriting)");
  }

  std::string temp_path = path + ".tmp-XXXXXX";
  int fd = ::mkstemp(temp_path.data());
  if (fd < 0) fail(path, "cannot create a temporary file beside it: ", errno);
  TempFileGuard guard(temp_path);
  std::FILE* stream = ::fdopen(fd, "wb");
  if (stream == nullptr) {
    int error = errno;
    ::close(fd);
    fail(path, "", error);
  }
  guard.set_stream(stream);
  ::fchmod(fd, default_file_mode());

  errno = 0;
  writer(stream);  // may throw: the guard removes the temp file
  if (std::ferror(stream)) fail(path, "", errno ? errno : EIO);
  if (std::fflush(stream) != 0) fail(path, "", errno);
  if (::fsync(fd) != 0) fail(path, "", errno);
  if (int error = guard.close()) fail(path, "", error);

  if (overwrite) {
    if (::rename(temp_path.c_str(), path.c_str()) != 0) fail(path, "", errno);
  } else {
    // link() fails with EEXIST if another process created the file since the check above, so an
    // existing file is never replaced. Some file systems (FAT, some network mounts) lack hard
    // links.
    if (::link(temp_path.c_str(), path.c_str()) == 0) {
      ::unlink(temp_path.c_str());
    } else if (errno == EEXIST) {
      fail(path, "", EEXIST);
    } else if (::rename(temp_path.c_str(), path.c_str()) != 0) {
      fail(path, "", errno);
    }
  }
  guard.release();
}

}  // namespace galaxy
