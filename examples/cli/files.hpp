// Whole-file input and all-or-nothing output for the deploy commands (import, export, trace,
// undump). An output is written to a temporary name in the same directory and renamed over
// the target only when complete, so a failing command never leaves a partial file and never
// touches an existing one.
#pragma once

#include <string>
#include <vector>

namespace edgechaos::cli {

// Reads a whole file. False (with `why` set) if it cannot be opened or read, or is larger
// than `max_bytes`.
bool read_whole_file(const std::string& path, std::vector<unsigned char>& bytes, std::string& why,
                     std::size_t max_bytes = std::size_t{1} << 31);

// Writes `bytes` to `path` through a temporary file in the same directory (mkstemp), then
// fsync and rename. False (with `why` set) on any failure; the temporary file is removed.
bool write_file_atomically(const std::string& path, const unsigned char* data, std::size_t size, std::string& why);
inline bool write_file_atomically(const std::string& path, const std::vector<unsigned char>& bytes, std::string& why) {
  return write_file_atomically(path, bytes.data(), bytes.size(), why);
}
inline bool write_file_atomically(const std::string& path, const std::string& text, std::string& why) {
  return write_file_atomically(path, reinterpret_cast<const unsigned char*>(text.data()), text.size(), why);
}

// The deploy commands' error for bad input: one line on stderr, exit code 2.
//   edgechaos <command>: <what>
int input_error(const char* command, const std::string& what);

}  // namespace edgechaos::cli
