// The device side of the NumPy readers never touches the heap: finding an entry in an .npz,
// parsing its .npy, copying floats out of it (C and Fortran order), reading a 0-d string,
// and walking every entry, watched by the one harness (tests/support/no_alloc.hpp). The
// archive is made before the watch starts (the host writer allocates).
#include "support/no_alloc.hpp"  // first: it configures Eigen

#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/io/npy.hpp"
#include "edgechaos/io/npz.hpp"

namespace ec = edgechaos;
using no_alloc::expect_clean;
using no_alloc::Watch;

TEST(NoAlloc, NpyAndNpzReadersOnTheDevicePath) {
  const float w[12] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  const std::vector<unsigned char> zip =
      ec::npz_bytes({{"W", ec::npy_bytes(w, {3, 4})}, {"activation", ec::npy_string_bytes("tanh")}});
  static float out[12];
  static char text[16];
  ec::Status s[6] = {};
  int entries = 0;
  Watch watch;
  watch.start();
  ec::NpzEntry e;
  ec::NpyArray a;
  s[0] = ec::npz_find(zip.data(), zip.size(), "W", e);
  s[1] = ec::parse_npy(e.data, e.bytes, a);
  s[2] = ec::npy_copy_float(a, out, 12);
  s[3] = ec::npz_find(zip.data(), zip.size(), "activation", e);
  s[4] = ec::parse_npy(e.data, e.bytes, a) == ec::Status::ok ? ec::npy_string(a, text, sizeof text) : ec::Status::malformed_file;
  s[5] = ec::npz_for_each(zip.data(), zip.size(), [&](const ec::NpzEntry&) { ++entries; });
  no_alloc::g_sink = out[11];
  watch.stop();
  for (const ec::Status si : s) EXPECT_EQ(si, ec::Status::ok);
  EXPECT_EQ(entries, 2);
  EXPECT_EQ(out[11], 12.0f);
  EXPECT_EQ(std::string(text), "tanh");
  expect_clean(watch);
}
