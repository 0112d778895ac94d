#!/usr/bin/env python3
"""How many bits? The physics table and the NARMA10 table of issue 14 (item 8, quality).

Drives `edgechaos bits` (cmake --build build/host -j1 --target edgechaos_cli) and prints
Markdown tables (docs/fixed_point_bits.md holds a run of it); every JSON it ran is kept in
--out (default build/fixed_bits):

  1. physics at 16-bit weights and 32-bit states against double precision: N = 256 and 1000,
     g in {0.5, 0.8, 1.5, 2}, gamma in {-0.5, 0, 0.5} (activity, regime, ratio);
  2. the transition: for each gamma, g on a grid around g_c = 1 / (1 + gamma), the last g
     that is quiescent and the first that is active, float and 16:32 (N = 256 and 1000), and
     the same at narrower widths (N = 256, gamma = 0);
  3. where the physics degrades: activity against (W, S) at N = 256, g = 2 and g = 0.8;
  4. NARMA10 at N = 100: test NRMSE (mean +- std over --seeds seeds) against (W, S), float
     alongside, and whether each is within one seed std of float.
Not run in CI (a few minutes on one core); the CI runs `bits` on a tiny grid
(tests/fixed/CMakeLists.txt).

usage: tools/fixed_physics.py [--bin PATH] [--out DIR] [--seeds 10] [--quick]
"""
import argparse
import json
import os
import subprocess
import sys
import time


def bits(binary, out_dir, name, args):
    path = os.path.join(out_dir, name + ".json")
    t0 = time.time()
    res = subprocess.run([binary, "bits"] + args, capture_output=True, text=True)
    if res.returncode != 0:
        sys.exit(f"fixed_physics: edgechaos bits {' '.join(args)} failed: {res.stderr.strip()}")
    with open(path, "w") as f:
        f.write(res.stdout)
    print(f"  {name}: {time.time() - t0:.1f} s", file=sys.stderr)
    return json.loads(res.stdout)


def fmt(v, digits=3):
    if v is None:
        return "null"
    if v == 0:
        return "0"
    if abs(v) < 1e-3 or abs(v) >= 1e4:
        return f"{v:.2e}"
    return f"{v:.{digits}g}"


def physics_table(binary, out_dir, sizes):
    print("### 1. Physics at 16-bit weights, 32-bit states (one seed, seed 1)\n")
    print("Euler dt = 0.1, 2000 steps, activity (1/N)|x|^2 averaged over the last 1000; "
          "g(1 + gamma) is the edge's coordinate.\n")
    print("| N | g | gamma | g(1+gamma) | float activity | float regime | 16:32 activity | 16:32 regime | 16:32 / float - 1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for n in sizes:
        for g in (0.5, 0.8, 1.5, 2.0):
            for gamma in (-0.5, 0.0, 0.5):
                d = bits(binary, out_dir, f"physics_n{n}_g{g}_gamma{gamma}",
                         ["--n", str(n), "--g", str(g), "--gamma", str(gamma), "--weight-bits", "16", "--state-bits", "32"])
                r = d["results"][0]
                f = d["float"]
                rel = r["relative_to_float"] if f["regime"] != "quiescent" else None
                print(f"| {n} | {g:g} | {gamma:g} | {g * (1 + gamma):g} | {fmt(f['value'])} | {f['regime']} | "
                      f"{fmt(r['value'])} | {r['regime']} | {fmt(rel, 2) if rel is not None else '-'} |")
    print()


def edge_of(rows, pick):
    """(last g not chaotic, first g chaotic) of the grid: a frozen state (the rounding dead
    zone's fixed point at small widths) is on the ordered side, like a quiescent one."""
    gs = sorted(rows)
    chaotic = [g for g in gs if pick(rows[g]) == "chaotic"]
    ordered = [g for g in gs if pick(rows[g]) != "chaotic"]
    last_o = max((g for g in ordered if not chaotic or g < min(chaotic)), default=None)
    first_c = min(chaotic, default=None)
    return last_o, first_c


def transition_table(binary, out_dir, sizes, widths_narrow):
    print("### 2. The transition at g(1 + gamma) = 1\n")
    print("g on the grid g_c x {0.8, 0.9, 0.95, 1.05, 1.1, 1.2}, g_c = 1/(1 + gamma); the edge lies between "
          "the last ordered g (quiescent or frozen) and the first chaotic g (active and moving); the regime of "
          "the last ordered g is given. One seed.\n")
    print("| N | gamma | g_c | widths | last ordered g (regime) | first chaotic g |")
    print("|---|---|---|---|---|---|")
    factors = (0.8, 0.9, 0.95, 1.05, 1.1, 1.2)
    for n in sizes:
        for gamma in (-0.5, 0.0, 0.5):
            widths = [(16, 32)] + (widths_narrow if (n == sizes[0] and gamma == 0.0) else [])
            gc = 1.0 / (1.0 + gamma)
            rows = {}
            for k in factors:
                g = round(gc * k, 4)
                args = ["--n", str(n), "--g", str(g), "--gamma", str(gamma),
                        "--weight-bits", ",".join(str(w) for w in sorted({w for w, _ in widths})),
                        "--state-bits", ",".join(str(s) for s in sorted({s for _, s in widths}))]
                rows[g] = bits(binary, out_dir, f"transition_n{n}_gamma{gamma}_g{g}", args)
            lq, fa = edge_of(rows, lambda d: d["float"]["regime"])
            below = rows[lq]["float"]["regime"] if lq is not None else "-"
            print(f"| {n} | {gamma:g} | {gc:.3g} | float | {lq} ({below}) | {fa} |")
            for w, s in widths:
                def pick(d, w=w, s=s):
                    for r in d["results"]:
                        if r["weight_bits"] == w and r["state_bits"] == s:
                            return r["regime"]
                    return "missing"
                lq, fa = edge_of(rows, pick)
                below = pick(rows[lq]) if lq is not None else "-"
                print(f"| {n} | {gamma:g} | {gc:.3g} | {w}:{s} | {lq} ({below}) | {fa} |")
    print()


def grid_table(title, d, value_fmt=fmt):
    ws = sorted({r["weight_bits"] for r in d["results"]})
    ss = sorted({r["state_bits"] for r in d["results"]})
    print(title + "\n")
    print("| W \\ S | " + " | ".join(str(s) for s in ss) + " |")
    print("|---|" + "---|" * len(ss))
    for w in ws:
        cells = []
        for s in ss:
            r = next(r for r in d["results"] if r["weight_bits"] == w and r["state_bits"] == s)
            cells.append(value_fmt(r))
        print(f"| {w} | " + " | ".join(cells) + " |")
    print()


def degradation(binary, out_dir, quick):
    print("### 3. Where the physics degrades (N = 256, gamma = 0, one seed)\n")
    print("Activity (1/N)|x|^2 and regime (c chaotic, f fixed point, q quiescent) against weight bits W and "
          "state bits S; relative to the double run in parentheses.\n")
    ws = "4:16:2" if not quick else "4:16:4"
    ss = "8:32:4" if not quick else "8:32:8"
    for g in (2.0, 1.5, 0.8):
        d = bits(binary, out_dir, f"degrade_n256_g{g}", ["--n", "256", "--g", str(g), "--weight-bits", ws, "--state-bits", ss])
        f = d["float"]

        def cell(r):
            tag = {"chaotic": "c", "fixed_point": "f", "quiescent": "q"}.get(r["regime"], r["regime"])
            rel = f" ({r['relative_to_float']:+.0%})" if f["regime"] != "quiescent" and r["value"] is not None else ""
            return f"{fmt(r['value'])} {tag}{rel}"
        grid_table(f"g = {g:g}: float activity {fmt(f['value'])} ({f['regime']})", d, cell)


def narma(binary, out_dir, seeds, quick):
    print(f"### 4. NARMA10 at N = 100 ({seeds} seeds, mean +- std of the test NRMSE)\n")
    print("Echo-state map x' = tanh(J x + W_in u + b), g = 0.9, W_in = +-0.1, b = +-0.2, ridge 1e-6 in double on "
          "the dequantised states; 100 washout, 2000 train, 1000 test. * marks a mean within one seed std of "
          "the double result.\n")
    ws = "4:16:2" if not quick else "4:16:4"
    d = bits(binary, out_dir, "narma_n100", ["--task", "narma10", "--n", "100", "--seeds", str(seeds),
                                              "--weight-bits", ws, "--state-bits", "8:16:2" if not quick else "8:16:4"])
    d2 = bits(binary, out_dir, "narma_n100_s32", ["--task", "narma10", "--n", "100", "--seeds", str(seeds),
                                                   "--weight-bits", ws, "--state-bits", "24:32:8"])
    merged = dict(d)
    merged["results"] = d["results"] + d2["results"]
    f = d["float"]
    print(f"Double precision: {f['value']:.3f} +- {f['value_std']:.3f} (seeds run: {d['seeds_run']}).\n")
    grid_table("Cells: test NRMSE, mean +- std over the seeds.", merged,
               lambda r: f"{r['value']:.3f} +- {r['value_std']:.3f}{' *' if r.get('within_float_std') else ''}")


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bin", default=os.path.join(os.path.dirname(__file__), "..", "build", "host", "bin", "edgechaos"))
    p.add_argument("--out", default=os.path.join(os.path.dirname(__file__), "..", "build", "fixed_bits"))
    p.add_argument("--seeds", type=int, default=10)
    p.add_argument("--quick", action="store_true", help="N = 256 only, coarser grids (a smoke run)")
    p.add_argument("--parts", default="1234", help="which tables (default 1234)")
    a = p.parse_args()
    os.makedirs(a.out, exist_ok=True)
    sizes = (256,) if a.quick else (256, 1000)
    if "1" in a.parts:
        physics_table(a.bin, a.out, sizes)
    if "2" in a.parts:
        transition_table(a.bin, a.out, sizes, [(12, 16), (8, 16), (6, 12)])
    if "3" in a.parts:
        degradation(a.bin, a.out, a.quick)
    if "4" in a.parts:
        narma(a.bin, a.out, a.seeds, a.quick)


if __name__ == "__main__":
    main()
