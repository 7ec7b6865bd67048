"""What ships with the lessons: recordings in plain JSON that a fresh computation reproduces, and
that show what the lessons say."""

from __future__ import annotations

import json

import numpy as np
import pytest

from resnet_explorer.lab.gradflow import INITS, KINDS, SWEEP_DEPTHS, cifar_config, grad_at_init
from resnet_explorer.lessons import recordings


def _recorded_gradflow() -> dict:
    rec = recordings.read_json(recordings.gradflow_path())
    if rec is None:
        pytest.skip("no gradient-flow recording")
    return rec


def test_the_gradflow_recording_is_the_lessons_sweep_in_plain_json():
    rec = _recorded_gradflow()
    assert rec["settings"] == {"depths": list(SWEEP_DEPTHS), "batch": recordings.GRADFLOW_BATCH, "seed": 0}
    assert sorted(rec["sweeps"]) == sorted(INITS)
    for init, items in rec["sweeps"].items():
        flows = recordings.flows_from_json(items)
        assert sorted((f.batchnorm, f.kind, f.depth) for f in flows) == sorted(
            (bn, k, d) for bn in (True, False) for k in KINDS for d in SWEEP_DEPTHS)
        assert all(f.init == init and len(f.stream) == (f.depth - 2) // 2 for f in flows)


def test_a_fresh_computation_reproduces_the_gradflow_recording_at_the_shallowest_depth():
    """Every regime (init, BatchNorm or not, plain / residual / zero-init) at depth 8, recomputed."""
    rec = _recorded_gradflow()
    depth = min(rec["settings"]["depths"])
    for init, items in rec["sweeps"].items():
        for want in (f for f in recordings.flows_from_json(items) if f.depth == depth):
            got = grad_at_init(cifar_config(depth, want.kind, want.batchnorm), rec["settings"]["seed"],
                               rec["settings"]["batch"], init)
            where = (init, want.kind, want.batchnorm)
            assert got.layers == want.layers and got.roles == want.roles, where
            for values in ("norms", "signal", "stream"):
                assert getattr(got, values) == pytest.approx(getattr(want, values), rel=1e-4), where


def test_the_gradflow_recording_shows_the_lessons_answer():
    """With BatchNorm a 110-layer plain net's gradient grows towards the input under either init; it
    vanishes only without normalisation under PyTorch's default init."""
    rec = _recorded_gradflow()
    flows = {(init, f.kind, f.batchnorm, f.depth): f
             for init, items in rec["sweeps"].items() for f in recordings.flows_from_json(items)}
    for init in rec["sweeps"]:
        assert flows[(init, "plain", True, 110)].ratio("stream") > 2, init
    vanished = flows[("pytorch", "plain", False, 110)].convs("stream")
    assert not vanished[0] > 0 or vanished[0] / vanished[-1] < 1e-3


@pytest.mark.parametrize("seed", recordings.RECORDED_SEEDS)
def test_recordings_show_degradation(seed):
    """He et al. 2015, Fig. 6: the deeper plain net ends with the higher training loss, and the residual
    net of that depth ends below it."""
    rec = recordings.read_json(recordings.recording_path(seed))
    if rec is None:
        pytest.skip(f"no recording for seed {seed}")
    runs = {r["name"]: r for r in rec["runs"]}
    for r in runs.values():
        k = max(1, len(r["train_loss"]) // 10)
        assert r["final_train_loss"] == pytest.approx(np.mean(r["train_loss"][-k:]))
    assert runs["plain-56"]["final_train_loss"] > runs["plain-20"]["final_train_loss"] + 0.5
    assert runs["plain-56"]["final_train_loss"] > runs["ResNet-56"]["final_train_loss"] + 0.5
    assert runs["plain-56"]["train_acc"] < runs["plain-20"]["train_acc"]


def test_recordings_are_plain_json():
    for path in recordings.WEIGHTS.glob("*.json"):
        json.loads(path.read_text())  # no NaN, nothing but JSON
