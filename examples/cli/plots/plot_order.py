#!/usr/bin/env python3
"""Order parameters of the fixed points against g for several gamma.

Lines: the static cavity theory of PHYSICS.md section 6 for typical fixed points x = J tanh(x),
    x = h + w tanh(x),  h ~ N(0, g^2 C),  w = g^2 gamma chi,
    C = <tanh(x)^2>,  chi = <phi'(x) / (1 - w phi'(x))>,  <x^2>,
solved by `edgechaos theory cavity` (edgechaos/theory/cavity.hpp, the solver the tests hold
the finder to). Points: `edgechaos fixedpoints` (averages over the distinct nontrivial fixed
points found; C = 0 where only x = 0 was found).
"""
import argparse
import csv
import json
import subprocess
import sys

from edgechaos_binary import find_binary

import numpy as np


def cavity(binary, g, gamma):
    """(C, chi, x2) from `edgechaos theory cavity`; None where it did not converge."""
    cmd = [binary, "theory", "cavity", "--g", repr(g), "--gamma", repr(gamma)]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        return None
    out = json.loads(run.stdout)
    return (out["C"], out["chi"], out["x2"]) if out.get("converged", False) else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="path of the edgechaos binary (default: build/*/bin/edgechaos, then PATH)")
    p.add_argument("--out", default="order.png", help="figure file (default order.png)")
    p.add_argument("--csv", help="also write the fixed-point data to this CSV file")
    p.add_argument("--from-csv", help="plot this CSV (from --csv) instead of running the finder")
    p.add_argument("--gammas", default="-0.5,0,0.5", help="comma-separated symmetry degrees")
    p.add_argument("--gains", default="0.6,1.0,1.4,1.8,2.2,2.6", help="gains of the finder points")
    p.add_argument("--n", type=int, default=300, help="neurons for the finder (default 300)")
    p.add_argument("--tries", type=int, default=10, help="starts per network (default 10)")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    gammas = [float(x) for x in a.gammas.split(",")]

    rows = []
    binary = find_binary(a.binary, "order")
    if a.from_csv:
        with open(a.from_csv) as f:
            rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    elif a.gains:
        for gamma in gammas:
            for g in [float(x) for x in a.gains.split(",")]:
                cmd = [binary, "fixedpoints", "--n", str(a.n), "--g", str(g), "--gamma", str(gamma),
                       "--seed", str(a.seed), "--tries", str(a.tries)]
                out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                rows.append({"gamma": gamma, "g": g, "count": out["count"], "nontrivial": out["nontrivial"],
                             "C": out["C"], "x2": out["x2"], "stable_fraction": out["stable_fraction"]})
                print("gamma %5.2f g %.2f: %d points (%d nontrivial), C %.4f x2 %.4f stable %.2f (%s)" % (
                    gamma, g, out["count"], out["nontrivial"], out["C"], out["x2"], out["stable_fraction"],
                    out["status"]), flush=True)
        if a.csv and rows:
            with open(a.csv, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
                w.writeheader()
                w.writerows(rows)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    colors = ["C0", "C1", "C2", "C3", "C4"]
    grid = np.linspace(0.2, 3.0, 57)
    for k, gamma in enumerate(gammas):
        col = colors[k % len(colors)]
        th = [cavity(binary, float(g), gamma) for g in grid]
        ok = [i for i, t in enumerate(th) if t is not None]
        gs = grid[ok]
        axes[0].plot(gs, [th[i][0] for i in ok], "-", color=col, label="gamma = %g" % gamma)
        axes[1].plot(gs, [th[i][2] for i in ok], "-", color=col)
        axes[2].plot(gs, [th[i][1] for i in ok], "-", color=col, label="gamma = %g" % gamma)
        gc = 1.0 / (1.0 + gamma)
        for ax in axes:
            ax.axvline(gc, color=col, ls=":", lw=0.8)
        pts = [r for r in rows if abs(r["gamma"] - gamma) < 1e-9 and r["count"] > 0]
        axes[0].plot([r["g"] for r in pts], [r["C"] for r in pts], "o", color=col, mfc="none", ms=7)
        axes[1].plot([r["g"] for r in pts], [r["x2"] for r in pts], "o", color=col, mfc="none", ms=7)
    axes[0].plot([], [], "ko", mfc="none", label="fixed-point finder, N = %d" % a.n)
    axes[0].set_ylabel("C = <tanh(x)^2>")
    axes[1].set_ylabel("<x^2>")
    axes[2].set_ylabel("chi = <phi' / (1 - w phi')>")
    for ax in axes:
        ax.set_xlabel("g")
    axes[0].legend(fontsize=8)
    axes[0].set_title("order parameter (lines: static cavity)", fontsize=10)
    axes[1].set_title("activity at the fixed points", fontsize=10)
    axes[2].set_title("response (peaks at g (1 + gamma) = 1, dotted)", fontsize=10)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
