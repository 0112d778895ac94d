#!/usr/bin/env python3
"""DMFT against network simulations for several gamma (Qiu & Huang, Fig. 4).

Lines/markers with error bars: `edgechaos theory dmft --g G --gamma GAMMA` (gamma = 0: the
deterministic SCS solver; gamma != 0: the sampling solver of theory/dmft_symmetric.hpp, with
its standard errors). Points: network simulations from an `edgechaos sweep` CSV (columns g,
gamma, seed, n, activity = <|x|^2>/N, phi2 = <|tanh x|^2>/N), averaged over seeds, error bar
the standard error of the seed mean.
Panels: C(0) = <phi^2>, Delta0 = <x^2>, R_int = Int R dtau (theory only). Dashed: the null
phase g(1 + gamma) < 1, analytic (x = 0, R_int = chi0 of PHYSICS.md section 3).
"""
import argparse
import csv
import json
import math
import subprocess

from edgechaos_binary import find_binary


def dmft(binary, g, gamma, paths, seed):
    cmd = [binary, "theory", "dmft", "--g", repr(g)]
    if gamma != 0.0:
        cmd += ["--gamma", repr(gamma), "--paths", str(paths), "--seed", str(seed)]
        if gamma > 0.3:
            cmd += ["--c-window", "100"]  # long correlation times at strong symmetry
    run = subprocess.run(cmd, capture_output=True, text=True)
    if run.returncode not in (0, 1):
        return None
    out = json.loads(run.stdout)
    out.setdefault("converged", True)
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--binary", help="path of the edgechaos binary (default: build/*/bin/edgechaos, then PATH)")
    p.add_argument("--out", default="dmft.png", help="figure file (default dmft.png)")
    p.add_argument("--sweep", help="network CSV from `edgechaos sweep` (optional)")
    p.add_argument("--theory-csv", help="write (or with --from-theory-csv read) the theory points here")
    p.add_argument("--from-theory-csv", action="store_true", help="read the theory points from --theory-csv")
    p.add_argument("--gammas", default="0,0.2,0.5", help="comma-separated symmetry degrees")
    p.add_argument("--gains", default="0.8,1.0,1.2,1.4,1.6,1.8,2.0,2.5,3.0", help="gains of the sampled theory")
    p.add_argument("--paths", type=int, default=128, help="paths per iteration of the sampler")
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    gammas = [float(x) for x in a.gammas.split(",")]
    binary = find_binary(a.binary, "dmft")

    keys = ["gamma", "g", "phi2", "phi2_err", "delta0", "delta0_err", "r_int", "r_int_err", "converged"]
    theory = []
    if a.from_theory_csv:
        with open(a.theory_csv) as f:
            theory = [{k: float(v) for k, v in r.items()} for r in csv.DictReader(f)]
    else:
        for gamma in gammas:
            gains = [0.5 + 0.05 * k for k in range(51)] if gamma == 0.0 else [float(x) for x in a.gains.split(",")]
            for g in gains:
                o = dmft(binary, g, gamma, a.paths, a.seed)
                if o is None:
                    continue
                row = {k: float(o.get(k, 0.0)) for k in keys}
                row["gamma"], row["g"] = gamma, g
                theory.append(row)
                print("gamma %4.2f g %.2f: phi2 %.4f(%.4f) delta0 %.4f(%.4f) r_int %.4f(%.4f) converged %d" % (
                    gamma, g, row["phi2"], row["phi2_err"], row["delta0"], row["delta0_err"], row["r_int"],
                    row["r_int_err"], row["converged"]), flush=True)
        if a.theory_csv:
            with open(a.theory_csv, "w", newline="") as f:
                w = csv.DictWriter(f, fieldnames=keys)
                w.writeheader()
                w.writerows(theory)

    sims = {}
    if a.sweep:
        with open(a.sweep) as f:
            for r in csv.DictReader(f):
                key = (float(r["gamma"]), float(r["g"]))
                sims.setdefault(key, []).append((float(r["phi2"]), float(r["activity"]), int(r["n"])))

    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 3, figsize=(13, 4))
    colors = ["C0", "C1", "C2", "C3", "C4"]
    for k, gamma in enumerate(gammas):
        col = colors[k % len(colors)]
        rows = sorted([r for r in theory if abs(r["gamma"] - gamma) < 1e-9], key=lambda r: r["g"])
        gs = [r["g"] for r in rows]
        for ax, name in zip(axes, ["phi2", "delta0", "r_int"]):
            if gamma == 0.0:
                ax.plot(gs, [r[name] for r in rows], "-", color=col, label="gamma = %g (SCS)" % gamma)
            else:
                ax.errorbar(gs, [r[name] for r in rows], yerr=[r[name + "_err"] for r in rows], fmt="-s",
                            color=col, ms=3, capsize=2, label="gamma = %g (sampled DMFT)" % gamma)
            ax.axvline(1.0 / (1.0 + gamma), color=col, ls=":", lw=0.8)
        if gamma != 0.0:  # null phase, analytic: C = Delta0 = 0, R_int = chi0 (`theory edge`)
            gn = [0.5 + 0.02 * k for k in range(200) if 0.5 + 0.02 * k < 1.0 / (1.0 + gamma)]
            chi0 = []
            for g in gn:
                e = subprocess.run([binary, "theory", "edge", "--gamma", repr(gamma), "--g", repr(g)],
                                   capture_output=True, text=True)
                chi0.append(json.loads(e.stdout)["chi0"])
            axes[0].plot(gn, [0.0] * len(gn), "--", color=col, lw=1)
            axes[1].plot(gn, [0.0] * len(gn), "--", color=col, lw=1)
            axes[2].plot(gn, chi0, "--", color=col, lw=1)
        pts = sorted([(key[1], v) for key, v in sims.items() if abs(key[0] - gamma) < 1e-9])
        for col_idx, ax in ((0, axes[0]), (1, axes[1])):
            xs, ys, es = [], [], []
            for g, v in pts:
                vals = [t[col_idx] for t in v]
                m = sum(vals) / len(vals)
                se = math.sqrt(sum((x - m) ** 2 for x in vals) / (len(vals) - 1) / len(vals)) if len(vals) > 1 else 0
                xs.append(g)
                ys.append(m)
                es.append(se)
            ax.errorbar(xs, ys, yerr=es, fmt="o", color=col, mfc="none", ms=7, capsize=2)
    if sims:
        n = sorted({t[2] for v in sims.values() for t in v})
        axes[0].plot([], [], "ko", mfc="none", label="network, N = %s" % ",".join(str(x) for x in n))
    axes[0].set_ylabel("C(0) = <tanh(x)^2>")
    axes[1].set_ylabel("Delta0 = <x^2>")
    axes[2].set_ylabel("R_int = Int R(tau) dtau")
    for ax in axes:
        ax.set_xlabel("g")
    axes[0].legend(fontsize=8)
    axes[0].set_title("C(0): DMFT (lines) and networks (circles)", fontsize=10)
    axes[1].set_title("Delta0 (dotted: g (1 + gamma) = 1)", fontsize=10)
    axes[2].set_title("integrated response (null phase: chi0)", fontsize=10)
    fig.tight_layout()
    fig.savefig(a.out, dpi=100)
    print("wrote", a.out)


if __name__ == "__main__":
    main()
