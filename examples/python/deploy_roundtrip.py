#!/usr/bin/env python3
"""Train a reservoir in Python, export it for a device, read it back and compare outputs.

The deploy loop of docs/deploy_device.md from Python: one-step Mackey-Glass (tau = 17, the
series of seed 1, reservoir_predict's protocol: 100 washout, 1000 train, 500 test), an ESN of
N = 64 (sr 0.9, input scaling 0.5, dense W_in, no bias) with features [u, x], ridge 1e-8;
then
  1. export: the model image (the file `edgechaos export` and the firmware read) and the C++
     header (`--header` form arrays) into --out-dir;
  2. import_model() of the image: a DeviceModel, io/model_runner.hpp's ModelRunner over the
     image's float32 arrays, the code the firmware runs;
  3. the device's predictions for the whole series against Python's Model.run: the states
     are the same bits (one map, one stepper); the outputs agree to float32 rounding of the
     readout (the device sums in float32, Model.run in double), and the image round trip
     is bit for bit (the imported model gives the exported one's bits).

  4. with --device BUILD_DIR (a configured cortex-m4f build, `cmake --preset cortex-m4f`):
     the image-form header is compiled into the firmware examples/firmware/reservoir_predict
     (its target reservoir_predict_custom, -DRESERVOIR_PREDICT_MODEL_HEADER), run under QEMU
     (mps2-an386), and the device's report (the FNV-1a hash of its 500 test predictions' bits,
     three sampled predictions' bits, its float32 test NRMSE) compared bit for bit with the
     same quantities computed from the host's device runner. FastTanh makes tanh the same
     bits on both C libraries; the firmware is built without FMA contraction.

usage: PYTHONPATH=build/host/python python3 examples/python/deploy_roundtrip.py [--out-dir DIR]
       [--device build/cortex-m4f]
"""
import argparse
import json
import os
import struct
import subprocess

import numpy as np

import edgechaos as ec

WASHOUT, TRAIN, TEST = 100, 1000, 500


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out-dir", default="deploy_out")
    p.add_argument("--device", default=None, help="a configured cortex-m4f build directory: run the firmware under QEMU")
    a = p.parse_args()
    os.makedirs(a.out_dir, exist_ok=True)

    x = ec.mackey_glass(WASHOUT + TRAIN + TEST + 1, seed=1)
    u, y = x[:-1], x[1:]
    model = ec.Model(ec.Reservoir(64, sr=0.9, input_scaling=0.5, input_connectivity=1.0, bias_scaling=0.0, seed=1,
                                  activation="fast_tanh"),
                     ec.Ridge(ridge=1e-8), features="state-input")
    model.fit(u[:WASHOUT + TRAIN], y[:WASHOUT + TRAIN], warmup=WASHOUT)
    model.reservoir.reset()
    y_python = model.run(u)
    nrmse_python = ec.nrmse(y[-TEST:], y_python[-TEST:])

    image = os.path.join(a.out_dir, "mg_model.ecm")
    header = os.path.join(a.out_dir, "reservoir_predict_model.hpp")
    exported = ec.export(model, image, form="image")
    ec.export(model, header, form="header", namespace="reservoir_predict_model")

    device = ec.import_model(image)
    y_device = device.run(u.astype(np.float32))
    nrmse_device = ec.nrmse(y[-TEST:], y_device[-TEST:])
    exported.reset()
    same_bits = y_device.tobytes() == exported.run(u.astype(np.float32)).tobytes()
    same_state = np.array_equal(device.state(), model.reservoir.state()[0])
    diff = float(np.max(np.abs(y_device - y_python)))

    print(f"image {image} ({os.path.getsize(image)} bytes), header {header}")
    print(f"test NRMSE: python {nrmse_python:.4e}, device runner {nrmse_device:.4e}")
    print(f"device runner vs Model.run: max |dy| = {diff:.2e}; final state bit for bit: {same_state}")
    print(f"imported image vs exported model: outputs bit for bit: {same_bits}")
    if not (same_bits and same_state and diff < 1e-4):
        raise SystemExit("round trip FAILED")
    if a.device:
        on_device(a, device_model=exported, y_device=y_device[-TEST:], target=y[-TEST:])


def bits(v):
    return struct.unpack("<I", struct.pack("<f", float(v)))[0]


def fnv1a(values):
    """The firmware's hash: FNV-1a over the little-endian bytes of each float's bits."""
    h = 2166136261
    for v in values:
        b = bits(v)
        for i in range(4):
            h ^= (b >> (8 * i)) & 0xFF
            h = (h * 16777619) & 0xFFFFFFFF
    return h


def on_device(a, device_model, y_device, target):
    """Builds reservoir_predict around the exported model, runs it under QEMU, compares."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    header = os.path.abspath(os.path.join(a.out_dir, "model_image_form.hpp"))
    ec.export(device_model, header, form="header", header_form="image", namespace="reservoir_predict_model")
    subprocess.run(["cmake", "-S", root, "-B", a.device, f"-DRESERVOIR_PREDICT_MODEL_HEADER={header}"],
                   check=True, stdout=subprocess.DEVNULL)
    subprocess.run(["cmake", "--build", a.device, "-j1", "--target", "reservoir_predict_custom"], check=True,
                   stdout=subprocess.DEVNULL)
    elf = os.path.join(a.device, "examples", "firmware", "reservoir_predict", "reservoir_predict_custom.elf")
    run = subprocess.run(["qemu-system-arm", "-M", "mps2-an386", "-nographic", "-monitor", "none",
                          "-semihosting-config", "enable=on,target=native", "-kernel", elf],
                         capture_output=True, text=True, timeout=300)
    report = next(json.loads(line) for line in run.stdout.splitlines()
                  if line.startswith("{") and '"reservoir_predict"' in line)
    if report.get("status") != "ok":
        raise SystemExit(f"device: {report}")
    # The same numbers from the host's runner: the hash and samples of the test block, and
    # the NRMSE as the firmware computes it (tasks/metrics.hpp's ErrorStats in float32).
    host = {"yhat_hash": f"{fnv1a(y_device[:, 0]):08x}",
            "y_test_0_bits": f"{bits(y_device[0, 0]):08x}", "y_test_250_bits": f"{bits(y_device[250, 0]):08x}",
            "y_test_499_bits": f"{bits(y_device[499, 0]):08x}"}
    print(f"device (QEMU mps2-an386, Cortex-M4F): test NRMSE {report['nrmse_test']:.4e}, hash {report['yhat_hash']}")
    for key, value in host.items():
        same = int(report[key], 16) == int(value, 16)
        print(f"  {key}: device {report[key]}, host runner {value}: {'same bits' if same else 'DIFFERENT'}")
        if not same:
            raise SystemExit("device round trip FAILED")


if __name__ == "__main__":
    main()
