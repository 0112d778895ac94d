#include "files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace edgechaos::cli {

bool read_whole_file(const std::string& path, std::vector<unsigned char>& bytes, std::string& why,
                     std::size_t max_bytes) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) {
    why = path + ": " + std::strerror(errno);
    return false;
  }
  std::vector<unsigned char> out;
  unsigned char buffer[1 << 16];
  bool ok = true;
  for (;;) {
    const std::size_t got = std::fread(buffer, 1, sizeof buffer, f);
    if (got > 0) {
      if (out.size() + got > max_bytes) {
        why = path + ": larger than " + std::to_string(max_bytes) + " bytes";
        ok = false;
        break;
      }
      out.insert(out.end(), buffer, buffer + got);
    }
    if (got < sizeof buffer) {
      if (std::ferror(f)) {
        why = path + ": read error";
        ok = false;
      }
      break;
    }
  }
  std::fclose(f);
  if (ok) bytes.swap(out);
  return ok;
}

bool write_file_atomically(const std::string& path, const unsigned char* data, std::size_t size, std::string& why) {
  // The temporary name sits beside the target, so the rename stays on one file system.
  const std::size_t slash = path.find_last_of('/');
  const std::string dir = slash == std::string::npos ? std::string(".") : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) {
    why = path + ": not a file name";
    return false;
  }
  std::string temp = (slash == std::string::npos ? std::string() : dir) + "." + base + ".tmp.XXXXXX";
  std::vector<char> name(temp.begin(), temp.end());
  name.push_back('\0');
  const int fd = mkstemp(name.data());
  if (fd < 0) {
    why = path + ": cannot create a temporary file in " + dir + ": " + std::strerror(errno);
    return false;
  }
  temp.assign(name.data());
  std::size_t done = 0;
  while (done < size) {
    const ssize_t wrote = ::write(fd, data + done, size - done);
    if (wrote < 0 && errno == EINTR) continue;
    if (wrote <= 0) {
      why = path + ": write failed: " + std::strerror(errno);
      ::close(fd);
      ::unlink(temp.c_str());
      return false;
    }
    done += static_cast<std::size_t>(wrote);
  }
  // mkstemp makes the file 0600; an output file gets the usual permissions.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0 || ::fsync(fd) != 0 || ::close(fd) != 0) {
    why = path + ": cannot finish the file: " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    why = path + ": cannot rename into place: " + std::strerror(errno);
    ::unlink(temp.c_str());
    return false;
  }
  return true;
}

int input_error(const char* command, const std::string& what) {
  std::string line = what;
  for (char& c : line)
    if (c == '\n' || c == '\r') c = ' ';
  std::fprintf(stderr, "edgechaos %s: %s\n", command, line.c_str());
  return 2;
}

}  // namespace edgechaos::cli
