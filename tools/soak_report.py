#!/usr/bin/env python3
"""docs/soak.md from the soak logs (tools/soak.sh): soak_report.py <log dir> <out.md>.

Reads host_<regime>.log (examples/soak, `soak` program) and qemu_<regime>.log (the
examples/firmware/soak long images under QEMU); a regime whose log has no `result` line
did not finish (timeout or not run) and is reported with the chunks it printed. A
notes.md in the log directory (what ran, by hand) is appended."""
import os
import sys

REGIMES = ["null", "chaotic", "symmetric", "noisy", "rls"]
CHANNELS = ["E", "speed", "act", "phi2"]


def parse(path):
    chunks, result, tail = [], None, {}
    if not os.path.exists(path):
        return None
    with open(path) as f:
        for line in f:
            words = line.split()
            if not words:
                continue
            kv = dict(w.split("=", 1) for w in words if "=" in w)
            if words[0] == "chunk":
                chunks.append(kv)
            elif words[0] == "result":
                result = kv
            elif "wall_secs" in kv:
                tail = kv
    return {"chunks": chunks, "result": result, "tail": tail}


def num(kv, k, default=float("nan")):
    try:
        return float(kv[k])
    except (KeyError, ValueError):
        return default


def fmt(v, spec=".3g"):
    return "n/a" if v != v else format(v, spec)


def section(title, label, logs, host, seed_default):
    out = [f"### {title}", ""]
    head = "| regime | N | seed | steps | finished | time | failed steps | non-finite | at rest (end) | max drift / bound | max plain-float drift / bound |"
    sep = "|---|---:|---:|---:|---|---:|---:|---:|---|---:|---:|"
    if host:
        head += " max var rel. err | plain var rel. err |"
        sep += "---:|---:|"
    out += [head, sep]
    rls_rows, drift_rows = [], []
    for r in REGIMES:
        log = logs.get(r)
        if log is None or not log["chunks"]:
            out.append(f"| {r} | | | | not run | | | | | | |" + (" | |" if host else ""))
            continue
        ch = log["chunks"]
        last = ch[-1]
        res = log["result"]
        finished = "yes" if res is not None else "no: stopped or still running when the report was made"
        if host:
            t = f"{num(last, 'cpu_secs'):.1f} s CPU ({num(last, 'secs'):.1f} s wall), {num(last, 'ns_per_step'):.0f} ns/step"
        else:
            w = num(log["tail"], "wall_secs")
            t = f"{w:.0f} s wall" if w == w else "n/a"
            if w == w and num(last, "steps") > 0:
                t += f", {w * 1e6 / num(last, 'steps'):.0f} us/step"
        seed = res.get("seed", seed_default) if res else seed_default
        worst = max(num(c, "drift_over_bound", 0.0) for c in ch)
        plain = max(num(c, "plain_drift_over_bound", 0.0) for c in ch)
        row = (f"| {r} | {last.get('N', '')} | {seed} | {int(num(last, 'steps', 0)):,} | {finished} | {t} | "
               f"{last.get('failed', '')} | {last.get('nonfinite', '')} | {'yes' if last.get('rest') == '1' else 'no'} | "
               f"{fmt(worst)} | {fmt(plain)} |")
        if host:
            vr = max(num(c, "var_rel", 0.0) for c in ch)
            pvr = max(num(c, "plain_var_rel", 0.0) for c in ch)
            row += f" {fmt(vr)} | {fmt(pvr)} |"
        out.append(row)
        if host:
            cells = []
            for k in CHANNELS:
                d = max(num(c, f"drift_{k}", 0.0) for c in ch)
                p = max(num(c, f"plain_drift_{k}", 0.0) for c in ch)
                cells.append(f"{fmt(num(last, f'ref_{k}'), '.6g')} | {fmt(d)} | {fmt(num(last, f'bound_{k}'))} | {fmt(p)}")
            drift_rows.append(f"| {r} | " + " | ".join(cells) + " |")
        if r == "rls":
            spd_all = all(c.get("rls_spd") == "1" for c in ch)
            refusals = last.get("rls_refusals", "")
            min_pivot = min(num(c, "rls_min_pivot", float("inf")) for c in ch)
            max_diag = max(num(c, "rls_max_diag", 0.0) for c in ch)
            rls_rows.append(f"| {label} | {last.get('rls_updates', '')} | {refusals} | "
                            f"{'yes, every chunk' if spd_all else 'NO'} | {fmt(min_pivot)} | {fmt(max_diag)} | "
                            f"{fmt(num(last, 'rls_w_err'))} | {fmt(num(last, 'rls_err_rms'))} |")
    out.append("")
    if drift_rows:
        out += ["Per channel (the mean of the last chunk in double; the largest |drift| over the chunks; the bound at the end; the plain float Welford's largest |drift|):", "",
                "| regime | " + " | ".join(f"{k}: mean | drift | bound | plain" for k in CHANNELS) + " |",
                "|---|" + "---:|" * (4 * len(CHANNELS)), *drift_rows, ""]
    return out, rls_rows


def main():
    d, dest = sys.argv[1], sys.argv[2]
    host = {r: parse(os.path.join(d, f"host_{r}.log")) for r in REGIMES}
    qemu = {r: parse(os.path.join(d, f"qemu_{r}.log")) for r in REGIMES}
    host = {k: v for k, v in host.items() if v}
    qemu = {k: v for k, v in qemu.items() if v}
    intro_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "soak_intro.md")
    with open(intro_path) as f:
        lines = [f.read().rstrip("\n"), ""]
    lines += ["## Results", "", "Generated by `tools/soak_report.py` from the logs of `tools/soak.sh` (build/soak/).", ""]
    h, h_rls = section("Host (x86-64, RelWithDebInfo, N = 32)", "host", host, True, "3")
    q, q_rls = section("QEMU mps2-an386 (Cortex-M4F, Release, N = 16)", "QEMU M4F", qemu, False, "1")
    lines += h + q
    if h_rls or q_rls:
        lines += ["### RLS (regime rls)", "",
                  "| where | updates | refusals | P positive definite (LLT) | smallest Cholesky pivot | largest P entry | abs(W - w*) / abs(w*) | a-priori error RMS (last chunk) |",
                  "|---|---:|---:|---|---:|---:|---:|---:|", *h_rls, *q_rls, ""]
    notes = os.path.join(d, "notes.md")  # the runner's notes on what ran (optional)
    if os.path.exists(notes):
        with open(notes) as f:
            lines += [f.read().rstrip("\n"), ""]
    with open(dest, "w") as f:
        f.write("\n".join(lines).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
