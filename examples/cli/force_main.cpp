// edgechaos_force: FORCE learning on the desktop, one JSON line per seed.
//   edgechaos_force [--n N] [--period T] [--seed S | --seeds A:B] [--train T] [--test T]
//                   [--pre T] [--g G] [--p P] [--reference] [--libm-tanh] [--csv PATH]
// --csv writes the trace of the (first) seed for `edgechaos plot force`. Until the CLI's
// `edgechaos reservoir --task force` exists, tools/force_report.py runs this program.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "force.hpp"

namespace {

[[noreturn]] void usage(const char* why) {
  std::fprintf(stderr, "edgechaos_force: %s\nusage: edgechaos_force [--n N] [--period T] [--seed S | --seeds A:B] "
                       "[--train T] [--test T] [--pre T] [--g G] [--p P] [--reference] [--libm-tanh] [--csv PATH]\n", why);
  std::exit(2);
}

double number(const char* s) {
  char* end = nullptr;
  const double v = std::strtod(s, &end);
  if (end == s || *end != '\0') usage("not a number");
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  edgechaos::cli::ForceParams prm;
  long first = 1, last = 1;
  std::string csv;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> const char* {
      if (i + 1 >= argc) usage("missing value");
      return argv[++i];
    };
    if (a == "--n") prm.n = static_cast<int>(number(value()));
    else if (a == "--period") prm.period = number(value());
    else if (a == "--seed") first = last = static_cast<long>(number(value()));
    else if (a == "--seeds") {
      const std::string s = value();
      const auto colon = s.find(':');
      if (colon == std::string::npos) usage("--seeds A:B");
      first = static_cast<long>(number(s.substr(0, colon).c_str()));
      last = static_cast<long>(number(s.substr(colon + 1).c_str()));
    } else if (a == "--train") prm.train_time = number(value());
    else if (a == "--test") prm.test_time = number(value());
    else if (a == "--pre") prm.pre_time = number(value());
    else if (a == "--g") prm.g = number(value());
    else if (a == "--p") prm.p = number(value());
    else if (a == "--reference") prm.reference = true;
    else if (a == "--libm-tanh") prm.fast_tanh = false;
    else if (a == "--csv") csv = value();
    else usage(("unknown argument " + a).c_str());
  }
  if (first < 0 || last < first) usage("bad seeds");
  int rc = 0;
  for (long seed = first; seed <= last; ++seed) {
    prm.seed = static_cast<std::uint64_t>(seed);
    prm.trace = !csv.empty() && seed == first;
    const edgechaos::cli::ForceResult r = edgechaos::cli::run_force(prm);
    std::printf("{\"task\":\"force\",\"n\":%d,\"period\":%g,\"g\":%g,\"p\":%g,\"seed\":%ld,\"tanh\":\"%s\","
                "\"train_time\":%g,\"test_time\":%g,\"status\":\"%s\",\"mae_train\":%.6g,\"mae_test\":%.6g",
                prm.n, prm.period, prm.g, prm.p, seed, prm.fast_tanh ? "fast" : "libm", prm.train_time,
                prm.test_time, edgechaos::to_string(r.status), r.mae_train, r.mae_test);
    if (prm.reference) {
      std::printf(",\"ref_mae_train\":%.6g,\"ref_mae_test\":%.6g,\"ref_finite\":%s", r.ref_mae_train, r.ref_mae_test,
                  r.ref_finite ? "true" : "false");
    }
    std::printf(",\"updates\":%ld,\"ns_per_step\":%.1f,\"ns_per_update\":%.1f,\"seconds\":%.3f}\n", r.updates,
                r.ns_per_step, r.ns_per_update, r.seconds);
    std::fflush(stdout);
    if (r.status != edgechaos::Status::ok) rc = 1;
    if (prm.trace && !edgechaos::cli::write_force_trace(csv, r.trace)) {
      std::fprintf(stderr, "edgechaos_force: cannot write %s\n", csv.c_str());
      rc = 1;
    }
  }
  return rc;
}
