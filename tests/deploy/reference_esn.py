#!/usr/bin/env python3
"""The NumPy reference of the deploy loop (issue 11): two small echo-state models in
ReservoirPy 0.4's shapes, saved as numpy.savez would save them, an input series and the
NumPy traces of shared/RESERVOIR.md section 1's map, computed exactly as ReservoirPy does:

    x(t) = (1 - lr) x(t-1) + lr tanh(W x(t-1) + Win u(t) + bias),   x(-1) = 0
    y(t) = x(t) @ Wout + bout

numpy only (scipy's sparse layout is written by hand: scipy.sparse.save_npz's keys, dtypes
and compression). Everything is seeded, so every run writes the same files.

Files written to --out-dir:
  contracting.npz          N = 40, M = 1, K = 2, leak 0.5: W of density 0.1 rescaled so that
                           its spectral NORM ||W||_2 is 0.9 (so the map contracts in the
                           2-norm by q = (1 - lr) + lr ||W||_2 = 0.95: the float32 bound of
                           tests/deploy/test_deploy.py needs a contraction, which a spectral
                           radius of 0.9 alone does not give); bias (N,), bout (K,)
  contracting_model_sparseW.npz, contracting_W.npz
                           the same model without W, and W in scipy.sparse.save_npz's CSR
                           layout (format, shape, indices, indptr, data; DEFLATE-compressed)
  contracting_be_fortran.npz  the same model, W big-endian float64 in Fortran order,
                           Win float32 (the parser's other layouts; same values as float64)
  chaotic.npz              N = 50, M = 1, K = 1, leak 1, W of density 0.1 rescaled to a
                           spectral radius of 1.8 (eigenvalues), input scaling 0.1;
                           bias (N, 1), bout (1, K)
  U.npy                    T x 1 inputs, float64, uniform in [-0.5, 0.5]
  <model>_trace64.npz      states (T x N), outputs (T x K): float64 arithmetic
  <model>_trace32.npz      the same with every array and every operation in float32
"""
import argparse
import os
import re
import zipfile

import numpy as np


def sparse_w(rng, n, density, gain_to, kind):
    """W with N(0, 1) entries on a Bernoulli(density) mask, rescaled so that its spectral
    radius (kind 'radius') or its spectral norm (kind 'norm') is gain_to."""
    mask = rng.random((n, n)) < density
    w = np.where(mask, rng.standard_normal((n, n)), 0.0)
    if kind == "radius":
        scale = np.max(np.abs(np.linalg.eigvals(w)))
    else:
        scale = np.linalg.norm(w, 2)
    return w * (gain_to / scale)


def make_model(seed, n, m, k, gain_to, kind, leak, input_scaling, bias_scale):
    rng = np.random.default_rng(seed)
    w = sparse_w(rng, n, 0.1, gain_to, kind)
    win = input_scaling * np.where(rng.random((n, m)) < 0.5, -1.0, 1.0)  # Bernoulli +-scaling
    bias = bias_scale * rng.uniform(-1.0, 1.0, n)
    wout = rng.standard_normal((n, k)) / np.sqrt(n)  # Ridge's layout: N x K
    bout = rng.uniform(-0.5, 0.5, k)
    return {"W": w, "Win": win, "bias": bias, "Wout": wout, "bout": bout, "lr": leak}


def trace(model, u, dtype):
    """ReservoirPy's Reservoir + Ridge over u (T x M), every array and operation in dtype."""
    w = model["W"].astype(dtype)
    win = model["Win"].astype(dtype)
    b = model["bias"].astype(dtype).reshape(-1)
    wout = model["Wout"].astype(dtype)
    bout = model["bout"].astype(dtype).reshape(-1)
    lr = dtype(model["lr"])
    one = dtype(1)
    u = u.astype(dtype)
    t_len, n = u.shape[0], w.shape[0]
    x = np.zeros(n, dtype=dtype)
    states = np.empty((t_len, n), dtype=dtype)
    outputs = np.empty((t_len, wout.shape[1]), dtype=dtype)
    for t in range(t_len):
        x = (one - lr) * x + lr * np.tanh(w @ x + win @ u[t] + b)
        states[t] = x
        outputs[t] = x @ wout + bout
    return states, outputs


def save_model(path, model, bias_shape, bout_shape, without_w=False):
    arrays = {
        "Win": model["Win"],
        "bias": model["bias"].reshape(bias_shape),
        "Wout": model["Wout"],
        "bout": model["bout"].reshape(bout_shape),
        "lr": np.array(model["lr"]),          # 0-d float64
        "activation": np.array("tanh"),       # 0-d '<U4'
    }
    if not without_w:
        arrays["W"] = model["W"]
    np.savez(path, **arrays)


def save_scipy_csr(path, w):
    """scipy.sparse.save_npz(path, csr_matrix(w)) without scipy: savez_compressed of
    indices (int32), indptr (int32), format (0-d b'csr'), shape (int64 pair), data."""
    rows, cols = np.nonzero(w)  # row-major order: CSR's
    indptr = np.zeros(w.shape[0] + 1, dtype=np.int32)
    np.add.at(indptr, rows + 1, 1)
    indptr = np.cumsum(indptr, dtype=np.int32)
    np.savez_compressed(path, indices=cols.astype(np.int32), indptr=indptr, format=np.array(b"csr"),
                        shape=np.array(w.shape, dtype=np.int64), data=w[rows, cols])


def save_other_layouts(path, model):
    """W big-endian float64 in Fortran order, Win float32 (exact: +-scaling), the rest as usual."""
    w_be = np.asfortranarray(model["W"].astype(">f8"))
    np.savez(path, W=w_be, Win=model["Win"].astype(np.float32), bias=model["bias"], Wout=model["Wout"],
             bout=model["bout"], lr=np.array(model["lr"]), activation=np.array("tanh"))


def write_input_header(path, u):
    """U as float32 hex literals (exact), for examples/firmware/reference_trace."""
    v = u.astype(np.float32)
    lines = ["// Generated by tests/deploy/reference_esn.py --input-header: do not edit.",
             "// The reference input U (T x M, float32: the values a float32 trace reads).", "#pragma once", "",
             "namespace reference_input {", "", f"inline constexpr int kSteps = {v.shape[0]};",
             f"inline constexpr int kInputs = {v.shape[1]};",
             "alignas(4) inline constexpr float kU[kSteps * kInputs] = {"]
    flat = [re.sub(r"\.?0*p", "p", float(x).hex()) + "f" for x in v.reshape(-1)]
    for i in range(0, len(flat), 6):
        lines.append("    " + ", ".join(flat[i:i + 6]) + ",")
    lines += ["};", "", "}  // namespace reference_input", ""]
    with open(path, "w") as f:
        f.write("\n".join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out-dir", required=True)
    p.add_argument("--steps", type=int, default=10000)
    p.add_argument("--input-header", help="also write U (float32) as a C++ header for the firmware")
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)
    out = lambda name: os.path.join(a.out_dir, name)  # noqa: E731

    u = np.random.default_rng(7).uniform(-0.5, 0.5, (a.steps, 1))
    np.save(out("U.npy"), u)

    contracting = make_model(11, 40, 1, 2, 0.9, "norm", 0.5, 0.5, 0.1)
    chaotic = make_model(12, 50, 1, 1, 1.8, "radius", 1.0, 0.1, 0.05)
    save_model(out("contracting.npz"), contracting, (40,), (2,))
    save_model(out("contracting_model_sparseW.npz"), contracting, (40,), (2,), without_w=True)
    save_scipy_csr(out("contracting_W.npz"), contracting["W"])
    save_other_layouts(out("contracting_be_fortran.npz"), contracting)
    save_model(out("chaotic.npz"), chaotic, (50, 1), (1, 1))

    for name, model in (("contracting", contracting), ("chaotic", chaotic)):
        for bits, dtype in ((64, np.float64), (32, np.float32)):
            s, y = trace(model, u, dtype)
            np.savez(out(f"{name}_trace{bits}.npz"), states=s, outputs=y)

    if a.input_header:
        write_input_header(a.input_header, u)

    with zipfile.ZipFile(out("contracting_W.npz")) as z:  # the layout scipy writes: deflated
        assert all(i.compress_type == zipfile.ZIP_DEFLATED for i in z.infolist())


if __name__ == "__main__":
    main()
