// The CLI's shared layer: a subcommand is a name, a help text and a run function.
// Subcommands register themselves from their own source file (cmd_<name>.cpp), so adding
// one touches no other file.
// The rule: all parsing and validation before args.finish(); no work before it (under
// `edgechaos --check`, and in the argument fuzzer, finish() ends the command).
#pragma once

#include <string>
#include <vector>

namespace edgechaos::cli {

struct Command {
  const char* name;
  const char* summary;  // one line for `edgechaos --help`
  const char* help;     // the full text for `edgechaos <name> --help`
  int (*run)(const std::vector<std::string>& args);  // args after the subcommand name
};

const std::vector<Command>& commands();
// `edgechaos CMD ... --help` (or -h): main prints the help instead of running CMD.
bool asks_for_help(const Command& command, const std::vector<std::string>& args);

struct Registrar {
  explicit Registrar(const Command& command);
};

// Thrown for a bad command line; main prints "edgechaos <cmd>: <message>" and exits 2.
struct UsageError {
  std::string message;
};

}  // namespace edgechaos::cli
