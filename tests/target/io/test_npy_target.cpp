// The NumPy readers on the device (every core, the microbit included: static buffers under
// 1 KiB): an .npz written by the host's npy_writer (flash, found and CRC-checked here), a
// big-endian Fortran-order .npy built byte by byte, and every truncation of both, which
// must give a status and touch nothing. Expected values are the closed forms the files
// were made from (gen_npz_sample.cpp) and a hand transposition.
#include <cstdint>
#include <cstring>

#include "edgechaos/io/npy.hpp"
#include "edgechaos/io/npz.hpp"
#include "ectest.hpp"
#include "npz_sample.hpp"

namespace ec = edgechaos;

namespace {

unsigned char g_buf[1024];

// '>f4', Fortran order, shape (2, 3): [[1, 2, 3], [4, 5, 6]] stored column by column.
std::size_t make_fortran_be(unsigned char* out) {
  const char dict[] = "{'descr': '>f4', 'fortran_order': True, 'shape': (2, 3), }";
  const std::size_t dict_len = sizeof dict - 1;
  std::size_t header = dict_len + 1;
  while ((10 + header) % 64 != 0) ++header;
  const unsigned char magic[8] = {0x93u, 'N', 'U', 'M', 'P', 'Y', 1u, 0u};
  std::memcpy(out, magic, 8);
  out[8] = static_cast<unsigned char>(header);
  out[9] = 0;
  std::memcpy(out + 10, dict, dict_len);
  std::memset(out + 10 + dict_len, ' ', header - dict_len - 1);
  out[10 + header - 1] = '\n';
  unsigned char* p = out + 10 + header;
  const float stored[6] = {1, 4, 2, 5, 3, 6};
  for (const float v : stored) {
    std::uint32_t b = 0;
    std::memcpy(&b, &v, 4);
    for (int k = 3; k >= 0; --k) *p++ = static_cast<unsigned char>(b >> (8 * k));
  }
  return static_cast<std::size_t>(p - out);
}

}  // namespace

EC_TEST(npz_from_flash_entries_values_and_string) {
  ec::NpzEntry e;
  ec::NpyArray a;
  EC_CHECK(ec::npz_find(kSampleNpz, sizeof kSampleNpz, "W", e) == ec::Status::ok);
  EC_CHECK(e.method == 0);
  EC_CHECK(ec::parse_npy(e.data, e.bytes, a) == ec::Status::ok);
  EC_CHECK(a.dtype == ec::NpyDtype::float32 && a.ndim == 2 && a.shape[0] == 3 && a.shape[1] == 4);
  float w[12] = {};
  EC_CHECK(ec::npy_copy_float(a, w, 12) == ec::Status::ok);
  for (int i = 0; i < 12; ++i) EC_CHECK(w[i] == static_cast<float>(i + 1));

  EC_CHECK(ec::npz_find(kSampleNpz, sizeof kSampleNpz, "c", e) == ec::Status::ok);
  EC_CHECK(ec::parse_npy(e.data, e.bytes, a) == ec::Status::ok);
  float c[3] = {};
  EC_CHECK(ec::npy_copy_float(a, c, 3) == ec::Status::ok);
  for (int i = 0; i < 3; ++i) EC_CHECK(c[i] == static_cast<float>((i - 2.5) / 3.0));

  EC_CHECK(ec::npz_find(kSampleNpz, sizeof kSampleNpz, "activation", e) == ec::Status::ok);
  EC_CHECK(ec::parse_npy(e.data, e.bytes, a) == ec::Status::ok);
  char text[8] = {};
  EC_CHECK(ec::npy_string(a, text, sizeof text) == ec::Status::ok);
  EC_CHECK(std::strcmp(text, "tanh") == 0);

  int entries = 0;
  EC_CHECK(ec::npz_for_each(kSampleNpz, sizeof kSampleNpz, [&](const ec::NpzEntry&) { ++entries; }) == ec::Status::ok);
  EC_CHECK(entries == 3);
}

EC_TEST(big_endian_fortran_order_comes_out_row_major) {
  const std::size_t size = make_fortran_be(g_buf);
  ec::NpyArray a;
  EC_CHECK(ec::parse_npy(g_buf, size, a) == ec::Status::ok);
  EC_CHECK(a.big_endian && a.fortran_order);
  float out[6] = {};
  EC_CHECK(ec::npy_copy_float(a, out, 6) == ec::Status::ok);
  for (int i = 0; i < 6; ++i) EC_CHECK(out[i] == static_cast<float>(i + 1));
}

EC_TEST(every_truncation_is_a_status_and_touches_nothing) {
  const std::size_t size = make_fortran_be(g_buf);
  for (std::size_t k = 0; k < size; ++k) {
    ec::NpyArray a;
    a.count = 77;
    EC_CHECK(ec::parse_npy(g_buf, k, a) == ec::Status::malformed_file);
    EC_CHECK(a.count == 77);
  }
  static_assert(sizeof kSampleNpz <= sizeof g_buf, "the sample fits the buffer");
  std::memcpy(g_buf, kSampleNpz, sizeof kSampleNpz);
  for (std::size_t k = 0; k < sizeof kSampleNpz; ++k) {
    ec::NpzEntry e;
    e.bytes = 12345;
    EC_CHECK(ec::npz_find(g_buf, k, "W", e) == ec::Status::malformed_file);
    EC_CHECK(e.bytes == 12345);
  }
}

EC_TEST(a_flipped_bit_in_a_stored_entry_fails_its_crc) {
  std::memcpy(g_buf, kSampleNpz, sizeof kSampleNpz);
  ec::NpzEntry e;
  EC_CHECK(ec::npz_find(g_buf, sizeof kSampleNpz, "W", e) == ec::Status::ok);
  g_buf[static_cast<std::size_t>(e.data - g_buf) + e.bytes - 1] ^= 1u;  // the last byte of W's data
  EC_CHECK(ec::npz_find(g_buf, sizeof kSampleNpz, "W", e) == ec::Status::malformed_file);
}
