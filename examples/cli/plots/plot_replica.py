#!/usr/bin/env python3
"""Replica-symmetric order parameters against g (Qiu & Huang, Fig. 3).

Curves from `edgechaos theory replica` (theory/replica.hpp; deterministic quadrature, residual
1e-12): at finite beta the symmetric-branch q = <tanh^2> and sqrt(beta) r (the response
overlap), and at zero temperature (the exact-fixed-point branch = static cavity) q and -xi
(the static local response). Dotted lines: the transition g (1 + gamma) = 1 per gamma.
Points where a solve does not converge (the zero-temperature branch where w >= 1) are left out.
"""
import argparse
import json
import subprocess

from edgechaos_binary import find_binary

import numpy as np


def replica(binary, g, gamma, beta):
    cmd = [binary, "theory", "replica", "--g", repr(g), "--gamma", repr(gamma)]
    cmd += ["--zero-temperature"] if beta is None else ["--beta", repr(beta), "--symmetric"]
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode != 0:
        return None
    out = json.loads(run.stdout)
    return out if out.get("converged") else None


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="path of the edgechaos binary (default: build/*/bin/edgechaos, then PATH)")
    p.add_argument("--out", default="replica.png", help="figure file (default replica.png)")
    p.add_argument("--beta", type=float, default=10.0, help="finite inverse temperature (default 10)")
    p.add_argument("--gammas", default="-0.2,0,0.2,0.5,1.0", help="comma-separated symmetry degrees")
    p.add_argument("--gmax", type=float, default=3.0)
    p.add_argument("--points", type=int, default=60)
    a = p.parse_args()
    gammas = [float(x) for x in a.gammas.split(",")]
    binary = find_binary(a.binary, "replica")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 4, figsize=(16, 4))
    grid = np.linspace(0.1, a.gmax, a.points)
    for k, gamma in enumerate(gammas):
        col = "C%d" % k
        fin = [(g, replica(binary, float(g), gamma, a.beta)) for g in grid]
        fin = [(g, o) for g, o in fin if o is not None]
        zt = [(g, replica(binary, float(g), gamma, None)) for g in grid]
        zt = [(g, o) for g, o in zt if o is not None]
        axes[0].plot([g for g, _ in fin], [o["q"] for _, o in fin], "-", color=col, label="gamma = %g" % gamma)
        axes[1].plot([g for g, _ in fin], [o["r"] * np.sqrt(a.beta) for _, o in fin], "-", color=col)
        axes[2].plot([g for g, _ in zt], [o["q"] for _, o in zt], "-", color=col)
        axes[3].plot([g for g, _ in zt], [-o["xi"] for _, o in zt], "-", color=col)
        print("gamma %5.2f: %d finite-beta and %d zero-temperature points" % (gamma, len(fin), len(zt)), flush=True)
        for ax in axes:
            ax.axvline(1.0 / (1.0 + gamma), color=col, ls=":", lw=0.8)
    axes[0].set_ylabel("q = <tanh(x)^2>")
    axes[0].set_title("finite beta = %g: q" % a.beta, fontsize=10)
    axes[1].set_ylabel("sqrt(beta) r")
    axes[1].set_title("finite beta = %g: response overlap" % a.beta, fontsize=10)
    axes[2].set_ylabel("q")
    axes[2].set_title("zero temperature: q (= static cavity C)", fontsize=10)
    axes[3].set_ylabel("-xi (static local response)")
    axes[3].set_title("zero temperature: -xi (dotted: g(1+gamma) = 1)", fontsize=10)
    for ax in axes:
        ax.set_xlabel("g")
    axes[0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(a.out, dpi=90)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
