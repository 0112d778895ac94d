/// \file
/// A reservoir trained in Python (ReservoirPy 0.4's shapes, saved with numpy.savez) as a
/// ModelSpec, on the desktop.
///
/// The model npz holds
/// \code{.unparsed}
///   W     N x N  the recurrent weights (or sparse: see below)
///   Win   N x M  the input weights
///   bias  N or N x 1  (optional: zero)
///   Wout  N x K  ReservoirPy's Ridge layout, y = Wout^T x + bout
///   bout  K or 1 x K  (optional: zero)
///   lr    0-d float, the leak rate in (0, 1]
///   activation  0-d string, "tanh"
/// \endcode
/// and the model is RESERVOIR.md section 1's discrete map, x' = (1 - lr) x + lr tanh(W x +
/// Win u + bias), y = W_out x + c: ModelSpec form echo_state, features 0 (f = x), W_out the
/// transpose of Wout (k x n, row-major).
///
/// A sparse W comes as scipy.sparse.save_npz writes it (keys data, indices, indptr, shape,
/// format 'csr' or 'csc'; DEFLATEd by default) in a second npz, or inside the model npz
/// under the keys W_data, W_indices, W_indptr, W_shape (and W_format, 'csr' if absent).
/// It becomes compressed rows with increasing column indices; duplicate entries (which SciPy
/// allows) are summed in their stored order, as SciPy's sum_duplicates does.
///
/// Statuses (with a one-line reason in `why`): the archives' and arrays' own statuses
/// (io/npz.hpp, io/npy.hpp); a required array missing, sparse indices out of order or range:
/// malformed_file; an activation other than "tanh", a dtype that is not float, a sparse
/// format other than csr/csc: unsupported_format; shapes that disagree: size_mismatch; NaN,
/// Inf or a value beyond float's range: non_finite_input; lr outside (0, 1] or sizes beyond
/// the ModelSpec bounds: invalid_argument. `out` is untouched unless the result is ok.
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "edgechaos/core/status.hpp"
#include "edgechaos/host/npz_reader.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "edgechaos/io/npy.hpp"

namespace edgechaos {

/// The arrays of an imported model: the values as given (double) and the float copies the
/// library runs on.
struct ImportedArrays {
  std::uint32_t n = 0,  ///< neurons N
      m = 0,            ///< inputs M
      k = 0;            ///< outputs K
  double leak = 1.0;       ///< lr, in (0, 1]
  std::string activation;  ///< the file's activation name ("tanh")
  std::vector<double> W,  ///< dense W, n x n row-major (empty when sparse)
      W_in,               ///< Win, n x m row-major
      b,                  ///< bias, n (zeros when the file had none)
      W_out,              ///< k x n, row-major (transposed from ReservoirPy's N x K)

      c;                  ///< bout, k (zeros when the file had none)
  std::vector<float> Wf,  ///< W as float
      W_inf,              ///< W_in as float
      bf,                 ///< b as float
      W_outf,             ///< W_out as float
      cf;                 ///< c as float
  bool sparse = false;    ///< W came in compressed form (row_ptr, col, val)
  std::vector<std::uint32_t> row_ptr,  ///< sparse W: n + 1 row starts
      col;                             ///< sparse W: nnz column indices, increasing in each row
  std::vector<double> val;  ///< sparse W: nnz values, duplicates summed
  std::vector<float> valf;  ///< val as float
};

/// Owns the weights; `spec` views the float copies (b and c are always present, zero when the
/// file had none). Copies and moves re-point `spec` at their own arrays.
struct ImportedModel : ImportedArrays {
  ModelSpec spec;  ///< the model as the library runs it, viewing this object's float arrays

  ImportedModel() = default;
  /// A copy whose spec views the copy's own arrays.
  ImportedModel(const ImportedModel& o) : ImportedArrays(o), spec(o.spec) { bind(); }
  /// A move whose spec views the moved-to arrays.
  ImportedModel(ImportedModel&& o) noexcept : ImportedArrays(std::move(o)), spec(o.spec) { bind(); }
  /// Copies o's arrays and spec, then re-points spec at this object's arrays.
  ImportedModel& operator=(const ImportedModel& o) {
    if (this != &o) {
      ImportedArrays::operator=(o);
      spec = o.spec;
      bind();
    }
    return *this;
  }
  /// Moves o's arrays and spec, then re-points spec at this object's arrays.
  ImportedModel& operator=(ImportedModel&& o) noexcept {
    if (this != &o) {
      spec = o.spec;  // before the move of the base, which leaves o's arrays empty
      ImportedArrays::operator=(std::move(o));
      bind();
    }
    return *this;
  }
  ~ImportedModel() = default;

  /// Points spec's arrays at this object's float vectors.
  void bind() {
    spec.J = sparse || Wf.empty() ? nullptr : Wf.data();
    spec.sparse.row_ptr32 = sparse ? row_ptr.data() : nullptr;
    spec.sparse.col32 = sparse ? col.data() : nullptr;
    spec.sparse.val = sparse ? valf.data() : nullptr;
    spec.W_in = W_inf.empty() ? nullptr : W_inf.data();
    spec.b = bf.empty() ? nullptr : bf.data();
    spec.W_out = W_outf.empty() ? nullptr : W_outf.data();
    spec.c = cf.empty() ? nullptr : cf.data();
  }
};

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace rpy_detail {

// One array read from an npz: its .npy bytes and the parsed view into them.
struct Loaded {
  std::vector<unsigned char> bytes;
  NpyArray a;
};

inline std::string shape_text(const NpyArray& a) {
  std::string s = "(";
  for (int d = 0; d < a.ndim; ++d) s += std::to_string(a.shape[d]) + (a.ndim == 1 || d + 1 < a.ndim ? "," : "");
  return s + ")";
}

inline Status fail(Status s, std::string& why, const std::string& text) {
  why = text;
  return s;
}

inline Status load(const std::vector<unsigned char>& zip, const std::string& key, const char* archive, Loaded& l,
                   std::string& why) {
  Status s = read_npz_entry(zip, key, l.bytes);
  if (s != Status::ok) return fail(s, why, std::string(archive) + " '" + key + "': " + to_string(s));
  s = parse_npy(l.bytes.data(), l.bytes.size(), l.a);
  if (s != Status::ok) return fail(s, why, std::string(archive) + " '" + key + "': " + to_string(s));
  return Status::ok;
}

inline bool has(const std::vector<std::string>& names, const std::string& key) {
  return std::find(names.begin(), names.end(), key) != names.end();
}

// The values of a float array as double (logical C order) and their float copies.
inline Status values(const Loaded& l, const std::string& key, std::vector<double>& d, std::vector<float>& f,
                     std::string& why) {
  std::vector<double> v(static_cast<std::size_t>(l.a.count));
  const Status s = npy_copy_double(l.a, v.data(), v.size());
  if (s == Status::unsupported_format) return fail(s, why, key + ": dtype must be float32 or float64");
  if (s != Status::ok) return fail(s, why, key + ": " + to_string(s));
  std::vector<float> w(v.size());
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (!(std::fabs(v[i]) <= static_cast<double>(std::numeric_limits<float>::max()))) {
      return fail(Status::non_finite_input, why, key + ": a value beyond float's range");
    }
    w[i] = static_cast<float>(v[i]);
  }
  d.swap(v);
  f.swap(w);
  return Status::ok;
}

inline Status indices(const Loaded& l, const std::string& key, std::vector<std::uint32_t>& out, std::string& why) {
  std::vector<std::uint32_t> v(static_cast<std::size_t>(l.a.count));
  const Status s = npy_copy_index(l.a, v.data(), v.size());
  if (s != Status::ok) return fail(s, why, key + ": must be non-negative int32/int64, " + to_string(s));
  out.swap(v);
  return Status::ok;
}

inline Status text(const Loaded& l, const std::string& key, std::string& out, std::string& why) {
  char buf[64];
  const Status s = npy_string(l.a, buf, sizeof buf);
  if (s != Status::ok) return fail(s, why, key + ": must be a 0-d ASCII string, " + to_string(s));
  out = buf;
  return Status::ok;
}

// A sparse W (SciPy's csr/csc arrays under `prefix` keys) as compressed rows.
inline Status sparse_w(const std::vector<unsigned char>& zip, const std::vector<std::string>& names,
                       const std::string& prefix, const char* archive, std::uint32_t n, ImportedArrays& m,
                       std::string& why) {
  for (const char* key : {"data", "indices", "indptr", "shape"}) {
    if (!has(names, prefix + key)) {
      return fail(Status::malformed_file, why, std::string(archive) + ": no '" + prefix + key + "' for the sparse W");
    }
  }
  std::string format = "csr";
  Loaded lf, ld, li, lp, ls;
  if (has(names, prefix + "format")) {
    if (const Status s = load(zip, prefix + "format", archive, lf, why); s != Status::ok) return s;
    if (const Status s = text(lf, prefix + "format", format, why); s != Status::ok) return s;
  }
  if (format != "csr" && format != "csc") {
    return fail(Status::unsupported_format, why, "sparse W: format '" + format + "' (csr or csc only)");
  }
  if (const Status s = load(zip, prefix + "data", archive, ld, why); s != Status::ok) return s;
  if (const Status s = load(zip, prefix + "indices", archive, li, why); s != Status::ok) return s;
  if (const Status s = load(zip, prefix + "indptr", archive, lp, why); s != Status::ok) return s;
  if (const Status s = load(zip, prefix + "shape", archive, ls, why); s != Status::ok) return s;
  std::vector<std::uint32_t> shape, index, ptr;
  std::vector<double> data;
  std::vector<float> unused;
  if (const Status s = indices(ls, prefix + "shape", shape, why); s != Status::ok) return s;
  if (shape.size() != 2 || shape[0] != n || shape[1] != n) {
    return fail(Status::size_mismatch, why, "sparse W: shape must be N x N with N = " + std::to_string(n) + " (Win's rows)");
  }
  if (const Status s = values(ld, prefix + "data", data, unused, why); s != Status::ok) return s;
  if (const Status s = indices(li, prefix + "indices", index, why); s != Status::ok) return s;
  if (const Status s = indices(lp, prefix + "indptr", ptr, why); s != Status::ok) return s;
  if (ptr.size() != std::size_t{n} + 1 || index.size() != data.size() || ld.a.ndim != 1 || li.a.ndim != 1 ||
      lp.a.ndim != 1) {
    return fail(Status::size_mismatch, why, "sparse W: indptr must have N + 1 entries, indices and data nnz each");
  }
  if (ptr[0] != 0 || ptr[n] != data.size()) return fail(Status::malformed_file, why, "sparse W: indptr must run from 0 to nnz");
  struct Triplet {
    std::uint32_t row, col;
    double v;
  };
  std::vector<Triplet> t;
  t.reserve(data.size());
  const bool csr = format == "csr";
  for (std::uint32_t major = 0; major < n; ++major) {
    if (ptr[major + 1] < ptr[major]) return fail(Status::malformed_file, why, "sparse W: indptr decreases");
    for (std::uint32_t q = ptr[major]; q < ptr[major + 1]; ++q) {
      if (index[q] >= n) return fail(Status::malformed_file, why, "sparse W: an index past N");
      t.push_back(csr ? Triplet{major, index[q], data[q]} : Triplet{index[q], major, data[q]});
    }
  }
  std::stable_sort(t.begin(), t.end(), [](const Triplet& a, const Triplet& b) {
    return a.row != b.row ? a.row < b.row : a.col < b.col;
  });
  std::vector<std::uint32_t> row_ptr(std::size_t{n} + 1, 0), col;
  std::vector<double> val;
  for (std::size_t q = 0; q < t.size(); ++q) {
    if (q > 0 && t[q].row == t[q - 1].row && t[q].col == t[q - 1].col) {
      val.back() += t[q].v;  // a duplicate: summed, as SciPy reads it
      continue;
    }
    col.push_back(t[q].col);
    val.push_back(t[q].v);
    ++row_ptr[t[q].row + 1];
  }
  for (std::uint32_t i = 0; i < n; ++i) row_ptr[i + 1] += row_ptr[i];
  std::vector<float> valf(val.size());
  for (std::size_t q = 0; q < val.size(); ++q) {
    if (!(std::fabs(val[q]) <= static_cast<double>(std::numeric_limits<float>::max()))) {
      return fail(Status::non_finite_input, why, "sparse W: a value (or a sum of duplicates) beyond float's range");
    }
    valf[q] = static_cast<float>(val[q]);
  }
  m.sparse = true;
  m.row_ptr.swap(row_ptr);
  m.col.swap(col);
  m.val.swap(val);
  m.valf.swap(valf);
  return Status::ok;
}

// (N,) or (N, 1) for bias; (K,) or (1, K) for bout.
inline bool vector_shape(const NpyArray& a, std::uint64_t len, bool column) {
  if (a.ndim == 1) return a.shape[0] == len;
  if (a.ndim == 2) return column ? (a.shape[0] == len && a.shape[1] == 1) : (a.shape[0] == 1 && a.shape[1] == len);
  return false;
}

}  // namespace rpy_detail
/// \endcond

/// Reads a ReservoirPy-shaped model (see the top of this file). `sparse_W_npz` is a
/// scipy.sparse.save_npz file holding W, or nullptr when W is inside `model_npz`. The
/// statuses are the file comment's, and invalid_argument when W is given more than once;
/// `why` gets a one-line reason on failure, and `out` is written only on success.

inline Status import_reservoirpy(const std::vector<unsigned char>& model_npz,
                                 const std::vector<unsigned char>* sparse_W_npz, ImportedModel& out,
                                 std::string& why) {
  using namespace rpy_detail;
  std::vector<std::string> names, sparse_names;
  Status s = npz_names(model_npz, names);
  if (s != Status::ok) return fail(s, why, std::string("model npz: ") + to_string(s));
  if (sparse_W_npz != nullptr) {
    s = npz_names(*sparse_W_npz, sparse_names);
    if (s != Status::ok) return fail(s, why, std::string("sparse W npz: ") + to_string(s));
  }
  for (const char* key : {"Win", "Wout", "lr", "activation"}) {
    if (!has(names, key)) return fail(Status::malformed_file, why, std::string("model npz: no '") + key + "'");
  }
  const bool embedded_sparse = has(names, "W_data");
  const int w_sources = (has(names, "W") ? 1 : 0) + (embedded_sparse ? 1 : 0) + (sparse_W_npz != nullptr ? 1 : 0);
  if (w_sources != 1) {
    return fail(w_sources == 0 ? Status::malformed_file : Status::invalid_argument, why,
                w_sources == 0 ? "model npz: no 'W' (and no sparse W given)"
                               : "W given more than once (a dense 'W', 'W_data' keys, a sparse W npz)");
  }

  ImportedModel r;
  Loaded win, wout, lr, act;
  if ((s = load(model_npz, "Win", "model npz", win, why)) != Status::ok) return s;
  if (win.a.ndim != 2) return fail(Status::size_mismatch, why, "Win must be N x M, is " + shape_text(win.a));
  if (win.a.shape[0] < 1 || win.a.shape[0] > kMaxModelNeurons || win.a.shape[1] > kMaxModelInputs) {
    return fail(Status::invalid_argument, why, "Win is " + shape_text(win.a) + ": N in [1, 65535], M <= 4096");
  }
  r.n = static_cast<std::uint32_t>(win.a.shape[0]);
  r.m = static_cast<std::uint32_t>(win.a.shape[1]);
  const std::uint64_t n = r.n;

  if ((s = load(model_npz, "Wout", "model npz", wout, why)) != Status::ok) return s;
  if (wout.a.ndim != 2 || wout.a.shape[0] != n) {
    return fail(Status::size_mismatch, why, "Wout must be N x K with N = " + std::to_string(n) + ", is " + shape_text(wout.a));
  }
  if (wout.a.shape[1] < 1 || wout.a.shape[1] > kMaxModelOutputs) {
    return fail(Status::invalid_argument, why, "Wout is " + shape_text(wout.a) + ": K in [1, 4096]");
  }
  r.k = static_cast<std::uint32_t>(wout.a.shape[1]);

  // The recurrent weights: dense, or sparse from one of two places.
  if (has(names, "W")) {
    Loaded w;
    if ((s = load(model_npz, "W", "model npz", w, why)) != Status::ok) return s;
    if (w.a.ndim != 2 || w.a.shape[0] != n || w.a.shape[1] != n) {
      return fail(Status::size_mismatch, why, "W must be N x N with N = " + std::to_string(n) + ", is " + shape_text(w.a));
    }
    if ((s = values(w, "W", r.W, r.Wf, why)) != Status::ok) return s;
  } else if (embedded_sparse) {
    if ((s = sparse_w(model_npz, names, "W_", "model npz", r.n, r, why)) != Status::ok) return s;
  } else {
    if ((s = sparse_w(*sparse_W_npz, sparse_names, "", "sparse W npz", r.n, r, why)) != Status::ok) return s;
  }

  if ((s = values(win, "Win", r.W_in, r.W_inf, why)) != Status::ok) return s;
  if (has(names, "bias")) {
    Loaded b;
    if ((s = load(model_npz, "bias", "model npz", b, why)) != Status::ok) return s;
    if (!vector_shape(b.a, n, true)) {
      return fail(Status::size_mismatch, why, "bias must be (N,) or (N, 1) with N = " + std::to_string(n) + ", is " + shape_text(b.a));
    }
    if ((s = values(b, "bias", r.b, r.bf, why)) != Status::ok) return s;
  } else {
    r.b.assign(r.n, 0.0);
    r.bf.assign(r.n, 0.0f);
  }
  std::vector<double> wout_given;
  std::vector<float> wout_given_f;
  if ((s = values(wout, "Wout", wout_given, wout_given_f, why)) != Status::ok) return s;
  r.W_out.resize(wout_given.size());
  r.W_outf.resize(wout_given.size());
  for (std::uint32_t i = 0; i < r.n; ++i) {
    for (std::uint32_t j = 0; j < r.k; ++j) {
      const std::size_t from = std::size_t{i} * r.k + j, to = std::size_t{j} * r.n + i;
      r.W_out[to] = wout_given[from];
      r.W_outf[to] = wout_given_f[from];
    }
  }
  if (has(names, "bout")) {
    Loaded c;
    if ((s = load(model_npz, "bout", "model npz", c, why)) != Status::ok) return s;
    if (!vector_shape(c.a, r.k, false)) {
      return fail(Status::size_mismatch, why, "bout must be (K,) or (1, K) with K = " + std::to_string(r.k) + ", is " + shape_text(c.a));
    }
    if ((s = values(c, "bout", r.c, r.cf, why)) != Status::ok) return s;
  } else {
    r.c.assign(r.k, 0.0);
    r.cf.assign(r.k, 0.0f);
  }

  if ((s = load(model_npz, "lr", "model npz", lr, why)) != Status::ok) return s;
  if (lr.a.count != 1) return fail(Status::size_mismatch, why, "lr must be a single value, is " + shape_text(lr.a));
  std::vector<double> leak;
  std::vector<float> leak_f;
  if ((s = values(lr, "lr", leak, leak_f, why)) != Status::ok) return s;
  if (!(leak[0] > 0.0 && leak[0] <= 1.0) || !(leak_f[0] > 0.0f)) {
    return fail(Status::invalid_argument, why, "lr must be in (0, 1], is " + std::to_string(leak[0]));
  }
  r.leak = leak[0];
  if ((s = load(model_npz, "activation", "model npz", act, why)) != Status::ok) return s;
  if ((s = text(act, "activation", r.activation, why)) != Status::ok) return s;
  if (r.activation != "tanh") {
    return fail(Status::unsupported_format, why, "activation '" + r.activation + "': only \"tanh\" is supported");
  }

  ModelSpec& sp = r.spec;
  sp.form = ModelForm::echo_state;
  sp.integrator = IntegratorKind::none;
  sp.activation = ActivationKind::tanh;
  sp.storage = r.sparse ? CouplingStorage::sparse : CouplingStorage::dense;
  sp.features = 0;
  sp.n = r.n;
  sp.m = r.m;
  sp.k = r.k;
  sp.leak = leak_f[0];
  sp.sparse.index_bytes = 4;
  sp.sparse.nnz = static_cast<std::uint32_t>(r.val.size());
  r.bind();
  s = validate(sp);
  if (s != Status::ok) return fail(s, why, std::string("the imported model does not validate: ") + to_string(s));
  out = std::move(r);
  return Status::ok;
}

}  // namespace edgechaos
