"""The lessons' experiments and scenes, checked against hand computations, torch's own BatchNorm, the
paper's findings (degradation, Veit et al.'s lesion result) and the shipped recordings."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from resnet_explorer.lab import lessons
from resnet_explorer.lab.lessons_bn import bn_modes, layer_responses

ROOT = Path(__file__).resolve().parent.parent


def test_lesson_nets_are_the_papers_cifar_nets_at_widths_8_16_32():
    # Hand count for ResNet-20, widths 8/16/32, 1 input channel, option B, 10 classes:
    # stem 3*3*1*8 + BN 16; stage 1: 3 x (2 x 576 + 32); stage 2: first block 1152 + 2304 + 64 +
    # projection 128 + 32, then 2 x (2 x 2304 + 64); stage 3: 4608 + 9216 + 128 + 512 + 64, then
    # 2 x (2 x 9216 + 128); fc 32*10 + 10.
    hand = 72 + 16 + 3 * 1184 + 3680 + 2 * 4672 + 14528 + 2 * 18560 + 330
    model = lessons.build_model(lessons.lesson_config(20, True))
    assert sum(p.numel() for p in model.parameters()) == hand == 68_642
    plain = lessons.build_model(lessons.lesson_config(56, False))
    convs = [m for m in plain.modules() if isinstance(m, torch.nn.Conv2d)]
    assert len(convs) + 1 == 56  # 55 convs and the fc: 6n+2 weighted layers, no projections
    with pytest.raises(ValueError, match="6n"):
        lessons.lesson_config(21, True)


def test_final_train_loss_is_the_mean_of_the_last_tenth():
    run = lessons.Run("x", 20, True, train_loss=[float(i) for i in range(1, 21)])
    assert run.final_train_loss == pytest.approx((19 + 20) / 2)
    assert lessons.Run("y", 20, True, train_loss=[3.0, 5.0]).final_train_loss == 5.0


def test_every_net_sees_the_same_batches_and_the_same_start():
    s = lessons.TrainSettings(steps=70, n_train=100, batch=64)
    order = lessons.batch_order(s)
    assert all(torch.equal(a, b) for a, b in zip(order, lessons.batch_order(s)))
    # one permutation an epoch: the first 100 indices drawn are each image exactly once
    first = torch.cat(order)[:100]
    assert sorted(first.tolist()) == list(range(100))
    a = lessons.build_model(lessons.lesson_config(20, True), seed=s.seed)
    b = lessons.build_model(lessons.lesson_config(20, True), seed=s.seed)
    assert all(torch.equal(x, y) for x, y in zip(a.state_dict().values(), b.state_dict().values()))


def test_bad_settings_give_one_clear_message():
    with pytest.raises(ValueError, match="steps"):
        lessons.TrainSettings(steps=0)
    with pytest.raises(ValueError, match="lr"):
        lessons.TrainSettings(lr=-1.0)


@pytest.mark.parametrize("seed", lessons.RECORDED_SEEDS)
def test_a_fresh_run_reproduces_the_recordings_first_steps(seed):
    path = lessons.recording_path(seed)
    if not path.is_file():
        pytest.skip(f"no recording for seed {seed}")
    rec = json.loads(path.read_text())
    settings = lessons.TrainSettings(**rec["settings"]["train"])
    short = lessons.TrainSettings(**{**lessons.asdict(settings), "steps": 3})
    data = lessons.train_images(short)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as the recording was made: another split of the sums rounds differently
    try:
        found = {run["name"]: lessons.train(lessons.lesson_config(run["depth"], run["residual"]), short,
                                            data)[1] for run in rec["runs"]}
    finally:
        torch.set_num_threads(threads)
    for run in rec["runs"]:
        losses = found[run["name"]]
        assert losses == pytest.approx(run["train_loss"][:3], abs=2e-4), run["name"]


@pytest.mark.parametrize("seed", lessons.RECORDED_SEEDS)
def test_recordings_show_degradation(seed):
    """He et al. 2015, Fig. 6: the deeper plain net ends with the higher training loss, and the residual
    net of that depth ends below it."""
    path = lessons.recording_path(seed)
    if not path.is_file():
        pytest.skip(f"no recording for seed {seed}")
    runs = {r["name"]: r for r in json.loads(path.read_text())["runs"]}
    for r in runs.values():
        k = max(1, len(r["train_loss"]) // 10)
        assert r["final_train_loss"] == pytest.approx(np.mean(r["train_loss"][-k:]))
    assert runs["plain-56"]["final_train_loss"] > runs["plain-20"]["final_train_loss"] + 0.5
    assert runs["plain-56"]["final_train_loss"] > runs["ResNet-56"]["final_train_loss"] + 0.5
    assert runs["plain-56"]["train_acc"] < runs["plain-20"]["train_acc"]


def _recorded_gradflow() -> dict:
    path = lessons.gradflow_path()
    if not path.is_file():
        pytest.skip("no gradient-flow recording")
    return json.loads(path.read_text())


def test_the_gradflow_recording_is_the_lessons_sweep_in_plain_json():
    from resnet_explorer.lab.gradflow import INITS, KINDS, SWEEP_DEPTHS

    rec = _recorded_gradflow()
    assert rec["settings"] == {"depths": list(SWEEP_DEPTHS), "batch": lessons.GRADFLOW_BATCH, "seed": 0}
    assert sorted(rec["sweeps"]) == sorted(INITS)
    for init, items in rec["sweeps"].items():
        flows = lessons.flows_from_json(items)
        assert sorted((f.batchnorm, f.kind, f.depth) for f in flows) == sorted(
            (bn, k, d) for bn in (True, False) for k in KINDS for d in SWEEP_DEPTHS)
        assert all(f.init == init and len(f.stream) == (f.depth - 2) // 2 for f in flows)


def test_a_fresh_computation_reproduces_the_gradflow_recording_at_the_shallowest_depth():
    """Every regime (init, BatchNorm or not, plain / residual / zero-init) at depth 8, recomputed."""
    from resnet_explorer.lab.gradflow import cifar_config, grad_at_init

    rec = _recorded_gradflow()
    depth = min(rec["settings"]["depths"])
    for init, items in rec["sweeps"].items():
        for want in (f for f in lessons.flows_from_json(items) if f.depth == depth):
            got = grad_at_init(cifar_config(depth, want.kind, want.batchnorm), rec["settings"]["seed"],
                               rec["settings"]["batch"], init)
            where = (init, want.kind, want.batchnorm)
            assert got.layers == want.layers and got.roles == want.roles, where
            for values in ("norms", "signal", "stream"):
                assert getattr(got, values) == pytest.approx(getattr(want, values), rel=1e-4), where


def test_the_gradflow_recording_shows_the_lessons_answer():
    """The answer the lesson reveals: with BatchNorm a 110-layer plain net's gradient grows towards the
    input under either init; it vanishes only without normalisation under PyTorch's default init."""
    rec = _recorded_gradflow()
    flows = {(init, f.kind, f.batchnorm, f.depth): f
             for init, items in rec["sweeps"].items() for f in lessons.flows_from_json(items)}
    for init in rec["sweeps"]:
        assert flows[(init, "plain", True, 110)].ratio("stream") > 2, init
    vanished = flows[("pytorch", "plain", False, 110)].convs("stream")
    assert not vanished[0] > 0 or vanished[0] / vanished[-1] < 1e-3


def test_the_gradflow_lesson_opens_on_its_recording_without_computing(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from resnet_explorer.lab import gradflow, lesson_tasks

    def refuse(*args, **kwargs):
        raise AssertionError("the lesson computed the sweep instead of showing the recording")

    _recorded_gradflow()
    for module in (gradflow, lesson_tasks):  # nothing in this (the web server's) process may compute it
        monkeypatch.setattr(module, "grad_at_init", refuse)
    monkeypatch.setattr(gradflow, "depth_sweep", refuse)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lesson"] = "gradflow"
    at.run()
    assert not at.exception
    assert any("lesson gradflow --save" in c.value for c in at.caption)
    next(b for b in at.button if b.key == "ls_btn_gradflow").click().run()
    assert not at.exception and len(at.success) == 1


def test_degradation_at_a_cheap_scale_in_one_call():
    """The whole pipeline, small: 8- and 14-layer nets, 40 steps, 512 images."""
    s = lessons.DegradationSettings(lessons.TrainSettings(steps=40, n_train=512), depths=(8, 14))
    seen: list[tuple[str, int]] = []
    runs = lessons.degradation(s, on_step=lambda name, i, loss: seen.append((name, i)))
    assert [r.name for r in runs] == ["plain-8", "plain-14", "ResNet-8", "ResNet-14"]
    assert len(seen) == 4 * 40 and all(len(r.train_loss) == 40 for r in runs)
    for r in runs:
        assert math.isfinite(r.final_train_loss) and 0 <= r.train_acc <= 1
        assert r.final_train_loss < r.train_loss[0]  # every net learned something


def _lesion_by_hand(model, x, y, block):
    """Accuracy with one block's branch removed, by forward hooks that replace the block's output."""
    spec = next(b for b in model.spec.blocks if b.name == block)
    module = model.get_submodule(block)

    def shortcut_only(m, inputs, output):
        h = inputs[0]
        for name in m.pre_names:
            h = m._modules[name](h)
        out = m.shortcut_path(h) if m.shortcut_path is not None else h
        for name in m.post_names:
            out = m._modules[name](out)
        return out

    handle = module.register_forward_hook(shortcut_only)
    try:
        with torch.no_grad():
            acc = float((model.eval()(x).argmax(1) == y).float().mean())
    finally:
        handle.remove()
    assert spec.name == block
    return acc


def test_lesion_deletes_one_block_and_restores_it():
    model = lessons.load_weights(True, 0)
    x, y = lessons.test_images(0, 300)
    out = lessons.lesion(model, x, y)
    assert out["test_acc"] == pytest.approx(float((model.eval()(x).argmax(1) == y).float().mean()))
    for b in out["blocks"]:
        assert b["test_acc"] == pytest.approx(_lesion_by_hand(model, x, y, b["block"]), abs=1e-6)
    assert lessons.accuracy(model, x, y) == pytest.approx(out["test_acc"])  # nothing left deleted
    assert [b["downsamples"] for b in out["blocks"]] == [False] * 3 + [True, False, False] * 2


def test_shipped_weights_load_without_pickle_and_match_the_net():
    for residual in (True, False):
        path = lessons.weights_path(residual, 0)
        with np.load(path, allow_pickle=False) as arrays:
            keys = set(arrays.files)
        assert keys == set(lessons.build_model(lessons.lesson_config(20, residual)).state_dict())


def test_lesion_acceptance_on_the_shipped_weights():
    """Veit et al. 2016: deleting one block hardly hurts a residual net and wrecks a plain one."""
    nets = {n["name"]: n for n in lessons.lesion_study(0)}
    assert lessons.median_drop(nets["ResNet-20"]) < 3
    assert lessons.median_drop(nets["plain-20"]) > 30
    assert [b["test_acc"] is None for b in nets["plain-20"]["blocks"]] == \
        [b["downsamples"] for b in nets["plain-20"]["blocks"]]  # a plain downsampling block stays
    # The lesson shows the shipped recording of this study: the same numbers, to the image.
    recorded = json.loads(lessons.lesion_recording_path(0).read_text())
    assert recorded["seed"] == 0 and not recorded["retrained"]
    assert recorded["nets"] == list(nets.values())


@pytest.mark.slow
def test_lesion_acceptance_after_retraining_with_another_seed():
    nets = {n["name"]: n for n in lessons.lesion_study(1, retrain=True)}
    assert lessons.median_drop(nets["ResNet-20"]) < 3
    assert lessons.median_drop(nets["plain-20"]) > 30


def test_batchnorm_modes_match_torch():
    model = lessons.load_weights(True, 0)
    x, y = lessons.test_images(0, 64)
    d = bn_modes(model, x, y)
    bn, z = model.bn1, model.conv1(x).detach()
    with torch.no_grad():
        train_out = F.batch_norm(z, None, None, bn.weight, bn.bias, training=True, eps=bn.eps)
        eval_out = F.batch_norm(z, bn.running_mean, bn.running_var, bn.weight, bn.bias, training=False,
                                eps=bn.eps)
    h, w = z.shape[2] // 2, z.shape[3] // 2
    assert d["out_train"] == pytest.approx(float(train_out[0, 0, h, w]), abs=1e-5)
    assert d["out_eval"] == pytest.approx(float(eval_out[0, 0, h, w]), abs=1e-5)
    assert d["running_mean"] == pytest.approx(bn.running_mean[:4].tolist())  # the caller's net untouched
    assert d["shift_eval"] == pytest.approx(0, abs=1e-5) and d["shift_train"] > 1e-3
    assert d["acc_eval"] > 0.9 and d["acc_train_single"] < 0.5  # one image alone cannot use batch stats


def test_layer_responses_are_the_std_of_each_blocks_last_bn():
    """Recomputed layer by layer through a plain net (conv-BN-ReLU-conv-BN, then ReLU, a block)."""
    model = lessons.load_weights(False, 0)
    x, _ = lessons.test_images(0, 64)
    got = dict(layer_responses(model, x))
    with torch.no_grad():
        h = model.relu(model.bn1(model.conv1(x)))
        for b in model.spec.blocks:
            m = model.get_submodule(b.name)
            last = m.bn2(m.conv2(m.relu1(m.bn1(m.conv1(h)))))
            assert got[b.name] == pytest.approx(float(last.std()), rel=1e-5)
            h = m.relu2(last)


def test_cli_lesson_and_lesion_json():
    # One thread, as tests/conftest.py gives this process: the JSON's shape is the claim, and two threads
    # beside a busy core made this test take 19-109 s.
    env = {**os.environ, "OMP_NUM_THREADS": "1"}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "resnet_explorer", *args], capture_output=True,
                              text=True, cwd=ROOT, timeout=600, env=env)

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
    assert [(n["name"], n["residual"]) for n in nets] == [("ResNet-20", True), ("plain-20", False)]
    assert all(set(b) == {"block", "downsamples", "test_acc"} for n in nets for b in n["blocks"])
    bad = cli("lesion", "--seed", "7")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "retrain" in bad.stderr


@pytest.mark.parametrize("lesson", ["block", "degradation", "lesion", "bottleneck", "batchnorm", "responses"])
def test_each_lesson_runs_in_the_app_and_reveals(lesson):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["lesson"] = lesson
    at.run()
    assert not at.exception
    assert not at.success  # nothing revealed before the class has answered
    next(b for b in at.button if b.key == f"ls_btn_{lesson}").click().run()
    assert not at.exception and len(at.success) == 1
    if lesson == "bottleneck":  # the paper's figures, from the anatomy
        assert "69,632" in at.success[0].value and "73,728" in at.success[0].value
