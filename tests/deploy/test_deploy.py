#!/usr/bin/env python3
"""The deploy loop through the CLI (issue 11), numpy only. One case per ctest entry:

  test_deploy.py --cli BIN --work DIR CASE

DIR holds the files of reference_esn.py (the `setup` case writes them). The models (N, M, K,
seeds, leak, spectral radius or norm) are those of reference_esn.py: contracting N = 40,
M = 1, K = 2, leak 0.5, ||W||_2 = 0.9; chaotic N = 50, M = 1, K = 1, leak 1, rho(W) = 1.8;
T = 10 000 steps of U ~ uniform[-0.5, 0.5] (seed 7).
"""
import argparse
import os
import subprocess
import sys
import tempfile

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
U32 = 2.0 ** -24  # float32's unit roundoff


def run(cli, *args, expect=0):
    p = subprocess.run([cli, *args], capture_output=True, text=True)
    if p.returncode != expect:
        sys.exit(f"FAIL: {' '.join(args)}: exit {p.returncode}, expected {expect}\n{p.stdout}{p.stderr}")
    return p


def max_diff(trace, reference, rows=None):
    s = slice(None) if rows is None else slice(0, rows)
    return max(np.max(np.abs(trace["states"][s] - reference["states"][s])),
               np.max(np.abs(trace["outputs"][s] - reference["outputs"][s])))


def check(ok, text):
    print(("ok: " if ok else "FAIL: ") + text)
    if not ok:
        sys.exit(1)


def case_setup(cli, w):
    subprocess.run([sys.executable, os.path.join(HERE, "reference_esn.py"), "--out-dir", w], check=True)


def case_double(cli, w):
    """--double with the weights as given equals NumPy's float64 trace to 1e-12 (max abs over
    all states and outputs): the same operations in double, only the summation order and the
    C library's tanh differ (each ~1e-16 a step, damped by the contraction q = 0.95). For the
    three encodings of the contracting model: dense float64, W from scipy's sparse layout, W
    big-endian in Fortran order with Win float32."""
    ref = np.load(os.path.join(w, "contracting_trace64.npz"))
    for label, args in (("dense", ["contracting.npz"]),
                        ("scipy sparse W", ["contracting_model_sparseW.npz", "--sparse-W", "contracting_W.npz"]),
                        ("big-endian Fortran W", ["contracting_be_fortran.npz"])):
        with tempfile.TemporaryDirectory(dir=w) as t:
            out = os.path.join(t, "trace.npz")
            run(cli, "trace", *[os.path.join(w, a) if a.endswith(".npz") else a for a in args],
                "--input", os.path.join(w, "U.npy"), "--out", out, "--double")
            tr = np.load(out)
            check(tr["states"].dtype == np.float64 and tr["states"].shape == (10000, 40)
                  and tr["outputs"].shape == (10000, 2), f"{label}: float64 states 10000 x 40, outputs 10000 x 2")
            d = max_diff(tr, ref)
            check(d <= 1e-12, f"{label}: --double against NumPy float64, max abs {d:.3g} <= 1e-12")


def case_double_chaotic(cli, w):
    """The chaotic model (rho = 1.8) amplifies a rounding difference by its Lyapunov growth:
    --double equals NumPy to 1e-12 over the first 200 steps only (measured: 2e-13 over the first 200 steps,
    5e-11 by t = 400, 3e-9 by t = 1000)."""
    ref = np.load(os.path.join(w, "chaotic_trace64.npz"))
    with tempfile.TemporaryDirectory(dir=w) as t:
        out = os.path.join(t, "trace.npz")
        run(cli, "trace", os.path.join(w, "chaotic.npz"), "--input", os.path.join(w, "U.npy"), "--out", out, "--double")
        d = max_diff(np.load(out), ref, rows=200)
        check(d <= 1e-12, f"chaotic --double, first 200 steps: max abs {d:.3g} <= 1e-12")


def float32_bound(model, u):
    """A first-order worst-case bound on |x_float32(t) - x(t)| (2-norm, hence max abs) for the
    leaky map x' = (1 - a) x + a tanh(W x + Win u + b) in float32 arithmetic, along the float64
    trajectory x(t):
      e' = (1 - a) e + a D W e + r,  D = diag(tanh') in [0, 1]  =>  |e'| <= q |e| + |r|,
      q = (1 - a) + a ||W||_2 (0.95 here: the contraction),
      |r_i| <= a [(gamma_{N+M+2} + 3u) A_i + 4u |tanh s_i|] + 6u (|x_i| + a |tanh s_i|),
      A_i = sum_j |W_ij||x_j| + sum_j |Win_ij||u_j| + |b_i|  (Wilkinson's summation bound plus
      the rounding of W, Win, b, u to float32; tanhf within 2 ulp = 4u relative; the leak
      step's rounding of a, 1 - a, two products and a sum),
    so E_t = q E_{t-1} + |r(t)|. The outputs: |Wout_r| E_t + (gamma_{N+2} + 2u)(|Wout_r||x| + |bout_r|).
    Returns (state bound per step, output bound per step)."""
    W, Win = model["W"], model["Win"]
    b = model["bias"].reshape(-1)
    Wout, bout = model["Wout"], model["bout"].reshape(-1)
    a = float(model["lr"])
    n, m = W.shape[0], Win.shape[1]
    q = (1 - a) + a * np.linalg.norm(W, 2)
    assert q < 1, "the bound needs a contraction"
    gamma = lambda k: k * U32 / (1 - k * U32)  # noqa: E731
    x = np.zeros(n)
    e = 0.0
    state_bound = np.empty(len(u))
    out_bound = np.empty(len(u))
    wout_norm = np.linalg.norm(Wout, axis=0)
    for t in range(len(u)):
        s = W @ x + Win @ u[t] + b
        A = np.abs(W) @ np.abs(x) + np.abs(Win) @ np.abs(u[t]) + np.abs(b)
        phi = np.tanh(s)
        r = a * ((gamma(n + m + 2) + 3 * U32) * A + 4 * U32 * np.abs(phi)) + 6 * U32 * (np.abs(x) + a * np.abs(phi))
        x = (1 - a) * x + a * phi
        e = q * e + np.linalg.norm(r)
        state_bound[t] = e
        out_bound[t] = np.max(wout_norm * e + (gamma(n + 2) + 2 * U32) * (np.abs(Wout).T @ np.abs(x) + np.abs(bout)))
    return state_bound, out_bound


def case_float32_contracting(cli, w):
    """The float32 trace of the model image (the library's runner, the device's arithmetic)
    against NumPy's float64 trace over 10 000 steps, within float32_bound() step by step."""
    model = np.load(os.path.join(w, "contracting.npz"))
    u = np.load(os.path.join(w, "U.npy"))
    ref = np.load(os.path.join(w, "contracting_trace64.npz"))
    with tempfile.TemporaryDirectory(dir=w) as t:
        image, out = os.path.join(t, "m.bin"), os.path.join(t, "trace.npz")
        run(cli, "import", os.path.join(w, "contracting.npz"), "--out", image)
        run(cli, "trace", image, "--input", os.path.join(w, "U.npy"), "--out", out)
        tr = np.load(out)
    check(tr["states"].dtype == np.float32, "the float32 trace is float32")
    sb, ob = float32_bound(model, u)
    es = np.max(np.abs(tr["states"] - ref["states"]), axis=1)
    eo = np.max(np.abs(tr["outputs"] - ref["outputs"]), axis=1)
    print(f"float32 vs float64 over 10000 steps: states max {es.max():.3g} (bound {sb.max():.3g}), "
          f"outputs max {eo.max():.3g} (bound {ob.max():.3g})")
    check(np.all(es <= sb), "every state within the bound at every step")
    check(np.all(eo <= ob), "every output within the bound at every step")
    np32 = np.load(os.path.join(w, "contracting_trace32.npz"))
    d = max_diff(tr, np32)
    print(f"library float32 vs NumPy float32: max abs {d:.3g}")


def batch_se(series, batches=18):
    """Standard error of the mean of a correlated series by batch means."""
    means = np.array([c.mean() for c in np.array_split(series, batches)])
    return means.std(ddof=1) / np.sqrt(batches)


def case_float32_chaotic(cli, w):
    """Chaotic: the float32 and float64 trajectories part after a few hundred steps, so the
    statistics over steps 1000..9999 (after the washout) must agree instead: the population
    mean <x> and the second moment <x^2> (hence the variance), each within 5 sqrt(2) standard
    errors (batch means, 18 batches of 500 steps, of the float64 trace: two estimates of the
    same stationary quantity, each with that error)."""
    ref = np.load(os.path.join(w, "chaotic_trace64.npz"))["states"][1000:]
    with tempfile.TemporaryDirectory(dir=w) as t:
        out = os.path.join(t, "trace.npz")
        run(cli, "trace", os.path.join(w, "chaotic.npz"), "--input", os.path.join(w, "U.npy"), "--out", out)
        f32 = np.load(out)["states"][1000:].astype(np.float64)
    part = np.max(np.abs(f32 - ref), axis=1)
    check(part.max() > 0.1, f"the trajectories part (max difference {part.max():.3g}): the model is chaotic")
    for label, stat in (("mean", lambda s: s.mean(axis=1)), ("second moment", lambda s: (s * s).mean(axis=1))):
        a, b = stat(ref), stat(f32)
        tol = 5 * np.sqrt(2) * batch_se(a)
        check(abs(a.mean() - b.mean()) <= tol, f"{label}: float64 {a.mean():.5f}, float32 {b.mean():.5f}, "
                                               f"|difference| {abs(a.mean() - b.mean()):.2g} <= {tol:.2g}")
    print(f"variance: float64 {ref.var():.5f}, float32 {f32.var():.5f}")


def case_roundtrip(cli, w):
    """import -> .bin -> export --out -> .bin is byte-identical; the header from the .npz and
    from the .bin are the same text; the scipy-sparse import gives a sparse image whose trace
    equals the dense one's (same products, zeros skipped) to float32 rounding."""
    with tempfile.TemporaryDirectory(dir=w) as t:
        p = lambda name: os.path.join(t, name)  # noqa: E731
        run(cli, "import", os.path.join(w, "contracting.npz"), "--out", p("a.bin"), "--header", p("model_a.hpp"),
            "--namespace", "ref")
        run(cli, "export", p("a.bin"), "--out", p("b.bin"), "--header", p("model_b.hpp"), "--namespace", "ref")
        run(cli, "export", p("b.bin"), "--out", p("c.bin"))
        a, b, c = (open(p(f), "rb").read() for f in ("a.bin", "b.bin", "c.bin"))
        check(a == b == c, f"import -> export -> export: {len(a)} bytes, byte-identical")
        check(open(p("model_a.hpp")).read() == open(p("model_b.hpp")).read(),
              "the header from .npz and from .bin agree")
        r = run(cli, "import", os.path.join(w, "contracting_model_sparseW.npz"), "--sparse-W",
                os.path.join(w, "contracting_W.npz"), "--out", p("s.bin"))
        check('"storage": "sparse"' in r.stdout, "scipy's W gives a sparse image")
        for f in ("a", "s"):
            run(cli, "trace", p(f + ".bin"), "--input", os.path.join(w, "U.npy"), "--out", p(f + ".npz"))
        d = max_diff(np.load(p("a.npz")), np.load(p("s.npz")))
        check(d <= 1e-6, f"sparse image trace = dense image trace (max abs {d:.3g})")
        # --storage sparse: J's non-zero entries in compressed rows (16-bit indices); the
        # product keeps the dense summation order, so the trace is the dense one bit for bit,
        # and --storage dense gives the dense image back byte for byte.
        r = run(cli, "import", os.path.join(w, "contracting.npz"), "--out", p("cs.bin"), "--storage", "sparse")
        check('"index_bytes": 2' in r.stdout and os.path.getsize(p("cs.bin")) < len(a) / 3,
              f"--storage sparse: {os.path.getsize(p('cs.bin'))} bytes against {len(a)} dense")
        run(cli, "trace", p("cs.bin"), "--input", os.path.join(w, "U.npy"), "--out", p("cs.npz"))
        check(max_diff(np.load(p("cs.npz")), np.load(p("a.npz"))) == 0, "--storage sparse: the same trace bit for bit")
        run(cli, "export", p("cs.bin"), "--out", p("cd.bin"), "--storage", "dense")
        check(open(p("cd.bin"), "rb").read() == a, "--storage dense of the sparse image: the dense image byte for byte")
        for form in ("arrays", "image"):
            r = run(cli, "export", p("a.bin"), "--header", p(f"h_{form}.hpp"), "--form", form)
            check('"costs"' in r.stdout and os.path.getsize(p(f"h_{form}.hpp")) > 0,
                  f"export --form {form}: {r.stdout.strip()}")
        run(cli, "export", p("a.bin"), "--header", p("seed.hpp"), "--form", "seed", expect=2)
        check(not os.path.exists(p("seed.hpp")), "--form seed of an imported J: refused, no file")


def bad_files(w, t):
    """(name, bytes) of files that must be refused."""
    good = open(os.path.join(w, "contracting.npz"), "rb").read()
    model = dict(np.load(os.path.join(w, "contracting.npz")))
    cases = [("truncated.npz", good[: len(good) // 2]), ("empty.npz", b""), ("badmagic.bin", b"XXXX" + good[4:])]

    def npz(name, **changes):
        d = dict(model)
        d.update(changes)
        for k in [k for k, v in changes.items() if v is None]:
            del d[k]
        path = os.path.join(t, name)
        np.savez(path, **d)
        cases.append((name, open(path, "rb").read()))

    w_nan = model["W"].copy()
    w_nan[3, 5] = np.nan
    npz("nan_W.npz", W=w_nan)
    npz("inf_bias.npz", bias=np.full(40, np.inf))
    npz("mismatch_Win.npz", Win=np.ones((39, 1)))
    npz("mismatch_Wout.npz", Wout=np.ones((41, 2)))
    npz("object_W.npz", W=np.array([[None, 1]], dtype=object))
    npz("int_W.npz", W=np.ones((40, 40), dtype=np.int32))
    npz("no_lr.npz", lr=None)
    npz("sigmoid.npz", activation=np.array("sigmoid"))
    npz("bad_lr.npz", lr=np.array(1.5))
    # an old version-1 weight blob ("ECW1", weights/weight_blob.hpp): magic, version 1, n, m
    cases.append(("old_blob.bin", b"ECW1" + (1).to_bytes(4, "little") + (4).to_bytes(4, "little") + bytes(20)))
    return cases


def case_bad_files(cli, w):
    """Every bad file: exit 2, exactly one line on stderr, nothing on stdout, no output file,
    and an existing output file left as it was."""
    with tempfile.TemporaryDirectory(dir=w) as t:
        for name, data in bad_files(w, t):
            src = os.path.join(t, "in_" + name)
            with open(src, "wb") as f:
                f.write(data)
            for cmd in (["import", src, "--out", os.path.join(t, "out.bin")],
                        ["trace", src, "--input", os.path.join(w, "U.npy"), "--out", os.path.join(t, "out.npz")],
                        ["export", src, "--out", os.path.join(t, "out.bin")]):
                if cmd[0] == "export" and name.endswith(".npz"):
                    continue
                p = subprocess.run([cli, *cmd], capture_output=True, text=True)
                lines = p.stderr.count("\n")
                check(p.returncode == 2 and lines == 1 and p.stdout == "",
                      f"{cmd[0]} {name}: exit {p.returncode}, {lines} stderr line: {p.stderr.strip()}")
                check(not os.path.exists(cmd[-1]), f"{cmd[0]} {name}: no output file")
                check(not any(".tmp." in f for f in os.listdir(t)), f"{cmd[0]} {name}: no temporary file left")
        p = run(cli, "import", os.path.join(t, "in_object_W.npz"), "--out", os.path.join(t, "x.bin"), expect=2)
        check("--sparse-W" in p.stderr, f"an object W (scipy's sparse W through numpy.savez): {p.stderr.strip()}")
        old = next(d for n, d in bad_files(w, t) if n == "old_blob.bin")
        src = os.path.join(t, "old.bin")
        open(src, "wb").write(old)
        p = run(cli, "export", src, "--out", os.path.join(t, "x.bin"), expect=2)
        check("unsupported_version" in p.stderr, f"an ECW1 blob: {p.stderr.strip()}")
        # an existing output survives a failed command untouched
        keep = os.path.join(t, "keep.bin")
        open(keep, "wb").write(b"previous")
        run(cli, "import", os.path.join(t, "in_nan_W.npz"), "--out", keep, expect=2)
        check(open(keep, "rb").read() == b"previous", "a failed import leaves the existing output as it was")
        # a model larger than the target's budget
        p = run(cli, "import", os.path.join(w, "contracting.npz"), "--out", os.path.join(t, "big.bin"), "--max-flash",
                "4096", expect=2)
        check("capacity_exceeded" in p.stderr and p.stderr.count("\n") == 1
              and not os.path.exists(os.path.join(t, "big.bin")),
              f"over --max-flash: {p.stderr.strip()}")
        # inputs that do not fit the model
        np.save(os.path.join(t, "u2.npy"), np.zeros((10, 2)))
        p = run(cli, "trace", os.path.join(w, "contracting.npz"), "--input", os.path.join(t, "u2.npy"), "--out",
                os.path.join(t, "o.npz"), expect=2)
        check("size_mismatch" in p.stderr and not os.path.exists(os.path.join(t, "o.npz")),
              f"U with M = 2: {p.stderr.strip()}")


def case_undump(cli, w):
    """Firmware dump lines (among other log lines) -> DIR/<array>.npy, equal to the arrays
    that were dumped; a malformed line: exit 2, no file."""
    arrays = {"W_out": np.random.default_rng(3).standard_normal((2, 40)).astype("<f4"),
              "c": np.array([0.5, -1.25], dtype="<f4"), "count": np.array([7], dtype="<i4"),
              "P": np.arange(12, dtype="<f8").reshape(3, 4) / 3}
    with tempfile.TemporaryDirectory(dir=w) as t:
        log = ["boot: edgechaos firmware", "trained 3000 samples"]
        for name, a in arrays.items():
            log.append('[qemu] {"array":"%s","dtype":"%s","shape":[%s],"hex":"%s"}'
                       % (name, a.dtype.str, ",".join(map(str, a.shape)), a.tobytes().hex()))
        open(os.path.join(t, "log.txt"), "w").write("\n".join(log) + "\n")
        os.mkdir(os.path.join(t, "out"))
        run(cli, "undump", os.path.join(t, "log.txt"), "--out-dir", os.path.join(t, "out"))
        for name, a in arrays.items():
            b = np.load(os.path.join(t, "out", name + ".npy"))
            check(b.dtype == a.dtype and np.array_equal(a, b), f"undump {name}: {a.dtype.str} {a.shape} equal")
        open(os.path.join(t, "bad.txt"), "w").write('{"array":"x","dtype":"<f4","shape":[3],"hex":"00"}\n')
        os.mkdir(os.path.join(t, "out2"))
        run(cli, "undump", os.path.join(t, "bad.txt"), "--out-dir", os.path.join(t, "out2"), expect=2)
        check(os.listdir(os.path.join(t, "out2")) == [], "a malformed dump line writes nothing")


def case_undump_firmware_log(cli, w):
    """A real firmware log: examples/firmware/narma under QEMU (Cortex-M4F, mps2-an386), its
    report, its device-trained readout as dump lines (W_out 1 x 64, c 1) and its cost line,
    captured into tests/deploy/data/narma_fw_cortex-m4f.log. undump turns the dump lines into
    W_out.npy and c.npy: float32 of those shapes whose bytes are the logged hex, all finite."""
    log = os.path.join(HERE, "data", "narma_fw_cortex-m4f.log")
    text = open(log).read()
    with tempfile.TemporaryDirectory(dir=w) as t:
        run(cli, "undump", log, "--out-dir", t)
        check(sorted(os.listdir(t)) == ["W_out.npy", "c.npy"], f"undump of the firmware log: {sorted(os.listdir(t))}")
        for name, shape in (("W_out", (1, 64)), ("c", (1,))):
            a = np.load(os.path.join(t, name + ".npy"))
            line = next(x for x in text.splitlines() if x.startswith('{"array":"%s"' % name))
            ok = a.dtype == np.float32 and a.shape == shape and np.all(np.isfinite(a)) and a.tobytes().hex() in line
            check(ok, f"{name}: {a.dtype} {a.shape}, the logged bytes, finite")


def case_reservoir_save(cli, w):
    """reservoir --save: the trained reservoir and readout as a model image. The CLI reads the
    image back and runs it with the library's float32 runner over the first seed's test
    block (saved_nrmse_test); that must equal the NRMSE of the trained readout in double
    (nrmse_test) to 1e-4 relative (float32 readout weights and sums against double: ~1e-6
    relative measured), for each feature layout (the CLI's [x, x^2, u] reordered into the
    image's [u][x][x^2]), for the rate model and with a bias and an input offset (folded into
    the saved b); export and trace accept the image.
    NARMA10 and Mackey-Glass, N = 30, seed 3, one thread."""
    import json
    with tempfile.TemporaryDirectory(dir=w) as t:
        for args in (["--task", "narma10", "--features", "state"], ["--task", "narma10", "--features", "augmented"],
                     ["--task", "mackey-glass", "--model", "rate", "--features", "state-input"],
                     ["--task", "narma10", "--bias", "0.2", "--input-offset", "0.25"]):
            image = os.path.join(t, "saved.bin")
            r = json.loads(run(cli, "reservoir", *args, "--n", "30", "--seed", "3", "--threads", "1",
                               "--save", image).stdout)
            rel = abs(r["saved_nrmse_test"] - r["nrmse_test"]) / r["nrmse_test"]
            check(rel <= 1e-4, f"{' '.join(args)}: nrmse_test {r['nrmse_test']:.6g}, the saved image's "
                               f"{r['saved_nrmse_test']:.6g} (relative {rel:.2g} <= 1e-4)")
            e = json.loads(run(cli, "export", image, "--header", os.path.join(t, "saved.hpp")).stdout)
            check(e["n"] == 30 and e["k"] == 1, f"export of the saved model: n {e['n']}, k {e['k']}")
            np.save(os.path.join(t, "u.npy"), np.random.default_rng(1).uniform(0, 0.5, (100, 1)))
            run(cli, "trace", image, "--input", os.path.join(t, "u.npy"), "--out", os.path.join(t, "tr.npz"))
            check(np.all(np.isfinite(np.load(os.path.join(t, "tr.npz"))["outputs"])), "trace of the saved model")
        run(cli, "reservoir", "--task", "force", "--n", "30", "--save", os.path.join(t, "f.bin"), expect=2)
        check(not os.path.exists(os.path.join(t, "f.bin")), "--save with --task force: refused")


def case_firmware_headers(cli, w):
    """The headers committed in examples/firmware/reference_trace are what
    tools/make_reference_trace.sh makes: the reference input written by reference_esn.py and
    the model exported by `edgechaos import ... --header`, byte for byte."""
    fw = os.path.join(HERE, "..", "..", "examples", "firmware", "reference_trace")
    with tempfile.TemporaryDirectory(dir=w) as t:
        subprocess.run([sys.executable, os.path.join(HERE, "reference_esn.py"), "--out-dir", t, "--input-header",
                        os.path.join(t, "reference_input.hpp")], check=True)
        run(cli, "import", os.path.join(t, "contracting.npz"), "--header", os.path.join(t, "reference_model.hpp"),
            "--namespace", "reference_model")
        for name in ("reference_input.hpp", "reference_model.hpp"):
            same = open(os.path.join(t, name), "rb").read() == open(os.path.join(fw, name), "rb").read()
            check(same, f"{name}: the committed file is the generated one")


CASES = {name[5:]: f for name, f in globals().items() if name.startswith("case_")}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cli", required=True)
    p.add_argument("--work", required=True)
    p.add_argument("case", choices=sorted(CASES))
    a = p.parse_args()
    os.makedirs(a.work, exist_ok=True)
    CASES[a.case](a.cli, a.work)


if __name__ == "__main__":
    main()
