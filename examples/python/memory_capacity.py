#!/usr/bin/env python3
"""Memory capacity against the gain g (rate network) and the spectral radius sr (ESN), from Python.

Reproduces docs/memory.png (tools/reservoir_report.sh makes it with the CLI): N = 100, 3 seeds
(1, 2, 3), the memory task of RESERVOIR.md section 4 (u ~ U[-0.5, 0.5], 6000 samples, the last
2000 test, k_max = 2N delays, washout max(100, k_max), input scaling 0.1, dense W_in, ridge
1e-6); the rate network with dense J (gamma 0), Euler dt = 1, one step a sample, g = 0.1..2.0;
the ESN with W of density 0.1 rescaled to sr = 0.1..1.5. The same library code and seeds as
the CLI's `reservoir --task memory --sweep-g`, so the same numbers.

usage: PYTHONPATH=build/host/python python3 examples/python/memory_capacity.py [--out memory.png]
       [--n 100] [--seeds 3]
"""
import argparse

import numpy as np

import edgechaos as ec


def capacity(n, seed, **reservoir):
    k_max, total, test = 2 * n, 6000, 2000
    washout = max(100, k_max)
    u, y = ec.memory_task(total, k_max, seed=seed)
    states = ec.Reservoir(n, input_scaling=0.1, input_connectivity=1.0, bias_scaling=0.0, seed=seed,
                          **reservoir).run(u)
    readout = ec.Ridge(ridge=1e-6).fit(states[washout:total - test], y[washout:total - test])
    mc, _ = ec.memory_capacity(y[-test:], readout.run(states[-test:]))
    return mc


def sweep(n, seeds, values, make):
    rows = np.array([[capacity(n, s, **make(v)) for s in range(1, seeds + 1)] for v in values])
    return rows.mean(axis=1), rows.std(axis=1, ddof=1 if rows.shape[1] > 1 else 0)  # the CLI's sample std


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default="memory.png")
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--seeds", type=int, default=3)
    a = p.parse_args()
    gs = np.round(np.arange(0.1, 2.0001, 0.1), 10)
    srs = np.round(np.arange(0.1, 1.5001, 0.1), 10)
    rate = sweep(a.n, a.seeds, gs, lambda g: dict(model="rate", g=g, rc_connectivity=1.0, dt=1.0, hold=1))
    esn = sweep(a.n, a.seeds, srs, lambda sr: dict(sr=sr, rc_connectivity=0.1))
    for name, xs, (m, s) in (("rate g", gs, rate), ("esn sr", srs, esn)):
        best = int(np.argmax(m))
        print(f"{name}: peak MC {m[best]:.1f} +- {s[best]:.1f} at {xs[best]:g}")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots(figsize=(6.4, 4.2))
    ax.errorbar(gs, rate[0], yerr=rate[1], fmt="o-", ms=3, capsize=2, color="C0", label=f"rate, N = {a.n}, gamma = 0")
    ax.errorbar(srs, esn[0], yerr=esn[1], fmt="o-", ms=3, capsize=2, color="C1", label=f"esn, N = {a.n}")
    ax.axvline(1.0, ls="--", color="C0", lw=1)   # g (1 + gamma) = 1
    ax.axvline(1.0, ls=":", color="C1", lw=1)    # sr = 1
    ax.set_xlabel("g or sr")
    ax.set_ylabel("memory capacity (sum of r^2 over k = 1..2N)")
    ax.set_title("Memory capacity and the edge of chaos (dashed)")
    ax.legend(fontsize=8)
    ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print(f"wrote {a.out}")


if __name__ == "__main__":
    main()
