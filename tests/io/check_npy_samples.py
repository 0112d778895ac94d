#!/usr/bin/env python3
"""Reads what write_npy_samples wrote with numpy and checks shapes, dtypes and every value.

Usage: check_npy_samples.py DIR. Exit status 0 when numpy reads everything as intended.
"""
import os
import sys
import zipfile

import numpy as np

d = sys.argv[1]
ref = (np.arange(24, dtype=np.float64) - 2.5) / 3.0
failures = []


def check(name, got, dtype, shape, values):
    if got.dtype != np.dtype(dtype) or got.shape != shape or not np.array_equal(got, values.reshape(shape)):
        failures.append(f"{name}: {got.dtype} {got.shape}")
    if got.ndim > 1 and not got.flags.c_contiguous:
        failures.append(f"{name}: not C order")


check("scalar_f8", np.load(os.path.join(d, "scalar_f8.npy")), "<f8", (), ref[:1])
check("vector_f4", np.load(os.path.join(d, "vector_f4.npy")), "<f4", (24,), ref.astype(np.float32))
check("matrix_f8", np.load(os.path.join(d, "matrix_f8.npy")), "<f8", (4, 6), ref)
check("cube_f4", np.load(os.path.join(d, "cube_f4.npy")), "<f4", (2, 3, 4), ref.astype(np.float32))
check("empty_f4", np.load(os.path.join(d, "empty_f4.npy")), "<f4", (0, 5), ref[:0])
with np.load(os.path.join(d, "archive.npz")) as z:
    if z.files != ["W_out", "c", "activation"]:
        failures.append(f"archive: files {z.files}")
    check("archive:W_out", z["W_out"], "<f4", (3, 8), ref.astype(np.float32))
    check("archive:c", z["c"], "<f8", (3,), ref[:3])
    if z["activation"].shape != () or str(z["activation"]) != "tanh":
        failures.append("archive:activation")
with zipfile.ZipFile(os.path.join(d, "archive.npz")) as z:
    bad = z.testzip()  # every CRC-32
    if bad is not None:
        failures.append(f"archive: CRC of {bad}")
for f in failures:
    print("FAIL", f)
print("numpy read", "everything" if not failures else f"{len(failures)} failures")
sys.exit(1 if failures else 0)
