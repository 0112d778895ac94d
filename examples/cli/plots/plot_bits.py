#!/usr/bin/env python3
"""How many bits: the fixed-point network's activity or NARMA10 NRMSE against the width.

usage: edgechaos plot bits FILE.json [FILE.json ...] --out FILE.png [--title TEXT] [--x weight|state]

Each FILE.json is the output of `edgechaos bits` (one JSON object). One panel per file: the
value (activity or test NRMSE, mean over seeds, error bars one seed std) against the widths,
the x axis being whichever of weight bits and state bits has more values (--x to choose) and
one curve per value of the other; the double-precision result of the same network is the black line with
its seed-std band. Marker: o the chaotic side (active and moving), s a fixed point, x quiescent
(activity below the threshold). Needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import json
import sys

MARKERS = {"chaotic": "o", "fixed_point": "s", "quiescent": "x", "mixed": "d"}


def load(path):
    with open(path) as f:
        text = f.read().strip()
    try:
        data = json.loads(text.splitlines()[-1])
    except (ValueError, IndexError) as e:
        sys.exit(f"plot bits: {path}: not JSON ({e})")
    if "results" not in data or "float" not in data:
        sys.exit(f"plot bits: {path}: no results (run edgechaos bits)")
    return data


def panel(ax, d, x_axis=None):
    res = d["results"]
    ws = sorted({r["weight_bits"] for r in res})
    ss = sorted({r["state_bits"] for r in res})
    x_is_w = len(ws) >= len(ss) if x_axis is None else x_axis == "weight"
    xkey, ckey = ("weight_bits", "state_bits") if x_is_w else ("state_bits", "weight_bits")
    for i, c in enumerate(ss if x_is_w else ws):
        rows = sorted((r for r in res if r[ckey] == c), key=lambda r: r[xkey])
        xs = [r[xkey] for r in rows]
        ys = [r["value"] if r["value"] is not None else float("nan") for r in rows]
        es = [r.get("value_std") or 0.0 for r in rows]
        colour = f"C{i % 10}"
        ax.errorbar(xs, ys, yerr=es, color=colour, lw=1, capsize=2,
                    label=f"{ckey.split('_')[0]} bits {c}")
        for r, x, y in zip(rows, xs, ys):
            ax.plot([x], [y], MARKERS.get(r["regime"], "?"), color=colour, ms=5, mfc="none")
    f = d["float"]
    if f.get("value") is not None:
        ax.axhline(f["value"], color="k", lw=1.2, label="double precision")
        sd = f.get("value_std") or 0.0
        if sd > 0:
            ax.axhspan(f["value"] - sd, f["value"] + sd, color="k", alpha=0.1)
    value = d.get("value", "value")
    ax.set_xlabel(xkey.replace("_", " "))
    ax.set_ylabel("activity (1/N)|x|^2" if value == "activity" else "NARMA10 test NRMSE")
    if value == "activity":
        ax.set_yscale("log")
    title = f"{d['task']}, N = {d['n']}, g = {d['g']:g}, gamma = {d['gamma']:g}, {d['seeds_run']} seed(s)"
    ax.set_title(title, fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7)


def main():
    p = argparse.ArgumentParser(description="fixed-point quality against bit width")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--title", default="")
    p.add_argument("--x", choices=("weight", "state"), default=None, help="the x axis (default: the longer grid)")
    a = p.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    # Files of the same experiment (task, N, g, gamma, seeds) are one panel: their grids join.
    data = []
    for path in a.files:
        d = load(path)
        key = (d["task"], d["n"], d["g"], d["gamma"], d["seed"], d["seeds"])
        same = [e for e in data if (e["task"], e["n"], e["g"], e["gamma"], e["seed"], e["seeds"]) == key]
        if same:
            same[0]["results"] = same[0]["results"] + d["results"]
        else:
            data.append(d)
    fig, axes = plt.subplots(1, len(data), figsize=(5.2 * len(data), 4.2), squeeze=False)
    for ax, d in zip(axes[0], data):
        panel(ax, d, a.x)
    fig.suptitle(a.title or "How many bits? Integer network against double precision "
                 "(o chaotic, s fixed point, x quiescent)", fontsize=10)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)


if __name__ == "__main__":
    main()
