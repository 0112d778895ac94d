"""Export and import of trained models: the model image, the C++ header, ReservoirPy's npz.

``export(model, path, form=...)`` writes
  "image"   the model image (io/model_image.hpp: versioned, CRC-checked; the CLI's
            ``reservoir --save`` and ``export --out`` files),
  "header"  the C++ header a firmware includes (host/model_header.hpp; ``header_form``
            "arrays", "image" or "seed", ``namespace`` its namespace),
  "npz"     ReservoirPy's arrays (W, Win, bias, Wout (N, K), bout, lr, activation), the file
            ``edgechaos import`` and ``import_model`` read (the state features only).
``import_model(path)`` reads an image or an npz back as a ``DeviceModel`` (the device's
runner: its ``run`` is the device's output).
"""
import os

import numpy as np

from . import _edgechaos as _ec

__all__ = ["export", "import_model"]


def _device(model):
    if isinstance(model, _ec.DeviceModel):
        return model
    if hasattr(model, "to_device"):
        return model.to_device()
    raise _ec.EdgechaosError("invalid_argument: export needs a fitted Model or a DeviceModel")


def export(model, path, form="image", header_form="arrays", namespace=None):
    """Writes ``model`` (a fitted ``reservoir >> readout`` Model or a DeviceModel) to ``path``.

    form: "image", "header" or "npz" (see the module's help). Returns the DeviceModel written.
    """
    d = _device(model)
    if form == "image":
        data = d.image()
        with open(path, "wb") as f:
            f.write(data)
    elif form == "header":
        ns = namespace or os.path.splitext(os.path.basename(path))[0].replace("-", "_").replace(".", "_")
        text = d.header(namespace=ns, form=header_form)
        with open(path, "w") as f:
            f.write(text)
    elif form == "npz":
        if d.model != "esn" or d.features != "state" or d.activation != "tanh":
            raise _ec.EdgechaosError("unsupported_format: ReservoirPy's npz holds a tanh echo-state model read from its state")
        np.savez(path, W=d.W, Win=d.Win, bias=d.bias, Wout=np.ascontiguousarray(d.Wout.T), bout=d.c,
                 lr=np.float32(d.lr), activation=np.array("tanh"))
    else:
        raise _ec.EdgechaosError("invalid_argument: form must be 'image', 'header' or 'npz'")
    return d


def import_model(path, sparse_W=None):
    """Reads a model image or a ReservoirPy npz (W inside, or a scipy.sparse npz at
    ``sparse_W``) as a DeviceModel. Damaged or foreign bytes raise malformed_file."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:4] == b"ECMI" or data[:4] == b"ECW1":
        return _ec.DeviceModel.from_image(data)
    if data[:2] == b"PK":
        sparse = None
        if sparse_W is not None:
            with open(sparse_W, "rb") as f:
                sparse = f.read()
        return _ec.DeviceModel.from_reservoirpy(data, sparse)
    raise _ec.EdgechaosError(f"malformed_file: {path} is neither a model image nor an npz")
