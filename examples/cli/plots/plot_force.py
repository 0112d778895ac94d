#!/usr/bin/env python3
"""FORCE learning: the target and the network's output before, during and after training.

usage: edgechaos plot force TRACE.csv --out FILE.png [--title TEXT] [--window T]

Reads the trace the FORCE driver writes (edgechaos_force --csv TRACE.csv; columns t, target,
output, phase with phase spontaneous | train | test). Top: f(t) (dashed) and z(t) over a
window of T time units (default 4 periods' worth, 240) at the start of the spontaneous
phase, the start of training and the start and end of the free run; the phases are shaded.
Bottom: |z - f| over the whole run on a log scale, smoothed over one time unit, with the
phase boundaries. Needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import csv
import math
import sys


def load(path):
    t, f, z, ph = [], [], [], []
    with open(path, newline="") as fh:
        reader = csv.DictReader(fh)
        need = {"t", "target", "output", "phase"}
        if reader.fieldnames is None or not need.issubset(reader.fieldnames):
            sys.exit(f"plot force: {path} is not a FORCE trace (need {sorted(need)})")
        for r in reader:
            if None in r.values():
                continue
            t.append(float(r["t"]))
            f.append(float(r["target"]))
            z.append(float(r["output"]))
            ph.append(r["phase"])
    if not t:
        sys.exit(f"plot force: {path} has no rows")
    return t, f, z, ph


def main():
    ap = argparse.ArgumentParser(prog="edgechaos plot force", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("trace", help="CSV written by the FORCE driver (t,target,output,phase)")
    ap.add_argument("--out", required=True, help="output image (PNG, PDF, SVG by extension)")
    ap.add_argument("--title", default=None)
    ap.add_argument("--window", type=float, default=240.0, help="time units shown per panel")
    a = ap.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    t, f, z, ph = load(a.trace)
    colours = {"spontaneous": "#eeeeee", "train": "#fde2c8", "test": "#d6ecd2"}
    labels = {"spontaneous": "spontaneous (w_o = 0)", "train": "training (RLS)", "test": "free run"}
    # phase boundaries
    bounds = []
    start = 0
    for i in range(1, len(ph) + 1):
        if i == len(ph) or ph[i] != ph[start]:
            bounds.append((ph[start], t[start], t[i - 1]))
            start = i
    # windows: the start of each phase, and the end of the free run
    windows = []
    for name, a0, a1 in bounds:
        windows.append((a0 - (a.window / 2 if windows else 0), a0 + a.window / (2 if windows else 1)))
    if bounds and bounds[-1][0] == "test":
        windows.append((bounds[-1][2] - a.window, bounds[-1][2]))
    fig = plt.figure(figsize=(10, 5.2))
    gs = fig.add_gridspec(2, len(windows), height_ratios=[1.3, 1], hspace=0.35, wspace=0.08)
    for k, (w0, w1) in enumerate(windows):
        ax = fig.add_subplot(gs[0, k])
        idx = [i for i, ti in enumerate(t) if w0 <= ti <= w1]
        for name, a0, a1 in bounds:
            lo, hi = max(a0, w0), min(a1, w1)
            if lo < hi:
                ax.axvspan(lo, hi, color=colours.get(name, "white"), lw=0)
        ax.plot([t[i] for i in idx], [f[i] for i in idx], "k--", lw=1.0, label="target f")
        ax.plot([t[i] for i in idx], [z[i] for i in idx], color="#c0392b", lw=1.0, label="output z")
        ax.set_xlim(w0, w1)
        ax.set_ylim(-1.8, 1.8)
        if k:
            ax.set_yticklabels([])
        ax.set_xlabel("t")
        if k == 0:
            ax.legend(loc="lower left", fontsize=7, frameon=False)
    # error over the whole run, mean over one time unit
    ax = fig.add_subplot(gs[1, :])
    dt = t[1] - t[0] if len(t) > 1 else 1.0
    m = max(1, int(round(1.0 / dt)))
    te, err = [], []
    for s in range(0, len(t) - m + 1, m):
        te.append(t[s + m - 1])
        err.append(sum(abs(z[i] - f[i]) for i in range(s, s + m)) / m)
    for name, a0, a1 in bounds:
        ax.axvspan(a0, a1, color=colours.get(name, "white"), lw=0, label=labels.get(name, name))
    ax.semilogy(te, [max(e, 1e-6) for e in err], color="#2c3e50", lw=0.8)
    ax.set_xlim(t[0], t[-1])
    ax.set_xlabel("t")
    ax.set_ylabel("|z - f| (1-unit mean)")
    ax.legend(loc="upper right", fontsize=7, frameon=False, ncol=3)
    maes = []
    for name, _, _ in bounds:
        v = [abs(z[i] - f[i]) for i in range(len(t)) if ph[i] == name]
        maes.append(f"{labels.get(name, name)}: MAE {sum(v) / len(v):.3f}")
    fig.suptitle(a.title or "FORCE learning: " + "; ".join(maes), fontsize=10)
    fig.savefig(a.out, dpi=90, bbox_inches="tight")
    return 0


if __name__ == "__main__":
    sys.exit(main())
