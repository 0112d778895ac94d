/// \file
/// The desktop runner of any valid ModelSpec (the CLI's trace): run-time sizes, and a
/// dispatch over every kind the device runner has (form and integrator, activation, dense or
/// 16/32-bit compressed-row J) to io/model_runner.hpp's ModelRunner<Dynamic, ...>. Storage
/// `generated` is regenerated here into owned arrays (the same generators, so the same bits
/// as a device's regeneration) and run in its explicit form (dense, or 32-bit compressed
/// rows: the product's bits do not depend on the index type).
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <cstdint>
#include <memory>
#include <vector>

#include "edgechaos/core/config.hpp"
#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_runner.hpp"
#include "edgechaos/io/model_spec.hpp"

namespace edgechaos {

/// Runs any ModelSpec that validate() accepts, with sizes and kinds chosen at run time (the
/// CLI's trace). It owns regenerated weights that its spec() points at, so it is not copied.
class AnyModelRunner {
 public:
  AnyModelRunner() = default;
  AnyModelRunner(const AnyModelRunner&) = delete;
  AnyModelRunner& operator=(const AnyModelRunner&) = delete;

  /// Binds any spec that validate() accepts; its arrays must outlive the runner (generated J
  /// and W_in are owned here). Returns validate()'s Status, the generator's Status (storage
  /// `generated`), Status::unsupported_format for a kind with no runner, or the runner's
  /// bind() Status; on an error the runner is unbound.

  Status bind(const ModelSpec& spec) {
    impl_.reset();
    const Status v = validate(spec);
    if (v != Status::ok) return v;
    spec_ = spec;
    if (spec.storage == CouplingStorage::generated) {
      const Status g = regenerate();
      if (g != Status::ok) return g;
    }
    std::unique_ptr<Base> impl = make(spec_);
    if (!impl) return Status::unsupported_format;
    const Status s = impl->bind(spec_);
    if (s != Status::ok) return s;
    impl_ = std::move(impl);
    return Status::ok;
  }

  /// True after a successful bind().
  bool bound() const { return impl_ != nullptr; }
  /// As ModelRunner::step: u (m values), y (k values); on an error nothing changes.
  /// Status::invalid_argument when unbound.
  Status step(const Scalar* u, Scalar* y) { return impl_ ? impl_->step(u, y) : Status::invalid_argument; }
  /// x = 0 and y(t-1) = 0, as after bind(); Status::invalid_argument when unbound.

  Status reset() { return impl_ ? impl_->reset() : Status::invalid_argument; }
  /// The n state values (nullptr when unbound).
  const Scalar* state() const { return impl_ ? impl_->state() : nullptr; }
  /// n, the reservoir size of the bound spec.
  std::uint32_t neurons() const { return spec_.n; }
  /// m, the input count.
  std::uint32_t inputs() const { return spec_.m; }
  /// k, the output count.
  std::uint32_t outputs() const { return spec_.k; }
  /// The spec being run (for storage `generated`: its explicit form, pointing at owned arrays).
  const ModelSpec& spec() const { return spec_; }

 private:
  struct Base {
    virtual ~Base() = default;
    virtual Status bind(const ModelSpec& s) = 0;
    virtual Status step(const Scalar* u, Scalar* y) = 0;
    virtual Status reset() = 0;
    virtual const Scalar* state() const = 0;
  };
  template <ModelForm F, IntegratorKind I, ActivationKind A, std::uint8_t B>
  struct Impl final : Base {
    ModelRunner<Dynamic, Dynamic, Dynamic, F, I, A, B, 0> runner;
    Status bind(const ModelSpec& s) override { return runner.bind(s); }
    Status step(const Scalar* u, Scalar* y) override { return runner.step(u, y); }
    Status reset() override { return runner.reset(); }
    const Scalar* state() const override { return runner.state(); }
  };

  template <ModelForm F, IntegratorKind I, ActivationKind A>
  static std::unique_ptr<Base> make_storage(const ModelSpec& s) {
    if (s.storage == CouplingStorage::dense) return std::make_unique<Impl<F, I, A, 0>>();
    if (s.sparse.index_bytes == 2) return std::make_unique<Impl<F, I, A, 2>>();
    return std::make_unique<Impl<F, I, A, 4>>();
  }
  template <ModelForm F, IntegratorKind I>
  static std::unique_ptr<Base> make_activation(const ModelSpec& s) {
    if (s.activation == ActivationKind::tanh) return make_storage<F, I, ActivationKind::tanh>(s);
    if (s.activation == ActivationKind::fast_tanh) return make_storage<F, I, ActivationKind::fast_tanh>(s);
    return make_storage<F, I, ActivationKind::sinh_tanh5>(s);
  }
  static std::unique_ptr<Base> make(const ModelSpec& s) {
    if (s.form == ModelForm::echo_state) return make_activation<ModelForm::echo_state, IntegratorKind::none>(s);
    if (s.integrator == IntegratorKind::euler) return make_activation<ModelForm::continuous, IntegratorKind::euler>(s);
    return make_activation<ModelForm::continuous, IntegratorKind::rk4>(s);
  }

  // J and W_in from the spec's generator into owned arrays; spec_ then views them.
  Status regenerate() {
    const Index n = spec_.n, m = spec_.m;
    if (spec_.generator.sparse_p == 1.0f) {
      J_.assign(static_cast<std::size_t>(n * n), 0.0f);
      const Status s = generate_couplings(spec_.generator.couplings, J_.data(), n);
      spec_.storage = CouplingStorage::dense;
      spec_.J = J_.data();
      if (s != Status::ok) return s;
    } else {
      const SparseCouplingParams q{spec_.generator.couplings.g, spec_.generator.sparse_p, spec_.generator.couplings.seed};
      Index nnz = 0;
      Status s = count_sparse_couplings(q, n, nnz);
      if (s != Status::ok) return s;
      row_ptr_.assign(static_cast<std::size_t>(n + 1), 0u);
      col_.assign(static_cast<std::size_t>(nnz > 0 ? nnz : 1), 0u);
      val_.assign(static_cast<std::size_t>(nnz > 0 ? nnz : 1), 0.0f);
      s = generate_sparse_couplings(q, n, row_ptr_.data(), col_.data(), val_.data(), nnz, nnz);
      spec_.storage = CouplingStorage::sparse;
      spec_.sparse = SparseSpec{};
      spec_.sparse.index_bytes = 4;
      spec_.sparse.row_ptr32 = row_ptr_.data();
      spec_.sparse.col32 = col_.data();
      spec_.sparse.val = val_.data();
      spec_.sparse.nnz = static_cast<std::uint32_t>(nnz);
      if (s != Status::ok) return s;
    }
    spec_.generator_known = true;
    W_in_.assign(static_cast<std::size_t>(n * (m > 0 ? m : 1)), 0.0f);
    if (m == 0) return Status::ok;
    const Status s = generate_input_weights(spec_.generator.input, W_in_.data(), n, m);
    spec_.W_in = W_in_.data();
    return s;
  }

  ModelSpec spec_{};
  std::vector<Scalar> J_, val_, W_in_;
  std::vector<std::uint32_t> row_ptr_, col_;
  std::unique_ptr<Base> impl_;
};

}  // namespace edgechaos
