// edgechaos: the command-line front end. Subcommands live in cmd_<name>.cpp.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"

namespace {

void print_overview() {
  std::printf("edgechaos: random recurrent rate networks at the edge of chaos\n\n"
              "usage: edgechaos <command> [options]\n       edgechaos <command> --help\n"
              "       edgechaos --check <command> [options]   validate the options only: run nothing, write\n"
              "                                               nothing; exit 0 if they are good, else 2\n\ncommands:\n");
  std::vector<edgechaos::cli::Command> sorted = edgechaos::cli::commands();
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return std::strcmp(a.name, b.name) < 0; });
  for (const auto& c : sorted) std::printf("  %-12s %s\n", c.name, c.summary);
}

}  // namespace

int main(int argc, char** argv) {
  using namespace edgechaos::cli;
  if (argc >= 2 && !std::strcmp(argv[1], "--check")) {
    set_validate_only(true);
    --argc;
    ++argv;
  }
  if (argc < 2 || !std::strcmp(argv[1], "--help") || !std::strcmp(argv[1], "-h") || !std::strcmp(argv[1], "help")) {
    print_overview();
    return argc < 2 ? 2 : 0;
  }
  const std::string name = argv[1];
  for (const auto& c : commands()) {
    if (name != c.name) continue;
    std::vector<std::string> args(argv + 2, argv + argc);
    if (asks_for_help(c, args)) {
      std::fputs(c.help, stdout);
      return 0;
    }
    try {
      const int code = c.run(args);
      if (!validate_only()) return code;
      // Under --check a command must stop at args.finish() (the rule of command.hpp).
      std::fprintf(stderr, "edgechaos %s: --check: the command ended without reaching the end of its validation (a bug)\n", c.name);
      return 3;
    } catch (const UsageError& e) {
      std::fprintf(stderr, "edgechaos %s: %s (see 'edgechaos %s --help')\n", c.name, e.message.c_str(), c.name);
      return 2;
    } catch (const ValidatedOnly&) {
      return 0;
    }
  }
  std::fprintf(stderr, "edgechaos: unknown command '%s' (see 'edgechaos --help')\n", name.c_str());
  return 2;
}
