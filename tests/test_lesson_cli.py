"""`python -m resnet_explorer lesson degradation --json` and `lesion --json`: their JSON's shape is
the contract for outside checks; a bad flag is one line and status 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def test_cli_lesson_and_lesion_json(root):
    env = {**os.environ, "OMP_NUM_THREADS": "1"}  # one thread, as the test process (tests/conftest.py)

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "resnet_explorer", *args], capture_output=True,
                              text=True, cwd=root, timeout=600, env=env)

    out = cli("lesson", "degradation", "--steps", "2", "--json")
    assert out.returncode == 0, out.stderr
    runs = json.loads(out.stdout)["runs"]
    assert [(r["name"], r["depth"], r["residual"]) for r in runs] == [
        ("plain-20", 20, False), ("plain-56", 56, False), ("ResNet-20", 20, True), ("ResNet-56", 56, True)]
    for r in runs:
        assert len(r["train_loss"]) == 2 and r["final_train_loss"] == r["train_loss"][-1]
        assert 0 <= r["train_acc"] <= 1 and r["seconds"] > 0
    out = cli("lesion", "--json")
    nets = json.loads(out.stdout)["nets"]
    assert [(n["name"], n["residual"]) for n in nets] == [("ResNet-56", True), ("plain-20", False)]
    assert all({"name", "residual", "test_acc", "blocks"} <= set(n) for n in nets)
    assert all(set(b) == {"block", "downsamples", "test_acc"} for n in nets for b in n["blocks"])
    bad = cli("lesion", "--seed", "7")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "retrain" in bad.stderr
