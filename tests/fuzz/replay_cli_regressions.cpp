// `edgechaos --check` (examples/cli/main.cpp) and the argument fuzzer's kept inputs
// (tests/fuzz/regressions/cli), run through the real binary: in the ASan+UBSan build a
// regression that comes back is a sanitizer report (a non-zero exit that is not 2), in any
// build a crash or an uncaught exception (a signal). The refusal contract: exit 2, exactly
// one line on stderr, nothing on stdout; a good command line under --check: exit 0 and no
// output at all, no file written.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "cli_tokens.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace {

struct Outcome {
  bool exited = false;
  int code = -1;
  std::string out, err;
};

std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("edgechaos_cli_check_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// `edgechaos <tokens...>` with stdout and stderr captured.
Outcome run_cli(const std::vector<std::string>& tokens) {
  const fs::path dir = scratch();
  const std::string out = (dir / "stdout").string(), err = (dir / "stderr").string();
  std::vector<std::string> argv_s{EDGECHAOS_CLI_BIN};
  argv_s.insert(argv_s.end(), tokens.begin(), tokens.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  pid_t pid = 0;
  Outcome o;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) {
    ADD_FAILURE() << "cannot start " << argv[0];
    return o;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return o;
  o.exited = WIFEXITED(status);
  o.code = o.exited ? WEXITSTATUS(status) : -WTERMSIG(status);
  o.out = slurp(out);
  o.err = slurp(err);
  return o;
}

std::string joined(const std::vector<std::string>& tokens) {
  std::string s;
  for (const auto& t : tokens) s += (s.empty() ? "" : " ") + t;
  return s;
}

// Exit 0 with no output (validated), or the refusal contract.
void expect_checked(const std::vector<std::string>& tokens) {
  std::vector<std::string> check{"--check"};
  check.insert(check.end(), tokens.begin(), tokens.end());
  const Outcome o = run_cli(check);
  SCOPED_TRACE("edgechaos " + joined(check) + "\nstdout: " + o.out + "\nstderr: " + o.err);
  ASSERT_TRUE(o.exited) << "killed by signal " << -o.code;
  if (o.code == 2) {
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1);
    EXPECT_TRUE(!o.err.empty() && o.err.back() == '\n');
    EXPECT_TRUE(o.out.empty());
  } else {
    EXPECT_EQ(o.code, 0);
    EXPECT_TRUE(o.err.empty());
  }
}

// The command names `edgechaos --help` lists (two spaces, the name, a space).
std::vector<std::string> listed_commands() {
  const Outcome o = run_cli({"--help"});
  std::vector<std::string> names;
  std::size_t at = o.out.find("commands:\n");
  if (at == std::string::npos) return names;
  at += 10;
  while (at < o.out.size()) {
    const std::size_t end = o.out.find('\n', at);
    const std::string line = o.out.substr(at, end == std::string::npos ? std::string::npos : end - at);
    if (line.size() > 2 && line.compare(0, 2, "  ") == 0) names.push_back(line.substr(2, line.find(' ', 2) - 2));
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return names;
}

}  // namespace

TEST(CliCheck, GoodCommandLinesPassAndDoNoWork) {
  // Each would write FILE or run for minutes without --check.
  const fs::path dir = scratch();
  const std::string file = (dir / "must_not_exist").string();
  fs::remove(file);
  const std::vector<std::vector<std::string>> good = {
      {"run", "--n", "2048", "--steps", "4000000000", "--trace", file},
      {"sweep", "--g", "0.5:3:0.01", "--seeds", "100", "--out", file},
      {"theory", "dmft", "--g", "2", "--gamma", "0.5", "--table", file},
      {"reservoir", "--task", "narma10", "--n", "2048", "--seeds", "1000", "--save", file},
      {"langevin", "--beta", "100", "--measure-steps", "4000000000"},
      {"undump", "no_such.log", "--out-dir", dir.string()},
      {"export", "m.bin", "--header", file, "--namespace", "edge::chaos_1"},
      {"reservoir", "--task", "memory", "--sweep-g", "0.5:1.5:0.1", "--seeds", "3"},
      // A subnormal is a number (strtod flags it ERANGE; it used to be refused as "not finite").
      {"run", "--g", "4.9e-324", "--steps", "10"},
      // vectors MODEL: the file is read only after the validation (no_such.bin never opened).
      {"vectors", "no_such.bin", "--out", file, "--fixed-point", "8:16", "--steps", "1000000"},
  };
  for (const auto& tokens : good) {
    std::vector<std::string> check{"--check"};
    check.insert(check.end(), tokens.begin(), tokens.end());
    const Outcome o = run_cli(check);
    SCOPED_TRACE("edgechaos " + joined(check) + "\nstderr: " + o.err);
    EXPECT_TRUE(o.exited);
    EXPECT_EQ(o.code, 0);
    EXPECT_TRUE(o.out.empty());
    EXPECT_TRUE(o.err.empty());
    EXPECT_FALSE(fs::exists(file));
  }
}

TEST(CliCheck, BadCommandLinesAreRefusedInOneLine) {
  const std::vector<std::vector<std::string>> bad = {
      {"run", "--n", "1"},
      {"run", "--noise", "0.1", "--integrator", "rk4"},     // validate() after the getters
      {"run", "--transient", "10", "--steps", "10"},
      {"sweep", "--g", "1:2:0.5"},                          // no --out
      {"theory", "replica", "--g", "1", "--gamma", "0", "--beta", "0"},
      {"trace", "--input", "u.npy", "--out", "t.npz"},      // no MODEL
      {"reservoir", "--task", "force", "--model", "esn"},
      {"langevin", "--beta", "1", "--measure-steps", "5", "--blocks", "10"},
      // Found by reading while writing the fuzzer: --sweep-g was parsed after finish() and
      // its values never checked; --namespace went into the header unchecked; a grid of
      // 1e10 points was accepted.
      {"reservoir", "--task", "memory", "--sweep-g", "nonsense"},
      {"reservoir", "--task", "memory", "--sweep-g", "-1:1:0.5"},
      {"reservoir", "--task", "memory", "--sweep-g", "0:1000:0.001", "--seeds", "2"},
      {"export", "m.bin", "--header", "m.hpp", "--namespace", "m { int x; }"},
      {"import", "m.npz", "--header", "m.hpp", "--namespace", "1m"},
      {"theory", "poole", "--sigma-w", "0:100:0.001", "--sigma-b", "0:100:0.001"},
      // Two --g values that print alike in the table (9 digits): rows would collide.
      {"sweep", "--g", "1:1.0000000001:0.00000000001", "--out", "x.csv"},
      {"merge", "--g", "1:2:0.5", "--gamma", "0.5,0.5000000001", "--out", "x.csv", "a.csv"},
      {"run", "--g", "1e-400"},  // a non-zero text that would be read as 0
      {"vectors", "m.bin", "--out", "v", "--n", "32"},   // run's network options with MODEL
      {"vectors", "a.bin", "b.bin", "--out", "v"},       // one MODEL at most
  };
  for (const auto& tokens : bad) {
    std::vector<std::string> check{"--check"};
    check.insert(check.end(), tokens.begin(), tokens.end());
    const Outcome o = run_cli(check);
    SCOPED_TRACE("edgechaos " + joined(check) + "\nstderr: " + o.err);
    EXPECT_TRUE(o.exited);
    EXPECT_EQ(o.code, 2);
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1);
  }
}

TEST(CliCheck, EveryListedCommandStopsUnderCheck) {
  // Every command `edgechaos --help` lists, with no options and with an unknown one: it
  // validates (exit 0) or refuses (exit 2, one line); never runs (exit 3 would say so).
  const std::vector<std::string> names = listed_commands();
  EXPECT_GE(names.size(), 10u);
  for (const auto& name : names) {
    expect_checked({name});
    expect_checked({name, "--no-such-option", "1"});
  }
}

TEST(CliCheck, EveryKeptFuzzInputReplaysCleanly) {
  int files = 0;
  const fs::path dir = EDGECHAOS_CLI_REGRESSIONS;
  if (fs::is_directory(dir)) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (!entry.is_regular_file() || entry.path().filename() == "README.md") continue;
      const std::string bytes = slurp(entry.path());
      const auto tokens = edgechaos_fuzz::cli_tokens(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
      SCOPED_TRACE(entry.path().string());
      if (!tokens.empty()) expect_checked(tokens);
      ++files;
    }
  }
  std::printf("replayed %d kept argument-fuzzer inputs\n", files);
}
