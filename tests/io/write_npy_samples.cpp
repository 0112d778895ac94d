// Writes .npy and .npz files with host/npy_writer.hpp into argv[1], for check_npy_samples.py
// to read with numpy (the independent reader of what edgechaos writes). Values are closed
// forms both sides compute: element i is (i - 2.5) / 3 (then rounded to float for '<f4').
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"

namespace {
bool write(const std::string& path, const std::vector<unsigned char>& bytes) {
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), f) == bytes.size();
  return std::fclose(f) == 0 && ok;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  std::vector<double> d(24);
  std::vector<float> f(24);
  for (std::size_t i = 0; i < d.size(); ++i) {
    d[i] = (static_cast<double>(i) - 2.5) / 3.0;
    f[i] = static_cast<float>(d[i]);
  }
  bool ok = true;
  ok = ok && write(dir + "/scalar_f8.npy", edgechaos::npy_bytes(d.data(), {}));
  ok = ok && write(dir + "/vector_f4.npy", edgechaos::npy_bytes(f.data(), {24}));
  ok = ok && write(dir + "/matrix_f8.npy", edgechaos::npy_bytes(d.data(), {4, 6}));
  ok = ok && write(dir + "/cube_f4.npy", edgechaos::npy_bytes(f.data(), {2, 3, 4}));
  ok = ok && write(dir + "/empty_f4.npy", edgechaos::npy_bytes(f.data(), {0, 5}));
  ok = ok && write(dir + "/archive.npz", edgechaos::npz_bytes({{"W_out", edgechaos::npy_bytes(f.data(), {3, 8})},
                                                                {"c", edgechaos::npy_bytes(d.data(), {3})},
                                                                {"activation", edgechaos::npy_string_bytes("tanh")}}));
  return ok ? 0 : 1;
}
