// The CLI's shared layer: a subcommand is a name, a help text and a run function.
// Subcommands register themselves from their own source file (cmd_<name>.cpp), so adding
// one touches no other file.
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

struct Registrar {
  explicit Registrar(const Command& command);
};

// Thrown for a bad command line; main prints "edgechaos <cmd>: <message>" and exits 2.
struct UsageError {
  std::string message;
};

}  // namespace edgechaos::cli
