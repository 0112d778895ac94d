/// \file
/// The run-time choices of one rate-network run (activation, integrator, noise, Lyapunov
/// tangent or QR spectrum) turned into the library's types in one place: the CLI's `run` and
/// `sweep` (examples/cli/simulation.cpp) and the Python package's `simulate` call
/// dispatch_rate_network(choice, J, n, body) and get body(net, stepper) with a
/// RateNetwork<Dynamic, 0, Activation> bound to J and the matching stepper, so a front end
/// writes only its own loop (its trace, progress or Ctrl-C poll). Desktop only: the spectrum
/// stepper allocates.
#pragma once

#include "edgechaos/host/host_only.hpp"  // desktop-only: stops a Cortex-M build here

#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <type_traits>
#include <utility>

#include "edgechaos/chaos/lyapunov.hpp"
#include "edgechaos/core/checks.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/host/lyapunov_spectrum.hpp"
#include "edgechaos/models/activation.hpp"
#include "edgechaos/models/rate_network.hpp"
#include "edgechaos/models/sinh_tanh.hpp"
#include "edgechaos/steppers/euler.hpp"
#include "edgechaos/steppers/euler_maruyama.hpp"
#include "edgechaos/steppers/rk4.hpp"

namespace edgechaos {

/// The activation of a run: Tanh, FastTanh or SinhTanh<5> ("tanh", "fasttanh", "sinhtanh").
enum class RunActivation {
  tanh,       ///< Tanh
  fast_tanh,  ///< FastTanh
  sinh_tanh5  ///< SinhTanh<5>
};
/// The integrator of a run ("euler", "rk4").
enum class RunIntegrator {
  euler,  ///< Euler (Euler-Maruyama with noise)
  rk4     ///< RK4
};

/// The activation named \p name as the CLI's --activation and Python's keyword spell it;
/// invalid_argument (out unchanged) for any other name.
inline Status parse_activation(const char* name, RunActivation& out) {
  for (const auto& [text, value] : {std::pair{"tanh", RunActivation::tanh}, std::pair{"fasttanh", RunActivation::fast_tanh},
                                    std::pair{"sinhtanh", RunActivation::sinh_tanh5}}) {
    if (std::strcmp(name, text) == 0) {
      out = value;
      return Status::ok;
    }
  }
  return Status::invalid_argument;
}
/// The integrator named \p name ("euler", "rk4"); invalid_argument (out unchanged) otherwise.
inline Status parse_integrator(const char* name, RunIntegrator& out) {
  for (const auto& [text, value] : {std::pair{"euler", RunIntegrator::euler}, std::pair{"rk4", RunIntegrator::rk4}}) {
    if (std::strcmp(name, text) == 0) {
      out = value;
      return Status::ok;
    }
  }
  return Status::invalid_argument;
}

/// What one run integrates and measures.
struct RunChoice {
  RunActivation activation = RunActivation::tanh;  ///< the activation
  RunIntegrator integrator = RunIntegrator::rk4;   ///< the scheme
  Scalar noise = 0.0f;             ///< sigma > 0 with euler: Euler-Maruyama
  std::uint64_t noise_seed = 1u;   ///< its stream (the CLI: sub_seed(seed, SeedStream::noise))
  bool lyapunov = false;           ///< the largest exponent (a tangent through the same scheme)
  int spectrum = 0;                ///< K > 0: the K leading exponents by QR (wins over lyapunov)
};

/// True when the body's stepper estimates Lyapunov exponents (the largest or the spectrum:
/// exponent(), standard_error(), reset_statistics()).
template <class T, class = void>
inline constexpr bool has_lyapunov_statistics = false;
/// \copydoc has_lyapunov_statistics
template <class T>
inline constexpr bool has_lyapunov_statistics<T, std::void_t<decltype(&T::reset_statistics)>> = true;
/// True when the body's stepper estimates the spectrum (also exponents(), standard_errors()).
template <class T, class = void>
inline constexpr bool has_lyapunov_spectrum = false;
/// \copydoc has_lyapunov_spectrum
template <class T>
inline constexpr bool has_lyapunov_spectrum<T, std::void_t<decltype(&T::exponents)>> = true;

namespace detail {

template <class Net, TangentScheme Scheme, class Body>
Status run_tangent(const RunChoice& c, const Net& net, Body& body) {
  if (c.spectrum > 0) {
    LyapunovSpectrum<Net, Scheme> stepper;
    const Status s = stepper.configure(c.spectrum);
    return s != Status::ok ? s : body(net, stepper);
  }
  Lyapunov<Net, Scheme> stepper;
  return body(net, stepper);
}

template <class Activation, class Body>
Status run_rate_network(const RunChoice& c, const Scalar* J, Index n, Body& body) {
  using Net = RateNetwork<Dynamic, 0, Activation>;
  Net net;
  const Status bound = net.bind(J, n);
  if (bound != Status::ok) return bound;
  const bool rk4 = c.integrator == RunIntegrator::rk4;
  if (c.lyapunov || c.spectrum > 0) {
    return rk4 ? run_tangent<Net, TangentScheme::rk4>(c, net, body) : run_tangent<Net, TangentScheme::euler>(c, net, body);
  }
  if (rk4) {
    RK4<Net> stepper;
    return body(net, stepper);
  }
  if (c.noise > 0.0f) {
    EulerMaruyama<Net> stepper(c.noise, c.noise_seed);
    return body(net, stepper);
  }
  Euler<Net> stepper;
  return body(net, stepper);
}

}  // namespace detail

/// Calls body(const Net& net, Stepper& stepper) -> Status for the choice and returns what it
/// returns. invalid_argument, before the body runs, for noise that is negative, not finite,
/// or given with rk4 or with a Lyapunov estimate, and for a spectrum outside [0, n]; bind's and
/// the spectrum's configure's statuses likewise (J is row-major n x n and must outlive the call).
template <class Body>
Status dispatch_rate_network(const RunChoice& c, const Scalar* J, Index n, Body&& body) {
  const bool noisy = c.noise > 0.0f;
  const Status valid = first_error(
      require(is_non_negative(c.noise)), require(c.spectrum >= 0 && c.spectrum <= n),
      require(!noisy || (c.integrator == RunIntegrator::euler && !c.lyapunov && c.spectrum == 0)));
  if (valid != Status::ok) return valid;
  switch (c.activation) {
    case RunActivation::fast_tanh: return detail::run_rate_network<FastTanh>(c, J, n, body);
    case RunActivation::sinh_tanh5: return detail::run_rate_network<SinhTanh<5>>(c, J, n, body);
    case RunActivation::tanh: break;
  }
  return detail::run_rate_network<Tanh>(c, J, n, body);
}

}  // namespace edgechaos
