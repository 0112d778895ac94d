// edgechaos plot KIND ...: draws a figure with the Python script plots/plot_KIND.py
// (python3 + matplotlib from Debian's python3-matplotlib). The CLI only dispatches.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos plot KIND [arguments...]\n"
    "\n"
    "Draws a figure with examples/cli/plots/plot_KIND.py; `edgechaos plot KIND --help` there\n"
    "lists its arguments. The interpreter is $EDGECHAOS_PYTHON, else /usr/bin/python3\n"
    "(Debian's, which has matplotlib), else python3 on PATH.\n"
    "kinds: phase (sweep CSV -> phase diagram), energy (<E>/N versus beta), order (order\n"
    "parameters versus g), replica (replica order parameters versus g, Fig. 3 of Qiu-Huang),\n"
    "dmft (DMFT with symmetry against networks, Fig. 4), fdr (the fluctuation-response\n"
    "relation on Langevin runs, Fig. 5) - each present when its script is.\n";

std::string python() {
  if (const char* p = std::getenv("EDGECHAOS_PYTHON")) return p;
  if (access("/usr/bin/python3", X_OK) == 0) return "/usr/bin/python3";
  return "python3";
}

int run(const std::vector<std::string>& tokens) {
  if (tokens.empty()) throw UsageError{"which plot? (phase, energy, order)"};
  const std::string kind = tokens.front();
  if (kind.find('/') != std::string::npos) throw UsageError{"bad plot kind '" + kind + "'"};
  const std::string script = std::string(EDGECHAOS_PLOT_DIR) + "/plot_" + kind + ".py";
  if (access(script.c_str(), R_OK) != 0) throw UsageError{"unknown plot kind '" + kind + "' (no " + script + ")"};
  end_of_validation();  // the script checks its own arguments

  const std::string interpreter = python();
  std::vector<std::string> argv_s{interpreter, script};
  argv_s.insert(argv_s.end(), tokens.begin() + 1, tokens.end());
  std::vector<char*> argv;
  for (auto& a : argv_s) argv.push_back(a.data());
  argv.push_back(nullptr);

  std::fflush(stdout);
  const pid_t pid = fork();
  if (pid < 0) {
    std::perror("edgechaos plot: fork");
    return 1;
  }
  if (pid == 0) {
    execvp(argv[0], argv.data());
    std::perror("edgechaos plot: cannot start python3");
    _exit(127);
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

const Registrar kRegistrar{Command{"plot", "draw a figure (phase diagram, energy, order parameters)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
