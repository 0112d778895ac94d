#!/usr/bin/env python3
"""Writes the NumPy/SciPy files the .npy/.npz tests read, and what numpy says they hold.

Usage: make_npy_cases.py OUT_DIR

numpy and scipy write every file (numpy.lib.format.write_array for each format version,
numpy.savez / savez_compressed, scipy.sparse.save_npz), and numpy computes every expected
value, so the C++ parser is compared with an independent reader. OUT_DIR/cases.txt has one
line per case of space-separated key=value fields:

  kind=npy file=F status=S [dtype=D big=0|1 fortran=0|1 shape=a,b values=... values32=... text=T text_status=S]
  kind=npz file=F key=K method=0|8 (then the npy fields of the entry)
  kind=model file=F [sparse=F] status=S [n= m= k= leak= W= Win= b= Wout_T= c= row_ptr= col= val=]

Float values are float.hex of the float64 value (exact); values32 is numpy's float32
rounding of them (astype(float32)); integers are decimal; lists are comma-separated, '-'
for an empty one; shape '-' is 0-d. Only numpy and scipy are used.
"""
import io
import os
import sys
import zipfile

import numpy as np
import scipy.sparse as sp
from numpy.lib import format as npformat

OUT = sys.argv[1]
os.makedirs(OUT, exist_ok=True)
lines = []
rng = np.random.default_rng(20261127)


def hexlist(a):
    flat = np.ascontiguousarray(a).ravel()
    return ",".join(float(x).hex() for x in flat.astype(np.float64)) if flat.size else "-"


def intlist(a):
    flat = np.ascontiguousarray(a).ravel()
    return ",".join(str(int(x)) for x in flat) if flat.size else "-"


def shape_text(shape):
    return ",".join(str(s) for s in shape) if len(shape) else "-"


DTYPE_NAMES = {"f4": "float32", "f8": "float64", "i4": "int32", "i8": "int64"}


def describe(a):
    """The npy fields numpy's view of array `a` gives (as saved: C or Fortran order)."""
    kind = a.dtype.kind
    fields = {"status": "ok", "shape": shape_text(a.shape)}
    if kind in "fi":
        fields["dtype"] = DTYPE_NAMES[a.dtype.str[1:]]
        fields["big"] = "1" if a.dtype.byteorder == ">" else "0"
        fields["fortran"] = "1" if (a.ndim > 1 and a.flags.f_contiguous and not a.flags.c_contiguous) else "0"
        if kind == "f":
            fields["values"] = hexlist(a)
            with np.errstate(over="ignore"):
                a32 = a.astype(np.float32)
            if np.all(np.isfinite(a32)):
                fields["values32"] = hexlist(a32)
        else:
            fields["values"] = intlist(a)
    elif kind in "US":
        fields["dtype"] = "unicode" if kind == "U" else "bytes"
        fields["big"] = "1" if a.dtype.byteorder == ">" else "0"
        fields["fortran"] = "0"
        text = str(a[()]) if kind == "U" else a[()].decode("latin-1")
        if text and all(0x20 <= ord(ch) < 0x7F for ch in text):
            fields["text"] = text
        else:
            fields["text_status"] = "unsupported_format"
    return fields


def emit(kind, **fields):
    lines.append(" ".join([f"kind={kind}"] + [f"{k}={v}" for k, v in fields.items()]))


def save_npy(name, a, version, status=None):
    with open(os.path.join(OUT, name), "wb") as f:
        npformat.write_array(f, a, version=version, allow_pickle=True)
    if status is None:
        emit("npy", file=name, **describe(a))
    else:
        emit("npy", file=name, status=status)


# Every float dtype, byte order, memory order and format version, over 0 to 4 dims. The
# values cover signs, -0.0, subnormals and the extremes of float32.
shapes = [(), (5,), (3, 4), (2, 3, 4), (2, 1, 3, 2)]
for base in ("f4", "f8"):
    for order_char in "<>":
        for memory in "CF":
            for version in ((1, 0), (2, 0), (3, 0)):
                for shape in shapes:
                    a = rng.standard_normal(shape) * 3.0
                    flat = a.reshape(-1)
                    if flat.size >= 5:
                        flat[0] = -0.0
                        flat[1] = 1e-40 if base == "f4" else 1e-310
                        flat[2] = -3.4028234663852886e38
                    a = a.astype(order_char + base)
                    if memory == "F":
                        a = np.asfortranarray(a)
                    name = f"float_{base}{'le' if order_char == '<' else 'be'}_{memory}_v{version[0]}_{len(shape)}d.npy"
                    save_npy(name, a, version)

# Integer index arrays (SciPy's indices and indptr), both widths and byte orders.
for base in ("i4", "i8"):
    for order_char in "<>":
        for memory in "CF":
            a = rng.integers(0, 1000, size=(3, 4)).astype(order_char + base)
            if memory == "F":
                a = np.asfortranarray(a)
            save_npy(f"int_{base}{'le' if order_char == '<' else 'be'}_{memory}.npy", a, (1, 0))

# 0-d strings, as numpy.savez stores a Python str, and SciPy's |S3 format name.
save_npy("str_tanh_le.npy", np.array("tanh"), (1, 0))
save_npy("str_tanh_be.npy", np.array("tanh", dtype=">U4"), (2, 0))
save_npy("str_padded.npy", np.array("ab", dtype="<U8"), (3, 0))
save_npy("str_bytes_csr.npy", np.array(b"csr"), (1, 0))
save_npy("str_non_ascii.npy", np.array("\u00e9t\u00e9"), (3, 0))

# What the library refuses as unsupported_format: object arrays, other dtypes, > 4 dims.
save_npy("object.npy", np.array([1, "a", None], dtype=object), (1, 0), status="unsupported_format")
save_npy("bool.npy", np.array([True, False]), (1, 0), status="unsupported_format")
save_npy("int16.npy", np.arange(4, dtype="<i2"), (1, 0), status="unsupported_format")
save_npy("float16.npy", np.arange(4, dtype="<f2"), (1, 0), status="unsupported_format")
save_npy("complex64.npy", np.arange(4, dtype="<c8"), (1, 0), status="unsupported_format")
save_npy("structured.npy", np.zeros(3, dtype=[("a", "<f4"), ("b", "<i4")]), (1, 0), status="unsupported_format")
save_npy("five_dims.npy", np.zeros((1, 2, 1, 2, 1), dtype="<f4"), (1, 0), status="unsupported_format")

# Values the float copies refuse (non_finite_input) while the parse is fine.
save_npy("nan_f4.npy", np.array([1.0, np.nan, 2.0], dtype="<f4"), (1, 0))
save_npy("inf_f8.npy", np.array([[1.0, -np.inf]], dtype=">f8"), (1, 0))
save_npy("huge_f8.npy", np.array([1e300, 1.0]), (1, 0))

# Archives: numpy.savez (STORED, zip64 extras), savez_compressed (DEFLATE), a streamed
# savez (sizes in data descriptors), SciPy's sparse layout (csr, csc; compressed or not).
arrays = {
    "a": rng.standard_normal((3, 4)),
    "b": rng.standard_normal(5).astype("<f4"),
    "c": np.asfortranarray(rng.standard_normal((2, 3)).astype(">f8")),
    "s": np.array("tanh"),
}


def emit_npz(name, entries, method):
    for key, a in entries.items():
        emit("npz", file=name, key=key, method=method, **describe(a))


np.savez(os.path.join(OUT, "savez.npz"), **arrays)
emit_npz("savez.npz", arrays, 0)
np.savez_compressed(os.path.join(OUT, "savez_compressed.npz"), **arrays)
emit_npz("savez_compressed.npz", arrays, 8)


class Unseekable(io.RawIOBase):
    """A write-only stream: zipfile then writes each entry's sizes after its data."""

    def __init__(self):
        self.buf = bytearray()

    def writable(self):
        return True

    def write(self, b):
        self.buf += b
        return len(b)


stream = Unseekable()
np.savez(stream, **arrays)
with open(os.path.join(OUT, "savez_streamed.npz"), "wb") as f:
    f.write(bytes(stream.buf))
with zipfile.ZipFile(os.path.join(OUT, "savez_streamed.npz")) as z:
    assert all(info.flag_bits & 8 for info in z.infolist()), "expected data descriptors"
emit_npz("savez_streamed.npz", arrays, 0)


def sparse_fields(m):
    """The canonical CSR (duplicates summed, columns increasing) numpy/scipy make of m."""
    c = sp.csr_matrix(m, copy=True)
    c.sum_duplicates()
    c.sort_indices()
    return {"row_ptr": intlist(c.indptr), "col": intlist(c.indices), "val": hexlist(c.data), "dense": hexlist(c.toarray())}


N, M, K = 20, 2, 3
dense_w = rng.standard_normal((N, N)) * (1.2 / np.sqrt(N))
mask = rng.random((N, N)) < 0.2
w_sparse = sp.csr_matrix(np.where(mask, dense_w, 0.0))
# A non-canonical CSR: row 0 gets a duplicate and its columns out of order.
indptr, indices, data = w_sparse.indptr.copy(), w_sparse.indices.copy(), w_sparse.data.copy()
extra_cols = np.array([7, 3, 7], dtype=indices.dtype)
extra_vals = np.array([0.25, -0.5, 0.125])
indices = np.concatenate([extra_cols, indices])
data = np.concatenate([extra_vals, data])
indptr = indptr + 3
indptr[0] = 0
w_noncanonical = sp.csr_matrix((data, indices, indptr), shape=(N, N))
assert not w_noncanonical.has_canonical_format
w_csc = sp.csc_matrix(w_noncanonical.toarray())
# A non-canonical CSC too: column 2 holds row 5 twice.
csc_indptr, csc_indices, csc_data = w_csc.indptr.copy(), w_csc.indices.copy(), w_csc.data.copy()
ins = csc_indptr[2]
csc_indices = np.insert(csc_indices, ins, [5, 5])
csc_data = np.insert(csc_data, ins, [1.5, -0.75])
csc_indptr[3:] += 2
w_csc_noncanonical = sp.csc_matrix((csc_data, csc_indices, csc_indptr), shape=(N, N))

sp.save_npz(os.path.join(OUT, "sparse_csr.npz"), w_noncanonical)
sp.save_npz(os.path.join(OUT, "sparse_csc.npz"), w_csc_noncanonical)
sp.save_npz(os.path.join(OUT, "sparse_csr_stored.npz"), w_sparse, compressed=False)
for name, mat in (("sparse_csr.npz", w_noncanonical), ("sparse_csc.npz", w_csc_noncanonical),
                  ("sparse_csr_stored.npz", w_sparse)):
    emit("sparse", file=name, **sparse_fields(mat))

# ReservoirPy-shaped models: W (N x N), Win (N x M), bias (N x 1), Wout (N x K), bout (1 x K),
# lr and activation 0-d.
win = rng.uniform(-1, 1, (N, M))
bias = rng.uniform(-0.2, 0.2, (N, 1))
wout = rng.standard_normal((N, K)) * 0.3
bout = rng.standard_normal((1, K))
lr = np.array(0.3)


def model_fields(w, win_, bias_, wout_, bout_, lr_):
    f = {"status": "ok", "n": N, "m": win_.shape[1], "k": wout_.shape[1], "leak": float(lr_).hex(),
         "Win": hexlist(win_), "b": hexlist(bias_.reshape(-1)), "Wout_T": hexlist(wout_.T),
         "c": hexlist(bout_.reshape(-1))}
    if sp.issparse(w):
        f.update({k: v for k, v in sparse_fields(w).items()})
    else:
        f["W"] = hexlist(w)
    return f


def save_model(name, sparse=None, expect=None, **arrs):
    np.savez(os.path.join(OUT, name), **arrs)
    extra = {"sparse": sparse} if sparse else {}
    if expect is None:
        w = arrs.get("W")
        if sparse == "sparse_csr.npz":
            w = w_noncanonical
        elif sparse == "sparse_csc.npz":
            w = w_csc_noncanonical
        elif "W_data" in arrs:
            w = w_noncanonical
        fields = model_fields(w, arrs["Win"], arrs.get("bias", np.zeros(N)), arrs["Wout"],
                              arrs.get("bout", np.zeros(arrs["Wout"].shape[1])), arrs["lr"])
        emit("model", file=name, **extra, **fields)
    else:
        emit("model", file=name, **extra, status=expect)


base = dict(W=dense_w, Win=win, bias=bias, Wout=wout, bout=bout, lr=lr, activation=np.array("tanh"))
save_model("model_dense.npz", **base)
save_model("model_flat_biases.npz", **{**base, "bias": bias.reshape(-1), "bout": bout.reshape(-1)})
save_model("model_float32.npz", **{k: (v.astype(np.float32) if v.dtype.kind == "f" else v) for k, v in base.items()})
save_model("model_no_biases.npz", **{k: v for k, v in base.items() if k not in ("bias", "bout")})
save_model("model_fortran_be.npz", **{**base, "W": np.asfortranarray(dense_w.astype(">f8")),
                                      "Wout": np.asfortranarray(wout.astype(">f4"))})
no_w = {k: v for k, v in base.items() if k != "W"}
np.savez(os.path.join(OUT, "model_for_sparse.npz"), **no_w)
emit("model", file="model_for_sparse.npz", sparse="sparse_csr.npz",
     **model_fields(w_noncanonical, win, bias, wout, bout, lr))
emit("model", file="model_for_sparse.npz", sparse="sparse_csc.npz",
     **model_fields(w_csc_noncanonical, win, bias, wout, bout, lr))
emit("model", file="model_for_sparse.npz", sparse="sparse_csr_stored.npz",
     **model_fields(w_sparse, win, bias, wout, bout, lr))
save_model("model_embedded_sparse.npz", **no_w, W_data=w_noncanonical.data, W_indices=w_noncanonical.indices,
           W_indptr=w_noncanonical.indptr, W_shape=np.array(w_noncanonical.shape), W_format=np.array(b"csr"))
# Models the importer refuses, each with the status the contract gives it.
save_model("model_relu.npz", expect="unsupported_format", **{**base, "activation": np.array("relu")})
save_model("model_win_rows.npz", expect="size_mismatch", **{**base, "Win": win[:-1]})
save_model("model_wout_rows.npz", expect="size_mismatch", **{**base, "Wout": wout[:-1]})
save_model("model_bout_len.npz", expect="size_mismatch", **{**base, "bout": np.zeros(K + 1)})
save_model("model_nan_wout.npz", expect="non_finite_input", **{**base, "Wout": np.where(np.eye(N, K) > 0, np.nan, wout)})
save_model("model_inf_w.npz", expect="non_finite_input", **{**base, "W": np.where(np.eye(N) > 0, np.inf, dense_w)})
save_model("model_lr_big.npz", expect="invalid_argument", **{**base, "lr": np.array(1.5)})
save_model("model_int_w.npz", expect="unsupported_format", **{**base, "W": np.ones((N, N), dtype=np.int64)})
save_model("model_no_wout.npz", expect="malformed_file", **{k: v for k, v in base.items() if k != "Wout"})
save_model("model_object.npz", expect="unsupported_format", **{**base, "activation": np.array(["tanh", 1], dtype=object)})
save_model("model_sparse_shape.npz", expect="size_mismatch", **no_w, W_data=w_sparse.data,
           W_indices=w_sparse.indices, W_indptr=w_sparse.indptr, W_shape=np.array([N, N + 1]))

with open(os.path.join(OUT, "cases.txt"), "w") as f:
    f.write("\n".join(lines) + "\n")
