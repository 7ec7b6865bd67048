"""Bad weights files, made byte by byte, for the CLI and the app tests: each with the start of the
one-line message it must get. The pickles would write `canary` next to the file if they were ever
unpickled by `pickle`; every test checks that the canary never appears."""

from __future__ import annotations

import io
import json
import os
import pickle
import struct
import warnings
import zipfile
from pathlib import Path

import torch
from safetensors.torch import save

from resnet_explorer import build_model, preset


class WritesCanary:
    """Unpickling this calls `open(path, "w")`: the file appears if the pickle is ever run."""

    def __init__(self, path: str):
        self.path = path

    def __reduce__(self):
        return (open, (self.path, "w"))


def small_state_dict() -> dict[str, torch.Tensor]:
    return build_model(preset("resnet20").replace(stages=(1, 1, 1)), seed=0).state_dict()


def safetensors_bytes(sd: dict[str, torch.Tensor] | None = None) -> bytes:
    return save(sd if sd is not None else small_state_dict())


def _with_header(header: object, data: bytes) -> bytes:
    raw = json.dumps(header).encode()
    return struct.pack("<Q", len(raw)) + raw + data


def _torch_bytes(obj: object) -> bytes:
    buf = io.BytesIO()
    torch.save(obj, buf)
    return buf.getvalue()


def _compressed(data: bytes) -> bytes:
    """The same archive with its entries deflated (torch.save stores them)."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, src.read(info))
    return out.getvalue()


def hostile(folder: Path) -> dict[str, tuple[str, bytes, str]]:
    """name -> (file name, bytes, start of the expected message)."""
    canary = str(folder / "canary")
    good = safetensors_bytes()
    sd = small_state_dict()
    nan = dict(sd)
    nan["layer2.0.conv1.weight"] = torch.full_like(sd["layer2.0.conv1.weight"], float("nan"))
    mlp = {"fc1.weight": torch.zeros(8, 4), "fc1.bias": torch.zeros(8), "fc2.weight": torch.zeros(2, 8)}
    script = io.BytesIO()
    with warnings.catch_warnings():  # torch.jit is deprecated; such archives are still about
        warnings.simplefilter("ignore", DeprecationWarning)
        torch.jit.save(torch.jit.script(torch.nn.Linear(2, 2)), script)
    return {
        "raw_pickle_canary": ("evil.pt", pickle.dumps({"w": WritesCanary(canary)}), "Refused: a raw pickle"),
        "zip_pickle_canary": ("evil.pth", _torch_bytes({"w": WritesCanary(canary)}),
                              "Refused: the file holds Python objects other than tensors"),
        "pickled_module": ("module.pt", _torch_bytes(torch.nn.Linear(2, 2)),
                           "Refused: the file holds Python objects other than tensors (torch.nn"),
        "torchscript": ("scripted.pt", script.getvalue(), "Refused: a TorchScript archive"),
        "compressed_zip": ("packed.pt", _compressed(_torch_bytes(mlp)), "Refused: compressed entries"),
        "truncated_safetensors": ("cut.safetensors", good[: len(good) - 100],
                                  "The safetensors file is truncated"),
        "header_past_end": ("long.safetensors", struct.pack("<Q", 10_000) + b"{}" + b" " * 50,
                            "Refused: the safetensors header claims 10,000 bytes but only 52"),
        "header_2gb_claim": ("huge.safetensors", struct.pack("<Q", 2 * 2**30) + good[8:],
                             "Refused: the safetensors header claims 2,147,483,648 bytes; at most"),
        "bad_json": ("json.safetensors", struct.pack("<Q", 4) + b"{{{{", "Not a valid safetensors header"),
        "unknown_dtype": ("f8.safetensors", _with_header(
            {"w": {"dtype": "F8_E4M3", "shape": [2], "data_offsets": [0, 2]}}, b"\0\0"),
            "Tensor w is stored as F8_E4M3"),
        "overlapping": ("overlap.safetensors", _with_header(
            {"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]},
             "b": {"dtype": "F32", "shape": [2], "data_offsets": [4, 12]}}, bytes(12)),
            "Not a valid safetensors file: tensor b starts at byte 4"),
        "shape_bytes_differ": ("shape.safetensors", _with_header(
            {"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}, bytes(8)),
            "Not a valid safetensors header: tensor a: 8 bytes for shape [3]"),
        "nan_weights": ("nan.safetensors", safetensors_bytes(nan), "1 tensor(s) hold NaN or infinite values"),
        "not_a_resnet": ("mlp.safetensors", safetensors_bytes(mlp), "Not a ResNet state_dict"),
        "onnx": ("net.onnx", b"\x08\x07" + bytes(30), "ONNX files are not read"),
        "not_zip_pt": ("text.pt", b"hello, this is not a checkpoint", "Not a PyTorch file"),
        "shorter_than_8": ("tiny.safetensors", good[:6], "Not a safetensors file: 6 bytes"),
        "trailing_bytes": ("tail.safetensors", good + b"\0" * 16, "Not a valid safetensors file: 16 bytes"),
        "header_not_json_object": ("list.safetensors", _with_header([], b""),
                                   "Not a valid safetensors header"),
    }


def canary_absent(folder: Path) -> bool:
    return not os.path.exists(folder / "canary")
