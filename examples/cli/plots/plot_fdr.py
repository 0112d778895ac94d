#!/usr/bin/env python3
"""The fluctuation-response relation of the replica theory tested on the Langevin sampler
(Qiu & Huang, Fig. 5).

PHYSICS.md section 6: sigma_xphi = (r - R)(1 + beta g^2 (q - Q)(1 + gamma)) / sqrt(beta).
Points: `edgechaos langevin` runs (a JSON-lines file, one run per line, e.g. from
tools/figures_replica.sh), each giving q, Q, r, R and the thermal x-phi covariance sigma_xphi
with standard errors. Left: sqrt(beta) sigma_xphi / (r - R) against beta g^2 (1 + gamma)(q - Q),
with the relation's line y = 1 + x. Right: sampled sigma_xphi against the value the relation
predicts from the sampled q - Q and r - R, with y = x; the replica theory's own value
(`edgechaos theory replica`) as a cross.
"""
import argparse
import json
import math
import subprocess

from edgechaos_binary import find_binary


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("runs", help="JSON lines from `edgechaos langevin`")
    p.add_argument("--binary", help="path of the edgechaos binary (for the theory crosses)")
    p.add_argument("--out", default="fdr.png", help="figure file (default fdr.png)")
    a = p.parse_args()
    runs = [json.loads(line) for line in open(a.runs) if line.strip()]
    binary = find_binary(a.binary, "fdr")

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(10, 4.2))
    xs = []
    for k, r in enumerate(runs):
        b, g, gm = r["beta"], r["g"], r["gamma"]
        dq, dr = r["q"] - r["Q"], r["r"] - r["R"]
        x = b * g * g * (1 + gm) * dq
        y = math.sqrt(b) * r["sigma_xphi"] / dr
        pred = dr * (1 + x) / math.sqrt(b)
        col = "C%d" % (k % 10)
        lab = "g %g, gamma %g, beta %g, N %d" % (g, gm, b, r["n"])
        yerr = y * math.hypot(r.get("sigma_xphi_err", 0) / r["sigma_xphi"], math.hypot(r.get("r_err", 0), r.get("R_err", 0)) / dr)
        axes[0].errorbar([x], [y], yerr=[yerr], fmt="o", color=col, capsize=2, label=lab)
        axes[1].errorbar([pred], [r["sigma_xphi"]], yerr=[r.get("sigma_xphi_err", 0)], fmt="o", color=col, capsize=2)
        th = subprocess.run([binary, "theory", "replica", "--g", repr(g), "--gamma", repr(gm), "--beta", repr(b),
                             "--eta", repr(r.get("eta", 0.0)), "--symmetric"], capture_output=True, text=True)
        if th.returncode == 0:
            t = json.loads(th.stdout)
            axes[1].plot([t["sigma_xphi"]], [t["sigma_xphi"]], "x", color=col, ms=9)
        xs.append(x)
        print("%s: x %.4f sqrt(b) sigma/(r-R) %.4f (relation %.4f); sigma %.5f predicted %.5f" % (lab, x, y, 1 + x,
              r["sigma_xphi"], pred))
    top = max(xs + [1.0]) * 1.1
    axes[0].plot([0, top], [1, 1 + top], "k-", lw=1, label="relation: 1 + x")
    axes[0].set_xlabel("beta g^2 (1 + gamma) (q - Q)")
    axes[0].set_ylabel("sqrt(beta) sigma_xphi / (r - R)")
    axes[0].legend(fontsize=7)
    lim = max(max(r["sigma_xphi"] for r in runs) * 1.1, 0.01)
    axes[1].plot([0, lim], [0, lim], "k-", lw=1)
    axes[1].set_xlabel("relation (r - R)(1 + beta g^2 (q - Q)(1 + gamma)) / sqrt(beta), sampled", fontsize=8)
    axes[1].set_ylabel("sampled sigma_xphi = Cov(x, tanh x)")
    axes[1].set_title("x: replica theory", fontsize=9)
    fig.tight_layout()
    fig.savefig(a.out, dpi=100)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
