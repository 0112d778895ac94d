// libFuzzer target over the CLI's argument parser and every subcommand's validation
// (examples/cli): the input is a command line (cli_tokens.hpp: tokens separated by '\n' or
// '\0', the first naming the command), run as `edgechaos --check` runs it: with
// validate-only on, so that a command stops at args.finish() and does no work. Built with
// clang's -fsanitize=fuzzer,address,undefined when EDGECHAOS_BUILD_FUZZERS is ON and the
// CLI is configured (tools/fuzz.sh); the kept inputs are replayed through the real binary
// by test_fuzz_cli_regressions (replay_cli_regressions.cpp).
//
// Fine: a UsageError with a one-line message, or ValidatedOnly. A finding: any other
// exception, a crash, a sanitizer report, a hang, an empty or multi-line message, or a
// command that returns (it did not stop at the end of its validation).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "args.hpp"
#include "cli_tokens.hpp"
#include "command.hpp"

namespace cli = edgechaos::cli;

namespace {

[[noreturn]] void finding(const std::string& command, const std::string& what) {
  std::fprintf(stderr, "fuzz_cli_args: edgechaos %s: %s\n", command.c_str(), what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::vector<std::string> tokens = edgechaos_fuzz::cli_tokens(data, size);
  if (tokens.empty()) return 0;
  const cli::Command* command = nullptr;
  for (const auto& c : cli::commands()) {
    if (tokens.front() == c.name) command = &c;
  }
  if (command == nullptr) return 0;  // main: "unknown command"
  const std::vector<std::string> args(tokens.begin() + 1, tokens.end());
  if (cli::asks_for_help(*command, args)) return 0;  // main prints the help text
  cli::set_validate_only(true);
  try {
    (void)command->run(args);
  } catch (const cli::UsageError& e) {
    if (e.message.empty()) finding(command->name, "a UsageError without a message");
    if (e.message.find('\n') != std::string::npos) finding(command->name, "a message of more than one line: " + e.message);
    return 0;
  } catch (const cli::ValidatedOnly&) {
    return 0;
  } catch (const std::exception& e) {
    finding(command->name, std::string("an exception other than UsageError: ") + e.what());
  }
  finding(command->name, "returned without reaching args.finish() (validate-only mode)");
}
