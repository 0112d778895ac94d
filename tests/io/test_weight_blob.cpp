// Weight blobs: a round trip keeps every bit, and every kind of corruption is refused
// with Status::corrupted_blob while the caller's view stays untouched.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "edgechaos/edgechaos.hpp"

namespace ec = edgechaos;

namespace {

constexpr std::uint32_t kN = 12;
constexpr std::uint32_t kM = 3;

struct Fixture {
  ec::CouplingMatrix<kN> J;
  std::vector<float> W = std::vector<float>(kN * kM);
  std::vector<float> b = std::vector<float>(kN);
  std::vector<unsigned char> blob = std::vector<unsigned char>(ec::weight_blob_size(kN, kM));
  Fixture() {
    EXPECT_EQ(ec::generate_couplings({1.3f, 0.2f, 5u}, J), ec::Status::ok);
    EXPECT_EQ(ec::generate_input_weights(0.5f, 6u, W.data(), kN, kM), ec::Status::ok);
    for (std::uint32_t i = 0; i < kN; ++i) b[i] = 0.01f * static_cast<float>(i) - 0.05f;
    EXPECT_EQ(ec::write_weight_blob(J.data(), W.data(), b.data(), kN, kM, blob.data(), blob.size()), ec::Status::ok);
  }
};

// A view with recognisable contents, to prove a failed read leaves it alone.
ec::WeightBlobView sentinel_view() {
  static const float marker = 42.0f;
  ec::WeightBlobView v;
  v.couplings = &marker;
  v.n = 77;
  return v;
}

void expect_untouched(const ec::WeightBlobView& v) {
  EXPECT_EQ(*v.couplings, 42.0f);
  EXPECT_EQ(v.n, 77u);
  EXPECT_EQ(v.bias, nullptr);
}

}  // namespace

// The published CRC-32/IEEE check value: crc32("123456789") = 0xCBF43926.
TEST(WeightBlob, Crc32MatchesTheStandardCheckValue) {
  const char* text = "123456789";
  EXPECT_EQ(ec::blob::crc32(reinterpret_cast<const unsigned char*>(text), 9), 0xCBF43926u);
}

TEST(WeightBlob, SizeIsHeaderPlusFloats) {
  EXPECT_EQ(ec::weight_blob_size(kN, kM), 24u + 4u * (kN * kN + kN * kM + kN));
  EXPECT_EQ(ec::weight_blob_size(0, 0), 0u);
}

TEST(WeightBlob, RoundTripKeepsEveryBitAndDrivesTheSameNetwork) {
  Fixture f;
  ec::WeightBlobView view;
  ASSERT_EQ(ec::read_weight_blob(f.blob.data(), f.blob.size(), view), ec::Status::ok);
  EXPECT_EQ(view.n, kN);
  EXPECT_EQ(view.m, kM);
  EXPECT_EQ(std::memcmp(view.couplings, f.J.data(), sizeof(float) * kN * kN), 0);
  EXPECT_EQ(std::memcmp(view.input_weights, f.W.data(), sizeof(float) * kN * kM), 0);
  EXPECT_EQ(std::memcmp(view.bias, f.b.data(), sizeof(float) * kN), 0);

  using Net = ec::RateNetwork<kN, kM>;
  Net from_blob;
  ASSERT_EQ(from_blob.bind(view), ec::Status::ok);
  Net direct(f.J);
  ASSERT_EQ(direct.set_input_weights(f.W.data()), ec::Status::ok);
  ASSERT_EQ(direct.set_bias(Eigen::Map<const Net::State>(f.b.data())), ec::Status::ok);
  Net::State x = Net::State::LinSpaced(-1.0f, 1.0f);
  Net::Input u(0.3f, -0.2f, 0.1f);
  Net::State v1, v2, p1, p2;
  from_blob.velocity(x, u, v1, p1);
  direct.velocity(x, u, v2, p2);
  EXPECT_EQ(std::memcmp(v1.data(), v2.data(), sizeof(float) * kN), 0);
}

TEST(WeightBlob, EveryFlippedByteIsDetected) {
  Fixture f;
  // Flip one bit in every byte position in turn: the header CRC, the payload CRC or a
  // field check must catch each one (CRC-32 detects all single-bit errors).
  for (std::size_t k = 0; k < f.blob.size(); ++k) {
    std::vector<unsigned char> bad = f.blob;
    bad[k] ^= 0x10u;
    ec::WeightBlobView view = sentinel_view();
    ASSERT_EQ(ec::read_weight_blob(bad.data(), bad.size(), view), ec::Status::corrupted_blob) << "byte " << k;
    expect_untouched(view);
  }
}

TEST(WeightBlob, TruncatedOrPaddedBlobIsRefused) {
  Fixture f;
  for (std::size_t size : {std::size_t{0}, std::size_t{10}, std::size_t{24}, f.blob.size() - 4}) {
    ec::WeightBlobView view = sentinel_view();
    EXPECT_EQ(ec::read_weight_blob(f.blob.data(), size, view), ec::Status::corrupted_blob) << size;
    expect_untouched(view);
  }
  std::vector<unsigned char> padded = f.blob;
  padded.resize(padded.size() + 4, 0);
  ec::WeightBlobView view = sentinel_view();
  EXPECT_EQ(ec::read_weight_blob(padded.data(), padded.size(), view), ec::Status::corrupted_blob);
  expect_untouched(view);
}

TEST(WeightBlob, NonFiniteWeightIsRefusedEvenWithAValidChecksum) {
  Fixture f;
  ec::CouplingMatrix<kN> J = f.J;
  J(2, 3) = std::numeric_limits<float>::quiet_NaN();
  std::vector<unsigned char> blob(f.blob.size());
  ASSERT_EQ(ec::write_weight_blob(J.data(), f.W.data(), f.b.data(), kN, kM, blob.data(), blob.size()), ec::Status::ok);
  ec::WeightBlobView view = sentinel_view();
  EXPECT_EQ(ec::read_weight_blob(blob.data(), blob.size(), view), ec::Status::corrupted_blob);
  expect_untouched(view);
}

TEST(WeightBlob, SizeMismatchWithAFixedNetworkIsReported) {
  Fixture f;
  ec::WeightBlobView view;
  ASSERT_EQ(ec::read_weight_blob(f.blob.data(), f.blob.size(), view), ec::Status::ok);
  ec::RateNetwork<kN + 1, kM> wrong_n;
  EXPECT_EQ(wrong_n.bind(view), ec::Status::size_mismatch);
  EXPECT_FALSE(wrong_n.bound());
  ec::RateNetwork<kN, kM + 1> wrong_m;
  EXPECT_EQ(wrong_m.bind(view), ec::Status::size_mismatch);
  ec::RateNetwork<ec::Dynamic, ec::Dynamic> dynamic;
  EXPECT_EQ(dynamic.bind(view), ec::Status::ok);
  EXPECT_EQ(dynamic.size(), static_cast<ec::Index>(kN));
  EXPECT_EQ(dynamic.inputs(), static_cast<ec::Index>(kM));
}

TEST(WeightBlob, WriterRejectsBadArguments) {
  Fixture f;
  std::vector<unsigned char> small(f.blob.size() - 1);
  EXPECT_EQ(ec::write_weight_blob(f.J.data(), f.W.data(), nullptr, kN, kM, small.data(), small.size()),
            ec::Status::size_mismatch);
  EXPECT_EQ(ec::write_weight_blob(nullptr, f.W.data(), nullptr, kN, kM, f.blob.data(), f.blob.size()),
            ec::Status::invalid_argument);
  EXPECT_EQ(ec::write_weight_blob(f.J.data(), nullptr, nullptr, kN, kM, f.blob.data(), f.blob.size()),
            ec::Status::invalid_argument);
}
