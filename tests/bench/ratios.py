#!/usr/bin/python3
"""Turn bench_step's JSON output into the tables of docs/benchmarks.md.

Usage:
  bench_step --benchmark_repetitions=5 --benchmark_out=b.json --benchmark_out_format=json
  /usr/bin/python3 tests/bench/ratios.py b.json --macs-per-cycle 8 [--time cpu|real]

Uses the median over repetitions (or the single run). The bound of one matrix-vector
product is max(compute, memory):
  compute = N^2 / (macs_per_cycle * cycles_per_ns), cycles_per_ns from bound/clock
            (1000 dependent integer adds = 1000 cycles);
  memory  = the time of bound/readJ/N, one pass over the 4 N^2 bytes of J.
An Euler step does one product, an RK4 step four; "of bound" = bound / measured
(1.0 = at the bound). The bound ignores tanh and the O(N) work, so it is strict.
"""
import argparse
import json
import re
import sys
from collections import defaultdict


def load(path, which):
    with open(path) as f:
        data = json.load(f)
    key = "cpu_time" if which == "cpu" else "real_time"
    runs = defaultdict(list)
    medians = {}
    for b in data["benchmarks"]:
        if b.get("error_occurred"):
            sys.exit(f"benchmark {b['name']} failed: {b.get('error_message')}")
        unit = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[b.get("time_unit", "ns")]
        name = b.get("run_name", b["name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                medians[name] = b[key] * unit
        else:
            runs[name].append(b[key] * unit)
    for name, ts in runs.items():  # no aggregates (one repetition): the plain median
        if name not in medians:
            ts = sorted(ts)
            medians[name] = ts[len(ts) // 2]
    reps = max((len(v) for v in runs.values()), default=1)
    # --benchmark_report_aggregates_only: no single runs, the aggregates carry the count.
    reps = max([reps] + [b.get("repetitions", 1) for b in data["benchmarks"] if b.get("run_type") == "aggregate"])
    return data.get("context", {}), medians, reps


def fmt(ns):
    return f"{ns:,.0f}" if ns >= 100 else f"{ns:.1f}"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("json")
    ap.add_argument("--macs-per-cycle", type=float, required=True,
                    help="peak multiply-adds per cycle of the build's instruction set")
    ap.add_argument("--time", choices=["cpu", "real"], default="cpu")
    args = ap.parse_args()
    ctx, t, reps = load(args.json, args.time)

    sizes = sorted({int(m.group(1)) for n in t for m in [re.match(r"step/.*/(\d+)$", n)] if m})
    ghz = 1000.0 / t["bound/clock"]
    print(f"Host: {ctx.get('host_name', '?')}, {ctx.get('num_cpus', '?')} CPUs; "
          f"measured clock {ghz:.2f} GHz (bound/clock); {args.time} time, median of "
          f"{reps} repetitions; "
          f"compute bound {args.macs_per_cycle:g} MAC/cycle = {args.macs_per_cycle * ghz:.1f} MAC/ns.\n")

    # A filtered run (such as the dispatch rows of docs/benchmarks.md) may lack the main table's rows.
    main_rows = all(f"{p}/{n}" in t for n in sizes for p in ("step/RK4/FastTanh/bare", "ref_plain/Euler"))
    if main_rows:
        main_tables(t, sizes, ghz, args)
    else:
        print("(the main tables need the step/RK4 and ref_plain rows: skipped)\n")
    extra_tables(t, sizes, ghz, args)


def main_tables(t, sizes, ghz, args):
    print("ns per step (median)\n")
    cols = ["Euler/FastTanh/bare", "Euler/FastTanh/monitor", "Euler/Tanh/bare",
            "RK4/FastTanh/bare", "RK4/FastTanh/monitor", "RK4/Tanh/bare"]
    print("| N | " + " | ".join(c.replace("/bare", "").replace("/monitor", " +mon") for c in cols)
          + " | plain ref (Euler) | Eigen ref (Euler) |")
    print("|" + "---|" * (len(cols) + 3))
    for n in sizes:
        row = [fmt(t[f"step/{c}/{n}"]) for c in cols]
        print(f"| {n} | " + " | ".join(row) + f" | {fmt(t[f'ref_plain/Euler/{n}'])} | {fmt(t[f'ref_eigen/Euler/{n}'])} |")

    print("\nRatios (Euler, FastTanh unless stated; < 1 means ours is faster)\n")
    print("| N | ours/Eigen | ours(Tanh)/Eigen | ours/plain | monitor overhead Euler | monitor overhead RK4 "
          "| bound of one J r (ns) [compute, readJ] | Euler: of bound | RK4: of bound |")
    print("|" + "---|" * 9)
    for n in sizes:
        eu = t[f"step/Euler/FastTanh/bare/{n}"]
        rk = t[f"step/RK4/FastTanh/bare/{n}"]
        compute = n * n / (args.macs_per_cycle * ghz)
        memory = t[f"bound/readJ/{n}"]
        bound = max(compute, memory)
        print(f"| {n} | {eu / t[f'ref_eigen/Euler/{n}']:.2f} | {t[f'step/Euler/Tanh/bare/{n}'] / t[f'ref_eigen/Euler/{n}']:.2f} "
              f"| {eu / t[f'ref_plain/Euler/{n}']:.2f} "
              f"| {100 * (t[f'step/Euler/FastTanh/monitor/{n}'] / eu - 1):+.1f}% "
              f"| {100 * (t[f'step/RK4/FastTanh/monitor/{n}'] / rk - 1):+.1f}% "
              f"| {fmt(bound)} [{fmt(compute)}, {fmt(memory)}] | {bound / eu:.2f} | {4 * bound / rk:.2f} |")

    if any(k.startswith("part/") for k in t):
        print("\nParts (ns): tanh of the state and J r alone, ours and Eigen's\n")
        print("| N | FastTanh activate | Eigen tanh | our matvec | Eigen gemv | our matvec: of bound |")
        print("|---|---|---|---|---|---|")
        for n in sizes:
            bound = max(n * n / (args.macs_per_cycle * ghz), t[f"bound/readJ/{n}"])
            print(f"| {n} | {fmt(t[f'part/activate/FastTanh/{n}'])} | {fmt(t[f'part/activate/EigenTanh/{n}'])} "
                  f"| {fmt(t[f'part/matvec/ours/{n}'])} | {fmt(t[f'part/matvec/Eigen/{n}'])} "
                  f"| {bound / t[f'part/matvec/ours/{n}']:.2f} |")


def extra_tables(t, sizes, ghz, args):
    kernels = [k for k in ("portable", "avx2", "avx2_fma", "avx512") if any(n.startswith(f"kernel/{k}/") for n in t)]
    if kernels:
        print("\nmatvec variants chosen at run time (detail/matvec_x86.hpp): Euler step (FastTanh, bare) "
              "and J r alone, ns; the step/ rows above use the variant chosen for this CPU\n")
        print("| N | " + " | ".join(f"{k} Euler" for k in kernels) + " | Eigen ref (Euler) | "
              + " | ".join(f"{k} J r" for k in kernels) + " | bound of one J r | readJ with AVX2 loads |")
        print("|" + "---|" * (2 * len(kernels) + 4))
        # The bound here takes the faster of the two reads (16-byte SSE2 loads, 32-byte AVX2 ones).
        def wide_bound(n):
            read = min(t[f"bound/readJ/{n}"], t.get(f"bound/readJ_avx2/{n}", float("inf")))
            return max(n * n / (args.macs_per_cycle * ghz), read)

        for n in sizes:
            if f"kernel/{kernels[0]}/Euler/{n}" not in t:
                continue
            bound = wide_bound(n)
            print(f"| {n} | " + " | ".join(fmt(t[f"kernel/{k}/Euler/{n}"]) for k in kernels)
                  + f" | {fmt(t[f'ref_eigen/Euler/{n}'])} | "
                  + " | ".join(fmt(t[f"kernel/{k}/matvec/{n}"]) for k in kernels) + f" | {fmt(bound)} "
                  + f"| {fmt(t[f'bound/readJ_avx2/{n}']) if f'bound/readJ_avx2/{n}' in t else '-'} |")
        print("\n| N | " + " | ".join(f"{k}: ours/Eigen" for k in kernels) + " | "
              + " | ".join(f"{k}: Euler of bound" for k in kernels) + " | "
              + " | ".join(f"{k}: monitor overhead" for k in kernels) + " |")
        print("|" + "---|" * (3 * len(kernels) + 1))
        for n in sizes:
            if f"kernel/{kernels[0]}/Euler/{n}" not in t:
                continue
            bound = wide_bound(n)
            eu = {k: t[f"kernel/{k}/Euler/{n}"] for k in kernels}
            print(f"| {n} | " + " | ".join(f"{eu[k] / t[f'ref_eigen/Euler/{n}']:.2f}" for k in kernels) + " | "
                  + " | ".join(f"{bound / eu[k]:.2f}" for k in kernels) + " | "
                  + " | ".join(f"{100 * (t[f'kernel/{k}/Euler_monitor/{n}'] / eu[k] - 1):+.1f}%" for k in kernels) + " |")
        if any(n.startswith("kernel/") and "/dyn_Euler/" in n for n in t):
            print("\nRun-time-sized Euler step (FastTanh, bare) per variant, ns, and its ratio to the fixed-size one\n")
            print("| N | " + " | ".join(f"{k} dyn" for k in kernels) + " | "
                  + " | ".join(f"{k} dyn/fixed" for k in kernels) + " |")
            print("|" + "---|" * (2 * len(kernels) + 1))
            for n in sizes:
                if f"kernel/{kernels[0]}/dyn_Euler/{n}" not in t:
                    continue
                print(f"| {n} | " + " | ".join(fmt(t[f"kernel/{k}/dyn_Euler/{n}"]) for k in kernels) + " | "
                      + " | ".join(f"{t[f'kernel/{k}/dyn_Euler/{n}'] / t[f'kernel/{k}/Euler/{n}']:.2f}" for k in kernels)
                      + " |")

    if any(k.startswith("dyn/") for k in t):
        print("\nThe run-time-sized path (RateNetwork<Dynamic>, as `edgechaos run` and simulate) against the "
              "fixed-size one, Euler, ns\n")
        print("| N | fixed FastTanh | dyn FastTanh | dyn/fixed | fixed FastTanh +mon | dyn FastTanh +mon | "
              "fixed Tanh +mon | dyn Tanh +mon | dyn/fixed (Tanh +mon) |")
        print("|" + "---|" * 9)
        for n in sizes:
            if f"dyn/Euler/FastTanh/bare/{n}" not in t:
                continue
            f0, d0 = t[f"step/Euler/FastTanh/bare/{n}"], t[f"dyn/Euler/FastTanh/bare/{n}"]
            f1, d1 = t[f"step/Euler/FastTanh/monitor/{n}"], t[f"dyn/Euler/FastTanh/monitor/{n}"]
            f2, d2 = t[f"step/Euler/Tanh/monitor/{n}"], t[f"dyn/Euler/Tanh/monitor/{n}"]
            print(f"| {n} | {fmt(f0)} | {fmt(d0)} | {d0 / f0:.2f} | {fmt(f1)} | {fmt(d1)} | {fmt(f2)} | {fmt(d2)} "
                  f"| {d2 / f2:.2f} |")


if __name__ == "__main__":
    main()
