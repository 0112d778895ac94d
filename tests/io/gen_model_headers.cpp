// Build-time tool for test_model_header: writes the headers of four small models (the
// fixture's, tests/io/model_fixture.hpp) in each form that applies, into argv[1]:
//   esn_arrays.hpp, esn_image.hpp   echo_state, sparse 16-bit J, all features, b, c, W_fb
//   rk4_arrays.hpp                  continuous RK4, dense J, features constant + input
//   gen_seed.hpp                    storage generated (sparse draw p = 0.4), echo_state
//   known_seed.hpp                  dense J and W_in drawn from a known generator (seed form)
// and checks that the seed form of a spec whose J is not its generator's is refused.
#include <cstdio>
#include <string>

#include "edgechaos/host/model_header.hpp"
#include "model_fixture.hpp"
#include "model_header_cases.hpp"

namespace ec = edgechaos;

namespace {
bool write(const std::string& path, const ec::ModelSpec& s, const char* ns, ec::HeaderForm form) {
  std::string text;
  if (ec::model_header(s, ns, form, text) != ec::Status::ok) return false;
  std::FILE* f = std::fopen(path.c_str(), "w");
  if (f == nullptr) return false;
  const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  return std::fclose(f) == 0 && ok;
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) return 2;
  const std::string dir = argv[1];
  const fixture::Model esn(cases::esn_kind(), cases::kN, cases::kM, cases::kK);
  const fixture::Model rk4(cases::rk4_kind(), cases::kN, cases::kM, cases::kK);
  const fixture::Model gen(cases::gen_kind(), cases::kN, cases::kM, cases::kK);
  cases::KnownModel known;
  std::string refused;
  if (ec::model_header(esn.spec, "x", ec::HeaderForm::seed, refused) != ec::Status::unsupported_format) return 3;
  const bool ok = write(dir + "/esn_arrays.hpp", esn.spec, "esn_arrays", ec::HeaderForm::arrays) &&
                  write(dir + "/esn_image.hpp", esn.spec, "esn_image", ec::HeaderForm::image) &&
                  write(dir + "/rk4_arrays.hpp", rk4.spec, "rk4_arrays", ec::HeaderForm::arrays) &&
                  write(dir + "/gen_seed.hpp", gen.spec, "gen_seed", ec::HeaderForm::seed) &&
                  write(dir + "/known_seed.hpp", known.spec, "known_seed", ec::HeaderForm::seed);
  return ok ? 0 : 1;
}
