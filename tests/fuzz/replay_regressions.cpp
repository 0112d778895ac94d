// Replays every input the fuzzer ever crashed on (tests/fuzz/regressions, kept forever) and
// every NumPy/SciPy-written test file through the fuzz target's function: in the ASan+UBSan
// build a regression that comes back is a sanitizer report; in any build, a crash.
#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

int replay_dir(const std::string& dir) {
  int files = 0;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
    std::ifstream f(entry.path(), std::ios::binary);
    const std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    SCOPED_TRACE(entry.path().string());
    // An exact-size heap copy, so that ASan sees any read past the end.
    std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
    EXPECT_EQ(LLVMFuzzerTestOneInput(exact.empty() ? nullptr : exact.data(), exact.size()), 0);
    ++files;
  }
  return files;
}

}  // namespace

TEST(FuzzRegressions, EveryKeptCrashInputReplaysCleanly) {
  const int n = replay_dir(EDGECHAOS_FUZZ_REGRESSIONS);
  std::printf("replayed %d regression inputs\n", n);
}

TEST(FuzzRegressions, EveryNumpyWrittenTestFileReplaysCleanly) {
#ifdef EDGECHAOS_NPY_CASES
  EXPECT_GT(replay_dir(EDGECHAOS_NPY_CASES), 100);
#else
  GTEST_SKIP() << "python3 with numpy and scipy not found";
#endif
}
