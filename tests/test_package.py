"""The package as a user gets it: the wheel's contents, the installed `resnet-explorer` command run from
a directory outside the checkout, and the settings the app is served with."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

from resnet_explorer import serve
from resnet_explorer.cli import main

from .package import ROOT, build_wheel, quiet_pip_env, run, venv

SHIPPED_CONFIG = ROOT / "resnet_explorer" / "ui" / "script" / ".streamlit" / "config.toml"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    return build_wheel(tmp_path_factory.mktemp("wheel"))


def _requirements() -> list[str]:
    lines = (line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines())
    return [line for line in lines if line]


def test_streamlit_settings_ship_with_the_package():
    """`streamlit run app.py` in the checkout reads .streamlit/config.toml; `resnet-explorer serve` reads
    the copy beside the packaged script. After changing one: cp .streamlit/config.toml <the other>."""
    assert SHIPPED_CONFIG.read_bytes() == (ROOT / ".streamlit" / "config.toml").read_bytes()
    assert serve.SCRIPT.read_text().strip().endswith("main()")


def test_serve_rejects_a_bad_flag_in_one_line(capsys):
    for argv in (["serve", "--port", "http"], ["serve", "--port", "0"], ["serve", "--colour", "red"],
                 ["serve", "--address", "no.such.host.invalid"]):
        assert main(argv) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("resnet_explorer: error: "), err


@pytest.mark.slow
def test_the_wheel_holds_the_package_data_and_declares_the_requirements(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    weights = ROOT / "resnet_explorer" / "lessons" / "weights"
    data = [p for pattern in ("*.json", "*.npz") for p in weights.glob(pattern)]
    assert data
    for path in data + [serve.SCRIPT, SHIPPED_CONFIG, *(ROOT / "resnet_explorer/i18n").glob("*.py")]:
        assert path.relative_to(ROOT).as_posix() in names
    assert not any(n.startswith(("tests/", "deploy/", "benchmarks/")) for n in names)
    info = next(n for n in names if n.endswith(".dist-info/METADATA"))
    meta = Parser().parsestr(zipfile.ZipFile(wheel).read(info).decode())
    assert meta.get_all("Requires-Dist") == _requirements()
    entry = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "resnet-explorer = resnet_explorer.cli:main" in zipfile.ZipFile(wheel).read(entry).decode()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _health(url: str, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200 and r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"no health answer from {url} (exit status {proc.poll()})")


@pytest.mark.slow
def test_the_installed_command_counts_and_serves_from_any_directory(wheel, tmp_path):
    """A fresh virtual environment that sees the installed dependencies (so nothing downloads), the wheel
    installed alone, and the command run where no checkout is."""
    bin_ = venv(tmp_path / "venv", system_site_packages=True)
    run([str(bin_ / "python"), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)],
        env=quiet_pip_env())
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    command = str(bin_ / "resnet-explorer")
    where = run([str(bin_ / "python"), "-c", "import resnet_explorer; print(resnet_explorer.__file__)"],
                cwd=elsewhere).stdout
    assert Path(where).is_relative_to(tmp_path / "venv"), where
    out = run([command, "summary", "--preset", "resnet50", "--json"], cwd=elsewhere)
    assert json.loads(out.stdout)["params"] == 25_557_032

    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("w") as sink:
        proc = subprocess.Popen([command, "serve", "--port", str(port), "--address", "127.0.0.1"],
                                cwd=elsewhere, stdout=sink, stderr=subprocess.STDOUT)
    try:
        _health(f"http://127.0.0.1:{port}", proc)
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    text = log.read_text()
    # The shipped settings reached the server: the address it prints is the configured serverAddress
    # (Streamlit's default prints the bound address), and no usage statistics are collected.
    assert f"URL: http://localhost:{port}" in text, text
    assert "usage statistics" not in text, text
    assert "Traceback" not in text, text
