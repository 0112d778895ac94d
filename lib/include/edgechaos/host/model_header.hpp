/// \file
/// The C++ header of a trained model (the "export" of the deploy loop). A firmware includes
/// it and runs the model in a few lines:
/// \code{.unparsed}
///   NAMESPACE::Runner runner;                         // the exact io/model_runner.hpp type
///   edgechaos::Status s = runner.bind(NAMESPACE::spec());                    // arrays
///   ... or runner.bind(NAMESPACE::spec(), NAMESPACE::ram.view());             // seed
///   ... or ModelSpec v; s = NAMESPACE::spec(v); s = runner.bind(v);           // image
///   s = runner.step(u, y);
/// \endcode
/// Three forms (HeaderForm):
/// \code{.unparsed}
///   arrays  `inline constexpr` arrays (flash) with exact hexadecimal float literals
///           (std::snprintf "%a": every float's bits), J dense or in compressed rows as the
///           spec has it, the sizes as constants, and a constexpr spec();
///   image   the model image (io/model_image.hpp) as an aligned byte array, read zero-copy
///           at run time (spec(view) checks it: CRCs, fields, finiteness);
///   seed    only the generator's seeds and parameters for J and W_in (regenerated on the
///           device into RAM the header declares), the trained arrays (b, W_out, c, W_fb) as
///           in `arrays`. Refused (unsupported_format) unless the spec's storage is
///           generated, or its J and W_in are known to come from its generator and
///           regenerating them here gives the very same bits (a J rescaled after
///           generation, as a spectral-radius scaling does, does not).
/// \endcode
/// export_costs() gives the flash and RAM bytes of the model's data in each form.
#pragma once

#include "edgechaos/host/host_only.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "edgechaos/core/status.hpp"
#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/model_spec.hpp"
#include "edgechaos/weights/couplings.hpp"
#include "edgechaos/weights/input_weights.hpp"
#include "edgechaos/weights/sparse_couplings.hpp"

namespace edgechaos {

/// The three forms of an exported header (see the file comment).
enum class HeaderForm : std::uint8_t {
  arrays,  ///< constexpr arrays with exact hexadecimal float literals
  image,   ///< the model image as an aligned byte array, read zero-copy
  seed     ///< J and W_in regenerated on the device from the generator's seeds
};

/// Bytes of the model's data in one export form. flash: the constant arrays (or the image);
/// ram: what the form adds in RAM (the regenerated J and W_in of the seed form; 0 for arrays
/// and image, whose weights stay in flash). The runner's own state (the model's bias, the
/// state, the stepper's workspace, features, output) is the same in every form and is not
/// counted here: it is sizeof(Runner) on the target.
struct ExportCost {
  std::size_t flash_bytes = 0;  ///< constant data (the arrays or the image)
  std::size_t ram_bytes = 0;    ///< RAM the form adds (regenerated J and W_in)
};
/// The ExportCost of each HeaderForm for one spec (export_costs()).
struct ExportCosts {
  ExportCost arrays,  ///< the arrays form (the seed form's cost for a generated spec)
      image,          ///< the image form
      seed;           ///< the seed form (zero when !seed_possible)
  bool seed_possible = false;  ///< the seed form would be accepted for this spec
};

/// \cond IMPLEMENTATION
// (this header's implementation helpers: out of the API reference, like detail::)
namespace header_detail {

inline std::string hex(float v) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%af", static_cast<double>(v));
  return buf;
}

inline void floats(std::string& out, const char* name, const char* size, const Scalar* v, std::size_t count) {
  out += "alignas(4) inline constexpr float ";
  out += name;
  out += "[";
  out += size;
  out += "] = {";
  for (std::size_t i = 0; i < count; ++i) {
    out += (i == 0 ? "\n    " : (i % 6 ? ", " : ",\n    "));
    out += hex(v[i]);
  }
  out += "};\n";
}

template <class I>
void ints(std::string& out, const char* type, const char* name, const char* size, const I* v, std::size_t count) {
  out += "alignas(4) inline constexpr ";
  out += type;
  out += " ";
  out += name;
  out += "[";
  out += size;
  out += "] = {";
  for (std::size_t i = 0; i < count; ++i) {
    out += (i == 0 ? "\n    " : (i % 16 ? ", " : ",\n    "));
    out += std::to_string(static_cast<std::uint64_t>(v[i]));
  }
  out += "};\n";
}

inline const char* form_name(ModelForm f) { return f == ModelForm::echo_state ? "echo_state" : "continuous"; }
inline const char* integrator_name(IntegratorKind k) {
  return k == IntegratorKind::euler ? "euler" : k == IntegratorKind::rk4 ? "rk4" : "none";
}
inline const char* activation_name(ActivationKind a) {
  return a == ActivationKind::tanh ? "tanh" : a == ActivationKind::fast_tanh ? "fast_tanh" : "sinh_tanh5";
}

// The J and W_in of the spec's generator, into vectors (dense J n*n; sparse CSR with 32-bit
// indices); nnz gets the count of a sparse draw.
struct Generated {
  std::vector<Scalar> J, val, W_in;
  std::vector<std::uint32_t> row_ptr, col;
  Index nnz = 0;
};
inline Status regenerate(const ModelSpec& s, Generated& g) {
  const Index n = s.n, m = s.m;
  if (s.generator.sparse_p == 1.0f) {
    g.J.assign(static_cast<std::size_t>(n * n), 0.0f);
    const Status st = generate_couplings(s.generator.couplings, g.J.data(), n);
    if (st != Status::ok) return st;
  } else {
    const SparseCouplingParams q{s.generator.couplings.g, s.generator.sparse_p, s.generator.couplings.seed};
    Status st = count_sparse_couplings(q, n, g.nnz);
    if (st != Status::ok) return st;
    g.row_ptr.assign(static_cast<std::size_t>(n + 1), 0u);
    g.col.assign(static_cast<std::size_t>(g.nnz + 1), 0u);
    g.val.assign(static_cast<std::size_t>(g.nnz + 1), 0.0f);
    st = generate_sparse_couplings(q, n, g.row_ptr.data(), g.col.data(), g.val.data(), g.nnz, g.nnz);
    if (st != Status::ok) return st;
  }
  g.W_in.assign(static_cast<std::size_t>(n * m + 1), 0.0f);
  return m > 0 ? generate_input_weights(s.generator.input, g.W_in.data(), n, m) : Status::ok;
}

inline bool same(const Scalar* a, const Scalar* b, std::size_t count) {
  return count == 0 || (a != nullptr && b != nullptr && std::memcmp(a, b, count * sizeof(Scalar)) == 0);
}

// Does the generator give this spec's J and W_in bit for bit? (Always, for storage generated.)
inline bool seed_reproduces(const ModelSpec& s) {
  if (s.storage == CouplingStorage::generated) return true;
  if (!s.generator_known) return false;
  if (validate(s.generator.couplings) != Status::ok || validate(s.generator.input) != Status::ok ||
      !(s.generator.sparse_p > 0.0f) || !(s.generator.sparse_p <= 1.0f)) {
    return false;
  }
  Generated g;
  if (regenerate(s, g) != Status::ok) return false;
  const std::size_t n = s.n, m = s.m;
  if (!same(g.W_in.data(), s.W_in, n * m)) return false;
  if (s.generator.sparse_p == 1.0f) {
    if (s.storage == CouplingStorage::dense) return same(g.J.data(), s.J, n * n);
    return false;  // a dense draw stored sparse: the runner would need the dense type
  }
  if (s.storage != CouplingStorage::sparse || static_cast<std::uint32_t>(g.nnz) != s.sparse.nnz) return false;
  for (std::size_t i = 0; i <= n; ++i) {
    const std::uint32_t r = s.sparse.index_bytes == 2 ? s.sparse.row_ptr16[i] : s.sparse.row_ptr32[i];
    if (r != g.row_ptr[i]) return false;
  }
  for (std::size_t e = 0; e < s.sparse.nnz; ++e) {
    const std::uint32_t c = s.sparse.index_bytes == 2 ? s.sparse.col16[e] : s.sparse.col32[e];
    if (c != g.col[e]) return false;
  }
  return same(g.val.data(), s.sparse.val, s.sparse.nnz);
}

// The index bytes of the runner for the generated form: 0 (dense draw), or 2/4 by size.
inline std::uint8_t generated_index_bytes(const ModelSpec& s, Index nnz) {
  if (s.generator.sparse_p == 1.0f) return 0;
  return (s.n <= 65535u && nnz <= 65535) ? 2 : 4;
}

}  // namespace header_detail
/// \endcond

/// The flash and RAM bytes of each export form for s (see ExportCost). invalid_argument /
/// non_finite_input as validate(s) says; `out` is written only on success.
inline Status export_costs(const ModelSpec& s, ExportCosts& out) {
  const Status v = validate(s);
  if (v != Status::ok) return v;
  ExportCosts c;
  const std::size_t n = s.n, m = s.m, k = s.k, f = s.feature_count();
  const std::size_t trained = 4 * (k * f + (s.b ? n : 0) + (s.c ? k : 0) + (s.W_fb ? n * k : 0));
  std::size_t J_bytes = 0;
  if (s.storage == CouplingStorage::dense) {
    J_bytes = 4 * n * n;
  } else if (s.storage == CouplingStorage::sparse) {
    const std::size_t nnz = s.sparse.nnz, ib = s.sparse.index_bytes;
    J_bytes = image::pad4(ib * (n + 1)) + image::pad4(ib * nnz) + 4 * nnz;
  }
  c.image.flash_bytes = model_image_size(s);
  c.seed_possible = header_detail::seed_reproduces(s);
  // The seed form's RAM: J and W_in regenerated (a sparse draw counted as the device runner
  // stores it: 16-bit indices when they fit; each array padded to 4 bytes, as in the
  // header's Ram struct).
  header_detail::Generated g;
  if (c.seed_possible) {
    const Status st = header_detail::regenerate(s, g);
    if (st != Status::ok) return st;
    const std::size_t gib = header_detail::generated_index_bytes(s, g.nnz);
    const std::size_t gnnz = static_cast<std::size_t>(g.nnz);
    const std::size_t gJ = gib == 0 ? 4 * n * n : image::pad4(gib * (n + 1)) + image::pad4(gib * gnnz) + 4 * gnnz;
    c.seed.ram_bytes = gJ + 4 * n * m;
    c.seed.flash_bytes = trained;
  }
  if (s.storage == CouplingStorage::generated) {
    c.arrays = c.seed;  // the arrays form of a generated spec is its seed form
  } else {
    c.arrays.flash_bytes = J_bytes + 4 * n * m + trained;
  }
  out = c;
  return Status::ok;
}

/// The header text of s in `form`, its declarations in namespace `name_space` (a C++
/// identifier, possibly nested with ::). invalid_argument / non_finite_input as validate(s)
/// says or for an empty namespace; unsupported_format for the seed form of a spec whose J
/// and W_in do not come from its generator (see the top of this file). `out` is written only
/// on success.
inline Status model_header(const ModelSpec& s, const std::string& name_space, HeaderForm form, std::string& out) {
  using namespace header_detail;
  const Status v = validate(s);
  if (v != Status::ok) return v;
  if (name_space.empty()) return Status::invalid_argument;
  if (form == HeaderForm::seed && !seed_reproduces(s)) return Status::unsupported_format;
  const bool seed = form == HeaderForm::seed || (form == HeaderForm::arrays && s.storage == CouplingStorage::generated);
  Generated g;
  if (seed) {
    const Status st = regenerate(s, g);
    if (st != Status::ok) return st;
  }
  const std::size_t n = s.n, m = s.m, k = s.k, f = s.feature_count();
  std::uint8_t ib = s.storage == CouplingStorage::sparse ? s.sparse.index_bytes : std::uint8_t{0};
  if (seed) ib = generated_index_bytes(s, g.nnz);

  std::string h;
  h += "// Generated by edgechaos (host/model_header.hpp, form ";
  h += form == HeaderForm::arrays ? "arrays" : form == HeaderForm::image ? "image" : "seed";
  h += "): do not edit.\n";
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "// Model: %s%s%s, activation %s, n = %zu, m = %zu, k = %zu, features %u (f = %zu), J %s.\n",
                form_name(s.form), s.form == ModelForm::continuous ? ", " : "",
                s.form == ModelForm::continuous ? integrator_name(s.integrator) : "", activation_name(s.activation), n,
                m, k, static_cast<unsigned>(s.features), f,
                seed ? "regenerated from its seed" : s.storage == CouplingStorage::dense ? "dense" : "compressed rows");
  h += buf;
  h += "#pragma once\n\n#include <cstddef>\n#include <cstdint>\n\n#include \"edgechaos/io/model_image.hpp\"\n"
       "#include \"edgechaos/io/model_runner.hpp\"\n#include \"edgechaos/io/model_spec.hpp\"\n\n";
  h += "namespace " + name_space + " {\n\n";
  std::snprintf(buf, sizeof buf,
                "inline constexpr int kN = %zu;  // neurons\ninline constexpr int kM = %zu;  // inputs\n"
                "inline constexpr int kK = %zu;  // outputs\ninline constexpr int kF = %zu;  // features\n",
                n, m, k, f);
  h += buf;
  std::snprintf(buf, sizeof buf,
                "using Runner = edgechaos::ModelRunner<kN, kM, kK, edgechaos::ModelForm::%s, edgechaos::IntegratorKind::%s,\n"
                "                                      edgechaos::ActivationKind::%s, %u, %u, %s>;\n\n",
                form_name(s.form), integrator_name(s.integrator), activation_name(s.activation), static_cast<unsigned>(ib),
                static_cast<unsigned>(s.features), seed ? "true" : "false");
  h += buf;

  if (form == HeaderForm::image) {
    const std::size_t size = model_image_size(s);
    std::vector<unsigned char> img(size);
    const Status st = write_model_image(s, img.data(), img.size());
    if (st != Status::ok) return st;
    std::snprintf(buf, sizeof buf, "inline constexpr std::size_t kImageBytes = %zu;\n", size);
    h += buf;
    h += "alignas(4) inline constexpr unsigned char kImage[kImageBytes] = {";
    for (std::size_t i = 0; i < size; ++i) {
      std::snprintf(buf, sizeof buf, "%s0x%02x", i == 0 ? "\n    " : (i % 16 ? ", " : ",\n    "), img[i]);
      h += buf;
    }
    h += "};\n\n// The model read (zero-copy, checked) from the image.\n"
         "inline edgechaos::Status spec(edgechaos::ModelSpec& view) {\n"
         "  return edgechaos::read_model_image(kImage, kImageBytes, view);\n}\n\n";
    h += "}  // namespace " + name_space + "\n";
    out = h;
    return Status::ok;
  }

  // arrays and seed
  std::string body;
  if (!seed) {
    if (s.storage == CouplingStorage::dense) {
      floats(body, "kJ", "kN * kN", s.J, n * n);
    } else {
      std::snprintf(buf, sizeof buf, "inline constexpr std::uint32_t kNnz = %u;\n", s.sparse.nnz);
      body += buf;
      const char* type = ib == 2 ? "std::uint16_t" : "std::uint32_t";
      if (ib == 2) {
        ints(body, type, "kRowPtr", "kN + 1", s.sparse.row_ptr16, n + 1);
        ints(body, type, "kCol", "kNnz", s.sparse.col16, s.sparse.nnz);
      } else {
        ints(body, type, "kRowPtr", "kN + 1", s.sparse.row_ptr32, n + 1);
        ints(body, type, "kCol", "kNnz", s.sparse.col32, s.sparse.nnz);
      }
      floats(body, "kVal", "kNnz", s.sparse.val, s.sparse.nnz);
    }
    if (m > 0) floats(body, "kW_in", "kN * kM", s.W_in, n * m);
  } else {
    std::snprintf(buf, sizeof buf,
                  "// J and W_in are regenerated into this RAM by Runner::bind(spec(), ram.view()).\n"
                  "inline constexpr std::uint32_t kGeneratedNnz = %u;  // entries of the sparse draw (0: dense)\n",
                  static_cast<unsigned>(ib == 0 ? 0 : g.nnz));
    body += buf;
    body += "struct Ram {\n";
    if (ib == 0) {
      body += "  float J[kN * kN];\n";
    } else {
      const char* type = ib == 2 ? "std::uint16_t" : "std::uint32_t";
      body += std::string("  ") + type + " row_ptr[kN + 1];\n  " + type + " col[kGeneratedNnz > 0 ? kGeneratedNnz : 1];\n";
      body += "  float val[kGeneratedNnz > 0 ? kGeneratedNnz : 1];\n";
    }
    body += "  float W_in[kN * kM > 0 ? kN * kM : 1];\n";
    body += "  Runner::Ram view() {\n    Runner::Ram r;\n";
    body += ib == 0 ? "    r.J = J;\n" : "    r.row_ptr = row_ptr;\n    r.col = col;\n    r.val = val;\n    r.capacity = kGeneratedNnz;\n";
    body += "    r.W_in = W_in;\n    return r;\n  }\n};\ninline Ram ram;  // RAM (.bss), one per program\n";
  }
  if (s.b != nullptr) floats(body, "kB", "kN", s.b, n);
  floats(body, "kW_out", "kK * kF", s.W_out, k * f);
  if (s.c != nullptr) floats(body, "kC", "kK", s.c, k);
  if (s.W_fb != nullptr) floats(body, "kW_fb", "kN * kK", s.W_fb, n * k);
  h += body;

  h += "\n// The ModelSpec of these arrays.\nconstexpr edgechaos::ModelSpec spec() {\n  edgechaos::ModelSpec s{};\n";
  std::snprintf(buf, sizeof buf,
                "  s.form = edgechaos::ModelForm::%s;\n  s.integrator = edgechaos::IntegratorKind::%s;\n"
                "  s.activation = edgechaos::ActivationKind::%s;\n  s.features = %u;\n",
                form_name(s.form), integrator_name(s.integrator), activation_name(s.activation),
                static_cast<unsigned>(s.features));
  h += buf;
  h += "  s.n = kN;\n  s.m = kM;\n  s.k = kK;\n";
  h += "  s.leak = " + hex(s.leak) + ";\n  s.dt = " + hex(s.dt) + ";\n";
  std::snprintf(buf, sizeof buf, "  s.k_hold = %u;\n", s.k_hold);
  h += buf;
  if (s.generator_known || seed) {
    const GeneratorSpec& gen = s.generator;
    h += "  s.generator_known = true;\n";
    h += "  s.generator.couplings.g = " + hex(gen.couplings.g) + ";\n";
    h += "  s.generator.couplings.gamma = " + hex(gen.couplings.gamma) + ";\n";
    h += "  s.generator.couplings.seed = " + std::to_string(gen.couplings.seed) + "u;\n";
    h += "  s.generator.sparse_p = " + hex(gen.sparse_p) + ";\n";
    h += "  s.generator.input.scaling = " + hex(gen.input.scaling) + ";\n";
    h += "  s.generator.input.connectivity = " + hex(gen.input.connectivity) + ";\n";
    h += std::string("  s.generator.input.kind = edgechaos::InputWeightKind::") +
         (gen.input.kind == InputWeightKind::bernoulli ? "bernoulli" : "uniform") + ";\n";
    h += "  s.generator.input.seed = " + std::to_string(gen.input.seed) + "u;\n";
  }
  if (seed) {
    h += "  s.storage = edgechaos::CouplingStorage::generated;\n";
  } else if (s.storage == CouplingStorage::dense) {
    h += "  s.storage = edgechaos::CouplingStorage::dense;\n  s.J = kJ;\n";
  } else {
    h += "  s.storage = edgechaos::CouplingStorage::sparse;\n";
    std::snprintf(buf, sizeof buf, "  s.sparse.index_bytes = %u;\n", static_cast<unsigned>(ib));
    h += buf;
    h += ib == 2 ? "  s.sparse.row_ptr16 = kRowPtr;\n  s.sparse.col16 = kCol;\n"
                 : "  s.sparse.row_ptr32 = kRowPtr;\n  s.sparse.col32 = kCol;\n";
    h += "  s.sparse.val = kVal;\n  s.sparse.nnz = kNnz;\n";
  }
  if (!seed && m > 0) h += "  s.W_in = kW_in;\n";
  if (s.b != nullptr) h += "  s.b = kB;\n";
  h += "  s.W_out = kW_out;\n";
  if (s.c != nullptr) h += "  s.c = kC;\n";
  if (s.W_fb != nullptr) h += "  s.W_fb = kW_fb;\n";
  h += "  return s;\n}\n\n}  // namespace " + name_space + "\n";
  out = h;
  return Status::ok;
}

/// The header text, or an empty string when model_header(s, name_space, form, out)
/// refuses (call that overload to learn why).

inline std::string model_header(const ModelSpec& s, const std::string& name_space, HeaderForm form) {
  std::string out;
  if (model_header(s, name_space, form, out) != Status::ok) out.clear();
  return out;
}

}  // namespace edgechaos
