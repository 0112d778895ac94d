// edgechaos: the command-line front end. Subcommands live in cmd_<name>.cpp.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "command.hpp"

namespace edgechaos::cli {

std::vector<Command>& registry() {
  static std::vector<Command> list;
  return list;
}

const std::vector<Command>& commands() { return registry(); }

Registrar::Registrar(const Command& command) { registry().push_back(command); }

}  // namespace edgechaos::cli

namespace {

void print_overview() {
  std::printf("edgechaos: random recurrent rate networks at the edge of chaos\n\n"
              "usage: edgechaos <command> [options]\n       edgechaos <command> --help\n\ncommands:\n");
  std::vector<edgechaos::cli::Command> sorted = edgechaos::cli::commands();
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return std::strcmp(a.name, b.name) < 0; });
  for (const auto& c : sorted) std::printf("  %-12s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace edgechaos::cli;
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    print_overview();
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  for (const auto& c : commands()) {
    if (name != c.name) continue;
    std::vector<std::string> args(argv + 2, argv + argc);
    // `edgechaos CMD --help` (plot forwards `plot KIND --help` to its script).
    const bool forwards_help = !std::strcmp(c.name, "plot") && !args.empty() && args[0][0] != '-';
    for (const auto& a : args) {
      if ((a == "--help" || a == "-h") && !forwards_help) {
        std::fputs(c.help, stdout);
        return 0;
      }
    }
    try {
      return c.run(args);
    } catch (const UsageError& e) {
      std::fprintf(stderr, "edgechaos %s: %s (see 'edgechaos %s --help')\n", c.name, e.message.c_str(), c.name);
      return 2;
    }
  }
  std::fprintf(stderr, "edgechaos: unknown command '%s' (see 'edgechaos --help')\n", name.c_str());
  return 2;
}
