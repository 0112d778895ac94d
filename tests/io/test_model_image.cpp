// The model image (io/model_image.hpp): round trips of every kind, bit for bit and zero
// copy, and every kind of damage answered by a status (never a crash, never a read past the
// size: the images sit in vectors of exactly their size, so ASan sees any over-read).
// Sizes: n = 5, m = 2, k = 2 (n = 4 for the exhaustive truncation and bit-flip sweeps).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "edgechaos/io/model_image.hpp"
#include "edgechaos/weights/weight_blob.hpp"
#include "model_fixture.hpp"

namespace ec = edgechaos;
using fixture::Kind;
using fixture::Model;

namespace {

// A 4-byte aligned buffer of exactly `size` bytes (the vector's data is aligned by new).
struct Buffer {
  std::vector<std::uint32_t> words;
  std::size_t size = 0;
  explicit Buffer(std::size_t n) : words((n + 3) / 4, 0u), size(n) {}
  unsigned char* data() { return reinterpret_cast<unsigned char*>(words.data()); }
};

std::vector<unsigned char> write(const ec::ModelSpec& s) {
  const std::size_t size = ec::model_image_size(s);
  EXPECT_GT(size, 0u);
  Buffer buf(size);
  EXPECT_EQ(ec::write_model_image(s, buf.data(), buf.size), ec::Status::ok);
  return std::vector<unsigned char>(buf.data(), buf.data() + size);
}

// Reads `bytes` from an aligned heap block of exactly their size.
ec::Status read(const std::vector<unsigned char>& bytes, ec::ModelSpec& view, std::vector<std::uint32_t>& store) {
  store.assign((bytes.size() + 3) / 4 + (bytes.empty() ? 1 : 0), 0u);  // a non-null pointer for size 0
  if (!bytes.empty()) std::memcpy(store.data(), bytes.data(), bytes.size());
  return ec::read_model_image(reinterpret_cast<const unsigned char*>(store.data()), bytes.size(), view);
}

bool same_floats(const float* a, const float* b, std::size_t count) {
  if (count == 0) return true;
  if (a == nullptr || b == nullptr) return false;
  return std::memcmp(a, b, count * sizeof(float)) == 0;
}

template <class I>
bool same_ints(const I* a, const I* b, std::size_t count) {
  if (a == nullptr || b == nullptr) return false;
  for (std::size_t i = 0; i < count; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

bool inside(const void* p, const std::vector<std::uint32_t>& store) {
  const auto* c = static_cast<const unsigned char*>(p);
  const auto* lo = reinterpret_cast<const unsigned char*>(store.data());
  return c >= lo && c < lo + store.size() * 4;
}

// Recomputes both CRCs after a test patched the bytes (a well-formed image of other content).
void reseal(std::vector<unsigned char>& img) {
  ec::blob::store_u32(img.data() + ec::image::kPayloadCrcOffset,
                      ec::blob::crc32(img.data() + ec::image::kHeaderBytes, img.size() - ec::image::kHeaderBytes));
  ec::blob::store_u32(img.data() + ec::image::kHeaderCrcOffset, ec::blob::crc32(img.data(), ec::image::kHeaderCrcOffset));
}

void expect_same(const ec::ModelSpec& a, const ec::ModelSpec& b) {
  EXPECT_EQ(a.form, b.form);
  EXPECT_EQ(a.integrator, b.integrator);
  EXPECT_EQ(a.activation, b.activation);
  EXPECT_EQ(a.storage, b.storage);
  EXPECT_EQ(a.features, b.features);
  EXPECT_EQ(a.n, b.n);
  EXPECT_EQ(a.m, b.m);
  EXPECT_EQ(a.k, b.k);
  EXPECT_EQ(std::memcmp(&a.leak, &b.leak, 4), 0);
  EXPECT_EQ(std::memcmp(&a.dt, &b.dt, 4), 0);
  EXPECT_EQ(a.k_hold, b.k_hold);
  EXPECT_EQ(a.generator_known, b.generator_known);
  EXPECT_EQ(a.generator.couplings.g, b.generator.couplings.g);
  EXPECT_EQ(a.generator.couplings.gamma, b.generator.couplings.gamma);
  EXPECT_EQ(a.generator.couplings.seed, b.generator.couplings.seed);
  EXPECT_EQ(a.generator.sparse_p, b.generator.sparse_p);
  EXPECT_EQ(a.generator.input.scaling, b.generator.input.scaling);
  EXPECT_EQ(a.generator.input.connectivity, b.generator.input.connectivity);
  EXPECT_EQ(a.generator.input.kind, b.generator.input.kind);
  EXPECT_EQ(a.generator.input.seed, b.generator.input.seed);
  const std::size_t n = a.n, m = a.m, k = a.k, f = a.feature_count();
  if (a.storage == ec::CouplingStorage::dense) {
    EXPECT_TRUE(same_floats(a.J, b.J, n * n));
  }
  if (a.storage == ec::CouplingStorage::sparse) {
    EXPECT_EQ(a.sparse.index_bytes, b.sparse.index_bytes);
    EXPECT_EQ(a.sparse.nnz, b.sparse.nnz);
    if (a.sparse.index_bytes == 2) {
      EXPECT_TRUE(same_ints(a.sparse.row_ptr16, b.sparse.row_ptr16, n + 1));
      EXPECT_TRUE(same_ints(a.sparse.col16, b.sparse.col16, a.sparse.nnz));
    } else {
      EXPECT_TRUE(same_ints(a.sparse.row_ptr32, b.sparse.row_ptr32, n + 1));
      EXPECT_TRUE(same_ints(a.sparse.col32, b.sparse.col32, a.sparse.nnz));
    }
    EXPECT_TRUE(same_floats(a.sparse.val, b.sparse.val, a.sparse.nnz));
  }
  if (a.storage != ec::CouplingStorage::generated) {
    EXPECT_TRUE(same_floats(a.W_in, b.W_in, n * m));
  }
  EXPECT_EQ(a.b == nullptr, b.b == nullptr);
  if (a.b != nullptr) {
    EXPECT_TRUE(same_floats(a.b, b.b, n));
  }
  EXPECT_TRUE(same_floats(a.W_out, b.W_out, k * f));
  EXPECT_EQ(a.c == nullptr, b.c == nullptr);
  if (a.c != nullptr) {
    EXPECT_TRUE(same_floats(a.c, b.c, k));
  }
  EXPECT_EQ(a.W_fb == nullptr, b.W_fb == nullptr);
  if (a.W_fb != nullptr) {
    EXPECT_TRUE(same_floats(a.W_fb, b.W_fb, n * k));
  }
}

// The sizes of a dense image by hand: 96 header bytes, then 4 bytes a float.
std::size_t dense_size_by_hand(std::size_t n, std::size_t m, std::size_t k, std::size_t f, bool b, bool c, bool fb) {
  return 96 + 4 * (n * n + n * m + (b ? n : 0) + k * f + (c ? k : 0) + (fb ? n * k : 0));
}

Kind small_sparse16() {
  Kind kind;
  kind.storage = ec::CouplingStorage::sparse;
  kind.index_bytes = 2;
  kind.features = ec::feature_bits::all;
  kind.feedback = true;
  kind.generator_known = true;
  return kind;
}

}  // namespace

// Every form x storage x feature layout x optional array: write, read, the same fields and
// the same array bits, the arrays inside the image (zero copy), and rewriting the view gives
// the same bytes.
TEST(ModelImage, RoundTripEveryKind) {
  int cases = 0;
  for (const Kind& form : fixture::forms()) {
    for (Kind kind : fixture::storages(form)) {
      for (std::uint8_t features = 0; features <= ec::feature_bits::all; ++features) {
        for (int flags = 0; flags < 16; ++flags) {
          kind.features = features;
          kind.bias = flags & 1;
          kind.c = flags & 2;
          kind.feedback = flags & 4;
          kind.generator_known = flags & 8;
          for (std::uint32_t m : {0u, 2u}) {
            const Model model(kind, 5, m, 2);
            ASSERT_EQ(ec::validate(model.spec), ec::Status::ok);
            const std::vector<unsigned char> img = write(model.spec);
            std::vector<std::uint32_t> store;
            ec::ModelSpec view;
            ASSERT_EQ(read(img, view, store), ec::Status::ok) << cases;
            expect_same(model.spec, view);
            EXPECT_TRUE(inside(view.W_out, store));
            if (view.storage == ec::CouplingStorage::dense) {
              EXPECT_TRUE(inside(view.J, store));
              EXPECT_EQ(img.size(), dense_size_by_hand(5, m, 2, model.spec.feature_count(), kind.bias, kind.c,
                                                       kind.feedback));
            }
            if (view.storage == ec::CouplingStorage::generated) {
              EXPECT_EQ(view.W_in, nullptr);
              EXPECT_EQ(view.J, nullptr);
            }
            EXPECT_EQ(write(view), img);
            ++cases;
          }
        }
      }
    }
  }
  EXPECT_EQ(cases, 3 * 5 * 8 * 16 * 2);
}

// The header's fields sit where the layout comment says (an independent reading of the
// bytes, not through the reader).
TEST(ModelImage, HeaderLayoutAsDocumented) {
  Kind kind = small_sparse16();
  const Model model(kind, 4, 1, 3);
  const std::vector<unsigned char> img = write(model.spec);
  EXPECT_EQ(std::memcmp(img.data(), "ECMI", 4), 0);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 4), 2u);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 8), img.size());
  EXPECT_EQ(img[12], 1);  // echo_state
  EXPECT_EQ(img[15], 2);  // sparse
  EXPECT_EQ(img[16], 7);  // all features
  EXPECT_EQ(img[17], 2);  // 16-bit indices
  EXPECT_EQ(img[18], 1 | 2 | 4 | 8);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 20), 4u);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 24), 1u);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 28), 3u);
  EXPECT_EQ(ec::blob::load_u32(img.data() + 44), model.val.size());
  EXPECT_EQ(ec::blob::load_u32(img.data() + 92), ec::blob::crc32(img.data(), 92));
  // row_ptr (5 x u16 = 10 bytes, padded to 12) then col, then val: the first row's start.
  EXPECT_EQ(img[96] | (img[97] << 8), 0);
  EXPECT_EQ(img[96 + 8] | (img[96 + 9] << 8), model.row16[4]);
  EXPECT_EQ(img[96 + 10], 0);  // padding
  EXPECT_EQ(img[96 + 11], 0);
  // f = 1 + 1 + 4 + 4 = 10: 96 + 12 + pad4(2 nnz) + 4 nnz + 4 (W_in) + 16 (b) + 120 (W_out) + 12 (c) + 48 (W_fb).
  const std::size_t nnz = model.val.size();
  EXPECT_EQ(img.size(), 96 + 12 + (2 * nnz + 3) / 4 * 4 + 4 * nnz + 4 * 4 + 4 * 4 + 4 * 3 * 10 + 4 * 3 + 4 * 12);
}

TEST(ModelImage, EveryTruncationIsMalformed) {
  const Model model(small_sparse16(), 4, 2, 2);
  const std::vector<unsigned char> img = write(model.spec);
  for (std::size_t size = 0; size < img.size(); ++size) {
    std::vector<unsigned char> cut(img.begin(), img.begin() + static_cast<std::ptrdiff_t>(size));
    std::vector<std::uint32_t> store;
    ec::ModelSpec view;
    view.n = 12345;
    EXPECT_EQ(read(cut, view, store), ec::Status::malformed_file) << size;
    EXPECT_EQ(view.n, 12345u);  // untouched
  }
  // One byte too many is damage too (the header says the exact size).
  std::vector<unsigned char> longer = img;
  longer.push_back(0);
  std::vector<std::uint32_t> store;
  ec::ModelSpec view;
  EXPECT_EQ(read(longer, view, store), ec::Status::malformed_file);
}

// Every single flipped bit of a small image (header and payload): CRC-32 detects them all.
TEST(ModelImage, EveryFlippedBitIsMalformed) {
  for (Kind kind : {small_sparse16(), Kind{}}) {
    kind.form = ec::ModelForm::continuous;
    kind.integrator = ec::IntegratorKind::rk4;
    const Model model(kind, 4, 2, 2);
    const std::vector<unsigned char> img = write(model.spec);
    int flips = 0;
    for (std::size_t byte = 0; byte < img.size(); ++byte) {
      for (int bit = 0; bit < 8; ++bit) {
        std::vector<unsigned char> bad = img;
        bad[byte] = static_cast<unsigned char>(bad[byte] ^ (1u << bit));
        std::vector<std::uint32_t> store;
        ec::ModelSpec view;
        ASSERT_EQ(read(bad, view, store), ec::Status::malformed_file) << byte << ":" << bit;
        ++flips;
      }
    }
    EXPECT_EQ(flips, static_cast<int>(8 * img.size()));
  }
}

TEST(ModelImage, VersionOneWeightBlobIsUnsupportedVersion) {
  const float J[4] = {0.0f, 0.5f, -0.5f, 0.0f}, W[2] = {1.0f, -1.0f}, b[2] = {0.1f, 0.2f};
  std::vector<unsigned char> blob(ec::weight_blob_size(2, 1));
  ASSERT_EQ(ec::write_weight_blob(J, W, b, 2, 1, blob.data(), blob.size()), ec::Status::ok);
  std::vector<std::uint32_t> store;
  ec::ModelSpec view;
  EXPECT_EQ(read(blob, view, store), ec::Status::unsupported_version);
  // ... and the blob is still read by its own reader.
  ec::WeightBlobView wv;
  EXPECT_EQ(ec::read_weight_blob(reinterpret_cast<const unsigned char*>(store.data()), blob.size(), wv), ec::Status::ok);
  // A well-formed header of a later version.
  const Model model(Kind{}, 3, 1, 1);
  std::vector<unsigned char> img = write(model.spec);
  ec::blob::store_u32(img.data() + 4, 3);
  reseal(img);
  EXPECT_EQ(read(img, view, store), ec::Status::unsupported_version);
}

// Fields out of range in a sealed (CRC-correct) image: malformed_file; a valid layout of an
// invalid model: validate's status.
TEST(ModelImage, FieldsOutOfRange) {
  const Model model(small_sparse16(), 4, 2, 2);
  const std::vector<unsigned char> good = write(model.spec);
  struct Patch {
    std::size_t offset;
    std::uint32_t value;
    int bytes;
    ec::Status want;
  };
  const float nan = std::numeric_limits<float>::quiet_NaN();
  std::uint32_t nan_bits, two_bits, neg_bits;
  const float two = 2.0f, neg = -1.0f;
  std::memcpy(&nan_bits, &nan, 4);
  std::memcpy(&two_bits, &two, 4);
  std::memcpy(&neg_bits, &neg, 4);
  const std::size_t nnz = model.val.size();
  const std::size_t val_at = 96 + 12 + (2 * nnz + 3) / 4 * 4;
  const std::vector<Patch> patches = {
      {12, 0, 1, ec::Status::malformed_file},             // form 0
      {12, 3, 1, ec::Status::malformed_file},             // form 3
      {13, 7, 1, ec::Status::malformed_file},             // integrator
      {14, 0, 1, ec::Status::malformed_file},             // activation
      {14, 4, 1, ec::Status::malformed_file},             // activation past sinh_tanh5
      {15, 4, 1, ec::Status::malformed_file},             // storage
      {16, 8, 1, ec::Status::malformed_file},             // feature bits
      {17, 3, 1, ec::Status::malformed_file},             // index bytes
      {18, 16, 1, ec::Status::malformed_file},            // flags
      {19, 1, 1, ec::Status::malformed_file},             // reserved
      {76, 2, 1, ec::Status::malformed_file},             // input kind
      {77, 1, 1, ec::Status::malformed_file},             // reserved
      {20, 0, 4, ec::Status::malformed_file},             // n = 0
      {20, 65536, 4, ec::Status::malformed_file},         // n too large
      {20, 0xFFFFFFFFu, 4, ec::Status::malformed_file},   // n overflowing any product
      {24, 0xFFFFFFFFu, 4, ec::Status::malformed_file},   // m
      {28, 0, 4, ec::Status::malformed_file},             // k = 0
      {28, 0xFFFFFFFFu, 4, ec::Status::malformed_file},   // k
      {44, 17, 4, ec::Status::malformed_file},            // nnz > n*n
      {44, 0xFFFFFFFFu, 4, ec::Status::malformed_file},   // nnz overflowing
      {44, static_cast<std::uint32_t>(nnz + 1), 4, ec::Status::malformed_file},  // sizes no longer add up
      {8, static_cast<std::uint32_t>(good.size() - 4), 4, ec::Status::malformed_file},  // total
      {32, two_bits, 4, ec::Status::invalid_argument},    // leak 2
      {40, 0, 4, ec::Status::ok},                          // k_hold 0: not used by echo_state
      {val_at, nan_bits, 4, ec::Status::non_finite_input},  // a NaN weight
      {96 + 2, 0xFFFF, 2, ec::Status::invalid_argument},  // row_ptr[1] beyond nnz
      {96 + 12, 9, 2, ec::Status::invalid_argument},      // a column >= n
      {64, neg_bits, 4, ec::Status::ok},                  // sparse_p of an unused generator: recorded only
  };
  for (const Patch& p : patches) {
    std::vector<unsigned char> bad = good;
    for (int b = 0; b < p.bytes; ++b) bad[p.offset + static_cast<std::size_t>(b)] = static_cast<unsigned char>(p.value >> (8 * b));
    reseal(bad);
    std::vector<std::uint32_t> store;
    ec::ModelSpec view;
    view.n = 999;
    const ec::Status s = read(bad, view, store);
    EXPECT_EQ(s, p.want) << "offset " << p.offset << " got " << ec::to_string(s);
    if (s != ec::Status::ok) {
      EXPECT_EQ(view.n, 999u);
    }
  }
}

TEST(ModelImage, HugeCountsInASmallImage) {
  // A sealed header claiming the largest sizes: the total is computed in 64 bits and
  // disagrees with the 96 bytes there are.
  std::vector<unsigned char> img(96, 0);
  std::memcpy(img.data(), "ECMI", 4);
  ec::blob::store_u32(img.data() + 4, 2);
  ec::blob::store_u32(img.data() + 8, 96);
  img[12] = 1;
  img[14] = 1;
  img[15] = 1;
  img[16] = 7;
  img[18] = 7;
  ec::blob::store_u32(img.data() + 20, 65535);
  ec::blob::store_u32(img.data() + 24, 4096);
  ec::blob::store_u32(img.data() + 28, 4096);
  reseal(img);
  std::vector<std::uint32_t> store;
  ec::ModelSpec view;
  EXPECT_EQ(read(img, view, store), ec::Status::malformed_file);
}

TEST(ModelImage, ArgumentsAndAlignment) {
  const Model model(Kind{}, 3, 1, 1);
  const std::vector<unsigned char> img = write(model.spec);
  ec::ModelSpec view;
  EXPECT_EQ(ec::read_model_image(nullptr, img.size(), view), ec::Status::invalid_argument);
  // The same bytes one byte off a 4-byte boundary: refused, not read misaligned.
  std::vector<std::uint32_t> store(img.size() / 4 + 2, 0u);
  unsigned char* shifted = reinterpret_cast<unsigned char*>(store.data()) + 1;
  std::memcpy(shifted, img.data(), img.size());
  EXPECT_EQ(ec::read_model_image(shifted, img.size(), view), ec::Status::invalid_argument);
}

TEST(ModelImage, WriteRefusesAndWritesNothing) {
  Model model(Kind{}, 3, 1, 1);
  const std::size_t size = ec::model_image_size(model.spec);
  std::vector<unsigned char> out(size, 0xAB);
  EXPECT_EQ(ec::write_model_image(model.spec, out.data(), size - 1), ec::Status::size_mismatch);
  EXPECT_EQ(ec::write_model_image(model.spec, nullptr, size), ec::Status::invalid_argument);
  for (unsigned char c : out) ASSERT_EQ(c, 0xAB);
  model.J[1] = std::numeric_limits<float>::infinity();
  EXPECT_EQ(ec::model_image_size(model.spec), 0u);
  EXPECT_EQ(ec::write_model_image(model.spec, out.data(), size), ec::Status::non_finite_input);
  model.J[1] = 0.0f;
  model.spec.leak = 0.0f;
  EXPECT_EQ(ec::write_model_image(model.spec, out.data(), size), ec::Status::invalid_argument);
  for (unsigned char c : out) ASSERT_EQ(c, 0xAB);
}
