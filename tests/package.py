"""Build the project's wheel and make virtual environments, offline, for the packaging tests."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a build reads: everything else in the checkout stays out of the copy.
BUILD_INPUTS = ("pyproject.toml", "requirements.txt", "README.md", "resnet_explorer")


def quiet_pip_env(**extra: str) -> dict[str, str]:
    """The environment without pip's configured sources (files and variables), so a pip command sees
    only the sources it is given on its command line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
    return env | {"PIP_CONFIG_FILE": os.devnull, "PIP_DISABLE_PIP_VERSION_CHECK": "1"} | extra


def run(argv: list[str], timeout: float = 300, **kw) -> subprocess.CompletedProcess:
    """A command that must succeed; its output is in the failure message when it does not."""
    out = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kw)
    assert out.returncode == 0, f"{' '.join(map(str, argv))}\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}"
    return out


def source_copy(dest: Path) -> Path:
    """The build inputs copied out of the checkout: a build in place would leave build/ and *.egg-info
    behind, and setuptools would reuse build/lib, so a file deleted here could still ship."""
    dest.mkdir(parents=True)
    for name in BUILD_INPUTS:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def build_wheel(work: Path) -> Path:
    """The project's wheel, built with the setuptools installed here (no build isolation, no index)."""
    src, out = source_copy(work / "src"), work / "dist"
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", str(out), str(src)], env=quiet_pip_env())
    (wheel,) = out.glob("resnet_explorer-*.whl")
    return wheel


def venv(path: Path, system_site_packages: bool) -> Path:
    """A new virtual environment without its own pip (this interpreter's pip installs into it); returns
    its bin folder."""
    argv = [sys.executable, "-m", "venv", "--without-pip", str(path)]
    run(argv + (["--system-site-packages"] if system_site_packages else []))
    return path / ("Scripts" if os.name == "nt" else "bin")
