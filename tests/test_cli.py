"""The command line as an outside program sees it: subprocesses, exit codes, JSON."""

import contextlib
import io
import json
import subprocess
import sys

import pytest

from resnet_explorer import PRESETS
from resnet_explorer.cli import main


def run(*args: str) -> subprocess.CompletedProcess:
    """main() in this process, its output captured as a subprocess's would be."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def run_process(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "resnet_explorer", *args], capture_output=True, text=True,
                          timeout=120)


def test_presets_one_a_line():
    out = run_process("presets")
    assert out.returncode == 0
    assert out.stdout.split() == list(PRESETS)


def test_summary_json_contract():
    out = run("summary", "--preset", "resnet50", "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["params"] == data["trainable_params"] == 25_557_032
    assert data["flops"] == 2 * data["macs"]
    assert round(data["macs"] / 1e9, 3) == 4.089
    assert sum(layer["params"] for layer in data["layers"]) == data["params"]
    conv = next(layer for layer in data["layers"] if layer["name"] == "layer1.0.conv2")
    assert conv["output_shape"] == [64, 56, 56] and conv["kind"] == "conv"
    assert conv["params_formula"] == "3×3×64×64 = 36,864"
    assert conv["macs_formula"] == "56×56 × 36,864 = 115,605,504"
    assert [s["name"] for s in data["stages"]][1] == "conv2_x"
    assert data["stages"][1]["blocks"] == 3


def test_custom_net_from_flags():
    out = run("summary", "--stem", "cifar", "--block", "basic", "--stages", "3,3,3", "--shortcut", "A",
              "--input-size", "32", "--classes", "10", "--json")
    data = json.loads(out.stdout)
    assert data["params"] == 269_722  # the paper's ResNet-20: 0.27M
    out = run("summary", "--preset", "resnet18", "--input-size", "32x48", "--no-bn", "--json")
    data = json.loads(out.stdout)
    assert data["input_shape"] == [3, 32, 48]
    assert not any(layer["kind"] == "bn" for layer in data["layers"])


def test_the_former_stem_width_flag_still_works():
    for flag in ("--stem-channels", "--stem-width"):
        out = run("summary", "--preset", "resnet20", "--shortcut", "B", flag, "24", "--json")
        data = json.loads(out.stdout)
        assert data["config"]["stem_channels"] == 24 and data["layers"][0]["output_shape"][0] == 24


def test_stages_without_widths_rederive_them():
    data = json.loads(run("summary", "--preset", "resnet50", "--stages", "2,2", "--json").stdout)
    assert data["config"]["widths"] == [64, 128]
    assert data["params"] == 1_327_400  # counted by hand in test_config


def test_anatomy_prints_the_three_numbers():
    out = run("anatomy").stdout
    for number in ("69,632", "1,179,648", "73,728"):
        assert number in out


@pytest.mark.parametrize("args", [
    ("summary", "--preset", "resnet9000"),
    ("summary", "--stages", "3,x"),
    ("summary", "--input-size", "0"),
    ("summary", "--shortcut", "D"),
    ("summary", "--block", "basic", "--groups", "32"),
    ("summary", "--bogus"),
    ("frobnicate",),
    ("summary", "--batch-size", "-1"),
    ("summary", "--batch-size", "4097"),  # the lab's bound, one source
    ("summary", "--batch-size", "inf"),
    ("summary", "--groups", "-inf"),
    ("summary", "--classes", "1e30"),
    ("summary", "--input-size", "9" * 400),
])
def test_bad_input_is_one_line_exit_2(args):
    out = run(*args)
    assert out.returncode == 2
    assert out.stderr.count("\n") == 1 and out.stderr.startswith("resnet_explorer: error:")
    assert "Traceback" not in out.stderr


def test_bad_input_in_a_real_process_has_no_traceback():
    out = run_process("summary", "--preset", "resnet50", "--widths", "1,2")
    assert out.returncode == 2
    assert out.stderr == "resnet_explorer: error: widths=1,2 is not allowed: give one width per stage (4)\n"


def test_download_is_explicit_and_a_failure_is_one_line(tmp_path, monkeypatch):
    import urllib.request

    def offline(url, path):
        raise OSError("network is unreachable")

    monkeypatch.setattr(urllib.request, "urlretrieve", offline)
    out = run("download-cifar10", "--root", str(tmp_path))
    assert out.returncode == 1
    assert out.stderr == "resnet_explorer: error: network is unreachable\n"


def test_presets_and_summary_do_not_import_torch():
    """Lazy exports: the pure commands start fast (torch alone takes seconds to import)."""
    code = ("import sys, contextlib, io\nfrom resnet_explorer.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    assert main(['presets']) == 0 and main(['summary', '--preset', 'resnet50', '--json']) == 0\n"
            "print('torch' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "False"
