// Host build of the NARMA10 report (build-time tool): writes the report the image's output
// must equal (argv[1]) and the desktop double reference on the same features (argv[2]):
// host/ridge.hpp's offline ridge (double, Cholesky of the centred normal equations) fitted to
// the very features the float32 streaming ridge saw, scored on the same test block in double.
// The ctest (check_output.cmake) requires the image's test NRMSE within a relative tolerance
// of it; the band is written here.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include <Eigen/Core>

#include "edgechaos/host/ridge.hpp"
#include "edgechaos/tasks/metrics.hpp"
#include "host_console.hpp"
#include "report.hpp"

namespace {

struct Collected {
  std::vector<float> train_f, test_f;
  std::vector<float> train_y, test_y;
  int n = 0;
};

void collect(const narma_fw::Sample& s, void* context) {
  auto& c = *static_cast<Collected*>(context);
  c.n = s.n;
  auto& f = s.train ? c.train_f : c.test_f;
  f.insert(f.end(), s.f, s.f + s.n);
  (s.train ? c.train_y : c.test_y).push_back(s.y);
}

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

edgechaos::Status score(const edgechaos::RidgeFit& fit, const std::vector<float>& f, const std::vector<float>& y, int n,
                        double& out) {
  const Eigen::Map<const RowMajor> X(f.data(), static_cast<Eigen::Index>(y.size()), n);
  const Eigen::VectorXd yhat = (X.cast<double>() * fit.w.transpose()).col(0).array() + fit.c[0];
  edgechaos::ErrorStats<double> s;
  for (std::size_t i = 0; i < y.size(); ++i) {
    if (s.add(static_cast<double>(y[i]), yhat[static_cast<Eigen::Index>(i)]) != edgechaos::Status::ok) {
      return edgechaos::Status::non_finite_input;
    }
  }
  return s.nrmse(out);
}
}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  const double tolerance = std::strtod(argv[3], nullptr);
  Collected c;
  const int rc = fw::run_host_report(argv[1], [&c] { return run_narma_report("host", collect, &c); });
  if (rc != 0) return rc;

  const Eigen::Map<const RowMajor> X(c.train_f.data(), static_cast<Eigen::Index>(c.train_y.size()), c.n);
  const Eigen::Map<const Eigen::VectorXf> Y(c.train_y.data(), static_cast<Eigen::Index>(c.train_y.size()));
  edgechaos::RidgeFit fit;
  double train = 0, test = 0;
  if (edgechaos::ridge_fit(X, Y, static_cast<double>(narma_fw::kAlpha), fit) != edgechaos::Status::ok ||
      score(fit, c.train_f, c.train_y, c.n, train) != edgechaos::Status::ok ||
      score(fit, c.test_f, c.test_y, c.n, test) != edgechaos::Status::ok) {
    return 1;
  }
  std::FILE* ref = std::fopen(argv[2], "w");
  if (ref == nullptr) return 2;
  std::fprintf(ref,
               "{\"ref\":\"double_ridge\",\"n\":%d,\"alpha\":%g,\"nrmse_train\":%.9g,\"nrmse_test\":%.9g,"
               "\"tolerance\":%g,\"nrmse_test_lo\":%.9g,\"nrmse_test_hi\":%.9g,\"nrmse_train_lo\":%.9g,"
               "\"nrmse_train_hi\":%.9g}\n",
               c.n, static_cast<double>(narma_fw::kAlpha), train, test, tolerance, test * (1 - tolerance),
               test * (1 + tolerance), train * (1 - tolerance), train * (1 + tolerance));
  return std::fclose(ref) == 0 ? 0 : 1;
}
