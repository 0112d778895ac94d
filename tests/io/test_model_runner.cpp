// The ModelSpec runner (io/model_runner.hpp, host/any_model_runner.hpp).
//  - against a second method: a plain double-precision loop of the two model equations of
//    io/model_spec.hpp (echo_state map; continuous flow by Euler and RK4, input held k_hold
//    steps), features, readout and feedback written from the equations, not the code;
//  - dense, 16-bit and 32-bit sparse J give identical bits; fixed and run-time sizes give
//    identical bits; a generated model regenerated in the caller's RAM runs as the host's;
//  - a failed step keeps the state; bind checks the spec against the compile-time type.
// Sizes: n = 5, m = 2, k = 2, T = 60 samples (k_hold = 2), models from tests/io/model_fixture.hpp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "edgechaos/host/any_model_runner.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "model_fixture.hpp"

namespace ec = edgechaos;
using fixture::Kind;
using fixture::Model;

namespace {

constexpr int kN = 5, kM = 2, kK = 2, kT = 60;

float input(int t, int j) { return 0.8f * std::sin(0.37f * static_cast<float>(t) + 1.3f * static_cast<float>(j)); }

// The reference: double precision, the equations of io/model_spec.hpp and the runner's
// feedback (b_eff = b + W_fb y(t-1)).
struct Reference {
  const ec::ModelSpec& s;
  std::vector<double> J, x, y;
  explicit Reference(const ec::ModelSpec& spec, const std::vector<float>& dense_J)
      : s(spec), J(dense_J.begin(), dense_J.end()), x(spec.n, 0.0), y(spec.k, 0.0) {}

  double phi(double v) const { return std::tanh(v); }
  // drive_i = (W_in u)_i + b_i + (W_fb y)_i
  std::vector<double> drive(const float* u) const {
    std::vector<double> d(s.n, 0.0);
    for (std::uint32_t i = 0; i < s.n; ++i) {
      for (std::uint32_t j = 0; j < s.m; ++j) d[i] += double(s.W_in[i * s.m + j]) * u[j];
      if (s.b) d[i] += s.b[i];
      if (s.W_fb) {
        for (std::uint32_t j = 0; j < s.k; ++j) d[i] += double(s.W_fb[i * s.k + j]) * y[j];
      }
    }
    return d;
  }
  std::vector<double> velocity(const std::vector<double>& z, const std::vector<double>& d) const {
    std::vector<double> v(s.n);
    for (std::uint32_t i = 0; i < s.n; ++i) {
      double sum = 0;
      for (std::uint32_t j = 0; j < s.n; ++j) sum += J[i * s.n + j] * phi(z[j]);
      v[i] = -z[i] + sum + d[i];
    }
    return v;
  }
  void step(const float* u) {
    const std::vector<double> d = drive(u);
    if (s.form == ec::ModelForm::echo_state) {
      std::vector<double> nx(s.n);
      for (std::uint32_t i = 0; i < s.n; ++i) {
        double sum = d[i];
        for (std::uint32_t j = 0; j < s.n; ++j) sum += J[i * s.n + j] * x[j];
        nx[i] = (1.0 - s.leak) * x[i] + double(s.leak) * phi(sum);
      }
      x = nx;
    } else {
      const double h = s.dt;
      for (std::uint32_t r = 0; r < s.k_hold; ++r) {
        if (s.integrator == ec::IntegratorKind::euler) {
          const std::vector<double> v = velocity(x, d);
          for (std::uint32_t i = 0; i < s.n; ++i) x[i] += h * v[i];
        } else {
          const auto shifted = [&](const std::vector<double>& k, double c) {
            std::vector<double> z(s.n);
            for (std::uint32_t i = 0; i < s.n; ++i) z[i] = x[i] + c * k[i];
            return z;
          };
          const auto k1 = velocity(x, d), k2 = velocity(shifted(k1, h / 2), d), k3 = velocity(shifted(k2, h / 2), d),
                     k4 = velocity(shifted(k3, h), d);
          for (std::uint32_t i = 0; i < s.n; ++i) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }
      }
    }
    std::vector<double> f;
    if (s.features & ec::feature_bits::constant) f.push_back(1.0);
    if (s.features & ec::feature_bits::input) {
      for (std::uint32_t j = 0; j < s.m; ++j) f.push_back(u[j]);
    }
    for (double v : x) f.push_back(v);
    if (s.features & ec::feature_bits::squares) {
      for (double v : x) f.push_back(v * v);
    }
    for (std::uint32_t r = 0; r < s.k; ++r) {
      double sum = s.c ? s.c[r] : 0.0;
      for (std::size_t q = 0; q < f.size(); ++q) sum += double(s.W_out[r * f.size() + q]) * f[q];
      y[r] = sum;
    }
  }
};

template <class R>
ec::Status bind_runner(R& r, const ec::ModelSpec& s) {
  return r.bind(s);
}

// Runs T samples, collecting states and outputs.
template <class R>
void run(R& runner, int steps, std::vector<float>& states, std::vector<float>& outputs) {
  for (int t = 0; t < steps; ++t) {
    float u[kM] = {input(t, 0), input(t, 1)};
    float y[kK] = {0, 0};
    ASSERT_EQ(runner.step(u, y), ec::Status::ok) << t;
    states.insert(states.end(), runner.state(), runner.state() + kN);
    outputs.insert(outputs.end(), y, y + kK);
  }
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

template <ec::ModelForm F, ec::IntegratorKind I, std::uint8_t B, std::uint8_t Feat,
          ec::ActivationKind A = ec::ActivationKind::tanh>
using Fixed = ec::ModelRunner<kN, kM, kK, F, I, A, B, Feat>;

Kind kind_of(ec::ModelForm form, ec::IntegratorKind integ, std::uint8_t features, bool feedback) {
  Kind k;
  k.form = form;
  k.integrator = integ;
  k.features = features;
  k.feedback = feedback;
  return k;
}

// The three forms, with every optional part on (features all, b, c, W_fb).
// With A = sinh_tanh5 the runner's tanh is SinhTanh<5> (|error| <= 1.8e-7 a call, against
// the reference's double tanh): in this contracting model that adds at most ~1e-6, inside
// the same bound.
template <ec::ModelForm F, ec::IntegratorKind I, ec::ActivationKind A = ec::ActivationKind::tanh>
void check_against_reference() {
  const Kind kind = kind_of(F, I, ec::feature_bits::all, true);
  const Model model(kind, kN, kM, kK);
  ec::ModelSpec spec = model.spec;
  spec.activation = A;
  Fixed<F, I, 0, ec::feature_bits::all, A> runner;
  ASSERT_EQ(runner.bind(spec), ec::Status::ok);
  ec::AnyModelRunner any;
  ASSERT_EQ(any.bind(spec), ec::Status::ok);
  Reference ref(model.spec, model.J);
  double worst = 0;
  for (int t = 0; t < kT; ++t) {
    float u[kM] = {input(t, 0), input(t, 1)};
    float y[kK];
    float y_any[kK];
    ASSERT_EQ(runner.step(u, y), ec::Status::ok);
    ASSERT_EQ(any.step(u, y_any), ec::Status::ok);
    ASSERT_EQ(std::memcmp(y, y_any, sizeof y), 0) << "run-time dispatch differs at step " << t;
    ref.step(u);
    for (int i = 0; i < kN; ++i) worst = std::max(worst, std::fabs(double(runner.state()[i]) - ref.x[i]));
    for (int r = 0; r < kK; ++r) worst = std::max(worst, std::fabs(double(y[r]) - ref.y[r]));
  }
  // Bound: float32 rounding (6e-8 relative) over at most ~30 operations a value a step, on
  // values of order 1, in a contracting model (gain 0.8 per row, leak/dt damping) that does
  // not amplify old errors: at most about 2e-6; the bound is 5e-6 (measured: 2.3e-7 to
  // 3.0e-7 over the three forms). A wrong term (a missing bias, feedback from y(t) instead
  // of y(t-1), tanh on the wrong side) is > 1e-2.
  EXPECT_LT(worst, 5e-6) << "form " << int(F) << " integrator " << int(I);
  EXPECT_GT(std::fabs(ref.y[0]), 1e-3);  // a live model, not a zero one
}

}  // namespace

TEST(ModelRunner, EchoStateMatchesDoubleReference) {
  check_against_reference<ec::ModelForm::echo_state, ec::IntegratorKind::none>();
}
TEST(ModelRunner, ContinuousEulerMatchesDoubleReference) {
  check_against_reference<ec::ModelForm::continuous, ec::IntegratorKind::euler>();
}
TEST(ModelRunner, ContinuousRK4MatchesDoubleReference) {
  check_against_reference<ec::ModelForm::continuous, ec::IntegratorKind::rk4>();
}
static_assert(std::is_same_v<Fixed<ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, 0,
                                   ec::ActivationKind::sinh_tanh5>::activation_type,
                             ec::SinhTanh<5>>,
              "ActivationKind::sinh_tanh5 is SinhTanh<5>");
TEST(ModelRunner, SinhTanhEchoStateAndEulerMatchDoubleReference) {
  check_against_reference<ec::ModelForm::echo_state, ec::IntegratorKind::none, ec::ActivationKind::sinh_tanh5>();
  check_against_reference<ec::ModelForm::continuous, ec::IntegratorKind::euler, ec::ActivationKind::sinh_tanh5>();
}

// Dense, sparse with 16-bit and 32-bit indices: the same bits (the sparse product keeps the
// dense kernel's order, weights/sparse_couplings.hpp). And fixed sizes = run-time sizes.
template <ec::ModelForm F, ec::IntegratorKind I>
void check_storages_identical() {
  constexpr std::uint8_t kFeat = ec::feature_bits::input | ec::feature_bits::squares;
  Kind kind = kind_of(F, I, kFeat, true);
  const Model dense(kind, kN, kM, kK);
  kind.storage = ec::CouplingStorage::sparse;
  kind.index_bytes = 2;
  const Model sp16(kind, kN, kM, kK);
  kind.index_bytes = 4;
  const Model sp32(kind, kN, kM, kK);
  ASSERT_LT(sp32.val.size(), std::size_t{kN * kN});  // really sparse

  std::vector<float> xs[4], ys[4];
  Fixed<F, I, 0, kFeat> r0;
  Fixed<F, I, 2, kFeat> r1;
  Fixed<F, I, 4, kFeat> r2;
  ASSERT_EQ(r0.bind(dense.spec), ec::Status::ok);
  ASSERT_EQ(r1.bind(sp16.spec), ec::Status::ok);
  ASSERT_EQ(r2.bind(sp32.spec), ec::Status::ok);
  run(r0, kT, xs[0], ys[0]);
  run(r1, kT, xs[1], ys[1]);
  run(r2, kT, xs[2], ys[2]);
  ec::AnyModelRunner any;
  ASSERT_EQ(any.bind(sp16.spec), ec::Status::ok);
  run(any, kT, xs[3], ys[3]);
  for (int v = 1; v < 4; ++v) {
    EXPECT_TRUE(same_bits(xs[0], xs[v])) << v;
    EXPECT_TRUE(same_bits(ys[0], ys[v])) << v;
  }
}

TEST(ModelRunner, DenseSparseFixedDynamicIdenticalEchoState) {
  check_storages_identical<ec::ModelForm::echo_state, ec::IntegratorKind::none>();
}
TEST(ModelRunner, DenseSparseFixedDynamicIdenticalEuler) {
  check_storages_identical<ec::ModelForm::continuous, ec::IntegratorKind::euler>();
}
TEST(ModelRunner, DenseSparseFixedDynamicIdenticalRK4) {
  check_storages_identical<ec::ModelForm::continuous, ec::IntegratorKind::rk4>();
}

// Storage generated: the device form (regenerated into the caller's RAM) runs as the host's
// AnyModelRunner (regenerated into vectors) and as the explicit spec built from the same
// generators by hand.
TEST(ModelRunner, GeneratedRunsAsExplicit) {
  for (float p : {1.0f, 0.4f}) {
    Kind kind = kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, false);
    kind.storage = ec::CouplingStorage::generated;
    kind.sparse_p = p;
    const Model model(kind, kN, kM, kK);
    std::vector<float> xs[3], ys[3];
    float J[kN * kN], W_in[kN * kM], val[kN * kN];
    std::uint16_t row[kN + 1], col[kN * kN];
    if (p == 1.0f) {
      ec::ModelRunner<kN, kM, kK, ec::ModelForm::echo_state, ec::IntegratorKind::none, ec::ActivationKind::tanh, 0, 0,
                      true>
          r;
      ec::GeneratedRam<std::uint32_t> ram;
      ram.J = J;
      ram.W_in = W_in;
      ASSERT_EQ(r.bind(model.spec, ram), ec::Status::ok);
      run(r, kT, xs[0], ys[0]);
    } else {
      ec::ModelRunner<kN, kM, kK, ec::ModelForm::echo_state, ec::IntegratorKind::none, ec::ActivationKind::tanh, 2, 0,
                      true>
          r;
      ec::GeneratedRam<std::uint16_t> ram{nullptr, row, col, val, kN * kN, W_in};
      ram.capacity = 2;  // too small: capacity_exceeded
      EXPECT_EQ(r.bind(model.spec, ram), ec::Status::capacity_exceeded);
      EXPECT_FALSE(r.bound());
      ram.capacity = kN * kN;
      ASSERT_EQ(r.bind(model.spec, ram), ec::Status::ok);
      run(r, kT, xs[0], ys[0]);
    }
    ec::AnyModelRunner any;
    ASSERT_EQ(any.bind(model.spec), ec::Status::ok);
    run(any, kT, xs[1], ys[1]);
    // By hand: the generators of weights/, then a dense explicit spec.
    std::vector<float> Jd(kN * kN, 0.0f), Wd(kN * kM);
    if (p == 1.0f) {
      ASSERT_EQ(ec::generate_couplings(model.spec.generator.couplings, Jd.data(), kN), ec::Status::ok);
    } else {
      std::vector<std::uint32_t> rp(kN + 1), cc(kN * kN);
      std::vector<float> vv(kN * kN);
      ec::Index nnz = 0;
      const ec::SparseCouplingParams q{model.spec.generator.couplings.g, p, model.spec.generator.couplings.seed};
      ASSERT_EQ(ec::generate_sparse_couplings(q, kN, rp.data(), cc.data(), vv.data(), kN * kN, nnz), ec::Status::ok);
      for (int i = 0; i < kN; ++i) {
        for (std::uint32_t e = rp[i]; e < rp[i + 1]; ++e) Jd[i * kN + cc[e]] = vv[e];
      }
    }
    ASSERT_EQ(ec::generate_input_weights(model.spec.generator.input, Wd.data(), kN, kM), ec::Status::ok);
    ec::ModelSpec explicit_spec = model.spec;
    explicit_spec.storage = ec::CouplingStorage::dense;
    explicit_spec.J = Jd.data();
    explicit_spec.W_in = Wd.data();
    Fixed<ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, 0> r2;
    ASSERT_EQ(r2.bind(explicit_spec), ec::Status::ok);
    run(r2, kT, xs[2], ys[2]);
    EXPECT_TRUE(same_bits(xs[0], xs[1]) && same_bits(ys[0], ys[1])) << p;
    EXPECT_TRUE(same_bits(xs[0], xs[2]) && same_bits(ys[0], ys[2])) << p;
  }
}

// A failed step changes nothing: the run after it equals a run that never saw it.
TEST(ModelRunner, FailedStepKeepsState) {
  const Kind kind = kind_of(ec::ModelForm::continuous, ec::IntegratorKind::rk4, ec::feature_bits::all, true);
  const Model model(kind, kN, kM, kK);
  Fixed<ec::ModelForm::continuous, ec::IntegratorKind::rk4, 0, ec::feature_bits::all> a, b;
  ASSERT_EQ(a.bind(model.spec), ec::Status::ok);
  ASSERT_EQ(b.bind(model.spec), ec::Status::ok);
  std::vector<float> xa, ya, xb, yb;
  run(a, 10, xa, ya);
  run(b, 10, xb, yb);
  float y[kK] = {42.0f, 42.0f};
  const float nan = std::numeric_limits<float>::quiet_NaN(), big = 3e38f;
  float u_nan[kM] = {nan, 0.0f}, u_big[kM] = {big, big};
  std::vector<float> before(b.state(), b.state() + kN);
  EXPECT_EQ(b.step(u_nan, y), ec::Status::non_finite_input);
  EXPECT_EQ(b.step(u_big, y), ec::Status::non_finite_result);  // the flow overflows
  EXPECT_EQ(b.step(nullptr, y), ec::Status::invalid_argument);
  EXPECT_EQ(y[0], 42.0f);
  EXPECT_TRUE(same_bits(before, std::vector<float>(b.state(), b.state() + kN)));
  std::vector<float> xa2, ya2, xb2, yb2;
  run(a, 20, xa2, ya2);
  run(b, 20, xb2, yb2);
  EXPECT_TRUE(same_bits(xa2, xb2));
  EXPECT_TRUE(same_bits(ya2, yb2));
}

// An output that overflows (W_out near the float maximum) fails and takes the committed
// step back.
TEST(ModelRunner, OverflowingOutputTakesTheStepBack) {
  Kind kind = kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, ec::feature_bits::constant, false);
  Model model(kind, kN, kM, kK);
  model.W_out[0] = 3e38f;  // the constant feature's weight: c + 3e38 overflows
  model.c[0] = 3e38f;
  Fixed<ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, ec::feature_bits::constant> r;
  ASSERT_EQ(r.bind(model.spec), ec::Status::ok);
  float u[kM] = {0.5f, -0.5f}, y[kK];
  EXPECT_EQ(r.step(u, y), ec::Status::non_finite_result);
  for (int i = 0; i < kN; ++i) EXPECT_EQ(r.state()[i], 0.0f);
}

TEST(ModelRunner, BindChecksTheType) {
  const Model esn(kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, false), kN, kM, kK);
  const Model other_n(kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, false), kN + 1, kM, kK);
  const Model other_m(kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, false), kN, kM + 1, kK);
  const Model feat(kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, ec::feature_bits::squares, false), kN,
                   kM, kK);
  const Model flow(kind_of(ec::ModelForm::continuous, ec::IntegratorKind::euler, 0, false), kN, kM, kK);
  Kind sk = kind_of(ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, false);
  sk.storage = ec::CouplingStorage::sparse;
  sk.index_bytes = 4;
  const Model sparse32(sk, kN, kM, kK);
  Fixed<ec::ModelForm::echo_state, ec::IntegratorKind::none, 0, 0> r;
  Fixed<ec::ModelForm::echo_state, ec::IntegratorKind::none, 2, 0> r16;
  EXPECT_EQ(r.bind(other_n.spec), ec::Status::size_mismatch);
  EXPECT_EQ(r.bind(other_m.spec), ec::Status::size_mismatch);
  EXPECT_EQ(r.bind(feat.spec), ec::Status::size_mismatch);
  EXPECT_EQ(r.bind(flow.spec), ec::Status::unsupported_format);
  EXPECT_EQ(r.bind(sparse32.spec), ec::Status::unsupported_format);
  EXPECT_EQ(r16.bind(sparse32.spec), ec::Status::unsupported_format);
  EXPECT_EQ(r16.bind(esn.spec), ec::Status::unsupported_format);
  EXPECT_FALSE(r.bound());
  float y[kK];
  EXPECT_EQ(r.step(nullptr, y), ec::Status::invalid_argument);
  ec::ModelSpec bad = esn.spec;
  bad.leak = 1.5f;
  EXPECT_EQ(r.bind(bad), ec::Status::invalid_argument);
  EXPECT_EQ(r.bind(esn.spec), ec::Status::ok);
  // reset: the same run again.
  std::vector<float> x1, y1, x2, y2;
  run(r, 15, x1, y1);
  ASSERT_EQ(r.reset(), ec::Status::ok);
  run(r, 15, x2, y2);
  EXPECT_TRUE(same_bits(x1, x2) && same_bits(y1, y2));
}
