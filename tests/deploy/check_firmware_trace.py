#!/usr/bin/env python3
"""The QEMU side of the golden trace (issue 11, item 4). Runs the reference_trace firmware
(examples/firmware/reference_trace: the contracting reference model of reference_esn.py,
exported by `edgechaos import`, N = 40, M = 1, K = 2, T = 10 000 steps in float32) and checks

  1. every sampled state and output (31 steps, all 40 states and 2 outputs, as exact bits)
     against NumPy's float64 trace within the worst-case float32 bound of
     test_deploy.float32_bound() at that step (the bound the host's float32 trace meets);
  2. the firmware's report against the host build of the same source and header
     (host_trace.txt): the same bits at every sampled step and the same hashes of all
     states and outputs, or the largest difference between the two if not.

With --bit-identical (the reference_trace_fast image: the same weights with FastTanh, a
different function from NumPy's tanh, so no NumPy bound) only 2 is checked, and it must hold:
the device's float32 arithmetic is the host's, bit for bit.

usage: check_firmware_trace.py --qemu CMD... -- --host HOST_TXT --work DIR [--bit-identical]
"""
import json
import os
import struct
import subprocess
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from test_deploy import float32_bound  # noqa: E402


def parse(text):
    samples, summary = {}, None
    for line in text.splitlines():
        if '"fw":"reference_trace"' not in line:
            continue
        d = json.loads(line[line.index("{"):])
        if "t" in d:
            f = lambda h: struct.unpack("<f", int(h, 16).to_bytes(4, "little"))[0]  # noqa: E731
            samples[d["t"]] = (np.array([f(h) for h in d["x"]]), np.array([f(h) for h in d["y"]]))
        else:
            summary = d
    return samples, summary


def main():
    argv = sys.argv[1:]
    if "--qemu" not in argv or "--" not in argv:
        sys.exit(__doc__)
    cmd = argv[argv.index("--qemu") + 1:argv.index("--")]
    rest = argv[argv.index("--") + 1:]
    host, work = rest[rest.index("--host") + 1], rest[rest.index("--work") + 1]
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "reference_esn.py"), "--out-dir", work], check=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=280)
    print(p.stdout[-2000:], p.stderr[-2000:])
    dev, dev_summary = parse(p.stdout)
    if p.returncode != 0 or dev_summary is None or dev_summary["status"] != "ok" or dev_summary["steps"] != 10000:
        sys.exit(f"FAIL: the firmware did not run 10000 steps (exit {p.returncode}): {dev_summary}")
    bit_identical = "--bit-identical" in rest
    model = np.load(os.path.join(work, "contracting.npz"))
    u = np.load(os.path.join(work, "U.npy"))
    ref = np.load(os.path.join(work, "contracting_trace64.npz"))
    sb, ob = float32_bound(model, u)
    worst_x = worst_y = ratio = 0.0
    for t, (x, y) in sorted(dev.items()) if not bit_identical else []:
        ex = np.max(np.abs(x - ref["states"][t]))
        ey = np.max(np.abs(y - ref["outputs"][t]))
        if ex > sb[t] or ey > ob[t]:
            sys.exit(f"FAIL: step {t}: state error {ex:.3g} (bound {sb[t]:.3g}), "
                     f"output error {ey:.3g} (bound {ob[t]:.3g})")
        worst_x, worst_y = max(worst_x, ex), max(worst_y, ey)
        ratio = max(ratio, ex / sb[t], ey / ob[t])
    if not bit_identical:
        print(f"ok: {len(dev)} sampled steps within the bound: device vs NumPy float64, states max {worst_x:.3g}, "
              f"outputs max {worst_y:.3g} (at most {ratio:.2g} of the bound)")
    host_samples, host_summary = parse(open(host).read())
    same = dev_summary["states_hash"] == host_summary["states_hash"] and \
        dev_summary["outputs_hash"] == host_summary["outputs_hash"]
    diff = max(max(np.max(np.abs(dev[t][0] - host_samples[t][0])), np.max(np.abs(dev[t][1] - host_samples[t][1])))
               for t in dev)
    if same and diff == 0:
        print("ok: bit-identical to the host build (all 10000 x 42 values by hash, the samples by bits)")
    elif bit_identical:
        sys.exit(f"FAIL: the device differs from the host build: hashes {dev_summary['states_hash']}/"
                 f"{dev_summary['outputs_hash']} vs {host_summary['states_hash']}/{host_summary['outputs_hash']}, "
                 f"largest sampled difference {diff:.3g}")
    else:
        print(f"note: the device differs from the host build: hashes {dev_summary['states_hash']}/"
              f"{dev_summary['outputs_hash']} vs {host_summary['states_hash']}/{host_summary['outputs_hash']}, "
              f"largest sampled difference {diff:.3g} (the device's tanhf and the host's differ in last bits)")


if __name__ == "__main__":
    main()
