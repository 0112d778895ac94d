// The argument fuzzer's input as a command line, shared by the fuzzer (fuzz_cli_args.cpp)
// and the replay of its kept inputs (replay_cli_regressions.cpp): the tokens after
// `edgechaos`, separated by '\n' or '\0' (argv cannot hold a NUL, and a newline-separated
// file reads as one token a line). The first token names the command.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace edgechaos_fuzz {

// At most this many tokens (a longer command line is cut): the parser is linear in them
// and nothing is learned from thousands.
constexpr std::size_t kMaxCliTokens = 64;

inline std::vector<std::string> cli_tokens(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> tokens;
  std::string current;
  for (std::size_t i = 0; i < size; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\n' || c == '\0') {
      tokens.push_back(current);
      current.clear();
      if (tokens.size() == kMaxCliTokens) return tokens;
    } else {
      current += c;
    }
  }
  // A final separator ends the last token; without one the tail is a token too.
  if (!current.empty()) tokens.push_back(current);
  return tokens;
}

}  // namespace edgechaos_fuzz
