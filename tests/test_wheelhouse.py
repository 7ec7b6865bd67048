"""The offline classroom install: deploy/wheelhouse.sh fills a folder, and a fresh virtual environment
without the machine's packages resolves `resnet-explorer` from that folder alone.

Nothing downloads: the script is given the wheels that already lie on this machine (the folders and
file:// indexes pip is configured with here, tests/package.py: local_sources). Where a pin of
requirements.txt has no wheel there, the test makes a stand-in from the installed distribution's
metadata (tests/package.py: stand_in), so the resolver still walks that package's real requirements;
this is why the check is a dry run (`--dry-run --report`) and not an install. On the machine this was
written on the gaps were streamlit==1.67.0 (only 1.64.0 on disk) and torchinfo==1.8.0 (none on disk);
every other wheel, torch's CPU build and all transitive dependencies included, was real.
"""

from __future__ import annotations

import json
import shutil
import sys

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from . import package as pkg
from .package import ROOT, quiet_pip_env, run

pytestmark = pytest.mark.slow


def _requirements() -> list[Requirement]:
    lines = (line.split("#")[0].strip() for line in (ROOT / "requirements.txt").read_text().splitlines())
    return [Requirement(line) for line in lines if line]


def test_the_wheelhouse_installs_everything_with_no_registry(tmp_path):
    folders, indexes = pkg.local_sources()
    requirements = _requirements()
    torch = next(r for r in requirements if r.name == "torch")
    builds = pkg.local_versions("torch", folders, indexes)
    if not any(v.local == "cpu" and v in torch.specifier for v in builds):
        pytest.skip(f"no CPU build of {torch} among this machine's wheels ({folders + indexes})")
    gaps = tmp_path / "stand-ins"
    gaps.mkdir()
    missing = [r for r in requirements
               if not any(v in r.specifier for v in pkg.local_versions(r.name, folders, indexes))]
    for r in missing:
        pkg.stand_in(r.name, gaps)

    house = tmp_path / "wheelhouse"
    try:
        sources = pkg.pip_source_options(folders, indexes) + ["--find-links", str(gaps)]
        out = run(["bash", str(ROOT / "deploy" / "wheelhouse.sh"), str(house), *sources],
                  env=quiet_pip_env(PYTHON=sys.executable))
        assert "pip install --no-index --find-links" in out.stdout

        bin_ = pkg.venv(tmp_path / "venv", system_site_packages=False)
        report = tmp_path / "report.json"
        # This interpreter's pip, run for the new environment (--python): no pip of its own is needed.
        run([sys.executable, "-m", "pip", "--python", str(bin_ / "python"), "install", "--no-index",
             "--find-links", str(house), "--dry-run", "--ignore-installed", "--quiet", "--report",
             str(report), "resnet-explorer"], env=quiet_pip_env())
        installs = json.loads(report.read_text())["install"]
        chosen = {canonicalize_name(i["metadata"]["name"]): i for i in installs}
    finally:
        shutil.rmtree(house, ignore_errors=True)  # about 300 MB, torch's CPU build for most of it
    needed = {canonicalize_name(r.name) for r in requirements} | {"resnet-explorer"}
    assert needed <= chosen.keys(), f"not resolved: {needed - chosen.keys()} (stand-ins: {missing})"
    assert chosen["torch"]["metadata"]["version"].endswith("+cpu")
    for name, item in chosen.items():
        assert item["download_info"]["url"].startswith(house.as_uri() + "/"), name
