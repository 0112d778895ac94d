// edgechaos theory dmft|cavity|edge|replica: the reference solvers of edgechaos::theory as JSON.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "args.hpp"
#include "balanced_cli.hpp"
#include "command.hpp"
#include "edgechaos/theory/cavity.hpp"
#include "edgechaos/theory/dmft.hpp"
#include "edgechaos/theory/dmft_symmetric.hpp"
#include "edgechaos/theory/edge.hpp"
#include "edgechaos/theory/replica.hpp"
#include "json.hpp"
#include "theory_poole.hpp"

namespace edgechaos::cli {
namespace {

const char* const kHelp =
    "usage: edgechaos theory dmft --g G [--gamma GAMMA] [--table FILE.csv] [--seed S] [--paths P]\n"
    "       edgechaos theory cavity --g G --gamma GAMMA\n"
    "       edgechaos theory edge --gamma GAMMA [--g G]\n"
    "       edgechaos theory replica --g G --gamma GAMMA --beta BETA [--eta ETA] [--symmetric]\n"
    "       edgechaos theory replica --g G --gamma GAMMA --zero-temperature\n"
    "       edgechaos theory poole --sigma-w SW --sigma-b SB\n"
    "       edgechaos theory poole-critical --sigma-b SB\n"
    "       edgechaos theory balanced --k K --m0 M0 [--ne NE --ni NI] [--statistics gaussian|counts]\n"
    "                                 [--variance fixed-in-degree|sparse] [--e/--i/--je/--ji/--theta-e/--theta-i ...]\n"
    "         (balanced E/I network, PHYSICS.md section 7: finite-K mean-field rates m_e, m_i, every\n"
    "         solution, silent_only, and the large-K balanced rates; see edgechaos balanced --help)\n"
    "\n"
    "Deterministic reference solutions (double precision, quadrature; no sampling) in the\n"
    "library's convention Var J_ij = g^2/N, phi = tanh (PHYSICS.md sections 3, 4, 6).\n"
    "\n"
    "dmft    the chaotic state at gamma = 0 (Sompolinsky-Crisanti-Sommers). Fields: g, delta0\n"
    "        (<x^2> = Delta(0)), phi2 (<tanh^2 x>), lambda_max (from the ground state E0 of\n"
    "        -d^2/dtau^2 - g^2 C'(tau): sqrt(-E0) - 1), tau_half (Delta(tau_half) = delta0/2),\n"
    "        kappa (Delta ~ exp(-kappa tau) at large tau), e0, e1 (second eigenvalue: -1 in\n"
    "        theory) and check (|e1 + 1|, the solver's accuracy: ~1e-6 at g = 1.5..2, ~1e-4 at\n"
    "        g = 5, ~1e-3 at g = 10; exit code 1 when it exceeds 1e-3). g <= 1: delta0 = 0,\n"
    "        lambda_max = g - 1. Also r_int (Int R dtau = <phi'(x)> at gamma = 0) and c_half_time\n"
    "        (C(tau) = <phi phi> falls to C(0)/2; 0 when C(0) = 0), method \"scs\".\n"
    "        gamma != 0: the single-site process with the memory term gamma g^2 Int R phi, solved\n"
    "        by sampling (theory/dmft_symmetric.hpp; deterministic given --seed). Fields: g, gamma,\n"
    "        delta0, phi2, r_int, c_half_time (tau where C - C_inf falls to (C(0) - C_inf)/2),\n"
    "        c_inf, each with an error estimate *_err (standard error over blocks of iterations),\n"
    "        self_consistency (|measured - kernel| of C(0) and R_int in standard errors),\n"
    "        clipped, dt, window, c_window, paths, iterations, burn_in, seed, method \"sampling\",\n"
    "        converged\n"
    "        (false: exit code 1). Takes 10 s to a few minutes of one core.\n"
    "  --g G            gain, > 0 (required)\n"
    "  --gamma GAMMA    symmetry degree in [-1, 1] (default 0: the deterministic SCS solver)\n"
    "  --table FILE.csv also write tau, delta, c_phi, c_dphi (Delta(tau), C(tau) = <phi phi>,\n"
    "                   C'(tau) = <phi' phi'>) for tau >= 0 (gamma != 0: tau, c, r)\n"
    "  --seed S         sampling seed (default 1); --paths P paths per iteration (default 128)\n"
    "  --dt DT          time step (default 0.05); --c-window T  C(tau) window (default 40)\n"
    "  --tolerance K    converged needs |measured - kernel| <= K standard errors (default 4)\n"
    "  --max-burn-in M  burn-in iterations at most (default 80)\n"
    "cavity  the static cavity solution for typical fixed points, any gamma. Fields: g, gamma,\n"
    "        C (<phi(x)^2>), x2 (<x^2>), chi (<phi'/(1 - w phi')>), w (g^2 gamma chi), A\n"
    "        (<phi'^2/(1 - w phi')^2>), residual, iterations, quadrature_error (change under a\n"
    "        refined x-grid), converged (false where the saddle would need w >= 1).\n"
    "  --g G            gain, > 0 (required)\n"
    "  --gamma GAMMA    symmetry degree in [-1, 1] (required)\n"
    "edge    the elliptic-law transition line g (1 + gamma) = 1. Fields: gamma, g_critical;\n"
    "        with --g also null_exponent (-1 + g(1+gamma)), chi0 and Q (the null-phase static\n"
    "        susceptibility, infinite beyond the line).\n"
    "  --gamma GAMMA    symmetry degree in (-1, 1] (required)\n"
    "  --g G            gain, >= 0 (optional)\n"
    "replica the replica-symmetric saddle point of the quasi-potential measure exp(-beta E),\n"
    "        E = 1/2 |-x + J tanh x|^2 + eta |x|^2 (PHYSICS.md section 6), solved to residual 1e-12.\n"
    "        Finite beta fields: q, Q, r, R, sigma_xphi ((r - R)(1 + beta g^2 (q - Q)(1 + gamma))\n"
    "        / sqrt(beta), equal to the thermal x-phi covariance C_xphi, also printed), e_v\n"
    "        (<|v|^2>/(2N)), energy_per_neuron (<E>/N), x2 (<x^2>), the conjugates qhat, Qhat,\n"
    "        rhat, Rhat, P (= qhat - Qhat/2), branch (\"symmetric\": Q = R = Qhat = 0, or\n"
    "        \"general\"), residual, iterations, converged, quadrature_error (change of the saddle\n"
    "        map under refined quadrature) and, at gamma = 0 and eta = 0, closed_form_error\n"
    "        (against q = E tanh^2(sqrt(1/beta + g^2 q) z), r = (1 - q)/sqrt(beta), 2 beta e_v = 1).\n"
    "        Zero temperature (the exact-fixed-point branch = static cavity; eta = 0): q, chi (the\n"
    "        fluctuation susceptibility lim beta (q - Q); the string \"diverges\" where g^2 A >= 1,\n"
    "        i.e. in the active phase), xi (-lim sqrt(beta)(r - R) = minus the static local\n"
    "        response), r_tilde (lim R/sqrt(beta), 0 on this branch), x2, g2A, branch (\"null\" or\n"
    "        \"exact-fixed-point\"), residual, iterations, converged, quadrature_error. Where the\n"
    "        cavity saddle would need w >= 1 (e.g. g = 3, gamma = 0.5) this branch has no solution:\n"
    "        converged false, chi null, exit code 1.\n"
    "  --g G              gain, > 0 (required)\n"
    "  --gamma GAMMA      symmetry degree in [-1, 1] (required)\n"
    "  --beta BETA        inverse temperature, > 0 (required unless --zero-temperature)\n"
    "  --eta ETA          confinement, >= 0 (default 0; must be 0 with --zero-temperature)\n"
    "  --symmetric        solve only the symmetric branch (default: the general equations from a\n"
    "                     replica-correlated start; the branch reached is reported)\n"
    "  --zero-temperature the beta -> infinity limit\n"
    "poole   signal propagation in deep random tanh networks (PHYSICS.md section 8, Poole et al.\n"
    "        2016): q_star (length fixed point), c_star (correlation fixed point; 1 in the ordered\n"
    "        phase), chi1 (slope of the c-map at c = 1), chi_c (its slope at c_star), depth_scale\n"
    "        (xi_c = -1/ln chi_c, Schoenholz et al. 2017; null where infinite), phase (\"ordered\":\n"
    "        chi1 <= 1, else \"chaotic\"), nodes (Gauss-Hermite rule). A range A:B:STEP for\n"
    "        --sigma-w or --sigma-b prints {\"points\": [...], \"critical\": [{sigma_b, sigma_w_c}]}\n"
    "        over the grid (for `edgechaos plot deepnet`).\n"
    "  --sigma-w SW     weight scale, >= 0 (Var W_ij = SW^2/N), or a range (required)\n"
    "  --sigma-b SB     bias scale, >= 0, or a range (required)\n"
    "poole-critical the order-to-chaos line: sigma_w_c where chi1 = 1 (1 at sigma_b = 0).\n"
    "  --sigma-b SB     bias scale, >= 0 (required)\n"
    "exit codes: 0 solved, 1 a solver did not converge, 2 bad arguments.\n";

std::string full_number(double v) {
  if (!std::isfinite(v)) return "null";
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.15g", v + 0.0);  // + 0.0: no "-0"
  return buf;
}

int run_replica(Args& args) {
  const bool zero_t = args.flag("zero-temperature");
  const bool symmetric = args.flag("symmetric");
  const double huge = 1e300;
  const double g = args.required_number("g", -huge, huge);
  const double gamma = args.required_number("gamma", -huge, huge);
  const double beta = zero_t ? 0.0 : args.required_number("beta", -huge, huge);
  const double eta = args.number("eta", 0.0, -huge, huge);
  if (!(g > 0.0)) throw UsageError{"--g must be > 0"};
  if (!(gamma >= -1.0 && gamma <= 1.0)) throw UsageError{"--gamma must be in [-1, 1]"};
  if (!zero_t && !(beta > 0.0)) throw UsageError{"--beta must be > 0"};
  if (!(eta >= 0.0)) throw UsageError{"--eta must be >= 0"};
  if (zero_t && eta != 0.0) throw UsageError{"--zero-temperature needs --eta 0 (the exact-fixed-point branch has zero energy)"};
  args.finish();
  JsonObject out;
  out.number("g", g).number("gamma", gamma);
  if (zero_t) {
    const theory::ZeroTemperatureSolution z = theory::solve_zero_temperature(g, gamma);
    out.raw("q", full_number(z.q));
    if (!z.converged) {
      out.raw("chi", "null");
    } else if (z.chi_diverges) {
      out.string("chi", "diverges");
    } else {
      out.raw("chi", full_number(z.chi));
    }
    out.raw("xi", full_number(z.xi)).raw("r_tilde", full_number(z.r_tilde)).raw("x2", full_number(z.x2));
    out.raw("g2A", full_number(z.g2A)).string("branch", z.branch).number("residual", z.residual);
    out.integer("iterations", z.iterations).boolean("converged", z.converged).number("quadrature_error", z.quadrature_error);
    std::printf("%s\n", out.str().c_str());
    return z.converged ? 0 : 1;
  }
  theory::ReplicaOptions o;
  o.general = !symmetric;
  const theory::ReplicaSolution s = theory::solve_replica({g, gamma, beta, eta}, o);
  out.number("beta", beta).number("eta", eta);
  out.raw("q", full_number(s.q)).raw("Q", full_number(s.Q)).raw("r", full_number(s.r)).raw("R", full_number(s.R));
  out.raw("sigma_xphi", full_number(s.sigma_xphi)).raw("C_xphi", full_number(s.C_xphi));
  out.raw("e_v", full_number(s.e_v)).raw("energy_per_neuron", full_number(s.energy_per_neuron)).raw("x2", full_number(s.x2));
  out.raw("qhat", full_number(s.qhat)).raw("Qhat", full_number(s.Qhat)).raw("rhat", full_number(s.rhat));
  out.raw("Rhat", full_number(s.Rhat)).raw("P", full_number(s.P));
  out.string("branch", theory::to_string(s.branch)).number("residual", s.residual).integer("iterations", s.iterations);
  out.boolean("converged", s.converged).number("quadrature_error", s.quadrature_error);
  if (s.closed_form_error >= 0.0) out.number("closed_form_error", s.closed_form_error);
  std::printf("%s\n", out.str().c_str());
  return s.converged ? 0 : 1;
}

int run(const std::vector<std::string>& tokens) {
  Args args(tokens, {"zero-temperature", "symmetric"});
  const std::vector<std::string> pos = args.take_positionals();
  if (pos.size() != 1) throw UsageError{"which solver? (dmft, cavity, edge, replica)"};
  const std::string what = pos.front();
  if (what == "replica") return run_replica(args);
  if (what == "poole") return run_theory_poole(args);
  if (what == "poole-critical") return run_theory_poole_critical(args);
  if (what == "balanced") return run_theory_balanced(args);
  JsonObject out;
  int status = 0;
  if (what == "dmft") {
    const double g = args.required_number("g", 1e-6, 100.0);
    const double gamma = args.number("gamma", 0.0, -1.0, 1.0);
    const std::string table = args.text("table", "");
    theory::SymmetricDmftOptions o;
    o.seed = static_cast<std::uint64_t>(args.number("seed", 1.0, 0.0, 9.0e15));
    o.paths = 2 * static_cast<int>(std::lround(args.number("paths", 128.0, 2.0, 1.0e5) / 2.0));
    o.dt = args.number("dt", o.dt, 1e-3, 0.2);
    o.c_window = args.number("c-window", o.c_window, 1.0, 1000.0);
    o.tolerance = args.number("tolerance", o.tolerance, 0.0, 1e6);
    o.max_burn_in = static_cast<int>(args.number("max-burn-in", o.max_burn_in, 0.0, 10000.0));
    if (const char* why = theory::invalid_options(o)) throw UsageError{std::string("--dt/--c-window: ") + why};
    args.finish();
    auto write_table = [&](const std::vector<std::vector<double>>& cols, const char* header) {
      if (table.empty()) return;
      std::FILE* f = std::fopen(table.c_str(), "w");
      if (!f) throw UsageError{"--table: cannot open '" + table + "' for writing"};
      std::fprintf(f, "%s\n", header);
      for (std::size_t k = 0; k < cols[0].size(); ++k) {
        for (std::size_t c = 0; c < cols.size(); ++c) {
          std::fprintf(f, c ? ",%.10g" : "%.10g", k < cols[c].size() ? cols[c][k] : NAN);
        }
        std::fprintf(f, "\n");
      }
      std::fclose(f);
    };
    if (gamma == 0.0) {
      const theory::DmftSolution s = theory::solve_dmft(g);
      out.number("g", g).number("delta0", s.delta0).number("phi2", s.phi2).number("lambda_max", s.lambda_max);
      out.number("tau_half", s.tau_half).number("kappa", s.kappa).number("e0", s.e0).number("e1", s.e1);
      out.number("check", s.check);
      // Added fields: R_int = <phi'(x)> (no memory at gamma = 0) and the C half time.
      const theory::GaussHermite q(theory::dmft_auto_nodes(s.delta0));
      const double sd = std::sqrt(s.delta0);
      const double r_int = q.integrate([&](double z) { const double t = std::tanh(sd * z); return 1.0 - t * t; });
      double c_half = 0.0;
      for (std::size_t k = 1; k < s.tau.size(); ++k) {
        if (s.c_phi[k] <= 0.5 * s.phi2) {
          const double f = (s.c_phi[k - 1] - 0.5 * s.phi2) / (s.c_phi[k - 1] - s.c_phi[k]);
          c_half = s.tau[k - 1] + f * (s.tau[k] - s.tau[k - 1]);
          break;
        }
      }
      out.number("gamma", 0.0).number("r_int", r_int).number("c_half_time", c_half).string("method", "scs");
      write_table({s.tau, s.delta, s.c_phi, s.c_dphi}, "tau,delta,c_phi,c_dphi");
      if (!(s.check < 1e-3)) status = 1;
    } else {
      const theory::SymmetricDmftSolution s = theory::solve_dmft_symmetric(g, gamma, o);
      out.number("g", g).number("gamma", gamma);
      out.number("delta0", s.delta0).number("delta0_err", s.delta0_err);
      out.number("phi2", s.phi2).number("phi2_err", s.phi2_err);
      out.number("r_int", s.r_int).number("r_int_err", s.r_int_err);
      out.number("c_half_time", s.c_half_time).number("c_half_time_err", s.c_half_time_err);
      out.number("c_inf", s.c_inf).number("c_inf_err", s.c_inf_err);
      out.number("self_consistency", s.self_consistency).number("clipped", s.clipped);
      out.number("dt", o.dt).number("window", o.window).number("c_window", o.c_window).integer("paths", o.paths);
      out.integer("iterations", s.iterations).integer("burn_in", s.burn_in).integer("seed", static_cast<long long>(o.seed)).string("method", "sampling");
      out.boolean("converged", s.converged);
      write_table({s.tau, s.c, s.r}, "tau,c,r");
      if (!s.converged) status = 1;
    }
  } else if (what == "cavity") {
    const double g = args.required_number("g", 1e-6, 100.0);
    const double gamma = args.required_number("gamma", -1.0, 1.0);
    args.finish();
    const theory::CavitySolution s = theory::solve_cavity(g, gamma);
    out.number("g", g).number("gamma", gamma).number("C", s.C).number("x2", s.x2).number("chi", s.chi);
    out.number("w", s.w).number("A", s.A).number("residual", s.residual).integer("iterations", s.iterations);
    out.number("quadrature_error", s.quadrature_error).boolean("converged", s.converged);
    if (!s.converged) status = 1;
  } else if (what == "edge") {
    const double gamma = args.required_number("gamma", -1.0, 1.0);
    const bool has_g = args.has("g");
    const double g = has_g ? args.required_number("g", 0.0, 100.0) : 0.0;
    if (!(gamma > -1.0)) throw UsageError{"--gamma must be > -1 (at -1 the line is at infinity)"};
    args.finish();
    out.number("gamma", gamma).number("g_critical", theory::critical_gain(gamma));
    if (has_g) {
      out.number("g", g).number("null_exponent", theory::null_phase_exponent(g, gamma));
      const bool null_phase = g * (1.0 + gamma) < 1.0;
      out.number("chi0", null_phase ? theory::null_chi0(g, gamma) : NAN);
      out.number("Q", theory::null_susceptibility(g, gamma));
    }
  } else {
    throw UsageError{"unknown solver '" + what + "' (dmft, cavity, edge, replica)"};
  }
  std::printf("%s\n", out.str().c_str());
  return status;
}

const Registrar kRegistrar{Command{"theory", "reference theory: DMFT, static cavity, transition line, replica saddle point (JSON)", kHelp, run}};

}  // namespace
}  // namespace edgechaos::cli
