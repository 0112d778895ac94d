#!/usr/bin/env python3
"""The phase diagram of docs/phase.png, from Python.

Runs a (g, gamma) grid of random networks with edgechaos.simulate (the largest Lyapunov
exponent on), adds the DMFT at gamma = 0 (edgechaos.dmft), writes the table in the columns
of `edgechaos sweep` and draws it with the CLI's own plotting script
(examples/cli/plots/plot_phase.py: activity and lambda_max over (g, gamma) with the line
g (1 + gamma) = 1, and both against g at gamma = 0 with the DMFT curves).

The defaults (N = 128, 9 x 5 points, one seed, 2500 steps) take ~15 s on one core; docs/phase.png
is N = 256 on a finer grid. simulate releases the GIL, so --jobs K runs K networks at once
in Python threads.

usage: phase_diagram.py [--out phase.png] [--csv phase.csv] [--n 128] [--g 0.5:2.5:0.25]
                        [--gamma -0.5,-0.25,0,0.25,0.5] [--seeds 1] [--steps 2500]
                        [--transient 500] [--dt 0.1] [--jobs 1]
"""
import argparse
import csv
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import edgechaos

HERE = os.path.dirname(os.path.abspath(__file__))
PLOT = os.path.join(HERE, "..", "cli", "plots", "plot_phase.py")
COLUMNS = ["g", "gamma", "seed", "n", "dt", "steps", "transient", "activity", "phi2", "energy", "lambda_max",
           "lambda_stderr", "regime", "status", "seconds", "g_critical", "dmft_delta0", "dmft_lambda"]


def grid(text):
    a, b, step = (float(v) for v in text.split(":"))
    count = int(round((b - a) / step)) + 1
    return [round(a + k * step, 10) for k in range(count)]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default="phase.png", help="the figure (PNG, PDF, SVG by extension)")
    ap.add_argument("--csv", default=None, help="the table (default: the figure's name with .csv)")
    ap.add_argument("--n", type=int, default=128, help="neurons")
    ap.add_argument("--g", default="0.5:2.5:0.25", help="gains A:B:STEP")
    ap.add_argument("--gamma", default="-0.5,-0.25,0,0.25,0.5", help="comma-separated symmetry degrees")
    ap.add_argument("--seeds", type=int, default=1, help="seeds 1..K per point")
    ap.add_argument("--steps", type=int, default=2500, help="steps per network, transient included")
    ap.add_argument("--transient", type=int, default=500, help="steps before statistics and exponent")
    ap.add_argument("--dt", type=float, default=0.1, help="RK4 time step")
    ap.add_argument("--jobs", type=int, default=1, help="networks run at once (threads)")
    a = ap.parse_args()
    table = a.csv or os.path.splitext(a.out)[0] + ".csv"

    gammas = [float(v) for v in a.gamma.split(",")]
    tasks = [(g, gamma, seed) for gamma in gammas for g in grid(a.g) for seed in range(1, a.seeds + 1)]
    theory = {g: edgechaos.dmft(g) for g in grid(a.g)} if 0.0 in gammas else {}

    def run(task):
        g, gamma, seed = task
        t0 = time.monotonic()
        r = edgechaos.simulate(n=a.n, g=g, gamma=gamma, seed=seed, steps=a.steps, transient=a.transient, dt=a.dt,
                               lyapunov=True)
        d = theory.get(g) if gamma == 0.0 else None
        return [g, gamma, seed, a.n, a.dt, a.steps, a.transient, r["activity_mean"], r["phi2_mean"],
                r["energy_mean"], r["lyapunov_max"], r["lyapunov_stderr"], r["regime"], r["status"],
                time.monotonic() - t0, edgechaos.critical_gain(gamma),
                d["delta0"] if d else "", d["lambda_max"] if d else ""]

    t0 = time.monotonic()
    with ThreadPoolExecutor(max_workers=max(1, a.jobs)) as pool:
        rows = list(pool.map(run, tasks))
    with open(table, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLUMNS)
        w.writerows(rows)
    print(f"{len(rows)} networks in {time.monotonic() - t0:.1f} s -> {table}", file=sys.stderr)
    title = f"edgechaos (Python): N = {a.n}, {len(rows)} networks"
    subprocess.run([sys.executable, PLOT, table, "--out", a.out, "--title", title], check=True)


if __name__ == "__main__":
    main()
