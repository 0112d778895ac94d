#!/usr/bin/env python3
"""Memory capacity against the gain (or spectral radius), with the edge of chaos marked.

usage: edgechaos plot memory FILE.json [FILE.json ...] --out FILE.png [--title TEXT]

Each FILE.json is the output of `edgechaos reservoir --task memory --sweep-g A:B:STEP`
(one line of JSON): arrays g_values (or sr_values), memory_capacity, memory_capacity_std, and
g_edge (or sr_edge). One curve per file, labelled by model, N and gamma; the edge of chaos of
each curve (g (1 + gamma) = 1 for the rate model, sr = 1 for the echo-state map) is a dashed
vertical line of the same colour. Needs matplotlib (Debian: python3-matplotlib).
"""
import argparse
import json
import sys


def load(path):
    with open(path) as f:
        text = f.read().strip()
    try:
        data = json.loads(text.splitlines()[-1])
    except (ValueError, IndexError) as e:
        sys.exit(f"plot memory: {path}: not a JSON sweep ({e})")
    key = "g_values" if "g_values" in data else "sr_values"
    if key not in data or "memory_capacity" not in data:
        sys.exit(f"plot memory: {path}: no sweep arrays (run reservoir --task memory --sweep-g)")
    return data, key


def main():
    p = argparse.ArgumentParser(description="memory capacity against g or sr")
    p.add_argument("files", nargs="+")
    p.add_argument("--out", required=True)
    p.add_argument("--title", default="")
    a = p.parse_args()
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    xlabel = "g"
    for i, path in enumerate(a.files):
        d, key = load(path)
        colour = f"C{i}"
        xs = d[key]
        label = f"{d.get('model', '?')}, N = {d.get('n', '?')}"
        if key == "g_values":
            label += f", gamma = {d.get('gamma', 0):g}"
        else:
            xlabel = "spectral radius sr" if len(a.files) == 1 else "g or sr"
        ax.errorbar(xs, d["memory_capacity"], yerr=d.get("memory_capacity_std"), fmt="o-", ms=3,
                    capsize=2, color=colour, label=label)
        edge = d.get("g_edge", d.get("sr_edge"))
        if edge is not None:
            ax.axvline(edge, ls="--", color=colour, lw=1)
    ax.set_xlabel(xlabel)
    ax.set_ylabel("memory capacity (sum of r^2 over k = 1..2N)")
    ax.set_title(a.title or "Memory capacity and the edge of chaos (dashed)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)


if __name__ == "__main__":
    main()
