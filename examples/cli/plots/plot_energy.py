#!/usr/bin/env python3
"""<E>/N versus beta for Langevin sampling of the quasi-potential at two gains.

Runs `edgechaos langevin` over a grid of beta for each gain (or re-reads a CSV written by an
earlier run with --from-csv) and draws <E>/N on log-log axes together with the equipartition
line 1/(2 beta), the exact low-temperature law near a nondegenerate zero-energy minimum
(PHYSICS.md section 5). The question of Qiu & Huang's Fig. 2: do the curves for g = 0.8
(null phase) and g = 1.2 (chaotic phase) coincide?
"""
import argparse
import csv
import json
import subprocess
import sys

from edgechaos_binary import find_binary


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="path of the edgechaos binary (default: build/*/bin/edgechaos, then PATH)")
    p.add_argument("--out", default="energy.png", help="figure file (default energy.png)")
    p.add_argument("--csv", help="also write the data to this CSV file")
    p.add_argument("--from-csv", help="plot this CSV (from --csv) instead of running the sampler")
    p.add_argument("--gains", default="0.8,1.2", help="comma-separated gains (default 0.8,1.2)")
    p.add_argument("--gamma", type=float, default=0.0, help="symmetry degree (default 0)")
    p.add_argument("--betas", default="0.1,0.3,1,3,10,30,100,300,1000,3000",
                   help="comma-separated inverse temperatures")
    p.add_argument("--n", type=int, default=200, help="neurons (default 200)")
    p.add_argument("--seeds", default="1,2", help="coupling seeds averaged per point (default 1,2)")
    p.add_argument("--dt", type=float, default=0.01)
    p.add_argument("--anneal-steps", type=int, default=50000)
    p.add_argument("--measure-steps", type=int, default=20000)
    p.add_argument("--replicas", type=int, default=4)
    a = p.parse_args()

    rows = []
    if a.from_csv:
        with open(a.from_csv) as f:
            rows = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    else:
        binary = find_binary(a.binary, "energy")
        for g in [float(x) for x in a.gains.split(",")]:
            for beta in [float(x) for x in a.betas.split(",")]:
                for seed in [int(x) for x in a.seeds.split(",")]:
                    cmd = [binary, "langevin", "--n", str(a.n), "--g", str(g), "--gamma", str(a.gamma),
                           "--seed", str(seed), "--beta", str(beta), "--dt", str(a.dt),
                           "--anneal-steps", str(a.anneal_steps), "--measure-steps", str(a.measure_steps),
                           "--replicas", str(a.replicas), "--field", "0"]
                    out = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
                    if out["status"] != "ok":
                        sys.exit("plot energy: %s -> %s" % (" ".join(cmd), out["status"]))
                    rows.append({"g": g, "beta": beta, "seed": seed, "energy_per_neuron": out["energy_per_neuron"],
                                 "energy_err": out["energy_per_neuron_err"], "x2": out["x2"], "q": out["q"],
                                 "Q": out["Q"]})
                    print("g %.2f beta %-7g seed %d  <E>/N %.5g  2 beta <E>/N %.4f" % (
                        g, beta, seed, out["energy_per_neuron"], 2 * beta * out["energy_per_neuron"]), flush=True)
        if a.csv:
            with open(a.csv, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=list(rows[0].keys()))
                w.writeheader()
                w.writerows(rows)

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax, ax2) = plt.subplots(1, 2, figsize=(10, 4.2))
    gains = sorted(set(r["g"] for r in rows))
    markers = ["o", "s", "^", "D"]
    all_betas = sorted(set(r["beta"] for r in rows))
    for k, g in enumerate(gains):
        betas = sorted(set(r["beta"] for r in rows if r["g"] == g))
        mean = []
        for b in betas:
            vals = [r["energy_per_neuron"] for r in rows if r["g"] == g and r["beta"] == b]
            mean.append(sum(vals) / len(vals))
        phase = "null phase" if g * (1 + a.gamma) < 1 else "chaotic phase"
        ax.loglog(betas, mean, markers[k % 4] + "-", label="g = %.2g (%s)" % (g, phase), ms=5)
        ax2.semilogx(betas, [2 * b * m for b, m in zip(betas, mean)], markers[k % 4] + "-", ms=5,
                     label="g = %.2g" % g)
    ax.loglog(all_betas, [0.5 / b for b in all_betas], "k--", lw=1, label="1/(2 beta)")
    ax.set_xlabel("beta")
    ax.set_ylabel("<E>/N")
    ax.set_title("Langevin on E = |v|^2/2, N = %d, gamma = %g" % (a.n, a.gamma), fontsize=10)
    ax.legend(fontsize=8)
    ax2.axhline(1.0, color="k", ls="--", lw=1, label="equipartition")
    ax2.set_xlabel("beta")
    ax2.set_ylabel("2 beta <E>/N")
    ax2.set_title("ratio to 1/(2 beta)", fontsize=10)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=110)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
