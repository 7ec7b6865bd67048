"""Gradient flow at initialisation: the measurements against autograd, and every claim the depth
sweep's caption makes (resnet_explorer/i18n/lab.py, lab_sweep_reading_*) against a measurement."""

from __future__ import annotations

import functools
import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from resnet_explorer import build_model
from resnet_explorer.lab import data as datasets
from resnet_explorer.lab.gradflow import cifar_config, grad_at_init
from resnet_explorer.lab.training import to_input

DEPTHS = (8, 20, 56, 110)


@functools.cache
def _flow(depth: int, kind: str, bn: bool, init: str):
    return grad_at_init(cifar_config(depth, kind, bn), init=init, batch=8)


def test_pytorch_default_init_has_a_sixth_of_kaimings_variance():
    """nn.Conv2d's default is uniform with variance 1/(3 fan_in); Kaiming's (fan_out, ReLU) 2/fan_out:
    a sixth where fan_in = fan_out (64 -> 64 channels, 3x3)."""
    torch.manual_seed(0)
    conv = nn.Conv2d(64, 64, 3, bias=False)
    default = conv.weight.detach().var().item()
    nn.init.kaiming_normal_(conv.weight, mode="fan_out", nonlinearity="relu")
    kaiming = conv.weight.detach().var().item()
    assert default / kaiming == pytest.approx(1 / 6, rel=0.03)
    assert default * 3 * 64 * 9 == pytest.approx(1, rel=0.03)


def test_measurements_match_autograd():
    """Weight-gradient norms, per-unit RMS of each layer's and each block's output gradient."""
    cfg = cifar_config(8, "residual", True)
    flow = grad_at_init(cfg, batch=4, init="kaiming")
    model = build_model(cfg, seed=0).train()
    ds = datasets.synthetic(n=4, seed=0)
    x, y = to_input(torch.from_numpy(ds.images)), torch.from_numpy(ds.labels)
    convs = [(n, m) for n, m in model.named_modules() if isinstance(m, (nn.Conv2d, nn.Linear))]
    blocks = [model.get_submodule(f"layer{s}.0") for s in (1, 2, 3)]
    outs: list[torch.Tensor] = []
    hooks = [m.register_forward_hook(lambda m, i, o: outs.append(o)) for _, m in convs]
    hooks += [b.register_forward_hook(lambda m, i, o: outs.append(o)) for b in blocks]
    loss = F.cross_entropy(model(x), y)
    for h in hooks:
        h.remove()
    grads = dict(zip(map(id, outs), torch.autograd.grad(loss, outs, retain_graph=True)))
    loss.backward()
    assert list(flow.layers) == [n for n, _ in convs]
    assert flow.norms == pytest.approx([m.weight.grad.norm().item() for _, m in convs], rel=1e-4)
    rms = [g.pow(2).mean().sqrt().item() for g in grads.values()]  # hooks fire in forward order
    assert sorted(flow.signal + flow.stream) == pytest.approx(sorted(rms), rel=1e-4)
    assert len(flow.stream) == 3


# -- the caption under PyTorch's default init -------------------------------------------------

@pytest.mark.slow  # nets of depth 56-110
def test_default_init_plain_without_bn_vanishes_to_zero():
    assert _flow(20, "plain", False, "pytorch").ratio("signal") < 1e-4
    deep = _flow(56, "plain", False, "pytorch")
    assert deep.convs("signal")[0] == 0.0 and math.isnan(deep.ratio("signal"))  # shown as "—"


@pytest.mark.slow
@pytest.mark.parametrize("depth", DEPTHS)
def test_default_init_residual_without_bn_within_a_factor_of_5(depth):
    flow = _flow(depth, "residual", False, "pytorch")
    for values in ("stream", "signal", "norms"):
        r = flow.ratio(values)
        assert 1 / 5 < r < 5, (values, r)


# -- the caption under Kaiming init ------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("depth", DEPTHS)
def test_kaiming_plain_without_bn_does_not_vanish(depth):
    flow = _flow(depth, "plain", False, "kaiming")
    assert flow.ratio("signal") > 1 / 50 and flow.ratio("stream") > 1 / 50
    assert 1 / 3 < flow.ratio("norms") < 3


@pytest.mark.slow  # nets of depth 56-110
def test_kaiming_residual_without_bn_explodes():
    flow = _flow(110, "residual", False, "kaiming")
    assert 1e8 < flow.ratio("signal") < 1e9 and 1e8 < flow.ratio("stream") < 1e9  # issue 8: ~2.8e8
    assert min(flow.norms) > 1e6 and 1 / 3 < flow.ratio("norms") < 3  # all huge, hence "level"


# -- the caption under both inits --------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("init", ["pytorch", "kaiming"])
def test_batchnorm_plain_explodes_residual_grows_far_less(init):
    plain, residual = _flow(110, "plain", True, init), _flow(110, "residual", True, init)
    shallow = _flow(20, "residual", True, init)
    for values in ("stream", "signal", "norms"):
        assert plain.ratio(values) > 1e6, values
        assert 5 < residual.ratio(values) < 120, values  # "about 5 to 110"; issue 8: 45-110 for "signal"
        assert residual.ratio(values) > shallow.ratio(values)  # it does grow with depth


@pytest.mark.slow
@pytest.mark.parametrize("init", ["pytorch", "kaiming"])
@pytest.mark.parametrize("bn", [True, False])
def test_zero_init_branches_give_the_same_ratio_at_every_depth(init, bn):
    ratios = [_flow(d, "zero_init", bn, init).ratio("stream") for d in (8, 110)]  # the extremes
    assert max(ratios) / min(ratios) < 1.25, ratios
    if bn:  # a zeroed BN weight passes no gradient into its branch: no ratio, not 0/0 or "inf"
        assert math.isnan(_flow(20, "zero_init", True, init).ratio("norms"))
