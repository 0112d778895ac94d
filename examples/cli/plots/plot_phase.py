#!/usr/bin/env python3
"""Phase diagram from an `edgechaos sweep` table.

usage: edgechaos plot phase FILE.csv --out FILE.png [--title TEXT]

Panels: (a) activity <|x|^2/N> and (b) the largest Lyapunov exponent over (g, gamma), seed
means, with the elliptic-law line g (1 + gamma) = 1; (c) activity and (d) lambda_max versus
g at gamma = 0 with the DMFT curves from the table's dmft_delta0 / dmft_lambda columns
(and the null-phase exponent g - 1 below threshold). Needs numpy and matplotlib
(Debian: python3-matplotlib).
"""
import argparse
import csv
import math
import sys
from collections import defaultdict


def number(text):
    try:
        v = float(text)
        return v if math.isfinite(v) else math.nan
    except ValueError:
        return math.nan


def load(path):
    rows = []
    with open(path, newline="") as f:
        reader = csv.DictReader(f)
        need = {"g", "gamma", "seed", "activity", "lambda_max"}
        if reader.fieldnames is None or not need.issubset(reader.fieldnames):
            sys.exit(f"plot phase: {path} is not an edgechaos sweep table (need {sorted(need)})")
        for r in reader:
            if None in r.values():  # a torn row
                continue
            rows.append(r)
    if not rows:
        sys.exit(f"plot phase: {path} has no rows")
    return rows


def main():
    ap = argparse.ArgumentParser(prog="edgechaos plot phase", description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("table", help="CSV written by `edgechaos sweep`")
    ap.add_argument("--out", required=True, help="output image (PNG, PDF, SVG by extension)")
    ap.add_argument("--title", default=None, help="figure title")
    a = ap.parse_args()

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np
    from matplotlib.colors import LogNorm, TwoSlopeNorm

    rows = load(a.table)
    groups = defaultdict(list)
    theory = {}
    n_values = set()
    for r in rows:
        g, gamma = number(r["g"]), number(r["gamma"])
        groups[(g, gamma)].append((number(r["activity"]), number(r["lambda_max"])))
        n_values.add(r.get("n", "?"))
        if gamma == 0.0:
            theory[g] = (number(r.get("dmft_delta0", "")), number(r.get("dmft_lambda", "")))
    gs = sorted({k[0] for k in groups})
    gammas = sorted({k[1] for k in groups})
    act = np.full((len(gammas), len(gs)), np.nan)
    lam = np.full_like(act, np.nan)
    for (g, gamma), vals in groups.items():
        i, j = gammas.index(gamma), gs.index(g)
        act[i, j] = np.nanmean([v[0] for v in vals])
        lam[i, j] = np.nanmean([v[1] for v in vals])

    def edges(v):
        v = np.asarray(v, dtype=float)
        if len(v) == 1:
            return np.array([v[0] - 0.5, v[0] + 0.5])
        mid = (v[1:] + v[:-1]) / 2
        return np.concatenate([[2 * v[0] - mid[0]], mid, [2 * v[-1] - mid[-1]]])

    fig, ax = plt.subplots(2, 2, figsize=(11, 8.5))
    ge, ye = edges(gs), edges(gammas)
    line_gamma = np.linspace(max(min(ye), -0.99), max(ye), 200)
    line_g = 1.0 / (1.0 + line_gamma)

    floor = 1e-4
    m = ax[0, 0].pcolormesh(ge, ye, np.clip(act, floor, None), norm=LogNorm(vmin=floor, vmax=max(np.nanmax(act), 10 * floor)),
                            cmap="viridis", shading="flat")
    fig.colorbar(m, ax=ax[0, 0], label=r"activity $\langle |x|^2/N\rangle$ (floor $10^{-4}$)")
    ax[0, 0].set_title("(a) activity")
    lim = max(np.nanmax(np.abs(lam)), 1e-3)
    m = ax[0, 1].pcolormesh(ge, ye, lam, norm=TwoSlopeNorm(vcenter=0.0, vmin=-lim, vmax=max(np.nanmax(lam), 1e-3)),
                            cmap="RdBu_r", shading="flat")
    fig.colorbar(m, ax=ax[0, 1], label=r"$\lambda_{\max}$")
    ax[0, 1].set_title(r"(b) largest Lyapunov exponent")
    for k in (0, 1):
        ax[0, k].plot(line_g, line_gamma, "w--", lw=2, label=r"$g(1+\gamma)=1$")
        ax[0, k].plot(line_g, line_gamma, "k:", lw=1)
        ax[0, k].set_xlim(ge[0], ge[-1])
        ax[0, k].set_ylim(ye[0], ye[-1])
        ax[0, k].set_xlabel("g")
        ax[0, k].set_ylabel(r"$\gamma$")
        ax[0, k].legend(loc="upper right", fontsize=8)

    zero = [(g, v) for (g, gamma), vals in groups.items() if gamma == 0.0 for v in vals]
    if zero:
        zg = np.array([z[0] for z in zero])
        ax[1, 0].plot(zg, [z[1][0] for z in zero], "o", ms=4, alpha=0.5, label="simulation (each seed)")
        ax[1, 1].plot(zg, [z[1][1] for z in zero], "o", ms=4, alpha=0.5, label="simulation (each seed)")
        tg = sorted(theory)
        ax[1, 0].plot(tg, [theory[g][0] for g in tg], "k-", label=r"DMFT $\Delta_0(g)$")
        ax[1, 1].plot(tg, [theory[g][1] for g in tg], "k-", label=r"DMFT $\lambda_{\max}$ ($g-1$ below 1)")
    else:
        for k in (0, 1):
            ax[1, k].text(0.5, 0.5, r"no $\gamma = 0$ rows", ha="center", transform=ax[1, k].transAxes)
    ax[1, 0].set_title(r"(c) activity versus g at $\gamma = 0$")
    ax[1, 0].set_xlabel("g")
    ax[1, 0].set_ylabel(r"$\langle |x|^2/N\rangle$")
    ax[1, 1].set_title(r"(d) $\lambda_{\max}$ versus g at $\gamma = 0$")
    ax[1, 1].set_xlabel("g")
    ax[1, 1].set_ylabel(r"$\lambda_{\max}$")
    ax[1, 1].axhline(0.0, color="gray", lw=0.8)
    for k in (0, 1):
        ax[1, k].axvline(1.0, color="gray", ls=":", lw=1)
        ax[1, k].legend(fontsize=8)
    title = a.title or f"edgechaos sweep: N = {', '.join(sorted(n_values))}, {len(rows)} networks"
    fig.suptitle(title)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(a.out)


if __name__ == "__main__":
    main()
