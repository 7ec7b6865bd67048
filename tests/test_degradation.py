"""The degradation lesson's experiment (He et al. 2015, Fig. 1/6) at a cheap scale, and its runs."""

from __future__ import annotations

import math

import pytest

from resnet_explorer.lessons import degradation, nets


def test_final_train_loss_is_the_mean_of_the_last_tenth():
    run = degradation.Run("x", 20, True, train_loss=[float(i) for i in range(1, 21)])
    assert run.final_train_loss == pytest.approx((19 + 20) / 2)
    assert degradation.Run("y", 20, True, train_loss=[3.0, 5.0]).final_train_loss == 5.0


def test_degradation_at_a_cheap_scale_in_one_call():
    """The whole pipeline, small: 8- and 14-layer nets, 40 steps, 512 images."""
    s = nets.recipe(steps=40, n_train=512)
    seen: list[tuple[str, int]] = []
    runs = degradation.degradation(s, (8, 14), on_step=lambda name, i, loss: seen.append((name, i)))
    assert [r.name for r in runs] == ["plain-8", "plain-14", "ResNet-8", "ResNet-14"]
    assert len(seen) == 4 * 40 and all(len(r.train_loss) == 40 for r in runs)
    for r in runs:
        assert math.isfinite(r.final_train_loss) and 0 <= r.train_acc <= 1
        assert r.final_train_loss < r.train_loss[0]  # every net learned something


def test_one_net_alone_is_the_same_as_in_the_whole_experiment():
    s = nets.recipe(steps=5, n_train=128, batch_size=16)
    whole = {r.name: r for r in degradation.degradation(s, (8,))}
    alone = degradation.train_net(8, True, s)
    assert alone.train_loss == whole["ResNet-8"].train_loss and alone.train_acc == whole["ResNet-8"].train_acc
