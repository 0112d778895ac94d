// The largest Lyapunov exponent of Mackey-Glass tau = 17 as this library generates it
// (tasks/mackey_glass.hpp), for the free-run horizon of `edgechaos reservoir --generative`.
// Two runs whose smooth histories differ by 1e-10; log|x_a - x_b| against t (one sample per
// time unit) is fitted by least squares where the distance is between 1e-8 and 1e-3 (after a
// 300-unit transient, before saturation); 20 histories of different phase. A one-off tool,
// not in CI:
//   g++ -O2 -std=c++17 -I lib/include -I /usr/include/eigen3 tools/mg_lyapunov.cpp -o /tmp/mg_lyapunov
//   /tmp/mg_lyapunov   # lambda = 0.00493 +- 0.00050 per time unit, Lyapunov time 202.6
#include <cmath>
#include <cstdio>
#include <vector>
#include "edgechaos/tasks/mackey_glass.hpp"
using namespace edgechaos;
int main() {
  const double eps = 1e-10;
  std::vector<double> slopes;
  for (int k = 0; k < 20; ++k) {
    const double ph = 0.7 * k;
    MackeyGlass<double> a, b;
    auto h = [&](double s) { return 1.0 + 0.2 * std::sin(0.3 * s + ph); };
    auto h2 = [&](double s) { return 1.0 + 0.2 * std::sin(0.3 * s + ph) + eps; };
    if (a.reset_history(h, 0) != Status::ok || b.reset_history(h2, 0) != Status::ok) return 1;
    // No Benettin renormalisation (the generator's ring is private): a straight-line fit of
    // log|dx| while it grows from 1e-8 to 1e-3.
    double sx = 0, sy = 0, sxx = 0, sxy = 0; int n = 0;
    for (int t = 0; t < 6000; ++t) {
      double xa = 0, xb = 0;
      if (a.next(xa) != Status::ok || b.next(xb) != Status::ok) return 1;
      double d = std::fabs(xa - xb);
      if (t > 300 && d > 1e-8 && d < 1e-3) {
        const double y = std::log(d);
        sx += t;
        sy += y;
        sxx += double(t) * t;
        sxy += t * y;
        ++n;
      }
      if (d > 1e-3) break;
    }
    double s = (n * sxy - sx * sy) / (n * sxx - sx * sx);
    slopes.push_back(s);
    std::printf("start %d: points %d slope %.5f\n", k, n, s);
  }
  double m = 0; for (double s : slopes) m += s; m /= slopes.size();
  double v = 0; for (double s : slopes) v += (s - m) * (s - m); v /= (slopes.size() - 1);
  std::printf("lambda = %.5f +- %.5f per time unit, Lyapunov time %.1f\n", m, std::sqrt(v), 1.0 / m);
}
