// edgechaos theory dmft|cavity|edge: the reference solvers of edgechaos::theory as JSON.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "command.hpp"
#include "edgechaos/theory/cavity.hpp"
#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/edge.hpp"
#include "json.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos theory dmft --g G [--table FILE.csv]\n"
    "       edgechaos theory cavity --g G --gamma GAMMA\n"
    "       edgechaos theory edge --gamma GAMMA [--g G]\n"
    "\n"
    "Deterministic reference solutions (double precision, Gauss-Hermite quadrature) in the\n"
    "library's convention Var J_ij = g^2/N, phi = tanh (PHYSICS.md sections 3, 4, 6).\n"
    "\n"
    "dmft    the chaotic state at gamma = 0 (Sompolinsky-Crisanti-Sommers). Fields: g, delta0\n"
    "        (<x^2> = Delta(0)), phi2 (<tanh^2 x>), lambda_max (from the ground state E0 of\n"
    "        -d^2/dtau^2 - g^2 C'(tau): sqrt(-E0) - 1), tau_half (Delta(tau_half) = delta0/2),\n"
    "        kappa (Delta ~ exp(-kappa tau) at large tau), e0, e1 (second eigenvalue: -1 in\n"
    "        theory) and check (|e1 + 1|, the solver's accuracy: ~1e-6 at g = 1.5..2, ~1e-4 at\n"
    "        g = 5, ~1e-3 at g = 10; exit code 1 when it exceeds 1e-3). g <= 1: delta0 = 0,\n"
    "        lambda_max = g - 1.\n"
    "  --g G            gain, > 0 (required)\n"
    "  --table FILE.csv also write tau, delta, c_phi, c_dphi (Delta(tau), C(tau) = <phi phi>,\n"
    "                   C'(tau) = <phi' phi'>) for tau >= 0\n"
    "cavity  the static cavity solution for typical fixed points, any gamma. Fields: g, gamma,\n"
    "        C (<phi(x)^2>), x2 (<x^2>), chi (<phi'/(1 - w phi')>), w (g^2 gamma chi), converged.\n"
    "  --g G            gain, > 0 (required)\n"
    "  --gamma GAMMA    symmetry degree in [-1, 1] (required)\n"
    "edge    the elliptic-law transition line g (1 + gamma) = 1. Fields: gamma, g_critical;\n"
    "        with --g also null_exponent (-1 + g(1+gamma)), chi0 and Q (the null-phase static\n"
    "        susceptibility, infinite beyond the line).\n"
    "  --gamma GAMMA    symmetry degree in (-1, 1] (required)\n"
    "  --g G            gain, >= 0 (optional)\n"
    "exit codes: 0 solved, 1 a solver did not converge, 2 bad arguments.\n";

int run(const std::vector<std::string>& tokens) {
  Args args(tokens);
  const std::vector<std::string> pos = args.take_positionals();
  if (pos.size() != 1) throw UsageError{"which solver? (dmft, cavity, edge)"};
  const std::string what = pos.front();
  JsonObject out;
  int status = 0;
  if (what == "dmft") {
    const double g = args.required_number("g", 1e-6, 100.0);
    const std::string table = args.text("table", "");
    args.finish();
    const theory::DmftSolution s = theory::solve_dmft(g);
    out.number("g", g).number("delta0", s.delta0).number("phi2", s.phi2).number("lambda_max", s.lambda_max);
    out.number("tau_half", s.tau_half).number("kappa", s.kappa).number("e0", s.e0).number("e1", s.e1);
    out.number("check", s.check);
    if (!table.empty()) {
      std::FILE* f = std::fopen(table.c_str(), "w");
      if (!f) throw UsageError{"--table: cannot open '" + table + "' for writing"};
      std::fprintf(f, "tau,delta,c_phi,c_dphi\n");
      for (std::size_t k = 0; k < s.tau.size(); ++k) {
        std::fprintf(f, "%.10g,%.10g,%.10g,%.10g\n", s.tau[k], s.delta[k], s.c_phi[k], s.c_dphi[k]);
      }
      std::fclose(f);
    }
    if (!(s.check < 1e-3)) status = 1;
  } else if (what == "cavity") {
    const double g = args.required_number("g", 1e-6, 100.0);
    const double gamma = args.required_number("gamma", -1.0, 1.0);
    args.finish();
    const theory::CavitySolution s = theory::solve_cavity(g, gamma);
    out.number("g", g).number("gamma", gamma).number("C", s.C).number("x2", s.x2).number("chi", s.chi);
    out.number("w", s.w).boolean("converged", s.converged);
    if (!s.converged) status = 1;
  } else if (what == "edge") {
    const double gamma = args.required_number("gamma", -1.0, 1.0);
    const bool has_g = args.has("g");
    const double g = has_g ? args.required_number("g", 0.0, 100.0) : 0.0;
    args.finish();
    if (!(gamma > -1.0)) throw UsageError{"--gamma must be > -1 (at -1 the line is at infinity)"};
    out.number("gamma", gamma).number("g_critical", theory::critical_gain(gamma));
    if (has_g) {
      out.number("g", g).number("null_exponent", theory::null_phase_exponent(g, gamma));
      const bool null_phase = g * (1.0 + gamma) < 1.0;
      out.number("chi0", null_phase ? theory::null_chi0(g, gamma) : NAN);
      out.number("Q", theory::null_susceptibility(g, gamma));
    }
  } else {
    throw UsageError{"unknown solver '" + what + "' (dmft, cavity, edge)"};
  }
  std::printf("%s\n", out.str().c_str());
  return status;
}

const Registrar kRegistrar{Command{"theory", "reference theory: DMFT, static cavity, transition line (JSON)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
