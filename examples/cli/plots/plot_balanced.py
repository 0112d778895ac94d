#!/usr/bin/env python3
"""The balanced E/I binary network: rates against the drive m0, and the rate distribution.

usage: edgechaos plot balanced [--ne NE --ni NI --k K] [--m0s LIST] [--time T] [--out FILE.png]

(a) m_E and m_I against m0: simulation points (`edgechaos balanced`), the finite-K mean
field of PHYSICS.md section 7 (`edgechaos theory balanced`: the Gaussian form, dashed, and
the same equations with the exact count statistics of the fixed in-degree graph, solid)
and the large-K balance line m_k = slope_k m0 (dotted). (b) the histogram of the units'
time-averaged rates at one drive (E and I). (c) the balance: the mean excitatory,
inhibitory and net input of the E population against m0. Needs numpy and matplotlib
(Debian: python3-matplotlib).
"""
import argparse
import json
import subprocess

from edgechaos_binary import find_binary


def run_json(cmd):
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="path of the edgechaos binary (default: build/*/bin/edgechaos, then PATH)")
    p.add_argument("--out", default="balanced.png", help="figure file (default balanced.png)")
    p.add_argument("--ne", type=int, default=4000)
    p.add_argument("--ni", type=int, default=4000)
    p.add_argument("--k", type=int, default=400)
    p.add_argument("--m0s", default="0.05,0.1,0.15,0.2,0.25,0.3", help="drives of the simulation points")
    p.add_argument("--hist-m0", type=float, default=0.1, help="drive of the rate histogram (default 0.1)")
    p.add_argument("--time", type=float, default=100.0, help="measured time per point, in tau_E")
    p.add_argument("--theory-points", type=int, default=13, help="m0 grid of the theory curves")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    binary = find_binary(a.binary, "balanced")
    size = ["--ne", str(a.ne), "--ni", str(a.ni), "--k", str(a.k)]

    m0s = [float(x) for x in a.m0s.split(",")]
    sims = []
    for m0 in m0s:
        out = run_json([binary, "balanced"] + size + ["--m0", repr(m0), "--time", repr(a.time), "--seed", str(a.seed)])
        sims.append(out)
        print("m0 %.3f: m_e %.4f (counts %.4f, gaussian %.4f)  m_i %.4f (counts %.4f)  cv %.3f" % (
            m0, out["m_e"], out["m_e_theory_counts"], out["m_e_theory"], out["m_i"], out["m_i_theory_counts"],
            out["cv_mean"]), flush=True)
    hist = run_json([binary, "balanced"] + size + ["--m0", repr(a.hist_m0), "--time", repr(4 * a.time),
                                                   "--seed", str(a.seed), "--bins", "100"])

    top = max(m0s) * 1.05
    grid = [top * (i + 1) / a.theory_points for i in range(a.theory_points)]
    curves = {"gaussian": ([], []), "counts": ([], [])}
    limit = None
    for stats in curves:
        for m0 in grid:
            out = run_json([binary, "theory", "balanced", "--k", str(a.k), "--ne", str(a.ne), "--ni", str(a.ni),
                            "--m0", repr(m0), "--statistics", stats])
            curves[stats][0].append(out["m_e"])
            curves[stats][1].append(out["m_i"])
            limit = out
    slope_e, slope_i = limit["slope_e_balanced"], limit["slope_i_balanced"]

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    fig, ax = plt.subplots(1, 3, figsize=(13, 3.9))
    for key, col, lab in (("e", "C3", "E"), ("i", "C0", "I")):
        ax[0].plot(m0s, [s["m_" + key] for s in sims], "o", color=col, mfc="none", ms=7,
                   label="simulation, %s" % lab)
        idx = 0 if key == "e" else 1
        ax[0].plot(grid, curves["counts"][idx], "-", color=col, lw=1.2)
        ax[0].plot(grid, curves["gaussian"][idx], "--", color=col, lw=1.0)
        ax[0].plot([0, top], [0, (slope_e if key == "e" else slope_i) * top], ":", color=col, lw=1.0)
    ax[0].plot([], [], "k-", lw=1.2, label="mean field, count statistics")
    ax[0].plot([], [], "k--", lw=1.0, label="mean field, Gaussian (section 7)")
    ax[0].plot([], [], "k:", lw=1.0, label="large-K balance")
    ax[0].set_xlabel("m0")
    ax[0].set_ylabel("rate")
    ax[0].set_title("rates, N_E = N_I = %d, K = %d" % (a.ne, a.k), fontsize=10)
    ax[0].legend(fontsize=7)

    bins = len(hist["rate_hist_e"])
    edges = np.linspace(0, 1, bins + 1)
    centers = 0.5 * (edges[1:] + edges[:-1])
    he = np.array(hist["rate_hist_e"], float)
    hi = np.array(hist["rate_hist_i"], float)
    ax[1].bar(centers, he / he.sum(), width=1.0 / bins, alpha=0.5, color="C3", label="E")
    ax[1].bar(centers, hi / hi.sum(), width=1.0 / bins, alpha=0.5, color="C0", label="I")
    ax[1].set_xlim(0, 0.35)
    ax[1].set_xlabel("time-averaged rate of a unit")
    ax[1].set_ylabel("fraction of units")
    ax[1].set_title("rate distribution at m0 = %g (CV %.2f)" % (a.hist_m0, hist["cv_mean"]), fontsize=10)
    ax[1].legend(fontsize=8)

    ax[2].plot(m0s, [s["in_e_exc_mean"] for s in sims], "o-", color="C3", label="excitatory (incl. external)")
    ax[2].plot(m0s, [s["in_e_inh_mean"] for s in sims], "o-", color="C0", label="inhibitory")
    ax[2].plot(m0s, [s["in_e_net_mean"] for s in sims], "o-", color="k", label="net (minus threshold)")
    ax[2].axhline(0, color="grey", lw=0.6)
    ax[2].set_xlabel("m0")
    ax[2].set_ylabel("mean input of E units")
    ax[2].set_title("balance: O(sqrt K) parts cancel", fontsize=10)
    ax[2].legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(a.out, dpi=80)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
