// The .npz (ZIP) reader against archives numpy and scipy wrote (numpy.savez: STORED with
// zip64 extras; savez_compressed: DEFLATE; a streamed savez: sizes in data descriptors;
// expected values computed by numpy, make_npy_cases.py), and against damaged archives built
// here, each with its stated status and its outputs untouched.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "edgechaos/host/npy_writer.hpp"
#include "edgechaos/host/npz_reader.hpp"
#include "edgechaos/io/npz.hpp"
#include "npy_cases.hpp"

namespace ec = edgechaos;

namespace {

std::uint32_t u32(const std::vector<unsigned char>& z, std::size_t at) {
  return static_cast<std::uint32_t>(z[at] | (z[at + 1] << 8) | (z[at + 2] << 16)) | (static_cast<std::uint32_t>(z[at + 3]) << 24);
}

// A two-entry archive from the writer: "a" (2 x 3 float32) and "name" (a 0-d string).
std::vector<unsigned char> small_archive() {
  const float a[6] = {1, 2, 3, 4, 5, 6};
  return ec::npz_bytes({{"a", ec::npy_bytes(a, {2, 3})}, {"name", ec::npy_string_bytes("tanh")}});
}

std::size_t directory_offset(const std::vector<unsigned char>& z) { return u32(z, z.size() - 22 + 16); }

ec::NpzEntry sentinel() {
  ec::NpzEntry e;
  e.name_len = 99;
  e.bytes = 12345;
  return e;
}

void expect_untouched(const ec::NpzEntry& e) {
  EXPECT_EQ(e.name, nullptr);
  EXPECT_EQ(e.name_len, 99u);
  EXPECT_EQ(e.bytes, 12345u);
}

ec::Status find(const std::vector<unsigned char>& z, const char* name, ec::NpzEntry& e) {
  return ec::npz_find(z.data(), z.size(), name, e);
}

}  // namespace

TEST(NpzFiles, EveryEntryReadsAsNumpyReadsIt) {
  SKIP_WITHOUT_NPY_CASES();
  const auto cases = npy_cases::load("npz");
  ASSERT_EQ(cases.size(), 12u);  // 4 arrays in each of savez, savez_compressed, the streamed savez
  for (const auto& c : cases) {
    SCOPED_TRACE(c.at("file") + ":" + c.at("key"));
    const auto zip = npy_cases::file(c.at("file"));
    ec::NpzEntry e;
    ASSERT_EQ(find(zip, c.at("key").c_str(), e), ec::Status::ok);
    EXPECT_EQ(std::to_string(e.method), c.at("method"));
    EXPECT_EQ(std::string(e.name, e.name_len), c.at("key") + ".npy");
    std::vector<unsigned char> npy;
    ASSERT_EQ(ec::read_npz_entry(zip, c.at("key"), npy), ec::Status::ok);
    EXPECT_EQ(npy.size(), e.bytes);
    npy_cases::expect_npy_matches(c, npy);
  }
}

// numpy.savez forces zip64 on every entry (the reason the reader handles the extra field):
// this checks that the generated file exercises that path.
TEST(NpzFiles, SavezWritesZip64ExtrasAndTheyAreRead) {
  SKIP_WITHOUT_NPY_CASES();
  const auto zip = npy_cases::file("savez.npz");
  ASSERT_GT(zip.size(), 34u);
  const std::size_t extra_len = zip[28] | (zip[29] << 8);
  ASSERT_GE(extra_len, 4u);
  EXPECT_EQ(zip[30 + (zip[26] | (zip[27] << 8))], 1u);  // extra field id 1: zip64
  std::vector<std::string> names;
  ASSERT_EQ(ec::npz_names(zip, names), ec::Status::ok);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "c", "s"}));
}

TEST(NpzFiles, TruncatedAtEveryOffsetIsMalformed) {
  std::vector<unsigned char> zip = small_archive();
  if (!npy_cases::dir().empty()) zip = npy_cases::file("savez.npz");
  for (std::size_t k = 0; k < zip.size(); ++k) {
    const std::vector<unsigned char> cut(zip.begin(), zip.begin() + static_cast<std::ptrdiff_t>(k));
    ec::NpzEntry e = sentinel();
    EXPECT_EQ(ec::npz_find(cut.empty() ? zip.data() : cut.data(), k, "a", e), ec::Status::malformed_file) << k;
    expect_untouched(e);
    int visits = 0;
    EXPECT_NE(ec::npz_for_each(cut.empty() ? zip.data() : cut.data(), k, [&](const ec::NpzEntry&) { ++visits; }),
              ec::Status::ok);
    EXPECT_EQ(visits, 0);
  }
}

TEST(NpzWriter, ArchivesReadBackEntryForEntry) {
  const auto zip = small_archive();
  std::vector<std::string> names;
  ASSERT_EQ(ec::npz_names(zip, names), ec::Status::ok);
  EXPECT_EQ(names, (std::vector<std::string>{"a", "name"}));
  const float a[6] = {1, 2, 3, 4, 5, 6};
  std::vector<unsigned char> npy;
  ASSERT_EQ(ec::read_npz_entry(zip, "a", npy), ec::Status::ok);
  EXPECT_EQ(npy, ec::npy_bytes(a, {2, 3}));
  ASSERT_EQ(ec::read_npz_entry(zip, "name.npy", npy), ec::Status::ok);  // the exact name works too
  EXPECT_EQ(npy, ec::npy_string_bytes("tanh"));
}

TEST(NpzDamage, AStoredEntryWithAWrongCrcIsMalformed) {
  auto zip = small_archive();
  zip[30 + 5 + 100] ^= 1u;  // a byte of a.npy's data (header "a.npy" at 30, data after it)
  ec::NpzEntry e = sentinel();
  EXPECT_EQ(find(zip, "a", e), ec::Status::malformed_file);
  expect_untouched(e);
  EXPECT_EQ(find(zip, "name", e), ec::Status::ok);  // the other entry is intact
  int visits = 0;
  EXPECT_EQ(ec::npz_for_each(zip.data(), zip.size(), [&](const ec::NpzEntry&) { ++visits; }), ec::Status::malformed_file);
  EXPECT_EQ(visits, 0);
  std::vector<unsigned char> npy = {42};
  EXPECT_EQ(ec::read_npz_entry(zip, "a", npy), ec::Status::malformed_file);
  EXPECT_EQ(npy, std::vector<unsigned char>{42});
}

TEST(NpzDamage, LocalHeaderDisagreeingWithTheDirectoryIsMalformed) {
  const auto good = small_archive();
  const std::size_t dir = directory_offset(good);
  struct Edit {
    std::size_t at;
    const char* what;
  } edits[] = {{0, "local signature"}, {30, "local name"}, {14, "local CRC"}, {18, "local compressed size"},
               {22, "local size"}, {dir, "directory signature"}, {dir + 42, "local header offset"}};
  for (const auto& ed : edits) {
    auto zip = good;
    zip[ed.at] ^= 0x55u;
    ec::NpzEntry e = sentinel();
    EXPECT_EQ(find(zip, "a", e), ec::Status::malformed_file) << ed.what;
    expect_untouched(e);
  }
}

TEST(NpzDamage, OtherMethodsAndEncryptionAreUnsupported) {
  const auto good = small_archive();
  const std::size_t dir = directory_offset(good);
  {
    auto zip = good;
    zip[8] = 12;  // bzip2, in the local header and the directory
    zip[dir + 10] = 12;
    ec::NpzEntry e = sentinel();
    EXPECT_EQ(find(zip, "a", e), ec::Status::unsupported_format);
    expect_untouched(e);
  }
  {
    auto zip = good;
    zip[6] |= 1u;  // encrypted
    zip[dir + 8] |= 1u;
    ec::NpzEntry e = sentinel();
    EXPECT_EQ(find(zip, "a", e), ec::Status::unsupported_format);
    expect_untouched(e);
  }
}

TEST(NpzDamage, DirectoryOrEndRecordOutOfRangeIsMalformed) {
  const auto good = small_archive();
  const std::size_t end = good.size() - 22;
  for (const std::size_t at : {end + 12, end + 16, end + 10}) {  // directory size, offset, entry count
    auto zip = good;
    zip[at] = static_cast<unsigned char>(zip[at] + 1);
    ec::NpzEntry e = sentinel();
    const ec::Status s = find(zip, "a", e);
    EXPECT_TRUE(s == ec::Status::malformed_file || s == ec::Status::unsupported_format) << at << ": " << ec::to_string(s);
    expect_untouched(e);
  }
  // A comment after the end record is fine when the end record says how long it is.
  auto zip = good;
  zip.insert(zip.end(), {'h', 'i'});
  zip[end + 20] = 2;
  ec::NpzEntry e;
  EXPECT_EQ(find(zip, "a", e), ec::Status::ok);
  zip[end + 20] = 3;  // ... and not when the length is wrong
  EXPECT_EQ(find(zip, "a", e), ec::Status::malformed_file);
}

TEST(NpzDamage, AMissingNameIsInvalidArgument) {
  const auto zip = small_archive();
  ec::NpzEntry e = sentinel();
  EXPECT_EQ(find(zip, "W", e), ec::Status::invalid_argument);
  EXPECT_EQ(find(zip, "nam", e), ec::Status::invalid_argument);
  expect_untouched(e);
}

TEST(NpzDamage, CorruptDeflateStreamsAreMalformedAndTheOutputKept) {
  SKIP_WITHOUT_NPY_CASES();
  const auto good = npy_cases::file("savez_compressed.npz");
  ec::NpzEntry e;
  ASSERT_EQ(find(good, "a", e), ec::Status::ok);
  ASSERT_EQ(e.method, 8u);
  const std::size_t data_at = static_cast<std::size_t>(e.data - good.data());
  std::vector<unsigned char> original;
  ASSERT_EQ(ec::read_npz_entry(good, "a", original), ec::Status::ok);
  std::size_t refused = 0;
  for (std::size_t k = 0; k < e.compressed_bytes; ++k) {
    auto zip = good;
    zip[data_at + k] ^= 0x10u;
    std::vector<unsigned char> npy = {42};
    const ec::Status s = ec::read_npz_entry(zip, "a", npy);
    if (s == ec::Status::ok) {
      EXPECT_EQ(npy, original) << k;  // only a padding bit after the last block is ignored
    } else {
      EXPECT_EQ(s, ec::Status::malformed_file) << k;  // the stream breaks, or its CRC-32 tells
      EXPECT_EQ(npy, std::vector<unsigned char>{42});
      ++refused;
    }
  }
  EXPECT_GE(refused + 1, e.compressed_bytes);
  std::vector<unsigned char> npy;
  EXPECT_EQ(ec::read_npz_entry(e, npy, e.bytes - 1), ec::Status::capacity_exceeded);
}
