"""Build the project's wheel and make virtual environments, offline, for the packaging tests."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import urllib.parse
import zipfile
from importlib import metadata
from pathlib import Path

from packaging.tags import sys_tags
from packaging.utils import InvalidWheelFilename, canonicalize_name, parse_wheel_filename
from packaging.version import Version

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


# -- wheels already on this machine, for the wheelhouse test -------------------------------------------

def local_sources() -> tuple[list[Path], list[str]]:
    """The folders and file:// indexes that pip is configured with here (`pip config list`: files and
    PIP_* variables); every other source (a registry on the network) is left out."""
    out = run([sys.executable, "-m", "pip", "config", "list"]).stdout
    folders: list[Path] = []
    indexes: list[str] = []
    for key, value in re.findall(r"^\S*?\.?([a-z-]+)='(.*)'$", out, flags=re.M):
        for item in value.split():
            path = Path(urllib.parse.urlparse(item).path) if item.startswith("file:") else Path(item)
            if key == "find-links" and path.is_dir() and path not in folders:
                folders.append(path)
            local_index = item.startswith("file:") and path.is_dir()
            if key.endswith("index-url") and local_index and item not in indexes:
                indexes.append(item)
    return folders, indexes


def pip_source_options(folders: list[Path], indexes: list[str]) -> list[str]:
    """pip's options for exactly these sources (no index at all when there is no local one)."""
    options = ["--index-url", indexes[0]] if indexes else ["--no-index"]
    options += [o for i in indexes[1:] for o in ("--extra-index-url", i)]
    return options + [o for f in folders for o in ("--find-links", str(f))]


def local_versions(name: str, folders: list[Path], indexes: list[str]) -> set[Version]:
    """Versions of `name` with a wheel for this interpreter in the given folders and indexes."""
    files = [p.name for f in folders for p in f.glob("*.whl")]
    for index in indexes:
        page = Path(urllib.parse.urlparse(index).path) / canonicalize_name(name) / "index.html"
        if page.is_file():
            files += re.findall(r'href="[^"#]*?([^/"#]+\.whl)', page.read_text())
    here = set(sys_tags())
    versions = set()
    for file in files:
        try:
            dist, version, _, tags = parse_wheel_filename(urllib.parse.unquote(file))
        except InvalidWheelFilename:
            continue
        if dist == canonicalize_name(name) and tags & here:
            versions.add(version)
    return versions


def stand_in(name: str, dest: Path) -> Path:
    """A wheel that holds only the installed distribution's metadata: enough for pip to resolve through
    it (its Requires-Dist are the real ones), not to run it."""
    dist = metadata.distribution(name)
    stem = f"{canonicalize_name(dist.metadata['Name']).replace('-', '_')}-{dist.version}"
    path = dest / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(f"{stem}.dist-info/METADATA", dist.read_text("METADATA"))
        z.writestr(f"{stem}.dist-info/WHEEL", "Wheel-Version: 1.0\nGenerator: stand-in\n"
                   "Root-Is-Purelib: true\nTag: py3-none-any\n")
        z.writestr(f"{stem}.dist-info/RECORD", "")
    return path
