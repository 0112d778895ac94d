#include "deploy_model.hpp"

#include <cstring>

#include "edgechaos/io/model_image.hpp"
#include "edgechaos/io/npy.hpp"
#include "files.hpp"

namespace edgechaos::cli {

namespace {

Status fail(Status s, std::string& why, const std::string& text) {
  why = text;
  return s;
}

std::vector<double> widen(const Scalar* p, std::size_t count) {
  return p == nullptr ? std::vector<double>() : std::vector<double>(p, p + count);
}

}  // namespace

Status load_model(const std::string& path, const std::string& sparse_w_path, LoadedModel& out, std::string& why) {
  std::vector<unsigned char> bytes;
  if (!read_whole_file(path, bytes, why)) return Status::invalid_argument;
  static constexpr unsigned char kZip[4] = {'P', 'K', 3, 4};
  if (bytes.size() >= 4 && std::memcmp(bytes.data(), kZip, 4) == 0) {
    std::vector<unsigned char> sparse;
    if (!sparse_w_path.empty() && !read_whole_file(sparse_w_path, sparse, why)) return Status::invalid_argument;
    auto imported = std::make_unique<ImportedModel>();
    std::string reason;
    const Status s = import_reservoirpy(bytes, sparse_w_path.empty() ? nullptr : &sparse, *imported, reason);
    // ReservoirPy's W is a scipy.sparse matrix: numpy.savez stores it as an object array.
    const char* hint = s == Status::unsupported_format && reason.find("'W'") != std::string::npos
                           ? " (a scipy sparse W: save it with scipy.sparse.save_npz and pass --sparse-W)"
                           : "";
    if (s != Status::ok) return fail(s, why, path + ": " + to_string(s) + ": " + reason + hint);
    out.spec = imported->spec;
    out.imported = std::move(imported);
    out.from_npz = true;
    return Status::ok;
  }
  if (!sparse_w_path.empty()) return fail(Status::invalid_argument, why, "--sparse-W belongs to a NumPy .npz model");
  ModelSpec view;
  out.image = std::move(bytes);
  const Status s = read_model_image(out.image.data(), out.image.size(), view);
  if (s != Status::ok) {
    const char* hint = s == Status::unsupported_version ? " (an old weight blob or a newer image: re-export the model)"
                       : s == Status::malformed_file   ? " (not a model image or a NumPy .npz, or damaged)"
                                                       : "";
    return fail(s, why, path + ": " + to_string(s) + hint);
  }
  out.spec = view;
  return Status::ok;
}

Status double_model(LoadedModel& model, EchoStateDouble& out, std::string& why) {
  const ModelSpec& s = model.spec;
  if (s.form != ModelForm::echo_state || s.activation != ActivationKind::tanh)
    return fail(Status::unsupported_format, why, "--double runs the echo-state map with tanh only");
  EchoStateDouble d;
  d.n = s.n, d.m = s.m, d.k = s.k, d.features = s.features;
  const std::size_t n = s.n, m = s.m, k = s.k, f = s.feature_count();
  if (model.imported) {  // the values as given
    const ImportedModel& im = *model.imported;
    d.leak = im.leak;
    if (im.sparse) {
      d.row_ptr = im.row_ptr.data(), d.col = im.col.data(), d.val = im.val.data();
    } else {
      d.W = im.W.data();
    }
    d.W_in = im.W_in.data(), d.b = im.b.empty() ? nullptr : im.b.data();
    d.W_out = im.W_out.data(), d.c = im.c.empty() ? nullptr : im.c.data();
  } else {  // a model image holds floats: widened exactly
    d.leak = static_cast<double>(s.leak);
    if (s.storage == CouplingStorage::dense) {
      model.W = widen(s.J, n * n);
      d.W = model.W.data();
    } else if (s.storage == CouplingStorage::sparse) {
      const SparseSpec& sp = s.sparse;
      model.row_ptr.resize(n + 1);
      model.col.resize(sp.nnz);
      for (std::size_t i = 0; i <= n; ++i) model.row_ptr[i] = sp.index_bytes == 2 ? sp.row_ptr16[i] : sp.row_ptr32[i];
      for (std::size_t e = 0; e < sp.nnz; ++e) model.col[e] = sp.index_bytes == 2 ? sp.col16[e] : sp.col32[e];
      model.val = widen(sp.val, sp.nnz);
      d.row_ptr = model.row_ptr.data(), d.col = model.col.data(), d.val = model.val.data();
    } else {
      return fail(Status::unsupported_format, why, "--double needs J stored in the model (not the seed form)");
    }
    if (s.W_fb != nullptr) return fail(Status::unsupported_format, why, "--double has no output feedback");
    model.W_in = widen(s.W_in, n * m);
    model.b = widen(s.b, n);
    model.W_out = widen(s.W_out, k * f);
    model.c = widen(s.c, k);
    d.W_in = model.W_in.empty() ? nullptr : model.W_in.data();
    d.b = model.b.empty() ? nullptr : model.b.data();
    d.W_out = model.W_out.data();
    d.c = model.c.empty() ? nullptr : model.c.data();
  }
  const Status st = validate(d);
  if (st != Status::ok) return fail(st, why, std::string("the double model: ") + to_string(st));
  out = d;
  return Status::ok;
}

Status load_inputs(const std::string& path, std::uint32_t inputs, std::vector<double>& u, std::size_t& steps,
                   std::string& why) {
  std::vector<unsigned char> bytes;
  if (!read_whole_file(path, bytes, why)) return Status::invalid_argument;
  NpyArray a;
  Status s = parse_npy(bytes.data(), bytes.size(), a);
  if (s != Status::ok) return fail(s, why, path + ": " + to_string(s));
  if (a.dtype != NpyDtype::float32 && a.dtype != NpyDtype::float64)
    return fail(Status::unsupported_format, why, path + ": unsupported_format: the inputs must be float32 or float64");
  const bool column = a.ndim == 1 && inputs == 1;
  if (!(a.ndim == 2 || column) || a.shape[0] < 1)
    return fail(Status::size_mismatch, why, path + ": size_mismatch: the inputs must be T x M (T >= 1)");
  const std::uint64_t m = column ? 1 : a.shape[1];
  if (m != inputs)
    return fail(Status::size_mismatch, why,
                path + ": size_mismatch: " + std::to_string(m) + " inputs per row, the model has " +
                    std::to_string(inputs));
  std::vector<double> values(static_cast<std::size_t>(a.count));
  s = npy_copy_double(a, values.data(), values.size());
  if (s != Status::ok) return fail(s, why, path + ": " + to_string(s));
  u.swap(values);
  steps = static_cast<std::size_t>(a.shape[0]);
  return Status::ok;
}

}  // namespace edgechaos::cli

#include <cctype>
#include <cstdio>

#include "edgechaos/host/model_header.hpp"
#include "command.hpp"
#include "json.hpp"

namespace edgechaos::cli {

namespace {

std::string identifier_from(const std::string& path) {
  const std::size_t slash = path.find_last_of('/');
  std::string stem = path.substr(slash == std::string::npos ? 0 : slash + 1);
  const std::size_t dot = stem.find('.');
  if (dot != std::string::npos) stem.resize(dot);
  std::string id;
  for (char c : stem) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "model_" + id;
  return id;
}

// A copy of J in the other storage (owned here; `spec` is re-pointed at it).
struct Restored {
  std::vector<Scalar> J, val;
  std::vector<std::uint16_t> row_ptr16, col16;
  std::vector<std::uint32_t> row_ptr32, col32;
};

std::string restore(const ModelSpec& in, const std::string& storage, Restored& r, ModelSpec& out) {
  out = in;
  if (storage.empty()) return {};
  if (in.storage == CouplingStorage::generated) return "--storage: J is generated from its seed (the seed form)";
  const std::size_t n = in.n;
  const SparseSpec& sp = in.sparse;
  auto entry = [&](std::size_t e) { return sp.index_bytes == 2 ? std::size_t{sp.col16[e]} : std::size_t{sp.col32[e]}; };
  auto row = [&](std::size_t i) {
    return sp.index_bytes == 2 ? std::size_t{sp.row_ptr16[i]} : std::size_t{sp.row_ptr32[i]};
  };
  if (storage == "dense") {
    if (in.storage == CouplingStorage::dense) return {};
    r.J.assign(n * n, 0.0f);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t e = row(i); e < row(i + 1); ++e) r.J[i * n + entry(e)] += sp.val[e];
    out.storage = CouplingStorage::dense;
    out.J = r.J.data();
    out.sparse = SparseSpec{};
    return {};
  }
  if (in.storage == CouplingStorage::sparse) return {};
  r.row_ptr32.push_back(0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      const Scalar v = in.J[i * n + j];
      if (v == 0.0f) continue;
      r.col32.push_back(static_cast<std::uint32_t>(j));
      r.val.push_back(v);
    }
    r.row_ptr32.push_back(static_cast<std::uint32_t>(r.col32.size()));
  }
  SparseSpec csr;
  csr.nnz = static_cast<std::uint32_t>(r.val.size());
  csr.val = r.val.data();
  if (n <= 65536u && r.val.size() <= 65535u) {  // 16-bit indices: 2 bytes an entry less
    r.row_ptr16.assign(r.row_ptr32.begin(), r.row_ptr32.end());
    r.col16.assign(r.col32.begin(), r.col32.end());
    csr.index_bytes = 2;
    csr.row_ptr16 = r.row_ptr16.data();
    csr.col16 = r.col16.data();
  } else {
    csr.index_bytes = 4;
    csr.row_ptr32 = r.row_ptr32.data();
    csr.col32 = r.col32.data();
  }
  out.storage = CouplingStorage::sparse;
  out.J = nullptr;
  out.sparse = csr;
  return {};
}

std::string cost_json(const ExportCost& c) {
  JsonObject j;
  j.integer("flash_bytes", static_cast<long long>(c.flash_bytes));
  j.integer("ram_bytes", static_cast<long long>(c.ram_bytes));
  return j.str();
}

}  // namespace

int write_model_outputs(const char* command, const ModelSpec& original, const std::string& source, ModelOutputs o) {
  Restored restored;
  ModelSpec spec;
  const std::string refused = restore(original, o.storage, restored, spec);
  if (!refused.empty()) return input_error(command, source + ": " + refused);
  std::vector<unsigned char> image;
  std::string header;
  const std::size_t image_bytes = model_image_size(spec);
  if (image_bytes == 0)
    return input_error(command, source + ": invalid_argument: the model is not valid for a model image");
  ExportCosts costs;
  const Status sc = export_costs(spec, costs);
  if (sc != Status::ok) return input_error(command, source + ": " + to_string(sc));
  // The budget: every form that will be written must fit.
  const auto over = [&](const char* what, const ExportCost& c) -> std::string {
    if (o.max_flash > 0 && c.flash_bytes > o.max_flash)
      return std::string("capacity_exceeded: the ") + what + " form needs " + std::to_string(c.flash_bytes) +
             " bytes of flash, --max-flash is " + std::to_string(o.max_flash);
    if (o.max_ram > 0 && c.ram_bytes > o.max_ram)
      return std::string("capacity_exceeded: the ") + what + " form needs " + std::to_string(c.ram_bytes) +
             " bytes of RAM, --max-ram is " + std::to_string(o.max_ram);
    return {};
  };
  std::string too_big = o.image_path.empty() ? std::string() : over("image", costs.image);
  if (too_big.empty() && !o.header_path.empty())
    too_big = over(o.form.c_str(), o.form == "seed" ? costs.seed : o.form == "image" ? costs.image : costs.arrays);
  if (!too_big.empty()) return input_error(command, source + ": " + too_big);
  if (!o.image_path.empty()) {
    image.resize(image_bytes);
    const Status s = write_model_image(spec, image.data(), image.size());
    if (s != Status::ok) return input_error(command, source + ": cannot write the model image: " + to_string(s));
  }
  if (!o.header_path.empty()) {
    if (o.name_space.empty()) o.name_space = identifier_from(o.header_path);
    const HeaderForm f = o.form == "seed"    ? HeaderForm::seed
                         : o.form == "image" ? HeaderForm::image
                                             : HeaderForm::arrays;
    const Status s = model_header(spec, o.name_space, f, header);
    if (s == Status::unsupported_format)
      return input_error(command, source +
                                      ": unsupported_format: --form seed needs J and W_in exactly as their generator"
                                      " makes them (an imported or rescaled J is not)");
    if (s != Status::ok) return input_error(command, source + ": cannot export the header: " + to_string(s));
  }
  std::string why;
  if (!o.image_path.empty() && !write_file_atomically(o.image_path, image, why)) return input_error(command, why);
  if (!o.header_path.empty() && !write_file_atomically(o.header_path, header, why)) return input_error(command, why);

  JsonObject j;
  j.string("source", source);
  if (!o.image_path.empty()) j.string("image", o.image_path);
  if (!o.header_path.empty()) {
    j.string("header", o.header_path).string("form", o.form).string("namespace", o.name_space);
  }
  j.string("form_of_model", spec.form == ModelForm::echo_state ? "echo_state" : "continuous");
  const bool sparse = spec.storage == CouplingStorage::sparse;
  j.string("storage", spec.storage == CouplingStorage::dense ? "dense" : sparse ? "sparse" : "generated");
  if (sparse) j.integer("nnz", spec.sparse.nnz).integer("index_bytes", spec.sparse.index_bytes);
  j.integer("n", spec.n).integer("m", spec.m).integer("k", spec.k).integer("features", spec.feature_count());
  j.integer("image_bytes", static_cast<long long>(image_bytes));
  JsonObject c;
  c.raw("arrays", cost_json(costs.arrays)).raw("image", cost_json(costs.image));
  if (costs.seed_possible) c.raw("seed", cost_json(costs.seed));
  j.raw("costs", c.str()).boolean("seed_possible", costs.seed_possible);
  std::printf("%s\n", j.str().c_str());
  return 0;
}

// A C++ namespace name: identifiers joined by "::" (the text goes into the header verbatim).
static bool is_namespace_name(const std::string& s) {
  std::size_t at = 0;
  while (true) {
    const std::size_t begin = at;
    while (at < s.size() && (std::isalnum(static_cast<unsigned char>(s[at])) || s[at] == '_')) ++at;
    if (at == begin || std::isdigit(static_cast<unsigned char>(s[begin]))) return false;
    if (at == s.size()) return true;
    if (s.compare(at, 2, "::") != 0) return false;
    at += 2;
  }
}

ModelOutputs parse_model_outputs(Args& args) {
  ModelOutputs o;
  o.image_path = args.text("out", "");
  o.header_path = args.text("header", "");
  o.form = args.choice("form", "arrays", {"arrays", "image", "seed"});
  o.name_space = args.text("namespace", "");
  if (!o.name_space.empty() && !is_namespace_name(o.name_space))
    throw UsageError{"--namespace: '" + o.name_space + "' is not a C++ namespace name (identifiers joined by ::)"};
  o.storage = args.choice("storage", "", {"dense", "sparse"});
  o.max_flash = static_cast<unsigned long long>(args.integer("max-flash", 0, 0, 1LL << 40));
  o.max_ram = static_cast<unsigned long long>(args.integer("max-ram", 0, 0, 1LL << 40));
  return o;
}

}  // namespace edgechaos::cli
