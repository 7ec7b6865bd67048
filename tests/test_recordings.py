"""What ships with the lessons: recordings in plain JSON that a fresh computation reproduces, and
that show what the lessons say."""

from __future__ import annotations

import json

import numpy as np
import pytest

from resnet_explorer.lab.gradflow import INITS, KINDS, SWEEP_DEPTHS, cifar_config, grad_at_init
from resnet_explorer.lessons import degradation, recordings


def _recorded_gradflow() -> dict:
    rec = recordings.read_json(recordings.gradflow_path())
    if rec is None:
        pytest.skip("no gradient-flow recording")
    return rec


def test_the_gradflow_recording_is_the_lessons_sweep_in_plain_json():
    rec = _recorded_gradflow()
    assert rec["settings"] == {"depths": list(SWEEP_DEPTHS), "batch": recordings.GRADFLOW_BATCH,
                               "seeds": list(recordings.GRADFLOW_SEEDS)}
    assert len(rec["settings"]["seeds"]) >= 5 and sorted(rec["sweeps"]) == sorted(INITS)
    for init, by_seed in recordings.sweeps_of(rec).items():
        assert sorted(by_seed) == list(recordings.GRADFLOW_SEEDS)
        for flows in by_seed.values():
            assert sorted((f.batchnorm, f.kind, f.depth) for f in flows) == sorted(
                (bn, k, d) for bn in (True, False) for k in KINDS for d in SWEEP_DEPTHS)
            assert all(f.init == init and len(f.stream) == (f.depth - 2) // 2 for f in flows)


def test_a_fresh_computation_reproduces_the_gradflow_recording_at_the_shallowest_depth():
    """Every regime (init, BatchNorm or not, plain / residual / zero-init) at depth 8, recomputed for
    two of the recorded seeds."""
    rec = _recorded_gradflow()
    depth = min(rec["settings"]["depths"])
    for init, by_seed in recordings.sweeps_of(rec).items():
        for seed in rec["settings"]["seeds"][:2]:
            for want in (f for f in by_seed[seed] if f.depth == depth):
                got = grad_at_init(cifar_config(depth, want.kind, want.batchnorm), seed,
                                   rec["settings"]["batch"], init)
                where = (init, seed, want.kind, want.batchnorm)
                assert got.layers == want.layers and got.roles == want.roles, where
                for values in ("norms", "signal", "stream"):
                    assert getattr(got, values) == pytest.approx(getattr(want, values), rel=1e-4), where


@pytest.mark.parametrize("seed", recordings.RECORDED_SEEDS)
def test_degradation_recordings_are_the_lessons_runs(seed):
    """Each shipped run has the lesson's recipe and nets, every step's loss and batch accuracy, and
    its summary numbers computed from them."""
    rec = recordings.read_json(recordings.recording_path(seed))
    assert rec is not None, f"no recording for seed {seed}"
    assert rec["settings"]["train"] == vars(degradation.SETTINGS.replace(seed=seed))
    assert [(r["name"], r["depth"], r["residual"]) for r in rec["runs"]] == [
        ("plain-20", 20, False), ("plain-56", 56, False), ("ResNet-20", 20, True), ("ResNet-56", 56, True)]
    for r in rec["runs"]:
        k = max(1, len(r["train_loss"]) // 10)
        assert len(r["train_loss"]) == len(r["batch_acc"]) == degradation.SETTINGS.steps
        assert r["final_train_loss"] == pytest.approx(np.mean(r["train_loss"][-k:]))


def test_recordings_are_plain_json():
    for path in recordings.WEIGHTS.glob("*.json"):
        json.loads(path.read_text())  # no NaN, nothing but JSON
