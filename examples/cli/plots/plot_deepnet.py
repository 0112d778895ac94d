#!/usr/bin/env python3
"""Signal propagation in deep random tanh networks: the order-to-chaos phase diagram and
q^l, c^l against depth.

usage: edgechaos plot deepnet GRID.json RUN.json [RUN.json ...] --out FILE.png [--title TEXT]

GRID.json is the output of `edgechaos theory poole --sigma-w A:B:STEP --sigma-b A:B:STEP`;
each RUN.json the output of `edgechaos deepnet ...`. Panels: (a) c* over (sigma_w, sigma_b)
as colour (c* = 1: the ordered phase) with the chi1 = 1 line and the runs' parameters
marked; (b) the length q^l and (c) the correlation c^l of the simulated runs against depth
(points) with the iterated maps of the theory (lines) and the fixed points q*, c* (dashed).
Needs numpy and matplotlib (Debian: python3-matplotlib).
"""
import argparse
import json
import math
import sys


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        sys.exit(f"plot deepnet: cannot read {path}: {e}")


def num(v):
    return math.nan if v is None else float(v)


def main():
    ap = argparse.ArgumentParser(prog="edgechaos plot deepnet", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("grid", help="JSON of `edgechaos theory poole` over a grid")
    ap.add_argument("runs", nargs="+", help="JSON of `edgechaos deepnet`")
    ap.add_argument("--out", required=True, help="output image (PNG, PDF, SVG by extension)")
    ap.add_argument("--title", default=None, help="figure title")
    a = ap.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    grid = load(a.grid)
    if "points" not in grid or "critical" not in grid:
        sys.exit(f"plot deepnet: {a.grid} is not a grid of `edgechaos theory poole` (need points, critical)")
    runs = [load(p) for p in a.runs]
    for p, r in zip(a.runs, runs):
        if "q" not in r or "c_theory" not in r:
            sys.exit(f"plot deepnet: {p} is not the output of `edgechaos deepnet`")

    sws = sorted({p["sigma_w"] for p in grid["points"]})
    sbs = sorted({p["sigma_b"] for p in grid["points"]})
    cstar = np.full((len(sbs), len(sws)), np.nan)
    for p in grid["points"]:
        cstar[sbs.index(p["sigma_b"]), sws.index(p["sigma_w"])] = num(p["c_star"])

    fig, ax = plt.subplots(1, 3, figsize=(13.5, 3.9))
    dw = (sws[1] - sws[0]) / 2 if len(sws) > 1 else 0.5
    db = (sbs[1] - sbs[0]) / 2 if len(sbs) > 1 else 0.5
    im = ax[0].imshow(cstar, origin="lower", aspect="auto", cmap="viridis", vmin=0, vmax=1,
                      extent=[sws[0] - dw, sws[-1] + dw, sbs[0] - db, sbs[-1] + db])
    fig.colorbar(im, ax=ax[0], label="$c^*$")
    crit = sorted(grid["critical"], key=lambda c: c["sigma_b"])
    ax[0].plot([num(c["sigma_w_c"]) for c in crit], [c["sigma_b"] for c in crit], "w-", lw=2,
               label=r"$\chi_1 = 1$")
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    for k, r in enumerate(runs):
        ax[0].plot(r["sigma_w"], r["sigma_b"], "o", ms=8, mec="w", color=colours[k % len(colours)])
    ax[0].set_xlim(sws[0] - dw, sws[-1] + dw)
    ax[0].set_ylim(sbs[0] - db, sbs[-1] + db)
    ax[0].set_xlabel(r"$\sigma_w$")
    ax[0].set_ylabel(r"$\sigma_b$")
    ax[0].set_title("(a) correlation fixed point (ordered: $c^* = 1$)")
    ax[0].legend(loc="upper left", fontsize=8)

    for k, r in enumerate(runs):
        col = colours[k % len(colours)]
        layers = np.arange(len(r["q"]))
        lab = rf"$\sigma_w$={r['sigma_w']:g}, $\sigma_b$={r['sigma_b']:g} ({r['phase']}), N={r['width']}"
        ax[1].plot(layers, [num(v) for v in r["q"]], "o", ms=3, color=col, label=lab)
        ax[1].plot(layers, [num(v) for v in r["q_theory"]], "-", color=col, lw=1)
        ax[1].axhline(num(r["q_star"]), color=col, ls="--", lw=0.8)
        ax[2].plot(layers, [num(v) for v in r["c"]], "o", ms=3, color=col, label=lab)
        ax[2].plot(layers, [num(v) for v in r["c_theory"]], "-", color=col, lw=1)
        ax[2].axhline(num(r["c_star"]), color=col, ls="--", lw=0.8)
    ax[1].set_yscale("log")
    ax[1].set_xlabel("layer $l$")
    ax[1].set_ylabel("$q^l$")
    ax[1].set_title("(b) length: simulation (points), theory (lines)")
    ax[1].legend(fontsize=7)
    ax[2].set_xlabel("layer $l$")
    ax[2].set_ylabel("$c^l$")
    ax[2].set_title("(c) correlation of two inputs")
    if a.title:
        fig.suptitle(a.title)
    fig.tight_layout()
    fig.savefig(a.out, dpi=80)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
