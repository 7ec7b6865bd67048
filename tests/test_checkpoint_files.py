"""Reading weights files: hostile ones refused with one line (and their code never run), good ones
read without a second copy, the header checks agreeing with the safetensors package's own."""

from __future__ import annotations

import contextlib
import io
import pickle
import subprocess
import sys

import numpy as np
import pytest
import torch
from safetensors import SafetensorError, safe_open

from resnet_explorer.checkpoint import CheckpointError, inspect_bytes, inspect_path, read_bytes, read_path
from resnet_explorer.cli import main

from .hostile_files import WritesCanary, canary_absent, hostile, safetensors_bytes, small_state_dict

NAMES = ["raw_pickle_canary", "zip_pickle_canary", "pickled_module", "torchscript", "compressed_zip",
         "truncated_safetensors", "header_past_end", "header_2gb_claim", "bad_json", "unknown_dtype",
         "overlapping", "shape_bytes_differ", "nan_weights", "not_a_resnet", "onnx", "not_zip_pt",
         "shorter_than_8", "trailing_bytes", "header_not_json_object"]


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    made = hostile(folder)
    assert sorted(made) == sorted(NAMES)
    paths = {}
    for key, (name, data, expected) in made.items():
        path = folder / name
        path.write_bytes(data)
        paths[key] = (path, data, expected)
    return folder, paths


def cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("key", NAMES)
def test_hostile_file_is_one_line_in_the_cli_and_its_code_never_runs(files, key):
    folder, paths = files
    path, data, expected = paths[key]
    code, out, err = cli("inspect", str(path), "--json")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("resnet_explorer: error: " + expected), err
    with pytest.raises(CheckpointError) as raised:
        inspect_bytes(path.name, data, limit_mb=16)  # the upload path
    assert str(raised.value).startswith(expected) and "\n" not in str(raised.value)
    assert canary_absent(folder)


def test_the_pickles_would_have_written_the_canary(files, tmp_path):
    """The canary check means something: plain pickle.loads of the same bytes does write it."""
    pickle.loads(pickle.dumps(WritesCanary(str(tmp_path / "canary"))))
    assert not canary_absent(tmp_path)


def test_a_hostile_file_exits_2_as_a_process(files):
    folder, paths = files
    path = str(paths["zip_pickle_canary"][0])
    out = subprocess.run([sys.executable, "-m", "resnet_explorer", "inspect", path],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2 and out.stdout == "" and len(out.stderr.splitlines()) == 1
    assert canary_absent(folder)


@pytest.mark.parametrize("key", ["truncated_safetensors", "header_past_end", "header_2gb_claim", "bad_json",
                                 "overlapping", "shape_bytes_differ", "trailing_bytes"])
def test_the_safetensors_package_refuses_them_too(files, key):
    """An outside check of the header checks: the package's own parser also rejects these files."""
    path = files[1][key][0]
    with pytest.raises((SafetensorError, OSError, RuntimeError, ValueError)):
        with safe_open(str(path), framework="pt") as f:
            [f.get_tensor(k) for k in f.keys()]


def test_over_the_size_limit(tmp_path):
    data = safetensors_bytes()
    (tmp_path / "net.safetensors").write_bytes(data)
    limit = len(data) / 2**20 / 2
    with pytest.raises(CheckpointError, match=r"^The file has 0\.\d MB; this limit is"):
        read_bytes("net.safetensors", data, limit)
    code, out, err = cli("inspect", str(tmp_path / "net.safetensors"), "--max-size", f"{limit}")
    assert code == 2 and out == "" and err.count("\n") == 1 and "this limit is" in err


def test_safetensors_views_the_upload_and_matches_the_package(tmp_path):
    sd = small_state_dict()
    data = safetensors_bytes(sd)
    path = tmp_path / "net.safetensors"
    path.write_bytes(data)
    ours = read_bytes(path.name, data, 16).tensors
    with safe_open(str(path), framework="pt") as f:
        theirs = {k: f.get_tensor(k) for k in f.keys()}
    assert ours.keys() == theirs.keys() == sd.keys()
    assert all(torch.equal(ours[k], theirs[k]) for k in sd)
    start = np.frombuffer(data, dtype=np.uint8).ctypes.data  # the upload's bytes, never copied
    for t in ours.values():
        if t.numel():
            assert start <= t.data_ptr() < start + len(data)


def test_pt_wrappers_and_prefixes_are_accepted(tmp_path):
    sd = small_state_dict()
    wrapped = {"epoch": 3, "state_dict": {"module." + k: v for k, v in sd.items()}, "optimizer": {}}
    torch.save(wrapped, tmp_path / "ckpt.pth")
    opened = inspect_path(tmp_path / "ckpt.pth")
    assert opened.weights.found_in == "state_dict"
    assert [n.key for n in opened.renamed] == ["ck_note_prefix"]
    assert sum(p.numel() for p in opened.model.parameters()) == sum(
        v.numel() for k, v in sd.items() if "running" not in k and "num_batches" not in k)
    torch.save({"model": sd}, tmp_path / "m.pt")
    assert read_path(tmp_path / "m.pt", 16).found_in == "model"
    torch.save({"epoch": 1}, tmp_path / "none.pt")
    with pytest.raises(CheckpointError, match="^No state_dict in the file: its top-level keys are epoch"):
        inspect_path(tmp_path / "none.pt")


def test_half_precision_files_are_converted_and_counted(tmp_path):
    sd = {k: v.half() if v.is_floating_point() else v for k, v in small_state_dict().items()}
    opened = inspect_bytes("half.safetensors", safetensors_bytes(sd), 16)
    assert opened.converted == sum(v.is_floating_point() for v in sd.values())
    assert all(p.dtype == torch.float32 for p in opened.model.parameters())
