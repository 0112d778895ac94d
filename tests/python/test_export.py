"""export / import_model and the device runner (N, seeds per test)."""
import os
import subprocess
import sys
import textwrap
import threading
import time

import numpy as np
import pytest

import edgechaos as ec


def trained(features="state", n=24, seed=3):
    # One-step Mackey-Glass, N = 24, seed 3, 400 samples, washout 50, ridge 1e-6.
    x = ec.mackey_glass(401, seed=1)
    model = ec.Model(ec.Reservoir(n, sr=0.9, input_scaling=0.5, input_connectivity=1.0, bias_scaling=0.1, seed=seed),
                     ec.Ridge(ridge=1e-6), features=features)
    return model.fit(x[:400], x[1:], warmup=50), x


@pytest.mark.parametrize("features", ["state", "state-input", "augmented"])
def test_device_runner_follows_the_python_model(features, tmp_path):
    # The device's states are the reservoir's bit for bit (the same map and stepper); its
    # float32 readout is the host's double readout to float rounding (1e-5 of the signal).
    model, x = trained(features)
    d = model.to_device()
    X = x[:100].astype(np.float32)
    y_dev = d.run(X)
    model.reservoir.reset()
    y_host = model.run(X)
    assert y_dev.dtype == np.float32 and y_dev.shape == (100, 1)
    assert np.array_equal(d.state(), model.reservoir.state()[0])
    np.testing.assert_allclose(y_dev, y_host, atol=1e-5)


def test_image_round_trip_is_bit_for_bit(tmp_path):
    model, x = trained("state-input")
    path = tmp_path / "mg.ecm"
    d = ec.export(model, str(path), form="image")
    back = ec.import_model(str(path))
    for name in ("W", "Win", "bias", "Wout", "c"):
        assert getattr(back, name).tobytes() == getattr(d, name).tobytes(), name
    assert (back.lr, back.features, back.units, back.inputs, back.outputs) == (d.lr, d.features, 24, 1, 1)
    X = x[:200].astype(np.float32)
    assert back.run(X).tobytes() == d.run(X).tobytes()
    assert back.image() == path.read_bytes()  # the image of an imported image is the same bytes


def test_npz_round_trip_and_header(tmp_path):
    model, x = trained("state")
    d = ec.export(model, str(tmp_path / "m.npz"), form="npz")
    back = ec.import_model(str(tmp_path / "m.npz"))
    X = x[:100].astype(np.float32)
    assert back.run(X).tobytes() == d.run(X).tobytes()
    ec.export(model, str(tmp_path / "mg_model.hpp"), form="header")
    text = (tmp_path / "mg_model.hpp").read_text()
    assert "namespace mg_model" in text and "W_out" in text
    with pytest.raises(ec.EdgechaosError, match=r"^unsupported_format: "):
        ec.export(trained("state-input")[0], str(tmp_path / "x.npz"), form="npz")


def test_damaged_image_and_bad_input_raise(tmp_path):
    model, x = trained()
    data = bytearray(model.to_device().image())
    data[200] ^= 0x10
    (tmp_path / "bad.ecm").write_bytes(bytes(data))
    with pytest.raises(ec.EdgechaosError, match=r"^malformed_file: "):
        ec.import_model(str(tmp_path / "bad.ecm"))
    d = model.to_device()
    d.run(x[:10])
    s = d.state()
    with pytest.raises(ec.EdgechaosError, match=r"^size_mismatch: "):
        d.run(np.ones((5, 2)))
    with pytest.raises(ec.EdgechaosError, match=r"^non_finite_input: "):
        d.run(np.array([[0.5], [np.nan]]))
    assert np.array_equal(d.state(), s)


def test_cli_reads_the_exported_image(tmp_path):
    # The CLI's `export` turns the Python model's image into a header: the same header text
    # the Python side writes (one library, two front ends).
    cli = os.environ.get("EDGECHAOS_CLI", "")
    if not cli or not os.path.exists(cli):
        pytest.skip("EDGECHAOS_CLI not built")
    model, _ = trained("state-input")
    ec.export(model, str(tmp_path / "m.ecm"), form="image")
    ec.export(model, str(tmp_path / "py.hpp"), form="header", namespace="m")
    subprocess.run([cli, "export", str(tmp_path / "m.ecm"), "--header", str(tmp_path / "cli.hpp"), "--namespace", "m"],
                   check=True, capture_output=True)
    assert (tmp_path / "cli.hpp").read_text() == (tmp_path / "py.hpp").read_text()


LONG_RUN = textwrap.dedent("""
    import sys, numpy as np, edgechaos as ec
    r = ec.Reservoir(400, sr=0.9, rc_connectivity=1.0, seed=1).initialize(1)
    X = np.zeros((300000, 1), np.float32)  # ~10 s; the states array is touched only as far as the run gets
    print("start", flush=True)
    try:
        r.run(X)
    except KeyboardInterrupt:
        s = r.run(np.ones((3, 1)))  # still usable, and the interrupted run left no state
        print("interrupted", s.shape, float(np.abs(r.state()).sum()) > 0, flush=True)
        sys.exit(0)
    sys.exit(3)
""")


def test_ctrl_c_stops_a_long_reservoir_run():
    # N = 400 dense, 3e5 samples (~10 s): SIGINT after the start must end it within a few s.
    import signal
    p = subprocess.Popen([sys.executable, "-c", LONG_RUN], stdout=subprocess.PIPE, text=True, env=os.environ.copy())
    assert p.stdout.readline().strip() == "start"
    time.sleep(1.0)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    out, _ = p.communicate(timeout=20)
    assert p.returncode == 0 and out.startswith("interrupted (3, 400) True"), out
    assert time.monotonic() - t0 < 5


def test_other_threads_run_during_a_long_run():
    # N = 300 dense, 20000 samples (~0.5 s): a Python thread counts meanwhile (GIL released).
    r = ec.Reservoir(300, sr=0.9, rc_connectivity=1.0, seed=1).initialize(1)
    ticks, done = [0], threading.Event()

    def count():
        while not done.is_set():
            ticks[0] += 1
            time.sleep(0.001)

    t = threading.Thread(target=count)
    t.start()
    t0 = time.monotonic()
    r.run(np.zeros((20000, 1), np.float32))
    elapsed = time.monotonic() - t0
    done.set()
    t.join()
    # A 1 ms sleep loop ticks ~elapsed/1.2 ms times when it gets the GIL; held, it would tick ~once.
    assert elapsed > 0.1 and ticks[0] > 0.1 * elapsed / 0.001


def test_fast_tanh_reservoir_and_its_device_model():
    # N = 32, seed 6, 200 samples: FastTanh's states stay within its 2.1e-7 error (propagated
    # through a contracting map, sr 0.9) of the C library's tanh, and the device runner of the
    # fast_tanh model has the same states bit for bit and says its activation.
    X = np.random.default_rng(8).uniform(-1, 1, (200, 1))
    a = ec.Reservoir(32, sr=0.9, seed=6, bias_scaling=0.0).run(X)
    r = ec.Reservoir(32, sr=0.9, seed=6, bias_scaling=0.0, activation="fast_tanh")
    model = ec.Model(r, ec.Ridge(ridge=1e-6)).fit(X, X, warmup=10)
    r.reset()
    b = r.run(X)
    np.testing.assert_allclose(b, a, atol=1e-5)
    assert not np.array_equal(a, b)
    d = model.to_device()
    d.run(X)
    assert d.activation == "fast_tanh" and np.array_equal(d.state(), r.state()[0])
